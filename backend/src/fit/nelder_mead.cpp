#include "nelder_mead.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace exodetect::fit {

MinimizeResult nelder_mead(const std::function<double(const std::vector<double>&)>& f,
                           std::vector<double> x0, const std::vector<double>& step,
                           double tolerance, int max_evaluations) {
  const size_t n = x0.size();
  std::vector<std::vector<double>> simplex(n + 1, x0);
  std::vector<double> values(n + 1);
  int evals = 0;
  auto eval = [&](const std::vector<double>& x) {
    ++evals;
    double v = f(x);
    return std::isnan(v) ? INFINITY : v;
  };
  for (size_t i = 0; i < n; ++i) simplex[i + 1][i] += step[i];
  for (size_t i = 0; i <= n; ++i) values[i] = eval(simplex[i]);
  std::vector<size_t> order(n + 1);
  std::vector<double> centroid(n), trial(n), trial2(n);
  while (evals < max_evaluations) {
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return values[a] < values[b]; });
    const size_t best = order[0], worst = order[n], second = order[n - 1];
    if (std::fabs(values[worst] - values[best]) < tolerance) break;
    std::fill(centroid.begin(), centroid.end(), 0.0);
    for (size_t i = 0; i < n; ++i) {
      for (size_t d = 0; d < n; ++d) centroid[d] += simplex[order[i]][d] / static_cast<double>(n);
    }
    auto along = [&](double t, std::vector<double>& out) {
      for (size_t d = 0; d < n; ++d) out[d] = centroid[d] + t * (simplex[worst][d] - centroid[d]);
    };
    along(-1.0, trial);  // reflection
    const double fr = eval(trial);
    if (fr < values[best]) {
      along(-2.0, trial2);  // expansion
      const double fe = eval(trial2);
      if (fe < fr) {
        simplex[worst] = trial2;
        values[worst] = fe;
      } else {
        simplex[worst] = trial;
        values[worst] = fr;
      }
      continue;
    }
    if (fr < values[second]) {
      simplex[worst] = trial;
      values[worst] = fr;
      continue;
    }
    along(fr < values[worst] ? -0.5 : 0.5, trial2);  // outside or inside contraction
    const double fc = eval(trial2);
    if (fc < std::min(fr, values[worst])) {
      simplex[worst] = trial2;
      values[worst] = fc;
      continue;
    }
    for (size_t i = 1; i <= n; ++i) {  // shrink towards the best
      auto& x = simplex[order[i]];
      for (size_t d = 0; d < n; ++d) x[d] = simplex[best][d] + 0.5 * (x[d] - simplex[best][d]);
      values[order[i]] = eval(x);
    }
  }
  const size_t best =
      static_cast<size_t>(std::min_element(values.begin(), values.end()) - values.begin());
  return {simplex[best], values[best], evals};
}

}  // namespace exodetect::fit
