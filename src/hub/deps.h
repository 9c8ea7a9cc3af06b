// What every hub capability service is built from (see app/system.cpp).
#pragma once

#include "audit/audit_service.h"
#include "auth/user_service.h"
#include "core/config.h"
#include "db/database.h"
#include "files/file_service.h"
#include "notice/notice_service.h"
#include "org/org_service.h"
#include "region/region_service.h"

namespace shuniu::hub {

struct Deps {
  db::Database& db;
  const Config& cfg;
  audit::AuditService& audit;
  region::RegionService& regions;
  org::OrgService& orgs;
  auth::UserService& users;
  files::FileService& files;
  notice::NoticeService& notices;
};

}  // namespace shuniu::hub
