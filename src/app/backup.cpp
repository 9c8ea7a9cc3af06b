#include "app/backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <vector>

#include "app/cli.h"
#include "app/system.h"
#include "db/migrate.h"
#include "db/transfer.h"

namespace shuniu::app {
namespace {

// Runs a program with its arguments (no shell), waits, returns its exit code
// (127 when it could not be started). `password`, when set, reaches the program
// as PGPASSWORD in its environment only.
int Run(const std::vector<std::string>& argv, const std::string& password = "") {
  std::vector<char*> args;
  for (auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  // The environment is built before fork: the child only calls exec.
  std::vector<std::string> env_strings;
  for (char** e = environ; *e; ++e)
    if (std::strncmp(*e, "PGPASSWORD=", 11) != 0) env_strings.emplace_back(*e);
  if (!password.empty()) env_strings.push_back("PGPASSWORD=" + password);
  std::vector<char*> env;
  for (auto& e : env_strings) env.push_back(e.data());
  env.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) return 127;
  if (pid == 0) {
    execvpe(args[0], args.data(), env.data());
    std::perror(args[0]);
    _exit(127);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return 127;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
}

// Records one audit event of the CLI in the database `cfg` names.
Status Audit(const Config& cfg, const std::string& action, const nlohmann::json& after) {
  auto sys = System::Open(cfg, false);
  if (!sys.ok()) return sys.status();
  auto p = (*sys)->users->CliPrincipal("cli");
  return (*sys)->db->Tx([&](db::Conn& c) {
    return audit::AuditService::Record(c, p.ctx, action, "database", "", p.region_code,
                                       std::nullopt, after);
  });
}

std::string FileKind(const std::string& file) {
  std::ifstream in(file, std::ios::binary);
  char head[16] = {};
  in.read(head, sizeof head);
  std::string h(head, static_cast<size_t>(in.gcount()));
  if (h.rfind(std::string("SQLite format 3\0", 16), 0) == 0) return "sqlite";
  if (h.rfind("PGDMP", 0) == 0) return "postgresql";
  return "";
}

Status WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
  out.close();
  if (!out) return InvalidArgument("checksums", "cannot write " + path);
  return Status::Ok();
}

Status FsyncPath(const std::string& path, bool dir) {
  int fd = open(path.c_str(), dir ? O_RDONLY | O_DIRECTORY : O_RDONLY);
  if (fd < 0) return Internal("cannot open " + path + " to sync it");
  int rc = fsync(fd);
  close(fd);
  return rc == 0 ? Status::Ok() : Internal("fsync failed on " + path);
}

// Copies the SQLite database at src into dst with the online backup API.
Status SqliteCopy(const std::string& src_path, const std::string& dst_path) {
  sqlite3 *src = nullptr, *dst = nullptr;
  int rc = sqlite3_open_v2(src_path.c_str(), &src, SQLITE_OPEN_READONLY, nullptr);
  if (rc == SQLITE_OK) rc = sqlite3_open(dst_path.c_str(), &dst);
  if (rc == SQLITE_OK) {
    sqlite3_backup* b = sqlite3_backup_init(dst, "main", src, "main");
    if (b) {
      // All pages in one step, inside one read transaction: in WAL mode writers
      // go on meanwhile, and the copy is the snapshot the step started on. (Small
      // steps would restart whenever another process writes, and might never end
      // under a steady write load.)
      do {
        rc = sqlite3_backup_step(b, -1);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(50);
      } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
      sqlite3_backup_finish(b);
    }
    rc = sqlite3_errcode(dst);
  }
  std::string err = dst ? sqlite3_errmsg(dst) : (src ? sqlite3_errmsg(src) : "cannot open");
  sqlite3_close(src);
  sqlite3_close(dst);
  if (rc != SQLITE_OK && rc != SQLITE_DONE) return Internal("sqlite backup failed: " + err);
  return Status::Ok();
}

// Tables in a SQLite file (0 when it does not exist); "ok" integrity or the error.
Result<long long> SqliteTables(const std::string& path, std::string* integrity) {
  if (!std::filesystem::exists(path)) return 0LL;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return InvalidArgument("file", path + " is not a SQLite database");
  }
  long long n = -1;
  auto one = [&](const char* sql, std::string* text) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
      if (text)
        *text = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
      else
        n = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
  };
  one("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'", nullptr);
  if (integrity) one("PRAGMA integrity_check", integrity);
  sqlite3_close(db);
  if (n < 0) return InvalidArgument("file", path + " is not a SQLite database");
  return n;
}

int BackupSqlite(const std::string& path, const std::string& file,
                 const std::string& checksums_file) {
  Status st = SqliteCopy(path, file);
  if (!st.ok()) return Fail(st);
  if (!checksums_file.empty()) {
    // The backup file is the backup point: its checksums are the reference.
    auto db = db::Database::Open("sqlite://" + std::filesystem::absolute(file).string(), 1);
    if (!db.ok()) return Fail(db.status());
    auto sums = db::Checksums(**db, std::nullopt);
    if (!sums.ok()) return Fail(sums.status());
    st = WriteFile(checksums_file, db::FormatChecksums(*sums));
    if (!st.ok()) return Fail(st);
  }
  return 0;
}

