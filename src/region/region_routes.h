// HTTP handlers for the region tree.
#pragma once

#include "http/http.h"
#include "region/region_service.h"

namespace shuniu::region::routes {

http::Handler GetRegion(RegionService& s);
http::Handler Children(RegionService& s);
http::Handler Search(RegionService& s);

}  // namespace shuniu::region::routes
