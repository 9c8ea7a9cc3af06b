// Annual review (年审) and public disclosure.
#include "hub/review_service.h"

#include <nlohmann/json.hpp>

#include "core/crypto.h"
#include "core/json_input.h"
#include "core/region_code.h"
#include "core/time.h"

namespace shuniu::hub {
namespace {

constexpr int64_t kDay = 24LL * 3600 * 1000;

// A query under construction: placeholders :1, :2, … in the order values are added.
struct Q {
  std::string sql;
  std::vector<db::Value> p;
  std::string Add(db::Value v) {
    p.push_back(std::move(v));
    return ":" + std::to_string(p.size());
  }
};

bool IsManager(const Principal& p) { return p.role == Role::kAdmin || p.role == Role::kStaff; }
bool IsReader(const Principal& p) { return IsManager(p) || p.role == Role::kAuditor; }

// Whether p sees a review of `org_id` in `region`.
bool Sees(const Principal& p, long long org_id, const std::string& region) {
  if (p.role == Role::kOrg) return p.org_id && *p.org_id == org_id;
  return IsReader(p) && InSubtree(region, p.region_code);
}

std::string Columns() {
  std::string s =
      "r.id, r.org_id, r.region_code, r.year, r.state, o.name, r.governance, r.activities, "
      "r.result, r.reasons, r.checklist_json, r.return_note, r.submitted_at, r.decided_at, "
      "r.decided_by, r.decided_by_name, r.created_by, r.created_at, r.updated_at, r.version";
  for (auto& f : ReviewService::FileFields()) s += ", r." + f;
  for (auto& f : ReviewService::NumberFields()) s += ", r." + f;
  return s;
}
constexpr const char* kFrom = " FROM annual_reviews r JOIN orgs o ON o.id = r.org_id";

Review FromRow(const db::Row& row) {
  Review r;
  r.id = row.Int(0);
  r.org_id = row.Int(1);
  r.region_code = row.Str(2);
  r.year = row.Int(3);
  r.state = row.Str(4);
  r.org_name = row.Str(5);
  r.texts["governance"] = row.Str(6);
  r.texts["activities"] = row.Str(7);
  r.result = row.Str(8);
  r.reasons = row.Str(9);
  if (!row.IsNull(10)) {
    auto j = nlohmann::json::parse(row.Str(10), nullptr, false);
    if (j.is_object())
      for (auto& [k, v] : j.items())
        if (v.is_string()) r.checklist[k] = v.get<std::string>();
  }
  r.return_note = row.Str(11);
  r.submitted_at = row.OptInt(12);
  r.decided_at = row.OptInt(13);
  r.decided_by = row.OptInt(14);
  r.decided_by_name = row.Str(15);
  r.created_by = row.OptInt(16);
  r.created_at = row.Int(17);
  r.updated_at = row.Int(18);
  r.version = row.Int(19);
  size_t i = 20;
  for (auto& f : ReviewService::FileFields()) r.nums[f] = row.OptInt(i++);
  for (auto& f : ReviewService::NumberFields()) r.nums[f] = row.OptInt(i++);
  return r;
}

Result<std::optional<Review>> FindReview(db::Conn& c, long long id) {
  auto row = c.QueryOne("SELECT " + Columns() + kFrom + " WHERE r.id = :1", {id});
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<Review>();
  return std::optional<Review>(FromRow(**row));
}

nlohmann::json Snapshot(const Review& r) {
  nlohmann::json j = {{"id", r.id},           {"org_id", r.org_id},      {"year", r.year},
                      {"state", r.state},     {"result", r.result},      {"reasons", r.reasons},
                      {"version", r.version}, {"checklist", r.checklist}};
  for (auto& [k, v] : r.nums) j[k] = v ? nlohmann::json(*v) : nlohmann::json();
  for (auto& [k, v] : r.texts) j[k] = Utf8Length(v) > 200 ? v.substr(0, 200) + "…" : v;
  return j;
}

Status Save(db::Conn& c, Review& r, long long expected_version) {
  Q q;
  q.sql = "UPDATE annual_reviews SET state = " + q.Add(r.state);
  q.sql += ", governance = " +
           q.Add(r.texts["governance"].empty() ? db::Null() : db::Value(r.texts["governance"]));
  q.sql += ", activities = " +
           q.Add(r.texts["activities"].empty() ? db::Null() : db::Value(r.texts["activities"]));
  q.sql += ", result = " + q.Add(r.result.empty() ? db::Null() : db::Value(r.result));
  q.sql += ", reasons = " + q.Add(r.reasons.empty() ? db::Null() : db::Value(r.reasons));
  q.sql += ", checklist_json = " +
           q.Add(r.checklist.empty() ? db::Null() : db::Value(nlohmann::json(r.checklist).dump()));
  q.sql +=
      ", return_note = " + q.Add(r.return_note.empty() ? db::Null() : db::Value(r.return_note));
  q.sql +=
      ", submitted_at = " +
      q.Add(db::Opt(r.submitted_at ? std::optional<long long>(*r.submitted_at) : std::nullopt));
  q.sql += ", decided_at = " +
           q.Add(db::Opt(r.decided_at ? std::optional<long long>(*r.decided_at) : std::nullopt));
  q.sql += ", decided_by = " + q.Add(db::Opt(r.decided_by));
  q.sql += ", decided_by_name = " +
           q.Add(r.decided_by_name.empty() ? db::Null() : db::Value(r.decided_by_name));
  for (auto& [k, v] : r.nums) q.sql += ", " + k + " = " + q.Add(db::Opt(v));
  r.updated_at = NowMs();
  q.sql += ", updated_at = " + q.Add(static_cast<long long>(r.updated_at));
  q.sql += ", version = version + 1 WHERE id = " + q.Add(r.id);
  q.sql += " AND version = " + q.Add(expected_version);
  auto n = c.ExecCount(q.sql, q.p);
  if (!n.ok()) return n.status();
  if (*n != 1) return Conflict("the review was changed by someone else; reload and try again");
  r.version = expected_version + 1;
  return Status::Ok();
}

std::string DefaultDue(long long year) { return std::to_string(year + 1) + "-05-31"; }

Result<std::string> DueDate(db::Conn& c, long long year) {
  auto row = c.QueryOne("SELECT due_date FROM review_years WHERE year = :1", {year});
  if (!row.ok()) return row.status();
  return *row ? (*row)->Str(0) : DefaultDue(year);
}

// The first millisecond after the due date (the due date itself is still on time).
int64_t DueEndMs(const std::string& due) {
  return ParseRfc3339(due + "T00:00:00+08:00").value_or(0) + kDay;  // China Standard Time
}

long long YearOf(int64_t ms) { return std::stoll(Rfc3339(ms).substr(0, 4)); }

// Organizations under annual review for `year`: registered, not deregistered or
// incubating, registered by the end of the year.
std::string CampaignWhere(Q& q, long long year) {
  return " o.registered = 1 AND o.status NOT IN ('deregistered', 'incubating') AND "
         "(o.registered_on IS NULL OR o.registered_on <= " +
         q.Add(std::to_string(year) + "-12-31") + ")";
}

// Not submitted: no review of that year, or one never submitted.
std::string NotSubmitted(Q& q, long long year) {
  return " NOT EXISTS (SELECT 1 FROM annual_reviews x WHERE x.org_id = o.id AND x.year = " +
         q.Add(year) + " AND x.submitted_at IS NOT NULL)";
}

const std::set<std::string> kResults = {"qualified", "basically_qualified", "unqualified"};
const std::set<std::string> kStates = {"draft", "submitted", "returned", "resubmitted", "decided"};

}  // namespace

const std::vector<std::string>& ReviewService::FileFields() {
  static const std::vector<std::string> f = {"work_report_file_id", "financial_file_id",
                                             "audit_file_id"};
  return f;
}
const std::vector<std::string>& ReviewService::NumberFields() {
  static const std::vector<std::string> f = {"income_fen",
                                             "spending_fen",
                                             "income_government_fen",
                                             "income_donations_fen",
                                             "income_service_fees_fen",
                                             "income_other_fen",
                                             "staff_fulltime",
                                             "staff_parttime",
                                             "volunteers"};
  return f;
}
const std::vector<std::string>& ReviewService::TextFields() {
  static const std::vector<std::string> f = {"governance", "activities"};
  return f;
}
const std::vector<std::string>& ReviewService::ChecklistItems() {
  static const std::vector<std::string> f = {
      "registration_valid",   // 登记证书有效,登记事项无变更未备案
      "governance_meetings",  // 按章程召开会员(代表)大会、理事会
      "activities_in_scope",  // 活动符合宗旨和业务范围
      "finance_separate",     // 财务独立核算,票据规范
      "audit_clean",          // 审计报告无否定或保留意见
      "disclosure_complete",  // 信息公开完整、真实
      "no_violations",        // 无违法违规、无投诉查实
  };
  return f;
}

ReviewService::ReviewService(const Deps& deps) : d_(deps) {
  d_.notices.AddReminderSource(
      "reviews", [this](db::Conn& c, int64_t now_ms) { return Reminders(c, now_ms); });
}

void ReviewService::FillRegionNames(std::vector<Review>& rs) {
  std::vector<std::string> codes;
  for (auto& r : rs) codes.push_back(r.region_code);
  auto names = d_.regions.Names(codes);
  if (!names.ok()) return;
  for (auto& r : rs) r.region_name = (*names)[r.region_code];
}

Result<std::pair<std::vector<Review>, long long>> ReviewService::List(const Principal& p,
                                                                      const ReviewFilter& f) {
  Q q;
  std::string where = " WHERE 1 = 1";
  if (p.role == Role::kOrg) {
    if (!p.org_id) return PermissionDenied("this account is not linked to an organization");
    where += " AND r.org_id = " + q.Add(*p.org_id);
  } else {
    if (!IsReader(p)) return PermissionDenied("annual reviews need a staff, admin or auditor role");
    std::string region = f.region.empty() ? p.region_code : f.region;
    if (!IsScopeCode(region)) return InvalidArgument("region", "region must be a 12-digit code");
    if (!InSubtree(region, p.region_code)) return NotFound("region not found");
    CodeRange cr = SubtreeRange(region);
    where += " AND r.region_code BETWEEN " + q.Add(cr.lo);
    where += " AND " + q.Add(cr.hi);
  }
  if (f.year) where += " AND r.year = " + q.Add(*f.year);
  if (f.org_id) where += " AND r.org_id = " + q.Add(*f.org_id);
  if (!f.state.empty()) {
    if (!kStates.count(f.state))
      return InvalidArgument("state",
                             "state must be draft, submitted, returned, resubmitted or decided");
    where += " AND r.state = " + q.Add(f.state);
  }
  if (!f.result.empty()) {
    if (!kResults.count(f.result))
      return InvalidArgument("result",
                             "result must be qualified, basically_qualified or unqualified");
    where += " AND r.result = " + q.Add(f.result);
  }
  std::pair<std::vector<Review>, long long> out;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto n = c.QueryOne(std::string("SELECT COUNT(*)") + kFrom + where, q.p);
    if (!n.ok()) return n.status();
    out.second = (*n)->Int(0);
    Q page = q;
    std::string sql = "SELECT " + Columns() + kFrom + where +
                      " ORDER BY r.year DESC, r.updated_at DESC, r.id LIMIT " + page.Add(f.size);
    sql += " OFFSET " + page.Add((f.page - 1) * f.size);
    auto rows = c.Query(sql, page.p);
    if (!rows.ok()) return rows.status();
    for (auto& row : *rows) out.first.push_back(FromRow(row));
    return Status::Ok();
  }));
  FillRegionNames(out.first);
  return out;
}

