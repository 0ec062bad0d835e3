// Vetting from the fit: odd/even depths, secondary eclipse, transit times, density, V shape.

#include "fit_vetting.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "exodetect/common/stats.hpp"

namespace exodetect::fit {

using common::mad_sigma;

namespace {

constexpr double kMinutesPerDay = 1440.0;
// A vetting statistic beyond this many sigma raises its flag.
constexpr double kFlagSigma = 3.0;
// Transit-time search: shifts up to a quarter of the duration on this grid, then a parabola.
constexpr int kTimingGrid = 41;
constexpr size_t kMinTimingPoints = 5;

// Weighted least-squares scale of y = s x: s and its 1-sigma error (NaN without signal).
struct Scale {
  double sxx = 0, sxy = 0;
  void add(double x, double y, double var) {
    sxx += x * x / var;
    sxy += x * y / var;
  }
  double value() const { return sxx > 0 ? sxy / sxx : NAN; }
  double error() const { return sxx > 0 ? 1 / std::sqrt(sxx) : NAN; }
};

void vet_odd_even(const TransitPosterior& post, const TransitProfile& profile,
                  const TransitParams& p, double scale, const std::vector<double>& var,
                  double depth_ppm, FitVetting& out) {
  Scale parity[2];
  const auto& t = post.time();
  const auto& f = post.flux();
  for (size_t i = 0; i < t.size(); ++i) {
    const long long n = std::llround((t[i] - p.t0) / p.period_days);
    const double dt = t[i] - p.t0 - static_cast<double>(n) * p.period_days;
    const int odd = static_cast<int>(((n + post.reference_epoch()) % 2 + 2) % 2);
    parity[odd].add(scale * (profile.at(dt) - 1), f[i] - scale, var[i]);
  }
  out.even_depth_ppm = parity[0].value() * depth_ppm;
  out.even_depth_err_ppm = parity[0].error() * depth_ppm;
  out.odd_depth_ppm = parity[1].value() * depth_ppm;
  out.odd_depth_err_ppm = parity[1].error() * depth_ppm;
  out.odd_even_sigma = std::fabs(parity[0].value() - parity[1].value()) /
                       std::hypot(parity[0].error(), parity[1].error());
  out.odd_even_mismatch = out.odd_even_sigma > kFlagSigma;
}

// Eclipse of the planet's (uniform) disc at phase 0.5: depth and baseline by linear least squares.
void vet_secondary(const FitData& data, const TransitParams& p, double half_window, double jitter2,
                   FitVetting& out) {
  std::vector<double> finite;
  for (double v : data.flux) {
    if (std::isfinite(v)) finite.push_back(v);
  }
  const double scatter = finite.empty() ? 1.0 : std::max(1e-7, mad_sigma(finite));
  double s11 = 0, s1x = 0, sxx = 0, s1y = 0, sxy = 0;
  const double centre = p.t0 + 0.5 * p.period_days;
  for (size_t i = 0; i < data.time.size(); ++i) {
    const double dt = std::remainder(data.time[i] - centre, p.period_days);
    const double e = data.flux_err.empty() ? scatter : data.flux_err[i];
    if (std::fabs(dt) > half_window || !std::isfinite(data.flux[i]) || !(e > 0)) continue;
    const double z = sky_separation(dt, p.period_days, p.a_rs, p.impact);
    const double x = -uniform_occulted_fraction(p.rp_rs, z) / (p.rp_rs * p.rp_rs);
    const double w = 1 / (e * e + jitter2), y = data.flux[i];
    s11 += w;
    s1x += w * x;
    sxx += w * x * x;
    s1y += w * y;
    sxy += w * x * y;
  }
  const double det = s11 * sxx - s1x * s1x;
  if (!(det > 0) || sxx <= 0) {
    out.secondary_depth_ppm = out.secondary_depth_err_ppm = out.secondary_upper_limit_ppm = NAN;
    return;
  }
  const double depth = (s11 * sxy - s1x * s1y) / det;
  const double err = std::sqrt(s11 / det);
  out.secondary_depth_ppm = depth * 1e6;
  out.secondary_depth_err_ppm = err * 1e6;
  out.secondary_upper_limit_ppm = (std::max(depth, 0.0) + kFlagSigma * err) * 1e6;
  out.secondary_eclipse = depth / err > kFlagSigma;
}

void vet_timing(const TransitPosterior& post, const TransitProfile& profile, const TransitParams& p,
                double scale, const std::vector<double>& var, double t14_days, FitVetting& out) {
  std::map<long long, std::vector<size_t>> by_epoch;
  const auto& t = post.time();
  const auto& f = post.flux();
  for (size_t i = 0; i < t.size(); ++i) {
    by_epoch[std::llround((t[i] - p.t0) / p.period_days)].push_back(i);
  }
  const double max_shift = 0.25 * t14_days;
  auto chi2_at = [&](const std::vector<size_t>& idx, double mid, double shift) {
    double c = 0;
    for (size_t i : idx) {
      const double r = f[i] - scale * profile.at(t[i] - mid - shift);
      c += r * r / var[i];
    }
    return c;
  };
  std::vector<double> epochs, times, errs;
  for (const auto& [n, idx] : by_epoch) {
    const double mid = p.t0 + static_cast<double>(n) * p.period_days;
    size_t inside = 0;
    for (size_t i : idx) inside += std::fabs(t[i] - mid) < 0.5 * t14_days ? 1 : 0;
    if (idx.size() < kMinTimingPoints || inside == 0) continue;
    double h = 2 * max_shift / (kTimingGrid - 1), best_shift = 0, best = INFINITY;
    for (int g = 0; g < kTimingGrid; ++g) {
      const double s = -max_shift + g * h;
      const double c = chi2_at(idx, mid, s);
      if (c < best) {
        best = c;
        best_shift = s;
      }
    }
    if (std::fabs(best_shift) >= max_shift) continue;  // no minimum inside the range
    // A parabola through a finer bracket gives the time and its error (delta chi^2 = 1).
    h /= 4;
    const double cm = chi2_at(idx, mid, best_shift - h), c0 = chi2_at(idx, mid, best_shift),
                 cp = chi2_at(idx, mid, best_shift + h);
    const double curv = (cp + cm - 2 * c0) / (2 * h * h);
    if (!(curv > 0)) continue;
    const double shift = best_shift - (cp - cm) / (4 * curv * h);
    epochs.push_back(static_cast<double>(n + post.reference_epoch()));
    times.push_back(mid + shift);
    errs.push_back(1 / std::sqrt(curv));
  }
  for (size_t j = 0; j < times.size(); ++j) {
    out.epochs.push_back(static_cast<int>(epochs[j]));
    out.transit_times.push_back(times[j]);
    out.transit_time_err_minutes.push_back(errs[j] * kMinutesPerDay);
  }
  if (times.size() < 3) return;
  // Weighted straight line through the times: the ephemeris they imply.
  double sw = 0, sn = 0, snn = 0, st = 0, snt = 0;
  for (size_t j = 0; j < times.size(); ++j) {
    const double w = 1 / (errs[j] * errs[j]);
    sw += w;
    sn += w * epochs[j];
    snn += w * epochs[j] * epochs[j];
    st += w * times[j];
    snt += w * epochs[j] * times[j];
  }
  const double det = sw * snn - sn * sn;
  if (!(det > 0)) return;
  const double slope = (sw * snt - sn * st) / det, icpt = (snn * st - sn * snt) / det;
  double chi2 = 0;
  for (size_t j = 0; j < times.size(); ++j) {
    const double oc = times[j] - icpt - slope * epochs[j];
    out.o_minus_c_minutes.push_back(oc * kMinutesPerDay);
    chi2 += oc * oc / (errs[j] * errs[j]);
  }
  const double dof = static_cast<double>(times.size()) - 2;
  out.ttv_chi2 = chi2;
  out.ttv_dof = static_cast<int>(dof);
  // Wilson & Hilferty (1931): (chi2 / dof)^(1/3) is nearly normal.
  const double v = 2 / (9 * dof);
  out.ttv_sigma = (std::cbrt(chi2 / dof) - (1 - v)) / std::sqrt(v);
  out.ttv = out.ttv_sigma > kFlagSigma;
}

}  // namespace

void vet_shape(const FitData& data, const TransitPosterior& post, const std::vector<double>& best,
               FitVetting& out) {
  const TransitParams p = post.transit_params(best.data());
  TransitProfile profile;
  profile.compute(p, post.exposure_days(), post.profile_step_days());
  const double scale = 1 + best[kOffset];
  const auto var = post.variances(best[kJitter]);
  const double depth_ppm = (1 - quadratic_occultation_flux(p.rp_rs, p.impact, p.ld)) * 1e6;
  const double t14 = transit_duration_hours(p.period_days, p.a_rs, p.impact, p.rp_rs) / 24;
  vet_odd_even(post, profile, p, scale, var, depth_ppm, out);
  vet_secondary(data, p, std::min(0.45 * p.period_days, 1.5 * t14 + post.exposure_days()),
                best[kJitter] * best[kJitter], out);
  vet_timing(post, profile, p, scale, var, t14, out);
  // Grazing at the best fit; vet_posterior replaces it with the posterior's verdict. A grazing
  // eclipse's posterior is the one most likely not to converge (k and b trade along a curve),
  // so the best fit's geometry is what flags it then.
  out.v_shaped = p.impact > 1 - p.rp_rs;
}

void vet_posterior(const Interval& density, double grazing_probability, const FitOptions& options,
                   FitVetting& out) {
  out.grazing_probability = grazing_probability;
  out.v_shaped = grazing_probability > 0.5;
  if (options.stellar_density_cgs && *options.stellar_density_cgs > 0) {
    const double star = *options.stellar_density_cgs;
    const double star_err = options.stellar_density_err_cgs && *options.stellar_density_err_cgs > 0
                                ? *options.stellar_density_err_cgs
                                : kDefaultDensityFractionalError * star;
    // The posterior's own width on the side facing the star's value.
    const double fit_err =
        star > density.median ? density.upper - density.median : density.median - density.lower;
    out.density_mismatch_sigma = (density.median - star) / std::hypot(fit_err, star_err);
    out.density_mismatch = std::fabs(*out.density_mismatch_sigma) > kFlagSigma;
  }
}

}  // namespace exodetect::fit
