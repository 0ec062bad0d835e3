#include "bls_kernel.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <stdexcept>

#include "exodetect/search/bls.hpp"

namespace exodetect::search {

BlsData prepare_bls_data(const std::vector<double>& time_days, const std::vector<double>& flux,
                         const std::vector<double>& flux_err) {
  const size_t n = time_days.size();
  if (flux.size() != n) throw std::invalid_argument("bls: time and flux differ in length");
  if (!flux_err.empty() && flux_err.size() != n) {
    throw std::invalid_argument("bls: flux_err differs in length from time");
  }
  if (n < 3) throw std::invalid_argument("bls: need at least 3 points");
  BlsData d;
  double t_min = time_days[0], t_max = time_days[0];
  for (size_t i = 0; i < n; ++i) {
    if (!std::isfinite(time_days[i]) || !std::isfinite(flux[i])) {
      throw std::invalid_argument("bls: non-finite time or flux");
    }
    t_min = std::min(t_min, time_days[i]);
    t_max = std::max(t_max, time_days[i]);
  }
  if (!(t_max > t_min)) throw std::invalid_argument("bls: time span is zero");
  d.t_ref = t_min;
  d.span = t_max - t_min;
  d.t.resize(n);
  d.w.resize(n);
  d.wy.resize(n);
  double sum_wy = 0;
  for (size_t i = 0; i < n; ++i) {
    double w = 1.0;
    if (!flux_err.empty()) {
      const double e = flux_err[i];
      if (!(e > 0) || !std::isfinite(e)) {
        throw std::invalid_argument("bls: flux_err must be positive and finite");
      }
      w = 1.0 / (e * e);
    }
    d.t[i] = time_days[i] - t_min;
    d.w[i] = w;
    d.sum_w += w;
    sum_wy += w * flux[i];
  }
  const double mean = sum_wy / d.sum_w;
  for (size_t i = 0; i < n; ++i) d.wy[i] = d.w[i] * (flux[i] - mean);
  return d;
}

BoxGrid make_box_grid(const std::vector<double>& periods_days,
                      const std::vector<double>& durations_hours, double step_days) {
  if (durations_hours.empty()) throw std::invalid_argument("bls: no trial durations");
  double p_min = std::numeric_limits<double>::infinity();
  for (double p : periods_days) {
    if (!(p > 0) || !std::isfinite(p)) {
      throw std::invalid_argument("bls: trial periods must be positive and finite");
    }
    p_min = std::min(p_min, p);
  }
  BoxGrid g;
  double d_min = std::numeric_limits<double>::infinity();
  for (double h : durations_hours) {
    if (!(h > 0) || !std::isfinite(h)) {
      throw std::invalid_argument("bls: trial durations must be positive and finite");
    }
    d_min = std::min(d_min, h / 24.0);
  }
  if (!periods_days.empty() && d_min > kMaxDutyCycle * p_min) {
    throw std::invalid_argument(
        "bls: every trial duration exceeds a quarter of the shortest trial period");
  }
  g.step_days = step_days > 0 ? step_days : d_min / kPhaseStepsPerDuration;
  std::vector<double> sorted = durations_hours;
  std::sort(sorted.begin(), sorted.end());
  for (double h : sorted) {
    // Durations shorter than a step (below the cadence) are one step, tested once.
    const int steps = std::max(1, static_cast<int>(std::lround(h / 24.0 / g.step_days)));
    if (!g.duration_steps.empty() && g.duration_steps.back() == steps) continue;
    g.durations_days.push_back(steps * g.step_days);
    g.duration_steps.push_back(steps);
    g.max_steps = std::max(g.max_steps, steps);
  }
  return g;
}

namespace {

// a^2 / (w_in (W - w_in)^2) of the box [n, n + d), 0 when the box is not a dip with points in
// and out; written without branches (safe divisor) so the scan below vectorises.
inline double box_score(const double* cy, const double* cw, int n, int d, double total_w,
                        double min_w) {
  const double a = cy[n + d] - cy[n];
  const double w = cw[n + d] - cw[n];
  const double w_out = total_w - w;
  const bool ok = (a < 0) & (w > min_w) & (w_out > min_w);
  const double num = ok ? a * a : 0.0;
  const double den = ok ? w * w_out * w_out : 1.0;
  return num / den;
}

// Best score over all starts: the hot loop of the search, four boxes at a time with GCC/Clang
// vector extensions, cloned for wide vector units.
using V4d = double __attribute__((vector_size(32)));

// Unaligned load; through a reference so no vector crosses a call boundary (ABI-neutral).
__attribute__((always_inline)) inline void load4(V4d& v, const double* p) {
  std::memcpy(&v, p, sizeof v);
}

struct ScoreMax {
  double score = 0;
  int start = -1;
};

__attribute__((target_clones("avx512f", "avx2", "default"))) ScoreMax max_box_score(
    const double* cy, const double* cw, int n_bins, int d, double total_w, double min_w) {
  V4d top = {0, 0, 0, 0}, top_n = {-1, -1, -1, -1}, idx = {0, 1, 2, 3};
  const V4d zero = {0, 0, 0, 0}, one = {1, 1, 1, 1}, four = {4, 4, 4, 4};
  int n = 0;
  for (; n + 4 <= n_bins; n += 4, idx += four) {
    V4d y0, y1, w0, w1;
    load4(y0, cy + n);
    load4(y1, cy + n + d);
    load4(w0, cw + n);
    load4(w1, cw + n + d);
    const V4d a = y1 - y0;
    const V4d w = w1 - w0;
    const V4d w_out = total_w - w;
    const auto ok = (a < 0) & (w > min_w) & (w_out > min_w);
    const V4d v = (ok ? a * a : zero) / (ok ? w * w_out * w_out : one);
    const auto better = v > top;
    top = better ? v : top;
    top_n = better ? idx : top_n;
  }
  // Ties resolve to the earliest start, as a sequential scan would.
  ScoreMax best;
  for (int k = 0; k < 4; ++k) {
    if (top[k] > best.score || (top[k] == best.score && top[k] > 0 && top_n[k] < best.start)) {
      best.score = top[k];
      best.start = static_cast<int>(top_n[k]);
    }
  }
  for (; n < n_bins; ++n) {
    const double v = box_score(cy, cw, n, d, total_w, min_w);
    if (v > best.score) best = {v, n};
  }
  return best;
}

}  // namespace

BoxFit fit_profile(const BoxGrid& grid, double period_days, int n_bins, double total_w,
                   const FoldScratch& s) {
  // power = 0.5 w_in depth^2 with depth = -a W / (w_in (W - w_in)) for centred data. A first
  // branch-free pass per duration finds the best score (vectorises); only the winning duration
  // is scanned again for its start.
  const double min_w = total_w * 1e-12;
  const double* cy = s.cy.data();
  const double* cw = s.cw.data();
  double lo_days = 0, hi_days = kMaxDutyCycle * period_days;
  if (grid.prior) {
    const DurationRange r = transit_duration_range(period_days, grid.prior->stellar_density_cgs);
    lo_days = r.min_hours / kDurationGridRatio / 24.0;
    hi_days = std::min(hi_days, r.max_hours * kDurationGridRatio / 24.0);
  }
  BoxFit best;
  for (size_t k = 0; k < grid.duration_steps.size(); ++k) {
    const double d_days = grid.durations_days[k];
    // A box below the range still counts when it is the shortest the grid resolves.
    if (d_days > hi_days || (d_days < lo_days && k + 1 < grid.duration_steps.size() &&
                             grid.durations_days[k + 1] <= lo_days)) {
      continue;
    }
    const int d = grid.duration_steps[k];
    if (d > n_bins) continue;
    const ScoreMax top = max_box_score(cy, cw, n_bins, d, total_w, min_w);
    if (top.score > best.power) {
      best.power = top.score;
      best.start = top.start;
      best.width = d;
    }
  }
  if (best.start < 0) return best;
  best.power *= 0.5 * total_w * total_w;
  best.sum_wy = cy[best.start + best.width] - cy[best.start];
  best.sum_w = cw[best.start + best.width] - cw[best.start];
  return best;
}

BoxFit fold_and_fit(const BlsData& data, const BoxGrid& grid, double period_days, FoldScratch& s) {
  const int n_bins = static_cast<int>(std::ceil(period_days / grid.step_days));
  s.y.assign(n_bins, 0.0);
  s.w.assign(n_bins, 0.0);
  const double inv_step = 1.0 / grid.step_days;
  const size_t n = data.t.size();
  // Times are usually ascending: the cycle number then only steps up, and a comparison
  // replaces the division per point. An earlier time (unsorted input) recomputes it.
  // Consecutive points mostly share a bin: its sums stay in registers until the bin changes
  // (the same additions in the same order as adding into memory each time).
  double cycle = 0, cycle_start = 0, cycle_end = period_days;
  int bin = 0;
  double sum_y = 0, sum_w = 0;
  for (size_t i = 0; i < n; ++i) {
    const double t = data.t[i];
    if (t >= cycle_end || t < cycle_start) {
      cycle = std::floor(t / period_days);
      cycle_start = period_days * cycle;
      cycle_end = period_days * (cycle + 1);
    }
    const double phase = t - cycle_start;
    const int b = std::min(static_cast<int>(phase * inv_step), n_bins - 1);
    if (b != bin) {
      s.y[bin] = sum_y;
      s.w[bin] = sum_w;
      bin = b;
      sum_y = s.y[b];
      sum_w = s.w[b];
    }
    sum_y += data.wy[i];
    sum_w += data.w[i];
  }
  s.y[bin] = sum_y;
  s.w[bin] = sum_w;
  prefix_sums(s.y.data(), s.w.data(), 1, n_bins, grid.max_steps, s);
  return fit_profile(grid, period_days, n_bins, data.sum_w, s);
}

void store_fit(const BlsData& data, const BoxGrid& grid, double period_days, const BoxFit& fit,
               size_t i, Periodogram& out) {
  if (fit.start < 0) return;
  const double w_out = data.sum_w - fit.sum_w;
  out.power[i] = fit.power;
  out.duration_days[i] = fit.width * grid.step_days;
  const double mid = (fit.start + 0.5 * fit.width) * grid.step_days;
  out.t0[i] = data.t_ref + (mid - period_days * std::floor(mid / period_days));
  out.depth[i] = -fit.sum_wy * data.sum_w / (fit.sum_w * w_out);
  out.depth_err[i] = std::sqrt(1.0 / fit.sum_w + 1.0 / w_out);
}

}  // namespace exodetect::search
