// libFuzzer target for the shared CSV parser: any text gives a table or std::invalid_argument.

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string_view>

#include "exodetect/common/csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    exodetect::common::CsvTable table = exodetect::common::parse_csv(text);
    for (const auto& row : table.rows) {
      for (const auto& cell : row) exodetect::common::parse_number(cell);
    }
    if (!table.header.empty()) table.column(table.header.back());
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
