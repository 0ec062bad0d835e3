#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "exodetect/fit/fit_json.hpp"
#include "exodetect/fit/transit_model.hpp"

namespace exodetect::fit {

using detect::detect_planets;
using detect::DetectOptions;
using detect::report_to_json;
using lightcurve::LightCurve;

namespace {

TEST(FitJson, IntervalsOnlyWhenConverged) {
  TransitFit f;
  f.ok = true;
  f.rp_rs = {0.1, 0.099, 0.101};
  f.planet_radius_earth = Interval{11.0, 10.0, 12.0};
  f.convergence.converged = true;
  f.convergence.autocorr_time = {50, 60};
  f.vetting.density_mismatch_sigma = 0.4;
  f.vetting.secondary_depth_ppm = NAN;
  f.max_likelihood_rp_rs = 0.1003;
  f.max_likelihood_a_rs = 8.5;
  f.sample_names = {"rp_rs"};
  f.samples = {{0.1}, {0.11}};
  auto j = fit_to_json(f, false);
  EXPECT_TRUE(j["converged"].get<bool>());
  for (const char* key : {"rp_rs", "a_rs", "impact", "inclination_deg", "t0", "period", "t14_hours",
                          "depth_ppm", "stellar_density_cgs", "q1", "q2"}) {
    ASSERT_TRUE(j.contains(key)) << key;
    EXPECT_TRUE(j[key].contains("median") && j[key].contains("lower") && j[key].contains("upper"));
  }
  EXPECT_DOUBLE_EQ(j["rp_rs"]["lower"].get<double>(), 0.099);
  EXPECT_DOUBLE_EQ(j["planet_radius_earth"]["upper"].get<double>(), 12.0);
  EXPECT_TRUE(j["vetting"]["secondary_depth_ppm"].is_null());  // NaN is not JSON
  EXPECT_FALSE(j.contains("samples"));
  auto with = fit_to_json(f, true);
  ASSERT_EQ(with["samples"]["values"].size(), 2u);
  EXPECT_EQ(with["samples"]["names"][0], "rp_rs");

  f.ok = false;
  f.error = "chains did not converge";
  f.convergence.converged = false;
  auto refused = fit_to_json(f, true);
  EXPECT_FALSE(refused["converged"].get<bool>());
  EXPECT_EQ(refused["error"], "chains did not converge");
  EXPECT_FALSE(refused.contains("rp_rs"));
  EXPECT_FALSE(refused.contains("samples"));
  EXPECT_EQ(refused["convergence"]["autocorr_time"].size(), 2u);
  EXPECT_TRUE(refused["vetting"]["grazing_probability"].is_null());
  EXPECT_TRUE(refused["vetting"]["v_shaped"].is_boolean());       // the best fit's geometry
  EXPECT_TRUE(refused["vetting"]["odd_even_sigma"].is_number());  // from the best fit
  // The best fit's geometry, so that a consumer needs not invert the sampled depth.
  EXPECT_DOUBLE_EQ(refused["max_likelihood"]["rp_rs"].get<double>(), 0.1003);
  EXPECT_DOUBLE_EQ(refused["max_likelihood"]["a_rs"].get<double>(), 8.5);
  // The best fit in the reported parameters (b, q1, q2: what the UI draws the model from), the
  // diagnostics per sampled parameter (b softened and squared, u1, u2).
  const auto best_names = refused["max_likelihood"]["parameters"];
  for (const char* name : {"depth", "impact", "t14_days", "q1", "q2"}) {
    EXPECT_NE(std::find(best_names.begin(), best_names.end(), name), best_names.end()) << name;
  }
  EXPECT_EQ(refused["convergence"]["parameters"][3], "impact_softened_squared");
}

}  // namespace
}  // namespace exodetect::fit

namespace exodetect::fit {
namespace {

// A search report's candidates each get a `fit`; one that does not converge says so and the
// rest of the document stays as the search made it.
TEST(CandidateFits, AddedToEveryCandidateWithoutFailingTheSearch) {
  LightCurve lc;
  TransitParams p;
  p.t0 = 2.0;
  p.period_days = 3.3;
  p.rp_rs = 0.03;  // shallow: its posterior needs about 2,500 steps
  p.a_rs = 9.0;
  p.impact = 0.2;
  for (double t = 0; t < 27; t += 10.0 / 1440) lc.time.push_back(t);
  lc.flux = transit_light_curve(lc.time, p, 10.0 / 1440, 5);
  for (size_t i = 0; i < lc.flux.size(); ++i) lc.flux[i] += 1e-3 * std::sin(1e3 * i * i);
  lc.flux_err.assign(lc.time.size(), 7e-4);
  lc.segment.assign(lc.time.size(), 0);
  lc.stellar.radius_sun = 1.0;
  DetectOptions d;
  d.threads = 2;
  d.max_planets = 1;
  const auto report = detect_planets(lc, d);
  ASSERT_FALSE(report.candidates.empty());
  auto doc = report_to_json(report);
  const auto before = doc["candidates"][0]["period"];
  FitOptions opt;
  opt.max_steps = 1000;  // too short to converge
  add_candidate_fits(report, doc, opt, true);
  const auto& fit = doc["candidates"][0]["fit"];
  EXPECT_FALSE(fit["converged"].get<bool>());
  EXPECT_TRUE(fit["error"].is_string());
  EXPECT_FALSE(fit.contains("rp_rs"));
  EXPECT_EQ(doc["candidates"][0]["period"], before);
  // The data the fit saw: the detrended curve, every point but clipped ones.
  EXPECT_GT(candidate_fit_data(report, 0).time.size(), lc.size() * 9 / 10);
}

}  // namespace
// A search's fit_max_steps (from the parameter table, as the API and CLI set it) reaches the
// sampler; 0, the default, keeps the fit's own limit.
TEST(FitOptionsOfASearch, TheStepLimitReachesTheSampler) {
  const auto defaults = fit_options(detect::search_parameters_from_json({}), 3);
  EXPECT_EQ(defaults.max_steps, FitOptions{}.max_steps);
  EXPECT_EQ(defaults.threads, 3);
  const auto longer =
      fit_options(detect::search_parameters_from_json({{"fit_max_steps", 40000}}), 1);
  EXPECT_EQ(longer.max_steps, 40000);
}

}  // namespace exodetect::fit
