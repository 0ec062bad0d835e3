// Derivative-free minimisation for the maximum-likelihood start (internal to the module).
#pragma once

#include <functional>
#include <vector>

namespace exodetect::fit {

struct MinimizeResult {
  std::vector<double> x;
  double value = 0;
  int evaluations = 0;
};

// Nelder & Mead (1965) simplex minimisation of `f` from `x0` with initial steps `step`, until
// the simplex's values differ by less than `tolerance` or `max_evaluations` is reached. `f` may
// return +infinity (outside the allowed region).
MinimizeResult nelder_mead(const std::function<double(const std::vector<double>&)>& f,
                           std::vector<double> x0, const std::vector<double>& step,
                           double tolerance, int max_evaluations);

}  // namespace exodetect::fit
