// JSON views of a DetectionReport: the search result document and the UI's plot series.

#include <algorithm>
#include <cmath>

#include "exodetect/common/constants.hpp"
#include "exodetect/detect/pipeline.hpp"

namespace exodetect::detect {

using common::kHoursPerDay;
using lightcurve::Mission;
using lightcurve::mission_name;
using lightcurve::StellarParams;

namespace {

using nlohmann::json;

// JSON has no NaN or infinity: they become null.
json num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }
json num(const std::optional<double>& v) { return v ? num(*v) : json(nullptr); }

json num_array(const std::vector<double>& values) {
  json a = json::array();
  for (double v : values) a.push_back(num(v));
  return a;
}

// What a mission calls its observing periods, the key of `input` that lists them.
const char* observing_periods_name(Mission m) {
  switch (m) {
    case Mission::kTess:
      return "sectors";
    case Mission::kKepler:
      return "quarters";
    case Mission::kK2:
      return "campaigns";
    case Mission::kUnknown:
      break;
  }
  return nullptr;
}

// The star's values, and for each known one where it came from and its uncertainty:
// "sources": {"teff_k": {"source": "catalogue", "err": 120}, ...}; "catalogue" names the row
// looked up, when one was.
json stellar_json(const StellarParams& s) {
  json out = {{"teff_k", num(s.teff_k)},         {"logg_cgs", num(s.logg_cgs)},
              {"radius_sun", num(s.radius_sun)}, {"mass_sun", num(s.mass_sun)},
              {"magnitude", num(s.magnitude)},   {"density_cgs", num(s.density_cgs())}};
  json sources = json::object();
  for (const auto& [key, p] : s.provenance) {
    if (out.contains(key) && !out[key].is_null()) {
      sources[key] = {{"source", p.source}, {"err", num(p.err)}};
    }
  }
  out["sources"] = sources;
  out["catalogue"] = s.catalogue_table.empty()
                         ? json(nullptr)
                         : json{{"table", s.catalogue_table},
                                {"id", s.catalogue_id},
                                {"row", s.catalogue_row},
                                {"separation_arcsec", num(s.catalogue_separation_arcsec)}};
  return out;
}

json candidate_json(const Candidate& c) {
  json flags = c.flags;
  return {{"period", num(c.period)},
          {"period_err", num(c.period_err)},
          {"t0_err", num(c.t0_err)},
          {"duration_err_hours", num(c.duration_err_hours)},
          {"t0", num(c.t0)},
          {"t0_bjd", num(c.t0_bjd)},
          {"duration_hours", num(c.duration_hours)},
          {"depth_ppm", num(c.depth_ppm)},
          {"depth_err_ppm", num(c.depth_err_ppm)},
          {"snr", num(c.snr)},
          {"red_noise_factor", num(c.red_noise_factor)},
          {"sde", num(c.sde)},
          {"power", num(c.power)},
          {"transit_count", c.transit_count},
          {"transits_with_data", c.transits_with_data},
          {"per_transit_depth_ppm", num_array(c.per_transit_depth_ppm)},
          {"per_transit_time", num_array(c.per_transit_time)},
          {"odd_even_mismatch", num(c.odd_even_mismatch)},
          {"secondary_depth_ppm", num(c.secondary_depth_ppm)},
          {"secondary_snr", num(c.secondary_snr)},
          {"secondary_depth_err_ppm", num(c.secondary_depth_err_ppm)},
          {"sine_box_loglike_diff", num(c.sine_box_loglike_diff)},
          {"rp_rs", num(c.rp_rs)},
          {"planet_radius_earth", num(c.planet_radius_earth)},
          {"phase_amplitude_ppm", num(c.phase_amplitude_ppm)},
          {"phase_amplitude_err_ppm", num(c.phase_amplitude_err_ppm)},
          {"phase_amplitude_limit_ppm", num(c.phase_amplitude_limit_ppm)},
          {"phase_variability_sigma", num(c.phase_variability_sigma)},
          {"flags", flags}};
}

// Indices of `n` points, at most `max_points` of them, in order: the points where keep[i]
// (transits, clipped points) take up to half the budget, or all of it the others leave, and each
// group is sampled evenly along the series, so a long light curve's many in-transit points
// neither exceed the budget nor crowd out the rest of the series.
std::vector<size_t> thin(size_t n, const std::vector<uint8_t>& keep, size_t max_points) {
  size_t kept = 0;
  for (size_t i = 0; i < n; ++i) kept += keep[i] ? 1 : 0;
  const size_t others = n - kept;
  const size_t kept_budget =
      std::min(kept, std::max(max_points / 2, max_points - std::min(max_points, others)));
  const size_t other_budget = std::min(others, max_points - kept_budget);
  // Each group's k-th pick is its point nearest k * (count - 1) / (budget - 1): exactly
  // `budget` of them, evenly spread, its first and last point included.
  auto target = [](size_t k, size_t count, size_t budget) -> size_t {
    if (budget < 2) return (count - 1) / 2;
    return (k * (count - 1) + (budget - 1) / 2) / (budget - 1);
  };
  std::vector<size_t> out;
  out.reserve(kept_budget + other_budget);
  size_t seen_kept = 0, seen_other = 0, took_kept = 0, took_other = 0;
  for (size_t i = 0; i < n; ++i) {
    size_t& seen = keep[i] ? seen_kept : seen_other;
    size_t& took = keep[i] ? took_kept : took_other;
    const size_t count = keep[i] ? kept : others, budget = keep[i] ? kept_budget : other_budget;
    if (took < budget && seen == target(took, count, budget)) {
      out.push_back(i);
      ++took;
    }
    ++seen;
  }
  return out;
}

// The periodogram thinned to about `max_points` bins on a log-period axis, keeping the highest
// power in each bin so no peak disappears.
json periodogram_json(const Candidate& c, size_t max_points) {
  const auto& p = c.periodogram.period_days;
  json out = {{"period", json::array()}, {"power", json::array()}, {"sde", json::array()}};
  if (p.empty()) return out;
  const double lo = std::log(p.front()), hi = std::log(p.back());
  const size_t bins = std::max<size_t>(1, max_points);
  const double width = hi > lo ? (hi - lo) / static_cast<double>(bins) : 1.0;
  size_t i = 0;
  while (i < p.size()) {
    size_t bin = std::min(bins - 1, static_cast<size_t>((std::log(p[i]) - lo) / width));
    size_t best = i;
    size_t j = i;
    for (; j < p.size(); ++j) {
      size_t bj = std::min(bins - 1, static_cast<size_t>((std::log(p[j]) - lo) / width));
      if (bj != bin) break;
      if (c.periodogram.power[j] > c.periodogram.power[best]) best = j;
    }
    out["period"].push_back(num(p[best]));
    out["power"].push_back(num(c.periodogram.power[best]));
    out["sde"].push_back(best < c.sde_spectrum.size() ? num(c.sde_spectrum[best]) : json(nullptr));
    i = j;
  }
  return out;
}

// Points folded around mid-transit (phase in hours), at most max_points of them spread over the
// whole window (thin: the in-transit ones take up to half), binned, with the box model. `parity`
// picks epochs (odd/even), `offset_phase` 0.5 folds on the secondary eclipse instead.
json folded_json(const DetectionReport& r, size_t k, double offset_phase, int parity,
                 size_t max_points) {
  const Candidate& c = r.candidates[k];
  const auto& lc = r.light_curve;
  const double dur_days = c.duration_hours / kHoursPerDay;
  const double half_window = std::min(0.5 * c.period, std::max(3.0 * dur_days, 0.25));
  const double centre = c.t0 + offset_phase * c.period;
  std::vector<double> phase_hours, flux;
  std::vector<uint8_t> in_box;
  for (size_t i = 0; i < lc.size(); ++i) {
    if (r.detrended.clipped.size() == lc.size() && r.detrended.clipped[i]) continue;
    if (r.in_transit[i] != 0 && r.in_transit[i] != k + 1) continue;  // another planet's transit
    double dt = std::remainder(lc.time[i] - centre, c.period);
    if (std::fabs(dt) > half_window) continue;
    if (parity >= 0) {
      long long epoch = std::llround((lc.time[i] - centre) / c.period);
      if (static_cast<int>(((epoch % 2) + 2) % 2) != parity) continue;
    }
    phase_hours.push_back(dt * kHoursPerDay);
    flux.push_back(r.detrended.flux[i]);
    in_box.push_back(std::fabs(dt) < 0.5 * dur_days ? 1 : 0);
  }
  // Sorted by phase so the UI can draw lines.
  std::vector<size_t> order(phase_hours.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return phase_hours[a] < phase_hours[b]; });
  std::vector<uint8_t> keep(order.size());
  for (size_t i = 0; i < order.size(); ++i) keep[i] = in_box[order[i]];
  json points = {{"phase_hours", json::array()}, {"flux", json::array()}};
  for (size_t i : thin(order.size(), keep, max_points)) {
    points["phase_hours"].push_back(num(phase_hours[order[i]]));
    points["flux"].push_back(num(flux[order[i]]));
  }

