#pragma once
// A box's depth measured against the star's own curve around each epoch, from flux that is not
// detrended: what a trend would take out of a dip it was not told about stays in.

#include <vector>

#include "exodetect/vetting/vetting.hpp"

namespace exodetect::vetting {

struct LocalDepth {
  double depth = 0;      // relative flux; positive for a dip
  double depth_err = 0;  // 1 sigma, raised by the epochs' scatter where it exceeds their errors
  int epochs = 0;        // epochs with enough points on both sides of the box
};

// At each epoch of `ephemeris` (mid-times from transit_times over the data), a quadratic in time
// and a box of the ephemeris' duration are fitted together by least squares to the points
// within window_days / 2 of mid-epoch; an epoch counts when it has at least three points in the
// box and three on each side of it. The epochs' depths are combined by inverse variance (each
// error from its own fit's residuals), and the error is raised by their scatter as the vetting
// raises a secondary's (chi-square p < 0.001). This is the notch filter's model (Rizzuto et al.
// 2017, AJ 154, 224) applied where the dip's time is known. `flux` is relative (about 1), the
// times ascending. Epochs none: all zero. Throws std::invalid_argument for mismatched lengths,
// times out of order, or a window not longer than the duration.
LocalDepth local_box_depth(const std::vector<double>& time_days, const std::vector<double>& flux,
                           const TransitEphemeris& ephemeris, double window_days);

}  // namespace exodetect::vetting
