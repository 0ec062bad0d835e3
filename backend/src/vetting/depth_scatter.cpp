#include "depth_scatter.hpp"

#include <algorithm>
#include <cmath>

#include "exodetect/common/stats.hpp"

namespace exodetect::vetting::detail {

namespace {

// Chi-square of a group's depths about their weighted mean.
double chi_square(const DepthGroup& group) {
  const double mean = weighted_mean(group);
  double chi2 = 0;
  for (const auto& [d, e] : group) chi2 += (d - mean) * (d - mean) / (e * e);
  return chi2;
}

// sqrt(chi2 / dof) when chi2 is significantly (p < 0.001) above its dof, else 1. Wilson-Hilferty:
// (chi2 / dof)^(1/3) is close to normal, mean 1 - 2 / (9 dof), variance 2 / (9 dof); 3.09 sigma
// is p = 0.001.
double excess_scatter_factor(double chi2, double dof) {
  const double ratio = chi2 / dof;
  const double spread = 2.0 / (9.0 * dof);
  if ((std::cbrt(ratio) - (1.0 - spread)) / std::sqrt(spread) <= common::kSigmaAtP001) return 1.0;
  return std::sqrt(ratio);
}

}  // namespace

double weighted_mean(const DepthGroup& group) {
  double sum_w = 0, sum_wd = 0;
  for (const auto& [d, e] : group) {
    sum_w += 1.0 / (e * e);
    sum_wd += d / (e * e);
  }
  return sum_wd / sum_w;
}

double weighted_mean_error(const DepthGroup& group) {
  double sum_w = 0;
  for (const auto& [d, e] : group) sum_w += 1.0 / (e * e);
  return 1.0 / std::sqrt(sum_w);
}

double scatter_factor(const DepthGroup& group) {
  if (group.size() < 2) return 1.0;
  return excess_scatter_factor(chi_square(group), static_cast<double>(group.size() - 1));
}

double group_depth_error(double white_err, const std::vector<double>& depths,
                         const std::vector<double>& depth_errs) {
  DepthGroup group;
  for (size_t i = 0; i < depths.size(); ++i) {
    if (std::isfinite(depths[i]) && depth_errs[i] > 0) group.emplace_back(depths[i], depth_errs[i]);
  }
  if (group.size() < 3 || !(white_err > 0)) return white_err;
  if (group.size() >= 4) {
    const double mean = weighted_mean(group);
    auto worst = std::max_element(group.begin(), group.end(), [&](const auto& a, const auto& b) {
      return std::fabs(a.first - mean) / a.second < std::fabs(b.first - mean) / b.second;
    });
    group.erase(worst);
  }
  return white_err * scatter_factor(group);
}

double parity_scatter_factor(const std::vector<double>& depths, const std::vector<double>& errs,
                             const std::vector<uint8_t>& used) {
  DepthGroup parity[2];
  for (size_t k = 0; k < depths.size(); ++k) {
    if (used[k] && std::isfinite(depths[k]) && errs[k] > 0) {
      parity[k % 2].emplace_back(depths[k], errs[k]);
    }
  }
  if (parity[0].empty() || parity[1].empty()) return 1.0;
  const size_t n = parity[0].size() + parity[1].size();
  return n > 2 ? excess_scatter_factor(chi_square(parity[0]) + chi_square(parity[1]),
                                       static_cast<double>(n - 2))
               : 1.0;
}

}  // namespace exodetect::vetting::detail
