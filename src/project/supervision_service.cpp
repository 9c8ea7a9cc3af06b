// Progress reports and payment tranches: storage, scope, state machines and the
// separation of duties. Every write is one transaction with its audit event.
#include "project/supervision_service.h"

#include <ctime>
#include <set>

#include "audit/audit_service.h"
#include "core/crypto.h"
#include "core/region_code.h"
#include "core/time.h"
#include "project/supervision_util.h"

namespace shuniu::project {

using nlohmann::json;
using namespace sv;

namespace {

constexpr long long kMaxFen = 10'000'000'000'000LL;

constexpr const char* kReportCols =
    "r.id, r.project_id, r.contract_id, r.milestone_id, r.org_id, p.title, m.name, o.name, "
    "r.region_code, r.period_end, r.narrative, r.activities_json, r.beneficiaries_json, "
    "r.spending_json, r.spending_total, r.file_ids_json, r.state, r.return_reason, "
    "r.submitted_at, r.decided_by, r.decided_by_name, r.decided_at, r.created_by, "
    "r.created_by_name, r.version, r.created_at, r.updated_at";
constexpr const char* kReportFrom =
    " FROM progress_reports r JOIN projects p ON p.id = r.project_id JOIN contract_milestones m "
    "ON m.id = r.milestone_id JOIN orgs o ON o.id = r.org_id";

json BenJson(const ReportBeneficiaries& b) {
  json regions = json::array();
  for (auto& [code, n] : b.regions) regions.push_back({{"region_code", code}, {"count", n}});
  return {{"total", b.total},       {"female", b.female}, {"male", b.male},
          {"children", b.children}, {"adults", b.adults}, {"seniors", b.seniors},
          {"regions", regions}};
}

ProgressReport ReportFromRow(const db::Row& row) {
  ProgressReport r;
  r.id = row.Int(0);
  r.project_id = row.Int(1);
  r.contract_id = row.Int(2);
  r.milestone_id = row.Int(3);
  r.org_id = row.Int(4);
  r.project_title = row.Str(5);
  r.milestone_name = row.Str(6);
  r.org_name = row.Str(7);
  r.region_code = row.Str(8);
  r.period_end = row.Str(9);
  r.narrative = row.Str(10);
  auto acts = json::parse(row.Str(11), nullptr, false);
  if (acts.is_array())
    for (auto& a : acts)
      r.activities.push_back(
          {a.value("name", ""), a.value("held_on", ""), a.value("participants", 0LL)});
  auto b = json::parse(row.Str(12), nullptr, false);
  if (b.is_object()) {
    auto& x = r.beneficiaries;
    x.total = b.value("total", 0LL);
    x.female = b.value("female", 0LL);
    x.male = b.value("male", 0LL);
    x.children = b.value("children", 0LL);
    x.adults = b.value("adults", 0LL);
    x.seniors = b.value("seniors", 0LL);
    if (b.contains("regions") && b["regions"].is_array())
      for (auto& g : b["regions"])
        x.regions.emplace_back(g.value("region_code", ""), g.value("count", 0LL));
  }
  auto sp = json::parse(row.Str(13), nullptr, false);
  if (sp.is_array())
    for (auto& s : sp) r.spending.push_back({s.value("line", ""), s.value("amount", 0LL)});
  r.spending_total = row.Int(14);
  auto files = json::parse(row.Str(15), nullptr, false);
  if (files.is_array())
    for (auto& f : files) r.file_ids.push_back(f.get<long long>());
  r.state = row.Str(16);
  r.return_reason = row.Str(17);
  r.submitted_at = row.OptInt(18);
  r.decided_by = row.OptInt(19);
  r.decided_by_name = row.Str(20);
  r.decided_at = row.OptInt(21);
  r.created_by = row.OptInt(22);
  r.created_by_name = row.Str(23);
  r.version = row.Int(24);
  r.created_at = row.Int(25);
  r.updated_at = row.Int(26);
  return r;
}

Status StoreReport(db::Conn& c, const ProgressReport& r, bool insert) {
  json acts = json::array(), sp = json::array();
  for (auto& a : r.activities)
    acts.push_back({{"name", a.name}, {"held_on", a.held_on}, {"participants", a.participants}});
  for (auto& s : r.spending) sp.push_back({{"line", s.line}, {"amount", s.amount}});
  std::vector<db::Value> v = {r.milestone_id,
                              r.period_end,
                              r.narrative,
                              acts.dump(),
                              BenJson(r.beneficiaries).dump(),
                              r.beneficiaries.total,
                              sp.dump(),
                              r.spending_total,
                              json(r.file_ids).dump(),
                              r.state,
                              r.return_reason,
                              db::Opt(r.submitted_at),
                              db::Opt(r.decided_by),
                              r.decided_by_name,
                              db::Opt(r.decided_at),
                              r.version,
                              static_cast<long long>(r.updated_at),
                              r.id};
  if (insert) {
    for (db::Value x : std::vector<db::Value>{r.project_id, r.contract_id, r.org_id, r.region_code,
                                              db::Opt(r.created_by), r.created_by_name,
                                              static_cast<long long>(r.created_at)})
      v.push_back(x);
    return c.Exec(
        "INSERT INTO progress_reports (milestone_id, period_end, narrative, activities_json, "
        "beneficiaries_json, beneficiaries_total, spending_json, spending_total, file_ids_json, "
        "state, return_reason, submitted_at, decided_by, decided_by_name, decided_at, version, "
        "updated_at, id, project_id, contract_id, org_id, region_code, created_by, "
        "created_by_name, created_at) VALUES (:1, :2, :3, :4, :5, :6, :7, :8, :9, :10, :11, :12, "
        ":13, :14, :15, :16, :17, :18, :19, :20, :21, :22, :23, :24, :25)",
        v);
  }
  v.push_back(r.version - 1);
  auto n = c.ExecCount(
      "UPDATE progress_reports SET milestone_id = :1, period_end = :2, narrative = :3, "
      "activities_json = :4, beneficiaries_json = :5, beneficiaries_total = :6, spending_json = "
      ":7, spending_total = :8, file_ids_json = :9, state = :10, return_reason = :11, "
      "submitted_at = :12, decided_by = :13, decided_by_name = :14, decided_at = :15, version = "
      ":16, updated_at = :17 WHERE id = :18 AND version = :19",
      v);
  if (!n.ok()) return n.status();
  if (*n != 1) return Conflict("the report was changed by someone else; reload and try again");
  return Status::Ok();
}

constexpr const char* kTrancheCols =
    "t.id, t.project_id, t.contract_id, t.milestone_id, t.report_id, p.title, m.name, o.name, "
    "t.region_code, t.amount, t.state, t.note, t.reason, t.requested_by, t.requested_by_name, "
    "t.approved_by, t.approved_by_name, t.approved_at, t.released_by, t.released_by_name, "
    "t.paid_on, t.payment_id, t.version, t.created_at, t.updated_at";
constexpr const char* kTrancheFrom =
    " FROM tranches t JOIN projects p ON p.id = t.project_id JOIN contract_milestones m ON m.id = "
    "t.milestone_id JOIN contracts k ON k.id = t.contract_id JOIN orgs o ON o.id = "
    "k.provider_org_id";

Tranche TrancheFromRow(const db::Row& r) {
  Tranche t;
  t.id = r.Int(0);
  t.project_id = r.Int(1);
  t.contract_id = r.Int(2);
  t.milestone_id = r.Int(3);
  t.report_id = r.Int(4);
  t.project_title = r.Str(5);
  t.milestone_name = r.Str(6);
  t.provider_name = r.Str(7);
  t.region_code = r.Str(8);
  t.amount = r.Int(9);
  t.state = r.Str(10);
  t.note = r.Str(11);
  t.reason = r.Str(12);
  t.requested_by = r.OptInt(13);
  t.requested_by_name = r.Str(14);
  t.approved_by = r.OptInt(15);
  t.approved_by_name = r.Str(16);
  t.approved_at = r.OptInt(17);
  t.released_by = r.OptInt(18);
  t.released_by_name = r.Str(19);
  t.paid_on = r.Str(20);
  t.payment_id = r.OptInt(21);
  t.version = r.Int(22);
  t.created_at = r.Int(23);
  t.updated_at = r.Int(24);
  return t;
}

// Amount of the open (requested or approved) tranches of a milestone and of a contract.
Result<std::pair<long long, long long>> Pending(db::Conn& c, long long contract_id,
                                                long long milestone_id) {
  auto row = c.QueryOne(
      "SELECT COALESCE(SUM(CASE WHEN milestone_id = :1 THEN amount ELSE 0 END), 0), "
      "COALESCE(SUM(amount), 0) FROM tranches WHERE contract_id = :2 AND state IN ('requested', "
      "'approved')",
      {milestone_id, contract_id});
  if (!row.ok()) return row.status();
  return std::make_pair((*row)->Int(0), (*row)->Int(1));
}

}  // namespace

std::string TodayUtc() {
  std::time_t t = static_cast<std::time_t>(NowMs() / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

// ---------------------------------------------------------------- reports

Result<ProgressReport> SupervisionService::LoadReport(db::Conn& c, const Principal& p,
                                                      long long id) {
  auto row =
      c.QueryOne(std::string("SELECT ") + kReportCols + kReportFrom + " WHERE r.id = :1", {id});
  if (!row.ok()) return row.status();
  if (!*row) return NotFound("progress report not found");
  ProgressReport r = ReportFromRow(**row);
  bool visible = p.role == Role::kOrg ? (p.org_id && *p.org_id == r.org_id)
                                      : IsReader(p) && InSubtree(r.region_code, p.region_code);
  if (!visible) return NotFound("progress report not found");
  return r;
}

Status SupervisionService::ValidateReport(db::Conn& c, const Principal& p, ProgressReport& r,
                                          const ReportInput& in) {
  auto found = FindProject(c, r.project_id);
  if (!found.ok()) return found.status();
  if (!*found || !Sees(p, **found)) return NotFound("project not found");
  const ProjectRef& pr = **found;
  if (pr.state != "in_progress")
    return Status(Code::kConflict,
                  "the project is " + pr.state + "; reports are taken only while it is in progress",
                  "project_id");
  if (in.milestone_id) {
    if (!pr.Milestone(*in.milestone_id))
      return InvalidArgument("milestone_id", "milestone_id: no such milestone of the contract");
    r.milestone_id = *in.milestone_id;
  }
  if (in.period_end) {
    SHUNIU_RETURN_IF_ERROR(Date(*in.period_end, "period_end"));
    r.period_end = *in.period_end;
  }
  if (in.narrative) {
    long long n = Utf8Length(*in.narrative);
    if (n < 1 || n > 4000)
      return InvalidArgument("narrative", "narrative must have 1–4000 characters");
    r.narrative = *in.narrative;
  }
  if (in.activities) {
    const json& j = *in.activities;
    if (!j.is_array() || j.size() > 50)
      return InvalidArgument("activities", "activities must be a list of up to 50 entries");
    r.activities.clear();
    for (size_t i = 0; i < j.size(); ++i) {
      std::string f = "activities[" + std::to_string(i) + "]";
      if (!j[i].is_object()) return InvalidArgument(f, f + " must be an object");
      for (auto& [k, v] : j[i].items())
        if (k != "name" && k != "held_on" && k != "participants")
          return InvalidArgument(f + "." + k, "unknown field " + f + "." + k);
      Activity a;
      SHUNIU_RETURN_IF_ERROR(Text(j[i].value("name", json()), f + ".name", 1, 200, a.name));
      json on = j[i].value("held_on", json(""));
      if (!on.is_string() || (!on.get<std::string>().empty() && !ValidDate(on.get<std::string>())))
        return InvalidArgument(f + ".held_on", f + ".held_on must be a YYYY-MM-DD date");
      a.held_on = on.get<std::string>();
      SHUNIU_RETURN_IF_ERROR(
          Count(j[i].value("participants", json(0)), f + ".participants", a.participants));
      r.activities.push_back(a);
    }
  }
  if (in.beneficiaries) {
    const json& j = *in.beneficiaries;
    if (!j.is_object()) return InvalidArgument("beneficiaries", "beneficiaries must be an object");
    ReportBeneficiaries b;
    static const std::set<std::string> kKeys = {"total",  "female",  "male",   "children",
                                                "adults", "seniors", "regions"};
    for (auto& [k, v] : j.items())
      if (!kKeys.count(k))
        return InvalidArgument("beneficiaries." + k, "unknown field beneficiaries." + k);
    for (auto [k, dst] : {std::pair{"total", &b.total}, std::pair{"female", &b.female},
                          std::pair{"male", &b.male}, std::pair{"children", &b.children},
                          std::pair{"adults", &b.adults}, std::pair{"seniors", &b.seniors}}) {
      std::string f = std::string("beneficiaries.") + k;
      if (!j.contains(k)) return InvalidArgument(f, f + " is required");
      SHUNIU_RETURN_IF_ERROR(Count(j[k], f, *dst));
    }
    if (b.female + b.male != b.total)
      return InvalidArgument("beneficiaries.female",
                             "beneficiaries: female (" + std::to_string(b.female) + ") + male (" +
                                 std::to_string(b.male) + ") must equal total (" +
                                 std::to_string(b.total) + ")");
    if (b.children + b.adults + b.seniors != b.total)
      return InvalidArgument("beneficiaries.children",
                             "beneficiaries: children + adults + seniors (" +
                                 std::to_string(b.children + b.adults + b.seniors) +
                                 ") must equal total (" + std::to_string(b.total) + ")");
    if (j.contains("regions")) {
      const json& g = j["regions"];
      if (!g.is_array() || g.size() > 100)
        return InvalidArgument("beneficiaries.regions",
                               "beneficiaries.regions must be a list of up to 100 regions");
      long long sum = 0;
      std::set<std::string> seen;
      for (size_t i = 0; i < g.size(); ++i) {
        std::string f = "beneficiaries.regions[" + std::to_string(i) + "]";
        if (!g[i].is_object()) return InvalidArgument(f, f + " must be an object");
        json code = g[i].value("region_code", json());
        if (!code.is_string() || !IsRegionCode(code.get<std::string>()) ||
            !InSubtree(code.get<std::string>(), pr.region_code) ||
            !seen.insert(code.get<std::string>()).second)
          return InvalidArgument(f + ".region_code",
                                 f + ".region_code must be a distinct region of the project");
        long long n = 0;
        SHUNIU_RETURN_IF_ERROR(Count(g[i].value("count", json()), f + ".count", n));
        sum += n;
        b.regions.emplace_back(code.get<std::string>(), n);
      }
      if (!g.empty() && sum != b.total)
        return InvalidArgument("beneficiaries.regions",
                               "beneficiaries.regions sum to " + std::to_string(sum) +
                                   ", the total is " + std::to_string(b.total));
    }
    r.beneficiaries = b;
  }
  if (in.spending) {
    const json& j = *in.spending;
    if (!j.is_array() || j.size() > 50)
      return InvalidArgument("spending", "spending must be a list of up to 50 budget lines");
    r.spending.clear();
    r.spending_total = 0;
    std::set<std::string> seen;
    for (size_t i = 0; i < j.size(); ++i) {
      std::string f = "spending[" + std::to_string(i) + "]";
      if (!j[i].is_object()) return InvalidArgument(f, f + " must be an object");
      SpendingLine s;
      SHUNIU_RETURN_IF_ERROR(Text(j[i].value("line", json()), f + ".line", 1, 100, s.line));
      bool known = false;
      for (auto& [name, amount] : pr.budget_lines) known = known || name == s.line;
      if (!known || !seen.insert(s.line).second)
        return InvalidArgument(f + ".line",
                               f + ".line must be one of the project's budget lines, once");
      json a = j[i].value("amount", json());
      if (!a.is_number_integer() || a.get<long long>() < 0 || a.get<long long>() > kMaxFen)
        return InvalidArgument(f + ".amount", f + ".amount must be a non-negative amount in fen");
      s.amount = a.get<long long>();
      r.spending_total += s.amount;
      r.spending.push_back(s);
    }
  }
  if (in.file_ids) {
    const json& j = *in.file_ids;
    if (!j.is_array() || j.size() > 20)
      return InvalidArgument("file_ids", "file_ids must be a list of up to 20 files");
    r.file_ids.clear();
    for (size_t i = 0; i < j.size(); ++i) {
      std::string f = "file_ids[" + std::to_string(i) + "]";
      if (!j[i].is_number_integer()) return InvalidArgument(f, f + " must be a file id");
      auto m = d_.files.CheckAttachable(c, p, j[i].get<long long>(), r.org_id);
      if (!m.ok()) return InvalidArgument(f, f + ": no such file of the organization");
      r.file_ids.push_back(j[i].get<long long>());
    }
  }
  return Status::Ok();
}

Result<std::pair<std::vector<ProgressReport>, long long>> SupervisionService::ListReports(
    const Principal& p, const SupervisionFilter& f) {
  Where w;
  w.sql = std::string(kReportFrom) + " WHERE 1 = 1";
  if (p.role == Role::kOrg) {
    if (!p.org_id) return PermissionDenied("this account is not linked to an organization");
    w.Add("r.org_id = ?", {*p.org_id});
  } else {
    if (!IsReader(p)) return PermissionDenied("reports need a staff, admin or auditor role");
    CodeRange cr = SubtreeRange(p.region_code);
    w.Add("r.region_code >= ? AND r.region_code <= ?", {cr.lo, cr.hi});
  }
  if (!f.state.empty()) w.Add("r.state = ?", {f.state});
  if (f.project_id) w.Add("r.project_id = ?", {*f.project_id});
  Result<std::pair<std::vector<ProgressReport>, long long>> out = Internal("not run");
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    if (f.project_id) {  // a project out of scope is not found, not empty
      auto pr = FindProject(c, *f.project_id);
      if (!pr.ok()) return pr.status();
      if (!*pr || !Sees(p, **pr)) return NotFound("project not found");
    }
    auto total = c.QueryOne("SELECT COUNT(*)" + w.sql, w.params);
    if (!total.ok()) return total.status();
    std::string pg = w.Page(f.size, f.page);
    auto rows = c.Query(
        std::string("SELECT ") + kReportCols + w.sql + " ORDER BY r.updated_at DESC, r.id" + pg,
        w.params);
    if (!rows.ok()) return rows.status();
    std::vector<ProgressReport> items;
    for (auto& row : *rows) items.push_back(ReportFromRow(row));
    out = std::make_pair(std::move(items), (*total)->Int(0));
    return Status::Ok();
  }));
  return out;
}

