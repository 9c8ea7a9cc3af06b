// Database access over SOCI for SQLite and PostgreSQL with one code path:
// a connection pool, bound-parameter queries returning engine-neutral rows,
// and transactions (BEGIN IMMEDIATE on SQLite, so writers never deadlock).
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"

namespace soci {
class session;
}

namespace shuniu::db {

enum class Engine { kSqlite, kPostgresql };

// Statements kept prepared on one pooled connection, keyed by SQL text
// (defined in database.cpp; owned by Database, one per pool slot).
class StatementCache;

// A bound parameter or a column value.
using Value = std::variant<std::monostate, long long, double, std::string>;

inline Value Null() { return std::monostate{}; }
template <typename T>
Value Opt(const std::optional<T>& o) {
  return o ? Value(*o) : Value(std::monostate{});
}

class Row {
 public:
  explicit Row(std::vector<Value> cols) : cols_(std::move(cols)) {}
  bool IsNull(size_t i) const { return std::holds_alternative<std::monostate>(cols_.at(i)); }
  // Integer value whatever the engine returned (SQLite gives expressions as text).
  long long Int(size_t i) const;
  std::optional<long long> OptInt(size_t i) const;
  std::string Str(size_t i) const;  // "" for NULL
  std::optional<std::string> OptStr(size_t i) const;
  size_t size() const { return cols_.size(); }

 private:
  std::vector<Value> cols_;
};

// One pooled connection. Methods convert SOCI exceptions into Status:
// unique violations → kAlreadyExists, everything else → kInternal.
class Conn {
 public:
  Conn(soci::session* s, Engine e) : s_(s), engine_(e) {}
  Conn(soci::session* s, Engine e, StatementCache* cache) : s_(s), engine_(e), cache_(cache) {}
  Status Exec(const std::string& sql, const std::vector<Value>& params = {});
  // Like Exec, and reports how many rows changed.
  Result<long long> ExecCount(const std::string& sql, const std::vector<Value>& params = {});
  Result<std::vector<Row>> Query(const std::string& sql, const std::vector<Value>& params = {});
  Result<std::optional<Row>> QueryOne(const std::string& sql,
                                      const std::vector<Value>& params = {});
  // Runs a multi-statement script through the native driver (migrations only).
  Status ExecScript(const std::string& script);
  Engine engine() const { return engine_; }
  soci::session& session() { return *s_; }

  // The same as ExecCount / Query / QueryOne, but the statement is prepared
  // once per pooled connection and SQL text and reused (native sqlite3_stmt,
  // or a named PostgreSQL prepared statement): for statements run many times,
  // e.g. per imported row. Same Status mapping; values come back as the
  // engine stores them (integers as integers, text as text), which Row reads
  // alike. Without a cache (a Conn built by hand) they take the plain path.
  // On PostgreSQL a prepared statement may get a generic plan after five
  // runs: keep range queries whose best plan depends on the values on Query.
  Result<long long> ExecPrepared(const std::string& sql, const std::vector<Value>& params = {});
  Result<std::vector<Row>> QueryPrepared(const std::string& sql,
                                         const std::vector<Value>& params = {});
  Result<std::optional<Row>> QueryOnePrepared(const std::string& sql,
                                              const std::vector<Value>& params = {});
  // While on, Exec, ExecCount, Query and QueryOne on this Conn take the
  // prepared path too, also in other services' code the Conn is passed to
  // (audit events written per row of a bulk import). Off by default; a Conn
  // lives for one Database::Tx or Read.
  void set_prepare_all(bool on) { prepare_all_ = on; }
  bool prepare_all() const { return prepare_all_; }

 private:
  Result<long long> RunPrepared(const std::string& sql, const std::vector<Value>& params,
                                std::vector<Row>* rows);

  soci::session* s_;
  Engine engine_;
  StatementCache* cache_ = nullptr;
  bool prepare_all_ = false;
};

class Database {
 public:
  // Opens `url` (sqlite:///abs/path.db or postgresql://…) with `pool_size`
  // connections; SQLite pragmas (WAL, synchronous=FULL, foreign_keys,
  // secure_delete) are set and verified on every connection.
  static Result<std::unique_ptr<Database>> Open(const std::string& url, int pool_size);
  ~Database();

  Engine engine() const { return engine_; }
  const char* engine_name() const { return engine_ == Engine::kSqlite ? "sqlite" : "postgresql"; }
  const std::string& sqlite_path() const { return sqlite_path_; }

  // Runs fn inside one transaction; commits when fn returns Ok, rolls back otherwise.
  Status Tx(const std::function<Status(Conn&)>& fn);
  // Runs fn on a pooled connection without an explicit transaction (reads).
  Status Read(const std::function<Status(Conn&)>& fn);

  struct PoolStats {
    long long size = 0, in_use = 0, waiting = 0;  // connections, leased, callers waiting
  };
  PoolStats pool_stats();

 private:
  Database() = default;
  struct Lease;
  Lease Acquire();
  void Release(size_t i);

  Engine engine_ = Engine::kSqlite;
  std::string sqlite_path_;
  std::vector<std::unique_ptr<soci::session>> sessions_;
  // One per session, declared after sessions_ so statements are finalized
  // before their connection closes.
  std::vector<std::unique_ptr<StatementCache>> caches_;
  std::vector<bool> busy_;
  long long waiting_ = 0;
  std::mutex mu_;
  std::condition_variable cv_;
  std::mutex sqlite_write_mu_;  // one writer at a time inside this process
};

// A LIKE pattern matching values that contain `text` literally ('%', '_' and
// '!' escaped); use it with kLikeEscape after the placeholder.
std::string LikeContains(std::string_view text);
inline constexpr const char* kLikeEscape = " ESCAPE '!'";

// Parses a database URL; kInvalidArgument (field "db") when it is neither form.
struct DbUrl {
  Engine engine;
  std::string target;  // SQLite file path or PostgreSQL connection string
};
Result<DbUrl> ParseDbUrl(const std::string& url);

}  // namespace shuniu::db
