// Bases, residency agreements and the incubation log.
#include "hub/base_service.h"

#include <algorithm>

#include "core/crypto.h"
#include "core/json_input.h"
#include "core/region_code.h"
#include "core/time.h"
#include "hub/base_store.h"

namespace shuniu::hub {

const std::vector<TransitionRule>& TransitionRules() {
  static const std::vector<TransitionRule> kRules = {
      {"invited", "applied", "resident"},  // the organization accepts the invitation
      {"invited", "declined", "resident"},  {"invited", "withdrawn", "base"},
      {"applied", "signed", "base"},        {"applied", "declined", "base"},
      {"applied", "withdrawn", "resident"}, {"signed", "active", "base"},
      {"signed", "terminated", "base"},     {"active", "graduated", "base"},
      {"active", "terminated", "base"},
  };
  return kRules;
}

const std::vector<std::string>& ResidencyStates() {
  static const std::vector<std::string> k = {"invited", "applied",   "signed",
                                             "active",  "graduated", "terminated",
                                             "expired", "declined",  "withdrawn"};
  return k;
}

const std::vector<std::string>& EventKinds() {
  static const std::vector<std::string> k = {"consultation",      "training",   "mentoring",
                                             "registration_help", "evaluation", "incident",
                                             "service_hours"};
  return k;
}

const std::vector<std::pair<std::string, bool>>& DefaultCriteria() {
  static const std::vector<std::pair<std::string, bool>> k = {
      {"registered", true},      // registered with civil affairs (民政登记)
      {"charter", true},         // charter and governance rules adopted
      {"own_projects", true},    // runs its own service projects
      {"stable_funding", true},  // stable funding sources
      {"finance_rules", false},  // financial management rules
      {"core_team", false},      // a stable core team
  };
  return k;
}

std::string ChinaDate(int64_t ms) { return Rfc3339(ms + 8 * 3600 * 1000LL).substr(0, 10); }

namespace {

constexpr int64_t kDay = 24 * 3600 * 1000LL;

bool IsStaffish(const Principal& p) {
  return p.role == Role::kAdmin || p.role == Role::kStaff || p.role == Role::kAuditor;
}
bool IsManager(const Principal& p) { return p.role == Role::kAdmin || p.role == Role::kStaff; }

bool IsDate(const std::string& s) {
  return s.size() == 10 && s[4] == '-' && s[7] == '-' && ParseRfc3339(s).has_value();
}
long long DaysBetween(const std::string& from, const std::string& to) {
  return (*ParseRfc3339(to) - *ParseRfc3339(from)) / kDay;
}

bool InList(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

Status CheckText(const std::string& field, const std::string& v, long long max) {
  long long n = Utf8Length(v);
  if (n < 0) return InvalidArgument(field, field + " is not valid UTF-8");
  if (n > max)
    return InvalidArgument(field,
                           field + " must have at most " + std::to_string(max) + " characters");
  return Status::Ok();
}

std::string LevelName(const std::string& region) {
  switch (RegionLevel(region)) {
    case 1:
      return "province";
    case 2:
      return "city";
    case 3:
      return "district";
    case 4:
      return "town";
    case 5:
      return "village";
  }
  return "";
}

nlohmann::json BaseSnapshot(const Base& b) {
  auto opt = [](const std::optional<long long>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json();
  };
  return {{"id", b.id},
          {"kind", b.kind},
          {"name", b.name},
          {"region_code", b.region_code},
          {"level", b.level},
          {"operator_org_id", opt(b.operator_org_id)},
          {"contract_no", b.contract_no},
          {"contract_start", b.contract_start},
          {"contract_end", b.contract_end},
          {"contract_file_id", opt(b.contract_file_id)},
          {"address", b.address},
          {"area_sqm", opt(b.area_sqm)},
          {"rooms", opt(b.rooms)},
          {"desks", opt(b.desks)},
          {"contact_name", b.contact_name},
          {"office_phone", b.office_phone},
          {"status", b.status},
          {"version", b.version}};
}

nlohmann::json ResSnapshot(const Residency& r) {
  auto opt = [](const std::optional<long long>& v) {
    return v ? nlohmann::json(*v) : nlohmann::json();
  };
  return {{"id", r.id},
          {"base_id", r.base_id},
          {"org_id", r.org_id},
          {"state", r.state},
          {"service_content", r.service_content},
          {"service_standards", r.service_standards},
          {"committed_hours", opt(r.committed_hours)},
          {"start_date", r.start_date},
          {"end_date", r.end_date},
          {"space", r.space},
          {"document_file_id", opt(r.document_file_id)},
          {"end_reason", r.end_reason},
          {"graduation_override", r.graduation_override},
          {"version", r.version}};
}

struct Sides {
  bool read = false, base = false, resident = false;
};

Sides SidesFor(const Principal& p, const Residency& r) {
  Sides s;
  if (IsStaffish(p)) {
    s.read = InSubtree(r.region_code, p.region_code);
    s.base = s.resident = s.read && IsManager(p);
  } else if (p.role == Role::kOrg && p.org_id) {
    if (*p.org_id == r.org_id) s.read = s.resident = true;
    if (r.operator_org_id && *p.org_id == *r.operator_org_id) s.read = s.base = true;
  }
  return s;
}

void FillSides(const Principal& p, Residency& r) {
  Sides s = SidesFor(p, r);
  r.sides.clear();
  if (s.base) r.sides.push_back("base");
  if (s.resident) r.sides.push_back("resident");
}

enum class BaseAccess { kNone, kReader, kManager, kOperator, kResident };

Result<BaseAccess> AccessTo(db::Conn& c, const Principal& p, const Base& b) {
  if (IsStaffish(p)) {
    if (!InSubtree(b.region_code, p.region_code)) return BaseAccess::kNone;
    return IsManager(p) ? BaseAccess::kManager : BaseAccess::kReader;
  }
  if (p.role != Role::kOrg || !p.org_id) return BaseAccess::kNone;
  if (b.operator_org_id && *b.operator_org_id == *p.org_id) return BaseAccess::kOperator;
  auto has = store::HasResidency(c, b.id, *p.org_id);
  if (!has.ok()) return has.status();
  return *has ? BaseAccess::kResident : BaseAccess::kNone;
}

// The display name of the acting user (the username when there is none).
std::string ActorName(db::Conn& c, const Principal& p) {
  if (p.user_id) {
    auto r = c.QueryOne("SELECT display_name FROM users WHERE id = :1", {p.user_id});
    if (r.ok() && *r && !(*r)->Str(0).empty()) return (*r)->Str(0);
  }
  return p.ctx.actor_name.empty() ? p.username : p.ctx.actor_name;
}

RequestContext SystemCtx() { return RequestContext{std::nullopt, "system", "", ""}; }

// The org a file is checked against: an org account's own organization, else none.
std::optional<long long> FileOwner(const Principal& p) {
  return p.role == Role::kOrg ? p.org_id : std::nullopt;
}

}  // namespace

BaseService::BaseService(const Deps& deps) : d_(deps) {
  d_.notices.AddReminderSource("residency.expiring", &BaseService::ExpiryReminders);
}

// ---- bases ------------------------------------------------------------------

Result<Page<Base>> BaseService::ListBases(const Principal& p, BaseFilter f) {
  store::Where w;
  if (IsStaffish(p)) {
    if (!f.region.empty()) {
      if (!IsRegionCode(f.region))
        return InvalidArgument("region", "region must be a 12-digit code");
      if (!InSubtree(f.region, p.region_code)) return NotFound("region not found");
    }
    CodeRange r = SubtreeRange(f.region.empty() ? p.region_code : f.region);
    w.Add("b.region_code >= ? AND b.region_code <= ?", {r.lo, r.hi});
  } else if (p.role == Role::kOrg && p.org_id) {
    std::string cond =
        "(b.operator_org_id = ? OR b.id IN (SELECT base_id FROM residencies WHERE org_id = ?)";
    std::vector<db::Value> vals = {*p.org_id, *p.org_id};
    if (f.applicable) {
      std::string region;
      SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) {
        auto r = store::OrgRegion(c, *p.org_id);
        if (!r.ok()) return r.status();
        region = *r;
        return Status::Ok();
      }));
      if (!region.empty()) {
        auto codes = AncestorCodes(region, true);
        cond += " OR (b.kind = 'incubation_base' AND b.status = 'active' AND b.region_code IN (";
        for (size_t i = 0; i < codes.size(); ++i) {
          cond += i ? ", ?" : "?";
          vals.push_back(codes[i]);
        }
        cond += "))";
      }
    }
    w.Add(cond + ")", vals);
  } else {
    return PermissionDenied("bases need a staff, admin, auditor or organization account");
  }
  if (!f.kind.empty()) w.Add("b.kind = ?", {f.kind});
  if (!f.q.empty()) w.Add("b.name LIKE ? ESCAPE '!'", {db::LikeContains(f.q)});
  Result<Page<Base>> out = Internal("not run");
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) {
    out = store::ListBases(c, w, f.page, f.size);
    return out.status();
  }));
  return out;
}

