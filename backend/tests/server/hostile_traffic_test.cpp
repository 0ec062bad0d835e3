// Each attack of issue 17 against a real `exodetect serve` process: the answer is a 4xx, the
// server's peak RSS (VmHWM) stays bounded, and /health answers afterwards. Without the limits
// these attacks took 0.6 to 6.5 GB (docs/SECURITY.md).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "process_fixture.hpp"
#include "server_fixture.hpp"
#include "store/redis_fixture.hpp"

namespace exodetect::test_support {
namespace {

using Clock = std::chrono::steady_clock;

// A raw client socket from `source` (any 127.x.y.z is loopback on Linux, so tests can play
// several clients).
class RawClient {
 public:
  RawClient(int port, const std::string& source = "127.0.0.1") {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in from{};
    from.sin_family = AF_INET;
    ::inet_pton(AF_INET, source.c_str(), &from.sin_addr);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0) throw_errno("bind");
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(uint16_t(port));
    ::inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) throw_errno("connect");
  }
  ~RawClient() { ::close(fd_); }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  // Sends everything; false once the server has closed or reset the connection.
  bool send(const std::string& bytes) {
    size_t done = 0;
    while (done < bytes.size()) {
      const ssize_t n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
      if (n <= 0) return false;
      done += size_t(n);
    }
    return true;
  }
  void finish_sending() { ::shutdown(fd_, SHUT_WR); }

  // The whole response until the server closes or `timeout` passes.
  std::string receive(std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    std::string out;
    const auto until = Clock::now() + timeout;
    char buf[65536];
    while (Clock::now() < until) {
      pollfd p{fd_, POLLIN, 0};
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
      if (::poll(&p, 1, int(std::max<int64_t>(1, left))) <= 0) break;
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) break;
      out.append(buf, size_t(n));
    }
    return out;
  }
  // The status code of the first response, 0 when none came.
  int status(std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    const std::string response = receive(timeout);
    if (response.compare(0, 9, "HTTP/1.1 ") != 0) return 0;
    last_response_ = response;
    return std::atoi(response.c_str() + 9);
  }
  const std::string& last_response() const { return last_response_; }

 private:
  [[noreturn]] static void throw_errno(const char* what) {
    throw std::runtime_error(std::string(what) + ": " + std::strerror(errno));
  }
  int fd_ = -1;
  std::string last_response_;
};

// `total` bytes of `pattern` compressed with zlib (wbits 31: gzip, 15: zlib/deflate), in pieces
// so the test never holds the inflated size.
std::string compressed(const std::string& pattern, size_t total, int wbits) {
  z_stream zs{};
  deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, wbits, 9, Z_DEFAULT_STRATEGY);
  std::string block;
  while (block.size() < (1u << 20)) block += pattern;
  std::string out;
  char buf[1 << 16];
  for (size_t done = 0; done <= total;) {
    const bool last = done + block.size() > total;
    const size_t n = last ? total - done : block.size();
    zs.next_in = reinterpret_cast<Bytef*>(block.data());
    zs.avail_in = uInt(n);
    do {
      zs.next_out = reinterpret_cast<Bytef*>(buf);
      zs.avail_out = sizeof buf;
      deflate(&zs, last ? Z_FINISH : Z_NO_FLUSH);
      out.append(buf, sizeof buf - zs.avail_out);
    } while (zs.avail_out == 0);
    done += n;
    if (last) break;
  }
  deflateEnd(&zs);
  return out;
}

