#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <spdlog/spdlog.h>
#include <nlohmann/json.hpp>

#include "exodetect/server/config.hpp"

namespace exodetect::server {
namespace {

TEST(Logging, LogDirGetsOneJsonLineFilePerProcess) {
  auto dir =
      std::filesystem::temp_directory_path() / ("exodetect-logdir-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  setup_logging("info", (dir / "nested").string(), "serve");
  spdlog::info(R"("event":"probe","n":1)");
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  std::ifstream in(dir / "nested" / ("serve-" + std::string(host) + ".log"));
  ASSERT_TRUE(in) << "no log file in " << dir;
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  auto entry = nlohmann::json::parse(line);
  EXPECT_EQ(entry["event"], "probe");
  EXPECT_EQ(entry["level"], "info");

  // A later call without a directory drops the file sink again.
  setup_logging("warning");
  spdlog::warn(R"("event":"after")");
  std::stringstream rest;
  rest << in.rdbuf();
  EXPECT_EQ(rest.str().find("after"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(Logging, UnwritableLogDirAndBadLevelAreClearErrors) {
  EXPECT_THROW(setup_logging("info", "/proc/exodetect-no-such-dir", "serve"),
               std::invalid_argument);
  EXPECT_THROW(setup_logging("loud"), std::invalid_argument);
  // The logger still works after the refusals.
  EXPECT_NO_THROW(spdlog::warn(R"("event":"still_alive")"));
}

}  // namespace
}  // namespace exodetect::server
