// The access matrix for the Women & Children Homes: in every fixture region a
// Home (linked to that region's organization, so an org account reaches the
// Home of its own organization only), a criteria set and a pending assessment
// recorded by no user (so any staff in scope may decide it). `approve` runs
// before `reject`, which then answers 409 for callers in scope.
#include "api/matrix.h"
#include "core/region_code.h"

namespace shuniu::testing::matrix {
namespace {

struct HomeFx {
  long long home = 0, criteria = 0, assessment = 0;
};

std::map<std::string, HomeFx>& Fx() {
  static std::map<std::string, HomeFx> m;
  return m;
}

void AddHome(const Fixtures& fx, const std::string& region) {
  auto& sys = *fx.stack.sys;
  HomeFx h;
  h.home = std::stoll(region) * 10;  // unique per region, the same in every test
  h.criteria = h.home + 1;
  h.assessment = h.home + 2;
  Status st = ExecSql(
      sys,
      "INSERT INTO homes (id, region_code, name, kind, address, contact_name, "
      "contact_phone_sealed, contact_phone_masked, org_id, status, opening_hours, services, "
      "area_m2, star_level, created_by_name, version, created_at, updated_at) VALUES (:1, :2, "
      ":3, 'women', '', '', '', '', :4, 'active', '', '', 0, 0, 'matrix', 1, 0, 0)",
      {h.home, region, "矩阵妇女之家 " + region, fx.orgs.at(region)});
  ASSERT_TRUE(st.ok()) << st.message();
  st = ExecSql(sys,
               "INSERT INTO home_criteria (id, region_code, year, items_json, thresholds_json, "
               "validity_years, created_by_name, version, created_at, updated_at) VALUES (:1, "
               ":2, 2020, :3, '[60,70,80,85,90]', 3, 'matrix', 1, 0, 0)",
               {h.criteria, region, R"([{"code":"c1","name":"综合","max_points":100}])"});
  ASSERT_TRUE(st.ok()) << st.message();
  st = ExecSql(sys,
               "INSERT INTO home_assessments (id, home_id, region_code, criteria_id, items_json, "
               "total_points, star_level, notes, assessor_name, assessed_on, valid_from, "
               "valid_until, state, decision_note, recorded_by_name, decided_by_name, "
               "created_at) VALUES (:1, :2, :3, :4, '[]', 80, 3, '', 'matrix', '2025-01-01', "
               "'2025-01-01', '2027-12-31', 'pending', '', 'matrix', '', 0)",
               {h.assessment, h.home, region, h.criteria});
  ASSERT_TRUE(st.ok()) << st.message();
  Fx()[region] = h;
}

bool Build(const Fixtures& fx, const std::string& key, const Caller&, const std::string& region,
           std::string& path, std::string& body) {
  if (key.find(" /api/v1/homes") == std::string::npos) return false;
  const HomeFx& h = Fx().at(region);
  auto& sys = *fx.stack.sys;
  using nlohmann::json;
  bool criteria = key.find("/homes/criteria") != std::string::npos;
  if (auto p = path.find("{id}"); p != std::string::npos)
    path.replace(p, 4, std::to_string(criteria ? h.criteria : h.home));
  if (auto p = path.find("{aid}"); p != std::string::npos)
    path.replace(p, 5, std::to_string(h.assessment));
  if (key == "GET /api/v1/homes") path += "?size=200";
  if (key == "GET /api/v1/homes/figures") path += "?year=2025&region=" + region;
  if (key == "POST /api/v1/homes")
    body = json{{"region_code", region}, {"name", "矩阵新建"}, {"kind", "women"}}.dump();
  if (key == "PATCH /api/v1/homes/{id}")
    body = json{{"version", QueryInt(sys, "SELECT version FROM homes WHERE id = :1", {h.home})},
                {"opening_hours", "周一至周五"}}
               .dump();
  if (key == "POST /api/v1/homes/criteria")
    body = json{{"region_code", region},
                {"year", 2020},
                {"items", json::array({{{"name", "综合"}, {"max_points", 100}}})},
                {"thresholds", json::array({60, 70, 80, 85, 90})}}
               .dump();
  if (key == "PATCH /api/v1/homes/criteria/{id}")
    body = json{
        {"version", QueryInt(sys, "SELECT version FROM home_criteria WHERE id = :1", {h.criteria})},
        {"validity_years",
         3}}.dump();
  if (key == "POST /api/v1/homes/{id}/assessments")
    body = json{{"items", json::array({{{"code", "c1"}, {"points", 50}}})},
                {"assessed_on", "2025-01-01"}}
               .dump();
  if (key == "POST /api/v1/homes/{id}/assessments/{aid}/approve" ||
      key == "POST /api/v1/homes/{id}/assessments/{aid}/reject")
    body = R"({"note":"matrix"})";
  if (key == "POST /api/v1/homes/{id}/funding")
    body = R"({"year":2025,"amount_fen":100,"source":"matrix"})";
  return true;
}

const std::set<std::string> kHomeReaders = {"admin", "staff", "auditor", "org"};

const Register kHomes{Family{
    "homes",
    {
        {"GET /api/v1/homes/criteria", Route(kHomeReaders)},
        // a set for the region and year exists already: 409 in scope, 403 outside
        {"POST /api/v1/homes/criteria", Route(kManagers, Scope::kTarget)},
        {"PATCH /api/v1/homes/criteria/{id}", Route(kManagers, Scope::kObject)},
        {"GET /api/v1/homes/figures", Route(kStatsReaders, Scope::kObject)},  // ?region=<position>
        {"GET /api/v1/homes", List(kHomeReaders, "region_code")},
        // non-village positions answer 422 in scope, 403 outside
        {"POST /api/v1/homes", Route(kManagers, Scope::kTarget)},
        {"GET /api/v1/homes/{id}", OrgRoute(kHomeReaders, Scope::kObject)},
        {"PATCH /api/v1/homes/{id}", Route(kManagers, Scope::kObject)},
        {"GET /api/v1/homes/{id}/history", OrgRoute(kHomeReaders, Scope::kObject)},
        {"GET /api/v1/homes/{id}/assessments", OrgRoute(kHomeReaders, Scope::kObject)},
        {"POST /api/v1/homes/{id}/assessments", Route(kManagers, Scope::kObject)},
        {"POST /api/v1/homes/{id}/assessments/{aid}/approve", Route(kManagers, Scope::kObject)},
        {"POST /api/v1/homes/{id}/assessments/{aid}/reject", Route(kManagers, Scope::kObject)},
        {"GET /api/v1/homes/{id}/funding", OrgRoute(kHomeReaders, Scope::kObject)},
        {"POST /api/v1/homes/{id}/funding", Route(kManagers, Scope::kObject)},
    },
    AddHome,
    Build,
}};

}  // namespace
}  // namespace shuniu::testing::matrix
