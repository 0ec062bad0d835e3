#pragma once

// Shared between the FITS and CSV readers and the validation in light_curve.cpp (not public).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "exodetect/lightcurve/light_curve.hpp"

namespace exodetect::detail {

constexpr double kBkjdReference = 2454833.0;  // BJD of BKJD 0 (Kepler, K2)
constexpr double kBtjdReference = 2457000.0;  // BJD of BTJD 0 (TESS)

// Every table row as read, before quality/NaN filtering and normalisation.
struct RawLightCurve {
  std::vector<double> time;          // days, in meta.time_system
  std::vector<double> flux;          // file units
  std::vector<double> flux_err;      // file units; empty when the file has none
  std::vector<uint8_t> bad_quality;  // 1 where a default-bitmask quality flag is set; or empty
  LightCurve meta;                   // metadata only (arrays stay empty)
};

// True when the bytes start like a FITS primary header ("SIMPLE  =").
bool looks_like_fits(std::string_view bytes);

// `bytes` must be uncompressed FITS; it is mutable because CFITSIO wants a non-const buffer.
RawLightCurve read_fits(std::string& bytes, const std::string& name, const ReadOptions& options);

// `text` is uncompressed CSV or whitespace-separated text.
RawLightCurve read_csv_text(std::string_view text, const std::string& name,
                            const ReadOptions& options);

// Base file name without directories and the .gz/.csv/.fits/... extensions.
std::string file_stem(const std::string& name);

}  // namespace exodetect::detail
