// Runs the real `exodetect` binary: each bad input gives one clear message and a non-zero exit;
// a real light curve gives the JSON document (the survey's tests are in survey_test.cpp).

#include <fitsio.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "cli_fixture.hpp"
#include "exodetect/common/csv.hpp"
#include "exodetect/detect/search_parameters.hpp"
#include "pulsating_star.hpp"

namespace exodetect::cli_test {
namespace {

TEST_F(Cli, EmptyFile) {
  fs::path p = write("empty.csv", "");
  expect_error(run("search " + quoted(p)), "empty");
}

TEST_F(Cli, FewPoints) {
  fs::path p = write("few.csv", "time,flux\n1,1.0\n2,1.1\n3,0.9\n4,1.0\n");
  expect_error(run("search " + quoted(p)), "usable points");
}

TEST_F(Cli, AllNaN) {
  std::string s = "time,flux\n";
  for (int i = 0; i < 500; ++i) s += std::to_string(i * 0.02) + ",nan\n";
  expect_error(run("search " + quoted(write("nan.csv", s))), "no usable points");
}

// A stitched table out of time order, with a repeated row: searched, and the report says so.
TEST_F(Cli, UnsortedAndRepeatedTimesAreSortedAndSaid) {
  std::string s = "time,flux\n";
  for (int i = 0; i < 500; ++i) {
    const int k = i < 250 ? i + 250 : i - 250;  // second half first
    s += std::to_string(k * 0.02) + "," + std::to_string(1.0 + 1e-3 * (k % 7)) + "\n";
  }
  s += std::to_string(100 * 0.02) + ",1.0\n";
  const RunResult r = run("search " + quoted(write("unsorted.csv", s)));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("times were out of order"), std::string::npos) << r.out.substr(0, 600);
  EXPECT_NE(r.out.find("repeat an earlier time"), std::string::npos);
}

TEST_F(Cli, RandomBytes) {
  std::mt19937 rng(1);
  std::string s(4096, '\0');
  for (auto& c : s) c = static_cast<char>(rng() & 0xff);
  expect_error(run("search " + quoted(write("junk.fits", s))), "junk.fits");
}

TEST_F(Cli, FitsWithoutTimeColumn) {
  fs::path p = dir_ / "notime.fits";
  fitsfile* f = nullptr;
  int status = 0;
  std::string name = "!" + p.string();  // '!' overwrites
  fits_create_file(&f, name.c_str(), &status);
  fits_create_img(f, 8, 0, nullptr, &status);
  const char* names[] = {"FLUX", "PDCSAP_FLUX"};
  const char* forms[] = {"1D", "1D"};
  const char* units[] = {"", "e-/s"};
  fits_create_tbl(f, BINARY_TBL, 0, 2, const_cast<char**>(names), const_cast<char**>(forms),
                  const_cast<char**>(units), "LIGHTCURVE", &status);
  std::vector<double> flux(200, 1.0);
  fits_write_col(f, TDOUBLE, 1, 1, 1, flux.size(), flux.data(), &status);
  fits_write_col(f, TDOUBLE, 2, 1, 1, flux.size(), flux.data(), &status);
  fits_close_file(f, &status);
  ASSERT_EQ(status, 0);
  expect_error(run("search " + quoted(p)), "TIME");
}

TEST_F(Cli, TextInFluxColumn) {
  std::string s = "time,flux\n";
  for (int i = 0; i < 500; ++i) s += std::to_string(i * 0.02) + (i == 42 ? ",bright\n" : ",1.0\n");
  expect_error(run("search " + quoted(write("text.csv", s))), "bright");
}

TEST_F(Cli, MissingFile) { expect_error(run("search " + quoted(dir_ / "nope.fits")), "nope.fits"); }

TEST_F(Cli, BadOptionValues) {
  fs::path p = planet_csv("star.csv", 3.3, 1);
  expect_error(run("search " + quoted(p) + " --durations 1,abc"), "--durations");
  expect_error(run("search " + quoted(p) + " --period-min 5 --period-max 2"),
               "--period-max must be greater than --period-min");
  expect_error(run("search " + quoted(p) + " --max-planets 2.5"), "--max-planets");
  expect_error(run("train --data " + quoted(p) + " --task regression"), "--task");
  RunResult r = run("search " + quoted(p) + " --format xml");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_TRUE(r.out.empty());
}

// The table's check, the API's message (parameters_test.cpp), naming the option as typed.
TEST_F(Cli, OutOfRangeIsTheApisMessage) {
  fs::path p = planet_csv("star.csv", 3.3, 1);
  const auto& spec =
      exodetect::common::find_parameter(exodetect::detect::search_parameters(), "period_min",
                                        exodetect::common::Surface::kCli)
          ->spec;
  std::string expected;
  try {
    spec.parse_text("20000", exodetect::common::Surface::kCli);
  } catch (const std::invalid_argument& e) {
    expected = e.what();
  }
  EXPECT_EQ(expected, "--period-min must be in [0.01, 10000] days, got '20000'");
  RunResult r = run("search " + quoted(p) + " --period-min 20000");
  expect_error(r, "--period-min");
  EXPECT_EQ(r.err, "exodetect: " + expected + "\n");
  r = run("train --data " + quoted(p) + " --trees 5001");
  expect_error(r, "--trees must be in [1, 5000], got '5001'");
}

TEST_F(Cli, HealthcheckCountsUnansweredChecksAndSparesAHostsInit) {
  // A loopback port nothing listens on: bind one, then close it.
  httplib::Server probe;
  const int port = probe.bind_to_any_port("127.0.0.1");
  probe.stop();
  const fs::path state = dir_ / "failures";
  const std::string args =
      "healthcheck --timeout 1 --url http://127.0.0.1:" + std::to_string(port) +
      "/health --restart-after 2 --state-file " + quoted(state);
  RunResult first = run(args);
  expect_error(first, "cannot reach");
  EXPECT_EQ(slurp(state), "1");
  // The second failure reaches --restart-after; this test's PID 1 is not exodetect, so the
  // host is left alone and says so.
  RunResult second = run(args);
  expect_error(second, "not restarted");
  EXPECT_EQ(slurp(state), "2");
}

// --report writes each candidate's one-page report in the asked format; a format it does not
// draw is refused.
TEST_F(Cli, SearchWritesEachCandidatesReport) {
  const std::string file =
      std::string(EXODETECT_DATA_DIR) +
      "/lightcurves/hlsp_tess-data-alerts_tess_phot_00025155310-s01_tess_v1_lc.fits.gz";
  const fs::path prefix = dir_ / "wasp126";
  RunResult r =
      run("search '" + file + "' --max-planets 1 --period-min 2 --period-max 5 --report " +
          quoted(prefix) + " --report-format png");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string png = slurp(dir_ / "wasp126-candidate-0.png");
  EXPECT_EQ(png.rfind("\x89PNG\r\n\x1a\n", 0), 0u);
  EXPECT_GT(png.size(), 50000u);
  EXPECT_FALSE(fs::exists(dir_ / "wasp126-candidate-1.png"));  // one candidate, one page
  r = run("search '" + file + "' --report " + quoted(prefix) + " --report-format svg");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("--report-format"), std::string::npos) << r.err;
}

