// Audit service implementation.
#include "audit/audit_service.h"

#include "audit/audit_serialized.h"
#include "core/crypto.h"
#include "core/region_code.h"

namespace shuniu::audit {

Status AuditService::Record(db::Conn& c, const RequestContext& ctx, std::string action,
                            std::string object_type, std::string object_id, std::string region_code,
                            std::optional<nlohmann::json> before,
                            std::optional<nlohmann::json> after) {
  Event e;
  e.actor_id = ctx.actor_id;
  e.actor_name = ctx.actor_name;
  e.request_id = ctx.request_id;
  e.client_ip = ctx.client_ip;
  e.action = std::move(action);
  e.object_type = std::move(object_type);
  e.object_id = std::move(object_id);
  e.region_code = std::move(region_code);
  e.before = std::move(before);
  e.after = std::move(after);
  return AppendEvent(c, e);
}

Status RecordSerialized(db::Conn& c, const RequestContext& ctx, std::string action,
                        std::string object_type, std::string object_id, std::string region_code,
                        std::string after_json) {
  Event e;
  e.actor_id = ctx.actor_id;
  e.actor_name = ctx.actor_name;
  e.request_id = ctx.request_id;
  e.client_ip = ctx.client_ip;
  e.action = std::move(action);
  e.object_type = std::move(object_type);
  e.object_id = std::move(object_id);
  e.region_code = std::move(region_code);
  return AppendEventSerialized(c, e, "", after_json);
}

Result<std::pair<std::vector<Event>, long long>> AuditService::List(const Principal& p, Filter f) {
  if (p.role != Role::kAdmin && p.role != Role::kAuditor && p.role != Role::kStaff)
    return PermissionDenied("reading the audit log needs the admin, auditor or staff role");
  if (p.role != Role::kAdmin) {
    CodeRange r = SubtreeRange(p.region_code);
    f.scope_lo = r.lo;
    f.scope_hi = r.hi;
  }
  Result<std::pair<std::vector<Event>, long long>> out = Internal("not run");
  Status st = db_.Read([&](db::Conn& c) {
    out = ListEvents(c, f);
    return out.status();
  });
  if (!st.ok()) return st;
  return out;
}

Result<VerifyReport> AuditService::Verify() {
  VerifyReport rep;
  std::string prev = std::string(64, '0');
  long long expect = 1;
  Status st = db_.Read([&](db::Conn& c) {
    return ForEachEvent(c, [&](const Event& e, const std::string& b, const std::string& a) {
      ++rep.events;
      std::string why;
      if (e.seq != expect)
        why = "sequence gap: expected " + std::to_string(expect);
      else if (e.prev_hash != prev)
        why = "prev_hash does not match the previous event";
      else if (crypto::Sha256Hex(prev + Canonical(e.seq, e.at, e.actor_id, e.actor_name, e.action,
                                                  e.object_type, e.object_id, e.region_code,
                                                  e.request_id, e.client_ip, b, a)) != e.hash)
        why = "content does not match its hash";
      if (!why.empty()) {
        rep.ok = false;
        rep.first_broken_seq = e.seq;
        rep.reason = why;
        return false;
      }
      prev = e.hash;
      ++expect;
      return true;
    });
  });
  if (!st.ok()) return st;
  return rep;
}

}  // namespace shuniu::audit
