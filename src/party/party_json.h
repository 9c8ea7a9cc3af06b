// JSON forms of branches, members and activities: the API view (personal data
// masked unless the caller unmasked it) and the audit snapshots (always masked).
#pragma once

#include <nlohmann/json.hpp>

#include "party/party_service.h"

namespace shuniu::party {

nlohmann::json BranchJson(const Branch& b, bool detail);
nlohmann::json MemberJson(const Member& m);
nlohmann::json ActivityJson(const Activity& a, bool detail);
nlohmann::json FiguresJson(const Figures& f);
// Audit snapshots: masked personal data only.
nlohmann::json BranchAuditJson(const Branch& b);
nlohmann::json MemberAuditJson(const Member& m);
nlohmann::json ActivityAuditJson(const Activity& a);

}  // namespace shuniu::party
