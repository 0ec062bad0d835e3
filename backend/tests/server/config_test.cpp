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

TEST(Config, ProductionRefusesMissingOrDefaultSecret) {
  set_env("EXODETECT_ENV", "production");
  set_env("EXODETECT_JWT_SECRET", nullptr);
  EXPECT_THROW(server_config_from_env(), std::invalid_argument);
  set_env("EXODETECT_JWT_SECRET", kDevJwtSecret);
  EXPECT_THROW(server_config_from_env(), std::invalid_argument);
  set_env("EXODETECT_JWT_SECRET", "0123456789abcdef0123456789abcdef-long");
  EXPECT_NO_THROW(server_config_from_env());
  set_env("EXODETECT_MAX_UPLOAD_MB", "lots");
  EXPECT_THROW(server_config_from_env(), std::invalid_argument);
  set_env("EXODETECT_MAX_UPLOAD_MB", nullptr);
  set_env("EXODETECT_ENV", nullptr);
  set_env("EXODETECT_JWT_SECRET", nullptr);
  auto dev = server_config_from_env();
  EXPECT_EQ(dev.jwt_secret, kDevJwtSecret);
  EXPECT_EQ(dev.max_upload_bytes, size_t(100) << 20);
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
