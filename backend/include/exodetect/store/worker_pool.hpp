#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "exodetect/store/backends.hpp"

namespace exodetect::store {

// What a handler throws when the job's own input (the client's files or parameters) is at
// fault; its message is written for the client.
class BadInput : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Runs jobs: `threads` loops that claim jobs of the handled types and call their handler,
// reporting progress; a handler's BadInput fails the job with code "bad_input" and its message,
// any other exception (std::invalid_argument included: a server-side file or model can be at
// fault too) with "internal" (its text goes to stderr under the job id, never into the job,
// which clients read), and a job still running after `job_timeout` (0: none) fails with
// "timeout" at its next progress call. Used in-process by `serve` (embedded) and by
// `exodetect worker`.
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
