// The one-page candidate report drawn from a real search: a one-page PDF, a PNG whose panels
// hold what they say (the transits marked, the fitted model over the folded bins), and clear
// errors for a candidate that does not exist or documents that are not a search's.
#include <cairo.h>
#include <gtest/gtest.h>

#include <memory>
#include <regex>
#include <string>

#include "exodetect/detect/pipeline.hpp"
#include "exodetect/fit/fit_json.hpp"
#include "exodetect/report/candidate_report.hpp"

namespace exodetect::report {

namespace {

using nlohmann::json;

// WASP-126 b's TESS sector 1 (P = 3.2888 d, data/SOURCES.md), searched and fitted once.
struct Searched {
  json result;
  json plot;
};

const Searched& wasp126() {
  static const Searched s = [] {
    detect::DetectOptions o;
    o.threads = 2;
    o.max_planets = 1;
    o.period_min_days = 2;
    o.period_max_days = 5;
    const auto lc = lightcurve::read_light_curve(
        std::string(EXODETECT_DATA_DIR) +
        "/lightcurves/hlsp_tess-data-alerts_tess_phot_00025155310-s01_tess_v1_lc.fits.gz");
    const auto report = detect::detect_planets(lc, o);
    json result = detect::report_to_json(report);
    fit::add_candidate_fits(report, result, fit::FitOptions{}, false);
    return Searched{result, detect::plot_data_json(report, 2000)};
  }();
  return s;
}

struct Image {
  std::unique_ptr<cairo_surface_t, void (*)(cairo_surface_t*)> surface{nullptr,
                                                                       cairo_surface_destroy};
  double scale = 0;  // pixels per point

