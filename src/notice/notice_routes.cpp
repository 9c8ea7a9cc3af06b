// HTTP routes of notices, the inbox, receipts and reminders.
#include "notice/notice_routes.h"

#include "core/time.h"
#include "core/utf8.h"

namespace shuniu::notice::routes {
namespace {

using http::Request;
using http::Response;

std::string Query(const Request& r, const char* k, size_t max = 100) {
  auto it = r.query.find(k);
  return it == r.query.end() ? std::string() : Utf8Prefix(it->second, max);
}

nlohmann::json OptTime(const std::optional<int64_t>& t) {
  return t ? nlohmann::json(Rfc3339(*t)) : nlohmann::json();
}

nlohmann::json NoticeJson(const Notice& n) {
  auto audience = nlohmann::json::parse(n.audience, nullptr, false);
  return {{"id", n.id},
          {"kind", n.kind},
          {"title", n.title},
          {"body", n.body},
          {"title_en", n.title_en},
          {"body_en", n.body_en},
          {"link", n.link},
          {"sender_id", n.sender_id ? nlohmann::json(*n.sender_id) : nlohmann::json()},
          {"sender_name", n.sender_name},
          {"region_code", n.region_code},
          {"audience_kind", n.audience_kind},
          {"audience", audience.is_discarded() ? nlohmann::json() : audience},
          {"attachments", n.attachments},
          {"recipients", n.recipients},
          {"read_count", n.read_count},
          {"created_at", Rfc3339(n.created_at)},
          {"read_at", OptTime(n.read_at)},
          {"read", n.read_at.has_value()}};
}

Result<std::vector<std::string>> Strings(const nlohmann::json& j, const std::string& field) {
  std::vector<std::string> out;
  if (j.is_null()) return out;
  if (!j.is_array()) return InvalidArgument(field, field + " must be a list of strings");
  for (auto& x : j) {
    if (!x.is_string() || x.get<std::string>().size() > 48)
      return InvalidArgument(field, field + " must be a list of codes");
    out.push_back(x.get<std::string>());
  }
  return out;
}

Result<std::vector<long long>> Ids(const nlohmann::json& j, const std::string& field) {
  std::vector<long long> out;
  if (j.is_null()) return out;
  if (!j.is_array()) return InvalidArgument(field, field + " must be a list of ids");
  for (auto& x : j) {
    if (!x.is_number_integer()) return InvalidArgument(field, field + " must be a list of ids");
    out.push_back(x.get<long long>());
  }
  return out;
}

Result<Audience> ParseAudience(const nlohmann::json& j) {
  Audience a;
  if (j.is_null()) return InvalidArgument("audience", "audience is required");
  if (!j.is_object()) return InvalidArgument("audience", "audience must be an object");
  static const std::set<std::string> kKeys = {"region",  "kinds",      "statuses",
                                              "domains", "registered", "org_ids"};
  for (auto it = j.begin(); it != j.end(); ++it)
    if (!kKeys.count(it.key()))
      return InvalidArgument("audience." + it.key(), "unknown field 'audience." + it.key() + "'");
  if (j.contains("region") && !j["region"].is_null()) {
    if (!j["region"].is_string())
      return InvalidArgument("audience.region", "audience.region must be a region code");
    a.region = Utf8Prefix(j["region"].get<std::string>(), 20);
  }
  for (auto [key, target] : {std::pair{"kinds", &a.kinds}, std::pair{"statuses", &a.statuses},
                             std::pair{"domains", &a.domains}}) {
    auto v = Strings(j.value(key, nlohmann::json()), std::string("audience.") + key);
    if (!v.ok()) return v.status();
    *target = *v;
  }
  if (j.contains("registered") && !j["registered"].is_null()) {
    if (!j["registered"].is_boolean())
      return InvalidArgument("audience.registered", "audience.registered must be true or false");
    a.registered = j["registered"].get<bool>();
  }
  auto ids = Ids(j.value("org_ids", nlohmann::json()), "audience.org_ids");
  if (!ids.ok()) return ids.status();
  a.org_ids = *ids;
  return a;
}

Result<NoticeInput> ParseInput(const Request& req) {
  auto in = http::ParseBody(req);
  if (!in.ok()) return in.status();
  SHUNIU_RETURN_IF_ERROR(in->AllowOnly({"title", "body", "audience", "attachments"}));
  NoticeInput out;
  for (auto [key, target] : {std::pair{"title", &out.title}, std::pair{"body", &out.body}}) {
    const auto& v = in->raw().value(key, nlohmann::json());
    if (v.is_null()) return InvalidArgument(key, std::string(key) + " is required");
    if (!v.is_string()) return InvalidArgument(key, std::string(key) + " must be a string");
    *target = v.get<std::string>();
  }
  auto a = ParseAudience(in->raw().value("audience", nlohmann::json()));
  if (!a.ok()) return a.status();
  out.audience = *a;
  auto att = Ids(in->raw().value("attachments", nlohmann::json()), "attachments");
  if (!att.ok()) return att.status();
  out.attachments = *att;
  return out;
}

Response Page(const Request& req, const Result<std::pair<std::vector<Notice>, long long>>& r,
              long long page, long long size) {
  return http::Render(req, r, [&](const std::pair<std::vector<Notice>, long long>& res) {
    nlohmann::json items = nlohmann::json::array();
    for (auto& n : res.first) items.push_back(NoticeJson(n));
    return http::PageJson(items, res.second, page, size);
  });
}

http::Handler Publish(NoticeService& s) {
  return [&s](const Request& req) {
    auto in = ParseInput(req);
    if (!in.ok()) return http::Error(in.status(), req.request_id);
    return http::Render(req, s.Publish(req.caller(), *in), NoticeJson, 201);
  };
}

http::Handler Preview(NoticeService& s) {
  return [&s](const Request& req) {
    auto in = http::ParseBody(req);
    if (!in.ok()) return http::Error(in.status(), req.request_id);
    Status st = in->AllowOnly({"audience"});
    if (!st.ok()) return http::Error(st, req.request_id);
    auto a = ParseAudience(in->raw().value("audience", nlohmann::json()));
    if (!a.ok()) return http::Error(a.status(), req.request_id);
    return http::Render(req, s.CountAudience(req.caller(), *a), [](long long n) {
      return nlohmann::json{{"recipients", n}};
    });
  };
}

http::Handler List(NoticeService& s) {
  return [&s](const Request& req) {
    long long page, size;
    Status st = http::PageParams(req, &page, &size);
    if (!st.ok()) return http::Error(st, req.request_id);
    return Page(req, s.List(req.caller(), Query(req, "kind", 16), Query(req, "q"), page, size),
                page, size);
  };
}

http::Handler Get(NoticeService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    return http::Render(req, s.Get(req.caller(), *id), NoticeJson);
  };
}

http::Handler Receipts(NoticeService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    long long page, size;
    Status st = http::PageParams(req, &page, &size);
    if (!st.ok()) return http::Error(st, req.request_id);
    std::optional<bool> read;
    std::string r = Query(req, "read", 5);
    if (r == "true" || r == "1")
      read = true;
    else if (r == "false" || r == "0")
      read = false;
    else if (!r.empty())
      return http::Error(InvalidArgument("read", "read must be true or false"), req.request_id);
    auto sum = s.Receipts(req.caller(), *id);
    if (!sum.ok()) return http::Error(sum.status(), req.request_id);
    auto list = s.ReceiptList(req.caller(), *id, read, page, size);
    return http::Render(req, list, [&](const std::pair<std::vector<Receipt>, long long>& res) {
      nlohmann::json items = nlohmann::json::array();
      for (auto& x : res.first)
        items.push_back({{"org_id", x.org_id},
                         {"org_name", x.org_name},
                         {"region_code", x.region_code},
                         {"read", x.read_at.has_value()},
                         {"read_at", OptTime(x.read_at)},
                         {"read_by", x.read_by ? nlohmann::json(*x.read_by) : nlohmann::json()},
                         {"read_by_name", x.read_by_name}});
      auto j = http::PageJson(items, res.second, page, size);
      j["summary"] = {
          {"recipients", sum->recipients}, {"read", sum->read}, {"unread", sum->unread}};
      return j;
    });
  };
}

