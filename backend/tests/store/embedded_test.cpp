#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "exodetect/store/backends.hpp"
#include "exodetect/store/worker_pool.hpp"
#include "store_fixture.hpp"

namespace exodetect::store {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using test_data::embedded_config;
using test_data::TempDir;

TEST(JobIds, AcceptsOnlyLowercaseHexOf32Chars) {
  EXPECT_TRUE(valid_job_id("0123456789abcdef0123456789abcdef"));
  for (const std::string& bad : std::vector<std::string>{
           "", "0123456789abcdef0123456789abcde", "0123456789abcdef0123456789abcdef0",
           "0123456789ABCDEF0123456789ABCDEF", "../../../../etc/passwd", "..%2f..%2fusers.db",
           "0123456789abcdef0123456789abcd/.", "0123456789abcdef0123456789abcdeg",
           std::string("0123456789abcdef0123456789abcde\0", 32)}) {
    EXPECT_FALSE(valid_job_id(bad)) << bad;
  }
}

TEST(EmbeddedQueue, RejectsPathLikeIdsBeforeTouchingTheDisk) {
  TempDir dir;
  fs::create_directories(dir.path() / "secret");
  std::ofstream(dir.path() / "secret" / "job.json") << R"({"id":"x"})";
  auto jobs = make_backends(embedded_config(dir), 60, 10).jobs;
  EXPECT_FALSE(jobs->get("../secret").has_value());
  EXPECT_FALSE(jobs->get("../jobs/../secret").has_value());
  EXPECT_THROW(jobs->blobs("../secret"), std::invalid_argument);
  EXPECT_FALSE(jobs->get("0123456789abcdef0123456789abcdef").has_value());  // well formed, unknown
  // A bad type is the caller's bug; text that is not UTF-8 is the submitter's input, which the
  // API answers with a 400 (store::InvalidJobParams), the other with a 500.
  bool caller_bug = false;
  try {
    jobs->submit("../x", {}, {});  // types become paths
  } catch (const InvalidJobParams&) {
  } catch (const std::invalid_argument&) {
    caller_bug = true;
  }
  EXPECT_TRUE(caller_bug);
  EXPECT_THROW(jobs->submit("search", {{"name", "\xff\xfe"}}, {}), InvalidJobParams);
  // No more inputs than a worker reads back.
  EXPECT_THROW(jobs->submit("search", {}, std::vector<std::string>(kMaxJobInputs + 1, "x")),
               std::invalid_argument);
  EXPECT_EQ(jobs->depth(), 0u);
}

TEST(EmbeddedQueue, LookupsLeaveAFinishedJobsResultUnread) {
  TempDir dir;
  auto jobs = make_backends(embedded_config(dir), 60, 10).jobs;
  const auto id = jobs->submit("search", {}, {"time,flux\n1,2\n"});
  ASSERT_TRUE(jobs->claim("w", {"search"}, 0ms));
  jobs->complete(id, {{"candidates", {1, 2}}});
  EXPECT_EQ(jobs->get(id)->result["candidates"].size(), 2u);
  // A result that cannot be parsed: state() still answers, since it never reads the result.
  std::ofstream(fs::path(dir.path()) / "jobs" / id / "result.json") << "{not json";
  const auto state = jobs->state(id);
  ASSERT_TRUE(state);
  EXPECT_EQ(state->status, JobStatus::kDone);
  EXPECT_TRUE(state->result.is_null());
  EXPECT_ANY_THROW(jobs->get(id)) << "the corrupted result is what get() would parse";
  EXPECT_FALSE(jobs->state("../jobs/../secret"));
}

TEST(EmbeddedQueue, SubmitClaimCompleteAndFail) {
  TempDir dir;
  auto jobs = make_backends(embedded_config(dir), 60, 10).jobs;
  EXPECT_EQ(jobs->backend(), "embedded");
  EXPECT_TRUE(jobs->healthy());
  const std::string binary("\x1f\x8b\0\xff junk", 9);  // gzip magic: stored untouched
  const auto a = jobs->submit("search", {{"period_min", 0.5}}, {"time,flux\n1,2\n", binary});
  const auto b = jobs->submit("search", {}, {});
  EXPECT_TRUE(valid_job_id(a));
  EXPECT_NE(a, b);
  EXPECT_EQ(jobs->depth(), 2u);
  EXPECT_EQ(jobs->get(a)->status, JobStatus::kQueued);

  auto claimed = jobs->claim("w", {"search"}, 0ms);
  ASSERT_TRUE(claimed);
  EXPECT_EQ(claimed->id, a);  // oldest first
  EXPECT_EQ(claimed->status, JobStatus::kRunning);
  EXPECT_EQ(claimed->params["period_min"], 0.5);
  EXPECT_EQ(jobs->blobs(a), (std::vector<std::string>{"time,flux\n1,2\n", binary}));
  jobs->progress(a, std::nan(""), "searching");
  EXPECT_DOUBLE_EQ(jobs->get(a)->progress, 0.0);
  jobs->progress(a, 0.5, "searching");
  EXPECT_DOUBLE_EQ(jobs->get(a)->progress, 0.5);
  EXPECT_EQ(jobs->get(a)->stage, "searching");
  jobs->complete(a, {{"candidates", {1, 2}}});
  auto done = jobs->get(a);
  EXPECT_EQ(done->status, JobStatus::kDone);
  EXPECT_EQ(done->result["candidates"].size(), 2u);
  EXPECT_DOUBLE_EQ(done->progress, 1.0);
  jobs->complete(a, {{"candidates", {}}});  // a late duplicate does not overwrite
  jobs->fail(a, "internal", "late");
  EXPECT_EQ(jobs->get(a)->result["candidates"].size(), 2u);
  EXPECT_EQ(jobs->get(a)->status, JobStatus::kDone);

  ASSERT_TRUE(jobs->claim("w", {"search"}, 0ms));
  jobs->fail(b, "bad_input", "three points");
  auto failed = jobs->get(b);
  EXPECT_EQ(failed->status, JobStatus::kFailed);
  EXPECT_EQ(failed->error_code, "bad_input");
  EXPECT_EQ(failed->error_message, "three points");
  EXPECT_TRUE(failed->result.is_null());
  EXPECT_EQ(jobs->depth(), 0u);

  const auto listed = jobs->list("search", 10);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(jobs->list("train", 10).size(), 0u);
  EXPECT_EQ(jobs->list("", 1).size(), 1u);
}

TEST(EmbeddedQueue, ClaimWaitsForMatchingTypesOnly) {
  TempDir dir;
  auto jobs = make_backends(embedded_config(dir), 60, 10).jobs;
  jobs->submit("train", {}, {});
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_FALSE(jobs->claim("w", {"search"}, 100ms));
  EXPECT_GE(std::chrono::steady_clock::now() - t0, 90ms);

  std::string submitted;
  std::thread producer([&] {
    std::this_thread::sleep_for(50ms);
    submitted = jobs->submit("search", {}, {});
  });
  auto job = jobs->claim("w", {"search"}, 5000ms);  // woken by the submit, not the timeout
  producer.join();
  ASSERT_TRUE(job);
  EXPECT_EQ(job->id, submitted);
  EXPECT_EQ(job->type, "search");
}

TEST(EmbeddedQueue, BoundedQueueThrowsQueueFull) {
  TempDir dir;
  StoreConfig config = embedded_config(dir);
  config.max_queue_depth = 2;
  auto jobs = make_backends(config, 60, 10).jobs;
  jobs->submit("search", {}, {});
  const auto second = jobs->submit("search", {}, {});
  EXPECT_THROW(jobs->submit("search", {}, {"x"}), QueueFull);
  auto running = jobs->claim("w", {"search"}, 0ms);
  EXPECT_THROW(jobs->submit("search", {}, {}), QueueFull);  // running jobs count too
  jobs->complete(running->id, nlohmann::json::object());
  EXPECT_NO_THROW(jobs->submit("search", {}, {}));
  EXPECT_EQ(jobs->depth(), 2u);
  EXPECT_TRUE(jobs->get(second));
}

TEST(EmbeddedQueue, RestartKeepsFinishedJobsAndRequeuesUnfinishedOnes) {
  TempDir dir;
  std::string done_id, failed_id, running_id, queued_id;
  {
    auto jobs = make_backends(embedded_config(dir), 60, 10).jobs;
    done_id = jobs->submit("search", {{"n", 1}}, {"blob-a"});
    failed_id = jobs->submit("search", {{"n", 2}}, {});
    running_id = jobs->submit("search", {{"n", 3}}, {"blob-c1", "blob-c2"});
    queued_id = jobs->submit("train", {{"n", 4}}, {});
    ASSERT_EQ(jobs->claim("w", {"search"}, 0ms)->id, done_id);
    jobs->complete(done_id, {{"period", 3.5}});
    ASSERT_EQ(jobs->claim("w", {"search"}, 0ms)->id, failed_id);
    jobs->fail(failed_id, "internal", "boom");
    ASSERT_EQ(jobs->claim("w", {"search"}, 0ms)->id, running_id);
    jobs->progress(running_id, 0.7, "vetting");
  }  // the "process" stops with running_id mid-way

  auto jobs = make_backends(embedded_config(dir), 60, 10).jobs;
  auto done = jobs->get(done_id);
  ASSERT_TRUE(done);
  EXPECT_EQ(done->status, JobStatus::kDone);
  EXPECT_EQ(done->result["period"], 3.5);
  EXPECT_EQ(done->params["n"], 1);
  EXPECT_TRUE(jobs->blobs(done_id).empty()) << "inputs are deleted when the job finishes";
  EXPECT_FALSE(fs::exists(dir.path() / "jobs" / done_id / "blob-0"));
  EXPECT_EQ(jobs->get(failed_id)->status, JobStatus::kFailed);
  EXPECT_EQ(jobs->get(failed_id)->error_message, "boom");
  auto requeued = jobs->get(running_id);
  EXPECT_EQ(requeued->status, JobStatus::kQueued);
  EXPECT_DOUBLE_EQ(requeued->progress, 0.0);
  EXPECT_EQ(jobs->get(queued_id)->status, JobStatus::kQueued);
  EXPECT_EQ(jobs->depth(), 2u);

  auto again = jobs->claim("w2", {"search"}, 0ms);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, running_id);
  EXPECT_EQ(jobs->blobs(running_id), (std::vector<std::string>{"blob-c1", "blob-c2"}));
  EXPECT_EQ(jobs->claim("w2", {"train"}, 0ms)->id, queued_id);
}

