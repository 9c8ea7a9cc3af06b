// Venture-philanthropy competitions (公益创投): a competition with its phases,
// pool, eligibility, weights, award rule and vote rules; the organizations'
// applications; the expert panel's scores with conflict-of-interest recusal;
// the results (combined score, ranking, funding within the pool and the
// per-region quotas, adjustments approved by a second staff user) and their
// publication, which turns funded entries into projects of the project cycle;
// the figures. Public voting itself lives in src/vote/.
//
// Competition states: draft → open (phases follow the dates) → results
// (published) → closed; draft/open → cancelled. Phases of an open competition:
// upcoming, applying, qualifying, scoring, voting, counting (after voting,
// before publication). The dates are in order: apply_opens_at < apply_closes_at
// ≤ qualify_closes_at ≤ scoring_closes_at ≤ voting_opens_at < voting_closes_at
// ≤ results_at. Rules and dates freeze when voting opens; afterwards they
// change only through an amendment with a reason (audited and recorded).
//
// Hidden counts: while counts_hidden is set and voting has not closed, no
// response of this capability contains a vote count or a figure derived from
// votes, for any role (results then rank by the expert score alone and say so).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/principal.h"
#include "hub/deps.h"
#include "project/criteria.h"
#include "project/project_service.h"

namespace shuniu::competition {

using Criterion = project::WeightedCriterion;

struct Competition {
  long long id = 0;
  std::string region_code, region_name, name, series, kind, description;
  long long phase_no = 1, year = 0, pool_fen = 0;
  std::optional<long long> budget_pool_id;
  nlohmann::json eligibility =
      nlohmann::json::object();  // {kinds, regions, min_grade, exclude_abnormal}
  long long matching_ratio_pct = 0, expert_weight_pct = 70, vote_weight_pct = 30;
  nlohmann::json award_rule =
      nlohmann::json::object();  // {cutoff: skip|stop, region_quotas: {code: n}}
  std::vector<Criterion> criteria;
  nlohmann::json vote_rules = nlohmann::json::object();
  bool counts_hidden = false;
  int64_t apply_opens_at = 0, apply_closes_at = 0, qualify_closes_at = 0, scoring_closes_at = 0,
          voting_opens_at = 0, voting_closes_at = 0, results_at = 0;  // epoch seconds
  std::string state;
  std::optional<int64_t> rules_frozen_at, results_published_at, closed_at;
  std::string created_by_name;
  long long version = 1;
  int64_t created_at = 0, updated_at = 0;
  // Derived.
  std::string phase;
  std::vector<std::pair<long long, std::string>> reviewers;  // user id, name
  long long application_count = 0;
  // Whether vote counts may be shown now.
  bool CountsVisible(int64_t now) const { return !counts_hidden || now >= voting_closes_at; }
};

struct Application {
  long long id = 0, competition_id = 0, org_id = 0;
  std::string org_name, region_code, region_name, title, summary, plan, state, qualification_reason;
  std::optional<long long> entry_no, project_id;
  nlohmann::json budget_lines = nlohmann::json::array();
  long long requested_fen = 0, matching_fen = 0, awarded_fen = 0;
  std::vector<long long> file_ids;
  std::optional<int64_t> submitted_at, qualified_at;
  long long version = 1;
  int64_t created_at = 0, updated_at = 0;
};

struct CompetitionFilter {
  std::string state, q;
  std::optional<long long> year;
  long long page = 1, size = 20;
};

// One entry of the computed results.
struct ResultEntry {
  long long application_id = 0, entry_no = 0, org_id = 0;
  std::string title, org_name, region_code, state;
  long long requested_fen = 0, awarded_fen = 0;
  double expert_score = 0;  // 0–100, the average of the reviewers' weighted scores
  long long reviewers_scored = 0;
  std::optional<long long> votes_online, votes_paper, votes_total;  // absent while hidden
  std::optional<double> vote_score;                                 // 0–100, absent while hidden
  double total_score = 0;
  long long rank = 0;
  bool funded = false, adjusted = false;
  std::string note;  // why an entry is not funded (budget, quota)
  int64_t submitted_at = 0;
};

struct Adjustment {
  long long id = 0, application_id = 0;
  std::optional<long long> new_rank, new_awarded_fen;
  std::string reason, state, proposed_by_name, decided_by_name;
  std::optional<long long> proposed_by, decided_by;
  int64_t created_at = 0;
  std::optional<int64_t> decided_at;
};

struct Results {
  long long competition_id = 0, pool_fen = 0, awarded_fen = 0;
  bool counts_hidden = false, published = false;
  std::string rule;  // the stated ranking, tie and funding rule
  std::vector<ResultEntry> entries;
  std::vector<Adjustment> adjustments;
};

struct ScoreRow {
  long long application_id = 0, entry_no = 0, reviewer_id = 0;
  std::string title, reviewer_name;
  std::map<std::string, long long> scores;
  double weighted = 0;
};

class CompetitionService {
 public:
  CompetitionService(const hub::Deps& deps, project::ProjectService& projects)
      : d_(deps), projects_(projects) {}

