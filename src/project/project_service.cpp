// Projects, budget pools, contracts with payments, and incomes: storage, scope,
// the state machine and the decree No. 102 checks. Every write is one
// transaction with its audit event.
#include "project/project_service.h"

#include <map>

#include "audit/audit_service.h"
#include "core/crypto.h"
#include "core/json_input.h"
#include "core/region_code.h"
#include "core/time.h"
#include "org/org_store.h"
#include "org/uscc.h"
#include "project/closeout_service.h"
#include "project/project_json.h"

namespace shuniu::project {
namespace {

using nlohmann::json;

constexpr long long kMaxFen = 10'000'000'000'000LL;  // 1e11 yuan: a sanity bound

bool IsStaff(const Principal& p) { return p.role == Role::kAdmin || p.role == Role::kStaff; }
bool IsReader(const Principal& p) { return IsStaff(p) || p.role == Role::kAuditor; }

std::string Actor(const Principal& p) {
  return p.ctx.actor_name.empty() ? p.username : p.ctx.actor_name;
}
std::optional<long long> UserId(const Principal& p) {
  return p.user_id ? std::optional<long long>(p.user_id) : std::nullopt;
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
  std::string Page(long long size, long long page) {
    params.push_back(size);
    params.push_back((page - 1) * size);
    return " LIMIT :" + std::to_string(params.size() - 1) +
           " OFFSET :" + std::to_string(params.size());
  }
};

bool InDict(const std::vector<std::pair<std::string, std::string>>& d, const std::string& code) {
  for (auto& [k, v] : d)
    if (k == code) return true;
  return false;
}

Status TextField(const json& j, const std::string& field, long long min, long long max,
                 std::string& out) {
  if (!j.is_string()) return InvalidArgument(field, field + " must be a string");
  std::string s = j.get<std::string>();
  long long n = Utf8Length(s);
  if (n < min || n > max)
    return InvalidArgument(field, field + " must have " + std::to_string(min) + "–" +
                                      std::to_string(max) + " characters");
  out = s;
  return Status::Ok();
}

Status FenField(const json& j, const std::string& field, long long& out) {
  if (!j.is_number_integer())
    return InvalidArgument(field, field + " must be an integer amount in fen");
  long long v = j.get<long long>();
  if (v <= 0 || v > kMaxFen) return InvalidArgument(field, field + " must be a positive amount");
  out = v;
  return Status::Ok();
}

Project ProjectFromRow(const db::Row& r) {
  Project pr;
  pr.id = r.Int(0);
  pr.title = r.Str(1);
  pr.department = r.Str(2);
  pr.year = r.Int(3);
  pr.region_code = r.Str(4);
  pr.objectives = r.Str(5);
  auto tg = json::parse(r.Str(6), nullptr, false);
  if (tg.is_array())
    for (auto& x : tg) pr.target_groups.push_back(x.get<std::string>());
  auto b = json::parse(r.Str(7), nullptr, false);
  if (b.is_object()) {
    if (b.contains("total") && b["total"].is_number_integer()) pr.beneficiaries.total = b["total"];
    if (b.contains("women") && b["women"].is_number_integer()) pr.beneficiaries.women = b["women"];
    if (b.contains("men") && b["men"].is_number_integer()) pr.beneficiaries.men = b["men"];
  }
  auto ind = json::parse(r.Str(8), nullptr, false);
  if (ind.is_array())
    for (auto& x : ind)
      pr.indicators.push_back({x.value("name", ""), x.value("target", ""), x.value("unit", "")});
  auto bl = json::parse(r.Str(9), nullptr, false);
  if (bl.is_array())
    for (auto& x : bl) pr.budget_lines.push_back({x.value("name", ""), x.value("amount", 0LL)});
  pr.budget_total = r.Int(10);
  pr.duration_months = r.Int(11);
  auto orgs = json::parse(r.Str(12), nullptr, false);
  if (orgs.is_array())
    for (auto& x : orgs) pr.org_ids.push_back(x.get<long long>());
  pr.survey_id = r.OptInt(13);
  pr.channel = r.Str(14);
  pr.state = r.Str(15);
  pr.pool_id = r.OptInt(16);
  pr.funding_source = r.Str(17);
  pr.committed = r.Int(18);
  pr.contract_id = r.OptInt(19);
  pr.note = r.Str(20);
  pr.created_by = r.OptInt(21);
  pr.created_by_name = r.Str(22);
  pr.version = r.Int(23);
  pr.created_at = r.Int(24);
  pr.updated_at = r.Int(25);
  return pr;
}

constexpr const char* kProjectCols =
    "id, title, department, year, region_code, objectives, target_groups_json, "
    "beneficiaries_json, indicators_json, budget_lines_json, budget_total, duration_months, "
    "org_ids_json, survey_id, channel, state, pool_id, funding_source, committed, contract_id, "
    "note, created_by, created_by_name, version, created_at, updated_at";

json BeneficiariesJson(const Beneficiaries& b) {
  json j = json::object();
  if (b.total) j["total"] = *b.total;
  if (b.women) j["women"] = *b.women;
  if (b.men) j["men"] = *b.men;
  return j;
}

Status StoreProject(db::Conn& c, const Project& pr, bool insert) {
  json tg = pr.target_groups, ind = json::array(), bl = json::array(), orgs = pr.org_ids;
  for (auto& i : pr.indicators)
    ind.push_back({{"name", i.name}, {"target", i.target}, {"unit", i.unit}});
  for (auto& l : pr.budget_lines) bl.push_back({{"name", l.name}, {"amount", l.amount}});
  std::vector<db::Value> v = {pr.title,
                              pr.department,
                              pr.year,
                              pr.region_code,
                              pr.objectives,
                              tg.dump(),
                              BeneficiariesJson(pr.beneficiaries).dump(),
                              ind.dump(),
                              bl.dump(),
                              pr.budget_total,
                              pr.duration_months,
                              orgs.dump(),
                              db::Opt(pr.survey_id),
                              pr.channel.empty() ? db::Null() : db::Value(pr.channel),
                              pr.state,
                              db::Opt(pr.pool_id),
                              pr.funding_source.empty() ? db::Null() : db::Value(pr.funding_source),
                              pr.committed,
                              db::Opt(pr.contract_id),
                              pr.note,
                              pr.version,
                              static_cast<long long>(pr.updated_at),
                              pr.id};
  if (insert) {
    v.push_back(db::Opt(pr.created_by));
    v.push_back(pr.created_by_name);
    v.push_back(static_cast<long long>(pr.created_at));
    return c.Exec(
        "INSERT INTO projects (title, department, year, region_code, objectives, "
        "target_groups_json, beneficiaries_json, indicators_json, budget_lines_json, "
        "budget_total, duration_months, org_ids_json, survey_id, channel, state, pool_id, "
        "funding_source, committed, contract_id, note, version, updated_at, id, created_by, "
        "created_by_name, created_at) VALUES (:1, :2, :3, :4, :5, :6, :7, :8, :9, :10, :11, "
        ":12, :13, :14, :15, :16, :17, :18, :19, :20, :21, :22, :23, :24, :25, :26)",
        v);
  }
  v.push_back(pr.version - 1);
  auto n = c.ExecCount(
      "UPDATE projects SET title = :1, department = :2, year = :3, region_code = :4, "
      "objectives = :5, target_groups_json = :6, beneficiaries_json = :7, indicators_json = :8, "
      "budget_lines_json = :9, budget_total = :10, duration_months = :11, org_ids_json = :12, "
      "survey_id = :13, channel = :14, state = :15, pool_id = :16, funding_source = :17, "
      "committed = :18, contract_id = :19, note = :20, version = :21, updated_at = :22 "
      "WHERE id = :23 AND version = :24",
      v);
  if (!n.ok()) return n.status();
  if (*n != 1) return Conflict("the project was changed by someone else; reload and try again");
  return Status::Ok();
}

constexpr const char* kPoolCols =
    "id, year, source, region_code, name, planned, committed, disbursed, version, created_at, "
    "updated_at";

Pool PoolFromRow(const db::Row& r) {
  Pool x;
  x.id = r.Int(0);
  x.year = r.Int(1);
  x.source = r.Str(2);
  x.region_code = r.Str(3);
  x.name = r.Str(4);
  x.planned = r.Int(5);
  x.committed = r.Int(6);
  x.disbursed = r.Int(7);
  x.version = r.Int(8);
  x.created_at = r.Int(9);
  x.updated_at = r.Int(10);
  return x;
}

constexpr const char* kContractCols =
    "c.id, c.project_id, p.title, c.channel, c.reason, c.region_code, c.provider_org_id, o.name, "
    "c.purchaser_name, c.purchaser_org_id, c.start_on, c.end_on, c.stable_service, "
    "c.term_reason, c.price, c.paid, c.created_at";
constexpr const char* kContractFrom =
    " FROM contracts c JOIN projects p ON p.id = c.project_id JOIN orgs o ON o.id = "
    "c.provider_org_id";

Contract ContractFromRow(const db::Row& r) {
  Contract k;
  k.id = r.Int(0);
  k.project_id = r.Int(1);
  k.project_title = r.Str(2);
  k.channel = r.Str(3);
  k.reason = r.Str(4);
  k.region_code = r.Str(5);
  k.provider_org_id = r.Int(6);
  k.provider_name = r.Str(7);
  k.purchaser_name = r.Str(8);
  k.purchaser_org_id = r.OptInt(9);
  k.start_on = r.Str(10);
  k.end_on = r.Str(11);
  k.stable_service = r.Int(12) != 0;
  k.term_reason = r.Str(13);
  k.price = r.Int(14);
  k.paid = r.Int(15);
  k.created_at = r.Int(16);
  return k;
}

constexpr const char* kIncomeCols =
    "i.id, i.org_id, o.name, i.region_code, i.received_on, i.year, i.amount, i.source, "
    "i.contract_id, i.payment_id, i.note, i.created_by_name, i.created_at";

Income IncomeFromRow(const db::Row& r) {
  Income x;
  x.id = r.Int(0);
  x.org_id = r.Int(1);
  x.org_name = r.Str(2);
  x.region_code = r.Str(3);
  x.received_on = r.Str(4);
  x.year = r.Int(5);
  x.amount = r.Int(6);
  x.source = r.Str(7);
  x.contract_id = r.OptInt(8);
  x.payment_id = r.OptInt(9);
  x.note = r.Str(10);
  x.created_by_name = r.Str(11);
  x.created_at = r.Int(12);
  return x;
}

Status InsertIncome(db::Conn& c, const Principal& p, Income& x) {
  x.id = crypto::RandomId();
  x.year = std::stoll(x.received_on.substr(0, 4));
  x.created_by_name = Actor(p);
  x.created_at = NowMs();
  SHUNIU_RETURN_IF_ERROR(c.Exec(
      "INSERT INTO incomes (id, org_id, region_code, received_on, year, amount, source, "
      "contract_id, payment_id, note, created_by, created_by_name, created_at) VALUES (:1, :2, "
      ":3, :4, :5, :6, :7, :8, :9, :10, :11, :12, :13)",
      {x.id, x.org_id, x.region_code, x.received_on, x.year, x.amount, x.source,
       db::Opt(x.contract_id), db::Opt(x.payment_id), x.note, db::Opt(UserId(p)), x.created_by_name,
       static_cast<long long>(x.created_at)}));
  return audit::AuditService::Record(c, p.ctx, "income.create", "income", std::to_string(x.id),
                                     x.region_code, std::nullopt, IncomeJson(x));
}

int DaysIn(int y, int m) {
  static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
  return d[m - 1];
}

Status DateField(const std::string& s, const char* field) {
  if (!ValidDate(s))
    return InvalidArgument(field, std::string(field) + " must be a YYYY-MM-DD date");
  return Status::Ok();
}

}  // namespace

const std::vector<std::pair<std::string, std::string>>& FundingSources() {
  static const std::vector<std::pair<std::string, std::string>> v = {
      {"fiscal_budget", "财政预算"},  {"welfare_lottery", "福彩公益金"},
      {"livelihood", "民生实事资金"}, {"provincial_federation", "省妇联"},
      {"donations", "社会捐赠"},      {"other", "其他"}};
  return v;
}

const std::vector<std::pair<std::string, std::string>>& IncomeSources() {
  static const std::vector<std::pair<std::string, std::string>> v = {
      {"government_purchase", "政府购买服务"},
      {"venture_philanthropy", "公益创投"},
      {"foundation", "基金会资助"},
      {"donations", "社会捐赠"},
      {"service_fees", "服务收费"},
      {"other", "其他"}};
  return v;
}

bool ValidDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  int y = std::stoi(s.substr(0, 4)), m = std::stoi(s.substr(5, 2)), d = std::stoi(s.substr(8, 2));
  return y >= 1900 && m >= 1 && m <= 12 && d >= 1 && d <= DaysIn(y, m);
}

