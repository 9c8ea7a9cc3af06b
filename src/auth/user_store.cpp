// User, session and throttle SQL.
#include "auth/user_store.h"

namespace shuniu::auth {
namespace {

const char* kCols =
    "id, username, display_name, role, region_code, org_id, password_hash, "
    "password_changed_at, "
    "must_change_password, failed_count, lock_count, locked_until, "
    "admin_locked, totp_secret, "
    "totp_enabled, version, created_at, updated_at, last_login_at";

User FromRow(const db::Row& r) {
  User u;
  u.id = r.Int(0);
  u.username = r.Str(1);
  u.display_name = r.Str(2);
  u.role = ParseRole(r.Str(3)).value_or(Role::kStaff);
  u.region_code = r.Str(4);
  u.org_id = r.OptInt(5);
  u.password_hash = r.Str(6);
  u.password_changed_at = r.Int(7);
  u.must_change_password = r.Int(8) != 0;
  u.failed_count = r.Int(9);
  u.lock_count = r.Int(10);
  u.locked_until = r.OptInt(11);
  u.admin_locked = r.Int(12) != 0;
  u.totp_secret = r.Str(13);
  u.totp_enabled = r.Int(14) != 0;
  u.version = r.Int(15);
  u.created_at = r.Int(16);
  u.updated_at = r.Int(17);
  u.last_login_at = r.OptInt(18);
  return u;
}

Result<std::optional<User>> One(Result<std::optional<db::Row>> r) {
  if (!r.ok()) return r.status();
  if (!*r) return std::optional<User>{};
  return std::optional<User>(FromRow(**r));
}

db::Value OptI(const std::optional<int64_t>& v) {
  return v ? db::Value(static_cast<long long>(*v)) : db::Null();
}

}  // namespace

Status InsertUser(db::Conn& c, const User& u) {
  return c.Exec(
      std::string("INSERT INTO users (") + kCols +
          ") VALUES (:1, :2, :3, :4, :5, :6, :7, :8, :9, :10, :11, :12, :13, "
          ":14, :15, "
          ":16, :17, :18, :19)",
      {u.id, u.username, u.display_name, std::string(RoleName(u.role)), u.region_code,
       db::Opt(u.org_id), u.password_hash, static_cast<long long>(u.password_changed_at),
       static_cast<long long>(u.must_change_password), u.failed_count, u.lock_count,
       OptI(u.locked_until), static_cast<long long>(u.admin_locked),
       u.totp_secret.empty() ? db::Null() : db::Value(u.totp_secret),
       static_cast<long long>(u.totp_enabled), u.version, static_cast<long long>(u.created_at),
       static_cast<long long>(u.updated_at), OptI(u.last_login_at)});
}

Result<std::optional<User>> FindUserById(db::Conn& c, long long id) {
  return One(c.QueryOne(std::string("SELECT ") + kCols + " FROM users WHERE id = :1", {id}));
}

Result<std::optional<User>> FindUserByUsername(db::Conn& c, const std::string& username) {
  return One(
      c.QueryOne(std::string("SELECT ") + kCols + " FROM users WHERE username = :1", {username}));
}

Result<std::pair<std::vector<User>, long long>> ListUsers(db::Conn& c, const UserFilter& f) {
  std::string where = " FROM users WHERE region_code >= :1 AND region_code <= :2";
  std::vector<db::Value> p = {f.lo, f.hi};
  if (!f.q.empty()) {
    // One placeholder per use: SOCI numbers PostgreSQL placeholders by occurrence.
    // Escape LIKE wildcards: '_' is common in usernames and must match itself.
    std::string pattern = db::LikeContains(f.q);
    p.push_back(pattern);
    p.push_back(pattern);
    where += " AND (username LIKE :" + std::to_string(p.size() - 1) +
             " ESCAPE '!' OR display_name LIKE :" + std::to_string(p.size()) + " ESCAPE '!')";
  }
  if (f.role) {
    p.push_back(std::string(RoleName(*f.role)));
    where += " AND role = :" + std::to_string(p.size());
  }
  auto total = c.QueryOne("SELECT COUNT(*)" + where, p);
  if (!total.ok()) return total.status();
  p.push_back(f.size);
  p.push_back((f.page - 1) * f.size);
  auto rows = c.Query(std::string("SELECT ") + kCols + where +
                          " ORDER BY region_code, username LIMIT :" + std::to_string(p.size() - 1) +
                          " OFFSET :" + std::to_string(p.size()),
                      p);
  if (!rows.ok()) return rows.status();
  std::vector<User> out;
  for (auto& r : *rows) out.push_back(FromRow(r));
  return std::make_pair(std::move(out), (*total)->Int(0));
}

Result<bool> SaveUser(db::Conn& c, const User& u, long long expected_version) {
  auto n = c.ExecCount(
      "UPDATE users SET display_name = :1, role = :2, region_code = :3, org_id "
      "= :4, "
      "password_hash = :5, password_changed_at = :6, must_change_password = "
      ":7, "
      "failed_count = :8, lock_count = :9, locked_until = :10, admin_locked = "
      ":11, "
      "totp_secret = :12, totp_enabled = :13, updated_at = :14, last_login_at "
      "= :15, "
      "version = version + 1 WHERE id = :16 AND version = :17",
      {u.display_name, std::string(RoleName(u.role)), u.region_code, db::Opt(u.org_id),
       u.password_hash, static_cast<long long>(u.password_changed_at),
       static_cast<long long>(u.must_change_password), u.failed_count, u.lock_count,
       OptI(u.locked_until), static_cast<long long>(u.admin_locked),
       u.totp_secret.empty() ? db::Null() : db::Value(u.totp_secret),
       static_cast<long long>(u.totp_enabled), static_cast<long long>(u.updated_at),
       OptI(u.last_login_at), u.id, expected_version});
  if (!n.ok()) return n.status();
  return *n == 1;
}

Status SaveLoginState(db::Conn& c, const User& u) {
  return c.Exec(
      "UPDATE users SET failed_count = :1, lock_count = :2, locked_until = :3, "
      "last_login_at = :4 WHERE id = :5",
      {u.failed_count, u.lock_count, OptI(u.locked_until), OptI(u.last_login_at), u.id});
}

Result<long long> CountUsers(db::Conn& c) {
  auto r = c.QueryOne("SELECT COUNT(*) FROM users");
  if (!r.ok()) return r.status();
  return (*r)->Int(0);
}

Status AddPasswordHistory(db::Conn& c, long long user_id, const std::string& hash, int64_t at) {
  return c.Exec(
      "INSERT INTO password_history (user_id, password_hash, changed_at) "
      "VALUES (:1, :2, :3)",
      {user_id, hash, static_cast<long long>(at)});
}

Result<std::vector<std::string>> RecentPasswordHashes(db::Conn& c, long long user_id, int depth) {
  auto rows = c.Query(
      "SELECT password_hash FROM password_history WHERE user_id = :1 ORDER BY "
      "changed_at DESC "
      "LIMIT :2",
      {user_id, static_cast<long long>(depth)});
  if (!rows.ok()) return rows.status();
  std::vector<std::string> out;
  for (auto& r : *rows) out.push_back(r.Str(0));
  return out;
}

Status InsertSession(db::Conn& c, const Session& s) {
  return c.Exec(
      "INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, "
      "client_ip) VALUES "
      "(:1, :2, :3, :4, :5)",
      {s.token_hash, s.user_id, static_cast<long long>(s.created_at),
       static_cast<long long>(s.last_seen_at), s.client_ip});
}

Result<std::optional<Session>> FindSession(db::Conn& c, const std::string& token_hash) {
  auto r = c.QueryOne(
      "SELECT token_hash, user_id, created_at, last_seen_at, client_ip FROM "
      "sessions WHERE "
      "token_hash = :1",
      {token_hash});
  if (!r.ok()) return r.status();
  if (!*r) return std::optional<Session>{};
  const db::Row& row = **r;
  return std::optional<Session>(
      Session{row.Str(0), row.Int(1), row.Int(2), row.Int(3), row.Str(4)});
}

Status TouchSession(db::Conn& c, const std::string& token_hash, int64_t now) {
  return c.Exec("UPDATE sessions SET last_seen_at = :1 WHERE token_hash = :2",
                {static_cast<long long>(now), token_hash});
}

Status DeleteSession(db::Conn& c, const std::string& token_hash) {
  return c.Exec("DELETE FROM sessions WHERE token_hash = :1", {token_hash});
}

Status DeleteUserSessions(db::Conn& c, long long user_id) {
  return c.Exec("DELETE FROM sessions WHERE user_id = :1", {user_id});
}

Result<std::pair<int64_t, long long>> IpWindow(db::Conn& c, const std::string& ip) {
  auto r = c.QueryOne("SELECT window_start, failures FROM login_throttle WHERE ip = :1", {ip});
  if (!r.ok()) return r.status();
  if (!*r) return std::make_pair(int64_t{0}, 0LL);
  return std::make_pair(static_cast<int64_t>((*r)->Int(0)), (*r)->Int(1));
}

Status SaveIpWindow(db::Conn& c, const std::string& ip, int64_t window_start, long long failures) {
  return c.Exec(
      "INSERT INTO login_throttle (ip, window_start, failures) VALUES (:1, :2, "
      ":3) "
      "ON CONFLICT (ip) DO UPDATE SET window_start = excluded.window_start, "
      "failures = "
      "excluded.failures",
      {ip, static_cast<long long>(window_start), failures});
}

}  // namespace shuniu::auth
