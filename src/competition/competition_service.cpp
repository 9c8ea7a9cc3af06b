// Competitions and their applications: storage, scope, validation, the
// phases and the freeze of the rules. Every write is one transaction with its
// audit event.
#include "competition/competition_service.h"

#include <algorithm>
#include <set>

#include "audit/audit_service.h"
#include "competition/competition_internal.h"
#include "core/crypto.h"
#include "core/json_input.h"
#include "org/org_store.h"

namespace shuniu::competition {

using nlohmann::json;
using namespace internal;

namespace internal {

const char* kCompCols =
    "id, region_code, name, series, phase_no, year, kind, description, pool_fen, budget_pool_id, "
    "eligibility_json, matching_ratio_pct, expert_weight_pct, vote_weight_pct, award_rule_json, "
    "criteria_json, vote_rules_json, counts_hidden, apply_opens_at, apply_closes_at, "
    "qualify_closes_at, scoring_closes_at, voting_opens_at, voting_closes_at, results_at, state, "
    "rules_frozen_at, results_published_at, closed_at, created_by_name, version, created_at, "
    "updated_at";

std::string PhaseOf(const Competition& k, int64_t now) {
  if (k.state != "open") return k.state;
  if (now < k.apply_opens_at) return "upcoming";
  if (now < k.apply_closes_at) return "applying";
  if (now < k.qualify_closes_at) return "qualifying";
  if (now < k.voting_opens_at) return "scoring";
  if (now < k.voting_closes_at) return "voting";
  return "counting";
}

Competition CompFromRow(const db::Row& r) {
  Competition k;
  k.id = r.Int(0);
  k.region_code = r.Str(1);
  k.name = r.Str(2);
  k.series = r.Str(3);
  k.phase_no = r.Int(4);
  k.year = r.Int(5);
  k.kind = r.Str(6);
  k.description = r.Str(7);
  k.pool_fen = r.Int(8);
  k.budget_pool_id = r.OptInt(9);
  k.eligibility = json::parse(r.Str(10), nullptr, false);
  k.matching_ratio_pct = r.Int(11);
  k.expert_weight_pct = r.Int(12);
  k.vote_weight_pct = r.Int(13);
  k.award_rule = json::parse(r.Str(14), nullptr, false);
  auto cj = json::parse(r.Str(15), nullptr, false);
  if (cj.is_array())
    for (auto& x : cj)
      k.criteria.push_back({x.value("code", ""), x.value("name", ""), x.value("weight", 0LL)});
  k.vote_rules = json::parse(r.Str(16), nullptr, false);
  k.counts_hidden = r.Int(17) != 0;
  k.apply_opens_at = r.Int(18);
  k.apply_closes_at = r.Int(19);
  k.qualify_closes_at = r.Int(20);
  k.scoring_closes_at = r.Int(21);
  k.voting_opens_at = r.Int(22);
  k.voting_closes_at = r.Int(23);
  k.results_at = r.Int(24);
  k.state = r.Str(25);
  k.rules_frozen_at = r.OptInt(26);
  k.results_published_at = r.OptInt(27);
  k.closed_at = r.OptInt(28);
  k.created_by_name = r.Str(29);
  k.version = r.Int(30);
  k.created_at = r.Int(31);
  k.updated_at = r.Int(32);
  k.phase = PhaseOf(k, NowS());
  return k;
}

const char* kAppCols =
    "a.id, a.competition_id, a.org_id, o.name, a.region_code, a.entry_no, a.title, a.summary, "
    "a.plan, a.budget_lines_json, a.requested_fen, a.matching_fen, a.file_ids_json, a.state, "
    "a.qualification_reason, a.submitted_at, a.qualified_at, a.awarded_fen, a.project_id, "
    "a.version, a.created_at, a.updated_at";

Application AppFromRow(const db::Row& r) {
  Application a;
  a.id = r.Int(0);
  a.competition_id = r.Int(1);
  a.org_id = r.Int(2);
  a.org_name = r.Str(3);
  a.region_code = r.Str(4);
  a.entry_no = r.OptInt(5);
  a.title = r.Str(6);
  a.summary = r.Str(7);
  a.plan = r.Str(8);
  a.budget_lines = json::parse(r.Str(9), nullptr, false);
  a.requested_fen = r.Int(10);
  a.matching_fen = r.Int(11);
  auto f = json::parse(r.Str(12), nullptr, false);
  if (f.is_array())
    for (auto& x : f)
      if (x.is_number_integer()) a.file_ids.push_back(x.get<long long>());
  a.state = r.Str(13);
  a.qualification_reason = r.Str(14);
  a.submitted_at = r.OptInt(15);
  a.qualified_at = r.OptInt(16);
  a.awarded_fen = r.Int(17);
  a.project_id = r.OptInt(18);
  a.version = r.Int(19);
  a.created_at = r.Int(20);
  a.updated_at = r.Int(21);
  return a;
}

json CriteriaJson(const std::vector<Criterion>& cs) {
  json a = json::array();
  for (auto& c : cs) a.push_back({{"code", c.code}, {"name", c.name}, {"weight", c.weight}});
  return a;
}

json CompAuditJson(const Competition& k) {
  return {{"name", k.name},
          {"region_code", k.region_code},
          {"pool_fen", k.pool_fen},
          {"eligibility", k.eligibility},
          {"matching_ratio_pct", k.matching_ratio_pct},
          {"expert_weight_pct", k.expert_weight_pct},
          {"vote_weight_pct", k.vote_weight_pct},
          {"award_rule", k.award_rule},
          {"criteria", CriteriaJson(k.criteria)},
          {"vote_rules", k.vote_rules},
          {"counts_hidden", k.counts_hidden},
          {"apply_opens_at", k.apply_opens_at},
          {"apply_closes_at", k.apply_closes_at},
          {"qualify_closes_at", k.qualify_closes_at},
          {"scoring_closes_at", k.scoring_closes_at},
          {"voting_opens_at", k.voting_opens_at},
          {"voting_closes_at", k.voting_closes_at},
          {"results_at", k.results_at},
          {"state", k.state},
          {"version", k.version}};
}

json AppAuditJson(const Application& a) {
  return {{"competition_id", a.competition_id},
          {"org_id", a.org_id},
          {"title", a.title},
          {"requested_fen", a.requested_fen},
          {"matching_fen", a.matching_fen},
          {"state", a.state},
          {"entry_no", a.entry_no ? json(*a.entry_no) : json()},
          {"qualification_reason", a.qualification_reason},
          {"awarded_fen", a.awarded_fen},
          {"version", a.version}};
}

Status StoreComp(db::Conn& c, const Competition& k, bool insert, const Principal& p) {
  auto opt = [](const std::optional<int64_t>& v) {
    return v ? db::Value(static_cast<long long>(*v)) : db::Null();
  };
  std::vector<db::Value> v = {k.region_code,
                              k.name,
                              k.series,
                              k.phase_no,
                              k.year,
                              k.kind,
                              k.description,
                              k.pool_fen,
                              db::Opt(k.budget_pool_id),
                              k.eligibility.dump(),
                              k.matching_ratio_pct,
                              k.expert_weight_pct,
                              k.vote_weight_pct,
                              k.award_rule.dump(),
                              CriteriaJson(k.criteria).dump(),
                              k.vote_rules.dump(),
                              k.counts_hidden ? 1LL : 0LL,
                              static_cast<long long>(k.apply_opens_at),
                              static_cast<long long>(k.apply_closes_at),
                              static_cast<long long>(k.qualify_closes_at),
                              static_cast<long long>(k.scoring_closes_at),
                              static_cast<long long>(k.voting_opens_at),
                              static_cast<long long>(k.voting_closes_at),
                              static_cast<long long>(k.results_at),
                              k.state,
                              opt(k.rules_frozen_at),
                              opt(k.results_published_at),
                              opt(k.closed_at),
                              k.version,
                              static_cast<long long>(k.updated_at)};
  if (insert) {
    v.push_back(k.id);
    v.push_back(db::Opt(UserId(p)));
    v.push_back(Actor(p));
    v.push_back(static_cast<long long>(k.created_at));
    return c.Exec(
        "INSERT INTO competitions (region_code, name, series, phase_no, year, kind, description, "
        "pool_fen, budget_pool_id, eligibility_json, matching_ratio_pct, expert_weight_pct, "
        "vote_weight_pct, award_rule_json, criteria_json, vote_rules_json, counts_hidden, "
        "apply_opens_at, apply_closes_at, qualify_closes_at, scoring_closes_at, voting_opens_at, "
        "voting_closes_at, results_at, state, rules_frozen_at, results_published_at, closed_at, "
        "version, updated_at, id, created_by, created_by_name, created_at) VALUES (:1, :2, :3, "
        ":4, :5, :6, :7, :8, :9, :10, :11, :12, :13, :14, :15, :16, :17, :18, :19, :20, :21, :22, "
        ":23, :24, :25, :26, :27, :28, :29, :30, :31, :32, :33, :34)",
        v);
  }
  v.push_back(k.id);
  v.push_back(k.version - 1);
  auto n = c.ExecCount(
      "UPDATE competitions SET region_code = :1, name = :2, series = :3, phase_no = :4, year = :5, "
      "kind = :6, description = :7, pool_fen = :8, budget_pool_id = :9, eligibility_json = :10, "
      "matching_ratio_pct = :11, expert_weight_pct = :12, vote_weight_pct = :13, "
      "award_rule_json = :14, criteria_json = :15, vote_rules_json = :16, counts_hidden = :17, "
      "apply_opens_at = :18, apply_closes_at = :19, qualify_closes_at = :20, scoring_closes_at = "
      ":21, voting_opens_at = :22, voting_closes_at = :23, results_at = :24, state = :25, "
      "rules_frozen_at = :26, results_published_at = :27, closed_at = :28, version = :29, "
      "updated_at = :30 WHERE id = :31 AND version = :32",
      v);
  if (!n.ok()) return n.status();
  if (*n != 1) return Conflict("the competition was changed by someone else; reload and try again");
  return Status::Ok();
}

}  // namespace internal

namespace {

Status TextOf(const json& in, const char* f, long long min, long long max, std::string& out) {
  if (!in.contains(f)) return Status::Ok();
  const json& v = in[f];
  if (!v.is_string() || Utf8Length(v.get<std::string>()) < min ||
      Utf8Length(v.get<std::string>()) > max)
    return InvalidArgument(f, std::string(f) + " must have " + std::to_string(min) + "–" +
                                  std::to_string(max) + " characters");
  out = v.get<std::string>();
  return Status::Ok();
}

Status IntOf(const json& in, const char* f, long long min, long long max, long long& out) {
  if (!in.contains(f)) return Status::Ok();
  const json& v = in[f];
  if (!v.is_number_integer() || v.get<long long>() < min || v.get<long long>() > max)
    return InvalidArgument(f, std::string(f) + " must be an integer " + std::to_string(min) + "–" +
                                  std::to_string(max));
  out = v.get<long long>();
  return Status::Ok();
}

Status TimeOf(const json& in, const char* f, int64_t& out) {
  if (!in.contains(f)) return Status::Ok();
  const json& v = in[f];
  std::optional<int64_t> t;
  if (v.is_string()) t = ParseRfc3339(v.get<std::string>());
  if (!t) return InvalidArgument(f, std::string(f) + " must be an RFC 3339 time");
  out = *t / 1000;
  return Status::Ok();
}

const std::set<std::string> kCompFields = {"name",
                                           "series",
                                           "phase_no",
                                           "year",
                                           "kind",
                                           "description",
                                           "region_code",
                                           "pool_fen",
                                           "budget_pool_id",
                                           "eligibility",
                                           "matching_ratio_pct",
                                           "expert_weight_pct",
                                           "vote_weight_pct",
                                           "award_rule",
                                           "criteria",
                                           "vote_rules",
                                           "counts_hidden",
                                           "apply_opens_at",
                                           "apply_closes_at",
                                           "qualify_closes_at",
                                           "scoring_closes_at",
                                           "voting_opens_at",
                                           "voting_closes_at",
                                           "results_at"};

const std::vector<std::string> kGrades = {"1A", "2A", "3A", "4A", "5A"};

Status ParseEligibility(const json& j, json& out) {
  if (!j.is_object()) return InvalidArgument("eligibility", "eligibility must be an object");
  json e = {{"kinds", json::array()},
            {"regions", json::array()},
            {"min_grade", nullptr},
            {"exclude_abnormal", true}};
  for (auto& [key, v] : j.items()) {
    std::string f = "eligibility." + key;
    if (key == "kinds" || key == "regions") {
      if (!v.is_array() || v.size() > 50) return InvalidArgument(f, f + " must be a list");
      for (auto& x : v) {
        if (!x.is_string() || x.get<std::string>().empty() || x.get<std::string>().size() > 48)
          return InvalidArgument(f, f + " must list codes");
        if (key == "regions" && !IsRegionCode(x.get<std::string>()))
          return InvalidArgument(f, f + " must list 12-digit region codes");
      }
      e[key] = v;
    } else if (key == "min_grade") {
      if (!v.is_null() && (!v.is_string() || std::find(kGrades.begin(), kGrades.end(),
                                                       v.get<std::string>()) == kGrades.end()))
        return InvalidArgument(f, f + " must be one of 1A–5A or null");
      e[key] = v;
    } else if (key == "exclude_abnormal") {
      if (!v.is_boolean()) return InvalidArgument(f, f + " must be true or false");
      e[key] = v;
    } else {
      return InvalidArgument(f, "unknown field " + f);
    }
  }
  out = e;
  return Status::Ok();
}

Status ParseAwardRule(const json& j, json& out) {
  if (!j.is_object()) return InvalidArgument("award_rule", "award_rule must be an object");
  json r = {{"cutoff", "skip"}, {"region_quotas", json::object()}};
  for (auto& [key, v] : j.items()) {
    std::string f = "award_rule." + key;
    if (key == "cutoff") {
      if (!v.is_string() || (v != "skip" && v != "stop"))
        return InvalidArgument(f, f + " must be skip or stop");
      r[key] = v;
    } else if (key == "region_quotas") {
      if (!v.is_object()) return InvalidArgument(f, f + " must map region codes to counts");
      for (auto& [code, n] : v.items()) {
        if (!IsRegionCode(code))
          return InvalidArgument(f, f + ": " + code + " is not a 12-digit region code");
        if (!n.is_number_integer() || n.get<long long>() < 0 || n.get<long long>() > 10000)
          return InvalidArgument(f + "." + code, f + "." + code + " must be a count ≥ 0");
      }
      r[key] = v;
    } else {
      return InvalidArgument(f, "unknown field " + f);
    }
  }
  out = r;
  return Status::Ok();
}

Status ParseVoteRules(const json& j, json& out) {
  if (!j.is_object()) return InvalidArgument("vote_rules", "vote_rules must be an object");
  json r = {{"max_entries_per_day", 3}, {"per_entry_per_day", 1}};
  for (auto& [key, v] : j.items()) {
    std::string f = "vote_rules." + key;
    if (key != "max_entries_per_day" && key != "per_entry_per_day")
      return InvalidArgument(f, "unknown field " + f);
    if (!v.is_number_integer() || v.get<long long>() < 1 || v.get<long long>() > 100)
      return InvalidArgument(f, f + " must be an integer 1–100");
    r[key] = v;
  }
  if (r["per_entry_per_day"] != 1)
    return InvalidArgument("vote_rules.per_entry_per_day",
                           "vote_rules.per_entry_per_day must be 1 (one vote per entry per day)");
  out = r;
  return Status::Ok();
}

// Applies the fields of `in` to `k` and checks the whole competition.
Status ApplyInput(db::Conn& c, const Principal& p, const json& in, Competition& k) {
  if (!in.is_object()) return InvalidArgument("body", "the body must be a JSON object");
  for (auto& [key, v] : in.items())
    if (!kCompFields.count(key) && key != "version" && key != "reason")
      return InvalidArgument(key, "unknown field " + key);
  SHUNIU_RETURN_IF_ERROR(TextOf(in, "name", 1, 200, k.name));
  SHUNIU_RETURN_IF_ERROR(TextOf(in, "series", 0, 100, k.series));
  SHUNIU_RETURN_IF_ERROR(TextOf(in, "description", 0, 8000, k.description));
  SHUNIU_RETURN_IF_ERROR(IntOf(in, "phase_no", 1, 1000, k.phase_no));
  SHUNIU_RETURN_IF_ERROR(IntOf(in, "year", 2000, 2100, k.year));
  SHUNIU_RETURN_IF_ERROR(IntOf(in, "pool_fen", 0, 10'000'000'000'000LL, k.pool_fen));
  SHUNIU_RETURN_IF_ERROR(IntOf(in, "matching_ratio_pct", 0, 1000, k.matching_ratio_pct));
  SHUNIU_RETURN_IF_ERROR(IntOf(in, "expert_weight_pct", 0, 100, k.expert_weight_pct));
  SHUNIU_RETURN_IF_ERROR(IntOf(in, "vote_weight_pct", 0, 100, k.vote_weight_pct));
  if (in.contains("kind")) {
    if (!in["kind"].is_string() || (in["kind"] != "venture" && in["kind"] != "home_star"))
      return InvalidArgument("kind", "kind must be venture or home_star");
    k.kind = in["kind"].get<std::string>();
  }
  if (in.contains("region_code")) {
    const json& v = in["region_code"];
    if (!v.is_string() || !IsRegionCode(v.get<std::string>()))
      return InvalidArgument("region_code", "region_code must be a 12-digit region code");
    std::string code = v.get<std::string>();
    if (!InSubtree(code, p.region_code))
      return Status(Code::kPermissionDenied, "the region is outside your scope", "region_code");
    auto r = c.QueryOne("SELECT 1 FROM regions WHERE code = :1", {code});
    if (!r.ok()) return r.status();
    if (!*r) return InvalidArgument("region_code", "unknown region " + code);
    k.region_code = code;
  }
  if (in.contains("budget_pool_id")) {
    const json& v = in["budget_pool_id"];
    if (v.is_null()) {
      k.budget_pool_id.reset();
    } else {
      if (!v.is_number_integer())
        return InvalidArgument("budget_pool_id", "budget_pool_id must be a pool id or null");
      auto r =
          c.QueryOne("SELECT region_code FROM budget_pools WHERE id = :1", {v.get<long long>()});
      if (!r.ok()) return r.status();
      if (!*r || !InSubtree((*r)->Str(0), p.region_code))
        return InvalidArgument("budget_pool_id", "budget_pool_id: no such budget pool in scope");
      k.budget_pool_id = v.get<long long>();
    }
  }
  if (in.contains("counts_hidden")) {
    if (!in["counts_hidden"].is_boolean())
      return InvalidArgument("counts_hidden", "counts_hidden must be true or false");
    k.counts_hidden = in["counts_hidden"].get<bool>();
  }
  if (in.contains("eligibility"))
    SHUNIU_RETURN_IF_ERROR(ParseEligibility(in["eligibility"], k.eligibility));
  if (in.contains("award_rule"))
    SHUNIU_RETURN_IF_ERROR(ParseAwardRule(in["award_rule"], k.award_rule));
  if (in.contains("vote_rules"))
    SHUNIU_RETURN_IF_ERROR(ParseVoteRules(in["vote_rules"], k.vote_rules));
  if (in.contains("criteria"))
    SHUNIU_RETURN_IF_ERROR(project::ParseWeightedCriteria(in["criteria"], k.criteria));
  for (auto [f, dst] :
       {std::pair{"apply_opens_at", &k.apply_opens_at},
        std::pair{"apply_closes_at", &k.apply_closes_at},
        std::pair{"qualify_closes_at", &k.qualify_closes_at},
        std::pair{"scoring_closes_at", &k.scoring_closes_at},
        std::pair{"voting_opens_at", &k.voting_opens_at},
        std::pair{"voting_closes_at", &k.voting_closes_at}, std::pair{"results_at", &k.results_at}})
    SHUNIU_RETURN_IF_ERROR(TimeOf(in, f, *dst));
  // The whole competition, whatever was changed.
  if (k.name.empty()) return InvalidArgument("name", "name is required");
  if (k.year == 0) return InvalidArgument("year", "year is required");
  if (k.expert_weight_pct + k.vote_weight_pct != 100)
    return InvalidArgument("vote_weight_pct",
                           "expert_weight_pct and vote_weight_pct must sum to 100 (they sum to " +
                               std::to_string(k.expert_weight_pct + k.vote_weight_pct) + ")");
  if (k.criteria.empty()) return InvalidArgument("criteria", "criteria are required");
  const std::vector<std::pair<const char*, int64_t>> dates = {
      {"apply_opens_at", k.apply_opens_at},
      {"apply_closes_at", k.apply_closes_at},
      {"qualify_closes_at", k.qualify_closes_at},
      {"scoring_closes_at", k.scoring_closes_at},
      {"voting_opens_at", k.voting_opens_at},
      {"voting_closes_at", k.voting_closes_at},
      {"results_at", k.results_at}};
  for (auto& [f, t] : dates)
    if (t == 0) return InvalidArgument(f, std::string(f) + " is required");
  for (size_t i = 1; i < dates.size(); ++i) {
    bool strict = i == 1 || dates[i].first == std::string("voting_closes_at");
    if (dates[i].second < dates[i - 1].second || (strict && dates[i].second == dates[i - 1].second))
      return InvalidArgument(
          dates[i].first, std::string(dates[i].first) + " must come after " + dates[i - 1].first);
  }
  return Status::Ok();
}

}  // namespace

// ---------------------------------------------------------------- competitions

Result<Competition> CompetitionService::Load(db::Conn& c, const Principal& p, long long id) {
  auto row =
      c.QueryOne(std::string("SELECT ") + kCompCols + " FROM competitions WHERE id = :1", {id});
  if (!row.ok()) return row.status();
  if (!*row) return NotFound("competition not found");
  Competition k = CompFromRow(**row);
  bool visible = false;
  if (IsReader(p)) {
    visible = InSubtree(k.region_code, p.region_code);
  } else if (p.role == Role::kReviewer) {
    auto on =
        c.QueryOne("SELECT 1 FROM competition_reviewers WHERE competition_id = :1 AND user_id = :2",
                   {id, p.user_id});
    if (!on.ok()) return on.status();
    visible = p.user_id != 0 && on->has_value();
  } else if (p.role == Role::kOrg) {
    // An organization sees the competitions open to its region (at or above it).
    visible = k.state != "draft" && InSubtree(p.region_code, k.region_code);
  }
  if (!visible) return NotFound("competition not found");
  return k;
}

Status CompetitionService::FillDetail(db::Conn& c, Competition& k) {
  auto revs = c.Query(
      "SELECT r.user_id, u.display_name FROM competition_reviewers r JOIN users u ON u.id = "
      "r.user_id WHERE r.competition_id = :1 ORDER BY r.created_at, r.user_id",
      {k.id});
  if (!revs.ok()) return revs.status();
  k.reviewers.clear();
  for (auto& r : *revs) k.reviewers.push_back({r.Int(0), r.Str(1)});
  auto n = c.QueryOne(
      "SELECT COUNT(*) FROM competition_applications WHERE competition_id = :1 AND state <> "
      "'draft'",
      {k.id});
  if (!n.ok()) return n.status();
  k.application_count = (*n)->Int(0);
  return Status::Ok();
}

void CompetitionService::FillNames(std::vector<Competition>& ks) {
  std::vector<std::string> codes;
  for (auto& k : ks) codes.push_back(k.region_code);
  auto names = d_.regions.Names(codes);
  if (names.ok())
    for (auto& k : ks) k.region_name = (*names)[k.region_code];
}

Result<std::pair<std::vector<Competition>, long long>> CompetitionService::List(
    const Principal& p, const CompetitionFilter& f) {
  std::string where = " WHERE 1 = 1";
  std::vector<db::Value> params;
  auto bind = [&](db::Value v) {
    params.push_back(std::move(v));
    return ":" + std::to_string(params.size());
  };
  if (IsReader(p)) {
    auto r = SubtreeRange(p.region_code);
    std::string lo = bind(r.lo);
    where += " AND region_code BETWEEN " + lo + " AND " + bind(r.hi);
  } else if (p.role == Role::kReviewer) {
    where += " AND id IN (SELECT competition_id FROM competition_reviewers WHERE user_id = " +
             bind(p.user_id) + ")";
  } else if (p.role == Role::kOrg) {
    std::string in;
    for (auto& code : AncestorCodes(p.region_code, true))
      in += (in.empty() ? "" : ", ") + bind(code);
    where += " AND state <> 'draft' AND region_code IN (" + (in.empty() ? "''" : in) + ")";
  } else {
    return PermissionDenied("your role may not list competitions");
  }
  if (!f.state.empty()) where += " AND state = " + bind(f.state);
  if (f.year) where += " AND year = " + bind(*f.year);
  if (!f.q.empty()) {
    std::string q = "%" + f.q + "%";
    std::string a = bind(q);
    where += " AND (name LIKE " + a + " OR series LIKE " + bind(q) + ")";
  }
  std::vector<Competition> out;
  long long total = 0;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto n = c.QueryOne("SELECT COUNT(*) FROM competitions" + where, params);
    if (!n.ok()) return n.status();
    total = (*n)->Int(0);
    auto rows =
        c.Query(std::string("SELECT ") + kCompCols + " FROM competitions" + where +
                    " ORDER BY year DESC, apply_opens_at DESC, id DESC LIMIT " +
                    std::to_string(f.size) + " OFFSET " + std::to_string((f.page - 1) * f.size),
                params);
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows) {
      out.push_back(CompFromRow(r));
      SHUNIU_RETURN_IF_ERROR(FillDetail(c, out.back()));
    }
    return Status::Ok();
  }));
  FillNames(out);
  return std::make_pair(out, total);
}

