// The bases' part of the access matrix (see matrix.h and access_matrix_test.cpp).
//
// Fixtures, per region R of the matrix: an incubation base "矩阵基地 R" in R
// operated by R's fixture organization, a second organization "入驻机构 R" in R,
// and its agreement at that base in the `applied` state.
//
// How the base operator fits: the matrix's org account (org@新会区) belongs to
// the fixture organization of 新会区, so it is the *operator* of the 新会区 base
// and a stranger to every other base. OrgRoute semantics therefore hold: on its
// own position it reaches the base, its residents, its log and the agreement
// (as the operator, i.e. the base side), and everything at the child, parent and
// sibling positions answers 404 (403 for the POST, whose body names the base).
// The other-org caller (matrix.h) belongs to a second organization of 新会区 that
// operates a base of its own there: to it every fixture base is another base,
// so it reaches none of them (404; 403 for the POST).
#include "api/matrix.h"
#include "hub/base_service.h"

namespace shuniu::testing::matrix {
namespace {

std::map<std::string, long long>& BaseOf() {
  static std::map<std::string, long long> m;
  return m;
}
std::map<std::string, long long>& ResidentOf() {
  static std::map<std::string, long long> m;
  return m;
}
std::map<std::string, long long>& ResidencyOf() {
  static std::map<std::string, long long> m;
  return m;
}
int created = 0;

void AddFixture(const Fixtures& fx, const std::string& region) {
  auto& sys = *fx.stack.sys;
  Principal p = sys.users->CliPrincipal("matrix");
  p.region_code = kGuangdong;  // also reaches the regions outside the deployment
  hub::BaseInput in;
  in.text = {{"kind", "incubation_base"}, {"name", "矩阵基地 " + region}, {"region_code", region}};
  in.ints = {{"operator_org_id", fx.orgs.at(region)}, {"desks", 10}};
  in.present = {"kind", "name", "region_code", "operator_org_id", "desks"};
  auto b = sys.bases->CreateBase(p, in);
  ASSERT_TRUE(b.ok()) << region << ": " << b.status().message();
  BaseOf()[region] = b->id;
  ResidentOf()[region] = MakeOrg(sys, "入驻机构 " + region, region);
  hub::ResidencyInput r;
  r.base_id = b->id;
  r.org_id = ResidentOf()[region];
  r.state = "applied";
  r.committed_hours = std::optional<long long>(80);
  auto res = sys.bases->CreateResidency(p, r);
  ASSERT_TRUE(res.ok()) << region << ": " << res.status().message();
  ResidencyOf()[region] = res->id;
}

const RegisterCaller kOtherBase{
    [](const Fixtures& fx, const Caller& c, long long, std::optional<long long> org) {
      if (c.kind != Kind::kOtherOrg || !org) return;
      Principal p = fx.stack.sys->users->CliPrincipal("matrix");
      hub::BaseInput in;
      in.text = {
          {"kind", "incubation_base"}, {"name", "他方基地 " + c.region}, {"region_code", c.region}};
      in.ints = {{"operator_org_id", *org}, {"desks", 4}};
      in.present = {"kind", "name", "region_code", "operator_org_id", "desks"};
      auto b = fx.stack.sys->bases->CreateBase(p, in);
      ASSERT_TRUE(b.ok()) << b.status().message();
    }};

bool Build(const Fixtures& fx, const std::string& key, const Caller&, const std::string& region,
           std::string& path, std::string& body) {
  auto id = [&](const std::map<std::string, long long>& m) {
    path.replace(path.find("{id}"), 4, std::to_string(m.at(region)));
  };
  auto version = [&](const char* table, long long rid) {
    return QueryInt(*fx.stack.sys, std::string("SELECT version FROM ") + table + " WHERE id = :1",
                    {rid});
  };
  if (key == "GET /api/v1/bases" || key == "GET /api/v1/residencies") {
    path += "?size=200";
  } else if (key == "POST /api/v1/bases") {
    body = nlohmann::json{{"kind", "hub"},
                          {"name", "矩阵枢纽 " + std::to_string(++created)},
                          {"region_code", region}}
               .dump();
  } else if (key == "PATCH /api/v1/bases/{id}") {
    body = nlohmann::json{{"version", version("bases", BaseOf().at(region))}, {"rooms", 2}}.dump();
    id(BaseOf());
  } else if (key.rfind("GET /api/v1/bases/{id}", 0) == 0) {
    id(BaseOf());
  } else if (key == "POST /api/v1/residencies") {
    body = nlohmann::json{{"base_id", BaseOf().at(region)}, {"org_id", ResidentOf().at(region)}}
               .dump();
  } else if (key == "PATCH /api/v1/residencies/{id}") {
    body = nlohmann::json{{"version", version("residencies", ResidencyOf().at(region))},
                          {"note", "matrix"}}
               .dump();
    id(ResidencyOf());
  } else if (key == "POST /api/v1/residencies/{id}/transitions") {
    body = R"({"to":"signed"})";  // no document: 422 once past access control
    id(ResidencyOf());
  } else if (key == "POST /api/v1/residencies/{id}/events") {
    body = nlohmann::json{
        {"kind", "consultation"},
        {"occurred_on", "2026-01-05"},
        {"title", "矩阵咨询"},
        {"hours",
         1}}.dump();
    id(ResidencyOf());
  } else if (key.rfind("GET /api/v1/residencies/{id}", 0) == 0) {
    id(ResidencyOf());
  } else if (key == "GET /api/v1/orgs/{id}/incubation") {
    id(fx.orgs);
  } else {
    return false;
  }
  return true;
}

const Register kBases{Family{
    "bases",
    {
        {"GET /api/v1/bases", List(kOrgReaders, "region_code")},
        {"POST /api/v1/bases", Route({"admin"}, Scope::kTarget)},
        {"GET /api/v1/bases/{id}", OrgRoute(kOrgReaders, Scope::kObject)},
        {"PATCH /api/v1/bases/{id}", Route({"admin"}, Scope::kObject)},
        {"GET /api/v1/bases/{id}/residents", OrgRoute(kOrgReaders, Scope::kObject)},
        {"GET /api/v1/bases/{id}/events", OrgRoute(kOrgReaders, Scope::kObject)},
        {"GET /api/v1/residencies", List(kOrgReaders, "region_code")},
        {"POST /api/v1/residencies", OrgRoute(kOrgEditors, Scope::kTarget)},
        {"GET /api/v1/residencies/{id}", OrgRoute(kOrgReaders, Scope::kObject)},
        {"PATCH /api/v1/residencies/{id}", OrgRoute(kOrgEditors, Scope::kObject)},
        {"POST /api/v1/residencies/{id}/transitions", OrgRoute(kOrgEditors, Scope::kObject)},
        {"GET /api/v1/residencies/{id}/events", OrgRoute(kOrgReaders, Scope::kObject)},
        {"POST /api/v1/residencies/{id}/events", OrgRoute(kOrgEditors, Scope::kObject)},
        {"GET /api/v1/orgs/{id}/incubation", OrgRoute(kOrgReaders, Scope::kObject)},
    },
    AddFixture,
    Build,
}};

}  // namespace
}  // namespace shuniu::testing::matrix
