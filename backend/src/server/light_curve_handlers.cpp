// A finished search's full-resolution light curve as a CSV download (the plots get the thinned
// JSON of /plot-data).

#include "exodetect/common/file_io.hpp"
#include "exodetect/server/jobs.hpp"
#include "exodetect/server/jwt.hpp"
#include "handlers.hpp"

namespace exodetect::server::handlers {

using common::maybe_gunzip;

namespace {

// "<target>-light-curve.csv" with the target's letters, digits, '.', '-' and '_' (spaces as
// '_'), or the search id when none are left.
std::string download_name(const store::Job& job) {
  std::string target;
  for (char c : job.params.value("object", std::string())) {
    if (std::isalnum(uint8_t(c)) || c == '.' || c == '-' || c == '_') target += c;
    if (c == ' ' && !target.empty() && target.back() != '_') target += '_';
  }
  if (target.empty() || target.find_first_not_of("._") == std::string::npos) target = job.id;
  return target.substr(0, 100) + "-light-curve.csv";
}

}  // namespace

Response search_light_curve(Service& s, Request& req) {
  const store::Job job = s.require_job(req.path_params["id"], "search");
  const auto result = finished_search_result(s, job, "its light curve exists");
  if (!result->contains(kLightCurveKey)) {
    throw ApiError(404, "not_kept",
                   "this search finished before full-resolution light curves were kept; run it "
                   "again to download one");
  }
  auto gzipped = base64url_decode((*result)[kLightCurveKey].get<std::string>());
  if (!gzipped) throw std::runtime_error("the stored light curve of " + job.id + " is corrupt");
  Response res;
  res.content_type = "text/csv; charset=utf-8";
  // Kept gzipped: sent as it is to a client that takes gzip, inflated for one that does not.
  if (req.accepts_gzip()) {
    res.body = std::move(*gzipped);
    res.headers.emplace_back("Content-Encoding", "gzip");
  } else {
    res.body = maybe_gunzip(*gzipped);
  }
  res.headers.emplace_back("Vary", "Accept-Encoding");
  res.headers.emplace_back("Content-Disposition",
                           "attachment; filename=\"" + download_name(job) + "\"");
  return res;
}

}  // namespace exodetect::server::handlers
