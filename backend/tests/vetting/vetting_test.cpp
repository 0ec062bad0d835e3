#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <random>
#include <stdexcept>
#include <vector>

#include "exodetect/common/constants.hpp"
#include "exodetect/vetting/vetting.hpp"

namespace exodetect::vetting {

using common::kPi;

namespace {

// 80 days at 30-minute cadence with white noise; a box transit (and optional secondary) added.
struct Synthetic {
  std::vector<double> time, flux;
};

struct SignalSpec {
  TransitEphemeris ephemeris{3.0, 1.3, 0.125};
  double depth = 2000e-6;
  double odd_depth = -1;  // when >= 0, epochs with odd index get this depth instead
  double secondary_depth = 0;
  double noise = 1e-3;
  double gap_start = -1, gap_end = -1;  // no data inside
};

Synthetic make_curve(const SignalSpec& s, unsigned seed = 7) {
  Synthetic c;
  std::mt19937 rng(seed);
  std::normal_distribution<double> gauss(0.0, s.noise);
  const auto& e = s.ephemeris;
  for (double t = 0; t < 80.0; t += 1.0 / 48) {
    if (t >= s.gap_start && t < s.gap_end) continue;
    double f = 1.0 + (s.noise > 0 ? gauss(rng) : 0.0);
    double dt = std::remainder(t - e.t0, e.period_days);
    if (std::fabs(dt) < 0.5 * e.duration_days) {
      long long k = std::llround((t - e.t0) / e.period_days);
      f -= (s.odd_depth >= 0 && k % 2 != 0) ? s.odd_depth : s.depth;
    }
    double ds = std::remainder(t - e.t0 - 0.5 * e.period_days, e.period_days);
    if (std::fabs(ds) < 0.5 * e.duration_days) f -= s.secondary_depth;
    c.time.push_back(t);
    c.flux.push_back(f);
  }
  return c;
}

TEST(TransitTimes, CountsEveryTransitOverlappingTheSpan) {
  TransitEphemeris e{3.0, 1.3, 0.125};
  auto mids = transit_times(e, 0.0, 80.0);
  ASSERT_EQ(mids.size(), 27u);  // 1.3, 4.3, ..., 79.3
  EXPECT_DOUBLE_EQ(mids.front(), 1.3);
  EXPECT_NEAR(mids.back(), 79.3, 1e-9);
  // A transit straddling the end still counts; one entirely after it does not.
  EXPECT_EQ(transit_times(e, 0.0, 79.25).size(), 27u);
  EXPECT_EQ(transit_times(e, 0.0, 79.2).size(), 26u);
}

TEST(TransitMask, MarksPointsWithinTheScaledWindow) {
  TransitEphemeris e{2.0, 0.5, 0.2};
  std::vector<double> t{0.35, 0.45, 0.5, 0.59, 0.65, 2.5, 1.5};
  auto m1 = transit_mask(t, e, 1.0);
  EXPECT_EQ(m1, (std::vector<uint8_t>{0, 1, 1, 1, 0, 1, 0}));
  auto m2 = transit_mask(t, e, 2.0);
  EXPECT_EQ(m2, (std::vector<uint8_t>{1, 1, 1, 1, 1, 1, 0}));
}

TEST(VetTransit, NoiselessBoxGivesExactDepthAndCounts) {
  SignalSpec s;
  s.noise = 0;
  auto c = make_curve(s);
  auto v = vet_transit(c.time, c.flux, s.ephemeris);
  EXPECT_NEAR(v.depth, 2000e-6, 1e-12);
  EXPECT_NEAR(v.level, 1.0, 1e-12);
  EXPECT_EQ(v.transit_count, 27);
  EXPECT_EQ(v.transits_with_data, 27);
  ASSERT_EQ(v.per_transit_depth.size(), 27u);
  for (double d : v.per_transit_depth) EXPECT_NEAR(d, 2000e-6, 1e-12);
  EXPECT_NEAR(v.secondary_depth, 0.0, 1e-12);
  EXPECT_NEAR(v.odd_even_mismatch, 0.0, 1e-9);
  ASSERT_TRUE(v.rp_rs.has_value());
  EXPECT_NEAR(*v.rp_rs, std::sqrt(2000e-6), 1e-9);
  EXPECT_FALSE(v.planet_radius_earth.has_value());
}

TEST(VetTransit, DepthErrorAndSnrMatchWhiteNoise) {
  SignalSpec s;
  auto c = make_curve(s);
  auto v = vet_transit(c.time, c.flux, s.ephemeris);
  // 0.125 d at 1/48 d cadence: 6 points per transit, 27 transits.
  size_t n_in = 0;
  for (auto m : transit_mask(c.time, s.ephemeris)) n_in += m;
  double expected_err = 1e-3 / std::sqrt(static_cast<double>(n_in));
  EXPECT_NEAR(v.noise, 1e-3, 0.05e-3);
  EXPECT_NEAR(v.box_depth_err, expected_err, 0.15 * expected_err);
  EXPECT_NEAR(v.box_depth, 2000e-6, 3.5 * v.box_depth_err);
  EXPECT_NEAR(v.depth, 2000e-6, 3.5 * v.depth_err);
  EXPECT_NEAR(v.snr, v.box_depth / v.box_depth_err, 1e-9);
  EXPECT_GT(v.snr, 20.0);
  for (double d : v.per_transit_depth) EXPECT_NEAR(d, 2000e-6, 5 * 1e-3 / std::sqrt(6.0));
}

TEST(VetTransit, PartialTransitAtTheEdgeDoesNotInflateTheError) {
  // Four transits of 3000 ppm; the data start 1 hour before the end of the first, whose two
  // points read 1500 ppm deeper: two sigma for two points, a wild depth for a whole transit.
  SignalSpec s;
  s.ephemeris = {25.0, 0.02, 0.25};
  s.depth = 3000e-6;
  Synthetic c = make_curve(s);
  Synthetic cut;
  for (size_t i = 0; i < c.time.size(); ++i) {
    if (c.time[i] < 0.1) continue;
    cut.time.push_back(c.time[i]);
    cut.flux.push_back(c.flux[i] - (c.time[i] < 0.15 ? 1500e-6 : 0.0));
  }
  auto v = vet_transit(cut.time, cut.flux, s.ephemeris);
  ASSERT_EQ(v.transits_with_data, 4);
  double expected_err = 1e-3 / std::sqrt(static_cast<double>(v.n_in_transit));
  EXPECT_NEAR(v.box_depth_err, expected_err, 0.15 * expected_err);
}

TEST(VetTransit, ScatterBetweenTransitsRaisesTheError) {
  // Alternate transits 1000 and 3000 ppm deep: far more scatter than white noise allows.
  SignalSpec s;
  s.depth = 3000e-6;
  s.odd_depth = 1000e-6;
  auto c = make_curve(s);
  auto v = vet_transit(c.time, c.flux, s.ephemeris);
  double white = 1e-3 / std::sqrt(static_cast<double>(v.n_in_transit));
  EXPECT_GT(v.box_depth_err, 2.0 * white);
}

TEST(VetTransit, GapLeavesTransitsWithoutDataAndFlagsNearGap) {
  SignalSpec s;
  s.gap_start = 40.0;
  s.gap_end = 50.0;  // removes mid-times 40.3, 43.3, 46.3, 49.3
  auto c = make_curve(s);
  auto v = vet_transit(c.time, c.flux, s.ephemeris);
  EXPECT_EQ(v.transit_count, 27);
  EXPECT_EQ(v.transits_with_data, 23);
  EXPECT_TRUE(std::isnan(v.per_transit_depth[13]));  // 1.3 + 13 * 3 = 40.3
  EXPECT_FALSE(std::isnan(v.per_transit_depth[12]));
  // 37.3 and 52.3 are more than a duration from the gap edges; the others are inside it.
  EXPECT_EQ(v.transits_near_gap, 0);
  auto flags = vetting_flags(v, 20.0, -100.0, false);
  EXPECT_EQ(std::count(flags.begin(), flags.end(), "near_gap"), 0);

  // A transit right after a gap edge is near it.
  SignalSpec edge = s;
  edge.gap_start = 20.0;
  edge.gap_end = 22.35;  // data resume 0.05 d before the 22.3 transit ends
  auto ce = make_curve(edge);
  auto ve = vet_transit(ce.time, ce.flux, edge.ephemeris);
  EXPECT_EQ(ve.transits_near_gap, 1);
}

TEST(VetTransit, NearGapFlagWhenMostTransitsTouchGaps) {
  TransitVetting v;
  v.transits_with_data = 2;
  v.transits_near_gap = 1;
  auto flags = vetting_flags(v, 20.0, -100.0, false);
  EXPECT_NE(std::find(flags.begin(), flags.end(), "near_gap"), flags.end());
  EXPECT_NE(std::find(flags.begin(), flags.end(), "few_transits"), flags.end());
}

// Box transits at 30-minute cadence with white noise: transit k has depths[k] (the last one
// repeated), and the points `gap(k, t, dt)` is true for are left out (dt: days from transit k's
// middle).
struct TransitSeries {
  double period, t0, duration, span, noise;
  unsigned seed;
  std::function<bool(long long k, double t, double dt)> gap;
};

Synthetic transit_series(const TransitSeries& s, const std::vector<double>& depths) {
  Synthetic c;
  std::mt19937 rng(s.seed);
  std::normal_distribution<double> gauss(0.0, s.noise);
  for (double t = 0; t < s.span; t += 1.0 / 48) {
    const long long k = std::llround((t - s.t0) / s.period);
    const double dt = t - s.t0 - static_cast<double>(k) * s.period;
    if (s.gap(k, t, dt)) continue;
    const double depth = depths.at(std::min(static_cast<size_t>(k), depths.size() - 1));
    c.time.push_back(t);
    c.flux.push_back(1.0 - (std::fabs(dt) < 0.5 * s.duration ? depth : 0.0) + gauss(rng));
  }
  return c;
}

// One 28-day sector with a deep transit every 4.412 days, the fourth in a gap: a 30-minute light
// curve of a hot Jupiter shows one transit 13% shallower than the rest (TOI-102 b binned from
// its 2-minute data: one exposure past egress inside the box at that transit alone).
Synthetic sector_of_transits(const std::vector<double>& depths) {
  return transit_series({4.412, 0.9, 3.6 / 24, 28.0, 300e-6, 11,
                         [](long long, double t, double) { return t > 13.5 && t < 14.8; }},
                        depths);
}

TEST(VetTransit, OddEvenIsNotMadeByOneDiscrepantTransit) {
  const TransitEphemeris e{4.412, 0.9, 3.6 / 24};
  const Synthetic planet = sector_of_transits({0.013, 0.013, 0.013, 0.013, 0.0113, 0.013, 0.013});
  const TransitVetting v = vet_transit(planet.time, planet.flux, e);
  EXPECT_EQ(v.transits_with_data, 6);
  EXPECT_LT(v.odd_even_mismatch, 3.0);
  const auto flags = vetting_flags(v, 20.0, -100.0, false);
  EXPECT_EQ(std::find(flags.begin(), flags.end(), "odd_even"), flags.end());
  // Odd transits 20% shallower, alike within each parity: still flagged.
  const Synthetic binary = sector_of_transits({0.013, 0.0104, 0.013, 0.0104, 0.013, 0.0104, 0.013});
  const TransitVetting b = vet_transit(binary.time, binary.flux, e);
  const auto binary_flags = vetting_flags(b, 20.0, -100.0, false);
  EXPECT_NE(std::find(binary_flags.begin(), binary_flags.end(), "odd_even"), binary_flags.end())
      << b.odd_even_mismatch;
}

// 72 days with a 3-hour transit every 4.159 days, 150 ppm of noise, and a 2.5-hour gap just
// after every transit from the third on (as K2's flagged thruster firings leave them): only
// transits 0 and 1 are away from gaps.
Synthetic gapped_transits(const std::vector<double>& depths) {
  return transit_series(
      {4.159, 1.0, 3.0 / 24, 72.0, 150e-6, 5,
       [](long long k, double, double dt) { return k >= 2 && dt > 2.0 / 24 && dt < 4.5 / 24; }},
      depths);
}

TEST(VetTransit, OddEvenOfTwoCleanTransitsTakesTheScatterOfAll) {
  const TransitEphemeris e{4.159, 1.0, 3.0 / 24};
  // Depths that vary by 5-10% from transit to transit, as K2's pointing leaves them, the two
  // clean ones 550 ppm apart (6 sigma of their white errors).
  const std::vector<double> varying = {0.01115, 0.0117,  0.0105, 0.0112, 0.0104, 0.0115,
                                       0.0112,  0.0098,  0.0114, 0.0093, 0.0116, 0.0108,
                                       0.0101,  0.01185, 0.0110, 0.0109, 0.0113, 0.0106};
  const Synthetic planet = gapped_transits(varying);
  const TransitVetting v = vet_transit(planet.time, planet.flux, e);
  EXPECT_GE(v.transits_near_gap, 15);
  EXPECT_LT(v.odd_even_mismatch, 3.0);
  // Odd transits 20% shallower at every transit: still flagged.
  std::vector<double> binary;
  for (size_t k = 0; k < varying.size(); ++k) binary.push_back(k % 2 ? 0.0088 : 0.011);
  const Synthetic eb = gapped_transits(binary);
  const TransitVetting b = vet_transit(eb.time, eb.flux, e);
  const auto flags = vetting_flags(b, 20.0, -100.0, false);
  EXPECT_NE(std::find(flags.begin(), flags.end(), "odd_even"), flags.end()) << b.odd_even_mismatch;
}

// Six orbits of a 2,400 ppm planet (150 ppm of noise, 30-minute cadence) with `secondary`
// taken off the flux around phase 0.5 of the epochs `dipped` says.
Synthetic with_secondary_dips(double secondary, const std::function<bool(long long)>& dipped) {
  const TransitSeries s{
      4.0, 1.0, 2.4 / 24, 24.0, 150e-6, 9, [](long long, double, double) { return false; }};
  Synthetic c = transit_series(s, {0.0024});
  for (size_t i = 0; i < c.time.size(); ++i) {
    const double from_secondary = c.time[i] - s.t0 - 0.5 * s.period;
    const long long k = std::llround(from_secondary / s.period);
    if (std::fabs(from_secondary - static_cast<double>(k) * s.period) < 0.5 * s.duration &&
        dipped(k)) {
      c.flux[i] -= secondary;
    }
  }
  return c;
}

TEST(VetTransit, OneDippedEpochIsNoSecondaryEclipse) {
  const TransitEphemeris e{4.0, 1.0, 2.4 / 24};
  // A systematic dip of 900 ppm at one phase 0.5 of six (as in TOI-813's quiet sector, where
  // injected planets at 3.8-4.8 days were flagged `secondary` at 3.4-4.8 sigma).
  const Synthetic one = with_secondary_dips(900e-6, [](long long k) { return k == 3; });
  const TransitVetting v = vet_transit(one.time, one.flux, e);
  EXPECT_LT(v.secondary_snr, 3.0) << v.secondary_depth << " +- " << v.secondary_depth_err;
  const auto flags = vetting_flags(v, 20.0, -100.0, false);
  EXPECT_EQ(std::find(flags.begin(), flags.end(), "secondary"), flags.end());
  // An eclipse of 200 ppm at every phase 0.5: flagged.
  const Synthetic every = with_secondary_dips(200e-6, [](long long) { return true; });
  const TransitVetting b = vet_transit(every.time, every.flux, e);
  const auto binary_flags = vetting_flags(b, 20.0, -100.0, false);
  EXPECT_NE(std::find(binary_flags.begin(), binary_flags.end(), "secondary"), binary_flags.end())
      << b.secondary_snr;
}

TEST(VetTransit, VShapeFlagFollowsTheShapeVerdict) {
  TransitVetting v;
  v.transits_with_data = 10;
  auto flags = vetting_flags(v, 20.0, -100.0, false);
  EXPECT_EQ(std::find(flags.begin(), flags.end(), "v_shape"), flags.end());
  v.v_shape = true;
  flags = vetting_flags(v, 20.0, -100.0, false);
  EXPECT_NE(std::find(flags.begin(), flags.end(), "v_shape"), flags.end());
}

TEST(VetTransit, OddEvenMismatchDetectsAlternatingDepths) {
  SignalSpec s;
  s.depth = 3000e-6;
  s.odd_depth = 1000e-6;
  auto c = make_curve(s);
  auto v = vet_transit(c.time, c.flux, s.ephemeris);
  EXPECT_NEAR(v.even_depth, 3000e-6, 4 * v.even_depth_err);
  EXPECT_NEAR(v.odd_depth, 1000e-6, 4 * v.odd_depth_err);
  EXPECT_GT(v.odd_even_mismatch, 8.0);
  auto flags = vetting_flags(v, 20.0, -100.0, false);
  EXPECT_NE(std::find(flags.begin(), flags.end(), "odd_even"), flags.end());

  SignalSpec same;
  auto cs = make_curve(same);
  auto vs = vet_transit(cs.time, cs.flux, same.ephemeris);
  EXPECT_LT(vs.odd_even_mismatch, 3.0);
  auto clean = vetting_flags(vs, 20.0, -100.0, false);
  EXPECT_TRUE(clean.empty()) << clean.front();
}

TEST(VetTransit, SecondaryEclipseMeasuredAtPhaseHalf) {
  SignalSpec s;
  s.depth = 5000e-6;
  s.secondary_depth = 1500e-6;
  auto c = make_curve(s);
  auto v = vet_transit(c.time, c.flux, s.ephemeris);
  EXPECT_NEAR(v.secondary_depth, 1500e-6, 4 * v.secondary_depth_err);
  EXPECT_GT(v.secondary_snr, 6.0);
  auto flags = vetting_flags(v, 20.0, -100.0, false);
  EXPECT_NE(std::find(flags.begin(), flags.end(), "secondary"), flags.end());

  // A planet-like occultation (1% of the transit) is significant but not flagged.
  SignalSpec planet;
  planet.depth = 20000e-6;
  planet.secondary_depth = 200e-6;
  planet.noise = 1e-4;
  auto cp = make_curve(planet);
  auto vp = vet_transit(cp.time, cp.flux, planet.ephemeris);
  EXPECT_GT(vp.secondary_snr, 5.0);
  auto pf = vetting_flags(vp, 20.0, -100.0, false);
  EXPECT_EQ(std::find(pf.begin(), pf.end(), "secondary"), pf.end());
}

TEST(VetTransit, DepthFromTheCentreOfASlopedTransit) {
  // Trapezoid: 0.03 d ingress and egress inside a 0.125 d box, 4000 ppm flat bottom.
  TransitEphemeris e{3.0, 1.3, 0.125};
  std::vector<double> t, f;
  for (double x = 0; x < 80.0; x += 1.0 / 720) {  // 2-minute cadence, noiseless
    double dt = std::fabs(std::remainder(x - e.t0, e.period_days));
    double frac = std::clamp((0.0625 - dt) / 0.03, 0.0, 1.0);
    t.push_back(x);
    f.push_back(1.0 - 4000e-6 * frac);
  }
  auto v = vet_transit(t, f, e);
  EXPECT_NEAR(v.depth, 4000e-6, 1e-7);
  EXPECT_LT(v.box_depth, 0.8 * 4000e-6);  // the whole-box mean dilutes it
  EXPECT_GT(v.box_depth, 0.7 * 4000e-6);
  EXPECT_GT(v.n_in_transit, 27 * 80);
}

TEST(VetTransit, PlanetRadiusFromStellarRadius) {
  SignalSpec s;
  s.noise = 0;
  s.depth = 0.01;
  auto c = make_curve(s);
  auto v = vet_transit(c.time, c.flux, s.ephemeris, 1.5);
  ASSERT_TRUE(v.planet_radius_earth.has_value());
  EXPECT_NEAR(*v.rp_rs, 0.1, 1e-9);
  // IAU 2015 nominal solar and equatorial Earth radii (m).
  EXPECT_NEAR(*v.planet_radius_earth, 0.1 * 1.5 * 6.957e8 / 6.3781e6, 1e-6);
}

TEST(VetTransit, RejectsBadInput) {
  std::vector<double> t{1, 2, 3}, f{1, 1};
  EXPECT_THROW(vet_transit(t, f, {1.0, 0.0, 0.1}), std::invalid_argument);
  std::vector<double> f3{1, 1, 1};
  EXPECT_THROW(vet_transit(t, f3, {0.0, 0.0, 0.1}), std::invalid_argument);
  EXPECT_THROW(vet_transit(t, f3, {1.0, 0.0, -0.1}), std::invalid_argument);
}

TEST(VetTransit, SecondaryWindowKeepsThePointsAtItsEdges) {
  // Noiseless 2-minute data at TESS-like times (BTJD 1325), the dip applied by each point's own
  // phase: a point put on the wrong side of a window's edge would move the level and the depth.
  SignalSpec s;
  s.ephemeris = {3.7, 1326.1, 0.1};
  s.noise = 0;
  s.secondary_depth = 1000e-6;
  Synthetic c;
  for (double x = 0; x < 27.0; x += 1.0 / 720) {
    const double t = 1325.0 + x;
    const double dt = std::remainder(t - s.ephemeris.t0, s.ephemeris.period_days);
    const double ds =
        std::remainder(t - s.ephemeris.t0 - 0.5 * s.ephemeris.period_days, s.ephemeris.period_days);
    double f = 1.0;
    if (std::fabs(dt) < 0.5 * s.ephemeris.duration_days) f -= s.depth;
    if (std::fabs(ds) < 0.5 * s.ephemeris.duration_days) f -= s.secondary_depth;
    c.time.push_back(t);
    c.flux.push_back(f);
  }
  const auto v = vet_transit(c.time, c.flux, s.ephemeris);
  EXPECT_NEAR(v.level, 1.0, 1e-14);
  EXPECT_NEAR(v.box_depth, s.depth, 1e-14);
  EXPECT_NEAR(v.secondary_depth, s.secondary_depth, 1e-14);
}

TEST(TransitSnr, EqualsVetTransitsToTheLastBit) {
  SignalSpec alternating;
  alternating.odd_depth = 1200e-6;
  alternating.secondary_depth = 800e-6;
  SignalSpec gap;
  gap.gap_start = 20.0;
  gap.gap_end = 31.0;
  for (const SignalSpec& s : {SignalSpec{}, alternating, gap}) {
    const auto c = make_curve(s, 11);
    // The true ephemeris and wrong ones, as the periodogram's other peaks give them.
    for (double scale : {1.0, 0.5, 1.37, 2.0, 3.1}) {
      TransitEphemeris e = s.ephemeris;
      e.period_days *= scale;
      const auto v = vet_transit(c.time, c.flux, e);
      const auto w = transit_snr(c.time, c.flux, e);
      EXPECT_EQ(w.snr, v.snr);
      EXPECT_EQ(w.box_depth, v.box_depth);
      EXPECT_EQ(w.box_depth_err, v.box_depth_err);
      EXPECT_EQ(w.noise, v.noise);
      EXPECT_EQ(w.n_in_transit, v.n_in_transit);
      EXPECT_EQ(w.transits_with_data, v.transits_with_data);
    }
  }
  const auto c = make_curve({});
  EXPECT_GT(transit_snr(c.time, c.flux, SignalSpec{}.ephemeris).snr, 20.0);
  std::vector<double> t{1, 2, 3}, f{1, 1};
  EXPECT_THROW(transit_snr(t, f, {1.0, 0.0, 0.1}), std::invalid_argument);
}

TEST(SineBox, BoxTransitFavoursBoxAndSinusoidFavoursSine) {
  SignalSpec s;
  auto box = make_curve(s);
  EXPECT_LT(sine_box_loglike_diff(box.time, box.flux, s.ephemeris, 1e-3), -100.0);

  // Spots: a 2000 ppm sinusoid at the period; the box finds its minimum.
  Synthetic spot;
  std::mt19937 rng(3);
  std::normal_distribution<double> gauss(0.0, 1e-3);
  TransitEphemeris e{3.0, 1.3, 0.4};
  for (double t = 0; t < 80.0; t += 1.0 / 48) {
    spot.time.push_back(t);
    spot.flux.push_back(1.0 - 2000e-6 * std::cos(2 * kPi * (t - e.t0) / e.period_days) +
                        gauss(rng));
  }
  double diff = sine_box_loglike_diff(spot.time, spot.flux, e, 1e-3);
  EXPECT_GT(diff, 100.0);
  TransitVetting v;
  v.transits_with_data = 20;
  auto flags = vetting_flags(v, 20.0, diff, false);
  EXPECT_EQ(flags, std::vector<std::string>{"sinusoidal"});
}

TEST(PeriodUncertainty, GaussianPeakGivesItsSigma) {
  std::vector<double> p, power;
  for (int i = 0; i < 2001; ++i) {
    double x = 4.9 + i * 1e-4;
    p.push_back(x);
    power.push_back(10.0 * std::exp(-0.5 * std::pow((x - 5.0) / 0.004, 2)) + 1.0);
  }
  size_t peak = std::max_element(power.begin(), power.end()) - power.begin();
  EXPECT_NEAR(period_uncertainty(p, power, peak), 0.004, 0.0002);
  // A single-sample spike is limited by the grid spacing.
  std::vector<double> spike(p.size(), 1.0);
  spike[1000] = 50.0;
  EXPECT_NEAR(period_uncertainty(p, spike, 1000), 0.5e-4, 0.3e-4);
  EXPECT_THROW(period_uncertainty(p, power, p.size()), std::invalid_argument);
}

TEST(PeriodRelations, RatiosAndHarmonics) {
  auto r = period_ratio(6.0, 4.0, 4, 1e-3);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(*r, std::make_pair(3, 2));
  EXPECT_FALSE(period_ratio(7.00822, 8.7198, 4, 1e-3).has_value());  // Kepler-90 b vs c
  EXPECT_TRUE(is_harmonic(1.5004, 3.0, 5, 1e-3));                    // P/2
  EXPECT_TRUE(is_harmonic(9.003, 3.0, 5, 1e-3));                     // 3P
  EXPECT_TRUE(is_harmonic(3.0, 3.0, 5, 1e-3));                       // the same signal
  EXPECT_FALSE(is_harmonic(4.5, 3.0, 5, 1e-3));                      // 3/2: alias, not harmonic
  EXPECT_FALSE(is_harmonic(6.1, 3.0, 5, 1e-3));
}

TEST(Flags, LowSdeAndAlias) {
  TransitVetting v;
  v.transits_with_data = 5;
  EXPECT_EQ(vetting_flags(v, 8.0, -10, false), std::vector<std::string>{"low_sde"});
  EXPECT_EQ(vetting_flags(v, 12.0, -10, true), std::vector<std::string>{"alias"});
  EXPECT_TRUE(vetting_flags(v, 12.0, -10, false).empty());
}

}  // namespace
}  // namespace exodetect::vetting

