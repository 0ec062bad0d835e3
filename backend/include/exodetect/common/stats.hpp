#pragma once

#include <vector>

namespace exodetect::common {

// Median of the values (copy made; NaNs must be removed first). Throws std::invalid_argument
// when empty.
double median(std::vector<double> values);

// Median of [first, last), reordered in place: no copy, for a few values at a time in a loop.
// NaNs must be removed first. Throws std::invalid_argument when empty.
double median_in_place(double* first, double* last);

// Median absolute deviation scaled by 1.4826 to estimate a Gaussian sigma.
double mad_sigma(const std::vector<double>& values);

// The median step between successive times (days) of a time-ordered series, counting only
// steps forward; 0 with fewer than two distinct times.
double median_cadence(const std::vector<double>& sorted_time);

// The one-sided Gaussian quantile of p = 0.001: the significance the vetting tests ask.
constexpr double kSigmaAtP001 = 3.09;

// The one-sided Gaussian quantile x of a tail probability p in (0, 0.5]: Q(x) = p, where
// Q(x) = erfc(x / sqrt 2) / 2 (for a threshold at p shared among N trials, p / N).
double one_sided_gaussian_quantile(double p);

}  // namespace exodetect::common
