#include "exodetect/lightcurve/flares.hpp"

#include <cmath>
#include <stdexcept>

#include "exodetect/common/stats.hpp"

namespace exodetect {

std::vector<uint8_t> flare_mask(const std::vector<double>& time, const std::vector<double>& flux,
                                const FlareOptions& options) {
  if (time.size() != flux.size()) {
    throw std::invalid_argument("flare_mask: time and flux differ in length");
  }
  std::vector<uint8_t> mask(flux.size(), 0);
  std::vector<double> finite;
  finite.reserve(flux.size());
  for (double f : flux) {
    if (std::isfinite(f)) finite.push_back(f);
  }
  if (finite.size() < 3) return mask;
  const double level = median(finite);
  const double sigma = mad_sigma(finite);
  if (!(sigma > 0)) return mask;
  const double start = level + options.start_sigma * sigma;
  const double tail = level + options.tail_sigma * sigma;
  for (size_t i = 0; i < flux.size(); ++i) {
    if (i == 0 || mask[i] || !(std::isfinite(flux[i]) && flux[i] > start) ||
        !(flux[i] - flux[i - 1] > options.rise_sigma * sigma)) {
      continue;
    }
    for (int n = 1; n <= options.rise_points && i >= static_cast<size_t>(n); ++n) {
      if (std::isfinite(flux[i - n])) mask[i - n] = 1;
    }
    for (size_t j = i; j < flux.size() && std::isfinite(flux[j]) && flux[j] > tail &&
                       time[j] - time[i] <= options.max_duration_days;
         ++j) {
      mask[j] = 1;
    }
  }
  return mask;
}

}  // namespace exodetect
