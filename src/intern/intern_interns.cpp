// Interns of a base: placement, sealed phone, evaluation, hour logs, the
// interns an organization hosted, and the figures for the annual report.
#include <set>

#include "audit/audit_service.h"
#include "core/crypto.h"
#include "core/json_input.h"
#include "core/region_code.h"
#include "core/time.h"
#include "intern/intern_json.h"
#include "intern/intern_service.h"
#include "org/org_service.h"
#include "party/party_service.h"
#include "party/party_util.h"
#include "party/pii.h"

namespace shuniu::intern {

using party::DateField;
using party::Text;

namespace {

constexpr const char* kPhonePurpose = "intern.phone";
const std::set<std::string> kGrades = {"", "excellent", "good", "pass", "fail"};

bool IsStaff(const Principal& p) { return p.role == Role::kAdmin || p.role == Role::kStaff; }

constexpr const char* kInternCols =
    "i.id, i.internship_base_id, i.region_code, i.org_id, o.name, i.name, i.school, i.major, "
    "i.phone_masked, i.start_on, i.end_on, i.grade, i.evaluation, i.version, i.created_at, "
    "i.updated_at, ib.name, ib.university, "
    "(SELECT COALESCE(SUM(h.hours), 0) FROM intern_hours h WHERE h.intern_id = i.id), "
    "(SELECT COUNT(DISTINCT h.worked_on) FROM intern_hours h WHERE h.intern_id = i.id)";
constexpr const char* kInternFrom =
    " FROM interns i JOIN internship_bases ib ON ib.id = i.internship_base_id LEFT JOIN orgs o ON "
    "o.id = i.org_id";

Intern InternFromRow(const db::Row& r) {
  Intern x;
  x.id = r.Int(0);
  x.internship_base_id = r.Int(1);
  x.region_code = r.Str(2);
  x.org_id = r.OptInt(3);
  x.org_name = r.Str(4);
  x.name = r.Str(5);
  x.school = r.Str(6);
  x.major = r.Str(7);
  x.phone = r.Str(8);
  x.start_on = r.Str(9);
  x.end_on = r.Str(10);
  x.grade = r.Str(11);
  x.evaluation = r.Str(12);
  x.version = r.Int(13);
  x.created_at = r.Int(14);
  x.updated_at = r.Int(15);
  x.base_name = r.Str(16);
  x.university = r.Str(17);
  x.hours = r.Int(18);
  x.days = r.Int(19);
  return x;
}

}  // namespace

Result<Intern> InternService::LoadIntern(db::Conn& c, const Base& b, long long id) {
  auto row = c.QueryOne(std::string("SELECT ") + kInternCols + kInternFrom +
                            " WHERE i.id = :1 AND i.internship_base_id = :2",
                        {id, b.id});
  if (!row.ok()) return row.status();
  if (!*row) return NotFound("intern not found");
  return InternFromRow(**row);
}

Status InternService::ApplyIntern(const InternInput& in, const Base& b, Intern& x,
                                  std::string& phone_digits) {
  SHUNIU_RETURN_IF_ERROR(Text(in.name, "name", 1, 64, x.name));
  SHUNIU_RETURN_IF_ERROR(Text(in.school, "school", 1, 100, x.school));
  SHUNIU_RETURN_IF_ERROR(Text(in.major, "major", 0, 100, x.major));
  SHUNIU_RETURN_IF_ERROR(Text(in.evaluation, "evaluation", 0, 4000, x.evaluation));
  SHUNIU_RETURN_IF_ERROR(DateField(in.start_on, "start_on", false, x.start_on));
  SHUNIU_RETURN_IF_ERROR(DateField(in.end_on, "end_on", false, x.end_on));
  if (x.end_on < x.start_on) return InvalidArgument("end_on", "end_on must not precede start_on");
  if (x.start_on < b.term_start || x.start_on > b.term_end)
    return InvalidArgument("start_on", "start_on must lie within the base's term " + b.term_start +
                                           " – " + b.term_end);
  if (in.grade) {
    if (!kGrades.count(*in.grade))
      return InvalidArgument("grade", "grade must be excellent, good, pass, fail or empty");
    x.grade = *in.grade;
  }
  if (in.phone) {
    phone_digits.clear();
    if (!in.phone->empty()) {
      phone_digits = party::PhoneDigits(*in.phone);
      if (phone_digits.empty())
        return InvalidArgument("phone", "phone must be a phone number (7–15 digits)");
    }
    x.phone = phone_digits.empty() ? "" : org::MaskPhone(phone_digits);
  }
  return Status::Ok();
}

Result<std::vector<Intern>> InternService::Interns(const Principal& p, long long base_id,
                                                   bool unmask_phone) {
  std::vector<Intern> out;
  std::vector<std::string> sealed;
  std::string region;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto b = LoadBase(c, p, base_id);
    if (!b.ok()) return b.status();
    region = b->region_code;
    auto rows = c.Query(std::string("SELECT ") + kInternCols + ", i.phone_sealed" + kInternFrom +
                            " WHERE i.internship_base_id = :1 ORDER BY i.start_on DESC, i.name",
                        {base_id});
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows) {
      out.push_back(InternFromRow(r));
      sealed.push_back(r.Str(20));
    }
    return Status::Ok();
  }));
  if (!unmask_phone) return out;
  if (!IsStaff(p)) return PermissionDenied("unmasking phones needs the staff role");
  for (size_t i = 0; i < out.size(); ++i) {
    if (sealed[i].empty()) continue;
    auto v = crypto::OpenText(secret_, kPhonePurpose, sealed[i]);
    if (!v) continue;
    out[i].phone = *v;
    out[i].phone_unmasked = true;
  }
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) {
    return audit::AuditService::Record(c, p.ctx, "intern.phone_read", "internship_base",
                                       std::to_string(base_id), region, std::nullopt,
                                       nlohmann::json{{"interns", out.size()}});
  }));
  return out;
}

