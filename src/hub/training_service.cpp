// Trainings, field visits and study trips: enrolment, check-in, feedback.
#include "hub/training_service.h"

#include <cmath>
#include <map>
#include <set>

#include "audit/audit_service.h"
#include "core/crypto.h"
#include "hub/meeting_common.h"
#include "org/org_service.h"

namespace shuniu::hub {
namespace {

using gather::CheckTransition;
using gather::IsManager;
using gather::IsReader;

const gather::Transitions kTrainingStates = {
    {"planned", "open"},   {"planned", "cancelled"}, {"open", "closed"},     {"open", "held"},
    {"open", "cancelled"}, {"closed", "held"},       {"closed", "cancelled"}};
const gather::Transitions kEnrolmentStates = {
    {"enrolled", "attended"},   {"enrolled", "absent"},      {"enrolled", "cancelled"},
    {"waitlisted", "enrolled"}, {"waitlisted", "cancelled"}, {"absent", "attended"}};
const std::set<std::string> kKinds = {"thematic", "field_visit", "study_trip"};
constexpr int64_t kDayMs = 24LL * 3600 * 1000;
constexpr int64_t kCnOffsetMs = 8LL * 3600 * 1000;

const char* kTrainingCols =
    "t.id, t.kind, t.title, t.topic, t.region_code, t.starts_at, t.ends_at, t.place, t.capacity, "
    "t.hours_x10, t.state, t.cancel_reason, t.version, t.created_at, t.updated_at";

Training TrainingFromRow(const db::Row& r) {
  Training t;
  t.id = r.Int(0);
  t.kind = r.Str(1);
  t.title = r.Str(2);
  t.topic = r.Str(3);
  t.region_code = r.Str(4);
  t.starts_at = r.Int(5);
  t.ends_at = r.Int(6);
  t.place = r.Str(7);
  t.capacity = r.OptInt(8);
  t.hours_x10 = r.Int(9);
  t.state = r.Str(10);
  t.cancel_reason = r.Str(11);
  t.version = r.Int(12);
  t.created_at = r.Int(13);
  t.updated_at = r.Int(14);
  return t;
}

nlohmann::json Snapshot(const Training& t) {
  return {{"id", t.id},
          {"kind", t.kind},
          {"title", t.title},
          {"region_code", t.region_code},
          {"starts_at", Rfc3339(t.starts_at)},
          {"ends_at", Rfc3339(t.ends_at)},
          {"capacity", t.capacity ? nlohmann::json(*t.capacity) : nullptr},
          {"hours_x10", t.hours_x10},
          {"state", t.state},
          {"material_ids", t.material_ids},
          {"version", t.version}};
}

nlohmann::json EnrolmentSnapshot(const Enrolment& e) {
  return {{"id", e.id},
          {"training_id", e.training_id},
          {"org_id", e.org_id},
          {"person_name", e.person_name},
          {"phone", e.phone},
          {"state", e.state},
          {"feedback_score", e.feedback_score ? nlohmann::json(*e.feedback_score) : nullptr}};
}

Result<std::optional<Training>> FindTraining(db::Conn& c, long long id) {
  auto row = c.QueryOne(
      std::string("SELECT ") + kTrainingCols + " FROM trainings t WHERE t.id = :1", {id});
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<Training>();
  Training t = TrainingFromRow(**row);
  auto mats = c.Query(
      "SELECT file_id FROM training_materials WHERE training_id = :1 ORDER BY "
      "file_id",
      {id});
  if (!mats.ok()) return mats.status();
  for (auto& m : *mats) t.material_ids.push_back(m.Int(0));
  return std::optional<Training>(std::move(t));
}

Result<std::string> OrgRegion(db::Conn& c, long long org_id) {
  auto o = c.QueryOne("SELECT region_code FROM orgs WHERE id = :1", {org_id});
  if (!o.ok()) return o.status();
  if (!*o) return std::string();
  return (*o)->Str(0);
}

// Org accounts see trainings their organization has people in, and open ones
// of their own region or an ancestor (those they may enrol in).
Result<bool> Visible(db::Conn& c, const Principal& p, const Training& t) {
  if (p.role == Role::kOrg) {
    if (!p.org_id) return false;
    auto row =
        c.QueryOne("SELECT 1 FROM training_enrolments WHERE training_id = :1 AND org_id = :2",
                   {t.id, *p.org_id});
    if (!row.ok()) return row.status();
    if (*row) return true;
    if (t.state != "open") return false;
    auto region = OrgRegion(c, *p.org_id);
    if (!region.ok()) return region.status();
    return !region->empty() && InSubtree(*region, t.region_code);
  }
  return IsReader(p) && InSubtree(t.region_code, p.region_code);
}

Result<Training> LoadForWrite(db::Conn& c, const Principal& p, long long id) {
  auto t = FindTraining(c, id);
  if (!t.ok()) return t.status();
  if (!*t || !IsManager(p) || !InSubtree((*t)->region_code, p.region_code))
    return NotFound("training not found");
  return **t;
}

Result<Training> LoadVisible(db::Conn& c, const Principal& p, long long id) {
  auto t = FindTraining(c, id);
  if (!t.ok()) return t.status();
  if (!*t) return NotFound("training not found");
  auto vis = Visible(c, p, **t);
  if (!vis.ok()) return vis.status();
  if (!*vis) return NotFound("training not found");
  return **t;
}

Status FillCounts(db::Conn& c, Training& t, std::optional<long long> own_org) {
  std::string sql =
      "SELECT state, COUNT(*), SUM(feedback_score), COUNT(feedback_score) FROM "
      "training_enrolments WHERE training_id = :1";
  std::vector<db::Value> params = {t.id};
  if (own_org) {
    sql += " AND org_id = :2";
    params.push_back(*own_org);
  }
  auto rows = c.Query(sql + " GROUP BY state", params);
  if (!rows.ok()) return rows.status();
  t.enrolled = t.waitlisted = t.attended = t.absent = t.cancelled = t.feedback_count = 0;
  long long score_sum = 0;
  for (auto& r : *rows) {
    std::string s = r.Str(0);
    long long n = r.Int(1);
    if (s == "enrolled") t.enrolled = n;
    if (s == "waitlisted") t.waitlisted = n;
    if (s == "attended") t.attended = n;
    if (s == "absent") t.absent = n;
    if (s == "cancelled") t.cancelled = n;
    if (!r.IsNull(2)) score_sum += r.Int(2);
    t.feedback_count += r.Int(3);
  }
  t.feedback_avg = t.feedback_count ? std::round(10.0 * score_sum / t.feedback_count) / 10.0 : 0.0;
  if (own_org) {
    for (const char* s : {"attended", "enrolled", "waitlisted", "absent", "cancelled"}) {
      long long n = std::string(s) == "attended"     ? t.attended
                    : std::string(s) == "enrolled"   ? t.enrolled
                    : std::string(s) == "waitlisted" ? t.waitlisted
                    : std::string(s) == "absent"     ? t.absent
                                                     : t.cancelled;
      if (n) {
        t.my_state = s;
        break;
      }
    }
  }
  return Status::Ok();
}

Status Validate(db::Conn& c, const Principal& p, files::FileService& files, Training& t,
                const TrainingInput& in) {
  if (in.kind) {
    if (!kKinds.count(*in.kind))
      return InvalidArgument("kind", "kind must be thematic, field_visit or study_trip");
    t.kind = *in.kind;
  }
  if (in.title) t.title = *in.title;
  if (in.topic) t.topic = *in.topic;
  if (in.place) t.place = *in.place;
  if (in.starts_at) t.starts_at = *in.starts_at;
  if (in.ends_at) t.ends_at = *in.ends_at;
  if (in.capacity) {
    if (*in.capacity && (**in.capacity < 1 || **in.capacity > 100000))
      return InvalidArgument("capacity", "capacity must be between 1 and 100000, or null");
    t.capacity = *in.capacity;
  }
  if (in.hours_x10) {
    if (*in.hours_x10 < 0 || *in.hours_x10 > 10000)
      return InvalidArgument("hours", "hours must be between 0 and 1000");
    t.hours_x10 = *in.hours_x10;
  }
  if (in.region_code) {
    if (!IsRegionCode(*in.region_code))
      return InvalidArgument("region_code", "region_code must be a 12-digit code");
    auto r = c.QueryOne("SELECT 1 FROM regions WHERE code = :1", {*in.region_code});
    if (!r.ok()) return r.status();
    if (!*r) return InvalidArgument("region_code", "unknown region " + *in.region_code);
    if (!InSubtree(*in.region_code, p.region_code))
      return Status(Code::kPermissionDenied, "the region is outside your scope", "region_code");
    t.region_code = *in.region_code;
  }
  if (in.material_ids) {
    std::set<long long> seen;
    for (long long fid : *in.material_ids) {
      if (!seen.insert(fid).second)
        return InvalidArgument("material_ids", "each file may be listed only once");
      auto f = files.CheckAttachable(c, p, fid, std::nullopt);
      if (!f.ok()) return InvalidArgument("material_ids", "unknown file " + std::to_string(fid));
    }
    t.material_ids = *in.material_ids;
  }
  if (t.title.empty()) return InvalidArgument("title", "title is required");
  if (t.kind.empty()) return InvalidArgument("kind", "kind is required");
  if (!t.starts_at) return InvalidArgument("starts_at", "starts_at is required");
  if (!t.ends_at) return InvalidArgument("ends_at", "ends_at is required");
  if (t.ends_at < t.starts_at) return InvalidArgument("ends_at", "ends_at is before starts_at");
  return Status::Ok();
}

Status SaveMaterials(db::Conn& c, const Training& t) {
  SHUNIU_RETURN_IF_ERROR(c.Exec("DELETE FROM training_materials WHERE training_id = :1", {t.id}));
  for (long long fid : t.material_ids)
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "INSERT INTO training_materials (training_id, file_id) VALUES (:1, :2)", {t.id, fid}));
  return Status::Ok();
}

