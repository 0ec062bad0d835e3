#include "exodetect/search/single_event.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "exodetect/common/constants.hpp"
#include "exodetect/common/stats.hpp"
#include "exodetect/search/bls.hpp"

namespace exodetect::search {

namespace {

using common::kGravitationalConstantCgs;
using common::kHoursPerDay;
using common::kPi;
using common::kSecondsPerDay;
using common::kSigmaAtP001;
using common::mad_sigma;
using common::median;
using common::median_cadence;

// The periodic search's 1% false alarms per light curve, for single boxes too.
constexpr double kFalseAlarmProbability = 0.01;
// A window holds data when it has at least this share of the points its width gives at the
// light curve's cadence.
constexpr double kMinCoverage = 0.5;
// Each quarter of a box holds at least this share of the points the cadence gives it.
constexpr double kMinQuarterCoverage = 0.25;
// A box's flanks (a box width either side) sit at the baseline for a transit; flanks lower
// than this share of the box's depth belong to a dip longer than the box.
constexpr double kMaxFlankShare = 0.5;
// A transit lowers the box's median point as well as its mean; a few outliers lower the mean.
constexpr double kMinMedianShare = 0.5;
// Each half of the box is at least this share of its depth (a half's error is sqrt 2 times the
// box's, so an event at the threshold passes unless a half falls 2.5 of its sigma short).
constexpr double kMinHalfShare = 0.5;
// The most trial periods single_event_period_min tries.
constexpr double kMaxPeriodSteps = 1e6;
// A width scored at fewer positions than this has no red-noise estimate.
constexpr size_t kMinPositions = 16;

size_t index_at(const std::vector<double>& t, double x) {
  return static_cast<size_t>(std::lower_bound(t.begin(), t.end(), x) - t.begin());
}

struct Box {
  double snr = 0, depth = 0, err = 0, beta = 1;
  double center = 0, width = 0;  // days
  size_t begin = 0, end = 0;     // points [begin, end)
};

}  // namespace

double single_event_snr_threshold(double n_independent_boxes) {
  return common::one_sided_gaussian_quantile(kFalseAlarmProbability /
                                             std::max(1.0, n_independent_boxes));
}

double single_event_independent_boxes(double span, const std::vector<double>& durations_hours) {
  double n = 0;
  for (double hours : durations_hours) {
    const double width = hours / kHoursPerDay;
    if (width > 0 && 3 * width < span) n += span / width;
  }
  return n;
}

double single_event_period_min(const std::vector<double>& time, double t0, double duration) {
  if (time.size() < 2 || !(duration > 0)) return 0;
  const double first = time.front(), last = time.back();
  const double cadence = median_cadence(time);
  const double need = std::max(1.0, kMinCoverage * duration / std::max(cadence, 1e-9));
  auto observed = [&](double tc) {
    const size_t n = index_at(time, tc + 0.5 * duration) - index_at(time, tc - 0.5 * duration);
    return static_cast<double>(n) >= need;
  };
  // Beyond this no other transit falls inside the data at all.
  const double longest = std::max(t0 - first, last - t0);
  // A period shorter than the stretch of data without a gap that could hide a transit (over
  // half its width) on either side of t0 puts the next transit on data.
  const size_t at = std::min(index_at(time, t0), time.size() - 1);
  size_t right = at;
  while (right + 1 < time.size() && time[right + 1] - time[right] <= 0.5 * duration) ++right;
  size_t left = at;
  while (left > 0 && time[left] - time[left - 1] <= 0.5 * duration) --left;
  double period =
      std::max({duration, time[right] - t0 - 0.5 * duration, t0 - time[left] - 0.5 * duration});
  // Each step moves the farthest transit inside the data by at most a quarter of its width, in
  // at most kMaxPeriodSteps steps (a minutes-long box over years of data would take tens of
  // millions).
  const double ratio =
      std::max(1 + duration / (kPhaseStepsPerDuration * std::max(last - first, duration)),
               std::exp(std::log(std::max(longest / period, 1.0)) / kMaxPeriodSteps));
  while (period < longest) {
    bool seen = false;
    for (int k = 1; !seen && t0 + k * period <= last + 0.5 * duration; ++k) {
      seen = observed(t0 + k * period);
    }
    for (int k = 1; !seen && t0 - k * period >= first - 0.5 * duration; ++k) {
      seen = observed(t0 - k * period);
    }
    if (!seen) return period;
    period *= ratio;
  }
  return longest;
}

namespace {

void check_series(const std::vector<double>& time, const std::vector<double>& flux) {
  if (time.size() != flux.size()) {
    throw std::invalid_argument("single events: time and flux have different lengths");
  }
  for (size_t i = 0; i < time.size(); ++i) {
    if (!std::isfinite(time[i]) || !std::isfinite(flux[i])) {
      throw std::invalid_argument("single events: non-finite time or flux");
    }
    if (i > 0 && time[i] < time[i - 1]) {
      throw std::invalid_argument("single events: times must be in order");
    }
  }
}

// Boxes slid over a light curve: deficits below its median, their prefix sums for O(1) box
// means, and the white noise per point (robustly, from the median absolute deficit).
class BoxScan {
 public:
  BoxScan(const std::vector<double>& time, const std::vector<double>& flux)
      : time_(time), deficit_(flux.size()), sum_(flux.size() + 1, 0) {
    if (flux.empty()) return;
    const double baseline = median(flux);
    for (size_t i = 0; i < flux.size(); ++i) {
      deficit_[i] = baseline - flux[i];
      sum_[i + 1] = sum_[i] + deficit_[i];
    }
    sigma_ = mad_sigma(flux);
    cadence_ = std::max(median_cadence(time), 1e-9);
  }

