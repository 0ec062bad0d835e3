// Integration tests of the Redis backends against a real redis-server (see redis_fixture.hpp).

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "exodetect/store/backends.hpp"
#include "exodetect/store/worker_pool.hpp"
#include "store/redis_fixture.hpp"

#include <hiredis/hiredis.h>

namespace exodetect::store {
namespace {

using namespace std::chrono_literals;
using test_support::RedisServer;

class RedisStore : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!RedisServer::available()) GTEST_SKIP() << RedisServer::kBinary << " is not installed";
    server_ = std::make_unique<RedisServer>();
  }

  StoreConfig config() const {
    StoreConfig c;
    c.redis_url = server_->url();
    c.data_dir = "/nonexistent/never-used-with-redis";
    c.job_claim_idle = 1s;
    return c;
  }

  // Each call is a separate "process": its own connections, heartbeat and consumer names.
  Backends connect(const StoreConfig& c) const { return make_backends(c, 60, 3); }
  Backends connect() const { return connect(config()); }

  template <typename Pred>
  static bool wait_for(Pred pred, std::chrono::milliseconds limit = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      if (pred()) return true;
      std::this_thread::sleep_for(10ms);
    }
    return pred();
  }

  std::unique_ptr<RedisServer> server_;
};

using Progress = std::function<void(double, const std::string&)>;

TEST_F(RedisStore, QueueLifecycleAndLimits) {
  StoreConfig c = config();
  c.max_queue_depth = 2;
  auto jobs = connect(c).jobs;
  EXPECT_EQ(jobs->backend(), "redis");
  EXPECT_TRUE(jobs->healthy());
  const std::string binary("\0\x1f\x8b\xff", 4);
  const auto a = jobs->submit("search", {{"snr_min", 7.1}}, {"lc-1", binary});
  const auto b = jobs->submit("train", {}, {});
  EXPECT_TRUE(valid_job_id(a));
  EXPECT_THROW(jobs->submit("search", {}, {"x"}), QueueFull);
  EXPECT_EQ(jobs->depth(), 2u);
  EXPECT_EQ(jobs->get(a)->status, JobStatus::kQueued);
  EXPECT_FALSE(jobs->get("../../etc/passwd"));
  EXPECT_FALSE(jobs->get("0123456789abcdef0123456789abcdef"));
  EXPECT_THROW(jobs->blobs("0123456789abcdef0123456789abcdef"), std::invalid_argument);
  EXPECT_THROW(jobs->submit("a:b", {}, {}), std::invalid_argument);
  EXPECT_THROW(jobs->submit("search", {{"name", "\xff"}}, {}), std::invalid_argument);
  EXPECT_THROW(jobs->submit("search", {}, std::vector<std::string>(kMaxJobInputs + 1, "x")),
               std::invalid_argument);

  EXPECT_FALSE(jobs->claim("w", {"other"}, 50ms));
  auto job = jobs->claim("w", {"search"}, 1000ms);
  ASSERT_TRUE(job);
  EXPECT_EQ(job->id, a);
  EXPECT_EQ(job->status, JobStatus::kRunning);
  EXPECT_EQ(job->params["snr_min"], 7.1);
  EXPECT_EQ(jobs->blobs(a), (std::vector<std::string>{"lc-1", binary}));
  jobs->progress(a, 0.25, "detrending");
  EXPECT_DOUBLE_EQ(jobs->get(a)->progress, 0.25);
  EXPECT_EQ(jobs->get(a)->stage, "detrending");
  jobs->complete(a, {{"period", 2.2}});
  EXPECT_EQ(jobs->get(a)->status, JobStatus::kDone);
  EXPECT_EQ(jobs->get(a)->result["period"], 2.2);
  EXPECT_TRUE(jobs->blobs(a).empty()) << "inputs are deleted when the job finishes";
  EXPECT_EQ(jobs->depth(), 1u);
  jobs->complete(a, {{"period", 9.9}});  // a late duplicate does not overwrite
  EXPECT_EQ(jobs->get(a)->result["period"], 2.2);

  auto t = jobs->claim("w", {"search", "train"}, 1000ms);
  ASSERT_TRUE(t);
  EXPECT_EQ(t->id, b);
  jobs->fail(b, "bad_input", "no rows");
  EXPECT_EQ(jobs->get(b)->error_code, "bad_input");
  EXPECT_EQ(jobs->depth(), 0u);
  EXPECT_FALSE(jobs->claim("w", {"search", "train"}, 50ms));  // acked: never delivered again

  auto all = jobs->list("", 10);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(jobs->list("train", 10).size(), 1u);
  EXPECT_EQ(jobs->list("train", 10)[0].id, b);
}

