// Needs surveys: storage, scope, the state machine, responses, results and the
// export. Every write is one transaction with its audit event.
#include "hub/survey_service.h"

#include <set>

#include "audit/audit_service.h"
#include "core/crypto.h"
#include "core/json_input.h"
#include "core/region_code.h"
#include "core/time.h"
#include "org/org_store.h"
#include "sheet/writer.h"

namespace shuniu::hub {
namespace {

using nlohmann::json;

constexpr int64_t kDayMs = 24LL * 3600 * 1000;
constexpr const char* kColumns =
    "s.id, s.title, s.description, s.region_code, s.state, s.questions_json, s.target_json, "
    "s.opens_at, s.closes_at, s.opened_at, s.closed_at, s.created_by, s.created_by_name, "
    "s.version, s.created_at, s.updated_at, "
    "(SELECT COUNT(*) FROM survey_targets t WHERE t.survey_id = s.id), "
    "(SELECT COUNT(*) FROM survey_responses r WHERE r.survey_id = s.id)";

bool IsStaff(const Principal& p) { return p.role == Role::kAdmin || p.role == Role::kStaff; }
bool IsReader(const Principal& p) { return IsStaff(p) || p.role == Role::kAuditor; }

Survey FromRow(const db::Row& r) {
  Survey s;
  s.id = r.Int(0);
  s.title = r.Str(1);
  s.description = r.Str(2);
  s.region_code = r.Str(3);
  s.state = r.Str(4);
  auto qs = ParseQuestions(json::parse(r.Str(5), nullptr, false));
  if (qs.ok()) s.questions = std::move(qs).value();
  auto t = ParseTarget(json::parse(r.Str(6), nullptr, false));
  if (t.ok()) s.target = std::move(t).value();
  s.opens_at = r.OptInt(7);
  s.closes_at = r.OptInt(8);
  s.opened_at = r.OptInt(9);
  s.closed_at = r.OptInt(10);
  s.created_by = r.OptInt(11);
  s.created_by_name = r.Str(12);
  s.version = r.Int(13);
  s.created_at = r.Int(14);
  s.updated_at = r.Int(15);
  s.target_count = r.Int(16);
  s.response_count = r.Int(17);
  return s;
}

json Snapshot(const Survey& s) {
  auto opt = [](const std::optional<int64_t>& t) { return t ? json(Rfc3339(*t)) : json(); };
  return {{"id", s.id},
          {"title", s.title},
          {"description", s.description},
          {"region_code", s.region_code},
          {"state", s.state},
          {"questions", QuestionsJson(s.questions)},
          {"target", TargetJson(s.target)},
          {"opens_at", opt(s.opens_at)},
          {"closes_at", opt(s.closes_at)},
          {"version", s.version}};
}

// Appends "cond" with each '?' replaced by the next numbered placeholder.
struct Where {
  std::string sql;
  std::vector<db::Value> params;
  void Add(const std::string& cond, const std::vector<db::Value>& vs) {
    std::string s = cond;
    for (auto& v : vs) {
      params.push_back(v);
      size_t q = s.find('?');
      s.replace(q, 1, ":" + std::to_string(params.size()));
    }
    sql += " AND " + s;
  }
  template <typename T>
  void In(const std::string& col, const std::vector<T>& vs) {
    if (vs.empty()) return;
    std::string cond = col + " IN (";
    std::vector<db::Value> values;
    for (size_t i = 0; i < vs.size(); ++i) {
      cond += i ? ", ?" : "?";
      values.push_back(vs[i]);
    }
    Add(cond + ")", values);
  }
};

Status StoreSurvey(db::Conn& c, const Survey& s, bool insert) {
  std::vector<db::Value> p = {s.title,
                              s.description,
                              s.region_code,
                              s.state,
                              QuestionsJson(s.questions).dump(),
                              TargetJson(s.target).dump(),
                              db::Opt(s.opens_at),
                              db::Opt(s.closes_at),
                              db::Opt(s.opened_at),
                              db::Opt(s.closed_at),
                              static_cast<long long>(s.updated_at),
                              s.version,
                              s.id};
  if (insert) {
    p.push_back(db::Opt(s.created_by));
    p.push_back(s.created_by_name);
    p.push_back(static_cast<long long>(s.created_at));
    return c.Exec(
        "INSERT INTO surveys (title, description, region_code, state, questions_json, "
        "target_json, opens_at, closes_at, opened_at, closed_at, updated_at, version, id, "
        "created_by, created_by_name, created_at) VALUES (:1, :2, :3, :4, :5, :6, :7, :8, :9, "
        ":10, :11, :12, :13, :14, :15, :16)",
        p);
  }
  p.push_back(s.version - 1);
  auto n = c.ExecCount(
      "UPDATE surveys SET title = :1, description = :2, region_code = :3, state = :4, "
      "questions_json = :5, target_json = :6, opens_at = :7, closes_at = :8, opened_at = :9, "
      "closed_at = :10, updated_at = :11, version = :12 WHERE id = :13 AND version = :14",
      p);
  if (!n.ok()) return n.status();
  if (*n != 1) return Conflict("the survey was changed by someone else; reload and try again");
  return Status::Ok();
}

Result<std::vector<SurveyResponse>> LoadResponses(db::Conn& c, long long survey_id,
                                                  std::optional<long long> org_id, long long limit,
                                                  long long offset) {
  Where w;
  w.sql = " WHERE r.survey_id = :1";
  w.params = {survey_id};
  if (org_id) w.Add("r.org_id = ?", {*org_id});
  w.params.push_back(limit);
  w.params.push_back(offset);
  auto rows = c.Query(
      "SELECT r.id, r.survey_id, r.org_id, o.name, o.region_code, r.answers_json, "
      "r.submitted_by, r.submitted_by_name, r.submitted_at, r.updated_at, r.revision "
      "FROM survey_responses r JOIN orgs o ON o.id = r.org_id" +
          w.sql + " ORDER BY o.region_code, o.name, r.id LIMIT :" +
          std::to_string(w.params.size() - 1) + " OFFSET :" + std::to_string(w.params.size()),
      w.params);
  if (!rows.ok()) return rows.status();
  std::vector<SurveyResponse> out;
  for (auto& r : *rows) {
    SurveyResponse x;
    x.id = r.Int(0);
    x.survey_id = r.Int(1);
    x.org_id = r.Int(2);
    x.org_name = r.Str(3);
    x.region_code = r.Str(4);
    x.answers = json::parse(r.Str(5), nullptr, false);
    if (!x.answers.is_object()) x.answers = json::object();
    x.submitted_by = r.OptInt(6);
    x.submitted_by_name = r.Str(7);
    x.submitted_at = r.Int(8);
    x.updated_at = r.Int(9);
    x.revision = r.Int(10);
    out.push_back(std::move(x));
  }
  return out;
}

std::string AnswerText(const SurveyQuestion& q, const json& a) {
  if (a.is_null()) return "";
  if (a.is_string()) return a.get<std::string>();
  if (a.is_number_integer()) return std::to_string(a.get<long long>());
  if (a.is_array()) {
    std::string s;
    for (auto& x : a) s += (s.empty() ? "" : "；") + x.get<std::string>();
    return s;
  }
  (void)q;
  return a.dump();
}

const char* KindZh(const std::string& k) {
  return k == "single" ? "单选" : k == "multi" ? "多选" : k == "scale" ? "量表" : "文本";
}

}  // namespace

SurveyService::SurveyService(const Deps& deps) : d_(deps) {
  d_.notices.AddReminderSource(
      "survey_closing", [this](db::Conn& c, int64_t now) { return ClosingReminders(c, now); });
}

void SurveyService::FillRegionName(Survey& s) {
  auto r = d_.regions.Find(s.region_code);
  if (r.ok() && *r) s.region_name = (*r)->name;
}

Result<Survey> SurveyService::Load(db::Conn& c, const Principal& p, long long id) {
  auto row =
      c.QueryOne(std::string("SELECT ") + kColumns + " FROM surveys s WHERE s.id = :1", {id});
  if (!row.ok()) return row.status();
  if (!*row) return NotFound("survey not found");
  Survey s = FromRow(**row);
  if (p.role == Role::kOrg) {
    if (!p.org_id) return NotFound("survey not found");
    auto t = c.QueryOne(
        "SELECT (SELECT COUNT(*) FROM survey_responses WHERE survey_id = :1 AND org_id = :2) "
        "FROM survey_targets WHERE survey_id = :3 AND org_id = :4",
        {id, *p.org_id, id, *p.org_id});
    if (!t.ok()) return t.status();
    if (!*t || s.state == "draft") return NotFound("survey not found");
    s.responded = (*t)->Int(0) > 0;
    return s;
  }
  if (!IsReader(p) || !InSubtree(s.region_code, p.region_code)) return NotFound("survey not found");
  return s;
}

Result<std::vector<long long>> SurveyService::SelectTargets(db::Conn& c, const std::string& region,
                                                            const SurveyTarget& t, long long limit,
                                                            std::vector<std::string>* names,
                                                            long long* count) {
  CodeRange r = SubtreeRange(t.region.empty() ? region : t.region);
  Where w;
  w.sql = " FROM orgs WHERE region_code >= :1 AND region_code <= :2";
  w.params = {r.lo, r.hi};
  w.In("kind", t.kinds);
  if (t.statuses.empty())
    w.Add("status <> ?", {std::string("deregistered")});
  else
    w.In("status", t.statuses);
  if (!t.domains.empty()) {
    std::string cond = "id IN (SELECT org_id FROM org_domains WHERE domain IN (";
    for (size_t i = 0; i < t.domains.size(); ++i) cond += i ? ", ?" : "?";
    std::vector<db::Value> vs(t.domains.begin(), t.domains.end());
    w.Add(cond + "))", vs);
  }
  w.In("id", t.org_ids);
  auto total = c.QueryOne("SELECT COUNT(*)" + w.sql, w.params);
  if (!total.ok()) return total.status();
  if (count) *count = (*total)->Int(0);
  w.params.push_back(limit);
  auto rows = c.Query("SELECT id, name" + w.sql + " ORDER BY region_code, name, id LIMIT :" +
                          std::to_string(w.params.size()),
                      w.params);
  if (!rows.ok()) return rows.status();
  std::vector<long long> ids;
  for (auto& row : *rows) {
    ids.push_back(row.Int(0));
    if (names) names->push_back(row.Str(1));
  }
  return ids;
}

Status SurveyService::Validate(db::Conn& c, const Principal& p, Survey& s, const SurveyInput& in) {
  if (in.title) {
    std::string t = *in.title;
    long long n = Utf8Length(t);
    if (n < 1 || n > 200) return InvalidArgument("title", "title must have 1–200 characters");
    s.title = t;
  }
  if (in.description) {
    long long n = Utf8Length(*in.description);
    if (n < 0 || n > 4000)
      return InvalidArgument("description", "description must have at most 4000 characters");
    s.description = *in.description;
  }
  if (in.region_code) {
    const std::string& code = *in.region_code;
    if (!IsRegionCode(code))
      return InvalidArgument("region_code", "region must be a 12-digit code");
    if (!InSubtree(code, p.region_code))
      return Status(Code::kPermissionDenied, "the region is outside your scope", "region_code");
    auto r = d_.regions.Find(code);
    if (!r.ok()) return r.status();
    if (!*r) return InvalidArgument("region_code", "unknown region " + code);
    s.region_code = code;
  }
  if (in.questions) {
    auto qs = ParseQuestions(*in.questions);
    if (!qs.ok()) return qs.status();
    s.questions = std::move(qs).value();
  }
  if (in.target) {
    auto t = ParseTarget(*in.target);
    if (!t.ok()) return t.status();
    s.target = std::move(t).value();
  }
  if (in.opens_at) s.opens_at = *in.opens_at;
  if (in.closes_at) s.closes_at = *in.closes_at;
  if (s.opens_at && s.closes_at && *s.closes_at <= *s.opens_at)
    return InvalidArgument("closes_at", "the survey must close after it opens");
  // The target filter is checked against the (possibly new) region and the dictionaries.
  const SurveyTarget& t = s.target;
  if (!t.region.empty()) {
    if (!IsRegionCode(t.region))
      return InvalidArgument("target.region", "target.region must be a 12-digit code");
    if (!InSubtree(t.region, s.region_code))
      return InvalidArgument("target.region", "target.region must lie in the survey's region");
  }
  if (!t.kinds.empty() || !t.statuses.empty() || !t.domains.empty()) {
    auto dicts = org::LoadDicts(c);
    if (!dicts.ok()) return dicts.status();
    for (auto [list, dict, field] : {std::tuple{&t.kinds, "org_kind", "target.kinds"},
                                     std::tuple{&t.statuses, "org_status", "target.statuses"},
                                     std::tuple{&t.domains, "service_domain", "target.domains"}})
      for (auto& code : *list)
        if (!(*dicts)[dict].count(code))
          return InvalidArgument(field, "'" + code + "' is not in the " + dict + " dictionary");
  }
  if (!t.org_ids.empty()) {
    CodeRange r = SubtreeRange(s.region_code);
    Where w;
    w.sql = " FROM orgs WHERE region_code >= :1 AND region_code <= :2";
    w.params = {r.lo, r.hi};
    w.In("id", t.org_ids);
    auto n = c.QueryOne("SELECT COUNT(*)" + w.sql, w.params);
    if (!n.ok()) return n.status();
    if ((*n)->Int(0) != static_cast<long long>(t.org_ids.size()))
      return InvalidArgument("target.org_ids",
                             "every listed organization must exist in the survey's region");
  }
  return Status::Ok();
}

Result<std::pair<std::vector<Survey>, long long>> SurveyService::List(const Principal& p,
                                                                      const SurveyListFilter& f) {
  Where w;
  int64_t now = NowMs();
  if (p.role == Role::kOrg) {
    if (!p.org_id) return PermissionDenied("this account is not linked to an organization");
    w.sql =
        " FROM surveys s JOIN survey_targets tg ON tg.survey_id = s.id AND tg.org_id = :1 "
        "WHERE s.state <> 'draft'";
    w.params = {*p.org_id};
  } else {
    if (!IsReader(p)) return PermissionDenied("surveys need a staff, admin, auditor or org role");
    CodeRange r = SubtreeRange(p.region_code);
    w.sql = " FROM surveys s WHERE s.region_code >= :1 AND s.region_code <= :2";
    w.params = {r.lo, r.hi};
  }
  if (f.state == "draft") w.Add("s.state = ?", {std::string("draft")});
  if (f.state == "open")
    w.Add("s.state = 'open' AND (s.closes_at IS NULL OR s.closes_at > ?)",
          {static_cast<long long>(now)});
  if (f.state == "closed")
    w.Add("(s.state = 'closed' OR (s.state = 'open' AND s.closes_at <= ?))",
          {static_cast<long long>(now)});
  if (!f.q.empty()) w.Add("s.title LIKE ? ESCAPE '!'", {db::LikeContains(f.q)});
  Result<std::pair<std::vector<Survey>, long long>> out = Internal("not run");
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto total = c.QueryOne("SELECT COUNT(*)" + w.sql, w.params);
    if (!total.ok()) return total.status();
    auto params = w.params;
    params.push_back(f.size);
    params.push_back((f.page - 1) * f.size);
    std::string cols = kColumns;
    if (p.role == Role::kOrg)
      cols +=
          ", (SELECT COUNT(*) FROM survey_responses x WHERE x.survey_id = s.id AND x.org_id = " +
          std::to_string(*p.org_id) + ")";
    auto rows =
        c.Query("SELECT " + cols + w.sql + " ORDER BY s.created_at DESC, s.id LIMIT :" +
                    std::to_string(params.size() - 1) + " OFFSET :" + std::to_string(params.size()),
                params);
    if (!rows.ok()) return rows.status();
    std::vector<Survey> items;
    for (auto& r : *rows) {
      items.push_back(FromRow(r));
      if (p.role == Role::kOrg) items.back().responded = r.Int(18) > 0;
    }
    out = std::make_pair(std::move(items), (*total)->Int(0));
    return Status::Ok();
  }));
  if (out.ok()) {
    std::vector<std::string> codes;
    for (auto& s : out->first) codes.push_back(s.region_code);
    auto names = d_.regions.Names(codes);
    if (names.ok())
      for (auto& s : out->first) s.region_name = (*names)[s.region_code];
  }
  return out;
}

