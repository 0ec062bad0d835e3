// Catalogue rows as JSON: as the API shows them, and in the canonical feature schema.

#include <cmath>

#include "exodetect/catalog/features.hpp"
#include "exodetect/catalog/query.hpp"
#include "exodetect/common/strings.hpp"

namespace exodetect::catalog {

using common::to_lower;

namespace {

bool is_uncertainty_column(const std::string& name) {
  auto ends = [&](std::string_view suffix) {
    return name.size() > suffix.size() &&
           name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0;
  };
  return ends("err1") || ends("err2") || ends("lim") || name == "loc_rowid";
}

nlohmann::json number_or_null(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json row_json(const Catalog& catalog, size_t row) {
  nlohmann::json out = nlohmann::json::object();
  out["id"] = catalog.id(row);
  out["group"] = catalog.group(row);
  out["disposition"] = catalog.disposition(row);
  PlanetLabel label = catalog.label(row);
  out["label"] = label == PlanetLabel::kPlanet          ? nlohmann::json("planet")
                 : label == PlanetLabel::kFalsePositive ? nlohmann::json("false_positive")
                                                        : nlohmann::json(nullptr);
  out["catalog"] = to_string(catalog.kind());
  const auto& columns = catalog.columns();
  for (size_t c = 0; c < columns.size(); ++c) {
    if (is_uncertainty_column(to_lower(columns[c]))) continue;
    if (catalog.is_numeric_column(c)) {
      out[columns[c]] = number_or_null(catalog.number(row, c));
    } else {
      const std::string_view t = catalog.text(row, c);
      out[columns[c]] = t.empty() ? nlohmann::json(nullptr) : nlohmann::json(t);
    }
  }
  return out;
}

std::optional<nlohmann::json> find_row_json(const Catalog& catalog, std::string_view id) {
  auto row = catalog.find(id);
  if (!row) return std::nullopt;
  return row_json(catalog, *row);
}

nlohmann::json canonical_row_json(const Catalog& catalog, size_t row) {
  // Only the features the export has a column for: a column the export lacks is not the same
  // as an empty cell (the KOI table's empty uncertainties mark failed fits), and the scorer is
  // chosen by which columns a row names.
  nlohmann::json out = nlohmann::json::object();
  const auto& columns = catalog.columns();
  for (size_t c = 0; c < columns.size(); ++c) {
    auto name = canonical_feature_name(columns[c]);
    if (name && (!out.contains(*name) || out[*name].is_null())) {
      out[*name] = number_or_null(catalog.number(row, c));
    }
  }
  for (const ContextFeature& f : context_features()) {
    out[f.name] = number_or_null((catalog.*f.value)(row));
  }
  return out;
}

}  // namespace exodetect::catalog
