// Benchmarks of the transit fit (a plain program: each step prints a table).
//   fit_bench model     model points per second, closed form against numerical integration
//   fit_bench speed     seconds per candidate fit on the TESS and Kepler files in data/
//   fit_bench coverage  injection-recovery coverage of the 68% and 95% intervals
// Timings on a shared machine wander: each compares with its reference in the same run.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "exodetect/fit/transit_model.hpp"

namespace {

using Clock = std::chrono::steady_clock;
namespace fit = exodetect::fit;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Points per second of `flux` over impact distances spread across the transit chord (every
// point in transit: out-of-transit points cost nothing), best of `repeats`.
template <typename Fn>
double points_per_second(Fn flux, const std::vector<double>& z, int repeats) {
  double best = 0, sink = 0;
  for (int r = 0; r < repeats; ++r) {
    auto start = Clock::now();
    for (double zi : z) sink += flux(zi);
    best = std::max(best, static_cast<double>(z.size()) / seconds_since(start));
  }
  if (sink == 42.0) std::printf(" ");
  return best;
}

int run_model() {
  std::printf("## Quadratic limb-darkened transit model, one core\n\n");
  std::printf(
      "| k | points | closed form (points/s) | numerical integration (points/s) | ratio |\n");
  std::printf("|---|---|---|---|---|\n");
  const fit::LimbDarkening ld{0.4, 0.25};
  for (double k : {0.01, 0.1, 0.3}) {
    std::vector<double> z(2000000), zn(20000);
    for (size_t i = 0; i < z.size(); ++i) z[i] = (1 + k) * (i + 0.5) / z.size();
    for (size_t i = 0; i < zn.size(); ++i) zn[i] = (1 + k) * (i + 0.5) / zn.size();
    double fast = points_per_second(
        [&](double zi) { return fit::quadratic_occultation_flux(k, zi, ld); }, z, 5);
    double slow = points_per_second(
        [&](double zi) { return fit::quadratic_occultation_flux_numerical(k, zi, ld); }, zn, 3);
    std::printf("| %.2f | %zu | %.3g | %.3g | %.0f |\n", k, z.size(), fast, slow, fast / slow);
  }
  std::printf("\nEvery point in transit (0 <= z <= 1 + k); the target is 1e7 points/s per core.\n");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string what = argc > 1 ? argv[1] : "model";
  if (what == "model") return run_model();
  std::fprintf(stderr, "usage: fit_bench model\n");
  return 2;
}