Result<Survey> SurveyService::Get(const Principal& p, long long id) {
  Result<Survey> out = Internal("not run");
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) {
    out = Load(c, p, id);
    return out.status();
  }));
  if (out.ok()) FillRegionName(*out);
  return out;
}

Result<Survey> SurveyService::Create(const Principal& p, const SurveyInput& in) {
  return CreateAt(p, in, NowMs());
}

Result<Survey> SurveyService::CreateAt(const Principal& p, const SurveyInput& in, int64_t now) {
  if (!IsStaff(p)) return PermissionDenied("creating surveys needs the staff or admin role");
  if (!in.title) return InvalidArgument("title", "title is required");
  if (!in.questions) return InvalidArgument("questions", "a survey needs at least one question");
  Survey s;
  s.id = crypto::RandomId();
  s.state = "draft";
  s.region_code = p.region_code;
  s.created_by = p.user_id ? std::optional<long long>(p.user_id) : std::nullopt;
  s.created_by_name = p.ctx.actor_name.empty() ? p.username : p.ctx.actor_name;
  s.created_at = s.updated_at = now;
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    SHUNIU_RETURN_IF_ERROR(Validate(c, p, s, in));
    SHUNIU_RETURN_IF_ERROR(StoreSurvey(c, s, true));
    return audit::AuditService::Record(c, p.ctx, "survey.create", "survey", std::to_string(s.id),
                                       s.region_code, std::nullopt, Snapshot(s));
  }));
  FillRegionName(s);
  return s;
}

