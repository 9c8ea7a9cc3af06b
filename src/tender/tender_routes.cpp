// HTTP routes of the public-tender channel: parse, call one service method, render.
#include "tender/tender_routes.h"

#include "core/utf8.h"
#include "tender/tender_json.h"

namespace shuniu::tender::routes {
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

json Detail(const Tender& t) { return TenderJson(t, true); }

Result<TenderInput> ParseTender(const JsonInput& in, bool patch) {
  TenderInput out;
  SHUNIU_RETURN_IF_ERROR(patch ? in.AllowOnly({"version", "title", "description", "eligibility",
                                               "criteria", "bid_deadline", "opening_at"})
                               : in.AllowOnly({"project_id", "title", "description", "eligibility",
                                               "criteria", "bid_deadline", "opening_at"}));
  if (!patch) {
    auto pid = in.RequiredInt("project_id");
    if (!pid.ok()) return pid.status();
    out.project_id = *pid;
  }
  for (auto [name, dst, max] :
       {std::tuple{"title", &out.title, 200}, std::tuple{"description", &out.description, 4000},
        std::tuple{"eligibility", &out.eligibility, 4000},
        std::tuple{"bid_deadline", &out.bid_deadline, 40},
        std::tuple{"opening_at", &out.opening_at, 40}}) {
    auto v = in.OptionalString(name, max);
    if (!v.ok()) return v.status();
    if (*v) *dst = **v;
  }
  if (in.Has("criteria")) out.criteria = in.raw()["criteria"];
  return out;
}

http::Handler ListTenders(TenderService& s) {
  return [&s](const Request& req) {
    TenderFilter f;
    SHUNIU_OR_ERROR(http::PageParams(req, &f.page, &f.size));
    f.state = Query(req, "state", 16);
    f.q = Query(req, "q");
    SHUNIU_OR_ERROR(QueryYear(req, f.year));
    auto r = s.List(req.caller(), f);
    return http::Render(req, r, [&](const std::pair<std::vector<Tender>, long long>& page) {
      json items = json::array();
      for (auto& x : page.first) items.push_back(TenderJson(x, false));
      return http::PageJson(items, page.second, f.page, f.size);
    });
  };
}

http::Handler CreateTender(TenderService& s) {
  return [&s](const Request& req) {
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    auto in = ParseTender(*body, false);
    if (!in.ok()) return http::Error(in.status(), req.request_id);
    return http::Render(req, s.Create(req.caller(), *in), Detail, 201);
  };
}

http::Handler GetTender(TenderService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    return http::Render(req, s.Get(req.caller(), *id), Detail);
  };
}

http::Handler UpdateTender(TenderService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    auto version = body->RequiredInt("version");
    if (!version.ok()) return http::Error(version.status(), req.request_id);
    auto in = ParseTender(*body, true);
    if (!in.ok()) return http::Error(in.status(), req.request_id);
    return http::Render(req, s.Update(req.caller(), *id, *version, *in), Detail);
  };
}

