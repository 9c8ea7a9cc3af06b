// The public-tender channel of the project cycle (公开招标): a tender notice
// for an approved project, sealed bids from organizations, a review panel that
// declares conflicts of interest and scores every bid per criterion, the award
// by the rule (with the contract made by ProjectService), and the OCDS 1.1
// release package of a year.
//
// Tender states: draft → published → (bid deadline) → opened → scored →
// awarded; draft/published/opened/scored → cancelled (with a reason).
// Bids are sealed until opening: price and team are stored encrypted and no
// API returns them, and their proposal files are unreadable (files seal).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/principal.h"
#include "hub/deps.h"
#include "project/criteria.h"
#include "project/project_service.h"

namespace shuniu::tender {

using Criterion = project::WeightedCriterion;

struct Reviewer {
  long long user_id = 0;
  std::string name;
  bool declared = false, conflict = false, finished = false;
  std::string conflict_note;
};

struct Bid {
  long long id = 0, tender_id = 0, org_id = 0;
  std::string org_name, org_region;
  bool sealed = true;  // price, team and file are withheld while sealed
  std::optional<long long> price, file_id;
  std::string team;
  bool eligible = false;
  std::string ineligible_reason;
  std::optional<double> score;  // weighted, averaged over the reviewers who scored
  long long rank = 0;           // 1 = best eligible; 0 = not ranked
  int64_t created_at = 0;
};

struct Tender {
  long long id = 0, project_id = 0;
  std::string project_title, region_code, region_name, title, description, eligibility;
  std::vector<Criterion> criteria;
  long long budget = 0, year = 0;
  int64_t bid_deadline = 0, opening_at = 0;
  std::string state, cancel_reason, award_reason, created_by_name;
  std::optional<int64_t> published_at, opened_at, scored_at, awarded_at;
  std::optional<long long> award_bid_id, contract_id;
  std::string award_org_name;
  std::optional<long long> award_price;
  long long bid_count = 0;
  std::vector<Reviewer> reviewers;
  std::vector<Bid> bids;  // filled for staff and panel reads
  long long version = 1;
  int64_t created_at = 0, updated_at = 0;
};

struct TenderInput {
  std::optional<long long> project_id;
  std::optional<std::string> title, description, eligibility, bid_deadline, opening_at;
  std::optional<nlohmann::json> criteria;
};

struct TenderFilter {
  std::string state, q;
  std::optional<long long> year;
  long long page = 1, size = 20;
};

struct BidInput {
  long long org_id = 0, price = 0;
  nlohmann::json team = nlohmann::json::array();
  std::optional<long long> file_id;
};

struct ScoreInput {
  long long bid_id = 0;
  std::string criterion;
  long long score = 0;
};

struct AwardInput {
  std::optional<long long> bid_id;
  std::string reason;                 // needed when the chosen bid is not the rule's winner
  project::CommissionInput contract;  // reason, provider and price are filled from the bid
};

class TenderService {
 public:
  TenderService(const hub::Deps& deps, project::ProjectService& projects);

  // Staff and auditors: tenders in their subtree; reviewers: tenders of their panels.
  Result<std::pair<std::vector<Tender>, long long>> List(const Principal& p, const TenderFilter& f);
  // With bids (sealed until opening), panel and ranking. kNotFound out of scope.
  Result<Tender> Get(const Principal& p, long long id);
  // A draft tender for an approved project (its channel becomes tender).
  Result<Tender> Create(const Principal& p, const TenderInput& in);
  Result<Tender> Update(const Principal& p, long long id, long long version, const TenderInput& in);
  // draft → published: the notice appears on the public pages; the deadline lies ahead.
  Result<Tender> Publish(const Principal& p, long long id);
  // published → opened, at or after the opening time: the bids are unsealed.
  Result<Tender> Open(const Principal& p, long long id);
  // → cancelled with a reason; the project is free for another channel.
  Result<Tender> Cancel(const Principal& p, long long id, const std::string& reason);

  // Panel: staff add reviewer or staff accounts in scope (before scoring ends).
  Result<Tender> AddReviewer(const Principal& p, long long id, long long user_id);
  // A panel member declares (no) conflict of interest with the bidders.
  Result<Tender> Declare(const Principal& p, long long id, bool conflict, const std::string& note);
  // A panel member scores one criterion of one bid (0–100); opened tenders only;
  // refused when the member is linked to the bidder or declared a conflict.
  Result<Tender> Score(const Principal& p, long long id, const ScoreInput& in);
  // A panel member finishes scoring (every eligible bid, every criterion); when
  // every unconflicted member has finished, the tender becomes scored.
  Result<Tender> FinishScoring(const Principal& p, long long id);

  // scored → awarded by staff who did not score: the rule's winner unless
  // another eligible bid is named with a reason; the contract comes from
  // ProjectService::AwardContract in the same transaction.
  Result<Tender> Award(const Principal& p, long long id, const AwardInput& in);

  // An organization account bids for its own organization before the deadline.
  Result<Bid> SubmitBid(const Principal& p, long long id, const BidInput& in);

  // Public pages: published and later notices, public fields only.
  Result<std::pair<std::vector<Tender>, long long>> PublicList(long long page, long long size);
  Result<Tender> PublicGet(long long id);

  // OCDS 1.1 release package of the tenders of `year` in the caller's scope.
  Result<nlohmann::json> ReleasePackage(const Principal& p, long long year,
                                        const std::string& base_url);

  // The tender part of the Jiangmen demo (idempotent).
  Status LoadDemo(const Principal& cli);

 private:
  Result<Tender> Load(db::Conn& c, const Principal& p, long long id, bool for_write);
  Status FillDetail(db::Conn& c, const Principal& p, Tender& t);
  Result<Tender> Transition(const Principal& p, long long id, const std::string& action,
                            const std::vector<std::string>& from,
                            const std::function<Status(db::Conn&, Tender&)>& fn);
  Status CheckEligible(db::Conn& c, long long org_id, std::string& reason);
  Result<bool> Linked(db::Conn& c, long long tender_id, long long user_id);
  Result<Tender> Reload(const Principal& p, long long id);

  hub::Deps d_;
  project::ProjectService& projects_;
  std::string secret_;
};

}  // namespace shuniu::tender
