// JSON forms of Homes, criteria, assessments, funding and figures, and the
// audit snapshots (never a contact phone in clear). Money is integer fen.
#pragma once

#include <nlohmann/json.hpp>

#include "home/home_service.h"

namespace shuniu::home {

nlohmann::json HomeJson(const Home& h);
nlohmann::json HomeAuditJson(const Home& h);
nlohmann::json CriteriaJson(const Criteria& c);
nlohmann::json AssessmentJson(const Assessment& a);
nlohmann::json FundingJson(const Funding& f);
nlohmann::json FiguresJson(const Figures& f);
nlohmann::json HistoryJson(const HistoryEntry& e);

}  // namespace shuniu::home
