#include "exodetect/store/backends.hpp"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "exodetect/common/env.hpp"
#include "internal.hpp"
#include "redis_client.hpp"

namespace exodetect::store {

using common::env_integer;
using common::env_text;

namespace {

// The store's counts, sizes and durations: any positive integer of up to 12 digits.
uint64_t env_positive(const char* name, uint64_t fallback) {
  return env_integer(name, fallback, 1, 999999999999);
}

std::string percent_encode(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out += {'%', kHex[c >> 4], kHex[c & 15]};
    }
  }
  return out;
}

}  // namespace

StoreConfig store_config_from_env() {
  StoreConfig config;
  if (auto dir = env_text("EXODETECT_DATA_DIR")) config.data_dir = *dir;
  if (auto url = env_text("REDIS_URL")) {
    config.redis_url = *url;
  } else if (auto host = env_text("REDIS_HOST")) {
    const uint64_t port = env_integer("REDIS_PORT", 6379, 1, 65535);
    const auto password = env_text("REDIS_PASSWORD");
    const bool ipv6 = host->find(':') != std::string::npos;
    config.redis_url = "redis://" + (password ? ":" + percent_encode(*password) + "@" : "") +
                       (ipv6 ? "[" + *host + "]" : *host) + ":" + std::to_string(port);
  }
  if (!config.redis_url.empty()) {
    try {
      detail::parse_redis_url(config.redis_url);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(std::string("REDIS_URL/REDIS_HOST: ") + e.what());
    }
  }
  config.max_queue_depth = env_positive("EXODETECT_MAX_QUEUE", config.max_queue_depth);
  config.cache_ttl = std::chrono::seconds(
      env_positive("EXODETECT_CACHE_TTL_S", static_cast<uint64_t>(config.cache_ttl.count())));
  config.cache_max_bytes = env_positive("EXODETECT_CACHE_MAX_MB", config.cache_max_bytes >> 20)
                           << 20;
  config.job_claim_idle = std::chrono::seconds(
      env_integer("EXODETECT_JOB_CLAIM_IDLE_S",
                  static_cast<uint64_t>(config.job_claim_idle.count()), 1, 86400));
  config.result_ttl = std::chrono::seconds(
      env_positive("EXODETECT_RESULT_TTL_S", static_cast<uint64_t>(config.result_ttl.count())));
  return config;
}

std::string to_string(JobStatus s) {
  switch (s) {
    case JobStatus::kQueued:
      return "queued";
    case JobStatus::kRunning:
      return "running";
    case JobStatus::kDone:
      return "done";
    case JobStatus::kFailed:
      return "failed";
  }
  return "unknown";
}

JobStatus job_status_from_string(const std::string& s) {
  if (s == "queued") return JobStatus::kQueued;
  if (s == "running") return JobStatus::kRunning;
  if (s == "done") return JobStatus::kDone;
  if (s == "failed") return JobStatus::kFailed;
  throw std::invalid_argument("unknown job status '" + s + "'");
}

bool valid_job_id(const std::string& id) {
  return id.size() == 32 && std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

Backends make_backends(const StoreConfig& config, double rate_per_minute, double burst,
                       RateLimit account) {
  if (!(rate_per_minute > 0) || !(burst >= 1) || !(account.per_minute > 0) ||
      !(account.burst >= 1)) {
    throw std::invalid_argument("rate limit needs rate_per_minute > 0 and burst >= 1");
  }
  if (!config.redis_url.empty()) {
    return detail::make_redis_backends(config, rate_per_minute, burst, account);
  }
  std::error_code ec;
  std::filesystem::create_directories(config.data_dir, ec);
  if (ec || !std::filesystem::is_directory(config.data_dir)) {
    throw std::runtime_error("cannot create data dir '" + config.data_dir +
                             "': " + (ec ? ec.message() : "not a directory"));
  }
  Backends b;
  b.jobs = detail::make_embedded_job_queue(config);
  b.cache = detail::make_memory_cache(config);
  b.users = detail::make_sqlite_user_store(
      (std::filesystem::path(config.data_dir) / "users.db").string());
  b.rate_limiter = detail::make_local_rate_limiter(rate_per_minute, burst);
  b.account_limiter = detail::make_local_rate_limiter(account.per_minute, account.burst);
  b.searches = detail::make_sqlite_search_index(
      (std::filesystem::path(config.data_dir) / "searches.db").string());
  return b;
}

namespace detail {

void ensure_sodium() {
  // sodium_init is idempotent and thread-safe; it only fails when no entropy source exists.
  if (sodium_init() < 0) throw std::runtime_error("libsodium initialisation failed");
}

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string new_job_id() {
  ensure_sodium();
  unsigned char bytes[16];
  randombytes_buf(bytes, sizeof bytes);
  char hex[33];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return hex;
}

void check_job_type(const std::string& type) {
  const bool ok =
      !type.empty() && type.size() <= 32 && std::all_of(type.begin(), type.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
      });
  if (!ok) throw std::invalid_argument("invalid job type '" + type + "'");
}

void check_job_inputs(size_t count) {
  if (count > kMaxJobInputs) {
    throw std::invalid_argument("a job has at most " + std::to_string(kMaxJobInputs) +
                                " inputs, not " + std::to_string(count));
  }
}

std::string lowercase(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string dump_params(const nlohmann::json& params) {
  if (params.is_null()) return "{}";
  try {
    return params.dump();
  } catch (const nlohmann::json::exception&) {
    throw InvalidJobParams("job parameters must be valid UTF-8 text");
  }
}

double clamp_fraction(double fraction) {
  return std::isnan(fraction) ? 0.0 : std::clamp(fraction, 0.0, 1.0);
}

std::string role_name(Role role) { return role == Role::kAdmin ? "admin" : "user"; }

Role role_from_name(const std::string& name) {
  if (name == "admin") return Role::kAdmin;
  if (name == "user") return Role::kUser;
  throw std::invalid_argument("unknown role '" + name + "'");
}

}  // namespace detail
}  // namespace exodetect::store
