#include "exodetect/common/decompress.hpp"

#include <libdeflate.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>

namespace exodetect::common {
namespace {

std::atomic<size_t> g_inflate_limit{size_t(4) << 30};

// DEFLATE's best case is about 1032 bytes out per byte in (a 258-byte match in under 2 bits):
// a size claimed beyond that for the input left is a lie, and is not allocated.
constexpr size_t kMaxDeflateRatio = 1032;
constexpr size_t kGzipTrailerBytes = 8;  // CRC-32, then ISIZE (the size mod 2^32, little-endian)
constexpr size_t kMinGrowthBytes = 1 << 16;

std::string limit_text(size_t bytes) {
  return bytes >= (1u << 20) ? std::to_string(bytes >> 20) + " MiB"
                             : std::to_string(bytes >> 10) + " KiB";
}

struct DecompressorFree {
  void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
};

// One per thread: it holds only tables (no stream state between calls) and costs an allocation.
libdeflate_decompressor* thread_decompressor() {
  thread_local std::unique_ptr<libdeflate_decompressor, DecompressorFree> d(
      libdeflate_alloc_decompressor());
  if (!d) throw std::bad_alloc();
  return d.get();
}

// The first output size to try for the members from `in` on: the last member's ISIZE (the
// whole size for the usual single member), never past what the input can hold or the cap.
size_t first_guess(std::string_view in, size_t room) {
  size_t isize = 0;
  if (in.size() >= kGzipTrailerBytes) {
    const auto* p = reinterpret_cast<const unsigned char*>(in.data() + in.size() - 4);
    isize = size_t(p[0]) | size_t(p[1]) << 8 | size_t(p[2]) << 16 | size_t(p[3]) << 24;
  }
  const size_t plausible =
      in.size() > SIZE_MAX / kMaxDeflateRatio ? SIZE_MAX : in.size() * kMaxDeflateRatio;
  return std::min({isize, plausible, room});
}

}  // namespace

InflateLimitExceeded::InflateLimitExceeded(size_t limit_bytes)
    : std::length_error("the compressed file inflates to more than " + limit_text(limit_bytes) +
                        " (EXODETECT_MAX_DECOMPRESSED_MB); send a smaller file"),
      limit_bytes_(limit_bytes) {}

size_t inflate_limit() { return g_inflate_limit.load(std::memory_order_relaxed); }

void set_inflate_limit(size_t bytes) { g_inflate_limit.store(bytes, std::memory_order_relaxed); }

void gunzip_capped_into(std::string_view gz, size_t limit_bytes, std::string& out) {
  libdeflate_decompressor* d = thread_decompressor();
  // libdeflate inflates whole members into a buffer of a given size: the buffer starts at the
  // trailer's claim and, when a member needs more, grows geometrically up to the cap and the
  // member is inflated again (at most twice the work of one pass, whatever the trailer says).
  size_t used = 0;  // bytes of `out` holding inflated members
  size_t pos = 0;   // input bytes consumed
  out.resize(first_guess(gz, limit_bytes));
  do {
    size_t in_used = 0;
    size_t produced = 0;
    const libdeflate_result rc =
        libdeflate_gzip_decompress_ex(d, gz.data() + pos, gz.size() - pos, out.data() + used,
                                      out.size() - used, &in_used, &produced);
    if (rc == LIBDEFLATE_SUCCESS) {
      used += produced;
      pos += in_used;
      // The next member's guess comes from what is left; the buffer only ever grows.
      if (pos < gz.size() && out.size() == used) {
        out.resize(used + first_guess(gz.substr(pos), limit_bytes - used));
      }
      continue;
    }
    if (rc != LIBDEFLATE_INSUFFICIENT_SPACE) {
      throw std::invalid_argument("corrupt or truncated gzip data");
    }
    if (out.size() >= limit_bytes) throw InflateLimitExceeded(limit_bytes);
    const size_t grow = std::max(out.size(), size_t{kMinGrowthBytes});
    out.resize(limit_bytes - out.size() < grow ? limit_bytes : out.size() + grow);
  } while (pos < gz.size());
  out.resize(used);
}

std::string gunzip_capped(std::string_view gz, size_t limit_bytes) {
  std::string out;
  gunzip_capped_into(gz, limit_bytes, out);
  return out;
}

}  // namespace exodetect::common
