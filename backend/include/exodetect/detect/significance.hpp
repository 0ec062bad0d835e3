#pragma once

#include <cstddef>

namespace exodetect::detect {

// The share of pure-noise searches whose strongest candidate reaches auto_snr_threshold (its
// calibration's 99th percentile).
constexpr double kThresholdFalseAlarmRate = 0.01;

// Transit SNR that the strongest peak of pure white noise exceeds in about 1% of searches
// over `n_periods` Ofir-grid trial periods: linear in sqrt(ln n_periods), calibrated by
// `injection_recovery_bench noise-snr` (6.39 for a TESS sector, 7.32 for four Kepler years).
double auto_snr_threshold(size_t n_periods);

// The chance that noise alone makes a search's strongest candidate reach `snr` over
// `n_periods` trial periods: 1 - exp(-lambda Q(snr)), Q the Gaussian tail, with lambda set so
// that the calibrated 99th percentile (auto_snr_threshold less its 0.05 margin) has 1%. Read
// with an SNR measured against the noise at the transit's own time scale (the candidate's SNR
// over its red_noise_factor), it tells a star's own variability from a transit.
double noise_false_alarm_probability(double snr, size_t n_periods);

}  // namespace exodetect::detect
