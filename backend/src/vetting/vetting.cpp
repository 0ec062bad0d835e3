#include "exodetect/vetting/vetting.hpp"
#include "exodetect/common/constants.hpp"
#include "exodetect/common/linear_algebra.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "depth_scatter.hpp"
#include "exodetect/common/stats.hpp"

namespace exodetect::vetting {

using common::kEarthRadiiPerSolarRadius;
using common::kPi;
using common::median;

using detail::DepthGroup;
using detail::group_depth_error;
using detail::parity_scatter_factor;
using detail::scatter_factor;
using detail::weighted_mean;
using detail::weighted_mean_error;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Fewest transits, both parities together, whose scatter the odd/even errors are taken from.
constexpr size_t kMinTransitsForScatter = 4;

void check_inputs(const std::vector<double>& time, const std::vector<double>& flux,
                  const TransitEphemeris& e) {
  if (time.size() != flux.size()) {
    throw std::invalid_argument("vetting: time and flux lengths differ");
  }
  if (!(e.period_days > 0) || !(e.duration_days > 0) || !std::isfinite(e.t0)) {
    throw std::invalid_argument("vetting: period and duration must be positive");
  }
}

// x - n p with n the nearest whole number to x / p: std::remainder's value (the fma is exact
// for the same n), without its rounding-mode save and restore, which cost a third of a
// survey's CPU time in the calls below.
double wrap(double x, double p) { return std::fma(-std::nearbyint(x / p), p, x); }

// Signed time (days) from the nearest mid-transit, in [-P/2, P/2].
double offset_from_transit(double t, const TransitEphemeris& e) {
  return wrap(t - e.t0, e.period_days);
}

struct MeanAccumulator {
  double sum = 0;
  size_t n = 0;
  void add(double v) {
    sum += v;
    ++n;
  }
  double mean() const { return n ? sum / static_cast<double>(n) : kNaN; }
};

// A candidate's transits with data, in order, each error raised by `red_noise_factor`;
// `near_gap`, when given, gets each one's per_transit_near_gap.
DepthGroup transits_with_data(const TransitVetting& v, double red_noise_factor,
                              std::vector<bool>* near_gap = nullptr) {
  DepthGroup group;
  for (size_t i = 0; i < v.per_transit_depth.size() && i < v.per_transit_depth_err.size(); ++i) {
    if (std::isfinite(v.per_transit_depth[i]) && v.per_transit_depth_err[i] > 0) {
      group.emplace_back(v.per_transit_depth[i],
                         v.per_transit_depth_err[i] * std::max(1.0, red_noise_factor));
      if (near_gap)
        near_gap->push_back(i < v.per_transit_near_gap.size() && v.per_transit_near_gap[i]);
    }
  }
  return group;
}

// Linear least squares on [1, sin, cos at P and P/2], centred at the flux mean to keep the
// normal equations well conditioned; the mean alone when singular.
struct SinusoidFit {
  static constexpr size_t kTerms = 5;
  TransitEphemeris e;
  double mean = 0;
  std::array<double, kTerms> coef{};
  std::array<double, kTerms> basis(double t) const {
    const double phase = 2.0 * kPi * (t - e.t0) / e.period_days;
    return {1.0, std::sin(phase), std::cos(phase), std::sin(2 * phase), std::cos(2 * phase)};
  }
  double operator()(double t) const {
    const auto b = basis(t);
    double model = mean;
    for (size_t r = 0; r < kTerms; ++r) model += coef[r] * b[r];
    return model;
  }
};

SinusoidFit fit_sinusoid(const std::vector<double>& time, const std::vector<double>& flux,
                         const TransitEphemeris& e) {
  SinusoidFit fit;
  fit.e = e;
  fit.mean = std::accumulate(flux.begin(), flux.end(), 0.0) / static_cast<double>(flux.size());
  std::array<std::array<double, SinusoidFit::kTerms>, SinusoidFit::kTerms> ata{};
  std::array<double, SinusoidFit::kTerms> aty{};
  for (size_t i = 0; i < time.size(); ++i) {
    const auto b = fit.basis(time[i]);
    const double y = flux[i] - fit.mean;
    for (size_t r = 0; r < SinusoidFit::kTerms; ++r) {
      aty[r] += b[r] * y;
      for (size_t c = 0; c < SinusoidFit::kTerms; ++c) ata[r][c] += b[r] * b[c];
    }
  }
  if (common::solve_normal_equations(&ata[0][0], aty.data(), SinusoidFit::kTerms)) fit.coef = aty;
  return fit;
}

}  // namespace

