#include "exodetect/ml/predictions_csv.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "exodetect/common/csv.hpp"
#include "exodetect/common/file_io.hpp"
#include "exodetect/common/strings.hpp"

namespace exodetect::ml {

using common::csv_cell;

KeptColumns kept_input_columns(const std::string& bytes) {
  KeptColumns kept;
  try {
    const std::string text = common::maybe_gunzip(bytes);
    common::CsvOptions options;
    options.has_header = true;
    common::CsvRows table(text, options);
    std::vector<size_t> index;
    for (size_t c = 0; c < table.header().size(); ++c) {
      const std::string name = common::to_lower(table.header()[c]);
      if (std::find(kKeptInputColumns.begin(), kKeptInputColumns.end(), name) !=
          kKeptInputColumns.end()) {
        index.push_back(c);
        kept.names.push_back(table.header()[c]);
      }
    }
    if (index.empty()) return kept;
    std::vector<std::string_view> cells;
    while (table.next(cells)) {
      std::vector<std::string> row;
      row.reserve(index.size());
      for (size_t c : index) row.emplace_back(cells[c]);
      kept.values.push_back(std::move(row));
    }
  } catch (const std::invalid_argument&) {
    return {};  // not a CSV table: the scores alone
  }
  return kept;
}

std::string predictions_csv(const nlohmann::json& result, const KeptColumns& kept) {
  std::string kept_header;
  for (const auto& name : kept.names) kept_header += csv_cell(name) + ",";
  std::string csv =
      "row," + kept_header + "id,planet_probability,label,scored_with,top_features,error\n";
  // The row number and the input's own cells, then what the model said.
  auto start = [&](size_t row) {
    std::string line = std::to_string(row) + ",";
    for (size_t c = 0; c < kept.names.size(); ++c) {
      line += (row < kept.values.size() ? csv_cell(kept.values[row][c]) : std::string()) + ",";
    }
    return line;
  };
  std::map<size_t, std::string> lines;
  for (const auto& p : result.value("predictions", nlohmann::json::array())) {
    std::string features;
    for (const auto& e : p.value("explanation", nlohmann::json::array())) {
      if (!features.empty()) features += ";";
      features +=
          e.value("feature", "") + ":" + nlohmann::json(e.value("contribution", 0.0)).dump();
    }
    const size_t row = p.value("row", size_t(0));
    const nlohmann::json id = p.value("id", nlohmann::json());
    lines[row] = start(row) +
                 csv_cell(id.is_string() ? id.get<std::string>()
                          : id.is_null() ? ""
                                         : id.dump()) +
                 "," + nlohmann::json(p.value("planet_probability", 0.0)).dump() + "," +
                 csv_cell(p.value("label", "")) + "," + csv_cell(p.value("scored_with", "")) + "," +
                 csv_cell(features) + ",\n";
  }
  for (const auto& e : result.value("errors", nlohmann::json::array())) {
    const size_t row = e.value("row", size_t(0));
    lines[row] = start(row) + ",,,,," + csv_cell(e.value("message", "")) + "\n";
  }
  for (const auto& [row, line] : lines) csv += line;
  return csv;
}

}  // namespace exodetect::ml
