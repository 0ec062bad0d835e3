// Search candidates scored as `exodetect search --score` scores them: the row a candidate
// becomes, and real searches' verdicts.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "exodetect/detect/pipeline.hpp"
#include "exodetect/lightcurve/light_curve.hpp"
#include "exodetect/ml/model.hpp"
#include "exodetect/ml/scoring.hpp"
#include "ml_fixture.hpp"

namespace exodetect::ml {

using detect::Candidate;
using detect::detect_planets;
using detect::DetectionReport;
using detect::DetectOptions;
using detect::report_to_json;
using lightcurve::read_light_curve;

namespace {

using namespace test_data;  // NOLINT: the shared data and model

TEST(ScoreCandidates, AddsProbabilityAndExplanation) {
  DetectionReport report;
  Candidate c;
  c.period = 9.488;
  c.duration_hours = 2.96;
  c.depth_ppm = 616;
  c.depth_err_ppm = 20;
  c.snr = 35;
  report.candidates.push_back(c);
  Candidate bad;
  bad.period = 0;
  report.candidates.push_back(bad);
  report.light_curve.stellar.teff_k = 5455;
  report.light_curve.stellar.logg_cgs = 4.467;
  report.light_curve.stellar.radius_sun = 0.927;
  nlohmann::json doc = {{"candidates", {{{"period", 9.488}}, {{"period", 0.0}}}}};
  score_candidates(*shipped(), report, doc);
  const auto& first = doc["candidates"][0];
  ASSERT_TRUE(first.contains("planet_probability"));
  double p = first["planet_probability"].get<double>();
  EXPECT_TRUE(p >= 0 && p <= 1);
  EXPECT_TRUE(first["label"].is_string());
  ASSERT_FALSE(first["explanation"].empty());
  // Features a search cannot measure stay missing rather than being made up.
  auto row = candidate_row(c, report.light_curve.stellar, 0, 1);
  EXPECT_FALSE(row.contains("impact"));
  EXPECT_FALSE(row.contains("ephemeris_match_count"));
  EXPECT_EQ(doc["model"]["id"], shipped()->id());
  EXPECT_TRUE(doc["candidates"][1].contains("score_error"));
  EXPECT_NEAR(row["planet_radius_earth"].get<double>(), 2.5, 0.1);
  EXPECT_TRUE(row["equilibrium_temp_k"].is_number());
}

TEST(ScoreCandidates, WithNoCandidateTheStarIsStillReportedAsGiven) {
  DetectionReport report;
  report.light_curve.stellar.teff_k = 5455;
  report.light_curve.stellar.logg_cgs = 4.467;
  report.light_curve.stellar.radius_sun = 0.927;
  report.light_curve.stellar.magnitude = 12.1;
  nlohmann::json doc = {{"candidates", nlohmann::json::array()}};
  score_candidates(*shipped(), report, doc);
  EXPECT_EQ(doc["model"]["scored_with"]["star"], "complete") << doc["model"].dump();
  EXPECT_TRUE(doc["model"]["scored_with"]["without"].empty());
  report.light_curve.stellar = {};
  score_candidates(*shipped(), report, doc);
  EXPECT_EQ(doc["model"]["scored_with"]["star"], "unknown");
}

// The strongest candidate of a real light-curve search, scored as `exodetect search --score` does;
// the report's "model" (what scored it) into `model` when given.
nlohmann::json searched_and_scored(const std::string& file, nlohmann::json* model = nullptr) {
  DetectOptions o;
  o.threads = 2;
  o.max_planets = 1;
  DetectionReport r = detect_planets(read_light_curve(kData + "/lightcurves/" + file), o);
  nlohmann::json doc = report_to_json(r);
  score_candidates(*shipped(), r, doc);
  if (model) *model = doc["model"];
  EXPECT_FALSE(doc["candidates"].empty()) << file;
  return doc["candidates"].empty() ? nlohmann::json() : doc["candidates"][0];
}

TEST(ScoreCandidates, RealSearchesPlanetsHighEclipsingBinaryLower) {
  // Search candidates lack the catalogue pipelines' impact, uncertainties and vetting counts, so
  // the default model embeds a candidate model trained only on what a search measures.
  ASSERT_TRUE(shipped()->card().contains("candidate_model"));
  nlohmann::json wasp126 =
      searched_and_scored("hlsp_tess-data-alerts_tess_phot_00025155310-s01_tess_v1_lc.fits.gz");
  nlohmann::json kepler2 = searched_and_scored("kplr010666592-2009131110544_slc.fits.gz");
  nlohmann::json koi1003 = searched_and_scored("koi1003_kic2438502_kepler_q2.csv.gz");
  EXPECT_NEAR(wasp126["period"].get<double>(), 3.2887898, 0.01);
  EXPECT_NEAR(kepler2["period"].get<double>(), 2.204735, 0.01);
  double p_wasp126 = wasp126["planet_probability"], p_kepler2 = kepler2["planet_probability"];
  double p_koi1003 = koi1003["planet_probability"];
  EXPECT_GE(p_wasp126, 0.5) << wasp126.dump();
  EXPECT_GE(p_kepler2, 0.5) << kepler2.dump();
  EXPECT_LT(p_koi1003, std::min(p_wasp126, p_kepler2)) << koi1003.dump();
}

TEST(ScoreCandidates, AK2HotJupiterWithoutItsStarIsCalledAPlanet) {
  // K2-29 b (WASP-152 b; Santerne et al. 2016, ApJ 824, 55): P 3.2588 d, a 1.8% transit of a
  // K dwarf, from a text table with no star. From the transit alone the KOI table calls such a
  // signal a binary three times in four; a clean phase 0.5 over 15 transits rules most of those
  // out (eclipse_weighting_test.cpp).
  nlohmann::json model;
  const nlohmann::json c = searched_and_scored("ktwo211089792.txt.gz", &model);
  EXPECT_EQ(model["scored_with"]["star"], "unknown");
  ASSERT_NEAR(c["period"].get<double>(), 3.2588, 2e-3);
  EXPECT_GE(c["planet_probability"].get<double>(), 0.5) << c.dump();
  EXPECT_LT(c["eclipse_weighting"]["probability_with_binaries"].get<double>(), 0.5) << c.dump();
}

}  // namespace
}  // namespace exodetect::ml
