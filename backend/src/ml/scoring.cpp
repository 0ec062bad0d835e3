// Scoring rows and search candidates with a model (scoring.hpp, and score_candidates and
// rows_from_csv_bytes of model.hpp): reading a row's columns into features, and the model's
// verdict on each candidate of a search.
#include "exodetect/ml/scoring.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>
#include <unordered_map>

#include "exodetect/catalog/catalog.hpp"
#include "exodetect/catalog/features.hpp"
#include "exodetect/common/csv.hpp"
#include "exodetect/common/file_io.hpp"
#include "exodetect/common/strings.hpp"
#include "exodetect/ml/features.hpp"
#include "exodetect/ml/model.hpp"

namespace exodetect::ml {

using common::CsvOptions;
using common::CsvRows;
using common::iequals;
using common::maybe_gunzip;
using common::parse_number;
using common::to_lower;
using detect::Candidate;
using detect::DetectionReport;
using lightcurve::StellarParams;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

size_t base_index(const std::string& name) {
  static const std::unordered_map<std::string, size_t> kIndex = [] {
    std::unordered_map<std::string, size_t> index;
    const auto& names = catalog::base_feature_names();
    for (size_t i = 0; i < names.size(); ++i) index.emplace(names[i], i);
    return index;
  }();
  return kIndex.at(name);
}

// What a base feature's value may be, by base index (parse_row checks every column of a request):
// zero or negative cannot be a real transit's period, duration, depth or radius, nor a star's
// radius or temperature; counts, uncertainties and the like cannot be negative.
enum class Sign { kAny, kPositive, kNonNegative };
Sign sign_rule(size_t b) {
  static const std::vector<Sign> kRules = [] {
    std::vector<Sign> rules(catalog::base_feature_names().size(), Sign::kAny);
    for (const char* name : {"period_days", "duration_hours", "depth_ppm", "planet_radius_earth",
                             "stellar_radius_sun", "stellar_teff_k"}) {
      rules[base_index(name)] = Sign::kPositive;
    }
    for (const char* name : {"period_err_days",
                             "duration_err_hours",
                             "depth_err_ppm",
                             "impact",
                             "equilibrium_temp_k",
                             "insolation_earth",
                             "system_candidate_count",
                             "ephemeris_match_count",
                             "t0_err_days",
                             "impact_err",
                             "planet_radius_err_earth",
                             "stellar_teff_err_k",
                             "stellar_logg_err",
                             "stellar_radius_err_sun",
                             "candidate_index",
                             "sibling_log_period_ratio",
                             "sibling_depth_ratio",
                             "sibling_resonance_offset",
                             "sibling_same_period_count",
                             "depth_fraction_of_star_max"}) {
      rules[base_index(name)] = Sign::kNonNegative;
    }
    return rules;
  }();
  return kRules[b];
}

// Whether a base feature is an uncertainty (period_err_days, impact_err, ...), by base index.
bool is_uncertainty(size_t b) {
  static const std::vector<bool> kUncertain = [] {
    const auto& names = catalog::base_feature_names();
    std::vector<bool> uncertain(names.size());
    for (size_t i = 0; i < names.size(); ++i) {
      uncertain[i] = names[i].find("_err") != std::string::npos;
    }
    return uncertain;
  }();
  return kUncertain[b];
}

}  // namespace

