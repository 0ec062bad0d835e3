#pragma once

#include <optional>
#include <string>

namespace exodetect::catalog {

// The newest export of catalogue `kind` ("koi", "toi", "k2") in `dir`: the last by name of the
// files `<kind>*.csv[.gz]`, whose names carry the export date; nullopt when there is none.
std::optional<std::string> find_catalog_export(const std::string& dir, const std::string& kind);

}  // namespace exodetect::catalog
