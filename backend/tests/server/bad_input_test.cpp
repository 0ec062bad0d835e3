// Bad input of every kind is answered with the right 4xx and a JSON error, and the server stays
// healthy afterwards.
#include <random>

#include <gtest/gtest.h>

#include "exodetect/server/jwt.hpp"
#include "server_fixture.hpp"

namespace exodetect::test_support {

using common::read_file_bytes;

namespace {

using nlohmann::json;

struct BadCase {
  std::string name;
  std::function<httplib::Result(httplib::Client&, const std::string& user,
                                const std::string& admin)>
      send;
  int status;
  std::string code;  // expected error code; empty: any
};

std::string random_bytes(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::string out(n, '\0');
  for (auto& c : out) c = char(rng() & 0xff);
  return out;
}

httplib::Result post_json(httplib::Client& c, const std::string& path, const std::string& body,
                          const httplib::Headers& headers = {}) {
  return c.Post(path.c_str(), headers, body, "application/json");
}

httplib::Result upload(httplib::Client& c, const std::string& path, const std::string& bytes,
                       const std::string& name) {
  httplib::MultipartFormDataItems items = {{"file", bytes, name, "application/octet-stream"}};
  return c.Post(path.c_str(), items);
}

std::vector<BadCase> cases() {
  const std::string predict = "/api/v1/predict";
  const std::string searches = "/api/v1/searches";
  const std::string wasp = read_file_bytes(data_path(kWasp126));
  auto search_with = [=](std::vector<std::pair<std::string, std::string>> fields) {
    return [=](httplib::Client& c, const std::string&, const std::string&) {
      return submit_search(c, {{"wasp126.fits", wasp}}, fields);
    };
  };
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  return {
      {"malformed JSON",
       [=](auto& c, auto&, auto&) { return post_json(c, predict, "{\"rows\": [{"); }, 400,
       "malformed_json"},
      {"empty body", [=](auto& c, auto&, auto&) { return post_json(c, predict, ""); }, 400,
       "empty_body"},
      {"JSON that is not an object",
       [=](auto& c, auto&, auto&) { return post_json(c, predict, "[1,2]"); }, 400, "bad_request"},
      {"rows not an array",
       [=](auto& c, auto&, auto&) { return post_json(c, predict, R"({"rows": "koi_period=3"})"); },
       400, "bad_request"},
      {"empty rows",
       [=](auto& c, auto&, auto&) { return post_json(c, predict, R"({"rows": []})"); }, 400,
       "bad_request"},
      {"string for a number",
       [=](auto& c, auto&, auto&) {
         return post_json(c, predict, R"({"rows": [{"koi_period": 3}], "top_features": "five"})");
       },
       400, "bad_request"},
      {"NaN literal in JSON",
       [=](auto& c, auto&, auto&) {
         return post_json(c, predict, R"({"rows": [{"koi_period": NaN}]})");
       },
       400, "malformed_json"},
      {"NaN search parameter", search_with({{"period_min", "nan"}}), 400, "bad_request"},
      {"string search parameter", search_with({{"max_planets", "many"}}), 400, "bad_request"},
      {"negative period", search_with({{"period_min", "-3"}}), 400, "bad_request"},
      {"period_max below period_min", search_with({{"period_min", "5"}, {"period_max", "2"}}), 400,
       "bad_request"},
      {"unknown search parameter", search_with({{"periodmin", "1"}}), 400, "bad_request"},
      {"search parameter given twice", search_with({{"period_min", "1"}, {"period_min", "2"}}), 400,
       "bad_request"},
      {"impossible stellar radius", search_with({{"radius", "-1"}}), 400, "bad_request"},
      {"impossible stellar teff", search_with({{"teff", "50"}}), 400, "bad_request"},
      {"garbled target", search_with({{"target", "TIC abc"}}), 400, "bad_request"},
      {"target in no catalogue", search_with({{"target", "TIC 1"}}), 400, "unknown_target"},
      {"random bytes as a light curve",
       [=](auto& c, auto&, auto&) {
         return upload(c, searches, random_bytes(50000, 7), "junk.fits");
       },
       400, "invalid_light_curve"},
      {"gzip-looking junk",
       [=](auto& c, auto&, auto&) {
         return upload(c, searches, "\x1f\x8b" + random_bytes(5000, 8), "junk.fits.gz");
       },
       400, ""},
      {"empty file", [=](auto& c, auto&, auto&) { return upload(c, searches, "", "empty.fits"); },
       400, "empty_file"},
      {"three points",
       [=](auto& c, auto&, auto&) {
         return upload(c, searches, "time,flux\n1.0,1.0\n2.0,0.99\n3.0,1.01\n", "three.csv");
       },
       400, "invalid_light_curve"},
      {"zero-centred flux with no unit",
       [=](auto& c, auto&, auto&) {
         std::string csv = "time,dflux\n";
         for (int i = 0; i < 200; ++i) {
           csv +=
               std::to_string(1000.0 + 0.02 * i) + "," + std::to_string((i % 7 - 3) * 1e-4) + "\n";
         }
         return upload(c, searches, csv, "dflux.csv");
       },
       400, "invalid_light_curve"},
      {"unknown flux unit", search_with({{"flux_unit", "furlongs"}}), 400, "bad_request"},
      {"no file part",
       [=](auto& c, auto&, auto&) {
         httplib::MultipartFormDataItems items = {{"period_min", "1", "", ""}};
         return c.Post(searches.c_str(), items);
       },
       400, "missing_file"},
      {"upload over the limit",
       [=](auto& c, auto&, auto&) {
         return upload(c, searches, std::string(3u << 20, 'x'), "big.csv");
       },
       413, "payload_too_large"},
      {"JSON body over the limit",
       [=](auto& c, auto&, auto&) { return post_json(c, predict, std::string(3u << 20, ' ')); },
       413, "payload_too_large"},
      {"binary junk CSV to batch predict",
       [=](auto& c, auto&, auto&) {
         return upload(c, "/api/v1/predict/batch", random_bytes(20000, 9), "junk.csv");
       },
       400, ""},
      {"batch predict without file",
       [=](auto& c, auto&, auto&) { return post_json(c, "/api/v1/predict/batch", "{}"); }, 400,
       "missing_file"},
      {"unknown job id",
       [=](auto& c, auto&, auto&) {
         return c.Get("/api/v1/searches/0123456789abcdef0123456789abcdef");
       },
       404, "not_found"},
      {"malformed job id", [=](auto& c, auto&, auto&) { return c.Get("/api/v1/searches/ZZZ"); },
       400, "invalid_id"},
      {"path-like job id (encoded)",
       [=](auto& c, auto&, auto&) { return c.Get("/api/v1/searches/..%2F..%2Fetc%2Fpasswd"); }, 404,
       ""},
      {"path-like job id (dots)",
       [=](auto& c, auto&, auto&) { return c.Get("/api/v1/searches/..%2e"); }, 400, "invalid_id"},
      {"path-like plot-data id",
       [=](auto& c, auto&, auto&) { return c.Get("/api/v1/searches/....etc.passwd/plot-data"); },
       400, "invalid_id"},
      {"bad plot points",
       [=](auto& c, auto&, auto&) {
         return c.Get("/api/v1/searches/0123456789abcdef0123456789abcdef/plot-data?points=-5");
       },
       404, ""},
      {"catalog limit not a number",
       [=](auto& c, auto&, auto&) { return c.Get("/api/v1/catalog/koi?limit=ten"); }, 400,
       "bad_request"},
      {"catalog bad range",
       [=](auto& c, auto&, auto&) { return c.Get("/api/v1/catalog/koi?range=koi_period:abc:2"); },
       400, "bad_request"},
      {"catalog unknown sort column",
       [=](auto& c, auto&, auto&) { return c.Get("/api/v1/catalog/koi?sort=no_such_column"); }, 400,
       "bad_request"},
      {"unknown catalog", [=](auto& c, auto&, auto&) { return c.Get("/api/v1/catalog/../etc"); },
       404, ""},
      {"unknown route", [=](auto& c, auto&, auto&) { return c.Get("/api/v2/everything"); }, 404,
       "not_found"},
      {"wrong method", [=](auto& c, auto&, auto&) { return c.Delete("/api/v1/predict"); }, 405,
       "method_not_allowed"},
      {"missing token", [=](auto& c, auto&, auto&) { return c.Get("/api/v1/auth/me"); }, 401,
       "unauthorized"},
      {"forged token",
       [=](auto& c, auto&, auto&) {
         const std::string forged = server::jwt_sign(
             {{"sub", kAdminEmail}, {"role", "admin"}, {"exp", now + 600}}, "not-the-secret");
         return c.Post("/api/v1/models/train", bearer(forged), "{}", "application/json");
       },
       401, "invalid_token"},
      {"alg none token",
       [=](auto& c, auto&, auto&) {
         const std::string none =
             server::base64url_encode(R"({"alg":"none","typ":"JWT"})") + "." +
             server::base64url_encode(
                 json{{"sub", kAdminEmail}, {"role", "admin"}, {"exp", now + 600}}.dump()) +
             ".";
         return c.Get("/api/v1/auth/me", bearer(none));
       },
       401, "invalid_token"},
      {"expired token",
       [=](auto& c, auto&, auto&) {
         const std::string expired = server::jwt_sign(
             {{"sub", kAdminEmail}, {"role", "admin"}, {"exp", now - 10}}, kSecret);
         return c.Get("/api/v1/auth/me", bearer(expired));
       },
       401, "invalid_token"},
      {"not a bearer header",
       [=](auto& c, auto&, auto&) {
         return c.Get("/api/v1/auth/me", {{"Authorization", "Basic YWRtaW46YWRtaW4="}});
       },
       401, "invalid_token"},
      {"non-admin training",
       [=](auto& c, auto& user, auto&) {
         return c.Post("/api/v1/models/train", bearer(user), "{}", "application/json");
       },
       403, "forbidden"},
      {"non-admin activation",
       [=](auto& c, auto& user, auto&) {
         return c.Post("/api/v1/models/abc/activate", bearer(user), "", "application/json");
       },
       403, "forbidden"},
      {"training with a string for a number",
       [=](auto& c, auto&, auto& admin) {
         return c.Post("/api/v1/models/train", bearer(admin), R"({"n_trees": "lots"})",
                       "application/json");
       },
       400, "bad_request"},
      {"training with more bagged boosters than inner folds",
       [=](auto& c, auto&, auto& admin) {
         return c.Post("/api/v1/models/train", bearer(admin), R"({"bags": 9})", "application/json");
       },
       400, "bad_request"},
      {"training with unknown catalog",
       [=](auto& c, auto&, auto& admin) {
         return c.Post("/api/v1/models/train", bearer(admin), R"({"catalog": "../../etc"})",
                       "application/json");
       },
       400, "bad_request"},
      {"activating a path-like model id",
       [=](auto& c, auto&, auto& admin) {
         return c.Post("/api/v1/models/..%2F..%2Fx/activate", bearer(admin), "",
                       "application/json");
       },
       404, ""},
      {"signup with an invalid email",
       [=](auto& c, auto&, auto&) {
         return post_json(c, "/api/v1/auth/signup",
                          R"({"email": "nobody", "password": "long enough"})");
       },
       400, "invalid_email"},
      {"signup with a short password",
       [=](auto& c, auto&, auto&) {
         return post_json(c, "/api/v1/auth/signup", R"({"email": "a@b.org", "password": "short"})");
       },
       400, "weak_password"},
      // Each has no one meaning: a 400 names it rather than a 200 taking part of what was sent.
      {"a query parameter given twice",
       [=](auto& c, auto& user, auto&) {
         return c.Get("/api/v1/me/searches?limit=5&limit=50", bearer(user));
       },
       400, "bad_request"},
      {"a batch of two files",
       [=](auto& c, auto&, auto&) {
         const std::string table = "koi_period,koi_duration,koi_depth\n3.2888,3.44,7006\n";
         httplib::MultipartFormDataItems items = {
             {"file", table, "a.csv", "text/csv"},
             {"file", table + "4.1,2.5,900\n", "b.csv", "text/csv"}};
         return c.Post("/api/v1/predict/batch", items);
       },
       400, "bad_request"},
      {"a batch with a field it does not take",
       [=](auto& c, auto&, auto&) {
         httplib::MultipartFormDataItems items = {
             {"file", "koi_period,koi_duration,koi_depth\n3.2888,3.44,7006\n", "a.csv", "text/csv"},
             {"top_features", "64", "", ""}};
         return c.Post("/api/v1/predict/batch", items);
       },
       400, "bad_request"},
      {"signup with a member it does not read",
       [=](auto& c, auto&, auto&) {
         return post_json(c, "/api/v1/auth/signup",
                          R"({"email": "a@b.org", "password": "long enough", "role": "admin"})");
       },
       400, "bad_request"},
      {"login with a member it does not read",
       [=](auto& c, auto&, auto&) {
         return post_json(c, "/api/v1/auth/login",
                          R"({"email": "a@b.org", "password": "long enough", "remember": true})");
       },
       400, "bad_request"},
      {"login with a number as password",
       [=](auto& c, auto&, auto&) {
         return post_json(c, "/api/v1/auth/login", R"({"email": "a@b.org", "password": 12345678})");
       },
       400, "bad_request"},
  };
}

TEST(BadInput, EveryCaseGetsA4xxJsonErrorAndTheServerStaysHealthy) {
  TempDir dir;
  LoopbackServer server(test_config(dir.path()), /*run_workers=*/false);
  auto c = server.client();
  auto signup =
      c->Post("/api/v1/auth/signup",
              R"({"email": "user@example.org", "password": "user-password"})", "application/json");
  ASSERT_TRUE(signup);
  ASSERT_EQ(signup->status, 202);
  const std::string user = login(*c, "user@example.org", "user-password");
  const std::string admin = login(*c, kAdminEmail, kAdminPassword);

  const auto table = cases();
  EXPECT_GE(table.size(), 15u);
  for (const auto& bad : table) {
    SCOPED_TRACE(bad.name);
    auto res = bad.send(*c, user, admin);
    ASSERT_TRUE(res) << "no response: " << httplib::to_string(res.error());
    EXPECT_EQ(res->status, bad.status) << res->body.substr(0, 300);
    EXPECT_GE(res->status, 400);
    EXPECT_LT(res->status, 500);
    auto body = json::parse(res->body, nullptr, false);
    ASSERT_TRUE(body.is_object()) << res->body.substr(0, 300);
    ASSERT_TRUE(body.contains("error"));
    EXPECT_TRUE(body["error"]["code"].is_string());
    EXPECT_FALSE(body["error"]["message"].get<std::string>().empty());
    if (!bad.code.empty()) {
      EXPECT_EQ(body["error"]["code"], bad.code);
    }
    // The server still answers between cases (a new connection after a 413 close).
    auto health = server.client()->Get("/health");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200);
  }
  auto health = parse(c->Get("/health")->body);
  EXPECT_EQ(health["status"], "ok");
  EXPECT_EQ(health["queue"]["depth"], 0);  // nothing bad was queued
}

}  // namespace
}  // namespace exodetect::test_support