int BackupPostgresql(const Config& cfg, const std::string& file,
                     const std::string& checksums_file) {
  auto db = db::Database::Open(cfg.db_url, 1);
  if (!db.ok()) return Fail(db.status());
  int rc = 0;
  // pg_dump reads the snapshot this transaction exports, so the checksums
  // computed in it afterwards describe exactly what the dump holds.
  Status st = (*db)->Read([&](db::Conn& c) -> Status {
    SHUNIU_RETURN_IF_ERROR(c.Exec("START TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"));
    auto snap = c.QueryOne("SELECT pg_export_snapshot()");
    if (!snap.ok()) return snap.status();
    std::string tmp = file + ".tmp";
    auto target = db::SplitPgPassword(cfg.db_url);
    rc = Run({"pg_dump", "--format=custom", "--no-owner", "--snapshot=" + (*snap)->Str(0),
              "--file=" + tmp, "--dbname=" + target.url},
             target.password);
    if (rc != 0) {
      std::filesystem::remove(tmp);
      (void)c.Exec("ROLLBACK");
      return Internal("pg_dump failed (exit " + std::to_string(rc) + ")");
    }
    if (!checksums_file.empty()) {
      auto sums = db::Checksums(c, std::nullopt);
      if (!sums.ok()) return sums.status();
      SHUNIU_RETURN_IF_ERROR(WriteFile(checksums_file, db::FormatChecksums(*sums)));
    }
    (void)c.Exec("COMMIT");
    std::error_code ec;
    std::filesystem::rename(tmp, file, ec);
    if (ec) return Internal("cannot rename " + tmp + " to " + file + ": " + ec.message());
    return Status::Ok();
  });
  if (!st.ok()) return Fail(st);
  return 0;
}

int RestoreSqlite(const Config& cfg, const std::string& path, const std::string& file, bool force) {
  if (FileKind(file) != "sqlite")
    return Fail(InvalidArgument("file", file + " is not a SQLite backup (the configured "
                                               "database is SQLite)"));
  std::string integrity;
  auto src_tables = SqliteTables(file, &integrity);
  if (!src_tables.ok()) return Fail(src_tables.status());
  if (integrity != "ok")
    return Fail(InvalidArgument("file", file + " fails the integrity check: " + integrity));
  auto tables = SqliteTables(path, nullptr);
  if (!tables.ok()) return Fail(tables.status());
  if (*tables > 0 && !force)
    return Fail(InvalidArgument("database", "the database " + path + " is not empty (" +
                                                std::to_string(*tables) +
                                                " tables); pass --force to replace it"));
  // A running server holds a shared flock on the file (LockServedSqlite); the
  // exclusive lock is kept until this process ends.
  int fd = open(path.c_str(), O_RDWR | O_CREAT, 0600);
  if (fd < 0) return Fail(InvalidArgument("database", "cannot open " + path));
  if (flock(fd, LOCK_EX | LOCK_NB) != 0)
    return Fail(InvalidArgument("database",
                                "a shuniu server is using " + path + "; stop it before restoring"));
  std::string tmp = path + ".restore-tmp";
  std::filesystem::remove(tmp);
  Status st = SqliteCopy(file, tmp);
  if (st.ok()) {
    std::string check;
    auto n = SqliteTables(tmp, &check);
    if (!n.ok() || check != "ok") st = Internal("the restored copy fails the integrity check");
  }
  if (st.ok()) st = FsyncPath(tmp, false);
  if (!st.ok()) {
    std::filesystem::remove(tmp);
    return Fail(st);
  }
  // The old database's write-ahead log must not be replayed onto the new file.
  std::filesystem::remove(path + "-wal");
  std::filesystem::remove(path + "-shm");
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Fail(Internal("cannot rename " + tmp + ": " + ec.message()));
  st = FsyncPath(std::filesystem::path(path).parent_path().string(), true);
  if (!st.ok()) return Fail(st);
  st = Audit(cfg, "db.restore", {{"file", file}, {"engine", "sqlite"}});
  if (!st.ok()) return Fail(st);
  return 0;
}

