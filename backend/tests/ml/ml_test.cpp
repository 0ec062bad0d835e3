#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>

#include "exodetect/catalog/catalog.hpp"
#include "exodetect/catalog/features.hpp"
#include "exodetect/common/file_io.hpp"
#include "exodetect/ml/evaluation.hpp"
#include "exodetect/ml/features.hpp"
#include "exodetect/ml/model.hpp"
#include "exodetect/ml/scoring.hpp"
#include "ml_fixture.hpp"

namespace exodetect::ml {

using common::is_gzip;
using common::read_file_bytes;

namespace {

using namespace test_data;  // NOLINT: the shared data and model

std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + "/exodetect_ml_" + name;
}

void write(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary).write(bytes.data(), bytes.size());
}

template <typename F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

// A quick configuration: few shallow trees, so CI stays fast on two cores.
TrainOptions quick() {
  TrainOptions o;
  o.catalog = "koi";
  o.folds = 3;
  o.n_trees = 25;
  o.max_depth = 3;
  o.learning_rate = 0.3;
  o.threads = 2;
  o.early_stopping_rounds = 10;
  o.bags = 2;
  o.candidate_model = false;
  return o;
}

TEST(Folds, GroupedStratifiedNeverSplitsAStar) {
  catalog::Catalog cat = catalog::load_catalog(kKoiPath);
  Dataset d = make_dataset(cat, "binary");
  std::vector<int> fold = grouped_stratified_folds(d.y, d.groups, 5, 42);
  std::map<std::string, int> fold_of_group;
  std::vector<double> pos(5, 0), count(5, 0);
  for (size_t i = 0; i < d.rows(); ++i) {
    auto [it, added] = fold_of_group.emplace(d.groups[i], fold[i]);
    ASSERT_EQ(it->second, fold[i]) << "star " << d.groups[i] << " is on both sides";
    pos[fold[i]] += d.y[i];
    count[fold[i]] += 1;
  }
  double overall = 0;
  for (int y : d.y) overall += y;
  overall /= d.rows();
  for (int f = 0; f < 5; ++f) {
    EXPECT_NEAR(count[f], d.rows() / 5.0, d.rows() * 0.02) << f;
    EXPECT_NEAR(pos[f] / count[f], overall, 0.02) << f;
  }
  EXPECT_EQ(fold, grouped_stratified_folds(d.y, d.groups, 5, 42));
  EXPECT_NE(fold, grouped_stratified_folds(d.y, d.groups, 5, 7));
  EXPECT_THROW(grouped_stratified_folds({0, 1}, {"a", "a"}, 2, 1), std::invalid_argument);
}

TEST(Metrics, RocAndPr) {
  std::vector<int> y = {0, 0, 1, 1};
  EXPECT_DOUBLE_EQ(roc_auc(y, {0.1, 0.2, 0.8, 0.9}), 1.0);
  EXPECT_DOUBLE_EQ(roc_auc(y, {0.9, 0.8, 0.2, 0.1}), 0.0);
  EXPECT_DOUBLE_EQ(roc_auc(y, {0.5, 0.5, 0.5, 0.5}), 0.5);
  EXPECT_DOUBLE_EQ(roc_auc(y, {0.1, 0.4, 0.35, 0.8}), 0.75);
  EXPECT_DOUBLE_EQ(pr_auc(y, {0.1, 0.2, 0.8, 0.9}), 1.0);
  EXPECT_TRUE(std::isnan(roc_auc({1, 1}, {0.1, 0.2})));
  auto m = classification_metrics(y, {0.1, 0.6, 0.8, 0.4}, 1, {"false_positive", "planet"});
  EXPECT_DOUBLE_EQ(m["accuracy"].get<double>(), 0.5);
  EXPECT_EQ(m["confusion_matrix"], nlohmann::json({{1, 1}, {1, 1}}));
  EXPECT_DOUBLE_EQ(m["f1"]["planet"].get<double>(), 0.5);
}

