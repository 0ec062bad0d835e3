// Accounts and tokens against a real server on both user stores (SQLite in the data dir, Redis):
// logout revokes tokens, roles come from the store, signup and login reveal no accounts, failed
// attempts per account are throttled, oversized credentials are refused, and an unreachable
// store is a 503.
#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "exodetect/server/jwt.hpp"
#include "process_fixture.hpp"
#include "server_fixture.hpp"
#include "store/redis_fixture.hpp"

namespace exodetect::test_support {
namespace {

using nlohmann::json;

constexpr const char* kPassword = "correct horse battery";

httplib::Result post_credentials(httplib::Client& c, const std::string& route,
                                 const std::string& email, const std::string& password) {
  return c.Post(("/api/v1/auth/" + route).c_str(),
                json{{"email", email}, {"password", password}}.dump(), "application/json");
}

int status_of(const httplib::Result& res) { return res ? res->status : -1; }

// The same tests on the embedded store and on Redis.
class AuthTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    if (redis() && !RedisServer::available()) GTEST_SKIP() << "redis-server not installed";
    if (redis()) redis_ = std::make_unique<RedisServer>();
  }
  bool redis() const { return GetParam(); }

  server::ServerConfig config() {
    auto c = test_config(dir_.path());
    if (redis_) c.store.redis_url = redis_->url();
    return c;
  }
  void start(server::ServerConfig c) { server_ = std::make_unique<LoopbackServer>(std::move(c)); }
  std::unique_ptr<httplib::Client> client() { return server_->client(); }

  TempDir dir_;
  std::unique_ptr<RedisServer> redis_;
  std::unique_ptr<LoopbackServer> server_;
};

INSTANTIATE_TEST_SUITE_P(Stores, AuthTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Redis" : "Embedded"; });

TEST_P(AuthTest, LogoutRevokesEveryTokenOfTheAccount) {
  start(config());
  auto c = client();
  ASSERT_EQ(status_of(post_credentials(*c, "signup", "bob@example.org", kPassword)), 202);
  const std::string first = login(*c, "bob@example.org", kPassword);
  const std::string second = login(*c, "bob@example.org", kPassword);
  EXPECT_EQ(status_of(c->Get("/api/v1/auth/me", bearer(first))), 200);

  auto res = c->Post("/api/v1/auth/logout", bearer(first), "", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 204);
  for (const auto& token : {first, second}) {
    res = c->Get("/api/v1/auth/me", bearer(token));
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 401);
    EXPECT_EQ(parse(res->body)["error"]["code"], "invalid_token");
    EXPECT_EQ(status_of(c->Get("/api/v1/me/searches", bearer(token))), 401);
  }
  EXPECT_EQ(status_of(c->Post("/api/v1/auth/logout", bearer(first), "", "application/json")), 401);

  const std::string third = login(*c, "bob@example.org", kPassword);
  EXPECT_EQ(status_of(c->Get("/api/v1/auth/me", bearer(third))), 200);
  // Another account's tokens are untouched.
  const std::string admin = login(*c, kAdminEmail, kAdminPassword);
  EXPECT_EQ(status_of(c->Get("/api/v1/auth/me", bearer(admin))), 200);
}

TEST_P(AuthTest, TheRoleComesFromTheStoreNotTheToken) {
  start(config());
  auto c = client();
  ASSERT_EQ(status_of(post_credentials(*c, "signup", "eve@example.org", kPassword)), 202);
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  // A token that claims admin for a user account (signed with the real secret, as a stolen
  // key or a role removed after issue would give).
  const std::string claims_admin = server::jwt_sign(
      {{"sub", "eve@example.org"}, {"role", "admin"}, {"ver", 0}, {"exp", now + 600}}, kSecret);
  auto res = c->Post("/api/v1/models/x/activate", bearer(claims_admin), "", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403) << res->body;
  EXPECT_EQ(status_of(c->Get("/api/v1/models/train/0123456789abcdef0123456789abcdef",
                             bearer(claims_admin))),
            403);
  // The real admin passes the role check (the model does not exist).
  const std::string admin = login(*c, kAdminEmail, kAdminPassword);
  EXPECT_EQ(status_of(c->Post("/api/v1/models/x/activate", bearer(admin), "", "application/json")),
            404);
  // Tokens of an older version, of no version, or of an account that does not exist.
  for (const json& claims :
       {json{{"sub", kAdminEmail}, {"role", "admin"}, {"ver", -1}, {"exp", now + 600}},
        json{{"sub", kAdminEmail}, {"role", "admin"}, {"exp", now + 600}},
        json{{"sub", "ghost@example.org"}, {"role", "admin"}, {"ver", 0}, {"exp", now + 600}}}) {
    res = c->Get("/api/v1/auth/me", bearer(server::jwt_sign(claims, kSecret)));
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 401) << claims.dump();
  }
}