Result<Review> ReviewService::Get(const Principal& p, long long id) {
  Review r;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto found = FindReview(c, id);
    if (!found.ok()) return found.status();
    if (!*found || !Sees(p, (*found)->org_id, (*found)->region_code))
      return NotFound("annual review not found");
    r = std::move(**found);
    auto due = DueDate(c, r.year);
    if (!due.ok()) return due.status();
    r.due_date = *due;
    return Status::Ok();
  }));
  std::vector<Review> one = {r};
  FillRegionNames(one);
  return one.front();
}

namespace {

// Applies the present fields of `in` to `r`, checking each value; files are checked later.
Status Apply(Review& r, const ReviewInput& in) {
  for (auto& [k, v] : in.nums) {
    bool known =
        std::count(ReviewService::FileFields().begin(), ReviewService::FileFields().end(), k) ||
        std::count(ReviewService::NumberFields().begin(), ReviewService::NumberFields().end(), k);
    if (!known) return InvalidArgument(k, "unknown field '" + k + "'");
    if (v && *v < 0) return InvalidArgument(k, k + " must be ≥ 0");
    bool is_file =
        std::count(ReviewService::FileFields().begin(), ReviewService::FileFields().end(), k);
    if (v && !is_file && *v > 100000000000000LL) return InvalidArgument(k, k + " is too large");
    r.nums[k] = v;
  }
  for (auto& [k, v] : in.texts) {
    if (!std::count(ReviewService::TextFields().begin(), ReviewService::TextFields().end(), k))
      return InvalidArgument(k, "unknown field '" + k + "'");
    std::string s = v.value_or("");
    long long n = Utf8Length(s);
    if (n < 0) return InvalidArgument(k, k + " is not valid UTF-8");
    if (n > 5000) return InvalidArgument(k, k + " must have at most 5000 characters");
    r.texts[k] = s;
  }
  return Status::Ok();
}

bool Editable(const std::string& state) { return state == "draft" || state == "returned"; }

}  // namespace

