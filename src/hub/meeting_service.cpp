// Meetings: invitations, attendance, minutes, resolutions.
#include "hub/meeting_service.h"

#include <set>

#include "audit/audit_service.h"
#include "core/crypto.h"
#include "core/json_input.h"
#include "hub/meeting_common.h"

namespace shuniu::hub {
namespace {

using gather::CheckTransition;
using gather::IsManager;
using gather::IsReader;

const gather::Transitions kMeetingStates = {{"scheduled", "held"}, {"scheduled", "cancelled"}};
const gather::Transitions kInvitationStates = {{"invited", "confirmed"}, {"invited", "attended"},
                                               {"invited", "absent"},    {"confirmed", "attended"},
                                               {"confirmed", "absent"},  {"absent", "attended"},
                                               {"attended", "absent"}};
const gather::Transitions kResolutionStates = {{"open", "done"}, {"done", "open"}};
const std::set<std::string> kKinds = {"joint", "org", "other"};

const char* kMeetingCols =
    "id, kind, title, region_code, starts_at, ends_at, place, agenda, state, checkin_code, "
    "minutes, minutes_file_id, cancel_reason, version, created_at, updated_at";

Meeting MeetingFromRow(const db::Row& r) {
  Meeting m;
  m.id = r.Int(0);
  m.kind = r.Str(1);
  m.title = r.Str(2);
  m.region_code = r.Str(3);
  m.starts_at = r.Int(4);
  m.ends_at = r.Int(5);
  m.place = r.Str(6);
  m.agenda = r.Str(7);
  m.state = r.Str(8);
  m.checkin_code = r.Str(9);
  m.minutes = r.Str(10);
  m.minutes_file_id = r.OptInt(11);
  m.cancel_reason = r.Str(12);
  m.version = r.Int(13);
  m.created_at = r.Int(14);
  m.updated_at = r.Int(15);
  return m;
}

nlohmann::json Snapshot(const Meeting& m) {
  return {{"id", m.id},
          {"kind", m.kind},
          {"title", m.title},
          {"region_code", m.region_code},
          {"starts_at", Rfc3339(m.starts_at)},
          {"ends_at", Rfc3339(m.ends_at)},
          {"place", m.place},
          {"state", m.state},
          {"minutes_file_id", m.minutes_file_id ? nlohmann::json(*m.minutes_file_id) : nullptr},
          {"version", m.version}};
}

nlohmann::json ResolutionSnapshot(const Resolution& r) {
  return {{"id", r.id},
          {"meeting_id", r.meeting_id},
          {"content", r.content},
          {"owner_org_id", r.owner_org_id ? nlohmann::json(*r.owner_org_id) : nullptr},
          {"owner_user_id", r.owner_user_id ? nlohmann::json(*r.owner_user_id) : nullptr},
          {"due_on", r.due_on},
          {"state", r.state},
          {"done_note", r.done_note},
          {"version", r.version}};
}

std::string NewCode() {
  static const char kAlphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";  // no 0/O, 1/I/L
  std::string code;
  auto n = static_cast<uint64_t>(crypto::RandomId());  // 53 random bits: 6 × 5 bits used
  for (int i = 0; i < 6; ++i, n >>= 5) code += kAlphabet[(n & 31) % 31];
  return code;
}

Result<std::optional<Meeting>> FindMeeting(db::Conn& c, long long id) {
  auto row =
      c.QueryOne(std::string("SELECT ") + kMeetingCols + " FROM meetings WHERE id = :1", {id});
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<Meeting>();
  return std::optional<Meeting>(MeetingFromRow(**row));
}

// Whether p sees the meeting; for org accounts, whether it is invited.
Result<bool> Visible(db::Conn& c, const Principal& p, const Meeting& m) {
  if (p.role == Role::kOrg) {
    if (!p.org_id) return false;
    auto row = c.QueryOne("SELECT 1 FROM meeting_invitations WHERE meeting_id = :1 AND org_id = :2",
                          {m.id, *p.org_id});
    if (!row.ok()) return row.status();
    return row->has_value();
  }
  return IsReader(p) && InSubtree(m.region_code, p.region_code);
}

// The meeting for a write by staff in scope: missing/out of scope → 404.
Result<Meeting> LoadForWrite(db::Conn& c, const Principal& p, long long id) {
  auto m = FindMeeting(c, id);
  if (!m.ok()) return m.status();
  if (!*m || !IsManager(p) || !InSubtree((*m)->region_code, p.region_code))
    return NotFound("meeting not found");
  return **m;
}

Status Validate(db::Conn& c, const Principal& p, files::FileService& files, Meeting& m,
                const MeetingInput& in) {
  if (in.kind) {
    if (!kKinds.count(*in.kind)) return InvalidArgument("kind", "kind must be joint, org or other");
    m.kind = *in.kind;
  }
  if (in.title) m.title = *in.title;
  if (in.place) m.place = *in.place;
  if (in.agenda) m.agenda = *in.agenda;
  if (in.minutes) m.minutes = *in.minutes;
  if (in.starts_at) m.starts_at = *in.starts_at;
  if (in.ends_at) m.ends_at = *in.ends_at;
  if (in.region_code) {
    if (!IsRegionCode(*in.region_code))
      return InvalidArgument("region_code", "region_code must be a 12-digit code");
    auto r = c.QueryOne("SELECT 1 FROM regions WHERE code = :1", {*in.region_code});
    if (!r.ok()) return r.status();
    if (!*r) return InvalidArgument("region_code", "unknown region " + *in.region_code);
    if (!InSubtree(*in.region_code, p.region_code))
      return Status(Code::kPermissionDenied, "the region is outside your scope", "region_code");
    m.region_code = *in.region_code;
  }
  if (in.minutes_file_id) {
    m.minutes_file_id = *in.minutes_file_id;
    if (m.minutes_file_id) {
      auto f = files.CheckAttachable(c, p, *m.minutes_file_id, std::nullopt);
      if (!f.ok()) return InvalidArgument("minutes_file_id", "unknown file");
    }
  }
  if (m.title.empty()) return InvalidArgument("title", "title is required");
  if (m.kind.empty()) return InvalidArgument("kind", "kind is required");
  if (m.region_code.empty()) return InvalidArgument("region_code", "region_code is required");
  if (!m.starts_at) return InvalidArgument("starts_at", "starts_at is required");
  if (!m.ends_at) return InvalidArgument("ends_at", "ends_at is required");
  if (m.ends_at < m.starts_at) return InvalidArgument("ends_at", "ends_at is before starts_at");
  return Status::Ok();
}

Status SaveMeeting(db::Conn& c, const Meeting& m, long long old_version) {
  auto n = c.ExecCount(
      "UPDATE meetings SET kind = :1, title = :2, region_code = :3, starts_at = :4, ends_at = :5, "
      "place = :6, agenda = :7, state = :8, minutes = :9, minutes_file_id = :10, "
      "cancel_reason = :11, version = :12, updated_at = :13 WHERE id = :14 AND version = :15",
      {m.kind, m.title, m.region_code, (long long)m.starts_at, (long long)m.ends_at, m.place,
       m.agenda, m.state, m.minutes, db::Opt(m.minutes_file_id), m.cancel_reason, m.version,
       (long long)m.updated_at, m.id, old_version});
  if (!n.ok()) return n.status();
  if (*n != 1) return Conflict("the meeting was changed by someone else; reload and try again");
  return Status::Ok();
}

Result<std::vector<Invitation>> LoadInvitations(db::Conn& c, long long meeting_id,
                                                std::optional<long long> only_org) {
  std::string sql =
      "SELECT i.org_id, o.name, o.region_code, i.status, i.method, i.confirmed_at, i.attended_at "
      "FROM meeting_invitations i JOIN orgs o ON o.id = i.org_id WHERE i.meeting_id = :1";
  std::vector<db::Value> params = {meeting_id};
  if (only_org) {
    sql += " AND i.org_id = :2";
    params.push_back(*only_org);
  }
  sql += " ORDER BY o.region_code, o.name";
  auto rows = c.Query(sql, params);
  if (!rows.ok()) return rows.status();
  std::vector<Invitation> out;
  for (auto& r : *rows) {
    Invitation i;
    i.org_id = r.Int(0);
    i.org_name = r.Str(1);
    i.org_region = r.Str(2);
    i.status = r.Str(3);
    i.method = r.Str(4);
    i.confirmed_at = r.OptInt(5);
    i.attended_at = r.OptInt(6);
    out.push_back(std::move(i));
  }
  return out;
}

const char* kResolutionSelect =
    "SELECT r.id, r.meeting_id, r.content, r.owner_org_id, o.name, r.owner_user_id, "
    "u.display_name, r.due_on, r.state, r.done_note, r.done_at, r.version, r.created_at, "
    "r.updated_at FROM meeting_resolutions r LEFT JOIN orgs o ON o.id = r.owner_org_id "
    "LEFT JOIN users u ON u.id = r.owner_user_id ";

Resolution ResolutionFromRow(const db::Row& r, const std::string& today) {
  Resolution x;
  x.id = r.Int(0);
  x.meeting_id = r.Int(1);
  x.content = r.Str(2);
  x.owner_org_id = r.OptInt(3);
  x.owner_org_name = r.Str(4);
  x.owner_user_id = r.OptInt(5);
  x.owner_user_name = r.Str(6);
  x.due_on = r.Str(7);
  x.state = r.Str(8);
  x.done_note = r.Str(9);
  x.done_at = r.OptInt(10);
  x.version = r.Int(11);
  x.created_at = r.Int(12);
  x.updated_at = r.Int(13);
  x.overdue = x.state == "open" && !x.due_on.empty() && x.due_on < today;
  return x;
}

Result<std::vector<Resolution>> LoadResolutions(db::Conn& c, long long meeting_id) {
  auto rows = c.Query(
      std::string(kResolutionSelect) + "WHERE r.meeting_id = :1 ORDER BY r.created_at, r.id",
      {meeting_id});
  if (!rows.ok()) return rows.status();
  std::string today = gather::TodayCn(NowMs());
  std::vector<Resolution> out;
  for (auto& r : *rows) out.push_back(ResolutionFromRow(r, today));
  return out;
}

Status FillCounts(db::Conn& c, Meeting& m) {
  auto rows = c.Query(
      "SELECT status, COUNT(*) FROM meeting_invitations WHERE meeting_id = :1 GROUP BY status",
      {m.id});
  if (!rows.ok()) return rows.status();
  m.invited = m.confirmed = m.attended = m.absent = 0;
  for (auto& r : *rows) {
    std::string s = r.Str(0);
    long long n = r.Int(1);
    m.invited += n;  // every invitation, whatever became of it
    if (s == "confirmed") m.confirmed += n;
    if (s == "attended") m.attended += n;
    if (s == "absent") m.absent += n;
  }
  auto res = c.Query(
      "SELECT due_on FROM meeting_resolutions WHERE meeting_id = :1 AND "
      "state = 'open'",
      {m.id});
  if (!res.ok()) return res.status();
  std::string today = gather::TodayCn(NowMs());
  m.open_resolutions = static_cast<long long>(res->size());
  m.overdue_resolutions = 0;
  for (auto& r : *res)
    if (!r.Str(0).empty() && r.Str(0) < today) ++m.overdue_resolutions;
  return Status::Ok();
}

Result<MeetingView> BuildView(db::Conn& c, const Principal& p, Meeting m) {
  MeetingView v;
  SHUNIU_RETURN_IF_ERROR(FillCounts(c, m));
  v.staff_view = p.role != Role::kOrg;
  auto inv = LoadInvitations(c, m.id, v.staff_view ? std::nullopt : p.org_id);
  if (!inv.ok()) return inv.status();
  v.invitations = std::move(*inv);
  auto res = LoadResolutions(c, m.id);
  if (!res.ok()) return res.status();
  v.resolutions = std::move(*res);
  if (!v.staff_view || p.role == Role::kAuditor) m.checkin_code.clear();
  if (!v.staff_view) m.invited = m.confirmed = m.attended = m.absent = 0;
  v.meeting = std::move(m);
  return v;
}

// Invitation status change for one organization, audited.
Status SetInvitation(db::Conn& c, const Principal& p, const Meeting& m, long long org_id,
                     const std::string& to, const std::string& method) {
  auto row =
      c.QueryOne("SELECT status FROM meeting_invitations WHERE meeting_id = :1 AND org_id = :2",
                 {m.id, org_id});
  if (!row.ok()) return row.status();
  if (!*row) return InvalidArgument("org_id", "the organization is not invited");
  std::string from = (*row)->Str(0);
  SHUNIU_RETURN_IF_ERROR(CheckTransition(kInvitationStates, "the invitation", from, to));
  long long now = NowMs();
  std::string sql;
  std::vector<db::Value> params;
  if (to == "confirmed") {
    sql =
        "UPDATE meeting_invitations SET status = :1, confirmed_at = :2 WHERE meeting_id = :3 "
        "AND org_id = :4";
    params = {to, now, m.id, org_id};
  } else if (to == "attended") {
    sql =
        "UPDATE meeting_invitations SET status = :1, attended_at = :2, method = :3 "
        "WHERE meeting_id = :4 AND org_id = :5";
    params = {to, now, method, m.id, org_id};
  } else {
    sql =
        "UPDATE meeting_invitations SET status = :1, attended_at = NULL, method = :2 "
        "WHERE meeting_id = :3 AND org_id = :4";
    params = {to, method, m.id, org_id};
  }
  SHUNIU_RETURN_IF_ERROR(c.Exec(sql, params));
  return audit::AuditService::Record(
      c, p.ctx, "meeting.attendance", "meeting", std::to_string(m.id), m.region_code,
      nlohmann::json{{"org_id", org_id}, {"status", from}},
      nlohmann::json{{"org_id", org_id}, {"status", to}, {"method", method}});
}

Status ValidateResolution(db::Conn& c, const Principal& p, const Meeting& m, Resolution& r,
                          const ResolutionInput& in) {
  if (in.content) r.content = *in.content;
  if (r.content.empty()) return InvalidArgument("content", "content is required");
  if (in.due_on) {
    if (!in.due_on->empty() && !gather::IsDate(*in.due_on))
      return InvalidArgument("due_on", "due_on must be a date YYYY-MM-DD");
    r.due_on = *in.due_on;
  }
  if (in.owner_org_id) {
    r.owner_org_id = *in.owner_org_id;
    if (r.owner_org_id) {
      auto o = c.QueryOne("SELECT region_code FROM orgs WHERE id = :1", {*r.owner_org_id});
      if (!o.ok()) return o.status();
      if (!*o || !InSubtree((*o)->Str(0), p.region_code))
        return InvalidArgument("owner_org_id", "unknown organization");
    }
  }
  if (in.owner_user_id) {
    r.owner_user_id = *in.owner_user_id;
    if (r.owner_user_id) {
      auto u = c.QueryOne("SELECT region_code, role FROM users WHERE id = :1", {*r.owner_user_id});
      if (!u.ok()) return u.status();
      if (!*u || !InSubtree((*u)->Str(0), p.region_code) ||
          ((*u)->Str(1) != "staff" && (*u)->Str(1) != "admin"))
        return InvalidArgument("owner_user_id", "the owner must be a cadre (staff) in your scope");
    }
  }
  (void)m;
  return Status::Ok();
}

Result<Resolution> FindResolution(db::Conn& c, long long meeting_id, long long rid) {
  auto row = c.QueryOne(std::string(kResolutionSelect) + "WHERE r.id = :1 AND r.meeting_id = :2",
                        {rid, meeting_id});
  if (!row.ok()) return row.status();
  if (!*row) return NotFound("resolution not found");
  return ResolutionFromRow(**row, gather::TodayCn(NowMs()));
}

}  // namespace

bool MeetingTransitionAllowed(const std::string& from, const std::string& to) {
  return gather::Allowed(kMeetingStates, from, to);
}
bool InvitationTransitionAllowed(const std::string& from, const std::string& to) {
  return gather::Allowed(kInvitationStates, from, to);
}

MeetingService::MeetingService(const Deps& deps) : d_(deps) {}

Result<std::pair<std::vector<Meeting>, long long>> MeetingService::List(const Principal& p,
                                                                        MeetingFilter f) {
  gather::Where w;
  if (p.role == Role::kOrg) {
    if (!p.org_id) return PermissionDenied("this account is not linked to an organization");
    w.Add("EXISTS (SELECT 1 FROM meeting_invitations i WHERE i.meeting_id = m.id AND i.org_id = ?)",
          {*p.org_id});
  } else {
    if (!IsReader(p)) return PermissionDenied("meetings need a staff, admin or auditor role");
    if (!f.region.empty()) {
      if (!IsRegionCode(f.region))
        return InvalidArgument("region", "region must be a 12-digit code");
      if (!InSubtree(f.region, p.region_code)) return NotFound("region not found");
    }
    CodeRange r = SubtreeRange(f.region.empty() ? p.region_code : f.region);
    w.Add("m.region_code BETWEEN ? AND ?", {r.lo, r.hi});
  }
  if (!f.state.empty()) w.Add("m.state = ?", {f.state});
  if (!f.kind.empty()) w.Add("m.kind = ?", {f.kind});
  if (!f.q.empty()) w.Add("m.title LIKE ?" + std::string(db::kLikeEscape), {db::LikeContains(f.q)});
  if (!f.year.empty()) {
    if (f.year.size() != 4 || f.year.find_first_not_of("0123456789") != std::string::npos)
      return InvalidArgument("year", "year must be YYYY");
    auto from = ParseRfc3339(f.year + "-01-01");
    auto to = ParseRfc3339(std::to_string(std::stoi(f.year) + 1) + "-01-01");
    w.Add("m.starts_at >= ? AND m.starts_at < ?", {(long long)*from, (long long)*to});
  }
  const std::string& where = w.sql;
  const std::vector<db::Value>& params = w.params;
  std::pair<std::vector<Meeting>, long long> out;
  Status st = d_.db.Read([&](db::Conn& c) -> Status {
    auto n = c.QueryOne("SELECT COUNT(*) FROM meetings m" + where, params);
    if (!n.ok()) return n.status();
    out.second = (*n)->Int(0);
    std::string cols = kMeetingCols;
    std::string prefixed;
    for (size_t i = 0, j; i < cols.size(); i = j + 2) {
      j = cols.find(", ", i);
      if (j == std::string::npos) j = cols.size();
      prefixed += (prefixed.empty() ? "m." : ", m.") + cols.substr(i, j - i);
    }
    auto rows = c.Query("SELECT " + prefixed + " FROM meetings m" + where +
                            " ORDER BY m.starts_at DESC, m.id LIMIT " + std::to_string(f.size) +
                            " OFFSET " + std::to_string((f.page - 1) * f.size),
                        params);
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows) {
      Meeting m = MeetingFromRow(r);
      if (p.role == Role::kOrg) {
        m.checkin_code.clear();
      } else {
        SHUNIU_RETURN_IF_ERROR(FillCounts(c, m));
        if (p.role == Role::kAuditor) m.checkin_code.clear();
      }
      out.first.push_back(std::move(m));
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  for (auto& m : out.first) {
    auto r = d_.regions.Find(m.region_code);
    if (r.ok() && *r) m.region_name = (*r)->name;
  }
  return out;
}

Result<MeetingView> MeetingService::Get(const Principal& p, long long id) {
  Result<MeetingView> out = Internal("not run");
  Status st = d_.db.Read([&](db::Conn& c) -> Status {
    auto m = FindMeeting(c, id);
    if (!m.ok()) return m.status();
    if (!*m) return NotFound("meeting not found");
    auto vis = Visible(c, p, **m);
    if (!vis.ok()) return vis.status();
    if (!*vis) return NotFound("meeting not found");
    out = BuildView(c, p, **m);
    return out.status();
  });
  if (!st.ok()) return st;
  auto r = d_.regions.Find(out->meeting.region_code);
  if (r.ok() && *r) out->meeting.region_name = (*r)->name;
  return out;
}

Result<MeetingView> MeetingService::Create(const Principal& p, const MeetingInput& in) {
  if (!IsManager(p)) return PermissionDenied("scheduling meetings needs the staff or admin role");
  Meeting m;
  m.id = crypto::RandomId();
  m.state = "scheduled";
  m.checkin_code = NewCode();
  if (!in.region_code) m.region_code = p.region_code;
  Status st = d_.db.Tx([&](db::Conn& c) -> Status {
    SHUNIU_RETURN_IF_ERROR(Validate(c, p, d_.files, m, in));
    m.created_at = m.updated_at = NowMs();
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "INSERT INTO meetings (id, kind, title, region_code, starts_at, ends_at, place, agenda, "
        "state, checkin_code, minutes, minutes_file_id, created_by, version, created_at, "
        "updated_at) VALUES (:1, :2, :3, :4, :5, :6, :7, :8, :9, :10, :11, :12, :13, 1, :14, :15)",
        {m.id, m.kind, m.title, m.region_code, (long long)m.starts_at, (long long)m.ends_at,
         m.place, m.agenda, m.state, m.checkin_code, m.minutes, db::Opt(m.minutes_file_id),
         p.ctx.actor_id ? db::Value(*p.ctx.actor_id) : db::Null(), (long long)m.created_at,
         (long long)m.updated_at}));
    return audit::AuditService::Record(c, p.ctx, "meeting.create", "meeting", std::to_string(m.id),
                                       m.region_code, std::nullopt, Snapshot(m));
  });
  if (!st.ok()) return st;
  return Get(p, m.id);
}

Result<MeetingView> MeetingService::Update(const Principal& p, long long id, long long version,
                                           const MeetingInput& in) {
  Status st = d_.db.Tx([&](db::Conn& c) -> Status {
    auto found = LoadForWrite(c, p, id);
    if (!found.ok()) return found.status();
    Meeting before = *found, m = *found;
    if (m.version != version)
      return Conflict("the meeting was changed by someone else; reload and try again");
    bool details = in.kind || in.title || in.region_code || in.place || in.agenda || in.starts_at ||
                   in.ends_at;
    if (m.state == "cancelled")
      return Conflict("the meeting is cancelled; it can no longer be changed");
    if (details && m.state != "scheduled")
      return Conflict("the meeting is " + m.state + "; only its minutes can still be changed");
    SHUNIU_RETURN_IF_ERROR(Validate(c, p, d_.files, m, in));
    m.version = version + 1;
    m.updated_at = NowMs();
    SHUNIU_RETURN_IF_ERROR(SaveMeeting(c, m, version));
    return audit::AuditService::Record(c, p.ctx, "meeting.update", "meeting", std::to_string(id),
                                       m.region_code, Snapshot(before), Snapshot(m));
  });
  if (!st.ok()) return st;
  return Get(p, id);
}

Result<MeetingView> MeetingService::Hold(const Principal& p, long long id,
                                         const MeetingInput& minutes) {
  Status st = d_.db.Tx([&](db::Conn& c) -> Status {
    auto found = LoadForWrite(c, p, id);
    if (!found.ok()) return found.status();
    Meeting before = *found, m = *found;
    SHUNIU_RETURN_IF_ERROR(CheckTransition(kMeetingStates, "the meeting", m.state, "held"));
    MeetingInput in;
    in.minutes = minutes.minutes;
    in.minutes_file_id = minutes.minutes_file_id;
    SHUNIU_RETURN_IF_ERROR(Validate(c, p, d_.files, m, in));
    if (m.minutes.empty() && !m.minutes_file_id)
      return InvalidArgument("minutes", "record the minutes (text or file) to mark it held");
    m.state = "held";
    m.version = before.version + 1;
    m.updated_at = NowMs();
    SHUNIU_RETURN_IF_ERROR(SaveMeeting(c, m, before.version));
    // Invited organizations that never came are absent.
    SHUNIU_RETURN_IF_ERROR(
        c.Exec("UPDATE meeting_invitations SET status = 'absent', method = 'manual' WHERE "
               "meeting_id = :1 AND status IN ('invited', 'confirmed')",
               {id}));
    return audit::AuditService::Record(c, p.ctx, "meeting.hold", "meeting", std::to_string(id),
                                       m.region_code, Snapshot(before), Snapshot(m));
  });
  if (!st.ok()) return st;
  return Get(p, id);
}

Result<MeetingView> MeetingService::Cancel(const Principal& p, long long id,
                                           const std::string& reason) {
  Status st = d_.db.Tx([&](db::Conn& c) -> Status {
    auto found = LoadForWrite(c, p, id);
    if (!found.ok()) return found.status();
    Meeting before = *found, m = *found;
    SHUNIU_RETURN_IF_ERROR(CheckTransition(kMeetingStates, "the meeting", m.state, "cancelled"));
    m.state = "cancelled";
    m.cancel_reason = reason;
    m.version = before.version + 1;
    m.updated_at = NowMs();
    SHUNIU_RETURN_IF_ERROR(SaveMeeting(c, m, before.version));
    return audit::AuditService::Record(c, p.ctx, "meeting.cancel", "meeting", std::to_string(id),
                                       m.region_code, Snapshot(before), Snapshot(m));
  });
  if (!st.ok()) return st;
  return Get(p, id);
}

Result<std::pair<MeetingView, long long>> MeetingService::Invite(const Principal& p, long long id,
                                                                 const InviteInput& in) {
  // Resolve the filter (in the caller's scope) before the transaction.
  std::vector<long long> ids = in.org_ids;
  if (in.filter) {
    if (!IsManager(p)) return NotFound("meeting not found");
    org::OrgFilter f = *in.filter;
    f.size = 200;
    for (f.page = 1;; ++f.page) {
      auto page = d_.orgs.List(p, f);
      if (!page.ok()) return Status(page.status().code(), page.status().message(), "filter");
      for (auto& o : page->first) ids.push_back(o.id);
      if (page->first.size() < 200 || f.page >= 50) break;
    }
  }
  if (ids.empty()) return InvalidArgument("org_ids", "choose at least one organization");
  long long added = 0;
  Status st = d_.db.Tx([&](db::Conn& c) -> Status {
    auto found = LoadForWrite(c, p, id);
    if (!found.ok()) return found.status();
    const Meeting& m = *found;
    if (m.state != "scheduled")
      return Conflict("the meeting is " + m.state + "; invitations need a scheduled meeting");
    std::set<long long> seen;
    std::vector<long long> fresh;
    for (long long org_id : ids) {
      if (!seen.insert(org_id).second) continue;
      auto o = c.QueryOne("SELECT region_code FROM orgs WHERE id = :1", {org_id});
      if (!o.ok()) return o.status();
      if (!*o || !InSubtree((*o)->Str(0), p.region_code))
        return InvalidArgument("org_ids", "unknown organization " + std::to_string(org_id));
      if (!InSubtree((*o)->Str(0), m.region_code)) {
        if (in.filter) continue;  // a filter wider than the meeting's region
        return InvalidArgument("org_ids", "organization " + std::to_string(org_id) +
                                              " lies outside the meeting's region");
      }
      auto has = c.QueryOne(
          "SELECT 1 FROM meeting_invitations WHERE meeting_id = :1 AND org_id = :2", {id, org_id});
      if (!has.ok()) return has.status();
      if (*has) continue;
      SHUNIU_RETURN_IF_ERROR(
          c.Exec("INSERT INTO meeting_invitations (meeting_id, org_id, status, invited_at) VALUES "
                 "(:1, :2, 'invited', :3)",
                 {id, org_id, (long long)NowMs()}));
      fresh.push_back(org_id);
    }
    added = static_cast<long long>(fresh.size());
    if (fresh.empty()) return Status::Ok();
    return audit::AuditService::Record(c, p.ctx, "meeting.invite", "meeting", std::to_string(id),
                                       m.region_code, std::nullopt,
                                       nlohmann::json{{"org_ids", fresh}});
  });
  if (!st.ok()) return st;
  auto v = Get(p, id);
  if (!v.ok()) return v.status();
  return std::pair<MeetingView, long long>(std::move(*v), added);
}

namespace {
// The meeting for an org account's own action: invited, else 404.
Result<Meeting> LoadForOrg(db::Conn& c, const Principal& p, long long id) {
  auto m = FindMeeting(c, id);
  if (!m.ok()) return m.status();
  if (!*m || p.role != Role::kOrg || !p.org_id) return NotFound("meeting not found");
  auto vis = Visible(c, p, **m);
  if (!vis.ok()) return vis.status();
  if (!*vis) return NotFound("meeting not found");
  return **m;
}
}  // namespace

Result<MeetingView> MeetingService::Confirm(const Principal& p, long long id) {
  Status st = d_.db.Tx([&](db::Conn& c) -> Status {
    auto m = LoadForOrg(c, p, id);
    if (!m.ok()) return m.status();
    if (m->state != "scheduled")
      return Conflict("the meeting is " + m->state + "; attendance can no longer be confirmed");
    return SetInvitation(c, p, *m, *p.org_id, "confirmed", "");
  });
  if (!st.ok()) return st;
  return Get(p, id);
}

Result<MeetingView> MeetingService::CheckIn(const Principal& p, long long id,
                                            const std::string& code) {
  Status st = d_.db.Tx([&](db::Conn& c) -> Status {
    auto m = LoadForOrg(c, p, id);
    if (!m.ok()) return m.status();
    if (m->state != "scheduled")
      return Conflict("the meeting is " + m->state + "; check-in is closed");
    std::string given;
    for (char ch : code)
      if (ch != ' ' && ch != '-') given += static_cast<char>(std::toupper(ch));
    if (!crypto::ConstantTimeEquals(given, m->checkin_code))
      return InvalidArgument("code", "the check-in code is wrong");
    return SetInvitation(c, p, *m, *p.org_id, "attended", "code");
  });
  if (!st.ok()) return st;
  return Get(p, id);
}

Result<MeetingView> MeetingService::MarkAttendance(
    const Principal& p, long long id, const std::vector<std::pair<long long, std::string>>& marks) {
  if (marks.empty()) return InvalidArgument("marks", "mark at least one organization");
  Status st = d_.db.Tx([&](db::Conn& c) -> Status {
    auto m = LoadForWrite(c, p, id);
    if (!m.ok()) return m.status();
    if (m->state == "cancelled")
      return Conflict("the meeting is cancelled; attendance cannot be recorded");
    for (auto& [org_id, status] : marks) {
      if (status != "attended" && status != "absent")
        return InvalidArgument("status", "status must be attended or absent");
      SHUNIU_RETURN_IF_ERROR(SetInvitation(c, p, *m, org_id, status, "manual"));
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return Get(p, id);
}

Result<Resolution> MeetingService::AddResolution(const Principal& p, long long id,
                                                 const ResolutionInput& in) {
  Resolution r;
  Status st = d_.db.Tx([&](db::Conn& c) -> Status {
    auto m = LoadForWrite(c, p, id);
    if (!m.ok()) return m.status();
    if (m->state == "cancelled")
      return Conflict("the meeting is cancelled; it takes no resolutions");
    r.id = crypto::RandomId();
    r.meeting_id = id;
    r.state = "open";
    SHUNIU_RETURN_IF_ERROR(ValidateResolution(c, p, *m, r, in));
    r.created_at = r.updated_at = NowMs();
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "INSERT INTO meeting_resolutions (id, meeting_id, content, owner_org_id, owner_user_id, "
        "due_on, state, version, created_at, updated_at) VALUES (:1, :2, :3, :4, :5, :6, 'open', "
        "1, :7, :8)",
        {r.id, id, r.content, db::Opt(r.owner_org_id), db::Opt(r.owner_user_id),
         r.due_on.empty() ? db::Null() : db::Value(r.due_on), (long long)r.created_at,
         (long long)r.updated_at}));
    return audit::AuditService::Record(c, p.ctx, "meeting.resolution.create", "meeting",
                                       std::to_string(id), m->region_code, std::nullopt,
                                       ResolutionSnapshot(r));
  });
  if (!st.ok()) return st;
  Result<Resolution> out = Internal("not run");
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) {
    out = FindResolution(c, id, r.id);
    return out.status();
  }));
  return out;
}

