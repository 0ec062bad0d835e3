// Fast-folding BLS: the light curve is binned once on a uniform time grid of phase steps, then
// for every whole number p of steps the fast folding algorithm (Staelin 1969) folds all
// m cycles (ceil(bins / p), padded with empty cycles to a power of two: the classic halving
// keeps every cycle's shift within about half a step of the ideal, where splits of other sizes
// drift by over a step) at the m periods p + s / (m - 1) steps (s = 0 .. m-1) in
// O(m p log2 m) instead of O(m p m). Each trial period takes the profile nearest its drift per
// row (within 1 / (2 (m - 1)) step, a phase drift below half a step over the whole span) and
// the best box is fitted on it exactly as in the point-by-point fold. Where a group needs fewer
// periods than the transform makes, each is folded directly, and in a series that is mostly
// empty bins (sectors years apart) only the stretches that hold data are added.
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

// Row i's shift in a direct fold at drift s / (m - 1) steps per row: the nearest whole step.
inline int row_shift(int i, int s, int m, int p) {
  return m > 1 ? static_cast<int>((static_cast<long>(i) * s * 2 + (m - 1)) / (2L * (m - 1))) % p
               : 0;
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
    const int shift = row_shift(i, s, m, p);
    const float* row = src + i * stride;
    const size_t n1 = 2 * static_cast<size_t>(p - shift);
    add_into(dst, row + 2 * static_cast<size_t>(shift), n1);
    add_into(dst + n1, row, stride - n1);
  }
}

// Empty stretches shorter than this many bins stay inside a span of data: adding their zeros
// costs less than starting another span.
constexpr size_t kSpanMergeBins = 64;

struct Group {
  int p;         // base period, whole steps
  size_t begin;  // range in the period order
  size_t end;
};

// A stretch of bins with data, [begin, end) of the time series. Light curves stitched from
// sectors or quarters years apart are mostly empty bins, which a fold need not visit.
struct Span {
  size_t begin;
  size_t end;
};

std::vector<Span> occupied_spans(const std::vector<float>& series, size_t n_t) {
  std::vector<Span> spans;
  for (size_t j = 0; j < n_t; ++j) {
    if (series[2 * j + 1] == 0.0f) continue;
    if (!spans.empty() && j - spans.back().end < kSpanMergeBins) {
      spans.back().end = j + 1;
    } else {
      spans.push_back({j, j + 1});
    }
  }
  return spans;
}

// A span's part within one row of p bins: columns [column, column + length) of row `row`.
struct RowPiece {
  int row;
  int column;
  int length;
};

// The spans cut at the row boundaries of rows p bins long.
void cut_into_rows(const std::vector<Span>& spans, int p, std::vector<RowPiece>& out) {
  out.clear();
  const auto width = static_cast<size_t>(p);
  for (const Span& span : spans) {
    for (size_t j = span.begin; j < span.end;) {
      const size_t row = j / width, column = j - row * width;
      const size_t length = std::min(span.end - j, width - column);
      out.push_back({static_cast<int>(row), static_cast<int>(column), static_cast<int>(length)});
      j += length;
    }
  }
}

// fold_one over the row pieces only: each profile bin receives its rows' values in the same
// order as in fold_one and misses only empty bins (zeros), so the sums are the same to the bit.
__attribute__((target_clones("avx512f", "avx2", "default"))) void fold_one_pieces(
    const float* src, const std::vector<RowPiece>& pieces, float* dst, int m, int p, int s) {
  const size_t stride = 2 * static_cast<size_t>(p);
  std::fill(dst, dst + stride, 0.0f);
  for (const RowPiece& piece : pieces) {
    const int i = piece.row;
    const int shift = row_shift(i, s, m, p);
    // Column c lands on bin c - shift, wrapping past the row's start.
    const float* row = src + static_cast<size_t>(i) * stride;
    const int c0 = piece.column, c1 = piece.column + piece.length;
    const int split = std::clamp(shift, c0, c1);  // columns below `shift` wrap
    if (split > c0) {
      add_into(dst + 2 * static_cast<size_t>(c0 - shift + p), row + 2 * static_cast<size_t>(c0),
               2 * static_cast<size_t>(split - c0));
    }
    if (c1 > split) {
      add_into(dst + 2 * static_cast<size_t>(split - shift), row + 2 * static_cast<size_t>(split),
               2 * static_cast<size_t>(c1 - split));
    }
  }
}

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
  const std::vector<Span> spans = occupied_spans(series, n_t);
  // Cutting the spans into rows keeps their bins: the pieces of any row length hold these.
  size_t span_bins = 0;
  for (const Span& span : spans) span_bins += span.end - span.begin;
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
    thread_local std::vector<RowPiece> pieces;
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
      // Costs in bin additions: the transform folds every drift at once over log2(m) levels;
      // a direct fold adds each row, or only the rows' pieces that hold data.
      // Only a clearly sparse series takes the pieces, so a dense one is folded as it always was;
      // its bins with data alone say so, and it is never cut.
      const double dense_fold = static_cast<double>(rows) * p;
      double pieces_fold = dense_fold;
      bool sparse = 2.0 * static_cast<double>(span_bins) < dense_fold;
      if (sparse) {
        cut_into_rows(spans, p, pieces);
        pieces_fold = static_cast<double>(span_bins + pieces.size());
        sparse = 2 * pieces_fold < dense_fold;
      }
      const double transform = std::log2(m) * m * p;
      const bool direct =
          m > 1 && static_cast<double>(n_here) * (sparse ? pieces_fold : dense_fold) < transform;
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
          const int shift = static_cast<int>(std::lround(drift * (rows - 1)));
          if (sparse) {
            fold_one_pieces(series.data(), pieces, profiles.data(), rows, p, shift);
          } else {
            fold_one(series.data(), profiles.data(), rows, p, shift);
          }
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
