#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace exodetect::ml {

// Stratified K-fold split grouped by host star: every group lands in exactly one fold, and the
// class mix of each fold follows the whole set as closely as whole groups allow. Deterministic
// for a seed (own Fisher-Yates over std::mt19937_64, so identical on every platform). Returns the
// fold index per row. Throws std::invalid_argument when folds < 2 or there are fewer groups
// than folds.
std::vector<int> grouped_stratified_folds(const std::vector<int>& labels,
                                          const std::vector<std::string>& groups, int folds,
                                          uint64_t seed);

// Area under the ROC curve of scores for the positives (labels 1) against the negatives (0),
// ties counted half. NaN when one class is absent.
double roc_auc(const std::vector<int>& labels, const std::vector<double>& scores);
// Average precision (area under the precision-recall curve, step-wise).
double pr_auc(const std::vector<int>& labels, const std::vector<double>& scores);

// Metrics of class probabilities `prob` (n x n_classes, row-major) against labels:
// {"n", "roc_auc", "pr_auc", "accuracy", "f1": {class name: f1}, "confusion_matrix" (rows =
// true, cols = predicted), "roc_curve": [[fpr, tpr]...], "pr_curve": [[recall, precision]...],
// "calibration": [{"mean_predicted", "observed", "count"}...]}. Binary models give the planet
// probability as a single column (n_classes == 1). For three classes ROC/PR are one-vs-rest
// macro averages and the curves are for "not a false positive".
nlohmann::json classification_metrics(const std::vector<int>& labels,
                                      const std::vector<double>& prob, size_t n_classes,
                                      const std::vector<std::string>& class_names);

}  // namespace exodetect::ml
