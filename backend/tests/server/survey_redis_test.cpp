// `exodetect survey --redis`: stars spread over two `exodetect worker` processes through a real
// redis-server, written as the same JSONL a local survey writes, resumable, a bad file reported.
#include <gtest/gtest.h>

#include <hiredis/hiredis.h>
#include <signal.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <set>
#include <sstream>

#include "process_fixture.hpp"
#include "server_fixture.hpp"
#include "store/redis_fixture.hpp"

namespace exodetect::test_support {
namespace {

using nlohmann::json;

size_t count(const std::string& text, const std::string& needle) {
  size_t n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

// The survey's lines by file, without the wall-clock timings that differ between runs.
std::map<std::string, json> rows_by_file(const std::string& path) {
  std::map<std::string, json> rows;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    json row = json::parse(line);
    row.erase("timing_ms");
    rows[row["file"].get<std::string>()] = row;
  }
  return rows;
}

void wait_for_output(const ChildProcess& p, const std::string& needle) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (p.output().find(needle) == std::string::npos &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_NE(p.output().find(needle), std::string::npos) << p.output();
}

TEST(SurveyOnRedis, TwoWorkersWriteTheLocalSurveysJsonlAndResume) {
  if (!RedisServer::available()) GTEST_SKIP() << "redis-server not installed";
  RedisServer redis;
  TempDir dir;
  const fs::path stars = fs::path(dir.path()) / "stars";
  fs::create_directories(stars);
  for (const char* name : {"tess2018206045859-s0001-0000000038846515-0120-s_lc.fits.gz",
                           "tess2018206045859-s0001-0000000149603524-0120-s_lc.fits.gz",
                           "tess2018206045859-s0001-0000000231663901-0120-s_lc.fits.gz"}) {
    fs::copy_file(data_path(std::string("lightcurves/") + name), stars / name);
  }
  fs::copy_file(data_path(kWasp126), stars / "wasp126.fits.gz");
  std::ofstream(stars / "junk.fits", std::ios::binary) << std::string(4000, '\x07');

  // An earlier, interrupted run already finished one star (and left half a line).
  const std::string out = dir.path() + "/redis.jsonl";
  const std::string skipped = (stars / "wasp126.fits.gz").string();
  const json earlier = {{"file", skipped}, {"status", "ok"}, {"candidates", json::array()}};
  std::ofstream(out) << earlier.dump() << "\n{\"file\": \"cut";

  const std::map<std::string, std::string> env = {{"REDIS_URL", redis.url()},
                                                  {"EXODETECT_DATA_DIR", dir.path() + "/worker"},
                                                  {"MODEL_PATH", shared_model_dir()},

                                                  {"WORKERS", "1"},
                                                  {"LOG_LEVEL", "info"}};
  ChildProcess a({"worker", "--name", "survey-a"}, env, dir.path() + "/a.log");
  ChildProcess b({"worker", "--name", "survey-b"}, env, dir.path() + "/b.log");
  wait_for_output(a, "worker_started");
  wait_for_output(b, "worker_started");

  // The client needs no REDIS_URL of its own: --redis names the queue.
  ChildProcess survey({"survey", stars.string(), "--redis", redis.url(), "--out", out, "--score"},
                      {{"REDIS_URL", ""}, {"MODEL_PATH", "/nonexistent"}},
                      dir.path() + "/survey.log");
  ASSERT_EQ(survey.wait(std::chrono::seconds(300)), 0) << survey.output();
  EXPECT_NE(survey.output().find("1 of 5 stars already"), std::string::npos) << survey.output();
  EXPECT_NE(survey.output().find("4/4 stars, 1 errors"), std::string::npos) << survey.output();

  // Four jobs ran, on both workers (the bad file fails on a worker and is reported).
  const size_t on_a = count(a.output(), "\"event\":\"job_finished\",\"type\":\"survey\"");
  const size_t on_b = count(b.output(), "\"event\":\"job_finished\",\"type\":\"survey\"");
  EXPECT_EQ(on_a + on_b, 4u) << a.output() << b.output();
  EXPECT_GE(on_a, 1u) << a.output();
  EXPECT_GE(on_b, 1u) << b.output();

  auto rows = rows_by_file(out);
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[skipped], earlier);  // kept, not searched again
  const json& junk = rows[(stars / "junk.fits").string()];
  EXPECT_EQ(junk["status"], "error");
  EXPECT_NE(junk["error"].get<std::string>().find("junk.fits"), std::string::npos) << junk;

