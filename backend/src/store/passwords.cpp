#include "exodetect/store/passwords.hpp"

#include <sodium.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <stdexcept>

#include "exodetect/common/resources.hpp"
#include "internal.hpp"

namespace exodetect::store {
namespace {

using detail::ensure_sodium;

// Each argon2 hash takes crypto_pwhash_MEMLIMIT_INTERACTIVE (64 MiB) while it runs; a burst
// of logins must not add up past the container's memory, so at most a quarter of it is spent
// on hashes at once and further logins wait their turn.
class HashGate {
 public:
  HashGate()
      : free_(unsigned(std::clamp<size_t>(
            memory_limit_bytes() / 4 / crypto_pwhash_MEMLIMIT_INTERACTIVE, 1, 64))) {}
  template <class Fn>
  auto run(Fn&& fn) {
    {
      std::unique_lock<std::mutex> lock(mutex_);
      cv_.wait(lock, [this] { return free_ > 0; });
      --free_;
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

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  unsigned free_;
};

HashGate& hash_gate() {
  static HashGate gate;
  return gate;
}

}  // namespace

std::string hash_password(const std::string& password) {
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (hash_gate().run([&] {
        return crypto_pwhash_str(out, password.data(), password.size(),
                                 crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                 crypto_pwhash_MEMLIMIT_INTERACTIVE);
      }) != 0) {
    throw std::runtime_error("password hashing ran out of memory");
  }
  return out;
}

bool verify_password(const std::string& password, const std::string& hash) {
  ensure_sodium();
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  return hash_gate().run([&] {
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size());
  }) == 0;
}

}  // namespace exodetect::store
