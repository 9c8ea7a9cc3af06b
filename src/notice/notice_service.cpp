// Notices, inbox, receipts, reminders and the delivery outbox.
#include "notice/notice_service.h"

#include <spdlog/spdlog.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/crypto.h"
#include "core/json_input.h"
#include "core/region_code.h"
#include "core/time.h"
#include "org/org_store.h"

namespace shuniu::notice {
namespace {

constexpr size_t kTitleMax = 200;
constexpr size_t kBodyMax = 20000;
constexpr size_t kMaxOrgIds = 10000;
constexpr size_t kMaxAttachments = 20;
constexpr int64_t kLeaseMs = 10 * 60 * 1000;  // a claimed delivery is retried after this

// SQL text with numbered placeholders, each used once and in order (SOCI on
// PostgreSQL numbers placeholders by occurrence). Built with chained calls so
// the placeholders are numbered in the order they appear.
struct Sql {
  std::string text;
  std::vector<db::Value> p;
  Sql& T(std::string_view t) {
    text += t;
    return *this;
  }
  Sql& V(db::Value v) {
    p.push_back(std::move(v));
    text += ":" + std::to_string(p.size());
    return *this;
  }
  template <typename T_>
  Sql& In(const std::vector<T_>& items) {
    T("(");
    for (size_t i = 0; i < items.size(); ++i) {
      if (i) T(", ");
      V(db::Value(items[i]));
    }
    return T(")");
  }
};

bool StaffLike(const Principal& p) {
  return p.role == Role::kAdmin || p.role == Role::kStaff || p.role == Role::kAuditor;
}

const char* kColumns =
    "n.id, n.kind, n.title, n.body, n.title_en, n.body_en, n.link, n.sender_id, n.sender_name, "
    "n.region_code, n.audience_kind, n.audience, n.attachments, n.recipients, n.read_count, "
    "n.created_at";

Notice FromRow(const db::Row& r) {
  Notice n;
  n.id = r.Int(0);
  n.kind = r.Str(1);
  n.title = r.Str(2);
  n.body = r.Str(3);
  n.title_en = r.Str(4);
  n.body_en = r.Str(5);
  n.link = r.Str(6);
  n.sender_id = r.OptInt(7);
  n.sender_name = r.Str(8);
  n.region_code = r.Str(9);
  n.audience_kind = r.Str(10);
  n.audience = r.Str(11);
  auto att = nlohmann::json::parse(r.Str(12), nullptr, false);
  if (att.is_array())
    for (auto& x : att)
      if (x.is_number_integer()) n.attachments.push_back(x.get<long long>());
  n.recipients = r.Int(13);
  n.read_count = r.Int(14);
  n.created_at = r.Int(15);
  if (r.size() > 16 && !r.IsNull(16)) n.read_at = r.Int(16);
  return n;
}

// " FROM orgs WHERE …" for an audience already checked by CheckAudience.
void AudienceWhere(const Audience& a, Sql& s) {
  CodeRange range = SubtreeRange(a.region);
  s.T(" FROM orgs WHERE region_code >= ").V(range.lo).T(" AND region_code <= ").V(range.hi);
  if (!a.kinds.empty()) s.T(" AND kind IN ").In(a.kinds);
  if (!a.statuses.empty())
    s.T(" AND status IN ").In(a.statuses);
  else
    s.T(" AND status <> ").V(std::string("deregistered"));
  if (a.registered) s.T(" AND registered = ").V(static_cast<long long>(*a.registered));
  if (!a.domains.empty())
    s.T(" AND id IN (SELECT org_id FROM org_domains WHERE domain IN ").In(a.domains).T(")");
  if (!a.org_ids.empty()) s.T(" AND id IN ").In(a.org_ids);
}

nlohmann::json AudienceJson(const Audience& a) {
  nlohmann::json j = {{"region", a.region},
                      {"kinds", a.kinds},
                      {"statuses", a.statuses},
                      {"domains", a.domains},
                      {"org_ids", a.org_ids}};
  j["registered"] = a.registered ? nlohmann::json(*a.registered) : nlohmann::json();
  return j;
}

RequestContext SystemCtx(const std::string& what) {
  return RequestContext{std::nullopt, "system", what + "-" + crypto::RandomToken(6), "local"};
}

Status CheckText(const std::string& field, const std::string& v, size_t max) {
  long long n = Utf8Length(v);
  if (n < 0) return InvalidArgument(field, field + " must be valid UTF-8");
  bool blank = v.find_first_not_of(" \t\r\n") == std::string::npos;
  if (blank) return InvalidArgument(field, field + " is required");
  if (static_cast<size_t>(n) > max)
    return InvalidArgument(field,
                           field + " must be at most " + std::to_string(max) + " characters");
  return Status::Ok();
}

// The first `max` code points of UTF-8 text.
std::string Truncate(const std::string& s, size_t max) {
  size_t points = 0;
  for (size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 && points++ == max) return s.substr(0, i);
  return s;
}

}  // namespace

NoticeService::NoticeService(db::Database& db, audit::AuditService& audit, org::OrgService& orgs,
                             auth::UserService& users, files::FileService& files, const Config& cfg)
    : db_(db),
      audit_(audit),
      orgs_(orgs),
      users_(users),
      files_(files),
      cfg_(cfg),
      channels_(ConfiguredChannels(cfg)) {
  // Recipients read the attachments of the notices they received.
  files_.AddAudience("notice",
                     "SELECT 1 FROM notice_files f JOIN notice_recipients r ON r.notice_id = "
                     "f.notice_id WHERE f.file_id = :1 AND r.org_id = :2");
}

NoticeService::~NoticeService() { StopWorker(); }

void NoticeService::AddReminderSource(std::string name, ReminderSource source) {
  sources_.emplace_back(std::move(name), std::move(source));
}

void NoticeService::SetChannels(std::vector<std::shared_ptr<Channel>> channels) {
  std::lock_guard<std::mutex> lock(channels_mu_);
  channels_ = std::move(channels);
}

std::vector<std::shared_ptr<Channel>> NoticeService::channels() {
  std::lock_guard<std::mutex> lock(channels_mu_);
  return channels_;
}

// ---- publishing -------------------------------------------------------------

Status NoticeService::CheckAudience(db::Conn& c, const Principal& p, Audience& a) {
  if (p.role != Role::kAdmin && p.role != Role::kStaff)
    return PermissionDenied("publishing notices needs a staff or admin role");
  if (a.region.empty()) a.region = p.region_code;
  if (!IsRegionCode(a.region))
    return InvalidArgument("audience.region", "audience.region must be a 12-digit region code");
  if (!InSubtree(a.region, p.region_code))
    return PermissionDenied("the audience region lies outside your scope");
  auto dicts = org::LoadDicts(c);
  if (!dicts.ok()) return dicts.status();
  for (auto [field, dict, list] : {std::tuple{"audience.kinds", "org_kind", &a.kinds},
                                   std::tuple{"audience.statuses", "org_status", &a.statuses},
                                   std::tuple{"audience.domains", "service_domain", &a.domains}}) {
    auto& entries = (*dicts)[dict];
    for (auto& code : *list)
      if (!entries.count(code))
        return InvalidArgument(field, std::string(field) + ": unknown code '" + code + "'");
  }
  if (a.org_ids.size() > kMaxOrgIds)
    return InvalidArgument("audience.org_ids", "audience.org_ids may list at most " +
                                                   std::to_string(kMaxOrgIds) + " organizations");
  return Status::Ok();
}

Result<long long> NoticeService::CountAudience(const Principal& p, const Audience& in) {
  Audience a = in;
  long long n = 0;
  SHUNIU_RETURN_IF_ERROR(db_.Read([&](db::Conn& c) -> Status {
    SHUNIU_RETURN_IF_ERROR(CheckAudience(c, p, a));
    Sql s;
    s.T("SELECT COUNT(*)");
    AudienceWhere(a, s);
    auto row = c.QueryOne(s.text, s.p);
    if (!row.ok()) return row.status();
    n = (*row)->Int(0);
    return Status::Ok();
  }));
  return n;
}

Status NoticeService::AddDeliveries(db::Conn& c, long long notice_id, int64_t now) {
  for (auto& ch : channels()) {
    Sql s;
    long long t = now;
    if (!ch->per_recipient()) {
      s.T("INSERT INTO notice_deliveries (notice_id, channel, status, attempts, next_attempt_at, "
          "created_at, updated_at) VALUES (")
          .V(notice_id)
          .T(", ")
          .V(ch->name())
          .T(", 'pending', 0, ")
          .V(t)
          .T(", ")
          .V(t)
          .T(", ")
          .V(t)
          .T(")");
    } else {
      // Organizations have no e-mail field: the address comes from the public
      // contact text when it holds one; the others get the in-app notice only.
      s.T("INSERT INTO notice_deliveries (notice_id, org_id, channel, address, status, attempts, "
          "next_attempt_at, created_at, updated_at) SELECT r.notice_id, r.org_id, ")
          .V(ch->name())
          .T(", o.public_contact, 'pending', 0, ")
          .V(t)
          .T(", ")
          .V(t)
          .T(", ")
          .V(t)
          .T(" FROM notice_recipients r JOIN orgs o ON o.id = r.org_id WHERE r.notice_id = ")
          .V(notice_id)
          .T(" AND o.public_contact LIKE '%@%'");
    }
    SHUNIU_RETURN_IF_ERROR(c.Exec(s.text, s.p));
  }
  return Status::Ok();
}

Result<Notice> NoticeService::Publish(const Principal& p, const NoticeInput& in) {
  if (p.role != Role::kAdmin && p.role != Role::kStaff)
    return PermissionDenied("publishing notices needs a staff or admin role");
  SHUNIU_RETURN_IF_ERROR(CheckText("title", in.title, kTitleMax));
  SHUNIU_RETURN_IF_ERROR(CheckText("body", in.body, kBodyMax));
  if (in.attachments.size() > kMaxAttachments)
    return InvalidArgument("attachments",
                           "at most " + std::to_string(kMaxAttachments) + " attachments");
  Audience a = in.audience;
  long long id = crypto::RandomId();
  int64_t now = NowMs();
  Status st = db_.Tx([&](db::Conn& c) -> Status {
    SHUNIU_RETURN_IF_ERROR(CheckAudience(c, p, a));
    for (long long f : in.attachments) {
      auto meta = files_.CheckAttachable(c, p, f, std::nullopt);
      if (!meta.ok()) {
        if (meta.status().code() == Code::kNotFound)
          return InvalidArgument("attachments", "file " + std::to_string(f) + " not found");
        return meta.status();
      }
    }
    std::string sender_name = p.username.empty() ? "system" : p.username;
    if (p.user_id) {
      auto u = c.QueryOne("SELECT display_name FROM users WHERE id = :1", {p.user_id});
      if (!u.ok()) return u.status();
      if (*u) sender_name = (*u)->Str(0);
    }
    nlohmann::json att = in.attachments;
    SHUNIU_RETURN_IF_ERROR(
        c.Exec("INSERT INTO notices (id, kind, title, body, sender_id, sender_name, region_code, "
               "audience_kind, audience, attachments, recipients, read_count, created_at) VALUES "
               "(:1, 'notice', :2, :3, :4, :5, :6, 'orgs', :7, :8, 0, 0, :9)",
               {id, in.title, in.body, p.user_id ? db::Value(p.user_id) : db::Null(), sender_name,
                a.region, AudienceJson(a).dump(), att.dump(), static_cast<long long>(now)}));
    for (long long f : std::set<long long>(in.attachments.begin(), in.attachments.end()))
      SHUNIU_RETURN_IF_ERROR(
          c.Exec("INSERT INTO notice_files (notice_id, file_id) VALUES (:1, :2)", {id, f}));
    Sql s;
    s.T("INSERT INTO notice_recipients (notice_id, org_id) SELECT ").V(id).T(", id");
    AudienceWhere(a, s);
    auto n = c.ExecCount(s.text, s.p);
    if (!n.ok()) return n.status();
    if (*n == 0) return InvalidArgument("audience", "no organization matches the audience");
    SHUNIU_RETURN_IF_ERROR(c.Exec("UPDATE notices SET recipients = :1 WHERE id = :2", {*n, id}));
    SHUNIU_RETURN_IF_ERROR(AddDeliveries(c, id, now));
    return audit::AuditService::Record(c, p.ctx, "notice.publish", "notice", std::to_string(id),
                                       a.region, std::nullopt,
                                       nlohmann::json{{"title", in.title},
                                                      {"recipients", *n},
                                                      {"audience", AudienceJson(a)},
                                                      {"attachments", in.attachments}});
  });
  if (!st.ok()) return st;
  Result<Notice> out = Internal("not loaded");
  SHUNIU_RETURN_IF_ERROR(db_.Read([&](db::Conn& c) {
    out = Load(c, id);
    return out.status();
  }));
  return out;
}

// ---- reading ------------------------------------------------------------------

Result<Notice> NoticeService::Load(db::Conn& c, long long id) {
  auto row =
      c.QueryOne(std::string("SELECT ") + kColumns + " FROM notices n WHERE n.id = :1", {id});
  if (!row.ok()) return row.status();
  if (!*row) return NotFound("notice not found");
  return FromRow(**row);
}

Status NoticeService::Visible(db::Conn& c, const Principal& p, const Notice& n) {
  if (StaffLike(p)) {
    if (InSubtree(n.region_code, p.region_code)) return Status::Ok();
    return NotFound("notice not found");
  }
  if (p.role == Role::kOrg && p.org_id) {
    auto r = c.QueryOne("SELECT 1 FROM notice_recipients WHERE notice_id = :1 AND org_id = :2",
                        {n.id, *p.org_id});
    if (!r.ok()) return r.status();
    if (*r) return Status::Ok();
  }
  return NotFound("notice not found");
}

Result<Notice> NoticeService::Get(const Principal& p, long long id) {
  Result<Notice> out = Internal("not loaded");
  SHUNIU_RETURN_IF_ERROR(db_.Read([&](db::Conn& c) -> Status {
    out = Load(c, id);
    if (!out.ok()) return out.status();
    SHUNIU_RETURN_IF_ERROR(Visible(c, p, *out));
    if (p.role == Role::kOrg) {
      auto r = c.QueryOne(
          "SELECT read_at FROM notice_recipients WHERE notice_id = :1 AND org_id "
          "= :2",
          {id, *p.org_id});
      if (!r.ok()) return r.status();
      if (*r && !(*r)->IsNull(0)) out->read_at = (*r)->Int(0);
    } else if (out->audience_kind == "staff") {
      auto r = c.QueryOne(
          "SELECT read_at FROM notice_staff_reads WHERE notice_id = :1 AND "
          "user_id = :2",
          {id, p.user_id});
      if (!r.ok()) return r.status();
      if (*r) out->read_at = (*r)->Int(0);
    }
    return Status::Ok();
  }));
  return out;
}

Result<std::pair<std::vector<Notice>, long long>> NoticeService::List(const Principal& p,
                                                                      const std::string& kind,
                                                                      const std::string& q,
                                                                      long long page,
                                                                      long long size) {
  if (!StaffLike(p))
    return PermissionDenied("the notice list needs a staff, admin or auditor role");
  if (!kind.empty() && kind != "notice" && kind != "reminder")
    return InvalidArgument("kind", "kind must be notice or reminder");
  std::pair<std::vector<Notice>, long long> out;
  SHUNIU_RETURN_IF_ERROR(db_.Read([&](db::Conn& c) -> Status {
    CodeRange range = SubtreeRange(p.region_code);
    Sql s;
    s.T(" FROM notices n WHERE n.region_code >= ")
        .V(range.lo)
        .T(" AND n.region_code <= ")
        .V(range.hi);
    if (kind == "notice") s.T(" AND n.kind = 'notice'");
    if (kind == "reminder") s.T(" AND n.kind <> 'notice'");
    if (!q.empty()) s.T(" AND n.title LIKE ").V(db::LikeContains(q)).T(db::kLikeEscape);
    auto total = c.QueryOne("SELECT COUNT(*)" + s.text, s.p);
    if (!total.ok()) return total.status();
    out.second = (*total)->Int(0);
    std::string where = s.text;
    s.text = std::string("SELECT ") + kColumns + where;
    s.T(" ORDER BY n.created_at DESC, n.id DESC LIMIT ").V(size).T(" OFFSET ").V((page - 1) * size);
    auto rows = c.Query(s.text, s.p);
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows) out.first.push_back(FromRow(r));
    return Status::Ok();
  }));
  return out;
}

