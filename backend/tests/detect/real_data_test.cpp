// Recovery of the catalogued planets in data/lightcurves (periods and depths from
// data/SOURCES.md), and no clean candidate in the light curves that hold no planet.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "exodetect/detect/pipeline.hpp"

namespace exodetect::detect {

using lightcurve::read_light_curve;

namespace {

std::string data_file(const std::string& name) {
  return std::string(EXODETECT_DATA_DIR) + "/lightcurves/" + name;
}

DetectionReport search(const std::string& name, int max_planets, double period_max_days = 0) {
  DetectOptions o;
  o.threads = 2;
  o.max_planets = max_planets;
  o.period_max_days = period_max_days;
  return detect_planets(read_light_curve(data_file(name)), o);
}

// The candidate within 0.1% of the period, or nullptr.
const Candidate* at_period(const DetectionReport& r, double period) {
  for (const auto& c : r.candidates) {
    if (std::fabs(c.period - period) <= 1e-3 * period) return &c;
  }
  return nullptr;
}

std::string describe(const DetectionReport& r) {
  std::string s;
  for (const auto& c : r.candidates) {
    s += " P=" + std::to_string(c.period) + " depth=" + std::to_string(c.depth_ppm) +
         " sde=" + std::to_string(c.sde);
  }
  return s.empty() ? " no candidates" : s;
}

struct KnownPlanet {
  const char* file;
  double period_days;
  double depth_ppm;  // 0: not catalogued (WASP-75 b is grazing, no TOI/KOI depth)
  // A transit at b ~ 1 - Rp/R* is V-shaped (is_v_shaped): the trapezoid cannot tell it from a
  // grazing binary's eclipse, so v_shape is the one flag it may carry.
  bool grazing = false;
};

class PlanetRecovery : public ::testing::TestWithParam<KnownPlanet> {};

TEST_P(PlanetRecovery, FirstCandidateAtCataloguePeriodAndDepth) {
  const KnownPlanet& p = GetParam();
  DetectionReport r = search(p.file, 1);
  ASSERT_FALSE(r.candidates.empty()) << p.file;
  const Candidate& c = r.candidates[0];
  // A box fits inside a limb-darkened transit and slides by about the ingress time (~0.3 h for
  // these hot Jupiters) at no cost, so N transits fix the period to ~0.3 h / N: 0.14% for
  // Kepler-2 b's 4.5 transits in 10 days of Q0, the shortest baseline here.
  const double cycles = r.light_curve.span_days() / p.period_days;
  const double tolerance = std::max(1e-3 * p.period_days, 0.3 / 24 / cycles);
  EXPECT_NEAR(c.period, p.period_days, tolerance) << describe(r);
  if (p.depth_ppm > 0) {
    EXPECT_NEAR(c.depth_ppm, p.depth_ppm, 0.2 * p.depth_ppm) << describe(r);
  }
  for (const auto& flag : c.flags) EXPECT_TRUE(p.grazing && flag == "v_shape") << flag;
  EXPECT_GE(c.transits_with_data, 3);
}

INSTANTIATE_TEST_SUITE_P(
    Data, PlanetRecovery,
    ::testing::Values(
        KnownPlanet{"kplr010666592-2009131110544_slc.fits.gz", 2.204735, 6675},  // Kepler-2 b
        KnownPlanet{"hlsp_tess-data-alerts_tess_phot_00025155310-s01_tess_v1_lc.fits.gz", 3.2887898,
                    7006},  // WASP-126 b
        KnownPlanet{"tess2018206045859-s0001-0000000231663901-0120-s_lc.fits.gz", 1.4303699,
                    18961},  // WASP-46 b
        KnownPlanet{"tess2018206045859-s0001-0000000149603524-0120-s_lc.fits.gz", 4.4119378,
                    15062},  // WASP-62 b
        KnownPlanet{"tess2018206045859-s0001-0000000038846515-0120-s_lc.fits.gz", 2.8493825,
                    8049},  // WASP-100 b
        KnownPlanet{"k2_EPIC206154641_WASP-75_everest_c03.csv.gz", 2.4842, 0, true}));  // WASP-75 b

TEST(RealData, Toi2000BothPlanetsByIterativeSearch) {
  DetectionReport r = search("toi2000_tic371188886_y1_30min.csv.gz", 5);
  const Candidate* c = at_period(r, 9.1270519);
  const Candidate* b = at_period(r, 3.098367);
  ASSERT_NE(c, nullptr) << describe(r);
  ASSERT_NE(b, nullptr) << describe(r);
  EXPECT_NEAR(c->depth_ppm, 4568, 0.2 * 4568);
  EXPECT_NEAR(b->depth_ppm, 496, 0.2 * 496);
  EXPECT_TRUE(b->flags.empty()) << b->flags.front();
  EXPECT_EQ(r.candidates.size(), 2u) << describe(r);
}

// One Kepler quarter (BKJD 260-350) of Kepler-90: g and h do not transit in it, d and e
// transit once or twice, b (116 ppm) is below the noise; c (160 ppm, 10 transits) is the
// periodic signal the quarter supports.
TEST(RealData, Kepler90cInOneQuarter) {
  DetectionReport r = search("kplr011442793-2009350155506_llc.fits.gz", 3);
  const Candidate* c = at_period(r, 8.719801350);
  ASSERT_NE(c, nullptr) << describe(r);
  EXPECT_NEAR(c->depth_ppm, 160, 0.2 * 160);
  EXPECT_GE(c->transits_with_data, 9);
}

// The same quarter searched to 80 days: d's two transits, 59.7 days apart, make a peak of high
// SNR under the SDE floor. Followed, it ended the search before c was looked at; the peak
// chosen is now one that can be reported.
TEST(RealData, Kepler90cSurvivesAWiderPeriodRange) {
  DetectionReport r = search("kplr011442793-2009350155506_llc.fits.gz", 3, 80.0);
  EXPECT_NE(at_period(r, 8.719801350), nullptr) << describe(r);
}

// The same quarter: d's two transits (BKJD 278.46 and 338.17; KOI K00351.03, P 59.737 d) and
// e's one (318.27; K00351.04, P 91.940 d; Kepler DR25, Thompson et al. 2018) lie 19.9 days
// apart or a multiple of it, and the epoch between them at 298.36 has data and no transit. No
// candidate pairs them at 19.9 days (it was one, called a planet at 0.97); the three transits
// are single events (e's falls on c's phase 0.5, where c shows no eclipse).
TEST(RealData, Kepler90dAndeAreNotPairedIntoOnePeriod) {
  DetectionReport r = search("kplr011442793-2009350155506_llc.fits.gz", 5);
  EXPECT_EQ(at_period(r, 19.90), nullptr) << describe(r);
  int d_transits = 0, e_transits = 0;
  for (const auto& e : r.single_events) {
    if (std::fabs(e.t0 - 278.46) < 0.1 || std::fabs(e.t0 - 338.17) < 0.1) ++d_transits;
    if (std::fabs(e.t0 - 318.27) < 0.2) ++e_transits;
  }
  EXPECT_EQ(d_transits, 2) << r.single_events.size() << " single events";
  EXPECT_EQ(e_transits, 1) << r.single_events.size() << " single events";
}

// One quarter of KOI-1003, a spotted eclipsing binary, holds three of its eclipses. Its
// occultation (1,405 +- 310 ppm) lies at phase 0.570, 14 hours after phase 0.5: the orbit is
// eccentric (allesfitter's fit of the same data, Guenther & Daylan 2021, ApJS 254, 13,
// github.com/MNGuenther/allesfitter paper/KOI-1003: sqrt(e) cos(w) = 0.326, T_0;occ
// 2455026.7512). The secondary test looks at phase 0.5 only, so it must find nothing there; a
// location trend read the star's spots there as 3 sigma. The spots make the automatic choice a
// quadratic trend, and the primary eclipse is measured as allesfitter measures it (27,931 +- 400
// ppm). ml_test checks that the scorer calls the binary less likely a planet than the planets.
TEST(RealData, EclipsingBinaryKoi1003) {
  DetectionReport r = search("koi1003_kic2438502_kepler_q2.csv.gz", 1);
  EXPECT_EQ(r.search.detrend_degree, 2);
  ASSERT_FALSE(r.candidates.empty());
  const Candidate& c = r.candidates[0];
  EXPECT_NEAR(c.period, 8.3599, 0.005) << describe(r);
  EXPECT_NEAR(c.depth_ppm, 27931, 1400) << describe(r);
  EXPECT_LT(std::fabs(c.secondary_snr), 3.0) << describe(r);
}

TEST(RealData, NoCleanCandidateForSpottedStarOrBoyajiansStar) {
  for (const char* file : {"kplr005110407-2009350155506_llc-kepcotrend-single.fits.gz",
                           "kic8462852_q8_dip_llc.fits.gz"}) {
    DetectionReport r = search(file, 3);
    for (const auto& c : r.candidates) {
      EXPECT_FALSE(c.flags.empty()) << file << describe(r);
    }
  }
}

}  // namespace
}  // namespace exodetect::detect

namespace exodetect::detect {
namespace {

// WASP-46 b (Anderson et al. 2012, MNRAS 422, 1988: P = 1.43037 d, T14 = 0.0684 d = 1.64 h,
// impact parameter 0.74, no depth difference between transits), TESS sector 1: the last
// transit is cut by the end of the sector, which must not read as an odd/even mismatch, and
// the trapezoid measures the grazing transit's full duration where the box is 25% short.
TEST(RealVetting, Wasp46bPartialTransitIsNoOddEvenAndT14IsMeasured) {
  const DetectionReport r = search("tess2018206045859-s0001-0000000231663901-0120-s_lc.fits.gz", 1);
  const Candidate* c = at_period(r, 1.43037);
  ASSERT_NE(c, nullptr) << describe(r);
  EXPECT_EQ(std::count(c->flags.begin(), c->flags.end(), "odd_even"), 0) << c->odd_even_mismatch;
  EXPECT_LT(c->duration_hours, 0.85 * 1.64);
  EXPECT_NEAR(c->t14_hours / 1.64, 1.0, 0.1) << c->t14_hours;
}

}  // namespace
}  // namespace exodetect::detect
