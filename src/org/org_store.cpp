// Organization SQL. Column names equal field names except contact_phone (three
// stored columns) and the list fields (domains in org_domains, tags joined).
#include "org/org_store.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>

#include "core/crypto.h"
#include "core/region_code.h"

namespace shuniu::org {
namespace {

// Scalar fields stored in a column of the same name.
const std::vector<const FieldDef*>& ScalarFields() {
  static const std::vector<const FieldDef*> fields = [] {
    std::vector<const FieldDef*> out;
    for (const auto& f : OrgFields())
      if (f.type != FieldType::kList && f.type != FieldType::kPhone) out.push_back(&f);
    return out;
  }();
  return fields;
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

// Positions of ScalarFields() in name order, so FromRow fills the map of
// values from left to right (each insertion hinted at the end).
const std::vector<size_t>& ScalarFieldsByName() {
  static const std::vector<size_t> order = [] {
    std::vector<size_t> idx(ScalarFields().size());
    for (size_t i = 0; i < idx.size(); ++i) idx[i] = i;
    std::sort(idx.begin(), idx.end(), [](size_t a, size_t b) {
      return std::string_view(ScalarFields()[a]->name) < std::string_view(ScalarFields()[b]->name);
    });
    return idx;
  }();
  return order;
}

Org FromRow(const db::Row& r) {
  Org o;
  size_t i = 0;
  o.id = r.Int(i++);
  const size_t first = i;
  for (size_t k : ScalarFieldsByName())
    o.v.emplace_hint(o.v.end(), ScalarFields()[k]->name, r.OptStr(first + k));
  i += ScalarFields().size();
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

// INSERT of `rows` rows of `cols` values each, every statement prepared once
// per connection. fill(i, params) appends the values of row i; `suffix`
// follows the VALUES list (ON CONFLICT …). On PostgreSQL rows go in chunks of
// about 2,000 values (one round trip per chunk; the parameter limit is 65,535).
// On SQLite one row per statement: a statement that may write several rows
// keeps a statement journal of every page it changes (in a temp file), which
// costs more than running a prepared single-row INSERT again.
Status InsertRows(db::Conn& c, const std::string& head, size_t cols, size_t rows,
                  const std::function<void(size_t, std::vector<db::Value>&)>& fill,
                  const std::string& suffix = "") {
  const size_t chunk = c.engine() == db::Engine::kSqlite
                           ? 1
                           : std::max<size_t>(1, std::min<size_t>(256, 2000 / cols));
  std::vector<db::Value> p;
  for (size_t from = 0; from < rows; from += chunk) {
    size_t n = std::min(chunk, rows - from);
    std::string sql = head;
    for (size_t r = 0; r < n; ++r) {
      sql += r ? ", (" : "(";
      sql += Placeholders(cols, r * cols + 1);
      sql += ")";
    }
    sql += suffix;
    p.clear();
    p.reserve(n * cols);
    for (size_t r = 0; r < n; ++r) fill(from + r, p);
    auto done = c.ExecPrepared(sql, p);
    if (!done.ok()) return done.status();
  }
  return Status::Ok();
}

Status LoadDomains(db::Conn& c, std::vector<Org>& orgs) {
  std::map<long long, Org*> by_id;
  for (auto& o : orgs) by_id[o.id] = &o;
  constexpr size_t kChunk = 500;  // well under PostgreSQL's 65,535 parameters
  for (size_t from = 0; from < orgs.size(); from += kChunk) {
    std::vector<db::Value> ids;
    for (size_t i = from; i < orgs.size() && i < from + kChunk; ++i) ids.push_back(orgs[i].id);
    auto rows = c.QueryPrepared("SELECT org_id, domain FROM org_domains WHERE org_id IN (" +
                                    Placeholders(ids.size()) + ") ORDER BY org_id, domain",
                                ids);
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows) by_id[r.Int(0)]->domains.push_back(r.Str(1));
  }
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
  auto n = c.ExecPrepared(
      "INSERT INTO orgs (" + Columns() + ") VALUES (" + Placeholders(p.size()) + ")", p);
  return n.ok() ? Status::Ok() : n.status();
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
  auto n = c.ExecPrepared("UPDATE orgs SET " + set + ", version = version + 1 WHERE id = :" +
                              std::to_string(idx) + " AND version = :" + std::to_string(idx + 1),
                          params);
  if (!n.ok()) return n.status();
  return *n == 1;
}

Result<std::optional<Org>> FindOrg(db::Conn& c, long long id) {
  auto r = c.QueryOnePrepared("SELECT " + Columns() + " FROM orgs WHERE id = :1", {id});
  if (!r.ok()) return r.status();
  if (!*r) return std::optional<Org>{};
  std::vector<Org> one = {FromRow(**r)};
  SHUNIU_RETURN_IF_ERROR(LoadDomains(c, one));
  return std::optional<Org>(std::move(one[0]));
}

Result<std::optional<long long>> FindOrgIdByUscc(db::Conn& c, const std::string& uscc) {
  auto r = c.QueryOnePrepared("SELECT id FROM orgs WHERE uscc = :1", {uscc});
  if (!r.ok()) return r.status();
  if (!*r) return std::optional<long long>{};
  return std::optional<long long>((*r)->Int(0));
}

namespace {

// The list query on SQLite goes through the statement cache (its plan is
// fixed by INDEXED BY where it matters); on PostgreSQL it stays unprepared so
// the planner always sees the range values (a generic plan would not).
Result<std::vector<db::Row>> ListQuery(db::Conn& c, const std::string& sql,
                                       const std::vector<db::Value>& p) {
  return c.engine() == db::Engine::kSqlite ? c.QueryPrepared(sql, p) : c.Query(sql, p);
}

// Names compare bytewise on both engines (SQLite BINARY, PostgreSQL "C"), so
// the order of a list is the same whatever the PostgreSQL locale.
std::string NameCol(const db::Conn& c) {
  return c.engine() == db::Engine::kSqlite ? "name" : "name COLLATE \"C\"";
}

// The ids of one page of the subtree [f.lo, f.hi] (plus `conds`/`p`: the
// region range and at most kind and status) in (name, id) order, `total`
// matching. Two ways:
//  - walk: organizations in name order from orgs_name_order (keyset chunks),
//    keeping those in the range, until the page is full. About
//    (offset + size) × all / total entries when names do not depend on the
//    region; real names often start with their region's name, so the walk
//    stops after a budget of 2 × total entries and the range way answers.
//  - range: the subtree's (id, name) from orgs_region_name, sorted; about
//    `total` entries (plus the rows, to test kind or status).
// Chosen here from the kept counts: SQLite has no statistics on bound ranges
// and PostgreSQL's assume names and regions independent.
Result<std::vector<long long>> PageIdsByName(db::Conn& c, const OrgFilter& f,
                                             const std::string& conds, std::vector<db::Value> p,
                                             bool desc, long long offset, long long total,
                                             const std::function<Result<long long>()>& all) {
  std::vector<long long> ids;
  if (offset >= total) return ids;
  const bool sqlite = c.engine() == db::Engine::kSqlite;
  const std::string name = NameCol(c);
  const std::string order = desc ? name + " DESC, id DESC" : name + ", id";
  if (f.kind.empty() && f.status.empty()) {
    auto everything = all();
    if (!everything.ok()) return everything.status();
    double expected = static_cast<double>(offset + f.size) * static_cast<double>(*everything) /
                      static_cast<double>(total);
    if (expected < static_cast<double>(total)) {
      const long long budget = 2 * total + 100;
      const long long chunk = std::min<long long>(
          budget, std::max<long long>(256, static_cast<long long>(2 * expected)));
      long long scanned = 0, skipped = 0;
      const char* before = desc ? "<" : ">";
      const std::string key = "(" + name + ", id)";
      const std::string param = sqlite ? "" : " COLLATE \"C\"";
      std::optional<std::pair<std::string, long long>> after;
      while (scanned < budget) {
        // The key `chunk` entries on in name order bounds this step (none:
        // the rest of the table); then the entries up to it that are in the
        // range, in order, as many as the page still needs.
        std::vector<db::Value> bp;
        std::string from = "SELECT name, id FROM orgs";
        if (after) {
          bp = {after->first, after->second};
          from += " WHERE " + key + " " + before + " (:1" + param + ", :2)";
        }
        bp.push_back(chunk - 1);
        auto bound = c.QueryOnePrepared(
            from + " ORDER BY " + order + " LIMIT 1 OFFSET :" + std::to_string(bp.size()), bp);
        if (!bound.ok()) return bound.status();
        std::vector<db::Value> mp = {f.lo, f.hi};
        std::string sql = "SELECT id FROM orgs" +
                          std::string(sqlite ? " INDEXED BY orgs_name_order" : "") +
                          " WHERE region_code >= :1 AND region_code <= :2";
        if (after) {
          mp.insert(mp.end(), {after->first, after->second});
          sql += " AND " + key + " " + before + " (:3" + param + ", :4)";
        }
        if (*bound) {
          mp.insert(mp.end(), {(*bound)->Str(0), (*bound)->Int(1)});
          sql += " AND " + key + " " + (desc ? ">=" : "<=") +
                 " (:" + std::to_string(mp.size() - 1) + param + ", :" + std::to_string(mp.size()) +
                 ")";
        }
        long long need = (offset - skipped) + (f.size - static_cast<long long>(ids.size()));
        mp.push_back(need);
        sql += " ORDER BY " + order + " LIMIT :" + std::to_string(mp.size());
        auto got = c.QueryPrepared(sql, mp);
        if (!got.ok()) return got.status();
        for (auto& r : *got) {
          if (skipped < offset) {
            ++skipped;
            continue;
          }
          ids.push_back(r.Int(0));
        }
        if (static_cast<long long>(ids.size()) == f.size || !*bound) return ids;
        after = std::make_pair((*bound)->Str(0), (*bound)->Int(1));
        scanned += chunk;
      }
      ids.clear();  // over budget: the range way
    }
  }
  p.push_back(f.size);
  p.push_back(offset);
  std::string limit = " ORDER BY " + order + " LIMIT :" + std::to_string(p.size() - 1) +
                      " OFFSET :" + std::to_string(p.size());
  // SQLite: the index named; PostgreSQL: a materialized CTE keeps the
  // planner from walking the name index instead.
  auto got = sqlite
                 ? c.QueryPrepared(
                       "SELECT id FROM orgs INDEXED BY orgs_region_name WHERE " + conds + limit, p)
                 : c.Query("WITH r AS MATERIALIZED (SELECT id, name FROM orgs WHERE " + conds +
                               ") SELECT id FROM r" + limit,
                           p);
  if (!got.ok()) return got.status();
  for (auto& r : *got) ids.push_back(r.Int(0));
  return ids;
}

}  // namespace

Result<std::pair<std::vector<Org>, long long>> ListOrgs(db::Conn& c, const OrgFilter& f) {
  std::string conds = "region_code >= :1 AND region_code <= :2";
  std::vector<db::Value> p = {f.lo, f.hi};
  auto add = [&](const std::string& cond, db::Value v) {
    p.push_back(std::move(v));
    std::string s = cond;
    size_t q;
    while ((q = s.find('?')) != std::string::npos) s.replace(q, 1, ":" + std::to_string(p.size()));
    conds += " AND " + s;
  };
  // Filters the kept counts cannot answer (they hold region, kind and status).
  bool other_filters = f.only_id || f.published_only || !f.guidance_category.empty() ||
                       !f.origin.empty() || f.registered || f.cadre_user_id || !f.domain.empty() ||
                       !f.founded_from.empty() || !f.founded_to.empty() ||
                       !f.registered_from.empty() || !f.registered_to.empty() || !f.q.empty();
  if (f.only_id) add("id = ?", *f.only_id);
  // A literal, so the planners can use the partial index orgs_published_region.
  if (f.published_only) conds += " AND published = 1";
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
    conds += " AND " + cond + ")";
  }
  const std::string name = NameCol(c);
  const std::map<std::string, std::string> sorts = {{"name", name + ", id"},
                                                    {"-name", name + " DESC, id DESC"},
                                                    {"founded_on", "founded_on, id"},
                                                    {"-founded_on", "founded_on DESC, id"},
                                                    {"registered_on", "registered_on, id"},
                                                    {"-registered_on", "registered_on DESC, id"},
                                                    {"updated_at", "updated_at, id"},
                                                    {"-updated_at", "updated_at DESC, id"},
                                                    {"region_code", "region_code, id"}};
  auto sort = sorts.find(f.sort);
  if (sort == sorts.end()) sort = sorts.find("name");

  // The total: from the kept counts when they can answer (a sum over at most
  // kinds × statuses rows), else COUNT(*) over the subtree.
  auto kept_count = [&](const std::string& region, const std::string& kind,
                        const std::string& status) -> Result<long long> {
    std::string sql = "SELECT COALESCE(SUM(n), 0) FROM org_counts WHERE region_code = :1";
    std::vector<db::Value> cp = {region};
    if (region == kNationalRoot) {
      // No row is kept for the country: add up the provinces (every
      // organization is counted at its province).
      sql = "SELECT COALESCE(SUM(n), 0) FROM org_counts WHERE region_code IN (";
      for (int i = 1; i <= 99; ++i) {
        char code[16];
        std::snprintf(code, sizeof code, "'%02d0000000000'", i);
        sql += (i > 1 ? ", " : "") + std::string(code);
      }
      sql += ")";
      cp.clear();
    }
    if (!kind.empty()) {
      cp.push_back(kind);
      sql += " AND kind = :" + std::to_string(cp.size());
    }
    if (!status.empty()) {
      cp.push_back(status);
      sql += " AND status = :" + std::to_string(cp.size());
    }
    auto n = c.QueryOnePrepared(sql, cp);
    if (!n.ok()) return n.status();
    return *n ? (*n)->Int(0) : 0;
  };
  const bool counted = !f.count_region.empty() && !other_filters;
  long long total = 0;
  if (counted) {
    auto n = kept_count(f.count_region, f.kind, f.status);
    if (!n.ok()) return n.status();
    total = *n;
  } else {
    auto n = ListQuery(c, "SELECT COUNT(*) FROM orgs WHERE " + conds, p);
    if (!n.ok()) return n.status();
    total = n->empty() ? 0 : n->front().Int(0);
  }

  const long long offset = (f.page - 1) * f.size;
  std::vector<db::Row> rows;
  if ((sort->first == "name" || sort->first == "-name") && counted) {
    // A page of a subtree by name: the ids first, from an index holding
    // (region_code, name, id), then those rows only.
    // All organizations, roughly (it only weighs the two ways): the largest
    // rowid on SQLite, the planner's row estimate on PostgreSQL.
    auto all = [&]() -> Result<long long> {
      auto n = c.QueryOnePrepared(
          c.engine() == db::Engine::kSqlite
              ? "SELECT COALESCE(MAX(rowid), 0) FROM orgs"
              : "SELECT CAST(GREATEST(reltuples, 0) AS BIGINT) FROM pg_class WHERE oid = "
                "CAST('orgs' AS regclass)");
      if (!n.ok()) return n.status();
      return std::max(total, *n ? (*n)->Int(0) : 0);
    };
    auto ids = PageIdsByName(c, f, conds, p, sort->first == "-name", offset, total, all);
    if (!ids.ok()) return ids.status();
    // The rows in chunks (an export asks for up to 200,000).
    constexpr size_t kChunk = 500;
    for (size_t from = 0; from < ids->size(); from += kChunk) {
      std::vector<db::Value> ip(
          ids->begin() + static_cast<long>(from),
          ids->begin() + static_cast<long>(std::min(ids->size(), from + kChunk)));
      auto got = c.QueryPrepared(
          "SELECT " + Columns() + " FROM orgs WHERE id IN (" + Placeholders(ip.size()) + ")", ip);
      if (!got.ok()) return got.status();
      std::move(got->begin(), got->end(), std::back_inserter(rows));
    }
  } else {
    p.push_back(f.size);
    p.push_back(offset);
    auto got = ListQuery(c,
                         "SELECT " + Columns() + " FROM orgs WHERE " + conds + " ORDER BY " +
                             sort->second + " LIMIT :" + std::to_string(p.size() - 1) +
                             " OFFSET :" + std::to_string(p.size()),
                         p);
    if (!got.ok()) return got.status();
    rows = std::move(got).value();
  }
  std::vector<Org> out;
  for (auto& r : rows) out.push_back(FromRow(r));
  if (sort->first == "name" || sort->first == "-name") {
    // Bytewise, as SQLite's BINARY and PostgreSQL's "C" collation compare.
    bool desc = sort->first == "-name";
    std::sort(out.begin(), out.end(), [&](const Org& a, const Org& b) {
      const std::string &na = a.Get("name"), &nb = b.Get("name");
      if (na != nb) return desc ? nb < na : na < nb;
      return desc ? b.id < a.id : a.id < b.id;
    });
  }
  SHUNIU_RETURN_IF_ERROR(LoadDomains(c, out));
  return std::make_pair(std::move(out), total);
}

Status SetDomains(db::Conn& c, long long org_id, const std::vector<std::string>& domains) {
  auto del = c.ExecPrepared("DELETE FROM org_domains WHERE org_id = :1", {org_id});
  if (!del.ok()) return del.status();
  for (auto& d : domains) {
    auto ins =
        c.ExecPrepared("INSERT INTO org_domains (org_id, domain) VALUES (:1, :2)", {org_id, d});
    if (!ins.ok()) return ins.status();
  }
  return Status::Ok();
}

Status AddHistory(db::Conn& c, long long org_id, const HistoryEntry& h) {
  return AddHistories(c, {{org_id, h}});
}

Result<long long> IdBlock::Next(db::Conn& c) {
  constexpr long long kMaxId = (1LL << 53) - 1;
  for (int tries = 0; next_ == end_; ++tries) {
    if (tries == 100) return Internal(std::string("no free id block in ") + table_);
    long long start = crypto::RandomId();
    if (start > kMaxId - size_) continue;
    auto taken = c.QueryOnePrepared(
        std::string("SELECT id FROM ") + table_ + " WHERE id >= :1 AND id < :2 LIMIT 1",
        {start, start + size_});
    if (!taken.ok()) return taken.status();
    if (*taken) continue;  // ~size × rows / 2^53: once in 10^5 imports at 10^6 rows
    next_ = start;
    end_ = start + size_;
  }
  return next_++;
}

Status AddHistories(db::Conn& c, const std::vector<std::pair<long long, HistoryEntry>>& rows,
                    IdBlock* block) {
  constexpr size_t kCols = 9;
  std::vector<long long> ids;
  ids.reserve(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    if (!block) {
      ids.push_back(crypto::RandomId());
      continue;
    }
    auto id = block->Next(c);
    if (!id.ok()) return id.status();
    ids.push_back(*id);
  }
  return InsertRows(
      c,
      "INSERT INTO org_history (id, org_id, at, actor_id, actor_name, change_kind, field, "
      "old_value, new_value) VALUES ",
      kCols, rows.size(), [&](size_t i, std::vector<db::Value>& p) {
        const auto& [org_id, h] = rows[i];
        p.insert(p.end(),
                 {ids[i], org_id, static_cast<long long>(h.at), db::Opt(h.actor_id), h.actor_name,
                  h.change_kind, h.field, h.old_value.empty() ? db::Null() : db::Value(h.old_value),
                  h.new_value.empty() ? db::Null() : db::Value(h.new_value)});
      });
}

Status InsertOrgs(db::Conn& c, const std::vector<Org>& orgs) {
  static const size_t kCols = RowValues(Org{}).size();
  SHUNIU_RETURN_IF_ERROR(InsertRows(c, "INSERT INTO orgs (" + Columns() + ") VALUES ", kCols,
                                    orgs.size(), [&](size_t i, std::vector<db::Value>& p) {
                                      auto v = RowValues(orgs[i]);
                                      std::move(v.begin(), v.end(), std::back_inserter(p));
                                    }));
  std::vector<std::pair<long long, const std::string*>> doms;
  for (auto& o : orgs)
    for (auto& d : o.domains) doms.emplace_back(o.id, &d);
  return InsertRows(c, "INSERT INTO org_domains (org_id, domain) VALUES ", 2, doms.size(),
                    [&](size_t i, std::vector<db::Value>& p) {
                      p.push_back(doms[i].first);
                      p.push_back(*doms[i].second);
                    });
}

Result<std::map<std::string, long long>> FindOrgIdsByUscc(db::Conn& c,
                                                          const std::vector<std::string>& usccs) {
  std::map<std::string, long long> out;
  constexpr size_t kChunk = 500;
  for (size_t from = 0; from < usccs.size(); from += kChunk) {
    std::vector<db::Value> p;
    for (size_t i = from; i < usccs.size() && i < from + kChunk; ++i) p.push_back(usccs[i]);
    auto rows = c.QueryPrepared(
        "SELECT uscc, id FROM orgs WHERE uscc IN (" + Placeholders(p.size()) + ")", p);
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows) out[r.Str(0)] = r.Int(1);
  }
  return out;
}

Result<std::map<std::pair<std::string, std::string>, std::vector<long long>>> FindUnregisteredIn(
    db::Conn& c, const std::vector<std::string>& regions,
    const std::set<std::pair<std::string, std::string>>& keys) {
  std::map<std::pair<std::string, std::string>, std::vector<long long>> out;
  constexpr size_t kChunk = 500;
  // First the candidates from orgs_region_name alone (no table reads), then
  // which of them have no credit code. ("uscc IS NULL" in the first query
  // would make SQLite walk the credit code index over every organization
  // without a code.)
  std::map<long long, std::pair<std::string, std::string>> candidates;
  for (size_t from = 0; from < regions.size(); from += kChunk) {
    std::vector<db::Value> p;
    for (size_t i = from; i < regions.size() && i < from + kChunk; ++i) p.push_back(regions[i]);
    auto rows = c.QueryPrepared("SELECT region_code, name, id FROM orgs WHERE region_code IN (" +
                                    Placeholders(p.size()) + ")",
                                p);
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows) {
      std::pair<std::string, std::string> key{r.Str(0), r.Str(1)};
      if (keys.count(key)) candidates.emplace(r.Int(2), std::move(key));
    }
  }
  std::vector<long long> ids;
  for (auto& [id, key] : candidates) ids.push_back(id);
  for (size_t from = 0; from < ids.size(); from += kChunk) {
    std::vector<db::Value> p;
    for (size_t i = from; i < ids.size() && i < from + kChunk; ++i) p.push_back(ids[i]);
    auto rows = c.QueryPrepared(
        "SELECT id, uscc FROM orgs WHERE id IN (" + Placeholders(p.size()) + ")", p);
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows)
      if (r.IsNull(1)) out[candidates.at(r.Int(0))].push_back(r.Int(0));
  }
  for (auto& [key, list] : out) std::sort(list.begin(), list.end());
  return out;
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
    auto r = c.ExecPrepared(
        "INSERT INTO org_counts (region_code, kind, status, n) VALUES (:1, :2, :3, :4) "
        "ON CONFLICT (region_code, kind, status) DO UPDATE SET n = org_counts.n + excluded.n",
        {code, kind, status, delta});
    if (!r.ok()) return r.status();
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
    auto r = c.ExecPrepared(
        "INSERT INTO org_domain_counts (region_code, domain, n) VALUES (:1, :2, :3) "
        "ON CONFLICT (region_code, domain) DO UPDATE SET n = org_domain_counts.n + excluded.n",
        {code, domain, delta});
    if (!r.ok()) return r.status();
  }
  return Status::Ok();
}

