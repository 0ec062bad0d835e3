#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

#include "exodetect/common/constants.hpp"
#include "exodetect/lightcurve/detrend.hpp"

namespace exodetect::lightcurve {

using common::kPi;

namespace {

constexpr double kCadence = 0.0204;  // days, Kepler long cadence

std::vector<double> times(double span, double cadence) {
  std::vector<double> t;
  for (double x = 0; x < span; x += cadence) t.push_back(x);
  return t;
}

std::vector<double> noisy(const std::vector<double>& truth, double sigma, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, sigma);
  std::vector<double> f = truth;
  for (double& v : f) v += noise(rng);
  return f;
}

// Straightforward wotan-style biweight, one window at a time: the reference the sliding
// implementation must match.
double median_of(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

std::vector<double> reference_biweight(const std::vector<double>& t, const std::vector<double>& f,
                                       double window, double c) {
  std::vector<double> trend(t.size());
  for (size_t i = 0; i < t.size(); ++i) {
    std::vector<double> w;
    for (size_t j = 0; j < t.size(); ++j) {
      if (std::fabs(t[j] - t[i]) <= window / 2) w.push_back(f[j]);
    }
    double center = median_of(w);
    std::vector<double> dev;
    for (double x : w) dev.push_back(std::fabs(x - center));
    double mad = median_of(dev);
    for (int it = 0; it < 100; ++it) {
      double num = 0, den = 0;
      for (double x : w) {
        double u = (x - center) / (c * mad);
        if (std::fabs(u) < 1) {
          num += (x - center) * (1 - u * u) * (1 - u * u);
          den += (1 - u * u) * (1 - u * u);
        }
      }
      double step = num / den;
      center += step;
      if (std::fabs(step) < 1e-12) break;
    }
    trend[i] = center;
  }
  return trend;
}

TEST(Detrend, MatchesBruteForceReference) {
  std::vector<double> t = times(6.0, kCadence);
  std::vector<double> truth(t.size());
  for (size_t i = 0; i < t.size(); ++i) truth[i] = 1.0 + 0.003 * std::sin(t[i]);
  std::vector<double> f = noisy(truth, 5e-4, 1);
  std::mt19937 rng(2);
  for (size_t i = 0; i < f.size(); i += 37) f[i] -= 0.004 * (rng() % 3);  // outliers both ways
  DetrendOptions options;
  options.upper_clip_sigma = 0;  // the plain filter
  options.nodes_per_window = 0;  // evaluated at every point
  DetrendResult r = biweight_detrend(t, f, {}, options);
  std::vector<double> ref = reference_biweight(t, f, options.window_days, options.biweight_c);
  for (size_t i = 0; i < t.size(); ++i) {
    // Converged to 1e-3 MAD (MAD ~ 3.4e-4 here): differences stay far below the noise.
    ASSERT_NEAR(r.trend[i], ref[i], 2e-6) << "i=" << i;
    ASSERT_DOUBLE_EQ(r.flux[i], f[i] / r.trend[i]);
  }
  EXPECT_EQ(std::count(r.clipped.begin(), r.clipped.end(), 1), 0);
}

TEST(Detrend, RecoversSmoothTrend) {
  std::vector<double> t = times(30.0, kCadence);
  std::vector<double> truth(t.size());
  for (size_t i = 0; i < t.size(); ++i) {
    truth[i] = 1.0 + 0.004 * std::sin(2 * kPi * t[i] / 12.0) + 0.002 * t[i] / 30.0;
  }
  // Within half a window of the ends the window is one-sided and follows the slope late, as
  // in wotan; the comparison covers the rest.
  auto interior = [&t](size_t i) { return t[i] > 0.375 && t[i] < t.back() - 0.375; };
  DetrendResult exact = biweight_detrend(t, truth, {}, DetrendOptions{});
  double worst = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    if (interior(i)) worst = std::max(worst, std::fabs(exact.trend[i] - truth[i]));
  }
  // Curvature bias only: about f'' w^2 / 24 = 0.004 (2 pi / 12)^2 0.75^2 / 24 = 2.6e-5.
  EXPECT_LT(worst, 3e-5);

  std::vector<double> f = noisy(truth, 2e-4, 3);
  DetrendResult r = biweight_detrend(t, f, {}, DetrendOptions{});
  double sum_sq = 0;
  size_t n = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    if (interior(i)) {
      sum_sq += std::pow(r.trend[i] - truth[i], 2);
      ++n;
    }
  }
  // About 37 points a window: the error is ~2e-4 / sqrt(37) = 3.3e-5 rms.
  EXPECT_LT(std::sqrt(sum_sq / static_cast<double>(n)), 4.5e-5);
}