Result<Survey> SurveyService::Update(const Principal& p, long long id, long long version,
                                     const SurveyInput& in) {
  if (!IsStaff(p)) return PermissionDenied("editing surveys needs the staff or admin role");
  int64_t now = NowMs();
  Survey s;
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto found = Load(c, p, id);
    if (!found.ok()) return found.status();
    Survey before = *found;
    if (before.version != version)
      return Conflict("the survey was changed by someone else; reload and try again");
    std::string state = before.EffectiveState(now);
    if (state == "closed") return Conflict("the survey is closed and can no longer be edited");
    if (state != "draft") {
      for (auto [present, field] : {std::pair{in.questions.has_value(), "questions"},
                                    std::pair{in.target.has_value(), "target"},
                                    std::pair{in.region_code.has_value(), "region_code"},
                                    std::pair{in.opens_at.has_value(), "opens_at"}})
        if (present)
          return Status(Code::kConflict,
                        std::string(field) +
                            " can only be changed while the survey is a draft "
                            "(state: " +
                            state + ")",
                        field);
      if (in.closes_at && (!*in.closes_at || **in.closes_at <= now))
        return Status(Code::kConflict, "an open survey's close date must lie in the future",
                      "closes_at");
    }
    s = before;
    SHUNIU_RETURN_IF_ERROR(Validate(c, p, s, in));
    s.version = before.version + 1;
    s.updated_at = now;
    SHUNIU_RETURN_IF_ERROR(StoreSurvey(c, s, false));
    return audit::AuditService::Record(c, p.ctx, "survey.update", "survey", std::to_string(id),
                                       s.region_code, Snapshot(before), Snapshot(s));
  }));
  FillRegionName(s);
  return s;
}

