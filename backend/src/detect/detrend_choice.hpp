#pragma once
// Which trend the search divides out: the biweight location of each window, or, where that
// leaves the star's own variability at transit time scales (a fast-rotating, spotted star), a
// biweight quadratic with the longest window that follows the star.

#include <cstdint>
#include <vector>

#include "exodetect/lightcurve/detrend.hpp"

namespace exodetect::detect {

// Time scale of a transit (days) at which the detrended light curve's red noise is measured.
constexpr double kRedNoiseBinDays = 2.0 / 24.0;
// The quadratic replaces the location only where it makes a transit of kRedNoiseBinDays at
// least this many times more detectable (sensitivity, below): a change of method the noise of
// the measurement cannot make by itself.
constexpr double kMinSensitivityGain = 2.0;
// Shortest quadratic window tried (days): a quadratic over a shorter one takes out over a third
// of a two-hour transit's depth.
constexpr double kMinQuadraticWindowDays = 0.5;
// Each window tried is this factor shorter than the one before.
constexpr double kQuadraticWindowStep = 1.5;

// red_noise_ratio at kRedNoiseBinDays of a detrend result, the points of `mask` (empty: none)
// and those it clipped left out.
double detrended_red_noise(const std::vector<double>& time_days, const std::vector<uint8_t>& mask,
                           const lightcurve::DetrendResult& detrended, double gap_days);

// Fraction of a box transit of `duration_days`, centred in a window of `window_days` and not
// down-weighted, that a trend of `degree` (0 or 2) takes out: duration / window for a location,
// u (9/4 - 5 u^2 / 4) with u = duration / window for a quadratic (the box's projection onto the
// Legendre polynomials P0 and P2 at the centre). 1 when the duration fills the window.
double transit_fraction_removed(double duration_days, double window_days, int degree);

// How detectable a transit of kRedNoiseBinDays stays after a trend: the depth it keeps
// (1 - transit_fraction_removed) over the red noise ratio it leaves. White noise and a trend
// that follows the star give about 1 at any window (a trend that takes out part of a transit
// takes out as much of the noise at its time scale).
double transit_sensitivity(double red_noise, double window_days, int degree);

// Red noise of detrended relative flux (about 1): the robust scatter (MAD) of its bin means over
// bins of `bin_days`, each in units of the white noise expected for its number of points; the
// white noise is the robust scatter of second differences of neighbours closer than `gap_days`,
// which a smooth trend does not inflate. Points with skip[i] != 0 are left out. About 1 for
// white noise; 0 when fewer than kMinRedNoiseBins bins hold enough points to tell.
double red_noise_ratio(const std::vector<double>& time_days,
                       const std::vector<double>& relative_flux, const std::vector<uint8_t>& skip,
                       double bin_days, double gap_days);

struct DetrendChoice {
  lightcurve::DetrendOptions options;  // the trend chosen
  lightcurve::DetrendResult result;
  double default_red_noise = 0;  // red_noise_ratio of the biweight location at the base window
  double red_noise = 0;          // and of the trend chosen
};

// `base_result` is biweight_detrend with `base` (degree 0). The quadratic is fitted at
// base.window_days and at windows shorter by kQuadraticWindowStep down to
// kMinQuadraticWindowDays, and the one of highest transit_sensitivity replaces the location when
// its sensitivity is at least kMinSensitivityGain times the location's. None is fitted when the
// location's red noise is too low for that (a sensitivity above 1 is not reached).
DetrendChoice choose_detrending(const std::vector<double>& time_days,
                                const std::vector<double>& flux, const std::vector<uint8_t>& mask,
                                const lightcurve::DetrendOptions& base,
                                lightcurve::DetrendResult base_result);

}  // namespace exodetect::detect
