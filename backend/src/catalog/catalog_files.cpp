#include "exodetect/catalog/catalog_files.hpp"

#include <algorithm>
#include <filesystem>
#include <vector>

namespace exodetect::catalog {

std::optional<std::string> find_catalog_export(const std::string& dir, const std::string& kind) {
  std::error_code ec;
  std::vector<std::string> matches;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(kind, 0) == 0 && name.find(".csv") != std::string::npos) {
      matches.push_back(entry.path().string());
    }
  }
  if (matches.empty()) return std::nullopt;
  return *std::max_element(matches.begin(), matches.end());
}

std::string default_catalog_dir() {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<fs::path> tried = {fs::current_path(ec) / "data" / "catalogs"};
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) tried.push_back(exe.parent_path().parent_path() / "data" / "catalogs");
  for (const auto& dir : tried) {
    if (fs::is_directory(dir, ec)) return dir.string();
  }
  return "data/catalogs";
}

}  // namespace exodetect::catalog
