// The access matrix, shared by the core test (access_matrix_test.cpp) and each
// capability's part of it (tests/api/matrix_<capability>.cpp). A capability
// registers its policy entries, the fixtures it needs in every region, and how
// to build a concrete request for each of its routes; the core test calls every
// route of the live table and compares the outcome with the policy.
#pragma once

#include <array>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "api/harness.h"

namespace shuniu::testing::matrix {

inline constexpr const char* kGuangdong = "440000000000";
// Guangzhou lies outside the deployment (added as a fixture).
inline constexpr const char* kGuangzhou = "440100000000";
inline constexpr const char* kJiangmen = "440700000000";
inline constexpr const char* kXinhui = "440705000000";
inline constexpr const char* kHuicheng = "440705001000";
inline constexpr const char* kBeimen = "440705001001";
inline constexpr const char* kTaishan = "440781000000";
inline constexpr const char* kDaze = "440705101000";

// ---- the policy -----------------------------------------------------------
enum class Scope {
  kNone,    // no object in the path
  kObject,  // {id}/{code} names an object; outside the caller's subtree → 404
  kTarget,  // the body names a region to write into; outside the subtree → 403
};
enum class Run { kMain, kOwnSession };  // kOwnSession: ends or replaces the session
struct Policy {
  std::set<std::string> roles;  // "public", "any" (logged in) or role names
  Scope scope = Scope::kNone;
  Run run = Run::kMain;
  std::string list_region;      // list routes: each item's region field must be in scope
  bool admin_unscoped = false;  // …except for an admin
  bool org_own_only = false;    // an org account sees only its own organization
  // Roles past the role gate that reach only objects a record opens to them
  // (a tender panel's reviewer reads its opened proposals): none of the
  // fixtures, so 404 at every position.
  std::set<std::string> record_only;
  // An org account reaches objects at its own region and above (not below):
  // competitions are open to the organizations of their region's subtree.
  bool org_ancestors = false;
};
inline const std::set<std::string> kPublic = {"public"}, kAny = {"any"},
                                   kManagers = {"admin", "staff"};
inline const std::set<std::string> kOrgReaders = {"admin", "staff", "auditor", "org"},
                                   kOrgEditors = {"admin", "staff", "org"},
                                   kStatsReaders = {"admin", "staff", "auditor"};

inline Policy Route(std::set<std::string> roles, Scope scope = Scope::kNone, Run run = Run::kMain) {
  return Policy{std::move(roles), scope, run, "", false, false, {}, false};
}
inline Policy List(std::set<std::string> roles, std::string region_field,
                   bool admin_unscoped = false) {
  return Policy{std::move(roles), Scope::kNone, Run::kMain, std::move(region_field),
                admin_unscoped,   false,        {}};
}
// Organization routes: an org account reaches only the organization it belongs to.
inline Policy OrgRoute(std::set<std::string> roles, Scope scope) {
  Policy p = Route(std::move(roles), scope);
  p.org_own_only = true;
  return p;
}
inline Policy OrgList(std::set<std::string> roles) {
  Policy p = List(std::move(roles), "region_code");
  p.org_own_only = true;
  return p;
}

// ---- who calls, and where the object lies ----------------------------------
struct Caller {
  std::string label, username;
  std::optional<Role> role;  // nullopt: anonymous
  std::string region;
};
inline const std::vector<Caller> kCallers = {
    {"admin@江门市", "m.admin.jm", Role::kAdmin, kJiangmen},
    {"staff@江门市", "m.staff.jm", Role::kStaff, kJiangmen},
    {"staff@新会区", "m.staff.xh", Role::kStaff, kXinhui},
    {"staff@会城街道", "m.staff.hc", Role::kStaff, kHuicheng},
    {"auditor@江门市", "m.auditor", Role::kAuditor, kJiangmen},
    {"org@新会区", "m.org", Role::kOrg, kXinhui},
    {"reviewer@会城街道", "m.reviewer", Role::kReviewer, kHuicheng},
    {"anonymous", "", std::nullopt, kJiangmen},
};
enum Position { kOwn, kChild, kParent, kSibling };
inline const char* kPositionNames[] = {"own", "child", "parent", "sibling"};
// region → {own, child, parent, sibling}
inline const std::map<std::string, std::array<std::string, 4>> kPositions = {
    {kJiangmen, {kJiangmen, kXinhui, kGuangdong, kGuangzhou}},
    {kXinhui, {kXinhui, kHuicheng, kJiangmen, kTaishan}},
    {kHuicheng, {kHuicheng, kBeimen, kXinhui, kDaze}},
};

// What the core fixtures hold for every region of kPositions (and the regions
// outside the deployment): a staff account and an organization.
struct Fixtures {
  Stack& stack;
  const std::map<std::string, long long>& users;  // region → staff user id
  const std::map<std::string, long long>& orgs;   // region → organization id
};

struct Family {
  std::string name;
  std::map<std::string, Policy> policies;  // "METHOD /path" → policy
  // Called for each fixture region, after the core fixtures of that region exist.
  std::function<void(const Fixtures&, const std::string& region)> add_fixture;
  // Fills in `path` (placeholders replaced, query added) and `body` for a route
  // of this family at `region`; returns false when the key is not its route.
  std::function<bool(const Fixtures&, const std::string& key, const Caller& caller,
                     const std::string& region, std::string& path, std::string& body)>
      build;
};

std::vector<Family>& Families();
// Declared at namespace scope in a matrix_<capability>.cpp: registers the family.
struct Register {
  explicit Register(Family f) { Families().push_back(std::move(f)); }
};

}  // namespace shuniu::testing::matrix