namespace {

constexpr char kSep = '\x1f';

std::vector<std::string> SplitKey(const std::string& key) {
  std::vector<std::string> out;
  size_t pos = 0;
  for (;;) {
    size_t end = key.find(kSep, pos);
    out.push_back(key.substr(pos, end == std::string::npos ? std::string::npos : end - pos));
    if (end == std::string::npos) return out;
    pos = end + 1;
  }
}

}  // namespace

namespace {

// The columns of a report-count row after city_code, in order.
constexpr const char* kReportCols =
    "kind, registered, status, origin, level, founded_on, registered_on";
constexpr const char* kReportConflict =
    " ON CONFLICT (city_code, kind, registered, status, origin, level, founded_on, "
    "registered_on) DO UPDATE SET n = org_report_counts.n + excluded.n";

std::string YearDate(const std::string& date) {
  return date.size() >= 4 ? date.substr(0, 4) + "-07-01" : "";
}

// The city a region lies in (an organization at a province's own level: the province).
std::string CityCode(const std::string& region) {
  return region.substr(0, std::min<size_t>(4, region.size())) + "00000000";
}

// (kind, registered, status, origin, level, founded_on, registered_on) of an organization.
std::vector<db::Value> ReportAttrs(const Org& o) {
  return {o.Get("kind"),
          static_cast<long long>(o.registered),
          o.Get("status"),
          o.Get("origin"),
          static_cast<long long>(o.level),
          YearDate(o.Get("founded_on")),
          YearDate(o.Get("registered_on"))};
}

// "city<sep>kind<sep>registered<sep>status<sep>origin<sep>level<sep>founded<sep>registered_on"
std::string ReportKey(const Org& o) {
  std::string key = CityCode(o.Get("region_code"));
  for (const db::Value& v : ReportAttrs(o)) {
    key += kSep;
    key += std::holds_alternative<long long>(v) ? std::to_string(std::get<long long>(v))
                                                : std::get<std::string>(v);
  }
  return key;
}

}  // namespace

