#include "bounded_http_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <limits>

#include "exodetect/common/strings.hpp"

namespace exodetect::server {

using common::iequals;

namespace {

using Clock = std::chrono::steady_clock;

std::string trimmed(std::string s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

void ip_and_port(const sockaddr_storage& a, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (a.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(a);
    ::inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
    port = ntohs(v4.sin_port);
  } else if (a.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(a);
    ::inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
    port = ntohs(v6.sin6_port);
  }
  ip = text;
}

// Waits up to `ms` for `events` on `fd`; true when ready.
bool wait_for(int fd, short events, int ms) {
  pollfd p{fd, events, 0};
  while (true) {
    const int n = ::poll(&p, 1, std::max(0, ms));
    if (n < 0 && errno == EINTR) continue;
    return n > 0;
  }
}

// True unless the peer has closed its end (readable with nothing to read).
bool socket_alive(int fd) {
  if (!wait_for(fd, POLLIN, 0)) return true;
  char byte;
  return ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) > 0;
}

// A socket stream like httplib's own, which also counts the bytes it hands out, refuses to hand
// out more than the armed cap, and times out each read after an idle period and each request at
// its deadline.
class BoundedStream : public httplib::Stream {
 public:
  BoundedStream(int fd, const TransportLimits& limits) : fd_(fd), limits_(limits) {}

  // A new request begins: its head must arrive within header_timeout_s.
  void start_request() {
    consumed_ = 0;
    cap_ = std::numeric_limits<uint64_t>::max();
    cut_off_ = false;
    close_after_ = false;
    timed_out_ = false;
    deadline_ = Clock::now() + std::chrono::seconds(limits_.header_timeout_s);
  }
  // The head is read: the body may take request_timeout_s, and when `cap_body`, at most
  // max_body_bytes (plus chunk framing) are handed out.
  void head_done(bool cap_body) {
    deadline_ = Clock::now() + std::chrono::seconds(limits_.request_timeout_s);
    if (cap_body) cap_ = consumed_ + limits_.max_body_bytes + kFramingBytes;
  }
  void close_after_response() { close_after_ = true; }
  bool cut_off() const { return cut_off_; }
  bool timed_out() const { return timed_out_; }
  bool must_close() const { return cut_off_ || close_after_ || timed_out_; }
  bool has_buffered() const { return pos_ < len_; }

  bool is_readable() const override {
    return has_buffered() || wait_for(fd_, POLLIN, read_wait_ms());
  }
  bool is_writable() const override {
    return wait_for(fd_, POLLOUT, limits_.request_timeout_s * 1000) && socket_alive(fd_);
  }

  ssize_t read(char* ptr, size_t size) override {
    if (consumed_ >= cap_) {
      cut_off_ = true;
      return -1;
    }
    size = size_t(std::min<uint64_t>(size, cap_ - consumed_));
    if (!has_buffered()) {
      if (!wait_for(fd_, POLLIN, read_wait_ms())) {
        timed_out_ = true;
        return -1;
      }
      // Large reads go straight to the caller; small ones (httplib reads lines byte by byte)
      // come from the buffer, one recv per 4 KiB.
      if (size >= sizeof buffer_) return count(receive(ptr, size));
      pos_ = 0;
      const ssize_t n = receive(buffer_, sizeof buffer_);
      if (n <= 0) return n;
      len_ = size_t(n);
    }
    const size_t n = std::min(size, len_ - pos_);
    std::memcpy(ptr, buffer_ + pos_, n);
    pos_ += n;
    return count(ssize_t(n));
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!wait_for(fd_, POLLOUT, limits_.request_timeout_s * 1000)) return -1;
    while (true) {
      const ssize_t n = ::send(fd_, ptr, size, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      return n;
    }
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage a{};
    socklen_t n = sizeof a;
    if (::getpeername(fd_, reinterpret_cast<sockaddr*>(&a), &n) == 0) ip_and_port(a, ip, port);
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    sockaddr_storage a{};
    socklen_t n = sizeof a;
    if (::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &n) == 0) ip_and_port(a, ip, port);
  }
  socket_t socket() const override { return fd_; }

 private:
  // Chunk-size lines and trailers around max_body_bytes of chunk data.
  static constexpr uint64_t kFramingBytes = 64 * 1024;

  int read_wait_ms() const {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline_ - Clock::now()).count();
    return int(std::max<int64_t>(0, std::min<int64_t>(left, limits_.idle_timeout_s * 1000LL)));
  }
  ssize_t receive(char* ptr, size_t size) {
    while (true) {
      const ssize_t n = ::recv(fd_, ptr, size, 0);
      if (n < 0 && errno == EINTR) continue;
      return n;
    }
  }
  ssize_t count(ssize_t n) {
    if (n > 0) consumed_ += uint64_t(n);
    return n;
  }

  int fd_;
  const TransportLimits& limits_;
  char buffer_[4096];
  size_t pos_ = 0, len_ = 0;
  uint64_t consumed_ = 0;
  uint64_t cap_ = std::numeric_limits<uint64_t>::max();
  Clock::time_point deadline_ = Clock::now();
  bool cut_off_ = false, close_after_ = false, timed_out_ = false;
};

// The stream of the connection this pool thread serves (each pool task is one connection).
thread_local BoundedStream* t_stream = nullptr;

