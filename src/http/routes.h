// The route table: every API route, its access policy and its handler.
#pragma once

#include "audit/audit_service.h"
#include "auth/auth_service.h"
#include "auth/user_service.h"
#include "core/config.h"
#include "http/http.h"
#include "org/org_service.h"
#include "region/region_service.h"

namespace shuniu::http {

struct Services {
  db::Database& db;
  const Config& cfg;
  auth::AuthService& auth;
  auth::UserService& users;
  region::RegionService& regions;
  audit::AuditService& audit;
  org::OrgService& orgs;
};

std::vector<Route> BuildRoutes(Services& s);
extern const char* kVersion;

}  // namespace shuniu::http