Status ReviewService::CheckFiles(db::Conn& c, const Principal& p, const Review& r, bool require) {
  for (auto& f : FileFields()) {
    auto it = r.nums.find(f);
    bool has = it != r.nums.end() && it->second;
    if (demo_without_files_) continue;
    if (!has) {
      if (require) return InvalidArgument(f, f + " is required: upload the file first");
      continue;
    }
    auto meta = d_.files.CheckAttachable(c, p, *it->second, r.org_id);
    if (!meta.ok()) {
      if (meta.status().code() == Code::kNotFound)
        return InvalidArgument(f, f + " names no file of this organization you may attach");
      return meta.status();
    }
  }
  return Status::Ok();
}

Result<Review> ReviewService::Create(const Principal& p, long long org_id, long long year,
                                     const ReviewInput& in) {
  if (!IsManager(p) && p.role != Role::kOrg)
    return PermissionDenied("annual reviews are filed by the organization or by staff");
  long long this_year = YearOf(NowMs());
  if (year < 2000 || year > this_year)
    return InvalidArgument("year", "year must lie between 2000 and " + std::to_string(this_year));
  Review r;
  r.year = year;
  r.org_id = org_id;
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto org = c.QueryOne("SELECT region_code, name, registered FROM orgs WHERE id = :1", {org_id});
    if (!org.ok()) return org.status();
    if (!*org) return Status(Code::kPermissionDenied, "organization not in your scope", "org_id");
    r.region_code = (*org)->Str(0);
    r.org_name = (*org)->Str(1);
    if (p.role == Role::kOrg ? !(p.org_id && *p.org_id == org_id)
                             : !InSubtree(r.region_code, p.region_code))
      return Status(Code::kPermissionDenied, "organization not in your scope", "org_id");
    r.state = "draft";
    for (auto& f : FileFields()) r.nums[f] = std::nullopt;
    for (auto& f : NumberFields()) r.nums[f] = std::nullopt;
    SHUNIU_RETURN_IF_ERROR(Apply(r, in));
    SHUNIU_RETURN_IF_ERROR(CheckFiles(c, p, r, false));
    r.id = crypto::RandomId();
    r.created_by = p.user_id ? std::optional<long long>(p.user_id) : std::nullopt;
    r.created_at = r.updated_at = NowMs();
    Status ins = c.Exec(
        "INSERT INTO annual_reviews (id, org_id, region_code, year, state, created_by, "
        "created_at, updated_at, version) VALUES (:1, :2, :3, :4, 'draft', :5, :6, :7, 1)",
        {r.id, org_id, r.region_code, year, db::Opt(r.created_by),
         static_cast<long long>(r.created_at), static_cast<long long>(r.updated_at)});
    if (ins.code() == Code::kAlreadyExists)
      return Status(Code::kConflict,
                    "this organization already has an annual review for " + std::to_string(year),
                    "year");
    SHUNIU_RETURN_IF_ERROR(ins);
    SHUNIU_RETURN_IF_ERROR(Save(c, r, 1));
    return audit::AuditService::Record(c, p.ctx, "review.create", "annual_review",
                                       std::to_string(r.id), r.region_code, std::nullopt,
                                       Snapshot(r));
  }));
  return Get(p, r.id);
}

