#include "exodetect/server/api_server.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <filesystem>
#include <list>
#include <random>
#include <thread>

#include <httplib.h>
#include <spdlog/spdlog.h>

#include "exodetect/catalog/catalog.hpp"
#include "exodetect/common/csv.hpp"
#include "exodetect/common/decompress.hpp"
#include "exodetect/common/resources.hpp"
#include "exodetect/common/version.hpp"
#include "exodetect/lightcurve/light_curve.hpp"
#include "exodetect/server/bounded_http_server.hpp"
#include "exodetect/server/jobs.hpp"
#include "exodetect/server/jwt.hpp"
#include "exodetect/server/metrics.hpp"
#include "exodetect/server/models.hpp"

namespace exodetect::server {
namespace fs = std::filesystem;
namespace {

// httplib 0.11 sends a response's head and its body with two send() calls; with TCP_NODELAY they
// leave as two segments and the client wakes for each. Corking the socket from the end of the
// handler until httplib's logger, which it calls right after writing the body, sends them as one.
// httplib does not hand handlers their socket. Each pool task serves one connection from accept
// to close (ConnectionPool below marks its start), so a thread finds its connection's socket once,
// by its address pair, on the connection's second request: a one-shot connection never pays.
class ResponseCork {
 public:
  // A pool thread starts serving a new connection.
  static void new_connection() { state() = {}; }

  // Corks the socket of `req` from the second request of its connection on. Called for every
  // handled request, streamed or not, so that a cork left by a write that failed is forgotten.
  static void cork(const httplib::Request& req, bool streamed) {
    State& s = state();
    s.corked = false;
    if (++s.requests < 2 || streamed) return;  // events must leave as they are written
    if (!s.searched) {
      s.searched = true;
      s.fd = find_socket(req);
    }
    if (s.fd < 0) return;
    set_cork(s.fd, 1);
    s.corked = true;
  }

  // Sends what the cork held back.
  static void release() {
    State& s = state();
    if (!s.corked) return;
    set_cork(s.fd, 0);
    s.corked = false;
  }

 private:
  struct State {
    size_t requests = 0;
    int fd = -1;
    bool searched = false;
    bool corked = false;
  };
  static State& state() {
    thread_local State s;
    return s;
  }
  static void set_cork(int fd, int on) { ::setsockopt(fd, IPPROTO_TCP, TCP_CORK, &on, sizeof on); }

  static bool address_is(const sockaddr_storage& a, const std::string& addr, int port) {
    char text[INET6_ADDRSTRLEN] = {};
    if (a.ss_family == AF_INET) {
      const auto& v4 = reinterpret_cast<const sockaddr_in&>(a);
      return ntohs(v4.sin_port) == port && inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text) &&
             addr == text;
    }
    if (a.ss_family == AF_INET6) {
      const auto& v6 = reinterpret_cast<const sockaddr_in6&>(a);
      return ntohs(v6.sin6_port) == port && inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text) &&
             addr == text;
    }
    return false;
  }
  // A TCP connection's address pair is unique on the host, so the match is this request's own
  // socket, which stays open (and keeps its number) until this thread's task ends.
  static int find_socket(const httplib::Request& req) {
    DIR* dir = ::opendir("/proc/self/fd");
    if (!dir) return -1;
    int found = -1;
    while (const dirent* entry = ::readdir(dir)) {
      const int fd = std::atoi(entry->d_name);
      sockaddr_storage peer{}, local{};
      socklen_t peer_size = sizeof peer, local_size = sizeof local;
      if (fd > 2 && fd != ::dirfd(dir) &&
          ::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_size) == 0 &&
          address_is(peer, req.remote_addr, req.remote_port) &&
          ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_size) == 0 &&
          address_is(local, req.local_addr, req.local_port)) {
        found = fd;
        break;
      }
    }
    ::closedir(dir);
    return found;
  }
};

// httplib's pool, each task (one connection, accept to close) announced to ResponseCork.
class ConnectionPool : public httplib::ThreadPool {
 public:
  using httplib::ThreadPool::ThreadPool;
  void enqueue(std::function<void()> fn) override {
    httplib::ThreadPool::enqueue([fn = std::move(fn)] {
      ResponseCork::new_connection();
      fn();
    });
  }
};

using Clock = std::chrono::steady_clock;

int64_t unix_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

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

bool valid_model_id(const std::string& id) {
  if (id.empty() || id.size() > 128 || id == "." || id == "..") return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return std::isalnum(uint8_t(c)) || c == '-' || c == '_' || c == '.';
  });
}

std::string json_string(const std::string& s) {
  return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// The model summary shown in lists, predictions and search results.
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
          {"catalog", card.value("catalog", "")},
          {"created", card.value("created", "")},
          {"metrics", metrics},
          {"active", active}};
}

std::string sanitize_filename(const std::string& name, size_t index) {
  std::string base = fs::path(name).filename().string();
  std::string out;
  for (char c : base) {
    if (std::isalnum(uint8_t(c)) || c == '.' || c == '-' || c == '_') out += c;
  }
  if (out.empty() || out == "." || out == "..") out = "upload-" + std::to_string(index + 1);
  return out.substr(0, 200);
}

// A small cache of finished job results parsed once (results are immutable once done).
class ResultCache {
 public:
  std::shared_ptr<const nlohmann::json> get(const std::string& id) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = map_.find(id);
    if (it == map_.end()) return nullptr;
    order_.splice(order_.begin(), order_, it->second.second);
    return it->second.first;
  }
  void put(const std::string& id, std::shared_ptr<const nlohmann::json> value) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (map_.count(id)) return;
    order_.push_front(id);
    map_[id] = {std::move(value), order_.begin()};
    if (map_.size() > kCapacity) {
      map_.erase(order_.back());
      order_.pop_back();
    }
  }

 private:
  static constexpr size_t kCapacity = 16;
  std::mutex mutex_;
  std::list<std::string> order_;
  std::map<std::string,
           std::pair<std::shared_ptr<const nlohmann::json>, std::list<std::string>::iterator>>
      map_;
};

constexpr size_t kMinSearchPoints = 50;
constexpr size_t kMaxPredictRows = 100000;
// Rows x explained features per prediction response: each explained value costs about 100
// bytes of JSON, so this bounds a response near 50 MB.
constexpr size_t kMaxExplainedValues = 500000;
// Larger responses are recomputed rather than cached: one would evict many small ones.
constexpr size_t kMaxCachedResponseBytes = 1u << 20;

