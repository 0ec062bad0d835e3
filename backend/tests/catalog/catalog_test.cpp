#include "exodetect/catalog/catalog.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "exodetect/catalog/features.hpp"
#include "exodetect/catalog/query.hpp"

namespace exodetect::catalog {
namespace {

const std::string kData = EXODETECT_DATA_DIR;

const Catalog& koi() {
  static const Catalog c = load_catalog(kData + "/catalogs/koi_cumulative_2025-10-04.csv.gz");
  return c;
}

TEST(LabelMaps, Koi) {
  EXPECT_EQ(planet_label(CatalogKind::kKoi, "CONFIRMED"), PlanetLabel::kPlanet);
  EXPECT_EQ(planet_label(CatalogKind::kKoi, "FALSE POSITIVE"), PlanetLabel::kFalsePositive);
  EXPECT_EQ(planet_label(CatalogKind::kKoi, "CANDIDATE"), PlanetLabel::kUnlabelled);
  EXPECT_EQ(three_class_label(CatalogKind::kKoi, "CANDIDATE"), 1);
  EXPECT_EQ(three_class_label(CatalogKind::kKoi, "CONFIRMED"), 2);
  EXPECT_EQ(three_class_label(CatalogKind::kKoi, "FALSE POSITIVE"), 0);
  EXPECT_EQ(three_class_label(CatalogKind::kKoi, "NOT DISPOSITIONED"), -1);
}

TEST(LabelMaps, Toi) {
  for (const char* d : {"CP", "KP"}) {
    EXPECT_EQ(planet_label(CatalogKind::kToi, d), PlanetLabel::kPlanet) << d;
  }
  for (const char* d : {"FP", "FA"}) {
    EXPECT_EQ(planet_label(CatalogKind::kToi, d), PlanetLabel::kFalsePositive) << d;
  }
  for (const char* d : {"PC", "APC"}) {
    EXPECT_EQ(planet_label(CatalogKind::kToi, d), PlanetLabel::kUnlabelled) << d;
    EXPECT_EQ(three_class_label(CatalogKind::kToi, d), 1) << d;
  }
}

TEST(LabelMaps, K2) {
  EXPECT_EQ(planet_label(CatalogKind::kK2, "CONFIRMED"), PlanetLabel::kPlanet);
  EXPECT_EQ(planet_label(CatalogKind::kK2, "FALSE POSITIVE"), PlanetLabel::kFalsePositive);
  EXPECT_EQ(planet_label(CatalogKind::kK2, "REFUTED"), PlanetLabel::kFalsePositive);
  EXPECT_EQ(planet_label(CatalogKind::kK2, "CANDIDATE"), PlanetLabel::kUnlabelled);
}

TEST(Catalog, ReadsTheThreeExports) {
  EXPECT_EQ(koi().kind(), CatalogKind::kKoi);
  EXPECT_EQ(koi().size(), 9564u);
  Catalog toi = load_catalog(kData + "/catalogs/toi_2025-10-04.csv.gz");
  EXPECT_EQ(toi.kind(), CatalogKind::kToi);
  EXPECT_EQ(toi.size(), 7703u);
  Catalog k2 = load_catalog(kData + "/catalogs/k2pandc_2025-10.csv.gz");
  EXPECT_EQ(k2.kind(), CatalogKind::kK2);
  EXPECT_EQ(k2.size(), 1806u);  // default_flag == 1 only
}

TEST(Catalog, TypedAccessAndIds) {
  auto row = koi().find("k00752.01");
  ASSERT_TRUE(row);
  EXPECT_EQ(koi().id(*row), "K00752.01");
  EXPECT_EQ(koi().group(*row), "10797460");
  EXPECT_EQ(koi().disposition(*row), "CONFIRMED");
  EXPECT_EQ(koi().label(*row), PlanetLabel::kPlanet);
  EXPECT_NEAR(koi().number(*row, "koi_period"), 9.48803557, 1e-8);
  EXPECT_TRUE(std::isnan(koi().number(*row, "no_such_column")));
  EXPECT_EQ(koi().system_candidate_count(*row), 2);  // K00752.01 and .02
}

TEST(Catalog, TypedColumnsKeepTheTextThatNamesRows) {
  std::string csv =
      "toi,tid,tfopwg_disp,pl_orbper,pl_trandep,note\n"
      "101.10,231663901,PC,1.43,n/a,first\n"
      "102.01,,CP,2.5,400,7\n";
  Catalog c = parse_catalog(csv);
  EXPECT_EQ(c.id(0), "101.10");  // a TOI id is text, not the number 101.1
  EXPECT_EQ(c.group(0), "231663901");
  EXPECT_EQ(c.group(1), "row:102.01");
  EXPECT_TRUE(c.is_numeric_column(*c.column("toi")));
  EXPECT_TRUE(c.is_numeric_column(*c.column("pl_orbper")));
  EXPECT_EQ(c.text(0, *c.column("pl_orbper")), "");  // numbers only
  // A stray word makes a column text but leaves its numbers usable.
  EXPECT_FALSE(c.is_numeric_column(*c.column("pl_trandep")));
  EXPECT_EQ(c.number(1, "pl_trandep"), 400);
  EXPECT_TRUE(std::isnan(c.number(0, "pl_trandep")));
  nlohmann::json j = row_json(c, 1);
  EXPECT_EQ(j["toi"], 102.01);
  EXPECT_EQ(j["pl_trandep"], "400");
  EXPECT_EQ(j["note"], "7");
  EXPECT_EQ(j["id"], "102.01");
  // The host and the id are matched as text.
  CatalogQuery q;
  q.text = "231663";
  EXPECT_EQ(query_catalog(c, q).total, 1u);
  q.text = "101.1";
  EXPECT_EQ(query_catalog(c, q).rows[0]["id"], "101.10");
}

TEST(Catalog, CanonicalRow) {
  auto j = canonical_row_json(koi(), *koi().find("K00752.01"));
  EXPECT_NEAR(j["period_days"].get<double>(), 9.48803557, 1e-8);
  EXPECT_NEAR(j["duration_hours"].get<double>(), 2.9575, 1e-9);
  EXPECT_NEAR(j["snr"].get<double>(), 35.8, 1e-9);
  EXPECT_TRUE(j["equilibrium_temp_k"].is_number());
  // Every feature the export has a column for, and the table-wide context.
  for (const auto& column : koi().columns()) {
    if (auto name = canonical_feature_name(column)) {
      EXPECT_TRUE(j.contains(*name)) << *name;
    }
  }
  for (const auto& f : context_features()) EXPECT_TRUE(j.contains(f.name)) << f.name;
  EXPECT_FALSE(j.contains("koi_score"));
}

TEST(Catalog, EphemerisMatchAcrossStars) {
  std::string csv =
      "kepid,kepoi_name,koi_disposition,koi_period,koi_time0bk\n"
      "1,K1.01,FALSE POSITIVE,10.0,100.0\n"
      "2,K2.01,CONFIRMED,10.001,130.01\n"  // same ephemeris, other star
      "3,K3.01,CONFIRMED,10.0,105.0\n"     // same period, half a period off
      "1,K1.02,CANDIDATE,10.0,100.0\n"     // same star does not count
      "4,K4.01,CANDIDATE,,\n";
  Catalog c = parse_catalog(csv);
  EXPECT_EQ(c.ephemeris_match_count(0), 1);
  EXPECT_EQ(c.ephemeris_match_count(1), 2);
  EXPECT_EQ(c.ephemeris_match_count(2), 0);
  EXPECT_TRUE(std::isnan(c.ephemeris_match_count(4)));
  EXPECT_EQ(c.system_candidate_count(0), 2);
}

TEST(Catalog, SiblingSignalsOnTheSameStar) {
  // Star 1: a deep signal, a shallow one at ~2x its period and a half-depth one at the same
  // period (an eclipsing binary's echoes); star 2 has one signal; star 3 lacks one period.
  std::string csv =
      "kepid,kepoi_name,koi_disposition,koi_period,koi_depth\n"
      "1,K1.01,FALSE POSITIVE,10.0,1000\n"
      "1,K1.02,CANDIDATE,20.2,100\n"
      "1,K1.03,FALSE POSITIVE,10.05,500\n"
      "2,K2.01,CONFIRMED,3.0,300\n"
      "3,K3.01,CANDIDATE,,50\n"
      "3,K3.02,CONFIRMED,5.0,200\n";
  Catalog c = parse_catalog(csv);
  // K1.01: nearest in period is K1.03 (ratio 1.005), not K1.02 (ratio 2.02).
  EXPECT_NEAR(c.sibling_log_period_ratio(0), std::log(1.005), 1e-12);
  EXPECT_NEAR(c.sibling_depth_ratio(0), 2.0, 1e-12);
  EXPECT_NEAR(c.sibling_resonance_offset(0), 0.005, 1e-12);
  EXPECT_EQ(c.sibling_same_period_count(0), 1);
  EXPECT_EQ(c.depth_fraction_of_star_max(0), 1.0);
  // K1.02: ratio 20.2 / 10.05 = 2.00995 to K1.03, 0.5% from 2:1.
  EXPECT_NEAR(c.sibling_log_period_ratio(1), std::log(20.2 / 10.05), 1e-12);
  EXPECT_NEAR(c.sibling_depth_ratio(1), 0.2, 1e-12);
  EXPECT_NEAR(c.sibling_resonance_offset(1), (20.2 / 10.05 - 2) / 2, 1e-12);
  EXPECT_EQ(c.sibling_same_period_count(1), 0);
  EXPECT_NEAR(c.depth_fraction_of_star_max(1), 0.1, 1e-12);
  EXPECT_NEAR(c.depth_fraction_of_star_max(2), 0.5, 1e-12);
  // Alone on its star: nothing to compare with, except that it is its star's deepest signal.
  EXPECT_TRUE(std::isnan(c.sibling_log_period_ratio(3)));
  EXPECT_TRUE(std::isnan(c.sibling_depth_ratio(3)));
  EXPECT_TRUE(std::isnan(c.sibling_resonance_offset(3)));
  EXPECT_TRUE(std::isnan(c.sibling_same_period_count(3)));
  EXPECT_EQ(c.depth_fraction_of_star_max(3), 1.0);
  // A sibling without a period gives no ratio, but is still counted as a sibling.
  EXPECT_TRUE(std::isnan(c.sibling_log_period_ratio(4)));
  EXPECT_TRUE(std::isnan(c.sibling_log_period_ratio(5)));
  EXPECT_EQ(c.sibling_same_period_count(5), 0);
  EXPECT_NEAR(c.depth_fraction_of_star_max(4), 0.25, 1e-12);
  auto j = canonical_row_json(c, 0);
  EXPECT_NEAR(j["sibling_depth_ratio"].get<double>(), 2.0, 1e-12);
  EXPECT_TRUE(canonical_row_json(c, 3)["sibling_resonance_offset"].is_null());
}

TEST(Catalog, NearestNeighbourStarWithASignal) {
  // Stars 1 and 2 are 10 arcsec apart in declination; star 3 is 0.5 degree away; star 4 has no
  // position.
  std::string csv =
      "kepid,kepoi_name,koi_disposition,koi_period,ra,dec,koi_kepmag\n"
      "1,K1.01,FALSE POSITIVE,10.0,290.0,45.0,14.0\n"
      "2,K2.01,CONFIRMED,3.0,290.0,45.0027777778,12.5\n"
      "3,K3.01,CONFIRMED,5.0,290.0,45.5,15.0\n"
      "1,K1.02,CANDIDATE,7.0,290.0,45.0,14.0\n"
      "4,K4.01,CANDIDATE,2.0,,,13.0\n";
  Catalog c = parse_catalog(csv);
  EXPECT_NEAR(c.neighbour_distance_arcsec(0), 10.0, 1e-3);
  EXPECT_NEAR(c.neighbour_distance_arcsec(1), 10.0, 1e-3);
  EXPECT_NEAR(c.neighbour_distance_arcsec(2), 0.5 * 3600 - 10.0, 1e-2);
  EXPECT_NEAR(c.neighbour_delta_mag(0), -1.5, 1e-9);  // the neighbour is brighter
  EXPECT_NEAR(c.neighbour_delta_mag(1), 1.5, 1e-9);
  // A neighbour half a degree away cannot spill light in: its brightness is not a feature.
  EXPECT_TRUE(std::isnan(c.neighbour_delta_mag(2)));
  EXPECT_EQ(c.neighbours_within_arcmin(0), 1);
  EXPECT_EQ(c.neighbours_within_arcmin(2), 0);
  // A second signal on star 1 is the same star, not a neighbour.
  EXPECT_EQ(c.neighbour_distance_arcsec(3), c.neighbour_distance_arcsec(0));
  EXPECT_TRUE(std::isnan(c.neighbour_distance_arcsec(4)));
  EXPECT_TRUE(std::isnan(c.neighbours_within_arcmin(4)));
  auto j = canonical_row_json(c, 0);
  EXPECT_NEAR(j["neighbour_distance_arcsec"].get<double>(), 10.0, 1e-3);
  EXPECT_TRUE(canonical_row_json(c, 4)["neighbour_distance_arcsec"].is_null());
  // Alone in its table: no neighbour to measure.
  Catalog one = parse_catalog(
      "kepid,kepoi_name,koi_disposition,koi_period,ra,dec\n1,K1.01,CONFIRMED,10.0,290.0,45.0\n");
  EXPECT_TRUE(std::isnan(one.neighbour_distance_arcsec(0)));
}

TEST(Catalog, BadInputIsAClearError) {
  EXPECT_THROW(parse_catalog(""), std::invalid_argument);
  EXPECT_THROW(parse_catalog(std::string("\x01\x02\x00junk", 8)), std::invalid_argument);
  try {
    parse_catalog("a,b\n1,2\n");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("not a KOI"), std::string::npos);
  }
  try {
    parse_catalog("kepid,koi_period\n1,2\n", CatalogKind::kKoi);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("kepoi_name"), std::string::npos);
  }
  EXPECT_THROW(load_catalog(kData + "/no/such/file.csv"), std::invalid_argument);
  EXPECT_THROW(catalog_kind_from_string("tess"), std::invalid_argument);
}