Result<Base> BaseService::GetBase(const Principal& p, long long id) {
  Base out;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto b = store::FindBase(c, id);
    if (!b.ok()) return b.status();
    if (!*b) return NotFound("base not found");
    auto a = AccessTo(c, p, **b);
    if (!a.ok()) return a.status();
    if (*a == BaseAccess::kNone) return NotFound("base not found");
    out = **b;
    return Status::Ok();
  }));
  return out;
}

namespace {

Status ApplyBaseInput(Base& b, const BaseInput& in) {
  auto text = [&](const char* k, std::string& target, long long max, bool required = false) {
    if (in.present.count(k)) {
      auto it = in.text.find(k);
      target = it != in.text.end() && it->second ? *it->second : "";
      SHUNIU_RETURN_IF_ERROR(CheckText(k, target, max));
    }
    if (required && target.empty()) return InvalidArgument(k, std::string(k) + " is required");
    return Status::Ok();
  };
  auto num = [&](const char* k, std::optional<long long>& target, long long max) {
    if (!in.present.count(k)) return Status::Ok();
    auto it = in.ints.find(k);
    target = it != in.ints.end() ? it->second : std::nullopt;
    if (target && (*target < 0 || *target > max))
      return InvalidArgument(k, std::string(k) + " must be from 0 to " + std::to_string(max));
    return Status::Ok();
  };
  SHUNIU_RETURN_IF_ERROR(text("kind", b.kind, 16, true));
  if (b.kind != "hub" && b.kind != "incubation_base")
    return InvalidArgument("kind", "kind must be hub or incubation_base");
  SHUNIU_RETURN_IF_ERROR(text("name", b.name, 200, true));
  SHUNIU_RETURN_IF_ERROR(text("region_code", b.region_code, 12, true));
  SHUNIU_RETURN_IF_ERROR(text("contract_no", b.contract_no, 100));
  SHUNIU_RETURN_IF_ERROR(text("contract_start", b.contract_start, 10));
  SHUNIU_RETURN_IF_ERROR(text("contract_end", b.contract_end, 10));
  for (auto [k, v] :
       {std::pair{"contract_start", &b.contract_start}, std::pair{"contract_end", &b.contract_end}})
    if (!v->empty() && !IsDate(*v))
      return InvalidArgument(k, std::string(k) + " must be a date YYYY-MM-DD");
  if (!b.contract_start.empty() && !b.contract_end.empty() && b.contract_end < b.contract_start)
    return InvalidArgument("contract_end", "the contract must end after it starts");
  SHUNIU_RETURN_IF_ERROR(text("address", b.address, 300));
  SHUNIU_RETURN_IF_ERROR(text("contact_name", b.contact_name, 50));
  SHUNIU_RETURN_IF_ERROR(text("office_phone", b.office_phone, 30));
  if (!b.office_phone.empty()) {
    std::string digits;
    for (char ch : b.office_phone) {
      if (std::isdigit(static_cast<unsigned char>(ch)))
        digits += ch;
      else if (ch != '-' && ch != ' ' && ch != '+' && ch != '(' && ch != ')')
        return InvalidArgument("office_phone", "office_phone may hold digits, spaces and dashes");
    }
    if (digits.size() < 5) return InvalidArgument("office_phone", "office_phone is too short");
    if (digits.size() == 11 && digits[0] == '1')
      return InvalidArgument("office_phone",
                             "give the office number; a personal mobile number is not kept here");
  }
  SHUNIU_RETURN_IF_ERROR(text("description", b.description, 2000));
  SHUNIU_RETURN_IF_ERROR(text("status", b.status, 16));
  if (b.status.empty()) b.status = "active";
  if (b.status != "active" && b.status != "closed")
    return InvalidArgument("status", "status must be active or closed");
  SHUNIU_RETURN_IF_ERROR(num("area_sqm", b.area_sqm, 1000000));
  SHUNIU_RETURN_IF_ERROR(num("rooms", b.rooms, 10000));
  SHUNIU_RETURN_IF_ERROR(num("desks", b.desks, 100000));
  if (in.present.count("operator_org_id")) {
    auto it = in.ints.find("operator_org_id");
    b.operator_org_id = it != in.ints.end() ? it->second : std::nullopt;
  }
  if (in.present.count("contract_file_id")) {
    auto it = in.ints.find("contract_file_id");
    b.contract_file_id = it != in.ints.end() ? it->second : std::nullopt;
  }
  return Status::Ok();
}

}  // namespace

