// HTTP routes of the public-tender channel: tenders, bids, scores, award,
// the public notices and the OCDS release package.
#pragma once

#include <vector>

#include "http/routes.h"

namespace shuniu::tender::routes {

// Appends this capability's routes to the table (see http/routes.cpp).
void Append(std::vector<http::Route>& routes, http::Services& s);

}  // namespace shuniu::tender::routes