void check_explained_values(size_t rows, size_t top) {
  if (rows * std::max<size_t>(top, 1) > kMaxExplainedValues) {
    throw ApiError(400, "too_many_values",
                   std::to_string(rows) + " rows x " + std::to_string(top) +
                       " explained features is more than " + std::to_string(kMaxExplainedValues) +
                       " per request; send fewer rows or a smaller top_features");
  }
}
constexpr int kListenBacklog =
    1024;  // connections awaiting accept (the kernel caps it at somaxconn)

}  // namespace

struct ApiServer::Impl {
  ServerConfig config;
  store::Backends backends;
  std::shared_ptr<ModelRegistry> models;
  Router router;
  std::unique_ptr<Metrics> metrics;
  std::unique_ptr<store::WorkerPool> workers;
  BoundedHttpServer http{transport_limits(config)};
  socket_t listen_socket = INVALID_SOCKET;
  // One slot per core and a spare, which covers the moment a slot handed to a sleeping waiter
  // idles. More spares buy throughput but lose the tail: the extra requests share the cores
  // instead of running in arrival order (docs/BENCHMARKS.md, api_bench).
  FifoGate compute_gate{available_cpus() + 1};
  Clock::time_point started = Clock::now();
  std::string openapi_json;
  std::atomic<bool> stopping{false};
  ResultCache results;
  ClientSlots streams{config.max_streams, config.max_streams_per_client};
  std::mutex catalogs_mutex;
  std::map<catalog::CatalogKind, std::shared_ptr<const catalog::Catalog>> catalogs;

  Impl(ServerConfig c, bool run_workers) : config(std::move(c)) {
    backends = store::make_backends(config.store, config.rate_per_minute, config.rate_burst);
    models = std::make_shared<ModelRegistry>(
        config.model_path, (fs::path(config.store.data_dir) / "models").string(),
        (fs::path(config.store.data_dir) / "active_model").string());
    set_inflate_limit(config.max_decompressed_bytes);
    add_routes();
    std::vector<std::string> keys;
    for (const auto& r : router.routes()) keys.push_back(r.method + " " + r.pattern);
    metrics = std::make_unique<Metrics>(keys);
    openapi_json = openapi_document(router, kVersion).dump(2);
    bootstrap_admin();
    if (run_workers) {
      JobContext context;
      context.models = models;
      context.catalog_dir = config.catalog_dir;
      context.detect_threads = std::max(1u, available_cpus() / std::max(1u, config.job_workers));
      context.metrics = metrics.get();
      context.worker_name = "api-" + std::to_string(::getpid());
      workers = std::make_unique<store::WorkerPool>(
          backends.jobs, make_job_handlers(context), config.job_workers,
          "api-" + std::to_string(::getpid()), std::chrono::seconds(config.job_timeout_s));
    }
    setup_transport();
  }

  void bootstrap_admin() {
    if (config.admin_email.empty() || config.admin_password.empty()) return;
    const std::string email = to_lower(config.admin_email);
    if (backends.users->find(email)) return;
    store::User admin;
    admin.email = email;
    admin.password_hash = store::hash_password(config.admin_password);
    admin.role = store::Role::kAdmin;
    admin.created_ms = unix_seconds() * 1000;
    try {
      backends.users->create(admin);
      spdlog::info(R"("event":"admin_created","email":{})", json_string(email));
    } catch (const std::invalid_argument&) {
      // Another process created it at the same moment.
    }
  }

  // ---- middleware -------------------------------------------------------------------------