  // Bins of an eighth of the duration across the window (they draw the transit's shape from
  // every point), no more of them than max_points.
  const double window_hours = half_window * kHoursPerDay;
  const double bin_hours = std::max(
      {c.duration_hours / 8.0, 1e-3, 2 * window_hours / double(std::max<size_t>(max_points, 1))});
  const size_t n_bins =
      std::clamp<size_t>(static_cast<size_t>(std::ceil(2 * window_hours / bin_hours)), 1,
                         std::max<size_t>(max_points, 1));
  std::vector<double> sum(n_bins, 0), sum2(n_bins, 0);
  std::vector<size_t> count(n_bins, 0);
  for (size_t i = 0; i < phase_hours.size(); ++i) {
    auto b = static_cast<size_t>((phase_hours[i] + window_hours) / bin_hours);
    if (b >= n_bins) b = n_bins - 1;
    sum[b] += flux[i];
    sum2[b] += flux[i] * flux[i];
    ++count[b];
  }
  json bins = {{"phase_hours", json::array()},
               {"flux", json::array()},
               {"flux_err", json::array()},
               {"count", json::array()}};
  for (size_t b = 0; b < n_bins; ++b) {
    if (count[b] == 0) continue;
    double mean = sum[b] / count[b];
    double var =
        count[b] > 1 ? std::max(0.0, (sum2[b] - count[b] * mean * mean) / (count[b] - 1)) : 0.0;
    bins["phase_hours"].push_back(num(-window_hours + (b + 0.5) * bin_hours));
    bins["flux"].push_back(num(mean));
    bins["flux_err"].push_back(count[b] > 1 ? num(std::sqrt(var / count[b])) : json(nullptr));
    bins["count"].push_back(count[b]);
  }

