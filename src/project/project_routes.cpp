// HTTP routes of the project cycle: parse, call one service method, render.
#include "project/project_routes.h"

#include "core/utf8.h"
#include "project/project_json.h"

namespace shuniu::project::routes {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

std::string Query(const Request& r, const char* k, size_t max = 100) {
  auto it = r.query.find(k);
  return it == r.query.end() ? std::string() : Utf8Prefix(it->second, max);
}

Status QueryInt(const Request& r, const char* k, std::optional<long long>& out) {
  std::string v = Query(r, k, 20);
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

#define SHUNIU_OR_ERROR(expr)                               \
  do {                                                      \
    ::shuniu::Status _st = (expr);                          \
    if (!_st.ok()) return http::Error(_st, req.request_id); \
  } while (0)

Result<ProjectInput> ParseProject(const JsonInput& in, bool patch) {
  ProjectInput out;
  SHUNIU_RETURN_IF_ERROR(
      patch ? in.AllowOnly({"version", "title", "department", "year", "region_code", "objectives",
                            "target_groups", "beneficiaries", "indicators", "budget_lines",
                            "duration_months", "org_ids", "survey_id"})
            : in.AllowOnly({"title", "department", "year", "region_code", "objectives",
                            "target_groups", "beneficiaries", "indicators", "budget_lines",
                            "duration_months", "org_ids", "survey_id"}));
  for (auto [name, dst, max] :
       {std::tuple{"title", &out.title, 200}, std::tuple{"department", &out.department, 100},
        std::tuple{"region_code", &out.region_code, 12},
        std::tuple{"objectives", &out.objectives, 4000}}) {
    auto v = in.OptionalString(name, max);
    if (!v.ok()) return v.status();
    if (*v) *dst = **v;
  }
  for (auto [name, dst] :
       {std::pair{"year", &out.year}, std::pair{"duration_months", &out.duration_months}}) {
    auto v = in.OptionalInt(name);
    if (!v.ok()) return v.status();
    if (*v) *dst = **v;
  }
  for (auto [name, dst] :
       {std::pair{"target_groups", &out.target_groups},
        std::pair{"beneficiaries", &out.beneficiaries}, std::pair{"indicators", &out.indicators},
        std::pair{"budget_lines", &out.budget_lines}, std::pair{"org_ids", &out.org_ids}})
    if (in.Has(name)) *dst = in.raw()[name];
  if (in.Has("survey_id")) {
    const json& v = in.raw()["survey_id"];
    if (v.is_null())
      out.survey_id = std::optional<long long>();
    else if (v.is_number_integer())
      out.survey_id = v.get<long long>();
    else
      return InvalidArgument("survey_id", "survey_id must be an id or null");
  }
  if (!patch) {
    if (!out.objectives) out.objectives = "";
    if (!out.target_groups) out.target_groups = json::array();
    if (!out.beneficiaries) out.beneficiaries = json::object();
    if (!out.indicators) out.indicators = json::array();
    if (!out.org_ids) out.org_ids = json::array();
  }
  return out;
}

http::Handler ListProjects(ProjectService& s) {
  return [&s](const Request& req) {
    ProjectFilter f;
    SHUNIU_OR_ERROR(http::PageParams(req, &f.page, &f.size));
    f.state = Query(req, "state", 16);
    f.region = Query(req, "region", 12);
    f.q = Query(req, "q");
    f.department = Query(req, "department");
    SHUNIU_OR_ERROR(QueryInt(req, "year", f.year));
    auto r = s.List(req.caller(), f);
    return http::Render(req, r, [&](const std::pair<std::vector<Project>, long long>& page) {
      json items = json::array();
      for (auto& x : page.first) items.push_back(ProjectJson(x));
      return http::PageJson(items, page.second, f.page, f.size);
    });
  };
}

http::Handler CreateProject(ProjectService& s) {
  return [&s](const Request& req) {
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    auto in = ParseProject(*body, false);
    if (!in.ok()) return http::Error(in.status(), req.request_id);
    return http::Render(req, s.Create(req.caller(), *in), ProjectJson, 201);
  };
}

http::Handler GetProject(ProjectService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    return http::Render(req, s.Get(req.caller(), *id), ProjectJson);
  };
}

http::Handler UpdateProject(ProjectService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    auto version = body->RequiredInt("version");
    if (!version.ok()) return http::Error(version.status(), req.request_id);
    auto in = ParseProject(*body, true);
    if (!in.ok()) return http::Error(in.status(), req.request_id);
    return http::Render(req, s.Update(req.caller(), *id, *version, *in), ProjectJson);
  };
}

