#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <fstream>
#include <functional>
#include <map>
#include <numeric>
#include <stdexcept>

#include "bundle.hpp"
#include "exodetect/catalog/catalog.hpp"
#include "exodetect/catalog/features.hpp"
#include "exodetect/common/file_io.hpp"
#include "exodetect/common/thread_pool.hpp"
#include "exodetect/common/version.hpp"
#include "exodetect/ml/evaluation.hpp"
#include "exodetect/ml/features.hpp"
#include "exodetect/ml/model.hpp"
#include "exodetect/ml/train_parameters.hpp"
#include "xgb.hpp"

namespace exodetect::ml {

using common::check_parameters;
using common::gzip_bytes;
using common::maybe_gunzip;
using common::resolve_threads;
using common::Surface;
using common::write_file_atomic;

namespace {

// Early stopping and bagging split a training set into this many grouped, stratified folds.
constexpr int kInnerFolds = 7;

// The ranges of the training parameters' table (train_parameters.cpp), with the command line's
// names: its surface holds every option train_model reads.
void validate(const TrainOptions& o) { check_parameters(train_parameters(), o, Surface::kCli); }

// Model columns (indices into all_feature_names()) from the requested names.
std::vector<size_t> resolve_features(const std::vector<std::string>& requested) {
  const auto& all = all_feature_names();
  std::vector<size_t> out;
  if (requested.empty()) {
    out.resize(all.size());
    std::iota(out.begin(), out.end(), 0);
    return out;
  }
  for (const auto& name : requested) {
    if (catalog::is_leaky_column(name)) {
      throw std::invalid_argument("refusing to train on '" + name +
                                  "': it is a vetting-pipeline verdict or label that leaks the "
                                  "answer (honest models never use it)");
    }
    std::string canonical = catalog::canonical_feature_name(name).value_or(name);
    auto it = std::find(all.begin(), all.end(), canonical);
    if (it == all.end()) throw std::invalid_argument("unknown feature '" + name + "'");
    size_t index = static_cast<size_t>(it - all.begin());
    if (std::find(out.begin(), out.end(), index) == out.end()) out.push_back(index);
  }
  return out;
}

struct Rows {
  std::vector<float> x;  // selected columns
  std::vector<float> y, w;
};

Rows take(const Dataset& data, const std::vector<size_t>& columns, const std::vector<size_t>& rows,
          const std::vector<float>& class_weight) {
  size_t width = data.feature_names.size();
  Rows out;
  out.x.reserve(rows.size() * columns.size());
  for (size_t r : rows) {
    for (size_t c : columns) out.x.push_back(data.x[r * width + c]);
    out.y.push_back(static_cast<float>(data.y[r]));
    out.w.push_back(class_weight[data.y[r]]);
  }
  return out;
}

struct Trainer {
  const TrainOptions& options;
  int n_classes;  // 2 for binary
  unsigned threads;

  std::unique_ptr<xgb::Booster> make(const std::vector<const xgb::DMatrix*>& cache,
                                     uint64_t seed) const {
    auto b = std::make_unique<xgb::Booster>(cache);
    bool multi = n_classes > 2;
    b->set_param("objective", multi ? "multi:softprob" : "binary:logistic");
    if (multi) b->set_param("num_class", std::to_string(n_classes));
    b->set_param("eval_metric", multi ? "mlogloss" : "logloss");
    b->set_param("tree_method", "hist");
    b->set_param("max_depth", std::to_string(options.max_depth));
    b->set_param("eta", std::to_string(options.learning_rate));
    b->set_param("subsample", std::to_string(options.subsample));
    b->set_param("colsample_bytree", std::to_string(options.colsample));
    b->set_param("min_child_weight", std::to_string(options.min_child_weight));
    b->set_param("seed", std::to_string(seed % 2147483647ULL));
    b->set_param("nthread", std::to_string(threads));
    b->set_param("verbosity", "0");
    return b;
  }

