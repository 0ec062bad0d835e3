// The one-page candidate report: layout and content on an A4 landscape page.

#include "exodetect/report/candidate_report.hpp"

#include <cairo-pdf.h>
#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <optional>
#include <stdexcept>

#include "canvas.hpp"
#include "exodetect/common/constants.hpp"
#include "exodetect/fit/transit_model.hpp"

namespace exodetect::report {

using common::kHoursPerDay;
using nlohmann::json;

namespace {

constexpr double kPageWidth = 842;  // A4 landscape, points
constexpr double kPageHeight = 595;
constexpr double kPngDpi = 150;
constexpr double kPpm = 1e6;
// Model curves are drawn at this many phases across a fold's window.
constexpr int kModelSamples = 400;

// A member of an object, null when `j` is not an object or lacks it (the documents may be
// thin: a search without plot data, a candidate without a fit).
const json& member(const json& j, const char* key) {
  static const json kNull;
  if (!j.is_object()) return kNull;
  const auto it = j.find(key);
  return it != j.end() ? *it : kNull;
}

double number(const json& j, const char* key) {
  const json& v = member(j, key);
  return v.is_number() ? v.get<double>() : NAN;
}

std::vector<double> numbers(const json& j, const char* key, double scale = 1, double shift = 0) {
  std::vector<double> out;
  const json& a = member(j, key);
  if (!a.is_array()) return out;
  out.reserve(a.size());
  for (const auto& v : a) out.push_back(v.is_number() ? (v.get<double>() - shift) * scale : NAN);
  return out;
}

std::string text_of(const json& j, const char* key, const std::string& otherwise = "") {
  const json& v = member(j, key);
  return v.is_string() ? v.get<std::string>() : otherwise;
}

std::string format(const char* spec, double v) {
  if (!std::isfinite(v)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof buf, spec, v);
  return buf;
}

// Decimals that show a value to two significant figures of its uncertainty.
int decimals_for(double err, int fallback) {
  if (!(err > 0) || !std::isfinite(err)) return fallback;
  return std::clamp(static_cast<int>(std::ceil(-std::log10(err))) + 1, 0, 8);
}

std::string value_err(double v, double err, int fallback_decimals, const char* unit) {
  if (!std::isfinite(v)) return "-";
  const int d = decimals_for(err, fallback_decimals);
  char buf[128];
  if (std::isfinite(err) && err > 0) {
    std::snprintf(buf, sizeof buf, "%.*f \u00b1 %.*f%s", d, v, d, err, unit);
  } else {
    std::snprintf(buf, sizeof buf, "%.*f%s", d, v, unit);
  }
  return buf;
}

// A posterior interval {median, lower, upper} (16th, 50th, 84th percentiles) as "m +u -l".
std::string interval(const json& fit, const char* key, double scale, const char* unit) {
  const json& iv = member(fit, key);
  const double m = number(iv, "median") * scale, lo = number(iv, "lower") * scale,
               hi = number(iv, "upper") * scale;
  if (!std::isfinite(m)) return "-";
  const double err = std::min(hi - m, m - lo);
  const int d = decimals_for(err, 3);
  char buf[128];
  std::snprintf(buf, sizeof buf, "%.*f +%.*f \u2212%.*f%s", d, m, d, hi - m, d, m - lo, unit);
  return buf;
}

// Rows of label and value, drawn in a column of the page.
class TextColumn {
 public:
  TextColumn(cairo_t* cr, double x, double y, double width) : cr_(cr), x_(x), y_(y), w_(width) {}
  void heading(const std::string& text) {
    y_ += 4;
    draw_text(cr_, x_, y_, text, 7.5, true);
    y_ += kLine + 1;
  }
  void row(const std::string& label, const std::string& value, const Rgb& color = kBlack,
           double label_width = kLabelWidth) {
    draw_text(cr_, x_, y_, label, kSize, false, Align::kLeft, kDarkGrey);
    draw_text(cr_, x_ + label_width, y_, fit_text(cr_, value, kSize, false, w_ - label_width),
              kSize, false, Align::kLeft, color);
    y_ += kLine;
  }
  void line(const std::string& text, const Rgb& color = kBlack) {
    draw_text(cr_, x_, y_, fit_text(cr_, text, kSize, false, w_), kSize, false, Align::kLeft,
              color);
    y_ += kLine;
  }

