#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "exodetect/detect/pipeline.hpp"

namespace exodetect::ml {

// all_feature_names() values of one row (NaN = missing).
using FeatureVector = std::vector<double>;

// Features named in each explanation unless the caller asks for another count: what the API's
// batch scoring, search candidates and the command line's `predict` give.
constexpr size_t kDefaultTopFeatures = 8;

// The environment variable naming the model file, or a folder of *.exomodel files, that the
// server and the command line score with.
constexpr const char* kModelPathVariable = "MODEL_PATH";

// A trained, self-describing model bundle (booster, feature schema and order, label map, data
// hash, hyperparameters, metrics, versions, creation time). Immutable once loaded and safe to
// share between threads (predictions may run concurrently). load and from_bytes are the
// factories; the implementation (XGBoost, with a native TreeSHAP evaluator for small requests)
// is private to the ml module.
class Model {
 public:
  // Throws std::invalid_argument naming the problem for a missing, corrupt, truncated or
  // mismatched file.
  static std::shared_ptr<const Model> load(const std::string& path);
  // The same from the bytes of a model file.
  static std::shared_ptr<const Model> from_bytes(const std::string& bytes);
  virtual ~Model() = default;

  // {"id", "version", "task", "catalog", "created", "features", "labels", "hyperparameters",
  //  "metrics": {roc_auc, pr_auc, accuracy, f1, confusion_matrix, roc_curve, pr_curve,
  //  calibration, feature_importance}, "data_hash", "library_versions"}
  virtual const nlohmann::json& card() const = 0;
  virtual std::string id() const = 0;  // stable id derived from the file contents
  // Class labels in output order (binary: {not planet, planet}).
  virtual const std::vector<std::string>& labels() const = 0;
  // The model that scores search candidates: the embedded candidate model, else this one.
  virtual const Model& candidate_model() const = 0;
  // The candidate model trained without the catalogue's stellar-eclipse false positives
  // (TrainOptions::without_stellar_eclipses), or null when the file has none: it scores a search
  // candidate whose own vetting could have seen the eclipses of a binary
  // (docs/FEATURE_CALIBRATION.md, "The binaries the vetting would see").
  virtual const Model* eclipse_free_model() const = 0;

  // Class probabilities of feature rows, without explanations (the fast path for whole tables):
  // n values (binary: the planet class) or n x labels().size(). `threads` 0: all cores.
  virtual std::vector<float> probabilities(const std::vector<FeatureVector>& rows,
                                           int threads = 0) const = 0;
  // This model's predictions of feature rows, explained: a JSON array of {"planet_probability",
  // "label", "probabilities"? (multiclass), "explanation": [{"feature", "value",
  // "contribution"}...] (the `top_features` largest TreeSHAP contributions), "base_value",
  // "scored_with"}, one per row in order.
  virtual nlohmann::json explain(const std::vector<FeatureVector>& rows,
                                 size_t top_features = kDefaultTopFeatures) const = 0;

  // Scores rows given as JSON objects with KOI, TOI or canonical column names, each by this
  // model or its candidate model (rows without the catalogue's context go to the latter).
  // Returns {"predictions": [{"row", "planet_probability", "label", "probabilities"?,
  // "explanation": [{"feature", "value", "contribution"}...]}], "errors": [{"row", "message"}],
  // "ignored_columns": [...]}. Bad rows are listed in errors, the others still scored.
  nlohmann::json predict_rows(const nlohmann::json& rows,
                              size_t top_features = kDefaultTopFeatures) const;
  // The same object as JSON text, with `model_json` (JSON text) as its "model" member instead
  // of the model id when given: what the API answers, without building it as JSON objects.
  virtual std::string predict_rows_text(const nlohmann::json& rows,
                                        size_t top_features = kDefaultTopFeatures,
                                        std::string_view model_json = {}) const = 0;
};

// Adds planet_probability, label and explanation to each object in report_json["candidates"]
// (the output of report_to_json), from each candidate's measured features and the light
// curve's stellar parameters. Uses the model's embedded candidate model when it has one
// (report_json["model"]["scored_with"] names it).
void score_candidates(const Model& model, const detect::DetectionReport& report,
                      nlohmann::json& report_json);

// Parses a catalogue/CSV upload (KOI, TOI, K2 export or canonical columns; gz allowed) into the
// JSON rows predict_rows takes. Throws std::invalid_argument for junk, empty or columnless files.
nlohmann::json rows_from_csv_bytes(const std::string& bytes);

struct TrainOptions {
  std::string catalog = "auto";  // koi | toi | k2 | auto
  std::string task = "binary";   // binary | multiclass
  int folds = 5;
  uint64_t seed = 42;
  int n_trees = 600;
  int max_depth = 5;
  // 0.1: early stopping keeps about half the trees of 0.05 at the same grouped-CV metrics, and
  // every explanation walks every tree (docs/MODEL_TRAINING.md).
  double learning_rate = 0.1;
  double subsample = 0.8;
  double colsample = 0.5;
  double min_child_weight = 1.0;
  // Weight classes to equal total weight. Off by default: the planet probabilities stay
  // calibrated without it, at the same grouped-CV ROC-AUC (docs/MODEL_TRAINING.md).
  bool balance_classes = false;
  int threads = 0;
  // Canonical (or catalogue) feature names to train on; empty: every feature in
  // all_feature_names(). Leaky columns (koi_score, koi_fpflag_*, ...) are refused.
  std::vector<std::string> features;
  // More catalogues trained on together with the first (e.g. KOI + TOI); CV stays grouped by
  // host star within each mission and metrics are also reported per mission.
  std::vector<std::string> extra_catalog_bytes;
  // When set, the CV fold of every training row is written there as CSV (catalog,id,group,
  // label,fold) so reference implementations can use identical folds.
  std::string folds_out;
  int early_stopping_rounds = 50;
  // Boosters averaged into the model, each fitted on six sevenths of the training rows and
  // early-stopped on the other seventh (a different seventh each; 1..7). Two are steadier than
  // one early-stopped booster; more gain less than the spread between seeds at more trees, which
  // every explained prediction walks (docs/MODEL_TRAINING.md).
  int bags = 2;
  // With the full feature set (features empty), also train a model on candidate_feature_names()
  // with the same settings and embed it: score_candidates uses it for search candidates.
  bool candidate_model = true;
  // Train on mask_star_copies of the rows, so that a missing star carries no label information
  // (the candidate model: a light curve's star is often unknown). Metrics are then reported on
  // one row per catalogue row, and per copy kind under "star_masking".
  bool mask_star = false;
  // Leave out the false positives the catalogue flags as stellar eclipses (KOI koi_fpflag_ss:
  // secondary eclipse, odd/even difference or V shape), as the eclipse-free candidate model is
  // trained. With candidate_model, that model is trained and embedded beside the candidate model.
  bool without_stellar_eclipses = false;
};

// Trains with grouped stratified CV and writes the bundle to `out_path`; returns its card.
// `progress` gets a fraction in 0..1 and a stage text.
nlohmann::json train_model(const std::string& catalog_bytes, const TrainOptions& options,
                           const std::string& out_path,
                           const std::function<void(double, const std::string&)>& progress = {});

}  // namespace exodetect::ml
