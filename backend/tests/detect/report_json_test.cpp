// The report's plot data and full-resolution CSV on a long light curve, built directly (no
// search) so the sizes are those of a multi-year Kepler light curve.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "exodetect/common/csv.hpp"
#include "exodetect/detect/light_curve_csv.hpp"
#include "exodetect/detect/pipeline.hpp"
#include "exodetect/vetting/vetting.hpp"

namespace exodetect::detect {

using common::CsvTable;
using common::parse_csv;
using common::parse_number;
using lightcurve::Mission;
using vetting::transit_mask;
using vetting::TransitEphemeris;

namespace {

constexpr double kPeriodDays = 2.5;
constexpr double kDurationHours = 4.0;
constexpr double kDepth = 1000e-6;
constexpr double kNoise = 300e-6;

// Four years of Kepler-like 10-minute data with a 1000 ppm, 4 h box every 2.5 d: about 210,000
// points, 14,000 of them in transit, the report a search of it would give.
DetectionReport long_report() {
  DetectionReport r;
  auto& lc = r.light_curve;
  std::mt19937 rng(5);
  std::normal_distribution<double> gauss(0.0, kNoise);
  const TransitEphemeris eph{kPeriodDays, 131.7, kDurationHours / 24};
  for (double t = 131.5; t < 131.5 + 4 * 365.25; t += 10.0 / 1440) {
    lc.time.push_back(t);
    lc.flux.push_back(1.0 + gauss(rng));
    lc.flux_err.push_back(kNoise);
    lc.segment.push_back(static_cast<int>((t - 131.5) / 90));
  }
  const auto box = transit_mask(lc.time, eph);
  for (size_t i = 0; i < lc.size(); ++i) lc.flux[i] -= box[i] ? kDepth : 0.0;
  lc.target = "KIC 0000001";
  lc.source = "synthetic";
  lc.mission = Mission::kKepler;
  lc.time_system = "BKJD";
  lc.bjd_reference_days = 2454833.0;
  r.detrended.trend.assign(lc.size(), 1.0);
  r.detrended.flux = lc.flux;
  r.detrended.clipped.assign(lc.size(), 0);
  r.in_transit.assign(box.begin(), box.end());
  Candidate c;
  c.period = eph.period_days;
  c.t0 = eph.t0;
  c.duration_hours = kDurationHours;
  c.depth_ppm = kDepth * 1e6;
  r.candidates.push_back(c);
  return r;
}

double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return v.empty() ? NAN : s / v.size();
}

TEST(PlotData, EveryPlotOfALongLightCurveStaysWithinItsPointsAndKeepsTheTransit) {
  const DetectionReport r = long_report();
  const size_t in_transit = std::count(r.in_transit.begin(), r.in_transit.end(), 1);
  ASSERT_GT(in_transit, 10000u);  // more than any plot level in the box alone
  for (size_t max_points : {500u, 2000u, 8000u}) {
    SCOPED_TRACE(max_points);
    const nlohmann::json p = plot_data_json(r, max_points);
    const auto& s = p["series"];
    EXPECT_LE(s["time"].size(), max_points);
    EXPECT_GE(s["time"].size(), max_points - 1);
    // Spread over the whole light curve, not stopped where the budget ran out.
    EXPECT_DOUBLE_EQ(s["time"].front().get<double>(), r.light_curve.time.front());
    EXPECT_DOUBLE_EQ(s["time"].back().get<double>(), r.light_curve.time.back());

    const auto& c = p["candidates"][0];
    for (const char* window : {"folded", "odd", "even", "secondary"}) {
      SCOPED_TRACE(window);
      const auto& w = c[window];
      EXPECT_LE(w["points"]["phase_hours"].size(), max_points);
      EXPECT_LE(w["bins"]["phase_hours"].size(), max_points);
      EXPECT_GT(w["n_points"].get<size_t>(), max_points);
    }
    // The folded points reach both edges of the window (3 durations: 12 h), and the thinned
    // points still show the transit: in-box mean below the rest by the depth.
    const auto& pts = c["folded"]["points"];
    const auto phase = pts["phase_hours"].get<std::vector<double>>();
    const auto flux = pts["flux"].get<std::vector<double>>();
    EXPECT_LT(phase.front(), -11.8);  // within a cadence (10 min) of the edges
    EXPECT_GT(phase.back(), 11.8);
    std::vector<double> in_box, out_box;
    for (size_t i = 0; i < phase.size(); ++i) {
      (std::fabs(phase[i]) < 0.5 * kDurationHours ? in_box : out_box).push_back(flux[i]);
    }
    ASSERT_GE(in_box.size(), max_points / 4);
    const double depth = mean(out_box) - mean(in_box);
    EXPECT_NEAR(depth, kDepth, 5 * kNoise / std::sqrt(double(in_box.size())));
    // The bins (an eighth of the duration) draw the box: the deepest is inside it, at the depth.
    const auto bins = c["folded"]["bins"]["flux"].get<std::vector<double>>();
    const auto bin_phase = c["folded"]["bins"]["phase_hours"].get<std::vector<double>>();
    const size_t deepest = std::min_element(bins.begin(), bins.end()) - bins.begin();
    EXPECT_LT(std::fabs(bin_phase[deepest]), 0.5 * kDurationHours);
    EXPECT_NEAR(1.0 - bins[deepest], kDepth, 100e-6);
  }
}

TEST(PlotData, ShortSeriesAreSentWhole) {
  DetectionReport r = long_report();
  const size_t n = 3000;
  for (auto* v : {&r.light_curve.time, &r.light_curve.flux, &r.light_curve.flux_err,
                  &r.detrended.trend, &r.detrended.flux}) {
    v->resize(n);
  }
  r.light_curve.segment.resize(n);
  r.detrended.clipped.resize(n);
  r.in_transit.resize(n);
  const nlohmann::json p = plot_data_json(r, 8000);
  EXPECT_EQ(p["series"]["time"].size(), n);
  EXPECT_EQ(p["candidates"][0]["folded"]["points"]["phase_hours"].size(),
            p["candidates"][0]["folded"]["n_points"].get<size_t>());
}

TEST(LightCurveCsv, HoldsEveryPointWithUnitsAndReadsBack) {
  const DetectionReport r = long_report();
  const std::string csv = light_curve_csv(r);
  const CsvTable t = parse_csv(csv);
  ASSERT_EQ(t.rows.size(), r.light_curve.size());
  EXPECT_EQ(t.header,
            (std::vector<std::string>{"time", "flux", "flux_err", "segment", "trend",
                                      "detrended_flux", "clipped", "in_transit", "model_flux"}));
  const std::string comments = [&] {
    std::string all;
    for (const auto& c : t.comments) all += c + "\n";
    return all;
  }();
  EXPECT_NE(comments.find("BKJD = BJD_TDB - 2454833"), std::string::npos) << comments;
  EXPECT_NE(comments.find("relative flux (not ppm)"), std::string::npos) << comments;
  EXPECT_NE(comments.find("KIC 0000001"), std::string::npos) << comments;
  // Times read back exactly; fluxes to 10 significant digits.
  for (size_t i : {size_t(0), size_t(12345), r.light_curve.size() - 1}) {
    EXPECT_EQ(*parse_number(t.rows[i][0]), r.light_curve.time[i]);
    EXPECT_NEAR(*parse_number(t.rows[i][1]), r.light_curve.flux[i], 1e-9);
    EXPECT_EQ(*parse_number(t.rows[i][7]), r.in_transit[i]);
    EXPECT_DOUBLE_EQ(*parse_number(t.rows[i][8]), r.in_transit[i] ? 1.0 - kDepth : 1.0);
  }
}

TEST(LightCurveCsv, TextFromTheFileCannotAddLinesOrFormulas) {
  DetectionReport r = long_report();
  r.light_curve.target = "=HYPERLINK(\"x\")\ntime,flux\n1,2";
  r.light_curve.time_system = "BTJD";
  r.light_curve.bjd_reference_days = 2457000.0;
  const std::string csv = light_curve_csv(r);
  const CsvTable t = parse_csv(csv);
  EXPECT_EQ(t.rows.size(), r.light_curve.size());
  ASSERT_FALSE(t.comments.empty());
  EXPECT_NE(t.comments[0].find("'=HYPERLINK"), std::string::npos) << t.comments[0];
  EXPECT_NE(csv.find("BTJD = BJD_TDB - 2457000"), std::string::npos);
}

TEST(ReportJson, NamesTheMissionsObservingPeriods) {
  DetectionReport r;
  r.light_curve.observing_periods = {1, 2};
  for (const auto& [mission, key] :
       {std::pair{Mission::kTess, "sectors"}, std::pair{Mission::kKepler, "quarters"},
        std::pair{Mission::kK2, "campaigns"}}) {
    r.light_curve.mission = mission;
    const nlohmann::json input = report_to_json(r)["input"];
    EXPECT_EQ(input[key], nlohmann::json::array({1, 2})) << key;
  }
  r.light_curve.mission = Mission::kUnknown;
  const nlohmann::json input = report_to_json(r)["input"];
  EXPECT_FALSE(input.contains("sectors") || input.contains("quarters") ||
               input.contains("campaigns"));
}

}  // namespace
TEST(ReportJson, SaysHowTheTrendWasFitted) {
  DetectionReport r;
  r.search.detrend_degree = 2;
  r.search.detrend_window_days = 0.79;
  r.search.detrend_red_noise = 0.97;
  r.light_curve.notes = {"detrended with a biweight quadratic over 0.79 days"};
  const nlohmann::json j = report_to_json(r);
  EXPECT_EQ(j["search"]["detrend_degree"], 2);
  EXPECT_DOUBLE_EQ(j["search"]["detrend_window_days"].get<double>(), 0.79);
  EXPECT_DOUBLE_EQ(j["search"]["detrend_red_noise"].get<double>(), 0.97);
  EXPECT_EQ(j["input"]["notes"], nlohmann::json::array({r.light_curve.notes[0]}));
}

}  // namespace exodetect::detect
