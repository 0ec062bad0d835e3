#include "exodetect/server/models.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include <spdlog/spdlog.h>

#include "exodetect/common/file_io.hpp"

namespace exodetect::server {

using common::write_file_atomic;

namespace fs = std::filesystem;

ModelRegistry::ModelRegistry(std::string model_path, std::string trained_dir,
                             std::string active_file)
    : model_path_(std::move(model_path)),
      trained_dir_(std::move(trained_dir)),
      active_file_(std::move(active_file)) {
  refresh();
}

void ModelRegistry::scan(const std::string& path) {
  std::error_code ec;
  std::vector<std::string> files;
  if (fs::is_directory(path, ec)) {
    for (const auto& entry : fs::directory_iterator(path, ec)) {
      if (entry.path().extension() == ".exomodel") files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
  } else if (fs::is_regular_file(path, ec)) {
    files.push_back(path);
  }
  for (const auto& file : files) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (loaded_paths_.count(file)) continue;
    }
    try {
      auto model = ml::Model::load(file);  // slow part outside the lock
      std::lock_guard<std::mutex> lock(mutex_);
      loaded_paths_[file] = model->id();
      by_id_.emplace(model->id(), model);
    } catch (const std::exception& e) {
      std::lock_guard<std::mutex> lock(mutex_);
      loaded_paths_[file] = "";  // do not retry a broken file on every refresh
      errors_.push_back(file + ": " + e.what());
      spdlog::warn(R"("event":"model_load_failed","path":{},"error":{})",
                   nlohmann::json(file).dump(), nlohmann::json(std::string(e.what())).dump());
    }
  }
}

void ModelRegistry::refresh() {
  scan(model_path_);
  if (!trained_dir_.empty()) scan(trained_dir_);
  if (std::atomic_load(&active_)) return;
  // First refresh: the remembered activation, else default.exomodel, else the first model.
  std::string wanted;
  if (std::ifstream in(active_file_); in) std::getline(in, wanted);
  std::lock_guard<std::mutex> lock(mutex_);
  std::shared_ptr<const ml::Model> chosen;
  if (auto it = by_id_.find(wanted); it != by_id_.end()) chosen = it->second;
  for (const auto& [path, id] : loaded_paths_) {
    if (!chosen && fs::path(path).filename() == "default.exomodel" && by_id_.count(id)) {
      chosen = by_id_[id];
    }
  }
  if (!chosen && !by_id_.empty()) chosen = by_id_.begin()->second;
  if (chosen) std::atomic_store(&active_, chosen);
}

std::shared_ptr<const ml::Model> ModelRegistry::active() const {
  return std::atomic_load(&active_);
}

std::shared_ptr<const ml::Model> ModelRegistry::find(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second;
}

std::vector<std::shared_ptr<const ml::Model>> ModelRegistry::list() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<std::shared_ptr<const ml::Model>> out;
  for (const auto& [id, model] : by_id_) out.push_back(model);
  return out;
}

void ModelRegistry::activate(const std::string& id) {
  auto model = find(id);
  if (!model) throw std::out_of_range("no model with id '" + id + "'");
  std::atomic_store(&active_, model);
  // Remembered so a restart keeps serving the activated model.
  std::error_code ec;
  fs::create_directories(fs::path(active_file_).parent_path(), ec);
  try {
    write_file_atomic(active_file_, id + "\n");
  } catch (const std::runtime_error& e) {
    spdlog::warn(R"("event":"active_model_not_saved","error":{})", nlohmann::json(e.what()).dump());
  }
}

std::vector<std::string> ModelRegistry::load_errors() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return errors_;
}

}  // namespace exodetect::server
