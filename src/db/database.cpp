// SOCI-backed implementation of the Database/Conn/Row wrapper.
#include "db/database.h"

// soci-sqlite3.h includes <sqlite3.h> inside namespace sqlite_api: include it first.
#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <deque>

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

Status Conn::Exec(const std::string& sql, const std::vector<Value>& params) {
  auto r = ExecCount(sql, params);
  return r.ok() ? Status::Ok() : r.status();
}

Result<long long> Conn::ExecCount(const std::string& sql, const std::vector<Value>& params) {
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
    cv_.wait(lk);
  }
}

void Database::Release(size_t i) {
  {
    std::lock_guard<std::mutex> lk(mu_);
    busy_[i] = false;
  }
  cv_.notify_one();
}

Status Database::Tx(const std::function<Status(Conn&)>& fn) {
  std::unique_lock<std::mutex> wl(sqlite_write_mu_, std::defer_lock);
  if (engine_ == Engine::kSqlite) wl.lock();
  Lease lease = Acquire();
  Conn c(&lease.s(), engine_);
  SHUNIU_RETURN_IF_ERROR(c.Exec(engine_ == Engine::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN"));
  Status st;
  try {
    st = fn(c);
  } catch (const std::exception& e) {
    st = Internal(std::string("unexpected error: ") + e.what());
  }
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
  Lease lease = Acquire();
  Conn c(&lease.s(), engine_);
  try {
    return fn(c);
  } catch (const std::exception& e) {
    return Internal(std::string("unexpected error: ") + e.what());
  }
}

}  // namespace shuniu::db
