#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace exodetect::common {

// A parsed delimited-text table. Cells stay strings; callers convert the columns they need.
struct CsvTable {
  std::vector<std::string> header;  // empty when the file has no header row
  std::vector<std::vector<std::string>>
      rows;                           // every row has header.size() cells when a header exists
  std::vector<std::string> comments;  // '#' lines, without the '#'
  char delimiter = ',';  // ',', ';' (the comma then a decimal mark) or ' ' (runs of blanks)

  // Index of a column by case-insensitive name, or nullopt.
  std::optional<size_t> column(std::string_view name) const;
};

struct CsvOptions {
  // nullopt: guess (a first row with any non-numeric cell is a header).
  std::optional<bool> has_header;
};

// Index of a column by case-insensitive name in `header`, or nullopt.
std::optional<size_t> find_column(const std::vector<std::string>& header, std::string_view name);

// A delimited-text table read one row at a time, so a large upload costs no memory per cell:
// the header, the '#' comments and the delimiter are found up front (splitting only the first
// data row); each data row is then split into views of the text. The text must outlive it.
// Same format and errors as parse_csv, which is built on it.
class CsvRows {
 public:
  // Throws std::invalid_argument for binary junk, an empty table or a header without data rows.
  explicit CsvRows(std::string_view text, const CsvOptions& options = {});

  const std::vector<std::string>& header() const { return header_; }  // empty: no header row
  const std::vector<std::string_view>& comments() const { return comments_; }  // without '#'
  char delimiter() const { return delimiter_; }
  size_t width() const { return width_; }  // cells in every row
  size_t size() const { return rows_; }    // data rows

  // Splits the next data row into `cells` (views valid until the next call); false after the
  // last row. Throws std::invalid_argument for a row whose cell count differs from width().
  bool next(std::vector<std::string_view>& cells);

 private:
  // The next non-blank, non-comment line from pos_ ('\r' stripped); false at the end. The
  // comments passed on the way are kept when `keep_comments` (the constructor's pass).
  bool next_line(std::string_view& line, bool keep_comments);
  void split(std::string_view line, std::vector<std::string_view>& cells);

  std::string_view text_;
  std::vector<std::string> header_;
  std::vector<std::string_view> comments_;
  char delimiter_ = ',';
  size_t width_ = 0;
  size_t rows_ = 0;
  size_t pos_ = 0;        // where next() reads on
  size_t line_ = 0;       // lines read so far, the header line included (for messages)
  std::string unquoted_;  // quoted cells of the current row, unescaped
};

// Parses CSV, semicolon-separated (with decimal commas) or whitespace-separated text: '#'
// comment lines, blank lines skipped, quoted fields with "" escapes, CRLF. Throws
// std::invalid_argument for binary junk (NUL bytes or invalid control characters), an empty table,
// or rows whose cell count differs from the header.
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

}  // namespace exodetect::common
