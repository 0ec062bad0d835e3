#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace exodetect::catalog {

// The canonical input features every source (KOI, TOI, K2, search candidates, user uploads) maps
// into, units in the names. Missing values stay missing (NaN / JSON null).
//   period_days, period_err_days, duration_hours, duration_err_hours, depth_ppm, depth_err_ppm,
//   impact, planet_radius_earth, equilibrium_temp_k, insolation_earth, snr, stellar_teff_k,
//   stellar_logg, stellar_radius_sun, magnitude,
//   system_candidate_count  (signals on the same star in the same table / light curve),
//   ephemeris_match_count   (signals on OTHER stars with the same period and epoch: a sign of
//                            contamination by a bright eclipsing neighbour)
//   t0_err_days, impact_err, planet_radius_err_earth, stellar_teff_err_k, stellar_logg_err,
//   stellar_radius_err_sun   (upper uncertainties: how well the fit constrains the signal)
//   candidate_index          (order the signal was found in on its star: the KOI / TOI ".NN"
//                            suffix, or the search iteration)
//   galactic_latitude_deg    (from ra/dec: crowded low-latitude fields have more blends)
//   neighbour_distance_arcsec, neighbour_delta_mag, neighbours_within_arcmin
//                            (the nearest other star with a signal in the same table: its
//                            distance, its magnitude minus this star's, and the number of such
//                            stars within 60 arcsec; light from one eclipsing binary often makes
//                            signals on its neighbours)
//   sibling_log_period_ratio, sibling_depth_ratio, sibling_resonance_offset,
//   sibling_same_period_count, depth_fraction_of_star_max
//                            (the other signals on the same star, see Catalog: |ln(period
//                            ratio)| to the nearest one in period, depth over its depth, the
//                            fractional distance of a period ratio to a small-integer ratio
//                            (1, 3/2, 2, 5/2, 3, 4, 5), siblings within 1% in period, and depth
//                            over the star's deepest signal; all dimensionless. Eclipsing
//                            binaries echo themselves at simple period ratios with unequal
//                            depths)
const std::vector<std::string>& base_feature_names();

// Canonical name for a KOI / TOI / K2 column or a canonical name itself (case-insensitive), or
// nullopt when the column is not a feature input.
std::optional<std::string> canonical_feature_name(std::string_view column);

// Pipeline verdicts, labels and names that copy the label (koi_score, koi_fpflag_*,
// koi_pdisposition, koi_disposition, kepler_name, koi_tce_delivname, tfopwg_disp, disposition,
// ...). Never features.
bool is_leaky_column(std::string_view column);

// Columns that identify a row or its star rather than describe it (ids, names, dates, refs).
bool is_identifier_column(std::string_view column);

}  // namespace exodetect::catalog