Result<Base> BaseService::CreateBase(const Principal& p, const BaseInput& in) {
  if (p.role != Role::kAdmin) return PermissionDenied("registering bases needs the admin role");
  Base b;
  SHUNIU_RETURN_IF_ERROR(ApplyBaseInput(b, in));
  auto region = d_.regions.Find(b.region_code);
  if (!region.ok()) return region.status();
  if (!IsRegionCode(b.region_code) || !*region)
    return InvalidArgument("region_code", "unknown region " + b.region_code);
  if (!InSubtree(b.region_code, p.region_code))
    return Status(Code::kPermissionDenied, "the region is outside your scope", "region_code");
  b.level = LevelName(b.region_code);
  if (b.operator_org_id && !d_.orgs.CheckInScope(p, *b.operator_org_id).ok())
    return InvalidArgument("operator_org_id", "unknown organization");
  b.id = crypto::RandomId();
  b.created_at = b.updated_at = NowMs();
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    if (b.contract_file_id) {
      auto f = d_.files.CheckAttachable(c, p, *b.contract_file_id, std::nullopt);
      if (!f.ok()) return InvalidArgument("contract_file_id", "file not found");
      if (b.operator_org_id)
        SHUNIU_RETURN_IF_ERROR(d_.files.Grant(c, p.ctx, *b.contract_file_id, *b.operator_org_id));
    }
    Status st = store::InsertBase(c, b);
    if (st.code() == Code::kAlreadyExists)
      return AlreadyExists("name", "a base of this kind and name exists in the region");
    SHUNIU_RETURN_IF_ERROR(st);
    return audit::AuditService::Record(c, p.ctx, "base.create", "base", std::to_string(b.id),
                                       b.region_code, std::nullopt, BaseSnapshot(b));
  }));
  return GetBase(p, b.id);
}

