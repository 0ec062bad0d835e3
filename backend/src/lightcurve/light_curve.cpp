// Format detection, validation and normalisation shared by the readers, and stitching.

#include "exodetect/lightcurve/light_curve.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <sstream>
#include <stdexcept>

#include "exodetect/common/constants.hpp"
#include "exodetect/common/decompress.hpp"
#include "exodetect/common/file_io.hpp"
#include "exodetect/common/stats.hpp"
#include "reader.hpp"

namespace exodetect::lightcurve {

using common::gunzip_capped_into;
using common::inflate_limit;
using common::is_gzip;
using common::kGravitationalConstantCgs;
using common::kPi;
using common::kSolarMassG;
using common::kSolarRadiusCm;
using common::mad_sigma;
using common::median;
using common::read_file_into;

namespace {

std::string format_time(double t) {
  std::ostringstream s;
  s.precision(12);
  s << t;
  return s.str();
}

// Rows out of time order (a stitched file) are sorted; a time repeated exactly keeps its
// first row. Both are said in the notes. `rows` follows the points, or is empty.
void sort_by_time(LightCurve& lc, std::vector<size_t>& rows) {
  const size_t n = lc.size();
  size_t descents = 0;
  for (size_t i = 1; i < n; ++i) descents += lc.time[i] < lc.time[i - 1] ? 1 : 0;
  if (descents > 0) {
    std::vector<size_t> order(n);
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return lc.time[a] < lc.time[b]; });
    auto permute = [&order](auto& v) {
      if (v.empty()) return;
      auto copy = v;
      for (size_t i = 0; i < order.size(); ++i) v[i] = copy[order[i]];
    };
    permute(lc.time);
    permute(lc.flux);
    permute(lc.flux_err);
    permute(rows);
    lc.notes.push_back("times were out of order (" + std::to_string(descents) +
                       " backward steps, as in a stitched file): sorted");
  }
  size_t kept = 0;
  for (size_t i = 0; i < n; ++i) {
    if (kept > 0 && lc.time[i] == lc.time[kept - 1]) continue;
    lc.time[kept] = lc.time[i];
    lc.flux[kept] = lc.flux[i];
    if (!lc.flux_err.empty()) lc.flux_err[kept] = lc.flux_err[i];
    if (!rows.empty()) rows[kept] = rows[i];
    ++kept;
  }
  if (kept < n) {
    lc.notes.push_back(std::to_string(n - kept) + " rows repeat an earlier time: dropped");
    lc.time.resize(kept);
    lc.flux.resize(kept);
    if (!lc.flux_err.empty()) lc.flux_err.resize(kept);
    if (!rows.empty()) rows.resize(kept);
  }
}

// flux = 10^(-0.4 (mag - median mag)), its error 0.4 ln(10) flux sigma_mag; the median keeps
// instrumental magnitudes (IRM1 ~ 12) and differential ones (~0) alike near 1.
void magnitudes_to_flux(LightCurve& lc, const std::string& label) {
  const double zero = median(lc.flux);
  for (size_t i = 0; i < lc.size(); ++i) {
    lc.flux[i] = std::pow(10.0, -0.4 * (lc.flux[i] - zero));
    if (!lc.flux_err.empty()) lc.flux_err[i] *= 0.4 * std::log(10.0) * lc.flux[i];
  }
  lc.notes.push_back(label + " holds magnitudes: converted to flux = 10^(-0.4 mag)");
}

// A flux column is refused when more than this share of its values is at or below zero.
constexpr double kMaxNonPositiveFluxFraction = 0.1;
// A relative-flux column whose median, as a fraction, exceeds this is a level, not a change.
constexpr double kMaxRelativeMedian = 0.5;
constexpr char kZeroCentredHint[] =
    "A column of changes from the star's level, centred on zero, is read with flux_unit "
    "(--flux-unit) relative, ppt or ppm; magnitudes with mag";

// flux = 1 + value x unit, its error x unit: the change from the star's level made a flux.
void relative_to_flux(LightCurve& lc, const std::string& label, double unit) {
  for (double& f : lc.flux) f = 1.0 + f * unit;
  for (double& e : lc.flux_err) e *= unit;
  const char* name = unit == 1e-6 ? "ppm" : unit == 1e-3 ? "ppt" : "a fraction";
  lc.notes.push_back(label + " holds the change from the star's level (" + std::string(name) +
                     "): read as flux = 1 + value");
}

