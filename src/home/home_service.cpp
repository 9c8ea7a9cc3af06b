// The Homes registry: scope, validation, storage and history of the sites.
// The contact phone is stored sealed (AEAD) with a masked copy for lists.
#include "home/home_service.h"

#include <algorithm>
#include <chrono>
#include <set>

#include "audit/audit_service.h"
#include "core/crypto.h"
#include "core/json_input.h"
#include "core/region_code.h"
#include "core/time.h"
#include "home/home_json.h"
#include "home/home_util.h"
#include "org/org_service.h"

namespace shuniu::home {

using nlohmann::json;

long long StarFor(long long total, const std::vector<long long>& thresholds) {
  long long star = 0;
  for (size_t i = 0; i < thresholds.size() && i < 5; ++i)
    if (total >= thresholds[i]) star = static_cast<long long>(i) + 1;
  return star;
}

bool IsDate(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  using namespace std::chrono;
  year_month_day d{year(std::stoi(s.substr(0, 4))), month(std::stoul(s.substr(5, 2))),
                   day(std::stoul(s.substr(8, 2)))};
  return d.ok();
}

namespace {
std::string FormatDate(const std::chrono::year_month_day& d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(d.year()),
                static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
  return buf;
}
}  // namespace

std::string ValidUntil(const std::string& date, long long years) {
  using namespace std::chrono;
  year_month_day d{year(std::stoi(date.substr(0, 4)) + static_cast<int>(years)),
                   month(std::stoul(date.substr(5, 2))), day(std::stoul(date.substr(8, 2)))};
  if (!d.ok()) d = year_month_day{d.year() / d.month() / last};  // 29 Feb → 28 Feb
  return FormatDate(year_month_day{sys_days{d} - days{1}});
}

std::string TodayUtc() {
  using namespace std::chrono;
  sys_days today = floor<days>(sys_time<milliseconds>(milliseconds(NowMs())));
  return FormatDate(year_month_day{today});
}

namespace {

constexpr const char* kPhonePurpose = "home.phone";
const std::set<std::string> kKinds = {"women", "women_children", "children"};
const std::set<std::string> kStatuses = {"active", "suspended", "closed"};

constexpr const char* kCols =
    "h.id, h.region_code, h.name, h.kind, h.address, h.contact_name, h.contact_phone_masked, "
    "h.org_id, o.name, h.founded_on, h.status, h.opening_hours, h.services, h.area_m2, "
    "h.star_level, h.star_valid_from, h.star_valid_until, h.star_assessment_id, "
    "h.created_by_name, h.version, h.created_at, h.updated_at, "
    "(SELECT COALESCE(SUM(f.amount_fen), 0) FROM home_funding f WHERE f.home_id = h.id), "
    "(SELECT COUNT(*) FROM home_assessments a WHERE a.home_id = h.id AND a.state = 'pending'), "
    "h.contact_phone_sealed";
constexpr const char* kFrom = " FROM homes h LEFT JOIN orgs o ON o.id = h.org_id";

Home FromRow(const db::Row& r, const std::string& today) {
  Home h;
  h.id = r.Int(0);
  h.region_code = r.Str(1);
  h.name = r.Str(2);
  h.kind = r.Str(3);
  h.address = r.Str(4);
  h.contact_name = r.Str(5);
  h.contact_phone = r.Str(6);
  h.org_id = r.OptInt(7);
  h.org_name = r.Str(8);
  h.founded_on = r.Str(9);
  h.status = r.Str(10);
  h.opening_hours = r.Str(11);
  h.services = r.Str(12);
  h.area_m2 = r.Int(13);
  h.star_level = r.Int(14);
  h.star_valid_from = r.Str(15);
  h.star_valid_until = r.Str(16);
  h.star_assessment_id = r.OptInt(17);
  h.created_by_name = r.Str(18);
  h.version = r.Int(19);
  h.created_at = r.Int(20);
  h.updated_at = r.Int(21);
  h.funding_total_fen = r.Int(22);
  h.pending_assessments = r.Int(23);
  h.star_status = h.star_level == 0 ? "none" : h.star_valid_until < today ? "expired" : "valid";
  return h;
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

// Digits of a phone number ("0750-3301234", "138 0013 8000"); empty when invalid.
std::string PhoneDigits(const std::string& s) {
  std::string d;
  for (char ch : s) {
    if (ch >= '0' && ch <= '9')
      d += ch;
    else if (ch != '-' && ch != ' ' && ch != '+')
      return "";
  }
  return d.size() >= 7 && d.size() <= 15 ? d : "";
}

}  // namespace

HomeService::HomeService(const hub::Deps& deps) : d_(deps) {
  auto secret = LoadOrCreateSecret(d_.cfg.key_file);
  if (secret.ok()) secret_ = *secret;
  // The accounts of a Home's organization read the evidence of its assessments.
  d_.files.AddAudience("home_assessment",
                       "SELECT 1 FROM home_assessment_files af JOIN home_assessments a ON a.id = "
                       "af.assessment_id JOIN homes h ON h.id = a.home_id WHERE af.file_id = :1 "
                       "AND h.org_id = :2");
}

Status HomeService::CheckOrg(db::Conn& c, const Principal& p, long long org_id) {
  auto o = c.QueryOne("SELECT region_code FROM orgs WHERE id = :1", {org_id});
  if (!o.ok()) return o.status();
  if (!*o || !InSubtree((*o)->Str(0), p.region_code))
    return InvalidArgument("org_id", "org_id: no such organization in your scope");
  return Status::Ok();
}

Result<Home> HomeService::Load(db::Conn& c, const Principal& p, long long id) {
  auto row = c.QueryOne(std::string("SELECT ") + kCols + kFrom + " WHERE h.id = :1", {id});
  if (!row.ok()) return row.status();
  if (!*row) return NotFound("home not found");
  Home h = FromRow(**row, TodayUtc());
  if (!CanSee(p, h.region_code, h.org_id)) return NotFound("home not found");
  return h;
}

Result<Home> HomeService::Reload(const Principal& p, long long id, bool unmask) {
  Home out;
  std::string sealed;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto h = Load(c, p, id);
    if (!h.ok()) return h.status();
    out = *h;
    auto s = c.QueryOne("SELECT contact_phone_sealed FROM homes WHERE id = :1", {id});
    if (!s.ok()) return s.status();
    if (*s) sealed = (*s)->Str(0);
    return Status::Ok();
  }));
  if (unmask && IsStaff(p) && !sealed.empty()) {
    auto phone = crypto::OpenText(secret_, kPhonePurpose, sealed);
    if (phone) {
      SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) {
        return audit::AuditService::Record(c, p.ctx, "home.phone_read", "home", std::to_string(id),
                                           out.region_code);
      }));
      out.contact_phone = *phone;
      out.phone_unmasked = true;
    }
  }
  auto names = d_.regions.Names({out.region_code});
  if (names.ok()) out.region_name = (*names)[out.region_code];
  return out;
}