TEST_F(RedisStore, LargeInputsRoundTripAndLookupsLeaveTheResultUnread) {
  auto jobs = connect().jobs;
  // Over three of the 1 MiB pieces the input is sent in, and not a multiple of one.
  std::string large(3 * (1u << 20) + 12345, '\0');
  for (size_t i = 0; i < large.size(); ++i) large[i] = char((i * 131) % 251);
  const std::string copy = large;
  const auto id = jobs->submit("search", {}, {std::move(large), ""});
  ASSERT_TRUE(jobs->claim("w", {"search"}, 1000ms));
  EXPECT_EQ(jobs->blobs(id), (std::vector<std::string>{copy, ""}));
  jobs->complete(id, {{"period", 2.2}});

  // A result that cannot be parsed: state() still answers, since it never reads the result.
  redisContext* raw = redisConnect("127.0.0.1", server_->port());
  ASSERT_TRUE(raw && !raw->err);
  const std::string key = "exodetect:job:" + id + ":result";
  freeReplyObject(redisCommand(raw, "SET %b %s", key.data(), key.size(), "{not json"));
  redisFree(raw);
  const auto state = jobs->state(id);
  ASSERT_TRUE(state);
  EXPECT_EQ(state->status, JobStatus::kDone);
  EXPECT_TRUE(state->result.is_null());
  EXPECT_ANY_THROW(jobs->get(id)) << "the corrupted result is what get() would parse";
  EXPECT_FALSE(jobs->state("0123456789abcdef0123456789abcdef"));
}

// A job hash naming 10^14 inputs (written by hand, not by exodetect) is failed without a GET
// for each input, and finishing it deletes at most kMaxJobInputs keys.
TEST_F(RedisStore, AJobNamingCountlessInputsFailsWithoutAskingForThem) {
  auto jobs = connect().jobs;
  const auto id = jobs->submit("survey", {}, {"lc"});
  redisContext* raw = redisConnect("127.0.0.1", server_->port());
  ASSERT_TRUE(raw && !raw->err);
  const std::string key = "exodetect:job:" + id;
  freeReplyObject(redisCommand(raw, "HSET %b blobs 99999999999999", key.data(), key.size()));
  ASSERT_TRUE(jobs->claim("w", {"survey"}, 1000ms));
  try {
    jobs->blobs(id);
    FAIL() << "the inputs were read";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("at most 64"), std::string::npos) << e.what();
  }
  const auto start = std::chrono::steady_clock::now();
  jobs->fail(id, "internal", "the job failed on the server");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  EXPECT_EQ(jobs->get(id)->status, JobStatus::kFailed);
  auto* pong = static_cast<redisReply*>(redisCommand(raw, "PING"));
  ASSERT_TRUE(pong);
  EXPECT_EQ(pong->type, REDIS_REPLY_STATUS);
  freeReplyObject(pong);
  redisFree(raw);
}

