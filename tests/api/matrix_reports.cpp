// The access matrix for the annual report: staff, admins and auditors read the
// report of a region in their subtree (404 outside); other roles are refused.
#include "api/matrix.h"

namespace shuniu::testing::matrix {
namespace {

void NoFixtures(const Fixtures&, const std::string&) {}

bool Build(const Fixtures&, const std::string& key, const Caller&, const std::string& region,
           std::string& path, std::string&) {
  if (key.find(" /api/v1/reports/annual") == std::string::npos) return false;
  path += "?year=2014&region=" + region;
  if (key == "GET /api/v1/reports/annual/records") path += "&key=orgs.registered";
  return true;
}

const Register kReports{Family{
    "reports",
    {
        {"GET /api/v1/reports/annual", Route(kStatsReaders, Scope::kObject)},
        {"GET /api/v1/reports/annual.pdf", Route(kStatsReaders, Scope::kObject)},
        {"GET /api/v1/reports/annual.xlsx", Route(kStatsReaders, Scope::kObject)},
        {"GET /api/v1/reports/annual/records", Route(kStatsReaders, Scope::kObject)},
    },
    NoFixtures,
    Build,
}};

}  // namespace
}  // namespace shuniu::testing::matrix
