// HTTP routes of supervision: progress reports, tranches, inspections, risks.
#pragma once

#include <vector>

#include "http/routes.h"
#include "project/supervision_service.h"

namespace shuniu::project::supervision_routes {

// Appends supervision's routes to the table (see http/routes.cpp).
void Append(std::vector<http::Route>& routes, SupervisionService& s);

}  // namespace shuniu::project::supervision_routes
