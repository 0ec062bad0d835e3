#include "exodetect/common/linear_algebra.hpp"

#include <cmath>

namespace exodetect::common {

bool cholesky_lower(double* a, int n) {
  for (int j = 0; j < n; ++j) {
    double d = a[j * n + j];
    for (int k = 0; k < j; ++k) d -= a[j * n + k] * a[j * n + k];
    if (!(d > 0) || !std::isfinite(d)) return false;
    d = std::sqrt(d);
    a[j * n + j] = d;
    for (int i = j + 1; i < n; ++i) {
      double v = a[i * n + j];
      for (int k = 0; k < j; ++k) v -= a[i * n + k] * a[j * n + k];
      a[i * n + j] = v / d;
    }
    for (int k = j + 1; k < n; ++k) a[j * n + k] = 0;
  }
  return true;
}

void cholesky_solve(const double* l, double* b, int n) {
  for (int i = 0; i < n; ++i) {
    double sum = b[i];
    for (int k = 0; k < i; ++k) sum -= l[i * n + k] * b[k];
    b[i] = sum / l[i * n + i];
  }
  for (int i = n - 1; i >= 0; --i) {
    double sum = b[i];
    for (int k = i + 1; k < n; ++k) sum -= l[k * n + i] * b[k];
    b[i] = sum / l[i * n + i];
  }
}

bool solve_normal_equations(double* a, double* b, int n) {
  constexpr int kMaxN = 16;
  if (n < 1 || n > kMaxN) return false;
  double diagonal[kMaxN];
  for (int j = 0; j < n; ++j) diagonal[j] = a[j * n + j];
  if (!cholesky_lower(a, n)) return false;
  for (int j = 0; j < n; ++j) {
    if (!(a[j * n + j] * a[j * n + j] > 1e-12 * diagonal[j])) return false;
  }
  cholesky_solve(a, b, n);
  return true;
}

}  // namespace exodetect::common
