// The Redis cache, user store and rate limiter, shared by every API process (key layout in
// redis_backends.cpp).

#include <atomic>
#include <chrono>
#include <stdexcept>

#include "internal.hpp"
#include "redis_client.hpp"

namespace exodetect::store::detail {
namespace {

const std::string& kPrefix = kRedisPrefix;
const std::string kUsers = kPrefix + "users";

// KEYS: user, users. ARGV: email, password_hash, role, created_ms.
const LuaScript kCreateUserScript(R"lua(
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'email', ARGV[1], 'password_hash', ARGV[2], 'role', ARGV[3],
  'created_ms', ARGV[4])
redis.call('SADD', KEYS[2], ARGV[1])
return 1
)lua");

// KEYS: user. Bumps token_version of an existing account only (HINCRBY alone would create a
// hash with no email for an unknown one).
const LuaScript kRevokeTokensScript(R"lua(
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
return redis.call('HINCRBY', KEYS[1], 'token_version', 1)
)lua");

// Gives back one token of a bucket, never beyond the burst. KEYS: bucket. ARGV: burst.
const LuaScript kRefundScript(R"lua(
local tokens = tonumber(redis.call('HGET', KEYS[1], 'tokens'))
if tokens == nil then return 0 end
redis.call('HSET', KEYS[1], 'tokens', tostring(math.min(tonumber(ARGV[1]), tokens + 1)))
return 1
)lua");

// Token bucket on the server clock. KEYS: bucket. ARGV: tokens per second, burst.
// Returns 0 when a token was taken, else the whole seconds until one is available.
const LuaScript kTokenBucketScript(R"lua(
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local b = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens = tonumber(b[1]) or burst
local ts = tonumber(b[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - ts) * rate)
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  wait = math.max(1, math.ceil((1 - tokens) / rate))
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(burst / rate) + 1)
return wait
)lua");

class RedisCache : public Cache {
 public:
  RedisCache(std::shared_ptr<RedisClient> redis, const StoreConfig& config)
      : redis_(std::move(redis)), ttl_s_(std::to_string(config.cache_ttl.count())) {}

  std::optional<std::string> get(const std::string& key) override {
    try {
      Reply r = redis_->command({"GET", kPrefix + "cache:" + key}, kTimeout);
      if (!reply_is_nil(r.get())) {
        ++hits_;
        return reply_string(r.get());
      }
    } catch (const std::runtime_error&) {
      // A cache failure is a miss.
    }
    ++misses_;
    return std::nullopt;
  }

  void put(const std::string& key, const std::string& value) override {
    try {
      redis_->command({"SET", kPrefix + "cache:" + key, value, "EX", ttl_s_}, kTimeout);
    } catch (const std::runtime_error&) {
      // Dropped: the value is recomputed next time.
    }
  }

  uint64_t hits() const override { return hits_; }
  uint64_t misses() const override { return misses_; }
  bool healthy() override { return redis_->ping(); }
  std::string backend() const override { return "redis"; }

 private:
  static constexpr std::chrono::milliseconds kTimeout{500};
  std::shared_ptr<RedisClient> redis_;
  const std::string ttl_s_;
  std::atomic<uint64_t> hits_{0};
  std::atomic<uint64_t> misses_{0};
};

class RedisUserStore : public UserStore {
 public:
  explicit RedisUserStore(std::shared_ptr<RedisClient> redis) : redis_(std::move(redis)) {}

  void create(const User& user) override {
    const std::string email = lowercase(user.email);
    Reply r = redis_->eval(
        kCreateUserScript, {kPrefix + "user:" + email, kUsers},
        {email, user.password_hash, role_name(user.role), std::to_string(user.created_ms)});
    if (reply_integer(r.get()) == 0) throw std::invalid_argument("email already registered");
  }

  std::optional<User> find(const std::string& email) override {
    auto h = hash_fields(redis_->command({"HGETALL", kPrefix + "user:" + lowercase(email)}).get());
    if (h.empty()) return std::nullopt;
    User u;
    u.email = h["email"];
    u.password_hash = h["password_hash"];
    u.role = role_from_name(h["role"]);
    u.created_ms = std::stoll(h["created_ms"]);
    // Accounts created before token versions existed have none: version 0.
    u.token_version = h.count("token_version") ? std::stoll(h["token_version"]) : 0;
    return u;
  }

  void revoke_tokens(const std::string& email) override {
    redis_->eval(kRevokeTokensScript, {kPrefix + "user:" + lowercase(email)}, {});
  }

  size_t count() override {
    return static_cast<size_t>(reply_integer(redis_->command({"SCARD", kUsers}).get()));
  }

 private:
  std::shared_ptr<RedisClient> redis_;
};

// Shared buckets in Redis; while Redis is unreachable each process limits on its own.
class RedisRateLimiter : public RateLimiter {
 public:
  RedisRateLimiter(std::shared_ptr<RedisClient> redis, double rate_per_minute, double burst)
      : redis_(std::move(redis)),
        rate_per_s_(std::to_string(rate_per_minute / 60)),
        burst_(std::to_string(burst)),
        fallback_(make_local_rate_limiter(rate_per_minute, burst)) {}

  int acquire(const std::string& key) override {
    try {
      Reply r =
          redis_->eval(kTokenBucketScript, {kPrefix + "ratelimit:" + key}, {rate_per_s_, burst_});
      return static_cast<int>(reply_integer(r.get()));
    } catch (const std::runtime_error&) {
      return fallback_->acquire(key);
    }
  }

  void refund(const std::string& key) override {
    try {
      redis_->eval(kRefundScript, {kPrefix + "ratelimit:" + key}, {burst_});
    } catch (const std::runtime_error&) {
      fallback_->refund(key);
    }
  }

 private:
  std::shared_ptr<RedisClient> redis_;
  const std::string rate_per_s_;
  const std::string burst_;
  std::shared_ptr<RateLimiter> fallback_;
};

}  // namespace

std::shared_ptr<Cache> make_redis_cache(std::shared_ptr<RedisClient> redis,
                                        const StoreConfig& config) {
  return std::make_shared<RedisCache>(std::move(redis), config);
}

std::shared_ptr<UserStore> make_redis_user_store(std::shared_ptr<RedisClient> redis) {
  return std::make_shared<RedisUserStore>(std::move(redis));
}

std::shared_ptr<RateLimiter> make_redis_rate_limiter(std::shared_ptr<RedisClient> redis,
                                                     double rate_per_minute, double burst) {
  return std::make_shared<RedisRateLimiter>(std::move(redis), rate_per_minute, burst);
}

}  // namespace exodetect::store::detail