// publish | open | cancel | finish-scoring | reviewers | declaration | scores | award
http::Handler Action(TenderService& s, std::string action) {
  return [&s, action](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    json raw = json::object();
    if (!req.body.empty()) {
      auto body = http::ParseBody(req);
      if (!body.ok()) return http::Error(body.status(), req.request_id);
      raw = body->raw();
    }
    JsonInput in(raw);
    const Principal& p = req.caller();
    if (action == "publish" || action == "open" || action == "finish") {
      SHUNIU_OR_ERROR(in.AllowOnly({}));
      if (action == "publish") return http::Render(req, s.Publish(p, *id), Detail);
      if (action == "open") return http::Render(req, s.Open(p, *id), Detail);
      return http::Render(req, s.FinishScoring(p, *id), Detail);
    }
    if (action == "cancel") {
      SHUNIU_OR_ERROR(in.AllowOnly({"reason"}));
      auto reason = in.RequiredString("reason", 1, 1000);
      if (!reason.ok()) return http::Error(reason.status(), req.request_id);
      return http::Render(req, s.Cancel(p, *id, *reason), Detail);
    }
    if (action == "reviewers") {
      SHUNIU_OR_ERROR(in.AllowOnly({"user_id"}));
      auto uid = in.RequiredInt("user_id");
      if (!uid.ok()) return http::Error(uid.status(), req.request_id);
      return http::Render(req, s.AddReviewer(p, *id, *uid), Detail);
    }
    if (action == "declaration") {
      SHUNIU_OR_ERROR(in.AllowOnly({"conflict", "note"}));
      auto conflict = in.OptionalBool("conflict");
      if (!conflict.ok()) return http::Error(conflict.status(), req.request_id);
      if (!*conflict)
        return http::Error(InvalidArgument("conflict", "conflict (true or false) is required"),
                           req.request_id);
      auto note = in.OptionalString("note", 1000);
      if (!note.ok()) return http::Error(note.status(), req.request_id);
      return http::Render(req, s.Declare(p, *id, **conflict, note->value_or("")), Detail);
    }
    if (action == "scores") {
      SHUNIU_OR_ERROR(in.AllowOnly({"bid_id", "criterion", "score"}));
      ScoreInput sc;
      auto bid = in.RequiredInt("bid_id");
      if (!bid.ok()) return http::Error(bid.status(), req.request_id);
      auto crit = in.RequiredString("criterion", 1, 32);
      if (!crit.ok()) return http::Error(crit.status(), req.request_id);
      auto score = in.RequiredInt("score");
      if (!score.ok()) return http::Error(score.status(), req.request_id);
      sc.bid_id = *bid;
      sc.criterion = *crit;
      sc.score = *score;
      return http::Render(req, s.Score(p, *id, sc), Detail);
    }
    // award
    SHUNIU_OR_ERROR(in.AllowOnly({"bid_id", "reason", "start_on", "end_on", "stable_service",
                                  "term_reason", "purchaser_name", "milestones"}));
    AwardInput a;
    auto bid = in.OptionalInt("bid_id");
    if (!bid.ok()) return http::Error(bid.status(), req.request_id);
    a.bid_id = *bid;
    auto reason = in.OptionalString("reason", 1000);
    if (!reason.ok()) return http::Error(reason.status(), req.request_id);
    a.reason = reason->value_or("");
    for (auto [name, dst] :
         {std::pair{"start_on", &a.contract.start_on}, std::pair{"end_on", &a.contract.end_on}}) {
      auto v = in.RequiredString(name, 10, 10);
      if (!v.ok()) return http::Error(v.status(), req.request_id);
      *dst = *v;
    }
    for (auto [name, dst, max] : {std::tuple{"term_reason", &a.contract.term_reason, 1000},
                                  std::tuple{"purchaser_name", &a.contract.purchaser_name, 200}}) {
      auto v = in.OptionalString(name, max);
      if (!v.ok()) return http::Error(v.status(), req.request_id);
      *dst = v->value_or("");
    }
    auto stable = in.OptionalBool("stable_service");
    if (!stable.ok()) return http::Error(stable.status(), req.request_id);
    a.contract.stable_service = stable->value_or(false);
    if (!in.Has("milestones"))
      return http::Error(InvalidArgument("milestones", "milestones are required"), req.request_id);
    a.contract.milestones = in.raw()["milestones"];
    return http::Render(req, s.Award(p, *id, a), Detail);
  };
}

http::Handler SubmitBid(TenderService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    SHUNIU_OR_ERROR(body->AllowOnly({"org_id", "price", "team", "file_id"}));
    BidInput b;
    auto org = body->RequiredInt("org_id");
    if (!org.ok()) return http::Error(org.status(), req.request_id);
    b.org_id = *org;
    auto price = body->RequiredInt("price");
    if (!price.ok()) return http::Error(price.status(), req.request_id);
    b.price = *price;
    if (!body->Has("team"))
      return http::Error(InvalidArgument("team", "team is required"), req.request_id);
    b.team = body->raw()["team"];
    auto file = body->OptionalInt("file_id");
    if (!file.ok()) return http::Error(file.status(), req.request_id);
    b.file_id = *file;
    return http::Render(req, s.SubmitBid(req.caller(), *id, b), BidJson, 201);
  };
}

http::Handler PublicList(TenderService& s) {
  return [&s](const Request& req) {
    long long page = 1, size = 20;
    SHUNIU_OR_ERROR(http::PageParams(req, &page, &size));
    auto r = s.PublicList(page, size);
    return http::Render(req, r, [&](const std::pair<std::vector<Tender>, long long>& pg) {
      json items = json::array();
      for (auto& x : pg.first) items.push_back(PublicTenderJson(x, false));
      return http::PageJson(items, pg.second, page, size);
    });
  };
}

