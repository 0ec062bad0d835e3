#pragma once
// Which points of a light curve the iterative search and its vetting read, and how found
// transits are masked from them (not a public header: shared by src/detect).

#include <cstdint>
#include <vector>

#include "exodetect/lightcurve/detrend.hpp"
#include "exodetect/lightcurve/light_curve.hpp"
#include "exodetect/search/single_event.hpp"
#include "exodetect/vetting/vetting.hpp"
#include "peak_selection.hpp"

namespace exodetect::detect {

// Found transits are masked over twice the box (one duration either side of mid-transit) so
// that ingress, egress and a slightly short box leave nothing for the next iteration.
constexpr double kMaskWidthFactor = 2.0;

// Detrended points that are neither masked nor clipped, with the rotation modulation found so
// far (a factor around 1 per point) divided out.
Points usable_points(const lightcurve::LightCurve& lc, const lightcurve::DetrendResult& d,
                     const std::vector<uint8_t>& mask, const std::vector<double>& rotation);

// Adds the transits of `eph`, `width_factor` durations wide, to `mask`.
void add_transits(std::vector<uint8_t>& mask, const lightcurve::LightCurve& lc,
                  const vetting::TransitEphemeris& eph, double width_factor);

// Adds a single event to `mask`, as wide as a found transit: one transit, its period longer
// than the data.
void add_single_event(std::vector<uint8_t>& mask, const lightcurve::LightCurve& lc,
                      const search::SingleEvent& event);

}  // namespace exodetect::detect
