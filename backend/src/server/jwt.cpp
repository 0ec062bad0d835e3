#include "exodetect/server/jwt.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <memory>
#include <stdexcept>

namespace exodetect::server {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string hmac_sha256(const std::string& key, const std::string& data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

const nlohmann::json& jwt_header() {
  static const nlohmann::json header = {{"alg", "HS256"}, {"typ", "JWT"}};
  return header;
}

}  // namespace

std::string base64url_encode(const std::string& bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t v = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8) | uint8_t(bytes[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i + 1 == bytes.size()) {
    uint32_t v = uint8_t(bytes[i]) << 16;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
  } else if (i + 2 == bytes.size()) {
    uint32_t v = (uint8_t(bytes[i]) << 16) | (uint8_t(bytes[i + 1]) << 8);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
  }
  return out;
}

std::optional<std::string> base64url_decode(const std::string& text) {
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    int v;
    if (c >= 'A' && c <= 'Z')
      v = c - 'A';
    else if (c >= 'a' && c <= 'z')
      v = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      v = c - '0' + 52;
    else if (c == '-')
      v = 62;
    else if (c == '_')
      v = 63;
    else
      return std::nullopt;
    buffer = (buffer << 6) | uint32_t(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += char((buffer >> bits) & 0xff);
    }
  }
  return out;
}

std::string jwt_sign(const nlohmann::json& claims, const std::string& secret) {
  std::string signing_input =
      base64url_encode(jwt_header().dump()) + "." + base64url_encode(claims.dump());
  return signing_input + "." + base64url_encode(hmac_sha256(secret, signing_input));
}

std::optional<nlohmann::json> jwt_verify(const std::string& token, const std::string& secret,
                                         int64_t now_s) {
  const size_t dot1 = token.find('.');
  if (dot1 == std::string::npos) return std::nullopt;
  const size_t dot2 = token.find('.', dot1 + 1);
  if (dot2 == std::string::npos || token.find('.', dot2 + 1) != std::string::npos) {
    return std::nullopt;
  }
  const std::string signing_input = token.substr(0, dot2);
  auto signature = base64url_decode(token.substr(dot2 + 1));
  const std::string expected = hmac_sha256(secret, signing_input);
  if (!signature || signature->size() != expected.size() ||
      CRYPTO_memcmp(signature->data(), expected.data(), expected.size()) != 0) {
    return std::nullopt;
  }
  auto header = base64url_decode(token.substr(0, dot1));
  auto payload = base64url_decode(token.substr(dot1 + 1, dot2 - dot1 - 1));
  if (!header || !payload) return std::nullopt;
  auto h = nlohmann::json::parse(*header, nullptr, false);
  auto claims = nlohmann::json::parse(*payload, nullptr, false);
  // Only HS256 is accepted, so an "alg": "none" token cannot slip through.
  if (!h.is_object() || h.value("alg", "") != "HS256" || !claims.is_object()) return std::nullopt;
  if (!claims.contains("exp") || !claims["exp"].is_number() ||
      claims["exp"].get<double>() <= double(now_s)) {
    return std::nullopt;
  }
  return claims;
}

}  // namespace exodetect::server