TEST(EmbeddedQueue, AJobThatKeepsKillingTheProcessFailsAfterTheAttemptCap) {
  TempDir dir;
  std::string id;
  {
    auto jobs = make_backends(embedded_config(dir), 60, 10).jobs;
    id = jobs->submit("search", {}, {"lc"});
  }
  for (int attempt = 1; attempt <= 3; ++attempt) {
    auto jobs = make_backends(embedded_config(dir), 60, 10).jobs;
    ASSERT_EQ(jobs->get(id)->status, JobStatus::kQueued) << "before attempt " << attempt;
    ASSERT_EQ(jobs->claim("w", {"search"}, 0ms)->id, id);
  }  // each "process" dies while the job runs
  auto jobs = make_backends(embedded_config(dir), 60, 10).jobs;
  const auto job = jobs->get(id);
  EXPECT_EQ(job->status, JobStatus::kFailed);
  EXPECT_EQ(job->error_code, "job_crashed");
  EXPECT_FALSE(jobs->claim("w", {"search"}, 0ms));
}

TEST(EmbeddedQueue, AStopThatRequeuesDoesNotCountAsAnAttempt) {
  TempDir dir;
  std::string id;
  for (int i = 0; i < 5; ++i) {
    auto jobs = make_backends(embedded_config(dir), 60, 10).jobs;
    if (id.empty()) id = jobs->submit("search", {}, {});
    ASSERT_EQ(jobs->claim("w", {"search"}, 0ms)->id, id) << "round " << i;
    jobs->requeue(id);  // a clean stop
  }
  auto jobs = make_backends(embedded_config(dir), 60, 10).jobs;
  EXPECT_EQ(jobs->get(id)->status, JobStatus::kQueued);
}

