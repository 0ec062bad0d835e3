#include "exodetect/catalog/star.hpp"

#include "exodetect/catalog/catalog_files.hpp"
#include "exodetect/catalog/main_sequence.hpp"
#include "exodetect/common/constants.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>
#include <mutex>
#include <stdexcept>
#include <utility>
#include <vector>

#include "exodetect/common/strings.hpp"

namespace exodetect::catalog {

using common::iequals;
using common::kPi;
using common::to_lower;
using lightcurve::StellarParams;

namespace {

namespace fs = std::filesystem;

const char* kTargetForms =
    "expected a star id such as 'TIC 25155310', 'KIC 10666592', 'EPIC 206154641', 'TOI-114', "
    "'KOI-1003' or a K2 host name such as 'K2-18'";

std::string trim(std::string_view s) {
  size_t a = s.find_first_not_of(" \t\r\n");
  if (a == std::string_view::npos) return "";
  size_t b = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(a, b - a + 1));
}

// "TIC 25155310", "tic25155310", "TIC-25155310", "TIC_25155310" -> "25155310" for prefix "tic".
// nullopt when `text` does not start with the prefix; "" when what follows is not a number.
std::optional<std::string> number_after(const std::string& text, std::string_view prefix) {
  std::string lower = to_lower(text);
  if (lower.rfind(prefix, 0) != 0) return std::nullopt;
  // One separator: spaces, or a dash or underscore right after the prefix ("KIC -5" is none).
  std::string_view after = std::string_view(text).substr(prefix.size());
  if (!after.empty() && (after[0] == '-' || after[0] == '_')) after.remove_prefix(1);
  std::string rest = trim(after);
  // TOI / KOI numbers may carry a planet suffix (".01"): the star is the same.
  bool object_number = prefix == "toi" || prefix == "koi";
  if (object_number) {
    if (size_t dot = rest.find('.'); dot != std::string::npos) {
      std::string suffix = rest.substr(dot + 1);
      if (suffix.empty() || suffix.size() > 3 ||
          !std::all_of(suffix.begin(), suffix.end(),
                       [](unsigned char c) { return std::isdigit(c); })) {
        return std::string();
      }
      rest = rest.substr(0, dot);
    }
  }
  if (rest.empty() || rest.size() > 15 ||
      !std::all_of(rest.begin(), rest.end(), [](unsigned char c) { return std::isdigit(c); })) {
    return std::string();
  }
  size_t nz = rest.find_first_not_of('0');
  if (nz == std::string::npos) return std::string();  // id 0 names no star
  return rest.substr(nz);
}

std::optional<TargetId> numeric_target(const std::string& text, bool* malformed) {
  struct Form {
    const char* prefix;
    CatalogKind table;
    TargetId::Key key;
    const char* display;
  };
  static const Form kForms[] = {
      {"tic", CatalogKind::kToi, TargetId::Key::kTic, "TIC "},
      {"kic", CatalogKind::kKoi, TargetId::Key::kKic, "KIC "},
      {"kplr", CatalogKind::kKoi, TargetId::Key::kKic, "KIC "},
      {"epic", CatalogKind::kK2, TargetId::Key::kHostname, "EPIC "},
      {"ktwo", CatalogKind::kK2, TargetId::Key::kHostname, "EPIC "},
      {"toi", CatalogKind::kToi, TargetId::Key::kToiNumber, "TOI-"},
      {"koi", CatalogKind::kKoi, TargetId::Key::kKoiNumber, "KOI-"},
  };
  *malformed = false;
  for (const Form& f : kForms) {
    auto number = number_after(text, f.prefix);
    if (!number) continue;
    if (number->empty()) {
      *malformed = true;
      return std::nullopt;
    }
    TargetId t;
    t.table = f.table;
    t.key = f.key;
    t.display = f.display + *number;
    // K2 hosts without a name are listed as "EPIC <number>".
    t.value = f.key == TargetId::Key::kHostname ? t.display : *number;
    return t;
  }
  return std::nullopt;
}

// The tables fill in what they do not know of a star with the Sun's values and no uncertainty:
// 105 KOI rows carry 5780 K, 1.0 R_sun and log g 4.438 together, and 134 TOI rows carry
// log g 4.438 beside radii from 0.44 to 1.8 R_sun (the 2025 exports in data/catalogs). Such a
// value is a placeholder, not a measurement, and is not taken.
constexpr double kPlaceholderTeffK = 5780.0;
constexpr double kPlaceholderLoggCgs = 4.438;
constexpr double kPlaceholderRadiusSun = 1.0;
constexpr double kPlaceholderMassSun = 1.0;

// Half the spread of a catalogue's upper (err1, positive) and lower (err2, negative) errors.
std::optional<double> symmetric_err(const Catalog& cat, size_t row, const std::string& column) {
  double up = cat.number(row, column + "err1");
  double down = cat.number(row, column + "err2");
  if (std::isnan(up)) up = cat.number(row, column + "_err1");
  if (std::isnan(down)) down = cat.number(row, column + "_err2");
  if (std::isfinite(up) && std::isfinite(down)) return 0.5 * (std::fabs(up) + std::fabs(down));
  if (std::isfinite(up)) return std::fabs(up);
  if (std::isfinite(down)) return std::fabs(down);
  return std::nullopt;
}

std::optional<double> positive_value(const Catalog& cat, size_t row, const std::string& column) {
  double v = cat.number(row, column);
  return std::isfinite(v) && v > 0 ? std::optional<double>(v) : std::nullopt;
}

std::optional<double> finite_value(const Catalog& cat, size_t row, const std::string& column) {
  double v = cat.number(row, column);
  return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
}

bool row_matches(const Catalog& cat, size_t row, const TargetId& t) {
  switch (t.key) {
    case TargetId::Key::kTic:
    case TargetId::Key::kKic:
      return cat.group(row) == t.value;
    case TargetId::Key::kHostname:
      return iequals(cat.group(row), t.value);
    case TargetId::Key::kToiNumber:
    case TargetId::Key::kKoiNumber: {
      // TOI ids are "114.01"; KOI ids "K00114.01".
      std::string id(cat.id(row));
      if (!id.empty() && (id[0] == 'K' || id[0] == 'k')) id = id.substr(1);
      size_t dot = id.find('.');
      std::string number = id.substr(0, dot);
      size_t nz = number.find_first_not_of('0');
      return nz != std::string::npos && number.substr(nz) == t.value;
    }
  }
  return false;
}

}  // namespace