Result<Home> HomeService::Get(const Principal& p, long long id, bool unmask_phone) {
  return Reload(p, id, unmask_phone);
}

Result<std::pair<std::vector<Home>, long long>> HomeService::List(const Principal& p,
                                                                  const HomeFilter& f) {
  std::string where = " WHERE 1 = 1";
  std::vector<db::Value> params;
  auto bind = [&](db::Value v) {
    params.push_back(std::move(v));
    return ":" + std::to_string(params.size());
  };
  if (IsReader(p)) {
    auto r = SubtreeRange(p.region_code);
    std::string lo = bind(r.lo), hi = bind(r.hi);
    where += " AND h.region_code BETWEEN " + lo + " AND " + hi;
  } else if (p.role == Role::kOrg && p.org_id) {
    where += " AND h.org_id = " + bind(*p.org_id);
  } else {
    return PermissionDenied("your role may not list homes");
  }
  if (!f.region.empty()) {
    if (!IsScopeCode(f.region)) return InvalidArgument("region", "region must be a region code");
    auto r = SubtreeRange(f.region);
    std::string lo = bind(r.lo), hi = bind(r.hi);
    where += " AND h.region_code BETWEEN " + lo + " AND " + hi;
  }
  if (!f.status.empty()) {
    if (!kStatuses.count(f.status))
      return InvalidArgument("status", "status must be active, suspended or closed");
    where += " AND h.status = " + bind(f.status);
  }
  if (!f.kind.empty()) {
    if (!kKinds.count(f.kind))
      return InvalidArgument("kind", "kind must be women, women_children or children");
    where += " AND h.kind = " + bind(f.kind);
  }
  std::string today = TodayUtc();
  if (f.star == "none") {
    where += " AND h.star_level = 0";
  } else if (f.star == "expired") {
    where += " AND h.star_level > 0 AND h.star_valid_until < " + bind(today);
  } else if (f.star == "valid") {
    where += " AND h.star_level > 0 AND h.star_valid_until >= " + bind(today);
  } else if (f.star.size() == 1 && f.star[0] >= '1' && f.star[0] <= '5') {
    where += " AND h.star_level = " + bind(static_cast<long long>(f.star[0] - '0'));
    where += " AND h.star_valid_until >= " + bind(today);
  } else if (!f.star.empty()) {
    return InvalidArgument("star", "star must be 1–5, none, valid or expired");
  }
  if (!f.q.empty()) {
    std::string like = bind(db::LikeContains(f.q));
    std::string like2 = bind(db::LikeContains(f.q));
    where += " AND (h.name LIKE " + like + db::kLikeEscape + " OR h.address LIKE " + like2 +
             db::kLikeEscape + ")";
  }
  static const std::set<std::string> kSorts = {"name", "updated_at", "created_at", "star_level",
                                               "region_code"};
  bool desc = !f.sort.empty() && f.sort[0] == '-';
  std::string key = desc ? f.sort.substr(1) : f.sort;
  if (!kSorts.count(key))
    return InvalidArgument("sort",
                           "sort must be one of name, updated_at, created_at, "
                           "star_level, region_code (prefix - for descending)");
  std::string order = " ORDER BY h." + key + (desc ? " DESC" : " ASC") + ", h.id DESC";
  std::pair<std::vector<Home>, long long> out;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto n = c.QueryOne(std::string("SELECT COUNT(*)") + kFrom + where, params);
    if (!n.ok()) return n.status();
    out.second = *n ? (*n)->Int(0) : 0;
    auto ps = params;
    ps.push_back(f.size);
    ps.push_back((f.page - 1) * f.size);
    auto rows = c.Query(std::string("SELECT ") + kCols + kFrom + where + order + " LIMIT :" +
                            std::to_string(ps.size() - 1) + " OFFSET :" + std::to_string(ps.size()),
                        ps);
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows) out.first.push_back(FromRow(r, today));
    return Status::Ok();
  }));
  std::vector<std::string> codes;
  for (auto& h : out.first) codes.push_back(h.region_code);
  auto names = d_.regions.Names(codes);
  if (names.ok())
    for (auto& h : out.first) h.region_name = (*names)[h.region_code];
  return out;
}

