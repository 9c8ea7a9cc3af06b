// JSON of the dashboard (the shape of GET /api/v1/dashboard).
#pragma once

#include <nlohmann/json.hpp>

#include "dashboard/dashboard_service.h"

namespace shuniu::dashboard {

// {"region_code", "todo": [{key, label, label_en, count, link, items}], "figures": [...]}
nlohmann::json DashboardJson(const Dashboard& d);

}  // namespace shuniu::dashboard
