#include <cmath>

#include "exodetect/catalog/query.hpp"
#include "exodetect/common/csv.hpp"
#include "handlers.hpp"

namespace exodetect::server::handlers {

using common::parse_number;

namespace {

catalog::CatalogKind catalog_kind(const std::string& name) {
  try {
    return catalog::catalog_kind_from_string(name);
  } catch (const std::invalid_argument&) {
    throw ApiError(404, "not_found",
                   "unknown catalogue '" + name.substr(0, 40) + "' (koi, toi or k2)");
  }
}

// "column:min:max" with either bound optional.
catalog::RangeFilter range_filter(const std::string& spec) {
  const size_t a = spec.find(':');
  const size_t b = a == std::string::npos ? std::string::npos : spec.find(':', a + 1);
  if (a == 0 || b == std::string::npos) {
    throw ApiError(400, "bad_request",
                   "range must be column:min:max, got '" + spec.substr(0, 60) + "'");
  }
  catalog::RangeFilter filter;
  filter.column = spec.substr(0, a);
  auto bound = [&](const std::string& text, double fallback) {
    if (text.empty()) return fallback;
    auto v = parse_number(text);
    if (!v || std::isnan(*v)) {
      throw ApiError(400, "bad_request",
                     "range bound '" + text.substr(0, 40) + "' is not a number");
    }
    return *v;
  };
  filter.min = bound(spec.substr(a + 1, b - a - 1), filter.min);
  filter.max = bound(spec.substr(b + 1), filter.max);
  return filter;
}

}  // namespace

Response list_catalog(Service& s, Request& req) {
  const auto kind = catalog_kind(req.path_params["name"]);
  auto table = s.catalog_for(kind);
  catalog::CatalogQuery query;
  query.text = req.query_param("q").value_or("");
  query.disposition = req.query_param("disposition").value_or("");
  query.sort_by = req.query_param("sort").value_or("");
  const std::string order = req.query_param("order").value_or("asc");
  if (order != "asc" && order != "desc") {
    throw ApiError(400, "bad_request", "order must be asc or desc");
  }
  query.descending = order == "desc";
  query.offset = query_size(req, "offset", 0, 0, 10000000);
  query.limit = query_size(req, "limit", 50, 1, 500);
  for (auto [it, end] = req.query.equal_range("range"); it != end; ++it) {
    query.ranges.push_back(range_filter(it->second));
  }
  // Unknown or non-numeric columns in the query are the client's mistake.
  auto page = client_input([&] { return catalog::query_catalog(*table, query); });
  return Response::json({{"catalog", catalog::to_string(kind)},
                         {"total", page.total},
                         {"offset", query.offset},
                         {"limit", query.limit},
                         {"rows", std::move(page.rows)}});
}

Response get_catalog_object(Service& s, Request& req) {
  const auto kind = catalog_kind(req.path_params["name"]);
  auto table = s.catalog_for(kind);
  const std::string& id = req.path_params["id"];
  auto row = table->find(id);
  if (!row) {
    throw ApiError(404, "not_found",
                   "no " + catalog::to_string(kind) + " object " + id.substr(0, 60));
  }
  nlohmann::json out = catalog::row_json(*table, *row);
  out["model_score"] = nullptr;
  if (auto model = s.models->active()) {
    nlohmann::json scored =
        model->predict_rows(nlohmann::json::array({catalog::canonical_row_json(*table, *row)}));
    if (!scored["predictions"].empty()) {
      out["model_score"] = scored["predictions"][0];
    } else if (!scored["errors"].empty()) {
      out["model_score_error"] = scored["errors"][0].value("message", "");
    }
    out["model"] = model_summary(*model, true);
  }
  return Response::json(out);
}

}  // namespace exodetect::server::handlers
