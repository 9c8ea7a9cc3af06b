// HTTP routes of supervision (妇联监督): progress reports, payment tranches,
// site inspections and risk flags. Parse, call one service method, render.
#include "project/supervision_routes.h"

#include "core/utf8.h"

namespace shuniu::project::supervision_routes {
namespace {

using http::Request;
using nlohmann::json;

#define SHUNIU_OR_ERROR(expr)                               \
  do {                                                      \
    ::shuniu::Status _st = (expr);                          \
    if (!_st.ok()) return http::Error(_st, req.request_id); \
  } while (0)

std::string Query(const Request& r, const char* k, size_t max = 100) {
  auto it = r.query.find(k);
  return it == r.query.end() ? std::string() : Utf8Prefix(it->second, max);
}

Status Filter(const Request& r, SupervisionFilter& f) {
  SHUNIU_RETURN_IF_ERROR(http::PageParams(r, &f.page, &f.size));
  f.state = Query(r, "state", 16);
  std::string v = Query(r, "project_id", 20);
  if (!v.empty()) {
    try {
      size_t pos = 0;
      f.project_id = std::stoll(v, &pos);
      if (pos != v.size()) throw std::invalid_argument("project_id");
    } catch (...) {
      return InvalidArgument("project_id", "project_id must be an integer");
    }
  }
  return Status::Ok();
}

template <typename T, typename F>
http::Handler Lister(F list, json (*render)(const T&)) {
  return [list, render](const Request& req) {
    SupervisionFilter f;
    SHUNIU_OR_ERROR(Filter(req, f));
    auto r = list(req.caller(), f);
    return http::Render(req, r, [&](const std::pair<std::vector<T>, long long>& page) {
      json items = json::array();
      for (auto& x : page.first) items.push_back(render(x));
      return http::PageJson(items, page.second, f.page, f.size);
    });
  };
}

Result<ReportInput> ParseReport(const JsonInput& in, bool patch) {
  ReportInput out;
  SHUNIU_RETURN_IF_ERROR(
      patch ? in.AllowOnly({"version", "milestone_id", "period_end", "narrative", "activities",
                            "beneficiaries", "spending", "file_ids"})
            : in.AllowOnly({"project_id", "milestone_id", "period_end", "narrative", "activities",
                            "beneficiaries", "spending", "file_ids"}));
  for (auto [name, dst] :
       {std::pair{"project_id", &out.project_id}, std::pair{"milestone_id", &out.milestone_id}}) {
    auto v = in.OptionalInt(name);
    if (!v.ok()) return v.status();
    if (*v) *dst = **v;
  }
  for (auto [name, dst, max] : {std::tuple{"period_end", &out.period_end, 10},
                                std::tuple{"narrative", &out.narrative, 40000}}) {
    auto v = in.OptionalString(name, max);
    if (!v.ok()) return v.status();
    if (*v) *dst = **v;
  }
  for (auto [name, dst] :
       {std::pair{"activities", &out.activities}, std::pair{"beneficiaries", &out.beneficiaries},
        std::pair{"spending", &out.spending}, std::pair{"file_ids", &out.file_ids}})
    if (in.Has(name)) *dst = in.raw()[name];
  return out;
}

// An optional body limited to `allowed`; the text field `field` (may be absent).
Result<std::string> TextBody(const Request& req, std::initializer_list<std::string_view> allowed,
                             const char* field, size_t max = 2000) {
  if (req.body.empty()) return std::string();
  auto body = http::ParseBody(req);
  if (!body.ok()) return body.status();
  SHUNIU_RETURN_IF_ERROR(body->AllowOnly(allowed));
  auto v = body->OptionalString(field, max);
  if (!v.ok()) return v.status();
  return v->value_or("");
}

http::Handler CreateReport(SupervisionService& s) {
  return [&s](const Request& req) {
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    auto in = ParseReport(*body, false);
    if (!in.ok()) return http::Error(in.status(), req.request_id);
    return http::Render(req, s.CreateReport(req.caller(), *in), ReportJson, 201);
  };
}

http::Handler CreateProjectReport(SupervisionService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    auto in = ParseReport(*body, false);
    if (!in.ok()) return http::Error(in.status(), req.request_id);
    in->project_id = *id;
    return http::Render(req, s.CreateReport(req.caller(), *in), ReportJson, 201);
  };
}

http::Handler ListProjectReports(SupervisionService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    SupervisionFilter f;
    SHUNIU_OR_ERROR(Filter(req, f));
    f.project_id = *id;
    auto r = s.ListReports(req.caller(), f);
    return http::Render(req, r, [&](const std::pair<std::vector<ProgressReport>, long long>& page) {
      json items = json::array();
      for (auto& x : page.first) items.push_back(ReportJson(x));
      return http::PageJson(items, page.second, f.page, f.size);
    });
  };
}

http::Handler GetReport(SupervisionService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    return http::Render(req, s.GetReport(req.caller(), *id), ReportJson);
  };
}

