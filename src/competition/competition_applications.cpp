// Applications (申报) to a competition: an organization drafts, edits, submits
// and withdraws its own; staff qualify or reject them with a reason.
#include <algorithm>

#include "audit/audit_service.h"
#include "competition/competition_internal.h"
#include "competition/competition_service.h"
#include "core/crypto.h"
#include "core/json_input.h"
#include "org/org_store.h"

namespace shuniu::competition {

using nlohmann::json;
using namespace internal;

namespace {

const std::vector<std::string> kGrades = {"1A", "2A", "3A", "4A", "5A"};

Status ApplyAppInput(db::Conn& c, const json& in, Application& a) {
  if (!in.is_object()) return InvalidArgument("body", "the body must be a JSON object");
  for (auto& [key, v] : in.items()) {
    if (key == "version") continue;
    if (key == "title" || key == "summary" || key == "plan") {
      long long max = key == "title" ? 200 : key == "summary" ? 2000 : 20000;
      if (!v.is_string() || Utf8Length(v.get<std::string>()) > max)
        return InvalidArgument(
            key, key + " must be text of at most " + std::to_string(max) + " characters");
      (key == "title" ? a.title : key == "summary" ? a.summary : a.plan) = v.get<std::string>();
    } else if (key == "requested_fen" || key == "matching_fen") {
      if (!v.is_number_integer() || v.get<long long>() < 0 ||
          v.get<long long>() > 10'000'000'000'000LL)
        return InvalidArgument(key, key + " must be an amount ≥ 0 in fen");
      (key == "requested_fen" ? a.requested_fen : a.matching_fen) = v.get<long long>();
    } else if (key == "budget_lines") {
      if (!v.is_array() || v.size() > 50)
        return InvalidArgument(key, "budget_lines must list up to 50 lines");
      json lines = json::array();
      for (size_t i = 0; i < v.size(); ++i) {
        std::string f = "budget_lines[" + std::to_string(i) + "]";
        if (!v[i].is_object()) return InvalidArgument(f, f + " must be an object");
        json name = v[i].value("name", json()), amount = v[i].value("amount", json());
        if (!name.is_string() || Utf8Length(name.get<std::string>()) < 1 ||
            Utf8Length(name.get<std::string>()) > 200)
          return InvalidArgument(f + ".name", f + ".name must have 1–200 characters");
        if (!amount.is_number_integer() || amount.get<long long>() <= 0 ||
            amount.get<long long>() > 10'000'000'000'000LL)
          return InvalidArgument(f + ".amount", f + ".amount must be a positive amount in fen");
        lines.push_back({{"name", name}, {"amount", amount}});
      }
      a.budget_lines = lines;
    } else if (key == "file_ids") {
      if (!v.is_array() || v.size() > 20)
        return InvalidArgument(key, "file_ids must list up to 20 file ids");
      std::vector<long long> ids;
      for (size_t i = 0; i < v.size(); ++i) {
        std::string f = "file_ids[" + std::to_string(i) + "]";
        if (!v[i].is_number_integer()) return InvalidArgument(f, f + " must be a file id");
        auto r = c.QueryOne("SELECT org_id FROM files WHERE id = :1", {v[i].get<long long>()});
        if (!r.ok()) return r.status();
        if (!*r || (*r)->OptInt(0) != std::optional<long long>(a.org_id))
          return InvalidArgument(f, f + ": no such file of your organization");
        ids.push_back(v[i].get<long long>());
      }
      a.file_ids = ids;
    } else {
      return InvalidArgument(key, "unknown field " + key);
    }
  }
  return Status::Ok();
}

Status StoreApp(db::Conn& c, const Application& a, bool insert, const Principal& p) {
  json files = a.file_ids;
  if (insert)
    return c.Exec(
        "INSERT INTO competition_applications (id, competition_id, org_id, region_code, title, "
        "summary, plan, budget_lines_json, requested_fen, matching_fen, file_ids_json, state, "
        "qualification_reason, created_by, version, created_at, updated_at) VALUES (:1, :2, :3, "
        ":4, :5, :6, :7, :8, :9, :10, :11, :12, '', :13, 1, :14, :15)",
        {a.id, a.competition_id, a.org_id, a.region_code, a.title, a.summary, a.plan,
         a.budget_lines.dump(), a.requested_fen, a.matching_fen, files.dump(), a.state,
         db::Opt(UserId(p)), static_cast<long long>(a.created_at),
         static_cast<long long>(a.updated_at)});
  auto opt = [](const std::optional<int64_t>& v) {
    return v ? db::Value(static_cast<long long>(*v)) : db::Null();
  };
  auto n = c.ExecCount(
      "UPDATE competition_applications SET title = :1, summary = :2, plan = :3, "
      "budget_lines_json = :4, requested_fen = :5, matching_fen = :6, file_ids_json = :7, state = "
      ":8, qualification_reason = :9, submitted_at = :10, qualified_at = :11, entry_no = :12, "
      "awarded_fen = :13, project_id = :14, version = :15, updated_at = :16 WHERE id = :17 AND "
      "version = :18",
      {a.title, a.summary, a.plan, a.budget_lines.dump(), a.requested_fen, a.matching_fen,
       files.dump(), a.state, a.qualification_reason, opt(a.submitted_at), opt(a.qualified_at),
       db::Opt(a.entry_no), a.awarded_fen, db::Opt(a.project_id), a.version,
       static_cast<long long>(a.updated_at), a.id, a.version - 1});
  if (!n.ok()) return n.status();
  if (*n != 1) return Conflict("the application was changed by someone else; reload and try again");
  return Status::Ok();
}

Status InApplyWindow(const Competition& k) {
  int64_t now = NowS();
  if (k.state != "open" || now < k.apply_opens_at)
    return Conflict("the competition does not take applications yet");
  if (now >= k.apply_closes_at)
    return Conflict("applications closed at " + Rfc3339(k.apply_closes_at * 1000));
  return Status::Ok();
}

// Completeness, the matching-fund ratio and the eligibility of the organization.
Status CheckSubmission(db::Conn& c, const Competition& k, const Application& a) {
  if (Utf8Length(a.title) < 1) return InvalidArgument("title", "title is required");
  if (Utf8Length(a.plan) < 1) return InvalidArgument("plan", "plan (the project plan) is required");
  if (a.budget_lines.empty())
    return InvalidArgument("budget_lines", "budget_lines must list at least one line");
  long long sum = 0;
  for (auto& l : a.budget_lines) sum += l.value("amount", 0LL);
  if (a.requested_fen <= 0)
    return InvalidArgument("requested_fen", "requested_fen must be a positive amount");
  if (sum != a.requested_fen)
    return InvalidArgument("requested_fen", "requested_fen (" + std::to_string(a.requested_fen) +
                                                ") must equal the budget lines' sum (" +
                                                std::to_string(sum) + ")");
  if (a.requested_fen > k.pool_fen)
    return InvalidArgument("requested_fen", "requested_fen exceeds the competition's pool");
  if (a.matching_fen * 100 < a.requested_fen * k.matching_ratio_pct)
    return InvalidArgument("matching_fen", "matching_fen must be at least " +
                                               std::to_string(k.matching_ratio_pct) +
                                               "% of requested_fen");
  auto o = org::FindOrg(c, a.org_id);
  if (!o.ok()) return o.status();
  if (!*o) return NotFound("organization not found");
  const json& e = k.eligibility;
  if (e.contains("kinds") && e["kinds"].is_array() && !e["kinds"].empty()) {
    bool ok = false;
    for (auto& x : e["kinds"]) ok = ok || x == (*o)->Get("kind");
    if (!ok)
      return InvalidArgument("eligibility.kinds", "the organization's kind (" + (*o)->Get("kind") +
                                                      ") is not eligible for this competition");
  }
  if (e.contains("regions") && e["regions"].is_array() && !e["regions"].empty()) {
    bool ok = false;
    for (auto& x : e["regions"])
      ok = ok || (x.is_string() && InSubtree((*o)->Get("region_code"), x.get<std::string>()));
    if (!ok)
      return InvalidArgument("eligibility.regions",
                             "the organization's region is not eligible for this competition");
  }
  if (e.contains("min_grade") && e["min_grade"].is_string()) {
    auto rank = [](const std::string& g) {
      auto it = std::find(kGrades.begin(), kGrades.end(), g);
      return it == kGrades.end() ? -1 : static_cast<int>(it - kGrades.begin());
    };
    if (rank((*o)->Get("grade")) < rank(e["min_grade"].get<std::string>()))
      return InvalidArgument(
          "eligibility.min_grade",
          "the organization's evaluation grade is below " + e["min_grade"].get<std::string>());
  }
  if (e.value("exclude_abnormal", true)) {
    const std::string& status = (*o)->Get("status");
    if (status == "abnormal" || status == "deregistered")
      return InvalidArgument("eligibility.exclude_abnormal",
                             "the organization is on the abnormal list (status " + status + ")");
  }
  return Status::Ok();
}

}  // namespace

Result<Application> CompetitionService::LoadApp(db::Conn& c, const Principal& p,
                                                const Competition& k, long long id) {
  auto row = c.QueryOne(std::string("SELECT ") + kAppCols +
                            " FROM competition_applications a JOIN orgs o ON o.id = a.org_id "
                            "WHERE a.id = :1 AND a.competition_id = :2",
                        {id, k.id});
  if (!row.ok()) return row.status();
  if (!*row) return NotFound("application not found");
  Application a = AppFromRow(**row);
  if (p.role == Role::kOrg && (!p.org_id || *p.org_id != a.org_id))
    return NotFound("application not found");
  if (p.role == Role::kReviewer && a.state != "qualified" && a.state != "funded" &&
      a.state != "not_funded")
    return NotFound("application not found");
  return a;
}

Result<std::vector<Application>> CompetitionService::ListApplications(const Principal& p,
                                                                      long long comp,
                                                                      const std::string& state) {
  std::vector<Application> out;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto k = Load(c, p, comp);
    if (!k.ok()) return k.status();
    std::string sql = std::string("SELECT ") + kAppCols +
                      " FROM competition_applications a JOIN orgs o ON o.id = a.org_id WHERE "
                      "a.competition_id = :1";
    std::vector<db::Value> params = {comp};
    if (p.role == Role::kOrg) {
      sql += " AND a.org_id = :2";
      params.push_back(p.org_id.value_or(0));
    } else if (p.role == Role::kReviewer) {
      sql += std::string(" AND a.state IN ") + kEntryStates;
    } else if (IsReader(p)) {
      sql += " AND a.state <> 'draft'";
    }
    if (!state.empty()) {
      sql += " AND a.state = :" + std::to_string(params.size() + 1);
      params.push_back(state);
    }
    auto rows = c.Query(sql + " ORDER BY a.entry_no, a.submitted_at, a.id", params);
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows) out.push_back(AppFromRow(r));
    return Status::Ok();
  }));
  std::vector<std::string> codes;
  for (auto& a : out) codes.push_back(a.region_code);
  auto names = d_.regions.Names(codes);
  if (names.ok())
    for (auto& a : out) a.region_name = (*names)[a.region_code];
  return out;
}

