// HTTP routes of the attachment service.
#include "files/file_routes.h"

namespace shuniu::files::routes {

void Append(std::vector<http::Route>&, http::Services&) {}

}  // namespace shuniu::files::routes