void CountDeltas::Add(const std::string& region_code, const std::string& kind,
                      const std::string& status, long long delta) {
  std::string key;
  key.reserve(region_code.size() + kind.size() + status.size() + 2);
  key.append(region_code).append(1, kSep).append(kind).append(1, kSep).append(status);
  org_[key] += delta;
}

void CountDeltas::AddDomain(const std::string& region_code, const std::string& domain,
                            long long delta) {
  domain_[region_code + kSep + domain] += delta;
}

namespace {

// Deltas keyed "region<sep>rest" rolled up to the region and each of its
// ancestors (the walk AdjustCount does), merged and sorted by (region, rest):
// a region is a 12-digit number and `rest` an index into `rests`, so the
// ~5 entries per key are integer pairs and each region's ancestors are worked
// out once (an import of 100,000 organizations has ~500,000 of them; keyed by
// strings in an ordered map they took ~9 % of its CPU).
struct RolledUp {
  std::vector<std::string> rests;                    // "kind<sep>status" or "domain"
  std::vector<std::pair<uint64_t, long long>> rows;  // (region << 16 | rest index, delta)
  std::string Region(uint64_t key) const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%012llu", static_cast<unsigned long long>(key >> 16));
    return buf;
  }
  const std::string& Rest(uint64_t key) const { return rests[key & 0xffff]; }
};

