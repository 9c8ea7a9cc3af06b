// SOCI-backed implementation of the Database/Conn/Row wrapper.
#include "db/database.h"

// soci-sqlite3.h includes <sqlite3.h> inside namespace sqlite_api: include it first.
#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <cctype>
#include <cstdio>
#include <deque>
#include <list>
#include <unordered_map>

namespace shuniu::db {

long long Row::Int(size_t i) const {
  const Value& v = cols_.at(i);
  if (auto p = std::get_if<long long>(&v)) return *p;
  if (auto p = std::get_if<double>(&v)) return static_cast<long long>(*p);
  if (auto p = std::get_if<std::string>(&v)) return std::strtoll(p->c_str(), nullptr, 10);
  return 0;
}
std::optional<long long> Row::OptInt(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Int(i);
}
std::string Row::Str(size_t i) const {
  const Value& v = cols_.at(i);
  if (auto p = std::get_if<std::string>(&v)) return *p;
  if (auto p = std::get_if<long long>(&v)) return std::to_string(*p);
  if (auto p = std::get_if<double>(&v)) return std::to_string(*p);
  return "";
}
std::optional<std::string> Row::OptStr(size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return Str(i);
}

namespace {

Status FromSoci(const std::exception& e, Engine engine) {
  std::string msg = e.what();
  bool unique = false;
  if (auto pg = dynamic_cast<const soci::postgresql_soci_error*>(&e)) {
    unique = pg->sqlstate() == "23505";
  } else if (engine == Engine::kSqlite) {
    unique = msg.find("UNIQUE constraint failed") != std::string::npos ||
             msg.find("PRIMARY KEY") != std::string::npos;
  }
  if (unique) return Status(Code::kAlreadyExists, "record already exists");
  return Internal("database error: " + msg);
}

// Binds params to a prepared statement; storage keeps referenced values alive.
struct Binder {
  std::deque<long long> ints;
  std::deque<double> dbls;
  std::deque<std::string> strs;
  std::deque<soci::indicator> inds;
  void Bind(soci::statement& st, const std::vector<Value>& params) {
    for (const Value& v : params) {
      if (auto p = std::get_if<long long>(&v)) {
        ints.push_back(*p);
        st.exchange(soci::use(ints.back()));
      } else if (auto p = std::get_if<double>(&v)) {
        dbls.push_back(*p);
        st.exchange(soci::use(dbls.back()));
      } else if (auto p = std::get_if<std::string>(&v)) {
        strs.push_back(*p);
        st.exchange(soci::use(strs.back()));
      } else {
        strs.emplace_back();
        inds.push_back(soci::i_null);
        st.exchange(soci::use(strs.back(), inds.back()));
      }
    }
  }
};

Value Convert(const soci::row& r, size_t i) {
  if (r.get_indicator(i) == soci::i_null) return std::monostate{};
  switch (r.get_properties(i).get_data_type()) {
    case soci::dt_integer:
      return static_cast<long long>(r.get<int>(i));
    case soci::dt_long_long:
      return r.get<long long>(i);
    case soci::dt_unsigned_long_long:
      return static_cast<long long>(r.get<unsigned long long>(i));
    case soci::dt_double:
      return r.get<double>(i);
    case soci::dt_string:
      return r.get<std::string>(i);
    default:
      return r.get<std::string>(i);
  }
}

// Reads back each durability pragma; SOCI sees untyped pragma results as text.
Status VerifySqlitePragmas(Conn& c, const std::string& path) {
  const std::pair<const char*, const char*> kWant[] = {
      {"journal_mode", "wal"}, {"synchronous", "2"}, {"foreign_keys", "1"}, {"secure_delete", "1"}};
  for (const auto& [name, want] : kWant) {
    auto r = c.QueryOne(std::string("PRAGMA ") + name);
    if (!r.ok()) return r.status();
    if (!*r || (*r)->Str(0) != want)
      return Internal(std::string("SQLite pragma ") + name + " is not " + want + " on " + path);
  }
  return Status::Ok();
}

}  // namespace

// Statements prepared once per connection and SQL text. SQLite keeps the
// sqlite3_stmt (reset after every run, so it holds no read snapshot or lock);
// PostgreSQL a named server-side statement ("shuniu_s<N>"). Least recently
// used entries beyond kMaxEntries are dropped.
class StatementCache {
 public:
  StatementCache(soci::session* s, Engine e) : s_(s), engine_(e) {}
  StatementCache(const StatementCache&) = delete;
  StatementCache& operator=(const StatementCache&) = delete;
  ~StatementCache() {
    for (auto& [sql, entry] : map_) Drop(entry, /*deallocate=*/false);
  }

