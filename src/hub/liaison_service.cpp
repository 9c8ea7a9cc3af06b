// Cadre liaison: visits and contacts, follow-ups, workload and stale lists.
#include "hub/liaison_service.h"

#include <nlohmann/json.hpp>

#include "core/crypto.h"
#include "core/json_input.h"
#include "core/region_code.h"
#include "core/time.h"

namespace shuniu::hub {
namespace {

constexpr int64_t kDay = 24LL * 3600 * 1000;
constexpr int64_t kChinaOffset = 8LL * 3600 * 1000;

struct Q {
  std::vector<db::Value> p;
  std::string Add(db::Value v) {
    p.push_back(std::move(v));
    return ":" + std::to_string(p.size());
  }
};

bool IsManager(const Principal& p) { return p.role == Role::kAdmin || p.role == Role::kStaff; }
bool IsReader(const Principal& p) { return IsManager(p) || p.role == Role::kAuditor; }

// Today's date in China Standard Time.
std::string Today(int64_t now) { return Rfc3339(now + kChinaOffset).substr(0, 10); }
std::string DaysBefore(const std::string& date, long long days) {
  return Rfc3339(ParseRfc3339(date).value_or(0) - days * kDay).substr(0, 10);
}
long long DaysBetween(const std::string& from, const std::string& to) {
  return (ParseRfc3339(to).value_or(0) - ParseRfc3339(from).value_or(0)) / kDay;
}

bool IsDate(const std::string& s) { return s.size() == 10 && ParseRfc3339(s).has_value(); }

constexpr const char* kColumns =
    "v.id, v.org_id, o.name, v.region_code, v.visited_on, v.form, v.topics, v.issues, "
    "v.follow_up, v.follow_up_due, v.follow_up_state, v.closing_note, v.closed_on, "
    "v.recorded_by, v.recorded_by_name, v.created_at, v.updated_at, v.version";
constexpr const char* kFrom = " FROM liaison_visits v JOIN orgs o ON o.id = v.org_id";

Visit FromRow(const db::Row& r) {
  Visit v;
  v.id = r.Int(0);
  v.org_id = r.Int(1);
  v.org_name = r.Str(2);
  v.region_code = r.Str(3);
  v.visited_on = r.Str(4);
  v.form = r.Str(5);
  v.topics = r.Str(6);
  v.issues = r.Str(7);
  v.follow_up = r.Str(8);
  v.follow_up_due = r.Str(9);
  v.follow_up_state = r.Str(10);
  v.closing_note = r.Str(11);
  v.closed_on = r.Str(12);
  v.recorded_by = r.Int(13);
  v.recorded_by_name = r.Str(14);
  v.created_at = r.Int(15);
  v.updated_at = r.Int(16);
  v.version = r.Int(17);
  return v;
}

Result<std::optional<Visit>> Find(db::Conn& c, long long id) {
  auto row = c.QueryOne(std::string("SELECT ") + kColumns + kFrom + " WHERE v.id = :1", {id});
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<Visit>();
  return std::optional<Visit>(FromRow(**row));
}

nlohmann::json Snapshot(const Visit& v) {
  return {{"id", v.id},
          {"org_id", v.org_id},
          {"visited_on", v.visited_on},
          {"form", v.form},
          {"topics", v.topics},
          {"issues", v.issues},
          {"follow_up", v.follow_up},
          {"follow_up_due", v.follow_up_due},
          {"follow_up_state", v.follow_up_state},
          {"closing_note", v.closing_note},
          {"closed_on", v.closed_on},
          {"version", v.version}};
}

db::Value NullIfEmpty(const std::string& s) { return s.empty() ? db::Null() : db::Value(s); }

Status Save(db::Conn& c, Visit& v, long long expected) {
  v.updated_at = NowMs();
  auto n = c.ExecCount(
      "UPDATE liaison_visits SET visited_on = :1, form = :2, topics = :3, issues = :4, "
      "follow_up = :5, follow_up_due = :6, follow_up_state = :7, closing_note = :8, "
      "closed_on = :9, updated_at = :10, version = version + 1 WHERE id = :11 AND version = :12",
      {v.visited_on, v.form, v.topics, NullIfEmpty(v.issues), NullIfEmpty(v.follow_up),
       NullIfEmpty(v.follow_up_due), v.follow_up_state, NullIfEmpty(v.closing_note),
       NullIfEmpty(v.closed_on), static_cast<long long>(v.updated_at), v.id, expected});
  if (!n.ok()) return n.status();
  if (*n != 1) return Conflict("the visit was changed by someone else; reload and try again");
  v.version = expected + 1;
  return Status::Ok();
}

Status Apply(Visit& v, const VisitInput& in, int64_t now) {
  static const std::map<std::string, size_t> kMax = {{"visited_on", 10},  {"form", 16},
                                                     {"topics", 2000},    {"issues", 2000},
                                                     {"follow_up", 2000}, {"follow_up_due", 10}};
  for (auto& [k, raw] : in.v) {
    auto lim = kMax.find(k);
    if (lim == kMax.end()) return InvalidArgument(k, "unknown field '" + k + "'");
    long long n = Utf8Length(raw);
    if (n < 0) return InvalidArgument(k, k + " is not valid UTF-8");
    if (static_cast<size_t>(n) > lim->second)
      return InvalidArgument(
          k, k + " must have at most " + std::to_string(lim->second) + " characters");
    if (k == "visited_on") v.visited_on = raw;
    if (k == "form") v.form = raw;
    if (k == "topics") v.topics = raw;
    if (k == "issues") v.issues = raw;
    if (k == "follow_up") v.follow_up = raw;
    if (k == "follow_up_due") v.follow_up_due = raw;
  }
  if (!IsDate(v.visited_on))
    return InvalidArgument("visited_on", "visited_on must be a date YYYY-MM-DD");
  if (v.visited_on > Today(now))
    return InvalidArgument("visited_on", "visited_on cannot lie in the future");
  const auto& forms = LiaisonService::Forms();
  if (std::find(forms.begin(), forms.end(), v.form) == forms.end())
    return InvalidArgument("form", "form must be visit, phone, meeting, online or other");
  if (v.topics.empty()) return InvalidArgument("topics", "topics is required");
  if (!v.follow_up_due.empty() && !IsDate(v.follow_up_due))
    return InvalidArgument("follow_up_due", "follow_up_due must be a date YYYY-MM-DD");
  if (!v.follow_up_due.empty() && v.follow_up.empty())
    return InvalidArgument("follow_up", "describe the follow-up that is due");
  if (v.follow_up_state != "closed") v.follow_up_state = v.follow_up.empty() ? "none" : "open";
  return Status::Ok();
}

Result<std::string> DisplayName(db::Conn& c, const Principal& p) {
  auto row = c.QueryOne("SELECT display_name FROM users WHERE id = :1", {p.user_id});
  if (!row.ok()) return row.status();
  return *row ? (*row)->Str(0) : p.username;
}

Result<CodeRange> ScopeRange(const Principal& p, const std::string& region) {
  if (!IsReader(p)) return PermissionDenied("cadre liaison needs a staff, admin or auditor role");
  std::string code = region.empty() ? p.region_code : region;
  if (!IsScopeCode(code)) return InvalidArgument("region", "region must be a 12-digit code");
  if (!InSubtree(code, p.region_code)) return NotFound("region not found");
  return SubtreeRange(code);
}

}  // namespace

const std::vector<std::string>& LiaisonService::Forms() {
  static const std::vector<std::string> f = {"visit", "phone", "meeting", "online", "other"};
  return f;
}

LiaisonService::LiaisonService(const Deps& deps) : d_(deps) {}

Result<std::pair<std::vector<Visit>, long long>> LiaisonService::List(const Principal& p,
                                                                      const VisitFilter& f) {
  auto range = ScopeRange(p, f.region);
  if (!range.ok()) return range.status();
  Q q;
  std::string where = " WHERE v.region_code BETWEEN " + q.Add(range->lo);
  where += " AND " + q.Add(range->hi);
  if (f.org_id) where += " AND v.org_id = " + q.Add(*f.org_id);
  if (!f.form.empty()) where += " AND v.form = " + q.Add(f.form);
  if (!f.follow_up_state.empty()) {
    if (f.follow_up_state != "none" && f.follow_up_state != "open" && f.follow_up_state != "closed")
      return InvalidArgument("follow_up_state", "follow_up_state must be none, open or closed");
    where += " AND v.follow_up_state = " + q.Add(f.follow_up_state);
  }
  if (!f.from.empty()) where += " AND v.visited_on >= " + q.Add(f.from);
  if (!f.to.empty()) where += " AND v.visited_on <= " + q.Add(f.to);
  std::pair<std::vector<Visit>, long long> out;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto n = c.QueryOne(std::string("SELECT COUNT(*)") + kFrom + where, q.p);
    if (!n.ok()) return n.status();
    out.second = (*n)->Int(0);
    Q pq = q;
    std::string sql = std::string("SELECT ") + kColumns + kFrom + where +
                      " ORDER BY v.visited_on DESC, v.created_at DESC, v.id LIMIT " +
                      pq.Add(f.size);
    sql += " OFFSET " + pq.Add((f.page - 1) * f.size);
    auto rows = c.Query(sql, pq.p);
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows) out.first.push_back(FromRow(r));
    return Status::Ok();
  }));
  std::vector<std::string> codes;
  for (auto& v : out.first) codes.push_back(v.region_code);
  auto names = d_.regions.Names(codes);
  if (names.ok())
    for (auto& v : out.first) v.region_name = (*names)[v.region_code];
  return out;
}

