// Heap use of a piece of code, measured by replacing the global allocation functions: live bytes
// from malloc_usable_size, allocations counted. The replacements are definitions, so include
// this header in one source file of a test program only.
#pragma once

#include <malloc.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <string_view>

#include "exodetect/common/csv.hpp"

namespace exodetect::test_support {

inline std::atomic<long long> g_live_bytes{0};
inline std::atomic<long long> g_peak_bytes{0};
inline std::atomic<long long> g_allocations{0};

inline void* allocate(size_t n) {
  void* p = std::malloc(n ? n : 1);
  if (!p) throw std::bad_alloc();
  const long long live = g_live_bytes += static_cast<long long>(malloc_usable_size(p));
  long long peak = g_peak_bytes.load();
  while (live > peak && !g_peak_bytes.compare_exchange_weak(peak, live)) {
  }
  ++g_allocations;
  return p;
}

inline void release(void* p) noexcept {
  if (!p) return;
  g_live_bytes -= static_cast<long long>(malloc_usable_size(p));
  std::free(p);
}

struct HeapUse {
  long long allocations = 0;
  long long peak_bytes = 0;  // above what was live before
};

template <class Fn>
HeapUse heap_use(Fn&& fn) {
  const long long before = g_live_bytes.load();
  g_peak_bytes = before;
  const long long allocations = g_allocations.load();
  fn();
  return {g_allocations.load() - allocations, g_peak_bytes.load() - before};
}

// The heap of reading `text` as a table of one string per cell: what a reader that streams
// numbers into columns stays well under.
inline HeapUse string_table_heap(std::string_view text) {
  return heap_use([&] { const common::CsvTable table = common::parse_csv(text); });
}

}  // namespace exodetect::test_support

void* operator new(size_t n) { return exodetect::test_support::allocate(n); }
void* operator new[](size_t n) { return exodetect::test_support::allocate(n); }
void operator delete(void* p) noexcept { exodetect::test_support::release(p); }
void operator delete[](void* p) noexcept { exodetect::test_support::release(p); }
void operator delete(void* p, size_t) noexcept { exodetect::test_support::release(p); }
void operator delete[](void* p, size_t) noexcept { exodetect::test_support::release(p); }