std::vector<double> transit_times(const TransitEphemeris& e, double t_start, double t_end) {
  std::vector<double> mids;
  if (!(e.period_days > 0) || t_end < t_start) return mids;
  double half = 0.5 * e.duration_days;
  long long first = static_cast<long long>(std::ceil((t_start - half - e.t0) / e.period_days));
  long long last = static_cast<long long>(std::floor((t_end + half - e.t0) / e.period_days));
  for (long long n = first; n <= last; ++n) mids.push_back(e.t0 + n * e.period_days);
  return mids;
}

std::vector<uint8_t> transit_mask(const std::vector<double>& time_days, const TransitEphemeris& e,
                                  double width_factor) {
  std::vector<uint8_t> mask(time_days.size(), 0);
  if (!(e.period_days > 0)) return mask;
  double half = 0.5 * width_factor * e.duration_days;
  for (size_t i = 0; i < time_days.size(); ++i) {
    mask[i] = std::fabs(offset_from_transit(time_days[i], e)) < half ? 1 : 0;
  }
  return mask;
}

namespace {

// 1 for each transit (mid-times `mids`, days) whose window, a duration either side of it, meets
// a data gap or the data's ends, where a transit is partly covered and the detrending is least
// sure. Gaps are jumps longer than several cadences and half a transit.
std::vector<uint8_t> transits_near_gap(const std::vector<double>& time,
                                       const std::vector<double>& mids, const TransitEphemeris& e) {
  const double half = 0.5 * e.duration_days;
  const double cadence = common::median_cadence(time);
  double gap_min = std::max(4.0 * cadence, half);
  std::vector<std::pair<double, double>> gaps;
  for (size_t i = 1; i < time.size(); ++i) {
    if (time[i] - time[i - 1] > gap_min) gaps.emplace_back(time[i - 1], time[i]);
  }
  std::vector<uint8_t> near_gap(mids.size(), 0);
  for (size_t k = 0; k < near_gap.size(); ++k) {
    double lo = mids[k] - half - e.duration_days;
    double hi = mids[k] + half + e.duration_days;
    bool near = lo < time.front() || hi > time.back();
    for (const auto& g : gaps) near = near || (g.first < hi && g.second > lo);
    near_gap[k] = near ? 1 : 0;
  }
  return near_gap;
}

// vet_transit's measurements; without `full`, only those of the box's SNR (level, noise,
// per-transit and box depths, snr, transits_with_data): no gaps (a median of the cadences),
// central depth, odd/even or secondary.
TransitVetting measure_transit(const std::vector<double>& time, const std::vector<double>& flux,
                               const TransitEphemeris& e, bool full) {
  check_inputs(time, flux, e);
  TransitVetting v;
  if (time.empty()) return v;
  const double half = 0.5 * e.duration_days;

  v.per_transit_time = transit_times(e, time.front(), time.back());
  v.transit_count = static_cast<int>(v.per_transit_time.size());
  const double first_mid = v.per_transit_time.empty() ? e.t0 : v.per_transit_time.front();
  std::vector<uint8_t> near_gap(v.per_transit_time.size(), 0);
  if (full) near_gap = transits_near_gap(time, v.per_transit_time, e);
  // The odd/even comparison leaves out transits near a gap when both parities keep one away
  // from gaps: a transit cut by the data's edge keeps its shallow ingress only and would read as
  // a depth difference.
  bool clean_parity[2] = {false, false};
  for (size_t k = 0; k < near_gap.size(); ++k) clean_parity[k % 2] |= !near_gap[k];
  const bool skip_near_gap = clean_parity[0] && clean_parity[1];

  // One pass: the out-of-transit level and scatter, away from both the transit (one duration
  // either side of mid-transit) and the secondary window; in-transit sums per epoch; and the
  // secondary window per epoch (k: the transit before it), for its red-noise error.
  MeanAccumulator out;
  std::vector<double> out_values;
  out_values.reserve(time.size());
  std::vector<MeanAccumulator> per(v.per_transit_time.size());
  std::vector<MeanAccumulator> per_secondary(full ? v.per_transit_time.size() + 1 : 0);
  MeanAccumulator all_in, central, odd_in, even_in, secondary;
  // The offset from the secondary, ds, is P/2 - |dt| up to a few units in the last place of the
  // times and the period: a point this far from the secondary window needs no phase of its own
  // (P/2 stands in for its ds, which only needs to exceed `half`).
  const double scale_days =
      std::max(std::fabs(time.front()), std::fabs(time.back())) + std::fabs(e.t0) + e.period_days;
  const double outside_secondary = 0.5 * e.period_days - half - 1e-9 * scale_days;
  for (size_t i = 0; i < time.size(); ++i) {
    const double dt = offset_from_transit(time[i], e);
    if (std::fabs(dt) < half) {
      long long k = std::llround((time[i] - dt - first_mid) / e.period_days);
      all_in.add(flux[i]);
      const bool in_range = k >= 0 && static_cast<size_t>(k) < per.size();
      if (in_range) per[k].add(flux[i]);
      if (full) {
        if (std::fabs(dt) < 0.5 * half) central.add(flux[i]);
        if (!(skip_near_gap && in_range && near_gap[k])) {
          ((k % 2 == 0) ? even_in : odd_in).add(flux[i]);
        }
      }
    }
    const double ds = std::fabs(dt) < outside_secondary
                          ? 0.5 * e.period_days
                          : wrap(time[i] - e.t0 - 0.5 * e.period_days, e.period_days);
    if (std::fabs(dt) >= e.duration_days && std::fabs(ds) >= half) {
      out.add(flux[i]);
      out_values.push_back(flux[i]);
    }
    if (full && std::fabs(ds) < half) {
      secondary.add(flux[i]);
      long long k = std::llround((time[i] - ds - 0.5 * e.period_days - first_mid) / e.period_days);
      per_secondary[static_cast<size_t>(std::clamp<long long>(k + 1, 0, per.size()))].add(flux[i]);
    }
  }
  if (out.n < 2) {
    // Nothing out of transit: fall back to all points for the level and scatter.
    out = MeanAccumulator{};
    out_values = flux;
    for (double f : flux) out.add(f);
  }
  v.level = out.mean();
  double var = 0;
  for (double f : out_values) var += (f - v.level) * (f - v.level);
  v.noise =
      out_values.size() > 1 ? std::sqrt(var / static_cast<double>(out_values.size() - 1)) : 0.0;

  auto white_err = [&](size_t n_in) {
    if (n_in == 0) return kNaN;
    return v.noise * std::sqrt(1.0 / n_in + 1.0 / std::max<size_t>(out.n, 1));
  };

  std::vector<double> odd_depths, even_depths, odd_errs, even_errs;
  v.per_transit_near_gap = near_gap;
  for (size_t k = 0; k < per.size(); ++k) {
    double d = per[k].n ? v.level - per[k].mean() : kNaN;
    v.per_transit_depth.push_back(d);
    v.per_transit_depth_err.push_back(white_err(per[k].n));
    if (per[k].n) ++v.transits_with_data;
    if (per[k].n && near_gap[k]) ++v.transits_near_gap;
    if (!full || (skip_near_gap && near_gap[k])) continue;
    (k % 2 == 0 ? even_depths : odd_depths).push_back(d);
    (k % 2 == 0 ? even_errs : odd_errs).push_back(v.per_transit_depth_err.back());
  }

  v.n_in_transit = static_cast<int>(all_in.n);
  v.box_depth = all_in.n ? v.level - all_in.mean() : 0.0;
  v.box_depth_err = all_in.n ? group_depth_error(white_err(all_in.n), v.per_transit_depth,
                                                 v.per_transit_depth_err)
                             : 0.0;
  v.snr = v.box_depth_err > 0 ? v.box_depth / v.box_depth_err : 0.0;
  if (!full) return v;
  if (central.n) {
    // The central half's error scales from the box's (same noise, fewer points).
    v.depth = v.level - central.mean();
    v.depth_err = v.box_depth_err * std::sqrt(static_cast<double>(all_in.n) / central.n);
  } else {
    v.depth = v.box_depth;
    v.depth_err = v.box_depth_err;
  }

  if (odd_in.n && even_in.n) {
    v.odd_depth = v.level - odd_in.mean();
    v.even_depth = v.level - even_in.mean();
    // The scatter of the transits the comparison uses when there are enough of them to show
    // one; otherwise of every transit with data. A light curve cut by many gaps (K2's thruster
    // firings flagged out) can leave one transit of each parity away from them, whose white
    // errors say nothing of how the depth varies from transit to transit.
    std::vector<uint8_t> used(per.size());
    size_t n_used = 0;
    for (size_t k = 0; k < per.size(); ++k) {
      used[k] = per[k].n > 0 && !(skip_near_gap && near_gap[k]);
      n_used += used[k];
    }
    if (n_used < kMinTransitsForScatter) {
      for (size_t k = 0; k < per.size(); ++k) used[k] = per[k].n > 0;
    }
    const double scatter =
        parity_scatter_factor(v.per_transit_depth, v.per_transit_depth_err, used);
    v.odd_depth_err = std::max(group_depth_error(white_err(odd_in.n), odd_depths, odd_errs),
                               scatter * white_err(odd_in.n));
    v.even_depth_err = std::max(group_depth_error(white_err(even_in.n), even_depths, even_errs),
                                scatter * white_err(even_in.n));
    double err = std::hypot(v.odd_depth_err, v.even_depth_err);
    v.odd_even_mismatch = err > 0 ? std::fabs(v.odd_depth - v.even_depth) / err : 0.0;
  }
  if (secondary.n) {
    v.secondary_depth = v.level - secondary.mean();
    // Raised by the scatter of its per-epoch depths, every epoch kept: one epoch on a systematic
    // dip is not an eclipse, and since it moves the mean it must raise the error too
    // (group_depth_error leaves the most discrepant one out, which protects a transit's SNR).
    DepthGroup epochs;
    for (const auto& a : per_secondary) {
      if (a.n) epochs.emplace_back(v.level - a.mean(), white_err(a.n));
    }
    v.secondary_depth_err = white_err(secondary.n) * scatter_factor(epochs);
    v.secondary_snr = v.secondary_depth_err > 0 ? v.secondary_depth / v.secondary_depth_err : 0;
  }
  return v;
}

}  // namespace

