// Test harness implementation.
#include "api/harness.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>

#include "db/migrate.h"
#include "http/routes.h"
#include "org/org_store.h"

namespace shuniu::testing {

namespace {

// PostgreSQL between tests. Dropping the schema and running every migration
// again cost ~0.5 s of DDL and fsyncs per test (most of the PostgreSQL run's
// time). Instead, after one full reset the harness remembers the schema's
// fingerprint and the rows of every non-empty table (the migrations' seed; with
// the Jiangmen regions imported; with the demo loaded); each later test empties
// every table in one transaction (triggers off, so the audit guard and the
// rollups do not fire), puts the remembered rows back and sets the sequences
// where they were. A test that changed the schema (e.g. dropped an audit
// trigger) changes the fingerprint, and the next test gets the full reset again.
struct PgBaseline {
  std::string fingerprint;                                   // of the migrated schema
  std::vector<std::pair<std::string, std::string>> rows;     // table, rows as JSON
  std::vector<std::pair<std::string, long long>> sequences;  // name, last value (0: unused)
};
enum Level { kMigrated = 0, kRegions = 1, kDemo = 2 };
PgBaseline pg_base[3];

const char* kPgFingerprintSql = R"(
  SELECT md5(coalesce((SELECT string_agg(x, ',' ORDER BY x) FROM (
    SELECT 'c:' || c.relname || ':' || c.relkind::text AS x FROM pg_class c
     WHERE c.relnamespace = 'public'::regnamespace
    UNION ALL SELECT 'a:' || c.relname || '.' || a.attname || ':' || format_type(a.atttypid, a.atttypmod)
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
     WHERE c.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped
    UNION ALL SELECT 't:' || c.relname || '.' || t.tgname || ':' || t.tgenabled::text FROM pg_trigger t
      JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = 'public'::regnamespace
    UNION ALL SELECT 'k:' || conname FROM pg_constraint WHERE connamespace = 'public'::regnamespace
    UNION ALL SELECT 'p:' || proname || ':' || md5(prosrc) FROM pg_proc
     WHERE pronamespace = 'public'::regnamespace) f), ''))
    || ':' || (SELECT count(*) FROM schema_migrations))";

Result<std::string> PgFingerprint(db::Conn& c) {
  auto r = c.QueryOne(kPgFingerprintSql);
  if (!r.ok()) return r.status();
  return *r ? (*r)->Str(0) : std::string();
}

std::vector<std::string> PgTables(db::Conn& c) {
  std::vector<std::string> out;
  auto rows = c.Query(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> "
      "'schema_migrations' ORDER BY tablename");
  if (rows.ok())
    for (auto& r : *rows) out.push_back(r.Str(0));
  return out;
}

// Remembers the database as it is now.
Status PgRemember(const std::string& url, PgBaseline& base) {
  auto db = db::Database::Open(url, 1);
  if (!db.ok()) return db.status();
  return (*db)->Read([&](db::Conn& c) {
    auto fp = PgFingerprint(c);
    if (!fp.ok()) return fp.status();
    PgBaseline b;
    b.fingerprint = *fp;
    for (auto& t : PgTables(c)) {
      auto rows = c.QueryOne("SELECT json_agg(x)::text FROM \"" + t + "\" x");
      if (!rows.ok()) return rows.status();
      if (*rows && !(*rows)->IsNull(0)) b.rows.emplace_back(t, (*rows)->Str(0));
    }
    auto seqs = c.Query(
        "SELECT format('%I.%I', schemaname, sequencename), coalesce(last_value, 0) FROM "
        "pg_sequences WHERE schemaname = 'public'");
    if (!seqs.ok()) return seqs.status();
    for (auto& r : *seqs) b.sequences.emplace_back(r.Str(0), r.Int(1));
    base = std::move(b);
    return Status();
  });
}

// Puts the database back to the baseline; false when the schema changed (or
// the role may not switch triggers off) and a full reset is needed.
bool PgQuickReset(db::Database& db, const PgBaseline& base) {
  if (base.fingerprint.empty()) return false;
  Status st = db.Tx([&](db::Conn& c) {
    auto fp = PgFingerprint(c);
    if (!fp.ok()) return fp.status();
    if (*fp != base.fingerprint) return Conflict("schema changed");
    SHUNIU_RETURN_IF_ERROR(c.Exec("SET LOCAL session_replication_role = replica"));
    std::string script;
    for (auto& t : PgTables(c)) script += "DELETE FROM \"" + t + "\";\n";
    SHUNIU_RETURN_IF_ERROR(c.ExecScript(script));
    for (auto& [t, json] : base.rows)
      SHUNIU_RETURN_IF_ERROR(c.Exec("INSERT INTO \"" + t +
                                        "\" SELECT * FROM json_populate_recordset(NULL::\"" + t +
                                        "\", CAST(:1 AS json))",
                                    {json}));
    for (auto& [seq, last] : base.sequences)
      SHUNIU_RETURN_IF_ERROR(c.Exec("SELECT setval(CAST(:1 AS regclass), :2, :3 > 0)",
                                    {seq, std::max(last, 1LL), last}));
    return Status();
  });
  return st.ok();
}

// The demo, loaded by app::LoadDemo once per test process (MakeDemoStack).
struct DemoCopy {
  bool ready = false;
  std::string key;          // the key file it was sealed with
  std::string sqlite_file;  // a closed copy of the SQLite database
  std::vector<app::DemoAccount> accounts;
};
DemoCopy demo_copy;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

const char* PgUrl() {
  const char* pg = std::getenv("SHUNIU_TEST_DB");
  return pg && *pg ? pg : nullptr;
}

// A system on a fresh database at `level` (kDemo only once demo_copy is ready).
std::unique_ptr<app::System> OpenAt(Level level, const std::string& password_policy,
                                    const std::string& files_storage) {
  Config cfg;
  cfg.password_policy = password_policy;
  cfg.files_storage = files_storage;
  static int counter = 0;
  auto dir = std::filesystem::temp_directory_path() /
             ("shuniu-test-" + std::to_string(getpid()) + "-" + std::to_string(++counter));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  cfg.key_file = (dir / "shuniu.key").string();
  cfg.files_dir = (dir / "files").string();
  cfg.data_dir = SHUNIU_SOURCE_DIR "/data";
  cfg.workers = 2;
  if (level == kDemo) {  // the key the demo's sealed fields need
    std::ofstream(cfg.key_file, std::ios::binary) << demo_copy.key;
    std::filesystem::permissions(
        cfg.key_file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  }
  Level restored = kMigrated;
  bool full_reset = false;
  if (const char* pg = PgUrl()) {
    cfg.db_url = pg;
    auto db = db::Database::Open(cfg.db_url, 1);
    EXPECT_TRUE(db.ok()) << db.status().message();
    if (db.ok()) {
      if (PgQuickReset(**db, pg_base[level]))
        restored = level;
      else if (level >= kRegions && PgQuickReset(**db, pg_base[kMigrated]))
        restored = kMigrated;
      else
        full_reset = true;
    }
    if (full_reset) {
      pg_base[kMigrated] = pg_base[kRegions] = PgBaseline{};
      Status st = (*db)->Read([](db::Conn& c) {
        return c.ExecScript("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
      });
      EXPECT_TRUE(st.ok()) << st.message();
    }
  } else {
    cfg.db_url = "sqlite://" + (dir / "shuniu.db").string();
    if (level == kDemo) {
      std::filesystem::copy_file(demo_copy.sqlite_file, dir / "shuniu.db");
      restored = kDemo;
    }
  }
  auto sys = app::System::Open(cfg, true);
  EXPECT_TRUE(sys.ok()) << sys.status().message();
  if (full_reset) {
    Status st = PgRemember(cfg.db_url, pg_base[kMigrated]);
    EXPECT_TRUE(st.ok()) << st.message();
  }
  if (level >= kRegions && restored < kRegions) {
    auto rep = (*sys)->regions->Import(RequestContext{std::nullopt, "test", "t", "local"},
                                       cfg.data_dir + "/regions/jiangmen", "4407");
    EXPECT_TRUE(rep.ok()) << rep.status().message();
    if (PgUrl() && rep.ok()) {
      Status st = PgRemember(cfg.db_url, pg_base[kRegions]);
      EXPECT_TRUE(st.ok()) << st.message();
    }
  }
  if (level == kDemo && restored < kDemo) {  // PostgreSQL lost the demo baseline
    auto loaded = app::LoadDemo(**sys);
    EXPECT_TRUE(loaded.ok()) << loaded.status().message();
    if (loaded.ok()) {
      Status st = PgRemember(cfg.db_url, pg_base[kDemo]);
      EXPECT_TRUE(st.ok()) << st.message();
    }
  }
  return std::move(sys).value();
}

}  // namespace

std::unique_ptr<app::System> FreshSystem(bool regions, const std::string& password_policy,
                                         const std::string& files_storage) {
  return OpenAt(regions ? kRegions : kMigrated, password_policy, files_storage);
}

auth::User MakeUser(app::System& sys, const std::string& username, Role role,
                    const std::string& region, const std::string& password,
                    std::optional<long long> org_id) {
  auth::NewUser nu;
  nu.username = username;
  nu.display_name = username;
  nu.role = role;
  nu.region_code = region;
  nu.password = password;
  nu.org_id = org_id;
  auto u = sys.users->Create(sys.users->CliPrincipal("test"), nu);
  EXPECT_TRUE(u.ok()) << username << ": " << u.status().message();
  if (!u.ok()) return auth::User{};
  if (org_id && u->org_id != org_id) {  // for a user service that does not take org_id yet
    Status st = ExecSql(sys, "UPDATE users SET org_id = :1 WHERE id = :2", {*org_id, u->id});
    EXPECT_TRUE(st.ok()) << st.message();
    u->org_id = org_id;
  }
  return u.value();
}

long long MakeOrg(app::System& sys, const std::string& name, const std::string& region) {
  Principal p = sys.users->CliPrincipal("test");
  p.region_code = region;  // also reaches regions outside the deployment
  org::OrgInput in;
  in.v = {{"name", name}, {"kind", "micro_org"}, {"region_code", region}};
  in.present = {"name", "kind", "region_code"};
  auto o = sys.orgs->Create(p, in);
  EXPECT_TRUE(o.ok()) << name << ": " << o.status().message();
  return o.ok() ? o->org.id : 0;
}

void ExpectReportCountsFresh(app::System& sys) {
  using Rows = std::vector<std::string>;
  auto read = [](db::Conn& c, Rows& out) -> Status {
    auto rows = c.Query(
        "SELECT 0, city_code, kind, registered, status, origin, level, founded_on, "
        "registered_on, n FROM org_report_counts WHERE n <> 0 ORDER BY city_code, "
        "kind, registered, status, origin, level, founded_on, registered_on");
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows) {
      std::string line;
      for (size_t i = 0; i < 10; ++i)
        line += (i == 0 || i == 3 || i == 6 || i == 9 ? std::to_string(r.Int(i)) : r.Str(i)) + "|";
      out.push_back(line);
    }
    return Status();
  };
  Rows kept, rebuilt;
  Status st = sys.db->Tx([&](db::Conn& c) -> Status {
    SHUNIU_RETURN_IF_ERROR(read(c, kept));
    SHUNIU_RETURN_IF_ERROR(org::RebuildReportCounts(c));
    SHUNIU_RETURN_IF_ERROR(read(c, rebuilt));
    return Conflict("rolled back on purpose");
  });
  EXPECT_EQ(st.message(), "rolled back on purpose");
  EXPECT_FALSE(kept.empty());
  EXPECT_EQ(kept, rebuilt);
}

namespace {
Stack StackOn(std::unique_ptr<app::System> sys) {
  Stack s;
  s.sys = std::move(sys);
  s.services = std::make_unique<http::Services>(s.sys->services());
  s.app = std::make_unique<http::App>(http::BuildRoutes(*s.services), *s.sys->auth, *s.sys->db,
                                      http::AppOptions{1 << 20, "", false, 30, "", {}});
  return s;
}
}  // namespace

Stack MakeStack(bool regions, const std::string& password_policy,
                const std::string& files_storage) {
  return StackOn(FreshSystem(regions, password_policy, files_storage));
}

Stack MakeDemoStack() {
  if (!demo_copy.ready) {
    auto sys = OpenAt(kRegions, "asvs", "dir");
    auto loaded = app::LoadDemo(*sys);
    EXPECT_TRUE(loaded.ok()) << loaded.status().message();
    if (!loaded.ok()) return StackOn(std::move(sys));
    demo_copy.accounts = *loaded;
    demo_copy.key = ReadFile(sys->cfg.key_file);
    if (PgUrl()) {
      Status st = PgRemember(sys->cfg.db_url, pg_base[kDemo]);
      EXPECT_TRUE(st.ok()) << st.message();
      demo_copy.ready = true;
      return StackOn(std::move(sys));  // the first demo test gets the load itself
    }
    std::string db_file = sys->cfg.db_url.substr(std::string("sqlite://").size());
    sys.reset();  // closes the database
    demo_copy.sqlite_file = std::filesystem::temp_directory_path() /
                            ("shuniu-test-" + std::to_string(getpid()) + "-demo.db");
    std::filesystem::copy_file(db_file, demo_copy.sqlite_file,
                               std::filesystem::copy_options::overwrite_existing);
    // The last connection checkpoints the WAL into the file when it closes.
    EXPECT_FALSE(std::filesystem::exists(db_file + "-wal") &&
                 std::filesystem::file_size(db_file + "-wal") > 0)
        << "the demo database was not checkpointed on close";
    demo_copy.ready = true;
  }
  return StackOn(OpenAt(kDemo, "asvs", "dir"));
}

const std::vector<app::DemoAccount>& DemoAccounts() { return demo_copy.accounts; }

http::Response Client::Call(const std::string& method, const std::string& target,
                            const std::string& body) {
  http::Request req;
  req.method = method;
  http::App::ParseTarget(target, &req);  // as the server does
  req.body = body;
  req.client_ip = ip_;
  req.headers["host"] = "127.0.0.1:8080";
  if (!cookie.empty()) req.headers["cookie"] = "shuniu_session=" + cookie;
  if (!csrf_.empty()) req.headers["x-csrf-token"] = csrf_;
  if (!body.empty()) req.headers["content-type"] = "application/json";
  for (auto& [k, v] : headers) req.headers[k] = v;
  http::Response res = app_.Handle(std::move(req));
  if (std::getenv("SHUNIU_FUZZ_CAPTURE")) Capture(method, target, body, res.status);
  for (auto& [k, v] : res.headers) {
    if (k != "Set-Cookie") continue;
    std::string prefix = "shuniu_session=";
    std::string val = v.substr(prefix.size(), v.find(';') - prefix.size());
    cookie = val;
  }
  return res;
}

http::Response Client::Login(const std::string& username, const std::string& password) {
  nlohmann::json body = {{"username", username}, {"password", password}};
  http::Response r = Call("POST", "/api/v1/auth/login", body.dump());
  if (r.status == 200) {
    auto j = nlohmann::json::parse(r.body);
    csrf_ = j["csrf_token"];
    role_ = j["user"].value("role", "");
  }
  return r;
}

void Client::Capture(const std::string& method, const std::string& target, const std::string& body,
                     int status) const {
  std::string path = target.substr(0, target.find('?'));
  std::string query = target.size() > path.size() ? target.substr(path.size() + 1) : "";
  for (const auto& r : app_.routes()) {
    std::map<std::string, std::string> params;
    if (r.method != method || !http::App::MatchPath(r.path, path, &params)) continue;
    nlohmann::json line = {
        {"route", r.method + " " + r.path},
        {"role", cookie.empty() ? "" : role_},
        {"query", query},
        {"body", body},
        {"status", status},
        {"test", ::testing::UnitTest::GetInstance()->current_test_info()->name()}};
    static std::mutex mu;
    std::lock_guard<std::mutex> lk(mu);
    std::ofstream(std::getenv("SHUNIU_FUZZ_CAPTURE"), std::ios::app)
        << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return;
  }
}

Client LoggedIn(Stack& s, const std::string& username, const std::string& password) {
  Client c(*s.app);
  auto r = c.Login(username, password);
  EXPECT_EQ(r.status, 200) << username << ": " << r.body;
  return c;
}

long long CountEvents(app::System& sys, const std::string& action) {
  audit::Filter f;
  f.action = action;
  auto r = sys.audit->List(sys.users->CliPrincipal("test"), f);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? r->second : -1;
}

Status ExecSql(app::System& sys, const std::string& sql, const std::vector<db::Value>& params) {
  return sys.db->Tx([&](db::Conn& c) { return c.Exec(sql, params); });
}

Result<long long> PayMilestone(app::System& sys, long long contract, long long milestone,
                               long long amount, long long approver_id,
                               const std::string& paid_on) {
  project::PaymentInput in;
  in.milestone_id = milestone;
  in.amount = amount;
  in.approver_id = approver_id;
  in.paid_on = paid_on;
  long long id = 0;
  Status st = sys.db->Tx([&](db::Conn& c) -> Status {
    auto r = sys.projects->WritePayment(c, sys.users->CliPrincipal("test"), contract, in);
    if (!r.ok()) return r.status();
    id = *r;
    return Status();
  });
  if (!st.ok()) return st;
  return id;
}

namespace {
std::optional<db::Row> FirstRow(app::System& sys, const std::string& sql,
                                const std::vector<db::Value>& params) {
  std::optional<db::Row> row;
  Status st = sys.db->Read([&](db::Conn& c) -> Status {
    auto r = c.QueryOne(sql, params);
    if (!r.ok()) return r.status();
    row = *r;
    return Status();
  });
  EXPECT_TRUE(st.ok()) << sql << ": " << st.message();
  return row;
}
}  // namespace

std::string QueryStr(app::System& sys, const std::string& sql,
                     const std::vector<db::Value>& params) {
  auto row = FirstRow(sys, sql, params);
  return row ? row->Str(0) : "";
}

long long QueryInt(app::System& sys, const std::string& sql, const std::vector<db::Value>& params) {
  auto row = FirstRow(sys, sql, params);
  return row ? row->Int(0) : 0;
}

std::string HeaderOf(const http::Response& r, const std::string& name) {
  for (auto& [k, v] : r.headers)
    if (k == name) return v;
  return "";
}

std::string ErrorCode(const http::Response& r) {
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (j.is_discarded() || !j.contains("error")) return "";
  return j["error"].value("code", "");
}

std::string ErrorField(const http::Response& r) {
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (j.is_discarded() || !j.contains("error")) return "";
  return j["error"].value("field", "");
}

}  // namespace shuniu::testing
