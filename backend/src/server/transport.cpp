#include "transport.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <thread>

#include <httplib.h>

#include "bounded_http_server.hpp"
#include "exodetect/common/file_io.hpp"
#include "exodetect/common/strings.hpp"

namespace exodetect::server {

using common::gzip_bytes;
using common::iequals;
using common::to_lower;

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

constexpr int kListenBacklog =
    1024;  // connections awaiting accept (the kernel caps it at somaxconn)

// The request line and headers only (for answers given before or instead of routing). The
// request id is the client's X-Request-Id as sent; the middleware checks it.
Request light_request(const httplib::Request& in) {
  Request r;
  r.method = in.method;
  r.path = in.path;
  r.client = in.remote_addr;
  for (const auto& [k, v] : in.headers) r.headers.emplace(to_lower(k), v);
  r.request_id = r.header("x-request-id");
  return r;
}

// Reads the body through httplib's content reader, so it is held once: a multipart body goes
// part by part straight into `out.parts` (httplib's own reader keeps each part in a buffer that
// grows by doubling, and the part is copied again on its way here), each file part reserved once
// to what is left of the declared body. False when the body was refused (httplib set the status).
bool read_body(const httplib::Request& req, const httplib::ContentReader& reader, Request& out) {
  const uint64_t declared =
      req.has_header("Content-Length") ? req.get_header_value<uint64_t>("Content-Length") : 0;
  uint64_t received = 0;
  if (req.is_multipart_form_data()) {
    return reader(
        [&](const httplib::MultipartFormData& header) {
          out.parts.push_back({header.name, header.filename, header.content_type, {}});
          if (!header.filename.empty() && declared > received) {
            out.parts.back().content.reserve(size_t(declared - received));
          }
          return true;
        },
        [&](const char* data, size_t n) {
          out.parts.back().content.append(data, n);
          received += n;
          return true;
        });
  }
  return reader([&](const char* data, size_t n) {
    if (out.body.empty()) out.body.reserve(size_t(declared));
    out.body.append(data, n);
    return true;
  });
}

// Bodies from this size up are compressed for a client that accepts gzip; smaller ones gain
// less than the header costs.
constexpr size_t kMinGzipBytes = 1024;
// zlib's level 1: a 2.2 MB plot document comes out at 0.90 MB in a fifth of the time level 6
// takes for 0.78 MB; the time is spent on every large answer, the bytes matter only on slow links.
constexpr int kGzipLevel = 1;

bool compressible(const std::string& content_type) {
  const std::string type = to_lower(content_type.substr(0, content_type.find(';')));
  return type == "application/json" || type == "application/javascript" ||
         type == "image/svg+xml" || (type.rfind("text/", 0) == 0 && type != "text/event-stream");
}

// Gzips a large textual body for a client that accepts it, in one deflate call. httplib would
// compress it itself, with brotli at its slowest quality whenever the client offers br (every
// browser does): 76-90 s for a 2.2 MB plot document on a busy two-core machine, where this
// takes 0.25 s. A body the handler encoded already (Content-Encoding set) is left as it is.
void encode_body(const Request& req, Response& out) {
  if (out.stream || out.status == 204 || out.body.size() < kMinGzipBytes ||
      !compressible(out.content_type)) {
    return;
  }
  for (const auto& [name, value] : out.headers) {
    if (iequals(name, "Content-Encoding")) return;
  }
  out.headers.emplace_back("Vary", "Accept-Encoding");
  if (!req.accepts_gzip()) return;
  out.body = gzip_bytes(out.body, kGzipLevel);
  out.headers.emplace_back("Content-Encoding", "gzip");
}

void to_httplib(Response& out, httplib::Response& res) {
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

}  // namespace

struct Transport::Impl {
  ServerConfig config;
  Handler handler;
  ErrorHandler on_error;
  BoundedHttpServer http;
  socket_t listen_socket = INVALID_SOCKET;

