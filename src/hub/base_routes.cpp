// HTTP routes of bases, residency agreements and the incubation log.
#include "hub/base_routes.h"

#include <cmath>

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

Result<std::optional<long long>> QueryId(const Request& r, const char* k) {
  std::string v = Query(r, k, 20);
  if (v.empty()) return std::optional<long long>();
  if (v.find_first_not_of("0123456789") != std::string::npos || v.size() > 16)
    return InvalidArgument(k, std::string(k) + " must be an id");
  return std::optional<long long>(std::stoll(v));
}

json Opt(const std::optional<long long>& v) { return v ? json(*v) : json(); }
json OptText(const std::string& s) { return s.empty() ? json() : json(s); }
json OptTime(const std::optional<int64_t>& v) { return v ? json(Rfc3339(*v)) : json(); }
double Hours(long long minutes) { return std::round(minutes / 6.0) / 10.0; }

json BaseJson(const Base& b) {
  return {{"id", b.id},
          {"kind", b.kind},
          {"name", b.name},
          {"region_code", b.region_code},
          {"region_name", b.region_name},
          {"level", b.level},
          {"operator_org_id", Opt(b.operator_org_id)},
          {"operator_org_name", OptText(b.operator_org_name)},
          {"contract_no", OptText(b.contract_no)},
          {"contract_start", OptText(b.contract_start)},
          {"contract_end", OptText(b.contract_end)},
          {"contract_file_id", Opt(b.contract_file_id)},
          {"address", OptText(b.address)},
          {"area_sqm", Opt(b.area_sqm)},
          {"rooms", Opt(b.rooms)},
          {"desks", Opt(b.desks)},
          {"contact_name", OptText(b.contact_name)},
          {"office_phone", OptText(b.office_phone)},
          {"description", OptText(b.description)},
          {"status", b.status},
          {"residents", b.residents},
          {"version", b.version},
          {"created_at", Rfc3339(b.created_at)},
          {"updated_at", Rfc3339(b.updated_at)}};
}

json ResidencyJson(const Residency& r) {
  json j = {{"id", r.id},
            {"base_id", r.base_id},
            {"base_name", r.base_name},
            {"base_kind", r.base_kind},
            {"operator_org_id", Opt(r.operator_org_id)},
            {"org_id", r.org_id},
            {"org_name", r.org_name},
            {"org_region_code", r.org_region_code},
            {"region_code", r.region_code},
            {"state", r.state},
            {"initiated_by", r.initiated_by},
            {"service_content", OptText(r.service_content)},
            {"service_standards", OptText(r.service_standards)},
            {"committed_hours", Opt(r.committed_hours)},
            {"delivered_hours", Hours(r.delivered_minutes)},
            {"event_count", r.event_count},
            {"start_date", OptText(r.start_date)},
            {"end_date", OptText(r.end_date)},
            {"space", OptText(r.space)},
            {"document_file_id", Opt(r.document_file_id)},
            {"note", OptText(r.note)},
            {"signed_at", OptTime(r.signed_at)},
            {"signed_by_name", OptText(r.signed_by_name)},
            {"activated_at", OptTime(r.activated_at)},
            {"ended_at", OptTime(r.ended_at)},
            {"end_reason", OptText(r.end_reason)},
            {"graduation_override", OptText(r.graduation_override)},
            {"sides", r.sides},
            {"version", r.version},
            {"created_at", Rfc3339(r.created_at)},
            {"updated_at", Rfc3339(r.updated_at)}};
  json checklist = json::array();
  for (auto& k : r.criteria)
    checklist.push_back({{"code", k.code},
                         {"required", k.required},
                         {"met", k.met},
                         {"note", OptText(k.note)},
                         {"met_at", OptTime(k.met_at)},
                         {"met_by_name", OptText(k.met_by_name)}});
  j["checklist"] = checklist;
  return j;
}

json EventJson(const IncubationEvent& e) {
  return {{"id", e.id},
          {"residency_id", e.residency_id},
          {"base_id", e.base_id},
          {"base_name", e.base_name},
          {"org_id", e.org_id},
          {"org_name", e.org_name},
          {"region_code", e.region_code},
          {"kind", e.kind},
          {"occurred_on", e.occurred_on},
          {"title", e.title},
          {"notes", OptText(e.notes)},
          {"hours", Hours(e.minutes)},
          {"attachments", e.attachments},
          {"recorded_by", Opt(e.recorded_by)},
          {"recorded_by_name", e.recorded_by_name},
          {"created_at", Rfc3339(e.created_at)}};
}

template <typename T, typename F>
Response PageOf(const Request& req, const Result<Page<T>>& r, long long page, long long size,
                F render) {
  return http::Render(req, r, [&](const Page<T>& p) {
    json items = json::array();
    for (auto& x : p.first) items.push_back(render(x));
    return http::PageJson(items, p.second, page, size);
  });
}

