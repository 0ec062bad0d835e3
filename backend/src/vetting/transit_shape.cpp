#include "exodetect/vetting/transit_shape.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include "exodetect/common/constants.hpp"
#include "exodetect/common/linear_algebra.hpp"
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
constexpr double kT14FloorBoxes = 0.2;  // the shortest T14 tried however long the exposure
constexpr int kT14Steps = 49;
constexpr int kIngressSteps = 41;  // ingress / T14 from 0 to 0.5
constexpr int kBinsPerBox = 40;    // phase bins: the fit runs on bin means
constexpr int kMinBinsIn = 3;
constexpr int kMaxShapeRounds = 3;      // trapezoids fitted on refined ephemerides, at most
constexpr double kSettledShift = 0.05;  // of T14: an ephemeris that moves less has settled

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

// Solves a x = b for the symmetric positive-definite 4x4 a by Cholesky; false when singular.
bool solve_symmetric(const double (&a)[4][4], const double (&b)[4], double (&x)[4]) {
  double l[4][4];
  std::copy(&a[0][0], &a[0][0] + 16, &l[0][0]);
  if (!common::cholesky_lower(&l[0][0], 4)) return false;
  std::copy(b, b + 4, x);
  common::cholesky_solve(&l[0][0], x, 4);
  return true;
}

