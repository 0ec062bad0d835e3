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

namespace exodetect::detail {
namespace {

constexpr double kFullBjdThreshold = 2.4e6;  // days; full Julian dates are above this

// Header names, most preferred first.
const std::vector<std::string> kTimeNames = {"time", "bjd", "bjd_tdb", "btjd",  "bkjd", "jd",
                                             "hjd",  "mjd", "t",       "times", "date"};
const std::vector<std::string> kCorrectedFluxNames = {
    "pdcsap_flux", "kspflux",   "kspsap_flux",     "flux",     "detrended_flux", "corr_flux",
    "fcor",        "norm_flux", "normalized_flux", "rel_flux", "relflux",        "f"};
const std::vector<std::string> kRawFluxNames = {"sap_flux", "rawflux", "raw_flux"};
const std::vector<std::string> kErrorNames = {"flux_err", "flux_error", "fluxerr", "e_flux",
                                              "err",      "error",      "sigma",   "dflux",
                                              "unc",      "uncertainty"};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "Time [BTJD]" -> "time", "PDCSAP FLUX" -> "pdcsap_flux": units and spacing do not matter.
std::string normalise_name(std::string_view s) {
  std::string out = lower(s.substr(0, s.find_first_of("([")));
  while (!out.empty() && std::isspace(static_cast<unsigned char>(out.back()))) out.pop_back();
  size_t first = out.find_first_not_of(" \t");
  out.erase(0, first == std::string::npos ? out.size() : first);
  for (char& c : out) {
    if (c == ' ' || c == '-') c = '_';
  }
  return out;
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
  ColumnFinder(const CsvTable& table, const std::string& name) : table_(table), name_(name) {
    width_ = table.rows.front().size();
    for (const std::string& h : table.header) names_.push_back(normalise_name(h));
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
    if (table_.header.empty()) {
      reject(std::string(option) + " '" + value +
             "' names a column, but the table has no header row (give a 0-based index)");
    }
    if (std::optional<size_t> c = table_.column(value)) return *c;
    std::string target = normalise_name(value);
    for (size_t i = 0; i < names_.size(); ++i) {
      if (names_[i] == target) return i;
    }
    std::string list;
    for (const std::string& h : table_.header) list += (list.empty() ? "" : ", ") + h;
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
    return table_.header.empty() ? "column " + std::to_string(col)
                                 : "column '" + table_.header[col] + "'";
  }
  const std::string& normalised(size_t col) const { return names_[col]; }

  [[noreturn]] void reject(const std::string& what) const {
    throw std::invalid_argument("'" + name_ + "': " + what);
  }

 private:
  const CsvTable& table_;
  const std::string& name_;
  size_t width_ = 0;
  std::vector<std::string> names_;
};

std::vector<double> numeric_column(const CsvTable& table, size_t col, const ColumnFinder& finder,
                                   const char* role) {
  std::vector<double> out(table.rows.size());
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const std::string& cell = table.rows[r][col];
    if (std::optional<double> v = parse_number(cell)) {
      out[r] = *v;
    } else if (is_missing_token(cell)) {
      out[r] = std::numeric_limits<double>::quiet_NaN();
    } else {
      std::string shown = cell.size() > 40 ? cell.substr(0, 40) + "..." : cell;
      finder.reject("text '" + shown + "' in the " + role + " " + finder.label(col) +
                    " at data row " + std::to_string(r + 1));
    }
  }
  return out;
}

}  // namespace

RawLightCurve read_csv_text(std::string_view text, const std::string& name,
                            const ReadOptions& options) {
  CsvTable table;
  try {
    table = parse_csv(text);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument("'" + name + "': cannot read as FITS or CSV: " + e.what());
  }
  ColumnFinder finder(table, name);
  if (finder.width() < 2) finder.reject("needs at least a time and a flux column");

  const bool header = !table.header.empty();
  size_t time_col = 0;
  if (!options.time_column.empty()) {
    time_col = finder.resolve_override(options.time_column, "time column");
  } else if (header) {
    time_col = finder.by_names(kTimeNames).value_or(0);
  }

  std::vector<std::string> flux_names = kCorrectedFluxNames;
  if (options.flux == FluxKind::kSap) {
    flux_names.insert(flux_names.begin(), kRawFluxNames.begin(), kRawFluxNames.end());
  } else {
    flux_names.insert(flux_names.end(), kRawFluxNames.begin(), kRawFluxNames.end());
  }
  std::optional<size_t> flux_col;
  if (!options.flux_column.empty()) {
    flux_col = finder.resolve_override(options.flux_column, "flux column");
  } else if (header) {
    flux_col = finder.by_names(flux_names);
  }
  if (!flux_col) flux_col = time_col == 1 ? 0 : 1;  // by position: the first other column
  if (*flux_col == time_col) finder.reject("the time and flux columns are the same column");

  std::optional<size_t> err_col;
  if (!options.flux_err_column.empty()) {
    err_col = finder.resolve_override(options.flux_err_column, "flux error column");
  } else if (header) {
    const std::string& flux_name = finder.normalised(*flux_col);
    std::vector<std::string> err_names = {flux_name + "_err", "e_" + flux_name,
                                          flux_name + "_error"};
    err_names.insert(err_names.end(), kErrorNames.begin(), kErrorNames.end());
    err_col = finder.by_names(err_names);
  } else if (finder.width() >= 3 && time_col != 2 && *flux_col != 2) {
    err_col = 2;
  }
  if (err_col && (*err_col == time_col || *err_col == *flux_col)) {
    finder.reject("the flux error column is also the time or flux column");
  }

  RawLightCurve raw;
  raw.time = numeric_column(table, time_col, finder, "time");
  raw.flux = numeric_column(table, *flux_col, finder, "flux");
  if (err_col) raw.flux_err = numeric_column(table, *err_col, finder, "flux error");

  LightCurve& meta = raw.meta;
  meta.source = name;
  meta.target = file_stem(name);
  meta.n_points_raw = table.rows.size();
  std::vector<double> finite_times;
  for (double t : raw.time) {
    if (std::isfinite(t)) finite_times.push_back(t);
  }
  std::string time_name = header ? lower(table.header[time_col]) : "";
  // Full Julian dates are taken as BJD unless the header says they are another kind of JD.
  const std::string plain = header ? finder.normalised(time_col) : "";
  const bool other_jd = plain == "jd" || plain == "hjd" || plain == "mjd";
  if (!finite_times.empty() && median(finite_times) > kFullBjdThreshold && !other_jd) {
    meta.time_system = "BJD";
  } else if (time_name.find("btjd") != std::string::npos) {
    meta.time_system = "BTJD";
    meta.bjd_reference_days = kBtjdReference;
  } else if (time_name.find("bkjd") != std::string::npos) {
    meta.time_system = "BKJD";
    meta.bjd_reference_days = kBkjdReference;
  }
  return raw;
}

}  // namespace exodetect::detail
