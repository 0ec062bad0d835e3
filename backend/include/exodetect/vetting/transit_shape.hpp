#pragma once

#include <optional>
#include <vector>

#include "exodetect/vetting/vetting.hpp"

namespace exodetect::vetting {

// A trapezoid fitted to the folded transits: the shape the catalogues' durations describe.
struct TrapezoidFit {
  bool ok = false;
  double t14_days = 0;       // first to fourth contact
  double t12_days = 0;       // ingress (= egress)
  double depth = 0;          // of the flat bottom, relative flux
  double level = 1;          // out of transit
  double exposure_days = 0;  // each point's integration time the model used
  // How much worse (chi-square, in units of the per-point noise) the best trapezoid whose flat
  // bottom lasts at least kFlatBottomFraction of T14 fits than the best of all: large when the
  // data demand a V. Scaled down by the best fit's reduced chi-square when above 1 (red noise,
  // a folded ephemeris that drifts), so systematics alone do not make a V.
  double flat_bottom_delta_chi2 = 0;
  double ingress_fraction() const { return t14_days > 0 ? t12_days / t14_days : 0.0; }
};

// The flat bottom (T23 / T14) of the "flat-bottomed" alternative above. By Seager &
// Mallen-Ornelas (2003, eq. 7), T23 / T14 = 1/2 for Rp/R* = 0.1 is an impact parameter of 0.82:
// a signal whose data exclude it fits no planet crossing the inner stellar disc.
constexpr double kFlatBottomFraction = 0.5;

// Least-squares trapezoid (total duration, ingress, depth, level) to the detrended flux within
// 2.5 box durations of each mid-transit of `ephemeris` (the box from a BLS peak), each point's
// model integrated over its exposure (`exposure_days`; 0: the median time step), so a long
// cadence does not lengthen the transit. A box spans about (T14 + T23) / 2, between the
// transit's full duration and its flat bottom, so T14 is searched from 0.8 to 2 box widths
// (reaching lower by one exposure, as a box matched to a blurred transit is about an exposure
// longer) and the ingress up to half of T14 (a V shape). ok = false with too few points in and
// out of transit or no dip.
TrapezoidFit fit_trapezoid(const std::vector<double>& time_days, const std::vector<double>& flux,
                           const TransitEphemeris& ephemeris, double exposure_days = 0);

// What a V shape is: the best trapezoid has little flat bottom, ingress >= this share of T14
// (T23 <= 0.3 T14: by Seager & Mallen-Ornelas (2003, eq. 7) b >= 0.88 for Rp/R* = 0.1, b >= 0.99
// for 0.01, at or near the grazing limit 1 - Rp/R*), and a flat bottom of kFlatBottomFraction
// is excluded at flat_bottom_delta_chi2 above the second (3 sigma for one parameter). The
// ingress share is not 0.5: a grazing eclipse of a limb-darkened star has a rounded bottom that
// the best trapezoid reads as T23 ~ T14 / 4 (b = 1.05, Rp/R* = 0.2: ingress 0.375).
struct VShapeThresholds {
  double ingress_fraction = 0.35;
  double delta_chi2 = 9.0;
};

// A grazing eclipse, the shape of most eclipsing binaries the catalogues reject as "V-shaped":
// a significant dip with no flat bottom.
bool is_v_shaped(const TrapezoidFit& fit, const VShapeThresholds& thresholds = {});

// The transit geometry a trapezoid implies for a circular orbit and a dark occultor, from
// Seager & Mallen-Ornelas (2003, ApJ 585, 1038), eqs. 7 and 8 in their exact form (with
// tT = T14, tF = T23 = T14 - 2 T12, Delta F = the flat bottom's depth) and eq. 4 (Kepler's
// third law, planet mass neglected) for the stellar density. A V gives b = 1 - Rp/R*, the
// least a grazing eclipse can have. nullopt without a fit, a depth of 1 or more, or a T14 of
// half the period or longer. Exact for a uniform stellar disc; limb darkening rounds the
// bottom into a longer trapezoid ingress and raises b (a central transit reads b ~ 0.6, the
// density ~ 0.6 of the star's), so the candidate model is not fed this impact
// (docs/FEATURE_CALIBRATION.md).
struct TransitGeometry {
  double rp_rs = 0;        // sqrt(Delta F)
  double impact = 0;       // b, stellar radii
  double a_rs = 0;         // a / R*
  double density_cgs = 0;  // mean stellar density implied, g/cm^3
};
std::optional<TransitGeometry> transit_geometry(const TrapezoidFit& fit, double period_days);

// The 1-sigma uncertainty (days) of the box-like duration T = T14 - tau between mid-ingress and
// mid-egress (what a box's width measures), by Carter et al. (2008, ApJ 689, 499, eq. 21, white
// noise): sigma_T = (T / Q) sqrt(2 tau / T), with tau the ingress, which no data resolve below
// one exposure, and Q = depth / box_depth_err of `vetting` (the full depth over the error of a
// mean across the box's points, all transits together, red noise included). nullopt without a
// fit or a positive Q.
std::optional<double> duration_uncertainty(const TrapezoidFit& fit, const TransitVetting& vetting);

// Mid-time and period fitted to the points within T14 of each mid-transit, the trapezoid's shape
// (T14, ingress, exposure) held and depth and level free, by Gauss-Newton from `ephemeris`: the
// periodogram's grids quantise both. Errors from the fit's covariance with the per-point noise
// of the residuals, raised by how much more `vetting`'s depth error is than white noise would
// give (correlated noise). ok = false when the fit does not converge or leaves the transit
// (moves the mid-time by over a quarter of T14 plus one exposure, the transit's blurred
// width, at any epoch with data).
struct EphemerisFit {
  bool ok = false;
  double t0 = 0;  // at the epoch of ephemeris.t0, input time system (days)
  double period_days = 0;
  double t0_err = 0;      // days, 1 sigma
  double period_err = 0;  // days, 1 sigma
};
EphemerisFit fit_ephemeris(const std::vector<double>& time_days, const std::vector<double>& flux,
                           const TransitEphemeris& ephemeris, const TrapezoidFit& shape,
                           const TransitVetting& vetting);

// The trapezoid and the refined ephemeris together. The trapezoid is symmetric about the
// ephemeris' mid-time, so a fold off-centre by dt (the periodogram's grids, a period off by dP
// drifting n dP over n transits) widens it by about 2 dt: a 1-hour transit folded 4 minutes off
// reads T14 = 1.18 h. fit_ephemeris refines the mid-time and period from the first trapezoid,
// and the trapezoid is fitted again on that ephemeris, in turn, until a refit moves no
// mid-transit by 5% of T14 (three trapezoids at most): a trapezoid folded far off is a poor
// template for the timing fit (a 1-hour transit in 30-minute data reads as a short V). The
// first trapezoid stays when either fit fails.
struct ShapeAndEphemeris {
  TrapezoidFit shape;
  EphemerisFit timing;
};
ShapeAndEphemeris fit_shape_and_ephemeris(const std::vector<double>& time_days,
                                          const std::vector<double>& flux,
                                          const TransitEphemeris& ephemeris,
                                          const TransitVetting& vetting);

}  // namespace exodetect::vetting
