// Staff side of public voting: paper-ballot batches (entered, listed, voided,
// each audited) and the fraud report of vote bursts with voiding.
#include <set>

#include "audit/audit_service.h"
#include "core/crypto.h"
#include "core/json_input.h"
#include "core/time.h"
#include "vote/vote_service.h"

namespace shuniu::vote {

using nlohmann::json;

namespace {
std::string ActorOf(const Principal& p) {
  return p.ctx.actor_name.empty() ? p.username : p.ctx.actor_name;
}
std::optional<long long> UserId(const Principal& p) {
  return p.user_id ? std::optional<long long>(p.user_id) : std::nullopt;
}
}  // namespace

Result<json> VoteService::ListPaperBatches(const Principal& p, long long id) {
  Result<json> out = Internal("not run");
  Status st = d_.db.Read([&](db::Conn& c) {
    auto comp = StaffComp(c, p, id, false);
    if (!comp.ok()) return comp.status();
    std::map<long long, long long> app_no;
    for (auto& [no, app] : (*comp)->entries) app_no[app] = no;
    bool visible = (*comp)->counts_visible(NowMs() / 1000);
    auto rows = c.Query(
        "SELECT id, event_name, collected_at, note, entered_by_name, voided_at, void_reason, "
        "created_at FROM competition_paper_batches WHERE competition_id = :1 ORDER BY id",
        {id});
    if (!rows.ok()) return rows.status();
    json items = json::array();
    for (auto& r : *rows) {
      auto counts =
          c.Query("SELECT application_id, votes FROM competition_paper_counts WHERE batch_id = :1",
                  {r.Int(0)});
      if (!counts.ok()) return counts.status();
      json cs = json::array();
      long long total = 0;
      for (auto& x : *counts) {
        cs.push_back({{"entry_no", app_no[x.Int(0)]}, {"votes", x.Int(1)}});
        total += x.Int(1);
      }
      json item = {{"id", r.Int(0)},
                   {"event_name", r.Str(1)},
                   {"collected_at", Rfc3339(r.Int(2) * 1000)},
                   {"note", r.Str(3)},
                   {"entered_by_name", r.Str(4)},
                   {"voided", !r.IsNull(5)},
                   {"void_reason", r.Str(6)},
                   {"region_code", (*comp)->region_code},
                   {"created_at", Rfc3339(r.Int(7) * 1000)}};
      if (visible) {  // the batch's counts are counts too: hidden until voting closes
        item["counts"] = cs;
        item["ballots"] = total;
      }
      items.push_back(item);
    }
    out = json{{"items", items}, {"total", items.size()}, {"counts_visible", visible}};
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<json> VoteService::AddPaperBatch(const Principal& p, long long id,
                                        const PaperBatchInput& in) {
  if (p.role != Role::kAdmin && p.role != Role::kStaff)
    return PermissionDenied("entering paper ballots needs the staff role");
  long long n = Utf8Length(in.event_name);
  if (n < 1 || n > 200)
    return InvalidArgument("event_name", "event_name must have 1–200 characters");
  if (Utf8Length(in.note) < 0 || Utf8Length(in.note) > 2000)
    return InvalidArgument("note", "note must have at most 2000 characters");
  auto at = ParseRfc3339(in.collected_at);
  if (!at) return InvalidArgument("collected_at", "collected_at must be an RFC 3339 time");
  if (*at > NowMs()) return InvalidArgument("collected_at", "collected_at lies in the future");
  if (in.counts.empty() || in.counts.size() > 500)
    return InvalidArgument("counts", "counts must list 1–500 entries");
  long long batch_id = crypto::RandomId();
  Status st = d_.db.Tx([&](db::Conn& c) {
    auto comp = StaffComp(c, p, id, true);
    if (!comp.ok()) return comp.status();
    if ((*comp)->state != "open")
      return Conflict("paper ballots can be entered only while the competition is open");
    std::set<long long> seen;
    json after = json::array();
    for (size_t i = 0; i < in.counts.size(); ++i) {
      const auto& pc = in.counts[i];
      std::string f = "counts[" + std::to_string(i) + "]";
      auto it = (*comp)->entries.find(pc.entry_no);
      if (it == (*comp)->entries.end())
        return InvalidArgument(f + ".entry_no", "there is no entry " + std::to_string(pc.entry_no));
      if (!seen.insert(pc.entry_no).second)
        return InvalidArgument(f + ".entry_no",
                               "entry " + std::to_string(pc.entry_no) + " repeats");
      if (pc.votes < 0 || pc.votes > 1000000)
        return InvalidArgument(f + ".votes", f + ".votes must be 0–1000000");
    }
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "INSERT INTO competition_paper_batches (id, competition_id, event_name, collected_at, "
        "note, "
        "entered_by, entered_by_name, void_reason, created_at) VALUES (:1, :2, :3, :4, :5, :6, :7, "
        "'', :8)",
        {batch_id, id, in.event_name, static_cast<long long>(*at / 1000), in.note,
         db::Opt(UserId(p)), ActorOf(p), static_cast<long long>(NowMs() / 1000)}));
    for (const auto& pc : in.counts) {
      SHUNIU_RETURN_IF_ERROR(c.Exec(
          "INSERT INTO competition_paper_counts (batch_id, application_id, competition_id, votes) "
          "VALUES (:1, :2, :3, :4)",
          {batch_id, (*comp)->entries.at(pc.entry_no), id, pc.votes}));
      after.push_back({{"entry_no", pc.entry_no}, {"votes", pc.votes}});
    }
    return audit::AuditService::Record(
        c, p.ctx, "vote.paper_batch", "paper_batch", std::to_string(batch_id), (*comp)->region_code,
        std::nullopt,
        json{{"competition_id", id}, {"event_name", in.event_name}, {"counts", after}});
  });
  if (!st.ok()) return st;
  auto list = ListPaperBatches(p, id);
  if (!list.ok()) return list.status();
  for (auto& b : (*list)["items"])
    if (b["id"] == batch_id) return b;
  return Internal("batch vanished");
}

Result<json> VoteService::VoidPaperBatch(const Principal& p, long long id, long long batch_id,
                                         const std::string& reason) {
  if (p.role != Role::kAdmin && p.role != Role::kStaff)
    return PermissionDenied("voiding paper ballots needs the staff role");
  long long n = Utf8Length(reason);
  if (n < 2 || n > 500) return InvalidArgument("reason", "reason must have 2–500 characters");
  Status st = d_.db.Tx([&](db::Conn& c) {
    auto comp = StaffComp(c, p, id, true);
    if (!comp.ok()) return comp.status();
    auto k = c.ExecCount(
        "UPDATE competition_paper_batches SET voided_at = :1, void_reason = :2 WHERE id = :3 AND "
        "competition_id = :4 AND voided_at IS NULL",
        {static_cast<long long>(NowMs() / 1000), reason, batch_id, id});
    if (!k.ok()) return k.status();
    if (*k != 1) {
      auto exists = c.QueryOne(
          "SELECT 1 FROM competition_paper_batches WHERE id = :1 AND competition_id = :2",
          {batch_id, id});
      if (!exists.ok()) return exists.status();
      return *exists ? Conflict("this paper-ballot batch is voided already")
                     : NotFound("no such paper-ballot batch");
    }
    return audit::AuditService::Record(c, p.ctx, "vote.paper_void", "paper_batch",
                                       std::to_string(batch_id), (*comp)->region_code, std::nullopt,
                                       json{{"reason", reason}});
  });
  if (!st.ok()) return st;
  auto list = ListPaperBatches(p, id);
  if (!list.ok()) return list.status();
  for (auto& b : (*list)["items"])
    if (b["id"] == batch_id) return b;
  return Internal("batch vanished");
}

Result<json> VoteService::FraudReport(const Principal& p, long long id, const FraudParams& f) {
  Result<json> out = Internal("not run");
  Status st = d_.db.Read([&](db::Conn& c) {
    auto comp = StaffComp(c, p, id, false);
    if (!comp.ok()) return comp.status();
    std::map<long long, long long> app_no;
    for (auto& [no, app] : (*comp)->entries) app_no[app] = no;
    auto votes_of = [&](const std::string& where, const db::Value& v) -> Result<json> {
      auto rows = c.Query(
          "SELECT id, application_id, ip, created_at, voter_key, voided_at, void_reason FROM "
          "competition_votes WHERE competition_id = :1 AND " +
              where + " ORDER BY created_at, id LIMIT :3",
          {id, v, f.max_votes});
      if (!rows.ok()) return rows.status();
      json a = json::array();
      for (auto& r : *rows)
        a.push_back({{"id", r.Int(0)},
                     {"entry_no", app_no[r.Int(1)]},
                     {"ip", r.Str(2)},
                     {"created_at", Rfc3339(r.Int(3) * 1000)},
                     {"voter", r.Str(4).substr(0, 10)},
                     {"voided", !r.IsNull(5)},
                     {"void_reason", r.Str(6)}});
      return a;
    };
    json bursts = json::array();
    auto subnets = c.Query(
        "SELECT subnet, COUNT(*), MIN(created_at), MAX(created_at) FROM competition_votes WHERE "
        "competition_id = :1 GROUP BY subnet HAVING COUNT(*) >= :2 ORDER BY COUNT(*) DESC, subnet",
        {id, f.subnet_threshold});
    if (!subnets.ok()) return subnets.status();
    for (auto& r : *subnets) {
      auto vs = votes_of("subnet = :2", r.Str(0));
      if (!vs.ok()) return vs.status();
      bursts.push_back({{"kind", "subnet"},
                        {"key", r.Str(0)},
                        {"votes", r.Int(1)},
                        {"first_at", Rfc3339(r.Int(2) * 1000)},
                        {"last_at", Rfc3339(r.Int(3) * 1000)},
                        {"items", *vs}});
    }
    auto minutes = c.Query(
        "SELECT created_at / 60, COUNT(*) FROM competition_votes WHERE competition_id = :1 GROUP "
        "BY created_at / 60 HAVING COUNT(*) >= :2 ORDER BY COUNT(*) DESC, created_at / 60",
        {id, f.minute_threshold});
    if (!minutes.ok()) return minutes.status();
    for (auto& r : *minutes) {
      long long m = r.Int(0);
      auto vs = votes_of("created_at / 60 = :2", m);
      if (!vs.ok()) return vs.status();
      bursts.push_back({{"kind", "minute"},
                        {"key", Rfc3339(m * 60 * 1000)},
                        {"votes", r.Int(1)},
                        {"first_at", Rfc3339(m * 60 * 1000)},
                        {"last_at", Rfc3339((m * 60 + 59) * 1000)},
                        {"items", *vs}});
    }
    out = json{{"competition_id", id},
               {"region_code", (*comp)->region_code},
               {"subnet_threshold", f.subnet_threshold},
               {"minute_threshold", f.minute_threshold},
               {"bursts", bursts}};
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<json> VoteService::VoidVotes(const Principal& p, long long id,
                                    const std::vector<long long>& vote_ids,
                                    const std::string& reason) {
  if (p.role != Role::kAdmin && p.role != Role::kStaff && p.role != Role::kReviewer)
    return PermissionDenied("voiding votes needs the staff or reviewer role");
  long long n = Utf8Length(reason);
  if (n < 2 || n > 500) return InvalidArgument("reason", "reason must have 2–500 characters");
  if (vote_ids.empty() || vote_ids.size() > 1000)
    return InvalidArgument("vote_ids", "vote_ids must list 1–1000 votes");
  json voided = json::array();
  Status st = d_.db.Tx([&](db::Conn& c) {
    auto comp = StaffComp(c, p, id, true);
    if (!comp.ok()) return comp.status();
    for (long long v : vote_ids) {
      auto k = c.ExecCount(
          "UPDATE competition_votes SET voided_at = :1, voided_by = :2, void_reason = :3 WHERE "
          "id = :4 AND competition_id = :5 AND voided_at IS NULL",
          {static_cast<long long>(NowMs() / 1000), db::Opt(UserId(p)), reason, v, id});
      if (!k.ok()) return k.status();
      if (*k == 1) voided.push_back(v);
    }
    if (voided.empty()) return InvalidArgument("vote_ids", "no vote of this competition to void");
    return audit::AuditService::Record(c, p.ctx, "vote.void", "competition", std::to_string(id),
                                       (*comp)->region_code, std::nullopt,
                                       json{{"vote_ids", voided}, {"reason", reason}});
  });
  if (!st.ok()) return st;
  return json{{"voided", voided}, {"count", voided.size()}};
}

}  // namespace shuniu::vote
