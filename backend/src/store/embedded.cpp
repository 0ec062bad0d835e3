// The embedded backends: everything in-process, jobs kept on local disk (the users are in
// sqlite_user_store.cpp).

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <fstream>
#include <list>
#include <mutex>
#include <set>
#include <sstream>
#include <unordered_map>

#include "exodetect/common/file_io.hpp"
#include "internal.hpp"

namespace exodetect::store::detail {

using common::write_file_atomic;

namespace fs = std::filesystem;
namespace {

// Raw bytes, unlike common's read_file_bytes, which would gunzip uploaded .gz blobs.
std::optional<std::string> read_raw(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return ss.str();
}

nlohmann::json job_to_json(const Job& job, size_t blob_count, int attempts) {
  return {{"id", job.id},
          {"type", job.type},
          {"status", to_string(job.status)},
          {"progress", job.progress},
          {"stage", job.stage},
          {"params", job.params},
          {"error_code", job.error_code},
          {"error_message", job.error_message},
          {"created_ms", job.created_ms},
          {"updated_ms", job.updated_ms},
          {"blobs", blob_count},
          {"attempts", attempts}};
}

Job job_from_json(const nlohmann::json& j) {
  Job job;
  job.id = j.at("id").get<std::string>();
  job.type = j.at("type").get<std::string>();
  job.status = job_status_from_string(j.at("status").get<std::string>());
  job.progress = j.at("progress").get<double>();
  job.stage = j.at("stage").get<std::string>();
  job.params = j.at("params");
  job.error_code = j.at("error_code").get<std::string>();
  job.error_message = j.at("error_message").get<std::string>();
  job.created_ms = j.at("created_ms").get<int64_t>();
  job.updated_ms = j.at("updated_ms").get<int64_t>();
  return job;
}

// Jobs live in memory (without their results) and on disk under <data_dir>/jobs/<id>/:
// job.json (state), blob-<n> (inputs) and result.json. Only state transitions are written;
// progress is memory-only since a restart requeues running jobs from the start anyway.
class EmbeddedJobQueue : public JobQueue {
 public:
  explicit EmbeddedJobQueue(const StoreConfig& config)
      : root_(fs::path(config.data_dir) / "jobs"),
        max_depth_(config.max_queue_depth),
        retention_ms_(static_cast<int64_t>(config.result_ttl.count()) * 1000) {
    std::error_code ec;
    fs::create_directories(root_, ec);
    if (ec) throw std::runtime_error("cannot create " + root_.string() + ": " + ec.message());
    load();
  }

  std::string submit(const std::string& type, const nlohmann::json& params,
                     std::vector<std::string> blobs) override {
    check_job_type(type);
    check_job_inputs(blobs.size());
    const auto stored_params = nlohmann::json::parse(dump_params(params));
    {
      std::lock_guard lock(mutex_);
      if (queued_.size() + running_ + reserved_ >= max_depth_) {
        throw QueueFull("job queue is full (" + std::to_string(max_depth_) + " jobs)");
      }
      ++reserved_;  // holds the slot while the (possibly large) inputs are written unlocked
    }
    Job job;
    job.id = new_job_id();
    job.type = type;
    job.params = stored_params;
    job.created_ms = job.updated_ms = now_ms();
    const fs::path dir = root_ / job.id;
    try {
      fs::create_directories(dir);
      for (size_t i = 0; i < blobs.size(); ++i) {
        write_file_atomic((dir / ("blob-" + std::to_string(i))).string(), blobs[i]);
      }
      write_file_atomic((dir / "job.json").string(), job_to_json(job, blobs.size(), 0).dump());
    } catch (const std::exception& e) {
      std::error_code ec;
      fs::remove_all(dir, ec);
      std::lock_guard lock(mutex_);
      --reserved_;
      throw std::runtime_error(std::string("cannot store job: ") + e.what());
    }
    bool prune = false;
    {
      std::lock_guard lock(mutex_);
      --reserved_;
      jobs_[job.id] = Entry{job, blobs.size()};
      queued_.push_back(job.id);
      prune = ++submissions_ % kPruneEvery == 0;
    }
    cv_.notify_all();
    if (prune) prune_expired();
    return job.id;
  }

  std::optional<Job> get(const std::string& id) override {
    auto job = state(id);
    if (job && job->status == JobStatus::kDone) {
      const auto text = read_raw(root_ / id / "result.json");
      if (!text) throw std::runtime_error("result of job " + id + " is missing");
      job->result = nlohmann::json::parse(*text);
    }
    return job;
  }

  std::optional<Job> state(const std::string& id) override {
    if (!valid_job_id(id)) return std::nullopt;
    std::lock_guard lock(mutex_);
    auto it = jobs_.find(id);
    if (it == jobs_.end()) return std::nullopt;
    return it->second.job;
  }

