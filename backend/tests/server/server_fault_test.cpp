#include <gtest/gtest.h>

#include <unistd.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "exodetect/server/jobs.hpp"
#include "exodetect/store/worker_pool.hpp"
#include "server_fixture.hpp"

namespace exodetect::test_support {
namespace {

// A server whose EXODETECT_CATALOG_DIR holds a corrupt KOI export.
server::ServerConfig config_with_corrupt_catalogue(const TempDir& dir) {
  const std::string catalogs = dir.path() + "/catalogs";
  fs::create_directories(catalogs);
  std::ofstream(catalogs + "/koi_broken.csv") << "not,a,catalogue\n1,2,3\n";
  auto config = test_config(dir.path() + "/data");
  config.catalog_dir = catalogs;
  return config;
}

// A fault on the server's side (here a corrupt catalogue export in EXODETECT_CATALOG_DIR) is a
// 500 whose cause is logged under the request id and not shown to the client, not a 400 that
// blames the request.
TEST(ServerFault, CorruptCatalogueIsA500LoggedUnderTheRequestId) {
  TempDir dir;
  auto config = config_with_corrupt_catalogue(dir);
  const std::string logs = dir.path() + "/logs";
  server::setup_logging("warning", logs, "fault");
  LoopbackServer server(config, /*run_workers=*/false);

  auto res = server.client()->Get("/api/v1/catalog/koi", {{"X-Request-Id", "fault-probe-1"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 500) << res->body;
  auto body = parse(res->body);
  EXPECT_EQ(body["error"]["code"], "internal");
  EXPECT_EQ(body["error"]["message"], "internal server error");
  EXPECT_EQ(body["error"]["request_id"], "fault-probe-1");

  char host[256] = {};
  gethostname(host, sizeof host - 1);
  std::ifstream in(logs + "/fault-" + host + ".log");
  std::stringstream text;
  text << in.rdbuf();
  bool logged = false;
  for (std::string line; std::getline(text, line);) {
    auto entry = nlohmann::json::parse(line, nullptr, false);
    if (entry.is_object() && entry.value("request_id", "") == "fault-probe-1" &&
        entry.value("event", "") == "unhandled") {
      logged = !entry.value("error", "").empty();
    }
  }
  EXPECT_TRUE(logged) << text.str();
  server::setup_logging("warning");
}

// A missing export is a 503 that names the setting, not the server's folder.
TEST(ServerFault, MissingCatalogueIsA503WithoutTheServersPath) {
  TempDir dir;
  const std::string catalogs = dir.path() + "/no-exports-here";
  fs::create_directories(catalogs);
  auto config = test_config(dir.path() + "/data");
  config.catalog_dir = catalogs;
  LoopbackServer server(config, /*run_workers=*/false);
  auto res = server.client()->Get("/api/v1/catalog/koi");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503) << res->body;
  EXPECT_EQ(parse(res->body)["error"]["code"], "catalog_unavailable");
  EXPECT_EQ(res->body.find(dir.path()), std::string::npos) << res->body;
  EXPECT_EQ(res->body.find("no-exports-here"), std::string::npos) << res->body;
}

// A search job fails as the client's bad_input (with its message) only for what the client
// sent; a server-side fault in the same job (a corrupt catalogue export) fails as internal,
// with neither the cause nor the server's files in the job the client reads.
TEST(ServerFault, AJobBlamesTheClientOnlyForItsOwnInput) {
  TempDir dir;
  auto config = config_with_corrupt_catalogue(dir);
  server::JobContext context = server::make_job_context(config, "fault-test");
  context.detect_threads = 1;
  auto jobs = store::make_backends(config.store, 60, 10).jobs;
  // A quiet light curve of 20 days at 30 min: valid, so the search reaches the star lookup.
  std::string curve = "time,flux\n";
  for (int i = 0; i < 960; ++i)
    curve += std::to_string(i / 48.0) + "," + std::to_string(1.0 + 1e-3 * std::sin(i * 1.7)) + "\n";
  const std::string corrupt =
      jobs->submit("search", server::search_params_from_fields({{"target", "KOI-1003"}}), {curve});
  const std::string junk =
      jobs->submit("search", server::search_params_from_fields({}), {"this is not a light curve"});
  {
    store::WorkerPool pool(jobs, server::make_job_handlers(context), 1, "fault-test");
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    auto finished = [&](const std::string& id) {
      return jobs->get(id)->status == store::JobStatus::kFailed ||
             jobs->get(id)->status == store::JobStatus::kDone;
    };
    while (!(finished(corrupt) && finished(junk)) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  const auto server_fault = jobs->get(corrupt);
  ASSERT_EQ(server_fault->status, store::JobStatus::kFailed);
  EXPECT_EQ(server_fault->error_code, "internal") << server_fault->error_message;
  EXPECT_NE(server_fault->error_message.find(corrupt), std::string::npos);
  EXPECT_EQ(server_fault->error_message.find("koi"), std::string::npos);
  const auto client_fault = jobs->get(junk);
  ASSERT_EQ(client_fault->status, store::JobStatus::kFailed);
  EXPECT_EQ(client_fault->error_code, "bad_input");
  EXPECT_EQ(client_fault->error_message.find(junk), std::string::npos);
}

}  // namespace
}  // namespace exodetect::test_support
