#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <utility>
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

TEST(TransitFit, RefusesAPosteriorThatDidNotConverge) {
  // A shallow transit (k 0.015 in 1000 ppm): its wide posterior needs about 3,500 steps.
  auto in = inject(0.015, 0.5, 1.4, 1e-3, 5);
  FitOptions opt;
  opt.max_steps = 1000;  // too short for 20 autocorrelation times
  auto fit = fit_transit(in.data, guess_for(in.truth), opt);
  EXPECT_FALSE(fit.ok);
  EXPECT_FALSE(fit.convergence.converged);
  EXPECT_NE(fit.error.find("did not converge"), std::string::npos) << fit.error;
  EXPECT_TRUE(fit.samples.empty());
  EXPECT_GT(fit.convergence.max_autocorr_time, 0);
  EXPECT_EQ(fit.max_likelihood.size(), kBestFitNames.size());  // the optimum is still given
}

TEST(TransitFit, BadInputSaysWhyWithoutThrowing) {
  FitData empty;
  auto f1 = fit_transit(empty, {3, 1, 2, 1000}, {});
  EXPECT_FALSE(f1.ok);
  EXPECT_FALSE(f1.error.empty());
  auto in = inject(0.1, 0.3, 1.4, 1e-3, 5);
  in.data.flux.pop_back();
  EXPECT_NE(fit_transit(in.data, guess_for(in.truth), {}).error.find("length"), std::string::npos);
  in = inject(0.1, 0.3, 1.4, 1e-3, 5);
  EXPECT_FALSE(fit_transit(in.data, {-1, 0, 2, 1000}, {}).error.empty());
  EXPECT_FALSE(fit_transit(in.data, {3, NAN, 2, 1000}, {}).error.empty());
  EXPECT_FALSE(fit_transit(in.data, {3, 1, 100, 1000}, {}).error.empty());  // longer than P
}

TEST(TransitFit, OddEvenAndSecondaryFromTheShape) {
  // Every other transit half as deep and an eclipse at phase 0.5: an eclipsing binary.
  auto in = inject(0.15, 0.2, 1.4, 5e-4, 9);
  TransitParams half = in.truth;
  half.rp_rs = in.truth.rp_rs / std::sqrt(2.0);
  auto shallow = transit_light_curve(in.data.time, half, 2.0 / 1440, 1);
  auto full = transit_light_curve(in.data.time, in.truth, 2.0 / 1440, 1);
  for (size_t i = 0; i < in.data.time.size(); ++i) {
    const double t = in.data.time[i];
    const long long n = std::llround((t - in.truth.t0) / in.truth.period_days);
    if (n % 2 != 0) in.data.flux[i] += shallow[i] - full[i];
    const double ds =
        std::remainder(t - in.truth.t0 - 0.5 * in.truth.period_days, in.truth.period_days);
    if (std::fabs(ds) < 0.03) in.data.flux[i] -= 2e-3;
  }
  FitOptions opt;
  opt.max_steps = 1000;  // the shape checks need only the maximum likelihood
  auto fit = fit_transit(in.data, guess_for(in.truth), opt);
  EXPECT_TRUE(fit.vetting.odd_even_mismatch) << fit.vetting.odd_even_sigma;
  EXPECT_GT(fit.vetting.even_depth_ppm, 1.5 * fit.vetting.odd_depth_ppm);
  EXPECT_TRUE(fit.vetting.secondary_eclipse) << fit.vetting.secondary_depth_ppm;
  EXPECT_GT(fit.vetting.secondary_depth_ppm, 1000);
  // Per-transit times exist for every transit and show no timing variation.
  EXPECT_GE(fit.vetting.transit_times.size(), 5u);
  EXPECT_EQ(fit.vetting.transit_times.size(), fit.vetting.o_minus_c_minutes.size());
}

