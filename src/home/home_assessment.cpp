// Star-rating criteria, assessments with evidence and their approval, funding
// received, and figures per region and year (see home_service.h).
#include <algorithm>
#include <set>

#include "audit/audit_service.h"
#include "core/crypto.h"
#include "core/json_input.h"
#include "core/region_code.h"
#include "core/time.h"
#include "home/home_json.h"
#include "home/home_service.h"
#include "home/home_util.h"

namespace shuniu::home {
namespace {

using nlohmann::json;

constexpr const char* kCriteriaCols =
    "id, region_code, year, items_json, thresholds_json, validity_years, created_by_name, "
    "version, created_at, updated_at";

Criteria CriteriaFromRow(const db::Row& r) {
  Criteria c;
  c.id = r.Int(0);
  c.region_code = r.Str(1);
  c.year = r.Int(2);
  auto items = json::parse(r.Str(3), nullptr, false);
  if (items.is_array())
    for (auto& x : items)
      c.items.push_back({x.value("code", ""), x.value("name", ""), x.value("max_points", 0LL)});
  auto th = json::parse(r.Str(4), nullptr, false);
  if (th.is_array())
    for (auto& x : th)
      if (x.is_number_integer()) c.thresholds.push_back(x.get<long long>());
  c.validity_years = r.Int(5);
  c.created_by_name = r.Str(6);
  c.version = r.Int(7);
  c.created_at = r.Int(8);
  c.updated_at = r.Int(9);
  return c;
}

json ItemsJson(const std::vector<CriteriaItem>& items) {
  json a = json::array();
  for (auto& i : items)
    a.push_back({{"code", i.code}, {"name", i.name}, {"max_points", i.max_points}});
  return a;
}

Status ParseItems(const json& j, std::vector<CriteriaItem>& out) {
  if (!j.is_array() || j.empty() || j.size() > 20)
    return InvalidArgument("items", "items must list 1–20 checklist items");
  std::vector<CriteriaItem> list;
  std::set<std::string> codes;
  for (size_t i = 0; i < j.size(); ++i) {
    std::string f = "items[" + std::to_string(i) + "]";
    if (!j[i].is_object()) return InvalidArgument(f, f + " must be an object");
    for (auto& [k, v] : j[i].items())
      if (k != "code" && k != "name" && k != "max_points")
        return InvalidArgument(f + "." + k, "unknown field " + f + "." + k);
    CriteriaItem c;
    json name = j[i].value("name", json());
    if (!name.is_string() || Utf8Length(name.get<std::string>()) < 1 ||
        Utf8Length(name.get<std::string>()) > 100)
      return InvalidArgument(f + ".name", f + ".name must have 1–100 characters");
    c.name = name.get<std::string>();
    json code = j[i].value("code", json("c" + std::to_string(i + 1)));
    if (!code.is_string() || code.get<std::string>().empty() || code.get<std::string>().size() > 32)
      return InvalidArgument(f + ".code", f + ".code must have 1–32 characters");
    c.code = code.get<std::string>();
    if (!codes.insert(c.code).second)
      return InvalidArgument(f + ".code", f + ".code repeats " + c.code);
    json m = j[i].value("max_points", json());
    if (!m.is_number_integer() || m.get<long long>() < 1 || m.get<long long>() > 1000)
      return InvalidArgument(f + ".max_points", f + ".max_points must be an integer 1–1000");
    c.max_points = m.get<long long>();
    list.push_back(c);
  }
  out = list;
  return Status::Ok();
}

Status ParseThresholds(const json& j, long long max_total, std::vector<long long>& out) {
  if (!j.is_array() || j.size() != 5)
    return InvalidArgument("thresholds",
                           "thresholds must list the minimum totals for 1 to 5 stars (5 numbers)");
  std::vector<long long> list;
  for (size_t i = 0; i < j.size(); ++i) {
    std::string f = "thresholds[" + std::to_string(i) + "]";
    if (!j[i].is_number_integer() || j[i].get<long long>() < 1)
      return InvalidArgument(f, f + " must be a positive integer");
    long long v = j[i].get<long long>();
    if (!list.empty() && v <= list.back())
      return InvalidArgument(f, "thresholds must rise from 1 star to 5 stars");
    if (v > max_total)
      return InvalidArgument(
          f, f + " exceeds the checklist's total of " + std::to_string(max_total) + " points");
    list.push_back(v);
  }
  out = list;
  return Status::Ok();
}

Status ApplyCriteria(const CriteriaInput& in, Criteria& c) {
  if (in.year) {
    if (*in.year < 2000 || *in.year > 2100)
      return InvalidArgument("year", "year must be 2000–2100");
    c.year = *in.year;
  }
  if (in.validity_years) {
    if (*in.validity_years < 1 || *in.validity_years > 10)
      return InvalidArgument("validity_years", "validity_years must be 1–10");
    c.validity_years = *in.validity_years;
  }
  if (in.items) SHUNIU_RETURN_IF_ERROR(ParseItems(*in.items, c.items));
  long long total = 0;
  for (auto& i : c.items) total += i.max_points;
  if (in.thresholds) {
    SHUNIU_RETURN_IF_ERROR(ParseThresholds(*in.thresholds, total, c.thresholds));
  } else if (!c.thresholds.empty() && c.thresholds.back() > total) {
    return InvalidArgument("thresholds", "the thresholds exceed the checklist's total of " +
                                             std::to_string(total) + " points");
  }
  return Status::Ok();
}

Status StoreCriteria(db::Conn& c, const Criteria& k, bool insert, long long expected_version) {
  json th = k.thresholds;
  if (insert) {
    auto st = c.Exec(std::string("INSERT INTO home_criteria (") + kCriteriaCols +
                         ") VALUES (:1, :2, :3, :4, :5, :6, :7, 1, :8, :9)",
                     {k.id, k.region_code, k.year, ItemsJson(k.items).dump(), th.dump(),
                      k.validity_years, k.created_by_name, static_cast<long long>(k.created_at),
                      static_cast<long long>(k.updated_at)});
    if (st.code() == Code::kAlreadyExists)
      return Status(Code::kConflict, "the region has criteria for that year already; edit them",
                    "year");
    return st;
  }
  auto n = c.ExecCount(
      "UPDATE home_criteria SET year = :1, items_json = :2, thresholds_json = :3, validity_years "
      "= :4, version = :5, updated_at = :6 WHERE id = :7 AND version = :8",
      {k.year, ItemsJson(k.items).dump(), th.dump(), k.validity_years, k.version,
       static_cast<long long>(k.updated_at), k.id, expected_version});
  if (!n.ok())
    return n.status().code() == Code::kAlreadyExists
               ? Status(Code::kConflict, "the region has criteria for that year already", "year")
               : n.status();
  if (*n != 1) return Conflict("the criteria were changed by someone else; reload and try again");
  return Status::Ok();
}

bool AncestorOrSelf(const std::string& code, const std::string& of) { return InSubtree(of, code); }

}  // namespace

Result<Criteria> HomeService::Effective(db::Conn& c, const std::string& region, long long year) {
  auto codes = AncestorCodes(region, true);
  if (codes.empty()) return NotFound("no star-rating criteria apply");
  std::string in;
  std::vector<db::Value> params;
  for (auto& code : codes) {
    params.push_back(code);
    in += (in.empty() ? ":" : ", :") + std::to_string(params.size());
  }
  params.push_back(year);
  auto rows = c.Query(std::string("SELECT ") + kCriteriaCols +
                          " FROM home_criteria WHERE region_code IN (" + in +
                          ") AND year <= :" + std::to_string(params.size()),
                      params);
  if (!rows.ok()) return rows.status();
  std::optional<Criteria> best;
  for (auto& r : *rows) {
    Criteria k = CriteriaFromRow(r);
    if (!best || RegionLevel(k.region_code) > RegionLevel(best->region_code) ||
        (k.region_code == best->region_code && k.year > best->year))
      best = k;
  }
  if (!best)
    return NotFound("no star-rating criteria apply to " + region + " in " + std::to_string(year));
  return *best;
}

Result<std::pair<std::vector<Criteria>, std::optional<Criteria>>> HomeService::ListCriteria(
    const Principal& p, const std::string& region, long long year) {
  if (!IsReader(p) && p.role != Role::kOrg)
    return PermissionDenied("your role may not read the criteria");
  if (!region.empty()) {
    if (!IsScopeCode(region)) return InvalidArgument("region", "region must be a region code");
    if (!InSubtree(region, p.region_code) && !AncestorOrSelf(region, p.region_code))
      return NotFound("region not found");
  }
  std::pair<std::vector<Criteria>, std::optional<Criteria>> out;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto r = SubtreeRange(p.region_code);
    auto rows = c.Query(std::string("SELECT ") + kCriteriaCols +
                            " FROM home_criteria ORDER BY region_code, year DESC",
                        {});
    if (!rows.ok()) return rows.status();
    for (auto& row : *rows) {
      Criteria k = CriteriaFromRow(row);
      if (InSubtree(k.region_code, p.region_code) || AncestorOrSelf(k.region_code, p.region_code))
        out.first.push_back(k);
    }
    (void)r;
    if (!region.empty() && IsRegionCode(region)) {
      auto e = Effective(c, region, year);
      if (e.ok()) out.second = *e;
    }
    return Status::Ok();
  }));
  std::vector<std::string> codes;
  for (auto& k : out.first) codes.push_back(k.region_code);
  if (out.second) codes.push_back(out.second->region_code);
  auto names = d_.regions.Names(codes);
  if (names.ok()) {
    for (auto& k : out.first) k.region_name = (*names)[k.region_code];
    if (out.second) out.second->region_name = (*names)[out.second->region_code];
  }
  return out;
}