// Reads an integer-or-null field into `target` and marks it present.
Status IntField(const json& v, const std::string& key, std::optional<long long>& target) {
  if (v.is_null()) {
    target.reset();
    return Status::Ok();
  }
  if (!v.is_number_integer()) return InvalidArgument(key, key + " must be a whole number");
  target = v.get<long long>();
  return Status::Ok();
}

Result<BaseInput> ParseBase(const JsonInput& in) {
  static const std::set<std::string> kText = {
      "kind",    "name",         "region_code",  "contract_no", "contract_start", "contract_end",
      "address", "contact_name", "office_phone", "description", "status"};
  static const std::set<std::string> kInts = {"operator_org_id", "contract_file_id", "area_sqm",
                                              "rooms", "desks"};
  BaseInput out;
  for (auto it = in.raw().begin(); it != in.raw().end(); ++it) {
    const std::string& k = it.key();
    if (k == "version") continue;
    if (kText.count(k)) {
      if (it->is_null())
        out.text[k] = std::nullopt;
      else if (it->is_string())
        out.text[k] = it->get<std::string>();
      else
        return InvalidArgument(k, k + " must be a string");
    } else if (kInts.count(k)) {
      std::optional<long long> v;
      SHUNIU_RETURN_IF_ERROR(IntField(*it, k, v));
      out.ints[k] = v;
    } else {
      return InvalidArgument(k, "unknown field '" + k + "'");
    }
    out.present.insert(k);
  }
  return out;
}

Result<ResidencyInput> ParseResidency(const JsonInput& in, bool create) {
  static const std::set<std::string> kText = {
      "service_content", "service_standards", "start_date", "end_date", "space", "note"};
  ResidencyInput out;
  for (auto it = in.raw().begin(); it != in.raw().end(); ++it) {
    const std::string& k = it.key();
    const json& v = *it;
    if (k == "version" && !create) continue;
    if (kText.count(k)) {
      if (v.is_null())
        out.text[k] = std::nullopt;
      else if (v.is_string())
        out.text[k] = v.get<std::string>();
      else
        return InvalidArgument(k, k + " must be a string");
    } else if (k == "committed_hours" || k == "document_file_id") {
      std::optional<long long> x;
      SHUNIU_RETURN_IF_ERROR(IntField(v, k, x));
      (k == "committed_hours" ? out.committed_hours : out.document_file_id) = x;
    } else if (create && (k == "base_id" || k == "org_id")) {
      std::optional<long long> x;
      SHUNIU_RETURN_IF_ERROR(IntField(v, k, x));
      (k == "base_id" ? out.base_id : out.org_id) = x;
    } else if (create && k == "state") {
      if (!v.is_string()) return InvalidArgument(k, "state must be invited or applied");
      out.state = v.get<std::string>();
    } else if (!create && k == "checklist") {
      if (!v.is_array()) return InvalidArgument(k, "checklist must be a list of {code, met, note}");
      for (auto& item : v) {
        if (!item.is_object() || !item.contains("code") || !item["code"].is_string())
          return InvalidArgument(k, "each checklist item needs a code");
        ResidencyInput::CriterionChange ch;
        ch.code = item["code"].get<std::string>();
        for (auto f = item.begin(); f != item.end(); ++f) {
          if (f.key() == "code") continue;
          if (f.key() == "met" && f->is_boolean())
            ch.met = f->get<bool>();
          else if (f.key() == "note" && (f->is_string() || f->is_null()))
            ch.note = f->is_null() ? "" : f->get<std::string>();
          else
            return InvalidArgument(k, "checklist items have code, met (boolean) and note");
        }
        out.checklist.push_back(ch);
      }
    } else {
      return InvalidArgument(k, "unknown field '" + k + "'");
    }
    out.present.insert(k);
  }
  return out;
}

}  // namespace