// submit | return | approve | cancel | close
http::Handler Transition(ProjectService& s, std::string action) {
  return [&s, action](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    json raw = json::object();
    if (!req.body.empty()) {
      auto body = http::ParseBody(req);
      if (!body.ok()) return http::Error(body.status(), req.request_id);
      raw = body->raw();
      Status allowed = action == "approve"  ? body->AllowOnly({"pool_id"})
                       : action == "return" ? body->AllowOnly({"note"})
                       : action == "cancel" ? body->AllowOnly({"reason"})
                                            : body->AllowOnly({});
      SHUNIU_OR_ERROR(allowed);
    }
    JsonInput in(raw);
    const Principal& p = req.caller();
    if (action == "submit") return http::Render(req, s.Submit(p, *id), ProjectJson);
    if (action == "close") return http::Render(req, s.Close(p, *id), ProjectJson);
    if (action == "approve") {
      auto pool = in.RequiredInt("pool_id");
      if (!pool.ok()) return http::Error(pool.status(), req.request_id);
      return http::Render(req, s.Approve(p, *id, *pool), ProjectJson);
    }
    const char* field = action == "return" ? "note" : "reason";
    auto text =
        action == "return" ? in.RequiredString(field, 1, 1000) : Result<std::string>(std::string());
    if (action == "cancel") {
      auto o = in.OptionalString(field, 1000);
      if (!o.ok()) return http::Error(o.status(), req.request_id);
      text = o->value_or("");
    }
    if (!text.ok()) return http::Error(text.status(), req.request_id);
    if (action == "return") return http::Render(req, s.Return(p, *id, *text), ProjectJson);
    return http::Render(req, s.Cancel(p, *id, *text), ProjectJson);
  };
}

http::Handler Commission(ProjectService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    SHUNIU_OR_ERROR(body->AllowOnly({"reason", "provider_org_id", "purchaser_name",
                                     "purchaser_org_id", "start_on", "end_on", "stable_service",
                                     "term_reason", "price", "milestones"}));
    CommissionInput in;
    auto reason = body->RequiredString("reason", 1, 1000);
    if (!reason.ok()) return http::Error(reason.status(), req.request_id);
    in.reason = *reason;
    auto provider = body->RequiredInt("provider_org_id");
    if (!provider.ok()) return http::Error(provider.status(), req.request_id);
    in.provider_org_id = *provider;
    auto price = body->RequiredInt("price");
    if (!price.ok()) return http::Error(price.status(), req.request_id);
    in.price = *price;
    for (auto [name, dst] :
         {std::pair{"start_on", &in.start_on}, std::pair{"end_on", &in.end_on}}) {
      auto v = body->RequiredString(name, 10, 10);
      if (!v.ok()) return http::Error(v.status(), req.request_id);
      *dst = *v;
    }
    for (auto [name, dst, max] : {std::tuple{"term_reason", &in.term_reason, 1000},
                                  std::tuple{"purchaser_name", &in.purchaser_name, 200}}) {
      auto v = body->OptionalString(name, max);
      if (!v.ok()) return http::Error(v.status(), req.request_id);
      *dst = v->value_or("");
    }
    auto porg = body->OptionalInt("purchaser_org_id");
    if (!porg.ok()) return http::Error(porg.status(), req.request_id);
    in.purchaser_org_id = *porg;
    auto stable = body->OptionalBool("stable_service");
    if (!stable.ok()) return http::Error(stable.status(), req.request_id);
    in.stable_service = stable->value_or(false);
    if (!body->Has("milestones"))
      return http::Error(InvalidArgument("milestones", "milestones are required"), req.request_id);
    in.milestones = body->raw()["milestones"];
    auto r = s.Commission(req.caller(), *id, in);
    return http::Render(
        req, r, [](const Contract& c) { return ContractJson(c, true); }, 201);
  };
}

http::Handler ListPools(ProjectService& s) {
  return [&s](const Request& req) {
    long long page, size;
    SHUNIU_OR_ERROR(http::PageParams(req, &page, &size));
    std::optional<long long> year;
    SHUNIU_OR_ERROR(QueryInt(req, "year", year));
    auto r = s.ListPools(req.caller(), year, Query(req, "source", 32), page, size);
    return http::Render(req, r, [&](const std::pair<std::vector<Pool>, long long>& res) {
      json items = json::array();
      for (auto& x : res.first) items.push_back(PoolJson(x));
      return http::PageJson(items, res.second, page, size);
    });
  };
}