  bool usable() const { return time_.size() >= 3 * kMinTransitPoints && sigma_ > 0; }
  const std::vector<double>& deficit() const { return deficit_; }
  double mean_deficit(size_t b, size_t e) const {
    return e > b ? (sum_[e] - sum_[b]) / static_cast<double>(e - b) : 0.0;
  }

  // Whether the other epochs of a dip at t0, `width` days wide, at `period` days show a dip
  // together of at least kSigmaAtP001 (white error times the dip's red-noise factor `beta`),
  // and still do without the deepest of them when there are several: one other dip alone is
  // another transit that the period happens to line up (Kepler-90 d's and e's transits at a
  // weak candidate's period), not the dip repeating.
  bool recurs(double t0, double width, double beta, double period) const {
    if (!(period > 0)) return false;
    double sum = 0, deepest_sum = 0, deepest_mean = -INFINITY;
    size_t n = 0, deepest_n = 0, epochs = 0;
    const auto first_k = static_cast<long>(std::floor((time_.front() - t0) / period));
    const auto last_k = static_cast<long>(std::ceil((time_.back() - t0) / period));
    for (long k = first_k; k <= last_k; ++k) {
      if (k == 0) continue;
      const double tc = t0 + static_cast<double>(k) * period;
      const size_t b = index_at(time_, tc - 0.5 * width), e = index_at(time_, tc + 0.5 * width);
      if (e <= b) continue;
      const double epoch_sum = sum_[e] - sum_[b];
      sum += epoch_sum;
      n += e - b;
      ++epochs;
      if (epoch_sum / static_cast<double>(e - b) > deepest_mean) {
        deepest_mean = epoch_sum / static_cast<double>(e - b);
        deepest_sum = epoch_sum;
        deepest_n = e - b;
      }
    }
    auto dip = [&](double total, size_t count) {
      if (count < kMinTransitPoints) return false;
      const double err = sigma_ * std::max(1.0, beta) / std::sqrt(static_cast<double>(count));
      return total / static_cast<double>(count) / err >= kSigmaAtP001;
    };
    if (!dip(sum, n)) return false;
    return epochs < 2 || dip(sum - deepest_sum, n - deepest_n);
  }

  // Every position of a box `width` days wide, a quarter width apart, that holds points in each
  // of its quarters and a box width of data either side; their errors are white.
  std::vector<Box> boxes(double width) const {
    std::vector<Box> out;
    const double first = time_.front(), last = time_.back();
    if (!(3 * width < last - first)) return out;
    const double expected = width / cadence_;
    const double need_box =
        std::max(static_cast<double>(kMinTransitPoints), kMinCoverage * expected);
    // A quarter of a box may lose points to a gap (K2's thruster firings take one cadence in
    // twelve), but not be empty: a box around a missing stretch is not a dip.
    const double need_quarter = std::max(1.0, kMinQuarterCoverage * expected / 4);
    const double step = width / kPhaseStepsPerDuration;
    // The boxes' edges, quarters and flanks in units of the width from their centre; the centres
    // only move forward, so each edge's first point at or after it does too.
    static constexpr double kEdges[7] = {-1.5, -0.5, -0.25, 0, 0.25, 0.5, 1.5};
    size_t at[7] = {0, 0, 0, 0, 0, 0, 0};
    for (size_t k = 0;; ++k) {
      const double c = first + 1.5 * width + static_cast<double>(k) * step;
      if (c > last - 1.5 * width) break;
      for (int j = 0; j < 7; ++j) {
        const double edge = c + kEdges[j] * width;
        while (at[j] < time_.size() && time_[at[j]] < edge) ++at[j];
      }
      const size_t b = at[1], e = at[5];
      const auto count = static_cast<double>(e - b);
      if (count < need_box) continue;
      // Points in each quarter: across the ingress, the middle and the egress.
      bool covered = true;
      for (int q = 1; q < 5; ++q) {
        covered = covered && static_cast<double>(at[q + 1] - at[q]) >= need_quarter;
      }
      if (!covered) continue;
      if (static_cast<double>(b - at[0]) < kMinCoverage * expected ||
          static_cast<double>(at[6] - e) < kMinCoverage * expected) {
        continue;
      }
      Box box;
      box.depth = mean_deficit(b, e);
      box.err = sigma_ / std::sqrt(count);
      box.center = c;
      box.width = width;
      box.begin = b;
      box.end = e;
      out.push_back(box);
    }
    return out;
  }