std::string multipart(const std::string& path, const std::string& filename,
                      const std::string& content) {
  const std::string boundary = "hostile-boundary-7f3a";
  const std::string body = "--" + boundary +
                           "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" +
                           filename + "\"\r\nContent-Type: application/gzip\r\n\r\n" + content +
                           "\r\n--" + boundary + "--\r\n";
  return "POST " + path +
         " HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=" + boundary +
         "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

class HostileTraffic : public ::testing::Test {
 protected:
  // Small limits keep each attack cheap; the attacks are far larger than the limits, so each
  // one would blow the RSS bound if its limit were missing.
  static constexpr size_t kMaxRssMb = 320;

  void SetUp() override { start({}); }

  // Starts the server with the suite's settings, `changed` replacing or adding some.
  void start(const std::map<std::string, std::string>& changed,
             const std::vector<std::string>& extra_args = {}) {
    std::map<std::string, std::string> env{
        {"EXODETECT_DATA_DIR", dir_.path()},
        {"MODEL_PATH", std::string(EXODETECT_SOURCE_DIR) + "/ml/models"},
        {"EXODETECT_CATALOG_DIR", data_path("catalogs")},
        {"EXODETECT_ENV", "development"},
        {"EXODETECT_MAX_UPLOAD_MB", "1"},
        {"EXODETECT_MAX_DECOMPRESSED_MB", "4"},
        {"EXODETECT_READ_IDLE_TIMEOUT_S", "1"},
        {"EXODETECT_MAX_CONNECTIONS_PER_CLIENT", "60"},
        {"EXODETECT_RATE_LIMIT_PER_MIN", "100000"},
        {"EXODETECT_RATE_LIMIT_BURST", "100000"},
        {"LOG_LEVEL", "info"},
        {"WORKERS", "1"}};
    for (const auto& [k, v] : changed) env[k] = v;
    std::vector<std::string> args{"serve", "--host", "127.0.0.1", "--port", "0"};
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    server_ = std::make_unique<ChildProcess>(args, env, dir_.path() + "/serve.log");
    static const std::regex kListening(R"("event":"listening".*"port":(\d+))");
    for (int i = 0; i < 600 && port_ == 0; ++i) {
      std::smatch m;
      const std::string log = server_->output();
      if (std::regex_search(log, m, kListening)) {
        port_ = std::stoi(m[1].str());
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }
    ASSERT_GT(port_, 0) << server_->output();
  }

  // Peak resident memory of the server so far, MiB.
  size_t peak_rss_mb() const {
    std::ifstream in("/proc/" + std::to_string(server_->pid()) + "/status");
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("VmHWM:", 0) == 0) return std::stoul(line.substr(6)) / 1024;
    }
    return 0;
  }

  // Starts the peak over again from the present resident memory (clear_refs 5), so that a peak
  // measured next is the request's own, not the start-up's.
  void reset_peak_rss() const {
    std::ofstream("/proc/" + std::to_string(server_->pid()) + "/clear_refs") << "5";
  }

  // Status of GET /health from `source` and how long it took.
  std::pair<int, double> health(const std::string& source = "127.0.0.1") const {
    const auto start = Clock::now();
    RawClient c(port_, source);
    c.send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    const int status = c.status(std::chrono::seconds(5));
    return {status, std::chrono::duration<double, std::milli>(Clock::now() - start).count()};
  }

  void expect_bounded_and_healthy() const {
    EXPECT_LT(peak_rss_mb(), kMaxRssMb) << "peak RSS (VmHWM) of the server";
    EXPECT_EQ(health().first, 200) << server_->output().substr(0, 4000);
  }

  TempDir dir_;
  std::unique_ptr<ChildProcess> server_;
  int port_ = 0;
};

TEST_F(HostileTraffic, EncodedBodiesAreRefusedBeforeHttplibInflatesThem) {
  // 256 MiB of zeros in about 0.25 MB: under the upload limit, so only the encoding check stops it.
  const std::string gzip = compressed(std::string(1, '\0'), 256u << 20, 31);
  const std::string deflate = compressed(std::string(1, '\0'), 256u << 20, 15);
  ASSERT_LT(gzip.size(), 1u << 20);
  struct Case {
    std::string path, encoding, body;
  };
  for (const Case& c :
       {Case{"/api/v1/predict", "gzip", gzip}, Case{"/health", "deflate", deflate},
        Case{"/no/such/path", "br", gzip}, Case{"/api/v1/auth/login", "GZIP", gzip}}) {
    RawClient client(port_);
    client.send("POST " + c.path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" +
                "Content-Encoding: " + c.encoding +
                "\r\nContent-Length: " + std::to_string(c.body.size()) + "\r\n\r\n" + c.body);
    EXPECT_EQ(client.status(), 415) << c.path << " " << c.encoding;
    EXPECT_NE(client.last_response().find("unsupported_encoding"), std::string::npos);
  }
  expect_bounded_and_healthy();
}