Result<Intern> InternService::AddIntern(const Principal& p, long long base_id,
                                        const InternInput& in) {
  if (!in.name) return InvalidArgument("name", "name is required");
  if (!in.start_on) return InvalidArgument("start_on", "start_on is required");
  if (!in.end_on) return InvalidArgument("end_on", "end_on is required");
  long long id = crypto::RandomId();
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto b = LoadBase(c, p, base_id);
    if (!b.ok()) return b.status();
    if (!IsStaff(p)) return PermissionDenied("placing interns needs the staff role");
    Intern x;
    x.id = id;
    x.school = b->university;
    x.created_at = x.updated_at = NowMs();
    std::string phone;
    SHUNIU_RETURN_IF_ERROR(ApplyIntern(in, *b, x, phone));
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "INSERT INTO interns (id, internship_base_id, region_code, org_id, name, school, major, "
        "phone_sealed, phone_index, phone_masked, start_on, end_on, grade, evaluation, version, "
        "created_at, updated_at) VALUES (:1, :2, :3, :4, :5, :6, :7, :8, :9, :10, :11, :12, :13, "
        ":14, 1, :15, :16)",
        {id, base_id, b->region_code, db::Opt(b->org_id), x.name, x.school, x.major,
         phone.empty() ? "" : crypto::SealText(secret_, kPhonePurpose, phone),
         phone.empty() ? "" : crypto::HmacSha256Hex(secret_, "phone:" + phone), x.phone, x.start_on,
         x.end_on, x.grade, x.evaluation, static_cast<long long>(x.created_at),
         static_cast<long long>(x.updated_at)}));
    return audit::AuditService::Record(c, p.ctx, "intern.add", "intern", std::to_string(id),
                                       b->region_code, std::nullopt, InternAuditJson(x));
  }));
  std::vector<Intern> all;
  auto list = Interns(p, base_id, false);
  if (!list.ok()) return list.status();
  for (auto& x : *list)
    if (x.id == id) return x;
  return NotFound("intern not found");
}

