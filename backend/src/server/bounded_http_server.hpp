#pragma once

// Private to the server module: with transport.cpp, the only code that sees httplib.
// cpp-httplib's server with the limits a public endpoint needs and httplib 0.11 lacks: the
// bytes of a chunked or length-less body are counted as they are read and cut off at the
// limit, encoded bodies are refused before httplib would inflate them, every read has an idle
// timeout and every request a deadline, and connections are capped in all and per client.

#include <cstddef>
#include <optional>
#include <string>

#include <httplib.h>

#include "exodetect/server/client_slots.hpp"
#include "exodetect/server/config.hpp"

namespace exodetect::server {

struct TransportLimits {
  size_t max_body_bytes = 100u << 20;  // body bytes held per request (upload limit + framing)
  int header_timeout_s = 10;           // request line and headers complete within this
  int idle_timeout_s = 10;             // EXODETECT_READ_IDLE_TIMEOUT_S: longest silence mid-request
  int request_timeout_s = 60;          // EXODETECT_REQUEST_TIMEOUT_S: whole body, and each write
  unsigned max_connections = 512;      // EXODETECT_MAX_CONNECTIONS: open at once, all clients
  unsigned max_connections_per_client = 64;  // EXODETECT_MAX_CONNECTIONS_PER_CLIENT; 0: no cap
};

// The transport limits of `config` (its upload limit, timeouts and connection caps).
TransportLimits transport_limits(const ServerConfig& config);

// 415 for a Content-Encoding other than identity (httplib would inflate it into memory before
// any check), 400 for a Transfer-Encoding other than "chunked" or one sent with a
// Content-Length (request smuggling), nullopt when the head is acceptable.
std::optional<int> refuse_head(const httplib::Headers& headers);

class BoundedHttpServer : public httplib::Server {
 public:
  // Spare threads beyond the connection cap: they answer connections over the cap at once.
  static constexpr unsigned kSpareThreads = 16;

  explicit BoundedHttpServer(TransportLimits limits);

  // Threads the connection pool needs so that held connections never starve new ones.
  unsigned pool_threads() const { return limits_.max_connections + kSpareThreads; }

  // Called from the pre-routing handler, before the body is read: the refusal of the head
  // (see refuse_head), else arms the body counter of this request. A refused request's
  // connection closes after the answer, so its unread body is never parsed as a request. A
  // request with neither Content-Length nor Transfer-Encoding has no body (RFC 9112, 6.3):
  // `req` is given Content-Length 0, so httplib does not read one until the connection closes,
  // and the connection closes after the answer, so bytes sent after the head are not parsed as
  // a request.
  std::optional<int> check_head(httplib::Request& req) const;

  // Why the transport failed the current request: 413 when its body was cut off at
  // max_body_bytes, 408 when a read timed out, 0 when it did not fail it.
  static int transport_status();
  // Closes the current connection after its response (a body left partly unread).
  static void close_after_response();

  const TransportLimits& limits() const { return limits_; }
  const ClientSlots& connections() const { return connections_; }

 private:
  bool process_and_close_socket(socket_t sock) override;
  // Waits up to the keep-alive timeout for the connection's next request.
  bool next_request_arrives(socket_t sock) const;

  TransportLimits limits_;
  ClientSlots connections_;
};

}  // namespace exodetect::server
