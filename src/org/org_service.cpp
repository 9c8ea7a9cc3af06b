// Organization service implementation.
#include "org/org_service.h"

#include <cstdio>
#include <iterator>

#include "audit/audit_service.h"
#include "core/crypto.h"
#include "core/json_input.h"
#include "core/region_code.h"
#include "core/time.h"
#include "org/uscc.h"

namespace shuniu::org {

bool IsStaffRole(const Principal& p) { return p.role == Role::kAdmin || p.role == Role::kStaff; }

bool VisibleTo(const Principal& p, const Org& o) {
  if (p.role == Role::kOrg) return p.org_id && *p.org_id == o.id;
  if (!IsStaffRole(p) && p.role != Role::kAuditor) return false;
  return InSubtree(o.Get("region_code"), p.region_code);
}

namespace {

nlohmann::json Snapshot(const Org& o) {
  nlohmann::json j = {{"id", o.id}, {"version", o.version}};
  for (auto& [k, v] : o.v) j[k] = v ? nlohmann::json(*v) : nlohmann::json();
  j["domains"] = o.domains;
  j["tags"] = o.tags;
  return j;
}

std::string Join(const std::vector<std::string>& v) {
  std::string s;
  for (auto& x : v) s += (s.empty() ? "" : ",") + x;
  return s;
}

std::vector<std::string> Warnings(const Org& o) {
  if (o.Get("uscc").empty()) return {};
  auto info = ParseUscc(o.Get("uscc"));
  if (!info.ok()) return {info.status().message()};
  return UsccWarnings(*info, o.Get("kind"), o.Get("region_code"));
}

}  // namespace

std::string MaskPhone(const std::string& d) {
  if (d.size() == 11 && d[0] == '1') return d.substr(0, 3) + "****" + d.substr(7);
  if (d.size() >= 8)
    return d.substr(0, 4) + std::string(d.size() - 6, '*') + d.substr(d.size() - 2);
  return std::string(d.size(), '*');
}

Status OrgService::ApplyPhone(Org& o, const std::string& digits) const {
  if (digits.empty()) {
    o.phone_sealed.clear();
    o.phone_index.clear();
    o.v["contact_phone"].reset();
    return Status::Ok();
  }
  o.phone_sealed = crypto::SealText(secret_, "pii.phone", digits);
  o.phone_index = crypto::HmacSha256Hex(secret_, "phone:" + digits);
  o.v["contact_phone"] = MaskPhone(digits);
  return Status::Ok();
}

Status OrgService::Validate(db::Conn& c, const Principal& p, Org& o, const OrgInput& in,
                            const Dicts& d, const ImportBatch* batch) {
  for (const auto& f : OrgFields()) {
    if (f.type == FieldType::kList || !in.present.count(f.name)) continue;
    std::string value = in.v.count(f.name) && in.v.at(f.name) ? *in.v.at(f.name) : "";
    SHUNIU_RETURN_IF_ERROR(ValidateValue(f, value));
    if (f.type == FieldType::kDict && !value.empty() &&
        (!d.count(f.dict) || !d.at(f.dict).count(value)))
      return InvalidArgument(
          f.name, std::string(f.name) + " '" + value + "' is not in the " + f.dict + " dictionary");
    if (f.type == FieldType::kPhone) {
      SHUNIU_RETURN_IF_ERROR(ApplyPhone(o, value));
      continue;
    }
    if (f.type == FieldType::kBool && value.empty()) value = "0";  // NOT NULL columns
    o.v[f.name] = value.empty() ? std::nullopt : std::optional<std::string>(value);
  }
  if (in.domains) {
    for (auto& dom : *in.domains)
      if (!d.at("service_domain").count(dom))
        return InvalidArgument("domains", "domains '" + dom + "' is not a service domain");
    if (std::set<std::string>(in.domains->begin(), in.domains->end()).size() != in.domains->size())
      return InvalidArgument("domains", "each service domain may be listed only once");
    o.domains = *in.domains;
  }
  if (in.tags) {
    for (auto t : *in.tags) {
      long long n = Utf8Length(t);
      if (n < 1 || n > 30 || t.find(',') != std::string::npos)
        return InvalidArgument("tags", "each tag must have 1–30 characters and no comma");
    }
    o.tags = *in.tags;
  }
  for (const auto& f : OrgFields())
    if (f.required && o.Get(f.name).empty())
      return InvalidArgument(f.name, std::string(f.name) + " is required");
  const std::string& region = o.Get("region_code");
  if (batch) {
    if (!batch->regions.count(region))
      return InvalidArgument("region_code", "unknown region " + region);
  } else {
    auto r = regions_.Find(region);
    if (!r.ok()) return r.status();
    if (!*r) return InvalidArgument("region_code", "unknown region " + region);
  }
  if (!InSubtree(region, p.region_code) && p.role != Role::kOrg)
    return Status(Code::kPermissionDenied, "the region is outside your scope", "region_code");
  o.level = RegionLevel(region);
  o.registered = d.at("org_kind").at(o.Get("kind")).registered;
  if (o.registered && o.Get("uscc").empty())
    return InvalidArgument("uscc",
                           "a registered organization needs its unified social credit code");
  if (!o.Get("uscc").empty()) {
    std::optional<long long> other;
    if (batch) {
      // The batch knows every code of the file; a code it does not hold is
      // the organization's own, unchanged.
      auto it = batch->by_uscc.find(o.Get("uscc"));
      if (it != batch->by_uscc.end()) other = it->second;
    } else {
      auto found = FindOrgIdByUscc(c, o.Get("uscc"));
      if (!found.ok()) return found.status();
      other = *found;
    }
    if (other && *other != o.id)
      return AlreadyExists("uscc", "another organization already has this credit code");
  }
  return Status::Ok();
}

Status OrgService::ScopeFilter(const Principal& p, OrgFilter& f) {
  if (p.role == Role::kOrg) {
    if (!p.org_id) return PermissionDenied("this account is not linked to an organization");
    f.only_id = *p.org_id;
    f.lo = "000000000000";
    f.hi = "999999999999";
    return Status::Ok();
  }
  if (!IsStaffRole(p) && p.role != Role::kAuditor)
    return PermissionDenied("the organization base needs a staff, admin or auditor role");
  if (!f.region.empty()) {
    if (!IsScopeCode(f.region)) return InvalidArgument("region", "region must be a 12-digit code");
    if (!InSubtree(f.region, p.region_code)) return NotFound("region not found");
  }
  f.count_region = f.region.empty() ? p.region_code : f.region;
  CodeRange r = SubtreeRange(f.count_region);
  f.lo = r.lo;
  f.hi = r.hi;
  return Status::Ok();
}

Result<std::pair<std::vector<Org>, long long>> OrgService::List(const Principal& p, OrgFilter f) {
  SHUNIU_RETURN_IF_ERROR(ScopeFilter(p, f));
  std::string digits;
  for (char ch : f.q)
    if (ch != ' ' && ch != '-') digits += ch;
  if (digits.size() >= 7 && digits.find_first_not_of("0123456789") == std::string::npos)
    f.phone_index = crypto::HmacSha256Hex(secret_, "phone:" + digits);
  Result<std::pair<std::vector<Org>, long long>> out = Internal("not run");
  SHUNIU_RETURN_IF_ERROR(db_.Read([&](db::Conn& c) {
    out = ListOrgs(c, f);
    return out.status();
  }));
  return out;
}

Result<OrgView> OrgService::Get(const Principal& p, long long id, bool unmask_phone) {
  OrgView view;
  Status st = db_.Read([&](db::Conn& c) -> Status {
    auto o = FindOrg(c, id);
    if (!o.ok()) return o.status();
    if (!*o || !VisibleTo(p, **o)) return NotFound("organization not found");
    view.org = std::move(**o);
    return Status::Ok();
  });
  if (!st.ok()) return st;
  if (unmask_phone && !view.org.phone_sealed.empty()) {
    if (!IsStaffRole(p)) return PermissionDenied("reading the full phone number needs pii.read");
    view.org.v["contact_phone"] =
        crypto::OpenText(secret_, "pii.phone", view.org.phone_sealed).value_or("");
    view.phone_unmasked = true;
    SHUNIU_RETURN_IF_ERROR(db_.Tx([&](db::Conn& c) {
      return audit::AuditService::Record(c, p.ctx, "org.pii_read", "org", std::to_string(id),
                                         view.org.Get("region_code"), std::nullopt,
                                         nlohmann::json{{"field", "contact_phone"}});
    }));
  }
  auto r = regions_.Find(view.org.Get("region_code"));
  if (r.ok() && *r) view.region_name = (*r)->name;
  view.warnings = Warnings(view.org);
  return view;
}

Status OrgService::CreateIn(db::Conn& c, const Principal& p, const OrgInput& in, const Dicts& d,
                            Org& o, ImportBatch* batch) {
  if (batch) {
    auto id = batch->org_ids.Next(c);
    if (!id.ok()) return id.status();
    o.id = *id;
  } else {
    o.id = crypto::RandomId();
  }
  if (!o.v.count("status") || !o.v["status"]) o.v["status"] = "active";
  if (!o.v.count("published") || !o.v["published"]) o.v["published"] = "0";  // NOT NULL
  SHUNIU_RETURN_IF_ERROR(Validate(c, p, o, in, d, batch));
  o.created_at = o.updated_at = NowMs();
  HistoryEntry created{o.created_at, p.ctx.actor_id, p.ctx.actor_name, "create", "name",
                       "",           o.Get("name")};
  if (batch) {
    if (batch->dry_run) return Status::Ok();
    batch->counts.Add(o.Get("region_code"), o.Get("kind"), o.Get("status"), 1);
    batch->counts.AddReport(o, 1);
    for (auto& dom : o.domains) batch->counts.AddDomain(o.Get("region_code"), dom, 1);
    batch->history.emplace_back(o.id, std::move(created));
    // Audited with the batch it is written in (FlushImport): one event per
    // up to 512 new organizations instead of one each.
    batch->new_orgs.push_back(std::move(o));  // the caller keeps only o.id
    o.id = batch->new_orgs.back().id;
    return Status::Ok();
  }
  Status ins = InsertOrg(c, o);
  if (ins.code() == Code::kAlreadyExists)
    return AlreadyExists("uscc", "another organization already has this credit code");
  SHUNIU_RETURN_IF_ERROR(ins);
  SHUNIU_RETURN_IF_ERROR(SetDomains(c, o.id, o.domains));
  SHUNIU_RETURN_IF_ERROR(AdjustCount(c, o.Get("region_code"), o.Get("kind"), o.Get("status"), 1));
  SHUNIU_RETURN_IF_ERROR(AdjustReportCount(c, o, 1));
  for (auto& dom : o.domains)
    SHUNIU_RETURN_IF_ERROR(AdjustDomainCount(c, o.Get("region_code"), dom, 1));
  SHUNIU_RETURN_IF_ERROR(AddHistory(c, o.id, created));
  return audit::AuditService::Record(c, p.ctx, "org.create", "org", std::to_string(o.id),
                                     o.Get("region_code"), std::nullopt, Snapshot(o));
}

Result<long long> OrgService::RecountReport(const Principal& p) {
  if (p.role != Role::kAdmin) return PermissionDenied("recounting needs the admin role");
  long long rows = 0;
  Status st = db_.Tx([&](db::Conn& c) -> Status {
    SHUNIU_RETURN_IF_ERROR(RebuildReportCounts(c));
    auto n = c.QueryOne("SELECT COUNT(*) FROM org_report_counts");
    if (!n.ok()) return n.status();
    rows = (*n)->Int(0);
    return audit::AuditService::Record(c, p.ctx, "org.recount", "org_report_counts", "",
                                       p.region_code, std::nullopt, nlohmann::json{{"rows", rows}});
  });
  if (!st.ok()) return st;
  return rows;
}

Result<OrgView> OrgService::Create(const Principal& p, const OrgInput& in) {
  if (!IsStaffRole(p))
    return PermissionDenied("creating organizations needs the staff or admin role");
  Org o;
  Status st = db_.Tx([&](db::Conn& c) -> Status {
    auto d = LoadDicts(c);
    if (!d.ok()) return d.status();
    return CreateIn(c, p, in, *d, o);
  });
  if (!st.ok()) return st;
  return Get(p, o.id);
}

Status OrgService::UpdateIn(db::Conn& c, const Principal& p, long long id, long long version,
                            const OrgInput& in, const Dicts& d, const std::string& change_kind,
                            ImportBatch* batch) {
  auto found = FindOrg(c, id);
  if (!found.ok()) return found.status();
  if (!*found || !VisibleTo(p, **found)) return NotFound("organization not found");
  Org before = **found;
  if (before.version != version)
    return Conflict("the organization was changed by someone else; reload and try again");
  Org after = before;
  SHUNIU_RETURN_IF_ERROR(Validate(c, p, after, in, d, batch));
  if (batch && batch->dry_run) return Status::Ok();
  after.updated_at = NowMs();
  auto saved = UpdateOrg(c, after, version);
  if (!saved.ok()) return saved.status();
  if (!*saved)
    return Conflict("the organization was changed by someone else; reload and try again");
  // Field-level history: one row per changed field.
  std::string kind = (!before.registered && after.registered) ? "register"
                     : change_kind.empty()                    ? "update"
                                                              : change_kind;
  std::vector<std::pair<long long, HistoryEntry>> history;
  auto record = [&](const std::string& field, const std::string& a, const std::string& b) {
    if (a != b)
      history.emplace_back(
          id, HistoryEntry{after.updated_at, p.ctx.actor_id, p.ctx.actor_name, kind, field, a, b});
  };
  for (const auto& f : OrgFields()) {
    if (f.type == FieldType::kList) continue;
    std::string a = before.Get(f.name), b = after.Get(f.name);
    // Phones are compared by their blind index: two numbers can share a mask.
    if (f.type == FieldType::kPhone && a == b && before.phone_index != after.phone_index)
      b += " (changed)";
    record(f.name, a, b);
  }
  record("domains", Join(before.domains), Join(after.domains));
  record("tags", Join(before.tags), Join(after.tags));
  if (batch)
    std::move(history.begin(), history.end(), std::back_inserter(batch->history));
  else
    SHUNIU_RETURN_IF_ERROR(AddHistories(c, history));
  if (before.domains != after.domains) SHUNIU_RETURN_IF_ERROR(SetDomains(c, id, after.domains));
  if (before.domains != after.domains || before.Get("region_code") != after.Get("region_code")) {
    for (auto& dom : before.domains) {
      if (batch)
        batch->counts.AddDomain(before.Get("region_code"), dom, -1);
      else
        SHUNIU_RETURN_IF_ERROR(AdjustDomainCount(c, before.Get("region_code"), dom, -1));
    }
    for (auto& dom : after.domains) {
      if (batch)
        batch->counts.AddDomain(after.Get("region_code"), dom, 1);
      else
        SHUNIU_RETURN_IF_ERROR(AdjustDomainCount(c, after.Get("region_code"), dom, 1));
    }
  }
  if (before.Get("region_code") != after.Get("region_code") ||
      before.Get("kind") != after.Get("kind") || before.Get("status") != after.Get("status")) {
    if (batch) {
      batch->counts.Add(before.Get("region_code"), before.Get("kind"), before.Get("status"), -1);
      batch->counts.Add(after.Get("region_code"), after.Get("kind"), after.Get("status"), 1);
    } else {
      SHUNIU_RETURN_IF_ERROR(
          AdjustCount(c, before.Get("region_code"), before.Get("kind"), before.Get("status"), -1));
      SHUNIU_RETURN_IF_ERROR(
          AdjustCount(c, after.Get("region_code"), after.Get("kind"), after.Get("status"), 1));
    }
  }
  if (ReportKeyChanged(before, after)) {
    if (batch) {
      batch->counts.AddReport(before, -1);
      batch->counts.AddReport(after, 1);
    } else {
      SHUNIU_RETURN_IF_ERROR(AdjustReportCount(c, before, -1));
      SHUNIU_RETURN_IF_ERROR(AdjustReportCount(c, after, 1));
    }
  }
  return audit::AuditService::Record(c, p.ctx, "org." + kind, "org", std::to_string(id),
                                     after.Get("region_code"), Snapshot(before), Snapshot(after));
}

Result<OrgView> OrgService::Update(const Principal& p, long long id, long long version,
                                   const OrgInput& in) {
  if (p.role == Role::kOrg) {
    for (auto& name : in.present) {
      const FieldDef* f = FindField(name);
      if (f && !f->org_editable)
        return Status(Code::kPermissionDenied,
                      name + " can only be changed by staff: propose a change request instead",
                      name);
    }
  } else if (!IsStaffRole(p)) {
    return PermissionDenied("editing organizations needs the staff or admin role");
  }
  Status st = db_.Tx([&](db::Conn& c) -> Status {
    auto d = LoadDicts(c);
    if (!d.ok()) return d.status();
    return UpdateIn(c, p, id, version, in, *d);
  });
  if (!st.ok()) return st;
  return Get(p, id);
}

Result<std::vector<HistoryEntry>> OrgService::History(const Principal& p, long long id) {
  auto view = Get(p, id);
  if (!view.ok()) return view.status();
  Result<std::vector<HistoryEntry>> out = Internal("not run");
  SHUNIU_RETURN_IF_ERROR(db_.Read([&](db::Conn& c) {
    out = ListHistory(c, id);
    return out.status();
  }));
  return out;
}

Result<std::pair<RegionCount, std::vector<RegionCount>>> OrgService::Stats(
    const Principal& p, const std::string& region) {
  if (!IsStaffRole(p) && p.role != Role::kAuditor)
    return PermissionDenied("the dashboard needs a staff, admin or auditor role");
  std::string code = region.empty() ? p.region_code : region;
  std::string code_name;
  std::vector<std::pair<std::string, std::string>> kids_of;  // (code, name) by code
  std::vector<std::string> codes = {code};
  if (code == kNationalRoot) {
    // The country: its children are the provinces of the region table (at
    // most 99 codes dd0000000000 to ask for); no count row is kept for the
    // country itself, its figures are the provinces' sums.
    if (p.region_code != kNationalRoot) return NotFound("region not found");
    code_name = "全国";
    codes.clear();
    std::vector<std::string> candidates;
    for (int i = 1; i <= 99; ++i) {
      char c[16];
      std::snprintf(c, sizeof c, "%02d0000000000", i);
      candidates.emplace_back(c);
    }
    auto names = regions_.Names(candidates);
    if (!names.ok()) return names.status();
    for (auto& [c, name] : *names) kids_of.emplace_back(c, name);
  } else {
    // The region service knows no national scope: a national principal asks
    // it with the scope of the region's province.
    Principal scoped = p;
    if (p.region_code == kNationalRoot && IsRegionCode(code))
      scoped.region_code = code.substr(0, 2) + "0000000000";
    auto detail = regions_.Get(scoped, code);  // validates the code and the scope (404 outside)
    if (!detail.ok()) return detail.status();
    auto children = regions_.Children(scoped, code);
    if (!children.ok()) return children.status();
    code_name = detail->region.name;
    for (auto& ch : **children) kids_of.emplace_back(ch.code, ch.name);
  }
  std::map<std::string, RegionCount> by_code;
  by_code[code].region_code = code;
  by_code[code].region_name = code_name;
  for (auto& [c, name] : kids_of) {
    codes.push_back(c);
    by_code[c].region_code = c;
    by_code[c].region_name = name;
  }
  Dicts dicts;
  Result<std::vector<std::tuple<std::string, std::string, std::string, long long>>> rows =
      Internal("not run");
  SHUNIU_RETURN_IF_ERROR(db_.Read([&](db::Conn& c) -> Status {
    auto d = LoadDicts(c);
    if (!d.ok()) return d.status();
    dicts = *d;
    rows = CountsFor(c, codes);
    if (!rows.ok()) return rows.status();
    auto doms = DomainCountsFor(c, codes);
    if (!doms.ok()) return doms.status();
    for (auto& [rc, dom, n] : *doms) by_code[rc].by_domain[dom] += n;
    return Status::Ok();
  }));
  for (auto& [rc, kind, status, n] : *rows) {
    RegionCount& r = by_code[rc];
    r.total += n;
    bool reg = dicts["org_kind"].count(kind) && dicts["org_kind"][kind].registered;
    (reg ? r.registered : r.unregistered) += n;
    r.by_kind[kind] += n;
    r.by_status[status] += n;
  }
  std::vector<RegionCount> kids;
  for (auto& [c, name] : kids_of) kids.push_back(by_code[c]);
  if (code == kNationalRoot) {
    RegionCount& all = by_code[code];
    for (auto& k : kids) {
      all.total += k.total;
      all.registered += k.registered;
      all.unregistered += k.unregistered;
      for (auto& [key, n] : k.by_kind) all.by_kind[key] += n;
      for (auto& [key, n] : k.by_status) all.by_status[key] += n;
      for (auto& [key, n] : k.by_domain) all.by_domain[key] += n;
    }
  }
  return std::make_pair(by_code[code], kids);
}

Result<std::pair<std::vector<Org>, long long>> OrgService::PublicList(const std::string& q,
                                                                      const std::string& region,
                                                                      long long page,
                                                                      long long size) {
  OrgFilter f;
  f.q = q;
  f.page = page;
  f.size = size;
  f.published_only = true;
  if (!region.empty() && !IsRegionCode(region))
    return InvalidArgument("region", "region must be a 12-digit code");
  CodeRange r = SubtreeRange(region.empty() ? "440000000000" : region);
  f.lo = region.empty() ? "000000000000" : r.lo;
  f.hi = region.empty() ? "999999999999" : r.hi;
  Result<std::pair<std::vector<Org>, long long>> out = Internal("not run");
  SHUNIU_RETURN_IF_ERROR(db_.Read([&](db::Conn& c) {
    out = ListOrgs(c, f);
    return out.status();
  }));
  return out;
}

std::map<std::string, std::string> OrgService::RegionNames(const std::vector<Org>& orgs) {
  std::map<std::string, std::string> out;
  std::vector<std::string> missing;
  int64_t now = NowMs();
  {
    std::lock_guard<std::mutex> lk(names_mu_);
    for (auto& o : orgs) {
      const std::string& code = o.Get("region_code");
      auto it = names_.find(code);
      if (it != names_.end() && now - it->second.second < kNamesTtlMs && now >= it->second.second)
        out[code] = it->second.first;
      else
        missing.push_back(code);
    }
  }
  if (missing.empty()) return out;
  auto names = regions_.Names(missing);
  if (!names.ok()) return out;
  std::lock_guard<std::mutex> lk(names_mu_);
  if (names_.size() > 100000) names_.clear();
  for (auto& [code, name] : *names) {
    names_[code] = {name, now};
    out[code] = name;
  }
  return out;
}

Result<Dicts> OrgService::Dictionaries() {
  Result<Dicts> out = Internal("not run");
  SHUNIU_RETURN_IF_ERROR(db_.Read([&](db::Conn& c) {
    out = LoadDicts(c);
    return out.status();
  }));
  return out;
}

Status OrgService::CheckInScope(const Principal& p, long long org_id) {
  auto view = Get(p, org_id);
  if (!view.ok()) return Status(Code::kInvalidArgument, "unknown organization", "org_id");
  return Status::Ok();
}

Status OrgService::SetStatusIn(db::Conn& c, const Principal& p, long long id,
                               const std::string& status, const std::string& change_kind) {
  auto found = FindOrg(c, id);
  if (!found.ok()) return found.status();
  if (!*found || !VisibleTo(p, **found)) return NotFound("organization not found");
  if ((*found)->Get("status") == status) return Status::Ok();
  auto d = LoadDicts(c);
  if (!d.ok()) return d.status();
  OrgInput in;
  in.v["status"] = status;
  in.present.insert("status");
  return UpdateIn(c, p, id, (*found)->version, in, *d, change_kind);
}

}  // namespace shuniu::org
