#include <pthread.h>
#include <signal.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include <spdlog/spdlog.h>

#include "exodetect/server/api_server.hpp"
#include "exodetect/server/jobs.hpp"
#include "exodetect/store/worker_pool.hpp"
#include "service.hpp"

// `exodetect worker` and the signal handling of serve and worker.
namespace exodetect::server {

void install_shutdown_handler(std::function<void()> on_signal) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  std::thread([set, on_signal = std::move(on_signal)] {
    int sig = 0;
    sigwait(&set, &sig);
    spdlog::info(R"("event":"shutdown","signal":{})", sig);
    on_signal();
  }).detach();
}

int run_worker(const ServerConfig& config, const std::string& worker_name) {
  if (config.store.redis_url.empty()) {
    throw std::invalid_argument(
        "exodetect worker needs Redis: set REDIS_URL (or REDIS_HOST); in the embedded default "
        "`exodetect serve` runs the jobs itself");
  }
  std::mutex mutex;
  std::condition_variable cv;
  bool done = false;
  install_shutdown_handler([&] {
    std::lock_guard<std::mutex> lock(mutex);
    done = true;
    cv.notify_all();
  });
  auto backends = store::make_backends(config.store, config.rate_per_minute, config.rate_burst);
  const JobContext context = make_job_context(config, worker_name);
  store::WorkerPool pool(backends.jobs, make_job_handlers(context), config.job_workers, worker_name,
                         std::chrono::seconds(config.job_timeout_s));
  spdlog::info(R"("event":"worker_started","name":{},"threads":{},"redis":true)",
               json_string(worker_name), config.job_workers);
  std::unique_lock<std::mutex> lock(mutex);
  cv.wait(lock, [&] { return done; });
  pool.stop();
  spdlog::info(R"("event":"worker_stopped","name":{})", json_string(worker_name));
  return 0;
}

}  // namespace exodetect::server