TEST_F(Cli, SearchRealTessLightCurveJson) {
  std::string file =
      std::string(EXODETECT_DATA_DIR) +
      "/lightcurves/hlsp_tess-data-alerts_tess_phot_00025155310-s01_tess_v1_lc.fits.gz";
  RunResult r = run("search '" + file + "' --threads 2 --max-planets 2");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << "no progress bar when stderr is not a terminal: " << r.err;
  nlohmann::json j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["input"]["mission"], "TESS");
  EXPECT_EQ(j["input"]["time_system"], "BTJD");
  EXPECT_GT(j["input"]["n_used"].get<int>(), 15000);
  ASSERT_FALSE(j["candidates"].empty());
  const auto& c = j["candidates"][0];
  EXPECT_NEAR(c["period"].get<double>(), 3.2887898, 3.2887898e-3);
  EXPECT_NEAR(c["depth_ppm"].get<double>(), 7006, 0.2 * 7006);
  EXPECT_NEAR(c["t0_bjd"].get<double>() - c["t0"].get<double>(), 2457000.0, 1e-6);
  EXPECT_TRUE(c["planet_radius_earth"].is_number());  // the header gives the stellar radius
  EXPECT_TRUE(j["timing_ms"]["total"].is_number());
}

TEST_F(Cli, PredictCsvNamesTheModelThatScoredEachRow) {
  // A typed-in row has no catalogue context, so the embedded candidate model scores it.
  const std::string model = std::string(EXODETECT_SOURCE_DIR) + "/ml/models/default.exomodel";
  std::ofstream(dir_ / "rows.csv") << "koi_period,koi_duration,koi_depth,koi_srad,koi_kepmag\n"
                                      "3.2888,3.44,7006,1.27,10.99\n";
  RunResult r = run("predict --model '" + model + "' --data '" + (dir_ / "rows.csv").string() +
                    "' --format csv");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::istringstream lines(r.out);
  std::string header, row;
  std::getline(lines, header);
  std::getline(lines, row);
  // The API's batch CSV (ml::predictions_csv); these columns have no id or disposition to keep.
  EXPECT_EQ(header, "row,id,planet_probability,label,scored_with,top_features,error");
  RunResult json = run("predict --model '" + model + "' --data '" + (dir_ / "rows.csv").string() +
                       "' --format json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto out = nlohmann::json::parse(json.out);
  const std::string scorer = out["predictions"][0]["scored_with"];
  EXPECT_NE(scorer, out["model"].get<std::string>());
  EXPECT_NE(row.find("," + scorer + ","), std::string::npos) << row;
  // Without explanations top_features is empty, and so is error for a scored row.
  RunResult bare = run("predict --model '" + model + "' --data '" + (dir_ / "rows.csv").string() +
                       "' --format csv --top 0");
  ASSERT_EQ(bare.exit_code, 0) << bare.err;
  std::istringstream bare_lines(bare.out);
  std::getline(bare_lines, header);
  std::getline(bare_lines, row);
  EXPECT_EQ(row.substr(row.size() - scorer.size() - 3), "," + scorer + ",,") << row;
}

TEST_F(Cli, SearchTableAndStitching) {
  // Two halves of one star's light curve are stitched into one search.
  fs::path whole = planet_csv("whole.csv", 3.3, 2);
  std::string text = slurp(whole);
  std::istringstream lines(text);
  std::string header, line, first, second;
  std::getline(lines, header);
  int i = 0;
  while (std::getline(lines, line)) (i++ < 720 ? first : second) += line + "\n";
  fs::path a = write("a.csv", header + "\n" + first), b = write("b.csv", header + "\n" + second);
  RunResult r = run("search " + quoted(a) + " " + quoted(b) + " --format table --threads 2");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("period_d"), std::string::npos) << r.out;
  EXPECT_TRUE(r.out.find(" 3.29") != std::string::npos || r.out.find(" 3.30") != std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("6/6"), std::string::npos) << r.out;  // transits across both files
  EXPECT_NE(r.out.find("used of 1440"), std::string::npos) << r.out;
}

