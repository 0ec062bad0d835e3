// Sliding, time-windowed Tukey biweight trend (as wotan's `biweight`), gap-aware, with
// upper-side clipping. The window's usable values are kept sorted as it slides, so the median
// and MAD that start each biweight iteration cost O(window) instead of a selection per point.

#include "exodetect/lightcurve/detrend.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "exodetect/common/stats.hpp"
#include "exodetect/common/thread_pool.hpp"

namespace exodetect {
namespace {

constexpr int kMaxIterations = 30;
// Converged when the location moves less than this fraction of the window's MAD (wotan uses an
// absolute 1e-6 on normalised flux, which is about 1e-3 MAD for typical Kepler/TESS noise).
constexpr double kToleranceMad = 1e-3;
constexpr int kMaxClipPasses = 5;
const double kNaN = std::numeric_limits<double>::quiet_NaN();

// The k-th smallest (0-based) of |x - med| over sorted values, where `split` is the first index
// with x >= med. The deviations form two sorted runs (leftwards and rightwards from `split`), so
// this is a binary search for how many of the k + 1 smallest come from the left run. `next`
// receives the (k + 1)-th smallest.
double kth_deviation(const std::vector<double>& s, size_t split, double med, size_t k,
                     double* next) {
  const size_t n_left = split;
  const size_t n_right = s.size() - split;
  auto left = [&](size_t j) { return med - s[split - 1 - j]; };
  auto right = [&](size_t j) { return s[split + j] - med; };
  size_t lo = k + 1 > n_right ? k + 1 - n_right : 0;
  size_t hi = std::min(k + 1, n_left);
  while (true) {
    const size_t a = (lo + hi) / 2;
    const size_t b = k + 1 - a;
    if (a < n_left && b > 0 && right(b - 1) > left(a)) {
      lo = a + 1;
    } else if (a > 0 && b < n_right && left(a - 1) > right(b)) {
      hi = a - 1;
    } else {
      if (next) {
        double x = std::numeric_limits<double>::infinity();
        if (a < n_left) x = left(a);
        if (b < n_right) x = std::min(x, right(b));
        *next = x;
      }
      if (a == 0) return right(b - 1);
      if (b == 0) return left(a - 1);
      return std::max(left(a - 1), right(b - 1));
    }
  }
}

// Biweight location of sorted values: start at the median, scale by the MAD about it (fixed,
// as wotan), iterate the weighted mean to convergence.
double biweight_location(const std::vector<double>& sorted, double c) {
  const size_t n = sorted.size();
  const double med = n % 2 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
  const size_t split = std::lower_bound(sorted.begin(), sorted.end(), med) - sorted.begin();
  double mad = 0;
  if (n % 2) {
    mad = kth_deviation(sorted, split, med, n / 2, nullptr);
  } else {
    double upper = 0;
    double lower = kth_deviation(sorted, split, med, n / 2 - 1, &upper);
    mad = 0.5 * (lower + upper);
  }
  if (!(mad > 0)) return med;

  const double reach = c * mad;  // points farther than this from the centre weigh nothing
  const double inv_reach_sq = 1.0 / (reach * reach);
  double center = med;
  for (int it = 0; it < kMaxIterations; ++it) {
    // Sorted values: the points with non-zero weight are one contiguous run.
    const double* first = &*std::upper_bound(sorted.begin(), sorted.end(), center - reach);
    const double* last =
        sorted.data() +
        (std::lower_bound(sorted.begin(), sorted.end(), center + reach) - sorted.begin());
    // Four independent accumulators let the compiler vectorise without reassociating sums.
    double num[4] = {0, 0, 0, 0};
    double den[4] = {0, 0, 0, 0};
    const double* p = first;
    for (; p + 4 <= last; p += 4) {
      for (int l = 0; l < 4; ++l) {
        double d = p[l] - center;
        double w = 1.0 - d * d * inv_reach_sq;
        w *= w;
        num[l] += d * w;
        den[l] += w;
      }
    }
    for (; p < last; ++p) {
      double d = *p - center;
      double w = 1.0 - d * d * inv_reach_sq;
      w *= w;
      num[0] += d * w;
      den[0] += w;
    }
    double weight = den[0] + den[1] + den[2] + den[3];
    if (!(weight > 0)) break;
    double step = (num[0] + num[1] + num[2] + num[3]) / weight;
    center += step;
    if (std::fabs(step) < kToleranceMad * mad) break;
  }
  return center;
}

struct Segment {
  size_t begin;
  size_t end;
};

class Detrender {
 public:
  Detrender(const std::vector<double>& time, const std::vector<double>& flux,
            std::vector<uint8_t> usable, const DetrendOptions& options)
      : time_(time),
        flux_(flux),
        usable_(std::move(usable)),
        half_(0.5 * options.window_days),
        c_(options.biweight_c) {}

