#pragma once
// How the pipeline picks and sharpens the signal to follow from a periodogram (not a public
// header: the search's internals, shared by src/detect).

#include <cstddef>
#include <vector>

#include "exodetect/search/bls.hpp"
#include "exodetect/vetting/vetting.hpp"

namespace exodetect::detect {

// Detrended, unmasked points the search and the vetting read (days, relative flux).
struct Points {
  std::vector<double> time, flux, flux_err;
};

// Largest n and m of a period ratio n/m that makes two peaks one signal (aliases).
constexpr int kMaxAliasOrder = 4;

// A finer look around the coarse periodogram peak `peak`: periods between its neighbouring
// grid points and durations around its best one, folded exactly, so period, t0, duration and
// depth are not quantised by the search grid.
search::Periodogram refine_peak(const Points& p, const search::Periodogram& coarse, size_t peak,
                                const std::vector<double>& durations_hours);

// The periodogram index of the signal to follow (the highest SDE peaks and the best of each
// band of log period, compared by transit SNR, those at or above `sde_min` first); the highest
// SDE peak when it reaches `strong_snr` or none has two transits.
size_t strongest_peak(const Points& p, const search::Periodogram& pg,
                      const std::vector<double>& sde, double strong_snr, double sde_min);

// `e` at half its period when the data say the signal repeats there (a significant dip at
// phase 0.5, odd and even transits of one depth within `odd_even_sigma`, a higher white-noise
// SNR).
vetting::TransitEphemeris half_period_if_repeats(const Points& p,
                                                 const vetting::TransitEphemeris& e,
                                                 double odd_even_sigma);

// The SDE of the signal at `period_days` found from the periodogram's `peak`: the peak's own,
// or, when the period moved to a harmonic the grid holds (half_period_if_repeats), the highest
// SDE within `tolerance` (relative) of it if higher. Twice the period is one signal with half
// its transits, and its SDE says less of it.
double signal_sde(const search::Periodogram& pg, const std::vector<double>& sde, size_t peak,
                  double period_days, double tolerance);

}  // namespace exodetect::detect
