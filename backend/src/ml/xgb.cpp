#include "xgb.hpp"

#include <cmath>
#include <cstdlib>
#include <limits>

#include <nlohmann/json.hpp>

namespace exodetect::ml::xgb {

DMatrix::DMatrix(const float* x, size_t rows, size_t cols, int threads) {
  check(XGDMatrixCreateFromMat_omp(x, rows, cols, std::numeric_limits<float>::quiet_NaN(), &handle_,
                                   threads),
        "XGDMatrixCreateFromMat_omp");
}

DMatrix::~DMatrix() {
  if (handle_) XGDMatrixFree(handle_);
}

void DMatrix::set_labels(const std::vector<float>& y) {
  check(XGDMatrixSetFloatInfo(handle_, "label", y.data(), y.size()), "XGDMatrixSetFloatInfo");
}

void DMatrix::set_weights(const std::vector<float>& w) {
  check(XGDMatrixSetFloatInfo(handle_, "weight", w.data(), w.size()), "XGDMatrixSetFloatInfo");
}

Booster::Booster(const std::vector<const DMatrix*>& cache) {
  std::vector<DMatrixHandle> handles;
  for (const auto* d : cache) handles.push_back(d->get());
  check(XGBoosterCreate(handles.data(), handles.size(), &handle_), "XGBoosterCreate");
}

Booster::~Booster() {
  if (handle_) XGBoosterFree(handle_);
}

void Booster::set_param(const std::string& name, const std::string& value) {
  check<std::invalid_argument>(XGBoosterSetParam(handle_, name.c_str(), value.c_str()),
                               ("hyperparameter " + name).c_str());
}

void Booster::update(int iteration, const DMatrix& train) {
  check(XGBoosterUpdateOneIter(handle_, iteration, train.get()), "XGBoosterUpdateOneIter");
}

double Booster::eval(int iteration, const DMatrix& data, const char* name) {
  DMatrixHandle handles[] = {data.get()};
  const char* names[] = {name};
  const char* out = nullptr;
  check(XGBoosterEvalOneIter(handle_, iteration, handles, names, 1, &out), "XGBoosterEvalOneIter");
  // "[12]\tvalid-logloss:0.1234"
  std::string text(out);
  size_t colon = text.rfind(':');
  if (colon == std::string::npos) throw std::runtime_error("unexpected XGBoost eval: " + text);
  return std::strtod(text.c_str() + colon + 1, nullptr);
}

void Booster::truncate(int rounds) {
  int boosted = 0;
  check(XGBoosterBoostedRounds(handle_, &boosted), "XGBoosterBoostedRounds");
  if (rounds >= boosted) return;
  BoosterHandle sliced = nullptr;
  check(XGBoosterSlice(handle_, 0, rounds, 1, &sliced), "XGBoosterSlice");
  XGBoosterFree(handle_);
  handle_ = sliced;
}

std::string Booster::save(const char* config) const {
  bst_ulong len = 0;
  const char* data = nullptr;
  check(XGBoosterSaveModelToBuffer(handle_, config, &len, &data), "XGBoosterSaveModelToBuffer");
  return std::string(data, len);
}

std::string Booster::save_ubj() const { return save(R"({"format": "ubj"})"); }

std::string Booster::save_json() const { return save(R"({"format": "json"})"); }

void Booster::load(const std::string& bytes) {
  check<std::invalid_argument>(XGBoosterLoadModelFromBuffer(handle_, bytes.data(), bytes.size()),
                               "the model's booster cannot be loaded");
}

std::vector<float> Booster::predict_type(const DMatrix& data, int type) const {
  std::string config = R"({"type": )" + std::to_string(type) +
                       R"(, "training": false, "iteration_begin": 0, "iteration_end": 0,
                          "strict_shape": false})";
  const bst_ulong* shape = nullptr;
  bst_ulong dim = 0;
  const float* out = nullptr;
  check(XGBoosterPredictFromDMatrix(handle_, data.get(), config.c_str(), &shape, &dim, &out),
        "XGBoosterPredictFromDMatrix");
  size_t n = 1;
  for (bst_ulong i = 0; i < dim; ++i) n *= shape[i];
  return std::vector<float>(out, out + n);
}

std::vector<float> Booster::predict(const DMatrix& data) const { return predict_type(data, 0); }

std::vector<float> Booster::contributions(const DMatrix& data) const {
  return predict_type(data, 2);
}

std::vector<double> Booster::importance(const std::string& type, size_t n_features) const {
  std::string config = R"({"importance_type": ")" + type + "\"}";
  bst_ulong n = 0, dim = 0;
  const char** names = nullptr;
  const bst_ulong* shape = nullptr;
  const float* scores = nullptr;
  check(XGBoosterFeatureScore(handle_, config.c_str(), &n, &names, &dim, &shape, &scores),
        "XGBoosterFeatureScore");
  // Features never used in a split are absent; names are "f<index>".
  std::vector<double> out(n_features, 0.0);
  for (bst_ulong i = 0; i < n; ++i) {
    std::string name(names[i]);
    if (name.size() < 2 || name[0] != 'f') continue;
    size_t index = std::strtoul(name.c_str() + 1, nullptr, 10);
    if (index < n_features) out[index] = scores[i];
  }
  return out;
}

std::string average_json(const std::vector<std::string>& member_json) {
  using nlohmann::json;
  if (member_json.empty()) throw std::invalid_argument("no boosters to average");
  json merged;
  json* trees = nullptr;
  json* tree_info = nullptr;
  const double scale = 1.0 / static_cast<double>(member_json.size());
  for (const std::string& text : member_json) {
    json member = json::parse(text);
    json& learner = member.at("learner");
    json& model = learner.at("gradient_booster").at("model");
    if (model.at("gbtree_model_param").at("num_parallel_tree") != "1") {
      throw std::invalid_argument("averaging needs boosters without parallel trees");
    }
    for (json& tree : model.at("trees")) {
      const json& left = tree.at("left_children");
      json& weights = tree.at("base_weights");
      json& conditions = tree.at("split_conditions");
      for (size_t node = 0; node < weights.size(); ++node) {
        weights[node] = weights[node].get<double>() * scale;
        // A leaf keeps its value in split_conditions.
        if (left[node].get<int>() == -1) conditions[node] = conditions[node].get<double>() * scale;
      }
    }
    if (!trees) {
      merged = std::move(member);
      json& m = merged["learner"]["gradient_booster"]["model"];
      trees = &m["trees"];
      tree_info = &m["tree_info"];
      continue;
    }
    const json& first = merged["learner"];
    for (const char* key : {"learner_model_param", "objective"}) {
      if (learner.at(key) != first.at(key)) {
        throw std::invalid_argument(std::string("boosters to average differ in ") + key);
      }
    }
    for (json& tree : model.at("trees")) {
      tree["id"] = trees->size();
      trees->push_back(std::move(tree));
    }
    for (const json& group : model.at("tree_info")) tree_info->push_back(group);
  }
  merged["learner"]["gradient_booster"]["model"]["gbtree_model_param"]["num_trees"] =
      std::to_string(trees->size());
  return merged.dump();
}

std::string version() {
  int major = 0, minor = 0, patch = 0;
  XGBoostVersion(&major, &minor, &patch);
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

}  // namespace exodetect::ml::xgb