Result<Criteria> HomeService::CreateCriteria(const Principal& p, const CriteriaInput& in) {
  if (!IsStaff(p)) return PermissionDenied("editing criteria needs the staff role");
  if (!in.region_code) return InvalidArgument("region_code", "region_code is required");
  if (!IsScopeCode(*in.region_code) || *in.region_code == kNationalRoot)
    return InvalidArgument("region_code", "region_code must be a 12-digit division code");
  if (!InSubtree(*in.region_code, p.region_code))
    return Status(Code::kPermissionDenied, "region_code lies outside your scope", "region_code");
  if (!in.year) return InvalidArgument("year", "year is required");
  if (!in.items) return InvalidArgument("items", "items are required");
  if (!in.thresholds) return InvalidArgument("thresholds", "thresholds are required");
  Criteria k;
  k.id = crypto::RandomId();
  k.region_code = *in.region_code;
  k.created_by_name = Actor(p);
  k.created_at = k.updated_at = NowMs();
  SHUNIU_RETURN_IF_ERROR(ApplyCriteria(in, k));
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto r = c.QueryOne("SELECT 1 FROM regions WHERE code = :1", {k.region_code});
    if (!r.ok()) return r.status();
    if (!*r) return InvalidArgument("region_code", "region_code: no such region");
    SHUNIU_RETURN_IF_ERROR(StoreCriteria(c, k, true, 0));
    return audit::AuditService::Record(c, p.ctx, "home.criteria_create", "home_criteria",
                                       std::to_string(k.id), k.region_code, std::nullopt,
                                       CriteriaJson(k));
  }));
  return k;
}