  // Trains with early stopping on `valid`; returns the booster cut at its best round.
  std::unique_ptr<xgb::Booster> fit_early(const Rows& train, const Rows& valid, size_t n_cols,
                                          uint64_t seed, int* best_rounds) const {
    xgb::DMatrix dtrain(train.x.data(), train.y.size(), n_cols, static_cast<int>(threads));
    dtrain.set_labels(train.y);
    if (options.balance_classes) dtrain.set_weights(train.w);
    xgb::DMatrix dvalid(valid.x.data(), valid.y.size(), n_cols, static_cast<int>(threads));
    dvalid.set_labels(valid.y);
    if (options.balance_classes) dvalid.set_weights(valid.w);
    auto booster = make({&dtrain, &dvalid}, seed);
    double best = std::numeric_limits<double>::infinity();
    int best_round = 0;
    for (int it = 0; it < options.n_trees; ++it) {
      booster->update(it, dtrain);
      double loss = booster->eval(it, dvalid, "valid");
      if (loss < best - 1e-12) {
        best = loss;
        best_round = it;
      } else if (it - best_round >= options.early_stopping_rounds) {
        break;
      }
    }
    *best_rounds = best_round + 1;
    booster->truncate(*best_rounds);
    return booster;
  }

  // Bagging: `rows` split into kInnerFolds grouped, stratified folds; the booster for fold b
  // (b < options.bags) is fitted on the other folds and early-stopped on fold b. The members are
  // averaged into one booster (xgb::average_json), steadier than any one of them, and every row
  // trains all members but the one it validates. `rounds` gets each member's best round count.
  std::unique_ptr<xgb::Booster> fit_bagged(const Dataset& data, const std::vector<size_t>& columns,
                                           const std::vector<size_t>& rows,
                                           const std::vector<int>& strata,
                                           const std::vector<float>& class_weight, uint64_t seed,
                                           std::vector<int>* rounds) const {
    std::vector<int> inner_strata;
    std::vector<std::string> inner_groups;
    for (size_t i : rows) {
      inner_strata.push_back(strata[i]);
      inner_groups.push_back(data.groups[i]);
    }
    std::vector<int> inner =
        grouped_stratified_folds(inner_strata, inner_groups, kInnerFolds, seed);
    std::vector<std::string> members;
    for (int b = 0; b < options.bags; ++b) {
      std::vector<size_t> fit_rows, valid_rows;
      for (size_t j = 0; j < rows.size(); ++j)
        (inner[j] == b ? valid_rows : fit_rows).push_back(rows[j]);
      int best = 0;
      auto member = fit_early(take(data, columns, fit_rows, class_weight),
                              take(data, columns, valid_rows, class_weight), columns.size(),
                              options.seed + static_cast<uint64_t>(b), &best);
      rounds->push_back(best);
      members.push_back(member->save_json());
    }
    auto booster = std::make_unique<xgb::Booster>();
    booster->load(xgb::average_json(members));
    booster->set_param("nthread", std::to_string(threads));
    return booster;
  }
};

std::string utc_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The whole model file: CV, final fit and, when asked, the embedded candidate model.
std::string train_bundle_bytes(const std::string& catalog_bytes, const TrainOptions& options,
                               const std::function<void(double, const std::string&)>& progress) {
  validate(options);
  bool with_candidate = options.candidate_model && options.features.empty();
  // The candidate model takes the second half of the progress range.
  double share = with_candidate ? 0.5 : 1.0;
  auto report = [&](double f, const std::string& stage) {
    if (progress) progress(f * share, stage);
  };
  std::vector<size_t> columns = resolve_features(options.features);
  bool multiclass = options.task == "multiclass";
  int n_classes = multiclass ? 3 : 2;
  std::vector<std::string> labels =
      multiclass ? std::vector<std::string>{"false_positive", "candidate", "confirmed"}
                 : std::vector<std::string>{"false_positive", "planet"};

  report(0.0, "reading catalogues");
  std::optional<catalog::CatalogKind> kind;
  if (options.catalog != "auto") kind = catalog::catalog_kind_from_string(options.catalog);
  std::vector<std::string> sources = {catalog_bytes};
  sources.insert(sources.end(), options.extra_catalog_bytes.begin(),
                 options.extra_catalog_bytes.end());
  Dataset data;
  uint64_t data_hash = fnv1a64("");
  std::vector<std::string> kinds;
  for (size_t s = 0; s < sources.size(); ++s) {
    std::string text = maybe_gunzip(sources[s]);
    data_hash = fnv1a64(text, data_hash);
    catalog::Catalog cat = catalog::parse_catalog(text, s == 0 ? kind : std::nullopt);
    Dataset part = make_dataset(cat, options.task);
    kinds.push_back(catalog::to_string(cat.kind()));
    if (s == 0) {
      data = std::move(part);
      continue;
    }
    data.x.insert(data.x.end(), part.x.begin(), part.x.end());
    auto append = [](auto& to, const auto& from) { to.insert(to.end(), from.begin(), from.end()); };
    append(data.y, part.y);
    append(data.groups, part.groups);
    append(data.ids, part.ids);
    append(data.catalogs, part.catalogs);
    append(data.stellar_eclipse, part.stellar_eclipse);
  }
  if (options.without_stellar_eclipses) data = without_stellar_eclipse_false_positives(data);
  if (options.mask_star) data = mask_star_copies(data, options.seed);
  size_t n = data.rows();
  std::vector<double> class_count(n_classes, 0.0);
  for (int y : data.y) class_count[y] += 1;
  for (int c = 0; c < n_classes; ++c) {
    if (class_count[c] < options.folds) {
      throw std::invalid_argument("too few labelled '" + labels[c] + "' rows (" +
                                  std::to_string(static_cast<int>(class_count[c])) +
                                  ") to train and cross-validate");
    }
  }
  std::vector<float> class_weight(n_classes, 1.0f);
  for (int c = 0; c < n_classes; ++c) {
    class_weight[c] = static_cast<float>(n / (n_classes * class_count[c]));
  }

  // Stratify by mission and class together, so each fold mixes missions like the whole set.
  std::map<std::string, int> mission_index;
  for (const auto& k : data.catalogs)
    mission_index.emplace(k, static_cast<int>(mission_index.size()));
  std::vector<int> strata(n);
  for (size_t i = 0; i < n; ++i)
    strata[i] = mission_index[data.catalogs[i]] * n_classes + data.y[i];
  std::vector<int> fold =
      grouped_stratified_folds(strata, data.groups, options.folds, options.seed);

  if (!options.folds_out.empty()) {
    std::ofstream f(options.folds_out);
    if (!f) throw std::invalid_argument("cannot write folds file " + options.folds_out);
    f << "catalog,id,group,label,fold\n";
    for (size_t i = 0; i < n; ++i) {
      f << data.catalogs[i] << "," << data.ids[i] << "," << data.groups[i] << "," << data.y[i]
        << "," << fold[i] << "\n";
    }
  }

  Trainer trainer{options, n_classes, resolve_threads(options.threads)};
  size_t n_cols = columns.size();
  size_t k_out = multiclass ? 3 : 1;
  std::vector<double> oof(n * k_out, 0.0);
  nlohmann::json best_rounds = nlohmann::json::array();  // per fold, per bag
  auto started = std::chrono::steady_clock::now();
  for (int f = 0; f < options.folds; ++f) {
    report(0.05 + 0.8 * f / options.folds, "cross-validation fold " + std::to_string(f + 1) +
                                               " of " + std::to_string(options.folds));
    std::vector<size_t> train_rows, test_rows;
    for (size_t i = 0; i < n; ++i) (fold[i] == f ? test_rows : train_rows).push_back(i);
    // The test fold is never seen: early stopping and bagging split the training part.
    std::vector<int> rounds;
    auto booster = trainer.fit_bagged(data, columns, train_rows, strata, class_weight,
                                      options.seed + 1 + static_cast<uint64_t>(f), &rounds);
    best_rounds.push_back(rounds);
    Rows test = take(data, columns, test_rows, class_weight);
    xgb::DMatrix dtest(test.x.data(), test_rows.size(), n_cols, static_cast<int>(trainer.threads));
    std::vector<float> p = booster->predict(dtest);
    for (size_t j = 0; j < test_rows.size(); ++j) {
      for (size_t c = 0; c < k_out; ++c) oof[test_rows[j] * k_out + c] = p[j * k_out + c];
    }
  }
  double cv_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  // Metrics over the rows picked by `keep` (every row without star masking).
  auto metrics_where = [&](const std::function<bool(size_t)>& keep) {
    std::vector<int> y;
    std::vector<double> p;
    for (size_t i = 0; i < n; ++i) {
      if (!keep(i)) continue;
      y.push_back(data.y[i]);
      for (size_t c = 0; c < k_out; ++c) p.push_back(oof[i * k_out + c]);
    }
    return classification_metrics(y, p, k_out, labels);
  };
  auto mask_of = [&](size_t i) {
    return data.star_mask.empty() ? kStarAsGiven : static_cast<StarMask>(data.star_mask[i]);
  };
  // One row per catalogue row: as given, or its star-removed copy when it had no full star.
  nlohmann::json metrics = metrics_where(
      [&](size_t i) { return mask_of(i) == kStarAsGiven || mask_of(i) == kStarRemovedOnly; });
  if (!data.star_mask.empty()) {
    nlohmann::json by_star = nlohmann::json::object();
    auto brief = [](nlohmann::json m) {
      return nlohmann::json{{"roc_auc", m["roc_auc"]},
                            {"pr_auc", m["pr_auc"]},
                            {"accuracy", m["accuracy"]},
                            {"confusion_matrix", m["confusion_matrix"]}};
    };
    by_star["with_star"] =
        brief(metrics_where([&](size_t i) { return mask_of(i) == kStarAsGiven; }));
    by_star["without_star"] = brief(metrics_where(
        [&](size_t i) { return mask_of(i) == kStarRemoved || mask_of(i) == kStarRemovedOnly; }));
    by_star["partial_star"] =
        brief(metrics_where([&](size_t i) { return mask_of(i) == kStarPartlyRemoved; }));
    metrics["star_masking"] = by_star;
  }
  if (mission_index.size() > 1) {
    nlohmann::json per = nlohmann::json::object();
    for (const auto& [mission, _] : mission_index) {
      std::vector<int> y;
      std::vector<double> p;
      for (size_t i = 0; i < n; ++i) {
        if (data.catalogs[i] != mission) continue;
        y.push_back(data.y[i]);
        for (size_t c = 0; c < k_out; ++c) p.push_back(oof[i * k_out + c]);
      }
      nlohmann::json m = classification_metrics(y, p, k_out, labels);
      m.erase("roc_curve");
      m.erase("pr_curve");
      per[mission] = m;
    }
    metrics["per_catalog"] = per;
  }

  // Final model: the same bagged fit on every labelled row.
  report(0.85, "training the final model");
  std::vector<size_t> all_rows(n);
  std::iota(all_rows.begin(), all_rows.end(), 0);
  std::vector<int> final_rounds;
  auto booster =
      trainer.fit_bagged(data, columns, all_rows, strata, class_weight,
                         options.seed + 1 + static_cast<uint64_t>(options.folds), &final_rounds);
  Rows all = take(data, columns, all_rows, class_weight);

  report(0.95, "feature importance");
  std::vector<double> gain = booster->importance("gain", n_cols);
  xgb::DMatrix dall(all.x.data(), n, n_cols, static_cast<int>(trainer.threads));
  std::vector<float> contrib = booster->contributions(dall);
  std::vector<double> shap(n_cols, 0.0);
  size_t blocks = multiclass ? 3 : 1;
  for (size_t i = 0; i < n; ++i) {
    for (size_t b = 0; b < blocks; ++b) {
      const float* c = &contrib[(i * blocks + b) * (n_cols + 1)];
      for (size_t f = 0; f < n_cols; ++f) shap[f] += std::fabs(c[f]) / n;
    }
  }
  std::vector<std::string> feature_names;
  nlohmann::json importance = nlohmann::json::array();
  for (size_t f = 0; f < n_cols; ++f) {
    feature_names.push_back(all_feature_names()[columns[f]]);
    importance.push_back(
        {{"feature", feature_names.back()}, {"gain", gain[f]}, {"mean_abs_shap", shap[f]}});
  }
  std::stable_sort(importance.begin(), importance.end(), [](const auto& a, const auto& b) {
    return a["mean_abs_shap"].template get<double>() > b["mean_abs_shap"].template get<double>();
  });
  metrics["feature_importance"] = importance;
  metrics["cv"] = {{"folds", options.folds},
                   {"grouped_by", "host star (kepid / tid / hostname)"},
                   {"best_rounds", best_rounds},
                   {"seconds", cv_seconds}};

  nlohmann::json class_counts = nlohmann::json::object();
  for (int c = 0; c < n_classes; ++c) class_counts[labels[c]] = class_count[c];
  nlohmann::json card = {
      {"format", kBundleFormat},
      {"version", kVersion},
      {"task", options.task},
      {"catalog", kinds.size() == 1 ? nlohmann::json(kinds[0]) : nlohmann::json(kinds)},
      {"created", utc_now()},
      {"features", feature_names},
      {"labels", labels},
      {"n_train", n},
      {"class_counts", class_counts},
      {"hyperparameters",
       {{"trees_max", options.n_trees},
        {"trees", std::accumulate(final_rounds.begin(), final_rounds.end(), 0)},
        {"bags", options.bags},
        {"bag_rounds", final_rounds},
        {"max_depth", options.max_depth},
        {"learning_rate", options.learning_rate},
        {"subsample", options.subsample},
        {"colsample", options.colsample},
        {"min_child_weight", options.min_child_weight},
        {"balance_classes", options.balance_classes},
        {"early_stopping_rounds", options.early_stopping_rounds},
        {"seed", options.seed},
        {"mask_star", options.mask_star}}},
      {"metrics", metrics},
      {"data_hash", "fnv1a64:" + hex64(data_hash)},
      {"library_versions", {{"xgboost", xgb::version()}, {"exodetect", kVersion}}}};

  Bundle bundle{card, booster->save_ubj(), "", ""};
  if (with_candidate) {
    TrainOptions sub = options;
    sub.features = candidate_feature_names();
    sub.candidate_model = false;
    sub.mask_star = true;
    sub.folds_out.clear();
    bundle.candidate = train_bundle_bytes(catalog_bytes, sub, [&](double f, const std::string& s) {
      if (progress) progress(0.5 + 0.3 * f, "candidate model: " + s);
    });
    // Only a binary model's candidates are weighted (apply_eclipse_weighting).
    if (!multiclass) {
      sub.without_stellar_eclipses = true;
      bundle.eclipse_free =
          train_bundle_bytes(catalog_bytes, sub, [&](double f, const std::string& s) {
            if (progress) progress(0.8 + 0.2 * f, "eclipse-free candidate model: " + s);
          });
    }
    auto candidate = Model::from_bytes(bundle.candidate);
    const auto& cm = candidate->card()["metrics"];
    bundle.card["candidate_model"] = {
        {"id", candidate->id()},
        {"used_for", "search candidates and rows without catalogue context"},
        {"features", candidate->card()["features"]},
        {"roc_auc", cm["roc_auc"]},
        {"pr_auc", cm["pr_auc"]},
        {"accuracy", cm["accuracy"]},
        {"star_masking", cm.value("star_masking", nlohmann::json())}};
    if (!bundle.eclipse_free.empty()) {
      auto eclipse_free = Model::from_bytes(bundle.eclipse_free);
      const auto& em = eclipse_free->card()["metrics"];
      bundle.card["candidate_model"]["eclipse_free"] = {
          {"id", eclipse_free->id()},
          {"used_for",
           "search candidates, weighted by the chance that their vetting would have seen a "
           "binary's secondary eclipse"},
          {"trained_without", "false positives flagged as stellar eclipses (koi_fpflag_ss)"},
          {"class_counts", eclipse_free->card()["class_counts"]},
          {"roc_auc", em["roc_auc"]},
          {"pr_auc", em["pr_auc"]},
          {"accuracy", em["accuracy"]}};
    }
  }
  return encode_bundle(bundle);
}

}  // namespace

nlohmann::json train_model(const std::string& catalog_bytes, const TrainOptions& options,
                           const std::string& out_path,
                           const std::function<void(double, const std::string&)>& progress) {
  std::string bytes = train_bundle_bytes(catalog_bytes, options, progress);
  if (!out_path.empty()) {
    // Gzipped on disk (a bagged model shrinks to about 30%); read_file_bytes inflates it.
    write_file_atomic(out_path, gzip_bytes(bytes));
  }
  if (progress) progress(1.0, "done");
  return Model::from_bytes(bytes)->card();
}

}  // namespace exodetect::ml