Result<Review> ReviewService::Update(const Principal& p, long long id, long long version,
                                     const ReviewInput& in) {
  if (!IsManager(p) && p.role != Role::kOrg)
    return PermissionDenied("annual reviews are edited by the organization or by staff");
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto found = FindReview(c, id);
    if (!found.ok()) return found.status();
    if (!*found || !Sees(p, (*found)->org_id, (*found)->region_code))
      return NotFound("annual review not found");
    Review r = **found;
    if (r.version != version)
      return Conflict("the review was changed by someone else; reload and try again");
    if (!Editable(r.state))
      return Conflict("a review in state " + r.state +
                      " cannot be edited (only draft and returned reviews can)");
    Review before = r;
    SHUNIU_RETURN_IF_ERROR(Apply(r, in));
    SHUNIU_RETURN_IF_ERROR(CheckFiles(c, p, r, false));
    SHUNIU_RETURN_IF_ERROR(Save(c, r, version));
    return audit::AuditService::Record(c, p.ctx, "review.update", "annual_review",
                                       std::to_string(id), r.region_code, Snapshot(before),
                                       Snapshot(r));
  }));
  return Get(p, id);
}

Result<Review> ReviewService::Transition(const Principal& p, long long id,
                                         std::optional<long long> version,
                                         const std::string& action,
                                         const std::function<Status(db::Conn&, Review&)>& apply) {
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto found = FindReview(c, id);
    if (!found.ok()) return found.status();
    if (!*found || !Sees(p, (*found)->org_id, (*found)->region_code))
      return NotFound("annual review not found");
    Review r = **found;
    if (version && r.version != *version)
      return Conflict("the review was changed by someone else; reload and try again");
    Review before = r;
    SHUNIU_RETURN_IF_ERROR(apply(c, r));
    SHUNIU_RETURN_IF_ERROR(Save(c, r, before.version));
    return audit::AuditService::Record(c, p.ctx, "review." + action, "annual_review",
                                       std::to_string(id), r.region_code, Snapshot(before),
                                       Snapshot(r));
  }));
  return Get(p, id);
}

