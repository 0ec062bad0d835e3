#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "exodetect/fit/transit_model.hpp"
#include "exodetect/vetting/transit_shape.hpp"

namespace exodetect::vetting {
namespace {

// A trapezoid transit (T14, ingress T12, depth) sampled at `cadence_days` over 60 days, each
// point the mean over its exposure (20 sub-samples), with white noise.
struct Curve {
  std::vector<double> time, flux;
};

Curve trapezoid_curve(double period, double t14, double t12, double depth, double cadence_days,
                      double noise, unsigned seed = 3) {
  Curve c;
  std::mt19937 rng(seed);
  std::normal_distribution<double> gauss(0.0, noise);
  constexpr int kSub = 20;
  for (double t = 0; t < 60.0; t += cadence_days) {
    double sum = 0;
    for (int k = 0; k < kSub; ++k) {
      const double ts = t + cadence_days * ((k + 0.5) / kSub - 0.5);
      const double x = std::fabs(std::remainder(ts - 0.7, period));
      const double h = 0.5 * t14;
      double s = 0;
      if (x < h - t12) {
        s = 1;
      } else if (x < h) {
        s = (h - x) / t12;
      }
      sum += 1.0 - depth * s;
    }
    c.time.push_back(t);
    c.flux.push_back(sum / kSub + gauss(rng));
  }
  return c;
}

struct ShapeCase {
  const char* what;
  double period, t14_hours, t12_hours, depth, cadence_minutes, noise, box_hours;
};

// Test listings (and the ctest names taken from them) show the case's description, not its bytes.
void PrintTo(const ShapeCase& s, std::ostream* os) { *os << s.what; }

// The ctest name of a case: its description with every other character as '_'.
template <class Case>
std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  std::string name = info.param.what;
  for (char& ch : name) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
  }
  return name;
}

class TrapezoidCases : public ::testing::TestWithParam<ShapeCase> {};

TEST_P(TrapezoidCases, RecoversTheFullDurationAndDepth) {
  const ShapeCase& s = GetParam();
  const double t14 = s.t14_hours / 24, t12 = s.t12_hours / 24;
  const Curve c = trapezoid_curve(s.period, t14, t12, s.depth, s.cadence_minutes / 1440, s.noise);
  const TrapezoidFit f = fit_trapezoid(c.time, c.flux, {s.period, 0.7, s.box_hours / 24});
  ASSERT_TRUE(f.ok) << s.what;
  EXPECT_NEAR(f.t14_days / t14, 1.0, 0.05) << s.what;
  EXPECT_NEAR(f.t12_days / t12, 1.0, 0.3) << s.what;
  EXPECT_NEAR(f.depth / s.depth, 1.0, 0.05) << s.what;
}

INSTANTIATE_TEST_SUITE_P(
    Shapes, TrapezoidCases,
    ::testing::Values(
        // T14 = 3 h with 0.6-h ingress: a box fitted to it spans about (T14 + T23) / 2 = 2.4 h.
        ShapeCase{"box inside the transit", 4.0, 3.0, 0.6, 5000e-6, 2.0, 1e-3, 2.4},
        // 30-minute exposures smear a 2-h transit to about 2.5 h; the model is integrated over
        // each exposure, so the 2 h come back.
        ShapeCase{"long cadence", 3.0, 2.0, 0.3, 8000e-6, 30.0, 2e-4, 1.8}),
    case_name<ShapeCase>);

TEST(TrapezoidFit, AGrazingVShapeIsTwiceItsBox) {
  // A V (ingress = half of T14) of 3 h: the best box is about 1.5 h wide.
  const double t14 = 3.0 / 24;
  const Curve c = trapezoid_curve(5.0, t14, 0.5 * t14, 10000e-6, 2.0 / 1440, 1e-3);
  const TrapezoidFit f = fit_trapezoid(c.time, c.flux, {5.0, 0.7, 1.6 / 24});
  ASSERT_TRUE(f.ok);
  EXPECT_NEAR(f.t14_days / t14, 1.0, 0.06);
  EXPECT_GT(f.t12_days / f.t14_days, 0.4);
}

