#pragma once

#include <string>

#include "exodetect/detect/pipeline.hpp"

namespace exodetect::detect {

// The searched light curve at full resolution as CSV: every point's time, flux, flux_err,
// segment, trend, detrended_flux, clipped, in_transit and model_flux (the candidates' box
// model), after '#' lines that name the target and each column's unit (the time system and its
// BJD offset; fluxes relative, 1 = the segment's median). The file reads back as a light curve
// (parse_csv skips the '#' lines). Pure: no I/O.
std::string light_curve_csv(const DetectionReport& report);

}  // namespace exodetect::detect
