// The dashboard: one count and one first-five query per to-do card, one query
// per figure and year for the trends, all within the caller's region subtree
// (or, for an organization account or a reviewer, its own records).
#include "dashboard/dashboard_service.h"

#include <functional>
#include <nlohmann/json.hpp>

#include "core/region_code.h"
#include "core/time.h"

namespace shuniu::dashboard {
namespace {

constexpr int64_t kDayMs = 24LL * 3600 * 1000;
constexpr int64_t kCnOffsetMs = 8LL * 3600 * 1000;  // dates are China Standard Time

// A statement whose '?' marks become :1, :2 … in order (SOCI binds by occurrence).
struct Sql {
  std::string text;
  std::vector<db::Value> params;
};
Sql Numbered(const std::string& text, const std::vector<db::Value>& vals) {
  Sql out;
  size_t k = 0;
  for (char ch : text) {
    if (ch == '?' && k < vals.size()) {
      out.params.push_back(vals[k++]);
      out.text += ":" + std::to_string(out.params.size());
    } else {
      out.text += ch;
    }
  }
  return out;
}

std::string DateOfMs(int64_t ms) { return Rfc3339(ms + kCnOffsetMs).substr(0, 10); }
std::string DaysFrom(const std::string& today, long long days) {
  auto ms = ParseRfc3339(today + "T00:00:00Z").value_or(0);
  return Rfc3339(ms + days * kDayMs).substr(0, 10);
}
// The first millisecond of a year in China Standard Time.
int64_t YearStartMs(long long year) {
  return ParseRfc3339(std::to_string(year) + "-01-01T00:00:00+08:00").value_or(0);
}

// One to-do card. `from` is "FROM … WHERE …" with '?' parameters; `cols` the
// item columns: id, title, note (may be NULL), due (date text, ms or NULL) and
// the id the item's link takes.
struct TodoSpec {
  const char* key;
  const char* label;
  const char* label_en;
  std::string link;
  std::string from;
  std::vector<db::Value> params;
  std::string cols, order;
  std::string item_link;  // "{id}" is replaced by the link id
  bool due_ms = false;    // the due column is epoch milliseconds
};

Status AddTodo(db::Conn& c, const TodoSpec& s, std::vector<Todo>& out) {
  Sql count = Numbered("SELECT COUNT(*) " + s.from, s.params);
  auto n = c.QueryOne(count.text, count.params);
  if (!n.ok()) return n.status();
  Todo t{s.key, s.label, s.label_en, *n ? (*n)->Int(0) : 0, s.link, {}};
  if (t.count > 0) {
    Sql items = Numbered("SELECT " + s.cols + " " + s.from + " ORDER BY " + s.order + " LIMIT " +
                             std::to_string(kTodoItems),
                         s.params);
    auto rows = c.Query(items.text, items.params);
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows) {
      TodoItem it;
      it.id = r.Int(0);
      it.title = r.Str(1);
      if (!r.IsNull(2) && !r.Str(2).empty()) it.title += " · " + r.Str(2);
      if (!r.IsNull(3)) it.due = s.due_ms ? DateOfMs(r.Int(3)) : r.Str(3);
      it.link = s.item_link;
      if (auto p = it.link.find("{id}"); p != std::string::npos)
        it.link.replace(p, 4, std::to_string(r.Int(4)));
      t.items.push_back(std::move(it));
    }
  }
  out.push_back(std::move(t));
  return Status::Ok();
}

struct Ctx {
  const Principal& p;
  CodeRange range;
  std::string today;
  int64_t now_ms;
  long long year;
};

// ---- staff and admins: decisions waiting in the region ----------------------
Status StaffTodo(db::Conn& c, const Ctx& x, std::vector<Todo>& out) {
  const db::Value lo = x.range.lo, hi = x.range.hi;
  std::vector<TodoSpec> specs = {
      {"annual_reviews_to_decide",
       "待审定年审",
       "Annual reviews to decide",
       "/annual-reviews?state=submitted",
       "FROM annual_reviews r JOIN orgs o ON o.id = r.org_id WHERE r.region_code BETWEEN ? AND ? "
       "AND r.state IN ('submitted', 'resubmitted')",
       {lo, hi},
       "r.id, o.name, r.year, NULL, r.id",
       "r.submitted_at, r.id",
       "/annual-reviews/{id}"},
      {"residencies_to_decide",
       "待处理入驻申请",
       "Residency applications to decide",
       "/residencies?state=applied",
       "FROM residencies r JOIN orgs o ON o.id = r.org_id JOIN bases b ON b.id = r.base_id "
       "WHERE r.region_code BETWEEN ? AND ? AND r.state = 'applied'",
       {lo, hi},
       "r.id, o.name, b.name, NULL, r.id",
       "r.created_at, r.id",
       "/residencies/{id}"},
      {"residencies_expiring",
       "即将到期的入驻协议",
       "Residency agreements expiring",
       "/residencies?expiring=60",
       "FROM residencies r JOIN orgs o ON o.id = r.org_id JOIN bases b ON b.id = r.base_id "
       "WHERE r.region_code BETWEEN ? AND ? AND r.state IN ('signed', 'active') AND "
       "r.end_date >= ? AND r.end_date <= ?",
       {lo, hi, x.today, DaysFrom(x.today, kExpiringDays)},
       "r.id, o.name, b.name, r.end_date, r.id",
       "r.end_date, r.id",
       "/residencies/{id}"},
      {"change_requests_pending",
       "待审核信息变更",
       "Change requests pending",
       "/change-requests?status=pending",
       "FROM org_change_requests q JOIN orgs o ON o.id = q.org_id WHERE q.region_code BETWEEN ? "
       "AND ? AND q.status = 'pending'",
       {lo, hi},
       "q.id, o.name, NULL, NULL, q.org_id",
       "q.requested_at, q.id",
       "/orgs/{id}"},
      {"progress_reports_to_review",
       "待审核进度报告",
       "Progress reports to review",
       "/supervision?tab=reports",
       "FROM progress_reports r JOIN projects p ON p.id = r.project_id WHERE r.region_code "
       "BETWEEN ? AND ? AND r.state IN ('submitted', 'resubmitted')",
       {lo, hi},
       "r.id, p.title, r.period_end, NULL, r.project_id",
       "r.submitted_at, r.id",
       "/projects/{id}"},
      {"final_reports_to_review",
       "待审核结项报告",
       "Final reports to review",
       "/closeouts?report=submitted",
       "FROM final_reports f JOIN projects p ON p.id = f.project_id WHERE f.region_code BETWEEN ? "
       "AND ? AND f.state = 'submitted'",
       {lo, hi},
       "f.project_id, p.title, NULL, NULL, f.project_id",
       "f.submitted_at, f.project_id",
       "/closeouts/{id}"},
      // Whoever requested a tranche cannot approve it: those are not this user's to do.
      {"tranches_to_approve",
       "待审批拨付",
       "Tranches to approve",
       "/supervision?tab=tranches",
       "FROM tranches t JOIN projects p ON p.id = t.project_id WHERE t.region_code BETWEEN ? AND "
       "? AND t.state = 'requested' AND (t.requested_by IS NULL OR t.requested_by <> ?)",
       {lo, hi, x.p.user_id},
       "t.id, p.title, NULL, NULL, t.project_id",
       "t.created_at, t.id",
       "/projects/{id}"},
      {"applications_to_qualify",
       "待资格审查的创投申报",
       "Competition applications to qualify",
       "/competitions",
       "FROM competition_applications a JOIN competitions k ON k.id = a.competition_id WHERE "
       "k.region_code BETWEEN ? AND ? AND a.state = 'submitted' AND k.state = 'open'",
       {lo, hi},
       "a.id, a.title, k.name, NULL, a.competition_id",
       "a.submitted_at, a.id",
       "/competitions/{id}"},
      {"follow_ups_overdue",
       "逾期未办结的联络跟进",
       "Liaison follow-ups overdue",
       "/liaison",
       "FROM liaison_visits v JOIN orgs o ON o.id = v.org_id WHERE v.region_code BETWEEN ? AND ? "
       "AND v.follow_up_state = 'open' AND v.follow_up_due IS NOT NULL AND v.follow_up_due < ?",
       {lo, hi, x.today},
       "v.id, o.name, NULL, v.follow_up_due, v.org_id",
       "v.follow_up_due, v.id",
       "/orgs/{id}"},
  };
  for (auto& s : specs) SHUNIU_RETURN_IF_ERROR(AddTodo(c, s, out));
  // Organizations not contacted: the user's own when they are the linked cadre
  // of any organization in scope, else all of the region's.
  auto cadre = c.QueryOne(
      "SELECT 1 FROM orgs WHERE cadre_user_id = :1 AND region_code BETWEEN :2 AND :3 LIMIT 1",
      {x.p.user_id, lo, hi});
  if (!cadre.ok()) return cadre.status();
  std::string from =
      "FROM orgs o WHERE o.region_code BETWEEN ? AND ? AND o.status <> 'deregistered' AND NOT "
      "EXISTS (SELECT 1 FROM liaison_visits v WHERE v.org_id = o.id AND v.visited_on >= ?)";
  std::vector<db::Value> params = {lo, hi, DaysFrom(x.today, -kContactDays)};
  if (*cadre) {
    from += " AND o.cadre_user_id = ?";
    params.push_back(x.p.user_id);
  }
  return AddTodo(
      c,
      {"orgs_not_contacted", "180天未联络的组织", "Organizations not contacted (180 days)",
       *cadre ? "/liaison?tab=stale&mine=1" : "/liaison?tab=stale", from, params,
       "o.id, o.name, (SELECT MAX(v.visited_on) FROM liaison_visits v WHERE "
       "v.org_id = o.id), NULL, o.id",
       "o.name, o.id", "/orgs/{id}"},
      out);
}

// Whether a competition's eligibility (kinds, regions) admits the organization;
// the grade rule is left to the application itself.
bool Eligible(const std::string& eligibility_json, const std::string& region,
              const std::string& kind) {
  auto e = nlohmann::json::parse(eligibility_json, nullptr, false);
  if (!e.is_object()) return true;
  auto listed = [&](const char* key, auto match) {
    if (!e.contains(key) || !e[key].is_array() || e[key].empty()) return true;
    for (auto& x : e[key])
      if (x.is_string() && match(x.template get<std::string>())) return true;
    return false;
  };
  return listed("kinds", [&](const std::string& k) { return k == kind; }) &&
         listed("regions", [&](const std::string& r) { return InSubtree(region, r); });
}

// ---- organization accounts: their own unfinished work ------------------------
Status OrgTodo(db::Conn& c, const Ctx& x, std::vector<Todo>& out) {
  const db::Value org = *x.p.org_id;
  std::vector<TodoSpec> specs = {
      {"reviews_to_finish",
       "待完成的年审报告",
       "Annual reviews to finish",
       "/annual-reviews",
       "FROM annual_reviews r JOIN orgs o ON o.id = r.org_id WHERE r.org_id = ? AND r.state IN "
       "('draft', 'returned')",
       {org},
       "r.id, o.name, r.year, NULL, r.id",
       "r.year DESC, r.id",
       "/annual-reviews/{id}"},
      {"progress_reports_to_finish",
       "待完成的进度报告",
       "Progress reports to finish",
       "/supervision",
       "FROM progress_reports r JOIN projects p ON p.id = r.project_id WHERE r.org_id = ? AND "
       "r.state IN ('draft', 'returned')",
       {org},
       "r.id, p.title, r.period_end, r.period_end, r.project_id",
       "r.period_end, r.id",
       "/projects/{id}"},
      {"final_reports_returned",
       "被退回的结项报告",
       "Final reports returned",
       "/closeouts",
       "FROM final_reports f JOIN projects p ON p.id = f.project_id WHERE f.org_id = ? AND "
       "f.state = 'returned'",
       {org},
       "f.project_id, p.title, NULL, NULL, f.project_id",
       "f.project_id",
       "/closeouts/{id}"},
      {"surveys_to_answer",
       "待填写的调查",
       "Surveys to answer",
       "/surveys",
       "FROM surveys s JOIN survey_targets t ON t.survey_id = s.id WHERE t.org_id = ? AND "
       "s.state = 'open' AND (s.closes_at IS NULL OR s.closes_at > ?) AND NOT EXISTS (SELECT 1 "
       "FROM survey_responses r WHERE r.survey_id = s.id AND r.org_id = t.org_id)",
       {org, x.now_ms},
       "s.id, s.title, NULL, s.closes_at, s.id",
       "s.closes_at, s.id",
       "/surveys/{id}/fill",
       true},
      {"meetings_invited",
       "受邀参加的会议",
       "Meetings invited to",
       "/meetings",
       "FROM meeting_invitations i JOIN meetings m ON m.id = i.meeting_id WHERE i.org_id = ? AND "
       "i.status IN ('invited', 'confirmed') AND m.state = 'scheduled' AND m.ends_at > ?",
       {org, x.now_ms},
       "m.id, m.title, m.place, m.starts_at, m.id",
       "m.starts_at, m.id",
       "/meetings/{id}",
       true},
      {"trainings_enrolled",
       "已报名的培训",
       "Trainings enrolled in",
       "/trainings",
       "FROM trainings t WHERE t.state IN ('planned', 'open', 'closed') AND t.ends_at > ? AND "
       "EXISTS (SELECT 1 FROM training_enrolments e WHERE e.training_id = t.id AND e.org_id = ? "
       "AND e.state IN ('enrolled', 'waitlisted'))",
       {x.now_ms, org},
       "t.id, t.title, t.place, t.starts_at, t.id",
       "t.starts_at, t.id",
       "/trainings/{id}",
       true},
  };
  for (auto& s : specs) SHUNIU_RETURN_IF_ERROR(AddTodo(c, s, out));
  // The annual review of last year, due this year, while not yet submitted.
  auto o = c.QueryOne("SELECT name, registered, status, region_code, kind FROM orgs WHERE id = :1",
                      {org});
  if (!o.ok()) return o.status();
  if (!*o) return NotFound("organization not found");
  std::string org_region = (*o)->Str(3), org_kind = (*o)->Str(4);
  Todo review{
      "annual_review_due", "待提交的年审", "Annual review to submit", 0, "/annual-reviews", {}};
  long long ryear = x.year - 1;
  if ((*o)->Int(1) == 1 && (*o)->Str(2) != "deregistered") {
    auto filed = c.QueryOne(
        "SELECT id FROM annual_reviews WHERE org_id = :1 AND year = :2 AND state IN "
        "('submitted', 'resubmitted', 'decided')",
        {org, ryear});
    if (!filed.ok()) return filed.status();
    if (!*filed) {
      auto due = c.QueryOne("SELECT due_date FROM review_years WHERE year = :1", {ryear});
      if (!due.ok()) return due.status();
      auto draft =
          c.QueryOne("SELECT id FROM annual_reviews WHERE org_id = :1 AND year = :2", {org, ryear});
      if (!draft.ok()) return draft.status();
      review.count = 1;
      review.items.push_back(
          {*draft ? (*draft)->Int(0) : 0, (*o)->Str(0) + " · " + std::to_string(ryear),
           *due ? (*due)->Str(0) : std::to_string(x.year) + "-05-31",
           *draft ? "/annual-reviews/" + std::to_string((*draft)->Int(0)) : "/annual-reviews"});
    }
  }
  out.push_back(std::move(review));
  // Competitions taking applications whose region covers the organization.
  Todo comp{"competitions_open",
            "可申报的公益创投",
            "Competitions open for application",
            0,
            "/competitions",
            {}};
  int64_t now_s = x.now_ms / 1000;
  auto rows = c.Query(
      "SELECT k.id, k.name, k.region_code, k.apply_closes_at, k.eligibility_json FROM "
      "competitions k WHERE "
      "k.state = 'open' AND k.apply_opens_at <= :1 AND k.apply_closes_at > :2 AND NOT EXISTS "
      "(SELECT 1 FROM competition_applications a WHERE a.competition_id = k.id AND a.org_id = :3) "
      "ORDER BY k.apply_closes_at, k.id",
      {now_s, now_s, org});
  if (!rows.ok()) return rows.status();
  for (auto& r : *rows) {
    if (!InSubtree(org_region, r.Str(2)) || !Eligible(r.Str(4), org_region, org_kind)) continue;
    if (comp.items.size() < kTodoItems)
      comp.items.push_back({r.Int(0), r.Str(1), DateOfMs(r.Int(3) * 1000),
                            "/competitions/" + std::to_string(r.Int(0))});
    ++comp.count;
  }
  out.push_back(std::move(comp));
  return Status::Ok();
}

// ---- reviewers: what the panels they sit on wait for ------------------------
Status ReviewerTodo(db::Conn& c, const Ctx& x, std::vector<Todo>& out) {
  const db::Value me = x.p.user_id;
  std::vector<TodoSpec> specs = {
      {"bids_to_score",
       "待评分的投标",
       "Tender bids to score",
       "/tenders",
       "FROM tender_bids b JOIN tenders t ON t.id = b.tender_id JOIN tender_reviewers r ON "
       "r.tender_id = t.id AND r.user_id = ? WHERE t.state = 'opened' AND r.conflict = 0 AND "
       "r.finished_at IS NULL AND b.eligible = 1 AND NOT EXISTS (SELECT 1 FROM tender_scores s "
       "WHERE s.bid_id = b.id AND s.reviewer_id = r.user_id)",
       {me},
       "b.id, t.title, NULL, NULL, t.id",
       "t.opened_at, b.id",
       "/tenders/{id}"},
      {"applications_to_score",
       "待评分的创投项目",
       "Competition entries to score",
       "/competitions",
       "FROM competition_applications a JOIN competitions k ON k.id = a.competition_id JOIN "
       "competition_reviewers r ON r.competition_id = k.id AND r.user_id = ? WHERE k.state = "
       "'open' AND k.scoring_closes_at > ? AND a.state = 'qualified' AND NOT EXISTS (SELECT 1 "
       "FROM competition_recusals q WHERE q.application_id = a.id AND q.reviewer_id = r.user_id) "
       "AND NOT EXISTS (SELECT 1 FROM competition_scores s WHERE s.application_id = a.id AND "
       "s.reviewer_id = r.user_id)",
       {me, x.now_ms / 1000},
       "a.id, a.title, k.name, k.scoring_closes_at * 1000, k.id",
       "k.scoring_closes_at, a.id",
       "/competitions/{id}",
       true},
  };
  for (auto& s : specs) SHUNIU_RETURN_IF_ERROR(AddTodo(c, s, out));
  return Status::Ok();
}

// ---- key figures ------------------------------------------------------------
// A figure: `now` is its current value, `at(year)` its value for a past year
// (both "FROM … WHERE …" after a SELECT of `expr`, region bounds first).
struct FigureSpec {
  const char* key;
  const char* label;
  const char* label_en;
  const char* unit;
  std::string expr;
  std::string now;
  std::vector<db::Value> now_params;  // after the region bounds
  std::string at;
  std::function<std::vector<db::Value>(long long year)> at_params;
};

Result<long long> Scalar(db::Conn& c, const std::string& expr, const std::string& from,
                         const Ctx& x, const std::vector<db::Value>& extra) {
  std::vector<db::Value> params = {x.range.lo, x.range.hi};
  params.insert(params.end(), extra.begin(), extra.end());
  Sql q = Numbered("SELECT " + expr + " " + from, params);
  auto r = c.QueryOne(q.text, q.params);
  if (!r.ok()) return r.status();
  return *r && !(*r)->IsNull(0) ? (*r)->Int(0) : 0;
}

std::vector<FigureSpec> FigureSpecs(const Ctx& x) {
  auto end_of = [](long long y) { return std::to_string(y) + "-12-31"; };
  auto start_of = [](long long y) { return std::to_string(y) + "-01-01"; };
  const std::string today = x.today;
  return {
      {"orgs_registered",
       "登记注册的社会组织",
       "Registered organizations",
       "count",
       "COUNT(*)",
       "FROM orgs WHERE region_code BETWEEN ? AND ? AND registered = 1 AND status <> "
       "'deregistered'",
       {},
       "FROM orgs WHERE region_code BETWEEN ? AND ? AND registered = 1 AND status <> "
       "'deregistered' AND registered_on IS NOT NULL AND registered_on <= ?",
       [=](long long y) { return std::vector<db::Value>{end_of(y)}; }},
      {"orgs_micro",
       "社区社会组织（未登记）",
       "Micro-organizations (unregistered)",
       "count",
       "COUNT(*)",
       "FROM orgs WHERE region_code BETWEEN ? AND ? AND registered = 0 AND status <> "
       "'deregistered'",
       {},
       "FROM orgs WHERE region_code BETWEEN ? AND ? AND registered = 0 AND status <> "
       "'deregistered' AND founded_on IS NOT NULL AND founded_on <= ?",
       [=](long long y) { return std::vector<db::Value>{end_of(y)}; }},
      {"orgs_new_registered",
       "本年新登记组织",
       "New registrations this year",
       "count",
       "COUNT(*)",
       "FROM orgs WHERE region_code BETWEEN ? AND ? AND registered = 1 AND registered_on >= ? AND "
       "registered_on <= ?",
       {start_of(x.year), end_of(x.year)},
       "FROM orgs WHERE region_code BETWEEN ? AND ? AND registered = 1 AND registered_on >= ? AND "
       "registered_on <= ?",
       [=](long long y) {
         return std::vector<db::Value>{start_of(y), end_of(y)};
       }},
      {"residencies_active",
       "在驻组织（入驻协议）",
       "Active residencies",
       "count",
       "COUNT(*)",
       "FROM residencies WHERE region_code BETWEEN ? AND ? AND state = 'active'",
       {},
       "FROM residencies WHERE region_code BETWEEN ? AND ? AND state IN ('active', 'graduated', "
       "'terminated') AND start_date <= ? AND end_date >= ?",
       [=](long long y) {
         return std::vector<db::Value>{end_of(y), start_of(y)};
       }},
      {"projects_in_progress",
       "实施中的项目",
       "Projects in progress",
       "count",
       "COUNT(*)",
       "FROM projects WHERE region_code BETWEEN ? AND ? AND state = 'in_progress'",
       {},
       "FROM projects WHERE region_code BETWEEN ? AND ? AND state IN ('in_progress', 'closed') "
       "AND year = ?",
       [](long long y) { return std::vector<db::Value>{y}; }},
      {"projects_in_progress_fen",
       "实施中项目资金",
       "Money of projects in progress",
       "fen",
       "COALESCE(SUM(budget_total), 0)",
       "FROM projects WHERE region_code BETWEEN ? AND ? AND state = 'in_progress'",
       {},
       "FROM projects WHERE region_code BETWEEN ? AND ? AND state IN ('in_progress', 'closed') "
       "AND year = ?",
       [](long long y) { return std::vector<db::Value>{y}; }},
      {"trainings_this_year",
       "本年培训场次",
       "Trainings this year",
       "count",
       "COUNT(*)",
       "FROM trainings WHERE region_code BETWEEN ? AND ? AND state <> 'cancelled' AND starts_at "
       ">= ? AND starts_at < ?",
       {YearStartMs(x.year), YearStartMs(x.year + 1)},
       "FROM trainings WHERE region_code BETWEEN ? AND ? AND state <> 'cancelled' AND starts_at "
       ">= ? AND starts_at < ?",
       [](long long y) {
         return std::vector<db::Value>{YearStartMs(y), YearStartMs(y + 1)};
       }},
      {"homes_starred",
       "星级妇女之家",
       "Star-rated Women's Homes",
       "count",
       "COUNT(*)",
       "FROM homes WHERE region_code BETWEEN ? AND ? AND star_level > 0 AND status <> 'closed' "
       "AND star_valid_until >= ?",
       {today},
       "FROM homes WHERE region_code BETWEEN ? AND ? AND star_level > 0 AND star_valid_from <= ? "
       "AND star_valid_until >= ?",
       [=](long long y) {
         return std::vector<db::Value>{end_of(y), end_of(y)};
       }},
  };
}

Status Figures(db::Conn& c, const Ctx& x, std::vector<Figure>& out) {
  for (auto& s : FigureSpecs(x)) {
    Figure f{s.key, s.label, s.label_en, 0, s.unit, {}};
    auto v = Scalar(c, s.expr, s.now, x, s.now_params);
    if (!v.ok()) return v.status();
    f.value = *v;
    for (long long y = x.year - 4; y <= x.year; ++y) {
      // Stocks count what stood at the year's end (by their date field), flows the year's.
      auto t = Scalar(c, s.expr, s.at, x, s.at_params(y));
      if (!t.ok()) return t.status();
      f.trend.push_back({y, *t});
    }
    out.push_back(std::move(f));
  }
  return Status::Ok();
}

}  // namespace

