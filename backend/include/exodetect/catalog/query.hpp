#pragma once

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "exodetect/catalog/catalog.hpp"

// Queries over a catalogue and its rows as the API shows them (query.cpp, row_json.cpp).
namespace exodetect::catalog {

struct RangeFilter {
  std::string column;  // catalogue column name
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
};

struct CatalogQuery {
  std::string text;         // case-insensitive substring of id, host/group or any name column
  std::string disposition;  // exact disposition (case-insensitive); empty: all
  std::vector<RangeFilter> ranges;  // rows with a missing value in a filtered column are dropped
  std::string sort_by;              // column name; empty: file order. Missing values sort last.
  bool descending = false;
  size_t offset = 0;
  size_t limit = 50;
};

struct CatalogPage {
  size_t total = 0;     // rows matching the query before offset/limit
  nlohmann::json rows;  // array of row_json objects
};

// Pure query over a catalogue. Throws std::invalid_argument for an unknown column in ranges or
// sort_by, or min > max.
CatalogPage query_catalog(const Catalog& catalog, const CatalogQuery& query);

// One row as a JSON object: {"id", "group", "disposition", "label" ("planet" | "false_positive"
// | null), "catalog"} plus the useful columns (every column except uncertainty/limit ones), with
// numbers as numbers and NaN/empty as null.
nlohmann::json row_json(const Catalog& catalog, size_t row);

// row_json of the row with that id, or nullopt.
std::optional<nlohmann::json> find_row_json(const Catalog& catalog, std::string_view id);

}  // namespace exodetect::catalog
