// The public tender over the API: every tender transition (allowed and
// forbidden), sealed bids (no one, not even admin, reads a price, team or
// proposal file before opening), late bids, eligibility, conflicted and linked
// reviewers, separation of duties at the award, the contract it makes, the
// public notices, scope and bad input. Runs on SQLite, and on PostgreSQL when
// SHUNIU_TEST_DB is set.
#include "api/harness.h"
#include "org/uscc.h"

namespace shuniu::testing {
namespace {

using nlohmann::json;

constexpr const char* kJiangmen = "440700000000";
constexpr const char* kXinhui = "440705000000";
constexpr const char* kHuicheng = "440705001000";
constexpr const char* kTaishan = "440781000000";
constexpr int64_t kStep = 5 * ClockShift::kMinute;  // sessions stay alive (idle 30 min)

class TenderApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    s_ = MakeStack();
    auto& sys = *s_.sys;
    MakeUser(sys, "td.admin", Role::kAdmin, kJiangmen);
    xh_id_ = MakeUser(sys, "td.xh", Role::kStaff, kXinhui).id;
    xh2_id_ = MakeUser(sys, "td.xh2", Role::kStaff, kXinhui).id;
    MakeUser(sys, "td.ts", Role::kStaff, kTaishan);
    MakeUser(sys, "td.aud", Role::kAuditor, kJiangmen);
    rv1_ = MakeUser(sys, "td.rv1", Role::kReviewer, kJiangmen).id;
    rv2_ = MakeUser(sys, "td.rv2", Role::kReviewer, kJiangmen).id;
    rv3_ = MakeUser(sys, "td.rv3", Role::kReviewer, kJiangmen).id;
    for (int i = 0; i < 3; ++i) {
      long long id = MakeOrg(sys, "会城投标组织" + std::to_string(i), kHuicheng);
      std::string first17 = "5144070" + std::string("5MJ000000") + std::to_string(i);
      std::string uscc = first17 + org::UsccCheckChar(first17);
      EXPECT_TRUE(ExecSql(sys,
                          "UPDATE orgs SET kind = 'association', registered = 1, uscc = :1 "
                          "WHERE id = :2",
                          {uscc, id})
                      .ok());
      orgs_.push_back(id);
      org_users_.push_back(
          MakeUser(sys, "td.o" + std::to_string(i), Role::kOrg, kHuicheng, kPassword, id).id);
    }
  }

  // An approved 2026 project of Xinhui with 100,000 yuan committed.
  long long ApprovedProject(Client& c) {
    auto r = c.Call("POST", "/api/v1/budget-pools",
                    json{{"year", 2026},
                         {"source", "fiscal_budget"},
                         {"region_code", kXinhui},
                         {"planned", 50000000}}
                        .dump());
    long long pool = c.Json(r).value("id", 0LL);
    if (!pool)
      pool = QueryInt(*s_.sys, "SELECT id FROM budget_pools WHERE region_code = :1", {kXinhui});
    r = c.Call("POST", "/api/v1/projects",
               json{{"title", "家政服务工程"},
                    {"department", "发展部"},
                    {"year", 2026},
                    {"region_code", kXinhui},
                    {"budget_lines", {{{"name", "服务费"}, {"amount", 10000000}}}}}
                   .dump());
    EXPECT_EQ(r.status, 201) << r.body;
    long long id = c.Json(r).value("id", 0LL);
    EXPECT_EQ(c.Call("POST", "/api/v1/projects/" + std::to_string(id) + "/submit").status, 200);
    r = c.Call("POST", "/api/v1/projects/" + std::to_string(id) + "/approve",
               json{{"pool_id", pool}}.dump());
    EXPECT_EQ(r.status, 200) << r.body;
    return id;
  }

  json Notice(long long project, json extra = json::object()) {
    json b = {{"project_id", project},
              {"title", "2026年家政服务工程公开招标"},
              {"eligibility", "依法登记、无异常记录的社会组织"},
              {"criteria",
               {{{"code", "plan"}, {"name", "服务方案"}, {"weight", 60}},
                {{"code", "price"}, {"name", "报价"}, {"weight", 40}}}},
              {"bid_deadline", Rfc3339(NowMs() + 2 * kStep)},
              {"opening_at", Rfc3339(NowMs() + 3 * kStep)}};
    for (auto& [k, v] : extra.items()) b[k] = v;
    return b;
  }

  std::string Url(long long id, const std::string& tail = "") {
    return "/api/v1/tenders/" + std::to_string(id) + tail;
  }

  // A published tender with the panel rv1, rv2.
  long long Published(Client& xh) {
    long long project = ApprovedProject(xh);
    auto r = xh.Call("POST", "/api/v1/tenders", Notice(project).dump());
    EXPECT_EQ(r.status, 201) << r.body;
    long long id = xh.Json(r).value("id", 0LL);
    for (long long u : {rv1_, rv2_})
      EXPECT_EQ(xh.Call("POST", Url(id, "/reviewers"), json{{"user_id", u}}.dump()).status, 200);
    r = xh.Call("POST", Url(id, "/publish"));
    EXPECT_EQ(r.status, 200) << r.body;
    return id;
  }

