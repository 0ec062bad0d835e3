#pragma once

#include <vector>

namespace exodetect::common {

// Median of the values (copy made; NaNs must be removed first). Throws std::invalid_argument
// when empty.
double median(std::vector<double> values);

// Median absolute deviation scaled by 1.4826 to estimate a Gaussian sigma.
double mad_sigma(const std::vector<double>& values);

}  // namespace exodetect::common
