// Branch activities (三会一课, themed days): validation, minutes and attendance
// per member (present / absent with a reason / excused).
#include <set>

#include "audit/audit_service.h"
#include "core/crypto.h"
#include "core/json_input.h"
#include "core/time.h"
#include "party/party_json.h"
#include "party/party_service.h"
#include "party/party_util.h"

namespace shuniu::party {

namespace {

constexpr const char* kActivityCols =
    "a.id, a.branch_id, a.region_code, a.kind, a.held_on, a.place, a.topic, a.minutes, "
    "a.created_by_name, a.version, a.created_at, a.updated_at, "
    "(SELECT COUNT(*) FROM party_attendance t WHERE t.activity_id = a.id AND t.status = "
    "'present'), (SELECT COUNT(*) FROM party_attendance t WHERE t.activity_id = a.id AND "
    "t.status = 'absent'), (SELECT COUNT(*) FROM party_attendance t WHERE t.activity_id = a.id "
    "AND t.status = 'excused')";

Activity ActivityFromRow(const db::Row& r) {
  Activity a;
  a.id = r.Int(0);
  a.branch_id = r.Int(1);
  a.region_code = r.Str(2);
  a.kind = r.Str(3);
  a.held_on = r.Str(4);
  a.place = r.Str(5);
  a.topic = r.Str(6);
  a.minutes = r.Str(7);
  a.created_by_name = r.Str(8);
  a.version = r.Int(9);
  a.created_at = r.Int(10);
  a.updated_at = r.Int(11);
  a.present = r.Int(12);
  a.absent = r.Int(13);
  a.excused = r.Int(14);
  return a;
}

Status Apply(const ActivityInput& in, Activity& a) {
  if (in.kind) {
    if (!IsActivityKind(*in.kind))
      return InvalidArgument("kind",
                             "kind must be assembly, committee, group, lecture or themed_day");
    a.kind = *in.kind;
  }
  SHUNIU_RETURN_IF_ERROR(DateField(in.held_on, "held_on", false, a.held_on));
  SHUNIU_RETURN_IF_ERROR(Text(in.place, "place", 0, 200, a.place));
  SHUNIU_RETURN_IF_ERROR(Text(in.topic, "topic", 1, 200, a.topic));
  SHUNIU_RETURN_IF_ERROR(Text(in.minutes, "minutes", 0, 20000, a.minutes));
  return Status::Ok();
}

}  // namespace

Result<Activity> PartyService::LoadActivity(db::Conn& c, const Branch& b, long long id) {
  auto row = c.QueryOne(std::string("SELECT ") + kActivityCols +
                            " FROM party_activities a WHERE a.id = :1 AND a.branch_id = :2",
                        {id, b.id});
  if (!row.ok()) return row.status();
  if (!*row) return NotFound("party activity not found");
  Activity a = ActivityFromRow(**row);
  auto att = c.Query(
      "SELECT t.member_id, m.name, t.status, t.reason FROM party_attendance t JOIN party_members "
      "m ON m.id = t.member_id WHERE t.activity_id = :1 ORDER BY m.name, m.id",
      {id});
  if (!att.ok()) return att.status();
  for (auto& r : *att) a.attendance.push_back({r.Int(0), r.Str(1), r.Str(2), r.Str(3)});
  return a;
}

Status PartyService::WriteAttendance(db::Conn& c, const Branch& b, const Activity& a,
                                     const std::vector<AttendanceInput>& in) {
  std::set<long long> seen;
  for (size_t i = 0; i < in.size(); ++i) {
    const auto& x = in[i];
    std::string field = "attendance[" + std::to_string(i) + "]";
    if (!seen.insert(x.member_id).second)
      return InvalidArgument(field + ".member_id", "a member appears twice in the attendance");
    if (!IsAttendanceStatus(x.status))
      return InvalidArgument(field + ".status", "status must be present, absent or excused");
    if (x.status == "absent" && x.reason.empty())
      return InvalidArgument(field + ".reason", "an absence needs a reason");
    if (Utf8Length(x.reason) > 200)
      return InvalidArgument(field + ".reason", "reason must have at most 200 characters");
    auto m = c.QueryOne(
        "SELECT transfer_in_on, transfer_out_on FROM party_members WHERE id = :1 AND branch_id = "
        ":2",
        {x.member_id, b.id});
    if (!m.ok()) return m.status();
    if (!*m) return InvalidArgument(field + ".member_id", "no such member in this branch");
    std::string in_on = (*m)->Str(0), out_on = (*m)->Str(1);
    if (a.held_on < in_on || (!out_on.empty() && a.held_on > out_on))
      return InvalidArgument(field + ".member_id",
                             "the member did not belong to the branch on held_on");
  }
  SHUNIU_RETURN_IF_ERROR(c.Exec("DELETE FROM party_attendance WHERE activity_id = :1", {a.id}));
  for (const auto& x : in)
    SHUNIU_RETURN_IF_ERROR(
        c.Exec("INSERT INTO party_attendance (activity_id, member_id, status, reason) VALUES (:1, "
               ":2, :3, :4)",
               {a.id, x.member_id, x.status, x.reason}));
  return Status::Ok();
}

Result<std::pair<std::vector<Activity>, long long>> PartyService::Activities(
    const Principal& p, long long branch_id, const ActivityFilter& f) {
  if (!f.kind.empty() && !IsActivityKind(f.kind))
    return InvalidArgument("kind",
                           "kind must be assembly, committee, group, lecture or themed_day");
  if (!f.from.empty() && !IsDate(f.from))
    return InvalidArgument("from", "from must be a date YYYY-MM-DD");
  if (!f.to.empty() && !IsDate(f.to)) return InvalidArgument("to", "to must be a date YYYY-MM-DD");
  std::pair<std::vector<Activity>, long long> out;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto b = LoadBranch(c, p, branch_id);
    if (!b.ok()) return b.status();
    std::string where = " WHERE a.branch_id = :1";
    std::vector<db::Value> params = {branch_id};
    auto bind = [&](db::Value v) {
      params.push_back(std::move(v));
      return ":" + std::to_string(params.size());
    };
    if (!f.kind.empty()) where += " AND a.kind = " + bind(f.kind);
    if (!f.from.empty()) where += " AND a.held_on >= " + bind(f.from);
    if (!f.to.empty()) where += " AND a.held_on < " + bind(f.to);
    auto n = c.QueryOne("SELECT COUNT(*) FROM party_activities a" + where, params);
    if (!n.ok()) return n.status();
    out.second = *n ? (*n)->Int(0) : 0;
    std::string lim = bind(f.size), off = bind((f.page - 1) * f.size);
    auto rows =
        c.Query(std::string("SELECT ") + kActivityCols + " FROM party_activities a" + where +
                    " ORDER BY a.held_on DESC, a.id DESC LIMIT " + lim + " OFFSET " + off,
                params);
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows) out.first.push_back(ActivityFromRow(r));
    return Status::Ok();
  }));
  return out;
}

