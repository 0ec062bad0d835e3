#pragma once

#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "exodetect/detect/pipeline.hpp"
#include "exodetect/ml/model.hpp"

namespace exodetect::ml {

// Maps one JSON row (KOI, TOI, K2 or canonical names; numbers, numeric strings or null) into
// features. Columns that are not features (and not ids) are added to `ignored`. Throws
// std::invalid_argument with the reason for a row that cannot be scored: text in a numeric
// column, NaN, a zero/negative period, duration, depth or radius, a negative uncertainty, or
// no period at all. With `names_uncertainty`, also tells whether the row has a column for any
// uncertainty (period_err_days, koi_period_err1, ...), even an empty one.
FeatureVector parse_row(const nlohmann::json& row, std::set<std::string>* ignored,
                        bool* names_uncertainty = nullptr);

// Planet probability per row (for three-class models: 1 - P(false positive)), batch-scored
// without explanations: the fast path for whole tables.
std::vector<double> score_feature_rows(const Model& model, const std::vector<FeatureVector>& rows,
                                       int threads = 0);
// Raw class probabilities: n (binary: planet) or n x classes.
std::vector<double> class_probabilities(const Model& model, const std::vector<FeatureVector>& rows,
                                        int threads = 0);

// Vetting tests with no column in the catalogues the model learned from: a candidate flagged
// with one of these (Candidate::flags) is a non-planet by the test's own physics (a secondary
// eclipse or unequal odd/even depths: an eclipsing binary; a sinusoid: spots or pulsation; a V
// shape: a grazing binary), so score_candidates caps its probability at kVettingProbabilityCap,
// keeps the model's own value as "model_probability", lists the failed tests in
// "vetting_failed" and puts the rule first in the explanation. An explicit rule rather than
// training data made up for the model.
constexpr double kVettingProbabilityCap = 0.2;
// A secondary this deep relative to the transit is the same signal at half the period, not an
// eclipsing binary's secondary (a planet's occultation is a small fraction of its transit).
constexpr double kHalfPeriodDepthRatio = 0.5;
const std::vector<std::string>& vetting_failure_flags();
std::string vetting_rule_text();
// Applies the rule to one scored candidate object (planet_probability, label, explanation).
void apply_vetting_rule(const detect::Candidate& candidate, nlohmann::json& scored,
                        const std::vector<std::string>& labels);

// The chance (0..1) that a search candidate's vetting would have seen the secondary eclipse of
// an eclipsing binary with this primary depth: a secondary at phase 0.5 of depth r * depth_ppm,
// r uniform in [0, 1] (a broad prior over the binaries' surface-brightness ratios), measured with
// the candidate's own 1-sigma error, is seen when it passes the secondary test's thresholds
// (vetting::VettingThresholds) or is deep enough to mark the period as possibly half. 0 when
// phase 0.5 has no data. The odd/even and V-shape tests only add to it; an eccentric binary's
// secondary away from phase 0.5 is not counted (docs/FEATURE_CALIBRATION.md).
// A secondary measured below zero (brighter than the baseline at phase 0.5, which no eclipse
// makes) shows an error in the baseline at least that large: its size is added to the error in
// quadrature.
double eclipse_detection_probability(double depth_ppm, double secondary_depth_ppm,
                                     double secondary_depth_err_ppm);

// P(planet | features, no stellar-eclipse signature seen) from the candidate model's
// P(planet | features), `p_all`, and the eclipse-free model's, `p_eclipse_free`, where the
// vetting sees a binary's eclipses with probability `detection`: the catalogue's binaries count
// by the share the vetting would have missed. By Bayes, 1 / (detection / p_eclipse_free +
// (1 - detection) / p_all); p_eclipse_free below p_all (the two models disagree on a share that
// cannot be negative) is read as p_all.
double eclipse_free_planet_probability(double p_all, double p_eclipse_free, double detection);

// For a candidate that no vetting test marks as a binary (no failure flag, no secondary deep
// enough to mark the period as possibly half): sets planet_probability (and label) to
// eclipse_free_planet_probability of the scored value, `p_eclipse_free` (the eclipse-free model's
// probability of the same row) and the candidate's eclipse_detection_probability, records the
// three in "eclipse_weighting" and puts the change first in the explanation
// ("vetting:no_eclipse_seen"). Leaves a flagged candidate to apply_vetting_rule, and a
// three-class model's candidates as scored (its class probabilities would no longer add up).
void apply_eclipse_weighting(const detect::Candidate& candidate, double p_eclipse_free,
                             nlohmann::json& scored, const std::vector<std::string>& labels);

// The share of a search's planet probability left once noise is weighed: the detection
// threshold admits 1% false alarms, so a candidate whose SNR against the red noise at its
// duration (snr / red_noise_factor) has detect::noise_false_alarm_probability f above that keeps
// (1 - f) / 0.99 of it, and one at or above the threshold all of it. A pulsating or spotted
// star's own variability reaches the white-noise threshold with ease; against its red noise it
// rarely does (docs/FEATURE_CALIBRATION.md, "Pulsating stars").
double noise_weight(double snr, double red_noise_factor, size_t n_periods);

// Scales planet_probability (and the label) by noise_weight when it is under 1, records
// "noise_weighting" and puts the change first in the explanation ("vetting:red_noise").
// `n_periods` 0 (no search summary) leaves the candidate as scored.
void apply_noise_weighting(const detect::Candidate& candidate, size_t n_periods,
                           nlohmann::json& scored, const std::vector<std::string>& labels);

// The catalogues' transit duration (first to fourth contact, hours) estimated from the search's
// box duration, which is shorter by about one ingress: what candidate_row gives the model.
double catalogue_duration_hours(const detect::Candidate& candidate);

// The canonical JSON row of a search candidate: its measured period, duration, depth, SNR and
// uncertainties, plus the star's parameters, the radius implied by the depth and the equilibrium
// temperature / insolation implied by the orbit when the star is characterised. Impact and
// ephemeris matches are not measured by the search and stay missing.
// `index`: the candidate's 0-based position in the search (its candidate_index is index + 1).
nlohmann::json candidate_row(const detect::Candidate& candidate,
                             const lightcurve::StellarParams& star, size_t index,
                             size_t n_candidates);

}  // namespace exodetect::ml
