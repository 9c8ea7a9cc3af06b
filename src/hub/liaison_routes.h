// HTTP routes of cadre liaison (visits, workload).
#pragma once

#include <vector>

#include "http/routes.h"

namespace shuniu::hub::routes {

// Appends this capability's routes to the table (see http/routes.cpp).
void AppendLiaisonRoutes(std::vector<http::Route>& routes, http::Services& s);

}  // namespace shuniu::hub::routes
