#include "canvas.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "exodetect/common/constants.hpp"

namespace exodetect::report {

using common::kPi;

namespace {

// The family fontconfig resolves on any Debian with a sans font (fonts-dejavu-core).
constexpr const char* kFontFamily = "DejaVu Sans";
constexpr double kTickLength = 3.0;
constexpr double kAxisFontSize = 6.5;

void set_font(cairo_t* cr, double size, bool bold) {
  cairo_select_font_face(cr, kFontFamily, CAIRO_FONT_SLANT_NORMAL,
                         bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size(cr, size);
}

double text_width(cairo_t* cr, const std::string& text) {
  cairo_text_extents_t e;
  cairo_text_extents(cr, text.c_str(), &e);
  return e.x_advance;
}

void set_color(cairo_t* cr, const Rgb& c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

}  // namespace

double draw_text(cairo_t* cr, double x, double y, const std::string& text, double size, bool bold,
                 Align align, const Rgb& color) {
  set_font(cr, size, bold);
  const double w = text_width(cr, text);
  if (align == Align::kCenter) x -= w / 2;
  if (align == Align::kRight) x -= w;
  set_color(cr, color);
  cairo_move_to(cr, x, y);
  cairo_show_text(cr, text.c_str());
  return w;
}

std::string fit_text(cairo_t* cr, const std::string& text, double size, bool bold, double width) {
  set_font(cr, size, bold);
  if (text_width(cr, text) <= width) return text;
  std::string cut = text;
  // Drop whole UTF-8 characters (never a continuation byte alone) until the ellipsis fits.
  while (!cut.empty() && text_width(cr, cut + "\u2026") > width) {
    cut.pop_back();
    while (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0x80) cut.pop_back();
    if (!cut.empty() && (static_cast<unsigned char>(cut.back()) & 0xC0) == 0xC0) cut.pop_back();
  }
  return cut + "\u2026";
}

std::vector<double> nice_ticks(double lo, double hi, int target) {
  std::vector<double> ticks;
  if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi) || target < 1) return ticks;
  const double raw = (hi - lo) / target;
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  double step = power;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * power;
    if (step >= raw) break;
  }
  const auto first = static_cast<long long>(std::ceil(lo / step - 1e-9));
  const auto last = static_cast<long long>(std::floor(hi / step + 1e-9));
  for (long long i = first; i <= last; ++i) ticks.push_back(i == 0 ? 0.0 : i * step);
  return ticks;
}

