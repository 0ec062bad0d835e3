#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace exodetect::ml {

// The CSV form of Model::predict_rows' result, what the API's batch scoring answers to
// `Accept: text/csv` and `exodetect predict --format csv` prints:
//   row,id,planet_probability,label,scored_with,top_features,error
// one line per input row in input order. A scored row leaves `error` empty and lists its
// explanation in `top_features` as feature:contribution pairs joined by ';' (largest first, log
// odds); a row that could not be scored has only `row` and `error`. Cells are quoted and
// neutralised as csv_cell does.
std::string predictions_csv(const nlohmann::json& result);

}  // namespace exodetect::ml