bool WithinYears(const std::string& start_on, const std::string& end_on, int years) {
  int y = std::stoi(start_on.substr(0, 4)) + years, m = std::stoi(start_on.substr(5, 2)),
      d = std::stoi(start_on.substr(8, 2));
  if (d > DaysIn(y, m)) d = DaysIn(y, m);
  char limit[16];
  std::snprintf(limit, sizeof limit, "%04d-%02d-%02d", y, m, d);
  return end_on < std::string(limit);
}

// ---------------------------------------------------------------- projects

void ProjectService::FillNames(std::vector<Project>& ps) {
  std::vector<std::string> codes;
  for (auto& x : ps) codes.push_back(x.region_code);
  auto names = d_.regions.Names(codes);
  if (names.ok())
    for (auto& x : ps) x.region_name = (*names)[x.region_code];
}

Result<Project> ProjectService::Load(db::Conn& c, const Principal& p, long long id) {
  auto row =
      c.QueryOne(std::string("SELECT ") + kProjectCols + " FROM projects WHERE id = :1", {id});
  if (!row.ok()) return row.status();
  if (!*row) return NotFound("project not found");
  Project pr = ProjectFromRow(**row);
  if (!IsReader(p) || !InSubtree(pr.region_code, p.region_code))
    return NotFound("project not found");
  return pr;
}

