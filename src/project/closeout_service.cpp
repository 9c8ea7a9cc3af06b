// Close-out and promotion: final reports, evaluations, the close guard, brand
// projects with their public cases, and re-funding. Each write is one
// transaction with its audit event (see closeout_service.h).
#include "project/closeout_service.h"

#include "audit/audit_service.h"
#include "core/crypto.h"
#include "core/json_input.h"
#include "core/region_code.h"
#include "core/time.h"
#include "project/project_json.h"

namespace shuniu::project {
namespace {

using nlohmann::json;

constexpr long long kMaxFen = 10'000'000'000'000LL;

bool IsStaff(const Principal& p) { return p.role == Role::kAdmin || p.role == Role::kStaff; }
bool IsReader(const Principal& p) { return IsStaff(p) || p.role == Role::kAuditor; }
std::string Actor(const Principal& p) {
  return p.ctx.actor_name.empty() ? p.username : p.ctx.actor_name;
}
std::optional<long long> UserId(const Principal& p) {
  return p.user_id ? std::optional<long long>(p.user_id) : std::nullopt;
}
bool InDict(const std::vector<std::pair<std::string, std::string>>& d, const std::string& code) {
  for (auto& [k, v] : d)
    if (k == code) return true;
  return false;
}
json Parse(const std::string& s, json fallback) {
  auto j = json::parse(s, nullptr, false);
  return j.is_discarded() ? fallback : j;
}
Status Text(const json& j, const std::string& field, long long min, long long max,
            std::string& out) {
  if (!j.is_string()) return InvalidArgument(field, field + " must be a string");
  long long n = Utf8Length(j.get<std::string>());
  if (n < min || n > max)
    return InvalidArgument(field, field + " must have " + std::to_string(min) + "–" +
                                      std::to_string(max) + " characters");
  out = j.get<std::string>();
  return Status::Ok();
}
Status Count(const json& j, const std::string& field, long long& out) {
  if (!j.is_number_integer() || j.get<long long>() < 0 || j.get<long long>() > 100000000)
    return InvalidArgument(field, field + " must be a non-negative count");
  out = j.get<long long>();
  return Status::Ok();
}

constexpr const char* kCtxSql =
    "SELECT p.id, p.title, p.department, p.year, p.region_code, p.state, p.indicators_json, "
    "p.budget_lines_json, p.funding_source, p.contract_id, k.provider_org_id, o.name, r.state, "
    "p.budget_total, o.uscc FROM projects p LEFT JOIN contracts k ON k.id = p.contract_id "
    "LEFT JOIN orgs o ON o.id = k.provider_org_id LEFT JOIN final_reports r ON r.project_id = "
    "p.id WHERE p.id = :1";

}  // namespace

const std::vector<std::pair<std::string, std::string>>& AgeGroups() {
  static const std::vector<std::pair<std::string, std::string>> v = {
      {"children", "儿童（0–17岁）"},
      {"youth", "青年（18–35岁）"},
      {"middle_aged", "中年（36–59岁）"},
      {"elderly", "老年（60岁及以上）"}};
  return v;
}

const std::vector<std::pair<std::string, std::string>>& Grades() {
  static const std::vector<std::pair<std::string, std::string>> v = {
      {"excellent", "优秀"}, {"good", "良好"}, {"pass", "合格"}, {"fail", "不合格"}};
  return v;
}

CloseoutService::CloseoutService(const hub::Deps& deps) : d_(deps) {
  // Final-report documents belong to the provider organization; staff over the
  // project's region read them through the report that attaches them.
  d_.files.AddRecordRegions("final_report",
                            "SELECT region_code FROM final_reports WHERE " +
                                files::FileService::JsonIdListHasFile("file_ids_json") +
                                " AND org_id = :2");
}

struct CloseoutService::Ctx {
  long long id = 0, year = 0, budget_total = 0;
  std::string title, department, region_code, state, funding_source, provider_name, uscc;
  json indicators, budget_lines;
  std::optional<long long> contract_id, provider_org_id;
  std::optional<std::string> report_state;
};

Status CloseoutReady(db::Conn& c, long long project_id) {
  auto r = c.QueryOne(
      "SELECT (SELECT state FROM final_reports WHERE project_id = :1), (SELECT COUNT(*) FROM "
      "project_evaluations WHERE project_id = :2)",
      {project_id, project_id});
  if (!r.ok()) return r.status();
  std::string report = (*r)->Str(0);
  if (report != "accepted")
    return Conflict(
        "cannot close the project: it is in_progress (in_progress → closed needs an "
        "accepted final report; the report is " +
        (report.empty() ? std::string("missing") : report) + ")");
  if ((*r)->Int(1) == 0)
    return Conflict(
        "cannot close the project: it is in_progress (in_progress → closed needs an evaluation)");
  return Status::Ok();
}

Result<CloseoutService::Ctx> CloseoutService::Load(db::Conn& c, const Principal& p,
                                                   long long project_id) {
  auto row = c.QueryOne(kCtxSql, {project_id});
  if (!row.ok()) return row.status();
  if (!*row) return NotFound("project not found");
  const db::Row& r = **row;
  Ctx x;
  x.id = r.Int(0);
  x.title = r.Str(1);
  x.department = r.Str(2);
  x.year = r.Int(3);
  x.region_code = r.Str(4);
  x.state = r.Str(5);
  x.indicators = Parse(r.Str(6), json::array());
  x.budget_lines = Parse(r.Str(7), json::array());
  x.funding_source = r.Str(8);
  x.contract_id = r.OptInt(9);
  x.provider_org_id = r.OptInt(10);
  x.provider_name = r.Str(11);
  x.report_state = r.OptStr(12);
  x.budget_total = r.Int(13);
  x.uscc = r.Str(14);
  bool visible = p.role == Role::kOrg
                     ? (p.org_id && x.provider_org_id && *p.org_id == *x.provider_org_id)
                     : IsReader(p) && InSubtree(x.region_code, p.region_code);
  if (!visible) return NotFound("project not found");
  return x;
}

Result<json> CloseoutService::Detail(db::Conn& c, const Principal& p, long long project_id) {
  auto x = Load(c, p, project_id);
  if (!x.ok()) return x.status();
  json out = {{"project_id", x->id},
              {"title", x->title},
              {"department", x->department},
              {"year", x->year},
              {"region_code", x->region_code},
              {"state", x->state},
              {"indicators", x->indicators},
              {"budget_lines", x->budget_lines},
              {"budget_total", x->budget_total},
              {"funding_source", x->funding_source.empty() ? json() : json(x->funding_source)},
              {"contract_id", x->contract_id ? json(*x->contract_id) : json()},
              {"provider_org_id", x->provider_org_id ? json(*x->provider_org_id) : json()},
              {"provider_name", x->provider_name},
              {"final_report", nullptr},
              {"evaluation", nullptr},
              {"brand", nullptr},
              {"refunded_to", nullptr},
              {"refunded_from", nullptr}};
  auto r = c.QueryOne(
      "SELECT state, summary, indicators_json, beneficiaries_json, spending_json, "
      "file_ids_json, review_note, submitted_by_name, submitted_at, reviewed_by_name, "
      "reviewed_at, version FROM final_reports WHERE project_id = :1",
      {project_id});
  if (!r.ok()) return r.status();
  if (*r) {
    const db::Row& w = **r;
    json spending = Parse(w.Str(4), json::array());
    long long spent = 0;
    for (auto& s : spending) spent += s.value("spent", 0LL);
    out["final_report"] = {{"state", w.Str(0)},
                           {"summary", w.Str(1)},
                           {"indicators", Parse(w.Str(2), json::array())},
                           {"beneficiaries", Parse(w.Str(3), json::object())},
                           {"spending", spending},
                           {"spent_total", spent},
                           {"file_ids", Parse(w.Str(5), json::array())},
                           {"review_note", w.Str(6)},
                           {"submitted_by_name", w.Str(7)},
                           {"submitted_at", Rfc3339(w.Int(8))},
                           {"reviewed_by_name", w.Str(9)},
                           {"reviewed_at", w.OptInt(10) ? json(Rfc3339(*w.OptInt(10))) : json()},
                           {"version", w.Int(11)}};
  }
  auto e = c.QueryOne(
      "SELECT score, grade, comments, evaluated_by_name, evaluated_at FROM project_evaluations "
      "WHERE project_id = :1",
      {project_id});
  if (!e.ok()) return e.status();
  if (*e)
    out["evaluation"] = {{"score", (*e)->Int(0)},
                         {"grade", (*e)->Str(1)},
                         {"comments", (*e)->Str(2)},
                         {"evaluated_by_name", (*e)->Str(3)},
                         {"evaluated_at", Rfc3339((*e)->Int(4))}};
  auto b = c.QueryOne(
      "SELECT case_id, note, designated_by_name, designated_at, case_title, case_summary, "
      "case_photos_json, published, published_at FROM brand_projects WHERE project_id = :1",
      {project_id});
  if (!b.ok()) return b.status();
  if (*b) {
    const db::Row& w = **b;
    out["brand"] = {{"case_id", w.Int(0)},
                    {"note", w.Str(1)},
                    {"designated_by_name", w.Str(2)},
                    {"designated_at", Rfc3339(w.Int(3))},
                    {"case_title", w.Str(4)},
                    {"case_summary", w.Str(5)},
                    {"case_photo_ids", Parse(w.Str(6), json::array())},
                    {"published", w.Int(7) != 0},
                    {"published_at", w.OptInt(8) ? json(Rfc3339(*w.OptInt(8))) : json()}};
  }
  auto to =
      c.QueryOne("SELECT project_id FROM project_refunds WHERE from_project_id = :1", {project_id});
  if (!to.ok()) return to.status();
  if (*to) out["refunded_to"] = (*to)->Int(0);
  auto from =
      c.QueryOne("SELECT from_project_id FROM project_refunds WHERE project_id = :1", {project_id});
  if (!from.ok()) return from.status();
  if (*from) out["refunded_from"] = (*from)->Int(0);
  return out;
}

Result<json> CloseoutService::Get(const Principal& p, long long project_id) {
  Result<json> out = Internal("not run");
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) {
    out = Detail(c, p, project_id);
    return out.status();
  }));
  return out;
}

