#include "exodetect/vetting/local_depth.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

#include "exodetect/common/constants.hpp"

namespace exodetect::vetting {

namespace {

using common::kPi;

constexpr double kCadence = 0.0204;  // days, Kepler long cadence
const TransitEphemeris kDip{3.2, 1.1, 3.0 / 24};

// 60 days of white noise of 1,000 ppm on a spotted star (4% in 3.6 days) with a box dip of
// `depth` at kDip's epochs.
void spotted(double depth, unsigned seed, std::vector<double>& time, std::vector<double>& flux) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0.0, 1e-3);
  time.clear();
  flux.clear();
  for (double t = 0; t < 60; t += kCadence) {
    double f = 1 + 0.04 * std::sin(2 * kPi * t / 3.6);
    if (std::fabs(std::remainder(t - kDip.t0, kDip.period_days)) < 0.5 * kDip.duration_days) {
      f *= 1 - depth;
    }
    time.push_back(t);
    flux.push_back(f + noise(rng));
  }
}

}  // namespace

// The dip's depth comes out whole on a star whose light curves by a percent within the window:
// its expected error is 1,000 ppm / sqrt(6 points x 19 epochs), inflated about 1.5 by the
// quadratic's freedom, about 140 ppm.
TEST(LocalBoxDepth, RecoversADipOnASpottedStar) {
  std::vector<double> time, flux;
  spotted(1500e-6, 1, time, flux);
  const LocalDepth d = local_box_depth(time, flux, kDip, 0.75);
  EXPECT_EQ(d.epochs, 19);
  EXPECT_NEAR(d.depth, 1500e-6, 3 * d.depth_err);
  EXPECT_GT(d.depth_err, 80e-6);
  EXPECT_LT(d.depth_err, 250e-6);
  // No dip: consistent with none.
  spotted(0.0, 2, time, flux);
  const LocalDepth none = local_box_depth(time, flux, kDip, 0.75);
  EXPECT_LT(std::fabs(none.depth / none.depth_err), 3.5);
}

TEST(LocalBoxDepth, EpochsWithoutDataOnBothSidesDoNotCount) {
  std::vector<double> time, flux;
  spotted(1500e-6, 3, time, flux);
  // Keep only the first half of each epoch's window: no point after the box.
  std::vector<double> t2, f2;
  for (size_t i = 0; i < time.size(); ++i) {
    if (std::remainder(time[i] - kDip.t0, kDip.period_days) < 0.5 * kDip.duration_days) {
      t2.push_back(time[i]);
      f2.push_back(flux[i]);
    }
  }
  const LocalDepth d = local_box_depth(t2, f2, kDip, 0.75);
  EXPECT_EQ(d.epochs, 0);
  EXPECT_EQ(d.depth, 0.0);
  EXPECT_EQ(local_box_depth({}, {}, kDip, 0.75).epochs, 0);
}

TEST(LocalBoxDepth, RejectsBadArguments) {
  EXPECT_THROW(local_box_depth({0, 1}, {1}, kDip, 0.75), std::invalid_argument);
  EXPECT_THROW(local_box_depth({0, 1}, {1, 1}, kDip, kDip.duration_days), std::invalid_argument);
  EXPECT_THROW(local_box_depth({0, 1}, {1, 1}, {0, 1, 0.1}, 0.75), std::invalid_argument);
  EXPECT_THROW(local_box_depth({1, 0}, {1, 1}, kDip, 0.75), std::invalid_argument);
}

}  // namespace exodetect::vetting
