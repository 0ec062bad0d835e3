#include "service.hpp"

#include <algorithm>
#include <cmath>
#include <thread>

#include <spdlog/spdlog.h>

#include "exodetect/catalog/catalog_files.hpp"
#include "exodetect/common/csv.hpp"
#include "exodetect/common/resources.hpp"
#include "exodetect/common/version.hpp"
#include "exodetect/server/api_server.hpp"
#include "exodetect/server/jobs.hpp"
#include "handlers.hpp"

namespace exodetect::server {

using common::available_cpus;
using common::parse_number;

std::shared_ptr<const nlohmann::json> ResultCache::get(const std::string& id) {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = map_.find(id);
  if (it == map_.end()) return nullptr;
  order_.splice(order_.begin(), order_, it->second.second);
  return it->second.first;
}

void ResultCache::put(const std::string& id, std::shared_ptr<const nlohmann::json> value) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (map_.count(id)) return;
  order_.push_front(id);
  map_[id] = {std::move(value), order_.begin()};
  if (map_.size() > kCapacity) {
    map_.erase(order_.back());
    order_.pop_back();
  }
}

Service::Service(ServerConfig c, std::shared_ptr<ModelRegistry> registry)
    : config(std::move(c)),
      backends(store::make_backends(config.store, config.rate_per_minute, config.rate_burst,
                                    config.login_failures)),
      models(std::move(registry)),
      compute_gate(available_cpus() + 1) {
  check_jwt_secret(config);
  add_routes(*this);
  std::vector<std::string> keys;
  for (const auto& r : router.routes()) keys.push_back(r.method + " " + r.pattern);
  metrics = std::make_unique<Metrics>(keys);
  openapi_json = openapi_document(router, kVersion).dump(2);
}

std::shared_ptr<const ml::Model> Service::require_model() const {
  auto model = models->active();
  if (!model) {
    throw ApiError(503, "model_unavailable",
                   "no model is loaded (MODEL_PATH has no readable *.exomodel)", 30);
  }
  return model;
}

store::Job Service::require_job(const std::string& id, const std::string& type) {
  if (!store::valid_job_id(id)) {
    throw ApiError(400, "invalid_id", "job ids are 32 lowercase hex characters");
  }
  auto job = queue_call([&] { return backends.jobs->state(id); });
  if (!job || job->type != type) throw ApiError(404, "not_found", "no " + type + " job " + id);
  return *job;
}

std::shared_ptr<const nlohmann::json> Service::job_result(const store::Job& job) {
  if (auto cached = results.get(job.id)) return cached;
  // Jobs are looked up without their results (JobQueue::state): the result is read and parsed
  // here, once while it stays in the cache.
  auto full = queue_call([&] { return backends.jobs->get(job.id); });
  if (!full || full->status != store::JobStatus::kDone) {
    throw ApiError(404, "not_found", "no finished job " + job.id);
  }
  auto value = std::make_shared<const nlohmann::json>(std::move(full->result));
  results.put(job.id, value);
  return value;
}

nlohmann::json Service::job_json(const store::Job& job, bool with_result) {
  nlohmann::json out = {{"id", job.id},
                        {"type", job.type},
                        {"status", store::to_string(job.status)},
                        {"progress", job.progress},
                        {"stage", job.stage},
                        {"params", job.params},
                        {"created_ms", job.created_ms},
                        {"updated_ms", job.updated_ms},
                        {"result", nullptr},
                        {"error", nullptr}};
  if (job.status == store::JobStatus::kFailed) {
    out["error"] = {{"code", job.error_code}, {"message", job.error_message}};
  }
  if (with_result && job.status == store::JobStatus::kDone) {
    auto result = job_result(job);
    if (job.type == "search") {
      out["result"] = result->contains("report") ? (*result)["report"] : *result;
    } else {
      out["result"] = *result;
    }
  }
  return out;
}

std::shared_ptr<const catalog::Catalog> Service::catalog_for(catalog::CatalogKind kind) {
  std::lock_guard<std::mutex> lock(catalogs_mutex_);
  if (auto it = catalogs_.find(kind); it != catalogs_.end()) return it->second;
  const std::string prefix = catalog::to_string(kind);
  const auto path = catalog::find_catalog_export(config.catalog_dir, prefix);
  if (!path) {
    // The folder goes to the log only: public messages name no server paths.
    spdlog::warn(R"("event":"catalog_unavailable","catalog":"{}","dir":{})", prefix,
                 json_string(config.catalog_dir));
    throw ApiError(503, "catalog_unavailable",
                   "no " + prefix + " export is installed (EXODETECT_CATALOG_DIR)");
  }
  auto loaded = std::make_shared<const catalog::Catalog>(catalog::load_catalog(*path, kind));
  catalogs_[kind] = loaded;
  return loaded;
}

void Service::log_queue_unavailable(const std::string& error) {
  spdlog::warn(R"("event":"queue_unavailable","error":{})", json_string(error));
}

int64_t unix_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string json_string(const std::string& s) {
  return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

nlohmann::json model_summary(const ml::Model& model, bool active) {
  const auto& card = model.card();
  nlohmann::json metrics = nlohmann::json::object();
  if (card.contains("metrics") && card["metrics"].is_object()) {
    for (const char* key : {"roc_auc", "pr_auc", "accuracy", "f1"}) {
      if (card["metrics"].contains(key)) metrics[key] = card["metrics"][key];
    }
  }
  return {{"id", model.id()},
          {"version", card.value("version", "")},
          {"task", card.value("task", "")},
          {"catalog", card.value("catalog", nlohmann::json(""))},  // a list when several
          {"created", card.value("created", "")},
          {"metrics", metrics},
          {"active", active}};
}

size_t query_size(const Request& req, const std::string& name, size_t fallback, size_t min,
                  size_t max) {
  auto text = req.query_param(name);
  if (!text) return fallback;
  auto v = parse_number(*text);
  if (!v || !std::isfinite(*v) || *v != std::floor(*v) || *v < double(min) || *v > double(max)) {
    throw ApiError(400, "bad_request",
                   "query parameter '" + name + "' must be an integer in [" + std::to_string(min) +
                       ", " + std::to_string(max) + "]");
  }
  return size_t(*v);
}

size_t candidate_index(Request& req) {
  const std::string& n_text = req.path_params["n"];
  if (n_text.empty() || n_text.size() > 6 ||
      n_text.find_first_not_of("0123456789") != std::string::npos) {
    throw ApiError(400, "invalid_candidate", "the candidate index is a non-negative integer");
  }
  return std::stoul(n_text);
}

std::shared_ptr<const nlohmann::json> finished_search_result(Service& s, const store::Job& job,
                                                             const std::string& once_done) {
  if (job.status == store::JobStatus::kFailed) {
    throw ApiError(409, "job_failed", "the search failed: " + job.error_message);
  }
  if (job.status != store::JobStatus::kDone) {
    throw ApiError(
        409, "not_ready",
        "the search is " + store::to_string(job.status) + "; " + once_done + " once it is done", 2);
  }
  return s.job_result(job);
}

std::shared_ptr<const nlohmann::json> finished_search_result(Service& s, const store::Job& job,
                                                             size_t n,
                                                             const std::string& once_done) {
  auto result = finished_search_result(s, job, once_done);
  const auto& report = result->contains("report") ? (*result)["report"] : *result;
  const size_t count = report.value("candidates", nlohmann::json::array()).size();
  if (n >= count) {
    throw ApiError(404, "not_found",
                   "the search has " + std::to_string(count) + " candidates (indices from 0)");
  }
  return result;
}

}  // namespace exodetect::server
