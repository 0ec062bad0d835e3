// The noise weighting of search candidates: a candidate's significance against the red noise
// at its own duration, and a pulsating star whose beats the search reads as transits.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "exodetect/common/constants.hpp"
#include "exodetect/detect/pipeline.hpp"
#include "exodetect/detect/significance.hpp"
#include "exodetect/lightcurve/light_curve.hpp"
#include "exodetect/ml/scoring.hpp"
#include "ml_fixture.hpp"

namespace exodetect::ml {

using common::kPi;
using detect::auto_snr_threshold;
using detect::Candidate;
using detect::detect_planets;
using detect::DetectionReport;
using detect::DetectOptions;
using detect::noise_false_alarm_probability;
using detect::report_to_json;
using lightcurve::LightCurve;
using lightcurve::read_light_curve;

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

// WASP-100's TESS sector (TIC 38846515) with its planet's transits cut out (P 2.849375 d,
// mid-transit BTJD 1326.7443; Hellier et al. 2014 and the TOI table), read as a CSV without a
// star would be, times six delta Scuti-like modes of 1.0-7.0 hours and 400-1,300 ppm (curve 6
// of backend/bench/pulsator_curves.py, its parameters rounded).
LightCurve pulsating_star() {
  const LightCurve lc = read_light_curve(
      kData + "/lightcurves/tess2018206045859-s0001-0000000038846515-0120-s_lc.fits.gz");
  struct Mode {
    double period_days, amplitude, phase;
  };
  const Mode modes[] = {{0.04091, 0.000483, 2.9171}, {0.2904, 0.000511, 2.0458},
                        {0.08176, 0.00096, 0.3471},  {0.2017, 0.000401, 6.1267},
                        {0.07084, 0.000877, 0.3254}, {0.22253, 0.001256, 3.2586}};
  LightCurve out;
  out.mission = lc.mission;
  out.time_system = lc.time_system;
  out.bjd_reference_days = lc.bjd_reference_days;
  for (size_t i = 0; i < lc.size(); ++i) {
    const double period = 2.849375, t0 = 1326.7443;
    if (std::abs(std::remainder(lc.time[i] - t0, period)) < 0.12) continue;
    double f = lc.flux[i];
    for (const Mode& m : modes)
      f *= 1 + m.amplitude * std::sin(2 * kPi * lc.time[i] / m.period_days + m.phase);
    out.time.push_back(lc.time[i]);
    out.flux.push_back(f);
    out.flux_err.push_back(lc.flux_err[i]);
    out.segment.push_back(lc.segment.empty() ? 0 : lc.segment[i]);
  }
  out.n_points_raw = out.size();
  return out;
}

TEST(NoiseWeighting, APulsatingStarsBeatsAreNotCalledPlanets) {
  DetectOptions o;
  o.threads = 2;
  const DetectionReport r = detect_planets(pulsating_star(), o);
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
