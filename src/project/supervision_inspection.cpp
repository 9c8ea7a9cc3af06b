// Site inspections with findings rectified to closure, the risk flags (late
// report, overspend, low delivery) and their reminders (source "supervision").
#include <map>

#include "audit/audit_service.h"
#include "core/crypto.h"
#include "core/region_code.h"
#include "core/time.h"
#include "project/supervision_service.h"
#include "project/supervision_util.h"

namespace shuniu::project {

using nlohmann::json;
using namespace sv;

namespace {

constexpr const char* kInspectionCols =
    "i.id, i.project_id, i.org_id, p.title, i.region_code, i.inspected_on, i.inspectors_json, "
    "i.summary, i.state, i.created_by_name, i.version, i.created_at, i.updated_at";
constexpr const char* kInspectionFrom =
    " FROM inspections i JOIN projects p ON p.id = i.project_id";

Inspection InspectionFromRow(const db::Row& r) {
  Inspection x;
  x.id = r.Int(0);
  x.project_id = r.Int(1);
  x.org_id = r.OptInt(2);
  x.project_title = r.Str(3);
  x.region_code = r.Str(4);
  x.inspected_on = r.Str(5);
  auto ins = json::parse(r.Str(6), nullptr, false);
  if (ins.is_array())
    for (auto& s : ins) x.inspectors.push_back(s.get<std::string>());
  x.summary = r.Str(7);
  x.state = r.Str(8);
  x.created_by_name = r.Str(9);
  x.version = r.Int(10);
  x.created_at = r.Int(11);
  x.updated_at = r.Int(12);
  return x;
}

Status LoadFindings(db::Conn& c, Inspection& x) {
  auto rows = c.Query(
      "SELECT id, seq, description, rectify_by, state, response, note, closed_by_name, "
      "responded_at, closed_at FROM inspection_findings WHERE inspection_id = :1 ORDER BY seq",
      {x.id});
  if (!rows.ok()) return rows.status();
  x.findings.clear();
  for (auto& r : *rows) {
    Finding f;
    f.id = r.Int(0);
    f.seq = r.Int(1);
    f.description = r.Str(2);
    f.rectify_by = r.Str(3);
    f.state = r.Str(4);
    f.response = r.Str(5);
    f.note = r.Str(6);
    f.closed_by_name = r.Str(7);
    f.responded_at = r.OptInt(8);
    f.closed_at = r.OptInt(9);
    x.findings.push_back(f);
  }
  return Status::Ok();
}

// Days between two YYYY-MM-DD dates (b − a).
long long DaysBetween(const std::string& a, const std::string& b) {
  auto ta = ParseRfc3339(a), tb = ParseRfc3339(b);
  if (!ta || !tb) return 0;
  return (*tb - *ta) / (24LL * 3600 * 1000);
}

}  // namespace

SupervisionService::SupervisionService(const hub::Deps& deps, ProjectService& projects)
    : d_(deps), projects_(projects) {
  // Report files belong to the organization (org_id): the organization and
  // staff over its region read them by the files service's own rules; staff
  // over the project's region read them through the report attaching them.
  d_.files.AddRecordRegions("progress_report",
                            "SELECT region_code FROM progress_reports WHERE " +
                                files::FileService::JsonIdListHasFile("file_ids_json") +
                                " AND org_id = :2");
  d_.notices.AddReminderSource(
      "supervision", [this](db::Conn& c, int64_t now_ms) -> Result<std::vector<notice::Reminder>> {
        std::time_t t = static_cast<std::time_t>(now_ms / 1000);
        std::tm tm{};
        gmtime_r(&t, &tm);
        char day[16];
        std::strftime(day, sizeof day, "%Y-%m-%d", &tm);
        auto risks = RisksIn(c, "", day);
        if (!risks.ok()) return risks.status();
        std::vector<notice::Reminder> out;
        for (auto& r : *risks) {
          notice::Reminder m;
          // One reminder per risk, kind and milestone or line, per month.
          m.key = "supervision." + r.kind + ":" + std::to_string(r.project_id) + ":" +
                  (r.milestone_id ? std::to_string(*r.milestone_id) : r.line) + ":" +
                  std::string(day).substr(0, 7);
          m.kind = "supervision_" + r.kind;
          if (r.kind == "late_report" && r.org_id) m.org_ids = {*r.org_id};
          m.region_code = r.region_code;
          m.title_zh = "项目监督预警：" + r.project_title;
          m.title_en = "Supervision risk: " + r.project_title;
          m.body_zh = r.detail_zh;
          m.body_en = r.detail_en;
          m.link = "/supervision/risks";
          out.push_back(std::move(m));
        }
        return out;
      });
}

// ---------------------------------------------------------------- inspections

Result<Inspection> SupervisionService::LoadInspection(db::Conn& c, const Principal& p,
                                                      long long id) {
  auto row = c.QueryOne(
      std::string("SELECT ") + kInspectionCols + kInspectionFrom + " WHERE i.id = :1", {id});
  if (!row.ok()) return row.status();
  if (!*row) return NotFound("inspection not found");
  Inspection x = InspectionFromRow(**row);
  bool visible = p.role == Role::kOrg ? (p.org_id && x.org_id && *p.org_id == *x.org_id)
                                      : IsReader(p) && InSubtree(x.region_code, p.region_code);
  if (!visible) return NotFound("inspection not found");
  SHUNIU_RETURN_IF_ERROR(LoadFindings(c, x));
  return x;
}

Result<std::pair<std::vector<Inspection>, long long>> SupervisionService::ListInspections(
    const Principal& p, const SupervisionFilter& f) {
  Where w;
  w.sql = std::string(kInspectionFrom) + " WHERE 1 = 1";
  if (p.role == Role::kOrg) {
    if (!p.org_id) return PermissionDenied("this account is not linked to an organization");
    w.Add("i.org_id = ?", {*p.org_id});
  } else {
    if (!IsReader(p)) return PermissionDenied("inspections need a staff, admin or auditor role");
    CodeRange cr = SubtreeRange(p.region_code);
    w.Add("i.region_code >= ? AND i.region_code <= ?", {cr.lo, cr.hi});
  }
  if (!f.state.empty()) w.Add("i.state = ?", {f.state});
  if (f.project_id) w.Add("i.project_id = ?", {*f.project_id});
  Result<std::pair<std::vector<Inspection>, long long>> out = Internal("not run");
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto total = c.QueryOne("SELECT COUNT(*)" + w.sql, w.params);
    if (!total.ok()) return total.status();
    std::string pg = w.Page(f.size, f.page);
    auto rows = c.Query(std::string("SELECT ") + kInspectionCols + w.sql +
                            " ORDER BY i.inspected_on DESC, i.id" + pg,
                        w.params);
    if (!rows.ok()) return rows.status();
    std::vector<Inspection> items;
    for (auto& row : *rows) {
      items.push_back(InspectionFromRow(row));
      SHUNIU_RETURN_IF_ERROR(LoadFindings(c, items.back()));
    }
    out = std::make_pair(std::move(items), (*total)->Int(0));
    return Status::Ok();
  }));
  return out;
}