TEST(Features, DerivedPhysics) {
  // A Sun-like star (logg 4.438, 1 R_sun), 365.25 d orbit: a/R ~ 215, central duration ~ 13 h.
  std::vector<double> base(catalog::base_feature_names().size(), NAN);
  auto set = [&](const std::string& n, double v) {
    const auto& names = catalog::base_feature_names();
    base[std::find(names.begin(), names.end(), n) - names.begin()] = v;
  };
  set("period_days", 365.25);
  set("duration_hours", 13.0);
  set("depth_ppm", 84.0);
  set("stellar_logg", 4.438);
  set("stellar_radius_sun", 1.0);
  std::vector<double> x = expand_features(base);
  auto get = [&](const std::string& n) {
    const auto& names = all_feature_names();
    return x[std::find(names.begin(), names.end(), n) - names.begin()];
  };
  EXPECT_NEAR(get("stellar_density_solar"), 1.0, 0.02);
  EXPECT_NEAR(get("a_over_rstar"), 215, 3);
  EXPECT_NEAR(get("duration_ratio"), 1.0, 0.03);
  EXPECT_NEAR(get("radius_from_depth_earth"), 1.0, 0.01);
  EXPECT_TRUE(std::isnan(get("grazing")));  // impact unknown stays missing
}

TEST(Features, TableContextReachesTheDataset) {
  // Stars 1 and 2 sit 10 arcsec apart; star 3 is far away. Positions only, never labels.
  catalog::Catalog c = catalog::parse_catalog(
      "kepid,kepoi_name,koi_disposition,koi_period,ra,dec,koi_kepmag\n"
      "1,K1.01,FALSE POSITIVE,10.0,290.0,45.0,14.0\n"
      "2,K2.01,CONFIRMED,3.0,290.0,45.0027777778,12.5\n"
      "3,K3.01,CONFIRMED,5.0,290.0,45.5,15.0\n"
      "3,K3.02,CONFIRMED,15.3,290.0,45.5,15.0\n");
  Dataset d = make_dataset(c, "binary");
  ASSERT_EQ(d.rows(), 4u);
  auto value = [&](size_t row, const std::string& name) {
    size_t f =
        std::find(d.feature_names.begin(), d.feature_names.end(), name) - d.feature_names.begin();
    return d.x[row * d.feature_names.size() + f];
  };
  EXPECT_NEAR(value(0, "neighbour_distance_arcsec"), 10.0, 1e-2);
  EXPECT_NEAR(value(0, "neighbour_delta_mag"), -1.5, 1e-5);
  EXPECT_EQ(value(0, "neighbours_within_arcmin"), 1.0f);
  EXPECT_EQ(value(2, "neighbours_within_arcmin"), 0.0f);
  // Star 3's two signals see each other: period ratio 3.06, 2% from 3:1.
  EXPECT_NEAR(value(2, "sibling_log_period_ratio"), std::log(3.06), 1e-6);
  EXPECT_NEAR(value(3, "sibling_resonance_offset"), 0.02, 1e-6);
  EXPECT_EQ(value(3, "sibling_same_period_count"), 0.0f);
  EXPECT_TRUE(std::isnan(value(0, "sibling_log_period_ratio")));
  // A lone row scored from canonical columns has no table around it: missing, not zero.
  FeatureVector lone = parse_row({{"period_days", 5.0}}, nullptr);
  const auto& names = all_feature_names();
  EXPECT_TRUE(std::isnan(
      lone[std::find(names.begin(), names.end(), "neighbour_distance_arcsec") - names.begin()]));
  EXPECT_TRUE(std::isnan(
      lone[std::find(names.begin(), names.end(), "sibling_depth_ratio") - names.begin()]));
}

TEST(Train, RefusesLeakedColumns) {
  for (const char* leak :
       {"koi_score", "koi_fpflag_ss", "koi_pdisposition", "kepler_name", "koi_tce_delivname"}) {
    TrainOptions o = quick();
    o.features = {"period_days", leak};
    std::string msg = error_of([&] { train_model(koi_bytes(), o, ""); });
    EXPECT_NE(msg.find("leaks"), std::string::npos) << leak << ": " << msg;
  }
  TrainOptions o = quick();
  o.features = {"no_such_feature"};
  EXPECT_NE(error_of([&] { train_model(koi_bytes(), o, ""); }).find("unknown feature"),
            std::string::npos);
  o = quick();
  o.task = "ternary";
  EXPECT_THROW(train_model(koi_bytes(), o, ""), std::invalid_argument);
  o = quick();
  o.bags = 8;  // more than the seven inner folds
  EXPECT_NE(error_of([&] { train_model(koi_bytes(), o, ""); }).find("bags"), std::string::npos);
}

