#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include "exodetect/server/http.hpp"

namespace exodetect::server {
namespace {

void wait_until_queued(const FifoGate& gate, size_t n) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (gate.waiting() < n) {
    ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "callers never queued";
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

TEST(FifoGate, NeverAdmitsMoreThanItsCapacity) {
  FifoGate gate(2);
  std::atomic<int> inside{0}, most{0}, done{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        gate.run([&] {
          int now = ++inside;
          int seen = most.load();
          while (now > seen && !most.compare_exchange_weak(seen, now)) {
          }
          std::this_thread::yield();
          --inside;
        });
        ++done;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(done.load(), 8 * 200);
  EXPECT_EQ(most.load(), 2);
  EXPECT_EQ(gate.waiting(), 0u);
}

TEST(FifoGate, AdmitsInArrivalOrder) {
  FifoGate gate(1);
  std::atomic<bool> holding{false}, release{false};
  std::thread holder([&] {
    gate.run([&] {
      holding = true;
      while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    });
  });
  while (!holding) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::vector<int> order;  // written by one admitted caller at a time
  std::vector<std::thread> queued;
  for (int i = 0; i < 5; ++i) {
    queued.emplace_back([&, i] { gate.run([&] { order.push_back(i); }); });
    wait_until_queued(gate, size_t(i) + 1);
  }
  release = true;
  holder.join();
  for (auto& t : queued) t.join();
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST(FifoGate, ReleasesTheSlotWhenTheCallThrows) {
  FifoGate gate(1);
  EXPECT_THROW(gate.run([]() -> int { throw std::runtime_error("handler failed"); }),
               std::runtime_error);
  EXPECT_EQ(gate.run([] { return 7; }), 7);
}

}  // namespace
}  // namespace exodetect::server
