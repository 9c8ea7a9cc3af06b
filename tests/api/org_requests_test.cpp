// Change requests from organization accounts, dictionary administration, and
// the dashboard's domain counts, year trend and figures export.
#include "api/harness.h"
#include "sheet/reader.h"

namespace shuniu::testing {
namespace {

constexpr const char* kXinhui = "440705000000";
constexpr const char* kTaishan = "440781000000";

class OrgRequestsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    stack_ = MakeStack();
    org_ = MakeOrg(*stack_.sys, "新会区测试妇女互助会", kXinhui);
    MakeUser(*stack_.sys, "admin", Role::kAdmin, "440700000000");
    MakeUser(*stack_.sys, "xh_staff", Role::kStaff, kXinhui);
    MakeUser(*stack_.sys, "ts_staff", Role::kStaff, kTaishan);
    MakeUser(*stack_.sys, "xh_org", Role::kOrg, kXinhui, kPassword, org_);
  }
  std::string OrgName() {
    return QueryStr(*stack_.sys, "SELECT name FROM orgs WHERE id = :1", {org_});
  }
  Stack stack_;
  long long org_ = 0;
};

TEST_F(OrgRequestsTest, AnOrgProposesANewNameAndStaffInScopeApproveIt) {
  Client org = LoggedIn(stack_, "xh_org");
  auto direct = org.Call("PATCH", "/api/v1/orgs/" + std::to_string(org_),
                         R"({"version":1,"name":"新会区妇女互助协会"})");
  EXPECT_EQ(direct.status, 403);
  EXPECT_EQ(ErrorField(direct), "name");
  auto proposed = org.Call("POST", "/api/v1/orgs/" + std::to_string(org_) + "/change-requests",
                           R"({"changes":{"name":"新会区妇女互助协会"},"reason":"更名"})");
  ASSERT_EQ(proposed.status, 201) << proposed.body;
  long long id = org.Json(proposed)["id"];
  EXPECT_EQ(org.Json(proposed)["status"], "pending");
  EXPECT_EQ(OrgName(), "新会区测试妇女互助会");

  Client ts = LoggedIn(stack_, "ts_staff");
  EXPECT_EQ(ts.Json(ts.Call("GET", "/api/v1/change-requests?status=pending"))["items"].size(), 0u);
  EXPECT_EQ(ts.Call("POST", "/api/v1/change-requests/" + std::to_string(id) + "/approve").status,
            404);

  Client xh = LoggedIn(stack_, "xh_staff");
  auto pending = xh.Json(xh.Call("GET", "/api/v1/change-requests?status=pending"));
  ASSERT_EQ(pending["items"].size(), 1u);
  EXPECT_EQ(pending["items"][0]["changes"]["name"], "新会区妇女互助协会");
  auto approved = xh.Call("POST", "/api/v1/change-requests/" + std::to_string(id) + "/approve",
                          R"({"note":"材料齐全"})");
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(OrgName(), "新会区妇女互助协会");
  auto history = xh.Json(xh.Call("GET", "/api/v1/orgs/" + std::to_string(org_) + "/history"));
  bool found = false;
  for (auto& h : history["items"])
    found |= h["field"] == "name" && h["change_kind"] == "request" &&
             h["new_value"] == "新会区妇女互助协会" && h["actor_name"] == "xh_staff";
  EXPECT_TRUE(found) << history.dump();
  EXPECT_EQ(CountEvents(*stack_.sys, "org.change_request.approve"), 1);
  EXPECT_EQ(xh.Call("POST", "/api/v1/change-requests/" + std::to_string(id) + "/reject",
                    R"({"note":"again"})")
                .status,
            409);
}

TEST_F(OrgRequestsTest, RejectionNeedsAReasonAndChangesNothing) {
  Client org = LoggedIn(stack_, "xh_org");
  auto proposed = org.Call("POST", "/api/v1/orgs/" + std::to_string(org_) + "/change-requests",
                           R"({"changes":{"region_code":"440781000000"}})");
  ASSERT_EQ(proposed.status, 201) << proposed.body;
  std::string path = "/api/v1/change-requests/" + org.Json(proposed)["id"].dump();
  Client xh = LoggedIn(stack_, "xh_staff");
  auto no_note = xh.Call("POST", path + "/reject", "{}");
  EXPECT_EQ(no_note.status, 422);
  EXPECT_EQ(ErrorField(no_note), "note");
  ASSERT_EQ(xh.Call("POST", path + "/reject", R"({"note":"辖区未变更"})").status, 200);
  EXPECT_EQ(QueryStr(*stack_.sys, "SELECT region_code FROM orgs WHERE id = :1", {org_}), kXinhui);
  auto mine = org.Json(org.Call("GET", "/api/v1/change-requests"));
  ASSERT_EQ(mine["items"].size(), 1u);
  EXPECT_EQ(mine["items"][0]["status"], "rejected");
  EXPECT_EQ(mine["items"][0]["decision_note"], "辖区未变更");
}

TEST_F(OrgRequestsTest, ProposalsCoverOnlyKeyFieldsWithValidValues) {
  Client org = LoggedIn(stack_, "xh_org");
  std::string path = "/api/v1/orgs/" + std::to_string(org_) + "/change-requests";
  auto other = org.Call("POST", path, R"({"changes":{"address":"会城街道"}})");
  EXPECT_EQ(other.status, 422);
  EXPECT_EQ(ErrorField(other), "address");
  auto bad_code = org.Call("POST", path, R"({"changes":{"uscc":"51440705MJ1234560X"}})");
  EXPECT_EQ(bad_code.status, 422);
  EXPECT_EQ(ErrorField(bad_code), "uscc");
  auto empty = org.Call("POST", path, R"({"changes":{}})");
  EXPECT_EQ(ErrorField(empty), "changes");
  Client xh = LoggedIn(stack_, "xh_staff");
  EXPECT_EQ(xh.Call("POST", path, R"({"changes":{"name":"x"}})").status, 403);
  EXPECT_EQ(QueryInt(*stack_.sys, "SELECT COUNT(*) FROM org_change_requests", {}), 0);
}

