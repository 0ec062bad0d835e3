#include "exodetect/search/bls.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <string>

#include "bls_kernel.hpp"
#include "exodetect/common/constants.hpp"
#include "exodetect/common/stats.hpp"
#include "exodetect/common/thread_pool.hpp"

namespace exodetect::search {

using common::kGravitationalConstantCgs;
using common::kGravitationalConstantSi;
using common::kHoursPerDay;
using common::kPi;
using common::kSecondsPerDay;
using common::median;
using common::parallel_for;
using common::resolve_threads;

namespace {

// The Ofir grid as steps in x = frequency^(1/3): periods[n - 1 - i] is 1 / (x_lo + i step)^3.
struct OfirSteps {
  double x_lo = 0;
  double step = 0;
  double count = 0;  // periods on the grid, as a double (see ofir_period_count)
};

OfirSteps ofir_steps(double span_days, double period_min_days, double period_max_days,
                     double stellar_density_cgs, double oversampling) {
  if (!(span_days > 0) || !std::isfinite(span_days)) {
    throw std::invalid_argument("ofir_period_grid: time span must be positive");
  }
  if (!(period_min_days > 0)) {
    throw std::invalid_argument("ofir_period_grid: period_min_days must be positive");
  }
  if (!(stellar_density_cgs > 0) || !std::isfinite(stellar_density_cgs)) {
    throw std::invalid_argument("ofir_period_grid: stellar density must be positive");
  }
  if (!(oversampling > 0) || !std::isfinite(oversampling)) {
    throw std::invalid_argument("ofir_period_grid: oversampling must be positive");
  }
  if (period_max_days <= 0) period_max_days = 0.5 * span_days;
  if (period_max_days <= period_min_days) {
    throw std::invalid_argument("ofir_period_grid: period_max_days must exceed period_min_days");
  }
  // Everything in SI seconds, as Ofir (2014) eqs. (5)-(7).
  const double rho = stellar_density_cgs * 1000.0;  // kg m^-3
  const double span = span_days * kSecondsPerDay;
  const double a = std::pow(2 * kPi, 2.0 / 3.0) / kPi *
                   std::cbrt(3.0 / (4.0 * kPi * kGravitationalConstantSi * rho)) /
                   (span * oversampling);
  if (!std::isfinite(a)) {
    throw std::invalid_argument("ofir_period_grid: the stellar density is too low for a grid");
  }
  const double f_lo = 1.0 / (period_max_days * kSecondsPerDay);
  const double f_hi = 1.0 / (period_min_days * kSecondsPerDay);
  OfirSteps g;
  if (f_hi <= f_lo) return g;
  g.x_lo = std::cbrt(f_lo);
  g.step = a / 3.0;
  g.count = std::floor((std::cbrt(f_hi) - g.x_lo) / g.step) + 1;
  return g;
}

}  // namespace

std::vector<double> ofir_period_grid(double span_days, double period_min_days,
                                     double period_max_days, double stellar_density_cgs,
                                     double oversampling) {
  const OfirSteps g =
      ofir_steps(span_days, period_min_days, period_max_days, stellar_density_cgs, oversampling);
  // No search tries more periods than period-duration pairs, so a longer grid is never built.
  if (g.count > kMaxPeriodDurationTrials) {
    throw std::invalid_argument("ofir_period_grid: more than " +
                                std::to_string(static_cast<size_t>(kMaxPeriodDurationTrials)) +
                                " trial periods");
  }
  std::vector<double> periods(static_cast<size_t>(g.count));
  const size_t n = periods.size();
  for (size_t i = 0; i < n; ++i) {
    const double x = g.x_lo + g.step * static_cast<double>(i);
    periods[n - 1 - i] = 1.0 / (x * x * x) / kSecondsPerDay;  // descending f: ascending period
  }
  return periods;
}

double ofir_period_count(double span_days, double period_min_days, double period_max_days,
                         double stellar_density_cgs, double oversampling) {
  return ofir_steps(span_days, period_min_days, period_max_days, stellar_density_cgs, oversampling)
      .count;
}

DurationRange transit_duration_range(double period_days,
                                     std::optional<double> stellar_density_cgs) {
  if (!(period_days > 0) || !std::isfinite(period_days)) {
    throw std::invalid_argument("transit_duration_range: the period must be positive");
  }
  if (stellar_density_cgs && !(*stellar_density_cgs > 0 && std::isfinite(*stellar_density_cgs))) {
    throw std::invalid_argument("transit_duration_range: the stellar density must be positive");
  }
  const double rho_lo =
      stellar_density_cgs ? *stellar_density_cgs / kKnownDensitySpread : kDensityPriorMinCgs;
  const double rho_hi =
      stellar_density_cgs ? *stellar_density_cgs * kKnownDensitySpread : kDensityPriorMaxCgs;
  // Central transit of a small planet: R_* / a = (3 pi / (G rho P^2))^(1/3) (Kepler's law).
  auto central_hours = [period_days](double rho_cgs) {
    const double p = period_days * kSecondsPerDay;
    const double rs_over_a = std::cbrt(3.0 * kPi / (kGravitationalConstantCgs * rho_cgs * p * p));
    return period_days / kPi * std::asin(std::min(1.0, rs_over_a)) * kHoursPerDay;
  };
  return {kGrazingFraction * central_hours(rho_hi), kLongTransitFactor * central_hours(rho_lo)};
}

std::vector<double> default_durations_hours(double period_min_days, double period_max_days,
                                            std::optional<double> stellar_density_cgs) {
  if (!(period_min_days > 0)) {
    throw std::invalid_argument("default_durations_hours: period_min_days must be positive");
  }
  if (period_max_days != 0 && period_max_days < period_min_days) {
    throw std::invalid_argument("default_durations_hours: period_max_days < period_min_days");
  }
  constexpr double kUnboundedPeriodMaxDays = 100.0;
  const double p_max = period_max_days > 0 ? period_max_days : kUnboundedPeriodMaxDays;
  const double lo = transit_duration_range(period_min_days, stellar_density_cgs).min_hours;
  // Longest at the longest period, but within the duty-cycle limit of that period.
  const double hi = std::min(transit_duration_range(p_max, stellar_density_cgs).max_hours,
                             kMaxDutyCycle * p_max * kHoursPerDay);
  std::vector<double> hours;
  for (double h = lo; hours.size() < kMaxTrialDurations; h *= kDurationGridRatio) {
    hours.push_back(std::min(h, hi));
    if (h >= hi) break;
  }
  return hours;
}

namespace {

// Sized for `periods_days`, no signal found yet; reuses `out`'s storage (fresh pages cost a
// page fault each: the bands of a four-year search would take 9 MB of them per pass).
void reset_periodogram(const BlsData& data, const std::vector<double>& periods_days,
                       Periodogram& out) {
  const size_t n = periods_days.size();
  out.period_days.assign(periods_days.begin(), periods_days.end());
  out.power.assign(n, 0.0);
  out.duration_days.assign(n, 0.0);
  out.t0.assign(n, data.t_ref);
  out.depth.assign(n, 0.0);
  out.depth_err.assign(n, 0.0);
}

Periodogram empty_periodogram(const BlsData& data, const std::vector<double>& periods_days) {
  Periodogram out;
  reset_periodogram(data, periods_days, out);
  return out;
}

// Counts finished periods and reports the fraction, one call at a time.
class ProgressCounter {
 public:
  ProgressCounter(const ProgressFn& fn, size_t total) : fn_(fn), total_(total) {}
  void add(size_t n) {
    if (!fn_) return;
    std::lock_guard<std::mutex> lock(mutex_);
    done_ += n;
    fn_(static_cast<double>(done_) / static_cast<double>(total_));
  }

