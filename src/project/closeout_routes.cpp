// HTTP routes of close-out and promotion: parse, call one service method, render.
#include "project/closeout_routes.h"

#include <memory>

#include "core/utf8.h"
#include "project/closeout_service.h"
#include "project/project_json.h"

namespace shuniu::project::routes {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;
using Svc = std::shared_ptr<CloseoutService>;

std::string Q(const Request& r, const char* k, size_t max = 100) {
  auto it = r.query.find(k);
  return it == r.query.end() ? std::string() : Utf8Prefix(it->second, max);
}

Status QInt(const Request& r, const char* k, std::optional<long long>& out) {
  std::string v = Q(r, k, 20);
  if (v.empty()) return Status::Ok();
  try {
    size_t pos = 0;
    long long n = std::stoll(v, &pos);
    if (pos != v.size()) throw std::invalid_argument(k);
    out = n;
  } catch (...) {
    return InvalidArgument(k, std::string(k) + " must be an integer");
  }
  return Status::Ok();
}

#define CLOSEOUT_OR_ERROR(expr)                             \
  do {                                                      \
    ::shuniu::Status _st = (expr);                          \
    if (!_st.ok()) return http::Error(_st, req.request_id); \
  } while (0)

json Identity(const json& j) { return j; }

http::Handler List(Svc s) {
  return [s](const Request& req) {
    CloseoutFilter f;
    CLOSEOUT_OR_ERROR(http::PageParams(req, &f.page, &f.size));
    f.state = Q(req, "state", 16);
    f.report_state = Q(req, "report_state", 16);
    CLOSEOUT_OR_ERROR(QInt(req, "year", f.year));
    auto r = s->List(req.caller(), f);
    return http::Render(req, r, [&](const std::pair<json, long long>& page) {
      return http::PageJson(page.first, page.second, f.page, f.size);
    });
  };
}

http::Handler Get(Svc s) {
  return [s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    return http::Render(req, s->Get(req.caller(), *id), Identity);
  };
}

http::Handler SubmitReport(Svc s) {
  return [s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    CLOSEOUT_OR_ERROR(
        body->AllowOnly({"summary", "indicators", "beneficiaries", "spending", "file_ids"}));
    FinalReportInput in;
    auto summary = body->RequiredString("summary", 1, 4000);
    if (!summary.ok()) return http::Error(summary.status(), req.request_id);
    in.summary = *summary;
    for (auto [name, dst] :
         {std::pair{"indicators", &in.indicators}, std::pair{"beneficiaries", &in.beneficiaries},
          std::pair{"spending", &in.spending}}) {
      if (!body->Has(name))
        return http::Error(InvalidArgument(name, std::string(name) + " is required"),
                           req.request_id);
      *dst = body->raw()[name];
    }
    if (body->Has("file_ids")) in.file_ids = body->raw()["file_ids"];
    return http::Render(req, s->SubmitReport(req.caller(), *id, in), Identity);
  };
}

// accept | return | unpublish
http::Handler Act(Svc s, std::string action) {
  return [s, action](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    json raw = json::object();
    if (!req.body.empty()) {
      auto body = http::ParseBody(req);
      if (!body.ok()) return http::Error(body.status(), req.request_id);
      CLOSEOUT_OR_ERROR(action == "return" ? body->AllowOnly({"note"}) : body->AllowOnly({}));
      raw = body->raw();
    }
    const Principal& p = req.caller();
    if (action == "accept") return http::Render(req, s->AcceptReport(p, *id), Identity);
    if (action == "unpublish") return http::Render(req, s->UnpublishCase(p, *id), Identity);
    JsonInput in(raw);
    auto note = in.RequiredString("note", 1, 1000);
    if (!note.ok()) return http::Error(note.status(), req.request_id);
    return http::Render(req, s->ReturnReport(p, *id, *note), Identity);
  };
}

http::Handler Evaluate(Svc s) {
  return [s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    CLOSEOUT_OR_ERROR(body->AllowOnly({"score", "grade", "comments"}));
    auto score = body->RequiredInt("score");
    if (!score.ok()) return http::Error(score.status(), req.request_id);
    auto grade = body->RequiredString("grade", 1, 16);
    if (!grade.ok()) return http::Error(grade.status(), req.request_id);
    auto comments = body->RequiredString("comments", 1, 2000);
    if (!comments.ok()) return http::Error(comments.status(), req.request_id);
    return http::Render(req, s->Evaluate(req.caller(), *id, *score, *grade, *comments), Identity);
  };
}

http::Handler Brand(Svc s) {
  return [s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    std::string note;
    if (!req.body.empty()) {
      auto body = http::ParseBody(req);
      if (!body.ok()) return http::Error(body.status(), req.request_id);
      CLOSEOUT_OR_ERROR(body->AllowOnly({"note"}));
      auto n = body->OptionalString("note", 1000);
      if (!n.ok()) return http::Error(n.status(), req.request_id);
      note = n->value_or("");
    }
    return http::Render(req, s->Designate(req.caller(), *id, note), Identity);
  };
}

http::Handler Publish(Svc s) {
  return [s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    CLOSEOUT_OR_ERROR(body->AllowOnly({"title", "summary", "photo_ids"}));
    CaseInput in;
    auto title = body->RequiredString("title", 1, 200);
    if (!title.ok()) return http::Error(title.status(), req.request_id);
    in.title = *title;
    auto summary = body->RequiredString("summary", 1, 4000);
    if (!summary.ok()) return http::Error(summary.status(), req.request_id);
    in.summary = *summary;
    if (body->Has("photo_ids")) in.photo_ids = body->raw()["photo_ids"];
    return http::Render(req, s->PublishCase(req.caller(), *id, in), Identity);
  };
}

http::Handler Refund(Svc s, ProjectService& projects) {
  return [s, &projects](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    if (!req.body.empty()) {
      auto body = http::ParseBody(req);
      if (!body.ok()) return http::Error(body.status(), req.request_id);
      CLOSEOUT_OR_ERROR(body->AllowOnly({}));
    }
    auto created = s->Refund(req.caller(), *id);
    if (!created.ok()) return http::Error(created.status(), req.request_id);
    return http::Render(req, projects.Get(req.caller(), *created), ProjectJson, 201);
  };
}

Response Bytes(std::string bytes, const std::string& type, const std::string& filename) {
  Response r;
  r.content_type = type;
  r.body = std::move(bytes);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  return r;
}

http::Handler Purchases(Svc s) {
  return [s](const Request& req) {
    std::optional<long long> year;
    CLOSEOUT_OR_ERROR(QInt(req, "year", year));
    if (!year)
      return http::Error(InvalidArgument("year", "year is required (?year=YYYY)"), req.request_id);
    auto r = s->PurchasesXlsx(req.caller(), *year);
    if (!r.ok()) return http::Error(r.status(), req.request_id);
    return Bytes(std::move(r).value(),
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 "purchases-" + std::to_string(*year) + ".xlsx");
  };
}

http::Handler PublicList(Svc s) {
  return [s](const Request& req) {
    long long page, size;
    CLOSEOUT_OR_ERROR(http::PageParams(req, &page, &size));
    return http::Render(req, s->PublicCases(page, size), [&](const std::pair<json, long long>& x) {
      return http::PageJson(x.first, x.second, page, size);
    });
  };
}

http::Handler PublicGet(Svc s) {
  return [s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    return http::Render(req, s->PublicCase(*id), Identity);
  };
}

http::Handler PublicPhoto(Svc s) {
  return [s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto file = http::IdParam(req, "file_id");
    if (!file.ok()) return http::Error(file.status(), req.request_id);
    auto r = s->PublicPhoto(*id, *file);
    if (!r.ok()) return http::Error(r.status(), req.request_id);
    return Bytes(std::move(r->second), r->first.mime, r->first.name);
  };
}

}  // namespace