Status SaveTraining(db::Conn& c, const Training& t, long long old_version) {
  auto n = c.ExecCount(
      "UPDATE trainings SET kind = :1, title = :2, topic = :3, region_code = :4, starts_at = :5, "
      "ends_at = :6, place = :7, capacity = :8, hours_x10 = :9, state = :10, cancel_reason = :11, "
      "version = :12, updated_at = :13 WHERE id = :14 AND version = :15",
      {t.kind, t.title, t.topic, t.region_code, (long long)t.starts_at, (long long)t.ends_at,
       t.place, db::Opt(t.capacity), t.hours_x10, t.state, t.cancel_reason, t.version,
       (long long)t.updated_at, t.id, old_version});
  if (!n.ok()) return n.status();
  if (*n != 1) return Conflict("the training was changed by someone else; reload and try again");
  return Status::Ok();
}

const char* kEnrolmentSelect =
    "SELECT e.id, e.training_id, e.org_id, o.name, e.person_name, e.person_position, "
    "e.phone_masked, e.state, e.seq, e.feedback_score, e.feedback_comment, e.checked_in_at, "
    "e.version, e.created_at, e.updated_at FROM training_enrolments e JOIN orgs o ON o.id = "
    "e.org_id ";

Enrolment EnrolmentFromRow(const db::Row& r) {
  Enrolment e;
  e.id = r.Int(0);
  e.training_id = r.Int(1);
  e.org_id = r.Int(2);
  e.org_name = r.Str(3);
  e.person_name = r.Str(4);
  e.position = r.Str(5);
  e.phone = r.Str(6);
  e.state = r.Str(7);
  e.seq = r.Int(8);
  e.feedback_score = r.OptInt(9);
  e.feedback_comment = r.Str(10);
  e.checked_in_at = r.OptInt(11);
  e.version = r.Int(12);
  e.created_at = r.Int(13);
  e.updated_at = r.Int(14);
  return e;
}