  std::vector<std::string> blobs(const std::string& id) override {
    size_t count = 0;
    {
      std::lock_guard lock(mutex_);
      auto it = valid_job_id(id) ? jobs_.find(id) : jobs_.end();
      if (it == jobs_.end()) throw std::invalid_argument("unknown job id");
      count = it->second.blob_count;
    }
    std::vector<std::string> out;
    for (size_t i = 0; i < count; ++i) {
      auto bytes = read_raw(root_ / id / ("blob-" + std::to_string(i)));
      if (!bytes)
        throw std::runtime_error("input " + std::to_string(i) + " of job " + id + " is missing");
      out.push_back(std::move(*bytes));
    }
    return out;
  }

  std::vector<Job> list(const std::string& type, size_t limit) override {
    std::vector<Job> out;
    {
      std::lock_guard lock(mutex_);
      for (const auto& [id, entry] : jobs_) {
        if (type.empty() || entry.job.type == type) out.push_back(entry.job);
      }
    }
    std::sort(out.begin(), out.end(), [](const Job& a, const Job& b) {
      return a.created_ms != b.created_ms ? a.created_ms > b.created_ms : a.id < b.id;
    });
    if (out.size() > limit) out.resize(limit);
    return out;
  }

  std::optional<Job> claim(const std::string& /*worker_id*/, const std::vector<std::string>& types,
                           std::chrono::milliseconds wait) override {
    const auto deadline = std::chrono::steady_clock::now() + wait;
    std::unique_lock lock(mutex_);
    while (true) {
      for (auto it = queued_.begin(); it != queued_.end(); ++it) {
        Entry& entry = jobs_.at(*it);
        if (std::find(types.begin(), types.end(), entry.job.type) == types.end()) continue;
        Entry running = entry;
        running.job.status = JobStatus::kRunning;
        running.job.progress = 0;
        running.job.stage.clear();
        running.job.updated_ms = now_ms();
        ++running.attempts;
        persist(running);  // first, so a disk error leaves the job queued
        entry = running;
        queued_.erase(it);
        ++running_;
        return entry.job;
      }
      if (cv_.wait_until(lock, deadline) == std::cv_status::timeout) return std::nullopt;
    }
  }

  void progress(const std::string& id, double fraction, const std::string& stage) override {
    std::lock_guard lock(mutex_);
    auto it = jobs_.find(id);
    if (it == jobs_.end() || it->second.job.status != JobStatus::kRunning) return;
    it->second.job.progress = clamp_fraction(fraction);
    it->second.job.stage = stage;
    it->second.job.updated_ms = now_ms();
  }

  void complete(const std::string& id, const nlohmann::json& result) override {
    if (!valid_job_id(id)) return;
    {
      std::lock_guard lock(mutex_);
      auto it = jobs_.find(id);
      if (it == jobs_.end() || it->second.job.status == JobStatus::kDone ||
          it->second.job.status == JobStatus::kFailed) {
        return;
      }
    }
    // The result is written before the state says done, so done always has a result.
    write_file_atomic((root_ / id / "result.json").string(), result.dump());
    finish(id, JobStatus::kDone, "", "");
  }

  void fail(const std::string& id, const std::string& code, const std::string& message) override {
    finish(id, JobStatus::kFailed, code, message);
  }

  void requeue(const std::string& id) override {
    {
      std::lock_guard lock(mutex_);
      auto it = jobs_.find(id);
      if (it == jobs_.end() || it->second.job.status != JobStatus::kRunning) return;
      --running_;
      --it->second.attempts;  // stopped, not crashed: this attempt does not count
      it->second.job.status = JobStatus::kQueued;
      it->second.job.progress = 0;
      it->second.job.stage.clear();
      it->second.job.updated_ms = now_ms();
      queued_.push_front(id);
      persist(it->second);
    }
    cv_.notify_all();
  }

  bool remove(const std::string& id) override {
    {
      std::lock_guard lock(mutex_);
      auto it = jobs_.find(id);
      if (it == jobs_.end() || it->second.job.status == JobStatus::kQueued ||
          it->second.job.status == JobStatus::kRunning) {
        return false;
      }
      jobs_.erase(it);  // from memory first, like prune_expired
    }
    std::error_code ec;
    fs::remove_all(root_ / id, ec);
    return true;
  }

  size_t depth() override {
    std::lock_guard lock(mutex_);
    return queued_.size() + running_;
  }

  bool healthy() override {
    std::error_code ec;
    return fs::is_directory(root_, ec);
  }

  std::string backend() const override { return "embedded"; }

