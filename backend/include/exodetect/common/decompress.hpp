#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>

namespace exodetect::common {

// Thrown when compressed input inflates past the decompression limit. Not an invalid_argument:
// the data may be valid, it is only too large to hold, and servers answer it with 413.
class InflateLimitExceeded : public std::length_error {
 public:
  explicit InflateLimitExceeded(size_t limit_bytes);
  size_t limit_bytes() const { return limit_bytes_; }

 private:
  size_t limit_bytes_;
};

// The most bytes one gzip stream may inflate to in this process (EXODETECT_MAX_DECOMPRESSED_MB
// for the server and workers; 4 GiB otherwise). One process-wide setting because uploads reach
// the readers through several layers (light curves, catalogue exports, batch CSVs).
size_t inflate_limit();
void set_inflate_limit(size_t bytes);

// Inflates the gzip stream `gz` (concatenated members too), stopping as soon as the output
// would pass `limit_bytes`: the output never grows past it, whatever the members' size
// trailers claim. Throws InflateLimitExceeded past the limit and std::invalid_argument on
// corrupt or truncated data (a bad CRC or size trailer included).
std::string gunzip_capped(std::string_view gz, size_t limit_bytes);

// The same into `out`, replacing its contents and reusing its capacity (a caller that inflates
// many files in turn keeps one buffer). On an exception `out`'s contents are unspecified.
void gunzip_capped_into(std::string_view gz, size_t limit_bytes, std::string& out);

}  // namespace exodetect::common
