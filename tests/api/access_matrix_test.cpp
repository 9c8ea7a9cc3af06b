// The access matrix: every route of the live route table × every caller (admin;
// staff at city, district, town and village; a staff account appointed Party-
// branch officer; auditor; an org account whose organization operates a base; an
// org account of another organization operating another base; reviewer;
// anonymous) × the position of the object (own, child, parent, sibling region)
// is called and the outcome compared with ONE declarative policy (the table
// below plus tests/api/matrix_<family>.cpp). Separation-of-duties rules are
// rows of it (Policy::duty_holder, the auditor check, the audit-log test). A
// route without a policy entry fails the build (AccessPolicy.CoversEveryRoute
// runs after linking), and any outcome the policy does not allow fails the test.
#include <array>
#include <filesystem>
#include <fstream>

#include "api/harness.h"
#include "api/matrix.h"
#include "core/region_code.h"

namespace shuniu::testing {
namespace matrix {
std::vector<Family>& Families() {
  static std::vector<Family> f;
  return f;
}
std::vector<CallerHook>& CallerHooks() {
  static std::vector<CallerHook> h;
  return h;
}
}  // namespace matrix

namespace {
using namespace matrix;  // NOLINT

const std::map<std::string, Policy>& PolicyTable() {
  static const std::map<std::string, Policy> t = [] {
    std::map<std::string, Policy> t = {
        {"GET /healthz", Route(kPublic)},
        {"GET /api/v1/openapi.json", Route(kPublic)},
        {"POST /api/v1/auth/login", Route(kPublic, Scope::kNone, Run::kOwnSession)},
        {"POST /api/v1/auth/logout", Route(kAny, Scope::kNone, Run::kOwnSession)},
        {"GET /api/v1/auth/me", Route(kAny)},
        {"POST /api/v1/auth/password", Route(kAny, Scope::kNone, Run::kOwnSession)},
        {"POST /api/v1/auth/totp/setup", Route(kAny)},
        {"POST /api/v1/auth/totp/enable", Route(kAny)},
        {"GET /api/v1/users", List(kManagers, "region_code")},
        {"POST /api/v1/users", Route(kManagers, Scope::kTarget)},
        {"GET /api/v1/users/{id}", Route(kManagers, Scope::kObject)},
        {"PATCH /api/v1/users/{id}", Route(kManagers, Scope::kObject)},
        {"POST /api/v1/users/{id}/reset-password", Route(kManagers, Scope::kObject)},
        {"POST /api/v1/users/{id}/lock", Route(kManagers, Scope::kObject)},
        {"POST /api/v1/users/{id}/unlock", Route(kManagers, Scope::kObject)},
        {"GET /api/v1/regions", List(kAny, "code")},
        {"GET /api/v1/regions/{code}", Route(kAny, Scope::kObject)},
        {"GET /api/v1/regions/{code}/children", Route(kAny, Scope::kObject)},
        {"GET /api/v1/audit-events", List({"admin", "auditor", "staff"}, "region_code", true)},
        {"GET /api/v1/dicts", Route(kAny)},
        {"GET /api/v1/orgs", OrgList(kOrgReaders)},
        {"POST /api/v1/orgs", Route(kManagers, Scope::kTarget)},
        {"GET /api/v1/orgs/{id}", OrgRoute(kOrgReaders, Scope::kObject)},
        {"PATCH /api/v1/orgs/{id}", OrgRoute(kOrgEditors, Scope::kObject)},
        {"GET /api/v1/orgs/{id}/history", OrgRoute(kOrgReaders, Scope::kObject)},
        {"GET /api/v1/stats/orgs", Route(kStatsReaders, Scope::kObject)},  // ?region=<position>
        {"GET /api/v1/public/orgs", Route(kPublic)},
        {"GET /api/v1/public/dicts", Route(kPublic)},
        // without a file the import answers 422 (allowed); the export covers the caller's scope
        {"POST /api/v1/orgs/import", Route(kManagers)},
        {"GET /api/v1/orgs/import-template.xlsx", Route(kManagers)},
        {"GET /api/v1/orgs/export.xlsx", Route(kOrgReaders)},
        {"POST /api/v1/orgs/{id}/change-requests", OrgRoute({"org"}, Scope::kObject)},
        {"GET /api/v1/change-requests", List(kOrgReaders, "region_code")},
        // a request decided once answers 409 afterwards, which still counts as allowed
        {"POST /api/v1/change-requests/{id}/approve", Route(kManagers, Scope::kObject)},
        {"POST /api/v1/change-requests/{id}/reject", Route(kManagers, Scope::kObject)},
        {"POST /api/v1/dicts/{dict}", Route({"admin"})},
        {"PATCH /api/v1/dicts/{dict}/{code}", Route({"admin"})},
        {"GET /api/v1/stats/orgs/trend", Route(kStatsReaders, Scope::kObject)},
        {"GET /api/v1/stats/orgs/export.xlsx", Route(kStatsReaders, Scope::kObject)},
    };
    for (const Family& f : Families())
      for (const auto& [key, policy] : f.policies)
        if (!t.emplace(key, policy).second) ADD_FAILURE() << f.name << " repeats policy " << key;
    return t;
  }();
  return t;
}

enum class Outcome { kAllowed, kUnauthenticated, kForbidden, kHidden };

Outcome Expected(const Policy& p, const Caller& c, Position pos) {
  if (p.roles.count("public")) return Outcome::kAllowed;
  if (!c.role) return Outcome::kUnauthenticated;
  bool past_gate = p.roles.count("any") || p.roles.count(RoleName(*c.role));
  // An officer reaches its own branch only; any other branch is hidden.
  if (p.officer != Officer::kAsRole && c.kind == Kind::kOfficer && past_gate && pos == kOwn)
    return p.officer == Officer::kAllowed ? Outcome::kAllowed : Outcome::kForbidden;
  if (p.record_only.count(RoleName(*c.role))) return Outcome::kHidden;
  if (!past_gate) return Outcome::kForbidden;
  if (c.label == p.duty_holder && pos == kOwn) return Outcome::kForbidden;
  if (c.kind == Kind::kOtherOrg && p.other_org == OtherOrg::kHidden) return Outcome::kHidden;
  if (c.kind == Kind::kOtherOrg && p.other_org == OtherOrg::kForbidden) return Outcome::kForbidden;
  bool in_scope = pos == kOwn || pos == kChild;
  // The org account is linked to the organization of its own position; the
  // other-org caller to none of the fixture organizations.
  if (p.org_own_only && c.role == Role::kOrg) in_scope = pos == kOwn && c.kind != Kind::kOtherOrg;
  if (p.org_ancestors && c.role == Role::kOrg) in_scope = pos == kOwn || pos == kParent;
  if (p.scope == Scope::kObject && !in_scope) return Outcome::kHidden;
  if (p.scope == Scope::kTarget && !in_scope) return Outcome::kForbidden;
  return Outcome::kAllowed;
}

bool Matches(Outcome o, int status) {
  switch (o) {
    case Outcome::kAllowed:  // past access control: done, invalid input, or a state conflict
      return (status >= 200 && status < 300) || status == 409 || status == 422;
    case Outcome::kUnauthenticated:
      return status == 401;
    case Outcome::kForbidden:
      return status == 403;
    case Outcome::kHidden:
      return status == 404;
  }
  return false;
}

const char* Name(Outcome o) {
  switch (o) {
    case Outcome::kAllowed:
      return "allowed (2xx/409/422)";
    case Outcome::kUnauthenticated:
      return "401";
    case Outcome::kForbidden:
      return "403";
    case Outcome::kHidden:
      return "404";
  }
  return "?";
}

std::string Key(const http::Route& r) { return r.method + " " + r.path; }

class AccessMatrixTest : public ::testing::Test {
 protected:
  void SetUp() override {
    stack_ = MakeStack();
    auto& sys = *stack_.sys;
    ASSERT_TRUE(ExecSql(sys,
                        "INSERT INTO regions (code, name, level, parent_code, child_count) "
                        "VALUES ('440100000000', '广州市', 2, '440000000000', 0)")
                    .ok());
    for (auto& [region, positions] : kPositions)
      for (auto& code : positions)
        if (!code.empty()) AddFixture(code);
    // The org account belongs to the organization in its own region; the
    // other-org caller to a second organization of that region.
    Fixtures fx = fixtures();
    for (auto& c : kCallers) {
      if (!c.role) continue;
      std::optional<long long> org;
      if (c.kind == Kind::kOtherOrg)
        org = MakeOrg(sys, "矩阵他机构 " + c.region, c.region);
      else if (c.role == Role::kOrg)
        org = org_fixtures_.at(c.region);
      auto u = MakeUser(sys, c.username, *c.role, c.region, kPassword, org);
      if (org) caller_orgs_[c.label] = *org;
      for (const CallerHook& h : CallerHooks()) h(fx, c, u.id, org);
    }
    MakeUser(sys, "m.login", Role::kStaff, kJiangmen);
  }

