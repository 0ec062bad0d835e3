#include "exodetect/lightcurve/flares.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>

#include "exodetect/common/stats.hpp"

namespace exodetect::lightcurve {

using common::mad_sigma;
using common::median;
using common::median_in_place;

std::vector<uint8_t> flare_mask(const std::vector<double>& time, const std::vector<double>& flux,
                                const FlareOptions& options) {
  if (time.size() != flux.size()) {
    throw std::invalid_argument("flare_mask: time and flux differ in length");
  }
  std::vector<uint8_t> mask(flux.size(), 0);
  // Point-to-point scatter: rotation and other slow variability do not inflate it.
  std::vector<double> diffs;
  diffs.reserve(flux.size());
  for (size_t i = 1; i < flux.size(); ++i) {
    if (std::isfinite(flux[i]) && std::isfinite(flux[i - 1]))
      diffs.push_back(flux[i] - flux[i - 1]);
  }
  if (diffs.size() < 3) return mask;
  const double sigma = mad_sigma(diffs) / std::sqrt(2.0);
  if (!(sigma > 0)) return mask;
  std::vector<double> finite;
  finite.reserve(flux.size());
  for (double f : flux) {
    if (std::isfinite(f)) finite.push_back(f);
  }
  const double level = median(finite);
  // The pre-flare level: the median of the points before. A flare must also rise above the
  // typical level, so that a transit's egress (a fast rise back to it) is not one.
  constexpr size_t kBasePoints = 3;
  for (size_t i = kBasePoints; i < flux.size(); ++i) {
    if (mask[i] || !std::isfinite(flux[i]) || !std::isfinite(flux[i - 1])) continue;
    std::array<double, kBasePoints> before;
    size_t n_before = 0;
    for (size_t k = i - kBasePoints; k < i; ++k) {
      if (std::isfinite(flux[k])) before[n_before++] = flux[k];
    }
    if (n_before == 0) continue;
    const double base = median_in_place(before.data(), before.data() + n_before);
    if (!(flux[i] - std::max(level, base) > options.start_sigma * sigma) ||
        !(flux[i] - flux[i - 1] > options.rise_sigma * sigma)) {
      continue;
    }
    for (int n = 1; n <= options.rise_points && i >= static_cast<size_t>(n); ++n) {
      if (std::isfinite(flux[i - n])) mask[i - n] = 1;
    }
    for (size_t j = i;
         j < flux.size() && std::isfinite(flux[j]) && flux[j] - base > options.tail_sigma * sigma &&
         time[j] - time[i] <= options.max_duration_days;
         ++j) {
      mask[j] = 1;
    }
  }
  return mask;
}

}  // namespace exodetect::lightcurve
