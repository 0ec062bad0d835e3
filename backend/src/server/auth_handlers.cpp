#include <spdlog/spdlog.h>

#include <algorithm>

#include "exodetect/common/strings.hpp"
#include "exodetect/server/jwt.hpp"
#include "exodetect/store/passwords.hpp"
#include "handlers.hpp"

namespace exodetect::server::handlers {

using common::iequals;
using common::to_lower;

namespace {

// The one answer to a signup, whether the email was free or taken, so signups cannot tell which
// addresses have accounts; the client logs in next.
constexpr const char* kSignupMessage =
    "if this email had no account, one now exists with this password: log in with it";

const char* role_name(store::Role role) { return role == store::Role::kAdmin ? "admin" : "user"; }

nlohmann::json user_json(const store::User& user) {
  return {{"email", user.email}, {"role", role_name(user.role)}, {"created_ms", user.created_ms}};
}

nlohmann::json token_response(const Service& s, const store::User& user) {
  const int64_t now = unix_seconds();
  const std::string token = jwt_sign({{"sub", user.email},
                                      {"role", role_name(user.role)},
                                      {"ver", user.token_version},
                                      {"iat", now},
                                      {"exp", now + s.config.jwt_ttl_s}},
                                     s.config.jwt_secret);
  return {{"token", token},
          {"token_type", "bearer"},
          {"expires_in", s.config.jwt_ttl_s},
          {"user", user_json(user)}};
}

// Runs a user-store call: an unreachable store (Redis down, SQLite failing) is a 503 with
// Retry-After, its cause logged under the request id and not shown to the client.
template <typename Fn>
auto user_call(const Request& req, Fn&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const ApiError&) {
    throw;
  } catch (const std::runtime_error& e) {
    spdlog::warn(R"("event":"user_store_unavailable","request_id":"{}","error":{})", req.request_id,
                 json_string(e.what()));
    throw ApiError(503, "auth_unavailable", "accounts are unavailable for a moment; retry shortly",
                   5);
  }
}

bool has_control_characters(const std::string& text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return uint8_t(c) < 0x20 || uint8_t(c) == 0x7f; });
}

std::pair<std::string, std::string> credentials(const Request& req) {
  const auto body = req.json_body({"email", "password"});
  if (!body.contains("email") || !body["email"].is_string() || !body.contains("password") ||
      !body["password"].is_string()) {
    throw ApiError(400, "bad_request", "send {\"email\": string, \"password\": string}");
  }
  std::string email = to_lower(body["email"].get<std::string>());
  std::string password = body["password"].get<std::string>();
  if (email.size() > kMaxEmailBytes || has_control_characters(email)) {
    throw ApiError(400, "invalid_email", "the email address is not valid");
  }
  if (password.size() > kMaxPasswordBytes) {
    throw ApiError(400, "password_too_long",
                   "passwords have at most " + std::to_string(kMaxPasswordBytes) + " bytes");
  }
  return {std::move(email), std::move(password)};
}

// A hash of the same cost as real ones, verified for unknown emails so that a login takes as
// long whether the account exists or not.
const std::string& dummy_password_hash() {
  static const std::string hash = store::hash_password("no account has this password");
  return hash;
}

std::string account_key(const std::string& email) { return "account:" + email; }

// Takes one attempt from the account's bucket (known and unknown emails alike, so the limit
// reveals nothing); 429 with Retry-After once it is empty.
void take_account_attempt(Service& s, const std::string& email) {
  if (int wait = s.backends.account_limiter->acquire(account_key(email)); wait > 0) {
    throw ApiError(429, "too_many_attempts",
                   "too many failed attempts for this account; retry later", wait);
  }
}

}  // namespace