  bool origin_allowed(const std::string& origin) const {
    if (origin.empty()) return false;
    for (const auto& allowed : config.cors_origins) {
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
        res.headers.emplace_back("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
        res.headers.emplace_back("Access-Control-Allow-Headers",
                                 "Authorization, Content-Type, Accept, X-Request-Id");
        res.headers.emplace_back("Access-Control-Max-Age", "600");
      }
      return res;
    }
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
      authenticate(r);
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
        return compute_gate.run([&] { return route.handler(r); });
      }
      return route.handler(r);
    });
  }

  // A limiter that cannot reach its backend lets the request through: an outage of the shared
  // bucket store must not take the API down with it.
  int acquire_token(const std::string& key) {
    try {
      return backends.rate_limiter->acquire(key);
    } catch (const std::exception& e) {
      spdlog::warn(R"("event":"rate_limiter_unavailable","error":{})", json_string(e.what()));
      return 0;
    }
  }

  // Runs a job-queue call, answering 503 with Retry-After when the backend is unreachable.
  template <typename Fn>
  auto queue_call(Fn&& fn) -> decltype(fn()) {
    try {
      return fn();
    } catch (const store::QueueFull&) {
      throw;
    } catch (const std::invalid_argument&) {
      throw;
    } catch (const std::runtime_error& e) {
      spdlog::warn(R"("event":"queue_unavailable","error":{})", json_string(e.what()));
      throw ApiError(503, "queue_unavailable", "the job queue is unreachable; retry shortly", 5);
    }
  }

  void authenticate(Request& req) const {
    const std::string auth = req.header("authorization");
    if (auth.empty()) return;
    static const std::string kBearer = "Bearer ";
    if (auth.size() <= kBearer.size() ||
        !iequals(std::string_view(auth).substr(0, kBearer.size()), kBearer)) {
      throw ApiError(401, "invalid_token", "Authorization must be 'Bearer <token>'");
    }
    auto claims = jwt_verify(auth.substr(kBearer.size()), config.jwt_secret, unix_seconds());
    if (!claims || !(*claims)["sub"].is_string() || !(*claims)["role"].is_string()) {
      throw ApiError(401, "invalid_token", "the token is invalid or expired");
    }
    req.principal =
        Principal{(*claims)["sub"].get<std::string>(), (*claims)["role"].get<std::string>()};
  }

  Response handle(Request& req) {
    const auto start = Clock::now();
    if (!well_formed_request_id(req.request_id)) req.request_id = random_hex(8);
    int route_index = -1;
    Response res = dispatch(req, route_index);
    add_cors(req, res);
    res.headers.emplace_back("X-Request-Id", req.request_id);
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    metrics->observe_request(route_index, res.status, seconds);
    if (spdlog::should_log(spdlog::level::info)) {
      spdlog::info(
          R"("event":"request","request_id":"{}","method":"{}","path":{},"status":{},"duration_ms":{:.3f},"client":{})",
          req.request_id, req.method, json_string(req.path), res.status, seconds * 1e3,
          json_string(req.client));
    }
    return res;
  }

  // ---- transport ----------------------------------------------------------------------------

  void setup_transport() {
    const unsigned threads = config.http_threads > 0 ? config.http_threads : http.pool_threads();
    // Each keep-alive connection holds a pool thread, so the pool must cover the expected
    // connections; httplib's default (cores - 1) queues the rest behind them.
    http.new_task_queue = [threads] { return new ConnectionPool(threads); };
    http.set_tcp_nodelay(true);
    // httplib's default also sets SO_REUSEPORT, which lets a second server share a busy port
    // silently; without it, binding a port in use fails as it should.
    http.set_socket_options([this](socket_t sock) {
      int yes = 1;
      ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
      listen_socket = sock;  // the last one offered is the one that binds
    });
    http.set_keep_alive_max_count(100000);
    http.set_keep_alive_timeout(5);
    http.set_read_timeout(config.request_timeout_s, 0);
    http.set_write_timeout(config.request_timeout_s, 0);
    // Slightly above the limit so multipart framing does not count against the file itself.
    http.set_payload_max_length(config.max_upload_bytes + 64 * 1024);

    // httplib reads and discards a body over payload_max_length, then answers 413 (made JSON by
    // the error handler below). Only absurd sizes are refused before reading, closing the
    // connection, so a huge upload cannot hold a thread while it is drained.
    http.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
      if (auto refusal = http.check_head(req)) {
        Request r = light_request(req);
        Response out =
            error_response(refusal->status, refusal->code, refusal->message, r.request_id);
        finish_transport_error(r, out);
        out.headers.emplace_back("Connection", "close");
        to_httplib(out, res);
        return httplib::Server::HandlerResponse::Handled;
      }
      if (req.has_header("Content-Length") && req.get_header_value<uint64_t>("Content-Length") >
                                                  config.max_upload_bytes + (64u << 20)) {
        Request r = light_request(req);
        Response out = too_large(r);
        finish_transport_error(r, out);
        out.headers.emplace_back("Connection", "close");
        to_httplib(out, res);
        return httplib::Server::HandlerResponse::Handled;
      }
      return httplib::Server::HandlerResponse::Unhandled;
    });
    auto handler = [this](const httplib::Request& req, httplib::Response& res) {
      Request r = from_httplib(const_cast<httplib::Request&>(req));
      Response out = handle(r);
      const bool streamed = static_cast<bool>(out.stream);
      to_httplib(out, res);
      ResponseCork::cork(req, streamed);
    };
    http.set_logger(
        [](const httplib::Request&, const httplib::Response&) { ResponseCork::release(); });
    http.Get(".*", handler);
    http.Post(".*", handler);
    http.Put(".*", handler);
    http.Patch(".*", handler);
    http.Delete(".*", handler);
    http.Options(".*", handler);
    // Errors raised by httplib itself (body over the limit, malformed request or multipart).
    http.set_error_handler(httplib::Server::HandlerWithResponse(
        [this](const httplib::Request& req, httplib::Response& res) {
          if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
          if (const int status = BoundedHttpServer::transport_status()) res.status = status;
          Request r = light_request(req);
          Response out =
              res.status == 413
                  ? too_large(r)
                  : error_response(
                        res.status, res.status == 404 ? "not_found" : "bad_request",
                        "the request could not be parsed (HTTP " + std::to_string(res.status) + ")",
                        r.request_id);
          finish_transport_error(r, out);
          to_httplib(out, res);
          return httplib::Server::HandlerResponse::Handled;
        }));
    http.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
          Response out = error_response(500, "internal", "internal server error", "");
          to_httplib(out, res);
        });
  }

  // The request line and headers only (for answers given before or instead of routing).
  Request light_request(const httplib::Request& in) const {
    Request r;
    r.method = in.method;
    r.path = in.path;
    r.client = in.remote_addr;
    for (const auto& [k, v] : in.headers) {
      r.headers.emplace(to_lower(k), v);
    }
    r.request_id = r.header("x-request-id");
    if (!well_formed_request_id(r.request_id)) r.request_id = random_hex(8);
    return r;
  }

  void finish_transport_error(const Request& r, Response& out) {
    add_cors(r, out);
    out.headers.emplace_back("X-Request-Id", r.request_id);
    metrics->observe_request(-1, out.status, 0);
    spdlog::info(
        R"("event":"request","request_id":"{}","method":"{}","path":{},"status":{},"client":{})",
        r.request_id, r.method, json_string(r.path), out.status, json_string(r.client));
  }

  Response too_large(const Request& r) const {
    return error_response(413, "payload_too_large",
                          "the upload exceeds the limit of " +
                              std::to_string(config.max_upload_bytes / 1024) +
                              " KiB (EXODETECT_MAX_UPLOAD_MB)",
                          r.request_id);
  }

  Request from_httplib(httplib::Request& in) const {
    Request r = light_request(in);
    r.body = std::move(in.body);  // httplib no longer needs it; uploads can be large
    if (config.trust_proxy) {
      const std::string forwarded = r.header("x-forwarded-for");
      std::string first = forwarded.substr(0, forwarded.find(','));
      first.erase(std::remove(first.begin(), first.end(), ' '), first.end());
      if (!first.empty()) r.client = first;
    }
    for (const auto& [k, v] : in.params) r.query.emplace(k, v);
    for (auto& [name, part] : in.files) {
      r.parts.push_back({part.name, part.filename, part.content_type, std::move(part.content)});
    }
    return r;
  }

  static void to_httplib(Response& out, httplib::Response& res) {
    res.status = out.status;
    for (const auto& [k, v] : out.headers) res.set_header(k.c_str(), v);
    if (out.stream) {
      res.set_header("Cache-Control", "no-cache");
      res.set_header("X-Accel-Buffering", "no");
      auto stream = std::move(out.stream);
      res.set_chunked_content_provider(out.content_type, [stream](size_t, httplib::DataSink& sink) {
        stream([&sink](std::string_view piece) {
          return sink.is_writable() && sink.write(piece.data(), piece.size());
        });
        sink.done();
        return true;
      });
    } else if (out.status != 204) {
      res.set_content(std::move(out.body), out.content_type.c_str());
    }
  }

  // ---- helpers ----------------------------------------------------------------------------

  std::shared_ptr<const ml::Model> require_model() const {
    auto model = models->active();
    if (!model) {
      throw ApiError(503, "model_unavailable",
                     "no model is loaded (MODEL_PATH has no readable *.exomodel)", 30);
    }
    return model;
  }

  store::Job require_job(const std::string& id, const std::string& type) {
    if (!store::valid_job_id(id)) {
      throw ApiError(400, "invalid_id", "job ids are 32 lowercase hex characters");
    }
    auto job = queue_call([&] { return backends.jobs->get(id); });
    if (!job || job->type != type) throw ApiError(404, "not_found", "no " + type + " job " + id);
    return *job;
  }

  // The finished job's result, parsed once and kept for the plot-data and event routes.
  std::shared_ptr<const nlohmann::json> job_result(const store::Job& job) {
    if (auto cached = results.get(job.id)) return cached;
    auto value = std::make_shared<const nlohmann::json>(job.result);
    results.put(job.id, value);
    return value;
  }

  nlohmann::json job_json(const store::Job& job, bool with_result) {
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

  std::shared_ptr<const catalog::Catalog> catalog_for(catalog::CatalogKind kind) {
    std::lock_guard<std::mutex> lock(catalogs_mutex);
    if (auto it = catalogs.find(kind); it != catalogs.end()) return it->second;
    const std::string prefix = catalog::to_string(kind);
    std::vector<std::string> matches;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(config.catalog_dir, ec)) {
      const std::string name = entry.path().filename().string();
      if (name.rfind(prefix, 0) == 0 && name.find(".csv") != std::string::npos) {
        matches.push_back(entry.path().string());
      }
    }
    if (matches.empty()) {
      throw ApiError(
          503, "catalog_unavailable",
          "no " + prefix + " export in EXODETECT_CATALOG_DIR (" + config.catalog_dir + ")");
    }
    std::sort(matches.begin(), matches.end());
    auto loaded =
        std::make_shared<const catalog::Catalog>(catalog::load_catalog(matches.back(), kind));
    catalogs[kind] = loaded;
    return loaded;
  }

  static catalog::CatalogKind catalog_kind(const std::string& name) {
    try {
      return catalog::catalog_kind_from_string(name);
    } catch (const std::invalid_argument&) {
      throw ApiError(404, "not_found",
                     "unknown catalogue '" + name.substr(0, 40) + "' (koi, toi or k2)");
    }
  }

  static size_t query_size(const Request& req, const std::string& name, size_t fallback, size_t min,
                           size_t max) {
    auto text = req.query_param(name);
    if (!text) return fallback;
    auto v = parse_number(*text);
    if (!v || !std::isfinite(*v) || *v != std::floor(*v) || *v < double(min) || *v > double(max)) {
      throw ApiError(400, "bad_request",
                     "query parameter '" + name + "' must be an integer in [" +
                         std::to_string(min) + ", " + std::to_string(max) + "]");
    }
    return size_t(*v);
  }

  std::string issue_token(const store::User& user) const {
    const int64_t now = unix_seconds();
    return jwt_sign({{"sub", user.email},
                     {"role", user.role == store::Role::kAdmin ? "admin" : "user"},
                     {"iat", now},
                     {"exp", now + config.jwt_ttl_s}},
                    config.jwt_secret);
  }

  nlohmann::json token_response(const store::User& user) const {
    return {{"token", issue_token(user)},
            {"token_type", "bearer"},
            {"expires_in", config.jwt_ttl_s},
            {"user",
             {{"email", user.email},
              {"role", user.role == store::Role::kAdmin ? "admin" : "user"},
              {"created_ms", user.created_ms}}}};
  }

  static std::pair<std::string, std::string> credentials(const Request& req) {
    const auto body = req.json_body();
    if (!body.contains("email") || !body["email"].is_string() || !body.contains("password") ||
        !body["password"].is_string()) {
      throw ApiError(400, "bad_request", "send {\"email\": string, \"password\": string}");
    }
    return {to_lower(body["email"].get<std::string>()), body["password"].get<std::string>()};
  }

  // ---- routes -----------------------------------------------------------------------------

  void add_routes();
  Response health();
  Response metrics_text();
  void render_job_gauges(std::string& out);
  Response predict(Request& req);
  Response predict_batch(Request& req);
  Response submit_search(Request& req);
  Response search_events(Request& req);
  Response plot_data(Request& req);
  Response catalog_list(Request& req);
  Response catalog_item(Request& req);
  Response signup(Request& req);
  Response login(Request& req);
};

