#include "exodetect/ml/features.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>

#include "exodetect/catalog/catalog.hpp"
#include "exodetect/catalog/features.hpp"
#include "exodetect/common/constants.hpp"

namespace exodetect::ml {

using common::kEarthRadiiPerSolarRadius;
using common::kGravitationalConstantCgs;
using common::kHoursPerDay;
using common::kPi;
using common::kSecondsPerDay;
using common::kSolarDensityCgs;
using common::kSolarRadiusCm;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Index of each base feature, fixed by base_feature_names() order.
enum Base {
  kPeriod,
  kPeriodErr,
  kDuration,
  kDurationErr,
  kDepth,
  kDepthErr,
  kImpact,
  kPlanetRadius,
  kTeq,
  kInsol,
  kSnr,
  kTeff,
  kLogg,
  kStellarRadius,
  kMagnitude,
  kSystemCount,
  kEphemerisMatches,
  kT0Err,
  kImpactErr,
  kPlanetRadiusErr,
  kTeffErr,
  kLoggErr,
  kStellarRadiusErr,
  kCandidateIndex,
  kGalacticLatitude,
  kNeighbourDistance,
  kNeighbourDeltaMag,
  kNeighboursWithinArcmin,
  kSiblingLogPeriodRatio,
  kSiblingDepthRatio,
  kSiblingResonanceOffset,
  kSiblingSamePeriodCount,
  kDepthFractionOfStarMax,
  kBaseCount
};

double positive_or_nan(double v) { return v > 0 && std::isfinite(v) ? v : kNaN; }

}  // namespace

const std::vector<std::string>& derived_feature_names() {
  static const std::vector<std::string> kNames = {
      "stellar_density_solar", "a_over_rstar",  "duration_ratio",
      "density_ratio",         "rp_rs",         "radius_from_depth_earth",
      "radius_ratio",          "grazing",       "duration_fraction",
      "snr_per_sqrt_depth",    "depth_rel_err", "period_rel_err"};
  return kNames;
}

const std::vector<std::string>& candidate_feature_names() {
  // No SNR: it grows with the data searched (a catalogue's four years against one quarter or
  // sector here), so a catalogue-trained model would read a short light curve as weak.
  static const std::vector<std::string> kNames = {"period_days",
                                                  "duration_hours",
                                                  "depth_ppm",
                                                  "equilibrium_temp_k",
                                                  "insolation_earth",
                                                  "stellar_teff_k",
                                                  "stellar_logg",
                                                  "stellar_radius_sun",
                                                  "magnitude",
                                                  "stellar_density_solar",
                                                  "a_over_rstar",
                                                  "duration_ratio",
                                                  "density_ratio",
                                                  "rp_rs",
                                                  "radius_from_depth_earth",
                                                  "duration_fraction"};
  return kNames;
}

const std::vector<std::string>& all_feature_names() {
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names = catalog::base_feature_names();
    const auto& derived = derived_feature_names();
    names.insert(names.end(), derived.begin(), derived.end());
    return names;
  }();
  return kNames;
}

