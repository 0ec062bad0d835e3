#pragma once

#include <cstdint>
#include <optional>
#include <string>

// Settings read from the environment (docs/CONFIGURATION.md lists them). An unset or empty
// variable takes its default; a malformed one throws std::invalid_argument naming it.
namespace exodetect::common {

// The variable's text; nullopt when it is unset or empty.
std::optional<std::string> env_text(const char* name);

// An integer in [min, max], written as decimal digits only (no sign, point or exponent).
uint64_t env_integer(const char* name, uint64_t fallback, uint64_t min, uint64_t max);

// A number in [min, max] (decimals allowed: 0.5 MB).
double env_number(const char* name, double fallback, double min, double max);

// True for 1, true, yes or on.
bool env_flag(const char* name);

}  // namespace exodetect::common
