#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace exodetect::fit {

// Detrended, normalised photometry (about 1 out of transit) of one star, in time order.
struct FitData {
  std::vector<double> time;      // days
  std::vector<double> flux;      // relative flux
  std::vector<double> flux_err;  // relative flux uncertainty (empty: estimated from the scatter)
  double exposure_days = 0;      // each cadence's exposure; 0: the median time step
};

// Where to start: a search's candidate.
struct TransitGuess {
  double period_days = 0;
  double t0 = 0;  // a mid-transit time, days
  double duration_hours = 0;
  double depth_ppm = 0;
};

// Fractional uncertainties assumed for a star's density and radius given without one (header
// values: TIC and KIC radii are good to about 10%, densities from log g to about 30%).
constexpr double kDefaultDensityFractionalError = 0.3;
constexpr double kDefaultRadiusFractionalError = 0.1;

struct FitOptions {
  uint64_t seed = 42;
  int threads = 2;   // 0: all cores
  int walkers = 36;  // two independent ensembles of at least 18 (twice the 9 parameters)
  // Bounds the time only: the slowest fits converge in 13,000-38,000 steps (docs/FIT.md).
  int max_steps = 50000;
  // Convergence is checked after each chunk, and after every tenth of the steps run so far once
  // that is longer, so the checks (each over the whole kept chain) cost O(steps) in all.
  int chunk_steps = 250;
  // Data within this many transit durations of each mid-transit are fitted.
  double window_durations = 2.0;
  // Optional Gaussian prior on the mean stellar density (g/cm^3); without it the density's
  // prior is uniform in its logarithm. The star's density, when known, is also what the fit's
  // own density is compared with (vetting), with this uncertainty.
  std::optional<double> stellar_density_cgs;
  std::optional<double> stellar_density_err_cgs;
  bool stellar_density_prior = false;
  // Stellar radius (solar radii) for the planet's radius in Earth radii.
  std::optional<double> stellar_radius_sun;
  std::optional<double> stellar_radius_err_sun;
  int max_samples = 2000;  // thinned posterior samples kept
};

// 16th, 50th and 84th percentiles of a marginal posterior.
struct Interval {
  double median = 0, lower = 0, upper = 0;
};

struct Convergence {
  bool converged = false;
  int walkers = 0;
  int steps = 0;    // per walker, burn-in included
  int burn_in = 0;  // steps discarded
  double acceptance_fraction = 0;
  std::vector<double> autocorr_time;  // steps, per sampled parameter
  std::vector<double> split_rhat;     // per sampled parameter
  double max_autocorr_time = 0;
  double max_split_rhat = 0;
  double effective_samples = 0;  // kept steps x walkers / max autocorrelation time
  std::string message;           // why it did not converge
};

// Vetting numbers the posterior gives (flags with the numbers behind them).
struct FitVetting {
  // Implied stellar density against the star's, in sigma (when the star's is known).
  std::optional<double> density_mismatch_sigma;
  bool density_mismatch = false;
  double grazing_probability = 0;  // posterior fraction with b > 1 - k
  bool v_shaped = false;
  double odd_depth_ppm = 0, odd_depth_err_ppm = 0;
  double even_depth_ppm = 0, even_depth_err_ppm = 0;
  double odd_even_sigma = 0;
  bool odd_even_mismatch = false;
  double secondary_depth_ppm = 0, secondary_depth_err_ppm = 0;
  double secondary_upper_limit_ppm = 0;  // 3 sigma
  bool secondary_eclipse = false;
  std::vector<int> epochs;            // transit numbers from t0 with a fitted time
  std::vector<double> transit_times;  // days
  std::vector<double> transit_time_err_minutes;
  std::vector<double> o_minus_c_minutes;  // against the fitted linear ephemeris
  double ttv_chi2 = 0;                    // of the times about the linear ephemeris
  int ttv_dof = 0;
  double ttv_sigma = 0;  // significance of that chi^2 (Wilson-Hilferty)
  bool ttv = false;
};

struct TransitFit {
  bool ok = false;    // a posterior is reported (converged)
  std::string error;  // why not, when !ok
  Interval rp_rs, a_rs, impact, inclination_deg, t0, period, t14_hours, depth_ppm,
      stellar_density_cgs, q1, q2, u1, u2, flux_offset_ppm, jitter_ppm;
  std::optional<Interval> planet_radius_earth;
  // Maximum-likelihood values of the fit's parameters (kBestFitNames order).
  std::vector<double> max_likelihood;
  double max_log_likelihood = 0;
  // The maximum-likelihood geometry those values give (k from the sampled depth, a/R* from T14).
  double max_likelihood_rp_rs = 0, max_likelihood_a_rs = 0;
  size_t n_points = 0;  // data points fitted
  int supersample = 1;
  double exposure_days = 0;
  Convergence convergence;
  FitVetting vetting;
  std::vector<std::string> sample_names;     // columns of samples
  std::vector<std::vector<double>> samples;  // thinned posterior draws
  double elapsed_ms = 0;
  // Posterior evaluations: the maximum-likelihood search's (run by start, up to one thread
  // each) and the sampler's (two ensembles on two threads).
  size_t optimizer_evaluations = 0, sampler_evaluations = 0;
};

// Names of the sampled parameters, in order (Convergence's per-parameter diagnostics).
extern const std::vector<std::string> kSampledNames;
// Names of the fit's parameters as TransitFit::max_likelihood gives them: the sampled ones
// with b for its sampled coordinate and Kipping's q1, q2 for u1, u2.
extern const std::vector<std::string> kBestFitNames;

// Maximum-likelihood fit, then posterior sampling, of a limb-darkened transit on a circular
// orbit. Pure; deterministic for a seed. Never throws for bad data: a fit that cannot be made
// says why in `error`; a posterior that did not converge gives ok = false with the
// diagnostics and no intervals.
TransitFit fit_transit(const FitData& data, const TransitGuess& guess, const FitOptions& options);

}  // namespace exodetect::fit
