#include "db/transfer.h"

#include <algorithm>
#include <set>

#include "core/crypto.h"
#include "core/url.h"

namespace shuniu::db {
namespace {

std::string Quote(const std::string& ident) {
  std::string q = "\"";
  for (char ch : ident) {
    if (ch == '"') q += '"';
    q += ch;
  }
  return q + "\"";
}

// Runs fn inside a read snapshot on a pooled connection of db.
Status InSnapshot(Database& db, const std::function<Status(Conn&)>& fn) {
  return db.Read([&](Conn& c) -> Status {
    SHUNIU_RETURN_IF_ERROR(c.Exec(c.engine() == Engine::kSqlite
                                      ? "BEGIN"
                                      : "START TRANSACTION ISOLATION LEVEL REPEATABLE READ"));
    Status st = fn(c);
    (void)c.Exec(st.ok() ? "COMMIT" : "ROLLBACK");
    return st;
  });
}

std::string SelectAll(const std::string& table, const std::vector<std::string>& cols) {
  std::string sql = "SELECT ";
  for (size_t i = 0; i < cols.size(); ++i) sql += (i ? ", " : "") + Quote(cols[i]);
  return sql + " FROM " + Quote(table);
}

}  // namespace

Result<std::vector<std::string>> ListTables(Conn& c) {
  auto rows = c.Query(c.engine() == Engine::kSqlite
                          ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
                            "LIKE 'sqlite!_%' ESCAPE '!'"
                          : "SELECT table_name FROM information_schema.tables WHERE table_schema "
                            "= current_schema() AND table_type = 'BASE TABLE'");
  if (!rows.ok()) return rows.status();
  std::vector<std::string> out;
  for (auto& r : *rows) out.push_back(r.Str(0));
  std::sort(out.begin(), out.end());
  return out;
}

Result<std::vector<std::string>> ListColumns(Conn& c, const std::string& table) {
  auto rows = c.Query(c.engine() == Engine::kSqlite
                          ? "SELECT name FROM pragma_table_info(:1) ORDER BY cid"
                          : "SELECT column_name FROM information_schema.columns WHERE "
                            "table_schema = current_schema() AND table_name = :1 ORDER BY "
                            "ordinal_position",
                      {table});
  if (!rows.ok()) return rows.status();
  std::vector<std::string> out;
  for (auto& r : *rows) out.push_back(r.Str(0));
  return out;
}

Result<std::vector<TableSum>> Checksums(Conn& c, std::optional<long long> audit_through) {
  auto tables = ListTables(c);
  if (!tables.ok()) return tables.status();
  std::vector<TableSum> out;
  for (const auto& t : *tables) {
    auto cols = ListColumns(c, t);
    if (!cols.ok()) return cols.status();
    std::sort(cols->begin(), cols->end());  // the same order on both engines
    std::string sql = SelectAll(t, *cols);
    std::vector<Value> params;
    if (t == "audit_events" && audit_through) {
      sql += " WHERE seq <= :1";
      params.push_back(*audit_through);
    }
    auto rows = c.Query(sql, params);
    if (!rows.ok()) return rows.status();
    std::vector<std::string> canon;
    canon.reserve(rows->size());
    for (auto& r : *rows) {
      std::string line;
      for (size_t i = 0; i < r.size(); ++i) {
        if (i) line += '\x1f';
        line += r.IsNull(i) ? std::string("N") : "V" + r.Str(i);
      }
      canon.push_back(std::move(line));
    }
    std::sort(canon.begin(), canon.end());
    std::string all;
    for (auto& l : canon) (all += l) += '\x1e';
    out.push_back({t, static_cast<long long>(canon.size()), crypto::Sha256Hex(all)});
  }
  return out;
}

Result<std::vector<TableSum>> Checksums(Database& db, std::optional<long long> audit_through) {
  std::vector<TableSum> out;
  Status st = InSnapshot(db, [&](Conn& c) -> Status {
    auto r = Checksums(c, audit_through);
    if (!r.ok()) return r.status();
    out = std::move(*r);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

std::string FormatChecksums(const std::vector<TableSum>& sums) {
  std::string s;
  for (const auto& t : sums) s += t.table + " " + std::to_string(t.rows) + " " + t.sha256 + "\n";
  return s;
}

Result<CopyReport> CopyDatabase(Database& from, Database& to) {
  if (to.engine() != Engine::kPostgresql)
    return InvalidArgument("to", "the target of db copy must be a postgresql:// database");
  CopyReport rep;
  // The target's tables and columns, and whether anything happened there yet.
  std::vector<std::string> target_tables;
  Status st = to.Read([&](Conn& c) -> Status {
    auto t = ListTables(c);
    if (!t.ok()) return t.status();
    target_tables = *t;
    for (const char* table : {"audit_events", "users"}) {
      if (!std::binary_search(target_tables.begin(), target_tables.end(), std::string(table)))
        return InvalidArgument(
            "to", "the target database has no table " + std::string(table) + "; migrate it first");
      auto n = c.QueryOne(std::string("SELECT COUNT(*) FROM ") + table);
      if (!n.ok()) return n.status();
      if ((*n)->Int(0) > 0)
        return InvalidArgument("to", "the target database is not empty (" + std::string(table) +
                                         " has " + std::to_string((*n)->Int(0)) +
                                         " rows); db copy needs a fresh, migrated database");
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;

  st = InSnapshot(from, [&](Conn& src) -> Status {
    auto tables = ListTables(src);
    if (!tables.ok()) return tables.status();
    for (const auto& t : *tables)
      if (!std::binary_search(target_tables.begin(), target_tables.end(), t))
        return InvalidArgument("to", "the target database has no table " + t +
                                         " (are both databases migrated by this version?)");
    return to.Tx([&](Conn& dst) -> Status {
      dst.set_prepare_all(false);
      SHUNIU_RETURN_IF_ERROR(dst.Exec("SET LOCAL session_replication_role = replica"));
      for (const auto& t : *tables) {
        auto cols = ListColumns(src, t);
        if (!cols.ok()) return cols.status();
        auto tcols = ListColumns(dst, t);
        if (!tcols.ok()) return tcols.status();
        if (std::set<std::string>(cols->begin(), cols->end()) !=
            std::set<std::string>(tcols->begin(), tcols->end()))
          return InvalidArgument("to", "table " + t + " has other columns in the target");
        SHUNIU_RETURN_IF_ERROR(dst.Exec("DELETE FROM " + Quote(t)));
        auto rows = src.Query(SelectAll(t, *cols));
        if (!rows.ok()) return rows.status();
        std::string ins = "INSERT INTO " + Quote(t) + " (";
        std::string vals;
        for (size_t i = 0; i < cols->size(); ++i) {
          ins += (i ? ", " : "") + Quote((*cols)[i]);
          vals += (i ? ", :" : ":") + std::to_string(i + 1);
        }
        ins += ") VALUES (" + vals + ")";
        for (auto& r : *rows) {
          std::vector<Value> params;
          params.reserve(r.size());
          for (size_t i = 0; i < r.size(); ++i)
            params.push_back(r.IsNull(i) ? Null() : Value(r.Str(i)));
          auto n = dst.ExecPrepared(ins, params);
          if (!n.ok())
            return Status(n.status().code(), "copying " + t + ": " + n.status().message());
        }
        rep.tables++;
        rep.rows += static_cast<long long>(rows->size());
      }
      // Serial columns: the next id must come after the largest copied one.
      auto seqs = dst.Query(
          "SELECT table_name, column_name, pg_get_serial_sequence(quote_ident(table_name), "
          "column_name) FROM information_schema.columns WHERE table_schema = current_schema() "
          "AND column_default LIKE 'nextval(%'");
      if (!seqs.ok()) return seqs.status();
      for (auto& s : *seqs) {
        auto r = dst.Query("SELECT setval(:1, COALESCE((SELECT MAX(" + Quote(s.Str(1)) + ") FROM " +
                               Quote(s.Str(0)) + "), 0) + 1, false)",
                           {s.Str(2)});
        if (!r.ok()) return r.status();
        rep.sequences++;
      }
      return Status::Ok();
    });
  });
  if (!st.ok()) return st;
  return rep;
}

PgToolTarget SplitPgPassword(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return {url, ""};
  size_t start = scheme + 3;
  size_t end = url.find_first_of("/?#", start);
  if (end == std::string::npos) end = url.size();
  // user:password@host — the last '@' before the path ends the user info.
  size_t at = url.rfind('@', end);
  if (at == std::string::npos || at < start) return {url, ""};
  size_t colon = url.find(':', start);
  if (colon == std::string::npos || colon > at) return {url, ""};
  std::string raw = url.substr(colon + 1, at - colon - 1);
  std::string password;
  if (!PercentDecode(raw, &password, false)) password = raw;  // libpq will refuse it
  return {url.substr(0, colon) + url.substr(at), password};
}

}  // namespace shuniu::db