Result<Inspection> SupervisionService::GetInspection(const Principal& p, long long id) {
  Result<Inspection> out = Internal("not run");
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) {
    out = LoadInspection(c, p, id);
    return out.status();
  }));
  return out;
}

Result<Inspection> SupervisionService::CreateInspection(const Principal& p,
                                                        const InspectionInput& in) {
  if (!IsStaff(p)) return PermissionDenied("inspections are recorded by staff");
  SHUNIU_RETURN_IF_ERROR(Date(in.inspected_on, "inspected_on"));
  long long n = Utf8Length(in.summary);
  if (n < 0 || n > 4000)
    return InvalidArgument("summary", "summary must have at most 4000 characters");
  Inspection x;
  if (!in.inspectors.is_array() || in.inspectors.empty() || in.inspectors.size() > 20)
    return InvalidArgument("inspectors", "inspectors must name 1–20 people");
  for (size_t i = 0; i < in.inspectors.size(); ++i) {
    std::string s;
    SHUNIU_RETURN_IF_ERROR(
        Text(in.inspectors[i], "inspectors[" + std::to_string(i) + "]", 1, 100, s));
    x.inspectors.push_back(s);
  }
  if (!in.findings.is_array() || in.findings.size() > 50)
    return InvalidArgument("findings", "findings must be a list of up to 50 entries");
  for (size_t i = 0; i < in.findings.size(); ++i) {
    std::string f = "findings[" + std::to_string(i) + "]";
    const json& j = in.findings[i];
    if (!j.is_object()) return InvalidArgument(f, f + " must be an object");
    for (auto& [k, v] : j.items())
      if (k != "description" && k != "rectify_by")
        return InvalidArgument(f + "." + k, "unknown field " + f + "." + k);
    Finding g;
    g.seq = static_cast<long long>(i) + 1;
    SHUNIU_RETURN_IF_ERROR(
        Text(j.value("description", json()), f + ".description", 1, 2000, g.description));
    json by = j.value("rectify_by", json());
    if (!by.is_string() || !ValidDate(by.get<std::string>()))
      return InvalidArgument(f + ".rectify_by", f + ".rectify_by must be a YYYY-MM-DD date");
    g.rectify_by = by.get<std::string>();
    if (g.rectify_by < in.inspected_on)
      return InvalidArgument(f + ".rectify_by", f + ".rectify_by precedes the inspection");
    g.state = "open";
    x.findings.push_back(g);
  }
  x.summary = in.summary;
  x.inspected_on = in.inspected_on;
  x.state = x.findings.empty() ? "closed" : "open";
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto pr = FindProject(c, in.project_id);
    if (!pr.ok()) return pr.status();
    if (!*pr || !Sees(p, **pr))
      return InvalidArgument("project_id", "project_id: no such project in your scope");
    if ((*pr)->state != "in_progress" && (*pr)->state != "closed")
      return Status(Code::kConflict, "only a project under way (or closed) is inspected",
                    "project_id");
    x.id = crypto::RandomId();
    x.project_id = in.project_id;
    x.project_title = (*pr)->title;
    if ((*pr)->contract_id) x.org_id = (*pr)->provider_org_id;
    x.region_code = (*pr)->region_code;
    x.created_by_name = Actor(p);
    x.created_at = x.updated_at = NowMs();
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "INSERT INTO inspections (id, project_id, org_id, region_code, inspected_on, "
        "inspectors_json, summary, state, created_by, created_by_name, version, created_at, "
        "updated_at) VALUES (:1, :2, :3, :4, :5, :6, :7, :8, :9, :10, 1, :11, :12)",
        {x.id, x.project_id, db::Opt(x.org_id), x.region_code, x.inspected_on,
         json(x.inspectors).dump(), x.summary, x.state, db::Opt(UserId(p)), x.created_by_name,
         static_cast<long long>(x.created_at), static_cast<long long>(x.updated_at)}));
    for (auto& g : x.findings) {
      g.id = crypto::RandomId();
      SHUNIU_RETURN_IF_ERROR(c.Exec(
          "INSERT INTO inspection_findings (id, inspection_id, seq, description, rectify_by, "
          "state, response, note, closed_by_name) VALUES (:1, :2, :3, :4, :5, 'open', '', '', '')",
          {g.id, x.id, g.seq, g.description, g.rectify_by}));
    }
    return audit::AuditService::Record(c, p.ctx, "inspection.create", "inspection",
                                       std::to_string(x.id), x.region_code, std::nullopt,
                                       InspectionJson(x));
  }));
  return GetInspection(p, x.id);
}

