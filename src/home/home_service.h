// Star-rated Women & Children Homes (妇女之家 / 妇女儿童之家 / 儿童之家): the
// registry of sites in villages and communities, the star-rating criteria
// (checklist with points per item and star thresholds, per region and year),
// assessments with evidence files that a second staff user approves before
// they become the Home's star, the funding a Home received, and figures per
// region and year. Every write is one transaction with its audit event.
//
// Scope: staff, admin and auditors see the Homes of their region subtree; an
// organization account reads (never changes) the Homes linked to its own
// organization. Objects outside the scope answer kNotFound; write targets
// outside it kPermissionDenied.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/principal.h"
#include "hub/deps.h"

namespace shuniu::home {

struct CriteriaItem {
  std::string code, name;
  long long max_points = 0;
};

// A checklist version for a region (and the regions below it) from a year on.
struct Criteria {
  long long id = 0;
  std::string region_code, region_name;
  long long year = 0;
  std::vector<CriteriaItem> items;
  std::vector<long long> thresholds;  // minimum total for 1..5 stars, ascending
  long long validity_years = 3;
  long long version = 1;
  std::string created_by_name;
  int64_t created_at = 0, updated_at = 0;
};

struct CriteriaInput {
  std::optional<std::string> region_code;
  std::optional<long long> year, validity_years;
  std::optional<nlohmann::json> items, thresholds;
};

struct AssessmentItem {
  std::string code, name, note;
  long long max_points = 0, points = 0;
  std::vector<long long> file_ids;
};

struct Assessment {
  long long id = 0, home_id = 0, criteria_id = 0;
  std::string home_name, region_code;
  std::optional<long long> application_id;
  std::vector<AssessmentItem> items;
  long long total_points = 0, star_level = 0;
  std::string notes, assessor_name, assessed_on, valid_from, valid_until;
  std::string state, decision_note, recorded_by_name, decided_by_name;
  std::optional<long long> recorded_by, decided_by;
  std::optional<int64_t> decided_at;
  int64_t created_at = 0;
};

struct AssessmentInput {
  nlohmann::json items = nlohmann::json::array();  // [{code, points, note?, file_ids?}]
  std::string notes, assessor_name, assessed_on;
  std::optional<std::string> valid_from;
  std::optional<long long> application_id;
};

struct Funding {
  long long id = 0, home_id = 0, year = 0, amount_fen = 0;
  std::string region_code, source, note, recorded_by_name;
  int64_t created_at = 0;
};

struct FundingInput {
  long long year = 0, amount_fen = 0;
  std::string source, note;
};

struct Home {
  long long id = 0;
  std::string region_code, region_name, name, kind, address, contact_name;
  std::string contact_phone;  // masked unless the caller asked and may unmask
  bool phone_unmasked = false;
  std::optional<long long> org_id;
  std::string org_name;
  std::string founded_on, status, opening_hours, services;
  long long area_m2 = 0;
  long long star_level = 0;  // 0 = none
  std::string star_valid_from, star_valid_until;
  std::string star_status;  // none | valid | expired (against today)
  std::optional<long long> star_assessment_id;
  long long funding_total_fen = 0;
  long long pending_assessments = 0;
  std::string created_by_name;
  long long version = 1;
  int64_t created_at = 0, updated_at = 0;
};

struct HomeInput {
  std::optional<std::string> region_code, name, kind, address, contact_name, contact_phone,
      founded_on, status, opening_hours, services;
  std::optional<long long> area_m2;
  std::optional<std::optional<long long>> org_id;  // present + nullopt: unlink
};

struct HomeFilter {
  std::string region, status, kind, q, star;  // star: 0..5, "expired", "valid"
  std::string sort = "-updated_at";
  long long page = 1, size = 20;
};

struct HistoryEntry {
  int64_t at = 0;
  std::string actor_name, action;
  std::optional<nlohmann::json> before, after;
};

// Figures of one region for a year: Homes by the star level valid in that year.
struct FigureRow {
  std::string region_code, region_name;
  long long homes = 0;
  std::map<long long, long long> by_star;  // 0 (none) .. 5 → Homes
  long long funding_fen = 0;
};
struct Figures {
  long long year = 0;
  FigureRow total;
  std::vector<FigureRow> children;  // one per child region that has Homes or funding
};

class HomeService {
 public:
  explicit HomeService(const hub::Deps& deps);