  http::Response Bid(int i, long long tender, long long price,
                     std::optional<long long> file = std::nullopt) {
    Client o = LoggedIn(s_, "td.o" + std::to_string(i));
    json b = {{"org_id", orgs_[i]},
              {"price", price},
              {"team", {{{"name", "何婉仪"}, {"role", "项目负责人"}}}}};
    if (file) b["file_id"] = *file;
    return o.Call("POST", Url(tender, "/bids"), b.dump());
  }

  long long UploadProposal(int i) {
    Principal p;
    p.user_id = org_users_[i];
    p.role = Role::kOrg;
    p.org_id = orgs_[i];
    p.region_code = kHuicheng;
    p.username = "td.o" + std::to_string(i);
    static const std::string kPdf =
        "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
    auto f = s_.sys->files->Upload(p, "投标文件.pdf", kPdf + std::to_string(i), orgs_[i]);
    EXPECT_TRUE(f.ok()) << f.status().message();
    return f.ok() ? f->id : 0;
  }

  void ScoreAll(Client& rv, long long id, const json& tender, long long plan_bias) {
    ASSERT_EQ(rv.Call("POST", Url(id, "/declaration"), R"({"conflict":false})").status, 200);
    long long k = 0;
    for (auto& b : tender["bids"]) {
      if (!b["eligible"].get<bool>()) continue;
      for (const char* crit : {"plan", "price"}) {
        long long score = 90 - 10 * k + (std::string(crit) == "plan" ? plan_bias : 0);
        auto r = rv.Call("POST", Url(id, "/scores"),
                         json{{"bid_id", b["id"]}, {"criterion", crit}, {"score", score}}.dump());
        ASSERT_EQ(r.status, 200) << r.body;
      }
      ++k;
    }
    auto r = rv.Call("POST", Url(id, "/finish-scoring"));
    ASSERT_EQ(r.status, 200) << r.body;
  }

  json AwardBody(json extra = json::object()) {
    json b = {{"start_on", "2026-03-01"},
              {"end_on", "2027-02-28"},
              {"milestones",
               {{{"name", "首期"}, {"amount", 4000000}, {"due_on", "2026-03-15"}},
                {{"name", "尾期"}, {"amount", 4000000}, {"due_on", "2027-02-20"}}}}};
    for (auto& [k, v] : extra.items()) b[k] = v;
    return b;
  }

  Stack s_;
  long long xh_id_ = 0, xh2_id_ = 0, rv1_ = 0, rv2_ = 0, rv3_ = 0;
  std::vector<long long> orgs_, org_users_;
  ClockShift clock_;
};

