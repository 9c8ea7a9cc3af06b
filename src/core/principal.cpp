// Role names as used in the API, the CLI and the database.
#include "core/principal.h"

namespace shuniu {

const char* RoleName(Role r) {
  switch (r) {
    case Role::kAdmin:
      return "admin";
    case Role::kStaff:
      return "staff";
    case Role::kOrg:
      return "org";
    case Role::kAuditor:
      return "auditor";
    case Role::kReviewer:
      return "reviewer";
  }
  return "staff";
}

std::optional<Role> ParseRole(std::string_view s) {
  for (Role r : {Role::kAdmin, Role::kStaff, Role::kOrg, Role::kAuditor, Role::kReviewer})
    if (s == RoleName(r)) return r;
  return std::nullopt;
}

}  // namespace shuniu