TEST_F(RedisStore, TwoWorkerProcessesShareTheQueue) {
  auto api = connect();
  auto worker_a = connect();
  auto worker_b = connect();
  std::mutex mutex;
  std::map<std::string, std::set<std::string>> ran_by;  // worker -> job ids
  auto handler_for = [&](const std::string& name) {
    return
        [&, name](const Job& job, const std::vector<std::string>& blobs, const Progress& progress) {
          progress(0.5, "working");
          std::this_thread::sleep_for(60ms);
          std::lock_guard lock(mutex);
          ran_by[name].insert(job.id);
          return nlohmann::json{{"echo", blobs.at(0)}, {"worker", name}};
        };
  };
  std::vector<std::string> ids;
  for (int i = 0; i < 8; ++i) ids.push_back(api.jobs->submit("search", {}, {std::to_string(i)}));
  {
    WorkerPool a(worker_a.jobs, {{"search", handler_for("a")}}, 1, "host-a");
    WorkerPool b(worker_b.jobs, {{"search", handler_for("b")}}, 1, "host-b");
    ASSERT_TRUE(wait_for([&] { return api.jobs->depth() == 0; }));
  }
  for (int i = 0; i < 8; ++i) {
    auto job = api.jobs->get(ids[i]);
    ASSERT_EQ(job->status, JobStatus::kDone) << i;
    EXPECT_EQ(job->result["echo"], std::to_string(i));
  }
  EXPECT_FALSE(ran_by["a"].empty());
  EXPECT_FALSE(ran_by["b"].empty());
  EXPECT_EQ(ran_by["a"].size() + ran_by["b"].size(), 8u);  // each job ran exactly once
}

TEST_F(RedisStore, JobOfADeadWorkerIsFinishedByAnother) {
  auto api = connect();
  const auto id = api.jobs->submit("search", {{"x", 1}}, {"payload"});
  {
    auto doomed = connect();
    auto job = doomed.jobs->claim("doomed-0", {"search"}, 1000ms);
    ASSERT_TRUE(job);
    doomed.jobs->progress(id, 0.3, "searching");
  }  // the worker process dies: no ack, no heartbeat
  EXPECT_EQ(api.jobs->get(id)->status, JobStatus::kRunning);

  auto survivor = connect();
  std::atomic<int> runs{0};
  WorkerPool pool(survivor.jobs,
                  {{"search",
                    [&](const Job& job, const std::vector<std::string>& blobs, const Progress&) {
                      ++runs;
                      return nlohmann::json{{"x", job.params["x"]}, {"blob", blobs.at(0)}};
                    }}},
                  1, "survivor");
  ASSERT_TRUE(wait_for([&] { return api.jobs->get(id)->status == JobStatus::kDone; }));
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(api.jobs->get(id)->result["blob"], "payload");
  EXPECT_EQ(api.jobs->depth(), 0u);
}

TEST_F(RedisStore, AJobThatKeepsKillingWorkersFails) {
  auto api = connect();
  const auto id = api.jobs->submit("search", {}, {});
  for (int attempt = 1; attempt <= 3; ++attempt) {
    auto doomed = connect();
    std::optional<Job> job;
    ASSERT_TRUE(wait_for([&] {
      return (job = doomed.jobs->claim("d", {"search"}, 100ms)).has_value();
    })) << attempt;
    EXPECT_EQ(job->id, id);
  }  // each claimant dies holding the job
  // The fourth delivery fails the job instead of handing it out again.
  auto last = connect();
  ASSERT_TRUE(wait_for([&] {
    EXPECT_FALSE(last.jobs->claim("e", {"search"}, 100ms));
    return api.jobs->get(id)->status == JobStatus::kFailed;
  }));
  EXPECT_EQ(api.jobs->get(id)->error_code, "internal");
  EXPECT_EQ(api.jobs->depth(), 0u);
}

TEST_F(RedisStore, ALiveWorkerKeepsItsLongJob) {
  auto api = connect();
  auto busy = connect();
  auto idle = connect();
  std::atomic<int> runs{0};
  auto slow = [&](const Job&, const std::vector<std::string>&, const Progress&) {
    ++runs;
    std::this_thread::sleep_for(2500ms);  // longer than job_claim_idle, without progress calls
    return nlohmann::json{{"ok", true}};
  };
  const auto id = api.jobs->submit("search", {}, {});
  WorkerPool a(busy.jobs, {{"search", slow}}, 1, "busy");
  ASSERT_TRUE(wait_for([&] { return runs == 1; }));
  WorkerPool b(idle.jobs, {{"search", slow}}, 1, "idle");
  ASSERT_TRUE(wait_for([&] { return api.jobs->get(id)->status == JobStatus::kDone; }));
  EXPECT_EQ(runs, 1);  // the heartbeat kept the job from being reclaimed
}