void AppendCloseout(std::vector<http::Route>& routes, http::Services& s) {
  using http::Access;
  const std::vector<Role> kManagers = {Role::kAdmin, Role::kStaff};
  const std::vector<Role> kStaffReaders = {Role::kAdmin, Role::kStaff, Role::kAuditor};
  const std::vector<Role> kReaders = {Role::kAdmin, Role::kStaff, Role::kAuditor, Role::kOrg};
  auto sv = std::make_shared<CloseoutService>(s.projects.deps());
  std::vector<http::Route> mine = {
      // clang-format off
      {"GET", "/api/v1/projects/purchases.xlsx", Access::kRoles, kStaffReaders, "Every purchase of a year (?year=YYYY) in scope as .xlsx", "projects", Purchases(sv)},
      {"POST", "/api/v1/projects/{id}/refund", Access::kRoles, kManagers, "Re-fund a closed project: next year's draft copied from it (once)", "projects", Refund(sv, s.projects)},
      {"GET", "/api/v1/closeouts", Access::kRoles, kReaders, "Projects in progress or closed with their close-out status (state, report_state, year)", "closeouts", List(sv)},
      {"GET", "/api/v1/closeouts/{id}", Access::kRoles, kReaders, "The close-out of a project: final report, evaluation, brand and case", "closeouts", Get(sv)},
      {"POST", "/api/v1/closeouts/{id}/final-report", Access::kRoles, {Role::kOrg}, "Submit the final report (contracted organization): indicators achieved, beneficiaries by gender and age, spending per budget line, files", "closeouts", SubmitReport(sv)},
      {"POST", "/api/v1/closeouts/{id}/final-report/accept", Access::kRoles, kManagers, "Accept a submitted final report", "closeouts", Act(sv, "accept")},
      {"POST", "/api/v1/closeouts/{id}/final-report/return", Access::kRoles, kManagers, "Return a submitted final report with a note", "closeouts", Act(sv, "return")},
      {"POST", "/api/v1/closeouts/{id}/evaluation", Access::kRoles, kManagers, "Evaluate a project whose final report is accepted (score 0–100, grade, comments)", "closeouts", Evaluate(sv)},
      {"POST", "/api/v1/closeouts/{id}/brand", Access::kRoles, kManagers, "Designate a closed project as a brand project (品牌)", "closeouts", Brand(sv)},
      {"POST", "/api/v1/closeouts/{id}/case", Access::kRoles, kManagers, "Publish the brand project's case (title, summary, photo_ids) on the public pages", "closeouts", Publish(sv)},
      {"POST", "/api/v1/closeouts/{id}/case/unpublish", Access::kRoles, kManagers, "Take the case off the public pages", "closeouts", Act(sv, "unpublish")},
      {"GET", "/api/v1/public/cases", Access::kPublic, {}, "Published cases of brand projects (public fields only)", "public", PublicList(sv)},
      {"GET", "/api/v1/public/cases/{id}", Access::kPublic, {}, "A published case", "public", PublicGet(sv)},
      {"GET", "/api/v1/public/cases/{id}/photos/{file_id}", Access::kPublic, {}, "A photo of a published case", "public", PublicPhoto(sv)},
      // clang-format on
  };
  for (auto& r : mine) routes.push_back(std::move(r));
}

}  // namespace shuniu::project::routes