Result<Visit> LiaisonService::Get(const Principal& p, long long id) {
  if (!IsReader(p)) return PermissionDenied("cadre liaison needs a staff, admin or auditor role");
  Visit v;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto f = Find(c, id);
    if (!f.ok()) return f.status();
    if (!*f || !InSubtree((*f)->region_code, p.region_code)) return NotFound("visit not found");
    v = std::move(**f);
    return Status::Ok();
  }));
  auto names = d_.regions.Names({v.region_code});
  if (names.ok()) v.region_name = (*names)[v.region_code];
  return v;
}

Result<Visit> LiaisonService::Create(const Principal& p, const VisitInput& in) {
  if (!IsManager(p)) return PermissionDenied("recording visits needs the staff or admin role");
  if (!in.org_id) return InvalidArgument("org_id", "org_id is required");
  Visit v;
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto org = c.QueryOne("SELECT region_code, name FROM orgs WHERE id = :1", {*in.org_id});
    if (!org.ok()) return org.status();
    if (!*org || !InSubtree((*org)->Str(0), p.region_code))
      return Status(Code::kPermissionDenied, "organization not in your scope", "org_id");
    v.id = crypto::RandomId();
    v.org_id = *in.org_id;
    v.region_code = (*org)->Str(0);
    v.org_name = (*org)->Str(1);
    SHUNIU_RETURN_IF_ERROR(Apply(v, in, NowMs()));
    auto name = DisplayName(c, p);
    if (!name.ok()) return name.status();
    v.recorded_by = p.user_id;
    v.recorded_by_name = *name;
    v.created_at = v.updated_at = NowMs();
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "INSERT INTO liaison_visits (id, org_id, region_code, visited_on, form, topics, issues, "
        "follow_up, follow_up_due, follow_up_state, recorded_by, recorded_by_name, created_at, "
        "updated_at, version) VALUES (:1, :2, :3, :4, :5, :6, :7, :8, :9, :10, :11, :12, :13, "
        ":14, 1)",
        {v.id, v.org_id, v.region_code, v.visited_on, v.form, v.topics, NullIfEmpty(v.issues),
         NullIfEmpty(v.follow_up), NullIfEmpty(v.follow_up_due), v.follow_up_state, v.recorded_by,
         v.recorded_by_name, static_cast<long long>(v.created_at),
         static_cast<long long>(v.updated_at)}));
    return audit::AuditService::Record(c, p.ctx, "visit.create", "visit", std::to_string(v.id),
                                       v.region_code, std::nullopt, Snapshot(v));
  }));
  return Get(p, v.id);
}