TEST(TrapezoidFit, NoDipOrNoDataIsNotAFit) {
  const Curve flat = trapezoid_curve(4.0, 0.1, 0.01, 0.0, 2.0 / 1440, 1e-3);
  // Pure noise may fit a dip of the noise on the mean of ~1000 in-transit points (3e-5), never
  // a deep one.
  const TrapezoidFit f = fit_trapezoid(flat.time, flat.flux, {4.0, 0.7, 0.1});
  if (f.ok) {
    EXPECT_LT(f.depth, 3e-4);
  }
  EXPECT_FALSE(fit_trapezoid({}, {}, {4.0, 0.7, 0.1}).ok);
  EXPECT_FALSE(fit_trapezoid(flat.time, flat.flux, {0.0, 0.7, 0.1}).ok);
  const std::vector<double> t = {0.0, 1.0, 2.0}, y = {1.0, 1.0, 1.0};
  EXPECT_FALSE(fit_trapezoid(t, y, {4.0, 0.7, 0.1}).ok);
}

// A transit of a planet with known geometry (Mandel & Agol 2002 via fit::transit_light_curve):
// Rp/R* = k, impact b, a star of `density_cgs`, sampled every 2 minutes over 60 days with white
// noise.
Curve planet_curve(double period, double k, double impact, double density_cgs,
                   const fit::LimbDarkening& ld, double noise, unsigned seed = 5) {
  Curve c;
  for (double t = 0; t < 60.0; t += 2.0 / 1440) c.time.push_back(t);
  fit::TransitParams p;
  p.t0 = 0.7;
  p.period_days = period;
  p.rp_rs = k;
  p.a_rs = fit::a_rs_from_density(density_cgs, period);
  p.impact = impact;
  p.ld = ld;
  c.flux = fit::transit_light_curve(c.time, p, 2.0 / 1440, 1);
  std::mt19937 rng(seed);
  std::normal_distribution<double> gauss(0.0, noise);
  for (double& f : c.flux) f += gauss(rng);
  return c;
}

struct GeometryCase {
  const char* what;
  double k, impact, density_cgs, u1, u2;
};
void PrintTo(const GeometryCase& s, std::ostream* os) { *os << s.what; }

class GeometryCases : public ::testing::TestWithParam<GeometryCase> {};

TEST_P(GeometryCases, ImpactAndDensityFromTheTrapezoid) {
  const GeometryCase& s = GetParam();
  constexpr double kPeriod = 5.0;
  const Curve c = planet_curve(kPeriod, s.k, s.impact, s.density_cgs, {s.u1, s.u2}, 1e-4);
  const double a_rs = fit::a_rs_from_density(s.density_cgs, kPeriod);
  const double t14 = fit::transit_duration_hours(kPeriod, a_rs, s.impact, s.k) / 24;
  const TrapezoidFit f = fit_trapezoid(c.time, c.flux, {kPeriod, 0.7, 0.85 * t14});
  const auto g = transit_geometry(f, kPeriod);
  ASSERT_TRUE(g.has_value()) << s.what;
  if (s.u1 == 0 && s.u2 == 0) {
    // b is ill-conditioned below ~0.6: b = 0.5 and 0.3 differ by 0.02 of T14 in ingress
    // (eq. 7), about the fit's resolution on a uniform disc's curved ingress.
    EXPECT_NEAR(g->impact, s.impact, 0.2) << s.what;
    // Density goes as (a/R*)^3: 0.2 in b at 0.5 is ~35%.
    EXPECT_NEAR(g->density_cgs / s.density_cgs, 1.0, 0.35) << s.what;
  } else {
    // Limb darkening biases b up and the density down, never the other way.
    EXPECT_GT(g->impact, s.impact - 0.05) << s.what;
    EXPECT_LT(g->density_cgs / s.density_cgs, 1.1) << s.what;
  }
  EXPECT_FALSE(is_v_shaped(f)) << s.what << ": ingress " << f.ingress_fraction() << ", dchi2 "
                               << f.flat_bottom_delta_chi2;
}

