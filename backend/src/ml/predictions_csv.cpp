#include "exodetect/ml/predictions_csv.hpp"

#include <map>

#include "exodetect/common/csv.hpp"

namespace exodetect::ml {

using common::csv_cell;

std::string predictions_csv(const nlohmann::json& result) {
  std::string csv = "row,id,planet_probability,label,scored_with,top_features,error\n";
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
    lines[row] = std::to_string(row) + "," +
                 csv_cell(id.is_string() ? id.get<std::string>()
                          : id.is_null() ? ""
                                         : id.dump()) +
                 "," + nlohmann::json(p.value("planet_probability", 0.0)).dump() + "," +
                 csv_cell(p.value("label", "")) + "," + csv_cell(p.value("scored_with", "")) + "," +
                 csv_cell(features) + ",\n";
  }
  for (const auto& e : result.value("errors", nlohmann::json::array())) {
    const size_t row = e.value("row", size_t(0));
    lines[row] = std::to_string(row) + ",,,,,," + csv_cell(e.value("message", "")) + "\n";
  }
  for (const auto& [row, line] : lines) csv += line;
  return csv;
}

}  // namespace exodetect::ml
