// Vetting numbers from a transit fit (internal to the module).
#pragma once

#include <optional>
#include <vector>

#include "exodetect/fit/transit_fit.hpp"
#include "likelihood.hpp"

namespace exodetect::fit {

// Odd/even depths, the secondary eclipse and per-transit times with the shape fixed at the
// maximum-likelihood parameters `best`: each a weighted linear (or one-dimensional) least
// squares on the data, so they cost little next to the sampling. Also the V shape at the best
// fit (b > 1 - k), the flag when there is no converged posterior.
void vet_shape(const FitData& data, const TransitPosterior& posterior,
               const std::vector<double>& best, FitVetting& out);

// The posterior's flags: the density against the star's and the grazing (V-shape) probability.
void vet_posterior(const Interval& density, double grazing_probability, const FitOptions& options,
                   FitVetting& out);

}  // namespace exodetect::fit
