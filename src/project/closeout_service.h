// Close-out and promotion (总结推广): the final report of a project in progress
// (by its contracted organization; staff accept or return it), the staff
// evaluation, the close guard (accepted report + evaluation), brand projects
// published as public cases, re-funding a closed project for the next year,
// the year's purchase list as .xlsx, and the financial rollup read.
//
// Final report states: submitted → accepted | returned; returned → submitted.
// Every write is one transaction with its audit event. Scope: staff, admin and
// auditors by region subtree; an organization account only the projects it is
// contracted for; the public only published cases.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/principal.h"
#include "hub/deps.h"
#include "project/project_service.h"

namespace shuniu::project {

// Beneficiary age groups of a final report (codes are API values).
const std::vector<std::pair<std::string, std::string>>& AgeGroups();
// Evaluation grades (codes are API values).
const std::vector<std::pair<std::string, std::string>>& Grades();

struct FinalReportInput {
  std::string summary;
  nlohmann::json indicators = nlohmann::json::array();      // [{name, achieved}]
  nlohmann::json beneficiaries = nlohmann::json::object();  // {women, men, by_age:{…}}
  nlohmann::json spending = nlohmann::json::array();        // [{name, spent}] fen
  nlohmann::json file_ids = nlohmann::json::array();
};

struct CaseInput {
  std::string title, summary;
  nlohmann::json photo_ids = nlohmann::json::array();
};

struct CloseoutFilter {
  std::string state, report_state;  // project state; final report state ("none" too)
  std::optional<long long> year;
  long long page = 1, size = 20;
};

// For ProjectService::Close, inside its transaction: Ok when the project has an
// accepted final report and an evaluation; kConflict naming what is missing.
Status CloseoutReady(db::Conn& c, long long project_id);
// Fills `s` (region_code and year set) from finance_rollup: totals and
// per-source figures of the region's subtree, and per child region (plus the
// region's own level when it holds pools itself).
Status ReadRollup(db::Conn& c, PoolSummary& s);

// The Jiangmen demo's close-out (idempotent): the seed's 反家暴示范点 with an
// accepted final report and an evaluation, closed, made a brand project and
// published as a case. Called at the end of ProjectService::LoadDemo.
Status LoadCloseoutDemo(ProjectService& projects, const Principal& cli);

class CloseoutService {
 public:
  explicit CloseoutService(const hub::Deps& deps);

  // Projects in progress or closed in scope with their close-out status.
  Result<std::pair<nlohmann::json, long long>> List(const Principal& p, const CloseoutFilter& f);
  // The close-out record of a project: report, evaluation, brand and case.
  Result<nlohmann::json> Get(const Principal& p, long long project_id);
  // The contracted organization submits (or resubmits after a return) its final report.
  Result<nlohmann::json> SubmitReport(const Principal& p, long long project_id,
                                      const FinalReportInput& in);
  Result<nlohmann::json> AcceptReport(const Principal& p, long long project_id);
  Result<nlohmann::json> ReturnReport(const Principal& p, long long project_id,
                                      const std::string& note);
  // Staff evaluation (score 0–100, grade, comments) of a project whose report is accepted.
  Result<nlohmann::json> Evaluate(const Principal& p, long long project_id, long long score,
                                  const std::string& grade, const std::string& comments);
  // Designates a closed project as a brand project (品牌).
  Result<nlohmann::json> Designate(const Principal& p, long long project_id,
                                   const std::string& note);
  // Publishes (or republishes with new text) the brand project's public case.
  Result<nlohmann::json> PublishCase(const Principal& p, long long project_id, const CaseInput& in);
  Result<nlohmann::json> UnpublishCase(const Principal& p, long long project_id);
  // Public pages: published cases only, public fields only.
  Result<std::pair<nlohmann::json, long long>> PublicCases(long long page, long long size);
  Result<nlohmann::json> PublicCase(long long case_id);
  // A photo of a published case (kNotFound otherwise): metadata and bytes.
  Result<std::pair<files::FileMeta, std::string>> PublicPhoto(long long case_id, long long file_id);
  // Creates next year's draft copied from a closed project (once per project);
  // returns the new project's id.
  Result<long long> Refund(const Principal& p, long long project_id);
  // Every purchase (contract) of projects of `year` in scope as .xlsx bytes.
  Result<std::string> PurchasesXlsx(const Principal& p, long long year);

 private:
  struct Ctx;
  Result<Ctx> Load(db::Conn& c, const Principal& p, long long project_id);
  Result<nlohmann::json> Detail(db::Conn& c, const Principal& p, long long project_id);
  Result<nlohmann::json> Write(const Principal& p, long long project_id,
                               const std::function<Status(db::Conn&, Ctx&)>& fn);

  hub::Deps d_;
};

}  // namespace shuniu::project