Result<Competition> CompetitionService::Get(const Principal& p, long long id) {
  Competition k;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto found = Load(c, p, id);
    if (!found.ok()) return found.status();
    k = *found;
    return FillDetail(c, k);
  }));
  std::vector<Competition> v = {k};
  FillNames(v);
  return v[0];
}

Result<Competition> CompetitionService::Create(const Principal& p, const json& in) {
  if (!IsStaff(p)) return PermissionDenied("setting up competitions needs the staff role");
  Competition k;
  k.id = crypto::RandomId();
  k.kind = "venture";
  k.state = "draft";
  k.region_code = p.region_code;
  k.eligibility = {{"kinds", json::array()},
                   {"regions", json::array()},
                   {"min_grade", nullptr},
                   {"exclude_abnormal", true}};
  k.award_rule = {{"cutoff", "skip"}, {"region_quotas", json::object()}};
  k.vote_rules = {{"max_entries_per_day", 3}, {"per_entry_per_day", 1}};
  k.counts_hidden = true;
  k.created_by_name = Actor(p);
  k.created_at = k.updated_at = NowS();
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    SHUNIU_RETURN_IF_ERROR(ApplyInput(c, p, in, k));
    if (!IsRegionCode(k.region_code))
      return InvalidArgument("region_code", "region_code is required");
    k.phase = PhaseOf(k, NowS());
    SHUNIU_RETURN_IF_ERROR(StoreComp(c, k, true, p));
    return audit::AuditService::Record(c, p.ctx, "competition.create", "competition",
                                       std::to_string(k.id), k.region_code, std::nullopt,
                                       CompAuditJson(k));
  }));
  return Get(p, k.id);
}

