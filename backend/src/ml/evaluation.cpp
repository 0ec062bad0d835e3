#include "exodetect/ml/evaluation.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <random>
#include <stdexcept>

namespace exodetect::ml {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Curve {
  std::vector<double> fpr, tpr, recall, precision;
};

// Points of the ROC and PR curves at every distinct score, highest first.
Curve curves(const std::vector<int>& labels, const std::vector<double>& scores) {
  std::vector<size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return scores[a] > scores[b]; });
  double pos = 0, neg = 0;
  for (int l : labels) (l == 1 ? pos : neg) += 1;
  Curve c;
  c.fpr.push_back(0);
  c.tpr.push_back(0);
  double tp = 0, fp = 0;
  for (size_t i = 0; i < order.size(); ++i) {
    (labels[order[i]] == 1 ? tp : fp) += 1;
    if (i + 1 < order.size() && scores[order[i + 1]] == scores[order[i]]) continue;
    c.fpr.push_back(neg > 0 ? fp / neg : kNaN);
    c.tpr.push_back(pos > 0 ? tp / pos : kNaN);
    c.recall.push_back(pos > 0 ? tp / pos : kNaN);
    c.precision.push_back(tp / (tp + fp));
  }
  return c;
}

// Keeps about `max_points` evenly spread points (always the first and last).
nlohmann::json thin(const std::vector<double>& x, const std::vector<double>& y,
                    size_t max_points = 101) {
  nlohmann::json out = nlohmann::json::array();
  if (x.empty()) return out;
  double step = std::max(1.0, static_cast<double>(x.size() - 1) / (max_points - 1));
  size_t last = static_cast<size_t>(-1);
  for (double k = 0; k < static_cast<double>(x.size()); k += step) {
    size_t i = static_cast<size_t>(k);
    if (i == last) continue;
    out.push_back({x[i], y[i]});
    last = i;
  }
  if (last != x.size() - 1) out.push_back({x.back(), y.back()});
  return out;
}

nlohmann::json num(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(); }

}  // namespace

std::vector<int> grouped_stratified_folds(const std::vector<int>& labels,
                                          const std::vector<std::string>& groups, int folds,
                                          uint64_t seed) {
  if (folds < 2) throw std::invalid_argument("cross-validation needs at least 2 folds");
  if (labels.size() != groups.size()) throw std::invalid_argument("labels/groups size mismatch");
  int n_classes = 0;
  for (int l : labels) n_classes = std::max(n_classes, l + 1);
  std::map<std::string, size_t> index;
  std::vector<std::vector<double>> counts;  // per group, per class
  std::vector<size_t> row_group(labels.size());
  for (size_t i = 0; i < labels.size(); ++i) {
    auto [it, added] = index.emplace(groups[i], counts.size());
    if (added) counts.emplace_back(n_classes, 0.0);
    row_group[i] = it->second;
    if (labels[i] >= 0) counts[it->second][labels[i]] += 1;
  }
  size_t n_groups = counts.size();
  if (n_groups < static_cast<size_t>(folds)) {
    throw std::invalid_argument("only " + std::to_string(n_groups) + " host stars for " +
                                std::to_string(folds) + " folds");
  }
  std::vector<size_t> order(n_groups);
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 rng(seed);
  for (size_t i = n_groups; i > 1; --i) std::swap(order[i - 1], order[rng() % i]);
  auto size_of = [&](size_t g) { return std::accumulate(counts[g].begin(), counts[g].end(), 0.0); };
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return size_of(a) > size_of(b); });

  std::vector<double> total(n_classes, 0.0);
  for (const auto& c : counts) {
    for (int k = 0; k < n_classes; ++k) total[k] += c[k];
  }
  std::vector<std::vector<double>> fold_counts(folds, std::vector<double>(n_classes, 0.0));
  std::vector<double> fold_size(folds, 0.0);
  std::vector<int> group_fold(n_groups, 0);
  for (size_t g : order) {
    // The fold whose share of this group's classes is smallest after adding it.
    int best = 0;
    double best_cost = std::numeric_limits<double>::infinity();
    for (int f = 0; f < folds; ++f) {
      double cost = 0;
      for (int k = 0; k < n_classes; ++k) {
        if (counts[g][k] == 0 || total[k] == 0) continue;
        double share = (fold_counts[f][k] + counts[g][k]) / total[k];
        cost += share * counts[g][k];
      }
      cost += 1e-9 * fold_size[f];
      if (cost < best_cost) {
        best_cost = cost;
        best = f;
      }
    }
    group_fold[g] = best;
    for (int k = 0; k < n_classes; ++k) fold_counts[best][k] += counts[g][k];
    fold_size[best] += size_of(g);
  }
  std::vector<int> fold(labels.size());
  for (size_t i = 0; i < labels.size(); ++i) fold[i] = group_fold[row_group[i]];
  return fold;
}

