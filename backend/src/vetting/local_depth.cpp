#include "exodetect/vetting/local_depth.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

#include "depth_scatter.hpp"
#include "exodetect/common/linear_algebra.hpp"

namespace exodetect::vetting {

namespace {

constexpr int kMinPointsPerPart = 3;  // in the box, and on each side of it
constexpr int kParameters = 4;        // the quadratic's three and the box's depth (last)

// The basis at dt days from mid-epoch: 1, x, x^2 (x = dt / half_window) and minus the box.
std::array<double, kParameters> basis(double dt, double half_window, double half_box) {
  const double x = dt / half_window;
  return {1.0, x, x * x, std::fabs(dt) < half_box ? -1.0 : 0.0};
}

}  // namespace

LocalDepth local_box_depth(const std::vector<double>& time_days, const std::vector<double>& flux,
                           const TransitEphemeris& e, double window_days) {
  if (time_days.size() != flux.size()) {
    throw std::invalid_argument("local_box_depth: time and flux differ in length");
  }
  if (!(e.period_days > 0) || !(e.duration_days > 0) || !(window_days > e.duration_days)) {
    throw std::invalid_argument(
        "local_box_depth: the period and duration must be positive and the window longer than "
        "the duration");
  }
  if (!std::is_sorted(time_days.begin(), time_days.end())) {
    throw std::invalid_argument("local_box_depth: times must be ascending");
  }
  LocalDepth out;
  if (time_days.empty()) return out;
  const double half_window = 0.5 * window_days, half_box = 0.5 * e.duration_days;
  detail::DepthGroup epochs;
  for (double mid : transit_times(e, time_days.front(), time_days.back())) {
    const size_t lo =
        std::upper_bound(time_days.begin(), time_days.end(), mid - half_window) - time_days.begin();
    const size_t hi =
        std::lower_bound(time_days.begin(), time_days.end(), mid + half_window) - time_days.begin();
    double a[kParameters][kParameters] = {};
    std::array<double, kParameters> b{};
    int n_in = 0, n_before = 0, n_after = 0;
    for (size_t i = lo; i < hi; ++i) {
      if (!std::isfinite(flux[i])) continue;
      const double dt = time_days[i] - mid;
      const auto x = basis(dt, half_window, half_box);
      if (x[3] != 0) {
        ++n_in;
      } else {
        ++(dt < 0 ? n_before : n_after);
      }
      for (int r = 0; r < kParameters; ++r) {
        for (int c = 0; c < kParameters; ++c) a[r][c] += x[r] * x[c];
        b[r] += x[r] * flux[i];
      }
    }
    if (n_in < kMinPointsPerPart || n_before < kMinPointsPerPart || n_after < kMinPointsPerPart) {
      continue;
    }
    if (!common::solve_normal_equations(&a[0][0], b.data(), kParameters)) continue;
    // The depth is the last parameter: its variance factor, the inverse's last diagonal
    // element, is 1 / l^2 of the Cholesky factor's last pivot.
    const double pivot = a[kParameters - 1][kParameters - 1];
    const double inverse_last = 1.0 / (pivot * pivot);
    double rss = 0;
    for (size_t i = lo; i < hi; ++i) {
      if (!std::isfinite(flux[i])) continue;
      const auto x = basis(time_days[i] - mid, half_window, half_box);
      double model = 0;
      for (int r = 0; r < kParameters; ++r) model += b[r] * x[r];
      rss += (flux[i] - model) * (flux[i] - model);
    }
    const int n = n_in + n_before + n_after;
    const double err = std::sqrt(rss / (n - kParameters) * inverse_last);
    // Relative to the star's level at mid-epoch, as the detrended depths are.
    if (err > 0 && std::isfinite(err) && b[0] > 0) epochs.emplace_back(b[3] / b[0], err / b[0]);
  }
  if (epochs.empty()) return out;
  out.epochs = static_cast<int>(epochs.size());
  out.depth = detail::weighted_mean(epochs);
  out.depth_err = detail::weighted_mean_error(epochs) * detail::scatter_factor(epochs);
  return out;
}

}  // namespace exodetect::vetting
