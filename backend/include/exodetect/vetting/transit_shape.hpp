#pragma once

#include <vector>

#include "exodetect/vetting/vetting.hpp"

namespace exodetect {

// A trapezoid fitted to the folded transits: the shape the catalogues' durations describe.
struct TrapezoidFit {
  bool ok = false;
  double t14_days = 0;  // first to fourth contact
  double t12_days = 0;  // ingress (= egress)
  double depth = 0;     // of the flat bottom, relative flux
  double level = 1;     // out of transit
};

// Least-squares trapezoid (total duration, ingress, depth, level) to the detrended flux within
// 2.5 box durations of each mid-transit of `ephemeris` (the box from a BLS peak), each point's
// model integrated over its exposure (`exposure_days`; 0: the median time step), so a long
// cadence does not lengthen the transit. A box spans about (T14 + T23) / 2, between the
// transit's full duration and its flat bottom, so T14 is searched from 0.8 to 2 box widths and
// the ingress up to half of T14 (a V shape). ok = false with too few points in and out of
// transit or no dip.
TrapezoidFit fit_trapezoid(const std::vector<double>& time_days, const std::vector<double>& flux,
                           const TransitEphemeris& ephemeris, double exposure_days = 0);

}  // namespace exodetect
