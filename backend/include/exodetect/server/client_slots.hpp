#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace exodetect::server {

// Counts what clients hold open (connections, progress streams) against a total cap and a cap
// per client. A slot is held as long as any copy of its token lives.
class ClientSlots {
 public:
  // per_client 0: no cap per client (behind a proxy every connection comes from the proxy).
  ClientSlots(size_t total, size_t per_client);
  ClientSlots(const ClientSlots&) = delete;
  ClientSlots& operator=(const ClientSlots&) = delete;

  using Token = std::shared_ptr<void>;
  // A token holding one slot for `client`, or null when the total or the client's cap is
  // reached. The ClientSlots must outlive its tokens.
  Token acquire(const std::string& client);

  size_t held() const;
  size_t held_by(const std::string& client) const;
  size_t total_cap() const { return total_; }
  size_t per_client_cap() const { return per_client_; }

 private:
  void release(const std::string& client);

  const size_t total_;
  const size_t per_client_;
  mutable std::mutex mutex_;
  size_t held_ = 0;
  std::map<std::string, size_t> by_client_;
};

}  // namespace exodetect::server
