#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "exodetect/ml/model.hpp"

namespace exodetect::server {

// The models a server knows (MODEL_PATH plus the data dir's trained models) and the active one.
// The active model is swapped atomically: a request holds its own shared_ptr, so activating
// another model never disturbs a prediction in flight.
class ModelRegistry {
 public:
  // `model_path`: a *.exomodel file or a directory of them; `trained_dir`: where training jobs
  // write; `active_file`: remembers the activated id across restarts.
  ModelRegistry(std::string model_path, std::string trained_dir, std::string active_file);

  // Loads model files not seen yet (training jobs may add some at any time). Unreadable files
  // are skipped and listed in load_errors().
  void refresh();
  std::shared_ptr<const ml::Model> active() const;
  std::shared_ptr<const ml::Model> find(const std::string& id) const;
  std::vector<std::shared_ptr<const ml::Model>> list() const;
  // Throws std::out_of_range for an unknown id.
  void activate(const std::string& id);
  std::vector<std::string> load_errors() const;
  const std::string& trained_dir() const { return trained_dir_; }

 private:
  void scan(const std::string& path);
  std::string model_path_, trained_dir_, active_file_;
  mutable std::mutex mutex_;
  std::map<std::string, std::string> loaded_paths_;  // path -> model id
  std::map<std::string, std::shared_ptr<const ml::Model>> by_id_;
  std::vector<std::string> errors_;
  std::shared_ptr<const ml::Model> active_;  // read/written with std::atomic_load/store
};

}  // namespace exodetect::server
