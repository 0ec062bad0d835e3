#pragma once
// The training parameters, declared once: `POST /api/v1/models/train`'s validation and schema
// and `exodetect train`'s options are derived from this table.

#include "exodetect/common/parameters.hpp"
#include "exodetect/ml/model.hpp"

namespace exodetect::ml {

// One entry per parameter. Adding one: a field in TrainOptions (its default there) and one entry
// here (train_parameters.cpp).
const common::ParameterTable<TrainOptions>& train_parameters();

}  // namespace exodetect::ml
