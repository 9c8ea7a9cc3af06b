// Close-out and promotion over the API: final report, evaluation and close
// transitions (allowed and forbidden), brand projects and public cases (public
// fields only), re-funding, the purchase list parsed back, the finance rollup
// equal to direct sums after a mix of writes, scope and bad input. Runs on
// SQLite, and on PostgreSQL when SHUNIU_TEST_DB is set.
#include <map>
#include <set>
#include <tuple>

#include "api/harness.h"
#include "core/region_code.h"
#include "sheet/reader.h"

namespace shuniu::testing {
namespace {

using nlohmann::json;

constexpr const char* kJiangmen = "440700000000";
constexpr const char* kXinhui = "440705000000";
constexpr const char* kHuicheng = "440705001000";
constexpr const char* kTaishan = "440781000000";

class CloseoutApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    s_ = MakeStack();
    auto& sys = *s_.sys;
    MakeUser(sys, "co.admin", Role::kAdmin, kJiangmen);
    approver_ = MakeUser(sys, "co.xh", Role::kStaff, kXinhui).id;
    xh2_ = MakeUser(sys, "co.xh2", Role::kStaff, kXinhui).id;
    MakeUser(sys, "co.ts", Role::kStaff, kTaishan);
    MakeUser(sys, "co.aud", Role::kAuditor, kJiangmen);
    org_a_ = MakeOrg(sys, "会城甲组织", kHuicheng);
    org_b_ = MakeOrg(sys, "会城乙组织", kHuicheng);
    MakeUser(sys, "co.a", Role::kOrg, kHuicheng, kPassword, org_a_);
    MakeUser(sys, "co.b", Role::kOrg, kHuicheng, kPassword, org_b_);
  }