namespace {
Status Forbidden(const std::string& from, const std::string& to, const std::string& action) {
  return Conflict("cannot " + action + " a review in state " + from + " (" + from + " → " + to +
                  " is not allowed)");
}
}  // namespace

Result<Review> ReviewService::Submit(const Principal& p, long long id,
                                     std::optional<long long> version) {
  if (!IsManager(p) && p.role != Role::kOrg)
    return PermissionDenied("annual reviews are submitted by the organization or by staff");
  return Transition(p, id, version, "submit", [&](db::Conn& c, Review& r) -> Status {
    std::string to = r.state == "returned" ? "resubmitted" : "submitted";
    if (r.state != "draft" && r.state != "returned") return Forbidden(r.state, to, "submit");
    SHUNIU_RETURN_IF_ERROR(CheckFiles(c, p, r, true));
    for (auto& f : TextFields())
      if (r.texts[f].empty()) return InvalidArgument(f, f + " is required to submit");
    for (const char* f : {"income_fen", "spending_fen", "staff_fulltime"})
      if (!r.nums[f]) return InvalidArgument(f, std::string(f) + " is required to submit");
    long long mix = 0;
    bool any = false;
    for (const char* f : {"income_government_fen", "income_donations_fen",
                          "income_service_fees_fen", "income_other_fen"})
      if (r.nums[f]) {
        any = true;
        mix += *r.nums[f];
      }
    if (any && mix != *r.nums["income_fen"])
      return InvalidArgument("income_fen",
                             "the income mix (government purchase, donations, service fees, "
                             "other) must add up to income_fen");
    r.state = to;
    r.submitted_at = NowMs();
    return Status::Ok();
  });
}

Result<Review> ReviewService::Return(const Principal& p, long long id,
                                     std::optional<long long> version, const std::string& note) {
  if (!IsManager(p)) return PermissionDenied("returning a review needs the staff or admin role");
  if (note.empty() || Utf8Length(note) > 2000)
    return InvalidArgument("note", "say (in at most 2000 characters) what must be corrected");
  return Transition(p, id, version, "return", [&](db::Conn&, Review& r) -> Status {
    if (r.state != "submitted" && r.state != "resubmitted")
      return Forbidden(r.state, "returned", "return");
    r.state = "returned";
    r.return_note = note;
    return Status::Ok();
  });
}

