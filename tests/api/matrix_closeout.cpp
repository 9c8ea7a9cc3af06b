// The access matrix for close-out and promotion: in every fixture region a
// project in progress commissioned to the region's organization (final report,
// review, evaluation) and a closed brand project with a published case (brand,
// case, refund); the public routes read one published case kept apart so no
// write of the matrix takes it down.
#include "api/matrix.h"
#include "project/closeout_service.h"

namespace shuniu::testing::matrix {
namespace {

using nlohmann::json;

struct CloseoutFixture {
  long long open = 0, closed = 0;
};
struct PublicFixture {
  long long case_id = 0, photo = 0;
};

std::map<std::string, CloseoutFixture>& Fx() {
  static std::map<std::string, CloseoutFixture> m;
  return m;
}
PublicFixture& Pub() {
  static PublicFixture p;
  return p;
}

constexpr char kPng[] =
    "\x89\x50\x4e\x47\x0d\x0a\x1a\x0a\x00\x00\x00\x0d\x49\x48\x44\x52\x00\x00\x00\x01\x00\x00\x00"
    "\x01\x08\x02\x00\x00\x00\x90\x77\x53\xde\x00\x00\x00\x0c\x49\x44\x41\x54\x78\x9c\x63\xf8\xcf"
    "\xc0\x00\x00\x03\x01\x01\x00\xc9\xfe\x92\xef\x00\x00\x00\x00\x49\x45\x4e\x44\xae\x42\x60\x82";

// A project of `region` approved, commissioned to `org`; closed (report, evaluation) when asked.
long long MakeProject(app::System& sys, const Principal& p, long long org, long long pool,
                      bool close) {
  project::ProjectInput in;
  in.title = "矩阵结项 " + p.region_code;
  in.department = "权益部";
  in.year = 2026;
  in.region_code = p.region_code;
  in.indicators = json::array({{{"name", "服务人次"}, {"target", "10"}, {"unit", "人次"}}});
  in.budget_lines = json::array({{{"name", "活动费"}, {"amount", 1000}}});
  auto pr = sys.projects->Create(p, in);
  EXPECT_TRUE(pr.ok()) << pr.status().message();
  if (!pr.ok()) return 0;
  EXPECT_TRUE(sys.projects->Submit(p, pr->id).ok());
  EXPECT_TRUE(sys.projects->Approve(p, pr->id, pool).ok());
  project::CommissionInput c;
  c.reason = "矩阵委托";
  c.provider_org_id = org;
  c.start_on = "2026-01-01";
  c.end_on = "2026-12-31";
  c.price = 1000;
  c.milestones = json::array({{{"name", "一"}, {"amount", 1000}, {"due_on", "2026-02-01"}}});
  auto k = sys.projects->Commission(p, pr->id, c);
  EXPECT_TRUE(k.ok()) << k.status().message();
  if (!close) return pr->id;
  project::CloseoutService co(sys.projects->deps());
  Principal owner;
  owner.role = Role::kOrg;
  owner.org_id = org;
  owner.region_code = p.region_code;
  owner.username = "owner";
  project::FinalReportInput rep;
  rep.summary = "完成";
  rep.indicators = json::array({{{"name", "服务人次"}, {"achieved", "10"}}});
  rep.beneficiaries = {{"women", 10}, {"men", 0}, {"by_age", {{"youth", 10}}}};
  rep.spending = json::array({{{"name", "活动费"}, {"spent", 1000}}});
  auto st = co.SubmitReport(owner, pr->id, rep);
  EXPECT_TRUE(st.ok()) << st.status().message();
  EXPECT_TRUE(co.AcceptReport(p, pr->id).ok());
  EXPECT_TRUE(co.Evaluate(p, pr->id, 90, "excellent", "好").ok());
  auto closed = sys.projects->Close(p, pr->id);
  EXPECT_TRUE(closed.ok()) << closed.status().message();
  EXPECT_TRUE(co.Designate(p, pr->id, "").ok());
  return pr->id;
}

void AddCloseout(const Fixtures& fx, const std::string& region) {
  auto& sys = *fx.stack.sys;
  Principal p = sys.users->CliPrincipal("matrix");
  p.region_code = region;
  auto pool = sys.projects->CreatePool(p, 2026, "donations", region, "矩阵结项资金池", 1000000);
  ASSERT_TRUE(pool.ok()) << pool.status().message();
  long long org = fx.orgs.at(region);
  CloseoutFixture f;
  f.open = MakeProject(sys, p, org, pool->id, false);
  f.closed = MakeProject(sys, p, org, pool->id, true);
  project::CloseoutService co(sys.projects->deps());
  ASSERT_TRUE(co.PublishCase(p, f.closed, {"矩阵案例", "摘要", json::array()}).ok());
  Fx()[region] = f;
  // One public case per stack (the static outlives a test's database).
  if (Pub().case_id &&
      QueryInt(sys, "SELECT COUNT(*) FROM brand_projects WHERE case_id = :1 AND published = 1",
               {Pub().case_id}) == 1)
    return;
  long long pub = MakeProject(sys, p, org, pool->id, true);
  auto photo =
      sys.files->Upload(p, "photo.png", std::string_view(kPng, sizeof kPng - 1), std::nullopt);
  ASSERT_TRUE(photo.ok()) << photo.status().message();
  auto c = co.PublishCase(p, pub, {"公开案例", "摘要", json::array({photo->id})});
  ASSERT_TRUE(c.ok()) << c.status().message();
  Pub() = {(*c)["brand"]["case_id"].get<long long>(), photo->id};
}

bool Build(const Fixtures&, const std::string& key, const Caller&, const std::string& region,
           std::string& path, std::string& body) {
  bool closeouts = key.find(" /api/v1/closeouts") != std::string::npos;
  bool pub = key.find(" /api/v1/public/cases") != std::string::npos;
  bool mine = closeouts || pub || key == "POST /api/v1/projects/{id}/refund" ||
              key == "GET /api/v1/projects/purchases.xlsx";
  if (!mine) return false;
  const CloseoutFixture& f = Fx().at(region);
  bool on_closed = key.find("/brand") != std::string::npos ||
                   key.find("/case") != std::string::npos ||
                   key.find("/refund") != std::string::npos;
  long long id = pub ? Pub().case_id : on_closed ? f.closed : f.open;
  if (auto p = path.find("{id}"); p != std::string::npos) path.replace(p, 4, std::to_string(id));
  if (auto p = path.find("{file_id}"); p != std::string::npos)
    path.replace(p, 9, std::to_string(Pub().photo));
  if (key == "GET /api/v1/closeouts") path += "?size=200";
  if (key == "GET /api/v1/projects/purchases.xlsx") path += "?year=2026";
  if (key == "POST /api/v1/closeouts/{id}/final-report")
    body = json{{"summary", "矩阵"},
                {"indicators", {{{"name", "服务人次"}, {"achieved", "9"}}}},
                {"beneficiaries", {{"women", 1}, {"men", 1}, {"by_age", {{"elderly", 2}}}}},
                {"spending", {{{"name", "活动费"}, {"spent", 900}}}}}
               .dump();
  if (key == "POST /api/v1/closeouts/{id}/final-report/return") body = R"({"note":"matrix"})";
  if (key == "POST /api/v1/closeouts/{id}/evaluation")
    body = R"({"score":80,"grade":"good","comments":"matrix"})";
  if (key == "POST /api/v1/closeouts/{id}/case") body = R"({"title":"矩阵案例","summary":"摘要"})";
  return true;
}

const Register kCloseout{Family{
    "closeout",
    {
        {"GET /api/v1/projects/purchases.xlsx", Route(kStatsReaders)},
        {"POST /api/v1/projects/{id}/refund", Route(kManagers, Scope::kObject)},
        {"GET /api/v1/closeouts", List(kOrgReaders, "region_code")},
        {"GET /api/v1/closeouts/{id}", OrgRoute(kOrgReaders, Scope::kObject)},
        // the contracted organization's account writes its final report
        {"POST /api/v1/closeouts/{id}/final-report", OrgRoute({"org"}, Scope::kObject)},
        {"POST /api/v1/closeouts/{id}/final-report/accept", Route(kManagers, Scope::kObject)},
        {"POST /api/v1/closeouts/{id}/final-report/return", Route(kManagers, Scope::kObject)},
        {"POST /api/v1/closeouts/{id}/evaluation", Route(kManagers, Scope::kObject)},
        {"POST /api/v1/closeouts/{id}/brand", Route(kManagers, Scope::kObject)},
        {"POST /api/v1/closeouts/{id}/case", Route(kManagers, Scope::kObject)},
        {"POST /api/v1/closeouts/{id}/case/unpublish", Route(kManagers, Scope::kObject)},
        {"GET /api/v1/public/cases", Route(kPublic)},
        {"GET /api/v1/public/cases/{id}", Route(kPublic)},
        {"GET /api/v1/public/cases/{id}/photos/{file_id}", Route(kPublic)},
    },
    AddCloseout,
    Build,
}};

}  // namespace
}  // namespace shuniu::testing::matrix
