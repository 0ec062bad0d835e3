#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "exodetect/detect/significance.hpp"
#include "exodetect/lightcurve/detrend.hpp"
#include "exodetect/lightcurve/light_curve.hpp"
#include "exodetect/search/bls.hpp"
#include "exodetect/search/single_event.hpp"

namespace exodetect::detect {

struct DetectOptions {
  int max_planets = 5;
  double period_min_days = 0.5;
  // 0: half the span (at least two transits), at most kDefaultPeriodMaxDays.
  double period_max_days = 0.0;
  // Empty: default_durations_hours(), each period testing the durations a transit can last
  // for the star (transit_duration_range); given: every one at every period.
  std::vector<double> durations_hours;
  // Mean stellar density in g/cm^3 (solar: kSolarDensityCgs = 1.41). Unset: the light curve's
  // header star when it has one, else a broad prior (kDensityPriorMinCgs..kDensityPriorMaxCgs).
  std::optional<double> stellar_density_cgs;
  // A signal counts only with a transit SNR (depth over its error, per-transit scatter
  // included, measured with the signal masked from the trend fit) of at least snr_min and an
  // SDE of at least sde_min; the iterative search stops at the first peak that fails.
  // snr_min 0: auto_snr_threshold(number of trial periods), about 1% false alarms on white
  // noise. sde_min 0: kDefaultSdeMin.
  double snr_min = 0.0;
  double sde_min = 0.0;
  // Width of the biweight detrending window (days); 0: kDetrendWindowPerDuration times the
  // longest trial duration. It must exceed the longest trial duration, or the trend follows
  // the transits and takes them out.
  double detrend_window_days = 0.0;
  // A peak below sde_min still counts when its transit SNR reaches this: SDE saturates when a
  // single strong signal dominates a short periodogram.
  double strong_snr = 20.0;
  double oversampling = 3.0;
  int threads = 0;  // 0: all cores
};

// The default detrending window per longest trial duration: a window of three durations holds
// a third of its points in transit, so a faint transit keeps at least about two thirds of its
// depth before it is masked and the trend refit (Detrend.KeepsBoxTransitDepthWithWindow...).
constexpr double kDetrendWindowPerDuration = 3.0;

// The default longest period: beyond it the Ofir grid's trial periods (and the cost) grow
// fast while few surveys hold three transits; pass period_max_days to search further.
constexpr double kDefaultPeriodMaxDays = 100.0;

// The SDE floor: the transit SNR decides significance (it has the better power on white
// noise: the SDE of a real planet varies with the noise peaks elsewhere in the periodogram),
// the SDE keeps a peak that does not stand out of its own periodogram from counting.
constexpr double kDefaultSdeMin = 6.0;

// One transit-like signal with the statistics an astronomer needs to believe it.
struct Candidate {
  double period = 0;  // days
  // days, 1 sigma from fit_ephemeris; the periodogram peak's width when that fit fails
  double period_err = 0;
  double t0 = 0;  // mid-transit, input time system (days)
  // 1-sigma of t0 (days, fit_ephemeris) and of duration_hours (hours, duration_uncertainty);
  // unset when those fits fail.
  std::optional<double> t0_err;
  std::optional<double> duration_err_hours;
  std::optional<double> t0_bjd;  // mid-transit, BJD_TDB (days) when the system is known
  double duration_hours = 0;     // of the best box (BLS)
  // First to fourth contact from a trapezoid fitted to the folded transits (fit_trapezoid), the
  // duration the catalogues give; 0 when no trapezoid fits.
  double t14_hours = 0;
  double depth_ppm = 0;
  double depth_err_ppm = 0;
  double snr = 0;
  // How much wider than white noise the depths of single boxes of this duration scatter over
  // the light curve (search::box_red_noise_factor, at least 1): snr / red_noise_factor is the
  // transit's significance against the star's own variability at its time scale.
  double red_noise_factor = 1.0;
  double sde = 0;
  double power = 0;                           // BLS log-likelihood at the peak
  int transit_count = 0;                      // transits expected inside the span
  int transits_with_data = 0;                 // of those, with in-transit points
  std::vector<double> per_transit_depth_ppm;  // NaN where a transit has no data
  std::vector<double> per_transit_time;       // mid-times, input time system (days)
  double odd_even_mismatch = 0;               // sigma between odd and even depths
  double secondary_depth_ppm = 0;             // depth at phase 0.5
  double secondary_snr = 0;                   // sigma of that depth
  double secondary_depth_err_ppm = 0;         // its 1-sigma error; 0: no data at phase 0.5
  double sine_box_loglike_diff = 0;  // log L(sinusoid) - log L(box); > 0 favours a sinusoid
  std::optional<double> rp_rs;       // sqrt(depth)
  std::optional<double> planet_radius_earth;  // when the stellar radius is known
  // Light varying with the orbit outside the transits (vetting/phase_variability.hpp): its peak
  // to peak and the error of one folded bin (ppm), the most a planet's own light gives (ppm),
  // and its significance against the star's noise (sigma); unset with under three orbits.
  std::optional<double> phase_amplitude_ppm;
  std::optional<double> phase_amplitude_err_ppm;
  std::optional<double> phase_amplitude_limit_ppm;
  std::optional<double> phase_variability_sigma;
  // "odd_even", "secondary", "few_transits", "near_gap", "low_sde", "alias", "sinusoidal"
  // (a rotation signal: divided out, the search goes on), "period_may_be_double",
  // "phase_variability" (light locked to the orbit beyond a planet's)
  std::vector<std::string> flags;
  search::Periodogram periodogram;   // of the iteration that found it
  std::vector<double> sde_spectrum;  // SDE per periodogram point