std::vector<double> expand_features(const std::vector<double>& base) {
  static_assert(kBaseCount == 33, "keep Base in sync with base_feature_names()");
  if (base.size() != kBaseCount || catalog::base_feature_names().size() != kBaseCount) {
    throw std::logic_error("base feature vector does not match base_feature_names()");
  }
  std::vector<double> out(base);
  out.resize(all_feature_names().size(), kNaN);
  double period_days = positive_or_nan(base[kPeriod]);
  double duration_hours = positive_or_nan(base[kDuration]);
  double depth_ppm = positive_or_nan(base[kDepth]);
  double rstar_sun = positive_or_nan(base[kStellarRadius]);
  double impact = base[kImpact] >= 0 ? base[kImpact] : kNaN;

  // Density from logg and radius: M = g R^2 / G, rho = M / (4/3 pi R^3) = 3 g / (4 pi G R).
  double g = std::pow(10.0, base[kLogg]);
  double rstar_cm = rstar_sun * kSolarRadiusCm;
  double rho = 3.0 * g / (4.0 * kPi * kGravitationalConstantCgs * rstar_cm);
  double period_s = period_days * kSecondsPerDay;
  // Kepler's third law in stellar radii: (a/R)^3 = G rho P^2 / (3 pi).
  double a_rs = std::cbrt(kGravitationalConstantCgs * rho * period_s * period_s / (3.0 * kPi));
  double expected_hours =
      a_rs > 1 ? period_days * kHoursPerDay / kPi * std::asin(1.0 / a_rs) : kNaN;
  double rp_rs = std::sqrt(depth_ppm * 1e-6);
  double radius_depth = rp_rs * rstar_sun * kEarthRadiiPerSolarRadius;
  // a/R from the transit shape (circular orbit): the "photo-eccentric" density check.
  double chord = (1 + rp_rs) * (1 + rp_rs) - (std::isfinite(impact) ? impact * impact : 0.0);
  double a_rs_transit =
      chord > 0 ? period_days * kHoursPerDay / (kPi * duration_hours) * std::sqrt(chord) : kNaN;
  double rho_transit = 3.0 * kPi * a_rs_transit * a_rs_transit * a_rs_transit /
                       (kGravitationalConstantCgs * period_s * period_s);

  size_t d = kBaseCount;
  out[d + 0] = rho / kSolarDensityCgs;
  out[d + 1] = a_rs;
  out[d + 2] = duration_hours / expected_hours;
  out[d + 3] = rho_transit / rho;
  out[d + 4] = rp_rs;
  out[d + 5] = radius_depth;
  out[d + 6] = base[kPlanetRadius] / radius_depth;
  out[d + 7] = impact + rp_rs;
  out[d + 8] = duration_hours / (period_days * kHoursPerDay);
  out[d + 9] = base[kSnr] / std::sqrt(depth_ppm);
  out[d + 10] = base[kDepthErr] / depth_ppm;
  out[d + 11] = base[kPeriodErr] / period_days;
  for (double& v : out) {
    if (!std::isfinite(v)) v = kNaN;
  }
  return out;
}

const std::vector<std::string>& star_input_names() {
  static const std::vector<std::string> kNames = {"stellar_teff_k", "stellar_logg",
                                                  "stellar_radius_sun", "magnitude"};
  return kNames;
}

const std::vector<uint8_t>& star_dependence() {
  static const std::vector<uint8_t> kDependence = [] {
    constexpr uint8_t kTeffBit = 1, kLoggBit = 2, kRadiusBit = 4, kMagBit = 8;
    const std::vector<std::pair<const char*, uint8_t>> kUses = {
        {"stellar_teff_k", kTeffBit},
        {"stellar_teff_err_k", kTeffBit},
        {"stellar_logg", kLoggBit},
        {"stellar_logg_err", kLoggBit},
        {"stellar_radius_sun", kRadiusBit},
        {"stellar_radius_err_sun", kRadiusBit},
        {"magnitude", kMagBit},
        // The catalogues compute these from the star and the orbit, as candidate_row does.
        {"equilibrium_temp_k", kTeffBit | kLoggBit | kRadiusBit},
        {"insolation_earth", kTeffBit | kLoggBit | kRadiusBit},
        {"planet_radius_earth", kRadiusBit},
        {"planet_radius_err_earth", kRadiusBit},
        {"stellar_density_solar", kLoggBit | kRadiusBit},
        {"a_over_rstar", kLoggBit | kRadiusBit},
        {"duration_ratio", kLoggBit | kRadiusBit},
        {"density_ratio", kLoggBit | kRadiusBit},
        {"radius_from_depth_earth", kRadiusBit},
        {"radius_ratio", kRadiusBit}};
    const auto& all = all_feature_names();
    std::vector<uint8_t> dep(all.size(), 0);
    for (const auto& [name, bits] : kUses) {
      auto it = std::find(all.begin(), all.end(), name);
      if (it == all.end()) throw std::logic_error(std::string("no feature ") + name);
      dep[static_cast<size_t>(it - all.begin())] = bits;
    }
    return dep;
  }();
  return kDependence;
}

