// SQL for regions: lookups, children, search, bulk upsert.
#pragma once

#include <optional>
#include <vector>

#include "db/database.h"
#include "region/region.h"

namespace shuniu::region {

Result<std::optional<Region>> FindRegion(db::Conn& c, const std::string& code);
Result<std::vector<Region>> FindRegions(db::Conn& c, const std::vector<std::string>& codes);
Result<std::vector<Region>> ChildrenOf(db::Conn& c, const std::string& code);
// Name contains q, code within [lo, hi]; ordered by level then code.
Result<std::pair<std::vector<Region>, long long>> SearchRegions(db::Conn& c, const std::string& q,
                                                                const std::string& lo,
                                                                const std::string& hi,
                                                                long long page, long long size);
// Inserts or updates a batch with one prepared statement.
Status UpsertRegions(db::Conn& c, const std::vector<Region>& batch);
// Adds the row of the national root (全国, level 0, no parent) that accounts
// of a national deployment refer to; no import brings it. Idempotent.
Status EnsureNationalRoot(db::Conn& c);
// Recomputes child_count for every region.
Status RecountChildren(db::Conn& c);
Result<long long> CountRegions(db::Conn& c, const std::string& lo, const std::string& hi);

}  // namespace shuniu::region
