#include "exodetect/common/decompress.hpp"

#include <gtest/gtest.h>

#include "exodetect/common/file_io.hpp"

namespace exodetect::common {
namespace {

TEST(GunzipCapped, InflatesUpToTheCapAndNotPastIt) {
  const std::string text(1u << 20, 'x');
  const std::string gz = gzip_bytes(text);
  EXPECT_EQ(gunzip_capped(gz, text.size()), text);  // exactly at the cap
  try {
    gunzip_capped(gz, text.size() - 1);
    FAIL() << "one byte past the cap was inflated";
  } catch (const InflateLimitExceeded& e) {
    EXPECT_EQ(e.limit_bytes(), text.size() - 1);
    EXPECT_NE(std::string(e.what()).find("EXODETECT_MAX_DECOMPRESSED_MB"), std::string::npos);
  }
}

TEST(GunzipCapped, ConcatenatedMembersCountTogether) {
  const std::string gz = gzip_bytes(std::string(600, 'a')) + gzip_bytes(std::string(600, 'b'));
  EXPECT_EQ(gunzip_capped(gz, 1200).size(), 1200u);
  EXPECT_THROW(gunzip_capped(gz, 1000), InflateLimitExceeded);
}

TEST(GunzipCapped, CorruptDataIsInvalidNotTooLarge) {
  std::string gz = gzip_bytes("time,flux\n1,2\n");
  EXPECT_THROW(gunzip_capped(gz.substr(0, gz.size() - 6), 1 << 20), std::invalid_argument);
}

TEST(MaybeGunzip, ObeysTheProcessLimit) {
  const size_t before = inflate_limit();
  set_inflate_limit(1000);
  const std::string gz = gzip_bytes(std::string(5000, 'z'));
  EXPECT_THROW(maybe_gunzip(gz), InflateLimitExceeded);
  EXPECT_EQ(maybe_gunzip(std::string(5000, 'z')).size(), 5000u);  // plain data is not capped here
  set_inflate_limit(before);
  EXPECT_EQ(maybe_gunzip(gz).size(), 5000u);
}

}  // namespace
}  // namespace exodetect::common
