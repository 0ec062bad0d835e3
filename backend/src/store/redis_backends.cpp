// The Redis backends, shared by any number of API and worker processes.
//
// Keys (all under "exodetect:"):
//   job:<id>                hash: job state (+ "entry", the stream entry that carries it)
//   job:<id>:blob:<n>       string: input n; job:<id>:result: result JSON (all with result_ttl)
//   stream:<type>           stream of {"id"} entries read by consumer group "workers"
//   jobs:active             set of queued + running job ids (the queue depth)
//   jobs:index[:<type>]     sorted sets of job ids by creation time (listing)
//   cache:<key>, user:<email>, users, ratelimit:<key> (redis_services.cpp)
// Multi-key updates run as Lua scripts so concurrent processes never see half a transition.

#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "internal.hpp"
#include "redis_client.hpp"

namespace exodetect::store::detail {
namespace {

const std::string& kPrefix = kRedisPrefix;
const std::string kGroup = "workers";
const std::string kActive = kPrefix + "jobs:active";
const std::string kIndexAll = kPrefix + "jobs:index";
constexpr size_t kIndexSize = 10000;

std::string job_key(const std::string& id) { return kPrefix + "job:" + id; }
std::string result_key(const std::string& id) { return job_key(id) + ":result"; }
std::string blob_key(const std::string& id, size_t i) {
  return job_key(id) + ":blob:" + std::to_string(i);
}
std::string stream_key(const std::string& type) { return kPrefix + "stream:" + type; }
std::string index_key(const std::string& type) { return kIndexAll + ":" + type; }

const LuaScript kSubmitScript(R"lua(
if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[2], 'id', ARGV[2], 'type', ARGV[3], 'status', 'queued', 'progress', '0',
  'stage', '', 'params', ARGV[4], 'error_code', '', 'error_message', '', 'created_ms', ARGV[5],
  'updated_ms', ARGV[5], 'blobs', ARGV[7], 'attempts', '0')
redis.call('EXPIRE', KEYS[2], ARGV[6])
redis.call('SADD', KEYS[1], ARGV[2])
for i = 4, 5 do
  redis.call('ZADD', KEYS[i], ARGV[5], ARGV[2])
  redis.call('ZREMRANGEBYRANK', KEYS[i], 0, -tonumber(ARGV[8]) - 1)
end
local entry = redis.call('XADD', KEYS[3], '*', 'id', ARGV[2])
redis.call('HSET', KEYS[2], 'entry', entry)
return 1
)lua");

// KEYS: job, stream, active. ARGV: entry, worker, now_ms, group, max_attempts, id.
const LuaScript kClaimScript(R"lua(
local function drop()
  redis.call('XACK', KEYS[2], ARGV[4], ARGV[1])
  redis.call('XDEL', KEYS[2], ARGV[1])
end
if redis.call('EXISTS', KEYS[1]) == 0 then
  drop()
  redis.call('SREM', KEYS[3], ARGV[6])
  return 0
end
local status = redis.call('HGET', KEYS[1], 'status')
if status == 'done' or status == 'failed' or redis.call('HGET', KEYS[1], 'entry') ~= ARGV[1] then
  drop()
  return 0
end
if redis.call('HINCRBY', KEYS[1], 'attempts', 1) > tonumber(ARGV[5]) then
  redis.call('HSET', KEYS[1], 'status', 'failed', 'error_code', 'internal', 'error_message',
    'the job stopped its worker ' .. ARGV[5] .. ' times', 'updated_ms', ARGV[3])
  redis.call('SREM', KEYS[3], ARGV[6])
  drop()
  return 0
end
redis.call('HSET', KEYS[1], 'status', 'running', 'progress', '0', 'stage', '', 'worker', ARGV[2],
  'updated_ms', ARGV[3])
return 1
)lua");

// KEYS: job, active, result, stream. ARGV: id, status, now_ms, ttl_s, group, result, code, message,
// max_blobs. The inputs deleted are capped at kMaxJobInputs: Redis answers no one while a
// script runs, and a hand-made hash can claim any count.
const LuaScript kFinishScript(R"lua(
local status = redis.call('HGET', KEYS[1], 'status')
if status ~= 'queued' and status ~= 'running' then return 0 end
if ARGV[2] == 'done' then
  redis.call('SET', KEYS[3], ARGV[6], 'EX', ARGV[4])
  redis.call('HSET', KEYS[1], 'status', 'done', 'progress', '1', 'stage', 'done',
    'updated_ms', ARGV[3])
else
  redis.call('HSET', KEYS[1], 'status', 'failed', 'error_code', ARGV[7], 'error_message', ARGV[8],
    'updated_ms', ARGV[3])
end
redis.call('EXPIRE', KEYS[1], ARGV[4])
-- The inputs are only needed to run the job: deleted now, while the result keeps its TTL.
local blobs = tonumber(redis.call('HGET', KEYS[1], 'blobs') or '0') or 0
blobs = math.min(blobs, tonumber(ARGV[9]))
for i = 0, blobs - 1 do redis.call('DEL', KEYS[1] .. ':blob:' .. i) end
redis.call('HSET', KEYS[1], 'blobs', '0')
redis.call('SREM', KEYS[2], ARGV[1])
local entry = redis.call('HGET', KEYS[1], 'entry')
if entry then
  redis.call('XACK', KEYS[4], ARGV[5], entry)
  redis.call('XDEL', KEYS[4], entry)
end
return 1
)lua");

// Moves a job to a fresh stream entry so any worker can take it at once.
// KEYS: job, stream. ARGV: group, entry, id, now_ms.
const LuaScript kRedeliverScript(R"lua(
redis.call('XACK', KEYS[2], ARGV[1], ARGV[2])
redis.call('XDEL', KEYS[2], ARGV[2])
local status = redis.call('HGET', KEYS[1], 'status')
if (status ~= 'queued' and status ~= 'running') or
   redis.call('HGET', KEYS[1], 'entry') ~= ARGV[2] then return 0 end
local entry = redis.call('XADD', KEYS[2], '*', 'id', ARGV[3])
redis.call('HSET', KEYS[1], 'entry', entry, 'status', 'queued', 'progress', '0', 'stage', '',
  'updated_ms', ARGV[4])
if status == 'running' then redis.call('HINCRBY', KEYS[1], 'attempts', -1) end
return 1
)lua");

// KEYS: job. ARGV: progress, stage, now_ms.
const LuaScript kProgressScript(R"lua(
if redis.call('HGET', KEYS[1], 'status') ~= 'running' then return 0 end
redis.call('HSET', KEYS[1], 'progress', ARGV[1], 'stage', ARGV[2], 'updated_ms', ARGV[3])
return 1
)lua");

std::optional<Job> job_from_hash(const std::map<std::string, std::string>& h) {
  if (h.empty() || !h.count("id")) return std::nullopt;
  auto field = [&](const char* name) {
    auto it = h.find(name);
    return it == h.end() ? std::string() : it->second;
  };
  Job job;
  job.id = field("id");
  job.type = field("type");
  job.status = job_status_from_string(field("status"));
  job.progress = std::stod(field("progress"));
  job.stage = field("stage");
  job.params = nlohmann::json::parse(field("params"));
  job.error_code = field("error_code");
  job.error_message = field("error_message");
  job.created_ms = std::stoll(field("created_ms"));
  job.updated_ms = std::stoll(field("updated_ms"));
  return job;
}

bool is_nogroup(const RedisReplyError& e) { return std::string(e.what()).rfind("NOGROUP", 0) == 0; }

class RedisJobQueue : public JobQueue {
 public:
  RedisJobQueue(std::shared_ptr<RedisClient> redis, const StoreConfig& config)
      : redis_(std::move(redis)),
        max_depth_(config.max_queue_depth),
        ttl_s_(std::to_string(config.result_ttl.count())),
        claim_idle_(config.job_claim_idle),
        heartbeat_([this] { heartbeat_loop(); }) {}