TEST(Train, DeterministicForASeedAndSavesAWorkingBundle) {
  std::string path = temp_path("quick.exomodel");
  auto a = train_model(koi_bytes(), quick(), path);
  auto b = train_model(koi_bytes(), quick(), "");
  EXPECT_EQ(a["id"], b["id"]);
  EXPECT_EQ(a["metrics"]["roc_auc"], b["metrics"]["roc_auc"]);
  EXPECT_EQ(a["metrics"]["confusion_matrix"], b["metrics"]["confusion_matrix"]);
  EXPECT_GT(a["metrics"]["roc_auc"].get<double>(), 0.95);  // even a tiny honest model is good
  for (const char* key :
       {"pr_auc", "accuracy", "f1", "roc_curve", "pr_curve", "calibration", "feature_importance"}) {
    EXPECT_TRUE(a["metrics"].contains(key)) << key;
  }
  for (const auto& f : a["features"]) {
    EXPECT_FALSE(catalog::is_leaky_column(f.get<std::string>()));
  }
  // Saved gzipped (bagged models compress to about 30%); loading inflates it.
  std::ifstream saved(path, std::ios::binary);
  std::string head(2, '\0');
  saved.read(head.data(), 2);
  EXPECT_TRUE(is_gzip(head));
  auto model = Model::load(path);
  EXPECT_EQ(model->id(), a["id"]);
  EXPECT_EQ(model->card()["data_hash"], a["data_hash"]);
  TrainOptions other = quick();
  other.seed = 7;
  EXPECT_NE(train_model(koi_bytes(), other, "")["id"], a["id"]);
  std::remove(path.c_str());
}

TEST(Train, MulticlassAndTwoMissions) {
  TrainOptions o = quick();
  o.task = "multiclass";
  o.n_trees = 10;
  auto card = train_model(koi_bytes(), o, temp_path("multi.exomodel"));
  EXPECT_EQ(card["labels"].size(), 3u);
  EXPECT_EQ(card["metrics"]["confusion_matrix"].size(), 3u);
  auto model = Model::load(temp_path("multi.exomodel"));
  nlohmann::json rows = {{{"koi_period", 9.488}, {"koi_depth", 615.8}, {"koi_duration", 2.96}}};
  auto p = model->predict_rows(rows)["predictions"][0];
  double sum = 0;
  for (const auto& [k, v] : p["probabilities"].items()) sum += v.get<double>();
  EXPECT_NEAR(sum, 1.0, 1e-5);
  std::remove(temp_path("multi.exomodel").c_str());

  o = quick();
  o.catalog = "auto";
  o.n_trees = 10;
  o.extra_catalog_bytes = {read_file_bytes(kToiPath)};
  card = train_model(koi_bytes(), o, "");
  ASSERT_TRUE(card["metrics"].contains("per_catalog"));
  EXPECT_TRUE(card["metrics"]["per_catalog"].contains("toi"));
  EXPECT_GT(card["metrics"]["per_catalog"]["koi"]["roc_auc"].get<double>(), 0.9);
}

