#include "search_points.hpp"

#include <cmath>

#include "exodetect/common/constants.hpp"

namespace exodetect::detect {

using common::kHoursPerDay;
using lightcurve::DetrendResult;
using lightcurve::LightCurve;
using vetting::TransitEphemeris;

Points usable_points(const LightCurve& lc, const DetrendResult& d, const std::vector<uint8_t>& mask,
                     const std::vector<double>& rotation) {
  Points p;
  for (size_t i = 0; i < lc.size(); ++i) {
    if (mask[i] || d.clipped[i] || !std::isfinite(d.flux[i]) || !(d.trend[i] > 0)) continue;
    const double model = d.trend[i] * rotation[i];
    if (!(model > 0)) continue;
    p.time.push_back(lc.time[i]);
    p.flux.push_back(d.flux[i] / rotation[i]);
    if (!lc.flux_err.empty()) p.flux_err.push_back(lc.flux_err[i] / model);
  }
  return p;
}

void add_transits(std::vector<uint8_t>& mask, const LightCurve& lc, const TransitEphemeris& eph,
                  double width_factor) {
  const std::vector<uint8_t> m = transit_mask(lc.time, eph, width_factor);
  for (size_t i = 0; i < mask.size(); ++i) mask[i] |= m[i];
}

void add_single_event(std::vector<uint8_t>& mask, const LightCurve& lc,
                      const search::SingleEvent& event) {
  add_transits(mask, lc, {2 * lc.span_days(), event.t0, event.duration_hours / kHoursPerDay},
               kMaskWidthFactor);
}

}  // namespace exodetect::detect
