#pragma once

#include <string>
#include <string_view>

namespace exodetect::common {

// ASCII lowercase copy (column names, dispositions, emails).
std::string to_lower(std::string_view s);

// ASCII case-insensitive equality (header and column names).
bool iequals(std::string_view a, std::string_view b);

// A number as a person writes it, to ten significant digits: 256, 0.5, 1000000 (not 256.000000).
std::string number_text(double v);

}  // namespace exodetect::common
