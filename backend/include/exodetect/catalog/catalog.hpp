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

// A parsed catalogue. Cells are kept as text and, per column, as numbers (NaN where the cell is
// empty or not a number), so typed access is cheap. K2 tables keep only `default_flag == 1` rows.
class Catalog {
 public:
  CatalogKind kind() const { return kind_; }
  size_t size() const { return ids_.size(); }
  const std::vector<std::string>& columns() const { return columns_; }
  std::optional<size_t> column(std::string_view name) const;  // case-insensitive
  bool is_numeric_column(size_t column) const { return numeric_column_[column]; }

  const std::string& text(size_t row, size_t column) const { return cells_[row][column]; }
  double number(size_t row, size_t column) const { return numbers_[column][row]; }
  // NaN when the column does not exist.
  double number(size_t row, std::string_view column_name) const;

  // kepoi_name (KOI), toi (TOI) or pl_name (K2).
  const std::string& id(size_t row) const { return ids_[row]; }
  // Host star: kepid (KOI), tid (TOI) or hostname (K2); for grouped cross-validation.
  const std::string& group(size_t row) const { return groups_[row]; }
  // koi_disposition, tfopwg_disp or disposition.
  const std::string& disposition(size_t row) const { return dispositions_[row]; }
  PlanetLabel label(size_t row) const { return planet_label(kind_, dispositions_[row]); }
  // Row index of an id (exact, case-insensitive), or nullopt.
  std::optional<size_t> find(std::string_view id) const;

  // Table-wide context features (see features.hpp): signals on the same star, and signals on
  // other stars sharing this one's period and epoch (NaN when period or epoch is missing).
  double system_candidate_count(size_t row) const { return system_count_[row]; }
  double ephemeris_match_count(size_t row) const { return ephemeris_matches_[row]; }
  // Order in which the signal was found on its star: the ".NN" suffix of KOI and TOI names
  // (NaN for K2 names).
  double candidate_index(size_t row) const { return candidate_index_[row]; }
  // Galactic latitude of the star (degrees) from its ra/dec: how crowded its field is.
  double galactic_latitude_deg(size_t row) const { return galactic_latitude_[row]; }
  // The nearest OTHER star with a signal in the table, from ra/dec (NaN without positions): its
  // distance (arcsec), its magnitude minus this star's, and how many such stars lie within an
  // arcminute. Close neighbours that also show signals mark blends with an eclipsing binary.
  double neighbour_distance_arcsec(size_t row) const { return neighbour_distance_[row]; }
  double neighbour_delta_mag(size_t row) const { return neighbour_delta_mag_[row]; }
  double neighbours_within_arcmin(size_t row) const { return neighbour_count_[row]; }
  // The other signals on the same star (label-free; NaN when the star has no other signal, or
  // the period / depth needed is missing): |ln(period ratio)| to the sibling nearest in period;
  // this depth over that sibling's; the smallest fractional distance of a period ratio (>= 1)
  // to 1, 3/2, 2, 5/2, 3, 4 or 5; how many siblings share the period to 1%; and this depth
  // over the deepest signal on the star (defined for lone signals too: 1). Secondary eclipses
  // and harmonics of eclipsing binaries show up as siblings at simple period ratios with very
  // different depths.
  double sibling_log_period_ratio(size_t row) const { return sibling_log_period_ratio_[row]; }
  double sibling_depth_ratio(size_t row) const { return sibling_depth_ratio_[row]; }
  double sibling_resonance_offset(size_t row) const { return sibling_resonance_offset_[row]; }
  double sibling_same_period_count(size_t row) const { return sibling_same_period_count_[row]; }
  double depth_fraction_of_star_max(size_t row) const { return depth_fraction_of_star_max_[row]; }

 private:
  friend Catalog parse_catalog(const std::string& bytes, std::optional<CatalogKind> kind);
  CatalogKind kind_ = CatalogKind::kKoi;
  std::vector<std::string> columns_;
  std::vector<bool> numeric_column_;             // every non-empty cell parses as a number
  std::vector<std::vector<std::string>> cells_;  // [row][column]
  std::vector<std::vector<double>> numbers_;     // [column][row]
  std::vector<std::string> ids_, groups_, dispositions_;
  std::vector<double> system_count_, ephemeris_matches_, candidate_index_, galactic_latitude_;
  std::vector<double> neighbour_distance_, neighbour_delta_mag_, neighbour_count_;
  std::vector<double> sibling_log_period_ratio_, sibling_depth_ratio_, sibling_resonance_offset_,
      sibling_same_period_count_, depth_fraction_of_star_max_;
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
