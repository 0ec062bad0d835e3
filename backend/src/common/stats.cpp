#include "exodetect/common/stats.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "exodetect/common/constants.hpp"

namespace exodetect::common {

double median(std::vector<double> values) {
  return median_in_place(values.data(), values.data() + values.size());
}

double median_in_place(double* first, double* last) {
  if (first == last) throw std::invalid_argument("median of an empty set");
  const auto n = static_cast<size_t>(last - first);
  const size_t mid = n / 2;
  std::nth_element(first, first + mid, last);
  double hi = first[mid];
  if (n % 2 == 1) return hi;
  double lo = *std::max_element(first, first + mid);
  return 0.5 * (lo + hi);
}

double mad_sigma(const std::vector<double>& values) {
  double m = median(values);
  std::vector<double> dev(values.size());
  std::transform(values.begin(), values.end(), dev.begin(),
                 [m](double v) { return std::fabs(v - m); });
  return 1.4826 * median(std::move(dev));
}

double one_sided_gaussian_quantile(double p) {
  p = std::clamp(p, 1e-300, 0.5);
  // Newton's method: Q is convex and decreasing, so the iterates converge from either side.
  double x = std::sqrt(2 * std::log(1 / p));
  for (int i = 0; i < 100; ++i) {
    const double q = 0.5 * std::erfc(x / std::sqrt(2.0));
    const double pdf = std::exp(-0.5 * x * x) / std::sqrt(2 * kPi);
    const double step = (q - p) / pdf;
    x = std::max(0.0, x + step);
    if (std::abs(step) < 1e-12) break;
  }
  return x;
}

double median_cadence(const std::vector<double>& t) {
  std::vector<double> steps;
  steps.reserve(t.size());
  for (size_t i = 1; i < t.size(); ++i) {
    if (t[i] > t[i - 1]) steps.push_back(t[i] - t[i - 1]);
  }
  return steps.empty() ? 0.0 : median(std::move(steps));
}

}  // namespace exodetect::common
