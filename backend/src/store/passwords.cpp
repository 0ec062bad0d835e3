#include "exodetect/store/passwords.hpp"

#include <sodium.h>

#include <stdexcept>

#include "exodetect/common/resources.hpp"
#include "hash_gate.hpp"
#include "internal.hpp"

namespace exodetect::store {

using common::memory_limit_bytes;

using detail::ensure_sodium;

namespace detail {

HashGate& password_hash_gate() {
  static_assert(crypto_pwhash_MEMLIMIT_INTERACTIVE == kHashMemoryBytes);
  static HashGate gate(hash_slots(memory_limit_bytes()));
  return gate;
}

}  // namespace detail

std::string hash_password(const std::string& password) {
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (detail::password_hash_gate().run([&] {
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
  return detail::password_hash_gate().run([&] {
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size());
  }) == 0;
}

}  // namespace exodetect::store