Result<RolledUp> RollUp(const std::unordered_map<std::string, long long>& deltas) {
  RolledUp out;
  std::unordered_map<std::string, uint64_t> rest_index;
  std::unordered_map<uint64_t, std::vector<uint64_t>> ancestors;  // region → itself and ancestors
  out.rows.reserve(deltas.size() * 5);
  for (auto& [key, delta] : deltas) {
    if (delta == 0) continue;
    std::string_view region(key.data(), std::min<size_t>(key.size(), 12));
    uint64_t code = 0;
    if (key.size() < 13 || key[12] != kSep || !IsRegionCode(region))
      return Internal("bad count key");
    for (char ch : region) code = code * 10 + static_cast<uint64_t>(ch - '0');
    auto [ri, fresh_rest] = rest_index.emplace(key.substr(13), out.rests.size());
    if (fresh_rest) {
      if (out.rests.size() > 0xffff) return Internal("too many count keys");
      out.rests.push_back(ri->first);
    }
    auto [ai, fresh] = ancestors.try_emplace(code);
    if (fresh)
      for (const std::string& a : AncestorCodes(region, /*with_self=*/true))
        ai->second.push_back(std::stoull(a));
    for (uint64_t a : ai->second) out.rows.emplace_back(a << 16 | ri->second, delta);
  }
  std::sort(out.rows.begin(), out.rows.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  // Merge equal keys, dropping those that sum to zero (the order of regions
  // and then of rest indexes is all the writes need: neighbours in the index).
  size_t w = 0;
  for (size_t r = 0; r < out.rows.size();) {
    uint64_t k = out.rows[r].first;
    long long sum = 0;
    for (; r < out.rows.size() && out.rows[r].first == k; ++r) sum += out.rows[r].second;
    if (sum != 0) out.rows[w++] = {k, sum};
  }
  out.rows.resize(w);
  return out;
}

}  // namespace