http::Handler UpdateReport(SupervisionService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    auto version = body->RequiredInt("version");
    if (!version.ok()) return http::Error(version.status(), req.request_id);
    auto in = ParseReport(*body, true);
    if (!in.ok()) return http::Error(in.status(), req.request_id);
    return http::Render(req, s.UpdateReport(req.caller(), *id, *version, *in), ReportJson);
  };
}

// submit | approve | return
http::Handler ReportAction(SupervisionService& s, std::string action) {
  return [&s, action](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto text = action == "return" ? TextBody(req, {"reason"}, "reason", 1000)
                                   : TextBody(req, {}, "reason");
    if (!text.ok()) return http::Error(text.status(), req.request_id);
    const Principal& p = req.caller();
    if (action == "submit") return http::Render(req, s.SubmitReport(p, *id), ReportJson);
    if (action == "approve") return http::Render(req, s.ApproveReport(p, *id), ReportJson);
    return http::Render(req, s.ReturnReport(p, *id, *text), ReportJson);
  };
}

http::Handler RequestTranche(SupervisionService& s) {
  return [&s](const Request& req) {
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    SHUNIU_OR_ERROR(body->AllowOnly({"report_id", "amount", "note"}));
    auto report = body->RequiredInt("report_id");
    if (!report.ok()) return http::Error(report.status(), req.request_id);
    auto amount = body->OptionalInt("amount");
    if (!amount.ok()) return http::Error(amount.status(), req.request_id);
    auto note = body->OptionalString("note", 1000);
    if (!note.ok()) return http::Error(note.status(), req.request_id);
    return http::Render(req, s.RequestTranche(req.caller(), *report, *amount, note->value_or("")),
                        TrancheJson, 201);
  };
}

http::Handler GetTranche(SupervisionService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    return http::Render(req, s.GetTranche(req.caller(), *id), TrancheJson);
  };
}

// approve | reject | release | cancel
http::Handler TrancheAction(SupervisionService& s, std::string action) {
  return [&s, action](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    const Principal& p = req.caller();
    if (action == "approve") {
      auto none = TextBody(req, {}, "reason");
      if (!none.ok()) return http::Error(none.status(), req.request_id);
      return http::Render(req, s.ApproveTranche(p, *id), TrancheJson);
    }
    if (action == "release") {
      auto on = TextBody(req, {"paid_on"}, "paid_on", 10);
      if (!on.ok()) return http::Error(on.status(), req.request_id);
      return http::Render(req, s.ReleaseTranche(p, *id, *on), TrancheJson);
    }
    auto reason = TextBody(req, {"reason"}, "reason", 1000);
    if (!reason.ok()) return http::Error(reason.status(), req.request_id);
    if (action == "reject") return http::Render(req, s.RejectTranche(p, *id, *reason), TrancheJson);
    return http::Render(req, s.CancelTranche(p, *id, *reason), TrancheJson);
  };
}

http::Handler CreateInspection(SupervisionService& s) {
  return [&s](const Request& req) {
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    SHUNIU_OR_ERROR(
        body->AllowOnly({"project_id", "inspected_on", "inspectors", "summary", "findings"}));
    InspectionInput in;
    auto project = body->RequiredInt("project_id");
    if (!project.ok()) return http::Error(project.status(), req.request_id);
    in.project_id = *project;
    auto on = body->RequiredString("inspected_on", 1, 10);
    if (!on.ok()) return http::Error(on.status(), req.request_id);
    in.inspected_on = *on;
    auto summary = body->OptionalString("summary", 40000);
    if (!summary.ok()) return http::Error(summary.status(), req.request_id);
    in.summary = summary->value_or("");
    if (!body->Has("inspectors"))
      return http::Error(InvalidArgument("inspectors", "inspectors are required"), req.request_id);
    in.inspectors = body->raw()["inspectors"];
    if (body->Has("findings")) in.findings = body->raw()["findings"];
    return http::Render(req, s.CreateInspection(req.caller(), in), InspectionJson, 201);
  };
}

http::Handler GetInspection(SupervisionService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    return http::Render(req, s.GetInspection(req.caller(), *id), InspectionJson);
  };
}

// respond (text: response) | close | reopen (text: note)
http::Handler FindingAction(SupervisionService& s, std::string action) {
  return [&s, action](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto fid = http::IdParam(req, "fid");
    if (!fid.ok()) return http::Error(fid.status(), req.request_id);
    const char* field = action == "respond" ? "response" : "note";
    auto text = TextBody(req, {field}, field, 2000);
    if (!text.ok()) return http::Error(text.status(), req.request_id);
    return http::Render(req, s.ActOnFinding(req.caller(), *id, *fid, action, *text),
                        InspectionJson);
  };
}

http::Handler ListRisks(SupervisionService& s) {
  return [&s](const Request& req) {
    auto r = s.Risks(req.caller(), Query(req, "region", 12), Query(req, "as_of", 10));
    return http::Render(req, r, [](const std::vector<Risk>& risks) {
      json items = json::array();
      for (auto& x : risks) items.push_back(RiskJson(x));
      return json{{"items", items}, {"total", items.size()}};
    });
  };
}

}  // namespace

