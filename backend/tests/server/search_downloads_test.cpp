// What a finished search offers besides its JSON: the full-resolution light curve as CSV, the
// gzip encoding of large answers, and responses (search, plot data, models) that conform to the
// OpenAPI document the frontend's types are generated from.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "exodetect/common/csv.hpp"
#include "exodetect/common/file_io.hpp"
#include "exodetect/store/backends.hpp"
#include "schema_check.hpp"
#include "server_fixture.hpp"

namespace exodetect::test_support {

using common::CsvTable;
using common::maybe_gunzip;
using common::parse_csv;
using common::parse_number;
using common::read_file_bytes;

namespace {

using nlohmann::json;

class SearchDownloads : public SharedServerSuite {
 protected:
  // One WASP-126 search (TESS, BTJD) for every test of the suite.
  static void SetUpTestSuite() {
    SharedServerSuite::SetUpTestSuite();
    auto c = server_->client();
    auto res = submit_search(*c, {{"wasp126.fits", read_file_bytes(data_path(kWasp126))}},
                             {{"period_min", "1"}, {"period_max", "8"}, {"max_planets", "1"}});
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 202) << res->body;
    id_ = new std::string(parse(res->body)["id"].get<std::string>());
    *job_ = wait_for_job(*c, "/api/v1/searches/" + *id_);
    ASSERT_EQ((*job_)["status"], "done") << job_->dump().substr(0, 500);
  }
  static void TearDownTestSuite() {
    SharedServerSuite::TearDownTestSuite();
    delete id_;
  }
  // A client that shows the body as sent (httplib's would inflate gzip itself).
  std::unique_ptr<httplib::Client> raw_client() {
    auto c = server_->client();
    c->set_decompress(false);
    return c;
  }
  static std::string url(const std::string& tail) { return "/api/v1/searches/" + *id_ + tail; }

