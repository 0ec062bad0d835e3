// Benchmarks of the transit fit (a plain program: each step prints a table).
//   fit_bench           all of the below (what scripts/bench.sh runs)
//   fit_bench model     model points per second, closed form against numerical integration
//   fit_bench speed [N] seconds per candidate fit on the TESS and Kepler files in data/ (the
//                       TESS fit with N seeds, default 1)
//   fit_bench coverage [N]  injection-recovery coverage of the 68% and 95% intervals (N trials
//                       per noise kind, default 40)
//   fit_bench shape [N] transits like the published planets' injected into the raw TESS and
//                       Kepler files, found and fitted through the whole pipeline: the fitted
//                       T14, depth, k, b and a/R* against the injected ones; a third
//                       argument keeps the cases whose name contains it ("HAT-P-7")
// Timings on a shared machine wander: each compares with its reference in the same run, and
// CPU seconds are printed next to wall seconds.
// Run from the repository root (reads data/lightcurves).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "exodetect/detect/pipeline.hpp"
#include "exodetect/fit/fit_json.hpp"
#include "exodetect/fit/transit_fit.hpp"
#include "exodetect/fit/transit_model.hpp"
#include "exodetect/lightcurve/detrend.hpp"

#include <sys/resource.h>

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

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + 1e-6 * (u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

const char* kTessFile =
    "data/lightcurves/hlsp_tess-data-alerts_tess_phot_00025155310-s01_tess_v1_lc.fits.gz";
const char* kKeplerFile = "data/lightcurves/kplr011442793-2009350155506_llc.fits.gz";
// WASP-126 b's ephemeris (TOI-114.01, Guerrero et al. 2021): its transits are cut out of the
// quiet light curve the injections go into.
constexpr double kWasp126Period = 3.2887898, kWasp126T0 = 1327.519958;

struct Timed {
  fit::TransitFit fit;
  double wall = 0, cpu = 0;
};

Timed timed_fit(const fit::FitData& data, const fit::TransitGuess& guess,
                const fit::FitOptions& opt) {
  Timed t;
  const double c0 = cpu_seconds();
  const auto start = Clock::now();
  t.fit = fit::fit_transit(data, guess, opt);
  t.wall = seconds_since(start);
  t.cpu = cpu_seconds() - c0;
  return t;
}

// Seconds the fit would take on an idle 2-core machine: the CPU time per posterior evaluation
// times the evaluations on the longer thread (the three maximum-likelihood starts on two
// threads take two starts' time; the two ensembles one each). On a shared machine the wall
// time is the load's, not the fit's.
double idle_two_core_seconds(const Timed& t) {
  const double opt = static_cast<double>(t.fit.optimizer_evaluations);
  const double sampler = static_cast<double>(t.fit.sampler_evaluations);
  if (opt + sampler <= 0) return NAN;
  return t.cpu / (opt + sampler) * (opt * 2.0 / 3.0 + sampler / 2.0);
}

void print_speed_row(const char* name, const Timed& t, double reference_s, const char* ref) {
  std::printf("| %s | %zu | %d x %d | %zu + %zu | %s | %.2f | %.2f | %.2f | %.2f (%s) |\n", name,
              t.fit.n_points, t.fit.convergence.walkers, t.fit.convergence.steps,
              t.fit.optimizer_evaluations, t.fit.sampler_evaluations, t.fit.ok ? "yes" : "no",
              t.wall, t.cpu, idle_two_core_seconds(t), reference_s, ref);
}

// Detrended, normalised flux of a light curve with `mask` kept out of the trend.
fit::FitData detrended(const exodetect::lightcurve::LightCurve& lc,
                       const std::vector<uint8_t>& mask) {
  exodetect::lightcurve::DetrendOptions o;
  o.threads = 2;
  auto d = exodetect::lightcurve::biweight_detrend(lc.time, lc.flux, mask, o);
  fit::FitData data;
  for (size_t i = 0; i < lc.size(); ++i) {
    if (d.clipped[i] || mask[i]) continue;
    data.time.push_back(lc.time[i]);
    data.flux.push_back(d.flux[i]);
    data.flux_err.push_back(lc.flux_err[i]);
  }
  return data;
}

int run_speed(int seeds) {
  char load[64] = "?";
  if (FILE* f = std::fopen("/proc/loadavg", "r")) {
    if (!std::fgets(load, sizeof load, f)) load[0] = 0;
    std::fclose(f);
  }
  std::printf("## Fit speed, 2 threads (load average at start: %.14s)\n\n", load);
  std::printf(
      "| light curve | points fitted | walkers x steps | evaluations (optimiser + sampler) |"
      " converged | wall s | CPU s | idle 2-core s (estimate) | reference s |\n"
      "|---|---|---|---|---|---|---|---|---|\n");
  fit::FitOptions opt;
  opt.threads = 2;
  // TESS: the search's own run on the sector is the reference.
  {
    auto lc = exodetect::lightcurve::read_light_curve(kTessFile);
    exodetect::detect::DetectOptions d;
    d.threads = 2;
    d.max_planets = 1;
    const auto start = Clock::now();
    auto report = exodetect::detect::detect_planets(lc, d);
    const double search_s = seconds_since(start);
    if (report.candidates.empty()) return 1;
    const auto& c = report.candidates[0];
    // The steps to convergence vary from seed to seed: each seed is a row.
    for (int s = 0; s < seeds; ++s) {
      fit::FitOptions o = opt;
      o.seed = opt.seed + static_cast<uint64_t>(s);
      auto t = timed_fit(fit::candidate_fit_data(report, 0),
                         {c.period, c.t0, c.duration_hours, c.depth_ppm}, o);
      const std::string name = "TESS sector, WASP-126 b (2 min), seed " + std::to_string(o.seed);
      print_speed_row(name.c_str(), t, search_s, "search");
    }
  }
  // Four Kepler years: the real Kepler-90 Q3 long-cadence quarter repeated 16 times (its
  // noise, cadence and gaps), its planets' transits falling where they fall, with a
  // 2.5 R_earth-like transit injected (k 0.03, P 13.7 d, b 0.4, solar density).
  {
    auto q = exodetect::lightcurve::read_light_curve(kKeplerFile);
    exodetect::lightcurve::LightCurve lc = q;
    lc.time.clear();
    lc.flux.clear();
    lc.flux_err.clear();
    const double span = q.span_days() + 2.0;
    for (int k = 0; k < 16; ++k) {
      for (size_t i = 0; i < q.size(); ++i) {
        lc.time.push_back(q.time[i] + k * span);
        lc.flux.push_back(q.flux[i]);
        lc.flux_err.push_back(q.flux_err[i]);
      }
    }
    fit::TransitParams p;
    p.t0 = q.time.front() + 5.3;
    p.period_days = 13.7;
    p.rp_rs = 0.03;
    p.impact = 0.4;
    p.a_rs = fit::a_rs_from_density(1.41, p.period_days);
    const double exposure = 29.4 / 1440;
    auto model = fit::transit_light_curve(lc.time, p, exposure, fit::supersample_count(exposure));
    for (size_t i = 0; i < lc.size(); ++i) lc.flux[i] *= model[i];
    const auto start = Clock::now();
    auto data = detrended(lc, std::vector<uint8_t>(lc.size(), 0));
    const double detrend_s = seconds_since(start);
    data.exposure_days = exposure;
    const double t14 = fit::transit_duration_hours(p.period_days, p.a_rs, p.impact, p.rp_rs);
    auto t = timed_fit(data, {p.period_days, p.t0, t14, 1e6 * p.rp_rs * p.rp_rs}, opt);
    print_speed_row("4 Kepler years (Kepler-90 Q3 x 16, 29.4 min)", t, detrend_s, "detrend");
  }
  std::printf("\nTargets: 1 s per candidate on a TESS sector, 5 s on four Kepler years.\n");
  return 0;
}

// Share of trials whose true value lies inside the central 68% and 95% posterior intervals.
struct Coverage {
  int in68 = 0, in95 = 0, n = 0;
  void add(std::vector<double> v, double truth) {
    if (v.empty()) return;
    std::sort(v.begin(), v.end());
    auto q = [&](double f) { return v[std::min(v.size() - 1, static_cast<size_t>(f * v.size()))]; };
    in68 += truth >= q(0.158655) && truth <= q(0.841345);
    in95 += truth >= q(0.025) && truth <= q(0.975);
    ++n;
  }
};

int run_coverage(int trials) {
  std::printf("## Injection recovery: coverage of the posterior intervals\n\n");
  std::printf(
      "k in [0.03, 0.15], b in [0, 0.85], density log-uniform in [0.5, 3] g/cm^3, q1 and "
      "q2 uniform in [0.1, 0.9], P in [2, 6] d. Expected: 68%% and 95%%.\n\n");
  std::printf(
      "| noise | parameter | trials | inside 68%% | inside 95%% |\n|---|---|---|---|---|\n");
  auto quiet = exodetect::lightcurve::read_light_curve(kTessFile);
  std::vector<uint8_t> mask(quiet.size(), 0);
  for (size_t i = 0; i < quiet.size(); ++i) {
    mask[i] = std::fabs(std::remainder(quiet.time[i] - kWasp126T0, kWasp126Period)) < 0.15;
  }
  const fit::FitData quiet_data = detrended(quiet, mask);
  std::vector<std::string> unconverged;
  std::vector<int> steps_taken;  // of the converged fits, both noise kinds
  for (int kind = 0; kind < 2; ++kind) {
    std::mt19937_64 rng(1234 + kind);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    const char* names[] = {"rp_rs", "impact", "stellar_density_cgs", "t0_days", "period_days"};
    Coverage cov[5];
    int failed = 0;
    for (int trial = 0; trial < trials; ++trial) {
      fit::TransitParams p;
      p.rp_rs = 0.03 + 0.12 * u(rng);
      p.impact = 0.85 * u(rng);
      const double density = 0.5 * std::pow(6.0, u(rng));
      p.period_days = 2 + 4 * u(rng);
      p.a_rs = fit::a_rs_from_density(density, p.period_days);
      p.ld = fit::limb_darkening_from_kipping(0.1 + 0.8 * u(rng), 0.1 + 0.8 * u(rng));
      fit::FitData data = quiet_data;
      std::vector<double> noise;  // white: Gaussian 1000 ppm at 2 minutes over 27 days
      if (kind == 0) {
        std::normal_distribution<double> g(0.0, 1e-3);
        data.time.clear();
        for (double t = 0; t < 27; t += 2.0 / 1440) data.time.push_back(t);
        for (size_t i = 0; i < data.time.size(); ++i) noise.push_back(g(rng));
        data.flux_err.assign(data.time.size(), 1e-3);
      }
      p.t0 = data.time.front() + 1 + p.period_days * u(rng);
      auto model = fit::transit_light_curve(data.time, p, 2.0 / 1440, 1);
      if (kind == 0) data.flux = model;
      for (size_t i = 0; i < data.time.size(); ++i) {
        data.flux[i] = kind == 0 ? model[i] + noise[i] : data.flux[i] * model[i];
      }
      const double t14 = fit::transit_duration_hours(p.period_days, p.a_rs, p.impact, p.rp_rs);
      fit::FitOptions opt;
      opt.threads = 2;
      opt.seed = 100 + trial;
      opt.max_samples = 4000;
      auto f = fit::fit_transit(data,
                                {p.period_days * (1 + 1e-4 * (u(rng) - 0.5)),
                                 p.t0 + 0.01 * (u(rng) - 0.5), t14, 1e6 * p.rp_rs * p.rp_rs},
                                opt);
      if (!f.ok) {
        ++failed;
        // What did not converge: the injection and the slowest sampled parameter.
        const auto& cv = f.convergence;
        const size_t worst = static_cast<size_t>(
            std::max_element(cv.split_rhat.begin(), cv.split_rhat.end()) - cv.split_rhat.begin());
        unconverged.push_back(
            std::string(kind == 0 ? "white" : "TESS") + " trial " + std::to_string(trial) + ": k " +
            std::to_string(p.rp_rs) + ", b " + std::to_string(p.impact) + ", density " +
            std::to_string(density) + ", P " + std::to_string(p.period_days) +
            "; max split R-hat " + std::to_string(cv.max_split_rhat) + " (" +
            (worst < fit::kSampledNames.size() ? fit::kSampledNames[worst] : "?") + "), max tau " +
            std::to_string(cv.max_autocorr_time));
        continue;
      }
      steps_taken.push_back(f.convergence.steps);
      const double truth[] = {p.rp_rs, p.impact, density, p.t0, p.period_days};
      for (int j = 0; j < 5; ++j) {
        size_t col = 0;
        while (col < f.sample_names.size() && f.sample_names[col] != names[j]) ++col;
        std::vector<double> v;
        for (const auto& row : f.samples) v.push_back(row[col]);
        cov[j].add(v, truth[j]);
      }
    }
    for (int j = 0; j < 5; ++j) {
      std::printf("| %s | %s | %d | %.0f%% | %.0f%% |\n",
                  kind == 0 ? "white" : "TESS WASP-126 (quiet)", names[j], cov[j].n,
                  100.0 * cov[j].in68 / std::max(1, cov[j].n),
                  100.0 * cov[j].in95 / std::max(1, cov[j].n));
    }
    std::printf("| %s | not converged | %d | | |\n", kind == 0 ? "white" : "TESS WASP-126 (quiet)",
                failed);
  }
  if (!steps_taken.empty()) {
    std::sort(steps_taken.begin(), steps_taken.end());
    const auto at = [&](double q) {
      return steps_taken[static_cast<size_t>(q * static_cast<double>(steps_taken.size() - 1))];
    };
    std::printf(
        "\nSteps to convergence (%zu converged fits): median %d, 90th percentile %d, "
        "95th %d, most %d\n",
        steps_taken.size(), at(0.5), at(0.9), at(0.95), steps_taken.back());
  }
  if (!unconverged.empty()) std::printf("\nNot converged:\n\n");
  for (const auto& u : unconverged) std::printf("- %s\n", u.c_str());
  return 0;
}

// The interval's distance from `truth` in its own standard deviations (the side facing it).
double sigma_from(const fit::Interval& iv, double truth) {
  const double err = truth > iv.median ? iv.upper - iv.median : iv.median - iv.lower;
  return (iv.median - truth) / std::max(err, 1e-300);
}

// Shape recovery through the whole pipeline: a transit of known shape multiplied into a raw
// light curve (before detrending), found by detect_planets, fitted from candidate_fit_data.
// What a bias in the detrending (window against duration, the masking of transits from the
// trend), the exposure integration or the T14 definition would show up in.
int run_shape(int phases, const std::string& only) {
  std::printf("## Shape recovery: injected into raw light curves, detected and fitted\n\n");
  std::printf(
      "| light curve | injected like | parameter | injected | fitted | sigma |\n"
      "|---|---|---|---|---|---|\n");
  struct Case {
    const char* file;
    const char* like;
    double period, rp_rs, a_rs, impact;
  };
  // Geometries near the published planets' (docs/FIT.md), at periods that miss the files' own
  // planets' transits.
  const Case cases[] = {
      {kTessFile, "WASP-62 b (k 0.11, a/R* 9.6, b 0.2)", 4.4119, 0.1105, 9.6, 0.2},
      {kTessFile, "WASP-100 b (k 0.087, a/R* 5.4, b 0.55)", 2.8494, 0.087, 5.4, 0.55},
      {kTessFile, "WASP-46 b (k 0.14, a/R* 5.9, b 0.7)", 1.4304, 0.1407, 5.85, 0.7},
      {kKeplerFile, "HAT-P-7 b (k 0.078, a/R* 4.15, b 0.5), 29.4 min", 2.2047, 0.0776, 4.15, 0.5},
  };
  // Each case at `phases` transit times (other noise under the transits); the mean sigma of
  // each parameter over them is the bias in units of the posterior's width.
  for (const auto& c : cases) {
    if (!only.empty() && std::string(c.like).find(only) == std::string::npos) continue;
    double sum_sigma[5] = {0, 0, 0, 0, 0};
    int fitted = 0;
    for (int ph = 0; ph < phases; ++ph) {
      auto lc = exodetect::lightcurve::read_light_curve(c.file);
      fit::TransitParams p;
      p.period_days = c.period;
      p.t0 = lc.time.front() + (0.37 + static_cast<double>(ph) / phases) * c.period;
      p.rp_rs = c.rp_rs;
      p.a_rs = c.a_rs;
      p.impact = c.impact;
      p.ld = fit::limb_darkening_from_kipping(0.36, 0.3);
      std::vector<double> steps;
      for (size_t i = 1; i < lc.size(); ++i) steps.push_back(lc.time[i] - lc.time[i - 1]);
      std::nth_element(steps.begin(), steps.begin() + steps.size() / 2, steps.end());
      const double exposure = steps[steps.size() / 2];
      const auto model =
          fit::transit_light_curve(lc.time, p, exposure, fit::supersample_count(exposure));
      for (size_t i = 0; i < lc.size(); ++i) lc.flux[i] *= model[i];
      exodetect::detect::DetectOptions d;
      d.threads = 2;
      d.max_planets = 3;
      const auto report = exodetect::detect::detect_planets(lc, d);
      size_t found = report.candidates.size();
      for (size_t k = 0; k < report.candidates.size() && found == report.candidates.size(); ++k) {
        if (std::fabs(report.candidates[k].period / c.period - 1) < 2e-3) found = k;
      }
      if (found == report.candidates.size()) {
        std::printf("| %s | %s | not found | | | |\n", c.file, c.like);
        continue;
      }
      const auto& cand = report.candidates[found];
      fit::FitOptions opt;
      opt.threads = 2;
      const auto f =
          fit::fit_transit(fit::candidate_fit_data(report, found),
                           {cand.period, cand.t0, cand.duration_hours, cand.depth_ppm}, opt);
      if (!f.ok) {
        // The best fit's T14 and b (kSampledNames order) in place of the posterior's.
        const double t14 = fit::transit_duration_hours(p.period_days, p.a_rs, p.impact, p.rp_rs);
        std::printf(
            "| %s | %s | no posterior (%s); best fit T14 %.4g h (injected %.4g), b %.3g |"
            " | | |\n",
            c.file, c.like, f.error.c_str(),
            f.max_likelihood.empty() ? NAN : 24 * f.max_likelihood[4], t14,
            f.max_likelihood.empty() ? NAN : f.max_likelihood[3]);
        // Which sampled parameters are slow (kSampledNames order).
        std::printf("| | | split R-hat / tau:");
        for (size_t j = 0; j < f.convergence.split_rhat.size(); ++j) {
          std::printf(
              " %s %.3f/%.0f", fit::kSampledNames[j].c_str(), f.convergence.split_rhat[j],
              j < f.convergence.autocorr_time.size() ? f.convergence.autocorr_time[j] : NAN);
        }
        std::printf(" | | | |\n");
        continue;
      }
      const double t14 = fit::transit_duration_hours(p.period_days, p.a_rs, p.impact, p.rp_rs);
      const double depth = (1 - fit::quadratic_occultation_flux(p.rp_rs, p.impact, p.ld)) * 1e6;
      const struct {
        const char* name;
        const fit::Interval& iv;
        double truth;
      } rows[] = {{"T14 (h)", f.t14_hours, t14},
                  {"depth (ppm)", f.depth_ppm, depth},
                  {"Rp/R*", f.rp_rs, p.rp_rs},
                  {"b", f.impact, p.impact},
                  {"a/R*", f.a_rs, p.a_rs}};
      const std::string name = std::string(c.file).substr(std::string(c.file).rfind('/') + 1, 24);
      ++fitted;
      for (size_t j = 0; j < std::size(rows); ++j) {
        const auto& r = rows[j];
        sum_sigma[j] += sigma_from(r.iv, r.truth);
        std::printf("| %s | %s | %s | %.5g | %.5g +%.2g -%.2g | %+.1f |\n", name.c_str(), c.like,
                    r.name, r.truth, r.iv.median, r.iv.upper - r.iv.median,
                    r.iv.median - r.iv.lower, sigma_from(r.iv, r.truth));
      }
    }
    if (fitted > 1) {
      const char* names[] = {"T14", "depth", "Rp/R*", "b", "a/R*"};
      std::printf("| | %s: mean sigma over %d fits |", c.like, fitted);
      for (int j = 0; j < 5; ++j) std::printf(" %s %+.2f", names[j], sum_sigma[j] / fitted);
      std::printf(" | | | |\n");
    }
  }
  return 0;
}
}  // namespace

int main(int argc, char** argv) {
  // No argument (as scripts/bench.sh runs it): every step.
  const std::string what = argc > 1 ? argv[1] : "all";
  if (what == "all") {
    int rc = run_model();
    std::printf("\n");
    rc |= run_speed(1);
    std::printf("\n");
    return rc | run_coverage(40);
  }
  if (what == "model") return run_model();
  if (what == "speed") return run_speed(argc > 2 ? std::max(1, std::atoi(argv[2])) : 1);
  if (what == "coverage") return run_coverage(argc > 2 ? std::atoi(argv[2]) : 40);
  if (what == "shape") {
    return run_shape(argc > 2 ? std::max(1, std::atoi(argv[2])) : 1, argc > 3 ? argv[3] : "");
  }
  std::fprintf(stderr, "usage: fit_bench model|speed|coverage [trials]|shape [phases [case]]\n");
  return 2;
}