Result<Survey> SurveyService::Open(const Principal& p, long long id) {
  return OpenAt(p, id, NowMs());
}

Result<Survey> SurveyService::OpenAt(const Principal& p, long long id, int64_t now) {
  if (!IsStaff(p)) return PermissionDenied("opening surveys needs the staff or admin role");
  Survey s;
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto found = Load(c, p, id);
    if (!found.ok()) return found.status();
    s = *found;
    std::string state = s.EffectiveState(now);
    if (state != "draft")
      return Conflict("cannot open the survey: it is " + state + ", only a draft can be opened");
    if (s.closes_at && *s.closes_at <= now)
      return InvalidArgument("closes_at", "the close date has passed; set a later one first");
    long long count = 0;
    auto ids = SelectTargets(c, s.region_code, s.target, 1000000, nullptr, &count);
    if (!ids.ok()) return ids.status();
    if (ids->empty()) return InvalidArgument("target", "the target filter selects no organization");
    for (long long org_id : *ids)
      SHUNIU_RETURN_IF_ERROR(
          c.Exec("INSERT INTO survey_targets (survey_id, org_id, region_code) "
                 "SELECT :1, id, region_code FROM orgs WHERE id = :2",
                 {id, org_id}));
    Survey before = s;
    s.state = "open";
    s.opened_at = now;
    s.version += 1;
    s.updated_at = now;
    s.target_count = static_cast<long long>(ids->size());
    SHUNIU_RETURN_IF_ERROR(StoreSurvey(c, s, false));
    json after = Snapshot(s);
    after["targets"] = s.target_count;
    return audit::AuditService::Record(c, p.ctx, "survey.open", "survey", std::to_string(id),
                                       s.region_code, Snapshot(before), after);
  }));
  FillRegionName(s);
  return s;
}