// One transit in the data is a single event: in the JSON and the table, not a candidate.
TEST_F(Cli, SearchReportsASingleTransit) {
  // 3 hours at 3000 ppm: SNR 22.
  const fs::path file = noisy_csv(
      "single.csv", 5, [](double t) { return std::fabs(t - 2011.3) < 1.5 / 24 ? 3000e-6 : 0.0; });
  RunResult r = run("search " + quoted(file));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = nlohmann::json::parse(r.out);
  EXPECT_TRUE(doc["candidates"].empty()) << doc["candidates"].dump();
  ASSERT_EQ(doc["single_events"].size(), 1u) << r.out;
  EXPECT_NEAR(doc["single_events"][0]["t0"].get<double>(), 2011.3, 0.05);
  EXPECT_GT(doc["single_events"][0]["period_min_days"].get<double>(), 8.0);
  r = run("search " + quoted(file) + " --format table");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("No periodic transit signal"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Single transits"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" 2011."), std::string::npos) << r.out;
}

// The table says in words why a verdict is below the model's reading of the transit. HD 23642,
// an eclipsing binary in the Pleiades (P 2.46 d; Munari et al. 2004), is found at half its period
// with unequal odd and even eclipses.
TEST_F(Cli, TheTableSaysWhyAVerdictWasCapped) {
  const std::string file = std::string(EXODETECT_DATA_DIR) + "/lightcurves/HD23642.dat.gz";
  RunResult r = run("search '" + file + "' --score --threads 2 --max-planets 1 --format table");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Verdicts:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1: failed a vetting test marking a non-planet (odd_even"),
            std::string::npos)
      << r.out;
}

// A pulsating star's beats pass the white-noise threshold; the table says the verdict weighed
// them against the star's own variability (FEATURE_CALIBRATION.md, "Pulsating stars").
TEST_F(Cli, TheTableSaysWhenTheStarsNoiseLoweredAVerdict) {
  const lightcurve::LightCurve star = test_support::pulsating_star();
  std::ostringstream csv;
  csv.precision(12);
  csv << "time,flux,flux_err\n";
  for (size_t i = 0; i < star.size(); ++i) {
    csv << star.time[i] << "," << star.flux[i] << "," << star.flux_err[i] << "\n";
  }
  const fs::path file = write("pulsator.csv", csv.str());
  RunResult r = run("search " + quoted(file) + " --score --threads 2 --format table");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("against the star's own variability at this duration"), std::string::npos)
      << r.out;
}

