// HTTP routes of notices, the inbox, receipts and reminders.
#include "notice/notice_routes.h"

namespace shuniu::notice::routes {

void Append(std::vector<http::Route>&, http::Services&) {}

}  // namespace shuniu::notice::routes
