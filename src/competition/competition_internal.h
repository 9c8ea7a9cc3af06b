// Shared helpers of the competition capability's service files (not an API).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "competition/competition_service.h"
#include "core/region_code.h"
#include "core/time.h"
#include "db/database.h"

namespace shuniu::competition::internal {

inline bool IsStaff(const Principal& p) { return p.role == Role::kAdmin || p.role == Role::kStaff; }
inline bool IsReader(const Principal& p) { return IsStaff(p) || p.role == Role::kAuditor; }
inline std::string Actor(const Principal& p) {
  return p.ctx.actor_name.empty() ? p.username : p.ctx.actor_name;
}
inline std::optional<long long> UserId(const Principal& p) {
  return p.user_id ? std::optional<long long>(p.user_id) : std::nullopt;
}
inline int64_t NowS() { return NowMs() / 1000; }
// "upcoming" | "applying" | "qualifying" | "scoring" | "voting" | "counting" or the state.
std::string PhaseOf(const Competition& k, int64_t now);

extern const char* kCompCols;
Competition CompFromRow(const db::Row& r);
extern const char* kAppCols;  // FROM competition_applications a JOIN orgs o ON o.id = a.org_id
Application AppFromRow(const db::Row& r);
Status StoreComp(db::Conn& c, const Competition& k, bool insert, const Principal& p);
nlohmann::json CompAuditJson(const Competition& k);
nlohmann::json AppAuditJson(const Application& a);
// Qualified entries (the ones voters see and the results rank).
inline const char* kEntryStates = "('qualified', 'funded', 'not_funded')";

}  // namespace shuniu::competition::internal