TargetId parse_target(std::string_view text) {
  std::string s = trim(text);
  if (s.empty()) throw std::invalid_argument(std::string("empty target: ") + kTargetForms);
  bool malformed = false;
  if (auto t = numeric_target(s, &malformed)) return *t;
  if (malformed || s.size() > 64 || !std::isalpha(static_cast<unsigned char>(s[0])) ||
      !std::all_of(s.begin(), s.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '-' || c == ' ' || c == '+' || c == '.' || c == '_';
      })) {
    throw std::invalid_argument("'" + s + "' is not a target: " + kTargetForms);
  }
  TargetId t;
  t.table = CatalogKind::kK2;
  t.key = TargetId::Key::kHostname;
  t.value = s;
  t.display = s;
  return t;
}

std::optional<TargetId> target_from_header(std::string_view object) {
  // A file stem ("tic123_lc") carries more than a number and names nothing here.
  bool malformed = false;
  return numeric_target(trim(object), &malformed);
}

std::optional<CatalogueStar> find_star(const Catalog& cat, const TargetId& target) {
  if (cat.kind() != target.table) return std::nullopt;
  CatalogueStar star;
  star.table = to_string(cat.kind());
  bool found = false;
  auto fill = [](std::optional<double>& v, std::optional<double>& err, std::optional<double> value,
                 std::optional<double> value_err) {
    if (v || !value) return;
    v = value;
    err = value_err;
  };
  for (size_t r = 0; r < cat.size(); ++r) {
    if (!row_matches(cat, r, target)) continue;
    if (!found) {
      found = true;
      star.row = cat.id(r);
      switch (cat.kind()) {
        case CatalogKind::kToi:
          star.id = "TIC " + std::string(cat.group(r));
          break;
        case CatalogKind::kKoi:
          star.id = "KIC " + std::string(cat.group(r));
          break;
        case CatalogKind::kK2:
          star.id = cat.group(r);
          break;
      }
    }
    // Each table's stellar columns (uncertainties in <column>err1/2 or <column>_err1/2). The K2
    // table has no Kepler-band magnitude (only V, K and Gaia), and the model's magnitude is the
    // mission's own band, so none is taken from it.
    const bool koi = cat.kind() == CatalogKind::kKoi;
    const char* teff = koi ? "koi_steff" : "st_teff";
    const char* logg = koi ? "koi_slogg" : "st_logg";
    const char* radius = koi ? "koi_srad" : "st_rad";
    const char* mass = koi ? "koi_smass" : "st_mass";
    const char* magnitude = koi ? "koi_kepmag" : cat.kind() == CatalogKind::kToi ? "st_tmag" : "";
    // A column's value and its uncertainty, unless the value is the table's placeholder.
    auto take = [&](std::optional<double>& v, std::optional<double>& err, const char* column,
                    double placeholder, bool positive) {
      const auto value = positive ? positive_value(cat, r, column) : finite_value(cat, r, column);
      const auto value_err = symmetric_err(cat, r, column);
      if (value && !value_err && std::fabs(*value - placeholder) <= 1e-6 * placeholder) return;
      fill(v, err, value, value_err);
    };
    take(star.teff_k, star.teff_err_k, teff, kPlaceholderTeffK, true);
    take(star.logg_cgs, star.logg_err, logg, kPlaceholderLoggCgs, false);
    take(star.radius_sun, star.radius_err_sun, radius, kPlaceholderRadiusSun, true);
    take(star.mass_sun, star.mass_err_sun, mass, kPlaceholderMassSun, true);
    if (*magnitude) {
      fill(star.magnitude, star.magnitude_err, finite_value(cat, r, magnitude),
           symmetric_err(cat, r, magnitude));
    }
  }
  if (!found) return std::nullopt;
  return star;
}