Result<ProgressReport> SupervisionService::GetReport(const Principal& p, long long id) {
  Result<ProgressReport> out = Internal("not run");
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) {
    out = LoadReport(c, p, id);
    return out.status();
  }));
  return out;
}

Result<ProgressReport> SupervisionService::CreateReport(const Principal& p, const ReportInput& in) {
  if (p.role != Role::kOrg || !p.org_id)
    return PermissionDenied("progress reports are written by the contracted organization");
  if (!in.project_id) return InvalidArgument("project_id", "project_id is required");
  if (!in.milestone_id) return InvalidArgument("milestone_id", "milestone_id is required");
  if (!in.narrative) return InvalidArgument("narrative", "narrative is required");
  if (!in.beneficiaries) return InvalidArgument("beneficiaries", "beneficiaries are required");
  ProgressReport r;
  r.id = crypto::RandomId();
  r.project_id = *in.project_id;
  r.org_id = *p.org_id;
  r.state = "draft";
  r.period_end = TodayUtc();
  r.created_by = UserId(p);
  r.created_by_name = Actor(p);
  r.created_at = r.updated_at = NowMs();
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    SHUNIU_RETURN_IF_ERROR(ValidateReport(c, p, r, in));
    auto pr = FindProject(c, r.project_id);
    if (!pr.ok()) return pr.status();
    r.contract_id = *(*pr)->contract_id;
    r.region_code = (*pr)->region_code;
    SHUNIU_RETURN_IF_ERROR(StoreReport(c, r, true));
    return audit::AuditService::Record(c, p.ctx, "progress_report.create", "progress_report",
                                       std::to_string(r.id), r.region_code, std::nullopt,
                                       ReportJson(r));
  }));
  return GetReport(p, r.id);
}

