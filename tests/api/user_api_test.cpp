// User management over the API: scope, role grants, versions, validation,
// password reset, locking and which roles may manage users at all.
#include "api/harness.h"
#include "core/region_code.h"

namespace shuniu::testing {
namespace {

constexpr const char* kJiangmen = "440700000000";
constexpr const char* kXinhui = "440705000000";
constexpr const char* kHuicheng = "440705001000";
constexpr const char* kTaishan = "440781000000";

std::string NewUserBody(const std::string& username, const std::string& role,
                        const std::string& region, const std::string& password = kPassword) {
  return nlohmann::json{{"username", username},
                        {"display_name", "测试 " + username},
                        {"role", role},
                        {"region_code", region},
                        {"password", password}}
      .dump();
}

std::string UserUrl(long long id, const std::string& tail = "") {
  return "/api/v1/users/" + std::to_string(id) + tail;
}

class UserApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    stack_ = MakeStack();
    admin_ = MakeUser(*stack_.sys, "admin", Role::kAdmin, kJiangmen);
    xh_ = MakeUser(*stack_.sys, "xh_staff", Role::kStaff, kXinhui);
    hc_ = MakeUser(*stack_.sys, "hc_staff", Role::kStaff, kHuicheng);
    ts_ = MakeUser(*stack_.sys, "ts_staff", Role::kStaff, kTaishan);
  }

  std::optional<auth::User> Find(const std::string& username) {
    auto u = stack_.sys->users->FindByUsername(username);
    EXPECT_TRUE(u.ok());
    return u.ok() ? u.value() : std::nullopt;
  }

  Stack stack_;
  auth::User admin_, xh_, hc_, ts_;
};

TEST_F(UserApiTest, AdminCreatesAStaffUserAndItIsAudited) {
  Client admin = LoggedIn(stack_, "admin");
  long long before = CountEvents(*stack_.sys, "user.create");
  auto r = admin.Call("POST", "/api/v1/users", NewUserBody("new.staff", "staff", kHuicheng));
  ASSERT_EQ(r.status, 201) << r.body;
  auto j = admin.Json(r);
  EXPECT_EQ(j["username"], "new.staff");
  EXPECT_EQ(j["role"], "staff");
  EXPECT_EQ(j["region_name"], "会城街道");
  EXPECT_EQ(j["version"], 1);
  EXPECT_FALSE(j.contains("password_hash"));
  EXPECT_EQ(r.body.find("argon2"), std::string::npos);
  EXPECT_EQ(CountEvents(*stack_.sys, "user.create"), before + 1);
  auto ev = admin.Json(admin.Call("GET", "/api/v1/audit-events?action=user.create&size=1"));
  EXPECT_EQ(ev["items"][0]["object_id"], std::to_string(j["id"].get<long long>()));
  EXPECT_EQ(ev["items"][0]["actor_name"], "admin");
  EXPECT_EQ(ev["items"][0]["region_code"], kHuicheng);
}

TEST_F(UserApiTest, XinhuiStaffCannotReadATaishanUser) {
  Client xh = LoggedIn(stack_, "xh_staff");
  auto r = xh.Call("GET", UserUrl(ts_.id));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(ErrorCode(r), "not_found");
  // indistinguishable from an id that does not exist
  EXPECT_EQ(xh.Call("GET", UserUrl(ts_.id + 1)).status, 404);
  EXPECT_EQ(xh.Call("GET", UserUrl(admin_.id)).status, 404);  // parent region
}

TEST_F(UserApiTest, XinhuiStaffCannotChangeATaishanUser) {
  Client xh = LoggedIn(stack_, "xh_staff");
  auto body = nlohmann::json{{"version", 1}, {"display_name", "hijacked"}}.dump();
  EXPECT_EQ(xh.Call("PATCH", UserUrl(ts_.id), body).status, 404);
  EXPECT_EQ(xh.Call("POST", UserUrl(ts_.id, "/lock")).status, 404);
  EXPECT_EQ(xh.Call("POST", UserUrl(ts_.id, "/reset-password")).status, 404);
  auto ts = Find("ts_staff");
  EXPECT_EQ(ts->display_name, "ts_staff");
  EXPECT_FALSE(ts->admin_locked);
  EXPECT_EQ(ts->version, 1);
}