Status ProjectService::Validate(db::Conn& c, const Principal& p, Project& pr,
                                const ProjectInput& in) {
  if (in.title) {
    long long n = Utf8Length(*in.title);
    if (n < 1 || n > 200) return InvalidArgument("title", "title must have 1–200 characters");
    pr.title = *in.title;
  }
  if (in.department) {
    long long n = Utf8Length(*in.department);
    if (n < 1 || n > 100)
      return InvalidArgument("department", "department must have 1–100 characters");
    pr.department = *in.department;
  }
  if (in.objectives) {
    if (Utf8Length(*in.objectives) > 4000 || Utf8Length(*in.objectives) < 0)
      return InvalidArgument("objectives", "objectives must have at most 4000 characters");
    pr.objectives = *in.objectives;
  }
  if (in.year) {
    if (*in.year < 2000 || *in.year > 2100)
      return InvalidArgument("year", "year must be a budget year between 2000 and 2100");
    pr.year = *in.year;
  }
  if (in.duration_months) {
    if (*in.duration_months < 1 || *in.duration_months > 36)
      return InvalidArgument("duration_months", "duration_months must be 1–36");
    pr.duration_months = *in.duration_months;
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
    pr.region_code = code;
  }
  if (in.target_groups) {
    const json& j = *in.target_groups;
    if (!j.is_array() || j.size() > 20)
      return InvalidArgument("target_groups", "target_groups must be a list of up to 20 groups");
    pr.target_groups.clear();
    for (size_t i = 0; i < j.size(); ++i) {
      std::string s;
      SHUNIU_RETURN_IF_ERROR(
          TextField(j[i], "target_groups[" + std::to_string(i) + "]", 1, 100, s));
      pr.target_groups.push_back(s);
    }
  }
  if (in.beneficiaries) {
    const json& j = *in.beneficiaries;
    if (!j.is_object()) return InvalidArgument("beneficiaries", "beneficiaries must be an object");
    Beneficiaries b;
    for (auto& [k, v] : j.items()) {
      std::string f = "beneficiaries." + k;
      if (k != "total" && k != "women" && k != "men")
        return InvalidArgument(f, "unknown field " + f);
      if (v.is_null()) continue;
      if (!v.is_number_integer() || v.get<long long>() < 0 || v.get<long long>() > 100000000)
        return InvalidArgument(f, f + " must be a non-negative count");
      (k == "total" ? b.total : k == "women" ? b.women : b.men) = v.get<long long>();
    }
    if (b.total && b.women.value_or(0) + b.men.value_or(0) > *b.total)
      return InvalidArgument("beneficiaries.total",
                             "beneficiaries.total must be at least women + men");
    pr.beneficiaries = b;
  }
  if (in.indicators) {
    const json& j = *in.indicators;
    if (!j.is_array() || j.size() > 50)
      return InvalidArgument("indicators", "indicators must be a list of up to 50 entries");
    pr.indicators.clear();
    for (size_t i = 0; i < j.size(); ++i) {
      std::string f = "indicators[" + std::to_string(i) + "]";
      if (!j[i].is_object()) return InvalidArgument(f, f + " must be an object");
      Indicator x;
      SHUNIU_RETURN_IF_ERROR(TextField(j[i].value("name", json()), f + ".name", 1, 100, x.name));
      json t = j[i].value("target", json(""));
      if (t.is_number()) t = t.dump();
      SHUNIU_RETURN_IF_ERROR(TextField(t, f + ".target", 1, 100, x.target));
      SHUNIU_RETURN_IF_ERROR(TextField(j[i].value("unit", json("")), f + ".unit", 0, 20, x.unit));
      pr.indicators.push_back(x);
    }
  }
  if (in.budget_lines) {
    const json& j = *in.budget_lines;
    if (!j.is_array() || j.empty() || j.size() > 50)
      return InvalidArgument("budget_lines", "budget_lines must list 1–50 lines");
    pr.budget_lines.clear();
    long long total = 0;
    for (size_t i = 0; i < j.size(); ++i) {
      std::string f = "budget_lines[" + std::to_string(i) + "]";
      if (!j[i].is_object()) return InvalidArgument(f, f + " must be an object");
      BudgetLine l;
      SHUNIU_RETURN_IF_ERROR(TextField(j[i].value("name", json()), f + ".name", 1, 100, l.name));
      SHUNIU_RETURN_IF_ERROR(FenField(j[i].value("amount", json()), f + ".amount", l.amount));
      total += l.amount;
      if (total > kMaxFen) return InvalidArgument("budget_lines", "the budget total is too large");
      pr.budget_lines.push_back(l);
    }
    pr.budget_total = total;
  }
  if (in.org_ids) {
    const json& j = *in.org_ids;
    if (!j.is_array() || j.size() > 50)
      return InvalidArgument("org_ids", "org_ids must be a list of up to 50 organizations");
    pr.org_ids.clear();
    for (size_t i = 0; i < j.size(); ++i) {
      std::string f = "org_ids[" + std::to_string(i) + "]";
      if (!j[i].is_number_integer()) return InvalidArgument(f, f + " must be an id");
      long long id = j[i].get<long long>();
      auto o = org::FindOrg(c, id);
      if (!o.ok()) return o.status();
      if (!*o || !org::VisibleTo(p, **o))
        return InvalidArgument(f, f + ": no such organization in your scope");
      pr.org_ids.push_back(id);
    }
  }
  if (in.survey_id) {
    pr.survey_id = *in.survey_id;
    if (pr.survey_id) {
      auto s = c.QueryOne("SELECT region_code FROM surveys WHERE id = :1", {*pr.survey_id});
      if (!s.ok()) return s.status();
      if (!*s || !InSubtree((*s)->Str(0), p.region_code))
        return InvalidArgument("survey_id", "survey_id: no such survey in your scope");
    }
  }
  return Status::Ok();
}

Result<std::pair<std::vector<Project>, long long>> ProjectService::List(const Principal& p,
                                                                        const ProjectFilter& f) {
  if (!IsReader(p)) return PermissionDenied("projects need a staff, admin or auditor role");
  std::string region = f.region.empty() ? p.region_code : f.region;
  if (!IsScopeCode(region)) return InvalidArgument("region", "region must be a 12-digit code");
  if (!InSubtree(region, p.region_code))
    return Status(Code::kPermissionDenied, "the region is outside your scope", "region");
  CodeRange r = SubtreeRange(region);
  Where w;
  w.sql = " FROM projects WHERE region_code >= :1 AND region_code <= :2";
  w.params = {r.lo, r.hi};
  if (!f.state.empty()) w.Add("state = ?", {f.state});
  if (f.year) w.Add("year = ?", {*f.year});
  if (!f.department.empty()) w.Add("department = ?", {f.department});
  if (!f.q.empty()) w.Add("title LIKE ? ESCAPE '!'", {db::LikeContains(f.q)});
  Result<std::pair<std::vector<Project>, long long>> out = Internal("not run");
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto total = c.QueryOne("SELECT COUNT(*)" + w.sql, w.params);
    if (!total.ok()) return total.status();
    std::string page = w.Page(f.size, f.page);
    auto rows = c.Query(std::string("SELECT ") + kProjectCols + w.sql +
                            " ORDER BY year DESC, created_at DESC, id" + page,
                        w.params);
    if (!rows.ok()) return rows.status();
    std::vector<Project> items;
    for (auto& row : *rows) items.push_back(ProjectFromRow(row));
    out = std::make_pair(std::move(items), (*total)->Int(0));
    return Status::Ok();
  }));
  if (out.ok()) FillNames(out->first);
  return out;
}

Result<Project> ProjectService::Get(const Principal& p, long long id) {
  Result<Project> out = Internal("not run");
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) {
    out = Load(c, p, id);
    return out.status();
  }));
  if (out.ok()) {
    std::vector<Project> v = {*out};
    FillNames(v);
    out = v[0];
  }
  return out;
}

Result<Project> ProjectService::Create(const Principal& p, const ProjectInput& in) {
  if (!IsStaff(p)) return PermissionDenied("designing projects needs the staff or admin role");
  if (!in.title) return InvalidArgument("title", "title is required");
  if (!in.department) return InvalidArgument("department", "department is required");
  if (!in.year) return InvalidArgument("year", "year is required");
  if (!in.budget_lines) return InvalidArgument("budget_lines", "budget_lines are required");
  Project pr;
  pr.id = crypto::RandomId();
  pr.state = "draft";
  pr.region_code = p.region_code;
  pr.created_by = UserId(p);
  pr.created_by_name = Actor(p);
  pr.created_at = pr.updated_at = NowMs();
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    SHUNIU_RETURN_IF_ERROR(Validate(c, p, pr, in));
    SHUNIU_RETURN_IF_ERROR(StoreProject(c, pr, true));
    return audit::AuditService::Record(c, p.ctx, "project.create", "project", std::to_string(pr.id),
                                       pr.region_code, std::nullopt, ProjectJson(pr));
  }));
  std::vector<Project> v = {pr};
  FillNames(v);
  return v[0];
}

