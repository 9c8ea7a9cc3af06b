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
inline constexpr const char* kLingdong = "440705001002";  // a sibling village of 北门

// ---- the policy -----------------------------------------------------------
enum class Scope {
  kNone,    // no object in the path
  kObject,  // {id}/{code} names an object; outside the caller's subtree → 404
  kTarget,  // the body names a region to write into; outside the subtree → 403
};
enum class Run { kMain, kOwnSession };
enum class Officer { kAsRole, kAllowed, kForbidden };
enum class OtherOrg { kAsOrg, kHidden, kForbidden };  // kOwnSession: ends or replaces the session
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
  // An appointed Party-branch officer on the branch it serves (the one at its
  // own position); other branches are hidden from it like from any non-officer.
  Officer officer = Officer::kAsRole;
  // What an account of a SECOND organization of the same region gets where the
  // object (or the body) belongs to the fixture organization (org_own_only
  // routes imply kHidden).
  OtherOrg other_org = OtherOrg::kAsOrg;
  // Separation of duties: this caller holds the conflicting duty on the object
  // it is given at its own position (it requested the tranche, it sits on the
  // panel that scored the tender) and is refused there (403).
  std::string duty_holder;
};
// The caller that holds a conflicting duty in the separation-of-duties rows.
inline constexpr const char* kDutyHolder = "staff@新会区";
inline Policy SeparateDuty(Policy p) {
  p.duty_holder = kDutyHolder;
  return p;
}
inline const std::set<std::string> kPublic = {"public"}, kAny = {"any"},
                                   kManagers = {"admin", "staff"};
inline const std::set<std::string> kOrgReaders = {"admin", "staff", "auditor", "org"},
                                   kOrgEditors = {"admin", "staff", "org"},
                                   kStatsReaders = {"admin", "staff", "auditor"};

inline Policy Route(std::set<std::string> roles, Scope scope = Scope::kNone, Run run = Run::kMain) {
  Policy p;
  p.roles = std::move(roles);
  p.scope = scope;
  p.run = run;
  return p;
}
inline Policy List(std::set<std::string> roles, std::string region_field,
                   bool admin_unscoped = false) {
  Policy p = Route(std::move(roles));
  p.list_region = std::move(region_field);
  p.admin_unscoped = admin_unscoped;
  return p;
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

// The body names the fixture organization (a bid, a report on its project):
// another organization's account is refused (403) or finds nothing (404).
inline Policy OtherOrgForbidden(Policy p) {
  p.other_org = OtherOrg::kForbidden;
  return p;
}
inline Policy OtherOrgHidden(Policy p) {
  p.other_org = OtherOrg::kHidden;
  return p;
}

// ---- who calls, and where the object lies ----------------------------------
enum class Kind {
  kPlain,
  // An org account of a second organization of its region that operates a base
  // of its own: every fixture object it is called on belongs to ANOTHER
  // organization and ANOTHER base (the positions "other org" and "other base").
  kOtherOrg,
  // A staff account appointed officer of the Party branch of its own region.
  kOfficer,
};
struct Caller {
  std::string label, username;
  std::optional<Role> role;  // nullopt: anonymous
  std::string region;
  Kind kind = Kind::kPlain;
};
// org@新会区 belongs to the fixture organization of 新会区, which also operates the
// 新会区 fixture base: it is the base operator of its own base (own position) and
// of no other (child, parent and sibling positions).
inline const std::vector<Caller> kCallers = {
    {"admin@江门市", "m.admin.jm", Role::kAdmin, kJiangmen},
    {"staff@江门市", "m.staff.jm", Role::kStaff, kJiangmen},
    {"staff@新会区", "m.staff.xh", Role::kStaff, kXinhui},
    {"staff@会城街道", "m.staff.hc", Role::kStaff, kHuicheng},
    {"staff@北门社区", "m.staff.bm", Role::kStaff, kBeimen},
    {"officer(staff)@新会区", "m.officer", Role::kStaff, kXinhui, Kind::kOfficer},
    {"auditor@江门市", "m.auditor", Role::kAuditor, kJiangmen},
    {"org+base-operator@新会区", "m.org", Role::kOrg, kXinhui},
    {"other-org+other-base@新会区", "m.org2", Role::kOrg, kXinhui, Kind::kOtherOrg},
    {"reviewer@会城街道", "m.reviewer", Role::kReviewer, kHuicheng},
    {"anonymous", "", std::nullopt, kJiangmen},
};
enum Position { kOwn, kChild, kParent, kSibling };
inline const char* kPositionNames[] = {"own", "child", "parent", "sibling"};
// region → {own, child, parent, sibling}; "" where the level has none (a
// village has no child region).
inline const std::map<std::string, std::array<std::string, 4>> kPositions = {
    {kJiangmen, {kJiangmen, kXinhui, kGuangdong, kGuangzhou}},
    {kXinhui, {kXinhui, kHuicheng, kJiangmen, kTaishan}},
    {kHuicheng, {kHuicheng, kBeimen, kXinhui, kDaze}},
    {kBeimen, {kBeimen, "", kHuicheng, kLingdong}},
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

// Called once per logged-in caller after its account exists, for the links a
// caller kind needs (an officer appointment, a second organization's base).
using CallerHook = std::function<void(const Fixtures&, const Caller&, long long user_id,
                                      std::optional<long long> org_id)>;
std::vector<CallerHook>& CallerHooks();
struct RegisterCaller {
  explicit RegisterCaller(CallerHook h) { CallerHooks().push_back(std::move(h)); }
};
// Declared at namespace scope in a matrix_<capability>.cpp: registers the family.
struct Register {
  explicit Register(Family f) { Families().push_back(std::move(f)); }
};

}  // namespace shuniu::testing::matrix
