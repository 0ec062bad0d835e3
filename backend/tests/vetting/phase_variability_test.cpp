#include "exodetect/vetting/phase_variability.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

#include "exodetect/vetting/vetting.hpp"

namespace exodetect::vetting {

namespace {

constexpr double kPeriodDays = 9.0;
constexpr double kT0 = 2.0;
constexpr double kDurationDays = 0.15;
constexpr double kDepth = 2000e-6;

struct Curve {
  std::vector<double> time, flux;
  std::vector<uint8_t> leave_out;  // the transits, three durations wide
};

// `days` of 30-minute cadence with white noise of `noise` and box transits of kDepth; `extra`
// adds the star's own light at each time.
template <typename Extra>
Curve make_curve(double days, double noise, unsigned seed, Extra extra) {
  Curve c;
  std::mt19937 rng(seed);
  std::normal_distribution<double> gauss(0.0, noise);
  for (double t = 0; t < days; t += 1.0 / 48) {
    const double dt = std::remainder(t - kT0, kPeriodDays);
    c.time.push_back(t);
    c.flux.push_back(1.0 + gauss(rng) + extra(t) -
                     (std::fabs(dt) < kDurationDays / 2 ? kDepth : 0));
  }
  c.leave_out = transit_mask(c.time, {kPeriodDays, kT0, kDurationDays}, 3.0);
  return c;
}

// A heartbeat binary's periastron brightening: a pulse of `amplitude`, 0.4 days wide, 1.5 days
// before each eclipse.
double heartbeat(double t, double amplitude) {
  const double dt = std::remainder(t - (kT0 - 1.5), kPeriodDays);
  return amplitude * std::exp(-0.5 * dt * dt / (0.2 * 0.2));
}

// The limit for a Sun-like star when nothing is known of it: the least dense star the search
// allows (0.1 solar), an A star's Teff.
double unknown_star_limit() {
  return planet_phase_amplitude_limit(kDepth, kPeriodDays, 0.141, 10000);
}

}  // namespace

TEST(PhaseVariability, AHeartbeatLockedToTheOrbitIsFound) {
  const Curve c = make_curve(400, 300e-6, 3, [](double t) { return heartbeat(t, 300e-6); });
  const PhaseVariability v = phase_variability(c.time, c.flux, c.leave_out, kPeriodDays, kT0);
  ASSERT_TRUE(v.tested);
  EXPECT_GE(v.orbits, 43);
  EXPECT_GT(v.sigma, 20);
  EXPECT_EQ(v.null_fraction, 0);
  // The pulse, averaged over a bin of 0.45 days, is about 240 ppm high.
  EXPECT_NEAR(v.amplitude, 240e-6, 60e-6);
  EXPECT_TRUE(varies_with_orbit(v, unknown_star_limit()));
}

TEST(PhaseVariability, WhiteNoiseAroundTransitsIsNot) {
  for (unsigned seed = 1; seed <= 10; ++seed) {
    const Curve c = make_curve(400, 300e-6, seed, [](double) { return 0.0; });
    const PhaseVariability v = phase_variability(c.time, c.flux, c.leave_out, kPeriodDays, kT0);
    ASSERT_TRUE(v.tested);
    EXPECT_LT(v.sigma, kPhaseVariabilitySigma) << "seed " << seed;
    EXPECT_FALSE(varies_with_orbit(v, unknown_star_limit())) << "seed " << seed;
  }
}

TEST(PhaseVariability, ASpottedStarsRedNoiseOverFewOrbitsIsNot) {
  // Spots coming and going: a random walk pulled back to zero over 2 days (an AR(1) process),
  // 2,000 ppm, far above the white noise, over four orbits.
  int flagged = 0;
  for (unsigned seed = 1; seed <= 10; ++seed) {
    std::mt19937 rng(100 + seed);
    std::normal_distribution<double> gauss(0.0, 1.0);
    const double step = 1.0 / 48, tau = 2.0;
    const double keep = std::exp(-step / tau), kick = 2000e-6 * std::sqrt(1 - keep * keep);
    double spots = 0;
    const Curve c = make_curve(38, 300e-6, seed, [&](double) {
      spots = keep * spots + kick * gauss(rng);
      return spots;
    });
    const PhaseVariability v = phase_variability(c.time, c.flux, c.leave_out, kPeriodDays, kT0);
    ASSERT_TRUE(v.tested);
    EXPECT_EQ(v.orbits, 4);
    flagged += varies_with_orbit(v, unknown_star_limit());
  }
  EXPECT_EQ(flagged, 0);
}

TEST(PhaseVariability, TwoOrbitsAreNotTested) {
  const Curve c = make_curve(20, 300e-6, 1, [](double t) { return heartbeat(t, 1000e-6); });
  const PhaseVariability v = phase_variability(c.time, c.flux, c.leave_out, kPeriodDays, kT0);
  EXPECT_FALSE(v.tested);
  EXPECT_FALSE(varies_with_orbit(v, 0));
}

TEST(PhaseVariability, RefusesMismatchedInputs) {
  EXPECT_THROW(phase_variability({0, 1}, {1}, {}, 1, 0), std::invalid_argument);
  EXPECT_THROW(phase_variability({0, 1}, {1, 1}, {0}, 1, 0), std::invalid_argument);
  EXPECT_THROW(phase_variability({0, 1}, {1, 1}, {}, 0, 0), std::invalid_argument);
  EXPECT_THROW(phase_variability({0, 1}, {1, 1}, {}, 1, NAN), std::invalid_argument);
  // Points without a time or a flux are skipped, not folded.
  Curve c = make_curve(400, 300e-6, 3, [](double t) { return heartbeat(t, 300e-6); });
  c.time[10] = NAN;
  c.flux[20] = INFINITY;
  EXPECT_TRUE(phase_variability(c.time, c.flux, c.leave_out, kPeriodDays, kT0).tested);
}

TEST(PlanetPhaseAmplitudeLimit, AHotJupitersMeasuredPhaseCurveIsWithinIt) {
  // HAT-P-7 b (P 2.2047 d, transit about 6,700 ppm, host Teff 6,350 K and density about
  // 0.27 g/cm^3, taken at half): in Kepler's data an occultation of about 70 ppm and ellipsoidal
  // variation of about 20 ppm semi-amplitude (Welsh et al. 2010, ApJ 713, L145; Morris et al.
  // 2013, ApJ 764, L22), about 110 ppm peak to peak in all.
  const double limit = planet_phase_amplitude_limit(6700e-6, 2.2047, 0.27 / 2, 6350);
  EXPECT_GT(limit, 110e-6);
  // Each term as written: reflection, thermal light, ellipsoidal variation.
  const double p = 2.2047 * 86400;  // Kepler's law at 0.135 g/cm^3 (SI units)
  const double a = std::cbrt(6.674e-11 * 135 * p * p / (3 * M_PI));
  EXPECT_NEAR(a, 3.261, 1e-3);
  const double x = 0.014387769 / (800e-9 * 6350);
  const double expected = 6700e-6 * (1 / (a * a) + std::expm1(x) / std::expm1(x * std::sqrt(a))) +
                          2 * 1.5 * 0.013 / (a * a * a);
  EXPECT_NEAR(limit, expected, 1e-3 * expected);
}

TEST(PlanetPhaseAmplitudeLimit, ShrinksWithTheOrbitAndGrowsWithTheStarsHeat) {
  const double near = planet_phase_amplitude_limit(kDepth, 1, 1.41, 5772);
  const double far = planet_phase_amplitude_limit(kDepth, 10, 1.41, 5772);
  const double hot = planet_phase_amplitude_limit(kDepth, 10, 1.41, 10000);
  EXPECT_GT(near, far);
  EXPECT_GT(hot, far);
  EXPECT_EQ(planet_phase_amplitude_limit(0, 10, 1.41, 5772), 0);
  EXPECT_EQ(planet_phase_amplitude_limit(kDepth, 10, 0, 5772), 0);
}

}  // namespace exodetect::vetting
