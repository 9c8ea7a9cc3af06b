// HTTP routes of bases, residency agreements and the incubation log.
#include "hub/base_routes.h"

namespace shuniu::hub::routes {

void AppendBaseRoutes(std::vector<http::Route>&, http::Services&) {}

}  // namespace shuniu::hub::routes