Result<Competition> CompetitionService::Edit(const Principal& p, long long id, long long version,
                                             const json& in, const std::string* amend_reason) {
  if (!IsStaff(p)) return PermissionDenied("changing competitions needs the staff role");
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto found = Load(c, p, id);
    if (!found.ok()) return found.status();
    Competition before = *found, k = *found;
    if (k.version != version)
      return Conflict("the competition was changed by someone else; reload and try again");
    int64_t now = NowS();
    bool frozen = k.rules_frozen_at.has_value() || (k.state == "open" && now >= k.voting_opens_at);
    if (k.state != "draft" && k.state != "open")
      return Conflict("the competition is " + k.state + " and can no longer be changed");
    if (!amend_reason && frozen)
      return Conflict(
          "the rules froze when voting opened; change them through an amendment with a reason");
    if (amend_reason && !frozen)
      return Conflict("amendments are for frozen rules; edit the competition instead");
    if (k.state == "open" && in.contains("region_code") && in["region_code"] != k.region_code)
      return Conflict("the region of an open competition cannot change");
    SHUNIU_RETURN_IF_ERROR(ApplyInput(c, p, in, k));
    k.version += 1;
    k.updated_at = now;
    if (frozen && !k.rules_frozen_at) k.rules_frozen_at = now;
    k.phase = PhaseOf(k, now);
    SHUNIU_RETURN_IF_ERROR(StoreComp(c, k, false, p));
    if (amend_reason) {
      SHUNIU_RETURN_IF_ERROR(c.Exec(
          "INSERT INTO competition_amendments (id, competition_id, reason, before_json, "
          "after_json, amended_by, amended_by_name, created_at) VALUES (:1, :2, :3, :4, :5, :6, "
          ":7, :8)",
          {crypto::RandomId(), id, *amend_reason, CompAuditJson(before).dump(),
           CompAuditJson(k).dump(), db::Opt(UserId(p)), Actor(p), static_cast<long long>(now)}));
      json after = CompAuditJson(k);
      after["amendment_reason"] = *amend_reason;
      return audit::AuditService::Record(c, p.ctx, "competition.amend", "competition",
                                         std::to_string(id), k.region_code, CompAuditJson(before),
                                         after);
    }
    return audit::AuditService::Record(c, p.ctx, "competition.update", "competition",
                                       std::to_string(id), k.region_code, CompAuditJson(before),
                                       CompAuditJson(k));
  }));
  return Get(p, id);
}