 private:
  struct Entry {
    Job job;
    size_t blob_count = 0;
    int attempts = 0;  // claims so far; a claim the process did not survive still counts
  };

  static constexpr size_t kPruneEvery = 64;  // submissions between retention sweeps

  // Deletes finished jobs older than the retention period, from memory first so no reader
  // finds a job whose files are going.
  void prune_expired() {
    const int64_t cutoff = now_ms() - retention_ms_;
    std::vector<std::string> expired;
    {
      std::lock_guard lock(mutex_);
      for (auto it = jobs_.begin(); it != jobs_.end();) {
        const Job& job = it->second.job;
        const bool finished = job.status == JobStatus::kDone || job.status == JobStatus::kFailed;
        if (finished && job.updated_ms < cutoff) {
          expired.push_back(it->first);
          it = jobs_.erase(it);
        } else {
          ++it;
        }
      }
    }
    for (const auto& id : expired) {
      std::error_code ec;
      fs::remove_all(root_ / id, ec);
    }
  }

  void persist(const Entry& entry) {
    write_file_atomic((root_ / entry.job.id / "job.json").string(),
                      job_to_json(entry.job, entry.blob_count, entry.attempts).dump());
  }

  void finish(const std::string& id, JobStatus status, const std::string& code,
              const std::string& message) {
    std::lock_guard lock(mutex_);
    auto it = jobs_.find(id);
    if (it == jobs_.end()) return;
    Job& job = it->second.job;
    if (job.status == JobStatus::kRunning) {
      --running_;
    } else if (job.status == JobStatus::kQueued) {
      queued_.erase(std::remove(queued_.begin(), queued_.end(), id), queued_.end());
    } else {
      return;  // already finished
    }
    job.status = status;
    job.error_code = code;
    job.error_message = message;
    if (status == JobStatus::kDone) {
      job.progress = 1;
      job.stage = "done";
    }
    job.updated_ms = now_ms();
    // The inputs are only needed to run the job; the result stays until retention ends.
    const size_t blob_count = it->second.blob_count;
    it->second.blob_count = 0;
    persist(it->second);
    for (size_t i = 0; i < blob_count; ++i) {
      std::error_code ec;
      fs::remove(root_ / id / ("blob-" + std::to_string(i)), ec);
    }
  }

  // Reads every job back; queued and running ones (the process stopped mid-job) are queued
  // again in submission order. Leftover temporary files from a crash are removed.
  void load() {
    std::vector<Entry*> pending;
    for (const auto& dir : fs::directory_iterator(root_)) {
      const std::string id = dir.path().filename().string();
      if (!dir.is_directory() || !valid_job_id(id)) continue;
      for (const auto& f : fs::directory_iterator(dir.path())) {
        if (f.path().filename().string().find(".tmp-") != std::string::npos) {
          std::error_code ec;
          fs::remove(f.path(), ec);
        }
      }
      const auto text = read_raw(dir.path() / "job.json");
      if (!text) {
        // Crashed before the job was accepted: nobody holds its id, its inputs are garbage.
        std::error_code ec;
        fs::remove_all(dir.path(), ec);
        continue;
      }
      Entry entry;
      try {
        const auto j = nlohmann::json::parse(*text);
        entry.job = job_from_json(j);
        entry.blob_count = j.at("blobs").get<size_t>();
        entry.attempts = j.value("attempts", 0);
      } catch (const std::exception&) {
        continue;  // unreadable state: never reported as accepted, so skipped
      }
      if (entry.job.id != id) continue;
      Entry& stored = jobs_[id] = entry;
      if (stored.job.status == JobStatus::kQueued || stored.job.status == JobStatus::kRunning) {
        pending.push_back(&stored);
      }
    }
    std::sort(pending.begin(), pending.end(),
              [](const Entry* a, const Entry* b) { return a->job.created_ms < b->job.created_ms; });
    for (Entry* e : pending) {
      if (e->job.status == JobStatus::kRunning && e->attempts >= kMaxAttempts) {
        // The process died during each of its attempts: running it again would only repeat that.
        e->job.status = JobStatus::kFailed;
        e->job.error_code = "job_crashed";
        e->job.error_message = "the job stopped the server " + std::to_string(e->attempts) +
                               " times and is not retried";
        e->job.updated_ms = now_ms();
        persist(*e);
        continue;
      }
      if (e->job.status == JobStatus::kRunning) {
        e->job.status = JobStatus::kQueued;
        e->job.progress = 0;
        e->job.stage.clear();
        persist(*e);
      }
      queued_.push_back(e->job.id);
    }
    prune_expired();
  }

