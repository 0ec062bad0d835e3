// JSON view of a transit fit and the bridge from a search report to the fit.

#include "exodetect/fit/fit_json.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "exodetect/common/constants.hpp"
#include "exodetect/vetting/vetting.hpp"

namespace exodetect::fit {

using common::kHoursPerDay;
using detect::Candidate;
using detect::DetectionReport;

namespace {

using nlohmann::json;

// Other candidates' transits are left out of a candidate's fit over one box duration either
// side of their mid-transit (as the search masks them from its trend): the search's box is
// shorter than first to fourth contact, and its ephemeris drifts over the data, so a window of
// the box alone leaves their ingress and egress in, a few thousand ppm deep.
constexpr double kOtherTransitWidthFactor = 2.0;

json num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json interval_json(const Interval& i) {
  return {{"median", num(i.median)}, {"lower", num(i.lower)}, {"upper", num(i.upper)}};
}

json num_array(const std::vector<double>& v) {
  json a = json::array();
  for (double x : v) a.push_back(num(x));
  return a;
}

// The posterior's numbers are null when there is no posterior (not converged); v_shaped is
// then the best fit's.
json vetting_json(const FitVetting& v, bool have_posterior) {
  json out = {{"density_mismatch_sigma",
               v.density_mismatch_sigma ? num(*v.density_mismatch_sigma) : json(nullptr)},
              {"density_mismatch", v.density_mismatch},
              {"grazing_probability", num(v.grazing_probability)},
              {"v_shaped", v.v_shaped},
              {"odd_depth_ppm", num(v.odd_depth_ppm)},
              {"odd_depth_err_ppm", num(v.odd_depth_err_ppm)},
              {"even_depth_ppm", num(v.even_depth_ppm)},
              {"even_depth_err_ppm", num(v.even_depth_err_ppm)},
              {"odd_even_sigma", num(v.odd_even_sigma)},
              {"odd_even_mismatch", v.odd_even_mismatch},
              {"secondary_depth_ppm", num(v.secondary_depth_ppm)},
              {"secondary_depth_err_ppm", num(v.secondary_depth_err_ppm)},
              {"secondary_upper_limit_ppm", num(v.secondary_upper_limit_ppm)},
              {"secondary_eclipse", v.secondary_eclipse},
              {"epochs", v.epochs},
              {"transit_times", num_array(v.transit_times)},
              {"transit_time_err_minutes", num_array(v.transit_time_err_minutes)},
              {"o_minus_c_minutes", num_array(v.o_minus_c_minutes)},
              {"ttv_chi2", num(v.ttv_chi2)},
              {"ttv_dof", v.ttv_dof},
              {"ttv_sigma", num(v.ttv_sigma)},
              {"ttv", v.ttv}};
  if (!have_posterior) {
    for (const char* key : {"density_mismatch_sigma", "density_mismatch", "grazing_probability"}) {
      out[key] = nullptr;
    }
  }
  return out;
}

}  // namespace

json fit_to_json(const TransitFit& f, bool include_samples) {
  const Convergence& c = f.convergence;
  json out = {{"converged", f.ok},
              {"error", f.error.empty() ? json(nullptr) : json(f.error)},
              {"n_points", f.n_points},
              {"exposure_minutes", num(f.exposure_days * 1440)},
              {"elapsed_ms", num(f.elapsed_ms)},
              {"convergence",
               {{"converged", c.converged},
                {"walkers", c.walkers},
                {"steps", c.steps},
                {"burn_in", c.burn_in},
                {"acceptance_fraction", num(c.acceptance_fraction)},
                {"parameters", kSampledNames},
                {"autocorr_time", num_array(c.autocorr_time)},
                {"split_rhat", num_array(c.split_rhat)},
                {"max_autocorr_time", num(c.max_autocorr_time)},
                {"max_split_rhat", num(c.max_split_rhat)},
                {"effective_samples", num(c.effective_samples)},
                {"message", c.message.empty() ? json(nullptr) : json(c.message)}}},
              {"max_likelihood",
               {{"parameters", kBestFitNames},
                {"values", num_array(f.max_likelihood)},
                {"log_likelihood", num(f.max_log_likelihood)},
                {"rp_rs", num(f.max_likelihood_rp_rs)},
                {"a_rs", num(f.max_likelihood_a_rs)}}},
              {"vetting", vetting_json(f.vetting, f.ok)}};
  if (!f.ok) return out;
  const std::pair<const char*, const Interval*> intervals[] = {
      {"rp_rs", &f.rp_rs},
      {"a_rs", &f.a_rs},
      {"impact", &f.impact},
      {"inclination_deg", &f.inclination_deg},
      {"t0", &f.t0},
      {"period", &f.period},
      {"t14_hours", &f.t14_hours},
      {"depth_ppm", &f.depth_ppm},
      {"stellar_density_cgs", &f.stellar_density_cgs},
      {"q1", &f.q1},
      {"q2", &f.q2},
      {"u1", &f.u1},
      {"u2", &f.u2},
      {"flux_offset_ppm", &f.flux_offset_ppm},
      {"jitter_ppm", &f.jitter_ppm}};
  for (const auto& [name, iv] : intervals) out[name] = interval_json(*iv);
  out["planet_radius_earth"] =
      f.planet_radius_earth ? interval_json(*f.planet_radius_earth) : json(nullptr);
  if (include_samples) {
    json rows = json::array();
    for (const auto& r : f.samples) rows.push_back(num_array(r));
    out["samples"] = {{"names", f.sample_names}, {"values", std::move(rows)}};
  }
  return out;
}

FitData candidate_fit_data(const DetectionReport& report, size_t index) {
  const auto& lc = report.light_curve;
  const auto& d = report.detrended;
  FitData data;
  const bool have = d.flux.size() == lc.size();
  // Other candidates' transits, widened; a star's rotation found as a "sinusoidal" candidate
  // has no transits to widen (its boxes stay as the search marked them).
  std::vector<uint8_t> others(have ? lc.size() : 0, 0);
  for (size_t k = 0; k < report.candidates.size() && have; ++k) {
    const Candidate& c = report.candidates[k];
    if (k == index || c.has_flag("sinusoidal")) {
      continue;
    }
    const auto m = vetting::transit_mask(lc.time, {c.period, c.t0, c.duration_hours / kHoursPerDay},
                                         kOtherTransitWidthFactor);
    for (size_t i = 0; i < m.size(); ++i) others[i] |= m[i];
  }
  for (size_t i = 0; i < lc.size() && have; ++i) {
    if (i < d.clipped.size() && d.clipped[i]) continue;
    if (others[i] || (i < report.in_transit.size() && report.in_transit[i] != 0 &&
                      report.in_transit[i] != index + 1)) {
      continue;  // another candidate's transit
    }
    data.time.push_back(lc.time[i]);
    data.flux.push_back(d.flux[i]);
    if (lc.flux_err.size() == lc.size()) data.flux_err.push_back(lc.flux_err[i]);
  }
  if (data.flux_err.size() != data.time.size()) data.flux_err.clear();
  return data;
}

FitOptions fit_options(const detect::SearchParameters& params, int threads) {
  FitOptions opt;
  opt.threads = threads;
  if (params.fit_max_steps > 0) opt.max_steps = params.fit_max_steps;
  return opt;
}

void add_candidate_fits(const DetectionReport& report, nlohmann::json& doc,
                        const FitOptions& options, bool include_samples) {
  FitOptions opt = options;
  const auto& star = report.light_curve.stellar;
  if (!opt.stellar_density_cgs) opt.stellar_density_cgs = star.density_cgs();
  if (!opt.stellar_radius_sun) opt.stellar_radius_sun = star.radius_sun;
  for (size_t k = 0; k < report.candidates.size() && k < doc["candidates"].size(); ++k) {
    const Candidate& c = report.candidates[k];
    const TransitGuess guess{c.period, c.t0, c.duration_hours, c.depth_ppm};
    doc["candidates"][k]["fit"] =
        fit_to_json(fit_transit(candidate_fit_data(report, k), guess, opt), include_samples);
  }
}

json take_fit_samples(json& doc) {
  json out = json::array();
  if (!doc.contains("candidates")) return out;
  for (auto& c : doc["candidates"]) {
    if (c.contains("fit") && c["fit"].is_object() && c["fit"].contains("samples")) {
      out.push_back(std::move(c["fit"]["samples"]));
      c["fit"].erase("samples");
    } else {
      out.push_back(nullptr);
    }
  }
  return out;
}

std::string samples_csv(const json& samples, std::optional<size_t> candidate, bool header) {
  std::string out;
  if (header) {
    if (candidate) out += "candidate";
    for (const auto& name : samples.at("names")) {
      if (!out.empty()) out += ',';
      out += name.get<std::string>();
    }
    out += '\n';
  }
  char cell[40];
  for (const auto& row : samples.at("values")) {
    bool first = true;
    if (candidate) {
      out += std::to_string(*candidate);
      first = false;
    }
    for (const auto& v : row) {
      if (!first) out += ',';
      first = false;
      // 12 significant digits keep a BTJD or BKJD time to 1e-8 days.
      if (v.is_number()) {
        std::snprintf(cell, sizeof cell, "%.12g", v.get<double>());
        out += cell;
      } else {
        out += "nan";
      }
    }
    out += '\n';
  }
  return out;
}

}  // namespace exodetect::fit
