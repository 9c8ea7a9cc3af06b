// HTTP route of the home-page dashboard.
#pragma once

#include <vector>

#include "http/routes.h"

namespace shuniu::dashboard::routes {

// Appends GET /api/v1/dashboard to the table (see http/routes.cpp).
void Append(std::vector<http::Route>& routes, http::Services& s);

}  // namespace shuniu::dashboard::routes
