// The `shuniu` command: server and administration commands (CLI11).
#include <spdlog/spdlog.h>
#include <sqlite3.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "app/backup.h"
#include "app/cli.h"
#include "app/system.h"
#include "core/time.h"
#include "db/migrate.h"
#include "http/app.h"
#include "http/log.h"
#include "http/server.h"

namespace shuniu::app {
namespace {

Result<std::unique_ptr<System>> OpenSystem(bool migrate) {
  auto cfg = LoadConfig();
  if (!cfg.ok()) return cfg.status();
  return System::Open(*cfg, migrate);
}

// Gauges of the server's queues and pool for GET /metrics.
void AddGauges(http::Metrics& m, System& s, http::Server& server) {
  db::Database* db = s.db.get();
  m.AddGauge("shuniu_db_pool_size", "Database connections in the pool.",
             [db] { return static_cast<double>(db->pool_stats().size); });
  m.AddGauge("shuniu_db_pool_in_use", "Database connections leased right now.",
             [db] { return static_cast<double>(db->pool_stats().in_use); });
  m.AddGauge("shuniu_db_pool_waiting", "Callers waiting for a database connection.",
             [db] { return static_cast<double>(db->pool_stats().waiting); });
  vote::VoteService* votes = s.votes.get();
  m.AddGauge("shuniu_vote_queue_depth", "Votes waiting for the vote writer's group commit.",
             [votes] { return static_cast<double>(votes->QueueDepth()); });
  notice::NoticeService* notices = s.notices.get();
  m.AddGauge("shuniu_notice_queue_depth", "Notice deliveries waiting to be sent or retried.",
             [notices] {
               auto n = notices->QueueDepth();
               return n.ok() ? static_cast<double>(*n) : -1.0;
             });
  m.AddGauge("shuniu_http_requests_in_flight", "Requests taken and not yet answered.",
             [&server] { return static_cast<double>(server.in_flight()); });
  // Admission control (decision 0023); its 503 answers count among the requests.
  m.AddGauge("shuniu_http_requests_queued", "Requests waiting for a worker.",
             [&server] { return static_cast<double>(server.queued()); });
}

int Serve() {
  auto sys = OpenSystem(false);
  if (!sys.ok()) return Fail(sys.status());
  System& s = **sys;
  if (s.db->engine() == db::Engine::kSqlite && !LockServedSqlite(s.db->sqlite_path()))
    return Fail(InvalidArgument("db", "a restore is replacing the database; try again after it"));
  auto services = s.services();
  http::App app(
      http::BuildRoutes(services), *s.auth, *s.db,
      http::AppOptions{s.cfg.body_limit_bytes, s.cfg.web_root, s.cfg.secure_cookies,
                       s.cfg.session_idle_minutes, s.cfg.metrics_token, s.cfg.trusted_proxies});
  // Vote requests wait (without a connection) for the group commit of the vote
  // writer, so the server has threads for them beyond the database pool.
  http::Server server(app, s.cfg.bind, s.cfg.port, s.cfg.io_threads,
                      s.cfg.workers + s.cfg.vote_wait_threads, s.cfg.access_log);
  server.SetAdmission(s.cfg.max_queued_requests, s.cfg.queue_timeout_ms);
  AddGauges(app.metrics(), s, server);
  Status st = server.Start();
  if (!st.ok()) return Fail(st);
  http::InitJsonLogging(s.cfg.log_level);
  spdlog::info("Shuniu {} serving http://{}:{} ({})", http::kVersion, s.cfg.bind, s.cfg.port,
               s.db->engine_name());
  s.notices->StartWorker();  // reminders and outbound deliveries
  // SIGTERM/SIGINT: stop accepting, finish requests in flight (votes included:
  // their answers wait for the vote writer's commit), then stop the workers.
  int rc = server.RunUntilSignal(std::chrono::seconds(s.cfg.drain_seconds));
  s.notices->StopWorker();
  spdlog::info("stopped");
  spdlog::shutdown();
  return rc;
}

int DbMigrate() {
  auto cfg = LoadConfig();
  if (!cfg.ok()) return Fail(cfg.status());
  auto db = db::Database::Open(cfg->db_url, 1);
  if (!db.ok()) return Fail(db.status());
  auto done = db::Migrate(**db);
  if (!done.ok()) return Fail(done.status());
  for (auto& n : *done) std::cout << "applied " << n << "\n";
  std::cout << (done->empty() ? "database is up to date\n" : "migrated\n");
  return 0;
}

int DbCheck() {
  auto sys = OpenSystem(false);
  if (!sys.ok()) return Fail(sys.status());
  System& s = **sys;
  int rc = 0;
  if (s.db->engine() == db::Engine::kSqlite) {
    Status st = s.db->Read([&](db::Conn& c) -> Status {
      auto r = c.QueryOne("PRAGMA integrity_check");
      if (!r.ok()) return r.status();
      std::cout << "integrity_check: " << (*r)->Str(0) << "\n";
      if ((*r)->Str(0) != "ok") rc = 1;
      return Status::Ok();
    });
    if (!st.ok()) return Fail(st);
  }
  std::cout << "engine: " << s.db->engine_name()
            << ", migrations: up to date, durability settings verified\n";
  return rc;
}

int AuditVerify() {
  auto sys = OpenSystem(false);
  if (!sys.ok()) return Fail(sys.status());
  auto rep = (*sys)->audit->Verify();
  if (!rep.ok()) return Fail(rep.status());
  if (rep->ok) {
    std::cout << "audit chain ok: " << rep->events << " events\n";
    return 0;
  }
  std::cout << "audit chain broken at event " << rep->first_broken_seq << ": " << rep->reason
            << "\n";
  return 1;
}

std::string ReadPassword() {
  std::string pw;
  if (isatty(STDIN_FILENO)) std::cerr << "password: ";
  std::getline(std::cin, pw);
  if (!pw.empty() && pw.back() == '\r') pw.pop_back();
  return pw;
}

}  // namespace

int Main(int argc, char** argv) {
  CLI::App cli{"Shuniu (枢纽): the women's federation hub for social organizations"};
  cli.require_subcommand(1);
  int rc = 0;
  cli.add_subcommand("serve", "Serve the API and web UI")->callback([&] { rc = Serve(); });

  auto* db = cli.add_subcommand("db", "Database commands");
  db->require_subcommand(1);
  db->add_subcommand("migrate", "Apply pending migrations")->callback([&] { rc = DbMigrate(); });
  db->add_subcommand("check", "Check integrity, migrations and durability settings")->callback([&] {
    rc = DbCheck();
  });

  db->add_subcommand("recount",
                     "Rebuild the organization counts the annual report reads, from the "
                     "organizations (after changes made outside Shuniu)")
      ->callback([&] {
        auto sys = OpenSystem(false);
        if (!sys.ok()) {
          rc = Fail(sys.status());
          return;
        }
        auto n = (*sys)->orgs->RecountReport((*sys)->users->CliPrincipal("cli"));
        if (!n.ok()) {
          rc = Fail(n.status());
          return;
        }
        std::cout << "org_report_counts: " << *n << " rows\n";
      });

  std::string copy_to;
  auto* dcopy = db->add_subcommand(
      "copy", "Copy every row into an empty PostgreSQL database (moving from SQLite)");
  dcopy->add_option("--to", copy_to, "postgresql://… of the target database")->required();
  dcopy->callback([&] { rc = DbCopy(copy_to); });
  long long through = 0;
  auto* dsum = db->add_subcommand("checksum", "Print the row count and a checksum of every table");
  dsum->add_option("--audit-through", through,
                   "count audit events only up to this sequence number");
  dsum->callback(
      [&] { rc = DbChecksum(through > 0 ? std::optional<long long>(through) : std::nullopt); });

  auto* region = cli.add_subcommand("region", "Region tree commands");
  region->require_subcommand(1);
  auto* rimport =
      region->add_subcommand("import", "Import a china-division CSV folder or data.sqlite");
  std::string rpath, rprefix;
  rimport->add_option("path", rpath, "CSV folder or data.sqlite")->required();
  rimport->add_option("--prefix", rprefix, "only codes starting with this (e.g. 4407)");
  rimport->callback([&] {
    auto sys = OpenSystem(false);
    if (!sys.ok()) {
      rc = Fail(sys.status());
      return;
    }
    int64_t t0 = NowMs();
    auto rep = (*sys)->regions->Import((*sys)->users->CliPrincipal("cli").ctx, rpath, rprefix);
    if (!rep.ok()) {
      rc = Fail(rep.status());
      return;
    }
    std::printf(
        "imported %lld regions (province %lld, city %lld, county %lld, town %lld, village %lld) in "
        "%.1f s\n",
        rep->rows, rep->by_level[1], rep->by_level[2], rep->by_level[3], rep->by_level[4],
        rep->by_level[5], (NowMs() - t0) / 1000.0);
  });

  auto* user = cli.add_subcommand("user", "Account commands");
  user->require_subcommand(1);
  auto* ucreate =
      user->add_subcommand("create", "Create an account; the password is read from standard input");
  std::string uname, urole = "staff", uregion, udisplay;
  ucreate->add_option("--username", uname, "login name")->required();
  ucreate->add_option("--role", urole, "admin|staff|org|auditor|reviewer")->required();
  ucreate->add_option("--region", uregion, "12-digit region code")->required();
  ucreate->add_option("--display-name", udisplay, "name shown in the UI");
  long long uorg = 0;
  ucreate->add_option("--org", uorg, "organization id (for the org role)");
  ucreate->callback([&] {
    auto sys = OpenSystem(false);
    if (!sys.ok()) {
      rc = Fail(sys.status());
      return;
    }
    auto role = ParseRole(urole);
    if (!role) {
      rc = Fail(InvalidArgument("role", "role must be admin, staff, org, auditor or reviewer"));
      return;
    }
    std::string pw = ReadPassword();
    auto u = (*sys)->users->Create(
        (*sys)->users->CliPrincipal("cli"),
        auth::NewUser{uname, udisplay.empty() ? uname : udisplay, *role, uregion, pw, false,
                      uorg ? std::optional<long long>(uorg) : std::nullopt});
    if (!u.ok()) {
      rc = Fail(u.status());
      return;
    }
    std::cout << "created user " << u->username << " (id " << u->id << ")\n";
  });
  auto* ulist = user->add_subcommand("list", "List accounts");
  ulist->callback([&] {
    auto sys = OpenSystem(false);
    if (!sys.ok()) {
      rc = Fail(sys.status());
      return;
    }
    auth::UserFilter f;
    f.size = 200;
    for (f.page = 1;; ++f.page) {
      auto r = (*sys)->users->List((*sys)->users->CliPrincipal("cli"), f);
      if (!r.ok()) {
        rc = Fail(r.status());
        return;
      }
      for (auto& u : r->first)
        std::printf("%-20s %-9s %s %s%s\n", u.username.c_str(), RoleName(u.role),
                    u.region_code.c_str(), u.display_name.c_str(),
                    u.admin_locked ? " [locked]" : "");
      if (f.page * f.size >= r->second) break;
    }
  });
  std::string target;
  auto* ureset =
      user->add_subcommand("reset-password", "Set a new password (read from standard input)");
  ureset->add_option("username", target)->required();
  auto* uunlock = user->add_subcommand("unlock", "Unlock an account");
  uunlock->add_option("username", target)->required();
  auto by_name = [&](auto fn) {
    auto sys = OpenSystem(false);
    if (!sys.ok()) {
      rc = Fail(sys.status());
      return;
    }
    auto u = (*sys)->users->FindByUsername(target);
    if (!u.ok()) {
      rc = Fail(u.status());
      return;
    }
    if (!*u) {
      rc = Fail(NotFound("no user named " + target));
      return;
    }
    Status st = fn(**sys, (*u)->id);
    if (!st.ok()) {
      rc = Fail(st);
      return;
    }
    std::cout << "done\n";
  };
  ureset->callback([&] {
    by_name([&](System& s, long long id) {
      return s.users->SetPasswordFor(s.users->CliPrincipal("cli"), id, ReadPassword());
    });
  });
  uunlock->callback([&] {
    by_name([&](System& s, long long id) {
      return s.users->Unlock(s.users->CliPrincipal("cli"), id).status();
    });
  });

  auto* demo = cli.add_subcommand("demo", "Demo data");
  demo->require_subcommand(1);
  demo->add_subcommand("load", "Load the Jiangmen demo (idempotent)")->callback([&] {
    auto sys = OpenSystem(false);
    if (!sys.ok()) {
      rc = Fail(sys.status());
      return;
    }
    auto accounts = LoadDemo(**sys);
    if (!accounts.ok()) {
      rc = Fail(accounts.status());
      return;
    }
    std::cout << "Jiangmen demo loaded. Demo accounts (passwords are shown once):\n";
    for (auto& a : *accounts)
      std::printf("  %-12s %-9s %s  %s\n", a.username.c_str(), a.role.c_str(),
                  a.password.empty() ? "(exists; password unchanged)" : a.password.c_str(),
                  a.display_name.c_str());
  });

  auto* reminders = cli.add_subcommand("reminders", "Reminders and notice delivery");
  reminders->require_subcommand(1);
  reminders->add_subcommand("run", "Create due reminders once and send due deliveries (for cron)")
      ->callback([&] {
        auto sys = OpenSystem(false);
        if (!sys.ok()) {
          rc = Fail(sys.status());
          return;
        }
        auto made = (*sys)->notices->RunReminders(NowMs());
        if (!made.ok()) {
          rc = Fail(made.status());
          return;
        }
        auto sent = (*sys)->notices->RunDeliveries(NowMs());
        if (!sent.ok()) {
          rc = Fail(sent.status());
          return;
        }
        std::cout << *made << " reminders created, " << *sent << " deliveries tried\n";
      });

  auto* audit = cli.add_subcommand("audit", "Audit log commands");
  audit->require_subcommand(1);
  audit->add_subcommand("verify", "Verify the hash chain (exit 1 naming the first broken event)")
      ->callback([&] { rc = AuditVerify(); });

  std::string bfile, bsums;
  auto* backup = cli.add_subcommand(
      "backup", "Online backup to a file (SQLite backup API, or pg_dump custom format)");
  backup->add_option("file", bfile)->required();
  backup->add_option("--checksums", bsums,
                     "also write the per-table checksums of the backup point to this file");
  backup->callback([&] { rc = Backup(bfile, bsums); });
  bool rforce = false;
  auto* restore = cli.add_subcommand(
      "restore", "Restore a backup into the configured database (stop the server first)");
  restore->add_option("file", bfile)->required();
  restore->add_flag("--force", rforce, "replace a database that is not empty");
  restore->callback([&] { rc = Restore(bfile, rforce); });

  CLI11_PARSE(cli, argc, argv);
  return rc;
}

}  // namespace shuniu::app

int main(int argc, char** argv) { return shuniu::app::Main(argc, argv); }
