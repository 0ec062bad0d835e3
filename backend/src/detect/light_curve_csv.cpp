// The full-resolution light curve of a search as CSV (the plots get a thinned JSON copy).

#include "exodetect/detect/light_curve_csv.hpp"

#include <charconv>
#include <cmath>

#include "exodetect/common/constants.hpp"
#include "exodetect/common/csv.hpp"
#include "exodetect/vetting/vetting.hpp"

namespace exodetect::detect {

using common::csv_cell;
using common::kHoursPerDay;
using lightcurve::LightCurve;
using lightcurve::mission_name;
using vetting::transit_mask;

namespace {

constexpr int kFluxDigits = 10;  // significant digits: far below any photometric noise

// Header text from the file (target, names): one line, control characters as spaces, quoted
// as a CSV cell.
std::string header_text(std::string text) {
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = ' ';
  }
  return csv_cell(text);
}

// Times as the shortest text that reads back to the same double; fluxes to kFluxDigits; an
// empty cell for a missing (non-finite) value. Numbers are written directly: they never start
// with a formula character but '-', which csv_cell leaves on a number too.
void append_time(std::string& out, double v) {
  char buf[32];
  if (std::isfinite(v)) out.append(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}
void append_flux(std::string& out, double v) {
  char buf[32];
  if (std::isfinite(v)) {
    out.append(
        buf, std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, kFluxDigits).ptr);
  }
}

std::string time_description(const LightCurve& lc) {
  if (lc.time_system == "BJD") return "days, BJD_TDB";
  if (lc.time_system == "unknown" || !(lc.bjd_reference_days > 0)) {
    return "days, as given in the file (time system unknown)";
  }
  char offset[32];
  *std::to_chars(offset, offset + sizeof offset - 1, lc.bjd_reference_days).ptr = '\0';
  return "days, " + header_text(lc.time_system) + " = BJD_TDB - " + offset;
}

}  // namespace

std::string light_curve_csv(const DetectionReport& r) {
  const auto& lc = r.light_curve;
  const auto& d = r.detrended;
  const size_t n = lc.size();
  const bool have_trend = d.trend.size() == n && d.flux.size() == n;
  // Every candidate's box, depths multiplied where transits overlap.
  std::vector<double> model(n, 1.0);
  for (const auto& c : r.candidates) {
    const auto box = transit_mask(lc.time, {c.period, c.t0, c.duration_hours / kHoursPerDay});
    for (size_t i = 0; i < n; ++i) {
      if (box[i]) model[i] *= 1.0 - c.depth_ppm * 1e-6;
    }
  }

  std::string out;
  out.reserve(200 * 16 + n * 96);
  out += "# exodetect light curve at full resolution: " + std::to_string(n) + " points of " +
         header_text(lc.target) + " (" + std::string(mission_name(lc.mission)) + "), from " +
         header_text(lc.source) + "\n";
  out += "# time: " + time_description(lc) + "\n";
  out += "# flux, flux_err: relative flux (not ppm), each segment divided by its median\n";
  out += "# segment: the file, quarter or sector the point came from (0-based)\n";
  out += "# trend: the detrending fit (biweight), relative flux; detrended_flux = flux / trend\n";
  out += "# clipped: 1 where the point was clipped as an upper outlier (left out of the search)\n";
  out += "# in_transit: 0, or k + 1 inside candidate k's transit (k: 0-based, as in the report)\n";
  out += "# model_flux: the candidates' box transit model, relative flux (1 - depth in transit)\n";
  out += "time,flux,flux_err,segment,trend,detrended_flux,clipped,in_transit,model_flux\n";
  for (size_t i = 0; i < n; ++i) {
    append_time(out, lc.time[i]);
    out += ',';
    append_flux(out, lc.flux[i]);
    out += ',';
    if (i < lc.flux_err.size()) append_flux(out, lc.flux_err[i]);
    out += ',';
    if (i < lc.segment.size()) out += std::to_string(lc.segment[i]);
    out += ',';
    if (have_trend) append_flux(out, d.trend[i]);
    out += ',';
    if (have_trend) append_flux(out, d.flux[i]);
    out += i < d.clipped.size() && d.clipped[i] ? ",1," : ",0,";
    out += std::to_string(i < r.in_transit.size() ? r.in_transit[i] : 0);
    out += ',';
    append_flux(out, model[i]);
    out += '\n';
  }
  return out;
}

}  // namespace exodetect::detect
