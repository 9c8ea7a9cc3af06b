// User management service implementation.
#include "auth/user_service.h"

#include <regex>

#include "audit/audit_service.h"
#include "auth/password_hash.h"
#include "auth/user_store.h"
#include "core/crypto.h"
#include "core/region_code.h"
#include "core/time.h"
#include "region/region_store.h"

namespace shuniu::auth {
namespace {

bool ValidUsername(const std::string& s) {
  static const std::regex re("^[a-z0-9][a-z0-9_.-]{2,63}$");
  return std::regex_match(s, re);
}

bool Visible(const Principal& p, const User& u) {
  return p.user_id == u.id || InSubtree(u.region_code, p.region_code);
}

}  // namespace

nlohmann::json UserJson(const User& u, const std::string& region_name) {
  bool locked = u.admin_locked || (u.locked_until && *u.locked_until > NowMs());
  nlohmann::json j = {{"id", u.id},
                      {"username", u.username},
                      {"display_name", u.display_name},
                      {"role", RoleName(u.role)},
                      {"region_code", u.region_code},
                      {"region_name", region_name},
                      {"locked", locked},
                      {"admin_locked", u.admin_locked},
                      {"locked_until", u.locked_until && *u.locked_until > NowMs()
                                           ? nlohmann::json(Rfc3339(*u.locked_until))
                                           : nlohmann::json()},
                      {"totp_enabled", u.totp_enabled},
                      {"must_change_password", u.must_change_password},
                      {"version", u.version},
                      {"created_at", Rfc3339(u.created_at)},
                      {"last_login_at", u.last_login_at ? nlohmann::json(Rfc3339(*u.last_login_at))
                                                        : nlohmann::json()}};
  if (u.org_id) j["org_id"] = *u.org_id;
  return j;
}

Principal UserService::CliPrincipal(const std::string& actor) const {
  Principal p;
  p.role = Role::kAdmin;
  p.region_code = root_;
  p.username = actor;
  p.ctx.actor_name = actor;
  p.ctx.request_id = "cli-" + crypto::RandomToken(6);
  p.ctx.client_ip = "local";
  return p;
}

Status UserService::CanManage(const Principal& p) const {
  if (p.role != Role::kAdmin && p.role != Role::kStaff)
    return PermissionDenied("managing users needs the admin or staff role");
  return Status::Ok();
}

Status UserService::CheckAssignable(const Principal& p, Role role, const std::string& region,
                                    db::Conn& c) const {
  if (p.role != Role::kAdmin && (role == Role::kAdmin || role == Role::kAuditor))
    return Status(Code::kPermissionDenied, "only an admin can grant the admin or auditor role",
                  "role");
  if (!IsScopeCode(region))
    return InvalidArgument("region_code", "region_code must be a 12-digit division code");
  // No import brings the country: its row is added for the first national account.
  if (region == kNationalRoot) {
    if (p.region_code != kNationalRoot || root_ != kNationalRoot)
      return Status(Code::kPermissionDenied, "the region is outside your scope", "region_code");
    return region::EnsureNationalRoot(c);
  }
  auto r = region::FindRegion(c, region);
  if (!r.ok()) return r.status();
  if (!*r) return InvalidArgument("region_code", "unknown region " + region);
  if (!InSubtree(region, p.region_code) || !InSubtree(region, root_))
    return Status(Code::kPermissionDenied, "the region is outside your scope", "region_code");
  return Status::Ok();
}

Result<std::pair<std::vector<User>, long long>> UserService::List(const Principal& p,
                                                                  UserFilter f) {
  SHUNIU_RETURN_IF_ERROR(CanManage(p));
  if (!f.region_code.empty() && !IsScopeCode(f.region_code))
    return InvalidArgument("region_code", "region_code must be a 12-digit division code");
  if (!f.region_code.empty() && !InSubtree(f.region_code, p.region_code))
    return NotFound("region not found");
  CodeRange r = SubtreeRange(f.region_code.empty() ? p.region_code : f.region_code);
  f.lo = r.lo;
  f.hi = r.hi;
  Result<std::pair<std::vector<User>, long long>> out = Internal("not run");
  SHUNIU_RETURN_IF_ERROR(db_.Read([&](db::Conn& c) {
    out = ListUsers(c, f);
    return out.status();
  }));
  return out;
}

Result<User> UserService::Get(const Principal& p, long long id) {
  std::optional<User> u;
  SHUNIU_RETURN_IF_ERROR(db_.Read([&](db::Conn& c) -> Status {
    auto fu = FindUserById(c, id);
    if (!fu.ok()) return fu.status();
    u = *fu;
    return Status::Ok();
  }));
  if (!u || (p.user_id != u->id && !CanManage(p).ok()) || !Visible(p, *u))
    return NotFound("user not found");
  return *u;
}

Result<User> UserService::Create(const Principal& p, const NewUser& in) {
  SHUNIU_RETURN_IF_ERROR(CanManage(p));
  if (!ValidUsername(in.username))
    return InvalidArgument("username",
                           "username must be 3–64 characters: lower-case letters, digits, _ . -, "
                           "starting with a letter or digit");
  if ((in.role == Role::kOrg) != in.org_id.has_value())
    return InvalidArgument("org_id", in.role == Role::kOrg
                                         ? "an org account needs the organization it belongs to"
                                         : "only org accounts belong to an organization");
  if (in.org_id) {
    if (!org_check_) return Internal("organization check is not configured");
    SHUNIU_RETURN_IF_ERROR(org_check_(p, *in.org_id));
  }
  User u;
  Status st = db_.Tx([&](db::Conn& c) -> Status {
    SHUNIU_RETURN_IF_ERROR(CheckAssignable(p, in.role, in.region_code, c));
    auto existing = FindUserByUsername(c, in.username);
    if (!existing.ok()) return existing.status();
    if (*existing) return AlreadyExists("username", "username is already taken");
    u.id = crypto::RandomId();
    u.username = in.username;
    u.display_name = in.display_name;
    u.role = in.role;
    u.region_code = in.region_code;
    u.must_change_password = in.must_change_password;
    u.org_id = in.org_id;
    u.created_at = u.updated_at = NowMs();
    SHUNIU_RETURN_IF_ERROR(SetPassword(c, profile_, u, in.password, false));
    Status ins = InsertUser(c, u);
    if (ins.code() == Code::kAlreadyExists)
      return AlreadyExists("username", "username is already taken");
    SHUNIU_RETURN_IF_ERROR(ins);
    return audit::AuditService::Record(c, p.ctx, "user.create", "user", std::to_string(u.id),
                                       u.region_code, std::nullopt, UserJson(u));
  });
  if (!st.ok()) return st;
  return u;
}

Result<User> UserService::Mutate(const Principal& p, long long id, const std::string& action,
                                 const std::function<Status(db::Conn&, User&)>& change) {
  SHUNIU_RETURN_IF_ERROR(CanManage(p));
  User u;
  Status st = db_.Tx([&](db::Conn& c) -> Status {
    auto fu = FindUserById(c, id);
    if (!fu.ok()) return fu.status();
    if (!*fu || !Visible(p, **fu)) return NotFound("user not found");
    u = **fu;
    nlohmann::json before = UserJson(u);
    long long v = u.version;
    SHUNIU_RETURN_IF_ERROR(change(c, u));
    u.updated_at = NowMs();
    auto saved = SaveUser(c, u, v);
    if (!saved.ok()) return saved.status();
    if (!*saved) return Conflict("the user was changed by someone else; reload and try again");
    u.version = v + 1;
    return audit::AuditService::Record(c, p.ctx, action, "user", std::to_string(u.id),
                                       u.region_code, before, UserJson(u));
  });
  if (!st.ok()) return st;
  cache_.EraseUser(u.id);  // role, scope, lock or password changed: re-read sessions
  return u;
}

Result<User> UserService::Update(const Principal& p, long long id, const UserPatch& patch) {
  return Mutate(p, id, "user.update", [&](db::Conn& c, User& u) -> Status {
    if (u.version != patch.version)
      return Conflict("the user was changed by someone else; reload and try again");
    bool self = u.id == p.user_id;
    if (self && ((patch.role && *patch.role != u.role) ||
                 (patch.region_code && *patch.region_code != u.region_code)))
      return PermissionDenied("you cannot change your own role or region");
    if (patch.role || patch.region_code)
      SHUNIU_RETURN_IF_ERROR(CheckAssignable(p, patch.role.value_or(u.role),
                                             patch.region_code.value_or(u.region_code), c));
    if (p.role != Role::kAdmin && (u.role == Role::kAdmin || u.role == Role::kAuditor) && !self)
      return PermissionDenied("only an admin can change an admin or auditor account");
    if (patch.display_name) u.display_name = *patch.display_name;
    if (patch.role) u.role = *patch.role;
    if (patch.region_code) u.region_code = *patch.region_code;
    return Status::Ok();
  });
}

Result<std::string> UserService::ResetPassword(const Principal& p, long long id) {
  std::string pw = GeneratePassword();
  auto r = Mutate(p, id, "user.reset_password", [&](db::Conn& c, User& u) -> Status {
    if (p.role != Role::kAdmin && u.role == Role::kAdmin)
      return PermissionDenied("only an admin can reset an admin's password");
    SHUNIU_RETURN_IF_ERROR(SetPassword(c, profile_, u, pw, false));
    u.must_change_password = true;
    u.failed_count = 0;
    u.locked_until.reset();
    return DeleteUserSessions(c, u.id);
  });
  if (!r.ok()) return r.status();
  return pw;
}

Status UserService::SetPasswordFor(const Principal& p, long long id, const std::string& password) {
  auto r = Mutate(p, id, "user.reset_password", [&](db::Conn& c, User& u) -> Status {
    SHUNIU_RETURN_IF_ERROR(SetPassword(c, profile_, u, password, false));
    u.must_change_password = true;
    return DeleteUserSessions(c, u.id);
  });
  return r.status();
}

Result<User> UserService::Lock(const Principal& p, long long id) {
  return Mutate(p, id, "user.lock", [&](db::Conn& c, User& u) -> Status {
    if (u.id == p.user_id) return PermissionDenied("you cannot lock your own account");
    if (p.role != Role::kAdmin && u.role == Role::kAdmin)
      return PermissionDenied("only an admin can lock an admin");
    u.admin_locked = true;
    return DeleteUserSessions(c, u.id);
  });
}

Result<User> UserService::Unlock(const Principal& p, long long id) {
  return Mutate(p, id, "user.unlock", [&](db::Conn&, User& u) -> Status {
    u.admin_locked = false;
    u.failed_count = 0;
    u.locked_until.reset();
    return Status::Ok();
  });
}

Result<std::optional<User>> UserService::FindByUsername(const std::string& username) {
  std::optional<User> u;
  SHUNIU_RETURN_IF_ERROR(db_.Read([&](db::Conn& c) -> Status {
    auto fu = FindUserByUsername(c, username);
    if (!fu.ok()) return fu.status();
    u = *fu;
    return Status::Ok();
  }));
  return u;
}

}  // namespace shuniu::auth
