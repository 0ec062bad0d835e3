#include "exodetect/server/http.hpp"

#include <algorithm>
#include <iterator>

#include <spdlog/spdlog.h>

#include "exodetect/common/csv.hpp"
#include "exodetect/common/decompress.hpp"
#include "exodetect/common/strings.hpp"

namespace exodetect::server {

using common::InflateLimitExceeded;
using common::to_lower;

std::string Request::header(const std::string& lowercase_name) const {
  auto it = headers.find(lowercase_name);
  return it == headers.end() ? std::string() : it->second;
}

std::optional<std::string> Request::query_param(const std::string& name) const {
  auto [it, end] = query.equal_range(name);
  if (it == end) return std::nullopt;
  // A parameter given twice has no one value to take; lists such as `range` are read with
  // equal_range.
  if (std::next(it) != end) {
    throw ApiError(400, "bad_request", "query parameter '" + name + "' is given more than once");
  }
  return it->second;
}

std::vector<const UploadedPart*> Request::files(const std::string& name) const {
  std::vector<const UploadedPart*> out;
  for (const auto& part : parts) {
    if (part.name == name && !part.filename.empty()) out.push_back(&part);
  }
  return out;
}

nlohmann::json Request::json_body() const {
  if (body.empty()) throw ApiError(400, "empty_body", "the request body is empty; send JSON");
  nlohmann::json value = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) throw ApiError(400, "malformed_json", "the body is not valid JSON");
  if (!value.is_object()) throw ApiError(400, "bad_request", "the body must be a JSON object");
  return value;
}

nlohmann::json Request::json_body(std::initializer_list<std::string_view> members) const {
  nlohmann::json value = json_body();
  for (const auto& item : value.items()) {
    if (std::find(members.begin(), members.end(), item.key()) != members.end()) continue;
    std::string takes;
    size_t i = 0;
    for (std::string_view m : members) {
      takes += (i == 0                    ? ""
                : i + 1 == members.size() ? " and "
                                          : ", ") +
               ("'" + std::string(m) + "'");
      ++i;
    }
    throw ApiError(400, "bad_request",
                   "unknown member '" + item.key().substr(0, 60) + "': the body takes " + takes);
  }
  return value;
}

bool Request::accepts_gzip() const {
  const std::string accepted = to_lower(header("accept-encoding"));
  size_t start = 0;
  while (start <= accepted.size()) {
    size_t end = accepted.find(',', start);
    if (end == std::string::npos) end = accepted.size();
    const std::string item = accepted.substr(start, end - start);
    start = end + 1;
    const size_t semi = item.find(';');
    std::string coding = item.substr(0, semi);
    coding.erase(std::remove(coding.begin(), coding.end(), ' '), coding.end());
    if (coding != "gzip" && coding != "x-gzip" && coding != "*") continue;
    if (semi == std::string::npos) return true;
    std::string params = item.substr(semi + 1);
    params.erase(std::remove(params.begin(), params.end(), ' '), params.end());
    // q=0, q=0.0, q=0.00...: refused
    if (params.rfind("q=", 0) == 0 && params.find_first_not_of("0.", 2) == std::string::npos) {
      continue;
    }
    return true;
  }
  return false;
}

Response Response::json(const nlohmann::json& value, int status) {
  Response r;
  r.status = status;
  r.body = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return r;
}

Response Response::text(std::string body, std::string content_type, int status) {
  Response r;
  r.status = status;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  return r;
}

Response error_response(int status, const std::string& code, const std::string& message,
                        const std::string& request_id, int retry_after_s) {
  nlohmann::json error = {{"code", code}, {"message", message}};
  if (!request_id.empty()) error["request_id"] = request_id;
  Response r = Response::json({{"error", error}}, status);
  if (retry_after_s > 0) r.headers.emplace_back("Retry-After", std::to_string(retry_after_s));
  return r;
}

Response guarded(Request& request, const std::function<Response(Request&)>& handler) {
  try {
    return handler(request);
  } catch (const ApiError& e) {
    return error_response(e.status(), e.code(), e.what(), request.request_id, e.retry_after_s());
  } catch (const InflateLimitExceeded& e) {
    // An upload that inflates past EXODETECT_MAX_DECOMPRESSED_MB, from any reader.
    return error_response(413, "payload_too_large", e.what(), request.request_id);
  } catch (const std::exception& e) {
    spdlog::error(
        R"("event":"unhandled","request_id":"{}","error":{})", request.request_id,
        nlohmann::json(e.what()).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    return error_response(500, "internal", "internal server error", request.request_id);
  } catch (...) {
    spdlog::error(R"("event":"unhandled","request_id":"{}","error":"unknown exception")",
                  request.request_id);
    return error_response(500, "internal", "internal server error", request.request_id);
  }
}

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    size_t j = i;
    while (j < path.size() && path[j] != '/') ++j;
    if (j > i) out.emplace_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

void Router::add(Route route) {
  route.segments = split_path(route.pattern);
  routes_.push_back(std::move(route));
}

Router::Match Router::match(const std::string& method, const std::string& path,
                            std::map<std::string, std::string>& params) const {
  Match result;
  const auto segments = split_path(path);
  for (const auto& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    std::map<std::string, std::string> found;
    bool ok = true;
    for (size_t i = 0; i < segments.size() && ok; ++i) {
      const auto& want = route.segments[i];
      if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
        found[want.substr(1, want.size() - 2)] = segments[i];
      } else {
        ok = want == segments[i];
      }
    }
    if (!ok) continue;
    result.path_known = true;
    if (route.method == method || (method == "HEAD" && route.method == "GET")) {
      result.route = &route;
      params = std::move(found);
      return result;
    }
  }
  return result;
}

FifoGate::FifoGate(unsigned capacity) : free_slots_(std::max(1u, capacity)) {}

void FifoGate::enter() {
  // One per thread, reused: leave() notifies after unlocking (so the woken thread does not block
  // at once on the mutex still held) and keeps its own reference until then.
  thread_local const auto waiter = std::make_shared<Waiter>();
  std::unique_lock lock(mutex_);
  if (free_slots_ > 0 && waiters_.empty()) {
    --free_slots_;
    return;
  }
  waiter->admitted = false;
  waiters_.push_back(waiter);
  waiter->admitted_cv.wait(lock, [&] { return waiter->admitted; });
}

void FifoGate::leave() {
  std::shared_ptr<Waiter> next;
  {
    std::lock_guard lock(mutex_);
    if (waiters_.empty()) {
      ++free_slots_;
      return;
    }
    // The slot passes straight to the oldest waiter, so a newcomer cannot overtake it.
    next = std::move(waiters_.front());
    waiters_.pop_front();
    next->admitted = true;
  }
  next->admitted_cv.notify_one();
}

size_t FifoGate::waiting() const {
  std::lock_guard lock(mutex_);
  return waiters_.size();
}

}  // namespace exodetect::server
