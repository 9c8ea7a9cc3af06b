// HTTP route of the dashboard: parse ?region, call the service, render.
#include "dashboard/dashboard_routes.h"

#include "core/utf8.h"
#include "dashboard/dashboard_json.h"

namespace shuniu::dashboard::routes {

void Append(std::vector<http::Route>& routes, http::Services& s) {
  routes.push_back({"GET",
                    "/api/v1/dashboard",
                    http::Access::kLoggedIn,
                    {},
                    "The caller's to-do cards and the region's key figures (?region=CODE)",
                    "dashboard",
                    [&svc = s.dashboard](const http::Request& req) {
                      auto it = req.query.find("region");
                      std::string region = it == req.query.end() ? "" : Utf8Prefix(it->second, 20);
                      auto r = svc.Get(req.caller(), region);
                      return http::Render(req, r,
                                          [](const Dashboard& d) { return DashboardJson(d); });
                    }});
}

}  // namespace shuniu::dashboard::routes
