#pragma once

#include <cstdint>

namespace exodetect::common {

// SplitMix64 (Steele, Lea and Flood 2014): advances `state` and returns its next 64 random
// bits. The same stream on every platform and compiler, so seeded results are reproducible.
uint64_t splitmix64(uint64_t& state);

}  // namespace exodetect::common
