// Numbered schema migrations, embedded in the binary and recorded in
// schema_migrations; each runs in its own transaction on both engines.
#pragma once

#include <string>
#include <vector>

#include "db/database.h"

namespace shuniu::db {

struct Migration {
  std::string name;    // e.g. "0001_foundation"
  std::string engine;  // "" (both), "sqlite" or "postgresql"
  std::string sql;
};

// All embedded migrations, sorted by name (generated at build time).
const std::vector<Migration>& EmbeddedMigrations();

// Applies pending migrations in order; returns the names applied.
Result<std::vector<std::string>> Migrate(Database& db);
// Names of embedded migrations not yet applied (empty when up to date).
Result<std::vector<std::string>> PendingMigrations(Database& db);

}  // namespace shuniu::db
