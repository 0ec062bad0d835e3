// GET /api/v1/searches/{id}/candidates/{n}/report: a candidate's one-page report as PDF or PNG,
// the client's mistakes (no such candidate, an unknown format) as 4xx, and its rate limit.
#include <gtest/gtest.h>

#include "server_fixture.hpp"

namespace exodetect::test_support {

namespace {

class CandidateReportRoute : public SharedServerSuite {};

TEST_F(CandidateReportRoute, AFittedCandidatesPageAsPdfAndPng) {
  auto c = server_->client();
  const std::string id = finished_wasp126_search(*c, true);
  ASSERT_FALSE(id.empty());
  const std::string url = "/api/v1/searches/" + id + "/candidates/0/report";

  auto pdf = c->Get(url.c_str());
  ASSERT_TRUE(pdf);
  ASSERT_EQ(pdf->status, 200) << pdf->body.substr(0, 300);
  EXPECT_EQ(pdf->get_header_value("Content-Type"), "application/pdf");
  EXPECT_NE(pdf->get_header_value("Content-Disposition").find("candidate-0-report.pdf"),
            std::string::npos);
  EXPECT_EQ(pdf->body.rfind("%PDF-", 0), 0u);
  EXPECT_NE(pdf->body.find("%%EOF", pdf->body.size() - 16), std::string::npos);

  auto png = c->Get((url + "?format=png").c_str());
  ASSERT_TRUE(png);
  ASSERT_EQ(png->status, 200) << png->body.substr(0, 300);
  EXPECT_EQ(png->get_header_value("Content-Type"), "image/png");
  EXPECT_EQ(png->body.rfind("\x89PNG\r\n\x1a\n", 0), 0u);

  auto bad_format = c->Get((url + "?format=svg").c_str());
  ASSERT_TRUE(bad_format);
  EXPECT_EQ(bad_format->status, 400);
  EXPECT_NE(parse(bad_format->body)["error"]["message"].get<std::string>().find("svg"),
            std::string::npos);
  auto missing = c->Get(("/api/v1/searches/" + id + "/candidates/7/report").c_str());
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  auto unknown = c->Get("/api/v1/searches/0123456789abcdef0123456789abcdef/candidates/0/report");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
}

TEST_F(CandidateReportRoute, ASearchWithoutFitStillHasItsPage) {
  auto c = server_->client();
  const std::string id = finished_wasp126_search(*c, false);
  ASSERT_FALSE(id.empty());
  auto res = c->Get(("/api/v1/searches/" + id + "/candidates/0/report?format=pdf").c_str());
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body.substr(0, 300);
  EXPECT_EQ(res->body.rfind("%PDF-", 0), 0u);
}

// Drawing a page is compute: the route shares the public compute routes' per-client rate limit
// (and their gate), so a client cannot keep the CPUs busy with reports.
TEST(CandidateReportLimits, ReportsCountAgainstTheClientsRateLimit) {
  TempDir dir;
  auto config = test_config(dir.path());
  config.rate_per_minute = 1;
  config.rate_burst = 3;
  LoopbackServer server(config);
  auto c = server.client();
  const std::string id = finished_wasp126_search(*c, false);  // the upload takes one token
  ASSERT_FALSE(id.empty());
  const std::string url = "/api/v1/searches/" + id + "/candidates/0/report";
  EXPECT_EQ(c->Get(url.c_str())->status, 200);
  EXPECT_EQ(c->Get(url.c_str())->status, 200);
  auto res = c->Get(url.c_str());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 429);
  EXPECT_EQ(parse(res->body)["error"]["code"], "rate_limited");
}

}  // namespace
}  // namespace exodetect::test_support
