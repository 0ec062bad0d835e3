#include "exodetect/common/env.hpp"

#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include "exodetect/common/csv.hpp"
#include "exodetect/common/strings.hpp"

namespace exodetect::common {

std::optional<std::string> env_text(const char* name) {
  const char* value = std::getenv(name);
  if (!value || !*value) return std::nullopt;
  return std::string(value);
}

uint64_t env_integer(const char* name, uint64_t fallback, uint64_t min, uint64_t max) {
  const auto text = env_text(name);
  if (!text) return fallback;
  // 19 digits always fit in 64 bits, so the value is exact before the range check.
  const bool digits =
      text->size() <= 19 && text->find_first_not_of("0123456789") == std::string::npos;
  const uint64_t value = digits ? std::stoull(*text) : 0;
  if (!digits || value < min || value > max) {
    throw std::invalid_argument(std::string(name) + " must be an integer in [" +
                                std::to_string(min) + ", " + std::to_string(max) + "], got '" +
                                text->substr(0, 40) + "'");
  }
  return value;
}

double env_number(const char* name, double fallback, double min, double max) {
  const auto text = env_text(name);
  if (!text) return fallback;
  auto v = parse_number(*text);
  if (!v || !std::isfinite(*v) || *v < min || *v > max) {
    throw std::invalid_argument(std::string(name) + " must be a number in [" + number_text(min) +
                                ", " + number_text(max) + "], got '" + text->substr(0, 40) + "'");
  }
  return *v;
}

bool env_flag(const char* name) {
  const std::string v = env_text(name).value_or("");
  return v == "1" || v == "true" || v == "yes" || v == "on";
}

}  // namespace exodetect::common
