#pragma once

// An in-process API server on a free loopback port, with a real model trained once per test
// binary from the KOI export, its own temporary data dir and a small upload limit.

#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include "exodetect/common/file_io.hpp"
#include "exodetect/ml/model.hpp"
#include "exodetect/server/api_server.hpp"
#include "exodetect/server/config.hpp"

namespace exodetect::test_support {

namespace fs = std::filesystem;

inline std::string data_path(const std::string& relative) {
  return std::string(EXODETECT_DATA_DIR) + "/" + relative;
}

inline constexpr const char* kKoiExport = "catalogs/koi_cumulative_2025-10-04.csv.gz";
inline constexpr const char* kWasp126 =
    "lightcurves/hlsp_tess-data-alerts_tess_phot_00025155310-s01_tess_v1_lc.fits.gz";
inline constexpr const char* kAdminEmail = "admin@example.org";
inline constexpr const char* kAdminPassword = "admin-password-1";
inline constexpr const char* kSecret = "test-secret-0123456789-0123456789-abcdef";

// A fresh temporary directory removed at destruction.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "exodetect-server-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A small real model (few trees, 2 folds), trained once per test binary.
inline const std::string& shared_model_dir() {
  static TempDir dir;
  static const bool trained = [] {
    ml::TrainOptions options;
    options.catalog = "koi";
    options.folds = 2;
    options.n_trees = 30;
    options.max_depth = 4;
    options.threads = 2;
    ml::train_model(common::read_file_bytes(data_path(kKoiExport)), options,
                    dir.path() + "/default.exomodel");
    return true;
  }();
  (void)trained;
  return dir.path();
}

inline server::ServerConfig test_config(const std::string& data_dir) {
  server::ServerConfig c;
  c.host = "127.0.0.1";
  c.port = 0;
  c.http_threads = 16;
  c.job_workers = 1;
  c.max_upload_bytes = 2u << 20;  // 2 MiB so the over-limit case stays cheap
  c.request_timeout_s = 20;
  c.sse_max_s = 120;
  c.cors_origins = {"http://localhost:3000"};
  c.jwt_secret = kSecret;
  c.admin_email = kAdminEmail;
  c.admin_password = kAdminPassword;
  c.model_path = shared_model_dir();
  c.catalog_dir = data_path("catalogs");
  c.rate_per_minute = 100000;
  c.rate_burst = 100000;
  c.log_level = "warning";
  server::setup_logging(c.log_level);  // one JSON line per warning; no access log noise
  c.store.data_dir = data_dir;
  return c;
}

// Runs an ApiServer in a background thread for the life of the object.
class LoopbackServer {
 public:
  explicit LoopbackServer(server::ServerConfig config, bool run_workers = true)
      : api_(std::make_unique<server::ApiServer>(std::move(config), run_workers)) {
    port_ = api_->bind();
    thread_ = std::thread([this] { api_->serve(); });
  }
  ~LoopbackServer() {
    api_->stop();
    thread_.join();
  }
  int port() const { return port_; }
  std::unique_ptr<httplib::Client> client() const {
    auto c = std::make_unique<httplib::Client>("127.0.0.1", port_);
    c->set_read_timeout(60, 0);
    c->set_connection_timeout(5, 0);
    return c;
  }
  server::ApiServer& api() { return *api_; }

 private:
  std::unique_ptr<server::ApiServer> api_;
  std::thread thread_;
  int port_ = 0;
};

inline nlohmann::json parse(const std::string& body) { return nlohmann::json::parse(body); }

inline httplib::Headers bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

// Logs in and returns the token (fails the test when login fails).
inline std::string login(httplib::Client& client, const std::string& email,
                         const std::string& password) {
  nlohmann::json body = {{"email", email}, {"password", password}};
  auto res = client.Post("/api/v1/auth/login", body.dump(), "application/json");
  EXPECT_TRUE(res);
  if (!res) return "";
  EXPECT_EQ(res->status, 200) << res->body;
  return parse(res->body).value("token", "");
}

// Polls a job URL until it is done or failed (or the timeout passes); returns the last JSON.
inline nlohmann::json wait_for_job(httplib::Client& client, const std::string& url,
                                   const httplib::Headers& headers = {},
                                   std::chrono::seconds timeout = std::chrono::seconds(120)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  nlohmann::json last;
  while (std::chrono::steady_clock::now() < deadline) {
    auto res = client.Get(url.c_str(), headers);
    if (res && res->status == 200) {
      last = parse(res->body);
      const std::string status = last.value("status", "");
      if (status == "done" || status == "failed") return last;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return last;
}

// Uploads light curve files to /api/v1/searches with extra form fields.
inline httplib::Result submit_search(httplib::Client& client,
                                     const std::vector<std::pair<std::string, std::string>>& files,
                                     const std::vector<std::pair<std::string, std::string>>& fields,
                                     const httplib::Headers& headers = {}) {
  httplib::MultipartFormDataItems items;
  for (const auto& [name, bytes] : files)
    items.push_back({"file", bytes, name, "application/octet-stream"});
  for (const auto& [name, value] : fields) items.push_back({name, value, "", ""});
  return client.Post("/api/v1/searches", headers, items);
}

// A suite whose tests share one server on the embedded default, started once for the suite
// (the server and its data folder are the suite's: each TEST_F's process runs one suite).
class SharedServerSuite : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    server_ = new LoopbackServer(test_config(dir_->path()));
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
    delete dir_;
    dir_ = nullptr;
  }
  static inline TempDir* dir_ = nullptr;
  static inline LoopbackServer* server_ = nullptr;
};

// A finished search of WASP-126 b's TESS sector (P = 3.2888 d, data/SOURCES.md), with the
// transit fit when `fit`; its id ("" after a failed expectation).
inline std::string finished_wasp126_search(httplib::Client& client, bool fit) {
  std::vector<std::pair<std::string, std::string>> fields = {
      {"period_min", "2"}, {"period_max", "5"}, {"max_planets", "1"}};
  if (fit) fields.emplace_back("fit", "true");
  auto res = submit_search(client, {{"wasp126.fits", common::read_file_bytes(data_path(kWasp126))}},
                           fields);
  EXPECT_TRUE(res);
  if (!res) return "";
  EXPECT_EQ(res->status, 202) << res->body;
  const std::string id = parse(res->body)["id"];
  auto job = wait_for_job(client, "/api/v1/searches/" + id, {}, std::chrono::seconds(300));
  EXPECT_EQ(job["status"], "done") << job.dump().substr(0, 1000);
  return id;
}

}  // namespace exodetect::test_support