namespace {

struct CachedCatalog {
  std::string path;
  std::shared_ptr<const Catalog> catalog;
};

// The export of `table` in `dir`, parsed once per process (a search names one star, a survey
// thousands); thread-safe. Throws std::invalid_argument when `dir` has none.
CachedCatalog cached_catalog(const std::string& dir, CatalogKind table, const std::string& what) {
  auto path = find_catalog_export(dir, to_string(table));
  if (!path) {
    throw std::invalid_argument("cannot look up '" + what + "': no " + to_string(table) +
                                " catalogue in '" + dir + "'");
  }
  static std::mutex mutex;
  static std::map<std::string, std::shared_ptr<const Catalog>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  auto& slot = cache[*path];
  if (!slot) slot = std::make_shared<const Catalog>(load_catalog(*path, table));
  return {*path, slot};
}

}  // namespace

CatalogueStar lookup_star(const std::string& dir, const TargetId& target) {
  const CachedCatalog cat = cached_catalog(dir, target.table, target.display);
  auto star = find_star(*cat.catalog, target);
  if (!star) {
    throw std::invalid_argument("target '" + target.display + "' is not in the " +
                                to_string(target.table) + " catalogue (" +
                                fs::path(cat.path).filename().string() + ")");
  }
  return *star;
}