Result<Intern> InternService::UpdateIntern(const Principal& p, long long base_id, long long id,
                                           long long version, const InternInput& in) {
  Intern out;
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto b = LoadBase(c, p, base_id);
    if (!b.ok()) return b.status();
    auto found = LoadIntern(c, *b, id);
    if (!found.ok()) return found.status();
    if (!IsStaff(p)) return PermissionDenied("changing interns needs the staff role");
    if (found->version != version)
      return Conflict("the intern was changed by someone else; reload and try again");
    Intern before = *found, x = *found;
    std::string phone;
    SHUNIU_RETURN_IF_ERROR(ApplyIntern(in, *b, x, phone));
    auto outside = c.QueryOne(
        "SELECT COUNT(*) FROM intern_hours WHERE intern_id = :1 AND (worked_on < :2 OR worked_on "
        "> :3)",
        {id, x.start_on, x.end_on});
    if (!outside.ok()) return outside.status();
    if (*outside && (*outside)->Int(0) > 0)
      return InvalidArgument(in.start_on ? "start_on" : "end_on",
                             "logged hours would fall outside the placement dates");
    x.version += 1;
    x.updated_at = NowMs();
    if (in.phone)
      SHUNIU_RETURN_IF_ERROR(c.Exec(
          "UPDATE interns SET phone_sealed = :1, phone_index = :2, phone_masked = :3 WHERE id = "
          ":4",
          {phone.empty() ? "" : crypto::SealText(secret_, kPhonePurpose, phone),
           phone.empty() ? "" : crypto::HmacSha256Hex(secret_, "phone:" + phone), x.phone, id}));
    auto n = c.ExecCount(
        "UPDATE interns SET name = :1, school = :2, major = :3, start_on = :4, end_on = :5, grade "
        "= :6, evaluation = :7, version = :8, updated_at = :9 WHERE id = :10 AND version = :11",
        {x.name, x.school, x.major, x.start_on, x.end_on, x.grade, x.evaluation, x.version,
         static_cast<long long>(x.updated_at), id, version});
    if (!n.ok()) return n.status();
    if (*n != 1) return Conflict("the intern was changed by someone else; reload and try again");
    out = x;
    return audit::AuditService::Record(c, p.ctx, "intern.update", "intern", std::to_string(id),
                                       b->region_code, InternAuditJson(before), InternAuditJson(x));
  }));
  return out;
}

Result<std::vector<HourEntry>> InternService::Hours(const Principal& p, long long base_id,
                                                    long long intern_id) {
  std::vector<HourEntry> out;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto b = LoadBase(c, p, base_id);
    if (!b.ok()) return b.status();
    auto x = LoadIntern(c, *b, intern_id);
    if (!x.ok()) return x.status();
    auto rows = c.Query(
        "SELECT id, intern_id, hours, worked_on, activity, recorded_by_name, created_at FROM "
        "intern_hours WHERE intern_id = :1 ORDER BY worked_on DESC, id DESC",
        {intern_id});
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows)
      out.push_back({r.Int(0), r.Int(1), r.Int(2), r.Str(3), r.Str(4), r.Str(5), r.Int(6)});
    return Status::Ok();
  }));
  return out;
}

Result<HourEntry> InternService::LogHours(const Principal& p, long long base_id,
                                          long long intern_id, const HourInput& in) {
  if (in.hours <= 0 || in.hours > 24)
    return InvalidArgument("hours", "hours must be 1–24 for one day");
  if (!party::IsDate(in.worked_on))
    return InvalidArgument("worked_on", "worked_on must be a date YYYY-MM-DD");
  if (Utf8Length(in.activity) < 1 || Utf8Length(in.activity) > 500)
    return InvalidArgument("activity", "activity must have 1–500 characters");
  HourEntry e{crypto::RandomId(), intern_id,       in.hours, in.worked_on,
              in.activity,        party::Actor(p), NowMs()};
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto b = LoadBase(c, p, base_id);
    if (!b.ok()) return b.status();
    auto x = LoadIntern(c, *b, intern_id);
    if (!x.ok()) return x.status();
    if (!IsStaff(p) && p.role != Role::kOrg)
      return PermissionDenied("logging hours needs the staff role or the host's account");
    if (in.worked_on < x->start_on || in.worked_on > x->end_on)
      return InvalidArgument("worked_on", "worked_on must lie within the placement " + x->start_on +
                                              " – " + x->end_on);
    auto day = c.QueryOne(
        "SELECT COALESCE(SUM(hours), 0) FROM intern_hours WHERE intern_id = :1 AND worked_on = :2",
        {intern_id, in.worked_on});
    if (!day.ok()) return day.status();
    long long already = *day ? (*day)->Int(0) : 0;
    if (already + in.hours > 24)
      return InvalidArgument("hours", "hours of one day add up to more than 24 (" +
                                          std::to_string(already) + " logged already)");
    SHUNIU_RETURN_IF_ERROR(
        c.Exec("INSERT INTO intern_hours (id, intern_id, region_code, worked_on, hours, activity, "
               "recorded_by_name, created_at) VALUES (:1, :2, :3, :4, :5, :6, :7, :8)",
               {e.id, intern_id, b->region_code, e.worked_on, e.hours, e.activity,
                e.recorded_by_name, static_cast<long long>(e.created_at)}));
    return audit::AuditService::Record(
        c, p.ctx, "intern.hours_log", "intern", std::to_string(intern_id), b->region_code,
        std::nullopt,
        nlohmann::json{{"worked_on", e.worked_on}, {"hours", e.hours}, {"activity", e.activity}});
  }));
  return e;
}