TEST(Query, TextDispositionRangesSort) {
  CatalogQuery q;
  q.text = "kepler-227";
  CatalogPage page = query_catalog(koi(), q);
  ASSERT_GE(page.total, 1u);
  EXPECT_EQ(page.rows[0]["kepler_name"], "Kepler-227 b");
  EXPECT_EQ(page.rows[0]["label"], "planet");
  EXPECT_FALSE(page.rows[0].contains("koi_period_err1"));

  q = {};
  q.disposition = "confirmed";
  q.ranges.push_back({"koi_period", 1.0, 2.0});
  q.sort_by = "koi_prad";
  q.descending = true;
  q.limit = 5000;
  page = query_catalog(koi(), q);
  ASSERT_GT(page.total, 10u);
  EXPECT_EQ(page.rows.size(), page.total);
  double prev = 1e300;
  bool seen_null = false;
  for (const auto& r : page.rows) {
    EXPECT_EQ(r["koi_disposition"], "CONFIRMED");
    double p = r["koi_period"].get<double>();
    EXPECT_TRUE(p >= 1.0 && p <= 2.0);
    if (r["koi_prad"].is_null()) {
      seen_null = true;
      continue;
    }
    EXPECT_FALSE(seen_null) << "missing values must sort last";
    EXPECT_LE(r["koi_prad"].get<double>(), prev);
    prev = r["koi_prad"].get<double>();
  }

  q.offset = 3;
  q.limit = 2;
  CatalogPage paged = query_catalog(koi(), q);
  EXPECT_EQ(paged.total, page.total);
  ASSERT_EQ(paged.rows.size(), 2u);
  EXPECT_EQ(paged.rows[0]["id"], page.rows[3]["id"]);
}