 private:
  const ProgressFn& fn_;
  size_t total_;
  size_t done_ = 0;
  std::mutex mutex_;
};

double median_cadence_days(const BlsData& data) {
  std::vector<double> t = data.t;
  std::sort(t.begin(), t.end());
  return common::median_cadence(t);
}

// Phase step of the fast kernel: about the cadence (finer bins add little to points that each
// average one exposure), a whole fraction 1, 1/2, 1/3 or 1/4 of the shortest duration so the
// standard durations are whole steps. A duration shorter than two cadences (0.5 h on Kepler's
// 30-min data) is one step, and one shorter than a cadence is a cadence: no phase grid can
// resolve it further.
double fast_step_days(double cadence, double shortest_hours) {
  const double d_min = std::max(shortest_hours / kHoursPerDay, cadence);
  const double parts = std::clamp(std::round(d_min / cadence), 1.0, 1.0 * kPhaseStepsPerDuration);
  return d_min / parts;
}

// Periods (indices into the ascending order) whose shortest physical duration is within a
// factor kBandWidth: each band is searched on its own phase step.
constexpr double kBandWidth = 2.0;

}  // namespace

Periodogram bls_periodogram(const std::vector<double>& time_days, const std::vector<double>& flux,
                            const std::vector<double>& flux_err,
                            const std::vector<double>& periods_days,
                            const std::vector<double>& durations_hours, int threads,
                            const ProgressFn& progress, const std::optional<DurationPrior>& prior) {
  const BlsData data = prepare_bls_data(time_days, flux, flux_err);
  make_box_grid(periods_days, durations_hours);  // validates
  Periodogram out = empty_periodogram(data, periods_days);
  if (periods_days.empty()) return out;
  const double cadence = median_cadence_days(data);
  ProgressCounter counter(progress, periods_days.size());
  const unsigned n_threads = resolve_threads(threads);
  auto search = [&](const std::vector<double>& periods, const std::vector<double>& hours,
                    Periodogram& into) {
    const double shortest = *std::min_element(hours.begin(), hours.end());
    BoxGrid grid = make_box_grid(periods, hours, fast_step_days(cadence, shortest));
    grid.prior = prior;
    ffa_search(
        data, grid, periods, n_threads, [&](size_t n) { counter.add(n); }, into);
  };
  if (!prior) {
    search(periods_days, durations_hours, out);
    return out;
  }
  std::vector<size_t> order(periods_days.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return periods_days[a] < periods_days[b]; });
  std::vector<double> periods, hours;
  Periodogram band;
  for (size_t begin = 0; begin < order.size();) {
    const double band_lo =
        transit_duration_range(periods_days[order[begin]], prior->stellar_density_cgs).min_hours;
    size_t end = begin + 1;
    while (end < order.size() &&
           transit_duration_range(periods_days[order[end]], prior->stellar_density_cgs).min_hours <
               kBandWidth * band_lo) {
      ++end;
    }
    periods.clear();
    for (size_t k = begin; k < end; ++k) periods.push_back(periods_days[order[k]]);
    // The band's durations: those any of its periods tests (fit_profile picks per period).
    const double lo = band_lo / kDurationGridRatio;
    const double hi = transit_duration_range(periods.back(), prior->stellar_density_cgs).max_hours *
                      kDurationGridRatio;
    hours.clear();
    double below = 0;  // the longest duration under the range: the shortest box tested
    for (double h : durations_hours) {
      if (h < lo) below = std::max(below, h);
      if (h >= lo && h <= hi && h <= kMaxDutyCycle * periods.back() * kHoursPerDay)
        hours.push_back(h);
    }
    if (below > 0) hours.push_back(below);
    if (hours.empty()) {
      hours.push_back(*std::min_element(durations_hours.begin(), durations_hours.end()));
    }
    reset_periodogram(data, periods, band);
    search(periods, hours, band);
    for (size_t k = begin; k < end; ++k) {
      const size_t i = order[k], j = k - begin;
      out.power[i] = band.power[j];
      out.duration_days[i] = band.duration_days[j];
      out.t0[i] = band.t0[j];
      out.depth[i] = band.depth[j];
      out.depth_err[i] = band.depth_err[j];
    }
    begin = end;
  }
  return out;
}

