// Authentication: login with lockout and per-IP throttle, sessions with idle
// and absolute timeouts, CSRF tokens, password change, TOTP enrolment.
#pragma once

#include <string>

#include "auth/password_policy.h"
#include "auth/session_cache.h"
#include "auth/user.h"
#include "core/config.h"
#include "db/database.h"

namespace shuniu::auth {

struct LoginResult {
  User user;
  std::string session_token;  // goes into the cookie; stored only hashed
  std::string csrf_token;
  bool must_change_password = false;
  bool totp_required = false;  // dengbao3 admin without TOTP: enrol next
};

struct TotpSetup {
  std::string secret;
  std::string otpauth_uri;
};

class AuthService {
 public:
  AuthService(db::Database& db, const Config& cfg, std::string secret, SessionCache& cache);

  // Checks credentials. Failures: kUnauthenticated (wrong username/password or
  // missing TOTP, field "totp_code"), kRateLimited with retry_after (account
  // locked after 5 failures, or too many failures from the IP),
  // kPermissionDenied (locked by an administrator). Every outcome is audited.
  Result<LoginResult> Login(const std::string& username, const std::string& password,
                            const std::string& totp_code, const RequestContext& ctx);

  // Resolves a session cookie; kUnauthenticated when unknown, idle or expired.
  Result<Principal> Authenticate(const std::string& token, const RequestContext& ctx);

  Status Logout(const Principal& p);
  // Changes the caller's own password; revokes every session and returns a new
  // one.
  Result<LoginResult> ChangePassword(const Principal& p, const std::string& old_password,
                                     const std::string& new_password);
  Result<TotpSetup> SetupTotp(const Principal& p);
  Status EnableTotp(const Principal& p, const std::string& code);

  std::string CsrfFor(const std::string& session_token) const;
  bool CheckCsrf(const std::string& session_token, const std::string& header) const;
  PolicyProfile profile() const { return profile_; }
  // True when u must change the password before doing anything else.
  bool MustChange(const User& u) const;

 private:
  Result<LoginResult> NewSession(db::Conn& c, User& u, const RequestContext& ctx);
  // The TOTP secret, decrypted (stored sealed with the server key); "" if unreadable.
  std::string TotpSecret(const User& u) const;
  Principal PrincipalOf(const User& u, const std::string& session_hash) const;

  db::Database& db_;
  SessionCache& cache_;
  Config cfg_;
  std::string secret_;
  PolicyProfile profile_;
};

// Hashes a new password and checks the policy and (dengbao3) history for user
// u.
Status SetPassword(db::Conn& c, PolicyProfile profile, User& u, const std::string& password,
                   bool check_history);

}  // namespace shuniu::auth