TEST_F(HostileTraffic, ChunkedAndLengthlessBodiesAreCutOffAtTheLimit) {
  const std::string chunk = "100000\r\n" + std::string(1u << 20, 'a') + "\r\n";  // 1 MiB each
  for (const std::string path : {"/api/v1/predict", "/health", "/no/such/path"}) {
    RawClient client(port_);
    client.send("POST " + path +
                " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: "
                "application/json\r\n\r\n");
    int sent = 0;
    while (sent < 300 && client.send(chunk)) ++sent;
    client.send("0\r\n\r\n");
    EXPECT_EQ(client.status(), 413) << "chunked to " << path;
    // Cut off while it arrives: the server closes the connection long before 300 MiB.
    EXPECT_LT(sent, 100) << "MiB sent before the server closed, chunked to " << path;
  }
  {
    RawClient client(port_);
    client.send(
        "POST /api/v1/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Connection: close\r\n\r\n");
    const std::string block(1u << 20, 'a');
    int sent = 0;
    while (sent < 300 && client.send(block)) ++sent;
    client.finish_sending();
    // Without a length the request has no body (RFC 9112, 6.3): it is answered as an empty one,
    // and the connection closes rather than read the bytes that follow as requests.
    EXPECT_EQ(client.status(), 400) << "body without a length";
    EXPECT_LT(sent, 100) << "MiB sent before the server closed, body without a length";
  }
  {
    // Smuggling shapes: both lengths, or a transfer coding httplib would not decode.
    RawClient client(port_);
    client.send(
        "POST /health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: "
        "5\r\n\r\n0\r\n\r\n");
    EXPECT_EQ(client.status(), 400);
    RawClient other(port_);
    other.send("POST /health HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n");
    EXPECT_EQ(other.status(), 400);
  }
  expect_bounded_and_healthy();
}

TEST_F(HostileTraffic, APostWithoutBodyOrLengthIsAnsweredAtOnce) {
  // `curl -X POST URL` sends neither Content-Length nor Transfer-Encoding: no body. Read as a
  // body that lasts until the connection closes, it waited for the idle timeout (1 s here, 10 s
  // by default), then got an answer or 408.
  for (const std::string method : {"POST", "PUT", "DELETE"}) {
    RawClient client(port_);
    client.send(method + " /api/v1/auth/logout HTTP/1.1\r\nHost: x\r\n\r\n");
    const int status = client.status(std::chrono::milliseconds(500));
    EXPECT_NE(status, 0) << method << ": no answer within half the idle timeout";
    EXPECT_NE(status, 408) << method;
  }
  expect_bounded_and_healthy();
}

TEST_F(HostileTraffic, GzippedUploadsInflateOnlyUpToTheCap) {
  // 128 MiB of CSV rows in a few hundred KB: past the 4 MiB decompression cap.
  std::string gz = compressed("1.0,1.0\n", 128u << 20, 31);
  gz = compressed("time,flux\n", 10, 31) + gz;  // concatenated gzip members
  ASSERT_LT(gz.size(), 1u << 20);
  for (const std::string path : {"/api/v1/searches", "/api/v1/predict/batch"}) {
    RawClient client(port_);
    client.send(multipart(path, "lc.csv.gz", gz));
    EXPECT_EQ(client.status(), 413) << path;
    EXPECT_NE(client.last_response().find("EXODETECT_MAX_DECOMPRESSED_MB"), std::string::npos)
        << client.last_response();
  }
  expect_bounded_and_healthy();
}

