// Google Benchmark of the transit-search kernel on synthetic white-noise light curves:
// a TESS sector (27 d at 2 min) and 4 years of Kepler (30 min, quarter gaps), Ofir grid
// (oversampling 3, solar density), durations 1,2,3,4,6,8 h, all cores; and the product's
// default, physical durations (default_durations_hours with the broad stellar-density prior,
// each period testing its own range, periods in bands of their own phase step). The exact
// point-by-point fold (astropy's method) runs on the TESS case to show what the fast-folding kernel
// gains. Three TESS sectors a year apart show a fold that visits only the bins with data.
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <vector>

#include "exodetect/search/bls.hpp"

namespace {

struct Curve {
  std::vector<double> time, flux, err, periods;
};

// `gaps`: a day every 93 (Kepler's quarters); `season_days` > 0: only the first 27 days of each
// season are kept (TESS sectors a year apart, as lightkurve stitches them).
Curve make_curve(double span, double cadence, bool gaps, double period_max,
                 double season_days = 0) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> gauss(0.0, 1e-3);
  Curve c;
  for (double t = 0; t < span; t += cadence) {
    if (gaps && std::fmod(t, 93.0) < 1.0) continue;
    if (season_days > 0 && std::fmod(t, season_days) >= 27.0) continue;
    double f = 1.0 + gauss(rng);
    if (std::abs(std::remainder(t - 2.1, 5.3)) < 0.05) f -= 5e-4;
    c.time.push_back(t);
    c.flux.push_back(f);
    c.err.push_back(1e-3);
  }
  c.periods = exodetect::search::ofir_period_grid(c.time.back() - c.time.front(), 0.5, period_max,
                                                  1.41, 3.0);
  return c;
}

const Curve& tess() {
  static const Curve c = make_curve(27.0, 2.0 / 1440, false, 13.5);
  return c;
}

const Curve& kepler() {
  static const Curve c = make_curve(1470.0, 29.4 / 1440, true, 100.0);
  return c;
}

// Three TESS 2-minute sectors a year apart: 757 days, 96% of them without data.
const Curve& stitched_sectors() {
  static const Curve c = make_curve(757.0, 2.0 / 1440, false, 100.0, 365.0);
  return c;
}

const std::vector<double> kHours = {1, 2, 3, 4, 6, 8};

void report(benchmark::State& state, const Curve& c) {
  state.counters["points"] = static_cast<double>(c.time.size());
  state.counters["periods"] = static_cast<double>(c.periods.size());
  state.counters["point_periods_per_s"] =
      benchmark::Counter(static_cast<double>(c.time.size()) * static_cast<double>(c.periods.size()),
                         benchmark::Counter::kIsIterationInvariantRate);
}

void BM_SearchTessSector(benchmark::State& state) {
  const Curve& c = tess();
  for (auto _ : state) {
    auto pg = exodetect::search::bls_periodogram(c.time, c.flux, c.err, c.periods, kHours, 0);
    benchmark::DoNotOptimize(exodetect::search::signal_detection_efficiency(pg));
  }
  report(state, c);
}
BENCHMARK(BM_SearchTessSector)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_SearchTessSectorExactFold(benchmark::State& state) {
  const Curve& c = tess();
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        exodetect::search::bls_periodogram_exact(c.time, c.flux, c.err, c.periods, kHours, 0));
  }
  report(state, c);
}
BENCHMARK(BM_SearchTessSectorExactFold)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_SearchKepler4yr(benchmark::State& state) {
  const Curve& c = kepler();
  for (auto _ : state) {
    auto pg = exodetect::search::bls_periodogram(c.time, c.flux, c.err, c.periods, kHours, 0);
    benchmark::DoNotOptimize(exodetect::search::signal_detection_efficiency(pg));
  }
  report(state, c);
}
BENCHMARK(BM_SearchKepler4yr)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

void BM_SearchKepler4yrOneThread(benchmark::State& state) {
  const Curve& c = kepler();
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        exodetect::search::bls_periodogram(c.time, c.flux, c.err, c.periods, kHours, 1));
  }
  report(state, c);
}
BENCHMARK(BM_SearchKepler4yrOneThread)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);

// The search as `exodetect search` runs it with no star known: physical durations.
void physical(benchmark::State& state, const Curve& c, double period_max) {
  const auto hours = exodetect::search::default_durations_hours(0.5, period_max);
  for (auto _ : state) {
    auto pg = exodetect::search::bls_periodogram(c.time, c.flux, c.err, c.periods, hours, 0, {},
                                                 exodetect::search::DurationPrior{});
    benchmark::DoNotOptimize(exodetect::search::signal_detection_efficiency(pg));
  }
  report(state, c);
  state.counters["durations"] = static_cast<double>(hours.size());
}

void BM_SearchTessSectorPhysicalDurations(benchmark::State& state) {
  physical(state, tess(), 13.5);
}
BENCHMARK(BM_SearchTessSectorPhysicalDurations)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_SearchKepler4yrPhysicalDurations(benchmark::State& state) {
  physical(state, kepler(), 100.0);
}
BENCHMARK(BM_SearchKepler4yrPhysicalDurations)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);

void BM_SearchStitchedSectorsPhysicalDurations(benchmark::State& state) {
  physical(state, stitched_sectors(), 100.0);
}
BENCHMARK(BM_SearchStitchedSectorsPhysicalDurations)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(2);

void BM_OfirGridKepler(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(exodetect::search::ofir_period_grid(1470.0, 0.5, 100.0, 1.41, 3.0));
  }
}
BENCHMARK(BM_OfirGridKepler)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
