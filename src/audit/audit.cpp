// Canonical serialisation of an audit event for the hash chain.
#include "audit/audit.h"

namespace shuniu::audit {

std::string Canonical(long long seq, int64_t at, const std::optional<long long>& actor_id,
                      const std::string& actor_name, const std::string& action,
                      const std::string& object_type, const std::string& object_id,
                      const std::string& region_code, const std::string& request_id,
                      const std::string& client_ip, const std::string& before_json,
                      const std::string& after_json) {
  nlohmann::json j = {{"seq", seq},
                      {"at", at},
                      {"actor_id", actor_id ? nlohmann::json(*actor_id) : nlohmann::json()},
                      {"actor_name", actor_name},
                      {"action", action},
                      {"object_type", object_type},
                      {"object_id", object_id},
                      {"region_code", region_code},
                      {"request_id", request_id},
                      {"client_ip", client_ip},
                      {"before", before_json},
                      {"after", after_json}};
  return j.dump();  // nlohmann::json objects keep keys sorted
}

}  // namespace shuniu::audit