  ~RedisJobQueue() override {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    cv_.notify_all();
    heartbeat_.join();
  }

  std::string submit(const std::string& type, const nlohmann::json& params,
                     std::vector<std::string> blobs) override {
    check_job_type(type);
    check_job_inputs(blobs.size());
    const std::string params_text = dump_params(params);
    const std::string id = new_job_id();
    // Inputs first (with a TTL, so a submission that dies half-way leaves nothing for long);
    // the job only becomes visible once the script has queued it. Each blob goes in pieces and
    // is freed once stored, so the only whole copy is the caller's, and only until it is sent.
    const size_t count = blobs.size();
    for (size_t i = 0; i < count; ++i) {
      redis_->set_in_pieces(blob_key(id, i), blobs[i], ttl_s_);
      std::string().swap(blobs[i]);
    }
    const std::string now = std::to_string(now_ms());
    Reply r = redis_->eval(kSubmitScript,
                           {kActive, job_key(id), stream_key(type), kIndexAll, index_key(type)},
                           {std::to_string(max_depth_), id, type, params_text, now, ttl_s_,
                            std::to_string(count), std::to_string(kIndexSize)});
    if (reply_integer(r.get()) == 0) {
      std::vector<std::vector<std::string>> dels;
      for (size_t i = 0; i < count; ++i) dels.push_back({"DEL", blob_key(id, i)});
      if (!dels.empty()) redis_->pipeline(dels);
      throw QueueFull("job queue is full (" + std::to_string(max_depth_) + " jobs)");
    }
    return id;
  }

