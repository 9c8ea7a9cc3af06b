// SQL for users, password history, sessions and the per-IP login throttle.
#pragma once

#include <vector>

#include "auth/user.h"
#include "db/database.h"

namespace shuniu::auth {

Status InsertUser(db::Conn& c, const User& u);
Result<std::optional<User>> FindUserById(db::Conn& c, long long id);
Result<std::optional<User>> FindUserByUsername(db::Conn& c, const std::string& username);
Result<std::pair<std::vector<User>, long long>> ListUsers(db::Conn& c, const UserFilter& f);
// Writes every mutable column of u where id matches and version ==
// expected_version, bumping version; returns false when the version did not
// match.
Result<bool> SaveUser(db::Conn& c, const User& u, long long expected_version);
// Writes only the login-state columns (failures, lock, last login); no version
// bump, so a login never makes a concurrent profile edit fail.
Status SaveLoginState(db::Conn& c, const User& u);
Result<long long> CountUsers(db::Conn& c);

Status AddPasswordHistory(db::Conn& c, long long user_id, const std::string& hash, int64_t at);
Result<std::vector<std::string>> RecentPasswordHashes(db::Conn& c, long long user_id, int depth);

Status InsertSession(db::Conn& c, const Session& s);
Result<std::optional<Session>> FindSession(db::Conn& c, const std::string& token_hash);
Status TouchSession(db::Conn& c, const std::string& token_hash, int64_t now);
Status DeleteSession(db::Conn& c, const std::string& token_hash);
Status DeleteUserSessions(db::Conn& c, long long user_id);

// Per-IP failure window: returns failures in the current window (reset when
// expired).
Result<std::pair<int64_t, long long>> IpWindow(db::Conn& c, const std::string& ip);
Status SaveIpWindow(db::Conn& c, const std::string& ip, int64_t window_start, long long failures);

}  // namespace shuniu::auth