Result<Application> CompetitionService::GetApplication(const Principal& p, long long comp,
                                                       long long id) {
  Application a;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto k = Load(c, p, comp);
    if (!k.ok()) return k.status();
    auto found = LoadApp(c, p, *k, id);
    if (!found.ok()) return found.status();
    a = *found;
    return Status::Ok();
  }));
  auto names = d_.regions.Names({a.region_code});
  if (names.ok()) a.region_name = (*names)[a.region_code];
  return a;
}

Result<Application> CompetitionService::CreateApplication(const Principal& p, long long comp,
                                                          const json& in) {
  if (p.role != Role::kOrg || !p.org_id)
    return PermissionDenied("applications are made by organization accounts");
  Application a;
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto k = Load(c, p, comp);
    if (!k.ok()) return k.status();
    SHUNIU_RETURN_IF_ERROR(InApplyWindow(*k));
    auto o = org::FindOrg(c, *p.org_id);
    if (!o.ok()) return o.status();
    if (!*o) return NotFound("organization not found");
    auto dup = c.QueryOne(
        "SELECT id FROM competition_applications WHERE competition_id = :1 AND org_id = :2 AND "
        "state <> 'withdrawn'",
        {comp, *p.org_id});
    if (!dup.ok()) return dup.status();
    if (*dup)
      return Conflict("your organization already has an application in this competition (id " +
                      std::to_string((*dup)->Int(0)) + ")");
    a.id = crypto::RandomId();
    a.competition_id = comp;
    a.org_id = *p.org_id;
    a.org_name = (*o)->Get("name");
    a.region_code = (*o)->Get("region_code");
    a.state = "draft";
    a.created_at = a.updated_at = NowS();
    SHUNIU_RETURN_IF_ERROR(ApplyAppInput(c, in, a));
    if (Utf8Length(a.title) < 1) return InvalidArgument("title", "title is required");
    SHUNIU_RETURN_IF_ERROR(StoreApp(c, a, true, p));
    return audit::AuditService::Record(c, p.ctx, "competition.application.create",
                                       "competition_application", std::to_string(a.id),
                                       a.region_code, std::nullopt, AppAuditJson(a));
  }));
  return GetApplication(p, comp, a.id);
}