Result<Competition> CompetitionService::Update(const Principal& p, long long id, long long version,
                                               const json& in) {
  return Edit(p, id, version, in, nullptr);
}

Result<Competition> CompetitionService::Amend(const Principal& p, long long id, long long version,
                                              const std::string& reason, const json& in) {
  long long n = Utf8Length(reason);
  if (n < 1 || n > 2000) return InvalidArgument("reason", "an amendment needs a reason (1–2000)");
  return Edit(p, id, version, in, &reason);
}

Result<json> CompetitionService::Amendments(const Principal& p, long long id) {
  json out = json::array();
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto k = Load(c, p, id);
    if (!k.ok()) return k.status();
    if (!IsReader(p)) return PermissionDenied("reading amendments needs the staff role");
    auto rows = c.Query(
        "SELECT id, reason, before_json, after_json, amended_by_name, created_at FROM "
        "competition_amendments WHERE competition_id = :1 ORDER BY created_at, id",
        {id});
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows)
      out.push_back({{"id", r.Int(0)},
                     {"reason", r.Str(1)},
                     {"before", json::parse(r.Str(2), nullptr, false)},
                     {"after", json::parse(r.Str(3), nullptr, false)},
                     {"amended_by_name", r.Str(4)},
                     {"created_at", Rfc3339(r.Int(5) * 1000)}});
    return Status::Ok();
  }));
  return out;
}