TransitVetting vet_transit(const std::vector<double>& time, const std::vector<double>& flux,
                           const TransitEphemeris& e, std::optional<double> stellar_radius_sun) {
  TransitVetting v = measure_transit(time, flux, e, true);
  if (v.depth > 0) {
    v.rp_rs = std::sqrt(v.depth);
    if (stellar_radius_sun && *stellar_radius_sun > 0) {
      v.planet_radius_earth = *v.rp_rs * *stellar_radius_sun * kEarthRadiiPerSolarRadius;
    }
  }
  return v;
}

TransitSnr transit_snr(const std::vector<double>& time, const std::vector<double>& flux,
                       const TransitEphemeris& e) {
  const TransitVetting v = measure_transit(time, flux, e, false);
  return {v.snr, v.box_depth, v.box_depth_err, v.noise, v.n_in_transit, v.transits_with_data};
}

double sine_box_loglike_diff(const std::vector<double>& time, const std::vector<double>& flux,
                             const TransitEphemeris& e, double noise_sigma) {
  check_inputs(time, flux, e);
  if (time.size() < 6 || !(noise_sigma > 0)) return 0.0;
  // Box: constant out of transit, another constant in transit.
  MeanAccumulator in, out;
  for (size_t i = 0; i < time.size(); ++i) {
    (std::fabs(offset_from_transit(time[i], e)) < 0.5 * e.duration_days ? in : out).add(flux[i]);
  }
  double chi2_box = 0;
  for (size_t i = 0; i < time.size(); ++i) {
    bool is_in = std::fabs(offset_from_transit(time[i], e)) < 0.5 * e.duration_days;
    double r = flux[i] - (is_in ? in.mean() : out.mean());
    chi2_box += r * r;
  }
  const SinusoidFit fit = fit_sinusoid(time, flux, e);
  double chi2_sine = 0;
  for (size_t i = 0; i < time.size(); ++i) {
    const double res = flux[i] - fit(time[i]);
    chi2_sine += res * res;
  }
  return (chi2_box - chi2_sine) / (2.0 * noise_sigma * noise_sigma);
}