TEST(EmbeddedQueue, FoldersLeftWithoutJobJsonAreRemovedAtStart) {
  TempDir dir;
  { make_backends(embedded_config(dir), 60, 10); }
  const fs::path orphan = dir.path() / "jobs" / "00112233445566778899aabbccddeeff";
  fs::create_directories(orphan);
  std::ofstream(orphan / "blob-0") << std::string(1000, 'x');  // crashed mid-submit
  auto jobs = make_backends(embedded_config(dir), 60, 10).jobs;
  EXPECT_FALSE(fs::exists(orphan));
}

TEST(EmbeddedQueue, IgnoresCorruptAndForeignEntriesOnLoad) {
  TempDir dir;
  std::string good;
  {
    auto jobs = make_backends(embedded_config(dir), 60, 10).jobs;
    good = jobs->submit("search", {}, {});
  }
  const fs::path jobs_dir = dir.path() / "jobs";
  fs::create_directories(jobs_dir / "0123456789abcdef0123456789abcdef");
  std::ofstream(jobs_dir / "0123456789abcdef0123456789abcdef" / "job.json") << "{not json";
  fs::create_directories(jobs_dir / "not-an-id");
  std::ofstream(jobs_dir / good / "job.json.tmp-deadbeef") << "torn write";
  auto jobs = make_backends(embedded_config(dir), 60, 10).jobs;
  EXPECT_EQ(jobs->depth(), 1u);
  EXPECT_TRUE(jobs->get(good));
  EXPECT_FALSE(jobs->get("0123456789abcdef0123456789abcdef"));
  EXPECT_FALSE(fs::exists(jobs_dir / good / "job.json.tmp-deadbeef"));
}