  std::optional<Job> get(const std::string& id) override {
    if (!valid_job_id(id)) return std::nullopt;
    auto replies = redis_->pipeline({{"HGETALL", job_key(id)}, {"GET", result_key(id)}});
    auto job = job_from_hash(hash_fields(replies[0].get()));
    if (job && job->status == JobStatus::kDone) {
      if (reply_is_nil(replies[1].get())) {
        throw std::runtime_error("result of job " + id + " is missing");
      }
      job->result = nlohmann::json::parse(reply_string(replies[1].get()));
    }
    return job;
  }

  std::optional<Job> state(const std::string& id) override {
    if (!valid_job_id(id)) return std::nullopt;
    Reply r = redis_->command({"HGETALL", job_key(id)});
    return job_from_hash(hash_fields(r.get()));
  }

  std::vector<std::string> blobs(const std::string& id) override {
    if (!valid_job_id(id)) throw std::invalid_argument("unknown job id");
    Reply count = redis_->command({"HGET", job_key(id), "blobs"});
    if (reply_is_nil(count.get())) throw std::invalid_argument("unknown job id");
    const long long n = reply_integer(count.get());
    // A hand-made hash can claim any count; one GET each would take memory without bound.
    if (n < 0 || n > static_cast<long long>(kMaxJobInputs)) {
      throw std::runtime_error("job " + id + " names " + std::to_string(n) +
                               " inputs; a job has at most " + std::to_string(kMaxJobInputs));
    }
    std::vector<std::vector<std::string>> gets;
    for (long long i = 0; i < n; ++i) gets.push_back({"GET", blob_key(id, static_cast<size_t>(i))});
    std::vector<std::string> out;
    if (gets.empty()) return out;
    for (const auto& r : redis_->pipeline(gets)) {
      if (reply_is_nil(r.get())) throw std::runtime_error("inputs of job " + id + " expired");
      out.push_back(reply_string(r.get()));
    }
    return out;
  }

