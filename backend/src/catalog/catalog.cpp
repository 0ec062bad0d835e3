#include "exodetect/catalog/catalog.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <numeric>
#include <stdexcept>
#include <unordered_map>

#include "exodetect/catalog/features.hpp"
#include "exodetect/common/constants.hpp"
#include "exodetect/common/csv.hpp"
#include "exodetect/common/file_io.hpp"
#include "exodetect/common/strings.hpp"

namespace exodetect::catalog {

using common::CsvOptions;
using common::CsvRows;
using common::find_column;
using common::kPi;
using common::maybe_gunzip;
using common::parse_number;
using common::read_file_bytes;
using common::to_lower;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

bool has(const std::vector<std::string>& header, std::string_view name) {
  std::string n = to_lower(name);
  return std::any_of(header.begin(), header.end(),
                     [&](const std::string& h) { return to_lower(h) == n; });
}

struct Layout {
  const char* id;
  const char* group;
  const char* disposition;
  const char* epoch;  // transit epoch column, for ephemeris matching ("" when none)
};

Layout layout(CatalogKind kind) {
  switch (kind) {
    case CatalogKind::kKoi:
      return {"kepoi_name", "kepid", "koi_disposition", "koi_time0bk"};
    case CatalogKind::kToi:
      return {"toi", "tid", "tfopwg_disp", "pl_tranmid"};
    case CatalogKind::kK2:
      return {"pl_name", "hostname", "disposition", "pl_tranmid"};
  }
  return {"", "", "", ""};
}

// Signals on other stars whose period matches to 0.1% and whose epochs agree to 2% of a period:
// the Kepler "ephemeris match" test for light leaking from a neighbouring eclipsing binary.
std::vector<double> ephemeris_matches(const std::vector<double>& period,
                                      const std::vector<double>& epoch,
                                      const std::vector<std::string>& group) {
  size_t n = period.size();
  std::vector<double> out(n, kNaN);
  std::vector<size_t> order;
  for (size_t i = 0; i < n; ++i) {
    if (std::isfinite(period[i]) && period[i] > 0) order.push_back(i);
  }
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return period[a] < period[b]; });
  std::vector<double> sorted(order.size());
  for (size_t k = 0; k < order.size(); ++k) sorted[k] = period[order[k]];
  for (size_t i : order) {
    if (!std::isfinite(epoch[i])) continue;
    double p = period[i];
    auto lo = std::lower_bound(sorted.begin(), sorted.end(), p * (1 - 1e-3));
    auto hi = std::upper_bound(sorted.begin(), sorted.end(), p * (1 + 1e-3));
    int count = 0;
    for (auto it = lo; it != hi; ++it) {
      size_t j = order[static_cast<size_t>(it - sorted.begin())];
      if (group[j] == group[i] || !std::isfinite(epoch[j])) continue;
      double phase = std::fmod(std::fabs(epoch[j] - epoch[i]) / p, 1.0);
      if (std::min(phase, 1 - phase) < 0.02) ++count;
    }
    out[i] = count;
  }
  return out;
}

// Nearest other star with a signal in the same table, from the hosts' positions. A target close
// to another target that also shows a signal is often lit by the same eclipsing binary: the
// contamination Kepler's centroid and ephemeris tests look for in the pixels.
struct Neighbours {
  std::vector<double> distance_arcsec, delta_mag, within_arcmin;  // per row, NaN when unknown
};

