#include "exodetect/common/decompress.hpp"

#include <zlib.h>

#include <algorithm>
#include <atomic>

namespace exodetect::common {
namespace {

std::atomic<size_t> g_inflate_limit{size_t(4) << 30};

std::string limit_text(size_t bytes) {
  return bytes >= (1u << 20) ? std::to_string(bytes >> 20) + " MiB"
                             : std::to_string(bytes >> 10) + " KiB";
}

}  // namespace

InflateLimitExceeded::InflateLimitExceeded(size_t limit_bytes)
    : std::length_error("the compressed file inflates to more than " + limit_text(limit_bytes) +
                        " (EXODETECT_MAX_DECOMPRESSED_MB); send a smaller file"),
      limit_bytes_(limit_bytes) {}

size_t inflate_limit() { return g_inflate_limit.load(std::memory_order_relaxed); }

void set_inflate_limit(size_t bytes) { g_inflate_limit.store(bytes, std::memory_order_relaxed); }

std::string gunzip_capped(std::string_view gz, size_t limit_bytes) {
  z_stream zs{};
  // 16 + MAX_WBITS: expect a gzip header; concatenated members are handled by the reset loop.
  if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) throw std::runtime_error("zlib init failed");
  struct End {
    z_stream* zs;
    ~End() { inflateEnd(zs); }
  } end{&zs};
  std::string out;
  // A first guess from the usual ratio of light curves and catalogues, within the cap; the
  // output then grows geometrically but never past limit_bytes + one block.
  out.reserve(std::min(limit_bytes, gz.size() * 4));
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
  zs.avail_in = static_cast<uInt>(gz.size());
  char buf[1 << 16];
  int rc = Z_OK;
  while (true) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof(buf);
    rc = inflate(&zs, Z_NO_FLUSH);
    const size_t produced = sizeof(buf) - zs.avail_out;
    if (produced > limit_bytes - out.size()) throw InflateLimitExceeded(limit_bytes);
    out.append(buf, produced);
    if (rc == Z_STREAM_END) {
      if (zs.avail_in == 0) break;
      inflateReset(&zs);
      continue;
    }
    if (rc != Z_OK) break;
    if (zs.avail_in == 0 && zs.avail_out != 0) break;
  }
  if (rc != Z_STREAM_END) throw std::invalid_argument("corrupt or truncated gzip data");
  return out;
}

}  // namespace exodetect::common
