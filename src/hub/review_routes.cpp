// HTTP routes of annual reviews and disclosure.
#include "hub/review_routes.h"

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

Result<std::optional<long long>> QueryInt(const Request& r, const char* k) {
  std::string v = Query(r, k, 19);
  if (v.empty()) return std::optional<long long>();
  if (v.find_first_not_of("0123456789") != std::string::npos || v.size() > 18)
    return InvalidArgument(k, std::string(k) + " must be a whole number");
  return std::optional<long long>(std::stoll(v));
}

nlohmann::json Opt(const std::optional<int64_t>& ms) {
  return ms ? nlohmann::json(Rfc3339(*ms)) : nlohmann::json();
}

// The disclosure items (what is published).
nlohmann::json Disclosure(const Review& r) {
  nlohmann::json j;
  for (auto& f : ReviewService::TextFields()) {
    auto it = r.texts.find(f);
    j[f] =
        it == r.texts.end() || it->second.empty() ? nlohmann::json() : nlohmann::json(it->second);
  }
  for (auto& f : ReviewService::NumberFields()) {
    auto it = r.nums.find(f);
    j[f] = it == r.nums.end() || !it->second ? nlohmann::json() : nlohmann::json(*it->second);
  }
  return j;
}

nlohmann::json ReviewJson(const Review& r) {
  nlohmann::json j = {{"id", r.id},
                      {"org_id", r.org_id},
                      {"org_name", r.org_name},
                      {"region_code", r.region_code},
                      {"region_name", r.region_name},
                      {"year", r.year},
                      {"state", r.state},
                      {"result", r.result.empty() ? nlohmann::json() : nlohmann::json(r.result)},
                      {"reasons", r.reasons},
                      {"return_note", r.return_note},
                      {"checklist", r.checklist},
                      {"submitted_at", Opt(r.submitted_at)},
                      {"decided_at", Opt(r.decided_at)},
                      {"decided_by_name", r.decided_by_name},
                      {"published", r.state == "decided"},
                      {"created_at", Rfc3339(r.created_at)},
                      {"updated_at", Rfc3339(r.updated_at)},
                      {"version", r.version}};
  if (!r.due_date.empty()) j["due_date"] = r.due_date;
  for (auto& f : ReviewService::FileFields()) {
    auto it = r.nums.find(f);
    j[f] = it == r.nums.end() || !it->second ? nlohmann::json() : nlohmann::json(*it->second);
  }
  j["disclosure"] = Disclosure(r);
  return j;
}

nlohmann::json PublicJson(const Review& r) {
  return {{"id", r.id},
          {"org_name", r.org_name},
          {"region_name", r.region_name},
          {"year", r.year},
          {"result", r.result},
          {"decided_at", Opt(r.decided_at)},
          {"items", Disclosure(r)}};
}

// Fields of a create or patch body (besides version / org_id / year).
Result<ReviewInput> ParseInput(const JsonInput& in, std::initializer_list<std::string> skip) {
  ReviewInput out;
  const auto& raw = in.raw();
  for (auto it = raw.begin(); it != raw.end(); ++it) {
    const std::string& k = it.key();
    if (std::find(skip.begin(), skip.end(), k) != skip.end()) continue;
    const auto& v = it.value();
    auto& texts = ReviewService::TextFields();
    if (std::find(texts.begin(), texts.end(), k) != texts.end()) {
      if (v.is_null())
        out.texts[k] = std::nullopt;
      else if (v.is_string())
        out.texts[k] = v.get<std::string>();
      else
        return InvalidArgument(k, k + " must be text");
      continue;
    }
    auto& files = ReviewService::FileFields();
    auto& nums = ReviewService::NumberFields();
    if (std::find(files.begin(), files.end(), k) != files.end() ||
        std::find(nums.begin(), nums.end(), k) != nums.end()) {
      if (v.is_null())
        out.nums[k] = std::nullopt;
      else if (v.is_number_integer())
        out.nums[k] = v.get<long long>();
      else
        return InvalidArgument(k, k + " must be a whole number");
      continue;
    }
    return InvalidArgument(k, "unknown field '" + k + "'");
  }
  return out;
}