Result<json> CloseoutService::Write(const Principal& p, long long project_id,
                                    const std::function<Status(db::Conn&, Ctx&)>& fn) {
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto x = Load(c, p, project_id);
    if (!x.ok()) return x.status();
    return fn(c, *x);
  }));
  return Get(p, project_id);
}

Result<std::pair<json, long long>> CloseoutService::List(const Principal& p,
                                                         const CloseoutFilter& f) {
  std::string sql =
      " FROM projects p LEFT JOIN contracts k ON k.id = p.contract_id LEFT JOIN orgs o ON o.id "
      "= k.provider_org_id LEFT JOIN final_reports r ON r.project_id = p.id LEFT JOIN "
      "project_evaluations e ON e.project_id = p.id LEFT JOIN brand_projects b ON b.project_id "
      "= p.id WHERE p.state IN ('in_progress', 'closed')";
  std::vector<db::Value> params;
  auto add = [&](const std::string& cond, db::Value v) {
    params.push_back(std::move(v));
    sql += " AND " + cond + " :" + std::to_string(params.size());
  };
  if (p.role == Role::kOrg) {
    if (!p.org_id) return PermissionDenied("this account is not linked to an organization");
    add("k.provider_org_id =", *p.org_id);
  } else {
    if (!IsReader(p)) return PermissionDenied("close-outs need a staff, admin or auditor role");
    CodeRange r = SubtreeRange(p.region_code);
    add("p.region_code >=", r.lo);
    add("p.region_code <=", r.hi);
  }
  if (!f.state.empty()) {
    if (f.state != "in_progress" && f.state != "closed")
      return InvalidArgument("state", "state must be in_progress or closed");
    add("p.state =", f.state);
  }
  if (f.year) add("p.year =", *f.year);
  if (!f.report_state.empty()) {
    if (f.report_state == "none")
      sql += " AND r.state IS NULL";
    else if (f.report_state == "submitted" || f.report_state == "accepted" ||
             f.report_state == "returned")
      add("r.state =", f.report_state);
    else
      return InvalidArgument("report_state",
                             "report_state must be none, submitted, accepted or returned");
  }
  Result<std::pair<json, long long>> out = Internal("not run");
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto total = c.QueryOne("SELECT COUNT(*)" + sql, params);
    if (!total.ok()) return total.status();
    auto ps = params;
    ps.push_back(f.size);
    ps.push_back((f.page - 1) * f.size);
    auto rows = c.Query(
        "SELECT p.id, p.title, p.year, p.region_code, p.state, o.name, r.state, e.score, "
        "e.grade, b.case_id, b.published, p.department" +
            sql + " ORDER BY p.year DESC, p.title, p.id LIMIT :" + std::to_string(ps.size() - 1) +
            " OFFSET :" + std::to_string(ps.size()),
        ps);
    if (!rows.ok()) return rows.status();
    std::vector<std::string> codes;
    for (auto& r : *rows) codes.push_back(r.Str(3));
    auto names = d_.regions.Names(codes);
    json items = json::array();
    for (auto& r : *rows)
      items.push_back({{"project_id", r.Int(0)},
                       {"title", r.Str(1)},
                       {"year", r.Int(2)},
                       {"region_code", r.Str(3)},
                       {"region_name", names.ok() ? (*names)[r.Str(3)] : ""},
                       {"state", r.Str(4)},
                       {"provider_name", r.Str(5)},
                       {"report_state", r.IsNull(6) ? json() : json(r.Str(6))},
                       {"score", r.OptInt(7) ? json(*r.OptInt(7)) : json()},
                       {"grade", r.IsNull(8) ? json() : json(r.Str(8))},
                       {"brand", !r.IsNull(9)},
                       {"published", r.OptInt(10).value_or(0) != 0},
                       {"department", r.Str(11)}});
    out = std::make_pair(std::move(items), (*total)->Int(0));
    return Status::Ok();
  }));
  return out;
}