http::Handler Deliveries(NoticeService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto r = s.Deliveries(req.caller(), *id);
    return http::Render(
        req, r, [](const std::pair<std::vector<DeliveryRow>, std::vector<DeliveryLogRow>>& res) {
          nlohmann::json items = nlohmann::json::array(), log = nlohmann::json::array();
          for (auto& d : res.first)
            items.push_back({{"id", d.id},
                             {"org_id", d.org_id ? nlohmann::json(*d.org_id) : nlohmann::json()},
                             {"channel", d.channel},
                             {"address", d.address},
                             {"status", d.status},
                             {"attempts", d.attempts},
                             {"next_attempt_at", Rfc3339(d.next_attempt_at)},
                             {"sent_at", OptTime(d.sent_at)},
                             {"last_error", d.last_error},
                             {"created_at", Rfc3339(d.created_at)}});
          for (auto& l : res.second)
            log.push_back({{"id", l.id},
                           {"delivery_id", l.delivery_id},
                           {"channel", l.channel},
                           {"attempt", l.attempt},
                           {"outcome", l.outcome},
                           {"error", l.error},
                           {"at", Rfc3339(l.at)}});
          return nlohmann::json{{"items", items}, {"total", items.size()}, {"log", log}};
        });
  };
}

http::Handler Inbox(NoticeService& s) {
  return [&s](const Request& req) {
    long long page, size;
    Status st = http::PageParams(req, &page, &size);
    if (!st.ok()) return http::Error(st, req.request_id);
    std::string unread = Query(req, "unread", 5);
    return Page(req, s.Inbox(req.caller(), unread == "true" || unread == "1", page, size), page,
                size);
  };
}