namespace exodetect::vetting {
namespace {

// The K2 case: a 44.56-d planet found at half its period, 22.28 d, where every other
// expected transit (odd ones) falls in a data gap. Twice the period must be said possible.
TEST(Flags, PeriodMayBeDoubleWhenOneParityFallsInGaps) {
  std::vector<double> t, f;
  const double p_true = 44.56, t0 = 5.0, half = p_true / 2;
  for (double time = 0; time < 80; time += 0.0204) {
    const bool gap = std::fabs(time - (t0 + half)) < 1.0 || std::fabs(time - (t0 + 3 * half)) < 1.0;
    if (gap) continue;
    t.push_back(time);
    f.push_back(std::fabs(std::remainder(time - t0, p_true)) < 0.1 ? 1 - 1e-3 : 1.0);
  }
  const TransitVetting at_half = vet_transit(t, f, {half, t0, 0.2});
  ASSERT_EQ(at_half.transit_count, 4);
  EXPECT_EQ(at_half.transits_with_data, 2);
  EXPECT_TRUE(period_may_be_double(at_half));
  const auto flags = vetting_flags(at_half, 20.0, -100.0, false);
  EXPECT_EQ(std::count(flags.begin(), flags.end(), "period_may_be_double"), 1);
  // At the true period, or when both parities have data, no such flag.
  EXPECT_FALSE(period_may_be_double(vet_transit(t, f, {p_true, t0, 0.2})));
  TransitVetting both;
  both.per_transit_depth = {1e-3, 1e-3, std::nan(""), 1e-3};
  EXPECT_FALSE(period_may_be_double(both));
  both.per_transit_depth = {std::nan(""), 1e-3, std::nan(""), 1e-3};
  EXPECT_TRUE(period_may_be_double(both));
  both.per_transit_depth = {1e-3};  // one transit expected: nothing to say
  EXPECT_FALSE(period_may_be_double(both));
}

}  // namespace
TEST(OneTransitCarriesSignal, WhenTheOthersShowNoDipAndDifferFromIt) {
  TransitVetting v;
  // One transit of 1360 +- 50 ppm, the other 163 +- 50 ppm: the second is a 3.3-sigma dip on
  // white errors alone, no dip once its red noise (a factor of 1.5) is counted.
  v.per_transit_depth = {163e-6, 1360e-6};
  v.per_transit_depth_err = {50e-6, 50e-6};
  EXPECT_FALSE(one_transit_carries_signal(v));
  EXPECT_TRUE(one_transit_carries_signal(v, 1.5));
  // A planet's transits, equal within their errors, even with one deeper than the rest.
  v.per_transit_depth = {900e-6, 1000e-6, 1100e-6, 1500e-6};
  v.per_transit_depth_err = {100e-6, 100e-6, 100e-6, 100e-6};
  EXPECT_FALSE(one_transit_carries_signal(v, 1.5));
  // Transits without data do not count; one transit alone is not this test's to judge.
  v.per_transit_depth = {std::nan(""), 1000e-6};
  EXPECT_FALSE(one_transit_carries_signal(v));
  // Nothing significant anywhere: no signal to carry.
  v.per_transit_depth = {10e-6, 120e-6, 20e-6};
  v.per_transit_depth_err = {50e-6, 50e-6, 50e-6};
  EXPECT_FALSE(one_transit_carries_signal(v));
}

namespace {

// Per-transit depths (ppm), each with the same error (ppm).
TransitVetting transits(const std::vector<double>& depths_ppm, double err_ppm) {
  TransitVetting v;
  for (double d : depths_ppm) {
    v.per_transit_depth.push_back(d * 1e-6);
    v.per_transit_depth_err.push_back(err_ppm * 1e-6);
  }
  return v;
}

}  // namespace

// Kepler-90 d and e in one quarter (docs/FEATURE_CALIBRATION.md): three transits of about
// 500 +- 60 ppm at a common 19.9-day spacing, and the fourth of that period, with data, at
// 92 ppm. No one period holds them.
TEST(TransitMissing, WhenAPairedPeriodPutsATransitWhereTheDataShowNone) {
  TransitVetting v = transits({485, 92, 434, 545}, 60);
  EXPECT_TRUE(transit_missing(v));
  // With red noise twice the white error, the empty transit is 2.9 sigma below the others,
  // under the threshold shared among four transits (3.48): nothing is rejected.
  EXPECT_FALSE(transit_missing(v, 2.0));
  // Nor is one beside a gap or the data's end, where it is partly covered and the trend least
  // sure.
  v.per_transit_near_gap = {0, 1, 0, 0};
  EXPECT_FALSE(transit_missing(v));
  // A transit without data is not evidence.
  v.per_transit_near_gap.clear();
  v.per_transit_depth[1] = std::nan("");
  EXPECT_FALSE(transit_missing(v));
}

TEST(TransitMissing, NotForAPlanetsTransitsOrASignalOfManyTransits) {
  // Equal transits, one of them shallow within its error.
  EXPECT_FALSE(transit_missing(transits({500, 380, 450, 520}, 60)));
  // A weak planet: no transit significant alone, so none is missing.
  EXPECT_FALSE(transit_missing(transits({150, 20, 140, 160, 130}, 60)));
  // More than kMaxPairedTransits carry the signal: one empty transit among many is the
  // data's (a gap's edge, a systematic), not another body's transits lined up by chance.
  EXPECT_FALSE(transit_missing(transits({500, 480, 20, 510, 490}, 60)));
  // One transit carrying the signal is one_transit_carries_signal's case.
  EXPECT_FALSE(transit_missing(transits({500, 10, 20}, 60)));
}

}  // namespace exodetect::vetting
