// Supervision (妇联监督) over the API: every progress-report and tranche
// transition (allowed and forbidden), the separation of duties of tranches,
// the contract price as a ceiling, gender/age/region figures that must add up,
// inspections with findings to closure, risk flags, scope and bad input.
// Runs on SQLite, and on PostgreSQL when SHUNIU_TEST_DB is set.
#include "api/harness.h"
#include "files/file_service.h"

namespace shuniu::testing {
namespace {

using nlohmann::json;

constexpr const char* kJiangmen = "440700000000";
constexpr const char* kXinhui = "440705000000";
constexpr const char* kHuicheng = "440705001000";
constexpr const char* kTaishan = "440781000000";

class SupervisionApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    s_ = MakeStack();
    auto& sys = *s_.sys;
    MakeUser(sys, "sv.admin", Role::kAdmin, kJiangmen);
    xh_id_ = MakeUser(sys, "sv.xh", Role::kStaff, kXinhui).id;
    xh2_id_ = MakeUser(sys, "sv.xh2", Role::kStaff, kXinhui).id;
    MakeUser(sys, "sv.ts", Role::kStaff, kTaishan);
    MakeUser(sys, "sv.aud", Role::kAuditor, kJiangmen);
    org_a_ = MakeOrg(sys, "会城监督甲组织", kHuicheng);
    org_b_ = MakeOrg(sys, "会城监督乙组织", kHuicheng);
    MakeUser(sys, "sv.a", Role::kOrg, kHuicheng, kPassword, org_a_);
    MakeUser(sys, "sv.b", Role::kOrg, kHuicheng, kPassword, org_b_);
    xh_ = std::make_unique<Client>(LoggedIn(s_, "sv.xh"));
    xh2_ = std::make_unique<Client>(LoggedIn(s_, "sv.xh2"));
    org_ = std::make_unique<Client>(LoggedIn(s_, "sv.a"));
    auto& c = *xh_;
    auto r = c.Call("POST", "/api/v1/budget-pools",
                    json{{"year", 2026},
                         {"source", "fiscal_budget"},
                         {"region_code", kXinhui},
                         {"planned", 100000000}}
                        .dump());
    ASSERT_EQ(r.status, 201) << r.body;
    pool_ = c.Json(r)["id"];
    r = c.Call("POST", "/api/v1/projects",
               json{{"title", "困境儿童帮助计划"},
                    {"department", "儿童部"},
                    {"year", 2026},
                    {"region_code", kXinhui},
                    {"beneficiaries", {{"total", 300}, {"women", 150}, {"men", 150}}},
                    {"budget_lines",
                     {{{"name", "人员费"}, {"amount", 6000000}},
                      {{"name", "活动费"}, {"amount", 4000000}}}}}
                   .dump());
    ASSERT_EQ(r.status, 201) << r.body;
    project_ = c.Json(r)["id"];
    ASSERT_EQ(Act("projects", project_, "submit").status, 200);
    ASSERT_EQ(Act("projects", project_, "approve", {{"pool_id", pool_}}).status, 200);
    r = Act("projects", project_, "commission",
            {{"reason", "该组织长期承接此项服务"},
             {"provider_org_id", org_a_},
             {"start_on", "2026-01-01"},
             {"end_on", "2026-12-31"},
             {"price", 10000000},
             {"milestones",
              {{{"name", "首期款"}, {"amount", 4000000}, {"due_on", "2026-03-01"}},
               {{"name", "尾期款"}, {"amount", 6000000}, {"due_on", "2026-12-31"}}}}});
    ASSERT_EQ(r.status, 201) << r.body;
    json k = c.Json(r);
    contract_ = k["id"];
    m1_ = k["milestones"][0]["id"];
    m2_ = k["milestones"][1]["id"];
  }

