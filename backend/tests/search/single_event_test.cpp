#include "exodetect/search/single_event.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

namespace exodetect::search {

namespace {

constexpr double kTessCadenceDays = 2.0 / 1440;
constexpr double kStart = 1000.0;

struct Series {
  std::vector<double> time, flux;
};

// A 27-day TESS-like sector of white noise (relative flux) and, optionally, red noise: an AR(1)
// process of `red` rms and `red_tau_days` correlation time.
Series sector(unsigned seed, double white, double red = 0, double red_tau_days = 0) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> gauss(0.0, 1.0);
  const double keep = red_tau_days > 0 ? std::exp(-kTessCadenceDays / red_tau_days) : 0;
  double ar = 0;
  Series s;
  for (double t = kStart; t < kStart + 27; t += kTessCadenceDays) {
    ar = keep * ar + std::sqrt(1 - keep * keep) * red * gauss(rng);
    s.time.push_back(t);
    s.flux.push_back(1 + white * gauss(rng) + ar);
  }
  return s;
}

void add_box(Series& s, double t0, double width, double depth) {
  for (size_t i = 0; i < s.time.size(); ++i) {
    if (std::abs(s.time[i] - t0) < 0.5 * width) s.flux[i] -= depth;
  }
}

// The default-like widths: 0.5 to 16 hours, 1.3 apart.
SingleEventOptions widths() {
  SingleEventOptions o;
  for (double h = 0.5; h <= 16; h *= 1.3) o.durations_hours.push_back(h);
  return o;
}

}  // namespace

TEST(SingleEventThreshold, IsTheGaussianTailOfOnePercentOverTheTrials) {
  EXPECT_NEAR(single_event_snr_threshold(1), 2.3263, 1e-3);    // Q(x) = 0.01
  EXPECT_NEAR(single_event_snr_threshold(1e4), 4.7534, 1e-3);  // Q(x) = 1e-6
  EXPECT_NEAR(single_event_independent_boxes(27, {6, 12}), 27 * 4 + 27 * 2, 1e-9);
  EXPECT_EQ(single_event_independent_boxes(1, {12}), 0);  // a width over a third of the span
}

TEST(SingleEvents, AWhiteNoiseTransitIsFoundWithItsTimeDepthAndWidth) {
  Series s = sector(1, 1e-3);
  // 8 hours hold 240 two-minute points: a white error of 64.5 ppm, so 968 ppm is SNR 15.
  add_box(s, 1013.3, 8.0 / 24, 968e-6);
  const auto events = find_single_events(s.time, s.flux, widths());
  ASSERT_EQ(events.size(), 1u);
  const SingleEvent& e = events[0];
  EXPECT_NEAR(e.t0, 1013.3, 0.1);
  EXPECT_NEAR(e.duration_hours, 8, 2.5);
  EXPECT_NEAR(e.depth_ppm, 968, 200);
  EXPECT_GT(e.snr, 10);
  EXPECT_NEAR(e.red_noise_factor, 1, 0.15);
  EXPECT_GT(e.n_points, 150);
  // Continuous data: no period under the longer stretch of data beside the event.
  EXPECT_NEAR(e.period_min_days, 13.7, 0.3);
  EXPECT_FALSE(e.period_from_duration_days.has_value());
}

TEST(SingleEvents, ASunLikeStarGivesTheCentralTransitsPeriod) {
  Series s = sector(2, 1e-3);
  add_box(s, 1010, 8.0 / 24, 1500e-6);
  SingleEventOptions o = widths();
  o.stellar_density_cgs = 1.41;
  const auto events = find_single_events(s.time, s.flux, o);
  ASSERT_EQ(events.size(), 1u);
  ASSERT_TRUE(events[0].period_from_duration_days.has_value());
  // P = pi^2 G rho T^3 / 3: the Sun's 13-hour central transit is the Earth's year, so 8 hours
  // is (8/13)^3 of it (the best box is within a grid step of 8 hours, P goes as its cube).
  const double year_at_8h = 365.25 * std::pow(8.0 / 13.0, 3);
  const double t = events[0].duration_hours / 8.0;
  EXPECT_NEAR(*events[0].period_from_duration_days / (t * t * t), year_at_8h, 0.15 * year_at_8h);
}

