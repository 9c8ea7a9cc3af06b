// The project cycle's foundation: design (妇联设计), budget pools (资源配置),
// the direct-commission channel of the undertaking with its contract and
// payments, and every income of an organization (造血).
//
// Project states: draft → submitted → approved (committed to a pool) |
// returned → submitted …; approved → in_progress (after an undertaking) →
// closed; draft/submitted/returned/approved → cancelled (an approved project's
// commitment is released). Tenders and competitions plug in through the
// `channel` field (tender | direct | competition) and the contract link.
// A pool is never overspent: the commitment is a conditional UPDATE
// (committed + amount ≤ planned) checked by its row count, inside the
// transaction that moves the project.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/principal.h"
#include "hub/deps.h"

namespace shuniu::project {

struct BudgetLine {
  std::string name;
  long long amount = 0;  // fen
};
struct Indicator {
  std::string name, target, unit;
};
struct Beneficiaries {
  std::optional<long long> total, women, men;
};

struct Project {
  long long id = 0;
  std::string title, department, region_code, region_name, objectives;
  long long year = 0;
  std::vector<std::string> target_groups;
  Beneficiaries beneficiaries;
  std::vector<Indicator> indicators;
  std::vector<BudgetLine> budget_lines;
  long long budget_total = 0, duration_months = 12;
  std::vector<long long> org_ids;
  std::optional<long long> survey_id, pool_id, contract_id;
  std::string channel;  // "" | tender | direct | competition
  std::string state;  // draft | submitted | returned | approved | in_progress | closed | cancelled
  std::string funding_source, note, created_by_name;
  long long committed = 0;
  std::optional<long long> created_by;
  long long version = 1;
  int64_t created_at = 0, updated_at = 0;
};

struct ProjectInput {
  std::optional<std::string> title, department, region_code, objectives;
  std::optional<long long> year, duration_months;
  std::optional<nlohmann::json> target_groups, beneficiaries, indicators, budget_lines, org_ids;
  std::optional<std::optional<long long>> survey_id;
};

struct ProjectFilter {
  std::string state, region, q, department;
  std::optional<long long> year;
  long long page = 1, size = 20;
};

struct Pool {
  long long id = 0, year = 0;
  std::string source, region_code, region_name, name;
  long long planned = 0, committed = 0, disbursed = 0;
  long long version = 1;
  int64_t created_at = 0, updated_at = 0;
  long long remaining() const { return planned - committed; }
};

struct PoolFigures {
  std::string key, name;  // source or region code
  long long planned = 0, committed = 0, disbursed = 0;
};
struct PoolSummary {
  std::string region_code;
  std::optional<long long> year;
  PoolFigures total;
  std::vector<PoolFigures> by_source, by_region;
};

struct Milestone {
  long long id = 0, seq = 0;
  std::string name, due_on;
  long long amount = 0, paid = 0;
};
struct Payment {
  long long id = 0, contract_id = 0, milestone_id = 0, amount = 0;
  std::string paid_on, note, recorded_by_name, approved_by_name;
  std::optional<long long> recorded_by, approved_by;
  int64_t created_at = 0;
};
struct Contract {
  long long id = 0, project_id = 0, provider_org_id = 0;
  std::string project_title, channel, reason, region_code, provider_name, purchaser_name;
  std::optional<long long> purchaser_org_id;
  std::string start_on, end_on, term_reason;
  bool stable_service = false;
  long long price = 0, paid = 0;
  std::vector<Milestone> milestones;
  std::vector<Payment> payments;
  int64_t created_at = 0;
};

struct CommissionInput {
  std::string reason, start_on, end_on, term_reason, purchaser_name;
  long long provider_org_id = 0, price = 0;
  std::optional<long long> purchaser_org_id;
  bool stable_service = false;
  nlohmann::json milestones = nlohmann::json::array();
};

// A funded competition entry (src/competition/) becoming a project of the cycle.
struct CompetitionAwardInput {
  std::string title, department, region_code, objectives;
  long long year = 0, pool_id = 0, org_id = 0;
  std::vector<BudgetLine> budget_lines;  // their sum is the awarded amount
  CommissionInput contract;              // provider, price, term and milestones
};

struct PaymentInput {
  long long milestone_id = 0, amount = 0;
  std::optional<long long> approver_id;
  std::string paid_on, note;
};

struct Income {
  long long id = 0, org_id = 0, year = 0, amount = 0;
  std::string org_name, region_code, received_on, source, note, created_by_name;
  std::optional<long long> contract_id, payment_id;
  int64_t created_at = 0;
};

struct IncomeSummary {
  std::string region_code;
  std::optional<long long> year, org_id;
  long long total = 0, government = 0, non_government = 0;
  std::vector<std::pair<std::string, long long>> by_source;
  std::vector<std::tuple<long long, std::string, long long, long long>>
      by_org;  // id, name, total, non-government
};

// Dictionaries (codes are API values; names are the Chinese labels).
const std::vector<std::pair<std::string, std::string>>& FundingSources();
const std::vector<std::pair<std::string, std::string>>& IncomeSources();
// YYYY-MM-DD with a real calendar day.
bool ValidDate(const std::string& s);
// Whether end_on lies within `years` years of start_on (end ≤ start + years − 1 day).
bool WithinYears(const std::string& start_on, const std::string& end_on, int years);

class ProjectService {
 public:
  explicit ProjectService(const hub::Deps& deps) : d_(deps) {}