// Seager & Mallen-Ornelas (2003): b and rho* from T14, T23 and the depth. A uniform disc's
// transit is nearly a trapezoid; limb darkening (Kepler-band solar values, u1 = 0.4, u2 = 0.25)
// rounds the bottom, which the trapezoid reads partly as a longer ingress (a larger b).
INSTANTIATE_TEST_SUITE_P(
    Planets, GeometryCases,
    ::testing::Values(GeometryCase{"central uniform disc", 0.1, 0.0, 1.41, 0.0, 0.0},
                      GeometryCase{"b 0.5 uniform disc", 0.1, 0.5, 1.41, 0.0, 0.0},
                      GeometryCase{"b 0.8 uniform disc M dwarf", 0.1, 0.8, 10.0, 0.0, 0.0},
                      GeometryCase{"central limb darkened", 0.1, 0.0, 1.41, 0.4, 0.25},
                      GeometryCase{"b 0.5 limb darkened", 0.1, 0.5, 1.41, 0.4, 0.25},
                      GeometryCase{"b 0.7 limb darkened small planet", 0.03, 0.7, 1.41, 0.4, 0.25},
                      GeometryCase{"b 0.85 limb darkened", 0.05, 0.85, 1.41, 0.4, 0.25}),
    case_name<GeometryCase>);

TEST(VShape, AGrazingEclipseIsFlagged) {
  // b = 1.05 with k = 0.2: the occultor's centre outside the limb (b > 1 - k), a V of ~1%.
  constexpr double kPeriod = 4.0;
  const Curve c = planet_curve(kPeriod, 0.2, 1.05, 1.41, {0.4, 0.25}, 1e-3);
  const TrapezoidFit f = fit_trapezoid(c.time, c.flux, {kPeriod, 0.7, 0.05});
  ASSERT_TRUE(f.ok);
  EXPECT_TRUE(is_v_shaped(f)) << "ingress " << f.ingress_fraction() << ", dchi2 "
                              << f.flat_bottom_delta_chi2;
  const auto g = transit_geometry(f, kPeriod);
  ASSERT_TRUE(g.has_value());
  EXPECT_NEAR(g->impact, 1 - g->rp_rs, 0.05);  // a V: the grazing limit
}

TEST(VShape, AVLostInNoiseIsNotFlagged) {
  // The same V at a depth about the per-point noise's tenth: the flat alternative is not
  // excluded.
  constexpr double kPeriod = 4.0;
  const Curve c = planet_curve(kPeriod, 0.2, 1.05, 1.41, {0.4, 0.25}, 0.03);
  const TrapezoidFit f = fit_trapezoid(c.time, c.flux, {kPeriod, 0.7, 0.05});
  EXPECT_FALSE(is_v_shaped(f)) << "ingress " << f.ingress_fraction() << ", dchi2 "
                               << f.flat_bottom_delta_chi2;
}

TEST(TransitGeometry, NoFitOrImpossibleDurationIsNoGeometry) {
  EXPECT_FALSE(transit_geometry(TrapezoidFit{}, 5.0).has_value());
  const TrapezoidFit f{true, 0.1, 0.01, 0.01, 1.0, 0.0};
  EXPECT_FALSE(transit_geometry(f, 0.0).has_value());
  EXPECT_FALSE(transit_geometry(f, 0.15).has_value());  // T14 over half the period
  EXPECT_TRUE(transit_geometry(f, 5.0).has_value());
}

TransitVetting with_q(double q) {
  TransitVetting v;
  v.depth = 1e-3;
  v.box_depth_err = 1e-3 / q;
  return v;
}

