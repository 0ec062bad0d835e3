// The native tree evaluator must reproduce XGBoost's own predict and pred_contribs (exact
// TreeSHAP) on every KOI row, for the shipped model, its embedded candidate model, and boosters
// trained here with other shapes (multiclass, deeper trees with repeated features).
#include "exodetect/ml/tree_predictor.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "../../src/ml/bundle.hpp"
#include "../../src/ml/xgb.hpp"
#include "exodetect/catalog/catalog.hpp"
#include "exodetect/common/file_io.hpp"
#include "exodetect/ml/features.hpp"
#include "exodetect/ml/model.hpp"
#include "exodetect/ml/scoring.hpp"

namespace exodetect::ml {
namespace {

const std::string kModel = std::string(EXODETECT_SOURCE_DIR) + "/ml/models/default.exomodel";
const std::string kKoi =
    std::string(EXODETECT_DATA_DIR) + "/catalogs/koi_cumulative_2025-10-04.csv.gz";

struct KoiRows {
  std::vector<FeatureVector> features;  // all_feature_names() order
  std::vector<int> three_class;         // 0 false positive, 1 candidate, 2 confirmed; -1 none
};

const KoiRows& koi_rows() {
  static const KoiRows rows = [] {
    KoiRows out;
    catalog::Catalog cat = catalog::load_catalog(kKoi);
    for (size_t r = 0; r < cat.size(); ++r) {
      try {
        out.features.push_back(parse_row(catalog::canonical_row_json(cat, r), nullptr));
        out.three_class.push_back(catalog::three_class_label(cat.kind(), cat.disposition(r)));
      } catch (const std::invalid_argument&) {
        // rows without a period cannot be scored by either path
      }
    }
    return out;
  }();
  return rows;
}

// Row-major float matrix of the given features (names from all_feature_names()).
std::vector<float> matrix(const std::vector<std::string>& names) {
  const auto& all = all_feature_names();
  std::vector<size_t> index;
  for (const auto& n : names) {
    auto it = std::find(all.begin(), all.end(), n);
    EXPECT_NE(it, all.end()) << n;
    index.push_back(static_cast<size_t>(it - all.begin()));
  }
  const auto& rows = koi_rows().features;
  std::vector<float> x(rows.size() * names.size());
  for (size_t r = 0; r < rows.size(); ++r) {
    for (size_t f = 0; f < index.size(); ++f)
      x[r * names.size() + f] = static_cast<float>(rows[r][index[f]]);
  }
  return x;
}

void expect_close(const std::vector<float>& native, const std::vector<float>& xgboost,
                  double tolerance, const char* what) {
  ASSERT_EQ(native.size(), xgboost.size()) << what;
  double worst = 0;
  size_t worst_at = 0;
  for (size_t i = 0; i < native.size(); ++i) {
    double err = std::fabs(static_cast<double>(native[i]) - xgboost[i]);
    ASSERT_FALSE(std::isnan(native[i])) << what << " at " << i;
    if (err > worst) worst = err, worst_at = i;
  }
  EXPECT_LE(worst, tolerance) << what << ": worst at " << worst_at << " native " << native[worst_at]
                              << " xgboost " << xgboost[worst_at];
}

// Native vs XGBoost on every KOI row; returns the ensemble for further checks.
void check_against_xgboost(const xgb::Booster& booster, const std::vector<std::string>& features,
                           size_t groups) {
  auto native = TreeEnsemble::from_booster(booster);
  ASSERT_NE(native, nullptr);
  ASSERT_EQ(native->n_features(), features.size());
  ASSERT_EQ(native->n_groups(), groups);
  std::vector<float> x = matrix(features);
  const size_t n = koi_rows().features.size();
  ASSERT_GT(n, 9000u);
  xgb::DMatrix d(x.data(), n, features.size(), 0);
  std::vector<float> prob, contrib, explained_prob, explained_contrib;
  native->predict(x.data(), n, prob);
  native->contributions(x.data(), n, contrib);
  expect_close(prob, booster.predict(d), 1e-5, "probabilities");
  expect_close(contrib, booster.contributions(d), 1e-5, "TreeSHAP contributions");
  // The API's path: probabilities from the contributions' sums, in the same call.
  native->contributions(x.data(), n, explained_contrib, &explained_prob);
  expect_close(explained_prob, prob, 1e-5, "probabilities from contributions");
  EXPECT_EQ(explained_contrib, contrib);
  // Contributions add up to the margin (local accuracy), here checked on the native side alone.
  if (groups == 1) {
    for (size_t r = 0; r < n; r += 97) {
      double margin = 0;
      for (size_t f = 0; f <= features.size(); ++f)
        margin += contrib[r * (features.size() + 1) + f];
      EXPECT_NEAR(1.0 / (1.0 + std::exp(-margin)), prob[r], 1e-5) << "row " << r;
    }
  }
}

std::vector<std::string> strings(const nlohmann::json& array) {
  return array.get<std::vector<std::string>>();
}

TEST(TreePredictor, MatchesXgboostOnEveryKoiRowForTheShippedModel) {
  Bundle bundle = decode_bundle(read_file_bytes(kModel));
  xgb::Booster booster;
  booster.load(bundle.booster);
  check_against_xgboost(booster, strings(bundle.card["features"]),
                        bundle.card["labels"].size() > 2 ? bundle.card["labels"].size() : 1);
  if (!bundle.candidate.empty()) {
    Bundle candidate = decode_bundle(bundle.candidate);
    xgb::Booster cb;
    cb.load(candidate.booster);
    check_against_xgboost(cb, strings(candidate.card["features"]), 1);
  }
}

// Trains a booster on KOI rows with the given parameters and labels.
void train(xgb::Booster& booster, const std::vector<std::string>& features,
           const std::vector<float>& labels,
           const std::vector<std::pair<std::string, std::string>>& params, int rounds) {
  std::vector<float> x = matrix(features);
  // Unlabelled rows are left out of training but still scored in the comparison.
  std::vector<float> xt, yt;
  for (size_t r = 0; r < labels.size(); ++r) {
    if (labels[r] < 0) continue;
    xt.insert(xt.end(), x.begin() + r * features.size(), x.begin() + (r + 1) * features.size());
    yt.push_back(labels[r]);
  }
  xgb::DMatrix d(xt.data(), yt.size(), features.size(), 0);
  d.set_labels(yt);
  xgb::Booster trained({&d});
  for (const auto& [k, v] : params) trained.set_param(k, v);
  for (int i = 0; i < rounds; ++i) trained.update(i, d);
  booster.load(trained.save_ubj());
}

TEST(TreePredictor, MatchesXgboostForAThreeClassModel) {
  const auto& features = all_feature_names();
  std::vector<float> labels;
  for (int c : koi_rows().three_class) labels.push_back(static_cast<float>(c));
  xgb::Booster booster;
  train(booster, features, labels,
        {{"objective", "multi:softprob"},
         {"num_class", "3"},
         {"max_depth", "4"},
         {"eta", "0.1"},
         {"colsample_bytree", "0.5"},
         {"subsample", "0.8"},
         {"seed", "7"}},
        40);
  check_against_xgboost(booster, features, 3);
  // JSON text and UBJSON describe the same ensemble (text rounds the last digit of some floats).
  auto from_text = TreeEnsemble::from_xgboost_json(booster.save_json());
  auto from_binary = TreeEnsemble::from_xgboost_ubjson(booster.save_ubj());
  ASSERT_NE(from_text, nullptr);
  ASSERT_NE(from_binary, nullptr);
  std::vector<float> x = matrix(features), text_contrib, binary_contrib;
  from_text->contributions(x.data(), 200, text_contrib);
  from_binary->contributions(x.data(), 200, binary_contrib);
  expect_close(binary_contrib, text_contrib, 1e-5, "UBJSON against JSON text");
}

TEST(TreePredictor, MatchesXgboostForDeepTreesThatRepeatFeatures) {
  // Few features and deep trees: paths split on the same feature several times, and rows with
  // missing values take default directions.
  std::vector<std::string> features = {"period_days", "depth_ppm", "duration_hours", "impact"};
  std::vector<float> labels;
  for (int c : koi_rows().three_class) labels.push_back(c < 0 ? -1.0f : (c == 0 ? 0.0f : 1.0f));
  xgb::Booster booster;
  train(booster, features, labels,
        {{"objective", "binary:logistic"}, {"max_depth", "8"}, {"eta", "0.3"}, {"seed", "3"}}, 30);
  check_against_xgboost(booster, features, 1);
}

TEST(TreePredictor, AveragedBoostersAreTheMeanOfTheirMembers) {
  // A bagged model is its members' trees with leaves scaled by 1/K: its margin and its TreeSHAP
  // values are the members' means, for XGBoost's predictor and the native one alike.
  const std::vector<std::string> features = {
      "period_days", "duration_hours",           "depth_ppm",           "impact",
      "snr",         "stellar_teff_k",           "planet_radius_earth", "duration_ratio",
      "grazing",     "sibling_log_period_ratio", "sibling_depth_ratio", "ephemeris_match_count",
      "t0_err_days"};
  const size_t nf = features.size();
  for (size_t classes : {size_t{1}, size_t{3}}) {
    std::vector<float> labels;
    for (int c : koi_rows().three_class) {
      labels.push_back(classes == 1 ? (c < 0    ? -1.0f
                                       : c == 0 ? 0.0f
                                                : 1.0f)
                                    : static_cast<float>(c));
    }
    std::vector<std::pair<std::string, std::string>> params = {
        {"max_depth", "4"}, {"eta", "0.2"}, {"subsample", "0.7"}, {"colsample_bytree", "0.5"}};
    if (classes == 1) {
      params.push_back({"objective", "binary:logistic"});
    } else {
      params.push_back({"objective", "multi:softprob"});
      params.push_back({"num_class", "3"});
    }
    std::vector<std::string> members;
    std::vector<std::vector<float>> member_contrib;
    // Every 7th KOI row keeps the test quick.
    std::vector<float> all = matrix(features), x;
    for (size_t r = 0; r * nf < all.size(); r += 7) {
      x.insert(x.end(), all.begin() + r * nf, all.begin() + (r + 1) * nf);
    }
    const size_t n = x.size() / nf;
    xgb::DMatrix d(x.data(), n, nf, 0);
    for (int seed : {1, 2, 3}) {
      auto p = params;
      p.push_back({"seed", std::to_string(seed)});
      xgb::Booster member;
      train(member, features, labels, p, 10 + 5 * seed);  // members of different lengths
      members.push_back(member.save_json());
      member_contrib.push_back(member.contributions(d));
    }
    xgb::Booster averaged;
    averaged.load(xgb::average_json(members));
    std::vector<float> mean(member_contrib[0].size());
    for (size_t i = 0; i < mean.size(); ++i) {
      mean[i] = (member_contrib[0][i] + member_contrib[1][i] + member_contrib[2][i]) / 3.0f;
    }
    expect_close(averaged.contributions(d), mean, 1e-5, "averaged TreeSHAP");
    // Probabilities from the mean margin (a contribution row sums to the margin).
    std::vector<float> prob = averaged.predict(d);
    for (size_t r = 0; r < n; r += 13) {
      std::vector<double> margin(classes, 0.0);
      for (size_t c = 0; c < classes; ++c) {
        for (size_t f = 0; f <= nf; ++f) margin[c] += mean[(r * classes + c) * (nf + 1) + f];
      }
      if (classes == 1) {
        EXPECT_NEAR(prob[r], 1.0 / (1.0 + std::exp(-margin[0])), 1e-5) << "row " << r;
      } else {
        double z = std::exp(margin[0]) + std::exp(margin[1]) + std::exp(margin[2]);
        for (size_t c = 0; c < classes; ++c) {
          EXPECT_NEAR(prob[r * classes + c], std::exp(margin[c]) / z, 1e-5) << "row " << r;
        }
      }
    }
    // The native predictor reads the averaged trees like any others (every KOI row).
    if (classes == 1) check_against_xgboost(averaged, features, classes);
  }
  // Members must describe the same model shape.
  xgb::Booster other;
  train(other, {"period_days", "depth_ppm"}, std::vector<float>(koi_rows().features.size(), 1.0f),
        {{"objective", "binary:logistic"}, {"max_depth", "2"}}, 2);
  xgb::Booster binary;
  train(binary, features, std::vector<float>(koi_rows().features.size(), 0.0f),
        {{"objective", "binary:logistic"}, {"max_depth", "2"}}, 2);
  EXPECT_THROW(xgb::average_json({binary.save_json(), other.save_json()}), std::invalid_argument);
}

// A few depth-3 trees on two features, labelled by period > 10 days.
void train_small(xgb::Booster& booster, const std::string& objective) {
  std::vector<float> labels;
  for (const auto& row : koi_rows().features) labels.push_back(static_cast<float>(row[0] > 10));
  train(booster, {"period_days", "depth_ppm"}, labels,
        {{"objective", objective}, {"max_depth", "3"}}, 5);
}

TEST(TreePredictor, DeclinesWhatItCannotReproduce) {
  xgb::Booster booster;
  train_small(booster, "reg:squarederror");
  EXPECT_EQ(TreeEnsemble::from_booster(booster), nullptr);
  EXPECT_THROW(TreeEnsemble::from_xgboost_json("{not json"), std::invalid_argument);
  EXPECT_THROW(TreeEnsemble::from_xgboost_json(R"({"learner": {}})"), std::invalid_argument);
  EXPECT_THROW(TreeEnsemble::from_xgboost_ubjson("{not ubjson"), std::invalid_argument);
}

nlohmann::json& first_tree(nlohmann::json& model) {
  return model["learner"]["gradient_booster"]["model"]["trees"][0];
}

// A small binary model's JSON, checked to load natively with a split at its first root.
nlohmann::json small_logistic_model() {
  xgb::Booster booster;
  train_small(booster, "binary:logistic");
  nlohmann::json model = nlohmann::json::parse(booster.save_json());
  EXPECT_NE(TreeEnsemble::from_xgboost_json(model.dump()), nullptr);
  EXPECT_NE(first_tree(model)["left_children"][0], -1);
  return model;
}

TEST(TreePredictor, DeclinesInfiniteThresholds) {
  // Missing values are sent to their side as infinities, which an infinite threshold would
  // catch on the wrong side.
  nlohmann::json model = small_logistic_model();
  first_tree(model)["split_conditions"][0] = "-inf";
  EXPECT_EQ(TreeEnsemble::from_xgboost_json(model.dump()), nullptr);
}

TEST(TreePredictor, RejectsTreesThatShareNodes) {
  nlohmann::json model = small_logistic_model();
  // The root's two children made the same node: a graph whose walks would double per level.
  auto& tree = first_tree(model);
  tree["right_children"][0] = tree["left_children"][0];
  EXPECT_THROW(TreeEnsemble::from_xgboost_json(model.dump()), std::invalid_argument);
}

TEST(TreePredictor, ModelExplanationsAreXgboostTreeShap) {
  // End to end through Model::predict_rows (the API's path): the explained contributions are
  // XGBoost's pred_contribs for that row.
  auto model = Model::load(kModel);
  Bundle bundle = decode_bundle(read_file_bytes(kModel));
  xgb::Booster booster;
  booster.load(bundle.booster);
  const auto features = strings(bundle.card["features"]);
  catalog::Catalog cat = catalog::load_catalog(kKoi);
  for (size_t r : {0, 1, 17, 500, 4000}) {
    nlohmann::json row = catalog::canonical_row_json(cat, r);
    nlohmann::json out = model->predict_rows(nlohmann::json::array({row}), 64);
    ASSERT_EQ(out["predictions"].size(), 1u);
    const auto& p = out["predictions"][0];
    FeatureVector fv = parse_row(row, nullptr);
    const auto& all = all_feature_names();
    std::vector<float> x;
    for (const auto& f : features)
      x.push_back(static_cast<float>(fv[std::find(all.begin(), all.end(), f) - all.begin()]));
    xgb::DMatrix d(x.data(), 1, x.size(), 1);
    std::vector<float> prob = booster.predict(d), contrib = booster.contributions(d);
    EXPECT_NEAR(p["planet_probability"].get<double>(), prob[0], 1e-5);
    ASSERT_EQ(p["explanation"].size(), features.size());
    for (const auto& e : p["explanation"]) {
      size_t f = std::find(features.begin(), features.end(), e["feature"].get<std::string>()) -
                 features.begin();
      ASSERT_LT(f, features.size());
      EXPECT_NEAR(e["contribution"].get<double>(), contrib[f], 1e-5) << e.dump();
    }
  }
}

}  // namespace
}  // namespace exodetect::ml
