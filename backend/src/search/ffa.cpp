// Fast-folding BLS: the light curve is binned once on a uniform time grid of phase steps, then
// for every whole number p of steps the fast folding algorithm (Staelin 1969) folds all
// m cycles (ceil(bins / p), padded with empty cycles to a power of two: the classic halving
// keeps every cycle's shift within about half a step of the ideal, where splits of other sizes
// drift by over a step) at the m periods p + s / (m - 1) steps (s = 0 .. m-1) in
// O(m p log2 m) instead of O(m p m). Each trial period takes the profile nearest its drift per
// row (within 1 / (2 (m - 1)) step, a phase drift below half a step over the whole span) and
// the best box is fitted on it exactly as in the point-by-point fold.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "bls_kernel.hpp"
#include "exodetect/common/thread_pool.hpp"
#include "exodetect/search/bls.hpp"

namespace exodetect::search {

using common::parallel_for;

namespace {

// dst[0, n) = a[0, n) + b[0, n); separate so it vectorises.
void add_rows(float* __restrict dst, const float* __restrict a, const float* __restrict b,
              size_t n) {
  for (size_t i = 0; i < n; ++i) dst[i] = a[i] + b[i];
}

// dst[0, n) += b[0, n).
void add_into(float* __restrict dst, const float* __restrict b, size_t n) {
  for (size_t i = 0; i < n; ++i) dst[i] += b[i];
}

// Rows are p bins of (sum w*y, sum w) float pairs, `stride` = 2 p floats.
// Folds the m rows of `src` (m a power of two, >= 2) into m drift profiles in `dst`, using
// `scratch` (same size). Profile s of a block is its rows shifted by about s / (rows - 1) steps
// per row: halves at drift s / 2, the second half moved by (s + 1) / 2. A half of one row is its
// own profile and is read from `src` in place.
__attribute__((target_clones("avx512f", "avx2", "default"))) void ffa(const float* src, float* dst,
                                                                      float* scratch, int m,
                                                                      int p) {
  const size_t stride = 2 * static_cast<size_t>(p);
  const int h = m / 2;
  // Children fold into `scratch`, borrowing `dst` as their scratch space.
  const float* heads = src;
  const float* tails = src + h * stride;
  if (h > 1) {
    ffa(src, scratch, dst, h, p);
    ffa(src + h * stride, scratch + h * stride, dst + h * stride, h, p);
    heads = scratch;
    tails = scratch + h * stride;
  }
  for (int s = 0; s < m; ++s) {
    const int shift = ((s + 1) / 2) % p;
    const float* head = heads + (s / 2) * stride;
    const float* tail = tails + (s / 2) * stride;
    float* out = dst + s * stride;
    const size_t n1 = 2 * static_cast<size_t>(p - shift);
    add_rows(out, head, tail + 2 * static_cast<size_t>(shift), n1);
    add_rows(out + n1, head + n1, tail, stride - n1);
  }
}

// Folds the m rows of `src` at drift s / (m - 1) steps per row straight into `dst` (one
// profile): cheaper than the full transform when a group holds fewer trial periods than
// log2(m), as at long periods where the Ofir grid is sparse.
__attribute__((target_clones("avx512f", "avx2", "default"))) void fold_one(const float* src,
                                                                           float* dst, int m, int p,
                                                                           int s) {
  const size_t stride = 2 * static_cast<size_t>(p);
  // Row 0 has no shift: it is the sum so far, and the rest add to it.
  std::copy(src, src + stride, dst);
  for (int i = 1; i < m; ++i) {
    const int shift =
        m > 1 ? static_cast<int>((static_cast<long>(i) * s * 2 + (m - 1)) / (2L * (m - 1))) % p : 0;
    const float* row = src + i * stride;
    const size_t n1 = 2 * static_cast<size_t>(p - shift);
    add_into(dst, row + 2 * static_cast<size_t>(shift), n1);
    add_into(dst + n1, row, stride - n1);
  }
}

struct Group {
  int p;         // base period, whole steps
  size_t begin;  // range in the period order
  size_t end;
};

}  // namespace

void ffa_search(const BlsData& data, const BoxGrid& grid, const std::vector<double>& periods_days,
                unsigned threads, const std::function<void(size_t)>& on_done, Periodogram& out) {
  const double step = grid.step_days;
  const auto n_t = static_cast<size_t>(std::floor(data.span / step)) + 1;
  // Zero padding past the last bin lets every fold read whole rows straight from `series`.
  const double p_max = *std::max_element(periods_days.begin(), periods_days.end());
  std::vector<float> series(2 * (2 * n_t + 2 * static_cast<size_t>(p_max / step) + 2), 0.0f);
  for (size_t i = 0; i < data.t.size(); ++i) {
    const size_t j = std::min(n_t - 1, static_cast<size_t>(data.t[i] / step));
    series[2 * j] += static_cast<float>(data.wy[i]);
    series[2 * j + 1] += static_cast<float>(data.w[i]);
  }
  std::vector<size_t> order(periods_days.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return periods_days[a] < periods_days[b]; });
  std::vector<Group> groups;
  for (size_t k = 0; k < order.size(); ++k) {
    const int p = std::max(1, static_cast<int>(periods_days[order[k]] / step));
    if (groups.empty() || groups.back().p != p) groups.push_back({p, k, k});
    groups.back().end = k + 1;
  }

  parallel_for(groups.size(), 1, threads, [&](size_t g_begin, size_t g_end) {
    thread_local std::vector<float> profiles, scratch;
    thread_local FoldScratch fold;
    for (size_t g = g_begin; g < g_end; ++g) {
      const int p = groups[g].p;
      const size_t stride = 2 * static_cast<size_t>(p);
      int m = 1;
      while (static_cast<size_t>(m) * p < n_t) m *= 2;
      const size_t size = stride * m;
      profiles.resize(size);
      scratch.resize(size);
      const float* folded = series.data();  // one row: its own profile
      const size_t n_here = groups[g].end - groups[g].begin;
      const int rows = static_cast<int>((n_t + p - 1) / p);  // without the power-of-two padding
      const bool direct = m > 1 && static_cast<double>(n_here * rows) < std::log2(m) * m;
      if (m > 1 && !direct) {
        ffa(series.data(), profiles.data(), scratch.data(), m, p);
        folded = profiles.data();
      }
      for (size_t k = groups[g].begin; k < groups[g].end; ++k) {
        const size_t idx = order[k];
        const double period = periods_days[idx];
        const double frac = period / step - p;
        // Rows are p steps and the period p + frac: a transit moves frac along the row per
        // period, and every p / frac periods it skips a row, so per row it drifts
        // frac * p / (p + frac) (taking frac per row put the peak 22 grid points low at 1 d
        // over four Kepler years).
        const double drift = frac * p / (p + frac);
        const int s =
            m > 1 ? std::clamp(static_cast<int>(std::lround(drift * (m - 1))), 0, m - 1) : 0;
        const float* prof = folded + s * stride;
        if (direct) {
          fold_one(series.data(), profiles.data(), rows, p,
                   static_cast<int>(std::lround(drift * (rows - 1))));
          prof = profiles.data();
        }
        prefix_sums(prof, prof + 1, 2, p, grid.max_steps, fold);
        const BoxFit fit = fit_profile(grid, period, p, data.sum_w, fold);
        store_fit(data, grid, period, fit, idx, out);
      }
      if (on_done) on_done(groups[g].end - groups[g].begin);
    }
  });
}

}  // namespace exodetect::search