Result<json> CloseoutService::SubmitReport(const Principal& p, long long project_id,
                                           const FinalReportInput& in) {
  if (p.role != Role::kOrg)
    return PermissionDenied("the contracted organization's account submits the final report");
  return Write(p, project_id, [&](db::Conn& c, Ctx& x) -> Status {
    if (x.state != "in_progress")
      return Conflict("cannot submit a final report: the project is " + x.state +
                      " (only a project in progress reports)");
    if (x.report_state && *x.report_state != "returned")
      return Conflict("cannot submit the final report: it is " + *x.report_state + " (" +
                      *x.report_state + " → submitted is not allowed)");
    std::string summary;
    SHUNIU_RETURN_IF_ERROR(Text(json(in.summary), "summary", 1, 4000, summary));
    // Indicators achieved: one entry per indicator of the project.
    if (!in.indicators.is_array())
      return InvalidArgument("indicators", "indicators must be a list");
    json inds = json::array();
    std::map<std::string, std::string> achieved;
    for (size_t i = 0; i < in.indicators.size(); ++i) {
      std::string f = "indicators[" + std::to_string(i) + "]";
      const json& e = in.indicators[i];
      if (!e.is_object()) return InvalidArgument(f, f + " must be an object");
      for (auto& [k, v] : e.items())
        if (k != "name" && k != "achieved") return InvalidArgument(f + "." + k, "unknown field");
      std::string name, value;
      SHUNIU_RETURN_IF_ERROR(Text(e.value("name", json()), f + ".name", 1, 100, name));
      json a = e.value("achieved", json());
      if (a.is_number()) a = a.dump();
      SHUNIU_RETURN_IF_ERROR(Text(a, f + ".achieved", 1, 100, value));
      bool known = false;
      for (auto& pi : x.indicators) known = known || pi.value("name", "") == name;
      if (!known) return InvalidArgument(f + ".name", f + ".name: the project has no " + name);
      if (achieved.count(name)) return InvalidArgument(f + ".name", f + ".name is repeated");
      achieved[name] = value;
    }
    for (auto& pi : x.indicators) {
      std::string name = pi.value("name", "");
      if (!achieved.count(name))
        return InvalidArgument("indicators", "indicators: " + name + " is missing");
      inds.push_back({{"name", name},
                      {"target", pi.value("target", "")},
                      {"unit", pi.value("unit", "")},
                      {"achieved", achieved[name]}});
    }
    // Beneficiaries by gender and age group; the age groups add up to the total.
    const json& b = in.beneficiaries;
    if (!b.is_object()) return InvalidArgument("beneficiaries", "beneficiaries must be an object");
    for (auto& [k, v] : b.items())
      if (k != "women" && k != "men" && k != "by_age")
        return InvalidArgument("beneficiaries." + k, "unknown field beneficiaries." + k);
    long long women = 0, men = 0;
    SHUNIU_RETURN_IF_ERROR(Count(b.value("women", json()), "beneficiaries.women", women));
    SHUNIU_RETURN_IF_ERROR(Count(b.value("men", json()), "beneficiaries.men", men));
    json by_age = b.value("by_age", json());
    if (!by_age.is_object())
      return InvalidArgument("beneficiaries.by_age", "beneficiaries.by_age must be an object");
    json ages = json::object();
    long long age_sum = 0;
    for (auto& [k, v] : by_age.items())
      if (!InDict(AgeGroups(), k))
        return InvalidArgument("beneficiaries.by_age." + k, "unknown age group " + k);
    for (auto& [k, label] : AgeGroups()) {
      long long n = 0;
      SHUNIU_RETURN_IF_ERROR(Count(by_age.value(k, json(0)), "beneficiaries.by_age." + k, n));
      ages[k] = n;
      age_sum += n;
    }
    if (age_sum != women + men)
      return InvalidArgument("beneficiaries.by_age",
                             "the age groups add up to " + std::to_string(age_sum) +
                                 ", women + men to " + std::to_string(women + men));
    json ben = {{"women", women}, {"men", men}, {"total", women + men}, {"by_age", ages}};
    // Spending per budget line, in fen.
    if (!in.spending.is_array()) return InvalidArgument("spending", "spending must be a list");
    std::map<std::string, long long> spent;
    for (size_t i = 0; i < in.spending.size(); ++i) {
      std::string f = "spending[" + std::to_string(i) + "]";
      const json& e = in.spending[i];
      if (!e.is_object()) return InvalidArgument(f, f + " must be an object");
      for (auto& [k, v] : e.items())
        if (k != "name" && k != "spent") return InvalidArgument(f + "." + k, "unknown field");
      std::string name;
      SHUNIU_RETURN_IF_ERROR(Text(e.value("name", json()), f + ".name", 1, 100, name));
      json s = e.value("spent", json());
      if (!s.is_number_integer() || s.get<long long>() < 0 || s.get<long long>() > kMaxFen)
        return InvalidArgument(f + ".spent", f + ".spent must be a non-negative amount in fen");
      bool known = false;
      for (auto& l : x.budget_lines) known = known || l.value("name", "") == name;
      if (!known) return InvalidArgument(f + ".name", f + ".name: no budget line " + name);
      if (spent.count(name)) return InvalidArgument(f + ".name", f + ".name is repeated");
      spent[name] = s.get<long long>();
    }
    json lines = json::array();
    for (auto& l : x.budget_lines) {
      std::string name = l.value("name", "");
      if (!spent.count(name))
        return InvalidArgument("spending", "spending: budget line " + name + " is missing");
      long long budget = l.value("amount", 0LL);
      lines.push_back({{"name", name},
                       {"budget", budget},
                       {"spent", spent[name]},
                       {"difference", budget - spent[name]}});
    }
    // Files: visible to the organization and its own.
    if (!in.file_ids.is_array() || in.file_ids.size() > 20)
      return InvalidArgument("file_ids", "file_ids must list up to 20 files");
    for (size_t i = 0; i < in.file_ids.size(); ++i) {
      std::string f = "file_ids[" + std::to_string(i) + "]";
      if (!in.file_ids[i].is_number_integer()) return InvalidArgument(f, f + " must be an id");
      auto m = d_.files.CheckAttachable(c, p, in.file_ids[i].get<long long>(), x.provider_org_id);
      if (!m.ok()) return InvalidArgument(f, f + ": no such file of the organization");
    }
    long long now = NowMs();
    std::vector<db::Value> v = {
        summary,  inds.dump(), ben.dump(), lines.dump(), in.file_ids.dump(), db::Opt(UserId(p)),
        Actor(p), now,         x.id};
    if (x.report_state) {
      SHUNIU_RETURN_IF_ERROR(c.Exec(
          "UPDATE final_reports SET state = 'submitted', summary = :1, indicators_json = :2, "
          "beneficiaries_json = :3, spending_json = :4, file_ids_json = :5, submitted_by = :6, "
          "submitted_by_name = :7, submitted_at = :8, version = version + 1 WHERE project_id = :9",
          v));
    } else {
      v.push_back(*x.provider_org_id);
      v.push_back(x.region_code);
      SHUNIU_RETURN_IF_ERROR(
          c.Exec("INSERT INTO final_reports (summary, indicators_json, beneficiaries_json, "
                 "spending_json, file_ids_json, submitted_by, submitted_by_name, submitted_at, "
                 "project_id, org_id, region_code, state, review_note, reviewed_by_name, version) "
                 "VALUES (:1, :2, :3, :4, :5, :6, :7, :8, :9, :10, :11, 'submitted', '', '', 1)",
                 v));
    }
    json after = {{"summary", summary},
                  {"indicators", inds},
                  {"beneficiaries", ben},
                  {"spending", lines},
                  {"file_ids", in.file_ids}};
    return audit::AuditService::Record(c, p.ctx, "final_report.submit", "project",
                                       std::to_string(x.id), x.region_code, std::nullopt, after);
  });
}