TEST(DurationUncertainty, FollowsCarter2008) {
  // T14 0.1 d, ingress 0.01 d, 2-minute exposures: T = 0.09 d, tau = 0.01 d, Q = 10.
  const TrapezoidFit f{true, 0.1, 0.01, 1e-3, 1.0, 2.0 / 1440, 0.0};
  const auto err = duration_uncertainty(f, with_q(10));
  ASSERT_TRUE(err.has_value());
  EXPECT_NEAR(*err, 0.09 / 10 * std::sqrt(2 * 0.01 / 0.09), 1e-12);
  // A box (no ingress) at 30-minute cadence: the ingress is taken as one exposure.
  const double exposure = 30.0 / 1440;
  const TrapezoidFit box{true, 0.1, 0.0, 1e-3, 1.0, exposure, 0.0};
  const double t = 0.1 - exposure;
  EXPECT_NEAR(*duration_uncertainty(box, with_q(10)), t / 10 * std::sqrt(2 * exposure / t), 1e-12);
}

TEST(DurationUncertainty, NoneWithoutAFitOrASignal) {
  EXPECT_FALSE(duration_uncertainty(TrapezoidFit{}, with_q(10)).has_value());
  const TrapezoidFit f{true, 0.1, 0.01, 1e-3, 1.0, 0.0, 0.0};
  EXPECT_FALSE(duration_uncertainty(f, TransitVetting{}).has_value());
  TransitVetting no_dip = with_q(10);
  no_dip.depth = -1e-3;
  EXPECT_FALSE(duration_uncertainty(f, no_dip).has_value());
  // An exposure as long as the transit leaves no duration to time.
  const TrapezoidFit smeared{true, 0.1, 0.0, 1e-3, 1.0, 0.1, 0.0};
  EXPECT_FALSE(duration_uncertainty(smeared, with_q(10)).has_value());
}

// White-noise vetting numbers for trapezoid_curve's points (no correlated noise).
TransitVetting white(double noise) {
  TransitVetting v;
  v.noise = noise;
  v.n_in_transit = 100;
  v.box_depth_err = noise / 10;
  return v;
}

TEST(FitEphemeris, MovesOffGridEphemerisToTheTruthWithinItsErrors) {
  // Transits at t0 = 0.7 every 3.1 d, searched from an ephemeris 6 minutes and 4e-4 d off.
  constexpr double kPeriod = 3.1, kT14 = 0.12, kT12 = 0.015, kNoise = 1e-3;
  std::vector<double> t0_pulls, period_pulls;
  for (unsigned seed = 1; seed <= 30; ++seed) {
    const Curve c = trapezoid_curve(kPeriod, kT14, kT12, 2e-3, 10.0 / 1440, kNoise, seed);
    const TransitEphemeris start{kPeriod + 4e-4, 0.7 + 6.0 / 1440, 0.1};
    const TrapezoidFit shape = fit_trapezoid(c.time, c.flux, start);
    ASSERT_TRUE(shape.ok);
    const EphemerisFit e = fit_ephemeris(c.time, c.flux, start, shape, white(kNoise));
    ASSERT_TRUE(e.ok) << seed;
    ASSERT_GT(e.t0_err, 0.0);
    ASSERT_GT(e.period_err, 0.0);
    t0_pulls.push_back((e.t0 - 0.7) / e.t0_err);
    period_pulls.push_back((e.period_days - kPeriod) / e.period_err);
  }
  // Pulls (offset over the reported sigma) scatter by about one: errors neither hide nor
  // inflate the real spread (a factor of 1.6 either way over 30 draws is far outside chance).
  for (const auto* pulls : {&t0_pulls, &period_pulls}) {
    double sum_sq = 0;
    for (double p : *pulls) sum_sq += p * p;
    const double rms = std::sqrt(sum_sq / pulls->size());
    EXPECT_GT(rms, 1 / 1.6) << rms;
    EXPECT_LT(rms, 1.6);
  }
}

