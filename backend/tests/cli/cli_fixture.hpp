#pragma once
// The fixture of the CLI tests: runs the real `exodetect` binary in a folder of its own and
// checks that a failed run says one clear line.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <string>

namespace exodetect::cli_test {

namespace fs = std::filesystem;

struct RunResult {
  int exit_code = -1;
  std::string out, err;
};

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("exodetect_cli_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  // Runs `exodetect ARGS` with stdout and stderr captured in files (stdin from /dev/null).
  RunResult run(const std::string& args) const {
    fs::path out = dir_ / "stdout.txt", err = dir_ / "stderr.txt";
    std::string cmd = std::string("'") + EXODETECT_BINARY + "' " + args + " </dev/null >'" +
                      out.string() + "' 2>'" + err.string() + "'";
    int status = std::system(cmd.c_str());
    RunResult r;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
  }

  fs::path write(const std::string& name, const std::string& content) const {
    fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }

  // A CSV light curve with a box transit: 20 days at 20-minute cadence.
  // 20 days at 20-minute cadence, 400 ppm white noise, less `dip(t)` (relative flux).
  fs::path noisy_csv(const std::string& name, unsigned seed,
                     const std::function<double(double)>& dip) const {
    std::mt19937 rng(seed);
    std::normal_distribution<double> gauss(0.0, 4e-4);
    std::ostringstream s;
    s.precision(10);
    s << "time,flux,flux_err\n";
    for (double t = 2000.0; t < 2020.0; t += 1.0 / 72) {
      s << t << "," << 1.0 + gauss(rng) - dip(t) << ",4e-4\n";
    }
    return write(name, s.str());
  }

  // Two-hour 3000 ppm transits every `period` days from day 2000.7.
  fs::path planet_csv(const std::string& name, double period, unsigned seed) const {
    return noisy_csv(name, seed, [period](double t) {
      return std::fabs(std::remainder(t - 2000.7, period)) < 1.0 / 24 ? 3000e-6 : 0.0;
    });
  }

  // The message of a failed run: one line "exodetect: ..." on stderr, nothing on stdout.
  void expect_error(const RunResult& r, const std::string& fragment) const {
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.exit_code, 128) << "crashed";
    EXPECT_TRUE(r.out.empty()) << r.out;
    EXPECT_EQ(r.err.rfind("exodetect: ", 0), 0u) << r.err;
    EXPECT_NE(r.err.find(fragment), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }

  fs::path dir_;
};

inline std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

}  // namespace exodetect::cli_test
