// The catalogue table: kinds and labels, and reading an export into typed columns.

#include "exodetect/catalog/catalog.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "context.hpp"
#include "exodetect/common/csv.hpp"
#include "exodetect/common/file_io.hpp"
#include "exodetect/common/strings.hpp"

namespace exodetect::catalog {

using common::CsvOptions;
using common::CsvRows;
using common::find_column;
using common::iequals;
using common::is_gzip;
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
  return std::any_of(header.begin(), header.end(),
                     [&](const std::string& h) { return iequals(h, name); });
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

// Columns that name a row or its star, matched by a search on text besides the id and host.
constexpr const char* kNameColumns[] = {"kepler_name", "hostname", "pl_name",
                                        "kepoi_name",  "toi",      "tid"};

// What the first pass learns of a column.
struct ColumnScan {
  bool any_number = false;  // some cell parses as a number
  bool any_text = false;    // some non-empty cell is neither a number nor "nan"
  size_t chars = 0;         // characters in all kept cells
};

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
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (iequals(columns_[i], name)) return i;
  }
  return std::nullopt;
}

double Catalog::number(size_t row, std::string_view column_name) const {
  auto c = column(column_name);
  return c ? number(row, *c) : kNaN;
}

std::optional<size_t> Catalog::find(std::string_view id) const {
  for (size_t i = 0; i < size_; ++i) {
    if (iequals(this->id(i), id)) return i;
  }
  return std::nullopt;
}

std::optional<CatalogKind> detect_kind(const std::vector<std::string>& header) {
  if (has(header, "kepoi_name") && has(header, "koi_disposition")) return CatalogKind::kKoi;
  if (has(header, "toi") && has(header, "tfopwg_disp")) return CatalogKind::kToi;
  if (has(header, "pl_name") && has(header, "disposition")) return CatalogKind::kK2;
  return std::nullopt;
}

Catalog parse_catalog(const std::string& bytes, std::optional<CatalogKind> kind) {
  // Plain text is read where it lies; only a gzipped export is inflated (against the cap).
  std::string inflated;
  std::string_view text = bytes;
  if (is_gzip(bytes)) {
    inflated = maybe_gunzip(bytes);
    text = inflated;
  }
  CsvOptions options;
  options.has_header = true;
  CsvRows table(text, options);
  const std::vector<std::string>& header = table.header();
  if (!kind) {
    kind = detect_kind(header);
    if (!kind) {
      throw std::invalid_argument(
          "not a KOI, TOI or K2 catalogue export: expected kepoi_name + koi_disposition, toi + "
          "tfopwg_disp, or pl_name + disposition columns");
    }
  }
  const Layout lay = layout(*kind);
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
  const size_t width = header.size();
  cat.id_column_ = *col(lay.id);
  cat.disposition_column_ = *col(lay.disposition);
  const std::optional<size_t> group_col = col(lay.group);
  // The id and disposition keep their text whatever it looks like ("101.10" is a TOI, not
  // 101.1), as do the name columns a search matches; the host's text goes to groups_.
  std::vector<bool> keep_text(width, false);
  keep_text[cat.id_column_] = keep_text[cat.disposition_column_] = true;
  for (const char* name : kNameColumns) {
    std::optional<size_t> c = col(name);
    if (c && *c != cat.id_column_ && c != group_col) {
      keep_text[*c] = true;
      cat.name_columns_.push_back(*c);
    }
  }
  // K2 lists each planet once per publication; default_flag == 1 marks the adopted row.
  const std::optional<size_t> flag = *kind == CatalogKind::kK2 ? col("default_flag") : std::nullopt;
  auto kept = [&](const std::vector<std::string_view>& cells) {
    return !flag || parse_number(cells[*flag]).value_or(0) == 1;
  };

  // First pass: every cell parsed once, straight into its column's numbers.
  std::vector<ColumnScan> scans(width);
  cat.numbers_.assign(width, {});
  for (auto& numbers : cat.numbers_) numbers.reserve(table.size());
  std::vector<std::string_view> cells;
  size_t n = 0;
  while (table.next(cells)) {
    if (!kept(cells)) continue;
    for (size_t c = 0; c < width; ++c) {
      const std::string_view cell = cells[c];
      ColumnScan& scan = scans[c];
      scan.chars += cell.size();
      std::optional<double> v = cell.empty() ? std::nullopt : parse_number(cell);
      cat.numbers_[c].push_back(v.value_or(kNaN));
      scan.any_number |= v.has_value();
      scan.any_text |= !v && !cell.empty() && !iequals(cell, "nan");
    }
    ++n;
  }
  if (n == 0) throw std::invalid_argument("the catalogue has no usable rows");
  cat.size_ = n;
  cat.numeric_column_.resize(width);
  for (size_t c = 0; c < width; ++c) {
    const ColumnScan& scan = scans[c];
    cat.numeric_column_[c] = scan.any_number && !scan.any_text;
    // A text column with a few numbers keeps them: a stray word in a feature column (an
    // upload's "n/a") leaves its other cells usable.
    if (!scan.any_number) {
      cat.numbers_[c] = {};
    } else if (cat.numbers_[c].capacity() > n) {
      cat.numbers_[c].shrink_to_fit();
    }
    keep_text[c] = keep_text[c] || (!cat.numeric_column_[c] && scan.chars > 0);
  }

  // Second pass: the text of the columns that keep it, each in one buffer.
  cat.text_.resize(width);
  for (size_t c = 0; c < width; ++c) {
    if (keep_text[c]) cat.text_[c].reserve(n, scans[c].chars);
  }
  if (group_col) cat.groups_.reserve(n, scans[*group_col].chars);
  CsvRows again(text, options);
  while (again.next(cells)) {
    if (!kept(cells)) continue;
    for (size_t c = 0; c < width; ++c) {
      if (keep_text[c]) cat.text_[c].push_back(cells[c]);
    }
    // A row without a host id is its own group, so it can never straddle folds with another.
    const std::string_view group = group_col ? cells[*group_col] : std::string_view();
    if (group.empty()) {
      cat.groups_.push_back("row:" + std::string(cells[cat.id_column_]));
    } else {
      cat.groups_.push_back(group);
    }
  }

  cat.context_ = table_context(cat, lay.epoch);
  return cat;
}

Catalog load_catalog(const std::string& path, std::optional<CatalogKind> kind) {
  return parse_catalog(read_file_bytes(path), kind);
}

}  // namespace exodetect::catalog