  Impl(const ServerConfig& c, Handler h, ErrorHandler e)
      : config(c), handler(std::move(h)), on_error(std::move(e)), http(transport_limits(c)) {
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
      // check_head gives a request without a length its empty body (see there).
      if (const auto status = http.check_head(const_cast<httplib::Request&>(req))) {
        Request r = light_request(req);
        Response out = on_error(r, *status);
        out.headers.emplace_back("Connection", "close");
        to_httplib(out, res);
        return httplib::Server::HandlerResponse::Handled;
      }
      if (req.has_header("Content-Length") && req.get_header_value<uint64_t>("Content-Length") >
                                                  config.max_upload_bytes + (64u << 20)) {
        Request r = light_request(req);
        Response out = on_error(r, 413);
        out.headers.emplace_back("Connection", "close");
        to_httplib(out, res);
        return httplib::Server::HandlerResponse::Handled;
      }
      return httplib::Server::HandlerResponse::Unhandled;
    });
    auto respond = [this](const httplib::Request& req, httplib::Response& res, Request& r) {
      // Encoding is done here (encode_body): httplib, which compresses whatever the request
      // offers, must not see the offer.
      const_cast<httplib::Request&>(req).headers.erase("Accept-Encoding");
      Response out = handler(r);
      const bool streamed = static_cast<bool>(out.stream);
      encode_body(r, out);
      to_httplib(out, res);
      ResponseCork::cork(req, streamed);
    };
    // Requests without a body.
    auto handle = [this, respond](const httplib::Request& req, httplib::Response& res) {
      Request r = from_httplib(req);
      r.body = std::move(const_cast<httplib::Request&>(req).body);
      respond(req, res, r);
    };
    // Requests with a body, read as it arrives (read_body).
    auto handle_body = [this, respond](const httplib::Request& req, httplib::Response& res,
                                       const httplib::ContentReader& reader) {
      Request r = from_httplib(req);
      if (!read_body(req, reader, r)) {
        // The rest of the body is unread: it must not be taken for the next request.
        BoundedHttpServer::close_after_response();
        res.set_header("Connection", "close");
        return;  // the error handler answers httplib's status
      }
      respond(req, res, r);
    };
    http.set_logger(
        [](const httplib::Request&, const httplib::Response&) { ResponseCork::release(); });
    http.Get(".*", handle);
    http.Post(".*", handle);
    http.Post(".*", handle_body);
    http.Put(".*", handle);
    http.Put(".*", handle_body);
    http.Patch(".*", handle);
    http.Patch(".*", handle_body);
    http.Delete(".*", handle);
    http.Options(".*", handle);
    // Errors raised by httplib itself (body over the limit, malformed request or multipart).
    http.set_error_handler(httplib::Server::HandlerWithResponse(
        [this](const httplib::Request& req, httplib::Response& res) {
          if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
          if (const int status = BoundedHttpServer::transport_status()) res.status = status;
          Request r = light_request(req);
          Response out = on_error(r, res.status);
          to_httplib(out, res);
          return httplib::Server::HandlerResponse::Handled;
        }));
    http.set_exception_handler(
        [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
          Response out = error_response(500, "internal", "internal server error", "");
          to_httplib(out, res);
        });
  }

  // The request's head, client and query (its body is read by the caller).
  Request from_httplib(const httplib::Request& in) const {
    Request r = light_request(in);
    if (config.trust_proxy) {
      // The last hop is the one the proxy added; those before it come from the client.
      const std::string forwarded = r.header("x-forwarded-for");
      std::string last = forwarded.substr(forwarded.rfind(',') + 1);
      last.erase(std::remove(last.begin(), last.end(), ' '), last.end());
      if (!last.empty()) r.client = last;
    }
    for (const auto& [k, v] : in.params) r.query.emplace(k, v);
    return r;
  }
};

Transport::Transport(const ServerConfig& config, Handler handler, ErrorHandler on_error)
    : impl_(std::make_unique<Impl>(config, std::move(handler), std::move(on_error))) {}

Transport::~Transport() = default;

int Transport::bind() {
  auto& http = impl_->http;
  const auto& host = impl_->config.host;
  int port = impl_->config.port;
  if (port == 0) {
    port = http.bind_to_any_port(host);
    if (port < 0) throw std::runtime_error("cannot bind " + host);
  } else if (!http.bind_to_port(host, port)) {
    throw std::runtime_error("cannot bind " + host + ":" + std::to_string(port) + " (in use?)");
  }
  // Debian's compiled httplib listens with a backlog of 5: a client opening dozens of
  // connections at once overflows it, and the dropped handshakes only return after TCP
  // retransmits (1-3 s). Linux lets a listening socket's backlog be raised in place.
  ::listen(impl_->listen_socket, kListenBacklog);
  return port;
}

void Transport::serve() { impl_->http.listen_after_bind(); }

void Transport::stop() { impl_->http.stop(); }

}  // namespace exodetect::server
