#include "exodetect/common/orbit.hpp"

#include <cmath>

#include "exodetect/common/constants.hpp"

namespace exodetect::common {

double a_rs_from_density(double density_cgs, double period_days) {
  const double rho_si = density_cgs * 1000.0;
  const double p = period_days * kSecondsPerDay;
  return std::cbrt(kGravitationalConstantSi * rho_si * p * p / (3 * kPi));
}

double density_from_a_rs(double a_rs, double period_days) {
  const double p = period_days * kSecondsPerDay;
  return 3 * kPi * a_rs * a_rs * a_rs / (kGravitationalConstantSi * p * p) / 1000.0;
}

}  // namespace exodetect::common
