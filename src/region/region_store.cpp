// Region SQL. Codes are fixed-width digit strings, so subtree = code range.
#include "region/region_store.h"

#include <soci/soci.h>

#include "core/region_code.h"

namespace shuniu::region {
namespace {

const char* kCols = "code, name, level, parent_code, child_count";
const char* kUpsert =
    "INSERT INTO regions (code, name, level, parent_code) VALUES (:c, :n, :l, :p) "
    "ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level, "
    "parent_code = excluded.parent_code";
const char* kRecount =
    "UPDATE regions SET child_count = (SELECT COUNT(*) FROM regions c "
    "WHERE c.parent_code = regions.code)";

Region FromRow(const db::Row& r) {
  return Region{r.Str(0), r.Str(1), static_cast<int>(r.Int(2)), r.Str(3), r.Int(4)};
}

Result<std::vector<Region>> Many(Result<std::vector<db::Row>> rows) {
  if (!rows.ok()) return rows.status();
  std::vector<Region> out;
  out.reserve(rows->size());
  for (auto& r : *rows) out.push_back(FromRow(r));
  return out;
}

}  // namespace

Result<std::optional<Region>> FindRegion(db::Conn& c, const std::string& code) {
  auto r = c.QueryOne(std::string("SELECT ") + kCols + " FROM regions WHERE code = :1", {code});
  if (!r.ok()) return r.status();
  if (!*r) return std::optional<Region>{};
  return std::optional<Region>(FromRow(**r));
}

Result<std::vector<Region>> FindRegions(db::Conn& c, const std::vector<std::string>& codes) {
  if (codes.empty()) return std::vector<Region>{};
  std::string sql = std::string("SELECT ") + kCols + " FROM regions WHERE code IN (";
  std::vector<db::Value> p;
  for (size_t i = 0; i < codes.size(); ++i) {
    sql += (i ? ", :" : ":") + std::to_string(i + 1);
    p.push_back(codes[i]);
  }
  return Many(c.Query(sql + ")", p));
}

Result<std::vector<Region>> ChildrenOf(db::Conn& c, const std::string& code) {
  return Many(
      c.Query(std::string("SELECT ") + kCols + " FROM regions WHERE parent_code = :1 ORDER BY code",
              {code}));
}

Result<std::pair<std::vector<Region>, long long>> SearchRegions(db::Conn& c, const std::string& q,
                                                                const std::string& lo,
                                                                const std::string& hi,
                                                                long long page, long long size) {
  std::string like = "%" + q + "%";
  const std::string where = " FROM regions WHERE code >= :1 AND code <= :2 AND name LIKE :3";
  auto total = c.QueryOne("SELECT COUNT(*)" + where, {lo, hi, like});
  if (!total.ok()) return total.status();
  auto items = Many(
      c.Query(std::string("SELECT ") + kCols + where + " ORDER BY level, code LIMIT :4 OFFSET :5",
              {lo, hi, like, size, (page - 1) * size}));
  if (!items.ok()) return items.status();
  return std::make_pair(std::move(items).value(), (*total)->Int(0));
}

Status EnsureNationalRoot(db::Conn& c) {
  return c.Exec(
      "INSERT INTO regions (code, name, level, parent_code) VALUES (:1, '全国', 0, NULL) "
      "ON CONFLICT (code) DO NOTHING",
      {std::string(kNationalRoot)});
}

Status UpsertRegions(db::Conn& c, const std::vector<Region>& batch) {
  if (batch.empty()) return Status::Ok();
  std::vector<std::string> codes, names, parents;
  std::vector<long long> levels;
  std::vector<soci::indicator> pind;
  for (const auto& r : batch) {
    codes.push_back(r.code);
    names.push_back(r.name);
    levels.push_back(r.level);
    parents.push_back(r.parent_code);
    pind.push_back(r.parent_code.empty() ? soci::i_null : soci::i_ok);
  }
  try {
    c.session() << kUpsert, soci::use(codes), soci::use(names), soci::use(levels),
        soci::use(parents, pind);
  } catch (const std::exception& e) {
    return Internal(std::string("region upsert failed: ") + e.what());
  }
  return Status::Ok();
}

Status RecountChildren(db::Conn& c) { return c.Exec(kRecount); }

Result<long long> CountRegions(db::Conn& c, const std::string& lo, const std::string& hi) {
  auto r = c.QueryOne("SELECT COUNT(*) FROM regions WHERE code >= :1 AND code <= :2", {lo, hi});
  if (!r.ok()) return r.status();
  return (*r)->Int(0);
}

}  // namespace shuniu::region
