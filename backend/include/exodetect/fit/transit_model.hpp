#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "exodetect/common/orbit.hpp"

namespace exodetect::fit {

// Quadratic limb darkening I(mu) = 1 - u1 (1 - mu) - u2 (1 - mu)^2.
struct LimbDarkening {
  double u1 = 0.4;
  double u2 = 0.25;
};

// Kipping (2013): (q1, q2) in the unit square map one to one onto physical (u1, u2).
LimbDarkening limb_darkening_from_kipping(double q1, double q2);
// Its inverse: (q1, q2) of a physical (u1, u2). The map has unit Jacobian, so a density
// uniform over the unit square of (q1, q2) is uniform over the triangle of (u1, u2).
void kipping_from_limb_darkening(const LimbDarkening& ld, double& q1, double& q2);

// Relative flux (1 when unocculted) of a quadratically limb-darkened star of unit radius
// occulted by an opaque disc of radius `k` (radius ratio, 0 <= k < 1) whose centre lies `z`
// stellar radii from the star's centre. Exact: the uniform and quadratic terms in closed form,
// the linear term in complete elliptic integrals (Agol, Luger & Foreman-Mackey 2020, with
// Bulirsch's cel; Mandel & Agol 2002 for the quadratic term).
double quadratic_occultation_flux(double k, double z, const LimbDarkening& ld);

// Fraction of a uniform stellar disc hidden by the occulting disc (0..1).
double uniform_occulted_fraction(double k, double z);

// The same flux by direct numerical integration of the stellar disc in concentric rings
// (composite Gauss-Legendre on each smooth piece of the ring's occulted arc): the in-tree
// reference the closed form is tested and benchmarked against (about 1e-12 accurate, 100 times
// slower).
double quadratic_occultation_flux_numerical(double k, double z, const LimbDarkening& ld);

// Bulirsch's (1969) general complete elliptic integral
// cel(kc, p, a, b) = int_0^{pi/2} (a cos^2 + b sin^2) / ((cos^2 + p sin^2) sqrt(cos^2 + kc^2
// sin^2)).
double bulirsch_cel(double kc, double p, double a, double b);

// A circular orbit and the planet's disc.
struct TransitParams {
  double t0 = 0;  // mid-transit time (days, the light curve's time system)
  double period_days = 1;
  double rp_rs = 0.1;  // planet radius / stellar radius
  double a_rs = 10;    // orbital semi-major axis / stellar radius
  double impact = 0;   // a_rs cos(inclination), stellar radii
  LimbDarkening ld;
};

// Sky-projected centre separation (stellar radii) at `dt_days` from mid-transit; a large value
// when the planet is behind the star.
double sky_separation(double dt_days, double period_days, double a_rs, double impact);

// Total transit duration T14 (hours) of a circular orbit (Winn 2010, eq. 14); 0 when the disc
// never touches the star.
double transit_duration_hours(double period_days, double a_rs, double impact, double rp_rs);

// a/R* from the mean stellar density and the period, and back (common/orbit.hpp).
using common::a_rs_from_density;
using common::density_from_a_rs;

// Sub-exposures per cadence that integrate a model over an exposure of `exposure_days`: one per
// 2 minutes, odd (1 for TESS and Kepler short cadence, 15 for Kepler/K2 long cadence and TESS
// 30-minute images, 5 for 10-minute images).
int supersample_count(double exposure_days);

// The model light curve at `time` (days), each point averaged over an exposure of
// `exposure_days` centred on it with `supersample` evenly spaced sub-exposures (1: none).
std::vector<double> transit_light_curve(const std::vector<double>& time, const TransitParams& p,
                                        double exposure_days, int supersample);

// The exposure-integrated transit profile tabulated on a uniform grid of time from
// mid-transit, so that a fit evaluates it once per parameter set and interpolates it at every
// data point (the profile is the same for every epoch of a circular orbit).
class TransitProfile {
 public:
  // `step_days` the grid step; `exposure_days` the cadence's exposure (0: instantaneous).
  void compute(const TransitParams& p, double exposure_days, double step_days);
  // The profile at `dt_days` from mid-transit (linear interpolation; 1 outside the transit).
  double at(double dt_days) const {
    double x = (dt_days - start_) * inv_step_;
    if (x <= 0.0 || x >= last_) return 1.0;
    const auto i = static_cast<int64_t>(x);  // x > 0: truncation is the floor
    double f = x - static_cast<double>(i);
    return values_[i] + f * (values_[i + 1] - values_[i]);
  }
  double half_width_days() const { return -start_; }

 private:
  std::vector<double> deficit_, raw_, values_;
  double start_ = 0, inv_step_ = 1, last_ = 0;
};

}  // namespace exodetect::fit
