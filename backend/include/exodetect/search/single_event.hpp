#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace exodetect::search {

// One transit-like dip with no second transit in the data: a planet whose period is longer
// than the data allow the periodic search to see (Kepler-90 h in one quarter, TOI-813 b in one
// sector). It has no period, so no planet probability; what it has is a time, a width, a depth
// and the shortest period the data leave possible.
struct SingleEvent {
  double t0 = 0;              // mid-event, input time system (days)
  double duration_hours = 0;  // the best box's width
  double depth_ppm = 0;       // mean flux deficit in the box
  double depth_err_ppm = 0;   // white-noise error times red_noise_factor
  double snr = 0;             // depth / depth_err
  // The scatter of this width's box depths over the whole light curve, in units of their
  // white-noise error (at least 1): correlated noise on the box's time scale.
  double red_noise_factor = 1;
  int n_points = 0;  // points in the box
  // The shortest period at which no other transit of this one falls where there are data
  // (days): the period is at least this.
  double period_min_days = 0;
  // With the star's density known: the period of a central transit (b = 0, circular orbit,
  // small planet) lasting the box's width, P = pi^2 G rho T^3 / 3 (Seager & Mallen-Ornelas
  // 2003). An estimate that depends on that model: a grazing transit is shorter and gives
  // too short a period, and the box is about the transit's mean of T14 and T23.
  std::optional<double> period_from_duration_days;
};

struct SingleEventOptions {
  std::vector<double> durations_hours;  // trial box widths (hours)
  double snr_min = 0;                   // 0: single_event_snr_threshold of the trials
  size_t max_events = 3;
  std::optional<double> stellar_density_cgs;  // g/cm^3; sets period_from_duration_days
  // Periods of signals already found (days): a dip that recurs at one (recurs_at_period)
  // belongs to it and is not reported.
  std::vector<double> known_periods_days;
};

// Box SNR that the strongest of `n_independent_boxes` independent white-noise boxes exceeds
// with probability 1% (one-sided Gaussian tail): the single-event search's false-alarm rate
// matches the periodic search's. A box of width D over a span S counts S / D independent trials.
double single_event_snr_threshold(double n_independent_boxes);

// The independent boxes of these widths (hours) over a span (days): sum of span / width over the
// widths under a third of the span (the ones searched).
double single_event_independent_boxes(double span_days, const std::vector<double>& durations_hours);

// Searches detrended, normalised flux (already free of found candidates' transits and of
// flares, in time order) for single box-shaped dips: boxes of each width slid in quarter-width
// steps, each scored by its depth over its white-noise error divided by that width's red-noise
// factor. A box counts only where it holds points in each quarter (its ingress, middle and
// egress) and a box width of data on each side (not at a gap or the data's ends), where its median
// point is low as well as its mean (not a few outliers) and both its halves are low (not a ramp or
// a dip beside a gap), and where its flanks are at the baseline (a dip longer than the longest box
// is not a transit). Strongest first, at most max_events, none overlapping another. Pure; throws
// std::invalid_argument for mismatched or non-finite arrays, unsorted times or non-positive
// durations.
std::vector<SingleEvent> find_single_events(const std::vector<double>& time_days,
                                            const std::vector<double>& flux,
                                            const SingleEventOptions& options);

// The red-noise factor of boxes `width_days` wide on detrended flux (time in order): the
// robust scatter of their depths over the light curve in units of their white-noise errors, at
// least 1 (1 when the light curve has too few box positions to tell). Throws
// std::invalid_argument as find_single_events does, and for a non-positive width.
double box_red_noise_factor(const std::vector<double>& time_days, const std::vector<double>& flux,
                            double width_days);

// True when the event's other epochs at `period_days` (a known signal's period) together show a
// dip of at least 3.09 sigma (white error times the event's red-noise factor): the dip repeats
// with that signal (an eccentric binary's secondary eclipse, a candidate's other transits) and
// is not single. Throws std::invalid_argument as find_single_events does.
bool recurs_at_period(const std::vector<double>& time_days, const std::vector<double>& flux,
                      const SingleEvent& event, double period_days);

// The shortest period (days) for which every other transit of a `duration_days` event at t0
// falls in a gap or outside [time.front(), time.back()] (a transit counts as observed when its
// window holds half the points the cadence gives). `time_days` sorted.
double single_event_period_min(const std::vector<double>& time_days, double t0,
                               double duration_days);

}  // namespace exodetect::search
