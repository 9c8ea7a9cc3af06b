// HTTP routes of the Women & Children Homes: registry, criteria, assessments,
// funding and figures.
#pragma once

#include <vector>

#include "http/routes.h"

namespace shuniu::home::routes {

// Appends this capability's routes to the table (see http/routes.cpp).
void Append(std::vector<http::Route>& routes, http::Services& s);

}  // namespace shuniu::home::routes