Result<std::optional<long long>> OptionalVersion(const Request& req, JsonInput* body) {
  if (req.body.empty()) return std::optional<long long>();
  auto b = http::ParseBody(req);
  if (!b.ok()) return b.status();
  *body = *b;
  return body->OptionalInt("version");
}

template <typename F>
http::Handler WithId(F f) {
  return [f](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    return f(req, *id);
  };
}

http::Handler List(ReviewService& s) {
  return [&s](const Request& req) {
    ReviewFilter f;
    Status st = http::PageParams(req, &f.page, &f.size);
    if (!st.ok()) return http::Error(st, req.request_id);
    auto year = QueryInt(req, "year");
    if (!year.ok()) return http::Error(year.status(), req.request_id);
    auto org = QueryInt(req, "org_id");
    if (!org.ok()) return http::Error(org.status(), req.request_id);
    f.year = *year;
    f.org_id = *org;
    f.state = Query(req, "state", 16);
    f.result = Query(req, "result", 24);
    f.region = Query(req, "region", 12);
    auto r = s.List(req.caller(), f);
    return http::Render(req, r, [&](const std::pair<std::vector<Review>, long long>& page) {
      nlohmann::json items = nlohmann::json::array();
      for (auto& x : page.first) items.push_back(ReviewJson(x));
      return http::PageJson(items, page.second, f.page, f.size);
    });
  };
}

http::Handler Create(ReviewService& s) {
  return [&s](const Request& req) {
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    auto org = body->RequiredInt("org_id");
    if (!org.ok()) return http::Error(org.status(), req.request_id);
    auto year = body->RequiredInt("year");
    if (!year.ok()) return http::Error(year.status(), req.request_id);
    auto in = ParseInput(*body, {"org_id", "year"});
    if (!in.ok()) return http::Error(in.status(), req.request_id);
    return http::Render(req, s.Create(req.caller(), *org, *year, *in), ReviewJson, 201);
  };
}

http::Handler Update(ReviewService& s) {
  return WithId([&s](const Request& req, long long id) {
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    auto version = body->RequiredInt("version");
    if (!version.ok()) return http::Error(version.status(), req.request_id);
    auto in = ParseInput(*body, {"version"});
    if (!in.ok()) return http::Error(in.status(), req.request_id);
    return http::Render(req, s.Update(req.caller(), id, *version, *in), ReviewJson);
  });
}

http::Handler Submit(ReviewService& s) {
  return WithId([&s](const Request& req, long long id) {
    JsonInput body(nlohmann::json::object());
    auto version = OptionalVersion(req, &body);
    if (!version.ok()) return http::Error(version.status(), req.request_id);
    Status allowed = body.AllowOnly({"version"});
    if (!allowed.ok()) return http::Error(allowed, req.request_id);
    return http::Render(req, s.Submit(req.caller(), id, *version), ReviewJson);
  });
}

http::Handler Return(ReviewService& s) {
  return WithId([&s](const Request& req, long long id) {
    JsonInput body(nlohmann::json::object());
    auto version = OptionalVersion(req, &body);
    if (!version.ok()) return http::Error(version.status(), req.request_id);
    Status allowed = body.AllowOnly({"version", "note"});
    if (!allowed.ok()) return http::Error(allowed, req.request_id);
    auto note = body.OptionalString("note", 2000);
    if (!note.ok()) return http::Error(note.status(), req.request_id);
    return http::Render(req, s.Return(req.caller(), id, *version, note->value_or("")), ReviewJson);
  });
}

http::Handler Decide(ReviewService& s) {
  return WithId([&s](const Request& req, long long id) {
    JsonInput body(nlohmann::json::object());
    auto version = OptionalVersion(req, &body);
    if (!version.ok()) return http::Error(version.status(), req.request_id);
    Status allowed = body.AllowOnly({"version", "result", "reasons", "checklist"});
    if (!allowed.ok()) return http::Error(allowed, req.request_id);
    auto result = body.OptionalString("result", 24);
    if (!result.ok()) return http::Error(result.status(), req.request_id);
    auto reasons = body.OptionalString("reasons", 2000);
    if (!reasons.ok()) return http::Error(reasons.status(), req.request_id);
    std::map<std::string, std::string> checklist;
    if (body.Has("checklist")) {
      const auto& c = body.raw()["checklist"];
      if (!c.is_object())
        return http::Error(InvalidArgument("checklist", "checklist must map items to answers"),
                           req.request_id);
      for (auto& [k, v] : c.items()) {
        if (!v.is_string())
          return http::Error(
              InvalidArgument("checklist." + k, "answer " + k + " with yes, no or na"),
              req.request_id);
        checklist[k] = v.get<std::string>();
      }
    }
    return http::Render(req,
                        s.Decide(req.caller(), id, *version, result->value_or(""),
                                 reasons->value_or(""), checklist),
                        ReviewJson);
  });
}