Result<ProgressReport> SupervisionService::UpdateReport(const Principal& p, long long id,
                                                        long long version, const ReportInput& in) {
  if (p.role != Role::kOrg)
    return PermissionDenied("progress reports are written by the contracted organization");
  return MoveReport(p, id, "update", [&](db::Conn& c, ProgressReport& r) -> Status {
    if (r.version != version)
      return Conflict("the report was changed by someone else; reload and try again");
    if (r.state != "draft" && r.state != "returned")
      return Conflict("the report is " + r.state + "; only a draft or returned report is edited");
    if (in.project_id && *in.project_id != r.project_id)
      return InvalidArgument("project_id", "project_id cannot change");
    return ValidateReport(c, p, r, in);
  });
}

Result<ProgressReport> SupervisionService::MoveReport(
    const Principal& p, long long id, const std::string& action,
    const std::function<Status(db::Conn&, ProgressReport&)>& fn) {
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto found = LoadReport(c, p, id);
    if (!found.ok()) return found.status();
    ProgressReport before = *found, r = *found;
    SHUNIU_RETURN_IF_ERROR(fn(c, r));
    r.version += 1;
    r.updated_at = NowMs();
    SHUNIU_RETURN_IF_ERROR(StoreReport(c, r, false));
    return audit::AuditService::Record(c, p.ctx, "progress_report." + action, "progress_report",
                                       std::to_string(id), r.region_code, ReportJson(before),
                                       ReportJson(r));
  }));
  return GetReport(p, id);
}

