#pragma once

#include <string>

namespace exodetect::common {

// Lowercase hex SHA-256 of the bytes (cache keys). Thread-safe.
std::string sha256_hex(const std::string& bytes);

}  // namespace exodetect::common
