#pragma once

// Thin RAII layer over the XGBoost C API, private to the ml module. Every call's status is
// checked and XGBGetLastError() turned into an exception, so a library failure never goes
// unnoticed.

#include <xgboost/c_api.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace exodetect::ml::xgb {

// Throws E with "<what>: <XGBoost's message>" when rc != 0.
template <typename E = std::runtime_error>
void check(int rc, const char* what) {
  if (rc != 0) throw E(std::string(what) + ": " + XGBGetLastError());
}

class DMatrix {
 public:
  // Row-major float matrix, NaN = missing.
  DMatrix(const float* x, size_t rows, size_t cols, int threads);
  DMatrix(const DMatrix&) = delete;
  DMatrix& operator=(const DMatrix&) = delete;
  ~DMatrix();
  void set_labels(const std::vector<float>& y);
  void set_weights(const std::vector<float>& w);
  DMatrixHandle get() const { return handle_; }

 private:
  DMatrixHandle handle_ = nullptr;
};

class Booster {
 public:
  explicit Booster(const std::vector<const DMatrix*>& cache = {});
  Booster(const Booster&) = delete;
  Booster& operator=(const Booster&) = delete;
  ~Booster();
  void set_param(const std::string& name, const std::string& value);
  void update(int iteration, const DMatrix& train);
  // The first metric of XGBoosterEvalOneIter for one named set.
  double eval(int iteration, const DMatrix& data, const char* name);
  // Keeps trees [0, rounds) (one per class per round).
  void truncate(int rounds);
  std::string save_ubj() const;
  // XGBoost's JSON model format (what TreeEnsemble reads).
  std::string save_json() const;
  // Throws std::invalid_argument when the bytes are not a booster.
  void load(const std::string& bytes);
  // Probabilities (n, or n x classes for softprob).
  std::vector<float> predict(const DMatrix& data) const;
  // TreeSHAP contributions: n x (features + 1) (binary) or n x classes x (features + 1).
  std::vector<float> contributions(const DMatrix& data) const;
  // XGBoosterFeatureScore with the given importance type, indexed like the columns (f0, f1, ...).
  std::vector<double> importance(const std::string& type, size_t n_features) const;
  BoosterHandle get() const { return handle_; }

 private:
  std::vector<float> predict_type(const DMatrix& data, int type) const;
  std::string save(const char* config) const;
  BoosterHandle handle_ = nullptr;
};

// The JSON model of one booster whose margin (log-odds, or per-class scores) is the mean of the
// given boosters' margins: all their trees, every leaf scaled by 1/K. It is an ordinary tree
// ensemble, so XGBoost's predictor, its TreeSHAP and TreeEnsemble all read it unchanged, and the
// SHAP values are the mean of the members'. The members must share objective, features, classes
// and base score; throws std::invalid_argument otherwise.
std::string average_json(const std::vector<std::string>& member_json);

// "major.minor.patch" of the linked library.
std::string version();

}  // namespace exodetect::ml::xgb
