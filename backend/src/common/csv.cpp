#include "exodetect/common/csv.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "exodetect/common/strings.hpp"

namespace exodetect::common {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

void check_text(std::string_view text) {
  for (unsigned char c : text) {
    if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t')) {
      throw std::invalid_argument("not a text table: the data contains binary bytes");
    }
  }
}

// Spreadsheets save "CSV UTF-8" with a byte order mark, which is no part of the first cell.
std::string_view without_byte_order_mark(std::string_view text) {
  constexpr std::string_view kUtf8ByteOrderMark = "\xEF\xBB\xBF";
  if (text.substr(0, kUtf8ByteOrderMark.size()) == kUtf8ByteOrderMark) {
    text.remove_prefix(kUtf8ByteOrderMark.size());
  }
  return text;
}

// Whether `c` occurs in `line` outside double quotes.
bool has_unquoted(std::string_view line, char c) {
  bool quoted = false;
  for (char x : line) {
    if (x == '"') quoted = !quoted;
    if (x == c && !quoted) return true;
  }
  return false;
}

}  // namespace

std::optional<size_t> find_column(const std::vector<std::string>& header, std::string_view name) {
  for (size_t i = 0; i < header.size(); ++i) {
    if (iequals(header[i], name)) return i;
  }
  return std::nullopt;
}

std::optional<size_t> CsvTable::column(std::string_view name) const {
  return find_column(header, name);
}

std::string csv_cell(std::string_view text) {
  const bool formula = !text.empty() &&
                       std::string_view("=+-@\t\r").find(text[0]) != std::string_view::npos &&
                       !parse_number(text);
  const std::string guarded = formula ? "'" + std::string(text) : std::string(text);
  text = guarded;
  if (text.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::optional<double> parse_number(std::string_view cell) {
  cell = trim(cell);
  if (cell.empty()) return std::nullopt;
  if (cell.front() == '+') cell.remove_prefix(1);
  double v = 0;
  auto [ptr, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
  if (ec != std::errc() || ptr != cell.data() + cell.size()) return std::nullopt;
  if (std::isnan(v)) return std::nullopt;
  return v;
}

CsvRows::CsvRows(std::string_view text, const CsvOptions& options)
    : text_(without_byte_order_mark(text)) {
  check_text(text_);
  std::string_view first;
  size_t after_first = 0, lines = 0;
  std::string_view line;
  while (next_line(line, true)) {
    if (lines++ == 0) {
      first = line;
      after_first = pos_;
    }
  }
  if (lines == 0) throw std::invalid_argument("the table is empty (no data rows)");

  // A semicolon outside quotes in the first line makes a semicolon table (spreadsheets in
  // locales whose decimal mark is the comma save them so); else comma wins when the line has
  // one; otherwise blanks separate.
  if (has_unquoted(first, ';')) {
    delimiter_ = ';';
  } else {
    delimiter_ = first.find(',') != std::string_view::npos ? ',' : ' ';
    if (delimiter_ == ' ' && first.find('\t') == std::string_view::npos &&
        first.find(' ') == std::string_view::npos) {
      delimiter_ = ',';  // a single column
    }
  }

  std::vector<std::string_view> cells;
  split(first, cells);
  bool header = false;
  if (options.has_header) {
    header = *options.has_header;
  } else {
    header = std::any_of(cells.begin(), cells.end(), [](std::string_view c) {
      std::string_view t = trim(c);
      return !t.empty() && !parse_number(t) && !iequals(t, "nan");
    });
  }
  width_ = cells.size();
  rows_ = lines;
  pos_ = 0;
  if (header) {
    header_.assign(cells.begin(), cells.end());
    --rows_;
    pos_ = after_first;
    line_ = 1;
  }
  if (rows_ == 0) throw std::invalid_argument("the table has a header but no data rows");
}

bool CsvRows::next_line(std::string_view& line, bool keep_comments) {
  while (pos_ <= text_.size()) {
    size_t end = text_.find('\n', pos_);
    if (end == std::string_view::npos) end = text_.size();
    line = text_.substr(pos_, end - pos_);
    pos_ = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view t = trim(line);
    if (t.empty()) continue;
    if (t.front() == '#') {
      t.remove_prefix(1);
      if (keep_comments) comments_.push_back(trim(t));
      continue;
    }
    return true;
  }
  return false;
}

bool CsvRows::next(std::vector<std::string_view>& cells) {
  std::string_view line;
  if (!next_line(line, false)) return false;
  ++line_;
  split(line, cells);
  if (cells.size() != width_) {
    throw std::invalid_argument("row " + std::to_string(line_) + " has " +
                                std::to_string(cells.size()) + " cells, expected " +
                                std::to_string(width_));
  }
  return true;
}

// Quoted CSV when the delimiter is ',' or ';', runs of blanks otherwise. A cell without quotes is a
// view of the line; one with quotes is unescaped into unquoted_, whose capacity is reserved
// for the whole line first so the views into it stay valid.
void CsvRows::split(std::string_view line, std::vector<std::string_view>& cells) {
  cells.clear();
  if (delimiter_ == ' ') {
    size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
      if (i >= line.size()) break;
      size_t j = i;
      while (j < line.size() && line[j] != ' ' && line[j] != '\t') ++j;
      cells.push_back(line.substr(i, j - i));
      i = j;
    }
    return;
  }
  unquoted_.clear();
  unquoted_.reserve(line.size());
  size_t start = 0;   // the cell's first character in the line
  size_t copied = 0;  // where the cell starts in unquoted_, once it has a quote
  bool has_quote = false;
  bool quoted = false;
  auto finish = [&](size_t end) {
    std::string_view cell = trim(has_quote ? std::string_view(unquoted_).substr(copied)
                                           : line.substr(start, end - start));
    // In a semicolon table a comma is the decimal mark: "0,9987" is 0.9987. Cells with a point
    // as well ("1.234,5") are left as they are.
    if (delimiter_ == ';' && cell.find(',') != std::string_view::npos &&
        cell.find('.') == std::string_view::npos) {
      // A quoted cell is already a copy (at the end of unquoted_); another is copied once, so
      // unquoted_ never outgrows the line and the views into it stay valid.
      const size_t at = has_quote ? copied : unquoted_.size();
      if (!has_quote) unquoted_.append(cell);
      std::replace(unquoted_.begin() + static_cast<std::ptrdiff_t>(at), unquoted_.end(), ',', '.');
      cell = trim(std::string_view(unquoted_).substr(at));
    }
    cells.push_back(cell);
  };
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (!has_quote && c == '"') {
      has_quote = true;
      copied = unquoted_.size();
      unquoted_.append(line.substr(start, i - start));
    }
    if (quoted) {
      if (c == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') {
          unquoted_.push_back('"');
          ++i;
        } else {
          quoted = false;
        }
      } else {
        unquoted_.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == delimiter_) {
      finish(i);
      start = i + 1;
      has_quote = false;
    } else if (has_quote) {
      unquoted_.push_back(c);
    }
  }
  if (quoted) throw std::invalid_argument("unterminated quoted field");
  finish(line.size());
}

CsvTable parse_csv(std::string_view text, const CsvOptions& options) {
  CsvRows reader(text, options);
  CsvTable table;
  table.header = reader.header();
  table.comments.assign(reader.comments().begin(), reader.comments().end());
  table.delimiter = reader.delimiter();
  table.rows.reserve(reader.size());
  std::vector<std::string_view> cells;
  while (reader.next(cells)) table.rows.emplace_back(cells.begin(), cells.end());
  return table;
}

}  // namespace exodetect::common
