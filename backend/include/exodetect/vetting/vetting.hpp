#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace exodetect::vetting {

// A periodic box-shaped dip, as a BLS peak describes it.
struct TransitEphemeris {
  double period_days = 0;
  double t0 = 0;  // one mid-transit time, input time system (days)
  double duration_days = 0;
};

// Mid-times (days) of every transit whose window [mid - duration/2, mid + duration/2] overlaps
// [t_start, t_end], ascending. The first one is the ephemeris' natural reference epoch.
std::vector<double> transit_times(const TransitEphemeris& ephemeris, double t_start, double t_end);

// 1 for points within width_factor * duration / 2 of a mid-transit, else 0.
std::vector<uint8_t> transit_mask(const std::vector<double>& time_days,
                                  const TransitEphemeris& ephemeris, double width_factor = 1.0);

// Everything measured about one candidate from detrended flux (relative, ~1.0). Depths are
// relative flux (multiply by 1e6 for ppm); errors are 1 sigma from the out-of-transit scatter.
struct TransitVetting {
  // Depth in the central half of the box: real transits have sloped ingress/egress and limb
  // darkening, so this is what a transit-model fit (and the catalogues) call the depth, where
  // the mean over the whole box would come out 10-20% shallower.
  double depth = 0;
  double depth_err = 0;
  double box_depth = 0;  // mean deficit over the whole box (astropy's BLS depth)
  double box_depth_err = 0;
  double snr = 0;         // box_depth / box_depth_err: the detection significance
  double noise = 0;       // per-point scatter out of transit (relative flux)
  double level = 1;       // mean out-of-transit flux
  int n_in_transit = 0;   // points inside the box
  int transit_count = 0;  // transits expected inside the data span
  int transits_with_data = 0;
  std::vector<double> per_transit_time;   // mid-times (days), one per expected transit
  std::vector<double> per_transit_depth;  // NaN where a transit has no in-transit point
  std::vector<double> per_transit_depth_err;
  // 1 where a transit's window (a duration either side of it) meets a data gap or the data's
  // ends, where a transit is partly covered and the detrending is least sure.
  std::vector<uint8_t> per_transit_near_gap;
  double odd_depth = 0, odd_depth_err = 0;
  double even_depth = 0, even_depth_err = 0;
  double odd_even_mismatch = 0;  // |odd - even| / combined sigma; 0 without both parities
  double secondary_depth = 0;    // mean dip at phase 0.5 with the same duration
  double secondary_depth_err = 0;
  double secondary_snr = 0;   // secondary_depth / its error (signed)
  int transits_near_gap = 0;  // transits with data whose edge is near a data gap
  // The folded transit has no flat bottom (transit_shape.hpp: is_v_shaped on fit_trapezoid);
  // vet_transit does not fit the shape, its caller sets this.
  bool v_shape = false;
  std::optional<double> rp_rs;                // sqrt(depth) when depth > 0
  std::optional<double> planet_radius_earth;  // rp_rs * stellar radius
};

// Measures depth, SNR, per-transit depths, odd/even and secondary statistics and gap proximity.
// `time_days` ascending. Points within one duration of a mid-transit (twice the box) are left
// out of the out-of-transit level and noise so that ingress/egress do not bias them.
// Throws std::invalid_argument for mismatched arrays or a non-positive period/duration.
TransitVetting vet_transit(const std::vector<double>& time_days, const std::vector<double>& flux,
                           const TransitEphemeris& ephemeris,
                           std::optional<double> stellar_radius_sun = std::nullopt);

// The box's detection significance alone, each field as TransitVetting's.
struct TransitSnr {
  double snr = 0;
  double box_depth = 0;  // relative flux
  double box_depth_err = 0;
  double noise = 0;  // per point, relative flux
  int n_in_transit = 0;
  int transits_with_data = 0;
};

// vet_transit's SNR and what it comes from, to the last bit, without its gap (a median of the
// cadences), odd/even, secondary and central-depth tests: for comparing many periodogram peaks.
// Throws as vet_transit.
TransitSnr transit_snr(const std::vector<double>& time_days, const std::vector<double>& flux,
                       const TransitEphemeris& ephemeris);

