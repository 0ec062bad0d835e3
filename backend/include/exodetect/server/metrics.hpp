#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace exodetect::server {

// A Prometheus histogram with fixed upper bounds (seconds); lock-free observe.
class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds_s);
  void observe(double seconds);
  // Appends the _bucket/_sum/_count lines of `name` with `labels` ("a=\"b\"" or empty).
  void render(std::string& out, const std::string& name, const std::string& labels) const;

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;  // one per bound, plus +Inf
  std::atomic<uint64_t> sum_us_{0};
  std::atomic<uint64_t> total_{0};
};

// Request and job metrics of one process, rendered in the Prometheus text format.
class Metrics {
 public:
  // Routes are known up front so per-route series need no lock on the hot path.
  explicit Metrics(const std::vector<std::string>& route_keys);  // "GET /health", ...
  // `route_index` is the route's position in route_keys, or -1 for unmatched requests.
  void observe_request(int route_index, int status, double seconds);
  void observe_job(const std::string& type, const std::string& outcome, double seconds);
  // Request/job series; gauges (queue depth, cache, jobs by state) are appended by the caller.
  std::string render() const;

 private:
  struct RouteSeries {
    std::string method, route;
    std::array<std::atomic<uint64_t>, 6> by_class{};  // 1xx..5xx by status / 100, [0] unused
    mutable std::mutex status_mutex;
    std::map<int, uint64_t> by_status;
    Histogram latency;
    RouteSeries();
  };
  std::vector<std::unique_ptr<RouteSeries>> routes_;  // last one: unmatched
  mutable std::mutex jobs_mutex_;
  std::map<std::pair<std::string, std::string>, std::unique_ptr<Histogram>> jobs_;
};

}  // namespace exodetect::server
