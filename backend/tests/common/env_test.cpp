#include "exodetect/common/env.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <stdexcept>
#include <string>

namespace exodetect::common {
namespace {

// The error names the variable, its range as a person writes it, and what was given.
TEST(Env, ANumberOutOfRangeSaysTheRangeAsWritten) {
  ::setenv("EXODETECT_TEST_NUMBER", "300", 1);
  try {
    env_number("EXODETECT_TEST_NUMBER", 1.0, 1.0, 256.0);
    FAIL() << "300 is outside [1, 256]";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(
        std::string(e.what()).find("EXODETECT_TEST_NUMBER must be a number in [1, 256], got '300'"),
        std::string::npos)
        << e.what();
  }
  ::setenv("EXODETECT_TEST_NUMBER", "0.25", 1);
  EXPECT_THROW(env_number("EXODETECT_TEST_NUMBER", 1.0, 0.5, 1e6), std::invalid_argument);
  try {
    env_number("EXODETECT_TEST_NUMBER", 1.0, 0.5, 1e6);
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("[0.5, 1000000]"), std::string::npos) << e.what();
  }
  ::setenv("EXODETECT_TEST_NUMBER", "42.5", 1);
  EXPECT_DOUBLE_EQ(env_number("EXODETECT_TEST_NUMBER", 1.0, 1.0, 256.0), 42.5);
  ::unsetenv("EXODETECT_TEST_NUMBER");
  EXPECT_DOUBLE_EQ(env_number("EXODETECT_TEST_NUMBER", 7.0, 1.0, 256.0), 7.0);
}

}  // namespace
}  // namespace exodetect::common
