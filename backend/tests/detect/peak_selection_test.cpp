// The half-period test and the SDE a moved signal keeps (src/detect/peak_selection).
#include "../../src/detect/peak_selection.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace exodetect::detect {
namespace {

using vetting::TransitEphemeris;

constexpr double kPeriodDays = 9.0;
constexpr double kDurationDays = 4.0 / 24;
constexpr double kDepth = 1e-3;
constexpr double kCadenceDays = 30.0 / 1440;
constexpr double kT0 = 2.0;

// Eight transits of kPeriodDays (box, kDepth scaled per transit by `scale`) in white noise,
// and, when `secondary` > 0, an eclipse of that depth at phase 0.5 of every transit.
Points light_curve(const std::vector<double>& scale, double noise, double secondary = 0) {
  std::mt19937_64 rng(2026);
  std::normal_distribution<double> gauss(0.0, noise);
  Points p;
  const double end = kT0 + kPeriodDays * static_cast<double>(scale.size()) - 1;
  for (long i = 0; static_cast<double>(i) * kCadenceDays < end; ++i) {
    const double t = static_cast<double>(i) * kCadenceDays;
    double f = 1 + gauss(rng);
    const double phase = t - kT0;
    const auto k = static_cast<long long>(std::llround(phase / kPeriodDays));
    if (std::fabs(phase - static_cast<double>(k) * kPeriodDays) < 0.5 * kDurationDays && k >= 0 &&
        static_cast<size_t>(k) < scale.size()) {
      f -= kDepth * scale[static_cast<size_t>(k)];
    }
    const double ds = std::remainder(phase - 0.5 * kPeriodDays, kPeriodDays);
    if (std::fabs(ds) < 0.5 * kDurationDays) f -= secondary;
    p.time.push_back(t);
    p.flux.push_back(f);
    p.flux_err.push_back(noise);
  }
  return p;
}

// A planet whose transit depths vary from one transit to the next (red noise at the transit's
// time scale, as K2's pointing drift gives) met at twice its period, where the four transits
// kept happen to agree: the eight at the period are one signal, odd and even alike once the
// scatter counts, and the white-noise SNR of all eight is higher. Compared by their
// red-noise-inflated SNRs the twice-period fold wins, as its four depths are too few to show
// the scatter.
TEST(HalfPeriod, TransitsOfVaryingDepthAreFoldedAtTheirOwnPeriod) {
  const Points p = light_curve({1.05, 0.45, 0.95, 1.1, 1.0, 0.6, 0.8, 0.9}, 2e-4);
  const TransitEphemeris twice{2 * kPeriodDays, kT0, kDurationDays};
  const TransitEphemeris e = half_period_if_repeats(p, twice, 3.0);
  EXPECT_NEAR(e.period_days, kPeriodDays, 1e-9);
}

// An eclipsing binary's secondary at half the primary's depth in white noise: the odd/even test
// at the half period tells the two eclipses apart, and the period stays.
TEST(HalfPeriod, AShallowerSecondaryEclipseKeepsThePeriod) {
  const Points p = light_curve(std::vector<double>(8, 1.0), 2e-4, 0.5 * kDepth);
  const TransitEphemeris e = half_period_if_repeats(p, {kPeriodDays, kT0, kDurationDays}, 3.0);
  EXPECT_NEAR(e.period_days, kPeriodDays, 1e-9);
}

// A planet's occultation (a tenth of the transit's depth) does not halve its period.
TEST(HalfPeriod, AnOccultationKeepsThePeriod) {
  const Points p = light_curve(std::vector<double>(8, 1.0), 1e-4, 0.1 * kDepth);
  const TransitEphemeris e = half_period_if_repeats(p, {kPeriodDays, kT0, kDurationDays}, 3.0);
  EXPECT_NEAR(e.period_days, kPeriodDays, 1e-9);
}

search::Periodogram grid(const std::vector<double>& periods) {
  search::Periodogram pg;
  pg.period_days = periods;
  pg.power.assign(periods.size(), 1.0);
  return pg;
}

// The signal moved to half its period takes the SDE there when it is higher: its half-period
// peak holds all its transits.
TEST(SignalSde, AHalvedPeriodTakesTheHigherSdeAtTheHalf) {
  const auto pg = grid({4.0, 8.99, 9.0, 9.01, 12.0, 18.0});
  const std::vector<double> sde = {3.0, 14.0, 20.0, 15.0, 4.0, 5.0};
  EXPECT_DOUBLE_EQ(signal_sde(pg, sde, 5, 9.0, 1e-3), 20.0);
  // Lower at the half: the peak's own.
  const std::vector<double> low = {3.0, 1.0, 2.0, 1.0, 4.0, 5.0};
  EXPECT_DOUBLE_EQ(signal_sde(pg, low, 5, 9.0, 1e-3), 5.0);
}

// A signal that did not move keeps its peak's SDE, even beside a higher bin; one outside the
// grid (an ultra-short period under its floor) too.
TEST(SignalSde, APeakThatDidNotMoveKeepsItsOwn) {
  const auto pg = grid({8.99, 9.0, 9.01, 18.0});
  const std::vector<double> sde = {30.0, 10.0, 30.0, 5.0};
  EXPECT_DOUBLE_EQ(signal_sde(pg, sde, 1, 9.0, 2e-3), 10.0);
  EXPECT_DOUBLE_EQ(signal_sde(pg, sde, 3, 2.0, 1e-3), 5.0);
}

}  // namespace
}  // namespace exodetect::detect
