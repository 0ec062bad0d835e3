#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "exodetect/store/searches.hpp"

namespace exodetect::store {

// Where jobs, cache entries, users and rate-limit buckets live: in-process with files under the
// data dir (the embedded default), or Redis when REDIS_URL / REDIS_HOST is set.
struct StoreConfig {
  std::string data_dir = "var";  // EXODETECT_DATA_DIR
  std::string redis_url;         // redis://[:password@]host:port[/db]; empty: embedded
  size_t max_queue_depth = 64;   // submissions beyond this are refused (429/503)
  std::chrono::seconds cache_ttl{3600};
  size_t cache_max_entries = 256;  // in-memory LRU size
  // Redis: a running job whose worker stopped heartbeating this long is taken over by another
  // worker (EXODETECT_JOB_CLAIM_IDLE_S, 1 to 86400 s).
  std::chrono::seconds job_claim_idle{60};
  size_t cache_max_bytes = 256u << 20;  // in-memory LRU size in bytes (EXODETECT_CACHE_MAX_MB)
  // How long finished jobs (state, inputs, result) are kept (EXODETECT_RESULT_TTL_S); Redis also
  // expires inputs of jobs never run after this long.
  std::chrono::seconds result_ttl{7 * 24 * 3600};
};

// Reads StoreConfig from the environment: EXODETECT_DATA_DIR, REDIS_URL or
// REDIS_HOST/REDIS_PORT/REDIS_PASSWORD, EXODETECT_MAX_QUEUE, EXODETECT_CACHE_TTL_S,
// EXODETECT_CACHE_MAX_MB, EXODETECT_RESULT_TTL_S, EXODETECT_JOB_CLAIM_IDLE_S. Throws
// std::invalid_argument naming the variable when a value is malformed (not a positive integer, out
// of range, bad port or URL).
StoreConfig store_config_from_env();

enum class JobStatus { kQueued, kRunning, kDone, kFailed };
std::string to_string(JobStatus s);  // "queued", "running", "done", "failed"
// Inverse of to_string; throws std::invalid_argument for other text.
JobStatus job_status_from_string(const std::string& s);

struct Job {
  std::string id;    // 32 lowercase hex chars
  std::string type;  // "search", "train", "survey"
  JobStatus status = JobStatus::kQueued;
  double progress = 0;     // 0..1
  std::string stage;       // human-readable step ("detrending", "searching", ...)
  nlohmann::json params;   // job parameters (small)
  nlohmann::json result;   // null until done
  std::string error_code;  // set when failed
  std::string error_message;
  int64_t created_ms = 0;  // unix epoch milliseconds
  int64_t updated_ms = 0;
};

// True when `id` has the form of a job id (rejects path-like and other ids before any lookup).
bool valid_job_id(const std::string& id);

// Thrown by JobQueue::submit when the queue is full (maps to HTTP 429 with Retry-After).
class QueueFull : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thrown by JobQueue::submit for parameters it cannot store (text that is not UTF-8): the
// submitter's input, unlike the store's other std::invalid_argument (an unknown job type or id),
// which are the caller's bugs.
class InvalidJobParams : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Most inputs one job carries: a search's files (the API refuses more) or a survey star's one
// file. A stored job naming more was not written by exodetect, and a worker fails it.
constexpr size_t kMaxJobInputs = 64;

// The job queue and job table. Implementations are thread-safe. Every method but healthy() and
// backend() throws std::runtime_error while the backend is unreachable (Redis down).
class JobQueue {
 public:
  virtual ~JobQueue() = default;
  // Queues a job with its input blobs (uploaded files, stored by the queue so any worker can
  // fetch them; taken by value so callers can move large uploads in) and returns its id (null
  // params are stored as {}). Throws QueueFull when at capacity, std::invalid_argument for a
  // type other than [a-z0-9_-]{1,32}, more than kMaxJobInputs blobs or params with text that is
  // not UTF-8.
  virtual std::string submit(const std::string& type, const nlohmann::json& params,
                             std::vector<std::string> blobs) = 0;
  // nullopt for an unknown or malformed id; `result` is filled when the job is done.
  virtual std::optional<Job> get(const std::string& id) = 0;
  // The job as get() has it but without its result (null): nothing of the result is read, so
  // looking up or polling a large finished job costs what a small one does.
  virtual std::optional<Job> state(const std::string& id) = 0;
  // The inputs given to submit. Throws std::invalid_argument for an unknown or malformed id.
  virtual std::vector<std::string> blobs(const std::string& id) = 0;
  // Newest first, without results; an empty `type` lists every type.
  virtual std::vector<Job> list(const std::string& type, size_t limit) = 0;
  // Blocks up to `wait` for a job of one of `types` and marks it running for `worker_id`.
  virtual std::optional<Job> claim(const std::string& worker_id,
                                   const std::vector<std::string>& types,
                                   std::chrono::milliseconds wait) = 0;
  // progress, complete, fail and requeue ignore unknown ids and jobs already finished (a late
  // duplicate after a takeover does not overwrite the first result).
  virtual void progress(const std::string& id, double fraction, const std::string& stage) = 0;
  virtual void complete(const std::string& id, const nlohmann::json& result) = 0;
  virtual void fail(const std::string& id, const std::string& code, const std::string& message) = 0;
  // Puts a claimed job back in the queue untouched (a worker shutting down mid-job).
  virtual void requeue(const std::string& id) = 0;
  // Deletes a finished job (state, inputs, result); false for an unknown id or a job still
  // queued or running, which are left as they are.
  virtual bool remove(const std::string& id) = 0;
  virtual size_t depth() = 0;               // queued + running
  virtual bool healthy() = 0;               // backend reachable
  virtual std::string backend() const = 0;  // "embedded" or "redis"
};

// Bytes cache keyed by content hashes. A failure never throws: get() misses, put() is dropped.
class Cache {
 public:
  virtual ~Cache() = default;
  virtual std::optional<std::string> get(const std::string& key) = 0;
  virtual void put(const std::string& key, const std::string& value) = 0;
  virtual uint64_t hits() const = 0;
  virtual uint64_t misses() const = 0;
  virtual bool healthy() = 0;
  virtual std::string backend() const = 0;
};

enum class Role { kUser, kAdmin };

struct User {
  std::string email;          // lowercased, unique
  std::string password_hash;  // argon2id (libsodium crypto_pwhash_str)
  Role role = Role::kUser;
  int64_t created_ms = 0;
  // Put in each token the account is issued; a token of another version is refused, so bumping
  // it (logout) revokes every token issued before.
  int64_t token_version = 0;
};

// Durable user accounts (SQLite file in the data dir, or Redis hashes).
class UserStore {
 public:
  virtual ~UserStore() = default;
  // Throws std::invalid_argument when the email is taken.
  virtual void create(const User& user) = 0;
  virtual std::optional<User> find(const std::string& email) = 0;
  virtual size_t count() = 0;
  // Bumps the account's token_version, revoking every token issued so far; an unknown email is
  // left alone.
  virtual void revoke_tokens(const std::string& email) = 0;
};

// Token-bucket rate limiting per client key (shared through Redis when present).
class RateLimiter {
 public:
  virtual ~RateLimiter() = default;
  // Takes one token for `key`; returns 0 when allowed, else the seconds to wait.
  virtual int acquire(const std::string& key) = 0;
  // Gives back a token acquire() took (never beyond the burst): an attempt that turned out not
  // to count, such as a login that succeeded.
  virtual void refund(const std::string& key) = 0;
};

// A token bucket's refill rate and size.
struct RateLimit {
  double per_minute;
  double burst;
};

// Failed logins (and signups of a taken email) allowed per account: 10 in a row, then one every
// 5 minutes (EXODETECT_LOGIN_FAILURE_BURST, EXODETECT_LOGIN_FAILURES_PER_HOUR).
inline constexpr RateLimit kDefaultLoginFailures{12.0 / 60, 10};

struct Backends {
  std::shared_ptr<JobQueue> jobs;
  std::shared_ptr<Cache> cache;
  std::shared_ptr<UserStore> users;
  std::shared_ptr<RateLimiter> rate_limiter;
  // Buckets keyed by account ("account:<email>"): failed logins per account, whoever sends them.
  std::shared_ptr<RateLimiter> account_limiter;
  std::shared_ptr<SearchIndex> searches;
};

// Builds the embedded or Redis backends from the config. `rate_per_minute` and `burst` set the
// per-client token bucket, `account` the per-account one. Throws std::runtime_error when the data
// dir cannot be created.
Backends make_backends(const StoreConfig& config, double rate_per_minute, double burst,
                       RateLimit account = kDefaultLoginFailures);

}  // namespace exodetect::store
