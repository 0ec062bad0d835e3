#include <gtest/gtest.h>

#include <cstdlib>
#include <stdexcept>
#include <string>

#include "exodetect/server/config.hpp"

namespace exodetect::server {
namespace {

// Sets (or, for nullptr, unsets) a variable.
void set_env(const char* name, const char* value) {
  if (value) {
    ::setenv(name, value, 1);
  } else {
    ::unsetenv(name);
  }
}

// Only EXODETECT_ENV=development runs with the built-in (public) secret or a short one.
TEST(Config, TheDevelopmentSecretNeedsDevelopmentMode) {
  for (const char* mode : {"production", static_cast<const char*>(nullptr)}) {
    set_env("EXODETECT_ENV", mode);
    set_env("EXODETECT_JWT_SECRET", nullptr);
    EXPECT_THROW(check_jwt_secret(server_config_from_env()), std::invalid_argument);
    set_env("EXODETECT_JWT_SECRET", kDevJwtSecret);
    EXPECT_THROW(check_jwt_secret(server_config_from_env()), std::invalid_argument);
    set_env("EXODETECT_JWT_SECRET", "31-characters-is-one-too-few-xx");
    EXPECT_THROW(check_jwt_secret(server_config_from_env()), std::invalid_argument);
    set_env("EXODETECT_JWT_SECRET", "0123456789abcdef0123456789abcdef");
    EXPECT_NO_THROW(check_jwt_secret(server_config_from_env()));
  }
  set_env("EXODETECT_ENV", "staging");
  EXPECT_THROW(server_config_from_env(), std::invalid_argument);
  set_env("EXODETECT_ENV", "development");
  set_env("EXODETECT_JWT_SECRET", "short");
  EXPECT_NO_THROW(check_jwt_secret(server_config_from_env()));
  set_env("EXODETECT_MAX_UPLOAD_MB", "lots");
  EXPECT_THROW(server_config_from_env(), std::invalid_argument);
  set_env("EXODETECT_MAX_UPLOAD_MB", nullptr);
  set_env("EXODETECT_JWT_SECRET", nullptr);
  auto dev = server_config_from_env();
  EXPECT_EQ(dev.jwt_secret, kDevJwtSecret);
  EXPECT_NO_THROW(check_jwt_secret(dev));
  EXPECT_EQ(dev.max_upload_bytes, size_t(100) << 20);
  set_env("EXODETECT_ENV", nullptr);
}

TEST(Config, LoginFailureLimitsAreRead) {
  set_env("EXODETECT_LOGIN_FAILURE_BURST", nullptr);
  set_env("EXODETECT_LOGIN_FAILURES_PER_HOUR", nullptr);
  EXPECT_EQ(server_config_from_env().login_failures.burst, store::kDefaultLoginFailures.burst);
  set_env("EXODETECT_LOGIN_FAILURE_BURST", "4");
  set_env("EXODETECT_LOGIN_FAILURES_PER_HOUR", "30");
  const auto c = server_config_from_env();
  EXPECT_EQ(c.login_failures.burst, 4);
  EXPECT_DOUBLE_EQ(c.login_failures.per_minute, 0.5);
  set_env("EXODETECT_LOGIN_FAILURE_BURST", "0");
  EXPECT_THROW(server_config_from_env(), std::invalid_argument);
  set_env("EXODETECT_LOGIN_FAILURE_BURST", nullptr);
  set_env("EXODETECT_LOGIN_FAILURES_PER_HOUR", nullptr);
}

// The takeover delay is read once, by the store's config, with one rule: whole seconds in
// [1, 86400]; serve and worker see what the store reads.
TEST(Config, JobClaimIdleHasOneRule) {
  set_env("EXODETECT_JOB_CLAIM_IDLE_S", nullptr);
  EXPECT_EQ(server_config_from_env().store.job_claim_idle.count(), 60);
  set_env("EXODETECT_JOB_CLAIM_IDLE_S", "86400");
  EXPECT_EQ(server_config_from_env().store.job_claim_idle.count(), 86400);
  for (const char* bad : {"0", "86401", "1.5", "-3", "soon", "1e3"}) {
    set_env("EXODETECT_JOB_CLAIM_IDLE_S", bad);
    EXPECT_THROW(server_config_from_env(), std::invalid_argument) << bad;
  }
  set_env("EXODETECT_JOB_CLAIM_IDLE_S", nullptr);
}

}  // namespace
}  // namespace exodetect::server