TEST(EmbeddedQueue, DropsFinishedJobsPastTheirRetention) {
  TempDir dir;
  StoreConfig config = embedded_config(dir);
  config.result_ttl = std::chrono::seconds(1);
  std::string finished, queued;
  {
    auto jobs = make_backends(config, 60, 10).jobs;
    finished = jobs->submit("search", {}, {"x"});
    queued = jobs->submit("search", {}, {});
    jobs->claim("w", {"search"}, 0ms);
    jobs->complete(finished, {{"ok", true}});
  }
  std::this_thread::sleep_for(1100ms);
  auto jobs = make_backends(config, 60, 10).jobs;
  EXPECT_FALSE(jobs->get(finished));
  EXPECT_FALSE(fs::exists(dir.path() / "jobs" / finished));
  EXPECT_TRUE(jobs->get(queued));  // unfinished jobs are never dropped
}

TEST(MakeBackends, FailsWhenTheDataDirCannotBeCreated) {
  TempDir dir;
  std::ofstream(dir.path() / "file") << "x";
  StoreConfig config;
  config.data_dir = (dir.path() / "file" / "sub").string();
  EXPECT_THROW(make_backends(config, 60, 10), std::runtime_error);
  config.data_dir = dir.str();
  EXPECT_THROW(make_backends(config, 0, 10), std::invalid_argument);
}