Result<ProgressReport> SupervisionService::SubmitReport(const Principal& p, long long id) {
  if (p.role != Role::kOrg)
    return PermissionDenied("progress reports are submitted by the contracted organization");
  return MoveReport(p, id, "submit", [&](db::Conn& c, ProgressReport& r) -> Status {
    if (r.state != "draft" && r.state != "returned")
      return Conflict("cannot submit the report: it is " + r.state);
    auto pr = FindProject(c, r.project_id);
    if (!pr.ok()) return pr.status();
    if (!*pr || (*pr)->state != "in_progress")
      return Status(Code::kConflict,
                    "the project is no longer in progress; the report cannot be submitted",
                    "project_id");
    r.state = r.state == "draft" ? "submitted" : "resubmitted";
    r.submitted_at = NowMs();
    return Status::Ok();
  });
}

Result<ProgressReport> SupervisionService::ApproveReport(const Principal& p, long long id) {
  if (!IsStaff(p)) return PermissionDenied("reports are approved by staff");
  return MoveReport(p, id, "approve", [&](db::Conn&, ProgressReport& r) -> Status {
    if (r.state != "submitted" && r.state != "resubmitted")
      return Conflict("cannot approve the report: it is " + r.state + " (" + r.state +
                      " → approved is not allowed)");
    r.state = "approved";
    r.return_reason.clear();
    r.decided_by = UserId(p);
    r.decided_by_name = Actor(p);
    r.decided_at = NowMs();
    return Status::Ok();
  });
}

