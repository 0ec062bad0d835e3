#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "exodetect/server/jwt.hpp"

namespace exodetect::server {
namespace {

TEST(Jwt, ASignedTokenVerifiesAndATamperedOneDoesNot) {
  const nlohmann::json claims = {{"sub", "a@b.c"}, {"role", "user"}, {"exp", 2000}};
  const std::string token = jwt_sign(claims, "secret");
  auto verified = jwt_verify(token, "secret", 1000);
  ASSERT_TRUE(verified.has_value());
  EXPECT_EQ((*verified)["sub"], "a@b.c");
  EXPECT_FALSE(jwt_verify(token, "other secret", 1000).has_value());
  EXPECT_FALSE(jwt_verify(token, "secret", 2000).has_value()) << "expired";
  std::string tampered = token;
  tampered[tampered.find('.') + 2] ^= 1;  // payload changed
  EXPECT_FALSE(jwt_verify(tampered, "secret", 1000).has_value());
  EXPECT_FALSE(jwt_verify("a.b", "secret", 1000).has_value());
  EXPECT_FALSE(jwt_verify("", "secret", 1000).has_value());
}

TEST(Base64Url, RoundTripsEveryPaddingLengthWithTheUrlAlphabet) {
  for (const std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
    EXPECT_EQ(base64url_decode(base64url_encode(s)), s);
  }
  EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
}

}  // namespace
}  // namespace exodetect::server