Dataset mask_star_copies(const Dataset& data, uint64_t seed) {
  const size_t width = data.feature_names.size();
  const auto& dep = star_dependence();
  const auto& all = all_feature_names();
  std::vector<size_t> inputs;
  for (const auto& name : star_input_names()) {
    inputs.push_back(static_cast<size_t>(std::find(all.begin(), all.end(), name) - all.begin()));
  }
  const uint8_t kAll = static_cast<uint8_t>((1u << inputs.size()) - 1);
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> partial(1, kAll - 1);  // non-empty, not everything
  Dataset out;
  out.feature_names = data.feature_names;
  auto add = [&](size_t r, uint8_t removed, StarMask kind) {
    for (size_t f = 0; f < width; ++f) {
      float v = data.x[r * width + f];
      out.x.push_back((dep[f] & removed) != 0 ? std::numeric_limits<float>::quiet_NaN() : v);
    }
    out.y.push_back(data.y[r]);
    out.groups.push_back(data.groups[r]);
    out.ids.push_back(data.ids[r]);
    out.catalogs.push_back(data.catalogs[r]);
    out.star_mask.push_back(kind);
    if (!data.stellar_eclipse.empty()) out.stellar_eclipse.push_back(data.stellar_eclipse[r]);
  };
  for (size_t r = 0; r < data.rows(); ++r) {
    bool complete = true;
    for (size_t f : inputs) complete = complete && !std::isnan(data.x[r * width + f]);
    uint8_t subset = static_cast<uint8_t>(partial(rng));  // drawn for every row: stable stream
    if (complete) {
      add(r, 0, kStarAsGiven);
      add(r, subset, kStarPartlyRemoved);
    }
    add(r, kAll, complete ? kStarRemoved : kStarRemovedOnly);
  }
  return out;
}

Dataset without_stellar_eclipse_false_positives(const Dataset& data) {
  const size_t width = data.feature_names.size();
  Dataset out;
  out.feature_names = data.feature_names;
  for (size_t r = 0; r < data.rows(); ++r) {
    if (data.y[r] == 0 && !data.stellar_eclipse.empty() && data.stellar_eclipse[r]) continue;
    out.x.insert(out.x.end(), data.x.begin() + static_cast<std::ptrdiff_t>(r * width),
                 data.x.begin() + static_cast<std::ptrdiff_t>((r + 1) * width));
    out.y.push_back(data.y[r]);
    out.groups.push_back(data.groups[r]);
    out.ids.push_back(data.ids[r]);
    out.catalogs.push_back(data.catalogs[r]);
    if (!data.star_mask.empty()) out.star_mask.push_back(data.star_mask[r]);
    if (!data.stellar_eclipse.empty()) out.stellar_eclipse.push_back(data.stellar_eclipse[r]);
  }
  return out;
}

Dataset make_dataset(const catalog::Catalog& catalog, const std::string& task,
                     bool keep_unlabelled) {
  bool multiclass = task == "multiclass";
  Dataset data;
  data.feature_names = all_feature_names();
  const auto& base_names = catalog::base_feature_names();
  // Resolve every catalogue column once: column index per base feature (first alias wins).
  std::vector<std::optional<size_t>> source(base_names.size());
  for (size_t c = 0; c < catalog.columns().size(); ++c) {
    auto name = catalog::canonical_feature_name(catalog.columns()[c]);
    if (!name) continue;
    for (size_t b = 0; b < base_names.size(); ++b) {
      if (base_names[b] == *name && !source[b]) source[b] = c;
    }
  }
  std::string mission = catalog::to_string(catalog.kind());
  // The table's context features, by their place in the base schema.
  std::vector<std::pair<size_t, catalog::ContextFeature>> context;
  for (const catalog::ContextFeature& f : catalog::context_features()) {
    auto at = std::find(base_names.begin(), base_names.end(), f.name);
    if (at == base_names.end()) throw std::logic_error(std::string("no base feature ") + f.name);
    context.emplace_back(static_cast<size_t>(at - base_names.begin()), f);
  }
  const std::optional<size_t> eclipse_flag = catalog.column("koi_fpflag_ss");
  std::vector<double> base(base_names.size());
  for (size_t r = 0; r < catalog.size(); ++r) {
    int label = multiclass ? catalog::three_class_label(catalog.kind(), catalog.disposition(r))
                           : static_cast<int>(catalog.label(r));
    if (label < 0 && !keep_unlabelled) continue;
    for (size_t b = 0; b < base_names.size(); ++b) {
      base[b] = source[b] ? catalog.number(r, *source[b]) : kNaN;
    }
    for (const auto& [b, f] : context) base[b] = (catalog.*f.value)(r);
    for (double v : expand_features(base)) data.x.push_back(static_cast<float>(v));
    data.y.push_back(label);
    data.groups.push_back(mission + ":" + std::string(catalog.group(r)));
    data.ids.emplace_back(catalog.id(r));
    data.catalogs.push_back(mission);
    data.stellar_eclipse.push_back(eclipse_flag && catalog.number(r, *eclipse_flag) == 1.0);
  }
  return data;
}

}  // namespace exodetect::ml
