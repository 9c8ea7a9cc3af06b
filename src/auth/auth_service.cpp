// Authentication service implementation.
#include "auth/auth_service.h"

#include <algorithm>

#include "audit/audit_service.h"
#include "auth/password_hash.h"
#include "auth/totp.h"
#include "auth/user_store.h"
#include "core/crypto.h"
#include "core/time.h"

namespace shuniu::auth {
namespace {

constexpr int kMaxFailures = 5;
constexpr int64_t kLockBaseMs = 15 * 60 * 1000;
constexpr int64_t kLockMaxMs = 24 * 3600 * 1000LL;
constexpr int64_t kIpWindowMs = 15 * 60 * 1000;

long long RetryAfterSeconds(int64_t until) {
  return std::max<long long>(1, (until - NowMs() + 999) / 1000);
}

// What a login attempt came to; decided outside the write transaction.
enum class Outcome { kOk, kBadPassword, kNeedTotp, kBadTotp };

}  // namespace

AuthService::AuthService(db::Database& db, const Config& cfg, std::string secret,
                         SessionCache& cache)
    : db_(db),
      cache_(cache),
      cfg_(cfg),
      secret_(std::move(secret)),
      profile_(ParseProfile(cfg.password_policy).ok() ? ParseProfile(cfg.password_policy).value()
                                                      : PolicyProfile::kAsvs) {}

std::string AuthService::CsrfFor(const std::string& session_token) const {
  return crypto::HmacSha256Hex(secret_, "csrf:" + session_token);
}

bool AuthService::CheckCsrf(const std::string& session_token, const std::string& header) const {
  return !header.empty() && crypto::ConstantTimeEquals(CsrfFor(session_token), header);
}

std::string AuthService::TotpSecret(const User& u) const {
  return crypto::OpenText(secret_, "totp", u.totp_secret).value_or("");
}

bool AuthService::MustChange(const User& u) const {
  int days = PasswordMaxAgeDays(profile_);
  return u.must_change_password ||
         (days > 0 && NowMs() - u.password_changed_at > int64_t(days) * 86400 * 1000);
}

Result<LoginResult> AuthService::NewSession(db::Conn& c, User& u, const RequestContext& ctx) {
  LoginResult res;
  res.session_token = crypto::RandomToken(16);
  int64_t now = NowMs();
  SHUNIU_RETURN_IF_ERROR(InsertSession(
      c, Session{crypto::Sha256Hex(res.session_token), u.id, now, now, ctx.client_ip}));
  res.csrf_token = CsrfFor(res.session_token);
  res.must_change_password = MustChange(u);
  res.totp_required =
      profile_ == PolicyProfile::kDengbao3 && u.role == Role::kAdmin && !u.totp_enabled;
  res.user = u;
  return res;
}

Result<LoginResult> AuthService::Login(const std::string& username, const std::string& password,
                                       const std::string& totp_code, const RequestContext& ctx) {
  // Verify the password before taking the write lock: argon2id is deliberately
  // slow.
  std::optional<User> found;
  SHUNIU_RETURN_IF_ERROR(db_.Read([&](db::Conn& c) -> Status {
    auto u = FindUserByUsername(c, username);
    if (!u.ok()) return u.status();
    found = *u;
    return Status::Ok();
  }));
  Outcome outcome = Outcome::kBadPassword;
  if (found) {
    if (VerifyPassword(found->password_hash, password)) {
      if (!found->totp_enabled)
        outcome = Outcome::kOk;
      else if (totp_code.empty())
        outcome = Outcome::kNeedTotp;
      else
        outcome = VerifyTotp(TotpSecret(*found), totp_code, NowMs() / 1000) ? Outcome::kOk
                                                                            : Outcome::kBadTotp;
    }
  } else {
    (void)VerifyPassword(
        "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$"
        "3m2C8y8rV0xq8dXh7eS8wQ0b2bC9y5Gg3XvDq0yq8KQ",
        password);
  }

  Result<LoginResult> result = Internal("login not decided");
  RequestContext actx = ctx;
  actx.actor_name = username.substr(0, 64);
  Status st = db_.Tx([&](db::Conn& c) -> Status {
    int64_t now = NowMs();
    auto win = IpWindow(c, ctx.client_ip);
    if (!win.ok()) return win.status();
    auto [wstart, wfail] = *win;
    if (now - wstart > kIpWindowMs) wstart = now, wfail = 0;
    if (wfail >= cfg_.login_ip_max_failures) {
      result = Status(Code::kRateLimited, "too many failed logins from this address")
                   .with_retry_after(RetryAfterSeconds(wstart + kIpWindowMs));
      return audit::AuditService::Record(c, actx, "auth.login_throttled", "ip", ctx.client_ip, "");
    }
    std::optional<User> u;
    if (found) {
      auto fresh = FindUserById(c, found->id);
      if (!fresh.ok()) return fresh.status();
      u = *fresh;
    }
    if (u && u->admin_locked) {
      result = PermissionDenied("this account is locked by an administrator");
      return audit::AuditService::Record(c, actx, "auth.login_refused", "user",
                                         std::to_string(u->id), u->region_code);
    }
    if (u && u->locked_until && *u->locked_until > now) {
      result = Status(Code::kRateLimited, "this account is locked after repeated failed logins")
                   .with_retry_after(RetryAfterSeconds(*u->locked_until));
      return audit::AuditService::Record(c, actx, "auth.login_refused", "user",
                                         std::to_string(u->id), u->region_code);
    }
    if (u && outcome == Outcome::kOk) {
      actx.actor_id = u->id;
      u->failed_count = 0;
      u->locked_until.reset();
      u->last_login_at = now;
      SHUNIU_RETURN_IF_ERROR(SaveLoginState(c, *u));
      result = NewSession(c, *u, actx);
      if (!result.ok()) return result.status();
      return audit::AuditService::Record(c, actx, "auth.login", "user", std::to_string(u->id),
                                         u->region_code);
    }
    if (u && outcome == Outcome::kNeedTotp) {
      result = Status(Code::kUnauthenticated, "a TOTP code is required", "totp_code");
      return Status::Ok();
    }
    // A failure: count it against the IP and, for a real account, the account.
    SHUNIU_RETURN_IF_ERROR(SaveIpWindow(c, ctx.client_ip, wstart, wfail + 1));
    result = Status(Code::kUnauthenticated, "wrong username or password");
    if (outcome == Outcome::kBadTotp)
      result = Status(Code::kUnauthenticated, "wrong TOTP code", "totp_code");
    if (!u) return audit::AuditService::Record(c, actx, "auth.login_failed", "user", "", "");
    u->failed_count += 1;
    bool locking = u->failed_count >= kMaxFailures;
    if (locking) {
      u->lock_count += 1;
      int64_t dur = std::min(kLockMaxMs, kLockBaseMs << std::min<long long>(u->lock_count - 1, 10));
      u->locked_until = now + dur;
      u->failed_count = 0;
      result = Status(Code::kRateLimited, "this account is locked after repeated failed logins")
                   .with_retry_after(RetryAfterSeconds(*u->locked_until));
    }
    SHUNIU_RETURN_IF_ERROR(SaveLoginState(c, *u));
    SHUNIU_RETURN_IF_ERROR(audit::AuditService::Record(c, actx, "auth.login_failed", "user",
                                                       std::to_string(u->id), u->region_code));
    if (locking)
      return audit::AuditService::Record(
          c, actx, "auth.locked", "user", std::to_string(u->id), u->region_code, std::nullopt,
          nlohmann::json{{"locked_until", Rfc3339(*u->locked_until)}});
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return result;
}

Result<Principal> AuthService::Authenticate(const std::string& token, const RequestContext& ctx) {
  if (token.empty() || token.size() > 64) return Unauthenticated("not logged in");
  std::string h = crypto::Sha256Hex(token);
  int64_t now = NowMs();
  std::optional<SessionCache::Entry> entry = cache_.Get(h, now);
  bool locked = false;
  bool dirty = !entry;  // re-cache only what was loaded or touched
  if (!entry) {
    std::optional<Session> s;
    std::optional<User> u;
    SHUNIU_RETURN_IF_ERROR(db_.Read([&](db::Conn& c) -> Status {
      auto fs = FindSession(c, h);
      if (!fs.ok()) return fs.status();
      s = *fs;
      if (!s) return Status::Ok();
      auto fu = FindUserById(c, s->user_id);
      if (!fu.ok()) return fu.status();
      u = *fu;
      return Status::Ok();
    }));
    if (!s || !u) return Unauthenticated("not logged in");
    locked = u->admin_locked;
    entry = SessionCache::Entry{PrincipalOf(*u, h), *s, now};
  }
  Session& s = entry->session;
  bool expired = now - s.last_seen_at > int64_t(cfg_.session_idle_minutes) * 60000 ||
                 now - s.created_at > int64_t(cfg_.session_absolute_hours) * 3600000;
  if (expired || locked) {
    cache_.EraseSession(h);
    (void)db_.Tx([&](db::Conn& c) { return DeleteSession(c, h); });
    return Unauthenticated(expired ? "session expired" : "account locked");
  }
  if (now - s.last_seen_at > 30000) {
    (void)db_.Tx([&](db::Conn& c) { return TouchSession(c, h, now); });
    s.last_seen_at = now;
    dirty = true;
  }
  if (dirty) cache_.Put(h, *entry);
  Principal p = entry->principal;
  p.ctx = ctx;
  p.ctx.actor_id = p.user_id;
  p.ctx.actor_name = p.username;
  return p;
}

Principal AuthService::PrincipalOf(const User& u, const std::string& session_hash) const {
  Principal p;
  p.user_id = u.id;
  p.username = u.username;
  p.role = u.role;
  p.region_code = u.region_code;
  p.org_id = u.org_id;
  p.session_hash = session_hash;
  p.must_change_password = MustChange(u);
  p.totp_enrolment_required =
      profile_ == PolicyProfile::kDengbao3 && u.role == Role::kAdmin && !u.totp_enabled;
  return p;
}

Status AuthService::Logout(const Principal& p) {
  cache_.EraseSession(p.session_hash);
  return db_.Tx([&](db::Conn& c) -> Status {
    SHUNIU_RETURN_IF_ERROR(DeleteSession(c, p.session_hash));
    return audit::AuditService::Record(c, p.ctx, "auth.logout", "user", std::to_string(p.user_id),
                                       p.region_code);
  });
}

Status SetPassword(db::Conn& c, PolicyProfile profile, User& u, const std::string& password,
                   bool check_history) {
  SHUNIU_RETURN_IF_ERROR(CheckPassword(profile, password, u.username));
  int depth = PasswordHistoryDepth(profile);
  if (check_history && depth > 0) {
    if (VerifyPassword(u.password_hash, password))
      return InvalidArgument("password", "the new password must differ from the last " +
                                             std::to_string(depth) + " passwords");
    auto old = RecentPasswordHashes(c, u.id, depth - 1);
    if (!old.ok()) return old.status();
    for (auto& h : *old)
      if (VerifyPassword(h, password))
        return InvalidArgument("password", "the new password must differ from the last " +
                                               std::to_string(depth) + " passwords");
  }
  auto hash = HashPassword(password);
  if (!hash.ok()) return hash.status();
  if (!u.password_hash.empty() && u.id != 0)
    SHUNIU_RETURN_IF_ERROR(AddPasswordHistory(c, u.id, u.password_hash, NowMs()));
  u.password_hash = *hash;
  u.password_changed_at = NowMs();
  return Status::Ok();
}

Result<LoginResult> AuthService::ChangePassword(const Principal& p, const std::string& old_password,
                                                const std::string& new_password) {
  Result<LoginResult> out = Internal("not run");
  Status st = db_.Tx([&](db::Conn& c) -> Status {
    auto fu = FindUserById(c, p.user_id);
    if (!fu.ok()) return fu.status();
    if (!*fu) return Unauthenticated("not logged in");
    User u = **fu;
    if (!VerifyPassword(u.password_hash, old_password))
      return InvalidArgument("old_password", "the current password is wrong");
    SHUNIU_RETURN_IF_ERROR(SetPassword(c, profile_, u, new_password, true));
    long long v = u.version;
    u.must_change_password = false;
    u.updated_at = NowMs();
    auto saved = SaveUser(c, u, v);
    if (!saved.ok()) return saved.status();
    if (!*saved) return Conflict("the account changed meanwhile; try again");
    u.version = v + 1;
    SHUNIU_RETURN_IF_ERROR(DeleteUserSessions(c, u.id));
    cache_.EraseUser(u.id);
    out = NewSession(c, u, p.ctx);
    if (!out.ok()) return out.status();
    return audit::AuditService::Record(c, p.ctx, "auth.password_change", "user",
                                       std::to_string(u.id), u.region_code);
  });
  if (!st.ok()) return st;
  return out;
}

Result<TotpSetup> AuthService::SetupTotp(const Principal& p) {
  TotpSetup setup;
  Status st = db_.Tx([&](db::Conn& c) -> Status {
    auto fu = FindUserById(c, p.user_id);
    if (!fu.ok()) return fu.status();
    if (!*fu) return Unauthenticated("not logged in");
    User u = **fu;
    if (u.totp_enabled) return Conflict("TOTP is already enabled");
    setup.secret = NewTotpSecret();
    setup.otpauth_uri = OtpauthUri("Shuniu", u.username, setup.secret);
    long long v = u.version;
    u.totp_secret = crypto::SealText(secret_, "totp", setup.secret);
    u.updated_at = NowMs();
    auto saved = SaveUser(c, u, v);
    if (!saved.ok()) return saved.status();
    return audit::AuditService::Record(c, p.ctx, "auth.totp_setup", "user", std::to_string(u.id),
                                       u.region_code);
  });
  if (!st.ok()) return st;
  return setup;
}

Status AuthService::EnableTotp(const Principal& p, const std::string& code) {
  Status st = db_.Tx([&](db::Conn& c) -> Status {
    auto fu = FindUserById(c, p.user_id);
    if (!fu.ok()) return fu.status();
    if (!*fu) return Unauthenticated("not logged in");
    User u = **fu;
    if (u.totp_secret.empty()) return Conflict("set up TOTP first");
    if (!VerifyTotp(TotpSecret(u), code, NowMs() / 1000))
      return InvalidArgument("code", "the TOTP code is wrong");
    long long v = u.version;
    u.totp_enabled = true;
    u.updated_at = NowMs();
    auto saved = SaveUser(c, u, v);
    if (!saved.ok()) return saved.status();
    return audit::AuditService::Record(c, p.ctx, "auth.totp_enable", "user", std::to_string(u.id),
                                       u.region_code);
  });
  if (st.ok()) cache_.EraseUser(p.user_id);
  return st;
}

}  // namespace shuniu::auth
