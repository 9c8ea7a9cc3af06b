// Migration runner: one transaction per migration, recorded by name.
#include "db/migrate.h"

#include <set>

#include "core/time.h"

namespace shuniu::db {
namespace {

const char* kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations (name VARCHAR(200) PRIMARY KEY, "
    "applied_at BIGINT NOT NULL)";

bool Applies(const Migration& m, Engine e) {
  return m.engine.empty() || (m.engine == "sqlite") == (e == Engine::kSqlite);
}

Result<std::set<std::string>> Applied(Database& db) {
  std::set<std::string> names;
  Status st = db.Tx([&](Conn& c) -> Status {
    SHUNIU_RETURN_IF_ERROR(c.Exec(kCreateTable));
    auto rows = c.Query("SELECT name FROM schema_migrations");
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows) names.insert(r.Str(0));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return names;
}

}  // namespace

Result<std::vector<std::string>> PendingMigrations(Database& db) {
  auto applied = Applied(db);
  if (!applied.ok()) return applied.status();
  std::vector<std::string> out;
  for (const auto& m : EmbeddedMigrations())
    if (Applies(m, db.engine()) && !applied->count(m.name)) out.push_back(m.name);
  return out;
}

Result<std::vector<std::string>> Migrate(Database& db) {
  auto pending = PendingMigrations(db);
  if (!pending.ok()) return pending.status();
  std::vector<std::string> done;
  for (const auto& m : EmbeddedMigrations()) {
    if (!Applies(m, db.engine())) continue;
    bool wanted = false;
    for (auto& p : *pending) wanted |= (p == m.name);
    if (!wanted) continue;
    Status st = db.Tx([&](Conn& c) -> Status {
      // Another process may have applied it meanwhile: check inside the transaction.
      auto again = c.QueryOne("SELECT name FROM schema_migrations WHERE name = :1", {m.name});
      if (!again.ok()) return again.status();
      if (*again) return Status::Ok();
      if (c.engine() == Engine::kPostgresql)
        SHUNIU_RETURN_IF_ERROR(c.Exec("LOCK TABLE schema_migrations IN EXCLUSIVE MODE"));
      SHUNIU_RETURN_IF_ERROR(c.ExecScript(m.sql));
      return c.Exec("INSERT INTO schema_migrations (name, applied_at) VALUES (:1, :2)",
                    {m.name, static_cast<long long>(NowMs())});
    });
    if (!st.ok()) return Status(st.code(), m.name + ": " + st.message());
    done.push_back(m.name);
  }
  return done;
}

}  // namespace shuniu::db
