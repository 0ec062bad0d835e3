// Which trend the search divides out: the location for a quiet star, the quadratic for a star
// that varies faster than the location follows.
#include "../../src/detect/detrend_choice.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <utility>
#include <vector>

#include "exodetect/common/constants.hpp"

namespace exodetect::detect {

using common::kPi;
using lightcurve::biweight_detrend;
using lightcurve::DetrendOptions;

namespace {

constexpr double kCadence = 0.0204;  // days, Kepler long cadence
constexpr double kBaseWindowDays = 2.0;

struct Curve {
  std::vector<double> time, flux;
};

// 30 days of white noise of 1,000 ppm on `star` (relative flux).
template <typename Star>
Curve curve(Star star, unsigned seed) {
  Curve c;
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, 1e-3);
  for (double t = 0; t < 30; t += kCadence) {
    c.time.push_back(t);
    c.flux.push_back(star(t) + noise(rng));
  }
  return c;
}

// The biweight location over kBaseWindowDays, and the choice made from it.
DetrendOptions base_window() {
  DetrendOptions base;
  base.window_days = kBaseWindowDays;
  return base;
}

lightcurve::DetrendResult location_trend(const Curve& c) {
  return biweight_detrend(c.time, c.flux, std::vector<uint8_t>(c.time.size(), 0), base_window());
}

DetrendChoice choose(const Curve& c, lightcurve::DetrendResult location) {
  return choose_detrending(c.time, c.flux, std::vector<uint8_t>(c.time.size(), 0), base_window(),
                           std::move(location));
}

}  // namespace

TEST(RedNoise, WhiteNoiseReadsAboutOne) {
  // About 350 bins of 4 points: each curve's ratio scatters by about 0.07.
  double sum = 0;
  constexpr int kCurves = 8;
  for (unsigned seed = 1; seed <= kCurves; ++seed) {
    const Curve white = curve([](double) { return 1.0; }, seed);
    const double r = red_noise_ratio(
        white.time, white.flux, std::vector<uint8_t>(white.time.size(), 0), kRedNoiseBinDays, 0.5);
    EXPECT_NEAR(r, 1.0, 0.25) << "seed " << seed;
    sum += r;
  }
  EXPECT_NEAR(sum / kCurves, 1.0, 0.08);
  const Curve c = curve([](double) { return 1.0; }, 1);
  const std::vector<uint8_t> skip(c.time.size(), 0);
  // Variability left at the bins' time scale is red noise.
  Curve red = c;
  for (size_t i = 0; i < red.time.size(); ++i) red.flux[i] += 2e-3 * std::sin(red.time[i] * 6);
  EXPECT_GT(red_noise_ratio(red.time, red.flux, skip, kRedNoiseBinDays, 0.5), 3.0);
  // Too few bins to tell.
  const std::vector<double> short_time(c.time.begin(), c.time.begin() + 20);
  const std::vector<double> short_flux(c.flux.begin(), c.flux.begin() + 20);
  EXPECT_EQ(
      red_noise_ratio(short_time, short_flux, std::vector<uint8_t>(20, 0), kRedNoiseBinDays, 0.5),
      0.0);
}

TEST(TransitFractionRemoved, LocationAndQuadratic) {
  EXPECT_DOUBLE_EQ(transit_fraction_removed(0.1, 1.0, 0), 0.1);
  EXPECT_NEAR(transit_fraction_removed(0.1, 1.0, 2), 0.1 * (2.25 - 1.25 * 0.01), 1e-12);
  EXPECT_DOUBLE_EQ(transit_fraction_removed(2.0, 1.0, 0), 1.0);
  EXPECT_DOUBLE_EQ(transit_fraction_removed(2.0, 1.0, 2), 1.0);
}

TEST(DetrendChoice, AQuietStarKeepsTheLocation) {
  const Curve c = curve([](double t) { return 1 + 0.003 * std::sin(2 * kPi * t / 20); }, 2);
  const lightcurve::DetrendResult location = location_trend(c);
  const DetrendChoice choice = choose(c, location);
  EXPECT_EQ(choice.options.degree, 0);
  EXPECT_DOUBLE_EQ(choice.options.window_days, kBaseWindowDays);
  EXPECT_EQ(choice.result.trend, location.trend);
  EXPECT_NEAR(choice.red_noise, 1.0, 0.2);
}

TEST(DetrendChoice, AFastRotatorGetsTheQuadratic) {
  const Curve c = curve([](double t) { return 1 + 0.04 * std::sin(2 * kPi * t / 3.6); }, 3);
  const DetrendChoice choice = choose(c, location_trend(c));
  EXPECT_GT(choice.default_red_noise, 5.0);
  EXPECT_EQ(choice.options.degree, 2);
  EXPECT_LE(choice.options.window_days, kBaseWindowDays);
  EXPECT_GE(choice.options.window_days, kMinQuadraticWindowDays);
  EXPECT_LT(choice.red_noise, 1.5);
  EXPECT_GE(
      transit_sensitivity(choice.red_noise, choice.options.window_days, 2),
      kMinSensitivityGain * transit_sensitivity(choice.default_red_noise, kBaseWindowDays, 0));
}

}  // namespace exodetect::detect