Result<Survey> SurveyService::Close(const Principal& p, long long id) {
  return CloseAt(p, id, NowMs());
}

Result<Survey> SurveyService::CloseAt(const Principal& p, long long id, int64_t now) {
  if (!IsStaff(p)) return PermissionDenied("closing surveys needs the staff or admin role");
  Survey s;
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto found = Load(c, p, id);
    if (!found.ok()) return found.status();
    s = *found;
    std::string state = s.EffectiveState(now);
    if (state != "open" && state != "scheduled")
      return Conflict("cannot close the survey: it is " + state +
                      ", only an open one can be closed");
    Survey before = s;
    s.state = "closed";
    s.closed_at = now;
    s.version += 1;
    s.updated_at = now;
    SHUNIU_RETURN_IF_ERROR(StoreSurvey(c, s, false));
    return audit::AuditService::Record(c, p.ctx, "survey.close", "survey", std::to_string(id),
                                       s.region_code, Snapshot(before), Snapshot(s));
  }));
  FillRegionName(s);
  return s;
}

Result<TargetPreview> SurveyService::Preview(const Principal& p, const std::string& region,
                                             const json& target) {
  if (!IsStaff(p)) return PermissionDenied("previewing targets needs the staff or admin role");
  Survey s;
  SurveyInput in;
  in.region_code = region.empty() ? p.region_code : region;
  in.target = target;
  TargetPreview out;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    SHUNIU_RETURN_IF_ERROR(Validate(c, p, s, in));
    auto ids = SelectTargets(c, s.region_code, s.target, 10, &out.sample, &out.count);
    return ids.status();
  }));
  return out;
}