TEST_F(OrgRequestsTest, AdminsExtendDictionariesAndRetiredValuesAreRefused) {
  Client admin = LoggedIn(stack_, "admin");
  auto added =
      admin.Call("POST", "/api/v1/dicts/service_domain",
                 R"({"code":"digital_skills","name_zh":"数字技能","name_en":"Digital skills"})");
  ASSERT_EQ(added.status, 201) << added.body;
  EXPECT_EQ(admin
                .Call("POST", "/api/v1/dicts/service_domain",
                      R"({"code":"digital_skills","name_zh":"x","name_en":"x"})")
                .status,
            409);
  auto bad = admin.Call("POST", "/api/v1/dicts/service_domain",
                        R"({"code":"Digital Skills","name_zh":"x","name_en":"x"})");
  EXPECT_EQ(ErrorField(bad), "code");
  EXPECT_EQ(admin
                .Call("POST", "/api/v1/dicts/org_status",
                      R"({"code":"frozen","name_zh":"冻结","name_en":"Frozen"})")
                .status,
            404);
  Client xh = LoggedIn(stack_, "xh_staff");
  EXPECT_EQ(xh.Call("POST", "/api/v1/dicts/service_domain",
                    R"({"code":"other_x","name_zh":"x","name_en":"x"})")
                .status,
            403);
  std::string org_path = "/api/v1/orgs/" + std::to_string(org_);
  auto used = xh.Call("PATCH", org_path, R"({"version":1,"domains":["digital_skills"]})");
  ASSERT_EQ(used.status, 200) << used.body;
  ASSERT_EQ(admin
                .Call("PATCH", "/api/v1/dicts/service_domain/digital_skills",
                      R"({"name_zh":"数字技能","name_en":"Digital skills","active":false})")
                .status,
            204);
  auto retired =
      xh.Call("PATCH", org_path, R"({"version":2,"domains":["digital_skills","health"]})");
  EXPECT_EQ(retired.status, 422);
  EXPECT_EQ(ErrorField(retired), "domains");
  EXPECT_EQ(CountEvents(*stack_.sys, "dict.create"), 1);
}

TEST_F(OrgRequestsTest, DashboardDomainCountsTrendAndExportMatchTheRecords) {
  Client xh = LoggedIn(stack_, "xh_staff");
  std::string org_path = "/api/v1/orgs/" + std::to_string(org_);
  ASSERT_EQ(xh.Call("PATCH", org_path,
                    R"({"version":1,"domains":["health","child_care"],"founded_on":"2012-05-01"})")
                .status,
            200);
  auto created =
      xh.Call("POST", "/api/v1/orgs",
              R"({"name":"会城街道亲子阅读会","kind":"micro_org","region_code":"440705001000",
                             "domains":["health"],"founded_on":"2013-03-08"})");
  ASSERT_EQ(created.status, 201) << created.body;
  auto stats = xh.Json(xh.Call("GET", "/api/v1/stats/orgs?region=440705000000"));
  EXPECT_EQ(stats["region"]["by_domain"]["health"], 2);
  EXPECT_EQ(stats["region"]["by_domain"]["child_care"], 1);
  for (auto& child : stats["children"]) {
    long long direct = QueryInt(*stack_.sys,
                                "SELECT COUNT(*) FROM orgs o JOIN org_domains d ON d.org_id = o.id "
                                "WHERE d.domain = 'health' AND o.region_code >= :1 AND "
                                "o.region_code <= :2",
                                {child["region_code"].get<std::string>(),
                                 child["region_code"].get<std::string>().substr(0, 9) + "999"});
    EXPECT_EQ(child["by_domain"].value("health", 0LL), direct) << child.dump();
  }
  // Changing the domains adjusts the kept counts.
  ASSERT_EQ(xh.Call("PATCH", org_path, R"({"version":2,"domains":["child_care"]})").status, 200);
  stats = xh.Json(xh.Call("GET", "/api/v1/stats/orgs?region=440705000000"));
  EXPECT_EQ(stats["region"]["by_domain"]["health"], 1);

  auto trend = xh.Json(xh.Call("GET", "/api/v1/stats/orgs/trend?region=440705000000"));
  ASSERT_EQ(trend["founded"].size(), 2u);
  EXPECT_EQ(trend["founded"][0]["year"], "2012");
  EXPECT_EQ(trend["founded"][1]["n"], 1);
  Client ts = LoggedIn(stack_, "ts_staff");
  EXPECT_EQ(ts.Call("GET", "/api/v1/stats/orgs/trend?region=440705000000").status, 404);

  auto xlsx = xh.Call("GET", "/api/v1/stats/orgs/export.xlsx?region=440705000000");
  ASSERT_EQ(xlsx.status, 200);
  auto sheet = sheet::ReadSheet(xlsx.body);
  ASSERT_TRUE(sheet.ok()) << sheet.status().message();
  EXPECT_EQ(sheet->header[2], "合计(total)");
  EXPECT_EQ(sheet->rows[0][0].text, "440705000000");
  EXPECT_EQ(sheet->rows[0][2].text, "2");
  EXPECT_EQ(CountEvents(*stack_.sys, "org.stats_export"), 1);
}

}  // namespace
}  // namespace shuniu::testing
