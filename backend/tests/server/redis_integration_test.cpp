// The API on a real redis-server: jobs across two `exodetect worker` processes, a worker killed
// mid-job, Redis outages, API restarts; plus the serve/worker/healthcheck commands as processes.
#include <signal.h>

#include <regex>
#include <thread>

#include <gtest/gtest.h>

#include "process_fixture.hpp"
#include "server_fixture.hpp"
#include "store/redis_fixture.hpp"

namespace exodetect::test_support {

using common::read_file_bytes;

namespace {

using nlohmann::json;

std::map<std::string, std::string> worker_env(const std::string& redis_url,
                                              const std::string& data_dir) {
  return {{"REDIS_URL", redis_url},
          {"EXODETECT_DATA_DIR", data_dir},
          {"MODEL_PATH", shared_model_dir()},
          {"EXODETECT_JOB_CLAIM_IDLE_S", "2"},
          {"WORKERS", "1"},
          {"LOG_LEVEL", "info"}};
}

size_t count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// Polls until `predicate(job)` holds for the job at `url` or the timeout passes.
json wait_until(httplib::Client& c, const std::string& url,
                const std::function<bool(const json&)>& predicate, std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  json last;
  while (std::chrono::steady_clock::now() < deadline) {
    auto res = c.Get(url.c_str());
    if (res && res->status == 200) {
      last = parse(res->body);
      if (predicate(last)) return last;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return last;
}

class RedisIntegration : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!RedisServer::available()) GTEST_SKIP() << "redis-server not installed";
    redis_ = std::make_unique<RedisServer>();
  }
  server::ServerConfig redis_config() {
    auto config = test_config(dir_.path());
    config.store.redis_url = redis_->url();
    config.store.job_claim_idle = std::chrono::seconds(2);
    return config;
  }
  TempDir dir_;
  std::unique_ptr<RedisServer> redis_;
};

TEST_F(RedisIntegration, TwoWorkerProcessesShareJobsAndFinishAKilledWorkersJob) {
  LoopbackServer api(redis_config(), /*run_workers=*/false);
  auto c = api.client();
  const std::string bytes = read_file_bytes(data_path(kWasp126));
  const auto env = worker_env(redis_->url(), dir_.path());

  auto a = std::make_unique<ChildProcess>(std::vector<std::string>{"worker", "--name", "worker-a"},
                                          env, dir_.path() + "/worker-a.log");
  // A full-range search: long enough to be caught running.
  auto res = submit_search(*c, {{"wasp126.fits", bytes}}, {{"period_min", "0.5"}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 202) << res->body;
  const std::string first = parse(res->body)["id"];
  auto running = wait_until(
      *c, "/api/v1/searches/" + first, [](const json& j) { return j["status"] != "queued"; },
      std::chrono::seconds(60));
  ASSERT_EQ(running["status"], "running") << running.dump().substr(0, 300) << a->output();

  ChildProcess b({"worker", "--name", "worker-b"}, env, dir_.path() + "/worker-b.log");
  a->kill_now();  // mid-job: its stream entry stays pending until B reclaims it
  auto done = wait_for_job(*c, "/api/v1/searches/" + first, {}, std::chrono::seconds(120));
  ASSERT_EQ(done["status"], "done") << done.dump().substr(0, 300);
  EXPECT_NEAR(done["result"]["candidates"][0]["period"].get<double>(), 3.2888, 0.01);
  EXPECT_EQ(count(b.output(), "\"event\":\"job_finished\""), 1u) << b.output();

  // Several jobs with two live workers: both take some, once both are reading the queue (a
  // worker that is still starting when the jobs arrive leaves them all to the other).
  ChildProcess a2({"worker", "--name", "worker-a2"}, env, dir_.path() + "/worker-a2.log");
  const auto started = std::chrono::steady_clock::now();
  while (count(a2.output(), "\"event\":\"worker_started\"") == 0 &&
         std::chrono::steady_clock::now() - started < std::chrono::seconds(60)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_EQ(count(a2.output(), "\"event\":\"worker_started\""), 1u) << a2.output();
  std::vector<std::string> ids;
  for (int i = 0; i < 4; ++i) {
    auto r = submit_search(*c, {{"wasp126.fits", bytes}},
                           {{"period_min", std::to_string(1.0 + 0.1 * i)}, {"period_max", "6"}});
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 202) << r->body;
    ids.push_back(parse(r->body)["id"]);
  }
  for (const auto& id : ids) {
    EXPECT_EQ(wait_for_job(*c, "/api/v1/searches/" + id, {}, std::chrono::seconds(120))["status"],
              "done");
  }
  EXPECT_GE(count(a2.output(), "\"event\":\"job_finished\""), 1u) << a2.output();
  EXPECT_GE(count(b.output(), "\"event\":\"job_finished\""), 2u) << b.output();
}

TEST_F(RedisIntegration, RedisOutageDegradesHealthThenRecovers) {
  LoopbackServer api(redis_config(), /*run_workers=*/true);
  auto c = api.client();
  EXPECT_EQ(parse(c->Get("/health")->body)["status"], "ok");
  const std::string predict =
      json{{"rows", json::array({json{{"koi_period", 3.5}, {"koi_depth", 800}}})}}.dump();

  redis_->stop();
  auto health = c->Get("/health");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  auto h = parse(health->body);
  EXPECT_EQ(h["status"], "degraded");
  EXPECT_FALSE(h["queue"]["reachable"].get<bool>());
  // Predictions do not need Redis: a cache or rate-limit failure never fails a request.
  auto p = c->Post("/api/v1/predict", predict, "application/json");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->status, 200) << p->body;
  auto s = submit_search(*c, {{"wasp126.fits", read_file_bytes(data_path(kWasp126))}},
                         {{"period_min", "2"}});
  ASSERT_TRUE(s);
  EXPECT_EQ(s->status, 503) << s->body;
  EXPECT_TRUE(s->has_header("Retry-After"));

  redis_->start();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  std::string status;
  while (std::chrono::steady_clock::now() < deadline && status != "ok") {
    status = parse(c->Get("/health")->body)["status"];
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(status, "ok");
  s = submit_search(*c, {{"wasp126.fits", read_file_bytes(data_path(kWasp126))}},
                    {{"period_min", "2"}, {"period_max", "5"}});
  ASSERT_TRUE(s);
  ASSERT_EQ(s->status, 202) << s->body;
  EXPECT_EQ(
      wait_for_job(*c, "/api/v1/searches/" + parse(s->body)["id"].get<std::string>())["status"],
      "done");
}

TEST_F(RedisIntegration, ApiRestartKeepsFinishedResults) {
  std::string id;
  {
    LoopbackServer api(redis_config(), /*run_workers=*/true);
    auto c = api.client();
    auto s = submit_search(*c, {{"wasp126.fits", read_file_bytes(data_path(kWasp126))}},
                           {{"period_min", "2"}, {"period_max", "5"}});
    ASSERT_TRUE(s);
    ASSERT_EQ(s->status, 202) << s->body;
    id = parse(s->body)["id"];
    ASSERT_EQ(wait_for_job(*c, "/api/v1/searches/" + id)["status"], "done");
  }
  LoopbackServer again(redis_config(), /*run_workers=*/false);
  auto c = again.client();
  auto job = parse(c->Get(("/api/v1/searches/" + id).c_str())->body);
  EXPECT_EQ(job["status"], "done");
  EXPECT_FALSE(job["result"]["candidates"].empty());
  EXPECT_EQ(c->Get(("/api/v1/searches/" + id + "/plot-data").c_str())->status, 200);
  EXPECT_EQ(parse(c->Get("/health")->body)["queue"]["backend"], "redis");
}

TEST(Commands, ServeAnswersHealthcheckAndStopsOnSigterm) {
  TempDir dir;
  // Port 0: the kernel picks a free one, and the "listening" log line says which.
  ChildProcess serve({"serve", "--host", "127.0.0.1", "--port", "0"},
                     {{"EXODETECT_DATA_DIR", dir.path()},
                      {"MODEL_PATH", shared_model_dir()},
                      {"LOG_LEVEL", "info"},
                      {"WORKERS", "1"}},
                     dir.path() + "/serve.log");
  int port = 0;
  static const std::regex kListening(R"("event":"listening".*"port":(\d+))");
  for (int i = 0; i < 300 && port == 0; ++i) {
    std::smatch m;
    const std::string log = serve.output();
    if (std::regex_search(log, m, kListening))
      port = std::stoi(m[1].str());
    else
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_GT(port, 0) << serve.output();
  const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/health";
  int rc = 1;
  for (int i = 0; i < 50 && rc != 0; ++i) {
    ChildProcess check({"healthcheck", "--url", url, "--timeout", "2"}, {},
                       dir.path() + "/check.log");
    rc = check.wait(std::chrono::seconds(10));
    if (rc != 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(rc, 0) << serve.output();
  // Logs are one JSON object per line, with request ids.
  {
    httplib::Client c("127.0.0.1", port);
    c.Get("/health", {{"X-Request-Id", "trace-me-42"}});
  }
  serve.signal(SIGTERM);
  EXPECT_EQ(serve.wait(std::chrono::seconds(15)), 0) << serve.output();
  const std::string log = serve.output();
  EXPECT_NE(log.find("\"request_id\":\"trace-me-42\""), std::string::npos) << log;
  std::istringstream lines(log);
  std::string line;
  size_t json_lines = 0;
  while (std::getline(lines, line)) {
    if (line.empty()) continue;
    EXPECT_FALSE(json::parse(line, nullptr, false).is_discarded()) << line;
    ++json_lines;
  }
  EXPECT_GE(json_lines, 3u);

  ChildProcess down({"healthcheck", "--url", url, "--timeout", "2"}, {}, dir.path() + "/down.log");
  EXPECT_EQ(down.wait(std::chrono::seconds(10)), 1);
}

TEST(Commands, WorkerWithoutRedisExplainsAndFails) {
  TempDir dir;
  ChildProcess worker({"worker"},
                      {{"REDIS_URL", ""}, {"REDIS_HOST", ""}, {"EXODETECT_DATA_DIR", dir.path()}},
                      dir.path() + "/worker.log");
  EXPECT_EQ(worker.wait(std::chrono::seconds(10)), 2);
  EXPECT_NE(worker.output().find("needs Redis"), std::string::npos) << worker.output();
  ChildProcess prod({"serve", "--port", "0"},
                    {{"EXODETECT_ENV", "production"},
                     {"EXODETECT_JWT_SECRET", ""},
                     {"EXODETECT_DATA_DIR", dir.path()}},
                    dir.path() + "/prod.log");
  EXPECT_EQ(prod.wait(std::chrono::seconds(10)), 2);
  EXPECT_NE(prod.output().find("EXODETECT_JWT_SECRET"), std::string::npos) << prod.output();
}

}  // namespace
}  // namespace exodetect::test_support
