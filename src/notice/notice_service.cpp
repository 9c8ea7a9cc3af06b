// Notices, inbox, reminders and delivery (skeleton; filled in by the notices capability).
#include "notice/notice_service.h"

namespace shuniu::notice {

NoticeService::NoticeService(db::Database& db, audit::AuditService& audit, org::OrgService& orgs,
                             auth::UserService& users, const Config& cfg)
    : db_(db), audit_(audit), orgs_(orgs), users_(users), cfg_(cfg) {}

void NoticeService::AddReminderSource(std::string name, ReminderSource source) {
  sources_.emplace_back(std::move(name), std::move(source));
}

}  // namespace shuniu::notice
