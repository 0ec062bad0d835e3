#include "exodetect/common/decompress.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

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

// Replaces the last member's ISIZE trailer (the inflated size mod 2^32, little-endian).
std::string with_isize(std::string gz, uint32_t isize) {
  for (int i = 0; i < 4; ++i) gz[gz.size() - 4 + i] = static_cast<char>((isize >> (8 * i)) & 0xff);
  return gz;
}

// Text that compresses about 4:1 (varied like a light curve's digits, not one repeated byte).
std::string table_text(size_t bytes) {
  std::string text;
  for (unsigned i = 0; text.size() < bytes; ++i) text += std::to_string(i * 2654435761u) + ",";
  text.resize(bytes);
  return text;
}

TEST(GunzipCapped, MembersOfAnySizeInflateInOrder) {
  // The trailer read first is the last member's: a small one after a large one, and the
  // reverse, both need the buffer grown past that first guess.
  const std::string big = table_text(300000);
  const std::string small = "time,flux\n1,2\n";
  const std::vector<std::vector<std::string>> files = {
      {big, small}, {small, big}, {small, big, small, big}};
  for (const auto& members : files) {
    std::string gz, whole;
    for (const std::string& m : members) {
      gz += gzip_bytes(m);
      whole += m;
    }
    EXPECT_EQ(gunzip_capped(gz, whole.size()), whole);
    EXPECT_THROW(gunzip_capped(gz, whole.size() - 1), InflateLimitExceeded);
  }
  // An empty member inflates to nothing, also at the cap.
  const std::string gz = gzip_bytes(small) + gzip_bytes("");
  EXPECT_EQ(gunzip_capped(gz, small.size()), small);
}

TEST(GunzipCapped, TruncatedAnywhereIsInvalid) {
  const std::string gz = gzip_bytes(table_text(100000));
  for (size_t keep : {size_t{0}, size_t{1}, size_t{9}, size_t{100}, gz.size() / 2, gz.size() - 8,
                      gz.size() - 1}) {
    EXPECT_THROW(gunzip_capped(gz.substr(0, keep), 1 << 20), std::invalid_argument) << keep;
  }
  // A whole member followed by a cut one, or by bytes that are no member.
  EXPECT_THROW(gunzip_capped(gz + gz.substr(0, 50), 1 << 20), std::invalid_argument);
  EXPECT_THROW(gunzip_capped(gz + "trailing", 1 << 20), std::invalid_argument);
}

TEST(GunzipCapped, BadChecksumIsInvalid) {
  std::string gz = gzip_bytes(table_text(10000));
  gz[gz.size() - 8] = static_cast<char>(gz[gz.size() - 8] ^ 1);  // the CRC-32's first byte
  EXPECT_THROW(gunzip_capped(gz, 1 << 20), std::invalid_argument);
}

TEST(GunzipCapped, ALyingSizeTrailerNeitherPassesTheCapNorAllocatesItsClaim) {
  const std::string text = table_text(1 << 20);
  const std::string gz = gzip_bytes(text);
  // Claims a few bytes: the data still inflates only up to the cap.
  EXPECT_THROW(gunzip_capped(with_isize(gz, 10), 1 << 16), InflateLimitExceeded);
  // Within the cap the whole member inflates, and the false size makes it invalid.
  EXPECT_THROW(gunzip_capped(with_isize(gz, 10), 4 << 20), std::invalid_argument);
  // Claims 4 GiB for a few hundred bytes: refused as invalid, without a cap-sized buffer.
  const std::string tiny = gzip_bytes("time,flux\n1,2\n");
  std::string out;
  EXPECT_THROW(gunzip_capped_into(with_isize(tiny, 0xffffffffu), 256u << 20, out),
               std::invalid_argument);
  EXPECT_LT(out.capacity(), size_t{1} << 20);
}

TEST(GunzipCapped, IntoReusesTheBufferAndReplacesItsContents) {
  std::string out(3 << 20, 'q');
  const std::string text = table_text(500000);
  gunzip_capped_into(gzip_bytes(text), 1 << 20, out);
  EXPECT_EQ(out, text);
  gunzip_capped_into(gzip_bytes("abc"), 1 << 20, out);
  EXPECT_EQ(out, "abc");
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
