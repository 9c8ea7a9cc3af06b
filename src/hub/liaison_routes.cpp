// HTTP routes of cadre liaison (visits, workload).
#include "hub/liaison_routes.h"

#include "core/time.h"
#include "core/utf8.h"

namespace shuniu::hub::routes {
namespace {

using http::Request;
using http::Response;

std::string Query(const Request& r, const char* k, size_t max = 100) {
  auto it = r.query.find(k);
  return it == r.query.end() ? std::string() : Utf8Prefix(it->second, max);
}

nlohmann::json Str(const std::string& s) {
  return s.empty() ? nlohmann::json() : nlohmann::json(s);
}

nlohmann::json VisitJson(const Visit& v) {
  return {{"id", v.id},
          {"org_id", v.org_id},
          {"org_name", v.org_name},
          {"region_code", v.region_code},
          {"region_name", v.region_name},
          {"visited_on", v.visited_on},
          {"form", v.form},
          {"topics", v.topics},
          {"issues", v.issues},
          {"follow_up", v.follow_up},
          {"follow_up_due", Str(v.follow_up_due)},
          {"follow_up_state", v.follow_up_state},
          {"closing_note", v.closing_note},
          {"closed_on", Str(v.closed_on)},
          {"recorded_by", v.recorded_by},
          {"recorded_by_name", v.recorded_by_name},
          {"created_at", Rfc3339(v.created_at)},
          {"updated_at", Rfc3339(v.updated_at)},
          {"version", v.version}};
}

Result<VisitInput> ParseInput(const JsonInput& in, bool allow_org) {
  VisitInput out;
  for (auto it = in.raw().begin(); it != in.raw().end(); ++it) {
    const std::string& k = it.key();
    const auto& v = it.value();
    if (k == "version") continue;
    if (k == "org_id" && allow_org) {
      if (!v.is_number_integer()) return InvalidArgument(k, "org_id must be an organization id");
      out.org_id = v.get<long long>();
      continue;
    }
    static const std::set<std::string> kText = {"visited_on", "form",      "topics",
                                                "issues",     "follow_up", "follow_up_due"};
    if (!kText.count(k)) return InvalidArgument(k, "unknown field '" + k + "'");
    if (v.is_null())
      out.v[k] = "";
    else if (v.is_string())
      out.v[k] = v.get<std::string>();
    else
      return InvalidArgument(k, k + " must be text");
  }
  return out;
}

nlohmann::json GroupJson(const WorkloadGroup& g) {
  nlohmann::json orgs = nlohmann::json::array();
  for (auto& o : g.orgs)
    orgs.push_back({{"org_id", o.org_id},
                    {"org_name", o.org_name},
                    {"region_code", o.region_code},
                    {"last_contact", Str(o.last_contact)},
                    {"visits", o.visits},
                    {"open_follow_ups", o.open_follow_ups}});
  nlohmann::json j = {{"name", g.name},
                      {"org_count", g.orgs.size()},
                      {"never_contacted", g.never_contacted},
                      {"open_follow_ups", g.open_follow_ups},
                      {"last_contact", Str(g.last_contact)},
                      {"orgs", orgs}};
  if (g.cadre_user_id) j["cadre_user_id"] = *g.cadre_user_id;
  return j;
}

http::Handler List(LiaisonService& s) {
  return [&s](const Request& req) {
    VisitFilter f;
    Status st = http::PageParams(req, &f.page, &f.size);
    if (!st.ok()) return http::Error(st, req.request_id);
    std::string org = Query(req, "org_id", 19);
    if (!org.empty()) {
      if (org.find_first_not_of("0123456789") != std::string::npos || org.size() > 18)
        return http::Error(InvalidArgument("org_id", "org_id must be an organization id"),
                           req.request_id);
      f.org_id = std::stoll(org);
    }
    f.region = Query(req, "region", 12);
    f.form = Query(req, "form", 16);
    f.follow_up_state = Query(req, "follow_up_state", 8);
    f.from = Query(req, "from", 10);
    f.to = Query(req, "to", 10);
    auto r = s.List(req.caller(), f);
    return http::Render(req, r, [&](const std::pair<std::vector<Visit>, long long>& p) {
      nlohmann::json items = nlohmann::json::array();
      for (auto& v : p.first) items.push_back(VisitJson(v));
      return http::PageJson(items, p.second, f.page, f.size);
    });
  };
}

http::Handler Create(LiaisonService& s) {
  return [&s](const Request& req) {
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    auto in = ParseInput(*body, true);
    if (!in.ok()) return http::Error(in.status(), req.request_id);
    return http::Render(req, s.Create(req.caller(), *in), VisitJson, 201);
  };
}

http::Handler Get(LiaisonService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    return http::Render(req, s.Get(req.caller(), *id), VisitJson);
  };
}

http::Handler Update(LiaisonService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    auto version = body->RequiredInt("version");
    if (!version.ok()) return http::Error(version.status(), req.request_id);
    auto in = ParseInput(*body, false);
    if (!in.ok()) return http::Error(in.status(), req.request_id);
    return http::Render(req, s.Update(req.caller(), *id, *version, *in), VisitJson);
  };
}

