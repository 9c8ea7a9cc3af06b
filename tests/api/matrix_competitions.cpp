// The access matrix for competitions: in every fixture region an open
// competition (applications open now) with one qualified entry of the
// region's organization and one pending adjustment. Organization accounts
// reach competitions at their region and above (org_ancestors); the matrix
// reviewer sits on the panels of the competitions in its subtree.
#include "api/matrix.h"
#include "core/crypto.h"
#include "core/region_code.h"

namespace shuniu::testing::matrix {
namespace {

using nlohmann::json;

struct Fixture {
  long long comp = 0, app = 0, adj = 0;
};
std::map<std::string, Fixture>& Fx() {
  static std::map<std::string, Fixture> m;
  return m;
}

const char* kCriteria = R"([{"code":"plan","name":"方案","weight":100}])";

long long InsertApp(const Fixtures& fx, long long comp, long long org, const std::string& region,
                    long long entry_no) {
  long long id = crypto::RandomId();
  Status st = ExecSql(*fx.stack.sys,
                      "INSERT INTO competition_applications (id, competition_id, org_id, "
                      "region_code, entry_no, title, summary, plan, budget_lines_json, "
                      "requested_fen, matching_fen, file_ids_json, state, qualification_reason, "
                      "submitted_at, qualified_at, awarded_fen, version, created_at, updated_at) "
                      "VALUES (:1, :2, :3, :4, :5, '矩阵项目', '', '方案', "
                      "'[{\"name\":\"费\",\"amount\":1000}]', 1000, 1000, '[]', 'qualified', '', "
                      "1, 1, 0, 1, 1, 1)",
                      {id, comp, org, region, entry_no});
  EXPECT_TRUE(st.ok()) << st.message();
  return id;
}

void AddCompetition(const Fixtures& fx, const std::string& region) {
  auto& sys = *fx.stack.sys;
  long long now = NowMs() / 1000, day = 86400;
  Fixture f;
  f.comp = crypto::RandomId();
  Status st = ExecSql(
      sys,
      "INSERT INTO competitions (id, region_code, name, series, phase_no, year, kind, "
      "description, pool_fen, eligibility_json, matching_ratio_pct, expert_weight_pct, "
      "vote_weight_pct, award_rule_json, criteria_json, vote_rules_json, counts_hidden, "
      "apply_opens_at, apply_closes_at, qualify_closes_at, scoring_closes_at, voting_opens_at, "
      "voting_closes_at, results_at, state, created_by_name, version, created_at, updated_at) "
      "VALUES (:1, :2, '矩阵创投', '', 1, 2026, 'venture', '', 1000000, '{}', 0, 70, 30, '{}', "
      ":3, '{}', 1, :4, :5, :6, :7, :8, :9, :10, 'open', 'matrix', 1, :11, :12)",
      {f.comp, region, std::string(kCriteria), now - day, now + day, now + 2 * day, now + 3 * day,
       now + 4 * day, now + 5 * day, now + 6 * day, now, now});
  ASSERT_TRUE(st.ok()) << st.message();
  f.app = InsertApp(fx, f.comp, fx.orgs.at(region), region, 1);
  f.adj = crypto::RandomId();
  st = ExecSql(sys,
               "INSERT INTO competition_adjustments (id, competition_id, application_id, new_rank, "
               "reason, state, proposed_by_name, created_at) VALUES (:1, :2, :3, 1, 'matrix', "
               "'pending', 'matrix', 1)",
               {f.adj, f.comp, f.app});
  ASSERT_TRUE(st.ok()) << st.message();
  Fx()[region] = f;
}

bool Build(const Fixtures& fx, const std::string& key, const Caller& caller,
           const std::string& region, std::string& path, std::string& body) {
  if (key.find(" /api/v1/competitions") == std::string::npos) return false;
  // Paper ballots and the fraud report are public voting's (matrix_votes.cpp).
  if (key.find("/paper-ballots") != std::string::npos ||
      key.find("/fraud-report") != std::string::npos)
    return false;
  auto& sys = *fx.stack.sys;
  Fixture f = Fx().at(region);
  if (caller.role == Role::kReviewer && InSubtree(region, caller.region)) {
    auto u = sys.users->FindByUsername(caller.username);
    if (u.ok() && *u &&
        QueryInt(sys,
                 "SELECT COUNT(*) FROM competition_reviewers WHERE competition_id = :1 AND "
                 "user_id = :2",
                 {f.comp, (**u).id}) == 0) {
      Status st = ExecSql(sys,
                          "INSERT INTO competition_reviewers (competition_id, user_id, "
                          "created_at) VALUES (:1, :2, 0)",
                          {f.comp, (**u).id});
      EXPECT_TRUE(st.ok()) << st.message();
    }
  }
  long long app = f.app;
  // An organization reaches its own entry in a competition above it.
  if (caller.role == Role::kOrg && InSubtree(caller.region, region) && region != caller.region) {
    long long org = fx.orgs.at(caller.region);
    app = QueryInt(sys,
                   "SELECT id FROM competition_applications WHERE competition_id = :1 AND org_id "
                   "= :2",
                   {f.comp, org});
    if (!app) app = InsertApp(fx, f.comp, org, caller.region, 2);
  }
  if (auto p = path.find("{id}"); p != std::string::npos)
    path.replace(p, 4, std::to_string(f.comp));
  if (auto p = path.find("{app}"); p != std::string::npos) path.replace(p, 5, std::to_string(app));
  if (auto p = path.find("{adj}"); p != std::string::npos)
    path.replace(p, 5, std::to_string(f.adj));
  if (key == "GET /api/v1/competitions") path += "?size=200";
  if (key == "GET /api/v1/competitions/figures") path += "?region=" + region;
  long long version = QueryInt(sys, "SELECT version FROM competitions WHERE id = :1", {f.comp});
  if (key == "POST /api/v1/competitions")
    body = json{{"name", "矩阵"},
                {"year", 2026},
                {"region_code", region},
                {"pool_fen", 1000},
                {"criteria", json::parse(kCriteria)},
                {"apply_opens_at", "2030-01-01T00:00:00Z"},
                {"apply_closes_at", "2030-01-02T00:00:00Z"},
                {"qualify_closes_at", "2030-01-03T00:00:00Z"},
                {"scoring_closes_at", "2030-01-04T00:00:00Z"},
                {"voting_opens_at", "2030-01-05T00:00:00Z"},
                {"voting_closes_at", "2030-01-06T00:00:00Z"},
                {"results_at", "2030-01-07T00:00:00Z"}}
               .dump();
  if (key == "PATCH /api/v1/competitions/{id}")
    body = json{{"version", version}, {"description", "矩阵"}}.dump();
  if (key == "POST /api/v1/competitions/{id}/amendments")
    body = json{{"version", version}, {"reason", "矩阵"}, {"description", "矩阵"}}.dump();
  if (key == "POST /api/v1/competitions/{id}/cancel") body = R"({"reason":"matrix"})";
  if (key == "POST /api/v1/competitions/{id}/reviewers")
    body = json{{"user_id", fx.users.at(region)}}.dump();
  if (key == "POST /api/v1/competitions/{id}/applications")
    body = json{{"title", "矩阵申报"}}.dump();
  if (key == "PATCH /api/v1/competitions/{id}/applications/{app}")
    body = json{{"version", 1}, {"summary", "矩阵"}}.dump();
  if (key == "POST /api/v1/competitions/{id}/applications/{app}/reject")
    body = R"({"reason":"matrix"})";
  if (key == "POST /api/v1/competitions/{id}/scores")
    body = json{{"application_id", app}, {"scores", {{"plan", 80}}}}.dump();
  if (key == "POST /api/v1/competitions/{id}/recusals")
    body = json{{"application_id", app}, {"reason", "矩阵"}}.dump();
  if (key == "POST /api/v1/competitions/{id}/results/adjustments")
    body = json{{"application_id", app}, {"new_rank", 1}, {"reason", "矩阵"}}.dump();
  return true;
}

Policy OrgToo(std::set<std::string> roles) {
  Policy p = Route(std::move(roles), Scope::kObject);
  p.org_ancestors = true;
  return p;
}
// An application belongs to its organization: another organization's account
// never reaches it.
Policy OwnApplication(std::set<std::string> roles) {
  Policy p = OrgToo(std::move(roles));
  p.other_org = OtherOrg::kHidden;
  return p;
}

const std::set<std::string> kAllRoles = {"admin", "staff", "auditor", "reviewer", "org"},
                            kPanelReaders = {"admin", "staff", "auditor", "reviewer"};

Register reg{Family{
    "competitions",
    {
        {"GET /api/v1/competitions",
         [] {
           Policy p = List(kAllRoles, "region_code");
           p.org_ancestors = true;
           return p;
         }()},
        {"POST /api/v1/competitions", Route(kManagers, Scope::kTarget)},
        {"GET /api/v1/competitions/figures", Route(kStatsReaders, Scope::kObject)},
        {"GET /api/v1/competitions/{id}", OrgToo(kAllRoles)},
        {"PATCH /api/v1/competitions/{id}", Route(kManagers, Scope::kObject)},
        {"POST /api/v1/competitions/{id}/amendments", Route(kManagers, Scope::kObject)},
        {"GET /api/v1/competitions/{id}/amendments", Route(kStatsReaders, Scope::kObject)},
        {"POST /api/v1/competitions/{id}/open", Route(kManagers, Scope::kObject)},
        {"POST /api/v1/competitions/{id}/cancel", Route(kManagers, Scope::kObject)},
        {"POST /api/v1/competitions/{id}/reviewers", Route(kManagers, Scope::kObject)},
        {"GET /api/v1/competitions/{id}/applications", OrgToo(kAllRoles)},
        {"POST /api/v1/competitions/{id}/applications", OrgToo({"org"})},
        {"GET /api/v1/competitions/{id}/applications/{app}", OwnApplication(kAllRoles)},
        {"PATCH /api/v1/competitions/{id}/applications/{app}", OwnApplication({"org"})},
        {"POST /api/v1/competitions/{id}/applications/{app}/submit", OwnApplication({"org"})},
        {"POST /api/v1/competitions/{id}/applications/{app}/withdraw", OwnApplication({"org"})},
        {"POST /api/v1/competitions/{id}/applications/{app}/qualify",
         Route(kManagers, Scope::kObject)},
        {"POST /api/v1/competitions/{id}/applications/{app}/reject",
         Route(kManagers, Scope::kObject)},
        {"GET /api/v1/competitions/{id}/scores", Route(kPanelReaders, Scope::kObject)},
        {"POST /api/v1/competitions/{id}/scores", Route({"reviewer"}, Scope::kObject)},
        {"POST /api/v1/competitions/{id}/recusals", Route({"reviewer"}, Scope::kObject)},
        {"GET /api/v1/competitions/{id}/results", Route(kStatsReaders, Scope::kObject)},
        {"POST /api/v1/competitions/{id}/results/adjustments", Route(kManagers, Scope::kObject)},
        {"POST /api/v1/competitions/{id}/results/adjustments/{adj}/approve",
         Route(kManagers, Scope::kObject)},
        {"POST /api/v1/competitions/{id}/results/adjustments/{adj}/reject",
         Route(kManagers, Scope::kObject)},
        {"POST /api/v1/competitions/{id}/results/publish", Route(kManagers, Scope::kObject)},
        {"GET /api/v1/competitions/{id}/figures", Route(kStatsReaders, Scope::kObject)},
    },
    AddCompetition,
    Build,
}};

}  // namespace
}  // namespace shuniu::testing::matrix
