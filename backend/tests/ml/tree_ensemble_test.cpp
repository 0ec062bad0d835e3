// A model scores small requests (at most 64 rows) with its native tree evaluator and larger ones
// with XGBoost's predictor. Both must give the same probabilities and the same exact TreeSHAP
// explanations on every KOI row: for the shipped model, its embedded candidate model, and models
// trained here with other shapes (three classes; deep trees that repeat features, averaged over
// bags).
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "exodetect/catalog/catalog.hpp"
#include "exodetect/common/file_io.hpp"
#include "exodetect/ml/features.hpp"
#include "exodetect/ml/model.hpp"
#include "exodetect/ml/scoring.hpp"

namespace exodetect::ml {

using common::maybe_gunzip;
using common::read_file_bytes;

namespace {

const std::string kModel = std::string(EXODETECT_SOURCE_DIR) + "/ml/models/default.exomodel";
const std::string kKoi =
    std::string(EXODETECT_DATA_DIR) + "/catalogs/koi_cumulative_2025-10-04.csv.gz";
constexpr size_t kSmallRequestRows = 64;  // the most rows the native evaluator takes at once

const std::vector<FeatureVector>& koi_rows() {
  static const std::vector<FeatureVector> rows = [] {
    std::vector<FeatureVector> out;
    catalog::Catalog cat = catalog::load_catalog(kKoi);
    for (size_t r = 0; r < cat.size(); ++r) {
      try {
        out.push_back(parse_row(catalog::canonical_row_json(cat, r), nullptr));
      } catch (const std::invalid_argument&) {
        // rows without a period cannot be scored by either path
      }
    }
    return out;
  }();
  return rows;
}

// A prediction's contributions by feature name, with the bias under "".
std::map<std::string, double> contributions(const nlohmann::json& prediction) {
  std::map<std::string, double> out;
  for (const auto& e : prediction["explanation"]) out[e["feature"]] = e["contribution"];
  out[""] = prediction["base_value"];
  return out;
}

// XGBoost (one call over every KOI row) against the native evaluator (small calls).
void check_paths_agree(const Model& model) {
  const auto& rows = koi_rows();
  ASSERT_GT(rows.size(), 9000u);
  const size_t nf = model.card()["features"].size();
  const size_t k = model.labels().size();
  const nlohmann::json batch = model.explain(rows, nf);
  const std::vector<float> batch_prob = model.probabilities(rows);
  ASSERT_EQ(batch.size(), rows.size());
  ASSERT_EQ(batch_prob.size(), rows.size() * (k > 2 ? k : 1));
  double worst_prob = 0, worst_contrib = 0;
  for (size_t begin = 0; begin < rows.size(); begin += kSmallRequestRows) {
    const std::vector<FeatureVector> chunk(
        rows.begin() + begin, rows.begin() + std::min(rows.size(), begin + kSmallRequestRows));
    const nlohmann::json small = model.explain(chunk, nf);
    const std::vector<float> small_prob = model.probabilities(chunk);
    for (size_t i = 0; i < chunk.size(); ++i) {
      const auto& native = small[i];
      const auto& xgboost = batch[begin + i];
      ASSERT_EQ(native["label"], xgboost["label"]) << "row " << begin + i;
      const double p = native["planet_probability"];
      worst_prob = std::max(worst_prob, std::fabs(p - xgboost["planet_probability"].get<double>()));
      const size_t width = k > 2 ? k : 1;
      for (size_t c = 0; c < width; ++c) {
        worst_prob = std::max(worst_prob, std::fabs(static_cast<double>(small_prob[i * width + c]) -
                                                    batch_prob[(begin + i) * width + c]));
      }
      const auto a = contributions(native), b = contributions(xgboost);
      ASSERT_EQ(a.size(), nf + 1);
      ASSERT_EQ(b.size(), nf + 1);
      double margin = 0;
      for (const auto& [feature, value] : a) {
        ASSERT_TRUE(std::isfinite(value)) << feature;
        worst_contrib = std::max(worst_contrib, std::fabs(value - b.at(feature)));
        margin += value;
      }
      // Local accuracy: a binary model's contributions add up to its margin.
      if (k == 2) {
        EXPECT_NEAR(1.0 / (1.0 + std::exp(-margin)), p, 1e-5) << "row " << begin + i;
      }
    }
  }
  EXPECT_LE(worst_prob, 1e-5);
  EXPECT_LE(worst_contrib, 1e-5);
}

TEST(TreeEnsemble, MatchesXgboostOnEveryKoiRowForTheShippedModel) {
  auto model = Model::load(kModel);
  check_paths_agree(*model);
  if (&model->candidate_model() != model.get()) check_paths_agree(model->candidate_model());
}

// Trains on every third KOI row (all rows are scored in the comparison).
std::shared_ptr<const Model> train(const TrainOptions& options, const std::string& name) {
  std::istringstream in(maybe_gunzip(read_file_bytes(kKoi)));
  std::string catalog, line;
  bool header = false;
  for (size_t data_row = 0; std::getline(in, line);) {
    if (!header || line.empty() || line[0] == '#') {
      header = header || (!line.empty() && line[0] != '#');
      catalog += line + "\n";
    } else if (data_row++ % 3 == 0) {
      catalog += line + "\n";
    }
  }
  const auto path = std::filesystem::temp_directory_path() /
                    ("exodetect_tree_ensemble_" + name + "_" + std::to_string(::getpid()));
  train_model(catalog, options, path.string());
  auto model = Model::load(path.string());
  std::filesystem::remove(path);
  return model;
}

TEST(TreeEnsemble, MatchesXgboostForAThreeClassModel) {
  TrainOptions options;
  options.task = "multiclass";
  options.folds = 2;
  options.n_trees = 40;
  options.max_depth = 4;
  options.bags = 1;
  options.candidate_model = false;
  options.seed = 7;
  auto model = train(options, "three_class");
  ASSERT_EQ(model->labels().size(), 3u);
  check_paths_agree(*model);
}

TEST(TreeEnsemble, MatchesXgboostForDeepAveragedTreesThatRepeatFeatures) {
  // Few features and deep trees: paths split on the same feature several times, and rows with
  // missing values take default directions. Two bags: the model is their average.
  TrainOptions options;
  options.features = {"period_days", "depth_ppm", "duration_hours", "impact"};
  options.folds = 2;
  options.n_trees = 30;
  options.max_depth = 8;
  options.learning_rate = 0.3;
  options.bags = 2;
  options.seed = 3;
  auto model = train(options, "deep");
  ASSERT_EQ(model->card()["features"].size(), 4u);
  check_paths_agree(*model);
}

}  // namespace
}  // namespace exodetect::ml