int RestorePostgresql(const Config& cfg, const std::string& file, bool force) {
  if (FileKind(file) != "postgresql")
    return Fail(InvalidArgument("file", file + " is not a pg_dump custom-format backup (the "
                                               "configured database is PostgreSQL)"));
  auto db = db::Database::Open(cfg.db_url, 1);
  if (!db.ok()) return Fail(db.status());
  Status st = (*db)->Read([&](db::Conn& c) -> Status {
    auto others = c.QueryOne(
        "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> "
        "pg_backend_pid() AND backend_type = 'client backend'");
    if (!others.ok()) return others.status();
    if ((*others)->Int(0) > 0)
      return InvalidArgument("database", std::to_string((*others)->Int(0)) +
                                             " other sessions are connected to the database "
                                             "(a running server?); stop them before restoring");
    auto tables = db::ListTables(c);
    if (!tables.ok()) return tables.status();
    if (tables->empty()) return Status::Ok();
    if (!force)
      return InvalidArgument("database", "the database is not empty (" +
                                             std::to_string(tables->size()) +
                                             " tables); pass --force to replace it");
    auto schema = c.QueryOne("SELECT current_schema()");
    if (!schema.ok()) return schema.status();
    std::string s = "\"" + (*schema)->Str(0) + "\"";
    SHUNIU_RETURN_IF_ERROR(c.Exec("DROP SCHEMA " + s + " CASCADE"));
    return c.Exec("CREATE SCHEMA " + s);
  });
  db->reset();
  if (!st.ok()) return Fail(st);
  auto target = db::SplitPgPassword(cfg.db_url);
  int rc = Run({"pg_restore", "--no-owner", "--no-privileges", "--exit-on-error",
                "--single-transaction", "--dbname=" + target.url, file},
               target.password);
  if (rc != 0) return Fail(Internal("pg_restore failed (exit " + std::to_string(rc) + ")"));
  st = Audit(cfg, "db.restore", {{"file", file}, {"engine", "postgresql"}});
  if (!st.ok()) return Fail(st);
  return 0;
}

}  // namespace

bool LockServedSqlite(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY);
  if (fd < 0) return true;                   // SQLite reports the real problem
  return flock(fd, LOCK_SH | LOCK_NB) == 0;  // fd stays open: the lock lives with the process
}

int Backup(const std::string& file, const std::string& checksums_file) {
  auto cfg = LoadConfig();
  if (!cfg.ok()) return Fail(cfg.status());
  auto url = db::ParseDbUrl(cfg->db_url);
  if (!url.ok()) return Fail(url.status());
  int rc = url->engine == db::Engine::kSqlite ? BackupSqlite(url->target, file, checksums_file)
                                              : BackupPostgresql(*cfg, file, checksums_file);
  if (rc != 0) return rc;
  Status st = Audit(
      *cfg, "db.backup",
      {{"file", file}, {"engine", db::Engine::kSqlite == url->engine ? "sqlite" : "postgresql"}});
  if (!st.ok()) return Fail(st);
  std::cout << "backup written to " << file << "\n";
  return 0;
}

int Restore(const std::string& file, bool force) {
  auto cfg = LoadConfig();
  if (!cfg.ok()) return Fail(cfg.status());
  if (!std::filesystem::is_regular_file(file))
    return Fail(InvalidArgument("file", "backup file not found: " + file));
  auto url = db::ParseDbUrl(cfg->db_url);
  if (!url.ok()) return Fail(url.status());
  int rc = url->engine == db::Engine::kSqlite ? RestoreSqlite(*cfg, url->target, file, force)
                                              : RestorePostgresql(*cfg, file, force);
  if (rc == 0) std::cout << "restored " << file << "\n";
  return rc;
}

int DbChecksum(std::optional<long long> audit_through) {
  auto cfg = LoadConfig();
  if (!cfg.ok()) return Fail(cfg.status());
  auto db = db::Database::Open(cfg->db_url, 1);
  if (!db.ok()) return Fail(db.status());
  auto sums = db::Checksums(**db, audit_through);
  if (!sums.ok()) return Fail(sums.status());
  std::cout << db::FormatChecksums(*sums);
  return 0;
}

int DbCopy(const std::string& to) {
  auto cfg = LoadConfig();
  if (!cfg.ok()) return Fail(cfg.status());
  auto turl = db::ParseDbUrl(to);
  if (!turl.ok() || turl->engine != db::Engine::kPostgresql)
    return Fail(InvalidArgument("to", "--to must be a postgresql:// URL, got '" + to + "'"));
  auto from = db::Database::Open(cfg->db_url, 1);
  if (!from.ok()) return Fail(from.status());
  auto target = db::Database::Open(to, 1);
  if (!target.ok())
    return Fail(
        InvalidArgument("to", "cannot open the target database: " + target.status().message()));
  auto migrated = db::Migrate(**target);
  if (!migrated.ok()) return Fail(migrated.status());
  auto rep = db::CopyDatabase(**from, **target);
  if (!rep.ok()) return Fail(rep.status());
  target->reset();
  from->reset();
  nlohmann::json what{{"tables", rep->tables}, {"rows", rep->rows}};
  Config tcfg = *cfg;
  tcfg.db_url = to;
  Status st = Audit(tcfg, "db.copy", what);  // the chain continues in the new database
  if (st.ok()) st = Audit(*cfg, "db.copy", what);
  if (!st.ok()) return Fail(st);
  std::printf("copied %lld rows of %lld tables; %lld sequences advanced\n", rep->rows, rep->tables,
              rep->sequences);
  return 0;
}

}  // namespace shuniu::app
