#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

// The project's own small HTTP layer: handlers see these structs, never cpp-httplib's, so the
// route table, middleware and tests do not depend on the transport.
namespace exodetect::server {

struct UploadedPart {
  std::string name;          // form field name
  std::string filename;      // empty for a plain form field
  std::string content_type;  // as sent by the client
  std::string content;
};

// Who made a request, from a verified bearer token.
struct Principal {
  std::string email;
  std::string role;  // "user" | "admin"
};

struct Request {
  std::string method;
  std::string path;
  std::string body;
  std::string client;      // remote address (or the proxy-added last X-Forwarded-For hop)
  std::string request_id;  // X-Request-Id from the client when well-formed, else generated
  std::map<std::string, std::string> headers;      // lowercased names
  std::multimap<std::string, std::string> query;   // decoded query parameters
  std::map<std::string, std::string> path_params;  // {name} segments of the matched route
  std::vector<UploadedPart> parts;                 // multipart/form-data parts, in order
  std::optional<Principal> principal;              // set when a valid token was sent

  std::string header(const std::string& lowercase_name) const;
  // The one value of a query parameter; throws ApiError 400 when it is given more than once.
  std::optional<std::string> query_param(const std::string& name) const;
  // Every uploaded file part of that field name.
  std::vector<const UploadedPart*> files(const std::string& name) const;
  // The body parsed as a JSON object; throws ApiError 400 when it is not one.
  nlohmann::json json_body() const;
  // The same, and throws ApiError 400 naming a member not in `members`: a member the route does
  // not read is a mistake (a misspelt name) that would otherwise be answered as if absent.
  nlohmann::json json_body(std::initializer_list<std::string_view> members) const;
  // Accept-Encoding names gzip (or *) without q=0.
  bool accepts_gzip() const;
};

// Streams a body piece by piece (server-sent events); `write` returns false once the client is
// gone, and the stream function returns when it is done.
using StreamFn = std::function<void(const std::function<bool(std::string_view)>& write)>;

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  StreamFn stream;  // when set, the body is produced by it (chunked)

  static Response json(const nlohmann::json& value, int status = 200);
  static Response text(std::string body, std::string content_type, int status = 200);
};

// An error answered as {"error": {"code", "message"}} with an HTTP status; handlers throw it.
class ApiError : public std::runtime_error {
 public:
  ApiError(int status, std::string code, const std::string& message, int retry_after_s = 0)
      : std::runtime_error(message),
        status_(status),
        code_(std::move(code)),
        retry_after_s_(retry_after_s) {}
  int status() const { return status_; }
  const std::string& code() const { return code_; }
  int retry_after_s() const { return retry_after_s_; }

 private:
  int status_;
  std::string code_;
  int retry_after_s_;
};

// {"error": {"code", "message", "request_id"}} with a Retry-After header when given.
Response error_response(int status, const std::string& code, const std::string& message,
                        const std::string& request_id, int retry_after_s = 0);

// Calls `handler`, mapping every exception to a JSON error: ApiError (a client's mistake, or a
// known unavailability) as given; anything else is a server fault: 500 internal, its cause logged
// under the request id and not shown to the client.
Response guarded(Request& request, const std::function<Response(Request&)>& handler);

enum class Access {
  kPublic,       // anyone
  kRateLimited,  // anyone, one token from the client's bucket per request
  kUser,         // a valid token
  kAdmin,        // a valid admin token
};

struct Route {
  std::string method;
  std::string pattern;       // "/api/v1/searches/{id}"
  std::string operation_id;  // names the OpenAPI operation
  Access access = Access::kPublic;
  std::function<Response(Request&)> handler;
  std::vector<int> errors;            // error statuses it can answer (the OpenAPI document's)
  std::vector<std::string> segments;  // pattern split on '/'
};

// Matches "/a/{x}/b" patterns segment by segment (no regexes on the hot path).
class Router {
 public:
  void add(Route route);
  struct Match {
    const Route* route = nullptr;
    bool path_known = false;  // some route has this path (for 405 vs 404)
  };
  Match match(const std::string& method, const std::string& path,
              std::map<std::string, std::string>& params) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// Admits at most `capacity` callers at once, in arrival order. The server keeps one thread per
// keep-alive connection; letting dozens of them compute at once on a few cores time-slices every
// request against the others and stretches the latency tail. Through the gate, CPU-bound
// handlers finish in the order they came, so the p99 stays near the mean.
class FifoGate {
 public:
  explicit FifoGate(unsigned capacity);
  FifoGate(const FifoGate&) = delete;
  FifoGate& operator=(const FifoGate&) = delete;

  // Calls `fn` once admitted; the slot is released when it returns or throws.
  template <class Fn>
  auto run(Fn&& fn) {
    enter();
    struct Release {
      FifoGate* gate;
      ~Release() { gate->leave(); }
    } release{this};
    return fn();
  }

  // Callers queued behind the busy slots.
  size_t waiting() const;

 private:
  struct Waiter {
    std::condition_variable admitted_cv;
    bool admitted = false;
  };
  void enter();
  void leave();

  mutable std::mutex mutex_;
  unsigned free_slots_;
  std::deque<std::shared_ptr<Waiter>> waiters_;  // oldest first
};

// Splits "/a/b/" into {"a", "b"}.
std::vector<std::string> split_path(std::string_view path);

}  // namespace exodetect::server
