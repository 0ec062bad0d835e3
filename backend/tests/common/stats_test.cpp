// The one-sided Gaussian quantile shared by the vetting and the single-event search.
#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

#include "exodetect/common/stats.hpp"

namespace exodetect::common {
namespace {

TEST(OneSidedGaussianQuantile, MatchesTheTable) {
  EXPECT_NEAR(one_sided_gaussian_quantile(0.5), 0.0, 1e-9);
  EXPECT_NEAR(one_sided_gaussian_quantile(0.1587), 1.0, 1e-3);
  EXPECT_NEAR(one_sided_gaussian_quantile(0.001), kSigmaAtP001, 1e-3);
  EXPECT_NEAR(one_sided_gaussian_quantile(0.001 / 4), 3.4808, 1e-3);
  EXPECT_NEAR(one_sided_gaussian_quantile(1e-9), 5.9978, 1e-3);
  // Outside (0, 0.5]: the nearest end of it.
  EXPECT_NEAR(one_sided_gaussian_quantile(0.9), 0.0, 1e-9);
  EXPECT_TRUE(std::isfinite(one_sided_gaussian_quantile(0.0)));
}

TEST(MedianInPlace, AsMedianOverTheRangeAlone) {
  double values[] = {5.0, 3.0, 9.0, 1.0, 7.0};
  EXPECT_EQ(median_in_place(values, values + 3), 5.0);
  EXPECT_EQ(median_in_place(values, values + 2), 4.0);
  EXPECT_EQ(median_in_place(values + 3, values + 4), 1.0);
  EXPECT_EQ(values[4], 7.0);  // outside every range: untouched
  EXPECT_EQ(median_in_place(values, values + 5), median({5.0, 3.0, 9.0, 1.0, 7.0}));
  EXPECT_THROW(median_in_place(values, values), std::invalid_argument);
}

}  // namespace
}  // namespace exodetect::common
