#include "exodetect/common/file_io.hpp"

#include "exodetect/common/decompress.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

namespace exodetect::common {

void write_file_atomic(const std::string& path, std::string_view bytes) {
  // Unique per process and call, so concurrent writers never share a temporary file.
  static std::atomic<uint64_t> counter{0};
  const std::string tmp =
      path + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot write " + path + ": " + std::strerror(errno));
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(tmp.c_str());
      throw std::runtime_error("cannot write " + path + ": " + why);
    }
    done += static_cast<size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced || std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    throw std::runtime_error("cannot write " + path + ": " + why);
  }
  // The rename is durable only once the directory holding it is on disk too.
  const auto slash = path.find_last_of('/');
  const std::string dir = slash == std::string::npos ? "."
                          : slash == 0               ? "/"
                                                     : path.substr(0, slash);
  const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);
    ::close(dir_fd);
  }
}

bool is_gzip(std::string_view bytes) {
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

std::string maybe_gunzip(std::string_view bytes) {
  if (!is_gzip(bytes)) return std::string(bytes);
  return gunzip_capped(bytes, inflate_limit());
}

std::string gzip_bytes(std::string_view bytes, int level) {
  z_stream zs{};
  // 16 + MAX_WBITS: a gzip header, which zlib writes with no name and a zero time stamp.
  if (deflateInit2(&zs, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    throw std::runtime_error("zlib init failed");
  }
  std::string out(deflateBound(&zs, static_cast<uLong>(bytes.size())), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  zs.avail_in = static_cast<uInt>(bytes.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  if (rc != Z_STREAM_END) throw std::runtime_error("gzip compression failed");
  return out;
}

void read_file_into(const std::string& path, std::string& out) {
  // Opened without blocking: open() on a FIFO that nobody writes to waits forever.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) throw std::invalid_argument("cannot open file '" + path + "'");
  struct Close {
    int fd;
    ~Close() { ::close(fd); }
  } close_fd{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0) throw std::invalid_argument("cannot read file '" + path + "'");
  if (S_ISDIR(st.st_mode)) throw std::invalid_argument("'" + path + "' is a folder, not a file");
  // A device such as /dev/zero never ends: only files and pipes (a FIFO, a shell's
  // `<(zcat ...)`) are read.
  if (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode)) {
    throw std::invalid_argument("'" + path + "' is not a regular file");
  }
  // From here reads wait for a pipe's writer; a pipe with no writer reads as empty.
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  // The size is a first guess (files that report none, or change, are read to their end).
  const size_t expected = S_ISREG(st.st_mode) ? static_cast<size_t>(st.st_size) : 0;
  out.resize(expected + 1);  // one spare byte sees the end without a second read call
  size_t done = 0;
  while (true) {
    if (done == out.size()) out.resize(out.size() * 2);
    const ssize_t n = ::read(fd, out.data() + done, out.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw std::invalid_argument("cannot read file '" + path + "'");
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  out.resize(done);
}

std::string read_file_bytes(const std::string& path) {
  std::string bytes;
  read_file_into(path, bytes);
  if (!is_gzip(bytes)) return bytes;
  try {
    return gunzip_capped(bytes, inflate_limit());
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument("'" + path + "': " + e.what());
  }
}

}  // namespace exodetect::common