Result<Criteria> HomeService::UpdateCriteria(const Principal& p, long long id, long long version,
                                             const CriteriaInput& in) {
  if (in.region_code) return InvalidArgument("region_code", "the region of criteria is fixed");
  Criteria out;
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto row = c.QueryOne(
        std::string("SELECT ") + kCriteriaCols + " FROM home_criteria WHERE id = :1", {id});
    if (!row.ok()) return row.status();
    if (!*row) return NotFound("criteria not found");
    Criteria before = CriteriaFromRow(**row), k = before;
    if (!InSubtree(k.region_code, p.region_code)) return NotFound("criteria not found");
    if (!IsStaff(p)) return PermissionDenied("editing criteria needs the staff role");
    if (version != k.version)
      return Conflict("the criteria were changed by someone else; reload and try again");
    SHUNIU_RETURN_IF_ERROR(ApplyCriteria(in, k));
    k.version += 1;
    k.updated_at = NowMs();
    SHUNIU_RETURN_IF_ERROR(StoreCriteria(c, k, false, version));
    out = k;
    return audit::AuditService::Record(c, p.ctx, "home.criteria_update", "home_criteria",
                                       std::to_string(id), k.region_code, CriteriaJson(before),
                                       CriteriaJson(k));
  }));
  return out;
}

