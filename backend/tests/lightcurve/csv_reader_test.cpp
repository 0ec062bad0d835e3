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

using testing::gzip;
using testing::rows;
using CsvReader = testing::TempDir;

std::string data_file(const std::string& name) {
  return std::string(EXODETECT_DATA_DIR) + "/lightcurves/" + name;
}

std::string num(double v) {
  std::ostringstream s;
  s.precision(12);
  s << v;
  return s.str();
}

TEST(CsvRealFiles, Toi2000HeaderPrefersKspflux) {
  LightCurve lc = read_light_curve(data_file("toi2000_tic371188886_y1_30min.csv.gz"));
  EXPECT_EQ(lc.n_points_raw, 3525u);
  ASSERT_EQ(lc.size(), 3525u);
  EXPECT_EQ(lc.time_system, "unknown");
  EXPECT_EQ(lc.mission, Mission::kUnknown);
  EXPECT_EQ(lc.target, "toi2000_tic371188886_y1_30min");
  EXPECT_DOUBLE_EQ(lc.time[0], 1543.78321584873);
  // First row: rawflux 1.00715581976, kspflux 1.00026903495; the median of kspflux is
  // 0.99997717048 (computed with numpy).
  EXPECT_NEAR(lc.flux[0], 1.00026903495 / 0.99997717048, 1e-12);
  EXPECT_NEAR(median(lc.flux), 1.0, 1e-12);
  // No error column: a constant point-to-point scatter (numpy: 3.548e-4 before normalising).
  EXPECT_NEAR(lc.flux_err[0], 3.5482724e-4 / 0.99997717048, 1e-8);
  EXPECT_EQ(lc.flux_err.front(), lc.flux_err.back());

  LightCurve raw =
      read_light_curve(data_file("toi2000_tic371188886_y1_30min.csv.gz"), testing::sap_options());
  EXPECT_GT(std::fabs(raw.flux[0] - lc.flux[0]), 1e-3);
}

TEST(CsvRealFiles, Koi1003NoHeaderFullBjdWithErrors) {
  LightCurve lc = read_light_curve(data_file("koi1003_kic2438502_kepler_q2.csv.gz"));
  ASSERT_EQ(lc.size(), 1117u);
  EXPECT_EQ(lc.time_system, "BJD");
  EXPECT_EQ(lc.bjd_reference_days, 0.0);
  EXPECT_NEAR(lc.time[0], 2455002.765943435486, 1e-6);
  EXPECT_NEAR(lc.flux_err[0], 1.082002534531056881e-03 / 0.9990742802619934, 1e-9);
  EXPECT_NEAR(median(lc.flux), 1.0, 1e-12);
}

TEST(CsvRealFiles, Wasp75TwoColumnsNoHeader) {
  LightCurve lc = read_light_curve(data_file("k2_EPIC206154641_WASP-75_everest_c03.csv.gz"));
  ASSERT_EQ(lc.size(), 3203u);
  EXPECT_EQ(lc.time_system, "unknown");
  EXPECT_DOUBLE_EQ(lc.time[0], 2144.10346162);
  EXPECT_NEAR(lc.flux_err[0], 7.0025e-05, 1e-8);
}

TEST_F(CsvReader, HeaderAliasesCommentsAndBtjd) {
  std::string text =
      "# TESS light curve\n# units: days\nBTJD, SAP_FLUX, PDCSAP_FLUX, e_pdcsap_flux\n" +
      rows(100, [](int i, double t, double f) {
        double sap = f * (1 + 0.01 * (i % 2));
        return num(t) + "," + num(sap) + "," + num(f) + ",2.0\n";
      });
  LightCurve lc = read_light_curve(write("lc.csv", text));
  ASSERT_EQ(lc.size(), 100u);
  EXPECT_EQ(lc.time_system, "BTJD");
  EXPECT_EQ(lc.bjd_reference_days, 2457000.0);
  EXPECT_NEAR(lc.flux_err[0] * 1000.0, 2.0, 0.01);  // e_pdcsap_flux, normalised
  LightCurve sap = read_light_curve(write("lc2.csv", text), testing::sap_options());
  EXPECT_NEAR(sap.flux[5] / sap.flux[4], 1.01 * lc.flux[5] / lc.flux[4], 1e-9);
  EXPECT_GT(sap.flux_err[0], 0.0);
}

