// The project cycle over the API: every project transition (allowed and
// forbidden), budget pools that are never overspent (also under concurrent
// commitments), the decree No. 102 checks of a direct commission, contracts
// and payments, incomes and the 造血 summary, scope and bad input. Runs on
// SQLite, and on PostgreSQL when SHUNIU_TEST_DB is set.
#include <atomic>
#include <thread>

#include "api/harness.h"
#include "auth/password_policy.h"
#include "auth/user_service.h"
#include "core/region_code.h"
#include "org/uscc.h"

namespace shuniu::testing {
namespace {

using nlohmann::json;

constexpr const char* kJiangmen = "440700000000";
constexpr const char* kXinhui = "440705000000";
constexpr const char* kHuicheng = "440705001000";
constexpr const char* kTaishan = "440781000000";

class ProjectApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    s_ = MakeStack();
    auto& sys = *s_.sys;
    admin_id_ = MakeUser(sys, "pj.admin", Role::kAdmin, kJiangmen).id;
    xh_id_ = MakeUser(sys, "pj.xh", Role::kStaff, kXinhui).id;
    xh2_id_ = MakeUser(sys, "pj.xh2", Role::kStaff, kXinhui).id;
    MakeUser(sys, "pj.ts", Role::kStaff, kTaishan);
    MakeUser(sys, "pj.aud", Role::kAuditor, kJiangmen);
    org_a_ = MakeOrg(sys, "会城甲组织", kHuicheng);
    org_b_ = MakeOrg(sys, "会城乙组织", kHuicheng);
    MakeUser(sys, "pj.a", Role::kOrg, kHuicheng, kPassword, org_a_);
    MakeUser(sys, "pj.b", Role::kOrg, kHuicheng, kPassword, org_b_);
  }

