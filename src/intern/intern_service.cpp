// Internship bases and interns: scope, validation, sealed phones, hour logs,
// per-organization hosting and the figures for the annual report.
#include "intern/intern_service.h"

#include <chrono>
#include <set>

#include "audit/audit_service.h"
#include "core/crypto.h"
#include "core/json_input.h"
#include "core/region_code.h"
#include "core/time.h"
#include "intern/intern_json.h"
#include "org/org_service.h"
#include "party/party_service.h"
#include "party/party_util.h"
#include "party/pii.h"

namespace shuniu::intern {

using party::DateField;
using party::Text;

namespace {

bool IsStaff(const Principal& p) { return p.role == Role::kAdmin || p.role == Role::kStaff; }
bool IsReader(const Principal& p) { return IsStaff(p) || p.role == Role::kAuditor; }
bool CanSee(const Principal& p, const std::string& region, const std::optional<long long>& org) {
  if (IsReader(p)) return InSubtree(region, p.region_code);
  return p.role == Role::kOrg && p.org_id && org && *org == *p.org_id;
}

std::string Today() {
  using namespace std::chrono;
  year_month_day d{floor<days>(sys_time<milliseconds>(milliseconds(NowMs())))};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return buf;
}

constexpr const char* kBaseCols =
    "ib.id, ib.region_code, ib.name, ib.university, ib.majors, ib.agreement_no, ib.org_id, "
    "o.name, ib.base_id, bs.name, ib.term_start, ib.term_end, ib.school_supervisor, "
    "ib.org_supervisor, ib.created_by_name, ib.version, ib.created_at, ib.updated_at, "
    "(SELECT COUNT(*) FROM interns i WHERE i.internship_base_id = ib.id), "
    "(SELECT COALESCE(SUM(h.hours), 0) FROM intern_hours h JOIN interns i ON i.id = h.intern_id "
    "WHERE i.internship_base_id = ib.id)";
constexpr const char* kBaseFrom =
    " FROM internship_bases ib LEFT JOIN orgs o ON o.id = ib.org_id LEFT JOIN bases bs ON bs.id = "
    "ib.base_id";

Base BaseFromRow(const db::Row& r, const std::string& today) {
  Base b;
  b.id = r.Int(0);
  b.region_code = r.Str(1);
  b.name = r.Str(2);
  b.university = r.Str(3);
  b.majors = r.Str(4);
  b.agreement_no = r.Str(5);
  b.org_id = r.OptInt(6);
  b.org_name = r.Str(7);
  b.base_id = r.OptInt(8);
  b.base_name = r.Str(9);
  b.term_start = r.Str(10);
  b.term_end = r.Str(11);
  b.school_supervisor = r.Str(12);
  b.org_supervisor = r.Str(13);
  b.created_by_name = r.Str(14);
  b.version = r.Int(15);
  b.created_at = r.Int(16);
  b.updated_at = r.Int(17);
  b.interns = r.Int(18);
  b.hours = r.Int(19);
  b.active = b.term_start <= today && today <= b.term_end;
  return b;
}

}  // namespace

InternService::InternService(const hub::Deps& deps) : d_(deps) {
  auto secret = LoadOrCreateSecret(d_.cfg.key_file);
  if (secret.ok()) secret_ = *secret;
}

Result<Base> InternService::LoadBase(db::Conn& c, const Principal& p, long long id) {
  auto row = c.QueryOne(std::string("SELECT ") + kBaseCols + kBaseFrom + " WHERE ib.id = :1", {id});
  if (!row.ok()) return row.status();
  if (!*row) return NotFound("internship base not found");
  Base b = BaseFromRow(**row, Today());
  if (!CanSee(p, b.region_code, b.org_id)) return NotFound("internship base not found");
  return b;
}

Result<std::pair<std::vector<Base>, long long>> InternService::List(const Principal& p,
                                                                    const BaseFilter& f) {
  std::string where = " WHERE 1 = 1";
  std::vector<db::Value> params;
  auto bind = [&](db::Value v) {
    params.push_back(std::move(v));
    return ":" + std::to_string(params.size());
  };
  if (IsReader(p)) {
    auto r = SubtreeRange(p.region_code);
    std::string lo = bind(r.lo), hi = bind(r.hi);
    where += " AND ib.region_code BETWEEN " + lo + " AND " + hi;
  } else if (p.role == Role::kOrg && p.org_id) {
    where += " AND ib.org_id = " + bind(*p.org_id);
  } else {
    return PermissionDenied("your role may not list internship bases");
  }
  if (f.org_id) where += " AND ib.org_id = " + bind(*f.org_id);
  if (!f.university.empty()) where += " AND ib.university = " + bind(f.university);
  if (!f.q.empty()) {
    std::string a = bind(db::LikeContains(f.q)), b = bind(db::LikeContains(f.q));
    where += " AND (ib.name LIKE " + a + db::kLikeEscape + " OR ib.university LIKE " + b +
             db::kLikeEscape + ")";
  }
  std::pair<std::vector<Base>, long long> out;
  std::string today = Today();
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto n = c.QueryOne(std::string("SELECT COUNT(*)") + kBaseFrom + where, params);
    if (!n.ok()) return n.status();
    out.second = *n ? (*n)->Int(0) : 0;
    auto ps = params;
    ps.push_back(f.size);
    ps.push_back((f.page - 1) * f.size);
    auto rows = c.Query(std::string("SELECT ") + kBaseCols + kBaseFrom + where +
                            " ORDER BY ib.term_start DESC, ib.id DESC LIMIT :" +
                            std::to_string(ps.size() - 1) + " OFFSET :" + std::to_string(ps.size()),
                        ps);
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows) out.first.push_back(BaseFromRow(r, today));
    return Status::Ok();
  }));
  std::vector<std::string> codes;
  for (auto& b : out.first) codes.push_back(b.region_code);
  auto names = d_.regions.Names(codes);
  if (names.ok())
    for (auto& b : out.first) b.region_name = (*names)[b.region_code];
  return out;
}

