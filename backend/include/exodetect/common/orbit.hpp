#pragma once

namespace exodetect::common {

// a/R* from the mean stellar density (g/cm^3) and the period (days) by Kepler's third law
// (planet mass neglected), and back.
double a_rs_from_density(double density_cgs, double period_days);
double density_from_a_rs(double a_rs, double period_days);

}  // namespace exodetect::common