Result<OrgInterns> InternService::ForOrg(const Principal& p, long long org_id) {
  OrgInterns out;
  out.org_id = org_id;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto o = c.QueryOne("SELECT region_code, name FROM orgs WHERE id = :1", {org_id});
    if (!o.ok()) return o.status();
    if (!*o) return NotFound("organization not found");
    bool visible = (p.role == Role::kOrg) ? (p.org_id && *p.org_id == org_id)
                   : (IsStaff(p) || p.role == Role::kAuditor)
                       ? InSubtree((*o)->Str(0), p.region_code)
                       : false;
    if (!visible) return NotFound("organization not found");
    out.org_name = (*o)->Str(1);
    auto rows = c.Query(std::string("SELECT ") + kInternCols + kInternFrom +
                            " WHERE i.org_id = :1 ORDER BY i.start_on DESC, i.name",
                        {org_id});
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows) {
      out.interns.push_back(InternFromRow(r));
      out.hours += out.interns.back().hours;
    }
    return Status::Ok();
  }));
  return out;
}

Result<Figures> InternService::FiguresFor(const std::string& region, const std::string& from,
                                          const std::string& to) {
  if (!IsScopeCode(region)) return InvalidArgument("region", "region must be a region code");
  if (!party::IsDate(from)) return InvalidArgument("from", "from must be a date YYYY-MM-DD");
  if (!party::IsDate(to) || to < from) return InvalidArgument("to", "to must be a date after from");
  auto r = SubtreeRange(region);
  Figures f;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto b = c.QueryOne(
        "SELECT COUNT(*) FROM internship_bases WHERE region_code BETWEEN :1 AND :2 AND "
        "term_start < :3 AND term_end >= :4",
        {r.lo, r.hi, to, from});
    if (!b.ok()) return b.status();
    f.bases_active = *b ? (*b)->Int(0) : 0;
    auto i = c.QueryOne(
        "SELECT COALESCE(SUM(CASE WHEN start_on >= :1 THEN 1 ELSE 0 END), 0), COUNT(*) FROM "
        "interns WHERE region_code BETWEEN :2 AND :3 AND start_on < :4 AND end_on >= :5",
        {from, r.lo, r.hi, to, from});
    if (!i.ok()) return i.status();
    if (*i) {
      f.interns_placed = (*i)->Int(0);
      f.interns_active = (*i)->Int(1);
    }
    auto rows = c.Query(
        "SELECT i.org_id, o.name, COUNT(DISTINCT i.id), COALESCE(SUM(h.hours), 0) FROM interns i "
        "LEFT JOIN orgs o ON o.id = i.org_id LEFT JOIN intern_hours h ON h.intern_id = i.id AND "
        "h.worked_on >= :1 AND h.worked_on < :2 WHERE i.region_code BETWEEN :3 AND :4 AND "
        "i.start_on < :5 AND i.end_on >= :6 GROUP BY i.org_id, o.name",
        {from, to, r.lo, r.hi, to, from});
    if (!rows.ok()) return rows.status();
    for (auto& row : *rows) {
      f.hosts.push_back({row.OptInt(0), row.Str(1), row.Int(2), row.Int(3)});
    }
    auto h = c.QueryOne(
        "SELECT COALESCE(SUM(hours), 0) FROM intern_hours WHERE region_code BETWEEN :1 AND :2 AND "
        "worked_on >= :3 AND worked_on < :4",
        {r.lo, r.hi, from, to});
    if (!h.ok()) return h.status();
    f.hours = *h ? (*h)->Int(0) : 0;
    return Status::Ok();
  }));
  std::sort(f.hosts.begin(), f.hosts.end(), [](const HostFigure& a, const HostFigure& b) {
    return a.hours != b.hours ? a.hours > b.hours : a.org_name < b.org_name;
  });
  return f;
}

}  // namespace shuniu::intern
