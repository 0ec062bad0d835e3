#include "exodetect/ml/model.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>
#include <unordered_map>

#include "bundle.hpp"
#include "exodetect/catalog/catalog.hpp"
#include "exodetect/catalog/features.hpp"
#include "exodetect/common/csv.hpp"
#include "exodetect/common/strings.hpp"
#include "exodetect/common/file_io.hpp"
#include "exodetect/common/thread_pool.hpp"
#include "exodetect/ml/features.hpp"
#include "exodetect/ml/scoring.hpp"
#include "exodetect/ml/tree_predictor.hpp"
#include "xgb.hpp"

namespace exodetect::ml {
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

// Up to this many rows are scored on the calling thread (see small_booster_).
constexpr size_t kSmallBatchRows = 64;

const char* kIdColumns[] = {"id", "kepoi_name", "toi", "pl_name", "name", "kepid", "tid"};

std::string dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Appends v as nlohmann would write it: shortest round-trip digits, always with a fraction or
// exponent (so it reads back as a float), null when not finite.
void append_number(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  char buf[32];
  char* end = std::to_chars(buf, buf + sizeof buf, v).ptr;
  out.append(buf, end);
  if (std::find_if(buf, end, [](char c) { return c == '.' || c == 'e'; }) == end) out += ".0";
}

class XgbModel final : public Model {
 public:
  explicit XgbModel(Bundle bundle) : card_(std::move(bundle.card)) {
    auto require = [&](const char* key, bool ok) {
      if (!ok)
        throw std::invalid_argument(std::string("model card is missing or has a bad '") + key +
                                    "'");
    };
    require("features", card_.contains("features") && card_["features"].is_array() &&
                            !card_["features"].empty());
    require("labels",
            card_.contains("labels") && card_["labels"].is_array() && card_["labels"].size() >= 2);
    require("task", card_.contains("task") && card_["task"].is_string());
    const auto& all = all_feature_names();
    for (const auto& f : card_["features"]) {
      require("features", f.is_string());
      auto it = std::find(all.begin(), all.end(), f.get<std::string>());
      if (it == all.end()) {
        throw std::invalid_argument("model uses feature '" + f.get<std::string>() +
                                    "' unknown to this exodetect version");
      }
      feature_index_.push_back(static_cast<size_t>(it - all.begin()));
      feature_names_.push_back(f.get<std::string>());
    }
    for (const auto& l : card_["labels"]) {
      require("labels", l.is_string());
      labels_.push_back(l.get<std::string>());
    }
    for (const auto& f : feature_names_) quoted_features_.push_back(dump(f));
    for (const auto& l : labels_) quoted_labels_.push_back(dump(l));
    multiclass_ = card_["task"] == "multiclass";
    if (multiclass_ != (labels_.size() > 2)) {
      throw std::invalid_argument("model card task and labels disagree");
    }
    booster_.load(bundle.booster);
    // Small requests (API rows, one light curve's candidates) run on the caller's thread: an
    // all-cores OpenMP team per single row costs more than the prediction itself.
    small_booster_.load(bundle.booster);
    small_booster_.set_param("nthread", "1");
    bst_ulong n_features = 0;
    xgb::check(XGBoosterGetNumFeature(booster_.get(), &n_features), "XGBoosterGetNumFeature");
    if (n_features != feature_index_.size()) {
      throw std::invalid_argument("model is inconsistent: the booster expects " +
                                  std::to_string(n_features) + " features, the card lists " +
                                  std::to_string(feature_index_.size()));
    }
    // Stable id from what determines predictions, not from the creation time.
    uint64_t h = fnv1a64(bundle.booster);
    h = fnv1a64(card_["features"].dump(), h);
    h = fnv1a64(card_["labels"].dump(), h);
    if (!bundle.candidate.empty()) {
      try {
        candidate_ = std::make_unique<XgbModel>(decode_bundle(bundle.candidate));
      } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(std::string("embedded candidate model: ") + e.what());
      }
      h = fnv1a64(candidate_->id(), h);
    }
    id_ = "exo-" + hex64(h).substr(0, 12);
    quoted_id_ = dump(id_);
    card_["id"] = id_;
    // Prediction and TreeSHAP on a shared booster are thread-safe in XGBoost >= 1.4 (per-thread
    // output buffers and prediction caches). A freshly loaded booster configures itself on its
    // first prediction; do that here so concurrent first requests never meet it.
    std::vector<float> warm(feature_index_.size(), std::numeric_limits<float>::quiet_NaN());
    for (const xgb::Booster* b : {&booster_, &small_booster_}) {
      xgb::DMatrix d(warm.data(), 1, feature_index_.size(), 1);
      b->predict(d);
      b->contributions(d);
    }
    // Small requests skip XGBoost's per-call costs (see tree_predictor.hpp).
    native_ = TreeEnsemble::from_booster(small_booster_);
  }