TEST(ShippedModel, LoadsAndScoresKnownObjects) {
  auto model = shipped();
  const auto& card = model->card();
  EXPECT_EQ(card["task"], "binary");
  // Grouped 5-fold CV of the shipped model (no leaked columns): the issue's target is 0.99
  // (python3-xgboost on the raw honest columns: 0.985 on the same folds).
  EXPECT_GE(card["metrics"]["roc_auc"].get<double>(), 0.99);
  EXPECT_EQ(card["hyperparameters"]["bags"], TrainOptions().bags);
  nlohmann::json rows = rows_from_csv_bytes(koi_bytes());
  nlohmann::json pick = nlohmann::json::array();
  for (const auto& r : rows) {
    if (r["id"] == "K00752.01" || r["id"] == "K01003.01") pick.push_back(r);
  }
  ASSERT_EQ(pick.size(), 2u);
  auto out = model->predict_rows(pick, 6);
  ASSERT_EQ(out["predictions"].size(), 2u);
  for (const auto& p : out["predictions"]) {
    double prob = p["planet_probability"];
    if (p["id"] == "K00752.01") {
      EXPECT_GT(prob, 0.9) << "Kepler-227 b";
      EXPECT_EQ(p["label"], "planet");
    } else {
      EXPECT_LT(prob, 0.1) << "K01003.01, an eclipsing binary";
      EXPECT_EQ(p["label"], "false_positive");
    }
    ASSERT_EQ(p["explanation"].size(), 6u);
    // TreeSHAP is exact: contributions + bias give the log-odds of the prediction (up to the
    // features left out of the top six, so check with all of them instead).
    auto full = model->predict_rows(nlohmann::json::array({pick[p["row"].get<size_t>()]}), 1000);
    double logit = full["predictions"][0]["base_value"].get<double>();
    for (const auto& e : full["predictions"][0]["explanation"])
      logit += e["contribution"].get<double>();
    EXPECT_NEAR(1 / (1 + std::exp(-logit)), prob, 1e-4);
  }
}

TEST(ShippedModel, MulticlassModelCarriesThreeClassMetrics) {
  auto model = Model::load(kMulticlassModel);
  const auto& card = model->card();
  EXPECT_EQ(card["task"], "multiclass");
  EXPECT_EQ(card["labels"], nlohmann::json({"false_positive", "candidate", "confirmed"}));
  // Grouped 5-fold CV accuracy over confirmed / candidate / false positive; the issue's target
  // is 0.80.
  EXPECT_GE(card["metrics"]["accuracy"].get<double>(), 0.80);
  EXPECT_EQ(card["metrics"]["confusion_matrix"].size(), 3u);
  EXPECT_EQ(card["hyperparameters"]["seed"], 42);
  EXPECT_EQ(card["data_hash"], shipped()->card()["data_hash"]);
  EXPECT_TRUE(card.contains("candidate_model"));
  nlohmann::json pick = nlohmann::json::array();
  for (const auto& r : rows_from_csv_bytes(koi_bytes())) {
    if (r["id"] == "K00752.01" || r["id"] == "K01003.01") pick.push_back(r);
  }
  ASSERT_EQ(pick.size(), 2u);
  for (const auto& p : model->predict_rows(pick, 3)["predictions"]) {
    if (p["id"] == "K00752.01") {
      EXPECT_EQ(p["label"], "confirmed") << "Kepler-227 b";
    } else {
      EXPECT_EQ(p["label"], "false_positive") << "K01003.01, an eclipsing binary";
    }
  }
}

TEST(ShippedModel, ConcurrentPredictionsMatchSerial) {
  // The API scores requests from many threads on one shared Model.
  auto model = shipped();
  nlohmann::json rows = rows_from_csv_bytes(koi_bytes());
  constexpr size_t kRows = 200;
  std::vector<nlohmann::json> serial(kRows);
  for (size_t i = 0; i < kRows; ++i) {
    serial[i] = model->predict_rows(nlohmann::json::array({rows[i * 37]}), 5);
  }
  // A large batch in between uses the all-cores booster alongside the single-row ones.
  nlohmann::json batch = nlohmann::json::array();
  for (size_t i = 0; i < kRows; ++i) batch.push_back(rows[i * 37]);
  nlohmann::json batch_serial = model->predict_rows(batch, 5);
  std::vector<nlohmann::json> parallel(kRows);
  nlohmann::json batch_parallel;
  std::vector<std::thread> threads;
  for (size_t t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      if (t == 0) batch_parallel = model->predict_rows(batch, 5);
      for (size_t i = t; i < kRows; i += 8) {
        parallel[i] = model->predict_rows(nlohmann::json::array({rows[i * 37]}), 5);
      }
    });
  }
  for (auto& th : threads) th.join();
  for (size_t i = 0; i < kRows; ++i) EXPECT_EQ(parallel[i], serial[i]) << "row " << i * 37;
  EXPECT_EQ(batch_parallel, batch_serial);
  // One row alone and the same row inside a batch agree (different thread counts).
  EXPECT_NEAR(batch_serial["predictions"][3]["planet_probability"].get<double>(),
              serial[3]["predictions"][0]["planet_probability"].get<double>(), 1e-6);
}

