// HTTP routes of annual reviews and disclosure.
#pragma once

#include <vector>

#include "http/routes.h"

namespace shuniu::hub::routes {

// Appends this capability's routes to the table (see http/routes.cpp).
void AppendReviewRoutes(std::vector<http::Route>& routes, http::Services& s);

}  // namespace shuniu::hub::routes
