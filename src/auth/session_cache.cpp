// Session cache implementation: a mutex-guarded map, cleared when it grows large.
#include "auth/session_cache.h"

namespace shuniu::auth {

std::optional<SessionCache::Entry> SessionCache::Get(const std::string& token_hash, int64_t now) {
  std::lock_guard<std::mutex> lk(mu_);
  auto it = map_.find(token_hash);
  if (it == map_.end()) return std::nullopt;
  if (now - it->second.fetched_at > ttl_ms_ || now < it->second.fetched_at) {
    map_.erase(it);
    return std::nullopt;
  }
  return it->second;
}

void SessionCache::Put(const std::string& token_hash, Entry e) {
  std::lock_guard<std::mutex> lk(mu_);
  if (map_.size() > 100000) map_.clear();
  map_[token_hash] = std::move(e);
}

void SessionCache::EraseSession(const std::string& token_hash) {
  std::lock_guard<std::mutex> lk(mu_);
  map_.erase(token_hash);
}

void SessionCache::EraseUser(long long user_id) {
  std::lock_guard<std::mutex> lk(mu_);
  for (auto it = map_.begin(); it != map_.end();) {
    if (it->second.principal.user_id == user_id)
      it = map_.erase(it);
    else
      ++it;
  }
}

}  // namespace shuniu::auth