Result<Base> BaseService::UpdateBase(const Principal& p, long long id, long long version,
                                     const BaseInput& in) {
  if (p.role != Role::kAdmin) return PermissionDenied("editing bases needs the admin role");
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto found = store::FindBase(c, id);
    if (!found.ok()) return found.status();
    if (!*found || !InSubtree((*found)->region_code, p.region_code))
      return NotFound("base not found");
    Base before = **found, b = before;
    if (before.version != version)
      return Conflict("the base was changed by someone else; reload and try again");
    SHUNIU_RETURN_IF_ERROR(ApplyBaseInput(b, in));
    if (b.region_code != before.region_code) {
      auto region = d_.regions.Find(b.region_code);
      if (!region.ok()) return region.status();
      if (!IsRegionCode(b.region_code) || !*region)
        return InvalidArgument("region_code", "unknown region " + b.region_code);
      if (!InSubtree(b.region_code, p.region_code))
        return Status(Code::kPermissionDenied, "the region is outside your scope", "region_code");
      b.level = LevelName(b.region_code);
    }
    if (b.operator_org_id && b.operator_org_id != before.operator_org_id &&
        !d_.orgs.CheckInScope(p, *b.operator_org_id).ok())
      return InvalidArgument("operator_org_id", "unknown organization");
    if (b.contract_file_id && (b.contract_file_id != before.contract_file_id ||
                               b.operator_org_id != before.operator_org_id)) {
      auto f = d_.files.CheckAttachable(c, p, *b.contract_file_id, std::nullopt);
      if (!f.ok()) return InvalidArgument("contract_file_id", "file not found");
      if (b.operator_org_id)
        SHUNIU_RETURN_IF_ERROR(d_.files.Grant(c, p.ctx, *b.contract_file_id, *b.operator_org_id));
    }
    b.updated_at = NowMs();
    auto saved = store::UpdateBase(c, b, version);
    if (saved.status().code() == Code::kAlreadyExists)
      return AlreadyExists("name", "a base of this kind and name exists in the region");
    if (!saved.ok()) return saved.status();
    if (!*saved) return Conflict("the base was changed by someone else; reload and try again");
    b.version = version + 1;
    // Open agreements follow the base into its new region (their scope).
    if (b.region_code != before.region_code)
      SHUNIU_RETURN_IF_ERROR(c.Exec("UPDATE residencies SET region_code = :1 WHERE base_id = :2",
                                    {b.region_code, id}));
    return audit::AuditService::Record(c, p.ctx, "base.update", "base", std::to_string(id),
                                       b.region_code, BaseSnapshot(before), BaseSnapshot(b));
  }));
  return GetBase(p, id);
}

Result<Page<Residency>> BaseService::Residents(const Principal& p, long long base_id,
                                               const std::string& state, long long page,
                                               long long size) {
  if (!state.empty() && !InList(ResidencyStates(), state))
    return InvalidArgument("state", "unknown state " + state);
  SHUNIU_RETURN_IF_ERROR(LazySweep());
  Result<Page<Residency>> out = Internal("not run");
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto b = store::FindBase(c, base_id);
    if (!b.ok()) return b.status();
    if (!*b) return NotFound("base not found");
    auto a = AccessTo(c, p, **b);
    if (!a.ok()) return a.status();
    if (*a == BaseAccess::kNone) return NotFound("base not found");
    store::Where w;
    w.Add("r.base_id = ?", {base_id});
    if (*a == BaseAccess::kResident) w.Add("r.org_id = ?", {*p.org_id});
    if (!state.empty()) w.Add("r.state = ?", {state});
    out = store::ListResidencies(
        c, w,
        "CASE r.state WHEN 'active' THEN 0 WHEN 'signed' THEN 1 WHEN 'applied' THEN 2 WHEN "
        "'invited' THEN 3 ELSE 4 END, o.name, r.id",
        page, size);
    return out.status();
  }));
  if (out.ok())
    for (auto& r : out->first) FillSides(p, r);
  return out;
}

Result<Page<IncubationEvent>> BaseService::BaseEvents(const Principal& p, long long base_id,
                                                      long long page, long long size) {
  Result<Page<IncubationEvent>> out = Internal("not run");
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto b = store::FindBase(c, base_id);
    if (!b.ok()) return b.status();
    if (!*b) return NotFound("base not found");
    auto a = AccessTo(c, p, **b);
    if (!a.ok()) return a.status();
    if (*a == BaseAccess::kNone) return NotFound("base not found");
    store::Where w;
    w.Add("e.base_id = ?", {base_id});
    if (*a == BaseAccess::kResident) w.Add("e.org_id = ?", {*p.org_id});
    out = store::ListEvents(c, w, page, size);
    return out.status();
  }));
  return out;
}

Result<Page<IncubationEvent>> BaseService::OrgEvents(const Principal& p, long long org_id,
                                                     long long page, long long size) {
  auto org = d_.orgs.Get(p, org_id);  // 404 when the caller may not read the organization
  if (!org.ok()) return org.status();
  Result<Page<IncubationEvent>> out = Internal("not run");
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    store::Where w;
    w.Add("e.org_id = ?", {org_id});
    out = store::ListEvents(c, w, page, size);
    return out.status();
  }));
  return out;
}

// ---- residency agreements ----------------------------------------------------

Status BaseService::LazySweep() {
  auto n = SweepExpired(NowMs());
  return n.status();
}

Result<long long> BaseService::SweepExpired(int64_t now_ms) {
  std::string today = ChinaDate(now_ms);
  bool due = false;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto r = c.QueryOne(
        "SELECT 1 FROM residencies WHERE state IN ('signed', 'active') AND end_date < :1 LIMIT 1",
        {today});
    if (!r.ok()) return r.status();
    due = r->has_value();
    return Status::Ok();
  }));
  if (!due) return 0LL;
  long long changed = 0;
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    changed = 0;
    auto rows =
        c.Query("SELECT id FROM residencies WHERE state IN ('signed', 'active') AND end_date < :1",
                {today});
    if (!rows.ok()) return rows.status();
    for (auto& row : *rows) {
      auto r = store::FindResidency(c, row.Int(0));
      if (!r.ok()) return r.status();
      if (!*r) continue;
      Residency before = **r, after = before;
      after.state = "expired";
      after.ended_at = now_ms;
      after.updated_at = now_ms;
      auto saved = store::UpdateResidency(c, after, before.version);
      if (!saved.ok()) return saved.status();
      if (!*saved) continue;
      ++changed;
      after.version = before.version + 1;
      SHUNIU_RETURN_IF_ERROR(audit::AuditService::Record(
          c, SystemCtx(), "residency.expired", "residency", std::to_string(before.id),
          before.region_code, ResSnapshot(before), ResSnapshot(after)));
    }
    return Status::Ok();
  }));
  return changed;
}