Result<Visit> LiaisonService::Update(const Principal& p, long long id, long long version,
                                     const VisitInput& in) {
  if (!IsManager(p)) return PermissionDenied("editing visits needs the staff or admin role");
  if (in.org_id) return InvalidArgument("org_id", "the organization of a visit cannot change");
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto f = Find(c, id);
    if (!f.ok()) return f.status();
    if (!*f || !InSubtree((*f)->region_code, p.region_code)) return NotFound("visit not found");
    Visit v = **f;
    if (v.version != version)
      return Conflict("the visit was changed by someone else; reload and try again");
    Visit before = v;
    if (v.follow_up_state == "closed" && (in.v.count("follow_up") || in.v.count("follow_up_due")))
      return Conflict("the follow-up is closed (closed → open is not allowed); record a new visit");
    SHUNIU_RETURN_IF_ERROR(Apply(v, in, NowMs()));
    SHUNIU_RETURN_IF_ERROR(Save(c, v, version));
    return audit::AuditService::Record(c, p.ctx, "visit.update", "visit", std::to_string(id),
                                       v.region_code, Snapshot(before), Snapshot(v));
  }));
  return Get(p, id);
}

Result<Visit> LiaisonService::CloseFollowUp(const Principal& p, long long id,
                                            std::optional<long long> version,
                                            const std::string& note, const std::string& closed_on) {
  if (!IsManager(p)) return PermissionDenied("closing follow-ups needs the staff or admin role");
  if (note.empty() || Utf8Length(note) > 2000)
    return InvalidArgument("note", "say (in at most 2000 characters) how the follow-up was closed");
  std::string on = closed_on.empty() ? Today(NowMs()) : closed_on;
  if (!IsDate(on)) return InvalidArgument("closed_on", "closed_on must be a date YYYY-MM-DD");
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto f = Find(c, id);
    if (!f.ok()) return f.status();
    if (!*f || !InSubtree((*f)->region_code, p.region_code)) return NotFound("visit not found");
    Visit v = **f;
    if (version && v.version != *version)
      return Conflict("the visit was changed by someone else; reload and try again");
    if (v.follow_up_state != "open")
      return Conflict("the follow-up is " + v.follow_up_state + " (" + v.follow_up_state +
                      " → closed is not allowed)");
    if (on < v.visited_on)
      return InvalidArgument("closed_on", "closed_on cannot lie before the visit");
    Visit before = v;
    v.follow_up_state = "closed";
    v.closing_note = note;
    v.closed_on = on;
    SHUNIU_RETURN_IF_ERROR(Save(c, v, v.version));
    return audit::AuditService::Record(c, p.ctx, "visit.close_follow_up", "visit",
                                       std::to_string(id), v.region_code, Snapshot(before),
                                       Snapshot(v));
  }));
  return Get(p, id);
}

