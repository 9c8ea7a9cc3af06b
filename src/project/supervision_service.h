// Supervision of the project cycle (妇联监督): progress reports of the
// contracted organization per milestone, payment tranches (the only way money
// leaves a contract), site inspections with findings rectified to closure, and
// risk flags (late report, overspend, low delivery) fed to the reminders.
//
// Report states: draft → submitted → approved | returned (reason) →
// resubmitted → approved | returned … Only the contracted organization's
// account writes and submits, only while the project is in progress; staff in
// scope approve or return.
// Tranche states: requested → approved (by a second staff member, never the
// requester) → released (writes the contract payment and the provider's
// income; never by the approver) ; requested → rejected (reason);
// requested | approved → cancelled. A tranche needs an approved report of its
// milestone and never takes a milestone or the contract above its amount.
// Finding states: open → responded (organization) → closed (staff) → reopened →
// responded …; an inspection is closed when all its findings are closed.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/principal.h"
#include "hub/deps.h"
#include "project/project_service.h"

namespace shuniu::project {

struct ReportBeneficiaries {
  long long total = 0, female = 0, male = 0;
  long long children = 0, adults = 0, seniors = 0;         // <18, 18–59, 60+
  std::vector<std::pair<std::string, long long>> regions;  // region code, count
};
struct Activity {
  std::string name, held_on;
  long long participants = 0;
};
struct SpendingLine {
  std::string line;
  long long amount = 0;  // fen
};

struct ProgressReport {
  long long id = 0, project_id = 0, contract_id = 0, milestone_id = 0, org_id = 0;
  std::string project_title, milestone_name, org_name, region_code, period_end, narrative;
  std::vector<Activity> activities;
  ReportBeneficiaries beneficiaries;
  std::vector<SpendingLine> spending;
  long long spending_total = 0;
  std::vector<long long> file_ids;
  std::string state;  // draft | submitted | returned | resubmitted | approved
  std::string return_reason, decided_by_name, created_by_name;
  std::optional<long long> submitted_at, decided_by, decided_at, created_by;
  long long version = 1;
  int64_t created_at = 0, updated_at = 0;
};

struct ReportInput {
  std::optional<long long> project_id, milestone_id;
  std::optional<std::string> period_end, narrative;
  std::optional<nlohmann::json> activities, beneficiaries, spending, file_ids;
};

struct SupervisionFilter {
  std::string state;
  std::optional<long long> project_id;
  long long page = 1, size = 20;
};

struct Tranche {
  long long id = 0, project_id = 0, contract_id = 0, milestone_id = 0, report_id = 0;
  std::string project_title, milestone_name, provider_name, region_code;
  long long amount = 0;
  std::string state;  // requested | approved | released | rejected | cancelled
  std::string note, reason, requested_by_name, approved_by_name, released_by_name, paid_on;
  std::optional<long long> requested_by, approved_by, approved_at, released_by, payment_id;
  long long version = 1;
  int64_t created_at = 0, updated_at = 0;
};

struct Finding {
  long long id = 0, seq = 0;
  std::string description, rectify_by, state;  // open | responded | closed | reopened
  std::string response, note, closed_by_name;
  std::optional<long long> responded_at, closed_at;
};
struct Inspection {
  long long id = 0, project_id = 0;
  std::optional<long long> org_id;
  std::string project_title, region_code, inspected_on, summary, state;  // open | closed
  std::vector<std::string> inspectors;
  std::vector<Finding> findings;
  std::string created_by_name;
  long long version = 1;
  int64_t created_at = 0, updated_at = 0;
};

struct InspectionInput {
  long long project_id = 0;
  std::string inspected_on, summary;
  nlohmann::json inspectors = nlohmann::json::array(), findings = nlohmann::json::array();
};

struct Risk {
  std::string kind;  // late_report | overspend | low_delivery
  long long project_id = 0;
  std::string project_title, region_code, detail_zh, detail_en;
  std::optional<long long> milestone_id, org_id;
  std::string line;  // overspend: the budget line
  long long expected = 0, actual = 0;
};

class SupervisionService {
 public:
  // Registers the "supervision" reminder source and the report-file audience.
  SupervisionService(const hub::Deps& deps, ProjectService& projects);

