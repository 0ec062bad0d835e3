#include "exodetect/ml/train_parameters.hpp"

namespace exodetect::ml {

using common::parameter;
using common::ParameterTable;

const ParameterTable<TrainOptions>& train_parameters() {
  using P = TrainOptions;
  static const ParameterTable<P> table = {
      // The API trains on a catalogue export the server holds, named by `catalog`; the command
      // line reads the format of its --data file, or detects it.
      parameter<P>(
          "catalog", [](auto& o) -> auto& { return o.catalog; },
          "the catalogue export in EXODETECT_CATALOG_DIR to train on")
          .one_of({"koi", "toi", "k2"})
          .default_value("koi")
          .api_only(),
      parameter<P>(
          "catalog", [](auto& o) -> auto& { return o.catalog; },
          "the format of the first --data file; auto: detected")
          .one_of({"koi", "toi", "k2", "auto"})
          .cli_only(),
      parameter<P>(
          "task", [](auto& o) -> auto& { return o.task; },
          "planet or not, or planet, candidate, false positive")
          .one_of({"binary", "multiclass"}),
      parameter<P>(
          "folds", [](auto& o) -> auto& { return o.folds; },
          "cross-validation folds, grouped by host star")
          .in(2, 20),
      parameter<P>(
          "seed", [](auto& o) -> auto& { return o.seed; },
          "random seed (results are identical for a seed)")
          .in(0, 4294967295.0),
      parameter<P>(
          "n_trees", [](auto& o) -> auto& { return o.n_trees; },
          "maximum boosting rounds (early stopping picks fewer)")
          .in(1, 5000)
          .cli("--trees"),
      parameter<P>(
          "max_depth", [](auto& o) -> auto& { return o.max_depth; }, "tree depth")
          .in(1, 16),
      parameter<P>(
          "learning_rate", [](auto& o) -> auto& { return o.learning_rate; }, "shrinkage (eta)")
          .in(1e-4, 1),
      parameter<P>(
          "subsample", [](auto& o) -> auto& { return o.subsample; }, "row subsample per tree")
          .in(0.05, 1),
      parameter<P>(
          "colsample", [](auto& o) -> auto& { return o.colsample; }, "column subsample per tree")
          .in(0.05, 1),
      parameter<P>(
          "min_child_weight", [](auto& o) -> auto& { return o.min_child_weight; },
          "minimum hessian per leaf")
          .in(0, 1000),
      parameter<P>(
          "bags", [](auto& o) -> auto& { return o.bags; },
          "boosters averaged, each early-stopped on its own seventh of the training "
          "rows; 1: one booster, several times faster to explain")
          .in(1, 7),
      parameter<P>(
          "balance_classes", [](auto& o) -> auto& { return o.balance_classes; },
          "weight the classes to equal total weight")
          .cli("--balance,!--no-balance"),
      parameter<P>(
          "early_stopping_rounds", [](auto& o) -> auto& { return o.early_stopping_rounds; },
          "early stopping's patience in rounds")
          .in(1, 5000)
          .cli("--early-stopping")
          .cli_only(),
      parameter<P>(
          "threads", [](auto& o) -> auto& { return o.threads; }, "worker threads; 0: all cores")
          .in(0, 1024)
          .cli_only(),
  };
  return table;
}

}  // namespace exodetect::ml
