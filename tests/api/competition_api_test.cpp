// Competitions (公益创投) over the API: validation naming fields, scope,
// applications with deadlines and eligibility, the freeze of the rules and the
// audited amendment, hidden vote counts, results (ranking, budget cut-off,
// quotas, ties, adjustments with a second approver), publication into the
// project cycle, figures, and the demo. Runs on SQLite, and on PostgreSQL when
// SHUNIU_TEST_DB is set.
#include "api/harness.h"
#include "core/crypto.h"
#include "org/uscc.h"

namespace shuniu::testing {
namespace {

using nlohmann::json;

constexpr const char* kJiangmen = "440700000000";
constexpr const char* kXinhui = "440705000000";
constexpr const char* kHuicheng = "440705001000";
constexpr const char* kTaishan = "440781000000";
constexpr int64_t kMin = ClockShift::kMinute;

class CompetitionApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    s_ = MakeStack();
    auto& sys = *s_.sys;
    t0_ = NowMs() / 1000 * 1000;  // stored times are whole seconds
    MakeUser(sys, "k.admin", Role::kAdmin, kJiangmen);
    MakeUser(sys, "k.jm", Role::kStaff, kJiangmen);
    MakeUser(sys, "k.jm2", Role::kStaff, kJiangmen);
    MakeUser(sys, "k.xh", Role::kStaff, kXinhui);
    MakeUser(sys, "k.ts", Role::kStaff, kTaishan);
    MakeUser(sys, "k.aud", Role::kAuditor, kJiangmen);
    rv1_ = MakeUser(sys, "k.rv1", Role::kReviewer, kJiangmen).id;
    rv2_ = MakeUser(sys, "k.rv2", Role::kReviewer, kJiangmen).id;
    const std::vector<std::string> regions = {kHuicheng, kXinhui, kTaishan, kHuicheng};
    for (size_t i = 0; i < regions.size(); ++i) {
      long long id = MakeOrg(sys, "创投申报组织" + std::to_string(i), regions[i]);
      std::string first17 = "5144070" + std::string("5MK000000") + std::to_string(i);
      std::string uscc = first17 + org::UsccCheckChar(first17);
      EXPECT_TRUE(ExecSql(sys,
                          "UPDATE orgs SET kind = 'association', registered = 1, uscc = :1 "
                          "WHERE id = :2",
                          {uscc, id})
                      .ok());
      orgs_.push_back(id);
      MakeUser(sys, "k.o" + std::to_string(i), Role::kOrg, regions[i], kPassword, id);
    }
  }

  // A fresh session for `c` (after the clock moved past the idle timeout).
  void Relogin(Client& c, const std::string& user) {
    Client n = LoggedIn(s_, user);
    c.cookie = n.cookie;
    c.set_csrf(n.csrf());
  }

  std::string At(int64_t minutes) { return Rfc3339(t0_ + minutes * kMin); }

  json Body(json extra = json::object()) {
    json b = {{"name", "2026年江门市妇女儿童公益创投"},
              {"series", "江门市公益创投"},
              {"year", 2026},
              {"region_code", kJiangmen},
              {"pool_fen", 40000000},
              {"expert_weight_pct", 70},
              {"vote_weight_pct", 30},
              {"matching_ratio_pct", 10},
              {"eligibility", {{"kinds", {"association"}}, {"exclude_abnormal", true}}},
              {"criteria",
               {{{"code", "plan"}, {"name", "方案"}, {"weight", 60}},
                {{"code", "budget"}, {"name", "预算"}, {"weight", 40}}}},
              {"apply_opens_at", At(-60)},
              {"apply_closes_at", At(10)},
              {"qualify_closes_at", At(20)},
              {"scoring_closes_at", At(30)},
              {"voting_opens_at", At(40)},
              {"voting_closes_at", At(50)},
              {"results_at", At(60)}};
    for (auto& [k, v] : extra.items()) b[k] = v;
    return b;
  }