namespace {
Status Review(db::Conn& c, const Principal& p, long long id, const std::string& region,
              const std::optional<std::string>& state, const std::string& to,
              const std::string& note) {
  if (!state) return Conflict("the project has no final report (none → " + to + " is not allowed)");
  if (*state != "submitted")
    return Conflict("cannot review the final report: it is " + *state + " (" + *state + " → " + to +
                    " is not allowed)");
  SHUNIU_RETURN_IF_ERROR(
      c.Exec("UPDATE final_reports SET state = :1, review_note = :2, reviewed_by = :3, "
             "reviewed_by_name = :4, reviewed_at = :5, version = version + 1 WHERE project_id = :6",
             {to, note, db::Opt(UserId(p)), Actor(p), static_cast<long long>(NowMs()), id}));
  return audit::AuditService::Record(
      c, p.ctx, "final_report." + std::string(to == "accepted" ? "accept" : "return"), "project",
      std::to_string(id), region, json{{"state", *state}}, json{{"state", to}, {"note", note}});
}
}  // namespace

Result<json> CloseoutService::AcceptReport(const Principal& p, long long project_id) {
  if (!IsStaff(p)) return PermissionDenied("reviewing final reports needs the staff or admin role");
  return Write(p, project_id, [&](db::Conn& c, Ctx& x) {
    return Review(c, p, x.id, x.region_code, x.report_state, "accepted", "");
  });
}

