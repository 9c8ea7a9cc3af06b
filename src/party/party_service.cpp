// Party branches: access (admins by subtree, appointed officers), branch
// records, officers and the figures for the annual report.
#include "party/party_service.h"

#include <chrono>
#include <set>

#include "audit/audit_service.h"
#include "core/crypto.h"
#include "core/json_input.h"
#include "core/region_code.h"
#include "core/time.h"
#include "party/party_json.h"
#include "party/party_util.h"

namespace shuniu::party {

namespace {
const std::set<std::string> kStatuses = {"full", "probationary"};
const std::set<std::string> kPosts = {
    "",      "secretary", "deputy_secretary", "organization", "propaganda", "discipline",
    "youth", "women"};
const std::set<std::string> kKinds = {"assembly", "committee", "group", "lecture", "themed_day"};
const std::set<std::string> kAttendance = {"present", "absent", "excused"};

constexpr const char* kBranchCols =
    "b.id, b.region_code, b.name, b.lead_org_id, o.name, b.founded_on, b.description, "
    "b.created_by_name, b.version, b.created_at, b.updated_at, "
    "(SELECT COUNT(*) FROM party_members m WHERE m.branch_id = b.id AND m.transfer_out_on IS "
    "NULL), (SELECT COUNT(*) FROM party_activities a WHERE a.branch_id = b.id)";
constexpr const char* kBranchFrom = " FROM party_branches b JOIN orgs o ON o.id = b.lead_org_id";

Branch BranchFromRow(const db::Row& r) {
  Branch b;
  b.id = r.Int(0);
  b.region_code = r.Str(1);
  b.name = r.Str(2);
  b.lead_org_id = r.Int(3);
  b.lead_org_name = r.Str(4);
  b.founded_on = r.Str(5);
  b.description = r.Str(6);
  b.created_by_name = r.Str(7);
  b.version = r.Int(8);
  b.created_at = r.Int(9);
  b.updated_at = r.Int(10);
  b.members = r.Int(11);
  b.activities = r.Int(12);
  return b;
}
}  // namespace

bool IsMemberStatus(const std::string& s) { return kStatuses.count(s) > 0; }
bool IsPost(const std::string& s) { return kPosts.count(s) > 0; }
bool IsActivityKind(const std::string& s) { return kKinds.count(s) > 0; }
bool IsAttendanceStatus(const std::string& s) { return kAttendance.count(s) > 0; }

bool IsDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  using namespace std::chrono;
  year_month_day d{year(std::stoi(s.substr(0, 4))), month(std::stoul(s.substr(5, 2))),
                   day(std::stoul(s.substr(8, 2)))};
  return d.ok();
}

Status Text(const std::optional<std::string>& in, const char* field, long long min, long long max,
            std::string& out) {
  if (!in) return Status::Ok();
  long long n = Utf8Length(*in);
  if (n < min || n > max)
    return InvalidArgument(field, std::string(field) + " must have " + std::to_string(min) + "–" +
                                      std::to_string(max) + " characters");
  out = *in;
  return Status::Ok();
}

Status DateField(const std::optional<std::string>& in, const char* field, bool optional,
                 std::string& out) {
  if (!in) return Status::Ok();
  if (in->empty() && optional) {
    out.clear();
    return Status::Ok();
  }
  if (!IsDate(*in))
    return InvalidArgument(field, std::string(field) + " must be a date YYYY-MM-DD");
  out = *in;
  return Status::Ok();
}

PartyService::PartyService(const hub::Deps& deps) : d_(deps) {
  auto secret = LoadOrCreateSecret(d_.cfg.key_file);
  if (secret.ok()) secret_ = *secret;
}

Result<Branch> PartyService::LoadBranch(db::Conn& c, const Principal& p, long long id) {
  auto row =
      c.QueryOne(std::string("SELECT ") + kBranchCols + kBranchFrom + " WHERE b.id = :1", {id});
  if (!row.ok()) return row.status();
  if (!*row) return NotFound("party branch not found");
  Branch b = BranchFromRow(**row);
  if (p.role == Role::kAdmin && InSubtree(b.region_code, p.region_code)) return b;
  if (p.user_id) {
    auto o = c.QueryOne("SELECT 1 FROM party_branch_officers WHERE branch_id = :1 AND user_id = :2",
                        {id, p.user_id});
    if (!o.ok()) return o.status();
    if (*o) return b;
  }
  return NotFound("party branch not found");
}

