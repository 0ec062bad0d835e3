#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

namespace exodetect::server {

// Signs `claims` as a compact HS256 JSON Web Token.
std::string jwt_sign(const nlohmann::json& claims, const std::string& secret);

// The claims of a token whose HS256 signature verifies and whose "exp" (unix seconds) is after
// `now_s`; nullopt for anything else (malformed, other algorithm, forged, expired).
std::optional<nlohmann::json> jwt_verify(const std::string& token, const std::string& secret,
                                         int64_t now_s);

std::string base64url_encode(const std::string& bytes);
std::optional<std::string> base64url_decode(const std::string& text);

}  // namespace exodetect::server