namespace {

constexpr const char* kAssessCols =
    "a.id, a.home_id, h.name, a.region_code, a.criteria_id, a.application_id, a.items_json, "
    "a.total_points, a.star_level, a.notes, a.assessor_name, a.assessed_on, a.valid_from, "
    "a.valid_until, a.state, a.decision_note, a.recorded_by, a.recorded_by_name, a.decided_by, "
    "a.decided_by_name, a.decided_at, a.created_at";

Assessment AssessmentFromRow(const db::Row& r) {
  Assessment a;
  a.id = r.Int(0);
  a.home_id = r.Int(1);
  a.home_name = r.Str(2);
  a.region_code = r.Str(3);
  a.criteria_id = r.Int(4);
  a.application_id = r.OptInt(5);
  auto items = json::parse(r.Str(6), nullptr, false);
  if (items.is_array())
    for (auto& x : items) {
      AssessmentItem i;
      i.code = x.value("code", "");
      i.name = x.value("name", "");
      i.note = x.value("note", "");
      i.max_points = x.value("max_points", 0LL);
      i.points = x.value("points", 0LL);
      a.items.push_back(i);
    }
  a.total_points = r.Int(7);
  a.star_level = r.Int(8);
  a.notes = r.Str(9);
  a.assessor_name = r.Str(10);
  a.assessed_on = r.Str(11);
  a.valid_from = r.Str(12);
  a.valid_until = r.Str(13);
  a.state = r.Str(14);
  a.decision_note = r.Str(15);
  a.recorded_by = r.OptInt(16);
  a.recorded_by_name = r.Str(17);
  a.decided_by = r.OptInt(18);
  a.decided_by_name = r.Str(19);
  if (!r.IsNull(20)) a.decided_at = r.Int(20);
  a.created_at = r.Int(21);
  return a;
}

json StoredItems(const std::vector<AssessmentItem>& items) {
  json a = json::array();
  for (auto& i : items)
    a.push_back({{"code", i.code},
                 {"name", i.name},
                 {"max_points", i.max_points},
                 {"points", i.points},
                 {"note", i.note}});
  return a;
}

Status FillFiles(db::Conn& c, std::vector<Assessment>& list) {
  for (auto& a : list) {
    auto rows = c.Query(
        "SELECT item_code, file_id FROM home_assessment_files WHERE assessment_id = :1 ORDER BY "
        "item_code, file_id",
        {a.id});
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows)
      for (auto& i : a.items)
        if (i.code == r.Str(0)) i.file_ids.push_back(r.Int(1));
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<Assessment>> HomeService::Assessments(const Principal& p, long long home_id) {
  std::vector<Assessment> out;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto h = Load(c, p, home_id);
    if (!h.ok()) return h.status();
    auto rows = c.Query(std::string("SELECT ") + kAssessCols +
                            " FROM home_assessments a JOIN homes h ON h.id = a.home_id WHERE "
                            "a.home_id = :1 ORDER BY a.assessed_on DESC, a.created_at DESC",
                        {home_id});
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows) out.push_back(AssessmentFromRow(r));
    return FillFiles(c, out);
  }));
  return out;
}

