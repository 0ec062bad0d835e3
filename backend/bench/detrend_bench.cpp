// Light-curve input and detrending speed: the biweight filter on Kepler-like (4 years, 30-min
// cadence, 70k points) and TESS-like (one sector, 2-min cadence, 20k points) curves, and the
// readers on every real file in data/lightcurves.
// `detrend_bench compare [REPEATS]`: the gridded biweight (the default) against the biweight
// evaluated at every point (nodes_per_window 0, the reference), one thread, CPU time, on the
// synthetic curves and the real TESS and Kepler files: times, ratio, and how far the trends
// differ in units of the curve's point-to-point noise.

#include <benchmark/benchmark.h>
#include <time.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "exodetect/common/stats.hpp"
#include "exodetect/lightcurve/detrend.hpp"
#include "exodetect/lightcurve/light_curve.hpp"

namespace {

using exodetect::lightcurve::biweight_detrend;
using exodetect::lightcurve::DetrendOptions;

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

// state.range(0): worker threads (0: all cores); state.range(1): nodes per window (0: every
// point, the reference). CPU time is the whole process's.
void run_detrend(benchmark::State& state, const Curve& c, double window_days) {
  DetrendOptions options;
  options.window_days = window_days;
  options.threads = static_cast<int>(state.range(0));
  options.nodes_per_window = static_cast<int>(state.range(1));
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
    ->ArgNames({"threads", "nodes"})
    ->Args({1, 0})
    ->Args({1, DetrendOptions{}.nodes_per_window})
    ->Args({0, DetrendOptions{}.nodes_per_window})
    ->MeasureProcessCPUTime()
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

void BM_DetrendTess20k(benchmark::State& state) {
  static const Curve c = synthetic(20000, 2.0 / 1440.0, 13.7);
  run_detrend(state, c, 0.75);
}
BENCHMARK(BM_DetrendTess20k)
    ->ArgNames({"threads", "nodes"})
    ->Args({1, 0})
    ->Args({1, DetrendOptions{}.nodes_per_window})
    ->Args({0, DetrendOptions{}.nodes_per_window})
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

// The data folder sits two levels above this source file (backend/bench/); __FILE__ may be
// relative to the build folder, so the repository root (scripts/bench.sh's) is tried next.
std::string data_path(const char* name) {
  std::string here = __FILE__;
  std::string path = here.substr(0, here.find_last_of('/')) + "/../../data/lightcurves/" + name;
  if (std::FILE* f = std::fopen(path.c_str(), "rb")) {
    std::fclose(f);
    return path;
  }
  return std::string("data/lightcurves/") + name;
}

void BM_ReadFile(benchmark::State& state) {
  std::string path = data_path(kFiles[state.range(0)]);
  state.SetLabel(kFiles[state.range(0)]);
  for (auto _ : state) {
    auto lc = exodetect::lightcurve::read_light_curve(path);
    benchmark::DoNotOptimize(lc.flux.data());
  }
}
BENCHMARK(BM_ReadFile)->DenseRange(0, 5)->Unit(benchmark::kMillisecond);

double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

// Fewest CPU milliseconds of `repeats` runs (the least disturbed by other processes).
double best_cpu_ms(const Curve& c, const DetrendOptions& options, int repeats,
                   exodetect::lightcurve::DetrendResult& out) {
  double best = 1e300;
  for (int r = 0; r < repeats; ++r) {
    double start = thread_cpu_ms();
    out = biweight_detrend(c.time, c.flux, {}, options);
    best = std::min(best, thread_cpu_ms() - start);
  }
  return best;
}

void compare_row(const char* name, const Curve& c, int repeats) {
  DetrendOptions grid;
  grid.window_days = 1.0;  // the pipeline's window for its default durations (3 x 8 h)
  grid.threads = 1;
  DetrendOptions exact = grid;
  exact.nodes_per_window = 0;
  exodetect::lightcurve::DetrendResult a, b;
  double exact_ms = best_cpu_ms(c, exact, repeats, a);
  double grid_ms = best_cpu_ms(c, grid, repeats, b);
  // Noise: the point-to-point scatter of the relative flux (robust, per point).
  std::vector<double> diffs;
  for (size_t i = 1; i < c.flux.size(); ++i) {
    double d = c.flux[i] / a.trend[i] - c.flux[i - 1] / a.trend[i - 1];
    if (std::isfinite(d)) diffs.push_back(d);
  }
  double sigma = exodetect::common::mad_sigma(diffs) / std::sqrt(2.0);
  double worst = 0, sum_sq = 0;
  size_t n = 0, clip_diff = 0;
  for (size_t i = 0; i < c.time.size(); ++i) {
    clip_diff += a.clipped[i] != b.clipped[i];
    double d = (b.trend[i] - a.trend[i]) / a.trend[i];
    if (!std::isfinite(d)) continue;
    worst = std::max(worst, std::fabs(d));
    sum_sq += d * d;
    ++n;
  }
  std::printf("| %s | %zu | %.2f | %.2f | %.1fx | %.3f | %.4f | %zu |\n", name, c.time.size(),
              exact_ms, grid_ms, exact_ms / grid_ms, worst / sigma,
              std::sqrt(sum_sq / std::max<size_t>(n, 1)) / sigma, clip_diff);
}

Curve real_curve(const char* name) {
  exodetect::lightcurve::LightCurve lc = exodetect::lightcurve::read_light_curve(data_path(name));
  Curve c;
  for (size_t i = 0; i < lc.size(); ++i) {
    if (std::isfinite(lc.flux[i])) {
      c.time.push_back(lc.time[i]);
      c.flux.push_back(lc.flux[i]);
    }
  }
  return c;
}

int compare(int repeats) {
  std::printf(
      "Biweight trend, 1-day window, one thread, CPU ms (best of %d): every point (the "
      "reference) against %d nodes per window\n\n",
      repeats, DetrendOptions{}.nodes_per_window);
  std::printf(
      "| curve | points | every point ms | grid ms | speed-up | max diff / sigma | rms "
      "diff / sigma | points clipped differently |\n|---|---|---|---|---|---|---|---|\n");
  compare_row("synthetic TESS sector (2 min)", synthetic(20000, 2.0 / 1440.0, 13.7), repeats);
  compare_row("synthetic Kepler 4 years (30 min)", synthetic(70000, 0.0204, 90.0), repeats);
  for (const char* name :
       {"tess2018206045859-s0001-0000000231663901-0120-s_lc.fits.gz",
        "hlsp_tess-data-alerts_tess_phot_00025155310-s01_tess_v1_lc.fits.gz",
        "kplr011442793-2009350155506_llc.fits.gz", "kplr010666592-2009131110544_slc.fits.gz"}) {
    compare_row(name, real_curve(name), repeats);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 2 && std::strcmp(argv[1], "compare") == 0) {
    return compare(argc >= 3 ? std::max(1, std::atoi(argv[2])) : 5);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
