#pragma once

// Private to the store module: helpers shared by the embedded and Redis backends.

#include <cstdint>
#include <memory>
#include <string>

#include "exodetect/store/backends.hpp"

namespace exodetect::store::detail {

// Deliveries of a job before one that keeps killing its process fails instead of running again.
constexpr int kMaxAttempts = 3;

class RedisClient;

// Every Redis key of exodetect starts with this.
inline const std::string kRedisPrefix = "exodetect:";

// Throws std::runtime_error when libsodium cannot start (no entropy source).
void ensure_sodium();
int64_t now_ms();
std::string new_job_id();  // 128 random bits as 32 lowercase hex chars
// Job types become file and key names: lowercase letters, digits, '_' and '-', 1..32 chars.
// Throws std::invalid_argument otherwise.
void check_job_type(const std::string& type);
// At most kMaxJobInputs inputs, which is what a worker will read back. Throws
// std::invalid_argument otherwise.
void check_job_inputs(size_t count);
std::string lowercase(std::string s);
// Job parameters as stored (null becomes {}). Throws std::invalid_argument when they cannot be
// serialised (strings that are not UTF-8).
std::string dump_params(const nlohmann::json& params);
// A progress fraction clamped to 0..1 (NaN reads as 0).
double clamp_fraction(double fraction);
std::string role_name(Role role);
Role role_from_name(const std::string& name);  // throws std::invalid_argument

std::shared_ptr<JobQueue> make_embedded_job_queue(const StoreConfig& config);
std::shared_ptr<Cache> make_memory_cache(const StoreConfig& config);
std::shared_ptr<UserStore> make_sqlite_user_store(const std::string& path);
std::shared_ptr<RateLimiter> make_local_rate_limiter(double rate_per_minute, double burst);
std::shared_ptr<SearchIndex> make_sqlite_search_index(const std::string& path);
std::shared_ptr<SearchIndex> make_redis_search_index(std::shared_ptr<RedisClient> redis,
                                                     const StoreConfig& config);
std::shared_ptr<Cache> make_redis_cache(std::shared_ptr<RedisClient> redis,
                                        const StoreConfig& config);
std::shared_ptr<UserStore> make_redis_user_store(std::shared_ptr<RedisClient> redis);
std::shared_ptr<RateLimiter> make_redis_rate_limiter(std::shared_ptr<RedisClient> redis,
                                                     double rate_per_minute, double burst);
Backends make_redis_backends(const StoreConfig& config, double rate_per_minute, double burst,
                             RateLimit account);

}  // namespace exodetect::store::detail
