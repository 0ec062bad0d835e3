// Column names and units of light-curve tables, shared by the FITS and text readers.

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <string>
#include <vector>

#include "exodetect/common/stats.hpp"
#include "reader.hpp"

namespace exodetect::lightcurve::detail {

using common::median;

namespace {

constexpr double kFullJulianDateDays = 2.4e6;  // full Julian dates are above this

// Detrended or systematics-corrected fluxes, preferred by default: mission pipelines first,
// then FFI products, then generic names. Magnitude columns last: a flux is preferred.
const std::vector<std::string> kCorrectedFluxNames = {"pdcsap_flux",
                                                      "kspsap_flux",
                                                      "kspflux",
                                                      "corr_flux",
                                                      "corrflux",
                                                      "fcor",
                                                      "cal_psf_flux",
                                                      "pca1",
                                                      "tfa1",
                                                      "detrended_flux",
                                                      "flux",
                                                      "norm_flux",
                                                      "normalized_flux",
                                                      "rel_flux",
                                                      "relflux",
                                                      "pca_flux",
                                                      "psf_flux",
                                                      "f",
                                                      "mag",
                                                      "dmag",
                                                      "delta_mag",
                                                      "magnitude"};
// Raw aperture fluxes (--flux sap).
const std::vector<std::string> kRawFluxNames = {"sap_flux",      "rawflux", "raw_flux",     "fraw",
                                                "cal_aper_flux", "irm1",    "aperture_flux"};
const std::vector<std::string> kGenericErrorNames = {
    "flux_err", "flux_error", "fluxerr",     "e_flux", "err",     "error", "sigma",
    "dflux",    "unc",        "uncertainty", "e_mag",  "mag_err", "magerr"};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  size_t first = s.find_first_not_of(" \t#");
  s.erase(0, first == std::string::npos ? s.size() : first);
  return s;
}

// Position of "-<digits>" (spaces allowed around the minus) in `s`, npos when none.
size_t offset_position(const std::string& s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '-') continue;
    size_t j = i + 1;
    while (j < s.size() && s[j] == ' ') ++j;
    if (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) return i;
  }
  return std::string::npos;
}

}  // namespace

const std::vector<std::string>& time_column_names() {
  static const std::vector<std::string> names = {"time",  "bjd",  "bjd_tdb", "tmid_bjd", "btjd",
                                                 "bkjd",  "jd",   "hjd",     "mjd",      "t",
                                                 "times", "date", "dates"};
  return names;
}

std::vector<std::string> flux_column_names(FluxKind kind) {
  std::vector<std::string> names = kind == FluxKind::kSap ? kRawFluxNames : kCorrectedFluxNames;
  const auto& rest = kind == FluxKind::kSap ? kCorrectedFluxNames : kRawFluxNames;
  names.insert(names.end(), rest.begin(), rest.end());
  return names;
}

std::vector<std::string> error_column_names(const std::string& flux_name, bool generic) {
  std::vector<std::string> names = {flux_name + "_err", "e_" + flux_name, flux_name + "_error",
                                    flux_name + "err"};
  // CDIPS: IRE<n> is the error of the magnitudes IRM<n>, PCA<n> and TFA<n>.
  if (flux_name.size() == 4 && std::isdigit(static_cast<unsigned char>(flux_name[3])) &&
      (flux_name.rfind("irm", 0) == 0 || flux_name.rfind("pca", 0) == 0 ||
       flux_name.rfind("tfa", 0) == 0)) {
    names.push_back(std::string("ire") + flux_name[3]);
  }
  // EVEREST's and K2SFF's raw flux errors.
  if (flux_name == "fraw") names.push_back("fraw_err");
  // A flux in ppm or ppt has its error in the same unit: "rel_flux_ppm" -> "rel_flux_err_ppm",
  // "err_ppm".
  for (const std::string unit : {"_ppm", "_ppt"}) {
    if (flux_name.size() > unit.size() &&
        flux_name.compare(flux_name.size() - unit.size(), unit.size(), unit) == 0) {
      const std::string stem = flux_name.substr(0, flux_name.size() - unit.size());
      names.insert(names.end(), {stem + "_err" + unit, stem + "_error" + unit, "err" + unit,
                                 "error" + unit, "sigma" + unit});
    }
  }
  if (generic) names.insert(names.end(), kGenericErrorNames.begin(), kGenericErrorNames.end());
  return names;
}

const std::vector<std::string>& quality_column_names() {
  static const std::vector<std::string> names = {"quality", "sap_quality", "tess_flags"};
  return names;
}