  const nlohmann::json& card() const override { return card_; }
  std::string id() const override { return id_; }

  std::string predict_rows_text(const nlohmann::json& rows, size_t top_features,
                                std::string_view model_json) const override {
    if (!rows.is_array()) throw std::invalid_argument("rows must be a JSON array of objects");
    nlohmann::json errors = nlohmann::json::array();
    std::set<std::string> ignored;
    std::vector<FeatureVector> good;
    std::vector<size_t> good_rows;
    std::vector<nlohmann::json> good_ids;
    std::vector<const XgbModel*> scorers;
    for (size_t i = 0; i < rows.size(); ++i) {
      try {
        bool names_uncertainty = false;
        good.push_back(parse_row(rows[i], &ignored, &names_uncertainty));
        scorers.push_back(&scorer_for(good.back(), names_uncertainty));
        good_ids.push_back(row_id(rows[i]));
        good_rows.push_back(i);
      } catch (const std::invalid_argument& e) {
        errors.push_back({{"row", i}, {"message", e.what()}});
      }
    }
    std::string out = "{\"model\":";
    out += model_json.empty() ? dump(id_) : std::string(model_json);
    out += ",\"predictions\":[";
    // Each run of rows that one model scores, in input order.
    for (size_t begin = 0, end = 0; begin < good.size(); begin = end) {
      end = begin + 1;
      while (end < good.size() && scorers[end] == scorers[begin]) ++end;
      if (begin > 0) out += ',';
      scorers[begin]->write_scores(&good[begin], end - begin, top_features, &good_rows[begin],
                                   &good_ids[begin], out);
    }
    out += ']';
    out += ",\"errors\":" + dump(errors);
    out += ",\"ignored_columns\":" +
           dump(nlohmann::json(std::vector<std::string>(ignored.begin(), ignored.end())));
    out += '}';
    return out;
  }

  // Probabilities for expanded feature rows: n (binary, planet) or n x classes.
  std::vector<float> probabilities(const std::vector<FeatureVector>& rows, int threads) const {
    std::vector<float> x = matrix(rows.data(), rows.size());
    bool small = rows.size() <= kSmallBatchRows;
    if (small && native_) {
      std::vector<float> prob;
      native_->predict(x.data(), rows.size(), prob);
      return prob;
    }
    xgb::DMatrix d(x.data(), rows.size(), feature_index_.size(), small ? 1 : threads);
    return (small ? small_booster_ : booster_).predict(d);
  }

  // The n predictions of predict_rows as JSON text, comma-separated (the caller writes the
  // array's brackets): written directly, because building them as JSON objects cost the API a
  // fifth of its time per request outside the model. With `row_numbers` and `ids` (n each), each
  // prediction also names its input row (and its id when not null).
  void write_scores(const FeatureVector* rows, size_t n, size_t top_features,
                    const size_t* row_numbers, const nlohmann::json* ids, std::string& out) const {
    const size_t nf = feature_index_.size(), k = labels_.size();
    if (n == 0) return;
    std::vector<float> x = matrix(rows, n);
    bool small = n <= kSmallBatchRows;
    std::vector<float> prob, contrib;
    if (small && native_ && top_features > 0) {
      native_->contributions(x.data(), n, contrib, &prob);
    } else if (small && native_) {
      native_->predict(x.data(), n, prob);
    } else {
      xgb::DMatrix d(x.data(), n, nf, small ? 1 : 0);
      const xgb::Booster& booster = small ? small_booster_ : booster_;
      prob = booster.predict(d);
      if (top_features > 0) contrib = booster.contributions(d);
    }
    std::vector<size_t> order(nf);
    for (size_t i = 0; i < n; ++i) {
      if (i > 0) out += ',';
      size_t predicted = 0;
      out += "{\"planet_probability\":";
      if (multiclass_) {
        for (size_t c = 1; c < k; ++c) {
          if (prob[i * k + c] > prob[i * k + predicted]) predicted = c;
        }
        // "Not a false positive": candidates and confirmed planets together.
        append_number(out, 1.0 - prob[i * k]);
        out += ",\"probabilities\":{";
        for (size_t c = 0; c < k; ++c) {
          if (c > 0) out += ',';
          out += quoted_labels_[c] + ':';
          append_number(out, prob[i * k + c]);
        }
        out += '}';
      } else {
        append_number(out, prob[i]);
        predicted = prob[i] >= 0.5 ? 1 : 0;
      }
      out += ",\"label\":" + quoted_labels_[predicted];
      if (top_features > 0) {
        // Binary: n x (nf + 1); multiclass: n x k x (nf + 1), explained for the predicted class.
        const float* c =
            multiclass_ ? &contrib[(i * k + predicted) * (nf + 1)] : &contrib[i * (nf + 1)];
        for (size_t f = 0; f < nf; ++f) order[f] = f;
        std::stable_sort(order.begin(), order.end(),
                         [&](size_t a, size_t b) { return std::fabs(c[a]) > std::fabs(c[b]); });
        out += ",\"explanation\":[";
        for (size_t j = 0; j < std::min(top_features, nf); ++j) {
          const size_t f = order[j];
          if (j > 0) out += ',';
          out += "{\"feature\":" + quoted_features_[f] + ",\"value\":";
          append_number(out, rows[i][feature_index_[f]]);
          out += ",\"contribution\":";
          append_number(out, c[f]);
          out += '}';
        }
        out += "],\"base_value\":";
        append_number(out, c[nf]);
      }
      out += ",\"scored_with\":" + quoted_id_;
      if (row_numbers) out += ",\"row\":" + std::to_string(row_numbers[i]);
      if (ids && !ids[i].is_null()) out += ",\"id\":" + dump(ids[i]);
      out += '}';
    }
  }