std::vector<double> sinusoid_model(const std::vector<double>& time_days,
                                   const std::vector<double>& flux, double period_days,
                                   const std::vector<double>& eval_times) {
  const TransitEphemeris guess{period_days, time_days.empty() ? 0.0 : time_days.front(), 1e-3};
  check_inputs(time_days, flux, guess);
  std::vector<double> model(eval_times.size(), 1.0);
  if (time_days.size() < 6) return model;
  // A box search's period is not precise enough for a sinusoid: 0.2% off over 37 cycles
  // drifts its phase by 25 degrees and leaves half the modulation. The period with the least
  // residual within half a cycle of drift over the span is taken.
  constexpr int kTrials = 101;
  const double span = time_days.back() - time_days.front();
  const double reach = span > 0 ? 0.5 * period_days * period_days / span : 0.0;
  auto residual = [&](const SinusoidFit& fit) {
    double chi2 = 0;
    for (size_t i = 0; i < time_days.size(); ++i) {
      const double r = flux[i] - fit(time_days[i]);
      chi2 += r * r;
    }
    return chi2;
  };
  SinusoidFit best = fit_sinusoid(time_days, flux, guess);
  double best_chi2 = residual(best);
  for (int k = 0; k < kTrials && reach > 0; ++k) {
    TransitEphemeris e = guess;
    e.period_days = period_days - reach + 2 * reach * k / (kTrials - 1);
    if (!(e.period_days > 0)) continue;
    const SinusoidFit fit = fit_sinusoid(time_days, flux, e);
    const double chi2 = residual(fit);
    if (chi2 < best_chi2) {
      best_chi2 = chi2;
      best = fit;
    }
  }
  for (size_t i = 0; i < eval_times.size(); ++i) model[i] = 1.0 + best(eval_times[i]) - best.mean;
  return model;
}