TEST_P(AuthTest, SignupAndLoginRevealNoAccounts) {
  start(config());
  auto c = client();
  auto fresh = post_credentials(*c, "signup", "carol@example.org", kPassword);
  auto taken = post_credentials(*c, "signup", "Carol@Example.org", "another password");
  ASSERT_TRUE(fresh && taken);
  EXPECT_EQ(fresh->status, 202);
  EXPECT_EQ(taken->status, fresh->status);
  EXPECT_EQ(taken->body, fresh->body);
  EXPECT_EQ(parse(fresh->body).value("token", ""), "") << "a signup hands out no token";
  // The account keeps its first password.
  EXPECT_EQ(status_of(post_credentials(*c, "login", "carol@example.org", "another password")), 401);
  login(*c, "carol@example.org", kPassword);

  auto wrong = post_credentials(*c, "login", "carol@example.org", "wrong password");
  auto unknown = post_credentials(*c, "login", "nobody@example.org", "wrong password");
  ASSERT_TRUE(wrong && unknown);
  EXPECT_EQ(wrong->status, 401);
  EXPECT_EQ(unknown->status, 401);
  EXPECT_EQ(parse(wrong->body)["error"]["message"], parse(unknown->body)["error"]["message"]);
  EXPECT_EQ(parse(wrong->body)["error"]["code"], parse(unknown->body)["error"]["code"]);
}

// An unknown email is checked against a dummy argon2 hash: without it, its login answers in
// about a millisecond against tens for a wrong password.
TEST_P(AuthTest, LoginTakesAsLongForUnknownEmails) {
  start(config());
  auto c = client();
  ASSERT_EQ(status_of(post_credentials(*c, "signup", "dave@example.org", kPassword)), 202);
  auto login_ms = [&](const std::string& email) {
    const auto t0 = std::chrono::steady_clock::now();
    EXPECT_EQ(status_of(post_credentials(*c, "login", email, "wrong password")), 401);
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  };
  // Known and unknown in turn, compared pair by pair: a machine whose load drifts during the
  // test slows both sides of a pair alike.
  const std::string nobody = "nobody-" + std::to_string(redis()) + "@example.org";
  std::vector<double> ratios;
  std::string times;
  for (int i = 0; i < 7; ++i) {
    const double known = login_ms("dave@example.org");
    const double unknown = login_ms(nobody);
    ratios.push_back(unknown / known);
    times += " " + std::to_string(unknown) + "/" + std::to_string(known);
  }
  std::sort(ratios.begin(), ratios.end());
  EXPECT_GT(ratios[3], 0.5) << "unknown/known ms:" << times;
  EXPECT_LT(ratios[3], 2.0) << "unknown/known ms:" << times;
}

TEST_P(AuthTest, RepeatedFailuresOnOneAccountAreThrottled) {
  auto c0 = config();
  c0.login_failures = {0.5, 3};  // 3 failures, then one every 2 minutes
  start(c0);
  auto c = client();
  ASSERT_EQ(status_of(post_credentials(*c, "signup", "frank@example.org", kPassword)), 202);
  // Successful logins give their attempt back.
  for (int i = 0; i < 5; ++i) login(*c, "frank@example.org", kPassword);

  for (const std::string email : {"frank@example.org", "nobody@example.org"}) {
    for (int i = 0; i < 3; ++i) {
      EXPECT_EQ(status_of(post_credentials(*c, "login", email, "wrong password")), 401) << email;
    }
    for (const char* password : {"wrong password", kPassword}) {
      auto res = post_credentials(*c, "login", email, password);
      ASSERT_TRUE(res);
      EXPECT_EQ(res->status, 429) << email << " " << res->body;
      EXPECT_EQ(parse(res->body)["error"]["code"], "too_many_attempts");
      ASSERT_TRUE(res->has_header("Retry-After"));
      EXPECT_GE(std::stoi(res->get_header_value("Retry-After")), 1);
    }
  }
  // Signups of the throttled account wait too; other accounts are not affected.
  EXPECT_EQ(status_of(post_credentials(*c, "signup", "frank@example.org", kPassword)), 429);
  login(*c, kAdminEmail, kAdminPassword);
}

