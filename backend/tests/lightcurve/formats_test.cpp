// The community's light-curve formats: FFI and K2 products with their own column names,
// magnitudes, comment-line headers, tab/space tables, out-of-order times. Row counts of the
// real files were counted independently (python3, gzip module) from the files' text or with
// CFITSIO's own table access.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "exodetect/common/stats.hpp"
#include "exodetect/lightcurve/light_curve.hpp"
#include "lightcurve/lightcurve_fixture.hpp"

namespace exodetect::lightcurve {

using common::median;

namespace {

using Formats = testing::TempDir;

std::string data_file(const std::string& name) {
  return std::string(EXODETECT_DATA_DIR) + "/lightcurves/" + name;
}

bool has_note(const LightCurve& lc, const std::string& part) {
  return std::any_of(lc.notes.begin(), lc.notes.end(),
                     [&](const std::string& n) { return n.find(part) != std::string::npos; });
}

void expect_sorted_normalised(const LightCurve& lc) {
  ASSERT_EQ(lc.flux.size(), lc.size());
  ASSERT_EQ(lc.flux_err.size(), lc.size());
  for (size_t i = 1; i < lc.size(); ++i) ASSERT_GT(lc.time[i], lc.time[i - 1]);
  for (double e : lc.flux_err) ASSERT_GT(e, 0.0);
  EXPECT_NEAR(median(lc.flux), 1.0, 1e-9);
}

// Reads a real file and checks its point count, time system and first time (days).
LightCurve read_checked(const std::string& file, size_t points, const std::string& time_system,
                        double first_time) {
  LightCurve lc = read_light_curve(data_file(file));
  EXPECT_EQ(lc.size(), points);
  expect_sorted_normalised(lc);
  EXPECT_EQ(lc.time_system, time_system);
  if (!lc.time.empty()) {
    EXPECT_NEAR(lc.time[0], first_time, 1e-6);
  }
  return lc;
}

double min_flux(const LightCurve& lc) { return *std::min_element(lc.flux.begin(), lc.flux.end()); }

// HD 23642: '# BJD-2450000 mag e_mag Flag Phase' on a comment line, magnitudes; the primary
// eclipse is about 0.10 mag (Munari et al. 2004; 0.1044 mag at the faintest point here).
TEST(RealFormats, Hd23642CommentHeaderMagnitudesAndBjdOffset) {
  LightCurve lc = read_checked("HD23642.dat.gz", 2814, "BJD", 2457064.068193);
  EXPECT_TRUE(has_note(lc, "magnitudes")) << ::testing::PrintToString(lc.notes);
  // Eclipses are dips in flux (magnitudes grow fainter): 10^(-0.4 * 0.1044) = 0.9084.
  EXPECT_NEAR(min_flux(lc), std::pow(10.0, -0.4 * 0.1044), 2e-3);
  // e_mag 0.00097 -> 0.4 ln(10) * 0.00097 of the flux.
  EXPECT_NEAR(lc.flux_err[0] / lc.flux[0], 0.4 * std::log(10.0) * 0.00097, 1e-6);
}

// KOI-1561 (HBSsNN sample): headerless BJD-2400000 and zero-centred delta magnitudes.
TEST(RealFormats, HeaderlessZeroCentredColumnIsDeltaMagnitudes) {
  LightCurve lc = read_checked("04940438.00.dat.gz", 46130, "unknown", 55002.76552182);
  EXPECT_TRUE(has_note(lc, "differential magnitudes"));
  // First row: +0.00126781 mag (fainter) -> flux below the median.
  EXPECT_NEAR(lc.flux[0], std::pow(10.0, -0.4 * 0.00126781), 1e-5);
  // The same column read as flux is refused: a zero median cannot be normalised.
  ReadOptions as_flux;
  as_flux.flux_unit = FluxUnit::kFlux;
  EXPECT_THROW(read_light_curve(data_file("04940438.00.dat.gz"), as_flux), std::invalid_argument);
}

// CDIPS FFI HLSP of TOI-450: TMID_BJD (full BJD), PCA1 magnitudes (TUNIT 'mag'), IRE1 errors;
// two eclipses of about 5% (Tofflemire et al. 2022, arXiv:2210.10789).
TEST(RealFormats, CdipsPca1MagnitudesAndFullBjd) {
  const std::string file =
      data_file("hlsp_cdips_tess_ffi_gaiatwo0004827527233363019776-0006_tess_v01_llc.fits.gz");
  LightCurve lc = read_light_curve(file);
  expect_sorted_normalised(lc);
  EXPECT_EQ(lc.n_points_raw, 985u);
  EXPECT_GT(lc.size(), 900u);
  EXPECT_EQ(lc.time_system, "BJD");
  EXPECT_GT(lc.time[0], 2458400.0);
  EXPECT_EQ(lc.mission, Mission::kTess);
  EXPECT_TRUE(has_note(lc, "'PCA1' holds magnitudes"));
  EXPECT_LT(min_flux(lc), 0.96);  // eclipses are dips
  // --flux-column works for FITS: the raw instrumental magnitudes.
  ReadOptions irm;
  irm.flux_column = "IRM1";
  LightCurve raw = read_light_curve(file, irm);
  EXPECT_TRUE(has_note(raw, "'IRM1' holds magnitudes"));
  EXPECT_NE(raw.flux[10], lc.flux[10]);
  irm.flux_column = "NOPE";
  EXPECT_THROW(read_light_curve(file, irm), std::invalid_argument);
}

// lightkurve's to_fits(): FLUX, FLUX_ERR, SAP_QUALITY, no BJDREFI but TUNIT1 'bkjd'.
TEST(RealFormats, LightkurveToFitsExportIsBkjd) {
  LightCurve lc = read_light_curve(data_file("10797460.fits.gz"));
  expect_sorted_normalised(lc);
  EXPECT_EQ(lc.n_points_raw, 1626u);
  EXPECT_EQ(lc.time_system, "BKJD");
  EXPECT_EQ(lc.bjd_reference_days, 2454833.0);
  EXPECT_EQ(lc.mission, Mission::kKepler);
  // Kepler-227 c's single transit at BKJD 162.51 (KOI table, K00752.02) is inside the data.
  EXPECT_LT(lc.time.front(), 162.5);
  EXPECT_GT(lc.time.back(), 162.5);
}

// K2-138 (EDI-Vetter): t,f,ferr,mask with mask TRUE on 625 thruster-firing rows.
TEST(RealFormats, MaskColumnDropsTrueRows) {
  LightCurve lc = read_light_curve(data_file("K2_138.csv.gz"));
  expect_sorted_normalised(lc);
  EXPECT_EQ(lc.n_points_raw - lc.size(), 625u);
}

// SHERLOCK: '#time,flux,flux_err' is a comment line holding the header.
TEST(RealFormats, HashHeaderLine) {
  LightCurve lc = read_checked("TIC198153540_lc.csv.gz", 73518, "unknown", 1738.6491882405314);
  EXPECT_NEAR(lc.flux_err[0] / lc.flux[0], 0.0014385548 / 0.9987013, 1e-9);
}

// SHERLOCK lc_data.csv: an unnamed index column, flux in e-/s, a quality column.
TEST(RealFormats, QualityColumnInText) {
  LightCurve lc = read_light_curve(data_file("TIC307210830_lc_data.csv.gz"));
  expect_sorted_normalised(lc);
  EXPECT_EQ(lc.n_points_raw, 29881u);
  EXPECT_EQ(lc.size(), 25582u);  // finite flux and no bit of 175 in quality
}

// LATTE output: tab separated with a header.
TEST(RealFormats, TabSeparated) {
  read_checked("94986319_data.txt.gz", 32699, "unknown", 1437.9956229361721);
}

// K2-29: three '#' lines, the first naming the columns "time-2400000.0, flux, fluxerr".
TEST(RealFormats, EarlierCommentLineNamesColumnsWithOffset) {
  read_checked("ktwo211089792.txt.gz", 1919, "BJD", 2457063.0060348860861268);
}

// DAVE K2photo: 'Dates Flux Corrflux Xpos Ypos': the corrected flux, not the raw counts.
TEST(RealFormats, CorrectedFluxPreferredOverRawCounts) {
  LightCurve lc = read_checked("ktwo210827030-c04_detrended.dat.gz", 2820, "unknown", 2228.841301);
  ReadOptions counts;
  counts.flux_column = "Flux";
  LightCurve raw = read_light_curve(data_file("ktwo210827030-c04_detrended.dat.gz"), counts);
  EXPECT_GT(std::fabs(raw.flux[0] - lc.flux[0]), 1e-3);
}

// Official K2 and TESS SPOC files of the new batch.
TEST(RealFormats, K2AndTessSpocFiles) {
  LightCurve k2 = read_light_curve(data_file("ktwo206103150-c03_llc.fits.gz"));
  expect_sorted_normalised(k2);
  EXPECT_EQ(k2.mission, Mission::kK2);
  EXPECT_EQ(k2.time_system, "BKJD");
  EXPECT_EQ(k2.n_points_raw, 3386u);
  LightCurve tess = read_light_curve(data_file("tic55525572_lc.fits.gz"));
  expect_sorted_normalised(tess);
  EXPECT_EQ(tess.n_points_raw, 18944u);
  EXPECT_GE(tess.size(), 17636u);
  // TOI-813 b's single transit at BTJD ~1454.68 is in the data.
  EXPECT_LT(tess.time.front(), 1454.0);
  EXPECT_GT(tess.time.back(), 1455.5);
}

// Synthetic FITS tables with each FFI/K2 product's column names: the default flux column is
// the product's corrected one and its own error column is used.
TEST_F(Formats, FfiAndK2ProductColumnNames) {
  const size_t n = 200;
  std::vector<double> t(n), corrected(n), raw(n), err(n);
  for (size_t i = 0; i < n; ++i) {
    t[i] = 1400.0 + 0.02 * static_cast<double>(i);
    corrected[i] = 1000.0 + std::sin(0.3 * static_cast<double>(i));
    raw[i] = 2000.0 + 5 * std::cos(0.1 * static_cast<double>(i));
    err[i] = 0.5;
  }
  struct Product {
    const char* name;
    std::vector<std::pair<std::string, std::vector<double>>> columns;
  };
  const std::vector<Product> products = {
      {"QLP",
       {{"TIME", t}, {"SAP_FLUX", raw}, {"KSPSAP_FLUX", corrected}, {"KSPSAP_FLUX_ERR", err}}},
      {"eleanor", {{"TIME", t}, {"RAW_FLUX", raw}, {"CORR_FLUX", corrected}, {"FLUX_ERR", err}}},
      {"TGLC", {{"time", t}, {"aperture_flux", raw}, {"cal_psf_flux", corrected}}},
      {"K2SFF", {{"T", t}, {"FRAW", raw}, {"FCOR", corrected}}},
      {"EVEREST", {{"TIME", t}, {"FRAW", raw}, {"FLUX", corrected}, {"FRAW_ERR", err}}},
  };
  for (const Product& p : products) {
    SCOPED_TRACE(p.name);
    const std::string path = testing::write_fits((dir_ / (std::string(p.name) + ".fits")).string(),
                                                 p.columns, {}, {{"BJDREFI", 2457000.0}});
    LightCurve lc = read_light_curve(path);
    ASSERT_EQ(lc.size(), n);
    EXPECT_EQ(lc.time_system, "BTJD");
    const double level = median(corrected);
    EXPECT_NEAR(lc.flux[5], corrected[5] / level, 1e-12);
    const bool own_err = std::string(p.name) == "QLP" || std::string(p.name) == "eleanor";
    if (own_err) {
      EXPECT_NEAR(lc.flux_err[5], 0.5 / level, 1e-12);
    }
    // The raw flux with --flux sap (EVEREST's FRAW takes FRAW_ERR, not the corrected flux's).
    LightCurve sap = read_light_curve(path, testing::sap_options());
    EXPECT_NEAR(sap.flux[5], raw[5] / median(raw), 1e-12);
    // --flux-column and --time-column by name and by 0-based index.
    ReadOptions by_name;
    by_name.flux_column = p.columns[1].first;
    by_name.time_column = "0";
    EXPECT_NEAR(read_light_curve(path, by_name).flux[5], raw[5] / median(raw), 1e-12);
  }
}

// A stitched table whose sectors come in the wrong order, with one repeated row: sorted, the
// repeat dropped, both said.
TEST_F(Formats, UnsortedTimesAreSortedAndSaid) {
  std::ostringstream s;
  s.precision(12);
  s << "time,flux\n";
  for (int i = 100; i < 200; ++i) s << 1000 + 0.02 * i << "," << 1.0 + 1e-4 * (i % 7) << "\n";
  for (int i = 0; i < 100; ++i) s << 1000 + 0.02 * i << "," << 1.0 + 1e-4 * (i % 5) << "\n";
  s << 1000 + 0.02 * 150 << "," << 2.0 << "\n";  // repeats a time
  LightCurve lc = read_light_curve(write("stitched.csv", s.str()));
  ASSERT_EQ(lc.size(), 200u);
  expect_sorted_normalised(lc);
  EXPECT_DOUBLE_EQ(lc.time[0], 1000.0);
  EXPECT_TRUE(has_note(lc, "out of order"));
  EXPECT_TRUE(has_note(lc, "repeat an earlier time"));
  // The first row of a repeated time is kept (flux 1 + 1e-4 * (150 % 7), not 2).
  EXPECT_LT(lc.flux[150], 1.01);
}

// Column names from the last '#' line, whitespace and tab separated, a magnitude band name.
TEST_F(Formats, CommentHeaderAndMagnitudeUnit) {
  std::ostringstream s;
  s.precision(12);
  s << "# a light curve\n# btjd   Vmag   e_Vmag\n";
  for (int i = 0; i < 100; ++i) {
    const double mag = 10.0 + (i >= 50 && i < 53 ? 0.01 : 0.0);
    s << 1500 + 0.02 * i << "\t" << mag << "  " << 0.001 << "\n";
  }
  LightCurve lc = read_light_curve(write("mag.txt", s.str()));
  ASSERT_EQ(lc.size(), 100u);
  EXPECT_EQ(lc.time_system, "BTJD");
  EXPECT_TRUE(has_note(lc, "magnitudes"));
  EXPECT_NEAR(lc.flux[51], std::pow(10.0, -0.004), 1e-9);
  EXPECT_NEAR(lc.flux[0], 1.0, 1e-12);
}

}  // namespace
}  // namespace exodetect::lightcurve
