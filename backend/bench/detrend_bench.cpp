// Light-curve input and detrending speed: the biweight filter on Kepler-like (4 years, 30-min
// cadence, 70k points) and TESS-like (one sector, 2-min cadence, 20k points) curves, and the
// readers on every real file in data/lightcurves.

#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "exodetect/lightcurve/detrend.hpp"
#include "exodetect/lightcurve/light_curve.hpp"

namespace {

using exodetect::biweight_detrend;
using exodetect::DetrendOptions;

struct Curve {
  std::vector<double> time, flux;
};

// Spotted-star variability plus white noise and one flare a day, sampled every `cadence` days
// with a data gap every `segment_days` (Kepler quarters, TESS orbits).
Curve synthetic(size_t n, double cadence, double segment_days) {
  Curve c;
  std::mt19937 rng(42);
  std::normal_distribution<double> noise(0.0, 3e-4);
  double t = 0;
  for (size_t i = 0; i < n; ++i) {
    t += cadence;
    if (std::fmod(t, segment_days) < cadence) t += 1.0;
    double f = 1.0 + 0.003 * std::sin(t / 1.7) + noise(rng);
    if (i % static_cast<size_t>(1.0 / cadence) == 7) f += 0.005;
    c.time.push_back(t);
    c.flux.push_back(f);
  }
  return c;
}

// state.range(0): worker threads (0: all cores). CPU time is the whole process's.
void run_detrend(benchmark::State& state, const Curve& c, double window_days) {
  DetrendOptions options;
  options.window_days = window_days;
  options.threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    auto r = biweight_detrend(c.time, c.flux, {}, options);
    benchmark::DoNotOptimize(r.trend.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(c.time.size()));
  state.counters["points"] = static_cast<double>(c.time.size());
}

void BM_DetrendKepler70k(benchmark::State& state) {
  static const Curve c = synthetic(70000, 0.0204, 90.0);
  run_detrend(state, c, 0.75);
}
BENCHMARK(BM_DetrendKepler70k)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(0)
    ->MeasureProcessCPUTime()
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

void BM_DetrendTess20k(benchmark::State& state) {
  static const Curve c = synthetic(20000, 2.0 / 1440.0, 13.7);
  run_detrend(state, c, 0.75);
}
BENCHMARK(BM_DetrendTess20k)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(0)
    ->MeasureProcessCPUTime()
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

const char* kFiles[] = {
    "hlsp_tess-data-alerts_tess_phot_00025155310-s01_tess_v1_lc.fits.gz",
    "kplr010666592-2009131110544_slc.fits.gz",
    "kplr011442793-2009350155506_llc.fits.gz",
    "tess2018206045859-s0001-0000000231663901-0120-s_lc.fits.gz",
    "toi2000_tic371188886_y1_30min.csv.gz",
    "koi1003_kic2438502_kepler_q2.csv.gz",
};

void BM_ReadFile(benchmark::State& state) {
  // The data folder sits two levels above this source file (backend/bench/).
  std::string here = __FILE__;
  std::string path =
      here.substr(0, here.find_last_of('/')) + "/../../data/lightcurves/" + kFiles[state.range(0)];
  state.SetLabel(kFiles[state.range(0)]);
  for (auto _ : state) {
    auto lc = exodetect::read_light_curve(path);
    benchmark::DoNotOptimize(lc.flux.data());
  }
}
BENCHMARK(BM_ReadFile)->DenseRange(0, 5)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
