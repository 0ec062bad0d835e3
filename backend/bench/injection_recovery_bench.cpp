// Injection-recovery and comparison driver for the transit search (not a Google Benchmark).
//   injection_recovery_bench recall [tess_trials kepler_trials]  recall vs SNR + false alarms
//   injection_recovery_bench write-cases DIR                     light curves + grids for astropy
//   injection_recovery_bench write-injections DIR N              TESS injections for astropy
//   injection_recovery_bench search CSV PERIODS_FILE HOURS       time one search, JSON line
//   injection_recovery_bench scaling                             cost vs points and periods
//   injection_recovery_bench noise-snr                           noise SNR vs trial periods
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iterator>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "exodetect/detect/pipeline.hpp"
#include "exodetect/search/bls.hpp"

namespace {

using exodetect::search::Periodogram;
using Clock = std::chrono::steady_clock;

constexpr double kNoise = 1e-3;   // white noise per point (relative flux)
constexpr unsigned kSeed = 2026;  // fixed: the tables are reproducible
const std::vector<double> kDurationsHours = {1, 2, 3, 4, 6, 8};  // the comparison's grid

struct Survey {
  const char* name;
  double span_days;
  double cadence_days;
  bool quarter_gaps;  // Kepler: a 1-day gap every 93 days
  double period_min, period_max;
};

const Survey kTess{"TESS sector (27 d, 2 min)", 27.0, 2.0 / 1440, false, 0.5, 13.5};
const Survey kKepler{"Kepler 4 yr (30 min, quarter gaps)", 1470.0, 29.4 / 1440, true, 0.5, 100.0};

struct LightCurve {
  std::vector<double> time, flux, err;
};

LightCurve noise_curve(const Survey& s, std::mt19937_64& rng) {
  std::normal_distribution<double> gauss(0.0, kNoise);
  LightCurve lc;
  for (double t = 0; t < s.span_days; t += s.cadence_days) {
    if (s.quarter_gaps && std::fmod(t, 93.0) < 1.0) continue;
    lc.time.push_back(1000.0 + t);
    lc.flux.push_back(1.0 + gauss(rng));
    lc.err.push_back(kNoise);
  }
  return lc;
}

struct Planet {
  double period, t0, duration_days, depth;
};

// A box transit scaled so depth / noise * sqrt(points in transit) equals `snr`; duration from
// a Sun-like star (13 h * (P / 365 d)^(1/3)) times a random impact-parameter factor.
Planet inject(LightCurve& lc, const Survey& s, double snr, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Planet p;
  const double log_lo = std::log(std::max(1.0, s.period_min)),
               log_hi = std::log(s.period_max * 0.9);
  p.period = std::exp(log_lo + (log_hi - log_lo) * u(rng));
  p.t0 = lc.time.front() + p.period * u(rng);
  p.duration_days = 13.0 / 24 * std::cbrt(p.period / 365.25) * (0.6 + 0.4 * u(rng));
  p.duration_days = std::max(p.duration_days, 1.0 / 24);
  std::vector<size_t> in;
  for (size_t i = 0; i < lc.time.size(); ++i) {
    if (std::abs(std::remainder(lc.time[i] - p.t0, p.period)) < 0.5 * p.duration_days) {
      in.push_back(i);
    }
  }
  p.depth = in.empty() ? 0 : snr * kNoise / std::sqrt(static_cast<double>(in.size()));
  for (size_t i : in) lc.flux[i] -= p.depth;
  return p;
}

struct Found {
  double period, sde, seconds;
};

Found search(const LightCurve& lc, const Survey& s) {
  const auto t1 = Clock::now();
  const auto periods = exodetect::search::ofir_period_grid(lc.time.back() - lc.time.front(),
                                                           s.period_min, s.period_max, 1.41, 3.0);
  const Periodogram pg =
      exodetect::search::bls_periodogram(lc.time, lc.flux, lc.err, periods, kDurationsHours, 0);
  const auto sde = exodetect::search::signal_detection_efficiency(pg);
  const double seconds = std::chrono::duration<double>(Clock::now() - t1).count();
  const size_t k = static_cast<size_t>(std::max_element(sde.begin(), sde.end()) - sde.begin());
  return {pg.period_days[k], sde[k], seconds};
}

bool near(double a, double b) { return std::abs(a - b) < 0.01 * b; }

// What a user gets: detect_planets with its defaults (automatic SNR threshold, SDE floor,
// vetting, physical trial durations sized per period for an unknown star), over the survey's
// period range.
struct Decision {
  std::vector<double> periods;  // reported candidates
  size_t single_events = 0;     // reported single transits
  double snr_min = 0;           // the threshold it applied
  double seconds = 0;
};

exodetect::lightcurve::LightCurve engine_curve(const LightCurve& lc) {
  exodetect::lightcurve::LightCurve in;
  in.time = lc.time;
  in.flux = lc.flux;
  in.flux_err = lc.err;
  return in;
}

exodetect::detect::DetectOptions survey_options(const Survey& s) {
  exodetect::detect::DetectOptions o;
  o.period_min_days = s.period_min;
  o.period_max_days = s.period_max;
  return o;
}

Decision detect(const LightCurve& lc, const Survey& s) {
  const auto t1 = Clock::now();
  const auto report = exodetect::detect::detect_planets(engine_curve(lc), survey_options(s));
  Decision d;
  d.seconds = std::chrono::duration<double>(Clock::now() - t1).count();
  d.snr_min = report.search.snr_min;
  for (const auto& c : report.candidates) d.periods.push_back(c.period);
  d.single_events = report.single_events.size();
  return d;
}

int recall(int tess_trials, int kepler_trials) {
  const std::vector<double> snrs = {5, 6, 7.5, 10, 12};
  std::printf("Injection-recovery: white noise %.0f ppm, box transits, Ofir grid (os 3, solar),\n",
              kNoise * 1e6);
  std::printf(
      "raw peak durations 1,2,3,4,6,8 h. pipeline = detect_planets with default options (physical\n"
      "durations, automatic\n");
  std::printf(
      "transit-SNR threshold, SDE floor 6, vetting) reports a candidate within 1%% of the\n");
  std::printf(
      "injected period; raw peak = the undetrended BLS periodogram's highest SDE is there (any\n");
  std::printf(
      "significance: how often the period alone is identified); alias = that peak at P/2 or 2P;\n");
  std::printf("false alarm = any candidate reported on pure noise.\n");
  std::printf("SNR = depth / noise * sqrt(points in transit). Seed %u.\n\n", kSeed);
  std::printf(
      "| survey | SNR | trials | SNR threshold | recall (pipeline) | raw peak at period |"
      " aliases | median SDE | mean pipeline s |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|\n");
  std::vector<std::string> single_rows;
  for (const Survey* s : {&kTess, &kKepler}) {
    const int trials = s == &kTess ? tess_trials : kepler_trials;
    std::mt19937_64 rng(kSeed);
    for (double snr : snrs) {
      int hits = 0, raw_hits = 0, aliases = 0;
      double seconds = 0, threshold = 0;
      std::vector<double> sdes;
      for (int i = 0; i < trials; ++i) {
        LightCurve lc = noise_curve(*s, rng);
        const Planet p = inject(lc, *s, snr, rng);
        const Decision d = detect(lc, *s);
        const Found f = search(lc, *s);
        seconds += d.seconds;
        threshold = d.snr_min;
        sdes.push_back(f.sde);
        if (std::any_of(d.periods.begin(), d.periods.end(),
                        [&](double x) { return near(x, p.period); })) {
          ++hits;
        }
        if (near(f.period, p.period)) ++raw_hits;
        if (near(f.period, 2 * p.period) || near(f.period, 0.5 * p.period)) ++aliases;
      }
      std::nth_element(sdes.begin(), sdes.begin() + sdes.size() / 2, sdes.end());
      std::printf("| %s | %.1f | %d | %.2f | %.1f%% | %.1f%% | %d | %.1f | %.3f |\n", s->name, snr,
                  trials, threshold, 100.0 * hits / trials, 100.0 * raw_hits / trials, aliases,
                  sdes[sdes.size() / 2], seconds / trials);
      std::fflush(stdout);
    }
    const int noise_trials = 4 * trials;
    int alarms = 0, single_alarms = 0;
    double threshold = 0, seconds = 0;
    std::vector<double> sdes;
    for (int i = 0; i < noise_trials; ++i) {
      const LightCurve lc = noise_curve(*s, rng);
      const Decision d = detect(lc, *s);
      const Found f = search(lc, *s);
      threshold = d.snr_min;
      seconds += d.seconds;
      sdes.push_back(f.sde);
      if (!d.periods.empty()) ++alarms;
      if (d.single_events > 0) ++single_alarms;
    }
    std::nth_element(sdes.begin(), sdes.begin() + sdes.size() / 2, sdes.end());
    std::printf(
        "| %s | pure noise: false alarms | %d | %.2f | %.1f%% | | | %.1f (max %.1f) | %.3f |\n",
        s->name, noise_trials, threshold, 100.0 * alarms / noise_trials, sdes[sdes.size() / 2],
        *std::max_element(sdes.begin(), sdes.end()), seconds / noise_trials);
    single_rows.push_back(std::string(s->name) + ": " + std::to_string(single_alarms) + " of " +
                          std::to_string(noise_trials));
    std::fflush(stdout);
  }
  // The single-event search's own false alarms (find_single_events, 1% wanted).
  std::printf("\nPure-noise curves with a single transit reported:");
  for (const auto& row : single_rows) std::printf(" %s;", row.c_str());
  std::printf("\n");
  return 0;
}

void write_curve(const std::string& path, const LightCurve& lc) {
  std::ofstream out(path);
  out.precision(12);
  out << "time,flux,flux_err\n";
  for (size_t i = 0; i < lc.time.size(); ++i) {
    out << lc.time[i] << ',' << lc.flux[i] << ',' << lc.err[i] << '\n';
  }
}

int write_cases(const std::string& dir) {
  std::mt19937_64 rng(kSeed);
  for (const auto& [name, s] : {std::pair{"tess", &kTess}, std::pair{"kepler", &kKepler}}) {
    LightCurve lc = noise_curve(*s, rng);
    const Planet p = inject(lc, *s, 12.0, rng);
    write_curve(dir + "/" + name + ".csv", lc);
    const auto periods = exodetect::search::ofir_period_grid(
        lc.time.back() - lc.time.front(), s->period_min, s->period_max, 1.41, 3.0);
    std::ofstream grid(dir + "/" + name + "_periods.txt");
    grid.precision(17);
    for (double v : periods) grid << v << '\n';
    std::ofstream truth(dir + "/" + name + "_truth.txt");
    truth.precision(12);
    truth << p.period << ' ' << p.t0 << ' ' << p.duration_days << ' ' << p.depth << '\n';
  }
  return 0;
}

// TESS-sector light curves for the same-injections comparison with astropy
// (astropy_recall.py): `trials` per SNR of 6, 7.5 and 10 and 2 * `trials` of pure noise, as
// DIR/<name>.csv, with DIR/truth.csv (name, snr, period; 0 for noise) and the period grid.
int write_injections(const std::string& dir, int trials) {
  std::mt19937_64 rng(kSeed + 1);
  std::ofstream truth(dir + "/truth.csv");
  truth.precision(12);
  truth << "name,snr,period\n";
  for (double snr : {6.0, 7.5, 10.0, 0.0}) {
    for (int i = 0; i < (snr > 0 ? trials : 2 * trials); ++i) {
      LightCurve lc = noise_curve(kTess, rng);
      const double period = snr > 0 ? inject(lc, kTess, snr, rng).period : 0.0;
      const std::string name =
          "snr" + std::to_string(static_cast<int>(snr * 10)) + "_" + std::to_string(i);
      write_curve(dir + "/" + name + ".csv", lc);
      truth << name << ',' << snr << ',' << period << '\n';
    }
  }
  const auto periods = exodetect::search::ofir_period_grid(kTess.span_days, kTess.period_min,
                                                           kTess.period_max, 1.41, 3.0);
  std::ofstream grid(dir + "/periods.txt");
  grid.precision(17);
  for (double v : periods) grid << v << '\n';
  return 0;
}

// The transit SNR of what detect_planets reports from pure white noise with no SNR threshold
// (the highest of its candidates, rotation-like ones included) against the number of trial periods:
// the calibration behind the pipeline's automatic SNR threshold (auto_snr_threshold), with the
// false-alarm rate that threshold gives.
int noise_snr() {
  struct Case {
    const char* name;
    Survey survey;
    int trials;
  };
  const std::vector<Case> cases = {
      {"TESS 13.5 d, 2 min, 0.5-6 d", {"", 13.5, 2.0 / 1440, false, 0.5, 6.0}, 600},
      {"TESS sector, 0.5-13.5 d", kTess, 600},
      {"Kepler quarter, 0.5-45 d", {"", 90.0, 29.4 / 1440, false, 0.5, 45.0}, 300},
      {"Kepler 1 yr, 0.5-100 d", {"", 365.0, 29.4 / 1440, true, 0.5, 100.0}, 200},
      {"Kepler 4 yr, 0.5-100 d", kKepler, 150},
  };
  std::printf(
      "| case | trial periods | trials | median SNR | 95%% | 99%% | max | auto threshold |"
      " false alarms at it |\n");
  std::printf("|---|---|---|---|---|---|---|---|---|\n");
  std::mt19937_64 rng(kSeed);
  for (const Case& c : cases) {
    std::vector<double> snrs;
    size_t n_periods = 0;
    for (int i = 0; i < c.trials; ++i) {
      const LightCurve lc = noise_curve(c.survey, rng);
      exodetect::detect::DetectOptions o = survey_options(c.survey);
      o.max_planets = 1;
      // No SNR threshold, the default SDE floor: the SNR of what the pipeline would report
      // (0 when the floor already rejects the strongest peak), so the threshold set from these
      // quantiles gives the false alarms users see.
      o.snr_min = 1e-9;
      const auto report = exodetect::detect::detect_planets(engine_curve(lc), o);
      n_periods = report.search.n_periods;
      // The highest SNR of any candidate: a false alarm is any candidate reported, and the
      // candidates come sorted by SDE, not SNR.
      double highest = 0.0;
      for (const auto& found : report.candidates) highest = std::max(highest, found.snr);
      snrs.push_back(highest);
    }
    std::sort(snrs.begin(), snrs.end());
    auto q = [&](double f) { return snrs[std::min(snrs.size() - 1, size_t(f * snrs.size()))]; };
    const double threshold = exodetect::detect::auto_snr_threshold(n_periods);
    const auto alarms = snrs.end() - std::lower_bound(snrs.begin(), snrs.end(), threshold);
    std::printf("| %s | %zu | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.1f%% |\n", c.name,
                n_periods, c.trials, q(0.5), q(0.95), q(0.99), snrs.back(), threshold,
                100.0 * alarms / c.trials);
    std::fflush(stdout);
  }
  return 0;
}

int usage() {
  std::fprintf(stderr,
               "usage: injection_recovery_bench recall [tess_trials kepler_trials] | "
               "write-cases DIR | write-injections DIR N | search CSV PERIODS_FILE HOURS | scaling "
               "| noise-snr\n");
  return 2;
}

// Every number in a text file (comma, space or newline separated), fast.
std::vector<double> read_numbers(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<double> v;
  const char* c = text.c_str();
  while (*c) {
    char* end;
    const double x = std::strtod(c, &end);
    if (end == c) {
      ++c;
      continue;
    }
    v.push_back(x);
    c = end;
  }
  return v;
}

int search_file(const std::string& csv, const std::string& periods_path,
                const std::string& hours_csv) {
  const auto t0 = Clock::now();
  std::ifstream head(csv);
  std::string header;
  std::getline(head, header);
  if (header != "time,flux,flux_err") return usage();
  const std::vector<double> cols = read_numbers(csv);
  LightCurve lc;
  for (size_t i = 0; i + 2 < cols.size(); i += 3) {
    lc.time.push_back(cols[i]);
    lc.flux.push_back(cols[i + 1]);
    lc.err.push_back(cols[i + 2]);
  }
  const auto periods = read_numbers(periods_path);
  std::vector<double> hours;
  std::stringstream hs(hours_csv);
  for (std::string tok; std::getline(hs, tok, ',');) hours.push_back(std::stod(tok));
  if (periods.empty() || hours.empty()) return usage();
  const auto t1 = Clock::now();
  const Periodogram pg =
      exodetect::search::bls_periodogram(lc.time, lc.flux, lc.err, periods, hours, 0);
  const auto sde = exodetect::search::signal_detection_efficiency(pg);
  const auto t2 = Clock::now();
  const size_t k = static_cast<size_t>(std::max_element(sde.begin(), sde.end()) - sde.begin());
  std::printf(
      "{\"n_points\": %zu, \"n_periods\": %zu, \"period\": %.8f, \"sde\": %.2f, "
      "\"read_s\": %.4f, \"search_s\": %.4f}\n",
      lc.time.size(), periods.size(), pg.period_days[k], sde[k],
      std::chrono::duration<double>(t1 - t0).count(),
      std::chrono::duration<double>(t2 - t1).count());
  return 0;
}

// Cost against the number of points (fixed TESS grid, finer cadence) and of trial periods
// (fixed TESS data, Ofir oversampling 1..12).
int scaling() {
  std::mt19937_64 rng(kSeed);
  const std::vector<double>& hours = kDurationsHours;
  auto time_search = [&](const LightCurve& lc, const std::vector<double>& periods) {
    double best = 1e9;
    for (int rep = 0; rep < 3; ++rep) {
      const auto t1 = Clock::now();
      exodetect::search::bls_periodogram(lc.time, lc.flux, lc.err, periods, hours, 0);
      best = std::min(best, std::chrono::duration<double>(Clock::now() - t1).count());
    }
    return best;
  };
  std::printf("| points | trial periods | search ms |\n|---|---|---|\n");
  const auto grid = exodetect::search::ofir_period_grid(27.0, 0.5, 13.5, 1.41, 3.0);
  for (double cadence_min : {8.0, 4.0, 2.0, 1.0, 0.5}) {
    Survey s = kTess;
    s.cadence_days = cadence_min / 1440;
    const LightCurve lc = noise_curve(s, rng);
    std::printf("| %zu | %zu | %.2f |\n", lc.time.size(), grid.size(), 1e3 * time_search(lc, grid));
  }
  const LightCurve lc = noise_curve(kTess, rng);
  for (double os : {1.0, 2.0, 6.0, 12.0}) {
    const auto periods = exodetect::search::ofir_period_grid(27.0, 0.5, 13.5, 1.41, os);
    std::printf("| %zu | %zu | %.2f |\n", lc.time.size(), periods.size(),
                1e3 * time_search(lc, periods));
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "recall";
  if (mode == "recall") {
    const int tess = argc > 2 ? std::atoi(argv[2]) : 40;
    const int kepler = argc > 3 ? std::atoi(argv[3]) : 6;
    if (tess < 1 || kepler < 1) return usage();
    return recall(tess, kepler);
  }
  if (mode == "write-cases" && argc == 3) return write_cases(argv[2]);
  if (mode == "write-injections" && argc == 4 && std::atoi(argv[3]) > 0) {
    return write_injections(argv[2], std::atoi(argv[3]));
  }
  if (mode == "search" && argc == 5) return search_file(argv[2], argv[3], argv[4]);
  if (mode == "scaling") return scaling();
  if (mode == "noise-snr") return noise_snr();
  return usage();
}
