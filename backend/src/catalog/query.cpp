// Queries over a catalogue: filter by disposition, numeric ranges and names, then sort and page.

#include "exodetect/catalog/query.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "exodetect/common/strings.hpp"
#include "name_match.hpp"

namespace exodetect::catalog {

using common::iequals;

CatalogPage query_catalog(const Catalog& catalog, const CatalogQuery& query) {
  struct Range {
    size_t column;
    double min, max;
  };
  std::vector<Range> ranges;
  for (const auto& r : query.ranges) {
    auto c = catalog.column(r.column);
    if (!c) throw std::invalid_argument("unknown column '" + r.column + "' in range filter");
    if (!catalog.is_numeric_column(*c)) {
      throw std::invalid_argument("column '" + r.column + "' is not numeric");
    }
    if (r.min > r.max) throw std::invalid_argument("range for '" + r.column + "' has min > max");
    ranges.push_back({*c, r.min, r.max});
  }
  std::optional<size_t> sort_col;
  if (!query.sort_by.empty()) {
    sort_col = catalog.column(query.sort_by);
    if (!sort_col) throw std::invalid_argument("unknown sort column '" + query.sort_by + "'");
  }
  const NameMatch names(catalog, query.text);

  std::vector<size_t> hits;
  for (size_t r = 0; r < catalog.size(); ++r) {
    if (!query.disposition.empty() && !iequals(catalog.disposition(r), query.disposition)) {
      continue;
    }
    const bool in_ranges = std::all_of(ranges.begin(), ranges.end(), [&](const Range& range) {
      const double v = catalog.number(r, range.column);
      return v >= range.min && v <= range.max;
    });
    if (!in_ranges || (!names.empty() && !names.matches(r))) continue;
    hits.push_back(r);
  }

  // Exact name matches first; a column sort the client asks for wins, these ranks breaking its
  // ties.
  if (!names.empty()) {
    std::vector<int> ranks(catalog.size(), 2);
    for (size_t r : hits) ranks[r] = names.rank(r);
    std::stable_sort(hits.begin(), hits.end(),
                     [&](size_t a, size_t b) { return ranks[a] < ranks[b]; });
  }
  if (sort_col) {
    size_t c = *sort_col;
    bool numeric = catalog.is_numeric_column(c), desc = query.descending;
    std::stable_sort(hits.begin(), hits.end(), [&](size_t a, size_t b) {
      if (numeric) {
        double x = catalog.number(a, c), y = catalog.number(b, c);
        bool xm = !std::isfinite(x), ym = !std::isfinite(y);
        if (xm || ym) return !xm && ym;  // missing values last in either direction
        return desc ? x > y : x < y;
      }
      const std::string_view x = catalog.text(a, c), y = catalog.text(b, c);
      if (x.empty() || y.empty()) return !x.empty() && y.empty();
      return desc ? x > y : x < y;
    });
  }

  CatalogPage page;
  page.total = hits.size();
  page.rows = nlohmann::json::array();
  size_t begin = std::min(query.offset, hits.size());
  size_t end = std::min(hits.size(), begin + query.limit);
  for (size_t i = begin; i < end; ++i) page.rows.push_back(row_json(catalog, hits[i]));
  return page;
}

}  // namespace exodetect::catalog
