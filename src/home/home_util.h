// Helpers shared by the Homes service files: roles, actor names and scope.
#pragma once

#include <optional>
#include <string>

#include "core/principal.h"
#include "core/region_code.h"
#include "core/result.h"
#include "db/database.h"

namespace shuniu::home {

inline bool IsStaff(const Principal& p) { return p.role == Role::kAdmin || p.role == Role::kStaff; }
inline bool IsReader(const Principal& p) { return IsStaff(p) || p.role == Role::kAuditor; }
inline std::string Actor(const Principal& p) {
  return p.ctx.actor_name.empty() ? p.username : p.ctx.actor_name;
}
inline std::optional<long long> UserId(const Principal& p) {
  return p.user_id ? std::optional<long long>(p.user_id) : std::nullopt;
}
// Staff, admin and auditors by region subtree; org accounts the Homes linked to their org.
inline bool CanSee(const Principal& p, const std::string& region,
                   const std::optional<long long>& org_id) {
  if (IsReader(p)) return InSubtree(region, p.region_code);
  return p.role == Role::kOrg && p.org_id && org_id && *p.org_id == *org_id;
}
// A Home's region: a 12-digit code (422), in p's subtree (403), village level
// and known (422). Errors name region_code.
Status CheckHomeRegion(db::Conn& c, const Principal& p, const std::string& code);

}  // namespace shuniu::home