Result<Assessment> HomeService::RecordAssessment(const Principal& p, long long home_id,
                                                 const AssessmentInput& in) {
  if (!IsDate(in.assessed_on))
    return InvalidArgument("assessed_on", "assessed_on must be a date YYYY-MM-DD");
  if (in.assessed_on > TodayUtc())
    return InvalidArgument("assessed_on", "assessed_on must not lie in the future");
  if (in.valid_from && !IsDate(*in.valid_from))
    return InvalidArgument("valid_from", "valid_from must be a date YYYY-MM-DD");
  if (Utf8Length(in.notes) > 4000)
    return InvalidArgument("notes", "notes must have at most 4000 characters");
  if (Utf8Length(in.assessor_name) > 64)
    return InvalidArgument("assessor_name", "assessor_name must have at most 64 characters");
  if (!in.items.is_array() || in.items.empty())
    return InvalidArgument("items", "items must give the points of every checklist item");
  Assessment a;
  a.id = crypto::RandomId();
  a.home_id = home_id;
  a.notes = in.notes;
  a.assessor_name = in.assessor_name.empty() ? Actor(p) : in.assessor_name;
  a.assessed_on = in.assessed_on;
  a.valid_from = in.valid_from.value_or(in.assessed_on);
  a.application_id = in.application_id;
  a.state = "pending";
  a.recorded_by = UserId(p);
  a.recorded_by_name = Actor(p);
  a.created_at = NowMs();
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto h = Load(c, p, home_id);
    if (!h.ok()) return h.status();
    if (!IsStaff(p)) return PermissionDenied("recording assessments needs the staff role");
    if (h->status == "closed") return Conflict("the home is closed");
    a.home_name = h->name;
    a.region_code = h->region_code;
    auto k = Effective(c, h->region_code, std::stoll(a.assessed_on.substr(0, 4)));
    if (!k.ok())
      return k.status().code() == Code::kNotFound
                 ? InvalidArgument("assessed_on",
                                   "no star-rating criteria apply to the home's "
                                   "region in the year of assessed_on")
                 : k.status();
    a.criteria_id = k->id;
    std::map<std::string, size_t> given;
    std::vector<std::pair<std::string, long long>> files;
    for (size_t i = 0; i < in.items.size(); ++i) {
      std::string f = "items[" + std::to_string(i) + "]";
      const json& x = in.items[i];
      if (!x.is_object()) return InvalidArgument(f, f + " must be an object");
      for (auto& [key, v] : x.items())
        if (key != "code" && key != "points" && key != "note" && key != "file_ids")
          return InvalidArgument(f + "." + key, "unknown field " + f + "." + key);
      json code = x.value("code", json());
      if (!code.is_string()) return InvalidArgument(f + ".code", f + ".code is required");
      auto it = std::find_if(k->items.begin(), k->items.end(),
                             [&](const CriteriaItem& ci) { return ci.code == code; });
      if (it == k->items.end())
        return InvalidArgument(f + ".code", f + ".code " + code.get<std::string>() +
                                                " is not an item of the checklist");
      if (given.count(it->code)) return InvalidArgument(f + ".code", f + ".code repeats");
      json pts = x.value("points", json());
      if (!pts.is_number_integer() || pts.get<long long>() < 0)
        return InvalidArgument(f + ".points", f + ".points must be a whole number ≥ 0");
      if (pts.get<long long>() > it->max_points)
        return InvalidArgument(f + ".points", f + ".points (" +
                                                  std::to_string(pts.get<long long>()) +
                                                  ") exceed the maximum of " + it->name + " (" +
                                                  std::to_string(it->max_points) + ")");
      AssessmentItem ai{it->code, it->name, "", it->max_points, pts.get<long long>(), {}};
      json note = x.value("note", json(""));
      if (!note.is_string() || Utf8Length(note.get<std::string>()) > 1000)
        return InvalidArgument(f + ".note", f + ".note must be text of at most 1000 characters");
      ai.note = note.get<std::string>();
      json fids = x.value("file_ids", json::array());
      if (!fids.is_array() || fids.size() > 20)
        return InvalidArgument(f + ".file_ids", f + ".file_ids must list at most 20 file ids");
      for (auto& fid : fids) {
        if (!fid.is_number_integer())
          return InvalidArgument(f + ".file_ids", f + ".file_ids must be file ids");
        auto m = d_.files.CheckAttachable(c, p, fid.get<long long>(), std::nullopt);
        if (!m.ok())
          return m.status().code() == Code::kNotFound
                     ? InvalidArgument(f + ".file_ids", f + ".file_ids: no such file")
                     : m.status();
        if (std::find(ai.file_ids.begin(), ai.file_ids.end(), fid.get<long long>()) ==
            ai.file_ids.end()) {
          ai.file_ids.push_back(fid.get<long long>());
          files.push_back({ai.code, fid.get<long long>()});
        }
      }
      given[ai.code] = a.items.size();
      a.items.push_back(ai);
      a.total_points += ai.points;
    }
    for (auto& ci : k->items)
      if (!given.count(ci.code))
        return InvalidArgument("items",
                               "items lacks the points of " + ci.name + " (" + ci.code + ")");
    if (a.application_id) {
      auto app = c.QueryOne(
          "SELECT ap.region_code FROM competition_applications ap JOIN competitions k ON k.id = "
          "ap.competition_id WHERE ap.id = :1 AND k.kind = 'home_star'",
          {*a.application_id});
      if (!app.ok()) return app.status();
      if (!*app || !InSubtree((*app)->Str(0), p.region_code))
        return InvalidArgument("application_id",
                               "application_id: no such star application in your scope");
    }
    a.star_level = StarFor(a.total_points, k->thresholds);
    a.valid_until = ValidUntil(a.valid_from, k->validity_years);
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "INSERT INTO home_assessments (id, home_id, region_code, criteria_id, application_id, "
        "items_json, total_points, star_level, notes, assessor_name, assessed_on, valid_from, "
        "valid_until, state, decision_note, recorded_by, recorded_by_name, decided_by_name, "
        "created_at) VALUES (:1, :2, :3, :4, :5, :6, :7, :8, :9, :10, :11, :12, :13, 'pending', "
        "'', :14, :15, '', :16)",
        {a.id, a.home_id, a.region_code, a.criteria_id, db::Opt(a.application_id),
         StoredItems(a.items).dump(), a.total_points, a.star_level, a.notes, a.assessor_name,
         a.assessed_on, a.valid_from, a.valid_until, db::Opt(a.recorded_by), a.recorded_by_name,
         static_cast<long long>(a.created_at)}));
    for (auto& [code, fid] : files)
      SHUNIU_RETURN_IF_ERROR(c.Exec(
          "INSERT INTO home_assessment_files (assessment_id, item_code, file_id) VALUES (:1, :2, "
          ":3)",
          {a.id, code, fid}));
    return audit::AuditService::Record(c, p.ctx, "home.assessment_record", "home",
                                       std::to_string(home_id), a.region_code, std::nullopt,
                                       AssessmentJson(a));
  }));
  return a;
}