  double depth = offset_phase == 0 ? c.depth_ppm * 1e-6 : c.secondary_depth_ppm * 1e-6;
  double h = 0.5 * c.duration_hours;
  json model = {{"phase_hours", {-window_hours, -h, -h, h, h, window_hours}},
                {"flux", {1.0, 1.0, 1.0 - depth, 1.0 - depth, 1.0, 1.0}}};
  // n_points: the window's points before thinning (0: its transits fall in gaps).
  return {{"points", points}, {"bins", bins}, {"model", model}, {"n_points", phase_hours.size()}};
}

}  // namespace

json report_to_json(const DetectionReport& r) {
  const auto& lc = r.light_curve;
  size_t clipped = 0;
  for (auto c : r.detrended.clipped) clipped += c ? 1 : 0;
  json input = {{"file", lc.source},
                {"mission", std::string(mission_name(lc.mission))},
                {"target", lc.target},
                {"time_system", lc.time_system},
                {"bjd_reference_days", num(lc.bjd_reference_days)},
                {"n_points", lc.n_points_raw},
                {"n_used", lc.size() - clipped},
                {"n_clipped", clipped},
                {"span_days", num(lc.span_days())},
                {"notes", lc.notes},
                {"stellar", stellar_json(lc.stellar)}};
  if (const char* name = observing_periods_name(lc.mission);
      name && !lc.observing_periods.empty()) {
    input[name] = lc.observing_periods;
  }
  json search = {{"period_min_days", num(r.search.period_min_days)},
                 {"period_max_days", num(r.search.period_max_days)},
                 {"n_periods", r.search.n_periods},
                 {"durations_hours", num_array(r.search.durations_hours)},
                 {"stellar_density_cgs", num(r.search.stellar_density_cgs)},
                 {"physical_durations", r.search.physical_durations},
                 {"n_flare_points", r.search.n_flare_points},
                 {"detrend_window_days", num(r.search.detrend_window_days)},
                 {"detrend_degree", r.search.detrend_degree},
                 {"detrend_red_noise", num(r.search.detrend_red_noise)},
                 {"sde_min", num(r.search.sde_min)},
                 {"snr_min", num(r.search.snr_min)},
                 {"single_event_durations_hours", num_array(r.search.single_event_durations_hours)},
                 {"single_event_snr_min", num(r.search.single_event_snr_min)}};
  json candidates = json::array();
  for (const auto& c : r.candidates) candidates.push_back(candidate_json(c));
  json single_events = json::array();
  for (const auto& e : r.single_events) {
    json event = {
        {"t0", num(e.t0)},
        {"duration_hours", num(e.duration_hours)},
        {"depth_ppm", num(e.depth_ppm)},
        {"depth_err_ppm", num(e.depth_err_ppm)},
        {"snr", num(e.snr)},
        {"red_noise_factor", num(e.red_noise_factor)},
        {"n_points", e.n_points},
        {"period_min_days", num(e.period_min_days)},
        {"period_from_duration_days",
         e.period_from_duration_days ? num(*e.period_from_duration_days) : json(nullptr)}};
    event["t0_bjd"] = lc.bjd_reference_days > 0 ? num(e.t0 + lc.bjd_reference_days) : json(nullptr);
    single_events.push_back(std::move(event));
  }
  json timing = json::object();
  for (const auto& [stage, ms] : r.timing_ms) timing[stage] = num(ms);
  return {{"input", input},
          {"search", search},
          {"candidates", candidates},
          {"single_events", single_events},
          {"timing_ms", timing}};
}

