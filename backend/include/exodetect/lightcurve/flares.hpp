#pragma once

#include <cstdint>
#include <vector>

namespace exodetect::lightcurve {

struct FlareOptions {
  // Sigma is the point-to-point scatter (1.4826 MAD of successive differences / sqrt 2), which
  // slow variability (rotation) does not inflate. A point this many sigmas above the level
  // just before it (the median of the three points before) and above the median of all starts
  // a flare.
  double start_sigma = 4.5;
  // The flare goes on while the flux stays this many sigmas above that level: its decay,
  // which a point-by-point clip leaves behind to bias the trend and the out-of-transit level.
  double tail_sigma = 1.0;
  // A flare rises within a cadence or two: its first point above start_sigma jumps at least
  // this many sigmas over the point before. Slow excursions (a trend dragged down by a deep
  // eclipse next to them) are not flares.
  double rise_sigma = 3.0;
  // Points before the peak taken too (the fast rise, often between two cadences).
  int rise_points = 1;
  // Longest decay followed (days): M-dwarf flares last minutes to about an hour.
  double max_duration_days = 0.1;
};

// 1 for the points of stellar flares in detrended flux (relative, ~1.0): upward outliers and
// their decay. Non-finite values are never flagged. Pure.
std::vector<uint8_t> flare_mask(const std::vector<double>& time_days,
                                const std::vector<double>& detrended_flux,
                                const FlareOptions& options = {});

}  // namespace exodetect::lightcurve