Result<ProgressReport> SupervisionService::ReturnReport(const Principal& p, long long id,
                                                        const std::string& reason) {
  if (!IsStaff(p)) return PermissionDenied("reports are returned by staff");
  long long n = Utf8Length(reason);
  if (n < 1 || n > 1000) return InvalidArgument("reason", "a returned report needs a reason");
  return MoveReport(p, id, "return", [&](db::Conn&, ProgressReport& r) -> Status {
    if (r.state != "submitted" && r.state != "resubmitted")
      return Conflict("cannot return the report: it is " + r.state + " (" + r.state +
                      " → returned is not allowed)");
    r.state = "returned";
    r.return_reason = reason;
    r.decided_by = UserId(p);
    r.decided_by_name = Actor(p);
    r.decided_at = NowMs();
    return Status::Ok();
  });
}

// ---------------------------------------------------------------- tranches

Result<Tranche> SupervisionService::LoadTranche(db::Conn& c, const Principal& p, long long id) {
  auto row =
      c.QueryOne(std::string("SELECT ") + kTrancheCols + kTrancheFrom + " WHERE t.id = :1", {id});
  if (!row.ok()) return row.status();
  if (!*row) return NotFound("tranche not found");
  Tranche t = TrancheFromRow(**row);
  bool visible = false;
  if (p.role == Role::kOrg) {
    auto pr = FindProject(c, t.project_id);
    if (!pr.ok()) return pr.status();
    visible = *pr && Sees(p, **pr);
  } else {
    visible = IsReader(p) && InSubtree(t.region_code, p.region_code);
  }
  if (!visible) return NotFound("tranche not found");
  return t;
}