  // Pixels in the page rectangle (points) for which `test(r, g, b)` holds.
  template <typename Test>
  size_t count(double x0, double y0, double x1, double y1, Test test) const {
    const int stride = cairo_image_surface_get_stride(surface.get());
    const unsigned char* data = cairo_image_surface_get_data(surface.get());
    size_t n = 0;
    for (int y = int(y0 * scale); y < int(y1 * scale); ++y) {
      for (int x = int(x0 * scale); x < int(x1 * scale); ++x) {
        const auto* px = reinterpret_cast<const uint32_t*>(data + y * stride) + x;
        const int r = (*px >> 16) & 0xff, g = (*px >> 8) & 0xff, b = *px & 0xff;
        if (test(r, g, b)) ++n;
      }
    }
    return n;
  }
};

Image decode_png(const std::string& bytes) {
  struct Reader {
    const std::string* bytes;
    size_t at = 0;
  } reader{&bytes};
  Image image;
  image.surface.reset(cairo_image_surface_create_from_png_stream(
      [](void* closure, unsigned char* data, unsigned int length) {
        auto* r = static_cast<Reader*>(closure);
        if (r->at + length > r->bytes->size()) return CAIRO_STATUS_READ_ERROR;
        std::copy_n(r->bytes->data() + r->at, length, data);
        r->at += length;
        return CAIRO_STATUS_SUCCESS;
      },
      &reader));
  EXPECT_EQ(cairo_surface_status(image.surface.get()), CAIRO_STATUS_SUCCESS);
  image.scale = cairo_image_surface_get_width(image.surface.get()) / 842.0;
  return image;
}

bool red(int r, int g, int b) { return r > 170 && g < 110 && b < 100; }
bool blue(int r, int g, int b) { return b > 150 && r < 90 && g < 140; }
bool grey(int r, int g, int b) { return r > 120 && r < 200 && std::abs(r - g) < 12 && b >= g; }
bool ink(int r, int g, int b) { return r + g + b < 200; }

TEST(CandidateReport, APdfOfOnePage) {
  const auto& s = wasp126();
  ASSERT_FALSE(s.result["candidates"].empty());
  ASSERT_TRUE(s.result["candidates"][0]["fit"]["converged"].get<bool>());
  const std::string pdf = candidate_report(s.result, s.plot, 0, ReportFormat::kPdf);
  EXPECT_EQ(pdf.rfind("%PDF-", 0), 0u);
  EXPECT_NE(pdf.find("%%EOF", pdf.size() - 16), std::string::npos);
  // One page object ("/Type /Page", not the "/Type /Pages" tree).
  const std::regex page(R"(/Type\s*/Page[^s])");
  EXPECT_EQ(
      std::distance(std::sregex_iterator(pdf.begin(), pdf.end(), page), std::sregex_iterator()), 1);
}

TEST(CandidateReport, APngWhosePanelsHoldWhatTheySay) {
  const auto& s = wasp126();
  const Image image = decode_png(candidate_report(s.result, s.plot, 0, ReportFormat::kPng));
  EXPECT_EQ(cairo_image_surface_get_width(image.surface.get()), 1754);  // A4 at 150 dpi
  EXPECT_EQ(cairo_image_surface_get_height(image.surface.get()), 1240);
  // The title and the numbers are written.
  EXPECT_GT(image.count(28, 20, 520, 40, ink), 500u);
  EXPECT_GT(image.count(512, 290, 814, 580, ink), 2000u);
  // The light curve: many points, the eight transits' points in red.
  EXPECT_GT(image.count(56, 86, 480, 182, grey), 2000u);
  EXPECT_GT(image.count(56, 86, 480, 182, red), 100u);
  // The folded transit: binned points in blue and the fitted model in red over them.
  EXPECT_GT(image.count(56, 330, 480, 480, blue), 300u);
  EXPECT_GT(image.count(56, 330, 480, 480, red), 300u);
  // Residuals of a good fit stay near zero: the bins lie in the panel's middle half.
  EXPECT_GT(image.count(56, 498, 480, 528, blue), 2 * image.count(56, 484, 480, 498, blue));
}

TEST(CandidateReport, WithoutAFitTheBoxModelIsDrawn) {
  auto result = wasp126().result;
  const Image fitted = decode_png(candidate_report(result, wasp126().plot, 0, ReportFormat::kPng));
  result["candidates"][0].erase("fit");
  const Image box = decode_png(candidate_report(result, wasp126().plot, 0, ReportFormat::kPng));
  // The box's walls are vertical: red in the columns of its edges from the baseline to the
  // bottom, where the fitted model's ingress and egress slope across several columns.
  const double half = result["candidates"][0]["duration_hours"].get<double>() / 2;
  const auto& model = wasp126().plot["candidates"][0]["folded"]["model"]["phase_hours"];
  const double window = -model[0].get<double>();
  for (double side : {-1.0, 1.0}) {
    const double x = 56 + 424 * (side * half + window) / (2 * window);
    EXPECT_GT(box.count(x - 1, 330, x + 1, 480, red), 2 * fitted.count(x - 1, 330, x + 1, 480, red))
        << "side " << side;
  }
}

TEST(CandidateReport, ThinDocumentsStillGiveAPage) {
  // A search with one candidate and no plot data for it: the page says what it lacks.
  const json result = {{"input", {{"target", "TIC 1"}}},
                       {"candidates", {{{"period", 1.5}, {"t0", 0.2}, {"depth_ppm", 500}}}}};
  const std::string pdf = candidate_report(result, json::object(), 0, ReportFormat::kPdf);
  EXPECT_EQ(pdf.rfind("%PDF-", 0), 0u);
  // Nulls and odd values where numbers belong (a periodogram of nulls, a fold of one point).
  const json plot = {{"series", {{"time", {nullptr, 1.0}}, {"detrended_flux", {1.0, nullptr}}}},
                     {"candidates",
                      {{{"periodogram", {{"period", {nullptr}}, {"sde", {nullptr}}}},
                        {"folded", {{"points", {{"phase_hours", {0.0}}, {"flux", {1e300}}}}}}}}}};
  EXPECT_EQ(candidate_report(result, plot, 0, ReportFormat::kPng).rfind("\x89PNG", 0), 0u);
}

TEST(CandidateReport, BadRequestsAreErrors) {
  const auto& s = wasp126();
  EXPECT_THROW(candidate_report(s.result, s.plot, 5, ReportFormat::kPdf), std::out_of_range);
  EXPECT_THROW(candidate_report(json::array(), s.plot, 0, ReportFormat::kPdf),
               std::invalid_argument);
  EXPECT_THROW(report_format_from_string("svg"), std::invalid_argument);
  EXPECT_EQ(report_format_from_string("png"), ReportFormat::kPng);
}

}  // namespace
}  // namespace exodetect::report
