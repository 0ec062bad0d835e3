#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "exodetect/catalog/catalog.hpp"
#include "exodetect/lightcurve/light_curve.hpp"

namespace exodetect::catalog {

// A star named the way the shipped catalogues name it: "TIC 25155310" (TOI table, `tid`),
// "KIC 10666592" (KOI table, `kepid`), "EPIC 206154641" or a host name such as "K2-18" (K2
// table, `hostname`), "TOI-114" or "KOI-1003" (the host of that object).
struct TargetId {
  CatalogKind table = CatalogKind::kToi;
  enum class Key { kTic, kKic, kHostname, kToiNumber, kKoiNumber } key = Key::kTic;
  std::string value;    // the number (digits, no leading zeros) or the host name
  std::string display;  // canonical form: "TIC 25155310", "KIC 10666592", "K2-18", ...
};

// Parses a target as a user types it. Throws std::invalid_argument naming the accepted forms
// for text that is none of them (empty, "TIC abc", "KIC -5", ...). A name that is not a
// TIC/KIC/EPIC/TOI/KOI id is taken as a K2 host name (looked up as such).
TargetId parse_target(std::string_view text);

// The same for a light curve's own id (FITS OBJECT such as "TIC 25155310", "KIC 10666592",
// "EPIC 206103150"): nullopt unless it is one of the numeric id forms, so a file name is never
// mistaken for a star.
std::optional<TargetId> target_from_header(std::string_view object);

// A star's parameters as one catalogue row gives them (NaN-free: absent stays empty). Only the
// star: dispositions, scores, flags and the row's own signal measurements are never read.
struct CatalogueStar {
  std::string table;  // "toi", "koi", "k2"
  std::string id;     // TargetId::display of the star found
  std::string row;    // the catalogue row the values came from (e.g. "114.01")
  std::optional<double> teff_k, teff_err_k, logg_cgs, logg_err, radius_sun, radius_err_sun,
      mass_sun, mass_err_sun, magnitude, magnitude_err;
};

// The star `target` in `catalog` (which must be target.table's export), or nullopt when the
// table has no such star. Several rows of one star (several signals): the first row that gives
// a value supplies it.
std::optional<CatalogueStar> find_star(const Catalog& catalog, const TargetId& target);

// Loads (once per process and path, thread-safe) the export of target.table in `dir` and finds
// the star. Throws std::invalid_argument when the catalogue is missing or the star is not in it.
CatalogueStar lookup_star(const std::string& dir, const TargetId& target);

// The farthest a catalogue row's position may lie from a light curve's (RA_OBJ, DEC_OBJ) to be
// its star, arcseconds: 2.5 K2 pixels, beyond the proper motion of nearly every host between the
// input catalogue's epoch and the archive's (a 0.2"/yr M dwarf moves 3" in 16 years).
constexpr double kPositionMatchArcsec = 10.0;

// The nearest star to (ra_deg, dec_deg) in `catalog` within max_arcsec, as the target id its
// rows are found by (TIC, KIC or K2 host name), with its separation in arcseconds; nullopt when
// none is that close or the table has no positions.
std::optional<std::pair<TargetId, double>> star_near(const Catalog& catalog, double ra_deg,
                                                     double dec_deg, double max_arcsec);

// Stellar values a user gives (the search parameters teff, logg, radius, mass, magnitude and
// target: detect/search_parameters.cpp), all optional.
struct UserStar {
  std::optional<double> teff_k, logg_cgs, radius_sun, mass_sun, magnitude;
  std::string target;  // as typed; empty: none
  bool empty() const {
    return !teff_k && !logg_cgs && !radius_sun && !mass_sun && !magnitude && target.empty();
  }
};

// Throws std::invalid_argument naming the value for anything no star has: teff outside
// 1000-100000 K, logg outside -1..9.5 (cgs), radius outside (0, 2000] solar radii, mass outside
// (0, 300] solar masses, magnitude outside -30..40, NaN or infinity; and for a target that
// parse_target refuses. `prefix` starts each message (e.g. "--" for the CLI's option names).
void check_user_star(const UserStar& user, std::string_view prefix = "");

// Fills `star` (the light curve's header values) by precedence: the user's values, then the
// header, then the catalogue row of the user's target (else the header's OBJECT id, when it
// names a star in a shipped catalogue, or else, for an EPIC id, the K2 table's star at the
// header's position, within kPositionMatchArcsec: that table names most hosts only by name).
// Records each value's source ("user", "header", "catalogue", "derived") and uncertainty in
// star.provenance. When nothing gives them, the mass is derived from logg and radius (without
// logg, from the temperature as a dwarf's: main_sequence.hpp) and logg from mass and radius; both
// need the radius. An explicit target the catalogues do not hold throws std::invalid_argument; a
// header id they do not hold is just not looked up.
void resolve_star(lightcurve::StellarParams& star, std::string_view header_object,
                  const UserStar& user, const std::string& catalog_dir);

}  // namespace exodetect::catalog
