// HTTP routes of annual reviews and disclosure.
#include "hub/review_routes.h"

namespace shuniu::hub::routes {

void AppendReviewRoutes(std::vector<http::Route>&, http::Services&) {}

}  // namespace shuniu::hub::routes
