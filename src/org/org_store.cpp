// Organization SQL. Column names equal field names except contact_phone (three
// stored columns) and the list fields (domains in org_domains, tags joined).
#include "org/org_store.h"

#include <nlohmann/json.hpp>

#include "core/crypto.h"
#include "core/region_code.h"

namespace shuniu::org {
namespace {

// Scalar fields stored in a column of the same name.
std::vector<const FieldDef*> ScalarFields() {
  std::vector<const FieldDef*> out;
  for (const auto& f : OrgFields())
    if (f.type != FieldType::kList && f.type != FieldType::kPhone) out.push_back(&f);
  return out;
}

bool IsIntColumn(const FieldDef& f) {
  return f.type == FieldType::kInt || f.type == FieldType::kBool;
}

const std::string& Columns() {
  static const std::string cols = [] {
    std::string s = "id";
    for (auto* f : ScalarFields()) s += std::string(", ") + f->name;
    return s +
           ", tags, contact_phone_sealed, contact_phone_index, contact_phone_masked, "
           "registered, level, version, created_at, updated_at";
  }();
  return cols;
}

db::Value ValueOf(const FieldDef& f, const Org& o) {
  auto it = o.v.find(f.name);
  if (it == o.v.end() || !it->second || it->second->empty()) return db::Null();
  if (IsIntColumn(f)) return std::strtoll(it->second->c_str(), nullptr, 10);
  return *it->second;
}

std::string JoinTags(const std::vector<std::string>& tags) {
  if (tags.empty()) return "";
  std::string s = ",";
  for (auto& t : tags) s += t + ",";
  return s;
}

std::vector<std::string> SplitTags(const std::string& s) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < s.size()) {
    size_t end = s.find(',', pos);
    if (end == std::string::npos) end = s.size();
    if (end > pos) out.push_back(s.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

std::vector<db::Value> RowValues(const Org& o) {
  std::vector<db::Value> p = {o.id};
  for (auto* f : ScalarFields()) p.push_back(ValueOf(*f, o));
  std::string tags = JoinTags(o.tags);
  p.push_back(tags.empty() ? db::Null() : db::Value(tags));
  p.push_back(o.phone_sealed.empty() ? db::Null() : db::Value(o.phone_sealed));
  p.push_back(o.phone_index.empty() ? db::Null() : db::Value(o.phone_index));
  const std::string& masked = o.Get("contact_phone");
  p.push_back(masked.empty() ? db::Null() : db::Value(masked));
  p.push_back(static_cast<long long>(o.registered));
  p.push_back(static_cast<long long>(o.level));
  p.push_back(o.version);
  p.push_back(static_cast<long long>(o.created_at));
  p.push_back(static_cast<long long>(o.updated_at));
  return p;
}

Org FromRow(const db::Row& r) {
  Org o;
  size_t i = 0;
  o.id = r.Int(i++);
  for (auto* f : ScalarFields()) o.v[f->name] = r.OptStr(i++);
  o.tags = SplitTags(r.Str(i++));
  o.phone_sealed = r.Str(i++);
  o.phone_index = r.Str(i++);
  o.v["contact_phone"] = r.OptStr(i++);  // the masked form; the service unmasks on request
  o.registered = r.Int(i++) != 0;
  o.level = static_cast<int>(r.Int(i++));
  o.version = r.Int(i++);
  o.created_at = r.Int(i++);
  o.updated_at = r.Int(i++);
  return o;
}

std::string Placeholders(size_t n, size_t from = 1) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s += (i ? ", :" : ":") + std::to_string(from + i);
  return s;
}

Status LoadDomains(db::Conn& c, std::vector<Org>& orgs) {
  if (orgs.empty()) return Status::Ok();
  std::vector<db::Value> ids;
  std::map<long long, Org*> by_id;
  for (auto& o : orgs) {
    ids.push_back(o.id);
    by_id[o.id] = &o;
  }
  auto rows = c.Query("SELECT org_id, domain FROM org_domains WHERE org_id IN (" +
                          Placeholders(ids.size()) + ") ORDER BY org_id, domain",
                      ids);
  if (!rows.ok()) return rows.status();
  for (auto& r : *rows) by_id[r.Int(0)]->domains.push_back(r.Str(1));
  return Status::Ok();
}

}  // namespace

Result<Dicts> LoadDicts(db::Conn& c) {
  auto rows = c.Query(
      "SELECT dict, code, name_zh, name_en, registered, sort FROM dict_items WHERE active = 1 "
      "ORDER BY dict, sort");
  if (!rows.ok()) return rows.status();
  Dicts d;
  for (auto& r : *rows)
    d[r.Str(0)][r.Str(1)] = DictEntry{r.Str(2), r.Str(3), r.Int(4) != 0, r.Int(5)};
  return d;
}

Status InsertOrg(db::Conn& c, const Org& o) {
  auto p = RowValues(o);
  return c.Exec("INSERT INTO orgs (" + Columns() + ") VALUES (" + Placeholders(p.size()) + ")", p);
}

Result<bool> UpdateOrg(db::Conn& c, const Org& o, long long expected_version) {
  auto p = RowValues(o);
  std::string cols = Columns();
  std::string set;
  size_t idx = 1, pos = 0;
  // Skip "id" (p[0]); assign every other column by position.
  std::vector<std::string> names;
  while (pos < cols.size()) {
    size_t end = cols.find(", ", pos);
    if (end == std::string::npos) end = cols.size();
    names.push_back(cols.substr(pos, end - pos));
    pos = end + 2;
  }
  std::vector<db::Value> params;
  for (size_t i = 1; i < names.size(); ++i) {
    if (names[i] == "version" || names[i] == "created_at") continue;
    set += (set.empty() ? "" : ", ") + names[i] + " = :" + std::to_string(idx++);
    params.push_back(p[i]);
  }
  params.push_back(o.id);
  params.push_back(expected_version);
  auto n = c.ExecCount("UPDATE orgs SET " + set + ", version = version + 1 WHERE id = :" +
                           std::to_string(idx) + " AND version = :" + std::to_string(idx + 1),
                       params);
  if (!n.ok()) return n.status();
  return *n == 1;
}

Result<std::optional<Org>> FindOrg(db::Conn& c, long long id) {
  auto r = c.QueryOne("SELECT " + Columns() + " FROM orgs WHERE id = :1", {id});
  if (!r.ok()) return r.status();
  if (!*r) return std::optional<Org>{};
  std::vector<Org> one = {FromRow(**r)};
  SHUNIU_RETURN_IF_ERROR(LoadDomains(c, one));
  return std::optional<Org>(std::move(one[0]));
}

Result<std::optional<long long>> FindOrgIdByUscc(db::Conn& c, const std::string& uscc) {
  auto r = c.QueryOne("SELECT id FROM orgs WHERE uscc = :1", {uscc});
  if (!r.ok()) return r.status();
  if (!*r) return std::optional<long long>{};
  return std::optional<long long>((*r)->Int(0));
}

Result<std::pair<std::vector<Org>, long long>> ListOrgs(db::Conn& c, const OrgFilter& f) {
  std::string where = " FROM orgs WHERE region_code >= :1 AND region_code <= :2";
  std::vector<db::Value> p = {f.lo, f.hi};
  auto add = [&](const std::string& cond, db::Value v) {
    p.push_back(std::move(v));
    std::string s = cond;
    size_t q;
    while ((q = s.find('?')) != std::string::npos) s.replace(q, 1, ":" + std::to_string(p.size()));
    where += " AND " + s;
  };
  if (f.only_id) add("id = ?", *f.only_id);
  if (f.published_only) add("published = ?", 1LL);
  if (!f.kind.empty()) add("kind = ?", f.kind);
  if (!f.status.empty()) add("status = ?", f.status);
  if (!f.guidance_category.empty()) add("guidance_category = ?", f.guidance_category);
  if (!f.origin.empty()) add("origin = ?", f.origin);
  if (f.registered) add("registered = ?", static_cast<long long>(*f.registered));
  if (f.cadre_user_id) add("cadre_user_id = ?", *f.cadre_user_id);
  if (!f.domain.empty()) add("id IN (SELECT org_id FROM org_domains WHERE domain = ?)", f.domain);
  if (!f.founded_from.empty()) add("founded_on >= ?", f.founded_from);
  if (!f.founded_to.empty()) add("founded_on <= ?", f.founded_to);
  if (!f.registered_from.empty()) add("registered_on >= ?", f.registered_from);
  if (!f.registered_to.empty()) add("registered_on <= ?", f.registered_to);
  if (!f.q.empty()) {
    std::string like = db::LikeContains(f.q);
    // One placeholder per use: SOCI numbers PostgreSQL placeholders by occurrence.
    std::string cond = "(name LIKE ? ESCAPE '!'";
    p.push_back(like);
    cond.replace(cond.find('?'), 1, ":" + std::to_string(p.size()));
    for (const char* col : {"uscc", "contact_name", "tags"}) {
      p.push_back(like);
      cond += std::string(" OR ") + col + " LIKE :" + std::to_string(p.size()) + " ESCAPE '!'";
    }
    if (!f.phone_index.empty()) {
      p.push_back(f.phone_index);
      cond += " OR contact_phone_index = :" + std::to_string(p.size());
    }
    where += " AND " + cond + ")";
  }
  static const std::map<std::string, std::string> kSorts = {
      {"name", "name, id"},
      {"-name", "name DESC, id"},
      {"founded_on", "founded_on, id"},
      {"-founded_on", "founded_on DESC, id"},
      {"registered_on", "registered_on, id"},
      {"-registered_on", "registered_on DESC, id"},
      {"updated_at", "updated_at, id"},
      {"-updated_at", "updated_at DESC, id"},
      {"region_code", "region_code, id"}};
  auto sort = kSorts.find(f.sort);
  auto total = c.QueryOne("SELECT COUNT(*)" + where, p);
  if (!total.ok()) return total.status();
  p.push_back(f.size);
  p.push_back((f.page - 1) * f.size);
  auto rows = c.Query("SELECT " + Columns() + where + " ORDER BY " +
                          (sort == kSorts.end() ? "name, id" : sort->second) + " LIMIT :" +
                          std::to_string(p.size() - 1) + " OFFSET :" + std::to_string(p.size()),
                      p);
  if (!rows.ok()) return rows.status();
  std::vector<Org> out;
  for (auto& r : *rows) out.push_back(FromRow(r));
  SHUNIU_RETURN_IF_ERROR(LoadDomains(c, out));
  return std::make_pair(std::move(out), (*total)->Int(0));
}

Status SetDomains(db::Conn& c, long long org_id, const std::vector<std::string>& domains) {
  SHUNIU_RETURN_IF_ERROR(c.Exec("DELETE FROM org_domains WHERE org_id = :1", {org_id}));
  for (auto& d : domains)
    SHUNIU_RETURN_IF_ERROR(
        c.Exec("INSERT INTO org_domains (org_id, domain) VALUES (:1, :2)", {org_id, d}));
  return Status::Ok();
}

Status AddHistory(db::Conn& c, long long org_id, const HistoryEntry& h) {
  return c.Exec(
      "INSERT INTO org_history (id, org_id, at, actor_id, actor_name, change_kind, field, "
      "old_value, new_value) VALUES (:1, :2, :3, :4, :5, :6, :7, :8, :9)",
      {static_cast<long long>(crypto::RandomId()), org_id, static_cast<long long>(h.at),
       db::Opt(h.actor_id), h.actor_name, h.change_kind, h.field,
       h.old_value.empty() ? db::Null() : db::Value(h.old_value),
       h.new_value.empty() ? db::Null() : db::Value(h.new_value)});
}

Result<std::vector<HistoryEntry>> ListHistory(db::Conn& c, long long org_id) {
  auto rows = c.Query(
      "SELECT at, actor_id, actor_name, change_kind, field, old_value, new_value FROM "
      "org_history WHERE org_id = :1 ORDER BY at DESC, field",
      {org_id});
  if (!rows.ok()) return rows.status();
  std::vector<HistoryEntry> out;
  for (auto& r : *rows)
    out.push_back({r.Int(0), r.OptInt(1), r.Str(2), r.Str(3), r.Str(4), r.Str(5), r.Str(6)});
  return out;
}

Status AdjustCount(db::Conn& c, const std::string& region_code, const std::string& kind,
                   const std::string& status, long long delta) {
  for (const std::string& code : AncestorCodes(region_code, /*with_self=*/true)) {
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "INSERT INTO org_counts (region_code, kind, status, n) VALUES (:1, :2, :3, :4) "
        "ON CONFLICT (region_code, kind, status) DO UPDATE SET n = org_counts.n + excluded.n",
        {code, kind, status, delta}));
  }
  return Status::Ok();
}

