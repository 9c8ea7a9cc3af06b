// HTTP routes of the internship bases: parse, call one service method, render.
#include "intern/intern_routes.h"

#include "core/utf8.h"
#include "intern/intern_json.h"

namespace shuniu::intern::routes {
namespace {

using http::Request;
using nlohmann::json;

std::string Query(const Request& r, const char* k, size_t max = 100) {
  auto it = r.query.find(k);
  return it == r.query.end() ? std::string() : Utf8Prefix(it->second, max);
}

Status Strings(
    const JsonInput& in,
    std::initializer_list<std::tuple<const char*, std::optional<std::string>*, size_t>> fields) {
  for (auto [name, dst, max] : fields) {
    auto v = in.OptionalString(name, max);
    if (!v.ok()) return v.status();
    if (*v) *dst = **v;
  }
  return Status::Ok();
}

Result<BaseInput> ParseBase(const JsonInput& in, bool patch) {
  BaseInput out;
  SHUNIU_RETURN_IF_ERROR(
      patch ? in.AllowOnly({"version", "name", "university", "majors", "agreement_no", "org_id",
                            "base_id", "term_start", "term_end", "school_supervisor",
                            "org_supervisor"})
            : in.AllowOnly({"name", "university", "majors", "agreement_no", "org_id", "base_id",
                            "term_start", "term_end", "school_supervisor", "org_supervisor"}));
  SHUNIU_RETURN_IF_ERROR(Strings(in, {{"name", &out.name, 200},
                                      {"university", &out.university, 100},
                                      {"majors", &out.majors, 200},
                                      {"agreement_no", &out.agreement_no, 100},
                                      {"term_start", &out.term_start, 10},
                                      {"term_end", &out.term_end, 10},
                                      {"school_supervisor", &out.school_supervisor, 64},
                                      {"org_supervisor", &out.org_supervisor, 64}}));
  for (auto [name, dst] : {std::pair{"org_id", &out.org_id}, std::pair{"base_id", &out.base_id}}) {
    auto v = in.OptionalInt(name);
    if (!v.ok()) return v.status();
    *dst = *v;
  }
  return out;
}

Result<InternInput> ParseIntern(const JsonInput& in, bool patch) {
  InternInput out;
  SHUNIU_RETURN_IF_ERROR(patch ? in.AllowOnly({"version", "name", "school", "major", "phone",
                                               "start_on", "end_on", "grade", "evaluation"})
                               : in.AllowOnly({"name", "school", "major", "phone", "start_on",
                                               "end_on", "grade", "evaluation"}));
  SHUNIU_RETURN_IF_ERROR(Strings(in, {{"name", &out.name, 64},
                                      {"school", &out.school, 100},
                                      {"major", &out.major, 100},
                                      {"phone", &out.phone, 32},
                                      {"start_on", &out.start_on, 10},
                                      {"end_on", &out.end_on, 10},
                                      {"grade", &out.grade, 16},
                                      {"evaluation", &out.evaluation, 4000}}));
  return out;
}

template <typename Parse, typename Call>
http::Response WithBody(const Request& req, bool patch, Parse parse, Call call) {
  auto body = http::ParseBody(req);
  if (!body.ok()) return http::Error(body.status(), req.request_id);
  long long version = 0;
  if (patch) {
    auto v = body->RequiredInt("version");
    if (!v.ok()) return http::Error(v.status(), req.request_id);
    version = *v;
  }
  auto in = parse(*body, patch);
  if (!in.ok()) return http::Error(in.status(), req.request_id);
  return call(*in, version);
}

http::Handler ListBases(InternService& s) {
  return [&s](const Request& req) {
    BaseFilter f;
    Status st = http::PageParams(req, &f.page, &f.size);
    if (!st.ok()) return http::Error(st, req.request_id);
    f.q = Query(req, "q");
    f.university = Query(req, "university");
    std::string org = Query(req, "org_id", 20);
    if (!org.empty()) {
      if (org.find_first_not_of("0123456789") != std::string::npos)
        return http::Error(InvalidArgument("org_id", "org_id must be an id"), req.request_id);
      f.org_id = std::stoll(org);
    }
    return http::Render(req, s.List(req.caller(), f), [&](const auto& page) {
      json items = json::array();
      for (auto& b : page.first) items.push_back(BaseJson(b));
      return http::PageJson(items, page.second, f.page, f.size);
    });
  };
}

http::Handler CreateBase(InternService& s) {
  return [&s](const Request& req) {
    return WithBody(req, false, ParseBase, [&](const BaseInput& in, long long) {
      return http::Render(req, s.Create(req.caller(), in), BaseJson, 201);
    });
  };
}

http::Handler GetBase(InternService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    return http::Render(req, s.Get(req.caller(), *id), BaseJson);
  };
}

http::Handler UpdateBase(InternService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    return WithBody(req, true, ParseBase, [&](const BaseInput& in, long long version) {
      return http::Render(req, s.Update(req.caller(), *id, version, in), BaseJson);
    });
  };
}