Result<std::vector<notice::Reminder>> BaseService::ExpiryReminders(db::Conn& c, int64_t now_ms) {
  std::string today = ChinaDate(now_ms);
  std::string horizon = ChinaDate(now_ms + 30 * kDay);
  auto rows = c.Query(
      "SELECT r.id, r.org_id, b.operator_org_id, r.region_code, r.end_date, o.name, b.name FROM "
      "residencies r JOIN bases b ON b.id = r.base_id JOIN orgs o ON o.id = r.org_id WHERE "
      "r.state IN ('signed', 'active') AND r.end_date >= :1 AND r.end_date <= :2 ORDER BY r.id",
      {today, horizon});
  if (!rows.ok()) return rows.status();
  std::vector<notice::Reminder> out;
  for (auto& row : *rows) {
    long long left = DaysBetween(today, row.Str(4));
    const char* tag = left <= 7 ? "7d" : "30d";
    notice::Reminder r;
    r.key = "residency.expiring:" + std::to_string(row.Int(0)) + ":" + tag;
    r.kind = "agreement_expiring";
    r.org_ids = {row.Int(1)};
    if (auto op = row.OptInt(2); op && *op != row.Int(1)) r.org_ids.push_back(*op);
    r.region_code = row.Str(3);
    std::string org = row.Str(5), base = row.Str(6), end = row.Str(4);
    r.title_zh = "入驻协议即将到期:" + org;
    r.title_en = "Residency agreement ending soon: " + org;
    r.body_zh = org + " 在" + base + "的入驻协议将于 " + end + " 到期(剩余 " +
                std::to_string(left) + " 天),请及时办理续签、毕业或退出手续。";
    r.body_en = "The residency agreement of " + org + " at " + base + " ends on " + end + " (" +
                std::to_string(left) + " days left): renew, graduate or close it in time.";
    r.link = "/residencies/" + std::to_string(row.Int(0));
    out.push_back(std::move(r));
  }
  return out;
}

Result<Page<Residency>> BaseService::ListResidencies(const Principal& p, ResidencyFilter f) {
  if (!f.state.empty() && !InList(ResidencyStates(), f.state))
    return InvalidArgument("state", "unknown state " + f.state);
  store::Where w;
  if (IsStaffish(p)) {
    if (!f.region.empty()) {
      if (!IsRegionCode(f.region))
        return InvalidArgument("region", "region must be a 12-digit code");
      if (!InSubtree(f.region, p.region_code)) return NotFound("region not found");
    }
    CodeRange r = SubtreeRange(f.region.empty() ? p.region_code : f.region);
    w.Add("r.region_code >= ? AND r.region_code <= ?", {r.lo, r.hi});
  } else if (p.role == Role::kOrg && p.org_id) {
    w.Add("(r.org_id = ? OR b.operator_org_id = ?)", {*p.org_id, *p.org_id});
  } else {
    return PermissionDenied("agreements need a staff, admin, auditor or organization account");
  }
  if (f.base_id) w.Add("r.base_id = ?", {*f.base_id});
  if (f.org_id) w.Add("r.org_id = ?", {*f.org_id});
  if (!f.state.empty()) w.Add("r.state = ?", {f.state});
  if (!f.q.empty()) w.Add("o.name LIKE ? ESCAPE '!'", {db::LikeContains(f.q)});
  std::string order = "r.updated_at DESC, r.id";
  if (f.expiring_days) {
    w.Add("r.state IN ('signed', 'active') AND r.end_date >= ? AND r.end_date <= ?",
          {ChinaDate(NowMs()), ChinaDate(NowMs() + *f.expiring_days * kDay)});
    order = "r.end_date, r.id";
  }
  SHUNIU_RETURN_IF_ERROR(LazySweep());
  Result<Page<Residency>> out = Internal("not run");
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) {
    out = store::ListResidencies(c, w, order, f.page, f.size);
    return out.status();
  }));
  if (out.ok())
    for (auto& r : out->first) FillSides(p, r);
  return out;
}

Result<Residency> BaseService::GetResidency(const Principal& p, long long id) {
  SHUNIU_RETURN_IF_ERROR(LazySweep());
  Residency out;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto r = store::FindResidency(c, id);
    if (!r.ok()) return r.status();
    if (!*r || !SidesFor(p, **r).read) return NotFound("agreement not found");
    out = **r;
    auto k = store::LoadCriteria(c, id);
    if (!k.ok()) return k.status();
    out.criteria = *k;
    return Status::Ok();
  }));
  FillSides(p, out);
  return out;
}

