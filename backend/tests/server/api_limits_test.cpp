// The rate limit and the queue's depth limit, each on a server of its own configured for it.
#include <gtest/gtest.h>

#include "server_fixture.hpp"

namespace exodetect::test_support {

using common::read_file_bytes;

namespace {

using nlohmann::json;

TEST(ApiLimits, RateLimitAnswers429WithRetryAfter) {
  TempDir dir;
  auto config = test_config(dir.path());
  config.rate_per_minute = 1;
  config.rate_burst = 2;
  LoopbackServer server(config, false);
  auto c = server.client();
  const std::string body = json{{"rows", json::array({json{{"koi_period", 3.0}}})}}.dump();
  std::vector<int> statuses;
  for (int i = 0; i < 3; ++i)
    statuses.push_back(c->Post("/api/v1/predict", body, "application/json")->status);
  EXPECT_EQ(statuses[0], 200);
  EXPECT_EQ(statuses[1], 200);
  auto res = c->Post("/api/v1/predict", body, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 429);
  EXPECT_EQ(parse(res->body)["error"]["code"], "rate_limited");
  EXPECT_GT(std::stoi(res->get_header_value("Retry-After")), 0);
  // Unlimited routes still answer.
  EXPECT_EQ(c->Get("/health")->status, 200);
}

TEST(ApiLimits, FullQueueAnswers429WithRetryAfter) {
  TempDir dir;
  auto config = test_config(dir.path());
  config.store.max_queue_depth = 1;
  LoopbackServer server(config, /*run_workers=*/false);  // nothing drains the queue
  auto c = server.client();
  const std::string bytes = read_file_bytes(data_path(kWasp126));
  auto first = submit_search(*c, {{"a.fits", bytes}}, {{"period_min", "1"}});
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 202) << first->body;
  auto second = submit_search(*c, {{"a.fits", bytes}}, {{"period_min", "2"}});
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 429) << second->body;
  EXPECT_EQ(parse(second->body)["error"]["code"], "queue_full");
  EXPECT_TRUE(second->has_header("Retry-After"));
  auto health = parse(c->Get("/health")->body);
  EXPECT_EQ(health["queue"]["depth"], 1);
}

}  // namespace
}  // namespace exodetect::test_support
