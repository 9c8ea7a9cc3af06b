// HTTP routes of needs surveys.
#include "hub/survey_routes.h"

namespace shuniu::hub::routes {

void AppendSurveyRoutes(std::vector<http::Route>&, http::Services&) {}

}  // namespace shuniu::hub::routes
