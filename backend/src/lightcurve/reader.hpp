#pragma once

// Shared between the FITS and CSV readers and the validation in light_curve.cpp (not public).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "exodetect/lightcurve/light_curve.hpp"

namespace exodetect::lightcurve::detail {

constexpr double kBkjdReference = 2454833.0;  // BJD of BKJD 0 (Kepler, K2)
constexpr double kBtjdReference = 2457000.0;  // BJD of BTJD 0 (TESS)

// Quality bits that mean the same in Kepler, K2 and TESS files (attitude tweak, safe mode,
// coarse point, earth point, desaturation, manual exclude): the mask for a text table's
// quality column, whose mission is unknown.
constexpr int kCommonQualityBitmask = 175;

// Every table row as read, before quality/NaN filtering and normalisation.
struct RawLightCurve {
  std::vector<double> time;          // days, in meta.time_system
  std::vector<double> flux;          // file units (magnitudes when `magnitudes`)
  std::vector<double> flux_err;      // file units; empty when the file has none
  std::vector<uint8_t> bad_quality;  // 1 where a default-bitmask quality flag is set; or empty
  bool magnitudes = false;           // flux and flux_err are magnitudes (positive = fainter)
  // > 0: flux and flux_err are changes from the star's level in this unit (1 for a fraction,
  // 1e-3 for ppt, 1e-6 for ppm), read as flux = 1 + value x relative_unit.
  double relative_unit = 0;
  std::string flux_label;  // the column read, for notes ("column 'PCA1'")
  LightCurve meta;         // metadata only (arrays stay empty; notes may be set)
};

// Column names of the community's light-curve products, lower case, most preferred first
// (column_names.cpp): SPOC PDCSAP/SAP, QLP KSPSAP_FLUX, eleanor CORR_FLUX/PCA_FLUX/PSF_FLUX,
// TGLC cal_psf_flux/cal_aper_flux, CDIPS PCA1/TFA1/IRM1 (magnitudes), K2SFF FCOR/FRAW,
// EVEREST FLUX/FRAW, lightkurve exports FLUX.
const std::vector<std::string>& time_column_names();
std::vector<std::string> flux_column_names(FluxKind kind);
// Error columns that belong to the flux column `flux_name` (lower case), most likely first;
// with `generic`, also names that belong to no particular flux (flux_err, err, sigma, ...).
std::vector<std::string> error_column_names(const std::string& flux_name, bool generic = true);
const std::vector<std::string>& quality_column_names();

// "Time [BTJD]" -> "time", "PDCSAP FLUX" -> "pdcsap_flux", "BJD-2450000" -> "bjd": units,
// offsets and spacing do not matter.
std::string normalise_column_name(std::string_view name);
// True when a column's name or unit says it holds magnitudes ("mag", "dmag", "e_mag" excluded).
bool is_magnitude_column(std::string_view name, std::string_view unit);
// The relative-flux unit a column's name or unit states: 1e-6 for ppm, 1e-3 for ppt, 0 for none.
double relative_flux_unit(std::string_view name, std::string_view unit);
// How `option` and, for kAuto, the column's name and unit set raw.magnitudes and
// raw.relative_unit (the headerless zero-centred case is the CSV reader's own).
void resolve_flux_unit(FluxUnit option, std::string_view name, std::string_view unit,
                       RawLightCurve& raw);
// The offset a time column's name or unit states ("BJD-2450000", "time-2400000.0",
// "BJD - 2454833"), in days; 0 when none.
double time_offset_days(std::string_view name_or_unit);
// Sets meta.time_system / bjd_reference_days from a time column's name or unit and its values
// (full Julian dates are BJD unless named JD/HJD/MJD), adding a stated offset other than the
// Kepler and TESS ones to the times.
void resolve_time_system(std::string_view name, std::string_view unit, RawLightCurve& raw);

// True when the bytes start like a FITS primary header ("SIMPLE  =").
bool looks_like_fits(std::string_view bytes);

// `bytes` must be uncompressed FITS; it is mutable because CFITSIO wants a non-const buffer.
RawLightCurve read_fits(std::string& bytes, const std::string& name, const ReadOptions& options);

// `text` is uncompressed CSV or whitespace-separated text.
RawLightCurve read_csv_text(std::string_view text, const std::string& name,
                            const ReadOptions& options);

// Base file name without directories and the .gz/.csv/.fits/... extensions.
std::string file_stem(const std::string& name);

}  // namespace exodetect::lightcurve::detail