  std::vector<Job> list(const std::string& type, size_t limit) override {
    if (limit == 0) return {};
    if (!type.empty()) check_job_type(type);
    const std::string index = type.empty() ? kIndexAll : index_key(type);
    Reply ids = redis_->command({"ZREVRANGE", index, "0", std::to_string(limit - 1)});
    std::vector<std::vector<std::string>> gets;
    for (size_t i = 0; i < ids->elements; ++i) {
      gets.push_back({"HGETALL", job_key(reply_string(ids->element[i]))});
    }
    std::vector<Job> out;
    if (gets.empty()) return out;
    auto replies = redis_->pipeline(gets);
    for (size_t i = 0; i < replies.size(); ++i) {
      if (auto job = job_from_hash(hash_fields(replies[i].get()))) {
        out.push_back(std::move(*job));
      } else {  // expired: drop it from the index
        redis_->command({"ZREM", index, reply_string(ids->element[i])});
      }
    }
    return out;
  }

  bool remove(const std::string& id) override {
    if (!valid_job_id(id)) return false;
    Reply r = redis_->command({"HMGET", job_key(id), "type", "status", "blobs"});
    if (reply_is_nil(r->element[0])) return false;
    const std::string status = reply_string(r->element[1]);
    if (status != "done" && status != "failed") return false;
    const std::string type = reply_string(r->element[0]);
    std::vector<std::vector<std::string>> dels = {{"DEL", job_key(id), result_key(id)},
                                                  {"ZREM", kIndexAll, id},
                                                  {"ZREM", index_key(type), id}};
    const long long blob_count =
        reply_is_nil(r->element[2]) ? 0 : std::stoll(reply_string(r->element[2]));
    for (long long i = 0; i < blob_count; ++i) dels.push_back({"DEL", blob_key(id, size_t(i))});
    check_replies(redis_->pipeline(dels));
    return true;
  }

  std::optional<Job> claim(const std::string& worker_id, const std::vector<std::string>& types,
                           std::chrono::milliseconds wait) override {
    if (types.empty()) return std::nullopt;
    for (const auto& t : types) check_job_type(t);
    try {
      return claim_once(worker_id, types, wait);
    } catch (const RedisReplyError& e) {
      if (!is_nogroup(e)) throw;
      // Redis lost the stream or group (restarted without persistence): recreate and retry.
      std::lock_guard lock(mutex_);
      groups_ready_.clear();
    }
    return claim_once(worker_id, types, wait);
  }

  void progress(const std::string& id, double fraction, const std::string& stage) override {
    if (!valid_job_id(id)) return;
    redis_->eval(kProgressScript, {job_key(id)},
                 {std::to_string(clamp_fraction(fraction)), stage, std::to_string(now_ms())});
  }

  void complete(const std::string& id, const nlohmann::json& result) override {
    finish(id, "done", result.dump(), "", "");
  }

  void fail(const std::string& id, const std::string& code, const std::string& message) override {
    finish(id, "failed", "", code, message);
  }

  void requeue(const std::string& id) override {
    if (!valid_job_id(id)) return;
    forget(id);
    Reply r = redis_->command({"HMGET", job_key(id), "type", "entry", "status"});
    if (r->elements != 3 || reply_is_nil(r->element[0]) || reply_is_nil(r->element[1]) ||
        reply_is_nil(r->element[2]) || reply_string(r->element[2]) != "running") {
      return;
    }
    redis_->eval(kRedeliverScript, {job_key(id), stream_key(reply_string(r->element[0]))},
                 {kGroup, reply_string(r->element[1]), id, std::to_string(now_ms())});
  }

  size_t depth() override {
    return static_cast<size_t>(reply_integer(redis_->command({"SCARD", kActive}).get()));
  }

  bool healthy() override { return redis_->ping(); }
  std::string backend() const override { return "redis"; }

 private:
  struct Claimed {
    std::string stream;
    std::string entry;
    std::string consumer;
  };

  static void check_replies(const std::vector<Reply>& replies) {
    for (const auto& r : replies) {
      if (r->type == REDIS_REPLY_ERROR) throw RedisReplyError(std::string(r->str, r->len));
    }
  }

