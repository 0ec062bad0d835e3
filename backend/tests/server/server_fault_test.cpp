#include <gtest/gtest.h>

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>

#include "server_fixture.hpp"

namespace exodetect::test_support {
namespace {

// A fault on the server's side (here a corrupt catalogue export in EXODETECT_CATALOG_DIR) is a
// 500 whose cause is logged under the request id and not shown to the client, not a 400 that
// blames the request.
TEST(ServerFault, CorruptCatalogueIsA500LoggedUnderTheRequestId) {
  TempDir dir;
  const std::string catalogs = dir.path() + "/catalogs";
  fs::create_directories(catalogs);
  std::ofstream(catalogs + "/koi_broken.csv") << "not,a,catalogue\n1,2,3\n";
  auto config = test_config(dir.path() + "/data");
  config.catalog_dir = catalogs;
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

}  // namespace
}  // namespace exodetect::test_support