// Filters, checks and normalises one file's rows into a LightCurve.
LightCurve finish(detail::RawLightCurve raw, const std::string& name) {
  auto reject = [&name](const std::string& what) {
    throw std::invalid_argument("'" + name + "': " + what);
  };
  const size_t n = raw.time.size();
  // An error column with no finite value on any row that has a time and a flux holds no errors
  // (lightkurve writes NaN errors for a light curve read without any, as K2SFF's or a table of
  // time and flux): the errors then come from the scatter, as for a file without the column.
  bool err_given = false;
  for (size_t i = 0; i < raw.flux_err.size() && !err_given; ++i) {
    err_given =
        std::isfinite(raw.flux_err[i]) && std::isfinite(raw.time[i]) && std::isfinite(raw.flux[i]);
  }
  if (!raw.flux_err.empty() && !err_given) {
    raw.flux_err = {};
    raw.meta.notes.push_back(
        "the flux error column has no numbers: errors estimated from the point-to-point scatter");
  }
  const bool has_err = !raw.flux_err.empty();
  auto usable = [&raw, has_err](size_t i) {
    return (raw.bad_quality.empty() || !raw.bad_quality[i]) && std::isfinite(raw.time[i]) &&
           std::isfinite(raw.flux[i]) && (!has_err || std::isfinite(raw.flux_err[i]));
  };
  // The table row of each kept point serves only the message about a non-positive error, so
  // it is kept only when such an error may be there to report (magnitudes' errors are
  // converted with the flux, which can underflow to 0).
  bool keep_rows = has_err && raw.magnitudes;
  for (size_t i = 0; has_err && !keep_rows && i < n; ++i) {
    keep_rows = usable(i) && !(raw.flux_err[i] > 0);
  }
  size_t flagged = 0;
  if (!raw.bad_quality.empty()) {
    for (uint8_t bad : raw.bad_quality) flagged += bad ? 1 : 0;
  }
  std::vector<size_t> rows;  // 1-based table row of each kept point, for messages
  // The kept points are moved down within the columns as read: the reader's raw columns
  // become the light curve's, and no second copy of them is ever held.
  size_t kept = 0;
  for (size_t i = 0; i < n; ++i) {
    if (!usable(i)) continue;
    if (keep_rows) rows.push_back(i + 1);
    raw.time[kept] = raw.time[i];
    raw.flux[kept] = raw.flux[i];
    if (has_err) raw.flux_err[kept] = raw.flux_err[i];
    ++kept;
  }
  raw.bad_quality = {};
  LightCurve lc = std::move(raw.meta);
  lc.time = std::move(raw.time);
  lc.flux = std::move(raw.flux);
  lc.flux_err = std::move(raw.flux_err);
  lc.time.resize(kept);
  lc.flux.resize(kept);
  if (has_err) lc.flux_err.resize(kept);
  if (n == 0) reject("the table has no rows");
  if (lc.time.empty()) {
    if (flagged == n) reject("all " + std::to_string(n) + " rows are flagged as bad quality");
    reject("no usable points: all " + std::to_string(n) +
           " rows have a missing (NaN) or non-finite time or flux");
  }
  if (lc.size() < kMinLightCurvePoints) {
    reject("only " + std::to_string(lc.size()) + " usable points; at least " +
           std::to_string(kMinLightCurvePoints) + " are needed");
  }
  sort_by_time(lc, rows);
  if (raw.magnitudes) magnitudes_to_flux(lc, raw.flux_label);
  if (raw.relative_unit > 0) {
    // lightkurve's normalize(unit="ppm") writes a flux of about 1e6 in "ppm": a level, not a
    // change from it. No star's median changes by half its level, so such a column is a flux.
    if (std::fabs(median(lc.flux) * raw.relative_unit) < kMaxRelativeMedian) {
      relative_to_flux(lc, raw.flux_label, raw.relative_unit);
    } else {
      lc.notes.push_back(raw.flux_label +
                         " is named or told as a change in flux but centred far from zero: read "
                         "as a flux (normalised to its median)");
    }
  }

  double level = median(lc.flux);
  if (!(level > 0)) {
    reject("the median flux is " + format_time(level) +
           "; a light curve needs positive flux to be normalised. " + kZeroCentredHint);
  }
  // A star's flux is positive but for noise; a column with many values at or below zero is
  // centred on zero (changes from the level), which a small positive median would turn into
  // nonsense.
  const auto non_positive =
      std::count_if(lc.flux.begin(), lc.flux.end(), [](double f) { return !(f > 0); });
  if (static_cast<double>(non_positive) > kMaxNonPositiveFluxFraction * lc.size()) {
    reject(std::to_string(non_positive) + " of " + std::to_string(lc.size()) +
           " flux values are at or below zero; a light curve needs positive flux to be "
           "normalised. " +
           kZeroCentredHint);
  }
  for (double& f : lc.flux) f /= level;
  if (has_err) {
    for (size_t i = 0; i < lc.size(); ++i) {
      if (!(lc.flux_err[i] > 0)) {
        reject("flux error " + format_time(lc.flux_err[i]) + " at row " + std::to_string(rows[i]) +
               " is not positive");
      }
      lc.flux_err[i] /= level;
    }
  } else {
    // No errors given: the robust point-to-point scatter (differences remove slow trends;
    // sqrt(2) because a difference carries two points' noise).
    std::vector<double> diff(lc.size() - 1);
    for (size_t i = 1; i < lc.size(); ++i) diff[i - 1] = lc.flux[i] - lc.flux[i - 1];
    double sigma = mad_sigma(diff) / std::sqrt(2.0);
    if (!(sigma > 0)) {
      double sum_sq = std::inner_product(diff.begin(), diff.end(), diff.begin(), 0.0);
      sigma = std::sqrt(sum_sq / static_cast<double>(diff.size()) / 2.0);
    }
    if (!(sigma > 0)) reject("the flux is constant; there is nothing to search");
    lc.flux_err.assign(lc.size(), sigma);
  }
  lc.segment.assign(lc.size(), 0);

  StellarParams& s = lc.stellar;
  if (!s.mass_sun && s.logg_cgs && s.radius_sun) {
    const double mass = mass_from_logg_sun(*s.logg_cgs, *s.radius_sun);
    if (std::isfinite(mass) && mass > 0) s.mass_sun = mass;
  }
  return lc;
}