TEST_F(UserApiTest, XinhuiStaffCannotCreateAUserInTaishan) {
  Client xh = LoggedIn(stack_, "xh_staff");
  auto r = xh.Call("POST", "/api/v1/users", NewUserBody("ts.new", "staff", kTaishan));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(ErrorField(r), "region_code");
  EXPECT_FALSE(Find("ts.new").has_value());
  auto up = xh.Call("POST", "/api/v1/users", NewUserBody("jm.new", "staff", kJiangmen));
  EXPECT_EQ(up.status, 403);
  EXPECT_EQ(ErrorField(up), "region_code");
}

TEST_F(UserApiTest, XinhuiStaffCannotGrantAdminOrAuditor) {
  Client xh = LoggedIn(stack_, "xh_staff");
  for (const char* role : {"admin", "auditor"}) {
    auto r =
        xh.Call("POST", "/api/v1/users", NewUserBody(std::string("hc.") + role, role, kHuicheng));
    EXPECT_EQ(r.status, 403) << role;
    EXPECT_EQ(ErrorField(r), "role") << role;
    auto p =
        xh.Call("PATCH", UserUrl(hc_.id), nlohmann::json{{"version", 1}, {"role", role}}.dump());
    EXPECT_EQ(p.status, 403) << role;
    EXPECT_EQ(ErrorField(p), "role") << role;
  }
  EXPECT_EQ(Find("hc_staff")->role, Role::kStaff);
}

TEST_F(UserApiTest, StaffCannotWidenTheirOwnRegionOrChangeTheirOwnRole) {
  Client xh = LoggedIn(stack_, "xh_staff");
  auto wider = xh.Call("PATCH", UserUrl(xh_.id),
                       nlohmann::json{{"version", 1}, {"region_code", kJiangmen}}.dump());
  EXPECT_EQ(wider.status, 403);
  for (const char* role : {"admin", "reviewer"}) {
    auto r =
        xh.Call("PATCH", UserUrl(xh_.id), nlohmann::json{{"version", 1}, {"role", role}}.dump());
    EXPECT_EQ(r.status, 403) << role;
  }
  auto narrower = xh.Call("PATCH", UserUrl(xh_.id),
                          nlohmann::json{{"version", 1}, {"region_code", kHuicheng}}.dump());
  EXPECT_EQ(narrower.status, 403);
  auto me = Find("xh_staff");
  EXPECT_EQ(me->region_code, kXinhui);
  EXPECT_EQ(me->role, Role::kStaff);
  EXPECT_EQ(me->version, 1);
  // editing their own display name is fine
  auto name = xh.Call("PATCH", UserUrl(xh_.id),
                      nlohmann::json{{"version", 1}, {"display_name", "小新"}}.dump());
  EXPECT_EQ(name.status, 200) << name.body;
}

TEST_F(UserApiTest, XinhuiStaffCreatesReadsAndEditsAHuichengUser) {
  Client xh = LoggedIn(stack_, "xh_staff");
  auto c = xh.Call("POST", "/api/v1/users", NewUserBody("hc.clerk", "staff", kHuicheng));
  ASSERT_EQ(c.status, 201) << c.body;
  long long id = xh.Json(c)["id"];
  auto g = xh.Call("GET", UserUrl(id));
  ASSERT_EQ(g.status, 200);
  EXPECT_EQ(xh.Json(g)["region_code"], kHuicheng);
  auto p = xh.Call("PATCH", UserUrl(id),
                   nlohmann::json{{"version", 1}, {"display_name", "会城办事员"}}.dump());
  ASSERT_EQ(p.status, 200) << p.body;
  EXPECT_EQ(xh.Json(p)["display_name"], "会城办事员");
  EXPECT_EQ(xh.Json(p)["version"], 2);
  EXPECT_EQ(CountEvents(*stack_.sys, "user.update"), 1);
}