Result<Review> ReviewService::Decide(const Principal& p, long long id,
                                     std::optional<long long> version, const std::string& result,
                                     const std::string& reasons,
                                     const std::map<std::string, std::string>& checklist) {
  if (!IsManager(p)) return PermissionDenied("deciding a review needs the staff or admin role");
  if (!kResults.count(result))
    return InvalidArgument("result",
                           "result must be qualified, basically_qualified or unqualified");
  for (auto& [k, v] : checklist) {
    if (!std::count(ChecklistItems().begin(), ChecklistItems().end(), k))
      return InvalidArgument("checklist." + k, "unknown checklist item '" + k + "'");
    if (v != "yes" && v != "no" && v != "na")
      return InvalidArgument("checklist." + k, "answer " + k + " with yes, no or na");
  }
  for (auto& k : ChecklistItems())
    if (!checklist.count(k))
      return InvalidArgument("checklist." + k, "every checklist item must be answered: " + k);
  if (result != "qualified" && reasons.empty())
    return InvalidArgument("reasons", "give the reasons for a result other than qualified");
  if (Utf8Length(reasons) > 2000)
    return InvalidArgument("reasons", "reasons must have at most 2000 characters");
  return Transition(p, id, version, "decide", [&](db::Conn&, Review& r) -> Status {
    if (r.state != "submitted" && r.state != "resubmitted")
      return Forbidden(r.state, "decided", "decide");
    r.state = "decided";
    r.result = result;
    r.reasons = reasons;
    r.checklist = checklist;
    r.decided_at = NowMs();
    r.decided_by = p.user_id ? std::optional<long long>(p.user_id) : std::nullopt;
    r.decided_by_name = p.username;
    return Status::Ok();
  });
}

Result<std::pair<std::vector<OverdueItem>, long long>> ReviewService::Overdue(
    const Principal& p, long long year, const std::string& region, long long page, long long size) {
  if (!IsReader(p))
    return PermissionDenied("the overdue list needs a staff, admin or auditor role");
  std::string code = region.empty() ? p.region_code : region;
  if (!IsScopeCode(code)) return InvalidArgument("region", "region must be a 12-digit code");
  if (!InSubtree(code, p.region_code)) return NotFound("region not found");
  CodeRange cr = SubtreeRange(code);
  std::pair<std::vector<OverdueItem>, long long> out;
  int64_t now = NowMs();
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto due = DueDate(c, year);
    if (!due.ok()) return due.status();
    // Placeholders are bound by position: build each statement in text order.
    auto where = [&](Q& q) {
      std::string w = " WHERE o.region_code BETWEEN " + q.Add(cr.lo);
      w += " AND " + q.Add(cr.hi);
      w += " AND" + CampaignWhere(q, year);
      w += " AND" + NotSubmitted(q, year);
      return w;
    };
    Q cq;
    std::string count_sql = "SELECT COUNT(*) FROM orgs o";
    count_sql += where(cq);
    auto n = c.QueryOne(count_sql, cq.p);
    if (!n.ok()) return n.status();
    out.second = (*n)->Int(0);
    Q q;
    std::string sql =
        "SELECT o.id, o.name, o.region_code, o.status, r.id, r.state, f.flagged_at FROM orgs o "
        "LEFT JOIN annual_reviews r ON r.org_id = o.id AND r.year = " +
        q.Add(year);
    sql += " LEFT JOIN review_overdue_flags f ON f.org_id = o.id AND f.year = " + q.Add(year);
    sql += where(q);
    sql += " ORDER BY o.region_code, o.name, o.id LIMIT " + q.Add(size);
    sql += " OFFSET " + q.Add((page - 1) * size);
    auto rows = c.Query(sql, q.p);
    if (!rows.ok()) return rows.status();
    int64_t end = DueEndMs(*due);
    for (auto& row : *rows) {
      OverdueItem it;
      it.org_id = row.Int(0);
      it.org_name = row.Str(1);
      it.region_code = row.Str(2);
      it.org_status = row.Str(3);
      it.review_id = row.OptInt(4);
      it.state = row.Str(5);
      it.flagged_at = row.OptInt(6);
      it.year = year;
      it.due_date = *due;
      it.days_overdue = now >= end ? (now - end) / kDay + 1 : -((end - now) / kDay);
      out.first.push_back(it);
    }
    return Status::Ok();
  }));
  std::vector<std::string> codes;
  for (auto& it : out.first) codes.push_back(it.region_code);
  auto names = d_.regions.Names(codes);
  if (names.ok())
    for (auto& it : out.first) it.region_name = (*names)[it.region_code];
  return out;
}