Result<Enrolment> FindEnrolment(db::Conn& c, long long training_id, long long eid) {
  auto row = c.QueryOne(std::string(kEnrolmentSelect) + "WHERE e.id = :1 AND e.training_id = :2",
                        {eid, training_id});
  if (!row.ok()) return row.status();
  if (!*row) return NotFound("enrolment not found");
  return EnrolmentFromRow(**row);
}

Status SetEnrolmentState(db::Conn& c, const Principal& p, const Training& t, const Enrolment& e,
                         const std::string& to) {
  SHUNIU_RETURN_IF_ERROR(CheckTransition(kEnrolmentStates, "the enrolment", e.state, to));
  long long now = NowMs();
  SHUNIU_RETURN_IF_ERROR(c.Exec(
      "UPDATE training_enrolments SET state = :1, checked_in_at = :2, version = version + 1, "
      "updated_at = :3 WHERE id = :4",
      {to, to == "attended" ? db::Value(now) : db::Opt(e.checked_in_at), now, e.id}));
  Enrolment after = e;
  after.state = to;
  return audit::AuditService::Record(c, p.ctx, "training.enrolment." + to, "training",
                                     std::to_string(t.id), t.region_code, EnrolmentSnapshot(e),
                                     EnrolmentSnapshot(after));
}

long long Seats(const Training& t) { return t.enrolled + t.attended + t.absent; }

