// HTTP routes of the Homes: parse, call one service method, render.
#include "home/home_routes.h"

#include "core/utf8.h"
#include "home/home_json.h"

namespace shuniu::home::routes {
namespace {

using http::Request;
using http::Response;
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

// ?year=YYYY, this year when absent.
Status QueryYear(const Request& r, long long& out) {
  std::string v = Query(r, "year", 8);
  if (v.empty()) {
    out = std::stoll(TodayUtc().substr(0, 4));
    return Status::Ok();
  }
  if (v.size() != 4 || v.find_first_not_of("0123456789") != std::string::npos)
    return InvalidArgument("year", "year must be a year (YYYY)");
  out = std::stoll(v);
  return Status::Ok();
}

Result<HomeInput> ParseHome(const JsonInput& in, bool patch) {
  HomeInput out;
  SHUNIU_RETURN_IF_ERROR(
      patch ? in.AllowOnly({"version", "region_code", "name", "kind", "address", "contact_name",
                            "contact_phone", "org_id", "founded_on", "status", "opening_hours",
                            "services", "area_m2"})
            : in.AllowOnly({"region_code", "name", "kind", "address", "contact_name",
                            "contact_phone", "org_id", "founded_on", "status", "opening_hours",
                            "services", "area_m2"}));
  for (auto [name, dst, max] :
       {std::tuple{"region_code", &out.region_code, 12}, std::tuple{"name", &out.name, 200},
        std::tuple{"kind", &out.kind, 16}, std::tuple{"address", &out.address, 300},
        std::tuple{"contact_name", &out.contact_name, 64},
        std::tuple{"contact_phone", &out.contact_phone, 32},
        std::tuple{"founded_on", &out.founded_on, 10}, std::tuple{"status", &out.status, 16},
        std::tuple{"opening_hours", &out.opening_hours, 200},
        std::tuple{"services", &out.services, 2000}}) {
    auto v = in.OptionalString(name, max);
    if (!v.ok()) return v.status();
    if (*v) *dst = **v;
  }
  auto area = in.OptionalInt("area_m2");
  if (!area.ok()) return area.status();
  out.area_m2 = *area;
  if (in.raw().contains("org_id")) {  // null unlinks the organization
    auto org = in.OptionalInt("org_id");
    if (!org.ok()) return org.status();
    out.org_id = *org;
  }
  return out;
}

Result<CriteriaInput> ParseCriteriaBody(const JsonInput& in, bool patch) {
  CriteriaInput out;
  SHUNIU_RETURN_IF_ERROR(
      patch ? in.AllowOnly({"version", "year", "items", "thresholds", "validity_years"})
            : in.AllowOnly({"region_code", "year", "items", "thresholds", "validity_years"}));
  auto region = in.OptionalString("region_code", 12);
  if (!region.ok()) return region.status();
  out.region_code = *region;
  for (auto [name, dst] :
       {std::pair{"year", &out.year}, std::pair{"validity_years", &out.validity_years}}) {
    auto v = in.OptionalInt(name);
    if (!v.ok()) return v.status();
    *dst = *v;
  }
  if (in.Has("items")) out.items = in.raw()["items"];
  if (in.Has("thresholds")) out.thresholds = in.raw()["thresholds"];
  return out;
}

json HomeDetail(const Home& h) { return HomeJson(h); }

http::Handler ListHomes(HomeService& s) {
  return [&s](const Request& req) {
    HomeFilter f;
    SHUNIU_OR_ERROR(http::PageParams(req, &f.page, &f.size));
    f.region = Query(req, "region", 12);
    f.status = Query(req, "status", 16);
    f.kind = Query(req, "kind", 16);
    f.star = Query(req, "star", 16);
    f.q = Query(req, "q");
    std::string sort = Query(req, "sort", 32);
    if (!sort.empty()) f.sort = sort;
    auto r = s.List(req.caller(), f);
    return http::Render(req, r, [&](const std::pair<std::vector<Home>, long long>& page) {
      json items = json::array();
      for (auto& x : page.first) items.push_back(HomeJson(x));
      return http::PageJson(items, page.second, f.page, f.size);
    });
  };
}

http::Handler CreateHome(HomeService& s) {
  return [&s](const Request& req) {
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    auto in = ParseHome(*body, false);
    if (!in.ok()) return http::Error(in.status(), req.request_id);
    return http::Render(req, s.Create(req.caller(), *in), HomeDetail, 201);
  };
}

http::Handler GetHome(HomeService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    bool unmask = Query(req, "unmask_phone", 8) == "1" || Query(req, "unmask_phone", 8) == "true";
    return http::Render(req, s.Get(req.caller(), *id, unmask), HomeDetail);
  };
}

http::Handler UpdateHome(HomeService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    auto version = body->RequiredInt("version");
    if (!version.ok()) return http::Error(version.status(), req.request_id);
    auto in = ParseHome(*body, true);
    if (!in.ok()) return http::Error(in.status(), req.request_id);
    return http::Render(req, s.Update(req.caller(), *id, *version, *in), HomeDetail);
  };
}

