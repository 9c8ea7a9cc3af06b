// Administration commands that act on the database as a whole: backup and
// restore (SQLite online backup API; PostgreSQL pg_dump/pg_restore in custom
// format), checksums of every table, and copying a deployment from SQLite to
// PostgreSQL. Each returns the process exit code and prints what it did; the
// writes are audited in the database they change (CLI principal "cli").
#pragma once

#include <optional>
#include <string>

namespace shuniu::app {

// Writes a consistent backup of the configured database to `file`; with
// `checksums_file`, also writes the per-table checksums of exactly the state
// the backup holds (SQLite: computed on the finished backup file; PostgreSQL:
// inside the exported snapshot pg_dump is run with).
int Backup(const std::string& file, const std::string& checksums_file);
// Restores `file` into the configured database. Refuses a database that holds
// tables unless `force`; SQLite: refuses while a server holds the database
// (flock, see LockServedSqlite), restores into a temp file beside it and renames
// it into place; PostgreSQL: refuses while other sessions are connected, restores
// with pg_restore in one transaction.
int Restore(const std::string& file, bool force);
// Prints "table rows sha256" for every table (db::Checksums).
int DbChecksum(std::optional<long long> audit_through);
// Copies every row of the configured database into the PostgreSQL database
// `to` (migrated here when needed, must hold no users nor audit events).
int DbCopy(const std::string& to);

// For `serve` on SQLite: takes a shared flock on the database file for the
// life of the process, so `restore` can tell that a server is running. Returns
// false when a restore holds the file.
bool LockServedSqlite(const std::string& path);

}  // namespace shuniu::app