json plot_data_json(const DetectionReport& r, size_t max_points) {
  const auto& lc = r.light_curve;
  const auto& d = r.detrended;
  const bool have_trend = d.trend.size() == lc.size() && d.flux.size() == lc.size();
  std::vector<uint8_t> keep(lc.size(), 0);
  for (size_t i = 0; i < lc.size(); ++i) {
    bool clipped = i < d.clipped.size() && d.clipped[i];
    keep[i] = (i < r.in_transit.size() && r.in_transit[i]) || clipped ? 1 : 0;
  }
  json series = {{"time", json::array()},    {"flux", json::array()},
                 {"trend", json::array()},   {"detrended_flux", json::array()},
                 {"clipped", json::array()}, {"in_transit", json::array()}};
  for (size_t i : thin(lc.size(), keep, max_points)) {
    series["time"].push_back(num(lc.time[i]));
    series["flux"].push_back(num(lc.flux[i]));
    series["trend"].push_back(have_trend ? num(d.trend[i]) : json(nullptr));
    series["detrended_flux"].push_back(have_trend ? num(d.flux[i]) : json(nullptr));
    series["clipped"].push_back(i < d.clipped.size() && d.clipped[i] ? 1 : 0);
    series["in_transit"].push_back(i < r.in_transit.size() ? r.in_transit[i] : 0);
  }
  json candidates = json::array();
  for (size_t k = 0; k < r.candidates.size(); ++k) {
    const Candidate& c = r.candidates[k];
    json entry = {{"index", k},
                  {"period", num(c.period)},
                  {"t0", num(c.t0)},
                  {"duration_hours", num(c.duration_hours)},
                  {"depth_ppm", num(c.depth_ppm)},
                  {"periodogram", periodogram_json(c, max_points)},
                  {"markers",
                   {{"period", num(c.period)},
                    {"half", num(c.period / 2)},
                    {"double", num(2 * c.period)},
                    {"triple", num(3 * c.period)}}}};
    if (have_trend && r.in_transit.size() == lc.size()) {
      entry["folded"] = folded_json(r, k, 0.0, -1, max_points);
      entry["even"] = folded_json(r, k, 0.0, 0, max_points);
      entry["odd"] = folded_json(r, k, 0.0, 1, max_points);
      entry["secondary"] = folded_json(r, k, 0.5, -1, max_points);
    }
    candidates.push_back(std::move(entry));
  }
  return {{"time_system", lc.time_system},
          {"n_points", lc.size()},
          {"series", series},
          {"candidates", candidates}};
}

}  // namespace exodetect::detect
