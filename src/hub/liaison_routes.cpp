// HTTP routes of cadre liaison (visits, workload).
#include "hub/liaison_routes.h"

namespace shuniu::hub::routes {

void AppendLiaisonRoutes(std::vector<http::Route>&, http::Services&) {}

}  // namespace shuniu::hub::routes