Result<Activity> PartyService::GetActivity(const Principal& p, long long branch_id, long long id) {
  Activity out;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto b = LoadBranch(c, p, branch_id);
    if (!b.ok()) return b.status();
    auto a = LoadActivity(c, *b, id);
    if (!a.ok()) return a.status();
    out = *a;
    return Status::Ok();
  }));
  return out;
}

Result<Activity> PartyService::AddActivity(const Principal& p, long long branch_id,
                                           const ActivityInput& in) {
  if (!in.kind) return InvalidArgument("kind", "kind is required");
  if (!in.held_on) return InvalidArgument("held_on", "held_on is required");
  if (!in.topic) return InvalidArgument("topic", "topic is required");
  Activity a;
  a.id = crypto::RandomId();
  a.created_by_name = Actor(p);
  a.created_at = a.updated_at = NowMs();
  SHUNIU_RETURN_IF_ERROR(Apply(in, a));
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto b = LoadBranch(c, p, branch_id);
    if (!b.ok()) return b.status();
    a.branch_id = branch_id;
    a.region_code = b->region_code;
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "INSERT INTO party_activities (id, branch_id, region_code, kind, held_on, place, topic, "
        "minutes, created_by_name, version, created_at, updated_at) VALUES (:1, :2, :3, :4, :5, "
        ":6, :7, :8, :9, 1, :10, :11)",
        {a.id, a.branch_id, a.region_code, a.kind, a.held_on, a.place, a.topic, a.minutes,
         a.created_by_name, static_cast<long long>(a.created_at),
         static_cast<long long>(a.updated_at)}));
    if (in.attendance) SHUNIU_RETURN_IF_ERROR(WriteAttendance(c, *b, a, *in.attendance));
    auto full = LoadActivity(c, *b, a.id);
    if (!full.ok()) return full.status();
    return audit::AuditService::Record(c, p.ctx, "party.activity_add", "party_activity",
                                       std::to_string(a.id), a.region_code, std::nullopt,
                                       ActivityAuditJson(*full));
  }));
  return GetActivity(p, branch_id, a.id);
}

Result<Activity> PartyService::UpdateActivity(const Principal& p, long long branch_id, long long id,
                                              long long version, const ActivityInput& in) {
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto b = LoadBranch(c, p, branch_id);
    if (!b.ok()) return b.status();
    auto found = LoadActivity(c, *b, id);
    if (!found.ok()) return found.status();
    if (found->version != version)
      return Conflict("the activity was changed by someone else; reload and try again");
    Activity before = *found, a = *found;
    SHUNIU_RETURN_IF_ERROR(Apply(in, a));
    a.version += 1;
    a.updated_at = NowMs();
    auto n = c.ExecCount(
        "UPDATE party_activities SET kind = :1, held_on = :2, place = :3, topic = :4, minutes = "
        ":5, version = :6, updated_at = :7 WHERE id = :8 AND version = :9",
        {a.kind, a.held_on, a.place, a.topic, a.minutes, a.version,
         static_cast<long long>(a.updated_at), id, version});
    if (!n.ok()) return n.status();
    if (*n != 1) return Conflict("the activity was changed by someone else; reload and try again");
    if (in.attendance) {
      SHUNIU_RETURN_IF_ERROR(WriteAttendance(c, *b, a, *in.attendance));
    } else if (in.held_on) {
      // The kept attendance must still fit the members' time in the branch.
      std::vector<AttendanceInput> keep;
      for (auto& x : before.attendance) keep.push_back({x.member_id, x.status, x.reason});
      SHUNIU_RETURN_IF_ERROR(WriteAttendance(c, *b, a, keep));
    }
    auto after = LoadActivity(c, *b, id);
    if (!after.ok()) return after.status();
    return audit::AuditService::Record(c, p.ctx, "party.activity_update", "party_activity",
                                       std::to_string(id), a.region_code, ActivityAuditJson(before),
                                       ActivityAuditJson(*after));
  }));
  return GetActivity(p, branch_id, id);
}

}  // namespace shuniu::party
