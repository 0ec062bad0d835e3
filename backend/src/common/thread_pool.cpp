#include "exodetect/common/thread_pool.hpp"

#include "exodetect/common/resources.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace exodetect::common {

unsigned resolve_threads(int requested) {
  if (requested > 0) return static_cast<unsigned>(requested);
  return available_cpus();
}

void parallel_for(size_t n, size_t grain, unsigned threads,
                  const std::function<void(size_t, size_t)>& body) {
  if (n == 0) return;
  grain = std::max<size_t>(grain, 1);
  size_t chunks = (n + grain - 1) / grain;
  unsigned workers = static_cast<unsigned>(std::min<size_t>(std::max(threads, 1u), chunks));
  if (workers <= 1) {
    body(0, n);
    return;
  }
  std::atomic<size_t> cursor{0};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto run = [&] {
    while (true) {
      size_t begin = cursor.fetch_add(grain);
      if (begin >= n) return;
      try {
        body(begin, std::min(n, begin + grain));
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mutex);
        if (!error) error = std::current_exception();
        cursor.store(n);
        return;
      }
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(workers - 1);
  for (unsigned i = 1; i < workers; ++i) pool.emplace_back(run);
  run();
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

}  // namespace exodetect::common