TEST_F(CsvReader, WhitespaceGzipAndBkjdHeader) {
  std::string text = "time_bkjd   flux\tflux_err\n" + rows(80, [](int, double t, double f) {
                       return "  " + num(t) + "  " + num(f) + "\t0.5\n";
                     });
  LightCurve lc = read_light_curve(write("lc.txt.gz", gzip(text)));
  ASSERT_EQ(lc.size(), 80u);
  EXPECT_EQ(lc.time_system, "BKJD");
  EXPECT_EQ(lc.target, "lc");
  EXPECT_NEAR(lc.flux_err[3], 0.5 / 1000.0, 1e-5);
}

TEST_F(CsvReader, OverridesByNameAndIndex) {
  auto line = [](int i, double t, double f) {
    return num(i + 1) + "," + num(f) + "," + num(t) + "," + num(f * (1 + 0.01 * (i % 2))) + "\n";
  };
  std::string path = write("lc.csv", "a,b,c,d\n" + rows(60, line));
  ReadOptions by_name;
  by_name.time_column = "C";
  by_name.flux_column = "d";
  by_name.flux_err_column = "a";
  LightCurve lc = read_light_curve(path, by_name);
  EXPECT_DOUBLE_EQ(lc.time[0], 1000.0);
  EXPECT_NEAR(lc.flux_err[10] / lc.flux_err[0], 11.0, 1e-9);
  EXPECT_NEAR(lc.flux[1] / lc.flux[0], 1.01 * (1 + 0.001 * std::sin(0.1)), 1e-9);

  ReadOptions by_index;
  by_index.time_column = "2";
  by_index.flux_column = "1";
  LightCurve lc2 = read_light_curve(path, by_index);
  EXPECT_NEAR(lc2.flux[1] / lc2.flux[0], 1 + 0.001 * std::sin(0.1), 1e-9);

  // Without a header the same indices work and names cannot.
  std::string bare = write("bare.csv", rows(60, line));
  LightCurve lc3 = read_light_curve(bare, by_index);
  EXPECT_EQ(lc3.time, lc2.time);
  EXPECT_EQ(lc3.flux, lc2.flux);
  try {
    read_light_curve(bare, by_name);
    FAIL() << "a column name without a header row was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("no header row"), std::string::npos) << e.what();
  }
  ReadOptions out_of_range;
  out_of_range.flux_column = "7";
  EXPECT_THROW(read_light_curve(path, out_of_range), std::invalid_argument);
  ReadOptions unknown;
  unknown.flux_column = "kepler_flux";
  EXPECT_THROW(read_light_curve(path, unknown), std::invalid_argument);
}

TEST_F(CsvReader, FullJulianDatesAreBjdUnlessNamedOtherwise) {
  auto line = [](int, double t, double f) { return num(t + 2455000) + " " + num(f) + "\n"; };
  EXPECT_EQ(read_light_curve(write("a.txt", "bjd_tdb flux\n" + rows(60, line))).time_system, "BJD");
  EXPECT_EQ(read_light_curve(write("b.txt", "HJD flux\n" + rows(60, line))).time_system, "unknown");
}

TEST_F(CsvReader, MissingValuesAreDroppedNotErrors) {
  std::string text = "time,flux\n" + rows(70, [](int i, double t, double f) {
                       std::string v = i == 3 ? "NaN" : i == 4 ? "" : i == 5 ? "null" : num(f);
                       return num(t) + "," + v + "\n";
                     });
  LightCurve lc = read_light_curve(write("lc.csv", text));
  EXPECT_EQ(lc.n_points_raw, 70u);
  EXPECT_EQ(lc.size(), 67u);
}

