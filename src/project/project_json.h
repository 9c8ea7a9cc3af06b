// JSON forms of the project cycle's records (API responses and audit snapshots).
// Money is integer fen.
#pragma once

#include <nlohmann/json.hpp>

#include "project/project_service.h"

namespace shuniu::project {

nlohmann::json ProjectJson(const Project& p);
nlohmann::json PoolJson(const Pool& p);
nlohmann::json PoolSummaryJson(const PoolSummary& s);
nlohmann::json ContractJson(const Contract& c, bool detail);
nlohmann::json IncomeJson(const Income& i);
nlohmann::json IncomeSummaryJson(const IncomeSummary& s);

}  // namespace shuniu::project
