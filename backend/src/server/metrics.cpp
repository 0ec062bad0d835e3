#include "exodetect/server/metrics.hpp"

#include <cstdio>

namespace exodetect::server {
namespace {

const std::vector<double>& request_bounds() {
  static const std::vector<double> b = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                        0.1,    0.25,  0.5,    1,     2.5,  5,     10};
  return b;
}

const std::vector<double>& job_bounds() {
  static const std::vector<double> b = {0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800};
  return b;
}

std::string format_double(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

std::string escape_label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

Histogram::Histogram(std::vector<double> bounds_s)
    : bounds_(std::move(bounds_s)), counts_(new std::atomic<uint64_t>[bounds_.size() + 1]) {
  for (size_t i = 0; i <= bounds_.size(); ++i) counts_[i] = 0;
}

void Histogram::observe(double seconds) {
  size_t i = 0;
  while (i < bounds_.size() && seconds > bounds_[i]) ++i;
  counts_[i].fetch_add(1, std::memory_order_relaxed);
  sum_us_.fetch_add(uint64_t(seconds * 1e6), std::memory_order_relaxed);
  total_.fetch_add(1, std::memory_order_relaxed);
}

void Histogram::render(std::string& out, const std::string& name, const std::string& labels) const {
  const std::string sep = labels.empty() ? "" : ",";
  uint64_t cumulative = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    cumulative += counts_[i].load(std::memory_order_relaxed);
    const std::string le = i < bounds_.size() ? format_double(bounds_[i]) : "+Inf";
    out += name + "_bucket{" + labels + sep + "le=\"" + le + "\"} " + std::to_string(cumulative) +
           "\n";
  }
  const std::string braces = labels.empty() ? "" : "{" + labels + "}";
  out += name + "_sum" + braces + " " +
         format_double(double(sum_us_.load(std::memory_order_relaxed)) / 1e6) + "\n";
  out += name + "_count" + braces + " " + std::to_string(total_.load(std::memory_order_relaxed)) +
         "\n";
}

Metrics::RouteSeries::RouteSeries() : latency(request_bounds()) {}

Metrics::Metrics(const std::vector<std::string>& route_keys) {
  for (const auto& key : route_keys) {
    auto series = std::make_unique<RouteSeries>();
    const size_t space = key.find(' ');
    series->method = key.substr(0, space);
    series->route = space == std::string::npos ? "" : key.substr(space + 1);
    routes_.push_back(std::move(series));
  }
  auto unmatched = std::make_unique<RouteSeries>();
  unmatched->method = "any";
  unmatched->route = "unmatched";
  routes_.push_back(std::move(unmatched));
}

void Metrics::observe_request(int route_index, int status, double seconds) {
  auto& series = route_index < 0 || size_t(route_index) >= routes_.size() - 1
                     ? *routes_.back()
                     : *routes_[size_t(route_index)];
  series.latency.observe(seconds);
  std::lock_guard<std::mutex> lock(series.status_mutex);
  ++series.by_status[status];
}

void Metrics::observe_job(const std::string& type, const std::string& outcome, double seconds) {
  std::lock_guard<std::mutex> lock(jobs_mutex_);
  auto& h = jobs_[{type, outcome}];
  if (!h) h = std::make_unique<Histogram>(job_bounds());
  h->observe(seconds);
}

std::string Metrics::render() const {
  std::string out;
  out += "# HELP exodetect_http_requests_total HTTP requests by route and status.\n";
  out += "# TYPE exodetect_http_requests_total counter\n";
  for (const auto& s : routes_) {
    std::lock_guard<std::mutex> lock(s->status_mutex);
    for (const auto& [status, count] : s->by_status) {
      out += "exodetect_http_requests_total{method=\"" + s->method + "\",route=\"" +
             escape_label(s->route) + "\",status=\"" + std::to_string(status) + "\"} " +
             std::to_string(count) + "\n";
    }
  }
  out += "# HELP exodetect_http_request_duration_seconds Request latency by route.\n";
  out += "# TYPE exodetect_http_request_duration_seconds histogram\n";
  for (const auto& s : routes_) {
    s->latency.render(out, "exodetect_http_request_duration_seconds",
                      "method=\"" + s->method + "\",route=\"" + escape_label(s->route) + "\"");
  }
  out += "# HELP exodetect_job_duration_seconds Job run time by type and outcome (this process).\n";
  out += "# TYPE exodetect_job_duration_seconds histogram\n";
  std::lock_guard<std::mutex> lock(jobs_mutex_);
  for (const auto& [key, h] : jobs_) {
    h->render(out, "exodetect_job_duration_seconds",
              "type=\"" + escape_label(key.first) + "\",outcome=\"" + key.second + "\"");
  }
  return out;
}

}  // namespace exodetect::server