class EnvGuard {
 public:
  void set(const char* name, const char* value) {
    if (!saved_.count(name)) {
      const char* old = std::getenv(name);
      saved_[name] = old ? std::optional<std::string>(old) : std::nullopt;
    }
    if (value) {
      ::setenv(name, value, 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~EnvGuard() {
    for (const auto& [name, value] : saved_) {
      if (value) {
        ::setenv(name.c_str(), value->c_str(), 1);
      } else {
        ::unsetenv(name.c_str());
      }
    }
  }

 private:
  std::map<std::string, std::optional<std::string>> saved_;
};

TEST(StoreConfig, ReadsTheEnvironment) {
  EnvGuard env;
  for (const char* name :
       {"REDIS_URL", "REDIS_HOST", "REDIS_PORT", "REDIS_PASSWORD", "EXODETECT_DATA_DIR",
        "EXODETECT_MAX_QUEUE", "EXODETECT_CACHE_TTL_S", "EXODETECT_JOB_CLAIM_IDLE_S"}) {
    env.set(name, nullptr);
  }
  StoreConfig defaults = store_config_from_env();
  EXPECT_EQ(defaults.data_dir, "var");
  EXPECT_TRUE(defaults.redis_url.empty());

  env.set("EXODETECT_DATA_DIR", "/data");
  env.set("EXODETECT_MAX_QUEUE", "5");
  env.set("EXODETECT_CACHE_TTL_S", "30");
  env.set("REDIS_HOST", "redis");
  env.set("REDIS_PORT", "6380");
  env.set("REDIS_PASSWORD", "p@ss:word");
  StoreConfig c = store_config_from_env();
  EXPECT_EQ(c.data_dir, "/data");
  EXPECT_EQ(c.max_queue_depth, 5u);
  EXPECT_EQ(c.cache_ttl.count(), 30);
  EXPECT_EQ(c.redis_url, "redis://:p%40ss%3Aword@redis:6380");
  env.set("EXODETECT_JOB_CLAIM_IDLE_S", "5");
  EXPECT_EQ(store_config_from_env().job_claim_idle.count(), 5);

  env.set("REDIS_URL", "redis://:secret@cache.internal:6379/2");
  EXPECT_EQ(store_config_from_env().redis_url, "redis://:secret@cache.internal:6379/2");

  env.set("REDIS_URL", "rediss://cache:6379");
  EXPECT_THROW(store_config_from_env(), std::invalid_argument);
  env.set("REDIS_URL", "redis://cache:99999");
  EXPECT_THROW(store_config_from_env(), std::invalid_argument);
  env.set("REDIS_URL", nullptr);
  for (const char* bad : {"0", "-1", "ten", "1e3", "99999999999999"}) {
    env.set("EXODETECT_MAX_QUEUE", bad);
    EXPECT_THROW(store_config_from_env(), std::invalid_argument) << bad;
  }
}

TEST(WorkerPool, RunsJobsAndMapsExceptionsToErrorCodes) {
  TempDir dir;
  auto jobs = make_backends(embedded_config(dir), 60, 10).jobs;
  std::map<std::string, JobHandler> handlers;
  handlers["search"] = [](const Job& job, const std::vector<std::string>& blobs,
                          const std::function<void(double, const std::string&)>& progress) {
    progress(0.5, "searching");
    if (job.params.value("mode", "") == "bad") throw BadInput("three points");
    if (job.params.value("mode", "") == "crash") throw std::runtime_error("out of memory");
    // A server-side file at fault throws the same type as a bad argument: not the client's.
    if (job.params.value("mode", "") == "corrupt") {
      throw std::invalid_argument("catalogue row 12: no such column");
    }
    return nlohmann::json{{"bytes", blobs.at(0).size()}};
  };
  const auto ok = jobs->submit("search", {}, {"12345"});
  const auto bad = jobs->submit("search", {{"mode", "bad"}}, {""});
  const auto crash = jobs->submit("search", {{"mode", "crash"}}, {""});
  const auto corrupt = jobs->submit("search", {{"mode", "corrupt"}}, {""});
  const auto other = jobs->submit("train", {}, {});
  {
    WorkerPool pool(jobs, handlers, 2, "test");
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (jobs->depth() > 1 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(10ms);
    }
  }
  EXPECT_EQ(jobs->get(ok)->status, JobStatus::kDone);
  EXPECT_EQ(jobs->get(ok)->result["bytes"], 5);
  EXPECT_EQ(jobs->get(bad)->status, JobStatus::kFailed);
  EXPECT_EQ(jobs->get(bad)->error_code, "bad_input");
  EXPECT_EQ(jobs->get(bad)->error_message, "three points");
  EXPECT_EQ(jobs->get(crash)->error_code, "internal");
  EXPECT_EQ(jobs->get(corrupt)->error_code, "internal");
  EXPECT_EQ(jobs->get(corrupt)->error_message.find("catalogue"), std::string::npos);
  EXPECT_EQ(jobs->get(other)->status, JobStatus::kQueued);  // no handler for train here
}

TEST(WorkerPool, AJobPastTheTimeoutFailsAndInternalErrorsStayPrivate) {
  TempDir dir;
  auto jobs = make_backends(embedded_config(dir), 60, 10).jobs;
  std::map<std::string, JobHandler> handlers;
  handlers["search"] = [](const Job&, const std::vector<std::string>&, const auto& progress) {
    for (int i = 0; i < 1000; ++i) {  // 20 s unless stopped
      progress(i / 1000.0, "searching");
      std::this_thread::sleep_for(20ms);
    }
    return nlohmann::json::object();
  };
  handlers["train"] = [](const Job&, const std::vector<std::string>&,
                         const auto&) -> nlohmann::json {
    throw std::runtime_error("cannot open /srv/secret/path.csv");
  };
  const auto slow = jobs->submit("search", {}, {});
  const auto broken = jobs->submit("train", {}, {});
  {
    WorkerPool pool(jobs, handlers, 2, "test", 1s);
    const auto deadline = std::chrono::steady_clock::now() + 15s;
    while (jobs->depth() > 0 && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(20ms);
    }
  }
  EXPECT_EQ(jobs->get(slow)->status, JobStatus::kFailed);
  EXPECT_EQ(jobs->get(slow)->error_code, "timeout");
  EXPECT_NE(jobs->get(slow)->error_message.find("EXODETECT_JOB_TIMEOUT_S"), std::string::npos);
  EXPECT_EQ(jobs->get(broken)->error_code, "internal");
  EXPECT_EQ(jobs->get(broken)->error_message.find("/srv"), std::string::npos)
      << jobs->get(broken)->error_message;
}

TEST(WorkerPool, StopRequeuesTheJobInFlight) {
  TempDir dir;
  auto jobs = make_backends(embedded_config(dir), 60, 10).jobs;
  std::atomic<bool> started{false};
  std::map<std::string, JobHandler> handlers;
  handlers["search"] = [&](const Job&, const std::vector<std::string>&,
                           const std::function<void(double, const std::string&)>& progress) {
    started = true;
    for (int i = 0;; ++i) {  // a long job that reports progress
      progress(0.01 * (i % 100), "searching");
      std::this_thread::sleep_for(5ms);
    }
    return nlohmann::json();
  };
  const auto id = jobs->submit("search", {}, {});
  WorkerPool pool(jobs, handlers, 1, "test");
  while (!started) std::this_thread::sleep_for(5ms);
  EXPECT_EQ(jobs->get(id)->status, JobStatus::kRunning);
  const auto t0 = std::chrono::steady_clock::now();
  pool.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);
  EXPECT_EQ(jobs->get(id)->status, JobStatus::kQueued);
  EXPECT_EQ(jobs->depth(), 1u);
}

}  // namespace
}  // namespace exodetect::store