Result<json> CloseoutService::ReturnReport(const Principal& p, long long project_id,
                                           const std::string& note) {
  if (!IsStaff(p)) return PermissionDenied("reviewing final reports needs the staff or admin role");
  long long n = Utf8Length(note);
  if (n < 1 || n > 1000) return InvalidArgument("note", "a return needs a note (1–1000)");
  return Write(p, project_id, [&](db::Conn& c, Ctx& x) {
    return Review(c, p, x.id, x.region_code, x.report_state, "returned", note);
  });
}

Result<json> CloseoutService::Evaluate(const Principal& p, long long project_id, long long score,
                                       const std::string& grade, const std::string& comments) {
  if (!IsStaff(p)) return PermissionDenied("evaluating projects needs the staff or admin role");
  if (score < 0 || score > 100) return InvalidArgument("score", "score must be 0–100");
  if (!InDict(Grades(), grade))
    return InvalidArgument("grade", "grade must be excellent, good, pass or fail");
  long long n = Utf8Length(comments);
  if (n < 1 || n > 2000) return InvalidArgument("comments", "comments must have 1–2000 characters");
  return Write(p, project_id, [&](db::Conn& c, Ctx& x) -> Status {
    if (x.state != "in_progress")
      return Conflict("cannot evaluate the project: it is " + x.state +
                      " (only a project in progress is evaluated)");
    if (!x.report_state || *x.report_state != "accepted")
      return Conflict("cannot evaluate the project: its final report is " +
                      x.report_state.value_or("missing") + ", not accepted");
    auto before = c.QueryOne(
        "SELECT score, grade, comments FROM project_evaluations WHERE project_id = :1", {x.id});
    if (!before.ok()) return before.status();
    json prev = *before ? json{{"score", (*before)->Int(0)},
                               {"grade", (*before)->Str(1)},
                               {"comments", (*before)->Str(2)}}
                        : json();
    long long now = NowMs();
    if (*before)
      SHUNIU_RETURN_IF_ERROR(
          c.Exec("UPDATE project_evaluations SET score = :1, grade = :2, comments = :3, "
                 "evaluated_by = :4, evaluated_by_name = :5, evaluated_at = :6 WHERE project_id "
                 "= :7",
                 {score, grade, comments, db::Opt(UserId(p)), Actor(p), now, x.id}));
    else
      SHUNIU_RETURN_IF_ERROR(
          c.Exec("INSERT INTO project_evaluations (score, grade, comments, evaluated_by, "
                 "evaluated_by_name, evaluated_at, project_id, region_code) VALUES (:1, :2, :3, "
                 ":4, :5, :6, :7, :8)",
                 {score, grade, comments, db::Opt(UserId(p)), Actor(p), now, x.id, x.region_code}));
    return audit::AuditService::Record(
        c, p.ctx, "project.evaluate", "project", std::to_string(x.id), x.region_code,
        prev.is_null() ? std::nullopt : std::optional<json>(prev),
        json{{"score", score}, {"grade", grade}, {"comments", comments}});
  });
}

