#include "project/criteria.h"

#include <set>

#include "core/json_input.h"

namespace shuniu::project {

using nlohmann::json;

Status ParseWeightedCriteria(const json& j, std::vector<WeightedCriterion>& out) {
  if (!j.is_array() || j.empty() || j.size() > 10)
    return InvalidArgument("criteria", "criteria must list 1–10 criteria");
  std::vector<WeightedCriterion> list;
  std::set<std::string> codes;
  long long sum = 0;
  for (size_t i = 0; i < j.size(); ++i) {
    std::string f = "criteria[" + std::to_string(i) + "]";
    if (!j[i].is_object()) return InvalidArgument(f, f + " must be an object");
    for (auto& [k, v] : j[i].items())
      if (k != "code" && k != "name" && k != "weight")
        return InvalidArgument(f + "." + k, "unknown field " + f + "." + k);
    WeightedCriterion c;
    json name = j[i].value("name", json());
    if (!name.is_string() || Utf8Length(name.get<std::string>()) < 1 ||
        Utf8Length(name.get<std::string>()) > 100)
      return InvalidArgument(f + ".name", f + ".name must have 1–100 characters");
    c.name = name.get<std::string>();
    json code = j[i].value("code", json("c" + std::to_string(i + 1)));
    if (!code.is_string() || code.get<std::string>().empty() || code.get<std::string>().size() > 32)
      return InvalidArgument(f + ".code", f + ".code must have 1–32 characters");
    c.code = code.get<std::string>();
    if (!codes.insert(c.code).second)
      return InvalidArgument(f + ".code", f + ".code repeats " + c.code);
    json w = j[i].value("weight", json());
    if (!w.is_number_integer() || w.get<long long>() < 1 || w.get<long long>() > 100)
      return InvalidArgument(f + ".weight", f + ".weight must be an integer 1–100");
    c.weight = w.get<long long>();
    sum += c.weight;
    list.push_back(c);
  }
  if (sum != 100)
    return InvalidArgument("criteria",
                           "the criteria weights sum to " + std::to_string(sum) + ", not 100");
  out = list;
  return Status::Ok();
}

}  // namespace shuniu::project