Result<std::pair<std::vector<Notice>, long long>> NoticeService::Inbox(const Principal& p,
                                                                       bool unread_only,
                                                                       long long page,
                                                                       long long size) {
  std::pair<std::vector<Notice>, long long> out;
  if (p.role == Role::kReviewer || (p.role == Role::kOrg && !p.org_id)) return out;
  SHUNIU_RETURN_IF_ERROR(db_.Read([&](db::Conn& c) -> Status {
    Sql s;
    std::string read_col;
    if (p.role == Role::kOrg) {
      read_col = "r.read_at";
      s.T(" FROM notice_recipients r JOIN notices n ON n.id = r.notice_id WHERE r.org_id = ")
          .V(*p.org_id);
    } else {
      // Reminders meant for staff (no recipient organizations) reach the staff
      // whose scope holds the reminder's region.
      read_col = "sr.read_at";
      CodeRange range = SubtreeRange(p.region_code);
      s.T(" FROM notices n LEFT JOIN notice_staff_reads sr ON sr.notice_id = n.id AND "
          "sr.user_id = ")
          .V(p.user_id)
          .T(" WHERE n.audience_kind = 'staff' AND n.region_code >= ")
          .V(range.lo)
          .T(" AND n.region_code <= ")
          .V(range.hi);
    }
    if (unread_only) s.T(" AND " + read_col + " IS NULL");
    auto total = c.QueryOne("SELECT COUNT(*)" + s.text, s.p);
    if (!total.ok()) return total.status();
    out.second = (*total)->Int(0);
    std::string where = s.text;
    s.text = std::string("SELECT ") + kColumns + ", " + read_col + where;
    s.T(" ORDER BY CASE WHEN " + read_col +
        " IS NULL THEN 0 ELSE 1 END, n.created_at DESC, n.id DESC LIMIT ")
        .V(size)
        .T(" OFFSET ")
        .V((page - 1) * size);
    auto rows = c.Query(s.text, s.p);
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows) out.first.push_back(FromRow(r));
    return Status::Ok();
  }));
  return out;
}

