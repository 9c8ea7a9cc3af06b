// Change requests from organization accounts, dictionary administration, and
// the dashboard's trend and figures export.
#include <regex>
#include <set>

#include "audit/audit_service.h"
#include "core/crypto.h"
#include "core/json_input.h"
#include "core/region_code.h"
#include "core/time.h"
#include "org/org_service.h"
#include "sheet/writer.h"

namespace shuniu::org {
namespace {

const std::set<std::string> kKeyFields = {"name", "uscc", "kind", "region_code"};
const std::set<std::string> kAdminDicts = {"org_kind", "service_domain", "guidance_category",
                                           "org_origin"};

Status CheckDictNames(const DictEntry& e) {
  if (Utf8Length(e.zh) < 1 || Utf8Length(e.zh) > 100)
    return InvalidArgument("name_zh", "name_zh must have 1–100 characters");
  if (Utf8Length(e.en) < 1 || Utf8Length(e.en) > 100)
    return InvalidArgument("name_en", "name_en must have 1–100 characters");
  return Status::Ok();
}

nlohmann::json RequestJson(const ChangeRequest& r) {
  return {{"id", r.id},
          {"org_id", r.org_id},
          {"changes", r.changes},
          {"reason", r.reason},
          {"status", r.status}};
}

}  // namespace

Result<ChangeRequest> OrgService::ProposeChange(const Principal& p, long long org_id,
                                                const std::map<std::string, std::string>& changes,
                                                const std::string& reason) {
  if (p.role != Role::kOrg) return PermissionDenied("only organization accounts propose changes");
  if (changes.empty()) return InvalidArgument("changes", "propose at least one change");
  auto view = Get(p, org_id);  // own organization only (404 otherwise)
  if (!view.ok()) return view.status();
  ChangeRequest r;
  for (auto [field, value] : changes) {
    if (!kKeyFields.count(field))
      return InvalidArgument(field, field +
                                        " can be changed directly or only by staff; change "
                                        "requests cover name, uscc, kind and region_code");
    SHUNIU_RETURN_IF_ERROR(ValidateValue(*FindField(field), value));
    r.changes[field] = value;
  }
  if (Utf8Length(reason) > 500)
    return InvalidArgument("reason", "reason must have at most 500 characters");
  r.id = crypto::RandomId();
  r.org_id = org_id;
  r.org_name = view->org.Get("name");
  r.region_code = view->org.Get("region_code");
  r.requested_by = p.user_id;
  r.requested_by_name = p.username;
  r.requested_at = NowMs();
  r.reason = reason;
  r.status = "pending";
  SHUNIU_RETURN_IF_ERROR(db_.Tx([&](db::Conn& c) -> Status {
    SHUNIU_RETURN_IF_ERROR(InsertChangeRequest(c, r));
    return audit::AuditService::Record(c, p.ctx, "org.change_request", "org_change_request",
                                       std::to_string(r.id), r.region_code, std::nullopt,
                                       RequestJson(r));
  }));
  return r;
}

Result<std::vector<ChangeRequest>> OrgService::ListChangeRequests(const Principal& p,
                                                                  const std::string& status) {
  if (!status.empty() && status != "pending" && status != "approved" && status != "rejected")
    return InvalidArgument("status", "status must be pending, approved or rejected");
  std::optional<long long> only;
  CodeRange range{"000000000000", "999999999999"};
  if (p.role == Role::kOrg) {
    if (!p.org_id) return PermissionDenied("this account is not linked to an organization");
    only = *p.org_id;
  } else if (IsStaffRole(p) || p.role == Role::kAuditor) {
    range = SubtreeRange(p.region_code);
  } else {
    return PermissionDenied("change requests need a staff, admin, auditor or org account");
  }
  Result<std::vector<ChangeRequest>> out = Internal("not run");
  SHUNIU_RETURN_IF_ERROR(db_.Read([&](db::Conn& c) {
    out = org::ListChangeRequests(c, range.lo, range.hi, only, status);
    return out.status();
  }));
  return out;
}

Result<ChangeRequest> OrgService::DecideChange(const Principal& p, long long request_id,
                                               bool approve, const std::string& note) {
  if (!IsStaffRole(p)) return PermissionDenied("deciding change requests needs the staff role");
  if (Utf8Length(note) > 500)
    return InvalidArgument("note", "note must have at most 500 characters");
  ChangeRequest r;
  Status st = db_.Tx([&](db::Conn& c) -> Status {
    auto found = FindChangeRequest(c, request_id);
    if (!found.ok()) return found.status();
    if (!*found || !InSubtree((*found)->region_code, p.region_code))
      return NotFound("change request not found");
    r = **found;
    if (r.status != "pending") return Conflict("this change request was already decided");
    if (approve) {
      auto org = FindOrg(c, r.org_id);
      if (!org.ok()) return org.status();
      if (!*org) return NotFound("organization not found");
      OrgInput in;
      for (auto& [k, v] : r.changes) {
        in.v[k] = v;
        in.present.insert(k);
      }
      auto d = LoadDicts(c);
      if (!d.ok()) return d.status();
      SHUNIU_RETURN_IF_ERROR(UpdateIn(c, p, r.org_id, (*org)->version, in, *d, "request"));
    }
    r.status = approve ? "approved" : "rejected";
    r.decided_by = p.user_id;
    r.decided_by_name = p.username;
    r.decided_at = NowMs();
    r.decision_note = note;
    SHUNIU_RETURN_IF_ERROR(DecideChangeRequest(c, r));
    return audit::AuditService::Record(
        c, p.ctx, approve ? "org.change_request.approve" : "org.change_request.reject",
        "org_change_request", std::to_string(r.id), r.region_code, std::nullopt, RequestJson(r));
  });
  if (!st.ok()) return st;
  return r;
}

Status OrgService::AddDictItem(const Principal& p, const std::string& dict, const std::string& code,
                               const DictEntry& e) {
  if (p.role != Role::kAdmin) return PermissionDenied("only admins extend dictionaries");
  if (!kAdminDicts.count(dict)) return NotFound("no such extendable dictionary");
  static const std::regex re("^[a-z][a-z0-9_]{1,47}$");
  if (!std::regex_match(code, re))
    return InvalidArgument("code", "code must be 2–48 lower-case letters, digits or _");
  SHUNIU_RETURN_IF_ERROR(CheckDictNames(e));
  return db_.Tx([&](db::Conn& c) -> Status {
    Status ins = InsertDictItem(c, dict, code, e);
    if (ins.code() == Code::kAlreadyExists)
      return AlreadyExists("code", "this code already exists");
    SHUNIU_RETURN_IF_ERROR(ins);
    return audit::AuditService::Record(
        c, p.ctx, "dict.create", "dict_item", dict + "/" + code, "", std::nullopt,
        nlohmann::json{{"name_zh", e.zh}, {"name_en", e.en}, {"registered", e.registered}});
  });
}

Status OrgService::EditDictItem(const Principal& p, const std::string& dict,
                                const std::string& code, const DictEntry& e, bool active) {
  if (p.role != Role::kAdmin) return PermissionDenied("only admins edit dictionaries");
  if (!kAdminDicts.count(dict)) return NotFound("no such extendable dictionary");
  SHUNIU_RETURN_IF_ERROR(CheckDictNames(e));
  return db_.Tx([&](db::Conn& c) -> Status {
    auto ok = UpdateDictItem(c, dict, code, e, active);
    if (!ok.ok()) return ok.status();
    if (!*ok) return NotFound("no such dictionary entry");
    return audit::AuditService::Record(
        c, p.ctx, "dict.update", "dict_item", dict + "/" + code, "", std::nullopt,
        nlohmann::json{{"name_zh", e.zh}, {"name_en", e.en}, {"active", active}});
  });
}

Result<std::pair<std::vector<YearCount>, std::vector<YearCount>>> OrgService::Trend(
    const Principal& p, const std::string& region) {
  if (!IsStaffRole(p) && p.role != Role::kAuditor)
    return PermissionDenied("the dashboard needs a staff, admin or auditor role");
  std::string code = region.empty() ? p.region_code : region;
  if (!IsScopeCode(code)) return InvalidArgument("region", "region must be a 12-digit code");
  if (!InSubtree(code, p.region_code)) return NotFound("region not found");
  CodeRange r = SubtreeRange(code);
  std::pair<std::vector<YearCount>, std::vector<YearCount>> out;
  SHUNIU_RETURN_IF_ERROR(db_.Read([&](db::Conn& c) -> Status {
    auto founded = CountByYear(c, "founded_on", r.lo, r.hi);
    if (!founded.ok()) return founded.status();
    auto registered = CountByYear(c, "registered_on", r.lo, r.hi);
    if (!registered.ok()) return registered.status();
    out = {std::move(founded).value(), std::move(registered).value()};
    return Status::Ok();
  }));
  return out;
}

Result<std::string> OrgService::StatsXlsx(const Principal& p, const std::string& region) {
  auto st = Stats(p, region);
  if (!st.ok()) return st.status();
  auto d = Dictionaries();
  if (!d.ok()) return d.status();
  std::vector<sheet::Column> cols = {{"区划代码(region_code)", 16, {}},
                                     {"区划(region)", 18, {}},
                                     {"合计(total)", 10, {}},
                                     {"已登记(registered)", 12, {}},
                                     {"未登记(unregistered)", 12, {}}};
  for (auto& [code, e] : (*d)["org_kind"]) cols.push_back({e.zh + "(" + code + ")", 12, {}});
  for (auto& [code, e] : (*d)["org_status"]) cols.push_back({e.zh + "(" + code + ")", 10, {}});
  for (auto& [code, e] : (*d)["service_domain"]) cols.push_back({e.zh + "(" + code + ")", 12, {}});
  auto row = [&](const RegionCount& c) {
    std::vector<std::string> r = {c.region_code, c.region_name, std::to_string(c.total),
                                  std::to_string(c.registered), std::to_string(c.unregistered)};
    auto get = [](const std::map<std::string, long long>& m, const std::string& k) {
      auto it = m.find(k);
      return std::to_string(it == m.end() ? 0 : it->second);
    };
    for (auto& [code, e] : (*d)["org_kind"]) r.push_back(get(c.by_kind, code));
    for (auto& [code, e] : (*d)["org_status"]) r.push_back(get(c.by_status, code));
    for (auto& [code, e] : (*d)["service_domain"]) r.push_back(get(c.by_domain, code));
    return r;
  };
  std::vector<std::vector<std::string>> rows = {row(st->first)};
  for (auto& c : st->second) rows.push_back(row(c));
  SHUNIU_RETURN_IF_ERROR(db_.Tx([&](db::Conn& c) {
    return audit::AuditService::Record(c, p.ctx, "org.stats_export", "region",
                                       st->first.region_code, st->first.region_code);
  }));
  return sheet::WriteXlsx("统计 Figures", cols, rows);
}

}  // namespace shuniu::org