TEST_F(TenderApiTest, FullCycleFromNoticeToAwardCreatesTheContract) {
  auto xh = LoggedIn(s_, "td.xh");
  long long id = Published(xh);
  // The notice is public, without login, with public fields only.
  Client anon(*s_.app);
  auto r = anon.Call("GET", "/api/v1/public/tenders");
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(anon.Json(r)["total"], 1);
  EXPECT_FALSE(anon.Json(r)["items"][0].contains("bids"));
  EXPECT_EQ(anon.Call("GET", "/api/v1/public/tenders/" + std::to_string(id)).status, 200);
  // Three bids; the same organization cannot bid twice.
  ASSERT_EQ(Bid(0, id, 8000000).status, 201);
  ASSERT_EQ(Bid(1, id, 7500000).status, 201);
  ASSERT_EQ(Bid(2, id, 9000000).status, 201);
  EXPECT_EQ(Bid(0, id, 100).status, 409);
  // Opening before the deadline is refused; after it the bids are unsealed.
  EXPECT_EQ(xh.Call("POST", Url(id, "/open")).status, 409);
  clock_.Set(4 * kStep);
  r = xh.Call("POST", Url(id, "/open"));
  ASSERT_EQ(r.status, 200) << r.body;
  json t = xh.Json(r);
  EXPECT_EQ(t["state"], "opened");
  ASSERT_EQ(t["bids"].size(), 3u);
  EXPECT_EQ(t["bids"][0]["price"], 8000000);
  EXPECT_EQ(t["bids"][0]["team"][0]["name"], "何婉仪");
  // Both reviewers score; the second finishing moves the tender to scored.
  auto rv1 = LoggedIn(s_, "td.rv1");
  auto rv2 = LoggedIn(s_, "td.rv2");
  ScoreAll(rv1, id, t, 0);
  EXPECT_EQ(xh.Json(xh.Call("GET", Url(id)))["state"], "opened");
  ScoreAll(rv2, id, t, 5);
  t = xh.Json(xh.Call("GET", Url(id)));
  EXPECT_EQ(t["state"], "scored");
  EXPECT_EQ(t["bids"][0]["rank"], 1);  // the first bid got the best scores
  // Award by the rule: the first bid (no reason needed), contract for its price.
  r = xh.Call("POST", Url(id, "/award"), AwardBody().dump());
  ASSERT_EQ(r.status, 200) << r.body;
  t = xh.Json(r);
  EXPECT_EQ(t["state"], "awarded");
  EXPECT_EQ(t["award_bid_id"], t["bids"][0]["id"]);
  long long contract = t["contract_id"].get<long long>();
  r = xh.Call("GET", "/api/v1/contracts/" + std::to_string(contract));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(xh.Json(r)["channel"], "tender");
  EXPECT_EQ(xh.Json(r)["price"], 8000000);
  EXPECT_EQ(xh.Json(r)["provider_org_id"], orgs_[0]);
  r = xh.Call("GET", "/api/v1/projects/" + std::to_string(t["project_id"].get<long long>()));
  EXPECT_EQ(xh.Json(r)["state"], "in_progress");
  EXPECT_EQ(xh.Json(r)["channel"], "tender");
  EXPECT_EQ(xh.Json(r)["contract_id"], contract);
  // The award notice is public.
  r = anon.Call("GET", "/api/v1/public/tenders/" + std::to_string(id));
  EXPECT_EQ(anon.Json(r)["award"]["org_name"], "会城投标组织0");
  EXPECT_EQ(anon.Json(r)["award"]["price"], 8000000);
  EXPECT_GE(CountEvents(*s_.sys, "tender.award"), 1);
  EXPECT_GE(CountEvents(*s_.sys, "tender.bid"), 3);
  // A payment of the tender's contract records the provider's income as for a commission.
  r = xh.Call("GET", "/api/v1/contracts/" + std::to_string(contract));
  long long ms = xh.Json(r)["milestones"][0]["id"];
  auto paid = PayMilestone(*s_.sys, contract, ms, 4000000, xh2_id_, "2026-03-15");
  ASSERT_TRUE(paid.ok()) << paid.status().message();
  EXPECT_EQ(QueryInt(*s_.sys, "SELECT COUNT(*) FROM incomes WHERE org_id = :1", {orgs_[0]}), 1);
}

