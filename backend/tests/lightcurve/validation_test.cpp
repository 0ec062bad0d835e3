// Bad input gives one std::invalid_argument naming the file and the problem; also stitching
// and synthetic FITS layouts the real files do not cover.

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "exodetect/common/file_io.hpp"
#include "exodetect/lightcurve/light_curve.hpp"
#include "lightcurve/lightcurve_fixture.hpp"

namespace exodetect::lightcurve {

using common::read_file_bytes;

namespace {

using testing::rows;
using testing::write_fits;
using Validation = testing::TempDir;

std::string num(double v) {
  std::ostringstream s;
  s.precision(12);
  s << v;
  return s.str();
}

std::string data_file(const std::string& name) {
  return std::string(EXODETECT_DATA_DIR) + "/lightcurves/" + name;
}

// The message of the std::invalid_argument that reading `path` throws ("" if none).
std::string error_of(const std::string& path, const ReadOptions& options = {}) {
  try {
    read_light_curve(path, options);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

void expect_error(const std::string& path, const std::string& needle) {
  std::string message = error_of(path);
  EXPECT_NE(message.find(path), std::string::npos) << "message does not name the file: " << message;
  EXPECT_NE(message.find(needle), std::string::npos) << "got: " << message;
}

std::string good_row(int, double t, double f) { return num(t) + "," + num(f) + "\n"; }

TEST_F(Validation, EmptyFile) { expect_error(write("empty.csv", ""), "the file is empty"); }

TEST_F(Validation, CommentsOnly) {
  expect_error(write("comments.csv", "# nothing\n\n  \n"), "no data rows");
}

TEST_F(Validation, TooFewPoints) {
  expect_error(write("few.csv", "time,flux\n" + rows(12, good_row)),
               "only 12 usable points; at least 50 are needed");
  // NaN rows do not count.
  std::string text = "time,flux\n" + rows(80, [](int i, double t, double f) {
                       return num(t) + "," + (i < 40 ? "nan" : num(f)) + "\n";
                     });
  expect_error(write("half_nan.csv", text), "only 40 usable points");
}

TEST_F(Validation, AllNan) {
  std::string text =
      "time,flux\n" + rows(60, [](int, double t, double) { return num(t) + ",NaN\n"; });
  expect_error(write("nan.csv", text), "no usable points");
}

// Sorting and repeated times: formats_test.cpp (UnsortedTimesAreSortedAndSaid).

TEST_F(Validation, BinaryJunk) {
  std::mt19937 rng(7);
  std::string junk(4096, '\0');
  for (char& c : junk) c = static_cast<char>(rng());
  expect_error(write("junk.bin", junk), "cannot read as FITS or CSV");
}

TEST_F(Validation, CorruptGzip) {
  std::string gz = testing::gzip("time,flux\n" + rows(60, good_row));
  gz.resize(gz.size() / 2);
  expect_error(write("cut.csv.gz", gz), "gzip");
}

TEST_F(Validation, TextInFluxColumn) {
  std::string text = "time,flux\n" + rows(60, [](int i, double t, double f) {
                       return num(t) + "," + (i == 6 ? std::string("abc") : num(f)) + "\n";
                     });
  expect_error(write("text.csv", text), "text 'abc' in the flux column 'flux' at data row 7");
  std::string bare = rows(60, [](int i, double t, double f) {
    return num(t) + "," + num(f) + "," + (i == 9 ? std::string("1e-3x") : "0.001") + "\n";
  });
  expect_error(write("bare.csv", bare), "text '1e-3x' in the flux error column 2 at data row 10");
}

TEST_F(Validation, MissingFile) { expect_error((dir_ / "nope.fits").string(), "cannot open file"); }

TEST_F(Validation, NonPositiveErrorsAndFlux) {
  std::string zero_err = rows(60, [](int i, double t, double f) {
    return num(t) + "," + num(f) + "," + (i == 4 ? "0" : "1") + "\n";
  });
  expect_error(write("zero_err.csv", zero_err), "flux error 0 at row 5 is not positive");
  std::string negative =
      rows(60, [](int, double t, double f) { return num(t) + "," + num(-f) + "\n"; });
  expect_error(write("negative.csv", negative), "median flux");
  std::string flat = rows(60, [](int, double t, double) { return num(t) + ",5\n"; });
  expect_error(write("flat.csv", flat), "constant");
}

std::vector<double> ramp(size_t n, double start, double step) {
  std::vector<double> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = start + step * static_cast<double>(i);
  return v;
}

TEST_F(Validation, FitsWithoutTimeColumn) {
  std::string path =
      write_fits((dir_ / "notime.fits").string(),
                 {{"CADENCE", ramp(100, 0, 1)}, {"PDCSAP_FLUX", ramp(100, 10, 0)}}, {}, {});
  expect_error(path, "no FITS table with a time column");
}

TEST_F(Validation, FitsWithoutFluxColumnAndTruncated) {
  std::string path = write_fits((dir_ / "noflux.fits").string(),
                                {{"TIME", ramp(100, 0, 0.02)}, {"SAP_FLUX", ramp(100, 10, 0.01)}},
                                {}, {{"BJDREFI", 2457000}});
  // Without PDCSAP_FLUX the raw flux is read, and the report says which column.
  EXPECT_EQ(error_of(path), "");
  const LightCurve sap_only = read_light_curve(path);
  ASSERT_EQ(sap_only.notes.size(), 1u);
  EXPECT_NE(sap_only.notes[0].find("'SAP_FLUX'"), std::string::npos);
  EXPECT_EQ(error_of(path, testing::sap_options()), "");
  std::string nothing = write_fits((dir_ / "nothing.fits").string(),
                                   {{"TIME", ramp(100, 0, 0.02)}, {"BKG", ramp(100, 10, 0.01)}}, {},
                                   {{"BJDREFI", 2457000}});
  expect_error(nothing, "no flux column found (columns: TIME, BKG)");

  // The real file cut inside its table: refused before CFITSIO reads past the end.
  std::string whole = read_file_bytes(data_file("kic8462852_q8_dip_llc.fits.gz"));
  expect_error(write("cut.fits", whole.substr(0, 10 * 2880)), "truncated");
  expect_error(write("cut_header.fits", whole.substr(0, 5 * 2880)), "truncated?");
  expect_error(write("tiny.fits", whole.substr(0, 100)), "truncated FITS file");

  // Hostile headers never reach CFITSIO: a broken primary header is refused outright, and a
  // broken extension header (a control byte in a card) hides that extension and what follows.
  std::string bad_primary = whole;
  bad_primary[80 + 5] = '\n';
  expect_error(write("bad_primary.fits", bad_primary), "malformed FITS primary header");
  std::string bad_table = whole;
  bad_table[5760 + 80 * 3 + 20] = '\x01';
  expect_error(write("bad_table.fits", bad_table), "no FITS table after the primary header");
  std::string no_naxis = whole;
  no_naxis.replace(5760 + 80, 8, "BITPIY  ");
  expect_error(write("no_bitpix.fits", no_naxis), "no FITS table after the primary header");
}

TEST_F(Validation, SyntheticK2AndUnusualReference) {
  auto time = ramp(200, 2000, 0.02);
  auto flux = ramp(200, 500, 0.001);
  std::string k2 =
      write_fits((dir_ / "k2.fits").string(),
                 {{"TIME", time}, {"PDCSAP_FLUX", flux}, {"SAP_QUALITY", ramp(200, 0, 0)}},
                 {{"CAMPAIGN", 3}, {"KEPLERID", 206154641}}, {{"BJDREFI", 2454833}, {"BJDREFF", 0}},
                 {{"TELESCOP", "Kepler"}, {"MISSION", "K2"}});
  LightCurve lc = read_light_curve(k2);
  EXPECT_EQ(lc.mission, Mission::kK2);
  EXPECT_EQ(lc.time_system, "BKJD");
  EXPECT_EQ(lc.target, "EPIC 206154641");
  EXPECT_FALSE(lc.stellar.teff_k.has_value());
  EXPECT_GT(lc.flux_err[0], 0.0);  // estimated: the file has no error column

  std::string other = write_fits((dir_ / "other.fits").string(), {{"TIME", time}, {"FLUX", flux}},
                                 {}, {{"BJDREFI", 2450000}, {"BJDREFF", 0.5}});
  LightCurve lc2 = read_light_curve(other);
  EXPECT_EQ(lc2.time_system, "BJD");
  EXPECT_DOUBLE_EQ(lc2.time[0], 2452000.5);
  EXPECT_EQ(lc2.mission, Mission::kUnknown);
  EXPECT_EQ(lc2.target, "other");
}

// lightkurve's to_fits() writes OBJECT = '10797460' beside KEPLERID = 10797460 (Kepler-227's
// Q1 file in data/lightcurves): the bare number is the id the keyword names, not a name.
TEST_F(Validation, BareIdInObjectIsNamedByItsIdKeyword) {
  auto time = ramp(200, 160, 0.02);
  auto flux = ramp(200, 500, 0.001);
  auto read = [&](const std::string& file, std::vector<std::pair<std::string, double>> ids,
                  std::vector<std::pair<std::string, std::string>> words) {
    return read_light_curve(write_fits((dir_ / file).string(), {{"TIME", time}, {"FLUX", flux}},
                                       std::move(ids), {{"BJDREFI", 2454833}, {"BJDREFF", 0}},
                                       std::move(words)))
        .target;
  };
  EXPECT_EQ(read("kepler.fits", {{"QUARTER", 1}, {"KEPLERID", 10797460}},
                 {{"TELESCOP", "KEPLER"}, {"MISSION", "Kepler"}, {"OBJECT", "10797460"}}),
            "KIC 10797460");
  EXPECT_EQ(read("tess.fits", {{"SECTOR", 1}, {"TICID", 25155310}},
                 {{"TELESCOP", "TESS"}, {"OBJECT", "25155310"}}),
            "TIC 25155310");
  // A name, or a number that is not the id keyword's, stays as the file gives it.
  EXPECT_EQ(
      read("named.fits", {{"TICID", 25155310}}, {{"TELESCOP", "TESS"}, {"OBJECT", "WASP-126"}}),
      "WASP-126");
  EXPECT_EQ(read("other.fits", {{"KEPLERID", 10797460}},
                 {{"TELESCOP", "KEPLER"}, {"OBJECT", "11442793"}}),
            "11442793");
}

TEST(SurfaceGravity, RelatesMassAndRadiusBothWays) {
  // The Sun: log g 4.438 (IAU 2015 nominal values give 4.4380).
  EXPECT_NEAR(mass_from_logg_sun(4.438, 1.0), 1.0, 0.001);
  EXPECT_NEAR(logg_from_mass_cgs(1.0, 1.0), 4.438, 0.0005);
  // g = G M / R^2: twice the radius at the same gravity is four times the mass.
  EXPECT_NEAR(mass_from_logg_sun(4.0, 2.0) / mass_from_logg_sun(4.0, 1.0), 4.0, 1e-12);
  EXPECT_NEAR(logg_from_mass_cgs(mass_from_logg_sun(3.1, 7.5), 7.5), 3.1, 1e-12);
}

LightCurve read_csv(const std::string& path) { return read_light_curve(path); }

TEST_F(Validation, StitchKeepsEachMedianAndSegments) {
  auto part = [this](const std::string& name, double start, double level) {
    std::string text = "time,flux\n";
    for (int i = 0; i < 60; ++i) {
      text += num(start + 0.02 * i) + "," + num(level * (1 + 0.001 * (i % 3))) + "\n";
    }
    return read_csv(write(name, text));
  };
  LightCurve late = part("late.csv", 1010, 2000);
  LightCurve early = part("early.csv", 1000, 1000);
  LightCurve both = stitch({late, early});
  ASSERT_EQ(both.size(), 120u);
  EXPECT_DOUBLE_EQ(both.time.front(), 1000.0);
  EXPECT_EQ(both.segment.front(), 0);
  EXPECT_EQ(both.segment.back(), 1);
  EXPECT_NEAR(both.flux[1], both.flux[61], 1e-12);  // each part divided by its own median
  EXPECT_EQ(both.n_points_raw, 120u);
  EXPECT_NE(both.source.find("late.csv"), std::string::npos);
  EXPECT_NE(both.source.find("early.csv"), std::string::npos);
  for (size_t i = 1; i < both.size(); ++i) ASSERT_GT(both.time[i], both.time[i - 1]);

  // Stitching a stitched curve renumbers segments after the existing ones.
  LightCurve third = part("third.csv", 1020, 3000);
  LightCurve all = stitch({both, third});
  EXPECT_EQ(all.segment.back(), 2);

  EXPECT_THROW(stitch({}), std::invalid_argument);
  LightCurve overlapping = part("overlap.csv", 1000.5, 1000);
  try {
    stitch({early, overlapping});
    FAIL() << "overlap accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("overlap"), std::string::npos) << e.what();
  }
}

TEST_F(Validation, StitchRejectsMixedTimeSystemsAndTakesFirstStar) {
  LightCurve kepler = read_light_curve(data_file("kic8462852_q8_dip_llc.fits.gz"));
  LightCurve tess =
      read_light_curve(data_file("tess2018206045859-s0001-0000000038846515-0120-s_lc.fits.gz"));
  try {
    stitch({kepler, tess});
    FAIL() << "mixed time systems accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("different time systems"), std::string::npos);
  }
  // Same quarter of two stars: overlapping times.
  LightCurve q3a = read_light_curve(data_file("kplr011442793-2009350155506_llc.fits.gz"));
  LightCurve q3b =
      read_light_curve(data_file("kplr005110407-2009350155506_llc-kepcotrend-single.fits.gz"));
  EXPECT_THROW(stitch({q3a, q3b}), std::invalid_argument);

  // Q8 after Q3: stitched; a part without stellar data first does not blank the star.
  LightCurve bare = q3a;
  bare.stellar = {};
  bare.target = "bare";
  LightCurve both = stitch({bare, kepler});
  EXPECT_EQ(both.size(), q3a.size() + kepler.size());
  EXPECT_EQ(both.target, "KIC 8462852");
  ASSERT_TRUE(both.stellar.teff_k);
  EXPECT_EQ(*both.stellar.teff_k, 6584.0);
  EXPECT_EQ(both.time_system, "BKJD");
  EXPECT_EQ(both.mission, Mission::kKepler);
}

}  // namespace
}  // namespace exodetect::lightcurve
