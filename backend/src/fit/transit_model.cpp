// Circular-orbit transit light curves: geometry, exposure integration and the tabulated
// profile a fit interpolates.

#include <algorithm>
#include <cmath>

#include "exodetect/common/constants.hpp"
#include "exodetect/fit/transit_model.hpp"

namespace exodetect::fit {

using common::kPi;

namespace {

constexpr double kMinutesPerDay = 1440.0;
// One sub-exposure per this many minutes integrates a transit to well under 1e-5 of its depth.
constexpr double kSubExposureMinutes = 2.0;
// Separation returned while the planet is behind the star (no transit).
constexpr double kBehindStar = 1e9;

}  // namespace

double sky_separation(double dt_days, double period_days, double a_rs, double impact) {
  const double phase = 2 * kPi * dt_days / period_days;
  const double c = std::cos(phase);
  if (c <= 0) return kBehindStar;
  const double x = a_rs * std::sin(phase), y = impact * c;
  return std::sqrt(x * x + y * y);
}

double transit_duration_hours(double period_days, double a_rs, double impact, double rp_rs) {
  const double chord2 = (1 + rp_rs) * (1 + rp_rs) - impact * impact;
  if (chord2 <= 0 || a_rs <= 0) return 0.0;
  const double cos_i = impact / a_rs;
  const double sin_i = std::sqrt(std::max(1e-300, 1 - cos_i * cos_i));
  const double arg = std::min(1.0, std::sqrt(chord2) / (a_rs * sin_i));
  return 24.0 * period_days / kPi * std::asin(arg);
}

int supersample_count(double exposure_days) {
  const double minutes = exposure_days * kMinutesPerDay;
  if (!(minutes > kSubExposureMinutes)) return 1;
  int n = static_cast<int>(std::ceil(minutes / kSubExposureMinutes - 1e-9));
  return n % 2 == 0 ? n + 1 : n;
}

std::vector<double> transit_light_curve(const std::vector<double>& time, const TransitParams& p,
                                        double exposure_days, int supersample) {
  std::vector<double> out(time.size(), 1.0);
  const int n = std::max(1, supersample);
  for (size_t i = 0; i < time.size(); ++i) {
    const double dt = std::remainder(time[i] - p.t0, p.period_days);
    double sum = 0;
    for (int j = 0; j < n; ++j) {
      const double offset = n == 1 ? 0.0 : exposure_days * ((j + 0.5) / n - 0.5);
      const double z = sky_separation(dt + offset, p.period_days, p.a_rs, p.impact);
      sum += quadratic_occultation_flux(p.rp_rs, z, p.ld);
    }
    out[i] = sum / n;
  }
  return out;
}

void TransitProfile::compute(const TransitParams& p, double exposure_days, double step_days) {
  // The exposure is m (odd) grid steps: each tabulated value is the mean of the m raw samples
  // centred on it (the midpoint rule over the exposure), taken from running sums.
  int m = 1;
  double h = step_days;
  if (exposure_days > 0) {
    m = std::max(1, static_cast<int>(std::ceil(exposure_days / step_days)));
    if (m % 2 == 0) ++m;
    h = exposure_days / m;
  }
  const int half_m = m / 2;
  double t14_days = transit_duration_hours(p.period_days, p.a_rs, p.impact, p.rp_rs) / 24.0;
  if (t14_days <= 0) t14_days = 0;
  const double half = 0.5 * t14_days + 0.5 * exposure_days + h;
  // Grid points at whole multiples of the step from mid-transit, so that the profile varies
  // continuously with the parameters (a grid that shifted with the duration would not).
  const auto n = 2 * static_cast<size_t>(std::ceil(half / h)) + 1;
  const size_t n_raw = n + 2 * static_cast<size_t>(half_m);
  start_ = -0.5 * static_cast<double>(n - 1) * h;
  inv_step_ = 1.0 / h;
  last_ = static_cast<double>(n - 1);
  raw_.resize(n_raw + 1);
  values_.resize(n);
  // A circular orbit's transit is symmetric about mid-transit (the middle raw sample): half
  // the samples are computed. raw_ then holds running sums of (1 - flux), so the means need
  // no second pass.
  const size_t centre = (n_raw - 1) / 2;
  deficit_.resize(centre + 1);
  // The orbital phase advances by a fixed angle per sample: its cosine and sine follow by
  // rotation (no sincos per sample; the rounding grows to about 1e-14 over the grid); as in
  // sky_separation, cos(phase) <= 0 is the planet behind the star.
  const double step_angle = 2 * kPi * h / p.period_days;
  const double cos_step = std::cos(step_angle), sin_step = std::sin(step_angle);
  double c = 1.0, s = 0.0;
  for (size_t j = 0; j <= centre; ++j) {
    double z = kBehindStar;
    if (c > 0) {
      const double x = p.a_rs * s, y = p.impact * c;
      z = std::sqrt(x * x + y * y);
    }
    deficit_[j] = 1.0 - quadratic_occultation_flux(p.rp_rs, z, p.ld);
    const double next_c = c * cos_step - s * sin_step;
    s = s * cos_step + c * sin_step;
    c = next_c;
  }
  raw_[0] = 0;
  for (size_t i = 0; i < n_raw; ++i) {
    raw_[i + 1] = raw_[i] + deficit_[i >= centre ? i - centre : centre - i];
  }
  for (size_t i = 0; i < n; ++i) values_[i] = 1.0 - (raw_[i + m] - raw_[i]) / m;
}

}  // namespace exodetect::fit
