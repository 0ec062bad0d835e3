#pragma once

// The data folder the store tests share: a fresh one per test, removed afterwards.

#include <unistd.h>

#include <filesystem>
#include <string>
#include <system_error>

#include "exodetect/store/backends.hpp"

namespace exodetect::store::test_data {

class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("exodetect-store-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::string str() const { return path_.string(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

inline StoreConfig embedded_config(const TempDir& dir) {
  StoreConfig c;
  c.data_dir = dir.str();
  return c;
}

}  // namespace exodetect::store::test_data