Result<std::pair<SurveyResponse, bool>> SurveyService::Submit(const Principal& p,
                                                              long long survey_id,
                                                              const json& answers) {
  return SubmitAt(p, survey_id, answers, NowMs());
}

Result<std::pair<SurveyResponse, bool>> SurveyService::SubmitAt(const Principal& p,
                                                                long long survey_id,
                                                                const json& answers, int64_t now) {
  if (p.role != Role::kOrg || !p.org_id)
    return PermissionDenied("only an organization account answers a survey");
  SurveyResponse out;
  bool replaced = false;
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto found = Load(c, p, survey_id);
    if (!found.ok()) return found.status();
    const Survey& s = *found;
    std::string state = s.EffectiveState(now);
    if (state == "scheduled")
      return Conflict("the survey opens at " + Rfc3339(*s.opens_at) +
                      "; answers are not accepted yet");
    if (state != "open")
      return Conflict("the survey is " + state + "; answers are accepted only while it is open");
    auto canon = ValidateAnswers(s.questions, answers);
    if (!canon.ok()) return canon.status();
    auto existing = LoadResponses(c, survey_id, *p.org_id, 1, 0);
    if (!existing.ok()) return existing.status();
    std::optional<json> before;
    std::string actor = p.ctx.actor_name.empty() ? p.username : p.ctx.actor_name;
    if (existing->empty()) {
      out.id = crypto::RandomId();
      out.submitted_at = now;
      out.revision = 1;
      SHUNIU_RETURN_IF_ERROR(
          c.Exec("INSERT INTO survey_responses (id, survey_id, org_id, answers_json, submitted_by, "
                 "submitted_by_name, submitted_at, updated_at, revision) "
                 "VALUES (:1, :2, :3, :4, :5, :6, :7, :8, 1)",
                 {out.id, survey_id, *p.org_id, canon->dump(),
                  p.user_id ? db::Value(p.user_id) : db::Null(), actor, static_cast<long long>(now),
                  static_cast<long long>(now)}));
    } else {
      replaced = true;
      const SurveyResponse& old = existing->front();
      before = json{{"answers", old.answers}, {"revision", old.revision}};
      out.id = old.id;
      out.submitted_at = old.submitted_at;
      out.revision = old.revision + 1;
      SHUNIU_RETURN_IF_ERROR(
          c.Exec("UPDATE survey_responses SET answers_json = :1, submitted_by = :2, "
                 "submitted_by_name = :3, updated_at = :4, revision = :5 WHERE id = :6",
                 {canon->dump(), p.user_id ? db::Value(p.user_id) : db::Null(), actor,
                  static_cast<long long>(now), out.revision, out.id}));
    }
    auto org = c.QueryOne("SELECT name, region_code FROM orgs WHERE id = :1", {*p.org_id});
    if (!org.ok()) return org.status();
    out.survey_id = survey_id;
    out.org_id = *p.org_id;
    if (*org) {
      out.org_name = (*org)->Str(0);
      out.region_code = (*org)->Str(1);
    }
    out.answers = *canon;
    out.submitted_by = p.user_id ? std::optional<long long>(p.user_id) : std::nullopt;
    out.submitted_by_name = actor;
    out.updated_at = now;
    return audit::AuditService::Record(c, p.ctx, "survey.respond", "survey_response",
                                       std::to_string(out.id), out.region_code, before,
                                       json{{"survey_id", survey_id},
                                            {"org_id", out.org_id},
                                            {"answers", out.answers},
                                            {"revision", out.revision}});
  }));
  return std::make_pair(out, replaced);
}