Result<json> CloseoutService::Designate(const Principal& p, long long project_id,
                                        const std::string& note) {
  if (!IsStaff(p)) return PermissionDenied("brand projects need the staff or admin role");
  if (Utf8Length(note) > 1000)
    return InvalidArgument("note", "note must have at most 1000 characters");
  return Write(p, project_id, [&](db::Conn& c, Ctx& x) -> Status {
    if (x.state != "closed")
      return Conflict("only a closed project can be a brand project; it is " + x.state);
    long long case_id = crypto::RandomId();
    Status st = c.Exec(
        "INSERT INTO brand_projects (project_id, case_id, region_code, note, designated_by_name, "
        "designated_at, case_title, case_summary, case_photos_json, published, version) VALUES "
        "(:1, :2, :3, :4, :5, :6, :7, '', '[]', 0, 1)",
        {x.id, case_id, x.region_code, note, Actor(p), static_cast<long long>(NowMs()), x.title});
    if (st.code() == Code::kAlreadyExists)
      return Conflict("the project is already a brand project");
    SHUNIU_RETURN_IF_ERROR(st);
    return audit::AuditService::Record(c, p.ctx, "project.brand", "project", std::to_string(x.id),
                                       x.region_code, std::nullopt,
                                       json{{"case_id", case_id}, {"note", note}});
  });
}

