#include "exodetect/vetting/local_depth.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

#include "depth_scatter.hpp"

namespace exodetect::vetting {

namespace {

constexpr int kMinPointsPerPart = 3;  // in the box, and on each side of it
constexpr int kParameters = 4;        // the quadratic's three and the box's depth

using Matrix = std::array<std::array<double, kParameters>, kParameters>;
using Vector = std::array<double, kParameters>;

// Solves a x = b and a y = e_3 (the depth's column of the inverse) by Gaussian elimination with
// partial pivoting; false when a is singular.
bool solve(Matrix a, Vector b, Vector& x, double& inverse_33) {
  Vector e = {0, 0, 0, 1};
  for (int col = 0; col < kParameters; ++col) {
    int pivot = col;
    for (int r = col + 1; r < kParameters; ++r) {
      if (std::fabs(a[r][col]) > std::fabs(a[pivot][col])) pivot = r;
    }
    if (!(std::fabs(a[pivot][col]) > 0)) return false;
    std::swap(a[col], a[pivot]);
    std::swap(b[col], b[pivot]);
    std::swap(e[col], e[pivot]);
    for (int r = col + 1; r < kParameters; ++r) {
      const double f = a[r][col] / a[col][col];
      for (int c = col; c < kParameters; ++c) a[r][c] -= f * a[col][c];
      b[r] -= f * b[col];
      e[r] -= f * e[col];
    }
  }
  Vector y{};
  for (int r = kParameters - 1; r >= 0; --r) {
    double sb = b[r], se = e[r];
    for (int c = r + 1; c < kParameters; ++c) {
      sb -= a[r][c] * x[c];
      se -= a[r][c] * y[c];
    }
    x[r] = sb / a[r][r];
    y[r] = se / a[r][r];
  }
  inverse_33 = y[3];
  return std::isfinite(inverse_33) && inverse_33 > 0;
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
  LocalDepth out;
  if (time_days.empty()) return out;
  const auto [t_lo, t_hi] = std::minmax_element(time_days.begin(), time_days.end());
  const double half_window = 0.5 * window_days, half_box = 0.5 * e.duration_days;
  detail::DepthGroup epochs;
  for (double mid : transit_times(e, *t_lo, *t_hi)) {
    Matrix a{};
    Vector b{};
    int n_in = 0, n_before = 0, n_after = 0;
    auto row = [&](double dt, double& x0, double& x1, double& x2, double& box) {
      x0 = 1;
      x1 = dt / half_window;
      x2 = x1 * x1;
      box = std::fabs(dt) < half_box ? -1.0 : 0.0;
    };
    for (size_t i = 0; i < time_days.size(); ++i) {
      const double dt = time_days[i] - mid;
      if (!(std::fabs(dt) < half_window) || !std::isfinite(flux[i])) continue;
      Vector x;
      row(dt, x[0], x[1], x[2], x[3]);
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
    Vector coef{};
    double inverse_33 = 0;
    if (!solve(a, b, coef, inverse_33)) continue;
    double rss = 0;
    for (size_t i = 0; i < time_days.size(); ++i) {
      const double dt = time_days[i] - mid;
      if (!(std::fabs(dt) < half_window) || !std::isfinite(flux[i])) continue;
      Vector x;
      row(dt, x[0], x[1], x[2], x[3]);
      double model = 0;
      for (int r = 0; r < kParameters; ++r) model += coef[r] * x[r];
      rss += (flux[i] - model) * (flux[i] - model);
    }
    const int n = n_in + n_before + n_after;
    const double err = std::sqrt(rss / (n - kParameters) * inverse_33);
    // Relative to the star's level at mid-epoch, as the detrended depths are.
    if (err > 0 && std::isfinite(err) && coef[0] > 0) {
      epochs.emplace_back(coef[3] / coef[0], err / coef[0]);
    }
  }
  if (epochs.empty()) return out;
  out.epochs = static_cast<int>(epochs.size());
  out.depth = detail::weighted_mean(epochs);
  out.depth_err = detail::weighted_mean_error(epochs) * detail::scatter_factor(epochs);
  return out;
}

}  // namespace exodetect::vetting
