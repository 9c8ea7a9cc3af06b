// HTTP routes of meetings.
#include "hub/meeting_routes.h"

namespace shuniu::hub::routes {

void AppendMeetingRoutes(std::vector<http::Route>&, http::Services&) {}

}  // namespace shuniu::hub::routes
