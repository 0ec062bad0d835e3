#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "exodetect/detect/pipeline.hpp"

namespace exodetect::detect {

using lightcurve::LightCurve;
using search::kMaxTrialDurations;

namespace {

struct Injected {
  double period_days, t0, duration_days, depth;
};

// 27 days at 20-minute cadence with white noise and a slow trend, like one TESS sector.
LightCurve synthetic(const std::vector<Injected>& planets, double noise, unsigned seed = 11) {
  LightCurve lc;
  std::mt19937 rng(seed);
  std::normal_distribution<double> gauss(0.0, noise);
  for (double t = 1000.0; t < 1027.0; t += 1.0 / 72) {
    double f = 1.0 + 0.002 * std::sin(t / 4.0) + gauss(rng);
    for (const auto& p : planets) {
      if (std::fabs(std::remainder(t - p.t0, p.period_days)) < 0.5 * p.duration_days) {
        f -= p.depth;
      }
    }
    lc.time.push_back(t);
    lc.flux.push_back(f);
    lc.flux_err.push_back(noise);
  }
  lc.source = "synthetic";
  lc.target = "synthetic star";
  lc.time_system = "BTJD";
  lc.bjd_reference_days = 2457000.0;
  lc.n_points_raw = lc.size();
  return lc;
}

DetectOptions fast_options() {
  DetectOptions o;
  o.threads = 2;
  o.durations_hours = {1, 2, 3, 4};
  return o;
}

TEST(DetectPlanets, FindsTwoPlanetsInOrderAndNoHarmonics) {
  const Injected a{3.7, 1000.9, 2.5 / 24, 3000e-6};
  const Injected b{5.9, 1002.2, 3.0 / 24, 1500e-6};
  LightCurve lc = synthetic({a, b}, 500e-6);
  std::vector<std::string> stages;
  DetectionReport r = detect_planets(lc, fast_options(), [&](double f, const std::string& s) {
    EXPECT_GE(f, 0.0);
    EXPECT_LE(f, 1.0);
    if (stages.empty() || stages.back() != s) stages.push_back(s);
  });
  ASSERT_EQ(r.candidates.size(), 2u);
  EXPECT_GE(r.candidates[0].sde, r.candidates[1].sde);
  // The second search (with the first planet masked) can have the cleaner periodogram.
  const size_t ia = std::fabs(r.candidates[0].period - a.period_days) < 0.1 ? 0 : 1;
  const Candidate& first = r.candidates[ia];
  const Candidate& second = r.candidates[1 - ia];
  EXPECT_NEAR(first.period, a.period_days, 1e-3 * a.period_days);
  EXPECT_NEAR(second.period, b.period_days, 1e-3 * b.period_days);
  EXPECT_NEAR(first.depth_ppm, 3000, 0.2 * 3000);
  EXPECT_NEAR(second.depth_ppm, 1500, 0.2 * 1500);
  EXPECT_NEAR(first.duration_hours, 2.5, 0.8);
  // t0 is the first transit in the data, in the input time system and in BJD.
  EXPECT_NEAR(first.t0, a.t0, 0.02);
  ASSERT_TRUE(first.t0_bjd.has_value());
  EXPECT_NEAR(*first.t0_bjd, a.t0 + 2457000.0, 0.02);
  EXPECT_EQ(first.transit_count, 8);  // 1000.9 + k * 3.7 up to 1026.8
  EXPECT_EQ(first.transits_with_data, 8);
  EXPECT_EQ(first.per_transit_depth_ppm.size(), 8u);
  EXPECT_GT(first.snr, 20.0);
  EXPECT_GT(first.period_err, 0.0);
  EXPECT_LT(first.period_err, 0.05);
  EXPECT_LT(first.odd_even_mismatch, 3.0);
  EXPECT_TRUE(first.flags.empty()) << first.flags.front();
  EXPECT_FALSE(first.periodogram.period_days.empty());
  EXPECT_EQ(first.sde_spectrum.size(), first.periodogram.power.size());

  // In-transit points are labelled with 1 + candidate index.
  size_t in_a = std::count(r.in_transit.begin(), r.in_transit.end(), 1 + ia);
  size_t in_b = std::count(r.in_transit.begin(), r.in_transit.end(), 2 - ia);
  EXPECT_NEAR(static_cast<double>(in_a), 8 * 2.5 * 3, 6);  // 3 points per hour
  EXPECT_NEAR(static_cast<double>(in_b), 5 * 3.0 * 3, 6);
  for (const char* key : {"detrend", "search", "vetting", "total"}) {
    EXPECT_TRUE(r.timing_ms.count(key)) << key;
  }
  EXPECT_NE(std::find(stages.begin(), stages.end(), "searching for planet 1"), stages.end());
  EXPECT_EQ(stages.back(), "done");
}

TEST(DetectPlanets, PureNoiseGivesNoCleanCandidate) {
  LightCurve lc = synthetic({}, 500e-6, 5);
  DetectionReport r = detect_planets(lc, fast_options());
  for (const auto& c : r.candidates) EXPECT_FALSE(c.flags.empty()) << c.period;
}

TEST(DetectPlanets, AutomaticSnrThresholdGrowsWithTrialsAndCanBeOverridden) {
  EXPECT_NEAR(auto_snr_threshold(2699), 6.39, 0.01);    // a TESS sector
  EXPECT_NEAR(auto_snr_threshold(182570), 7.32, 0.01);  // four Kepler years
  // Extreme-value growth: linear in sqrt(ln N).
  EXPECT_NEAR(auto_snr_threshold(200000) - auto_snr_threshold(2000),
              1.40 * (std::sqrt(std::log(200000.0)) - std::sqrt(std::log(2000.0))), 1e-9);
  LightCurve lc = synthetic({}, 500e-6, 5);
  DetectionReport r = detect_planets(lc, fast_options());
  EXPECT_DOUBLE_EQ(r.search.snr_min, auto_snr_threshold(r.search.n_periods));
  EXPECT_DOUBLE_EQ(r.search.sde_min, kDefaultSdeMin);
  DetectOptions o = fast_options();
  o.sde_min = 7.5;
  o.snr_min = 9.0;
  EXPECT_DOUBLE_EQ(detect_planets(lc, o).search.sde_min, 7.5);
  EXPECT_DOUBLE_EQ(detect_planets(lc, o).search.snr_min, 9.0);
}

TEST(DetectPlanets, DetrendingWindowDefaultsToThreeLongestDurationsAndCanBeSet) {
  LightCurve lc = synthetic({}, 500e-6, 5);
  DetectOptions o = fast_options();  // longest trial duration 4 h
  EXPECT_NEAR(validate_search(lc, o).detrend_window_days, kDetrendWindowPerDuration * 4 / 24,
              1e-12);
  o.detrend_window_days = 1.25;
  EXPECT_DOUBLE_EQ(validate_search(lc, o).detrend_window_days, 1.25);
  // A window no longer than a transit follows the transit: refused, naming both.
  o.detrend_window_days = 0.15;
  try {
    validate_search(lc, o);
    ADD_FAILURE() << "a 3.6-hour window with 4-hour durations was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("detrending window (0.15 d)"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("(4 h)"), std::string::npos) << e.what();
  }
}

TEST(DetectPlanets, DefaultLongestPeriodIsCapped) {
  // 300 days of data: half the span would be 150 d; the default stops at 100 d.
  LightCurve lc;
  for (double t = 0; t < 300; t += 0.02) {
    lc.time.push_back(t);
    lc.flux.push_back(1.0 + 1e-4 * std::sin(7.0 * t));
  }
  DetectOptions o = fast_options();
  o.max_planets = 1;
  EXPECT_NEAR(detect_planets(lc, o).search.period_max_days, kDefaultPeriodMaxDays, 1e-6);
  o.period_max_days = 140;
  EXPECT_GT(detect_planets(lc, o).search.period_max_days, 120);
}

TEST(DetectPlanets, EclipsingBinaryFlagged) {
  // Primary 2%, secondary 0.8% at phase 0.5.
  const Injected primary{4.0, 1001.0, 3.0 / 24, 0.02};
  const Injected secondary{4.0, 1003.0, 3.0 / 24, 0.008};
  LightCurve lc = synthetic({primary, secondary}, 1e-3);
  DetectOptions o = fast_options();
  o.max_planets = 1;
  DetectionReport r = detect_planets(lc, o);
  ASSERT_FALSE(r.candidates.empty());
  const auto& flags = r.candidates[0].flags;
  bool flagged = std::count(flags.begin(), flags.end(), "secondary") +
                     std::count(flags.begin(), flags.end(), "odd_even") >
                 0;
  EXPECT_TRUE(flagged) << "period " << r.candidates[0].period;
}

TEST(DetectPlanets, RejectsUnsearchableInput) {
  LightCurve tiny = synthetic({}, 1e-3);
  tiny.time.resize(20);
  tiny.flux.resize(20);
  tiny.flux_err.resize(20);
  EXPECT_THROW(detect_planets(tiny, fast_options()), std::invalid_argument);

  LightCurve lc = synthetic({}, 1e-3);
  DetectOptions too_long = fast_options();
  too_long.period_min_days = 20;  // half the 27-day span is the longest period
  EXPECT_THROW(detect_planets(lc, too_long), std::invalid_argument);

  DetectOptions bad_durations = fast_options();
  bad_durations.durations_hours = {0.0};
  EXPECT_THROW(detect_planets(lc, bad_durations), std::invalid_argument);

  LightCurve unsorted = lc;
  std::swap(unsorted.time[10], unsorted.time[11]);
  EXPECT_THROW(detect_planets(unsorted, fast_options()), std::invalid_argument);

  LightCurve nan = lc;
  nan.flux[5] = std::nan("");
  EXPECT_THROW(detect_planets(nan, fast_options()), std::invalid_argument);
}

TEST(ReportJson, HasTheDocumentedFieldsAndNoNaN) {
  LightCurve lc = synthetic({{3.7, 1000.9, 2.5 / 24, 3000e-6}}, 500e-6);
  DetectOptions o = fast_options();
  o.max_planets = 1;
  DetectionReport r = detect_planets(lc, o);
  ASSERT_EQ(r.candidates.size(), 1u);
  r.candidates[0].per_transit_depth_ppm[0] = std::nan("");  // a transit without data
  nlohmann::json j = report_to_json(r);
  for (const char* key :
       {"file", "mission", "target", "time_system", "n_points", "n_used", "span_days", "stellar"}) {
    EXPECT_TRUE(j["input"].contains(key)) << key;
  }
  EXPECT_EQ(j["input"]["time_system"], "BTJD");
  EXPECT_TRUE(j["input"]["stellar"]["radius_sun"].is_null());
  const auto& c = j["candidates"][0];
  for (const char* key : {"period",
                          "period_err",
                          "t0",
                          "t0_err",
                          "t0_bjd",
                          "duration_hours",
                          "duration_err_hours",
                          "depth_ppm",
                          "depth_err_ppm",
                          "snr",
                          "sde",
                          "transit_count",
                          "transits_with_data",
                          "per_transit_depth_ppm",
                          "odd_even_mismatch",
                          "secondary_depth_ppm",
                          "secondary_snr",
                          "sine_box_loglike_diff",
                          "rp_rs",
                          "planet_radius_earth",
                          "flags"}) {
    EXPECT_TRUE(c.contains(key)) << key;
  }
  EXPECT_TRUE(c["per_transit_depth_ppm"][0].is_null());
  EXPECT_TRUE(c["planet_radius_earth"].is_null());  // no stellar radius
  EXPECT_NEAR(c["rp_rs"].get<double>(), std::sqrt(c["depth_ppm"].get<double>() * 1e-6), 1e-9);
  EXPECT_TRUE(j["timing_ms"].contains("total"));
  // Serialisable as strict JSON (NaN would make dump() emit null, parse() must accept it).
  EXPECT_NO_THROW(nlohmann::json::parse(j.dump()));
}

TEST(ReportedErrors, DescribeTheScatterOverNoiseDraws) {
  // The same planet in 40 noise draws: T0 and period off the periodogram's grids, each reported
  // 1-sigma within a factor of 2 of how far they land from the truth.
  constexpr double kPeriod = 3.7, kT0 = 1000.9;
  std::vector<double> t0_offsets, t0_errors, period_offsets, period_errors;
  DetectOptions o = fast_options();
  o.max_planets = 1;
  for (unsigned seed = 1; seed <= 40; ++seed) {
    const DetectionReport r =
        detect_planets(synthetic({{kPeriod, kT0, 2.5 / 24, 2000e-6}}, 800e-6, seed), o);
    ASSERT_FALSE(r.candidates.empty()) << seed;
    const Candidate& c = r.candidates[0];
    ASSERT_NEAR(c.period, kPeriod, 0.02) << seed;
    ASSERT_TRUE(c.t0_err.has_value()) << seed;
    ASSERT_TRUE(c.duration_err_hours.has_value()) << seed;
    EXPECT_GT(*c.duration_err_hours, 0.0);
    t0_offsets.push_back(std::remainder(c.t0 - kT0, kPeriod));
    t0_errors.push_back(*c.t0_err);
    period_offsets.push_back(c.period - kPeriod);
    period_errors.push_back(c.period_err);
  }
  auto rms = [](const std::vector<double>& v) {
    double sum_sq = 0;
    for (double d : v) sum_sq += d * d;
    return std::sqrt(sum_sq / v.size());
  };
  auto median_of = [](std::vector<double> v) {
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    return v[v.size() / 2];
  };
  EXPECT_GT(median_of(t0_errors), 0.5 * rms(t0_offsets)) << rms(t0_offsets) * 1440 << " min";
  EXPECT_LT(median_of(t0_errors), 2.0 * rms(t0_offsets)) << rms(t0_offsets) * 1440 << " min";
  EXPECT_GT(median_of(period_errors), 0.5 * rms(period_offsets)) << rms(period_offsets);
  EXPECT_LT(median_of(period_errors), 2.0 * rms(period_offsets)) << rms(period_offsets);
}

TEST(PlotData, DownsamplesButKeepsEveryInTransitPoint) {
  LightCurve lc = synthetic({{3.7, 1000.9, 2.5 / 24, 3000e-6}}, 500e-6);
  DetectOptions o = fast_options();
  o.max_planets = 1;
  DetectionReport r = detect_planets(lc, o);
  ASSERT_EQ(r.candidates.size(), 1u);
  const size_t max_points = 300;
  nlohmann::json p = plot_data_json(r, max_points);
  const auto& s = p["series"];
  size_t n = s["time"].size();
  EXPECT_LT(n, 2 * max_points);
  EXPECT_GT(n, max_points / 2);
  for (const char* key : {"flux", "trend", "detrended_flux", "clipped", "in_transit"}) {
    EXPECT_EQ(s[key].size(), n) << key;
  }
  size_t in_transit_total = std::count(r.in_transit.begin(), r.in_transit.end(), 1);
  size_t in_transit_kept = 0;
  for (const auto& v : s["in_transit"]) in_transit_kept += v.get<int>() == 1 ? 1 : 0;
  EXPECT_EQ(in_transit_kept, in_transit_total);
  for (size_t i = 1; i < n; ++i) EXPECT_LT(s["time"][i - 1], s["time"][i]);

  const auto& c = p["candidates"][0];
  const auto& pg = c["periodogram"];
  EXPECT_LE(pg["period"].size(), max_points);
  // The periodogram's highest point survives the downsampling.
  double best = *std::max_element(r.candidates[0].periodogram.power.begin(),
                                  r.candidates[0].periodogram.power.end());
  double kept_best = 0;
  for (const auto& v : pg["power"]) kept_best = std::max(kept_best, v.get<double>());
  EXPECT_DOUBLE_EQ(kept_best, best);
  EXPECT_NEAR(c["markers"]["half"].get<double>(), r.candidates[0].period / 2, 1e-12);
  EXPECT_NEAR(c["markers"]["triple"].get<double>(), r.candidates[0].period * 3, 1e-12);
  for (const char* window : {"folded", "odd", "even", "secondary"}) {
    ASSERT_TRUE(c.contains(window)) << window;
    EXPECT_FALSE(c[window]["bins"]["flux"].empty()) << window;
    EXPECT_EQ(c[window]["model"]["flux"].size(), 6u);
  }
  // Folded phases in hours, centred on mid-transit: the lowest bin sits inside the box.
  const auto& bins = c["folded"]["bins"];
  size_t lowest = 0;
  for (size_t i = 1; i < bins["flux"].size(); ++i) {
    if (bins["flux"][i].get<double>() < bins["flux"][lowest].get<double>()) lowest = i;
  }
  EXPECT_LT(std::fabs(bins["phase_hours"][lowest].get<double>()), 1.25);
}

}  // namespace
}  // namespace exodetect::detect