  struct Entry {
    sqlite_api::sqlite3_stmt* stmt = nullptr;  // SQLite
    std::string name;                          // PostgreSQL
    int params = 0;
    std::list<std::string>::iterator lru;
  };

  // The prepared statement for sql, preparing it on first use.
  Result<Entry*> Get(const std::string& sql) {
    auto it = map_.find(sql);
    if (it != map_.end()) {
      order_.splice(order_.begin(), order_, it->second.lru);
      return &it->second;
    }
    Entry e;
    if (engine_ == Engine::kSqlite) {
      const char* tail = nullptr;
      int rc =
          sqlite_api::sqlite3_prepare_v3(SqliteDb(), sql.c_str(), static_cast<int>(sql.size()) + 1,
                                         SQLITE_PREPARE_PERSISTENT, &e.stmt, &tail);
      if (rc != SQLITE_OK || !e.stmt) {
        std::string m = sqlite_api::sqlite3_errmsg(SqliteDb());
        if (e.stmt) sqlite_api::sqlite3_finalize(e.stmt);
        return Internal("database error: " + m + " while preparing \"" + sql + "\"");
      }
      e.params = sqlite_api::sqlite3_bind_parameter_count(e.stmt);
    } else {
      int n = 0;
      std::string pg = PgPlaceholders(sql, n);
      e.name = "shuniu_s" + std::to_string(++serial_);
      PGresult* res = PQprepare(PgConn(), e.name.c_str(), pg.c_str(), n, nullptr);
      ExecStatusType st = PQresultStatus(res);
      std::string m = PQresultErrorMessage(res);
      PQclear(res);
      if (st != PGRES_COMMAND_OK) return Internal("database error: " + m);
      e.params = n;
    }
    if (map_.size() >= kMaxEntries) {
      auto victim = map_.find(order_.back());
      Drop(victim->second, /*deallocate=*/true);
      map_.erase(victim);
      order_.pop_back();
    }
    order_.push_front(sql);
    e.lru = order_.begin();
    return &map_.emplace(sql, std::move(e)).first->second;
  }

  sqlite_api::sqlite3* SqliteDb() {
    return static_cast<soci::sqlite3_session_backend*>(s_->get_backend())->conn_;
  }
  PGconn* PgConn() {
    return static_cast<soci::postgresql_session_backend*>(s_->get_backend())->conn_;
  }

 private:
  static constexpr size_t kMaxEntries = 256;

  // ":name" placeholders become $1, $2, … by occurrence, as SOCI numbers
  // them; quoted text and "::" casts are left alone.
  static std::string PgPlaceholders(const std::string& sql, int& n) {
    std::string out;
    out.reserve(sql.size() + 16);
    for (size_t i = 0; i < sql.size();) {
      char ch = sql[i];
      if (ch == '\'' || ch == '"') {
        size_t end = sql.find(ch, i + 1);
        end = end == std::string::npos ? sql.size() : end + 1;
        out.append(sql, i, end - i);
        i = end;
      } else if (ch == ':' && i + 1 < sql.size() && sql[i + 1] == ':') {
        out += "::";
        i += 2;
      } else if (ch == ':' && i + 1 < sql.size() &&
                 (std::isalnum(static_cast<unsigned char>(sql[i + 1])) || sql[i + 1] == '_')) {
        size_t j = i + 1;
        while (j < sql.size() &&
               (std::isalnum(static_cast<unsigned char>(sql[j])) || sql[j] == '_'))
          ++j;
        out += "$" + std::to_string(++n);
        i = j;
      } else {
        out += ch;
        ++i;
      }
    }
    return out;
  }

