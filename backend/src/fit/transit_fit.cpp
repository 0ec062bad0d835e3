// The transit fit: maximum likelihood, ensemble sampling until converged, posterior summary.

#include "exodetect/fit/transit_fit.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <iterator>
#include <random>
#include <stdexcept>

#include "exodetect/common/constants.hpp"
#include "exodetect/common/thread_pool.hpp"
#include "exodetect/fit/ensemble_sampler.hpp"
#include "fit_vetting.hpp"
#include "likelihood.hpp"
#include "nelder_mead.hpp"

namespace exodetect::fit {

using common::kEarthRadiiPerSolarRadius;
using common::kPi;
using common::parallel_for;
using common::resolve_threads;

namespace {

// Convergence: the kept part of the chain spans at least kTauMultiple autocorrelation times
// of every parameter (at least 20 effective samples per walker) and every split R-hat across
// the walkers of the two independent ensembles is below kMaxRhat (Gelman et al. 2013).
constexpr double kTauMultiple = 20.0;
constexpr double kMaxRhat = 1.1;
constexpr int kMinSteps = 1000;
// Steps discarded as burn-in: the first third, at least 10 autocorrelation times once the kept
// two thirds span 20 (emcee's guidance is a few); the walkers start at the optimum already.
constexpr double kBurnInFraction = 1.0 / 3.0;
// Impact parameters the maximum-likelihood search starts from (the b-k-density valley has
// several local optima at low signal-to-noise).
constexpr double kStartImpacts[] = {0.2, 0.6, 0.85};
constexpr int kMaxNelderMeadEvaluations = 3000;
// Independent ensembles (one per thread of a two-core machine; the result does not depend on
// the thread count).
constexpr int kSamplerGroups = 2;
// Share of the moves drawn from the fitted multivariate t: the posteriors' curved directions
// (impact against k, a/R* and T14; u1 against u2) need 2-4 times fewer steps with them, and
// the coverage of the intervals is unchanged (docs/FIT.md, "Independence moves").
constexpr double kIndependentFraction = 0.3;

Interval percentiles(std::vector<double> v) {
  auto q = [&](double f) {
    const size_t i = std::min(v.size() - 1, static_cast<size_t>(f * static_cast<double>(v.size())));
    std::nth_element(v.begin(), v.begin() + static_cast<long>(i), v.end());
    return v[i];
  };
  return {q(0.5), q(0.158655), q(0.841345)};
}

// Derived quantities of one posterior draw, in TransitFit's order of intervals.
struct Draw {
  double rp_rs, a_rs, impact, inclination_deg, t0, period, t14_hours, depth_ppm, density, q1, q2,
      u1, u2, offset_ppm, jitter_ppm;
};

Draw derive(const TransitPosterior& post, const double* th) {
  const TransitParams p = post.transit_params(th);
  Draw d{};
  d.rp_rs = p.rp_rs;
  d.a_rs = p.a_rs;
  d.impact = p.impact;
  d.inclination_deg = std::acos(std::min(1.0, p.impact / p.a_rs)) * 180.0 / kPi;
  d.t0 = th[kT0] - post.reference_epoch() * th[kPeriod];
  d.period = th[kPeriod];
  d.t14_hours = transit_duration_hours(p.period_days, p.a_rs, p.impact, p.rp_rs);
  d.depth_ppm = (1 - quadratic_occultation_flux(p.rp_rs, p.impact, p.ld)) * 1e6;
  d.density = density_from_a_rs(p.a_rs, p.period_days);
  kipping_from_limb_darkening(p.ld, d.q1, d.q2);
  d.u1 = p.ld.u1;
  d.u2 = p.ld.u2;
  d.offset_ppm = th[kOffset] * 1e6;
  d.jitter_ppm = th[kJitter] * 1e6;
  return d;
}

// Per-parameter scales from the curvature of the log posterior (over the physical parameters,
// as the optimiser saw it) at `best`.
std::vector<double> curvature_scales(const TransitPosterior& post, const std::vector<double>& best,
                                     const std::vector<double>& step) {
  std::vector<double> scale(kNumParams);
  const double f0 = post.log_prob_physical(best.data());
  for (int i = 0; i < kNumParams; ++i) {
    const double h = 0.05 * step[i];
    auto x = best;
    x[i] = best[i] + h;
    const double fp = post.log_prob_physical(x.data());
    x[i] = best[i] - h;
    const double fm = post.log_prob_physical(x.data());
    const double d2 = -(fp + fm - 2 * f0) / (h * h);
    const double width = post.prior().hi[i] - post.prior().lo[i];
    scale[i] = std::isfinite(d2) && d2 > 0 ? std::min(1 / std::sqrt(d2), 0.1 * width) : h;
  }
  return scale;
}

}  // namespace

TransitFit fit_transit(const FitData& data, const TransitGuess& guess, const FitOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  TransitFit out;
  try {
    const TransitPosterior post(data, guess, options);
    out.n_points = post.size();
    out.exposure_days = post.exposure_days();
    const auto& prior = post.prior();
    std::atomic<size_t> optimizer_evaluations{0};
    auto neg_log_prob = [&](const std::vector<double>& x) {
      optimizer_evaluations.fetch_add(1, std::memory_order_relaxed);
      const double v = post.log_prob_physical(x.data());
      return std::isfinite(v) ? -v : INFINITY;
    };
    const double duration = guess.duration_hours / 24;
    std::vector<double> step = {0.05 * duration,
                                0.05 * (prior.hi[kPeriod] - prior.lo[kPeriod]),
                                0.2 * post.start()[kDepth],
                                0.1,
                                0.05 * duration,
                                0.15,
                                0.15,
                                1e-4,
                                0.3 * post.prior().hi[kJitter] / 10};

    // The starts are independent: they run side by side, and the best is taken in order.
    constexpr size_t kStarts = std::size(kStartImpacts);
    MinimizeResult starts[kStarts];
    parallel_for(kStarts, 1, resolve_threads(options.threads), [&](size_t begin, size_t end) {
      for (size_t i = begin; i < end; ++i) {
        auto x = post.start();
        x[kImpact2] = sampled_from_impact(kStartImpacts[i]);
        auto r = nelder_mead(neg_log_prob, x, step, 1e-6, kMaxNelderMeadEvaluations);
        std::vector<double> small(step);
        for (auto& s : small) s *= 0.2;
        starts[i] = nelder_mead(neg_log_prob, r.x, small, 1e-7, kMaxNelderMeadEvaluations);
      }
    });
    MinimizeResult best;
    best.value = INFINITY;
    for (const auto& r : starts) {
      if (r.value < best.value) best = r;
    }
    if (!std::isfinite(best.value)) {
      throw std::invalid_argument("no transit model near the candidate fits the data");
    }
    out.max_likelihood = best_fit_parameters(best.x.data());
    out.max_log_likelihood = post.log_likelihood(best.x.data());
    const TransitParams best_params = post.transit_params(best.x.data());
    out.max_likelihood_rp_rs = best_params.rp_rs;
    out.max_likelihood_a_rs = best_params.a_rs;
    vet_shape(data, post, best.x, out.vetting);

    // Walkers start in a ball around the maximum, sized by the curvature there.
    const auto scale = curvature_scales(post, best.x, step);
    std::mt19937_64 rng(options.seed);
    std::normal_distribution<double> gauss(0.0, 1.0);
    // Whole groups of at least 2 x 9 walkers, an even number each.
    const int per_group = std::max(2 * kNumParams, (options.walkers / kSamplerGroups + 1) / 2 * 2);
    const int n_walkers = per_group * kSamplerGroups;
    std::vector<std::vector<double>> initial;
    for (int w = 0; w < n_walkers; ++w) {
      auto x = best.x;
      double spread = 0.5;
      for (int attempt = 0; attempt < 200; ++attempt) {
        for (int i = 0; i < kNumParams; ++i) x[i] = best.x[i] + spread * scale[i] * gauss(rng);
        if (std::isfinite(post.log_prob(x.data()))) break;
        x = best.x;
        if (attempt % 20 == 19) spread *= 0.5;
      }
      initial.push_back(x);
    }

    EnsembleSampler sampler([&](const double* th) { return post.log_prob(th); }, kNumParams,
                            options.seed, options.threads, kSamplerGroups, kIndependentFraction);
    sampler.start(initial);
    const int max_steps = std::max(kMinSteps, options.max_steps);
    const int chunk = std::max(100, options.chunk_steps);
    Convergence& conv = out.convergence;
    conv.walkers = n_walkers;
    int steps = 0;
    while (steps < max_steps) {
      const int n = std::min(chunk * std::max(1, steps / (10 * chunk)), max_steps - steps);
      sampler.run(n);
      steps += n;
      if (steps < kMinSteps) continue;
      const auto burn = static_cast<size_t>(kBurnInFraction * steps);
      conv.split_rhat = split_rhat(sampler.chain(), burn, steps);
      conv.max_split_rhat = *std::max_element(conv.split_rhat.begin(), conv.split_rhat.end());
      // The autocorrelation times (the costlier check) only once R-hat passes, or to report.
      if (conv.max_split_rhat > kMaxRhat && steps < max_steps) continue;
      conv.autocorr_time = integrated_autocorr_time(sampler.chain(), burn, steps, options.threads);
      conv.max_autocorr_time =
          *std::max_element(conv.autocorr_time.begin(), conv.autocorr_time.end());
      conv.steps = steps;
      conv.burn_in = static_cast<int>(burn);
      conv.effective_samples =
          static_cast<double>(steps - burn) * n_walkers / std::max(1.0, conv.max_autocorr_time);
      if (static_cast<double>(steps - burn) >= kTauMultiple * conv.max_autocorr_time &&
          conv.max_split_rhat <= kMaxRhat) {
        conv.converged = true;
        break;
      }
    }
    const auto& chain = sampler.chain();
    out.optimizer_evaluations = optimizer_evaluations.load();
    out.sampler_evaluations = chain.proposed;
    conv.acceptance_fraction =
        static_cast<double>(chain.accepted) / std::max<size_t>(1, chain.proposed);
    if (!conv.converged) {
      char msg[256];
      std::snprintf(msg, sizeof msg,
                    "chains did not converge in %d steps: kept %d steps, %.0f autocorrelation "
                    "times needed (max tau %.0f), max split R-hat %.3f (<= %.2f needed); "
                    "more steps (fit_max_steps) may converge",
                    steps, steps - conv.burn_in, kTauMultiple, conv.max_autocorr_time,
                    conv.max_split_rhat, kMaxRhat);
      conv.message = msg;
      out.error = msg;
      out.elapsed_ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
              .count();
      return out;
    }

    // Posterior summaries over every kept draw; thinned draws for download.
    const size_t first = static_cast<size_t>(conv.burn_in), last = chain.steps();
    std::vector<Draw> draws;
    draws.reserve((last - first) * n_walkers);
    double grazing = 0;
    for (size_t s = first; s < last; ++s) {
      for (int w = 0; w < n_walkers; ++w) {
        const double* th = &chain.positions[(s * n_walkers + w) * kNumParams];
        draws.push_back(derive(post, th));
        if (draws.back().impact > 1 - draws.back().rp_rs) grazing += 1;
      }
    }
    grazing /= static_cast<double>(draws.size());
    auto interval = [&](double Draw::*field) {
      std::vector<double> v;
      v.reserve(draws.size());
      for (const auto& d : draws) v.push_back(d.*field);
      return percentiles(std::move(v));
    };
    out.rp_rs = interval(&Draw::rp_rs);
    out.a_rs = interval(&Draw::a_rs);
    out.impact = interval(&Draw::impact);
    out.inclination_deg = interval(&Draw::inclination_deg);
    out.t0 = interval(&Draw::t0);
    out.period = interval(&Draw::period);
    out.t14_hours = interval(&Draw::t14_hours);
    out.depth_ppm = interval(&Draw::depth_ppm);
    out.stellar_density_cgs = interval(&Draw::density);
    out.q1 = interval(&Draw::q1);
    out.q2 = interval(&Draw::q2);
    out.u1 = interval(&Draw::u1);
    out.u2 = interval(&Draw::u2);
    out.flux_offset_ppm = interval(&Draw::offset_ppm);
    out.jitter_ppm = interval(&Draw::jitter_ppm);

    std::vector<double> radius;
    if (options.stellar_radius_sun && *options.stellar_radius_sun > 0) {
      const double r = *options.stellar_radius_sun;
      const double r_err = options.stellar_radius_err_sun && *options.stellar_radius_err_sun > 0
                               ? *options.stellar_radius_err_sun
                               : kDefaultRadiusFractionalError * r;
      std::mt19937_64 radius_rng(options.seed ^ 0x5EEDULL);
      for (const auto& d : draws) {
        radius.push_back(d.rp_rs * std::max(0.0, r + r_err * gauss(radius_rng)) *
                         kEarthRadiiPerSolarRadius);
      }
      out.planet_radius_earth = percentiles(radius);
    }

    out.sample_names = {"t0_days",
                        "period_days",
                        "rp_rs",
                        "impact",
                        "a_rs",
                        "stellar_density_cgs",
                        "q1",
                        "q2",
                        "t14_hours",
                        "depth_ppm",
                        "inclination_deg",
                        "flux_offset_ppm",
                        "jitter_ppm"};
    if (!radius.empty()) out.sample_names.push_back("planet_radius_earth");
    size_t thin = std::max<size_t>(1, static_cast<size_t>(0.5 * conv.max_autocorr_time));
    const size_t max_samples = static_cast<size_t>(std::max(1, options.max_samples));
    while ((last - first + thin - 1) / thin * n_walkers > max_samples) ++thin;
    for (size_t s = first; s < last; s += thin) {
      for (int w = 0; w < n_walkers; ++w) {
        const size_t i = (s - first) * n_walkers + w;
        const Draw& d = draws[i];
        std::vector<double> row = {
            d.t0, d.period,    d.rp_rs,     d.impact,          d.a_rs,       d.density,   d.q1,
            d.q2, d.t14_hours, d.depth_ppm, d.inclination_deg, d.offset_ppm, d.jitter_ppm};
        if (!radius.empty()) row.push_back(radius[i]);
        out.samples.push_back(std::move(row));
      }
    }
    vet_posterior(out.stellar_density_cgs, grazing, options, out.vetting);
    out.ok = true;
  } catch (const std::invalid_argument& e) {
    out.error = e.what();
  }
  out.elapsed_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return out;
}

}  // namespace exodetect::fit