Neighbours nearest_neighbours(const std::vector<double>& ra_deg, const std::vector<double>& dec_deg,
                              const std::vector<double>& magnitude,
                              const std::vector<std::string>& group) {
  constexpr double kDeg = kPi / 180.0;
  constexpr double kArcmin = 60.0;  // arcsec
  size_t n = group.size();
  Neighbours out{std::vector<double>(n, kNaN), std::vector<double>(n, kNaN),
                 std::vector<double>(n, kNaN)};
  // One position per star (its first row with one).
  std::unordered_map<std::string, size_t> star_of_group;
  std::vector<size_t> star_row;
  for (size_t r = 0; r < n; ++r) {
    if (!std::isfinite(ra_deg[r]) || !std::isfinite(dec_deg[r])) continue;
    if (star_of_group.emplace(group[r], star_row.size()).second) star_row.push_back(r);
  }
  size_t stars = star_row.size();
  if (stars < 2) return out;
  std::vector<size_t> order(stars);
  std::iota(order.begin(), order.end(), 0);
  auto dec = [&](size_t s) { return dec_deg[star_row[s]]; };
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return dec(a) < dec(b); });
  auto separation_arcsec = [&](size_t a, size_t b) {
    double d1 = dec(a) * kDeg, d2 = dec(b) * kDeg;
    double dra = (ra_deg[star_row[a]] - ra_deg[star_row[b]]) * kDeg;
    double h = std::pow(std::sin((d2 - d1) / 2), 2) +
               std::cos(d1) * std::cos(d2) * std::pow(std::sin(dra / 2), 2);
    return 2 * std::asin(std::min(1.0, std::sqrt(h))) / kDeg * 3600.0;
  };
  std::vector<double> distance(stars), count(stars);
  std::vector<size_t> nearest(stars);
  for (size_t k = 0; k < stars; ++k) {
    size_t a = order[k];
    double best = std::numeric_limits<double>::infinity();
    int within = 0;
    // Stars further in declination alone than the best so far (and than an arcminute) cannot
    // be nearer, so each scan stops early.
    auto scan = [&](size_t j) {
      size_t b = order[j];
      if ((std::fabs(dec(b) - dec(a)) * 3600.0) >= std::max(best, kArcmin)) return false;
      double sep = separation_arcsec(a, b);
      if (sep < best) {
        best = sep;
        nearest[a] = b;
      }
      if (sep < kArcmin) ++within;
      return true;
    };
    for (size_t j = k + 1; j < stars && scan(j); ++j) {
    }
    for (size_t j = k; j-- > 0 && scan(j);) {
    }
    distance[a] = best;
    count[a] = within;
  }
  for (size_t r = 0; r < n; ++r) {
    auto it = star_of_group.find(group[r]);
    if (it == star_of_group.end()) continue;
    size_t s = it->second;
    out.distance_arcsec[r] = distance[s];
    // A neighbour's brightness matters only when it is close enough to spill light in.
    if (distance[s] < kArcmin) {
      out.delta_mag[r] = magnitude[star_row[nearest[s]]] - magnitude[star_row[s]];
    }
    out.within_arcmin[r] = count[s];
  }
  return out;
}

// The other signals on the same star, label-free. A false positive often echoes another
// signal on its star: the secondary eclipse or a harmonic of an eclipsing binary (period ratio
// near 1 or a small integer, very different depth), while true multi-planet systems have
// distinct, often near-resonant periods and similar depths.
struct Siblings {
  // per row, NaN when unknown (no other signal on the star, or no period / depth)
  std::vector<double> log_period_ratio, depth_ratio, resonance_offset, same_period_count,
      depth_fraction_of_max;
};

Siblings sibling_features(const std::vector<double>& period_days,
                          const std::vector<double>& depth_ppm,
                          const std::vector<std::string>& group) {
  // Small-integer period ratios n/m (n <= 5, m <= 2) that eclipsing binaries and their
  // harmonics produce; the ratio is taken >= 1.
  static const double kRatios[] = {1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0};
  size_t n = group.size();
  Siblings out{std::vector<double>(n, kNaN), std::vector<double>(n, kNaN),
               std::vector<double>(n, kNaN), std::vector<double>(n, kNaN),
               std::vector<double>(n, kNaN)};
  std::unordered_map<std::string, std::vector<size_t>> rows_of;
  for (size_t r = 0; r < n; ++r) rows_of[group[r]].push_back(r);
  for (const auto& entry : rows_of) {
    const std::vector<size_t>& rows = entry.second;
    double max_depth = kNaN;
    for (size_t r : rows) {
      if (depth_ppm[r] > 0 && !(depth_ppm[r] <= max_depth)) max_depth = depth_ppm[r];
    }
    for (size_t r : rows) {
      if (depth_ppm[r] > 0) out.depth_fraction_of_max[r] = depth_ppm[r] / max_depth;
      if (rows.size() < 2) continue;
      out.same_period_count[r] = 0;
      if (!(period_days[r] > 0)) continue;
      for (size_t s : rows) {
        if (s == r || !(period_days[s] > 0)) continue;
        double ratio =
            std::max(period_days[r], period_days[s]) / std::min(period_days[r], period_days[s]);
        double log_ratio = std::log(ratio);
        // The sibling nearest in period (the first of equals) sets the depth ratio.
        if (!(log_ratio >= out.log_period_ratio[r])) {
          out.log_period_ratio[r] = log_ratio;
          out.depth_ratio[r] = depth_ppm[s] > 0 ? depth_ppm[r] / depth_ppm[s] : kNaN;
        }
        for (double q : kRatios) {
          double offset = std::fabs(ratio - q) / q;
          if (!(offset >= out.resonance_offset[r])) out.resonance_offset[r] = offset;
        }
        if (ratio - 1 < 0.01) out.same_period_count[r] += 1;
      }
    }
  }
  return out;
}

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