TEST_F(HostileTraffic, SlowBodiesNeitherStarveHealthNorHoldForever) {
  // 150 connections that send their head and one byte of a 100 kB body, from three clients.
  std::vector<std::unique_ptr<RawClient>> slow;
  for (int i = 0; i < 150; ++i) {
    slow.push_back(std::make_unique<RawClient>(port_, "127.0.0." + std::to_string(2 + i % 3)));
    slow.back()->send(
        "POST /api/v1/predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Content-Length: 100000\r\n\r\n{");
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  double best_ms = 1e9;
  for (int i = 0; i < 3; ++i) {
    const auto [status, ms] = health();
    EXPECT_EQ(status, 200);
    best_ms = std::min(best_ms, ms);
  }
  EXPECT_LT(best_ms, 100.0) << "GET /health while 150 slow bodies are held";
  // A client over its own cap is answered 429 at once; the others are not affected.
  std::vector<std::unique_ptr<RawClient>> mine;
  for (int i = 0; i < 60; ++i) mine.push_back(std::make_unique<RawClient>(port_, "127.0.0.9"));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  RawClient over(port_, "127.0.0.9");
  EXPECT_EQ(over.status(std::chrono::seconds(5)), 429);
  EXPECT_EQ(health("127.0.0.10").first, 200);
  // The idle read timeout (1 s here) ends the slow bodies with 408.
  EXPECT_EQ(slow.front()->status(std::chrono::seconds(5)), 408);
  expect_bounded_and_healthy();
}

TEST_F(HostileTraffic, PredictResponsesAreBoundedAndLargeOnesNotCached) {
  auto predict = [&](size_t rows, int top) {
    std::string body = "{\"top_features\":" + std::to_string(top) + ",\"rows\":[";
    for (size_t i = 0; i < rows; ++i) {
      body += (i ? ",{" : "{") + std::string("\"koi_period\":") + std::to_string(1 + i % 97) +
              ",\"koi_depth\":" + std::to_string(100 + i) + "}";
    }
    body += "]}";
    auto c = std::make_unique<httplib::Client>("127.0.0.1", port_);
    c->set_read_timeout(60, 0);
    return c->Post("/api/v1/predict", body, "application/json");
  };
  auto refused = predict(8000, 64);  // 512,000 explained values
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
  EXPECT_NE(refused->body.find("too_many_values"), std::string::npos) << refused->body;
  for (int i = 0; i < 2; ++i) {
    auto big = predict(1500, 16);
    ASSERT_TRUE(big);
    ASSERT_EQ(big->status, 200) << big->body.substr(0, 300);
    ASSERT_GT(big->body.size(), 1u << 20);
    EXPECT_EQ(big->get_header_value("X-Cache"), "miss") << "request " << i;
  }
  ASSERT_EQ(predict(1, 3)->status, 200);
  EXPECT_EQ(predict(1, 3)->get_header_value("X-Cache"), "hit");
  expect_bounded_and_healthy();
}

TEST_F(HostileTraffic, RenamedUploadsAreOneSearch) {
  // 1000 half-hour points over about 21 days: a valid light curve for a short search.
  std::string csv = "time,flux\n";
  for (int i = 0; i < 1000; ++i) {
    csv += std::to_string(i / 48.0) + "," + std::to_string(1.0 + 1e-4 * ((i * 7919) % 13)) + "\n";
  }
  httplib::Client c("127.0.0.1", port_);
  c.set_read_timeout(60, 0);
  const std::vector<std::pair<std::string, std::string>> fields = {{"period_min", "1"},
                                                                   {"period_max", "3"}};
  std::string first_id;
  for (int i = 0; i < 5; ++i) {
    auto res = submit_search(c, {{"star-" + std::to_string(i) + ".csv", csv}}, fields);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 202) << res->body;
    const std::string id = parse(res->body)["id"];
    if (i == 0) first_id = id;
    EXPECT_EQ(id, first_id) << "the same bytes under another name queue another job";
  }
  auto changed = submit_search(c, {{"star-0.csv", csv + "21,1.0\n"}}, fields);
  ASSERT_TRUE(changed);
  ASSERT_EQ(changed->status, 202) << changed->body;
  EXPECT_NE(parse(changed->body)["id"], first_id) << "other bytes are another search";
  expect_bounded_and_healthy();
}