Result<Project> ProjectService::Update(const Principal& p, long long id, long long version,
                                       const ProjectInput& in) {
  if (!IsStaff(p)) return PermissionDenied("editing projects needs the staff or admin role");
  Project pr;
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto found = Load(c, p, id);
    if (!found.ok()) return found.status();
    Project before = *found;
    if (before.version != version)
      return Conflict("the project was changed by someone else; reload and try again");
    if (before.state != "draft" && before.state != "returned")
      return Conflict("the project is " + before.state +
                      "; only a draft or returned project can be edited");
    pr = before;
    SHUNIU_RETURN_IF_ERROR(Validate(c, p, pr, in));
    pr.version += 1;
    pr.updated_at = NowMs();
    SHUNIU_RETURN_IF_ERROR(StoreProject(c, pr, false));
    return audit::AuditService::Record(c, p.ctx, "project.update", "project", std::to_string(id),
                                       pr.region_code, ProjectJson(before), ProjectJson(pr));
  }));
  std::vector<Project> v = {pr};
  FillNames(v);
  return v[0];
}

Result<Project> ProjectService::Move(const Principal& p, long long id, const std::string& action,
                                     const std::vector<std::string>& from, const std::string& to,
                                     const std::function<Status(db::Conn&, Project&)>& extra,
                                     db::Conn* outer) {
  if (!IsStaff(p)) return PermissionDenied("moving projects needs the staff or admin role");
  Project pr;
  auto run = [&](db::Conn& c) -> Status {
    auto found = Load(c, p, id);
    if (!found.ok()) return found.status();
    Project before = *found;
    bool allowed = false;
    for (auto& s : from) allowed = allowed || s == before.state;
    if (!allowed)
      return Conflict("cannot " + action + " the project: it is " + before.state + " (" +
                      before.state + " → " + to + " is not allowed)");
    pr = before;
    pr.state = to;
    pr.version += 1;
    pr.updated_at = NowMs();
    if (extra) SHUNIU_RETURN_IF_ERROR(extra(c, pr));
    SHUNIU_RETURN_IF_ERROR(StoreProject(c, pr, false));
    return audit::AuditService::Record(c, p.ctx, "project." + action, "project", std::to_string(id),
                                       pr.region_code, ProjectJson(before), ProjectJson(pr));
  };
  SHUNIU_RETURN_IF_ERROR(outer ? run(*outer) : d_.db.Tx(run));
  std::vector<Project> v = {pr};
  FillNames(v);
  return v[0];
}

Result<Project> ProjectService::Submit(const Principal& p, long long id) {
  return Move(p, id, "submit", {"draft", "returned"}, "submitted", nullptr);
}

Result<Project> ProjectService::Return(const Principal& p, long long id, const std::string& note) {
  return Move(p, id, "return", {"submitted"}, "returned", [&](db::Conn&, Project& pr) {
    pr.note = note;
    return Status::Ok();
  });
}

Result<Project> ProjectService::Approve(const Principal& p, long long id, long long pool_id) {
  return Move(p, id, "approve", {"submitted"}, "approved", [&](db::Conn& c, Project& pr) {
    auto pool = LoadPool(c, p, pool_id);
    if (!pool.ok()) return InvalidArgument("pool_id", "pool_id: no such budget pool in your scope");
    if (pool->year != pr.year)
      return InvalidArgument("pool_id", "the pool is for " + std::to_string(pool->year) +
                                            ", the project for " + std::to_string(pr.year));
    if (!InSubtree(pr.region_code, pool->region_code))
      return InvalidArgument("pool_id", "the project's region lies outside the pool's region");
    // The guard: never above the planned amount, whatever runs concurrently.
    auto n = c.ExecCount(
        "UPDATE budget_pools SET committed = committed + :1, updated_at = :2 "
        "WHERE id = :3 AND committed + :4 <= planned",
        {pr.budget_total, static_cast<long long>(NowMs()), pool_id, pr.budget_total});
    if (!n.ok()) return n.status();
    if (*n != 1) {
      auto now = LoadPool(c, p, pool_id);
      long long remaining = now.ok() ? now->remaining() : 0;
      return Status(Code::kConflict,
                    "the pool cannot cover the project: remaining " + std::to_string(remaining) +
                        " fen, needed " + std::to_string(pr.budget_total) + " fen",
                    "pool_id");
    }
    pr.pool_id = pool_id;
    pr.funding_source = pool->source;
    pr.committed = pr.budget_total;
    return Status::Ok();
  });
}

Result<Project> ProjectService::Cancel(const Principal& p, long long id,
                                       const std::string& reason) {
  return Move(p, id, "cancel", {"draft", "submitted", "returned", "approved"}, "cancelled",
              [&](db::Conn& c, Project& pr) -> Status {
                pr.note = reason;
                if (pr.pool_id && pr.committed > 0) {
                  SHUNIU_RETURN_IF_ERROR(
                      c.Exec("UPDATE budget_pools SET committed = committed - :1, updated_at = "
                             ":2 WHERE id = :3",
                             {pr.committed, static_cast<long long>(NowMs()), *pr.pool_id}));
                  pr.committed = 0;
                }
                return Status::Ok();
              });
}

Result<Project> ProjectService::Close(const Principal& p, long long id) {
  // Close-out: an accepted final report and an evaluation first (closeout_service.h).
  return Move(p, id, "close", {"in_progress"}, "closed",
              [](db::Conn& c, Project& pr) { return CloseoutReady(c, pr.id); });
}

Result<Contract> ProjectService::Commission(const Principal& p, long long id,
                                            const CommissionInput& in) {
  auto k = Undertake(p, id, in, "direct", nullptr);
  if (!k.ok()) return k.status();
  return GetContract(p, *k);
}

Status ProjectService::SetTenderChannel(db::Conn& c, const Principal& p, long long id,
                                        bool tender) {
  auto moved = Move(
      p, id, tender ? "tender" : "untender", {"approved"}, "approved",
      [&](db::Conn&, Project& pr) -> Status {
        if (tender && !pr.channel.empty() && pr.channel != "tender")
          return Conflict("the project is already undertaken by " + pr.channel);
        pr.channel = tender ? "tender" : "";
        return Status::Ok();
      },
      &c);
  return moved.ok() ? Status::Ok() : moved.status();
}

Result<long long> ProjectService::AwardContract(db::Conn& c, const Principal& p, long long id,
                                                const CommissionInput& in) {
  return Undertake(p, id, in, "tender", &c);
}

