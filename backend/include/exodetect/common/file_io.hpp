#pragma once

#include <string>
#include <string_view>

namespace exodetect::common {

// Reads a whole file into memory, transparently gunzipping it when it starts with the gzip
// magic bytes (so `.gz` works whatever the file is called). Throws std::invalid_argument when
// the file is missing or unreadable, or is a folder or a device (only files and pipes are read;
// a FIFO with no writer reads as empty instead of blocking), naming the path.
std::string read_file_bytes(const std::string& path);

// Reads a whole file into `out` as it is (no gunzip), replacing its contents and reusing its
// capacity. Throws std::invalid_argument as read_file_bytes does.
void read_file_into(const std::string& path, std::string& out);

// Gunzips `bytes` when they start with the gzip magic, else returns them unchanged. Throws
// std::invalid_argument on a corrupt gzip stream and InflateLimitExceeded past inflate_limit()
// (common/decompress.hpp).
std::string maybe_gunzip(std::string_view bytes);

// A gzip stream of `bytes` at zlib `level` (1 fastest to 9 best; no file name, zero time stamp:
// the same input always gives the same output), in one deflate call. Throws std::runtime_error
// when zlib fails.
std::string gzip_bytes(std::string_view bytes, int level = 9);

// True when `bytes` start with the gzip magic (1f 8b).
bool is_gzip(std::string_view bytes);

// Writes `bytes` to a temporary file next to `path` (named `path` + ".tmp-..."), flushes it to
// disk and renames it over `path` (then flushes the directory), so a crash leaves the old or the
// new content, never a torn file. Throws std::runtime_error naming the path and the reason.
void write_file_atomic(const std::string& path, std::string_view bytes);

}  // namespace exodetect::common