// lightkurve fills flux_err with NaN for a light curve read without errors (K2SFF, a table of
// time and flux) and its to_csv writes them as empty cells, its to_fits as NaN: such a column
// holds no errors, so they come from the scatter, as for a file without one, and every point
// is kept.
TEST_F(CsvReader, SemicolonsAndDecimalCommasReadAsTheCommaFile) {
  auto comma_decimal = [](std::string cell) {
    std::replace(cell.begin(), cell.end(), '.', ',');
    return cell;
  };
  const std::string comma = "time,flux\n" + rows(70, [](int, double t, double f) {
                              return num(t) + "," + num(f) + "\n";
                            });
  const std::string semicolon = "time;flux\n" + rows(70, [&](int, double t, double f) {
                                  return comma_decimal(num(t)) + ";" + comma_decimal(num(f)) + "\n";
                                });
  const LightCurve a = read_light_curve(write("comma.csv", comma));
  const LightCurve b = read_light_curve(write("semicolon.csv", semicolon));
  ASSERT_EQ(b.size(), 70u);
  EXPECT_EQ(a.time, b.time);
  EXPECT_EQ(a.flux, b.flux);
  // The header in a '#' line, as "#time;flux".
  const LightCurve c = read_light_curve(write("commented.csv", "#" + semicolon));
  EXPECT_EQ(c.flux, a.flux);
}

TEST_F(CsvReader, AnErrorColumnWithoutNumbersIsNoErrorColumn) {
  const std::string with_errors = "time,flux,flux_err\n" + rows(70, [](int, double t, double f) {
                                    return num(t) + "," + num(f) + ",\n";
                                  });
  const std::string without = "time,flux\n" + rows(70, [](int, double t, double f) {
                                return num(t) + "," + num(f) + "\n";
                              });
  const LightCurve lc = read_light_curve(write("lk.csv", with_errors));
  const LightCurve plain = read_light_curve(write("plain.csv", without));
  ASSERT_EQ(lc.size(), 70u);
  EXPECT_EQ(lc.flux_err, plain.flux_err);
  ASSERT_EQ(lc.notes.size(), 1u);
  EXPECT_NE(lc.notes[0].find("no numbers"), std::string::npos) << lc.notes[0];

  std::vector<double> t, f;
  for (int i = 0; i < 70; ++i) {
    t.push_back(1000.0 + 0.02 * i);
    f.push_back(1.0 + 0.001 * std::sin(i * 0.1));
  }
  const std::vector<double> nan(70, std::nan(""));
  const LightCurve fits = read_light_curve(testing::write_fits(
      (dir_ / "lk.fits").string(), {{"TIME", t}, {"FLUX", f}, {"FLUX_ERR", nan}}, {}, {}));
  EXPECT_EQ(fits.size(), 70u);
  EXPECT_TRUE(fits.flux_err[0] > 0) << fits.flux_err[0];

  // Errors missing on some rows still drop those rows: the column holds errors.
  const std::string some = "time,flux,flux_err\n" + rows(140, [](int i, double t, double f) {
                             return num(t) + "," + num(f) + "," + (i % 2 ? "" : "0.5") + "\n";
                           });
  EXPECT_EQ(read_light_curve(write("some.csv", some)).size(), 70u);
}

