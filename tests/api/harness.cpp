// Test harness implementation.
#include "api/harness.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "db/migrate.h"
#include "http/routes.h"
#include "org/org_store.h"

namespace shuniu::testing {

std::unique_ptr<app::System> FreshSystem(bool regions, const std::string& password_policy,
                                         const std::string& files_storage) {
  Config cfg;
  cfg.password_policy = password_policy;
  cfg.files_storage = files_storage;
  static int counter = 0;
  auto dir = std::filesystem::temp_directory_path() /
             ("shuniu-test-" + std::to_string(getpid()) + "-" + std::to_string(++counter));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const char* pg = std::getenv("SHUNIU_TEST_DB");
  if (pg && *pg) {
    cfg.db_url = pg;
    auto db = db::Database::Open(cfg.db_url, 1);
    EXPECT_TRUE(db.ok()) << db.status().message();
    Status st = (*db)->Read([](db::Conn& c) {
      return c.ExecScript("DROP SCHEMA public CASCADE; CREATE SCHEMA public;");
    });
    EXPECT_TRUE(st.ok()) << st.message();
  } else {
    cfg.db_url = "sqlite://" + (dir / "shuniu.db").string();
  }
  cfg.key_file = (dir / "shuniu.key").string();
  cfg.files_dir = (dir / "files").string();
  cfg.data_dir = SHUNIU_SOURCE_DIR "/data";
  cfg.workers = 2;
  auto sys = app::System::Open(cfg, true);
  EXPECT_TRUE(sys.ok()) << sys.status().message();
  if (regions) {
    auto rep = (*sys)->regions->Import(RequestContext{std::nullopt, "test", "t", "local"},
                                       cfg.data_dir + "/regions/jiangmen", "4407");
    EXPECT_TRUE(rep.ok()) << rep.status().message();
  }
  return std::move(sys).value();
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
    return Status::Ok();
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

Stack MakeStack(bool regions, const std::string& password_policy,
                const std::string& files_storage) {
  Stack s;
  s.sys = FreshSystem(regions, password_policy, files_storage);
  s.services = std::make_unique<http::Services>(s.sys->services());
  s.app = std::make_unique<http::App>(http::BuildRoutes(*s.services), *s.sys->auth, *s.sys->db,
                                      http::AppOptions{1 << 20, "", false, 30, "", {}});
  return s;
}

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
    return Status::Ok();
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
    return Status::Ok();
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
