// HTTP routes of trainings.
#include "hub/training_routes.h"

namespace shuniu::hub::routes {

void AppendTrainingRoutes(std::vector<http::Route>&, http::Services&) {}

}  // namespace shuniu::hub::routes
