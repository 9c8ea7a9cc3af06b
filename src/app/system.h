// Composition root: opens the database and builds every service once, for the
// server and the CLI alike.
#pragma once

#include <memory>

#include "audit/audit_service.h"
#include "auth/auth_service.h"
#include "auth/user_service.h"
#include "competition/competition_service.h"
#include "core/config.h"
#include "dashboard/dashboard_service.h"
#include "db/database.h"
#include "files/file_service.h"
#include "home/home_service.h"
#include "http/routes.h"
#include "hub/base_service.h"
#include "hub/liaison_service.h"
#include "hub/meeting_service.h"
#include "hub/review_service.h"
#include "hub/survey_service.h"
#include "hub/training_service.h"
#include "intern/intern_service.h"
#include "notice/notice_service.h"
#include "org/org_service.h"
#include "party/party_service.h"
#include "project/project_service.h"
#include "project/supervision_service.h"
#include "region/region_service.h"
#include "report/report_service.h"
#include "tender/tender_service.h"
#include "vote/vote_service.h"

namespace shuniu::app {

struct System {
  Config cfg;
  std::unique_ptr<db::Database> db;
  std::unique_ptr<auth::SessionCache> sessions;
  std::unique_ptr<audit::AuditService> audit;
  std::unique_ptr<region::RegionService> regions;
  std::unique_ptr<auth::AuthService> auth;
  std::unique_ptr<auth::UserService> users;
  std::unique_ptr<org::OrgService> orgs;
  std::unique_ptr<files::FileService> files;
  std::unique_ptr<notice::NoticeService> notices;
  std::unique_ptr<hub::BaseService> bases;
  std::unique_ptr<hub::ReviewService> reviews;
  std::unique_ptr<hub::LiaisonService> liaison;
  std::unique_ptr<hub::MeetingService> meetings;
  std::unique_ptr<hub::SurveyService> surveys;
  std::unique_ptr<hub::TrainingService> trainings;
  std::unique_ptr<project::ProjectService> projects;
  std::unique_ptr<tender::TenderService> tenders;
  std::unique_ptr<project::SupervisionService> supervision;
  std::unique_ptr<competition::CompetitionService> competitions;
  std::unique_ptr<vote::VoteService> votes;
  std::unique_ptr<home::HomeService> homes;
  std::unique_ptr<party::PartyService> party;
  std::unique_ptr<intern::InternService> interns;
  std::unique_ptr<report::ReportService> reports;
  std::unique_ptr<dashboard::DashboardService> dashboard;

  // Opens the database (migrating when `migrate`) and builds the services.
  static Result<std::unique_ptr<System>> Open(const Config& cfg, bool migrate);
  http::Services services();
};

struct DemoAccount {
  std::string username, display_name, role, region_code, password;  // password empty if it existed
};
// Loads the Jiangmen demo: regions from <data_dir>/regions/jiangmen plus demo
// accounts with generated passwords (existing ones are left as they are).
Result<std::vector<DemoAccount>> LoadDemo(System& sys);

}  // namespace shuniu::app