Result<std::pair<std::vector<Tranche>, long long>> SupervisionService::ListTranches(
    const Principal& p, const SupervisionFilter& f) {
  Where w;
  w.sql = std::string(kTrancheFrom) + " WHERE 1 = 1";
  if (p.role == Role::kOrg) {
    if (!p.org_id) return PermissionDenied("this account is not linked to an organization");
    w.Add("k.provider_org_id = ?", {*p.org_id});
  } else {
    if (!IsReader(p)) return PermissionDenied("tranches need a staff, admin or auditor role");
    CodeRange cr = SubtreeRange(p.region_code);
    w.Add("t.region_code >= ? AND t.region_code <= ?", {cr.lo, cr.hi});
  }
  if (!f.state.empty()) w.Add("t.state = ?", {f.state});
  if (f.project_id) w.Add("t.project_id = ?", {*f.project_id});
  Result<std::pair<std::vector<Tranche>, long long>> out = Internal("not run");
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto total = c.QueryOne("SELECT COUNT(*)" + w.sql, w.params);
    if (!total.ok()) return total.status();
    std::string pg = w.Page(f.size, f.page);
    auto rows = c.Query(
        std::string("SELECT ") + kTrancheCols + w.sql + " ORDER BY t.updated_at DESC, t.id" + pg,
        w.params);
    if (!rows.ok()) return rows.status();
    std::vector<Tranche> items;
    for (auto& row : *rows) items.push_back(TrancheFromRow(row));
    out = std::make_pair(std::move(items), (*total)->Int(0));
    return Status::Ok();
  }));
  return out;
}