void Append(std::vector<http::Route>& routes, SupervisionService& sv) {
  using http::Access;
  const std::vector<Role> kManagers = {Role::kAdmin, Role::kStaff};
  const std::vector<Role> kStaffReaders = {Role::kAdmin, Role::kStaff, Role::kAuditor};
  const std::vector<Role> kReaders = {Role::kAdmin, Role::kStaff, Role::kAuditor, Role::kOrg};
  const std::vector<Role> kOrg = {Role::kOrg};
  auto reports = [&sv](const Principal& p, const SupervisionFilter& f) {
    return sv.ListReports(p, f);
  };
  auto tranches = [&sv](const Principal& p, const SupervisionFilter& f) {
    return sv.ListTranches(p, f);
  };
  auto inspections = [&sv](const Principal& p, const SupervisionFilter& f) {
    return sv.ListInspections(p, f);
  };
  std::vector<http::Route> mine = {
      // clang-format off
      {"GET", "/api/v1/progress-reports", Access::kRoles, kReaders, "List progress reports (state, project_id; org accounts: their own)", "progress-reports", Lister<ProgressReport>(reports, ReportJson)},
      {"POST", "/api/v1/progress-reports", Access::kRoles, kOrg, "Write a progress report (draft) for a milestone of a project in progress", "progress-reports", CreateReport(sv)},
      {"GET", "/api/v1/progress-reports/{id}", Access::kRoles, kReaders, "Read a progress report", "progress-reports", GetReport(sv)},
      {"PATCH", "/api/v1/progress-reports/{id}", Access::kRoles, kOrg, "Edit a draft or returned report (version)", "progress-reports", UpdateReport(sv)},
      {"POST", "/api/v1/progress-reports/{id}/submit", Access::kRoles, kOrg, "Submit (or resubmit) a report", "progress-reports", ReportAction(sv, "submit")},
      {"POST", "/api/v1/progress-reports/{id}/approve", Access::kRoles, kManagers, "Approve a submitted report", "progress-reports", ReportAction(sv, "approve")},
      {"POST", "/api/v1/progress-reports/{id}/return", Access::kRoles, kManagers, "Return a submitted report with a reason", "progress-reports", ReportAction(sv, "return")},
      {"GET", "/api/v1/projects/{id}/progress-reports", Access::kRoles, kReaders, "List a project's progress reports", "progress-reports", ListProjectReports(sv)},
      {"POST", "/api/v1/projects/{id}/progress-reports", Access::kRoles, kOrg, "Write a progress report for the project", "progress-reports", CreateProjectReport(sv)},
      {"GET", "/api/v1/tranches", Access::kRoles, kReaders, "List payment tranches (state, project_id)", "tranches", Lister<Tranche>(tranches, TrancheJson)},
      {"POST", "/api/v1/tranches", Access::kRoles, kManagers, "Request a tranche against an approved report", "tranches", RequestTranche(sv)},
      {"GET", "/api/v1/tranches/{id}", Access::kRoles, kReaders, "Read a tranche", "tranches", GetTranche(sv)},
      {"POST", "/api/v1/tranches/{id}/approve", Access::kRoles, kManagers, "Approve a tranche (a second staff member, never the requester)", "tranches", TrancheAction(sv, "approve")},
      {"POST", "/api/v1/tranches/{id}/reject", Access::kRoles, kManagers, "Reject a requested tranche with a reason", "tranches", TrancheAction(sv, "reject")},
      {"POST", "/api/v1/tranches/{id}/release", Access::kRoles, kManagers, "Release an approved tranche: writes the contract payment and the income", "tranches", TrancheAction(sv, "release")},
      {"POST", "/api/v1/tranches/{id}/cancel", Access::kRoles, kManagers, "Cancel a requested or approved tranche", "tranches", TrancheAction(sv, "cancel")},
      {"GET", "/api/v1/inspections", Access::kRoles, kReaders, "List site inspections (state, project_id)", "inspections", Lister<Inspection>(inspections, InspectionJson)},
      {"POST", "/api/v1/inspections", Access::kRoles, kManagers, "Record a site inspection with findings and rectification deadlines", "inspections", CreateInspection(sv)},
      {"GET", "/api/v1/inspections/{id}", Access::kRoles, kReaders, "Read an inspection with its findings", "inspections", GetInspection(sv)},
      {"POST", "/api/v1/inspections/{id}/findings/{fid}/respond", Access::kRoles, kOrg, "The organization responds to a finding", "inspections", FindingAction(sv, "respond")},
      {"POST", "/api/v1/inspections/{id}/findings/{fid}/close", Access::kRoles, kManagers, "Close a finding", "inspections", FindingAction(sv, "close")},
      {"POST", "/api/v1/inspections/{id}/findings/{fid}/reopen", Access::kRoles, kManagers, "Reopen a closed finding with a note", "inspections", FindingAction(sv, "reopen")},
      {"GET", "/api/v1/risks", Access::kRoles, kStaffReaders, "Risk flags in scope: late report, overspend, low delivery (region, as_of)", "risks", ListRisks(sv)},
      // clang-format on
  };
  for (auto& r : mine) routes.push_back(std::move(r));
}

}  // namespace shuniu::project::supervision_routes
