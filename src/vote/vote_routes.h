// HTTP routes of public voting: the public page, codes and votes, and the
// staff's paper-ballot batches and fraud report.
#pragma once

#include <vector>

#include "http/routes.h"

namespace shuniu::vote::routes {

// Appends this capability's routes to the table (see http/routes.cpp).
void Append(std::vector<http::Route>& routes, http::Services& s);

}  // namespace shuniu::vote::routes