// Moves waitlisted people to enrolled, first come first served, while seats are free.
Status Promote(db::Conn& c, const Principal& p, Training t) {
  if (t.state == "held" || t.state == "cancelled") return Status::Ok();
  SHUNIU_RETURN_IF_ERROR(FillCounts(c, t, std::nullopt));
  long long free = t.capacity ? *t.capacity - Seats(t) : t.waitlisted;
  if (free <= 0 || t.waitlisted == 0) return Status::Ok();
  auto rows = c.Query(std::string(kEnrolmentSelect) +
                          "WHERE e.training_id = :1 AND e.state = 'waitlisted' ORDER BY e.seq "
                          "LIMIT " +
                          std::to_string(free),
                      {t.id});
  if (!rows.ok()) return rows.status();
  for (auto& r : *rows)
    SHUNIU_RETURN_IF_ERROR(SetEnrolmentState(c, p, t, EnrolmentFromRow(r), "enrolled"));
  return Status::Ok();
}

int QuarterOf(int64_t ms) {
  std::string d = Rfc3339(ms + kCnOffsetMs);
  int month = std::stoi(d.substr(5, 2));
  return (month - 1) / 3 + 1;
}

}  // namespace

bool TrainingTransitionAllowed(const std::string& from, const std::string& to) {
  return gather::Allowed(kTrainingStates, from, to);
}
bool EnrolmentTransitionAllowed(const std::string& from, const std::string& to) {
  return gather::Allowed(kEnrolmentStates, from, to);
}

TrainingService::TrainingService(const Deps& deps) : d_(deps) {
  auto secret = LoadOrCreateSecret(d_.cfg.key_file);
  if (secret.ok()) secret_ = *secret;
  // Organizations with a live enrolment read the training's materials.
  d_.files.AddAudience("training",
                       "SELECT 1 FROM training_materials m JOIN training_enrolments e ON "
                       "e.training_id = m.training_id WHERE m.file_id = :1 AND e.org_id = :2 "
                       "AND e.state <> 'cancelled'");
  d_.notices.AddReminderSource("training_tomorrow", [this](db::Conn& c, int64_t now_ms) {
    return TomorrowReminders(c, now_ms);
  });
}