Result<json> CloseoutService::PublishCase(const Principal& p, long long project_id,
                                          const CaseInput& in) {
  if (!IsStaff(p)) return PermissionDenied("publishing cases needs the staff or admin role");
  std::string title, summary;
  SHUNIU_RETURN_IF_ERROR(Text(json(in.title), "title", 1, 200, title));
  SHUNIU_RETURN_IF_ERROR(Text(json(in.summary), "summary", 1, 4000, summary));
  if (!in.photo_ids.is_array() || in.photo_ids.size() > 12)
    return InvalidArgument("photo_ids", "photo_ids must list up to 12 photos");
  return Write(p, project_id, [&](db::Conn& c, Ctx& x) -> Status {
    auto b = c.QueryOne("SELECT case_id FROM brand_projects WHERE project_id = :1", {x.id});
    if (!b.ok()) return b.status();
    if (!*b) return Conflict("only a brand project is published as a case; designate it first");
    for (size_t i = 0; i < in.photo_ids.size(); ++i) {
      std::string f = "photo_ids[" + std::to_string(i) + "]";
      if (!in.photo_ids[i].is_number_integer()) return InvalidArgument(f, f + " must be an id");
      auto m = d_.files.CheckAttachable(c, p, in.photo_ids[i].get<long long>(), std::nullopt);
      if (!m.ok()) return InvalidArgument(f, f + ": no such file in your scope");
      if (m->mime.rfind("image/", 0) != 0) return InvalidArgument(f, f + " must be an image");
    }
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "UPDATE brand_projects SET case_title = :1, case_summary = :2, case_photos_json = :3, "
        "published = 1, published_at = :4, version = version + 1 WHERE project_id = :5",
        {title, summary, in.photo_ids.dump(), static_cast<long long>(NowMs()), x.id}));
    return audit::AuditService::Record(
        c, p.ctx, "case.publish", "project", std::to_string(x.id), x.region_code, std::nullopt,
        json{{"case_id", (*b)->Int(0)}, {"title", title}, {"photo_ids", in.photo_ids}});
  });
}

Result<json> CloseoutService::UnpublishCase(const Principal& p, long long project_id) {
  if (!IsStaff(p)) return PermissionDenied("publishing cases needs the staff or admin role");
  return Write(p, project_id, [&](db::Conn& c, Ctx& x) -> Status {
    auto n = c.ExecCount(
        "UPDATE brand_projects SET published = 0, version = version + 1 WHERE project_id = :1 "
        "AND published = 1",
        {x.id});
    if (!n.ok()) return n.status();
    if (*n != 1) return Conflict("the case is not published");
    return audit::AuditService::Record(c, p.ctx, "case.unpublish", "project", std::to_string(x.id),
                                       x.region_code, json{{"published", true}},
                                       json{{"published", false}});
  });
}

namespace {
constexpr const char* kPublicCols =
    "SELECT b.case_id, b.case_title, b.case_summary, b.case_photos_json, b.published_at, "
    "p.year, p.region_code, p.department, o.name FROM brand_projects b JOIN projects p ON p.id = "
    "b.project_id LEFT JOIN contracts k ON k.id = p.contract_id LEFT JOIN orgs o ON o.id = "
    "k.provider_org_id WHERE b.published = 1";
}  // namespace

Result<std::pair<json, long long>> CloseoutService::PublicCases(long long page, long long size) {
  Result<std::pair<json, long long>> out = Internal("not run");
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto total = c.QueryOne("SELECT COUNT(*) FROM brand_projects WHERE published = 1");
    if (!total.ok()) return total.status();
    auto rows = c.Query(
        std::string(kPublicCols) + " ORDER BY b.published_at DESC, b.case_id LIMIT :1 OFFSET :2",
        {size, (page - 1) * size});
    if (!rows.ok()) return rows.status();
    std::vector<std::string> codes;
    for (auto& r : *rows) codes.push_back(r.Str(6));
    auto names = d_.regions.Names(codes);
    json items = json::array();
    for (auto& r : *rows) {
      json photos = json::array();
      for (auto& id : Parse(r.Str(3), json::array())) {
        auto m = d_.files.Meta(c, id.get<long long>());
        if (m.ok() && *m) photos.push_back({{"id", (*m)->id}, {"name", (*m)->name}});
      }
      items.push_back({{"id", r.Int(0)},
                       {"title", r.Str(1)},
                       {"summary", r.Str(2)},
                       {"photos", photos},
                       {"published_at", Rfc3339(r.Int(4))},
                       {"year", r.Int(5)},
                       {"region_code", r.Str(6)},
                       {"region_name", names.ok() ? (*names)[r.Str(6)] : ""},
                       {"department", r.Str(7)},
                       {"provider_name", r.Str(8)}});
    }
    out = std::make_pair(std::move(items), (*total)->Int(0));
    return Status::Ok();
  }));
  return out;
}

