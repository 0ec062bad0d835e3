// Work that is kept: a logged-in user's searches (listing, sharing by link, deletion), their own
// verdict and note on each candidate, and predict requests in which no row can be scored.
#include <gtest/gtest.h>

#include "server_fixture.hpp"

namespace exodetect::test_support {

using common::read_file_bytes;

namespace {

using nlohmann::json;

// Helpers of these tests; each test runs its own server on a fresh data dir.
class SearchesKept : public ::testing::Test {
 protected:
  SearchesKept() : server_(test_config(dir_.path())) {}
  std::unique_ptr<httplib::Client> client() { return server_.client(); }

  static std::string signup(httplib::Client& c, const std::string& email) {
    const json creds = {{"email", email}, {"password", "correct horse battery"}};
    auto res = c.Post("/api/v1/auth/signup", creds.dump(), "application/json");
    EXPECT_TRUE(res);
    if (!res) return "";
    EXPECT_EQ(res->status, 202) << res->body;
    return login(c, email, creds["password"]);
  }

  // Submits WASP-126's sector with the period range [1, period_max] days and returns the job id.
  static std::string submit(httplib::Client& c, const std::string& period_max,
                            const httplib::Headers& headers) {
    static const std::string bytes = read_file_bytes(data_path(kWasp126));
    auto res = submit_search(c, {{"wasp126.fits", bytes}},
                             {{"period_min", "1"}, {"period_max", period_max}}, headers);
    EXPECT_TRUE(res);
    if (!res) return "";
    EXPECT_EQ(res->status, 202) << res->body;
    return parse(res->body).value("id", "");
  }

  static json get_json(httplib::Client& c, const std::string& url, int status,
                       const httplib::Headers& headers = {}) {
    auto res = c.Get(url.c_str(), headers);
    EXPECT_TRUE(res);
    if (!res) return {};
    EXPECT_EQ(res->status, status) << url << ": " << res->body.substr(0, 300);
    return parse(res->body);
  }

  static httplib::Result annotate(httplib::Client& c, const std::string& id, const std::string& n,
                                  const json& body, const httplib::Headers& headers) {
    return c.Put(("/api/v1/searches/" + id + "/candidates/" + n + "/annotation").c_str(), headers,
                 body.dump(), "application/json");
  }

  TempDir dir_;
  LoopbackServer server_;
};

TEST_F(SearchesKept, OwnerListsAnnotatesAndDeletesTheirSearches) {
  auto c = client();
  const std::string alice = signup(*c, "alice@example.org");
  const std::string bob = signup(*c, "bob@example.org");
  const std::string admin = login(*c, kAdminEmail, kAdminPassword);

  const std::string first = submit(*c, "8", bearer(alice));
  const std::string second = submit(*c, "7", bearer(alice));
  ASSERT_EQ(wait_for_job(*c, "/api/v1/searches/" + first)["status"], "done");
  ASSERT_EQ(wait_for_job(*c, "/api/v1/searches/" + second)["status"], "done");
  // The same upload without a token is a new, anonymous search, not alice's.
  EXPECT_NE(submit(*c, "8", {}), first);
  // Alice's same upload again is her earlier search.
  EXPECT_EQ(submit(*c, "8", bearer(alice)), first);

  // The owner's listing, newest first, with target, date, candidates and the model's verdicts.
  json mine = get_json(*c, "/api/v1/me/searches", 200, bearer(alice));
  EXPECT_EQ(mine["total"], 2);
  ASSERT_EQ(mine["searches"].size(), 2u);
  EXPECT_EQ(mine["searches"][0]["id"], second);
  EXPECT_EQ(mine["searches"][1]["id"], first);
  const json& listed = mine["searches"][1];
  EXPECT_EQ(listed["status"], "done");
  EXPECT_NE(listed["target"].get<std::string>().find("25155310"), std::string::npos)
      << listed["target"];
  EXPECT_GT(listed["created_ms"].get<int64_t>(), 0);
  ASSERT_GE(listed["candidate_count"].get<size_t>(), 1u);
  EXPECT_EQ(listed["candidates"].size(), listed["candidate_count"].get<size_t>());
  EXPECT_TRUE(listed["candidates"][0]["label"].is_string());
  EXPECT_TRUE(listed["candidates"][0]["annotation"].is_null());
  json page = get_json(*c, "/api/v1/me/searches?offset=1&limit=1", 200, bearer(alice));
  ASSERT_EQ(page["searches"].size(), 1u);
  EXPECT_EQ(page["searches"][0]["id"], first);
  get_json(*c, "/api/v1/me/searches?limit=0", 400, bearer(alice));
  // Another user sees none of them; without a token the listing is refused.
  json bobs = get_json(*c, "/api/v1/me/searches", 200, bearer(bob));
  EXPECT_EQ(bobs["total"], 0);
  EXPECT_TRUE(bobs["searches"].empty());
  get_json(*c, "/api/v1/me/searches", 401);

  // Shared by its link: anyone reads it; only the owner's view says it is theirs.
  const std::string url = "/api/v1/searches/" + first;
  EXPECT_FALSE(get_json(*c, url, 200)["mine"].get<bool>());
  EXPECT_FALSE(get_json(*c, url, 200, bearer(bob))["mine"].get<bool>());
  json owned = get_json(*c, url, 200, bearer(alice));
  EXPECT_TRUE(owned["mine"].get<bool>());
  EXPECT_TRUE(owned["result"]["candidates"][0]["annotation"].is_null());

  // Annotations: the owner only, a known verdict, a note of bounded length without controls.
  const json good = {{"verdict", "planet"}, {"note", "clean U shape; \"odd/even\" fine\nok"}};
  auto res = annotate(*c, first, "0", good, {});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  res = annotate(*c, first, "0", good, bearer(bob));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403) << res->body;
  res = annotate(*c, first, "0", good, bearer(admin));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403) << res->body;
  for (const json& bad : {json{{"verdict", "maybe"}}, json{{"note", "no verdict"}},
                          json{{"verdict", 1}}, json{{"verdict", "unsure"}, {"note", 5}},
                          json{{"verdict", "unsure"}, {"note", std::string(2001, 'x')}},
                          json{{"verdict", "unsure"}, {"note", std::string("bell\x07")}},
                          json{{"verdict", "unsure"}, {"note", std::string("c1 \xC2\x85")}},
                          json{{"verdict", "unsure"}, {"notes", "a misspelt member"}}}) {
    res = annotate(*c, first, "0", bad, bearer(alice));
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << bad.dump() << " " << res->body;
    EXPECT_TRUE(parse(res->body)["error"]["code"].is_string());
  }
  res = annotate(*c, first, "-1", good, bearer(alice));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  res = annotate(*c, first, std::to_string(listed["candidate_count"].get<size_t>()), good,
                 bearer(alice));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404) << res->body;
  // 2000 two-byte characters are 2000 characters, within the cap.
  std::string accents;
  for (int i = 0; i < 2000; ++i) accents += "\xC3\xA9";
  res = annotate(*c, first, "0", {{"verdict", "unsure"}, {"note", accents}}, bearer(alice));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  res = annotate(*c, first, "0", good, bearer(alice));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(parse(res->body)["annotation"]["verdict"], "planet");

  // Kept with the search, beside the model's verdict, for every reader of the link.
  json shared = get_json(*c, url, 200);
  const json& candidate = shared["result"]["candidates"][0];
  EXPECT_EQ(candidate["annotation"]["verdict"], "planet");
  EXPECT_EQ(candidate["annotation"]["note"], good["note"]);
  EXPECT_TRUE(candidate["label"].is_string());
  if (shared["result"]["candidates"].size() > 1) {
    EXPECT_TRUE(shared["result"]["candidates"][1]["annotation"].is_null());
  }
  mine = get_json(*c, "/api/v1/me/searches", 200, bearer(alice));
  EXPECT_EQ(mine["searches"][1]["candidates"][0]["annotation"]["verdict"], "planet");

  // Deletion: the owner or an admin; the id then answers 404 everywhere.
  const std::string del = "/api/v1/searches/" + first;
  res = c->Delete(del.c_str());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  res = c->Delete(del.c_str(), bearer(bob));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403) << res->body;
  get_json(*c, url, 200);
  res = c->Delete(del.c_str(), bearer(alice));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 204) << res->body;
  get_json(*c, url, 404);
  get_json(*c, url + "/plot-data", 404);
  res = c->Delete(del.c_str(), bearer(alice));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  res = annotate(*c, first, "0", good, bearer(alice));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  res = c->Delete(("/api/v1/searches/" + second).c_str(), bearer(admin));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 204) << res->body;
  get_json(*c, "/api/v1/searches/" + second, 404);
  mine = get_json(*c, "/api/v1/me/searches", 200, bearer(alice));
  EXPECT_EQ(mine["total"], 0);
  EXPECT_TRUE(mine["searches"].empty());
  // A new upload after deletion is a new search.
  EXPECT_NE(submit(*c, "8", bearer(alice)), first);
}