Result<long long> ReviewService::FlagOverdue(const Principal& p, long long year, int64_t now_ms) {
  if (!IsManager(p))
    return PermissionDenied("flagging overdue reviews needs the staff or admin role");
  long long flagged = 0;
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto due = DueDate(c, year);
    if (!due.ok()) return due.status();
    if (now_ms < DueEndMs(*due) + d_.cfg.annual_review_grace_days * kDay) return Status::Ok();
    CodeRange cr = SubtreeRange(p.region_code);
    Q q;
    std::string sql =
        "SELECT o.id, o.region_code, o.status FROM orgs o WHERE o.region_code BETWEEN " +
        q.Add(cr.lo);
    sql += " AND " + q.Add(cr.hi);
    sql += " AND" + CampaignWhere(q, year);
    sql += " AND" + NotSubmitted(q, year);
    sql +=
        " AND NOT EXISTS (SELECT 1 FROM review_overdue_flags f WHERE f.org_id = o.id AND "
        "f.year = " +
        q.Add(year);
    sql += ") ORDER BY o.id";
    auto rows = c.Query(sql, q.p);
    if (!rows.ok()) return rows.status();
    for (auto& row : *rows) {
      long long org = row.Int(0);
      SHUNIU_RETURN_IF_ERROR(
          c.Exec("INSERT INTO review_overdue_flags (org_id, year, region_code, flagged_at, "
                 "previous_status) VALUES (:1, :2, :3, :4, :5)",
                 {org, year, row.Str(1), static_cast<long long>(now_ms), row.Str(2)}));
      SHUNIU_RETURN_IF_ERROR(d_.orgs.SetStatusIn(c, p, org, "abnormal", "review_overdue"));
      SHUNIU_RETURN_IF_ERROR(audit::AuditService::Record(
          c, p.ctx, "review.overdue_flag", "org", std::to_string(org), row.Str(1),
          nlohmann::json{{"status", row.Str(2)}},
          nlohmann::json{{"status", "abnormal"}, {"year", year}, {"due_date", *due}}));
      ++flagged;
    }
    return Status::Ok();
  }));
  return flagged;
}

Result<std::vector<ReviewYear>> ReviewService::Years(const Principal& p) {
  if (!IsReader(p) && p.role != Role::kOrg)
    return PermissionDenied("review years need a staff, admin, auditor or organization role");
  std::vector<ReviewYear> out;
  long long this_year = YearOf(NowMs());
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto rows = c.Query("SELECT year, due_date FROM review_years ORDER BY year DESC");
    if (!rows.ok()) return rows.status();
    std::map<long long, ReviewYear> by;
    for (long long y = this_year - 3; y <= this_year; ++y) by[y] = {y, DefaultDue(y), false};
    for (auto& row : *rows) by[row.Int(0)] = {row.Int(0), row.Str(1), true};
    for (auto it = by.rbegin(); it != by.rend(); ++it) out.push_back(it->second);
    return Status::Ok();
  }));
  return out;
}

Result<ReviewYear> ReviewService::SetYear(const Principal& p, long long year,
                                          const std::string& due_date) {
  if (p.role != Role::kAdmin) return PermissionDenied("the due date of a year is set by an admin");
  if (year < 2000 || year > 2100) return InvalidArgument("year", "year must lie in 2000–2100");
  if (due_date.size() != 10 || !ParseRfc3339(due_date) || std::stoll(due_date.substr(0, 4)) <= year)
    return InvalidArgument("due_date", "due_date must be a date YYYY-MM-DD after the year");
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto before = DueDate(c, year);
    if (!before.ok()) return before.status();
    SHUNIU_RETURN_IF_ERROR(c.Exec("DELETE FROM review_years WHERE year = :1", {year}));
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "INSERT INTO review_years (year, due_date, updated_by, updated_at) VALUES (:1, :2, :3, :4)",
        {year, due_date, p.user_id ? db::Value(p.user_id) : db::Null(),
         static_cast<long long>(NowMs())}));
    return audit::AuditService::Record(c, p.ctx, "review.year", "review_year", std::to_string(year),
                                       p.region_code, nlohmann::json{{"due_date", *before}},
                                       nlohmann::json{{"due_date", due_date}});
  }));
  return ReviewYear{year, due_date, true};
}

