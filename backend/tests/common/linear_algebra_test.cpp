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

TEST(Cholesky, SolvesWithTheFactor) {
  // a = L L^T with L as above; x = (1, -2, 0.5) gives b = a x.
  double a[9] = {4, 2, -2, 2, 10, 5, -2, 5, 6};
  const double x[3] = {1, -2, 0.5};
  double b[3];
  for (int i = 0; i < 3; ++i) b[i] = a[3 * i] * x[0] + a[3 * i + 1] * x[1] + a[3 * i + 2] * x[2];
  ASSERT_TRUE(solve_normal_equations(a, b, 3));
  for (int i = 0; i < 3; ++i) EXPECT_NEAR(b[i], x[i], 1e-12) << i;
  // The factor is left in a: cholesky_solve with it solves again.
  double again[3] = {4, 2, -2};  // a's first column: x = e_0
  cholesky_solve(a, again, 3);
  EXPECT_NEAR(again[0], 1, 1e-12);
  EXPECT_NEAR(again[1], 0, 1e-12);
  EXPECT_NEAR(again[2], 0, 1e-12);
}

TEST(Cholesky, NormalEquationsRefuseANearlySingularFit) {
  // Two basis functions the data cannot tell apart: [[1, 1], [1, 1 + 1e-14]].
  double a[4] = {1, 1, 1, 1 + 1e-14};
  double b[2] = {1, 1};
  EXPECT_FALSE(solve_normal_equations(a, b, 2));
  double too_large[1] = {1};
  EXPECT_FALSE(solve_normal_equations(too_large, b, 17));
}

}  // namespace
}  // namespace exodetect::common
