// The audit log over the API: who sees which events, filters, and the
// read-only auditor.
#include "api/harness.h"
#include "core/region_code.h"

namespace shuniu::testing {
namespace {

constexpr const char* kXinhui = "440705000000";

std::string StaffBody(const std::string& username, const std::string& region) {
  return nlohmann::json{{"username", username},
                        {"display_name", username},
                        {"role", "staff"},
                        {"region_code", region},
                        {"password", kPassword}}
      .dump();
}

class AuditApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    stack_ = MakeStack();
    MakeUser(*stack_.sys, "admin", Role::kAdmin, "440700000000");
    MakeUser(*stack_.sys, "xh_staff", Role::kStaff, kXinhui);
    MakeUser(*stack_.sys, "auditor", Role::kAuditor, "440700000000");
    admin_ = std::make_unique<Client>(LoggedIn(stack_, "admin"));
    xh_ = std::make_unique<Client>(LoggedIn(stack_, "xh_staff"));
    ASSERT_EQ(admin_->Call("POST", "/api/v1/users", StaffBody("ts.clerk", "440781000000")).status,
              201);
    ASSERT_EQ(xh_->Call("POST", "/api/v1/users", StaffBody("hc.clerk", "440705001000")).status,
              201);
  }

  nlohmann::json Events(Client& c, const std::string& query = "") {
    auto r = c.Call("GET", "/api/v1/audit-events?size=200" + query);
    EXPECT_EQ(r.status, 200) << query << ": " << r.body;
    return r.status == 200 ? c.Json(r)
                           : nlohmann::json{{"items", nlohmann::json::array()}, {"total", 0}};
  }

  Stack stack_;
  std::unique_ptr<Client> admin_, xh_;
};

TEST_F(AuditApiTest, AdminSeesEveryEvent) {
  auto j = Events(*admin_);
  std::set<std::string> regions;
  for (auto& e : j["items"]) regions.insert(e["region_code"]);
  EXPECT_TRUE(regions.count("440781000000"));  // 台山市
  EXPECT_TRUE(regions.count("440705001000"));  // 会城街道
  EXPECT_TRUE(regions.count(""));              // the region import has no region
  long long total = 0;
  Status st = stack_.sys->db->Read([&](db::Conn& c) -> Status {
    auto r = c.QueryOne("SELECT COUNT(*) FROM audit_events");
    if (!r.ok()) return r.status();
    total = (*r)->Int(0);
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(j["total"], total);
  EXPECT_FALSE(j["items"][0]["hash"].get<std::string>().empty());
}

TEST_F(AuditApiTest, XinhuiStaffSeesOnlyXinhuiEvents) {
  auto j = Events(*xh_);
  ASSERT_GT(j["total"].get<long long>(), 0);
  bool own_create = false;
  for (auto& e : j["items"]) {
    EXPECT_TRUE(InSubtree(e["region_code"].get<std::string>(), kXinhui)) << e.dump();
    own_create |= e["action"] == "user.create" && e["region_code"] == "440705001000";
  }
  EXPECT_TRUE(own_create);
  EXPECT_EQ(Events(*xh_, "&object_type=region")["total"], 0);
}

TEST_F(AuditApiTest, AuditorReadsButEveryWriteRouteIsRefused) {
  Client auditor = LoggedIn(stack_, "auditor");
  EXPECT_GT(Events(auditor)["total"].get<long long>(), 0);
  long long target = stack_.sys->users->FindByUsername("hc.clerk")->value().id;
  int checked = 0;
  for (const auto& route : stack_.app->routes()) {
    if (route.method == "GET" || route.path.rfind("/api/v1/auth/", 0) == 0)
      continue;                                           // self-service
    if (route.access == http::Access::kPublic) continue;  // anyone's (public voting)
    std::string path = route.path;
    if (auto p = path.find("{id}"); p != std::string::npos)
      path.replace(p, 4, std::to_string(target));
    auto r = auditor.Call(route.method, path, StaffBody("by.auditor", "440705001000"));
    EXPECT_EQ(r.status, 403) << route.method << " " << route.path << ": " << r.body;
    ++checked;
  }
  // users: create, edit, reset-password, lock, unlock; orgs: create, edit, import,
  // propose a change, approve, reject; dictionaries: add, edit
  EXPECT_GE(checked, 13);  // the write routes of the foundation and the information base, at least
  auto clerk = stack_.sys->users->FindByUsername("hc.clerk")->value();
  EXPECT_EQ(clerk.version, 1);
  EXPECT_FALSE(clerk.admin_locked);
  EXPECT_FALSE(stack_.sys->users->FindByUsername("by.auditor")->has_value());
}

TEST_F(AuditApiTest, OrgAndReviewerCannotReadTheLog) {
  MakeUser(*stack_.sys, "org1", Role::kOrg, kXinhui, kPassword,
           MakeOrg(*stack_.sys, "新会机构", kXinhui));
  MakeUser(*stack_.sys, "reviewer1", Role::kReviewer, kXinhui);
  for (const char* name : {"org1", "reviewer1"}) {
    Client c = LoggedIn(stack_, name);
    EXPECT_EQ(c.Call("GET", "/api/v1/audit-events").status, 403) << name;
  }
}

TEST_F(AuditApiTest, FiltersByActorActionAndTime) {
  auto by_xh = Events(*admin_, "&actor=xh_staff");
  ASSERT_GT(by_xh["total"].get<long long>(), 0);
  for (auto& e : by_xh["items"]) EXPECT_EQ(e["actor_name"], "xh_staff");

  auto creates = Events(*admin_, "&action=user.");
  for (auto& e : creates["items"]) EXPECT_EQ(e["action"].get<std::string>().rfind("user.", 0), 0u);
  EXPECT_GE(creates["total"].get<long long>(), 5);  // 3 by the CLI, 2 over the API
  EXPECT_EQ(Events(*admin_, "&action=user.create&actor=xh_staff")["total"], 1);

  long long all = Events(*admin_)["total"];
  EXPECT_EQ(Events(*admin_, "&from=2000-01-01T00:00:00Z")["total"], all);
  EXPECT_EQ(Events(*admin_, "&to=2000-01-01")["total"], 0);
  EXPECT_EQ(Events(*admin_, "&from=" + Rfc3339(NowMs() + 3600000))["total"], 0);
  std::string mid = Rfc3339(NowMs() - 3600000);
  EXPECT_EQ(Events(*admin_, "&from=" + mid + "&to=" + Rfc3339(NowMs() + 1000))["total"], all);
  // an offset is honoured: 08:00 Beijing time is midnight UTC
  EXPECT_EQ(Events(*admin_, "&to=2000-01-01T08:00:00%2B08:00")["total"], 0);
  auto page = Events(*admin_, "&action=user.&size=1&page=2");
  EXPECT_EQ(page["items"].size(), 1u);
}

TEST_F(AuditApiTest, BadTimeFiltersNameTheirField) {
  for (std::string q : {"from=yesterday", "from=2026-02-30", "to=2026-01-01T10:00:00"}) {
    auto r = admin_->Call("GET", "/api/v1/audit-events?" + q);
    EXPECT_EQ(r.status, 422) << q;
    EXPECT_EQ(ErrorField(r), q.substr(0, q.find('='))) << q;
  }
  EXPECT_EQ(ErrorField(admin_->Call("GET", "/api/v1/audit-events?size=201")), "size");
}

}  // namespace
}  // namespace shuniu::testing