http::Handler UnreadCount(NoticeService& s) {
  return [&s](const Request& req) {
    return http::Render(req, s.UnreadCount(req.caller()), [](long long n) {
      return nlohmann::json{{"unread", n}};
    });
  };
}

http::Handler MarkRead(NoticeService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    return http::Render(req, s.MarkRead(req.caller(), *id), NoticeJson);
  };
}

}  // namespace

void Append(std::vector<http::Route>& routes, http::Services& s) {
  using http::Access;
  const std::vector<Role> managers = {Role::kAdmin, Role::kStaff};
  const std::vector<Role> readers = {Role::kAdmin, Role::kStaff, Role::kAuditor};
  const std::vector<Role> org_readers = {Role::kAdmin, Role::kStaff, Role::kAuditor, Role::kOrg};
  const std::vector<Role> inbox_writers = {Role::kAdmin, Role::kStaff, Role::kOrg};
  auto& n = s.notices;
  const std::string tag = "notices";
  routes.push_back({"POST", "/api/v1/notices", Access::kRoles, managers,
                    "Publish a notice to organizations in scope (region subtree and filters)", tag,
                    Publish(n)});
  routes.push_back({"POST", "/api/v1/notices/preview", Access::kRoles, managers,
                    "Count the organizations an audience reaches", tag, Preview(n)});
  routes.push_back({"GET", "/api/v1/notices", Access::kRoles, readers,
                    "Notices and reminders sent in the caller's scope, newest first", tag,
                    List(n)});
  routes.push_back({"GET", "/api/v1/notices/{id}", Access::kRoles, org_readers,
                    "One notice (org accounts: only notices their organization received)", tag,
                    Get(n)});
  routes.push_back({"GET", "/api/v1/notices/{id}/receipts", Access::kRoles, readers,
                    "Read receipts: summary and who has (read=true) or has not (read=false) read",
                    tag, Receipts(n)});
  routes.push_back({"GET", "/api/v1/notices/{id}/deliveries", Access::kRoles, readers,
                    "Outbound deliveries of a notice (webhook, e-mail) and their log", tag,
                    Deliveries(n)});
  routes.push_back({"GET",
                    "/api/v1/inbox",
                    Access::kLoggedIn,
                    {},
                    "The caller's inbox, unread first (unread=true for unread only)",
                    tag,
                    Inbox(n)});
  routes.push_back({"GET",
                    "/api/v1/inbox/unread-count",
                    Access::kLoggedIn,
                    {},
                    "Number of unread notices in the caller's inbox",
                    tag,
                    UnreadCount(n)});
  routes.push_back({"POST", "/api/v1/inbox/{id}/read", Access::kRoles, inbox_writers,
                    "Mark a notice read (idempotent; records who and when)", tag, MarkRead(n)});
}

}  // namespace shuniu::notice::routes
