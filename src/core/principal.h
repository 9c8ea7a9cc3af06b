// The authenticated caller as services see it: user, role, region scope, own org.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace shuniu {

// Who acts and from where; carried from the request (or the CLI) into audit events.
struct RequestContext {
  std::optional<long long> actor_id;
  std::string actor_name;  // username, or "cli" / "system"
  std::string request_id;
  std::string client_ip;
};

enum class Role { kAdmin, kStaff, kOrg, kAuditor, kReviewer };

const char* RoleName(Role r);
std::optional<Role> ParseRole(std::string_view s);

struct Principal {
  long long user_id = 0;
  std::string username;
  Role role = Role::kStaff;
  std::string region_code;  // root of the caller's scope (12 digits)
  std::optional<long long> org_id;
  std::string session_hash;              // empty for the CLI
  bool must_change_password = false;     // only password change and logout allowed
  bool totp_enrolment_required = false;  // dengbao3 admin without TOTP: enrol first
  RequestContext ctx;                    // actor, request id, client address
};

}  // namespace shuniu
