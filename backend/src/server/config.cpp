#include "exodetect/server/config.hpp"

#include "exodetect/catalog/catalog_files.hpp"

#include <cstdlib>
#include <stdexcept>

#include <unistd.h>

#include <filesystem>
#include <vector>

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "exodetect/common/env.hpp"
#include "exodetect/ml/model.hpp"

namespace exodetect::server {

using common::env_flag;
using common::env_number;
using common::env_text;

namespace {

std::string env(const char* name, const std::string& fallback = {}) {
  return env_text(name).value_or(fallback);
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    std::string item = text.substr(start, end - start);
    while (!item.empty() && item.back() == ' ') item.pop_back();
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == '/') item.pop_back();  // origins have no path
    if (!item.empty()) out.push_back(item);
    start = end + 1;
  }
  return out;
}

}  // namespace

ServerConfig server_config_from_env() {
  ServerConfig c;
  c.store = store::store_config_from_env();
  c.http_threads = unsigned(env_number("EXODETECT_HTTP_THREADS", 0, 0, 4096));
  c.job_workers = unsigned(env_number("WORKERS", 2, 1, 256));
  c.max_upload_bytes =
      size_t(env_number("EXODETECT_MAX_UPLOAD_MB", 100, 0.001, 1 << 20) * 1024 * 1024);
  c.request_timeout_s = int(env_number("EXODETECT_REQUEST_TIMEOUT_S", 60, 1, 86400));
  c.read_idle_timeout_s = int(env_number("EXODETECT_READ_IDLE_TIMEOUT_S", 10, 1, 86400));
  c.max_decompressed_bytes =
      size_t(env_number("EXODETECT_MAX_DECOMPRESSED_MB",
                        4.0 * double(c.max_upload_bytes) / (1 << 20), 0.001, 1 << 20) *
             1024 * 1024);
  c.max_connections = unsigned(env_number("EXODETECT_MAX_CONNECTIONS", 512, 1, 65536));
  c.max_connections_per_client =
      unsigned(env_number("EXODETECT_MAX_CONNECTIONS_PER_CLIENT", 64, 0, 65536));
  c.max_streams = unsigned(env_number("EXODETECT_MAX_STREAMS", 256, 1, 65536));
  c.max_streams_per_client = unsigned(env_number("EXODETECT_MAX_STREAMS_PER_CLIENT", 16, 1, 65536));
  c.job_timeout_s = int(env_number("EXODETECT_JOB_TIMEOUT_S", 1800, 0, 7 * 86400));
  c.sse_max_s = int(env_number("EXODETECT_SSE_MAX_S", 300, 1, 86400));
  c.cors_origins =
      split_list(env("EXODETECT_CORS_ORIGINS", "http://localhost:3000,http://127.0.0.1:3000"));
  c.jwt_secret = env("EXODETECT_JWT_SECRET");
  c.jwt_ttl_s = int(env_number("EXODETECT_JWT_TTL_S", 86400, 60, 365 * 86400));
  const std::string mode = env("EXODETECT_ENV");
  if (!mode.empty() && mode != "development" && mode != "production") {
    throw std::invalid_argument("EXODETECT_ENV must be development or production (or unset)");
  }
  c.production = mode == "production";
  c.development = mode == "development";
  c.login_failures.burst =
      env_number("EXODETECT_LOGIN_FAILURE_BURST", store::kDefaultLoginFailures.burst, 1, 1e6);
  c.login_failures.per_minute =
      env_number("EXODETECT_LOGIN_FAILURES_PER_HOUR", store::kDefaultLoginFailures.per_minute * 60,
                 0.01, 1e9) /
      60;
  c.admin_email = env("EXODETECT_ADMIN_EMAIL");
  c.admin_password = env("EXODETECT_ADMIN_PASSWORD");
  c.model_path = env(ml::kModelPathVariable, c.model_path);
  c.catalog_dir = env("EXODETECT_CATALOG_DIR", catalog::default_catalog_dir());
  c.survey_dir = env("EXODETECT_SURVEY_DIR", "");
  c.rate_per_minute = env_number("EXODETECT_RATE_LIMIT_PER_MIN", 120, 1, 1e12);
  c.rate_burst = env_number("EXODETECT_RATE_LIMIT_BURST", 60, 1, 1e12);
  c.trust_proxy = env_flag("EXODETECT_TRUST_PROXY");
  c.log_level = env("LOG_LEVEL", "info");
  c.log_dir = env("EXODETECT_LOG_DIR", "");
  if (c.jwt_secret.empty() && c.development) c.jwt_secret = kDevJwtSecret;
  return c;
}

void check_jwt_secret(const ServerConfig& c) {
  if (c.development) return;
  // Tokens signed with the published development secret can be forged by anyone.
  if (c.jwt_secret.empty() || c.jwt_secret == kDevJwtSecret) {
    throw std::invalid_argument(
        "EXODETECT_JWT_SECRET is unset or the built-in development value: set it to a private "
        "random value of at least " +
        std::to_string(kMinJwtSecretChars) +
        " characters (openssl rand -hex 32), or set EXODETECT_ENV=development on a development "
        "machine");
  }
  if (c.jwt_secret.size() < kMinJwtSecretChars) {
    throw std::invalid_argument("EXODETECT_JWT_SECRET must have at least " +
                                std::to_string(kMinJwtSecretChars) +
                                " characters outside EXODETECT_ENV=development");
  }
}

void setup_logging(const std::string& level, const std::string& log_dir,
                   const std::string& process_name) {
  auto lvl = spdlog::level::from_str(level == "warn" ? "warning" : level);
  if (lvl == spdlog::level::off && level != "off") {
    throw std::invalid_argument("LOG_LEVEL must be trace|debug|info|warning|error|critical|off");
  }
  std::vector<spdlog::sink_ptr> sinks{std::make_shared<spdlog::sinks::stdout_sink_mt>()};
  if (!log_dir.empty()) {
    // One file per process (API and each worker share the volume), rotated at 10 MB x 5.
    std::error_code ec;
    std::filesystem::create_directories(log_dir, ec);
    char host[256] = {};
    gethostname(host, sizeof host - 1);
    const std::string file = log_dir + "/" + process_name + "-" + host + ".log";
    try {
      sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(file, 10u << 20, 5));
    } catch (const spdlog::spdlog_ex& e) {
      throw std::invalid_argument("EXODETECT_LOG_DIR: cannot write " + file + ": " + e.what());
    }
  }
  // Replaced on every call (only once the new sinks exist), so a later call really changes them.
  auto logger = std::make_shared<spdlog::logger>("exodetect", sinks.begin(), sinks.end());
  // Messages are the inner fields of one JSON object ("key":value,...), so each line is JSON.
  logger->set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l",%v})");
  logger->set_level(lvl);
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

}  // namespace exodetect::server