Result<std::vector<std::tuple<std::string, std::string, std::string, long long>>> CountsFor(
    db::Conn& c, const std::vector<std::string>& regions) {
  std::vector<std::tuple<std::string, std::string, std::string, long long>> out;
  if (regions.empty()) return out;
  std::vector<db::Value> p(regions.begin(), regions.end());
  auto rows = c.Query(
      "SELECT region_code, kind, status, n FROM org_counts WHERE n <> 0 AND "
      "region_code IN (" +
          Placeholders(p.size()) + ")",
      p);
  if (!rows.ok()) return rows.status();
  for (auto& r : *rows) out.emplace_back(r.Str(0), r.Str(1), r.Str(2), r.Int(3));
  return out;
}

Status AdjustDomainCount(db::Conn& c, const std::string& region_code, const std::string& domain,
                         long long delta) {
  for (const std::string& code : AncestorCodes(region_code, /*with_self=*/true)) {
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "INSERT INTO org_domain_counts (region_code, domain, n) VALUES (:1, :2, :3) "
        "ON CONFLICT (region_code, domain) DO UPDATE SET n = org_domain_counts.n + excluded.n",
        {code, domain, delta}));
  }
  return Status::Ok();
}

Result<std::vector<std::tuple<std::string, std::string, long long>>> DomainCountsFor(
    db::Conn& c, const std::vector<std::string>& regions) {
  std::vector<std::tuple<std::string, std::string, long long>> out;
  if (regions.empty()) return out;
  std::vector<db::Value> p(regions.begin(), regions.end());
  auto rows = c.Query(
      "SELECT region_code, domain, n FROM org_domain_counts WHERE n <> 0 AND region_code IN (" +
          Placeholders(p.size()) + ")",
      p);
  if (!rows.ok()) return rows.status();
  for (auto& r : *rows) out.emplace_back(r.Str(0), r.Str(1), r.Int(2));
  return out;
}