Result<long long> ProjectService::CompetitionAward(db::Conn& c, const Principal& p,
                                                   const CompetitionAwardInput& in) {
  if (!IsStaff(p)) return PermissionDenied("awarding needs the staff or admin role");
  ProjectInput pin;
  pin.title = in.title;
  pin.department = in.department;
  pin.year = in.year;
  pin.region_code = in.region_code;
  pin.objectives = in.objectives;
  json lines = json::array();
  for (auto& l : in.budget_lines) lines.push_back({{"name", l.name}, {"amount", l.amount}});
  pin.budget_lines = lines;
  pin.org_ids = json::array({in.org_id});
  Project pr;
  pr.id = crypto::RandomId();
  pr.state = "approved";
  pr.channel = "competition";
  pr.region_code = p.region_code;
  pr.created_by = UserId(p);
  pr.created_by_name = Actor(p);
  pr.created_at = pr.updated_at = NowMs();
  SHUNIU_RETURN_IF_ERROR(Validate(c, p, pr, pin));
  auto pool = LoadPool(c, p, in.pool_id);
  if (!pool.ok()) return InvalidArgument("budget_pool_id", "no such budget pool in your scope");
  auto n = c.ExecCount(
      "UPDATE budget_pools SET committed = committed + :1, updated_at = :2 "
      "WHERE id = :3 AND committed + :4 <= planned",
      {pr.budget_total, static_cast<long long>(NowMs()), in.pool_id, pr.budget_total});
  if (!n.ok()) return n.status();
  if (*n != 1)
    return Status(Code::kConflict,
                  "the pool cannot cover " + pr.title + ": remaining " +
                      std::to_string(pool->remaining()) + " fen, needed " +
                      std::to_string(pr.budget_total) + " fen",
                  "budget_pool_id");
  pr.pool_id = in.pool_id;
  pr.funding_source = pool->source;
  pr.committed = pr.budget_total;
  SHUNIU_RETURN_IF_ERROR(StoreProject(c, pr, true));
  SHUNIU_RETURN_IF_ERROR(audit::AuditService::Record(c, p.ctx, "project.create", "project",
                                                     std::to_string(pr.id), pr.region_code,
                                                     std::nullopt, ProjectJson(pr)));
  auto k = Undertake(p, pr.id, in.contract, "competition", &c);
  if (!k.ok()) return k.status();
  return pr.id;
}

Result<long long> ProjectService::Undertake(const Principal& p, long long id,
                                            const CommissionInput& in, const std::string& channel,
                                            db::Conn* outer) {
  long long contract_id = 0;
  auto moved = Move(
      p, id, channel == "direct" ? "commission" : "award", {"approved"}, "in_progress",
      [&](db::Conn& c, Project& pr) -> Status {
        // One channel per project: a publicly tendered project is awarded, never commissioned.
        if (pr.channel == "tender" && channel != "tender")
          return Conflict("the project is publicly tendered: direct commission is not allowed");
        if (channel == "tender" && pr.channel != "tender")
          return Conflict("the project is not publicly tendered");
        // Decree No. 102: no purchase without a budget.
        if (!pr.pool_id || pr.committed <= 0)
          return Conflict("no purchase without a budget: the project has no pool commitment");
        long long n = Utf8Length(in.reason);
        if (n < 1 || n > 1000)
          return InvalidArgument("reason", "a direct commission needs a recorded reason (1–1000)");
        if (in.price <= 0)
          return InvalidArgument("price", "price must be a positive amount in fen");
        if (in.price > pr.committed)
          return InvalidArgument("price",
                                 "the price (" + std::to_string(in.price) +
                                     " fen) exceeds the budget committed to the project (" +
                                     std::to_string(pr.committed) + " fen)");
        SHUNIU_RETURN_IF_ERROR(DateField(in.start_on, "start_on"));
        SHUNIU_RETURN_IF_ERROR(DateField(in.end_on, "end_on"));
        if (in.end_on < in.start_on) return InvalidArgument("end_on", "end_on precedes start_on");
        // Decree No. 102: a term of at most one year, three for stable services with a reason.
        if (!WithinYears(in.start_on, in.end_on, 1)) {
          if (!WithinYears(in.start_on, in.end_on, 3))
            return InvalidArgument("end_on", "a contract term may not exceed 3 years");
          if (!in.stable_service)
            return InvalidArgument(
                "end_on", "a contract term over 1 year is only allowed for stable services");
          if (Utf8Length(in.term_reason) < 1)
            return InvalidArgument("term_reason",
                                   "a term over 1 year needs the reason for the stable service");
        }
        if (Utf8Length(in.term_reason) > 1000)
          return InvalidArgument("term_reason", "term_reason must have at most 1000 characters");
        // Decree No. 102: an eligible provider.
        auto o = org::FindOrg(c, in.provider_org_id);
        if (!o.ok()) return o.status();
        if (!*o || !org::VisibleTo(p, **o))
          return InvalidArgument("provider_org_id", "provider_org_id: no such organization");
        const std::string& status = (*o)->Get("status");
        if (status == "abnormal" || status == "deregistered")
          return InvalidArgument("provider_org_id",
                                 "the provider is ineligible: its status is " + status);
        if ((*o)->registered) {
          const std::string& uscc = (*o)->Get("uscc");
          if (uscc.empty() || !org::ParseUscc(uscc).ok())
            return InvalidArgument(
                "provider_org_id",
                "the provider is ineligible: no valid unified social credit code");
        }
        std::string purchaser = in.purchaser_name;
        if (purchaser.empty()) {
          auto r = d_.regions.Find(pr.region_code);
          purchaser = (r.ok() && *r ? (*r)->name : pr.region_code) + "妇联";
        }
        if (Utf8Length(purchaser) > 200)
          return InvalidArgument("purchaser_name",
                                 "purchaser_name must have at most 200 characters");
        // Decree No. 102: purchaser and provider are different bodies.
        if ((in.purchaser_org_id && *in.purchaser_org_id == in.provider_org_id) ||
            (*o)->Get("name") == purchaser)
          return InvalidArgument("provider_org_id",
                                 "the purchaser and the provider cannot be the same body");
        // Milestones: their sum is the price.
        const json& ms = in.milestones;
        if (!ms.is_array() || ms.empty() || ms.size() > 20)
          return InvalidArgument("milestones", "milestones must list 1–20 payments");
        std::vector<Milestone> list;
        long long sum = 0;
        for (size_t i = 0; i < ms.size(); ++i) {
          std::string f = "milestones[" + std::to_string(i) + "]";
          if (!ms[i].is_object()) return InvalidArgument(f, f + " must be an object");
          Milestone m;
          m.seq = static_cast<long long>(i) + 1;
          SHUNIU_RETURN_IF_ERROR(
              TextField(ms[i].value("name", json()), f + ".name", 1, 200, m.name));
          SHUNIU_RETURN_IF_ERROR(FenField(ms[i].value("amount", json()), f + ".amount", m.amount));
          json due = ms[i].value("due_on", json());
          if (!due.is_string() || !ValidDate(due.get<std::string>()))
            return InvalidArgument(f + ".due_on", f + ".due_on must be a YYYY-MM-DD date");
          m.due_on = due.get<std::string>();
          sum += m.amount;
          if (sum > kMaxFen) return InvalidArgument("milestones", "milestones are too large");
          list.push_back(m);
        }
        if (sum != in.price)
          return InvalidArgument("milestones", "the milestones sum to " + std::to_string(sum) +
                                                   " fen, the price is " +
                                                   std::to_string(in.price));
        contract_id = crypto::RandomId();
        int64_t now = NowMs();
        SHUNIU_RETURN_IF_ERROR(c.Exec(
            "INSERT INTO contracts (id, project_id, channel, reason, region_code, provider_org_id, "
            "purchaser_name, purchaser_org_id, start_on, end_on, stable_service, term_reason, "
            "price, "
            "paid, created_by, created_at, updated_at) VALUES (:1, :2, :3, :4, :5, :6, :7, :8, "
            ":9, :10, :11, :12, :13, 0, :14, :15, :16)",
            {contract_id, pr.id, channel, in.reason, pr.region_code, in.provider_org_id, purchaser,
             db::Opt(in.purchaser_org_id), in.start_on, in.end_on, in.stable_service ? 1LL : 0LL,
             in.term_reason, in.price, db::Opt(UserId(p)), static_cast<long long>(now),
             static_cast<long long>(now)}));
        for (auto& m : list)
          SHUNIU_RETURN_IF_ERROR(
              c.Exec("INSERT INTO contract_milestones (id, contract_id, seq, name, amount, due_on, "
                     "paid) VALUES (:1, :2, :3, :4, :5, :6, 0)",
                     {crypto::RandomId(), contract_id, m.seq, m.name, m.amount, m.due_on}));
        pr.channel = channel;
        pr.contract_id = contract_id;
        json after = {{"id", contract_id},
                      {"project_id", pr.id},
                      {"provider_org_id", in.provider_org_id},
                      {"purchaser_name", purchaser},
                      {"price", in.price},
                      {"start_on", in.start_on},
                      {"end_on", in.end_on},
                      {"reason", in.reason},
                      {"milestones", ms}};
        return audit::AuditService::Record(c, p.ctx, "contract.create", "contract",
                                           std::to_string(contract_id), pr.region_code,
                                           std::nullopt, after);
      },
      outer);
  if (!moved.ok()) return moved.status();
  return contract_id;
}