std::string to_string(CatalogKind kind) {
  switch (kind) {
    case CatalogKind::kKoi:
      return "koi";
    case CatalogKind::kToi:
      return "toi";
    case CatalogKind::kK2:
      return "k2";
  }
  return "koi";
}

CatalogKind catalog_kind_from_string(std::string_view name) {
  std::string n = to_lower(name);
  if (n == "koi") return CatalogKind::kKoi;
  if (n == "toi") return CatalogKind::kToi;
  if (n == "k2") return CatalogKind::kK2;
  throw std::invalid_argument("unknown catalogue '" + std::string(name) +
                              "' (expected koi, toi or k2)");
}

PlanetLabel planet_label(CatalogKind kind, std::string_view disposition) {
  std::string d = upper(disposition);
  switch (kind) {
    case CatalogKind::kKoi:
      if (d == "CONFIRMED") return PlanetLabel::kPlanet;
      if (d == "FALSE POSITIVE") return PlanetLabel::kFalsePositive;
      break;
    case CatalogKind::kToi:
      if (d == "CP" || d == "KP") return PlanetLabel::kPlanet;
      if (d == "FP" || d == "FA") return PlanetLabel::kFalsePositive;
      break;
    case CatalogKind::kK2:
      if (d == "CONFIRMED") return PlanetLabel::kPlanet;
      if (d == "FALSE POSITIVE" || d == "REFUTED") return PlanetLabel::kFalsePositive;
      break;
  }
  return PlanetLabel::kUnlabelled;
}

int three_class_label(CatalogKind kind, std::string_view disposition) {
  PlanetLabel label = planet_label(kind, disposition);
  if (label == PlanetLabel::kPlanet) return 2;
  if (label == PlanetLabel::kFalsePositive) return 0;
  std::string d = upper(disposition);
  bool candidate = kind == CatalogKind::kToi ? (d == "PC" || d == "APC") : d == "CANDIDATE";
  return candidate ? 1 : -1;
}

std::optional<size_t> Catalog::column(std::string_view name) const {
  std::string n = to_lower(name);
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (to_lower(columns_[i]) == n) return i;
  }
  return std::nullopt;
}

double Catalog::number(size_t row, std::string_view column_name) const {
  auto c = column(column_name);
  return c ? numbers_[*c][row] : kNaN;
}

std::optional<size_t> Catalog::find(std::string_view id) const {
  std::string n = to_lower(id);
  for (size_t i = 0; i < ids_.size(); ++i) {
    if (to_lower(ids_[i]) == n) return i;
  }
  return std::nullopt;
}

double galactic_latitude_deg(double ra_deg, double dec_deg) {
  // North galactic pole, J2000.
  constexpr double kDeg = kPi / 180.0;
  constexpr double kPoleRa = 192.85948 * kDeg, kPoleDec = 27.12825 * kDeg;
  double ra = ra_deg * kDeg, dec = dec_deg * kDeg;
  double s = std::sin(dec) * std::sin(kPoleDec) +
             std::cos(dec) * std::cos(kPoleDec) * std::cos(ra - kPoleRa);
  return std::asin(std::clamp(s, -1.0, 1.0)) / kDeg;
}

std::optional<CatalogKind> detect_kind(const std::vector<std::string>& header) {
  if (has(header, "kepoi_name") && has(header, "koi_disposition")) return CatalogKind::kKoi;
  if (has(header, "toi") && has(header, "tfopwg_disp")) return CatalogKind::kToi;
  if (has(header, "pl_name") && has(header, "disposition")) return CatalogKind::kK2;
  return std::nullopt;
}