namespace {

// Applies the given fields of `in` to `h` (validated); the phone is returned in `phone`.
Status Apply(const HomeInput& in, Home& h, std::optional<std::string>& phone_digits) {
  SHUNIU_RETURN_IF_ERROR(Text(in.name, "name", 1, 200, h.name));
  if (in.kind) {
    if (!kKinds.count(*in.kind))
      return InvalidArgument("kind", "kind must be women, women_children or children");
    h.kind = *in.kind;
  }
  if (in.status) {
    if (!kStatuses.count(*in.status))
      return InvalidArgument("status", "status must be active, suspended or closed");
    h.status = *in.status;
  }
  SHUNIU_RETURN_IF_ERROR(Text(in.address, "address", 0, 300, h.address));
  SHUNIU_RETURN_IF_ERROR(Text(in.contact_name, "contact_name", 0, 64, h.contact_name));
  SHUNIU_RETURN_IF_ERROR(Text(in.opening_hours, "opening_hours", 0, 200, h.opening_hours));
  SHUNIU_RETURN_IF_ERROR(Text(in.services, "services", 0, 2000, h.services));
  if (in.founded_on) {
    if (!in.founded_on->empty() && !IsDate(*in.founded_on))
      return InvalidArgument("founded_on", "founded_on must be a date YYYY-MM-DD");
    h.founded_on = *in.founded_on;
  }
  if (in.area_m2) {
    if (*in.area_m2 < 0 || *in.area_m2 > 1000000)
      return InvalidArgument("area_m2", "area_m2 must be 0–1000000 square metres");
    h.area_m2 = *in.area_m2;
  }
  if (in.contact_phone) {
    if (in.contact_phone->empty()) {
      phone_digits = "";
    } else {
      std::string d = PhoneDigits(*in.contact_phone);
      if (d.empty())
        return InvalidArgument("contact_phone",
                               "contact_phone must be a phone number (7–15 digits)");
      phone_digits = d;
    }
  }
  return Status::Ok();
}

}  // namespace