Result<long long> NoticeService::UnreadCount(const Principal& p) {
  auto page = Inbox(p, true, 1, 1);
  if (!page.ok()) return page.status();
  return page->second;
}

Result<Notice> NoticeService::MarkRead(const Principal& p, long long id) {
  if (p.role != Role::kOrg && p.role != Role::kStaff && p.role != Role::kAdmin)
    return PermissionDenied("marking notices read needs an org, staff or admin account");
  int64_t now = NowMs();
  SHUNIU_RETURN_IF_ERROR(db_.Tx([&](db::Conn& c) -> Status {
    auto n = Load(c, id);
    if (!n.ok()) return n.status();
    bool first = false;
    if (p.role == Role::kOrg) {
      if (!p.org_id) return NotFound("notice not found");
      auto changed = c.ExecCount(
          "UPDATE notice_recipients SET read_at = :1, read_by = :2 WHERE notice_id = :3 AND "
          "org_id = :4 AND read_at IS NULL",
          {static_cast<long long>(now), p.user_id ? db::Value(p.user_id) : db::Null(), id,
           *p.org_id});
      if (!changed.ok()) return changed.status();
      if (*changed == 0) SHUNIU_RETURN_IF_ERROR(Visible(c, p, *n));
      first = *changed == 1;
    } else {
      if (n->audience_kind != "staff" || !InSubtree(n->region_code, p.region_code))
        return NotFound("notice not found");
      auto seen =
          c.QueryOne("SELECT 1 FROM notice_staff_reads WHERE notice_id = :1 AND user_id = :2",
                     {id, p.user_id});
      if (!seen.ok()) return seen.status();
      if (!*seen) {
        SHUNIU_RETURN_IF_ERROR(c.Exec(
            "INSERT INTO notice_staff_reads (notice_id, user_id, read_at) VALUES (:1, :2, :3)",
            {id, p.user_id, static_cast<long long>(now)}));
        first = true;
      }
    }
    if (!first) return Status::Ok();
    SHUNIU_RETURN_IF_ERROR(
        c.Exec("UPDATE notices SET read_count = read_count + 1 WHERE id = :1", {id}));
    nlohmann::json after = {{"read_at", Rfc3339(now)}};
    if (p.org_id) after["org_id"] = *p.org_id;
    return audit::AuditService::Record(c, p.ctx, "notice.read", "notice", std::to_string(id),
                                       n->region_code, std::nullopt, after);
  }));
  return Get(p, id);
}