Status PartyService::CheckOrg(db::Conn& c, const std::string& scope, long long org_id,
                              const char* field) {
  auto o = c.QueryOne("SELECT region_code FROM orgs WHERE id = :1", {org_id});
  if (!o.ok()) return o.status();
  if (!*o || !InSubtree((*o)->Str(0), scope))
    return InvalidArgument(field, std::string(field) + ": no such organization in scope");
  return Status::Ok();
}

Status PartyService::FillBranch(db::Conn& c, Branch& b) {
  auto officers = c.Query(
      "SELECT f.user_id, u.username, u.display_name, f.appointed_by_name, f.appointed_at FROM "
      "party_branch_officers f JOIN users u ON u.id = f.user_id WHERE f.branch_id = :1 ORDER BY "
      "u.username",
      {b.id});
  if (!officers.ok()) return officers.status();
  for (auto& r : *officers)
    b.officers.push_back({r.Int(0), r.Str(1), r.Str(2), r.Str(3), r.Int(4)});
  auto members = c.Query(
      "SELECT m.id FROM party_members m WHERE m.branch_id = :1 AND m.post <> '' AND "
      "m.transfer_out_on IS NULL ORDER BY m.name",
      {b.id});
  if (!members.ok()) return members.status();
  for (auto& r : *members) {
    auto m = LoadMember(c, b, r.Int(0));
    if (!m.ok()) return m.status();
    b.committee.push_back(*m);
  }
  static const std::map<std::string, int> kOrder = {{"secretary", 0},    {"deputy_secretary", 1},
                                                    {"organization", 2}, {"propaganda", 3},
                                                    {"discipline", 4},   {"youth", 5},
                                                    {"women", 6}};
  std::stable_sort(b.committee.begin(), b.committee.end(), [](const Member& x, const Member& y) {
    return kOrder.at(x.post) < kOrder.at(y.post);
  });
  auto names = d_.regions.Names({b.region_code});
  if (names.ok()) b.region_name = (*names)[b.region_code];
  return Status::Ok();
}

Result<std::vector<Branch>> PartyService::List(const Principal& p) {
  std::vector<Branch> out;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    Result<std::vector<db::Row>> rows = std::vector<db::Row>{};
    if (p.role == Role::kAdmin) {
      auto r = SubtreeRange(p.region_code);
      rows = c.Query(std::string("SELECT ") + kBranchCols + kBranchFrom +
                         " WHERE b.region_code BETWEEN :1 AND :2 ORDER BY b.name",
                     {r.lo, r.hi});
    } else if (p.user_id) {
      rows = c.Query(std::string("SELECT ") + kBranchCols + kBranchFrom +
                         " WHERE b.id IN (SELECT branch_id FROM party_branch_officers WHERE "
                         "user_id = :1) ORDER BY b.name",
                     {p.user_id});
    }
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows) out.push_back(BranchFromRow(r));
    return Status::Ok();
  }));
  std::vector<std::string> codes;
  for (auto& b : out) codes.push_back(b.region_code);
  auto names = d_.regions.Names(codes);
  if (names.ok())
    for (auto& b : out) b.region_name = (*names)[b.region_code];
  return out;
}

Result<Branch> PartyService::Get(const Principal& p, long long id) {
  Branch out;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto b = LoadBranch(c, p, id);
    if (!b.ok()) return b.status();
    out = *b;
    return FillBranch(c, out);
  }));
  return out;
}

