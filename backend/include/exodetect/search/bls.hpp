#pragma once

#include <functional>
#include <vector>

namespace exodetect {

struct BlsOptions {
  double period_min_days = 0.5;
  double period_max_days = 0.0;           // 0: half the time span
  std::vector<double> durations_hours;    // empty: default grid (see default_durations_hours)
  double oversampling = 3.0;              // Ofir (2014) frequency-grid oversampling factor
  double stellar_density_cgs = 1.41;      // sets the Ofir grid; solar when the header lacks it
  int threads = 0;                        // 0: all cores
};

// The periodogram over trial periods; power is astropy's "likelihood" objective
// (0.5 * depth^2 / depth_var summed), so values are comparable with BoxLeastSquares.
struct Periodogram {
  std::vector<double> period_days;
  std::vector<double> power;
  std::vector<double> duration_days;  // best duration at each period
  std::vector<double> t0;             // best mid-transit time at each period (input time system)
  std::vector<double> depth;          // best depth at each period (relative flux)
  std::vector<double> depth_err;      // its 1-sigma uncertainty (relative flux)
};

// Trial periods (days) on the Ofir (2014) optimal frequency grid, ascending.
std::vector<double> ofir_period_grid(double span_days, double period_min_days,
                                     double period_max_days, double stellar_density_cgs,
                                     double oversampling);

// Trial durations (hours) suited to the period range: from 1 h (or 0.5 h for short periods)
// up to 8 h and no more than about 12% of the shortest period.
std::vector<double> default_durations_hours(double period_min_days, double period_max_days);

using ProgressFn = std::function<void(double fraction)>;

// Box least squares over `periods_days` x durations on already detrended, normalised flux.
// Weights from flux_err (uniform when empty). Pure: arrays in, periodogram out.
Periodogram bls_periodogram(const std::vector<double>& time_days,
                            const std::vector<double>& flux,
                            const std::vector<double>& flux_err,
                            const std::vector<double>& periods_days,
                            const std::vector<double>& durations_hours, int threads,
                            const ProgressFn& progress = {});

// Signal detection efficiency of every periodogram value: (power - mean) / std, after removing
// the slow trend of the power with period (as TLS does).
std::vector<double> signal_detection_efficiency(const Periodogram& periodogram);

}  // namespace exodetect