Catalog parse_catalog(const std::string& bytes, std::optional<CatalogKind> kind) {
  CsvOptions options;
  options.has_header = true;
  const std::string text = maybe_gunzip(bytes);
  CsvRows table(text, options);  // rows are kept as strings only once they pass default_flag
  const std::vector<std::string>& header = table.header();
  std::optional<CatalogKind> detected = detect_kind(header);
  if (!kind) {
    if (!detected) {
      throw std::invalid_argument(
          "not a KOI, TOI or K2 catalogue export: expected kepoi_name + koi_disposition, toi + "
          "tfopwg_disp, or pl_name + disposition columns");
    }
    kind = detected;
  }
  Layout lay = layout(*kind);
  auto col = [&](const char* name) { return find_column(header, name); };
  for (const char* required : {lay.id, lay.disposition}) {
    if (!col(required)) {
      throw std::invalid_argument("the " + to_string(*kind) + " table has no '" + required +
                                  "' column");
    }
  }

  Catalog cat;
  cat.kind_ = *kind;
  cat.columns_ = header;
  // K2 lists each planet once per publication; default_flag == 1 marks the adopted row.
  std::optional<size_t> flag = *kind == CatalogKind::kK2 ? col("default_flag") : std::nullopt;
  std::vector<std::string_view> cells;
  while (table.next(cells)) {
    if (flag && parse_number(cells[*flag]).value_or(0) != 1) continue;
    cat.cells_.emplace_back(cells.begin(), cells.end());
  }
  if (cat.cells_.empty()) throw std::invalid_argument("the catalogue has no usable rows");

  size_t n = cat.cells_.size(), width = cat.columns_.size();
  cat.numbers_.assign(width, std::vector<double>(n, kNaN));
  cat.numeric_column_.assign(width, true);
  for (size_t c = 0; c < width; ++c) {
    bool any = false;
    for (size_t r = 0; r < n; ++r) {
      const std::string& cell = cat.cells_[r][c];
      if (cell.empty()) continue;
      if (auto v = parse_number(cell)) {
        cat.numbers_[c][r] = *v;
        any = true;
      } else if (to_lower(cell) != "nan") {
        cat.numeric_column_[c] = false;
      }
    }
    if (!any) cat.numeric_column_[c] = false;
  }

  size_t id_col = *col(lay.id), disp_col = *col(lay.disposition);
  std::optional<size_t> group_col = col(lay.group);
  cat.ids_.reserve(n);
  for (size_t r = 0; r < n; ++r) {
    cat.ids_.push_back(cat.cells_[r][id_col]);
    cat.dispositions_.push_back(cat.cells_[r][disp_col]);
    // A row without a host id is its own group, so it can never straddle folds with another.
    std::string g = group_col ? cat.cells_[r][*group_col] : std::string();
    cat.groups_.push_back(g.empty() ? "row:" + cat.ids_.back() : g);
  }

  std::unordered_map<std::string, int> per_group;
  for (const auto& g : cat.groups_) ++per_group[g];
  cat.system_count_.resize(n);
  for (size_t r = 0; r < n; ++r) cat.system_count_[r] = per_group[cat.groups_[r]];

  cat.candidate_index_.assign(n, kNaN);
  if (*kind != CatalogKind::kK2) {
    for (size_t r = 0; r < n; ++r) {
      const std::string& id = cat.ids_[r];
      size_t dot = id.rfind('.');
      if (dot == std::string::npos) continue;
      auto suffix = parse_number(std::string_view(id).substr(dot + 1));
      if (suffix && *suffix >= 1) cat.candidate_index_[r] = *suffix;
    }
  }

  cat.galactic_latitude_.resize(n);
  for (size_t r = 0; r < n; ++r) {
    cat.galactic_latitude_[r] = galactic_latitude_deg(cat.number(r, "ra"), cat.number(r, "dec"));
  }

  // Column of a canonical feature (the first alias present): NaN per row when there is none.
  auto canonical_column = [&](const std::string& feature) {
    for (size_t c = 0; c < width; ++c) {
      if (canonical_feature_name(cat.columns_[c]).value_or("") == feature) return cat.numbers_[c];
    }
    return std::vector<double>(n, kNaN);
  };
  std::vector<double> period = canonical_column("period_days"), epoch(n, kNaN);
  for (size_t r = 0; r < n; ++r) epoch[r] = cat.number(r, lay.epoch);
  cat.ephemeris_matches_ = ephemeris_matches(period, epoch, cat.groups_);
  Siblings siblings = sibling_features(period, canonical_column("depth_ppm"), cat.groups_);
  cat.sibling_log_period_ratio_ = std::move(siblings.log_period_ratio);
  cat.sibling_depth_ratio_ = std::move(siblings.depth_ratio);
  cat.sibling_resonance_offset_ = std::move(siblings.resonance_offset);
  cat.sibling_same_period_count_ = std::move(siblings.same_period_count);
  cat.depth_fraction_of_star_max_ = std::move(siblings.depth_fraction_of_max);

  std::vector<double> ra(n), dec(n);
  for (size_t r = 0; r < n; ++r) {
    ra[r] = cat.number(r, "ra");
    dec[r] = cat.number(r, "dec");
  }
  Neighbours neighbours = nearest_neighbours(ra, dec, canonical_column("magnitude"), cat.groups_);
  cat.neighbour_distance_ = std::move(neighbours.distance_arcsec);
  cat.neighbour_delta_mag_ = std::move(neighbours.delta_mag);
  cat.neighbour_count_ = std::move(neighbours.within_arcmin);
  return cat;
}