namespace {

// Applies the terms of an agreement from `in` (create or patch).
Status ApplyTerms(Residency& r, const ResidencyInput& in) {
  auto text = [&](const char* k, std::string& target, long long max) {
    if (!in.present.count(k)) return Status::Ok();
    auto it = in.text.find(k);
    target = it != in.text.end() && it->second ? *it->second : "";
    return CheckText(k, target, max);
  };
  SHUNIU_RETURN_IF_ERROR(text("service_content", r.service_content, 2000));
  SHUNIU_RETURN_IF_ERROR(text("service_standards", r.service_standards, 2000));
  SHUNIU_RETURN_IF_ERROR(text("space", r.space, 100));
  SHUNIU_RETURN_IF_ERROR(text("note", r.note, 500));
  SHUNIU_RETURN_IF_ERROR(text("start_date", r.start_date, 10));
  SHUNIU_RETURN_IF_ERROR(text("end_date", r.end_date, 10));
  for (auto [k, v] : {std::pair{"start_date", &r.start_date}, std::pair{"end_date", &r.end_date}})
    if (!v->empty() && !IsDate(*v))
      return InvalidArgument(k, std::string(k) + " must be a date YYYY-MM-DD");
  if (!r.start_date.empty() && !r.end_date.empty() && r.end_date <= r.start_date)
    return InvalidArgument("end_date", "the term must end after it starts");
  if (in.committed_hours) {
    r.committed_hours = *in.committed_hours;
    if (r.committed_hours && (*r.committed_hours < 0 || *r.committed_hours > 100000))
      return InvalidArgument("committed_hours", "committed_hours must be from 0 to 100000");
  }
  return Status::Ok();
}

bool TermsTouched(const ResidencyInput& in) {
  for (const char* k : {"service_content", "service_standards", "space", "start_date", "end_date",
                        "committed_hours", "document_file_id"})
    if (in.present.count(k)) return true;
  return false;
}

}  // namespace

Result<Residency> BaseService::CreateResidency(const Principal& p, const ResidencyInput& in) {
  if (!IsManager(p) && p.role != Role::kOrg)
    return PermissionDenied("agreements are made by staff, admins or organizations");
  if (!in.base_id) return InvalidArgument("base_id", "base_id is required");
  Residency r;
  SHUNIU_RETURN_IF_ERROR(ApplyTerms(r, in));
  r.id = crypto::RandomId();
  r.created_at = r.updated_at = NowMs();
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto b = store::FindBase(c, *in.base_id);
    if (!b.ok()) return b.status();
    if (!*b) return InvalidArgument("base_id", "unknown base");
    const Base& base = **b;
    bool is_operator = p.role == Role::kOrg && p.org_id && base.operator_org_id &&
                       *base.operator_org_id == *p.org_id;
    if (p.role == Role::kOrg) {
      if (!p.org_id) return PermissionDenied("this account is not linked to an organization");
      r.org_id = in.org_id.value_or(*p.org_id);
      if (r.org_id == *p.org_id && !is_operator) {
        // An application: only to bases of the organization's own region or above it.
        auto region = store::OrgRegion(c, r.org_id);
        if (!region.ok()) return region.status();
        if (!InSubtree(*region, base.region_code))
          return PermissionDenied("this base does not serve your organization's region");
        r.state = "applied";
        r.initiated_by = "resident";
      } else if (!is_operator) {
        return PermissionDenied("an organization applies only for itself");
      }
    } else {
      if (!InSubtree(base.region_code, p.region_code))
        return Status(Code::kPermissionDenied, "the base is outside your scope", "base_id");
      if (!in.org_id) return InvalidArgument("org_id", "org_id is required");
      r.org_id = *in.org_id;
      if (!d_.orgs.CheckInScope(p, r.org_id).ok())
        return InvalidArgument("org_id", "unknown organization");
    }
    if (r.state.empty()) {  // the base side: an invitation, or a paper application it records
      r.state = in.state.empty() ? "invited" : in.state;
      if (r.state != "invited" && r.state != "applied")
        return InvalidArgument("state", "a new agreement is invited or applied");
      r.initiated_by = r.state == "invited" ? "base" : "resident";
    }
    auto region = store::OrgRegion(c, r.org_id);
    if (!region.ok()) return region.status();
    if (region->empty()) return InvalidArgument("org_id", "unknown organization");
    if (base.kind != "incubation_base")
      return InvalidArgument("base_id", "residency agreements are made with incubation bases");
    if (base.status != "active") return Conflict("the base is closed");
    auto open = store::HasOpenResidency(c, base.id, r.org_id);
    if (!open.ok()) return open.status();
    if (*open)
      return AlreadyExists("org_id", "the organization already has an open agreement at this base");
    r.base_id = base.id;
    r.region_code = base.region_code;
    if (in.document_file_id && *in.document_file_id) {
      auto f = d_.files.CheckAttachable(c, p, **in.document_file_id, FileOwner(p));
      if (!f.ok()) return InvalidArgument("document_file_id", "file not found");
      r.document_file_id = **in.document_file_id;
    }
    SHUNIU_RETURN_IF_ERROR(store::InsertResidency(c, r));
    SHUNIU_RETURN_IF_ERROR(store::InsertCriteria(c, r.id));
    return audit::AuditService::Record(c, p.ctx, "residency.create", "residency",
                                       std::to_string(r.id), r.region_code, std::nullopt,
                                       ResSnapshot(r));
  }));
  return GetResidency(p, r.id);
}