Result<Assessment> HomeService::DecideAssessment(const Principal& p, long long home_id,
                                                 long long id, bool approve,
                                                 const std::string& note) {
  if (Utf8Length(note) > 1000)
    return InvalidArgument("note", "note must have at most 1000 characters");
  if (!approve && note.empty())
    return InvalidArgument("note", "a rejection needs a note giving the reason");
  Assessment out;
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto h = Load(c, p, home_id);
    if (!h.ok()) return h.status();
    if (!IsStaff(p)) return PermissionDenied("approving assessments needs the staff role");
    auto row = c.QueryOne(std::string("SELECT ") + kAssessCols +
                              " FROM home_assessments a JOIN homes h ON h.id = a.home_id WHERE "
                              "a.id = :1 AND a.home_id = :2",
                          {id, home_id});
    if (!row.ok()) return row.status();
    if (!*row) return NotFound("assessment not found");
    Assessment a = AssessmentFromRow(**row);
    if (a.state != "pending") return Conflict("the assessment is " + a.state + " already");
    if (a.recorded_by && p.user_id == *a.recorded_by)
      return PermissionDenied(
          "a second staff user must decide: whoever recorded the assessment cannot approve it");
    a.state = approve ? "approved" : "rejected";
    a.decision_note = note;
    a.decided_by = UserId(p);
    a.decided_by_name = Actor(p);
    a.decided_at = NowMs();
    auto n = c.ExecCount(
        "UPDATE home_assessments SET state = :1, decision_note = :2, decided_by = :3, "
        "decided_by_name = :4, decided_at = :5 WHERE id = :6 AND state = 'pending'",
        {a.state, note, db::Opt(a.decided_by), a.decided_by_name,
         static_cast<long long>(*a.decided_at), id});
    if (!n.ok()) return n.status();
    if (*n != 1) return Conflict("the assessment was decided by someone else");
    // The latest-starting approved assessment is the Home's star.
    if (approve && (h->star_valid_from.empty() || a.valid_from >= h->star_valid_from))
      SHUNIU_RETURN_IF_ERROR(
          c.Exec("UPDATE homes SET star_level = :1, star_valid_from = :2, star_valid_until = :3, "
                 "star_assessment_id = :4 WHERE id = :5",
                 {a.star_level, a.valid_from, a.valid_until, a.id, home_id}));
    out = a;
    return audit::AuditService::Record(
        c, p.ctx, approve ? "home.assessment_approve" : "home.assessment_reject", "home",
        std::to_string(home_id), a.region_code, std::nullopt, AssessmentJson(a));
  }));
  std::vector<Assessment> one{out};
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) { return FillFiles(c, one); }));
  return one.front();
}

