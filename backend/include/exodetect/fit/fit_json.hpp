#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "exodetect/detect/pipeline.hpp"
#include "exodetect/detect/search_parameters.hpp"
#include "exodetect/fit/transit_fit.hpp"

namespace exodetect::fit {

// The `fit` object of a candidate: {"converged", "error", each parameter as {"median", "lower",
// "upper"} (16th, 50th, 84th percentiles) when converged, "convergence", "vetting",
// "max_likelihood", and with `include_samples` {"samples": {"names", "values"}}.
nlohmann::json fit_to_json(const TransitFit& fit, bool include_samples);

// The detrended light curve a candidate is fitted on: clipped points and other candidates'
// transits left out (one box duration either side of each of their mid-transits).
FitData candidate_fit_data(const detect::DetectionReport& report, size_t index);

// The fit's options a search asked for (its fit_max_steps), run on `threads` threads.
FitOptions fit_options(const detect::SearchParameters& params, int threads);

// Fits every candidate of `report` and adds its `fit` to doc["candidates"][i] (the document
// report_to_json made). The star's density and radius, when the light curve's header gives
// them, go into the vetting and the planet's radius. A fit that fails says so in its object.
void add_candidate_fits(const detect::DetectionReport& report, nlohmann::json& doc,
                        const FitOptions& options, bool include_samples);

// Removes the samples from every candidate's `fit` in `doc` and returns them: one entry per
// candidate, {"names", "values"} or null (no fit, or not converged).
nlohmann::json take_fit_samples(nlohmann::json& doc);

// Posterior samples ({"names", "values"}, as fit_to_json writes them) as CSV: a header row of
// the names (each with its unit: t0_days in the light curve's time system, ..._ppm, ..._deg),
// then one row per draw. With `candidate`, a first column "candidate" holds it; `header`
// false leaves the header row out (to append another candidate's rows).
std::string samples_csv(const nlohmann::json& samples, std::optional<size_t> candidate,
                        bool header = true);

}  // namespace exodetect::fit
