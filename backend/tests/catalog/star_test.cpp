// The star of a search: target ids, catalogue look-ups, impossible values and precedence.

#include "exodetect/catalog/star.hpp"

#include "exodetect/catalog/catalog.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>

using exodetect::lightcurve::StellarParams;

namespace {

using namespace exodetect;
using namespace exodetect::catalog;

const std::string kCatalogs = std::string(EXODETECT_DATA_DIR) + "/catalogs";

TEST(Target, ParsesTheForms) {
  EXPECT_EQ(parse_target("TIC 25155310").display, "TIC 25155310");
  EXPECT_EQ(parse_target(" tic25155310 ").value, "25155310");
  EXPECT_EQ(parse_target("TIC-025155310").display, "TIC 25155310");
  EXPECT_EQ(parse_target("KIC 10666592").table, CatalogKind::kKoi);
  EXPECT_EQ(parse_target("kplr010666592").display, "KIC 10666592");
  EXPECT_EQ(parse_target("EPIC 206154641").table, CatalogKind::kK2);
  EXPECT_EQ(parse_target("EPIC 206154641").value, "EPIC 206154641");
  EXPECT_EQ(parse_target("K2-18").key, TargetId::Key::kHostname);
  EXPECT_EQ(parse_target("TOI-114.01").display, "TOI-114");
  EXPECT_EQ(parse_target("KOI-1003").display, "KOI-1003");
}

TEST(Target, GarbledIdsAreRefusedWithTheForms) {
  for (const char* bad : {"", "   ", "TIC", "TIC abc", "KIC -5", "TIC 0", "EPIC 12x", "42",
                          "K2-18; DROP TABLE", "TOI-114.x"}) {
    try {
      parse_target(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("TIC 25155310"), std::string::npos) << e.what();
    }
  }
}

TEST(Target, HeaderIdsOnlyWhenTheyAreIds) {
  EXPECT_EQ(target_from_header("TIC 25155310")->display, "TIC 25155310");
  EXPECT_EQ(target_from_header("KIC 10666592")->display, "KIC 10666592");
  // File stems are not star ids, even when they contain one.
  EXPECT_FALSE(target_from_header("toi2000_tic371188886_y1_30min"));
  EXPECT_FALSE(target_from_header("koi1003_kic2438502_kepler_q2"));
  EXPECT_FALSE(target_from_header("WASP-75"));
}

TEST(Lookup, TicInTheToiTable) {
  // WASP-126 (TOI-114, TIC 25155310). Maxted et al. 2016, MNRAS 463, 3276, table 3: Teff 5800
  // +- 100 K, R* 1.27 +- 0.05 Rsun, logg 4.25; the TOI table row has Teff 5800, R* 1.24175.
  CatalogueStar s = lookup_star(kCatalogs, parse_target("TIC 25155310"));
  EXPECT_EQ(s.table, "toi");
  EXPECT_EQ(s.id, "TIC 25155310");
  EXPECT_EQ(s.row, "114.01");
  EXPECT_NEAR(*s.teff_k, 5800, 100);
  EXPECT_NEAR(*s.radius_sun, 1.27, 0.05);
  EXPECT_NEAR(*s.radius_err_sun, 0.0611, 1e-3);
  EXPECT_NEAR(*s.logg_cgs, 4.25, 0.1);
  EXPECT_NEAR(*s.magnitude, 10.61, 0.01);
  EXPECT_FALSE(s.teff_err_k);  // the row gives none
}

TEST(Lookup, KicInTheKoiTable) {
  // HAT-P-7 = Kepler-2 (KIC 10666592). Pal et al. 2008, ApJ 680, 1450, table 2: Teff 6350 +- 80
  // K, logg 4.07 +- 0.06, R* 1.84 +0.23/-0.11 Rsun; the KOI row: 6440 +76/-89 K, 4.019, 1.952.
  CatalogueStar s = lookup_star(kCatalogs, parse_target("KIC 10666592"));
  EXPECT_EQ(s.table, "koi");
  EXPECT_EQ(s.row, "K00002.01");
  EXPECT_NEAR(*s.teff_k, 6350, 100);
  EXPECT_NEAR(*s.teff_err_k, 82.5, 1e-9);  // (76 + 89) / 2
  EXPECT_NEAR(*s.logg_cgs, 4.07, 0.06);
  EXPECT_NEAR(*s.radius_sun, 1.84, 0.23);
  EXPECT_NEAR(*s.magnitude, 10.463, 1e-9);
}

TEST(Lookup, K2HostName) {
  // K2-18: Benneke et al. 2019, ApJL 887, L14: Teff 3457 +- 39 K, R* 0.411 +- 0.038 Rsun,
  // M* 0.359 +- 0.047 Msun.
  CatalogueStar s = lookup_star(kCatalogs, parse_target("k2-18"));
  EXPECT_EQ(s.table, "k2");
  EXPECT_NEAR(*s.teff_k, 3457, 1);
  EXPECT_NEAR(*s.radius_sun, 0.411, 1e-6);
  EXPECT_NEAR(*s.mass_sun, 0.359, 1e-6);
  EXPECT_FALSE(s.magnitude);  // no Kepler-band magnitude in the K2 table
}

// The tables' placeholders: the Sun's values with no uncertainty, where the star is unknown.
TEST(Lookup, TheSunsValuesWithoutAnUncertaintyAreNotTaken) {
  // WASP-100 (TOI-106, TIC 38846515): the row gives R* 1.77 +- 0.08 and log g 4.438 with no
  // error, which with that radius would be a 3.1 M_sun star; Hellier et al. 2014 (MNRAS 440,
  // 1982) give log g 4.35 +- 0.17 and 1.57 M_sun.
  CatalogueStar wasp100 = lookup_star(kCatalogs, parse_target("TIC 38846515"));
  EXPECT_NEAR(*wasp100.radius_sun, 1.77, 1e-9);
  EXPECT_FALSE(wasp100.logg_cgs);
  EXPECT_FALSE(wasp100.mass_sun);
  // KOI-2324 (KIC 7746958): 5780 K, 1.0 R_sun and log g 4.438 together, none with an error.
  CatalogueStar koi = lookup_star(kCatalogs, parse_target("KIC 7746958"));
  EXPECT_EQ(koi.row, "K02324.01");
  EXPECT_FALSE(koi.teff_k);
  EXPECT_FALSE(koi.radius_sun);
  EXPECT_FALSE(koi.logg_cgs);
  EXPECT_NEAR(*koi.magnitude, 11.671, 1e-9);
  // A measured value that happens to be the Sun's keeps its uncertainty and is taken.
  Catalog toi = parse_catalog(
      "toi,tid,tfopwg_disp,pl_orbper,st_logg,st_loggerr1,st_loggerr2,st_rad,st_raderr1,"
      "st_raderr2\n"
      "101.01,1,PC,1.0,4.438,0.08,-0.08,1.0,0.05,-0.05\n");
  auto measured = find_star(toi, parse_target("TIC 1"));
  ASSERT_TRUE(measured);
  EXPECT_NEAR(*measured->logg_cgs, 4.438, 1e-9);
  EXPECT_NEAR(*measured->radius_sun, 1.0, 1e-9);
}

TEST(Lookup, UnknownStarsAndMissingCataloguesAreClearErrors) {
  EXPECT_THROW(lookup_star(kCatalogs, parse_target("TIC 1")), std::invalid_argument);
  EXPECT_THROW(lookup_star(kCatalogs, parse_target("Nonexistent-9")), std::invalid_argument);
  try {
    lookup_star("/nonexistent", parse_target("KIC 10666592"));
    ADD_FAILURE();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("no koi catalogue"), std::string::npos) << e.what();
  }
}