void ApiServer::Impl::add_routes() {
  auto add = [this](std::string method, std::string pattern, std::string op, Access access,
                    std::function<Response(Request&)> handler) {
    router.add(
        {std::move(method), std::move(pattern), std::move(op), access, std::move(handler), {}});
  };
  using A = Access;
  // clang-format off
  add("GET",  "/health",                               "getHealth",       A::kPublic,      [this](Request&) { return health(); });
  add("GET",  "/openapi.json",                         "getOpenApi",      A::kPublic,      [this](Request&) { return Response::text(openapi_json, "application/json"); });
  add("GET",  "/docs",                                 "getDocs",         A::kPublic,      [](Request&) { return Response::text(docs_page_html(), "text/html; charset=utf-8"); });
  add("GET",  "/metrics",                              "getMetrics",      A::kPublic,      [this](Request&) { return metrics_text(); });
  add("POST", "/api/v1/predict",                       "predict",         A::kRateLimited, [this](Request& r) { return predict(r); });
  add("POST", "/api/v1/predict/batch",                 "predictBatch",    A::kRateLimited, [this](Request& r) { return predict_batch(r); });
  add("POST", "/api/v1/searches",                      "createSearch",    A::kRateLimited, [this](Request& r) { return submit_search(r); });
  add("GET",  "/api/v1/searches/{id}",                 "getSearch",       A::kPublic,      [this](Request& r) { return Response::json(job_json(require_job(r.path_params["id"], "search"), true)); });
  add("GET",  "/api/v1/searches/{id}/events",          "getSearchEvents", A::kPublic,      [this](Request& r) { return search_events(r); });
  add("GET",  "/api/v1/searches/{id}/plot-data",       "getSearchPlotData", A::kPublic,    [this](Request& r) { return plot_data(r); });
  add("GET",  "/api/v1/catalog/{name}",                "listCatalog",     A::kPublic,      [this](Request& r) { return catalog_list(r); });
  add("GET",  "/api/v1/catalog/{name}/{id}",           "getCatalogObject", A::kPublic,     [this](Request& r) { return catalog_item(r); });
  add("GET",  "/api/v1/models",                        "listModels",      A::kPublic,      [this](Request&) {
    models->refresh();
    auto active = models->active();
    nlohmann::json list = nlohmann::json::array();
    for (const auto& m : models->list()) list.push_back(model_summary(*m, m == active));
    return Response::json({{"models", list}, {"active", active ? nlohmann::json(active->id()) : nlohmann::json()}});
  });
  add("GET",  "/api/v1/models/{id}",                   "getModel",        A::kPublic,      [this](Request& r) {
    const auto& id = r.path_params["id"];
    if (!valid_model_id(id)) throw ApiError(400, "invalid_id", "malformed model id");
    models->refresh();
    auto model = models->find(id);
    if (!model) throw ApiError(404, "not_found", "no model " + id);
    nlohmann::json out = model->card();
    out["id"] = model->id();
    out["active"] = model == models->active();
    return Response::json(out);
  });
  add("POST", "/api/v1/models/train",                  "trainModel",      A::kAdmin,       [this](Request& r) {
    auto params = train_params_from_json(r.body.empty() ? nlohmann::json::object() : r.json_body());
    params["requested_by"] = r.principal->email;
    const std::string id = queue_call([&] { return backends.jobs->submit("train", params, {}); });
    Response res = Response::json({{"id", id}, {"status", "queued"}, {"status_url", "/api/v1/models/train/" + id}}, 202);
    res.headers.emplace_back("Location", "/api/v1/models/train/" + id);
    return res;
  });
  add("GET",  "/api/v1/models/train/{id}",             "getTrainJob",     A::kAdmin,       [this](Request& r) { return Response::json(job_json(require_job(r.path_params["id"], "train"), true)); });
  add("POST", "/api/v1/models/{id}/activate",          "activateModel",   A::kAdmin,       [this](Request& r) {
    const auto& id = r.path_params["id"];
    if (!valid_model_id(id)) throw ApiError(400, "invalid_id", "malformed model id");
    models->refresh();
    try {
      models->activate(id);
    } catch (const std::out_of_range&) {
      throw ApiError(404, "not_found", "no model " + id);
    }
    spdlog::info(R"("event":"model_activated","model":{},"by":{})", json_string(id), json_string(r.principal->email));
    return Response::json({{"active", id}, {"model", model_summary(*models->find(id), true)}});
  });
  add("POST", "/api/v1/auth/signup",                   "signup",          A::kRateLimited, [this](Request& r) { return signup(r); });
  add("POST", "/api/v1/auth/login",                    "login",           A::kRateLimited, [this](Request& r) { return login(r); });
  add("GET",  "/api/v1/auth/me",                       "getMe",           A::kUser,        [this](Request& r) {
    auto user = backends.users->find(r.principal->email);
    if (!user) throw ApiError(401, "invalid_token", "the account no longer exists");
    return Response::json({{"email", user->email}, {"role", user->role == store::Role::kAdmin ? "admin" : "user"}, {"created_ms", user->created_ms}});
  });
  // clang-format on
}

