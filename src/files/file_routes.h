// HTTP routes of the attachment service.
#pragma once

#include <vector>

#include "http/routes.h"

namespace shuniu::files::routes {

// A file's metadata as the API shows it (id, name, mime, size, sha256, org_id,
// region_code, created_by, created_at); other capabilities may embed it.
nlohmann::json MetaJson(const FileMeta& m);

// Appends this capability's routes to the table (see http/routes.cpp).
void Append(std::vector<http::Route>& routes, http::Services& s);

}  // namespace shuniu::files::routes
