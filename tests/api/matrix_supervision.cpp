// The access matrix for supervision: in every fixture region a project in
// progress commissioned to the region's organization, with a submitted report,
// an approved report carrying a requested and an approved tranche, and an
// inspection with one finding (so org accounts reach only their own records).
#include "api/matrix.h"

namespace shuniu::testing::matrix {
namespace {

using nlohmann::json;

struct SupervisionFixture {
  long long project = 0, milestone = 0, report = 0, approved_report = 0;
  long long requested = 0, approved = 0, inspection = 0, finding = 0;
};

std::map<std::string, SupervisionFixture>& Fx() {
  static std::map<std::string, SupervisionFixture> m;
  return m;
}

json Beneficiaries() {
  return {{"total", 10},   {"female", 6}, {"male", 4},
          {"children", 2}, {"adults", 7}, {"seniors", 1}};
}

void AddSupervision(const Fixtures& fx, const std::string& region) {
  auto& sys = *fx.stack.sys;
  Principal p = sys.users->CliPrincipal("matrix");
  p.region_code = region;
  SupervisionFixture f;
  auto pool = sys.projects->CreatePool(p, 2025, "fiscal_budget", region, "监督矩阵资金池", 1000000);
  ASSERT_TRUE(pool.ok()) << pool.status().message();
  project::ProjectInput in;
  in.title = "监督矩阵项目 " + region;
  in.department = "发展部";
  in.year = 2025;
  in.region_code = region;
  in.budget_lines = json::array({{{"name", "活动费"}, {"amount", 100000}}});
  auto pr = sys.projects->Create(p, in);
  ASSERT_TRUE(pr.ok()) << pr.status().message();
  f.project = pr->id;
  ASSERT_TRUE(sys.projects->Submit(p, pr->id).ok());
  ASSERT_TRUE(sys.projects->Approve(p, pr->id, pool->id).ok());
  project::CommissionInput c;
  c.reason = "矩阵委托";
  c.provider_org_id = fx.orgs.at(region);
  c.start_on = "2025-01-01";
  c.end_on = "2025-12-31";
  c.price = 100000;
  c.milestones = json::array({{{"name", "首期"}, {"amount", 40000}, {"due_on", "2025-02-01"}},
                              {{"name", "尾期"}, {"amount", 60000}, {"due_on", "2025-12-31"}}});
  auto k = sys.projects->Commission(p, pr->id, c);
  ASSERT_TRUE(k.ok()) << k.status().message();
  f.milestone = k->milestones.at(0).id;
  Principal org = p;
  org.role = Role::kOrg;
  org.org_id = fx.orgs.at(region);
  auto report = [&](long long milestone) {
    project::ReportInput r;
    r.project_id = pr->id;
    r.milestone_id = milestone;
    r.narrative = "矩阵报告";
    r.beneficiaries = Beneficiaries();
    auto made = sys.supervision->CreateReport(org, r);
    EXPECT_TRUE(made.ok()) << made.status().message();
    EXPECT_TRUE(sys.supervision->SubmitReport(org, made->id).ok());
    return made->id;
  };
  f.report = report(k->milestones.at(1).id);
  f.approved_report = report(f.milestone);
  ASSERT_TRUE(sys.supervision->ApproveReport(p, f.approved_report).ok());
  auto t1 = sys.supervision->RequestTranche(p, f.approved_report, 10000, "");
  ASSERT_TRUE(t1.ok()) << t1.status().message();
  f.requested = t1->id;
  auto t2 = sys.supervision->RequestTranche(p, f.approved_report, 10000, "");
  ASSERT_TRUE(t2.ok()) << t2.status().message();
  f.approved = t2->id;
  // Approved by the region's fixture staff account, so every caller may release it.
  Status st = ExecSql(sys,
                      "UPDATE tranches SET state = 'approved', approved_by = :1, approved_by_name "
                      "= 'fx' WHERE id = :2",
                      {fx.users.at(region), f.approved});
  ASSERT_TRUE(st.ok()) << st.message();
  project::InspectionInput ii;
  ii.project_id = pr->id;
  ii.inspected_on = "2025-05-01";
  ii.inspectors = json::array({"矩阵检查员"});
  ii.findings = json::array({{{"description", "台账不全"}, {"rectify_by", "2025-06-01"}}});
  auto x = sys.supervision->CreateInspection(p, ii);
  ASSERT_TRUE(x.ok()) << x.status().message();
  f.inspection = x->id;
  f.finding = x->findings.at(0).id;
  Fx()[region] = f;
}

void Replace(std::string& path, const std::string& what, long long id) {
  if (auto p = path.find(what); p != std::string::npos)
    path.replace(p, what.size(), std::to_string(id));
}

// Separation of duties: the duty holder requests a tranche of its own region's
// approved report; approving or rejecting that tranche is refused to it.
long long& DutyTranche() {
  static long long id = 0;
  return id;
}
const RegisterCaller kRequester{[](const Fixtures& fx, const Caller& c, long long user_id,
                                   std::optional<long long>) {
  if (c.label != kDutyHolder) return;
  Principal q;
  q.user_id = user_id;
  q.username = c.username;
  q.role = *c.role;
  q.region_code = c.region;
  auto t = fx.stack.sys->supervision->RequestTranche(q, Fx().at(c.region).approved_report, 100, "");
  ASSERT_TRUE(t.ok()) << t.status().message();
  DutyTranche() = t->id;
}};

bool Build(const Fixtures& fx, const std::string& key, const Caller& caller,
           const std::string& region, std::string& path, std::string& body) {
  bool mine = key.find("/progress-reports") != std::string::npos ||
              key.find(" /api/v1/tranches") != std::string::npos ||
              key.find(" /api/v1/inspections") != std::string::npos ||
              key.find(" /api/v1/risks") != std::string::npos;
  if (!mine) return false;
  const SupervisionFixture& f = Fx().at(region);
  auto& sys = *fx.stack.sys;
  long long id = key.find("/api/v1/projects/") != std::string::npos  ? f.project
                 : key.find("/release") != std::string::npos         ? f.approved
                 : key.find("/api/v1/tranches") != std::string::npos ? f.requested
                 : key.find("/inspections") != std::string::npos     ? f.inspection
                                                                     : f.report;
  if ((key == "POST /api/v1/tranches/{id}/approve" || key == "POST /api/v1/tranches/{id}/reject") &&
      caller.label == kDutyHolder && region == caller.region)
    id = DutyTranche();
  Replace(path, "{id}", id);
  Replace(path, "{fid}", f.finding);
  if (key == "GET /api/v1/risks") path += "?region=" + region + "&as_of=2025-06-01";
  if (key == "GET /api/v1/progress-reports" || key == "GET /api/v1/tranches" ||
      key == "GET /api/v1/inspections")
    path += "?size=200";
  if (key == "POST /api/v1/progress-reports" ||
      key == "POST /api/v1/projects/{id}/progress-reports")
    body = json{{"project_id", f.project},
                {"milestone_id", f.milestone},
                {"narrative", "矩阵"},
                {"beneficiaries", Beneficiaries()}}
               .dump();
  if (key == "POST /api/v1/projects/{id}/progress-reports") {
    json b = json::parse(body);
    b.erase("project_id");
    body = b.dump();
  }
  if (key == "PATCH /api/v1/progress-reports/{id}")
    body = json{{"version",
                 QueryInt(sys, "SELECT version FROM progress_reports WHERE id = :1", {f.report})},
                {"narrative", "矩阵修改"}}
               .dump();
  if (key == "POST /api/v1/progress-reports/{id}/return") body = R"({"reason":"matrix"})";
  if (key == "POST /api/v1/tranches")
    body = json{{"report_id", f.approved_report}, {"amount", 1}}.dump();
  if (key == "POST /api/v1/tranches/{id}/reject") body = R"({"reason":"matrix"})";
  if (key == "POST /api/v1/tranches/{id}/release") body = R"({"paid_on":"2025-03-01"})";
  if (key == "POST /api/v1/inspections")
    body = json{{"project_id", f.project},
                {"inspected_on", "2025-07-01"},
                {"inspectors", {"矩阵"}},
                {"findings", json::array()}}
               .dump();
  if (key.find("/findings/{fid}/respond") != std::string::npos) body = R"({"response":"已整改"})";
  if (key.find("/findings/{fid}/reopen") != std::string::npos) body = R"({"note":"复查未通过"})";
  return true;
}

const std::set<std::string> kOrg = {"org"};

const Register kSupervision{Family{
    "supervision",
    {
        {"GET /api/v1/progress-reports", List(kOrgReaders, "region_code")},
        // the body names the project: an org account's own project only (kNone: one position)
        {"POST /api/v1/progress-reports", OtherOrgHidden(Route(kOrg))},
        {"GET /api/v1/progress-reports/{id}", OrgRoute(kOrgReaders, Scope::kObject)},
        {"PATCH /api/v1/progress-reports/{id}", OrgRoute(kOrg, Scope::kObject)},
        {"POST /api/v1/progress-reports/{id}/submit", OrgRoute(kOrg, Scope::kObject)},
        {"POST /api/v1/progress-reports/{id}/approve", Route(kManagers, Scope::kObject)},
        {"POST /api/v1/progress-reports/{id}/return", Route(kManagers, Scope::kObject)},
        {"GET /api/v1/projects/{id}/progress-reports", OrgRoute(kOrgReaders, Scope::kObject)},
        {"POST /api/v1/projects/{id}/progress-reports", OrgRoute(kOrg, Scope::kObject)},
        {"GET /api/v1/tranches", List(kOrgReaders, "region_code")},
        {"POST /api/v1/tranches", Route(kManagers)},
        {"GET /api/v1/tranches/{id}", OrgRoute(kOrgReaders, Scope::kObject)},
        {"POST /api/v1/tranches/{id}/approve", SeparateDuty(Route(kManagers, Scope::kObject))},
        {"POST /api/v1/tranches/{id}/reject", SeparateDuty(Route(kManagers, Scope::kObject))},
        {"POST /api/v1/tranches/{id}/release", Route(kManagers, Scope::kObject)},
        {"POST /api/v1/tranches/{id}/cancel", Route(kManagers, Scope::kObject)},
        {"GET /api/v1/inspections", List(kOrgReaders, "region_code")},
        {"POST /api/v1/inspections", Route(kManagers)},
        {"GET /api/v1/inspections/{id}", OrgRoute(kOrgReaders, Scope::kObject)},
        {"POST /api/v1/inspections/{id}/findings/{fid}/respond", OrgRoute(kOrg, Scope::kObject)},
        {"POST /api/v1/inspections/{id}/findings/{fid}/close", Route(kManagers, Scope::kObject)},
        {"POST /api/v1/inspections/{id}/findings/{fid}/reopen", Route(kManagers, Scope::kObject)},
        {"GET /api/v1/risks", Route(kStatsReaders, Scope::kTarget)},
    },
    AddSupervision,
    Build,
}};

}  // namespace
}  // namespace shuniu::testing::matrix