  void Drop(Entry& e, bool deallocate) {
    if (e.stmt) sqlite_api::sqlite3_finalize(e.stmt);
    e.stmt = nullptr;
    if (deallocate && !e.name.empty()) {
      // Not transactional; a failure (e.g. inside an aborted transaction)
      // only leaves the statement allocated until the connection closes.
      PQclear(PQexec(PgConn(), ("DEALLOCATE " + e.name).c_str()));
    }
  }

  soci::session* s_;
  Engine engine_;
  std::unordered_map<std::string, Entry> map_;
  std::list<std::string> order_;  // most recently used first
  long long serial_ = 0;
};

namespace {

// Runs a cached SQLite statement; rows (when asked) are appended to *rows.
Result<long long> RunSqlite(StatementCache& cache, StatementCache::Entry& e,
                            const std::vector<Value>& params, std::vector<Row>* rows) {
  sqlite_api::sqlite3_stmt* st = e.stmt;
  sqlite_api::sqlite3* db = cache.SqliteDb();
  struct Reset {
    sqlite_api::sqlite3_stmt* st;
    ~Reset() { sqlite_api::sqlite3_reset(st); }
  } reset{st};
  if (static_cast<int>(params.size()) != e.params)
    return Internal("database error: " + std::to_string(params.size()) +
                    " parameters bound, the statement has " + std::to_string(e.params));
  for (size_t i = 0; i < params.size(); ++i) {
    int idx = static_cast<int>(i) + 1, rc;
    const Value& v = params[i];
    if (auto p = std::get_if<long long>(&v)) {
      rc = sqlite_api::sqlite3_bind_int64(st, idx, *p);
    } else if (auto p = std::get_if<double>(&v)) {
      rc = sqlite_api::sqlite3_bind_double(st, idx, *p);
    } else if (auto p = std::get_if<std::string>(&v)) {
      // params outlives the run: no copy needed.
      rc = sqlite_api::sqlite3_bind_text(st, idx, p->data(), static_cast<int>(p->size()),
                                         SQLITE_STATIC);
    } else {
      rc = sqlite_api::sqlite3_bind_null(st, idx);
    }
    if (rc != SQLITE_OK)
      return Internal(std::string("database error: ") + sqlite_api::sqlite3_errmsg(db));
  }
  for (;;) {
    int rc = sqlite_api::sqlite3_step(st);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) {
      int ext = sqlite_api::sqlite3_extended_errcode(db);
      std::string m = sqlite_api::sqlite3_errmsg(db);
      if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
        return Status(Code::kAlreadyExists, "record already exists");
      return Internal("database error: " + m);
    }
    if (!rows) continue;
    int n = sqlite_api::sqlite3_column_count(st);
    std::vector<Value> cols;
    cols.reserve(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) {
      switch (sqlite_api::sqlite3_column_type(st, i)) {
        case SQLITE_INTEGER:
          cols.emplace_back(static_cast<long long>(sqlite_api::sqlite3_column_int64(st, i)));
          break;
        case SQLITE_FLOAT:
          cols.emplace_back(sqlite_api::sqlite3_column_double(st, i));
          break;
        case SQLITE_NULL:
          cols.emplace_back(std::monostate{});
          break;
        default: {  // text or blob: the bytes as they are
          const void* p = sqlite_api::sqlite3_column_blob(st, i);
          int len = sqlite_api::sqlite3_column_bytes(st, i);
          cols.emplace_back(std::string(static_cast<const char*>(p), static_cast<size_t>(len)));
        }
      }
    }
    rows->emplace_back(std::move(cols));
  }
  return static_cast<long long>(sqlite_api::sqlite3_changes(db));
}

// Runs a named PostgreSQL prepared statement with text parameters.
Result<long long> RunPg(StatementCache& cache, StatementCache::Entry& e,
                        const std::vector<Value>& params, std::vector<Row>* rows) {
  if (static_cast<int>(params.size()) != e.params)
    return Internal("database error: " + std::to_string(params.size()) +
                    " parameters bound, the statement has " + std::to_string(e.params));
  std::vector<std::string> text(params.size());
  std::vector<const char*> values(params.size(), nullptr);
  for (size_t i = 0; i < params.size(); ++i) {
    const Value& v = params[i];
    if (auto p = std::get_if<long long>(&v)) {
      text[i] = std::to_string(*p);
    } else if (auto p = std::get_if<double>(&v)) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.17g", *p);
      text[i] = buf;
    } else if (auto p = std::get_if<std::string>(&v)) {
      values[i] = p->c_str();
      continue;
    } else {
      continue;  // NULL
    }
    values[i] = text[i].c_str();
  }
  PGresult* res = PQexecPrepared(cache.PgConn(), e.name.c_str(), static_cast<int>(params.size()),
                                 values.data(), nullptr, nullptr, 0);
  struct Clear {
    PGresult* r;
    ~Clear() { PQclear(r); }
  } clear{res};
  ExecStatusType st = PQresultStatus(res);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    const char* state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    if (state && std::string(state) == "23505")
      return Status(Code::kAlreadyExists, "record already exists");
    return Internal(std::string("database error: ") + PQresultErrorMessage(res));
  }
  if (rows) {
    int nrows = PQntuples(res), ncols = PQnfields(res);
    for (int r = 0; r < nrows; ++r) {
      std::vector<Value> cols;
      cols.reserve(static_cast<size_t>(ncols));
      for (int i = 0; i < ncols; ++i) {
        if (PQgetisnull(res, r, i)) {
          cols.emplace_back(std::monostate{});
          continue;
        }
        const char* v = PQgetvalue(res, r, i);
        switch (PQftype(res, i)) {
          case 20:  // int8
          case 21:  // int2
          case 23:  // int4
          case 26:  // oid
            cols.emplace_back(static_cast<long long>(std::strtoll(v, nullptr, 10)));
            break;
          case 16:  // bool
            cols.emplace_back(static_cast<long long>(v[0] == 't'));
            break;
          case 1700:  // numeric (SUM(bigint) is one): a double, as SOCI reads it
          case 700:   // float4
          case 701:   // float8
            cols.emplace_back(std::strtod(v, nullptr));
            break;
          default:
            cols.emplace_back(std::string(v, static_cast<size_t>(PQgetlength(res, r, i))));
        }
      }
      rows->emplace_back(std::move(cols));
    }
  }
  const char* n = PQcmdTuples(res);
  return static_cast<long long>(n && *n ? std::strtoll(n, nullptr, 10) : 0);
}

}  // namespace