struct Transit {
  std::vector<double> t, truth, flux;
  std::vector<uint8_t> in_transit;
};

// Box transits every 3 days on a trend varying by `wiggle` (relative) over ~20 days.
Transit box_transits(double depth, double duration, double sigma, double wiggle = 0.002) {
  Transit s;
  s.t = times(20.0, kCadence);
  for (double x : s.t) {
    double phase = std::fmod(x - 1.0, 3.0);
    bool in = phase >= 0 && phase < duration;
    s.in_transit.push_back(in);
    s.truth.push_back((1.0 + wiggle * std::sin(x / 3.0)) * (in ? 1.0 - depth : 1.0));
  }
  s.flux = noisy(s.truth, sigma, 4);
  return s;
}

double mean_depth(const Transit& s, const std::vector<double>& flux) {
  double sum = 0;
  int n = 0;
  for (size_t i = 0; i < s.t.size(); ++i) {
    if (s.in_transit[i]) {
      sum += 1.0 - flux[i];
      ++n;
    }
  }
  return sum / n;
}

TEST(Detrend, KeepsBoxTransitDepthWithWindowThreeTimesDuration) {
  // Each in-transit point 10 sigma low and a trend that moves less than the noise within a
  // window: the biweight gives the transit no weight and the depth survives. (A steeper trend
  // widens the MAD until c * MAD reaches the transit, which then pulls the trend down.)
  Transit s = box_transits(1000e-6, 0.25, 1e-4, 0.0005);
  DetrendOptions options;
  options.window_days = 0.75;
  DetrendResult r = biweight_detrend(s.t, s.flux, {}, options);
  EXPECT_NEAR(mean_depth(s, r.flux), 1000e-6, 30e-6);
  // At low per-point SNR the biweight tends to a mean, and a window 3x the duration holds 1/3
  // of in-transit points: up to a third of the depth goes, which is why found transits are
  // masked before the trend is refit (next test).
  Transit faint = box_transits(500e-6, 0.25, 5e-4, 0.0005);
  double kept = mean_depth(faint, biweight_detrend(faint.t, faint.flux, {}, options).flux);
  EXPECT_GT(kept, 0.6 * 500e-6);
  EXPECT_LT(kept, 0.8 * 500e-6);
}

TEST(Detrend, MaskedTransitsDoNotInformTheTrend) {
  // A window barely longer than the transit would eat most of it unless masked.
  Transit s = box_transits(3000e-6, 0.4, 2e-4);
  DetrendOptions options;
  options.window_days = 0.5;
  DetrendResult unmasked = biweight_detrend(s.t, s.flux, {}, options);
  DetrendResult masked = biweight_detrend(s.t, s.flux, s.in_transit, options);
  EXPECT_LT(mean_depth(s, unmasked.flux), 0.6 * 3000e-6);
  EXPECT_NEAR(mean_depth(s, masked.flux), 3000e-6, 60e-6);
  for (size_t i = 0; i < s.t.size(); ++i) {
    ASSERT_TRUE(std::isfinite(masked.trend[i]));
    if (s.in_transit[i]) {
      EXPECT_EQ(masked.clipped[i], 0) << "masked points are not clipped";
    }
  }
}

