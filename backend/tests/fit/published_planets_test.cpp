// The hot Jupiters in data/lightcurves fitted through the search pipeline and compared with
// the TESS Objects of Interest catalogue: Guerrero et al. (2021, ApJS 254, 39), the TOI table
// as exported by the NASA Exoplanet Archive on 2025-10-04 (data/catalogs/toi_2025-10-04.csv.gz,
// columns pl_orbper, pl_tranmid, pl_trandurh, pl_trandep, pl_rade with their errors). Agreement
// is asked within 3 combined standard deviations.

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "exodetect/detect/pipeline.hpp"
#include "exodetect/fit/fit_json.hpp"

namespace exodetect::fit {
namespace {

struct Published {
  const char* file;
  const char* name;
  double period, period_err;  // days
  double t0_btjd, t0_err;     // BJD - 2457000
  double t14_hours, t14_err;
  double depth_ppm, depth_err;
  double radius_earth, radius_err;
};

// TOI-114.01 (WASP-126 b). TOI-102.01 (WASP-62 b) is left out: its catalogue depth (15062 ppm)
// and duration (3.65 h) disagree with the sector-1 file itself, whose box search alone finds
// 13833 ppm (docs/FIT.md).
const Published kPlanets[] = {
    {"hlsp_tess-data-alerts_tess_phot_00025155310-s01_tess_v1_lc.fits.gz", "WASP-126 b", 3.2887898,
     3e-7, 1327.519958, 6.1e-5, 3.4367717, 0.0099877, 7005.72, 13.80, 10.5136, 0.5185},
};

void expect_agrees(const char* what, const Interval& fit, double value, double err) {
  const double fit_err = value > fit.median ? fit.upper - fit.median : fit.median - fit.lower;
  const double sigma = (fit.median - value) / std::hypot(fit_err, err);
  EXPECT_LT(std::fabs(sigma), 3.0)
      << what << ": fit " << fit.median << " +" << fit.upper - fit.median << " -"
      << fit.median - fit.lower << ", published " << value << " +- " << err;
}

TEST(PublishedPlanets, FitAgreesWithTheToiCatalogue) {
  for (const auto& pl : kPlanets) {
    SCOPED_TRACE(pl.name);
    DetectOptions o;
    o.threads = 2;
    o.max_planets = 1;
    const auto lc = read_light_curve(std::string(EXODETECT_DATA_DIR) + "/lightcurves/" + pl.file);
    const DetectionReport report = detect_planets(lc, o);
    ASSERT_FALSE(report.candidates.empty());
    const Candidate& c = report.candidates[0];
    ASSERT_NEAR(c.period, pl.period, 2e-3 * pl.period);
    FitOptions opt;
    opt.stellar_radius_sun = lc.stellar.radius_sun;
    const auto fit = fit_transit(candidate_fit_data(report, 0),
                                 {c.period, c.t0, c.duration_hours, c.depth_ppm}, opt);
    ASSERT_TRUE(fit.ok) << fit.error;
    // The catalogue's mid-transit time moved to the fitted epoch.
    const double epochs = std::round((fit.t0.median - pl.t0_btjd) / pl.period);
    expect_agrees("period", fit.period, pl.period, pl.period_err);
    expect_agrees("t0", fit.t0, pl.t0_btjd + epochs * pl.period,
                  std::hypot(pl.t0_err, epochs * pl.period_err));
    expect_agrees("t14_hours", fit.t14_hours, pl.t14_hours, pl.t14_err);
    expect_agrees("depth_ppm", fit.depth_ppm, pl.depth_ppm, pl.depth_err);
    ASSERT_TRUE(fit.planet_radius_earth.has_value());
    expect_agrees("planet_radius_earth", *fit.planet_radius_earth, pl.radius_earth, pl.radius_err);
    EXPECT_FALSE(fit.vetting.odd_even_mismatch);
    EXPECT_FALSE(fit.vetting.v_shaped);
    EXPECT_FALSE(fit.vetting.secondary_eclipse);
  }
}

}  // namespace
}  // namespace exodetect::fit
