// Sliding, time-windowed Tukey biweight trend (as wotan's `biweight`), gap-aware, with
// upper-side clipping. The window's usable values are kept sorted as it slides, so the median
// and MAD that start each biweight iteration cost O(window) instead of a selection per point.
// With degree 2 each window is a biweight-weighted quadratic in time instead (robust_quadratic).

#include "exodetect/lightcurve/detrend.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "exodetect/common/stats.hpp"
#include "exodetect/common/thread_pool.hpp"
#include "robust_fit.hpp"

namespace exodetect::lightcurve {

using common::mad_sigma;
using common::median;
using common::parallel_for;
using common::resolve_threads;

namespace {

constexpr int kMaxClipPasses = 5;
constexpr int kMaxNodesPerWindow = 1000;
const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

// A segment: points [begin, end) with no gap longer than gap_days. With a grid, the trend is
// evaluated at node_time (evenly spaced from the first to the last point's time) and
// interpolated to the points; without one, at every point.
struct Segment {
  size_t begin;
  size_t end;
  std::vector<double> node_time;   // days; empty: the trend is evaluated at every point
  std::vector<double> node_trend;  // biweight location at node_time
};

class Detrender {
 public:
  Detrender(const std::vector<double>& time, const std::vector<double>& flux,
            std::vector<uint8_t> usable, const DetrendOptions& options)
      : time_(time),
        flux_(flux),
        usable_(std::move(usable)),
        half_(0.5 * options.window_days),
        c_(options.biweight_c),
        degree_(options.degree) {}

  // Trend for points [from, to) of a segment from the usable points within half a window.
  // Independent per point, so disjoint ranges may run on different threads.
  void compute(const Segment& seg, size_t from, size_t to, std::vector<double>& trend) const {
    if (degree_ > 0) {
      for (size_t i = from; i < to; ++i) trend[i] = quadratic_at(seg, time_[i]);
      return;
    }
    std::vector<double> window;  // usable flux values of the current window, sorted
    size_t lo =
        std::lower_bound(time_.begin() + seg.begin, time_.begin() + seg.end, time_[from] - half_) -
        time_.begin();
    size_t hi = lo;
    for (size_t i = from; i < to; ++i) {
      for (; hi < seg.end && time_[hi] <= time_[i] + half_; ++hi) {
        if (usable_[hi]) {
          window.insert(std::upper_bound(window.begin(), window.end(), flux_[hi]), flux_[hi]);
        }
      }
      for (; time_[lo] < time_[i] - half_; ++lo) {
        if (usable_[lo]) {
          window.erase(std::lower_bound(window.begin(), window.end(), flux_[lo]));
        }
      }
      trend[i] = window.empty() ? kNaN : biweight_location(window, c_);
    }
  }

  // The same biweight at nodes [a, b) of a gridded segment. Nodes are far apart compared with
  // the cadence, so the sorted window moves by a merge of the sorted entering values and a
  // difference with the sorted leaving ones instead of one insertion per point.
  void compute_nodes(Segment& seg, size_t a, size_t b) const {
    if (degree_ > 0) {
      for (size_t k = a; k < b; ++k) seg.node_trend[k] = quadratic_at(seg, seg.node_time[k]);
      return;
    }
    std::vector<double> window, scratch, enter, leave;
    size_t lo = std::lower_bound(time_.begin() + seg.begin, time_.begin() + seg.end,
                                 seg.node_time[a] - half_) -
                time_.begin();
    size_t hi = lo;
    for (size_t k = a; k < b; ++k) {
      const double t = seg.node_time[k];
      enter.clear();
      leave.clear();
      for (; hi < seg.end && time_[hi] <= t + half_; ++hi) {
        if (usable_[hi]) enter.push_back(flux_[hi]);
      }
      for (; lo < hi && time_[lo] < t - half_; ++lo) {
        if (usable_[lo]) leave.push_back(flux_[lo]);
      }
      if (!leave.empty()) {
        std::sort(leave.begin(), leave.end());
        scratch.clear();
        std::set_difference(window.begin(), window.end(), leave.begin(), leave.end(),
                            std::back_inserter(scratch));
        window.swap(scratch);
      }
      if (!enter.empty()) {
        std::sort(enter.begin(), enter.end());
        scratch.clear();
        std::merge(window.begin(), window.end(), enter.begin(), enter.end(),
                   std::back_inserter(scratch));
        window.swap(scratch);
      }
      seg.node_trend[k] = window.empty() ? kNaN : biweight_location(window, c_);
    }
  }

