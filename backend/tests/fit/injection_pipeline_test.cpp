// A transit of known shape multiplied into a real raw light curve (before detrending), found
// by the search and fitted from candidate_fit_data: the fitted shape is the injected one. A
// detrender that eats into the transit (window against duration, transits left in the trend)
// or a wrong exposure integration would shorten or lengthen T14 and bias k, b and a/R*.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "exodetect/detect/pipeline.hpp"
#include "exodetect/fit/fit_json.hpp"
#include "exodetect/fit/transit_model.hpp"

namespace exodetect::fit {

using detect::Candidate;
using detect::detect_planets;
using detect::DetectionReport;
using detect::DetectOptions;
using lightcurve::read_light_curve;

namespace {

// Asked: within this many of the posterior's own standard deviations (the side facing the
// truth).
constexpr double kTolerance = 3.0;

void expect_recovers(const char* what, const Interval& iv, double truth) {
  const double err = truth > iv.median ? iv.upper - iv.median : iv.median - iv.lower;
  EXPECT_LT(std::fabs(iv.median - truth), kTolerance * err)
      << what << ": fitted " << iv.median << " +" << iv.upper - iv.median << " -"
      << iv.median - iv.lower << ", injected " << truth;
}

// A WASP-62 b-like hot Jupiter (k 0.11, a/R* 9.6, b 0.2, T14 3.8 h) in the WASP-126 sector,
// at a period and phase that miss WASP-126 b's own transits.
TEST(InjectionPipeline, ShapeOfATransitInjectedBeforeDetrendingIsRecovered) {
  auto lc =
      read_light_curve(std::string(EXODETECT_DATA_DIR) +
                       "/lightcurves/hlsp_tess-data-alerts_tess_phot_00025155310-s01_tess_v1_lc"
                       ".fits.gz");
  TransitParams p;
  p.period_days = 4.4119;
  p.t0 = lc.time.front() + 0.37 * p.period_days;
  p.rp_rs = 0.1105;
  p.a_rs = 9.6;
  p.impact = 0.2;
  p.ld = limb_darkening_from_kipping(0.36, 0.3);
  const double exposure = 2.0 / 1440;
  const auto model = transit_light_curve(lc.time, p, exposure, supersample_count(exposure));
  for (size_t i = 0; i < lc.size(); ++i) lc.flux[i] *= model[i];
  DetectOptions d;
  d.threads = 2;
  d.max_planets = 2;
  const DetectionReport report = detect_planets(lc, d);
  const auto found = std::find_if(
      report.candidates.begin(), report.candidates.end(),
      [&](const Candidate& c) { return std::fabs(c.period / p.period_days - 1) < 2e-3; });
  ASSERT_NE(found, report.candidates.end());
  const auto index = static_cast<size_t>(found - report.candidates.begin());
  const auto fit =
      fit_transit(candidate_fit_data(report, index),
                  {found->period, found->t0, found->duration_hours, found->depth_ppm}, {});
  ASSERT_TRUE(fit.ok) << fit.error;
  expect_recovers("t14_hours", fit.t14_hours,
                  transit_duration_hours(p.period_days, p.a_rs, p.impact, p.rp_rs));
  expect_recovers("depth_ppm", fit.depth_ppm,
                  (1 - quadratic_occultation_flux(p.rp_rs, p.impact, p.ld)) * 1e6);
  expect_recovers("rp_rs", fit.rp_rs, p.rp_rs);
  expect_recovers("impact", fit.impact, p.impact);
  expect_recovers("a_rs", fit.a_rs, p.a_rs);
}

}  // namespace
}  // namespace exodetect::fit