Response ApiServer::Impl::health() {
  bool queue_ok = false, cache_ok = false;
  nlohmann::json depth = nullptr;
  try {
    queue_ok = backends.jobs->healthy();
    if (queue_ok) depth = backends.jobs->depth();
  } catch (const std::exception&) {
    queue_ok = false;
  }
  try {
    cache_ok = backends.cache->healthy();
  } catch (const std::exception&) {
    cache_ok = false;
  }
  auto model = models->active();
  const bool ok = queue_ok && cache_ok && model;
  return Response::json(
      {{"status", ok ? "ok" : "degraded"},
       {"version", kVersion},
       {"uptime_s", std::chrono::duration<double>(Clock::now() - started).count()},
       {"model",
        {{"loaded", bool(model)},
         {"id", model ? nlohmann::json(model->id()) : nlohmann::json()},
         {"version",
          model ? nlohmann::json(model->card().value("version", "")) : nlohmann::json()}}},
       {"cache", {{"backend", backends.cache->backend()}, {"reachable", cache_ok}}},
       {"queue",
        {{"backend", backends.jobs->backend()}, {"reachable", queue_ok}, {"depth", depth}}}});
}

Response ApiServer::Impl::metrics_text() {
  std::string out = metrics->render();
  bool queue_ok = false;
  try {
    queue_ok = backends.jobs->healthy();
  } catch (const std::exception&) {
  }
  out +=
      "# HELP exodetect_queue_depth Jobs queued or running.\n# TYPE exodetect_queue_depth gauge\n";
  if (queue_ok) {
    try {
      render_job_gauges(out);
    } catch (const std::exception&) {
      queue_ok = false;  // the backend went away between the probe and the reads
    }
  }
  out +=
      "# HELP exodetect_cache_hits_total Cache hits.\n# TYPE exodetect_cache_hits_total counter\n";
  out += "exodetect_cache_hits_total " + std::to_string(backends.cache->hits()) + "\n";
  out +=
      "# HELP exodetect_cache_misses_total Cache misses.\n# TYPE exodetect_cache_misses_total "
      "counter\n";
  out += "exodetect_cache_misses_total " + std::to_string(backends.cache->misses()) + "\n";
  out +=
      "# HELP exodetect_backend_up Backend reachability (1 up, 0 down).\n# TYPE "
      "exodetect_backend_up gauge\n";
  out += "exodetect_backend_up{component=\"queue\",backend=\"" + backends.jobs->backend() + "\"} " +
         (queue_ok ? "1" : "0") + "\n";
  out += "exodetect_backend_up{component=\"cache\",backend=\"" + backends.cache->backend() +
         "\"} " + (backends.cache->healthy() ? "1" : "0") + "\n";
  out +=
      "# HELP exodetect_model_loaded Whether a model is active.\n# TYPE exodetect_model_loaded "
      "gauge\n";
  out += std::string("exodetect_model_loaded ") + (models->active() ? "1" : "0") + "\n";
  out +=
      "# HELP exodetect_uptime_seconds Seconds since start.\n# TYPE exodetect_uptime_seconds "
      "gauge\n";
  out += "exodetect_uptime_seconds " +
         std::to_string(std::chrono::duration<double>(Clock::now() - started).count()) + "\n";
  return Response::text(std::move(out), "text/plain; version=0.0.4; charset=utf-8");
}