std::optional<std::pair<TargetId, double>> star_near(const Catalog& cat, double ra_deg,
                                                     double dec_deg, double max_arcsec) {
  const auto ra_col = cat.column("ra"), dec_col = cat.column("dec");
  if (!ra_col || !dec_col || !std::isfinite(ra_deg) || !std::isfinite(dec_deg)) {
    return std::nullopt;
  }
  constexpr double kDeg = kPi / 180.0;
  std::optional<size_t> best;
  double best_arcsec = max_arcsec;
  for (size_t r = 0; r < cat.size(); ++r) {
    const double ra = cat.number(r, *ra_col), dec = cat.number(r, *dec_col);
    if (!std::isfinite(ra) || !std::isfinite(dec)) continue;
    // Haversine: exact at the arcsecond scale.
    const double h = std::pow(std::sin((dec - dec_deg) * kDeg / 2), 2) +
                     std::cos(dec * kDeg) * std::cos(dec_deg * kDeg) *
                         std::pow(std::sin((ra - ra_deg) * kDeg / 2), 2);
    const double arcsec = 2 * std::asin(std::sqrt(std::min(1.0, h))) / kDeg * 3600.0;
    if (arcsec <= best_arcsec) {
      best = r;
      best_arcsec = arcsec;
    }
  }
  if (!best) return std::nullopt;
  TargetId t;
  t.table = cat.kind();
  t.value = std::string(cat.group(*best));
  switch (cat.kind()) {
    case CatalogKind::kToi:
      t.key = TargetId::Key::kTic;
      t.display = "TIC " + t.value;
      break;
    case CatalogKind::kKoi:
      t.key = TargetId::Key::kKic;
      t.display = "KIC " + t.value;
      break;
    case CatalogKind::kK2:
      t.key = TargetId::Key::kHostname;
      t.display = t.value;
      break;
  }
  return std::pair{t, best_arcsec};
}

void check_user_star(const UserStar& user, std::string_view prefix) {
  auto check = [&](const char* name, const std::optional<double>& v, double lo, double hi,
                   bool open_low, const char* unit) {
    if (!v) return;
    bool ok = std::isfinite(*v) && (open_low ? *v > lo : *v >= lo) && *v <= hi;
    if (ok) return;
    throw std::invalid_argument(std::string(prefix) + name + ": " +
                                (std::isfinite(*v) ? trim(std::to_string(*v)) : "not a number") +
                                " is not a star's value (expected " + (open_low ? "above " : "") +
                                trim(std::to_string(lo)) + (open_low ? " up to " : " to ") +
                                trim(std::to_string(hi)) + unit + ")");
  };
  check("teff", user.teff_k, 1000, 100000, false, " K");
  check("logg", user.logg_cgs, -1, 9.5, false, " in log10 cm/s^2");
  check("radius", user.radius_sun, 0, 2000, true, " solar radii");
  check("mass", user.mass_sun, 0, 300, true, " solar masses");
  check("magnitude", user.magnitude, -30, 40, false, "");
  if (!user.target.empty()) {
    try {
      parse_target(user.target);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(std::string(prefix) + "target: " + e.what());
    }
  }
}

namespace {

// Completes mass and logg from what the star has: the mass from logg and radius; without logg,
// a dwarf's mass from its temperature (main_sequence_mass_sun), as the TESS Input Catalog gives
// one; then logg from mass and radius. The search's duration grid, the vetting and the verdict
// read the density these give: a star with a temperature and a radius is characterised.
void derive_mass_and_logg(StellarParams& star) {
  if (!star.radius_sun) return;
  if (!star.mass_sun && star.logg_cgs) {
    const double mass = lightcurve::mass_from_logg_sun(*star.logg_cgs, *star.radius_sun);
    if (std::isfinite(mass) && mass > 0) {
      star.mass_sun = mass;
      star.provenance["mass_sun"] = {"derived", std::nullopt};
    }
  }
  if (!star.mass_sun && star.teff_k) {
    if (auto mass = main_sequence_mass_sun(*star.teff_k)) {
      star.mass_sun = *mass;
      star.provenance["mass_sun"] = {"derived", std::nullopt};
    }
  }
  if (!star.logg_cgs && star.mass_sun) {
    const double logg = lightcurve::logg_from_mass_cgs(*star.mass_sun, *star.radius_sun);
    if (std::isfinite(logg)) {
      star.logg_cgs = logg;
      star.provenance["logg_cgs"] = {"derived", std::nullopt};
    }
  }
}

}  // namespace

