// Trainings: thematic trainings (主题培训, the seed holds one every quarter),
// field visits (实地考察) and study trips (外出学习). Staff plan them and open
// enrolment; organizations enrol their people (capacity, then a waitlist);
// staff check people in; attended people give feedback; hours and materials
// make up each organization's training record; per year, whether every
// quarter had its thematic training. Every write is one transaction with its
// audit event. Phones of enrolled people are sealed at rest and shown masked.
//
// Training states:  planned → open → closed → held; open → held;
//                   planned | open | closed → cancelled.
// Enrolment states: enrolled → attended | absent | cancelled;
//                   waitlisted → enrolled (promotion) | cancelled;
//                   absent → attended (correction).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/principal.h"
#include "hub/deps.h"

namespace shuniu::hub {

struct TrainingInput {  // a create or a patch: only the fields present are set
  std::optional<std::string> kind, title, topic, region_code, place;
  std::optional<int64_t> starts_at, ends_at;
  std::optional<std::optional<long long>> capacity;
  std::optional<long long> hours_x10;
  std::optional<std::vector<long long>> material_ids;
};

struct Training {
  long long id = 0;
  std::string kind;  // thematic | field_visit | study_trip
  std::string title, topic, region_code, region_name, place, state, cancel_reason;
  int64_t starts_at = 0, ends_at = 0;
  std::optional<long long> capacity;  // none: unlimited
  long long hours_x10 = 0;            // hours × 10 (3.5 h → 35)
  std::vector<long long> material_ids;
  long long version = 1;
  int64_t created_at = 0, updated_at = 0;
  long long enrolled = 0, waitlisted = 0, attended = 0, absent = 0, cancelled = 0;
  long long feedback_count = 0;
  double feedback_avg = 0;
  std::string my_state;  // org accounts: the best state of their own enrolments, "" if none
};

struct Enrolment {
  long long id = 0, training_id = 0, org_id = 0;
  std::string org_name, person_name, position, phone;  // phone masked
  std::string state;  // enrolled | waitlisted | cancelled | attended | absent
  long long seq = 0;
  std::optional<long long> feedback_score;
  std::string feedback_comment;
  std::optional<int64_t> checked_in_at;
  long long version = 1;
  int64_t created_at = 0, updated_at = 0;
};

struct EnrolmentInput {
  std::optional<long long> org_id;  // staff: required; org accounts: their own
  std::string name, position, phone;
};

struct TrainingView {
  Training training;
  bool staff_view = false;
};

struct TrainingFilter {
  std::string region, state, kind, q, year;
  long long page = 1, size = 20;
};

// One line of an organization's training record.
struct RecordEntry {
  Training training;
  Enrolment enrolment;
  long long hours_x10 = 0;  // credited when attended
};
struct TrainingRecord {
  long long org_id = 0;
  std::string org_name;
  std::vector<RecordEntry> entries;
  long long trainings_attended = 0, people_attended = 0, hours_x10 = 0;
};

struct QuarterCoverage {
  int quarter = 0;
  std::vector<Training> held, planned;  // thematic only
  bool covered = false;
};

class TrainingService {
 public:
  explicit TrainingService(const Deps& deps);

  Result<std::pair<std::vector<Training>, long long>> List(const Principal& p, TrainingFilter f);
  Result<TrainingView> Get(const Principal& p, long long id);
  Result<TrainingView> Create(const Principal& p, const TrainingInput& in);
  Result<TrainingView> Update(const Principal& p, long long id, long long version,
                              const TrainingInput& in);
  // to: open | closed | held | cancelled.
  Result<TrainingView> Move(const Principal& p, long long id, const std::string& to,
                            const std::string& reason);

  // Staff and auditors: every enrolment; org accounts: their own organization's.
  Result<std::vector<Enrolment>> Enrolments(const Principal& p, long long id);
  Result<Enrolment> Enrol(const Principal& p, long long id, const EnrolmentInput& in);
  // action: cancel | check-in | absent | feedback (score 1–5 and comment).
  Result<Enrolment> Act(const Principal& p, long long id, long long eid, const std::string& action,
                        std::optional<long long> score, const std::string& comment);

  Result<TrainingRecord> Record(const Principal& p, long long org_id);
  Result<std::vector<QuarterCoverage>> Quarters(const Principal& p, int year,
                                                const std::string& region);

  // The "training_tomorrow" reminder source: the organizations with people
  // enrolled, the (China) day before the training starts.
  Result<std::vector<notice::Reminder>> TomorrowReminders(db::Conn& c, int64_t now_ms);

  // Adds this capability's part of the Jiangmen demo (idempotent).
  Status LoadDemo(const Principal& cli);

 private:
  Deps d_;
  std::string secret_;  // seals phone numbers (the server secret, as for organizations)
};

bool TrainingTransitionAllowed(const std::string& from, const std::string& to);
bool EnrolmentTransitionAllowed(const std::string& from, const std::string& to);

}  // namespace shuniu::hub