Result<std::pair<std::vector<Training>, long long>> TrainingService::List(const Principal& p,
                                                                          TrainingFilter f) {
  gather::Where w;
  if (p.role == Role::kOrg) {
    if (!p.org_id) return PermissionDenied("this account is not linked to an organization");
    std::string region;
    SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) {
      auto r = OrgRegion(c, *p.org_id);
      if (!r.ok()) return r.status();
      region = *r;
      return Status::Ok();
    }));
    std::string cond =
        "(EXISTS (SELECT 1 FROM training_enrolments e WHERE e.training_id = t.id AND "
        "e.org_id = ?)";
    std::vector<db::Value> vals = {*p.org_id};
    std::string ancestors;
    for (auto& a : AncestorCodes(region, true)) {
      ancestors += ancestors.empty() ? "?" : ", ?";
      vals.push_back(a);
    }
    if (!ancestors.empty())
      cond += " OR (t.state = 'open' AND t.region_code IN (" + ancestors + "))";
    w.Add(cond + ")", vals);
  } else {
    if (!IsReader(p)) return PermissionDenied("trainings need a staff, admin or auditor role");
    if (!f.region.empty()) {
      if (!IsRegionCode(f.region))
        return InvalidArgument("region", "region must be a 12-digit code");
      if (!InSubtree(f.region, p.region_code)) return NotFound("region not found");
    }
    CodeRange r = SubtreeRange(f.region.empty() ? p.region_code : f.region);
    w.Add("t.region_code BETWEEN ? AND ?", {r.lo, r.hi});
  }
  if (!f.state.empty()) w.Add("t.state = ?", {f.state});
  if (!f.kind.empty()) w.Add("t.kind = ?", {f.kind});
  if (!f.q.empty()) {
    std::string esc = db::kLikeEscape;
    w.Add("(t.title LIKE ?" + esc + " OR t.topic LIKE ?" + esc + ")",
          {db::LikeContains(f.q), db::LikeContains(f.q)});
  }
  if (!f.year.empty()) {
    if (f.year.size() != 4 || f.year.find_first_not_of("0123456789") != std::string::npos)
      return InvalidArgument("year", "year must be YYYY");
    auto from = ParseRfc3339(f.year + "-01-01");
    auto to = ParseRfc3339(std::to_string(std::stoi(f.year) + 1) + "-01-01");
    w.Add("t.starts_at >= ? AND t.starts_at < ?",
          {(long long)(*from - kCnOffsetMs), (long long)(*to - kCnOffsetMs)});
  }
  const std::string& where = w.sql;
  const std::vector<db::Value>& params = w.params;
  std::pair<std::vector<Training>, long long> out;
  Status st = d_.db.Read([&](db::Conn& c) -> Status {
    auto n = c.QueryOne("SELECT COUNT(*) FROM trainings t" + where, params);
    if (!n.ok()) return n.status();
    out.second = (*n)->Int(0);
    auto rows = c.Query(std::string("SELECT ") + kTrainingCols + " FROM trainings t" + where +
                            " ORDER BY t.starts_at DESC, t.id LIMIT " + std::to_string(f.size) +
                            " OFFSET " + std::to_string((f.page - 1) * f.size),
                        params);
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows) {
      Training t = TrainingFromRow(r);
      SHUNIU_RETURN_IF_ERROR(
          FillCounts(c, t, p.role == Role::kOrg ? p.org_id : std::optional<long long>()));
      out.first.push_back(std::move(t));
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  for (auto& t : out.first) {
    auto r = d_.regions.Find(t.region_code);
    if (r.ok() && *r) t.region_name = (*r)->name;
  }
  return out;
}

Result<TrainingView> TrainingService::Get(const Principal& p, long long id) {
  TrainingView v;
  Status st = d_.db.Read([&](db::Conn& c) -> Status {
    auto t = LoadVisible(c, p, id);
    if (!t.ok()) return t.status();
    v.training = *t;
    v.staff_view = p.role != Role::kOrg;
    if (v.staff_view) {
      SHUNIU_RETURN_IF_ERROR(FillCounts(c, v.training, std::nullopt));
    } else {
      // Org accounts learn the seats left, never who else enrolled.
      Training all = v.training;
      SHUNIU_RETURN_IF_ERROR(FillCounts(c, all, std::nullopt));
      SHUNIU_RETURN_IF_ERROR(FillCounts(c, v.training, p.org_id));
      v.training.capacity =
          all.capacity ? std::optional<long long>(std::max(0LL, *all.capacity - Seats(all)))
                       : std::nullopt;
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  auto r = d_.regions.Find(v.training.region_code);
  if (r.ok() && *r) v.training.region_name = (*r)->name;
  return v;
}

Result<TrainingView> TrainingService::Create(const Principal& p, const TrainingInput& in) {
  if (!IsManager(p)) return PermissionDenied("planning trainings needs the staff or admin role");
  Training t;
  t.id = crypto::RandomId();
  t.state = "planned";
  if (!in.region_code) t.region_code = p.region_code;
  Status st = d_.db.Tx([&](db::Conn& c) -> Status {
    SHUNIU_RETURN_IF_ERROR(Validate(c, p, d_.files, t, in));
    t.created_at = t.updated_at = NowMs();
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "INSERT INTO trainings (id, kind, title, topic, region_code, starts_at, ends_at, place, "
        "capacity, hours_x10, state, created_by, version, created_at, updated_at) VALUES (:1, "
        ":2, :3, :4, :5, :6, :7, :8, :9, :10, :11, :12, 1, :13, :14)",
        {t.id, t.kind, t.title, t.topic, t.region_code, (long long)t.starts_at,
         (long long)t.ends_at, t.place, db::Opt(t.capacity), t.hours_x10, t.state,
         p.ctx.actor_id ? db::Value(*p.ctx.actor_id) : db::Null(), (long long)t.created_at,
         (long long)t.updated_at}));
    SHUNIU_RETURN_IF_ERROR(SaveMaterials(c, t));
    return audit::AuditService::Record(c, p.ctx, "training.create", "training",
                                       std::to_string(t.id), t.region_code, std::nullopt,
                                       Snapshot(t));
  });
  if (!st.ok()) return st;
  return Get(p, t.id);
}

Result<TrainingView> TrainingService::Update(const Principal& p, long long id, long long version,
                                             const TrainingInput& in) {
  Status st = d_.db.Tx([&](db::Conn& c) -> Status {
    auto found = LoadForWrite(c, p, id);
    if (!found.ok()) return found.status();
    Training before = *found, t = *found;
    if (t.version != version)
      return Conflict("the training was changed by someone else; reload and try again");
    if (t.state == "cancelled")
      return Conflict("the training is cancelled; it can no longer be changed");
    bool schedule = in.kind || in.region_code || in.starts_at || in.ends_at || in.capacity;
    if (schedule && t.state == "held")
      return Conflict(
          "the training is held; only its title, topic, hours and materials can "
          "still be changed");
    SHUNIU_RETURN_IF_ERROR(Validate(c, p, d_.files, t, in));
    t.version = version + 1;
    t.updated_at = NowMs();
    SHUNIU_RETURN_IF_ERROR(SaveTraining(c, t, version));
    if (in.material_ids) SHUNIU_RETURN_IF_ERROR(SaveMaterials(c, t));
    SHUNIU_RETURN_IF_ERROR(audit::AuditService::Record(c, p.ctx, "training.update", "training",
                                                       std::to_string(id), t.region_code,
                                                       Snapshot(before), Snapshot(t)));
    return Promote(c, p, t);  // a larger capacity lets waitlisted people in
  });
  if (!st.ok()) return st;
  return Get(p, id);
}

Result<TrainingView> TrainingService::Move(const Principal& p, long long id, const std::string& to,
                                           const std::string& reason) {
  Status st = d_.db.Tx([&](db::Conn& c) -> Status {
    auto found = LoadForWrite(c, p, id);
    if (!found.ok()) return found.status();
    Training before = *found, t = *found;
    SHUNIU_RETURN_IF_ERROR(CheckTransition(kTrainingStates, "the training", t.state, to));
    t.state = to;
    if (to == "cancelled") t.cancel_reason = reason;
    t.version = before.version + 1;
    t.updated_at = NowMs();
    SHUNIU_RETURN_IF_ERROR(SaveTraining(c, t, before.version));
    if (to == "held") {
      // Whoever was enrolled and never checked in was absent.
      SHUNIU_RETURN_IF_ERROR(c.Exec(
          "UPDATE training_enrolments SET state = 'absent', version = version + 1, updated_at = "
          ":1 WHERE training_id = :2 AND state = 'enrolled'",
          {(long long)t.updated_at, id}));
    }
    return audit::AuditService::Record(c, p.ctx, "training." + to, "training", std::to_string(id),
                                       t.region_code, Snapshot(before), Snapshot(t));
  });
  if (!st.ok()) return st;
  return Get(p, id);
}

Result<std::vector<Enrolment>> TrainingService::Enrolments(const Principal& p, long long id) {
  std::vector<Enrolment> out;
  Status st = d_.db.Read([&](db::Conn& c) -> Status {
    auto t = LoadVisible(c, p, id);
    if (!t.ok()) return t.status();
    std::string sql = std::string(kEnrolmentSelect) + "WHERE e.training_id = :1";
    std::vector<db::Value> params = {id};
    if (p.role == Role::kOrg) {
      sql += " AND e.org_id = :2";
      params.push_back(*p.org_id);
    }
    auto rows = c.Query(sql + " ORDER BY e.seq", params);
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows) out.push_back(EnrolmentFromRow(r));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<Enrolment> TrainingService::Enrol(const Principal& p, long long id,
                                         const EnrolmentInput& in) {
  long long eid = crypto::RandomId();
  Status st = d_.db.Tx([&](db::Conn& c) -> Status {
    auto found = p.role == Role::kOrg ? LoadVisible(c, p, id) : LoadForWrite(c, p, id);
    if (!found.ok()) return found.status();
    Training t = *found;
    long long org_id = 0;
    if (p.role == Role::kOrg) {
      if (in.org_id && *in.org_id != *p.org_id)
        return InvalidArgument("org_id", "an organization account enrols its own people");
      org_id = *p.org_id;
    } else {
      if (!in.org_id) return InvalidArgument("org_id", "org_id is required");
      org_id = *in.org_id;
      auto region = OrgRegion(c, org_id);
      if (!region.ok()) return region.status();
      if (region->empty() || !InSubtree(*region, p.region_code))
        return InvalidArgument("org_id", "unknown organization");
      if (!InSubtree(*region, t.region_code))
        return InvalidArgument("org_id", "the organization lies outside the training's region");
    }
    if (t.state != "open")
      return Conflict("the training is " + t.state + "; enrolment needs it open");
    if (in.name.empty()) return InvalidArgument("name", "name is required");
    std::string digits;
    for (char ch : in.phone)
      if (ch != ' ' && ch != '-') digits += ch;
    if (!digits.empty() && (digits.size() < 7 || digits.size() > 15 ||
                            digits.find_first_not_of("0123456789") != std::string::npos))
      return InvalidArgument("phone", "phone must be 7–15 digits");
    SHUNIU_RETURN_IF_ERROR(FillCounts(c, t, std::nullopt));
    bool seat = !t.capacity || Seats(t) < *t.capacity;
    auto seq = c.QueryOne(
        "SELECT COALESCE(MAX(seq), 0) + 1 FROM training_enrolments WHERE "
        "training_id = :1",
        {id});
    if (!seq.ok()) return seq.status();
    long long now = NowMs();
    Enrolment e;
    e.id = eid;
    e.training_id = id;
    e.org_id = org_id;
    e.person_name = in.name;
    e.position = in.position;
    e.phone = digits.empty() ? "" : org::MaskPhone(digits);
    e.state = seat ? "enrolled" : "waitlisted";
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "INSERT INTO training_enrolments (id, training_id, org_id, person_name, person_position, "
        "phone_sealed, phone_masked, state, seq, created_by, version, created_at, updated_at) "
        "VALUES (:1, :2, :3, :4, :5, :6, :7, :8, :9, :10, 1, :11, :12)",
        {eid, id, org_id, in.name, in.position,
         digits.empty() ? db::Null() : db::Value(crypto::SealText(secret_, "pii.phone", digits)),
         e.phone, e.state, (*seq)->Int(0), p.ctx.actor_id ? db::Value(*p.ctx.actor_id) : db::Null(),
         now, now}));
    return audit::AuditService::Record(c, p.ctx, "training.enrol", "training", std::to_string(id),
                                       t.region_code, std::nullopt, EnrolmentSnapshot(e));
  });
  if (!st.ok()) return st;
  Result<Enrolment> out = Internal("not run");
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) {
    out = FindEnrolment(c, id, eid);
    return out.status();
  }));
  return out;
}

