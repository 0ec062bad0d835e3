#pragma once

#include "exodetect/catalog/catalog.hpp"

namespace exodetect::catalog {

// The table-wide context features of every row of `catalog` (whose columns are read; its
// context is not), with `epoch_column` the transit epoch for ephemeris matching.
Catalog::Context table_context(const Catalog& catalog, const char* epoch_column);

}  // namespace exodetect::catalog
