// The files capability's part of the access matrix: one file per fixture
// region, belonging to that region's fixture organization.
#include "api/matrix.h"

namespace shuniu::testing::matrix {
namespace {

std::map<std::string, long long>& FileFixtures() {
  static std::map<std::string, long long> m;
  return m;
}

// Reviewers pass the role gate of a single file but read only the proposals of
// the opened tenders whose panel they sit on (tender_api_test.cpp).
Policy FileRoute() {
  Policy p = OrgRoute(kOrgReaders, Scope::kObject);
  p.record_only = {"reviewer"};
  return p;
}

const Register kFiles{Family{
    "files",
    {
        // Without a multipart body the upload answers 422 (allowed); upload scope
        // is covered by files_api_test.cpp.
        {"POST /api/v1/files", Route(kOrgEditors)},
        {"GET /api/v1/files", List(kOrgReaders, "region_code")},
        {"GET /api/v1/files/{id}", FileRoute()},
        {"GET /api/v1/files/{id}/content", FileRoute()},
    },
    [](const Fixtures& fx, const std::string& region) {
      Principal p = fx.stack.sys->users->CliPrincipal("matrix");
      p.region_code = region;
      auto f = fx.stack.sys->files->Upload(p, "agreement-" + region + ".txt",
                                           "residency agreement of " + region + "\n",
                                           fx.orgs.at(region));
      ASSERT_TRUE(f.ok()) << f.status().message();
      FileFixtures()[region] = f->id;
    },
    [](const Fixtures&, const std::string& key, const Caller&, const std::string& region,
       std::string& path, std::string& body) {
      if (key.find(" /api/v1/files") == std::string::npos) return false;
      if (auto p = path.find("{id}"); p != std::string::npos)
        path.replace(p, 4, std::to_string(FileFixtures().at(region)));
      if (key == "GET /api/v1/files") path += "?size=200";
      body.clear();
      return true;
    },
}};

}  // namespace
}  // namespace shuniu::testing::matrix
