// The transit fit's posterior density over its sampled parameters (internal to the module).
#pragma once

#include <cstdint>
#include <vector>

#include "exodetect/fit/transit_fit.hpp"
#include "exodetect/fit/transit_model.hpp"

namespace exodetect::fit {

// Sampled parameters, in kSampledNames order. Each is chosen so that the posterior the
// sampler sees is close to a (linearly correlated) Gaussian, which an affine-invariant
// ensemble samples well; the priors stay uniform in the physical parameters (k, b, ln
// density, q1, q2), the Jacobians being in the log prior.
enum Param : int {
  kT0 = 0,   // mid-transit at the reference epoch, days
  kPeriod,   // days
  kDepth,    // the model's depth at mid-transit, 1 - F(k, b): what the data measure (in
             // place of k = Rp/R*, which trades against b and limb darkening along a curve,
             // grazing ones included)
  kImpact2,  // (b + e)^2 - e^2 (e = kImpactSoftening): the light curve depends on b through b^2
             // alone (z^2 = a^2 sin^2 phi + b^2 cos^2 phi), so beyond e the posterior's trade-offs
             // of b with T14, k and limb darkening are nearly straight in it; near b = 0 it is
             // linear in b, so the prior (uniform in b) has no spike at the wall
  kT14,      // total transit duration, days (in place of the stellar density: the
             // posterior's b-density banana is nearly straight in b and T14)
  kU1,       // quadratic limb darkening u1, u2 over Kipping's (2013) triangle (u1 >= 0,
  kU2,       // u1 + u2 <= 1, u1 + 2 u2 >= 0): the model is linear in them, and the map to
             // (q1, q2) has unit Jacobian, so uniform here is uniform in q1 and q2
  kOffset,   // relative flux offset of the baseline
  kJitter,   // extra white noise (relative flux) added to each error in quadrature
  kNumParams
};

// The impact parameter's sampled coordinate: y = (b + e)^2 - e^2, db/dy = 1 / (2 (b + e)).
// e = 0.2 left the fewest fits unconverged of e = 0, 0.1, 0.2 in fit_bench coverage 100
// (docs/FIT.md); a smaller e mixes long-cadence hot Jupiters faster, wide posteriors slower.
constexpr double kImpactSoftening = 0.2;
double impact_from_sampled(double y);
double sampled_from_impact(double b);

// The sampled parameters in the fit's reported ones (kBestFitNames order: b for its sampled
// coordinate, q1 and q2 for u1 and u2).
std::vector<double> best_fit_parameters(const double* theta);

// k = Rp/R* whose disc, centred b from the star's centre, hides `depth` of the flux, with
// dk/d(depth) at fixed b and limb darkening (the prior's Jacobian); k is infinite where no k
// allowed by the prior hides that much.
struct DepthMap {
  double rp_rs = 0;
  double dk_ddepth = 0;
};
DepthMap rp_rs_from_depth(double depth, double impact, const LimbDarkening& ld);

// Uniform prior bounds (the box the posterior lives in).
struct PriorBox {
  double lo[kNumParams];
  double hi[kNumParams];
};

// The data near transits and how to evaluate the posterior on them.
class TransitPosterior {
 public:
  // Keeps the points of `data` within `window_days` of a mid-transit of `guess` (with its
  // reference epoch moved to the middle of the data). Throws std::invalid_argument when too
  // few points remain.
  TransitPosterior(const FitData& data, const TransitGuess& guess, const FitOptions& options);

  // Log prior + log likelihood as a density over the sampled parameters (the Jacobians
  // included); -infinity outside the prior. Thread-safe.
  double log_prob(const double* theta) const;
  // The same as a density over the parameters the priors are stated in (k, b, ln density,
  // q1, q2, ...): its maximum does not depend on the sampled coordinates (with uniform
  // priors it is the maximum likelihood; the impact coordinate's Jacobian, largest at b = 0,
  // would pull an optimiser towards b = 0).
  double log_prob_physical(const double* theta) const;
  double log_likelihood(const double* theta) const;
  double log_likelihood(const double* theta, const TransitParams& p) const;

  // The model's orbit and disc at theta.
  TransitParams transit_params(const double* theta, DepthMap* depth_map = nullptr) const;
  // The profile's grid step (days): fixed for the fit, so that the likelihood is continuous,
  // and fine enough to resolve the guess's ingress.
  double profile_step_days() const { return profile_step_days_; }

  const PriorBox& prior() const { return prior_; }
  const std::vector<double>& start() const { return start_; }
  int reference_epoch() const { return reference_epoch_; }  // transits after the guess's t0
  double exposure_days() const { return exposure_days_; }
  size_t size() const { return time_.size(); }
  const std::vector<double>& time() const { return time_; }
  const std::vector<double>& flux() const { return flux_; }
  // Each point's variance with the jitter added.
  std::vector<double> variances(double jitter) const;

 private:
  double log_prob(const double* theta, bool jacobians) const;
  std::vector<double> time_, flux_;  // in time order
  std::vector<uint16_t> bucket_;     // each point's error group
  std::vector<double> bucket_var_;   // the group's error^2 (groups differ by 0.1% at most)
  std::vector<double> bucket_count_;
  // Per group, the sums of (flux - 1) and (flux - 1)^2: the chi^2 of a flat model in O(groups).
  std::vector<double> bucket_sum_, bucket_sum2_;
  // Each transit in the data: its number from the reference epoch and its points [begin, end).
  struct Transit {
    double epoch;
    size_t begin, end;
  };
  std::vector<Transit> transits_;
  double exposure_days_ = 0;
  double profile_step_days_ = 0;
  int reference_epoch_ = 0;
  PriorBox prior_{};
  std::vector<double> start_;  // initial guess
  bool density_prior_ = false;
  double density_mean_ = 0, density_sigma_ = 1;
};

}  // namespace exodetect::fit