TEST(Detrend, UpdateAfterMaskingMatchesFullRefit) {
  Transit s = box_transits(3000e-6, 0.4, 2e-4);
  DetrendOptions options;
  options.window_days = 0.5;
  options.upper_clip_sigma = 0;  // without clipping the update must equal a full refit
  const std::vector<uint8_t> none(s.t.size(), 0);
  DetrendResult before = biweight_detrend(s.t, s.flux, none, options);
  DetrendResult full = biweight_detrend(s.t, s.flux, s.in_transit, options);
  DetrendResult updated = biweight_detrend_update(s.t, s.flux, none, before, s.in_transit, options);
  size_t changed = 0;
  for (size_t i = 0; i < s.t.size(); ++i) {
    ASSERT_DOUBLE_EQ(updated.trend[i], full.trend[i]) << i;
    changed += before.trend[i] != full.trend[i];
  }
  EXPECT_GT(changed, 0u) << "masking must change the trend near the transits";
  // With clipping on, the update still recovers the masked transit's depth.
  options.upper_clip_sigma = 3;
  before = biweight_detrend(s.t, s.flux, none, options);
  updated = biweight_detrend_update(s.t, s.flux, none, before, s.in_transit, options);
  EXPECT_NEAR(mean_depth(s, updated.flux), 3000e-6, 60e-6);
  // A mask that unmasks a point is a caller error.
  EXPECT_THROW(biweight_detrend_update(s.t, s.flux, s.in_transit, updated, none, options),
               std::invalid_argument);
}

TEST(Detrend, ClipsFlareAndKeepsTrend) {
  std::vector<double> t = times(10.0, kCadence);
  std::vector<double> truth(t.size(), 1.0);
  std::vector<double> f = noisy(truth, 1e-4, 5);
  const double t_flare = 5.0;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] >= t_flare) f[i] += 0.02 * std::exp(-(t[i] - t_flare) / 0.05);
  }
  DetrendResult r = biweight_detrend(t, f, {}, DetrendOptions{});
  size_t peak = std::lower_bound(t.begin(), t.end(), t_flare) - t.begin();
  for (size_t i = peak; i < peak + 5; ++i) EXPECT_EQ(r.clipped[i], 1) << i;
  size_t clipped = std::count(r.clipped.begin(), r.clipped.end(), 1);
  EXPECT_LT(clipped, 10 + t.size() / 100);  // the flare plus the normal 3-sigma tail
  for (size_t i = 0; i < t.size(); ++i) ASSERT_NEAR(r.trend[i], 1.0, 1e-4) << i;
  // Downward points are never clipped.
  f[100] -= 0.01;
  EXPECT_EQ(biweight_detrend(t, f, {}, DetrendOptions{}).clipped[100], 0);
}

TEST(Detrend, SegmentsSplitAtGaps) {
  // A 3-sigma step across a 0.6-day gap: with a 2-day window the levels mix unless split.
  std::vector<double> t, truth;
  for (double x = 0; x < 3; x += kCadence) {
    t.push_back(x);
    truth.push_back(1.0);
  }
  size_t first_b = t.size();
  for (double x = 3.6; x < 6; x += kCadence) {
    t.push_back(x);
    truth.push_back(1.0003);
  }
  std::vector<double> f = noisy(truth, 1e-4, 6);
  DetrendOptions options;
  options.window_days = 2.0;
  options.gap_days = 0.5;
  options.upper_clip_sigma = 0;
  DetrendResult split = biweight_detrend(t, f, {}, options);
  options.gap_days = 1.0;  // the same data, no longer a gap
  DetrendResult mixed = biweight_detrend(t, f, {}, options);
  for (size_t i : {first_b - 1, first_b}) {
    EXPECT_NEAR(split.trend[i], truth[i], 4e-5) << i;
    EXPECT_GT(std::fabs(mixed.trend[i] - truth[i]), 6e-5) << i;
  }
}

TEST(Detrend, FullyMaskedStretchIsInterpolated) {
  std::vector<double> t = times(6.0, kCadence);
  std::vector<double> f(t.size());
  std::vector<uint8_t> mask(t.size(), 0);
  for (size_t i = 0; i < t.size(); ++i) {
    f[i] = 1.0 + 0.001 * t[i];
    if (t[i] > 2.0 && t[i] < 4.0) mask[i] = 1;  // longer than the window
  }
  DetrendOptions every_point;
  every_point.nodes_per_window = 0;
  DetrendResult r = biweight_detrend(t, f, mask, every_point);
  // Exact up to one-sided windows next to the masked stretch (at most slope x half window).
  for (size_t i = 0; i < t.size(); ++i) ASSERT_NEAR(r.trend[i], f[i], 0.001 * 0.375 + 1e-6);
  EXPECT_NEAR(r.trend[t.size() / 2], f[t.size() / 2], 2e-5);  // mid-stretch: linear fill
  // On the grid the cubic pieces round the bend where the windows turn one-sided. (Without
  // clipping: on noiseless data the limit, 3 MADs of residuals that are otherwise exactly zero,
  // is set by that rounding and would flag half the ramp.)
  DetrendOptions gridded;
  gridded.upper_clip_sigma = 0;
  DetrendResult grid = biweight_detrend(t, f, mask, gridded);
  for (size_t i = 0; i < t.size(); ++i) ASSERT_NEAR(grid.trend[i], r.trend[i], 1e-4) << i;
  std::vector<uint8_t> all(t.size(), 1);
  DetrendResult none = biweight_detrend(t, f, all, DetrendOptions{});
  EXPECT_NEAR(none.trend[0], 1.003, 1e-3);  // the segment median
}