http::Handler PublicGet(TenderService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    return http::Render(req, s.PublicGet(*id),
                        [](const Tender& t) { return PublicTenderJson(t, true); });
  };
}

http::Handler ReleasePackage(TenderService& s) {
  return [&s](const Request& req) {
    std::optional<long long> year;
    SHUNIU_OR_ERROR(QueryYear(req, year));
    if (!year) return http::Error(InvalidArgument("year", "year is required"), req.request_id);
    Principal anyone;
    return http::Render(req, s.ReleasePackage(anyone, *year, "https://shuniu.example.cn"),
                        [](const json& j) { return j; });
  };
}

}  // namespace

void Append(std::vector<http::Route>& routes, http::Services& s) {
  using http::Access;
  const std::vector<Role> kManagers = {Role::kAdmin, Role::kStaff};
  const std::vector<Role> kReaders = {Role::kAdmin, Role::kStaff, Role::kAuditor, Role::kReviewer};
  const std::vector<Role> kPanel = {Role::kAdmin, Role::kStaff, Role::kReviewer};
  auto& sv = s.tenders;
  std::vector<http::Route> mine = {
      // clang-format off
      {"GET", "/api/v1/tenders", Access::kRoles, kReaders, "List tenders (staff: in scope; reviewers: their panels)", "tenders", ListTenders(sv)},
      {"POST", "/api/v1/tenders", Access::kRoles, kManagers, "Draft a tender notice for an approved project (channel = tender)", "tenders", CreateTender(sv)},
      {"GET", "/api/v1/tenders/{id}", Access::kRoles, kReaders, "Read a tender with panel, bids (sealed until opening) and ranking", "tenders", GetTender(sv)},
      {"PATCH", "/api/v1/tenders/{id}", Access::kRoles, kManagers, "Edit a draft tender (version)", "tenders", UpdateTender(sv)},
      {"POST", "/api/v1/tenders/{id}/publish", Access::kRoles, kManagers, "Publish the tender notice on the public pages", "tenders", Action(sv, "publish")},
      {"POST", "/api/v1/tenders/{id}/open", Access::kRoles, kManagers, "Open the bids after the deadline (unseals them)", "tenders", Action(sv, "open")},
      {"POST", "/api/v1/tenders/{id}/cancel", Access::kRoles, kManagers, "Cancel a tender with a reason", "tenders", Action(sv, "cancel")},
      {"POST", "/api/v1/tenders/{id}/reviewers", Access::kRoles, kManagers, "Add a reviewer to the tender's panel", "tenders", Action(sv, "reviewers")},
      {"POST", "/api/v1/tenders/{id}/declaration", Access::kRoles, kPanel, "Declare (no) conflict of interest with the bidders (panel members)", "tenders", Action(sv, "declaration")},
      {"POST", "/api/v1/tenders/{id}/scores", Access::kRoles, kPanel, "Score one criterion of one bid (panel members, 0–100)", "tenders", Action(sv, "scores")},
      {"POST", "/api/v1/tenders/{id}/finish-scoring", Access::kRoles, kPanel, "Finish scoring; the tender is scored when the whole panel has", "tenders", Action(sv, "finish")},
      {"POST", "/api/v1/tenders/{id}/award", Access::kRoles, kManagers, "Award by the rule (not by a scorer) and create the contract", "tenders", Action(sv, "award")},
      {"POST", "/api/v1/tenders/{id}/bids", Access::kRoles, {Role::kOrg}, "Submit a sealed bid for one's own organization before the deadline", "tenders", SubmitBid(sv)},
      {"GET", "/api/v1/public/tenders", Access::kPublic, {}, "Published tender and award notices", "public", PublicList(sv)},
      {"GET", "/api/v1/public/tenders/{id}", Access::kPublic, {}, "A published tender or award notice", "public", PublicGet(sv)},
      {"GET", "/api/v1/ocds/release-package", Access::kPublic, {}, "OCDS 1.1 release package of a year's tenders, awards and contracts (?year=YYYY)", "tenders", ReleasePackage(sv)},
      // clang-format on
  };
  for (auto& r : mine) routes.push_back(std::move(r));
}

}  // namespace shuniu::tender::routes
