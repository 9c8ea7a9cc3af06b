// HTTP routes of notices, the inbox, receipts and reminders.
#pragma once

#include <vector>

#include "http/routes.h"

namespace shuniu::notice::routes {

// Appends this capability's routes to the table (see http/routes.cpp).
void Append(std::vector<http::Route>& routes, http::Services& s);

}  // namespace shuniu::notice::routes