Result<NoticeService::ReceiptSummary> NoticeService::Receipts(const Principal& p, long long id) {
  if (!StaffLike(p)) return PermissionDenied("receipts need a staff, admin or auditor role");
  ReceiptSummary out;
  SHUNIU_RETURN_IF_ERROR(db_.Read([&](db::Conn& c) -> Status {
    auto row =
        c.QueryOne("SELECT region_code, recipients, read_count FROM notices WHERE id = :1", {id});
    if (!row.ok()) return row.status();
    if (!*row || !InSubtree((*row)->Str(0), p.region_code)) return NotFound("notice not found");
    out.recipients = (*row)->Int(1);
    out.read = (*row)->Int(2);
    out.unread = std::max(0LL, out.recipients - out.read);
    return Status::Ok();
  }));
  return out;
}

Result<std::pair<std::vector<Receipt>, long long>> NoticeService::ReceiptList(
    const Principal& p, long long id, std::optional<bool> read, long long page, long long size) {
  auto sum = Receipts(p, id);
  if (!sum.ok()) return sum.status();
  std::pair<std::vector<Receipt>, long long> out;
  out.second = !read ? sum->recipients : (*read ? sum->read : sum->unread);
  SHUNIU_RETURN_IF_ERROR(db_.Read([&](db::Conn& c) -> Status {
    Sql s;
    s.T("SELECT r.org_id, o.name, o.region_code, r.read_at, r.read_by, u.display_name FROM "
        "notice_recipients r JOIN orgs o ON o.id = r.org_id LEFT JOIN users u ON u.id = "
        "r.read_by WHERE r.notice_id = ")
        .V(id);
    if (read) s.T(*read ? " AND r.read_at IS NOT NULL" : " AND r.read_at IS NULL");
    s.T(" ORDER BY r.org_id LIMIT ").V(size).T(" OFFSET ").V((page - 1) * size);
    auto rows = c.Query(s.text, s.p);
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows)
      out.first.push_back(Receipt{r.Int(0), r.Str(1), r.Str(2),
                                  r.IsNull(3) ? std::nullopt : std::optional(r.Int(3)), r.OptInt(4),
                                  r.Str(5)});
    return Status::Ok();
  }));
  return out;
}

