// HTTP routes of competitions: parse, call one service method, render.
#include "competition/competition_routes.h"

#include "competition/competition_json.h"
#include "core/utf8.h"

namespace shuniu::competition::routes {
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

Status QueryYear(const Request& r, std::optional<long long>& out) {
  std::string v = Query(r, "year", 8);
  if (v.empty()) return Status::Ok();
  if (v.size() != 4 || v.find_first_not_of("0123456789") != std::string::npos)
    return InvalidArgument("year", "year must be a year (YYYY)");
  out = std::stoll(v);
  return Status::Ok();
}

Result<json> Body(const Request& req) {
  if (req.body.empty()) return json::object();
  auto body = http::ParseBody(req);
  if (!body.ok()) return body.status();
  if (!body->raw().is_object()) return InvalidArgument("body", "the body must be a JSON object");
  return body->raw();
}

json Apps(const std::vector<Application>& v) {
  json items = json::array();
  for (auto& a : v) items.push_back(ApplicationJson(a));
  return {{"items", items}, {"total", v.size()}};
}
json Scores(const std::vector<ScoreRow>& v) {
  json items = json::array();
  for (auto& s : v) items.push_back(ScoreJson(s));
  return {{"items", items}, {"total", v.size()}};
}

http::Handler List(CompetitionService& s) {
  return [&s](const Request& req) {
    CompetitionFilter f;
    SHUNIU_OR_ERROR(http::PageParams(req, &f.page, &f.size));
    f.state = Query(req, "state", 16);
    f.q = Query(req, "q");
    SHUNIU_OR_ERROR(QueryYear(req, f.year));
    auto r = s.List(req.caller(), f);
    return http::Render(req, r, [&](const std::pair<std::vector<Competition>, long long>& page) {
      json items = json::array();
      for (auto& x : page.first) items.push_back(CompetitionJson(x));
      return http::PageJson(items, page.second, f.page, f.size);
    });
  };
}

http::Handler Create(CompetitionService& s) {
  return [&s](const Request& req) {
    auto body = Body(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    if (body->contains("version") || body->contains("reason"))
      return http::Error(
          InvalidArgument(body->contains("version") ? "version" : "reason", "unknown field"),
          req.request_id);
    return http::Render(req, s.Create(req.caller(), *body), CompetitionJson, 201);
  };
}

http::Handler Get(CompetitionService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    return http::Render(req, s.Get(req.caller(), *id), CompetitionJson);
  };
}

// PATCH (update) and POST amendments: the body carries version (and reason).
http::Handler Edit(CompetitionService& s, bool amend) {
  return [&s, amend](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto body = Body(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    JsonInput in(*body);
    auto version = in.RequiredInt("version");
    if (!version.ok()) return http::Error(version.status(), req.request_id);
    json changes = *body;
    changes.erase("version");
    if (!amend) {
      if (changes.contains("reason"))
        return http::Error(InvalidArgument("reason", "unknown field reason"), req.request_id);
      return http::Render(req, s.Update(req.caller(), *id, *version, changes), CompetitionJson);
    }
    auto reason = in.RequiredString("reason", 1, 6000);
    if (!reason.ok()) return http::Error(reason.status(), req.request_id);
    changes.erase("reason");
    return http::Render(req, s.Amend(req.caller(), *id, *version, *reason, changes),
                        CompetitionJson);
  };
}

http::Handler Amendments(CompetitionService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    return http::Render(req, s.Amendments(req.caller(), *id), [](const json& items) {
      return json{{"items", items}};
    });
  };
}

http::Handler Action(CompetitionService& s, std::string action) {
  return [&s, action](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto body = Body(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    JsonInput in(*body);
    const Principal& p = req.caller();
    if (action == "open") {
      SHUNIU_OR_ERROR(in.AllowOnly({}));
      return http::Render(req, s.Open(p, *id), CompetitionJson);
    }
    if (action == "cancel") {
      SHUNIU_OR_ERROR(in.AllowOnly({"reason"}));
      auto reason = in.RequiredString("reason", 1, 4000);
      if (!reason.ok()) return http::Error(reason.status(), req.request_id);
      return http::Render(req, s.Cancel(p, *id, *reason), CompetitionJson);
    }
    if (action == "reviewers") {
      SHUNIU_OR_ERROR(in.AllowOnly({"user_id"}));
      auto uid = in.RequiredInt("user_id");
      if (!uid.ok()) return http::Error(uid.status(), req.request_id);
      return http::Render(req, s.AddReviewer(p, *id, *uid), CompetitionJson);
    }
    if (action == "recusals") {
      SHUNIU_OR_ERROR(in.AllowOnly({"application_id", "reason"}));
      auto app = in.RequiredInt("application_id");
      if (!app.ok()) return http::Error(app.status(), req.request_id);
      auto reason = in.RequiredString("reason", 1, 4000);
      if (!reason.ok()) return http::Error(reason.status(), req.request_id);
      SHUNIU_OR_ERROR(s.Recuse(p, *id, *app, *reason));
      return http::Render(req, s.ListScores(p, *id), Scores, 201);
    }
    if (action == "scores") {
      SHUNIU_OR_ERROR(in.AllowOnly({"application_id", "scores"}));
      auto app = in.RequiredInt("application_id");
      if (!app.ok()) return http::Error(app.status(), req.request_id);
      if (!in.Has("scores") || !in.raw()["scores"].is_object())
        return http::Error(InvalidArgument("scores", "scores must map criterion codes to 0–100"),
                           req.request_id);
      std::map<std::string, long long> sc;
      for (auto& [code, v] : in.raw()["scores"].items()) {
        if (!v.is_number_integer())
          return http::Error(InvalidArgument("scores." + code, "scores." + code + " must be 0–100"),
                             req.request_id);
        sc[code] = v.get<long long>();
      }
      SHUNIU_OR_ERROR(s.Score(p, *id, *app, sc));
      return http::Render(req, s.ListScores(p, *id), Scores, 201);
    }
    if (action == "adjust") {
      SHUNIU_OR_ERROR(in.AllowOnly({"application_id", "new_rank", "new_awarded_fen", "reason"}));
      auto app = in.RequiredInt("application_id");
      if (!app.ok()) return http::Error(app.status(), req.request_id);
      auto rank = in.OptionalInt("new_rank");
      if (!rank.ok()) return http::Error(rank.status(), req.request_id);
      auto amount = in.OptionalInt("new_awarded_fen");
      if (!amount.ok()) return http::Error(amount.status(), req.request_id);
      auto reason = in.RequiredString("reason", 1, 8000);
      if (!reason.ok()) return http::Error(reason.status(), req.request_id);
      return http::Render(req, s.ProposeAdjustment(p, *id, *app, *rank, *amount, *reason),
                          AdjustmentJson, 201);
    }
    // publish
    SHUNIU_OR_ERROR(in.AllowOnly({}));
    return http::Render(req, s.Publish(p, *id), ResultsJson);
  };
}

http::Handler Decide(CompetitionService& s, bool approve) {
  return [&s, approve](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto adj = http::IdParam(req, "adj");
    if (!adj.ok()) return http::Error(adj.status(), req.request_id);
    return http::Render(req, s.DecideAdjustment(req.caller(), *id, *adj, approve), AdjustmentJson);
  };
}

http::Handler Read(CompetitionService& s, std::string what) {
  return [&s, what](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    const Principal& p = req.caller();
    if (what == "scores") return http::Render(req, s.ListScores(p, *id), Scores);
    if (what == "results") return http::Render(req, s.GetResults(p, *id), ResultsJson);
    if (what == "figures")
      return http::Render(req, s.Figures(p, *id), [](const json& j) { return j; });
    std::string state = Query(req, "state", 16);
    return http::Render(req, s.ListApplications(p, *id, state), Apps);
  };
}

http::Handler Summary(CompetitionService& s) {
  return [&s](const Request& req) {
    std::optional<long long> year;
    SHUNIU_OR_ERROR(QueryYear(req, year));
    return http::Render(req, s.Summary(req.caller(), year, Query(req, "region", 12)),
                        [](const json& j) { return j; });
  };
}

http::Handler AppRoute(CompetitionService& s, std::string action) {
  return [&s, action](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    const Principal& p = req.caller();
    if (action == "create") {
      auto body = Body(req);
      if (!body.ok()) return http::Error(body.status(), req.request_id);
      if (body->contains("version"))
        return http::Error(InvalidArgument("version", "unknown field version"), req.request_id);
      return http::Render(req, s.CreateApplication(p, *id, *body), ApplicationJson, 201);
    }
    auto app = http::IdParam(req, "app");
    if (!app.ok()) return http::Error(app.status(), req.request_id);
    if (action == "get") return http::Render(req, s.GetApplication(p, *id, *app), ApplicationJson);
    auto body = Body(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    JsonInput in(*body);
    if (action == "update") {
      auto version = in.RequiredInt("version");
      if (!version.ok()) return http::Error(version.status(), req.request_id);
      return http::Render(req, s.UpdateApplication(p, *id, *app, *version, *body), ApplicationJson);
    }
    if (action == "submit" || action == "withdraw") {
      SHUNIU_OR_ERROR(in.AllowOnly({}));
      return http::Render(req,
                          action == "submit" ? s.Submit(p, *id, *app) : s.Withdraw(p, *id, *app),
                          ApplicationJson);
    }
    SHUNIU_OR_ERROR(in.AllowOnly({"reason"}));
    auto reason = in.OptionalString("reason", 4000);
    if (!reason.ok()) return http::Error(reason.status(), req.request_id);
    return http::Render(req, s.Qualify(p, *id, *app, action == "qualify", reason->value_or("")),
                        ApplicationJson);
  };
}

}  // namespace

void Append(std::vector<http::Route>& routes, http::Services& s) {
  using http::Access;
  const std::vector<Role> kManagers = {Role::kAdmin, Role::kStaff};
  const std::vector<Role> kReaders = {Role::kAdmin, Role::kStaff, Role::kAuditor};
  const std::vector<Role> kAll = {Role::kAdmin, Role::kStaff, Role::kAuditor, Role::kReviewer,
                                  Role::kOrg};
  const std::vector<Role> kPanelReaders = {Role::kAdmin, Role::kStaff, Role::kAuditor,
                                           Role::kReviewer};
  auto& sv = s.competitions;
  std::vector<http::Route> mine = {
      // clang-format off
      {"GET", "/api/v1/competitions", Access::kRoles, kAll, "List competitions (staff: in scope; reviewers: their panels; organizations: open to their region)", "competitions", List(sv)},
      {"POST", "/api/v1/competitions", Access::kRoles, kManagers, "Set up a draft competition (pool, eligibility, weights, award rule, criteria, vote rules, dates)", "competitions", Create(sv)},
      {"GET", "/api/v1/competitions/figures", Access::kRoles, kReaders, "Competition figures per year and region (?year=&region=)", "competitions", Summary(sv)},
      {"GET", "/api/v1/competitions/{id}", Access::kRoles, kAll, "Read a competition with its phase and panel", "competitions", Get(sv)},
      {"PATCH", "/api/v1/competitions/{id}", Access::kRoles, kManagers, "Edit a competition before its rules freeze (version)", "competitions", Edit(sv, false)},
      {"POST", "/api/v1/competitions/{id}/amendments", Access::kRoles, kManagers, "Amend frozen rules or dates with a reason (audited, recorded)", "competitions", Edit(sv, true)},
      {"GET", "/api/v1/competitions/{id}/amendments", Access::kRoles, kReaders, "The recorded amendments of a competition", "competitions", Amendments(sv)},
      {"POST", "/api/v1/competitions/{id}/open", Access::kRoles, kManagers, "Open a draft competition (its phases follow the dates)", "competitions", Action(sv, "open")},
      {"POST", "/api/v1/competitions/{id}/cancel", Access::kRoles, kManagers, "Cancel a competition with a reason", "competitions", Action(sv, "cancel")},
      {"POST", "/api/v1/competitions/{id}/reviewers", Access::kRoles, kManagers, "Assign a reviewer to the expert panel", "competitions", Action(sv, "reviewers")},
      {"GET", "/api/v1/competitions/{id}/applications", Access::kRoles, kAll, "Applications (staff: all submitted; reviewers: qualified; organizations: their own)", "competitions", Read(sv, "applications")},
      {"POST", "/api/v1/competitions/{id}/applications", Access::kRoles, {Role::kOrg}, "Draft an application for one's own organization while applications are open", "competitions", AppRoute(sv, "create")},
      {"GET", "/api/v1/competitions/{id}/applications/{app}", Access::kRoles, kAll, "Read an application", "competitions", AppRoute(sv, "get")},
      {"PATCH", "/api/v1/competitions/{id}/applications/{app}", Access::kRoles, {Role::kOrg}, "Edit a draft application (version)", "competitions", AppRoute(sv, "update")},
      {"POST", "/api/v1/competitions/{id}/applications/{app}/submit", Access::kRoles, {Role::kOrg}, "Submit an application before the deadline (eligibility checked)", "competitions", AppRoute(sv, "submit")},
      {"POST", "/api/v1/competitions/{id}/applications/{app}/withdraw", Access::kRoles, {Role::kOrg}, "Withdraw one's application", "competitions", AppRoute(sv, "withdraw")},
      {"POST", "/api/v1/competitions/{id}/applications/{app}/qualify", Access::kRoles, kManagers, "Qualify a submitted application (assigns the entry number)", "competitions", AppRoute(sv, "qualify")},
      {"POST", "/api/v1/competitions/{id}/applications/{app}/reject", Access::kRoles, kManagers, "Reject a submitted application with a reason", "competitions", AppRoute(sv, "reject")},
      {"GET", "/api/v1/competitions/{id}/scores", Access::kRoles, kPanelReaders, "Expert scores (reviewers: their own; staff: all)", "competitions", Read(sv, "scores")},
      {"POST", "/api/v1/competitions/{id}/scores", Access::kRoles, {Role::kReviewer}, "Score every criterion of a qualified entry (panel members)", "competitions", Action(sv, "scores")},
      {"POST", "/api/v1/competitions/{id}/recusals", Access::kRoles, {Role::kReviewer}, "Declare a conflict of interest with an entry (no scoring of it)", "competitions", Action(sv, "recusals")},
      {"GET", "/api/v1/competitions/{id}/results", Access::kRoles, kReaders, "Computed results: ranking, funding within the pool and quotas, adjustments", "competitions", Read(sv, "results")},
      {"POST", "/api/v1/competitions/{id}/results/adjustments", Access::kRoles, kManagers, "Propose an adjustment of an entry's rank or amount with a reason", "competitions", Action(sv, "adjust")},
      {"POST", "/api/v1/competitions/{id}/results/adjustments/{adj}/approve", Access::kRoles, kManagers, "Approve an adjustment (a second staff user, not the proposer)", "competitions", Decide(sv, true)},
      {"POST", "/api/v1/competitions/{id}/results/adjustments/{adj}/reject", Access::kRoles, kManagers, "Reject an adjustment (a second staff user, not the proposer)", "competitions", Decide(sv, false)},
      {"POST", "/api/v1/competitions/{id}/results/publish", Access::kRoles, kManagers, "Publish the results; funded entries become projects with contracts", "competitions", Action(sv, "publish")},
      {"GET", "/api/v1/competitions/{id}/figures", Access::kRoles, kReaders, "Figures of a competition (votes absent while counts are hidden)", "competitions", Read(sv, "figures")},
      // clang-format on
  };
  for (auto& r : mine) routes.push_back(std::move(r));
}

}  // namespace shuniu::competition::routes
