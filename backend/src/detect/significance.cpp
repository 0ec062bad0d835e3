#include "exodetect/detect/significance.hpp"

#include <algorithm>
#include <cmath>

namespace exodetect::detect {

namespace {

// The upper envelope of the measured 99th percentiles is the threshold less this margin.
constexpr double kThresholdMargin = 0.05;

double gaussian_tail(double x) { return 0.5 * std::erfc(x / std::sqrt(2.0)); }

}  // namespace

double auto_snr_threshold(size_t n_periods) {
  // The largest of N independent Gaussian noise trials grows as sqrt(2 ln N), so the threshold
  // is linear in sqrt(ln N): the upper envelope, plus kThresholdMargin, of the 99th percentiles
  // that `injection_recovery_bench noise-snr` measures on what the pipeline reports from pure
  // noise (SDE floor on), 6.1-7.3 from a 13-day TESS orbit to four Kepler years, taken over both
  // the physical duration grid (the default) and six fixed 1-8 h durations
  // (docs/SNR_CALIBRATION.md).
  constexpr double kOffset = 2.45;
  constexpr double kPerSqrtLn = 1.40;
  const double ln_n = std::log(static_cast<double>(std::max<size_t>(n_periods, 1)));
  return kOffset + kPerSqrtLn * std::sqrt(ln_n);
}

double noise_false_alarm_probability(double snr, size_t n_periods) {
  if (std::isnan(snr)) return 1.0;
  // The strongest of lambda effectively independent Gaussian trials exceeds s with probability
  // 1 - exp(-lambda Q(s)); lambda from the calibrated 99th percentile.
  const double percentile_99 = auto_snr_threshold(n_periods) - kThresholdMargin;
  const double lambda = -std::log1p(-kThresholdFalseAlarmRate) / gaussian_tail(percentile_99);
  return std::clamp(-std::expm1(-lambda * gaussian_tail(snr)), 0.0, 1.0);
}

}  // namespace exodetect::detect
