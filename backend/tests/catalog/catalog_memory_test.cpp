// A catalogue is read into typed columns: numbers as doubles, only text columns as text, so a
// table costs a few arrays per column, not a string per cell.
#include <cstdio>
#include <string>

#include <gtest/gtest.h>

#include "exodetect/catalog/catalog.hpp"
#include "heap_use.hpp"

namespace exodetect::catalog {
namespace {

using test_support::heap_use;
using test_support::HeapUse;
using test_support::string_table_heap;

// A KOI-shaped export: ids, names and dispositions as text, 36 numeric columns with the
// archive's precision (values with uncertainties), two signals per star.
std::string koi_table(size_t rows) {
  std::string text =
      "kepid,kepoi_name,kepler_name,koi_disposition,koi_pdisposition,koi_score,koi_fpflag_nt,"
      "koi_fpflag_ss,koi_fpflag_co,koi_fpflag_ec,koi_period,koi_period_err1,koi_period_err2,"
      "koi_time0bk,koi_time0bk_err1,koi_time0bk_err2,koi_impact,koi_impact_err1,"
      "koi_impact_err2,koi_duration,koi_duration_err1,koi_duration_err2,koi_depth,"
      "koi_depth_err1,koi_depth_err2,koi_prad,koi_prad_err1,koi_prad_err2,koi_teq,koi_insol,"
      "koi_model_snr,koi_steff,koi_steff_err1,koi_steff_err2,koi_slogg,koi_slogg_err1,"
      "koi_slogg_err2,koi_srad,koi_srad_err1,koi_srad_err2,ra,dec,koi_kepmag\n";
  text.reserve(rows * 360);
  char line[640];
  for (size_t i = 0; i < rows; ++i) {
    const size_t star = i / 2;
    const double period = 0.5 + double(i % 997) * 0.731;
    const bool confirmed = i % 3 == 0;
    std::snprintf(
        line, sizeof line,
        "%zu,K%05zu.%02zu,%s,%s,%s,%.3f,0,%d,0,0,%.9f,%.3e,%.3e,%.6f,%.2e,%.2e,%.3f,0.03,-0.2,"
        "%.4f,0.1,-0.1,%.1f,12.3,-12.3,%.2f,0.3,-0.2,%d,%.2f,%.1f,%d,150,-170,%.3f,0.08,-0.12,"
        "%.3f,0.1,-0.05,%.6f,%.6f,%.3f\n",
        10000000 + star, star, i % 2 + 1, confirmed ? "Kepler-1 b" : "",
        confirmed ? "CONFIRMED" : "FALSE POSITIVE", confirmed ? "CANDIDATE" : "FALSE POSITIVE",
        double(i % 1000) / 1000, int(!confirmed), period, period * 2e-6, -period * 2e-6,
        131.5 + double(i % 89), 1.5e-3, -1.5e-3, double(i % 100) / 90, 1.5 + double(i % 40) / 7,
        100.0 + double(i % 5000), 0.8 + double(i % 300) / 25, 400 + int(i % 1500),
        double(i % 9000) * 1.7, 8.0 + double(i % 700), 4500 + int(i % 2500),
        4.0 + double(i % 60) / 100, 0.7 + double(i % 90) / 60, 280.0 + double(star % 2000) / 97,
        36.5 + double(star % 1700) / 131, 11.0 + double(i % 60) / 10);
    text += line;
  }
  return text;
}

TEST(CatalogMemory, ReadingKeepsTypedColumns) {
  constexpr size_t kRows = 20000;
  const std::string text = koi_table(kRows);

  // What the reader must not build: the whole table as one string per cell.
  const HeapUse cells = string_table_heap(text);
  const HeapUse read = heap_use([&] {
    const Catalog catalog = parse_catalog(text);
    ASSERT_EQ(catalog.size(), kRows);
  });

  EXPECT_LT(read.allocations, static_cast<long long>(kRows / 20)) << "allocations grow with rows";
  EXPECT_LT(read.peak_bytes, cells.peak_bytes / 2)
      << "reading peaked at " << read.peak_bytes << " bytes; the per-cell table takes "
      << cells.peak_bytes;

  // What a loaded catalogue holds for the server's lifetime: 8 bytes a number, the characters
  // of the text it keeps and a few context columns, well under two numbers' worth a cell.
  const long long before = test_support::g_live_bytes.load();
  const Catalog catalog = parse_catalog(text);
  const long long held = test_support::g_live_bytes.load() - before;
  const long long cells_in_table = static_cast<long long>(kRows * catalog.columns().size());
  EXPECT_LT(held, 16 * cells_in_table)
      << "the catalogue holds " << held << " bytes for " << cells_in_table << " cells";
}

}  // namespace
}  // namespace exodetect::catalog