Result<Branch> PartyService::Create(const Principal& p, const BranchInput& in) {
  if (p.role != Role::kAdmin)
    return PermissionDenied("creating party branches needs the admin role");
  if (!in.region_code) return InvalidArgument("region_code", "region_code is required");
  if (!in.name) return InvalidArgument("name", "name is required");
  if (!in.lead_org_id) return InvalidArgument("lead_org_id", "lead_org_id is required");
  if (!IsRegionCode(*in.region_code))
    return InvalidArgument("region_code", "region_code must be a 12-digit division code");
  if (!InSubtree(*in.region_code, p.region_code))
    return Status(Code::kPermissionDenied, "region_code lies outside your scope", "region_code");
  Branch b;
  b.id = crypto::RandomId();
  b.region_code = *in.region_code;
  b.lead_org_id = *in.lead_org_id;
  b.created_by_name = Actor(p);
  b.created_at = b.updated_at = NowMs();
  SHUNIU_RETURN_IF_ERROR(Text(in.name, "name", 1, 200, b.name));
  SHUNIU_RETURN_IF_ERROR(Text(in.description, "description", 0, 4000, b.description));
  SHUNIU_RETURN_IF_ERROR(DateField(in.founded_on, "founded_on", true, b.founded_on));
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto r = c.QueryOne("SELECT 1 FROM regions WHERE code = :1", {b.region_code});
    if (!r.ok()) return r.status();
    if (!*r) return InvalidArgument("region_code", "region_code: no such region");
    SHUNIU_RETURN_IF_ERROR(CheckOrg(c, b.region_code, b.lead_org_id, "lead_org_id"));
    Status st = c.Exec(
        "INSERT INTO party_branches (id, region_code, name, lead_org_id, founded_on, "
        "description, created_by_name, version, created_at, updated_at) VALUES (:1, :2, :3, :4, "
        ":5, :6, :7, 1, :8, :9)",
        {b.id, b.region_code, b.name, b.lead_org_id, TextOrNull(b.founded_on), b.description,
         b.created_by_name, static_cast<long long>(b.created_at),
         static_cast<long long>(b.updated_at)});
    if (st.code() == Code::kAlreadyExists)
      return AlreadyExists("name", "a branch of this name exists in the region");
    SHUNIU_RETURN_IF_ERROR(st);
    return audit::AuditService::Record(c, p.ctx, "party.branch_create", "party_branch",
                                       std::to_string(b.id), b.region_code, std::nullopt,
                                       BranchAuditJson(b));
  }));
  return Get(p, b.id);
}

Result<Branch> PartyService::Update(const Principal& p, long long id, long long version,
                                    const BranchInput& in) {
  if (in.region_code) return InvalidArgument("region_code", "region_code cannot be changed");
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto found = LoadBranch(c, p, id);
    if (!found.ok()) return found.status();
    Branch before = *found, b = *found;
    if (version != b.version)
      return Conflict("the branch was changed by someone else; reload and try again");
    SHUNIU_RETURN_IF_ERROR(Text(in.name, "name", 1, 200, b.name));
    SHUNIU_RETURN_IF_ERROR(Text(in.description, "description", 0, 4000, b.description));
    SHUNIU_RETURN_IF_ERROR(DateField(in.founded_on, "founded_on", true, b.founded_on));
    if (in.lead_org_id) {
      SHUNIU_RETURN_IF_ERROR(CheckOrg(c, b.region_code, *in.lead_org_id, "lead_org_id"));
      b.lead_org_id = *in.lead_org_id;
    }
    b.version += 1;
    b.updated_at = NowMs();
    auto n = c.ExecCount(
        "UPDATE party_branches SET name = :1, description = :2, founded_on = :3, lead_org_id = "
        ":4, version = :5, updated_at = :6 WHERE id = :7 AND version = :8",
        {b.name, b.description, TextOrNull(b.founded_on), b.lead_org_id, b.version,
         static_cast<long long>(b.updated_at), id, version});
    if (!n.ok()) {
      if (n.status().code() == Code::kAlreadyExists)
        return AlreadyExists("name", "a branch of this name exists in the region");
      return n.status();
    }
    if (*n != 1) return Conflict("the branch was changed by someone else; reload and try again");
    return audit::AuditService::Record(c, p.ctx, "party.branch_update", "party_branch",
                                       std::to_string(id), b.region_code, BranchAuditJson(before),
                                       BranchAuditJson(b));
  }));
  return Get(p, id);
}

