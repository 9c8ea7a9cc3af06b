// Region service implementation.
#include "region/region_service.h"

#include <algorithm>
#include <map>

#include "audit/audit_service.h"
#include "core/region_code.h"
#include "core/time.h"
#include "region/region_import.h"
#include "region/region_store.h"

namespace shuniu::region {
namespace {

Status CheckCode(const std::string& code) {
  if (!IsRegionCode(code)) return InvalidArgument("code", "region code must be 12 digits");
  return Status::Ok();
}

}  // namespace

Result<RegionDetail> RegionService::Get(const Principal& p, const std::string& code) {
  SHUNIU_RETURN_IF_ERROR(CheckCode(code));
  if (!InSubtree(code, p.region_code)) return NotFound("region not found");
  RegionDetail d;
  Status st = db_.Read([&](db::Conn& c) -> Status {
    auto r = FindRegion(c, code);
    if (!r.ok()) return r.status();
    if (!*r) return NotFound("region not found");
    d.region = **r;
    auto anc = FindRegions(c, AncestorCodes(code));
    if (!anc.ok()) return anc.status();
    for (auto& a : *anc) d.path.push_back({a.code, a.name});
    d.path.push_back({d.region.code, d.region.name});
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return d;
}

Result<std::shared_ptr<const RegionService::Cached>> RegionService::Load(const std::string& code) {
  int64_t now = NowMs();
  {
    std::lock_guard<std::mutex> lk(mu_);
    auto it = cache_.find(code);
    if (it != cache_.end() && now - it->second->at < kCacheTtlMs && now >= it->second->at)
      return it->second;
  }
  auto c = std::make_shared<Cached>();
  c->at = now;
  SHUNIU_RETURN_IF_ERROR(db_.Read([&](db::Conn& conn) -> Status {
    auto r = FindRegion(conn, code);
    if (!r.ok()) return r.status();
    c->region = *r;
    if (!c->region) return Status::Ok();
    auto ch = ChildrenOf(conn, code);
    if (!ch.ok()) return ch.status();
    c->children = std::move(ch).value();
    return Status::Ok();
  }));
  std::lock_guard<std::mutex> lk(mu_);
  if (cache_.size() > 50000) cache_.clear();
  cache_[code] = c;
  return std::shared_ptr<const Cached>(c);
}

Result<std::shared_ptr<const std::vector<Region>>> RegionService::Children(
    const Principal& p, const std::string& code) {
  SHUNIU_RETURN_IF_ERROR(CheckCode(code));
  if (!InSubtree(code, p.region_code)) return NotFound("region not found");
  auto c = Load(code);
  if (!c.ok()) return c.status();
  if (!(*c)->region) return NotFound("region not found");
  // Aliasing constructor: the list lives as long as its cache entry.
  return std::shared_ptr<const std::vector<Region>>(*c, &(*c)->children);
}

Result<std::pair<std::vector<SearchHit>, long long>> RegionService::Search(const Principal& p,
                                                                           const std::string& q,
                                                                           long long page,
                                                                           long long size) {
  if (q.empty() || q.size() > 150) return InvalidArgument("q", "q must have 1 to 50 characters");
  if (q.find_first_of("%_") != std::string::npos)
    return InvalidArgument("q", "q must not contain % or _");
  CodeRange range = SubtreeRange(p.region_code);
  std::pair<std::vector<SearchHit>, long long> out;
  Status st = db_.Read([&](db::Conn& c) -> Status {
    auto found = SearchRegions(c, q, range.lo, range.hi, page, size);
    if (!found.ok()) return found.status();
    std::vector<std::string> need;
    for (auto& r : found->first)
      for (auto& a : AncestorCodes(r.code)) need.push_back(a);
    auto anc = FindRegions(c, need);
    if (!anc.ok()) return anc.status();
    std::map<std::string, std::string> names;
    for (auto& a : *anc) names[a.code] = a.name;
    for (auto& r : found->first) {
      std::string path;
      for (auto& a : AncestorCodes(r.code))
        if (RegionLevel(a) > 1 && names.count(a)) path += names[a] + "/";
      out.first.push_back({r, path + r.name});
    }
    out.second = found->second;
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::map<std::string, std::string>> RegionService::Names(
    const std::vector<std::string>& codes) {
  std::vector<std::string> unique(codes);
  std::sort(unique.begin(), unique.end());
  unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
  std::map<std::string, std::string> out;
  SHUNIU_RETURN_IF_ERROR(db_.Read([&](db::Conn& c) -> Status {
    auto rs = FindRegions(c, unique);
    if (!rs.ok()) return rs.status();
    for (auto& r : *rs) out[r.code] = r.name;
    return Status::Ok();
  }));
  return out;
}

Result<std::optional<Region>> RegionService::Find(const std::string& code) {
  std::optional<Region> out;
  Status st = db_.Read([&](db::Conn& c) -> Status {
    auto r = FindRegion(c, code);
    if (!r.ok()) return r.status();
    out = *r;
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<ImportReport> RegionService::Import(const RequestContext& ctx, const std::string& path,
                                           const std::string& prefix) {
  ImportReport rep;
  std::vector<Region> batch;
  // One transaction for the whole import: a failure leaves the table as it was.
  Status st = db_.Tx([&](db::Conn& c) -> Status {
    Status rs = ReadChinaDivision(path, prefix, [&](const RegionRow& row) -> Status {
      batch.push_back(Region{row.code, row.name, row.level, row.parent_code, 0});
      ++rep.rows;
      ++rep.by_level[row.level];
      if (batch.size() >= 10000) {
        SHUNIU_RETURN_IF_ERROR(UpsertRegions(c, batch));
        batch.clear();
      }
      return Status::Ok();
    });
    SHUNIU_RETURN_IF_ERROR(rs);
    SHUNIU_RETURN_IF_ERROR(UpsertRegions(c, batch));
    SHUNIU_RETURN_IF_ERROR(RecountChildren(c));
    nlohmann::json after = {{"rows", rep.rows}, {"prefix", prefix}, {"source", path}};
    return audit::AuditService::Record(c, ctx, "region.import", "region", prefix, "", std::nullopt,
                                       after);
  });
  if (!st.ok()) return st;
  std::lock_guard<std::mutex> lk(mu_);
  cache_.clear();
  return rep;
}

}  // namespace shuniu::region
