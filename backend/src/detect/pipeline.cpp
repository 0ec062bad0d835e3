#include "exodetect/detect/pipeline.hpp"
#include "exodetect/common/constants.hpp"
#include "exodetect/common/stats.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <stdexcept>

#include "detrend_choice.hpp"
#include "exodetect/lightcurve/flares.hpp"
#include "exodetect/vetting/transit_shape.hpp"
#include "exodetect/vetting/vetting.hpp"
#include "peak_selection.hpp"
#include "phase_vetting.hpp"
#include "revetting.hpp"
#include "search_points.hpp"

namespace exodetect::detect {

using common::kHoursPerDay;
using common::kSolarDensityCgs;
using lightcurve::biweight_detrend;
using lightcurve::biweight_detrend_update;
using lightcurve::DetrendOptions;
using lightcurve::DetrendResult;
using lightcurve::flare_mask;
using lightcurve::kMinLightCurvePoints;
using lightcurve::LightCurve;
using search::bls_periodogram;
using search::box_red_noise_factor;
using search::default_durations_hours;
using search::DurationPrior;
using search::find_single_events;
using search::kDurationGridRatio;
using search::kMaxDutyCycle;
using search::kMaxPeriodDurationTrials;
using search::kMaxTrialDurations;
using search::kMinTransitPoints;
using search::ofir_period_count;
using search::ofir_period_grid;
using search::Periodogram;
using search::signal_detection_efficiency;
using search::single_event_independent_boxes;
using search::single_event_snr_threshold;
using search::SingleEventOptions;
using vetting::duration_uncertainty;
using vetting::fit_shape_and_ephemeris;
using vetting::is_harmonic;
using vetting::is_v_shaped;
using vetting::one_transit_carries_signal;
using vetting::period_ratio;
using vetting::period_uncertainty;
using vetting::sine_box_loglike_diff;
using vetting::sinusoid_model;
using vetting::transit_mask;
using vetting::transit_missing;
using vetting::TransitEphemeris;
using vetting::TransitVetting;
using vetting::vet_transit;
using vetting::vetting_flags;
using vetting::VettingThresholds;

namespace {

constexpr int kMaxHarmonic = 5;
// Iterations that found only harmonics of earlier candidates still cost a search; bound them.
constexpr int kExtraIterations = 3;
// Rotation signals divided out before the search stops treating them specially (a star has
// one rotation period; differential rotation or a second star can add one more).
constexpr int kMaxRotationSignals = 2;

using Clock = std::chrono::steady_clock;

// A number for messages: "27.88", not std::to_string's "27.880000".
std::string fmt(double v) {
  std::ostringstream s;
  s.precision(4);
  s << v;
  return s.str();
}

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct SearchSetup {
  std::vector<double> periods_days;
  std::vector<double> durations_hours;
  std::optional<DurationPrior> prior;  // set when the durations are the physical default
  DetrendOptions detrend;
  double density_cgs = kSolarDensityCgs;  // sets the Ofir grid (solar when unknown)
  SingleEventOptions single_events;       // its snr_min left to summarise
};

SearchSetup make_setup(const LightCurve& lc, const DetectOptions& options) {
  if (lc.size() < kMinLightCurvePoints) {
    throw std::invalid_argument("the light curve has only " + std::to_string(lc.size()) +
                                " usable points; at least " + std::to_string(kMinLightCurvePoints) +
                                " are needed to search for transits");
  }
  if (lc.flux.size() != lc.size() || (!lc.flux_err.empty() && lc.flux_err.size() != lc.size())) {
    throw std::invalid_argument("light curve arrays have different lengths");
  }
  for (size_t i = 0; i < lc.size(); ++i) {
    if (!std::isfinite(lc.time[i]) || !std::isfinite(lc.flux[i])) {
      throw std::invalid_argument("the light curve has non-finite time or flux values");
    }
    if (i > 0 && !(lc.time[i] > lc.time[i - 1])) {
      throw std::invalid_argument("light curve times must be strictly increasing");
    }
  }
  if (options.max_planets < 1) throw std::invalid_argument("max planets must be at least 1");
  if (!(options.period_min_days > 0)) {
    throw std::invalid_argument("the minimum period must be positive");
  }
  const double span = lc.span_days();
  const double period_max = options.period_max_days > 0
                                ? options.period_max_days
                                : std::min(0.5 * span, kDefaultPeriodMaxDays);
  if (!(period_max > options.period_min_days)) {
    throw std::invalid_argument("the light curve spans " + fmt(span) +
                                " days: too short for periods from " +
                                fmt(options.period_min_days) + " to " + fmt(period_max) +
                                " days (at least two transits are needed)");
  }
  SearchSetup s;
  std::optional<double> density = options.stellar_density_cgs;
  if (!density) density = lc.stellar.density_cgs();
  if (density && !(std::isfinite(*density) && *density > 0)) {
    if (options.stellar_density_cgs) {
      throw std::invalid_argument("the stellar density must be a positive number of g/cm^3");
    }
    density.reset();
  }
  if (density) s.density_cgs = *density;
  if (options.durations_hours.empty()) {
    s.durations_hours = default_durations_hours(options.period_min_days, period_max, density);
    s.prior = DurationPrior{density};
  } else {
    s.durations_hours = options.durations_hours;
  }
  if (s.durations_hours.size() > kMaxTrialDurations) {
    throw std::invalid_argument("at most " + std::to_string(kMaxTrialDurations) +
                                " trial durations can be searched (" +
                                std::to_string(s.durations_hours.size()) + " given)");
  }
  for (double h : s.durations_hours) {
    if (!(h > 0) || !std::isfinite(h)) {
      throw std::invalid_argument("transit durations must be positive numbers of hours");
    }
  }
  const double shortest_hours =
      *std::min_element(s.durations_hours.begin(), s.durations_hours.end());
  if (shortest_hours >= kMaxDutyCycle * options.period_min_days * kHoursPerDay) {
    throw std::invalid_argument("the shortest transit duration (" + fmt(shortest_hours) +
                                " h) must be under " + fmt(kMaxDutyCycle * 100) +
                                "% of the minimum period");
  }
  // The grid's size is checked before it is built: a span of millions of days (times in seconds,
  // one stray time stamp) or an extreme density asks for more periods than memory holds.
  const double n_periods = ofir_period_count(span, options.period_min_days, period_max,
                                             s.density_cgs, options.oversampling);
  if (!(n_periods >= 1)) {
    throw std::invalid_argument("no trial periods between " + fmt(options.period_min_days) +
                                " and " + fmt(period_max) + " days for this star");
  }
  const double trials = n_periods * static_cast<double>(s.durations_hours.size());
  if (trials > kMaxPeriodDurationTrials) {
    throw std::invalid_argument(
        "the search would try " + fmt(trials) + " period-duration pairs (" + fmt(n_periods) +
        " periods over the light curve's " + fmt(span) + " days x " +
        std::to_string(s.durations_hours.size()) + " durations), more than the limit of " +
        fmt(kMaxPeriodDurationTrials) +
        ": narrow the period range or give fewer durations, and check that the times are in days");
  }
  s.periods_days = ofir_period_grid(span, options.period_min_days, period_max, s.density_cgs,
                                    options.oversampling);
  // A single event's period is beyond the periodic search's: its widths are the trial
  // durations a transit can have there (all of them when the durations are given).
  s.single_events.stellar_density_cgs = density;
  const double shortest_single =
      s.prior ? search::transit_duration_range(period_max, density).min_hours / kDurationGridRatio
              : 0.0;
  for (double h : s.durations_hours) {
    if (h >= shortest_single) s.single_events.durations_hours.push_back(h);
  }
  double longest_hours = *std::max_element(s.durations_hours.begin(), s.durations_hours.end());
  if (options.detrend_window_days > 0) {
    if (!(options.detrend_window_days * kHoursPerDay > longest_hours) ||
        !std::isfinite(options.detrend_window_days)) {
      throw std::invalid_argument(
          "the detrending window (" + fmt(options.detrend_window_days) +
          " d) must be longer than the longest trial duration (" + fmt(longest_hours) +
          " h), or the trend takes the transits out: give a longer window or shorter durations");
    }
    s.detrend.window_days = options.detrend_window_days;
  } else {
    s.detrend.window_days = kDetrendWindowPerDuration * longest_hours / kHoursPerDay;
  }
  return s;
}

// The search actually run, defaults resolved.
SearchSummary summarise(const SearchSetup& setup, const DetectOptions& options, double span_days) {
  SearchSummary s;
  s.period_min_days = options.period_min_days;
  s.period_max_days = setup.periods_days.back();
  s.n_periods = setup.periods_days.size();
  s.durations_hours = setup.durations_hours;
  s.stellar_density_cgs = setup.density_cgs;
  s.physical_durations = setup.prior.has_value();
  s.detrend_window_days = setup.detrend.window_days;
  s.sde_min = options.sde_min > 0 ? options.sde_min : kDefaultSdeMin;
  s.snr_min = options.snr_min > 0 ? options.snr_min : auto_snr_threshold(setup.periods_days.size());
  s.single_event_durations_hours = setup.single_events.durations_hours;
  // As significant as a periodic candidate, and 1% false alarms over its own trials.
  s.single_event_snr_min =
      std::max(s.snr_min, single_event_snr_threshold(single_event_independent_boxes(
                              span_days, setup.single_events.durations_hours)));
  return s;
}

// Moves t0 to the first transit at or after the start of the data (less half a duration).
double first_transit_time(double t0, double period, double duration, double t_start) {
  double n = std::ceil((t_start - 0.5 * duration - t0) / period);
  return t0 + n * period;
}

// The single-event search's settings: as significant as a periodic candidate, and a dip that
// recurs at a candidate's period is that candidate's.
SingleEventOptions single_event_options(const SearchSetup& setup, const SearchSummary& summary,
                                        const std::vector<Candidate>& candidates) {
  SingleEventOptions options = setup.single_events;
  options.snr_min = summary.single_event_snr_min;
  for (const auto& c : candidates) options.known_periods_days.push_back(c.period);
  return options;
}

// Single events, once the periodic search has ended: on the last trend fit, with the flares and
// every candidate's transits left out (not the single events the periodic search skipped), and
// the phase 0.5 of each candidate that shows a dip there. Events found are masked from the trend
// (`trend_mask`, the periodic search's last mask), `trend` refitted around them, and they are
// measured again: the unmasked fit takes part of a long transit's depth.
std::vector<search::SingleEvent> search_single_events(
    const LightCurve& lc, const SearchSetup& setup, const SearchSummary& summary,
    const std::vector<Candidate>& candidates, const std::vector<uint8_t>& trend_mask,
    const std::vector<uint8_t>& flares, const std::vector<double>& rotation, DetrendResult& trend) {
  std::vector<uint8_t> found = flares;
  SingleEventOptions options = single_event_options(setup, summary, candidates);
  for (const auto& c : candidates) {
    const double duration = c.duration_hours / kHoursPerDay;
    add_transits(found, lc, {c.period, c.t0, duration}, kMaskWidthFactor);
    // A dip at its phase 0.5 is its own secondary eclipse where it shows one (a lone one would
    // come back as a single event; repeating ones are dropped by the recurrence test anyway),
    // and where it shows none, another body's transit.
    if (c.secondary_snr >= common::kSigmaAtP001) {
      add_transits(found, lc, {c.period, c.t0 + 0.5 * c.period, duration}, 1.0);
    }
  }
  Points rest = usable_points(lc, trend, found, rotation);
  std::vector<search::SingleEvent> events = find_single_events(rest.time, rest.flux, options);
  if (events.empty()) return events;
  std::vector<uint8_t> without = trend_mask;
  for (const auto& e : events) add_single_event(without, lc, e);
  trend = biweight_detrend_update(lc.time, lc.flux, trend_mask, trend, without, setup.detrend);
  rest = usable_points(lc, trend, found, rotation);
  return find_single_events(rest.time, rest.flux, options);
}

}  // namespace

SearchSummary validate_search(const LightCurve& lc, const DetectOptions& options) {
  return summarise(make_setup(lc, options), options, lc.span_days());
}

DetectionReport detect_planets(const LightCurve& lc, const DetectOptions& options,
                               const DetectProgressFn& progress) {
  const auto t_total = Clock::now();
  DetectionReport report;
  SearchSetup setup = make_setup(lc, options);
  report.light_curve = lc;
  report.search = summarise(setup, options, lc.span_days());
  const double sde_min = report.search.sde_min;
  const double snr_min = report.search.snr_min;

  const double span = lc.span_days();
  const int max_iterations = options.max_planets + kExtraIterations;
  auto report_progress = [&](double within, int iteration, const std::string& stage) {
    if (!progress) return;
    double f = (iteration + within) / static_cast<double>(options.max_planets);
    progress(std::min(1.0, f), stage);
  };

  std::vector<uint8_t> mask(lc.size(), 0);
  double detrend_ms = 0, search_ms = 0, vetting_ms = 0;
  auto start = Clock::now();
  report_progress(0, 0, "detrending");
  DetrendResult current = biweight_detrend(lc.time, lc.flux, mask, setup.detrend);
  if (options.detrend_window_days > 0) {  // a window the user gives is used as given
    report.search.detrend_red_noise =
        detrended_red_noise(lc.time, mask, current, setup.detrend.gap_days);
  } else {
    DetrendChoice choice =
        choose_detrending(lc.time, lc.flux, mask, setup.detrend, std::move(current));
    current = std::move(choice.result);
    report.search.detrend_red_noise = choice.red_noise;
    if (choice.options.degree != setup.detrend.degree) {
      report.light_curve.notes.push_back(
          "the star varies faster than a " + fmt(setup.detrend.window_days) +
          "-day biweight follows (red noise " + fmt(choice.default_red_noise) +
          " times white at 2 hours): detrended with a biweight quadratic over " +
          fmt(choice.options.window_days) + " days");
    }
    setup.detrend = choice.options;
    report.search.detrend_window_days = setup.detrend.window_days;
    report.search.detrend_degree = setup.detrend.degree;
  }
  // Flares (and their decay) neither inform the trend nor enter the search.
  mask = flare_mask(lc.time, current.flux);
  std::vector<uint8_t> flares_seen = mask;  // the flares alone, for vet_without_others
  report.search.n_flare_points = static_cast<size_t>(std::count(mask.begin(), mask.end(), 1));
  if (report.search.n_flare_points > 0) {
    // Only the windows around the flares change.
    const std::vector<uint8_t> none(lc.size(), 0);
    current = biweight_detrend_update(lc.time, lc.flux, none, current, mask, setup.detrend);
  }
  detrend_ms += ms_since(start);
  // Rotation modulation found so far, divided out of the detrended flux (see below).
  std::vector<double> rotation(lc.size(), 1.0);
  std::vector<Vetted> vetted;  // parallel to report.candidates until they are sorted
  VettingThresholds thresholds;
  thresholds.confident_sde = std::max(thresholds.confident_sde, sde_min);
  thresholds.strong_snr = options.strong_snr;
  int rotations = 0, iterations = max_iterations;
  size_t events_masked = 0;  // single events masked to search below them
  auto planets = [&report] {
    return static_cast<int>(
        std::count_if(report.candidates.begin(), report.candidates.end(),
                      [](const Candidate& c) { return !c.has_flag("sinusoidal"); }));
  };
  for (int iteration = 0; iteration < iterations && planets() < options.max_planets; ++iteration) {
    const int planet = static_cast<int>(report.candidates.size());
    const std::string stage = "searching for planet " + std::to_string(planet + 1);
    report_progress(0, planet, stage);
    auto search_start = Clock::now();
    Points points = usable_points(lc, current, mask, rotation);
    if (points.time.size() < kMinLightCurvePoints) break;
    Periodogram pg = bls_periodogram(
        points.time, points.flux, points.flux_err, setup.periods_days, setup.durations_hours,
        options.threads, [&](double f) { report_progress(0.9 * f, planet, stage); }, setup.prior);
    std::vector<double> sde = signal_detection_efficiency(pg);
    const size_t peak = strongest_peak(points, pg, sde, options.strong_snr, sde_min);
    if (!(pg.power[peak] > 0)) {
      search_ms += ms_since(search_start);
      break;
    }
    Periodogram fine = refine_peak(points, pg, peak, setup.durations_hours);
    size_t best = std::max_element(fine.power.begin(), fine.power.end()) - fine.power.begin();
    TransitEphemeris eph{fine.period_days[best], fine.t0[best], fine.duration_days[best]};
    if (!(fine.power[best] > 0)) eph = {pg.period_days[peak], pg.t0[peak], pg.duration_days[peak]};
    const double found_period = eph.period_days;
    eph = half_period_if_repeats(points, eph, thresholds.odd_even_sigma);
    eph.t0 = first_transit_time(eph.t0, eph.period_days, eph.duration_days, lc.time.front());
    search_ms += ms_since(search_start);

    // The same signal again (a harmonic of an earlier one): mask it, report nothing new.
    const double tolerance = std::max(1e-3, eph.duration_days / span);
    const double peak_sde = signal_sde(pg, sde, peak, eph.period_days, tolerance);
    bool harmonic = false, alias = false;
    for (const auto& c : report.candidates) {
      harmonic = harmonic || is_harmonic(eph.period_days, c.period, kMaxHarmonic, tolerance);
      alias = alias || period_ratio(eph.period_days, c.period, kMaxAliasOrder, tolerance);
    }
    std::vector<uint8_t> next_mask = mask;
    add_transits(next_mask, lc, eph, kMaskWidthFactor);
    report_progress(0.9, planet, "detrending");
    // Only the windows around the newly masked transits change.
    start = Clock::now();
    DetrendResult refit =
        biweight_detrend_update(lc.time, lc.flux, mask, current, next_mask, setup.detrend);
    detrend_ms += ms_since(start);
    auto move_on = [&] {  // this signal masked and the trend refit from now on
      mask = std::move(next_mask);
      current = std::move(refit);
    };
    if (harmonic) {
      move_on();
      continue;
    }

    // Vet on the trend fit with this signal masked (its full depth: the unmasked fit takes
    // about duration / window of it), without earlier candidates' transits.
    report_progress(0.95, planet, "vetting");
    auto vet_start = Clock::now();
    Points vet_points = usable_points(lc, refit, mask, rotation);
    TransitVetting v = vet_transit(vet_points.time, vet_points.flux, eph, lc.stellar.radius_sun);
    measure_secondary_locally(lc, setup.detrend, refit, next_mask, eph, v);
    // The strongest peak left is not significant: nothing more to find. Below the SDE floor
    // only a strong transit goes on: SDE saturates when one signal dominates a periodogram with
    // few transits (HAT-P-7 b: SDE 6.6 at SNR > 100 over 10 days).
    if (!(v.snr >= snr_min) || (!(peak_sde >= sde_min) && !(v.snr >= options.strong_snr))) {
      // Unless a single event hides what is left: a lone transit tops the periodogram, measures
      // weak over the empty epochs it is paired with, and raises the spectrum's scatter, which
      // lowers the SDE of the planets below it. Masked (the single-event search reports it at
      // the end), the search goes on.
      SingleEventOptions event_options =
          single_event_options(setup, report.search, report.candidates);
      event_options.max_events = 1;
      const auto events = events_masked < setup.single_events.max_events
                              ? find_single_events(points.time, points.flux, event_options)
                              : std::vector<search::SingleEvent>{};
      vetting_ms += ms_since(vet_start);
      if (events.empty()) break;
      std::vector<uint8_t> without_event = mask;
      add_single_event(without_event, lc, events.front());
      start = Clock::now();
      current =
          biweight_detrend_update(lc.time, lc.flux, mask, current, without_event, setup.detrend);
      detrend_ms += ms_since(start);
      mask = std::move(without_event);
      ++events_masked;
      ++iterations;
      continue;
    }
    // A single event (one transit with data, or one carrying the signal alone, is not a
    // period; find_single_events reports it), transits of different periods paired, or a few
    // low points.
    const double red_noise =
        box_red_noise_factor(vet_points.time, vet_points.flux, eph.duration_days);
    if (v.transits_with_data < 2 || v.n_in_transit < static_cast<int>(kMinTransitPoints) ||
        one_transit_carries_signal(v, red_noise) || transit_missing(v, red_noise)) {
      vetting_ms += ms_since(vet_start);
      move_on();
      continue;
    }
    // On the detrended flux: variability the detrender leaves at the period, shaped like a
    // sinusoid rather than a box, is what this test catches (spots, ellipsoidal binaries).
    double sine_diff = sine_box_loglike_diff(vet_points.time, vet_points.flux, eph, v.noise);

    Candidate c;
    c.period = eph.period_days;
    c.period_err =
        period_uncertainty(pg.period_days, pg.power, peak) * eph.period_days / found_period;
    c.t0 = eph.t0;
    if (lc.bjd_reference_days > 0) c.t0_bjd = eph.t0 + lc.bjd_reference_days;
    c.duration_hours = eph.duration_days * kHoursPerDay;
    const auto [shape, timing] = fit_shape_and_ephemeris(vet_points.time, vet_points.flux, eph, v);
    if (shape.ok) c.t14_hours = shape.t14_days * kHoursPerDay;
    if (const auto err = duration_uncertainty(shape, v)) c.duration_err_hours = *err * kHoursPerDay;
    if (timing.ok) {
      c.period = timing.period_days;
      c.period_err = timing.period_err;
      c.t0 = timing.t0;
      c.t0_err = timing.t0_err;
      if (c.t0_bjd) c.t0_bjd = c.t0 + lc.bjd_reference_days;
    }
    v.v_shape = is_v_shaped(shape);
    c.depth_ppm = v.depth * 1e6;
    c.depth_err_ppm = v.depth_err * 1e6;
    c.snr = v.snr;
    c.red_noise_factor = red_noise;
    c.sde = peak_sde;
    c.power = pg.power[peak];
    c.transit_count = v.transit_count;
    c.transits_with_data = v.transits_with_data;
    for (double d : v.per_transit_depth) c.per_transit_depth_ppm.push_back(d * 1e6);
    c.per_transit_time = v.per_transit_time;
    c.odd_even_mismatch = v.odd_even_mismatch;
    c.secondary_depth_ppm = v.secondary_depth * 1e6;
    c.secondary_snr = v.secondary_snr;
    c.secondary_depth_err_ppm = v.secondary_depth_err * 1e6;
    c.sine_box_loglike_diff = sine_diff;
    c.rp_rs = v.rp_rs;
    c.planet_radius_earth = v.planet_radius_earth;
    c.flags = vetting_flags(v, c.sde, sine_diff, alias, thresholds);
    c.periodogram = std::move(pg);
    c.sde_spectrum = std::move(sde);
    const bool sinusoidal = c.has_flag("sinusoidal");
    report.candidates.push_back(std::move(c));
    vetted.push_back({v, alias, sinusoidal});
    vetting_ms += ms_since(vet_start);

    if (sinusoidal && rotations < kMaxRotationSignals) {
      // A star's rotation (spots) is not a planet and does not end the search: its sinusoid
      // is divided out rather than its "transits" masked (masking boxes leaves the
      // modulation for every later iteration to find again), and it does not count as a
      // planet.
      const Points seen = usable_points(lc, current, mask, rotation);
      const std::vector<double> model =
          sinusoid_model(seen.time, seen.flux, eph.period_days, lc.time);
      for (size_t i = 0; i < rotation.size(); ++i) rotation[i] *= model[i];
      // Flares stand out better once the modulation is gone.
      std::vector<double> flat(lc.size());
      for (size_t i = 0; i < flat.size(); ++i) flat[i] = current.flux[i] / rotation[i];
      const std::vector<uint8_t> flares = flare_mask(lc.time, flat);
      size_t added = 0;
      const std::vector<uint8_t> before = mask;
      for (size_t i = 0; i < mask.size(); ++i) {
        if (flares[i] && !mask[i]) {
          mask[i] = 1;
          ++added;
        }
        flares_seen[i] |= flares[i];
      }
      if (added > 0) {
        report.search.n_flare_points += added;
        current = biweight_detrend_update(lc.time, lc.flux, before, current, mask, setup.detrend);
      }
      ++rotations;
      ++iterations;
      continue;
    }
    move_on();
  }

  auto revet_start = Clock::now();
  vet_without_others(lc, current, setup.detrend, flares_seen, rotation, thresholds,
                     report.candidates, vetted);
  // The star's density when known (given, or from its parameters), as the single events take it.
  vet_phase_variability(lc, mask, setup.single_events.stellar_density_cgs, report.candidates);
  vetting_ms += ms_since(revet_start);
  std::stable_sort(report.candidates.begin(), report.candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.sde > b.sde; });

  auto single_start = Clock::now();
  report.single_events = search_single_events(lc, setup, report.search, report.candidates, mask,
                                              flares_seen, rotation, current);
  const double single_ms = ms_since(single_start);
  report.in_transit.assign(lc.size(), 0);
  for (size_t k = report.candidates.size(); k-- > 0;) {
    const auto& c = report.candidates[k];
    auto m = transit_mask(lc.time, {c.period, c.t0, c.duration_hours / kHoursPerDay});
    for (size_t i = 0; i < m.size(); ++i) {
      if (m[i]) report.in_transit[i] = static_cast<uint8_t>(std::min<size_t>(k + 1, 255));
    }
  }
  report.detrended = std::move(current);
  report.timing_ms["detrend"] = detrend_ms;
  report.timing_ms["search"] = search_ms;
  report.timing_ms["vetting"] = vetting_ms;
  report.timing_ms["single_events"] = single_ms;
  report.timing_ms["total"] = ms_since(t_total);
  if (progress) progress(1.0, "done");
  return report;
}

}  // namespace exodetect::detect