TEST(Detrend, ThreadCountDoesNotChangeTheResult) {
  std::vector<double> t = times(200.0, kCadence);  // ~9800 points: several chunks
  std::vector<double> truth(t.size());
  for (size_t i = 0; i < t.size(); ++i) truth[i] = 1.0 + 0.002 * std::sin(t[i] / 2.0);
  std::vector<double> f = noisy(truth, 3e-4, 8);
  for (size_t i = 0; i < f.size(); i += 97) f[i] += 0.003;  // something to clip
  DetrendOptions one;
  one.threads = 1;
  DetrendOptions many;
  many.threads = 3;
  DetrendResult a = biweight_detrend(t, f, {}, one);
  DetrendResult b = biweight_detrend(t, f, {}, many);
  EXPECT_EQ(a.trend, b.trend);
  EXPECT_EQ(a.clipped, b.clipped);
  EXPECT_GT(std::count(a.clipped.begin(), a.clipped.end(), 1), 90);
}

TEST(Detrend, GridFollowsTheTrendEvaluatedAtEveryPoint) {
  // A TESS sector: 2-minute cadence, two orbits split by a gap, spot modulation, flares and
  // box transits; the trend on nodes a twelfth of a window apart against every point's.
  constexpr double kTessCadence = 2.0 / 1440.0;
  constexpr double kSigma = 3e-4;
  std::vector<double> t;
  for (double x = 0; x < 27.0; x += kTessCadence) {
    if (x < 13.0 || x > 14.0) t.push_back(x);
  }
  std::vector<double> trend(t.size()), truth(t.size());
  for (size_t i = 0; i < t.size(); ++i) {
    double phase = std::fmod(t[i] - 0.7, 3.1);
    trend[i] = 1.0 + 0.002 * std::sin(2 * kPi * t[i] / 6.0);
    truth[i] = trend[i] * (phase < 0.12 ? 1 - 2e-3 : 1.0);
  }
  std::vector<double> f = noisy(truth, kSigma, 9);
  for (size_t i = 500; i < f.size(); i += 1500) {
    for (size_t k = 0; k < 20 && i + k < f.size(); ++k) f[i + k] += 0.01 * std::exp(-0.3 * k);
  }
  DetrendOptions grid;
  grid.window_days = 1.0;
  DetrendOptions every_point = grid;
  every_point.nodes_per_window = 0;
  DetrendResult a = biweight_detrend(t, f, {}, every_point);
  DetrendResult b = biweight_detrend(t, f, {}, grid);
  double diff = 0, error_a = 0, error_b = 0;
  size_t clipped_differently = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    diff += std::pow(b.trend[i] - a.trend[i], 2);
    clipped_differently += a.clipped[i] != b.clipped[i];
    error_a += std::pow(a.trend[i] - trend[i], 2);
    error_b += std::pow(b.trend[i] - trend[i], 2);
  }
  // Far below the noise of one point (the trend's own error is sigma / sqrt(720) ~ 0.04 sigma).
  // Single points differ more: the every-point trend steps as a transit or a flare's tail
  // enters its window, which the cubic pieces round off.
  EXPECT_LT(std::sqrt(diff / static_cast<double>(t.size())), 0.1 * kSigma);
  // And no farther from the true trend.
  EXPECT_LT(error_b, 1.01 * error_a);
  // Points within a hair of the clipping limit may fall either side of it.
  const auto clipped = static_cast<size_t>(std::count(a.clipped.begin(), a.clipped.end(), 1));
  EXPECT_GT(clipped, 50u);
  EXPECT_LE(clipped_differently, clipped / 10);
  // A coarser grid departs further: the comparison can fail.
  grid.nodes_per_window = 2;
  DetrendResult coarse = biweight_detrend(t, f, {}, grid);
  double coarse_diff = 0;
  for (size_t i = 0; i < t.size(); ++i) coarse_diff += std::pow(coarse.trend[i] - a.trend[i], 2);
  EXPECT_GT(coarse_diff, 4 * diff);
}

