// JSON forms of competitions, applications, scores and results (the API's shapes).
#pragma once

#include <nlohmann/json.hpp>

#include "competition/competition_service.h"

namespace shuniu::competition {

nlohmann::json CompetitionJson(const Competition& k);
nlohmann::json ApplicationJson(const Application& a);
nlohmann::json ScoreJson(const ScoreRow& s);
nlohmann::json AdjustmentJson(const Adjustment& x);
// Vote figures are absent (null) while counts are hidden.
nlohmann::json ResultsJson(const Results& r);

}  // namespace shuniu::competition