Result<std::vector<Funding>> HomeService::ListFunding(const Principal& p, long long home_id) {
  std::vector<Funding> out;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto h = Load(c, p, home_id);
    if (!h.ok()) return h.status();
    auto rows = c.Query(
        "SELECT id, home_id, region_code, year, amount_fen, source, note, recorded_by_name, "
        "created_at FROM home_funding WHERE home_id = :1 ORDER BY year DESC, created_at DESC",
        {home_id});
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows)
      out.push_back({r.Int(0), r.Int(1), r.Int(3), r.Int(4), r.Str(2), r.Str(5), r.Str(6), r.Str(7),
                     r.Int(8)});
    return Status::Ok();
  }));
  return out;
}

Result<Funding> HomeService::AddFunding(const Principal& p, long long home_id,
                                        const FundingInput& in) {
  if (in.year < 2000 || in.year > 2100) return InvalidArgument("year", "year must be 2000–2100");
  if (in.amount_fen < 1 || in.amount_fen > 100000000000LL)
    return InvalidArgument("amount_fen", "amount_fen must be a positive amount in fen");
  long long n = Utf8Length(in.source);
  if (n < 1 || n > 100) return InvalidArgument("source", "source must have 1–100 characters");
  if (Utf8Length(in.note) > 1000)
    return InvalidArgument("note", "note must have at most 1000 characters");
  Funding f{crypto::RandomId(), home_id, in.year,  in.amount_fen, "",
            in.source,          in.note, Actor(p), NowMs()};
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto h = Load(c, p, home_id);
    if (!h.ok()) return h.status();
    if (!IsStaff(p)) return PermissionDenied("recording funding needs the staff role");
    f.region_code = h->region_code;
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "INSERT INTO home_funding (id, home_id, region_code, year, amount_fen, source, note, "
        "recorded_by, recorded_by_name, created_at) VALUES (:1, :2, :3, :4, :5, :6, :7, :8, :9, "
        ":10)",
        {f.id, f.home_id, f.region_code, f.year, f.amount_fen, f.source, f.note, db::Opt(UserId(p)),
         f.recorded_by_name, static_cast<long long>(f.created_at)}));
    return audit::AuditService::Record(c, p.ctx, "home.funding_add", "home",
                                       std::to_string(home_id), f.region_code, std::nullopt,
                                       FundingJson(f));
  }));
  return f;
}

