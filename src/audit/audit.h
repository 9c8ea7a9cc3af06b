// Audit events: what happened, by whom, to what; hash-chained and append-only.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace shuniu::audit {

struct Event {
  long long seq = 0;
  int64_t at = 0;
  std::optional<long long> actor_id;
  std::string actor_name;
  std::string action;       // e.g. "user.create", "auth.login"
  std::string object_type;  // e.g. "user"
  std::string object_id;
  std::string region_code;  // scope of the event, for scoped reading
  std::string request_id;
  std::string client_ip;
  std::optional<nlohmann::json> before;
  std::optional<nlohmann::json> after;
  std::string prev_hash;
  std::string hash;
};

// The canonical text hashed into the chain (stable key order).
std::string Canonical(long long seq, int64_t at, const std::optional<long long>& actor_id,
                      const std::string& actor_name, const std::string& action,
                      const std::string& object_type, const std::string& object_id,
                      const std::string& region_code, const std::string& request_id,
                      const std::string& client_ip, const std::string& before_json,
                      const std::string& after_json);

}  // namespace shuniu::audit
