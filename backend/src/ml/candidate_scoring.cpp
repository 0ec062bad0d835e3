// What a search candidate is scored from (its canonical row) and the vetting rule applied on top
// of the model's probability.

#include <algorithm>
#include <cmath>

#include "exodetect/common/constants.hpp"
#include "exodetect/detect/significance.hpp"
#include "exodetect/ml/scoring.hpp"
#include "exodetect/vetting/vetting.hpp"

namespace exodetect::ml {

using common::kEarthRadiiPerSolarRadius;
using common::kGravitationalConstantCgs;
using common::kPi;
using common::kSecondsPerDay;
using common::kSolarRadiiPerAu;
using common::kSolarTeffK;
using detect::Candidate;
using lightcurve::StellarParams;

namespace {

// Log-odds, finite at 0 and 1.
double log_odds(double q) {
  q = std::clamp(q, 1e-9, 1.0 - 1e-9);
  return std::log(q / (1.0 - q));
}

// Puts a rule first in the explanation, with the change it made in log-odds as its contribution.
void lead_explanation(nlohmann::json& cand, nlohmann::json rule, double before, double after) {
  rule["contribution"] = log_odds(after) - log_odds(before);
  rule["rule"] = true;
  cand["explanation"].insert(cand["explanation"].begin(), std::move(rule));
}

// The share of the probability that a false-alarm probability leaves: all of it within the 1%
// the detection threshold admits.
double weight_from_false_alarm(double false_alarm) {
  return std::clamp((1.0 - false_alarm) / (1.0 - detect::kThresholdFalseAlarmRate), 0.0, 1.0);
}

}  // namespace

const std::vector<std::string>& vetting_failure_flags() {
  static const std::vector<std::string> kFlags = {"secondary", "odd_even", "sinusoidal", "v_shape",
                                                  "phase_variability"};
  return kFlags;
}

std::string vetting_rule_text() {
  return "a candidate that fails a vetting test marking a non-planet (secondary eclipse, odd/even "
         "depth mismatch, sinusoidal variation, V shape, light varying with the orbit beyond a "
         "planet's) has its planet probability capped at " +
         nlohmann::json(kVettingProbabilityCap).dump() +
         ": the catalogues the model learned from have no column for these tests";
}

void apply_vetting_rule(const Candidate& c, nlohmann::json& cand,
                        const std::vector<std::string>& labels) {
  if (!cand.contains("planet_probability") || !cand["planet_probability"].is_number()) return;
  const double p = cand["planet_probability"].get<double>();
  nlohmann::json failed = nlohmann::json::array();
  // A "secondary" at least half as deep as the transit is no planet's occultation (those are far
  // shallower): the same signal repeats at half the period, which the depth cannot tell from a
  // twin binary, so it is reported, not held against the candidate.
  const bool half_period =
      c.depth_ppm > 0 && c.secondary_depth_ppm >= kHalfPeriodDepthRatio * c.depth_ppm;
  for (const auto& flag : c.flags) {
    const auto& rule = vetting_failure_flags();
    if (flag == "secondary" && half_period) continue;
    if (std::find(rule.begin(), rule.end(), flag) != rule.end()) failed.push_back(flag);
  }
  if (half_period) cand["period_may_be_half"] = true;
  cand["model_probability"] = p;
  cand["vetting_failed"] = failed;
  if (failed.empty()) return;
  const double capped = std::min(p, kVettingProbabilityCap);
  cand["planet_probability"] = capped;
  cand["label"] = labels.front();  // false_positive: the cap is under one half
  // Shown first in the explanation even when the model was already below the cap (then with no
  // contribution): a failed test is the reason, not the missing values the model read.
  nlohmann::json rule = {{"feature", "vetting:" + failed.front().get<std::string>()},
                         {"value", failed}};
  if (std::find(failed.begin(), failed.end(), "secondary") != failed.end()) {
    rule["feature"] = "vetting:secondary";
    rule["secondary_snr"] = c.secondary_snr;
    rule["secondary_depth_ppm"] = c.secondary_depth_ppm;
  } else if (std::find(failed.begin(), failed.end(), "odd_even") != failed.end()) {
    rule["feature"] = "vetting:odd_even";
    rule["odd_even_mismatch_sigma"] = c.odd_even_mismatch;
  } else if (std::find(failed.begin(), failed.end(), "phase_variability") != failed.end()) {
    rule["feature"] = "vetting:phase_variability";
    rule["phase_variability_sigma"] = c.phase_variability_sigma.value_or(0.0);
    rule["phase_amplitude_ppm"] = c.phase_amplitude_ppm.value_or(0.0);
    rule["phase_amplitude_limit_ppm"] = c.phase_amplitude_limit_ppm.value_or(0.0);
  }
  lead_explanation(cand, std::move(rule), p, capped);
}

double eclipse_detection_probability(double depth_ppm, double secondary_depth_ppm,
                                     double secondary_depth_err_ppm) {
  if (!(depth_ppm > 0) || !(secondary_depth_err_ppm > 0)) return 0.0;
  const double err = std::hypot(secondary_depth_err_ppm, std::min(secondary_depth_ppm, 0.0));
  const vetting::VettingThresholds thresholds;
  // In units of the secondary's error: the primary's depth and the least depth that is seen.
  const double a = depth_ppm / err;
  const double t = std::max(thresholds.secondary_sigma, thresholds.secondary_depth_fraction * a);
  // The mean over r of Phi(r a - t): the integral of Phi is G(x) = x Phi(x) + phi(x).
  auto phi = [](double x) { return std::exp(-0.5 * x * x) / std::sqrt(2.0 * kPi); };
  auto cdf = [](double x) { return 0.5 * std::erfc(-x / std::sqrt(2.0)); };
  auto g = [&](double x) { return x * cdf(x) + phi(x); };
  return std::clamp((g(a - t) - g(-t)) / a, 0.0, 1.0);
}

double eclipse_free_planet_probability(double p_all, double p_eclipse_free, double detection) {
  const double s = std::clamp(detection, 0.0, 1.0);
  const double p = std::clamp(p_all, 0.0, 1.0);
  const double q = std::max(std::clamp(p_eclipse_free, 0.0, 1.0), p);
  if (!(p > 0)) return 0.0;
  return 1.0 / (s / q + (1.0 - s) / p);
}

void apply_eclipse_weighting(const Candidate& c, double p_eclipse_free, nlohmann::json& cand,
                             const std::vector<std::string>& labels) {
  if (labels.size() != 2) return;
  if (!cand.contains("planet_probability") || !cand["planet_probability"].is_number()) return;
  if (c.depth_ppm > 0 && c.secondary_depth_ppm >= kHalfPeriodDepthRatio * c.depth_ppm) return;
  const auto& rule = vetting_failure_flags();
  for (const auto& flag : c.flags) {
    if (std::find(rule.begin(), rule.end(), flag) != rule.end()) return;
  }
  const double p = cand["planet_probability"].get<double>();
  const double s =
      eclipse_detection_probability(c.depth_ppm, c.secondary_depth_ppm, c.secondary_depth_err_ppm);
  const double weighted = eclipse_free_planet_probability(p, p_eclipse_free, s);
  cand["eclipse_weighting"] = {{"eclipse_detection_probability", s},
                               {"probability_with_binaries", p},
                               {"probability_without_binaries", p_eclipse_free}};
  cand["planet_probability"] = weighted;
  cand["label"] = labels[weighted >= 0.5 ? 1 : 0];
  if (!(s > 0)) return;  // nothing was tested: the model's value stands
  lead_explanation(cand, {{"feature", "vetting:no_eclipse_seen"}, {"value", s}}, p, weighted);
}

double noise_weight(double snr, double red_noise_factor, size_t n_periods) {
  if (n_periods == 0) return 1.0;
  return weight_from_false_alarm(
      detect::noise_false_alarm_probability(snr / std::max(1.0, red_noise_factor), n_periods));
}

void apply_noise_weighting(const Candidate& c, size_t n_periods, nlohmann::json& cand,
                           const std::vector<std::string>& labels) {
  if (n_periods == 0) return;
  if (!cand.contains("planet_probability") || !cand["planet_probability"].is_number()) return;
  const double snr_red = c.snr / std::max(1.0, c.red_noise_factor);
  const double false_alarm = detect::noise_false_alarm_probability(snr_red, n_periods);
  const double weight = weight_from_false_alarm(false_alarm);
  if (!(weight < 1.0)) return;
  const double p = cand["planet_probability"].get<double>();
  const double weighted = p * weight;
  cand["noise_weighting"] = {{"snr_against_red_noise", snr_red},
                             {"false_alarm_probability", false_alarm}};
  cand["planet_probability"] = weighted;
  if (weighted < 0.5) cand["label"] = labels.front();  // false_positive
  lead_explanation(cand, {{"feature", "vetting:red_noise"}, {"value", snr_red}}, p, weighted);
}

double catalogue_duration_hours(const Candidate& c) {
  // The trapezoid fitted to the transits measures first to fourth contact as the catalogues'
  // transit models do (docs/FEATURE_CALIBRATION.md).
  if (c.t14_hours > 0) return c.t14_hours;
  // Without it: a box fitted to a transit spans about first-to-fourth contact less one ingress, and
  // an ingress lasts about rp_rs / (1 + rp_rs) of the whole transit (central transit), so T14 = box
  // * (1 + rp_rs). docs/FEATURE_CALIBRATION.md: the box duration is 0.885 of the catalogues' T14
  // (median of 10 signals), 0.965 after this.
  const double rp_rs = c.depth_ppm > 0 ? std::sqrt(c.depth_ppm * 1e-6) : 0.0;
  return c.duration_hours * (1.0 + std::min(rp_rs, 1.0));
}

nlohmann::json candidate_row(const Candidate& c, const StellarParams& star, size_t index,
                             size_t n_candidates) {
  nlohmann::json row = {{"period_days", c.period},
                        {"duration_hours", catalogue_duration_hours(c)},
                        {"depth_ppm", c.depth_ppm},
                        {"snr", c.snr},
                        {"system_candidate_count", n_candidates},
                        {"candidate_index", index + 1}};
  if (c.period_err > 0) row["period_err_days"] = c.period_err;
  if (c.depth_err_ppm > 0) row["depth_err_ppm"] = c.depth_err_ppm;
  auto put = [&](const char* key, const std::optional<double>& v) {
    if (v && std::isfinite(*v)) row[key] = *v;
  };
  put("stellar_teff_k", star.teff_k);
  put("stellar_logg", star.logg_cgs);
  put("stellar_radius_sun", star.radius_sun);
  put("magnitude", star.magnitude);
  std::optional<double> radius = c.planet_radius_earth;
  if (!radius && star.radius_sun && c.depth_ppm > 0) {
    radius = std::sqrt(c.depth_ppm * 1e-6) * *star.radius_sun * kEarthRadiiPerSolarRadius;
  }
  put("planet_radius_earth", radius);
  // Equilibrium temperature (zero albedo, full redistribution) and insolation from the star and
  // the orbit, as the catalogues compute them, when the star is characterised.
  if (star.teff_k && star.radius_sun && star.density_cgs() && c.period > 0) {
    double period_s = c.period * kSecondsPerDay;
    double a_rs = std::cbrt(kGravitationalConstantCgs * *star.density_cgs() * period_s * period_s /
                            (3 * kPi));
    if (std::isfinite(a_rs) && a_rs > 0) {
      row["equilibrium_temp_k"] = *star.teff_k * std::sqrt(1.0 / (2.0 * a_rs));
      double a_au = a_rs * *star.radius_sun / kSolarRadiiPerAu;
      row["insolation_earth"] = *star.radius_sun * *star.radius_sun *
                                std::pow(*star.teff_k / kSolarTeffK, 4) / (a_au * a_au);
    }
  }
  for (auto it = row.begin(); it != row.end();) {
    if (it.value().is_number() && !std::isfinite(it.value().get<double>())) {
      it = row.erase(it);
    } else {
      ++it;
    }
  }
  return row;
}

}  // namespace exodetect::ml