TEST(SingleEvents, RedNoiseRaisesTheErrorInsteadOfMakingEvents) {
  // Correlated noise of 500 ppm over an hour: an 8-hour box's mean scatters by about 250 ppm,
  // eight times its white-noise error.
  int false_events = 0;
  for (unsigned seed = 10; seed < 15; ++seed) {
    const Series noise = sector(seed, 5e-4, 5e-4, 1.0 / 24);
    false_events += static_cast<int>(find_single_events(noise.time, noise.flux, widths()).size());
  }
  EXPECT_LE(false_events, 1);
  Series s = sector(10, 5e-4, 5e-4, 1.0 / 24);
  add_box(s, 1020, 8.0 / 24, 4000e-6);
  const auto events = find_single_events(s.time, s.flux, widths());
  ASSERT_GE(events.size(), 1u);
  EXPECT_NEAR(events[0].t0, 1020, 0.1);
  EXPECT_GT(events[0].red_noise_factor, 3);
  EXPECT_GT(events[0].snr, 8);
}

TEST(SingleEvents, PureWhiteNoiseGivesNoneAtOnePercent) {
  int with_events = 0;
  for (unsigned seed = 100; seed < 120; ++seed) {
    const Series s = sector(seed, 1e-3);
    if (!find_single_events(s.time, s.flux, widths()).empty()) ++with_events;
  }
  EXPECT_LE(with_events, 1);
}

TEST(SingleEvents, AFewLowOutliersAreNotAnEvent) {
  Series s = sector(3, 1e-3);
  // Four consecutive points 30 sigma low (a cosmic ray's recovery, a momentum dump): a
  // half-hour box's mean falls by 8 sigma, its median by nothing.
  for (size_t i = 9000; i < 9004; ++i) s.flux[i] -= 0.03;
  EXPECT_TRUE(find_single_events(s.time, s.flux, widths()).empty());
}

TEST(SingleEvents, ARampAfterAGapIsNotAnEvent) {
  Series s = sector(4, 1e-3);
  Series cut;
  for (size_t i = 0; i < s.time.size(); ++i) {
    const double t = s.time[i];
    if (t > 1013 && t < 1014) continue;  // a day's gap (the orbit's data download)
    double f = s.flux[i];
    // The spacecraft settling thermally: 3000 ppm low, recovering in 0.2 days.
    if (t >= 1014) f -= 3e-3 * std::exp(-(t - 1014) / 0.2);
    cut.time.push_back(t);
    cut.flux.push_back(f);
  }
  EXPECT_TRUE(find_single_events(cut.time, cut.flux, widths()).empty());
}

TEST(SingleEvents, ADipLongerThanAnyTransitIsNotOne) {
  Series s = sector(5, 1e-3);
  add_box(s, 1012, 3.0, 5e-3);  // three days at 0.5%: Boyajian's star, not a transit
  EXPECT_TRUE(find_single_events(s.time, s.flux, widths()).empty());
}

TEST(SingleEvents, EachDipOnceStrongestFirst) {
  Series s = sector(6, 1e-3);
  add_box(s, 1005, 6.0 / 24, 1500e-6);
  add_box(s, 1020, 10.0 / 24, 3000e-6);
  const auto events = find_single_events(s.time, s.flux, widths());
  ASSERT_EQ(events.size(), 2u);
  EXPECT_NEAR(events[0].t0, 1020, 0.15);
  EXPECT_NEAR(events[1].t0, 1005, 0.1);
  SingleEventOptions one = widths();
  one.max_events = 1;
  EXPECT_EQ(find_single_events(s.time, s.flux, one).size(), 1u);
}

TEST(SingleEvents, ABoxAroundAMissingStretchIsNotADip) {
  // An eclipse whose middle two hours were masked (another signal's transit), its 3000-ppm
  // wings left: boxes around the hole hold only the wings.
  const Series s = sector(7, 1e-3);
  Series cut;
  for (size_t i = 0; i < s.time.size(); ++i) {
    const double from_middle_hours = std::abs(s.time[i] - 1010) * 24;
    if (from_middle_hours < 1) continue;
    cut.time.push_back(s.time[i]);
    cut.flux.push_back(s.flux[i] - (from_middle_hours < 2 ? 3e-3 : 0));
  }
  EXPECT_TRUE(find_single_events(cut.time, cut.flux, widths()).empty());
}