TEST(Query, ExactNamesFirst) {
  // "Kepler-10" is a substring of Kepler-100 ... Kepler-109 too: the system itself comes first.
  CatalogQuery q;
  q.text = "Kepler-10";
  q.limit = 5000;
  CatalogPage page = query_catalog(koi(), q);
  ASSERT_GT(page.total, 10u);
  size_t system = 0;
  for (const auto& r : page.rows) {
    if (r["kepler_name"].is_string() &&
        r["kepler_name"].get<std::string>().rfind("Kepler-10 ", 0) == 0)
      ++system;
  }
  ASSERT_GE(system, 2u);  // Kepler-10 b and c (Batalha et al. 2011; Fressin et al. 2011)
  for (size_t i = 0; i < system; ++i) {
    EXPECT_EQ(page.rows[i]["kepler_name"].get<std::string>().rfind("Kepler-10 ", 0), 0u) << i;
  }
  // A column sort still orders the whole result.
  q.text = "Kepler-10";
  q.sort_by = "koi_period";
  page = query_catalog(koi(), q);
  for (size_t i = 1; i < page.rows.size(); ++i) {
    if (page.rows[i]["koi_period"].is_null()) break;
    EXPECT_LE(page.rows[i - 1]["koi_period"].get<double>(),
              page.rows[i]["koi_period"].get<double>());
  }
}

