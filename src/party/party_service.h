// The joint Party branch (联合党支部) of the organizations' floating Party
// members: branches led by an organization, their officers (user accounts the
// admin appoints), members with relation transfer dates and sealed ID number
// and phone, the committee (members holding a post), and activities (三会一课,
// themed days) with attendance and per-member participation. Every write is one
// transaction with its audit event; audit snapshots carry masked values only.
//
// Access (docs/decisions/0012-party-branch-officers.md): only admins (in their
// region subtree) and the branch's officers see a branch and anything in it;
// every other caller, auditors included, gets kNotFound and empty lists.
// Admins create branches and appoint officers; officers and admins write.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/principal.h"
#include "hub/deps.h"

namespace shuniu::party {

struct Officer {
  long long user_id = 0;
  std::string username, display_name, appointed_by_name;
  int64_t appointed_at = 0;
};

struct Member {
  long long id = 0, branch_id = 0;
  std::string region_code, name;
  std::optional<long long> org_id;
  std::string org_name, status, post, joined_party_on, transfer_in_on, transfer_out_on;
  std::string id_number, phone;  // masked unless unmasked (and audited) on request
  bool id_number_unmasked = false, phone_unmasked = false;
  long long activities_held = 0;      // branch activities since transfer in (until out)
  long long activities_attended = 0;  // of those, marked present
  long long version = 1;
  int64_t created_at = 0, updated_at = 0;
};

struct MemberInput {
  std::optional<std::string> name, status, post, joined_party_on, transfer_in_on, id_number, phone;
  std::optional<std::optional<std::string>> transfer_out_on;  // present + nullopt: clear
  std::optional<std::optional<long long>> org_id;
};

struct Attendance {
  long long member_id = 0;
  std::string member_name, status, reason;
};

struct Activity {
  long long id = 0, branch_id = 0;
  std::string region_code, kind, held_on, place, topic, minutes, created_by_name;
  std::vector<Attendance> attendance;
  long long present = 0, absent = 0, excused = 0;
  long long version = 1;
  int64_t created_at = 0, updated_at = 0;
};

struct AttendanceInput {
  long long member_id = 0;
  std::string status, reason;
};

struct ActivityInput {
  std::optional<std::string> kind, held_on, place, topic, minutes;
  std::optional<std::vector<AttendanceInput>> attendance;  // replaces the whole list
};

struct Branch {
  long long id = 0, lead_org_id = 0;
  std::string region_code, region_name, name, lead_org_name, founded_on, description;
  std::string created_by_name;
  long long members = 0, activities = 0;  // current members; activities held
  std::vector<Officer> officers;          // detail only
  std::vector<Member> committee;          // detail only: current members holding a post
  long long version = 1;
  int64_t created_at = 0, updated_at = 0;
};

struct BranchInput {
  std::optional<std::string> region_code, name, founded_on, description;
  std::optional<long long> lead_org_id;
};

struct ActivityFilter {
  std::string kind, from, to;  // held_on in [from, to)
  long long page = 1, size = 50;
};

// Figures of the branches of a region subtree for [from, to) (dates), for the
// annual report: counts only, never personal data.
struct Figures {
  long long branches = 0;
  long long members_at_end = 0;  // transferred in before `to`, not out before `to`
  long long probationary_at_end = 0;
  long long activities = 0;
  std::map<std::string, long long> activities_by_kind;  // kind → held in the period
  long long attendance_marked = 0, attendance_present = 0;
  double attendance_rate = 0;  // present / marked, 0 when none marked
};

class PartyService {
 public:
  explicit PartyService(const hub::Deps& deps);

  // Branches the caller may see: an admin's subtree, an officer's own branches;
  // empty for everyone else.
  Result<std::vector<Branch>> List(const Principal& p);
  // With officers and committee; kNotFound when the caller may not see it.
  Result<Branch> Get(const Principal& p, long long id);
  // Admin: a branch in their subtree (kPermissionDenied outside) led by an
  // organization of that subtree.
  Result<Branch> Create(const Principal& p, const BranchInput& in);
  // Admin or officer: name, founding date, description, lead organization
  // (kConflict on a stale version).
  Result<Branch> Update(const Principal& p, long long id, long long version, const BranchInput& in);
  // Admin: appoints (or, with appointed=false, removes) a user account as an
  // officer of the branch. Officers see the branch but get kPermissionDenied.
  Result<Branch> SetOfficer(const Principal& p, long long id, long long user_id, bool appointed);

  // Members of a branch, by name, with participation figures; masked.
  Result<std::vector<Member>> Members(const Principal& p, long long branch_id);
  // One member; `unmask_id_number` / `unmask_phone` show the values in clear and
  // audit the read.
  Result<Member> GetMember(const Principal& p, long long branch_id, long long id,
                           bool unmask_id_number, bool unmask_phone);
  // Adds a member: name, status, transfer-in date and a valid ID number are
  // required; the organization lies in the branch's region subtree; the ID
  // number appears once per branch (kAlreadyExists); a committee post once.
  Result<Member> AddMember(const Principal& p, long long branch_id, const MemberInput& in);
  Result<Member> UpdateMember(const Principal& p, long long branch_id, long long id,
                              long long version, const MemberInput& in);

  // Activities of a branch, newest first, with attendance counts.
  Result<std::pair<std::vector<Activity>, long long>> Activities(const Principal& p,
                                                                 long long branch_id,
                                                                 const ActivityFilter& f);
  Result<Activity> GetActivity(const Principal& p, long long branch_id, long long id);
  // Records an activity; attendance names members of the branch who belonged
  // to it on that day, once each; absence needs a reason.
  Result<Activity> AddActivity(const Principal& p, long long branch_id, const ActivityInput& in);
  Result<Activity> UpdateActivity(const Principal& p, long long branch_id, long long id,
                                  long long version, const ActivityInput& in);

  // For the annual report (the caller has checked the scope): figures of the
  // branches whose region lies in `region`'s subtree for dates in [from, to).
  Result<Figures> FiguresFor(const std::string& region, const std::string& from,
                             const std::string& to);

  // The Party part of the Jiangmen demo (idempotent): the joint branch led by
  // the city base's operator, members, committee, activities; `party_sec` as officer.
  Status LoadDemo(const Principal& cli);

 private:
  Result<Branch> LoadBranch(db::Conn& c, const Principal& p, long long id);
  Status FillBranch(db::Conn& c, Branch& b);
  Result<Member> LoadMember(db::Conn& c, const Branch& b, long long id);
  Result<Activity> LoadActivity(db::Conn& c, const Branch& b, long long id);
  Status CheckOrg(db::Conn& c, const std::string& scope, long long org_id, const char* field);
  Status WriteMember(db::Conn& c, const Principal& p, const Branch& b, Member& m,
                     const MemberInput& in, bool create);
  Status WriteAttendance(db::Conn& c, const Branch& b, const Activity& a,
                         const std::vector<AttendanceInput>& in);

  hub::Deps d_;
  std::string secret_;
};

// Dictionaries (stable API codes).
bool IsMemberStatus(const std::string& s);
bool IsPost(const std::string& s);  // "" (none) included
bool IsActivityKind(const std::string& s);
bool IsAttendanceStatus(const std::string& s);
// A real calendar date YYYY-MM-DD.
bool IsDate(const std::string& s);

}  // namespace shuniu::party
