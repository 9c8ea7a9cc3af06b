// Hubs and incubation bases, residency agreements (入驻协议) and the incubation
// log (事件跟踪). Every write is one transaction with its audit event.
//
// Scope: admins, staff and auditors see bases and agreements whose base lies in
// their region subtree (auditors only read). An `org` account sees the bases it
// operates or resides at, the agreements of its own organization, and — when its
// organization operates a base (bases.operator_org_id) — that base's agreements
// and log ("base operator"). Anything else answers 404.
//
// Expiry: signed or active agreements whose end date (China time) has passed
// become `expired` lazily: every read of agreements, residents or timelines runs
// SweepExpired first (cheap indexed probe; writes only when something is due).
#pragma once

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/principal.h"
#include "hub/deps.h"

namespace shuniu::hub {

struct Base {
  long long id = 0;
  std::string kind;  // hub | incubation_base
  std::string name, region_code, region_name, level;
  std::optional<long long> operator_org_id;
  std::string operator_org_name;
  std::string contract_no, contract_start, contract_end;
  std::optional<long long> contract_file_id;
  std::string address;
  std::optional<long long> area_sqm, rooms, desks;
  std::string contact_name, office_phone, description, status;
  long long version = 1;
  int64_t created_at = 0, updated_at = 0;
  long long residents = 0;  // open agreements (signed or active), filled by List/Get
};

// A create or a patch of a base: only the fields in `present` are set.
struct BaseInput {
  std::map<std::string, std::optional<std::string>> text;  // string fields
  std::map<std::string, std::optional<long long>> ints;    // operator_org_id, area_sqm, …
  std::set<std::string> present;
};

struct BaseFilter {
  std::string region, kind, q;
  bool applicable = false;  // org accounts: also bases of their region's ancestors (to apply)
  long long page = 1, size = 20;
};

struct Criterion {
  std::string code;
  bool required = false, met = false;
  std::string note, met_by_name;
  std::optional<int64_t> met_at;
};

struct Residency {
  long long id = 0, base_id = 0, org_id = 0;
  std::string base_name, base_kind, org_name, org_region_code, region_code, state, initiated_by;
  std::optional<long long> operator_org_id;
  std::string service_content, service_standards;
  std::optional<long long> committed_hours;
  long long delivered_minutes = 0;
  long long event_count = 0;
  std::string start_date, end_date, space, note;
  std::optional<long long> document_file_id;
  std::optional<int64_t> signed_at, activated_at, ended_at;
  std::string signed_by_name, end_reason, graduation_override;
  std::vector<Criterion> criteria;  // filled by Get
  long long version = 1;
  int64_t created_at = 0, updated_at = 0;
  std::vector<std::string> sides;  // the caller's sides: "base", "resident"
};

struct ResidencyInput {
  std::map<std::string, std::optional<std::string>> text;  // service_content, dates, space, note
  std::optional<std::optional<long long>> committed_hours, document_file_id;
  std::optional<long long> base_id, org_id;
  std::string state;  // create only: "invited" (default for the base side) or "applied"
  struct CriterionChange {
    std::string code;
    std::optional<bool> met;
    std::optional<std::string> note;
  };
  std::vector<CriterionChange> checklist;
  std::set<std::string> present;
};

struct ResidencyFilter {
  std::string region, state, q;
  std::optional<long long> base_id, org_id;
  std::optional<long long> expiring_days;  // signed/active ending within N days
  long long page = 1, size = 20;
};

struct TransitionInput {
  std::string to, reason, override_reason, start_date, end_date;
  std::optional<long long> document_file_id;
  std::optional<long long> version;
};

struct IncubationEvent {
  long long id = 0, residency_id = 0, base_id = 0, org_id = 0;
  std::string base_name, org_name, region_code, kind, occurred_on, title, notes;
  long long minutes = 0;
  std::vector<long long> attachments;
  std::optional<long long> recorded_by;
  std::string recorded_by_name;
  int64_t created_at = 0;
};

struct EventInput {
  std::string kind, occurred_on, title, notes;
  long long minutes = 0;
  std::vector<long long> attachments;
};

template <typename T>
using Page = std::pair<std::vector<T>, long long>;

// The agreement state machine: which transitions exist and which side makes them.
struct TransitionRule {
  const char* from;
  const char* to;
  const char* side;  // "base" (staff, admin, the operator) | "resident" (the organization)
};
const std::vector<TransitionRule>& TransitionRules();
const std::vector<std::string>& ResidencyStates();
const std::vector<std::string>& EventKinds();
// The graduation checklist every agreement starts with: (code, required).
const std::vector<std::pair<std::string, bool>>& DefaultCriteria();

class BaseService {
 public:
  explicit BaseService(const Deps& deps);

  Result<Page<Base>> ListBases(const Principal& p, BaseFilter f);
  Result<Base> GetBase(const Principal& p, long long id);
  Result<Base> CreateBase(const Principal& p, const BaseInput& in);
  Result<Base> UpdateBase(const Principal& p, long long id, long long version, const BaseInput& in);
  // Agreements at the base with committed and delivered hours (a resident that
  // does not operate the base sees only its own row).
  Result<Page<Residency>> Residents(const Principal& p, long long base_id, const std::string& state,
                                    long long page, long long size);
  Result<Page<IncubationEvent>> BaseEvents(const Principal& p, long long base_id, long long page,
                                           long long size);
  // The incubation timeline of an organization across bases (who may read the organization).
  Result<Page<IncubationEvent>> OrgEvents(const Principal& p, long long org_id, long long page,
                                          long long size);

  Result<Page<Residency>> ListResidencies(const Principal& p, ResidencyFilter f);
  Result<Residency> GetResidency(const Principal& p, long long id);
  Result<Residency> CreateResidency(const Principal& p, const ResidencyInput& in);
  Result<Residency> UpdateResidency(const Principal& p, long long id, long long version,
                                    const ResidencyInput& in);
  // sign, activate, graduate, terminate, accept (→ applied), decline, withdraw.
  // A transition that does not exist from the current state → 409 naming both.
  Result<Residency> Transition(const Principal& p, long long id, const TransitionInput& in);
  Result<Page<IncubationEvent>> ListEvents(const Principal& p, long long residency_id,
                                           long long page, long long size);
  Result<IncubationEvent> AddEvent(const Principal& p, long long residency_id,
                                   const EventInput& in);

  // Signed or active agreements whose end date passed by now_ms become expired
  // (audited as the system); returns how many changed.
  Result<long long> SweepExpired(int64_t now_ms);
  // The reminder source registered as "residency.expiring": for each signed or
  // active agreement, "residency.expiring:<id>:30d" while 8–30 days are left and
  // ":7d" while 0–7 days are left, to the resident and the operator.
  static Result<std::vector<notice::Reminder>> ExpiryReminders(db::Conn& c, int64_t now_ms);

  // Adds this capability's part of the Jiangmen demo (idempotent).
  Status LoadDemo(const Principal& cli);

 private:
  Status LazySweep();
  Deps d_;
};

// Today's date in China (UTC+8) at `ms`, as YYYY-MM-DD.
std::string ChinaDate(int64_t ms);

}  // namespace shuniu::hub