  // ---- progress reports (kNotFound out of scope; kConflict for a wrong state)
  Result<std::pair<std::vector<ProgressReport>, long long>> ListReports(const Principal& p,
                                                                        const SupervisionFilter& f);
  Result<ProgressReport> GetReport(const Principal& p, long long id);
  Result<ProgressReport> CreateReport(const Principal& p, const ReportInput& in);
  Result<ProgressReport> UpdateReport(const Principal& p, long long id, long long version,
                                      const ReportInput& in);
  Result<ProgressReport> SubmitReport(const Principal& p, long long id);
  Result<ProgressReport> ApproveReport(const Principal& p, long long id);
  Result<ProgressReport> ReturnReport(const Principal& p, long long id, const std::string& reason);

  // ---- payment tranches
  Result<std::pair<std::vector<Tranche>, long long>> ListTranches(const Principal& p,
                                                                  const SupervisionFilter& f);
  Result<Tranche> GetTranche(const Principal& p, long long id);
  // amount: default the milestone's remaining amount.
  Result<Tranche> RequestTranche(const Principal& p, long long report_id,
                                 std::optional<long long> amount, const std::string& note);
  Result<Tranche> ApproveTranche(const Principal& p, long long id);
  Result<Tranche> RejectTranche(const Principal& p, long long id, const std::string& reason);
  // paid_on: default today (UTC).
  Result<Tranche> ReleaseTranche(const Principal& p, long long id, const std::string& paid_on);
  Result<Tranche> CancelTranche(const Principal& p, long long id, const std::string& reason);

  // ---- site inspections
  Result<std::pair<std::vector<Inspection>, long long>> ListInspections(const Principal& p,
                                                                        const SupervisionFilter& f);
  Result<Inspection> GetInspection(const Principal& p, long long id);
  Result<Inspection> CreateInspection(const Principal& p, const InspectionInput& in);
  // action: respond (organization) | close | reopen (staff).
  Result<Inspection> ActOnFinding(const Principal& p, long long inspection_id, long long finding_id,
                                  const std::string& action, const std::string& text);

  // ---- risk flags in scope at `as_of` (YYYY-MM-DD, default today).
  Result<std::vector<Risk>> Risks(const Principal& p, const std::string& region,
                                  const std::string& as_of);

  // The Jiangmen demo: reports, tranches released for the commissioned seed
  // projects (the same milestones the project demo used to pay directly), one
  // inspection with a finding. Idempotent.
  Status LoadDemo(const Principal& cli);

 private:
  Result<ProgressReport> LoadReport(db::Conn& c, const Principal& p, long long id);
  Result<Tranche> LoadTranche(db::Conn& c, const Principal& p, long long id);
  Result<Inspection> LoadInspection(db::Conn& c, const Principal& p, long long id);
  Status ValidateReport(db::Conn& c, const Principal& p, ProgressReport& r, const ReportInput& in);
  Result<ProgressReport> MoveReport(const Principal& p, long long id, const std::string& action,
                                    const std::function<Status(db::Conn&, ProgressReport&)>& fn);
  Result<Tranche> MoveTranche(const Principal& p, long long id, const std::string& action,
                              const std::vector<std::string>& from, const std::string& to,
                              const std::function<Status(db::Conn&, Tranche&)>& fn);
  Result<std::vector<Risk>> RisksIn(db::Conn& c, const std::string& region,
                                    const std::string& as_of);

  hub::Deps d_;
  ProjectService& projects_;
};

// JSON forms (API and audit).
nlohmann::json ReportJson(const ProgressReport& r);
nlohmann::json TrancheJson(const Tranche& t);
nlohmann::json InspectionJson(const Inspection& i);
nlohmann::json RiskJson(const Risk& r);
// Today's date (UTC, clock offset honoured) as YYYY-MM-DD.
std::string TodayUtc();

}  // namespace shuniu::project
