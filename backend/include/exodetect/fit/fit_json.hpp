#pragma once

#include <nlohmann/json.hpp>

#include "exodetect/detect/pipeline.hpp"
#include "exodetect/fit/transit_fit.hpp"

namespace exodetect::fit {

// The `fit` object of a candidate: {"converged", "error", each parameter as {"median", "lower",
// "upper"} (16th, 50th, 84th percentiles) when converged, "convergence", "vetting",
// "max_likelihood", and with `include_samples` {"samples": {"names", "values"}}.
nlohmann::json fit_to_json(const TransitFit& fit, bool include_samples);

// The detrended light curve a candidate is fitted on: clipped points and other candidates'
// transits left out.
FitData candidate_fit_data(const DetectionReport& report, size_t index);

// Fits every candidate of `report` and adds its `fit` to doc["candidates"][i] (the document
// report_to_json made). The star's density and radius, when the light curve's header gives
// them, go into the vetting and the planet's radius. A fit that fails says so in its object.
void add_candidate_fits(const DetectionReport& report, nlohmann::json& doc,
                        const FitOptions& options, bool include_samples);

}  // namespace exodetect::fit