  // One staff account per region; regions outside the deployment are set in SQL.
  void AddFixture(const std::string& code) {
    if (fixtures_.count(code)) return;
    bool outside = !InSubtree(code, kJiangmen);
    auto u = MakeUser(*stack_.sys, "fx_" + code, Role::kStaff, outside ? kJiangmen : code);
    if (outside) {
      Status st =
          ExecSql(*stack_.sys, "UPDATE users SET region_code = :1 WHERE id = :2", {code, u.id});
      ASSERT_TRUE(st.ok()) << st.message();
    }
    fixtures_[code] = u.id;
    // …and one organization per region, with a pending change request.
    org_fixtures_[code] = MakeOrg(*stack_.sys, "机构 " + code, code);
    Principal owner;
    owner.role = Role::kOrg;
    owner.org_id = org_fixtures_[code];
    owner.region_code = code;
    owner.username = "owner";
    auto cr = stack_.sys->orgs->ProposeChange(owner, org_fixtures_[code],
                                              {{"name", "机构 " + code + " 新名称"}}, "matrix");
    ASSERT_TRUE(cr.ok()) << cr.status().message();
    request_fixtures_[code] = cr->id;
    Fixtures fx = fixtures();
    for (const Family& f : Families())
      if (f.add_fixture) f.add_fixture(fx, code);
  }

