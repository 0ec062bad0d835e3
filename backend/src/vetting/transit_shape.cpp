#include "exodetect/vetting/transit_shape.hpp"

#include <algorithm>
#include <cmath>

#include "exodetect/common/constants.hpp"
#include "exodetect/common/stats.hpp"

namespace exodetect::vetting {

using common::kGravitationalConstantCgs;
using common::kPi;
using common::kSecondsPerDay;
using common::median;

namespace {

constexpr double kWindowBoxes = 2.5;  // half-width of the fitted window, in box durations
constexpr double kT14MinBoxes = 0.8;
constexpr double kT14MaxBoxes = 2.0;
constexpr int kT14Steps = 49;
constexpr int kIngressSteps = 41;  // ingress / T14 from 0 to 0.5
constexpr int kBinsPerBox = 40;    // phase bins: the fit runs on bin means
constexpr int kMinBinsIn = 3;

// The integral of the unit-depth trapezoid (half-width h, flat half-width f) from -infinity
// to x.
double trapezoid_integral(double x, double h, double f) {
  const double ramp = h - f;
  if (x <= -h) return 0.0;
  if (ramp <= 0) return std::min(x, h) + h;
  if (x < -f) return (x + h) * (x + h) / (2 * ramp);
  if (x <= f) return 0.5 * ramp + (x + f);
  if (x < h) return ramp + 2 * f - (h - x) * (h - x) / (2 * ramp);
  return ramp + 2 * f;
}

// The trapezoid's mean over an exposure centred at x.
double trapezoid_shape(double x, double h, double f, double exposure) {
  if (exposure <= 0) {
    const double ax = std::fabs(x);
    if (ax >= h) return 0.0;
    if (ax <= f) return 1.0;
    return (h - ax) / (h - f);
  }
  return (trapezoid_integral(x + 0.5 * exposure, h, f) -
          trapezoid_integral(x - 0.5 * exposure, h, f)) /
         exposure;
}

}  // namespace

TrapezoidFit fit_trapezoid(const std::vector<double>& time, const std::vector<double>& flux,
                           const TransitEphemeris& e, double exposure_days) {
  TrapezoidFit best;
  if (time.size() != flux.size() || time.size() < 2 || !(e.period_days > 0) ||
      !(e.duration_days > 0)) {
    return best;
  }
  if (!(exposure_days > 0)) {
    std::vector<double> steps;
    steps.reserve(time.size() - 1);
    for (size_t i = 1; i < time.size(); ++i) steps.push_back(time[i] - time[i - 1]);
    exposure_days = median(steps);
  }
  const double box = e.duration_days;
  const double window = std::min(kWindowBoxes * box, 0.5 * e.period_days);
  const double bin_width = box / kBinsPerBox;
  const int n_bins = static_cast<int>(std::ceil(2 * window / bin_width));
  std::vector<double> sum(n_bins, 0.0), count(n_bins, 0.0), centre(n_bins, 0.0);
  double points = 0, point_sum_sq = 0;
  for (size_t i = 0; i < time.size(); ++i) {
    const double dt = std::remainder(time[i] - e.t0, e.period_days);
    if (std::fabs(dt) >= window || !std::isfinite(flux[i])) continue;
    const int b = std::min(n_bins - 1, static_cast<int>((dt + window) / bin_width));
    sum[b] += flux[i];
    count[b] += 1;
    points += 1;
    point_sum_sq += flux[i] * flux[i];
    centre[b] += dt;
  }
  std::vector<double> x, y, w;
  int bins_in = 0, bins_out = 0;
  for (int b = 0; b < n_bins; ++b) {
    if (count[b] == 0) continue;
    x.push_back(centre[b] / count[b]);
    y.push_back(sum[b] / count[b]);
    w.push_back(count[b]);
    (std::fabs(x.back()) < 0.5 * box ? bins_in : bins_out) += 1;
  }
  if (bins_in < kMinBinsIn || bins_out < kMinBinsIn) return best;
  double sw = 0, swy = 0, swyy = 0;
  for (size_t j = 0; j < x.size(); ++j) {
    sw += w[j];
    swy += w[j] * y[j];
    swyy += w[j] * y[j] * y[j];
  }
  // The per-point noise variance from the scatter within bins (the model barely changes across
  // a bin), so that count-weighted chi-squares of bin means are in units of it.
  const double within_dof = points - static_cast<double>(x.size());
  const double noise_var = within_dof > 0 ? (point_sum_sq - swyy) / within_dof : 0.0;
  // For each shape s, flux = level - depth * s is linear: the weighted normal equations.
  double best_chi2 = swyy - swy * swy / sw;  // a flat line
  double best_flat_chi2 = best_chi2;
  for (int a = 0; a < kT14Steps; ++a) {
    const double t14 = box * (kT14MinBoxes + (kT14MaxBoxes - kT14MinBoxes) * a / (kT14Steps - 1));
    const double h = 0.5 * t14;
    if (h > window) break;
    for (int g = 0; g < kIngressSteps; ++g) {
      const double t12 = 0.5 * t14 * g / (kIngressSteps - 1);
      const double f = h - t12;
      double ss = 0, sss = 0, ssy = 0;
      for (size_t j = 0; j < x.size(); ++j) {
        const double s = trapezoid_shape(x[j], h, f, exposure_days);
        ss += w[j] * s;
        sss += w[j] * s * s;
        ssy += w[j] * s * y[j];
      }
      const double det = sw * sss - ss * ss;
      if (!(det > 0)) continue;
      const double level = (swy * sss - ss * ssy) / det;
      const double slope = (sw * ssy - ss * swy) / det;  // = -depth
      const double depth = -slope;
      if (!(depth > 0)) continue;
      const double chi2 = swyy - level * swy - slope * ssy;
      if (t12 <= 0.5 * (1.0 - kFlatBottomFraction) * t14 + 1e-12 * t14) {
        best_flat_chi2 = std::min(best_flat_chi2, chi2);
      }
      if (chi2 < best_chi2) {
        best_chi2 = chi2;
        best = {true, t14, t12, depth, level, 0.0};
      }
    }
  }
  if (best.ok && noise_var > 0) {
    constexpr double kParameters = 4;  // T14, T12, depth, level
    const double dof = static_cast<double>(x.size()) - kParameters;
    const double reduced = dof > 0 ? best_chi2 / noise_var / dof : 1.0;
    best.flat_bottom_delta_chi2 =
        std::max(0.0, best_flat_chi2 - best_chi2) / noise_var / std::max(1.0, reduced);
  }
  return best;
}

bool is_v_shaped(const TrapezoidFit& fit, const VShapeThresholds& t) {
  return fit.ok && fit.ingress_fraction() >= t.ingress_fraction &&
         fit.flat_bottom_delta_chi2 > t.delta_chi2;
}

std::optional<TransitGeometry> transit_geometry(const TrapezoidFit& fit, double period_days) {
  if (!fit.ok || !(fit.depth > 0) || fit.depth >= 1 || !(period_days > 0) || !(fit.t14_days > 0) ||
      fit.t14_days >= 0.5 * period_days) {
    return std::nullopt;
  }
  TransitGeometry g;
  g.rp_rs = std::sqrt(fit.depth);
  const double k = g.rp_rs;
  const double t23 = std::max(0.0, fit.t14_days - 2.0 * fit.t12_days);
  const double sin_t = std::sin(kPi * fit.t14_days / period_days);
  const double sin_f = std::sin(kPi * t23 / period_days);
  const double ratio = sin_f * sin_f / (sin_t * sin_t);  // < 1 as T23 < T14
  // Eq. 7; a flat bottom too long for the depth (b^2 < 0, noise) is a central transit.
  const double b2 = ((1 - k) * (1 - k) - ratio * (1 + k) * (1 + k)) / (1 - ratio);
  g.impact = std::sqrt(std::max(0.0, b2));
  // Eq. 8.
  const double a2 =
      ((1 + k) * (1 + k) - g.impact * g.impact * (1 - sin_t * sin_t)) / (sin_t * sin_t);
  g.a_rs = std::sqrt(std::max(0.0, a2));
  const double period_s = period_days * kSecondsPerDay;
  g.density_cgs =
      3 * kPi * g.a_rs * g.a_rs * g.a_rs / (kGravitationalConstantCgs * period_s * period_s);
  return g;
}

}  // namespace exodetect::vetting