void resolve_star(StellarParams& star, std::string_view header_object, const UserStar& user,
                  const std::string& catalog_dir) {
  check_user_star(user);
  // Headers carry no mass: a mass present here was derived by the reader; derive it again below
  // from whichever logg and radius win.
  star.mass_sun.reset();
  star.provenance.clear();
  for (auto [key, value] : {std::pair{"teff_k", &star.teff_k},
                            {"logg_cgs", &star.logg_cgs},
                            {"radius_sun", &star.radius_sun},
                            {"magnitude", &star.magnitude}}) {
    if (*value) star.provenance[key] = {"header", std::nullopt};
  }
  auto set_user = [&](const char* key, std::optional<double>& to, const std::optional<double>& v) {
    if (!v) return;
    to = v;
    star.provenance[key] = {"user", std::nullopt};
  };
  set_user("teff_k", star.teff_k, user.teff_k);
  set_user("logg_cgs", star.logg_cgs, user.logg_cgs);
  set_user("radius_sun", star.radius_sun, user.radius_sun);
  set_user("mass_sun", star.mass_sun, user.mass_sun);
  set_user("magnitude", star.magnitude, user.magnitude);

  std::optional<CatalogueStar> found;
  std::optional<double> separation_arcsec;
  if (!user.target.empty()) {
    found = lookup_star(catalog_dir, parse_target(user.target));
  } else if (auto t = target_from_header(header_object)) {
    try {
      const auto cat = cached_catalog(catalog_dir, t->table, t->display).catalog;
      found = find_star(*cat, *t);
      // The K2 table names most hosts by name, not EPIC id: the header's position finds them.
      // The TOI and KOI tables give every row's TIC or KIC id, so a star they lack is not there,
      // and a position match would only find a neighbour.
      if (!found && t->table == CatalogKind::kK2 && star.ra_deg && star.dec_deg) {
        if (auto near = star_near(*cat, *star.ra_deg, *star.dec_deg, kPositionMatchArcsec)) {
          found = find_star(*cat, near->first);
          separation_arcsec = near->second;
        }
      }
    } catch (const std::invalid_argument&) {
      // No catalogue to look in: the header's values stand alone, as they do for the many
      // observed stars that are in no planet catalogue.
    }
  }
  if (found) {
    star.catalogue_table = found->table;
    star.catalogue_id = found->id;
    star.catalogue_row = found->row;
    star.catalogue_separation_arcsec = separation_arcsec;
    auto set_catalogue = [&](const char* key, std::optional<double>& to,
                             const std::optional<double>& v, const std::optional<double>& err) {
      if (to || !v) return;
      to = v;
      star.provenance[key] = {"catalogue", err};
    };
    set_catalogue("teff_k", star.teff_k, found->teff_k, found->teff_err_k);
    set_catalogue("logg_cgs", star.logg_cgs, found->logg_cgs, found->logg_err);
    set_catalogue("radius_sun", star.radius_sun, found->radius_sun, found->radius_err_sun);
    set_catalogue("mass_sun", star.mass_sun, found->mass_sun, found->mass_err_sun);
    set_catalogue("magnitude", star.magnitude, found->magnitude, found->magnitude_err);
  }
  derive_mass_and_logg(star);
}

}  // namespace exodetect::catalog
