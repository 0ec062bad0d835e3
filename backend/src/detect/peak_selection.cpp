#include "peak_selection.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "exodetect/common/constants.hpp"

namespace exodetect::detect {

using common::kHoursPerDay;
using search::bls_periodogram_exact;
using search::kMaxDutyCycle;
using search::Periodogram;
using vetting::period_ratio;
using vetting::transit_snr;
using vetting::TransitEphemeris;
using vetting::TransitSnr;
using vetting::TransitVetting;
using vetting::vet_transit;

namespace {

// Periodogram peaks (at least 1% apart in period) whose transit SNR is compared to pick the
// signal. The SDE's highest peak alone is often noise: the detrender's high-pass lifts the
// noise at periods near its window (0.5-1 d for a 1-day window) while it takes ~10% off a
// real transit, and on four Kepler years a real SNR-7.5 planet ranks first in SDE about
// half the time but is among the first eight nearly always.
constexpr size_t kPeaksCompared = 8;
constexpr size_t kPeriodBands = 16;
// A peak's transit SNR below this share of its BLS SNR suggests its period drifts (see
// local_ephemeris); noise peaks that the detrender shaped fall below it too.
constexpr double kDriftSuspect = 0.8;
// Grid points either side of a peak that refine_peak and local_ephemeris search: margin for
// noise moving a weak peak off the best grid period.
constexpr size_t kNeighbours = 16;
constexpr double kSameSignalTolerance = 2e-3;  // relative, for period ratios between peaks
// Half-period test (half_period_if_repeats): the dip at phase 0.5 must be this significant.
constexpr double kRepeatMinSigma = 3.0;

// The best box at the periods between a peak's kNeighbours grid neighbours on either side
// and its duration, folded exactly; a zero period when none fits.
TransitEphemeris local_ephemeris(const Points& p, const Periodogram& pg, size_t peak) {
  const size_t lo = peak >= kNeighbours ? peak - kNeighbours : 0;
  const size_t hi = std::min(peak + kNeighbours, pg.period_days.size() - 1);
  const std::vector<double> periods(pg.period_days.begin() + lo, pg.period_days.begin() + hi + 1);
  // Within the duty-cycle limit at the shortest of these periods, as the peak was at its own.
  const double hours =
      std::min(pg.duration_days[peak], 0.99 * kMaxDutyCycle * periods.front()) * kHoursPerDay;
  const Periodogram local = bls_periodogram_exact(p.time, p.flux, p.flux_err, periods, {hours}, 1);
  const size_t b = std::max_element(local.power.begin(), local.power.end()) - local.power.begin();
  if (!(local.power[b] > 0)) return {};
  return {local.period_days[b], local.t0[b], local.duration_days[b]};
}

// The box's SNR against the white scatter alone. The two folds are compared by it: each
// vetting's red-noise inflation comes from the scatter of its per-transit depths, which half
// the period shows with twice the transits, so inflated SNRs would set a well-measured
// inflation against a poorly measured one (and a planet whose transit depths vary with the
// pointing noise would stay at twice its period). Red noise is judged by the odd/even test,
// which inflates both parities alike.
double white_snr(const TransitVetting& v) {
  return v.noise > 0 && v.n_in_transit > 0
             ? v.box_depth * std::sqrt(static_cast<double>(v.n_in_transit)) / v.noise
             : 0.0;
}

}  // namespace

// A finer look around a coarse periodogram peak: periods between nearby grid points
// and durations around the best one, so period, t0, duration and depth are not quantised by
// the search grid.
Periodogram refine_peak(const Points& p, const Periodogram& coarse, size_t peak,
                        const std::vector<double>& durations_hours) {
  constexpr int kRefinePeriods = 129;
  const auto& periods = coarse.period_days;
  double lo = periods[peak >= kNeighbours ? peak - kNeighbours : 0];
  double hi = periods[std::min(peak + kNeighbours, periods.size() - 1)];
  std::vector<double> fine_periods;
  for (int i = 0; i < kRefinePeriods; ++i) {
    fine_periods.push_back(lo + (hi - lo) * i / (kRefinePeriods - 1));
  }
  const double best_hours = coarse.duration_days[peak] * kHoursPerDay;
  const double shortest = *std::min_element(durations_hours.begin(), durations_hours.end());
  const double limit_hours = kMaxDutyCycle * lo * kHoursPerDay;
  std::vector<double> fine_durations;
  for (double f = 0.6; f <= 1.61; f += 0.1) {
    double h = best_hours * f;
    if (h >= 0.5 * shortest && h < limit_hours) fine_durations.push_back(h);
  }
  if (fine_durations.empty()) fine_durations.push_back(std::min(best_hours, 0.9 * limit_hours));
  // The exact kernel: the fast one folds at periods quantised to its time step.
  return bls_periodogram_exact(p.time, p.flux, p.flux_err, fine_periods, fine_durations, 1);
}

// The periodogram index of the signal to follow: of the kPeaksCompared highest SDE peaks and
// the highest one in each of kPeriodBands bands of log period, those with two or more
// transits in the data, the one with the highest transit SNR measured on the detrended
// points, preferring those that reach `sde_min` or `strong_snr` (the others end the search);
// the highest SDE peak when none qualifies or when its own SNR reaches `strong_snr`
// (deep transits: per-transit systematics inflate the error of the true period more than of
// its multiples). The bands keep a cluster of noise peaks (the detrender's, near its window)
// from filling every place. A peak within 1% of a higher one, or at a period ratio n/m
// (n, m <= kMaxAliasOrder) of it, is the same signal: the SDE picks its period better.
size_t strongest_peak(const Points& p, const Periodogram& pg, const std::vector<double>& sde,
                      double strong_snr, double sde_min) {
  std::vector<size_t> order(sde.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return sde[a] > sde[b]; });
  const double log_lo = std::log(pg.period_days.front());
  const double band_width = (std::log(pg.period_days.back()) - log_lo) / kPeriodBands + 1e-12;
  std::vector<size_t> peaks;
  std::vector<bool> band_taken(kPeriodBands, false);
  for (size_t rank = 0; rank < order.size(); ++rank) {
    const size_t i = order[rank];
    const double period = pg.period_days[i];
    const auto band = std::min<size_t>(
        kPeriodBands - 1, static_cast<size_t>((std::log(period) - log_lo) / band_width));
    if (rank >= kPeaksCompared && band_taken[band]) continue;
    const bool distinct = std::none_of(peaks.begin(), peaks.end(), [&](size_t k) {
      return std::fabs(period - pg.period_days[k]) < 0.01 * pg.period_days[k] ||
             period_ratio(period, pg.period_days[k], kMaxAliasOrder, kSameSignalTolerance);
    });
    if (!distinct) continue;
    peaks.push_back(i);
    band_taken[band] = true;
    if (std::all_of(band_taken.begin(), band_taken.end(), [](bool b) { return b; }) &&
        rank >= kPeaksCompared) {
      break;
    }
  }
  size_t best = order.front();
  double best_snr = -std::numeric_limits<double>::infinity();
  bool best_significant = false;
  for (size_t k : peaks) {
    if (!(pg.power[k] > 0)) continue;
    TransitSnr v = transit_snr(p.time, p.flux, {pg.period_days[k], pg.t0[k], pg.duration_days[k]});
    if (k == order.front() && v.snr >= strong_snr) return k;
    // At its grid period and phase step the box can miss part of each transit (a stitched
    // 20-day curve lost its planet to 2P without this): re-fold exactly at the neighbours.
    if (v.snr < kDriftSuspect * std::sqrt(2.0 * pg.power[k])) {
      const TransitEphemeris e = local_ephemeris(p, pg, k);
      if (e.period_days > 0) v = transit_snr(p.time, p.flux, e);
    }
    // A peak under the SDE floor ends the search if followed, so one above it comes first.
    const bool significant = sde[k] >= sde_min || v.snr >= strong_snr;
    if (v.transits_with_data >= 2 &&
        (significant > best_significant || (significant == best_significant && v.snr > best_snr))) {
      best_snr = v.snr;
      best = k;
      best_significant = significant;
    }
  }
  return best;
}

