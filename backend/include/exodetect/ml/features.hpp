#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "exodetect/catalog/catalog.hpp"

namespace exodetect::ml {

// Physical features derived from the canonical base features (catalog/features.hpp), the ones
// that separate planets from eclipsing binaries and blends:
//   stellar_density_solar       from logg and radius
//   a_over_rstar                orbit size in stellar radii, from period and density
//   duration_ratio              observed duration / central-transit duration expected for the star
//   density_ratio               stellar density implied by period, duration, depth and impact
//                               / density from logg and radius (eclipsing binaries and blends
//                               on other stars disagree)
//   rp_rs                       sqrt(depth)
//   radius_from_depth_earth     rp_rs * stellar radius
//   radius_ratio                catalogue planet radius / radius from depth
//   grazing                     impact + rp_rs (> 1: grazing, typical of binaries)
//   duration_fraction           duration / period
//   snr_per_sqrt_depth          snr / sqrt(depth ppm): noise level proxy
//   depth_rel_err, period_rel_err
const std::vector<std::string>& derived_feature_names();

// The features a light-curve search measures the same way as the catalogues (with the star's
// parameters): the candidate model, which scores search candidates, uses only these. Impact,
// uncertainties, multiplicity and ephemeris matches come from the catalogue pipelines' fits and
// vetting, and SNR from years of data, so a model trained on them misjudges search candidates.
const std::vector<std::string>& candidate_feature_names();

// base_feature_names() followed by derived_feature_names(): every feature a model may use.
const std::vector<std::string>& all_feature_names();

// Base values in base_feature_names() order (NaN = missing) -> all_feature_names() values.
std::vector<double> expand_features(const std::vector<double>& base);

// The labelled (or all) rows of a catalogue as a feature matrix.
struct Dataset {
  std::vector<std::string> feature_names;  // all_feature_names()
  std::vector<float> x;                    // row-major, n x feature_names.size(), NaN = missing
  std::vector<int> y;                      // class index; -1 when unlabelled
  std::vector<std::string> groups;         // host star, prefixed by the catalogue
  std::vector<std::string> ids;
  std::vector<std::string> catalogs;  // "koi" / "toi" / "k2" per row
  // Per row: kStarAsGiven, or a copy made by mask_star_copies with the star wholly or partly
  // removed. Empty: every row as given.
  std::vector<uint8_t> star_mask;
  // Per row: 1 where the catalogue flags the signal as a stellar eclipse (KOI koi_fpflag_ss),
  // else 0 (the TOI and K2 tables have no such flag).
  std::vector<uint8_t> stellar_eclipse;
  size_t rows() const { return y.size(); }
};

// kStarRemovedOnly: the row's star was incomplete in the catalogue; this copy is its only one.
enum StarMask : uint8_t {
  kStarAsGiven = 0,
  kStarRemoved = 1,
  kStarPartlyRemoved = 2,
  kStarRemovedOnly = 3
};

// The stellar inputs a light curve may lack (teff, logg, radius, magnitude) and, for each
// feature of all_feature_names(), which of them it is computed from (bit 0 teff, 1 logg,
// 2 radius, 3 magnitude; 0: independent of the star). Used to mask a feature whose inputs are
// missing and to name what a candidate was scored without.
const std::vector<std::string>& star_input_names();
const std::vector<uint8_t>& star_dependence();

// Makes the absence of stellar values carry no label information: every row whose star is
// complete stays as given and gains one copy with the star removed and one with a random
// non-empty, incomplete subset of it removed (each feature depending on a removed input set
// missing); a row whose star is incomplete in the catalogue is kept only with the star removed,
// as its missing values mark failed fits (false positives) in the KOI table. Copies keep their
// row's group, so grouped CV keeps a star's copies in one fold. Deterministic for a seed.
Dataset mask_star_copies(const Dataset& data, uint64_t seed);

// The rows less the false positives (class 0) flagged as stellar eclipses: what the eclipse-free
// candidate model is trained on.
Dataset without_stellar_eclipse_false_positives(const Dataset& data);

// task "binary": 1 planet, 0 false positive; "multiclass": 0 false positive, 1 candidate,
// 2 confirmed. Rows without a label for the task are dropped unless keep_unlabelled.
Dataset make_dataset(const catalog::Catalog& catalog, const std::string& task,
                     bool keep_unlabelled = false);

}  // namespace exodetect::ml