  Fixtures fixtures() { return Fixtures{stack_, fixtures_, org_fixtures_}; }

  long long VersionOf(const std::string& code) {
    auto u = stack_.sys->users->FindByUsername("fx_" + code);
    return u.ok() && u->has_value() ? (*u)->version : 0;
  }

  long long OrgVersionOf(const std::string& code) {
    return QueryInt(*stack_.sys, "SELECT version FROM orgs WHERE id = :1",
                    {org_fixtures_.at(code)});
  }

  // The concrete request for a route at an object position.
  std::pair<std::string, std::string> BuildRequest(const http::Route& r, const Caller& c,
                                                   const std::string& region) {
    std::string path = r.path, body;
    for (const Family& f : Families())
      if (f.build && f.build(fixtures(), Key(r), c, region, path, body)) return {path, body};
    bool org_route = path.rfind("/api/v1/orgs/", 0) == 0;
    bool request_route = path.rfind("/api/v1/change-requests/", 0) == 0;
    const std::string key = Key(r);
    if (key == "POST /api/v1/dicts/{dict}") {
      path = "/api/v1/dicts/service_domain";
      body = nlohmann::json{{"code", "mx_" + std::to_string(++created_)},
                            {"name_zh", "矩阵"},
                            {"name_en", "Matrix"}}
                 .dump();
    }
    if (key == "PATCH /api/v1/dicts/{dict}/{code}") {
      path = "/api/v1/dicts/service_domain/health";
      body = R"({"name_zh":"妇幼健康","name_en":"Women's and children's health"})";
    }
    if (auto p = path.find("{id}"); p != std::string::npos)
      path.replace(
          p, 4,
          std::to_string(request_route ? request_fixtures_.at(region)
                                       : (org_route ? org_fixtures_ : fixtures_).at(region)));
    if (auto p = path.find("{code}"); p != std::string::npos) path.replace(p, 6, region);
    if (key == "POST /api/v1/orgs/{id}/change-requests")
      body = R"({"changes":{"name":"矩阵改名"},"reason":"matrix"})";
    if (key == "POST /api/v1/change-requests/{id}/reject") body = R"({"note":"matrix"})";
    if (key == "GET /api/v1/stats/orgs/trend" || key == "GET /api/v1/stats/orgs/export.xlsx")
      path += "?region=" + region;
    if (key == "GET /api/v1/users" || key == "GET /api/v1/audit-events") path += "?size=200";
    if (key == "GET /api/v1/regions") path += "?size=200&q=%E8%A1%97%E9%81%93";  // 街道
    if (key == "GET /api/v1/orgs" || key == "GET /api/v1/public/orgs") path += "?size=100";
    if (key == "GET /api/v1/stats/orgs") path += "?region=" + region;
    if (key == "PATCH /api/v1/orgs/{id}")
      body = nlohmann::json{{"version", OrgVersionOf(region)}, {"address", "matrix " + c.label}}
                 .dump();
    if (key == "POST /api/v1/orgs")
      body = nlohmann::json{{"name", "matrix org " + std::to_string(++created_)},
                            {"kind", "micro_org"},
                            {"region_code", region}}
                 .dump();
    if (key == "POST /api/v1/auth/login")
      body = nlohmann::json{{"username", "m.login"}, {"password", kPassword}}.dump();
    if (key == "POST /api/v1/auth/password")
      body = nlohmann::json{{"old_password", kPassword}, {"new_password", kPassword}}.dump();
    if (key == "POST /api/v1/auth/totp/enable") body = R"({"code":"000000"})";
    if (key == "PATCH /api/v1/users/{id}")
      body = nlohmann::json{{"version", VersionOf(region)}, {"display_name", "matrix"}}.dump();
    if (key == "POST /api/v1/users")
      body = nlohmann::json{{"username", "mx" + std::to_string(++created_)},
                            {"display_name", "matrix " + c.label},
                            {"role", "staff"},
                            {"region_code", region},
                            {"password", kPassword}}
                 .dump();
    return {path, body};
  }