 private:
  static constexpr double kSize = 6.3;
  static constexpr double kLine = 8.2;
  static constexpr double kLabelWidth = 38;
  cairo_t* cr_;
  double x_, y_, w_;
};

// The fit's best model (its maximum likelihood, as the Lab draws it) placed on a fold around
// the search's mid-transit.
struct BestFit {
  fit::TransitParams params;
  double exposure_days = 0;
  double offset = 0;  // relative flux of the baseline above 1
};

// The candidate's best fit; none when it has no fit or its values are incomplete.
std::optional<BestFit> best_fit(const json& fit, double search_t0, double period) {
  const json& ml = member(fit, "max_likelihood");
  const json& names = member(ml, "parameters");
  const auto values = numbers(ml, "values");
  auto value = [&](const std::string& name) {
    for (size_t i = 0; names.is_array() && i < names.size() && i < values.size(); ++i) {
      if (names[i] == name) return values[i];
    }
    return static_cast<double>(NAN);
  };
  BestFit b;
  fit::TransitParams& p = b.params;
  p.rp_rs = number(ml, "rp_rs");
  p.a_rs = number(ml, "a_rs");
  p.impact = value("impact");
  p.period_days = std::isfinite(value("period")) ? value("period") : period;
  const double q1 = value("q1"), q2 = value("q2");
  if (!std::isfinite(p.rp_rs) || !std::isfinite(p.a_rs) || !std::isfinite(p.impact) ||
      !std::isfinite(q1) || !std::isfinite(q2)) {
    return std::nullopt;
  }
  p.ld = fit::limb_darkening_from_kipping(q1, q2);
  // The fit's epoch may sit a little off the search's: shift the model by the difference.
  const double fit_t0 = value("t0");
  p.t0 = std::isfinite(fit_t0) ? std::remainder(fit_t0 - search_t0, period) : 0;
  b.exposure_days = std::max(0.0, number(fit, "exposure_minutes")) / (60 * kHoursPerDay);
  const double offset = value("flux_offset");
  b.offset = std::isfinite(offset) ? offset : 0;
  return b;
}

// The best fit's relative flux in ppm at phases in hours from the search's mid-transit.
std::vector<double> model_ppm(const BestFit& b, const std::vector<double>& phase_hours) {
  std::vector<double> t(phase_hours.size());
  for (size_t i = 0; i < t.size(); ++i) t[i] = phase_hours[i] / kHoursPerDay;
  auto flux = fit::transit_light_curve(t, b.params, b.exposure_days,
                                       fit::supersample_count(b.exposure_days));
  for (double& f : flux) f = (f * (1 + b.offset) - 1) * kPpm;
  return flux;
}

// The box model of a fold as plot data gives it, in ppm.
void draw_box_model(const Panel& panel, const json& fold, const Rgb& color) {
  const json& model = member(fold, "model");
  panel.line(numbers(model, "phase_hours"), numbers(model, "flux", kPpm, 1), color, 0.8);
}

// A fold panel: points, bins, the box model; `note` when the window has no point.
void draw_fold(const Panel& panel, const json& fold) {
  const json& points = member(fold, "points");
  const json& bins = member(fold, "bins");
  panel.points(numbers(points, "phase_hours"), numbers(points, "flux", kPpm, 1), kGrey, 0.55);
  panel.points(numbers(bins, "phase_hours"), numbers(bins, "flux", kPpm, 1), kBlue, 1.1);
  if (!(number(fold, "n_points") > 0))
    panel.note("no data in this window (its transits fall in gaps)");
}

std::pair<double, double> fold_limits(const json& fold, double depth_ppm) {
  auto v = numbers(member(fold, "bins"), "flux", kPpm, 1);
  const auto pts = numbers(member(fold, "points"), "flux", kPpm, 1);
  v.insert(v.end(), pts.begin(), pts.end());
  auto [lo, hi] = robust_limits(v, 0.98, 0.08);
  if (std::isfinite(depth_ppm) && depth_ppm > 0) {
    lo = std::min(lo, -1.25 * depth_ppm);
    hi = std::max(hi, 0.35 * depth_ppm);
  }
  return {lo, hi};
}

double window_hours(const json& fold) {
  const auto x = numbers(member(fold, "model"), "phase_hours");
  return x.empty() ? 6.0 : std::max(std::abs(x.front()), std::abs(x.back()));
}

void draw_header(cairo_t* cr, const json& result, const json& cand, size_t index) {
  const json& input = member(result, "input");
  const std::string target = text_of(input, "target", "unknown target");
  const size_t n = member(result, "candidates").size();
  char title[256];
  std::snprintf(title, sizeof title, "%s \u2014 candidate %zu of %zu", target.c_str(), index + 1,
                n);
  draw_text(cr, 28, 36, fit_text(cr, title, 15, true, 520), 15, true);
  std::string what = text_of(input, "mission", "unknown mission");
  for (const char* key : {"sectors", "quarters", "campaigns"}) {
    if (input.contains(key) && input[key].is_array() && !input[key].empty()) {
      what += std::string(", ") + key + " ";
      for (size_t i = 0; i < input[key].size(); ++i) what += (i ? "," : "") + input[key][i].dump();
    }
  }
  what += " \u00b7 time " + text_of(input, "time_system", "?") + " \u00b7 " +
          format("%.0f", number(input, "n_used")) + " of " +
          format("%.0f", number(input, "n_points")) + " points used over " +
          format("%.1f", number(input, "span_days")) + " d \u00b7 " + text_of(input, "file");
  draw_text(cr, 28, 50, fit_text(cr, what, 7.5, false, 786), 7.5, false, Align::kLeft, kDarkGrey);

  // The verdict, on the right of the title.
  const double p = number(cand, "planet_probability");
  std::string verdict = "not scored (no model)";
  Rgb color = kDarkGrey;
  if (std::isfinite(p)) {
    const std::string label = text_of(cand, "label", "?");
    verdict = "planet probability " + format("%.3f", p) + " \u2192 " + label;
    color = label == "planet" ? kGreen : kRed;
  }
  draw_text(cr, 814, 36, verdict, 11, true, Align::kRight, color);
  const json& model = member(result, "model");
  std::string by = "exodetect";
  if (model.is_object()) by += " model " + text_of(model, "id", "?");
  draw_text(cr, 814, 62, by + " \u00b7 the verdict never reads a catalogue's disposition", 6.5,
            false, Align::kRight, kDarkGrey);
  cairo_set_source_rgb(cr, 0.75, 0.75, 0.78);
  cairo_set_line_width(cr, 0.6);
  cairo_move_to(cr, 28, 68);
  cairo_line_to(cr, 814, 68);
  cairo_stroke(cr);
}

void draw_light_curve(cairo_t* cr, const json& plot, size_t index, const std::string& system) {
  const json& series = member(plot, "series");
  const auto time = numbers(series, "time");
  const auto flux = numbers(series, "detrended_flux", kPpm, 1);
  const auto in_transit = numbers(series, "in_transit");
  double t_lo = INFINITY, t_hi = -INFINITY;
  for (double t : time) {
    if (std::isfinite(t)) t_lo = std::min(t_lo, t), t_hi = std::max(t_hi, t);
  }
  if (!std::isfinite(t_lo)) t_lo = 0, t_hi = 1;
  // Times since a round day before the first point keep the tick labels short.
  const double origin = std::floor(t_lo);
  std::vector<double> x(time.size()), xs, ys;
  for (size_t i = 0; i < time.size(); ++i) {
    x[i] = time[i] - origin;
    if (i < in_transit.size() && in_transit[i] == static_cast<double>(index + 1) &&
        i < flux.size()) {
      xs.push_back(x[i]);
      ys.push_back(flux[i]);
    }
  }
  auto [lo, hi] = robust_limits(flux, 0.995, 0.08);
  for (double y : ys) lo = std::isfinite(y) ? std::min(lo, y) : lo;
  const double span = t_hi - t_lo;
  Panel panel(cr, 56, 86, 424, 96, -0.01 * span, span * 1.01, lo, hi);
  panel.axes("Detrended light curve (this candidate's transits in red)",
             "time \u2212 " + format("%.0f", origin) + " (days, " + system + ")",
             "relative flux (ppm)");
  panel.points(x, flux, kGrey, 0.4);
  panel.points(xs, ys, kRed, 0.6);
}

void draw_periodogram(cairo_t* cr, const json& pc) {
  const json& pg = member(pc, "periodogram");
  const auto period = numbers(pg, "period");
  auto power = numbers(pg, "sde");
  std::string y_label = "SDE";
  if (std::none_of(power.begin(), power.end(), [](double v) { return std::isfinite(v); })) {
    power = numbers(pg, "power");
    y_label = "BLS power";
  }
  auto [lo, hi] = robust_limits(power, 1.0, 0.06);
  double p_lo = period.empty() ? 0 : period.front(), p_hi = period.empty() ? 1 : period.back();
  Panel panel(cr, 56, 220, 424, 72, p_lo, p_hi, lo, hi);
  panel.axes("Periodogram (the candidate's period red, its half and double dashed)",
             "trial period (days)", y_label);
  panel.line(period, power, kBlack, 0.5);
  const double p = number(pc, "period");
  panel.vertical(p, kRed, false);
  panel.vertical(p / 2, kOrange, true);
  panel.vertical(2 * p, kOrange, true);
}

void draw_transit(cairo_t* cr, const json& cand, const json& pc) {
  const json& fold = member(pc, "folded");
  const double w = window_hours(fold);
  const double depth = number(cand, "depth_ppm");
  auto [lo, hi] = fold_limits(fold, depth);
  Panel top(cr, 56, 330, 424, 150, -w, w, lo, hi);
  const auto fitted = best_fit(member(cand, "fit"), number(cand, "t0"), number(cand, "period"));
  top.axes(fitted ? "Folded transit: points, bins (blue), fitted limb-darkened model (red)"
                  : "Folded transit: points, bins (blue), box model (red)",
           "", "relative flux (ppm)", false);
  draw_fold(top, fold);
  const auto bin_x = numbers(member(fold, "bins"), "phase_hours");
  const auto bin_y = numbers(member(fold, "bins"), "flux", kPpm, 1);
  std::vector<double> residual(bin_x.size(), NAN);
  if (fitted) {
    std::vector<double> grid(kModelSamples + 1);
    for (int i = 0; i <= kModelSamples; ++i) grid[i] = -w + 2 * w * i / kModelSamples;
    top.line(grid, model_ppm(*fitted, grid), kRed, 0.9);
    const auto at_bins = model_ppm(*fitted, bin_x);
    for (size_t i = 0; i < bin_x.size(); ++i) residual[i] = bin_y[i] - at_bins[i];
  } else {
    draw_box_model(top, fold, kRed);
    const double half = number(cand, "duration_hours") / 2;
    for (size_t i = 0; i < bin_x.size(); ++i) {
      residual[i] = bin_y[i] - (std::abs(bin_x[i]) < half ? -depth : 0.0);
    }
  }
  auto [r_lo, r_hi] = robust_limits(residual, 1.0, 0.15);
  const double r = std::max({std::abs(r_lo), std::abs(r_hi), 1.0});
  Panel bottom(cr, 56, 484, 424, 58, -w, w, -r, r);
  bottom.axes("", "hours from mid-transit", "residual (ppm)");
  bottom.horizontal(0, kRed, true);
  bottom.points(bin_x, residual, kBlue, 1.1);
}

void draw_small_fold(cairo_t* cr, const json& fold, double x, double y, double width,
                     const std::string& title, std::pair<double, double> limits,
                     const std::string& y_label) {
  const double w = window_hours(fold);
  Panel panel(cr, x, y, width, 70, -w, w, limits.first, limits.second);
  panel.axes(title, "hours", y_label);
  draw_fold(panel, fold);
  draw_box_model(panel, fold, kRed);
}

void draw_folds(cairo_t* cr, const json& cand, const json& pc) {
  const double depth = number(cand, "depth_ppm");
  const json& odd = member(pc, "odd");
  const json& even = member(pc, "even");
  auto a = fold_limits(odd, depth), b = fold_limits(even, depth);
  const std::pair<double, double> shared{std::min(a.first, b.first), std::max(a.second, b.second)};
  draw_small_fold(cr, odd, 536, 86, 130, "Odd transits", shared, "ppm");
  draw_small_fold(cr, even, 684, 86, 130, "Even transits", shared, "");
  const json& secondary = member(pc, "secondary");
  draw_small_fold(cr, secondary, 536, 190, 278, "Phase 0.5 (secondary eclipse)",
                  fold_limits(secondary, 0), "ppm");
}

void draw_numbers(cairo_t* cr, const json& result, const json& cand) {
  const std::string system = text_of(member(result, "input"), "time_system", "");
  TextColumn left(cr, 512, 296, 154);
  left.heading("Search");
  left.row("period", value_err(number(cand, "period"), number(cand, "period_err"), 6, " d"));
  left.row("T0", value_err(number(cand, "t0"), number(cand, "t0_err"), 5, (" " + system).c_str()));
  left.row("depth", value_err(number(cand, "depth_ppm"), number(cand, "depth_err_ppm"), 0, " ppm"));
  left.row("duration",
           value_err(number(cand, "duration_hours"), number(cand, "duration_err_hours"), 3, " h"));
  left.row("SNR, SDE",
           format("%.1f", number(cand, "snr")) + ", " + format("%.1f", number(cand, "sde")));
  left.row("transits", format("%.0f", number(cand, "transits_with_data")) + " with data of " +
                           format("%.0f", number(cand, "transit_count")));
  const json& fit = member(cand, "fit");
  left.heading("Transit fit (16th-84th pct.)");
  if (!fit.is_object()) {
    left.line("not fitted (search run without fit)", kDarkGrey);
  } else if (!member(fit, "converged").is_boolean() || !member(fit, "converged").get<bool>()) {
    left.line("no posterior: the chains did not converge", kRed);
    left.line(text_of(fit, "error"), kDarkGrey);
  } else {
    left.row("Rp/R*", interval(fit, "rp_rs", 1, ""));
    left.row("a/R*", interval(fit, "a_rs", 1, ""));
    left.row("b", interval(fit, "impact", 1, ""));
    left.row("incl.", interval(fit, "inclination_deg", 1, "\u00b0"));
    left.row("T14", interval(fit, "t14_hours", 1, " h"));
    left.row("depth", interval(fit, "depth_ppm", 1, " ppm"));
    left.row("\u03c1*", interval(fit, "stellar_density_cgs", 1, " g/cm\u00b3"));
    left.row("q1", interval(fit, "q1", 1, ""));
    left.row("q2", interval(fit, "q2", 1, ""));
    if (fit.contains("planet_radius_earth") && fit["planet_radius_earth"].is_object()) {
      left.row("Rp", interval(fit, "planet_radius_earth", 1, " R\u2295"));
    }
    const json& conv = member(fit, "convergence");
    left.row("chains", format("%.0f", number(conv, "steps")) + " steps, R\u0302 " +
                           format("%.3f", number(conv, "max_split_rhat")) + ", \u03c4 " +
                           format("%.0f", number(conv, "max_autocorr_time")));
  }

  TextColumn right(cr, 672, 296, 142);
  right.heading("Star");
  const json& star = member(member(result, "input"), "stellar");
  const json& sources = member(star, "sources");
  auto star_row = [&](const char* label, const char* key, const char* spec, const char* unit) {
    const double v = number(star, key);
    if (!std::isfinite(v)) {
      right.row(label, "unknown", kDarkGrey);
      return;
    }
    right.row(label,
              format(spec, v) + unit + " (" + text_of(member(sources, key), "source", "?") + ")");
  };
  star_row("Teff", "teff_k", "%.0f", " K");
  star_row("log g", "logg_cgs", "%.2f", "");
  star_row("radius", "radius_sun", "%.2f", " R\u2609");
  star_row("mass", "mass_sun", "%.2f", " M\u2609");
  star_row("mag.", "magnitude", "%.2f", "");

  right.heading("Vetting");
  std::string flags;
  for (const auto& f : member(cand, "flags")) {
    if (f.is_string()) flags += (flags.empty() ? "" : ", ") + f.get<std::string>();
  }
  right.row("flags", flags.empty() ? "none" : flags, flags.empty() ? kBlack : kRed);
  right.row("odd-even", format("%.1f", number(cand, "odd_even_mismatch")) + " \u03c3");
  right.row("secondary", value_err(number(cand, "secondary_depth_ppm"),
                                   number(cand, "secondary_depth_err_ppm"), 0, " ppm"));
  if (member(cand, "phase_variability_sigma").is_number()) {
    right.row("orbit light", format("%.0f", number(cand, "phase_amplitude_ppm")) + " ppm, " +
                                 format("%.0f", number(cand, "phase_variability_sigma")) +
                                 " \u03c3; planet \u2264 " +
                                 format("%.0f", number(cand, "phase_amplitude_limit_ppm")));
  }
  const json& fv = member(fit, "vetting");
  if (fv.is_object()) {
    right.row("density",
              format("%.1f", number(fv, "density_mismatch_sigma")) + " \u03c3 from the star's");
    right.row("grazing", "P = " + format("%.2f", number(fv, "grazing_probability")));
  }

  right.heading("Verdict: main reasons");
  const json& reasons = member(cand, "explanation");
  if (!reasons.is_array() || reasons.empty()) right.line("no model scored it", kDarkGrey);
  size_t shown = 0;
  for (const auto& e : reasons) {
    if (shown++ == 5) break;
    const double c = number(e, "contribution");
    // A vetting rule names the tests that failed; a feature shows its value.
    const bool rule = e.contains("rule") && e["rule"].is_boolean() && e["rule"].get<bool>();
    right.row(
        format("%+.2f", c),
        text_of(e, "feature", "?") + (rule ? std::string(" failed")
                                           : " = " + (e.contains("value") && e["value"].is_number()
                                                          ? format("%.4g", e["value"].get<double>())
                                                          : std::string("missing"))),
        c >= 0 ? kGreen : kRed, 22);
  }
  // The user's own verdict, recorded beside the model's.
  const json& note = member(cand, "annotation");
  const std::string verdict = text_of(note, "verdict");
  if (!verdict.empty()) {
    const std::string text = text_of(note, "note");
    right.row("yours", verdict + (text.empty() ? "" : ": " + text));
  }
}

void draw_page(cairo_t* cr, const json& result, const json& plot, size_t index) {
  cairo_set_source_rgb(cr, 1, 1, 1);
  cairo_paint(cr);
  const json& cand = result["candidates"][index];
  const json& pcs = member(plot, "candidates");
  const json& pc = index < pcs.size() ? pcs[index] : json::object();
  const std::string system = text_of(member(result, "input"), "time_system", "");
  draw_header(cr, result, cand, index);
  draw_light_curve(cr, plot, index, system);
  draw_periodogram(cr, pc);
  draw_transit(cr, cand, pc);
  draw_folds(cr, cand, pc);
  draw_numbers(cr, result, cand);
  draw_text(cr, 28, 583, "exodetect one-page candidate report", 6, false, Align::kLeft, kGrey);
}

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

struct SurfaceDeleter {
  void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct ContextDeleter {
  void operator()(cairo_t* c) const { cairo_destroy(c); }
};

void check(cairo_status_t status, const char* what) {
  if (status != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error(std::string("cairo could not ") + what + ": " +
                             cairo_status_to_string(status));
  }
}

}  // namespace

ReportFormat report_format_from_string(const std::string& name) {
  if (name == "pdf") return ReportFormat::kPdf;
  if (name == "png") return ReportFormat::kPng;
  throw std::invalid_argument("report format '" + name + "' is not one of pdf, png");
}

const char* content_type(ReportFormat format) {
  return format == ReportFormat::kPdf ? "application/pdf" : "image/png";
}

const char* file_extension(ReportFormat format) {
  return format == ReportFormat::kPdf ? "pdf" : "png";
}

std::string candidate_report(const json& result, const json& plot_data, size_t index,
                             ReportFormat format) {
  if (!result.is_object() || !result.contains("candidates") || !result["candidates"].is_array() ||
      !plot_data.is_object()) {
    throw std::invalid_argument("not a search result with its plot data");
  }
  if (index >= result["candidates"].size()) {
    throw std::out_of_range("the search has " + std::to_string(result["candidates"].size()) +
                            " candidates; there is no candidate " + std::to_string(index));
  }
  std::string bytes;
  if (format == ReportFormat::kPdf) {
    std::unique_ptr<cairo_surface_t, SurfaceDeleter> surface(
        cairo_pdf_surface_create_for_stream(append, &bytes, kPageWidth, kPageHeight));
    check(cairo_surface_status(surface.get()), "start a PDF");
    {
      std::unique_ptr<cairo_t, ContextDeleter> cr(cairo_create(surface.get()));
      draw_page(cr.get(), result, plot_data, index);
      check(cairo_status(cr.get()), "draw the page");
    }
    cairo_surface_finish(surface.get());
    check(cairo_surface_status(surface.get()), "write the PDF");
    return bytes;
  }
  const double scale = kPngDpi / 72.0;
  std::unique_ptr<cairo_surface_t, SurfaceDeleter> surface(cairo_image_surface_create(
      CAIRO_FORMAT_RGB24, static_cast<int>(std::lround(kPageWidth * scale)),
      static_cast<int>(std::lround(kPageHeight * scale))));
  check(cairo_surface_status(surface.get()), "allocate the image");
  {
    std::unique_ptr<cairo_t, ContextDeleter> cr(cairo_create(surface.get()));
    cairo_scale(cr.get(), scale, scale);
    draw_page(cr.get(), result, plot_data, index);
    check(cairo_status(cr.get()), "draw the page");
  }
  check(cairo_surface_write_to_png_stream(surface.get(), append, &bytes), "write the PNG");
  return bytes;
}

}  // namespace exodetect::report