TEST(ShippedModel, DataHashMatchesTheRepoData) {
  // The default model was trained from the catalogue in the repo with the recorded settings.
  auto card = shipped()->card();
  TrainOptions o;
  EXPECT_EQ(card["hyperparameters"]["seed"], 42);
  EXPECT_EQ(card["hyperparameters"]["trees_max"], o.n_trees);
  auto quick_card = train_model(koi_bytes(), quick(), "");
  EXPECT_EQ(card["data_hash"], quick_card["data_hash"]);
  if (std::getenv("EXODETECT_FULL_RETRAIN") == nullptr) {
    GTEST_SKIP() << "full retrain of the default model: set EXODETECT_FULL_RETRAIN=1 (~5 min)";
  }
  TrainOptions def;
  def.catalog = "koi";
  def.seed = 42;
  auto retrained = train_model(koi_bytes(), def, "");
  EXPECT_EQ(retrained["id"], card["id"]);
  EXPECT_EQ(retrained["metrics"]["roc_auc"], card["metrics"]["roc_auc"]);
  // `make model` trains the three-class model the same way, with three bags (MULTICLASS_BAGS).
  def.task = "multiclass";
  def.bags = 3;
  auto multiclass = Model::load(kMulticlassModel);
  retrained = train_model(koi_bytes(), def, "");
  EXPECT_EQ(retrained["id"], multiclass->id());
  EXPECT_EQ(retrained["metrics"]["accuracy"], multiclass->card()["metrics"]["accuracy"]);
}

TEST(Predict, RowsWithProblemsAreRejectedOthersScored) {
  nlohmann::json rows = nlohmann::json::array({
      {{"koi_period", 9.488}, {"koi_depth", 615.8}, {"koi_duration", 2.96}, {"colour", "red"}},
      {{"koi_period", -3.0}, {"koi_depth", 100.0}},
      {{"period_days", 5.0}, {"depth_ppm", "NaN"}},
      {{"period_days", 5.0}, {"depth_ppm", "deep"}},
      {{"depth_ppm", 100.0}},
      {{"pl_orbper", 3.3}, {"pl_trandep", 7000}, {"pl_trandurh", 3.4}, {"toi", "114.01"}},
      "not an object",
  });
  auto out = shipped()->predict_rows(rows);
  ASSERT_EQ(out["predictions"].size(), 2u);
  EXPECT_EQ(out["predictions"][0]["row"], 0);
  EXPECT_EQ(out["predictions"][1]["row"], 5);
  EXPECT_EQ(out["predictions"][1]["id"], "114.01");
  ASSERT_EQ(out["errors"].size(), 5u);
  std::map<int, std::string> errors;
  for (const auto& e : out["errors"]) errors[e["row"]] = e["message"];
  EXPECT_NE(errors[1].find("positive"), std::string::npos) << errors[1];
  EXPECT_NE(errors[2].find("NaN"), std::string::npos) << errors[2];
  EXPECT_NE(errors[3].find("not a number"), std::string::npos) << errors[3];
  EXPECT_NE(errors[4].find("period"), std::string::npos) << errors[4];
  EXPECT_EQ(out["ignored_columns"], nlohmann::json({"colour"}));
  EXPECT_THROW(shipped()->predict_rows(nlohmann::json::object()), std::invalid_argument);
  // Zero is allowed where only a negative value is impossible (impact, uncertainties), not for a
  // period or a depth.
  auto signs = shipped()->predict_rows(nlohmann::json::array({
      {{"period_days", 5.0}, {"depth_ppm", 100.0}, {"impact", -0.2}},
      {{"period_days", 5.0}, {"depth_ppm", 100.0}, {"impact", 0.0}, {"period_err_days", 0.0}},
      {{"period_days", 5.0}, {"depth_ppm", 0.0}},
  }));
  ASSERT_EQ(signs["errors"].size(), 2u);
  EXPECT_EQ(signs["errors"][0]["row"], 0);
  EXPECT_NE(signs["errors"][0]["message"].get<std::string>().find("cannot be negative"),
            std::string::npos);
  EXPECT_EQ(signs["errors"][1]["row"], 2);
  EXPECT_NE(signs["errors"][1]["message"].get<std::string>().find("must be positive"),
            std::string::npos);
  EXPECT_EQ(signs["predictions"].size(), 1u);
}