TEST_F(RedisStore, AStoppingWorkerHandsItsJobBack) {
  auto api = connect();
  auto first = connect();
  std::atomic<bool> started{false};
  const auto id = api.jobs->submit("search", {}, {"in"});
  auto pool = std::make_unique<WorkerPool>(
      first.jobs,
      std::map<std::string, JobHandler>{
          {"search",
           [&](const Job&, const std::vector<std::string>&, const Progress& progress) {
             started = true;
             for (;;) {  // runs until the pool stops and progress() interrupts it
               progress(0.1, "searching");
               std::this_thread::sleep_for(5ms);
             }
             return nlohmann::json();
           }}},
      1, "first");
  ASSERT_TRUE(wait_for([&] { return started.load(); }));
  pool.reset();
  EXPECT_EQ(api.jobs->get(id)->status, JobStatus::kQueued);
  auto second = connect();
  auto job = second.jobs->claim("second", {"search"}, 1000ms);  // at once, not after the idle time
  ASSERT_TRUE(job);
  EXPECT_EQ(job->id, id);
  EXPECT_EQ(second.jobs->blobs(id), std::vector<std::string>{"in"});
}

TEST_F(RedisStore, ResultsSurviveARestartedApi) {
  std::string id;
  {
    auto first = connect();
    id = first.jobs->submit("search", {{"k", "v"}}, {"in"});
    ASSERT_TRUE(first.jobs->claim("w", {"search"}, 1000ms));
    first.jobs->complete(id, {{"candidates", nlohmann::json::array({{{"period", 1.5}}})}});
  }
  auto second = connect();
  auto job = second.jobs->get(id);
  ASSERT_TRUE(job);
  EXPECT_EQ(job->status, JobStatus::kDone);
  EXPECT_EQ(job->params["k"], "v");
  EXPECT_EQ(job->result["candidates"][0]["period"], 1.5);
  EXPECT_TRUE(second.jobs->blobs(id).empty()) << "inputs go when the job finishes";
}

TEST_F(RedisStore, OutageFailsFastAndRecovers) {
  auto api = connect();
  auto worker = connect();
  std::atomic<int> done{0};
  WorkerPool pool(worker.jobs,
                  {{"search",
                    [&](const Job&, const std::vector<std::string>&, const Progress&) {
                      ++done;
                      return nlohmann::json::object();
                    }}},
                  1, "w");
  const auto before = api.jobs->submit("search", {}, {});
  ASSERT_TRUE(wait_for([&] { return api.jobs->get(before)->status == JobStatus::kDone; }));
  api.cache->put("k", "v");
  EXPECT_EQ(api.cache->get("k"), "v");

  server_->stop();
  EXPECT_FALSE(api.jobs->healthy());
  EXPECT_FALSE(api.cache->healthy());
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_THROW(api.jobs->submit("search", {}, {}), std::runtime_error);
  try {
    api.jobs->submit("search", {}, {});
  } catch (const QueueFull&) {
    ADD_FAILURE() << "an outage must not look like a full queue";
  } catch (const std::runtime_error&) {
  }
  EXPECT_THROW(api.jobs->get(before), std::runtime_error);
  EXPECT_FALSE(api.cache->get("k"));  // a miss, not an exception
  EXPECT_NO_THROW(api.cache->put("k", "v"));
  EXPECT_EQ(api.rate_limiter->acquire("client"), 0);  // falls back to a local bucket
  EXPECT_THROW(api.users->count(), std::runtime_error);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 3s);

  server_->start();  // empty: Redis restarted without persistence
  EXPECT_TRUE(wait_for([&] { return api.jobs->healthy() && api.cache->healthy(); }, 3s));
  const auto after = api.jobs->submit("search", {}, {});
  ASSERT_TRUE(wait_for([&] { return api.jobs->get(after)->status == JobStatus::kDone; }));
  EXPECT_EQ(done, 2);
  api.cache->put("k", "v2");
  EXPECT_EQ(api.cache->get("k"), "v2");
}