Result<long long> Conn::RunPrepared(const std::string& sql, const std::vector<Value>& params,
                                    std::vector<Row>* rows) {
  auto e = cache_->Get(sql);
  if (!e.ok()) return e.status();
  return engine_ == Engine::kSqlite ? RunSqlite(*cache_, **e, params, rows)
                                    : RunPg(*cache_, **e, params, rows);
}

Result<long long> Conn::ExecPrepared(const std::string& sql, const std::vector<Value>& params) {
  if (!cache_) return ExecCount(sql, params);
  return RunPrepared(sql, params, nullptr);
}

Result<std::vector<Row>> Conn::QueryPrepared(const std::string& sql,
                                             const std::vector<Value>& params) {
  if (!cache_) return Query(sql, params);
  std::vector<Row> out;
  auto r = RunPrepared(sql, params, &out);
  if (!r.ok()) return r.status();
  return out;
}

Result<std::optional<Row>> Conn::QueryOnePrepared(const std::string& sql,
                                                  const std::vector<Value>& params) {
  auto r = QueryPrepared(sql, params);
  if (!r.ok()) return r.status();
  if (r->empty()) return std::optional<Row>{};
  return std::optional<Row>(std::move(r->front()));
}

Status Conn::Exec(const std::string& sql, const std::vector<Value>& params) {
  auto r = ExecCount(sql, params);
  return r.ok() ? Status::Ok() : r.status();
}