  Client& Main(const Caller& c) {
    auto& slot = clients_[c.label];
    if (!slot)
      slot = std::make_unique<Client>(c.role ? LoggedIn(stack_, c.username) : Client(*stack_.app));
    return *slot;
  }

  http::Response Call(const http::Route& r, const Policy& p, const Caller& c,
                      const std::string& region) {
    auto [path, body] = BuildRequest(r, c, region);
    if (p.run == Run::kMain) return Main(c).Call(r.method, path, body);
    Client own = c.role ? LoggedIn(stack_, c.username) : Client(*stack_.app);
    http::Response res = own.Call(r.method, path, body);
    clients_.erase(c.label);  // the main session may have been revoked
    return res;
  }

  // Items of an allowed list response must all lie in the caller's subtree.
  void CheckListScope(const Policy& p, const Caller& c, const http::Response& res,
                      const std::string& what) {
    if (p.list_region.empty() || res.status != 200) return;
    if (p.admin_unscoped && c.role == Role::kAdmin) return;
    auto j = nlohmann::json::parse(res.body);
    for (auto& item : j["items"]) {
      std::string code = item.value(p.list_region, "");
      if (p.org_ancestors && c.role == Role::kOrg) {
        EXPECT_TRUE(InSubtree(c.region, code)) << what << " leaked " << item.dump();
        continue;
      }
      EXPECT_TRUE(InSubtree(code, c.region)) << what << " leaked " << item.dump();
      if (p.org_own_only && c.role == Role::kOrg) {
        EXPECT_EQ(item.value("id", 0LL), caller_orgs_.at(c.label))
            << what << " leaked " << item.dump();
      }
    }
    if (p.org_own_only && c.role == Role::kOrg) {
      EXPECT_EQ(j["items"].size(), 1u) << what;
    }
  }