Result<std::vector<YearCount>> CountByYear(db::Conn& c, const std::string& column,
                                           const std::string& lo, const std::string& hi) {
  if (column != "founded_on" && column != "registered_on") return Internal("bad column");
  auto rows = c.Query("SELECT substr(" + column + ", 1, 4) AS y, COUNT(*) FROM orgs WHERE " +
                          "region_code >= :1 AND region_code <= :2 AND " + column +
                          " IS NOT NULL GROUP BY substr(" + column + ", 1, 4) ORDER BY 1",
                      {lo, hi});
  if (!rows.ok()) return rows.status();
  std::vector<YearCount> out;
  for (auto& r : *rows) out.push_back({r.Str(0), r.Int(1)});
  return out;
}

namespace {

const char* kRequestCols =
    "r.id, r.org_id, o.name, r.region_code, r.requested_by, r.requested_by_name, "
    "r.requested_at, r.changes_json, r.reason, r.status, r.decided_by, r.decided_by_name, "
    "r.decided_at, r.decision_note";

ChangeRequest RequestFromRow(const db::Row& r) {
  ChangeRequest cr;
  cr.id = r.Int(0);
  cr.org_id = r.Int(1);
  cr.org_name = r.Str(2);
  cr.region_code = r.Str(3);
  cr.requested_by = r.Int(4);
  cr.requested_by_name = r.Str(5);
  cr.requested_at = r.Int(6);
  auto j = nlohmann::json::parse(r.Str(7), nullptr, false);
  if (j.is_object())
    for (auto it = j.begin(); it != j.end(); ++it)
      if (it->is_string()) cr.changes[it.key()] = it->get<std::string>();
  cr.reason = r.Str(8);
  cr.status = r.Str(9);
  cr.decided_by = r.OptInt(10);
  cr.decided_by_name = r.Str(11);
  cr.decided_at = r.OptInt(12);
  cr.decision_note = r.Str(13);
  return cr;
}

}  // namespace

