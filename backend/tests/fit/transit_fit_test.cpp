#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

#include "exodetect/fit/transit_fit.hpp"
#include "exodetect/fit/transit_model.hpp"

namespace exodetect::fit {
namespace {

struct Injected {
  FitData data;
  TransitParams truth;
};

// A transit injected into white noise: `span` days at `cadence_min` minutes.
Injected inject(double k, double b, double density, double noise, unsigned seed, double span = 27.0,
                double cadence_min = 2.0) {
  Injected in;
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uni(0.0, 1.0);
  std::normal_distribution<double> gauss(0.0, noise);
  TransitParams& p = in.truth;
  p.period_days = 2.0 + 3.0 * uni(rng);
  p.t0 = 1.0 + uni(rng) * p.period_days;
  p.rp_rs = k;
  p.impact = b;
  p.a_rs = a_rs_from_density(density, p.period_days);
  p.ld = limb_darkening_from_kipping(0.2 + 0.6 * uni(rng), 0.2 + 0.6 * uni(rng));
  const double cadence = cadence_min / 1440;
  for (double t = 0; t < span; t += cadence) in.data.time.push_back(t);
  in.data.flux = transit_light_curve(in.data.time, p, cadence, supersample_count(cadence));
  for (auto& f : in.data.flux) f += gauss(rng);
  in.data.flux_err.assign(in.data.time.size(), noise);
  in.data.exposure_days = cadence;
  return in;
}

TransitGuess guess_for(const TransitParams& p, double depth_scale = 1.0) {
  TransitGuess g;
  g.period_days = p.period_days * (1 + 2e-5);
  g.t0 = p.t0 + 0.004;
  g.duration_hours = transit_duration_hours(p.period_days, p.a_rs, p.impact, p.rp_rs) * 0.8;
  g.depth_ppm = p.rp_rs * p.rp_rs * 1e6 * depth_scale;
  return g;
}

TEST(TransitFit, RecoversAnInjectedTransitWithCalibratedErrors) {
  auto in = inject(0.1, 0.3, 1.4, 1e-3, 11);
  FitOptions opt;
  auto fit = fit_transit(in.data, guess_for(in.truth), opt);
  ASSERT_TRUE(fit.ok) << fit.error;
  EXPECT_TRUE(fit.convergence.converged);
  EXPECT_LT(fit.convergence.max_split_rhat, 1.1);
  auto within = [](const Interval& iv, double truth, double n_sigma) {
    double half = 0.5 * (iv.upper - iv.lower);
    return std::fabs(iv.median - truth) < n_sigma * half;
  };
  EXPECT_TRUE(within(fit.rp_rs, 0.1, 4)) << fit.rp_rs.median;
  EXPECT_TRUE(within(fit.period, in.truth.period_days, 4)) << fit.period.median;
  EXPECT_TRUE(within(fit.t0, in.truth.t0, 4)) << fit.t0.median;
  EXPECT_TRUE(within(fit.stellar_density_cgs, 1.4, 4)) << fit.stellar_density_cgs.median;
  EXPECT_LT(fit.rp_rs.upper - fit.rp_rs.lower, 0.01);
  EXPECT_FALSE(fit.samples.empty());
  EXPECT_LE(fit.samples.size(), 2000u);
  EXPECT_EQ(fit.samples.front().size(), fit.sample_names.size());
  EXPECT_FALSE(fit.vetting.odd_even_mismatch);
  EXPECT_FALSE(fit.vetting.v_shaped);
}

}  // namespace
}  // namespace exodetect::fit
