#pragma once

// The state the API's handlers share (one per server) and the helpers several resources use.
// Private to the server module.

#include <atomic>
#include <chrono>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

#include "exodetect/catalog/catalog.hpp"
#include "exodetect/server/client_slots.hpp"
#include "exodetect/server/config.hpp"
#include "exodetect/server/http.hpp"
#include "exodetect/server/metrics.hpp"
#include "exodetect/server/models.hpp"
#include "exodetect/store/backends.hpp"

namespace exodetect::server {

using Clock = std::chrono::steady_clock;

// A small cache of finished job results parsed once (results are immutable once done).
class ResultCache {
 public:
  std::shared_ptr<const nlohmann::json> get(const std::string& id);
  void put(const std::string& id, std::shared_ptr<const nlohmann::json> value);

 private:
  static constexpr size_t kCapacity = 16;
  std::mutex mutex_;
  std::list<std::string> order_;
  std::map<std::string,
           std::pair<std::shared_ptr<const nlohmann::json>, std::list<std::string>::iterator>>
      map_;
};

struct Service {
  Service(ServerConfig config, std::shared_ptr<ModelRegistry> models);

  const ServerConfig config;
  store::Backends backends;
  std::shared_ptr<ModelRegistry> models;
  Router router;
  std::unique_ptr<Metrics> metrics;
  // One slot per core and a spare, which covers the moment a slot handed to a sleeping waiter
  // idles. More spares buy throughput but lose the tail: the extra requests share the cores
  // instead of running in arrival order (docs/BENCHMARKS.md, api_bench).
  FifoGate compute_gate;
  const Clock::time_point started = Clock::now();
  std::string openapi_json;
  std::atomic<bool> stopping{false};
  ResultCache results;
  // Open progress streams, per client and in all (each holds an HTTP thread while open).
  ClientSlots streams{config.max_streams, config.max_streams_per_client};

  // The active model; ApiError 503 when none is loaded.
  std::shared_ptr<const ml::Model> require_model() const;
  // The job of that id and type; ApiError 400 for a malformed id, 404 for an unknown one.
  store::Job require_job(const std::string& id, const std::string& type);
  // The finished job's result, parsed once and kept for the plot-data and event routes.
  std::shared_ptr<const nlohmann::json> job_result(const store::Job& job);
  nlohmann::json job_json(const store::Job& job, bool with_result);
  // The newest export of that catalogue, loaded once; ApiError 503 when there is none.
  std::shared_ptr<const catalog::Catalog> catalog_for(catalog::CatalogKind kind);

  // Runs a call to the store (job queue, search index): the store's errors as the API's. A full
  // queue is a 429 with Retry-After, params the queue refuses (text that is not UTF-8) a 400, an
  // unreachable backend a 503 with Retry-After. Any other std::invalid_argument from the store
  // names a server bug, not the client's mistake: it reaches guarded as a 500.
  template <typename Fn>
  auto queue_call(Fn&& fn) -> decltype(fn()) {
    try {
      return fn();
    } catch (const store::QueueFull& e) {
      throw ApiError(429, "queue_full", e.what(), 30);
    } catch (const store::InvalidJobParams& e) {
      throw ApiError(400, "bad_request", e.what());
    } catch (const std::runtime_error& e) {
      log_queue_unavailable(e.what());
      throw ApiError(503, "queue_unavailable", "the job queue is unreachable; retry shortly", 5);
    }
  }

 private:
  static void log_queue_unavailable(const std::string& error);
  std::mutex catalogs_mutex_;
  std::map<catalog::CatalogKind, std::shared_ptr<const catalog::Catalog>> catalogs_;
};

// Runs a parser of the client's input: its std::invalid_argument, or a JSON type error (a string
// where a number belongs), is the client's mistake, a 400 with `code`.
template <typename Fn>
auto client_input(Fn&& fn, const std::string& code = "bad_request") -> decltype(fn()) {
  try {
    return fn();
  } catch (const std::invalid_argument& e) {
    throw ApiError(400, code, e.what());
  } catch (const nlohmann::json::exception& e) {
    throw ApiError(400, code, std::string("invalid JSON value: ") + e.what());
  }
}

int64_t unix_seconds();
// `s` as a JSON string literal (invalid UTF-8 replaced), for log lines.
std::string json_string(const std::string& s);
// The model summary shown in lists, predictions and search results.
nlohmann::json model_summary(const ml::Model& model, bool active);
// An integer query parameter in [min, max]; ApiError 400 otherwise.
size_t query_size(const Request& req, const std::string& name, size_t fallback, size_t min,
                  size_t max);
// The path's candidate index {n} (from 0); ApiError 400 unless a non-negative integer.
size_t candidate_index(Request& req);
// The result of the finished search `job`: ApiError 409 while it is queued or running
// (`once_done` says what the client gets then) or when it failed.
std::shared_ptr<const nlohmann::json> finished_search_result(Service& s, const store::Job& job,
                                                             const std::string& once_done);
// The same for a search that has a candidate `n`: ApiError 404 when it has none.
std::shared_ptr<const nlohmann::json> finished_search_result(Service& s, const store::Job& job,
                                                             size_t n,
                                                             const std::string& once_done);

}  // namespace exodetect::server