Result<json> CloseoutService::PublicCase(long long case_id) {
  Result<json> out = NotFound("case not found");
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto r = c.QueryOne(std::string(kPublicCols) + " AND b.case_id = :1", {case_id});
    if (!r.ok()) return r.status();
    if (!*r) return NotFound("case not found");
    const db::Row& w = **r;
    json photos = json::array();
    for (auto& id : Parse(w.Str(3), json::array())) {
      auto m = d_.files.Meta(c, id.get<long long>());
      if (m.ok() && *m) photos.push_back({{"id", (*m)->id}, {"name", (*m)->name}});
    }
    auto reg = d_.regions.Find(w.Str(6));
    out = json{{"id", w.Int(0)},
               {"title", w.Str(1)},
               {"summary", w.Str(2)},
               {"photos", photos},
               {"published_at", Rfc3339(w.Int(4))},
               {"year", w.Int(5)},
               {"region_code", w.Str(6)},
               {"region_name", reg.ok() && *reg ? (*reg)->name : ""},
               {"department", w.Str(7)},
               {"provider_name", w.Str(8)}};
    return Status::Ok();
  }));
  return out;
}

Result<std::pair<files::FileMeta, std::string>> CloseoutService::PublicPhoto(long long case_id,
                                                                             long long file_id) {
  bool listed = false;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto r = c.QueryOne(
        "SELECT case_photos_json FROM brand_projects WHERE case_id = :1 AND published = 1",
        {case_id});
    if (!r.ok()) return r.status();
    if (*r)
      for (auto& id : Parse((*r)->Str(0), json::array()))
        listed = listed || (id.is_number_integer() && id.get<long long>() == file_id);
    return Status::Ok();
  }));
  if (!listed) return NotFound("photo not found");
  // The case is public, so its photos are read on the system's behalf.
  return d_.files.Content(d_.users.CliPrincipal("public case"), file_id);
}

Result<long long> CloseoutService::Refund(const Principal& p, long long project_id) {
  if (!IsStaff(p)) return PermissionDenied("re-funding projects needs the staff or admin role");
  long long new_id = crypto::RandomId();
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto x = Load(c, p, project_id);
    if (!x.ok()) return x.status();
    if (x->state != "closed")
      return Conflict("only a closed project is re-funded; it is " + x->state + " (" + x->state +
                      " → refund is not allowed)");
    auto done =
        c.QueryOne("SELECT project_id FROM project_refunds WHERE from_project_id = :1", {x->id});
    if (!done.ok()) return done.status();
    if (*done) return Conflict("the project was already re-funded");
    long long now = NowMs();
    // A copy of the design for the next budget year, back at the start of the cycle.
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "INSERT INTO projects (id, title, department, year, region_code, objectives, "
        "target_groups_json, beneficiaries_json, indicators_json, budget_lines_json, "
        "budget_total, duration_months, org_ids_json, survey_id, channel, state, pool_id, "
        "funding_source, committed, contract_id, note, created_by, created_by_name, version, "
        "created_at, updated_at) SELECT :1, title, department, year + 1, region_code, "
        "objectives, target_groups_json, beneficiaries_json, indicators_json, budget_lines_json, "
        "budget_total, duration_months, org_ids_json, NULL, NULL, 'draft', NULL, NULL, 0, NULL, "
        ":2, :3, :4, 1, :5, :6 FROM projects WHERE id = :7",
        {new_id, "续期自 " + std::to_string(x->year) + " 年项目", db::Opt(UserId(p)), Actor(p), now,
         now, x->id}));
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "INSERT INTO project_refunds (project_id, from_project_id, created_by_name, created_at) "
        "VALUES (:1, :2, :3, :4)",
        {new_id, x->id, Actor(p), now}));
    return audit::AuditService::Record(
        c, p.ctx, "project.refund", "project", std::to_string(new_id), x->region_code, std::nullopt,
        json{{"from_project_id", x->id}, {"year", x->year + 1}, {"title", x->title}});
  }));
  return new_id;
}

}  // namespace shuniu::project