Result<Base> InternService::Get(const Principal& p, long long id) {
  Base out;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto b = LoadBase(c, p, id);
    if (!b.ok()) return b.status();
    out = *b;
    return Status::Ok();
  }));
  auto names = d_.regions.Names({out.region_code});
  if (names.ok()) out.region_name = (*names)[out.region_code];
  return out;
}

Status InternService::ApplyBase(db::Conn& c, const Principal& p, const BaseInput& in, Base& b) {
  SHUNIU_RETURN_IF_ERROR(Text(in.name, "name", 1, 200, b.name));
  SHUNIU_RETURN_IF_ERROR(Text(in.university, "university", 1, 100, b.university));
  SHUNIU_RETURN_IF_ERROR(Text(in.majors, "majors", 0, 200, b.majors));
  SHUNIU_RETURN_IF_ERROR(Text(in.agreement_no, "agreement_no", 0, 100, b.agreement_no));
  SHUNIU_RETURN_IF_ERROR(
      Text(in.school_supervisor, "school_supervisor", 0, 64, b.school_supervisor));
  SHUNIU_RETURN_IF_ERROR(Text(in.org_supervisor, "org_supervisor", 0, 64, b.org_supervisor));
  SHUNIU_RETURN_IF_ERROR(DateField(in.term_start, "term_start", false, b.term_start));
  SHUNIU_RETURN_IF_ERROR(DateField(in.term_end, "term_end", false, b.term_end));
  if (b.term_end < b.term_start)
    return InvalidArgument("term_end", "term_end must not precede term_start");
  if (in.org_id || in.base_id) {
    std::string region;
    std::optional<long long> org = in.org_id, base = in.base_id;
    if (base) {
      auto r = c.QueryOne("SELECT region_code, operator_org_id FROM bases WHERE id = :1", {*base});
      if (!r.ok()) return r.status();
      if (!*r) return InvalidArgument("base_id", "base_id: no such incubation base");
      region = (*r)->Str(0);
      if (!org) org = (*r)->OptInt(1);
      if (!InSubtree(region, p.region_code))
        return Status(Code::kPermissionDenied, "base_id lies outside your scope", "base_id");
    }
    if (org) {
      auto r = c.QueryOne("SELECT region_code FROM orgs WHERE id = :1", {*org});
      if (!r.ok()) return r.status();
      if (!*r) return InvalidArgument("org_id", "org_id: no such organization");
      if (!InSubtree((*r)->Str(0), p.region_code))
        return Status(Code::kPermissionDenied, "org_id lies outside your scope", "org_id");
      if (region.empty()) region = (*r)->Str(0);
    }
    b.org_id = org;
    b.base_id = base;
    b.region_code = region;
  }
  if (!b.org_id && !b.base_id)
    return InvalidArgument("org_id", "org_id or base_id (the host) is required");
  return Status::Ok();
}

