// Robust estimators of one detrending window: the biweight location (wotan's `biweight`) and a
// biweight-weighted quadratic in time.

#include "robust_fit.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "exodetect/common/linear_algebra.hpp"
#include "exodetect/common/stats.hpp"

namespace exodetect::lightcurve {

using common::median_in_place;

namespace {

constexpr int kMaxIterations = 30;
// Converged when the location moves less than this fraction of the window's MAD (wotan uses an
// absolute 1e-6 on normalised flux, which is about 1e-3 MAD for typical Kepler/TESS noise).
constexpr double kToleranceMad = 1e-3;

// The k-th smallest (0-based) of |x - med| over sorted values, where `split` is the first index
// with x >= med. The deviations form two sorted runs (leftwards and rightwards from `split`), so
// this is a binary search for how many of the k + 1 smallest come from the left run. `next`
// receives the (k + 1)-th smallest.
double kth_deviation(const std::vector<double>& s, size_t split, double med, size_t k,
                     double* next) {
  const size_t n_left = split;
  const size_t n_right = s.size() - split;
  auto left = [&](size_t j) { return med - s[split - 1 - j]; };
  auto right = [&](size_t j) { return s[split + j] - med; };
  size_t lo = k + 1 > n_right ? k + 1 - n_right : 0;
  size_t hi = std::min(k + 1, n_left);
  while (true) {
    const size_t a = (lo + hi) / 2;
    const size_t b = k + 1 - a;
    if (a < n_left && b > 0 && right(b - 1) > left(a)) {
      lo = a + 1;
    } else if (a > 0 && b < n_right && left(a - 1) > right(b)) {
      hi = a - 1;
    } else {
      if (next) {
        double x = std::numeric_limits<double>::infinity();
        if (a < n_left) x = left(a);
        if (b < n_right) x = std::min(x, right(b));
        *next = x;
      }
      if (a == 0) return right(b - 1);
      if (b == 0) return left(a - 1);
      return std::max(left(a - 1), right(b - 1));
    }
  }
}

}  // namespace

double biweight_location(const std::vector<double>& sorted, double c) {
  const size_t n = sorted.size();
  const double med = n % 2 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
  const size_t split = std::lower_bound(sorted.begin(), sorted.end(), med) - sorted.begin();
  double mad = 0;
  if (n % 2) {
    mad = kth_deviation(sorted, split, med, n / 2, nullptr);
  } else {
    double upper = 0;
    double lower = kth_deviation(sorted, split, med, n / 2 - 1, &upper);
    mad = 0.5 * (lower + upper);
  }
  if (!(mad > 0)) return med;

  const double reach = c * mad;  // points farther than this from the centre weigh nothing
  const double inv_reach_sq = 1.0 / (reach * reach);
  double center = med;
  for (int it = 0; it < kMaxIterations; ++it) {
    // Sorted values: the points with non-zero weight are one contiguous run.
    const double* first = &*std::upper_bound(sorted.begin(), sorted.end(), center - reach);
    const double* last =
        sorted.data() +
        (std::lower_bound(sorted.begin(), sorted.end(), center + reach) - sorted.begin());
    // Four independent accumulators let the compiler vectorise without reassociating sums.
    double num[4] = {0, 0, 0, 0};
    double den[4] = {0, 0, 0, 0};
    const double* p = first;
    for (; p + 4 <= last; p += 4) {
      for (int l = 0; l < 4; ++l) {
        double d = p[l] - center;
        double w = 1.0 - d * d * inv_reach_sq;
        w *= w;
        num[l] += d * w;
        den[l] += w;
      }
    }
    for (; p < last; ++p) {
      double d = *p - center;
      double w = 1.0 - d * d * inv_reach_sq;
      w *= w;
      num[0] += d * w;
      den[0] += w;
    }
    double weight = den[0] + den[1] + den[2] + den[3];
    if (!(weight > 0)) break;
    double step = (num[0] + num[1] + num[2] + num[3]) / weight;
    center += step;
    if (std::fabs(step) < kToleranceMad * mad) break;
  }
  return center;
}

double robust_quadratic(const std::vector<double>& x, const std::vector<double>& y, double c,
                        std::vector<double>& scratch) {
  const size_t n = x.size();
  auto location = [&] {
    scratch.assign(y.begin(), y.end());
    std::sort(scratch.begin(), scratch.end());
    return biweight_location(scratch, c);
  };
  if (n < 6) return location();
  std::vector<double> w(n, 1.0);
  double coef[3] = {0, 0, 0};  // y = coef[0] + coef[1] x + coef[2] x^2
  auto model = [&](size_t i) { return coef[0] + coef[1] * x[i] + coef[2] * x[i] * x[i]; };
  auto fit = [&]() {
    double s[5] = {0, 0, 0, 0, 0}, t[3] = {0, 0, 0};
    for (size_t i = 0; i < n; ++i) {
      const double xi = x[i], x2 = xi * xi, wi = w[i];
      s[0] += wi;
      s[1] += wi * xi;
      s[2] += wi * x2;
      s[3] += wi * x2 * xi;
      s[4] += wi * x2 * x2;
      t[0] += wi * y[i];
      t[1] += wi * y[i] * xi;
      t[2] += wi * y[i] * x2;
    }
    double a[9] = {s[0], s[1], s[2], s[1], s[2], s[3], s[2], s[3], s[4]};
    if (!common::solve_normal_equations(a, t, 3)) return false;
    std::copy(t, t + 3, coef);
    return true;
  };
  // Start from the biweight weights about the median, so that points far from the star's level
  // (an eclipse, a flare) do not pull the first fit.
  scratch.assign(y.begin(), y.end());
  const double med = median_in_place(scratch.data(), scratch.data() + n);
  for (size_t i = 0; i < n; ++i) scratch[i] = std::fabs(y[i] - med);
  const double spread = median_in_place(scratch.data(), scratch.data() + n);
  if (spread > 0) {
    const double inv_sq = 1.0 / (c * spread * c * spread);
    for (size_t i = 0; i < n; ++i) {
      const double u = 1.0 - (y[i] - med) * (y[i] - med) * inv_sq;
      w[i] = u > 0 ? u * u : 0.0;
    }
  }
  if (!fit()) return location();
  auto reweight = [&](double scale) {
    const double inv_reach_sq = 1.0 / (c * scale * c * scale);
    for (size_t i = 0; i < n; ++i) {
      const double r = y[i] - model(i);
      const double u = 1.0 - r * r * inv_reach_sq;
      w[i] = u > 0 ? u * u : 0.0;
    }
  };
  // A steep trend spreads the values about their median, so those weights leave a deep transit
  // in; the noise's own scale, the MAD of neighbours' differences over sqrt(2) (a trend hardly
  // changes between neighbours), takes it out before the scale is measured about the fit.
  for (size_t i = 0; i + 1 < n; ++i) scratch[i] = y[i + 1] - y[i];
  const double step_median = median_in_place(scratch.data(), scratch.data() + n - 1);
  for (size_t i = 0; i + 1 < n; ++i) scratch[i] = std::fabs(y[i + 1] - y[i] - step_median);
  const double noise_mad = median_in_place(scratch.data(), scratch.data() + n - 1) / std::sqrt(2.0);
  if (noise_mad > 0) {
    reweight(noise_mad);
    if (!fit()) return location();
  }
  // The scale: the MAD of the residuals from that fit, fixed from here on.
  for (size_t i = 0; i < n; ++i) {
    scratch[i] = std::fabs(y[i] - model(i));
  }
  const double mad = median_in_place(scratch.data(), scratch.data() + n);
  if (!(mad > 0)) return coef[0];
  for (int it = 0; it < kMaxIterations; ++it) {
    const double before = coef[0];
    reweight(mad);
    if (!fit()) break;
    if (std::fabs(coef[0] - before) < kToleranceMad * mad) break;
  }
  return coef[0];
}

}  // namespace exodetect::lightcurve