Status CheckHomeRegion(db::Conn& c, const Principal& p, const std::string& code) {
  if (!IsRegionCode(code))
    return InvalidArgument("region_code", "region_code must be a 12-digit division code");
  if (!InSubtree(code, p.region_code))
    return Status(Code::kPermissionDenied, "region_code lies outside your scope", "region_code");
  if (RegionLevel(code) != 5)
    return InvalidArgument("region_code",
                           "region_code must be a village or community (12-digit level-5 code)");
  auto r = c.QueryOne("SELECT 1 FROM regions WHERE code = :1", {code});
  if (!r.ok()) return r.status();
  if (!*r) return InvalidArgument("region_code", "region_code: no such region");
  return Status::Ok();
}

Result<Home> HomeService::Create(const Principal& p, const HomeInput& in) {
  if (!IsStaff(p)) return PermissionDenied("registering homes needs the staff role");
  if (!in.region_code) return InvalidArgument("region_code", "region_code is required");
  if (!in.name) return InvalidArgument("name", "name is required");
  if (!in.kind) return InvalidArgument("kind", "kind is required");
  Home h;
  h.id = crypto::RandomId();
  h.region_code = *in.region_code;
  h.status = "active";
  h.created_by_name = Actor(p);
  h.created_at = h.updated_at = NowMs();
  std::optional<std::string> phone;
  SHUNIU_RETURN_IF_ERROR(Apply(in, h, phone));
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    SHUNIU_RETURN_IF_ERROR(CheckHomeRegion(c, p, h.region_code));
    if (in.org_id && *in.org_id) {
      SHUNIU_RETURN_IF_ERROR(CheckOrg(c, p, **in.org_id));
      h.org_id = **in.org_id;
    }
    std::string digits = phone.value_or("");
    h.contact_phone = digits.empty() ? "" : org::MaskPhone(digits);
    std::string sealed = digits.empty() ? "" : crypto::SealText(secret_, kPhonePurpose, digits);
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "INSERT INTO homes (id, region_code, name, kind, address, contact_name, "
        "contact_phone_sealed, contact_phone_masked, org_id, founded_on, status, opening_hours, "
        "services, area_m2, star_level, created_by, created_by_name, version, created_at, "
        "updated_at) VALUES (:1, :2, :3, :4, :5, :6, :7, :8, :9, :10, :11, :12, :13, :14, 0, "
        ":15, :16, 1, :17, :18)",
        {h.id, h.region_code, h.name, h.kind, h.address, h.contact_name, sealed, h.contact_phone,
         db::Opt(h.org_id), h.founded_on.empty() ? db::Null() : db::Value(h.founded_on), h.status,
         h.opening_hours, h.services, h.area_m2, db::Opt(UserId(p)), h.created_by_name,
         static_cast<long long>(h.created_at), static_cast<long long>(h.updated_at)}));
    return audit::AuditService::Record(c, p.ctx, "home.create", "home", std::to_string(h.id),
                                       h.region_code, std::nullopt, HomeAuditJson(h));
  }));
  return Reload(p, h.id);
}

