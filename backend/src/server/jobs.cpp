#include "exodetect/server/jobs.hpp"
#include "exodetect/common/decompress.hpp"
#include "exodetect/common/resources.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include <spdlog/spdlog.h>

#include "exodetect/catalog/catalog_files.hpp"
#include "exodetect/catalog/star.hpp"
#include "exodetect/common/csv.hpp"
#include "exodetect/common/file_io.hpp"
#include "exodetect/detect/light_curve_csv.hpp"
#include "exodetect/detect/pipeline.hpp"
#include "exodetect/detect/search_parameters.hpp"
#include "exodetect/fit/fit_json.hpp"
#include "exodetect/ml/train_parameters.hpp"
#include "exodetect/server/jwt.hpp"

namespace exodetect::server {

using common::apply_checked;
using common::apply_json;
using common::apply_texts;
using common::available_cpus;
using common::find_parameter;
using common::gzip_bytes;
using common::read_file_bytes;
using common::set_inflate_limit;
using common::Surface;
using detect::check_search_parameters;
using detect::detect_planets;
using detect::DetectionReport;
using detect::DetectOptions;
using detect::light_curve_csv;
using detect::plot_data_json;
using detect::report_to_json;
using detect::search_parameters;
using detect::search_parameters_from_json;
using detect::SearchParameters;
using lightcurve::LightCurve;
using lightcurve::read_light_curve_bytes;
using lightcurve::ReadOptions;
using lightcurve::stitch;

namespace fs = std::filesystem;
namespace {

// Runs a step that reads only what the client sent (its files, its parameters): a
// std::invalid_argument there is the client's mistake, reported to it as bad_input. Any other
// step's std::invalid_argument (a catalogue or model on the server) fails the job as internal.
template <class F>
auto from_client(F&& step) -> decltype(step()) {
  try {
    return step();
  } catch (const store::BadInput&) {
    throw;
  } catch (const std::invalid_argument& e) {
    throw store::BadInput(e.what());
  }
}

// Reads the job's light curve(s) and searches them (progress to 0.93).
DetectionReport search_blobs(const JobContext& context, const store::Job& job,
                             const std::vector<std::string>& blobs,
                             const std::function<void(double, const std::string&)>& progress) {
  const auto& p = job.params;
  if (blobs.empty()) throw store::BadInput("the search has no light curve file");
  progress(0.01, "reading");
  const SearchParameters params = from_client([&] {
    SearchParameters read = search_parameters_from_json(p);
    catalog::check_user_star(read.star);
    return read;
  });
  LightCurve curve = from_client([&] {
    return read_search_light_curve(blobs, p.value("filenames", std::vector<std::string>{}), p);
  });
  // The target was checked against the catalogues when the job was submitted: a lookup that
  // fails now is the server's catalogue at fault.
  catalog::resolve_star(curve.stellar, curve.target, params.star, context.catalog_dir);

  DetectOptions options = params.detect;
  options.threads = int(context.detect_threads);
  return from_client([&] {
    return detect_planets(curve, options, [&](double f, const std::string& s) {
      progress(0.03 + 0.9 * std::clamp(f, 0.0, 1.0), s);
    });
  });
}

nlohmann::json run_search(const JobContext& context, const store::Job& job,
                          const std::vector<std::string>& blobs,
                          const std::function<void(double, const std::string&)>& progress) {
  const DetectionReport report = search_blobs(context, job, blobs, progress);
  progress(0.94, "scoring");
  nlohmann::json result = report_to_json(report);
  if (auto model = context.models ? context.models->active() : nullptr) {
    ml::score_candidates(*model, report, result);  // model: id, task, scored_with
    result["model"]["id"] = model->id();
    result["model"]["version"] = model->card().value("version", "");
  } else {
    result["model"] = nullptr;
  }
  // The posterior samples are kept beside the report (GET .../fit/samples), not in it.
  nlohmann::json fit_samples = nullptr;
  const SearchParameters params = search_parameters_from_json(job.params);
  if (params.fit) {
    progress(0.95, "fitting");
    fit::add_candidate_fits(report, result, fit::fit_options(params, int(context.detect_threads)),
                            true);
    fit_samples = fit::take_fit_samples(result);
  }
  progress(0.97, "plotting");
  nlohmann::json plot = nlohmann::json::object();
  for (size_t level : kPlotLevels) plot[std::to_string(level)] = plot_data_json(report, level);
  return {{"report", std::move(result)},
          {"plot_data", std::move(plot)},
          {"fit_samples", std::move(fit_samples)},
          {kLightCurveKey, base64url_encode(gzip_bytes(light_curve_csv(report), 6))}};
}

// A star named by its path in the shared folder (`survey --shared-dir`) instead of uploaded:
// read from this worker's EXODETECT_SURVEY_DIR, never from outside it (symlinks included).
std::string read_shared_star(const JobContext& context, const std::string& relative) {
  if (context.survey_dir.empty()) {
    throw std::runtime_error("worker " + context.worker_name + " has no shared folder to read '" +
                             relative + "' from (set its EXODETECT_SURVEY_DIR)");
  }
  const fs::path rel(relative);
  bool climbs = false;
  for (const auto& part : rel) climbs = climbs || part == "..";
  if (rel.empty() || rel.is_absolute() || climbs) {
    throw store::BadInput("'" + relative + "' is not a path inside the shared folder");
  }
  std::error_code ec;
  const fs::path root = fs::canonical(context.survey_dir, ec);
  if (ec) throw std::runtime_error("shared folder '" + context.survey_dir + "': " + ec.message());
  const fs::path full = fs::canonical(root / rel, ec);
  if (ec || !fs::is_regular_file(full, ec)) {
    throw store::BadInput("'" + relative + "' is not a file in the shared folder");
  }
  if (std::mismatch(root.begin(), root.end(), full.begin(), full.end()).first != root.end()) {
    throw store::BadInput("'" + relative + "' leads outside the shared folder");
  }
  return read_file_bytes(full.string());
}

// One star of `exodetect survey --redis`: the report exactly as a local survey writes it (scored
// only when asked), without the plot data the UI needs.
nlohmann::json run_survey(const JobContext& context, const store::Job& job,
                          const std::vector<std::string>& blobs,
                          const std::function<void(double, const std::string&)>& progress) {
  const std::string shared = job.params.value("shared_path", std::string());
  const DetectionReport report = search_blobs(
      context, job,
      shared.empty() ? blobs : std::vector<std::string>{read_shared_star(context, shared)},
      progress);
  nlohmann::json result = report_to_json(report);
  if (job.params.value("score", false)) {
    auto model = context.models ? context.models->active() : nullptr;
    if (!model) {
      throw std::runtime_error("worker " + context.worker_name +
                               " has no model to score with (set its MODEL_PATH)");
    }
    ml::score_candidates(*model, report, result);
  }
  return result;
}

nlohmann::json run_train(const JobContext& context, const store::Job& job,
                         const std::function<void(double, const std::string&)>& progress) {
  const auto& p = job.params;
  ml::TrainOptions options;
  from_client([&] { apply_checked(ml::train_parameters(), p, options); });
  progress(0.01, "loading catalogue");
  const auto path = catalog::find_catalog_export(context.catalog_dir, options.catalog);
  if (!path) {
    throw std::runtime_error("no " + options.catalog + " catalogue export (" + options.catalog +
                             "*.csv[.gz]) in " + context.catalog_dir);
  }
  const std::string bytes = read_file_bytes(*path);
  const std::string dir = context.models->trained_dir();
  fs::create_directories(dir);
  const std::string out =
      (fs::path(dir) / (options.catalog + "-" + job.id.substr(0, 12) + ".exomodel")).string();
  nlohmann::json card = ml::train_model(bytes, options, out, progress);
  context.models->refresh();
  return {{"model", card}, {"path", fs::path(out).filename().string()}};
}

}  // namespace

LightCurve read_search_light_curve(const std::vector<std::string>& blobs,
                                   const std::vector<std::string>& names,
                                   const nlohmann::json& params) {
  const ReadOptions read = search_parameters_from_json(params).read;
  std::vector<LightCurve> parts;
  for (size_t i = 0; i < blobs.size(); ++i) {
    const std::string name = i < names.size() ? names[i] : "upload-" + std::to_string(i + 1);
    parts.push_back(read_light_curve_bytes(blobs[i], name, read));
  }
  return parts.size() == 1 ? std::move(parts.front()) : stitch(std::move(parts));
}

nlohmann::json search_params_from_fields(const std::map<std::string, std::string>& fields) {
  SearchParameters params;
  nlohmann::json given = apply_texts(search_parameters(), fields, Surface::kApi, "search", params);
  check_search_parameters(params, Surface::kApi);
  return given;
}

nlohmann::json train_params_from_json(const nlohmann::json& body) {
  // What the request leaves out trains as `exodetect train` would (and as /openapi.json says).
  ml::TrainOptions options;
  options.catalog = find_parameter(ml::train_parameters(), "catalog", Surface::kApi)
                        ->spec.default_value.get<std::string>();
  apply_json(ml::train_parameters(), body, Surface::kApi, "training", options);
  return parameters_json(ml::train_parameters(), options);
}

JobContext make_job_context(const ServerConfig& config, std::string worker_name, Metrics* metrics) {
  JobContext context;
  const fs::path data_dir = config.store.data_dir;
  context.models = std::make_shared<ModelRegistry>(
      config.model_path, (data_dir / "models").string(), (data_dir / "active_model").string());
  context.catalog_dir = config.catalog_dir;
  context.survey_dir = config.survey_dir;
  // The cores are shared by the job threads.
  context.detect_threads = std::max(1u, available_cpus() / std::max(1u, config.job_workers));
  // Every process that reads uploads (serve and worker) builds this context first.
  set_inflate_limit(config.max_decompressed_bytes);
  context.metrics = metrics;
  context.worker_name = std::move(worker_name);
  return context;
}

std::map<std::string, store::JobHandler> make_job_handlers(const JobContext& context) {
  auto timed = [context](std::string type, auto body) -> store::JobHandler {
    return [context, type, body](const store::Job& job, const std::vector<std::string>& blobs,
                                 const std::function<void(double, const std::string&)>& progress) {
      const auto start = std::chrono::steady_clock::now();
      auto seconds = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      };
      auto finished = [&](const char* outcome, const std::string& error) {
        const double s = seconds();
        if (context.metrics) context.metrics->observe_job(type, outcome, s);
        spdlog::info(
            R"("event":"job_finished","type":"{}","id":"{}","outcome":"{}","seconds":{:.3f},"worker":{},"error":{})",
            type, job.id, outcome, s, nlohmann::json(context.worker_name).dump(),
            nlohmann::json(error).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      };
      try {
        nlohmann::json result = body(job, blobs, progress);
        finished("done", "");
        return result;
      } catch (const std::exception& e) {
        finished("failed", e.what());
        throw;
      } catch (...) {
        finished("stopped", "");  // the pool's cancellation on shutdown: the job is requeued
        throw;
      }
    };
  };
  return {
      {"search", timed("search",
                       [context](const store::Job& job, const std::vector<std::string>& blobs,
                                 const std::function<void(double, const std::string&)>& progress) {
                         return run_search(context, job, blobs, progress);
                       })},
      {"survey", timed("survey",
                       [context](const store::Job& job, const std::vector<std::string>& blobs,
                                 const std::function<void(double, const std::string&)>& progress) {
                         return run_survey(context, job, blobs, progress);
                       })},
      {"train", timed("train",
                      [context](const store::Job& job, const std::vector<std::string>&,
                                const std::function<void(double, const std::string&)>& progress) {
                        return run_train(context, job, progress);
                      })},
  };
}

}  // namespace exodetect::server