TEST(UserStar, ImpossibleValuesAreRefused) {
  auto refused = [](UserStar u, const std::string& name) {
    try {
      check_user_star(u, "--");
      ADD_FAILURE() << name;
    } catch (const std::invalid_argument& e) {
      EXPECT_EQ(std::string(e.what()).rfind("--" + name + ":", 0), 0u) << e.what();
    }
  };
  UserStar u;
  u.radius_sun = -1;
  refused(u, "radius");
  u = {};
  u.teff_k = 50;
  refused(u, "teff");
  u = {};
  u.logg_cgs = 20;
  refused(u, "logg");
  u = {};
  u.mass_sun = 0;
  refused(u, "mass");
  u = {};
  u.magnitude = std::numeric_limits<double>::quiet_NaN();
  refused(u, "magnitude");
  u = {};
  u.target = "TIC ???";
  refused(u, "target");
  // Real stars pass: an M dwarf, a white dwarf's gravity, a giant.
  u = {};
  u.teff_k = 3000;
  u.logg_cgs = 8.0;
  u.radius_sun = 50;
  u.mass_sun = 0.1;
  u.magnitude = 16;
  EXPECT_NO_THROW(check_user_star(u));
}

TEST(Resolve, UserThenHeaderThenCatalogue) {
  StellarParams star;
  star.teff_k = 6000;     // header
  star.radius_sun = 1.5;  // header
  star.mass_sun = 1.234;  // derived by the reader: recomputed
  UserStar user;
  user.radius_sun = 1.3;
  user.target = "TIC 25155310";
  resolve_star(star, "", user, kCatalogs);
  EXPECT_EQ(*star.radius_sun, 1.3);
  EXPECT_EQ(star.provenance["radius_sun"].source, "user");
  EXPECT_EQ(*star.teff_k, 6000);
  EXPECT_EQ(star.provenance["teff_k"].source, "header");
  EXPECT_NEAR(*star.logg_cgs, 4.28004, 1e-9);
  EXPECT_EQ(star.provenance["logg_cgs"].source, "catalogue");
  EXPECT_EQ(star.provenance["magnitude"].source, "catalogue");
  EXPECT_EQ(star.provenance["mass_sun"].source, "derived");
  EXPECT_NEAR(*star.mass_sun, 1.3 * 1.3 * std::pow(10.0, 4.28004 - 4.438), 0.02);
  EXPECT_EQ(star.catalogue_id, "TIC 25155310");
}

