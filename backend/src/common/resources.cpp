#include "exodetect/common/resources.hpp"

#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

namespace exodetect::common {
namespace {

std::string read_text(const char* path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::optional<double> leading_number(std::string_view text) {
  const std::string s(text);
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (end == s.c_str()) return std::nullopt;
  return v;
}

std::optional<unsigned> quota_cpus() {
  if (auto v2 = cpus_from_cpu_max(read_text("/sys/fs/cgroup/cpu.max"))) return v2;
  for (const char* dir : {"/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpu,cpuacct"}) {
    const auto quota = leading_number(read_text((std::string(dir) + "/cpu.cfs_quota_us").c_str()));
    const auto period =
        leading_number(read_text((std::string(dir) + "/cpu.cfs_period_us").c_str()));
    if (quota && period && *quota > 0 && *period > 0) {
      return cpus_from_cpu_max(std::to_string(int64_t(*quota)) + " " +
                               std::to_string(int64_t(*period)));
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<unsigned> cpus_from_cpu_max(std::string_view text) {
  const auto space = text.find(' ');
  if (space == std::string_view::npos || text.substr(0, 3) == "max") return std::nullopt;
  const auto quota = leading_number(text.substr(0, space));
  const auto period = leading_number(text.substr(space + 1));
  if (!quota || !period || *quota <= 0 || *period <= 0) return std::nullopt;
  const double cpus = *quota / *period;
  return unsigned(std::max(1.0, double(int64_t(cpus + 0.999))));
}

std::optional<size_t> bytes_from_memory_max(std::string_view text) {
  if (text.substr(0, 3) == "max") return std::nullopt;
  const auto v = leading_number(text);
  if (!v || *v <= 0) return std::nullopt;
  return size_t(*v);
}

unsigned available_cpus() {
  unsigned cpus = std::max(1u, std::thread::hardware_concurrency());
  cpu_set_t set;
  if (::sched_getaffinity(0, sizeof set, &set) == 0) {
    cpus = std::min(cpus, unsigned(std::max(1, CPU_COUNT(&set))));
  }
  if (auto quota = quota_cpus()) cpus = std::min(cpus, *quota);
  return cpus;
}

size_t memory_limit_bytes() {
  const size_t physical = size_t(::sysconf(_SC_PHYS_PAGES)) * size_t(::sysconf(_SC_PAGESIZE));
  auto limit = bytes_from_memory_max(read_text("/sys/fs/cgroup/memory.max"));
  if (!limit)
    limit = bytes_from_memory_max(read_text("/sys/fs/cgroup/memory/memory.limit_in_bytes"));
  return limit ? std::min(*limit, physical) : physical;
}

}  // namespace exodetect::common
