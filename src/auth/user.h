// User accounts and sessions as stored.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/principal.h"

namespace shuniu::auth {

struct User {
  long long id = 0;
  std::string username;
  std::string display_name;
  Role role = Role::kStaff;
  std::string region_code;
  std::optional<long long> org_id;
  std::string password_hash;
  int64_t password_changed_at = 0;
  bool must_change_password = false;
  long long failed_count = 0;
  long long lock_count = 0;
  std::optional<int64_t> locked_until;
  bool admin_locked = false;
  std::string totp_secret;
  bool totp_enabled = false;
  long long version = 1;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  std::optional<int64_t> last_login_at;
};

struct Session {
  std::string token_hash;
  long long user_id = 0;
  int64_t created_at = 0;
  int64_t last_seen_at = 0;
  std::string client_ip;
};

struct UserFilter {
  std::string q;  // username or display name contains
  std::optional<Role> role;
  std::string region_code;  // narrow to this subtree (must lie in the caller's scope)
  std::string lo, hi;       // region code range, set by the service
  long long page = 1, size = 20;
};

}  // namespace shuniu::auth
