// Generates the OpenAPI 3.1 document from the route table, so it cannot drift.
#include "http/app.h"

namespace shuniu::http {

nlohmann::json OpenApi(const std::vector<Route>& routes, const std::string& version) {
  nlohmann::json paths = nlohmann::json::object();
  for (const auto& r : routes) {
    nlohmann::json op = {
        {"summary", r.summary}, {"tags", {r.tag}}, {"operationId", r.method + " " + r.path}};
    nlohmann::json params = nlohmann::json::array();
    for (size_t i = r.path.find('{'); i != std::string::npos; i = r.path.find('{', i + 1)) {
      std::string name = r.path.substr(i + 1, r.path.find('}', i) - i - 1);
      params.push_back(
          {{"name", name}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}});
    }
    if (!params.empty()) op["parameters"] = params;
    if (r.access == Access::kPublic) {
      op["security"] = nlohmann::json::array();
    } else {
      nlohmann::json roles = nlohmann::json::array();
      for (Role role : r.roles) roles.push_back(RoleName(role));
      op["x-roles"] = r.access == Access::kLoggedIn ? nlohmann::json("any") : roles;
    }
    op["responses"] = {
        {"200", {{"description", "success"}}},
        {"default",
         {{"description", "error envelope"},
          {"content",
           {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}}}};
    std::string m = r.method;
    for (auto& ch : m) ch = static_cast<char>(std::tolower(ch));
    paths[r.path][m] = op;
  }
  return {{"openapi", "3.1.0"},
          {"info", {{"title", "Shuniu API"}, {"version", version}}},
          {"paths", paths},
          {"components",
           {{"securitySchemes",
             {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "shuniu_session"}}}}},
            {"schemas",
             {{"Error",
               {{"type", "object"},
                {"properties",
                 {{"error",
                   {{"type", "object"},
                    {"properties",
                     {{"code", {{"type", "string"}}},
                      {"message", {{"type", "string"}}},
                      {"field", {{"type", "string"}}},
                      {"request_id", {{"type", "string"}}}}}}}}}}}}}}},
          {"security", {{{"session", nlohmann::json::array()}}}}};
}

}  // namespace shuniu::http