  Stack stack_;
  std::map<std::string, long long> fixtures_;          // region → user id
  std::map<std::string, long long> org_fixtures_;      // region → organization id
  std::map<std::string, long long> request_fixtures_;  // region → pending change request id
  std::map<std::string, long long> caller_orgs_;       // caller label → its organization
  std::map<std::string, std::unique_ptr<Client>> clients_;
  int created_ = 0;
};

// Every route of the live table has a policy entry and every entry names a
// route. The build runs this test right after linking shuniu_tests
// (CMakeLists.txt, target route_policy_check; docs/decisions/0022), so a new
// route without a policy entry fails the build, not only the test run.
TEST(AccessPolicy, CoversEveryRoute) {
  Stack stack = MakeStack(false);
  const auto& table = PolicyTable();
  std::set<std::string> seen;
  for (const auto& route : stack.app->routes()) {
    seen.insert(Key(route));
    EXPECT_TRUE(table.count(Key(route)))
        << "route " << Key(route)
        << " has no entry in the access policy (tests/api/access_matrix_test.cpp or "
           "tests/api/matrix_<family>.cpp)";
  }
  for (const auto& [key, policy] : table)
    EXPECT_TRUE(seen.count(key)) << "policy entry " << key << " names no route";
  // Separation of duties, statically: no write route admits the auditor, and
  // nothing but GET touches the audit log.
  for (const auto& [key, policy] : table) {
    bool write = key.rfind("GET ", 0) != 0;
    bool own_or_public = key.find(" /api/v1/auth/") != std::string::npos ||
                         key.find(" /api/v1/public/") != std::string::npos;
    if (write && !own_or_public) {
      EXPECT_FALSE(policy.roles.count("auditor") || policy.roles.count("any"))
          << key << " lets the auditor write";
    }
    if (key.find("audit") != std::string::npos) {
      EXPECT_FALSE(write) << key << " changes audit records";
    }
  }
}

TEST_F(AccessMatrixTest, EveryRouteRoleAndPositionFollowsThePolicy) {
  const auto& table = PolicyTable();
  std::set<std::string> seen;
  std::map<Outcome, int> tally;
  int checks = 0, auditor_writes = 0;
  for (const auto& route : stack_.app->routes()) {
    const std::string key = Key(route);
    seen.insert(key);
    auto it = table.find(key);
    if (it == table.end()) {
      ADD_FAILURE() << "route " << key << " has no entry in the access policy table";
      continue;
    }
    const Policy& policy = it->second;
    for (const Caller& caller : kCallers) {
      int positions = policy.scope == Scope::kNone ? 1 : 4;
      for (int pos = 0; pos < positions; ++pos) {
        const std::string& region = kPositions.at(caller.region)[pos];
        if (region.empty()) continue;  // a village has no child region
        Outcome want = Expected(policy, caller, static_cast<Position>(pos));
        http::Response res = Call(route, policy, caller, region);
        std::string what =
            key + " as " + caller.label + " on " + kPositionNames[pos] + " (" + region + ")";
        EXPECT_TRUE(Matches(want, res.status))
            << what << ": expected " << Name(want) << ", got " << res.status << " " << res.body;
        if (want == Outcome::kAllowed) CheckListScope(policy, caller, res, what);
        // Separation of duties, whatever the policy says: the auditor changes
        // nothing (only its own session and password; public routes are anyone's).
        if (caller.role == Role::kAuditor && route.method != "GET" &&
            route.path.rfind("/api/v1/auth/", 0) != 0 &&
            route.path.rfind("/api/v1/public/", 0) != 0) {
          EXPECT_TRUE(res.status == 403 || res.status == 404) << what << ": the auditor wrote";
          ++auditor_writes;
        }
        ++tally[want];
        ++checks;
      }
    }
  }
  for (const auto& [key, policy] : table)
    EXPECT_TRUE(seen.count(key)) << "policy entry " << key << " names no route";
  std::cout << "[ matrix   ] " << stack_.app->routes().size() << " routes × " << kCallers.size()
            << " roles × {1 unscoped | 4 positions} = " << checks
            << " checks: " << tally[Outcome::kAllowed] << " allowed, "
            << tally[Outcome::kUnauthenticated] << " 401, " << tally[Outcome::kForbidden]
            << " 403, " << tally[Outcome::kHidden] << " 404; " << auditor_writes
            << " auditor writes refused\n";
}

// The checks below need no matrix fixtures: a plain stack and one admin.
class RouteTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    stack_ = MakeStack();
    MakeUser(*stack_.sys, "m.admin.jm", Role::kAdmin, kJiangmen);
  }
  Stack stack_;
};