  const std::vector<std::string>& labels() const { return labels_; }
  // The model for search candidates: the embedded candidate model, else this one.
  const XgbModel& for_candidates() const { return candidate_ ? *candidate_ : *this; }

 private:
  // Rows without any of the catalogue's context features (catalog::context_features: other
  // signals on the star, ephemeris matches, neighbours), typed in or from a plain CSV, go to the
  // embedded candidate model. The full model never saw those features missing in training, so
  // their absence alone decided its verdict: WASP-126 b typed into the UI scored 0.01.
  // So do rows that name no uncertainty column at all (an export without its error columns). In
  // the KOI table a row with every uncertainty empty is a failed fit (218 of 219 are false
  // positives), and the full model learned that: it called every row of such an export a false
  // positive (accuracy 0.64 on the labelled KOI rows). An empty column still goes to it.
  // And so do rows whose context is incomplete: an export trimmed of its epoch or positions
  // leaves ephemeris matches or the field's latitude missing, which every full KOI row has, so
  // the full model would read the gap as evidence (a trimmed export of 35 confirmed planets
  // scored all false positives on `ephemeris_match_count` alone).
  const XgbModel& scorer_for(const FeatureVector& row, bool names_uncertainty) const {
    if (!candidate_ || !names_uncertainty) return for_candidates();
    static const std::vector<size_t> kAlwaysInFullRows = [] {
      std::vector<size_t> at;
      const auto& all = all_feature_names();
      for (const char* name :
           {"system_candidate_count", "ephemeris_match_count", "galactic_latitude_deg"}) {
        at.push_back(static_cast<size_t>(std::find(all.begin(), all.end(), name) - all.begin()));
      }
      return at;
    }();
    for (size_t f : kAlwaysInFullRows) {
      if (std::isnan(row[f])) return *candidate_;
    }
    return *this;
  }

  std::vector<float> matrix(const FeatureVector* rows, size_t n) const {
    size_t nf = feature_index_.size();
    std::vector<float> x(n * nf);
    for (size_t i = 0; i < n; ++i) {
      for (size_t f = 0; f < nf; ++f)
        x[i * nf + f] = static_cast<float>(rows[i][feature_index_[f]]);
    }
    return x;
  }

  static nlohmann::json row_id(const nlohmann::json& row) {
    for (const char* key : kIdColumns) {
      for (auto it = row.begin(); it != row.end(); ++it) {
        if (iequals(it.key(), key) && !it.value().is_null()) return it.value();
      }
    }
    return nullptr;
  }

  nlohmann::json card_;
  std::string id_, quoted_id_;
  std::vector<size_t> feature_index_;  // model column -> all_feature_names() index
  std::vector<std::string> feature_names_;
  std::vector<std::string> labels_;
  std::vector<std::string> quoted_features_, quoted_labels_;  // as JSON strings
  bool multiclass_ = false;
  // Both hold the same trees; booster_ predicts with all cores, small_booster_ with one.
  xgb::Booster booster_;
  xgb::Booster small_booster_;
  std::unique_ptr<TreeEnsemble> native_;  // null: everything stays on XGBoost
  std::unique_ptr<XgbModel> candidate_;
};

}  // namespace