TEST_F(SearchesKept, PredictWithNoScorableRowIs422WithRowErrors) {
  auto c = client();
  const json none = {{"rows", {"not an object", 5, json::array()}}};
  auto res = c->Post("/api/v1/predict", none.dump(), "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 422) << res->body;
  json out = parse(res->body);
  EXPECT_EQ(out["error"]["code"], "no_scorable_rows");
  ASSERT_EQ(out["errors"].size(), 3u);
  EXPECT_EQ(out["errors"][2]["row"], 2);
  // Not cached as a success: the same request is refused again.
  res = c->Post("/api/v1/predict", none.dump(), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 422);

  // Partial success stays 200 with the failed rows in errors.
  const json koi_row = {{"koi_period", 3.52},
                        {"koi_duration", 2.9},
                        {"koi_depth", 6000},
                        {"koi_prad", 11},
                        {"koi_model_snr", 300}};
  const json some = {{"rows", {koi_row, "not an object"}}};
  res = c->Post("/api/v1/predict", some.dump(), "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  out = parse(res->body);
  EXPECT_EQ(out["predictions"].size(), 1u);
  EXPECT_EQ(out["errors"].size(), 1u);

  // The batch upload: a table in which no row can be scored, twice (the second from cache).
  const std::string bad_csv = "kepoi_name,koi_period\nK1,abc\nK2,\n";
  for (int attempt = 0; attempt < 2; ++attempt) {
    httplib::MultipartFormDataItems items = {{"file", bad_csv, "bad.csv", "text/csv"}};
    res = c->Post("/api/v1/predict/batch", items);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 422) << res->body;
    EXPECT_EQ(parse(res->body)["errors"].size(), 2u);
  }
  const std::string mixed_csv =
      "kepoi_name,koi_period,koi_duration,koi_depth,koi_prad,koi_model_snr\n"
      "K1,3.52,2.9,6000,11,300\nK2,abc,,,,\n";
  httplib::MultipartFormDataItems items = {{"file", mixed_csv, "mixed.csv", "text/csv"}};
  res = c->Post("/api/v1/predict/batch", items);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  out = parse(res->body);
  EXPECT_EQ(out["predictions"].size(), 1u);
  EXPECT_EQ(out["errors"].size(), 1u);
}

}  // namespace
}  // namespace exodetect::test_support