Result<Figures> HomeService::GetFigures(const Principal& p, const std::string& region_in,
                                        long long year) {
  if (!IsReader(p)) return PermissionDenied("your role may not read the figures");
  std::string region = region_in.empty() ? p.region_code : region_in;
  if (!IsScopeCode(region)) return InvalidArgument("region", "region must be a region code");
  if (!InSubtree(region, p.region_code)) return NotFound("region not found");
  if (year < 2000 || year > 2100) return InvalidArgument("year", "year must be 2000–2100");
  Figures out;
  out.year = year;
  out.total.region_code = region;
  int level = region == kNationalRoot ? 0 : RegionLevel(region);
  // The child of `region` on the way down to `code` ("" for region itself).
  auto child_of = [&](const std::string& code) -> std::string {
    for (auto& a : AncestorCodes(code, true))
      if (RegionLevel(a) > level) return a;
    return "";
  };
  std::map<std::string, FigureRow> rows;
  auto row_for = [&](const std::string& code) -> FigureRow* {
    std::string ch = child_of(code);
    if (ch.empty()) return nullptr;
    auto& r = rows[ch];
    r.region_code = ch;
    return &r;
  };
  std::string from = std::to_string(year) + "-01-01", to = std::to_string(year) + "-12-31";
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto range = SubtreeRange(region);
    auto homes = c.Query("SELECT id, region_code FROM homes WHERE region_code BETWEEN :1 AND :2",
                         {range.lo, range.hi});
    if (!homes.ok()) return homes.status();
    // Per Home the star of the latest-starting approved assessment valid in the year.
    auto stars = c.Query(
        "SELECT home_id, star_level, valid_from, decided_at FROM home_assessments WHERE state = "
        "'approved' AND region_code BETWEEN :1 AND :2 AND valid_from <= :3 AND valid_until >= :4 "
        "ORDER BY home_id, valid_from, decided_at",
        {range.lo, range.hi, to, from});
    if (!stars.ok()) return stars.status();
    std::map<long long, long long> star;
    for (auto& r : *stars) star[r.Int(0)] = r.Int(1);  // later rows win
    for (auto& h : *homes) {
      long long s = star.count(h.Int(0)) ? star[h.Int(0)] : 0;
      out.total.homes += 1;
      out.total.by_star[s] += 1;
      if (auto* r = row_for(h.Str(1))) {
        r->homes += 1;
        r->by_star[s] += 1;
      }
    }
    auto money = c.Query(
        "SELECT region_code, SUM(amount_fen) FROM home_funding WHERE region_code BETWEEN :1 AND "
        ":2 AND year = :3 GROUP BY region_code",
        {range.lo, range.hi, year});
    if (!money.ok()) return money.status();
    for (auto& m : *money) {
      out.total.funding_fen += m.Int(1);
      if (auto* r = row_for(m.Str(0))) r->funding_fen += m.Int(1);
    }
    return Status::Ok();
  }));
  std::vector<std::string> codes{region};
  for (auto& [code, r] : rows) codes.push_back(code);
  auto names = d_.regions.Names(codes);
  for (auto& [code, r] : rows) {
    if (names.ok()) r.region_name = (*names)[code];
    out.children.push_back(r);
  }
  if (names.ok()) out.total.region_name = (*names)[region];
  return out;
}

}  // namespace shuniu::home