TEST(Predict, TextNamesTheGivenModelAndKeepsNumbersFloats) {
  nlohmann::json rows = {{{"koi_period", 5.0}, {"koi_depth", 1000.0}, {"koi_duration", 3.0}}};
  const std::string text = shipped()->predict_rows_text(rows, 100, R"({"id":"m","active":true})");
  const auto out = nlohmann::json::parse(text);
  EXPECT_EQ(out["model"], nlohmann::json({{"id", "m"}, {"active", true}}));
  EXPECT_EQ(out, [&] {
    auto same = shipped()->predict_rows(rows, 100);
    same["model"] = out["model"];
    return same;
  }());
  const auto& p = out["predictions"][0];
  EXPECT_TRUE(p["planet_probability"].is_number_float());
  bool whole = false, missing = false;
  for (const auto& e : p["explanation"]) {
    // A whole number is still written as a float ("5.0"); a missing value as null.
    if (e["feature"] == "period_days") whole = e["value"].is_number_float() && e["value"] == 5.0;
    missing |= e["value"].is_null();
    EXPECT_TRUE(e["contribution"].is_number_float()) << e;
  }
  EXPECT_TRUE(whole) << p;
  EXPECT_TRUE(missing) << p;
  EXPECT_EQ(shipped()->predict_rows(rows)["model"], shipped()->id());
}

TEST(Predict, BadCsvUploads) {
  EXPECT_NE(error_of([] { rows_from_csv_bytes(""); }).find("empty"), std::string::npos);
  EXPECT_FALSE(
      error_of([] { rows_from_csv_bytes(std::string("\x7f\x45\x4c\x46\x00\x01", 6)); }).empty());
  EXPECT_NE(error_of([] { rows_from_csv_bytes("depth_ppm,snr\n100,12\n"); }).find("missing column"),
            std::string::npos);
  EXPECT_FALSE(error_of([] { rows_from_csv_bytes("period_days,depth_ppm\n1,2,3\n"); }).empty());
  // Text in a numeric column is a per-row error, not a failed upload.
  auto rows = rows_from_csv_bytes("period_days,depth_ppm,id\n3.5,abc,x\n4.5,1200,y\n");
  auto out = shipped()->predict_rows(rows);
  EXPECT_EQ(out["errors"].size(), 1u);
  EXPECT_EQ(out["predictions"].size(), 1u);
  EXPECT_EQ(out["predictions"][0]["id"], "y");
}

TEST(ModelFile, CorruptFilesAreClearErrors) {
  std::string good = read_file_bytes(kDefaultModel);
  auto expect_error = [](const std::string& bytes, const std::string& needle) {
    std::string path = temp_path("bad.exomodel");
    write(path, bytes);
    std::string msg = error_of([&] { Model::load(path); });
    EXPECT_NE(msg.find(needle), std::string::npos) << "got: " << msg;
    std::remove(path.c_str());
  };
  expect_error(good.substr(0, good.size() / 2), "truncated");
  expect_error(good.substr(0, 10), "truncated");
  expect_error("", "magic");
  expect_error("NOTMODEL" + good.substr(8), "magic");
  std::mt19937 rng(1);
  std::string junk(4096, '\0');
  for (char& c : junk) c = static_cast<char>(rng());
  expect_error(junk, "magic");
  std::string flipped = good;
  flipped[flipped.size() / 2] ^= 0x40;
  expect_error(flipped, "corrupt");
  expect_error(good + "x", "trailing");
  EXPECT_NE(error_of([] { Model::load("/no/such/model.exomodel"); }).find("cannot read"),
            std::string::npos);
}