Result<Base> InternService::Create(const Principal& p, const BaseInput& in) {
  if (!IsStaff(p)) return PermissionDenied("registering internship bases needs the staff role");
  if (!in.university) return InvalidArgument("university", "university is required");
  if (!in.term_start) return InvalidArgument("term_start", "term_start is required");
  if (!in.term_end) return InvalidArgument("term_end", "term_end is required");
  if (!in.org_id && !in.base_id)
    return InvalidArgument("org_id", "org_id or base_id (the host) is required");
  Base b;
  b.id = crypto::RandomId();
  b.created_by_name = party::Actor(p);
  b.created_at = b.updated_at = NowMs();
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    SHUNIU_RETURN_IF_ERROR(ApplyBase(c, p, in, b));
    if (b.name.empty()) b.name = b.university + "社会工作专业实习基地";
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "INSERT INTO internship_bases (id, region_code, name, university, majors, org_id, "
        "base_id, agreement_no, term_start, term_end, school_supervisor, org_supervisor, "
        "created_by_name, version, created_at, updated_at) VALUES (:1, :2, :3, :4, :5, :6, :7, "
        ":8, :9, :10, :11, :12, :13, 1, :14, :15)",
        {b.id, b.region_code, b.name, b.university, b.majors, db::Opt(b.org_id), db::Opt(b.base_id),
         b.agreement_no, b.term_start, b.term_end, b.school_supervisor, b.org_supervisor,
         b.created_by_name, static_cast<long long>(b.created_at),
         static_cast<long long>(b.updated_at)}));
    return audit::AuditService::Record(c, p.ctx, "intern.base_create", "internship_base",
                                       std::to_string(b.id), b.region_code, std::nullopt,
                                       BaseAuditJson(b));
  }));
  return Get(p, b.id);
}

Result<Base> InternService::Update(const Principal& p, long long id, long long version,
                                   const BaseInput& in) {
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto found = LoadBase(c, p, id);
    if (!found.ok()) return found.status();
    if (!IsStaff(p)) return PermissionDenied("changing internship bases needs the staff role");
    if (found->version != version)
      return Conflict("the internship base was changed by someone else; reload and try again");
    Base before = *found, b = *found;
    SHUNIU_RETURN_IF_ERROR(ApplyBase(c, p, in, b));
    b.version += 1;
    b.updated_at = NowMs();
    auto n = c.ExecCount(
        "UPDATE internship_bases SET region_code = :1, name = :2, university = :3, majors = :4, "
        "org_id = :5, base_id = :6, agreement_no = :7, term_start = :8, term_end = :9, "
        "school_supervisor = :10, org_supervisor = :11, version = :12, updated_at = :13 WHERE id "
        "= :14 AND version = :15",
        {b.region_code, b.name, b.university, b.majors, db::Opt(b.org_id), db::Opt(b.base_id),
         b.agreement_no, b.term_start, b.term_end, b.school_supervisor, b.org_supervisor, b.version,
         static_cast<long long>(b.updated_at), id, version});
    if (!n.ok()) return n.status();
    if (*n != 1)
      return Conflict("the internship base was changed by someone else; reload and try again");
    if (b.region_code != before.region_code || b.org_id != before.org_id) {
      SHUNIU_RETURN_IF_ERROR(
          c.Exec("UPDATE interns SET region_code = :1, org_id = :2 WHERE internship_base_id = :3",
                 {b.region_code, db::Opt(b.org_id), id}));
      SHUNIU_RETURN_IF_ERROR(
          c.Exec("UPDATE intern_hours SET region_code = :1 WHERE intern_id IN (SELECT id FROM "
                 "interns WHERE internship_base_id = :2)",
                 {b.region_code, id}));
    }
    return audit::AuditService::Record(c, p.ctx, "intern.base_update", "internship_base",
                                       std::to_string(id), b.region_code, BaseAuditJson(before),
                                       BaseAuditJson(b));
  }));
  return Get(p, id);
}

}  // namespace shuniu::intern
