#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace exodetect::common {

// CPUs this process may really use: the least of the host's cores, the affinity mask and the
// container's CPU quota (cgroup v2 cpu.max or v1 cfs_quota_us / cfs_period_us, rounded up).
// A container limited to 2 CPUs on a 64-core host gets 2, not 64.
unsigned available_cpus();

// Bytes of memory this process may use: the container's limit (cgroup v2 memory.max or v1
// memory.limit_in_bytes) when there is one, else the host's physical memory.
size_t memory_limit_bytes();

// Parses cgroup v2 "cpu.max" text ("max 100000" or "200000 100000"): the quota in CPUs rounded
// up, or nullopt when unlimited or unreadable.
std::optional<unsigned> cpus_from_cpu_max(std::string_view text);

// Parses a cgroup memory limit ("max", or bytes); nullopt when unlimited or unreadable. v1
// reports "unlimited" as a huge number, which callers clamp to physical memory.
std::optional<size_t> bytes_from_memory_max(std::string_view text);

}  // namespace exodetect::common