  void ensure_group(const std::string& stream) {
    {
      std::lock_guard lock(mutex_);
      if (groups_ready_.count(stream)) return;
    }
    try {
      redis_->command({"XGROUP", "CREATE", stream, kGroup, "0", "MKSTREAM"});
    } catch (const RedisReplyError& e) {
      if (std::string(e.what()).rfind("BUSYGROUP", 0) != 0) throw;
    }
    std::lock_guard lock(mutex_);
    groups_ready_.insert(stream);
  }

  // Entries of dead workers (idle past job_claim_idle) first, then new entries.
  std::optional<Job> claim_once(const std::string& worker, const std::vector<std::string>& types,
                                std::chrono::milliseconds wait) {
    std::vector<std::string> streams;
    for (const auto& t : types) {
      streams.push_back(stream_key(t));
      ensure_group(streams.back());
    }
    for (const auto& stream : streams) {
      std::string cursor = "0-0";
      do {  // the pending list holds only running jobs, so this scan is short
        Reply r =
            redis_->command({"XAUTOCLAIM", stream, kGroup, worker,
                             std::to_string(claim_idle_.count() * 1000), cursor, "COUNT", "10"});
        if (r->type != REDIS_REPLY_ARRAY || r->elements < 2) break;
        cursor = reply_string(r->element[0]);
        auto job = take_first(worker, stream, r->element[1]);
        if (job) return job;
      } while (cursor != "0-0");
    }
    std::vector<std::string> cmd = {"XREADGROUP", "GROUP", kGroup, worker, "COUNT", "1"};
    if (wait.count() > 0) {
      cmd.push_back("BLOCK");
      cmd.push_back(std::to_string(wait.count()));
    }
    cmd.push_back("STREAMS");
    cmd.insert(cmd.end(), streams.begin(), streams.end());
    cmd.insert(cmd.end(), streams.size(), ">");
    Reply r = redis_->command(cmd, wait + RedisClient::kCommandTimeout);
    if (r->type != REDIS_REPLY_ARRAY) return std::nullopt;  // timed out
    std::optional<Job> job;
    for (size_t s = 0; s < r->elements; ++s) {
      const redisReply* per_stream = r->element[s];
      if (per_stream->type != REDIS_REPLY_ARRAY || per_stream->elements < 2) continue;
      const std::string stream = reply_string(per_stream->element[0]);
      if (!job) {
        job = take_first(worker, stream, per_stream->element[1]);
      } else {
        take_first("", stream, per_stream->element[1]);
      }
    }
    return job;
  }

  // Claims the first job of a list of stream entries for `worker` and hands the others back to
  // the queue (all of them when `worker` is empty): one claim call takes at most one job.
  std::optional<Job> take_first(const std::string& worker, const std::string& stream,
                                const redisReply* entries) {
    std::optional<Job> job;
    if (entries->type != REDIS_REPLY_ARRAY) return job;
    for (size_t i = 0; i < entries->elements; ++i) {
      const redisReply* e = entries->element[i];
      if (e->type != REDIS_REPLY_ARRAY || e->elements < 2) continue;
      const std::string entry = reply_string(e->element[0]);
      const std::string id = entry_job_id(e->element[1]);
      if (job || worker.empty()) {
        redeliver(stream, entry, id);
      } else {
        job = take(worker, stream, entry, id);
      }
    }
    return job;
  }

  static std::string entry_job_id(const redisReply* fields) {
    if (fields->type != REDIS_REPLY_ARRAY) return "";
    for (size_t i = 0; i + 1 < fields->elements; i += 2) {
      if (reply_string(fields->element[i]) == "id") return reply_string(fields->element[i + 1]);
    }
    return "";
  }

