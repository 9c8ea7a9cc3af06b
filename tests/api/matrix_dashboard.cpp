// The access matrix for the home-page dashboard: every logged-in role may read
// it; ?region=<position> outside the caller's subtree answers 404.
#include "api/matrix.h"

namespace shuniu::testing::matrix {
namespace {

bool Build(const Fixtures&, const std::string& key, const Caller&, const std::string& region,
           std::string& path, std::string&) {
  if (key != "GET /api/v1/dashboard") return false;
  path += "?region=" + region;
  return true;
}

const Register kDashboard{Family{
    "dashboard",
    {
        {"GET /api/v1/dashboard", Route(kAny, Scope::kObject)},  // ?region=<position>
    },
    [](const Fixtures&, const std::string&) {},
    Build,
}};

}  // namespace
}  // namespace shuniu::testing::matrix