TEST_F(Cli, ImpossibleStarsAndBadTargetsAreClearErrors) {
  fs::path p = planet_csv("star.csv", 3.3, 1);
  const std::string base =
      "search " + quoted(p) + " --catalogs '" + EXODETECT_DATA_DIR + "/catalogs'";
  expect_error(run(base + " --radius=-1"), "--radius");
  expect_error(run(base + " --teff 50"), "--teff");
  expect_error(run(base + " --logg 20"), "--logg");
  expect_error(run(base + " --target 'TIC abc'"), "--target");
  expect_error(run(base + " --target 'TIC 1'"), "not in the toi catalogue");
}

// TOI-2000 (TIC 371188886), the CSV of the discovery paper's data (no header, no star): TOI-2000 c
// is a hot Saturn with P = 9.1270 d (Sha et al. 2023, MNRAS 524, 1113). The TOI table row 2000.01
// gives the star: Teff 5400 +- 283 K, logg 4.43, R 1.18 +- 0.06 Rsun, Tmag 10.358.
const std::string kToi2000 =
    std::string(EXODETECT_DATA_DIR) + "/lightcurves/toi2000_tic371188886_y1_30min.csv.gz";

nlohmann::json first_candidate_at(const nlohmann::json& doc, double period) {
  for (const auto& c : doc["candidates"]) {
    if (std::fabs(c["period"].get<double>() - period) < 0.01 * period) return c;
  }
  ADD_FAILURE() << "no candidate at " << period << " d: " << doc.dump();
  return nlohmann::json::object();
}

