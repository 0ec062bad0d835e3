#pragma once

// The HTTP transport: cpp-httplib behind the project's Request/Response. transport.cpp is the
// only file that includes httplib. Private to the server module.

#include <functional>
#include <memory>

#include "exodetect/server/config.hpp"
#include "exodetect/server/http.hpp"

namespace exodetect::server {

class Transport {
 public:
  // Answers a routed request (middleware and handlers).
  using Handler = std::function<Response(Request&)>;
  // Answers a request the transport refused before routing: `status` 413 for a body over the
  // upload limit, or the 4xx of a request it could not parse. `request` holds the request line
  // and headers only.
  using ErrorHandler = std::function<Response(Request& request, int status)>;

  Transport(const ServerConfig& config, Handler handler, ErrorHandler on_error);
  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  // Binds host:port (port 0: any free one) and returns the bound port; throws on failure.
  int bind();
  void serve();  // blocks until stop()
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace exodetect::server