Result<Enrolment> TrainingService::Act(const Principal& p, long long id, long long eid,
                                       const std::string& action, std::optional<long long> score,
                                       const std::string& comment) {
  Status st = d_.db.Tx([&](db::Conn& c) -> Status {
    bool org = p.role == Role::kOrg;
    auto found = org ? LoadVisible(c, p, id) : LoadForWrite(c, p, id);
    if (!found.ok()) return found.status();
    Training t = *found;
    auto e = FindEnrolment(c, id, eid);
    if (!e.ok()) return e.status();
    if (org && e->org_id != *p.org_id) return NotFound("enrolment not found");
    if (action == "cancel") {
      if (t.state == "held" || t.state == "cancelled")
        return Conflict("the training is " + t.state + "; enrolments can no longer be cancelled");
      bool took_seat = e->state == "enrolled";
      SHUNIU_RETURN_IF_ERROR(SetEnrolmentState(c, p, t, *e, "cancelled"));
      return took_seat ? Promote(c, p, t) : Status::Ok();
    }
    if (action == "check-in" || action == "absent") {
      if (org) return PermissionDenied("attendance is recorded by staff");
      if (t.state == "planned" || t.state == "cancelled")
        return Conflict("the training is " + t.state + "; attendance cannot be recorded");
      std::string to = action == "check-in" ? "attended" : "absent";
      if (to == "absent" && NowMs() < t.ends_at)
        return Conflict("the training has not ended; " + e->state +
                        " → absent is allowed only after the end");
      return SetEnrolmentState(c, p, t, *e, to);
    }
    if (action == "feedback") {
      if (e->state != "attended")
        return Conflict("the enrolment is " + e->state + "; feedback needs attended (" + e->state +
                        " → feedback is not allowed)");
      if (!score || *score < 1 || *score > 5)
        return InvalidArgument("score", "score must be between 1 and 5");
      SHUNIU_RETURN_IF_ERROR(c.Exec(
          "UPDATE training_enrolments SET feedback_score = :1, feedback_comment = :2, version = "
          "version + 1, updated_at = :3 WHERE id = :4",
          {*score, comment, (long long)NowMs(), eid}));
      return audit::AuditService::Record(c, p.ctx, "training.feedback", "training",
                                         std::to_string(id), t.region_code, std::nullopt,
                                         nlohmann::json{{"enrolment_id", eid}, {"score", *score}});
    }
    return InvalidArgument("action", "action must be cancel, check-in, absent or feedback");
  });
  if (!st.ok()) return st;
  Result<Enrolment> out = Internal("not run");
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) {
    out = FindEnrolment(c, id, eid);
    return out.status();
  }));
  return out;
}