void ApiServer::Impl::render_job_gauges(std::string& out) {
  std::string text = "exodetect_queue_depth " + std::to_string(backends.jobs->depth()) + "\n";
  text += "# HELP exodetect_jobs Jobs by type and state (latest 1000 per type).\n";
  text += "# TYPE exodetect_jobs gauge\n";
  for (const char* type : {"search", "survey", "train"}) {
    std::map<std::string, size_t> counts = {
        {"queued", 0}, {"running", 0}, {"done", 0}, {"failed", 0}};
    for (const auto& job : backends.jobs->list(type, 1000)) ++counts[store::to_string(job.status)];
    for (const auto& [state, n] : counts) {
      text += std::string("exodetect_jobs{type=\"") + type + "\",state=\"" + state + "\"} " +
              std::to_string(n) + "\n";
    }
  }
  out += text;  // all or nothing when the backend fails midway
}

Response ApiServer::Impl::predict(Request& req) {
  auto model = require_model();
  const std::string id = model->id();
  const std::string key = "predict:" + id + ":" + sha256_hex(req.body);
  if (auto hit = backends.cache->get(key)) {
    Response res = Response::text(std::move(*hit), "application/json");
    res.headers.emplace_back("X-Cache", "hit");
    return res;
  }
  const auto body = req.json_body();
  if (!body.contains("rows") || !body["rows"].is_array()) {
    throw ApiError(400, "bad_request", "send {\"rows\": [{column: value, ...}, ...]}");
  }
  const auto& rows = body["rows"];
  if (rows.empty()) throw ApiError(400, "bad_request", "'rows' is empty");
  if (rows.size() > kMaxPredictRows) {
    throw ApiError(400, "bad_request",
                   "at most " + std::to_string(kMaxPredictRows) + " rows per request");
  }
  size_t top = 8;
  if (body.contains("top_features")) {
    const auto& t = body["top_features"];
    if (!t.is_number_integer() || t.get<int64_t>() < 0 || t.get<int64_t>() > 64) {
      throw ApiError(400, "bad_request", "'top_features' must be an integer in [0, 64]");
    }
    top = t.get<size_t>();
  }
  check_explained_values(rows.size(), top);
  // The summary's text per model, kept by each thread: it is the same for every request.
  thread_local std::pair<std::string, std::string> summary;  // model id, JSON text
  if (summary.first != id) summary = {id, model_summary(*model, true).dump()};
  Response res =
      Response::text(model->predict_rows_text(rows, top, summary.second), "application/json");
  if (res.body.size() <= kMaxCachedResponseBytes) backends.cache->put(key, res.body);
  res.headers.emplace_back("X-Cache", "miss");
  return res;
}

Response ApiServer::Impl::predict_batch(Request& req) {
  auto model = require_model();
  auto files = req.files("file");
  if (files.empty()) {
    throw ApiError(400, "missing_file", "send a multipart/form-data upload with a 'file' part");
  }
  const std::string& bytes = files.front()->content;
  if (bytes.empty()) throw ApiError(400, "empty_file", "the uploaded file is empty");
  const std::string key = "batch:" + model->id() + ":" + sha256_hex(bytes);
  nlohmann::json out;
  bool hit = false;
  if (auto cached = backends.cache->get(key)) {
    out = nlohmann::json::parse(*cached, nullptr, false);
    hit = !out.is_discarded();
  }
  if (!hit) {
    nlohmann::json rows = ml::rows_from_csv_bytes(bytes);
    if (rows.size() > kMaxPredictRows) {
      throw ApiError(400, "bad_request",
                     "at most " + std::to_string(kMaxPredictRows) + " rows per file");
    }
    check_explained_values(rows.size(), 8);
    out = model->predict_rows(rows, 8);
    out["model"] = model_summary(*model, true);
    std::string text = out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (text.size() <= kMaxCachedResponseBytes) backends.cache->put(key, std::move(text));
  }
  Response res;
  if (req.header("accept").find("text/csv") != std::string::npos) {
    std::string csv = "row,id,planet_probability,label,scored_with,top_features,error\n";
    std::map<size_t, std::string> lines;
    for (const auto& p : out["predictions"]) {
      std::string features;
      for (const auto& e : p["explanation"]) {
        if (!features.empty()) features += ";";
        features +=
            e.value("feature", "") + ":" + nlohmann::json(e.value("contribution", 0.0)).dump();
      }
      const size_t row = p.value("row", size_t(0));
      const auto& id = p.contains("id") ? p["id"] : nlohmann::json();
      lines[row] = std::to_string(row) + "," +
                   csv_cell(id.is_string() ? id.get<std::string>()
                            : id.is_null() ? ""
                                           : id.dump()) +
                   "," + nlohmann::json(p.value("planet_probability", 0.0)).dump() + "," +
                   csv_cell(p.value("label", "")) + "," + csv_cell(p.value("scored_with", "")) +
                   "," + csv_cell(features) + ",\n";
    }
    for (const auto& e : out["errors"]) {
      const size_t row = e.value("row", size_t(0));
      lines[row] = std::to_string(row) + ",,,,,," + csv_cell(e.value("message", "")) + "\n";
    }
    for (const auto& [row, line] : lines) csv += line;
    res = Response::text(std::move(csv), "text/csv; charset=utf-8");
  } else {
    res = Response::json(out);
  }
  res.headers.emplace_back("X-Cache", hit ? "hit" : "miss");
  return res;
}