  // ---- projects
  Result<std::pair<std::vector<Project>, long long>> List(const Principal& p,
                                                          const ProjectFilter& f);
  Result<Project> Get(const Principal& p, long long id);
  Result<Project> Create(const Principal& p, const ProjectInput& in);
  Result<Project> Update(const Principal& p, long long id, long long version,
                         const ProjectInput& in);
  Result<Project> Submit(const Principal& p, long long id);
  Result<Project> Return(const Principal& p, long long id, const std::string& note);
  // Commits the project's budget total to the pool (never above its remaining amount).
  Result<Project> Approve(const Principal& p, long long id, long long pool_id);
  Result<Project> Cancel(const Principal& p, long long id, const std::string& reason);
  Result<Project> Close(const Principal& p, long long id);
  // Direct commission (委托) with the decree No. 102 checks → a contract; the project moves on.
  Result<Contract> Commission(const Principal& p, long long id, const CommissionInput& in);
  // ---- the public-tender channel (src/tender/), inside the caller's transaction `c`:
  // marks an approved project as publicly tendered (channel = tender) or releases it;
  Status SetTenderChannel(db::Conn& c, const Principal& p, long long id, bool tender);
  // the award's contract, with the same decree No. 102 checks as Commission (budget,
  // term, eligible provider, purchaser ≠ provider); returns the new contract's id.
  Result<long long> AwardContract(db::Conn& c, const Principal& p, long long id,
                                  const CommissionInput& in);

  // ---- competitions (src/competition/), inside the caller's transaction `c`: an
  // approved project (channel = competition) committed to the pool, then its
  // contract with the funded organization (same decree No. 102 checks as
  // Commission); the project is in_progress. Returns the project id.
  // kConflict when the pool cannot cover the amount.
  Result<long long> CompetitionAward(db::Conn& c, const Principal& p,
                                     const CompetitionAwardInput& in);

  // ---- budget pools
  Result<std::pair<std::vector<Pool>, long long>> ListPools(const Principal& p,
                                                            std::optional<long long> year,
                                                            const std::string& source,
                                                            long long page, long long size);
  Result<Pool> GetPool(const Principal& p, long long id);
  Result<Pool> CreatePool(const Principal& p, long long year, const std::string& source,
                          const std::string& region_code, const std::string& name,
                          long long planned);
  Result<Pool> UpdatePool(const Principal& p, long long id, long long version,
                          std::optional<std::string> name, std::optional<long long> planned);
  Result<PoolSummary> PoolSummaryFor(const Principal& p, std::optional<long long> year,
                                     const std::string& region);

  // ---- contracts and payments
  Result<std::pair<std::vector<Contract>, long long>> ListContracts(
      const Principal& p, std::optional<long long> project_id, long long page, long long size);
  Result<Contract> GetContract(const Principal& p, long long id);
  // Writes one payment against a milestone inside the caller's transaction: the
  // milestone, contract and pool figures, a contract_payments row (recorder `p`,
  // approver in.approver_id, who must differ) and the provider's income.
  // There is no HTTP route for it: tranches (supervision_service.h) release
  // every payment. Returns the payment id; kConflict above milestone or price.
  Result<long long> WritePayment(db::Conn& c, const Principal& p, long long contract_id,
                                 const PaymentInput& in);

  // ---- incomes
  Result<std::pair<std::vector<Income>, long long>> ListIncomes(const Principal& p,
                                                                std::optional<long long> org_id,
                                                                std::optional<long long> year,
                                                                long long page, long long size);
  Result<Income> CreateIncome(const Principal& p, long long org_id, const std::string& received_on,
                              long long amount, const std::string& source, const std::string& note);
  Result<IncomeSummary> IncomeSummaryFor(const Principal& p, const std::string& region,
                                         std::optional<long long> year,
                                         std::optional<long long> org_id);

  // Adds this capability's part of the Jiangmen demo (idempotent).
  Status LoadDemo(const Principal& cli);
  // What the service is built from (the close-out and supervision services share it).
  const hub::Deps& deps() const { return d_; }

 private:
  Result<Project> Load(db::Conn& c, const Principal& p, long long id);
  Result<Pool> LoadPool(db::Conn& c, const Principal& p, long long id);
  Result<Contract> LoadContract(db::Conn& c, const Principal& p, long long id);
  Status Validate(db::Conn& c, const Principal& p, Project& pr, const ProjectInput& in);
  Result<Project> Move(const Principal& p, long long id, const std::string& action,
                       const std::vector<std::string>& from, const std::string& to,
                       const std::function<Status(db::Conn&, Project&)>& extra,
                       db::Conn* outer = nullptr);
  // Direct commission or tender award: the contract of an approved project.
  Result<long long> Undertake(const Principal& p, long long id, const CommissionInput& in,
                              const std::string& channel, db::Conn* outer);
  void FillNames(std::vector<Project>& ps);

  hub::Deps d_;
};

}  // namespace shuniu::project
