// A pulsating star from real data, shared by the tests of the verdict (ml) and of the CLI.
#pragma once

#include <cmath>
#include <string>

#include "exodetect/common/constants.hpp"
#include "exodetect/lightcurve/light_curve.hpp"

namespace exodetect::test_support {

// WASP-100's TESS sector (TIC 38846515) with its planet's transits cut out (P 2.849375 d,
// mid-transit BTJD 1326.7443; Hellier et al. 2014 and the TOI table), read as a CSV without a
// star would be, times six delta Scuti-like modes of 1.0-7.0 hours and 400-1,300 ppm (curve 6
// of backend/bench/pulsator_curves.py, its parameters rounded).
inline lightcurve::LightCurve pulsating_star() {
  const lightcurve::LightCurve lc = lightcurve::read_light_curve(
      std::string(EXODETECT_DATA_DIR) +
      "/lightcurves/tess2018206045859-s0001-0000000038846515-0120-s_lc.fits.gz");
  struct Mode {
    double period_days, amplitude, phase;
  };
  const Mode modes[] = {{0.04091, 0.000483, 2.9171}, {0.2904, 0.000511, 2.0458},
                        {0.08176, 0.00096, 0.3471},  {0.2017, 0.000401, 6.1267},
                        {0.07084, 0.000877, 0.3254}, {0.22253, 0.001256, 3.2586}};
  lightcurve::LightCurve out;
  out.mission = lc.mission;
  out.time_system = lc.time_system;
  out.bjd_reference_days = lc.bjd_reference_days;
  for (size_t i = 0; i < lc.size(); ++i) {
    const double period = 2.849375, t0 = 1326.7443;
    if (std::abs(std::remainder(lc.time[i] - t0, period)) < 0.12) continue;
    double f = lc.flux[i];
    for (const Mode& m : modes)
      f *= 1 + m.amplitude * std::sin(2 * common::kPi * lc.time[i] / m.period_days + m.phase);
    out.time.push_back(lc.time[i]);
    out.flux.push_back(f);
    out.flux_err.push_back(lc.flux_err[i]);
    out.segment.push_back(lc.segment.empty() ? 0 : lc.segment[i]);
  }
  out.n_points_raw = out.size();
  return out;
}

}  // namespace exodetect::test_support