// ---------------------------------------------------------------- pools

Result<Pool> ProjectService::LoadPool(db::Conn& c, const Principal& p, long long id) {
  auto row =
      c.QueryOne(std::string("SELECT ") + kPoolCols + " FROM budget_pools WHERE id = :1", {id});
  if (!row.ok()) return row.status();
  if (!*row) return NotFound("budget pool not found");
  Pool x = PoolFromRow(**row);
  if (!IsReader(p) || !InSubtree(x.region_code, p.region_code))
    return NotFound("budget pool not found");
  return x;
}

Result<std::pair<std::vector<Pool>, long long>> ProjectService::ListPools(
    const Principal& p, std::optional<long long> year, const std::string& source, long long page,
    long long size) {
  if (!IsReader(p)) return PermissionDenied("budget pools need a staff, admin or auditor role");
  CodeRange r = SubtreeRange(p.region_code);
  Where w;
  w.sql = " FROM budget_pools WHERE region_code >= :1 AND region_code <= :2";
  w.params = {r.lo, r.hi};
  if (year) w.Add("year = ?", {*year});
  if (!source.empty()) w.Add("source = ?", {source});
  Result<std::pair<std::vector<Pool>, long long>> out = Internal("not run");
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto total = c.QueryOne("SELECT COUNT(*)" + w.sql, w.params);
    if (!total.ok()) return total.status();
    std::string pg = w.Page(size, page);
    auto rows = c.Query(std::string("SELECT ") + kPoolCols + w.sql +
                            " ORDER BY year DESC, region_code, source, id" + pg,
                        w.params);
    if (!rows.ok()) return rows.status();
    std::vector<Pool> items;
    for (auto& row : *rows) items.push_back(PoolFromRow(row));
    out = std::make_pair(std::move(items), (*total)->Int(0));
    return Status::Ok();
  }));
  if (out.ok()) {
    std::vector<std::string> codes;
    for (auto& x : out->first) codes.push_back(x.region_code);
    auto names = d_.regions.Names(codes);
    if (names.ok())
      for (auto& x : out->first) x.region_name = (*names)[x.region_code];
  }
  return out;
}

Result<Pool> ProjectService::GetPool(const Principal& p, long long id) {
  Result<Pool> out = Internal("not run");
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) {
    out = LoadPool(c, p, id);
    return out.status();
  }));
  if (out.ok()) {
    auto r = d_.regions.Find(out->region_code);
    if (r.ok() && *r) out->region_name = (*r)->name;
  }
  return out;
}

Result<Pool> ProjectService::CreatePool(const Principal& p, long long year,
                                        const std::string& source, const std::string& region_code,
                                        const std::string& name, long long planned) {
  if (!IsStaff(p)) return PermissionDenied("budget pools need the staff or admin role");
  if (year < 2000 || year > 2100) return InvalidArgument("year", "year must be 2000–2100");
  if (!InDict(FundingSources(), source))
    return InvalidArgument("source", "source must be one of the funding sources");
  if (!IsRegionCode(region_code))
    return InvalidArgument("region_code", "region must be a 12-digit code");
  if (!InSubtree(region_code, p.region_code))
    return Status(Code::kPermissionDenied, "the region is outside your scope", "region_code");
  auto reg = d_.regions.Find(region_code);
  if (!reg.ok()) return reg.status();
  if (!*reg) return InvalidArgument("region_code", "unknown region " + region_code);
  if (planned < 0 || planned > kMaxFen)
    return InvalidArgument("planned", "planned must be a non-negative amount in fen");
  long long n = Utf8Length(name);
  if (n < 0 || n > 200) return InvalidArgument("name", "name must have at most 200 characters");
  Pool x;
  x.id = crypto::RandomId();
  x.year = year;
  x.source = source;
  x.region_code = region_code;
  x.region_name = (*reg)->name;
  x.name = name.empty() ? std::to_string(year) + "年" + (*reg)->name : name;
  x.planned = planned;
  x.created_at = x.updated_at = NowMs();
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    Status st = c.Exec(
        "INSERT INTO budget_pools (id, year, source, region_code, name, planned, committed, "
        "disbursed, version, created_at, updated_at) VALUES (:1, :2, :3, :4, :5, :6, 0, 0, 1, "
        ":7, :8)",
        {x.id, x.year, x.source, x.region_code, x.name, x.planned,
         static_cast<long long>(x.created_at), static_cast<long long>(x.updated_at)});
    if (st.code() == Code::kAlreadyExists)
      return Status(Code::kConflict, "a pool for this year, source and region exists", "source");
    SHUNIU_RETURN_IF_ERROR(st);
    return audit::AuditService::Record(c, p.ctx, "budget_pool.create", "budget_pool",
                                       std::to_string(x.id), x.region_code, std::nullopt,
                                       PoolJson(x));
  }));
  return x;
}

Result<Pool> ProjectService::UpdatePool(const Principal& p, long long id, long long version,
                                        std::optional<std::string> name,
                                        std::optional<long long> planned) {
  if (!IsStaff(p)) return PermissionDenied("budget pools need the staff or admin role");
  Pool x;
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto found = LoadPool(c, p, id);
    if (!found.ok()) return found.status();
    Pool before = *found;
    if (before.version != version)
      return Conflict("the pool was changed by someone else; reload and try again");
    x = before;
    if (name) {
      long long n = Utf8Length(*name);
      if (n < 1 || n > 200) return InvalidArgument("name", "name must have 1–200 characters");
      x.name = *name;
    }
    if (planned) {
      if (*planned < 0 || *planned > kMaxFen)
        return InvalidArgument("planned", "planned must be a non-negative amount in fen");
      if (*planned < before.committed)
        return InvalidArgument("planned", "planned cannot drop below the committed " +
                                              std::to_string(before.committed) + " fen");
      x.planned = *planned;
    }
    x.version += 1;
    x.updated_at = NowMs();
    auto n = c.ExecCount(
        "UPDATE budget_pools SET name = :1, planned = :2, version = :3, updated_at = :4 "
        "WHERE id = :5 AND version = :6 AND committed <= :7",
        {x.name, x.planned, x.version, static_cast<long long>(x.updated_at), id, version,
         x.planned});
    if (!n.ok()) return n.status();
    if (*n != 1) return Conflict("the pool was changed by someone else; reload and try again");
    return audit::AuditService::Record(c, p.ctx, "budget_pool.update", "budget_pool",
                                       std::to_string(id), x.region_code, PoolJson(before),
                                       PoolJson(x));
  }));
  auto r = d_.regions.Find(x.region_code);
  if (r.ok() && *r) x.region_name = (*r)->name;
  return x;
}

