// HTTP routes of bases, residency agreements and the incubation log.
#pragma once

#include <vector>

#include "http/routes.h"

namespace shuniu::hub::routes {

// Appends this capability's routes to the table (see http/routes.cpp).
void AppendBaseRoutes(std::vector<http::Route>& routes, http::Services& s);

}  // namespace shuniu::hub::routes
