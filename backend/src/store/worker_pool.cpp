#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <thread>

#include "exodetect/common/thread_pool.hpp"
#include "exodetect/store/worker_pool.hpp"

namespace exodetect::store {

using common::resolve_threads;

namespace {

constexpr std::chrono::milliseconds kClaimWait{300};   // also bounds how long stop() waits
constexpr std::chrono::milliseconds kRetryDelay{300};  // after the queue backend failed
constexpr std::chrono::milliseconds kProgressInterval{100};

// Thrown through a handler from its progress callback when the pool stops; deliberately not a
// std::exception so handlers that catch those do not swallow it.
struct Cancelled {};
// Thrown the same way when the job has run past the pool's job timeout.
struct TimedOut {};

}  // namespace

struct WorkerPool::Impl {
  std::shared_ptr<JobQueue> queue;
  std::map<std::string, JobHandler> handlers;
  std::vector<std::string> types;
  std::atomic<bool> stopping{false};
  std::chrono::seconds job_timeout{0};
  std::mutex mutex;
  std::condition_variable cv;
  std::vector<std::thread> threads;

  void sleep_unless_stopping(std::chrono::milliseconds delay) {
    std::unique_lock lock(mutex);
    cv.wait_for(lock, delay, [this] { return stopping.load(); });
  }

  void run(const std::string& worker_id) {
    while (!stopping) {
      std::optional<Job> job;
      try {
        job = queue->claim(worker_id, types, kClaimWait);
      } catch (const std::exception&) {
        sleep_unless_stopping(kRetryDelay);  // backend down: retry until it is back
        continue;
      }
      if (job) execute(*job);
    }
  }

  void execute(const Job& job) {
    // Handlers may report very often (and from several threads), so updates are forwarded at
    // most every kProgressInterval unless the stage changes.
    std::mutex report_mutex;
    std::chrono::steady_clock::time_point last_report{};
    std::string last_stage;
    const auto started = std::chrono::steady_clock::now();
    auto report = [&](double fraction, const std::string& stage) {
      if (stopping) throw Cancelled{};
      if (job_timeout.count() > 0 && std::chrono::steady_clock::now() - started > job_timeout) {
        throw TimedOut{};
      }
      {
        std::lock_guard lock(report_mutex);
        const auto now = std::chrono::steady_clock::now();
        if (stage == last_stage && now - last_report < kProgressInterval) return;
        last_report = now;
        last_stage = stage;
      }
      try {
        queue->progress(job.id, fraction, stage);
      } catch (const std::exception&) {
        // Progress is advisory: a backend hiccup must not fail the job.
      }
    };
    std::string code;
    std::string message;
    try {
      const std::vector<std::string> inputs = queue->blobs(job.id);
      const nlohmann::json result = handlers.at(job.type)(job, inputs, report);
      queue->complete(job.id, result);
      return;
    } catch (const Cancelled&) {
      try {
        queue->requeue(job.id);
      } catch (const std::exception&) {
        // Unreachable backend: the embedded queue requeues on restart, Redis reclaims it.
      }
      return;
    } catch (const TimedOut&) {
      code = "timeout";
      message = "the job ran longer than " + std::to_string(job_timeout.count()) +
                " s (EXODETECT_JOB_TIMEOUT_S) and was stopped";
    } catch (const BadInput& e) {
      code = "bad_input";
      message = e.what();
    } catch (const std::exception& e) {
      code = "internal";
      message = "the job failed on the server (job " + job.id + ")";
      std::fprintf(stderr, "{\"event\":\"job_failed\",\"job\":\"%s\",\"error\":%s}\n",
                   job.id.c_str(),
                   nlohmann::json(e.what())
                       .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                       .c_str());
    } catch (...) {
      code = "internal";
      message = "the job failed on the server (job " + job.id + ")";
    }
    try {
      queue->fail(job.id, code, message);
    } catch (const std::exception&) {
      // As above: the job is retried later rather than lost.
    }
  }
};

WorkerPool::WorkerPool(std::shared_ptr<JobQueue> queue, std::map<std::string, JobHandler> handlers,
                       unsigned threads, std::string worker_name, std::chrono::seconds job_timeout)
    : impl_(std::make_unique<Impl>()) {
  impl_->job_timeout = job_timeout;
  if (!queue) throw std::invalid_argument("WorkerPool needs a job queue");
  if (handlers.empty()) throw std::invalid_argument("WorkerPool needs at least one handler");
  impl_->queue = std::move(queue);
  impl_->handlers = std::move(handlers);
  for (const auto& [type, handler] : impl_->handlers) impl_->types.push_back(type);
  const unsigned n = resolve_threads(static_cast<int>(threads));
  for (unsigned i = 0; i < n; ++i) {
    const std::string id = worker_name + "-" + std::to_string(i);
    impl_->threads.emplace_back([impl = impl_.get(), id] { impl->run(id); });
  }
}

WorkerPool::~WorkerPool() { stop(); }

void WorkerPool::stop() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
  }
  impl_->cv.notify_all();
  for (auto& t : impl_->threads) {
    if (t.joinable()) t.join();
  }
}

}  // namespace exodetect::store
