#pragma once

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace exodetect::catalog {

// The NASA Exoplanet Archive exports exodetect reads.
enum class CatalogKind { kKoi, kToi, kK2 };

// "koi", "toi", "k2".
std::string to_string(CatalogKind kind);
// Parses "koi" / "toi" / "k2" (case-insensitive); throws std::invalid_argument otherwise.
CatalogKind catalog_kind_from_string(std::string_view name);

// Binary label: planet (KOI CONFIRMED, TOI CP/KP, K2 CONFIRMED) or false positive (KOI FALSE
// POSITIVE, TOI FP/FA, K2 FALSE POSITIVE/REFUTED); everything else is unlabelled.
enum class PlanetLabel { kUnlabelled = -1, kFalsePositive = 0, kPlanet = 1 };
PlanetLabel planet_label(CatalogKind kind, std::string_view disposition);

// Three classes: 0 false positive, 1 candidate (KOI CANDIDATE, TOI PC/APC, K2 CANDIDATE),
// 2 confirmed planet; -1 for a disposition that is none of these.
int three_class_label(CatalogKind kind, std::string_view disposition);

// The cells of one text column in one buffer: a table's text costs its characters and 8 bytes a
// cell, not a string object per cell.
class TextColumn {
 public:
  void reserve(size_t cells, size_t chars) {
    ends_.reserve(cells);
    chars_.reserve(chars);
  }
  void push_back(std::string_view cell) {
    chars_.append(cell);
    ends_.push_back(chars_.size());
  }
  size_t size() const { return ends_.size(); }
  bool empty() const { return ends_.empty(); }
  std::string_view operator[](size_t i) const {
    const size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(chars_).substr(begin, ends_[i] - begin);
  }

 private:
  std::string chars_;
  std::vector<size_t> ends_;  // where each cell ends in chars_
};

// A parsed catalogue in typed columns, filled while the export streams by: a column whose cells
// parse as numbers is kept as doubles (NaN where a cell is empty or not a number); the text of a
// column is kept only where it is text (a cell that is not a number) or names the row (id, host,
// disposition and the name columns the query matches), so memory follows the useful content, not
// the cell count. K2 tables keep only `default_flag == 1` rows.
class Catalog {
 public:
  CatalogKind kind() const { return kind_; }
  size_t size() const { return size_; }
  const std::vector<std::string>& columns() const { return columns_; }
  std::optional<size_t> column(std::string_view name) const;  // case-insensitive
  // Every non-empty cell is a number (or "nan"), and at least one is.
  bool is_numeric_column(size_t column) const { return numeric_column_[column]; }

  // The cell as text, for the columns that keep it (those that are not numeric, the id, the
  // disposition and the name columns); empty for the others.
  std::string_view text(size_t row, size_t column) const {
    return text_[column].empty() ? std::string_view() : text_[column][row];
  }
  // NaN where the cell is not a number.
  double number(size_t row, size_t column) const {
    return numbers_[column].empty() ? kMissing : numbers_[column][row];
  }
  // NaN when the column does not exist.
  double number(size_t row, std::string_view column_name) const;
  // Columns whose text a search by name matches (kepler_name, hostname, pl_name, kepoi_name,
  // toi, tid: those the export has), beside the id and the host.
  const std::vector<size_t>& name_columns() const { return name_columns_; }

  // kepoi_name (KOI), toi (TOI) or pl_name (K2).
  std::string_view id(size_t row) const { return text_[id_column_][row]; }
  // Host star: kepid (KOI), tid (TOI) or hostname (K2); for grouped cross-validation.
  std::string_view group(size_t row) const { return groups_[row]; }
  // koi_disposition, tfopwg_disp or disposition.
  std::string_view disposition(size_t row) const { return text_[disposition_column_][row]; }
  PlanetLabel label(size_t row) const { return planet_label(kind_, disposition(row)); }
  // Row index of an id (exact, case-insensitive), or nullopt.
  std::optional<size_t> find(std::string_view id) const;

  // Table-wide context features (see features.hpp and context.cpp): signals on the same star,
  // and signals on other stars sharing this one's period and epoch (NaN when period or epoch is
  // missing).
  double system_candidate_count(size_t row) const { return context_.system_count[row]; }
  double ephemeris_match_count(size_t row) const { return context_.ephemeris_matches[row]; }
  // Order in which the signal was found on its star: the ".NN" suffix of KOI and TOI names
  // (NaN for K2 names).
  double candidate_index(size_t row) const { return context_.candidate_index[row]; }
  // Galactic latitude of the star (degrees) from its ra/dec: how crowded its field is.
  double galactic_latitude_deg(size_t row) const { return context_.galactic_latitude[row]; }
  // The nearest OTHER star with a signal in the table, from ra/dec (NaN without positions): its
  // distance (arcsec), its magnitude minus this star's, and how many such stars lie within an
  // arcminute. Close neighbours that also show signals mark blends with an eclipsing binary.
  double neighbour_distance_arcsec(size_t row) const { return context_.neighbour_distance[row]; }
  double neighbour_delta_mag(size_t row) const { return context_.neighbour_delta_mag[row]; }
  double neighbours_within_arcmin(size_t row) const { return context_.neighbour_count[row]; }
  // The other signals on the same star (label-free; NaN when the star has no other signal, or
  // the period / depth needed is missing): |ln(period ratio)| to the sibling nearest in period;
  // this depth over that sibling's; the smallest fractional distance of a period ratio (>= 1)
  // to 1, 3/2, 2, 5/2, 3, 4 or 5; how many siblings share the period to 1%; and this depth
  // over the deepest signal on the star (defined for lone signals too: 1). Secondary eclipses
  // and harmonics of eclipsing binaries show up as siblings at simple period ratios with very
  // different depths.
  double sibling_log_period_ratio(size_t row) const {
    return context_.sibling_log_period_ratio[row];
  }
  double sibling_depth_ratio(size_t row) const { return context_.sibling_depth_ratio[row]; }
  double sibling_resonance_offset(size_t row) const {
    return context_.sibling_resonance_offset[row];
  }
  double sibling_same_period_count(size_t row) const {
    return context_.sibling_same_period_count[row];
  }
  double depth_fraction_of_star_max(size_t row) const {
    return context_.depth_fraction_of_star_max[row];
  }

  // The context features' columns, one value per row (filled by context.cpp).
  struct Context {
    std::vector<double> system_count, ephemeris_matches, candidate_index, galactic_latitude;
    std::vector<double> neighbour_distance, neighbour_delta_mag, neighbour_count;
    std::vector<double> sibling_log_period_ratio, sibling_depth_ratio, sibling_resonance_offset,
        sibling_same_period_count, depth_fraction_of_star_max;
  };

 private:
  static constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();
  friend Catalog parse_catalog(const std::string& bytes, std::optional<CatalogKind> kind);
  CatalogKind kind_ = CatalogKind::kKoi;
  size_t size_ = 0;
  std::vector<std::string> columns_;
  std::vector<bool> numeric_column_;
  std::vector<std::vector<double>> numbers_;  // [column][row]; empty: no cell is a number
  std::vector<TextColumn> text_;              // [column][row]; empty: the text is not kept
  std::vector<size_t> name_columns_;
  size_t id_column_ = 0, disposition_column_ = 0;
  TextColumn groups_;  // the host column's text, or "row:<id>" where the row names no host
  Context context_;
};

// Galactic latitude in degrees of an equatorial position (J2000 degrees); NaN if unknown.
double galactic_latitude_deg(double ra_deg, double dec_deg);

// Which export a header belongs to (by its id/disposition columns), or nullopt.
std::optional<CatalogKind> detect_kind(const std::vector<std::string>& header);

// Parses the bytes of a KOI cumulative, TOI or K2 planets-and-candidates export (`#` comment
// lines allowed; gzip allowed). `kind` nullopt: detected from the header. Throws
// std::invalid_argument for junk, empty tables, an unknown layout or missing id/disposition
// columns.
Catalog parse_catalog(const std::string& bytes, std::optional<CatalogKind> kind = std::nullopt);
// Reads `path` (.csv or .csv.gz) and parses it.
Catalog load_catalog(const std::string& path, std::optional<CatalogKind> kind = std::nullopt);

// Catalog's table-wide context features by canonical feature name: the one list that every
// mapping of a row into the schema (canonical_row_json, ml::make_dataset) reads.
struct ContextFeature {
  const char* name;
  double (Catalog::*value)(size_t row) const;
};
const std::vector<ContextFeature>& context_features();

// The row in the canonical feature schema (see features.hpp), as an object of canonical name ->
// number or null; Model::predict_rows scores it directly.
nlohmann::json canonical_row_json(const Catalog& catalog, size_t row);

}  // namespace exodetect::catalog
