// A finished search's one-page candidate report, as PDF or PNG.

#include "exodetect/report/candidate_report.hpp"
#include "exodetect/server/jobs.hpp"
#include "handlers.hpp"

namespace exodetect::server::handlers {

Response get_candidate_report(Service& s, Request& req) {
  const store::Job job = s.require_job(req.path_params["id"], "search");
  const size_t n = candidate_index(req);
  const auto format = client_input(
      [&] { return report::report_format_from_string(req.query_param("format").value_or("pdf")); });
  const auto stored = finished_search_result(s, job, n, "its candidates' reports exist");
  const auto plots = stored->find("plot_data");
  const std::string level = std::to_string(plot_level(report::kPlotPoints));
  if (plots == stored->end() || !plots->contains(level)) {
    throw std::runtime_error("search result lacks plot data");
  }
  // The search as GET /searches/{id} shows it (the user's annotations included).
  nlohmann::json search = s.job_json(job, true);
  add_annotations(s, req, search);
  const std::string format_name = report::file_extension(format);
  Response res =
      Response::text(report::candidate_report(search["result"], (*plots)[level], n, format),
                     report::content_type(format));
  res.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + job.id +
                                                      "-candidate-" + std::to_string(n) +
                                                      "-report." + format_name + "\"");
  return res;
}

}  // namespace exodetect::server::handlers
