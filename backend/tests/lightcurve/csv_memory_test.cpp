// The text reader streams numbers into columns: reading a table costs a few arrays, not a string
// per cell (heap measured by heap_use.hpp).
#include <cstdio>
#include <string>

#include <gtest/gtest.h>

#include "exodetect/lightcurve/light_curve.hpp"
#include "heap_use.hpp"

namespace exodetect::lightcurve {

namespace {

using test_support::heap_use;
using test_support::HeapUse;
using test_support::string_table_heap;

// A TESS-like export: time, two fluxes, an error and a quality flag, with full precision.
std::string table(size_t rows) {
  std::string text = "time,sap_flux,pdcsap_flux,pdcsap_flux_err,quality\n";
  text.reserve(rows * 64);
  char line[128];
  for (size_t i = 0; i < rows; ++i) {
    const double t = 1325.0 + double(i) / 720.0;
    std::snprintf(line, sizeof line, "%.10f,%.9f,%.9f,%.9f,%d\n", t, 1.0 + 1e-4 * double(i % 17),
                  1.0 + 1e-4 * double(i % 13), 2.5e-4, i % 1000 == 0 ? 32 : 0);
    text += line;
  }
  return text;
}

TEST(CsvMemory, ReadingStreamsNumbersIntoColumns) {
  constexpr size_t kRows = 100000;
  const std::string text = table(kRows);

  // What the reader must not build: the whole table as one string per cell.
  const HeapUse cells = string_table_heap(text);
  const HeapUse read = heap_use([&] {
    const LightCurve lc = read_light_curve_bytes(text, "tess.csv", ReadOptions{});
    ASSERT_EQ(lc.n_points_raw, kRows);
    ASSERT_EQ(lc.size(), kRows - kRows / 1000);  // quality 32 (reaction wheel desaturation)
  });

  EXPECT_LT(read.allocations, 1000) << "allocations grow with the rows";
  EXPECT_LT(read.peak_bytes, cells.peak_bytes / 2)
      << "reading peaked at " << read.peak_bytes << " bytes; the per-cell table takes "
      << cells.peak_bytes;
}

TEST(CsvMemory, TheColumnsAsReadBecomeTheLightCurve) {
  constexpr size_t kRows = 100000;
  const std::string text = table(kRows);
  long long result_bytes = 0;
  const HeapUse read = heap_use([&] {
    const LightCurve lc = read_light_curve_bytes(text, "tess.csv", ReadOptions{});
    result_bytes = static_cast<long long>(
        lc.time.capacity() * sizeof(double) + lc.flux.capacity() * sizeof(double) +
        lc.flux_err.capacity() * sizeof(double) + lc.segment.capacity() * sizeof(int));
  });
  // The light curve's own arrays, and while reading at most a third more (the quality flags,
  // a median's copy): no second set of columns, no quality column of doubles.
  EXPECT_LT(read.peak_bytes, result_bytes * 4 / 3)
      << "reading peaked at " << read.peak_bytes << " bytes for a light curve of " << result_bytes;
}

}  // namespace
}  // namespace exodetect::lightcurve
