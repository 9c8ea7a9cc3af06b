// HTTP routes of the joint Party branch: branches, officers, members, activities.
#pragma once

#include <vector>

#include "http/routes.h"

namespace shuniu::party::routes {

// Appends this capability's routes to the table (see http/routes.cpp).
void Append(std::vector<http::Route>& routes, http::Services& s);

}  // namespace shuniu::party::routes