// A large search upload on the Redis queue costs the server about the file's size a few times
// over: once as received (no second copy of the body, no doubling buffer), the light curve's
// arrays while it is checked (freed before it is queued), and no whole copy in hiredis (the file
// goes to Redis in pieces). Before, a 52.5 MB file cost 5.0 times its size; now 3.0.
class HostileTrafficLargeUpload : public HostileTraffic {
 protected:
  void SetUp() override {
    if (!RedisServer::available()) GTEST_SKIP() << "redis-server not installed";
    redis_ = std::make_unique<RedisServer>();
    start({{"REDIS_URL", redis_->url()}, {"EXODETECT_MAX_UPLOAD_MB", "40"}}, {"--no-workers"});
  }
  std::unique_ptr<RedisServer> redis_;
};

TEST_F(HostileTrafficLargeUpload, PeakMemoryIsASmallMultipleOfTheFile) {
  // A TESS-like two-minute table, 42 bytes a row: 30 MB over about 1000 days.
  std::string csv = "time,pdcsap_flux,pdcsap_flux_err,quality\n";
  constexpr size_t kRows = 720000;
  csv.reserve(kRows * 44);
  char row[96];
  for (size_t i = 0; i < kRows; ++i) {
    const int n =
        std::snprintf(row, sizeof row, "%.10f,%.9f,0.000250000,%d\n", 1325.0 + double(i) / 720.0,
                      1.0 + 1e-4 * double(i % 7), i % 97 == 0 ? 32 : 0);
    csv.append(row, size_t(n));
  }
  const double file_mb = double(csv.size()) / (1 << 20);
  reset_peak_rss();
  const size_t idle_mb = peak_rss_mb();
  httplib::Client c("127.0.0.1", port_);
  c.set_read_timeout(120, 0);
  c.set_write_timeout(120, 0);
  auto res = submit_search(c, {{"large.csv", std::move(csv)}}, {});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 202) << res->body.substr(0, 400);
  const double used_mb = double(peak_rss_mb() - idle_mb);
  std::printf("%.1f MiB upload: peak RSS %.0f MiB over idle (%.1f times the file)\n", file_mb,
              used_mb, used_mb / file_mb);
  // 3.0 times the file here; the copies removed took it to 5.0.
  EXPECT_LT(used_mb, 4.0 * file_mb) << "peak RSS over idle for a " << file_mb << " MiB upload";
  EXPECT_EQ(health().first, 200);
}

// Behind nginx (EXODETECT_TRUST_PROXY=1) the client is the last X-Forwarded-For hop, the one
// nginx added; hops before it come from the client and must not open fresh rate-limit buckets.
class HostileTrafficBehindProxy : public HostileTraffic {
 protected:
  void SetUp() override {
    start({{"EXODETECT_TRUST_PROXY", "1"},
           {"EXODETECT_RATE_LIMIT_PER_MIN", "1"},
           {"EXODETECT_RATE_LIMIT_BURST", "3"}});
  }

  int predict(const std::string& forwarded_for) const {
    const std::string body = R"({"rows":[{"koi_period":3.5,"koi_depth":400}]})";
    RawClient client(port_);
    client.send(
        "POST /api/v1/predict HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        "Content-Type: application/json\r\nX-Forwarded-For: " +
        forwarded_for + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
    return client.status();
  }
};

TEST_F(HostileTrafficBehindProxy, ForgedForwardedHopsShareTheProxysHopBucket) {
  // A forged first hop on each request; nginx appends the address it saw, 198.51.100.7.
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(predict("203.0.113." + std::to_string(i) + ", 198.51.100.7"), 200) << i;
  }
  EXPECT_EQ(predict("203.0.113.99, 198.51.100.7"), 429);
  EXPECT_EQ(predict("198.51.100.7"), 429);
  // Another address nginx saw is another client, with its own bucket.
  EXPECT_EQ(predict("198.51.100.8"), 200);
  expect_bounded_and_healthy();
}

}  // namespace
}  // namespace exodetect::test_support
