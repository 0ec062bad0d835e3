// An embedded-store server restarted on the same data dir: finished results stay.
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "server_fixture.hpp"

namespace exodetect::test_support {

using common::read_file_bytes;

namespace {

TEST(ApiRestart, EmbeddedRestartKeepsFinishedResults) {
  TempDir dir;
  const std::string bytes = read_file_bytes(data_path(kWasp126));
  std::string id;
  {
    LoopbackServer server(test_config(dir.path()));
    auto c = server.client();
    auto res =
        submit_search(*c, {{"wasp126.fits", bytes}}, {{"period_min", "2"}, {"period_max", "5"}});
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 202) << res->body;
    id = parse(res->body)["id"];
    ASSERT_EQ(wait_for_job(*c, "/api/v1/searches/" + id)["status"], "done");
  }
  LoopbackServer restarted(test_config(dir.path()));
  auto c = restarted.client();
  auto job = parse(c->Get(("/api/v1/searches/" + id).c_str())->body);
  EXPECT_EQ(job["status"], "done");
  EXPECT_FALSE(job["result"]["candidates"].empty());
  EXPECT_EQ(c->Get(("/api/v1/searches/" + id + "/plot-data?points=2000").c_str())->status, 200);

  // A lookup reads the job's state only; its result is parsed once, into the result cache. So a
  // stored result that no longer parses does not stop lookups answering: they never read it.
  std::ofstream(std::filesystem::path(dir.path()) / "jobs" / id / "result.json") << "{not json";
  EXPECT_EQ(c->Get(("/api/v1/searches/" + id + "/plot-data?points=2000").c_str())->status, 200);
  EXPECT_EQ(c->Get(("/api/v1/searches/" + id).c_str())->status, 200);
}

}  // namespace
}  // namespace exodetect::test_support
