#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace exodetect::ml {

// The archive's names for an object's id and its disposition in KOI, TOI and K2 exports: the
// columns of a scored CSV that its predictions keep beside the scores.
inline const std::vector<std::string> kKeptInputColumns = {
    "kepid",    "kepoi_name",      "kepler_name",      "toi",         "tid",        "pl_name",
    "hostname", "koi_disposition", "koi_pdisposition", "tfopwg_disp", "disposition"};

// An input CSV's kept columns (kKeptInputColumns found in its header, in the file's order, named
// as the file names them), one row of text cells per data row.
struct KeptColumns {
  std::vector<std::string> names;
  std::vector<std::vector<std::string>> values;
};

// The kept columns of a CSV upload (gzip or plain; '#' comment lines skipped); none when the
// bytes are not a CSV table with a header.
KeptColumns kept_input_columns(const std::string& bytes);

// The CSV form of Model::predict_rows' result, what the API's batch scoring answers to
// `Accept: text/csv` and `exodetect predict --format csv` prints:
//   row,<kept columns>,id,planet_probability,label,scored_with,top_features,error
// one line per input row in input order (`row` counts data rows from 0). A scored row leaves
// `error` empty and lists its explanation in `top_features` as feature:contribution pairs joined
// by ';' (largest first, log odds); a row that could not be scored has only `row`, its kept
// columns and `error`. Cells are quoted and neutralised as csv_cell does.
std::string predictions_csv(const nlohmann::json& result, const KeptColumns& kept = {});

}  // namespace exodetect::ml
