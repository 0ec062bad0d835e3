#include "exodetect/common/linear_algebra.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace exodetect::common {
namespace {

TEST(Cholesky, FactorsAPositiveDefiniteMatrixFromItsLowerTriangle) {
  // L = [[2, 0, 0], [1, 3, 0], [-1, 2, 1]]; a = L L^T. The upper triangle holds junk, unread.
  double a[9] = {4, 99, 99, 2, 10, 99, -2, 5, 6};
  ASSERT_TRUE(cholesky_lower(a, 3));
  const double expected[9] = {2, 0, 0, 1, 3, 0, -1, 2, 1};
  for (int i = 0; i < 9; ++i) EXPECT_NEAR(a[i], expected[i], 1e-12) << i;
}

TEST(Cholesky, RefusesMatricesThatAreNotPositiveDefinite) {
  double singular[4] = {1, 0, 1, 1};  // [[1, 1], [1, 1]]
  EXPECT_FALSE(cholesky_lower(singular, 2));
  double negative[4] = {-1, 0, 0, 1};
  EXPECT_FALSE(cholesky_lower(negative, 2));
  double not_finite[4] = {NAN, 0, 0, 1};
  EXPECT_FALSE(cholesky_lower(not_finite, 2));
}

}  // namespace
}  // namespace exodetect::common