  json Design(json extra = json::object()) {
    json b = {
        {"title", "困境儿童帮助计划"},
        {"department", "儿童部"},
        {"year", 2026},
        {"region_code", kXinhui},
        {"objectives", "为困境儿童提供帮扶"},
        {"target_groups", {"困境儿童", "留守儿童"}},
        {"beneficiaries", {{"total", 300}, {"women", 150}, {"men", 150}}},
        {"indicators", {{{"name", "服务人次"}, {"target", "300"}, {"unit", "人次"}}}},
        {"budget_lines",
         {{{"name", "人员费"}, {"amount", 6000000}}, {{"name", "活动费"}, {"amount", 4000000}}}},
        {"duration_months", 10}};
    for (auto& [k, v] : extra.items()) b[k] = v;
    return b;
  }
  long long Create(Client& c, json extra = json::object()) {
    auto r = c.Call("POST", "/api/v1/projects", Design(extra).dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return c.Json(r).value("id", 0LL);
  }
  long long Pool(Client& c, long long planned, const std::string& region = kXinhui,
                 const std::string& source = "fiscal_budget", long long year = 2026) {
    auto r = c.Call(
        "POST", "/api/v1/budget-pools",
        json{{"year", year}, {"source", source}, {"region_code", region}, {"planned", planned}}
            .dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return c.Json(r).value("id", 0LL);
  }
  http::Response Act(Client& c, long long id, const std::string& action, json body = nullptr) {
    return c.Call("POST", "/api/v1/projects/" + std::to_string(id) + "/" + action,
                  body.is_null() ? "" : body.dump());
  }
  long long Approved(Client& c, long long pool, json extra = json::object()) {
    long long id = Create(c, extra);
    EXPECT_EQ(Act(c, id, "submit").status, 200);
    auto r = Act(c, id, "approve", {{"pool_id", pool}});
    EXPECT_EQ(r.status, 200) << r.body;
    return id;
  }
  json Commission(json extra = json::object()) {
    json b = {{"reason", "该组织长期承接此项服务"},
              {"provider_org_id", org_a_},
              {"start_on", "2026-03-01"},
              {"end_on", "2027-02-28"},
              {"price", 10000000},
              {"milestones",
               {{{"name", "首期"}, {"amount", 5000000}, {"due_on", "2026-03-15"}},
                {{"name", "尾期"}, {"amount", 5000000}, {"due_on", "2027-02-20"}}}}};
    for (auto& [k, v] : extra.items()) b[k] = v;
    return b;
  }

  // The close-out a project in progress needs before it closes: the provider's
  // (org_a_) final report, accepted, and an evaluation.
  void ReadyToClose(Client& staff, long long id) {
    auto org = LoggedIn(s_, "pj.a");
    auto r = org.Call(
        "POST", "/api/v1/closeouts/" + std::to_string(id) + "/final-report",
        json{{"summary", "完成"},
             {"indicators", {{{"name", "服务人次"}, {"achieved", "320"}}}},
             {"beneficiaries", {{"women", 160}, {"men", 140}, {"by_age", {{"children", 300}}}}},
             {"spending",
              {{{"name", "人员费"}, {"spent", 6000000}}, {{"name", "活动费"}, {"spent", 3900000}}}}}
            .dump());
    ASSERT_EQ(r.status, 200) << r.body;
    r = staff.Call("POST", "/api/v1/closeouts/" + std::to_string(id) + "/final-report/accept");
    ASSERT_EQ(r.status, 200) << r.body;
    r = staff.Call("POST", "/api/v1/closeouts/" + std::to_string(id) + "/evaluation",
                   json{{"score", 90}, {"grade", "excellent"}, {"comments", "good"}}.dump());
    ASSERT_EQ(r.status, 200) << r.body;
  }

  Stack s_;
  long long admin_id_ = 0, xh_id_ = 0, xh2_id_ = 0, org_a_ = 0, org_b_ = 0;
};

// Suites per record kind (Project*, Budget*, Contract*, Income*), one fixture.
class BudgetApiTest : public ProjectApiTest {};
class ContractApiTest : public ProjectApiTest {};
class IncomeApiTest : public ProjectApiTest {};

TEST_F(ProjectApiTest, ProjectDesignStoresEveryFieldAndSumsTheBudget) {
  auto xh = LoggedIn(s_, "pj.xh");
  auto r = xh.Call("POST", "/api/v1/projects", Design({{"org_ids", {org_a_}}}).dump());
  ASSERT_EQ(r.status, 201) << r.body;
  json p = xh.Json(r);
  EXPECT_EQ(p["state"], "draft");
  EXPECT_EQ(p["budget_total"], 10000000);
  EXPECT_EQ(p["beneficiaries"]["women"], 150);
  EXPECT_EQ(p["indicators"][0]["unit"], "人次");
  EXPECT_EQ(p["org_ids"][0], org_a_);
  EXPECT_TRUE(p["channel"].is_null());
  EXPECT_EQ(CountEvents(*s_.sys, "project.create"), 1);
  // PATCH with the version; a stale version is refused.
  std::string url = "/api/v1/projects/" + std::to_string(p["id"].get<long long>());
  r = xh.Call("PATCH", url,
              json{{"version", 1}, {"budget_lines", {{{"name", "全部"}, {"amount", 123}}}}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(xh.Json(r)["budget_total"], 123);
  r = xh.Call("PATCH", url, json{{"version", 1}, {"title", "x"}}.dump());
  EXPECT_EQ(r.status, 409);
}

TEST_F(ProjectApiTest, ProjectBadInputNamesTheField) {
  auto xh = LoggedIn(s_, "pj.xh");
  struct Case {
    json extra;
    std::string field;
  } cases[] = {
      {{{"title", ""}}, "title"},
      {{{"year", 1990}}, "year"},
      {{{"budget_lines", json::array()}}, "budget_lines"},
      {{{"budget_lines", {{{"name", "人员费"}, {"amount", -5}}}}}, "budget_lines[0].amount"},
      {{{"budget_lines", {{{"name", "人员费"}, {"amount", 1.5}}}}}, "budget_lines[0].amount"},
      {{{"budget_lines", {{{"name", ""}, {"amount", 5}}}}}, "budget_lines[0].name"},
      {{{"indicators", {{{"name", "x"}}}}}, "indicators[0].target"},
      {{{"beneficiaries", {{"total", 10}, {"women", 8}, {"men", 8}}}}, "beneficiaries.total"},
      {{{"beneficiaries", {{"girls", 1}}}}, "beneficiaries.girls"},
      {{{"org_ids", {999}}}, "org_ids[0]"},
      {{{"survey_id", 12345}}, "survey_id"},
      {{{"duration_months", 0}}, "duration_months"},
      {{{"surprise", 1}}, "surprise"},
  };
  for (auto& c : cases) {
    auto r = xh.Call("POST", "/api/v1/projects", Design(c.extra).dump());
    EXPECT_EQ(r.status, 422) << c.extra.dump() << " " << r.body;
    EXPECT_EQ(ErrorField(r), c.field) << c.extra.dump();
  }
  // A region outside the caller's scope is 403.
  auto r = xh.Call("POST", "/api/v1/projects", Design({{"region_code", kTaishan}}).dump());
  EXPECT_EQ(r.status, 403);
}

TEST_F(ProjectApiTest, ProjectEveryTransitionAllowedAndForbidden) {
  auto xh = LoggedIn(s_, "pj.xh");
  long long pool = Pool(xh, 100000000000LL);
  // Each state reached, then every action tried from it.
  auto at = [&](const std::string& state) -> long long {
    long long id = Create(xh);
    if (state == "draft") return id;
    if (state == "cancelled") {
      EXPECT_EQ(Act(xh, id, "cancel").status, 200);
      return id;
    }
    EXPECT_EQ(Act(xh, id, "submit").status, 200);
    if (state == "submitted") return id;
    if (state == "returned") {
      EXPECT_EQ(Act(xh, id, "return", {{"note", "请补充指标"}}).status, 200);
      return id;
    }
    EXPECT_EQ(Act(xh, id, "approve", {{"pool_id", pool}}).status, 200);
    if (state == "approved") return id;
    EXPECT_EQ(Act(xh, id, "commission", Commission()).status, 201);
    if (state == "in_progress") return id;
    ReadyToClose(xh, id);
    EXPECT_EQ(Act(xh, id, "close").status, 200);
    return id;
  };
  const std::map<std::string, json> bodies = {{"submit", nullptr},
                                              {"return", {{"note", "退回"}}},
                                              {"approve", {{"pool_id", pool}}},
                                              {"cancel", nullptr},
                                              {"close", nullptr},
                                              {"commission", Commission()}};
  const std::map<std::string, std::map<std::string, std::string>> allowed = {
      {"draft", {{"submit", "submitted"}, {"cancel", "cancelled"}}},
      {"submitted", {{"return", "returned"}, {"approve", "approved"}, {"cancel", "cancelled"}}},
      {"returned", {{"submit", "submitted"}, {"cancel", "cancelled"}}},
      {"approved", {{"commission", "in_progress"}, {"cancel", "cancelled"}}},
      // closing needs an accepted final report and an evaluation (closeout_api_test.cpp)
      {"in_progress", {}},
      {"closed", {}},
      {"cancelled", {}}};
  for (auto& [state, ok] : allowed) {
    for (auto& [action, body] : bodies) {
      long long id = at(state);
      auto r = Act(xh, id, action, body);
      auto it = ok.find(action);
      if (it != ok.end()) {
        EXPECT_TRUE(r.status == 200 || r.status == 201) << state << " " << action << " " << r.body;
        auto g = xh.Call("GET", "/api/v1/projects/" + std::to_string(id));
        EXPECT_EQ(xh.Json(g)["state"], it->second) << state << " " << action;
      } else {
        EXPECT_EQ(r.status, 409) << state << " " << action << " " << r.body;
        std::string msg = xh.Json(r)["error"]["message"];
        EXPECT_NE(msg.find(state), std::string::npos) << msg;
        if (action != "commission") {
          EXPECT_NE(msg.find("→"), std::string::npos) << msg;
        }
      }
    }
  }
  // Editing is possible only in draft and returned.
  long long id = at("submitted");
  auto r = xh.Call("PATCH", "/api/v1/projects/" + std::to_string(id),
                   json{{"version", 2}, {"title", "改"}}.dump());
  EXPECT_EQ(r.status, 409) << r.body;
  // Cancelling an approved project releases its commitment.
  long long before = QueryInt(*s_.sys, "SELECT committed FROM budget_pools WHERE id = :1", {pool});
  id = at("approved");
  EXPECT_EQ(QueryInt(*s_.sys, "SELECT committed FROM budget_pools WHERE id = :1", {pool}),
            before + 10000000);
  EXPECT_EQ(Act(xh, id, "cancel", {{"reason", "取消"}}).status, 200);
  EXPECT_EQ(QueryInt(*s_.sys, "SELECT committed FROM budget_pools WHERE id = :1", {pool}), before);
}

TEST_F(BudgetApiTest, BudgetPoolRefusesACommitmentOverItsRemainingAmount) {
  auto xh = LoggedIn(s_, "pj.xh");
  long long pool = Pool(xh, 15000000);  // room for one 100,000-yuan project
  Approved(xh, pool);
  long long id = Create(xh);
  ASSERT_EQ(Act(xh, id, "submit").status, 200);
  auto r = Act(xh, id, "approve", {{"pool_id", pool}});
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(ErrorField(r), "pool_id");
  auto g = xh.Call("GET", "/api/v1/budget-pools/" + std::to_string(pool));
  json p = xh.Json(g);
  EXPECT_EQ(p["committed"], 10000000);
  EXPECT_EQ(p["remaining"], 5000000);
  // The planned amount cannot drop below the commitment.
  r = xh.Call("PATCH", "/api/v1/budget-pools/" + std::to_string(pool),
              json{{"version", p["version"]}, {"planned", 9000000}}.dump());
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(ErrorField(r), "planned");
  // A pool of another year or outside the project's region is refused.
  long long other = Pool(xh, 100000000, kXinhui, "fiscal_budget", 2025);
  r = Act(xh, id, "approve", {{"pool_id", other}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(ErrorField(r), "pool_id");
  // Bad pool input names the field; a duplicate (year, source, region) is 409.
  r = xh.Call("POST", "/api/v1/budget-pools",
              json{{"year", 2026}, {"source", "lottery"}, {"planned", 1}}.dump());
  EXPECT_EQ(ErrorField(r), "source");
  r = xh.Call("POST", "/api/v1/budget-pools",
              json{{"year", 2026}, {"source", "fiscal_budget"}, {"planned", -1}}.dump());
  EXPECT_EQ(ErrorField(r), "planned");
  r = xh.Call(
      "POST", "/api/v1/budget-pools",
      json{{"year", 2026}, {"source", "fiscal_budget"}, {"region_code", kXinhui}, {"planned", 1}}
          .dump());
  EXPECT_EQ(r.status, 409);
}

TEST_F(BudgetApiTest, BudgetPoolNeverOverspentUnderConcurrentCommitments) {
  auto& sys = *s_.sys;
  Principal p = sys.users->CliPrincipal("test");
  auto pool = sys.projects->CreatePool(p, 2026, "welfare_lottery", kJiangmen, "福彩", 1000000);
  ASSERT_TRUE(pool.ok());
  constexpr int kThreads = 16;
  std::vector<long long> ids;
  for (int i = 0; i < kThreads; ++i) {
    project::ProjectInput in;
    in.title = "并发项目" + std::to_string(i);
    in.department = "发展部";
    in.year = 2026;
    in.budget_lines = json::array({{{"name", "全部"}, {"amount", 70000 + i * 1000}}});
    auto pr = sys.projects->Create(p, in);
    ASSERT_TRUE(pr.ok()) << pr.status().message();
    ASSERT_TRUE(sys.projects->Submit(p, pr->id).ok());
    ids.push_back(pr->id);
  }
  std::atomic<int> ok{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (long long id : ids)
    threads.emplace_back([&, id] {
      auto r = sys.projects->Approve(p, id, pool->id);
      if (r.ok())
        ++ok;
      else if (r.status().code() == Code::kConflict && r.status().field() == "pool_id")
        ++refused;
      else
        ++other;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(other.load(), 0);
  EXPECT_GT(refused.load(), 0);
  long long committed =
      QueryInt(sys, "SELECT committed FROM budget_pools WHERE id = :1", {pool->id});
  EXPECT_LE(committed, 1000000);
  EXPECT_EQ(committed, QueryInt(sys,
                                "SELECT COALESCE(SUM(committed), 0) FROM projects WHERE pool_id = "
                                ":1 AND state = 'approved'",
                                {pool->id}));
  EXPECT_EQ(ok.load(), QueryInt(sys, "SELECT COUNT(*) FROM projects WHERE state = 'approved'"));
}

TEST_F(BudgetApiTest, BudgetSummarySumsEqualTheRecords) {
  auto admin = LoggedIn(s_, "pj.admin");
  long long a = Pool(admin, 50000000, kXinhui, "fiscal_budget");
  Pool(admin, 20000000, kXinhui, "donations");
  Pool(admin, 30000000, kTaishan, "fiscal_budget");
  Pool(admin, 7000000, kJiangmen, "fiscal_budget", 2025);
  long long id = Approved(admin, a);
  ASSERT_EQ(Act(admin, id, "commission", Commission()).status, 201);
  auto r = admin.Call("GET", "/api/v1/budget-pools/summary?year=2026");
  ASSERT_EQ(r.status, 200) << r.body;
  json s = admin.Json(r);
  EXPECT_EQ(s["total"]["planned"], 100000000);
  EXPECT_EQ(s["total"]["committed"], 10000000);
  EXPECT_EQ(s["total"]["remaining"], 90000000);
  long long sum = 0;
  for (auto& x : s["by_source"]) sum += x["planned"].get<long long>();
  EXPECT_EQ(sum, QueryInt(*s_.sys, "SELECT SUM(planned) FROM budget_pools WHERE year = 2026"));
  sum = 0;
  for (auto& x : s["by_region"]) sum += x["planned"].get<long long>();
  EXPECT_EQ(sum, 100000000);
  // Staff of 新会区 see only their subtree.
  auto xh = LoggedIn(s_, "pj.xh");
  r = xh.Call("GET", "/api/v1/budget-pools/summary?year=2026");
  EXPECT_EQ(xh.Json(r)["total"]["planned"], 70000000);
  r = xh.Call("GET", "/api/v1/budget-pools/summary?region=" + std::string(kTaishan));
  EXPECT_EQ(r.status, 403);
}

TEST_F(BudgetApiTest, ANationalAdminSeesTheCountrysFigures) {
  auto admin = LoggedIn(s_, "pj.admin");
  long long a = Pool(admin, 50000000, kXinhui, "fiscal_budget");
  Pool(admin, 30000000, kTaishan, "donations");
  long long id = Approved(admin, a);
  ASSERT_EQ(Act(admin, id, "commission", Commission()).status, 201);
  // An account of the whole country, as a national deployment grants it.
  auto profile = auth::ParseProfile("asvs");
  ASSERT_TRUE(profile.ok());
  auth::UserService national(*s_.sys->db, *profile, kNationalRoot, *s_.sys->sessions);
  ASSERT_TRUE(national
                  .Create(national.CliPrincipal("test"),
                          auth::NewUser{"pj.nation", "全国 管理员", Role::kAdmin, kNationalRoot,
                                        kPassword, false, std::nullopt})
                  .ok());
  auto nation = LoggedIn(s_, "pj.nation");
  // Its default region is the country; every figure equals the records.
  auto r = nation.Call("GET", "/api/v1/budget-pools/summary?year=2026");
  ASSERT_EQ(r.status, 200) << r.body;
  json s = nation.Json(r);
  EXPECT_EQ(s["total"]["planned"],
            QueryInt(*s_.sys, "SELECT SUM(planned) FROM budget_pools WHERE year = 2026"));
  EXPECT_EQ(s["total"]["committed"], 10000000);
  r = nation.Call("GET",
                  std::string("/api/v1/budget-pools/summary?year=2026&region=") + kNationalRoot);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(nation.Json(r)["total"]["planned"], 80000000);
  r = nation.Call("GET", "/api/v1/projects");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(nation.Json(r)["total"], 1);
  EXPECT_EQ(nation.Call("GET", "/api/v1/incomes/summary").status, 200);
  EXPECT_EQ(nation.Call("GET", "/api/v1/risks").status, 200);
  // A city admin still cannot ask for the country.
  r = admin.Call("GET", std::string("/api/v1/budget-pools/summary?region=") + kNationalRoot);
  EXPECT_EQ(r.status, 403) << r.body;
}

TEST_F(ContractApiTest, ContractDecree102Checks) {
  auto xh = LoggedIn(s_, "pj.xh");
  long long pool = Pool(xh, 100000000);
  // No purchase without a budget: a project not approved into a pool.
  long long draft = Create(xh);
  ASSERT_EQ(Act(xh, draft, "submit").status, 200);
  auto r = Act(xh, draft, "commission", Commission());
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(xh.Json(r)["error"]["message"].get<std::string>().find("submitted"), std::string::npos);
  long long id = Approved(xh, pool);
  struct Case {
    json extra;
    std::string field;
  } cases[] = {
      // term over one year, not a stable service
      {{{"end_on", "2027-03-01"}}, "end_on"},
      // stable service without the reason
      {{{"end_on", "2028-02-28"}, {"stable_service", true}}, "term_reason"},
      // over three years even for a stable service
      {{{"end_on", "2029-03-01"}, {"stable_service", true}, {"term_reason", "长期稳定服务"}},
       "end_on"},
      {{{"end_on", "2026-02-01"}}, "end_on"},
      {{{"start_on", "2026-02-30"}}, "start_on"},
      {{{"reason", ""}}, "reason"},
      {{{"price", 20000000}}, "price"},
      {{{"milestones", {{{"name", "一"}, {"amount", 100}, {"due_on", "2026-03-15"}}}}},
       "milestones"},
      {{{"milestones", {{{"name", "一"}, {"amount", 10000000}, {"due_on", "x"}}}}},
       "milestones[0].due_on"},
      // purchaser and provider are the same body
      {{{"purchaser_org_id", org_a_}}, "provider_org_id"},
      {{{"purchaser_name", "会城甲组织"}}, "provider_org_id"},
      {{{"provider_org_id", 424242}}, "provider_org_id"},
  };
  for (auto& c : cases) {
    r = Act(xh, id, "commission", Commission(c.extra));
    EXPECT_EQ(r.status, 422) << c.extra.dump() << " " << r.body;
    EXPECT_EQ(ErrorField(r), c.field) << c.extra.dump() << " " << r.body;
  }
  // Ineligible providers: abnormal, deregistered, a registered kind without a valid USCC.
  auto& sys = *s_.sys;
  long long abnormal = MakeOrg(sys, "异常组织", kHuicheng);
  ASSERT_TRUE(ExecSql(sys, "UPDATE orgs SET status = 'abnormal' WHERE id = :1", {abnormal}).ok());
  long long gone = MakeOrg(sys, "注销组织", kHuicheng);
  ASSERT_TRUE(ExecSql(sys, "UPDATE orgs SET status = 'deregistered' WHERE id = :1", {gone}).ok());
  long long nocode = MakeOrg(sys, "无代码社团", kHuicheng);
  ASSERT_TRUE(ExecSql(sys,
                      "UPDATE orgs SET kind = 'association', registered = 1, uscc = NULL "
                      "WHERE id = :1",
                      {nocode})
                  .ok());
  long long badcode = MakeOrg(sys, "错码社团", kHuicheng);
  ASSERT_TRUE(ExecSql(sys,
                      "UPDATE orgs SET kind = 'association', registered = 1, "
                      "uscc = '51440700MJ0000000X' WHERE id = :1",
                      {badcode})
                  .ok());
  for (long long bad : {abnormal, gone, nocode, badcode}) {
    r = Act(xh, id, "commission", Commission({{"provider_org_id", bad}}));
    EXPECT_EQ(r.status, 422) << bad << " " << r.body;
    EXPECT_EQ(ErrorField(r), "provider_org_id");
  }
  // A registered provider with a valid code is eligible; a 3-year stable service with a reason.
  std::string first17 = "51440700MJ0000001";
  std::string good = first17 + org::UsccCheckChar(first17);
  ASSERT_TRUE(ExecSql(sys, "UPDATE orgs SET uscc = :1 WHERE id = :2", {good, badcode}).ok());
  r = Act(xh, id, "commission",
          Commission({{"provider_org_id", badcode},
                      {"end_on", "2029-02-28"},
                      {"stable_service", true},
                      {"term_reason", "长期稳定的基本公共服务"}}));
  ASSERT_EQ(r.status, 201) << r.body;
  json k = xh.Json(r);
  EXPECT_EQ(k["channel"], "direct");
  EXPECT_EQ(k["purchaser_name"], "新会区妇联");
  EXPECT_EQ(k["milestones"].size(), 2u);
  auto g = xh.Call("GET", "/api/v1/projects/" + std::to_string(id));
  EXPECT_EQ(xh.Json(g)["state"], "in_progress");
  EXPECT_EQ(xh.Json(g)["contract_id"], k["id"]);
  EXPECT_EQ(CountEvents(sys, "contract.create"), 1);
}

// Payments (second approver, incomes, pool figures) are released through
// tranches only: see tests/api/supervision_api_test.cpp.
TEST_F(ContractApiTest, ContractHasNoDirectPaymentRoute) {
  auto xh = LoggedIn(s_, "pj.xh");
  long long pool = Pool(xh, 100000000);
  long long id = Approved(xh, pool);
  auto r = Act(xh, id, "commission", Commission());
  ASSERT_EQ(r.status, 201) << r.body;
  json k = xh.Json(r);
  r = xh.Call("POST", "/api/v1/contracts/" + std::to_string(k["id"].get<long long>()) + "/payments",
              json{{"milestone_id", k["milestones"][0]["id"]},
                   {"amount", 1},
                   {"paid_on", "2026-03-20"},
                   {"approver_id", xh2_id_}}
                  .dump());
  EXPECT_TRUE(r.status == 404 || r.status == 405) << r.status;
  EXPECT_EQ(QueryInt(*s_.sys, "SELECT COUNT(*) FROM contract_payments"), 0);
}

TEST_F(ProjectApiTest, ProjectScopeSiblingStaffSee404) {
  auto xh = LoggedIn(s_, "pj.xh");
  long long pool = Pool(xh, 100000000);
  long long id = Approved(xh, pool);
  auto r = Act(xh, id, "commission", Commission());
  long long contract = xh.Json(r)["id"];
  auto ts = LoggedIn(s_, "pj.ts");
  EXPECT_EQ(ts.Call("GET", "/api/v1/projects/" + std::to_string(id)).status, 404);
  EXPECT_EQ(Act(ts, id, "close").status, 404);
  EXPECT_EQ(ts.Call("GET", "/api/v1/budget-pools/" + std::to_string(pool)).status, 404);
  EXPECT_EQ(ts.Call("GET", "/api/v1/contracts/" + std::to_string(contract)).status, 404);
  EXPECT_EQ(ts.Json(ts.Call("GET", "/api/v1/projects"))["total"], 0);
  EXPECT_EQ(ts.Json(ts.Call("GET", "/api/v1/budget-pools"))["total"], 0);
  EXPECT_EQ(ts.Json(ts.Call("GET", "/api/v1/contracts"))["total"], 0);
  // Org accounts do not read projects.
  auto org = LoggedIn(s_, "pj.a");
  EXPECT_EQ(org.Call("GET", "/api/v1/projects").status, 403);
}

TEST_F(IncomeApiTest, IncomeManualEntriesAndTheMix) {
  auto org = LoggedIn(s_, "pj.a");
  auto add = [&](Client& c, json b) { return c.Call("POST", "/api/v1/incomes", b.dump()); };
  auto r = add(org, {{"received_on", "2026-04-01"}, {"amount", 50000}, {"source", "donations"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(org.Json(r)["org_id"], org_a_);
  r = add(
      org,
      {{"org_id", org_b_}, {"received_on", "2026-04-01"}, {"amount", 1}, {"source", "donations"}});
  EXPECT_EQ(r.status, 403);
  r = add(org, {{"received_on", "2026-04-31"}, {"amount", 1}, {"source", "donations"}});
  EXPECT_EQ(ErrorField(r), "received_on");
  r = add(org, {{"received_on", "2026-04-01"}, {"amount", 0}, {"source", "donations"}});
  EXPECT_EQ(ErrorField(r), "amount");
  r = add(org, {{"received_on", "2026-04-01"}, {"amount", 1}, {"source", "lottery"}});
  EXPECT_EQ(ErrorField(r), "source");
  auto xh = LoggedIn(s_, "pj.xh");
  r = add(xh, {{"org_id", org_b_},
               {"received_on", "2026-05-01"},
               {"amount", 150000},
               {"source", "service_fees"}});
  ASSERT_EQ(r.status, 201) << r.body;
  r = add(xh, {{"org_id", org_a_},
               {"received_on", "2025-05-01"},
               {"amount", 200000},
               {"source", "government_purchase"}});
  ASSERT_EQ(r.status, 201) << r.body;
  auto ts = LoggedIn(s_, "pj.ts");
  r = add(ts,
          {{"org_id", org_a_}, {"received_on", "2026-05-01"}, {"amount", 1}, {"source", "other"}});
  EXPECT_EQ(r.status, 403);
  auto aud = LoggedIn(s_, "pj.aud");
  r = add(aud,
          {{"org_id", org_a_}, {"received_on", "2026-05-01"}, {"amount", 1}, {"source", "other"}});
  EXPECT_EQ(r.status, 403);
  // The mix: totals per source equal the records; the non-government share.
  r = xh.Call("GET", "/api/v1/incomes/summary?region=" + std::string(kHuicheng));
  ASSERT_EQ(r.status, 200) << r.body;
  json s = xh.Json(r);
  EXPECT_EQ(s["total"], QueryInt(*s_.sys, "SELECT SUM(amount) FROM incomes"));
  EXPECT_EQ(s["government"], 200000);
  EXPECT_EQ(s["non_government"], 200000);
  EXPECT_DOUBLE_EQ(s["non_government_share"].get<double>(), 0.5);
  long long sum = 0;
  for (auto& x : s["by_source"]) sum += x["amount"].get<long long>();
  EXPECT_EQ(sum, 400000);
  r = xh.Call("GET", "/api/v1/incomes/summary?year=2026");
  EXPECT_EQ(xh.Json(r)["total"], 200000);
  // The org account sees its own mix only.
  r = org.Call("GET", "/api/v1/incomes/summary");
  EXPECT_EQ(org.Json(r)["total"], 250000);
  EXPECT_EQ(org.Json(org.Call("GET", "/api/v1/incomes"))["total"], 2);
  EXPECT_EQ(ts.Json(ts.Call("GET", "/api/v1/incomes"))["total"], 0);
}

// The demo on a fresh system (the demo organizations are made only on an empty base).
TEST(ProjectDemoTest, ProjectDemoLoadsTheSeedListIdempotently) {
  Stack stack = MakeDemoStack();
  auto& sys = *stack.sys;
  Result<std::vector<app::DemoAccount>> accounts = DemoAccounts();
  ASSERT_TRUE(accounts.ok()) << accounts.status().message();
  long long projects = QueryInt(sys, "SELECT COUNT(*) FROM projects");
  // The competitions' funded entries (competition_demo.cpp) are counted there.
  EXPECT_EQ(QueryInt(sys, "SELECT COUNT(*) FROM projects WHERE channel <> 'competition'"), 18);
  EXPECT_EQ(QueryInt(sys,
                     "SELECT SUM(budget_total) FROM projects WHERE year IN (2014, 2015) "
                     "AND pool_id IN (SELECT id FROM budget_pools WHERE source = "
                     "'fiscal_budget')"),
            200000000);
  EXPECT_EQ(QueryInt(sys,
                     "SELECT SUM(budget_total) FROM projects WHERE pool_id IN (SELECT id "
                     "FROM budget_pools WHERE source = 'livelihood')"),
            125000000);
  long long incomes = QueryInt(sys, "SELECT COUNT(*) FROM incomes");
  ASSERT_TRUE(app::LoadDemo(sys).ok());
  EXPECT_EQ(QueryInt(sys, "SELECT COUNT(*) FROM projects"), projects);
  EXPECT_EQ(QueryInt(sys, "SELECT COUNT(*) FROM incomes"), incomes);
  EXPECT_EQ(QueryInt(sys, "SELECT SUM(disbursed) FROM budget_pools"),
            QueryInt(sys, "SELECT SUM(amount) FROM contract_payments"));
}

}  // namespace
}  // namespace shuniu::testing