Result<TrainingRecord> TrainingService::Record(const Principal& p, long long org_id) {
  TrainingRecord rec;
  rec.org_id = org_id;
  Status st = d_.db.Read([&](db::Conn& c) -> Status {
    auto o = c.QueryOne("SELECT name, region_code FROM orgs WHERE id = :1", {org_id});
    if (!o.ok()) return o.status();
    bool visible =
        *o && (p.role == Role::kOrg ? (p.org_id && *p.org_id == org_id)
                                    : IsReader(p) && InSubtree((*o)->Str(1), p.region_code));
    if (!visible) return NotFound("organization not found");
    rec.org_name = (*o)->Str(0);
    auto rows = c.Query(std::string(kEnrolmentSelect) +
                            "JOIN trainings t ON t.id = e.training_id WHERE e.org_id = :1 ORDER "
                            "BY t.starts_at DESC, e.seq",
                        {org_id});
    if (!rows.ok()) return rows.status();
    std::map<long long, Training> cache;
    std::set<long long> attended_trainings;
    for (auto& r : *rows) {
      RecordEntry x;
      x.enrolment = EnrolmentFromRow(r);
      if (!cache.count(x.enrolment.training_id)) {
        auto t = FindTraining(c, x.enrolment.training_id);
        if (!t.ok()) return t.status();
        cache[x.enrolment.training_id] = **t;
      }
      x.training = cache[x.enrolment.training_id];
      if (x.enrolment.state == "attended") {
        x.hours_x10 = x.training.hours_x10;
        rec.hours_x10 += x.hours_x10;
        ++rec.people_attended;
        attended_trainings.insert(x.training.id);
      }
      rec.entries.push_back(std::move(x));
    }
    rec.trainings_attended = static_cast<long long>(attended_trainings.size());
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return rec;
}

Result<std::vector<QuarterCoverage>> TrainingService::Quarters(const Principal& p, int year,
                                                               const std::string& region_in) {
  if (!IsReader(p))
    return PermissionDenied("quarter coverage needs a staff, admin or auditor role");
  if (year < 2000 || year > 2100) return InvalidArgument("year", "year must be YYYY");
  std::string region = region_in.empty() ? p.region_code : region_in;
  if (!IsScopeCode(region)) return InvalidArgument("region", "region must be a 12-digit code");
  if (!InSubtree(region, p.region_code)) return NotFound("region not found");
  auto from = ParseRfc3339(std::to_string(year) + "-01-01");
  auto to = ParseRfc3339(std::to_string(year + 1) + "-01-01");
  std::vector<QuarterCoverage> out(4);
  for (int q = 0; q < 4; ++q) out[q].quarter = q + 1;
  CodeRange r = SubtreeRange(region);
  Status st = d_.db.Read([&](db::Conn& c) -> Status {
    auto rows =
        c.Query(std::string("SELECT ") + kTrainingCols +
                    " FROM trainings t WHERE t.kind = 'thematic' AND t.state <> "
                    "'cancelled' AND t.region_code BETWEEN :1 AND :2 AND t.starts_at >= "
                    ":3 AND t.starts_at < :4 ORDER BY t.starts_at",
                {r.lo, r.hi, (long long)(*from - kCnOffsetMs), (long long)(*to - kCnOffsetMs)});
    if (!rows.ok()) return rows.status();
    for (auto& row : *rows) {
      Training t = TrainingFromRow(row);
      auto& q = out[QuarterOf(t.starts_at) - 1];
      if (t.state == "held") {
        q.held.push_back(t);
        q.covered = true;
      } else {
        q.planned.push_back(t);
      }
    }
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::vector<notice::Reminder>> TrainingService::TomorrowReminders(db::Conn& c,
                                                                         int64_t now_ms) {
  // Tomorrow in China: [start of tomorrow, start of the day after) as UTC ms.
  int64_t local = now_ms + kCnOffsetMs;
  int64_t tomorrow = (local / kDayMs + 1) * kDayMs - kCnOffsetMs;
  auto rows = c.Query(std::string("SELECT ") + kTrainingCols +
                          " FROM trainings t WHERE t.state IN ('open', 'closed') AND t.starts_at "
                          ">= :1 AND t.starts_at < :2 ORDER BY t.starts_at",
                      {(long long)tomorrow, (long long)(tomorrow + kDayMs)});
  if (!rows.ok()) return rows.status();
  std::vector<notice::Reminder> out;
  for (auto& row : *rows) {
    Training t = TrainingFromRow(row);
    auto orgs = c.Query(
        "SELECT DISTINCT org_id FROM training_enrolments WHERE training_id = :1 "
        "AND state = 'enrolled' ORDER BY org_id",
        {t.id});
    if (!orgs.ok()) return orgs.status();
    if (orgs->empty()) continue;
    notice::Reminder rem;
    rem.key = "training.tomorrow:" + std::to_string(t.id);
    rem.kind = "training_tomorrow";
    for (auto& o : *orgs) rem.org_ids.push_back(o.Int(0));
    rem.region_code = t.region_code;
    std::string when = Rfc3339(t.starts_at + kCnOffsetMs).substr(11, 5);
    rem.title_zh = "明日培训提醒:" + t.title;
    rem.title_en = "Training tomorrow: " + t.title;
    rem.body_zh = "您单位报名参加的“" + t.title + "”将于明天 " + when + " 在" + t.place +
                  "举行,请准时参加并签到。";
    rem.body_en = "The training \"" + t.title + "\" your organization enrolled in starts " +
                  "tomorrow at " + when + " (China time), at " + t.place + ".";
    rem.link = "/trainings/" + std::to_string(t.id);
    out.push_back(std::move(rem));
  }
  return out;
}

}  // namespace shuniu::hub