Result<PoolSummary> ProjectService::PoolSummaryFor(const Principal& p,
                                                   std::optional<long long> year,
                                                   const std::string& region) {
  if (!IsReader(p)) return PermissionDenied("budget pools need a staff, admin or auditor role");
  PoolSummary s;
  s.region_code = region.empty() ? p.region_code : region;
  s.year = year;
  if (!IsScopeCode(s.region_code))
    return InvalidArgument("region", "region must be a 12-digit code");
  if (!InSubtree(s.region_code, p.region_code))
    return Status(Code::kPermissionDenied, "the region is outside your scope", "region");
  // Close-out: read from the trigger-kept rollup (closeout_rollup.cpp).
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) { return ReadRollup(c, s); }));
  for (auto& f : s.by_source)
    for (auto& [k, v] : FundingSources())
      if (k == f.key) f.name = v;
  std::vector<std::string> codes;
  for (auto& f : s.by_region) codes.push_back(f.key);
  auto names = d_.regions.Names(codes);
  if (names.ok())
    for (auto& f : s.by_region) f.name = (*names)[f.key];
  return s;
}

// ---------------------------------------------------------------- contracts

Result<Contract> ProjectService::LoadContract(db::Conn& c, const Principal& p, long long id) {
  auto row =
      c.QueryOne(std::string("SELECT ") + kContractCols + kContractFrom + " WHERE c.id = :1", {id});
  if (!row.ok()) return row.status();
  if (!*row) return NotFound("contract not found");
  Contract k = ContractFromRow(**row);
  bool visible = p.role == Role::kOrg ? (p.org_id && *p.org_id == k.provider_org_id)
                                      : IsReader(p) && InSubtree(k.region_code, p.region_code);
  if (!visible) return NotFound("contract not found");
  auto ms = c.Query(
      "SELECT id, seq, name, amount, due_on, paid FROM contract_milestones WHERE contract_id = "
      ":1 ORDER BY seq",
      {id});
  if (!ms.ok()) return ms.status();
  for (auto& r : *ms)
    k.milestones.push_back({r.Int(0), r.Int(1), r.Str(2), r.Str(4), r.Int(3), r.Int(5)});
  auto pays = c.Query(
      "SELECT id, contract_id, milestone_id, amount, paid_on, note, recorded_by_name, "
      "approved_by_name, recorded_by, approved_by, created_at FROM contract_payments WHERE "
      "contract_id = :1 ORDER BY created_at, id",
      {id});
  if (!pays.ok()) return pays.status();
  for (auto& r : *pays) {
    Payment x;
    x.id = r.Int(0);
    x.contract_id = r.Int(1);
    x.milestone_id = r.Int(2);
    x.amount = r.Int(3);
    x.paid_on = r.Str(4);
    x.note = r.Str(5);
    x.recorded_by_name = r.Str(6);
    x.approved_by_name = r.Str(7);
    x.recorded_by = r.OptInt(8);
    x.approved_by = r.OptInt(9);
    x.created_at = r.Int(10);
    k.payments.push_back(x);
  }
  return k;
}

Result<std::pair<std::vector<Contract>, long long>> ProjectService::ListContracts(
    const Principal& p, std::optional<long long> project_id, long long page, long long size) {
  Where w;
  if (p.role == Role::kOrg) {
    if (!p.org_id) return PermissionDenied("this account is not linked to an organization");
    w.sql = std::string(kContractFrom) + " WHERE c.provider_org_id = :1";
    w.params = {*p.org_id};
  } else {
    if (!IsReader(p)) return PermissionDenied("contracts need a staff, admin or auditor role");
    CodeRange r = SubtreeRange(p.region_code);
    w.sql = std::string(kContractFrom) + " WHERE c.region_code >= :1 AND c.region_code <= :2";
    w.params = {r.lo, r.hi};
  }
  if (project_id) w.Add("c.project_id = ?", {*project_id});
  Result<std::pair<std::vector<Contract>, long long>> out = Internal("not run");
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto total = c.QueryOne("SELECT COUNT(*)" + w.sql, w.params);
    if (!total.ok()) return total.status();
    std::string pg = w.Page(size, page);
    auto rows = c.Query(
        std::string("SELECT ") + kContractCols + w.sql + " ORDER BY c.created_at DESC, c.id" + pg,
        w.params);
    if (!rows.ok()) return rows.status();
    std::vector<Contract> items;
    for (auto& row : *rows) items.push_back(ContractFromRow(row));
    out = std::make_pair(std::move(items), (*total)->Int(0));
    return Status::Ok();
  }));
  return out;
}

Result<Contract> ProjectService::GetContract(const Principal& p, long long id) {
  Result<Contract> out = Internal("not run");
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) {
    out = LoadContract(c, p, id);
    return out.status();
  }));
  return out;
}

Result<long long> ProjectService::WritePayment(db::Conn& c, const Principal& p,
                                               long long contract_id, const PaymentInput& in) {
  if (!IsStaff(p)) return PermissionDenied("recording payments needs the staff or admin role");
  long long pay_id = 0;
  Status st = [&]() -> Status {
    auto k = LoadContract(c, p, contract_id);
    if (!k.ok()) return k.status();
    const Milestone* m = nullptr;
    for (auto& x : k->milestones)
      if (x.id == in.milestone_id) m = &x;
    if (!m)
      return InvalidArgument("milestone_id", "milestone_id: no such milestone of the contract");
    if (in.amount <= 0 || in.amount > kMaxFen)
      return InvalidArgument("amount", "amount must be a positive amount in fen");
    SHUNIU_RETURN_IF_ERROR(DateField(in.paid_on, "paid_on"));
    if (Utf8Length(in.note) > 1000 || Utf8Length(in.note) < 0)
      return InvalidArgument("note", "note must have at most 1000 characters");
    // Separation of duties: a second person approves what the recorder records.
    if (!in.approver_id) return InvalidArgument("approver_id", "a payment needs an approver");
    if (*in.approver_id == p.user_id)
      return InvalidArgument("approver_id", "the approver must be someone other than the recorder");
    auto u = c.QueryOne("SELECT display_name, role, region_code FROM users WHERE id = :1",
                        {*in.approver_id});
    if (!u.ok()) return u.status();
    if (!*u || ((*u)->Str(1) != "admin" && (*u)->Str(1) != "staff") ||
        !InSubtree(k->region_code, (*u)->Str(2)))
      return InvalidArgument("approver_id",
                             "the approver must be a staff or admin account over the contract");
    if (m->paid + in.amount > m->amount)
      return Status(Code::kConflict,
                    "the payment exceeds the milestone: " + std::to_string(m->amount - m->paid) +
                        " fen remain",
                    "amount");
    auto n = c.ExecCount(
        "UPDATE contract_milestones SET paid = paid + :1 WHERE id = :2 AND paid + :3 <= amount",
        {in.amount, in.milestone_id, in.amount});
    if (!n.ok()) return n.status();
    if (*n != 1) return Status(Code::kConflict, "the payment exceeds the milestone", "amount");
    n = c.ExecCount(
        "UPDATE contracts SET paid = paid + :1, updated_at = :2 WHERE id = :3 AND paid + :4 <= "
        "price",
        {in.amount, static_cast<long long>(NowMs()), contract_id, in.amount});
    if (!n.ok()) return n.status();
    if (*n != 1) return Status(Code::kConflict, "the payment exceeds the contract price", "amount");
    SHUNIU_RETURN_IF_ERROR(
        c.Exec("UPDATE budget_pools SET disbursed = disbursed + :1 WHERE id = (SELECT pool_id FROM "
               "projects WHERE id = :2)",
               {in.amount, k->project_id}));
    pay_id = crypto::RandomId();
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "INSERT INTO contract_payments (id, contract_id, milestone_id, amount, paid_on, note, "
        "recorded_by, recorded_by_name, approved_by, approved_by_name, created_at) VALUES (:1, "
        ":2, :3, :4, :5, :6, :7, :8, :9, :10, :11)",
        {pay_id, contract_id, in.milestone_id, in.amount, in.paid_on, in.note, db::Opt(UserId(p)),
         Actor(p), *in.approver_id, (*u)->Str(0), static_cast<long long>(NowMs())}));
    SHUNIU_RETURN_IF_ERROR(audit::AuditService::Record(c, p.ctx, "contract.payment", "contract",
                                                       std::to_string(contract_id), k->region_code,
                                                       std::nullopt,
                                                       json{{"payment_id", pay_id},
                                                            {"milestone_id", in.milestone_id},
                                                            {"amount", in.amount},
                                                            {"paid_on", in.paid_on},
                                                            {"approver_id", *in.approver_id}}));
    // The provider's income follows automatically.
    auto o = org::FindOrg(c, k->provider_org_id);
    if (!o.ok()) return o.status();
    Income inc;
    inc.org_id = k->provider_org_id;
    inc.region_code = *o ? (*o)->Get("region_code") : k->region_code;
    inc.received_on = in.paid_on;
    inc.amount = in.amount;
    inc.source = "government_purchase";
    inc.contract_id = contract_id;
    inc.payment_id = pay_id;
    inc.note = k->project_title + " · " + m->name;
    return InsertIncome(c, p, inc);
  }();
  if (!st.ok()) return st;
  return pay_id;
}