  // Trend for points [from, to) of a segment from the usable points within half a window.
  // Independent per point, so disjoint ranges may run on different threads.
  void compute(const Segment& seg, size_t from, size_t to, std::vector<double>& trend) const {
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

  void exclude(size_t i) { usable_[i] = 0; }
  bool usable(size_t i) const { return usable_[i]; }
  double half_window() const { return half_; }

 private:
  const std::vector<double>& time_;
  const std::vector<double>& flux_;
  std::vector<uint8_t> usable_;
  double half_;
  double c_;
};

// Splits [from, to) of a segment into chunks and computes them on `threads` threads.
struct Range {
  const Segment* seg;
  size_t from;
  size_t to;
};

void compute_ranges(const Detrender& detrender, const std::vector<Range>& ranges, unsigned threads,
                    std::vector<double>& trend) {
  constexpr size_t kChunk = 2048;  // points; a chunk re-fills one window, cheap at this size
  std::vector<Range> chunks;
  for (const Range& r : ranges) {
    for (size_t from = r.from; from < r.to; from += kChunk) {
      chunks.push_back({r.seg, from, std::min(r.to, from + kChunk)});
    }
  }
  parallel_for(chunks.size(), 1, threads, [&](size_t begin, size_t end) {
    for (size_t k = begin; k < end; ++k) {
      detrender.compute(*chunks[k].seg, chunks[k].from, chunks[k].to, trend);
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
                                  const std::vector<double>& time,
                                  const std::vector<Segment>& segments,
                                  const std::vector<size_t>& segment_of, double half) {
  std::vector<Range> ranges;
  size_t k = 0;
  while (k < points.size()) {
    const size_t s = segment_of[points[k]];
    const Segment& seg = segments[s];
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
                  const std::vector<Segment>& segments, const std::vector<size_t>& segment_of,
                  const DetrendOptions& options, DetrendResult& result) {
  const size_t n = time_days.size();
  Detrender detrender(time_days, flux, std::move(usable), options);
  const unsigned threads = resolve_threads(options.threads);
  compute_ranges(detrender, ranges, threads, result.trend);

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
    compute_ranges(detrender,
                   windows_around(newly, time_days, segments, segment_of, detrender.half_window()),
                   threads, result.trend);
  }

  for (const Segment& seg : segments) fill_missing(time_days, flux, seg, result.trend);
  result.flux.resize(n);
  for (size_t i = 0; i < n; ++i) result.flux[i] = flux[i] / result.trend[i];
}

void split_segments(const std::vector<double>& time_days, double gap_days,
                    std::vector<Segment>& segments, std::vector<size_t>& segment_of) {
  const size_t n = time_days.size();
  segment_of.resize(n);
  for (size_t i = 0; i < n; ++i) {
    if (i == 0 || time_days[i] - time_days[i - 1] > gap_days) segments.push_back({i, i});
    segments.back().end = i + 1;
    segment_of[i] = segments.size() - 1;
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
  split_segments(time_days, options.gap_days, segments, segment_of);
  std::vector<uint8_t> usable(n);
  for (size_t i = 0; i < n; ++i) usable[i] = std::isfinite(flux[i]) && (mask.empty() || !mask[i]);
  DetrendResult result;
  result.trend.assign(n, kNaN);
  result.clipped.assign(n, 0);
  std::vector<Range> all;
  for (const Segment& seg : segments) all.push_back({&seg, seg.begin, seg.end});
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
  split_segments(time_days, options.gap_days, segments, segment_of);
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

}  // namespace exodetect
