#include "exodetect/common/file_io.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <future>
#include <stdexcept>
#include <string>

namespace exodetect::common {
namespace {

namespace fs = std::filesystem;

// A FIFO with no writer must not block open(), and a device such as /dev/zero never ends: both
// are named in survey lists by mistake.
TEST(ReadFile, AFifoWithNoWriterReadsAsEmptyWithoutBlocking) {
  const fs::path fifo = fs::temp_directory_path() / ("exodetect-fifo-" + std::to_string(getpid()));
  fs::remove(fifo);
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto read = std::async(std::launch::async, [&] {
    std::string out = "old";
    read_file_into(fifo.string(), out);
    return out;
  });
  if (read.wait_for(std::chrono::seconds(5)) != std::future_status::ready) {
    // Unblock the reader so the test ends (a writer's open lets the reader's open return).
    const int fd = ::open(fifo.c_str(), O_WRONLY | O_NONBLOCK);
    if (fd >= 0) ::close(fd);
    read.wait();
    fs::remove(fifo);
    FAIL() << "reading a FIFO with no writer blocked";
  }
  EXPECT_EQ(read.get(), "");
  fs::remove(fifo);
}

TEST(ReadFile, DevicesAndFoldersAreRefusedNamingThePath) {
  std::string out;
  for (const std::string path : {"/dev/zero", "/dev/urandom"}) {
    try {
      read_file_into(path, out);
      FAIL() << path << " was read";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("'" + path + "' is not a regular file"),
                std::string::npos)
          << e.what();
    }
  }
  const std::string dir = fs::temp_directory_path().string();
  try {
    read_file_bytes(dir);
    FAIL() << "a folder was read";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("is a folder"), std::string::npos) << e.what();
  }
}

TEST(ReadFile, PipesAreStillRead) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  ASSERT_EQ(::write(fds[1], "time,flux\n", 10), 10);
  ::close(fds[1]);
  std::string out;
  read_file_into("/dev/fd/" + std::to_string(fds[0]), out);
  ::close(fds[0]);
  EXPECT_EQ(out, "time,flux\n");
}

}  // namespace
}  // namespace exodetect::common