  // Staff/auditors: competitions in their subtree; reviewers: their panels;
  // org accounts: non-draft competitions at their region or above.
  Result<std::pair<std::vector<Competition>, long long>> List(const Principal& p,
                                                              const CompetitionFilter& f);
  // kNotFound when the caller may not see it.
  Result<Competition> Get(const Principal& p, long long id);
  // A draft competition; `in` is the request body (validated field by field).
  Result<Competition> Create(const Principal& p, const nlohmann::json& in);
  // Edits a draft, or an open competition whose rules are not frozen yet
  // (kConflict afterwards: use Amend). `version` must match.
  Result<Competition> Update(const Principal& p, long long id, long long version,
                             const nlohmann::json& in);
  // After voting opened: changes rules/dates with a recorded reason.
  Result<Competition> Amend(const Principal& p, long long id, long long version,
                            const std::string& reason, const nlohmann::json& in);
  Result<nlohmann::json> Amendments(const Principal& p, long long id);
  Result<Competition> Open(const Principal& p, long long id);
  Result<Competition> Cancel(const Principal& p, long long id, const std::string& reason);

  // ---- applications
  Result<std::vector<Application>> ListApplications(const Principal& p, long long comp,
                                                    const std::string& state);
  Result<Application> GetApplication(const Principal& p, long long comp, long long id);
  // An org account drafts its organization's application while applications are open.
  Result<Application> CreateApplication(const Principal& p, long long comp,
                                        const nlohmann::json& in);
  Result<Application> UpdateApplication(const Principal& p, long long comp, long long id,
                                        long long version, const nlohmann::json& in);
  // draft → submitted before apply_closes_at; eligibility and completeness
  // are checked here with field-named errors.
  Result<Application> Submit(const Principal& p, long long comp, long long id);
  // Staff: submitted → qualified (entry_no assigned) | rejected (reason required).
  Result<Application> Qualify(const Principal& p, long long comp, long long id, bool ok,
                              const std::string& reason);
  // The organization: draft/submitted (or qualified before voting opens) → withdrawn.
  Result<Application> Withdraw(const Principal& p, long long comp, long long id);

  // ---- panel and scores
  Result<Competition> AddReviewer(const Principal& p, long long comp, long long user_id);
  // A panel member declares a conflict with an entry and does not score it.
  Status Recuse(const Principal& p, long long comp, long long application_id,
                const std::string& reason);
  // A panel member scores every criterion of a qualified entry (0–100) before scoring closes.
  Status Score(const Principal& p, long long comp, long long application_id,
               const std::map<std::string, long long>& scores);
  // Reviewers: their own scores; staff and auditors: all.
  Result<std::vector<ScoreRow>> ListScores(const Principal& p, long long comp);

  // ---- results
  Result<Results> GetResults(const Principal& p, long long comp);
  Result<Adjustment> ProposeAdjustment(const Principal& p, long long comp, long long application_id,
                                       std::optional<long long> new_rank,
                                       std::optional<long long> new_awarded_fen,
                                       const std::string& reason);
  // A second staff user (never the proposer) approves or rejects.
  Result<Adjustment> DecideAdjustment(const Principal& p, long long comp, long long adjustment_id,
                                      bool approve);
  // After voting closed, with no pending adjustment: funded entries become
  // projects (channel competition) with contracts; the competition is `results`.
  Result<Results> Publish(const Principal& p, long long comp);

  // ---- figures
  Result<nlohmann::json> Figures(const Principal& p, long long comp);
  // City-wide figures under `region` (default: p's scope) for `year` (every year
  // when absent): totals, one row per competition (its votes null while hidden)
  // and one per child region of the scope. kNotFound outside p's scope.
  Result<nlohmann::json> Summary(const Principal& p, std::optional<long long> year,
                                 const std::string& region);

  // The competition part of the Jiangmen demo (idempotent).
  Status LoadDemo(const Principal& cli);

 private:
  Result<Competition> Load(db::Conn& c, const Principal& p, long long id);
  Result<Application> LoadApp(db::Conn& c, const Principal& p, const Competition& k, long long id);
  Result<Competition> Edit(const Principal& p, long long id, long long version,
                           const nlohmann::json& in, const std::string* amend_reason);
  Result<Application> MoveApp(
      const Principal& p, long long comp, long long id, const std::string& action,
      const std::function<Status(db::Conn&, Competition&, Application&)>& fn);
  Status Compute(db::Conn& c, const Competition& k, Results& out);
  Status FillDetail(db::Conn& c, Competition& k);
  void FillNames(std::vector<Competition>& ks);
  // Publishes inside `c`; contracts start on `start` (epoch seconds, a UTC day).
  Status PublishIn(db::Conn& c, const Principal& p, Competition& k, Results& r, int64_t start);

  hub::Deps d_;
  project::ProjectService& projects_;
};

}  // namespace shuniu::competition