TEST_F(RedisStore, CacheHitsMissesAndTtl) {
  StoreConfig c = config();
  c.cache_ttl = 1s;
  auto cache = connect(c).cache;
  EXPECT_EQ(cache->backend(), "redis");
  EXPECT_FALSE(cache->get("abc"));
  const std::string value("bin\0ary", 7);
  cache->put("abc", value);
  EXPECT_EQ(cache->get("abc"), value);
  EXPECT_EQ(cache->hits(), 1u);
  EXPECT_EQ(cache->misses(), 1u);
  std::this_thread::sleep_for(1100ms);
  EXPECT_FALSE(cache->get("abc"));
}

TEST_F(RedisStore, UsersAreSharedAndUnique) {
  auto one = connect().users;
  auto two = connect().users;
  one->create({"Ada@Example.org", "h1", Role::kAdmin, 5});
  EXPECT_THROW(two->create({"ada@example.org", "h2", Role::kUser, 6}), std::invalid_argument);
  auto ada = two->find("ADA@example.org");
  ASSERT_TRUE(ada);
  EXPECT_EQ(ada->email, "ada@example.org");
  EXPECT_EQ(ada->password_hash, "h1");
  EXPECT_EQ(ada->role, Role::kAdmin);
  EXPECT_EQ(ada->created_ms, 5);
  EXPECT_FALSE(two->find("grace@example.org"));
  EXPECT_EQ(two->count(), 1u);
}

TEST_F(RedisStore, RevokingTokensBumpsTheSharedVersion) {
  auto one = connect().users;
  auto two = connect().users;
  one->create({"ada@example.org", "h1", Role::kUser, 5});
  EXPECT_EQ(two->find("ada@example.org")->token_version, 0);
  one->revoke_tokens("ADA@example.org");
  two->revoke_tokens("ada@example.org");
  EXPECT_EQ(one->find("ada@example.org")->token_version, 2);
  two->revoke_tokens("grace@example.org");  // unknown: no account appears
  EXPECT_FALSE(one->find("grace@example.org"));
  EXPECT_EQ(one->count(), 1u);
}

TEST_F(RedisStore, AccountRefundsAreSharedAndCappedAtTheBurst) {
  auto one = make_backends(config(), 60, 3, {0.01, 2}).account_limiter;
  auto two = make_backends(config(), 60, 3, {0.01, 2}).account_limiter;
  EXPECT_EQ(one->acquire("account:a"), 0);
  EXPECT_EQ(two->acquire("account:a"), 0);
  EXPECT_GT(one->acquire("account:a"), 60);
  two->refund("account:a");
  EXPECT_EQ(one->acquire("account:a"), 0);
  for (int i = 0; i < 3; ++i) one->refund("account:a");
  EXPECT_EQ(two->acquire("account:a"), 0);
  EXPECT_EQ(two->acquire("account:a"), 0);
  EXPECT_GT(two->acquire("account:a"), 0) << "refunds past the burst";
}

TEST_F(RedisStore, RateLimitIsSharedBetweenProcesses) {
  auto one = connect().rate_limiter;  // 60 per minute, burst 3
  auto two = connect().rate_limiter;
  EXPECT_EQ(one->acquire("10.0.0.1"), 0);
  EXPECT_EQ(two->acquire("10.0.0.1"), 0);
  EXPECT_EQ(one->acquire("10.0.0.1"), 0);
  EXPECT_EQ(two->acquire("10.0.0.1"), 1);
  EXPECT_EQ(one->acquire("10.0.0.2"), 0);
}

TEST(RedisAuth, PasswordFromTheUrlIsUsed) {
  if (!RedisServer::available()) GTEST_SKIP() << RedisServer::kBinary << " is not installed";
  RedisServer server({"--requirepass", "s3cret"});
  StoreConfig c;
  c.redis_url = server.url("wrong");
  auto denied = make_backends(c, 60, 3);
  EXPECT_FALSE(denied.jobs->healthy());
  EXPECT_THROW(denied.jobs->submit("search", {}, {}), std::runtime_error);
  EXPECT_FALSE(denied.cache->get("k"));
  c.redis_url = server.url("s3cret");
  auto allowed = make_backends(c, 60, 3);
  EXPECT_TRUE(allowed.jobs->healthy());
  const auto id = allowed.jobs->submit("search", {}, {});
  EXPECT_EQ(allowed.jobs->get(id)->status, JobStatus::kQueued);
}

}  // namespace
}  // namespace exodetect::store