std::string tick_label(double value, double step) {
  const int decimals =
      step > 0 ? std::clamp(static_cast<int>(std::ceil(-std::log10(step) - 1e-9)), 0, 8) : 0;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

std::pair<double, double> robust_limits(const std::vector<double>& v, double keep, double pad) {
  std::vector<double> finite;
  finite.reserve(v.size());
  for (double x : v) {
    if (std::isfinite(x)) finite.push_back(x);
  }
  if (finite.empty()) return {0.0, 1.0};
  std::sort(finite.begin(), finite.end());
  const double cut = (1.0 - keep) / 2.0;
  const auto at = [&](double f) {
    return finite[std::min(finite.size() - 1, static_cast<size_t>(f * finite.size()))];
  };
  double lo = at(cut), hi = at(1.0 - cut);
  if (!(hi > lo)) {
    const double half = std::max(std::abs(lo) * 1e-3, 1e-9);
    lo -= half;
    hi += half;
  }
  const double margin = (hi - lo) * pad;
  return {lo - margin, hi + margin};
}

Panel::Panel(cairo_t* cr, double x, double y, double width, double height, double x_lo, double x_hi,
             double y_lo, double y_hi)
    : cr_(cr),
      x_(x),
      y_(y),
      w_(width),
      h_(height),
      x_lo_(x_lo),
      x_hi_(x_hi),
      y_lo_(y_lo),
      y_hi_(y_hi) {
  // Limits from thin or odd documents (no points, NaN) fall back to a unit range: cairo must
  // never see a non-finite coordinate.
  for (auto [lo, hi] : {std::pair<double*, double*>{&x_lo_, &x_hi_}, {&y_lo_, &y_hi_}}) {
    if (!std::isfinite(*lo) || !std::isfinite(*hi)) *lo = 0, *hi = 1;
    if (!(*hi > *lo)) *hi = *lo + 1;
  }
}

double Panel::px(double x) const { return x_ + (x - x_lo_) / (x_hi_ - x_lo_) * w_; }
double Panel::py(double y) const { return y_ + h_ - (y - y_lo_) / (y_hi_ - y_lo_) * h_; }

void Panel::clip() const {
  cairo_rectangle(cr_, x_, y_, w_, h_);
  cairo_clip(cr_);
}

void Panel::axes(const std::string& title, const std::string& x_label, const std::string& y_label,
                 bool x_labels) const {
  cairo_save(cr_);
  cairo_set_line_width(cr_, 0.6);
  set_color(cr_, kBlack);
  cairo_rectangle(cr_, x_, y_, w_, h_);
  cairo_stroke(cr_);
  const auto xt = nice_ticks(x_lo_, x_hi_, std::max(2, static_cast<int>(w_ / 55)));
  const auto yt = nice_ticks(y_lo_, y_hi_, std::max(3, static_cast<int>(h_ / 22)));
  const double x_step = xt.size() > 1 ? xt[1] - xt[0] : 1;
  const double y_step = yt.size() > 1 ? yt[1] - yt[0] : 1;
  for (double t : xt) {
    const double p = px(t);
    cairo_move_to(cr_, p, y_ + h_);
    cairo_line_to(cr_, p, y_ + h_ - kTickLength);
    cairo_stroke(cr_);
    if (x_labels) {
      draw_text(cr_, p, y_ + h_ + 8, tick_label(t, x_step), kAxisFontSize, false, Align::kCenter);
    }
  }
  for (double t : yt) {
    const double p = py(t);
    cairo_move_to(cr_, x_, p);
    cairo_line_to(cr_, x_ + kTickLength, p);
    cairo_stroke(cr_);
    draw_text(cr_, x_ - 2.5, p + 2.2, tick_label(t, y_step), kAxisFontSize, false, Align::kRight);
  }
  if (!title.empty()) draw_text(cr_, x_, y_ - 3.5, title, 7.5, true);
  if (!x_label.empty()) {
    draw_text(cr_, x_ + w_ / 2, y_ + h_ + (x_labels ? 16.5 : 8), x_label, kAxisFontSize, false,
              Align::kCenter, kDarkGrey);
  }
  if (!y_label.empty()) {
    cairo_save(cr_);
    cairo_translate(cr_, x_ - 27, y_ + h_ / 2);
    cairo_rotate(cr_, -kPi / 2);
    draw_text(cr_, 0, 0, y_label, kAxisFontSize, false, Align::kCenter, kDarkGrey);
    cairo_restore(cr_);
  }
  cairo_restore(cr_);
}

void Panel::points(const std::vector<double>& x, const std::vector<double>& y, const Rgb& color,
                   double radius) const {
  cairo_save(cr_);
  clip();
  set_color(cr_, color);
  const size_t n = std::min(x.size(), y.size());
  for (size_t i = 0; i < n; ++i) {
    if (!std::isfinite(x[i]) || !std::isfinite(y[i])) continue;
    const double yy = std::clamp(y[i], y_lo_, y_hi_);
    cairo_new_sub_path(cr_);
    cairo_arc(cr_, px(x[i]), py(yy), radius, 0, 2 * kPi);
  }
  cairo_fill(cr_);
  cairo_restore(cr_);
}

void Panel::line(const std::vector<double>& x, const std::vector<double>& y, const Rgb& color,
                 double width) const {
  cairo_save(cr_);
  clip();
  set_color(cr_, color);
  cairo_set_line_width(cr_, width);
  cairo_set_line_join(cr_, CAIRO_LINE_JOIN_ROUND);
  bool drawing = false;
  const size_t n = std::min(x.size(), y.size());
  for (size_t i = 0; i < n; ++i) {
    if (!std::isfinite(x[i]) || !std::isfinite(y[i])) {
      drawing = false;
      continue;
    }
    if (drawing) {
      cairo_line_to(cr_, px(x[i]), py(y[i]));
    } else {
      cairo_move_to(cr_, px(x[i]), py(y[i]));
      drawing = true;
    }
  }
  cairo_stroke(cr_);
  cairo_restore(cr_);
}

void Panel::rule(double x0, double y0, double x1, double y1, const Rgb& color, bool dashed) const {
  cairo_save(cr_);
  set_color(cr_, color);
  cairo_set_line_width(cr_, 0.7);
  const double dash[] = {2.5, 2.0};
  if (dashed) cairo_set_dash(cr_, dash, 2, 0);
  cairo_move_to(cr_, x0, y0);
  cairo_line_to(cr_, x1, y1);
  cairo_stroke(cr_);
  cairo_restore(cr_);
}

void Panel::vertical(double x, const Rgb& color, bool dashed) const {
  if (std::isfinite(x) && x >= x_lo_ && x <= x_hi_) rule(px(x), y_, px(x), y_ + h_, color, dashed);
}

void Panel::horizontal(double y, const Rgb& color, bool dashed) const {
  if (std::isfinite(y) && y >= y_lo_ && y <= y_hi_) rule(x_, py(y), x_ + w_, py(y), color, dashed);
}

void Panel::note(const std::string& text) const {
  draw_text(cr_, x_ + w_ / 2, y_ + h_ / 2 + 3, text, 7.5, false, Align::kCenter, kDarkGrey);
}

}  // namespace exodetect::report