  std::string P(long long id, const std::string& tail = "") {
    return "/api/v1/closeouts/" + std::to_string(id) + tail;
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

  // A project approved into `pool`; commissioned to org_a_ when `commission`.
  long long Project(Client& c, long long pool, bool commission = true,
                    const std::string& region = kXinhui, long long year = 2026) {
    json b = {
        {"title", "反家暴示范点"},
        {"department", "权益部"},
        {"year", year},
        {"region_code", region},
        {"indicators",
         {{{"name", "服务人次"}, {"target", "300"}, {"unit", "人次"}},
          {{"name", "开展活动"}, {"target", "12"}, {"unit", "场"}}}},
        {"budget_lines",
         {{{"name", "人员费"}, {"amount", 600000}}, {{"name", "活动费"}, {"amount", 400000}}}}};
    auto r = c.Call("POST", "/api/v1/projects", b.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    long long id = c.Json(r).value("id", 0LL);
    std::string base = "/api/v1/projects/" + std::to_string(id);
    EXPECT_EQ(c.Call("POST", base + "/submit").status, 200);
    r = c.Call("POST", base + "/approve", json{{"pool_id", pool}}.dump());
    EXPECT_EQ(r.status, 200) << r.body;
    if (!commission) return id;
    r = c.Call("POST", base + "/commission",
               json{{"reason", "长期承接"},
                    {"provider_org_id", org_a_},
                    {"start_on", std::to_string(year) + "-03-01"},
                    {"end_on", std::to_string(year) + "-12-31"},
                    {"price", 1000000},
                    {"milestones",
                     {{{"name", "首期"}, {"amount", 500000}, {"due_on", "2026-03-15"}},
                      {{"name", "尾期"}, {"amount", 500000}, {"due_on", "2026-12-20"}}}}}
                   .dump());
    EXPECT_EQ(r.status, 201) << r.body;
    json k = c.Json(r);
    contract_ = k.value("id", 0LL);
    milestones_.clear();
    for (auto& m : k["milestones"]) milestones_.push_back(m["id"]);
    return id;
  }

  json Report(json extra = json::object()) {
    json b = {
        {"summary", "项目顺利完成，建立示范点3个"},
        {"indicators",
         {{{"name", "服务人次"}, {"achieved", "320"}}, {{"name", "开展活动"}, {"achieved", 12}}}},
        {"beneficiaries",
         {{"women", 280},
          {"men", 40},
          {"by_age", {{"children", 40}, {"youth", 100}, {"middle_aged", 150}, {"elderly", 30}}}}},
        {"spending",
         {{{"name", "人员费"}, {"spent", 600000}}, {{"name", "活动费"}, {"spent", 380000}}}}};
    for (auto& [k, v] : extra.items()) b[k] = v;
    return b;
  }

  json Evaluation() { return {{"score", 92}, {"grade", "excellent"}, {"comments", "成效显著"}}; }

  // in progress → report accepted → evaluated → closed.
  void Close(Client& staff, Client& org, long long id) {
    ASSERT_EQ(org.Call("POST", P(id, "/final-report"), Report().dump()).status, 200);
    ASSERT_EQ(staff.Call("POST", P(id, "/final-report/accept")).status, 200);
    ASSERT_EQ(staff.Call("POST", P(id, "/evaluation"), Evaluation().dump()).status, 200);
    auto r = staff.Call("POST", "/api/v1/projects/" + std::to_string(id) + "/close");
    ASSERT_EQ(r.status, 200) << r.body;
  }

  Stack s_;
  long long approver_ = 0, xh2_ = 0, org_a_ = 0, org_b_ = 0, contract_ = 0;
  std::vector<long long> milestones_;
};

TEST_F(CloseoutApiTest, ReportEvaluationAndCloseTransitions) {
  auto xh = LoggedIn(s_, "co.xh");
  auto org = LoggedIn(s_, "co.a");
  long long pool = Pool(xh, 100000000);
  long long id = Project(xh, pool);
  std::string close = "/api/v1/projects/" + std::to_string(id) + "/close";
  // Nothing yet: no review, no evaluation, no close.
  auto r = xh.Call("POST", P(id, "/final-report/accept"));
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(xh.Call("POST", P(id, "/evaluation"), Evaluation().dump()).status, 409);
  r = xh.Call("POST", close);
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(xh.Json(r)["error"]["message"].get<std::string>().find("final report"),
            std::string::npos);
  // Submitted → returned → resubmitted → accepted.
  r = org.Call("POST", P(id, "/final-report"), Report().dump());
  ASSERT_EQ(r.status, 200) << r.body;
  json d = org.Json(r);
  EXPECT_EQ(d["final_report"]["state"], "submitted");
  EXPECT_EQ(d["final_report"]["beneficiaries"]["total"], 320);
  EXPECT_EQ(d["final_report"]["spending"][1]["difference"], 20000);
  EXPECT_EQ(d["final_report"]["spent_total"], 980000);
  EXPECT_EQ(d["final_report"]["indicators"][1]["achieved"], "12");
  EXPECT_EQ(org.Call("POST", P(id, "/final-report"), Report().dump()).status, 409);
  EXPECT_EQ(xh.Call("POST", P(id, "/final-report/return"), "{}").status, 422);
  r = xh.Call("POST", P(id, "/final-report/return"), json{{"note", "请补充照片"}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(xh.Json(r)["final_report"]["state"], "returned");
  EXPECT_EQ(xh.Call("POST", P(id, "/final-report/accept")).status, 409);
  EXPECT_EQ(org.Call("POST", P(id, "/final-report"), Report().dump()).status, 200);
  EXPECT_EQ(xh.Call("POST", P(id, "/final-report/accept")).status, 200);
  EXPECT_EQ(xh.Call("POST", P(id, "/final-report/accept")).status, 409);
  EXPECT_EQ(xh.Call("POST", P(id, "/final-report/return"), json{{"note", "x"}}.dump()).status, 409);
  // Accepted but not evaluated: still no close.
  r = xh.Call("POST", close);
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(xh.Json(r)["error"]["message"].get<std::string>().find("evaluation"),
            std::string::npos);
  EXPECT_EQ(xh.Call("POST", P(id, "/evaluation"), Evaluation().dump()).status, 200);
  // Re-evaluating before the close is allowed.
  r = xh.Call("POST", P(id, "/evaluation"),
              json{{"score", 88}, {"grade", "good"}, {"comments", "较好"}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(xh.Json(r)["evaluation"]["score"], 88);
  // Brand before the close is refused; the close goes through.
  EXPECT_EQ(xh.Call("POST", P(id, "/brand")).status, 409);
  r = xh.Call("POST", close);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(xh.Json(r)["state"], "closed");
  // Closed: no more report, evaluation or close.
  EXPECT_EQ(org.Call("POST", P(id, "/final-report"), Report().dump()).status, 409);
  EXPECT_EQ(xh.Call("POST", P(id, "/evaluation"), Evaluation().dump()).status, 409);
  EXPECT_EQ(xh.Call("POST", close).status, 409);
  // A case needs the brand first; the brand once.
  EXPECT_EQ(xh.Call("POST", P(id, "/case"), json{{"title", "t"}, {"summary", "s"}}.dump()).status,
            409);
  EXPECT_EQ(xh.Call("POST", P(id, "/brand"), json{{"note", "示范"}}.dump()).status, 200);
  EXPECT_EQ(xh.Call("POST", P(id, "/brand")).status, 409);
  EXPECT_EQ(xh.Call("POST", P(id, "/case/unpublish")).status, 409);
  // Every step audited.
  auto& sys = *s_.sys;
  EXPECT_EQ(CountEvents(sys, "final_report.submit"), 2);
  EXPECT_EQ(CountEvents(sys, "final_report.accept"), 1);
  EXPECT_EQ(CountEvents(sys, "final_report.return"), 1);
  EXPECT_EQ(CountEvents(sys, "project.evaluate"), 2);
  EXPECT_EQ(CountEvents(sys, "project.close"), 1);
  EXPECT_EQ(CountEvents(sys, "project.brand"), 1);
  // The staff list shows it.
  r = xh.Call("GET", "/api/v1/closeouts?state=closed");
  ASSERT_EQ(r.status, 200) << r.body;
  json list = xh.Json(r);
  ASSERT_EQ(list["total"], 1);
  EXPECT_EQ(list["items"][0]["report_state"], "accepted");
  EXPECT_EQ(list["items"][0]["score"], 88);
  EXPECT_EQ(list["items"][0]["brand"], true);
}

TEST_F(CloseoutApiTest, PublicCaseShowsOnlyPublicFields) {
  auto xh = LoggedIn(s_, "co.xh");
  auto org = LoggedIn(s_, "co.a");
  long long id = Project(xh, Pool(xh, 100000000));
  Close(xh, org, id);
  ASSERT_EQ(xh.Call("POST", P(id, "/brand")).status, 200);
  auto r = xh.Call("POST", P(id, "/case"),
                   json{{"title", "反家暴示范点：社区联动"}, {"summary", "建立三个示范点"}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  long long case_id = xh.Json(r)["brand"]["case_id"];
  EXPECT_TRUE(xh.Json(r)["brand"]["published"].get<bool>());
  Client anon(*s_.app);
  r = anon.Call("GET", "/api/v1/public/cases");
  ASSERT_EQ(r.status, 200) << r.body;
  json list = anon.Json(r);
  ASSERT_EQ(list["total"], 1);
  const std::set<std::string> allowed = {
      "id",   "title",       "summary",     "photos",     "published_at",
      "year", "region_code", "region_name", "department", "provider_name"};
  for (auto& [k, v] : list["items"][0].items()) EXPECT_TRUE(allowed.count(k)) << k;
  EXPECT_EQ(list["items"][0]["title"], "反家暴示范点：社区联动");
  EXPECT_EQ(list["items"][0]["provider_name"], "会城甲组织");
  r = anon.Call("GET", "/api/v1/public/cases/" + std::to_string(case_id));
  ASSERT_EQ(r.status, 200) << r.body;
  json one = anon.Json(r);
  for (auto& [k, v] : one.items()) EXPECT_TRUE(allowed.count(k)) << k;
  for (const char* secret : {"score", "comments", "spending", "880000", "成效显著"})
    EXPECT_EQ(r.body.find(secret), std::string::npos) << secret;
  // The project id is not a case id.
  EXPECT_EQ(anon.Call("GET", "/api/v1/public/cases/" + std::to_string(id)).status, 404);
  // Unpublished: gone from the public pages.
  ASSERT_EQ(xh.Call("POST", P(id, "/case/unpublish")).status, 200);
  EXPECT_EQ(anon.Call("GET", "/api/v1/public/cases/" + std::to_string(case_id)).status, 404);
  EXPECT_EQ(anon.Json(anon.Call("GET", "/api/v1/public/cases"))["total"], 0);
  EXPECT_EQ(CountEvents(*s_.sys, "case.publish"), 1);
  EXPECT_EQ(CountEvents(*s_.sys, "case.unpublish"), 1);
  // Photos must be images in scope.
  r = xh.Call("POST", P(id, "/case"),
              json{{"title", "t"}, {"summary", "s"}, {"photo_ids", {12345}}}.dump());
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(ErrorField(r), "photo_ids[0]");
}

TEST_F(CloseoutApiTest, RefundCopiesTheClosedProjectOnce) {
  auto xh = LoggedIn(s_, "co.xh");
  auto org = LoggedIn(s_, "co.a");
  long long id = Project(xh, Pool(xh, 100000000));
  std::string refund = "/api/v1/projects/" + std::to_string(id) + "/refund";
  auto r = xh.Call("POST", refund);
  EXPECT_EQ(r.status, 409) << r.body;  // in progress
  Close(xh, org, id);
  r = xh.Call("POST", refund);
  ASSERT_EQ(r.status, 201) << r.body;
  json n = xh.Json(r);
  EXPECT_EQ(n["state"], "draft");
  EXPECT_EQ(n["year"], 2027);
  EXPECT_EQ(n["title"], "反家暴示范点");
  EXPECT_EQ(n["budget_total"], 1000000);
  EXPECT_EQ(n["indicators"].size(), 2u);
  EXPECT_EQ(n["budget_lines"][1]["amount"], 400000);
  EXPECT_TRUE(n["pool_id"].is_null());
  EXPECT_EQ(n["committed"], 0);
  EXPECT_EQ(xh.Call("POST", refund).status, 409);
  r = xh.Call("GET", P(id));
  EXPECT_EQ(xh.Json(r)["refunded_to"], n["id"]);
  r = xh.Call("GET", P(n["id"].get<long long>()));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(xh.Json(r)["refunded_from"], id);
  EXPECT_EQ(CountEvents(*s_.sys, "project.refund"), 1);
  // The new draft moves through the cycle like any other.
  r = xh.Call("POST", "/api/v1/projects/" + std::to_string(n["id"].get<long long>()) + "/submit");
  EXPECT_EQ(r.status, 200) << r.body;
  // Out of scope: 404; org accounts: 403.
  auto ts = LoggedIn(s_, "co.ts");
  EXPECT_EQ(ts.Call("POST", refund).status, 404);
  EXPECT_EQ(org.Call("POST", refund).status, 403);
}

TEST_F(CloseoutApiTest, PurchaseListParsesBack) {
  auto xh = LoggedIn(s_, "co.xh");
  long long pool = Pool(xh, 100000000);
  Project(xh, pool);
  auto paid = PayMilestone(*s_.sys, contract_, milestones_[0], 500000, xh2_);
  ASSERT_TRUE(paid.ok()) << paid.status().message();
  Project(xh, pool, false);  // approved only: no purchase yet
  auto r = xh.Call("GET", "/api/v1/projects/purchases.xlsx?year=2026");
  ASSERT_EQ(r.status, 200) << r.body;
  auto sheet = sheet::ReadSheet(r.body);
  ASSERT_TRUE(sheet.ok()) << sheet.status().message();
  ASSERT_EQ(sheet->header.size(), 9u);
  EXPECT_EQ(sheet->header[0], "项目 Project");
  ASSERT_EQ(sheet->rows.size(), 1u);
  std::vector<std::string> row;
  for (auto& c : sheet->rows[0]) row.push_back(c.text);
  EXPECT_EQ(row, (std::vector<std::string>{
                     "反家暴示范点", "新会区", "委托", "会城甲组织",
                     QueryStr(*s_.sys, "SELECT uscc FROM orgs WHERE id = :1", {org_a_}), "10000.00",
                     "2026-03-01 ~ 2026-12-31", "5000.00", "财政预算"}));
  EXPECT_EQ(ErrorField(xh.Call("GET", "/api/v1/projects/purchases.xlsx")), "year");
  EXPECT_EQ(ErrorField(xh.Call("GET", "/api/v1/projects/purchases.xlsx?year=abc")), "year");
  // Another year, another scope: empty.
  auto rows = [](const http::Response& res) -> long long {
    auto sh = sheet::ReadSheet(res.body);
    EXPECT_TRUE(sh.ok()) << res.status << " " << sh.status().message();
    return sh.ok() ? static_cast<long long>(sh->rows.size()) : -1;
  };
  EXPECT_EQ(rows(xh.Call("GET", "/api/v1/projects/purchases.xlsx?year=2025")), 0);
  auto ts = LoggedIn(s_, "co.ts");
  EXPECT_EQ(rows(ts.Call("GET", "/api/v1/projects/purchases.xlsx?year=2026")), 0);
  EXPECT_EQ(LoggedIn(s_, "co.a").Call("GET", "/api/v1/projects/purchases.xlsx?year=2026").status,
            403);
}

// Direct sums per (region at every level, year, source) from the records.
std::map<std::tuple<std::string, long long, std::string>, std::array<long long, 3>> DirectSums(
    app::System& sys) {
  std::map<std::tuple<std::string, long long, std::string>, std::array<long long, 3>> out;
  auto add = [&](const std::string& code, long long year, const std::string& source, int k,
                 long long v) {
    std::vector<std::string> path = AncestorCodes(code, true);
    path.push_back("000000000000");
    for (auto& a : path) out[{a, year, source}][k] += v;
  };
  Status st = sys.db->Read([&](db::Conn& c) -> Status {
    auto pools = c.Query("SELECT region_code, year, source, planned FROM budget_pools");
    if (!pools.ok()) return pools.status();
    for (auto& r : *pools) add(r.Str(0), r.Int(1), r.Str(2), 0, r.Int(3));
    auto projects = c.Query(
        "SELECT b.region_code, b.year, b.source, p.committed FROM projects p JOIN budget_pools b "
        "ON b.id = p.pool_id");
    if (!projects.ok()) return projects.status();
    for (auto& r : *projects) add(r.Str(0), r.Int(1), r.Str(2), 1, r.Int(3));
    auto pays = c.Query(
        "SELECT b.region_code, b.year, b.source, x.amount FROM contract_payments x JOIN contracts "
        "k ON k.id = x.contract_id JOIN projects p ON p.id = k.project_id JOIN budget_pools b ON "
        "b.id = p.pool_id");
    if (!pays.ok()) return pays.status();
    for (auto& r : *pays) add(r.Str(0), r.Int(1), r.Str(2), 2, r.Int(3));
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.message();
  return out;
}

TEST_F(CloseoutApiTest, RollupEqualsDirectSumsAfterMixedWrites) {
  auto admin = LoggedIn(s_, "co.admin");
  auto xh = LoggedIn(s_, "co.xh");
  auto& sys = *s_.sys;
  long long city = Pool(admin, 90000000, kJiangmen);
  long long xh_pool = Pool(xh, 50000000, kXinhui, "donations");
  long long hc_pool = Pool(xh, 30000000, kHuicheng, "fiscal_budget", 2025);
  Pool(admin, 7000000, kTaishan, "welfare_lottery");
  // Approvals, a cancellation that releases, commissions and payments.
  long long a = Project(admin, city, true, kXinhui);
  long long pay_contract = contract_;
  std::vector<long long> ms = milestones_;
  Project(xh, xh_pool, true, kHuicheng);
  long long c2 = contract_;
  long long cancelled = Project(xh, xh_pool, false, kXinhui);
  ASSERT_EQ(xh.Call("POST", "/api/v1/projects/" + std::to_string(cancelled) + "/cancel").status,
            200);
  Project(xh, hc_pool, false, kHuicheng, 2025);
  auto pay = [&](long long contract, long long milestone, long long amount) {
    auto paid = PayMilestone(sys, contract, milestone, amount, approver_, "2026-04-01");
    ASSERT_TRUE(paid.ok()) << paid.status().message();
  };
  pay(pay_contract, ms[0], 300000);
  pay(pay_contract, ms[0], 200000);
  pay(c2, milestones_[1], 123456);
  // A pool's planned amount changes.
  auto r = admin.Call("GET", "/api/v1/budget-pools/" + std::to_string(city));
  ASSERT_EQ(admin
                .Call("PATCH", "/api/v1/budget-pools/" + std::to_string(city),
                      json{{"version", admin.Json(r)["version"]}, {"planned", 95000000}}.dump())
                .status,
            200);
  // Another payment path (e.g. tranches) that only inserts a payment row.
  ASSERT_TRUE(ExecSql(sys,
                      "INSERT INTO contract_payments (id, contract_id, milestone_id, amount, "
                      "paid_on, note, recorded_by_name, approved_by_name, created_at) VALUES "
                      "(777, :1, :2, 1000, '2026-05-01', 'tranche', 't', 't', 0)",
                      {c2, milestones_[1]})
                  .ok());
  // …and one that is corrected and one removed.
  ASSERT_TRUE(ExecSql(sys, "UPDATE contract_payments SET amount = 2500 WHERE id = 777").ok());
  ASSERT_TRUE(ExecSql(sys,
                      "INSERT INTO contract_payments (id, contract_id, milestone_id, amount, "
                      "paid_on, note, recorded_by_name, approved_by_name, created_at) VALUES "
                      "(778, :1, :2, 999, '2026-05-02', 'x', 't', 't', 0)",
                      {pay_contract, ms[1]})
                  .ok());
  ASSERT_TRUE(ExecSql(sys, "DELETE FROM contract_payments WHERE id = 778").ok());
  (void)a;
  // Every rollup row equals the direct sum, and every direct sum has its row.
  auto direct = DirectSums(sys);
  std::map<std::tuple<std::string, long long, std::string>, std::array<long long, 3>> rollup;
  Status st = sys.db->Read([&](db::Conn& c) -> Status {
    auto rows = c.Query(
        "SELECT region_code, year, source, planned, committed, disbursed FROM finance_rollup");
    if (!rows.ok()) return rows.status();
    for (auto& x : *rows)
      if (x.Int(3) || x.Int(4) || x.Int(5))
        rollup[{x.Str(0), x.Int(1), x.Str(2)}] = {x.Int(3), x.Int(4), x.Int(5)};
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.message();
  for (auto it = direct.begin(); it != direct.end();)
    it = (it->second == std::array<long long, 3>{0, 0, 0}) ? direct.erase(it) : std::next(it);
  EXPECT_EQ(rollup, direct);
  EXPECT_EQ((rollup[{kJiangmen, 2026, "fiscal_budget"}]),
            (std::array<long long, 3>{95000000, 1000000, 500000}));
  // Keyed by the pool's region: 会城's project draws on 新会区's donations pool.
  EXPECT_EQ((rollup[{kXinhui, 2026, "donations"}]),
            (std::array<long long, 3>{50000000, 1000000, 125956}));
  // The summary reads the rollup: totals and children add up.
  r = admin.Call("GET", "/api/v1/budget-pools/summary?year=2026");
  ASSERT_EQ(r.status, 200) << r.body;
  json s = admin.Json(r);
  EXPECT_EQ(s["total"]["planned"], 95000000 + 50000000 + 7000000);
  EXPECT_EQ(s["total"]["committed"], 2000000);
  EXPECT_EQ(s["total"]["disbursed"], 500000 + 125956);
  long long sum = 0;
  for (auto& x : s["by_region"]) sum += x["disbursed"].get<long long>();
  EXPECT_EQ(sum, 625956);
  r = xh.Call("GET", "/api/v1/budget-pools/summary?region=" + std::string(kHuicheng));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(xh.Json(r)["total"]["planned"], 30000000);
  EXPECT_EQ(xh.Json(r)["total"]["committed"], 1000000);
  // A pool's year, source and region are fixed.
  EXPECT_FALSE(
      ExecSql(sys, "UPDATE budget_pools SET region_code = :1 WHERE id = :2", {kTaishan, xh_pool})
          .ok());
}

TEST_F(CloseoutApiTest, StaffOverTheProjectReadTheFinalReportOfAProviderFromElsewhere) {
  auto xh = LoggedIn(s_, "co.xh");
  long long id = Project(xh, Pool(xh, 100000000));
  // The provider moves its registration to Taishan; the project stays in Xinhui.
  ASSERT_TRUE(
      ExecSql(*s_.sys, "UPDATE orgs SET region_code = :1 WHERE id = :2", {kTaishan, org_a_}).ok());
  Principal p;
  p.user_id = QueryInt(*s_.sys, "SELECT id FROM users WHERE username = 'co.a'");
  p.role = Role::kOrg;
  p.org_id = org_a_;
  p.region_code = kHuicheng;
  p.username = "co.a";
  auto f = s_.sys->files->Upload(
      p, "结项报告.pdf",
      "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
      org_a_);
  ASSERT_TRUE(f.ok()) << f.status().message();
  std::string url = "/api/v1/files/" + std::to_string(f->id) + "/content";
  EXPECT_EQ(xh.Call("GET", url).status, 404);
  auto org = LoggedIn(s_, "co.a");
  auto r = org.Call("POST", P(id, "/final-report"), Report({{"file_ids", {f->id}}}).dump());
  ASSERT_EQ(r.status, 200) << r.body;
  // The reviewer of the final report opens its document; staff of another district do not.
  EXPECT_EQ(xh.Call("GET", url).status, 200);
  MakeUser(*s_.sys, "co.pj", Role::kStaff, "440703000000");
  auto pj = LoggedIn(s_, "co.pj");
  EXPECT_EQ(pj.Call("GET", url).status, 404);
}

TEST_F(CloseoutApiTest, ScopeAndRoles) {
  auto xh = LoggedIn(s_, "co.xh");
  long long id = Project(xh, Pool(xh, 100000000));
  auto ts = LoggedIn(s_, "co.ts");
  auto aud = LoggedIn(s_, "co.aud");
  auto other = LoggedIn(s_, "co.b");
  auto org = LoggedIn(s_, "co.a");
  // Out of the subtree, or another organization: the project does not exist.
  EXPECT_EQ(ts.Call("GET", P(id)).status, 404);
  EXPECT_EQ(other.Call("GET", P(id)).status, 404);
  EXPECT_EQ(other.Call("POST", P(id, "/final-report"), Report().dump()).status, 404);
  EXPECT_EQ(ts.Call("POST", P(id, "/final-report/accept")).status, 404);
  EXPECT_EQ(ts.Json(ts.Call("GET", "/api/v1/closeouts"))["total"], 0);
  EXPECT_EQ(other.Json(other.Call("GET", "/api/v1/closeouts"))["total"], 0);
  // Roles: staff do not write the organization's report; auditors read only.
  EXPECT_EQ(xh.Call("POST", P(id, "/final-report"), Report().dump()).status, 403);
  EXPECT_EQ(aud.Call("GET", P(id)).status, 200);
  EXPECT_EQ(aud.Call("POST", P(id, "/final-report/accept")).status, 403);
  EXPECT_EQ(org.Call("POST", P(id, "/final-report/accept")).status, 403);
  EXPECT_EQ(org.Call("POST", P(id, "/evaluation"), Evaluation().dump()).status, 403);
  // The contracted organization sees its own close-out.
  auto r = org.Call("GET", "/api/v1/closeouts");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(org.Json(r)["total"], 1);
  EXPECT_EQ(org.Call("GET", P(id)).status, 200);
  Client anon(*s_.app);
  EXPECT_EQ(anon.Call("GET", P(id)).status, 401);
}

TEST_F(CloseoutApiTest, BadInputNamesTheField) {
  auto xh = LoggedIn(s_, "co.xh");
  auto org = LoggedIn(s_, "co.a");
  long long id = Project(xh, Pool(xh, 100000000));
  auto field = [&](json body) {
    auto r = org.Call("POST", P(id, "/final-report"), body.dump());
    EXPECT_EQ(r.status, 422) << r.body;
    return ErrorField(r);
  };
  EXPECT_EQ(field(Report({{"extra", 1}})), "extra");
  EXPECT_EQ(field(Report({{"summary", ""}})), "summary");
  EXPECT_EQ(field(Report({{"indicators", {{{"name", "服务人次"}, {"achieved", "1"}}}}})),
            "indicators");
  EXPECT_EQ(field(Report({{"indicators", {{{"name", "未知"}, {"achieved", "1"}}}}})),
            "indicators[0].name");
  EXPECT_EQ(field(Report({{"indicators", {{{"name", "服务人次"}}}}})), "indicators[0].achieved");
  EXPECT_EQ(
      field(Report({{"beneficiaries", {{"women", -1}, {"men", 0}, {"by_age", json::object()}}}})),
      "beneficiaries.women");
  EXPECT_EQ(
      field(Report({{"beneficiaries", {{"women", 10}, {"men", 0}, {"by_age", {{"youth", 9}}}}}})),
      "beneficiaries.by_age");
  EXPECT_EQ(
      field(Report({{"beneficiaries", {{"women", 1}, {"men", 0}, {"by_age", {{"babies", 1}}}}}})),
      "beneficiaries.by_age.babies");
  EXPECT_EQ(field(Report({{"spending", {{{"name", "人员费"}, {"spent", 1}}}}})), "spending");
  EXPECT_EQ(
      field(Report({{"spending",
                     {{{"name", "人员费"}, {"spent", 1.5}}, {{"name", "活动费"}, {"spent", 1}}}}})),
      "spending[0].spent");
  EXPECT_EQ(field(Report({{"file_ids", {999}}})), "file_ids[0]");
  auto missing = org.Call("POST", P(id, "/final-report"), json{{"summary", "x"}}.dump());
  EXPECT_EQ(ErrorField(missing), "indicators");
  // Nothing was written.
  EXPECT_EQ(QueryInt(*s_.sys, "SELECT COUNT(*) FROM final_reports"), 0);
  ASSERT_EQ(org.Call("POST", P(id, "/final-report"), Report().dump()).status, 200);
  ASSERT_EQ(xh.Call("POST", P(id, "/final-report/accept")).status, 200);
  auto eval = [&](json body) {
    auto r = xh.Call("POST", P(id, "/evaluation"), body.dump());
    EXPECT_EQ(r.status, 422) << r.body;
    return ErrorField(r);
  };
  EXPECT_EQ(eval({{"score", 101}, {"grade", "good"}, {"comments", "x"}}), "score");
  EXPECT_EQ(eval({{"score", -1}, {"grade", "good"}, {"comments", "x"}}), "score");
  EXPECT_EQ(eval({{"score", 80}, {"grade", "A+"}, {"comments", "x"}}), "grade");
  EXPECT_EQ(eval({{"score", 80}, {"grade", "good"}}), "comments");
  EXPECT_EQ(eval({{"score", "80"}, {"grade", "good"}, {"comments", "x"}}), "score");
  EXPECT_EQ(xh.Call("GET", "/api/v1/closeouts?report_state=bogus").status, 422);
  EXPECT_EQ(xh.Call("GET", P(999)).status, 404);
  EXPECT_EQ(xh.Call("GET", "/api/v1/closeouts/abc").status, 404);
}

// The demo: the seed's 反家暴示范点 closed, evaluated and published as a brand case, once.
TEST(CloseoutDemoTest, DemoClosesAndPublishesTheAntiViolenceProject) {
  Stack stack = MakeDemoStack();
  auto& sys = *stack.sys;
  const char* q =
      "SELECT COUNT(*) FROM projects p JOIN final_reports r ON r.project_id = p.id JOIN "
      "project_evaluations e ON e.project_id = p.id JOIN brand_projects b ON b.project_id = p.id "
      "WHERE p.title = '反家暴示范点' AND p.state = 'closed' AND r.state = 'accepted' AND "
      "b.published = 1";
  EXPECT_EQ(QueryInt(sys, q), 1);
  ASSERT_TRUE(app::LoadDemo(sys).ok());
  EXPECT_EQ(QueryInt(sys, q), 1);
  EXPECT_EQ(QueryInt(sys, "SELECT COUNT(*) FROM brand_projects"), 1);
  // Besides the competitions' phase 1 (competition_demo.cpp), closed the same way.
  EXPECT_EQ(QueryInt(sys,
                     "SELECT COUNT(*) FROM final_reports r JOIN projects p ON p.id = "
                     "r.project_id WHERE p.channel <> 'competition'"),
            1);
  Client anon(*stack.app);
  auto r = anon.Call("GET", "/api/v1/public/cases");
  ASSERT_EQ(r.status, 200) << r.body;
  json list = anon.Json(r);
  ASSERT_EQ(list["total"], 1);
  EXPECT_EQ(list["items"][0]["provider_name"], "江门市侨乡妇女法律服务中心");
  // The rollup agrees with the pools the demo's services kept.
  EXPECT_EQ(QueryInt(sys,
                     "SELECT SUM(disbursed) FROM finance_rollup WHERE region_code = "
                     "'000000000000'"),
            QueryInt(sys, "SELECT SUM(amount) FROM contract_payments"));
}

}  // namespace
}  // namespace shuniu::testing