Result<Tranche> SupervisionService::GetTranche(const Principal& p, long long id) {
  Result<Tranche> out = Internal("not run");
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) {
    out = LoadTranche(c, p, id);
    return out.status();
  }));
  return out;
}

Result<Tranche> SupervisionService::RequestTranche(const Principal& p, long long report_id,
                                                   std::optional<long long> amount,
                                                   const std::string& note) {
  if (!IsStaff(p)) return PermissionDenied("tranches are requested by staff");
  if (Utf8Length(note) > 1000)
    return InvalidArgument("note", "note must have at most 1000 characters");
  Tranche t;
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto r = LoadReport(c, p, report_id);
    if (!r.ok()) return InvalidArgument("report_id", "report_id: no such report in your scope");
    if (r->state != "approved")
      return Status(Code::kConflict,
                    "the linked report is " + r->state + "; a tranche needs an approved report",
                    "report_id");
    auto pr = FindProject(c, r->project_id);
    if (!pr.ok()) return pr.status();
    if (!*pr || (*pr)->contract_id != r->contract_id)
      return Conflict("the report's contract is no longer the project's");
    const MilestoneRef* m = (*pr)->Milestone(r->milestone_id);
    if (!m) return Conflict("the report's milestone is gone");
    auto pending = Pending(c, r->contract_id, m->id);
    if (!pending.ok()) return pending.status();
    long long left = m->amount - m->paid - pending->first;
    long long want = amount.value_or(left);
    if (want <= 0 || want > kMaxFen)
      return amount ? InvalidArgument("amount", "amount must be a positive amount in fen")
                    : Status(Code::kConflict, "the milestone has nothing left to pay", "amount");
    if ((*pr)->paid + pending->second + want > (*pr)->price)
      return Status(Code::kConflict,
                    "the tranche would take the contract over its price (" +
                        std::to_string((*pr)->price) + " fen; paid " + std::to_string((*pr)->paid) +
                        ", pending " + std::to_string(pending->second) + ")",
                    "amount");
    if (want > left)
      return Status(Code::kConflict,
                    "the tranche exceeds the milestone: " + std::to_string(left) + " fen remain",
                    "amount");
    t.id = crypto::RandomId();
    t.project_id = r->project_id;
    t.contract_id = r->contract_id;
    t.milestone_id = m->id;
    t.report_id = r->id;
    t.region_code = r->region_code;
    t.amount = want;
    t.state = "requested";
    t.note = note;
    t.requested_by = UserId(p);
    t.requested_by_name = Actor(p);
    t.created_at = t.updated_at = NowMs();
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "INSERT INTO tranches (id, project_id, contract_id, milestone_id, report_id, region_code, "
        "amount, state, note, requested_by, requested_by_name, approved_by_name, "
        "released_by_name, reason, version, created_at, updated_at) VALUES (:1, :2, :3, :4, :5, "
        ":6, :7, 'requested', :8, :9, :10, '', '', '', 1, :11, :12)",
        {t.id, t.project_id, t.contract_id, t.milestone_id, t.report_id, t.region_code, t.amount,
         t.note, db::Opt(t.requested_by), t.requested_by_name, static_cast<long long>(t.created_at),
         static_cast<long long>(t.updated_at)}));
    return audit::AuditService::Record(c, p.ctx, "tranche.request", "tranche", std::to_string(t.id),
                                       t.region_code, std::nullopt, TrancheJson(t));
  }));
  return GetTranche(p, t.id);
}

