// The default search grid and stellar activity on real light curves with injected transits:
// short M-dwarf transits, long transits of long-period planets, flares and rotation.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>

#include "exodetect/detect/pipeline.hpp"
#include "exodetect/lightcurve/light_curve.hpp"

namespace exodetect::detect {

using lightcurve::LightCurve;
using lightcurve::read_light_curve;

namespace {

std::string data_file(const std::string& name) {
  return std::string(EXODETECT_DATA_DIR) + "/lightcurves/" + name;
}

struct Box {
  double period_days, t0, duration_hours, depth;
};

// A real light curve read as a user uploading a table would have it: no star known.
LightCurve real_without_star(const std::string& file) {
  LightCurve lc = read_light_curve(data_file(file));
  lc.stellar = {};
  return lc;
}

void inject(LightCurve& lc, const Box& b) {
  for (size_t i = 0; i < lc.size(); ++i) {
    if (std::fabs(std::remainder(lc.time[i] - b.t0, b.period_days)) < b.duration_hours / 48) {
      lc.flux[i] *= 1 - b.depth;
    }
  }
}

const Candidate* at_period(const DetectionReport& r, double period) {
  for (const auto& c : r.candidates) {
    if (std::fabs(c.period - period) < 2e-3 * period) return &c;
  }
  return nullptr;
}

std::string describe(const DetectionReport& r) {
  std::string s;
  for (const auto& c : r.candidates) {
    s += " P=" + std::to_string(c.period) + " T=" + std::to_string(c.duration_hours) +
         "h depth=" + std::to_string(c.depth_ppm) + (c.flags.empty() ? "" : " " + c.flags[0]);
  }
  return s.empty() ? " no candidates" : s;
}

DetectOptions defaults() {
  DetectOptions o;
  o.threads = 2;
  return o;
}

// TOI-813's TESS sector 5 (2-min SPOC; quiet but for TOI-813 b's single transit) with a
// 1.2-day planet of 30-minute transits: LHS 3844 b's transit lasts 31 min (Vanderspek et al.
// 2019, ApJL 871, L24, Table 2); an M dwarf's dense star makes transits this short.
const Box kShort{1.2, 1440.3, 0.5, 1500e-6};
const char* kQuietSector = "tic55525572_lc.fits.gz";

TEST(DefaultGrid, HalfHourTransitOfMDwarfPlanetFound) {
  LightCurve lc = real_without_star(kQuietSector);
  inject(lc, kShort);
  const DetectionReport r = detect_planets(lc, defaults());
  EXPECT_TRUE(r.search.physical_durations);
  EXPECT_LE(r.search.durations_hours.front(), 0.25);
  const Candidate* c = at_period(r, kShort.period_days);
  ASSERT_NE(c, nullptr) << describe(r);
  // A one-hour box (the old shortest) would report twice the duration and half the depth.
  EXPECT_LT(c->duration_hours, 0.8) << describe(r);
  EXPECT_NEAR(c->depth_ppm, 1500, 450) << describe(r);
}

// The flaring M dwarf: 0.73-day rotation (2% peak to peak) and flares on top of the
// same planet. The rotation may be reported (flagged sinusoidal) but the planet is found too.
TEST(Activity, RotationAndFlaresDoNotHideThePlanet) {
  LightCurve lc = real_without_star(kQuietSector);
  inject(lc, kShort);
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> when(lc.time.front(), lc.time.back());
  std::uniform_real_distribution<double> peak(0.01, 0.05);
  std::vector<std::pair<double, double>> flares;
  for (int k = 0; k < 25; ++k) flares.emplace_back(when(rng), peak(rng));
  constexpr double kDecayDays = 10.0 / 1440;  // 10-minute e-folding (Davenport 2014)
  for (size_t i = 0; i < lc.size(); ++i) {
    const double t = lc.time[i];
    double f = 1 + 0.01 * std::sin(2 * M_PI * t / 0.73) + 0.003 * std::sin(4 * M_PI * t / 0.73);
    for (const auto& [start, amplitude] : flares) {
      if (t >= start) f += amplitude * std::exp(-(t - start) / kDecayDays);
    }
    lc.flux[i] *= f;
  }
  const DetectionReport r = detect_planets(lc, defaults());
  EXPECT_GT(r.search.n_flare_points, 25u);
  const Candidate* c = at_period(r, kShort.period_days);
  ASSERT_NE(c, nullptr) << describe(r);
  EXPECT_LT(c->duration_hours, 0.8) << describe(r);
}

// TOI-421 (TESS S5+S6, LATTE table) with a 13-hour transit every 25 days: TOI-813 b's transit
// lasts 13.03 h (TOI table, 813.01). A 1-day detrending window would erase it; the physical
// grid reaches 13 h and sizes the window to three times the longest duration.
TEST(DefaultGrid, ThirteenHourTransitFound) {
  LightCurve lc = real_without_star("94986319_data.txt.gz");
  const Box long_transit{25.0, 1445.0, 13.0, 2500e-6};
  inject(lc, long_transit);
  const DetectionReport r = detect_planets(lc, defaults());
  EXPECT_GE(r.search.durations_hours.back(), 13.0);
  const Candidate* c = at_period(r, long_transit.period_days);
  ASSERT_NE(c, nullptr) << describe(r);
  EXPECT_GT(c->duration_hours, 9.0) << describe(r);
  EXPECT_NEAR(c->depth_ppm, 2500, 750) << describe(r);
}

// KIC 5110407, a spotted star rotating in 3.6 days at 8% peak to peak (Kepler quarter 3), with a
// planet of 8.63 days, 1.7-hour transits and 3,300 ppm: about SNR 12 against its 1,400-ppm
// point-to-point scatter. A location over the default window leaves 17 times the white noise at
// two hours and the search finds only the rotation; the quadratic follows the star.
TEST(Activity, ASpottedStarsRotationDoesNotHideThePlanet) {
  LightCurve lc = real_without_star("kplr005110407-2009350155506_llc-kepcotrend-single.fits.gz");
  const Box planet{8.63, lc.time.front() + 3.1, 1.72, 3318e-6};
  inject(lc, planet);
  const DetectionReport r = detect_planets(lc, defaults());
  EXPECT_EQ(r.search.detrend_degree, 2);
  EXPECT_LT(r.search.detrend_red_noise, 1.5);
  ASSERT_FALSE(r.light_curve.notes.empty());
  EXPECT_NE(r.light_curve.notes.back().find("quadratic"), std::string::npos);
  ASSERT_NE(at_period(r, planet.period_days), nullptr) << describe(r);
  // A window the user gives is used as given, and the red noise it leaves is reported.
  DetectOptions given = defaults();
  given.detrend_window_days = 1.5;
  const DetectionReport g = detect_planets(lc, given);
  EXPECT_EQ(g.search.detrend_degree, 0);
  EXPECT_DOUBLE_EQ(g.search.detrend_window_days, 1.5);
  EXPECT_GT(g.search.detrend_red_noise, 3.0);
}

// An eclipsing binary on the same spotted star: 1% eclipses of 3 hours every 3.2 days and a
// 1,500 ppm secondary at phase 0.5. With the location the search found only the rotation; the
// quadratic trend would take out half of the secondary, which is measured instead against a
// quadratic fitted with it around each epoch (vetting/local_depth.hpp).
TEST(Activity, ASpottedBinarysSecondaryIsSeen) {
  LightCurve lc = real_without_star("kplr005110407-2009350155506_llc-kepcotrend-single.fits.gz");
  const Box primary{3.2, lc.time.front() + 1.3, 3.0, 0.01};
  inject(lc, primary);
  inject(lc, {primary.period_days, primary.t0 + 1.6, 3.0, 1500e-6});
  DetectOptions o = defaults();
  o.max_planets = 1;
  const DetectionReport r = detect_planets(lc, o);
  const Candidate* c = at_period(r, primary.period_days);
  ASSERT_NE(c, nullptr) << describe(r);
  EXPECT_NEAR(c->secondary_depth_ppm, 1500, 3 * c->secondary_depth_err_ppm) << describe(r);
  EXPECT_TRUE(c->has_flag("secondary")) << describe(r);
}

}  // namespace
}  // namespace exodetect::detect
