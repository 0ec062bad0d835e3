#include "tree_ensemble.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <string>

#include <limits>

#include <nlohmann/json.hpp>

#include "xgb.hpp"

namespace exodetect::ml {
namespace {

// SHAP tables grow as 2^d x d per path; beyond these the ensemble stays on XGBoost.
constexpr uint32_t kMaxPathFeatures = 12;
constexpr size_t kMaxTableFloats = size_t{8} << 20;  // 32 MB
constexpr int kMaxDepth = 64;
constexpr uint32_t kNoParent = UINT32_MAX;  // a root's parent until the node count is known

using nlohmann::json;

const json& field(const json& object, const char* key) {
  auto it = object.find(key);
  if (it == object.end()) {
    throw std::invalid_argument(std::string("XGBoost model JSON lacks '") + key + "'");
  }
  return *it;
}

// XGBoost writes most scalars in its JSON model as strings ("5E-1").
double number(const json& v) {
  if (v.is_number()) return v.get<double>();
  if (v.is_string()) {
    try {
      return std::stod(v.get<std::string>());
    } catch (const std::exception&) {
    }
  }
  throw std::invalid_argument("XGBoost model JSON has a non-numeric value: " + v.dump());
}

// Exact Shapley contributions of one path's d distinct features, all o_j in {0, 1} given by
// `mask` (bit j: the row satisfies the path's conditions on feature j). For feature i,
// phi_i = v (o_i - z_i) sum_k k!(d-1-k)!/d! e_k, with e_k the t^k coefficient of
// prod_{j != i} (z_j + o_j t): the closed form of Lundberg et al.'s path weights. That product
// is the whole path's with feature i's factor divided out, as XGBoost's path unwinding does.
void path_contributions(const std::vector<double>& zero, unsigned mask, double leaf_value,
                        float* out) {
  const size_t d = zero.size();
  // On the stack: this runs for every pattern of every leaf while a model loads.
  std::array<double, kMaxPathFeatures + 1> weight{}, all{}, rest{};
  // weight[k] = k! (d-1-k)! / d!
  for (size_t k = 0; k < d; ++k) {
    double w = 1.0 / static_cast<double>(d);
    for (size_t a = 1; a <= k; ++a) w *= static_cast<double>(a) / static_cast<double>(d - a);
    weight[k] = w;
  }
  all[0] = 1.0;
  for (size_t j = 0; j < d; ++j) {
    const double o = (mask >> j) & 1u ? 1.0 : 0.0;
    for (size_t k = j + 1; k-- > 0;) {
      all[k + 1] += o * all[k];
      all[k] *= zero[j];
    }
  }
  for (size_t i = 0; i < d; ++i) {
    const bool o_i = (mask >> i) & 1u;
    if (o_i) {
      // (z_i + t) rest = all, solved from the top (stable: z_i <= 1).
      rest[d - 1] = all[d];
      for (size_t k = d - 1; k-- > 0;) rest[k] = all[k + 1] - zero[i] * rest[k + 1];
    } else if (zero[i] > 0) {
      for (size_t k = 0; k < d; ++k) rest[k] = all[k] / zero[i];
    } else {
      out[i] = 0;  // o_i = z_i = 0
      continue;
    }
    double sum = 0;
    for (size_t k = 0; k < d; ++k) sum += weight[k] * rest[k];
    out[i] = static_cast<float>(leaf_value * ((o_i ? 1.0 : 0.0) - zero[i]) * sum);
  }
}

json parse_model(std::string_view bytes, bool ubjson) {
  try {
    return ubjson ? json::from_ubjson(bytes) : json::parse(bytes);
  } catch (const json::exception& e) {
    throw std::invalid_argument(std::string("XGBoost model ") + (ubjson ? "UBJSON" : "JSON") +
                                " does not parse: " + e.what());
  }
}

// The distinct features along a path (Shapley players) and their zero fractions, root first.
struct PathPlayers {
  std::vector<uint32_t> ids;
  std::vector<double> zero;
  // The slot of `id`, appended with a zero fraction of 1 when new (then `added`).
  uint32_t enter(uint32_t id, bool& added) {
    const auto slot = static_cast<uint32_t>(std::find(ids.begin(), ids.end(), id) - ids.begin());
    added = slot == ids.size();
    if (added) {
      ids.push_back(id);
      zero.push_back(1.0);
    }
    return slot;
  }
  void leave(bool added) {
    if (!added) return;
    ids.pop_back();
    zero.pop_back();
  }
};

}  // namespace

uint32_t TreeEnsemble::keyed_feature(const Node& node) const {
  return static_cast<uint32_t>(node.feature) + (node.default_left ? n_features_ : 0);
}

const float* TreeEnsemble::keyed_row(const float* x) const {
  constexpr float kInf = std::numeric_limits<float>::infinity();
  thread_local std::vector<float> keyed;  // per thread: this runs per request
  keyed.resize(2 * n_features_);
  for (size_t f = 0; f < n_features_; ++f) {
    const bool missing = std::isnan(x[f]);
    keyed[f] = missing ? kInf : x[f];
    keyed[n_features_ + f] = missing ? -kInf : x[f];
  }
  return keyed.data();
}

std::unique_ptr<TreeEnsemble> TreeEnsemble::from_xgboost_json(std::string_view text) {
  return from_model(parse_model(text, /*ubjson=*/false));
}

std::unique_ptr<TreeEnsemble> TreeEnsemble::from_xgboost_ubjson(std::string_view bytes) {
  return from_model(parse_model(bytes, /*ubjson=*/true));
}

std::unique_ptr<TreeEnsemble> TreeEnsemble::from_model(const nlohmann::json& model) {
  const json& learner = field(model, "learner");
  const json& param = field(learner, "learner_model_param");
  const std::string objective = field(field(learner, "objective"), "name").get<std::string>();
  const json& booster = field(learner, "gradient_booster");
  if (field(booster, "name") != "gbtree") return nullptr;
  if (param.contains("num_target") && number(param["num_target"]) > 1) return nullptr;

  std::unique_ptr<TreeEnsemble> e(new TreeEnsemble());
  e->n_features_ = static_cast<size_t>(number(field(param, "num_feature")));
  // Units keep keyed feature indices (see keyed_row) in 16 bits.
  if (e->n_features_ > UINT16_MAX / 2) return nullptr;
  double base_score = number(field(param, "base_score"));
  double base_margin = 0;
  if (objective == "binary:logistic") {
    if (!(base_score > 0 && base_score < 1)) return nullptr;
    base_margin = std::log(base_score / (1 - base_score));
  } else if (objective == "multi:softprob" || objective == "multi:softmax") {
    e->softmax_ = true;
    e->n_groups_ = static_cast<size_t>(number(field(param, "num_class")));
    if (e->n_groups_ < 2) return nullptr;
    // Output columns are kept in 16 bits (unit_columns_).
    if (e->n_groups_ * e->n_features_ > UINT16_MAX) return nullptr;
    base_margin = base_score;
  } else {
    return nullptr;
  }
  e->base_margin_.assign(e->n_groups_, base_margin);
  e->bias_ = e->base_margin_;

  const json& trees = field(field(booster, "model"), "trees");
  const json& tree_info = field(field(booster, "model"), "tree_info");
  if (!trees.is_array() || !tree_info.is_array() || trees.size() != tree_info.size()) {
    throw std::invalid_argument("XGBoost model JSON: trees and tree_info disagree");
  }
  size_t table_floats = 0;
  std::vector<std::vector<uint32_t>> unit_features;  // per unit, by slot
  std::vector<int> shap_depth;  // per shap_nodes_ entry while they are in preorder
  // Each node's and unit's parent (shap_nodes_ in preorder; kNoParent for a tree's root) and
  // whether it is the left child, until the nodes are ordered by depth.
  std::vector<std::pair<uint32_t, bool>> node_parents, unit_parents;
  for (size_t t = 0; t < trees.size(); ++t) {
    const json& tree = trees[t];
    const auto group = static_cast<size_t>(number(tree_info[t]));
    if (group >= e->n_groups_) throw std::invalid_argument("XGBoost model JSON: bad tree_info");
    const auto& left = field(tree, "left_children");
    const auto& right = field(tree, "right_children");
    const auto& index = field(tree, "split_indices");
    const auto& cond = field(tree, "split_conditions");
    const auto& dleft = field(tree, "default_left");
    const auto& hess = field(tree, "sum_hessian");
    const size_t n = left.size();
    if (n == 0 || right.size() != n || index.size() != n || cond.size() != n || dleft.size() != n ||
        hess.size() != n) {
      throw std::invalid_argument("XGBoost model JSON: tree " + std::to_string(t) +
                                  " has arrays of different lengths");
    }
    if (tree.contains("split_type")) {
      for (const auto& s : tree["split_type"])
        if (number(s) != 0) return nullptr;  // categorical splits
    }
    // XGBoost's arrays, with local child indices; renumbered in preorder below.
    std::vector<Node> local(n);
    std::vector<double> cover(n);
    for (size_t i = 0; i < n; ++i) {
      Node& node = local[i];
      const auto l = static_cast<int64_t>(number(left[i]));
      const auto r = static_cast<int64_t>(number(right[i]));
      cover[i] = number(hess[i]);
      if (l == -1) {
        node.leaf_value = static_cast<float>(number(cond[i]));
        continue;
      }
      const auto f = static_cast<int64_t>(number(index[i]));
      if (l < 0 || r < 0 || static_cast<size_t>(l) >= n || static_cast<size_t>(r) >= n || f < 0 ||
          static_cast<size_t>(f) >= e->n_features_) {
        throw std::invalid_argument("XGBoost model JSON: tree " + std::to_string(t) +
                                    " has a bad node " + std::to_string(i));
      }
      node.feature = static_cast<int32_t>(f);
      node.threshold = static_cast<float>(number(cond[i]));
      // keyed_row sends missing values to the default side as an infinity, which needs finite
      // thresholds; XGBoost writes no others.
      if (!std::isfinite(node.threshold)) return nullptr;
      node.left = static_cast<int32_t>(l);
      node.right = static_cast<int32_t>(r);
      node.default_left = dleft[i].is_boolean() ? dleft[i].get<bool>() : number(dleft[i]) != 0;
    }
    // Preorder copy for predict; every node is reached from the root at most kMaxDepth deep.
    e->roots_.push_back(static_cast<uint32_t>(e->nodes_.size()));
    e->tree_group_.push_back(static_cast<uint32_t>(group));
    std::vector<uint32_t> internal(n, 0);  // internal nodes in each node's subtree
    // A node reached twice would make every later walk exponential: only trees are accepted.
    std::vector<bool> reached(n, false);
    auto copy = [&](auto&& self, uint32_t at, int depth) -> uint32_t {
      if (depth > kMaxDepth || reached[at]) {
        throw std::invalid_argument("XGBoost model JSON: tree " + std::to_string(t) +
                                    " is not a tree or is too deep");
      }
      reached[at] = true;
      const auto here = static_cast<uint32_t>(e->nodes_.size());
      e->nodes_.push_back(local[at]);
      if (local[at].feature < 0) return here;
      const uint32_t l = self(self, static_cast<uint32_t>(local[at].left), depth + 1);
      const uint32_t r = self(self, static_cast<uint32_t>(local[at].right), depth + 1);
      e->nodes_[here].left = static_cast<int32_t>(l);
      e->nodes_[here].right = static_cast<int32_t>(r);
      internal[at] = 1 + internal[local[at].left] + internal[local[at].right];
      return here;
    };
    copy(copy, 0, 0);

    // Depth-first as XGBoost's TreeShap walks: the nodes above the units go to the SHAP pass,
    // the node mean values give the tree's expected output, and each unit gets its table. A
    // path's distinct features are numbered in order of first appearance, so a node's slot is
    // the same for every path below it.
    PathPlayers prefix;  // from the root down to the current node
    auto add_unit = [&](uint32_t root, uint32_t parent, bool side_left) {
      Unit u;
      unit_parents.emplace_back(parent, side_left);
      u.group = static_cast<uint16_t>(group);
      u.p = static_cast<uint8_t>(prefix.ids.size());
      std::vector<uint32_t> own;  // the unit's internal nodes, preorder
      auto collect = [&](auto&& self, uint32_t at) -> void {
        if (local[at].feature < 0) return;
        own.push_back(at);
        self(self, static_cast<uint32_t>(local[at].left));
        self(self, static_cast<uint32_t>(local[at].right));
      };
      collect(collect, root);
      u.m = static_cast<uint8_t>(own.size());
      std::vector<uint32_t> features = prefix.ids;
      for (size_t k = 0; k < kUnitNodes; ++k) {
        u.threshold[k] = std::numeric_limits<float>::quiet_NaN();
        if (k >= own.size()) continue;
        const Node& node = local[own[k]];
        u.feature[k] = static_cast<uint16_t>(e->keyed_feature(node));
        u.threshold[k] = node.threshold;
        const auto f = static_cast<uint32_t>(node.feature);
        if (std::find(features.begin(), features.end(), f) == features.end()) {
          features.push_back(f);
        }
      }
      if (features.size() > kMaxPathFeatures) throw std::length_error("path");
      u.width = static_cast<uint8_t>(features.size());
      unit_features.push_back(features);
      u.table_begin = static_cast<uint32_t>(e->tables_.size());
      const size_t patterns = size_t{1} << (u.p + u.m);
      table_floats += patterns * u.width;
      if (table_floats > kMaxTableFloats) throw std::length_error("tables");
      e->tables_.resize(e->tables_.size() + patterns * u.width);
      float* table = &e->tables_[u.table_begin];

      // Each leaf's path below the unit root: its slots (positions in `features`), their zero
      // fractions, and the unit nodes it passes (which one, which side, which of its slots).
      struct Step {
        uint32_t node, slot;
        bool left;
      };
      PathPlayers path{std::vector<uint32_t>(u.p), prefix.zero};  // ids: positions in features
      for (uint32_t j = 0; j < u.p; ++j) path.ids[j] = j;
      std::vector<Step> steps;
      std::vector<float> leaf_table;
      auto leaves = [&](auto&& self, uint32_t at) -> void {
        const Node& node = local[at];
        if (node.feature < 0) {
          const size_t d = path.ids.size();
          leaf_table.resize((size_t{1} << d) * d);
          for (unsigned mask = 0; mask < (1u << d); ++mask) {
            path_contributions(path.zero, mask, node.leaf_value, &leaf_table[mask * d]);
          }
          for (size_t pattern = 0; pattern < patterns; ++pattern) {
            // Slots above the unit: as the pattern says; the unit's own: satisfied unless a
            // node on the way goes the other way.
            unsigned mask = static_cast<unsigned>(pattern >> u.m) | ~((1u << u.p) - 1);
            for (const Step& s : steps) {
              if (((pattern >> s.node) & 1u) != static_cast<size_t>(s.left))
                mask &= ~(1u << s.slot);
            }
            mask &= (1u << d) - 1;
            for (size_t j = 0; j < d; ++j) {
              table[pattern * u.width + path.ids[j]] += leaf_table[mask * d + j];
            }
          }
          return;
        }
        const auto f = static_cast<uint32_t>(node.feature);
        const auto in_features = static_cast<uint32_t>(
            std::find(features.begin(), features.end(), f) - features.begin());
        bool added = false;
        const uint32_t slot = path.enter(in_features, added);
        const auto k = static_cast<uint32_t>(std::find(own.begin(), own.end(), at) - own.begin());
        for (bool go_left : {true, false}) {
          const auto child = static_cast<uint32_t>(go_left ? node.left : node.right);
          const double saved = path.zero[slot];
          path.zero[slot] *= cover[child] / cover[at];
          steps.push_back({k, slot, go_left});
          self(self, child);
          steps.pop_back();
          path.zero[slot] = saved;
        }
        path.leave(added);
      };
      leaves(leaves, root);
      e->units_.push_back(u);
    };
    // `side_left`: which of its parent's children this is.
    auto walk = [&](auto&& self, uint32_t at, uint32_t parent, int depth,
                    bool side_left) -> double {
      const Node& node = local[at];
      if (internal[at] <= kUnitNodes) {
        add_unit(at, parent, side_left);
        auto mean = [&](auto&& m, uint32_t i) -> double {
          const Node& x = local[i];
          if (x.feature < 0) return x.leaf_value;
          const auto l = static_cast<uint32_t>(x.left), r = static_cast<uint32_t>(x.right);
          return (m(m, l) * cover[l] + m(m, r) * cover[r]) / cover[i];
        };
        return mean(mean, at);
      }
      const auto here = static_cast<uint32_t>(e->shap_nodes_.size());
      ShapNode sn;
      sn.feature = e->keyed_feature(node);
      sn.threshold = node.threshold;
      node_parents.emplace_back(parent, side_left);
      shap_depth.push_back(depth);
      bool added = false;
      const uint32_t slot = prefix.enter(static_cast<uint32_t>(node.feature), added);
      sn.bit = static_cast<uint16_t>(1u << slot);
      e->shap_nodes_.push_back(sn);
      double mean = 0;
      for (bool go_left : {true, false}) {
        const auto child = static_cast<uint32_t>(go_left ? node.left : node.right);
        // A feature split on twice is one player: its fractions multiply.
        const double saved = prefix.zero[slot];
        prefix.zero[slot] *= cover[child] / cover[at];
        const double value = self(self, child, here, depth + 1, go_left);
        prefix.zero[slot] = saved;
        mean += value * cover[child];
      }
      prefix.leave(added);
      return mean / cover[at];
    };
    try {
      e->bias_[group] += walk(walk, 0, kNoParent, 0, false);
    } catch (const std::length_error&) {
      return nullptr;  // SHAP tables too large for this ensemble
    }
  }
  // The SHAP pass visits the nodes above the units level by level across all trees: each node
  // needs its parent's result, and in preorder that would chain every left child to the store
  // just before it.
  const size_t n = e->shap_nodes_.size();
  std::vector<uint32_t> order(n), position(n);
  for (uint32_t i = 0; i < n; ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](uint32_t a, uint32_t b) { return shap_depth[a] < shap_depth[b]; });
  for (uint32_t k = 0; k < n; ++k) position[order[k]] = k;
  auto failed_index = [&](const std::pair<uint32_t, bool>& parent) {
    if (parent.first == kNoParent) return static_cast<uint32_t>(2 * n);
    return 2 * position[parent.first] + (parent.second ? 0 : 1);
  };
  std::vector<ShapNode> leveled(n);
  for (uint32_t k = 0; k < n; ++k) {
    leveled[k] = e->shap_nodes_[order[k]];
    leveled[k].failed_index = failed_index(node_parents[order[k]]);
  }
  e->shap_nodes_ = std::move(leveled);
  for (size_t u = 0; u < e->units_.size(); ++u) {
    e->units_[u].failed_index = failed_index(unit_parents[u]);
  }

