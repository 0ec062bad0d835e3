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
#include "exodetect/common/file_io.hpp"
#include "exodetect/common/strings.hpp"
#include "exodetect/common/thread_pool.hpp"
#include "exodetect/ml/features.hpp"
#include "exodetect/ml/scoring.hpp"
#include "tree_ensemble.hpp"
#include "xgb.hpp"

namespace exodetect::ml {

using common::iequals;
using common::read_file_bytes;

namespace {

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
    auto embedded = [&h](const std::string& bytes, const char* what) {
      std::unique_ptr<XgbModel> m;
      if (bytes.empty()) return m;
      try {
        m = std::make_unique<XgbModel>(decode_bundle(bytes));
      } catch (const std::invalid_argument& e) {
        throw std::invalid_argument(std::string("embedded ") + what + " model: " + e.what());
      }
      h = fnv1a64(m->id(), h);
      return m;
    };
    candidate_ = embedded(bundle.candidate, "candidate");
    eclipse_free_ = embedded(bundle.eclipse_free, "eclipse-free");
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
    // Small requests skip XGBoost's per-call costs (see tree_ensemble.hpp).
    native_ = TreeEnsemble::from_booster(small_booster_);
  }

  const nlohmann::json& card() const override { return card_; }
  std::string id() const override { return id_; }
  const std::vector<std::string>& labels() const override { return labels_; }
  const Model& candidate_model() const override { return for_candidates(); }
  const Model* eclipse_free_model() const override { return eclipse_free_.get(); }

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

  std::vector<float> probabilities(const std::vector<FeatureVector>& rows,
                                   int threads) const override {
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

  nlohmann::json explain(const std::vector<FeatureVector>& rows,
                         size_t top_features) const override {
    std::string text = "[";
    write_scores(rows.data(), rows.size(), top_features, nullptr, nullptr, text);
    text += ']';
    return nlohmann::json::parse(text);
  }

 private:
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

  // The model for search candidates: the embedded candidate model, else this one.
  const XgbModel& for_candidates() const { return candidate_ ? *candidate_ : *this; }

  // Rows without any of the catalogue's context features (catalog::context_features: other
  // signals on the star, ephemeris matches, neighbours), typed in or from a plain CSV, go to the
  // embedded candidate model. The full model never saw those features missing in training, so
  // their absence alone would decide its verdict (WASP-126 b typed in scores 0.01 with it).
  // So do rows that name no uncertainty column at all (an export without its error columns). In
  // the KOI table a row with every uncertainty empty is a failed fit (218 of 219 are false
  // positives), and the full model learned that: it calls every row of such an export a false
  // positive (accuracy 0.64 on the labelled KOI rows). An empty column still goes to it.
  // And so do rows whose context is incomplete: an export trimmed of its epoch or positions
  // leaves ephemeris matches or the field's latitude missing, which every full KOI row has, so
  // the full model would read the gap as evidence (it calls a trimmed export of 35 confirmed
  // planets false positives on `ephemeris_match_count` alone).
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
  std::unique_ptr<XgbModel> eclipse_free_;
};

}  // namespace

nlohmann::json Model::predict_rows(const nlohmann::json& rows, size_t top_features) const {
  return nlohmann::json::parse(predict_rows_text(rows, top_features));
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

}  // namespace exodetect::ml
