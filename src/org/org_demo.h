// The Jiangmen demo's organizations: ~155 women's and children's organizations
// (145 registered) and a few hundred micro-organizations across the 7 districts
// and county-level cities, with a history of changes. Deterministic.
#pragma once

#include "org/org_service.h"
#include "region/region_service.h"

namespace shuniu::org {

// Loads the demo organizations through the service (so history, counts and
// audit are real) unless organizations already exist; returns how many it added.
Result<long long> LoadOrgDemo(OrgService& orgs, region::RegionService& regions,
                              const Principal& cli, std::optional<long long> cadre_user_id);

}  // namespace shuniu::org