Result<std::pair<std::vector<Review>, long long>> ReviewService::PublicList(
    std::optional<long long> year, const std::string& q_text, long long page, long long size) {
  Q q;
  std::string where = " WHERE r.state = 'decided'";
  if (year) where += " AND r.year = " + q.Add(*year);
  if (!q_text.empty())
    where += " AND o.name LIKE " + q.Add(db::LikeContains(q_text)) + db::kLikeEscape;
  std::pair<std::vector<Review>, long long> out;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto n = c.QueryOne(std::string("SELECT COUNT(*)") + kFrom + where, q.p);
    if (!n.ok()) return n.status();
    out.second = (*n)->Int(0);
    std::string sql = "SELECT " + Columns() + kFrom + where +
                      " ORDER BY r.year DESC, o.name, r.id LIMIT " + q.Add(size);
    sql += " OFFSET " + q.Add((page - 1) * size);
    auto rows = c.Query(sql, q.p);
    if (!rows.ok()) return rows.status();
    for (auto& row : *rows) out.first.push_back(FromRow(row));
    return Status::Ok();
  }));
  FillRegionNames(out.first);
  return out;
}

Result<Review> ReviewService::PublicGet(long long id) {
  Review r;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto found = FindReview(c, id);
    if (!found.ok()) return found.status();
    if (!*found || (*found)->state != "decided") return NotFound("disclosure not found");
    r = std::move(**found);
    return Status::Ok();
  }));
  std::vector<Review> one = {r};
  FillRegionNames(one);
  return one.front();
}

Result<std::vector<notice::Reminder>> ReviewService::Reminders(db::Conn& c, int64_t now_ms) {
  std::vector<notice::Reminder> out;
  long long this_year = YearOf(now_ms);
  for (long long year = this_year - 2; year <= this_year; ++year) {
    auto due = DueDate(c, year);
    if (!due.ok()) return due.status();
    int64_t end = DueEndMs(*due);
    std::string kind, tag, title_zh, title_en, body_zh, body_en;
    std::string y = std::to_string(year);
    if (now_ms >= end - 30 * kDay && now_ms < end) {
      kind = "annual_review_due";
      tag = now_ms >= end - 7 * kDay ? "7d" : "30d";
      title_zh = y + " 年度年审材料请于 " + *due + " 前提交";
      title_en = "Annual review " + y + ": submit by " + *due;
      body_zh = "请在截止日期前上传年度工作报告、财务报表和审计报告,并填写信息公开事项后提交年审。";
      body_en =
          "Upload the annual work report, financial statements and audit report, fill in the "
          "disclosure items and submit the annual review before the due date.";
    } else if (now_ms >= end && now_ms < end + (d_.cfg.annual_review_grace_days + 60) * kDay) {
      kind = "annual_review_overdue";
      tag = "overdue";
      title_zh = y + " 年度年审已逾期(截止 " + *due + ")";
      title_en = "Annual review " + y + " is overdue (due " + *due + ")";
      body_zh = "贵组织尚未提交年审材料。逾期 " + std::to_string(d_.cfg.annual_review_grace_days) +
                " 天仍未提交的,组织状态将被标记为异常。";
      body_en = "Your organization has not submitted its annual review. After " +
                std::to_string(d_.cfg.annual_review_grace_days) +
                " days past the due date its status is set to abnormal.";
    } else {
      continue;
    }
    Q q;
    std::string sql = "SELECT o.id, o.region_code FROM orgs o WHERE" + CampaignWhere(q, year);
    sql += " AND" + NotSubmitted(q, year);
    sql += " ORDER BY o.id";
    auto rows = c.Query(sql, q.p);
    if (!rows.ok()) return rows.status();
    for (auto& row : *rows) {
      notice::Reminder r;
      r.key = (kind == "annual_review_due" ? "annual_review.due:" : "annual_review.overdue:") +
              std::to_string(row.Int(0)) + ":" + y + (tag == "overdue" ? "" : ":" + tag);
      r.kind = kind;
      r.org_ids = {row.Int(0)};
      r.region_code = row.Str(1);
      r.title_zh = title_zh;
      r.title_en = title_en;
      r.body_zh = body_zh;
      r.body_en = body_en;
      r.link = "/annual-reviews?year=" + y;
      out.push_back(std::move(r));
    }
  }
  return out;
}

}  // namespace shuniu::hub