TEST_F(UserApiTest, StaleVersionConflictsAndChangesNothing) {
  Client admin = LoggedIn(stack_, "admin");
  auto first = admin.Call("PATCH", UserUrl(hc_.id),
                          nlohmann::json{{"version", 1}, {"display_name", "一"}}.dump());
  ASSERT_EQ(first.status, 200) << first.body;
  long long events = CountEvents(*stack_.sys, "user.");
  auto stale = admin.Call(
      "PATCH", UserUrl(hc_.id),
      nlohmann::json{{"version", 1}, {"display_name", "二"}, {"region_code", kXinhui}}.dump());
  EXPECT_EQ(stale.status, 409);
  EXPECT_EQ(ErrorCode(stale), "conflict");
  auto u = Find("hc_staff");
  EXPECT_EQ(u->display_name, "一");
  EXPECT_EQ(u->region_code, kHuicheng);
  EXPECT_EQ(u->version, 2);
  EXPECT_EQ(CountEvents(*stack_.sys, "user."), events);
}

TEST_F(UserApiTest, DuplicateUsernameIsAConflictOnUsername) {
  Client admin = LoggedIn(stack_, "admin");
  auto r = admin.Call("POST", "/api/v1/users", NewUserBody("hc_staff", "staff", kXinhui));
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(ErrorField(r), "username");
  EXPECT_EQ(Find("hc_staff")->region_code, kHuicheng);
}

TEST_F(UserApiTest, InvalidInputIsRefusedNamingTheFieldAndWritesNothing) {
  Client admin = LoggedIn(stack_, "admin");
  long long events = CountEvents(*stack_.sys, "user.");
  struct Case {
    std::string body, field;
  } cases[] = {
      {NewUserBody("weak.pw", "staff", kXinhui, "short"), "password"},
      {NewUserBody("common.pw", "staff", kXinhui, "123456qwerty"), "password"},
      {NewUserBody("Bad Name", "staff", kXinhui), "username"},
      {NewUserBody("role.x", "superuser", kXinhui), "role"},
      {NewUserBody("region.x", "staff", "4407"), "region_code"},
      {NewUserBody("region.y", "staff", "440799999000"), "region_code"},  // no such region
      {R"({"username":"x.y","display_name":"x","role":"staff","region_code":"440705000000","password":"Correct-Horse-2026","admin":true})",
       "admin"},
  };
  for (auto& c : cases) {
    auto r = admin.Call("POST", "/api/v1/users", c.body);
    EXPECT_EQ(r.status, 422) << c.body << " → " << r.body;
    EXPECT_EQ(ErrorField(r), c.field) << c.body;
  }
  EXPECT_EQ(CountEvents(*stack_.sys, "user."), events);
  auto list = admin.Json(admin.Call("GET", "/api/v1/users?size=200"));
  EXPECT_EQ(list["total"], 4);
}

TEST_F(UserApiTest, ResetPasswordForcesAChangeBeforeAnythingElse) {
  Client admin = LoggedIn(stack_, "admin");
  Client old_session = LoggedIn(stack_, "hc_staff");
  auto r = admin.Call("POST", UserUrl(hc_.id, "/reset-password"));
  ASSERT_EQ(r.status, 200) << r.body;
  std::string temp = admin.Json(r)["password"];
  EXPECT_GE(temp.size(), 12u);
  EXPECT_EQ(old_session.Call("GET", "/api/v1/auth/me").status, 401);  // sessions revoked

  Client hc(*stack_.app);
  EXPECT_EQ(hc.Login("hc_staff", kPassword).status, 401);  // the old password is gone
  auto login = hc.Login("hc_staff", temp);
  ASSERT_EQ(login.status, 200) << login.body;
  EXPECT_EQ(hc.Json(login)["must_change_password"], true);
  EXPECT_EQ(hc.Call("GET", "/api/v1/users").status, 403);
  EXPECT_EQ(hc.Call("GET", "/api/v1/regions/440705001000").status, 403);
  EXPECT_EQ(hc.Call("GET", "/api/v1/auth/me").status, 200);

  auto change = hc.Call(
      "POST", "/api/v1/auth/password",
      nlohmann::json{{"old_password", temp}, {"new_password", "Brand-New-Secret-77"}}.dump());
  ASSERT_EQ(change.status, 200) << change.body;
  hc.set_csrf(hc.Json(change)["csrf_token"]);
  EXPECT_EQ(hc.Json(change)["must_change_password"], false);
  EXPECT_EQ(hc.Call("GET", "/api/v1/users").status, 200);
  EXPECT_EQ(Client(*stack_.app).Login("hc_staff", "Brand-New-Secret-77").status, 200);
}

