#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

#include "exodetect/search/bls.hpp"

namespace exodetect::search {

using common::kPi;
using common::kSolarDensityCgs;

namespace {

struct Series {
  std::vector<double> time, flux, err;
};

// White noise at `cadence_days` with an optional box transit (depth relative, duration days).
Series synthetic(double span_days, double cadence_days, double noise, unsigned seed,
                 double period = 0, double t0 = 0, double duration = 0, double depth = 0) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> gauss(0.0, noise);
  Series s;
  for (double t = 1000.0; t < 1000.0 + span_days; t += cadence_days) {
    double f = 1.0 + gauss(rng);
    if (period > 0) {
      const double phase = std::remainder(t - t0, period);
      if (std::abs(phase) < 0.5 * duration) f -= depth;
    }
    s.time.push_back(t);
    s.flux.push_back(f);
    s.err.push_back(noise);
  }
  return s;
}

size_t argmax(const std::vector<double>& v) {
  return static_cast<size_t>(std::max_element(v.begin(), v.end()) - v.begin());
}

// Brute force on the documented phase grid: every period, duration and box start, membership
// decided point by point, astropy's likelihood written out from the weighted means.
struct BruteBest {
  double power = 0, depth = 0, depth_err = 0, duration = 0, t0 = 0;
};

BruteBest brute_force(const Series& s, double period, const std::vector<double>& hours) {
  const double d_min = *std::min_element(hours.begin(), hours.end()) / 24.0;
  const double step = d_min / kPhaseStepsPerDuration;
  const int n_bins = static_cast<int>(std::ceil(period / step));
  const double t_ref = *std::min_element(s.time.begin(), s.time.end());
  std::vector<int> bin(s.time.size());
  for (size_t i = 0; i < s.time.size(); ++i) {
    const double t = s.time[i] - t_ref;
    bin[i] = std::min(static_cast<int>((t - period * std::floor(t / period)) / step), n_bins - 1);
  }
  BruteBest best;
  for (double h : hours) {
    const int d = std::max(1, static_cast<int>(std::lround(h / 24.0 / step)));
    if (d * step > kMaxDutyCycle * period) continue;
    for (int n = 0; n < n_bins; ++n) {
      double wi = 0, yi = 0, wo = 0, yo = 0;
      for (size_t i = 0; i < s.time.size(); ++i) {
        const double w = 1.0 / (s.err[i] * s.err[i]);
        const bool in = ((bin[i] - n) % n_bins + n_bins) % n_bins < d;
        (in ? wi : wo) += w;
        (in ? yi : yo) += w * s.flux[i];
      }
      if (wi <= 0 || wo <= 0) continue;
      const double depth = yo / wo - yi / wi;
      const double loglike = 0.5 * wi * depth * depth;
      if (depth > 0 && loglike > best.power) {
        best.power = loglike;
        best.depth = depth;
        best.depth_err = std::sqrt(1.0 / wi + 1.0 / wo);
        best.duration = d * step;
        const double mid = (n + 0.5 * d) * step;
        best.t0 = t_ref + mid - period * std::floor(mid / period);
      }
    }
  }
  return best;
}

TEST(Bls, BinnedKernelEqualsBruteForceOnEveryPeriod) {
  Series s = synthetic(12.0, 0.02, 1e-3, 7, 2.3, 1001.1, 0.12, 2e-3);
  // Unequal errors so the weights matter.
  std::mt19937_64 rng(3);
  std::uniform_real_distribution<double> u(0.5e-3, 2e-3);
  for (double& e : s.err) e = u(rng);
  std::vector<double> periods;
  for (double p = 0.9; p < 4.0; p *= 1.037) periods.push_back(p);
  const std::vector<double> hours = {1.5, 3.0, 4.5};
  const Periodogram pg = bls_periodogram_exact(s.time, s.flux, s.err, periods, hours, 2);
  ASSERT_EQ(pg.power.size(), periods.size());
  for (size_t k = 0; k < periods.size(); ++k) {
    const BruteBest ref = brute_force(s, periods[k], hours);
    ASSERT_GT(ref.power, 0.0);
    EXPECT_NEAR(pg.power[k], ref.power, 1e-9 * ref.power) << "period " << periods[k];
    EXPECT_NEAR(pg.depth[k], ref.depth, 1e-9) << "period " << periods[k];
    EXPECT_NEAR(pg.depth_err[k], ref.depth_err, 1e-12) << "period " << periods[k];
    EXPECT_NEAR(pg.duration_days[k], ref.duration, 1e-12);
    EXPECT_NEAR(pg.t0[k], ref.t0, 1e-9);
  }
}

// The fast (fast-folding) kernel against the exact fold: same peak, same box, power within the
// phase-step tolerance, on 2-min (TESS) and 30-min (Kepler) cadences with gaps.
TEST(Bls, FastKernelMatchesExactFold) {
  struct Case {
    double span, cadence, period, t0, hours, depth;
  };
  for (const Case c : {Case{27.0, 2.0 / 1440, 3.3, 1001.0, 2.0, 600e-6},
                       Case{27.0, 2.0 / 1440, 0.71, 1000.3, 1.0, 1200e-6},
                       Case{160.0, 29.4 / 1440, 17.9, 1010.0, 5.0, 800e-6},
                       Case{160.0, 29.4 / 1440, 1.37, 1000.9, 2.0, 400e-6}}) {
    Series s = synthetic(c.span, c.cadence, 1e-3, 17, c.period, c.t0, c.hours / 24, c.depth);
    // A data gap, as between Kepler quarters or TESS orbits.
    for (size_t i = 0; i < s.time.size(); ++i) {
      if (std::fmod(s.time[i] - 1000.0, 0.5 * c.span) < 0.04 * c.span) s.flux[i] = NAN;
    }
    Series g;
    for (size_t i = 0; i < s.time.size(); ++i) {
      if (std::isnan(s.flux[i])) continue;
      g.time.push_back(s.time[i]);
      g.flux.push_back(s.flux[i]);
      g.err.push_back(s.err[i]);
    }
    const auto periods = ofir_period_grid(c.span, 0.5, 0.5 * c.span, 1.41, 3.0);
    const std::vector<double> hours = {1, 2, 3, 4, 6, 8};
    const Periodogram fast = bls_periodogram(g.time, g.flux, g.err, periods, hours, 2);
    const Periodogram exact = bls_periodogram_exact(g.time, g.flux, g.err, periods, hours, 2);
    const size_t kf = argmax(fast.power), ke = argmax(exact.power);
    EXPECT_NEAR(fast.period_days[kf], c.period, 1e-3 * c.period) << c.period;
    EXPECT_NEAR(exact.period_days[ke], c.period, 1e-3 * c.period) << c.period;
    EXPECT_GT(fast.power[kf], 0.85 * exact.power[ke]) << c.period;
    EXPECT_LT(fast.power[kf], 1.15 * exact.power[ke]) << c.period;
    EXPECT_NEAR(fast.depth[kf], exact.depth[ke], 0.15 * c.depth) << c.period;
    EXPECT_LT(std::abs(std::remainder(fast.t0[kf] - c.t0, c.period)), 0.5 * c.hours / 24);
    const auto sde_fast = signal_detection_efficiency(fast);
    const auto sde_exact = signal_detection_efficiency(exact);
    EXPECT_GT(sde_fast[kf], 0.85 * sde_exact[ke]) << c.period;
    // Away from the signal both are noise of the same level.
    std::vector<double> ratio;
    for (size_t k = 0; k < periods.size(); ++k) ratio.push_back(fast.power[k] / exact.power[k]);
    std::nth_element(ratio.begin(), ratio.begin() + ratio.size() / 2, ratio.end());
    EXPECT_NEAR(ratio[ratio.size() / 2], 1.0, 0.15) << c.period;
  }
}

// Sectors a year apart, as lightkurve stitches them: most phase-step bins of the span are empty
// and the fast kernel folds only the occupied ones. It must still find what the exact fold does.
TEST(Bls, FastKernelMatchesExactFoldOnSectorsAYearApart) {
  const double span = 400.0, period = 11.3, t0 = 1001.0, hours = 3.0, depth = 900e-6;
  const Series s = synthetic(span, 10.0 / 1440, 1e-3, 23, period, t0, hours / 24, depth);
  Series g;
  for (size_t i = 0; i < s.time.size(); ++i) {
    const double t = s.time[i] - 1000.0;
    if (t > 27.0 && t < span - 27.0) continue;
    g.time.push_back(s.time[i]);
    g.flux.push_back(s.flux[i]);
    g.err.push_back(s.err[i]);
  }
  const auto periods = ofir_period_grid(span, 0.5, 20.0, 1.41, 3.0);
  const std::vector<double> durations = {1, 2, 3, 4, 6};
  const Periodogram fast = bls_periodogram(g.time, g.flux, g.err, periods, durations, 2);
  const Periodogram exact = bls_periodogram_exact(g.time, g.flux, g.err, periods, durations, 2);
  const size_t kf = argmax(fast.power), ke = argmax(exact.power);
  EXPECT_NEAR(fast.period_days[kf], period, 1e-4 * period);
  EXPECT_NEAR(fast.period_days[kf], exact.period_days[ke], 1e-4 * period);
  EXPECT_GT(fast.power[kf], 0.85 * exact.power[ke]);
  EXPECT_LT(fast.power[kf], 1.15 * exact.power[ke]);
  EXPECT_NEAR(fast.depth[kf], depth, 0.2 * depth);
  EXPECT_LT(std::abs(std::remainder(fast.t0[kf] - t0, period)), 0.5 * hours / 24);
  // The same phase as the exact fold, within its step (a quarter of the shortest duration).
  const double step_days = 1.0 / 24 / kPhaseStepsPerDuration;
  EXPECT_LT(std::abs(std::remainder(fast.t0[kf] - exact.t0[ke], period)), 0.75 * step_days)
      << fast.t0[kf] << " " << exact.t0[ke];
  // Every period, not only the peak: the folds agree within the phase step's tolerance.
  std::vector<double> ratio;
  for (size_t k = 0; k < periods.size(); ++k) ratio.push_back(fast.power[k] / exact.power[k]);
  std::sort(ratio.begin(), ratio.end());
  EXPECT_NEAR(ratio[ratio.size() / 2], 1.0, 0.1);
  EXPECT_GT(ratio[ratio.size() / 20], 0.6);
}

TEST(Bls, UniformWeightsScaleWithErrors) {
  const Series s = synthetic(10.0, 0.02, 1e-3, 11, 2.0, 1000.5, 0.1, 3e-3);
  const std::vector<double> periods = {1.5, 2.0, 2.5};
  const std::vector<double> hours = {2.0, 3.0};
  const Periodogram none = bls_periodogram(s.time, s.flux, {}, periods, hours, 1);
  const Periodogram with = bls_periodogram(s.time, s.flux, s.err, periods, hours, 1);
  for (size_t k = 0; k < periods.size(); ++k) {
    // The fast kernel sums folded bins in float: agreement to float precision.
    EXPECT_NEAR(with.power[k], none.power[k] / (1e-3 * 1e-3), 1e-5 * with.power[k]);
    EXPECT_NEAR(with.depth[k], none.depth[k], 1e-5 * std::abs(with.depth[k]));
    EXPECT_NEAR(with.depth_err[k], none.depth_err[k] * 1e-3, 1e-5 * with.depth_err[k]);
  }
}

TEST(Bls, OfirGridProperties) {
  const double span = 27.0, os = 3.0, rho = 1.41;
  const std::vector<double> p = ofir_period_grid(span, 0.5, 13.5, rho, os);
  ASSERT_GT(p.size(), 1000u);
  EXPECT_TRUE(std::is_sorted(p.begin(), p.end()));
  EXPECT_GE(p.front(), 0.5);
  EXPECT_LE(p.back(), 13.5 * (1 + 1e-12));
  EXPECT_NEAR(p.back(), 13.5, 1e-9);
  // Uniform in frequency^(1/3), with the step A/3 of Ofir (2014) eq. (5).
  const double pi = kPi, g = 6.674e-11, day = 86400.0;
  const double a = std::pow(2 * pi, 2.0 / 3) / pi * std::cbrt(3.0 / (4 * pi * g * rho * 1000)) /
                   (span * day * os);
  for (size_t i = 1; i < p.size(); ++i) {
    const double dx = std::cbrt(1 / (p[i - 1] * day)) - std::cbrt(1 / (p[i] * day));
    ASSERT_NEAR(dx, a / 3, 1e-9 * a);
  }
  // The count grows linearly with span and oversampling.
  const auto n2 = ofir_period_grid(2 * span, 0.5, 13.5, rho, os).size();
  const auto n3 = ofir_period_grid(span, 0.5, 13.5, rho, 2 * os).size();
  EXPECT_NEAR(static_cast<double>(n2), 2.0 * p.size(), 2.0);
  EXPECT_NEAR(static_cast<double>(n3), 2.0 * p.size(), 2.0);
  // Denser stars have shorter transits, so need finer sampling: more trials (rho^(1/3)).
  const auto n_dense = ofir_period_grid(span, 0.5, 13.5, 8 * rho, os).size();
  EXPECT_NEAR(static_cast<double>(n_dense), 2.0 * p.size(), 2.0);
  // Default maximum: half the span.
  EXPECT_NEAR(ofir_period_grid(span, 0.5, 0, rho, os).back(), 13.5, 1e-9);
  EXPECT_THROW(ofir_period_grid(0, 0.5, 10, rho, os), std::invalid_argument);
  EXPECT_THROW(ofir_period_grid(span, 0, 10, rho, os), std::invalid_argument);
  EXPECT_THROW(ofir_period_grid(span, 0.5, 10, -1, os), std::invalid_argument);
  EXPECT_THROW(ofir_period_grid(span, 0.5, 10, rho, 0), std::invalid_argument);
  EXPECT_THROW(ofir_period_grid(span, 5, 4, rho, os), std::invalid_argument);
  // The count is the grid's size, known without building it.
  EXPECT_EQ(ofir_period_count(span, 0.5, 13.5, rho, os), static_cast<double>(p.size()));
  EXPECT_EQ(ofir_period_count(2 * span, 0.5, 13.5, rho, os), static_cast<double>(n2));
}

// A span of 1e16 days asks for ~1e19 periods: counted, and refused instead of allocated.
TEST(Bls, OfirGridTooLongForAnySearchIsRefused) {
  const double count = ofir_period_count(1e16, 0.5, 100, 1.41, 3.0);
  EXPECT_GT(count, 1e18);
  EXPECT_GT(count, kMaxPeriodDurationTrials);
  EXPECT_THROW(ofir_period_grid(1e16, 0.5, 100, 1.41, 3.0), std::invalid_argument);
  EXPECT_THROW(ofir_period_grid(27, 0.5, 13.5, 1e30, 3.0), std::invalid_argument);
  EXPECT_THROW(ofir_period_count(27, 0.5, 13.5, 1e-320, 3.0), std::invalid_argument);
}

TEST(Bls, TransitDurationRangeFollowsThePhysics) {
  // The Sun seen from 1 au: a central transit of the Earth lasts 13.0 h (Winn 2010, eq. 18
  // with b = 0: P / pi * asin(R_sun / a) = 365.25 d / pi * asin(1 / 215.03)).
  const DurationRange sun = transit_duration_range(365.25, kSolarDensityCgs);
  const double earth_hours = 365.25 / M_PI * std::asin(1 / 215.03) * 24;
  EXPECT_NEAR(earth_hours, 12.97, 0.01);
  EXPECT_LT(sun.min_hours, earth_hours);
  EXPECT_GT(sun.max_hours, earth_hours);
  // Unknown star: TRAPPIST-1 b (P 1.51 d, T14 36.4 min; Agol et al. 2021, Table 4) and the
  // issue's 0.5-h transits of a 1.2-d M-dwarf planet are inside the range, and so is at least
  // 0.25 h below 1.5 d; Kepler-90 h (P 331.6 d, 14.4 h; KOI table) and 15 h at 60 d and more.
  EXPECT_LT(transit_duration_range(1.51, std::nullopt).min_hours, 36.4 / 60);
  EXPECT_LE(transit_duration_range(1.49, std::nullopt).min_hours, 0.25);
  EXPECT_LT(transit_duration_range(1.2, std::nullopt).min_hours, 0.5);
  EXPECT_GE(transit_duration_range(60, std::nullopt).max_hours, 15.0);
  EXPECT_GT(transit_duration_range(331.6, std::nullopt).max_hours, 14.4);
  // A dense star's range sits below a sparse one's.
  EXPECT_LT(transit_duration_range(10, 20.0).max_hours, transit_duration_range(10, 0.5).max_hours);
  EXPECT_LT(transit_duration_range(10, 20.0).min_hours, transit_duration_range(10, 0.5).min_hours);
  EXPECT_THROW(transit_duration_range(0, std::nullopt), std::invalid_argument);
  EXPECT_THROW(transit_duration_range(1, -1.0), std::invalid_argument);
}

TEST(Bls, DefaultDurationsCoverEveryPeriodsRange) {
  for (auto density :
       {std::optional<double>{}, std::optional<double>{1.41}, std::optional<double>{30.0}}) {
    const auto hours = default_durations_hours(0.5, 100.0, density);
    ASSERT_GE(hours.size(), 2u);
    EXPECT_LE(hours.size(), kMaxTrialDurations);
    for (size_t i = 1; i < hours.size(); ++i) {
      EXPECT_GT(hours[i], hours[i - 1]);
      EXPECT_LE(hours[i] / hours[i - 1], kDurationGridRatio * (1 + 1e-12));
    }
    for (double p : {0.5, 1.2, 10.0, 100.0}) {
      const DurationRange r = transit_duration_range(p, density);
      EXPECT_LE(hours.front(), r.min_hours * (1 + 1e-12)) << p;
      EXPECT_GE(hours.back(), std::min(r.max_hours, kMaxDutyCycle * p * 24) * (1 - 1e-12)) << p;
    }
  }
  EXPECT_LE(default_durations_hours(0.5, 13.5).front(), 0.25);
  EXPECT_GE(default_durations_hours(0.5, 100.0).back(), 15.0);
  EXPECT_THROW(default_durations_hours(0, 10), std::invalid_argument);
  EXPECT_THROW(default_durations_hours(5, 1), std::invalid_argument);
}

// With a prior each period tests its own durations: a 0.4-h box that an M dwarf's 1-day
// planet can make is not tried at 40 days, where a transit lasts hours.
TEST(Bls, PriorLimitsDurationsPerPeriod) {
  const Series s = synthetic(200.0, 10.0 / 1440, 1e-3, 11);
  const std::vector<double> periods = {1.0, 40.0};
  const auto hours = default_durations_hours(0.5, 50.0);
  const Periodogram free = bls_periodogram(s.time, s.flux, s.err, periods, hours, 1);
  const Periodogram sized =
      bls_periodogram(s.time, s.flux, s.err, periods, hours, 1, {}, DurationPrior{});
  const DurationRange at40 = transit_duration_range(40.0, std::nullopt);
  EXPECT_GE(sized.duration_days[1] * 24, at40.min_hours / kDurationGridRatio - 0.2);
  EXPECT_LE(sized.duration_days[1] * 24, at40.max_hours * kDurationGridRatio + 0.2);
  // Noise prefers the shortest boxes: without the prior the long period picks one.
  EXPECT_LT(free.duration_days[1] * 24, at40.min_hours / kDurationGridRatio);
  EXPECT_GE(free.power[1], sized.power[1]);
}

TEST(Bls, RecoversInjectedBoxesAtTheirParameters) {
  struct Case {
    double period, t0, hours, depth;
  };
  for (const Case c : {Case{3.71, 1001.3, 2.5, 800e-6}, Case{0.83, 1000.2, 1.0, 1500e-6},
                       Case{11.2, 1005.0, 6.0, 700e-6}}) {
    const Series s = synthetic(27.0, 2.0 / 1440, 1e-3, 42, c.period, c.t0, c.hours / 24, c.depth);
    const auto periods = ofir_period_grid(27.0, 0.5, 13.5, 1.41, 3.0);
    const auto hours = default_durations_hours(0.5, 13.5);
    const Periodogram pg = bls_periodogram(s.time, s.flux, s.err, periods, hours, 2);
    const size_t k = argmax(pg.power);
    EXPECT_NEAR(pg.period_days[k], c.period, 2e-3 * c.period) << c.period;
    EXPECT_NEAR(pg.depth[k], c.depth, 0.2 * c.depth) << c.period;
    EXPECT_NEAR(pg.duration_days[k] * 24, c.hours, 0.51 * c.hours) << c.period;
    const double dt = std::remainder(pg.t0[k] - c.t0, c.period);
    EXPECT_LT(std::abs(dt), 0.5 * c.hours / 24) << c.period;
    EXPECT_GT(signal_detection_efficiency(pg)[k], 10.0) << c.period;
  }
}

TEST(Bls, PureNoiseHasLowSde) {
  // TESS-sized searches of pure noise peak at SDE 5-7 (bench/injection_recovery_bench); a
  // spectrum left undetrended or mis-normalised lands far above.
  std::vector<double> peaks;
  for (unsigned seed : {1u, 2u, 3u}) {
    const Series s = synthetic(27.0, 2.0 / 1440, 1e-3, seed);
    const auto periods = ofir_period_grid(27.0, 0.5, 13.5, 1.41, 3.0);
    const Periodogram pg =
        bls_periodogram(s.time, s.flux, s.err, periods, default_durations_hours(0.5, 13.5), 2);
    const auto sde = signal_detection_efficiency(pg);
    peaks.push_back(*std::max_element(sde.begin(), sde.end()));
    EXPECT_LT(peaks.back(), 8.5) << seed;
  }
  std::sort(peaks.begin(), peaks.end());
  EXPECT_LT(peaks[1], 7.0);
}

TEST(Bls, SdeOfAFlatSpectrumIsZeroAndOfASpikeIsLarge) {
  Periodogram pg;
  pg.power.assign(500, 1.0);
  EXPECT_EQ(signal_detection_efficiency(pg), std::vector<double>(500, 0.0));
  std::mt19937_64 rng(5);
  std::normal_distribution<double> gauss(10.0, 1.0);
  for (size_t i = 0; i < pg.power.size(); ++i) pg.power[i] = gauss(rng) + 0.01 * i;  // trend
  pg.power[250] += 20.0;
  const auto sde = signal_detection_efficiency(pg);
  EXPECT_EQ(argmax(sde), 250u);
  EXPECT_GT(sde[250], 15.0);
}

TEST(Bls, ThreadCountDoesNotChangeTheResult) {
  const Series s = synthetic(27.0, 2.0 / 1440, 1e-3, 9, 4.2, 1002.0, 0.1, 1e-3);
  const auto periods = ofir_period_grid(27.0, 0.5, 13.5, 1.41, 3.0);
  const auto hours = default_durations_hours(0.5, 13.5);
  double last = -1;
  int calls = 0;
  const Periodogram one = bls_periodogram(s.time, s.flux, s.err, periods, hours, 1);
  const Periodogram two = bls_periodogram(s.time, s.flux, s.err, periods, hours, 2, [&](double f) {
    EXPECT_GT(f, last);
    last = f;
    ++calls;
  });
  EXPECT_EQ(one.power, two.power);
  EXPECT_EQ(one.t0, two.t0);
  EXPECT_EQ(one.depth, two.depth);
  EXPECT_EQ(one.duration_days, two.duration_days);
  EXPECT_GT(calls, 0);
  EXPECT_DOUBLE_EQ(last, 1.0);
}

TEST(Bls, BadInputThrows) {
  const std::vector<double> t = {0, 1, 2, 3}, f = {1, 1, 0.9, 1}, p = {1.5}, h = {2.0};
  EXPECT_THROW(bls_periodogram(t, {1, 1}, {}, p, h, 1), std::invalid_argument);
  EXPECT_THROW(bls_periodogram(t, f, {1, 1}, p, h, 1), std::invalid_argument);
  EXPECT_THROW(bls_periodogram({0, 1}, {1, 1}, {}, p, h, 1), std::invalid_argument);
  EXPECT_THROW(bls_periodogram({0, 0, 0}, {1, 1, 1}, {}, p, h, 1), std::invalid_argument);
  EXPECT_THROW(bls_periodogram(t, {1, NAN, 1, 1}, {}, p, h, 1), std::invalid_argument);
  EXPECT_THROW(bls_periodogram(t, f, {1, 0, 1, 1}, p, h, 1), std::invalid_argument);
  EXPECT_THROW(bls_periodogram(t, f, {}, {-1.0}, h, 1), std::invalid_argument);
  EXPECT_THROW(bls_periodogram(t, f, {}, p, {}, 1), std::invalid_argument);
  EXPECT_THROW(bls_periodogram(t, f, {}, p, {0.0}, 1), std::invalid_argument);
  EXPECT_THROW(bls_periodogram(t, f, {}, p, {12.0}, 1), std::invalid_argument);  // > P/4
  EXPECT_NO_THROW(bls_periodogram(t, f, {}, {}, h, 1));
}

}  // namespace
}  // namespace exodetect::search