Result<long long> Conn::ExecCount(const std::string& sql, const std::vector<Value>& params) {
  if (prepare_all_ && cache_) return RunPrepared(sql, params, nullptr);
  try {
    soci::statement st(*s_);
    Binder b;
    st.alloc();
    st.prepare(sql);
    b.Bind(st, params);
    st.define_and_bind();
    st.execute(true);
    return static_cast<long long>(st.get_affected_rows());
  } catch (const std::exception& e) {
    return FromSoci(e, engine_);
  }
}

Result<std::vector<Row>> Conn::Query(const std::string& sql, const std::vector<Value>& params) {
  if (prepare_all_ && cache_) {
    std::vector<Row> out;
    auto r = RunPrepared(sql, params, &out);
    if (!r.ok()) return r.status();
    return out;
  }
  try {
    soci::row row;
    soci::statement st(*s_);
    Binder b;
    // Same order as soci::rowset: bind the uses, then the row, then fetch.
    st.alloc();
    st.prepare(sql);
    b.Bind(st, params);
    st.define_and_bind();
    st.exchange_for_rowset(soci::into(row));
    std::vector<Row> out;
    st.execute(false);
    while (st.fetch()) {
      std::vector<Value> cols;
      cols.reserve(row.size());
      for (size_t i = 0; i < row.size(); ++i) cols.push_back(Convert(row, i));
      out.emplace_back(std::move(cols));
    }
    return out;
  } catch (const std::exception& e) {
    return FromSoci(e, engine_);
  }
}

Result<std::optional<Row>> Conn::QueryOne(const std::string& sql,
                                          const std::vector<Value>& params) {
  auto r = Query(sql, params);
  if (!r.ok()) return r.status();
  if (r->empty()) return std::optional<Row>{};
  return std::optional<Row>(std::move(r->front()));
}