Result<std::pair<std::vector<DeliveryRow>, std::vector<DeliveryLogRow>>> NoticeService::Deliveries(
    const Principal& p, long long id) {
  auto sum = Receipts(p, id);  // scope check
  if (!sum.ok()) return sum.status();
  std::pair<std::vector<DeliveryRow>, std::vector<DeliveryLogRow>> out;
  SHUNIU_RETURN_IF_ERROR(db_.Read([&](db::Conn& c) -> Status {
    auto rows = c.Query(
        "SELECT id, notice_id, org_id, channel, address, status, attempts, next_attempt_at, "
        "created_at, updated_at, sent_at, last_error FROM notice_deliveries WHERE notice_id = :1 "
        "ORDER BY id LIMIT 500",
        {id});
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows) {
      DeliveryRow d;
      d.id = r.Int(0);
      d.notice_id = r.Int(1);
      d.org_id = r.OptInt(2);
      d.channel = r.Str(3);
      d.address = ExtractEmail(r.Str(4));
      d.status = r.Str(5);
      d.attempts = r.Int(6);
      d.next_attempt_at = r.Int(7);
      d.created_at = r.Int(8);
      d.updated_at = r.Int(9);
      if (!r.IsNull(10)) d.sent_at = r.Int(10);
      d.last_error = r.Str(11);
      out.first.push_back(std::move(d));
    }
    auto log = c.Query(
        "SELECT id, delivery_id, attempt, channel, outcome, error, at FROM notice_delivery_log "
        "WHERE notice_id = :1 ORDER BY at DESC, id DESC LIMIT 500",
        {id});
    if (!log.ok()) return log.status();
    for (auto& r : *log)
      out.second.push_back(
          DeliveryLogRow{r.Int(0), r.Int(1), r.Int(2), r.Str(3), r.Str(4), r.Str(5), r.Int(6)});
    return Status::Ok();
  }));
  return out;
}