TEST_F(TenderApiTest, SealedBidsAreUnreadableByEveryoneBeforeOpening) {
  auto xh = LoggedIn(s_, "td.xh");
  auto admin = LoggedIn(s_, "td.admin");
  long long id = Published(xh);
  long long file = UploadProposal(0);
  auto owner = LoggedIn(s_, "td.o0");
  // Before bidding the organization reads its own file.
  EXPECT_EQ(owner.Call("GET", "/api/v1/files/" + std::to_string(file) + "/content").status, 200);
  auto r = Bid(0, id, 8123456, file);
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_FALSE(json::parse(r.body).contains("price"));
  // No API returns price, team or file to anyone, admin included.
  for (Client* c : {&xh, &admin}) {
    r = c->Call("GET", Url(id));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.body.find("8123456"), std::string::npos) << r.body;
    EXPECT_EQ(r.body.find("何婉仪"), std::string::npos) << r.body;
    json b = c->Json(r)["bids"][0];
    EXPECT_TRUE(b["sealed"].get<bool>());
    EXPECT_FALSE(b.contains("price"));
    EXPECT_FALSE(b.contains("file_id"));
    EXPECT_EQ(c->Call("GET", "/api/v1/files/" + std::to_string(file) + "/content").status, 404);
    r = c->Call("GET", "/api/v1/audit-events?size=200");
    EXPECT_EQ(r.body.find("8123456"), std::string::npos);
  }
  EXPECT_EQ(owner.Call("GET", "/api/v1/files/" + std::to_string(file) + "/content").status, 404);
  // Not in the database in clear either.
  EXPECT_EQ(QueryStr(*s_.sys, "SELECT price_sealed FROM tender_bids").find("8123456"),
            std::string::npos);
  EXPECT_EQ(QueryStr(*s_.sys, "SELECT team_sealed FROM tender_bids").find("何婉仪"),
            std::string::npos);
  // After opening staff see all, and the file opens.
  clock_.Set(4 * kStep);
  r = xh.Call("POST", Url(id, "/open"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(xh.Json(r)["bids"][0]["price"], 8123456);
  EXPECT_EQ(xh.Json(r)["bids"][0]["file_id"], file);
  EXPECT_EQ(admin.Call("GET", "/api/v1/files/" + std::to_string(file) + "/content").status, 200);
}

TEST_F(TenderApiTest, LateBidIsRefusedAndNothingIsWritten) {
  auto xh = LoggedIn(s_, "td.xh");
  long long id = Published(xh);
  clock_.Set(2 * kStep + 1000);
  auto r = Bid(0, id, 100000);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_NE(r.body.find("deadline"), std::string::npos);
  EXPECT_EQ(ErrorField(r), "bid_deadline");
  EXPECT_EQ(QueryInt(*s_.sys, "SELECT COUNT(*) FROM tender_bids"), 0);
  EXPECT_EQ(CountEvents(*s_.sys, "tender.bid"), 0);
}

TEST_F(TenderApiTest, BidsCheckOwnOrganizationEligibilityAndInput) {
  auto xh = LoggedIn(s_, "td.xh");
  long long id = Published(xh);
  auto o0 = LoggedIn(s_, "td.o0");
  // Another organization's bid.
  auto r = o0.Call("POST", Url(id, "/bids"),
                   json{{"org_id", orgs_[1]}, {"price", 100}, {"team", {{{"name", "甲"}}}}}.dump());
  EXPECT_EQ(r.status, 403) << r.body;
  // Bad input names the field.
  struct Case {
    json body;
    std::string field;
  } cases[] = {
      {{{"org_id", orgs_[0]}, {"price", 0}, {"team", {{{"name", "甲"}}}}}, "price"},
      {{{"org_id", orgs_[0]}, {"price", 999999999}, {"team", {{{"name", "甲"}}}}}, "price"},
      {{{"org_id", orgs_[0]}, {"price", 100}, {"team", json::array()}}, "team"},
      {{{"org_id", orgs_[0]}, {"price", 100}, {"team", {{{"nam", "甲"}}}}}, "team[0].nam"},
      {{{"org_id", orgs_[0]}, {"price", 100}, {"team", {{{"name", "甲"}}}}, {"x", 1}}, "x"},
      {{{"org_id", orgs_[0]}, {"price", "100"}, {"team", {{{"name", "甲"}}}}}, "price"},
      {{{"org_id", orgs_[0]}, {"price", 100}, {"team", {{{"name", "甲"}}}}, {"file_id", 42}},
       "file_id"},
  };
  for (auto& c : cases) {
    r = o0.Call("POST", Url(id, "/bids"), c.body.dump());
    EXPECT_EQ(r.status, 422) << c.body.dump() << " " << r.body;
    EXPECT_EQ(ErrorField(r), c.field) << r.body;
  }
  // Ineligible: abnormal, deregistered, unregistered.
  auto& sys = *s_.sys;
  ASSERT_TRUE(ExecSql(sys, "UPDATE orgs SET status = 'abnormal' WHERE id = :1", {orgs_[0]}).ok());
  r = Bid(0, id, 100);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(ErrorField(r), "org_id");
  ASSERT_TRUE(
      ExecSql(sys, "UPDATE orgs SET status = 'deregistered' WHERE id = :1", {orgs_[0]}).ok());
  EXPECT_EQ(Bid(0, id, 100).status, 422);
  ASSERT_TRUE(
      ExecSql(sys,
              "UPDATE orgs SET status = 'active', registered = 0, kind = 'micro_org', uscc = "
              "NULL WHERE id = :1",
              {orgs_[0]})
          .ok());
  EXPECT_EQ(Bid(0, id, 100).status, 422);
  EXPECT_EQ(QueryInt(sys, "SELECT COUNT(*) FROM tender_bids"), 0);
  // Staff cannot bid; a draft tender takes no bids (it does not exist publicly).
  EXPECT_EQ(xh.Call("POST", Url(id, "/bids"), R"({"org_id":1,"price":1,"team":[]})").status, 403);
  long long project = ApprovedProject(xh);
  r = xh.Call("POST", "/api/v1/tenders", Notice(project).dump());
  long long draft = xh.Json(r).value("id", 0LL);
  EXPECT_EQ(Bid(1, draft, 100).status, 404);
}

TEST_F(TenderApiTest, EveryTransitionAllowedAndForbidden) {
  auto xh = LoggedIn(s_, "td.xh");
  long long project = ApprovedProject(xh);
  auto r = xh.Call("POST", "/api/v1/tenders", Notice(project).dump());
  ASSERT_EQ(r.status, 201) << r.body;
  long long id = xh.Json(r)["id"];
  EXPECT_EQ(xh.Json(r)["state"], "draft");
  // The project is now publicly tendered: direct commission is refused, a second tender too.
  r = xh.Call("POST", "/api/v1/projects/" + std::to_string(project) + "/commission",
              json{{"reason", "直接委托"},
                   {"provider_org_id", orgs_[0]},
                   {"start_on", "2026-03-01"},
                   {"end_on", "2026-12-31"},
                   {"price", 100},
                   {"milestones", {{{"name", "一"}, {"amount", 100}, {"due_on", "2026-04-01"}}}}}
                  .dump());
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(xh.Call("POST", "/api/v1/tenders", Notice(project).dump()).status, 409);
  // draft: open, finish, award and scoring are refused; edit works with the version.
  EXPECT_EQ(xh.Call("POST", Url(id, "/open")).status, 409);
  EXPECT_EQ(xh.Call("POST", Url(id, "/award"), AwardBody().dump()).status, 409);
  r = xh.Call("PATCH", Url(id), json{{"version", 1}, {"title", "改后的标题"}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(xh.Call("PATCH", Url(id), json{{"version", 1}, {"title", "x"}}.dump()).status, 409);
  // publish with a deadline in the past is refused.
  r = xh.Call("PATCH", Url(id),
              json{{"version", 2},
                   {"bid_deadline", Rfc3339(NowMs() - kStep)},
                   {"opening_at", Rfc3339(NowMs() - kStep)}}
                  .dump());
  ASSERT_EQ(r.status, 200) << r.body;
  r = xh.Call("POST", Url(id, "/publish"));
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(ErrorField(r), "bid_deadline");
  r = xh.Call("PATCH", Url(id),
              json{{"version", 3},
                   {"bid_deadline", Rfc3339(NowMs() + kStep)},
                   {"opening_at", Rfc3339(NowMs() + kStep)}}
                  .dump());
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(xh.Call("POST", Url(id, "/publish")).status, 200);
  // published: no second publish, no edit, no award.
  EXPECT_EQ(xh.Call("POST", Url(id, "/publish")).status, 409);
  EXPECT_EQ(xh.Call("PATCH", Url(id), json{{"version", 5}, {"title", "y"}}.dump()).status, 409);
  EXPECT_EQ(xh.Call("POST", Url(id, "/award"), AwardBody().dump()).status, 409);
  // opened: no bids any more, no reopening; scored only through the panel.
  ASSERT_EQ(Bid(0, id, 100).status, 201);
  clock_.Set(2 * kStep);
  ASSERT_EQ(xh.Call("POST", Url(id, "/open")).status, 200);
  EXPECT_EQ(xh.Call("POST", Url(id, "/open")).status, 409);
  EXPECT_EQ(Bid(1, id, 100).status, 409);
  EXPECT_EQ(xh.Call("POST", Url(id, "/award"), AwardBody().dump()).status, 409);
  // cancel needs a reason; cancelled is final and frees the project.
  r = xh.Call("POST", Url(id, "/cancel"), "{}");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(ErrorField(r), "reason");
  r = xh.Call("POST", Url(id, "/cancel"), R"({"reason":"预算调整"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(xh.Json(r)["state"], "cancelled");
  for (const char* a : {"/publish", "/open", "/finish-scoring"})
    EXPECT_EQ(xh.Call("POST", Url(id, a)).status, 409) << a;
  EXPECT_EQ(xh.Call("POST", Url(id, "/cancel"), R"({"reason":"再次"})").status, 409);
  r = xh.Call("GET", "/api/v1/projects/" + std::to_string(project));
  EXPECT_TRUE(xh.Json(r)["channel"].is_null());
  // A new tender for the same project is allowed after the cancellation.
  EXPECT_EQ(xh.Call("POST", "/api/v1/tenders", Notice(project).dump()).status, 201);
  // A project that is not approved cannot be tendered.
  r = xh.Call("POST", "/api/v1/projects",
              json{{"title", "草稿项目"},
                   {"department", "发展部"},
                   {"year", 2026},
                   {"region_code", kXinhui},
                   {"budget_lines", {{{"name", "服务费"}, {"amount", 100}}}}}
                  .dump());
  long long draft_project = xh.Json(r)["id"];
  EXPECT_EQ(xh.Call("POST", "/api/v1/tenders", Notice(draft_project).dump()).status, 409);
}

TEST_F(TenderApiTest, ConflictedOrLinkedReviewerCannotScoreAndScorerCannotAward) {
  auto xh = LoggedIn(s_, "td.xh");
  long long id = Published(xh);
  // rv3 (panel) is the linked cadre of a bidder; xh2 (staff) sits on the panel too.
  ASSERT_EQ(xh.Call("POST", Url(id, "/reviewers"), json{{"user_id", rv3_}}.dump()).status, 200);
  ASSERT_EQ(xh.Call("POST", Url(id, "/reviewers"), json{{"user_id", xh2_id_}}.dump()).status, 200);
  EXPECT_EQ(xh.Call("POST", Url(id, "/reviewers"), json{{"user_id", rv3_}}.dump()).status, 409);
  ASSERT_TRUE(
      ExecSql(*s_.sys, "UPDATE orgs SET cadre_user_id = :1 WHERE id = :2", {rv3_, orgs_[1]}).ok());
  ASSERT_EQ(Bid(0, id, 8000000).status, 201);
  ASSERT_EQ(Bid(1, id, 7000000).status, 201);
  auto rv1 = LoggedIn(s_, "td.rv1");
  auto rv2 = LoggedIn(s_, "td.rv2");
  auto rv3 = LoggedIn(s_, "td.rv3");
  auto xh2 = LoggedIn(s_, "td.xh2");
  // Scoring before opening is refused.
  EXPECT_EQ(
      rv1.Call("POST", Url(id, "/scores"), R"({"bid_id":1,"criterion":"plan","score":1})").status,
      409);
  clock_.Set(4 * kStep);
  json t = xh.Json(xh.Call("POST", Url(id, "/open")));
  ASSERT_EQ(t["state"], "opened");
  long long bid0 = t["bids"][0]["id"];
  json score = {{"bid_id", bid0}, {"criterion", "plan"}, {"score", 80}};
  // Without a declaration: refused.
  EXPECT_EQ(rv1.Call("POST", Url(id, "/scores"), score.dump()).status, 409);
  // rv2 declares a conflict: refused.
  ASSERT_EQ(
      rv2.Call("POST", Url(id, "/declaration"), R"({"conflict":true,"note":"曾任理事"})").status,
      200);
  EXPECT_EQ(rv2.Call("POST", Url(id, "/scores"), score.dump()).status, 403);
  // rv3 is linked to a bidder: refused even with a clean declaration.
  ASSERT_EQ(rv3.Call("POST", Url(id, "/declaration"), R"({"conflict":false})").status, 200);
  auto r = rv3.Call("POST", Url(id, "/scores"), score.dump());
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_NE(r.body.find("linked"), std::string::npos);
  EXPECT_EQ(QueryInt(*s_.sys, "SELECT COUNT(*) FROM tender_scores"), 0);
  // A reviewer off the panel does not see the tender.
  auto off = LoggedIn(s_, "td.rv1");
  // Bad score input names the field.
  ASSERT_EQ(rv1.Call("POST", Url(id, "/declaration"), R"({"conflict":false})").status, 200);
  for (auto [body, field] :
       {std::pair{json{{"bid_id", bid0}, {"criterion", "plan"}, {"score", 101}}, "score"},
        std::pair{json{{"bid_id", bid0}, {"criterion", "nope"}, {"score", 1}}, "criterion"},
        std::pair{json{{"bid_id", 7}, {"criterion", "plan"}, {"score", 1}}, "bid_id"},
        std::pair{json{{"bid_id", bid0}, {"criterion", "plan"}}, "score"}}) {
    r = rv1.Call("POST", Url(id, "/scores"), body.dump());
    EXPECT_EQ(r.status, 422) << body.dump() << r.body;
    EXPECT_EQ(ErrorField(r), field);
  }
  // Finishing with missing scores is refused.
  EXPECT_EQ(rv1.Call("POST", Url(id, "/finish-scoring")).status, 409);
  ScoreAll(rv1, id, t, 0);
  // The staff panel member scores too; the tender is then scored (rv2, rv3 excluded).
  ScoreAll(xh2, id, t, 0);
  t = xh.Json(xh.Call("GET", Url(id)));
  EXPECT_EQ(t["state"], "scored");
  // A scorer cannot award (separation of duties); a reviewer has no award route.
  r = xh2.Call("POST", Url(id, "/award"), AwardBody().dump());
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(rv1.Call("POST", Url(id, "/award"), AwardBody().dump()).status, 403);
  // Deviating from the rule's winner needs a reason.
  long long second = 0;
  for (auto& b : t["bids"])
    if (b["rank"] == 2) second = b["id"];
  ASSERT_NE(second, 0);
  r = xh.Call("POST", Url(id, "/award"), AwardBody({{"bid_id", second}}).dump());
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(ErrorField(r), "reason");
  // The decree No. 102 term check runs on the award's contract too.
  r = xh.Call("POST", Url(id, "/award"), AwardBody({{"end_on", "2028-02-28"}}).dump());
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(ErrorField(r), "end_on");
  r = xh.Call("POST", Url(id, "/award"),
              AwardBody({{"bid_id", second},
                         {"reason", "第一名放弃中标资格"},
                         {"milestones",
                          {{{"name", "全部"}, {"amount", 7000000}, {"due_on", "2026-04-01"}}}}})
                  .dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(xh.Json(r)["award_bid_id"], second);
  EXPECT_EQ(xh.Json(r)["award_reason"], "第一名放弃中标资格");
  (void)off;
}

TEST_F(TenderApiTest, PanelReadsTheProposalsOnlyAfterOpeningAndWithoutConflict) {
  auto xh = LoggedIn(s_, "td.xh");
  long long id = Published(xh);  // panel: rv1, rv2
  // A second tender whose panel is rv3 alone.
  long long project = ApprovedProject(xh);
  long long other = xh.Json(xh.Call("POST", "/api/v1/tenders", Notice(project).dump()))["id"];
  ASSERT_EQ(xh.Call("POST", Url(other, "/reviewers"), json{{"user_id", rv3_}}.dump()).status, 200);
  ASSERT_EQ(xh.Call("POST", Url(other, "/publish")).status, 200);
  long long file = UploadProposal(0), other_file = UploadProposal(1);
  ASSERT_EQ(Bid(0, id, 8000000, file).status, 201);
  ASSERT_EQ(Bid(1, other, 7000000, other_file).status, 201);
  auto rv1 = LoggedIn(s_, "td.rv1");
  auto rv2 = LoggedIn(s_, "td.rv2");
  auto rv3 = LoggedIn(s_, "td.rv3");
  auto content = [](Client& c, long long f) {
    return c.Call("GET", "/api/v1/files/" + std::to_string(f) + "/content").status;
  };
  // Sealed: the panel reads nothing before opening.
  EXPECT_EQ(content(rv1, file), 404);
  clock_.Set(4 * kStep);
  ASSERT_EQ(xh.Call("POST", Url(id, "/open")).status, 200);
  ASSERT_EQ(xh.Call("POST", Url(other, "/open")).status, 200);
  // Opened, but rv1 has not declared yet.
  EXPECT_EQ(content(rv1, file), 404);
  ASSERT_EQ(rv1.Call("POST", Url(id, "/declaration"), R"({"conflict":false})").status, 200);
  auto r = rv1.Call("GET", "/api/v1/files/" + std::to_string(file));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(rv1.Json(r)["name"], "投标文件.pdf");
  r = rv1.Call("GET", "/api/v1/files/" + std::to_string(file) + "/content");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.rfind("%PDF-1.4", 0), 0u);
  // A declared conflict keeps rv2 out; rv3 sits on another panel only.
  ASSERT_EQ(
      rv2.Call("POST", Url(id, "/declaration"), R"({"conflict":true,"note":"曾任理事"})").status,
      200);
  EXPECT_EQ(content(rv2, file), 404);
  ASSERT_EQ(rv3.Call("POST", Url(other, "/declaration"), R"({"conflict":false})").status, 200);
  EXPECT_EQ(content(rv3, file), 404);
  EXPECT_EQ(content(rv3, other_file), 200);
  EXPECT_EQ(content(rv1, other_file), 404);
  // Reviewers still list no files: they reach single proposals through their panel.
  EXPECT_EQ(rv1.Call("GET", "/api/v1/files").status, 403);
}

TEST_F(TenderApiTest, ScopeHidesOtherRegionsAndReviewersSeeOnlyTheirPanels) {
  auto xh = LoggedIn(s_, "td.xh");
  long long id = Published(xh);
  auto ts = LoggedIn(s_, "td.ts");
  EXPECT_EQ(ts.Call("GET", Url(id)).status, 404);
  EXPECT_EQ(ts.Call("POST", Url(id, "/cancel"), R"({"reason":"x"})").status, 404);
  EXPECT_EQ(ts.Json(ts.Call("GET", "/api/v1/tenders"))["total"], 0);
  auto aud = LoggedIn(s_, "td.aud");
  EXPECT_EQ(aud.Call("GET", Url(id)).status, 200);
  EXPECT_EQ(aud.Call("POST", Url(id, "/cancel"), R"({"reason":"x"})").status, 403);
  auto rv1 = LoggedIn(s_, "td.rv1");
  auto rv3 = LoggedIn(s_, "td.rv3");
  EXPECT_EQ(rv1.Call("GET", Url(id)).status, 200);
  EXPECT_EQ(rv1.Json(rv1.Call("GET", "/api/v1/tenders"))["total"], 1);
  EXPECT_EQ(rv3.Call("GET", Url(id)).status, 404);
  EXPECT_EQ(rv3.Json(rv3.Call("GET", "/api/v1/tenders"))["total"], 0);
  EXPECT_EQ(rv3.Call("POST", Url(id, "/declaration"), R"({"conflict":false})").status, 404);
  // Drafts are not public; the anonymous caller cannot reach staff routes.
  Client anon(*s_.app);
  EXPECT_EQ(anon.Call("GET", Url(id)).status, 401);
  long long project = ApprovedProject(xh);
  long long draft = xh.Json(xh.Call("POST", "/api/v1/tenders", Notice(project).dump()))["id"];
  EXPECT_EQ(anon.Call("GET", "/api/v1/public/tenders/" + std::to_string(draft)).status, 404);
  // A project out of scope cannot be tendered.
  EXPECT_EQ(ts.Call("POST", "/api/v1/tenders", Notice(project).dump()).status, 403);
}

TEST_F(TenderApiTest, BadNoticeInputNamesTheField) {
  auto xh = LoggedIn(s_, "td.xh");
  long long project = ApprovedProject(xh);
  struct Case {
    json extra;
    std::string field;
  } cases[] = {
      {{{"criteria", {{{"name", "方案"}, {"weight", 50}}}}}, "criteria"},
      {{{"criteria", json::array()}}, "criteria"},
      {{{"criteria", {{{"name", ""}, {"weight", 100}}}}}, "criteria[0].name"},
      {{{"criteria", {{{"name", "方案"}, {"weight", 0}}, {{"name", "价"}, {"weight", 100}}}}},
       "criteria[0].weight"},
      {{{"criteria", {{{"name", "方案"}, {"weight", 100}, {"x", 1}}}}}, "criteria[0].x"},
      {{{"bid_deadline", "tomorrow"}}, "bid_deadline"},
      {{{"opening_at", Rfc3339(NowMs())}}, "opening_at"},
      {{{"eligibility", ""}}, "eligibility"},
      {{{"title", std::string(201, 'x')}}, "title"},
      {{{"unknown", 1}}, "unknown"},
      {{{"project_id", "x"}}, "project_id"},
  };
  for (auto& c : cases) {
    auto r = xh.Call("POST", "/api/v1/tenders", Notice(project, c.extra).dump());
    EXPECT_EQ(r.status, 422) << c.extra.dump() << " " << r.body;
    EXPECT_EQ(ErrorField(r), c.field) << c.extra.dump() << " " << r.body;
  }
  EXPECT_EQ(QueryInt(*s_.sys, "SELECT COUNT(*) FROM tenders"), 0);
  EXPECT_EQ(CountEvents(*s_.sys, "tender."), 0);
}

// The notice form sends project_id 0 when no project was chosen: the answer names
// the missing project (422 on project_id), not "outside your scope" (403).
TEST_F(TenderApiTest, NoticeWithoutProjectSaysTheProjectIsRequired) {
  auto xh = LoggedIn(s_, "td.xh");
  ApprovedProject(xh);
  for (json project : {json(0), json(-5), json(nullptr)}) {
    json body = Notice(0);
    body["project_id"] = project;
    auto r = xh.Call("POST", "/api/v1/tenders", body.dump());
    EXPECT_EQ(r.status, 422) << project.dump() << " " << r.body;
    EXPECT_EQ(ErrorField(r), "project_id") << r.body;
    EXPECT_NE(r.body.find("required"), std::string::npos) << r.body;
  }
  json body = Notice(0);
  body.erase("project_id");
  auto r = xh.Call("POST", "/api/v1/tenders", body.dump());
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(ErrorField(r), "project_id") << r.body;
  EXPECT_EQ(QueryInt(*s_.sys, "SELECT COUNT(*) FROM tenders"), 0);
  EXPECT_EQ(CountEvents(*s_.sys, "tender."), 0);
}

TEST_F(TenderApiTest, OcdsReleasePackageListsTheYearsTendersAwardsAndContracts) {
  auto xh = LoggedIn(s_, "td.xh");
  long long id = Published(xh);
  ASSERT_EQ(Bid(0, id, 8000000).status, 201);
  ASSERT_EQ(Bid(1, id, 7000000).status, 201);
  clock_.Set(4 * kStep);
  json t = xh.Json(xh.Call("POST", Url(id, "/open")));
  auto rv1 = LoggedIn(s_, "td.rv1");
  auto rv2 = LoggedIn(s_, "td.rv2");
  ScoreAll(rv1, id, t, 0);
  ScoreAll(rv2, id, t, 0);
  ASSERT_EQ(xh.Call("POST", Url(id, "/award"), AwardBody().dump()).status, 200);
  Client anon(*s_.app);
  auto r = anon.Call("GET", "/api/v1/ocds/release-package?year=2026");
  ASSERT_EQ(r.status, 200) << r.body;
  json pkg = anon.Json(r);
  EXPECT_EQ(pkg["version"], "1.1");
  ASSERT_EQ(pkg["releases"].size(), 1u);
  json rel = pkg["releases"][0];
  EXPECT_EQ(rel["tender"]["value"]["amount"], 100000.0);
  EXPECT_EQ(rel["awards"][0]["value"]["amount"], 80000.0);
  EXPECT_EQ(rel["contracts"][0]["awardID"], rel["awards"][0]["id"]);
  EXPECT_EQ(rel["tender"]["numberOfTenderers"], 2);
  EXPECT_EQ(
      anon.Json(anon.Call("GET", "/api/v1/ocds/release-package?year=2025"))["releases"].size(), 0u);
  EXPECT_EQ(anon.Call("GET", "/api/v1/ocds/release-package").status, 422);
  EXPECT_EQ(anon.Call("GET", "/api/v1/ocds/release-package?year=20x6").status, 422);
  // Dumped for tests/ocds/validate.mjs (scripts/test validates it against the OCDS schema).
  if (const char* dir = std::getenv("SHUNIU_OCDS_DUMP")) {
    std::string path = std::string(dir) + "/release-package-" +
                       (s_.sys->db->engine() == db::Engine::kSqlite ? "sqlite" : "postgresql") +
                       ".json";
    FILE* f = std::fopen(path.c_str(), "w");
    ASSERT_NE(f, nullptr) << path;
    std::fputs(pkg.dump(2).c_str(), f);
    std::fclose(f);
  }
}

}  // namespace
}  // namespace shuniu::testing