TEST_P(AuthTest, OversizedCredentialsAndControlCharactersAreRefused) {
  start(config());
  auto c = client();
  const std::string longest(server::kMaxPasswordBytes, 'p');
  const std::string too_long(server::kMaxPasswordBytes + 1, 'p');
  for (const char* route : {"signup", "login"}) {
    auto res = post_credentials(*c, route, "grace@example.org", too_long);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << route;
    EXPECT_EQ(parse(res->body)["error"]["code"], "password_too_long");
    for (const std::string& email :
         {std::string("grace\r\n@example.org"),
          std::string("gr\x01"
                      "ace@example.org"),
          std::string("grace@example.org\x7f"), std::string(250, 'g') + "@example.org"}) {
      res = post_credentials(*c, route, email, kPassword);
      ASSERT_TRUE(res);
      EXPECT_EQ(res->status, 400) << route << " " << json(email).dump();
      EXPECT_EQ(parse(res->body)["error"]["code"], "invalid_email");
    }
  }
  ASSERT_EQ(status_of(post_credentials(*c, "signup", "grace@example.org", longest)), 202);
  login(*c, "grace@example.org", longest);
}

TEST(AuthRedisDown, AuthRoutesAnswer503WithRetryAfterAndNoInternals) {
  if (!RedisServer::available()) GTEST_SKIP() << "redis-server not installed";
  RedisServer redis;
  TempDir dir;
  auto config = test_config(dir.path());
  config.store.redis_url = redis.url();
  LoopbackServer server(config, /*run_workers=*/false);
  auto c = server.client();
  ASSERT_EQ(status_of(post_credentials(*c, "signup", "heidi@example.org", kPassword)), 202);
  const std::string token = login(*c, "heidi@example.org", kPassword);
  redis.stop();
  std::vector<httplib::Result> answers;
  answers.push_back(post_credentials(*c, "login", "heidi@example.org", kPassword));
  answers.push_back(post_credentials(*c, "signup", "ivan@example.org", kPassword));
  answers.push_back(c->Get("/api/v1/auth/me", bearer(token)));
  answers.push_back(c->Post("/api/v1/auth/logout", bearer(token), "", "application/json"));
  for (const auto& res : answers) {
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 503) << res->body;
    ASSERT_TRUE(res->has_header("Retry-After"));
    EXPECT_GE(std::stoi(res->get_header_value("Retry-After")), 1);
    EXPECT_EQ(parse(res->body)["error"]["code"], "auth_unavailable");
    const std::vector<std::string> internals = {
        std::to_string(redis.port()), "127.0.0.1", "redis", "Redis", "refused", "/"};
    for (const std::string& internal : internals) {
      EXPECT_EQ(parse(res->body)["error"]["message"].get<std::string>().find(internal),
                std::string::npos)
          << internal << " in " << res->body;
    }
  }
  redis.start();  // empty: no persistence in the fixture
  // The store tries Redis again once its short reconnect backoff (200 ms) has passed.
  int status = 0;
  for (int attempt = 0; attempt < 30 && status != 202; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    status = status_of(post_credentials(*c, "signup", "heidi@example.org", kPassword));
  }
  EXPECT_EQ(status, 202);
  EXPECT_EQ(status_of(c->Get("/api/v1/auth/me", bearer(login(*c, "heidi@example.org", kPassword)))),
            200);
}

// The built-in secret is public: a server refuses it unless in explicit development mode.
TEST(AuthSecret, ServeRefusesTheDevelopmentSecretOutsideDevelopment) {
  TempDir dir;
  for (const std::map<std::string, std::string>& env :
       {std::map<std::string, std::string>{{"EXODETECT_ENV", ""}, {"EXODETECT_JWT_SECRET", ""}},
        {{"EXODETECT_ENV", ""}, {"EXODETECT_JWT_SECRET", server::kDevJwtSecret}},
        {{"EXODETECT_ENV", "production"}, {"EXODETECT_JWT_SECRET", "short-secret"}}}) {
    auto full = env;
    full["EXODETECT_DATA_DIR"] = dir.path();
    ChildProcess serve({"serve", "--host", "127.0.0.1", "--port", "0"}, full,
                       dir.path() + "/serve.log");
    EXPECT_EQ(serve.wait(std::chrono::seconds(20)), 2) << serve.output();
    EXPECT_NE(serve.output().find("EXODETECT_JWT_SECRET"), std::string::npos) << serve.output();
  }
  auto config = test_config(dir.path());
  config.jwt_secret = server::kDevJwtSecret;
  EXPECT_THROW(server::ApiServer(config, false), std::invalid_argument);
  config.development = true;
  EXPECT_NO_THROW(server::ApiServer(config, false));
}

}  // namespace
}  // namespace exodetect::test_support