// A column of changes from the star's level, centred on zero: named in ppm (read without being
// told), or told with flux_unit; unnamed and untold it is refused with the way to read it.
TEST_F(CsvReader, ZeroCentredRelativeFluxInPpmPptOrAFraction) {
  auto table = [](const std::string& header, double unit) {
    return header + "\n" + rows(70, [unit](int i, double t, double f) {
             const double change = (f / 1000.0 - 1.0) / unit;
             return num(t) + "," + num(i == 35 ? -5000e-6 / unit : change) + "," +
                    num(200e-6 / unit) + "\n";
           });
  };
  const LightCurve ppm =
      read_light_curve(write("ppm.csv", table("bjd,rel_flux_ppm,err_ppm", 1e-6)));
  ASSERT_EQ(ppm.size(), 70u);
  EXPECT_TRUE(std::any_of(ppm.notes.begin(), ppm.notes.end(), [](const std::string& n) {
    return n.find("'rel_flux_ppm' holds the change") != std::string::npos;
  })) << ::testing::PrintToString(ppm.notes);
  // 1 - 5,000 ppm at row 35, normalised by a median of about 1; errors of 200 ppm.
  const double level = median(std::vector<double>(ppm.flux));
  EXPECT_NEAR(ppm.flux[35], 1.0 - 5000e-6, 2e-3);
  EXPECT_NEAR(ppm.flux_err[0], 200e-6, 1e-6);
  EXPECT_NEAR(level, 1.0, 1e-9);

  ReadOptions told;
  told.flux_unit = FluxUnit::kPpt;
  const LightCurve ppt =
      read_light_curve(write("ppt.csv", table("time,dflux,dflux_err", 1e-3)), told);
  told.flux_unit = FluxUnit::kRelative;
  const LightCurve fraction =
      read_light_curve(write("fraction.csv", table("time,dflux,dflux_err", 1.0)), told);
  for (const LightCurve* lc : {&ppt, &fraction}) {
    ASSERT_EQ(lc->size(), 70u);
    EXPECT_NEAR(lc->flux[35], ppm.flux[35], 1e-9);
    EXPECT_NEAR(lc->flux_err[0], ppm.flux_err[0], 1e-9);
  }

  // A FITS column whose unit (TUNIT) says ppm is read the same way without being told.
  std::vector<double> t, change;
  for (size_t i = 0; i < ppm.size(); ++i) {
    t.push_back(1000.0 + 0.02 * static_cast<double>(i));
    change.push_back((ppm.flux[i] - 1.0) * 1e6);
  }
  const std::string fits_path =
      testing::write_fits((dir_ / "dflux.fits").string(), {{"TIME", t}, {"DFLUX", change}}, {}, {});
  fitsfile* f = nullptr;
  int status = 0;
  fits_open_file(&f, fits_path.c_str(), READWRITE, &status);
  fits_movabs_hdu(f, 2, nullptr, &status);
  fits_update_key(f, TSTRING, "TUNIT2", const_cast<char*>("ppm"), nullptr, &status);
  fits_close_file(f, &status);
  ASSERT_EQ(status, 0);
  ReadOptions dflux;
  dflux.flux_column = "DFLUX";
  const LightCurve from_fits = read_light_curve(fits_path, dflux);
  ASSERT_EQ(from_fits.size(), ppm.size());
  EXPECT_NEAR(from_fits.flux[35], ppm.flux[35], 1e-9);

  // lightkurve's normalize(unit="ppm"): a flux of about 1e6 in ppm is a level, read as a flux.
  const std::string in_ppm = "time,flux_ppm\n" + rows(70, [](int, double t, double f) {
                               return num(t) + "," + num(f * 1000.0) + "\n";
                             });
  const std::string plain = "time,flux\n" + rows(70, [](int, double t, double f) {
                              return num(t) + "," + num(f) + "\n";
                            });
  const LightCurve normalised = read_light_curve(write("normalised.csv", in_ppm));
  const LightCurve as_flux = read_light_curve(write("plain.csv", plain));
  ASSERT_EQ(normalised.size(), as_flux.size());
  EXPECT_NEAR(normalised.flux[35], as_flux.flux[35], 1e-12);
  told.flux_unit = FluxUnit::kPpm;
  EXPECT_NEAR(read_light_curve(write("told_level.csv", in_ppm), told).flux[35], as_flux.flux[35],
              1e-12);

  try {
    read_light_curve(write("untold.csv", table("time,dflux,dflux_err", 1e-6)));
    FAIL() << "a zero-centred column without a unit was read as flux";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("--flux-unit"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace exodetect::lightcurve