namespace exodetect::detect {
namespace {

// The search's cost is bounded before it starts: too many durations, or too many trial
// periods x durations for the span, are refused with a message (the CLI's error, the API's
// 400); the defaults of a long light curve stay inside.
TEST(DetectPlanets, SearchSizeIsBounded) {
  LightCurve lc;
  for (int i = 0; i < 400; ++i) {
    lc.time.push_back(5.0 * i);
    lc.flux.push_back(1.0 + 1e-4 * (i % 3));
    lc.flux_err.push_back(1e-3);
  }
  DetectOptions o;
  EXPECT_NO_THROW(validate_search(lc, o));
  o.durations_hours.assign(kMaxTrialDurations + 1, 1.0);
  EXPECT_THROW(validate_search(lc, o), std::invalid_argument);
  o.durations_hours.clear();
  for (size_t k = 0; k < kMaxTrialDurations; ++k) o.durations_hours.push_back(1.0 + 0.1 * k);
  o.period_max_days = 900;
  try {
    validate_search(lc, o);
    ADD_FAILURE() << "a search of ~2000 days to 900-day periods with 64 durations ran";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("period-duration pairs"), std::string::npos) << e.what();
  }
}

// A span of millions of days (times in seconds, one stray time stamp) or an extreme stellar
// density asks for more trial periods than memory holds: the search is refused by its size
// before the grid is built, with the same message as any search too large.
TEST(DetectPlanets, SearchSizeIsCheckedBeforeTheGridIsBuilt) {
  auto refused = [](const LightCurve& lc, const DetectOptions& o) {
    try {
      validate_search(lc, o);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("not refused");
  };
  LightCurve lc;
  for (int i = 0; i < 400; ++i) {
    lc.time.push_back(1500.0 + 0.05 * i);
    lc.flux.push_back(1.0 + 1e-4 * (i % 3));
    lc.flux_err.push_back(1e-3);
  }
  DetectOptions o;
  lc.time.back() = 1e18;  // a stray time stamp: a grid of ~1e19 periods
  EXPECT_NE(refused(lc, o).find("period-duration pairs"), std::string::npos) << refused(lc, o);
  for (double& t : lc.time) t *= 86400.0;  // seconds
  lc.time.back() = lc.time[lc.size() - 2] + 4320.0;
  EXPECT_NE(refused(lc, o).find("check that the times are in days"), std::string::npos)
      << refused(lc, o);
  for (double& t : lc.time) t /= 86400.0;
  o.stellar_density_cgs = 1e30;  // ~1e12 periods
  EXPECT_NE(refused(lc, o).find("period-duration pairs"), std::string::npos) << refused(lc, o);
  o.stellar_density_cgs = 1e-320;  // no finite step
  EXPECT_NE(refused(lc, o).find("stellar density"), std::string::npos) << refused(lc, o);
}

}  // namespace
}  // namespace exodetect::detect