 private:
  const std::vector<double>& time_;
  std::vector<double> deficit_, sum_;
  double sigma_ = 0, cadence_ = 0;
};

// How widely the boxes' depths scatter (robustly, so that a transit among them does not set
// it) in units of their white-noise errors, at least 1; 1 with too few boxes to tell.
double red_noise_factor(const std::vector<Box>& boxes) {
  if (boxes.size() < kMinPositions) return 1;
  std::vector<double> z(boxes.size());
  for (size_t i = 0; i < boxes.size(); ++i) z[i] = boxes[i].depth / boxes[i].err;
  return std::max(1.0, mad_sigma(z));
}

}  // namespace

double box_red_noise_factor(const std::vector<double>& time, const std::vector<double>& flux,
                            double width_days) {
  check_series(time, flux);
  if (!(width_days > 0) || !std::isfinite(width_days)) {
    throw std::invalid_argument("single events: the box width must be a positive number of days");
  }
  const BoxScan scan(time, flux);
  return scan.usable() ? red_noise_factor(scan.boxes(width_days)) : 1.0;
}

bool recurs_at_period(const std::vector<double>& time, const std::vector<double>& flux,
                      const SingleEvent& event, double period_days) {
  check_series(time, flux);
  const BoxScan scan(time, flux);
  return scan.usable() && scan.recurs(event.t0, event.duration_hours / kHoursPerDay,
                                      event.red_noise_factor, period_days);
}

std::vector<SingleEvent> find_single_events(const std::vector<double>& time,
                                            const std::vector<double>& flux,
                                            const SingleEventOptions& options) {
  check_series(time, flux);
  for (double h : options.durations_hours) {
    if (!(h > 0) || !std::isfinite(h)) {
      throw std::invalid_argument("single events: durations must be positive numbers of hours");
    }
  }
  if (options.max_events == 0) return {};
  const BoxScan scan(time, flux);
  if (!scan.usable()) return {};
  const double span = time.back() - time.front();
  std::vector<Box> strong;  // boxes that may pass the threshold, over every width
  for (double hours : options.durations_hours) {
    std::vector<Box> boxes = scan.boxes(hours / kHoursPerDay);
    if (boxes.size() < kMinPositions) continue;
    const double beta = red_noise_factor(boxes);
    for (Box& box : boxes) {
      box.beta = beta;
      box.err *= beta;
      box.snr = box.depth / box.err;
      if (box.snr > 3) strong.push_back(box);
    }
  }
  const double threshold = options.snr_min > 0
                               ? options.snr_min
                               : single_event_snr_threshold(
                                     single_event_independent_boxes(span, options.durations_hours));
  std::sort(strong.begin(), strong.end(), [](const Box& a, const Box& b) { return a.snr > b.snr; });

  std::vector<SingleEvent> events;
  std::vector<const Box*> seen;  // each dip is judged once, by its strongest box
  for (const Box& box : strong) {
    if (box.snr < threshold) break;
    const bool overlaps = std::any_of(seen.begin(), seen.end(), [&](const Box* other) {
      return std::abs(box.center - other->center) < box.width + other->width;
    });
    if (overlaps) continue;
    seen.push_back(&box);
    const std::vector<double>& deficit = scan.deficit();
    std::vector<double> inside(deficit.begin() + static_cast<std::ptrdiff_t>(box.begin),
                               deficit.begin() + static_cast<std::ptrdiff_t>(box.end));
    if (!(median(std::move(inside)) >= kMinMedianShare * box.depth)) continue;
    // A transit lowers both halves of its box; a dip beside a gap or a ramp lowers one.
    const size_t mid = index_at(time, box.center);
    if (!(std::min(scan.mean_deficit(box.begin, mid), scan.mean_deficit(mid, box.end)) >=
          kMinHalfShare * box.depth)) {
      continue;
    }
    const double left = scan.mean_deficit(index_at(time, box.center - 1.5 * box.width), box.begin);
    const double right = scan.mean_deficit(box.end, index_at(time, box.center + 1.5 * box.width));
    if (!(std::max(left, right) < kMaxFlankShare * box.depth)) continue;
    // A dip that repeats at a known signal's period belongs to that signal.
    if (std::any_of(
            options.known_periods_days.begin(), options.known_periods_days.end(),
            [&](double period) { return scan.recurs(box.center, box.width, box.beta, period); })) {
      continue;
    }
    SingleEvent event;
    event.t0 = box.center;
    event.duration_hours = box.width * kHoursPerDay;
    event.depth_ppm = box.depth * 1e6;
    event.depth_err_ppm = box.err * 1e6;
    event.snr = box.snr;
    event.red_noise_factor = box.beta;
    event.n_points = static_cast<int>(box.end - box.begin);
    event.period_min_days = single_event_period_min(time, box.center, box.width);
    if (options.stellar_density_cgs && *options.stellar_density_cgs > 0) {
      const double seconds = box.width * kSecondsPerDay;
      event.period_from_duration_days = kPi * kPi * kGravitationalConstantCgs *
                                        *options.stellar_density_cgs * seconds * seconds * seconds /
                                        3 / kSecondsPerDay;
    }
    events.push_back(event);
    if (events.size() >= options.max_events) break;
  }
  return events;
}

}  // namespace exodetect::search
