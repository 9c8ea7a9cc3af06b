// HTTP routes of needs surveys: parse, call one service method, render.
#include "hub/survey_routes.h"

#include "core/time.h"
#include "core/utf8.h"

namespace shuniu::hub::routes {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

std::string Query(const Request& r, const char* k, size_t max = 100) {
  auto it = r.query.find(k);
  return it == r.query.end() ? std::string() : Utf8Prefix(it->second, max);
}

json Time(const std::optional<int64_t>& t) { return t ? json(Rfc3339(*t)) : json(); }

json SurveyJson(const Survey& s, const Principal& p) {
  int64_t now = NowMs();
  json j = {{"id", s.id},
            {"title", s.title},
            {"description", s.description},
            {"region_code", s.region_code},
            {"region_name", s.region_name},
            {"state", s.EffectiveState(now)},
            {"questions", QuestionsJson(s.questions)},
            {"opens_at", Time(s.opens_at)},
            {"closes_at", Time(s.closes_at)},
            {"opened_at", Time(s.opened_at)},
            {"closed_at", Time(s.closed_at)},
            {"version", s.version},
            {"created_at", Rfc3339(s.created_at)},
            {"updated_at", Rfc3339(s.updated_at)}};
  if (p.role == Role::kOrg) {
    j["responded"] = s.responded.value_or(false);
  } else {
    j["target"] = TargetJson(s.target);
    j["created_by_name"] = s.created_by_name;
    j["target_count"] = s.target_count;
    j["response_count"] = s.response_count;
  }
  return j;
}

json ResponseJson(const SurveyResponse& r) {
  return {{"id", r.id},
          {"survey_id", r.survey_id},
          {"org_id", r.org_id},
          {"org_name", r.org_name},
          {"region_code", r.region_code},
          {"answers", r.answers},
          {"submitted_by_name", r.submitted_by_name},
          {"submitted_at", Rfc3339(r.submitted_at)},
          {"updated_at", Rfc3339(r.updated_at)},
          {"revision", r.revision}};
}

Status ParseTime(const JsonInput& in, const char* name,
                 std::optional<std::optional<int64_t>>& out) {
  if (!in.Has(name)) return Status::Ok();
  const json& v = in.raw()[name];
  if (v.is_null()) {
    out = std::optional<int64_t>();
    return Status::Ok();
  }
  std::optional<int64_t> t;
  if (v.is_string()) t = ParseRfc3339(v.get<std::string>());
  if (!t) return InvalidArgument(name, std::string(name) + " must be an RFC 3339 time or a date");
  out = t;
  return Status::Ok();
}

Result<SurveyInput> ParseInput(const JsonInput& in, bool patch) {
  SurveyInput out;
  SHUNIU_RETURN_IF_ERROR(patch ? in.AllowOnly({"version", "title", "description", "region_code",
                                               "questions", "target", "opens_at", "closes_at"})
                               : in.AllowOnly({"title", "description", "region_code", "questions",
                                               "target", "opens_at", "closes_at"}));
  if (!patch || in.Has("title")) {
    auto t = in.RequiredString("title", 1, 200);
    if (!t.ok()) return t.status();
    out.title = *t;
  }
  auto d = in.OptionalString("description", 4000);
  if (!d.ok()) return d.status();
  if (in.Has("description")) out.description = d->value_or("");
  if (!patch && !out.description) out.description = "";
  auto r = in.OptionalString("region_code", 12);
  if (!r.ok()) return r.status();
  if (*r) out.region_code = **r;
  if (in.Has("questions")) out.questions = in.raw()["questions"];
  if (in.Has("target")) out.target = in.raw()["target"];
  SHUNIU_RETURN_IF_ERROR(ParseTime(in, "opens_at", out.opens_at));
  SHUNIU_RETURN_IF_ERROR(ParseTime(in, "closes_at", out.closes_at));
  return out;
}

http::Handler List(SurveyService& s) {
  return [&s](const Request& req) {
    SurveyListFilter f;
    Status st = http::PageParams(req, &f.page, &f.size);
    if (!st.ok()) return http::Error(st, req.request_id);
    f.state = Query(req, "state", 16);
    if (!f.state.empty() && f.state != "draft" && f.state != "open" && f.state != "closed")
      return http::Error(InvalidArgument("state", "state must be draft, open or closed"),
                         req.request_id);
    f.q = Query(req, "q", 100);
    auto r = s.List(req.caller(), f);
    return http::Render(req, r, [&](const std::pair<std::vector<Survey>, long long>& page) {
      json items = json::array();
      for (auto& x : page.first) items.push_back(SurveyJson(x, req.caller()));
      return http::PageJson(items, page.second, f.page, f.size);
    });
  };
}

http::Handler Create(SurveyService& s) {
  return [&s](const Request& req) {
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    auto in = ParseInput(*body, false);
    if (!in.ok()) return http::Error(in.status(), req.request_id);
    auto r = s.Create(req.caller(), *in);
    return http::Render(
        req, r, [&](const Survey& x) { return SurveyJson(x, req.caller()); }, 201);
  };
}

http::Handler Get(SurveyService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto r = s.Get(req.caller(), *id);
    return http::Render(req, r, [&](const Survey& x) { return SurveyJson(x, req.caller()); });
  };
}