http::Handler CreatePool(ProjectService& s) {
  return [&s](const Request& req) {
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    SHUNIU_OR_ERROR(body->AllowOnly({"year", "source", "region_code", "name", "planned"}));
    auto year = body->RequiredInt("year");
    if (!year.ok()) return http::Error(year.status(), req.request_id);
    auto source = body->RequiredString("source", 1, 32);
    if (!source.ok()) return http::Error(source.status(), req.request_id);
    auto region = body->OptionalString("region_code", 12);
    if (!region.ok()) return http::Error(region.status(), req.request_id);
    auto name = body->OptionalString("name", 200);
    if (!name.ok()) return http::Error(name.status(), req.request_id);
    auto planned = body->RequiredInt("planned");
    if (!planned.ok()) return http::Error(planned.status(), req.request_id);
    auto r = s.CreatePool(req.caller(), *year, *source, region->value_or(req.caller().region_code),
                          name->value_or(""), *planned);
    return http::Render(req, r, PoolJson, 201);
  };
}

http::Handler GetPool(ProjectService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    return http::Render(req, s.GetPool(req.caller(), *id), PoolJson);
  };
}

http::Handler UpdatePool(ProjectService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    SHUNIU_OR_ERROR(body->AllowOnly({"version", "name", "planned"}));
    auto version = body->RequiredInt("version");
    if (!version.ok()) return http::Error(version.status(), req.request_id);
    auto name = body->OptionalString("name", 200);
    if (!name.ok()) return http::Error(name.status(), req.request_id);
    auto planned = body->OptionalInt("planned");
    if (!planned.ok()) return http::Error(planned.status(), req.request_id);
    return http::Render(req, s.UpdatePool(req.caller(), *id, *version, *name, *planned), PoolJson);
  };
}

http::Handler PoolSummary(ProjectService& s) {
  return [&s](const Request& req) {
    std::optional<long long> year;
    SHUNIU_OR_ERROR(QueryInt(req, "year", year));
    return http::Render(req, s.PoolSummaryFor(req.caller(), year, Query(req, "region", 12)),
                        PoolSummaryJson);
  };
}

http::Handler ListContracts(ProjectService& s) {
  return [&s](const Request& req) {
    long long page, size;
    SHUNIU_OR_ERROR(http::PageParams(req, &page, &size));
    std::optional<long long> project;
    SHUNIU_OR_ERROR(QueryInt(req, "project_id", project));
    auto r = s.ListContracts(req.caller(), project, page, size);
    return http::Render(req, r, [&](const std::pair<std::vector<Contract>, long long>& res) {
      json items = json::array();
      for (auto& x : res.first) items.push_back(ContractJson(x, false));
      return http::PageJson(items, res.second, page, size);
    });
  };
}

http::Handler GetContract(ProjectService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    return http::Render(req, s.GetContract(req.caller(), *id),
                        [](const Contract& c) { return ContractJson(c, true); });
  };
}

http::Handler ListIncomes(ProjectService& s) {
  return [&s](const Request& req) {
    long long page, size;
    SHUNIU_OR_ERROR(http::PageParams(req, &page, &size));
    std::optional<long long> org, year;
    SHUNIU_OR_ERROR(QueryInt(req, "org_id", org));
    SHUNIU_OR_ERROR(QueryInt(req, "year", year));
    auto r = s.ListIncomes(req.caller(), org, year, page, size);
    return http::Render(req, r, [&](const std::pair<std::vector<Income>, long long>& res) {
      json items = json::array();
      for (auto& x : res.first) items.push_back(IncomeJson(x));
      return http::PageJson(items, res.second, page, size);
    });
  };
}

http::Handler CreateIncome(ProjectService& s) {
  return [&s](const Request& req) {
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    SHUNIU_OR_ERROR(body->AllowOnly({"org_id", "received_on", "amount", "source", "note"}));
    auto org = body->OptionalInt("org_id");
    if (!org.ok()) return http::Error(org.status(), req.request_id);
    std::optional<long long> org_id = *org;
    if (!org_id) org_id = req.caller().org_id;
    if (!org_id)
      return http::Error(InvalidArgument("org_id", "org_id is required"), req.request_id);
    auto d = body->RequiredString("received_on", 10, 10);
    if (!d.ok()) return http::Error(d.status(), req.request_id);
    auto a = body->RequiredInt("amount");
    if (!a.ok()) return http::Error(a.status(), req.request_id);
    auto src = body->RequiredString("source", 1, 32);
    if (!src.ok()) return http::Error(src.status(), req.request_id);
    auto note = body->OptionalString("note", 1000);
    if (!note.ok()) return http::Error(note.status(), req.request_id);
    return http::Render(req,
                        s.CreateIncome(req.caller(), *org_id, *d, *a, *src, note->value_or("")),
                        IncomeJson, 201);
  };
}

