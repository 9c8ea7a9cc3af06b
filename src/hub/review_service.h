// Annual review (年审) and public disclosure. Each registered organization
// files one review per year: three files (work report, financial statements,
// audit report) and the disclosure items (governance, main activities, income
// and spending in fen with their mix, staff). Staff in scope review it with a
// checklist and decide qualified / basically_qualified / unqualified.
//
//   draft --submit--> submitted --return--> returned --submit--> resubmitted
//   submitted | resubmitted --decide--> decided      resubmitted --return--> returned
//
// A decided review's disclosure items are published (GET /public/disclosures).
// Organizations without a submitted review after the year's due date plus
// Config::annual_review_grace_days are flagged abnormal by FlagOverdue (an
// explicit sweep: POST /annual-reviews/overdue/flag and the demo loader),
// through OrgService so the status change is audited and in the org's history.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/principal.h"
#include "hub/deps.h"

namespace shuniu::hub {

struct Review {
  long long id = 0, org_id = 0;
  std::string org_name, region_code, region_name;
  long long year = 0;
  std::string state;  // draft | submitted | returned | resubmitted | decided
  // files, disclosure numbers (money in fen), counts: absent = not filled
  std::map<std::string, std::optional<long long>> nums;
  std::map<std::string, std::string> texts;  // governance, activities
  std::string result;                        // qualified | basically_qualified | unqualified
  std::string reasons, return_note;
  std::map<std::string, std::string> checklist;  // item → yes | no | na
  std::optional<int64_t> submitted_at, decided_at;
  std::optional<long long> decided_by;
  std::string decided_by_name;
  std::optional<long long> created_by;
  int64_t created_at = 0, updated_at = 0;
  long long version = 1;
  std::string due_date;  // of the review's year
};

// A create or patch: only the fields present are set (nullopt clears).
struct ReviewInput {
  std::map<std::string, std::optional<long long>> nums;
  std::map<std::string, std::optional<std::string>> texts;
};

struct ReviewFilter {
  std::optional<long long> year, org_id;
  std::string state, result, region;
  long long page = 1, size = 20;
};

struct OverdueItem {
  long long org_id = 0;
  std::string org_name, region_code, region_name, org_status;
  long long year = 0;
  std::string due_date;
  long long days_overdue = 0;  // ≤ 0: not yet due
  std::optional<long long> review_id;
  std::string state;  // of the review, "" when none was started
  std::optional<int64_t> flagged_at;
};

struct ReviewYear {
  long long year = 0;
  std::string due_date;
  bool configured = false;  // false: the default (05-31 of the next year)
};

class ReviewService {
 public:
  explicit ReviewService(const Deps& deps);

  // The fields of a review (names used by the API and the checks).
  static const std::vector<std::string>& FileFields();
  static const std::vector<std::string>& NumberFields();  // files excluded
  static const std::vector<std::string>& TextFields();
  static const std::vector<std::string>& ChecklistItems();

  Result<std::pair<std::vector<Review>, long long>> List(const Principal& p, const ReviewFilter& f);
  Result<Review> Get(const Principal& p, long long id);
  // Staff in scope or the organization's own account; one review per org and year.
  Result<Review> Create(const Principal& p, long long org_id, long long year,
                        const ReviewInput& in);
  // Only drafts and returned reviews are editable (409 otherwise).
  Result<Review> Update(const Principal& p, long long id, long long version, const ReviewInput& in);
  Result<Review> Submit(const Principal& p, long long id, std::optional<long long> version);
  Result<Review> Return(const Principal& p, long long id, std::optional<long long> version,
                        const std::string& note);
  Result<Review> Decide(const Principal& p, long long id, std::optional<long long> version,
                        const std::string& result, const std::string& reasons,
                        const std::map<std::string, std::string>& checklist);

  // Organizations under review in p's scope (region: a subtree of it) that have
  // not submitted for `year`, with how far past the due date they are.
  Result<std::pair<std::vector<OverdueItem>, long long>> Overdue(const Principal& p, long long year,
                                                                 const std::string& region,
                                                                 long long page, long long size);
  // The sweep: flags every organization in p's scope past due + grace without a
  // submitted review for `year` (its status becomes abnormal, once). Returns
  // how many organizations were flagged by this run.
  Result<long long> FlagOverdue(const Principal& p, long long year, int64_t now_ms);

  Result<std::vector<ReviewYear>> Years(const Principal& p);
  Result<ReviewYear> SetYear(const Principal& p, long long year, const std::string& due_date);

  // Published (decided) reviews: disclosure items only.
  Result<std::pair<std::vector<Review>, long long>> PublicList(std::optional<long long> year,
                                                               const std::string& q, long long page,
                                                               long long size);
  Result<Review> PublicGet(long long id);

  // The reminder source ("reviews"): annual_review_due 30 and 7 days before the
  // due date, annual_review_overdue after it, to organizations without a
  // submitted review.
  Result<std::vector<notice::Reminder>> Reminders(db::Conn& c, int64_t now_ms);

  // Adds this capability's part of the Jiangmen demo (idempotent).
  Status LoadDemo(const Principal& cli);

 private:
  Result<Review> Transition(const Principal& p, long long id, std::optional<long long> version,
                            const std::string& action,
                            const std::function<Status(db::Conn&, Review&)>& apply);
  Status CheckFiles(db::Conn& c, const Principal& p, const Review& r, bool require);
  void FillRegionNames(std::vector<Review>& rs);

  Deps d_;
  // Set only by LoadDemo while the file store is unavailable (the files
  // capability not yet built in): demo reviews are then recorded without files.
  bool demo_without_files_ = false;
};

}  // namespace shuniu::hub
