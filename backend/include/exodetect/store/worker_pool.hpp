#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "exodetect/store/backends.hpp"

namespace exodetect::store {

// Runs jobs: `threads` loops that claim jobs of the handled types and call their handler,
// reporting progress; a handler's std::invalid_argument fails the job with code "bad_input",
// any other exception with "internal" (its text goes to stderr, never into the job, which
// clients read), and a job still running after `job_timeout` (0: none) fails with "timeout" at
// its next progress call. Used in-process by `serve` (embedded) and by `exodetect worker`.
using JobHandler =
    std::function<nlohmann::json(const Job& job, const std::vector<std::string>& blobs,
                                 const std::function<void(double, const std::string&)>& progress)>;

class WorkerPool {
 public:
  WorkerPool(std::shared_ptr<JobQueue> queue, std::map<std::string, JobHandler> handlers,
             unsigned threads, std::string worker_name,
             std::chrono::seconds job_timeout = std::chrono::seconds(0));
  ~WorkerPool();  // stops and joins
  // Stops claiming and joins the threads (within about 0.3 s plus the time to the running
  // handlers' next progress call, where they are interrupted and their jobs requeued).
  void stop();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace exodetect::store