Result<Competition> CompetitionService::Open(const Principal& p, long long id) {
  if (!IsStaff(p)) return PermissionDenied("opening competitions needs the staff role");
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto found = Load(c, p, id);
    if (!found.ok()) return found.status();
    Competition k = *found;
    if (k.state != "draft") return Conflict("only a draft competition can be opened");
    int64_t now = NowS();
    if (now >= k.apply_closes_at)
      return InvalidArgument("apply_closes_at", "applications would already be closed");
    k.state = "open";
    k.version += 1;
    k.updated_at = now;
    SHUNIU_RETURN_IF_ERROR(StoreComp(c, k, false, p));
    return audit::AuditService::Record(c, p.ctx, "competition.open", "competition",
                                       std::to_string(id), k.region_code, CompAuditJson(*found),
                                       CompAuditJson(k));
  }));
  return Get(p, id);
}

Result<Competition> CompetitionService::Cancel(const Principal& p, long long id,
                                               const std::string& reason) {
  if (!IsStaff(p)) return PermissionDenied("cancelling competitions needs the staff role");
  long long n = Utf8Length(reason);
  if (n < 1 || n > 1000) return InvalidArgument("reason", "a cancellation needs a reason (1–1000)");
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto found = Load(c, p, id);
    if (!found.ok()) return found.status();
    Competition k = *found;
    if (k.state != "draft" && k.state != "open")
      return Conflict("the competition is " + k.state + " and cannot be cancelled");
    k.state = "cancelled";
    k.closed_at = NowS();
    k.version += 1;
    k.updated_at = NowS();
    SHUNIU_RETURN_IF_ERROR(StoreComp(c, k, false, p));
    json after = CompAuditJson(k);
    after["reason"] = reason;
    return audit::AuditService::Record(c, p.ctx, "competition.cancel", "competition",
                                       std::to_string(id), k.region_code, CompAuditJson(*found),
                                       after);
  }));
  return Get(p, id);
}

}  // namespace shuniu::competition
