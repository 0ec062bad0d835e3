// Every route of the API on an in-process loopback server, including auth, roles and CORS.
#include <atomic>
#include <chrono>
#include <cmath>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

#include "exodetect/common/csv.hpp"
#include "exodetect/detect/search_parameters.hpp"
#include "exodetect/server/jobs.hpp"
#include "server_fixture.hpp"

namespace exodetect::test_support {

using common::find_parameter;
using common::parse_csv;
using common::parse_number;
using common::read_file_bytes;
using common::Surface;
using detect::search_parameters;

namespace {

using nlohmann::json;

class ApiTest : public SharedServerSuite {
 protected:
  std::unique_ptr<httplib::Client> client() { return server_->client(); }

  // The first `n` data rows of the KOI export as a CSV text (header included).
  static std::string koi_csv(size_t n) {
    std::istringstream in(read_file_bytes(data_path(kKoiExport)));
    std::string line, out;
    size_t rows = 0;
    bool header = false;
    while (std::getline(in, line) && rows < n) {
      if (line.empty() || line[0] == '#') continue;
      out += line + "\n";
      if (header) ++rows;
      header = true;
    }
    return out;
  }

  static json koi_rows(size_t n) {
    const auto table = parse_csv(koi_csv(n));
    json rows = json::array();
    for (const auto& r : table.rows) {
      json row = json::object();
      for (size_t i = 0; i < table.header.size(); ++i) {
        if (table.header[i].rfind("koi_", 0) != 0) continue;
        if (auto v = parse_number(r[i])) row[table.header[i]] = *v;
      }
      rows.push_back(row);
    }
    return rows;
  }
};

TEST_F(ApiTest, HealthReportsModelBackendsAndEchoesRequestId) {
  auto c = client();
  auto res = c->Get("/health", {{"X-Request-Id", "abc-123"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("X-Request-Id"), "abc-123");
  auto h = parse(res->body);
  EXPECT_EQ(h["status"], "ok");
  EXPECT_TRUE(h["model"]["loaded"].get<bool>());
  EXPECT_TRUE(h["model"]["id"].is_string());
  EXPECT_EQ(h["cache"]["backend"], "embedded");
  EXPECT_TRUE(h["queue"]["reachable"].get<bool>());
  EXPECT_TRUE(h["queue"]["depth"].is_number_integer());
  EXPECT_GE(h["uptime_s"].get<double>(), 0.0);
  // A malformed request id is replaced by a generated one.
  res = c->Get("/health", {{"X-Request-Id", "bad id with spaces"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("X-Request-Id").size(), 16u);
}

// Every $ref in the document must name an existing schema.
void check_refs(const json& node, const json& schemas, const std::string& where) {
  if (node.is_object()) {
    if (node.contains("$ref")) {
      const std::string ref = node["$ref"];
      const std::string name = ref.substr(ref.rfind('/') + 1);
      EXPECT_TRUE(schemas.contains(name)) << where << ": dangling " << ref;
    }
    for (const auto& [k, v] : node.items()) check_refs(v, schemas, where + "/" + k);
  } else if (node.is_array()) {
    for (const auto& v : node) check_refs(v, schemas, where);
  }
}

TEST_F(ApiTest, OpenApiDescribesEveryRouteWithErrors) {
  auto c = client();
  auto res = c->Get("/openapi.json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  auto doc = parse(res->body);
  EXPECT_EQ(doc["openapi"].get<std::string>().substr(0, 2), "3.");
  std::set<std::string> ids;
  for (const auto& route : server_->api().router().routes()) {
    std::string method = route.method;
    std::transform(method.begin(), method.end(), method.begin(), ::tolower);
    ASSERT_TRUE(doc["paths"].contains(route.pattern)) << route.pattern;
    const auto& op = doc["paths"][route.pattern][method];
    ASSERT_TRUE(op.is_object()) << route.method << " " << route.pattern;
    EXPECT_EQ(op["operationId"], route.operation_id);
    EXPECT_TRUE(ids.insert(route.operation_id).second) << "duplicate " << route.operation_id;
    EXPECT_TRUE(op["responses"].contains("500")) << route.pattern;
    // The transport's answers on every path: slow, oversized or encoded bodies, connection caps.
    for (const char* code : {"408", "413", "415", "429"}) {
      EXPECT_TRUE(op["responses"].contains(code)) << route.pattern << " " << code;
    }
    bool has_success = false;
    for (const auto& [code, r] : op["responses"].items()) {
      has_success |= code[0] == '2';
      // A Response Object: a description and, when it has a body, media types with schemas.
      ASSERT_TRUE(r.is_object()) << route.pattern << " " << code << ": " << r.dump();
      EXPECT_TRUE(r["description"].is_string()) << route.pattern << " " << code;
      if (r.contains("content")) {
        ASSERT_TRUE(r["content"].is_object()) << route.pattern << " " << code;
        for (const auto& [type, media] : r["content"].items()) {
          EXPECT_TRUE(media.is_object() && media.contains("schema"))
              << route.pattern << " " << code << " " << type;
        }
      }
    }
    EXPECT_TRUE(has_success) << route.pattern;
    if (route.access == server::Access::kAdmin) {
      EXPECT_TRUE(op["responses"].contains("403")) << route.pattern;
      EXPECT_TRUE(op.contains("security"));
    }
    if (route.pattern.find("{id}") != std::string::npos) {
      EXPECT_TRUE(op["responses"].contains("404")) << route.pattern;
    }
    // The shared descriptions hold for every route that lists the status: the auth routes'
    // 503 is auth_unavailable, and no route answers 409 for a taken email.
    if (op["responses"].contains("503")) {
      const std::string text = op["responses"]["503"]["description"];
      const bool auth = route.pattern.rfind("/api/v1/auth/", 0) == 0;
      EXPECT_NE(text.find(auth ? "auth_unavailable" : "model_unavailable"), std::string::npos)
          << route.pattern << ": " << text;
    }
    if (op["responses"].contains("409")) {
      const std::string text = op["responses"]["409"]["description"];
      EXPECT_EQ(text.find("email"), std::string::npos) << route.pattern << ": " << text;
    }
  }
  EXPECT_GE(ids.size(), 20u);
  check_refs(doc["paths"], doc["components"]["schemas"], "paths");
  check_refs(doc["components"], doc["components"]["schemas"], "components");
}

TEST_F(ApiTest, ParametersAreRefusedAndDocumentedFromTheirTable) {
  // The search form and the training request are the parameter tables' (parameters_test.cpp).
  auto res = client()->Get("/openapi.json");
  ASSERT_TRUE(res);
  const auto doc = parse(res->body);
  const auto& form = doc["paths"]["/api/v1/searches"]["post"]["requestBody"]["content"]
                        ["multipart/form-data"]["schema"]["properties"];
  const auto& period_min = find_parameter(search_parameters(), "period_min", Surface::kApi)->spec;
  EXPECT_EQ(form["period_min"], period_min.schema(true));
  EXPECT_EQ(form["period_min"]["minimum"], 0.01);
  EXPECT_EQ(form["period_min"]["default"], 0.5);
  EXPECT_TRUE(form.contains("file"));
  EXPECT_FALSE(form.contains("threads"));
  const auto& train = doc["components"]["schemas"]["TrainRequest"]["properties"];
  EXPECT_EQ(train["n_trees"]["maximum"], 5000);
  EXPECT_EQ(train["catalog"]["default"], "koi");
  EXPECT_FALSE(train.contains("early_stopping_rounds"));

  auto c = client();
  auto refused = test_support::submit_search(*c, {{"star.csv", "time,flux\n1,1\n"}},
                                             {{"period_min", "20000"}});
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
  std::string expected;
  try {
    period_min.parse_text("20000", Surface::kApi);
  } catch (const std::invalid_argument& e) {
    expected = e.what();
  }
  EXPECT_EQ(parse(refused->body)["error"]["message"], expected);
}

TEST_F(ApiTest, DocsPageIsSelfContained) {
  auto c = client();
  auto res = c->Get("/docs");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->get_header_value("Content-Type").find("text/html"), std::string::npos);
  EXPECT_NE(res->body.find("/openapi.json"), std::string::npos);
  EXPECT_EQ(res->body.find("<script src"), std::string::npos);
  EXPECT_EQ(res->body.find("<link"), std::string::npos);
  EXPECT_EQ(res->body.find("cdn"), std::string::npos);
}

// The server corks a keep-alive connection's socket while httplib writes a response's head and
// body, and uncorks it after. A cork left in place would hold every response back for the
// kernel's 200 ms ceiling: 40 requests would then take 8 s.
TEST_F(ApiTest, KeepAliveResponsesAreNotHeldBack) {
  auto c = client();
  c->set_keep_alive(true);
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 40; ++i) {
    auto res =
        i % 2 ? c->Get("/health")
              : c->Post("/api/v1/predict", json{{"rows", koi_rows(1)}, {"top_features", i}}.dump(),
                        "application/json");
    ASSERT_TRUE(res) << "request " << i;
    ASSERT_EQ(res->status, 200) << res->body;
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(4));
}

TEST_F(ApiTest, PredictScoresRowsExplainsAndCaches) {
  auto c = client();
  json rows = koi_rows(6);
  rows.push_back("not an object");
  const std::string body = json{{"rows", rows}, {"top_features", 5}}.dump();
  auto res = c->Post("/api/v1/predict", body, "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(res->get_header_value("X-Cache"), "miss");
  auto out = parse(res->body);
  ASSERT_EQ(out["predictions"].size(), 6u);
  for (const auto& p : out["predictions"]) {
    const double prob = p["planet_probability"];
    EXPECT_GE(prob, 0.0);
    EXPECT_LE(prob, 1.0);
    EXPECT_TRUE(p["label"].is_string());
    EXPECT_FALSE(p["explanation"].empty());
    EXPECT_LE(p["explanation"].size(), 5u);
  }
  ASSERT_EQ(out["errors"].size(), 1u);
  EXPECT_EQ(out["errors"][0]["row"], 6);
  EXPECT_TRUE(out["model"]["active"].get<bool>());

  // A member the API does not read is refused by name, not ignored.
  auto typo = c->Post("/api/v1/predict", json{{"rows", koi_rows(1)}, {"top_feature", 3}}.dump(),
                      "application/json");
  ASSERT_TRUE(typo);
  EXPECT_EQ(typo->status, 400);
  EXPECT_NE(typo->body.find("unknown member 'top_feature'"), std::string::npos) << typo->body;

  auto again = c->Post("/api/v1/predict", body, "application/json");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200);
  EXPECT_EQ(again->get_header_value("X-Cache"), "hit");
  EXPECT_EQ(again->body, res->body);
  auto metrics = c->Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->body.find("exodetect_cache_hits_total 0\n"), std::string::npos);
}

TEST_F(ApiTest, PredictBatchAnswersJsonOrCsv) {
  auto c = client();
  const std::string csv = koi_csv(20);
  httplib::MultipartFormDataItems items = {{"file", csv, "koi.csv", "text/csv"}};
  auto res = c->Post("/api/v1/predict/batch", items);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  auto out = parse(res->body);
  EXPECT_EQ(out["predictions"].size() + out["errors"].size(), 20u);
  EXPECT_GE(out["predictions"].size(), 15u);
  EXPECT_TRUE(out["predictions"][0]["id"].get<std::string>().rfind("K0", 0) == 0);

  auto as_csv = c->Post("/api/v1/predict/batch", {{"Accept", "text/csv"}}, items);
  ASSERT_TRUE(as_csv);
  ASSERT_EQ(as_csv->status, 200);
  EXPECT_NE(as_csv->get_header_value("Content-Type").find("text/csv"), std::string::npos);
  // The export's own id and disposition columns ride along (ml::kKeptInputColumns).
  EXPECT_EQ(as_csv->body.rfind("row,kepid,kepoi_name,kepler_name,koi_disposition,koi_pdisposition,"
                               "id,planet_probability,label,scored_with,top_features,error\n",
                               0),
            0u)
      << as_csv->body.substr(0, 200);
  EXPECT_EQ(std::count(as_csv->body.begin(), as_csv->body.end(), '\n'), 21);
}

TEST_F(ApiTest, SearchRunsToCompletionWithEventsAndPlotData) {
  auto c = client();
  const std::string bytes = read_file_bytes(data_path(kWasp126));
  const std::vector<std::pair<std::string, std::string>> fields = {{"period_min", "1"},
                                                                   {"period_max", "8"}};
  auto res = submit_search(*c, {{"wasp126.fits", bytes}}, fields);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 202) << res->body;
  auto accepted = parse(res->body);
  const std::string id = accepted["id"];
  EXPECT_EQ(accepted["status_url"], "/api/v1/searches/" + id);

  // Server-sent events: progress first, then the result, then the stream ends.
  std::string events;
  auto sse =
      c->Get(("/api/v1/searches/" + id + "/events").c_str(), [&](const char* data, size_t n) {
        events.append(data, n);
        return true;
      });
  ASSERT_TRUE(sse);
  EXPECT_EQ(sse->status, 200);
  EXPECT_NE(events.find("event: progress"), std::string::npos) << events.substr(0, 500);
  const size_t result_at = events.find("event: result\ndata: ");
  ASSERT_NE(result_at, std::string::npos) << events.substr(0, 2000);
  auto from_events =
      parse(events.substr(result_at + 20, events.find("\n\n", result_at) - result_at - 20));
  EXPECT_EQ(from_events["status"], "done");

  auto job = wait_for_job(*c, "/api/v1/searches/" + id);
  ASSERT_EQ(job["status"], "done") << job.dump().substr(0, 1000);
  EXPECT_DOUBLE_EQ(job["progress"].get<double>(), 1.0);
  const auto& candidates = job["result"]["candidates"];
  ASSERT_FALSE(candidates.empty());
  // WASP-126 b: P = 3.2888 d (data/SOURCES.md).
  EXPECT_NEAR(candidates[0]["period"].get<double>(), 3.2888, 0.01);
  EXPECT_TRUE(candidates[0].contains("planet_probability"));
  EXPECT_FALSE(job["result"].contains("plot_data"));

  auto plot = c->Get(("/api/v1/searches/" + id + "/plot-data?points=500").c_str());
  ASSERT_TRUE(plot);
  ASSERT_EQ(plot->status, 200) << plot->body.substr(0, 300);
  auto p500 = parse(plot->body);
  EXPECT_EQ(p500["points_level"], 500);
  auto plot_big = c->Get(("/api/v1/searches/" + id + "/plot-data?points=3000").c_str());
  ASSERT_TRUE(plot_big);
  ASSERT_EQ(plot_big->status, 200);
  EXPECT_EQ(parse(plot_big->body)["points_level"], 8000);
  EXPECT_GT(plot_big->body.size(), plot->body.size());

  // The same upload and parameters are answered with the same job.
  auto again = submit_search(*c, {{"wasp126.fits", bytes}}, fields);
  ASSERT_TRUE(again);
  ASSERT_EQ(again->status, 202);
  EXPECT_EQ(parse(again->body)["id"], id);
  EXPECT_TRUE(parse(again->body)["cached"].get<bool>());

  auto metrics = c->Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_NE(metrics->body.find(
                "exodetect_job_duration_seconds_count{type=\"search\",outcome=\"done\"} 1"),
            std::string::npos);
  EXPECT_NE(metrics->body.find("exodetect_jobs{type=\"search\",state=\"done\"} 1"),
            std::string::npos);
}

TEST_F(ApiTest, CatalogPagesFiltersSortsAndScores) {
  auto c = client();
  auto res = c->Get("/api/v1/catalog/koi?limit=5");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  auto page = parse(res->body);
  EXPECT_EQ(page["rows"].size(), 5u);
  EXPECT_GT(page["total"].get<int>(), 9000);

  res = c->Get("/api/v1/catalog/koi?q=K00752&limit=50");
  ASSERT_TRUE(res);
  page = parse(res->body);
  bool found = false;
  for (const auto& r : page["rows"]) found |= r["id"] == "K00752.01";
  EXPECT_TRUE(found);

  res = c->Get(
      "/api/v1/catalog/"
      "koi?disposition=CONFIRMED&range=koi_period:1:2&sort=koi_period&order=desc&limit=100");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  page = parse(res->body);
  ASSERT_FALSE(page["rows"].empty());
  double previous = 1e9;
  for (const auto& r : page["rows"]) {
    EXPECT_EQ(r["disposition"], "CONFIRMED");
    const double period = r["koi_period"];
    EXPECT_GE(period, 1.0);
    EXPECT_LE(period, 2.0);
    EXPECT_LE(period, previous);
    previous = period;
  }

  res = c->Get("/api/v1/catalog/koi/K00752.01");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  auto object = parse(res->body);
  EXPECT_EQ(object["id"], "K00752.01");
  ASSERT_TRUE(object["model_score"].is_object()) << res->body;
  EXPECT_GE(object["model_score"]["planet_probability"].get<double>(), 0.0);

  for (const char* name : {"toi", "k2"}) {
    res = c->Get((std::string("/api/v1/catalog/") + name + "?limit=3").c_str());
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << name << res->body;
    EXPECT_EQ(parse(res->body)["rows"].size(), 3u);
  }
  res = c->Get("/api/v1/catalog/koi/K99999.99");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
}

TEST_F(ApiTest, ModelsListAndCard) {
  auto c = client();
  auto res = c->Get("/api/v1/models");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  auto list = parse(res->body);
  ASSERT_FALSE(list["models"].empty());
  const std::string id = list["active"];
  res = c->Get(("/api/v1/models/" + id).c_str());
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  auto card = parse(res->body);
  EXPECT_EQ(card["id"], id);
  EXPECT_TRUE(card["active"].get<bool>());
  EXPECT_TRUE(card["metrics"].contains("roc_auc"));
  EXPECT_TRUE(card["metrics"].contains("confusion_matrix"));
  res = c->Get("/api/v1/models/no-such-model");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
}

TEST_F(ApiTest, SignupLoginMeAndRoles) {
  auto c = client();
  json creds = {{"email", "Alice@Example.org"}, {"password", "correct horse"}};
  auto res = c->Post("/api/v1/auth/signup", creds.dump(), "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 202) << res->body;

  const std::string token = login(*c, "alice@example.org", "correct horse");
  res = c->Get("/api/v1/auth/me", bearer(token));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  EXPECT_EQ(parse(res->body)["email"], "alice@example.org");
  EXPECT_EQ(parse(res->body)["role"], "user");

  res = c->Post("/api/v1/auth/login",
                json{{"email", "alice@example.org"}, {"password", "wrong one"}}.dump(),
                "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  EXPECT_EQ(parse(res->body)["error"]["code"], "invalid_credentials");

  res = c->Post("/api/v1/models/train", bearer(token), "{}", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  res = c->Post("/api/v1/models/x/activate", bearer(token), "", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  res = c->Get("/api/v1/auth/me");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
}

TEST_F(ApiTest, AdminTrainsAndActivatesWithoutDisturbingPredictions) {
  auto c = client();
  const std::string admin = login(*c, kAdminEmail, kAdminPassword);
  auto res = c->Post(
      "/api/v1/models/train", bearer(admin),
      json{{"catalog", "koi"}, {"n_trees", 10}, {"folds", 2}, {"max_depth", 3}, {"bags", 2}}.dump(),
      "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 202) << res->body;
  const std::string url = parse(res->body)["status_url"];
  auto job = wait_for_job(*c, url, bearer(admin), std::chrono::seconds(300));
  ASSERT_EQ(job["status"], "done") << job.dump().substr(0, 500);
  const std::string new_id = job["result"]["model"]["id"];
  EXPECT_EQ(parse(c->Get("/api/v1/models/" + new_id)->body)["hyperparameters"]["bags"], 2);

  auto list = parse(c->Get("/api/v1/models")->body);
  const std::string old_id = list["active"];
  ASSERT_NE(old_id, new_id);
  ASSERT_GE(list["models"].size(), 2u);

  // Predictions run while the active model flips back and forth; none may fail.
  const std::string body = json{{"rows", koi_rows(3)}}.dump();
  std::atomic<bool> done{false};
  std::atomic<int> failures{0}, answered{0};
  std::vector<std::thread> clients;
  for (int t = 0; t < 4; ++t) {
    clients.emplace_back([&, t] {
      auto cc = server_->client();
      int i = 0;
      while (!done) {
        // A distinct top_features per request defeats the cache so the model really runs.
        json b = json::parse(body);
        b["top_features"] = (t * 1000 + i++) % 60;
        auto r = cc->Post("/api/v1/predict", b.dump(), "application/json");
        if (!r || r->status != 200) ++failures;
        ++answered;
      }
    });
  }
  for (int i = 0; i < 10; ++i) {
    const std::string target = i % 2 == 0 ? new_id : old_id;
    auto a = c->Post(("/api/v1/models/" + target + "/activate").c_str(), bearer(admin), "",
                     "application/json");
    ASSERT_TRUE(a);
    ASSERT_EQ(a->status, 200) << a->body;
    std::this_thread::sleep_for(std::chrono::milliseconds(30));
  }
  done = true;
  for (auto& t : clients) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_GT(answered.load(), 10);

  auto a = c->Post(("/api/v1/models/" + new_id + "/activate").c_str(), bearer(admin), "",
                   "application/json");
  ASSERT_EQ(a->status, 200);
  EXPECT_EQ(parse(c->Get("/health")->body)["model"]["id"], new_id);
  auto p = c->Post("/api/v1/predict", body, "application/json");
  EXPECT_EQ(parse(p->body)["model"]["id"], new_id);
  a = c->Post(("/api/v1/models/" + old_id + "/activate").c_str(), bearer(admin), "",
              "application/json");
  ASSERT_EQ(a->status, 200);
  a = c->Post("/api/v1/models/no-such-model/activate", bearer(admin), "", "application/json");
  EXPECT_EQ(a->status, 404);
}

TEST_F(ApiTest, CorsAllowListAndPreflight) {
  auto c = client();
  auto res = c->Get("/health", {{"Origin", "http://localhost:3000"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->get_header_value("Access-Control-Allow-Origin"), "http://localhost:3000");
  res = c->Get("/health", {{"Origin", "http://evil.example"}});
  ASSERT_TRUE(res);
  EXPECT_FALSE(res->has_header("Access-Control-Allow-Origin"));
  res = c->Options("/api/v1/predict", {{"Origin", "http://localhost:3000"},
                                       {"Access-Control-Request-Method", "POST"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 204);
  EXPECT_NE(res->get_header_value("Access-Control-Allow-Methods").find("POST"), std::string::npos);
  EXPECT_NE(res->get_header_value("Access-Control-Allow-Headers").find("Authorization"),
            std::string::npos);
}

TEST_F(ApiTest, MetricsExposeRoutesLatencyAndQueue) {
  auto c = client();
  c->Get("/health");
  c->Get("/nope");
  auto res = c->Get("/metrics");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  const std::string& m = res->body;
  EXPECT_NE(
      m.find("exodetect_http_requests_total{method=\"GET\",route=\"/health\",status=\"200\"}"),
      std::string::npos);
  EXPECT_NE(
      m.find("exodetect_http_requests_total{method=\"any\",route=\"unmatched\",status=\"404\"}"),
      std::string::npos);
  EXPECT_NE(m.find("exodetect_http_request_duration_seconds_bucket{method=\"GET\",route=\"/"
                   "health\",le=\"+Inf\"}"),
            std::string::npos);
  EXPECT_NE(m.find("exodetect_queue_depth "), std::string::npos);
  EXPECT_NE(m.find("exodetect_cache_misses_total "), std::string::npos);
  EXPECT_NE(m.find("exodetect_jobs{type=\"search\",state=\"queued\"}"), std::string::npos);
}

}  // namespace
}  // namespace exodetect::test_support
