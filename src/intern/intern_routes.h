// HTTP routes of the internship bases: bases, interns, hour logs and the
// interns an organization hosted.
#pragma once

#include <vector>

#include "http/routes.h"

namespace shuniu::intern::routes {

// Appends this capability's routes to the table (see http/routes.cpp).
void Append(std::vector<http::Route>& routes, http::Services& s);

}  // namespace shuniu::intern::routes