Result<Home> HomeService::Update(const Principal& p, long long id, long long version,
                                 const HomeInput& in) {
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto found = Load(c, p, id);
    if (!found.ok()) return found.status();
    if (!IsStaff(p)) return PermissionDenied("changing homes needs the staff role");
    Home before = *found, h = *found;
    if (version != h.version)
      return Conflict("the home was changed by someone else; reload and try again");
    std::optional<std::string> phone;
    SHUNIU_RETURN_IF_ERROR(Apply(in, h, phone));
    if (in.region_code && *in.region_code != h.region_code) {
      SHUNIU_RETURN_IF_ERROR(CheckHomeRegion(c, p, *in.region_code));
      h.region_code = *in.region_code;
      SHUNIU_RETURN_IF_ERROR(c.Exec(
          "UPDATE home_assessments SET region_code = :1 WHERE home_id = :2", {h.region_code, id}));
      SHUNIU_RETURN_IF_ERROR(c.Exec("UPDATE home_funding SET region_code = :1 WHERE home_id = :2",
                                    {h.region_code, id}));
    }
    if (in.org_id) {
      if (*in.org_id) SHUNIU_RETURN_IF_ERROR(CheckOrg(c, p, **in.org_id));
      h.org_id = *in.org_id;
    }
    h.version += 1;
    h.updated_at = NowMs();
    if (phone) {
      h.contact_phone = phone->empty() ? "" : org::MaskPhone(*phone);
      std::string sealed = phone->empty() ? "" : crypto::SealText(secret_, kPhonePurpose, *phone);
      SHUNIU_RETURN_IF_ERROR(c.Exec(
          "UPDATE homes SET contact_phone_sealed = :1, contact_phone_masked = :2 WHERE id = :3",
          {sealed, h.contact_phone, id}));
    }
    auto n = c.ExecCount(
        "UPDATE homes SET region_code = :1, name = :2, kind = :3, address = :4, contact_name = "
        ":5, org_id = :6, founded_on = :7, status = :8, opening_hours = :9, services = :10, "
        "area_m2 = :11, version = :12, updated_at = :13 WHERE id = :14 AND version = :15",
        {h.region_code, h.name, h.kind, h.address, h.contact_name, db::Opt(h.org_id),
         h.founded_on.empty() ? db::Null() : db::Value(h.founded_on), h.status, h.opening_hours,
         h.services, h.area_m2, h.version, static_cast<long long>(h.updated_at), id, version});
    if (!n.ok()) return n.status();
    if (*n != 1) return Conflict("the home was changed by someone else; reload and try again");
    return audit::AuditService::Record(c, p.ctx, "home.update", "home", std::to_string(id),
                                       h.region_code, HomeAuditJson(before), HomeAuditJson(h));
  }));
  return Reload(p, id);
}

Result<std::vector<HistoryEntry>> HomeService::History(const Principal& p, long long id) {
  std::vector<HistoryEntry> out;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto h = Load(c, p, id);
    if (!h.ok()) return h.status();
    audit::Filter f;
    f.object_type = "home";
    f.object_id = std::to_string(id);
    f.size = 200;
    auto ev = audit::ListEvents(c, f);
    if (!ev.ok()) return ev.status();
    for (auto& e : ev->first) out.push_back({e.at, e.actor_name, e.action, e.before, e.after});
    return Status::Ok();
  }));
  std::reverse(out.begin(), out.end());  // the audit log lists newest first
  return out;
}

}  // namespace shuniu::home
