// Weighted scoring criteria, shared by the tender panel (src/tender/) and the
// competition experts (src/competition/): 1–10 criteria with a code, a name and
// a weight in percent, the weights summing to 100.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/result.h"

namespace shuniu::project {

struct WeightedCriterion {
  std::string code, name;
  long long weight = 0;  // percent; the weights of a set sum to 100
};

// Parses `j` (a JSON list) into `out`; an error names the field, e.g.
// "criteria[1].weight", and leaves `out` unchanged.
Status ParseWeightedCriteria(const nlohmann::json& j, std::vector<WeightedCriterion>& out);

}  // namespace shuniu::project
