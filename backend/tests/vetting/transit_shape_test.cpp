#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "exodetect/vetting/transit_shape.hpp"

namespace exodetect {
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

std::string case_name(const ::testing::TestParamInfo<ShapeCase>& info) {
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
    case_name);

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

}  // namespace
}  // namespace exodetect
