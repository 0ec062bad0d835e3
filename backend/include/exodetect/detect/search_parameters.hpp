#pragma once
// The search's parameters, declared once: the API's form fields and job parameters, the
// OpenAPI schema and `exodetect search|survey` options are all derived from this table.

#include "exodetect/catalog/star.hpp"
#include "exodetect/common/parameters.hpp"
#include "exodetect/detect/pipeline.hpp"
#include "exodetect/lightcurve/light_curve.hpp"

namespace exodetect::detect {

// What a search is given: how to read the light curve and how to search it.
struct SearchParameters {
  DetectOptions detect;
  lightcurve::ReadOptions read;
  catalog::UserStar star;  // the values given for the star of a single search
  bool fit = false;        // fit a limb-darkened transit to each candidate
  int fit_max_steps = 0;   // sampler steps per walker at most; 0: fit::FitOptions' default
};

// One entry per parameter. Adding one: a field in DetectOptions or ReadOptions (its default
// there), and one entry here (search_parameters.cpp).
const common::ParameterTable<SearchParameters>& search_parameters();

// The rules between parameters (period_max above period_min, durations shorter than
// period_min, at most kMaxTrialDurations durations) and the star's own checks
// (catalog::check_user_star: a target that is no star's id), on values already in range. Throws
// std::invalid_argument naming the parameters as `surface` spells them.
void check_search_parameters(const SearchParameters& params, common::Surface surface);

// The parameters of a job (checked when it was accepted) over the defaults.
SearchParameters search_parameters_from_json(const nlohmann::json& values);

}  // namespace exodetect::detect
