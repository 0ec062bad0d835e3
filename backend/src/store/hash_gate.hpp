#pragma once

// Private to the store module: the gate every argon2 password hash passes (passwords.cpp).

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <mutex>

namespace exodetect::store::detail {

// Memory one argon2 hash takes while it runs (crypto_pwhash_MEMLIMIT_INTERACTIVE).
constexpr size_t kHashMemoryBytes = size_t(64) << 20;

// Hashes allowed at once in `memory_bytes` (the container's limit): a quarter of it, 1 to 64.
inline unsigned hash_slots(size_t memory_bytes) {
  return unsigned(std::clamp<size_t>(memory_bytes / 4 / kHashMemoryBytes, 1, 64));
}

// Runs at most `slots` functions at once; the others wait their turn. A burst of logins thus
// cannot add up past the container's memory.
class HashGate {
 public:
  explicit HashGate(unsigned slots) : free_(slots) {}

  template <class Fn>
  auto run(Fn&& fn) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      cv_.wait(lock, [this] { return free_ > 0; });
      --free_;
      ++runs_;
    }
    struct Release {
      HashGate* gate;
      ~Release() {
        {
          std::lock_guard<std::mutex> lock(gate->mutex_);
          ++gate->free_;
        }
        gate->cv_.notify_one();
      }
    } release{this};
    return fn();
  }

  // Functions that have passed the gate so far.
  size_t runs() {
    std::lock_guard<std::mutex> lock(mutex_);
    return runs_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  unsigned free_;
  size_t runs_ = 0;
};

// The process's gate, sized from memory_limit_bytes().
HashGate& password_hash_gate();

}  // namespace exodetect::store::detail