  const fs::path root_;
  const size_t max_depth_;
  std::mutex mutex_;
  std::condition_variable cv_;
  std::map<std::string, Entry> jobs_;
  std::deque<std::string> queued_;
  const int64_t retention_ms_;
  size_t running_ = 0;
  size_t reserved_ = 0;
  size_t submissions_ = 0;
};

// LRU bounded by entry count and bytes, with a TTL per entry.
class MemoryCache : public Cache {
 public:
  explicit MemoryCache(const StoreConfig& config)
      : ttl_(config.cache_ttl),
        max_entries_(std::max<size_t>(1, config.cache_max_entries)),
        max_bytes_(config.cache_max_bytes) {}

  std::optional<std::string> get(const std::string& key) override {
    std::lock_guard lock(mutex_);
    auto it = index_.find(key);
    if (it == index_.end()) {
      ++misses_;
      return std::nullopt;
    }
    if (std::chrono::steady_clock::now() >= it->second->expires) {
      erase(it->second);
      ++misses_;
      return std::nullopt;
    }
    lru_.splice(lru_.begin(), lru_, it->second);
    ++hits_;
    return it->second->value;
  }

  void put(const std::string& key, const std::string& value) override {
    const size_t size = key.size() + value.size();
    if (size > max_bytes_) return;  // would evict everything else and still not fit
    std::lock_guard lock(mutex_);
    if (auto it = index_.find(key); it != index_.end()) erase(it->second);
    lru_.push_front(Item{key, value, std::chrono::steady_clock::now() + ttl_});
    index_[key] = lru_.begin();
    bytes_ += size;
    while (lru_.size() > max_entries_ || bytes_ > max_bytes_) erase(std::prev(lru_.end()));
  }

  uint64_t hits() const override {
    std::lock_guard lock(mutex_);
    return hits_;
  }
  uint64_t misses() const override {
    std::lock_guard lock(mutex_);
    return misses_;
  }
  bool healthy() override { return true; }
  std::string backend() const override { return "embedded"; }

 private:
  struct Item {
    std::string key;
    std::string value;
    std::chrono::steady_clock::time_point expires;
  };

  void erase(std::list<Item>::iterator it) {
    bytes_ -= it->key.size() + it->value.size();
    index_.erase(it->key);
    lru_.erase(it);
  }

  const std::chrono::seconds ttl_;
  const size_t max_entries_;
  const size_t max_bytes_;
  mutable std::mutex mutex_;
  std::list<Item> lru_;  // most recently used first
  std::unordered_map<std::string, std::list<Item>::iterator> index_;
  size_t bytes_ = 0;
  uint64_t hits_ = 0;
  uint64_t misses_ = 0;
};

class LocalRateLimiter : public RateLimiter {
 public:
  LocalRateLimiter(double rate_per_minute, double burst)
      : rate_per_s_(rate_per_minute / 60), burst_(burst) {}

  int acquire(const std::string& key) override {
    constexpr size_t kMaxKeys = 100000;
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(mutex_);
    if (buckets_.size() >= kMaxKeys) prune(now);
    auto [it, inserted] = buckets_.try_emplace(key, Bucket{burst_, now});
    Bucket& b = it->second;
    refill(b, now);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return std::max(1, static_cast<int>(std::ceil((1 - b.tokens) / rate_per_s_)));
  }

  void refund(const std::string& key) override {
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard lock(mutex_);
    auto it = buckets_.find(key);
    if (it == buckets_.end()) return;  // pruned: already full
    refill(it->second, now);
    it->second.tokens = std::min(burst_, it->second.tokens + 1);
  }

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point last;
  };

  void refill(Bucket& b, std::chrono::steady_clock::time_point now) const {
    const double elapsed_s = std::chrono::duration<double>(now - b.last).count();
    b.tokens = std::min(burst_, b.tokens + elapsed_s * rate_per_s_);
    b.last = now;
  }

  // Full buckets carry no state worth keeping, so they are dropped to bound memory.
  void prune(std::chrono::steady_clock::time_point now) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      refill(it->second, now);
      it = it->second.tokens >= burst_ ? buckets_.erase(it) : std::next(it);
    }
  }

  const double rate_per_s_;
  const double burst_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace

std::shared_ptr<JobQueue> make_embedded_job_queue(const StoreConfig& config) {
  return std::make_shared<EmbeddedJobQueue>(config);
}

std::shared_ptr<Cache> make_memory_cache(const StoreConfig& config) {
  return std::make_shared<MemoryCache>(config);
}

std::shared_ptr<RateLimiter> make_local_rate_limiter(double rate_per_minute, double burst) {
  return std::make_shared<LocalRateLimiter>(rate_per_minute, burst);
}

}  // namespace exodetect::store::detail
