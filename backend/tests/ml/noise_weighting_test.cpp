// The noise weighting of search candidates: a candidate's significance against the red noise
// at its own duration, and a pulsating star whose beats the search reads as transits.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "exodetect/detect/pipeline.hpp"
#include "exodetect/detect/significance.hpp"
#include "exodetect/ml/scoring.hpp"
#include "ml_fixture.hpp"
#include "pulsating_star.hpp"

namespace exodetect::ml {

using detect::auto_snr_threshold;
using detect::Candidate;
using detect::detect_planets;
using detect::DetectionReport;
using detect::DetectOptions;
using detect::noise_false_alarm_probability;
using detect::report_to_json;

namespace {

using namespace test_data;  // NOLINT: the shared data and model

TEST(NoiseFalseAlarm, OnePercentAtTheCalibratedPercentile) {
  for (size_t n : {2699u, 45238u, 182570u}) {
    // The threshold is the 99th percentile plus a 0.05 margin.
    EXPECT_NEAR(noise_false_alarm_probability(auto_snr_threshold(n) - 0.05, n), 0.01, 1e-9);
    EXPECT_LT(noise_false_alarm_probability(auto_snr_threshold(n), n), 0.01);
    EXPECT_GT(noise_false_alarm_probability(4.5, n), 0.99);
    EXPECT_LT(noise_false_alarm_probability(9.0, n), 1e-4);
  }
  // More trials, more noise peaks: the same SNR is a likelier false alarm.
  EXPECT_GT(noise_false_alarm_probability(6.5, 182570), noise_false_alarm_probability(6.5, 2699));
  EXPECT_EQ(noise_false_alarm_probability(NAN, 2699), 1.0);
}

TEST(NoiseWeighting, OnlyACandidateWeakAgainstTheRedNoiseLosesProbability) {
  const size_t n = 2800;  // a TESS sector's trial periods
  // At or above the threshold against the red noise: the 1% the threshold admits, no change.
  EXPECT_EQ(noise_weight(auto_snr_threshold(n), 1.0, n), 1.0);
  EXPECT_EQ(noise_weight(24.0, 2.0, n), 1.0);
  // SNR 24 in white-noise units, but boxes of its duration scatter five times wider: SNR 4.8.
  EXPECT_LT(noise_weight(24.0, 5.0, n), 0.01);
  // No search summary: nothing to weigh against.
  EXPECT_EQ(noise_weight(5.0, 3.0, 0), 1.0);

  Candidate c;
  c.snr = 24.0;
  c.red_noise_factor = 5.0;
  nlohmann::json cand = {
      {"planet_probability", 0.67}, {"label", "planet"}, {"explanation", nlohmann::json::array()}};
  apply_noise_weighting(c, n, cand, {"false_positive", "planet"});
  EXPECT_LT(cand["planet_probability"].get<double>(), 0.01);
  EXPECT_EQ(cand["label"], "false_positive");
  EXPECT_NEAR(cand["noise_weighting"]["snr_against_red_noise"].get<double>(), 4.8, 1e-12);
  ASSERT_FALSE(cand["explanation"].empty());
  EXPECT_EQ(cand["explanation"][0]["feature"], "vetting:red_noise");
  EXPECT_LT(cand["explanation"][0]["contribution"].get<double>(), 0.0);

  c.red_noise_factor = 1.0;
  nlohmann::json clean = {{"planet_probability", 0.67}, {"explanation", nlohmann::json::array()}};
  apply_noise_weighting(c, n, clean, {"false_positive", "planet"});
  EXPECT_EQ(clean["planet_probability"].get<double>(), 0.67);
  EXPECT_FALSE(clean.contains("noise_weighting"));
}

TEST(NoiseWeighting, APulsatingStarsBeatsAreNotCalledPlanets) {
  DetectOptions o;
  o.threads = 2;
  const DetectionReport r = detect_planets(test_support::pulsating_star(), o);
  nlohmann::json doc = report_to_json(r);
  score_candidates(*shipped(), r, doc);
  ASSERT_FALSE(doc["candidates"].empty());
  bool weighed = false;
  for (const auto& c : doc["candidates"]) {
    EXPECT_LT(c["planet_probability"].get<double>(), 0.5) << c.dump();
    weighed |= c.contains("noise_weighting");
  }
  EXPECT_TRUE(weighed) << doc["candidates"].dump();
}

}  // namespace
}  // namespace exodetect::ml