TEST(SingleEventRecurrence, ADipRepeatingAtAKnownPeriodIsNotSingle) {
  Series s = sector(8, 1e-3);
  for (double t : {1005.0, 1010.0, 1015.0, 1020.0}) add_box(s, t, 3.0 / 24, 1500e-6);
  SingleEvent e;
  e.t0 = 1010;
  e.duration_hours = 3;
  EXPECT_TRUE(recurs_at_period(s.time, s.flux, e, 5.0));
  EXPECT_FALSE(recurs_at_period(s.time, s.flux, e, 7.3));
  // Red noise raises the bar: the same dips, counted against eight times the white error.
  e.red_noise_factor = 8;
  EXPECT_FALSE(recurs_at_period(s.time, s.flux, e, 5.0));
}

// Two transits of different bodies that a weak candidate's period happens to line up (Kepler-90
// d and e at a 19.8-day candidate's period): the other epochs show nothing, so the dip does
// not repeat. With two other epochs holding the dip, it does.
TEST(SingleEventRecurrence, AnotherTransitLinedUpIsNotARepeat) {
  Series s = sector(8, 1e-3);
  for (double t : {1005.0, 1015.0}) add_box(s, t, 3.0 / 24, 1500e-6);
  SingleEvent e;
  e.t0 = 1005;
  e.duration_hours = 3;
  EXPECT_FALSE(recurs_at_period(s.time, s.flux, e, 5.0));   // 1010, 1020 and 1025 are flat
  EXPECT_FALSE(recurs_at_period(s.time, s.flux, e, 10.0));  // 1015 alone among 1015 and 1025
  add_box(s, 1025.0, 3.0 / 24, 1500e-6);
  EXPECT_TRUE(recurs_at_period(s.time, s.flux, e, 10.0));
}

TEST(SingleEvents, ADipRecurringAtAKnownPeriodIsNotReported) {
  Series s = sector(8, 1e-3);
  for (double t : {1005.0, 1010.0, 1015.0, 1020.0}) add_box(s, t, 3.0 / 24, 1500e-6);
  SingleEventOptions o = widths();
  EXPECT_EQ(find_single_events(s.time, s.flux, o).size(), 3u);  // four dips, at most three
  o.known_periods_days = {7.3};
  EXPECT_EQ(find_single_events(s.time, s.flux, o).size(), 3u);
  o.known_periods_days = {7.3, 5.0};
  EXPECT_TRUE(find_single_events(s.time, s.flux, o).empty());
}

TEST(SingleEventPeriodMin, OtherTransitsMayHideInAGap) {
  // Data on days 0-10 and 20-30, an event at day 5 of 0.2 days: from a period of 12.5 days its
  // next transit falls in the gap and the one after it past the end (at 5 to 7.5 days the third
  // lands on the data).
  std::vector<double> t;
  for (double x = 0; x < 10; x += 0.01) t.push_back(x);
  for (double x = 20; x < 30; x += 0.01) t.push_back(x);
  const double p = single_event_period_min(t, 5, 0.2);
  EXPECT_NEAR(p, 12.5, 0.15);
  // Without the gap, the period must reach past the end of the data.
  std::vector<double> full;
  for (double x = 0; x < 30; x += 0.01) full.push_back(x);
  EXPECT_NEAR(single_event_period_min(full, 5, 0.2), 25, 0.2);
}

TEST(SingleEvents, BadInputIsRefused) {
  SingleEventOptions o = widths();
  EXPECT_THROW(find_single_events({1, 2}, {1}, o), std::invalid_argument);
  EXPECT_THROW(find_single_events({2, 1}, {1, 1}, o), std::invalid_argument);
  EXPECT_THROW(find_single_events({1, NAN}, {1, 1}, o), std::invalid_argument);
  o.durations_hours = {-1};
  EXPECT_THROW(find_single_events({1, 2}, {1, 1}, o), std::invalid_argument);
  EXPECT_TRUE(find_single_events({}, {}, widths()).empty());
}

}  // namespace exodetect::search
