#pragma once

#include <cstdint>
#include <vector>

namespace exodetect::lightcurve {

struct DetrendOptions {
  double window_days = 0.75;      // biweight window length (about 3x the longest transit)
  double gap_days = 0.5;          // a jump in time longer than this starts a new segment
  double upper_clip_sigma = 3.0;  // points this far above the trend are flagged (flares)
  double biweight_c = 5.0;        // biweight tuning constant, as wotan
  // 0: the biweight location of each window (wotan's `biweight`). 2: a quadratic in time fitted
  // with biweight weights, its value at the window's centre: it follows a star whose light
  // curves within a window (fast rotation, spots), where a location leaves a residual of about
  // the curvature times window^2 / 24 against window^4 / 4480 times the fourth derivative.
  int degree = 0;
  // The trend is evaluated at this many evenly spaced times per window length and
  // interpolated (cubic Hermite) to the points; 0 evaluates it at every point. The trend is a
  // smooth function of time on the window's scale, so nodes a twelfth of a window apart follow
  // it far below the noise at a fraction of the cost (docs/SURVEY.md).
  int nodes_per_window = 12;
  int threads = 0;  // worker threads; 0: all cores (results do not depend on it)
};

struct DetrendResult {
  std::vector<double> trend;     // robust location per point, same units as the input flux
  std::vector<double> flux;      // input / trend (relative, ~1.0)
  std::vector<uint8_t> clipped;  // 1 where the point was clipped as an upper outlier
};

// Time-windowed biweight filter (wotan's `biweight`), gap-aware. Points with mask[i] != 0
// (known transits) do not inform the trend but still get a trend value. Pure function.
DetrendResult biweight_detrend(const std::vector<double>& time_days,
                               const std::vector<double>& flux, const std::vector<uint8_t>& mask,
                               const DetrendOptions& options);

// The same fit after masking more points (found transits): `previous` is the result for
// `previous_mask`, which `mask` extends. Only the windows around newly masked points are refit;
// points clipped before stay clipped and clipping continues from there, so the result matches a
// full refit except for the rare point whose clipping depended on the trend now changed. Throws
// std::invalid_argument for mismatched lengths or a mask that unmasks a point.
DetrendResult biweight_detrend_update(const std::vector<double>& time_days,
                                      const std::vector<double>& flux,
                                      const std::vector<uint8_t>& previous_mask,
                                      const DetrendResult& previous,
                                      const std::vector<uint8_t>& mask,
                                      const DetrendOptions& options);

}  // namespace exodetect::lightcurve
