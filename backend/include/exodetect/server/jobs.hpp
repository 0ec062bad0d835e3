#pragma once

#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "exodetect/server/metrics.hpp"
#include "exodetect/server/models.hpp"
#include "exodetect/store/backends.hpp"

namespace exodetect::server {

// Plot data is stored at these point counts; /plot-data serves the smallest one >= the request.
inline constexpr size_t kPlotLevels[] = {500, 2000, 8000};

struct JobContext {
  std::shared_ptr<ModelRegistry> models;
  std::string catalog_dir;      // where training finds the catalogue exports
  std::string survey_dir;       // shared folder of stars named by path (EXODETECT_SURVEY_DIR)
  unsigned detect_threads = 0;  // threads per search (0: all cores)
  Metrics* metrics = nullptr;   // job durations, when the process exposes metrics
  std::string worker_name;      // in the job_finished log lines
};

// Parses and validates search form fields into job params (std::invalid_argument on bad ones):
// period_min, period_max (days), max_planets, sde_min, snr_min, durations (hours, comma separated),
// flux (pdcsap|sap), time_column, flux_column, flux_err_column.
nlohmann::json search_params_from_fields(const std::map<std::string, std::string>& fields);

// Validates training params {"catalog", "task", "n_trees", "max_depth", "learning_rate", ...}.
nlohmann::json train_params_from_json(const nlohmann::json& body);

// Handlers for the "search", "survey" (one star of `exodetect survey --redis`: search params plus
// "score", the report as the survey writes it) and "train" job types, shared by serve and worker.
std::map<std::string, store::JobHandler> make_job_handlers(const JobContext& context);

}  // namespace exodetect::server