long long DefaultYear() { return std::stoll(Rfc3339(NowMs()).substr(0, 4)) - 1; }

http::Handler Overdue(ReviewService& s) {
  return [&s](const Request& req) {
    long long page = 1, size = 20;
    Status st = http::PageParams(req, &page, &size);
    if (!st.ok()) return http::Error(st, req.request_id);
    auto year = QueryInt(req, "year");
    if (!year.ok()) return http::Error(year.status(), req.request_id);
    auto r = s.Overdue(req.caller(), year->value_or(DefaultYear()), Query(req, "region", 12), page,
                       size);
    return http::Render(req, r, [&](const std::pair<std::vector<OverdueItem>, long long>& p) {
      nlohmann::json items = nlohmann::json::array();
      for (auto& x : p.first)
        items.push_back(
            {{"org_id", x.org_id},
             {"org_name", x.org_name},
             {"region_code", x.region_code},
             {"region_name", x.region_name},
             {"org_status", x.org_status},
             {"year", x.year},
             {"due_date", x.due_date},
             {"days_overdue", x.days_overdue},
             {"review_id", x.review_id ? nlohmann::json(*x.review_id) : nlohmann::json()},
             {"state", x.state.empty() ? nlohmann::json() : nlohmann::json(x.state)},
             {"flagged_at", Opt(x.flagged_at)}});
      return http::PageJson(items, p.second, page, size);
    });
  };
}

http::Handler FlagOverdue(ReviewService& s) {
  return [&s](const Request& req) {
    auto year = QueryInt(req, "year");
    if (!year.ok()) return http::Error(year.status(), req.request_id);
    long long y = year->value_or(DefaultYear());
    auto r = s.FlagOverdue(req.caller(), y, NowMs());
    return http::Render(req, r, [&](long long n) {
      return nlohmann::json{{"year", y}, {"flagged", n}};
    });
  };
}

nlohmann::json YearJson(const ReviewYear& y) {
  return {{"year", y.year}, {"due_date", y.due_date}, {"configured", y.configured}};
}

http::Handler Years(ReviewService& s) {
  return [&s](const Request& req) {
    return http::Render(req, s.Years(req.caller()), [](const std::vector<ReviewYear>& ys) {
      nlohmann::json items = nlohmann::json::array();
      for (auto& y : ys) items.push_back(YearJson(y));
      return nlohmann::json{{"items", items}, {"total", items.size()}};
    });
  };
}

http::Handler SetYear(ReviewService& s) {
  return [&s](const Request& req) {
    auto year = http::IdParam(req, "year");
    if (!year.ok()) return http::Error(year.status(), req.request_id);
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    Status allowed = body->AllowOnly({"due_date"});
    if (!allowed.ok()) return http::Error(allowed, req.request_id);
    auto due = body->RequiredString("due_date", 10, 10);
    if (!due.ok()) return http::Error(due.status(), req.request_id);
    return http::Render(req, s.SetYear(req.caller(), *year, *due), YearJson);
  };
}

http::Handler PublicList(ReviewService& s) {
  return [&s](const Request& req) {
    long long page = 1, size = 20;
    Status st = http::PageParams(req, &page, &size);
    if (!st.ok()) return http::Error(st, req.request_id);
    auto year = QueryInt(req, "year");
    if (!year.ok()) return http::Error(year.status(), req.request_id);
    auto r = s.PublicList(*year, Query(req, "q", 100), page, size);
    return http::Render(req, r, [&](const std::pair<std::vector<Review>, long long>& p) {
      nlohmann::json items = nlohmann::json::array();
      for (auto& x : p.first) items.push_back(PublicJson(x));
      return http::PageJson(items, p.second, page, size);
    });
  };
}

