// Argon2 password hashes take 64 MiB each while they run: the gate keeps a burst of logins
// within a quarter of the container's memory.
#include <gtest/gtest.h>

#include <sodium.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "../../src/store/hash_gate.hpp"
#include "exodetect/store/backends.hpp"
#include "exodetect/store/passwords.hpp"

namespace exodetect::store {
namespace {

TEST(HashGate, SlotsAreAQuarterOfTheMemoryLimit) {
  EXPECT_EQ(detail::hash_slots(size_t(1) << 30), 4u);  // the production backend's 1 GiB
  EXPECT_EQ(detail::hash_slots(size_t(2) << 30), 8u);
  EXPECT_EQ(detail::hash_slots(size_t(100) << 20), 1u);  // always one
  EXPECT_EQ(detail::hash_slots(size_t(1) << 40), 64u);
}

TEST(HashGate, RealHashesWaitForAFreeSlot) {
  ASSERT_GE(sodium_init(), 0);
  detail::HashGate gate(2);
  std::atomic<int> running{0}, most{0};
  std::vector<std::thread> logins;
  for (int i = 0; i < 6; ++i) {
    logins.emplace_back([&] {
      gate.run([&] {
        const int now = ++running;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        char out[crypto_pwhash_STRBYTES];
        const int rc = crypto_pwhash_str(out, "password", 8, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                         crypto_pwhash_MEMLIMIT_INTERACTIVE);
        --running;
        return rc;
      });
    });
  }
  for (auto& t : logins) t.join();
  EXPECT_LE(most.load(), 2);
  EXPECT_EQ(gate.runs(), 6u);
}

TEST(HashGate, PasswordHashesPassTheProcessGate) {
  detail::HashGate& gate = detail::password_hash_gate();
  const size_t before = gate.runs();
  const std::string hash = hash_password("correct horse");
  EXPECT_TRUE(verify_password("correct horse", hash));
  EXPECT_FALSE(verify_password("wrong horse", hash));
  EXPECT_EQ(gate.runs(), before + 3);
}

}  // namespace
}  // namespace exodetect::store
