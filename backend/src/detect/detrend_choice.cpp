#include "detrend_choice.hpp"

#include <algorithm>
#include <cmath>

#include "exodetect/common/stats.hpp"

namespace exodetect::detect {

using common::mad_sigma;
using common::median;
using lightcurve::biweight_detrend;
using lightcurve::DetrendOptions;
using lightcurve::DetrendResult;

namespace {

// Fewer bins than this cannot tell red noise from a few deviant bins.
constexpr size_t kMinRedNoiseBins = 10;

}  // namespace

double red_noise_ratio(const std::vector<double>& time_days,
                       const std::vector<double>& relative_flux, const std::vector<uint8_t>& skip,
                       double bin_days, double gap_days) {
  std::vector<size_t> used;
  for (size_t i = 0; i < time_days.size(); ++i) {
    if (!skip[i] && std::isfinite(relative_flux[i])) used.push_back(i);
  }
  // White noise: y[i] - (y[i-1] + y[i+1]) / 2 has variance 1.5 sigma^2 and no slope.
  std::vector<double> second;
  for (size_t k = 1; k + 1 < used.size(); ++k) {
    const size_t a = used[k - 1], b = used[k], c = used[k + 1];
    if (time_days[c] - time_days[a] > gap_days) continue;
    second.push_back(relative_flux[b] - 0.5 * (relative_flux[a] + relative_flux[c]));
  }
  if (second.size() < 3) return 0.0;
  const double white = mad_sigma(second) / std::sqrt(1.5);
  if (!(white > 0)) return 0.0;
  struct Bin {
    double sum = 0;
    size_t n = 0;
  };
  std::vector<Bin> bins;
  long current = 0;
  for (size_t k = 0; k < used.size(); ++k) {
    const size_t i = used[k];
    const long b = static_cast<long>(std::floor((time_days[i] - time_days[used[0]]) / bin_days));
    if (bins.empty() || b != current) {
      bins.push_back({});
      current = b;
    }
    bins.back().sum += relative_flux[i] - 1.0;
    ++bins.back().n;
  }
  std::vector<double> counts;
  for (const Bin& b : bins) counts.push_back(static_cast<double>(b.n));
  if (counts.empty()) return 0.0;
  const double least = std::max(2.0, 0.5 * median(counts));
  std::vector<double> z;
  for (const Bin& b : bins) {
    if (static_cast<double>(b.n) < least) continue;
    const double n = static_cast<double>(b.n);
    z.push_back(b.sum / n / (white / std::sqrt(n)));
  }
  if (z.size() < kMinRedNoiseBins) return 0.0;
  return mad_sigma(z);
}

double detrended_red_noise(const std::vector<double>& time_days, const std::vector<uint8_t>& mask,
                           const DetrendResult& detrended, double gap_days) {
  std::vector<uint8_t> skip(detrended.flux.size(), 0);
  for (size_t i = 0; i < skip.size(); ++i) {
    skip[i] =
        (!mask.empty() && mask[i]) || detrended.clipped[i] || !std::isfinite(detrended.flux[i]);
  }
  return red_noise_ratio(time_days, detrended.flux, skip, kRedNoiseBinDays, gap_days);
}

double transit_fraction_removed(double duration_days, double window_days, int degree) {
  const double u = std::clamp(duration_days / window_days, 0.0, 1.0);
  return degree == 0 ? u : std::min(1.0, u * (2.25 - 1.25 * u * u));
}

double transit_sensitivity(double red_noise, double window_days, int degree) {
  if (!(red_noise > 0)) return 0.0;
  return (1.0 - transit_fraction_removed(kRedNoiseBinDays, window_days, degree)) / red_noise;
}

DetrendChoice choose_detrending(const std::vector<double>& time_days,
                                const std::vector<double>& flux, const std::vector<uint8_t>& mask,
                                const DetrendOptions& base, DetrendResult base_result) {
  DetrendChoice choice;
  auto ratio = [&](const DetrendResult& r) {
    return detrended_red_noise(time_days, mask, r, base.gap_days);
  };
  choice.options = base;
  choice.default_red_noise = ratio(base_result);
  choice.red_noise = choice.default_red_noise;
  choice.result = std::move(base_result);
  const double location = transit_sensitivity(choice.default_red_noise, base.window_days, 0);
  if (!(location > 0) || location * kMinSensitivityGain > 1.0) return choice;
  DetrendOptions quadratic = base;
  quadratic.degree = 2;
  double best = location * kMinSensitivityGain;
  for (int k = 0;; ++k) {
    const double window = base.window_days / std::pow(kQuadraticWindowStep, k);
    if (window < kMinQuadraticWindowDays) break;
    quadratic.window_days = window;
    DetrendResult r = biweight_detrend(time_days, flux, mask, quadratic);
    const double red = ratio(r);
    const double sensitivity = transit_sensitivity(red, window, 2);
    if (sensitivity >= best) {
      best = sensitivity;
      choice.options = quadratic;
      choice.result = std::move(r);
      choice.red_noise = red;
    }
  }
  return choice;
}

}  // namespace exodetect::detect
