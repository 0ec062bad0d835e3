#include <gtest/gtest.h>

#include <cmath>

#include "exodetect/fit/fit_json.hpp"

namespace exodetect::fit {
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
}

}  // namespace
}  // namespace exodetect::fit