// Separation of duties: the system admin cannot delete or rewrite audit
// records — no route does it, and the database refuses it on either engine.
TEST_F(RouteTableTest, NoRouteAndNoSqlRemovesAuditRecords) {
  for (const auto& route : stack_.app->routes()) {
    if (route.path.find("audit") != std::string::npos) {
      EXPECT_EQ(route.method, "GET") << Key(route) << " changes audit records";
    }
  }
  Client admin = LoggedIn(stack_, "m.admin.jm");
  long long before = QueryInt(*stack_.sys, "SELECT COUNT(*) FROM audit_events");
  ASSERT_GT(before, 0);
  long long seq = QueryInt(*stack_.sys, "SELECT MIN(seq) FROM audit_events");
  for (const char* method : {"DELETE", "PATCH", "PUT", "POST"}) {
    auto r = admin.Call(method, "/api/v1/audit-events/" + std::to_string(seq), "{}");
    EXPECT_EQ(r.status, 404) << method;
    r = admin.Call(method, "/api/v1/audit-events", "{}");
    EXPECT_EQ(r.status, 404) << method << " on the list";
  }
  EXPECT_FALSE(ExecSql(*stack_.sys, "DELETE FROM audit_events WHERE seq = :1", {seq}).ok());
  EXPECT_FALSE(
      ExecSql(*stack_.sys, "UPDATE audit_events SET action = 'x' WHERE seq = :1", {seq}).ok());
  EXPECT_GE(QueryInt(*stack_.sys, "SELECT COUNT(*) FROM audit_events"), before);
  EXPECT_EQ(QueryInt(*stack_.sys, "SELECT COUNT(*) FROM audit_events WHERE seq = :1", {seq}), 1);
}

TEST_F(RouteTableTest, OpenApiDescribesEveryRoute) {
  Client anon(*stack_.app);
  auto r = anon.Call("GET", "/api/v1/openapi.json");
  ASSERT_EQ(r.status, 200);
  auto paths = anon.Json(r)["paths"];
  for (const auto& route : stack_.app->routes()) {
    std::string m = route.method;
    for (auto& ch : m) ch = static_cast<char>(std::tolower(ch));
    EXPECT_TRUE(paths.contains(route.path) && paths[route.path].contains(m)) << Key(route);
  }
}

TEST_F(RouteTableTest, UnknownApiPathsAnswerJson404) {
  Client admin = LoggedIn(stack_, "m.admin.jm");
  for (auto [method, path] :
       std::vector<std::pair<std::string, std::string>>{{"GET", "/api/v1/xyz"},
                                                        {"POST", "/api/v1/xyz"},
                                                        {"GET", "/api/v2/users"},
                                                        {"DELETE", "/api/v1/users/1"},
                                                        {"GET", "/api/v1/users/1/extra"}}) {
    auto res = admin.Call(method, path);
    EXPECT_EQ(res.status, 404) << method << " " << path;
    EXPECT_EQ(ErrorCode(res), "not_found") << method << " " << path;
    EXPECT_EQ(res.content_type.rfind("application/json", 0), 0u) << method << " " << path;
  }
  Client anon(*stack_.app);
  EXPECT_EQ(anon.Call("GET", "/api/v1/xyz").status, 404);
}

TEST_F(RouteTableTest, NonApiPathsServeTheSpaOrJson404WithoutOne) {
  Client anon(*stack_.app);  // the harness configures no web root
  auto none = anon.Call("GET", "/regions/440705000000");
  EXPECT_EQ(none.status, 404);
  EXPECT_EQ(ErrorCode(none), "not_found");

  auto dir = std::filesystem::temp_directory_path() / ("shuniu-web-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir / "assets");
  std::ofstream(dir / "index.html") << "<!doctype html><title>枢纽</title>";
  std::ofstream(dir / "assets" / "app.js") << "console.log(1)";
  http::App app(http::BuildRoutes(*stack_.services), *stack_.sys->auth, *stack_.sys->db,
                http::AppOptions{1 << 20, dir.string(), false, 30, "", {}});
  Client web(app);
  for (std::string path : {"/", "/regions/440705000000", "/users/new", "/../../etc/passwd"}) {
    auto r = web.Call("GET", path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_NE(r.body.find("枢纽"), std::string::npos) << path;
    EXPECT_EQ(r.content_type, "text/html; charset=utf-8") << path;
  }
  auto js = web.Call("GET", "/assets/app.js");
  EXPECT_EQ(js.body, "console.log(1)");
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(web.Call("POST", "/regions").status, 404);
  EXPECT_EQ(web.Call("GET", "/api/v1/nothing").status, 404);  // the SPA never hides API errors
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace shuniu::testing
