#include <fitsio.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "exodetect/common/decompress.hpp"
#include "exodetect/common/file_io.hpp"
#include "exodetect/common/stats.hpp"
#include "exodetect/common/thread_pool.hpp"
#include "exodetect/lightcurve/light_curve.hpp"
#include "lightcurve/lightcurve_fixture.hpp"

namespace exodetect::lightcurve {

using common::maybe_gunzip;
using common::median;
using common::parallel_for;

namespace {

std::string data_file(const std::string& name) {
  return std::string(EXODETECT_DATA_DIR) + "/lightcurves/" + name;
}

// Expected facts per FITS file. Row counts after filtering were computed independently with
// astropy (lightkurve's default masks: Kepler 1130799 on SAP_QUALITY, TESS 175 on QUALITY).
struct FitsCase {
  const char* file;
  const char* target;
  Mission mission;
  const char* time_system;
  size_t rows;
  size_t pdcsap_points;
  size_t sap_points;
  double teff_k;
  double logg_cgs;  // NaN: absent
  double radius_sun;
  double magnitude;
};

const double kAbsent = std::numeric_limits<double>::quiet_NaN();

const FitsCase kFitsCases[] = {
    {"hlsp_tess-data-alerts_tess_phot_00025155310-s01_tess_v1_lc.fits.gz", "TIC 25155310",
     Mission::kTess, "BTJD", 20076, 18104, 18104, 5800, 4.28003979, 1.26999998, 10.55500031},
    {"kic8462852_q8_dip_llc.fits.gz", "KIC 8462852", Mission::kKepler, "BKJD", 490, 489, 490, 6584,
     4.124, 1.699, 11.912},
    {"kplr005110407-2009350155506_llc-kepcotrend-single.fits.gz", "KIC 5110407", Mission::kKepler,
     "BKJD", 4370, 4134, 4136, 5450, 3.833, 2.073, 16.786},
    {"kplr010666592-2009131110544_slc.fits.gz", "KIC 10666592", Mission::kKepler, "BKJD", 14280,
     14234, 14238, 6440, 4.019, 1.952, 9.71},
    {"kplr011442793-2009350155506_llc.fits.gz", "KIC 11442793", Mission::kKepler, "BKJD", 4370,
     4134, 4135, 5970, 4.317, 1.2, 13.804},
    {"tess2018206045859-s0001-0000000038846515-0120-s_lc.fits.gz", "TIC 38846515", Mission::kTess,
     "BTJD", 20076, 18104, 18104, 6900, kAbsent, kAbsent, 10.30700016},
    {"tess2018206045859-s0001-0000000149603524-0120-s_lc.fits.gz", "TIC 149603524", Mission::kTess,
     "BTJD", 20076, 18104, 18104, 6280, 4.32091999, 1.27999997, 9.7159996},
    {"tess2018206045859-s0001-0000000231663901-0120-s_lc.fits.gz", "TIC 231663901", Mission::kTess,
     "BTJD", 20076, 18103, 18103, 5600, 4.48851013, 0.86000001, 12.35200024},
};

void expect_optional(const std::optional<double>& got, double want, const char* what) {
  if (std::isnan(want)) {
    EXPECT_FALSE(got.has_value()) << what;
  } else {
    ASSERT_TRUE(got.has_value()) << what;
    EXPECT_NEAR(*got, want, 1e-6 * std::fabs(want)) << what;
  }
}

void expect_well_formed(const LightCurve& lc) {
  ASSERT_EQ(lc.flux.size(), lc.size());
  ASSERT_EQ(lc.flux_err.size(), lc.size());
  ASSERT_EQ(lc.segment.size(), lc.size());
  for (size_t i = 0; i < lc.size(); ++i) {
    ASSERT_TRUE(std::isfinite(lc.time[i]) && std::isfinite(lc.flux[i]));
    ASSERT_GT(lc.flux_err[i], 0.0);
    if (i > 0) {
      ASSERT_GT(lc.time[i], lc.time[i - 1]);
    }
  }
  EXPECT_NEAR(median(lc.flux), 1.0, 1e-12);
}

// Counts the rows the reader should keep, straight from CFITSIO's own .gz file access.
size_t count_good_rows(const std::string& path, const char* flux_column, int bitmask) {
  fitsfile* f = nullptr;
  int status = 0;
  fits_open_table(&f, path.c_str(), READONLY, &status);
  long rows = 0;
  fits_get_num_rows(f, &rows, &status);
  int time_col = 0, flux_col = 0, q_col = 0;
  fits_get_colnum(f, CASEINSEN, const_cast<char*>("TIME"), &time_col, &status);
  fits_get_colnum(f, CASEINSEN, const_cast<char*>(flux_column), &flux_col, &status);
  if (fits_get_colnum(f, CASEINSEN, const_cast<char*>("SAP_QUALITY"), &q_col, &status)) {
    status = 0;
    fits_get_colnum(f, CASEINSEN, const_cast<char*>("QUALITY"), &q_col, &status);
  }
  std::vector<double> t(rows), fl(rows);
  std::vector<int> q(rows);
  double nan = std::nan("");
  int nul = 0, anynul = 0;
  fits_read_col(f, TDOUBLE, time_col, 1, 1, rows, &nan, t.data(), &anynul, &status);
  fits_read_col(f, TDOUBLE, flux_col, 1, 1, rows, &nan, fl.data(), &anynul, &status);
  fits_read_col(f, TINT, q_col, 1, 1, rows, &nul, q.data(), &anynul, &status);
  fits_close_file(f, &status);
  EXPECT_EQ(status, 0);
  size_t good = 0;
  for (long i = 0; i < rows; ++i) {
    good += (q[i] & bitmask) == 0 && std::isfinite(t[i]) && std::isfinite(fl[i]);
  }
  return good;
}

TEST(FitsReader, EveryRealFile) {
  for (const FitsCase& c : kFitsCases) {
    SCOPED_TRACE(c.file);
    LightCurve lc = read_light_curve(data_file(c.file));
    expect_well_formed(lc);
    EXPECT_EQ(lc.n_points_raw, c.rows);
    EXPECT_EQ(lc.size(), c.pdcsap_points);
    EXPECT_EQ(lc.target, c.target);
    EXPECT_EQ(lc.mission, c.mission);
    EXPECT_EQ(lc.time_system, c.time_system);
    EXPECT_EQ(lc.bjd_reference_days, c.mission == Mission::kTess ? 2457000.0 : 2454833.0);
    EXPECT_EQ(lc.source, data_file(c.file));
    expect_optional(lc.stellar.teff_k, c.teff_k, "teff");
    expect_optional(lc.stellar.logg_cgs, c.logg_cgs, "logg");
    expect_optional(lc.stellar.radius_sun, c.radius_sun, "radius");
    expect_optional(lc.stellar.magnitude, c.magnitude, "magnitude");
    EXPECT_EQ(lc.stellar.density_cgs().has_value(), !std::isnan(c.logg_cgs));
    // Kepler long cadence ~29.4 min, short ~1 min; TESS 2 min: the time unit is days.
    double cadence = (lc.time.back() - lc.time.front()) / static_cast<double>(lc.size());
    EXPECT_GT(cadence, 0.0006);
    EXPECT_LT(cadence, 0.03);

    int mask = c.mission == Mission::kTess ? 175 : 1130799;
    EXPECT_EQ(lc.size(), count_good_rows(data_file(c.file), "PDCSAP_FLUX", mask));
    LightCurve sap = read_light_curve(data_file(c.file), testing::sap_options());
    expect_well_formed(sap);
    EXPECT_EQ(sap.size(), c.sap_points);
    EXPECT_EQ(sap.size(), count_good_rows(data_file(c.file), "SAP_FLUX", mask));
  }
}

// The SECTOR, QUARTER or CAMPAIGN keyword of each mission's primary header (read with
// `zcat FILE | fold -w 80 | grep SECTOR`); stitched parts list theirs in ascending order.
TEST(FitsReader, ObservingPeriodFromTheHeader) {
  const std::pair<const char*, std::vector<int>> cases[] = {
      {"tess2018206045859-s0001-0000000038846515-0120-s_lc.fits.gz", {1}},
      {"tic55525572_lc.fits.gz", {5}},
      {"kic8462852_q8_dip_llc.fits.gz", {8}},
      {"kplr010666592-2009131110544_slc.fits.gz", {0}},
      {"ktwo206103150-c03_llc.fits.gz", {3}},
      {"koi1003_kic2438502_kepler_q2.csv.gz", {}},
  };
  for (const auto& [file, periods] : cases) {
    SCOPED_TRACE(file);
    EXPECT_EQ(read_light_curve(data_file(file)).observing_periods, periods);
  }
  std::vector<LightCurve> parts;
  for (const char* f :
       {"kic8462852_q8_dip_llc.fits.gz", "kplr011442793-2009350155506_llc.fits.gz"}) {
    parts.push_back(read_light_curve(data_file(f)));
  }
  EXPECT_EQ(stitch(std::move(parts)).observing_periods, (std::vector<int>{3, 8}));
}

TEST(FitsReader, TheTargetsPositionFromTheHeader) {
  // RA_OBJ, DEC_OBJ of the K2 file (WASP-47); a CSV has none.
  const LightCurve k2 = read_light_curve(data_file("ktwo206103150-c03_llc.fits.gz"));
  ASSERT_TRUE(k2.stellar.ra_deg && k2.stellar.dec_deg);
  EXPECT_NEAR(*k2.stellar.ra_deg, 331.203045, 1e-9);
  EXPECT_NEAR(*k2.stellar.dec_deg, -12.018893, 1e-9);
  EXPECT_FALSE(read_light_curve(data_file("koi1003_kic2438502_kepler_q2.csv.gz")).stellar.ra_deg);
  // Stitched: the first file's position, as the target is the first file's.
  const LightCurve first = read_light_curve(data_file("kplr011442793-2009350155506_llc.fits.gz"));
  std::vector<LightCurve> parts;
  parts.push_back(first);
  parts.push_back(read_light_curve(data_file("kic8462852_q8_dip_llc.fits.gz")));
  const LightCurve both = stitch(std::move(parts));
  ASSERT_TRUE(both.stellar.ra_deg && first.stellar.ra_deg);
  EXPECT_EQ(*both.stellar.ra_deg, *first.stellar.ra_deg);
  EXPECT_EQ(*both.stellar.dec_deg, *first.stellar.dec_deg);
}

TEST(FitsReader, QualityMaskRemovesFlaggedFiniteRows) {
  // In the alert-era HLSP 1157 rows carry finite PDCSAP flux but a default-mask flag.
  const char* file = kFitsCases[0].file;
  EXPECT_EQ(count_good_rows(data_file(file), "PDCSAP_FLUX", 0), 18104u + 1157u);
  EXPECT_EQ(read_light_curve(data_file(file)).size(), 18104u);
}

TEST(FitsReader, SapAndPdcsapDiffer) {
  std::string path = data_file("kplr011442793-2009350155506_llc.fits.gz");
  LightCurve pdc = read_light_curve(path);
  LightCurve sap = read_light_curve(path, testing::sap_options());
  ASSERT_GT(sap.size(), pdc.size());
  // The same cadence normalised from two different pipelines' flux.
  size_t j = 0;
  while (sap.time[j] != pdc.time[0]) ++j;
  double max_diff = 0;
  for (size_t i = 0; i < 500; ++i) {
    while (sap.time[j] < pdc.time[i]) ++j;
    if (sap.time[j] == pdc.time[i])
      max_diff = std::max(max_diff, std::fabs(sap.flux[j] - pdc.flux[i]));
  }
  EXPECT_GT(max_diff, 1e-4);
}

TEST(FitsReader, PlainAndGzipAndBytesAgree) {
  std::string path = data_file("kic8462852_q8_dip_llc.fits.gz");
  std::ifstream in(path, std::ios::binary);
  std::stringstream gz;
  gz << in.rdbuf();
  LightCurve from_gz = read_light_curve_bytes(gz.str(), "upload.fits.gz");
  std::string plain = maybe_gunzip(gz.str());
  ASSERT_NE(plain.size(), gz.str().size());
  LightCurve from_plain = read_light_curve_bytes(plain, "upload.fits");
  LightCurve from_path = read_light_curve(path);
  EXPECT_EQ(from_gz.time, from_plain.time);
  EXPECT_EQ(from_gz.flux, from_path.flux);
  EXPECT_EQ(from_plain.source, "upload.fits");
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

using ReusedReadBuffers = testing::TempDir;

TEST_F(ReusedReadBuffers, ReadEachFileAsAFreshReadDoes) {
  // A survey thread reads file after file into the same buffers: a small file after a large
  // one, a CSV after a FITS, and a plain file after a gzipped one must not see old bytes.
  const std::string large = data_file("kplr010666592-2009131110544_slc.fits.gz");
  const std::string small = data_file("kplr011442793-2009350155506_llc.fits.gz");
  const std::string csv = data_file("K2_138.csv.gz");
  const std::string plain =
      write("plain.fits", maybe_gunzip(file_bytes(data_file("kic8462852_q8_dip_llc.fits.gz"))));
  ReadBuffers buffers;
  for (const std::string& path : {large, small, csv, plain, small}) {
    const LightCurve fresh = read_light_curve(path);
    const LightCurve reused = read_light_curve(path, ReadOptions{}, buffers);
    EXPECT_EQ(reused.time, fresh.time) << path;
    EXPECT_EQ(reused.flux, fresh.flux) << path;
    EXPECT_EQ(reused.target, fresh.target) << path;
  }
}

TEST(FitsReader, GzippedFitsIsInflatedAgainstTheCapBeforeCfitsio) {
  const std::string path = data_file("kic8462852_q8_dip_llc.fits.gz");
  const std::string gz = file_bytes(path);
  const size_t before = common::inflate_limit();
  common::set_inflate_limit(gz.size());  // the file inflates to more than its own size
  EXPECT_THROW(read_light_curve(path), common::InflateLimitExceeded);
  EXPECT_THROW(read_light_curve_bytes(gz, "upload.fits.gz"), common::InflateLimitExceeded);
  ReadBuffers buffers;
  EXPECT_THROW(read_light_curve(path, ReadOptions{}, buffers), common::InflateLimitExceeded);
  common::set_inflate_limit(before);
  EXPECT_GT(read_light_curve(path, ReadOptions{}, buffers).size(), 0u);
}

TEST(FitsReader, ConcurrentReadsMatchSerialOnes) {
  // The server and survey read uploads on several threads at once (CFITSIO is reentrant).
  std::vector<LightCurve> serial;
  for (const FitsCase& c : kFitsCases) serial.push_back(read_light_curve(data_file(c.file)));
  std::vector<LightCurve> parallel(std::size(kFitsCases) * 2);
  parallel_for(parallel.size(), 1, 4, [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      parallel[i] = read_light_curve(data_file(kFitsCases[i % std::size(kFitsCases)].file));
    }
  });
  for (size_t i = 0; i < parallel.size(); ++i) {
    const LightCurve& want = serial[i % serial.size()];
    EXPECT_EQ(parallel[i].time, want.time);
    EXPECT_EQ(parallel[i].flux, want.flux);
    EXPECT_EQ(parallel[i].target, want.target);
  }
}

TEST(StellarParams, MassAndDensityFromLoggAndRadius) {
  StellarParams sun;
  sun.logg_cgs = 4.438;
  sun.radius_sun = 1.0;
  ASSERT_TRUE(sun.density_cgs());
  EXPECT_NEAR(*sun.density_cgs(), 1.41, 0.015);
  StellarParams with_mass;
  with_mass.mass_sun = 1.0;
  with_mass.radius_sun = 2.0;
  EXPECT_NEAR(*with_mass.density_cgs(), 1.41 / 8.0, 0.002);
  EXPECT_FALSE(StellarParams{}.density_cgs());

  LightCurve lc = read_light_curve(
      data_file("hlsp_tess-data-alerts_tess_phot_00025155310-s01_tess_v1_lc.fits.gz"));
  ASSERT_TRUE(lc.stellar.mass_sun);
  // logg 4.28, R 1.27: M = g R^2 / G = 1.12 solar masses, rho = 1.41 M / R^3.
  EXPECT_NEAR(*lc.stellar.mass_sun, 1.121, 0.01);
  EXPECT_NEAR(*lc.stellar.density_cgs(), 1.41 * 1.121 / std::pow(1.27, 3), 0.01);
}

TEST(Mission, Names) {
  EXPECT_EQ(mission_name(Mission::kKepler), "Kepler");
  EXPECT_EQ(mission_name(Mission::kK2), "K2");
  EXPECT_EQ(mission_name(Mission::kTess), "TESS");
  EXPECT_EQ(mission_name(Mission::kUnknown), "unknown");
}

}  // namespace
}  // namespace exodetect::lightcurve
