#pragma once

#include <cstddef>
#include <functional>

namespace exodetect::common {

// Number of worker threads to use: `requested` when > 0, else available_cpus()
// (the container's CPU quota, not the host's cores).
unsigned resolve_threads(int requested);

// Runs body(begin, end) over [0, n) split into chunks of `grain` items, pulled dynamically by
// `threads` threads (work stealing in its simplest form: a shared atomic cursor). Exceptions
// thrown by the body are rethrown in the caller after all threads stop.
void parallel_for(size_t n, size_t grain, unsigned threads,
                  const std::function<void(size_t begin, size_t end)>& body);

}  // namespace exodetect::common
