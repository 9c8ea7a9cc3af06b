// Notices and reminders (replacing the QQ and WeChat groups): notices to a
// scope or a filtered set of organizations, an in-app inbox with read
// receipts, automatic reminders from every capability, and outbound delivery
// through pluggable channels (webhook, SMTP) with retries and a log. A notice
// is in the inbox before any channel is tried, so a channel that is down never
// loses it.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "audit/audit_service.h"
#include "auth/user_service.h"
#include "core/config.h"
#include "core/principal.h"
#include "db/database.h"
#include "org/org_service.h"

namespace shuniu::notice {

// One reminder a capability wants sent. `key` identifies it forever: a key is
// turned into a notice once, however often the sources are asked.
struct Reminder {
  std::string key;  // e.g. "residency.expiring:42:30d"
  std::string
      kind;  // annual_review_due | agreement_expiring | survey_closing | training_tomorrow | …
  std::vector<long long> org_ids;  // the inboxes of these organizations
  std::string region_code;         // scope of the reminder (who may see it as sender)
  std::string title_zh, title_en, body_zh, body_en;
  std::string link;  // web path of the record, e.g. "/residencies/42"
};
// Asked on every reminder run with the current time (ms since the epoch, UTC);
// returns the reminders due at that time (already-sent keys are skipped by the service).
using ReminderSource = std::function<Result<std::vector<Reminder>>(db::Conn&, int64_t now_ms)>;

class NoticeService {
 public:
  NoticeService(db::Database& db, audit::AuditService& audit, org::OrgService& orgs,
                auth::UserService& users, const Config& cfg);

  // Capabilities register their sources when they are built.
  void AddReminderSource(std::string name, ReminderSource source);

 private:
  db::Database& db_;
  audit::AuditService& audit_;
  org::OrgService& orgs_;
  auth::UserService& users_;
  const Config& cfg_;
  std::vector<std::pair<std::string, ReminderSource>> sources_;
};

}  // namespace shuniu::notice