Result<Dashboard> DashboardService::Get(const Principal& p, const std::string& region) {
  std::string code = region.empty() ? p.region_code : region;
  if (!IsScopeCode(code)) return InvalidArgument("region", "region must be a 12-digit code");
  if (!InSubtree(code, p.region_code)) return NotFound("region not found");
  if (p.role == Role::kOrg && !p.org_id)
    return PermissionDenied("this account is not linked to an organization");
  Dashboard d;
  d.region_code = code;
  int64_t now = NowMs();
  std::string today = DateOfMs(now);
  Ctx x{p, SubtreeRange(code), today, now, std::stoll(today.substr(0, 4))};
  SHUNIU_RETURN_IF_ERROR(db_.Read([&](db::Conn& c) -> Status {
    switch (p.role) {
      case Role::kAdmin:
      case Role::kStaff:
        SHUNIU_RETURN_IF_ERROR(StaffTodo(c, x, d.todo));
        return Figures(c, x, d.figures);
      case Role::kAuditor:
        return Figures(c, x, d.figures);
      case Role::kOrg:
        return OrgTodo(c, x, d.todo);
      case Role::kReviewer:
        return ReviewerTodo(c, x, d.todo);
    }
    return Status::Ok();
  }));
  return d;
}

}  // namespace shuniu::dashboard