TEST_F(UserApiTest, LockRefusesLoginAndEndsSessionsUnlockRestores) {
  Client admin = LoggedIn(stack_, "admin");
  Client hc = LoggedIn(stack_, "hc_staff");
  auto lock = admin.Call("POST", UserUrl(hc_.id, "/lock"));
  ASSERT_EQ(lock.status, 200) << lock.body;
  EXPECT_EQ(admin.Json(lock)["admin_locked"], true);
  EXPECT_EQ(hc.Call("GET", "/api/v1/auth/me").status, 401);
  auto refused = Client(*stack_.app).Login("hc_staff", kPassword);
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(CountEvents(*stack_.sys, "auth.login_refused"), 1);

  auto unlock = admin.Call("POST", UserUrl(hc_.id, "/unlock"));
  ASSERT_EQ(unlock.status, 200) << unlock.body;
  EXPECT_EQ(admin.Json(unlock)["locked"], false);
  EXPECT_EQ(Client(*stack_.app).Login("hc_staff", kPassword).status, 200);
  EXPECT_EQ(CountEvents(*stack_.sys, "user.lock"), 1);
  EXPECT_EQ(CountEvents(*stack_.sys, "user.unlock"), 1);
}

TEST_F(UserApiTest, NobodyLocksThemselvesAndStaffCannotTouchAdmins) {
  Client xh = LoggedIn(stack_, "xh_staff");
  EXPECT_EQ(xh.Call("POST", UserUrl(xh_.id, "/lock")).status, 403);
  MakeUser(*stack_.sys, "hc_admin", Role::kAdmin, kHuicheng);
  long long hc_admin = Find("hc_admin")->id;
  EXPECT_EQ(xh.Call("POST", UserUrl(hc_admin, "/lock")).status, 403);
  EXPECT_EQ(xh.Call("POST", UserUrl(hc_admin, "/reset-password")).status, 403);
  EXPECT_EQ(xh.Call("PATCH", UserUrl(hc_admin), R"({"version":1,"display_name":"x"})").status, 403);
  EXPECT_FALSE(Find("hc_admin")->admin_locked);
  EXPECT_FALSE(Find("xh_staff")->admin_locked);
}

TEST_F(UserApiTest, AuditorOrgAndReviewerCannotManageUsers) {
  MakeUser(*stack_.sys, "auditor", Role::kAuditor, kJiangmen);
  MakeUser(*stack_.sys, "org1", Role::kOrg, kXinhui, kPassword,
           MakeOrg(*stack_.sys, "新会机构", kXinhui));
  MakeUser(*stack_.sys, "reviewer1", Role::kReviewer, kXinhui);
  for (const char* name : {"auditor", "org1", "reviewer1"}) {
    Client c = LoggedIn(stack_, name);
    EXPECT_EQ(c.Call("GET", "/api/v1/users").status, 403) << name;
    EXPECT_EQ(c.Call("GET", UserUrl(hc_.id)).status, 403) << name;
    auto r =
        c.Call("POST", "/api/v1/users", NewUserBody(std::string(name) + ".x", "staff", kHuicheng));
    EXPECT_EQ(r.status, 403) << name;
    EXPECT_FALSE(Find(std::string(name) + ".x").has_value());
  }
}

TEST_F(UserApiTest, ListIsScopedToTheCallersSubtree) {
  Client xh = LoggedIn(stack_, "xh_staff");
  auto r = xh.Call("GET", "/api/v1/users?size=200");
  ASSERT_EQ(r.status, 200);
  auto j = xh.Json(r);
  std::set<std::string> names;
  for (auto& u : j["items"]) {
    names.insert(u["username"]);
    EXPECT_TRUE(InSubtree(u["region_code"].get<std::string>(), kXinhui)) << u.dump();
  }
  EXPECT_EQ(names, (std::set<std::string>{"xh_staff", "hc_staff"}));
  EXPECT_EQ(j["total"], 2);
  auto search = xh.Json(xh.Call("GET", "/api/v1/users?q=staff"));
  EXPECT_EQ(search["total"], 2);  // ts_staff matches the text but is out of scope
  Client admin = LoggedIn(stack_, "admin");
  EXPECT_EQ(admin.Json(admin.Call("GET", "/api/v1/users?size=200"))["total"], 4);
}