http::Handler Update(SurveyService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    auto version = body->RequiredInt("version");
    if (!version.ok()) return http::Error(version.status(), req.request_id);
    auto in = ParseInput(*body, true);
    if (!in.ok()) return http::Error(in.status(), req.request_id);
    auto r = s.Update(req.caller(), *id, *version, *in);
    return http::Render(req, r, [&](const Survey& x) { return SurveyJson(x, req.caller()); });
  };
}

http::Handler Transition(SurveyService& s, bool open) {
  return [&s, open](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto r = open ? s.Open(req.caller(), *id) : s.Close(req.caller(), *id);
    return http::Render(req, r, [&](const Survey& x) { return SurveyJson(x, req.caller()); });
  };
}

http::Handler Preview(SurveyService& s) {
  return [&s](const Request& req) {
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    Status allowed = body->AllowOnly({"region_code", "target"});
    if (!allowed.ok()) return http::Error(allowed, req.request_id);
    auto region = body->OptionalString("region_code", 12);
    if (!region.ok()) return http::Error(region.status(), req.request_id);
    json target = body->Has("target") ? body->raw()["target"] : json::object();
    auto r = s.Preview(req.caller(), region->value_or(""), target);
    return http::Render(req, r, [](const TargetPreview& p) {
      return json{{"count", p.count}, {"sample", p.sample}};
    });
  };
}

http::Handler Submit(SurveyService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    Status allowed = body->AllowOnly({"answers"});
    if (!allowed.ok()) return http::Error(allowed, req.request_id);
    if (!body->Has("answers"))
      return http::Error(InvalidArgument("answers", "answers are required"), req.request_id);
    auto r = s.Submit(req.caller(), *id, body->raw()["answers"]);
    if (!r.ok()) return http::Error(r.status(), req.request_id);
    return Response::Json(r->second ? 200 : 201, ResponseJson(r->first));
  };
}

http::Handler Responses(SurveyService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    long long page, size;
    Status st = http::PageParams(req, &page, &size);
    if (!st.ok()) return http::Error(st, req.request_id);
    auto r = s.Responses(req.caller(), *id, page, size);
    return http::Render(req, r, [&](const std::pair<std::vector<SurveyResponse>, long long>& res) {
      json items = json::array();
      for (auto& x : res.first) items.push_back(ResponseJson(x));
      return http::PageJson(items, res.second, page, size);
    });
  };
}

http::Handler Results(SurveyService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto r = s.Results(req.caller(), *id);
    return http::Render(req, r, [](const json& j) { return j; });
  };
}

http::Handler Export(SurveyService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    std::string part = Query(req, "part", 16);
    auto r = s.ExportXlsx(req.caller(), *id, part.empty() ? "answers" : part);
    if (!r.ok()) return http::Error(r.status(), req.request_id);
    Response res;
    res.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    res.body = std::move(r).value();
    res.headers.emplace_back("Content-Disposition",
                             "attachment; filename=\"survey-" + std::to_string(*id) + "-" +
                                 (part.empty() ? "answers" : part) + ".xlsx\"");
    return res;
  };
}

}  // namespace

void AppendSurveyRoutes(std::vector<http::Route>& routes, http::Services& s) {
  using http::Access;
  const std::vector<Role> kManagers = {Role::kAdmin, Role::kStaff};
  const std::vector<Role> kReaders = {Role::kAdmin, Role::kStaff, Role::kAuditor, Role::kOrg};
  const std::vector<Role> kStaffReaders = {Role::kAdmin, Role::kStaff, Role::kAuditor};
  const std::vector<Role> kOrgs = {Role::kOrg};
  auto& sv = s.surveys;
  std::vector<http::Route> mine = {
      {"GET", "/api/v1/surveys", Access::kRoles, kReaders,
       "List needs surveys (staff: their subtree; org accounts: sent to their organization)",
       "surveys", List(sv)},
      {"POST", "/api/v1/surveys", Access::kRoles, kManagers, "Create a survey (draft)", "surveys",
       Create(sv)},
      {"POST", "/api/v1/surveys/target-preview", Access::kRoles, kManagers,
       "Count the organizations a target filter selects", "surveys", Preview(sv)},
      {"GET", "/api/v1/surveys/{id}", Access::kRoles, kReaders, "Read a survey", "surveys",
       Get(sv)},
      {"PATCH", "/api/v1/surveys/{id}", Access::kRoles, kManagers,
       "Edit a survey (questions and targets only in draft)", "surveys", Update(sv)},
      {"POST", "/api/v1/surveys/{id}/open", Access::kRoles, kManagers,
       "Open a draft survey: send it to its target organizations", "surveys", Transition(sv, true)},
      {"POST", "/api/v1/surveys/{id}/close", Access::kRoles, kManagers, "Close an open survey",
       "surveys", Transition(sv, false)},
      {"GET", "/api/v1/surveys/{id}/responses", Access::kRoles, kReaders,
       "Responses (staff: all; org accounts: their own)", "surveys", Responses(sv)},
      {"POST", "/api/v1/surveys/{id}/responses", Access::kRoles, kOrgs,
       "Submit or replace the organization's answers", "surveys", Submit(sv)},
      {"GET", "/api/v1/surveys/{id}/results", Access::kRoles, kStaffReaders,
       "Aggregated results and response rates", "surveys", Results(sv)},
      {"GET", "/api/v1/surveys/{id}/export.xlsx", Access::kRoles, kStaffReaders,
       "Export answers (part=answers) or results (part=results) as .xlsx", "surveys", Export(sv)},
  };
  for (auto& r : mine) routes.push_back(std::move(r));
}

}  // namespace shuniu::hub::routes
