#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

#include "exodetect/common/constants.hpp"

namespace exodetect::search {

// A box longer than this fraction of a trial period is not tested at that period (it would
// fit slow variability rather than a transit); durations are otherwise tested at every period.
constexpr double kMaxDutyCycle = 0.25;

// Boxes are placed on a phase grid this many steps per shortest trial duration, so box edges
// sit within half a step (1/8 of the shortest duration) of any transit's edges.
constexpr int kPhaseStepsPerDuration = 4;

// Fewer points than this in a transit window are outliers lining up, not a resolved transit.
constexpr size_t kMinTransitPoints = 5;

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
// std::invalid_argument for non-positive span, density or oversampling, period_min_days <= 0, a
// density so low that the step overflows, or a grid of more than kMaxPeriodDurationTrials periods.
std::vector<double> ofir_period_grid(double span_days, double period_min_days,
                                     double period_max_days, double stellar_density_cgs,
                                     double oversampling);

// The number of periods ofir_period_grid returns for the same arguments, found without building
// the grid: a double, as a span or density far out of range asks for more periods than memory
// holds (or a size_t counts). Throws as ofir_period_grid does.
double ofir_period_count(double span_days, double period_min_days, double period_max_days,
                         double stellar_density_cgs, double oversampling);

// Physical trial durations (TLS's approach). A transit across a star of mean density rho
// lasts about T(P) = (P / pi) asin((3 pi / (G rho P^2))^(1/3)) (central, small planet). At each
// period the search tests durations from kGrazingFraction T(P) at the densest star to
// kLongTransitFactor T(P) at the least dense one (a large planet, an eccentric orbit at
// apastron). Density in g/cm^3 when known; otherwise the broad prior below.
constexpr double kDensityPriorMinCgs = 0.1 * common::kSolarDensityCgs;  // subgiants (R ~ 2 R_sun)
constexpr double kDensityPriorMaxCgs =
    50.0 * common::kSolarDensityCgs;  // late M dwarfs (TRAPPIST-1)
// A known density is not exact (catalogue values, a header's logg): a factor of 2 either way.
constexpr double kKnownDensitySpread = 2.0;
constexpr double kGrazingFraction = 0.4;    // impact parameter ~0.9
constexpr double kLongTransitFactor = 1.3;  // R_p / R_* up to 0.3, or e ~ 0.3 at apastron
// Successive default trial durations differ by this factor; a duration is tested at a period
// when it lies within one such step of the period's range.
constexpr double kDurationGridRatio = 1.3;
// Bounds on the search's cost: trial durations, and trial periods x durations.
constexpr size_t kMaxTrialDurations = 64;
constexpr double kMaxPeriodDurationTrials = 1e7;  // ~2.6x a 4-year Kepler default search

struct DurationRange {
  double min_hours = 0;
  double max_hours = 0;
};

// The durations a transit at `period_days` can last (see above); stellar_density_cgs unset:
// the broad prior. Throws std::invalid_argument for a non-positive period or density.
DurationRange transit_duration_range(double period_days, std::optional<double> stellar_density_cgs);

// Trial durations (hours) covering transit_duration_range over [period_min_days,
// period_max_days] (0: no upper bound given, taken as 100 days), spaced by kDurationGridRatio,
// at most kMaxTrialDurations. Throws std::invalid_argument when period_min_days <= 0 or
// period_max_days < period_min_days.
std::vector<double> default_durations_hours(double period_min_days, double period_max_days,
                                            std::optional<double> stellar_density_cgs = {});

// Sizes the durations tested at each trial period by physics (transit_duration_range);
// without it, every duration is tested at every period (up to kMaxDutyCycle).
struct DurationPrior {
  std::optional<double> stellar_density_cgs;  // g/cm^3; unset: the broad prior
};

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
// With a `prior`, each period tests only the durations its range allows, and periods are
// searched in bands of their shortest duration, each band on its own phase step (short
// periods need fine steps for 15-minute transits; long ones do not).
Periodogram bls_periodogram(const std::vector<double>& time_days, const std::vector<double>& flux,
                            const std::vector<double>& flux_err,
                            const std::vector<double>& periods_days,
                            const std::vector<double>& durations_hours, int threads,
                            const ProgressFn& progress = {},
                            const std::optional<DurationPrior>& prior = std::nullopt);

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

}  // namespace exodetect::search