void reject_empty(std::string_view bytes, const std::string& name) {
  if (bytes.empty()) throw std::invalid_argument("'" + name + "': the file is empty");
}

void inflate_into(std::string_view gz, std::string& out, const std::string& name) {
  try {
    gunzip_capped_into(gz, inflate_limit(), out);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument("'" + name + "': " + e.what());
  }
}

// Uncompressed `bytes`; `owner` holds them when the caller gives them up, so that FITS (whose
// reader pads and truncates its buffer for CFITSIO) needs no copy.
LightCurve read_plain(std::string_view bytes, std::string* owner, const std::string& name,
                      const ReadOptions& options) {
  reject_empty(bytes, name);
  if (!detail::looks_like_fits(bytes))
    return finish(detail::read_csv_text(bytes, name, options), name);
  if (owner) return finish(detail::read_fits(*owner, name, options), name);
  std::string copy(bytes);
  return finish(detail::read_fits(copy, name, options), name);
}

}  // namespace

std::string_view mission_name(Mission m) {
  switch (m) {
    case Mission::kKepler:
      return "Kepler";
    case Mission::kK2:
      return "K2";
    case Mission::kTess:
      return "TESS";
    case Mission::kUnknown:
      break;
  }
  return "unknown";
}

namespace {

// R^2 / (G M_sun) in s^2 / (cm M_sun): a mass in solar masses is g times it.
double solar_masses_per_gravity(double radius_sun) {
  const double radius_cm = radius_sun * kSolarRadiusCm;
  return radius_cm * radius_cm / kGravitationalConstantCgs / kSolarMassG;
}

}  // namespace

double mass_from_logg_sun(double logg_cgs, double radius_sun) {
  return std::pow(10.0, logg_cgs) * solar_masses_per_gravity(radius_sun);
}

double logg_from_mass_cgs(double mass_sun, double radius_sun) {
  return std::log10(mass_sun / solar_masses_per_gravity(radius_sun));
}

std::optional<double> StellarParams::density_cgs() const {
  if (!radius_sun || !(*radius_sun > 0)) return std::nullopt;
  double radius_cm = *radius_sun * kSolarRadiusCm;
  double rho = 0;
  if (mass_sun) {
    rho = *mass_sun * kSolarMassG / (4.0 / 3.0 * kPi * radius_cm * radius_cm * radius_cm);
  } else if (logg_cgs) {
    rho = 3.0 * std::pow(10.0, *logg_cgs) / (4.0 * kPi * kGravitationalConstantCgs * radius_cm);
  } else {
    return std::nullopt;
  }
  if (!std::isfinite(rho) || rho <= 0) return std::nullopt;
  return rho;
}

namespace detail {

std::string file_stem(const std::string& name) {
  std::string stem = name.substr(name.find_last_of("/\\") + 1);
  for (const char* ext : {".gz", ".csv", ".txt", ".dat", ".tsv", ".tbl", ".fits", ".fit"}) {
    std::string e(ext);
    if (stem.size() > e.size() && stem.compare(stem.size() - e.size(), e.size(), e) == 0) {
      stem.resize(stem.size() - e.size());
    }
  }
  return stem;
}

}  // namespace detail

