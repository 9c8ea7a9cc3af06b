// HTTP routes of the attachment service.
#pragma once

#include <vector>

#include "http/routes.h"

namespace shuniu::files::routes {

// Appends this capability's routes to the table (see http/routes.cpp).
void Append(std::vector<http::Route>& routes, http::Services& s);

}  // namespace shuniu::files::routes