FeatureVector parse_row(const nlohmann::json& row, std::set<std::string>* ignored,
                        bool* names_uncertainty) {
  if (!row.is_object()) throw std::invalid_argument("row is not a JSON object");
  const auto& names = catalog::base_feature_names();
  std::vector<double> base(names.size(), kNaN);
  std::vector<bool> seen(names.size(), false);
  if (names_uncertainty) *names_uncertainty = false;
  for (auto it = row.begin(); it != row.end(); ++it) {
    const std::string& key = it.key();
    auto canonical = catalog::canonical_feature_name(key);
    if (!canonical) {
      if (ignored && !catalog::is_identifier_column(key)) ignored->insert(key);
      continue;
    }
    size_t b = base_index(*canonical);
    if (names_uncertainty && is_uncertainty(b)) *names_uncertainty = true;
    if (seen[b]) continue;  // the first of several aliases wins
    const auto& v = it.value();
    double value = kNaN;
    if (v.is_number()) {
      value = v.get<double>();
    } else if (v.is_string()) {
      std::string text = v.get<std::string>();
      if (to_lower(text) == "nan") {
        throw std::invalid_argument("column '" + key + "' is NaN (leave it empty when unknown)");
      }
      if (text.find_first_not_of(" \t") != std::string::npos) {
        auto parsed = parse_number(text);
        if (!parsed) {
          throw std::invalid_argument("column '" + key + "': '" + text + "' is not a number");
        }
        value = *parsed;
      }
    } else if (!v.is_null()) {
      throw std::invalid_argument("column '" + key + "' is not a number");
    }
    if (std::isinf(value)) throw std::invalid_argument("column '" + key + "' is infinite");
    if (std::isfinite(value)) {
      const Sign rule = sign_rule(b);
      if (rule == Sign::kPositive && value <= 0) {
        throw std::invalid_argument("column '" + key + "' must be positive, got " +
                                    nlohmann::json(value).dump());
      }
      if (rule == Sign::kNonNegative && value < 0) {
        throw std::invalid_argument("column '" + key + "' cannot be negative, got " +
                                    nlohmann::json(value).dump());
      }
    }
    base[b] = value;
    seen[b] = std::isfinite(value);
  }
  // A position gives the field's crowding when the latitude itself is not supplied.
  size_t lat = base_index("galactic_latitude_deg");
  if (!std::isfinite(base[lat])) {
    double ra = kNaN, dec = kNaN;
    for (auto it = row.begin(); it != row.end(); ++it) {
      if (!it.value().is_number()) continue;
      if (iequals(it.key(), "ra")) ra = it.value().get<double>();
      if (iequals(it.key(), "dec")) dec = it.value().get<double>();
    }
    base[lat] = catalog::galactic_latitude_deg(ra, dec);
  }
  if (!std::isfinite(base[base_index("period_days")])) {
    throw std::invalid_argument(
        "no orbital period (period_days, koi_period or pl_orbper) in the row");
  }
  return expand_features(base);
}

std::vector<double> score_feature_rows(const Model& model, const std::vector<FeatureVector>& rows,
                                       int threads) {
  std::vector<float> p = model.probabilities(rows, threads);
  size_t k = model.labels().size();
  std::vector<double> out(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    out[i] = k > 2 ? 1.0 - p[i * k] : p[i];
  }
  return out;
}

std::vector<double> class_probabilities(const Model& model, const std::vector<FeatureVector>& rows,
                                        int threads) {
  std::vector<float> p = model.probabilities(rows, threads);
  return std::vector<double>(p.begin(), p.end());
}

namespace {

// The feature row of a nominal candidate of this star: what the star gives the model (its stellar
// inputs do not depend on the candidate), read the same way whether or not a candidate was found.
FeatureVector star_probe(const StellarParams& star) {
  Candidate nominal;
  nominal.period = 10;
  nominal.duration_hours = 3;
  nominal.depth_ppm = 1000;
  try {
    return parse_row(candidate_row(nominal, star, 0, 1), nullptr);
  } catch (const std::invalid_argument&) {
    return FeatureVector(all_feature_names().size(), kNaN);
  }
}

}  // namespace