  // Homes in p's subtree (org accounts: those linked to their organization),
  // filtered, searched (name, address), sorted and paged.
  Result<std::pair<std::vector<Home>, long long>> List(const Principal& p, const HomeFilter& f);
  // One Home; kNotFound out of scope. `unmask_phone` (admin/staff) shows the
  // contact phone in clear and audits the read.
  Result<Home> Get(const Principal& p, long long id, bool unmask_phone = false);
  // Staff: a Home at a village/community code in their subtree (kPermissionDenied
  // outside), linked to an organization in scope when org_id is given.
  Result<Home> Create(const Principal& p, const HomeInput& in);
  // Staff: changes the fields given; kConflict when `version` is not current.
  Result<Home> Update(const Principal& p, long long id, long long version, const HomeInput& in);
  // The audited changes of a Home, oldest first.
  Result<std::vector<HistoryEntry>> History(const Principal& p, long long id);

  // Criteria sets visible to p (its ancestors' and its subtree's); with
  // `region`, `effective` is the set that applies there in `year`.
  Result<std::pair<std::vector<Criteria>, std::optional<Criteria>>> ListCriteria(
      const Principal& p, const std::string& region, long long year);
  Result<Criteria> CreateCriteria(const Principal& p, const CriteriaInput& in);
  Result<Criteria> UpdateCriteria(const Principal& p, long long id, long long version,
                                  const CriteriaInput& in);

  // Assessments of a Home, newest first.
  Result<std::vector<Assessment>> Assessments(const Principal& p, long long home_id);
  // Staff record an assessment against the criteria in force for the Home's
  // region and the assessment year: points ≤ each item's maximum, every item
  // given, evidence files attachable by p; the star follows from the total
  // and the thresholds, valid for the criteria's validity years. Pending.
  Result<Assessment> RecordAssessment(const Principal& p, long long home_id,
                                      const AssessmentInput& in);
  // A second staff user (not the recorder) approves a pending assessment: it
  // becomes the Home's current star unless a later-starting one is. Or rejects it.
  Result<Assessment> DecideAssessment(const Principal& p, long long home_id, long long id,
                                      bool approve, const std::string& note);

  Result<std::vector<Funding>> ListFunding(const Principal& p, long long home_id);
  Result<Funding> AddFunding(const Principal& p, long long home_id, const FundingInput& in);

  // Figures for `year` under `region` (default: p's scope root); kNotFound
  // outside p's scope.
  Result<Figures> GetFigures(const Principal& p, const std::string& region, long long year);

  // The Homes part of the Jiangmen demo (idempotent).
  Status LoadDemo(const Principal& cli);

 private:
  Result<Home> Load(db::Conn& c, const Principal& p, long long id);
  Result<Home> Reload(const Principal& p, long long id, bool unmask = false);
  Result<Criteria> Effective(db::Conn& c, const std::string& region, long long year);
  Status CheckOrg(db::Conn& c, const Principal& p, long long org_id);

  hub::Deps d_;
  std::string secret_;
};

// Star level for a total under ascending thresholds (0 when below the first).
long long StarFor(long long total, const std::vector<long long>& thresholds);
// `date` (YYYY-MM-DD) plus `years`, minus one day: the last day of validity.
std::string ValidUntil(const std::string& date, long long years);
// A real calendar date YYYY-MM-DD.
bool IsDate(const std::string& s);
// Today's date, UTC, with the test clock offset.
std::string TodayUtc();

}  // namespace shuniu::home
