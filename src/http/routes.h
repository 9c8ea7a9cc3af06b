// The route table: every API route, its access policy and its handler.
#pragma once

#include "audit/audit_service.h"
#include "auth/auth_service.h"
#include "auth/user_service.h"
#include "competition/competition_service.h"
#include "core/config.h"
#include "dashboard/dashboard_service.h"
#include "files/file_service.h"
#include "home/home_service.h"
#include "http/http.h"
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

namespace shuniu::http {

struct Services {
  db::Database& db;
  const Config& cfg;
  auth::AuthService& auth;
  auth::UserService& users;
  region::RegionService& regions;
  audit::AuditService& audit;
  org::OrgService& orgs;
  files::FileService& files;
  notice::NoticeService& notices;
  hub::BaseService& bases;
  hub::ReviewService& reviews;
  hub::LiaisonService& liaison;
  hub::MeetingService& meetings;
  hub::SurveyService& surveys;
  hub::TrainingService& trainings;
  project::ProjectService& projects;
  tender::TenderService& tenders;
  project::SupervisionService& supervision;
  competition::CompetitionService& competitions;
  vote::VoteService& votes;
  home::HomeService& homes;
  party::PartyService& party;
  intern::InternService& interns;
  report::ReportService& reports;
  dashboard::DashboardService& dashboard;
};

std::vector<Route> BuildRoutes(Services& s);
extern const char* kVersion;

}  // namespace shuniu::http