void authenticate(Service& s, Request& req) {
  const std::string auth = req.header("authorization");
  if (auth.empty()) return;
  static const std::string kBearer = "Bearer ";
  if (auth.size() <= kBearer.size() ||
      !iequals(std::string_view(auth).substr(0, kBearer.size()), kBearer)) {
    throw ApiError(401, "invalid_token", "Authorization must be 'Bearer <token>'");
  }
  auto claims = jwt_verify(auth.substr(kBearer.size()), s.config.jwt_secret, unix_seconds());
  if (!claims || !(*claims)["sub"].is_string() || !(*claims)["ver"].is_number_integer()) {
    throw ApiError(401, "invalid_token", "the token is invalid or expired");
  }
  auto user =
      user_call(req, [&] { return s.backends.users->find((*claims)["sub"].get<std::string>()); });
  // The store, not the token, says whether the account still exists, which tokens it still
  // honours (logout bumps the version) and what role it has now.
  if (!user || user->token_version != (*claims)["ver"].get<int64_t>()) {
    throw ApiError(401, "invalid_token", "the token is invalid, expired or revoked");
  }
  req.principal = Principal{user->email, role_name(user->role)};
}

Response signup(Service& s, Request& req) {
  auto [email, password] = credentials(req);
  const size_t at = email.find('@');
  if (at == std::string::npos || at == 0 || at + 1 >= email.size() ||
      email.find_first_of(" /\\") != std::string::npos) {
    throw ApiError(400, "invalid_email", "the email address is not valid");
  }
  if (password.size() < kMinPasswordChars) {
    throw ApiError(400, "weak_password",
                   "passwords have at least " + std::to_string(kMinPasswordChars) + " characters");
  }
  take_account_attempt(s, email);
  store::User user;
  user.email = email;
  // Hashed before the store is asked, so a taken email costs the same time as a free one.
  user.password_hash = store::hash_password(password);
  user.role = store::Role::kUser;
  user.created_ms = unix_seconds() * 1000;
  const bool created = user_call(req, [&] {
    try {
      s.backends.users->create(user);
      return true;
    } catch (const std::invalid_argument&) {
      return false;  // taken: counts as a failed attempt on that account
    }
  });
  if (created) s.backends.account_limiter->refund(account_key(email));
  return Response::json({{"message", kSignupMessage}}, 202);
}

Response login(Service& s, Request& req) {
  auto [email, password] = credentials(req);
  take_account_attempt(s, email);
  auto user = user_call(req, [&] { return s.backends.users->find(email); });
  const bool verified =
      store::verify_password(password, user ? user->password_hash : dummy_password_hash());
  // Same answer for unknown emails and wrong passwords, so accounts cannot be probed.
  if (!user || !verified) {
    throw ApiError(401, "invalid_credentials", "wrong email or password");
  }
  s.backends.account_limiter->refund(account_key(email));
  return Response::json(token_response(s, *user));
}

Response logout(Service& s, Request& req) {
  user_call(req, [&] { s.backends.users->revoke_tokens(req.principal->email); });
  return Response::text("", "application/json", 204);
}

Response me(Service& s, Request& req) {
  auto user = user_call(req, [&] { return s.backends.users->find(req.principal->email); });
  if (!user) throw ApiError(401, "invalid_token", "the account no longer exists");
  return Response::json(user_json(*user));
}

void start_auth(Service& s) {
  (void)dummy_password_hash();  // computed now, not in the first unknown-email login
  if (s.config.admin_email.empty() || s.config.admin_password.empty()) return;
  const std::string email = to_lower(s.config.admin_email);
  if (s.backends.users->find(email)) return;
  store::User admin;
  admin.email = email;
  admin.password_hash = store::hash_password(s.config.admin_password);
  admin.role = store::Role::kAdmin;
  admin.created_ms = unix_seconds() * 1000;
  try {
    s.backends.users->create(admin);
    spdlog::info(R"("event":"admin_created","email":{})", json_string(email));
  } catch (const std::invalid_argument&) {
    // Another process created it at the same moment.
  }
}

}  // namespace exodetect::server::handlers