Result<Residency> BaseService::UpdateResidency(const Principal& p, long long id, long long version,
                                               const ResidencyInput& in) {
  SHUNIU_RETURN_IF_ERROR(LazySweep());
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto found = store::FindResidency(c, id);
    if (!found.ok()) return found.status();
    if (!*found) return NotFound("agreement not found");
    Sides s = SidesFor(p, **found);
    if (!s.read) return NotFound("agreement not found");
    if (!s.base && !s.resident) return PermissionDenied("auditors read agreements only");
    Residency before = **found, r = before;
    if (before.version != version)
      return Conflict("the agreement was changed by someone else; reload and try again");
    if (TermsTouched(in) && before.state != "invited" && before.state != "applied")
      return Conflict("the agreement is " + before.state +
                      ": its terms are fixed once it is signed");
    SHUNIU_RETURN_IF_ERROR(ApplyTerms(r, in));
    if (in.document_file_id) {
      r.document_file_id = *in.document_file_id;
      if (r.document_file_id && r.document_file_id != before.document_file_id) {
        auto f = d_.files.CheckAttachable(c, p, *r.document_file_id, FileOwner(p));
        if (!f.ok()) return InvalidArgument("document_file_id", "file not found");
      }
    }
    std::vector<Criterion> criteria;
    if (!in.checklist.empty()) {
      if (!s.base) return PermissionDenied("the base side keeps the graduation checklist");
      if (before.state != "signed" && before.state != "active")
        return Conflict("the agreement is " + before.state +
                        ": the checklist is kept while it is signed or active");
      auto k = store::LoadCriteria(c, id);
      if (!k.ok()) return k.status();
      criteria = *k;
      for (auto& ch : in.checklist) {
        auto it = std::find_if(criteria.begin(), criteria.end(),
                               [&](const Criterion& x) { return x.code == ch.code; });
        if (it == criteria.end())
          return InvalidArgument("checklist", "unknown checklist item " + ch.code);
        if (ch.note) {
          SHUNIU_RETURN_IF_ERROR(CheckText("checklist", *ch.note, 300));
          it->note = *ch.note;
        }
        if (ch.met && *ch.met != it->met) {
          it->met = *ch.met;
          it->met_at = it->met ? std::optional<int64_t>(NowMs()) : std::nullopt;
          it->met_by_name = it->met ? ActorName(c, p) : "";
        }
        SHUNIU_RETURN_IF_ERROR(store::SaveCriterion(c, id, *it));
      }
    }
    r.updated_at = NowMs();
    auto saved = store::UpdateResidency(c, r, version);
    if (!saved.ok()) return saved.status();
    if (!*saved) return Conflict("the agreement was changed by someone else; reload and try again");
    r.version = version + 1;
    auto after = ResSnapshot(r);
    if (!criteria.empty()) {
      nlohmann::json items = nlohmann::json::array();
      for (auto& k : criteria) items.push_back({{"code", k.code}, {"met", k.met}});
      after["checklist"] = items;
    }
    return audit::AuditService::Record(c, p.ctx, "residency.update", "residency",
                                       std::to_string(id), r.region_code, ResSnapshot(before),
                                       after);
  }));
  return GetResidency(p, id);
}

Result<Residency> BaseService::Transition(const Principal& p, long long id,
                                          const TransitionInput& in) {
  if (!InList(ResidencyStates(), in.to))
    return InvalidArgument("to", "to must be one of the agreement states");
  SHUNIU_RETURN_IF_ERROR(LazySweep());
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto found = store::FindResidency(c, id);
    if (!found.ok()) return found.status();
    if (!*found) return NotFound("agreement not found");
    Sides s = SidesFor(p, **found);
    if (!s.read) return NotFound("agreement not found");
    Residency before = **found, r = before;
    const TransitionRule* rule = nullptr;
    for (auto& t : TransitionRules())
      if (before.state == t.from && in.to == t.to) rule = &t;
    if (!rule)
      return Conflict("an agreement that is " + before.state + " cannot become " + in.to +
                      (in.to == "expired" ? " by hand: it expires when its end date passes" : ""));
    bool base_side = std::string(rule->side) == "base";
    if (base_side ? !s.base : !s.resident)
      return PermissionDenied(base_side ? "only the base (staff or its operator) can do this"
                                        : "only the organization itself can do this");
    if (in.version && *in.version != before.version)
      return Conflict("the agreement was changed by someone else; reload and try again");
    int64_t now = NowMs();
    r.state = in.to;
    if (in.to == "signed") {
      if (!in.start_date.empty()) r.start_date = in.start_date;
      if (!in.end_date.empty()) r.end_date = in.end_date;
      if (in.document_file_id) r.document_file_id = *in.document_file_id;
      if (!r.document_file_id)
        return InvalidArgument("document_file_id", "signing needs the signed document");
      if (r.start_date.empty() || !IsDate(r.start_date))
        return InvalidArgument("start_date", "signing needs the start date of the term");
      if (r.end_date.empty() || !IsDate(r.end_date))
        return InvalidArgument("end_date", "signing needs the end date of the term");
      if (r.end_date <= r.start_date)
        return InvalidArgument("end_date", "the term must end after it starts");
      if (r.end_date < ChinaDate(now))
        return InvalidArgument("end_date", "the term has already ended");
      auto f = d_.files.CheckAttachable(c, p, *r.document_file_id, FileOwner(p));
      if (!f.ok()) return InvalidArgument("document_file_id", "file not found");
      SHUNIU_RETURN_IF_ERROR(d_.files.Grant(c, p.ctx, *r.document_file_id, r.org_id));
      if (r.operator_org_id && *r.operator_org_id != r.org_id)
        SHUNIU_RETURN_IF_ERROR(d_.files.Grant(c, p.ctx, *r.document_file_id, *r.operator_org_id));
      r.signed_at = now;
      r.signed_by_name = ActorName(c, p);
    } else if (in.to == "active") {
      r.activated_at = now;
    } else if (in.to == "graduated") {
      auto k = store::LoadCriteria(c, id);
      if (!k.ok()) return k.status();
      std::string missing;
      for (auto& x : *k)
        if (x.required && !x.met) missing += (missing.empty() ? "" : ", ") + x.code;
      if (!missing.empty() && in.override_reason.empty())
        return InvalidArgument("checklist", "graduation criteria not met: " + missing +
                                                " (or give an override reason)");
      if (!missing.empty()) r.graduation_override = in.override_reason;
      r.ended_at = now;
      r.end_reason = in.reason;
    } else if (in.to == "terminated") {
      if (in.reason.empty()) return InvalidArgument("reason", "say why the agreement ends");
      r.ended_at = now;
      r.end_reason = in.reason;
    } else if (in.to == "declined" || in.to == "withdrawn") {
      r.ended_at = now;
      r.end_reason = in.reason;
    }
    r.updated_at = now;
    auto saved = store::UpdateResidency(c, r, before.version);
    if (!saved.ok()) return saved.status();
    if (!*saved) return Conflict("the agreement was changed by someone else; reload and try again");
    r.version = before.version + 1;
    return audit::AuditService::Record(c, p.ctx, "residency." + in.to, "residency",
                                       std::to_string(id), r.region_code, ResSnapshot(before),
                                       ResSnapshot(r));
  }));
  return GetResidency(p, id);
}