double period_uncertainty(const std::vector<double>& period, const std::vector<double>& power,
                          size_t peak) {
  if (period.size() != power.size() || peak >= period.size()) {
    throw std::invalid_argument("period_uncertainty: peak outside the periodogram");
  }
  if (period.size() < 2) return 0.0;
  double spacing = peak + 1 < period.size() ? std::fabs(period[peak + 1] - period[peak])
                                            : std::fabs(period[peak] - period[peak - 1]);
  double base = median(power);
  double half_height = base + 0.5 * (power[peak] - base);
  // Linear interpolation of where the power falls through half height on each side.
  auto crossing = [&](int step) {
    long long i = static_cast<long long>(peak);
    while (true) {
      long long j = i + step;
      if (j < 0 || j >= static_cast<long long>(period.size())) return period[i];
      if (power[j] < half_height) {
        double f = (power[i] - half_height) / (power[i] - power[j]);
        return period[i] + f * (period[j] - period[i]);
      }
      i = j;
    }
  };
  double hwhm = 0.5 * std::fabs(crossing(1) - crossing(-1));
  return std::max(hwhm / std::sqrt(2.0 * std::log(2.0)), 0.5 * spacing);
}

std::optional<std::pair<int, int>> period_ratio(double period, double reference, int max_order,
                                                double tolerance) {
  if (!(period > 0) || !(reference > 0)) return std::nullopt;
  std::optional<std::pair<int, int>> best;
  for (int sum = 2; sum <= 2 * max_order && !best; ++sum) {
    for (int n = 1; n < sum; ++n) {
      int m = sum - n;
      if (n > max_order || m > max_order || std::gcd(n, m) != 1) continue;
      double ratio = static_cast<double>(n) / m;
      if (std::fabs(period / reference - ratio) <= tolerance * ratio) {
        best = std::make_pair(n, m);
        break;
      }
    }
  }
  return best;
}