http::Handler ListInterns(InternService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    std::string unmask = Query(req, "unmask", 20);
    if (!unmask.empty() && unmask != "phone")
      return http::Error(InvalidArgument("unmask", "unmask must be phone"), req.request_id);
    return http::Render(req, s.Interns(req.caller(), *id, unmask == "phone"),
                        [](const std::vector<Intern>& v) {
                          json items = json::array();
                          long long hours = 0;
                          for (auto& x : v) {
                            items.push_back(InternJson(x));
                            hours += x.hours;
                          }
                          return json{{"items", items}, {"total", v.size()}, {"hours", hours}};
                        });
  };
}

http::Handler AddIntern(InternService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    return WithBody(req, false, ParseIntern, [&](const InternInput& in, long long) {
      return http::Render(req, s.AddIntern(req.caller(), *id, in), InternJson, 201);
    });
  };
}

http::Handler UpdateIntern(InternService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto iid = http::IdParam(req, "iid");
    if (!iid.ok()) return http::Error(iid.status(), req.request_id);
    return WithBody(req, true, ParseIntern, [&](const InternInput& in, long long version) {
      return http::Render(req, s.UpdateIntern(req.caller(), *id, *iid, version, in), InternJson);
    });
  };
}

http::Handler ListHours(InternService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto iid = http::IdParam(req, "iid");
    if (!iid.ok()) return http::Error(iid.status(), req.request_id);
    return http::Render(req, s.Hours(req.caller(), *id, *iid), [](const auto& v) {
      json items = json::array();
      long long total = 0;
      for (auto& e : v) {
        items.push_back(HourJson(e));
        total += e.hours;
      }
      return json{{"items", items}, {"total_hours", total}};
    });
  };
}

http::Handler LogHours(InternService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto iid = http::IdParam(req, "iid");
    if (!iid.ok()) return http::Error(iid.status(), req.request_id);
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    Status st = body->AllowOnly({"worked_on", "hours", "activity"});
    if (!st.ok()) return http::Error(st, req.request_id);
    auto on = body->RequiredString("worked_on", 1, 10);
    if (!on.ok()) return http::Error(on.status(), req.request_id);
    auto hours = body->RequiredInt("hours");
    if (!hours.ok()) return http::Error(hours.status(), req.request_id);
    auto what = body->RequiredString("activity", 1, 500);
    if (!what.ok()) return http::Error(what.status(), req.request_id);
    return http::Render(req, s.LogHours(req.caller(), *id, *iid, {*on, *what, *hours}), HourJson,
                        201);
  };
}

http::Handler OrgInternsOf(InternService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    return http::Render(req, s.ForOrg(req.caller(), *id), OrgInternsJson);
  };
}

}  // namespace

void Append(std::vector<http::Route>& routes, http::Services& s) {
  using http::Access;
  const std::vector<Role> kManagers = {Role::kAdmin, Role::kStaff};
  const std::vector<Role> kReaders = {Role::kAdmin, Role::kStaff, Role::kAuditor, Role::kOrg};
  const std::vector<Role> kLoggers = {Role::kAdmin, Role::kStaff, Role::kOrg};
  auto& sv = s.interns;
  std::vector<http::Route> mine = {
      // clang-format off
      {"GET", "/api/v1/internship-bases", Access::kRoles, kReaders, "University internship bases in scope (q, university, org_id, paging)", "interns", ListBases(sv)},
      {"POST", "/api/v1/internship-bases", Access::kRoles, kManagers, "Register an internship base agreement with a university", "interns", CreateBase(sv)},
      {"GET", "/api/v1/internship-bases/{id}", Access::kRoles, kReaders, "Read an internship base", "interns", GetBase(sv)},
      {"PATCH", "/api/v1/internship-bases/{id}", Access::kRoles, kManagers, "Edit an internship base (version)", "interns", UpdateBase(sv)},
      {"GET", "/api/v1/internship-bases/{id}/interns", Access::kRoles, kReaders, "Interns placed at a base, with hours (?unmask=phone for staff, audited)", "interns", ListInterns(sv)},
      {"POST", "/api/v1/internship-bases/{id}/interns", Access::kRoles, kManagers, "Place an intern at a base", "interns", AddIntern(sv)},
      {"PATCH", "/api/v1/internship-bases/{id}/interns/{iid}", Access::kRoles, kManagers, "Edit an intern or record the evaluation (version)", "interns", UpdateIntern(sv)},
      {"GET", "/api/v1/internship-bases/{id}/interns/{iid}/hours", Access::kRoles, kReaders, "Hour log of an intern", "interns", ListHours(sv)},
      {"POST", "/api/v1/internship-bases/{id}/interns/{iid}/hours", Access::kRoles, kLoggers, "Log an intern's hours of one day (1–24, what was done)", "interns", LogHours(sv)},
      {"GET", "/api/v1/orgs/{id}/interns", Access::kRoles, kReaders, "Interns an organization hosted and the hours of help it received", "interns", OrgInternsOf(sv)},
      // clang-format on
  };
  for (auto& r : mine) routes.push_back(std::move(r));
}

}  // namespace shuniu::intern::routes
