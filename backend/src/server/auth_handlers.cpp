#include <spdlog/spdlog.h>

#include "exodetect/common/strings.hpp"
#include "exodetect/server/jwt.hpp"
#include "exodetect/store/passwords.hpp"
#include "handlers.hpp"

namespace exodetect::server::handlers {
namespace {

const char* role_name(store::Role role) { return role == store::Role::kAdmin ? "admin" : "user"; }

nlohmann::json user_json(const store::User& user) {
  return {{"email", user.email}, {"role", role_name(user.role)}, {"created_ms", user.created_ms}};
}

nlohmann::json token_response(const Service& s, const store::User& user) {
  const int64_t now = unix_seconds();
  const std::string token = jwt_sign({{"sub", user.email},
                                      {"role", role_name(user.role)},
                                      {"iat", now},
                                      {"exp", now + s.config.jwt_ttl_s}},
                                     s.config.jwt_secret);
  return {{"token", token},
          {"token_type", "bearer"},
          {"expires_in", s.config.jwt_ttl_s},
          {"user", user_json(user)}};
}

std::pair<std::string, std::string> credentials(const Request& req) {
  const auto body = req.json_body();
  if (!body.contains("email") || !body["email"].is_string() || !body.contains("password") ||
      !body["password"].is_string()) {
    throw ApiError(400, "bad_request", "send {\"email\": string, \"password\": string}");
  }
  return {to_lower(body["email"].get<std::string>()), body["password"].get<std::string>()};
}

}  // namespace

Response signup(Service& s, Request& req) {
  auto [email, password] = credentials(req);
  const size_t at = email.find('@');
  if (email.size() > 254 || at == std::string::npos || at == 0 || at + 1 >= email.size() ||
      email.find_first_of(" \t\r\n/\\") != std::string::npos) {
    throw ApiError(400, "invalid_email", "the email address is not valid");
  }
  if (password.size() < 8 || password.size() > 256) {
    throw ApiError(400, "weak_password", "passwords have 8 to 256 characters");
  }
  store::User user;
  user.email = email;
  user.password_hash = store::hash_password(password);
  user.role = store::Role::kUser;
  user.created_ms = unix_seconds() * 1000;
  try {
    s.backends.users->create(user);
  } catch (const std::invalid_argument&) {
    throw ApiError(409, "email_taken", "an account with this email exists");
  }
  return Response::json(token_response(s, user), 201);
}

Response login(Service& s, Request& req) {
  auto [email, password] = credentials(req);
  auto user = s.backends.users->find(email);
  // Same answer for unknown emails and wrong passwords, so accounts cannot be probed.
  if (!user || !store::verify_password(password, user->password_hash)) {
    throw ApiError(401, "invalid_credentials", "wrong email or password");
  }
  return Response::json(token_response(s, *user));
}

Response me(Service& s, Request& req) {
  auto user = s.backends.users->find(req.principal->email);
  if (!user) throw ApiError(401, "invalid_token", "the account no longer exists");
  return Response::json(user_json(*user));
}

void bootstrap_admin(Service& s) {
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