TEST(Predict, RowsWithoutCatalogueContextGoToTheCandidateModel) {
  // Kepler-227 b and an eclipsing binary as a user types them into the UI's form: the transit
  // and the star, without the uncertainties and the context the catalogue adds (other signals on
  // the star, ephemeris matches, neighbours). The full model never saw that context missing and
  // scored such a Kepler-227 b near 0.01.
  nlohmann::json full = nlohmann::json::array(), bare = nlohmann::json::array();
  for (const auto& r : rows_from_csv_bytes(koi_bytes())) {
    if (r["id"] != "K00752.01" && r["id"] != "K01003.01") continue;
    full.push_back(r);
    nlohmann::json typed = {{"id", r["id"]}};
    for (const char* name : {"period_days", "duration_hours", "depth_ppm", "planet_radius_earth",
                             "impact", "snr", "equilibrium_temp_k", "insolation_earth",
                             "stellar_teff_k", "stellar_logg", "stellar_radius_sun", "magnitude"}) {
      ASSERT_TRUE(r.contains(name)) << name;
      typed[name] = r[name];
    }
    bare.push_back(typed);
  }
  ASSERT_EQ(bare.size(), 2u);
  const std::string own = shipped()->id();
  const std::string candidate = shipped()->card()["candidate_model"]["id"];
  // In input order, each scored by the model that fits it.
  nlohmann::json mixed = {bare[0], full[0], bare[1], full[1]};
  auto out = shipped()->predict_rows(mixed, 3)["predictions"];
  ASSERT_EQ(out.size(), 4u);
  for (size_t i = 0; i < out.size(); ++i) {
    EXPECT_EQ(out[i]["row"], i);
    EXPECT_EQ(out[i]["scored_with"], i % 2 == 0 ? candidate : own) << out[i].dump();
    const double p = out[i]["planet_probability"];
    if (out[i]["id"] == "K00752.01") {
      EXPECT_GT(p, 0.5) << "Kepler-227 b: " << out[i].dump();
    } else {
      EXPECT_LT(p, 0.5) << "K01003.01: " << out[i].dump();
    }
  }
}

TEST(Predict, AnExportWithoutItsUncertaintyColumnsGoesToTheCandidateModel) {
  // Labelled KOI rows (every fifth) as exported with and without the error columns. In the KOI
  // table a row whose uncertainties are all empty is a failed fit, nearly always a false positive;
  // the full model learned that and called every row of an export without them a false positive.
  const catalog::Catalog cat = catalog::parse_catalog(koi_bytes());
  const nlohmann::json rows = rows_from_csv_bytes(koi_bytes());
  ASSERT_EQ(rows.size(), cat.size());
  nlohmann::json with = nlohmann::json::array(), without = nlohmann::json::array();
  std::vector<int> labels;
  for (size_t r = 0; r < cat.size(); r += 5) {
    const catalog::PlanetLabel label = cat.label(r);
    if (label == catalog::PlanetLabel::kUnlabelled) continue;
    labels.push_back(label == catalog::PlanetLabel::kPlanet ? 1 : 0);
    with.push_back(rows[r]);
    nlohmann::json stripped;
    for (auto it = rows[r].begin(); it != rows[r].end(); ++it) {
      if (it.key().find("_err") == std::string::npos) stripped[it.key()] = it.value();
    }
    without.push_back(stripped);
  }
  ASSERT_GT(labels.size(), 1000u);
  const std::string own = shipped()->id();
  const std::string candidate = shipped()->card()["candidate_model"]["id"];
  auto accuracy = [&](const nlohmann::json& table, const std::string& scorer) {
    const auto out = shipped()->predict_rows(table, 0);
    EXPECT_LT(out["errors"].size(), 5u) << out["errors"].dump();
    size_t right = 0;
    for (const auto& p : out["predictions"]) {
      EXPECT_EQ(p["scored_with"], scorer) << p.dump();
      right += (p["planet_probability"].get<double>() >= 0.5) == (labels[p["row"]] == 1);
    }
    return double(right) / double(out["predictions"].size());
  };
  EXPECT_GT(accuracy(with, own), 0.95);
  // The full model scored these 0.64.
  EXPECT_GT(accuracy(without, candidate), 0.93);
}

}  // namespace
}  // namespace exodetect::ml