TEST(Resolve, MassAndLoggFromWhatTheStarHas) {
  constexpr double kSunLogg = 4.438;  // log10(G M_sun / R_sun^2), cgs
  auto resolve = [](UserStar user) {
    StellarParams star;
    resolve_star(star, "", user, kCatalogs);
    return star;
  };
  // A temperature and a radius (Gaia's, say): a dwarf's mass, and logg from it.
  UserStar sun_like;
  sun_like.teff_k = 5770;
  sun_like.radius_sun = 1.0;
  StellarParams sun = resolve(sun_like);
  EXPECT_NEAR(*sun.mass_sun, 1.0, 1e-12);
  EXPECT_NEAR(*sun.logg_cgs, kSunLogg, 0.001);
  EXPECT_EQ(sun.provenance["mass_sun"].source, "derived");
  EXPECT_EQ(sun.provenance["logg_cgs"].source, "derived");
  ASSERT_TRUE(sun.density_cgs());
  EXPECT_NEAR(*sun.density_cgs(), 1.41, 0.01);
  // A given logg wins over the temperature's mass.
  UserStar with_logg = sun_like;
  with_logg.logg_cgs = kSunLogg - 0.3;
  StellarParams evolved = resolve(with_logg);
  EXPECT_NEAR(*evolved.mass_sun, std::pow(10.0, -0.3), 0.002);
  EXPECT_EQ(evolved.provenance["logg_cgs"].source, "user");
  // A given mass gives logg.
  UserStar with_mass;
  with_mass.mass_sun = 0.5;
  with_mass.radius_sun = 0.5;
  StellarParams dwarf = resolve(with_mass);
  EXPECT_NEAR(*dwarf.logg_cgs, kSunLogg + std::log10(0.5 / 0.25), 0.001);
  EXPECT_EQ(dwarf.provenance["logg_cgs"].source, "derived");
  // Nothing without a radius, nor for a temperature off the dwarf sequence.
  UserStar no_radius;
  no_radius.teff_k = 5770;
  EXPECT_FALSE(resolve(no_radius).mass_sun);
  EXPECT_FALSE(resolve(no_radius).logg_cgs);
  UserStar hot = sun_like;
  hot.teff_k = 25000;
  EXPECT_FALSE(resolve(hot).mass_sun);
  EXPECT_FALSE(resolve(hot).logg_cgs);
}

