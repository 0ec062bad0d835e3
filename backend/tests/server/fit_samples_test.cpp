// GET /api/v1/searches/{id}/candidates/{n}/fit/samples: a fitted search's posterior draws as
// CSV, and the client's mistakes (no such candidate, a search run without fit) as 4xx.
#include <algorithm>
#include <chrono>

#include <gtest/gtest.h>

#include "exodetect/common/csv.hpp"
#include "server_fixture.hpp"

namespace exodetect::test_support {

using common::CsvOptions;
using common::CsvTable;
using common::parse_csv;
using common::parse_number;

namespace {

using nlohmann::json;

class FitSamplesTest : public SharedServerSuite {};

TEST_F(FitSamplesTest, AFittedCandidatesPosteriorDrawsAsCsv) {
  auto c = server_->client();
  const std::string id = finished_wasp126_search(*c, true);
  ASSERT_FALSE(id.empty());
  auto job = parse(c->Get(("/api/v1/searches/" + id).c_str())->body);
  const auto& fit = job["result"]["candidates"][0]["fit"];
  ASSERT_TRUE(fit["converged"].get<bool>()) << fit.dump().substr(0, 1000);
  EXPECT_FALSE(fit.contains("samples"));  // the draws are their own download

  const std::string url = "/api/v1/searches/" + id + "/candidates/0/fit/samples";
  auto res = c->Get(url.c_str());
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body.substr(0, 300);
  EXPECT_NE(res->get_header_value("Content-Type").find("text/csv"), std::string::npos);
  EXPECT_NE(res->get_header_value("Content-Disposition").find("fit-samples.csv"),
            std::string::npos);
  CsvOptions header;
  header.has_header = true;
  const CsvTable table = parse_csv(res->body, header);
  ASSERT_GE(table.header.size(), 13u);
  EXPECT_EQ(table.header[0], "t0_days");
  EXPECT_EQ(table.header[1], "period_days");
  EXPECT_GE(table.rows.size(), 100u);
  EXPECT_LE(table.rows.size(), 2000u);
  // The draws are the posterior the intervals summarise: their median Rp/R* lies within the
  // reported 68% interval.
  const size_t col = *table.column("rp_rs");
  std::vector<double> rp;
  for (const auto& row : table.rows) rp.push_back(*parse_number(row[col]));
  std::nth_element(rp.begin(), rp.begin() + rp.size() / 2, rp.end());
  EXPECT_GT(rp[rp.size() / 2], fit["rp_rs"]["lower"].get<double>());
  EXPECT_LT(rp[rp.size() / 2], fit["rp_rs"]["upper"].get<double>());

  auto missing = c->Get(("/api/v1/searches/" + id + "/candidates/7/fit/samples").c_str());
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(parse(missing->body)["error"]["code"], "not_found");
  auto bad = c->Get(("/api/v1/searches/" + id + "/candidates/x/fit/samples").c_str());
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
  auto unknown =
      c->Get("/api/v1/searches/0123456789abcdef0123456789abcdef/candidates/0/fit/samples");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
}

TEST_F(FitSamplesTest, ASearchWithoutFitHasNoSamples) {
  auto c = server_->client();
  const std::string id = finished_wasp126_search(*c, false);
  ASSERT_FALSE(id.empty());
  auto res = c->Get(("/api/v1/searches/" + id + "/candidates/0/fit/samples").c_str());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 409);
  EXPECT_EQ(parse(res->body)["error"]["code"], "not_fitted");
}

}  // namespace
}  // namespace exodetect::test_support