  // The robust quadratic of the usable points within half a window of time t (days); NaN when
  // there are none.
  double quadratic_at(const Segment& seg, double t) const {
    thread_local std::vector<double> x, y, scratch;
    x.clear();
    y.clear();
    const auto first = time_.begin() + seg.begin, last = time_.begin() + seg.end;
    const size_t lo = std::lower_bound(first, last, t - half_) - time_.begin();
    const size_t hi = std::upper_bound(first, last, t + half_) - time_.begin();
    for (size_t j = lo; j < hi; ++j) {
      if (!usable_[j]) continue;
      x.push_back((time_[j] - t) / half_);
      y.push_back(flux_[j]);
    }
    return x.empty() ? kNaN : robust_quadratic(x, y, c_, scratch);
  }

  void exclude(size_t i) { usable_[i] = 0; }
  bool usable(size_t i) const { return usable_[i]; }
  double half_window() const { return half_; }

 private:
  const std::vector<double>& time_;
  const std::vector<double>& flux_;
  std::vector<uint8_t> usable_;
  double half_;
  double c_;
  int degree_;
};

// Slope of the node trend at node k for the cubic Hermite interpolation: centred where both
// neighbours have a value, one-sided where one has, flat where none has.
double node_slope(const Segment& seg, size_t k) {
  const std::vector<double>& t = seg.node_time;
  const std::vector<double>& v = seg.node_trend;
  const bool left = k > 0 && std::isfinite(v[k - 1]);
  const bool right = k + 1 < t.size() && std::isfinite(v[k + 1]);
  if (left && right) return (v[k + 1] - v[k - 1]) / (t[k + 1] - t[k - 1]);
  if (left) return (v[k] - v[k - 1]) / (t[k] - t[k - 1]);
  if (right) return (v[k + 1] - v[k]) / (t[k + 1] - t[k]);
  return 0.0;
}

// Trend of points [from, to) of a gridded segment: cubic Hermite between the two nodes around
// each point (NaN when either has none; filled afterwards like an empty window).
void interpolate(const std::vector<double>& time, const Segment& seg, size_t from, size_t to,
                 std::vector<double>& trend) {
  const std::vector<double>& nt = seg.node_time;
  const std::vector<double>& nv = seg.node_trend;
  if (nt.size() == 1) {
    std::fill(trend.begin() + from, trend.begin() + to, nv[0]);
    return;
  }
  size_t j = std::upper_bound(nt.begin(), nt.end(), time[from]) - nt.begin();
  j = std::min(j > 0 ? j - 1 : 0, nt.size() - 2);
  double m0 = node_slope(seg, j), m1 = node_slope(seg, j + 1);
  for (size_t i = from; i < to; ++i) {
    if (time[i] > nt[j + 1] && j + 2 < nt.size()) {
      while (time[i] > nt[j + 1] && j + 2 < nt.size()) ++j;
      m0 = node_slope(seg, j);
      m1 = node_slope(seg, j + 1);
    }
    const double h = nt[j + 1] - nt[j];
    const double s = (time[i] - nt[j]) / h;
    const double s2 = s * s, s3 = s2 * s;
    trend[i] = (2 * s3 - 3 * s2 + 1) * nv[j] + (s3 - 2 * s2 + s) * h * m0 +
               (3 * s2 - 2 * s3) * nv[j + 1] + (s3 - s2) * h * m1;
  }
}

struct Range {
  Segment* seg;
  size_t from;
  size_t to;
};

// Appends [from, to) of a segment to `out`, merged with the last range when they touch (ranges
// arrive in order within a segment).
void append_merged(std::vector<Range>& out, Segment* seg, size_t from, size_t to) {
  if (!out.empty() && out.back().seg == seg && from <= out.back().to) {
    out.back().to = std::max(out.back().to, to);
  } else {
    out.push_back({seg, from, to});
  }
}

// Computes the trend for the points of `ranges` on `threads` threads: per point in segments
// without a grid; in gridded ones, the nodes whose windows reach into a range (and three more
// each side, which the cubic pieces over the range use), then the points between them.
void compute_ranges(const Detrender& detrender, const std::vector<double>& time,
                    const std::vector<Range>& ranges, unsigned threads,
                    std::vector<double>& trend) {
  std::vector<Range> nodes, points;  // nodes: node index ranges; points: point index ranges
  for (const Range& r : ranges) {
    Segment& seg = *r.seg;
    if (seg.node_time.empty()) {
      append_merged(points, r.seg, r.from, r.to);
      continue;
    }
    // Nodes strictly between the points just outside the range hold every window that changed.
    const auto& nt = seg.node_time;
    const double t_lo = r.from > seg.begin ? time[r.from - 1] : -kInf;
    const double t_hi = r.to < seg.end ? time[r.to] : kInf;
    const size_t k0 = std::upper_bound(nt.begin(), nt.end(), t_lo) - nt.begin();
    const size_t k1 = std::lower_bound(nt.begin(), nt.end(), t_hi) - nt.begin();
    append_merged(nodes, r.seg, k0 >= 3 ? k0 - 3 : 0, std::min(nt.size(), k1 + 3));
    const double p_lo = nt[k0 >= 2 ? k0 - 2 : 0];
    const double p_hi = nt[std::min(nt.size() - 1, k1 + 1)];
    auto first = time.begin() + seg.begin, last = time.begin() + seg.end;
    size_t from = std::lower_bound(first, last, p_lo) - time.begin();
    size_t to = std::upper_bound(first, last, p_hi) - time.begin();
    append_merged(points, r.seg, std::min(from, r.from), std::max(to, r.to));
  }
  // Chunks: each re-fills one window, cheap against the chunk's work at these sizes.
  auto chunked = [](const std::vector<Range>& in, size_t size) {
    std::vector<Range> out;
    for (const Range& r : in) {
      for (size_t from = r.from; from < r.to; from += size) {
        out.push_back({r.seg, from, std::min(r.to, from + size)});
      }
    }
    return out;
  };
  constexpr size_t kNodeChunk = 256;
  constexpr size_t kPointChunk = 2048;
  const std::vector<Range> node_chunks = chunked(nodes, kNodeChunk);
  parallel_for(node_chunks.size(), 1, threads, [&](size_t begin, size_t end) {
    for (size_t k = begin; k < end; ++k) {
      const Range& c = node_chunks[k];
      detrender.compute_nodes(*c.seg, c.from, c.to);
    }
  });
  const std::vector<Range> point_chunks = chunked(points, kPointChunk);
  parallel_for(point_chunks.size(), 1, threads, [&](size_t begin, size_t end) {
    for (size_t k = begin; k < end; ++k) {
      const Range& c = point_chunks[k];
      if (c.seg->node_time.empty()) {
        detrender.compute(*c.seg, c.from, c.to, trend);
      } else {
        interpolate(time, *c.seg, c.from, c.to, trend);
      }
    }
  });
}

// Points whose window held no usable data get a trend interpolated in time from their
// segment's neighbours (nearest value at the ends; the segment median if nothing is usable).
void fill_missing(const std::vector<double>& time, const std::vector<double>& flux,
                  const Segment& seg, std::vector<double>& trend) {
  size_t prev = seg.end;  // last index with a trend, or none
  for (size_t i = seg.begin; i < seg.end; ++i) {
    if (std::isfinite(trend[i])) {
      prev = i;
      continue;
    }
    size_t next = i + 1;
    while (next < seg.end && !std::isfinite(trend[next])) ++next;
    if (prev != seg.end && next < seg.end) {
      double f = (time[i] - time[prev]) / (time[next] - time[prev]);
      trend[i] = trend[prev] + f * (trend[next] - trend[prev]);
    } else if (prev != seg.end) {
      trend[i] = trend[prev];
    } else if (next < seg.end) {
      trend[i] = trend[next];
    } else {
      std::vector<double> finite;
      for (size_t j = seg.begin; j < seg.end; ++j) {
        if (std::isfinite(flux[j])) finite.push_back(flux[j]);
      }
      double level = finite.empty() ? kNaN : median(std::move(finite));
      for (size_t j = seg.begin; j < seg.end; ++j) trend[j] = level;
      return;
    }
  }
}

// The points whose windows hold one of `points` (sorted indices), as merged ranges per segment.
std::vector<Range> windows_around(const std::vector<size_t>& points,
                                  const std::vector<double>& time, std::vector<Segment>& segments,
                                  const std::vector<size_t>& segment_of, double half) {
  std::vector<Range> ranges;
  size_t k = 0;
  while (k < points.size()) {
    const size_t s = segment_of[points[k]];
    Segment& seg = segments[s];
    auto first = time.begin() + seg.begin;
    auto last = time.begin() + seg.end;
    auto start_of = [&](size_t c) {
      return static_cast<size_t>(std::lower_bound(first, last, time[c] - half) - time.begin());
    };
    auto end_of = [&](size_t c) {
      return static_cast<size_t>(std::upper_bound(first, last, time[c] + half) - time.begin());
    };
    size_t from = start_of(points[k]);
    size_t to = end_of(points[k]);
    for (++k; k < points.size() && segment_of[points[k]] == s && start_of(points[k]) <= to; ++k) {
      to = std::max(to, end_of(points[k]));
    }
    ranges.push_back({&seg, from, to});
  }
  return ranges;
}

void check_inputs(const std::vector<double>& time_days, const std::vector<double>& flux,
                  const std::vector<uint8_t>& mask, const DetrendOptions& options) {
  const size_t n = time_days.size();
  if (flux.size() != n || (!mask.empty() && mask.size() != n)) {
    throw std::invalid_argument("biweight_detrend: time, flux and mask lengths differ");
  }
  if (!(options.window_days > 0) || !(options.gap_days > 0) || !(options.biweight_c > 0)) {
    throw std::invalid_argument("biweight_detrend: window, gap and c must be positive");
  }
  if (options.degree != 0 && options.degree != 2) {
    throw std::invalid_argument("biweight_detrend: degree must be 0 or 2");
  }
  if (options.nodes_per_window < 0 || options.nodes_per_window > kMaxNodesPerWindow) {
    throw std::invalid_argument("biweight_detrend: nodes_per_window must be 0 to 1000");
  }
  for (size_t i = 0; i < n; ++i) {
    if (!std::isfinite(time_days[i]) || (i > 0 && time_days[i] < time_days[i - 1])) {
      throw std::invalid_argument("biweight_detrend: times must be finite and sorted");
    }
  }
}

// Fits the trend over `ranges` (everything else kept from `result`), then clips upper outliers
// and refits only where their windows reach, until no new point is flagged.
void fit_and_clip(const std::vector<double>& time_days, const std::vector<double>& flux,
                  std::vector<uint8_t> usable, const std::vector<Range>& ranges,
                  std::vector<Segment>& segments, const std::vector<size_t>& segment_of,
                  const DetrendOptions& options, DetrendResult& result) {
  const size_t n = time_days.size();
  Detrender detrender(time_days, flux, std::move(usable), options);
  const unsigned threads = resolve_threads(options.threads);
  compute_ranges(detrender, time_days, ranges, threads, result.trend);

  const bool clip = options.upper_clip_sigma > 0 && std::isfinite(options.upper_clip_sigma);
  for (int pass = 0; clip && pass < kMaxClipPasses; ++pass) {
    std::vector<double> residuals;
    for (size_t i = 0; i < n; ++i) {
      if (detrender.usable(i) && std::isfinite(result.trend[i])) {
        residuals.push_back(flux[i] / result.trend[i] - 1.0);
      }
    }
    if (residuals.size() < 3) break;
    const double limit = options.upper_clip_sigma * mad_sigma(residuals);
    if (!(limit > 0)) break;
    std::vector<size_t> newly;
    for (size_t i = 0; i < n; ++i) {
      if (detrender.usable(i) && std::isfinite(result.trend[i]) &&
          flux[i] / result.trend[i] - 1.0 > limit) {
        newly.push_back(i);
        result.clipped[i] = 1;
        detrender.exclude(i);
      }
    }
    if (newly.empty()) break;
    compute_ranges(detrender, time_days,
                   windows_around(newly, time_days, segments, segment_of, detrender.half_window()),
                   threads, result.trend);
  }

  for (const Segment& seg : segments) fill_missing(time_days, flux, seg, result.trend);
  result.flux.resize(n);
  for (size_t i = 0; i < n; ++i) result.flux[i] = flux[i] / result.trend[i];
}

void split_segments(const std::vector<double>& time_days, const DetrendOptions& options,
                    std::vector<Segment>& segments, std::vector<size_t>& segment_of) {
  const size_t n = time_days.size();
  segment_of.resize(n);
  for (size_t i = 0; i < n; ++i) {
    if (i == 0 || time_days[i] - time_days[i - 1] > options.gap_days)
      segments.push_back({i, i, {}, {}});
    segments.back().end = i + 1;
    segment_of[i] = segments.size() - 1;
  }
  if (options.nodes_per_window <= 0) return;
  const double spacing = options.window_days / options.nodes_per_window;
  for (Segment& seg : segments) {
    const double t0 = time_days[seg.begin];
    const double span = time_days[seg.end - 1] - t0;
    // Intervals between nodes; a segment with no more points than nodes keeps every point.
    const double intervals = std::ceil(span / spacing);
    if (!(intervals + 1 < static_cast<double>(seg.end - seg.begin))) continue;
    const size_t k_max = static_cast<size_t>(intervals);
    seg.node_time.resize(k_max + 1);
    for (size_t k = 0; k <= k_max; ++k) {
      seg.node_time[k] = k_max ? t0 + span * static_cast<double>(k) / intervals : t0;
    }
    seg.node_time.back() = time_days[seg.end - 1];
    seg.node_trend.assign(k_max + 1, kNaN);
  }
}

}  // namespace

DetrendResult biweight_detrend(const std::vector<double>& time_days,
                               const std::vector<double>& flux, const std::vector<uint8_t>& mask,
                               const DetrendOptions& options) {
  check_inputs(time_days, flux, mask, options);
  const size_t n = time_days.size();
  std::vector<Segment> segments;
  std::vector<size_t> segment_of;
  split_segments(time_days, options, segments, segment_of);
  std::vector<uint8_t> usable(n);
  for (size_t i = 0; i < n; ++i) usable[i] = std::isfinite(flux[i]) && (mask.empty() || !mask[i]);
  DetrendResult result;
  result.trend.assign(n, kNaN);
  result.clipped.assign(n, 0);
  std::vector<Range> all;
  for (Segment& seg : segments) all.push_back({&seg, seg.begin, seg.end});
  fit_and_clip(time_days, flux, std::move(usable), all, segments, segment_of, options, result);
  return result;
}

DetrendResult biweight_detrend_update(const std::vector<double>& time_days,
                                      const std::vector<double>& flux,
                                      const std::vector<uint8_t>& previous_mask,
                                      const DetrendResult& previous,
                                      const std::vector<uint8_t>& mask,
                                      const DetrendOptions& options) {
  check_inputs(time_days, flux, mask, options);
  const size_t n = time_days.size();
  if (previous_mask.size() != n || mask.size() != n || previous.trend.size() != n ||
      previous.clipped.size() != n) {
    throw std::invalid_argument("biweight_detrend_update: array lengths differ");
  }
  std::vector<size_t> newly;
  for (size_t i = 0; i < n; ++i) {
    if (previous_mask[i] && !mask[i]) {
      throw std::invalid_argument("biweight_detrend_update: the mask must extend the previous one");
    }
    if (mask[i] && !previous_mask[i]) newly.push_back(i);
  }
  DetrendResult result = previous;
  if (newly.empty()) return result;
  std::vector<Segment> segments;
  std::vector<size_t> segment_of;
  split_segments(time_days, options, segments, segment_of);
  std::vector<uint8_t> usable(n);
  for (size_t i = 0; i < n; ++i) {
    usable[i] = std::isfinite(flux[i]) && !mask[i] && !previous.clipped[i];
  }
  const auto ranges =
      windows_around(newly, time_days, segments, segment_of, 0.5 * options.window_days);
  // Refit points get a fresh value (NaN where their window is now empty, filled afterwards).
  for (const Range& r : ranges) {
    std::fill(result.trend.begin() + r.from, result.trend.begin() + r.to, kNaN);
  }
  fit_and_clip(time_days, flux, std::move(usable), ranges, segments, segment_of, options, result);
  return result;
}

}  // namespace exodetect::lightcurve
