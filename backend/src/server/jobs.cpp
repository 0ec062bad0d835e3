#include "exodetect/server/jobs.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include <spdlog/spdlog.h>

#include "exodetect/catalog/star.hpp"
#include "exodetect/common/csv.hpp"
#include "exodetect/common/file_io.hpp"
#include "exodetect/detect/pipeline.hpp"
#include "exodetect/server/catalog_files.hpp"

namespace exodetect::server {
namespace fs = std::filesystem;
namespace {

double field_number(const std::map<std::string, std::string>& fields, const std::string& name,
                    double min, double max) {
  const auto& text = fields.at(name);
  auto v = parse_number(text);
  if (!v || !std::isfinite(*v)) {
    throw std::invalid_argument("form field '" + name + "' must be a number, got '" +
                                text.substr(0, 40) + "'");
  }
  if (*v < min || *v > max) {
    throw std::invalid_argument("form field '" + name + "' must be in [" + std::to_string(min) +
                                ", " + std::to_string(max) + "]");
  }
  return *v;
}

double json_number(const nlohmann::json& body, const std::string& name, double fallback, double min,
                   double max) {
  if (!body.contains(name) || body[name].is_null()) return fallback;
  const auto& v = body[name];
  if (!v.is_number()) throw std::invalid_argument("'" + name + "' must be a number");
  const double x = v.get<double>();
  if (!std::isfinite(x) || x < min || x > max) {
    throw std::invalid_argument("'" + name + "' must be in [" + std::to_string(min) + ", " +
                                std::to_string(max) + "]");
  }
  return x;
}

// Reads the job's light curve(s) and searches them (progress to 0.93).
DetectionReport search_blobs(const JobContext& context, const store::Job& job,
                             const std::vector<std::string>& blobs,
                             const std::function<void(double, const std::string&)>& progress) {
  const auto& p = job.params;
  if (blobs.empty()) throw std::invalid_argument("the search has no light curve file");
  progress(0.01, "reading");
  LightCurve curve =
      read_search_light_curve(blobs, p.value("filenames", std::vector<std::string>{}), p);
  catalog::resolve_star(curve.stellar, curve.target,
                        catalog::user_star_from_json(p.value("star", nlohmann::json::object())),
                        context.catalog_dir);

  DetectOptions options;
  options.max_planets = p.value("max_planets", options.max_planets);
  options.period_min_days = p.value("period_min", options.period_min_days);
  options.period_max_days = p.value("period_max", options.period_max_days);
  options.sde_min = p.value("sde_min", options.sde_min);
  options.snr_min = p.value("snr_min", options.snr_min);
  options.durations_hours = p.value("durations", std::vector<double>{});
  options.threads = int(context.detect_threads);
  return detect_planets(curve, options, [&](double f, const std::string& s) {
    progress(0.03 + 0.9 * std::clamp(f, 0.0, 1.0), s);
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
  progress(0.97, "plotting");
  nlohmann::json plot = nlohmann::json::object();
  for (size_t level : kPlotLevels) plot[std::to_string(level)] = plot_data_json(report, level);
  return {{"report", std::move(result)}, {"plot_data", std::move(plot)}};
}

// A star named by its path in the shared folder (`survey --shared-dir`) instead of uploaded:
// read from this worker's EXODETECT_SURVEY_DIR, never from outside it (symlinks included).
std::string read_shared_star(const JobContext& context, const std::string& relative) {
  if (context.survey_dir.empty()) {
    throw std::invalid_argument("worker " + context.worker_name +
                                " has no shared folder to read '" + relative +
                                "' from (set its EXODETECT_SURVEY_DIR)");
  }
  const fs::path rel(relative);
  bool climbs = false;
  for (const auto& part : rel) climbs = climbs || part == "..";
  if (rel.empty() || rel.is_absolute() || climbs) {
    throw std::invalid_argument("'" + relative + "' is not a path inside the shared folder");
  }
  std::error_code ec;
  const fs::path root = fs::canonical(context.survey_dir, ec);
  if (ec) throw std::runtime_error("shared folder '" + context.survey_dir + "': " + ec.message());
  const fs::path full = fs::canonical(root / rel, ec);
  if (ec || !fs::is_regular_file(full, ec)) {
    throw std::invalid_argument("'" + relative + "' is not a file in the shared folder");
  }
  if (std::mismatch(root.begin(), root.end(), full.begin(), full.end()).first != root.end()) {
    throw std::invalid_argument("'" + relative + "' leads outside the shared folder");
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
  options.catalog = p.value("catalog", "koi");
  options.task = p.value("task", options.task);
  options.folds = p.value("folds", options.folds);
  options.seed = p.value("seed", options.seed);
  options.n_trees = p.value("n_trees", options.n_trees);
  options.max_depth = p.value("max_depth", options.max_depth);
  options.learning_rate = p.value("learning_rate", options.learning_rate);
  options.subsample = p.value("subsample", options.subsample);
  options.colsample = p.value("colsample", options.colsample);
  options.min_child_weight = p.value("min_child_weight", options.min_child_weight);
  options.bags = p.value("bags", options.bags);
  options.balance_classes = p.value("balance_classes", options.balance_classes);
  progress(0.01, "loading catalogue");
  const auto path = find_catalog_export(context.catalog_dir, options.catalog);
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
  ReadOptions read;
  read.flux = params.value("flux", "pdcsap") == "sap" ? FluxKind::kSap : FluxKind::kPdcsap;
  read.time_column = params.value("time_column", "");
  read.flux_column = params.value("flux_column", "");
  read.flux_err_column = params.value("flux_err_column", "");
  std::vector<LightCurve> parts;
  for (size_t i = 0; i < blobs.size(); ++i) {
    const std::string name = i < names.size() ? names[i] : "upload-" + std::to_string(i + 1);
    parts.push_back(read_light_curve_bytes(blobs[i], name, read));
  }
  return parts.size() == 1 ? std::move(parts.front()) : stitch(std::move(parts));
}

nlohmann::json search_params_from_fields(const std::map<std::string, std::string>& fields) {
  nlohmann::json p = nlohmann::json::object();
  static const std::vector<std::string> kKnown = {
      "period_min", "period_max",  "max_planets", "sde_min",         "snr_min", "durations",
      "flux",       "time_column", "flux_column", "flux_err_column", "teff",    "logg",
      "radius",     "mass",        "magnitude",   "target"};
  for (const auto& [name, value] : fields) {
    if (std::find(kKnown.begin(), kKnown.end(), name) == kKnown.end()) {
      throw std::invalid_argument("unknown search parameter '" + name.substr(0, 40) + "'");
    }
  }
  if (fields.count("period_min")) p["period_min"] = field_number(fields, "period_min", 0.01, 1e4);
  if (fields.count("period_max")) p["period_max"] = field_number(fields, "period_max", 0, 1e5);
  if (p.contains("period_max") && p["period_max"].get<double>() > 0 &&
      p["period_max"].get<double>() <= p.value("period_min", 0.5)) {
    throw std::invalid_argument("period_max must be greater than period_min");
  }
  if (fields.count("max_planets")) {
    p["max_planets"] = int(field_number(fields, "max_planets", 1, 20));
  }
  if (fields.count("sde_min")) p["sde_min"] = field_number(fields, "sde_min", 0, 1000);
  if (fields.count("snr_min")) p["snr_min"] = field_number(fields, "snr_min", 0, 1000);
  if (fields.count("durations")) {
    std::vector<double> durations;
    const std::string& text = fields.at("durations");
    size_t start = 0;
    while (start <= text.size()) {
      size_t end = text.find(',', start);
      if (end == std::string::npos) end = text.size();
      auto v = parse_number(text.substr(start, end - start));
      if (!v || !std::isfinite(*v) || *v <= 0 || *v > 72) {
        throw std::invalid_argument("durations must be comma-separated hours in (0, 72]");
      }
      durations.push_back(*v);
      start = end + 1;
    }
    const double longest = *std::max_element(durations.begin(), durations.end());
    if (longest >= 24 * p.value("period_min", 0.5)) {
      throw std::invalid_argument("durations must be shorter than period_min");
    }
    p["durations"] = durations;
  }
  if (fields.count("flux")) {
    const auto& flux = fields.at("flux");
    if (flux != "pdcsap" && flux != "sap")
      throw std::invalid_argument("flux must be pdcsap or sap");
    p["flux"] = flux;
  }
  for (const char* name : {"time_column", "flux_column", "flux_err_column"}) {
    if (fields.count(name)) {
      if (fields.at(name).size() > 64)
        throw std::invalid_argument(std::string(name) + " is too long");
      p[name] = fields.at(name);
    }
  }
  // The star (teff, logg, radius, mass, magnitude, target), checked as the CLI's options are.
  nlohmann::json star = catalog::user_star_json(catalog::user_star_from_fields(fields));
  if (!star.empty()) p["star"] = star;
  return p;
}

nlohmann::json train_params_from_json(const nlohmann::json& body) {
  static const std::vector<std::string> kKnown = {
      "catalog",   "task",           "folds",     "seed",      "n_trees",
      "max_depth", "learning_rate",  "subsample", "colsample", "min_child_weight",
      "bags",      "balance_classes"};
  for (const auto& [name, value] : body.items()) {
    if (std::find(kKnown.begin(), kKnown.end(), name) == kKnown.end()) {
      throw std::invalid_argument("unknown training parameter '" + name.substr(0, 40) + "'");
    }
  }
  nlohmann::json p = nlohmann::json::object();
  const std::string catalog = body.value("catalog", "koi");
  if (catalog != "koi" && catalog != "toi" && catalog != "k2") {
    throw std::invalid_argument("catalog must be koi, toi or k2");
  }
  p["catalog"] = catalog;
  const std::string task = body.value("task", "binary");
  if (task != "binary" && task != "multiclass") {
    throw std::invalid_argument("task must be binary or multiclass");
  }
  p["task"] = task;
  // What the request leaves out trains as `exodetect train` would (and as /openapi.json says).
  const ml::TrainOptions d;
  p["folds"] = int(json_number(body, "folds", d.folds, 2, 20));
  p["seed"] = uint64_t(json_number(body, "seed", double(d.seed), 0, 4294967295.0));
  p["n_trees"] = int(json_number(body, "n_trees", d.n_trees, 1, 5000));
  p["max_depth"] = int(json_number(body, "max_depth", d.max_depth, 1, 16));
  p["learning_rate"] = json_number(body, "learning_rate", d.learning_rate, 1e-4, 1);
  p["subsample"] = json_number(body, "subsample", d.subsample, 0.05, 1);
  p["colsample"] = json_number(body, "colsample", d.colsample, 0.05, 1);
  p["min_child_weight"] = json_number(body, "min_child_weight", d.min_child_weight, 0, 1000);
  p["bags"] = int(json_number(body, "bags", d.bags, 1, 7));
  if (body.contains("balance_classes")) {
    if (!body["balance_classes"].is_boolean()) {
      throw std::invalid_argument("'balance_classes' must be a boolean");
    }
    p["balance_classes"] = body["balance_classes"];
  }
  return p;
}

JobContext make_job_context(const ServerConfig& config, std::string worker_name, Metrics* metrics) {
  JobContext context;
  const fs::path data_dir = config.store.data_dir;
  context.models = std::make_shared<ModelRegistry>(
      config.model_path, (data_dir / "models").string(), (data_dir / "active_model").string());
  context.catalog_dir = config.catalog_dir;
  context.survey_dir = config.survey_dir;
  // The cores are shared by the job threads.
  context.detect_threads =
      std::max(1u, std::thread::hardware_concurrency() / std::max(1u, config.job_workers));
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
