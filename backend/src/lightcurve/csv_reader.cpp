// Light curves as CSV or whitespace-separated text, with or without a header row.

#include <algorithm>
#include <cctype>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "exodetect/common/csv.hpp"
#include "exodetect/common/stats.hpp"
#include "reader.hpp"

namespace exodetect::lightcurve::detail {

using common::CsvRows;
using common::find_column;
using common::mad_sigma;
using common::median;
using common::parse_number;

namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// A headerless table whose last '#' line naming as many columns as the data has (and not
// all numbers) is taken as its header: "# BJD-2450000 mag e_mag", "#time,flux,flux_err".
std::vector<std::string> header_from_comments(const CsvRows& table) {
  const size_t width = table.width();
  for (size_t k = table.comments().size(); k-- > 0;) {
    const std::string_view line = table.comments()[k];
    for (const char* delimiters : {";", ",", " \t"}) {
      std::vector<std::string> names;
      size_t pos = 0;
      while (pos < line.size()) {
        const size_t end = line.find_first_of(delimiters, pos);
        std::string cell(line.substr(pos, end == std::string_view::npos ? end : end - pos));
        while (!cell.empty() && std::isspace(static_cast<unsigned char>(cell.back()))) {
          cell.pop_back();
        }
        cell.erase(0, std::min(cell.size(), cell.find_first_not_of(" \t#")));
        if (!cell.empty() || *delimiters != ' ') names.push_back(cell);
        if (end == std::string_view::npos) break;
        pos = end + 1;
      }
      const bool words = std::any_of(names.begin(), names.end(), [](const std::string& c) {
        return !c.empty() && !parse_number(c);
      });
      if (names.size() == width && words) return names;
    }
  }
  return {};
}

bool is_missing_token(std::string_view cell) {
  std::string c = lower(cell);
  c.erase(std::remove_if(c.begin(), c.end(), [](unsigned char x) { return std::isspace(x); }),
          c.end());
  return c.empty() || c == "nan" || c == "-nan" || c == "+nan" || c == "null" || c == "na" ||
         c == "n/a" || c == "none" || c == "--";
}

class ColumnFinder {
 public:
  ColumnFinder(const std::vector<std::string>& header, size_t width, const std::string& name)
      : header_(header), name_(name), width_(width) {
    for (const std::string& h : header) names_.push_back(normalise_column_name(h));
  }

  size_t width() const { return width_; }

  // The column an option names: a 0-based index, or a header name.
  size_t resolve_override(const std::string& value, const char* option) const {
    bool digits = !value.empty() && std::all_of(value.begin(), value.end(),
                                                [](unsigned char c) { return std::isdigit(c); });
    if (digits) {
      size_t index = value.size() > 9 ? width_ : std::stoul(value);
      if (index >= width_) {
        reject(std::string(option) + " " + value + " is out of range (the table has " +
               std::to_string(width_) + " columns)");
      }
      return index;
    }
    if (header_.empty()) {
      reject(std::string(option) + " '" + value +
             "' names a column, but the table has no header row (give a 0-based index)");
    }
    if (std::optional<size_t> c = find_column(header_, value)) return *c;
    std::string target = normalise_column_name(value);
    for (size_t i = 0; i < names_.size(); ++i) {
      if (names_[i] == target) return i;
    }
    std::string list;
    for (const std::string& h : header_) list += (list.empty() ? "" : ", ") + h;
    reject(std::string(option) + ": no column named '" + value + "' (columns: " + list + ")");
  }

  std::optional<size_t> by_names(const std::vector<std::string>& candidates) const {
    for (const std::string& c : candidates) {
      for (size_t i = 0; i < names_.size(); ++i) {
        if (names_[i] == c) return i;
      }
    }
    return std::nullopt;
  }

  std::string label(size_t col) const {
    return header_.empty() ? "column " + std::to_string(col) : "column '" + header_[col] + "'";
  }
  const std::string& normalised(size_t col) const { return names_[col]; }

  [[noreturn]] void reject(const std::string& what) const {
    throw std::invalid_argument("'" + name_ + "': " + what);
  }

 private:
  const std::vector<std::string>& header_;
  const std::string& name_;
  size_t width_ = 0;
  std::vector<std::string> names_;
};

// 1 where a quality column's value has a bit of kCommonQualityBitmask set.
uint8_t flagged(double flags) {
  return std::isfinite(flags) && flags >= 0 && flags < 2147483648.0 &&
         (static_cast<long long>(flags) & kCommonQualityBitmask) != 0;
}

// One column read as numbers while the rows stream by: missing tokens are NaN; the first text
// cell is kept to be reported once the table is read (time before flux before errors, as the
// columns are checked in that order). A quality column keeps only its flags (one byte a row).
class NumberColumn {
 public:
  NumberColumn(std::optional<size_t> col, const char* role, std::vector<double>& out, size_t rows)
      : col_(col), role_(role), out_(&out) {
    if (col_) out_->reserve(rows);
  }
  NumberColumn(std::optional<size_t> col, const char* role, std::vector<uint8_t>& flags,
               size_t rows)
      : col_(col), role_(role), flags_(&flags) {
    if (col_) flags_->reserve(rows);
  }

