// Posterior density of the transit fit: uniform priors (in ln for the stellar density), a
// Gaussian likelihood with a jitter term, the model interpolated from a tabulated profile.

#include "likelihood.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <unordered_map>

#include "exodetect/common/constants.hpp"
#include "exodetect/common/stats.hpp"

namespace exodetect::fit {

using common::kPi;
using common::mad_sigma;
using common::median;

namespace {

constexpr double kNegInf = -std::numeric_limits<double>::infinity();
// Error groups: errors within this fraction share one variance, so the likelihood's
// normalisation costs one logarithm per group instead of per point.
constexpr double kErrorGroupWidth = 1e-3;
constexpr size_t kMaxErrorGroups = 60000;
// Fewest points near transits worth fitting.
constexpr size_t kMinFitPoints = 20;
// Stellar densities allowed (g/cm^3): from giants to late M dwarfs, with room on both sides.
constexpr double kMinRpRs = 1e-3, kMaxRpRs = 0.95;
constexpr double kMinDensityCgs = 1e-4;
constexpr double kMaxDensityCgs = 1e3;
// Ingress resolution of the tabulated profile, and its bounds in transit durations.
constexpr double kStepsPerIngress = 6.0;
constexpr double kMaxStepPerDuration = 1.0 / 100;
constexpr double kMinStepPerDuration = 1.0 / 2000;

}  // namespace

const std::vector<std::string> kSampledNames = {
    "t0", "period",      "depth", "impact_softened_squared", "t14_days", "u1",
    "u2", "flux_offset", "jitter"};
const std::vector<std::string> kBestFitNames = {"t0", "period", "depth",       "impact", "t14_days",
                                                "q1", "q2",     "flux_offset", "jitter"};

double impact_from_sampled(double y) {
  constexpr double e = kImpactSoftening;
  return std::sqrt(std::max(0.0, y + e * e)) - e;
}

double sampled_from_impact(double b) {
  constexpr double e = kImpactSoftening;
  return (b + e) * (b + e) - e * e;
}

std::vector<double> best_fit_parameters(const double* theta) {
  std::vector<double> out(theta, theta + kNumParams);
  out[kImpact2] = impact_from_sampled(theta[kImpact2]);
  kipping_from_limb_darkening({theta[kU1], theta[kU2]}, out[kU1], out[kU2]);
  return out;
}

TransitPosterior::TransitPosterior(const FitData& data, const TransitGuess& guess,
                                   const FitOptions& options) {
  const size_t n = data.time.size();
  if (data.flux.size() != n || (!data.flux_err.empty() && data.flux_err.size() != n)) {
    throw std::invalid_argument("time, flux and flux_err differ in length");
  }
  if (!(guess.period_days > 0) || !(guess.duration_hours > 0) || !std::isfinite(guess.t0) ||
      !(guess.duration_hours / 24 < guess.period_days)) {
    throw std::invalid_argument("the candidate's period, duration or t0 is not usable");
  }
  const double period = guess.period_days, duration = guess.duration_hours / 24.0;
  double half_window = std::max(options.window_durations * duration, 0.5 * duration + 0.1);
  half_window = std::min(half_window, 0.45 * period);

  // Cadence and errors.
  std::vector<double> steps;
  for (size_t i = 1; i < n; ++i) {
    if (data.time[i] > data.time[i - 1]) steps.push_back(data.time[i] - data.time[i - 1]);
  }
  exposure_days_ = data.exposure_days > 0 ? data.exposure_days
                   : steps.empty()        ? 0.0
                                          : median(steps);
  std::vector<double> finite_flux;
  for (size_t i = 0; i < n; ++i) {
    if (std::isfinite(data.flux[i])) finite_flux.push_back(data.flux[i]);
  }
  if (finite_flux.size() < kMinFitPoints) throw std::invalid_argument("too few points to fit");
  const double scatter = std::max(1e-7, mad_sigma(finite_flux));

  std::vector<size_t> kept;
  for (size_t i = 0; i < n; ++i) {
    const double t = data.time[i], f = data.flux[i];
    const double e = data.flux_err.empty() ? scatter : data.flux_err[i];
    if (!std::isfinite(t) || !std::isfinite(f) || !(e > 0) || !std::isfinite(e)) continue;
    if (std::fabs(std::remainder(t - guess.t0, period)) > half_window) continue;
    kept.push_back(i);
  }
  if (kept.size() < kMinFitPoints) {
    throw std::invalid_argument("too few points near the transits to fit");
  }
  // Time order lets the likelihood find each transit's points by bisection.
  std::stable_sort(kept.begin(), kept.end(),
                   [&](size_t a, size_t b) { return data.time[a] < data.time[b]; });
  std::vector<double> err;
  for (size_t i : kept) {
    time_.push_back(data.time[i]);
    flux_.push_back(data.flux[i]);
    err.push_back(data.flux_err.empty() ? scatter : data.flux_err[i]);
  }

  // Error groups.
  const double e_min = *std::min_element(err.begin(), err.end());
  const double e_max = *std::max_element(err.begin(), err.end());
  const double width = std::max(kErrorGroupWidth, std::log(e_max / e_min) / kMaxErrorGroups);
  std::unordered_map<long long, uint16_t> group_of;
  bucket_.resize(time_.size());
  for (size_t i = 0; i < err.size(); ++i) {
    const long long key = std::llround(std::log(err[i] / e_min) / width);
    auto it = group_of.find(key);
    if (it == group_of.end()) {
      it = group_of.emplace(key, static_cast<uint16_t>(bucket_var_.size())).first;
      const double e = e_min * std::exp(static_cast<double>(key) * width);
      bucket_var_.push_back(e * e);
      bucket_count_.push_back(0);
      bucket_sum_.push_back(0);
      bucket_sum2_.push_back(0);
    }
    bucket_[i] = it->second;
    bucket_count_[it->second] += 1;
    bucket_sum_[it->second] += flux_[i] - 1;
    bucket_sum2_[it->second] += (flux_[i] - 1) * (flux_[i] - 1);
  }

  // The reference epoch in the middle of the fitted data decorrelates t0 and the period.
  const double t_mid = 0.5 * (time_.front() + time_.back());
  reference_epoch_ = static_cast<int>(std::lround((t_mid - guess.t0) / period));
  const double t0_ref = guess.t0 + reference_epoch_ * period;
  const int n_epochs = static_cast<int>(std::lround((time_.back() - time_.front()) / period)) + 1;
  // The prior keeps t0 within a duration and the period's drift within a duration over the
  // data, so each point stays with its transit: the epochs are fixed once.
  for (size_t i = 0; i < time_.size(); ++i) {
    const double epoch = std::nearbyint((time_[i] - t0_ref) / period);
    if (transits_.empty() || transits_.back().epoch != epoch) transits_.push_back({epoch, i, i});
    transits_.back().end = i + 1;
  }

  const double depth = std::max(guess.depth_ppm * 1e-6, 1e-6);
  const double k0 = std::min(0.5, std::sqrt(depth));
  const double b0 = 0.3;
  const double chord = std::sqrt((1 + k0) * (1 + k0) - b0 * b0);
  const double a0 = std::max(1.5, chord / std::sin(std::min(0.49 * kPi, kPi * duration / period)));
  const double median_err = std::sqrt(median(std::vector<double>(bucket_var_)));
  const double jitter0 = std::sqrt(std::max(1e-14, scatter * scatter - median_err * median_err));

  // Ingress of a central transit of the guessed depth (longer at higher impact parameters).
  const double ingress = duration * k0 / (1 + k0);
  profile_step_days_ = std::clamp(ingress / kStepsPerIngress, kMinStepPerDuration * duration,
                                  kMaxStepPerDuration * duration);

  auto box = [&](Param p, double lo, double hi) {
    prior_.lo[p] = lo;
    prior_.hi[p] = hi;
  };
  // The period may move by a quarter of a transit duration over the data, t0 by a duration.
  const double dp = std::max(0.25 * duration / std::max(1, n_epochs), 1e-5 * period);
  box(kT0, t0_ref - duration, t0_ref + duration);
  box(kPeriod, period - 4 * dp, period + 4 * dp);
  box(kDepth, 1e-7, 0.9);                         // and k within (1e-3, 0.95), checked in log_prob
  box(kImpact2, 0.0, sampled_from_impact(1.95));  // b from 0, below 1 + k (checked in log_prob)
  box(kT14, 0.2 * duration, std::min(0.5 * period, 3 * duration));
  box(kU1, 0.0, 2.0);  // and inside the triangle, checked in log_prob
  box(kU2, -1.0, 1.0);
  box(kOffset, -0.1, 0.1);
  // Uniform in the jitter itself: in its logarithm the walkers would wander down a flat prior
  // for as long as the errors are right.
  box(kJitter, 0.0, std::max(10 * scatter, 10 * std::sqrt(bucket_var_.front())));

  const LimbDarkening ld0 = limb_darkening_from_kipping(0.36, 0.3);
  start_ = {t0_ref,
            period,
            depth,
            sampled_from_impact(b0),
            transit_duration_hours(period, a0, b0, k0) / 24,
            ld0.u1,
            ld0.u2,
            0.0,
            std::min(jitter0, 5 * scatter)};
  if (options.stellar_density_prior && options.stellar_density_cgs &&
      *options.stellar_density_cgs > 0) {
    density_prior_ = true;
    density_mean_ = *options.stellar_density_cgs;
    density_sigma_ = options.stellar_density_err_cgs && *options.stellar_density_err_cgs > 0
                         ? *options.stellar_density_err_cgs
                         : kDefaultDensityFractionalError * density_mean_;
  }
}

namespace {

// Secant steps that solve for k: a few from the small-planet guess for a central transit.
constexpr int kMaxDepthIterations = 60;
constexpr double kDepthTolerance = 1e-13;  // relative, in k

}  // namespace

DepthMap rp_rs_from_depth(double depth, double impact, const LimbDarkening& ld) {
  // g(k) = 1 - F(k, b) - depth increases with k (a larger disc hides more): secant steps kept
  // inside a bracket [lo, hi], bisection where a step leaves it (or where g is flat: a
  // grazing disc that does not reach the star yet).
  auto g = [&](double k) { return 1 - quadratic_occultation_flux(k, impact, ld) - depth; };
  // The guess: k^2 I(b) / <I> (the limb's intensity for a centre off the disc).
  const double mu = std::sqrt(std::max(0.0, 1 - impact * impact));
  const double om = 1 - mu;
  const double ratio =
      std::max(0.05, 1 - ld.u1 * om - ld.u2 * om * om) / (1 - ld.u1 / 3 - ld.u2 / 6);
  double lo = 0, hi = kMaxRpRs;
  bool hi_known = false;
  double k1 = std::clamp(std::sqrt(depth / ratio), kMinRpRs, kMaxRpRs);
  double g1 = g(k1);
  auto narrow = [&](double k, double gk) {
    if (gk > 0) {
      hi = k;
      hi_known = true;
    } else {
      lo = k;
    }
  };
  narrow(k1, g1);
  // The depth of a disc inside the limb grows nearly as k^2: the scaled guess is close.
  double k2 =
      std::min(kMaxRpRs, k1 * std::sqrt(std::max(0.25, std::min(4.0, depth / (depth + g1)))));
  if (k2 == k1) k2 = k1 * (g1 > 0 ? 1 - 1e-3 : 1 + 1e-3);
  double g2 = g(k2);
  narrow(k2, g2);
  for (int it = 0; it < kMaxDepthIterations; ++it) {
    double next = g2 != g1 ? k2 - g2 * (k2 - k1) / (g2 - g1) : NAN;
    if (!(next > lo && next < hi)) next = hi_known ? 0.5 * (lo + hi) : std::min(kMaxRpRs, 2 * k2);
    if (std::fabs(next - k2) <= kDepthTolerance * k2) {
      k2 = next;
      break;
    }
    k1 = k2;
    g1 = g2;
    k2 = next;
    g2 = g(k2);
    narrow(k2, g2);
    if (!hi_known && k2 >= kMaxRpRs && g2 < 0) break;  // no allowed k hides that much
  }
  DepthMap out;
  if (!hi_known && k2 >= kMaxRpRs) {
    out.rp_rs = INFINITY;  // no allowed k hides that much: outside the prior
    return out;
  }
  out.rp_rs = k2;
  // d depth / dk (the prior's Jacobian) by a forward difference from the root, where g = 0:
  // a smooth function of the parameters, 1e-4 relative from the derivative.
  const double h = (k2 < 0.5 * kMaxRpRs ? 1e-4 : -1e-4) * k2;
  const double slope = g(k2 + h) / h;
  out.dk_ddepth = slope > 0 ? 1 / slope : 0;
  return out;
}

TransitParams TransitPosterior::transit_params(const double* theta, DepthMap* depth_map) const {
  TransitParams p;
  p.t0 = theta[kT0];
  p.period_days = theta[kPeriod];
  p.impact = impact_from_sampled(theta[kImpact2]);
  p.ld = {theta[kU1], theta[kU2]};
  const DepthMap map = rp_rs_from_depth(theta[kDepth], p.impact, p.ld);
  if (depth_map) *depth_map = map;
  p.rp_rs = map.rp_rs;
  // sin(pi T14 / P) = sqrt((1 + k)^2 - b^2) / (a sin i), a sin i = sqrt(a^2 - b^2).
  const double s = std::sin(kPi * theta[kT14] / p.period_days);
  const double chord2 = (1 + p.rp_rs) * (1 + p.rp_rs) - p.impact * p.impact;
  p.a_rs = std::sqrt(chord2 / (s * s) + p.impact * p.impact);
  return p;
}

double TransitPosterior::log_likelihood(const double* theta) const {
  return log_likelihood(theta, transit_params(theta));
}

double TransitPosterior::log_likelihood(const double* theta, const TransitParams& p) const {
  if (!(p.a_rs > 1 + p.rp_rs) ||
      transit_duration_hours(p.period_days, p.a_rs, p.impact, p.rp_rs) <= 0) {
    return kNegInf;
  }
  thread_local TransitProfile profile;
  profile.compute(p, exposure_days_, profile_step_days_);
  const double jitter2 = theta[kJitter] * theta[kJitter];
  thread_local std::vector<double> weight;
  weight.resize(bucket_var_.size());
  double log_norm = 0;
  for (size_t g = 0; g < bucket_var_.size(); ++g) {
    const double v = bucket_var_[g] + jitter2;
    weight[g] = 1.0 / v;
    log_norm += bucket_count_[g] * std::log(v);
  }
  // The flat model (the offset alone) over every point from the groups' sums, then the
  // transits' points, found by bisection, corrected by w [(f - s m)^2 - (f - s)^2]
  // = w s (1 - m) (2 f - s (1 + m)): out of transit the model is exactly the offset.
  const double scale = 1 + theta[kOffset], off = theta[kOffset];
  double chi2 = 0;
  for (size_t g = 0; g < bucket_var_.size(); ++g) {
    chi2 += weight[g] * (bucket_sum2_[g] - 2 * off * bucket_sum_[g] + off * off * bucket_count_[g]);
  }
  const double half_width = profile.half_width_days();
  for (const Transit& tr : transits_) {
    const double centre = p.t0 + tr.epoch * p.period_days;
    const auto first = time_.begin() + static_cast<long>(tr.begin);
    const auto last = time_.begin() + static_cast<long>(tr.end);
    const size_t lo = std::lower_bound(first, last, centre - half_width) - time_.begin();
    const size_t hi = std::upper_bound(first, last, centre + half_width) - time_.begin();
    // Two sums halve the chain of dependent additions.
    auto term = [&](size_t i) {
      const double m = profile.at(time_[i] - centre);
      return weight[bucket_[i]] * (1 - m) * (2 * flux_[i] - scale * (1 + m));
    };
    double even = 0, odd = 0;
    size_t i = lo;
    for (; i + 1 < hi; i += 2) {
      even += term(i);
      odd += term(i + 1);
    }
    if (i < hi) even += term(i);
    chi2 += scale * (even + odd);
  }
  return -0.5 * (chi2 + log_norm);
}

double TransitPosterior::log_prob(const double* theta) const { return log_prob(theta, true); }

double TransitPosterior::log_prob_physical(const double* theta) const {
  return log_prob(theta, false);
}

double TransitPosterior::log_prob(const double* theta, bool jacobians) const {
  for (int i = 0; i < kNumParams; ++i) {
    if (!(theta[i] >= prior_.lo[i] && theta[i] <= prior_.hi[i])) return kNegInf;
  }
  // Kipping's triangle of physical (u1, u2): the intensity positive everywhere and decreasing
  // towards the limb.
  if (!(theta[kU1] + theta[kU2] <= 1) || !(theta[kU1] + 2 * theta[kU2] >= 0)) {
    return kNegInf;
  }
  DepthMap depth_map;
  const TransitParams p = transit_params(theta, &depth_map);
  if (!(p.rp_rs >= kMinRpRs && p.rp_rs <= kMaxRpRs) || p.impact >= 1 + p.rp_rs) return kNegInf;
  const double density = density_from_a_rs(p.a_rs, p.period_days);
  if (!(density >= kMinDensityCgs && density <= kMaxDensityCgs)) return kNegInf;
  double lp = 0;
  if (jacobians) {
    // From the sampled (depth, y, T14, u1, u2) to (k, b, ln density, q1, q2) the Jacobian
    // matrix is triangular (b from y alone, q from u alone, k from depth at fixed b and u,
    // ln density from T14 at fixed k and b): its determinant is the product of these.
    // Uniform in ln density: d ln(density) / d T14 = -3 c pi cos(x) / (P s^3 a^2),
    // x = pi T14 / P, s = sin x, c = (1 + k)^2 - b^2.
    const double x = kPi * theta[kT14] / p.period_days, s = std::sin(x);
    const double c = (1 + p.rp_rs) * (1 + p.rp_rs) - p.impact * p.impact;
    lp += std::log(3 * c * kPi * std::cos(x) / (p.period_days * s * s * s * p.a_rs * p.a_rs));
    // ... uniform in k: dk / d depth at fixed b and limb darkening; uniform in b:
    // db / dy = 1 / (2 (b + e)); uniform in (q1, q2): |d(q1, q2) / d(u1, u2)| = 1.
    lp += std::log(depth_map.dk_ddepth) - std::log(p.impact + kImpactSoftening);
  }
  if (density_prior_) {
    const double d = (density - density_mean_) / density_sigma_;
    lp -= 0.5 * d * d;
  }
  const double ll = log_likelihood(theta, p);
  return std::isfinite(ll) ? lp + ll : kNegInf;
}

std::vector<double> TransitPosterior::variances(double jitter) const {
  const double jitter2 = jitter * jitter;
  std::vector<double> v(time_.size());
  for (size_t i = 0; i < v.size(); ++i) v[i] = bucket_var_[bucket_[i]] + jitter2;
  return v;
}

}  // namespace exodetect::fit
