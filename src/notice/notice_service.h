// Notices and reminders (replacing the QQ and WeChat groups): notices to a
// scope or a filtered set of organizations, an in-app inbox with read
// receipts, automatic reminders from every capability, and outbound delivery
// through pluggable channels (webhook, SMTP) with retries and a log. A notice
// is in the inbox before any channel is tried, so a channel that is down never
// loses it.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "audit/audit_service.h"
#include "auth/user_service.h"
#include "core/config.h"
#include "core/principal.h"
#include "db/database.h"
#include "files/file_service.h"
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

// Who receives a published notice: organizations in `region` (default: the
// sender's scope) matching every non-empty filter (any value within a list).
// Without `statuses`, deregistered organizations are left out.
struct Audience {
  std::string region;
  std::vector<std::string> kinds, statuses, domains;
  std::optional<bool> registered;
  std::vector<long long> org_ids;
};

struct NoticeInput {
  std::string title, body;
  Audience audience;
  std::vector<long long> attachments;  // file ids (files::FileService)
};

struct Notice {
  long long id = 0;
  std::string kind;  // "notice", or the reminder kind
  std::string title, body, title_en, body_en, link;
  std::optional<long long> sender_id;
  std::string sender_name, region_code;
  std::string audience_kind;  // orgs | staff
  std::string audience;       // JSON description of the audience
  std::vector<long long> attachments;
  long long recipients = 0, read_count = 0;
  int64_t created_at = 0;
  std::optional<int64_t> read_at;  // inbox rows: when the caller's org (or the caller) read it
};

struct Receipt {
  long long org_id = 0;
  std::string org_name, region_code;
  std::optional<int64_t> read_at;
  std::optional<long long> read_by;
  std::string read_by_name;
};

struct DeliveryRow {
  long long id = 0, notice_id = 0;
  std::optional<long long> org_id;
  std::string channel, address, status;  // pending | sent | failed | dead
  long long attempts = 0;
  int64_t next_attempt_at = 0, created_at = 0, updated_at = 0;
  std::optional<int64_t> sent_at;
  std::string last_error;
};

struct DeliveryLogRow {
  long long id = 0, delivery_id = 0, attempt = 0;
  std::string channel, outcome, error;
  int64_t at = 0;
};

// What a channel sends: the notice as it stands in the inbox.
struct Message {
  long long notice_id = 0;
  std::string kind, title, body, link, sender_name, region_code;
  long long recipients = 0;
  int64_t created_at = 0;
};

// An outbound channel. A per-notice channel (webhook, the log) gets one
// delivery for each notice; a per-recipient channel (SMTP) one for each
// recipient organization that has an address.
class Channel {
 public:
  virtual ~Channel() = default;
  virtual std::string name() const = 0;
  virtual bool per_recipient() const { return false; }
  // Ok when the message was accepted; any error is retried with back-off.
  virtual Status Send(const DeliveryRow& d, const Message& m) = 0;
};

// The channels the configuration asks for: webhook when notice_webhook_url is
// set, SMTP when smtp_url is set, otherwise the development log channel.
std::vector<std::shared_ptr<Channel>> ConfiguredChannels(const Config& cfg);
// The e-mail address in an organization's public contact text ("" when none).
std::string ExtractEmail(const std::string& text);

class NoticeService {
 public:
  NoticeService(db::Database& db, audit::AuditService& audit, org::OrgService& orgs,
                auth::UserService& users, files::FileService& files, const Config& cfg);
  ~NoticeService();

  // Capabilities register their sources when they are built.
  void AddReminderSource(std::string name, ReminderSource source);
  // Replaces the channels (tests inject fakes; the server uses ConfiguredChannels).
  void SetChannels(std::vector<std::shared_ptr<Channel>> channels);

  // Staff and admins publish to organizations in their scope; 403 when the
  // audience region lies outside it, 422 naming the field for bad input or an
  // audience that matches nobody. Recipients are written with one INSERT … SELECT
  // in the notice's transaction, together with the outbox rows.
  Result<Notice> Publish(const Principal& p, const NoticeInput& in);
  // How many organizations an audience reaches (the publish dialog's preview).
  Result<long long> CountAudience(const Principal& p, const Audience& a);
  // Notices sent in the caller's scope, newest first (kind "" = all, "notice", "reminder").
  Result<std::pair<std::vector<Notice>, long long>> List(const Principal& p,
                                                         const std::string& kind,
                                                         const std::string& q, long long page,
                                                         long long size);
  // Staff/auditors: notices in scope; org accounts: notices their org received.
  Result<Notice> Get(const Principal& p, long long id);

  // The caller's inbox, unread first: an org account's organization's notices;
  // for staff and admins the reminders meant for staff of their scope.
  Result<std::pair<std::vector<Notice>, long long>> Inbox(const Principal& p, bool unread_only,
                                                          long long page, long long size);
  Result<long long> UnreadCount(const Principal& p);
  // Idempotent; records who read it and when (the first read counts).
  Result<Notice> MarkRead(const Principal& p, long long id);

  struct ReceiptSummary {
    long long recipients = 0, read = 0, unread = 0;
  };
  Result<ReceiptSummary> Receipts(const Principal& p, long long id);
  // Recipients of a notice; read = nullopt all, true/false who has / has not read.
  Result<std::pair<std::vector<Receipt>, long long>> ReceiptList(const Principal& p, long long id,
                                                                 std::optional<bool> read,
                                                                 long long page, long long size);
  // The outbox rows of a notice and their log (staff in scope).
  Result<std::pair<std::vector<DeliveryRow>, std::vector<DeliveryLogRow>>> Deliveries(
      const Principal& p, long long id);

  // Asks every source and turns each new key into a notice (with its outbox
  // rows) exactly once, one transaction per reminder. Returns how many were created.
  Result<long long> RunReminders(int64_t now_ms);
  // Sends up to `limit` due deliveries; failures are retried with growing
  // back-off until notice_max_attempts, then marked dead. Returns how many were tried.
  Result<long long> RunDeliveries(int64_t now_ms, long long limit = 200);
  // Delay before the next try after `attempts` failed ones.
  static int64_t BackoffMs(long long attempts);

  // The server's background thread: reminders every reminder_interval_seconds,
  // due deliveries every few seconds.
  void StartWorker();
  void StopWorker();
  // Deliveries waiting to be sent or retried (the outbound queue; /metrics).
  Result<long long> QueueDepth();

  // Two or three notices of 江门市妇联 to the demo organizations (idempotent).
  Status LoadDemo(const Principal& cli);

 private:
  Status CheckAudience(db::Conn& c, const Principal& p, Audience& a);
  Status Visible(db::Conn& c, const Principal& p, const Notice& n);
  Result<Notice> Load(db::Conn& c, long long id);
  Status AddDeliveries(db::Conn& c, long long notice_id, int64_t now);
  Result<std::optional<long long>> CreateReminder(const std::string& source, const Reminder& r,
                                                  int64_t now_ms);
  std::vector<std::shared_ptr<Channel>> channels();

  db::Database& db_;
  audit::AuditService& audit_;
  org::OrgService& orgs_;
  auth::UserService& users_;
  files::FileService& files_;
  const Config& cfg_;
  std::vector<std::pair<std::string, ReminderSource>> sources_;
  std::mutex channels_mu_;
  std::vector<std::shared_ptr<Channel>> channels_;

  std::mutex worker_mu_;
  std::condition_variable worker_cv_;
  bool stop_ = false;
  std::thread worker_;
};

}  // namespace shuniu::notice