  void add(const std::vector<std::string_view>& cells, size_t row) {
    if (!col_) return;
    const std::string_view cell = cells[*col_];
    const std::optional<double> v = parse_number(cell);
    if (out_) {
      out_->push_back(v ? *v : std::numeric_limits<double>::quiet_NaN());
    } else {
      flags_->push_back(v ? flagged(*v) : 0);
    }
    if (v) return;
    if (!bad_row_ && !is_missing_token(cell)) {
      bad_row_ = row;
      bad_text_ = cell.size() > 40 ? std::string(cell.substr(0, 40)) + "..." : std::string(cell);
    }
  }

  void check(const ColumnFinder& finder) const {
    if (!bad_row_) return;
    finder.reject("text '" + bad_text_ + "' in the " + role_ + " " + finder.label(*col_) +
                  " at data row " + std::to_string(*bad_row_));
  }

 private:
  std::optional<size_t> col_;
  const char* role_;
  std::vector<double>* out_ = nullptr;
  std::vector<uint8_t>* flags_ = nullptr;
  std::optional<size_t> bad_row_;  // 1-based data row of the first text cell
  std::string bad_text_;
};

bool is_true(std::string_view cell) {
  const std::string v = lower(cell);
  return v == "true" || v == "1" || v == "t" || v == "yes";
}

}  // namespace

RawLightCurve read_csv_text(std::string_view text, const std::string& name,
                            const ReadOptions& options) {
  auto unreadable = [&](const std::invalid_argument& e) {
    return std::invalid_argument("'" + name + "': cannot read as FITS or CSV: " + e.what());
  };
  std::optional<CsvRows> table;
  try {
    table.emplace(text);
  } catch (const std::invalid_argument& e) {
    throw unreadable(e);
  }
  const std::vector<std::string> names =
      table->header().empty() ? header_from_comments(*table) : table->header();
  ColumnFinder finder(names, table->width(), name);
  if (finder.width() < 2) finder.reject("needs at least a time and a flux column");

  const bool header = !names.empty();
  size_t time_col = 0;
  if (!options.time_column.empty()) {
    time_col = finder.resolve_override(options.time_column, "time column");
  } else if (header) {
    time_col = finder.by_names(time_column_names()).value_or(0);
  }

  std::optional<size_t> flux_col;
  if (!options.flux_column.empty()) {
    flux_col = finder.resolve_override(options.flux_column, "flux column");
  } else if (header) {
    flux_col = finder.by_names(flux_column_names(options.flux));
  }
  if (!flux_col) flux_col = time_col == 1 ? 0 : 1;  // by position: the first other column
  if (*flux_col == time_col) finder.reject("the time and flux columns are the same column");

  std::optional<size_t> err_col;
  if (!options.flux_err_column.empty()) {
    err_col = finder.resolve_override(options.flux_err_column, "flux error column");
  } else if (header) {
    err_col = finder.by_names(error_column_names(finder.normalised(*flux_col)));
  } else if (finder.width() >= 3 && time_col != 2 && *flux_col != 2) {
    err_col = 2;
  }
  if (err_col && (*err_col == time_col || *err_col == *flux_col)) {
    finder.reject("the flux error column is also the time or flux column");
  }

  // A quality column flags rows with a bit of kCommonQualityBitmask, or a boolean "mask" column
  // marks them TRUE (numpy's masked-array convention: True is invalid).
  const std::optional<size_t> quality_col =
      header ? finder.by_names(quality_column_names()) : std::nullopt;
  const std::optional<size_t> mask_col =
      header && !quality_col ? finder.by_names({"mask"}) : std::nullopt;

  RawLightCurve raw;
  const size_t rows = table->size();
  NumberColumn columns[] = {{time_col, "time", raw.time, rows},
                            {flux_col, "flux", raw.flux, rows},
                            {err_col, "flux error", raw.flux_err, rows},
                            {quality_col, "quality", raw.bad_quality, rows}};
  if (mask_col) raw.bad_quality.reserve(rows);
  std::vector<std::string_view> cells;
  try {
    for (size_t row = 1; table->next(cells); ++row) {
      for (NumberColumn& column : columns) column.add(cells, row);
      if (mask_col) raw.bad_quality.push_back(is_true(cells[*mask_col]));
    }
  } catch (const std::invalid_argument& e) {
    throw unreadable(e);
  }
  for (const NumberColumn& column : columns) column.check(finder);
  raw.flux_label = finder.label(*flux_col);
  if (options.flux_unit != FluxUnit::kAuto || header) {
    resolve_flux_unit(options.flux_unit, header ? names[*flux_col] : "", "", raw);
  } else {
    // A headerless column centred on zero cannot be a flux to normalise: differential
    // magnitudes, as variable-star tables (and the Kepler heartbeat-star sample) store them.
    std::vector<double> finite;
    for (double f : raw.flux) {
      if (std::isfinite(f)) finite.push_back(f);
    }
    raw.magnitudes = !finite.empty() && std::fabs(median(finite)) < 0.05 &&
                     mad_sigma(finite) < 0.05 && mad_sigma(finite) > 0;
    if (raw.magnitudes) {
      raw.meta.notes.push_back(raw.flux_label +
                               " has no name and is centred on zero: read as differential "
                               "magnitudes (positive = fainter); pass --flux-unit relative, ppt "
                               "or ppm if it holds the change in flux, flux if neither");
    }
  }

  LightCurve& meta = raw.meta;
  meta.source = name;
  meta.target = file_stem(name);
  meta.n_points_raw = rows;
  resolve_time_system(header ? names[time_col] : "", "", raw);
  return raw;
}

}  // namespace exodetect::lightcurve::detail