Status InsertChangeRequest(db::Conn& c, const ChangeRequest& r) {
  nlohmann::json changes(r.changes);
  return c.Exec(
      "INSERT INTO org_change_requests (id, org_id, region_code, requested_by, "
      "requested_by_name, requested_at, changes_json, reason, status) VALUES (:1, :2, :3, :4, "
      ":5, :6, :7, :8, :9)",
      {r.id, r.org_id, r.region_code, r.requested_by, r.requested_by_name,
       static_cast<long long>(r.requested_at), changes.dump(), r.reason, r.status});
}

Result<std::optional<ChangeRequest>> FindChangeRequest(db::Conn& c, long long id) {
  auto r = c.QueryOne(std::string("SELECT ") + kRequestCols +
                          " FROM org_change_requests r JOIN orgs o ON o.id = r.org_id "
                          "WHERE r.id = :1",
                      {id});
  if (!r.ok()) return r.status();
  if (!*r) return std::optional<ChangeRequest>{};
  return std::optional<ChangeRequest>(RequestFromRow(**r));
}

Result<std::vector<ChangeRequest>> ListChangeRequests(db::Conn& c, const std::string& lo,
                                                      const std::string& hi,
                                                      std::optional<long long> org_id,
                                                      const std::string& status) {
  std::string sql = std::string("SELECT ") + kRequestCols +
                    " FROM org_change_requests r JOIN orgs o ON o.id = r.org_id WHERE "
                    "r.region_code >= :1 AND r.region_code <= :2";
  std::vector<db::Value> p = {lo, hi};
  if (org_id) {
    p.push_back(*org_id);
    sql += " AND r.org_id = :" + std::to_string(p.size());
  }
  if (!status.empty()) {
    p.push_back(status);
    sql += " AND r.status = :" + std::to_string(p.size());
  }
  auto rows = c.Query(sql + " ORDER BY r.requested_at DESC LIMIT 200", p);
  if (!rows.ok()) return rows.status();
  std::vector<ChangeRequest> out;
  for (auto& r : *rows) out.push_back(RequestFromRow(r));
  return out;
}

