// Whole-database operations for backups and moves between engines: per-table
// checksums computed the same way on SQLite and PostgreSQL, and a copy of
// every row of one database into another (SQLite → PostgreSQL).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db/database.h"

namespace shuniu::db {

// The base tables of the connected database (not views, not sqlite_*),
// sorted by name.
Result<std::vector<std::string>> ListTables(Conn& c);
// The columns of `table` in declaration order.
Result<std::vector<std::string>> ListColumns(Conn& c, const std::string& table);

struct TableSum {
  std::string table;
  long long rows = 0;
  std::string sha256;  // hex, over the table's rows in an engine-neutral canonical form
};

// Checksums every table on `c` as it stands in the caller's snapshot (run it
// inside a transaction for one consistent point). Each row becomes its column
// values (columns by name, NULL as \N, integers in decimal, text as stored)
// joined by 0x1f; the rows are sorted bytewise and hashed, so the figure does not
// depend on the engine, the physical order or the column order. With
// `audit_through`, audit_events counts only events with seq <= it (to compare a
// restored database that has since recorded its own restore event).
Result<std::vector<TableSum>> Checksums(Conn& c, std::optional<long long> audit_through);
// The same over a fresh read snapshot of `db` (REPEATABLE READ on PostgreSQL,
// a deferred read transaction on SQLite).
Result<std::vector<TableSum>> Checksums(Database& db, std::optional<long long> audit_through);
// "table rows sha256" per line.
std::string FormatChecksums(const std::vector<TableSum>& sums);

struct CopyReport {
  long long tables = 0;
  long long rows = 0;
  long long sequences = 0;  // sequences advanced past the copied ids
};

// Copies every row of every table of `from` (read in one snapshot) into `to`,
// which must be a migrated PostgreSQL database holding no audit events and no
// users (rows seeded by migrations are replaced). One transaction on `to` with
// triggers off (session_replication_role = replica: the roll-up triggers must
// not add to the copied roll-ups, foreign keys are checked by the source),
// then every serial sequence is set past the largest id. kInvalidArgument
// (field "to") when the target is not PostgreSQL, not empty or its tables or
// columns differ from the source's; kInternal on a database error.
Result<CopyReport> CopyDatabase(Database& from, Database& to);

// A postgresql:// URL split for the PostgreSQL tools (pg_dump, pg_restore): the
// URL without its password, for the command line every local user can read in
// ps, and the password (percent-decoded, empty when the URL has none), for the
// tool's environment (PGPASSWORD).
struct PgToolTarget {
  std::string url;
  std::string password;
};
PgToolTarget SplitPgPassword(const std::string& url);

}  // namespace shuniu::db