  long long Pool(Client& c, long long planned) {
    auto r = c.Call("POST", "/api/v1/budget-pools",
                    json{{"year", 2026},
                         {"source", "fiscal_budget"},
                         {"region_code", kJiangmen},
                         {"name", "公益创投资金"},
                         {"planned", planned}}
                        .dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return c.Json(r).value("id", 0LL);
  }

  // Creates and opens a competition as `c`; returns its id.
  long long OpenCompetition(Client& c, json extra = json::object()) {
    auto r = c.Call("POST", "/api/v1/competitions", Body(extra).dump());
    EXPECT_EQ(r.status, 201) << r.body;
    long long id = c.Json(r).value("id", 0LL);
    r = c.Call("POST", Path(id, "/open"));
    EXPECT_EQ(r.status, 200) << r.body;
    return id;
  }

  std::string Path(long long id, const std::string& rest = "") {
    return "/api/v1/competitions/" + std::to_string(id) + rest;
  }

  // Org `i` drafts and submits an application; returns its id.
  long long Apply(long long comp, int i, long long requested, bool submit = true) {
    Client o = LoggedIn(s_, "k.o" + std::to_string(i));
    auto r = o.Call("POST", Path(comp, "/applications"),
                    json{{"title", "项目" + std::to_string(i)},
                         {"summary", "摘要"},
                         {"plan", "实施方案"},
                         {"budget_lines", {{{"name", "活动费"}, {"amount", requested}}}},
                         {"requested_fen", requested},
                         {"matching_fen", requested / 5}}
                        .dump());
    EXPECT_EQ(r.status, 201) << r.body;
    long long id = o.Json(r).value("id", 0LL);
    if (submit) {
      r = o.Call("POST", Path(comp, "/applications/" + std::to_string(id) + "/submit"));
      EXPECT_EQ(r.status, 200) << r.body;
    }
    return id;
  }

  void Score(long long comp, const std::string& reviewer, long long app, long long v) {
    Client rv = LoggedIn(s_, reviewer);
    auto r =
        rv.Call("POST", Path(comp, "/scores"),
                json{{"application_id", app}, {"scores", {{"plan", v}, {"budget", v}}}}.dump());
    EXPECT_EQ(r.status, 201) << r.body;
  }

  void Votes(long long comp, long long app, int n) {
    for (int i = 0; i < n; ++i)
      ASSERT_TRUE(ExecSql(*s_.sys,
                          "INSERT INTO competition_votes (id, competition_id, application_id, "
                          "voter_key, vote_day, ip, subnet, created_at) VALUES (:1, :2, :3, :4, "
                          "20000, '10.0.0.1', '10.0.0.0/24', :5)",
                          {crypto::RandomId(), comp, app, "voter" + std::to_string(i),
                           static_cast<long long>(NowMs() / 1000)})
                      .ok());
  }

  json EntryOf(const json& results, long long app) {
    for (auto& e : results["entries"])
      if (e["application_id"] == app) return e;
    return json();
  }

  Stack s_;
  int64_t t0_ = 0;
  long long rv1_ = 0, rv2_ = 0;
  std::vector<long long> orgs_;
  ClockShift clock_;
};

TEST_F(CompetitionApiTest, CreateRejectsBadInputNamingTheField) {
  Client jm = LoggedIn(s_, "k.jm");
  struct Case {
    json extra;
    std::string field;
  } cases[] = {
      {{{"vote_weight_pct", 40}}, "vote_weight_pct"},
      {{{"pool_fen", -1}}, "pool_fen"},
      {{{"apply_closes_at", At(-70)}}, "apply_closes_at"},
      {{{"voting_closes_at", At(35)}}, "voting_closes_at"},
      {{{"criteria", {{{"name", "方案"}, {"weight", 50}}}}}, "criteria"},
      {{{"eligibility", {{"min_grade", "6A"}}}}, "eligibility.min_grade"},
      {{{"eligibility", {{"colour", "red"}}}}, "eligibility.colour"},
      {{{"award_rule", {{"cutoff", "maybe"}}}}, "award_rule.cutoff"},
      {{{"vote_rules", {{"max_entries_per_day", 0}}}}, "vote_rules.max_entries_per_day"},
      {{{"apply_opens_at", "yesterday"}}, "apply_opens_at"},
      {{{"colour", "red"}}, "colour"},
  };
  for (auto& c : cases) {
    auto r = jm.Call("POST", "/api/v1/competitions", Body(c.extra).dump());
    EXPECT_EQ(r.status, 422) << c.extra.dump() << " " << r.body;
    EXPECT_EQ(ErrorField(r), c.field) << r.body;
  }
  EXPECT_EQ(QueryInt(*s_.sys, "SELECT COUNT(*) FROM competitions"), 0);
  auto r = jm.Call("POST", "/api/v1/competitions", Body().dump());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(jm.Json(r)["state"], "draft");
  EXPECT_EQ(jm.Json(r)["phase"], "draft");
}

TEST_F(CompetitionApiTest, DistrictStaffSeeOnlyTheirSubtree) {
  Client xh = LoggedIn(s_, "k.xh"), ts = LoggedIn(s_, "k.ts"), jm = LoggedIn(s_, "k.jm");
  auto r = xh.Call("POST", "/api/v1/competitions", Body({{"region_code", kXinhui}}).dump());
  ASSERT_EQ(r.status, 201) << r.body;
  long long id = xh.Json(r)["id"];
  EXPECT_EQ(ts.Call("GET", Path(id)).status, 404);
  EXPECT_EQ(ts.Call("GET", Path(id, "/figures")).status, 404);
  EXPECT_EQ(ts.Json(ts.Call("GET", "/api/v1/competitions"))["total"], 0);
  EXPECT_EQ(jm.Call("GET", Path(id)).status, 200);
  EXPECT_EQ(xh.Json(xh.Call("GET", "/api/v1/competitions"))["total"], 1);
  r = xh.Call("POST", "/api/v1/competitions", Body({{"region_code", kTaishan}}).dump());
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(xh.Call("GET", "/api/v1/competitions/figures?region=440781000000").status, 404);
}

TEST_F(CompetitionApiTest, OrganizationsApplyBeforeTheDeadlineAndSeeOnlyTheirOwn) {
  Client jm = LoggedIn(s_, "k.jm");
  long long comp = OpenCompetition(jm);
  long long a0 = Apply(comp, 0, 100000);
  Client o1 = LoggedIn(s_, "k.o1");
  // Another organization sees the competition but not the application.
  EXPECT_EQ(o1.Call("GET", Path(comp)).status, 200);
  EXPECT_EQ(o1.Call("GET", Path(comp, "/applications/" + std::to_string(a0))).status, 404);
  EXPECT_EQ(o1.Json(o1.Call("GET", Path(comp, "/applications")))["total"], 0);
  // Matching funds below the ratio and an ineligible kind are refused at submit.
  auto r = o1.Call("POST", Path(comp, "/applications"),
                   json{{"title", "项目"},
                        {"plan", "方案"},
                        {"budget_lines", {{{"name", "费"}, {"amount", 100000}}}},
                        {"requested_fen", 100000},
                        {"matching_fen", 5000}}
                       .dump());
  ASSERT_EQ(r.status, 201) << r.body;
  long long a1 = o1.Json(r)["id"];
  std::string submit = Path(comp, "/applications/" + std::to_string(a1) + "/submit");
  r = o1.Call("POST", submit);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(ErrorField(r), "matching_fen");
  long long v =
      o1.Json(o1.Call("GET", Path(comp, "/applications/" + std::to_string(a1))))["version"];
  r = o1.Call("PATCH", Path(comp, "/applications/" + std::to_string(a1)),
              json{{"version", v}, {"matching_fen", 20000}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_TRUE(
      ExecSql(*s_.sys, "UPDATE orgs SET kind = 'foundation' WHERE id = :1", {orgs_[1]}).ok());
  r = o1.Call("POST", submit);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(ErrorField(r), "eligibility.kinds");
  ASSERT_TRUE(ExecSql(*s_.sys,
                      "UPDATE orgs SET kind = 'association', status = 'abnormal' WHERE id = :1",
                      {orgs_[1]})
                  .ok());
  r = o1.Call("POST", submit);
  EXPECT_EQ(ErrorField(r), "eligibility.exclude_abnormal");
  EXPECT_EQ(QueryStr(*s_.sys, "SELECT state FROM competition_applications WHERE id = :1", {a1}),
            "draft");
  // Staff list the submitted one; after the deadline no one applies or submits.
  EXPECT_EQ(jm.Json(jm.Call("GET", Path(comp, "/applications")))["total"], 1);
  clock_.Set(15 * kMin);
  Client o2 = LoggedIn(s_, "k.o2");
  r = o2.Call("POST", Path(comp, "/applications"), json{{"title", "迟到"}}.dump());
  EXPECT_EQ(r.status, 409) << r.body;
  Relogin(o1, "k.o1");
  ASSERT_TRUE(ExecSql(*s_.sys, "UPDATE orgs SET status = 'active' WHERE id = :1", {orgs_[1]}).ok());
  EXPECT_EQ(o1.Call("POST", submit).status, 409);
  // Staff qualify with an entry number, or reject with a reason.
  Relogin(jm, "k.jm");
  r = jm.Call("POST", Path(comp, "/applications/" + std::to_string(a0) + "/reject"), "{}");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(ErrorField(r), "reason");
  r = jm.Call("POST", Path(comp, "/applications/" + std::to_string(a0) + "/qualify"), "{}");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(jm.Json(r)["state"], "qualified");
  EXPECT_EQ(jm.Json(r)["entry_no"], 1);
}

TEST_F(CompetitionApiTest, RulesFreezeWhenVotingOpensAndAmendmentsAreAudited) {
  Client jm = LoggedIn(s_, "k.jm");
  long long comp = OpenCompetition(jm);
  long long v = jm.Json(jm.Call("GET", Path(comp)))["version"];
  auto r = jm.Call("PATCH", Path(comp), json{{"version", v}, {"pool_fen", 50000000}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  v = jm.Json(r)["version"];
  clock_.Set(45 * kMin);
  Relogin(jm, "k.jm");
  EXPECT_EQ(jm.Json(jm.Call("GET", Path(comp)))["phase"], "voting");
  r = jm.Call("PATCH", Path(comp), json{{"version", v}, {"voting_closes_at", At(80)}}.dump());
  EXPECT_EQ(r.status, 409) << r.body;
  r = jm.Call("POST", Path(comp, "/amendments"),
              json{{"version", v}, {"voting_closes_at", At(80)}}.dump());
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(ErrorField(r), "reason");
  long long events = CountEvents(*s_.sys, "competition.amend");
  r = jm.Call("POST", Path(comp, "/amendments"),
              json{{"version", v},
                   {"reason", "暴雨红色预警，线下集票活动顺延"},
                   {"voting_closes_at", At(80)},
                   {"results_at", At(90)}}
                  .dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(jm.Json(r)["voting_closes_at"], At(80));
  EXPECT_TRUE(jm.Json(r)["rules_frozen"].get<bool>());
  EXPECT_EQ(CountEvents(*s_.sys, "competition.amend"), events + 1);
  auto list = jm.Json(jm.Call("GET", Path(comp, "/amendments")));
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_EQ(list["items"][0]["reason"], "暴雨红色预警，线下集票活动顺延");
  EXPECT_EQ(list["items"][0]["before"]["voting_closes_at"], (t0_ + 50 * kMin) / 1000);
}

// Ranking, quotas, budget cut-off, adjustment with a second approver, hidden
// counts until close, and publication into the project cycle.
TEST_F(CompetitionApiTest, ResultsRankFundWithinPoolAndQuotasThenPublishProjects) {
  Client jm = LoggedIn(s_, "k.jm");
  long long pool = Pool(jm, 100000000);
  long long comp = OpenCompetition(
      jm, {{"pool_fen", 400000},
           {"budget_pool_id", pool},
           {"award_rule", {{"cutoff", "skip"}, {"region_quotas", {{kHuicheng, 1}}}}}});
  for (long long rv : {rv1_, rv2_})
    ASSERT_EQ(jm.Call("POST", Path(comp, "/reviewers"), json{{"user_id", rv}}.dump()).status, 200);
  long long a = Apply(comp, 0, 100000), b = Apply(comp, 1, 120000), c = Apply(comp, 2, 80000),
            d = Apply(comp, 3, 50000);
  for (long long app : {a, b, c, d})
    ASSERT_EQ(
        jm.Call("POST", Path(comp, "/applications/" + std::to_string(app) + "/qualify")).status,
        200);
  // Reviewer 2 belongs to organization 3: refused there, and may recuse.
  ASSERT_TRUE(
      ExecSql(*s_.sys, "UPDATE users SET org_id = :1 WHERE id = :2", {orgs_[3], rv2_}).ok());
  for (auto [app, v] : {std::pair{a, 90}, std::pair{b, 80}, std::pair{c, 70}, std::pair{d, 85}}) {
    Score(comp, "k.rv1", app, v);
    if (app != d) Score(comp, "k.rv2", app, v);
  }
  Client rv2 = LoggedIn(s_, "k.rv2");
  auto r = rv2.Call("POST", Path(comp, "/scores"),
                    json{{"application_id", d}, {"scores", {{"plan", 99}, {"budget", 99}}}}.dump());
  EXPECT_EQ(r.status, 403) << r.body;
  r = rv2.Call("POST", Path(comp, "/scores"),
               json{{"application_id", a}, {"scores", {{"plan", 101}, {"budget", 9}}}}.dump());
  EXPECT_EQ(ErrorField(r), "scores.plan");
  ASSERT_EQ(rv2.Call("POST", Path(comp, "/recusals"),
                     json{{"application_id", d}, {"reason", "本人任该组织理事"}}.dump())
                .status,
            201);
  EXPECT_EQ(rv2.Json(rv2.Call("GET", Path(comp, "/scores")))["total"], 3);
  EXPECT_EQ(jm.Json(jm.Call("GET", Path(comp, "/scores")))["total"], 7);

  // Voting: votes exist but no response shows them before close.
  clock_.Set(45 * kMin);
  Votes(comp, a, 10);
  Votes(comp, b, 20);
  Relogin(jm, "k.jm");
  Client aud = LoggedIn(s_, "k.aud");
  for (Client* cl : {&jm, &aud}) {
    auto res = cl->Call("GET", Path(comp, "/results"));
    ASSERT_EQ(res.status, 200) << res.body;
    for (const char* key : {"votes_online", "votes_paper", "votes_total", "vote_score"})
      EXPECT_EQ(res.body.find(key), std::string::npos) << res.body;
    EXPECT_TRUE(cl->Json(res)["counts_hidden"].get<bool>());
    auto fig = cl->Json(cl->Call("GET", Path(comp, "/figures")));
    EXPECT_TRUE(fig["votes"].is_null()) << fig.dump();
    auto sum = cl->Call("GET", "/api/v1/competitions/figures?year=2026");
    EXPECT_EQ(cl->Json(sum)["votes"]["online"], 0) << sum.body;
  }
  // Hidden: expert score alone ranks A (90), D (85), B (80), C (70).
  json res = jm.Json(jm.Call("GET", Path(comp, "/results")));
  EXPECT_EQ(EntryOf(res, a)["rank"], 1);
  EXPECT_EQ(EntryOf(res, d)["rank"], 2);

  // After close: B 56+30 = 86, A 63+15 = 78, D 59.5, C 49. Pool 400,000 fen:
  // B and A funded, D hits the Huicheng quota (A took it), C fits and is funded.
  clock_.Set(55 * kMin);
  Relogin(jm, "k.jm");
  res = jm.Json(jm.Call("GET", Path(comp, "/results")));
  EXPECT_FALSE(res["counts_hidden"].get<bool>());
  EXPECT_EQ(EntryOf(res, b)["rank"], 1);
  EXPECT_EQ(EntryOf(res, b)["votes_online"], 20);
  EXPECT_EQ(EntryOf(res, a)["rank"], 2);
  EXPECT_EQ(EntryOf(res, d)["rank"], 3);
  EXPECT_EQ(EntryOf(res, c)["rank"], 4);
  EXPECT_TRUE(EntryOf(res, a)["funded"].get<bool>());
  EXPECT_FALSE(EntryOf(res, d)["funded"].get<bool>());
  EXPECT_EQ(EntryOf(res, d)["note"], "quota");
  EXPECT_TRUE(EntryOf(res, c)["funded"].get<bool>());
  EXPECT_EQ(res["awarded_fen"], 300000);
  auto fig = jm.Json(jm.Call("GET", Path(comp, "/figures")));
  EXPECT_EQ(fig["votes"]["online"], 30);

  // Amend the pool to 200,000 (frozen rules): B funded (80,000 left), A does not
  // fit and is skipped, D (Huicheng quota now free) fits, C does not.
  long long v = jm.Json(jm.Call("GET", Path(comp)))["version"];
  r = jm.Call("POST", Path(comp, "/amendments"),
              json{{"version", v}, {"reason", "资金调减"}, {"pool_fen", 200000}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  res = jm.Json(jm.Call("GET", Path(comp, "/results")));
  EXPECT_TRUE(EntryOf(res, b)["funded"].get<bool>());
  EXPECT_EQ(EntryOf(res, a)["note"], "budget");
  EXPECT_TRUE(EntryOf(res, d)["funded"].get<bool>());
  EXPECT_EQ(EntryOf(res, c)["note"], "budget");

  // An adjustment needs a reason and a second staff user.
  r = jm.Call("POST", Path(comp, "/results/adjustments"),
              json{{"application_id", c}, {"new_rank", 1}}.dump());
  EXPECT_EQ(ErrorField(r), "reason");
  r = jm.Call(
      "POST", Path(comp, "/results/adjustments"),
      json{{"application_id", c}, {"new_rank", 1}, {"reason", "评审复核：加分项漏计"}}.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  long long adj = jm.Json(r)["id"];
  std::string approve = Path(comp, "/results/adjustments/" + std::to_string(adj) + "/approve");
  EXPECT_EQ(jm.Call("POST", Path(comp, "/results/publish")).status, 409);  // pending adjustment
  EXPECT_EQ(jm.Call("POST", approve).status, 403);
  res = jm.Json(jm.Call("GET", Path(comp, "/results")));
  EXPECT_EQ(EntryOf(res, c)["rank"], 4);
  Client jm2 = LoggedIn(s_, "k.jm2");
  r = jm2.Call("POST", approve);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(jm2.Json(r)["state"], "approved");
  res = jm.Json(jm.Call("GET", Path(comp, "/results")));
  EXPECT_EQ(EntryOf(res, c)["rank"], 1);
  EXPECT_TRUE(EntryOf(res, c)["adjusted"].get<bool>());
  EXPECT_TRUE(EntryOf(res, c)["funded"].get<bool>());  // C 80,000, then B 120,000 = 200,000
  EXPECT_TRUE(EntryOf(res, b)["funded"].get<bool>());
  EXPECT_FALSE(EntryOf(res, d)["funded"].get<bool>());

  // Publish: funded entries become projects (channel competition) with contracts.
  r = jm.Call("POST", Path(comp, "/results/publish"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(jm.Json(r)["published"].get<bool>());
  EXPECT_EQ(QueryInt(*s_.sys, "SELECT COUNT(*) FROM projects WHERE channel = 'competition'"), 2);
  EXPECT_EQ(QueryStr(*s_.sys, "SELECT state FROM competition_applications WHERE id = :1", {c}),
            "funded");
  EXPECT_EQ(QueryStr(*s_.sys, "SELECT state FROM competition_applications WHERE id = :1", {a}),
            "not_funded");
  long long project =
      QueryInt(*s_.sys, "SELECT project_id FROM competition_applications WHERE id = :1", {b});
  EXPECT_EQ(QueryStr(*s_.sys, "SELECT state FROM projects WHERE id = :1", {project}),
            "in_progress");
  EXPECT_EQ(QueryInt(*s_.sys, "SELECT price FROM contracts WHERE project_id = :1", {project}),
            120000);
  EXPECT_EQ(QueryInt(*s_.sys, "SELECT committed FROM budget_pools WHERE id = :1", {pool}), 200000);
  EXPECT_EQ(jm.Json(jm.Call("GET", Path(comp)))["state"], "results");
  EXPECT_EQ(jm.Call("POST", Path(comp, "/results/publish")).status, 409);
  fig = jm.Json(jm.Call("GET", Path(comp, "/figures")));
  EXPECT_EQ(fig["funded_entries"], 2);
  EXPECT_EQ(fig["awarded_fen"], 200000);
  EXPECT_EQ(fig["applications"], 4);
}

// The city-wide figures page: one row per competition (votes online, paper and
// voided only when counts may be shown) and participation per child region.
TEST_F(CompetitionApiTest, CityFiguresListEachCompetitionAndParticipationByChildRegion) {
  Client jm = LoggedIn(s_, "k.jm");
  long long open = OpenCompetition(jm, {{"counts_hidden", false}});
  long long hidden = OpenCompetition(jm, {{"name", "隐藏票数的创投"}});
  long long a0 = Apply(open, 0, 100000), a1 = Apply(open, 1, 60000), a2 = Apply(open, 2, 40000);
  long long h3 = Apply(hidden, 3, 50000);
  Apply(open, 3, 30000, false);  // a draft does not count
  for (long long app : {a0, a1})
    ASSERT_EQ(
        jm.Call("POST", Path(open, "/applications/" + std::to_string(app) + "/qualify")).status,
        200);
  auto r = jm.Call("POST", Path(open, "/applications/" + std::to_string(a2) + "/reject"),
                   json{{"reason", "材料不全"}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  ASSERT_EQ(
      jm.Call("POST", Path(hidden, "/applications/" + std::to_string(h3) + "/qualify")).status,
      200);
  clock_.Set(45 * kMin);  // both are in their voting phase
  Votes(open, a0, 4);
  Votes(hidden, h3, 7);
  ASSERT_TRUE(ExecSql(*s_.sys,
                      "UPDATE competition_votes SET voided_at = 1 WHERE id = (SELECT MIN(id) "
                      "FROM competition_votes WHERE competition_id = :1)",
                      {open})
                  .ok());
  Relogin(jm, "k.jm");

  auto sum = jm.Call("GET", "/api/v1/competitions/figures?year=2026");
  ASSERT_EQ(sum.status, 200) << sum.body;
  json f = jm.Json(sum);
  EXPECT_EQ(f["competitions"], 2);
  EXPECT_EQ(f["applications"], 4);
  EXPECT_EQ(f["qualified"], 3);
  EXPECT_EQ(f["applicant_orgs"], 4);
  EXPECT_EQ(f["requested_fen"], 250000);
  // Only the competition that shows its counts adds votes.
  EXPECT_EQ(f["votes"], json({{"online", 3}, {"paper", 0}, {"voided", 1}})) << f.dump();
  EXPECT_EQ(f["counts_hidden_competitions"], 1);
  ASSERT_EQ(f["by_competition"].size(), 2u);
  for (auto& k : f["by_competition"]) {
    if (k["id"] == open) {
      EXPECT_EQ(k["applications"], 3);
      EXPECT_EQ(k["qualified"], 2);
      EXPECT_EQ(k["applicant_orgs"], 3);
      EXPECT_EQ(k["phase"], "voting");
      EXPECT_EQ(k["votes"]["voided"], 1);
      EXPECT_FALSE(k["counts_hidden"].get<bool>());
    } else {
      EXPECT_EQ(k["id"], hidden);
      EXPECT_TRUE(k["votes"].is_null()) << k.dump();
      EXPECT_TRUE(k["counts_hidden"].get<bool>());
    }
  }
  // Participation per district of the city: Xinhui (Huicheng and the district) and Taishan.
  std::map<std::string, json> regions;
  for (auto& x : f["by_region"]) regions[x["region_code"]] = x;
  ASSERT_EQ(regions.size(), 2u) << f["by_region"].dump();
  EXPECT_EQ(regions[kXinhui]["applications"], 3);
  EXPECT_EQ(regions[kXinhui]["applicant_orgs"], 3);
  EXPECT_EQ(regions[kXinhui]["qualified"], 3);
  EXPECT_EQ(regions[kTaishan]["applications"], 1);
  EXPECT_EQ(regions[kTaishan]["qualified"], 0);
  EXPECT_FALSE(regions[kTaishan]["region_name"].get<std::string>().empty());

  // A district's figures hold the competitions it runs, split into its towns.
  f = jm.Json(jm.Call("GET", std::string("/api/v1/competitions/figures?region=") + kXinhui));
  EXPECT_EQ(f["competitions"], 0);
  clock_.Set(0);
  Client xh = LoggedIn(s_, "k.xh");
  long long district = OpenCompetition(xh, {{"name", "新会区公益创投"}, {"region_code", kXinhui}});
  Apply(district, 0, 20000);
  Apply(district, 1, 20000);
  f = xh.Json(xh.Call("GET", "/api/v1/competitions/figures"));
  EXPECT_EQ(f["competitions"], 1);
  regions.clear();
  for (auto& x : f["by_region"]) regions[x["region_code"]] = x;
  EXPECT_EQ(regions[kHuicheng]["applications"], 1) << f["by_region"].dump();
  EXPECT_EQ(regions[kXinhui]["applications"], 1);  // an organization at the district itself
  f = jm.Json(jm.Call("GET", "/api/v1/competitions/figures?year=2025"));
  EXPECT_EQ(f["competitions"], 0);
  EXPECT_EQ(ErrorField(jm.Call("GET", "/api/v1/competitions/figures?year=26")), "year");
}

TEST_F(CompetitionApiTest, TiesGoToTheHigherExpertScoreThenTheEarlierSubmission) {
  Client jm = LoggedIn(s_, "k.jm");
  long long comp = OpenCompetition(jm, {{"counts_hidden", false}});
  ASSERT_EQ(jm.Call("POST", Path(comp, "/reviewers"), json{{"user_id", rv1_}}.dump()).status, 200);
  long long first = Apply(comp, 0, 10000);
  clock_.Set(1 * kMin);
  long long second = Apply(comp, 1, 10000);
  long long third = Apply(comp, 2, 10000);
  Relogin(jm, "k.jm");
  for (long long app : {third, second, first})
    ASSERT_EQ(
        jm.Call("POST", Path(comp, "/applications/" + std::to_string(app) + "/qualify")).status,
        200);
  Score(comp, "k.rv1", first, 60);
  Score(comp, "k.rv1", second, 60);
  Score(comp, "k.rv1", third, 60);
  json res = jm.Json(jm.Call("GET", Path(comp, "/results")));
  EXPECT_EQ(EntryOf(res, first)["rank"], 1);  // same scores, submitted first
  EXPECT_EQ(EntryOf(res, third)["entry_no"], 1);
  // Votes for the third raise its total above an equal expert score.
  clock_.Set(45 * kMin);
  Votes(comp, third, 3);
  Relogin(jm, "k.jm");
  res = jm.Json(jm.Call("GET", Path(comp, "/results")));
  EXPECT_EQ(EntryOf(res, third)["rank"], 1);
  EXPECT_EQ(EntryOf(res, third)["votes_total"], 3);  // counts shown: not hidden
  EXPECT_EQ(EntryOf(res, first)["rank"], 2);
}

TEST(CompetitionDemoTest, DemoHasJisiPhasesAndARunningCompetitionIdempotently) {
  Stack stack = MakeDemoStack();
  auto& sys = *stack.sys;
  Result<std::vector<app::DemoAccount>> accounts = DemoAccounts();
  ASSERT_TRUE(accounts.ok()) << accounts.status().message();
  auto phase = [&](const std::string& name, const std::string& what) {
    return QueryInt(sys,
                    "SELECT " + what +
                        " FROM competition_applications a JOIN competitions k ON k.id = "
                        "a.competition_id WHERE k.name = :1 AND a.state = 'funded'",
                    {name});
  };
  EXPECT_EQ(phase("集思公益计划第二期", "COUNT(*)"), 17);
  EXPECT_EQ(phase("集思公益计划第二期", "COUNT(DISTINCT a.org_id)"), 10);
  EXPECT_EQ(phase("集思公益计划第二期", "SUM(a.awarded_fen)"), 114130000);
  EXPECT_EQ(phase("集思公益计划第一期", "COUNT(*)"), 13);
  EXPECT_EQ(QueryInt(sys,
                     "SELECT COUNT(*) FROM projects p JOIN competition_applications a ON "
                     "a.project_id = p.id JOIN competitions k ON k.id = a.competition_id WHERE "
                     "k.name = '集思公益计划第一期' AND p.state = 'closed'"),
            13);
  long long running =
      QueryInt(sys, "SELECT id FROM competitions WHERE name = '2026年江门市妇女儿童公益创投大赛'");
  ASSERT_NE(running, 0);
  MakeUser(sys, "k.demo", Role::kStaff, kJiangmen);
  Client c = LoggedIn(stack, "k.demo");
  auto k = c.Json(c.Call("GET", "/api/v1/competitions/" + std::to_string(running)));
  EXPECT_EQ(k["phase"], "voting");
  EXPECT_TRUE(k["counts_hidden"].get<bool>());
  auto fig = c.Json(c.Call("GET", "/api/v1/competitions/" + std::to_string(running) + "/figures"));
  EXPECT_EQ(fig["qualified"], 8);
  EXPECT_TRUE(fig["votes"].is_null());
  // The demo's amendment extended voting by two days, with its reason.
  auto am =
      c.Json(c.Call("GET", "/api/v1/competitions/" + std::to_string(running) + "/amendments"));
  ASSERT_EQ(am["items"].size(), 1u) << am.dump();
  EXPECT_EQ(am["items"][0]["after"]["voting_closes_at"].get<long long>() -
                am["items"][0]["before"]["voting_closes_at"].get<long long>(),
            2 * 86400);
  EXPECT_FALSE(am["items"][0]["reason"].get<std::string>().empty());
  auto sum = c.Json(c.Call("GET", "/api/v1/competitions/figures?year=2014"));
  EXPECT_EQ(sum["funded_entries"], 17);
  EXPECT_EQ(sum["funded_orgs"], 10);
  EXPECT_EQ(sum["awarded_fen"], 114130000);
  long long comps = QueryInt(sys, "SELECT COUNT(*) FROM competitions");
  long long apps = QueryInt(sys, "SELECT COUNT(*) FROM competition_applications");
  long long projects = QueryInt(sys, "SELECT COUNT(*) FROM projects");
  ASSERT_TRUE(app::LoadDemo(sys).ok());
  EXPECT_EQ(QueryInt(sys, "SELECT COUNT(*) FROM competitions"), comps);
  EXPECT_EQ(QueryInt(sys, "SELECT COUNT(*) FROM competition_applications"), apps);
  EXPECT_EQ(QueryInt(sys, "SELECT COUNT(*) FROM projects"), projects);
}

}  // namespace
}  // namespace shuniu::testing
