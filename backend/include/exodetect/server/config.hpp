#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "exodetect/store/backends.hpp"

namespace exodetect::server {

// Everything `exodetect serve` / `worker` read from the environment (docs/CONFIGURATION.md).
struct ServerConfig {
  std::string host = "0.0.0.0";
  int port = 8000;                       // 0: any free port (tests)
  unsigned http_threads = 0;             // EXODETECT_HTTP_THREADS; 0: max_connections + 16
  unsigned job_workers = 2;              // WORKERS: job worker threads of serve / worker
  size_t max_upload_bytes = 100u << 20;  // EXODETECT_MAX_UPLOAD_MB
  int request_timeout_s = 60;            // EXODETECT_REQUEST_TIMEOUT_S: socket read/write limit
  int read_idle_timeout_s = 10;          // EXODETECT_READ_IDLE_TIMEOUT_S: silence mid-request
  size_t max_decompressed_bytes = 400u << 20;  // EXODETECT_MAX_DECOMPRESSED_MB; 4 x upload
  unsigned max_connections = 512;              // EXODETECT_MAX_CONNECTIONS
  unsigned max_connections_per_client = 64;    // EXODETECT_MAX_CONNECTIONS_PER_CLIENT
  unsigned max_streams = 256;                  // EXODETECT_MAX_STREAMS: open progress streams
  unsigned max_streams_per_client = 16;        // EXODETECT_MAX_STREAMS_PER_CLIENT
  int job_timeout_s = 1800;  // EXODETECT_JOB_TIMEOUT_S: longest a job runs (0: no limit)
  int sse_max_s = 300;       // EXODETECT_SSE_MAX_S: longest an event stream stays open
  std::vector<std::string> cors_origins;  // EXODETECT_CORS_ORIGINS, comma separated; "*" any
  std::string jwt_secret;                 // EXODETECT_JWT_SECRET
  int jwt_ttl_s = 86400;                  // EXODETECT_JWT_TTL_S
  bool production = false;                // EXODETECT_ENV=production
  bool development = false;    // EXODETECT_ENV=development: the built-in JWT secret is allowed
  std::string admin_email;     // EXODETECT_ADMIN_EMAIL
  std::string admin_password;  // EXODETECT_ADMIN_PASSWORD
  std::string model_path = "ml/models";       // MODEL_PATH: file or directory of *.exomodel
  std::string catalog_dir = "data/catalogs";  // EXODETECT_CATALOG_DIR; unset: default_catalog_dir()
  // EXODETECT_SURVEY_DIR: the shared folder survey workers read stars from by path
  // (`exodetect survey --shared-dir`); empty: stars only arrive uploaded.
  std::string survey_dir;
  double rate_per_minute = 120;  // EXODETECT_RATE_LIMIT_PER_MIN (per client)
  double rate_burst = 60;        // EXODETECT_RATE_LIMIT_BURST
  // Failed logins per account (EXODETECT_LOGIN_FAILURE_BURST, EXODETECT_LOGIN_FAILURES_PER_HOUR).
  store::RateLimit login_failures = store::kDefaultLoginFailures;
  bool trust_proxy = false;        // EXODETECT_TRUST_PROXY: client = last X-Forwarded-For hop
  std::string log_level = "info";  // LOG_LEVEL
  std::string log_dir;             // EXODETECT_LOG_DIR: also write rotating log files there
  store::StoreConfig store;
};

// The development default secret; used only with EXODETECT_ENV=development.
inline constexpr const char* kDevJwtSecret = "exodetect-dev-secret-change-me";
// Account credentials: longer emails or passwords are refused with 400 before any hashing,
// shorter passwords at signup.
inline constexpr size_t kMaxEmailBytes = 254;
inline constexpr size_t kMaxPasswordBytes = 1024;
inline constexpr size_t kMinPasswordChars = 8;

// The shortest EXODETECT_JWT_SECRET accepted outside development.
inline constexpr size_t kMinJwtSecretChars = 32;

// Reads the config (with EXODETECT_ENV=development, an unset secret is kDevJwtSecret); throws
// std::invalid_argument for malformed values.
ServerConfig server_config_from_env();

// The API server's start check: unless `development`, the JWT secret must be set, not the
// built-in one, and at least kMinJwtSecretChars long; std::invalid_argument naming
// EXODETECT_JWT_SECRET otherwise. Workers sign no tokens and skip it.
void check_jwt_secret(const ServerConfig& config);

// Sets up the process-wide JSON logger at `level` (trace|debug|info|warning|error|critical):
// stdout, plus <log_dir>/<process_name>-<host>.log (rotated) when log_dir is set.
void setup_logging(const std::string& level, const std::string& log_dir = "",
                   const std::string& process_name = "serve");

}  // namespace exodetect::server
