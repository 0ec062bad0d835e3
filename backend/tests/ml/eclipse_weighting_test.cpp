// The eclipse-free candidate model and the weighting of a search candidate by what its own
// vetting could have seen (docs/FEATURE_CALIBRATION.md, "The binaries the vetting would see").
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "../../src/ml/bundle.hpp"
#include "exodetect/catalog/catalog.hpp"
#include "exodetect/common/file_io.hpp"
#include "exodetect/detect/pipeline.hpp"
#include "exodetect/ml/features.hpp"
#include "exodetect/ml/model.hpp"
#include "exodetect/ml/scoring.hpp"
#include "ml_fixture.hpp"

namespace exodetect::ml {

using detect::Candidate;
using detect::DetectionReport;
using detect::report_to_json;

namespace {

using namespace test_data;  // NOLINT: the shared data and model

// The mean over r in [0, 1] of P(a secondary of depth r * depth, measured with error `err`, is
// seen), by direct summation: what the closed form must give.
double detection_by_summation(double depth, double err) {
  const double t = std::max(3.0, 0.02 * depth / err);
  const int n = 200000;
  double sum = 0;
  for (int i = 0; i < n; ++i) {
    const double r = (i + 0.5) / n;
    sum += 0.5 * std::erfc(-(r * depth / err - t) / std::sqrt(2.0));
  }
  return sum / n;
}

TEST(EclipseDetection, MatchesTheIntegralOverSecondaryDepths) {
  for (double a : {0.5, 2.0, 3.0, 5.0, 20.0, 150.0, 1000.0}) {
    EXPECT_NEAR(eclipse_detection_probability(1000.0 * a, 0.0, 1000.0),
                detection_by_summation(a, 1.0), 1e-6)
        << a;
  }
  // A primary at the secondary's noise sees nearly nothing; a deep one sees every secondary but the
  // shallowest 2%, which the secondary test leaves to a planet's occultation.
  EXPECT_LT(eclipse_detection_probability(1000, 0, 1000), 0.02);
  EXPECT_NEAR(eclipse_detection_probability(1e6, 0, 10), 0.98, 1e-3);
  // Without data at phase 0.5, nothing was tested.
  EXPECT_EQ(eclipse_detection_probability(8000, 0, 0), 0.0);
}

TEST(EclipseDetection, ABrighteningAtPhaseHalfWidensTheError) {
  // Phase 0.5 at 1080 ppm above the baseline, measured to 90 ppm: the baseline there is off by
  // at least 1080 ppm, so a 1900 ppm primary's secondary could hide in it.
  const double clean = eclipse_detection_probability(1900, 0, 90);
  const double off = eclipse_detection_probability(1900, -1080, 90);
  EXPECT_GT(clean, 0.8);
  EXPECT_LT(off, 0.1);
  EXPECT_NEAR(off, eclipse_detection_probability(1900, 0, std::hypot(90.0, 1080.0)), 1e-12);
  EXPECT_EQ(eclipse_detection_probability(1900, 200, 90), clean);  // a dip is what is tested
}

TEST(EclipseFreeProbability, CountsTheBinariesByTheShareMissed) {
  // Nothing seen, nothing tested: the candidate model's value; everything seen: the
  // eclipse-free model's.
  EXPECT_DOUBLE_EQ(eclipse_free_planet_probability(0.25, 0.8, 0.0), 0.25);
  EXPECT_DOUBLE_EQ(eclipse_free_planet_probability(0.25, 0.8, 1.0), 0.8);
  // Planets 0.25, binaries 1 - 0.25 / 0.8 = 0.6875, others 0.0625; half the binaries would have
  // been seen: 0.25 / (0.25 + 0.0625 + 0.34375).
  EXPECT_NEAR(eclipse_free_planet_probability(0.25, 0.8, 0.5), 0.25 / 0.65625, 1e-12);
  // The eclipse-free model below the candidate model: no binaries to count out.
  EXPECT_DOUBLE_EQ(eclipse_free_planet_probability(0.6, 0.5, 0.9), 0.6);
  EXPECT_EQ(eclipse_free_planet_probability(0.0, 0.9, 0.9), 0.0);
}

TEST(EclipseFreeModel, TrainedWithoutTheFlaggedBinariesOnly) {
  const catalog::Catalog cat = catalog::parse_catalog(koi_bytes());
  const Dataset data = make_dataset(cat, "binary");
  const Dataset kept = without_stellar_eclipse_false_positives(data);
  size_t flagged_false_positives = 0, planets = 0, kept_planets = 0;
  for (size_t r = 0; r < cat.size(); ++r) {
    flagged_false_positives +=
        cat.disposition(r) == "FALSE POSITIVE" && cat.number(r, "koi_fpflag_ss") == 1.0;
  }
  for (int y : data.y) planets += y == 1;
  for (int y : kept.y) kept_planets += y == 1;
  EXPECT_GT(flagged_false_positives, 1000u);
  EXPECT_EQ(kept.rows(), data.rows() - flagged_false_positives);
  EXPECT_EQ(kept_planets, planets);  // a planet's flag (an occultation) keeps it
  // The shipped file carries it, named in the card.
  const Model* eclipse_free = shipped()->eclipse_free_model();
  ASSERT_NE(eclipse_free, nullptr);
  const auto& card = shipped()->card()["candidate_model"]["eclipse_free"];
  EXPECT_EQ(card["id"], eclipse_free->id());
  // A three-class model's candidates are not weighted, so its file carries none.
  EXPECT_EQ(Model::load(kMulticlassModel)->eclipse_free_model(), nullptr);
  EXPECT_LT(card["class_counts"]["false_positive"].get<double>(),
            shipped()->candidate_model().card()["class_counts"]["false_positive"].get<double>());
}

// A model file as format 2 wrote it (card, booster, candidate model; no eclipse-free model).
std::string format_2_file(const Bundle& b) {
  std::string out = "EXOMODEL";
  auto put = [&out](uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  };
  put(2, 4);
  for (const std::string& part : {b.card.dump(), b.booster, b.candidate}) {
    put(part.size(), 8);
    out += part;
  }
  put(fnv1a64(out), 8);
  return out;
}

TEST(EclipseFreeModel, AFormat2FileStillLoadsAndScoresUnweighted) {
  const Bundle shipped_bundle = decode_bundle(common::read_file_bytes(kDefaultModel));
  const auto old = Model::from_bytes(format_2_file(shipped_bundle));
  EXPECT_EQ(old->eclipse_free_model(), nullptr);
  EXPECT_EQ(old->candidate_model().id(), shipped()->candidate_model().id());
  DetectionReport report;
  Candidate c;
  c.period = 3.2887898;
  c.duration_hours = c.t14_hours = 3.44;
  c.depth_ppm = 7006;
  c.secondary_depth_err_ppm = 60;
  report.candidates.push_back(c);
  nlohmann::json doc = report_to_json(report);
  score_candidates(*old, report, doc);
  EXPECT_FALSE(doc["candidates"][0].contains("eclipse_weighting"));
  EXPECT_TRUE(doc["candidates"][0]["planet_probability"].is_number());
}

Candidate hot_jupiter() {
  // WASP-126 b's transit as the TOI table gives it (TOI-114.01; Maxted et al. 2016, MNRAS 463,
  // 3276): P 3.2887898 d, T14 3.44 h, 7006 ppm.
  Candidate c;
  c.period = 3.2887898;
  c.duration_hours = 3.44;
  c.t14_hours = 3.44;
  c.depth_ppm = 7006;
  return c;
}

TEST(ScoreCandidates, ADeepTransitWithNoSecondaryIsNotCountedAsTheBinariesItCouldBe) {
  DetectionReport report;
  Candidate c = hot_jupiter();
  c.secondary_depth_ppm = 20;
  c.secondary_depth_err_ppm = 60;  // a clean phase 0.5, as a TESS sector measures it
  report.candidates.push_back(c);
  c.secondary_depth_err_ppm = 0;  // phase 0.5 in a gap
  report.candidates.push_back(c);
  c.secondary_depth_err_ppm = 60;
  c.secondary_depth_ppm = 900;  // a 15-sigma secondary: a binary
  c.secondary_snr = 15;
  c.flags = {"secondary"};
  report.candidates.push_back(c);
  nlohmann::json doc = report_to_json(report);
  score_candidates(*shipped(), report, doc);
  const auto& clean = doc["candidates"][0];
  const auto& untested = doc["candidates"][1];
  const auto& binary = doc["candidates"][2];
  const auto& w = clean["eclipse_weighting"];
  EXPECT_GT(w["eclipse_detection_probability"].get<double>(), 0.9) << clean.dump();
  EXPECT_GE(clean["planet_probability"].get<double>(), 0.5) << clean.dump();
  EXPECT_EQ(clean["label"], "planet");
  EXPECT_GT(clean["planet_probability"].get<double>(),
            w["probability_with_binaries"].get<double>());
  EXPECT_EQ(clean["explanation"][0]["feature"], "vetting:no_eclipse_seen");
  EXPECT_GT(clean["explanation"][0]["contribution"].get<double>(), 0);
  // Nothing tested: the candidate model's own value, with no rule in the explanation.
  EXPECT_EQ(untested["planet_probability"], w["probability_with_binaries"]) << untested.dump();
  EXPECT_NE(untested["explanation"][0]["feature"], "vetting:no_eclipse_seen");
  // A binary's secondary: the vetting rule, from the candidate model's value.
  EXPECT_FALSE(binary.contains("eclipse_weighting"));
  EXPECT_LE(binary["planet_probability"].get<double>(), kVettingProbabilityCap);
  EXPECT_EQ(binary["model_probability"], w["probability_with_binaries"]);
}

}  // namespace

}  // namespace exodetect::ml