TEST(FitShapeAndEphemeris, AnOffCentreFoldDoesNotWidenTheTransit) {
  // A 1-hour transit (6-minute ingress) folded on an ephemeris 4 minutes and 1e-4 d off, as a
  // periodogram's grids leave it: the symmetric trapezoid widens to cover both edges. The
  // refined ephemeris centres it again.
  constexpr double kPeriod = 3.1, kT14 = 1.0 / 24, kT12 = 0.1 / 24, kNoise = 2e-4;
  const Curve c = trapezoid_curve(kPeriod, kT14, kT12, 2e-3, 2.0 / 1440, kNoise);
  const TransitEphemeris start{kPeriod + 1e-4, 0.7 + 4.0 / 1440, 0.9 / 24};
  const TrapezoidFit folded = fit_trapezoid(c.time, c.flux, start);
  ASSERT_TRUE(folded.ok);
  EXPECT_GT(folded.t14_days / kT14, 1.1);
  const ShapeAndEphemeris both = fit_shape_and_ephemeris(c.time, c.flux, start, white(kNoise));
  ASSERT_TRUE(both.shape.ok);
  ASSERT_TRUE(both.timing.ok);
  EXPECT_NEAR(both.shape.t14_days / kT14, 1.0, 0.03);
  EXPECT_NEAR(both.shape.t12_days / kT12, 1.0, 0.3);
  EXPECT_NEAR(both.timing.t0, 0.7, 3 * both.timing.t0_err);
  // Without a transit to time, the first trapezoid stands.
  const Curve flat = trapezoid_curve(kPeriod, kT14, kT12, 0.0, 2.0 / 1440, kNoise);
  const ShapeAndEphemeris none =
      fit_shape_and_ephemeris(flat.time, flat.flux, start, white(kNoise));
  if (!none.timing.ok) {
    const TrapezoidFit first = fit_trapezoid(flat.time, flat.flux, start);
    EXPECT_EQ(none.shape.ok, first.ok);
    EXPECT_EQ(none.shape.t14_days, first.t14_days);
  }
}

TEST(FitShapeAndEphemeris, AShortTransitInLongCadenceKeepsItsDuration) {
  // A 1-hour transit in 29.4-minute exposures, folded on an ephemeris 10 minutes and 7e-4 d
  // off (19 minutes of drift over the data) with the short box a periodogram picks for it: the
  // first trapezoid is a V far shorter than the transit, and the timing fit from that V stops
  // short of the truth. Shape and timing refitted in turn settle on both.
  constexpr double kPeriod = 3.1, kT14 = 1.0 / 24, kT12 = 0.1 / 24, kNoise = 2e-5;
  constexpr double kExposure = 29.4 / 1440;
  const Curve c = trapezoid_curve(kPeriod, kT14, kT12, 1e-3, kExposure, kNoise);
  const TransitEphemeris start{kPeriod + 7e-4, 0.7 + 10.0 / 1440, 0.74 / 24};
  const ShapeAndEphemeris both = fit_shape_and_ephemeris(c.time, c.flux, start, white(kNoise));
  ASSERT_TRUE(both.shape.ok);
  ASSERT_TRUE(both.timing.ok);
  EXPECT_NEAR(both.shape.t14_days / kT14, 1.0, 0.1);
  EXPECT_NEAR(both.timing.t0, 0.7, 1.0 / 1440);
  EXPECT_NEAR(both.timing.period_days, kPeriod, 2e-5);
}

TEST(FitEphemeris, FailsWithoutAShapeOrATransit) {
  const Curve c = trapezoid_curve(3.1, 0.12, 0.015, 2e-3, 10.0 / 1440, 1e-3);
  const TransitEphemeris start{3.1, 0.7, 0.1};
  EXPECT_FALSE(fit_ephemeris(c.time, c.flux, start, TrapezoidFit{}, white(1e-3)).ok);
  // Pure noise around the same ephemeris: whatever converges must stay inside the transit.
  const Curve flat = trapezoid_curve(3.1, 0.12, 0.015, 0.0, 10.0 / 1440, 1e-3);
  const TrapezoidFit shape = fit_trapezoid(c.time, c.flux, start);
  const EphemerisFit e = fit_ephemeris(flat.time, flat.flux, start, shape, white(1e-3));
  if (e.ok) {
    EXPECT_LT(std::fabs(e.t0 - 0.7), 0.25 * shape.t14_days);
  }
}

}  // namespace
}  // namespace exodetect::vetting
