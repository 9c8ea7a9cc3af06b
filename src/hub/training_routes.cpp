// HTTP routes of trainings: parse, call one service method, render.
#include "hub/training_routes.h"

#include <cmath>

#include "core/time.h"
#include "core/utf8.h"

namespace shuniu::hub::routes {
namespace {

using http::Request;
using http::Response;
const std::vector<Role> kManagers = {Role::kAdmin, Role::kStaff};
const std::vector<Role> kReaders = {Role::kAdmin, Role::kStaff, Role::kAuditor, Role::kOrg};
const std::vector<Role> kEditors = {Role::kAdmin, Role::kStaff, Role::kOrg};
const std::vector<Role> kStats = {Role::kAdmin, Role::kStaff, Role::kAuditor};

std::string Query(const Request& r, const char* k, size_t max = 100) {
  auto it = r.query.find(k);
  return it == r.query.end() ? std::string() : Utf8Prefix(it->second, max);
}

nlohmann::json TrainingJson(const Training& t, bool staff) {
  nlohmann::json j = {{"id", t.id},
                      {"kind", t.kind},
                      {"title", t.title},
                      {"topic", t.topic},
                      {"region_code", t.region_code},
                      {"region_name", t.region_name},
                      {"starts_at", Rfc3339(t.starts_at)},
                      {"ends_at", Rfc3339(t.ends_at)},
                      {"place", t.place},
                      {"hours", t.hours_x10 / 10.0},
                      {"state", t.state},
                      {"cancel_reason", t.cancel_reason},
                      {"material_ids", t.material_ids},
                      {"version", t.version},
                      {"created_at", Rfc3339(t.created_at)},
                      {"updated_at", Rfc3339(t.updated_at)}};
  if (staff) {
    j["capacity"] = t.capacity ? nlohmann::json(*t.capacity) : nlohmann::json();
    j["counts"] = {{"enrolled", t.enrolled},   {"waitlisted", t.waitlisted},
                   {"attended", t.attended},   {"absent", t.absent},
                   {"cancelled", t.cancelled}, {"feedback", t.feedback_count}};
    j["feedback_avg"] = t.feedback_avg;
  } else {
    j["seats_left"] = t.capacity ? nlohmann::json(*t.capacity) : nlohmann::json();
    j["my_state"] = t.my_state.empty() ? nlohmann::json() : nlohmann::json(t.my_state);
    j["my_counts"] = {{"enrolled", t.enrolled},
                      {"waitlisted", t.waitlisted},
                      {"attended", t.attended},
                      {"absent", t.absent},
                      {"cancelled", t.cancelled}};
  }
  return j;
}

nlohmann::json EnrolmentJson(const Enrolment& e) {
  return {{"id", e.id},
          {"training_id", e.training_id},
          {"org_id", e.org_id},
          {"org_name", e.org_name},
          {"name", e.person_name},
          {"position", e.position},
          {"phone", e.phone.empty() ? nlohmann::json() : nlohmann::json(e.phone)},
          {"state", e.state},
          {"seq", e.seq},
          {"feedback_score", e.feedback_score ? nlohmann::json(*e.feedback_score) : nullptr},
          {"feedback_comment", e.feedback_comment},
          {"checked_in_at",
           e.checked_in_at ? nlohmann::json(Rfc3339(*e.checked_in_at)) : nlohmann::json()},
          {"version", e.version},
          {"created_at", Rfc3339(e.created_at)}};
}

#define TRY_ASSIGN(target, expr)      \
  do {                                \
    auto _r = (expr);                 \
    if (!_r.ok()) return _r.status(); \
    target = std::move(_r).value();   \
  } while (0)

Result<std::optional<int64_t>> OptTimeField(const JsonInput& in, const char* name) {
  auto s = in.OptionalString(name, 40);
  if (!s.ok()) return s.status();
  if (!*s) return std::optional<int64_t>();
  auto t = ParseRfc3339(**s);
  if (!t) return InvalidArgument(name, std::string(name) + " must be an RFC 3339 time");
  return std::optional<int64_t>(*t);
}

Result<TrainingInput> ParseTraining(const JsonInput& in, bool create) {
  SHUNIU_RETURN_IF_ERROR(
      in.AllowOnly({"kind", "title", "topic", "region_code", "starts_at", "ends_at", "place",
                    "capacity", "hours", "material_ids", "version"}));
  TrainingInput t;
  if (create) {
    TRY_ASSIGN(t.title, in.RequiredString("title", 1, 200));
    TRY_ASSIGN(t.kind, in.RequiredString("kind", 1, 16));
  } else {
    TRY_ASSIGN(t.title, in.OptionalString("title", 200));
    if (t.title && t.title->empty()) return InvalidArgument("title", "title is required");
    TRY_ASSIGN(t.kind, in.OptionalString("kind", 16));
  }
  TRY_ASSIGN(t.topic, in.OptionalString("topic", 500));
  TRY_ASSIGN(t.region_code, in.OptionalString("region_code", 12));
  TRY_ASSIGN(t.place, in.OptionalString("place", 200));
  TRY_ASSIGN(t.starts_at, OptTimeField(in, "starts_at"));
  TRY_ASSIGN(t.ends_at, OptTimeField(in, "ends_at"));
  const auto& raw = in.raw();
  if (raw.contains("capacity")) {
    if (raw["capacity"].is_null())
      t.capacity = std::optional<long long>();
    else if (raw["capacity"].is_number_integer())
      t.capacity = std::optional<long long>(raw["capacity"].get<long long>());
    else
      return InvalidArgument("capacity", "capacity must be an integer or null");
  }
  if (raw.contains("hours")) {
    if (!raw["hours"].is_number())
      return InvalidArgument("hours", "hours must be a number (e.g. 3.5)");
    double h = raw["hours"].get<double>();
    if (!(h >= 0 && h <= 1000)) return InvalidArgument("hours", "hours must be between 0 and 1000");
    t.hours_x10 = std::llround(h * 10);
  }
  if (raw.contains("material_ids")) {
    if (!raw["material_ids"].is_array())
      return InvalidArgument("material_ids", "material_ids must be a list of file ids");
    std::vector<long long> ids;
    for (auto& x : raw["material_ids"]) {
      if (!x.is_number_integer())
        return InvalidArgument("material_ids", "material_ids must be a list of file ids");
      ids.push_back(x.get<long long>());
    }
    t.material_ids = ids;
  }
  return t;
}

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

nlohmann::json ViewJson(const TrainingView& v) { return TrainingJson(v.training, v.staff_view); }

http::Handler RecordHandler(TrainingService& ts, bool from_path) {
  return [&ts, from_path](const Request& req) {
    long long org_id = 0;
    if (from_path) {
      auto id = http::IdParam(req, "id");
      if (!id.ok()) return http::Error(id.status(), req.request_id);
      org_id = *id;
    } else {
      std::string s = Query(req, "org_id", 20);
      if (s.empty() && req.caller().org_id) s = std::to_string(*req.caller().org_id);
      if (s.empty() || s.find_first_not_of("0123456789") != std::string::npos)
        return http::Error(InvalidArgument("org_id", "org_id must be an organization id"),
                           req.request_id);
      org_id = std::stoll(s);
    }
    auto r = ts.Record(req.caller(), org_id);
    return http::Render(req, r, [](const TrainingRecord& rec) {
      nlohmann::json items = nlohmann::json::array();
      for (auto& x : rec.entries) {
        items.push_back({{"training", TrainingJson(x.training, false)},
                         {"enrolment", EnrolmentJson(x.enrolment)},
                         {"hours", x.hours_x10 / 10.0}});
        items.back()["training"].erase("my_counts");
        items.back()["training"].erase("my_state");
        items.back()["training"].erase("seats_left");
      }
      return nlohmann::json{{"org_id", rec.org_id},
                            {"org_name", rec.org_name},
                            {"items", items},
                            {"total", rec.entries.size()},
                            {"summary",
                             {{"trainings_attended", rec.trainings_attended},
                              {"people_attended", rec.people_attended},
                              {"hours", rec.hours_x10 / 10.0}}}};
    });
  };
}

}  // namespace

void AppendTrainingRoutes(std::vector<http::Route>& routes, http::Services& s) {
  auto& ts = s.trainings;
  const std::string tag = "trainings";
  auto view = [](const Request& req, const Result<TrainingView>& r, int code = 200) {
    return http::Render(req, r, ViewJson, code);
  };
  routes.push_back({"GET", "/api/v1/trainings", http::Access::kRoles, kReaders,
                    "Trainings in scope (org accounts: those they enrolled in or may enrol in)",
                    tag, [&ts](const Request& req) {
                      TrainingFilter f;
                      Status st = http::PageParams(req, &f.page, &f.size);
                      if (!st.ok()) return http::Error(st, req.request_id);
                      f.region = Query(req, "region", 12);
                      f.state = Query(req, "state", 16);
                      f.kind = Query(req, "kind", 16);
                      f.q = Query(req, "q", 100);
                      f.year = Query(req, "year", 4);
                      auto r = ts.List(req.caller(), f);
                      bool staff = req.caller().role != Role::kOrg;
                      return http::Render(
                          req, r, [&](const std::pair<std::vector<Training>, long long>& page) {
                            nlohmann::json items = nlohmann::json::array();
                            for (auto& t : page.first) items.push_back(TrainingJson(t, staff));
                            return http::PageJson(items, page.second, f.page, f.size);
                          });
                    }});
  routes.push_back({"POST", "/api/v1/trainings", http::Access::kRoles, kManagers,
                    "Plan a training, field visit or study trip", tag,
                    [&ts, view](const Request& req) {
                      auto body = http::ParseBody(req);
                      if (!body.ok()) return http::Error(body.status(), req.request_id);
                      auto in = ParseTraining(*body, true);
                      if (!in.ok()) return http::Error(in.status(), req.request_id);
                      return view(req, ts.Create(req.caller(), *in), 201);
                    }});
  routes.push_back(
      {"GET", "/api/v1/trainings/quarters", http::Access::kRoles, kStats,
       "Per quarter of a year: the thematic trainings held and whether it is covered", tag,
       [&ts](const Request& req) {
         std::string y = Query(req, "year", 4);
         if (y.size() != 4 || y.find_first_not_of("0123456789") != std::string::npos)
           return http::Error(InvalidArgument("year", "year must be YYYY"), req.request_id);
         int year = std::stoi(y);
         auto r = ts.Quarters(req.caller(), year, Query(req, "region", 12));
         return http::Render(req, r, [&](const std::vector<QuarterCoverage>& qs) {
           nlohmann::json items = nlohmann::json::array();
           int covered = 0;
           for (auto& q : qs) {
             nlohmann::json held = nlohmann::json::array(), planned = nlohmann::json::array();
             for (auto& t : q.held)
               held.push_back({{"id", t.id},
                               {"title", t.title},
                               {"starts_at", Rfc3339(t.starts_at)},
                               {"region_code", t.region_code}});
             for (auto& t : q.planned)
               planned.push_back({{"id", t.id},
                                  {"title", t.title},
                                  {"state", t.state},
                                  {"starts_at", Rfc3339(t.starts_at)},
                                  {"region_code", t.region_code}});
             covered += q.covered ? 1 : 0;
             items.push_back({{"quarter", q.quarter},
                              {"covered", q.covered},
                              {"held", held},
                              {"planned", planned}});
           }
           return nlohmann::json{
               {"year", year},
               {"region", Query(req, "region", 12).empty() ? req.caller().region_code
                                                           : Query(req, "region", 12)},
               {"quarters", items},
               {"covered", covered},
               {"all_covered", covered == 4}};
         });
       }});
  routes.push_back({"GET", "/api/v1/trainings/record", http::Access::kRoles, kReaders,
                    "An organization's training record (?org_id=)", tag, RecordHandler(ts, false)});
  routes.push_back({"GET", "/api/v1/orgs/{id}/trainings", http::Access::kRoles, kReaders,
                    "An organization's training record", tag, RecordHandler(ts, true)});
  routes.push_back({"GET", "/api/v1/trainings/{id}", http::Access::kRoles, kReaders, "A training",
                    tag, WithId([&ts, view](const Request& req, long long id, const JsonInput&) {
                      return view(req, ts.Get(req.caller(), id));
                    })});
  routes.push_back({"PATCH", "/api/v1/trainings/{id}", http::Access::kRoles, kManagers,
                    "Change a training (stale version → 409)", tag,
                    WithId([&ts, view](const Request& req, long long id, const JsonInput& body) {
                      auto version = body.RequiredInt("version");
                      if (!version.ok()) return http::Error(version.status(), req.request_id);
                      auto in = ParseTraining(body, false);
                      if (!in.ok()) return http::Error(in.status(), req.request_id);
                      return view(req, ts.Update(req.caller(), id, *version, *in));
                    })});
  for (auto [action, to, summary] :
       {std::tuple{"open", "open", "Open enrolment"},
        std::tuple{"close", "closed", "Close enrolment"},
        std::tuple{"hold", "held",
                   "Mark the training held (enrolled people not checked in "
                   "become absent)"},
        std::tuple{"cancel", "cancelled", "Cancel the training"}}) {
    std::string target = to;
    routes.push_back(
        {"POST", std::string("/api/v1/trainings/{id}/") + action, http::Access::kRoles, kManagers,
         summary, tag,
         WithId([&ts, view, target](const Request& req, long long id, const JsonInput& body) {
           Status allowed = body.AllowOnly({"reason"});
           if (!allowed.ok()) return http::Error(allowed, req.request_id);
           auto reason = body.OptionalString("reason", 500);
           if (!reason.ok()) return http::Error(reason.status(), req.request_id);
           return view(req, ts.Move(req.caller(), id, target, reason->value_or("")));
         })});
  }
  routes.push_back({"GET", "/api/v1/trainings/{id}/enrolments", http::Access::kRoles, kReaders,
                    "Enrolments (org accounts: their own), phones masked", tag,
                    WithId([&ts](const Request& req, long long id, const JsonInput&) {
                      return http::Render(
                          req, ts.Enrolments(req.caller(), id),
                          [](const std::vector<Enrolment>& es) {
                            nlohmann::json items = nlohmann::json::array();
                            for (auto& e : es) items.push_back(EnrolmentJson(e));
                            return nlohmann::json{{"items", items}, {"total", es.size()}};
                          });
                    })});
  routes.push_back({"POST", "/api/v1/trainings/{id}/enrolments", http::Access::kRoles, kEditors,
                    "Enrol a person (over capacity → waitlisted)", tag,
                    WithId([&ts](const Request& req, long long id, const JsonInput& body) {
                      Status allowed = body.AllowOnly({"org_id", "name", "position", "phone"});
                      if (!allowed.ok()) return http::Error(allowed, req.request_id);
                      EnrolmentInput in;
                      auto org = body.OptionalInt("org_id");
                      if (!org.ok()) return http::Error(org.status(), req.request_id);
                      in.org_id = *org;
                      auto name = body.RequiredString("name", 1, 50);
                      if (!name.ok()) return http::Error(name.status(), req.request_id);
                      in.name = *name;
                      auto pos = body.OptionalString("position", 100);
                      if (!pos.ok()) return http::Error(pos.status(), req.request_id);
                      in.position = pos->value_or("");
                      auto phone = body.OptionalString("phone", 20);
                      if (!phone.ok()) return http::Error(phone.status(), req.request_id);
                      in.phone = phone->value_or("");
                      return http::Render(req, ts.Enrol(req.caller(), id, in), EnrolmentJson, 201);
                    })});
  for (auto [action, roles, summary] :
       {std::tuple{"cancel", kEditors, "Cancel an enrolment (promotes the first waitlisted)"},
        std::tuple{"check-in", kManagers, "Check a person in (attended)"},
        std::tuple{"absent", kManagers, "Mark a person absent (after the end)"},
        std::tuple{"feedback", kEditors, "Feedback of an attended person (score 1–5, comment)"}}) {
    std::string act = action;
    routes.push_back({"POST", std::string("/api/v1/trainings/{id}/enrolments/{eid}/") + action,
                      http::Access::kRoles, roles, summary, tag,
                      WithId([&ts, act](const Request& req, long long id, const JsonInput& body) {
                        auto eid = http::IdParam(req, "eid");
                        if (!eid.ok()) return http::Error(eid.status(), req.request_id);
                        Status allowed = act == "feedback" ? body.AllowOnly({"score", "comment"})
                                                           : body.AllowOnly({});
                        if (!allowed.ok()) return http::Error(allowed, req.request_id);
                        auto score = body.OptionalInt("score");
                        if (!score.ok()) return http::Error(score.status(), req.request_id);
                        auto comment = body.OptionalString("comment", 1000);
                        if (!comment.ok()) return http::Error(comment.status(), req.request_id);
                        return http::Render(
                            req, ts.Act(req.caller(), id, *eid, act, *score, comment->value_or("")),
                            EnrolmentJson);
                      })});
  }
}

}  // namespace shuniu::hub::routes
