// Cadre liaison (联系/挂钩): each organization has a linked cadre (orgs.cadre_user_id)
// and/or department (orgs.department); cadres record visits and contacts with
// topics, issues raised and a follow-up that is later closed. The workload view
// shows per cadre and per department the organizations linked and when each was
// last contacted; the stale list shows organizations not contacted for N days.
// Staff and admins write, auditors read, organization accounts have no access
// (liaison is the federation's internal work).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/principal.h"
#include "hub/deps.h"

namespace shuniu::hub {

struct Visit {
  long long id = 0, org_id = 0;
  std::string org_name, region_code, region_name;
  std::string visited_on;  // YYYY-MM-DD
  std::string form;        // visit | phone | meeting | online | other
  std::string topics, issues, follow_up, follow_up_due;
  std::string follow_up_state;  // none | open | closed
  std::string closing_note, closed_on;
  long long recorded_by = 0;
  std::string recorded_by_name;
  int64_t created_at = 0, updated_at = 0;
  long long version = 1;
};

// A create or patch: only the fields present are set.
struct VisitInput {
  std::optional<long long> org_id;
  std::map<std::string, std::string>
      v;  // visited_on, form, topics, issues, follow_up, follow_up_due
};

struct VisitFilter {
  std::optional<long long> org_id;
  std::string region, form, follow_up_state, from, to;
  long long page = 1, size = 20;
};

struct LinkedOrg {
  long long org_id = 0;
  std::string org_name, region_code, last_contact;  // "" when never contacted
  long long visits = 0, open_follow_ups = 0;
};

struct WorkloadGroup {
  std::optional<long long> cadre_user_id;  // per cadre
  std::string name;                        // cadre display name or department
  std::vector<LinkedOrg> orgs;
  long long never_contacted = 0, open_follow_ups = 0;
  std::string last_contact;
};

struct Workload {
  std::vector<WorkloadGroup> cadres, departments;
};

struct StaleOrg {
  long long org_id = 0;
  std::string org_name, region_code, region_name, last_contact, department;
  std::optional<long long> cadre_user_id;
  std::string cadre_name;
  std::optional<long long> days_since;  // nullopt: never contacted
};

class LiaisonService {
 public:
  explicit LiaisonService(const Deps& deps);

  static const std::vector<std::string>& Forms();

  Result<std::pair<std::vector<Visit>, long long>> List(const Principal& p, const VisitFilter& f);
  Result<Visit> Get(const Principal& p, long long id);
  // org_id, visited_on, form and topics are required; a follow-up text opens a follow-up.
  Result<Visit> Create(const Principal& p, const VisitInput& in);
  Result<Visit> Update(const Principal& p, long long id, long long version, const VisitInput& in);
  // Closes the open follow-up with a note (closed_on defaults to today).
  Result<Visit> CloseFollowUp(const Principal& p, long long id, std::optional<long long> version,
                              const std::string& note, const std::string& closed_on);

  Result<Workload> GetWorkload(const Principal& p, const std::string& region);
  // Organizations in scope (not deregistered) whose last contact is older than
  // `days` days before today, or never; linked_only: with a cadre or department.
  Result<std::pair<std::vector<StaleOrg>, long long>> Stale(const Principal& p, long long days,
                                                            const std::string& region,
                                                            bool linked_only, long long page,
                                                            long long size);

  // Adds this capability's part of the Jiangmen demo (idempotent).
  Status LoadDemo(const Principal& cli);

 private:
  Deps d_;
};

}  // namespace shuniu::hub
