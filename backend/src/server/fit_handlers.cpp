// The transit fit's posterior samples of a finished search's candidate, as CSV.

#include "exodetect/fit/fit_json.hpp"
#include "handlers.hpp"

namespace exodetect::server::handlers {

Response get_fit_samples(Service& s, Request& req) {
  const store::Job job = s.require_job(req.path_params["id"], "search");
  const size_t n = candidate_index(req);
  const auto result = finished_search_result(s, job, n, "its fits' samples exist");
  const auto samples = result->value("fit_samples", nlohmann::json());
  if (!samples.is_array()) {
    throw ApiError(409, "not_fitted", "the search was run without fit=true: it has no fits");
  }
  if (n >= samples.size() || samples[n].is_null()) {
    const auto& report = result->contains("report") ? (*result)["report"] : *result;
    const auto fit = report["candidates"][n].value("fit", nlohmann::json());
    const auto error = fit.is_object() ? fit.value("error", nlohmann::json()) : nlohmann::json();
    throw ApiError(409, "no_posterior",
                   "candidate " + std::to_string(n) + " has no posterior samples: " +
                       (error.is_string() ? error.get<std::string>() : "no converged fit"));
  }
  Response res =
      Response::text(fit::samples_csv(samples[n], std::nullopt), "text/csv; charset=utf-8");
  res.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + job.id +
                                                      "-candidate-" + std::to_string(n) +
                                                      "-fit-samples.csv\"");
  return res;
}

}  // namespace exodetect::server::handlers