// ---- reminders ----------------------------------------------------------------

Result<std::optional<long long>> NoticeService::CreateReminder(const std::string& source,
                                                               const Reminder& r, int64_t now) {
  if (r.key.empty() || r.key.size() > 200)
    return InvalidArgument("key", "a reminder key must have 1 to 200 bytes");
  std::optional<long long> created;
  long long id = crypto::RandomId();
  std::string region = r.region_code.empty() ? cfg_.root_region : r.region_code;
  std::string kind = r.kind.empty() ? "reminder" : r.kind.substr(0, 32);
  std::string title = r.title_zh.empty() ? (r.title_en.empty() ? kind : r.title_en) : r.title_zh;
  Status st = db_.Tx([&](db::Conn& c) -> Status {
    auto seen = c.QueryOne("SELECT notice_id FROM reminders_sent WHERE reminder_key = :1", {r.key});
    if (!seen.ok()) return seen.status();
    if (*seen) return Status::Ok();
    bool to_orgs = !r.org_ids.empty();
    nlohmann::json audience = {{"reminder", r.key}, {"source", source}, {"org_ids", r.org_ids}};
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "INSERT INTO notices (id, kind, title, body, title_en, body_en, link, sender_name, "
        "region_code, audience_kind, audience, attachments, recipients, read_count, created_at) "
        "VALUES (:1, :2, :3, :4, :5, :6, :7, 'system', :8, :9, :10, '[]', 0, 0, :11)",
        {id, kind, Truncate(title, kTitleMax), r.body_zh.empty() ? r.body_en : r.body_zh,
         Truncate(r.title_en, kTitleMax), r.body_en, Truncate(r.link, 300), region,
         std::string(to_orgs ? "orgs" : "staff"), audience.dump(), static_cast<long long>(now)}));
    if (to_orgs) {
      Sql s;
      s.T("INSERT INTO notice_recipients (notice_id, org_id) SELECT ")
          .V(id)
          .T(", id FROM orgs WHERE id IN ")
          .In(r.org_ids);
      auto n = c.ExecCount(s.text, s.p);
      if (!n.ok()) return n.status();
      SHUNIU_RETURN_IF_ERROR(c.Exec("UPDATE notices SET recipients = :1 WHERE id = :2", {*n, id}));
    }
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "INSERT INTO reminders_sent (reminder_key, source, notice_id, created_at) VALUES (:1, :2, "
        ":3, :4)",
        {r.key, source, id, static_cast<long long>(now)}));
    SHUNIU_RETURN_IF_ERROR(AddDeliveries(c, id, now));
    created = id;
    return audit::AuditService::Record(
        c, SystemCtx("reminder"), "notice.reminder", "notice", std::to_string(id), region,
        std::nullopt,
        nlohmann::json{{"key", r.key}, {"kind", kind}, {"title", title}, {"org_ids", r.org_ids}});
  });
  if (st.code() == Code::kAlreadyExists) return std::optional<long long>();  // another server won
  if (!st.ok()) return st;
  return created;
}

