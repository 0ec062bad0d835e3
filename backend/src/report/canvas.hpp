#pragma once
// Drawing on a cairo page for the candidate report: text, and plot panels that map data onto a
// rectangle of the page with labelled axes. Page units are PostScript points (1/72 inch), y
// downwards.

#include <cairo.h>

#include <string>
#include <vector>

namespace exodetect::report {

struct Rgb {
  double r = 0, g = 0, b = 0;
};

constexpr Rgb kBlack{0, 0, 0};
constexpr Rgb kGrey{0.62, 0.62, 0.66};
constexpr Rgb kDarkGrey{0.35, 0.35, 0.38};
constexpr Rgb kBlue{0.13, 0.35, 0.75};
constexpr Rgb kRed{0.82, 0.16, 0.12};
constexpr Rgb kOrange{0.90, 0.50, 0.05};
constexpr Rgb kGreen{0.10, 0.50, 0.20};

enum class Align { kLeft, kCenter, kRight };

// One line of text with its baseline at y; returns its width.
double draw_text(cairo_t* cr, double x, double y, const std::string& text, double size,
                 bool bold = false, Align align = Align::kLeft, const Rgb& color = kBlack);

// Text cut with an ellipsis to fit `width` points.
std::string fit_text(cairo_t* cr, const std::string& text, double size, bool bold, double width);

// Ticks at 1, 2 or 5 times a power of ten, about `target` of them inside [lo, hi].
std::vector<double> nice_ticks(double lo, double hi, int target);

// A tick's label with as many decimals as the tick step needs.
std::string tick_label(double value, double step);

// Limits that hold the central `keep` fraction of the finite values (outliers past them are
// drawn at the edge), widened by `pad` of the range on each side; {0, 1} without values.
std::pair<double, double> robust_limits(const std::vector<double>& v, double keep, double pad);

// A plot area: data limits mapped onto a rectangle of the page.
class Panel {
 public:
  Panel(cairo_t* cr, double x, double y, double width, double height, double x_lo, double x_hi,
        double y_lo, double y_hi);

  double px(double x) const;
  double py(double y) const;

  // Frame, ticks and labels; `x_labels` false leaves the x tick labels out (a panel below
  // shares the axis).
  void axes(const std::string& title, const std::string& x_label, const std::string& y_label,
            bool x_labels = true) const;
  // Points (filled circles of `radius` points), values outside the limits pinned to the edge.
  void points(const std::vector<double>& x, const std::vector<double>& y, const Rgb& color,
              double radius) const;
  // A polyline through the points in order, clipped to the panel; NaN breaks the line.
  void line(const std::vector<double>& x, const std::vector<double>& y, const Rgb& color,
            double width) const;
  void vertical(double x, const Rgb& color, bool dashed) const;
  void horizontal(double y, const Rgb& color, bool dashed) const;
  // A note in the panel's centre (an empty panel says why).
  void note(const std::string& text) const;

 private:
  void clip() const;
  // A straight line between two page points.
  void rule(double x0, double y0, double x1, double y1, const Rgb& color, bool dashed) const;

  cairo_t* cr_;
  double x_, y_, w_, h_;
  double x_lo_, x_hi_, y_lo_, y_hi_;
};

}  // namespace exodetect::report