Status CountDeltas::Apply(db::Conn& c) {
  auto org = RollUp(org_);
  if (!org.ok()) return org.status();
  std::vector<std::vector<std::string>> org_rest;  // kind, status per rest index
  for (auto& r : org->rests) org_rest.push_back(SplitKey(r));
  for (auto& parts : org_rest)
    if (parts.size() != 2) return Internal("bad count key");
  SHUNIU_RETURN_IF_ERROR(InsertRows(
      c, "INSERT INTO org_counts (region_code, kind, status, n) VALUES ", 4, org->rows.size(),
      [&](size_t i, std::vector<db::Value>& p) {
        const auto& [key, delta] = org->rows[i];
        const auto& parts = org_rest[key & 0xffff];
        p.insert(p.end(), {org->Region(key), parts[0], parts[1], delta});
      },
      " ON CONFLICT (region_code, kind, status) DO UPDATE SET n = org_counts.n + excluded.n"));
  auto dom = RollUp(domain_);
  if (!dom.ok()) return dom.status();
  SHUNIU_RETURN_IF_ERROR(InsertRows(
      c, "INSERT INTO org_domain_counts (region_code, domain, n) VALUES ", 3, dom->rows.size(),
      [&](size_t i, std::vector<db::Value>& p) {
        const auto& [key, delta] = dom->rows[i];
        p.insert(p.end(), {dom->Region(key), dom->Rest(key), delta});
      },
      " ON CONFLICT (region_code, domain) DO UPDATE SET n = org_domain_counts.n + excluded.n"));
  // Report counts: one row per city and attributes, in key order (the table's).
  std::vector<std::pair<std::string, long long>> report_rows;
  for (auto& kv : report_)
    if (kv.second != 0) report_rows.push_back(kv);
  std::sort(report_rows.begin(), report_rows.end());
  SHUNIU_RETURN_IF_ERROR(InsertRows(
      c, std::string("INSERT INTO org_report_counts (city_code, ") + kReportCols + ", n) VALUES ",
      9, report_rows.size(),
      [&](size_t i, std::vector<db::Value>& p) {
        const auto& [key, delta] = report_rows[i];
        std::vector<std::string> parts = SplitKey(key);
        // city, kind, registered, status, origin, level, founded_on, registered_on
        p.insert(p.end(), {parts[0], parts[1], std::stoll(parts[2]), parts[3], parts[4],
                           std::stoll(parts[5]), parts[6], parts[7], delta});
      },
      kReportConflict));
  org_.clear();
  domain_.clear();
  report_.clear();
  return Status::Ok();
}