Result<long long> NoticeService::RunReminders(int64_t now_ms) {
  long long created = 0;
  Status first_error;
  for (auto& [name, source] : sources_) {
    Result<std::vector<Reminder>> due = std::vector<Reminder>();
    auto& fetch = source;  // clang 14 (the fuzz build) cannot capture a structured binding
    Status st = db_.Read([&](db::Conn& c) {
      due = fetch(c, now_ms);
      return due.status();
    });
    if (!st.ok()) {
      spdlog::warn("reminder source {} failed: {}", name, st.message());
      if (first_error.ok()) first_error = st;
      continue;
    }
    for (const Reminder& r : *due) {
      auto id = CreateReminder(name, r, now_ms);
      if (!id.ok()) {
        spdlog::warn("reminder {} from {} failed: {}", r.key, name, id.status().message());
        if (first_error.ok()) first_error = id.status();
        continue;
      }
      if (*id) ++created;
    }
  }
  if (created == 0 && !first_error.ok()) return first_error;
  return created;
}

// ---- delivery -----------------------------------------------------------------

int64_t NoticeService::BackoffMs(long long attempts) {
  int64_t delay = 30 * 1000;  // 30 s, doubling, at most 6 h
  for (long long i = 1; i < attempts && delay < 6 * 3600 * 1000LL; ++i) delay *= 2;
  return std::min<int64_t>(delay, 6 * 3600 * 1000LL);
}

