// Matching a search text against the names of a catalogue's rows.

#include "name_match.hpp"

#include <algorithm>
#include <cctype>

#include "exodetect/common/strings.hpp"

namespace exodetect::catalog {

using common::iequals;
using common::to_lower;

namespace {

char lower(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// `text` (lowercase) occurs in `name`, ignoring case.
bool contains(std::string_view name, std::string_view text) {
  return std::search(name.begin(), name.end(), text.begin(), text.end(),
                     [](char a, char b) { return lower(a) == b; }) != name.end();
}

}  // namespace

NameMatch::NameMatch(const Catalog& catalog, std::string_view text)
    : catalog_(catalog), text_(to_lower(text)) {}

template <class Fn>
void NameMatch::for_each_name(size_t row, Fn&& fn) const {
  fn(catalog_.id(row));
  fn(catalog_.group(row));
  for (size_t c : catalog_.name_columns()) fn(catalog_.text(row, c));
}

bool NameMatch::matches(size_t row) const {
  bool found = false;
  for_each_name(row, [&](std::string_view name) { found = found || contains(name, text_); });
  return found;
}

int NameMatch::rank(size_t row) const {
  int best = 2;
  for_each_name(row, [&](std::string_view name) {
    if (iequals(name, text_)) {
      best = 0;
    } else if (name.size() > text_.size() && iequals(name.substr(0, text_.size()), text_) &&
               !std::isalnum(static_cast<unsigned char>(name[text_.size()]))) {
      best = std::min(best, 1);
    }
  });
  return best;
}

}  // namespace exodetect::catalog