http::Handler IncomeSummary(ProjectService& s) {
  return [&s](const Request& req) {
    std::optional<long long> org, year;
    SHUNIU_OR_ERROR(QueryInt(req, "org_id", org));
    SHUNIU_OR_ERROR(QueryInt(req, "year", year));
    return http::Render(req, s.IncomeSummaryFor(req.caller(), Query(req, "region", 12), year, org),
                        IncomeSummaryJson);
  };
}

}  // namespace

void Append(std::vector<http::Route>& routes, http::Services& s) {
  using http::Access;
  const std::vector<Role> kManagers = {Role::kAdmin, Role::kStaff};
  const std::vector<Role> kStaffReaders = {Role::kAdmin, Role::kStaff, Role::kAuditor};
  const std::vector<Role> kReaders = {Role::kAdmin, Role::kStaff, Role::kAuditor, Role::kOrg};
  const std::vector<Role> kOrgEditors = {Role::kAdmin, Role::kStaff, Role::kOrg};
  auto& sv = s.projects;
  std::vector<http::Route> mine = {
      // clang-format off
      {"GET", "/api/v1/projects", Access::kRoles, kStaffReaders, "List projects in scope (state, year, region, department, q)", "projects", ListProjects(sv)},
      {"POST", "/api/v1/projects", Access::kRoles, kManagers, "Design a project (draft)", "projects", CreateProject(sv)},
      {"GET", "/api/v1/projects/{id}", Access::kRoles, kStaffReaders, "Read a project", "projects", GetProject(sv)},
      {"PATCH", "/api/v1/projects/{id}", Access::kRoles, kManagers, "Edit a draft or returned project (version)", "projects", UpdateProject(sv)},
      {"POST", "/api/v1/projects/{id}/submit", Access::kRoles, kManagers, "Submit a project for the budget plan", "projects", Transition(sv, "submit")},
      {"POST", "/api/v1/projects/{id}/approve", Access::kRoles, kManagers, "Approve a project into a budget pool (纳入财政预算), committing its budget", "projects", Transition(sv, "approve")},
      {"POST", "/api/v1/projects/{id}/return", Access::kRoles, kManagers, "Return a submitted project with a note", "projects", Transition(sv, "return")},
      {"POST", "/api/v1/projects/{id}/cancel", Access::kRoles, kManagers, "Cancel a project (releases its commitment)", "projects", Transition(sv, "cancel")},
      {"POST", "/api/v1/projects/{id}/close", Access::kRoles, kManagers, "Close a project in progress", "projects", Transition(sv, "close")},
      {"POST", "/api/v1/projects/{id}/commission", Access::kRoles, kManagers, "Direct commission (委托) with the decree No. 102 checks: creates the contract", "projects", Commission(sv)},
      {"GET", "/api/v1/budget-pools", Access::kRoles, kStaffReaders, "List budget pools in scope", "budget-pools", ListPools(sv)},
      {"POST", "/api/v1/budget-pools", Access::kRoles, kManagers, "Create a budget pool (year, funding source, region)", "budget-pools", CreatePool(sv)},
      {"GET", "/api/v1/budget-pools/summary", Access::kRoles, kStaffReaders, "Planned, committed, disbursed and remaining per source and region", "budget-pools", PoolSummary(sv)},
      {"GET", "/api/v1/budget-pools/{id}", Access::kRoles, kStaffReaders, "Read a budget pool", "budget-pools", GetPool(sv)},
      {"PATCH", "/api/v1/budget-pools/{id}", Access::kRoles, kManagers, "Edit a pool's name or planned amount (version)", "budget-pools", UpdatePool(sv)},
      {"GET", "/api/v1/contracts", Access::kRoles, kReaders, "List contracts (org accounts: their own)", "contracts", ListContracts(sv)},
      {"GET", "/api/v1/contracts/{id}", Access::kRoles, kReaders, "Read a contract with milestones and payments", "contracts", GetContract(sv)},
      // Payments are released through tranches only (supervision_routes.cpp).
      {"GET", "/api/v1/incomes", Access::kRoles, kReaders, "List incomes (org accounts: their own)", "incomes", ListIncomes(sv)},
      {"POST", "/api/v1/incomes", Access::kRoles, kOrgEditors, "Record an income by hand", "incomes", CreateIncome(sv)},
      {"GET", "/api/v1/incomes/summary", Access::kRoles, kReaders, "Income mix by source and organization (造血)", "incomes", IncomeSummary(sv)},
      // clang-format on
  };
  for (auto& r : mine) routes.push_back(std::move(r));
}

}  // namespace shuniu::project::routes
