// HTTP routes of the project cycle: projects, budget pools, contracts, incomes.
#pragma once

#include <vector>

#include "http/routes.h"

namespace shuniu::project::routes {

// Appends this capability's routes to the table (see http/routes.cpp).
void Append(std::vector<http::Route>& routes, http::Services& s);

}  // namespace shuniu::project::routes
