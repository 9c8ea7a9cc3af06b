// HTTP routes of competitions: competitions, applications, panel and scores,
// results with adjustments and publication, and figures.
#pragma once

#include <vector>

#include "http/routes.h"

namespace shuniu::competition::routes {

// Appends this capability's routes to the table (see http/routes.cpp).
void Append(std::vector<http::Route>& routes, http::Services& s);

}  // namespace shuniu::competition::routes