TEST(Resolve, Wasp100sTemperatureGivesItsPublishedMass) {
  // TOI-106's row gives WASP-100's radius (1.77 +- 0.08 R_sun) and a placeholder log g, which is
  // not taken: the temperature's dwarf mass is 1.46 M_sun, against Hellier et al. 2014 (MNRAS
  // 440, 1982): 1.57 +- 0.10 M_sun.
  StellarParams star;
  UserStar user;
  user.target = "TIC 38846515";
  resolve_star(star, "", user, kCatalogs);
  ASSERT_TRUE(star.mass_sun);
  EXPECT_NEAR(*star.mass_sun, 1.57, 2 * 0.10);
  EXPECT_EQ(star.provenance["mass_sun"].source, "derived");
}

TEST(Resolve, HeaderIdLooksUpQuietlyAnExplicitTargetMustExist) {
  StellarParams star;
  resolve_star(star, "KIC 10666592", {}, kCatalogs);
  EXPECT_NEAR(*star.teff_k, 6440, 1e-9);
  EXPECT_NEAR(*star.provenance["teff_k"].err, 82.5, 1e-9);
  StellarParams unknown;
  EXPECT_NO_THROW(resolve_star(unknown, "TIC 1", {}, kCatalogs));  // not a catalogued star
  EXPECT_FALSE(unknown.teff_k);
  UserStar user;
  user.target = "TIC 1";
  EXPECT_THROW(resolve_star(unknown, "", user, kCatalogs), std::invalid_argument);
}

TEST(Resolve, AnEpicIdTheK2TableLacksIsFoundByPosition) {
  // WASP-47 is EPIC 206103150 (Becker et al. 2015, ApJL 812, L18); the K2 table names it only
  // WASP-47. Its K2 light curve's RA_OBJ, DEC_OBJ: 331.203045, -12.018893 (J2000).
  StellarParams star;
  star.ra_deg = 331.203045;
  star.dec_deg = -12.018893;
  resolve_star(star, "EPIC 206103150", {}, kCatalogs);
  EXPECT_EQ(star.catalogue_table, "k2");
  EXPECT_EQ(star.catalogue_id, "WASP-47");
  ASSERT_TRUE(star.catalogue_separation_arcsec);
  EXPECT_LT(*star.catalogue_separation_arcsec, 2.0);
  EXPECT_EQ(star.provenance["radius_sun"].source, "catalogue");
  // Without a position, or 30 arcsec away, the id alone finds nothing and nothing is made up.
  StellarParams no_position;
  resolve_star(no_position, "EPIC 206103150", {}, kCatalogs);
  EXPECT_TRUE(no_position.catalogue_table.empty());
  StellarParams away;
  away.ra_deg = 331.203045;
  away.dec_deg = -12.018893 + 30.0 / 3600.0;
  resolve_star(away, "EPIC 206103150", {}, kCatalogs);
  EXPECT_TRUE(away.catalogue_table.empty());
  EXPECT_FALSE(away.radius_sun);
  // A TIC the TOI table lacks is not that table's star even at a host's position (WASP-126,
  // TIC 25155310, RA_OBJ 63.37389, DEC_OBJ -69.226789): every TOI row names its TIC.
  StellarParams neighbour;
  neighbour.ra_deg = 63.37389;
  neighbour.dec_deg = -69.226789;
  resolve_star(neighbour, "TIC 1", {}, kCatalogs);
  EXPECT_TRUE(neighbour.catalogue_table.empty());
  EXPECT_FALSE(neighbour.teff_k);
}

TEST(StarNear, TheNearestRowWithinTheRadius) {
  const Catalog k2 = load_catalog(kCatalogs + "/k2pandc_2025-10.csv.gz");
  const auto near = star_near(k2, 331.203045, -12.018893, kPositionMatchArcsec);
  ASSERT_TRUE(near);
  EXPECT_EQ(near->first.display, "WASP-47");
  EXPECT_EQ(near->first.key, TargetId::Key::kHostname);
  EXPECT_FALSE(star_near(k2, 331.203045, -12.018893, 0.1));
  EXPECT_FALSE(star_near(k2, std::nan(""), 0, kPositionMatchArcsec));
}

}  // namespace