Result<Inspection> SupervisionService::ActOnFinding(const Principal& p, long long inspection_id,
                                                    long long finding_id, const std::string& action,
                                                    const std::string& text) {
  bool org_action = action == "respond";
  if (org_action && p.role != Role::kOrg)
    return PermissionDenied("the inspected organization responds to a finding");
  if (!org_action && !IsStaff(p)) return PermissionDenied("staff close or reopen a finding");
  const char* field = org_action ? "response" : "note";
  long long n = Utf8Length(text);
  if ((action != "close" && n < 1) || n > 2000)
    return InvalidArgument(field, std::string(field) + " must have 1–2000 characters");
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto found = LoadInspection(c, p, inspection_id);
    if (!found.ok()) return found.status();
    Inspection before = *found;
    Finding* f = nullptr;
    for (auto& g : found->findings)
      if (g.id == finding_id) f = &g;
    if (!f) return NotFound("finding not found");
    std::string from = f->state;
    std::string to;
    if (action == "respond") {
      if (from != "open" && from != "reopened")
        return Conflict("cannot respond to the finding: it is " + from);
      to = "responded";
      f->response = text;
      f->responded_at = NowMs();
    } else if (action == "close") {
      if (from == "closed") return Conflict("the finding is already closed");
      to = "closed";
      f->note = text;
      f->closed_by_name = Actor(p);
      f->closed_at = NowMs();
    } else {
      if (from != "closed") return Conflict("cannot reopen the finding: it is " + from);
      to = "reopened";
      f->note = text;
      f->closed_by_name.clear();
      f->closed_at.reset();
    }
    f->state = to;
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "UPDATE inspection_findings SET state = :1, response = :2, responded_at = :3, note = :4, "
        "closed_by_name = :5, closed_at = :6 WHERE id = :7",
        {f->state, f->response, db::Opt(f->responded_at), f->note, f->closed_by_name,
         db::Opt(f->closed_at), f->id}));
    bool all_closed = true;
    for (auto& g : found->findings) all_closed = all_closed && g.state == "closed";
    found->state = all_closed ? "closed" : "open";
    found->version += 1;
    found->updated_at = NowMs();
    auto u = c.ExecCount(
        "UPDATE inspections SET state = :1, version = :2, updated_at = :3 WHERE id = :4 AND "
        "version = :5",
        {found->state, found->version, static_cast<long long>(found->updated_at), inspection_id,
         before.version});
    if (!u.ok()) return u.status();
    if (*u != 1) return Conflict("the inspection was changed by someone else; reload");
    return audit::AuditService::Record(c, p.ctx, "inspection.finding_" + action, "inspection",
                                       std::to_string(inspection_id), found->region_code,
                                       InspectionJson(before), InspectionJson(*found));
  }));
  return GetInspection(p, inspection_id);
}

