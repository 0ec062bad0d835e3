#pragma once

#include <cstdint>
#include <vector>

namespace exodetect::vetting {

// Light that varies with the orbit outside the transits: a heartbeat binary's periastron
// brightening, a binary's ellipsoidal and reflection light. A planet's own light (reflected,
// thermal, ellipsoidal) is at most about depth / (a/R*)^2 peak to peak (a geometric albedo of
// 1), a few percent of the transit even at the shortest periods.
//
// The flux, not detrended (the detrending window is shorter than the variation it would
// remove), is folded at the period into kPhaseBins bins, one mean per orbit and bin, each
// orbit's own level taken out (slow drifts, segment offsets). The bins' spread against the
// spread of the orbits within a bin (a one-way analysis of variance: the orbits' scatter holds
// the star's red noise at the orbit's time scale) is compared with the same statistic after
// each orbit is turned by its own random phase: a spotted star's rotation or a drift raises
// both alike, a variation locked to the orbit only the unturned fold. Few orbits make a
// skewed, uneven null and get kMaxPhaseNullTrials turned folds; many orbits, whose bins average
// out to a chi-square, fewer (kPhaseNullOrbitTrials / orbits, at least kMinPhaseNullTrials),
// which bounds the cost for a short period over years.
constexpr int kPhaseBins = 20;
constexpr int kMaxPhaseNullTrials = 200;
constexpr int kMinPhaseNullTrials = 48;
constexpr int kPhaseNullOrbitTrials = 20000;
constexpr int kMinVariabilityOrbits = 3;  // orbits with data needed for the test

struct PhaseVariability {
  bool tested = false;  // false with fewer than kMinVariabilityOrbits orbits with data
  int orbits = 0;       // orbits with data in at least half the bins
  // Peak to peak of the folded bins (relative flux), and the error of one bin's mean.
  double amplitude = 0;
  double bin_error = 0;
  double chi_square = 0;  // the bins' spread over the orbits' (sum of squared z of the bins)
  // (chi_square - median of the turned folds) / their scatter (1.4826 MAD), and the share of
  // turned folds at least as high: the variation's significance against the star's own noise.
  double sigma = 0;
  double null_fraction = 1;
};

// `time_days` ascending (an orbit is the run of points between two transits); `flux` relative (~1),
// not detrended; `leave_out` 1 for points to skip (every candidate's transits, flares), empty for
// none. `t0` is a mid-transit time, in the same time system. Throws std::invalid_argument for
// mismatched arrays or a non-positive period.
PhaseVariability phase_variability(const std::vector<double>& time_days,
                                   const std::vector<double>& flux,
                                   const std::vector<uint8_t>& leave_out, double period_days,
                                   double t0);

// The most a planet's own light can vary over its orbit (relative flux, peak to peak) for a
// transit of `depth` (relative) at `period_days`, around a star no less dense than
// `min_density_cgs` (a/R* no smaller than Kepler's law gives) and no hotter than `teff_k`:
// - reflection with a geometric albedo of 1: depth / (a/R*)^2;
// - thermal light of a dayside at Teff / sqrt(a/R*) (no albedo, no redistribution), black
//   bodies at kPlanetLightWavelengthM (the redder edge of Kepler's and TESS's bands, where a
//   planet's thermal light is brightest against its star's);
// - ellipsoidal variation of the star raised by a companion of kMaxPlanetMassRatio (a 13
//   Jupiter-mass body around the Sun), 2 alpha q (R*/a)^3 with alpha = 1.5.
constexpr double kPlanetLightWavelengthM = 800e-9;
constexpr double kMaxPlanetMassRatio = 0.013;
double planet_phase_amplitude_limit(double depth, double period_days, double min_density_cgs,
                                    double teff_k);

// A variation locked to the orbit, significant against the star's own noise and beyond what a
// planet can make: at least kPhaseVariabilitySigma, above every turned fold, and its amplitude
// less kPhaseAmplitudeErrors bin errors (the noise's share of a peak to peak) above `limit`.
constexpr double kPhaseVariabilitySigma = 5.0;
constexpr double kPhaseAmplitudeErrors = 3.0;
bool varies_with_orbit(const PhaseVariability& variability, double limit);

}  // namespace exodetect::vetting