void score_candidates(const Model& model, const DetectionReport& report,
                      nlohmann::json& report_json) {
  if (!report_json.contains("candidates") || !report_json["candidates"].is_array()) return;
  auto& out = report_json["candidates"];
  const Model& m = model.candidate_model();
  const StellarParams& star = report.light_curve.stellar;
  std::vector<FeatureVector> rows;
  std::vector<size_t> index;
  for (size_t i = 0; i < report.candidates.size() && i < out.size(); ++i) {
    const Candidate& c = report.candidates[i];
    nlohmann::json row = candidate_row(c, star, i, report.candidates.size());
    try {
      rows.push_back(parse_row(row, nullptr));
      index.push_back(i);
    } catch (const std::invalid_argument& e) {
      out[i]["score_error"] = e.what();
    }
  }
  const nlohmann::json scored = m.explain(rows, kDefaultTopFeatures);
  const Model* eclipse_free = model.eclipse_free_model();
  const std::vector<double> p_eclipse_free = eclipse_free && !rows.empty()
                                                 ? score_feature_rows(*eclipse_free, rows, 1)
                                                 : std::vector<double>();
  for (size_t k = 0; k < scored.size(); ++k) {
    auto& cand = out[index[k]];
    cand["planet_probability"] = scored[k]["planet_probability"];
    cand["label"] = scored[k]["label"];
    if (scored[k].contains("probabilities")) cand["probabilities"] = scored[k]["probabilities"];
    cand["explanation"] = scored[k]["explanation"];
    const Candidate& c = report.candidates[index[k]];
    if (!p_eclipse_free.empty()) apply_eclipse_weighting(c, p_eclipse_free[k], cand, m.labels());
    apply_noise_weighting(c, report.search.n_periods, cand, m.labels());
    apply_vetting_rule(c, cand, m.labels());
  }
  // What the model would have read but the star did not give.
  nlohmann::json without = nlohmann::json::array();
  const FeatureVector probe = star_probe(star);
  const auto& all = all_feature_names();
  // The stellar inputs the model reads, directly or through a feature computed from them.
  uint8_t read_bits = 0;
  for (const auto& name : m.card()["features"]) {
    auto it = std::find(all.begin(), all.end(), name.get<std::string>());
    if (it != all.end()) read_bits |= star_dependence()[static_cast<size_t>(it - all.begin())];
  }
  size_t star_inputs_used = 0;
  for (size_t k = 0; k < star_input_names().size(); ++k) {
    if ((read_bits & (1u << k)) == 0) continue;
    const std::string& name = star_input_names()[k];
    size_t f = static_cast<size_t>(std::find(all.begin(), all.end(), name) - all.begin());
    ++star_inputs_used;
    if (std::isnan(probe[f])) without.push_back(name);
  }
  // A model that reads no stellar input scores without the star whatever the star gave.
  const char* star_state = star_inputs_used == 0                ? "not_used"
                           : without.empty()                    ? "complete"
                           : without.size() == star_inputs_used ? "unknown"
                                                                : "partial";
  report_json["model"] = {{"id", model.id()},
                          {"task", m.card()["task"]},
                          {"scored_with",
                           {{"id", m.id()},
                            {"features", m.card()["features"]},
                            {"without", without},
                            {"star", star_state},
                            {"vetting_rule", vetting_rule_text()}}}};
}

nlohmann::json rows_from_csv_bytes(const std::string& bytes) {
  if (bytes.empty()) throw std::invalid_argument("the upload is empty");
  CsvOptions options;
  options.has_header = true;
  const std::string text = maybe_gunzip(bytes);
  // Rows go straight from the text into JSON: the table is never held as one string per cell.
  CsvRows table(text, options);
  const std::vector<std::string>& header = table.header();
  nlohmann::json rows = nlohmann::json::array();
  if (catalog::detect_kind(header)) {
    // A catalogue export: map through the catalogue so table-wide features (candidates per star,
    // ephemeris matches) are filled in as in training.
    catalog::Catalog cat = catalog::parse_catalog(bytes);
    for (size_t r = 0; r < cat.size(); ++r) {
      nlohmann::json row = catalog::canonical_row_json(cat, r);
      row["id"] = cat.id(r);
      rows.push_back(std::move(row));
    }
    return rows;
  }
  bool has_period = false;
  for (const auto& h : header) {
    if (catalog::canonical_feature_name(h).value_or("") == "period_days") has_period = true;
  }
  if (!has_period) {
    throw std::invalid_argument(
        "missing column: no orbital period column (period_days, koi_period or pl_orbper) in the "
        "header");
  }
  std::vector<std::string_view> cells;
  while (table.next(cells)) {
    nlohmann::json row = nlohmann::json::object();
    for (size_t c = 0; c < header.size(); ++c) {
      const std::string_view cell = cells[c];
      if (cell.empty()) {
        row[header[c]] = nullptr;
      } else if (auto v = parse_number(cell)) {
        row[header[c]] = *v;
      } else {
        row[header[c]] = std::string(cell);  // parse_row names it if it is a feature
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace exodetect::ml
