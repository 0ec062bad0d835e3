#pragma once

// Temporary files and synthetic light-curve text for the lightcurve tests.

#include <fitsio.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "exodetect/lightcurve/light_curve.hpp"

namespace exodetect::testing {

inline lightcurve::ReadOptions sap_options() {
  lightcurve::ReadOptions o;
  o.flux = lightcurve::FluxKind::kSap;
  return o;
}

class TempDir : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "exodetect-lc-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& bytes) const {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

  std::filesystem::path dir_;
};

// gzip-compresses text (for .csv.gz cases).
inline std::string gzip(const std::string& text) {
  z_stream zs{};
  if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) !=
      Z_OK) {
    throw std::runtime_error("deflateInit2");
  }
  std::string out(deflateBound(&zs, text.size()), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  zs.avail_in = static_cast<uInt>(text.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return out;
}

// `n` rows of a slowly varying light curve: line(i) formats each row.
inline std::string rows(int n, const std::function<std::string(int, double, double)>& line) {
  std::ostringstream s;
  s.precision(12);
  for (int i = 0; i < n; ++i) {
    double t = 1000.0 + 0.02 * i;
    double f = 1000.0 * (1.0 + 0.001 * std::sin(i * 0.1));
    s << line(i, t, f);
  }
  return s.str();
}

// A synthetic light-curve FITS file: a primary header with `primary_keys`, then one binary
// table with the given double columns and `table_keys`. Returns the file's path.
inline std::string write_fits(
    const std::string& path,
    const std::vector<std::pair<std::string, std::vector<double>>>& columns,
    const std::vector<std::pair<std::string, double>>& primary_keys,
    const std::vector<std::pair<std::string, double>>& table_keys,
    const std::vector<std::pair<std::string, std::string>>& string_keys = {}) {
  fitsfile* f = nullptr;
  int status = 0;
  std::string target = "!" + path;  // '!' overwrites
  fits_create_file(&f, target.c_str(), &status);
  fits_create_img(f, 8, 0, nullptr, &status);
  for (const auto& [key, value] : primary_keys) {
    double v = value;
    fits_update_key(f, TDOUBLE, key.c_str(), &v, nullptr, &status);
  }
  for (const auto& [key, value] : string_keys) {
    fits_update_key(f, TSTRING, key.c_str(), const_cast<char*>(value.c_str()), nullptr, &status);
  }
  std::vector<char*> names, forms;
  std::vector<std::string> storage;
  for (const auto& c : columns) storage.push_back(c.first);
  for (std::string& s : storage) names.push_back(s.data());
  std::string form = "D";
  for (size_t i = 0; i < columns.size(); ++i) forms.push_back(form.data());
  fits_create_tbl(f, BINARY_TBL, 0, static_cast<int>(columns.size()), names.data(), forms.data(),
                  nullptr, "LIGHTCURVE", &status);
  for (const auto& [key, value] : table_keys) {
    double v = value;
    fits_update_key(f, TDOUBLE, key.c_str(), &v, nullptr, &status);
  }
  for (size_t c = 0; c < columns.size(); ++c) {
    std::vector<double> v = columns[c].second;
    fits_write_col(f, TDOUBLE, static_cast<int>(c + 1), 1, 1, static_cast<long long>(v.size()),
                   v.data(), &status);
  }
  fits_close_file(f, &status);
  if (status) throw std::runtime_error("write_fits failed: " + std::to_string(status));
  return path;
}

}  // namespace exodetect::testing
