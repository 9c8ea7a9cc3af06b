// HTTP routes of the annual work report: figures as JSON, the records behind a figure,
// and the same report as PDF and .xlsx.
#pragma once

#include <vector>

#include "http/routes.h"

namespace shuniu::report::routes {

// Appends this capability's routes to the table (see http/routes.cpp).
void Append(std::vector<http::Route>& routes, http::Services& s);

}  // namespace shuniu::report::routes