http::Handler Close(LiaisonService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    Status allowed = body->AllowOnly({"version", "note", "closed_on"});
    if (!allowed.ok()) return http::Error(allowed, req.request_id);
    auto version = body->OptionalInt("version");
    if (!version.ok()) return http::Error(version.status(), req.request_id);
    auto note = body->OptionalString("note", 2000);
    if (!note.ok()) return http::Error(note.status(), req.request_id);
    auto on = body->OptionalString("closed_on", 10);
    if (!on.ok()) return http::Error(on.status(), req.request_id);
    return http::Render(
        req, s.CloseFollowUp(req.caller(), *id, *version, note->value_or(""), on->value_or("")),
        VisitJson);
  };
}

http::Handler Workload(LiaisonService& s) {
  return [&s](const Request& req) {
    auto r = s.GetWorkload(req.caller(), Query(req, "region", 12));
    return http::Render(req, r, [](const hub::Workload& w) {
      nlohmann::json cadres = nlohmann::json::array(), depts = nlohmann::json::array();
      for (auto& g : w.cadres) cadres.push_back(GroupJson(g));
      for (auto& g : w.departments) depts.push_back(GroupJson(g));
      return nlohmann::json{{"cadres", cadres}, {"departments", depts}};
    });
  };
}

http::Handler Stale(LiaisonService& s, const Config& cfg) {
  return [&s, &cfg](const Request& req) {
    long long page = 1, size = 20;
    Status st = http::PageParams(req, &page, &size);
    if (!st.ok()) return http::Error(st, req.request_id);
    long long days = cfg.liaison_stale_days;
    std::string d = Query(req, "days", 6);
    if (!d.empty()) {
      if (d.find_first_not_of("0123456789") != std::string::npos)
        return http::Error(InvalidArgument("days", "days must be a whole number"), req.request_id);
      days = std::stoll(d);
    }
    std::string linked = Query(req, "linked", 5);
    auto r = s.Stale(req.caller(), days, Query(req, "region", 12),
                     linked == "true" || linked == "1", page, size);
    return http::Render(req, r, [&](const std::pair<std::vector<StaleOrg>, long long>& p) {
      nlohmann::json items = nlohmann::json::array();
      for (auto& x : p.first)
        items.push_back(
            {{"org_id", x.org_id},
             {"org_name", x.org_name},
             {"region_code", x.region_code},
             {"region_name", x.region_name},
             {"department", Str(x.department)},
             {"cadre_user_id", x.cadre_user_id ? nlohmann::json(*x.cadre_user_id) : nullptr},
             {"cadre_name", Str(x.cadre_name)},
             {"last_contact", Str(x.last_contact)},
             {"days_since", x.days_since ? nlohmann::json(*x.days_since) : nullptr}});
      auto j = http::PageJson(items, p.second, page, size);
      j["days"] = days;
      return j;
    });
  };
}

}  // namespace

void AppendLiaisonRoutes(std::vector<http::Route>& routes, http::Services& s) {
  using http::Access;
  const std::vector<Role> kManagers = {Role::kAdmin, Role::kStaff};
  const std::vector<Role> kReaders = {Role::kAdmin, Role::kStaff, Role::kAuditor};
  auto& l = s.liaison;
  const char* tag = "visits";
  std::vector<http::Route> add = {
      {"GET", "/api/v1/visits", Access::kRoles, kReaders,
       "Cadre visits and contacts in scope (filters: org_id, region, form, follow_up_state, "
       "from, to)",
       tag, List(l)},
      {"POST", "/api/v1/visits", Access::kRoles, kManagers, "Record a visit or contact", tag,
       Create(l)},
      {"GET", "/api/v1/visits/workload", Access::kRoles, kReaders,
       "Per cadre and per department: organizations linked, last contact, open follow-ups", tag,
       Workload(l)},
      {"GET", "/api/v1/visits/stale", Access::kRoles, kReaders,
       "Organizations in scope not contacted for ?days= (default liaison_stale_days)", tag,
       Stale(l, s.cfg)},
      {"GET", "/api/v1/visits/{id}", Access::kRoles, kReaders, "One visit", tag, Get(l)},
      {"PATCH", "/api/v1/visits/{id}", Access::kRoles, kManagers, "Edit a visit (with version)",
       tag, Update(l)},
      {"POST", "/api/v1/visits/{id}/close-follow-up", Access::kRoles, kManagers,
       "Close the open follow-up of a visit with a note", tag, Close(l)},
  };
  for (auto& x : add) routes.push_back(std::move(x));
}

}  // namespace shuniu::hub::routes