  for (uint32_t u = 0; u < e->units_.size(); ++u) {
    for (uint32_t feature : unit_features[u]) {
      e->unit_columns_.push_back(
          static_cast<uint16_t>(e->units_[u].group * e->n_features_ + feature));
    }
  }
  return e;
}

std::unique_ptr<TreeEnsemble> TreeEnsemble::from_booster(const xgb::Booster& booster) {
  // UBJSON: XGBoost writes and nlohmann reads it several times faster than JSON text.
  auto e = from_xgboost_ubjson(booster.save_ubj());
  if (!e) return nullptr;
  // Probe rows: all missing, all zero, all one.
  const size_t nf = e->n_features_;
  std::vector<float> probe(3 * nf, std::numeric_limits<float>::quiet_NaN());
  std::fill(probe.begin() + nf, probe.begin() + 2 * nf, 0.0f);
  std::fill(probe.begin() + 2 * nf, probe.end(), 1.0f);
  xgb::DMatrix d(probe.data(), 3, nf, 1);
  auto same = [](const std::vector<float>& a, const std::vector<float>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (!(std::fabs(a[i] - b[i]) <= 1e-4f * std::max(1.0f, std::fabs(b[i])))) return false;
    }
    return true;
  };
  std::vector<float> p, c;
  e->predict(probe.data(), 3, p);
  e->contributions(probe.data(), 3, c);
  if (!same(p, booster.predict(d)) || !same(c, booster.contributions(d))) return nullptr;
  return e;
}