bool is_harmonic(double period, double reference, int max_harmonic, double tolerance) {
  auto r = period_ratio(period, reference, max_harmonic, tolerance);
  return r && (r->first == 1 || r->second == 1);
}

std::vector<std::string> vetting_flags(const TransitVetting& v, double sde, double sine_box_diff,
                                       bool alias, const VettingThresholds& t) {
  std::vector<std::string> flags;
  if (v.odd_even_mismatch > t.odd_even_sigma) flags.push_back("odd_even");
  if (v.secondary_snr > t.secondary_sigma &&
      v.secondary_depth > t.secondary_depth_fraction * std::fabs(v.depth)) {
    flags.push_back("secondary");
  }
  if (v.transits_with_data < t.min_transits) flags.push_back("few_transits");
  if (v.transits_with_data > 0 &&
      v.transits_near_gap >= t.near_gap_fraction * v.transits_with_data) {
    flags.push_back("near_gap");
  }
  if (sde < t.confident_sde && v.snr < t.strong_snr) flags.push_back("low_sde");
  if (alias) flags.push_back("alias");
  if (sine_box_diff > t.sinusoid_loglike_diff) flags.push_back("sinusoidal");
  if (period_may_be_double(v)) flags.push_back("period_may_be_double");
  if (v.v_shape) flags.push_back("v_shape");
  return flags;
}

bool period_may_be_double(const TransitVetting& v) {
  int with_data[2] = {0, 0}, expected[2] = {0, 0};
  for (size_t k = 0; k < v.per_transit_depth.size(); ++k) {
    ++expected[k % 2];
    if (std::isfinite(v.per_transit_depth[k])) ++with_data[k % 2];
  }
  for (int parity : {0, 1}) {
    if (with_data[parity] > 0 && expected[1 - parity] > 0 && with_data[1 - parity] == 0) {
      return true;
    }
  }
  return false;
}

bool one_transit_carries_signal(const TransitVetting& v, double red_noise_factor) {
  DepthGroup group = transits_with_data(v, red_noise_factor);
  if (group.size() < 2) return false;
  const auto strongest = std::max_element(
      group.begin(), group.end(),
      [](const auto& a, const auto& b) { return a.first / a.second < b.first / b.second; });
  const auto [depth, err] = *strongest;
  group.erase(strongest);
  const double rest = weighted_mean(group);
  const double rest_err = weighted_mean_error(group);
  return depth / err >= common::kSigmaAtP001 && rest / rest_err < common::kSigmaAtP001 &&
         (depth - rest) / std::hypot(err, rest_err) > common::kSigmaAtP001;
}

bool transit_missing(const TransitVetting& v, double red_noise_factor) {
  std::vector<bool> near_gap;
  const DepthGroup group = transits_with_data(v, red_noise_factor, &near_gap);
  if (group.size() < 3) return false;
  const auto carries = [](const std::pair<double, double>& t) {
    return t.first / t.second >= common::kSigmaAtP001;
  };
  const auto n_carrying = std::count_if(group.begin(), group.end(), carries);
  if (n_carrying < 2 || n_carrying > kMaxPairedTransits) return false;
  const double threshold =
      common::one_sided_gaussian_quantile(0.001 / static_cast<double>(group.size()));
  for (size_t i = 0; i < group.size(); ++i) {
    if (carries(group[i]) || near_gap[i]) continue;
    DepthGroup others = group;
    others.erase(others.begin() + static_cast<std::ptrdiff_t>(i));
    const double below = weighted_mean(others) - group[i].first;
    if (below / std::hypot(group[i].second, weighted_mean_error(others)) > threshold) return true;
  }
  return false;
}

}  // namespace exodetect::vetting