Result<long long> NoticeService::RunDeliveries(int64_t now, long long limit) {
  std::vector<DeliveryRow> due;
  SHUNIU_RETURN_IF_ERROR(db_.Read([&](db::Conn& c) -> Status {
    auto rows = c.Query(
        "SELECT id, notice_id, org_id, channel, address, attempts, next_attempt_at FROM "
        "notice_deliveries WHERE status IN ('pending', 'failed') AND next_attempt_at <= :1 "
        "ORDER BY next_attempt_at, id LIMIT :2",
        {static_cast<long long>(now), limit});
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows) {
      DeliveryRow d;
      d.id = r.Int(0);
      d.notice_id = r.Int(1);
      d.org_id = r.OptInt(2);
      d.channel = r.Str(3);
      d.address = r.Str(4);
      d.attempts = r.Int(5);
      d.next_attempt_at = r.Int(6);
      due.push_back(std::move(d));
    }
    return Status::Ok();
  }));
  std::map<std::string, std::shared_ptr<Channel>> by_name;
  for (auto& ch : channels()) by_name[ch->name()] = ch;
  std::map<long long, Message> messages;
  long long tried = 0;
  const long long max_attempts = std::max(1, cfg_.notice_max_attempts);
  for (auto& d : due) {
    auto ch = by_name.find(d.channel);
    if (ch == by_name.end()) continue;  // stays in the outbox until the channel is configured
    // Claim it: with several servers only one sends (the lease covers a crash mid-send).
    long long got = 0;
    SHUNIU_RETURN_IF_ERROR(db_.Tx([&](db::Conn& c) -> Status {
      auto n = c.ExecCount(
          "UPDATE notice_deliveries SET next_attempt_at = :1, updated_at = :2 WHERE id = :3 AND "
          "status IN ('pending', 'failed') AND next_attempt_at = :4",
          {static_cast<long long>(now + kLeaseMs), static_cast<long long>(now), d.id,
           static_cast<long long>(d.next_attempt_at)});
      if (!n.ok()) return n.status();
      got = *n;
      return Status::Ok();
    }));
    if (got != 1) continue;
    if (!messages.count(d.notice_id)) {
      Result<Notice> n = Internal("not loaded");
      SHUNIU_RETURN_IF_ERROR(db_.Read([&](db::Conn& c) {
        n = Load(c, d.notice_id);
        return n.status();
      }));
      messages[d.notice_id] =
          Message{n->id,          n->kind,        n->title,      n->body,      n->link,
                  n->sender_name, n->region_code, n->recipients, n->created_at};
    }
    ++tried;
    Status sent = ch->second->Send(d, messages[d.notice_id]);
    long long attempt = d.attempts + 1;
    std::string outcome = sent.ok() ? "sent" : (attempt >= max_attempts ? "dead" : "failed");
    std::string error = sent.ok() ? "" : sent.message().substr(0, 1000);
    if (!sent.ok())
      spdlog::warn("delivery {} of notice {} via {} failed (attempt {}): {}", d.id, d.notice_id,
                   d.channel, attempt, error);
    SHUNIU_RETURN_IF_ERROR(db_.Tx([&](db::Conn& c) -> Status {
      if (sent.ok()) {
        SHUNIU_RETURN_IF_ERROR(
            c.Exec("UPDATE notice_deliveries SET status = 'sent', attempts = :1, sent_at = :2, "
                   "updated_at = :3, last_error = NULL WHERE id = :4",
                   {attempt, static_cast<long long>(now), static_cast<long long>(now), d.id}));
      } else {
        SHUNIU_RETURN_IF_ERROR(
            c.Exec("UPDATE notice_deliveries SET status = :1, attempts = :2, next_attempt_at = :3, "
                   "updated_at = :4, last_error = :5 WHERE id = :6",
                   {outcome, attempt, static_cast<long long>(now + BackoffMs(attempt)),
                    static_cast<long long>(now), error, d.id}));
      }
      SHUNIU_RETURN_IF_ERROR(c.Exec(
          "INSERT INTO notice_delivery_log (delivery_id, notice_id, channel, attempt, outcome, "
          "error, at) VALUES (:1, :2, :3, :4, :5, :6, :7)",
          {d.id, d.notice_id, d.channel, attempt, outcome,
           error.empty() ? db::Null() : db::Value(error), static_cast<long long>(now)}));
      if (outcome != "dead") return Status::Ok();
      return audit::AuditService::Record(c, SystemCtx("delivery"), "notice.delivery_dead", "notice",
                                         std::to_string(d.notice_id),
                                         messages[d.notice_id].region_code, std::nullopt,
                                         nlohmann::json{{"delivery_id", d.id},
                                                        {"channel", d.channel},
                                                        {"attempts", attempt},
                                                        {"error", error}});
    }));
  }
  return tried;
}

void NoticeService::StartWorker() {
  std::lock_guard<std::mutex> lock(worker_mu_);
  if (worker_.joinable()) return;
  stop_ = false;
  worker_ = std::thread([this] {
    int64_t next_reminders = 0;
    std::unique_lock<std::mutex> lock(worker_mu_);
    while (!stop_) {
      lock.unlock();
      int64_t now = NowMs();
      if (now >= next_reminders) {
        auto r = RunReminders(now);
        if (!r.ok())
          spdlog::warn("reminder run failed: {}", r.status().message());
        else if (*r > 0)
          spdlog::info("reminders: {} notices created", *r);
        next_reminders = now + std::max(1, cfg_.reminder_interval_seconds) * 1000LL;
      }
      auto d = RunDeliveries(NowMs());
      if (!d.ok()) spdlog::warn("delivery run failed: {}", d.status().message());
      lock.lock();
      worker_cv_.wait_for(lock, std::chrono::seconds(5), [this] { return stop_; });
    }
  });
}

void NoticeService::StopWorker() {
  {
    std::lock_guard<std::mutex> lock(worker_mu_);
    stop_ = true;
  }
  worker_cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

Result<long long> NoticeService::QueueDepth() {
  long long n = 0;
  Status st = db_.Read([&](db::Conn& c) -> Status {
    auto r =
        c.QueryOne("SELECT COUNT(*) FROM notice_deliveries WHERE status IN ('pending', 'failed')");
    if (!r.ok()) return r.status();
    n = *r ? (*r)->Int(0) : 0;
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return n;
}

}  // namespace shuniu::notice