Status Conn::ExecScript(const std::string& script) {
  if (engine_ == Engine::kSqlite) {
    auto* be = static_cast<soci::sqlite3_session_backend*>(s_->get_backend());
    char* err = nullptr;
    if (sqlite_api::sqlite3_exec(be->conn_, script.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string m = err ? err : "unknown error";
      sqlite_api::sqlite3_free(err);
      return Internal("migration failed: " + m);
    }
    return Status::Ok();
  }
  auto* be = static_cast<soci::postgresql_session_backend*>(s_->get_backend());
  PGresult* res = PQexec(be->conn_, script.c_str());
  ExecStatusType st = PQresultStatus(res);
  std::string m = PQresultErrorMessage(res);
  PQclear(res);
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return Internal("migration failed: " + m);
  return Status::Ok();
}

std::string LikeContains(std::string_view text) {
  std::string like = "%";
  for (char ch : text) {
    if (ch == '%' || ch == '_' || ch == '!') like += '!';
    like += ch;
  }
  return like + "%";
}

Result<DbUrl> ParseDbUrl(const std::string& url) {
  if (url.rfind("sqlite://", 0) == 0) {
    std::string path = url.substr(9);
    if (path.empty() || path[0] != '/')
      return InvalidArgument("db", "SQLite URL must be sqlite:///absolute/path.db");
    return DbUrl{Engine::kSqlite, path};
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    std::string u = url;
    u += (u.find('?') == std::string::npos ? "?" : "&");
    u += "options=-c%20client_min_messages%3Dwarning";
    return DbUrl{Engine::kPostgresql, u};
  }
  return InvalidArgument("db", "database URL must start with sqlite:// or postgresql://");
}

struct Database::Lease {
  Database* db;
  size_t i;
  ~Lease() { db->Release(i); }
  soci::session& s() { return *db->sessions_[i]; }
  StatementCache* cache() { return db->caches_[i].get(); }
};

Result<std::unique_ptr<Database>> Database::Open(const std::string& url, int pool_size) {
  auto parsed = ParseDbUrl(url);
  if (!parsed.ok()) return parsed.status();
  std::unique_ptr<Database> db(new Database());
  db->engine_ = parsed->engine;
  try {
    for (int i = 0; i < pool_size; ++i) {
      std::unique_ptr<soci::session> s;
      if (db->engine_ == Engine::kSqlite) {
        db->sqlite_path_ = parsed->target;
        s = std::make_unique<soci::session>(*soci::factory_sqlite3(),
                                            "db=" + parsed->target + " timeout=10");
        Conn c(s.get(), db->engine_);
        SHUNIU_RETURN_IF_ERROR(c.ExecScript(
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; "
            "PRAGMA secure_delete=ON; PRAGMA busy_timeout=10000;"));
        SHUNIU_RETURN_IF_ERROR(VerifySqlitePragmas(c, parsed->target));
      } else {
        s = std::make_unique<soci::session>(*soci::factory_postgresql(), parsed->target);
        Conn c(s.get(), db->engine_);
        auto fs = c.QueryOne("SHOW fsync");
        auto sc = c.QueryOne("SHOW synchronous_commit");
        if (!fs.ok() || !*fs || (*fs)->Str(0) != "on" || !sc.ok() || !*sc || (*sc)->Str(0) == "off")
          return Internal("PostgreSQL must run with fsync and synchronous_commit on");
      }
      db->caches_.push_back(std::make_unique<StatementCache>(s.get(), db->engine_));
      db->sessions_.push_back(std::move(s));
      db->busy_.push_back(false);
    }
  } catch (const std::exception& e) {
    return Internal(std::string("cannot open database: ") + e.what());
  }
  return db;
}

Database::~Database() = default;

Database::Lease Database::Acquire() {
  std::unique_lock<std::mutex> lk(mu_);
  for (;;) {
    for (size_t i = 0; i < busy_.size(); ++i) {
      if (!busy_[i]) {
        busy_[i] = true;
        return Lease{this, i};
      }
    }
    ++waiting_;
    cv_.wait(lk);
    --waiting_;
  }
}

Database::PoolStats Database::pool_stats() {
  std::lock_guard<std::mutex> lk(mu_);
  PoolStats s;
  s.size = static_cast<long long>(busy_.size());
  for (bool b : busy_) s.in_use += b ? 1 : 0;
  s.waiting = waiting_;
  return s;
}

void Database::Release(size_t i) {
  {
    std::lock_guard<std::mutex> lk(mu_);
    busy_[i] = false;
  }
  cv_.notify_one();
}

namespace {
// The transaction this thread runs, if any. A Read() made from inside a Tx()
// (a service validating against a cached lookup that has to go to the
// database, e.g. region names) runs on the transaction's own connection:
// taking a second connection from the pool while holding the first deadlocked
// the server once every connection was held by a transaction waiting for
// another (found by the crash loop's tender client on PostgreSQL: two workers
// in transactions waited for the pool, the other connections waited for the
// audit lock one of them held).
struct CurrentTx {
  const Database* db = nullptr;
  Conn* conn = nullptr;
};
thread_local CurrentTx current_tx;
}  // namespace

Status Database::Tx(const std::function<Status(Conn&)>& fn) {
  std::unique_lock<std::mutex> wl(sqlite_write_mu_, std::defer_lock);
  if (engine_ == Engine::kSqlite) wl.lock();
  Lease lease = Acquire();
  Conn c(&lease.s(), engine_, lease.cache());
  SHUNIU_RETURN_IF_ERROR(c.Exec(engine_ == Engine::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN"));
  Status st;
  CurrentTx outer = current_tx;
  current_tx = CurrentTx{this, &c};
  try {
    st = fn(c);
  } catch (const std::exception& e) {
    st = Internal(std::string("unexpected error: ") + e.what());
  }
  current_tx = outer;
  if (st.ok()) {
    Status cs = c.Exec("COMMIT");
    if (!cs.ok()) {
      (void)c.Exec("ROLLBACK");
      return cs;
    }
    return st;
  }
  (void)c.Exec("ROLLBACK");
  return st;
}

Status Database::Read(const std::function<Status(Conn&)>& fn) {
  if (current_tx.db == this && current_tx.conn) {
    try {
      return fn(*current_tx.conn);
    } catch (const std::exception& e) {
      return Internal(std::string("unexpected error: ") + e.what());
    }
  }
  Lease lease = Acquire();
  Conn c(&lease.s(), engine_, lease.cache());
  try {
    return fn(c);
  } catch (const std::exception& e) {
    return Internal(std::string("unexpected error: ") + e.what());
  }
}

}  // namespace shuniu::db