// MODEL_PATH (ml::kModelPathVariable) names the model --score uses: one that is not there is a
// clear error naming the variable, not a silent fall-back to the shipped model.
TEST_F(Cli, ScoreReadsTheModelFromModelPath) {
  const std::string missing = (dir_ / "no-such-model").string();
  ASSERT_EQ(setenv("MODEL_PATH", missing.c_str(), 1), 0);
  RunResult r = run("search '" + kToi2000 + "' --score --threads 2 --max-planets 1");
  unsetenv("MODEL_PATH");
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("MODEL_PATH='" + missing + "'"), std::string::npos) << r.err;
  ASSERT_EQ(setenv("MODEL_PATH", (std::string(EXODETECT_SOURCE_DIR) + "/ml/models").c_str(), 1), 0);
  RunResult ok = run("search '" + kToi2000 + "' --score --threads 2 --max-planets 1");
  unsetenv("MODEL_PATH");
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_FALSE(nlohmann::json::parse(ok.out)["model"]["id"].get<std::string>().empty());
}

TEST_F(Cli, ACsvPlanetWithoutItsStarIsCalledAPlanet) {
  // TOI-2000 b (P 3.0984 d, 2.7 Earth radii; Sha et al. 2023) is called a planet from its transit
  // alone. TOI-2000 c, a 4600 ppm hot Saturn, is as deep as most eclipsing binaries in the KOI
  // table (0.37 from the transit alone), but a year of data shows no secondary eclipse, which
  // most of those binaries would have shown: a planet without its star too.
  RunResult r = run("search '" + kToi2000 + "' --score --threads 2 --max-planets 2");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json doc = nlohmann::json::parse(r.out);
  EXPECT_TRUE(doc["input"]["stellar"]["teff_k"].is_null());
  EXPECT_EQ(doc["model"]["scored_with"]["star"], "unknown");
  nlohmann::json b = first_candidate_at(doc, 3.098367);
  EXPECT_GE(b.value("planet_probability", 0.0), 0.5) << b.dump();
  nlohmann::json c = first_candidate_at(doc, 9.1270519);
  EXPECT_GE(c.value("planet_probability", 0.0), 0.5) << c.dump();
  EXPECT_LT(c["eclipse_weighting"]["probability_with_binaries"].get<double>(), 0.5) << c.dump();
}

TEST_F(Cli, ACsvPlanetWithAUserStarOrACatalogueStar) {
  RunResult r = run("search '" + kToi2000 +
                    "' --score --threads 2 --max-planets 2 --teff 5400 --logg 4.43 --radius 1.18 "
                    "--magnitude 10.358");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json doc = nlohmann::json::parse(r.out);
  const auto& star = doc["input"]["stellar"];
  EXPECT_EQ(star["teff_k"], 5400.0);
  EXPECT_EQ(star["sources"]["teff_k"]["source"], "user");
  EXPECT_EQ(star["sources"]["mass_sun"]["source"], "derived");
  EXPECT_EQ(doc["model"]["scored_with"]["star"], "complete");
  nlohmann::json c = first_candidate_at(doc, 9.1270519);
  EXPECT_GE(c.value("planet_probability", 0.0), 0.5) << c.dump();
  EXPECT_TRUE(c["planet_radius_earth"].is_number());

  r = run("search '" + kToi2000 +
          "' --score --threads 2 --max-planets 1 --target 'TIC 371188886' " + "--catalogs '" +
          EXODETECT_DATA_DIR + "/catalogs'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["input"]["stellar"]["catalogue"]["id"], "TIC 371188886");
  EXPECT_EQ(doc["input"]["stellar"]["sources"]["radius_sun"]["source"], "catalogue");
  EXPECT_NEAR(doc["input"]["stellar"]["sources"]["radius_sun"]["err"].get<double>(), 0.06, 1e-9);
  EXPECT_NEAR(doc["input"]["stellar"]["teff_k"].get<double>(), 5400, 1e-9);
}

}  // namespace
}  // namespace exodetect::cli_test