Result<Application> CompetitionService::MoveApp(
    const Principal& p, long long comp, long long id, const std::string& action,
    const std::function<Status(db::Conn&, Competition&, Application&)>& fn) {
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto k = Load(c, p, comp);
    if (!k.ok()) return k.status();
    auto found = LoadApp(c, p, *k, id);
    if (!found.ok()) return found.status();
    Application a = *found;
    SHUNIU_RETURN_IF_ERROR(fn(c, *k, a));
    a.version += 1;
    a.updated_at = NowS();
    SHUNIU_RETURN_IF_ERROR(StoreApp(c, a, false, p));
    return audit::AuditService::Record(c, p.ctx, "competition.application." + action,
                                       "competition_application", std::to_string(id), a.region_code,
                                       AppAuditJson(*found), AppAuditJson(a));
  }));
  return GetApplication(p, comp, id);
}

Result<Application> CompetitionService::UpdateApplication(const Principal& p, long long comp,
                                                          long long id, long long version,
                                                          const json& in) {
  if (p.role != Role::kOrg)
    return PermissionDenied("applications are edited by their organization");
  return MoveApp(p, comp, id, "update", [&](db::Conn& c, Competition& k, Application& a) {
    if (a.version != version)
      return Conflict("the application was changed by someone else; reload and try again");
    if (a.state != "draft") return Conflict("only a draft application can be edited");
    SHUNIU_RETURN_IF_ERROR(InApplyWindow(k));
    return ApplyAppInput(c, in, a);
  });
}

