// train_model checks its options against the training parameters' table (train_parameters.cpp),
// the same rules the API and the command line apply, before reading any data.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "exodetect/ml/model.hpp"

namespace exodetect::ml {
namespace {

std::string refusal(const TrainOptions& options) {
  try {
    train_model("not read", options, "/nonexistent/never-written.exomodel");
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(TrainOptions, OutsideTheParameterTableAreRefusedByName) {
  TrainOptions options;
  options.folds = 1;
  EXPECT_EQ(refusal(options).rfind("--folds must be in [2, 20]", 0), 0u) << refusal(options);
  options = {};
  options.n_trees = 5001;
  EXPECT_EQ(refusal(options).rfind("--trees must be in [1, 5000]", 0), 0u) << refusal(options);
  options = {};
  options.learning_rate = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(refusal(options), "--learning-rate must be a number");
  options = {};
  options.bags = 8;
  EXPECT_EQ(refusal(options).rfind("--bags must be in [1, 7]", 0), 0u) << refusal(options);
  options = {};
  options.task = "regression";
  EXPECT_EQ(refusal(options).rfind("--task must be one of", 0), 0u) << refusal(options);
}

}  // namespace
}  // namespace exodetect::ml