double signal_sde(const Periodogram& pg, const std::vector<double>& sde, size_t peak,
                  double period_days, double tolerance) {
  double best = sde[peak];
  if (std::fabs(period_days / pg.period_days[peak] - 1) < tolerance) return best;
  for (size_t i = 0; i < pg.period_days.size(); ++i) {
    if (std::fabs(pg.period_days[i] / period_days - 1) < tolerance) best = std::max(best, sde[i]);
  }
  return best;
}

// The ephemeris at half the period when the data say the signal repeats there: a significant
// dip at phase 0.5 (over kRepeatMinSigma) and, at half the period, odd and even transits of one
// depth (the vetting's own odd/even test, so red noise counts as it does there) and a higher
// white-noise SNR from the same dips. Twice the period is a common pick of the SDE (it is the same
// signal in strongest_peak) when noise near the short period lifts the periodogram's baseline
// there. A planet's occultation is far shallower than its transit and an eclipsing binary's
// secondary differs in depth, so neither passes; a binary of twin stars cannot be told from a
// planet at half its period by depth, as in any transit search. The half period may lie under the
// searched range: the range bounds the grid, and the signal found at twice an ultra-short period
// (TOI-1798.02, 0.438 d, under the default 0.5 d) is still that planet's.
TransitEphemeris half_period_if_repeats(const Points& p, const TransitEphemeris& e,
                                        double odd_even_sigma) {
  const TransitEphemeris half{0.5 * e.period_days, e.t0, e.duration_days};
  if (!(half.duration_days < kMaxDutyCycle * half.period_days)) return e;
  const TransitVetting v = vet_transit(p.time, p.flux, e);
  if (!(v.secondary_snr > kRepeatMinSigma) || !(v.box_depth > 0)) return e;
  const TransitVetting h = vet_transit(p.time, p.flux, half);
  return white_snr(h) > white_snr(v) && h.odd_even_mismatch < odd_even_sigma ? half : e;
}

}  // namespace exodetect::detect
