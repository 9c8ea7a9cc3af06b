// HTTP routes of needs surveys.
#pragma once

#include <vector>

#include "http/routes.h"

namespace shuniu::hub::routes {

// Appends this capability's routes to the table (see http/routes.cpp).
void AppendSurveyRoutes(std::vector<http::Route>& routes, http::Services& s);

}  // namespace shuniu::hub::routes