void AppendBaseRoutes(std::vector<http::Route>& routes, http::Services& s) {
  using http::Access;
  const std::vector<Role> kReaders = {Role::kAdmin, Role::kStaff, Role::kAuditor, Role::kOrg};
  const std::vector<Role> kWriters = {Role::kAdmin, Role::kStaff, Role::kOrg};
  const std::vector<Role> kAdmin = {Role::kAdmin};
  const char* kTag = "bases";

  auto list_bases = [&b = s.bases](const Request& req) {
    BaseFilter f;
    Status st = http::PageParams(req, &f.page, &f.size);
    if (!st.ok()) return http::Error(st, req.request_id);
    f.region = Query(req, "region", 12);
    f.kind = Query(req, "kind", 16);
    f.q = Query(req, "q", 100);
    std::string app = Query(req, "applicable", 5);
    if (!app.empty() && app != "true" && app != "false")
      return http::Error(InvalidArgument("applicable", "applicable must be true or false"),
                         req.request_id);
    f.applicable = app == "true";
    return PageOf(req, b.ListBases(req.caller(), f), f.page, f.size, BaseJson);
  };
  auto create_base = [&b = s.bases](const Request& req) {
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    auto in = ParseBase(*body);
    if (!in.ok()) return http::Error(in.status(), req.request_id);
    return http::Render(req, b.CreateBase(req.caller(), *in), BaseJson, 201);
  };
  auto get_base = [&b = s.bases](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    return http::Render(req, b.GetBase(req.caller(), *id), BaseJson);
  };
  auto update_base = [&b = s.bases](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    auto version = body->RequiredInt("version");
    if (!version.ok()) return http::Error(version.status(), req.request_id);
    auto in = ParseBase(*body);
    if (!in.ok()) return http::Error(in.status(), req.request_id);
    return http::Render(req, b.UpdateBase(req.caller(), *id, *version, *in), BaseJson);
  };
  auto residents = [&b = s.bases](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    long long page, size;
    Status st = http::PageParams(req, &page, &size);
    if (!st.ok()) return http::Error(st, req.request_id);
    return PageOf(req, b.Residents(req.caller(), *id, Query(req, "state", 16), page, size), page,
                  size, ResidencyJson);
  };
  auto base_events = [&b = s.bases](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    long long page, size;
    Status st = http::PageParams(req, &page, &size);
    if (!st.ok()) return http::Error(st, req.request_id);
    return PageOf(req, b.BaseEvents(req.caller(), *id, page, size), page, size, EventJson);
  };
  auto org_events = [&b = s.bases](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    long long page, size;
    Status st = http::PageParams(req, &page, &size);
    if (!st.ok()) return http::Error(st, req.request_id);
    return PageOf(req, b.OrgEvents(req.caller(), *id, page, size), page, size, EventJson);
  };
  auto list_res = [&b = s.bases](const Request& req) {
    ResidencyFilter f;
    Status st = http::PageParams(req, &f.page, &f.size);
    if (!st.ok()) return http::Error(st, req.request_id);
    f.region = Query(req, "region", 12);
    f.state = Query(req, "state", 16);
    f.q = Query(req, "q", 100);
    for (auto [name, target] : {std::pair{"base_id", &f.base_id}, std::pair{"org_id", &f.org_id},
                                std::pair{"expiring_days", &f.expiring_days}}) {
      auto v = QueryId(req, name);
      if (!v.ok()) return http::Error(v.status(), req.request_id);
      *target = *v;
    }
    if (f.expiring_days && *f.expiring_days > 3660)
      return http::Error(InvalidArgument("expiring_days", "expiring_days must be at most 3660"),
                         req.request_id);
    return PageOf(req, b.ListResidencies(req.caller(), f), f.page, f.size, ResidencyJson);
  };
  auto create_res = [&b = s.bases](const Request& req) {
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    auto in = ParseResidency(*body, true);
    if (!in.ok()) return http::Error(in.status(), req.request_id);
    return http::Render(req, b.CreateResidency(req.caller(), *in), ResidencyJson, 201);
  };
  auto get_res = [&b = s.bases](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    return http::Render(req, b.GetResidency(req.caller(), *id), ResidencyJson);
  };
  auto update_res = [&b = s.bases](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    auto version = body->RequiredInt("version");
    if (!version.ok()) return http::Error(version.status(), req.request_id);
    auto in = ParseResidency(*body, false);
    if (!in.ok()) return http::Error(in.status(), req.request_id);
    return http::Render(req, b.UpdateResidency(req.caller(), *id, *version, *in), ResidencyJson);
  };
  auto transition = [&b = s.bases](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    Status allowed = body->AllowOnly({"to", "reason", "override_reason", "start_date", "end_date",
                                      "document_file_id", "version"});
    if (!allowed.ok()) return http::Error(allowed, req.request_id);
    TransitionInput t;
    auto to = body->RequiredString("to", 1, 16);
    if (!to.ok()) return http::Error(to.status(), req.request_id);
    t.to = *to;
    for (auto [name, target, max] :
         {std::tuple{"reason", &t.reason, 500},
          std::tuple{"override_reason", &t.override_reason, 500},
          std::tuple{"start_date", &t.start_date, 10}, std::tuple{"end_date", &t.end_date, 10}}) {
      auto v = body->OptionalString(name, max);
      if (!v.ok()) return http::Error(v.status(), req.request_id);
      *target = v->value_or("");
    }
    for (auto [name, target] :
         {std::pair{"document_file_id", &t.document_file_id}, std::pair{"version", &t.version}}) {
      auto v = body->OptionalInt(name);
      if (!v.ok()) return http::Error(v.status(), req.request_id);
      *target = *v;
    }
    return http::Render(req, b.Transition(req.caller(), *id, t), ResidencyJson);
  };
  auto list_events = [&b = s.bases](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    long long page, size;
    Status st = http::PageParams(req, &page, &size);
    if (!st.ok()) return http::Error(st, req.request_id);
    return PageOf(req, b.ListEvents(req.caller(), *id, page, size), page, size, EventJson);
  };
  auto add_event = [&b = s.bases](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    Status allowed =
        body->AllowOnly({"kind", "occurred_on", "title", "notes", "hours", "attachments"});
    if (!allowed.ok()) return http::Error(allowed, req.request_id);
    EventInput e;
    auto kind = body->RequiredString("kind", 1, 24);
    if (!kind.ok()) return http::Error(kind.status(), req.request_id);
    auto on = body->RequiredString("occurred_on", 1, 10);
    if (!on.ok()) return http::Error(on.status(), req.request_id);
    auto title = body->RequiredString("title", 1, 200);
    if (!title.ok()) return http::Error(title.status(), req.request_id);
    auto notes = body->OptionalString("notes", 2000);
    if (!notes.ok()) return http::Error(notes.status(), req.request_id);
    e.kind = *kind;
    e.occurred_on = *on;
    e.title = *title;
    e.notes = notes->value_or("");
    const json& raw = body->raw();
    if (raw.contains("hours") && !raw["hours"].is_null()) {
      if (!raw["hours"].is_number())
        return http::Error(InvalidArgument("hours", "hours must be a number"), req.request_id);
      double h = raw["hours"].get<double>();
      if (!(h >= 0 && h <= 744))
        return http::Error(InvalidArgument("hours", "hours must be from 0 to 744"), req.request_id);
      e.minutes = std::llround(h * 60);
    }
    if (raw.contains("attachments") && !raw["attachments"].is_null()) {
      if (!raw["attachments"].is_array())
        return http::Error(InvalidArgument("attachments", "attachments must be a list of file ids"),
                           req.request_id);
      for (auto& a : raw["attachments"]) {
        if (!a.is_number_integer())
          return http::Error(
              InvalidArgument("attachments", "attachments must be a list of file ids"),
              req.request_id);
        e.attachments.push_back(a.get<long long>());
      }
    }
    return http::Render(req, b.AddEvent(req.caller(), *id, e), EventJson, 201);
  };

  // clang-format off
  std::vector<http::Route> mine = {
      {"GET", "/api/v1/bases", Access::kRoles, kReaders, "Hubs and incubation bases in scope (?applicable=true: bases an organization may apply to)", kTag, list_bases},
      {"POST", "/api/v1/bases", Access::kRoles, kAdmin, "Register a hub headquarters or incubation base", kTag, create_base},
      {"GET", "/api/v1/bases/{id}", Access::kRoles, kReaders, "Read a base", kTag, get_base},
      {"PATCH", "/api/v1/bases/{id}", Access::kRoles, kAdmin, "Edit a base (operator, contract, space, contact)", kTag, update_base},
      {"GET", "/api/v1/bases/{id}/residents", Access::kRoles, kReaders, "Agreements at a base with committed and delivered hours", kTag, residents},
      {"GET", "/api/v1/bases/{id}/events", Access::kRoles, kReaders, "Incubation timeline of a base", kTag, base_events},
      {"GET", "/api/v1/residencies", Access::kRoles, kReaders, "Residency agreements in scope", kTag, list_res},
      {"POST", "/api/v1/residencies", Access::kRoles, kWriters, "Apply to a base (organization) or invite an organization (base side)", kTag, create_res},
      {"GET", "/api/v1/residencies/{id}", Access::kRoles, kReaders, "Read an agreement with its graduation checklist", kTag, get_res},
      {"PATCH", "/api/v1/residencies/{id}", Access::kRoles, kWriters, "Edit the terms (before signing), the note or the checklist", kTag, update_res},
      {"POST", "/api/v1/residencies/{id}/transitions", Access::kRoles, kWriters, "Move an agreement to another state {to, reason, …}", kTag, transition},
      {"GET", "/api/v1/residencies/{id}/events", Access::kRoles, kReaders, "Incubation log of an agreement", kTag, list_events},
      {"POST", "/api/v1/residencies/{id}/events", Access::kRoles, kWriters, "Record an incubation event", kTag, add_event},
      {"GET", "/api/v1/orgs/{id}/incubation", Access::kRoles, kReaders, "Incubation timeline of an organization across bases", kTag, org_events},
  };
  // clang-format on
  for (auto& r : mine) routes.push_back(std::move(r));
}

}  // namespace shuniu::hub::routes