TEST(TransitFit, TimingVariationsAreFlagged) {
  auto in = inject(0.1, 0.3, 1.4, 5e-4, 21);
  // Shift every other transit by 10 minutes.
  TransitParams late = in.truth;
  late.t0 += 10.0 / 1440;
  auto shifted = transit_light_curve(in.data.time, late, 2.0 / 1440, 1);
  auto base = transit_light_curve(in.data.time, in.truth, 2.0 / 1440, 1);
  for (size_t i = 0; i < in.data.time.size(); ++i) {
    const long long n = std::llround((in.data.time[i] - in.truth.t0) / in.truth.period_days);
    if (n % 2 != 0) in.data.flux[i] += shifted[i] - base[i];
  }
  FitOptions opt;
  opt.max_steps = 1000;
  auto fit = fit_transit(in.data, guess_for(in.truth), opt);
  EXPECT_TRUE(fit.vetting.ttv) << fit.vetting.ttv_sigma;
  auto clean = fit_transit(inject(0.1, 0.3, 1.4, 5e-4, 21).data, guess_for(in.truth), opt);
  EXPECT_FALSE(clean.vetting.ttv) << clean.vetting.ttv_sigma;
}

TEST(TransitFit, DeterministicForASeed) {
  auto in = inject(0.12, 0.4, 2.0, 1e-3, 3, 12.0, 10.0);
  FitOptions a;
  a.threads = 1;
  FitOptions b;
  b.threads = 2;
  auto fa = fit_transit(in.data, guess_for(in.truth), a);
  auto fb = fit_transit(in.data, guess_for(in.truth), b);
  ASSERT_EQ(fa.ok, fb.ok);
  EXPECT_EQ(fa.samples, fb.samples);
  EXPECT_EQ(fa.convergence.steps, fb.convergence.steps);
}

TEST(TransitFit, AWrongStellarDensityIsFlagged) {
  auto in = inject(0.1, 0.3, 1.4, 5e-4, 31);
  FitOptions opt;
  opt.stellar_density_cgs = 8.0;  // a star six times denser than the orbit implies
  opt.stellar_density_err_cgs = 0.5;
  auto fit = fit_transit(in.data, guess_for(in.truth), opt);
  ASSERT_TRUE(fit.ok) << fit.error;
  ASSERT_TRUE(fit.vetting.density_mismatch_sigma.has_value());
  EXPECT_TRUE(fit.vetting.density_mismatch) << *fit.vetting.density_mismatch_sigma;
  EXPECT_LT(*fit.vetting.density_mismatch_sigma, -3);
  EXPECT_FALSE(fit.vetting.v_shaped);
  EXPECT_LT(fit.vetting.grazing_probability, 0.05);
}

// A grazing eclipse, the occultor's centre outside the limb (b = 1.1 > 1 - k = 0.7): a V-shaped
// dip with no flat bottom, as an eclipsing binary's grazing eclipse is. Its k and b trade along
// a curve; sampling the model's depth at mid-transit (in place of k) lets the posterior
// converge, and the fit calls it V-shaped from the posterior's grazing probability. The central
// transits of the other tests (b = 0.3) are not V-shaped.
TEST(TransitFit, AGrazingEclipseIsVShaped) {
  auto in = inject(0.3, 1.1, 1.4, 3e-4, 41);
  auto fit = fit_transit(in.data, guess_for(in.truth, 0.2), {});
  ASSERT_TRUE(fit.ok) << fit.error;
  EXPECT_TRUE(fit.vetting.v_shaped);
  EXPECT_GT(fit.vetting.grazing_probability, 0.5);
  EXPECT_GT(fit.impact.lower, 1 - fit.rp_rs.lower);
  // The truth within about two standard deviations (the intervals doubled about the median).
  for (auto [iv, truth] : {std::pair{fit.rp_rs, 0.3}, std::pair{fit.impact, 1.1}}) {
    EXPECT_GT(truth, 2 * iv.lower - iv.median);
    EXPECT_LT(truth, 2 * iv.upper - iv.median);
  }
}