void CountDeltas::AddReport(const Org& o, long long delta) { report_[ReportKey(o)] += delta; }

bool ReportKeyChanged(const Org& before, const Org& after) {
  return ReportKey(before) != ReportKey(after);
}

Status AdjustReportCount(db::Conn& c, const Org& o, long long delta) {
  std::vector<db::Value> p = {CityCode(o.Get("region_code"))};
  for (db::Value& v : ReportAttrs(o)) p.push_back(std::move(v));
  p.push_back(delta);
  auto r = c.ExecPrepared(std::string("INSERT INTO org_report_counts (city_code, ") + kReportCols +
                              ", n) VALUES (" + Placeholders(p.size()) + ")" + kReportConflict,
                          p);
  return r.ok() ? Status::Ok() : r.status();
}

Status RebuildReportCounts(db::Conn& c) {
  SHUNIU_RETURN_IF_ERROR(c.Exec("DELETE FROM org_report_counts"));
  const std::string group =
      "SUBSTR(region_code, 1, 4) || '00000000', kind, registered, status, COALESCE(origin, ''), "
      "level, CASE WHEN founded_on IS NULL THEN '' ELSE SUBSTR(founded_on, 1, 4) || '-07-01' END, "
      "CASE WHEN registered_on IS NULL THEN '' ELSE SUBSTR(registered_on, 1, 4) || '-07-01' END";
  return c.Exec(std::string("INSERT INTO org_report_counts (city_code, ") + kReportCols +
                ", n) SELECT " + group + ", COUNT(*) FROM orgs GROUP BY " + group);
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