http::Handler History(HomeService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    return http::Render(req, s.History(req.caller(), *id), [](const std::vector<HistoryEntry>& v) {
      json items = json::array();
      for (auto& e : v) items.push_back(HistoryJson(e));
      return json{{"items", items}};
    });
  };
}

http::Handler ListCriteria(HomeService& s) {
  return [&s](const Request& req) {
    long long year = 0;
    SHUNIU_OR_ERROR(QueryYear(req, year));
    auto r = s.ListCriteria(req.caller(), Query(req, "region", 12), year);
    return http::Render(req, r, [](const auto& v) {
      json items = json::array();
      for (auto& k : v.first) items.push_back(CriteriaJson(k));
      return json{{"items", items}, {"effective", v.second ? CriteriaJson(*v.second) : json()}};
    });
  };
}

http::Handler CreateCriteria(HomeService& s) {
  return [&s](const Request& req) {
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    auto in = ParseCriteriaBody(*body, false);
    if (!in.ok()) return http::Error(in.status(), req.request_id);
    return http::Render(req, s.CreateCriteria(req.caller(), *in), CriteriaJson, 201);
  };
}

http::Handler UpdateCriteria(HomeService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    auto version = body->RequiredInt("version");
    if (!version.ok()) return http::Error(version.status(), req.request_id);
    auto in = ParseCriteriaBody(*body, true);
    if (!in.ok()) return http::Error(in.status(), req.request_id);
    return http::Render(req, s.UpdateCriteria(req.caller(), *id, *version, *in), CriteriaJson);
  };
}

http::Handler ListAssessments(HomeService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    return http::Render(req, s.Assessments(req.caller(), *id), [](const auto& v) {
      json items = json::array();
      for (auto& a : v) items.push_back(AssessmentJson(a));
      return json{{"items", items}};
    });
  };
}

http::Handler RecordAssessment(HomeService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    SHUNIU_OR_ERROR(body->AllowOnly(
        {"items", "notes", "assessor_name", "assessed_on", "valid_from", "application_id"}));
    AssessmentInput in;
    if (!body->Has("items"))
      return http::Error(InvalidArgument("items", "items are required"), req.request_id);
    in.items = body->raw()["items"];
    auto on = body->RequiredString("assessed_on", 10, 10);
    if (!on.ok()) return http::Error(on.status(), req.request_id);
    in.assessed_on = *on;
    for (auto [name, dst, max] : {std::tuple{"notes", &in.notes, 4000},
                                  std::tuple{"assessor_name", &in.assessor_name, 64}}) {
      auto v = body->OptionalString(name, max);
      if (!v.ok()) return http::Error(v.status(), req.request_id);
      *dst = v->value_or("");
    }
    auto from = body->OptionalString("valid_from", 10);
    if (!from.ok()) return http::Error(from.status(), req.request_id);
    in.valid_from = *from;
    auto app = body->OptionalInt("application_id");
    if (!app.ok()) return http::Error(app.status(), req.request_id);
    in.application_id = *app;
    return http::Render(req, s.RecordAssessment(req.caller(), *id, in), AssessmentJson, 201);
  };
}

http::Handler Decide(HomeService& s, bool approve) {
  return [&s, approve](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto aid = http::IdParam(req, "aid");
    if (!aid.ok()) return http::Error(aid.status(), req.request_id);
    json raw = json::object();
    if (!req.body.empty()) {
      auto body = http::ParseBody(req);
      if (!body.ok()) return http::Error(body.status(), req.request_id);
      raw = body->raw();
    }
    JsonInput in(raw);
    SHUNIU_OR_ERROR(in.AllowOnly({"note"}));
    auto note = in.OptionalString("note", 1000);
    if (!note.ok()) return http::Error(note.status(), req.request_id);
    return http::Render(req,
                        s.DecideAssessment(req.caller(), *id, *aid, approve, note->value_or("")),
                        AssessmentJson);
  };
}

http::Handler ListFunding(HomeService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    return http::Render(req, s.ListFunding(req.caller(), *id), [](const auto& v) {
      json items = json::array();
      long long total = 0;
      for (auto& f : v) {
        items.push_back(FundingJson(f));
        total += f.amount_fen;
      }
      return json{{"items", items}, {"total_fen", total}};
    });
  };
}