Response ApiServer::Impl::submit_search(Request& req) {
  if (!req.header("content-type").empty() &&
      req.header("content-type").find("multipart/form-data") == std::string::npos) {
    throw ApiError(415, "unsupported_media_type", "send multipart/form-data with 'file' parts");
  }
  auto files = req.files("file");
  if (files.empty()) {
    throw ApiError(400, "missing_file", "send one or more light curves as multipart 'file' parts");
  }
  if (files.size() > 64) throw ApiError(400, "bad_request", "at most 64 files per search");
  std::map<std::string, std::string> fields;
  for (const auto& part : req.parts) {
    if (part.filename.empty()) fields[part.name] = part.content;
  }
  nlohmann::json params = search_params_from_fields(fields);

  // Reading the files now answers junk with a 400 at once instead of a failed job later.
  ReadOptions read;
  read.flux = params.value("flux", "pdcsap") == "sap" ? FluxKind::kSap : FluxKind::kPdcsap;
  read.time_column = params.value("time_column", "");
  read.flux_column = params.value("flux_column", "");
  read.flux_err_column = params.value("flux_err_column", "");
  std::vector<std::string> names, blobs;
  std::vector<LightCurve> parts;
  std::string digest;
  for (size_t i = 0; i < files.size(); ++i) {
    const auto& file = *files[i];
    names.push_back(sanitize_filename(file.filename, i));
    if (file.content.empty()) throw ApiError(400, "empty_file", names.back() + " is empty");
    try {
      parts.push_back(read_light_curve_bytes(file.content, names.back(), read));
    } catch (const std::invalid_argument& e) {
      throw ApiError(400, "invalid_light_curve", e.what());
    }
    digest += sha256_hex(file.content);
  }
  LightCurve curve;
  try {
    curve = parts.size() == 1 ? std::move(parts.front()) : stitch(std::move(parts));
  } catch (const std::invalid_argument& e) {
    throw ApiError(400, "invalid_light_curve", e.what());
  }
  const double period_min = params.value("period_min", 0.5);
  if (curve.size() < kMinSearchPoints) {
    throw ApiError(400, "invalid_light_curve",
                   "the light curve has " + std::to_string(curve.size()) +
                       " usable points; a search needs at least " +
                       std::to_string(kMinSearchPoints));
  }
  if (curve.span_days() < 2 * period_min) {
    throw ApiError(400, "invalid_light_curve",
                   "the light curve spans " + std::to_string(curve.span_days()) +
                       " days, too short for two transits at period_min");
  }
  params["filenames"] = names;
  params["target"] = curve.target;

  auto model = models->active();
  const std::string key =
      "search:" + sha256_hex(digest + params.dump() + (model ? model->id() : ""));
  if (auto cached_id = backends.cache->get(key)) {
    if (store::valid_job_id(*cached_id)) {
      auto job = queue_call([&] { return backends.jobs->get(*cached_id); });
      if (job && job->status != store::JobStatus::kFailed) {
        Response res = Response::json({{"id", job->id},
                                       {"status", store::to_string(job->status)},
                                       {"status_url", "/api/v1/searches/" + job->id},
                                       {"cached", true}},
                                      202);
        res.headers.emplace_back("Location", "/api/v1/searches/" + job->id);
        res.headers.emplace_back("X-Cache", "hit");
        return res;
      }
    }
  }
  for (const auto* f : files) blobs.push_back(f->content);
  const std::string id = queue_call([&] { return backends.jobs->submit("search", params, blobs); });
  backends.cache->put(key, id);
  Response res = Response::json({{"id", id},
                                 {"status", "queued"},
                                 {"status_url", "/api/v1/searches/" + id},
                                 {"cached", false}},
                                202);
  res.headers.emplace_back("Location", "/api/v1/searches/" + id);
  res.headers.emplace_back("X-Cache", "miss");
  return res;
}

