// A short-lived in-process cache of resolved sessions, so the hot path of every
// request does not read the sessions and users tables. Entries live at most
// ttl_ms; logout, password change, lock, reset and role/region edits erase
// them at once on this server (other servers see the change within ttl_ms).
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "auth/user.h"

namespace shuniu::auth {

class SessionCache {
 public:
  struct Entry {
    Principal principal;
    Session session;
    int64_t fetched_at = 0;
  };
  explicit SessionCache(int64_t ttl_ms = 2000) : ttl_ms_(ttl_ms) {}

  std::optional<Entry> Get(const std::string& token_hash, int64_t now);
  void Put(const std::string& token_hash, Entry e);
  void EraseSession(const std::string& token_hash);
  void EraseUser(long long user_id);

 private:
  int64_t ttl_ms_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> map_;
};

}  // namespace shuniu::auth
