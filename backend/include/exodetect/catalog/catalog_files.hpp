#pragma once

#include <optional>
#include <string>

namespace exodetect::catalog {

// The newest export of catalogue `kind` ("koi", "toi", "k2") in `dir`: the last by name of the
// files `<kind>*.csv[.gz]`, whose names carry the export date; nullopt when there is none.
std::optional<std::string> find_catalog_export(const std::string& dir, const std::string& kind);

// Where the shipped catalogues are when no folder is named: data/catalogs under the working
// folder, else beside the running program's build folder (a source tree's build/exodetect), else
// "data/catalogs" as given. The CLI and the server both start from it, so a worker and a local
// search look a star up alike.
std::string default_catalog_dir();

}  // namespace exodetect::catalog
