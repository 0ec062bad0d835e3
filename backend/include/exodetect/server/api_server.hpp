#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "exodetect/server/config.hpp"
#include "exodetect/server/http.hpp"
#include "exodetect/store/backends.hpp"

namespace exodetect::server {

// The HTTP API: route table, middleware and cpp-httplib transport, plus (optionally) the
// in-process job workers. Construct, bind(), then serve() (blocking) until stop().
class ApiServer {
 public:
  // Throws std::runtime_error when the backends cannot be built.
  ApiServer(ServerConfig config, bool run_workers);
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  // Binds host:port (port 0: any free one) and returns the bound port; throws on failure.
  int bind();
  void serve();  // blocks until stop()
  void stop();   // thread- and signal-thread-safe

  const Router& router() const;
  // Dispatches a request through middleware and routes without the network (OpenAPI tests).
  Response handle(Request& request);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The OpenAPI 3.0 document of every route in `router`; throws std::logic_error when a route has
// no documentation (so a new route cannot ship undocumented).
nlohmann::json openapi_document(const Router& router, const std::string& version);

// The self-contained interactive docs page (HTML, CSS and JS inline; no CDN).
const std::string& docs_page_html();

// Runs `exodetect worker`: claims jobs from the shared Redis queue until SIGTERM/SIGINT.
// Throws std::invalid_argument when no Redis is configured.
int run_worker(const ServerConfig& config, const std::string& worker_name);

// Blocks SIGTERM/SIGINT in the calling thread (call before starting threads) and starts a thread
// that calls `on_signal` once one arrives.
void install_shutdown_handler(std::function<void()> on_signal);

}  // namespace exodetect::server