  static std::string* id_;
  static json* job_;
};

std::string* SearchDownloads::id_ = nullptr;
json* SearchDownloads::job_ = new json();

TEST_F(SearchDownloads, LightCurveIsEveryPointWithItsUnits) {
  auto c = raw_client();
  auto res = c->Get(url("/light-curve").c_str(), {{"Accept-Encoding", "identity"}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body.substr(0, 300);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/csv; charset=utf-8");
  EXPECT_FALSE(res->has_header("Content-Encoding"));
  EXPECT_NE(res->get_header_value("Content-Disposition").find("-light-curve.csv\""),
            std::string::npos);
  const CsvTable t = parse_csv(res->body);
  const auto& input = (*job_)["result"]["input"];
  EXPECT_EQ(t.rows.size(), input["n_used"].get<size_t>() + input["n_clipped"].get<size_t>());
  std::string comments;
  for (const auto& line : t.comments) comments += line + "\n";
  EXPECT_NE(comments.find("BTJD = BJD_TDB - 2457000"), std::string::npos) << comments;
  EXPECT_NE(comments.find("relative flux (not ppm)"), std::string::npos) << comments;

  // The candidate's transits: their detrended flux is low by its depth, and the model says so.
  const auto& candidate = (*job_)["result"]["candidates"][0];
  const size_t detrended = *t.column("detrended_flux"), in_transit = *t.column("in_transit"),
               model = *t.column("model_flux");
  double in_sum = 0, out_sum = 0;
  size_t in_n = 0, out_n = 0;
  for (const auto& row : t.rows) {
    EXPECT_EQ(*parse_number(row[model]) < 1.0, row[in_transit] != "0");
    if (row[in_transit] != "0" && row[in_transit] != "1") continue;
    const bool in = row[in_transit] == "1";
    (in ? in_sum : out_sum) += *parse_number(row[detrended]);
    (in ? in_n : out_n) += 1;
  }
  ASSERT_GT(in_n, 100u);
  const double depth_ppm = (out_sum / out_n - in_sum / in_n) * 1e6;
  // The report's depth is the central half of the box's, deeper than the whole box's mean
  // (ingress and egress included).
  EXPECT_GT(depth_ppm, 0.6 * candidate["depth_ppm"].get<double>());
  EXPECT_LT(depth_ppm, 1.1 * candidate["depth_ppm"].get<double>());

  // Gzipped as kept for a client that takes gzip: the same text.
  auto gz = c->Get(url("/light-curve").c_str(), {{"Accept-Encoding", "gzip, deflate, br"}});
  ASSERT_TRUE(gz);
  ASSERT_EQ(gz->status, 200);
  EXPECT_EQ(gz->get_header_value("Content-Encoding"), "gzip");
  EXPECT_LT(gz->body.size(), res->body.size() / 2);
  EXPECT_EQ(maybe_gunzip(gz->body), res->body);
}

TEST_F(SearchDownloads, LightCurveRefusesUnknownAndMalformedIds) {
  auto c = server_->client();
  auto unknown = c->Get("/api/v1/searches/0123456789abcdef0123456789abcdef/light-curve");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
  auto malformed = c->Get("/api/v1/searches/....etc.passwd/light-curve");
  ASSERT_TRUE(malformed);
  EXPECT_EQ(malformed->status, 400);
  EXPECT_EQ(parse(malformed->body)["error"]["code"], "invalid_id");
}

TEST_F(SearchDownloads, LargeAnswersAreGzippedForClientsThatTakeIt) {
  auto c = raw_client();
  const std::string plot = url("/plot-data?points=8000");
  auto plain = c->Get(plot.c_str(), {{"Accept-Encoding", "identity"}});
  ASSERT_TRUE(plain);
  ASSERT_EQ(plain->status, 200);
  EXPECT_FALSE(plain->has_header("Content-Encoding"));
  EXPECT_EQ(plain->get_header_value("Vary"), "Accept-Encoding");
  // A browser offers br too: the answer is gzip, which the server makes fast (never brotli).
  for (const char* offer : {"gzip, deflate, br, zstd", "br;q=1.0, gzip;q=0.8", "*"}) {
    SCOPED_TRACE(offer);
    auto gz = c->Get(plot.c_str(), {{"Accept-Encoding", offer}});
    ASSERT_TRUE(gz);
    ASSERT_EQ(gz->status, 200);
    EXPECT_EQ(gz->get_header_value("Content-Encoding"), "gzip");
    EXPECT_LT(gz->body.size(), plain->body.size() / 2);
    EXPECT_EQ(maybe_gunzip(gz->body), plain->body);
  }
  for (const char* offer : {"br", "gzip;q=0", "deflate"}) {
    SCOPED_TRACE(offer);
    auto res = c->Get(plot.c_str(), {{"Accept-Encoding", offer}});
    ASSERT_TRUE(res);
    EXPECT_FALSE(res->has_header("Content-Encoding"));
    EXPECT_EQ(res->body, plain->body);
  }
  // Small answers are sent as they are.
  auto health = c->Get("/health", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(health);
  EXPECT_FALSE(health->has_header("Content-Encoding"));
}

TEST_F(SearchDownloads, ResponsesConformToTheOpenApiDocument) {
  auto c = server_->client();
  auto doc_res = c->Get("/openapi.json");
  ASSERT_TRUE(doc_res);
  const json doc = parse(doc_res->body);
  auto check = [&](const std::string& path, const std::string& schema) -> json {
    SCOPED_TRACE(path);
    auto res = c->Get(path.c_str());
    if (!res || res->status != 200) {
      ADD_FAILURE() << "no 200: " << (res ? res->body.substr(0, 300) : "no answer");
      return json::object();
    }
    const json body = parse(res->body);
    for (const auto& e : schema_errors(body, schema, doc)) ADD_FAILURE() << e;
    return body;
  };
  const json job = check(url(""), "SearchJob");
  // The light curve's header gave the star and the sector; a wrong source or count is caught.
  ASSERT_TRUE(job["result"]["input"]["stellar"]["sources"].contains("teff_k")) << job.dump();
  EXPECT_EQ(job["result"]["input"]["sectors"], json::array({1}));
  json wrong = job;
  wrong["result"]["input"]["stellar"]["sources"]["teff_k"]["source"] = "guess";
  wrong["result"]["input"]["n_points"] = "many";
  EXPECT_EQ(schema_errors(wrong, "SearchJob", doc).size(), 2u);
  check(url("/plot-data?points=500"), "PlotData");
  const json list = check("/api/v1/models", "ModelList");
  for (const auto& m : list["models"]) {
    const json card = check("/api/v1/models/" + m["id"].get<std::string>(), "ModelCard");
    // The curves the Models page draws, in the shape the document gives them.
    ASSERT_TRUE(card["metrics"]["roc_curve"].is_array());
    EXPECT_GT(card["metrics"]["roc_curve"].size(), 2u);
    ASSERT_TRUE(card["metrics"]["feature_importance"].is_array());
    EXPECT_EQ(card["metrics"]["feature_importance"].size(), card["features"].size());
  }
  // The checker itself tells a wrong shape.
  json bad = check("/api/v1/models/" + list["active"].get<std::string>(), "ModelCard");
  bad["metrics"]["roc_curve"] = json::object();
  bad["metrics"]["feature_importance"][0].erase("gain");
  EXPECT_EQ(schema_errors(bad, "ModelCard", doc).size(), 2u);
}

// A search not yet run answers 409; one finished before light curves were kept, 404.
TEST(SearchDownloadsState, LightCurveOfAnUnfinishedOrOlderSearch) {
  TempDir dir;
  auto config = test_config(dir.path());
  std::string old_id;
  {
    auto backends = store::make_backends(config.store, 100, 100);
    old_id = backends.jobs->submit("search", json::object(), {"x"});
    ASSERT_TRUE(backends.jobs->claim("test", {"search"}, std::chrono::milliseconds(100)));
    backends.jobs->complete(
        old_id, {{"report", {{"candidates", json::array()}}}, {"plot_data", json::object()}});
  }
  LoopbackServer server(config, /*run_workers=*/false);
  auto c = server.client();
  auto old = c->Get(("/api/v1/searches/" + old_id + "/light-curve").c_str());
  ASSERT_TRUE(old);
  EXPECT_EQ(old->status, 404);
  EXPECT_EQ(parse(old->body)["error"]["code"], "not_kept");

  auto res = submit_search(*c, {{"wasp126.fits", read_file_bytes(data_path(kWasp126))}}, {});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 202) << res->body;
  const std::string id = parse(res->body)["id"];
  auto queued = c->Get(("/api/v1/searches/" + id + "/light-curve").c_str());
  ASSERT_TRUE(queued);
  EXPECT_EQ(queued->status, 409);
  EXPECT_EQ(parse(queued->body)["error"]["code"], "not_ready");
}

}  // namespace
}  // namespace exodetect::test_support
