#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "exodetect/common/constants.hpp"
#include "exodetect/fit/transit_model.hpp"

namespace exodetect::fit {

using common::kPi;

namespace {

TransitParams params(double t0, double period, double k, double a_rs, double b) {
  TransitParams p;
  p.t0 = t0;
  p.period_days = period;
  p.rp_rs = k;
  p.a_rs = a_rs;
  p.impact = b;
  return p;
}

TEST(BulirschCel, GivesTheCompleteEllipticIntegrals) {
  // K and E at m = k^2 = 0.25 and 0.81 (Abramowitz & Stegun table 17.1).
  const double kc1 = std::sqrt(0.75), kc2 = std::sqrt(0.19);
  EXPECT_NEAR(bulirsch_cel(kc1, 1, 1, 1), 1.685750354812596, 1e-13);
  EXPECT_NEAR(bulirsch_cel(kc1, 1, 1, 0.75), 1.467462209339427, 1e-13);
  EXPECT_NEAR(bulirsch_cel(kc2, 1, 1, 1), 2.280549138422770, 1e-13);
  // A general p (third kind) against direct quadrature of the definition.
  for (double p : {0.05, 0.7, 1.0, 3.0}) {
    const double kc = 0.6, a = 0.3, b = -1.2;
    double sum = 0;
    const int n = 200000;
    for (int i = 0; i < n; ++i) {
      double phi = (i + 0.5) * 0.5 * kPi / n;
      double c2 = std::cos(phi) * std::cos(phi), s2 = 1 - c2;
      sum += (a * c2 + b * s2) / ((c2 + p * s2) * std::sqrt(c2 + kc * kc * s2));
    }
    EXPECT_NEAR(bulirsch_cel(kc, p, a, b), sum * 0.5 * kPi / n, 1e-9) << p;
  }
}

TEST(QuadraticOccultation, MatchesNumericalIntegrationOfTheDisc) {
  const std::vector<double> ks = {0.005, 0.01, 0.03, 0.07, 0.1, 0.15, 0.2, 0.25, 0.3};
  const std::vector<LimbDarkening> lds = {{0, 0},     {0.4, 0.25}, {1, 0},    {0, 1},
                                          {0.2, 0.6}, {0.9, -0.2}, {0.1, 0.1}};
  double worst = 0;
  int n = 0;
  for (double k : ks) {
    std::vector<double> zs;
    for (int i = 0; i <= 80; ++i) zs.push_back((1 + k) * i / 80.0);
    // The formulas' case boundaries and their neighbourhoods.
    for (double z0 : {k, 1 - k, 1 + k, 0.5, 1.0}) {
      for (double dz : {0.0, 1e-9, -1e-9, 1e-6, -1e-6}) {
        if (z0 + dz >= 0) zs.push_back(z0 + dz);
      }
    }
    for (const auto& ld : lds) {
      for (double z : zs) {
        double exact = quadratic_occultation_flux(k, z, ld);
        double numeric = quadratic_occultation_flux_numerical(k, z, ld);
        ASSERT_TRUE(std::isfinite(exact)) << k << " " << z;
        worst = std::max(worst, std::fabs(exact - numeric));
        EXPECT_NEAR(exact, numeric, 1e-6)
            << "k " << k << " z " << z << " u " << ld.u1 << "," << ld.u2;
        ++n;
      }
    }
  }
  RecordProperty("max_abs_difference", std::to_string(worst));
  EXPECT_GT(n, 5000);
}

TEST(QuadraticOccultation, LimitsAndUniformDisc) {
  LimbDarkening none{0, 0};
  EXPECT_DOUBLE_EQ(quadratic_occultation_flux(0.1, 1.2, {0.4, 0.2}), 1.0);
  EXPECT_NEAR(quadratic_occultation_flux(0.1, 0.3, none), 1 - 0.01, 1e-14);
  EXPECT_NEAR(uniform_occulted_fraction(0.1, 0.0), 0.01, 1e-15);
  // Half a small disc on the limb hides about half its area.
  EXPECT_NEAR(uniform_occulted_fraction(0.01, 1.0), 0.5e-4, 3e-7);
  // Limb darkening deepens a central transit: I(1)/<I> = 1 / (1 - u1/3 - u2/6).
  LimbDarkening ld{0.4, 0.25};
  EXPECT_NEAR(1 - quadratic_occultation_flux(0.01, 0.0, ld), 1e-4 / (1 - 0.4 / 3 - 0.25 / 6), 1e-8);
}

TEST(Kipping, MapsTheUnitSquareToPhysicalCoefficients) {
  for (double q1 = 0.05; q1 < 1; q1 += 0.1) {
    for (double q2 = 0.05; q2 < 1; q2 += 0.1) {
      auto ld = limb_darkening_from_kipping(q1, q2);
      EXPECT_GE(ld.u1, 0);
      EXPECT_LE(ld.u1 + ld.u2, 1 + 1e-12);
      EXPECT_GE(ld.u1 + 2 * ld.u2, -1e-12);
      EXPECT_NEAR((ld.u1 + ld.u2) * (ld.u1 + ld.u2), q1, 1e-12);
      double back1 = 0, back2 = 0;
      kipping_from_limb_darkening(ld, back1, back2);
      EXPECT_NEAR(back1, q1, 1e-12);
      EXPECT_NEAR(back2, q2, 1e-12);
      // |d(u1, u2) / d(q1, q2)| = 1 (central differences): the fit samples (u1, u2) with the
      // prior uniform in (q1, q2) and no Jacobian.
      const double h = 1e-6;
      auto du = [&](double dq1, double dq2) {
        auto plus = limb_darkening_from_kipping(q1 + dq1, q2 + dq2);
        auto minus = limb_darkening_from_kipping(q1 - dq1, q2 - dq2);
        return std::pair{(plus.u1 - minus.u1) / (2 * h), (plus.u2 - minus.u2) / (2 * h)};
      };
      const auto [a11, a21] = du(h, 0);
      const auto [a12, a22] = du(0, h);
      EXPECT_NEAR(std::fabs(a11 * a22 - a12 * a21), 1.0, 1e-6);
    }
  }
}

TEST(Orbit, DensityPeriodAndDuration) {
  // The Sun (1.41 g/cm^3) and a one-year orbit: a = 215 R_sun, T14 about 13 hours.
  const double a = a_rs_from_density(1.41, 365.25);
  EXPECT_NEAR(a, 215.0, 1.0);
  EXPECT_NEAR(density_from_a_rs(a, 365.25), 1.41, 1e-10);
  EXPECT_NEAR(transit_duration_hours(365.25, a, 0, 0.00917), 13.0, 0.2);
  EXPECT_DOUBLE_EQ(transit_duration_hours(3, 8, 1.2, 0.1), 0.0);
  EXPECT_LT(transit_duration_hours(3, 8, 0.9, 0.1), transit_duration_hours(3, 8, 0.0, 0.1));
  EXPECT_NEAR(sky_separation(0, 3, 8, 0.4), 0.4, 1e-15);
  EXPECT_GT(sky_separation(1.5, 3, 8, 0.4), 100);  // behind the star at phase 0.5
}

TEST(Exposure, SubExposureCountsPerCadence) {
  EXPECT_EQ(supersample_count(2.0 / 1440), 1);
  EXPECT_EQ(supersample_count(0.0), 1);
  EXPECT_EQ(supersample_count(10.0 / 1440), 5);
  EXPECT_EQ(supersample_count(29.4 / 1440), 15);
  EXPECT_EQ(supersample_count(30.0 / 1440), 15);
}

TEST(Exposure, LongCadenceSmoothsTheTransit) {
  TransitParams p = params(1.0, 3.0, 0.1, 9.0, 0.3);
  std::vector<double> t;
  for (double x = 0.8; x < 1.2; x += 0.001) t.push_back(x);
  auto sharp = transit_light_curve(t, p, 0, 1);
  auto smooth = transit_light_curve(t, p, 29.4 / 1440, 15);
  // Integration conserves the area of the dip but lowers its bottom.
  double a1 = 0, a2 = 0;
  for (size_t i = 0; i < t.size(); ++i) {
    a1 += 1 - sharp[i];
    a2 += 1 - smooth[i];
  }
  EXPECT_NEAR(a1, a2, 1e-3 * a1);
  EXPECT_LT(*std::min_element(sharp.begin(), sharp.end()),
            *std::min_element(smooth.begin(), smooth.end()));
}

TEST(TransitProfile, InterpolatesTheExposureIntegratedCurve) {
  TransitParams p = params(0.0, 4.2, 0.08, 11.0, 0.5);
  p.ld = {0.45, 0.2};
  const double depth = p.rp_rs * p.rp_rs;
  for (double exposure : {0.0, 2.0 / 1440, 29.4 / 1440}) {
    std::vector<double> t;
    for (double x = -0.2; x < 0.2; x += 0.00037) t.push_back(x);
    auto direct = transit_light_curve(t, p, exposure, exposure > 0 ? 61 : 1);
    TransitProfile profile;
    profile.compute(p, exposure, 0.25 / 1440);
    double worst = 0;
    for (size_t i = 0; i < t.size(); ++i) {
      worst = std::max(worst, std::fabs(profile.at(t[i]) - direct[i]));
    }
    EXPECT_LT(worst, 2e-3 * depth) << exposure;
  }
}

}  // namespace
}  // namespace exodetect::fit