TEST_F(UserApiTest, SearchTreatsWildcardsLiterallyAndFiltersByRegion) {
  Client admin = LoggedIn(stack_, "admin");
  EXPECT_EQ(admin.Json(admin.Call("GET", "/api/v1/users?q=%25"))["total"], 0);
  auto h_s = admin.Json(admin.Call("GET", "/api/v1/users?q=h_s"));
  ASSERT_EQ(h_s["total"], 1);
  EXPECT_EQ(h_s["items"][0]["username"], "xh_staff");
  auto xinhui = admin.Json(admin.Call("GET", "/api/v1/users?region_code=440705000000"));
  for (auto& u : xinhui["items"])
    EXPECT_EQ(u["region_code"].get<std::string>().substr(0, 6), "440705");
  EXPECT_EQ(xinhui["total"], 2);  // xh_staff and hc_staff
  Client xh = LoggedIn(stack_, "xh_staff");
  EXPECT_EQ(xh.Call("GET", "/api/v1/users?region_code=440781000000").status, 404);
}

// The country (kNationalRoot) as an account's scope: only a national
// deployment (root_region 000000000000) may hand it out; its first account
// adds the 全国 row no import brings, and that account's dashboard counts
// every province.
TEST_F(UserApiTest, OnlyANationalDeploymentGrantsTheCountry) {
  Client admin = LoggedIn(stack_, "admin");
  auto refused = admin.Call("POST", "/api/v1/users", NewUserBody("nation", "admin", kNationalRoot));
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_EQ(ErrorField(refused), "region_code");
  EXPECT_EQ(QueryInt(*stack_.sys, "SELECT COUNT(*) FROM regions WHERE code = :1",
                     {std::string(kNationalRoot)}),
            0);

  auto profile = auth::ParseProfile("asvs");
  ASSERT_TRUE(profile.ok());
  auth::UserService national(*stack_.sys->db, *profile, kNationalRoot, *stack_.sys->sessions);
  Principal cli = national.CliPrincipal("test");
  ASSERT_EQ(cli.region_code, kNationalRoot);
  auto u = national.Create(cli, auth::NewUser{"nation", "全国 管理员", Role::kAdmin, kNationalRoot,
                                              kPassword, false, std::nullopt});
  ASSERT_TRUE(u.ok()) << u.status().message();
  EXPECT_EQ(QueryStr(*stack_.sys, "SELECT name FROM regions WHERE code = :1",
                     {std::string(kNationalRoot)}),
            "全国");
  // A second national account finds the row there.
  ASSERT_TRUE(national
                  .Create(cli, auth::NewUser{"nation2", "全国 审计", Role::kAuditor, kNationalRoot,
                                             kPassword, false, std::nullopt})
                  .ok());

  Client nation = LoggedIn(stack_, "nation");
  auto st = nation.Call("GET", std::string("/api/v1/stats/orgs?region=") + kNationalRoot);
  ASSERT_EQ(st.status, 200) << st.body;
  auto j = nation.Json(st);
  EXPECT_EQ(j["region"]["region_code"], kNationalRoot);
  bool guangdong = false;
  for (auto& ch : j["children"]) guangdong |= ch["region_code"] == "440000000000";
  EXPECT_TRUE(guangdong) << st.body;
  // and its scope holds every organization
  auto list = nation.Call("GET", "/api/v1/orgs?size=5");
  EXPECT_EQ(list.status, 200) << list.body;
  // Every list and figure whose region defaults to the caller's takes the country.
  for (const char* path :
       {"/api/v1/stats/orgs/trend", "/api/v1/visits", "/api/v1/visits/workload",
        "/api/v1/visits/stale", "/api/v1/annual-reviews", "/api/v1/annual-reviews/overdue",
        "/api/v1/trainings/quarters?year=2026", "/api/v1/projects", "/api/v1/budget-pools/summary",
        "/api/v1/incomes/summary", "/api/v1/risks"}) {
    auto r = nation.Call("GET", path);
    EXPECT_EQ(r.status, 200) << path << " " << r.body;
  }
}

}  // namespace
}  // namespace shuniu::testing