http::Handler PublicGet(ReviewService& s) {
  return WithId([&s](const Request& req, long long id) {
    return http::Render(req, s.PublicGet(id), PublicJson);
  });
}

http::Handler Checklist() {
  return [](const Request&) {
    return Response::Json(200, {{"items", ReviewService::ChecklistItems()},
                                {"file_fields", ReviewService::FileFields()},
                                {"number_fields", ReviewService::NumberFields()},
                                {"text_fields", ReviewService::TextFields()}});
  };
}

}  // namespace

void AppendReviewRoutes(std::vector<http::Route>& routes, http::Services& s) {
  using http::Access;
  const std::vector<Role> kManagers = {Role::kAdmin, Role::kStaff};
  const std::vector<Role> kReaders = {Role::kAdmin, Role::kStaff, Role::kAuditor, Role::kOrg};
  const std::vector<Role> kEditors = {Role::kAdmin, Role::kStaff, Role::kOrg};
  const std::vector<Role> kStaffReaders = {Role::kAdmin, Role::kStaff, Role::kAuditor};
  auto& r = s.reviews;
  const char* tag = "annual-reviews";
  std::vector<http::Route> add = {
      {"GET", "/api/v1/annual-reviews", Access::kRoles, kReaders,
       "Annual reviews in scope (filters: year, state, result, region, org_id)", tag, List(r)},
      {"POST", "/api/v1/annual-reviews", Access::kRoles, kEditors,
       "Start the annual review of an organization for a year", tag, Create(r)},
      {"GET", "/api/v1/annual-reviews/overdue", Access::kRoles, kStaffReaders,
       "Organizations without a submitted review for ?year= (default: last year)", tag, Overdue(r)},
      {"POST", "/api/v1/annual-reviews/overdue/flag", Access::kRoles, kManagers,
       "Flag organizations past due date + grace period as abnormal (idempotent)", tag,
       FlagOverdue(r)},
      {"GET", "/api/v1/annual-reviews/years", Access::kRoles, kReaders,
       "The due date of each year's annual review", tag, Years(r)},
      {"PATCH",
       "/api/v1/annual-reviews/years/{year}",
       Access::kRoles,
       {Role::kAdmin},
       "Set the due date of a year's annual review",
       tag,
       SetYear(r)},
      {"GET", "/api/v1/annual-reviews/checklist", Access::kRoles, kReaders,
       "The review checklist items and the disclosure fields", tag, Checklist()},
      {"GET", "/api/v1/annual-reviews/{id}", Access::kRoles, kReaders, "One annual review", tag,
       WithId([&r](const Request& req, long long id) {
         return http::Render(req, r.Get(req.caller(), id), ReviewJson);
       })},
      {"PATCH", "/api/v1/annual-reviews/{id}", Access::kRoles, kEditors,
       "Edit the files and disclosure items of a draft or returned review (with version)", tag,
       Update(r)},
      {"POST", "/api/v1/annual-reviews/{id}/submit", Access::kRoles, kEditors,
       "Submit (or resubmit) a review: needs the three files and the disclosure items", tag,
       Submit(r)},
      {"POST", "/api/v1/annual-reviews/{id}/return", Access::kRoles, kManagers,
       "Return a submitted review for correction (note required)", tag, Return(r)},
      {"POST", "/api/v1/annual-reviews/{id}/decide", Access::kRoles, kManagers,
       "Decide a submitted review with the checklist: qualified, basically_qualified or "
       "unqualified",
       tag, Decide(r)},
      {"GET",
       "/api/v1/public/disclosures",
       Access::kPublic,
       {},
       "Published annual disclosures (decided reviews)",
       "public",
       PublicList(r)},
      {"GET",
       "/api/v1/public/disclosures/{id}",
       Access::kPublic,
       {},
       "One published annual disclosure",
       "public",
       PublicGet(r)},
  };
  for (auto& x : add) routes.push_back(std::move(x));
}

}  // namespace shuniu::hub::routes