Status DecideChangeRequest(db::Conn& c, const ChangeRequest& r) {
  return c.Exec(
      "UPDATE org_change_requests SET status = :1, decided_by = :2, decided_by_name = :3, "
      "decided_at = :4, decision_note = :5 WHERE id = :6",
      {r.status, db::Opt(r.decided_by), r.decided_by_name,
       r.decided_at ? db::Value(static_cast<long long>(*r.decided_at)) : db::Null(),
       r.decision_note, r.id});
}

Status InsertDictItem(db::Conn& c, const std::string& dict, const std::string& code,
                      const DictEntry& e) {
  return c.Exec(
      "INSERT INTO dict_items (dict, code, name_zh, name_en, sort, registered, active) VALUES "
      "(:1, :2, :3, :4, :5, :6, 1)",
      {dict, code, e.zh, e.en, e.sort, static_cast<long long>(e.registered)});
}

Result<bool> UpdateDictItem(db::Conn& c, const std::string& dict, const std::string& code,
                            const DictEntry& e, bool active) {
  auto n = c.ExecCount(
      "UPDATE dict_items SET name_zh = :1, name_en = :2, sort = :3, active = :4 WHERE dict = :5 "
      "AND code = :6",
      {e.zh, e.en, e.sort, static_cast<long long>(active), dict, code});
  if (!n.ok()) return n.status();
  return *n == 1;
}

}  // namespace shuniu::org