// A spotted star rotating in 3.6 days, 4% in amplitude (KIC 5110407's quarter 3 is one), at
// Kepler's long cadence: over a one-day window a location leaves about the curvature times
// window^2 / 24 (2,500 ppm here), a quadratic about window^4 / 4480 times the fourth derivative
// (under 50 ppm), so only the quadratic follows the star below the 1,000-ppm noise.
TEST(Detrend, QuadraticFollowsAFastRotatorTheLocationCannot) {
  const std::vector<double> t = times(30, kCadence);
  std::vector<double> truth;
  for (double x : t) truth.push_back(1 + 0.04 * std::sin(2 * kPi * x / 3.6));
  const std::vector<double> f = noisy(truth, 1e-3, 7);
  DetrendOptions location;
  location.window_days = 1.0;
  DetrendOptions quadratic = location;
  quadratic.degree = 2;
  auto rms_error = [&](const DetrendOptions& o) {
    const DetrendResult r = biweight_detrend(t, f, {}, o);
    double sum = 0;
    for (size_t i = 0; i < t.size(); ++i) sum += std::pow(r.trend[i] - truth[i], 2);
    return std::sqrt(sum / static_cast<double>(t.size()));
  };
  const double loc = rms_error(location), quad = rms_error(quadratic);
  EXPECT_GT(loc, 1.2e-3);
  EXPECT_LT(quad, 4e-4);
}

// A deep transit does not pull the quadratic: it is weighted out as the location weights it out.
TEST(Detrend, QuadraticKeepsADeepUnmaskedTransit) {
  const std::vector<double> t = times(10, kCadence);
  std::vector<double> truth, f;
  for (double x : t) truth.push_back(1 + 0.02 * std::sin(2 * kPi * x / 3.6));
  f = noisy(truth, 5e-4, 8);
  constexpr double kMid = 5.0, kHalfDuration = 1.5 / 24;
  for (size_t i = 0; i < t.size(); ++i) {
    if (std::fabs(t[i] - kMid) < kHalfDuration) f[i] -= 0.01;
  }
  DetrendOptions quadratic;
  quadratic.window_days = 0.75;
  quadratic.degree = 2;
  const DetrendResult r = biweight_detrend(t, f, {}, quadratic);
  for (size_t i = 0; i < t.size(); ++i) {
    if (std::fabs(t[i] - kMid) < kHalfDuration) {
      EXPECT_NEAR(r.trend[i], truth[i], 1e-3) << "t = " << t[i];
      EXPECT_LT(r.flux[i] - 1, -0.007) << "t = " << t[i];
    }
  }
}

TEST(Detrend, RejectsBadArguments) {
  std::vector<double> t = {0, 1, 2}, f = {1, 1, 1};
  DetrendOptions bad;
  bad.window_days = 0;
  EXPECT_THROW(biweight_detrend(t, f, {}, bad), std::invalid_argument);
  DetrendOptions bad_grid;
  bad_grid.nodes_per_window = -1;
  EXPECT_THROW(biweight_detrend(t, f, {}, bad_grid), std::invalid_argument);
  DetrendOptions linear;
  linear.degree = 1;
  EXPECT_THROW(biweight_detrend(t, f, {}, linear), std::invalid_argument);
  EXPECT_THROW(biweight_detrend(t, {1, 1}, {}, DetrendOptions{}), std::invalid_argument);
  EXPECT_THROW(biweight_detrend(t, f, {0, 1}, DetrendOptions{}), std::invalid_argument);
  EXPECT_THROW(biweight_detrend({0, 2, 1}, f, {}, DetrendOptions{}), std::invalid_argument);
  EXPECT_TRUE(biweight_detrend({}, {}, {}, DetrendOptions{}).trend.empty());
}

}  // namespace
}  // namespace exodetect::lightcurve
