#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace exodetect {

// A parsed delimited-text table. Cells stay strings; callers convert the columns they need.
struct CsvTable {
  std::vector<std::string> header;  // empty when the file has no header row
  std::vector<std::vector<std::string>>
      rows;                           // every row has header.size() cells when a header exists
  std::vector<std::string> comments;  // '#' lines, without the '#'
  char delimiter = ',';               // ',' or ' ' (any run of spaces/tabs)

  // Index of a column by case-insensitive name, or nullopt.
  std::optional<size_t> column(std::string_view name) const;
};

struct CsvOptions {
  // nullopt: guess (a first row with any non-numeric cell is a header).
  std::optional<bool> has_header;
};

// Parses CSV or whitespace-separated text: '#' comment lines, blank lines skipped, quoted
// fields with "" escapes, CRLF. Throws std::invalid_argument for binary junk (NUL bytes or
// invalid control characters), an empty table, or rows whose cell count differs from the header.
CsvTable parse_csv(std::string_view text, const CsvOptions& options = {});

// Strict number parsing for CSV cells: leading/trailing spaces and a leading '+' allowed; an
// empty cell, "nan" and anything else that is not a complete number give nullopt (infinities
// parse, for the caller to refuse).
std::optional<double> parse_number(std::string_view cell);

// One CSV cell for output: quoted, with "" escapes, when it holds a comma, a quote or a line
// break; as is otherwise. Text that starts with =, +, -, @, tab or carriage return gets a
// leading ' so spreadsheets show it instead of running it as a formula; text that is a plain
// number ("-1.5", "+3e-4") is data and stays as it is, so it stays numeric.
std::string csv_cell(std::string_view text);

}  // namespace exodetect
