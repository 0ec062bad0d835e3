#include "exodetect/common/strings.hpp"

#include <algorithm>
#include <cstdio>

namespace exodetect::common {
namespace {

// Plain ASCII, not std::tolower: it runs per header and per JSON key on every request, where the
// locale-aware call costs more than the comparison it feeds.
char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c; }

}  // namespace

std::string to_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return ascii_lower(x) == ascii_lower(y);
         });
}

std::string number_text(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

}  // namespace exodetect::common