// ---------------------------------------------------------------- incomes

Result<std::pair<std::vector<Income>, long long>> ProjectService::ListIncomes(
    const Principal& p, std::optional<long long> org_id, std::optional<long long> year,
    long long page, long long size) {
  Where w;
  w.sql = " FROM incomes i JOIN orgs o ON o.id = i.org_id WHERE 1 = 1";
  if (p.role == Role::kOrg) {
    if (!p.org_id) return PermissionDenied("this account is not linked to an organization");
    w.Add("i.org_id = ?", {*p.org_id});
  } else {
    if (!IsReader(p)) return PermissionDenied("incomes need a staff, admin or auditor role");
    CodeRange r = SubtreeRange(p.region_code);
    w.Add("i.region_code >= ? AND i.region_code <= ?", {r.lo, r.hi});
  }
  if (org_id) w.Add("i.org_id = ?", {*org_id});
  if (year) w.Add("i.year = ?", {*year});
  Result<std::pair<std::vector<Income>, long long>> out = Internal("not run");
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto total = c.QueryOne("SELECT COUNT(*)" + w.sql, w.params);
    if (!total.ok()) return total.status();
    std::string pg = w.Page(size, page);
    auto rows = c.Query(
        std::string("SELECT ") + kIncomeCols + w.sql + " ORDER BY i.received_on DESC, i.id" + pg,
        w.params);
    if (!rows.ok()) return rows.status();
    std::vector<Income> items;
    for (auto& row : *rows) items.push_back(IncomeFromRow(row));
    out = std::make_pair(std::move(items), (*total)->Int(0));
    return Status::Ok();
  }));
  return out;
}

Result<Income> ProjectService::CreateIncome(const Principal& p, long long org_id,
                                            const std::string& received_on, long long amount,
                                            const std::string& source, const std::string& note) {
  if (p.role == Role::kOrg) {
    if (!p.org_id || *p.org_id != org_id)
      return Status(Code::kPermissionDenied,
                    "an organization account records its own organization's incomes", "org_id");
  } else if (!IsStaff(p)) {
    return PermissionDenied("recording incomes needs the staff, admin or org role");
  }
  SHUNIU_RETURN_IF_ERROR(DateField(received_on, "received_on"));
  if (amount <= 0 || amount > kMaxFen)
    return InvalidArgument("amount", "amount must be a positive amount in fen");
  if (!InDict(IncomeSources(), source))
    return InvalidArgument("source", "source must be one of the income sources");
  if (Utf8Length(note) < 0 || Utf8Length(note) > 1000)
    return InvalidArgument("note", "note must have at most 1000 characters");
  Income x;
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto o = org::FindOrg(c, org_id);
    if (!o.ok()) return o.status();
    if (!*o) return InvalidArgument("org_id", "org_id: no such organization");
    if (!org::VisibleTo(p, **o))
      return Status(Code::kPermissionDenied, "the organization is outside your scope", "org_id");
    x.org_id = org_id;
    x.org_name = (*o)->Get("name");
    x.region_code = (*o)->Get("region_code");
    x.received_on = received_on;
    x.amount = amount;
    x.source = source;
    x.note = note;
    return InsertIncome(c, p, x);
  }));
  return x;
}

Result<IncomeSummary> ProjectService::IncomeSummaryFor(const Principal& p,
                                                       const std::string& region,
                                                       std::optional<long long> year,
                                                       std::optional<long long> org_id) {
  IncomeSummary s;
  s.year = year;
  Where w;
  w.sql = " FROM incomes i JOIN orgs o ON o.id = i.org_id WHERE 1 = 1";
  if (p.role == Role::kOrg) {
    if (!p.org_id) return PermissionDenied("this account is not linked to an organization");
    if (!region.empty() && (!IsScopeCode(region) || !InSubtree(region, p.region_code)))
      return Status(Code::kPermissionDenied, "the region is outside your scope", "region");
    org_id = *p.org_id;
    w.Add("i.org_id = ?", {*p.org_id});
  } else {
    if (!IsReader(p)) return PermissionDenied("incomes need a staff, admin or auditor role");
    s.region_code = region.empty() ? p.region_code : region;
    if (!IsScopeCode(s.region_code))
      return InvalidArgument("region", "region must be a 12-digit code");
    if (!InSubtree(s.region_code, p.region_code))
      return Status(Code::kPermissionDenied, "the region is outside your scope", "region");
    CodeRange r = SubtreeRange(s.region_code);
    w.Add("i.region_code >= ? AND i.region_code <= ?", {r.lo, r.hi});
    if (org_id) w.Add("i.org_id = ?", {*org_id});
  }
  s.org_id = org_id;
  if (year) w.Add("i.year = ?", {*year});
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto rows = c.Query("SELECT i.source, SUM(i.amount)" + w.sql + " GROUP BY i.source", w.params);
    if (!rows.ok()) return rows.status();
    std::map<std::string, long long> by;
    for (auto& row : *rows) by[row.Str(0)] = row.Int(1);
    for (auto& [k, v] : IncomeSources()) {
      long long a = by.count(k) ? by[k] : 0;
      s.by_source.emplace_back(k, a);
      s.total += a;
      (k == "government_purchase" ? s.government : s.non_government) += a;
    }
    auto orgs = c.Query(
        "SELECT i.org_id, o.name, SUM(i.amount), SUM(CASE WHEN i.source = 'government_purchase' "
        "THEN 0 ELSE i.amount END)" +
            w.sql + " GROUP BY i.org_id, o.name ORDER BY SUM(i.amount) DESC, i.org_id LIMIT 100",
        w.params);
    if (!orgs.ok()) return orgs.status();
    for (auto& row : *orgs) s.by_org.emplace_back(row.Int(0), row.Str(1), row.Int(2), row.Int(3));
    return Status::Ok();
  }));
  return s;
}

}  // namespace shuniu::project
