// User management within the caller's scope: list, read, create, edit, reset
// password, lock and unlock. Staff manage only users in their region subtree,
// never grant admin or auditor, and never change their own role or scope.
#pragma once

#include <nlohmann/json.hpp>

#include "auth/auth_service.h"
#include "auth/user.h"
#include "core/principal.h"
#include "db/database.h"

namespace shuniu::auth {

struct NewUser {
  std::string username;
  std::string display_name;
  Role role = Role::kStaff;
  std::string region_code;
  std::string password;
  bool must_change_password = false;
  std::optional<long long> org_id;  // required for (and only for) the org role
};

struct UserPatch {
  long long version = 0;
  std::optional<std::string> display_name;
  std::optional<Role> role;
  std::optional<std::string> region_code;
};

class UserService {
 public:
  UserService(db::Database& db, PolicyProfile profile, std::string root_region, SessionCache& cache)
      : db_(db), profile_(profile), root_(std::move(root_region)), cache_(cache) {}

  Result<std::pair<std::vector<User>, long long>> List(const Principal& p, UserFilter f);
  // kNotFound when missing or outside p's scope.
  Result<User> Get(const Principal& p, long long id);
  // Errors name the field: username (format, already_exists), display_name,
  // role, region_code (unknown → invalid_argument, outside scope →
  // permission_denied), password.
  Result<User> Create(const Principal& p, const NewUser& in);
  // kConflict when patch.version is stale.
  Result<User> Update(const Principal& p, long long id, const UserPatch& patch);
  // Generates a temporary password (returned once), forces a change at next
  // login.
  Result<std::string> ResetPassword(const Principal& p, long long id);
  // Sets a given password (CLI); forces a change at next login.
  Status SetPasswordFor(const Principal& p, long long id, const std::string& password);
  Result<User> Lock(const Principal& p, long long id);
  Result<User> Unlock(const Principal& p, long long id);
  Result<std::optional<User>> FindByUsername(const std::string& username);

  // Installed by the composition root: checks that an organization exists in
  // p's scope (the org capability sits above auth, so auth cannot ask it directly).
  void set_org_check(std::function<Status(const Principal&, long long)> f) {
    org_check_ = std::move(f);
  }

  // A principal for the command line: admin over the deployment's root region.
  Principal CliPrincipal(const std::string& actor) const;

 private:
  Status CanManage(const Principal& p) const;
  Status CheckAssignable(const Principal& p, Role role, const std::string& region,
                         db::Conn& c) const;
  Result<User> Mutate(const Principal& p, long long id, const std::string& action,
                      const std::function<Status(db::Conn&, User&)>& change);

  db::Database& db_;
  PolicyProfile profile_;
  std::string root_;
  SessionCache& cache_;
  std::function<Status(const Principal&, long long)> org_check_;
};

// The API/audit view of a user (never the password hash or TOTP secret).
nlohmann::json UserJson(const User& u, const std::string& region_name = "");

}  // namespace shuniu::auth
