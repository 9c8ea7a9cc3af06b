// The whole API on one screen. Each route names its access policy; the access
// matrix test and the OpenAPI document are generated from this table.
#include "http/routes.h"

#include "audit/audit_routes.h"
#include "auth/auth_routes.h"
#include "competition/competition_routes.h"
#include "dashboard/dashboard_routes.h"
#include "files/file_routes.h"
#include "home/home_routes.h"
#include "http/app.h"
#include "hub/base_routes.h"
#include "hub/liaison_routes.h"
#include "hub/meeting_routes.h"
#include "hub/review_routes.h"
#include "hub/survey_routes.h"
#include "hub/training_routes.h"
#include "intern/intern_routes.h"
#include "notice/notice_routes.h"
#include "org/org_routes.h"
#include "party/party_routes.h"
#include "project/closeout_routes.h"
#include "project/project_routes.h"
#include "project/supervision_routes.h"
#include "region/region_routes.h"
#include "report/report_routes.h"
#include "tender/tender_routes.h"
#include "vote/vote_routes.h"

namespace shuniu::http {

const char* kVersion = "0.1.0";

std::vector<Route> BuildRoutes(Services& s) {
  auth::routes::Deps ad{s.auth, s.users, s.regions, s.cfg.secure_cookies,
                        s.cfg.session_absolute_hours * 3600};
  const std::vector<Role> kManagers = {Role::kAdmin, Role::kStaff};
  const std::vector<Role> kAuditReaders = {Role::kAdmin, Role::kAuditor, Role::kStaff};
  namespace a = auth::routes;
  namespace r = region::routes;
  namespace o = org::routes;
  const std::vector<Role> kOrgReaders = {Role::kAdmin, Role::kStaff, Role::kAuditor, Role::kOrg};
  const std::vector<Role> kOrgEditors = {Role::kAdmin, Role::kStaff, Role::kOrg};
  const std::vector<Role> kStatsReaders = {Role::kAdmin, Role::kStaff, Role::kAuditor};
  std::vector<Route> routes = {
      {"GET",
       "/healthz",
       Access::kPublic,
       {},
       "Liveness and database engine",
       "system",
       [&s](const Request&) {
         return Response::Json(
             200, {{"status", "ok"}, {"db", s.db.engine_name()}, {"version", kVersion}});
       },
       false,
       /*inline_on_io=*/true},
      {"POST", "/api/v1/auth/login", Access::kPublic, {}, "Log in", "auth", a::Login(ad)},
      {"POST",
       "/api/v1/auth/logout",
       Access::kLoggedIn,
       {},
       "Log out",
       "auth",
       a::Logout(ad),
       true},
      {"GET",
       "/api/v1/auth/me",
       Access::kLoggedIn,
       {},
       "The current user and CSRF token",
       "auth",
       a::Me(ad),
       true},
      {"POST",
       "/api/v1/auth/password",
       Access::kLoggedIn,
       {},
       "Change own password",
       "auth",
       a::ChangePassword(ad),
       true},
      {"POST",
       "/api/v1/auth/totp/setup",
       Access::kLoggedIn,
       {},
       "Start TOTP enrolment",
       "auth",
       a::TotpSetup(ad),
       true},
      {"POST",
       "/api/v1/auth/totp/enable",
       Access::kLoggedIn,
       {},
       "Confirm TOTP enrolment",
       "auth",
       a::TotpEnable(ad),
       true},
      {"GET", "/api/v1/users", Access::kRoles, kManagers, "List users in scope", "users",
       a::ListUsers(ad)},
      {"POST", "/api/v1/users", Access::kRoles, kManagers, "Create a user", "users",
       a::CreateUser(ad)},
      {"GET", "/api/v1/users/{id}", Access::kRoles, kManagers, "Read a user", "users",
       a::GetUser(ad)},
      {"PATCH", "/api/v1/users/{id}", Access::kRoles, kManagers, "Edit a user", "users",
       a::UpdateUser(ad)},
      {"POST", "/api/v1/users/{id}/reset-password", Access::kRoles, kManagers, "Reset a password",
       "users", a::ResetPassword(ad)},
      {"POST", "/api/v1/users/{id}/lock", Access::kRoles, kManagers, "Lock an account", "users",
       a::LockUser(ad)},
      {"POST", "/api/v1/users/{id}/unlock", Access::kRoles, kManagers, "Unlock an account", "users",
       a::UnlockUser(ad)},
      {"GET",
       "/api/v1/regions",
       Access::kLoggedIn,
       {},
       "Search regions by name",
       "regions",
       r::Search(s.regions)},
      {"GET",
       "/api/v1/regions/{code}",
       Access::kLoggedIn,
       {},
       "Read a region with its path",
       "regions",
       r::GetRegion(s.regions)},
      {"GET",
       "/api/v1/regions/{code}/children",
       Access::kLoggedIn,
       {},
       "Children of a region",
       "regions",
       r::Children(s.regions)},
      {"GET",
       "/api/v1/dicts",
       Access::kLoggedIn,
       {},
       "Dictionaries (kinds, domains, …)",
       "orgs",
       o::Dictionaries(s.orgs)},
      {"GET", "/api/v1/orgs", Access::kRoles, kOrgReaders, "List and search organizations in scope",
       "orgs", o::List(s.orgs)},
      {"POST", "/api/v1/orgs", Access::kRoles, kManagers, "Create an organization", "orgs",
       o::Create(s.orgs)},
      {"POST", "/api/v1/orgs/import", Access::kRoles, kManagers,
       "Import organizations from .xlsx/.csv (dry run by default)", "orgs", o::Import(s.orgs)},
      {"GET", "/api/v1/orgs/import-template.xlsx", Access::kRoles, kManagers, "The import template",
       "orgs", o::Template(s.orgs)},
      {"GET", "/api/v1/orgs/export.xlsx", Access::kRoles, kOrgReaders,
       "Export the filtered list as .xlsx", "orgs", o::Export(s.orgs)},
      {"GET", "/api/v1/orgs/{id}", Access::kRoles, kOrgReaders, "Read an organization", "orgs",
       o::Get(s.orgs)},
      {"PATCH", "/api/v1/orgs/{id}", Access::kRoles, kOrgEditors, "Edit an organization", "orgs",
       o::Update(s.orgs)},
      {"GET", "/api/v1/orgs/{id}/history", Access::kRoles, kOrgReaders,
       "Field-level change history", "orgs", o::History(s.orgs)},
      {"GET", "/api/v1/stats/orgs", Access::kRoles, kStatsReaders,
       "Organization counts for a region and its children", "orgs", o::Stats(s.orgs)},
      {"GET",
       "/api/v1/public/dicts",
       Access::kPublic,
       {},
       "Dictionaries for public pages",
       "public",
       o::Dictionaries(s.orgs)},
      {"GET",
       "/api/v1/public/orgs",
       Access::kPublic,
       {},
       "Public directory of published organizations",
       "public",
       o::PublicList(s.orgs)},
      // clang-format off
      {"POST", "/api/v1/orgs/{id}/change-requests", Access::kRoles, {Role::kOrg}, "Propose a change of key fields (org accounts)", "orgs", o::ProposeChange(s.orgs)},
      {"GET", "/api/v1/change-requests", Access::kRoles, kOrgReaders, "Change requests in scope", "orgs", o::ListChangeRequests(s.orgs)},
      {"POST", "/api/v1/change-requests/{id}/approve", Access::kRoles, kManagers, "Approve and apply a change request", "orgs", o::DecideChange(s.orgs, true)},
      {"POST", "/api/v1/change-requests/{id}/reject", Access::kRoles, kManagers, "Reject a change request with a reason", "orgs", o::DecideChange(s.orgs, false)},
      {"POST", "/api/v1/dicts/{dict}", Access::kRoles, {Role::kAdmin}, "Add a dictionary entry", "orgs", o::AddDictItem(s.orgs)},
      {"PATCH", "/api/v1/dicts/{dict}/{code}", Access::kRoles, {Role::kAdmin}, "Edit or retire a dictionary entry", "orgs", o::EditDictItem(s.orgs)},
      {"GET", "/api/v1/stats/orgs/trend", Access::kRoles, kStatsReaders, "Organizations per founding and registration year", "orgs", o::Trend(s.orgs)},
      {"GET", "/api/v1/stats/orgs/export.xlsx", Access::kRoles, kStatsReaders, "Dashboard figures as .xlsx", "orgs", o::StatsExport(s.orgs)},
      // clang-format on
      {"GET", "/api/v1/audit-events", Access::kRoles, kAuditReaders, "Read the audit log", "audit",
       audit::routes::ListEvents(s.audit)},
  };
  // Each capability of the hub appends its own routes.
  files::routes::Append(routes, s);
  notice::routes::Append(routes, s);
  hub::routes::AppendBaseRoutes(routes, s);
  hub::routes::AppendReviewRoutes(routes, s);
  hub::routes::AppendLiaisonRoutes(routes, s);
  hub::routes::AppendMeetingRoutes(routes, s);
  hub::routes::AppendSurveyRoutes(routes, s);
  hub::routes::AppendTrainingRoutes(routes, s);
  project::routes::AppendCloseout(routes, s);  // before /projects/{id}
  project::routes::Append(routes, s);
  tender::routes::Append(routes, s);
  project::supervision_routes::Append(routes, s.supervision);
  competition::routes::Append(routes, s);
  vote::routes::Append(routes, s);
  home::routes::Append(routes, s);
  party::routes::Append(routes, s);
  intern::routes::Append(routes, s);
  report::routes::Append(routes, s);
  dashboard::routes::Append(routes, s);
  // The OpenAPI document describes the table, itself included.
  routes.push_back({"GET",
                    "/api/v1/openapi.json",
                    Access::kPublic,
                    {},
                    "This API description",
                    "system",
                    nullptr});
  auto doc = std::make_shared<nlohmann::json>(OpenApi(routes, kVersion));
  routes.back().handler = [doc](const Request&) { return Response::Json(200, *doc); };
  routes.back().inline_on_io = true;
  return routes;
}

}  // namespace shuniu::http