Result<Application> CompetitionService::Submit(const Principal& p, long long comp, long long id) {
  if (p.role != Role::kOrg)
    return PermissionDenied("applications are submitted by their organization");
  return MoveApp(p, comp, id, "submit", [&](db::Conn& c, Competition& k, Application& a) {
    if (a.state != "draft") return Conflict("the application is " + a.state + ", not a draft");
    SHUNIU_RETURN_IF_ERROR(InApplyWindow(k));
    SHUNIU_RETURN_IF_ERROR(CheckSubmission(c, k, a));
    a.state = "submitted";
    a.submitted_at = NowS();
    return Status::Ok();
  });
}

Result<Application> CompetitionService::Qualify(const Principal& p, long long comp, long long id,
                                                bool ok, const std::string& reason) {
  if (!IsStaff(p)) return PermissionDenied("qualification review needs the staff role");
  long long n = Utf8Length(reason);
  if (n > 1000 || (!ok && n < 1))
    return InvalidArgument("reason", ok ? "reason must have at most 1000 characters"
                                        : "a rejection needs a reason (1–1000 characters)");
  return MoveApp(p, comp, id, ok ? "qualify" : "reject",
                 [&](db::Conn& c, Competition& k, Application& a) -> Status {
                   if (a.state != "submitted")
                     return Conflict("the application is " + a.state + ", not submitted");
                   if (k.state != "open" || NowS() >= k.voting_opens_at)
                     return Conflict("qualification review ended when voting opened");
                   a.qualification_reason = reason;
                   if (!ok) {
                     a.state = "rejected";
                     return Status::Ok();
                   }
                   auto mx = c.QueryOne(
                       "SELECT COALESCE(MAX(entry_no), 0) FROM competition_applications WHERE "
                       "competition_id = :1",
                       {comp});
                   if (!mx.ok()) return mx.status();
                   a.entry_no = (*mx)->Int(0) + 1;
                   a.state = "qualified";
                   a.qualified_at = NowS();
                   return Status::Ok();
                 });
}

Result<Application> CompetitionService::Withdraw(const Principal& p, long long comp, long long id) {
  if (p.role != Role::kOrg)
    return PermissionDenied("applications are withdrawn by their organization");
  return MoveApp(p, comp, id, "withdraw", [&](db::Conn&, Competition& k, Application& a) {
    bool before_voting = k.state == "open" && NowS() < k.voting_opens_at;
    if (a.state == "draft" || a.state == "submitted" || (a.state == "qualified" && before_voting)) {
      a.state = "withdrawn";
      return Status::Ok();
    }
    return Conflict("the application is " + a.state + " and can no longer be withdrawn");
  });
}

}  // namespace shuniu::competition
