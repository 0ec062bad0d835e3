#include "exodetect/common/csv.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "exodetect/common/strings.hpp"

namespace exodetect {
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

// Splits one line into cells: quoted CSV when delim is ',', runs of blanks otherwise.
std::vector<std::string> split_line(std::string_view line, char delim) {
  std::vector<std::string> cells;
  if (delim == ' ') {
    size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
      if (i >= line.size()) break;
      size_t j = i;
      while (j < line.size() && line[j] != ' ' && line[j] != '\t') ++j;
      cells.emplace_back(line.substr(i, j - i));
      i = j;
    }
    return cells;
  }
  std::string cell;
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < line.size() && line[i + 1] == '"') {
          cell.push_back('"');
          ++i;
        } else {
          quoted = false;
        }
      } else {
        cell.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == delim) {
      cells.emplace_back(trim(cell));
      cell.clear();
    } else {
      cell.push_back(c);
    }
  }
  if (quoted) throw std::invalid_argument("unterminated quoted field");
  cells.emplace_back(trim(cell));
  return cells;
}

}  // namespace

std::optional<size_t> CsvTable::column(std::string_view name) const {
  for (size_t i = 0; i < header.size(); ++i) {
    if (iequals(header[i], name)) return i;
  }
  return std::nullopt;
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

CsvTable parse_csv(std::string_view text, const CsvOptions& options) {
  check_text(text);
  CsvTable table;
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string_view t = trim(line);
    if (!t.empty()) {
      if (t.front() == '#') {
        t.remove_prefix(1);
        table.comments.emplace_back(trim(t));
      } else {
        lines.push_back(line);
      }
    }
    pos = end + 1;
  }
  if (lines.empty()) throw std::invalid_argument("the table is empty (no data rows)");

  // Comma wins when the first data line has one outside quotes; otherwise blanks separate.
  table.delimiter = lines.front().find(',') != std::string_view::npos ? ',' : ' ';
  if (table.delimiter == ' ' && lines.front().find('\t') == std::string_view::npos &&
      lines.front().find(' ') == std::string_view::npos) {
    table.delimiter = ',';  // a single column
  }

  std::vector<std::string> first = split_line(lines.front(), table.delimiter);
  bool header = false;
  if (options.has_header) {
    header = *options.has_header;
  } else {
    header = std::any_of(first.begin(), first.end(), [](const std::string& c) {
      std::string_view t = trim(c);
      return !t.empty() && !parse_number(t) && !iequals(t, "nan");
    });
  }
  size_t start = 0;
  if (header) {
    table.header = std::move(first);
    start = 1;
  }
  size_t width = header ? table.header.size() : 0;
  table.rows.reserve(lines.size() - start);
  for (size_t i = start; i < lines.size(); ++i) {
    std::vector<std::string> cells = split_line(lines[i], table.delimiter);
    if (width == 0) width = cells.size();
    if (cells.size() != width) {
      throw std::invalid_argument("row " + std::to_string(i + 1) + " has " +
                                  std::to_string(cells.size()) + " cells, expected " +
                                  std::to_string(width));
    }
    table.rows.push_back(std::move(cells));
  }
  if (table.rows.empty()) throw std::invalid_argument("the table has a header but no data rows");
  return table;
}

}  // namespace exodetect