http::Handler AddFunding(HomeService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    SHUNIU_OR_ERROR(body->AllowOnly({"year", "amount_fen", "source", "note"}));
    FundingInput in;
    auto year = body->RequiredInt("year");
    if (!year.ok()) return http::Error(year.status(), req.request_id);
    auto amount = body->RequiredInt("amount_fen");
    if (!amount.ok()) return http::Error(amount.status(), req.request_id);
    auto source = body->RequiredString("source", 1, 100);
    if (!source.ok()) return http::Error(source.status(), req.request_id);
    auto note = body->OptionalString("note", 1000);
    if (!note.ok()) return http::Error(note.status(), req.request_id);
    in.year = *year;
    in.amount_fen = *amount;
    in.source = *source;
    in.note = note->value_or("");
    return http::Render(req, s.AddFunding(req.caller(), *id, in), FundingJson, 201);
  };
}

http::Handler GetFigures(HomeService& s) {
  return [&s](const Request& req) {
    long long year = 0;
    SHUNIU_OR_ERROR(QueryYear(req, year));
    return http::Render(req, s.GetFigures(req.caller(), Query(req, "region", 12), year),
                        FiguresJson);
  };
}

}  // namespace

void Append(std::vector<http::Route>& routes, http::Services& s) {
  using http::Access;
  const std::vector<Role> kManagers = {Role::kAdmin, Role::kStaff};
  const std::vector<Role> kReaders = {Role::kAdmin, Role::kStaff, Role::kAuditor, Role::kOrg};
  const std::vector<Role> kStats = {Role::kAdmin, Role::kStaff, Role::kAuditor};
  auto& sv = s.homes;
  std::vector<http::Route> mine = {
      // clang-format off
      // Literal paths first: /homes/criteria and /homes/figures are not Home ids.
      {"GET", "/api/v1/homes/criteria", Access::kRoles, kReaders, "Star-rating criteria visible to the caller; ?region=&year= adds the set in force there", "homes", ListCriteria(sv)},
      {"POST", "/api/v1/homes/criteria", Access::kRoles, kManagers, "Create the star-rating checklist and thresholds of a region from a year on", "homes", CreateCriteria(sv)},
      {"PATCH", "/api/v1/homes/criteria/{id}", Access::kRoles, kManagers, "Edit a star-rating criteria set (version)", "homes", UpdateCriteria(sv)},
      {"GET", "/api/v1/homes/figures", Access::kRoles, kStats, "Homes by star level valid in a year and funding, per child region (?year=&region=)", "homes", GetFigures(sv)},
      {"GET", "/api/v1/homes", Access::kRoles, kReaders, "List Women & Children Homes (region, star, status, kind, q, sort, paging)", "homes", ListHomes(sv)},
      {"POST", "/api/v1/homes", Access::kRoles, kManagers, "Register a Home in a village or community", "homes", CreateHome(sv)},
      {"GET", "/api/v1/homes/{id}", Access::kRoles, kReaders, "Read a Home (?unmask_phone=1 for staff, audited)", "homes", GetHome(sv)},
      {"PATCH", "/api/v1/homes/{id}", Access::kRoles, kManagers, "Edit a Home (version)", "homes", UpdateHome(sv)},
      {"GET", "/api/v1/homes/{id}/history", Access::kRoles, kReaders, "Audited changes of a Home", "homes", History(sv)},
      {"GET", "/api/v1/homes/{id}/assessments", Access::kRoles, kReaders, "Star assessments of a Home", "homes", ListAssessments(sv)},
      {"POST", "/api/v1/homes/{id}/assessments", Access::kRoles, kManagers, "Record a star assessment with points per checklist item and evidence files", "homes", RecordAssessment(sv)},
      {"POST", "/api/v1/homes/{id}/assessments/{aid}/approve", Access::kRoles, kManagers, "Approve a pending assessment (a second staff user): it becomes the Home's star", "homes", Decide(sv, true)},
      {"POST", "/api/v1/homes/{id}/assessments/{aid}/reject", Access::kRoles, kManagers, "Reject a pending assessment with a note", "homes", Decide(sv, false)},
      {"GET", "/api/v1/homes/{id}/funding", Access::kRoles, kReaders, "Funding a Home received", "homes", ListFunding(sv)},
      {"POST", "/api/v1/homes/{id}/funding", Access::kRoles, kManagers, "Record funding a Home received (fen, source, year)", "homes", AddFunding(sv)},
      // clang-format on
  };
  for (auto& r : mine) routes.push_back(std::move(r));
}

}  // namespace shuniu::home::routes
