// Audit service: records events inside the caller's transaction, lists them
// within the caller's scope, and verifies the hash chain.
#pragma once

#include "audit/audit_store.h"
#include "core/principal.h"

namespace shuniu::audit {

struct VerifyReport {
  bool ok = true;
  long long events = 0;
  long long first_broken_seq = 0;  // 0 when ok
  std::string reason;
};

class AuditService {
 public:
  explicit AuditService(db::Database& db) : db_(db) {}

  // Appends one event in the transaction `c` belongs to; the caller's write and
  // its audit event commit or roll back together.
  static Status Record(db::Conn& c, const RequestContext& ctx, std::string action,
                       std::string object_type, std::string object_id, std::string region_code,
                       std::optional<nlohmann::json> before = std::nullopt,
                       std::optional<nlohmann::json> after = std::nullopt);

  // Events visible to p: admin sees all; staff and auditor their region subtree;
  // other roles get kPermissionDenied.
  Result<std::pair<std::vector<Event>, long long>> List(const Principal& p, Filter f);

  // Recomputes the chain from the first event; names the first broken one
  // (changed content, missing or reordered sequence number).
  Result<VerifyReport> Verify();

 private:
  db::Database& db_;
};

}  // namespace shuniu::audit