// ---- the incubation log ---------------------------------------------------------

Result<Page<IncubationEvent>> BaseService::ListEvents(const Principal& p, long long residency_id,
                                                      long long page, long long size) {
  Result<Page<IncubationEvent>> out = Internal("not run");
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto r = store::FindResidency(c, residency_id);
    if (!r.ok()) return r.status();
    if (!*r || !SidesFor(p, **r).read) return NotFound("agreement not found");
    store::Where w;
    w.Add("e.residency_id = ?", {residency_id});
    out = store::ListEvents(c, w, page, size);
    return out.status();
  }));
  return out;
}

Result<IncubationEvent> BaseService::AddEvent(const Principal& p, long long residency_id,
                                              const EventInput& in) {
  if (!InList(EventKinds(), in.kind))
    return InvalidArgument("kind", "kind must be one of the incubation event kinds");
  if (!IsDate(in.occurred_on))
    return InvalidArgument("occurred_on", "occurred_on must be a date YYYY-MM-DD");
  if (in.occurred_on > ChinaDate(NowMs()))
    return InvalidArgument("occurred_on", "an event is recorded after it happened");
  if (in.minutes < 0 || in.minutes > 24 * 60 * 31)
    return InvalidArgument("hours", "hours must be from 0 to 744");
  if (in.attachments.size() > 10)
    return InvalidArgument("attachments", "at most 10 attachments per event");
  IncubationEvent e;
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto r = store::FindResidency(c, residency_id);
    if (!r.ok()) return r.status();
    if (!*r) return NotFound("agreement not found");
    Sides s = SidesFor(p, **r);
    if (!s.read) return NotFound("agreement not found");
    if (!s.base) return PermissionDenied("the base side records the incubation log");
    const Residency& res = **r;
    if (res.state != "applied" && res.state != "signed" && res.state != "active")
      return Conflict("the agreement is " + res.state +
                      ": events are recorded while it is "
                      "applied, signed or active");
    for (long long f : in.attachments) {
      auto m = d_.files.CheckAttachable(c, p, f, FileOwner(p));
      if (!m.ok())
        return InvalidArgument("attachments", "file " + std::to_string(f) + " not found");
      SHUNIU_RETURN_IF_ERROR(d_.files.Grant(c, p.ctx, f, res.org_id));
      if (res.operator_org_id && *res.operator_org_id != res.org_id)
        SHUNIU_RETURN_IF_ERROR(d_.files.Grant(c, p.ctx, f, *res.operator_org_id));
    }
    e.id = crypto::RandomId();
    e.residency_id = residency_id;
    e.base_id = res.base_id;
    e.base_name = res.base_name;
    e.org_id = res.org_id;
    e.org_name = res.org_name;
    e.region_code = res.region_code;
    e.kind = in.kind;
    e.occurred_on = in.occurred_on;
    e.title = in.title;
    e.notes = in.notes;
    e.minutes = in.minutes;
    e.attachments = in.attachments;
    e.recorded_by = p.user_id ? std::optional<long long>(p.user_id) : std::nullopt;
    e.recorded_by_name = ActorName(c, p);
    e.created_at = NowMs();
    SHUNIU_RETURN_IF_ERROR(store::InsertEvent(c, e));
    return audit::AuditService::Record(c, p.ctx, "residency.event", "residency_event",
                                       std::to_string(e.id), e.region_code, std::nullopt,
                                       nlohmann::json{{"residency_id", residency_id},
                                                      {"kind", e.kind},
                                                      {"occurred_on", e.occurred_on},
                                                      {"title", e.title},
                                                      {"minutes", e.minutes},
                                                      {"attachments", e.attachments}});
  }));
  return e;
}

}  // namespace shuniu::hub