nlohmann::json Model::predict_rows(const nlohmann::json& rows, size_t top_features) const {
  return nlohmann::json::parse(predict_rows_text(rows, top_features));
}

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

std::shared_ptr<const Model> Model::load(const std::string& path) {
  std::string bytes;
  try {
    bytes = read_file_bytes(path);
  } catch (const std::exception& e) {
    throw std::invalid_argument(std::string("cannot read model: ") + e.what());
  }
  try {
    return from_bytes(bytes);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(path + ": " + e.what());
  }
}

std::shared_ptr<const Model> Model::from_bytes(const std::string& bytes) {
  return std::make_shared<XgbModel>(decode_bundle(bytes));
}

std::vector<double> score_feature_rows(const Model& model, const std::vector<FeatureVector>& rows,
                                       int threads) {
  const auto& m = dynamic_cast<const XgbModel&>(model);
  std::vector<float> p = m.probabilities(rows, threads);
  size_t k = m.labels().size();
  std::vector<double> out(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    out[i] = k > 2 ? 1.0 - p[i * k] : p[i];
  }
  return out;
}

std::vector<double> class_probabilities(const Model& model, const std::vector<FeatureVector>& rows,
                                        int threads) {
  const auto& m = dynamic_cast<const XgbModel&>(model);
  std::vector<float> p = m.probabilities(rows, threads);
  return std::vector<double>(p.begin(), p.end());
}

void score_candidates(const Model& model, const DetectionReport& report,
                      nlohmann::json& report_json) {
  if (!report_json.contains("candidates") || !report_json["candidates"].is_array()) return;
  auto& out = report_json["candidates"];
  const auto& full = dynamic_cast<const XgbModel&>(model);
  const XgbModel& m = full.for_candidates();
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
  std::string text = "[";
  m.write_scores(rows.data(), rows.size(), 8, nullptr, nullptr, text);
  text += ']';
  const nlohmann::json scored = nlohmann::json::parse(text);
  for (size_t k = 0; k < scored.size(); ++k) {
    auto& cand = out[index[k]];
    cand["planet_probability"] = scored[k]["planet_probability"];
    cand["label"] = scored[k]["label"];
    if (scored[k].contains("probabilities")) cand["probabilities"] = scored[k]["probabilities"];
    cand["explanation"] = scored[k]["explanation"];
    apply_vetting_rule(report.candidates[index[k]], cand, m.labels());
  }
  // What the model would have read but the star did not give.
  nlohmann::json without = nlohmann::json::array();
  const FeatureVector probe =
      rows.empty() ? FeatureVector(all_feature_names().size(), kNaN) : rows.front();
  const auto& all = all_feature_names();
  for (const auto& name : star_input_names()) {
    size_t f = static_cast<size_t>(std::find(all.begin(), all.end(), name) - all.begin());
    bool used = std::find(m.card()["features"].begin(), m.card()["features"].end(), name) !=
                m.card()["features"].end();
    if (used && std::isnan(probe[f])) without.push_back(name);
  }
  report_json["model"] = {{"id", full.id()},
                          {"task", m.card()["task"]},
                          {"scored_with",
                           {{"id", m.id()},
                            {"features", m.card()["features"]},
                            {"without", without},
                            {"star", without.empty()                               ? "complete"
                                     : without.size() == star_input_names().size() ? "unknown"
                                                                                   : "partial"},
                            {"vetting_rule", vetting_rule_text()}}}};
}

nlohmann::json rows_from_csv_bytes(const std::string& bytes) {
  if (bytes.empty()) throw std::invalid_argument("the upload is empty");
  CsvOptions options;
  options.has_header = true;
  CsvTable table = parse_csv(maybe_gunzip(bytes), options);
  nlohmann::json rows = nlohmann::json::array();
  if (catalog::detect_kind(table.header)) {
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
  for (const auto& h : table.header) {
    if (catalog::canonical_feature_name(h).value_or("") == "period_days") has_period = true;
  }
  if (!has_period) {
    throw std::invalid_argument(
        "missing column: no orbital period column (period_days, koi_period or pl_orbper) in the "
        "header");
  }
  for (const auto& cells : table.rows) {
    nlohmann::json row = nlohmann::json::object();
    for (size_t c = 0; c < table.header.size(); ++c) {
      const std::string& cell = cells[c];
      if (cell.empty()) {
        row[table.header[c]] = nullptr;
      } else if (auto v = parse_number(cell)) {
        row[table.header[c]] = *v;
      } else {
        row[table.header[c]] = cell;  // parse_row names it if it is a feature
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace exodetect::ml