Periodogram bls_periodogram_exact(const std::vector<double>& time_days,
                                  const std::vector<double>& flux,
                                  const std::vector<double>& flux_err,
                                  const std::vector<double>& periods_days,
                                  const std::vector<double>& durations_hours, int threads,
                                  const ProgressFn& progress) {
  const BlsData data = prepare_bls_data(time_days, flux, flux_err);
  const BoxGrid grid = make_box_grid(periods_days, durations_hours);
  Periodogram out = empty_periodogram(data, periods_days);
  ProgressCounter counter(progress, periods_days.size());
  const size_t grain = std::max<size_t>(16, periods_days.size() / 256);
  parallel_for(periods_days.size(), grain, resolve_threads(threads), [&](size_t begin, size_t end) {
    FoldScratch scratch;
    for (size_t i = begin; i < end; ++i) {
      const BoxFit fit = fold_and_fit(data, grid, periods_days[i], scratch);
      store_fit(data, grid, periods_days[i], fit, i, out);
    }
    counter.add(end - begin);
  });
  return out;
}

std::vector<double> signal_detection_efficiency(const Periodogram& periodogram) {
  const std::vector<double>& power = periodogram.power;
  const size_t n = power.size();
  std::vector<double> sde(n, 0.0);
  if (n < 2) return sde;
  // Running median over a sliding sorted window (shrinking at the ends).
  const size_t half = kSdeMedianWindow / 2;
  std::vector<double> window;
  window.reserve(kSdeMedianWindow);
  std::vector<double> detrended(n);
  size_t lo = 0, hi = 0;  // window holds power[lo, hi)
  for (size_t i = 0; i < n; ++i) {
    const size_t want_lo = i > half ? i - half : 0;
    const size_t want_hi = std::min(n, i + half + 1);
    for (; hi < want_hi; ++hi) {
      window.insert(std::upper_bound(window.begin(), window.end(), power[hi]), power[hi]);
    }
    for (; lo < want_lo; ++lo) {
      window.erase(std::lower_bound(window.begin(), window.end(), power[lo]));
    }
    const size_t m = window.size();
    const double median = m % 2 ? window[m / 2] : 0.5 * (window[m / 2 - 1] + window[m / 2]);
    detrended[i] = power[i] - median;
  }
  double mean = 0;
  for (double v : detrended) mean += v;
  mean /= static_cast<double>(n);
  double var = 0;
  for (double v : detrended) var += (v - mean) * (v - mean);
  const double sd = std::sqrt(var / static_cast<double>(n - 1));
  if (!(sd > 0)) return sde;
  for (size_t i = 0; i < n; ++i) sde[i] = (detrended[i] - mean) / sd;
  return sde;
}

}  // namespace exodetect::search
