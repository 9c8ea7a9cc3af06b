// Audit log handler: filters from the query string, scoped by the service.
#include "audit/audit_routes.h"

#include "core/time.h"
#include "core/utf8.h"

namespace shuniu::audit::routes {

http::Handler ListEvents(AuditService& s) {
  return [&s](const http::Request& req) {
    Filter f;
    Status st = http::PageParams(req, &f.page, &f.size);
    if (!st.ok()) return http::Error(st, req.request_id);
    auto q = [&](const char* k) {
      auto it = req.query.find(k);
      return it == req.query.end() ? std::string() : Utf8Prefix(it->second, 64);
    };
    f.actor_name = q("actor");
    f.action = q("action");
    f.object_type = q("object_type");
    f.object_id = q("object_id");
    for (const char* k : {"from", "to"}) {
      std::string v = q(k);
      if (v.empty()) continue;
      auto t = ParseRfc3339(v);
      if (!t)
        return http::Error(InvalidArgument(k, std::string(k) + " must be an RFC 3339 time"),
                           req.request_id);
      (std::string(k) == "from" ? f.from_ms : f.to_ms) = *t;
    }
    auto r = s.List(req.caller(), f);
    return http::Render(req, r, [&](const std::pair<std::vector<Event>, long long>& page) {
      nlohmann::json items = nlohmann::json::array();
      for (auto& e : page.first)
        items.push_back({{"seq", e.seq},
                         {"at", Rfc3339(e.at)},
                         {"actor_id", e.actor_id ? nlohmann::json(*e.actor_id) : nlohmann::json()},
                         {"actor_name", e.actor_name},
                         {"action", e.action},
                         {"object_type", e.object_type},
                         {"object_id", e.object_id},
                         {"region_code", e.region_code},
                         {"request_id", e.request_id},
                         {"client_ip", e.client_ip},
                         {"before", e.before ? *e.before : nlohmann::json()},
                         {"after", e.after ? *e.after : nlohmann::json()},
                         {"hash", e.hash}});
      return http::PageJson(items, page.second, f.page, f.size);
    });
  };
}

}  // namespace shuniu::audit::routes