Catalog load_catalog(const std::string& path, std::optional<CatalogKind> kind) {
  return parse_catalog(read_file_bytes(path), kind);
}

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
      const std::string& t = catalog.text(row, c);
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

const std::vector<ContextFeature>& context_features() {
  static const std::vector<ContextFeature> kFeatures = {
      {"system_candidate_count", &Catalog::system_candidate_count},
      {"ephemeris_match_count", &Catalog::ephemeris_match_count},
      {"candidate_index", &Catalog::candidate_index},
      {"galactic_latitude_deg", &Catalog::galactic_latitude_deg},
      {"neighbour_distance_arcsec", &Catalog::neighbour_distance_arcsec},
      {"neighbour_delta_mag", &Catalog::neighbour_delta_mag},
      {"neighbours_within_arcmin", &Catalog::neighbours_within_arcmin},
      {"sibling_log_period_ratio", &Catalog::sibling_log_period_ratio},
      {"sibling_depth_ratio", &Catalog::sibling_depth_ratio},
      {"sibling_resonance_offset", &Catalog::sibling_resonance_offset},
      {"sibling_same_period_count", &Catalog::sibling_same_period_count},
      {"depth_fraction_of_star_max", &Catalog::depth_fraction_of_star_max}};
  return kFeatures;
}

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
  // Text matches the id, the host and any name-like column (kepler_name, hostname, pl_name).
  std::vector<size_t> name_cols;
  for (const char* n : {"kepler_name", "hostname", "pl_name", "kepoi_name", "toi", "tid"}) {
    if (auto c = catalog.column(n)) name_cols.push_back(*c);
  }
  std::string text = to_lower(query.text);
  std::string disposition = to_lower(query.disposition);

  // How well a row's names match the text: 0 a name equal to it, 1 a name that begins with it as
  // a whole word ("kepler-10" in "Kepler-10 b", "114" in "114.01"), 2 anywhere else.
  auto rank = [&](size_t r) {
    int best = 2;
    auto score = [&](const std::string& name) {
      std::string n = to_lower(name);
      if (n == text)
        best = 0;
      else if (n.size() > text.size() && n.compare(0, text.size(), text) == 0 &&
               !std::isalnum(static_cast<unsigned char>(n[text.size()])))
        best = std::min(best, 1);
    };
    score(catalog.id(r));
    score(catalog.group(r));
    for (size_t c : name_cols) score(catalog.text(r, c));
    return best;
  };

  std::vector<size_t> hits;
  for (size_t r = 0; r < catalog.size(); ++r) {
    if (!disposition.empty() && to_lower(catalog.disposition(r)) != disposition) continue;
    bool ok = true;
    for (const auto& range : ranges) {
      double v = catalog.number(r, range.column);
      if (!(v >= range.min && v <= range.max)) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    if (!text.empty()) {
      bool found = to_lower(catalog.id(r)).find(text) != std::string::npos ||
                   to_lower(catalog.group(r)).find(text) != std::string::npos;
      for (size_t c : name_cols) {
        if (found) break;
        found = to_lower(catalog.text(r, c)).find(text) != std::string::npos;
      }
      if (!found) continue;
    }
    hits.push_back(r);
  }

  // Exact name matches first; a column sort the client asks for wins, these ranks breaking its
  // ties.
  if (!text.empty()) {
    std::vector<int> ranks(catalog.size(), 2);
    for (size_t r : hits) ranks[r] = rank(r);
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
      const std::string &x = catalog.text(a, c), &y = catalog.text(b, c);
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