Result<Resolution> MeetingService::UpdateResolution(const Principal& p, long long id, long long rid,
                                                    long long version, const ResolutionInput& in) {
  Status st = d_.db.Tx([&](db::Conn& c) -> Status {
    auto m = LoadForWrite(c, p, id);
    if (!m.ok()) return m.status();
    auto found = FindResolution(c, id, rid);
    if (!found.ok()) return found.status();
    Resolution before = *found, r = *found;
    if (r.version != version)
      return Conflict("the resolution was changed by someone else; reload and try again");
    SHUNIU_RETURN_IF_ERROR(ValidateResolution(c, p, *m, r, in));
    if (in.state) {
      if (*in.state != "open" && *in.state != "done")
        return InvalidArgument("state", "state must be open or done");
      SHUNIU_RETURN_IF_ERROR(
          CheckTransition(kResolutionStates, "the resolution", r.state, *in.state));
      if (*in.state == "done") {
        if (!in.note || in.note->empty())
          return InvalidArgument("note", "say how the resolution was carried out");
        r.done_note = *in.note;
        r.done_at = NowMs();
      } else {
        r.done_at.reset();
        if (in.note) r.done_note = *in.note;
      }
      r.state = *in.state;
    } else if (in.note) {
      r.done_note = *in.note;
    }
    r.updated_at = NowMs();
    r.version = version + 1;
    auto n = c.ExecCount(
        "UPDATE meeting_resolutions SET content = :1, owner_org_id = :2, owner_user_id = :3, "
        "due_on = :4, state = :5, done_note = :6, done_at = :7, version = :8, updated_at = :9 "
        "WHERE id = :10 AND version = :11",
        {r.content, db::Opt(r.owner_org_id), db::Opt(r.owner_user_id),
         r.due_on.empty() ? db::Null() : db::Value(r.due_on), r.state, r.done_note,
         r.done_at ? db::Value((long long)*r.done_at) : db::Null(), r.version,
         (long long)r.updated_at, rid, version});
    if (!n.ok()) return n.status();
    if (*n != 1)
      return Conflict("the resolution was changed by someone else; reload and try again");
    return audit::AuditService::Record(
        c, p.ctx,
        r.state != before.state
            ? "meeting.resolution." + std::string(r.state == "done" ? "done" : "reopen")
            : std::string("meeting.resolution.update"),
        "meeting", std::to_string(id), m->region_code, ResolutionSnapshot(before),
        ResolutionSnapshot(r));
  });
  if (!st.ok()) return st;
  Result<Resolution> out = Internal("not run");
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) {
    out = FindResolution(c, id, rid);
    return out.status();
  }));
  return out;
}

}  // namespace shuniu::hub
