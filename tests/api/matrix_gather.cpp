// The meetings and trainings part of the access matrix: in every fixture region
// a scheduled meeting inviting that region's organization (with a resolution),
// and a closed training with one person of that organization enrolled.
#include <memory>

#include "api/matrix.h"

namespace shuniu::testing::matrix {
namespace {

struct GatherFixture {
  long long meeting = 0, resolution = 0, training = 0, enrolment = 0;
};
using FixtureMap = std::map<std::string, GatherFixture>;

Policy OrgOnly(std::set<std::string> roles) { return OrgRoute(std::move(roles), Scope::kObject); }

Family MakeFamily() {
  auto fx = std::make_shared<FixtureMap>();
  Family f;
  f.name = "gather";
  f.policies = {
      {"GET /api/v1/meetings", List(kOrgReaders, "region_code")},
      {"POST /api/v1/meetings", Route(kManagers, Scope::kTarget)},
      {"GET /api/v1/meetings/{id}", OrgOnly(kOrgReaders)},
      {"PATCH /api/v1/meetings/{id}", Route(kManagers, Scope::kObject)},
      {"POST /api/v1/meetings/{id}/hold", Route(kManagers, Scope::kObject)},
      {"POST /api/v1/meetings/{id}/cancel", Route(kManagers, Scope::kObject)},
      {"POST /api/v1/meetings/{id}/invitations", Route(kManagers, Scope::kObject)},
      {"POST /api/v1/meetings/{id}/confirm", OrgOnly({"org"})},
      {"POST /api/v1/meetings/{id}/check-in", OrgOnly({"org"})},
      {"POST /api/v1/meetings/{id}/attendance", Route(kManagers, Scope::kObject)},
      {"POST /api/v1/meetings/{id}/resolutions", Route(kManagers, Scope::kObject)},
      {"PATCH /api/v1/meetings/{id}/resolutions/{rid}", Route(kManagers, Scope::kObject)},
      {"GET /api/v1/trainings", List(kOrgReaders, "region_code")},
      {"POST /api/v1/trainings", Route(kManagers, Scope::kTarget)},
      {"GET /api/v1/trainings/quarters", Route(kStatsReaders, Scope::kObject)},
      {"GET /api/v1/trainings/record", OrgOnly(kOrgReaders)},
      {"GET /api/v1/orgs/{id}/trainings", OrgOnly(kOrgReaders)},
      {"GET /api/v1/trainings/{id}", OrgOnly(kOrgReaders)},
      {"PATCH /api/v1/trainings/{id}", Route(kManagers, Scope::kObject)},
      {"POST /api/v1/trainings/{id}/open", Route(kManagers, Scope::kObject)},
      {"POST /api/v1/trainings/{id}/close", Route(kManagers, Scope::kObject)},
      {"POST /api/v1/trainings/{id}/hold", Route(kManagers, Scope::kObject)},
      {"POST /api/v1/trainings/{id}/cancel", Route(kManagers, Scope::kObject)},
      {"GET /api/v1/trainings/{id}/enrolments", OrgOnly(kOrgReaders)},
      {"POST /api/v1/trainings/{id}/enrolments", OrgOnly(kOrgEditors)},
      {"POST /api/v1/trainings/{id}/enrolments/{eid}/cancel", OrgOnly(kOrgEditors)},
      {"POST /api/v1/trainings/{id}/enrolments/{eid}/check-in", Route(kManagers, Scope::kObject)},
      {"POST /api/v1/trainings/{id}/enrolments/{eid}/absent", Route(kManagers, Scope::kObject)},
      {"POST /api/v1/trainings/{id}/enrolments/{eid}/feedback", OrgOnly(kOrgEditors)},
  };
  f.add_fixture = [fx](const Fixtures& x, const std::string& region) {
    auto& sys = *x.stack.sys;
    Principal p = sys.users->CliPrincipal("matrix");
    p.region_code = region;
    GatherFixture g;
    hub::MeetingInput mi;
    mi.kind = "joint";
    mi.title = "联席会议 " + region;
    mi.region_code = region;
    mi.starts_at = *ParseRfc3339("2026-12-10T02:00:00Z");
    mi.ends_at = *ParseRfc3339("2026-12-10T04:00:00Z");
    auto m = sys.meetings->Create(p, mi);
    ASSERT_TRUE(m.ok()) << m.status().message();
    g.meeting = m->meeting.id;
    hub::InviteInput inv;
    inv.org_ids = {x.orgs.at(region)};
    auto invited = sys.meetings->Invite(p, g.meeting, inv);
    ASSERT_TRUE(invited.ok()) << invited.status().message();
    hub::ResolutionInput ri;
    ri.content = "落实 " + region;
    auto r = sys.meetings->AddResolution(p, g.meeting, ri);
    ASSERT_TRUE(r.ok()) << r.status().message();
    g.resolution = r->id;
    hub::TrainingInput ti;
    ti.kind = "thematic";
    ti.title = "主题培训 " + region;
    ti.region_code = region;
    ti.starts_at = *ParseRfc3339("2026-12-11T01:00:00Z");
    ti.ends_at = *ParseRfc3339("2026-12-11T04:00:00Z");
    ti.capacity = std::optional<long long>(30);
    auto t = sys.trainings->Create(p, ti);
    ASSERT_TRUE(t.ok()) << t.status().message();
    g.training = t->training.id;
    ASSERT_TRUE(sys.trainings->Move(p, g.training, "open", "").ok());
    hub::EnrolmentInput ei;
    ei.org_id = x.orgs.at(region);
    ei.name = "学员 " + region;
    auto e = sys.trainings->Enrol(p, g.training, ei);
    ASSERT_TRUE(e.ok()) << e.status().message();
    g.enrolment = e->id;
    // Closed: only the enrolled organization sees it (an open one would be
    // visible to organizations below its region).
    ASSERT_TRUE(sys.trainings->Move(p, g.training, "closed", "").ok());
    (*fx)[region] = g;
  };
  f.build = [fx](const Fixtures& x, const std::string& key, const Caller&,
                 const std::string& region, std::string& path, std::string& body) {
    bool meeting = key.find("/api/v1/meetings") != std::string::npos;
    bool training = key.find("/api/v1/trainings") != std::string::npos ||
                    key == "GET /api/v1/orgs/{id}/trainings";
    if (!meeting && !training) return false;
    const GatherFixture& g = fx->at(region);
    auto& sys = *x.stack.sys;
    auto replace = [&](const std::string& ph, long long v) {
      if (auto p = path.find(ph); p != std::string::npos)
        path.replace(p, ph.size(), std::to_string(v));
    };
    if (key == "GET /api/v1/orgs/{id}/trainings") {
      replace("{id}", x.orgs.at(region));
      return true;
    }
    replace("{id}", meeting ? g.meeting : g.training);
    replace("{rid}", g.resolution);
    replace("{eid}", g.enrolment);
    long long org = x.orgs.at(region);
    if (key == "GET /api/v1/meetings" || key == "GET /api/v1/trainings") path += "?size=200";
    if (key == "POST /api/v1/meetings")
      body = nlohmann::json{{"kind", "joint"},
                            {"title", "matrix meeting"},
                            {"region_code", region},
                            {"starts_at", "2026-12-20T02:00:00Z"},
                            {"ends_at", "2026-12-20T03:00:00Z"}}
                 .dump();
    if (key == "PATCH /api/v1/meetings/{id}")
      body =
          nlohmann::json{
              {"version", QueryInt(sys, "SELECT version FROM meetings WHERE id = :1", {g.meeting})},
              {"place", "matrix"}}
              .dump();
    if (key == "POST /api/v1/meetings/{id}/hold") body = R"({"minutes":"matrix"})";
    if (key == "POST /api/v1/meetings/{id}/invitations")
      body = nlohmann::json{{"org_ids", {org}}}.dump();
    if (key == "POST /api/v1/meetings/{id}/check-in")
      body =
          nlohmann::json{{"code", QueryStr(sys, "SELECT checkin_code FROM meetings WHERE id = :1",
                                           {g.meeting})}}
              .dump();
    if (key == "POST /api/v1/meetings/{id}/attendance")
      body = nlohmann::json{{"marks", {{{"org_id", org}, {"status", "attended"}}}}}.dump();
    if (key == "POST /api/v1/meetings/{id}/resolutions") body = R"({"content":"matrix"})";
    if (key == "PATCH /api/v1/meetings/{id}/resolutions/{rid}")
      body = nlohmann::json{{"version",
                             QueryInt(sys, "SELECT version FROM meeting_resolutions WHERE id = :1",
                                      {g.resolution})},
                            {"due_on", "2026-12-31"}}
                 .dump();
    if (key == "POST /api/v1/trainings")
      body = nlohmann::json{{"kind", "thematic"},
                            {"title", "matrix training"},
                            {"region_code", region},
                            {"starts_at", "2026-12-21T02:00:00Z"},
                            {"ends_at", "2026-12-21T03:00:00Z"}}
                 .dump();
    if (key == "GET /api/v1/trainings/quarters") path += "?year=2026&region=" + region;
    if (key == "GET /api/v1/trainings/record") path += "?org_id=" + std::to_string(org);
    if (key == "PATCH /api/v1/trainings/{id}")
      body = nlohmann::json{{"version", QueryInt(sys, "SELECT version FROM trainings WHERE id = :1",
                                                 {g.training})},
                            {"place", "matrix"}}
                 .dump();
    if (key == "POST /api/v1/trainings/{id}/enrolments")
      body = nlohmann::json{{"org_id", org}, {"name", "矩阵学员"}}.dump();
    if (key == "POST /api/v1/trainings/{id}/enrolments/{eid}/feedback") body = R"({"score":5})";
    return true;
  };
  return f;
}

const Register kRegister(MakeFamily());

}  // namespace
}  // namespace shuniu::testing::matrix