Result<Workload> LiaisonService::GetWorkload(const Principal& p, const std::string& region) {
  auto range = ScopeRange(p, region);
  if (!range.ok()) return range.status();
  Workload w;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto rows = c.Query(
        "SELECT o.id, o.name, o.region_code, o.cadre_user_id, o.department, u.display_name, "
        "(SELECT MAX(v.visited_on) FROM liaison_visits v WHERE v.org_id = o.id), "
        "(SELECT COUNT(*) FROM liaison_visits v WHERE v.org_id = o.id), "
        "(SELECT COUNT(*) FROM liaison_visits v WHERE v.org_id = o.id AND "
        "v.follow_up_state = 'open') "
        "FROM orgs o LEFT JOIN users u ON u.id = o.cadre_user_id "
        "WHERE o.region_code BETWEEN :1 AND :2 AND o.status <> 'deregistered' AND "
        "(o.cadre_user_id IS NOT NULL OR o.department IS NOT NULL) ORDER BY o.name, o.id",
        {range->lo, range->hi});
    if (!rows.ok()) return rows.status();
    std::map<long long, WorkloadGroup> cadres;
    std::map<std::string, WorkloadGroup> depts;
    auto add = [](WorkloadGroup& g, const LinkedOrg& o) {
      g.orgs.push_back(o);
      if (o.last_contact.empty()) ++g.never_contacted;
      g.open_follow_ups += o.open_follow_ups;
      if (o.last_contact > g.last_contact) g.last_contact = o.last_contact;
    };
    for (auto& r : *rows) {
      LinkedOrg o{r.Int(0), r.Str(1), r.Str(2), r.Str(6), r.Int(7), r.Int(8)};
      if (!r.IsNull(3)) {
        auto& g = cadres[r.Int(3)];
        g.cadre_user_id = r.Int(3);
        g.name = r.IsNull(5) ? "#" + std::to_string(r.Int(3)) : r.Str(5);
        add(g, o);
      }
      if (!r.Str(4).empty()) {
        auto& g = depts[r.Str(4)];
        g.name = r.Str(4);
        add(g, o);
      }
    }
    for (auto& [k, g] : cadres) w.cadres.push_back(std::move(g));
    for (auto& [k, g] : depts) w.departments.push_back(std::move(g));
    auto by_name = [](const WorkloadGroup& a, const WorkloadGroup& b) { return a.name < b.name; };
    std::sort(w.cadres.begin(), w.cadres.end(), by_name);
    return Status::Ok();
  }));
  return w;
}

