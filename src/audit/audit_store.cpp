// Audit event SQL. The only writer of audit_events.
#include "audit/audit_store.h"

#include "core/crypto.h"
#include "core/time.h"

namespace shuniu::audit {
namespace {

const char* kGenesis = "0000000000000000000000000000000000000000000000000000000000000000";
const char* kLast = "SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1";
const char* kInsert =
    "INSERT INTO audit_events (seq, at, actor_id, actor_name, action, object_type, object_id, "
    "region_code, request_id, client_ip, before_json, after_json, prev_hash, hash) VALUES "
    "(:1, :2, :3, :4, :5, :6, :7, :8, :9, :10, :11, :12, :13, :14)";
const char* kColumns =
    "seq, at, actor_id, actor_name, action, object_type, object_id, region_code, request_id, "
    "client_ip, before_json, after_json, prev_hash, hash";

Event FromRow(const db::Row& r, std::string* before, std::string* after) {
  Event e;
  e.seq = r.Int(0);
  e.at = r.Int(1);
  e.actor_id = r.OptInt(2);
  e.actor_name = r.Str(3);
  e.action = r.Str(4);
  e.object_type = r.Str(5);
  e.object_id = r.Str(6);
  e.region_code = r.Str(7);
  e.request_id = r.Str(8);
  e.client_ip = r.Str(9);
  *before = r.Str(10);
  *after = r.Str(11);
  if (!before->empty()) e.before = nlohmann::json::parse(*before, nullptr, false);
  if (!after->empty()) e.after = nlohmann::json::parse(*after, nullptr, false);
  e.prev_hash = r.Str(12);
  e.hash = r.Str(13);
  return e;
}

}  // namespace

Status AppendEvent(db::Conn& c, Event& e) {
  return AppendEventSerialized(c, e, e.before ? e.before->dump() : "",
                               e.after ? e.after->dump() : "");
}

Status AppendEventSerialized(db::Conn& c, Event& e, const std::string& before,
                             const std::string& after) {
  if (c.engine() == db::Engine::kPostgresql)
    SHUNIU_RETURN_IF_ERROR(c.Exec("SELECT pg_advisory_xact_lock(7301)"));
  auto last = c.QueryOne(kLast);
  if (!last.ok()) return last.status();
  e.seq = *last ? (*last)->Int(0) + 1 : 1;
  e.prev_hash = *last ? (*last)->Str(1) : kGenesis;
  e.at = NowMs();
  e.hash =
      crypto::Sha256Hex(e.prev_hash + Canonical(e.seq, e.at, e.actor_id, e.actor_name, e.action,
                                                e.object_type, e.object_id, e.region_code,
                                                e.request_id, e.client_ip, before, after));
  return c.Exec(kInsert, {e.seq, static_cast<long long>(e.at), db::Opt(e.actor_id), e.actor_name,
                          e.action, e.object_type, e.object_id, e.region_code, e.request_id,
                          e.client_ip, before.empty() ? db::Null() : db::Value(before),
                          after.empty() ? db::Null() : db::Value(after), e.prev_hash, e.hash});
}

Result<std::pair<std::vector<Event>, long long>> ListEvents(db::Conn& c, const Filter& f) {
  std::string where = " WHERE 1=1";
  std::vector<db::Value> p;
  auto add = [&](const std::string& cond, db::Value v) {
    p.push_back(std::move(v));
    std::string ph = ":" + std::to_string(p.size());
    std::string s = cond;
    s.replace(s.find('?'), 1, ph);
    where += " AND " + s;
  };
  if (f.actor_id) add("actor_id = ?", *f.actor_id);
  if (!f.actor_name.empty()) add("actor_name = ?", f.actor_name);
  if (!f.action.empty()) add("action LIKE ?", f.action + "%");
  if (!f.object_type.empty()) add("object_type = ?", f.object_type);
  if (!f.object_id.empty()) add("object_id = ?", f.object_id);
  if (f.from_ms) add("at >= ?", static_cast<long long>(*f.from_ms));
  if (f.to_ms) add("at <= ?", static_cast<long long>(*f.to_ms));
  if (!f.scope_lo.empty()) {
    add("region_code >= ?", f.scope_lo);
    add("region_code <= ?", f.scope_hi);
  }
  auto total = c.QueryOne("SELECT COUNT(*) FROM audit_events" + where, p);
  if (!total.ok()) return total.status();
  auto params = p;
  params.push_back(f.size);
  params.push_back((f.page - 1) * f.size);
  std::string sql = std::string("SELECT ") + kColumns + " FROM audit_events" + where +
                    " ORDER BY seq DESC LIMIT :" + std::to_string(params.size() - 1) +
                    " OFFSET :" + std::to_string(params.size());
  auto rows = c.Query(sql, params);
  if (!rows.ok()) return rows.status();
  std::vector<Event> out;
  for (auto& r : *rows) {
    std::string b, a;
    out.push_back(FromRow(r, &b, &a));
  }
  return std::make_pair(std::move(out), (*total)->Int(0));
}

Status ForEachEvent(
    db::Conn& c,
    const std::function<bool(const Event&, const std::string&, const std::string&)>& fn) {
  long long after_seq = 0;
  for (;;) {
    auto rows = c.Query(std::string("SELECT ") + kColumns +
                            " FROM audit_events WHERE seq > :1 ORDER BY seq LIMIT 2000",
                        {after_seq});
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return Status::Ok();
    for (auto& r : *rows) {
      std::string b, a;
      Event e = FromRow(r, &b, &a);
      after_seq = e.seq;
      if (!fn(e, b, a)) return Status::Ok();
    }
  }
}

}  // namespace shuniu::audit
