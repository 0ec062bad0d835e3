#include "exodetect/catalog/features.hpp"

#include <algorithm>
#include <unordered_map>
#include <utility>

#include "exodetect/common/strings.hpp"

namespace exodetect::catalog {

using common::to_lower;

namespace {

// Catalogue column -> canonical feature. KOI and the Archive's TOI / K2 names never collide, so
// one table serves every export.
const std::vector<std::pair<std::string, std::string>>& aliases() {
  static const std::vector<std::pair<std::string, std::string>> kAliases = {
      {"koi_period", "period_days"},
      {"pl_orbper", "period_days"},
      {"koi_period_err1", "period_err_days"},
      {"pl_orbpererr1", "period_err_days"},
      {"koi_duration", "duration_hours"},
      {"pl_trandurh", "duration_hours"},
      {"koi_duration_err1", "duration_err_hours"},
      {"pl_trandurherr1", "duration_err_hours"},
      {"koi_depth", "depth_ppm"},
      {"pl_trandep", "depth_ppm"},
      {"koi_depth_err1", "depth_err_ppm"},
      {"pl_trandeperr1", "depth_err_ppm"},
      {"koi_impact", "impact"},
      {"pl_imppar", "impact"},
      {"koi_prad", "planet_radius_earth"},
      {"pl_rade", "planet_radius_earth"},
      {"koi_teq", "equilibrium_temp_k"},
      {"pl_eqt", "equilibrium_temp_k"},
      {"koi_insol", "insolation_earth"},
      {"pl_insol", "insolation_earth"},
      {"koi_model_snr", "snr"},
      {"koi_steff", "stellar_teff_k"},
      {"st_teff", "stellar_teff_k"},
      {"koi_slogg", "stellar_logg"},
      {"st_logg", "stellar_logg"},
      {"koi_srad", "stellar_radius_sun"},
      {"st_rad", "stellar_radius_sun"},
      {"koi_kepmag", "magnitude"},
      {"st_tmag", "magnitude"},
      {"koi_time0bk_err1", "t0_err_days"},
      {"pl_tranmiderr1", "t0_err_days"},
      {"koi_impact_err1", "impact_err"},
      {"koi_prad_err1", "planet_radius_err_earth"},
      {"pl_radeerr1", "planet_radius_err_earth"},
      {"koi_steff_err1", "stellar_teff_err_k"},
      {"st_tefferr1", "stellar_teff_err_k"},
      {"koi_slogg_err1", "stellar_logg_err"},
      {"st_loggerr1", "stellar_logg_err"},
      {"koi_srad_err1", "stellar_radius_err_sun"},
      {"st_raderr1", "stellar_radius_err_sun"},
  };
  return kAliases;
}

}  // namespace

const std::vector<std::string>& base_feature_names() {
  static const std::vector<std::string> kNames = {"period_days",
                                                  "period_err_days",
                                                  "duration_hours",
                                                  "duration_err_hours",
                                                  "depth_ppm",
                                                  "depth_err_ppm",
                                                  "impact",
                                                  "planet_radius_earth",
                                                  "equilibrium_temp_k",
                                                  "insolation_earth",
                                                  "snr",
                                                  "stellar_teff_k",
                                                  "stellar_logg",
                                                  "stellar_radius_sun",
                                                  "magnitude",
                                                  "system_candidate_count",
                                                  "ephemeris_match_count",
                                                  "t0_err_days",
                                                  "impact_err",
                                                  "planet_radius_err_earth",
                                                  "stellar_teff_err_k",
                                                  "stellar_logg_err",
                                                  "stellar_radius_err_sun",
                                                  "candidate_index",
                                                  "galactic_latitude_deg",
                                                  "neighbour_distance_arcsec",
                                                  "neighbour_delta_mag",
                                                  "neighbours_within_arcmin",
                                                  "sibling_log_period_ratio",
                                                  "sibling_depth_ratio",
                                                  "sibling_resonance_offset",
                                                  "sibling_same_period_count",
                                                  "depth_fraction_of_star_max"};
  return kNames;
}

std::optional<std::string> canonical_feature_name(std::string_view column) {
  // Every column of every predict request comes through here: one hash lookup, not a scan.
  static const std::unordered_map<std::string, std::string> kByName = [] {
    std::unordered_map<std::string, std::string> by_name;
    for (const auto& base : base_feature_names()) by_name.emplace(base, base);
    for (const auto& [from, to] : aliases()) by_name.emplace(from, to);  // a base name wins
    return by_name;
  }();
  auto it = kByName.find(to_lower(column));
  if (it == kByName.end()) return std::nullopt;
  return it->second;
}

bool is_leaky_column(std::string_view column) {
  static const std::vector<std::string> kLeaky = {
      // Kepler vetting pipeline outputs and the labels themselves.
      "koi_score", "koi_pdisposition", "koi_disposition", "kepler_name", "koi_tce_delivname",
      "koi_vet_stat", "koi_vet_date", "koi_disp_prov", "koi_comment", "koi_datalink_dvr",
      "koi_datalink_dvs",
      // TOI / K2 dispositions and what only confirmed planets have (masses, eccentricities,
      // discovery records): they copy the label.
      "tfopwg_disp", "disposition", "disp_refname", "soltype", "pl_controv_flag", "discoverymethod",
      "disc_year", "disc_facility", "pl_refname", "pl_bmasse", "pl_bmassj", "pl_bmassprov",
      "pl_orbeccen", "pl_orbsmax", "pl_pubdate", "releasedate", "label"};
  std::string name = to_lower(column);
  if (name.rfind("koi_fpflag_", 0) == 0) return true;
  for (const auto& leaky : kLeaky) {
    if (name == leaky || (name.size() > leaky.size() && name.rfind(leaky, 0) == 0 &&
                          (name.compare(leaky.size(), 3, "err") == 0 ||
                           name.compare(leaky.size(), 3, "lim") == 0))) {
      return true;
    }
  }
  return false;
}

bool is_identifier_column(std::string_view column) {
  static const std::vector<std::string> kIds = {
      "loc_rowid", "rowid",      "id",          "kepid", "kepoi_name",  "toi",
      "tid",       "pl_name",    "hostname",    "rastr", "decstr",      "toi_created",
      "rowupdate", "st_refname", "sy_refname",  "name",  "koi_time0bk", "pl_tranmid",
      "ra",        "dec",        "default_flag"};
  std::string name = to_lower(column);
  return std::find(kIds.begin(), kIds.end(), name) != kIds.end();
}

}  // namespace exodetect::catalog