Result<std::pair<std::vector<SurveyResponse>, long long>> SurveyService::Responses(
    const Principal& p, long long survey_id, long long page, long long size) {
  Result<std::pair<std::vector<SurveyResponse>, long long>> out = Internal("not run");
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto s = Load(c, p, survey_id);
    if (!s.ok()) return s.status();
    std::optional<long long> only;
    if (p.role == Role::kOrg) only = *p.org_id;
    auto rows = LoadResponses(c, survey_id, only, size, (page - 1) * size);
    if (!rows.ok()) return rows.status();
    long long total = only ? static_cast<long long>(rows->size()) : s->response_count;
    out = std::make_pair(std::move(rows).value(), total);
    return Status::Ok();
  }));
  return out;
}

Result<json> SurveyService::Results(const Principal& p, long long survey_id) {
  if (!IsReader(p)) return NotFound("survey not found");
  Survey s;
  std::vector<SurveyResponse> responses;
  std::vector<std::pair<std::string, bool>> targets;  // region_code, responded
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto found = Load(c, p, survey_id);
    if (!found.ok()) return found.status();
    s = *found;
    auto rows = LoadResponses(c, survey_id, std::nullopt, 1000000, 0);
    if (!rows.ok()) return rows.status();
    responses = std::move(rows).value();
    auto ts = c.Query(
        "SELECT t.region_code, (SELECT COUNT(*) FROM survey_responses r WHERE r.survey_id = "
        "t.survey_id AND r.org_id = t.org_id) FROM survey_targets t WHERE t.survey_id = :1",
        {survey_id});
    if (!ts.ok()) return ts.status();
    for (auto& r : *ts) targets.emplace_back(r.Str(0), r.Int(1) > 0);
    return Status::Ok();
  }));
  json out = AggregateResults(s, responses, true);
  out["state"] = s.EffectiveState(NowMs());
  // Response rate per child region of the survey's region (and the region itself
  // for organizations registered directly at its level).
  Principal scope = p;
  scope.region_code = s.region_code;
  auto children = d_.regions.Children(scope, s.region_code);
  std::vector<std::pair<std::string, std::string>> groups;  // code, name
  FillRegionName(s);
  if (children.ok())
    for (auto& ch : **children) groups.emplace_back(ch.code, ch.name);
  std::map<std::string, std::pair<long long, long long>> tally;  // code → targets, responded
  for (auto& [code, responded] : targets) {
    std::string group = s.region_code;
    for (auto& [g, name] : groups)
      if (InSubtree(code, g)) group = g;
    auto& t = tally[group];
    ++t.first;
    if (responded) ++t.second;
  }
  json regions = json::array();
  auto add = [&](const std::string& code, const std::string& name) {
    if (!tally.count(code)) return;
    auto [n, r] = tally[code];
    regions.push_back({{"region_code", code},
                       {"region_name", name},
                       {"targets", n},
                       {"responses", r},
                       {"rate", n ? std::round(1000.0 * r / n) / 1000.0 : 0.0}});
  };
  add(s.region_code, s.region_name);
  for (auto& [code, name] : groups) add(code, name);
  out["regions"] = regions;
  return out;
}