TEST(Query, RejectsUnknownColumns) {
  CatalogQuery q;
  q.sort_by = "nope";
  EXPECT_THROW(query_catalog(koi(), q), std::invalid_argument);
  q = {};
  q.ranges.push_back({"koi_period", 5, 1});
  EXPECT_THROW(query_catalog(koi(), q), std::invalid_argument);
  q = {};
  q.ranges.push_back({"kepler_name", 0, 1});
  EXPECT_THROW(query_catalog(koi(), q), std::invalid_argument);
}

TEST(Query, FindRow) {
  auto row = find_row_json(koi(), "K01003.01");
  ASSERT_TRUE(row);
  EXPECT_EQ((*row)["koi_disposition"], "FALSE POSITIVE");
  EXPECT_FALSE(find_row_json(koi(), "K99999.99"));
}

TEST(Features, LeakageAndAliases) {
  for (const char* c :
       {"koi_score", "koi_fpflag_nt", "koi_fpflag_ss", "koi_fpflag_co", "koi_fpflag_ec",
        "koi_pdisposition", "kepler_name", "koi_tce_delivname", "tfopwg_disp", "KOI_SCORE"}) {
    EXPECT_TRUE(is_leaky_column(c)) << c;
    EXPECT_FALSE(canonical_feature_name(c)) << c;
  }
  EXPECT_FALSE(is_leaky_column("koi_period"));
  EXPECT_EQ(canonical_feature_name("koi_period"), "period_days");
  EXPECT_EQ(canonical_feature_name("pl_orbper"), "period_days");
  EXPECT_EQ(canonical_feature_name("pl_trandep"), "depth_ppm");
  EXPECT_EQ(canonical_feature_name("Depth_PPM"), "depth_ppm");
  EXPECT_FALSE(canonical_feature_name("ra"));
}

}  // namespace
}  // namespace exodetect::catalog
