// HTTP handlers for the organization information base and its public directory.
#pragma once

#include "http/http.h"
#include "org/org_service.h"

namespace shuniu::org::routes {

http::Handler List(OrgService& s);
http::Handler Create(OrgService& s);
http::Handler Get(OrgService& s);
http::Handler Update(OrgService& s);
http::Handler History(OrgService& s);
http::Handler Stats(OrgService& s);
http::Handler PublicList(OrgService& s);
http::Handler Dictionaries(OrgService& s);
http::Handler Import(OrgService& s);
http::Handler Export(OrgService& s);
http::Handler Template(OrgService& s);
http::Handler ProposeChange(OrgService& s);
http::Handler ListChangeRequests(OrgService& s);
http::Handler DecideChange(OrgService& s, bool approve);
http::Handler AddDictItem(OrgService& s);
http::Handler EditDictItem(OrgService& s);
http::Handler Trend(OrgService& s);
http::Handler StatsExport(OrgService& s);

// Parses an organization body (create or patch); unknown fields → 422 naming them.
Result<OrgInput> ParseOrgInput(const JsonInput& in);
nlohmann::json OrgJson(const Org& o, const std::string& region_name = "");

}  // namespace shuniu::org::routes