  http::Response Act(const std::string& what, long long id, const std::string& action,
                     json body = nullptr, Client* c = nullptr) {
    return (c ? *c : *xh_)
        .Call("POST", "/api/v1/" + what + "/" + std::to_string(id) + "/" + action,
              body.is_null() ? "" : body.dump());
  }
  json Report(json extra = json::object()) {
    json b = {
        {"project_id", project_},
        {"milestone_id", m1_},
        {"period_end", "2026-02-28"},
        {"narrative", "完成需求调研与首批个案帮扶"},
        {"activities", {{{"name", "启动会"}, {"held_on", "2026-01-20"}, {"participants", 60}}}},
        {"beneficiaries",
         {{"total", 100},
          {"female", 55},
          {"male", 45},
          {"children", 70},
          {"adults", 25},
          {"seniors", 5},
          {"regions",
           {{{"region_code", kXinhui}, {"count", 40}},
            {{"region_code", kHuicheng}, {"count", 60}}}}}},
        {"spending",
         {{{"line", "人员费"}, {"amount", 2000000}}, {{"line", "活动费"}, {"amount", 1000000}}}}};
    for (auto& [k, v] : extra.items()) b[k] = v;
    return b;
  }
  long long NewReport(json extra = json::object()) {
    auto r = org_->Call("POST", "/api/v1/progress-reports", Report(extra).dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return org_->Json(r).value("id", 0LL);
  }
  long long ApprovedReport(json extra = json::object()) {
    long long id = NewReport(extra);
    EXPECT_EQ(Act("progress-reports", id, "submit", nullptr, org_.get()).status, 200);
    EXPECT_EQ(Act("progress-reports", id, "approve").status, 200);
    return id;
  }
  std::string State(const std::string& what, long long id, Client* c = nullptr) {
    auto r = (c ? *c : *xh_).Call("GET", "/api/v1/" + what + "/" + std::to_string(id));
    return json::parse(r.body).value("state", "?");
  }

  Stack s_;
  std::unique_ptr<Client> xh_, xh2_, org_;
  long long xh_id_ = 0, xh2_id_ = 0, org_a_ = 0, org_b_ = 0;
  long long pool_ = 0, project_ = 0, contract_ = 0, m1_ = 0, m2_ = 0;
};

TEST_F(SupervisionApiTest, ReportEveryTransitionAllowedAndForbidden) {
  long long id = NewReport();
  auto g = org_->Call("GET", "/api/v1/progress-reports/" + std::to_string(id));
  json rep = org_->Json(g);
  EXPECT_EQ(rep["state"], "draft");
  EXPECT_EQ(rep["beneficiaries"]["female"], 55);
  EXPECT_EQ(rep["spending_total"], 3000000);
  EXPECT_EQ(rep["milestone_name"], "首期款");
  // draft: staff cannot approve or return; only the organization submits.
  EXPECT_EQ(Act("progress-reports", id, "approve").status, 409);
  EXPECT_EQ(Act("progress-reports", id, "return", {{"reason", "x"}}).status, 409);
  EXPECT_EQ(Act("progress-reports", id, "submit").status, 403);
  EXPECT_EQ(Act("progress-reports", id, "submit", nullptr, org_.get()).status, 200);
  EXPECT_EQ(State("progress-reports", id), "submitted");
  // submitted: no second submit, no edit, the organization cannot decide.
  EXPECT_EQ(Act("progress-reports", id, "submit", nullptr, org_.get()).status, 409);
  auto r = org_->Call("PATCH", "/api/v1/progress-reports/" + std::to_string(id),
                      json{{"version", 2}, {"narrative", "改"}}.dump());
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(Act("progress-reports", id, "approve", nullptr, org_.get()).status, 403);
  r = Act("progress-reports", id, "return");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(ErrorField(r), "reason");
  r = Act("progress-reports", id, "return", {{"reason", "请补充分年龄段数据的来源"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(xh_->Json(r)["state"], "returned");
  EXPECT_EQ(xh_->Json(r)["return_reason"], "请补充分年龄段数据的来源");
  // returned: edited and resubmitted; not approvable as such.
  EXPECT_EQ(Act("progress-reports", id, "approve").status, 409);
  long long version = xh_->Json(r)["version"];
  r = org_->Call("PATCH", "/api/v1/progress-reports/" + std::to_string(id),
                 json{{"version", version - 1}, {"narrative", "旧版本"}}.dump());
  EXPECT_EQ(r.status, 409);
  r = org_->Call("PATCH", "/api/v1/progress-reports/" + std::to_string(id),
                 json{{"version", version}, {"narrative", "已补充数据来源：签到表"}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Act("progress-reports", id, "submit", nullptr, org_.get()).status, 200);
  EXPECT_EQ(State("progress-reports", id), "resubmitted");
  r = Act("progress-reports", id, "approve");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(xh_->Json(r)["state"], "approved");
  EXPECT_EQ(xh_->Json(r)["decided_by"], xh_id_);
  // approved is final.
  EXPECT_EQ(Act("progress-reports", id, "return", {{"reason", "x"}}).status, 409);
  EXPECT_EQ(Act("progress-reports", id, "submit", nullptr, org_.get()).status, 409);
  EXPECT_EQ(Act("progress-reports", id, "approve").status, 409);
  EXPECT_EQ(CountEvents(*s_.sys, "progress_report."), 6);
  // The project's list shows it.
  r = xh_->Call("GET", "/api/v1/projects/" + std::to_string(project_) + "/progress-reports");
  EXPECT_EQ(xh_->Json(r)["total"], 1);
}

TEST_F(SupervisionApiTest, ReportFiguresMustAddUpAndErrorsNameTheField) {
  auto bad = [&](json extra) {
    auto r = org_->Call("POST", "/api/v1/progress-reports", Report(extra).dump());
    EXPECT_EQ(r.status, 422) << extra.dump() << r.body;
    return ErrorField(r);
  };
  json b = Report()["beneficiaries"];
  auto with = [&](const std::string& k, json v) {
    json x = b;
    x[k] = v;
    return json{{"beneficiaries", x}};
  };
  EXPECT_EQ(bad(with("female", 56)), "beneficiaries.female");
  EXPECT_EQ(bad(with("seniors", 6)), "beneficiaries.children");
  EXPECT_EQ(bad(with("male", -1)), "beneficiaries.male");
  EXPECT_EQ(bad(with("total", "100")), "beneficiaries.total");
  json missing = b;
  missing.erase("male");
  EXPECT_EQ(bad({{"beneficiaries", missing}}), "beneficiaries.male");
  EXPECT_EQ(bad(with("regions", json::array({{{"region_code", kXinhui}, {"count", 99}}}))),
            "beneficiaries.regions");
  EXPECT_EQ(bad(with("regions", json::array({{{"region_code", kTaishan}, {"count", 100}}}))),
            "beneficiaries.regions[0].region_code");
  EXPECT_EQ(bad(with("pets", 1)), "beneficiaries.pets");
  EXPECT_EQ(bad({{"beneficiaries", nullptr}}), "beneficiaries");
  EXPECT_EQ(bad({{"spending", {{{"line", "差旅费"}, {"amount", 1}}}}}), "spending[0].line");
  EXPECT_EQ(bad({{"spending", {{{"line", "人员费"}, {"amount", -5}}}}}), "spending[0].amount");
  EXPECT_EQ(bad({{"spending",
                  {{{"line", "人员费"}, {"amount", 1}}, {{"line", "人员费"}, {"amount", 1}}}}}),
            "spending[1].line");
  EXPECT_EQ(bad({{"activities", {{{"name", ""}}}}}), "activities[0].name");
  EXPECT_EQ(bad({{"activities", {{{"name", "会"}, {"held_on", "2026/01/01"}}}}}),
            "activities[0].held_on");
  EXPECT_EQ(bad({{"milestone_id", 12345}}), "milestone_id");
  EXPECT_EQ(bad({{"period_end", "2026-02-30"}}), "period_end");
  EXPECT_EQ(bad({{"narrative", ""}}), "narrative");
  EXPECT_EQ(bad({{"file_ids", {999}}}), "file_ids[0]");
  EXPECT_EQ(bad({{"colour", "red"}}), "colour");
  json no_milestone = Report();
  no_milestone.erase("milestone_id");
  auto r = org_->Call("POST", "/api/v1/progress-reports", no_milestone.dump());
  EXPECT_EQ(ErrorField(r), "milestone_id");
  EXPECT_EQ(QueryInt(*s_.sys, "SELECT COUNT(*) FROM progress_reports"), 0);
}

TEST_F(SupervisionApiTest, ReportRefusedOnceTheProjectIsNotInProgress) {
  long long draft = NewReport();
  // Closing needs the close-out first: the final report accepted and an evaluation.
  std::string co = "/api/v1/closeouts/" + std::to_string(project_);
  auto fr = org_->Call(
      "POST", co + "/final-report",
      json{{"summary", "完成"},
           {"indicators", json::array()},
           {"beneficiaries", {{"women", 150}, {"men", 150}, {"by_age", {{"children", 300}}}}},
           {"spending",
            {{{"name", "人员费"}, {"spent", 6000000}}, {{"name", "活动费"}, {"spent", 3900000}}}}}
          .dump());
  ASSERT_EQ(fr.status, 200) << fr.body;
  ASSERT_EQ(xh_->Call("POST", co + "/final-report/accept").status, 200);
  ASSERT_EQ(xh_->Call("POST", co + "/evaluation",
                      json{{"score", 80}, {"grade", "good"}, {"comments", "ok"}}.dump())
                .status,
            200);
  ASSERT_EQ(Act("projects", project_, "close").status, 200);
  auto r = org_->Call("POST", "/api/v1/progress-reports", Report().dump());
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(ErrorField(r), "project_id");
  r = Act("progress-reports", draft, "submit", nullptr, org_.get());
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(ErrorField(r), "project_id");
  EXPECT_EQ(State("progress-reports", draft), "draft");
}

TEST_F(SupervisionApiTest, StaffOverTheProjectReadAProviderFromElsewhere) {
  // The provider is registered in Taishan, the project belongs to Xinhui.
  ASSERT_TRUE(
      ExecSql(*s_.sys, "UPDATE orgs SET region_code = :1 WHERE id = :2", {kTaishan, org_a_}).ok());
  MakeUser(*s_.sys, "sv.dz", Role::kStaff, "440705101000");  // a town of Xinhui
  Principal p;
  p.user_id = QueryInt(*s_.sys, "SELECT id FROM users WHERE username = 'sv.a'");
  p.role = Role::kOrg;
  p.org_id = org_a_;
  p.region_code = kHuicheng;
  p.username = "sv.a";
  auto f = s_.sys->files->Upload(
      p, "中期报告.pdf",
      "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
      org_a_);
  ASSERT_TRUE(f.ok()) << f.status().message();
  auto ts = LoggedIn(s_, "sv.ts");
  auto dz = LoggedIn(s_, "sv.dz");
  std::string url = "/api/v1/files/" + std::to_string(f->id) + "/content";
  // Not attached yet: Xinhui staff have no business with a Taishan organization's file.
  EXPECT_EQ(xh_->Call("GET", url).status, 404);
  EXPECT_EQ(ts.Call("GET", url).status, 200);
  long long id = NewReport({{"file_ids", {f->id}}});
  ASSERT_NE(id, 0);
  // Attached to a report on a Xinhui project: Xinhui staff read it, a town below does not.
  EXPECT_EQ(xh_->Call("GET", url).status, 200);
  EXPECT_EQ(dz.Call("GET", url).status, 404);
  // Ids match whole: a file whose id is a part of this one's is not opened by it.
  const std::string has = "SELECT COUNT(*) FROM progress_reports WHERE " +
                          files::FileService::JsonIdListHasFile("file_ids_json");
  EXPECT_EQ(QueryInt(*s_.sys, has, {f->id}), 1);
  EXPECT_EQ(QueryInt(*s_.sys,
                     "SELECT COUNT(*) FROM progress_reports WHERE " +
                         files::FileService::JsonIdListHasFile("file_ids_json"),
                     {f->id / 10}),
            0);
}

TEST_F(SupervisionApiTest, ReportScopeOtherOrganizationAndSiblingStaffSee404) {
  long long id = NewReport();
  auto other = LoggedIn(s_, "sv.b");
  std::string url = "/api/v1/progress-reports/" + std::to_string(id);
  EXPECT_EQ(other.Call("GET", url).status, 404);
  EXPECT_EQ(other.Json(other.Call("GET", "/api/v1/progress-reports"))["total"], 0);
  auto r = other.Call("POST", "/api/v1/progress-reports", Report().dump());
  EXPECT_EQ(r.status, 404);
  r = other.Call("GET", "/api/v1/projects/" + std::to_string(project_) + "/progress-reports");
  EXPECT_EQ(r.status, 404);
  auto ts = LoggedIn(s_, "sv.ts");
  EXPECT_EQ(ts.Call("GET", url).status, 404);
  EXPECT_EQ(ts.Json(ts.Call("GET", "/api/v1/progress-reports"))["total"], 0);
  EXPECT_EQ(Act("progress-reports", id, "submit", nullptr, org_.get()).status, 200);
  EXPECT_EQ(Act("progress-reports", id, "approve", nullptr, &ts).status, 404);
  // Staff do not write reports; auditors read but never decide.
  EXPECT_EQ(xh_->Call("POST", "/api/v1/progress-reports", Report().dump()).status, 403);
  auto aud = LoggedIn(s_, "sv.aud");
  EXPECT_EQ(aud.Call("GET", url).status, 200);
  EXPECT_EQ(Act("progress-reports", id, "approve", nullptr, &aud).status, 403);
}

TEST_F(SupervisionApiTest, TrancheEveryTransitionAndSeparationOfDuties) {
  long long report = NewReport();
  // Before the report is approved no tranche can be requested.
  auto r = xh_->Call("POST", "/api/v1/tranches", json{{"report_id", report}}.dump());
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(ErrorField(r), "report_id");
  ASSERT_EQ(Act("progress-reports", report, "submit", nullptr, org_.get()).status, 200);
  r = xh_->Call("POST", "/api/v1/tranches", json{{"report_id", report}}.dump());
  EXPECT_EQ(r.status, 409);
  ASSERT_EQ(Act("progress-reports", report, "approve").status, 200);
  // The organization cannot request; staff can.
  EXPECT_EQ(org_->Call("POST", "/api/v1/tranches", json{{"report_id", report}}.dump()).status, 403);
  r = xh_->Call("POST", "/api/v1/tranches", json{{"report_id", report}, {"note", "首期"}}.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  json t = xh_->Json(r);
  long long id = t["id"];
  EXPECT_EQ(t["state"], "requested");
  EXPECT_EQ(t["amount"], 4000000);  // the milestone's remaining amount
  EXPECT_EQ(t["requested_by"], xh_id_);
  // requested: the requester cannot approve, reject or release it.
  r = Act("tranches", id, "approve");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(Act("tranches", id, "reject", {{"reason", "x"}}).status, 403);
  EXPECT_EQ(Act("tranches", id, "release").status, 409);
  EXPECT_EQ(Act("tranches", id, "approve", nullptr, org_.get()).status, 403);
  r = Act("tranches", id, "approve", nullptr, xh2_.get());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(xh_->Json(r)["state"], "approved");
  EXPECT_EQ(xh_->Json(r)["approved_by"], xh2_id_);
  // approved: no second approval or rejection; the approver does not release.
  EXPECT_EQ(Act("tranches", id, "approve", nullptr, xh2_.get()).status, 409);
  EXPECT_EQ(Act("tranches", id, "reject", {{"reason", "x"}}, xh2_.get()).status, 409);
  EXPECT_EQ(Act("tranches", id, "release", nullptr, xh2_.get()).status, 403);
  r = Act("tranches", id, "release", {{"paid_on", "2026/03/05"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(ErrorField(r), "paid_on");
  r = Act("tranches", id, "release", {{"paid_on", "2026-03-05"}});
  ASSERT_EQ(r.status, 200) << r.body;
  t = xh_->Json(r);
  EXPECT_EQ(t["state"], "released");
  EXPECT_EQ(t["paid_on"], "2026-03-05");
  ASSERT_FALSE(t["payment_id"].is_null());
  // released: final. The payment went through the contract payment code.
  EXPECT_EQ(Act("tranches", id, "release").status, 409);
  EXPECT_EQ(Act("tranches", id, "cancel").status, 409);
  EXPECT_EQ(Act("tranches", id, "approve", nullptr, xh2_.get()).status, 409);
  auto& sys = *s_.sys;
  EXPECT_EQ(QueryInt(sys, "SELECT recorded_by FROM contract_payments WHERE id = :1",
                     {t["payment_id"].get<long long>()}),
            xh_id_);
  EXPECT_EQ(QueryInt(sys, "SELECT approved_by FROM contract_payments WHERE id = :1",
                     {t["payment_id"].get<long long>()}),
            xh2_id_);
  r = xh_->Call("GET", "/api/v1/contracts/" + std::to_string(contract_));
  EXPECT_EQ(xh_->Json(r)["paid"], 4000000);
  r = xh_->Call("GET", "/api/v1/budget-pools/" + std::to_string(pool_));
  EXPECT_EQ(xh_->Json(r)["disbursed"], 4000000);
  r = org_->Call("GET", "/api/v1/incomes");
  EXPECT_EQ(org_->Json(r)["total"], 1);
  EXPECT_EQ(org_->Json(r)["items"][0]["source"], "government_purchase");
  EXPECT_EQ(org_->Json(org_->Call("GET", "/api/v1/tranches"))["total"], 1);
  EXPECT_EQ(CountEvents(sys, "tranche."), 3);
  EXPECT_EQ(CountEvents(sys, "contract.payment"), 1);

  // A second report (milestone 2): reject needs a second person and a reason.
  long long report2 = ApprovedReport({{"milestone_id", m2_}});
  r = xh_->Call("POST", "/api/v1/tranches", json{{"report_id", report2}, {"amount", 1000}}.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  long long id2 = xh_->Json(r)["id"];
  r = Act("tranches", id2, "reject", nullptr, xh2_.get());
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(ErrorField(r), "reason");
  r = Act("tranches", id2, "reject", {{"reason", "金额与报告不符"}}, xh2_.get());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(xh_->Json(r)["state"], "rejected");
  EXPECT_EQ(Act("tranches", id2, "approve", nullptr, xh2_.get()).status, 409);
  EXPECT_EQ(Act("tranches", id2, "cancel").status, 409);
  // …and a cancelled one cannot be released.
  r = xh_->Call("POST", "/api/v1/tranches", json{{"report_id", report2}, {"amount", 1000}}.dump());
  long long id3 = xh_->Json(r)["id"];
  EXPECT_EQ(Act("tranches", id3, "approve", nullptr, xh2_.get()).status, 200);
  EXPECT_EQ(Act("tranches", id3, "cancel", {{"reason", "改为合并拨付"}}).status, 200);
  EXPECT_EQ(State("tranches", id3), "cancelled");
  EXPECT_EQ(Act("tranches", id3, "release").status, 409);
  EXPECT_EQ(QueryInt(sys, "SELECT COUNT(*) FROM contract_payments"), 1);
}

TEST_F(SupervisionApiTest, TrancheNeverAboveTheMilestoneOrTheContractPrice) {
  long long report = ApprovedReport();
  auto req = [&](long long rep, json amount) {
    json b = {{"report_id", rep}};
    if (!amount.is_null()) b["amount"] = amount;
    return xh_->Call("POST", "/api/v1/tranches", b.dump());
  };
  auto r = req(report, 4000001);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(ErrorField(r), "amount");
  r = req(report, 3000000);
  ASSERT_EQ(r.status, 201) << r.body;
  r = req(report, 1000001);  // pending tranches count against the milestone
  EXPECT_EQ(r.status, 409);
  r = req(report, nullptr);  // the remainder
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(xh_->Json(r)["amount"], 1000000);
  r = req(report, nullptr);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(ErrorField(r), "amount");
  // Milestone 2 (6,000,000): with 4,000,000 pending, 6,000,001 would pass the price.
  long long report2 = ApprovedReport({{"milestone_id", m2_}});
  r = req(report2, 6000001);
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(ErrorField(r), "amount");
  EXPECT_NE(r.body.find("price"), std::string::npos) << r.body;
  r = req(report2, 0);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(ErrorField(r), "amount");
  r = req(report2, "many");
  EXPECT_EQ(ErrorField(r), "amount");
  r = xh_->Call("POST", "/api/v1/tranches", json{{"report_id", report2}, {"x", 1}}.dump());
  EXPECT_EQ(ErrorField(r), "x");
  r = xh_->Call("POST", "/api/v1/tranches", json{{"amount", 1}}.dump());
  EXPECT_EQ(ErrorField(r), "report_id");
  r = xh_->Call("POST", "/api/v1/tranches", json{{"report_id", 424242}}.dump());
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(ErrorField(r), "report_id");
  // Release everything: the contract ends exactly at its price.
  auto list = xh_->Json(xh_->Call("GET", "/api/v1/tranches?state=requested"));
  for (auto& t : list["items"]) {
    long long id = t["id"];
    ASSERT_EQ(Act("tranches", id, "approve", nullptr, xh2_.get()).status, 200);
    ASSERT_EQ(Act("tranches", id, "release").status, 200);
  }
  r = req(report2, 6000000);
  ASSERT_EQ(r.status, 201) << r.body;
  long long last = xh_->Json(r)["id"];
  ASSERT_EQ(Act("tranches", last, "approve", nullptr, xh2_.get()).status, 200);
  ASSERT_EQ(Act("tranches", last, "release").status, 200);
  EXPECT_EQ(QueryInt(*s_.sys, "SELECT paid FROM contracts WHERE id = :1", {contract_}), 10000000);
  EXPECT_EQ(req(report2, 1).status, 409);
  EXPECT_EQ(QueryInt(*s_.sys, "SELECT SUM(amount) FROM contract_payments"), 10000000);
  EXPECT_EQ(QueryInt(*s_.sys, "SELECT SUM(amount) FROM incomes"), 10000000);
}

TEST_F(SupervisionApiTest, InspectionFindingsAreRectifiedToClosure) {
  json body = {{"project_id", project_},
               {"inspected_on", "2026-05-10"},
               {"inspectors", {"新会区妇联 陈雪梅", "财务 周婉华"}},
               {"summary", "服务点台账基本齐全"},
               {"findings",
                {{{"description", "签到表缺少性别与年龄"}, {"rectify_by", "2026-06-10"}},
                 {{"description", "票据未按预算科目归集"}, {"rectify_by", "2026-06-30"}}}}};
  auto bad = [&](json extra) {
    json b = body;
    for (auto& [k, v] : extra.items()) b[k] = v;
    auto r = xh_->Call("POST", "/api/v1/inspections", b.dump());
    EXPECT_EQ(r.status, 422) << r.body;
    return ErrorField(r);
  };
  EXPECT_EQ(bad({{"inspected_on", "May 10"}}), "inspected_on");
  EXPECT_EQ(bad({{"inspectors", json::array()}}), "inspectors");
  EXPECT_EQ(bad({{"findings", {{{"description", "x"}, {"rectify_by", "2026-05-01"}}}}}),
            "findings[0].rectify_by");
  EXPECT_EQ(bad({{"findings", {{{"description", ""}, {"rectify_by", "2026-06-01"}}}}}),
            "findings[0].description");
  EXPECT_EQ(bad({{"project_id", 777}}), "project_id");
  EXPECT_EQ(org_->Call("POST", "/api/v1/inspections", body.dump()).status, 403);
  auto r = xh_->Call("POST", "/api/v1/inspections", body.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  json x = xh_->Json(r);
  EXPECT_EQ(x["state"], "open");
  long long id = x["id"];
  long long f1 = x["findings"][0]["id"], f2 = x["findings"][1]["id"];
  auto act = [&](Client& c, long long f, const std::string& a, json b = nullptr) {
    return c.Call(
        "POST",
        "/api/v1/inspections/" + std::to_string(id) + "/findings/" + std::to_string(f) + "/" + a,
        b.is_null() ? "" : b.dump());
  };
  // The organization responds; staff close; another organization sees nothing.
  auto other = LoggedIn(s_, "sv.b");
  EXPECT_EQ(other.Call("GET", "/api/v1/inspections/" + std::to_string(id)).status, 404);
  EXPECT_EQ(act(other, f1, "respond", {{"response", "x"}}).status, 404);
  EXPECT_EQ(act(*org_, f1, "respond").status, 422);
  EXPECT_EQ(act(*org_, f1, "respond", {{"response", "已补录签到表"}}).status, 200);
  EXPECT_EQ(act(*org_, f1, "respond", {{"response", "again"}}).status, 409);
  EXPECT_EQ(act(*org_, f1, "close").status, 403);
  EXPECT_EQ(act(*xh_, f1, "respond", {{"response", "x"}}).status, 403);
  EXPECT_EQ(act(*xh_, f1, "close", {{"note", "核查属实"}}).status, 200);
  EXPECT_EQ(act(*xh_, f1, "close").status, 409);
  EXPECT_EQ(State("inspections", id), "open");
  r = act(*xh_, f2, "close");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(xh_->Json(r)["state"], "closed");
  // Reopening a finding reopens the inspection.
  EXPECT_EQ(act(*xh_, f2, "reopen").status, 422);
  r = act(*xh_, f2, "reopen", {{"note", "复查发现仍未归集"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(xh_->Json(r)["state"], "open");
  EXPECT_EQ(xh_->Json(r)["findings"][1]["state"], "reopened");
  EXPECT_EQ(act(*xh_, f1, "reopen", {{"bad", 1}}).status, 422);
  EXPECT_EQ(act(*org_, f2, "respond", {{"response", "已重新归集"}}).status, 200);
  EXPECT_EQ(act(*xh_, f2, "close").status, 200);
  EXPECT_EQ(State("inspections", id, org_.get()), "closed");
  EXPECT_EQ(org_->Json(org_->Call("GET", "/api/v1/inspections"))["total"], 1);
  EXPECT_EQ(other.Json(other.Call("GET", "/api/v1/inspections"))["total"], 0);
  EXPECT_EQ(CountEvents(*s_.sys, "inspection."), 7);
}

TEST_F(SupervisionApiTest, RisksFlagLateReportsOverspendAndLowDelivery) {
  auto kinds = [&](Client& c, const std::string& q) {
    auto r = c.Call("GET", "/api/v1/risks" + q);
    EXPECT_EQ(r.status, 200) << r.body;
    std::multiset<std::string> out;
    json body = c.Json(r);
    for (auto& x : body["items"]) out.insert(x["kind"].get<std::string>());
    return out;
  };
  // Before the first milestone is due: nothing.
  EXPECT_TRUE(kinds(*xh_, "?as_of=2026-02-01").empty());
  // Milestone 1 passed without an approved report; little delivered at 40% of the term.
  auto k = kinds(*xh_, "?as_of=2026-05-27");
  EXPECT_EQ(k.count("late_report"), 1u);
  EXPECT_EQ(k.count("low_delivery"), 1u);
  // An approved report with 人员费 overspent clears the late flag and the delivery gap.
  ApprovedReport({{"spending", {{{"line", "人员费"}, {"amount", 6000001}}}}});
  k = kinds(*xh_, "?as_of=2026-05-27");
  EXPECT_EQ(k.count("late_report"), 0u);
  EXPECT_EQ(k.count("overspend"), 1u);
  EXPECT_EQ(k.count("low_delivery"), 0u);
  auto r = xh_->Call("GET", "/api/v1/risks?as_of=2026-05-27");
  json risks = xh_->Json(r);
  for (auto& x : risks["items"])
    if (x["kind"] == "overspend") {
      EXPECT_EQ(x["line"], "人员费");
      EXPECT_EQ(x["actual"], 6000001);
    }
  // Scope: Taishan sees none; a region outside the caller's scope is refused.
  auto ts = LoggedIn(s_, "sv.ts");
  EXPECT_TRUE(kinds(ts, "?as_of=2026-05-27").empty());
  r = ts.Call("GET", std::string("/api/v1/risks?region=") + kXinhui);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(ErrorField(r), "region");
  r = xh_->Call("GET", "/api/v1/risks?as_of=tomorrow");
  EXPECT_EQ(ErrorField(r), "as_of");
  EXPECT_EQ(org_->Call("GET", "/api/v1/risks").status, 403);
  // The reminders receive them as source "supervision" (each once).
  auto made = s_.sys->notices->RunReminders(NowMs() + 400LL * 24 * 3600 * 1000);
  ASSERT_TRUE(made.ok()) << made.status().message();
  EXPECT_GE(*made, 1);
  auto again = s_.sys->notices->RunReminders(NowMs() + 400LL * 24 * 3600 * 1000);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, 0);
}

// The demo: tranches released through approved reports, one inspection, the
// money figures equal to the records, idempotent.
TEST(SupervisionDemoTest, SupervisionDemoPaysThroughTranchesIdempotently) {
  Stack stack = MakeDemoStack();
  auto& sys = *stack.sys;
  long long released = QueryInt(sys, "SELECT COUNT(*) FROM tranches WHERE state = 'released'");
  EXPECT_GT(released, 10);
  EXPECT_EQ(QueryInt(sys, "SELECT COUNT(*) FROM contract_payments"), released);
  EXPECT_EQ(QueryInt(sys,
                     "SELECT COUNT(*) FROM tranches t JOIN progress_reports r ON r.id = "
                     "t.report_id WHERE r.state <> 'approved'"),
            0);
  EXPECT_EQ(QueryInt(sys, "SELECT COUNT(*) FROM tranches WHERE requested_by = approved_by"), 0);
  EXPECT_EQ(QueryInt(sys, "SELECT COUNT(*) FROM inspections"), 1);
  EXPECT_GE(QueryInt(sys, "SELECT COUNT(*) FROM progress_reports WHERE state = 'submitted'"), 1);
  EXPECT_EQ(QueryInt(sys, "SELECT SUM(disbursed) FROM budget_pools"),
            QueryInt(sys, "SELECT SUM(amount) FROM contract_payments"));
  EXPECT_EQ(QueryInt(sys, "SELECT COUNT(*) FROM progress_reports WHERE beneficiaries_total <= 0"),
            0);
  long long reports = QueryInt(sys, "SELECT COUNT(*) FROM progress_reports");
  ASSERT_TRUE(app::LoadDemo(sys).ok());
  EXPECT_EQ(QueryInt(sys, "SELECT COUNT(*) FROM progress_reports"), reports);
  EXPECT_EQ(QueryInt(sys, "SELECT COUNT(*) FROM tranches WHERE state = 'released'"), released);
}

}  // namespace
}  // namespace shuniu::testing
