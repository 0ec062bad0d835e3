#include <map>

#include "exodetect/common/version.hpp"
#include "exodetect/server/api_server.hpp"
#include "handlers.hpp"

namespace exodetect::server::handlers {
namespace {

double uptime_s(const Service& s) {
  return std::chrono::duration<double>(Clock::now() - s.started).count();
}

void render_job_gauges(Service& s, std::string& out) {
  std::string text = "exodetect_queue_depth " + std::to_string(s.backends.jobs->depth()) + "\n";
  text += "# HELP exodetect_jobs Jobs by type and state (latest 1000 per type).\n";
  text += "# TYPE exodetect_jobs gauge\n";
  for (const char* type : {"search", "survey", "train"}) {
    std::map<std::string, size_t> counts = {
        {"queued", 0}, {"running", 0}, {"done", 0}, {"failed", 0}};
    for (const auto& job : s.backends.jobs->list(type, 1000)) {
      ++counts[store::to_string(job.status)];
    }
    for (const auto& [state, n] : counts) {
      text += std::string("exodetect_jobs{type=\"") + type + "\",state=\"" + state + "\"} " +
              std::to_string(n) + "\n";
    }
  }
  out += text;  // all or nothing when the backend fails midway
}

}  // namespace

Response health(Service& s, Request&) {
  bool queue_ok = false, cache_ok = false;
  nlohmann::json depth = nullptr;
  try {
    queue_ok = s.backends.jobs->healthy();
    if (queue_ok) depth = s.backends.jobs->depth();
  } catch (const std::exception&) {
    queue_ok = false;
  }
  try {
    cache_ok = s.backends.cache->healthy();
  } catch (const std::exception&) {
    cache_ok = false;
  }
  auto model = s.models->active();
  const bool ok = queue_ok && cache_ok && model;
  return Response::json(
      {{"status", ok ? "ok" : "degraded"},
       {"version", kVersion},
       {"uptime_s", uptime_s(s)},
       {"model",
        {{"loaded", bool(model)},
         {"id", model ? nlohmann::json(model->id()) : nlohmann::json()},
         {"version",
          model ? nlohmann::json(model->card().value("version", "")) : nlohmann::json()}}},
       {"cache", {{"backend", s.backends.cache->backend()}, {"reachable", cache_ok}}},
       {"queue",
        {{"backend", s.backends.jobs->backend()}, {"reachable", queue_ok}, {"depth", depth}}}});
}

Response metrics(Service& s, Request&) {
  std::string out = s.metrics->render();
  bool queue_ok = false;
  try {
    queue_ok = s.backends.jobs->healthy();
  } catch (const std::exception&) {
  }
  out +=
      "# HELP exodetect_queue_depth Jobs queued or running.\n# TYPE exodetect_queue_depth gauge\n";
  if (queue_ok) {
    try {
      render_job_gauges(s, out);
    } catch (const std::exception&) {
      queue_ok = false;  // the backend went away between the probe and the reads
    }
  }
  const auto& cache = *s.backends.cache;
  out +=
      "# HELP exodetect_cache_hits_total Cache hits.\n# TYPE exodetect_cache_hits_total counter\n";
  out += "exodetect_cache_hits_total " + std::to_string(cache.hits()) + "\n";
  out +=
      "# HELP exodetect_cache_misses_total Cache misses.\n# TYPE exodetect_cache_misses_total "
      "counter\n";
  out += "exodetect_cache_misses_total " + std::to_string(cache.misses()) + "\n";
  out +=
      "# HELP exodetect_backend_up Backend reachability (1 up, 0 down).\n# TYPE "
      "exodetect_backend_up gauge\n";
  out += "exodetect_backend_up{component=\"queue\",backend=\"" + s.backends.jobs->backend() +
         "\"} " + (queue_ok ? "1" : "0") + "\n";
  out += "exodetect_backend_up{component=\"cache\",backend=\"" + s.backends.cache->backend() +
         "\"} " + (s.backends.cache->healthy() ? "1" : "0") + "\n";
  out +=
      "# HELP exodetect_model_loaded Whether a model is active.\n# TYPE exodetect_model_loaded "
      "gauge\n";
  out += std::string("exodetect_model_loaded ") + (s.models->active() ? "1" : "0") + "\n";
  out +=
      "# HELP exodetect_uptime_seconds Seconds since start.\n# TYPE exodetect_uptime_seconds "
      "gauge\n";
  out += "exodetect_uptime_seconds " + std::to_string(uptime_s(s)) + "\n";
  return Response::text(std::move(out), "text/plain; version=0.0.4; charset=utf-8");
}

Response openapi(Service& s, Request&) {
  return Response::text(s.openapi_json, "application/json");
}

Response docs(Service&, Request&) {
  return Response::text(docs_page_html(), "text/html; charset=utf-8");
}

}  // namespace exodetect::server::handlers
