// Meetings (社团联席会议, 社团组织会议): scheduled for the organizations in the
// caller's scope, invitations, attendance (check-in code or manual marking),
// minutes and resolutions followed to done. Every write is one transaction
// with its audit event.
//
// Meeting states:    scheduled → held (minutes recorded) | cancelled.
// Invitation states: invited → confirmed → attended; invited/confirmed → absent;
//                    absent ⇄ attended (manual correction by staff).
// Resolution states: open ⇄ done (done needs a note).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/principal.h"
#include "hub/deps.h"

namespace shuniu::hub {

struct MeetingInput {  // a create or a patch: only the fields present are set
  std::optional<std::string> kind, title, region_code, place, agenda, minutes;
  std::optional<int64_t> starts_at, ends_at;
  std::optional<std::optional<long long>> minutes_file_id;
};

struct Invitation {
  long long org_id = 0;
  std::string org_name, org_region;
  std::string status;  // invited | confirmed | attended | absent
  std::string method;  // code | manual (how attendance was recorded)
  std::optional<int64_t> confirmed_at, attended_at;
};

struct Resolution {
  long long id = 0, meeting_id = 0;
  std::string content;
  std::optional<long long> owner_org_id, owner_user_id;
  std::string owner_org_name, owner_user_name;
  std::string due_on;  // YYYY-MM-DD or ""
  std::string state;   // open | done
  std::string done_note;
  std::optional<int64_t> done_at;
  bool overdue = false;
  long long version = 1;
  int64_t created_at = 0, updated_at = 0;
};

struct ResolutionInput {
  std::optional<std::string> content, due_on, state, note;
  std::optional<std::optional<long long>> owner_org_id, owner_user_id;
};

struct Meeting {
  long long id = 0;
  std::string kind;  // joint | org | other
  std::string title, region_code, region_name, place, agenda, state, checkin_code;
  int64_t starts_at = 0, ends_at = 0;
  std::string minutes, cancel_reason;
  std::optional<long long> minutes_file_id;
  long long version = 1;
  int64_t created_at = 0, updated_at = 0;
  long long invited = 0, confirmed = 0, attended = 0, absent = 0;  // invitations by status
  long long open_resolutions = 0, overdue_resolutions = 0;
};

struct MeetingView {
  Meeting meeting;
  bool staff_view = false;  // false for org accounts: no check-in code, only their invitation
  std::vector<Invitation> invitations;
  std::vector<Resolution> resolutions;
};

struct MeetingFilter {
  std::string region, state, kind, q, year;
  long long page = 1, size = 20;
};

// Organizations to invite: explicit ids, or every organization matching a filter
// in the caller's scope (and the meeting's region).
struct InviteInput {
  std::vector<long long> org_ids;
  std::optional<org::OrgFilter> filter;
};

class MeetingService {
 public:
  explicit MeetingService(const Deps& deps);

  // Staff, admins and auditors: meetings in their subtree; org accounts: the
  // meetings their organization is invited to.
  Result<std::pair<std::vector<Meeting>, long long>> List(const Principal& p, MeetingFilter f);
  Result<MeetingView> Get(const Principal& p, long long id);
  Result<MeetingView> Create(const Principal& p, const MeetingInput& in);
  // Details only while scheduled; minutes also once held. Stale version → 409.
  Result<MeetingView> Update(const Principal& p, long long id, long long version,
                             const MeetingInput& in);
  // scheduled → held: minutes (text or file) are required.
  Result<MeetingView> Hold(const Principal& p, long long id, const MeetingInput& minutes);
  Result<MeetingView> Cancel(const Principal& p, long long id, const std::string& reason);
  // Returns the view and how many organizations were newly invited.
  Result<std::pair<MeetingView, long long>> Invite(const Principal& p, long long id,
                                                   const InviteInput& in);
  // Org accounts: confirm that the organization will attend.
  Result<MeetingView> Confirm(const Principal& p, long long id);
  // Org accounts: the code shown at the meeting marks the organization attended.
  Result<MeetingView> CheckIn(const Principal& p, long long id, const std::string& code);
  // Staff: mark organizations attended or absent by hand.
  Result<MeetingView> MarkAttendance(const Principal& p, long long id,
                                     const std::vector<std::pair<long long, std::string>>& marks);
  Result<Resolution> AddResolution(const Principal& p, long long id, const ResolutionInput& in);
  Result<Resolution> UpdateResolution(const Principal& p, long long id, long long rid,
                                      long long version, const ResolutionInput& in);

  // Adds this capability's part of the Jiangmen demo (idempotent).
  Status LoadDemo(const Principal& cli);

 private:
  Deps d_;
};

// The state machines, exposed for tests and the web: whether `from → to` is allowed.
bool MeetingTransitionAllowed(const std::string& from, const std::string& to);
bool InvitationTransitionAllowed(const std::string& from, const std::string& to);

}  // namespace shuniu::hub
