// The access matrix for annual reviews, public disclosures and cadre liaison:
// in every fixture region a draft review (2025) and a published one (2024) of
// the region's organization, and a visit with an open follow-up.
#include "api/matrix.h"
#include "core/time.h"

namespace shuniu::testing::matrix {
namespace {

struct ReviewFixtures {
  std::map<std::string, long long> draft, published, visit;
};
ReviewFixtures& Fx() {
  static ReviewFixtures f;
  return f;
}

Principal At(app::System& sys, const std::string& region) {
  Principal p = sys.users->CliPrincipal("matrix");
  p.region_code = region;  // also reaches regions outside the deployment
  return p;
}

void AddFixture(const Fixtures& fx, const std::string& region) {
  auto& sys = *fx.stack.sys;
  long long org = fx.orgs.at(region);
  Principal p = At(sys, region);
  auto draft = sys.reviews->Create(p, org, 2025, {});
  ASSERT_TRUE(draft.ok()) << draft.status().message();
  Fx().draft[region] = draft->id;
  hub::ReviewInput in;
  in.texts["governance"] = "理事会每季度召开一次";
  in.nums["income_fen"] = 100000;
  auto pub = sys.reviews->Create(p, org, 2024, in);
  ASSERT_TRUE(pub.ok()) << pub.status().message();
  // Decided without files (the decision path is covered by review_api_test).
  ASSERT_TRUE(ExecSql(sys,
                      "UPDATE annual_reviews SET state = 'decided', result = 'qualified' "
                      "WHERE id = :1",
                      {pub->id})
                  .ok());
  Fx().published[region] = pub->id;
  hub::VisitInput v;
  v.org_id = org;
  v.v = {{"visited_on", Rfc3339(NowMs()).substr(0, 10)},
         {"form", "visit"},
         {"topics", "矩阵走访"},
         {"follow_up", "跟进"}};
  auto visit = sys.liaison->Create(p, v);
  ASSERT_TRUE(visit.ok()) << visit.status().message();
  Fx().visit[region] = visit->id;
}

const std::set<std::string> kReviewReaders = {"admin", "staff", "auditor", "org"};
const std::set<std::string> kReviewEditors = {"admin", "staff", "org"};
const std::set<std::string> kStaffReaders = {"admin", "staff", "auditor"};

bool Build(const Fixtures& fx, const std::string& key, const Caller&, const std::string& region,
           std::string& path, std::string& body) {
  auto& sys = *fx.stack.sys;
  auto id = [&](std::map<std::string, long long>& m) {
    if (auto p = path.find("{id}"); p != std::string::npos)
      path.replace(p, 4, std::to_string(m.at(region)));
  };
  auto version = [&](const char* table, long long row) {
    return QueryInt(sys, std::string("SELECT version FROM ") + table + " WHERE id = :1", {row});
  };
  if (key == "GET /api/v1/annual-reviews") {
    path += "?size=200";
  } else if (key == "POST /api/v1/annual-reviews") {
    body = nlohmann::json{{"org_id", fx.orgs.at(region)}, {"year", 2023}}.dump();
  } else if (key == "GET /api/v1/annual-reviews/overdue") {
    path += "?size=200&year=2025";
  } else if (key == "POST /api/v1/annual-reviews/overdue/flag" ||
             key == "GET /api/v1/annual-reviews/years" ||
             key == "GET /api/v1/annual-reviews/checklist") {
  } else if (key == "PATCH /api/v1/annual-reviews/years/{year}") {
    path = "/api/v1/annual-reviews/years/2025";
    body = R"({"due_date":"2026-05-31"})";
  } else if (key == "GET /api/v1/annual-reviews/{id}" ||
             key == "POST /api/v1/annual-reviews/{id}/submit") {
    id(Fx().draft);
  } else if (key == "PATCH /api/v1/annual-reviews/{id}") {
    id(Fx().draft);
    body = nlohmann::json{{"version", version("annual_reviews", Fx().draft.at(region))},
                          {"activities", "matrix"}}
               .dump();
  } else if (key == "POST /api/v1/annual-reviews/{id}/return") {
    id(Fx().draft);
    body = R"({"note":"matrix"})";
  } else if (key == "POST /api/v1/annual-reviews/{id}/decide") {
    id(Fx().draft);
    nlohmann::json checklist = nlohmann::json::object();
    for (auto& k : hub::ReviewService::ChecklistItems()) checklist[k] = "yes";
    body = nlohmann::json{{"result", "qualified"}, {"checklist", checklist}}.dump();
  } else if (key == "GET /api/v1/public/disclosures") {
    path += "?size=200";
  } else if (key == "GET /api/v1/public/disclosures/{id}") {
    id(Fx().published);
  } else if (key == "GET /api/v1/visits") {
    path += "?size=200";
  } else if (key == "POST /api/v1/visits") {
    body = nlohmann::json{{"org_id", fx.orgs.at(region)},
                          {"visited_on", Rfc3339(NowMs()).substr(0, 10)},
                          {"form", "phone"},
                          {"topics", "matrix"}}
               .dump();
  } else if (key == "GET /api/v1/visits/workload" || key == "GET /api/v1/visits/stale") {
    path += "?size=200&region=" + region;
  } else if (key == "GET /api/v1/visits/{id}") {
    id(Fx().visit);
  } else if (key == "PATCH /api/v1/visits/{id}") {
    id(Fx().visit);
    body = nlohmann::json{{"version", version("liaison_visits", Fx().visit.at(region))},
                          {"topics", "matrix"}}
               .dump();
  } else if (key == "POST /api/v1/visits/{id}/close-follow-up") {
    id(Fx().visit);
    body = R"({"note":"matrix"})";
  } else {
    return false;
  }
  return true;
}

const Register kReviews{Family{
    "reviews",
    {
        {"GET /api/v1/annual-reviews", List(kReviewReaders, "region_code")},
        {"POST /api/v1/annual-reviews", OrgRoute(kReviewEditors, Scope::kTarget)},
        {"GET /api/v1/annual-reviews/overdue", List(kStaffReaders, "region_code")},
        {"POST /api/v1/annual-reviews/overdue/flag", Route(kManagers)},
        {"GET /api/v1/annual-reviews/years", Route(kReviewReaders)},
        {"PATCH /api/v1/annual-reviews/years/{year}", Route({"admin"})},
        {"GET /api/v1/annual-reviews/checklist", Route(kReviewReaders)},
        {"GET /api/v1/annual-reviews/{id}", OrgRoute(kReviewReaders, Scope::kObject)},
        {"PATCH /api/v1/annual-reviews/{id}", OrgRoute(kReviewEditors, Scope::kObject)},
        {"POST /api/v1/annual-reviews/{id}/submit", OrgRoute(kReviewEditors, Scope::kObject)},
        {"POST /api/v1/annual-reviews/{id}/return", Route(kManagers, Scope::kObject)},
        {"POST /api/v1/annual-reviews/{id}/decide", Route(kManagers, Scope::kObject)},
        {"GET /api/v1/public/disclosures", Route(kPublic)},
        {"GET /api/v1/public/disclosures/{id}", Route(kPublic)},
        {"GET /api/v1/visits", List(kStaffReaders, "region_code")},
        {"POST /api/v1/visits", Route(kManagers, Scope::kTarget)},
        {"GET /api/v1/visits/workload", Route(kStaffReaders, Scope::kObject)},
        {"GET /api/v1/visits/stale", Route(kStaffReaders, Scope::kObject)},
        {"GET /api/v1/visits/{id}", Route(kStaffReaders, Scope::kObject)},
        {"PATCH /api/v1/visits/{id}", Route(kManagers, Scope::kObject)},
        {"POST /api/v1/visits/{id}/close-follow-up", Route(kManagers, Scope::kObject)},
    },
    AddFixture,
    Build,
}};

}  // namespace
}  // namespace shuniu::testing::matrix
