#include "exodetect/common/resources.hpp"

#include <thread>

#include <gtest/gtest.h>

namespace exodetect::common {
namespace {

TEST(Resources, CpuQuotaIsReadAndRoundedUp) {
  EXPECT_EQ(cpus_from_cpu_max("200000 100000\n"), 2u);
  EXPECT_EQ(cpus_from_cpu_max("150000 100000"), 2u);  // 1.5 CPUs: two threads, not one
  EXPECT_EQ(cpus_from_cpu_max("50000 100000"), 1u);
  EXPECT_FALSE(cpus_from_cpu_max("max 100000"));
  EXPECT_FALSE(cpus_from_cpu_max(""));
  EXPECT_FALSE(cpus_from_cpu_max("junk"));
}

TEST(Resources, MemoryLimitIsReadOrUnlimited) {
  EXPECT_EQ(bytes_from_memory_max("1073741824\n"), size_t(1) << 30);
  EXPECT_FALSE(bytes_from_memory_max("max\n"));
  EXPECT_FALSE(bytes_from_memory_max(""));
}

TEST(Resources, ThisProcessGetsAtLeastOneCpuAndNoMoreThanTheHost) {
  EXPECT_GE(available_cpus(), 1u);
  EXPECT_LE(available_cpus(), std::max(1u, std::thread::hardware_concurrency()));
  EXPECT_GT(memory_limit_bytes(), size_t(16) << 20);
}

}  // namespace
}  // namespace exodetect::common
