// The access matrix for the joint Party branch and the internship bases. In
// every fixture region: a Party branch led by that region's organization, with
// a member and an activity, and no officer among the matrix callers, so only
// admins in scope get past the branch routes (everyone else 404, empty lists);
// and an internship base hosted by that organization with an intern, which
// staff reach by subtree and the org account only at its own organization.
#include "api/matrix.h"
#include "core/region_code.h"

namespace shuniu::testing::matrix {
namespace {

struct PartyFx {
  long long branch = 0, member = 0, activity = 0, ibase = 0, intern = 0;
};

std::map<std::string, PartyFx>& Fx() {
  static std::map<std::string, PartyFx> m;
  return m;
}

void AddFixture(const Fixtures& fx, const std::string& region) {
  auto& sys = *fx.stack.sys;
  PartyFx p;
  p.branch = std::stoll(region) * 10 + 5;  // unique per region, the same in every test
  p.member = p.branch + 1;
  p.activity = p.branch + 2;
  p.ibase = p.branch + 3;
  p.intern = p.branch + 4;
  long long org = fx.orgs.at(region);
  Status st =
      ExecSql(sys,
              "INSERT INTO party_branches (id, region_code, name, lead_org_id, description, "
              "created_by_name, version, created_at, updated_at) VALUES (:1, :2, :3, :4, "
              "'', 'matrix', 1, 0, 0)",
              {p.branch, region, "矩阵联合党支部 " + region, org});
  ASSERT_TRUE(st.ok()) << st.message();
  st = ExecSql(sys,
               "INSERT INTO party_members (id, branch_id, region_code, name, org_id, status, post, "
               "transfer_in_on, id_number_sealed, id_number_index, id_number_masked, "
               "phone_sealed, phone_index, phone_masked, version, created_at, updated_at) VALUES "
               "(:1, :2, :3, '矩阵党员', :4, 'full', '', '2014-01-01', '', :5, "
               "'440703********0022', '', '', '', 1, 0, 0)",
               {p.member, p.branch, region, org, "matrix-" + region});
  ASSERT_TRUE(st.ok()) << st.message();
  st = ExecSql(sys,
               "INSERT INTO party_activities (id, branch_id, region_code, kind, held_on, place, "
               "topic, minutes, created_by_name, version, created_at, updated_at) VALUES (:1, :2, "
               ":3, 'lecture', '2014-05-01', '', '矩阵党课', '', 'matrix', 1, 0, 0)",
               {p.activity, p.branch, region});
  ASSERT_TRUE(st.ok()) << st.message();
  st =
      ExecSql(sys,
              "INSERT INTO internship_bases (id, region_code, name, university, majors, org_id, "
              "agreement_no, term_start, term_end, school_supervisor, org_supervisor, "
              "created_by_name, version, created_at, updated_at) VALUES (:1, :2, '矩阵实习基地', "
              "'五邑大学', '社会工作', :3, '', '2014-01-01', '2030-12-31', '', '', 'matrix', 1, 0, "
              "0)",
              {p.ibase, region, org});
  ASSERT_TRUE(st.ok()) << st.message();
  st = ExecSql(sys,
               "INSERT INTO interns (id, internship_base_id, region_code, org_id, name, school, "
               "major, phone_sealed, phone_index, phone_masked, start_on, end_on, grade, "
               "evaluation, version, created_at, updated_at) VALUES (:1, :2, :3, :4, '矩阵实习生', "
               "'五邑大学', '社会工作', '', '', '', '2014-03-01', '2030-06-30', '', '', 1, 0, 0)",
               {p.intern, p.ibase, region, org});
  ASSERT_TRUE(st.ok()) << st.message();
  Fx()[region] = p;
}

void Replace(std::string& path, const char* what, long long v) {
  if (auto p = path.find(what); p != std::string::npos)
    path.replace(p, std::string(what).size(), std::to_string(v));
}

bool Build(const Fixtures& fx, const std::string& key, const Caller& caller,
           const std::string& region, std::string& path, std::string& body) {
  bool party = key.find(" /api/v1/party-branches") != std::string::npos;
  bool interns = key.find(" /api/v1/internship-bases") != std::string::npos ||
                 key == "GET /api/v1/orgs/{id}/interns";
  if (!party && !interns) return false;
  const PartyFx& p = Fx().at(region);
  auto& sys = *fx.stack.sys;
  using nlohmann::json;
  if (key == "GET /api/v1/orgs/{id}/interns") {
    Replace(path, "{id}", fx.orgs.at(region));
    return true;
  }
  Replace(path, "{id}", party ? p.branch : p.ibase);
  Replace(path, "{mid}", p.member);
  Replace(path, "{aid}", p.activity);
  Replace(path, "{iid}", p.intern);
  if (key == "POST /api/v1/party-branches")
    body = json{{"region_code", region},
                {"name", "矩阵新建支部 " + caller.label},
                {"lead_org_id", fx.orgs.at(region)}}
               .dump();
  if (key == "PATCH /api/v1/party-branches/{id}")
    body = json{{"version",
                 QueryInt(sys, "SELECT version FROM party_branches WHERE id = :1", {p.branch})},
                {"description", "矩阵"}}
               .dump();
  if (key == "POST /api/v1/party-branches/{id}/officers")
    body = json{{"user_id", fx.users.at(region)}, {"appointed", false}}.dump();
  if (key == "POST /api/v1/party-branches/{id}/members")
    body = json{{"name", "矩阵新党员"},
                {"status", "probationary"},
                {"transfer_in_on", "2014-02-01"},
                {"id_number", "440705199001011231"}}
               .dump();
  if (key == "PATCH /api/v1/party-branches/{id}/members/{mid}")
    body = json{{"version",
                 QueryInt(sys, "SELECT version FROM party_members WHERE id = :1", {p.member})},
                {"status", "full"}}
               .dump();
  if (key == "GET /api/v1/party-branches/{id}/members/{mid}") path += "?unmask=id_number";
  if (key == "POST /api/v1/party-branches/{id}/activities")
    body =
        json{{"kind", "themed_day"}, {"held_on", "2014-07-01"}, {"topic", "矩阵主题党日"}}.dump();
  if (key == "PATCH /api/v1/party-branches/{id}/activities/{aid}")
    body = json{{"version",
                 QueryInt(sys, "SELECT version FROM party_activities WHERE id = :1", {p.activity})},
                {"place", "矩阵会议室"}}
               .dump();
  if (key == "GET /api/v1/internship-bases") path += "?size=200";
  if (key == "POST /api/v1/internship-bases")
    body = json{{"university", "江门职业技术学院"},
                {"org_id", fx.orgs.at(region)},
                {"term_start", "2014-01-01"},
                {"term_end", "2015-12-31"}}
               .dump();
  if (key == "PATCH /api/v1/internship-bases/{id}")
    body = json{{"version",
                 QueryInt(sys, "SELECT version FROM internship_bases WHERE id = :1", {p.ibase})},
                {"org_supervisor", "矩阵督导"}}
               .dump();
  if (key == "POST /api/v1/internship-bases/{id}/interns")
    body =
        json{{"name", "矩阵新实习生"}, {"start_on", "2014-03-01"}, {"end_on", "2014-06-30"}}.dump();
  if (key == "PATCH /api/v1/internship-bases/{id}/interns/{iid}")
    body = json{{"version", QueryInt(sys, "SELECT version FROM interns WHERE id = :1", {p.intern})},
                {"grade", "good"}}
               .dump();
  if (key == "POST /api/v1/internship-bases/{id}/interns/{iid}/hours")
    body = json{{"worked_on", "2014-03-03"}, {"hours", 1}, {"activity", "矩阵"}}.dump();
  return true;
}

// Past the gate every role but the admin is a non-officer: 404 on every branch,
// except the appointed officer on the branch it serves.
Policy Branch() {
  Policy p = Route(kAny, Scope::kObject);
  p.record_only = {"staff", "org", "auditor", "reviewer"};
  p.officer = Officer::kAllowed;
  return p;
}
// Writes: auditors and reviewers (never officers) are refused at the gate.
Policy BranchWrite() {
  Policy p = Route(kOrgEditors, Scope::kObject);
  p.record_only = {"staff", "org"};
  p.officer = Officer::kAllowed;
  return p;
}
// Only admins appoint officers: an officer sees its branch but is refused (403).
Policy Appoint() {
  Policy p = Route(kOrgEditors, Scope::kObject);
  p.record_only = {"staff", "org"};
  p.officer = Officer::kForbidden;
  return p;
}

// The officer caller: appointed to the branch of its own region.
const RegisterCaller kOfficer{[](const Fixtures& fx, const Caller& c, long long user_id,
                                 std::optional<long long>) {
  if (c.kind != Kind::kOfficer) return;
  Status st = ExecSql(*fx.stack.sys,
                      "INSERT INTO party_branch_officers (branch_id, user_id, appointed_by_name, "
                      "appointed_at) VALUES (:1, :2, 'matrix', 0)",
                      {Fx().at(c.region).branch, user_id});
  ASSERT_TRUE(st.ok()) << st.message();
}};

const Register kParty{Family{
    "party",
    {
        {"GET /api/v1/party-branches", List(kAny, "region_code")},
        {"POST /api/v1/party-branches", Route({"admin"}, Scope::kTarget)},
        {"GET /api/v1/party-branches/{id}", Branch()},
        {"PATCH /api/v1/party-branches/{id}", BranchWrite()},
        {"POST /api/v1/party-branches/{id}/officers", Appoint()},
        {"GET /api/v1/party-branches/{id}/members", Branch()},
        {"POST /api/v1/party-branches/{id}/members", BranchWrite()},
        {"GET /api/v1/party-branches/{id}/members/{mid}", Branch()},
        {"PATCH /api/v1/party-branches/{id}/members/{mid}", BranchWrite()},
        {"GET /api/v1/party-branches/{id}/activities", Branch()},
        {"POST /api/v1/party-branches/{id}/activities", BranchWrite()},
        {"GET /api/v1/party-branches/{id}/activities/{aid}", Branch()},
        {"PATCH /api/v1/party-branches/{id}/activities/{aid}", BranchWrite()},
        // internship bases: staff by subtree, the org account at its own organization
        {"GET /api/v1/internship-bases", List(kOrgReaders, "region_code")},
        {"POST /api/v1/internship-bases", Route(kManagers, Scope::kTarget)},
        {"GET /api/v1/internship-bases/{id}", OrgRoute(kOrgReaders, Scope::kObject)},
        {"PATCH /api/v1/internship-bases/{id}", Route(kManagers, Scope::kObject)},
        {"GET /api/v1/internship-bases/{id}/interns", OrgRoute(kOrgReaders, Scope::kObject)},
        {"POST /api/v1/internship-bases/{id}/interns", Route(kManagers, Scope::kObject)},
        {"PATCH /api/v1/internship-bases/{id}/interns/{iid}", Route(kManagers, Scope::kObject)},
        {"GET /api/v1/internship-bases/{id}/interns/{iid}/hours",
         OrgRoute(kOrgReaders, Scope::kObject)},
        {"POST /api/v1/internship-bases/{id}/interns/{iid}/hours",
         OrgRoute(kOrgEditors, Scope::kObject)},
        {"GET /api/v1/orgs/{id}/interns", OrgRoute(kOrgReaders, Scope::kObject)},
    },
    AddFixture,
    Build,
}};

}  // namespace
}  // namespace shuniu::testing::matrix