// Answers a connection over the caps without reading its request, then closes it.
void refuse_connection(int fd) {
  static const std::string kBody =
      R"({"error":{"code":"too_many_connections","message":"too many open connections from this client or in all; retry later"}})";
  const std::string response =
      "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nRetry-After: "
      "5\r\nConnection: close\r\nContent-Length: " +
      std::to_string(kBody.size()) + "\r\n\r\n" + kBody;
  if (wait_for(fd, POLLOUT, 1000)) (void)::send(fd, response.data(), response.size(), MSG_NOSIGNAL);
  // Reading what the client already sent before closing lets the answer arrive instead of a
  // reset; bounded in bytes and time so a refused client costs next to nothing.
  ::shutdown(fd, SHUT_WR);
  char sink[16384];
  for (int i = 0; i < 4 && wait_for(fd, POLLIN, 50); ++i) {
    if (::recv(fd, sink, sizeof sink, 0) <= 0) break;
  }
}

}  // namespace

std::optional<int> refuse_head(const httplib::Headers& headers) {
  for (auto [it, end] = headers.equal_range("Content-Encoding"); it != end; ++it) {
    const std::string value = trimmed(it->second);
    if (!value.empty() && !iequals(value, "identity")) return 415;
  }
  const size_t transfer_encodings = headers.count("Transfer-Encoding");
  if (transfer_encodings > 0 &&
      (transfer_encodings > 1 ||
       !iequals(trimmed(headers.find("Transfer-Encoding")->second), "chunked") ||
       headers.count("Content-Length") > 0)) {
    return 400;
  }
  return std::nullopt;
}

TransportLimits transport_limits(const ServerConfig& config) {
  TransportLimits t;
  // Multipart framing around the file must not count against the file itself.
  t.max_body_bytes = config.max_upload_bytes + 64 * 1024;
  t.idle_timeout_s = std::min(config.read_idle_timeout_s, config.request_timeout_s);
  t.header_timeout_s = t.idle_timeout_s;
  t.request_timeout_s = config.request_timeout_s;
  t.max_connections = config.max_connections;
  if (config.http_threads > 0) {
    // A configured pool keeps a quarter of its threads (up to kSpareThreads) for new arrivals.
    const unsigned spare = std::min(BoundedHttpServer::kSpareThreads, config.http_threads / 4);
    t.max_connections = std::min(t.max_connections, std::max(1u, config.http_threads - spare));
  }
  // Behind a trusted proxy every connection comes from the proxy, which caps them per client.
  t.max_connections_per_client = config.trust_proxy ? 0 : config.max_connections_per_client;
  return t;
}

BoundedHttpServer::BoundedHttpServer(TransportLimits limits)
    : limits_(limits),
      connections_(std::max(1u, limits.max_connections), limits.max_connections_per_client) {}

std::optional<int> BoundedHttpServer::check_head(httplib::Request& req) const {
  auto refusal = refuse_head(req.headers);
  // The methods whose body httplib reads, without a length until the connection closes.
  const bool reads_body = req.method == "POST" || req.method == "PUT" || req.method == "PATCH" ||
                          req.method == "DELETE" || req.method == "PRI";
  const bool lengthless =
      reads_body && !req.has_header("Content-Length") && !req.has_header("Transfer-Encoding");
  if (!refusal && lengthless) req.headers.emplace("Content-Length", "0");
  if (t_stream) {
    if (refusal || lengthless) {
      t_stream->close_after_response();
    }
    if (!refusal) {
      // A declared length is bounded by httplib (payload_max_length: discarded, then 413); a
      // chunked body is counted here.
      t_stream->head_done(!req.has_header("Content-Length"));
    }
  }
  return refusal;
}

int BoundedHttpServer::transport_status() {
  if (!t_stream) return 0;
  return t_stream->cut_off() ? 413 : t_stream->timed_out() ? 408 : 0;
}

void BoundedHttpServer::close_after_response() {
  if (t_stream) t_stream->close_after_response();
}

bool BoundedHttpServer::next_request_arrives(socket_t sock) const {
  // In short slices, so that stop() is not held up by idle keep-alive connections.
  const auto until = Clock::now() + std::chrono::seconds(keep_alive_timeout_sec_);
  while (svr_sock_ != INVALID_SOCKET && Clock::now() < until) {
    if (wait_for(sock, POLLIN, 100)) return true;
  }
  return false;
}

bool BoundedHttpServer::process_and_close_socket(socket_t sock) {
  BoundedStream stream(sock, limits_);
  std::string peer;
  int peer_port = 0;
  stream.get_remote_ip_and_port(peer, peer_port);
  bool ok = false;
  if (auto slot = connections_.acquire(peer)) {
    t_stream = &stream;
    for (size_t left = keep_alive_max_count_; left > 0 && svr_sock_ != INVALID_SOCKET; --left) {
      if (!stream.has_buffered() && !next_request_arrives(sock)) break;
      stream.start_request();
      bool connection_closed = false;
      ok = process_request(stream, left == 1, connection_closed, nullptr);
      if (!ok || connection_closed || stream.must_close()) break;
    }
    t_stream = nullptr;
  } else {
    refuse_connection(sock);
  }
  ::shutdown(sock, SHUT_RDWR);
  ::close(sock);
  return ok;
}

}  // namespace exodetect::server
