// The access matrix for the project cycle: in every fixture region a budget
// pool and a project approved into it and commissioned to the region's fixture
// organization (so the org account reaches only its own contract and incomes).
#include "api/matrix.h"

namespace shuniu::testing::matrix {
namespace {

struct ProjectFixture {
  long long pool = 0, project = 0, contract = 0, milestone = 0;
};

std::map<std::string, ProjectFixture>& Fx() {
  static std::map<std::string, ProjectFixture> m;
  return m;
}

nlohmann::json Lines() {
  return nlohmann::json::array(
      {{{"name", "人员费"}, {"amount", 60000}}, {{"name", "活动费"}, {"amount", 40000}}});
}

void AddProject(const Fixtures& fx, const std::string& region) {
  auto& sys = *fx.stack.sys;
  Principal p = sys.users->CliPrincipal("matrix");
  p.region_code = region;  // also reaches regions outside the deployment
  ProjectFixture f;
  auto pool = sys.projects->CreatePool(p, 2026, "fiscal_budget", region, "矩阵资金池", 10000000);
  ASSERT_TRUE(pool.ok()) << pool.status().message();
  f.pool = pool->id;
  project::ProjectInput in;
  in.title = "矩阵项目 " + region;
  in.department = "发展部";
  in.year = 2026;
  in.region_code = region;
  in.budget_lines = Lines();
  auto pr = sys.projects->Create(p, in);
  ASSERT_TRUE(pr.ok()) << pr.status().message();
  f.project = pr->id;
  ASSERT_TRUE(sys.projects->Submit(p, pr->id).ok());
  auto ap = sys.projects->Approve(p, pr->id, f.pool);
  ASSERT_TRUE(ap.ok()) << ap.status().message();
  project::CommissionInput c;
  c.reason = "矩阵委托";
  c.provider_org_id = fx.orgs.at(region);
  c.start_on = "2026-01-01";
  c.end_on = "2026-12-31";
  c.price = 100000;
  c.milestones =
      nlohmann::json::array({{{"name", "首期"}, {"amount", 100000}, {"due_on", "2026-02-01"}}});
  auto k = sys.projects->Commission(p, pr->id, c);
  ASSERT_TRUE(k.ok()) << k.status().message();
  f.contract = k->id;
  f.milestone = k->milestones.at(0).id;
  Fx()[region] = f;
}

bool Build(const Fixtures& fx, const std::string& key, const Caller&, const std::string& region,
           std::string& path, std::string& body) {
  bool mine = key.find(" /api/v1/projects") != std::string::npos ||
              key.find(" /api/v1/budget-pools") != std::string::npos ||
              key.find(" /api/v1/contracts") != std::string::npos ||
              key.find(" /api/v1/incomes") != std::string::npos;
  if (!mine || key.find("progress-reports") != std::string::npos) return false;
  const ProjectFixture& f = Fx().at(region);
  long long id = key.find("budget-pools") != std::string::npos ? f.pool
                 : key.find("contracts") != std::string::npos  ? f.contract
                                                               : f.project;
  if (auto p = path.find("{id}"); p != std::string::npos) path.replace(p, 4, std::to_string(id));
  auto& sys = *fx.stack.sys;
  using nlohmann::json;
  if (key.rfind("GET /api/v1/", 0) == 0 && key.find("{id}") == std::string::npos)
    path += key.find("summary") != std::string::npos ? "?region=" + region : "?size=200";
  if (key == "POST /api/v1/projects")
    body = json{{"title", "矩阵新项目"},
                {"department", "发展部"},
                {"year", 2026},
                {"region_code", region},
                {"budget_lines", Lines()}}
               .dump();
  if (key == "PATCH /api/v1/projects/{id}")
    body = json{{"version", QueryInt(sys, "SELECT version FROM projects WHERE id = :1", {id})},
                {"title", "矩阵"}}
               .dump();
  if (key == "POST /api/v1/projects/{id}/approve") body = json{{"pool_id", f.pool}}.dump();
  if (key == "POST /api/v1/projects/{id}/return") body = R"({"note":"matrix"})";
  if (key == "POST /api/v1/projects/{id}/commission")
    body = json{{"reason", "矩阵"},
                {"provider_org_id", fx.orgs.at(region)},
                {"start_on", "2026-01-01"},
                {"end_on", "2026-06-30"},
                {"price", 1000},
                {"milestones",
                 json::array({{{"name", "一"}, {"amount", 1000}, {"due_on", "2026-02-01"}}})}}
               .dump();
  if (key == "POST /api/v1/budget-pools")
    body = json{{"year", 2027}, {"source", "donations"}, {"region_code", region}, {"planned", 100}}
               .dump();
  if (key == "PATCH /api/v1/budget-pools/{id}")
    body = json{{"version", QueryInt(sys, "SELECT version FROM budget_pools WHERE id = :1", {id})},
                {"name", "矩阵资金池"}}
               .dump();
  if (key == "POST /api/v1/incomes")
    body = json{{"org_id", fx.orgs.at(region)},
                {"received_on", "2026-03-01"},
                {"amount", 100},
                {"source", "donations"}}
               .dump();
  return true;
}

Policy OwnTarget(std::set<std::string> roles) {
  Policy p = Route(std::move(roles), Scope::kTarget);
  p.org_own_only = true;
  return p;
}

const Register kProjects{Family{
    "projects",
    {
        {"GET /api/v1/projects", List(kStatsReaders, "region_code")},
        {"POST /api/v1/projects", Route(kManagers, Scope::kTarget)},
        {"GET /api/v1/projects/{id}", Route(kStatsReaders, Scope::kObject)},
        // the fixture is in progress: edits and most transitions answer 409
        {"PATCH /api/v1/projects/{id}", Route(kManagers, Scope::kObject)},
        {"POST /api/v1/projects/{id}/submit", Route(kManagers, Scope::kObject)},
        {"POST /api/v1/projects/{id}/approve", Route(kManagers, Scope::kObject)},
        {"POST /api/v1/projects/{id}/return", Route(kManagers, Scope::kObject)},
        {"POST /api/v1/projects/{id}/cancel", Route(kManagers, Scope::kObject)},
        {"POST /api/v1/projects/{id}/close", Route(kManagers, Scope::kObject)},
        {"POST /api/v1/projects/{id}/commission", Route(kManagers, Scope::kObject)},
        {"GET /api/v1/budget-pools", List(kStatsReaders, "region_code")},
        {"POST /api/v1/budget-pools", Route(kManagers, Scope::kTarget)},
        {"GET /api/v1/budget-pools/summary", Route(kStatsReaders, Scope::kTarget)},
        {"GET /api/v1/budget-pools/{id}", Route(kStatsReaders, Scope::kObject)},
        {"PATCH /api/v1/budget-pools/{id}", Route(kManagers, Scope::kObject)},
        {"GET /api/v1/contracts", List(kOrgReaders, "region_code")},
        {"GET /api/v1/contracts/{id}", OrgRoute(kOrgReaders, Scope::kObject)},
        {"GET /api/v1/incomes", List(kOrgReaders, "region_code")},
        // an org account records incomes of its own organization only
        {"POST /api/v1/incomes", OwnTarget(kOrgEditors)},
        {"GET /api/v1/incomes/summary", Route(kOrgReaders, Scope::kTarget)},
    },
    AddProject,
    Build,
}};

}  // namespace
}  // namespace shuniu::testing::matrix
