// The access matrix for the public tender: in every fixture region an approved
// project (its own pool) with a published tender. The table's order matters
// and is deterministic: `cancel` (called by the managers in scope) runs before
// the panel routes, so those answer 409 for in-scope callers. The matrix
// reviewer is put on the panel of the tenders in its subtree, which is what
// makes a tender visible to a reviewer.
#include "api/matrix.h"
#include "core/region_code.h"

namespace shuniu::testing::matrix {
namespace {

std::map<std::string, std::pair<long long, long long>>& Fx() {  // region → project, tender
  static std::map<std::string, std::pair<long long, long long>> m;
  return m;
}

// A published tender of an approved project in `region` → {project, tender}.
void MakeTender(const Fixtures& fx, const std::string& region, const std::string& title,
                const std::string& source, std::pair<long long, long long>& out);

void AddTender(const Fixtures& fx, const std::string& region) {
  MakeTender(fx, region, "矩阵招标项目 " + region, "welfare_lottery", Fx()[region]);
}

// Separation of duties: a second tender of the duty holder's region, scored by a
// panel it sits on; it may not award it.
long long& DutyTender() {
  static long long id = 0;
  return id;
}
const RegisterCaller kScorer{[](const Fixtures& fx, const Caller& c, long long user_id,
                                std::optional<long long>) {
  if (c.label != kDutyHolder) return;
  std::pair<long long, long long> made;
  MakeTender(fx, c.region, "矩阵评标项目 " + c.region, "livelihood", made);
  long long t = made.second;
  auto& sys = *fx.stack.sys;
  Status st = ExecSql(sys,
                      "INSERT INTO tender_reviewers (tender_id, user_id, conflict, conflict_note, "
                      "created_at) VALUES (:1, :2, 0, '', 0)",
                      {t, user_id});
  ASSERT_TRUE(st.ok()) << st.message();
  st = ExecSql(sys, "UPDATE tenders SET state = 'scored' WHERE id = :1", {t});
  ASSERT_TRUE(st.ok()) << st.message();
  DutyTender() = t;
}};

void MakeTender(const Fixtures& fx, const std::string& region, const std::string& title,
                const std::string& source, std::pair<long long, long long>& out) {
  auto& sys = *fx.stack.sys;
  Principal p = sys.users->CliPrincipal("matrix");
  p.region_code = region;
  auto pool = sys.projects->CreatePool(p, 2026, source, region, "矩阵招标资金", 10000000);
  ASSERT_TRUE(pool.ok()) << pool.status().message();
  project::ProjectInput in;
  in.title = title;
  in.department = "发展部";
  in.year = 2026;
  in.region_code = region;
  in.budget_lines = nlohmann::json::array({{{"name", "服务费"}, {"amount", 100000}}});
  auto pr = sys.projects->Create(p, in);
  ASSERT_TRUE(pr.ok()) << pr.status().message();
  ASSERT_TRUE(sys.projects->Submit(p, pr->id).ok());
  ASSERT_TRUE(sys.projects->Approve(p, pr->id, pool->id).ok());
  tender::TenderInput t;
  t.project_id = pr->id;
  t.eligibility = "依法登记的社会组织";
  t.criteria = nlohmann::json::array({{{"name", "方案"}, {"weight", 100}}});
  t.bid_deadline = Rfc3339(NowMs() + 30LL * 24 * 3600 * 1000);
  t.opening_at = *t.bid_deadline;
  auto td = sys.tenders->Create(p, t);
  ASSERT_TRUE(td.ok()) << td.status().message();
  ASSERT_TRUE(sys.tenders->Publish(p, td->id).ok());
  out = {pr->id, td->id};
}

bool Build(const Fixtures& fx, const std::string& key, const Caller& caller,
           const std::string& region, std::string& path, std::string& body) {
  bool mine = key.find(" /api/v1/tenders") != std::string::npos ||
              key.find(" /api/v1/public/tenders") != std::string::npos ||
              key.find(" /api/v1/ocds/") != std::string::npos;
  if (!mine) return false;
  auto [project, tender] = Fx().at(region);
  auto& sys = *fx.stack.sys;
  using nlohmann::json;
  if (caller.role == Role::kReviewer && InSubtree(region, caller.region)) {
    auto u = sys.users->FindByUsername(caller.username);
    if (u.ok() && *u &&
        QueryInt(sys, "SELECT COUNT(*) FROM tender_reviewers WHERE tender_id = :1 AND user_id = :2",
                 {tender, (**u).id}) == 0) {
      Status st = ExecSql(sys,
                          "INSERT INTO tender_reviewers (tender_id, user_id, conflict, "
                          "conflict_note, created_at) VALUES (:1, :2, 0, '', 0)",
                          {tender, (**u).id});
      EXPECT_TRUE(st.ok()) << st.message();
    }
  }
  if (key == "POST /api/v1/tenders/{id}/award" && caller.label == kDutyHolder &&
      region == caller.region)
    tender = DutyTender();
  if (auto p = path.find("{id}"); p != std::string::npos)
    path.replace(p, 4, std::to_string(tender));
  if (key == "GET /api/v1/tenders") path += "?size=200";
  if (key == "GET /api/v1/ocds/release-package") path += "?year=2026";
  if (key == "POST /api/v1/tenders")
    body = json{{"project_id", project},
                {"eligibility", "矩阵"},
                {"criteria", json::array({{{"name", "方案"}, {"weight", 100}}})},
                {"bid_deadline", "2030-01-01T00:00:00Z"},
                {"opening_at", "2030-01-02T00:00:00Z"}}
               .dump();
  if (key == "PATCH /api/v1/tenders/{id}")
    body = json{{"version", QueryInt(sys, "SELECT version FROM tenders WHERE id = :1", {tender})},
                {"title", "矩阵"}}
               .dump();
  if (key == "POST /api/v1/tenders/{id}/cancel") body = R"({"reason":"matrix"})";
  if (key == "POST /api/v1/tenders/{id}/reviewers")
    body = json{{"user_id", fx.users.at(region)}}.dump();
  if (key == "POST /api/v1/tenders/{id}/declaration") body = R"({"conflict":false})";
  if (key == "POST /api/v1/tenders/{id}/scores")
    body = R"({"bid_id":1,"criterion":"c1","score":50})";
  if (key == "POST /api/v1/tenders/{id}/award")
    body = json{{"start_on", "2026-01-01"},
                {"end_on", "2026-06-30"},
                {"milestones",
                 json::array({{{"name", "一"}, {"amount", 1000}, {"due_on", "2026-02-01"}}})}}
               .dump();
  if (key == "POST /api/v1/tenders/{id}/bids") {
    long long org = 0;
    for (auto& [r, id] : fx.orgs)
      if (r == caller.region) org = id;
    body = json{{"org_id", org}, {"price", 100}, {"team", json::array({{{"name", "甲"}}})}}.dump();
  }
  return true;
}

const std::set<std::string> kTenderReaders = {"admin", "staff", "auditor", "reviewer"},
                            kPanel = {"admin", "staff", "reviewer"};

const Register kTenders{Family{
    "tenders",
    {
        {"GET /api/v1/tenders", List(kTenderReaders, "region_code")},
        // the fixture project has its tender already: 409 in scope, 403 outside
        {"POST /api/v1/tenders", Route(kManagers, Scope::kTarget)},
        {"GET /api/v1/tenders/{id}", Route(kTenderReaders, Scope::kObject)},
        {"PATCH /api/v1/tenders/{id}", Route(kManagers, Scope::kObject)},
        {"POST /api/v1/tenders/{id}/publish", Route(kManagers, Scope::kObject)},
        {"POST /api/v1/tenders/{id}/open", Route(kManagers, Scope::kObject)},
        {"POST /api/v1/tenders/{id}/cancel", Route(kManagers, Scope::kObject)},
        {"POST /api/v1/tenders/{id}/reviewers", Route(kManagers, Scope::kObject)},
        {"POST /api/v1/tenders/{id}/declaration", Route(kPanel, Scope::kObject)},
        {"POST /api/v1/tenders/{id}/scores", Route(kPanel, Scope::kObject)},
        {"POST /api/v1/tenders/{id}/finish-scoring", Route(kPanel, Scope::kObject)},
        {"POST /api/v1/tenders/{id}/award", SeparateDuty(Route(kManagers, Scope::kObject))},
        // open to every organization: a published tender takes bids from anywhere
        {"POST /api/v1/tenders/{id}/bids", OtherOrgForbidden(Route({"org"}))},
        {"GET /api/v1/public/tenders", Route(kPublic)},
        {"GET /api/v1/public/tenders/{id}", Route(kPublic)},
        {"GET /api/v1/ocds/release-package", Route(kPublic)},
    },
    AddTender,
    Build,
}};

}  // namespace
}  // namespace shuniu::testing::matrix
