#include "exodetect/vetting/phase_variability.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <optional>
#include <stdexcept>

#include "exodetect/common/constants.hpp"
#include "exodetect/common/orbit.hpp"
#include "exodetect/common/random.hpp"
#include "exodetect/common/stats.hpp"

namespace exodetect::vetting {

namespace {

// Each bin is kSubBins finer ones, so an orbit turns by a fraction of a bin.
constexpr int kSubBins = 4;
constexpr int kFine = kPhaseBins * kSubBins;
constexpr double kPlanckHcOverK = 0.014387769;  // h c / k (m K)
// Limb and gravity darkening: about 1.0-1.4 for Sun-like stars (Morris 1985); 1.5 bounds it.
constexpr double kEllipsoidalAlpha = 1.5;

// One orbit's points in kFine bins, as they are read.
struct OrbitSums {
  std::array<double, kFine> sum{};
  std::array<int, kFine> count{};
};

// One orbit's mean over the kSubBins fine bins from each j on (around the fold), less the
// orbit's own mean; NaN where they hold no point. A bin of the orbit turned by r fine bins is
// window[(b kSubBins + r) mod kFine].
using OrbitWindows = std::array<double, kFine>;

// The orbit's windows, or nothing when it is seen in less than half its bins (its level would
// depend on which half).
std::optional<OrbitWindows> orbit_windows(const OrbitSums& f) {
  int bins = 0;
  for (int b = 0; b < kPhaseBins; ++b) {
    int c = 0;
    for (int k = b * kSubBins; k < (b + 1) * kSubBins; ++k) c += f.count[k];
    bins += c > 0;
  }
  if (2 * bins < kPhaseBins) return std::nullopt;
  double all = 0;
  int n = 0;
  for (int k = 0; k < kFine; ++k) {
    all += f.sum[k];
    n += f.count[k];
  }
  const double level = all / n;
  OrbitWindows w;
  for (int j = 0; j < kFine; ++j) {
    double s = 0;
    int c = 0;
    for (int k = j; k < j + kSubBins; ++k) {
      s += f.sum[k % kFine];
      c += f.count[k % kFine];
    }
    w[j] = c > 0 ? s / c - level : NAN;
  }
  return w;
}

struct FoldStatistic {
  double chi_square = 0;
  double amplitude = 0;
  double bin_error = 0;
};

// The analysis of variance of the orbits' bin means, each orbit turned by turn[o] fine bins.
FoldStatistic fold_statistic(const std::vector<OrbitWindows>& orbits,
                             const std::vector<int>& turn) {
  std::array<int, kPhaseBins> n{};
  std::array<double, kPhaseBins> sum{}, sum_sq{};
  for (size_t o = 0; o < orbits.size(); ++o) {
    const OrbitWindows& w = orbits[o];
    for (int b = 0; b < kPhaseBins; ++b) {
      const double x = w[(b * kSubBins + turn[o]) % kFine];
      if (std::isnan(x)) continue;
      ++n[b];
      sum[b] += x;
      sum_sq[b] += x * x;
    }
  }
  double within = 0, all = 0;
  int dof = 0, total = 0;
  for (int b = 0; b < kPhaseBins; ++b) {
    if (n[b] < 2) continue;
    within += sum_sq[b] - sum[b] * sum[b] / n[b];
    dof += n[b] - 1;
    all += sum[b];
    total += n[b];
  }
  FoldStatistic out;
  if (dof == 0 || !(within > 0)) return out;
  const double pooled = within / dof;  // the variance of one orbit's bin mean
  const double grand = all / total;
  double lo = HUGE_VAL, hi = -HUGE_VAL;
  int bins = 0;
  for (int b = 0; b < kPhaseBins; ++b) {
    if (n[b] < 2) continue;
    const double mean = sum[b] / n[b];
    out.chi_square += n[b] * (mean - grand) * (mean - grand) / pooled;
    lo = std::min(lo, mean);
    hi = std::max(hi, mean);
    ++bins;
  }
  out.amplitude = hi - lo;
  out.bin_error = std::sqrt(pooled * bins / total);
  return out;
}

}  // namespace

PhaseVariability phase_variability(const std::vector<double>& time_days,
                                   const std::vector<double>& flux,
                                   const std::vector<uint8_t>& leave_out, double period_days,
                                   double t0) {
  if (time_days.size() != flux.size() || (!leave_out.empty() && leave_out.size() != flux.size())) {
    throw std::invalid_argument("phase variability: time, flux and mask lengths differ");
  }
  if (!(period_days > 0) || !std::isfinite(period_days) || !std::isfinite(t0)) {
    throw std::invalid_argument("phase variability: the period must be positive");
  }
  // Orbits start at a mid-transit, so the transit (left out) is at the fold's two ends and an
  // orbit's points outside it are contiguous.
  std::vector<OrbitWindows> orbits;
  if (!time_days.empty()) {
    const double span_orbits = (time_days.back() - time_days.front()) / period_days + 2;
    // An orbit is kept with points in half its bins, so no more than that many points' worth.
    const double most = static_cast<double>(time_days.size()) / (kPhaseBins / 2);
    if (span_orbits > 0) {  // false for NaN too
      orbits.reserve(static_cast<size_t>(std::min(span_orbits, most)));
    }
  }
  OrbitSums sums;
  bool any = false;
  double current = NAN;
  auto close_orbit = [&] {
    if (any) {
      if (auto w = orbit_windows(sums)) orbits.push_back(*w);
    }
    sums = OrbitSums{};
    any = false;
  };
  for (size_t i = 0; i < time_days.size(); ++i) {
    if ((!leave_out.empty() && leave_out[i]) || !std::isfinite(flux[i]) ||
        !std::isfinite(time_days[i])) {
      continue;
    }
    const double cycles = (time_days[i] - t0) / period_days;
    const double orbit = std::floor(cycles);
    if (!(orbit == current)) {
      close_orbit();
      current = orbit;
    }
    const int k = std::min(static_cast<int>((cycles - orbit) * kFine), kFine - 1);
    sums.sum[k] += flux[i];
    ++sums.count[k];
    any = true;
  }
  close_orbit();
  PhaseVariability out;
  out.orbits = static_cast<int>(orbits.size());
  if (out.orbits < kMinVariabilityOrbits) return out;
  std::vector<int> turn(orbits.size(), 0);
  const FoldStatistic at_period = fold_statistic(orbits, turn);
  const int trials =
      std::clamp(kPhaseNullOrbitTrials / out.orbits, kMinPhaseNullTrials, kMaxPhaseNullTrials);
  std::vector<double> null(static_cast<size_t>(trials));
  int higher = 0;
  for (int m = 0; m < trials; ++m) {
    for (size_t o = 1; o < orbits.size(); ++o) {
      // Deterministic turns: the same on every platform and run.
      uint64_t state = (static_cast<uint64_t>(m) << 32) ^ o;
      turn[o] = static_cast<int>(common::splitmix64(state) % kFine);
    }
    null[m] = fold_statistic(orbits, turn).chi_square;
    higher += null[m] >= at_period.chi_square;
  }
  out.tested = true;
  out.amplitude = at_period.amplitude;
  out.bin_error = at_period.bin_error;
  out.chi_square = at_period.chi_square;
  out.null_fraction = static_cast<double>(higher) / trials;
  const double centre = common::median(null);
  const double scatter = common::mad_sigma(null);
  out.sigma = scatter > 0 ? (at_period.chi_square - centre) / scatter : 0;
  return out;
}

double planet_phase_amplitude_limit(double depth, double period_days, double min_density_cgs,
                                    double teff_k) {
  if (!(depth > 0) || !(period_days > 0) || !(min_density_cgs > 0) || !(teff_k > 0)) return 0;
  // A planet orbits outside its star: a/R* of at least 1 whatever the density says.
  const double a_rs = std::max(1.0, common::a_rs_from_density(min_density_cgs, period_days));
  const double reflected = 1 / (a_rs * a_rs);
  // Planck's B_lambda ratio: h c / (lambda k T) for the star and the dayside.
  const double x_star = kPlanckHcOverK / (kPlanetLightWavelengthM * teff_k);
  const double thermal = std::expm1(x_star) / std::expm1(x_star * std::sqrt(a_rs));
  const double ellipsoidal = 2 * kEllipsoidalAlpha * kMaxPlanetMassRatio / (a_rs * a_rs * a_rs);
  return depth * (reflected + thermal) + ellipsoidal;
}

bool varies_with_orbit(const PhaseVariability& v, double limit) {
  return v.tested && v.sigma >= kPhaseVariabilitySigma && v.null_fraction == 0 &&
         v.amplitude - kPhaseAmplitudeErrors * v.bin_error > limit;
}

}  // namespace exodetect::vetting