  bool has_flag(std::string_view flag) const {
    return std::find(flags.begin(), flags.end(), flag) != flags.end();
  }
};

// The search actually run (defaults resolved).
struct SearchSummary {
  double period_min_days = 0;
  double period_max_days = 0;
  size_t n_periods = 0;
  std::vector<double> durations_hours;
  double stellar_density_cgs = 0;   // sets the Ofir grid (solar when the star is unknown)
  bool physical_durations = false;  // durations sized per period by transit_duration_range
  size_t n_flare_points = 0;        // points left out as stellar flares (flare_mask)
  double detrend_window_days = 0;
  // 0: the biweight location of each window; 2: a biweight quadratic, where the location leaves
  // the star's variability (detect/detrend_choice).
  int detrend_degree = 0;
  // Binned residual scatter at 2 hours over white noise of the detrended flux (about 1 when the
  // trend follows the star; 0 when too few bins to tell).
  double detrend_red_noise = 0;
  double sde_min = 0;
  double snr_min = 0;
  // Single events: the box widths tried (hours) and the SNR they must reach (at least snr_min,
  // and 1% false alarms over their independent boxes).
  std::vector<double> single_event_durations_hours;
  double single_event_snr_min = 0;
};

struct DetectionReport {
  lightcurve::LightCurve light_curve;  // as read and stitched (normalised flux)
  // Trend fit with every found transit masked (the last iteration's), and the detrended flux.
  lightcurve::DetrendResult detrended;
  std::vector<uint8_t> in_transit;    // point index -> 1 + candidate index (0: none)
  std::vector<Candidate> candidates;  // ordered by SDE, highest first
  // Dips with no second transit in the data, found once the candidates' transits are masked
  // (find_single_events), strongest first.
  std::vector<search::SingleEvent> single_events;
  std::map<std::string, double> timing_ms;
  SearchSummary search;
};

using DetectProgressFn = std::function<void(double fraction, const std::string& stage)>;

// Detrends, runs the iterative multi-planet BLS search and vets each candidate. Pure: no I/O.
// Throws std::invalid_argument for light curves too short or degenerate to search.
DetectionReport detect_planets(const lightcurve::LightCurve& light_curve,
                               const DetectOptions& options, const DetectProgressFn& progress = {});

// Checks what detect_planets would refuse before it searches (too few points, bad options, more
// than kMaxTrialDurations durations or kMaxPeriodDurationTrials periods x durations) and
// throws the same std::invalid_argument; returns the search it would run.
SearchSummary validate_search(const lightcurve::LightCurve& light_curve,
                              const DetectOptions& options);

// The JSON document of `exodetect search` and the API: {"input": {...}, "candidates": [...],
// "timing_ms": {...}}. Periodograms and series are not included (see plot_data_json).
nlohmann::json report_to_json(const DetectionReport& report);

// What the UI draws, each series downsampled to at most `max_points` points spread over all of
// it (in-transit and clipped points take up to half, all of them when they fit): raw flux and
// trend, detrended flux, and per candidate the periodogram, folded curve with bins (an eighth
// of the duration wide, at most `max_points`) and box model, odd/even and secondary windows,
// each window with `n_points`, its points before thinning.
nlohmann::json plot_data_json(const DetectionReport& report, size_t max_points);

}  // namespace exodetect::detect