std::string normalise_column_name(std::string_view name) {
  std::string out = lower(name.substr(0, name.find_first_of("([")));
  const size_t offset = offset_position(out);
  if (offset != std::string::npos) out.resize(offset);
  out = trim(out);
  for (char& c : out) {
    if (c == ' ' || c == '-') c = '_';
  }
  return out;
}

bool is_magnitude_column(std::string_view name, std::string_view unit) {
  const std::string n = normalise_column_name(name);
  if (n.rfind("e_", 0) == 0 || n.find("err") != std::string::npos) return false;
  const std::string u = lower(unit);
  const std::string raw = lower(name);
  const auto bracketed = raw.find_first_of("([");
  const std::string in_brackets = bracketed == std::string::npos ? "" : raw.substr(bracketed);
  // mag, dmag, delta_mag, Vmag, mag_auto, magnitude; or a unit of mag.
  return n.rfind("mag", 0) == 0 || (n.size() >= 3 && n.compare(n.size() - 3, 3, "mag") == 0) ||
         trim(u).rfind("mag", 0) == 0 || in_brackets.find("mag") != std::string::npos;
}

double relative_flux_unit(std::string_view name, std::string_view unit) {
  const std::string n = normalise_column_name(name);
  if (n.rfind("e_", 0) == 0 || n.find("err") != std::string::npos) return 0.0;
  // Whole words of the name, its bracketed unit, or the unit: "flux_ppm", "dflux [ppt]".
  std::string words = " " + lower(std::string(name)) + " " + lower(std::string(unit)) + " ";
  for (char& ch : words) {
    if (!std::isalnum(static_cast<unsigned char>(ch))) ch = ' ';
  }
  if (words.find(" ppm ") != std::string::npos) return 1e-6;
  if (words.find(" ppt ") != std::string::npos) return 1e-3;
  return 0.0;
}

void resolve_flux_unit(FluxUnit option, std::string_view name, std::string_view unit,
                       RawLightCurve& raw) {
  switch (option) {
    case FluxUnit::kFlux:
      return;
    case FluxUnit::kMagnitude:
      raw.magnitudes = true;
      return;
    case FluxUnit::kRelative:
      raw.relative_unit = 1.0;
      return;
    case FluxUnit::kPpt:
      raw.relative_unit = 1e-3;
      return;
    case FluxUnit::kPpm:
      raw.relative_unit = 1e-6;
      return;
    case FluxUnit::kAuto:
      raw.magnitudes = is_magnitude_column(name, unit);
      if (!raw.magnitudes) raw.relative_unit = relative_flux_unit(name, unit);
      return;
  }
}

double time_offset_days(std::string_view name_or_unit) {
  const std::string s(name_or_unit);
  const size_t at = offset_position(s);
  if (at == std::string::npos) return 0.0;
  const double v = std::strtod(s.c_str() + at + 1, nullptr);
  return std::isfinite(v) && v >= kFullJulianDateDays && v < 3e6 ? v : 0.0;
}

void resolve_time_system(std::string_view name, std::string_view unit, RawLightCurve& raw) {
  LightCurve& meta = raw.meta;
  double offset = time_offset_days(name);
  if (offset == 0) offset = time_offset_days(unit);
  const std::string label = lower(name) + " " + lower(unit);
  if (offset == kBkjdReference || (offset == 0 && label.find("bkjd") != std::string::npos)) {
    meta.time_system = "BKJD";
    meta.bjd_reference_days = kBkjdReference;
    return;
  }
  if (offset == kBtjdReference || (offset == 0 && label.find("btjd") != std::string::npos)) {
    meta.time_system = "BTJD";
    meta.bjd_reference_days = kBtjdReference;
    return;
  }
  if (offset > 0) {
    for (double& t : raw.time) t += offset;
  }
  // One copy of the times at most (for the median), not a growing one and its copy.
  std::vector<double> finite;
  finite.reserve(raw.time.size());
  for (double t : raw.time) {
    if (std::isfinite(t)) finite.push_back(t);
  }
  const std::string plain = normalise_column_name(name);
  const bool other_jd = plain == "jd" || plain == "hjd" || plain == "mjd";
  if (!finite.empty() && median(std::move(finite)) > kFullJulianDateDays && !other_jd) {
    meta.time_system = "BJD";
    meta.bjd_reference_days = 0.0;
  }
}

}  // namespace exodetect::lightcurve::detail