Result<std::string> SurveyService::ExportXlsx(const Principal& p, long long survey_id,
                                              const std::string& part) {
  if (!IsReader(p)) return NotFound("survey not found");
  if (part != "answers" && part != "results")
    return InvalidArgument("part", "part must be answers or results");
  auto s = Get(p, survey_id);
  if (!s.ok()) return s.status();
  std::vector<sheet::Column> cols;
  std::vector<std::vector<std::string>> rows;
  if (part == "answers") {
    std::vector<SurveyResponse> responses;
    SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
      auto r = LoadResponses(c, survey_id, std::nullopt, 1000000, 0);
      if (!r.ok()) return r.status();
      responses = std::move(r).value();
      return Status::Ok();
    }));
    std::vector<std::string> codes;
    for (auto& r : responses) codes.push_back(r.region_code);
    auto names = d_.regions.Names(codes);
    cols = {{"组织名称", 32}, {"所属区域", 16}, {"提交时间", 22}, {"填写人", 16}};
    for (size_t i = 0; i < s->questions.size(); ++i)
      cols.push_back({std::to_string(i + 1) + ". " + s->questions[i].title, 24});
    for (auto& r : responses) {
      std::vector<std::string> row = {r.org_name, names.ok() ? (*names)[r.region_code] : "",
                                      Rfc3339(r.updated_at), r.submitted_by_name};
      for (auto& q : s->questions)
        row.push_back(r.answers.contains(q.id) ? AnswerText(q, r.answers[q.id]) : "");
      rows.push_back(std::move(row));
    }
  } else {
    auto res = Results(p, survey_id);
    if (!res.ok()) return res.status();
    cols = {{"题目", 36}, {"题型", 8}, {"选项/分值/组织", 28}, {"数量", 10}, {"占比/内容", 40}};
    const json& j = *res;
    auto pct = [](long long n, long long d) {
      if (d == 0) return std::string("0%");
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * static_cast<double>(n) / d);
      return std::string(buf);
    };
    long long targets = j["targets"], responses = j["responses"];
    rows.push_back({"应答率", "", "已答/目标",
                    std::to_string(responses) + "/" + std::to_string(targets),
                    pct(responses, targets)});
    for (auto& r : j["regions"])
      rows.push_back({"应答率（" + r["region_name"].get<std::string>() + "）", "", "已答/目标",
                      std::to_string(r["responses"].get<long long>()) + "/" +
                          std::to_string(r["targets"].get<long long>()),
                      pct(r["responses"], r["targets"])});
    size_t i = 0;
    for (auto& q : j["questions"]) {
      std::string title = std::to_string(++i) + ". " + q["title"].get<std::string>();
      std::string kind = q["kind"];
      long long answered = q["answered"];
      if (q.contains("options"))
        for (auto& o : q["options"])
          rows.push_back({title, KindZh(kind), o["option"],
                          std::to_string(o["count"].get<long long>()), pct(o["count"], answered)});
      if (kind == "scale") {
        for (auto& d : q["distribution"])
          rows.push_back({title, KindZh(kind), std::to_string(d["value"].get<long long>()),
                          std::to_string(d["count"].get<long long>()), pct(d["count"], answered)});
        char buf[32] = "";
        if (!q["mean"].is_null()) std::snprintf(buf, sizeof buf, "%.2f", q["mean"].get<double>());
        rows.push_back({title, KindZh(kind), "平均分", std::to_string(answered), buf});
      }
      if (kind == "text")
        for (auto& t : q["texts"])
          rows.push_back({title, KindZh(kind), t["org_name"], "", t["text"]});
    }
  }
  auto bytes = sheet::WriteXlsx(part == "answers" ? "答卷" : "结果", cols, rows);
  if (!bytes.ok()) return bytes.status();
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) {
    return audit::AuditService::Record(c, p.ctx, "survey.export", "survey",
                                       std::to_string(survey_id), s->region_code, std::nullopt,
                                       json{{"part", part}, {"rows", rows.size()}});
  }));
  return bytes;
}

Result<std::vector<notice::Reminder>> SurveyService::ClosingReminders(db::Conn& c, int64_t now_ms) {
  auto rows = c.Query(
      "SELECT id, title, region_code, closes_at FROM surveys WHERE state = 'open' AND "
      "closes_at IS NOT NULL AND closes_at > :1 AND closes_at <= :2 AND "
      "(opens_at IS NULL OR opens_at <= :3) ORDER BY id",
      {static_cast<long long>(now_ms), static_cast<long long>(now_ms + 2 * kDayMs),
       static_cast<long long>(now_ms)});
  if (!rows.ok()) return rows.status();
  std::vector<notice::Reminder> out;
  for (auto& r : *rows) {
    long long id = r.Int(0);
    auto pending = c.Query(
        "SELECT t.org_id FROM survey_targets t WHERE t.survey_id = :1 AND NOT EXISTS "
        "(SELECT 1 FROM survey_responses x WHERE x.survey_id = t.survey_id AND x.org_id = "
        "t.org_id) ORDER BY t.org_id",
        {id});
    if (!pending.ok()) return pending.status();
    if (pending->empty()) continue;
    notice::Reminder rem;
    rem.key = "survey.closing:" + std::to_string(id);
    rem.kind = "survey_closing";
    for (auto& x : *pending) rem.org_ids.push_back(x.Int(0));
    rem.region_code = r.Str(2);
    std::string title = r.Str(1), when = Rfc3339(r.Int(3));
    rem.title_zh = "问卷即将截止：" + title;
    rem.title_en = "Survey closing soon: " + title;
    rem.body_zh = "问卷《" + title + "》将于 " + when + " 截止，贵组织尚未填写，请尽快提交。";
    rem.body_en = "The survey \"" + title + "\" closes at " + when +
                  " and your organization has not answered yet.";
    rem.link = "/surveys/" + std::to_string(id) + "/fill";
    out.push_back(std::move(rem));
  }
  return out;
}

}  // namespace shuniu::hub
