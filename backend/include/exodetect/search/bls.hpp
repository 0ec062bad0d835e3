#pragma once

#include <functional>
#include <vector>

namespace exodetect {

struct BlsOptions {
  double period_min_days = 0.5;
  double period_max_days = 0.0;         // 0: half the time span
  std::vector<double> durations_hours;  // empty: default grid (see default_durations_hours)
  double oversampling = 3.0;            // Ofir (2014) frequency-grid oversampling factor
  double stellar_density_cgs = 1.41;    // sets the Ofir grid; solar when the header lacks it
  int threads = 0;                      // 0: all cores
};

// A box longer than this fraction of a trial period is not tested at that period (it would
// fit slow variability rather than a transit); durations are otherwise tested at every period.
constexpr double kMaxDutyCycle = 0.25;

// Boxes are placed on a phase grid this many steps per shortest trial duration, so box edges
// sit within half a step (1/8 of the shortest duration) of any transit's edges.
constexpr int kPhaseStepsPerDuration = 4;

// The periodogram over trial periods; power is astropy's "likelihood" objective,
// 0.5 * ivar_in * depth^2 with ivar_in the summed in-transit weights (1/flux_err^2), so values
// are comparable with BoxLeastSquares(objective="likelihood").
struct Periodogram {
  std::vector<double> period_days;
  std::vector<double> power;
  std::vector<double> duration_days;  // best duration at each period
  std::vector<double> t0;             // best mid-transit time at each period (input time system),
                                      // the first one at or after the first time stamp
  std::vector<double> depth;          // best depth at each period (relative flux)
  std::vector<double> depth_err;      // its 1-sigma uncertainty (relative flux)
};

// Trial periods (days) on the Ofir (2014) optimal frequency grid, ascending: uniform steps in
// frequency^(1/3) of A/3, A = (2 pi)^(2/3) / pi * (3 / (4 pi G rho))^(1/3) / (span * oversampling)
// (TLS's period_grid), from 1/period_max to 1/period_min (no Roche-limit cut: ultra-short
// periods are the caller's choice). period_max_days <= 0 means half the span. Throws
// std::invalid_argument for non-positive span, density or oversampling, or period_min_days <= 0.
std::vector<double> ofir_period_grid(double span_days, double period_min_days,
                                     double period_max_days, double stellar_density_cgs,
                                     double oversampling);

// Trial durations (hours): 1, 2, 3, 4, 6, 8 h, with 0.5 h added when the shortest period is
// under 1 day. Durations above kMaxDutyCycle of a trial period are skipped at that period by
// bls_periodogram, so the grid suits every period in the range. Throws std::invalid_argument
// when period_min_days <= 0 or period_max_days < period_min_days (0 allowed: no upper bound).
std::vector<double> default_durations_hours(double period_min_days, double period_max_days);

using ProgressFn = std::function<void(double fraction)>;

// Box least squares over `periods_days` x durations on already detrended, normalised flux.
// Weights from flux_err (uniform when empty). Pure: arrays in, periodogram out. `progress` is
// called from worker threads, one call at a time, with the fraction of periods done.
// Fast kernel: data binned on a uniform time grid (step: the cadence, kept within 1/4..1 of
// the shortest duration) and folded with the fast folding algorithm; each trial period uses
// the folded profile whose period is within half a step over the whole span of it.
// Throws std::invalid_argument for mismatched or non-finite arrays, fewer than 3 points,
// non-positive errors, periods or durations, or no duration shorter than kMaxDutyCycle of the
// shortest period.
Periodogram bls_periodogram(const std::vector<double>& time_days, const std::vector<double>& flux,
                            const std::vector<double>& flux_err,
                            const std::vector<double>& periods_days,
                            const std::vector<double>& durations_hours, int threads,
                            const ProgressFn& progress = {});

// The same search folding every point at every period exactly (astropy's method: phase bins of
// shortest duration / kPhaseStepsPerDuration, every box start and duration). Slower; the
// reference the fast kernel is checked against.
Periodogram bls_periodogram_exact(const std::vector<double>& time_days,
                                  const std::vector<double>& flux,
                                  const std::vector<double>& flux_err,
                                  const std::vector<double>& periods_days,
                                  const std::vector<double>& durations_hours, int threads,
                                  const ProgressFn& progress = {});

// Signal detection efficiency of every periodogram value: (power - mean) / std, after removing
// the slow trend of the power with period (as TLS does) with a running median over
// kSdeMedianWindow trial periods.
constexpr int kSdeMedianWindow = 91;
std::vector<double> signal_detection_efficiency(const Periodogram& periodogram);

}  // namespace exodetect
