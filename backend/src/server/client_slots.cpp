#include "exodetect/server/client_slots.hpp"

namespace exodetect::server {

ClientSlots::ClientSlots(size_t total, size_t per_client)
    : total_(total), per_client_(per_client) {}

ClientSlots::Token ClientSlots::acquire(const std::string& client) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (held_ >= total_) return nullptr;
    auto it = by_client_.find(client);
    const size_t mine = it == by_client_.end() ? 0 : it->second;
    if (per_client_ > 0 && mine >= per_client_) return nullptr;
    ++held_;
    ++by_client_[client];
  }
  // The deleter releases the slot; the pointer itself only marks "held".
  return Token(static_cast<void*>(this), [this, client](void*) { release(client); });
}

void ClientSlots::release(const std::string& client) {
  std::lock_guard<std::mutex> lock(mutex_);
  --held_;
  auto it = by_client_.find(client);
  if (it != by_client_.end() && --it->second == 0) by_client_.erase(it);
}

size_t ClientSlots::held() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return held_;
}

size_t ClientSlots::held_by(const std::string& client) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = by_client_.find(client);
  return it == by_client_.end() ? 0 : it->second;
}

}  // namespace exodetect::server