  std::optional<Job> take(const std::string& worker, const std::string& stream,
                          const std::string& entry, const std::string& id) {
    if (!valid_job_id(id)) {  // not ours: drop it so it is not delivered again
      redis_->pipeline({{"XACK", stream, kGroup, entry}, {"XDEL", stream, entry}});
      return std::nullopt;
    }
    Reply r = redis_->eval(
        kClaimScript, {job_key(id), stream, kActive},
        {entry, worker, std::to_string(now_ms()), kGroup, std::to_string(kMaxAttempts), id});
    if (reply_integer(r.get()) == 0) return std::nullopt;
    {
      std::lock_guard lock(mutex_);
      claimed_[id] = Claimed{stream, entry, worker};
    }
    try {
      auto job = job_from_hash(hash_fields(redis_->command({"HGETALL", job_key(id)}).get()));
      if (job) return job;
    } catch (const std::exception&) {
      forget(id);
      throw;
    }
    forget(id);
    return std::nullopt;
  }

  void redeliver(const std::string& stream, const std::string& entry, const std::string& id) {
    redis_->eval(kRedeliverScript, {job_key(id), stream},
                 {kGroup, entry, id, std::to_string(now_ms())});
  }

  void finish(const std::string& id, const std::string& status, const std::string& result,
              const std::string& code, const std::string& message) {
    if (!valid_job_id(id)) return;
    // Forgotten first: if Redis fails here the heartbeat stops and another worker redoes it.
    forget(id);
    Reply type = redis_->command({"HGET", job_key(id), "type"});
    if (reply_is_nil(type.get())) return;
    redis_->eval(kFinishScript,
                 {job_key(id), kActive, result_key(id), stream_key(reply_string(type.get()))},
                 {id, status, std::to_string(now_ms()), ttl_s_, kGroup, result, code, message,
                  std::to_string(kMaxJobInputs)});
  }

  void forget(const std::string& id) {
    std::lock_guard lock(mutex_);
    claimed_.erase(id);
  }

  // Resets the idle time of the entries this process is working on, so live workers keep their
  // jobs however long they run and only a dead worker's jobs get reclaimed.
  void heartbeat_loop() {
    const auto interval = std::max<std::chrono::milliseconds>(
        std::chrono::milliseconds(100),
        std::chrono::duration_cast<std::chrono::milliseconds>(claim_idle_) / 3);
    std::unique_lock lock(mutex_);
    while (!cv_.wait_for(lock, interval, [this] { return stopping_; })) {
      std::vector<std::vector<std::string>> cmds;
      for (const auto& [id, c] : claimed_) {
        cmds.push_back({"XCLAIM", c.stream, kGroup, c.consumer, "0", c.entry, "JUSTID"});
      }
      if (cmds.empty()) continue;
      lock.unlock();
      try {
        redis_->pipeline(cmds);
      } catch (const std::runtime_error&) {
        // Redis is down; the next beat retries.
      }
      lock.lock();
    }
  }

  std::shared_ptr<RedisClient> redis_;
  const size_t max_depth_;
  const std::string ttl_s_;
  const std::chrono::seconds claim_idle_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::set<std::string> groups_ready_;
  std::map<std::string, Claimed> claimed_;
  std::thread heartbeat_;  // last: starts after everything it uses
};

}  // namespace

Backends make_redis_backends(const StoreConfig& config, double rate_per_minute, double burst,
                             RateLimit account) {
  auto redis = std::make_shared<RedisClient>(parse_redis_url(config.redis_url));
  Backends b;
  b.jobs = std::make_shared<RedisJobQueue>(redis, config);
  b.cache = make_redis_cache(redis, config);
  b.users = make_redis_user_store(redis);
  b.rate_limiter = make_redis_rate_limiter(redis, rate_per_minute, burst);
  b.account_limiter = make_redis_rate_limiter(redis, account.per_minute, account.burst);
  b.searches = make_redis_search_index(redis, config);
  return b;
}

}  // namespace exodetect::store::detail