// log L(sinusoid) - log L(box) for Gaussian noise of `noise_sigma` per point, where the
// sinusoid is a constant plus the fundamental and first harmonic at the period (spots,
// ellipsoidal variation) and the box is a constant plus the transit dip. > 0 favours the
// sinusoid: the "transit" is better explained as smooth variability.
double sine_box_loglike_diff(const std::vector<double>& time_days, const std::vector<double>& flux,
                             const TransitEphemeris& ephemeris, double noise_sigma);

// The same sinusoid (fundamental and first harmonic at `period_days`) fitted to detrended
// flux and evaluated at `eval_times` as a factor around 1: a star's rotation modulation, to
// divide out so that it does not hide the planets after it. Throws as sine_box_loglike_diff.
std::vector<double> sinusoid_model(const std::vector<double>& time_days,
                                   const std::vector<double>& flux, double period_days,
                                   const std::vector<double>& eval_times);

// Period uncertainty (days) from the width of the periodogram peak at `peak`: the half width at
// half maximum of power above the median power, converted to a Gaussian sigma, and never less
// than half the local grid spacing.
double period_uncertainty(const std::vector<double>& period_days, const std::vector<double>& power,
                          size_t peak);

// When period ≈ reference * n / m for 1 <= n, m <= max_order within the relative tolerance,
// the smallest such (n, m).
std::optional<std::pair<int, int>> period_ratio(double period_days, double reference_days,
                                                int max_order, double relative_tolerance);

// True when period ≈ reference * n or reference / n for n = 1..max_harmonic: the same signal
// seen again (P, P/2, 2P, 3P, ...), not a new planet.
bool is_harmonic(double period_days, double reference_days, int max_harmonic,
                 double relative_tolerance);

struct VettingThresholds {
  double odd_even_sigma = 3.0;
  double secondary_sigma = 3.0;
  // A hot Jupiter's occultation in the optical is about 1% of its transit (HAT-P-7 b: 70 of
  // 6700 ppm); a significant secondary deeper than this share means a stellar companion.
  double secondary_depth_fraction = 0.02;
  int min_transits = 3;                // "few_transits" below this many transits with data
  double near_gap_fraction = 0.5;      // "near_gap" when at least this share of transits is
  double confident_sde = 9.0;          // "low_sde" below (TLS: false-alarm rate ~1e-4 at 9) ...
  double strong_snr = 20.0;            // ... unless the transit SNR is at least this
  double sinusoid_loglike_diff = 0.0;  // "sinusoidal" above
};

// True when every transit of one parity (odd or even) falls where the data has no point while
// some of the other parity has data: the dips seen may all be one planet's at twice the period
// (a K2 planet of 44.56 d found at 22.27 d with an empty odd-transit panel).
bool period_may_be_double(const TransitVetting& vetting);

// True when one transit carries the whole signal: the other transits together show no dip
// (under 3.09 sigma, p = 0.001) and differ from it by more than that, so the data reject equal
// transits at this period. What was found is one transit (a long-period planet's, paired with
// noise elsewhere), a single event rather than a period. Each transit's error is its white-noise
// one times `red_noise_factor` (search::box_red_noise_factor at the transit's width).
bool one_transit_carries_signal(const TransitVetting& vetting, double red_noise_factor = 1);

// True when a few transits carry the signal (2 to kMaxPairedTransits, each significant) and
// another transit of the period, with data and away from gaps, shows none: its depth is under
// 3.09 sigma and below the others' mean by more than the p = 0.001 threshold shared among the
// transits.
// Transits of two bodies, or a longer period's, paired at a common divisor of their times
// (Kepler-90 d and e in one quarter, as 19.9 days), not one period: they are single events.
// Errors as in one_transit_carries_signal.
constexpr int kMaxPairedTransits = 3;
bool transit_missing(const TransitVetting& vetting, double red_noise_factor = 1);

// Flags for one candidate: "odd_even", "secondary", "few_transits", "near_gap", "low_sde",
// "sinusoidal", "period_may_be_double" (see above), "v_shape" (vetting.v_shape), and "alias"
// when `alias` is true (the caller judges period relations).
std::vector<std::string> vetting_flags(const TransitVetting& vetting, double sde,
                                       double sine_box_diff, bool alias,
                                       const VettingThresholds& thresholds = {});

}  // namespace exodetect::vetting