  // The same stars searched locally give the same lines (scored with the same model).
  fs::remove(stars / "wasp126.fits.gz");
  const std::string local_out = dir.path() + "/local.jsonl";
  ChildProcess local({"survey", stars.string(), "--jobs", "2", "--out", local_out, "--score"},
                     {{"MODEL_PATH", shared_model_dir()}}, dir.path() + "/local.log");
  ASSERT_EQ(local.wait(std::chrono::seconds(300)), 0) << local.output();
  auto local_rows = rows_by_file(local_out);
  ASSERT_EQ(local_rows.size(), 4u);
  size_t planets = 0;
  for (const auto& [file, row] : local_rows) {
    ASSERT_TRUE(rows.count(file)) << file;
    EXPECT_EQ(rows[file], row) << file;
    if (file.find("junk") == std::string::npos) {
      EXPECT_EQ(row["status"], "ok") << row;
    }
    if (row["status"] == "ok" && !row["candidates"].empty()) {
      ++planets;
      EXPECT_TRUE(row["candidates"][0].contains("planet_probability")) << row.dump(1);
      EXPECT_FALSE(row["candidates"][0]["explanation"].empty()) << row.dump(1);
    }
  }
  EXPECT_GE(planets, 2u);

  // Everything finished: a rerun submits nothing.
  ChildProcess again({"survey", stars.string(), "--redis", redis.url(), "--out", out},
                     {{"REDIS_URL", ""}}, dir.path() + "/again.log");
  ASSERT_EQ(again.wait(std::chrono::seconds(60)), 0) << again.output();
  EXPECT_NE(again.output().find("4 of 4 stars already"), std::string::npos) << again.output();
}

// Survey jobs claimed by a worker and not finished (the stream's pending entries).
long long pending_survey_jobs(const RedisServer& redis) {
  timeval tv{2, 0};
  redisContext* c = redisConnectWithTimeout("127.0.0.1", redis.port(), tv);
  long long n = -1;
  if (c && !c->err) {
    auto* r = static_cast<redisReply*>(
        redisCommand(c, "XPENDING %s %s", "exodetect:stream:survey", "workers"));
    if (r && r->type == REDIS_REPLY_ARRAY && r->elements >= 1 &&
        r->element[0]->type == REDIS_REPLY_INTEGER) {
      n = r->element[0]->integer;
    }
    if (r) freeReplyObject(r);
  }
  if (c) redisFree(c);
  return n;
}

TEST(SurveyOnRedis, AWorkerKilledMidStarLosesNothing) {
  if (!RedisServer::available()) GTEST_SKIP() << "redis-server not installed";
  RedisServer redis;
  TempDir dir;
  const fs::path stars = fs::path(dir.path()) / "stars";
  fs::create_directories(stars);
  const std::string source =
      data_path("lightcurves/tess2018206045859-s0001-0000000231663901-0120-s_lc.fits.gz");
  constexpr size_t kStars = 8;
  for (size_t i = 0; i < kStars; ++i) {
    fs::create_symlink(source, stars / ("star" + std::to_string(i) + ".fits.gz"));
  }
  // A dead worker's star is claimed again after a second without its heartbeat.
  const std::map<std::string, std::string> env = {{"REDIS_URL", redis.url()},
                                                  {"EXODETECT_DATA_DIR", dir.path() + "/worker"},
                                                  {"EXODETECT_JOB_CLAIM_IDLE_S", "1"},
                                                  {"WORKERS", "1"},
                                                  {"LOG_LEVEL", "info"}};
  auto a = std::make_unique<ChildProcess>(std::vector<std::string>{"worker", "--name", "doomed"},
                                          env, dir.path() + "/a.log");
  wait_for_output(*a, "worker_started");
  const std::string out = dir.path() + "/out.jsonl";
  ChildProcess survey({"survey", stars.string(), "--redis", redis.url(), "--out", out},
                      {{"REDIS_URL", ""}}, dir.path() + "/survey.log");

  // Killed while it holds a star: after its first star, at a moment a claim is pending.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  auto lines = [&] {
    std::ifstream in(out);
    return count(std::string(std::istreambuf_iterator<char>(in), {}), "\n");
  };
  while (std::chrono::steady_clock::now() < deadline &&
         (lines() < 1 || pending_survey_jobs(redis) < 1)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  a->signal(SIGKILL);
  a.reset();
  ASSERT_GE(pending_survey_jobs(redis), 1) << "the worker died holding no star";
  ASSERT_LT(lines(), kStars);

  ChildProcess b({"worker", "--name", "survivor"}, env, dir.path() + "/b.log");
  ASSERT_EQ(survey.wait(std::chrono::seconds(300)), 0) << survey.output();
  EXPECT_NE(survey.output().find("8/8 stars, 0 errors"), std::string::npos) << survey.output();
  std::ifstream in(out);
  std::map<std::string, int> seen;
  std::string line;
  while (std::getline(in, line)) {
    json row = json::parse(line);
    EXPECT_EQ(row["status"], "ok") << row.dump();
    ++seen[row["file"].get<std::string>()];
  }
  ASSERT_EQ(seen.size(), kStars);
  for (const auto& [file, times] : seen) EXPECT_EQ(times, 1) << file;
  // Every star was searched to the end once: the dead worker's last one by the survivor.
  std::ifstream a_log(dir.path() + "/a.log");
  const std::string a_output{std::istreambuf_iterator<char>(a_log), {}};
  const std::string finished = "\"event\":\"job_finished\",\"type\":\"survey\"";
  EXPECT_EQ(count(a_output, finished) + count(b.output(), finished), kStars)
      << a_output << b.output();
}

TEST(SurveyOnRedis, StarsReadByPathFromASharedFolderNeverFromOutsideIt) {
  if (!RedisServer::available()) GTEST_SKIP() << "redis-server not installed";
  RedisServer redis;
  TempDir dir;
  const fs::path shared = fs::path(dir.path()) / "shared";
  fs::create_directories(shared / "sector1");
  const std::string tess = "tess2018206045859-s0001-0000000231663901-0120-s_lc.fits.gz";
  fs::copy_file(data_path("lightcurves/" + std::string(tess)), shared / "sector1" / tess);
  // A link inside the folder to a file outside it, and a star outside the folder altogether.
  const fs::path outside = fs::path(dir.path()) / "private.fits.gz";
  fs::copy_file(data_path(kWasp126), outside);
  fs::create_symlink(outside, shared / "sector1" / "escape.fits.gz");
  const std::string list = dir.path() + "/stars.txt";
  std::ofstream(list) << (shared / "sector1" / tess).string() << "\n"
                      << (shared / "sector1" / "escape.fits.gz").string() << "\n"
                      << outside.string() << "\n";
  // The workers mount the same folder under another name.
  const fs::path mount = fs::path(dir.path()) / "mnt";
  fs::create_directory_symlink(shared, mount);
  ChildProcess worker({"worker", "--name", "reader"},
                      {{"REDIS_URL", redis.url()},
                       {"EXODETECT_DATA_DIR", dir.path() + "/worker"},
                       {"EXODETECT_SURVEY_DIR", mount.string()},
                       {"WORKERS", "1"}},
                      dir.path() + "/worker.log");
  wait_for_output(worker, "worker_started");

  const std::string out = dir.path() + "/out.jsonl";
  ChildProcess survey(
      {"survey", list, "--redis", redis.url(), "--shared-dir", shared.string(), "--out", out},
      {{"REDIS_URL", ""}}, dir.path() + "/survey.log");
  ASSERT_EQ(survey.wait(std::chrono::seconds(300)), 0) << survey.output();
  auto rows = rows_by_file(out);
  ASSERT_EQ(rows.size(), 3u);
  const json& star = rows[(shared / "sector1" / tess).string()];
  EXPECT_EQ(star["status"], "ok") << star;
  ASSERT_FALSE(star["candidates"].empty()) << star;
  EXPECT_NEAR(star["candidates"][0]["period"].get<double>(), 1.4304, 1e-3) << star;
  const json& escape = rows[(shared / "sector1" / "escape.fits.gz").string()];
  EXPECT_EQ(escape["status"], "error");
  EXPECT_NE(escape["error"].get<std::string>().find("leads outside the shared folder"),
            std::string::npos)
      << escape;
  const json& away = rows[outside.string()];
  EXPECT_EQ(away["status"], "error");
  EXPECT_NE(away["error"].get<std::string>().find("is not inside --shared-dir"), std::string::npos)
      << away;
  // The star and the link reached the worker (which refused the link); the star outside the
  // folder never left the client.
  EXPECT_EQ(count(worker.output(), "\"event\":\"job_finished\",\"type\":\"survey\""), 2u)
      << worker.output();
  ChildProcess no_mount({"survey", list, "--shared-dir", shared.string()}, {},
                        dir.path() + "/local.log");
  EXPECT_EQ(no_mount.wait(std::chrono::seconds(30)), 2) << no_mount.output();
  EXPECT_NE(no_mount.output().find("--shared-dir applies only with --redis"), std::string::npos)
      << no_mount.output();
}

TEST(SurveyOnRedis, RefusesALocalModelAndAnUnreachableQueueClearly) {
  TempDir dir;
  ChildProcess model({"survey", data_path("lightcurves"), "--redis", "redis://127.0.0.1:1",
                      "--score", "--model", "x.exomodel"},
                     {}, dir.path() + "/model.log");
  EXPECT_EQ(model.wait(std::chrono::seconds(30)), 2) << model.output();  // a usage error
  EXPECT_NE(model.output().find("--model does not apply with --redis"), std::string::npos)
      << model.output();
  ChildProcess down({"survey", data_path("lightcurves"), "--redis", "redis://127.0.0.1:1", "--out",
                     dir.path() + "/out.jsonl"},
                    {}, dir.path() + "/down.log");
  const int rc = down.wait(std::chrono::seconds(60));
  EXPECT_NE(rc, 0) << down.output();
  EXPECT_NE(rc, -2) << "crashed: " << down.output();
  EXPECT_NE(down.output().find("exodetect: "), std::string::npos) << down.output();
}

}  // namespace
}  // namespace exodetect::test_support
