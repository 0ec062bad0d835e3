#pragma once
// Depths measured transit by transit (or epoch by epoch) and how far their scatter says their
// errors must be raised: the statistics the vetting's odd/even, secondary and SNR errors share
// (not a public header: src/vetting's internals).

#include <cstdint>
#include <utility>
#include <vector>

namespace exodetect::vetting::detail {

using DepthGroup = std::vector<std::pair<double, double>>;  // (depth, 1-sigma error)

double weighted_mean(const DepthGroup& group);
// The 1-sigma error of weighted_mean.
double weighted_mean_error(const DepthGroup& group);

// sqrt(chi2 / dof) of a group's depths about their weighted mean, none left out, when chi2 is
// significantly (p < 0.001) above its dof; else 1, and 1 for fewer than two.
double scatter_factor(const DepthGroup& group);

// Depth error of a group of transits: the white-noise value, raised to the scatter of its
// per-transit depths when that scatter is significantly (chi-square p < 0.001) above what
// their own errors allow (red noise, detrending residuals). Each transit is weighted by its
// error, so a partial transit at the edge of the data (few points, a wild depth) counts for
// little, and with four or more transits the most discrepant one is left out: one odd
// transit (a glitch, or a 4-sigma draw among a survey's thousands) is not red noise, and
// tripling the error on its account would hide a clean SNR-10 planet.
double group_depth_error(double white_err, const std::vector<double>& depths,
                         const std::vector<double>& depth_errs);

// The factor both parities' depth errors are raised by when the per-transit depths of the
// transits `used` scatter about their own parity's mean (even and odd index) more than their
// errors allow. Besides red noise, a long cadence does this to a deep transit: one exposure more
// or less inside the box, as the sampling falls differently on each transit, moves a 7-point mean
// by a seventh of the depth (a 30-minute light curve of a 13,000 ppm hot Jupiter: 1,000-1,500 ppm
// from transit to transit against a white error of 160). Pooled over both parities, each about
// its own mean, a true difference between them does not raise it; unlike group_depth_error no
// transit is left out, since the one that stands out moves its parity's mean.
double parity_scatter_factor(const std::vector<double>& depths, const std::vector<double>& errs,
                             const std::vector<uint8_t>& used);

}  // namespace exodetect::vetting::detail