Result<Branch> PartyService::SetOfficer(const Principal& p, long long id, long long user_id,
                                        bool appointed) {
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto b = LoadBranch(c, p, id);
    if (!b.ok()) return b.status();
    if (p.role != Role::kAdmin) return PermissionDenied("only an admin appoints branch officers");
    auto u = c.QueryOne("SELECT role FROM users WHERE id = :1", {user_id});
    if (!u.ok()) return u.status();
    if (!*u) return InvalidArgument("user_id", "user_id: no such user");
    std::string role = (*u)->Str(0);
    if (role != "staff" && role != "org" && role != "admin")
      return InvalidArgument("user_id",
                             "user_id: an officer must be a staff, org or admin account");
    auto has = c.QueryOne(
        "SELECT 1 FROM party_branch_officers WHERE branch_id = :1 AND user_id = :2", {id, user_id});
    if (!has.ok()) return has.status();
    if (appointed && !*has) {
      SHUNIU_RETURN_IF_ERROR(
          c.Exec("INSERT INTO party_branch_officers (branch_id, user_id, appointed_by_name, "
                 "appointed_at) VALUES (:1, :2, :3, :4)",
                 {id, user_id, Actor(p), static_cast<long long>(NowMs())}));
    } else if (!appointed && *has) {
      SHUNIU_RETURN_IF_ERROR(
          c.Exec("DELETE FROM party_branch_officers WHERE branch_id = :1 AND user_id = :2",
                 {id, user_id}));
    } else {
      return Status::Ok();  // nothing changes, nothing to audit
    }
    return audit::AuditService::Record(
        c, p.ctx, appointed ? "party.officer_appoint" : "party.officer_remove", "party_branch",
        std::to_string(id), b->region_code, std::nullopt, nlohmann::json{{"user_id", user_id}});
  }));
  return Get(p, id);
}

Result<Figures> PartyService::FiguresFor(const std::string& region, const std::string& from,
                                         const std::string& to) {
  if (!IsScopeCode(region)) return InvalidArgument("region", "region must be a region code");
  if (!IsDate(from)) return InvalidArgument("from", "from must be a date YYYY-MM-DD");
  if (!IsDate(to) || to < from) return InvalidArgument("to", "to must be a date after from");
  auto r = SubtreeRange(region);
  Figures f;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto n = c.QueryOne(
        "SELECT COUNT(*) FROM party_branches WHERE region_code BETWEEN :1 AND :2 AND "
        "(founded_on IS NULL OR founded_on < :3)",
        {r.lo, r.hi, to});
    if (!n.ok()) return n.status();
    f.branches = *n ? (*n)->Int(0) : 0;
    auto m = c.QueryOne(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN status = 'probationary' THEN 1 ELSE 0 END), 0) "
        "FROM party_members WHERE region_code BETWEEN :1 AND :2 AND transfer_in_on < :3 AND "
        "(transfer_out_on IS NULL OR transfer_out_on >= :4)",
        {r.lo, r.hi, to, to});
    if (!m.ok()) return m.status();
    if (*m) {
      f.members_at_end = (*m)->Int(0);
      f.probationary_at_end = (*m)->Int(1);
    }
    auto k = c.Query(
        "SELECT kind, COUNT(*) FROM party_activities WHERE region_code BETWEEN :1 AND :2 AND "
        "held_on >= :3 AND held_on < :4 GROUP BY kind",
        {r.lo, r.hi, from, to});
    if (!k.ok()) return k.status();
    for (auto& row : *k) {
      f.activities_by_kind[row.Str(0)] = row.Int(1);
      f.activities += row.Int(1);
    }
    auto a = c.QueryOne(
        "SELECT COUNT(*), COALESCE(SUM(CASE WHEN t.status = 'present' THEN 1 ELSE 0 END), 0) FROM "
        "party_attendance t JOIN party_activities a ON a.id = t.activity_id WHERE a.region_code "
        "BETWEEN :1 AND :2 AND a.held_on >= :3 AND a.held_on < :4",
        {r.lo, r.hi, from, to});
    if (!a.ok()) return a.status();
    if (*a) {
      f.attendance_marked = (*a)->Int(0);
      f.attendance_present = (*a)->Int(1);
    }
    return Status::Ok();
  }));
  for (const auto& kind : kKinds) f.activities_by_kind.emplace(kind, 0);
  if (f.attendance_marked > 0)
    f.attendance_rate = static_cast<double>(f.attendance_present) / f.attendance_marked;
  return f;
}

}  // namespace shuniu::party
