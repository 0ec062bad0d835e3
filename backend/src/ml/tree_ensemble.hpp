#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace exodetect::ml {

namespace xgb {
class Booster;  // the ml module's private XGBoost wrapper
}

// A gradient-boosted tree ensemble flattened from XGBoost's JSON model, evaluated natively:
// predictions and exact TreeSHAP contributions (Lundberg et al. 2018) that reproduce XGBoost's
// predict and pred_contribs, without XGBoost's per-call costs (DMatrix creation, per-call node
// mean values, recursive path unwinding). Meant for small requests (a handful of rows); batches
// stay on XGBoost's multithreaded predictor.
//
// SHAP is exact and table-driven: along one root-to-leaf path with d distinct features, each
// feature's contribution depends only on which of the path's conditions the row satisfies. The
// leaves are grouped into units, small bottom subtrees (at most kUnitNodes internal nodes): a
// unit's summed contributions depend only on which conditions above it the row fails and on the
// row's direction at each of its own nodes, so they are tabulated for every such pattern at load.
// A row then costs one comparison per node plus one table row per unit (three leaves on average
// in the shipped models), a third of the table reads of one row per leaf.
//
// Immutable after construction; safe to use from many threads at once.
class TreeEnsemble {
 public:
  // Builds from the bytes XGBoosterSaveModelToBuffer writes with {"format": "json"}. Returns
  // nullptr for what it does not reproduce exactly (objectives other than binary:logistic and
  // multi:softprob/softmax, dart boosters, categorical splits, vector leaves, paths too deep for
  // the SHAP tables). Throws std::invalid_argument for malformed JSON or inconsistent trees.
  static std::unique_ptr<TreeEnsemble> from_xgboost_json(std::string_view json);
  // The same from XGBoost's UBJSON model format ({"format": "ubj"}).
  static std::unique_ptr<TreeEnsemble> from_xgboost_ubjson(std::string_view bytes);
  // The same from a loaded booster, also returning nullptr unless the result reproduces the
  // booster's own predict and pred_contribs on probe rows.
  static std::unique_ptr<TreeEnsemble> from_booster(const xgb::Booster& booster);

  size_t n_features() const { return n_features_; }
  // Output groups: 1 for binary models, the class count for multiclass ones.
  size_t n_groups() const { return n_groups_; }

  // `x`: rows x n_features() row-major floats, NaN = missing. Appends XGBoost's layout:
  // probabilities rows (binary, the positive class) or rows x groups (softmax).
  void predict(const float* x, size_t rows, std::vector<float>& out) const;
  // TreeSHAP in margin (log-odds) space, XGBoost's pred_contribs layout: rows x (n_features + 1)
  // (binary) or rows x groups x (n_features + 1), the last column of each being the bias. With
  // `probabilities`, also appends what predict() would, from the contributions' sums (no second
  // walk over the trees).
  void contributions(const float* x, size_t rows, std::vector<float>& out,
                     std::vector<float>* probabilities = nullptr) const;

 private:
  struct Node {
    float threshold = 0;  // go left when x < threshold
    float leaf_value = 0;
    int32_t feature = -1;           // -1: leaf
    int32_t left = -1, right = -1;  // indices into nodes_
    bool default_left = false;      // where a missing value goes
  };
  // A node above the units as the SHAP pass reads it.
  struct ShapNode {
    // Where the SHAP pass keeps the slots failed on the way to it: 2 x its parent's index in
    // shap_nodes_ (ordered by depth, so parents come first), + 1 for a right child; 2 x size()
    // for a tree's root.
    uint32_t failed_index = 0;
    uint32_t feature = 0;  // keyed (see keyed_row)
    float threshold = std::numeric_limits<float>::quiet_NaN();
    uint16_t bit = 0;  // its feature's slot on the paths through it, as a bit
  };
  static constexpr size_t kUnitNodes = 3;
  // A bottom subtree with its own nodes inline (unused ones are padding that never goes left)
  // and its table: 2^(p + m) patterns x width contributions, indexed by the p slots above it
  // that the row satisfies (high bits) and its m nodes' directions (low bits, preorder).
  struct Unit {
    uint32_t failed_index = 0;  // as in ShapNode, for the unit's root
    uint32_t table_begin = 0;   // into tables_
    uint16_t group = 0;
    uint8_t p = 0, m = 0, width = 0;
    uint16_t feature[kUnitNodes] = {};  // keyed (see keyed_row)
    float threshold[kUnitNodes] = {};
  };
  TreeEnsemble() = default;
  static std::unique_ptr<TreeEnsemble> from_model(const nlohmann::json& model);
  // Both passes read each row through two copies, so that a node's test is one comparison:
  // [0, n) with missing values as +inf (they go right), [n, 2n) with them as -inf (they go
  // left). A node reads the copy of its default side: keyed_feature. The copies live in a
  // per-thread buffer, valid until the thread's next call.
  uint32_t keyed_feature(const Node& node) const;
  const float* keyed_row(const float* x) const;
  // Adds every tree's output to `margin` (n_groups_ values, starting at the base margins).
  void margins(const float* x, double* margin) const;
  // Appends the link of one row's margins: a probability (binary) or softmax (groups).
  void append_probabilities(std::vector<double>& margin, std::vector<float>& out) const;

  size_t n_features_ = 0;
  size_t n_groups_ = 1;
  bool softmax_ = false;
  std::vector<double> base_margin_;   // per group, margin space
  std::vector<double> bias_;          // per group: base margin + every tree's expected value
  std::vector<Node> nodes_;           // every tree in preorder, trees one after another
  std::vector<ShapNode> shap_nodes_;  // the nodes above the units, by depth
  std::vector<uint32_t> roots_;       // per tree
  std::vector<uint32_t> tree_group_;  // per tree
  std::vector<Unit> units_;
  std::vector<float> tables_;
  // Per unit in turn, its table row's output columns (group x n_features + feature), width each.
  std::vector<uint16_t> unit_columns_;
};

}  // namespace exodetect::ml