void TreeEnsemble::margins(const float* x, double* margin) const {
  std::copy(base_margin_.begin(), base_margin_.end(), margin);
  const float* const row = keyed_row(x);
  for (size_t t = 0; t < roots_.size(); ++t) {
    const Node* node = &nodes_[roots_[t]];
    while (node->feature >= 0) {
      node = &nodes_[row[keyed_feature(*node)] < node->threshold ? node->left : node->right];
    }
    margin[tree_group_[t]] += node->leaf_value;
  }
}

void TreeEnsemble::append_probabilities(std::vector<double>& margin,
                                        std::vector<float>& out) const {
  if (!softmax_) {
    out.push_back(static_cast<float>(1.0 / (1.0 + std::exp(-margin[0]))));
    return;
  }
  double top = *std::max_element(margin.begin(), margin.end()), sum = 0;
  for (double& m : margin) sum += (m = std::exp(m - top));
  for (double m : margin) out.push_back(static_cast<float>(m / sum));
}

void TreeEnsemble::predict(const float* x, size_t rows, std::vector<float>& out) const {
  std::vector<double> margin(n_groups_);
  for (size_t r = 0; r < rows; ++r) {
    margins(x + r * n_features_, margin.data());
    append_probabilities(margin, out);
  }
}

void TreeEnsemble::contributions(const float* x, size_t rows, std::vector<float>& out,
                                 std::vector<float>* probabilities) const {
  const size_t width = n_features_ + 1, n = shap_nodes_.size(), n_units = units_.size();
  const size_t columns = n_groups_ * n_features_;
  // Units whose table rows are located (and their cache misses started) before the first of them
  // is added: enough misses in flight to hide most of their latency, few enough to stay in L1.
  constexpr size_t kLag = 32;
  // Consecutive units share their path's top features; added into the same sums, each add would
  // wait for the previous one's store. Units take turns over this many sets of sums instead.
  constexpr size_t kSums = 4;
  // Per-thread scratch: this runs per request, and fresh buffers of this size cost a malloc
  // consolidation each. Entry 2n is the roots' parent's: nothing failed.
  thread_local std::vector<uint16_t> failed_buffer;
  thread_local std::vector<double> sums_buffer;
  thread_local std::vector<double> phi_buffer;
  // Every other entry is written before it is read (a parent precedes its children).
  failed_buffer.resize(2 * n + 1);
  failed_buffer[2 * n] = 0;
  sums_buffer.resize(kSums * columns);
  phi_buffer.resize(n_groups_ * width);
  // Raw pointers, taken once: the loops below then keep them in registers.
  uint16_t* const failed = failed_buffer.data();
  double* const sums = sums_buffer.data();
  double* const phi = phi_buffer.data();
  const ShapNode* const nodes = shap_nodes_.data();
  const Unit* const units = units_.data();
  const float* const tables = tables_.data();
  for (size_t r = 0; r < rows; ++r) {
    const float* const row = keyed_row(x + r * n_features_);
    // One pass, level by level: for each node's two children, the slots whose conditions fail on
    // the way to them. That is what failed on the way to the node, plus the node's own slot for
    // the child on the side the row does not take.
    for (size_t i = 0; i < n; ++i) {
      const ShapNode s = nodes[i];
      const uint16_t above = failed[s.failed_index];
      const auto left = static_cast<uint16_t>(-static_cast<uint16_t>(row[s.feature] < s.threshold));
      failed[2 * i] = above | (s.bit & ~left);
      failed[2 * i + 1] = above | (s.bit & left);
    }
    std::fill(sums, sums + kSums * columns, 0.0);
    const uint16_t* column = unit_columns_.data();
    uint32_t located[kLag];
    auto add_row = [&](size_t u) {
      double* const to = sums + u % kSums * columns;
      const float* const from = tables + located[u % kLag];
      const size_t w = units[u].width;
      for (size_t k = 0; k < w; ++k) to[column[k]] += from[k];
      column += w;
    };
    for (size_t u = 0; u < n_units; ++u) {
      // The unit's table row: the slots above it still satisfied, then its nodes' directions.
      const Unit& unit = units[u];
      const unsigned pattern =
          ~static_cast<unsigned>(failed[unit.failed_index]) & ((1u << unit.p) - 1);
      unsigned directions = 0;
      for (size_t k = 0; k < kUnitNodes; ++k) {
        const float v = row[unit.feature[k]];
        directions |= static_cast<unsigned>(v < unit.threshold[k]) << k;
      }
      if (u >= kLag) add_row(u - kLag);
      located[u % kLag] = unit.table_begin + ((pattern << unit.m) | directions) * unit.width;
      __builtin_prefetch(tables + located[u % kLag]);
    }
    for (size_t u = n_units > kLag ? n_units - kLag : 0; u < n_units; ++u) add_row(u);
    for (size_t c = 0; c < columns; ++c) {
      double sum = 0;
      for (size_t k = 0; k < kSums; ++k) sum += sums[k * columns + c];
      phi[c / n_features_ * width + c % n_features_] = sum;
    }
    for (size_t g = 0; g < n_groups_; ++g) phi[g * width + n_features_] = bias_[g];
    out.insert(out.end(), phi, phi + n_groups_ * width);
    if (probabilities) {
      // The contributions sum to the margin (SHAP's local accuracy).
      thread_local std::vector<double> margin;
      margin.assign(n_groups_, 0.0);
      for (size_t g = 0; g < n_groups_; ++g) {
        for (size_t f = 0; f < width; ++f) margin[g] += phi[g * width + f];
      }
      append_probabilities(margin, *probabilities);
    }
  }
}

}  // namespace exodetect::ml
