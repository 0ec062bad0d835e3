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

}  // namespace exodetect::catalog