LightCurve read_light_curve_bytes(std::string_view bytes, const std::string& name,
                                  const ReadOptions& options) {
  reject_empty(bytes, name);
  // Plain text is read where it lies; only gzip (inflated) and FITS get a copy.
  if (!is_gzip(bytes)) return read_plain(bytes, nullptr, name, options);
  std::string inflated;
  inflate_into(bytes, inflated, name);
  return read_plain(inflated, &inflated, name, options);
}

LightCurve read_light_curve(const std::string& path, const ReadOptions& options,
                            ReadBuffers& buffers) {
  read_file_into(path, buffers.file);
  reject_empty(buffers.file, path);
  if (!is_gzip(buffers.file)) return read_plain(buffers.file, &buffers.file, path, options);
  inflate_into(buffers.file, buffers.inflated, path);
  return read_plain(buffers.inflated, &buffers.inflated, path, options);
}

LightCurve read_light_curve(const std::string& path, const ReadOptions& options) {
  ReadBuffers buffers;
  return read_light_curve(path, options, buffers);
}

LightCurve stitch(std::vector<LightCurve> parts) {
  if (parts.empty()) throw std::invalid_argument("stitch: no light curves given");
  const LightCurve& first = parts.front();
  for (const LightCurve& p : parts) {
    if (p.time.empty()) throw std::invalid_argument("stitch: '" + p.source + "' has no points");
    if (p.flux.size() != p.size() || p.flux_err.size() != p.size() ||
        (!p.segment.empty() && p.segment.size() != p.size())) {
      throw std::invalid_argument("stitch: '" + p.source + "' has arrays of different lengths");
    }
    if (p.time_system != first.time_system || p.bjd_reference_days != first.bjd_reference_days) {
      throw std::invalid_argument("cannot stitch '" + first.source + "' (" + first.time_system +
                                  ") with '" + p.source + "' (" + p.time_system +
                                  "): different time systems");
    }
  }
  LightCurve out;
  out.time_system = first.time_system;
  out.bjd_reference_days = first.bjd_reference_days;
  out.target = first.target;
  // Metadata from the first part (in the order given) that has it.
  auto has_star = [](const StellarParams& s) { return s.radius_sun || s.teff_k || s.logg_cgs; };
  bool star_found = false;
  for (const LightCurve& p : parts) {
    if (out.mission == Mission::kUnknown) out.mission = p.mission;
    if (!out.stellar.ra_deg && p.stellar.ra_deg) {
      out.stellar.ra_deg = p.stellar.ra_deg;
      out.stellar.dec_deg = p.stellar.dec_deg;
    }
    if (!star_found && has_star(p.stellar)) {
      const auto ra = out.stellar.ra_deg, dec = out.stellar.dec_deg;
      out.stellar = p.stellar;
      if (!out.stellar.ra_deg) {
        out.stellar.ra_deg = ra;
        out.stellar.dec_deg = dec;
      }
      out.target = p.target;
      star_found = true;
    }
    out.source += (out.source.empty() ? "" : ", ") + p.source;
    for (const std::string& note : p.notes) out.notes.push_back(p.source + ": " + note);
    out.n_points_raw += p.n_points_raw;
    out.observing_periods.insert(out.observing_periods.end(), p.observing_periods.begin(),
                                 p.observing_periods.end());
  }
  std::sort(out.observing_periods.begin(), out.observing_periods.end());
  out.observing_periods.erase(
      std::unique(out.observing_periods.begin(), out.observing_periods.end()),
      out.observing_periods.end());

  std::vector<size_t> order(parts.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&parts](size_t a, size_t b) { return parts[a].time.front() < parts[b].time.front(); });
  int segment_offset = 0;
  for (size_t k = 0; k < order.size(); ++k) {
    LightCurve& p = parts[order[k]];
    if (k > 0) {
      const LightCurve& prev = parts[order[k - 1]];
      if (p.time.front() <= prev.time.back()) {
        throw std::invalid_argument("cannot stitch '" + prev.source + "' and '" + p.source +
                                    "': they overlap in time (" + format_time(p.time.front()) +
                                    " to " + format_time(prev.time.back()) + ")");
      }
    }
    out.time.insert(out.time.end(), p.time.begin(), p.time.end());
    out.flux.insert(out.flux.end(), p.flux.begin(), p.flux.end());
    out.flux_err.insert(out.flux_err.end(), p.flux_err.begin(), p.flux_err.end());
    int max_segment = 0;
    for (size_t i = 0; i < p.size(); ++i) {
      int s = p.segment.empty() ? 0 : p.segment[i];
      out.segment.push_back(segment_offset + s);
      max_segment = std::max(max_segment, s);
    }
    segment_offset += max_segment + 1;
  }
  return out;
}

}  // namespace exodetect::lightcurve