// The first two diagonal elements of a's inverse (the variances of mid-time and period).
bool inverse_diagonal(const double (&a)[4][4], double& first, double& second) {
  double unit[4] = {1, 0, 0, 0}, column[4];
  if (!solve_symmetric(a, unit, column)) return false;
  first = column[0];
  unit[0] = 0;
  unit[1] = 1;
  if (!solve_symmetric(a, unit, column)) return false;
  second = column[1];
  return first > 0 && second > 0;
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
  // The search matches a box to the transit as the exposure blurs it, about T14 plus one
  // exposure long, so the grid reaches below kT14MinBoxes by the exposure, in the same steps.
  const double t14_step = box * (kT14MaxBoxes - kT14MinBoxes) / (kT14Steps - 1);
  const int below = std::min(static_cast<int>(exposure_days / t14_step),
                             static_cast<int>((kT14MinBoxes - kT14FloorBoxes) /
                                              (kT14MaxBoxes - kT14MinBoxes) * (kT14Steps - 1)));
  for (int a = -below; a < kT14Steps; ++a) {
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
        best = {true, t14, t12, depth, level, exposure_days, 0.0};
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

std::optional<double> duration_uncertainty(const TrapezoidFit& fit, const TransitVetting& vetting) {
  const double snr = vetting.box_depth_err > 0 ? vetting.depth / vetting.box_depth_err : 0.0;
  if (!fit.ok || !(snr > 0) || !std::isfinite(snr) || !(fit.t14_days > 0)) return std::nullopt;
  const double tau = std::max(fit.t12_days, fit.exposure_days);
  const double t = fit.t14_days - tau;
  if (!(t > 0)) return std::nullopt;
  return t / snr * std::sqrt(2 * tau / t);
}

EphemerisFit fit_ephemeris(const std::vector<double>& time, const std::vector<double>& flux,
                           const TransitEphemeris& e, const TrapezoidFit& shape,
                           const TransitVetting& vetting) {
  EphemerisFit out;
  if (!shape.ok || time.size() != flux.size() || !(e.period_days > 0) || !(shape.t14_days > 0) ||
      shape.t14_days >= 0.5 * e.period_days) {
    return out;
  }
  const double h = 0.5 * shape.t14_days;
  const double f = h - shape.t12_days;
  const double exposure = shape.exposure_days;
  struct Point {
    double t, y, n;  // time (days), flux, epoch from e.t0
  };
  std::vector<Point> pts;
  double n_min = 0, n_max = 0;
  for (size_t i = 0; i < time.size(); ++i) {
    if (!std::isfinite(flux[i]) || !std::isfinite(time[i])) continue;
    const double n = std::round((time[i] - e.t0) / e.period_days);
    if (std::fabs(time[i] - e.t0 - n * e.period_days) >= shape.t14_days) continue;
    if (pts.empty()) n_min = n_max = n;
    n_min = std::min(n_min, n);
    n_max = std::max(n_max, n);
    pts.push_back({time[i], flux[i], n});
  }
  constexpr size_t kParams = 4;  // mid-time at e.t0's epoch, period, depth, level
  if (pts.size() < 4 * kParams) return out;
  // The exposure-integrated shape's slope: the unintegrated shape's difference across the
  // exposure, over the exposure.
  auto slope = [&](double x) {
    if (exposure > 0) {
      return (trapezoid_shape(x + 0.5 * exposure, h, f, 0) -
              trapezoid_shape(x - 0.5 * exposure, h, f, 0)) /
             exposure;
    }
    const double ax = std::fabs(x);
    if (ax >= h || ax <= f) return 0.0;
    return (x > 0 ? -1.0 : 1.0) / (h - f);
  };
  // Parameters: mid-time at e.t0's epoch, period, depth, level.
  std::array<double, kParams> theta = {e.t0, e.period_days, shape.depth, shape.level};
  auto chi2_at = [&](const std::array<double, kParams>& q) {
    double sum = 0;
    for (const Point& p : pts) {
      const double r =
          p.y - (q[3] - q[2] * trapezoid_shape(p.t - q[0] - p.n * q[1], h, f, exposure));
      sum += r * r;
    }
    return sum;
  };
  double jtj[kParams][kParams];
  // The normal equations at theta (jtj and the steepest step's right-hand side).
  auto normal_equations = [&](double(&jtr)[kParams]) {
    std::fill(jtr, jtr + kParams, 0.0);
    for (auto& row : jtj) std::fill(row, row + kParams, 0.0);
    for (const Point& p : pts) {
      const double x = p.t - theta[0] - p.n * theta[1];
      const double s = trapezoid_shape(x, h, f, exposure);
      const double r = p.y - (theta[3] - theta[2] * s);
      // d model / d(t0, period, depth, level): x falls as t0 or period grows.
      const double ds = slope(x);
      const double g[kParams] = {theta[2] * ds, theta[2] * ds * p.n, -s, 1.0};
      for (size_t a = 0; a < kParams; ++a) {
        jtr[a] += g[a] * r;
        for (size_t b = 0; b < kParams; ++b) jtj[a][b] += g[a] * g[b];
      }
    }
  };
  // A step longer than the ingress can jump past the edges the slope describes.
  const double limit = 0.5 * std::max(shape.t12_days, exposure) + 1e-9;
  double chi2 = chi2_at(theta);
  bool converged = false;
  constexpr int kMaxIterations = 50;
  constexpr int kMaxHalvings = 12;
  for (int it = 0; it < kMaxIterations && !converged; ++it) {
    double jtr[kParams], step[kParams];
    normal_equations(jtr);
    if (!solve_symmetric(jtj, jtr, step)) return out;
    const double reach =
        std::max(std::fabs(step[0] + n_min * step[1]), std::fabs(step[0] + n_max * step[1]));
    double scale = reach > limit ? limit / reach : 1.0;
    // The model is piecewise smooth: halve a step that does not lower chi-square; none that
    // does is a minimum.
    bool moved = false;
    for (int k = 0; k < kMaxHalvings && !moved; ++k, scale *= 0.5) {
      std::array<double, kParams> trial = theta;
      for (size_t a = 0; a < kParams; ++a) trial[a] += scale * step[a];
      const double trial_chi2 = chi2_at(trial);
      if (trial_chi2 <= chi2) {
        converged = scale * reach < 1e-3 * limit;
        theta = trial;
        chi2 = trial_chi2;
        moved = true;
      }
    }
    if (!moved) converged = true;
  }
  const double t0 = theta[0], period = theta[1], depth = theta[2];
  const double drift = std::max(std::fabs(t0 - e.t0 + n_min * (period - e.period_days)),
                                std::fabs(t0 - e.t0 + n_max * (period - e.period_days)));
  if (!converged || !(depth > 0) || drift > 0.25 * (shape.t14_days + exposure)) return out;
  double unused[kParams];
  normal_equations(unused);
  const double var = chi2 / static_cast<double>(pts.size() - kParams);
  // Correlated noise: the depth error vetting measured from the scatter between transits over
  // the white-noise one.
  double beta = 1.0;
  if (vetting.noise > 0 && vetting.n_in_transit > 0 && vetting.box_depth_err > 0) {
    beta = std::max(1.0, vetting.box_depth_err * std::sqrt(vetting.n_in_transit) / vetting.noise);
  }
  double cov_t0 = 0, cov_p = 0;
  if (!inverse_diagonal(jtj, cov_t0, cov_p)) return out;
  out.ok = std::isfinite(t0) && std::isfinite(period) && period > 0;
  out.t0 = t0;
  out.period_days = period;
  out.t0_err = beta * std::sqrt(var * cov_t0);
  out.period_err = beta * std::sqrt(var * cov_p);
  return out;
}

ShapeAndEphemeris fit_shape_and_ephemeris(const std::vector<double>& time,
                                          const std::vector<double>& flux,
                                          const TransitEphemeris& e,
                                          const TransitVetting& vetting) {
  ShapeAndEphemeris out;
  out.shape = fit_trapezoid(time, flux, e);
  out.timing = fit_ephemeris(time, flux, e, out.shape, vetting);
  if (!out.timing.ok || time.empty()) return out;
  // A shape fitted off-centre misleads the timing fit in turn (a V where the exposure blurs a
  // short transit), so the two alternate until the ephemeris settles.
  const double exposure = out.shape.exposure_days;
  TransitEphemeris at = e;
  for (int round = 1;; ++round) {
    TransitEphemeris refined = at;
    refined.period_days = out.timing.period_days;
    refined.t0 = out.timing.t0;
    const TrapezoidFit centred = fit_trapezoid(time, flux, refined, exposure);
    if (!centred.ok) break;
    out.shape = centred;
    // The largest shift of a mid-transit between the two ephemerides over the data.
    double shift = 0;
    for (double t : {time.front(), time.back()}) {
      const double n = std::round((t - at.t0) / at.period_days);
      shift = std::max(shift,
                       std::fabs(refined.t0 - at.t0 + n * (refined.period_days - at.period_days)));
    }
    if (round == kMaxShapeRounds || shift < kSettledShift * centred.t14_days) break;
    const EphemerisFit again = fit_ephemeris(time, flux, refined, centred, vetting);
    if (!again.ok) break;
    out.timing = again;
    at = refined;
  }
  return out;
}

}  // namespace exodetect::vetting