Response ApiServer::Impl::search_events(Request& req) {
  const store::Job first = require_job(req.path_params["id"], "search");
  auto slot = streams.acquire(req.client);
  if (!slot) {
    throw ApiError(429, "too_many_streams",
                   "too many open progress streams from this client or in all; poll the job", 5);
  }
  Response res;
  res.content_type = "text/event-stream";
  const std::string id = first.id;
  const auto max_duration = std::chrono::seconds(config.sse_max_s);
  res.stream = [this, id, max_duration, slot](const std::function<bool(std::string_view)>& write) {
    const auto start = Clock::now();
    auto last_write = start;
    std::string last_state;
    while (!stopping && Clock::now() - start < max_duration) {
      std::optional<store::Job> job;
      try {
        job = backends.jobs->get(id);
      } catch (const std::exception&) {
        // Backend briefly unreachable: keep the stream and try again.
      }
      if (job) {
        if (job->status == store::JobStatus::kDone) {
          write(
              "event: result\ndata: " +
              job_json(*job, true).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
              "\n\n");
          return;
        }
        if (job->status == store::JobStatus::kFailed) {
          write("event: error\ndata: " + job_json(*job, false).dump() + "\n\n");
          return;
        }
        nlohmann::json progress = {{"id", id},
                                   {"status", store::to_string(job->status)},
                                   {"progress", job->progress},
                                   {"stage", job->stage}};
        std::string state = progress.dump();
        if (state != last_state) {
          if (!write("event: progress\ndata: " + state + "\n\n")) return;
          last_state = std::move(state);
          last_write = Clock::now();
        }
      }
      if (Clock::now() - last_write > std::chrono::seconds(15)) {
        if (!write(": keep-alive\n\n")) return;
        last_write = Clock::now();
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    write("event: timeout\ndata: {}\n\n");
  };
  return res;
}

Response ApiServer::Impl::plot_data(Request& req) {
  const store::Job job = require_job(req.path_params["id"], "search");
  const size_t points = query_size(req, "points", 2000, 50, 1000000);
  if (job.status == store::JobStatus::kFailed) {
    throw ApiError(409, "job_failed", "the search failed: " + job.error_message);
  }
  if (job.status != store::JobStatus::kDone) {
    throw ApiError(
        409, "not_ready",
        "the search is " + store::to_string(job.status) + "; plot data exists once it is done", 2);
  }
  auto result = job_result(job);
  size_t level = std::end(kPlotLevels)[-1];
  for (size_t l : kPlotLevels) {
    if (l >= points) {
      level = l;
      break;
    }
  }
  const auto& plots = (*result)["plot_data"];
  const std::string key = std::to_string(level);
  if (!plots.contains(key)) throw std::runtime_error("search result lacks plot data");
  nlohmann::json out = plots[key];
  out["points_requested"] = points;
  out["points_level"] = level;
  return Response::json(out);
}

Response ApiServer::Impl::catalog_list(Request& req) {
  const auto kind = catalog_kind(req.path_params["name"]);
  auto table = catalog_for(kind);
  catalog::CatalogQuery query;
  query.text = req.query_param("q").value_or("");
  query.disposition = req.query_param("disposition").value_or("");
  query.sort_by = req.query_param("sort").value_or("");
  const std::string order = req.query_param("order").value_or("asc");
  if (order != "asc" && order != "desc")
    throw ApiError(400, "bad_request", "order must be asc or desc");
  query.descending = order == "desc";
  query.offset = query_size(req, "offset", 0, 0, 10000000);
  query.limit = query_size(req, "limit", 50, 1, 500);
  for (auto [it, end] = req.query.equal_range("range"); it != end; ++it) {
    // column:min:max with either bound optional.
    const std::string& spec = it->second;
    const size_t a = spec.find(':');
    const size_t b = a == std::string::npos ? std::string::npos : spec.find(':', a + 1);
    if (a == 0 || b == std::string::npos) {
      throw ApiError(400, "bad_request",
                     "range must be column:min:max, got '" + spec.substr(0, 60) + "'");
    }
    catalog::RangeFilter filter;
    filter.column = spec.substr(0, a);
    auto bound = [&](const std::string& text, double fallback) {
      if (text.empty()) return fallback;
      auto v = parse_number(text);
      if (!v || std::isnan(*v)) {
        throw ApiError(400, "bad_request",
                       "range bound '" + text.substr(0, 40) + "' is not a number");
      }
      return *v;
    };
    filter.min = bound(spec.substr(a + 1, b - a - 1), filter.min);
    filter.max = bound(spec.substr(b + 1), filter.max);
    query.ranges.push_back(filter);
  }
  auto page = catalog::query_catalog(*table, query);
  return Response::json({{"catalog", catalog::to_string(kind)},
                         {"total", page.total},
                         {"offset", query.offset},
                         {"limit", query.limit},
                         {"rows", std::move(page.rows)}});
}

Response ApiServer::Impl::catalog_item(Request& req) {
  const auto kind = catalog_kind(req.path_params["name"]);
  auto table = catalog_for(kind);
  const std::string& id = req.path_params["id"];
  auto row = table->find(id);
  if (!row)
    throw ApiError(404, "not_found",
                   "no " + catalog::to_string(kind) + " object " + id.substr(0, 60));
  nlohmann::json out = catalog::row_json(*table, *row);
  out["model_score"] = nullptr;
  if (auto model = models->active()) {
    nlohmann::json scored =
        model->predict_rows(nlohmann::json::array({catalog::canonical_row_json(*table, *row)}), 8);
    if (!scored["predictions"].empty())
      out["model_score"] = scored["predictions"][0];
    else if (!scored["errors"].empty())
      out["model_score_error"] = scored["errors"][0].value("message", "");
    out["model"] = model_summary(*model, true);
  }
  return Response::json(out);
}

Response ApiServer::Impl::signup(Request& req) {
  auto [email, password] = credentials(req);
  const size_t at = email.find('@');
  if (email.size() > 254 || at == std::string::npos || at == 0 || at + 1 >= email.size() ||
      email.find_first_of(" \t\r\n/\\") != std::string::npos) {
    throw ApiError(400, "invalid_email", "the email address is not valid");
  }
  if (password.size() < 8 || password.size() > 256) {
    throw ApiError(400, "weak_password", "passwords have 8 to 256 characters");
  }
  store::User user;
  user.email = email;
  user.password_hash = store::hash_password(password);
  user.role = store::Role::kUser;
  user.created_ms = unix_seconds() * 1000;
  try {
    backends.users->create(user);
  } catch (const std::invalid_argument&) {
    throw ApiError(409, "email_taken", "an account with this email exists");
  }
  return Response::json(token_response(user), 201);
}

Response ApiServer::Impl::login(Request& req) {
  auto [email, password] = credentials(req);
  auto user = backends.users->find(email);
  // Same answer for unknown emails and wrong passwords, so accounts cannot be probed.
  if (!user || !store::verify_password(password, user->password_hash)) {
    throw ApiError(401, "invalid_credentials", "wrong email or password");
  }
  return Response::json(token_response(*user));
}

// ---- ApiServer --------------------------------------------------------------------------------

ApiServer::ApiServer(ServerConfig config, bool run_workers)
    : impl_(std::make_unique<Impl>(std::move(config), run_workers)) {}

ApiServer::~ApiServer() {
  stop();
  if (impl_->workers) impl_->workers->stop();
}

int ApiServer::bind() {
  auto& http = impl_->http;
  int port = impl_->config.port;
  if (port == 0) {
    port = http.bind_to_any_port(impl_->config.host);
    if (port < 0) throw std::runtime_error("cannot bind " + impl_->config.host);
  } else if (!http.bind_to_port(impl_->config.host, port)) {
    throw std::runtime_error("cannot bind " + impl_->config.host + ":" + std::to_string(port) +
                             " (in use?)");
  }
  // Debian's compiled httplib listens with a backlog of 5: a client opening dozens of
  // connections at once overflows it, and the dropped handshakes only return after TCP
  // retransmits (1-3 s). Linux lets a listening socket's backlog be raised in place.
  ::listen(impl_->listen_socket, kListenBacklog);
  return port;
}

void ApiServer::serve() { impl_->http.listen_after_bind(); }

void ApiServer::stop() {
  impl_->stopping = true;
  impl_->http.stop();
}

const Router& ApiServer::router() const { return impl_->router; }

Response ApiServer::handle(Request& request) { return impl_->handle(request); }

// ---- worker and signals -------------------------------------------------------------------

void install_shutdown_handler(std::function<void()> on_signal) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::thread([set, on_signal = std::move(on_signal)] {
    int sig = 0;
    sigwait(&set, &sig);
    spdlog::info(R"("event":"shutdown","signal":{})", sig);
    on_signal();
  }).detach();
}

int run_worker(const ServerConfig& config, const std::string& worker_name) {
  if (config.store.redis_url.empty()) {
    throw std::invalid_argument(
        "exodetect worker needs Redis: set REDIS_URL (or REDIS_HOST); in the embedded default "
        "`exodetect serve` runs the jobs itself");
  }
  set_inflate_limit(config.max_decompressed_bytes);
  std::mutex mutex;
  std::condition_variable cv;
  bool done = false;
  install_shutdown_handler([&] {
    std::lock_guard<std::mutex> lock(mutex);
    done = true;
    cv.notify_all();
  });
  auto backends = store::make_backends(config.store, config.rate_per_minute, config.rate_burst);
  JobContext context;
  context.models = std::make_shared<ModelRegistry>(
      config.model_path, (fs::path(config.store.data_dir) / "models").string(),
      (fs::path(config.store.data_dir) / "active_model").string());
  context.catalog_dir = config.catalog_dir;
  context.detect_threads = std::max(1u, available_cpus() / std::max(1u, config.job_workers));
  context.worker_name = worker_name;
  store::WorkerPool pool(backends.jobs, make_job_handlers(context), config.job_workers, worker_name,
                         std::chrono::seconds(config.job_timeout_s));
  spdlog::info(R"("event":"worker_started","name":{},"threads":{},"redis":true)",
               json_string(worker_name), config.job_workers);
  std::unique_lock<std::mutex> lock(mutex);
  cv.wait(lock, [&] { return done; });
  pool.stop();
  spdlog::info(R"("event":"worker_stopped","name":{})", json_string(worker_name));
  return 0;
}

}  // namespace exodetect::server
