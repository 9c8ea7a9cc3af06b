// Needs surveys (需求调查): a questionnaire (single choice, multiple choice,
// scale, text) scoped to a region, sent to organizations chosen by a filter
// of the information base, answered once per organization by its org
// account, with aggregated results and an .xlsx export.
//
// States: draft → open → closed. Questions and targets can change only in
// draft; opening materializes the targets (survey_targets) and freezes the
// questions. A survey whose close date has passed is closed automatically:
// the state is derived when read (stored "open" + closes_at ≤ now reads as
// "closed"), so no background job is needed and the transition happens at
// exactly the close time on every server.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/principal.h"
#include "hub/deps.h"

namespace shuniu::hub {

struct SurveyQuestion {
  std::string id;    // stable key of the answers ("q1", …)
  std::string kind;  // single | multi | scale | text
  std::string title;
  bool required = false;
  std::vector<std::string> options;  // single, multi
  long long min = 1, max = 5;        // scale
  std::string min_label, max_label;  // scale
  long long max_length = 1000;       // text, in characters
};

struct SurveyTarget {
  std::vector<std::string> kinds, statuses, domains;  // empty = any (statuses: not deregistered)
  std::string region;                                 // subtree; empty = the survey's region
  std::vector<long long> org_ids;                     // non-empty: exactly these organizations
};

struct Survey {
  long long id = 0;
  std::string title, description, region_code, region_name;
  std::string state;  // stored: draft | open | closed
  std::vector<SurveyQuestion> questions;
  SurveyTarget target;
  std::optional<int64_t> opens_at, closes_at, opened_at, closed_at;
  std::optional<long long> created_by;
  std::string created_by_name;
  long long version = 1;
  int64_t created_at = 0, updated_at = 0;
  long long target_count = 0, response_count = 0;
  std::optional<bool> responded;  // set for org accounts: their organization answered
  // draft | scheduled (open, before opens_at) | open | closed
  std::string EffectiveState(int64_t now) const;
};

// A create (every field) or a patch (only the fields present).
struct SurveyInput {
  std::optional<std::string> title, description, region_code;
  std::optional<nlohmann::json> questions, target;  // raw JSON, validated by the service
  std::optional<std::optional<int64_t>> opens_at, closes_at;
};

struct SurveyResponse {
  long long id = 0, survey_id = 0, org_id = 0;
  std::string org_name, region_code;
  nlohmann::json answers = nlohmann::json::object();  // question id → answer
  std::optional<long long> submitted_by;
  std::string submitted_by_name;
  int64_t submitted_at = 0, updated_at = 0;
  long long revision = 1;
};

struct SurveyListFilter {
  std::string state;  // "" | draft | open | closed
  std::string q;      // title contains
  long long page = 1, size = 20;
};

struct TargetPreview {
  long long count = 0;
  std::vector<std::string> sample;  // up to 10 names
};

// Validation shared by the service, its tests and the demo loader. Errors name
// the field, e.g. questions[2].options or answers.q3.
Result<std::vector<SurveyQuestion>> ParseQuestions(const nlohmann::json& j);
nlohmann::json QuestionsJson(const std::vector<SurveyQuestion>& qs);
Result<SurveyTarget> ParseTarget(const nlohmann::json& j);
nlohmann::json TargetJson(const SurveyTarget& t);
// Checks answers against the questions; returns the canonical answers (answered ones only).
Result<nlohmann::json> ValidateAnswers(const std::vector<SurveyQuestion>& qs,
                                       const nlohmann::json& answers);
// Aggregates: per question counts / distribution + mean / texts, response rates.
nlohmann::json AggregateResults(const Survey& s, const std::vector<SurveyResponse>& responses,
                                bool with_texts);

class SurveyService {
 public:
  explicit SurveyService(const Deps& deps);

  // Staff see their subtree; org accounts the surveys sent to their organization.
  Result<std::pair<std::vector<Survey>, long long>> List(const Principal& p,
                                                         const SurveyListFilter& f);
  Result<Survey> Get(const Principal& p, long long id);
  Result<Survey> Create(const Principal& p, const SurveyInput& in);
  Result<Survey> Update(const Principal& p, long long id, long long version, const SurveyInput& in);
  Result<Survey> Open(const Principal& p, long long id);
  Result<Survey> Close(const Principal& p, long long id);
  // How many organizations a target filter selects in `region` (the caller's by default).
  Result<TargetPreview> Preview(const Principal& p, const std::string& region,
                                const nlohmann::json& target);

  // An org account answers for its organization; a second submission replaces
  // the first while the survey is open (second = true). 409 outside the open period.
  Result<std::pair<SurveyResponse, bool>> Submit(const Principal& p, long long survey_id,
                                                 const nlohmann::json& answers);
  // Staff: every response (paged); an org account: its own (0 or 1).
  Result<std::pair<std::vector<SurveyResponse>, long long>> Responses(const Principal& p,
                                                                      long long survey_id,
                                                                      long long page,
                                                                      long long size);
  Result<nlohmann::json> Results(const Principal& p, long long survey_id);
  // part: "answers" (one row per response) or "results" (the aggregates). Audited.
  Result<std::string> ExportXlsx(const Principal& p, long long survey_id, const std::string& part);

  // "survey_closing" reminders due at now_ms (exposed for tests).
  Result<std::vector<notice::Reminder>> ClosingReminders(db::Conn& c, int64_t now_ms);

  // Adds this capability's part of the Jiangmen demo (idempotent).
  Status LoadDemo(const Principal& cli);

 private:
  Result<Survey> CreateAt(const Principal& p, const SurveyInput& in, int64_t now);
  Result<Survey> OpenAt(const Principal& p, long long id, int64_t now);
  Result<Survey> CloseAt(const Principal& p, long long id, int64_t now);
  Result<std::pair<SurveyResponse, bool>> SubmitAt(const Principal& p, long long survey_id,
                                                   const nlohmann::json& answers, int64_t now);
  // Loads a survey visible to p (404 otherwise), with its counts.
  Result<Survey> Load(db::Conn& c, const Principal& p, long long id);
  Status Validate(db::Conn& c, const Principal& p, Survey& s, const SurveyInput& in);
  Result<std::vector<long long>> SelectTargets(db::Conn& c, const std::string& region,
                                               const SurveyTarget& t, long long limit,
                                               std::vector<std::string>* names, long long* count);
  void FillRegionName(Survey& s);

  Deps d_;
};

}  // namespace shuniu::hub