Result<Tranche> SupervisionService::MoveTranche(
    const Principal& p, long long id, const std::string& action,
    const std::vector<std::string>& from, const std::string& to,
    const std::function<Status(db::Conn&, Tranche&)>& fn) {
  if (!IsStaff(p)) return PermissionDenied("tranches are handled by staff");
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto found = LoadTranche(c, p, id);
    if (!found.ok()) return found.status();
    Tranche before = *found, t = *found;
    bool allowed = false;
    for (auto& s : from) allowed = allowed || s == t.state;
    if (!allowed)
      return Conflict("cannot " + action + " the tranche: it is " + t.state + " (" + t.state +
                      " → " + to + " is not allowed)");
    t.state = to;
    t.version += 1;
    t.updated_at = NowMs();
    SHUNIU_RETURN_IF_ERROR(fn(c, t));
    auto n = c.ExecCount(
        "UPDATE tranches SET state = :1, approved_by = :2, approved_by_name = :3, approved_at = "
        ":4, released_by = :5, released_by_name = :6, paid_on = :7, payment_id = :8, reason = :9, "
        "version = :10, updated_at = :11 WHERE id = :12 AND version = :13",
        {t.state, db::Opt(t.approved_by), t.approved_by_name, db::Opt(t.approved_at),
         db::Opt(t.released_by), t.released_by_name,
         t.paid_on.empty() ? db::Null() : db::Value(t.paid_on), db::Opt(t.payment_id), t.reason,
         t.version, static_cast<long long>(t.updated_at), id, before.version});
    if (!n.ok()) return n.status();
    if (*n != 1) return Conflict("the tranche was changed by someone else; reload and try again");
    return audit::AuditService::Record(c, p.ctx, "tranche." + action, "tranche", std::to_string(id),
                                       t.region_code, TrancheJson(before), TrancheJson(t));
  }));
  return GetTranche(p, id);
}

Result<Tranche> SupervisionService::ApproveTranche(const Principal& p, long long id) {
  return MoveTranche(
      p, id, "approve", {"requested"}, "approved", [&](db::Conn& c, Tranche& t) -> Status {
        // Separation of duties: whoever requested it cannot approve it.
        if (!p.user_id || (t.requested_by && *t.requested_by == p.user_id))
          return PermissionDenied(
              "the requester of a tranche cannot approve it; a second staff "
              "member must");
        auto r = LoadReport(c, p, t.report_id);
        if (!r.ok() || r->state != "approved")
          return Status(Code::kConflict, "the linked report is not approved", "report_id");
        t.approved_by = p.user_id;
        t.approved_by_name = Actor(p);
        t.approved_at = NowMs();
        return Status::Ok();
      });
}

Result<Tranche> SupervisionService::RejectTranche(const Principal& p, long long id,
                                                  const std::string& reason) {
  long long n = Utf8Length(reason);
  if (n < 1 || n > 1000) return InvalidArgument("reason", "a rejection needs a reason");
  return MoveTranche(
      p, id, "reject", {"requested"}, "rejected", [&](db::Conn&, Tranche& t) -> Status {
        if (t.requested_by && *t.requested_by == p.user_id)
          return PermissionDenied("the requester of a tranche cannot decide it; cancel it instead");
        t.reason = reason;
        return Status::Ok();
      });
}

Result<Tranche> SupervisionService::CancelTranche(const Principal& p, long long id,
                                                  const std::string& reason) {
  if (Utf8Length(reason) > 1000)
    return InvalidArgument("reason", "reason must have at most 1000 characters");
  return MoveTranche(p, id, "cancel", {"requested", "approved"}, "cancelled",
                     [&](db::Conn&, Tranche& t) -> Status {
                       t.reason = reason;
                       return Status::Ok();
                     });
}

Result<Tranche> SupervisionService::ReleaseTranche(const Principal& p, long long id,
                                                   const std::string& paid_on) {
  std::string on = paid_on.empty() ? TodayUtc() : paid_on;
  SHUNIU_RETURN_IF_ERROR(Date(on, "paid_on"));
  return MoveTranche(
      p, id, "release", {"approved"}, "released", [&](db::Conn& c, Tranche& t) -> Status {
        if (t.approved_by && *t.approved_by == p.user_id)
          return PermissionDenied("the approver of a tranche cannot also release it");
        auto r = LoadReport(c, p, t.report_id);
        if (!r.ok() || r->state != "approved")
          return Status(Code::kConflict, "the linked report is not approved", "report_id");
        PaymentInput in;
        in.milestone_id = t.milestone_id;
        in.amount = t.amount;
        in.paid_on = on;
        in.approver_id = t.approved_by;
        in.note = "拨付 tranche " + std::to_string(t.id) + (t.note.empty() ? "" : " · " + t.note);
        // The one way money leaves a contract: the project's payment code.
        auto pay = projects_.WritePayment(c, p, t.contract_id, in);
        if (!pay.ok()) {
          if (pay.status().code() == Code::kInvalidArgument)
            return Status(Code::kConflict, pay.status().message(), "id");
          return pay.status();
        }
        t.payment_id = *pay;
        t.paid_on = on;
        t.released_by = UserId(p);
        t.released_by_name = Actor(p);
        return Status::Ok();
      });
}

}  // namespace shuniu::project