// ---------------------------------------------------------------- risks

Result<std::vector<Risk>> SupervisionService::Risks(const Principal& p, const std::string& region,
                                                    const std::string& as_of) {
  if (!IsReader(p)) return PermissionDenied("risks need a staff, admin or auditor role");
  std::string scope = region.empty() ? p.region_code : region;
  if (!IsScopeCode(scope)) return InvalidArgument("region", "region must be a 12-digit code");
  if (!InSubtree(scope, p.region_code))
    return Status(Code::kPermissionDenied, "the region is outside your scope", "region");
  std::string day = as_of.empty() ? TodayUtc() : as_of;
  SHUNIU_RETURN_IF_ERROR(Date(day, "as_of"));
  Result<std::vector<Risk>> out = Internal("not run");
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) {
    out = RisksIn(c, scope, day);
    return out.status();
  }));
  return out;
}

Result<std::vector<Risk>> SupervisionService::RisksIn(db::Conn& c, const std::string& region,
                                                      const std::string& as_of) {
  std::vector<Risk> out;
  Where w;
  w.sql = " FROM projects WHERE state = 'in_progress' AND contract_id IS NOT NULL";
  if (!region.empty()) {
    CodeRange cr = SubtreeRange(region);
    w.Add("region_code >= ? AND region_code <= ?", {cr.lo, cr.hi});
  }
  auto ids = c.Query("SELECT id" + w.sql + " ORDER BY id LIMIT 5000", w.params);
  if (!ids.ok()) return ids.status();
  for (auto& row : *ids) {
    auto found = FindProject(c, row.Int(0));
    if (!found.ok()) return found.status();
    if (!*found) continue;
    const ProjectRef& pr = **found;
    auto reports = c.Query(
        "SELECT milestone_id, state, beneficiaries_total, spending_json FROM progress_reports "
        "WHERE project_id = :1",
        {pr.id});
    if (!reports.ok()) return reports.status();
    std::map<long long, bool> approved;
    std::map<std::string, long long> spent;
    long long delivered = 0;
    for (auto& r : *reports) {
      std::string st = r.Str(1);
      if (st == "approved") {
        approved[r.Int(0)] = true;
        delivered += r.Int(2);
      }
      if (st == "draft") continue;
      auto sp = json::parse(r.Str(3), nullptr, false);
      if (sp.is_array())
        for (auto& s : sp) spent[s.value("line", "")] += s.value("amount", 0LL);
    }
    auto base = [&](const char* kind) {
      Risk k;
      k.kind = kind;
      k.project_id = pr.id;
      k.project_title = pr.title;
      k.region_code = pr.region_code;
      k.org_id = pr.provider_org_id;
      return k;
    };
    for (auto& m : pr.milestones) {
      if (m.due_on >= as_of || approved.count(m.id)) continue;
      Risk k = base("late_report");
      k.milestone_id = m.id;
      k.detail_zh = "里程碑“" + m.name + "”已于 " + m.due_on + " 到期，尚无审核通过的进度报告";
      k.detail_en = "Milestone \"" + m.name + "\" was due on " + m.due_on +
                    " and has no approved progress report";
      out.push_back(k);
    }
    for (auto& [line, budget] : pr.budget_lines) {
      long long s = spent.count(line) ? spent[line] : 0;
      if (s <= budget) continue;
      Risk k = base("overspend");
      k.line = line;
      k.expected = budget;
      k.actual = s;
      k.detail_zh = "预算科目“" + line + "”已报支出 " + std::to_string(s) + " 分，超出预算 " +
                    std::to_string(budget) + " 分";
      k.detail_en = "Budget line \"" + line + "\" reports " + std::to_string(s) +
                    " fen spent, above its budget of " + std::to_string(budget) + " fen";
      out.push_back(k);
    }
    long long term = DaysBetween(pr.start_on, pr.end_on);
    long long elapsed = DaysBetween(pr.start_on, as_of);
    if (pr.expected_beneficiaries > 0 && term > 0 && elapsed * 4 >= term) {
      if (elapsed > term) elapsed = term;
      long long expected = pr.expected_beneficiaries * elapsed / term;
      if (delivered * 2 < expected) {  // "far below": under half of the pro-rata figure
        Risk k = base("low_delivery");
        k.expected = expected;
        k.actual = delivered;
        k.detail_zh = "已过合同期 " + std::to_string(elapsed * 100 / term) + "%，受益人数 " +
                      std::to_string(delivered) + "，远低于预期的 " + std::to_string(expected);
        k.detail_en = std::to_string(elapsed * 100 / term) + "% of the term has passed; " +
                      std::to_string(delivered) + " beneficiaries reached, far below the " +
                      std::to_string(expected) + " expected";
        out.push_back(k);
      }
    }
  }
  return out;
}

}  // namespace shuniu::project
