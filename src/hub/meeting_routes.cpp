// HTTP routes of meetings: parse, call one service method, render.
#include "hub/meeting_routes.h"

#include "core/time.h"
#include "core/utf8.h"

namespace shuniu::hub::routes {
namespace {

using http::Request;
using http::Response;
const std::vector<Role> kManagers = {Role::kAdmin, Role::kStaff};
const std::vector<Role> kReaders = {Role::kAdmin, Role::kStaff, Role::kAuditor, Role::kOrg};

std::string Query(const Request& r, const char* k, size_t max = 100) {
  auto it = r.query.find(k);
  return it == r.query.end() ? std::string() : Utf8Prefix(it->second, max);
}

nlohmann::json OptTime(const std::optional<int64_t>& t) {
  return t ? nlohmann::json(Rfc3339(*t)) : nlohmann::json();
}
template <typename T>
nlohmann::json OptJ(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json();
}

nlohmann::json MeetingJson(const Meeting& m, bool staff) {
  nlohmann::json j = {{"id", m.id},
                      {"kind", m.kind},
                      {"title", m.title},
                      {"region_code", m.region_code},
                      {"region_name", m.region_name},
                      {"starts_at", Rfc3339(m.starts_at)},
                      {"ends_at", Rfc3339(m.ends_at)},
                      {"place", m.place},
                      {"agenda", m.agenda},
                      {"state", m.state},
                      {"minutes", m.minutes},
                      {"minutes_file_id", OptJ(m.minutes_file_id)},
                      {"cancel_reason", m.cancel_reason},
                      {"open_resolutions", m.open_resolutions},
                      {"overdue_resolutions", m.overdue_resolutions},
                      {"version", m.version},
                      {"created_at", Rfc3339(m.created_at)},
                      {"updated_at", Rfc3339(m.updated_at)}};
  if (staff) {
    j["counts"] = {{"invited", m.invited},
                   {"confirmed", m.confirmed},
                   {"attended", m.attended},
                   {"absent", m.absent}};
    if (!m.checkin_code.empty()) j["checkin_code"] = m.checkin_code;
  }
  return j;
}

nlohmann::json InvitationJson(const Invitation& i) {
  return {{"org_id", i.org_id},
          {"org_name", i.org_name},
          {"org_region", i.org_region},
          {"status", i.status},
          {"method", i.method.empty() ? nlohmann::json() : nlohmann::json(i.method)},
          {"confirmed_at", OptTime(i.confirmed_at)},
          {"attended_at", OptTime(i.attended_at)}};
}

nlohmann::json ResolutionJson(const Resolution& r) {
  return {{"id", r.id},
          {"meeting_id", r.meeting_id},
          {"content", r.content},
          {"owner_org_id", OptJ(r.owner_org_id)},
          {"owner_org_name", r.owner_org_name},
          {"owner_user_id", OptJ(r.owner_user_id)},
          {"owner_user_name", r.owner_user_name},
          {"due_on", r.due_on.empty() ? nlohmann::json() : nlohmann::json(r.due_on)},
          {"state", r.state},
          {"done_note", r.done_note},
          {"done_at", OptTime(r.done_at)},
          {"overdue", r.overdue},
          {"version", r.version},
          {"created_at", Rfc3339(r.created_at)},
          {"updated_at", Rfc3339(r.updated_at)}};
}

nlohmann::json ViewJson(const MeetingView& v) {
  auto j = MeetingJson(v.meeting, v.staff_view);
  nlohmann::json inv = nlohmann::json::array(), res = nlohmann::json::array();
  for (auto& i : v.invitations) inv.push_back(InvitationJson(i));
  for (auto& r : v.resolutions) res.push_back(ResolutionJson(r));
  j[v.staff_view ? "invitations" : "my_invitation"] =
      v.staff_view ? inv : (inv.empty() ? nlohmann::json() : inv[0]);
  j["resolutions"] = res;
  return j;
}

Result<std::optional<int64_t>> OptTimeField(const JsonInput& in, const char* name) {
  auto s = in.OptionalString(name, 40);
  if (!s.ok()) return s.status();
  if (!*s) return std::optional<int64_t>();
  auto t = ParseRfc3339(**s);
  if (!t) return InvalidArgument(name, std::string(name) + " must be an RFC 3339 time");
  return std::optional<int64_t>(*t);
}

Result<std::optional<std::optional<long long>>> OptNullableId(const JsonInput& in,
                                                              const char* name) {
  if (!in.Has(name)) return std::optional<std::optional<long long>>();
  if (in.raw()[name].is_null())
    return std::optional<std::optional<long long>>(std::optional<long long>());
  auto v = in.OptionalInt(name);
  if (!v.ok()) return v.status();
  return std::optional<std::optional<long long>>(*v);
}

#define TRY_ASSIGN(target, expr)      \
  do {                                \
    auto _r = (expr);                 \
    if (!_r.ok()) return _r.status(); \
    target = std::move(_r).value();   \
  } while (0)

Result<MeetingInput> ParseMeeting(const JsonInput& in, bool create) {
  SHUNIU_RETURN_IF_ERROR(
      in.AllowOnly({"kind", "title", "region_code", "starts_at", "ends_at", "place", "agenda",
                    "minutes", "minutes_file_id", "version"}));
  MeetingInput m;
  if (create) {
    TRY_ASSIGN(m.title, in.RequiredString("title", 1, 200));
    TRY_ASSIGN(m.kind, in.RequiredString("kind", 1, 16));
  } else {
    TRY_ASSIGN(m.title, in.OptionalString("title", 200));
    if (m.title && m.title->empty()) return InvalidArgument("title", "title is required");
    TRY_ASSIGN(m.kind, in.OptionalString("kind", 16));
  }
  TRY_ASSIGN(m.region_code, in.OptionalString("region_code", 12));
  TRY_ASSIGN(m.place, in.OptionalString("place", 200));
  TRY_ASSIGN(m.agenda, in.OptionalString("agenda", 5000));
  TRY_ASSIGN(m.minutes, in.OptionalString("minutes", 20000));
  TRY_ASSIGN(m.starts_at, OptTimeField(in, "starts_at"));
  TRY_ASSIGN(m.ends_at, OptTimeField(in, "ends_at"));
  TRY_ASSIGN(m.minutes_file_id, OptNullableId(in, "minutes_file_id"));
  return m;
}

Result<ResolutionInput> ParseResolution(const JsonInput& in, bool create) {
  SHUNIU_RETURN_IF_ERROR(in.AllowOnly(
      {"content", "owner_org_id", "owner_user_id", "due_on", "state", "note", "version"}));
  ResolutionInput r;
  if (create) {
    TRY_ASSIGN(r.content, in.RequiredString("content", 1, 2000));
  } else {
    TRY_ASSIGN(r.content, in.OptionalString("content", 2000));
  }
  TRY_ASSIGN(r.due_on, in.OptionalString("due_on", 10));
  TRY_ASSIGN(r.state, in.OptionalString("state", 16));
  TRY_ASSIGN(r.note, in.OptionalString("note", 1000));
  TRY_ASSIGN(r.owner_org_id, OptNullableId(in, "owner_org_id"));
  TRY_ASSIGN(r.owner_user_id, OptNullableId(in, "owner_user_id"));
  return r;
}

// Handler plumbing: the {id} param and an optional JSON body.
template <typename F>
http::Handler WithId(F f) {
  return [f](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto body = JsonInput::Parse(req.body.empty() ? std::string_view("{}") : req.body);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    return f(req, *id, *body);
  };
}

}  // namespace

void AppendMeetingRoutes(std::vector<http::Route>& routes, http::Services& s) {
  auto& ms = s.meetings;
  const std::string tag = "meetings";
  auto view = [](const Request& req, const Result<MeetingView>& r, int code = 200) {
    return http::Render(req, r, ViewJson, code);
  };
  routes.push_back({"GET", "/api/v1/meetings", http::Access::kRoles, kReaders,
                    "Meetings in scope (org accounts: those they are invited to)", tag,
                    [&ms](const Request& req) {
                      MeetingFilter f;
                      Status st = http::PageParams(req, &f.page, &f.size);
                      if (!st.ok()) return http::Error(st, req.request_id);
                      f.region = Query(req, "region", 12);
                      f.state = Query(req, "state", 16);
                      f.kind = Query(req, "kind", 16);
                      f.q = Query(req, "q", 100);
                      f.year = Query(req, "year", 4);
                      auto r = ms.List(req.caller(), f);
                      bool staff = req.caller().role != Role::kOrg;
                      return http::Render(
                          req, r, [&](const std::pair<std::vector<Meeting>, long long>& page) {
                            nlohmann::json items = nlohmann::json::array();
                            for (auto& m : page.first) items.push_back(MeetingJson(m, staff));
                            return http::PageJson(items, page.second, f.page, f.size);
                          });
                    }});
  routes.push_back({"POST", "/api/v1/meetings", http::Access::kRoles, kManagers,
                    "Schedule a meeting", tag, [&ms, view](const Request& req) {
                      auto body = http::ParseBody(req);
                      if (!body.ok()) return http::Error(body.status(), req.request_id);
                      auto in = ParseMeeting(*body, true);
                      if (!in.ok()) return http::Error(in.status(), req.request_id);
                      return view(req, ms.Create(req.caller(), *in), 201);
                    }});
  routes.push_back({"GET", "/api/v1/meetings/{id}", http::Access::kRoles, kReaders,
                    "A meeting with invitations, attendance and resolutions", tag,
                    WithId([&ms, view](const Request& req, long long id, const JsonInput&) {
                      return view(req, ms.Get(req.caller(), id));
                    })});
  routes.push_back({"PATCH", "/api/v1/meetings/{id}", http::Access::kRoles, kManagers,
                    "Change a meeting (details while scheduled, minutes later)", tag,
                    WithId([&ms, view](const Request& req, long long id, const JsonInput& body) {
                      auto version = body.RequiredInt("version");
                      if (!version.ok()) return http::Error(version.status(), req.request_id);
                      auto in = ParseMeeting(body, false);
                      if (!in.ok()) return http::Error(in.status(), req.request_id);
                      return view(req, ms.Update(req.caller(), id, *version, *in));
                    })});
  routes.push_back({"POST", "/api/v1/meetings/{id}/hold", http::Access::kRoles, kManagers,
                    "Mark a meeting held with its minutes", tag,
                    WithId([&ms, view](const Request& req, long long id, const JsonInput& body) {
                      Status allowed = body.AllowOnly({"minutes", "minutes_file_id"});
                      if (!allowed.ok()) return http::Error(allowed, req.request_id);
                      MeetingInput in;
                      auto minutes = body.OptionalString("minutes", 20000);
                      if (!minutes.ok()) return http::Error(minutes.status(), req.request_id);
                      in.minutes = *minutes;
                      auto file = OptNullableId(body, "minutes_file_id");
                      if (!file.ok()) return http::Error(file.status(), req.request_id);
                      in.minutes_file_id = *file;
                      return view(req, ms.Hold(req.caller(), id, in));
                    })});
  routes.push_back({"POST", "/api/v1/meetings/{id}/cancel", http::Access::kRoles, kManagers,
                    "Cancel a scheduled meeting", tag,
                    WithId([&ms, view](const Request& req, long long id, const JsonInput& body) {
                      Status allowed = body.AllowOnly({"reason"});
                      if (!allowed.ok()) return http::Error(allowed, req.request_id);
                      auto reason = body.OptionalString("reason", 500);
                      if (!reason.ok()) return http::Error(reason.status(), req.request_id);
                      return view(req, ms.Cancel(req.caller(), id, reason->value_or("")));
                    })});
  routes.push_back(
      {"POST", "/api/v1/meetings/{id}/invitations", http::Access::kRoles, kManagers,
       "Invite organizations (ids, or a filter in scope)", tag,
       WithId([&ms](const Request& req, long long id, const JsonInput& body) {
         Status allowed = body.AllowOnly({"org_ids", "filter"});
         if (!allowed.ok()) return http::Error(allowed, req.request_id);
         InviteInput in;
         const auto& raw = body.raw();
         if (raw.contains("org_ids")) {
           if (!raw["org_ids"].is_array())
             return http::Error(InvalidArgument("org_ids", "org_ids must be a list of ids"),
                                req.request_id);
           for (auto& x : raw["org_ids"]) {
             if (!x.is_number_integer())
               return http::Error(InvalidArgument("org_ids", "org_ids must be a list of ids"),
                                  req.request_id);
             in.org_ids.push_back(x.get<long long>());
           }
         }
         if (raw.contains("filter")) {
           if (!raw["filter"].is_object())
             return http::Error(InvalidArgument("filter", "filter must be an object"),
                                req.request_id);
           org::OrgFilter f;
           for (auto [key, target] : {std::pair{"region", &f.region}, std::pair{"kind", &f.kind},
                                      std::pair{"domain", &f.domain}, std::pair{"q", &f.q},
                                      std::pair{"status", &f.status},
                                      std::pair{"guidance_category", &f.guidance_category}}) {
             if (raw["filter"].contains(key) && raw["filter"][key].is_string())
               *target = Utf8Prefix(raw["filter"][key].get<std::string>(), 100);
           }
           in.filter = f;
         }
         auto r = ms.Invite(req.caller(), id, in);
         return http::Render(req, r, [](const std::pair<MeetingView, long long>& v) {
           auto j = ViewJson(v.first);
           j["added"] = v.second;
           return j;
         });
       })});
  routes.push_back({"POST",
                    "/api/v1/meetings/{id}/confirm",
                    http::Access::kRoles,
                    {Role::kOrg},
                    "Confirm the organization's attendance (org accounts)",
                    tag,
                    WithId([&ms, view](const Request& req, long long id, const JsonInput&) {
                      return view(req, ms.Confirm(req.caller(), id));
                    })});
  routes.push_back({"POST",
                    "/api/v1/meetings/{id}/check-in",
                    http::Access::kRoles,
                    {Role::kOrg},
                    "Check in with the meeting's code (org accounts)",
                    tag,
                    WithId([&ms, view](const Request& req, long long id, const JsonInput& body) {
                      Status allowed = body.AllowOnly({"code"});
                      if (!allowed.ok()) return http::Error(allowed, req.request_id);
                      auto code = body.RequiredString("code", 1, 16);
                      if (!code.ok()) return http::Error(code.status(), req.request_id);
                      return view(req, ms.CheckIn(req.caller(), id, *code));
                    })});
  routes.push_back(
      {"POST", "/api/v1/meetings/{id}/attendance", http::Access::kRoles, kManagers,
       "Mark organizations attended or absent by hand", tag,
       WithId([&ms, view](const Request& req, long long id, const JsonInput& body) {
         Status allowed = body.AllowOnly({"marks"});
         if (!allowed.ok()) return http::Error(allowed, req.request_id);
         const auto& raw = body.raw();
         std::vector<std::pair<long long, std::string>> marks;
         if (!raw.contains("marks") || !raw["marks"].is_array())
           return http::Error(InvalidArgument("marks", "marks must be a list"), req.request_id);
         for (auto& x : raw["marks"]) {
           if (!x.is_object() || !x.contains("org_id") || !x["org_id"].is_number_integer() ||
               !x.contains("status") || !x["status"].is_string())
             return http::Error(
                 InvalidArgument("marks", "each mark needs org_id and status (attended|absent)"),
                 req.request_id);
           marks.emplace_back(x["org_id"].get<long long>(), x["status"].get<std::string>());
         }
         return view(req, ms.MarkAttendance(req.caller(), id, marks));
       })});
  routes.push_back({"POST", "/api/v1/meetings/{id}/resolutions", http::Access::kRoles, kManagers,
                    "Add a resolution to follow up", tag,
                    WithId([&ms](const Request& req, long long id, const JsonInput& body) {
                      auto in = ParseResolution(body, true);
                      if (!in.ok()) return http::Error(in.status(), req.request_id);
                      return http::Render(req, ms.AddResolution(req.caller(), id, *in),
                                          ResolutionJson, 201);
                    })});
  routes.push_back({"PATCH", "/api/v1/meetings/{id}/resolutions/{rid}", http::Access::kRoles,
                    kManagers, "Change a resolution or mark it done (with a note)", tag,
                    WithId([&ms](const Request& req, long long id, const JsonInput& body) {
                      auto rid = http::IdParam(req, "rid");
                      if (!rid.ok()) return http::Error(rid.status(), req.request_id);
                      auto version = body.RequiredInt("version");
                      if (!version.ok()) return http::Error(version.status(), req.request_id);
                      auto in = ParseResolution(body, false);
                      if (!in.ok()) return http::Error(in.status(), req.request_id);
                      return http::Render(
                          req, ms.UpdateResolution(req.caller(), id, *rid, *version, *in),
                          ResolutionJson);
                    })});
}

}  // namespace shuniu::hub::routes