Result<std::pair<std::vector<StaleOrg>, long long>> LiaisonService::Stale(
    const Principal& p, long long days, const std::string& region, bool linked_only, long long page,
    long long size) {
  auto range = ScopeRange(p, region);
  if (!range.ok()) return range.status();
  if (days < 1 || days > 3650) return InvalidArgument("days", "days must lie in 1–3650");
  std::string today = Today(NowMs());
  std::string cutoff = DaysBefore(today, days);
  std::pair<std::vector<StaleOrg>, long long> out;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto inner = [&](Q& q) {
      std::string s =
          "SELECT o.id, o.name, o.region_code, o.department, o.cadre_user_id, "
          "(SELECT MAX(v.visited_on) FROM liaison_visits v WHERE v.org_id = o.id) AS last_contact "
          "FROM orgs o WHERE o.status <> 'deregistered' AND o.region_code BETWEEN " +
          q.Add(range->lo);
      s += " AND " + q.Add(range->hi);
      if (linked_only) s += " AND (o.cadre_user_id IS NOT NULL OR o.department IS NOT NULL)";
      std::string outer =
          "SELECT t.id, t.name, t.region_code, t.department, t.cadre_user_id, "
          "t.last_contact, u.display_name FROM (" +
          s +
          ") t LEFT JOIN users u ON u.id = t.cadre_user_id WHERE "
          "t.last_contact IS NULL OR t.last_contact <= " +
          q.Add(cutoff);
      return outer;
    };
    Q cq;
    std::string count_sql = "SELECT COUNT(*) FROM (" + inner(cq);
    count_sql += ") s";
    auto n = c.QueryOne(count_sql, cq.p);
    if (!n.ok()) return n.status();
    out.second = (*n)->Int(0);
    Q q;
    std::string sql = inner(q) + " ORDER BY COALESCE(t.last_contact, ''), t.name, t.id LIMIT ";
    sql += q.Add(size);
    sql += " OFFSET " + q.Add((page - 1) * size);
    auto rows = c.Query(sql, q.p);
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows) {
      StaleOrg s;
      s.org_id = r.Int(0);
      s.org_name = r.Str(1);
      s.region_code = r.Str(2);
      s.department = r.Str(3);
      s.cadre_user_id = r.OptInt(4);
      s.last_contact = r.Str(5);
      s.cadre_name = r.Str(6);
      if (!s.last_contact.empty()) s.days_since = DaysBetween(s.last_contact, today);
      out.first.push_back(s);
    }
    return Status::Ok();
  }));
  std::vector<std::string> codes;
  for (auto& s : out.first) codes.push_back(s.region_code);
  auto names = d_.regions.Names(codes);
  if (names.ok())
    for (auto& s : out.first) s.region_name = (*names)[s.region_code];
  return out;
}

}  // namespace shuniu::hub
