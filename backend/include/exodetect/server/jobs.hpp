#pragma once

#include <iterator>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "exodetect/lightcurve/light_curve.hpp"
#include "exodetect/server/config.hpp"
#include "exodetect/server/metrics.hpp"
#include "exodetect/server/models.hpp"
#include "exodetect/store/backends.hpp"
#include "exodetect/store/worker_pool.hpp"

namespace exodetect::server {

// Plot data is stored at these point counts; /plot-data serves the smallest one >= the request.
inline constexpr size_t kPlotLevels[] = {500, 2000, 8000};
// The stored level that holds at least `points` (the largest when none does).
inline size_t plot_level(size_t points) {
  for (size_t l : kPlotLevels) {
    if (l >= points) return l;
  }
  return std::end(kPlotLevels)[-1];
}
// Where a search's result keeps its full-resolution light curve (light_curve_csv): the CSV
// gzipped, as base64url text. /light-curve serves it; the JSON routes leave it out.
inline constexpr const char* kLightCurveKey = "light_curve_csv_gz";

struct JobContext {
  std::shared_ptr<ModelRegistry> models;
  std::string catalog_dir;      // where training finds the catalogue exports
  std::string survey_dir;       // shared folder of stars named by path (EXODETECT_SURVEY_DIR)
  unsigned detect_threads = 0;  // threads per search (0: all cores)
  Metrics* metrics = nullptr;   // job durations, when the process exposes metrics
  std::string worker_name;      // in the job_finished log lines
};

// The context of the jobs a process runs, from its config; serve and worker both build theirs
// here. The model registry reads MODEL_PATH plus the models trained into the data dir.
JobContext make_job_context(const ServerConfig& config, std::string worker_name,
                            Metrics* metrics = nullptr);

// Parses and validates search form fields (the API's parameters of search_parameters()) into job
// params: the fields given (std::invalid_argument on bad ones).
nlohmann::json search_params_from_fields(const std::map<std::string, std::string>& fields);

// The light curve of a search's uploads: each file read as `names` (the uploads' file names, which
// tell its format) and the params' flux and CSV column choices say, stitched when there are
// several. Throws std::invalid_argument for an unreadable file or files that do not stitch.
lightcurve::LightCurve read_search_light_curve(const std::vector<std::string>& blobs,
                                               const std::vector<std::string>& names,
                                               const nlohmann::json& params);

// Validates a training request (the API's parameters of ml::train_parameters()); the job params
// are every one of them, the defaults filled in.
nlohmann::json train_params_from_json(const nlohmann::json& body);

// Handlers for the "search", "survey" (one star of `exodetect survey --redis`: search params plus
// "score", the report as the survey writes it) and "train" job types, shared by serve and worker.
std::map<std::string, store::JobHandler> make_job_handlers(const JobContext& context);

}  // namespace exodetect::server
