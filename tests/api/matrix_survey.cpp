// The access matrix for needs surveys: in every fixture region an open survey
// sent to that region's fixture organization (so the org account reaches only
// the survey of its own region).
#include "api/matrix.h"

namespace shuniu::testing::matrix {
namespace {

std::map<std::string, long long>& Surveys() {
  static std::map<std::string, long long> m;
  return m;
}

const char* kQuestions =
    R"([{"id":"need","kind":"single","title":"最需要的支持","required":true,)"
    R"("options":["项目资金","专业培训"]},{"id":"note","kind":"text","title":"建议"}])";

void AddSurvey(const Fixtures& fx, const std::string& region) {
  auto& sys = *fx.stack.sys;
  Principal p = sys.users->CliPrincipal("matrix");
  p.region_code = region;  // also reaches regions outside the deployment
  hub::SurveyInput in;
  in.title = "矩阵问卷 " + region;
  in.description = "";
  in.region_code = region;
  in.questions = nlohmann::json::parse(kQuestions);
  in.target = nlohmann::json{{"org_ids", {fx.orgs.at(region)}}};
  auto s = sys.surveys->Create(p, in);
  ASSERT_TRUE(s.ok()) << s.status().message();
  auto o = sys.surveys->Open(p, s->id);
  ASSERT_TRUE(o.ok()) << o.status().message();
  Surveys()[region] = s->id;
}

bool Build(const Fixtures& fx, const std::string& key, const Caller&, const std::string& region,
           std::string& path, std::string& body) {
  if (key.find(" /api/v1/surveys") == std::string::npos) return false;
  if (auto p = path.find("{id}"); p != std::string::npos)
    path.replace(p, 4, std::to_string(Surveys().at(region)));
  if (key == "GET /api/v1/surveys") path += "?size=200";
  if (key == "POST /api/v1/surveys")
    body = nlohmann::json{{"title", "矩阵新问卷"},
                          {"region_code", region},
                          {"questions", nlohmann::json::parse(kQuestions)}}
               .dump();
  if (key == "POST /api/v1/surveys/target-preview")
    body = nlohmann::json{{"region_code", region}, {"target", nlohmann::json::object()}}.dump();
  if (key == "PATCH /api/v1/surveys/{id}")
    body = nlohmann::json{{"version",
                           QueryInt(*fx.stack.sys, "SELECT version FROM surveys WHERE id = :1",
                                    {Surveys().at(region)})},
                          {"description", "matrix"}}
               .dump();
  if (key == "POST /api/v1/surveys/{id}/responses")
    body = R"({"answers":{"need":"项目资金","note":"矩阵"}})";
  return true;
}

const Register kSurveys{Family{
    "surveys",
    {
        {"GET /api/v1/surveys", List(kOrgReaders, "region_code")},
        {"POST /api/v1/surveys", Route(kManagers, Scope::kTarget)},
        {"POST /api/v1/surveys/target-preview", Route(kManagers, Scope::kTarget)},
        {"GET /api/v1/surveys/{id}", OrgRoute(kOrgReaders, Scope::kObject)},
        // an open survey: edits of its description pass, a second open answers 409
        {"PATCH /api/v1/surveys/{id}", Route(kManagers, Scope::kObject)},
        {"POST /api/v1/surveys/{id}/open", Route(kManagers, Scope::kObject)},
        {"POST /api/v1/surveys/{id}/close", Route(kManagers, Scope::kObject)},
        {"GET /api/v1/surveys/{id}/responses", OrgRoute(kOrgReaders, Scope::kObject)},
        // after the close route has run, answers are refused with 409 (still allowed)
        {"POST /api/v1/surveys/{id}/responses", OrgRoute({"org"}, Scope::kObject)},
        {"GET /api/v1/surveys/{id}/results", Route(kStatsReaders, Scope::kObject)},
        {"GET /api/v1/surveys/{id}/export.xlsx", Route(kStatsReaders, Scope::kObject)},
    },
    AddSurvey,
    Build,
}};

}  // namespace
}  // namespace shuniu::testing::matrix
