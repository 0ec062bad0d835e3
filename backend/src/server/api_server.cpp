#include "exodetect/server/api_server.hpp"

#include <unistd.h>

#include <algorithm>
#include <random>

#include <spdlog/spdlog.h>

#include "exodetect/common/strings.hpp"
#include "exodetect/server/jobs.hpp"
#include "exodetect/server/jwt.hpp"
#include "exodetect/store/worker_pool.hpp"
#include "handlers.hpp"
#include "service.hpp"
#include "transport.hpp"

// The middleware between the transport and the handlers: request ids, CORS, authentication,
// access rules, rate limits, the compute gate, metrics and the request log.
namespace exodetect::server {
namespace {

std::string random_hex(size_t bytes) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < bytes; ++i) {
    const auto b = unsigned(rng() & 0xff);
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

bool well_formed_request_id(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(),
                     [](char c) { return std::isalnum(uint8_t(c)) || c == '-' || c == '_'; });
}

}  // namespace

struct ApiServer::Impl {
  JobContext jobs;  // the registry is shared by the handlers and the in-process workers
  Service service;
  std::unique_ptr<store::WorkerPool> workers;
  Transport transport;

  Impl(ServerConfig c, bool run_workers)
      : jobs(make_job_context(c, "api-" + std::to_string(::getpid()))),
        service(std::move(c), jobs.models),
        transport(
            service.config, [this](Request& r) { return handle(r); },
            [this](Request& r, int status) { return transport_error(r, status); }) {
    handlers::start_auth(service);
    jobs.metrics = service.metrics.get();
    if (run_workers) {
      workers = std::make_unique<store::WorkerPool>(
          service.backends.jobs, make_job_handlers(jobs), service.config.job_workers,
          jobs.worker_name, std::chrono::seconds(service.config.job_timeout_s));
    }
  }

  bool origin_allowed(const std::string& origin) const {
    if (origin.empty()) return false;
    for (const auto& allowed : service.config.cors_origins) {
      if (allowed == "*" || allowed == origin) return true;
    }
    return false;
  }

  void add_cors(const Request& req, Response& res) const {
    const std::string origin = req.header("origin");
    if (!origin_allowed(origin)) return;
    res.headers.emplace_back("Access-Control-Allow-Origin", origin);
    res.headers.emplace_back("Vary", "Origin");
    res.headers.emplace_back("Access-Control-Expose-Headers",
                             "X-Request-Id, Retry-After, X-Cache, Location");
  }

  Response dispatch(Request& req, int& route_index) {
    route_index = -1;
    if (req.method == "OPTIONS") {
      // CORS preflight: answered for any path; the browser enforces the allow-origin header.
      Response res = Response::text("", "text/plain", 204);
      if (origin_allowed(req.header("origin"))) {
        res.headers.emplace_back("Access-Control-Allow-Methods", "GET, POST, PUT, DELETE, OPTIONS");
        res.headers.emplace_back("Access-Control-Allow-Headers",
                                 "Authorization, Content-Type, Accept, X-Request-Id");
        res.headers.emplace_back("Access-Control-Max-Age", "600");
      }
      return res;
    }
    const Router& router = service.router;
    auto match = router.match(req.method, req.path, req.path_params);
    if (!match.route) {
      if (match.path_known) {
        return error_response(405, "method_not_allowed",
                              req.method + " is not allowed on " + req.path, req.request_id);
      }
      return error_response(404, "not_found", "no route for " + req.path, req.request_id);
    }
    const Route& route = *match.route;
    route_index = int(&route - router.routes().data());
    return guarded(req, [&](Request& r) {
      handlers::authenticate(service, r);
      if (route.access == Access::kUser || route.access == Access::kAdmin) {
        if (!r.principal) {
          throw ApiError(401, "unauthorized", "this route needs a bearer token (Authorization)");
        }
        if (route.access == Access::kAdmin && r.principal->role != "admin") {
          throw ApiError(403, "forbidden", "this route needs an admin account");
        }
      }
      if (route.access == Access::kRateLimited) {
        if (int wait = acquire_token("ip:" + r.client); wait > 0) {
          throw ApiError(429, "rate_limited", "too many requests from this client; retry later",
                         wait);
        }
        // The public compute routes (predictions, uploads); health, reads and streams bypass
        // the gate so they answer even while it is busy.
        return service.compute_gate.run([&] { return route.handler(r); });
      }
      return route.handler(r);
    });
  }

  // A limiter that cannot reach its backend lets the request through: an outage of the shared
  // bucket store must not take the API down with it.
  int acquire_token(const std::string& key) {
    try {
      return service.backends.rate_limiter->acquire(key);
    } catch (const std::exception& e) {
      spdlog::warn(R"("event":"rate_limiter_unavailable","error":{})", json_string(e.what()));
      return 0;
    }
  }

  Response handle(Request& req) {
    const auto start = Clock::now();
    if (!well_formed_request_id(req.request_id)) req.request_id = random_hex(8);
    int route_index = -1;
    Response res = dispatch(req, route_index);
    add_cors(req, res);
    res.headers.emplace_back("X-Request-Id", req.request_id);
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    service.metrics->observe_request(route_index, res.status, seconds);
    if (spdlog::should_log(spdlog::level::info)) {
      spdlog::info(
          R"("event":"request","request_id":"{}","method":"{}","path":{},"status":{},"duration_ms":{:.3f},"client":{})",
          req.request_id, req.method, json_string(req.path), res.status, seconds * 1e3,
          json_string(req.client));
    }
    return res;
  }

  // The answer to a request the transport refused before routing (too large, unparsable).
  Response transport_error(Request& r, int status) {
    if (!well_formed_request_id(r.request_id)) r.request_id = random_hex(8);
    Response out =
        status == 413   ? error_response(413, "payload_too_large",
                                         "the upload exceeds the limit of " +
                                             std::to_string(service.config.max_upload_bytes / 1024) +
                                             " KiB (EXODETECT_MAX_UPLOAD_MB)",
                                         r.request_id)
        : status == 415 ? error_response(415, "unsupported_encoding",
                                         "compressed request bodies (Content-Encoding) are not "
                                         "accepted; upload .gz files as they are instead",
                                         r.request_id)
        : status == 408
            ? error_response(408, "request_timeout",
                             "the request did not arrive in time "
                             "(EXODETECT_READ_IDLE_TIMEOUT_S, EXODETECT_REQUEST_TIMEOUT_S)",
                             r.request_id)
            : error_response(
                  status, status == 404 ? "not_found" : "bad_request",
                  "the request could not be parsed (HTTP " + std::to_string(status) + ")",
                  r.request_id);
    add_cors(r, out);
    out.headers.emplace_back("X-Request-Id", r.request_id);
    service.metrics->observe_request(-1, out.status, 0);
    spdlog::info(
        R"("event":"request","request_id":"{}","method":"{}","path":{},"status":{},"client":{})",
        r.request_id, r.method, json_string(r.path), out.status, json_string(r.client));
    return out;
  }
};

ApiServer::ApiServer(ServerConfig config, bool run_workers)
    : impl_(std::make_unique<Impl>(std::move(config), run_workers)) {}

ApiServer::~ApiServer() {
  stop();
  if (impl_->workers) impl_->workers->stop();
}

int ApiServer::bind() { return impl_->transport.bind(); }

void ApiServer::serve() { impl_->transport.serve(); }

void ApiServer::stop() {
  impl_->service.stopping = true;
  impl_->transport.stop();
}

const Router& ApiServer::router() const { return impl_->service.router; }

Response ApiServer::handle(Request& request) { return impl_->handle(request); }

}  // namespace exodetect::server
