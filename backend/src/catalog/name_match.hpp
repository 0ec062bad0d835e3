#pragma once

#include <string>
#include <string_view>

#include "exodetect/catalog/catalog.hpp"

namespace exodetect::catalog {

// A search text matched against a row's names: its id, its host and the catalogue's name
// columns (Catalog::name_columns), case-insensitively and without copying them.
class NameMatch {
 public:
  NameMatch(const Catalog& catalog, std::string_view text);

  bool empty() const { return text_.empty(); }
  // Some name of the row holds the text.
  bool matches(size_t row) const;
  // How well: 0 a name equal to the text, 1 a name that begins with it as a whole word
  // ("kepler-10" in "Kepler-10 b", "114" in "114.01"), 2 anywhere else.
  int rank(size_t row) const;

 private:
  template <class Fn>
  void for_each_name(size_t row, Fn&& fn) const;

  const Catalog& catalog_;
  std::string text_;  // lowercase
};

}  // namespace exodetect::catalog