// A deep hot Jupiter in Kepler long cadence, with HAT-P-7 b's geometry (P 2.2047 d, k 0.0776,
// a/R* 4.15, b 0.5: the Kepler DR25 KOI fit of K00002.01, Thompson et al. 2018, as this fit
// finds it on Q0, docs/FIT.md) in 80 ppm of white noise per 29.4-minute cadence over a quarter.
// The exposure smears the 20-minute ingress, so b, a/R*, k and the limb darkening trade along
// curves; the posterior must still converge, within 9,000 steps (sampling b, q1 and q2
// directly takes 6,750 to more than 12,000 steps on such noise draws, 12,000 on this one), with
// the truth inside the 95% intervals.
TEST(TransitFit, AKeplerLongCadenceHotJupiterConverges) {
  TransitParams p;
  p.period_days = 2.2047;
  p.t0 = 1.3;
  p.rp_rs = 0.0776;
  p.a_rs = 4.15;
  p.impact = 0.5;
  p.ld = limb_darkening_from_kipping(0.36, 0.3);
  const double cadence = 29.4 / 1440, noise = 8e-5;
  FitData data;
  for (double t = 0; t < 90; t += cadence) data.time.push_back(t);
  data.flux = transit_light_curve(data.time, p, cadence, supersample_count(cadence));
  std::mt19937_64 rng(1);
  std::normal_distribution<double> gauss(0.0, noise);
  for (auto& f : data.flux) f += gauss(rng);
  data.flux_err.assign(data.time.size(), noise);
  data.exposure_days = cadence;
  FitOptions opt;
  opt.max_steps = 9000;
  auto fit = fit_transit(data, guess_for(p), opt);
  ASSERT_TRUE(fit.ok) << fit.error;
  // The truth inside the 95% intervals, taken from the thinned draws.
  auto inside95 = [&](const char* name, double truth) {
    size_t col = 0;
    while (col < fit.sample_names.size() && fit.sample_names[col] != name) ++col;
    std::vector<double> v;
    for (const auto& row : fit.samples) v.push_back(row[col]);
    std::sort(v.begin(), v.end());
    const double lo = v[static_cast<size_t>(0.025 * v.size())];
    const double hi = v[static_cast<size_t>(0.975 * v.size())];
    EXPECT_TRUE(truth >= lo && truth <= hi)
        << name << " " << truth << " not in [" << lo << ", " << hi << "]";
  };
  ASSERT_FALSE(fit.samples.empty());
  inside95("rp_rs", p.rp_rs);
  inside95("impact", p.impact);
  inside95("a_rs", p.a_rs);
  inside95("t14_hours", transit_duration_hours(p.period_days, p.a_rs, p.impact, p.rp_rs));
  inside95("t0_days", p.t0);
  inside95("period_days", p.period_days);
}

// Injections in white noise: the truth falls inside the 68% interval in about 68% of the fits
// (a loose bound for 12 fits; fit_bench coverage measures it properly).
TEST(TransitFit, IntervalsCoverTheTruth) {
  int inside = 0, total = 0;
  for (unsigned trial = 0; trial < 12; ++trial) {
    const double k = 0.05 + 0.01 * trial, b = 0.05 * trial;
    auto in = inject(k, b, 1.0 + 0.2 * trial, 1e-3, 100 + trial, 14.0, 10.0);
    auto fit = fit_transit(in.data, guess_for(in.truth), {});
    if (!fit.ok) continue;
    for (auto [iv, truth] : {std::pair{fit.rp_rs, k}, std::pair{fit.t0, in.truth.t0},
                             std::pair{fit.period, in.truth.period_days}}) {
      inside += truth >= iv.lower && truth <= iv.upper;
      ++total;
    }
  }
  ASSERT_GE(total, 27);
  const double share = static_cast<double>(inside) / total;
  EXPECT_GT(share, 0.45);
  EXPECT_LT(share, 0.9);
}

}  // namespace
}  // namespace exodetect::fit