double roc_auc(const std::vector<int>& labels, const std::vector<double>& scores) {
  std::vector<size_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] < scores[b]; });
  // Mann-Whitney U with average ranks for ties.
  double pos = 0, neg = 0, rank_sum = 0;
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j < order.size() && scores[order[j]] == scores[order[i]]) ++j;
    double avg_rank = (i + 1 + j) / 2.0;
    for (size_t k = i; k < j; ++k) {
      if (labels[order[k]] == 1) {
        rank_sum += avg_rank;
        pos += 1;
      } else {
        neg += 1;
      }
    }
    i = j;
  }
  if (pos == 0 || neg == 0) return kNaN;
  return (rank_sum - pos * (pos + 1) / 2) / (pos * neg);
}

double pr_auc(const std::vector<int>& labels, const std::vector<double>& scores) {
  Curve c = curves(labels, scores);
  if (c.recall.empty() || !std::isfinite(c.recall.back())) return kNaN;
  double ap = 0, prev_recall = 0;
  for (size_t i = 0; i < c.recall.size(); ++i) {
    ap += (c.recall[i] - prev_recall) * c.precision[i];
    prev_recall = c.recall[i];
  }
  return ap;
}

nlohmann::json classification_metrics(const std::vector<int>& labels,
                                      const std::vector<double>& prob, size_t n_classes,
                                      const std::vector<std::string>& class_names) {
  size_t n = labels.size();
  size_t k = n_classes == 1 ? 2 : n_classes;
  std::vector<int> predicted(n);
  std::vector<double> planet_score(n);  // P(planet) or P(not false positive)
  std::vector<int> planet_label(n);
  for (size_t i = 0; i < n; ++i) {
    if (n_classes == 1) {
      planet_score[i] = prob[i];
      predicted[i] = prob[i] >= 0.5 ? 1 : 0;
    } else {
      const double* p = &prob[i * n_classes];
      predicted[i] = static_cast<int>(std::max_element(p, p + n_classes) - p);
      planet_score[i] = 1.0 - p[0];
    }
    planet_label[i] = labels[i] != 0 ? 1 : 0;
  }
  std::vector<std::vector<int>> confusion(k, std::vector<int>(k, 0));
  size_t correct = 0;
  for (size_t i = 0; i < n; ++i) {
    confusion[labels[i]][predicted[i]] += 1;
    correct += labels[i] == predicted[i];
  }
  nlohmann::json f1 = nlohmann::json::object();
  for (size_t c = 0; c < k; ++c) {
    double tp = confusion[c][c], fp = 0, fn = 0;
    for (size_t o = 0; o < k; ++o) {
      if (o == c) continue;
      fp += confusion[o][c];
      fn += confusion[c][o];
    }
    f1[class_names.at(c)] = num(2 * tp / (2 * tp + fp + fn));
  }

  double auc = 0, ap = 0;
  if (n_classes == 1) {
    auc = roc_auc(labels, planet_score);
    ap = pr_auc(labels, planet_score);
  } else {
    for (size_t c = 0; c < n_classes; ++c) {
      std::vector<int> one(n);
      std::vector<double> score(n);
      for (size_t i = 0; i < n; ++i) {
        one[i] = labels[i] == static_cast<int>(c);
        score[i] = prob[i * n_classes + c];
      }
      auc += roc_auc(one, score) / n_classes;
      ap += pr_auc(one, score) / n_classes;
    }
  }

  Curve c = curves(planet_label, planet_score);
  nlohmann::json calibration = nlohmann::json::array();
  constexpr int kBins = 10;
  std::vector<double> sum_p(kBins, 0), sum_y(kBins, 0), count(kBins, 0);
  for (size_t i = 0; i < n; ++i) {
    int b = std::min(kBins - 1, static_cast<int>(planet_score[i] * kBins));
    sum_p[b] += planet_score[i];
    sum_y[b] += planet_label[i];
    count[b] += 1;
  }
  for (int b = 0; b < kBins; ++b) {
    if (count[b] == 0) continue;
    calibration.push_back({{"mean_predicted", sum_p[b] / count[b]},
                           {"observed", sum_y[b] / count[b]},
                           {"count", count[b]}});
  }
  return {{"n", n},
          {"roc_auc", num(auc)},
          {"pr_auc", num(ap)},
          {"accuracy", n ? num(static_cast<double>(correct) / n) : nlohmann::json()},
          {"f1", f1},
          {"confusion_matrix", confusion},
          {"roc_curve", thin(c.fpr, c.tpr)},
          {"pr_curve", thin(c.recall, c.precision)},
          {"calibration", calibration}};
}

}  // namespace exodetect::ml
