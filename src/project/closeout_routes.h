// HTTP routes of close-out and promotion: /api/v1/closeouts, /projects/{id}/refund,
// /projects/purchases.xlsx and the public cases.
#pragma once

#include <vector>

#include "http/routes.h"

namespace shuniu::project::routes {

// Appends the close-out routes; call before Append (project_routes.h) so that
// /api/v1/projects/purchases.xlsx is not taken for /api/v1/projects/{id}.
void AppendCloseout(std::vector<http::Route>& routes, http::Services& s);

}  // namespace shuniu::project::routes
