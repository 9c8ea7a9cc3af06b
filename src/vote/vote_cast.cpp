// Casting votes through the vote writer: concurrent requests are batched into
// one transaction (group commit, synchronous=FULL kept), and every caller is
// answered only after the commit. With
// vote_batching off every request runs the same code in its own transaction.
#include <algorithm>
#include <future>
#include <set>

#include "audit/audit_service.h"
#include "core/crypto.h"
#include "core/time.h"
#include "vote/vote_service.h"

namespace shuniu::vote {

using nlohmann::json;

std::string Subnet(const std::string& ip) {
  if (ip.find(':') == std::string::npos) {
    size_t last = ip.rfind('.');
    return last == std::string::npos ? ip : ip.substr(0, last) + ".0/24";
  }
  std::string out;
  int groups = 0;
  for (char ch : ip) {
    if (ch == ':' && ++groups == 3) break;
    out += ch;
  }
  return out + "::/48";
}

namespace {
Status CheckCast(const CastInput& in) {
  if (in.entry_nos.empty() || in.entry_nos.size() > 20)
    return InvalidArgument("entries", "entries must list 1–20 entry numbers");
  if (std::set<long long>(in.entry_nos.begin(), in.entry_nos.end()).size() != in.entry_nos.size())
    return InvalidArgument("entries", "entries must not repeat an entry");
  if (in.token.empty()) return Unauthenticated("verify your phone number first");
  return Status::Ok();
}
}  // namespace

Result<json> VoteService::Cast(const CastInput& in) {
  std::promise<Result<json>> answer;
  auto f = answer.get_future();
  CastAsync(in, [&answer](Result<json> r) { answer.set_value(std::move(r)); });
  return f.get();
}

void VoteService::CastAsync(const CastInput& in, CastDone done) {
  Status st = CheckCast(in);
  if (!st.ok()) return done(st);
  std::vector<std::unique_ptr<Pending>> batch;
  batch.push_back(std::make_unique<Pending>(Pending{in, std::move(done)}));
  if (!d_.cfg.vote_batching) return RunBatch(batch);  // the naive baseline: one transaction each
  {
    std::lock_guard<std::mutex> lk(mu_);
    if (!stop_) {
      queue_.push_back(std::move(batch.front()));
      batch.clear();
    }
  }
  if (!batch.empty()) return batch.front()->done(Internal("the server is stopping"));
  cv_.notify_one();
}

void VoteService::WriterLoop() {
  for (;;) {
    std::vector<std::unique_ptr<Pending>> batch;
    {
      std::unique_lock<std::mutex> lk(mu_);
      cv_.wait(lk, [&] { return stop_ || !queue_.empty(); });
      if (queue_.empty() && stop_) return;
      size_t n = std::min(queue_.size(), static_cast<size_t>(d_.cfg.vote_batch_max));
      for (size_t i = 0; i < n; ++i) {
        batch.push_back(std::move(queue_.front()));
        queue_.pop_front();
      }
    }
    RunBatch(batch);
  }
}

void VoteService::RunBatch(std::vector<std::unique_ptr<Pending>>& batch) {
  std::vector<std::optional<Result<json>>> results(batch.size());
  int64_t now = NowMs() / 1000;
  // First the set-based path; if another server raced it (a count or vote
  // already taken), roll back and decide request by request.
  bool raced = false;
  auto run = [&](bool careful) {
    return d_.db.Tx([&](db::Conn& c) {
      c.set_prepare_all(true);
      std::map<long long, std::shared_ptr<Comp>> comps;
      std::map<long long, json> audit;  // competition → votes cast in this batch
      if (!careful) {
        auto fast = CastBatch(c, batch, now, results, comps, audit);
        if (!fast.ok()) return fast.status();
        if (!*fast) {
          raced = true;
          return Status(Code::kConflict, "another server voted first; retried one by one");
        }
      } else {
        // CastOne never leaves a refused request half-written (it checks before
        // it writes and undoes its own rows on a race), so no savepoint is needed.
        for (size_t i = 0; i < batch.size(); ++i) {
          auto r = CastOne(c, batch[i]->in, now, comps, audit);
          if (!r.ok() && r.status().code() == Code::kInternal) return r.status();
          results[i] = std::move(r);
        }
      }
      // One audit event per competition and batch, listing every vote of it.
      for (auto& [cid, votes] : audit) {
        if (votes.empty()) continue;
        auto& comp = comps.at(cid);
        SHUNIU_RETURN_IF_ERROR(audit::AuditService::Record(
            c, RequestContext{std::nullopt, "public", batch.front()->in.request_id, ""},
            "vote.cast", "competition", std::to_string(cid), comp->region_code, std::nullopt,
            json{{"votes", votes}, {"count", votes.size()}}));
      }
      return Status::Ok();
    });
  };
  Status st = run(false);
  if (raced) {
    for (auto& r : results) r.reset();
    st = run(true);
  }
  // Answers go out only now: after the commit, or with the commit's error.
  for (size_t i = 0; i < batch.size(); ++i) {
    try {
      if (!st.ok())
        batch[i]->done(st);
      else
        batch[i]->done(std::move(*results[i]));
    } catch (const std::exception&) {
      // An answer that cannot be delivered (the connection is gone) changes nothing.
    }
  }
}

Result<json> VoteService::CastOne(db::Conn& c, const CastInput& in, int64_t now,
                                  std::map<long long, std::shared_ptr<Comp>>& comps,
                                  std::map<long long, json>& audit) {
  auto ses = c.QueryOne(
      "SELECT competition_id, voter_key, expires_at FROM vote_voter_sessions WHERE token_hash = :1",
      {crypto::Sha256Hex(in.token)});
  if (!ses.ok()) return ses.status();
  if (!*ses || (*ses)->Int(0) != in.competition_id || (*ses)->Int(2) <= now)
    return Unauthenticated("verify your phone number first (the verification may have expired)");
  std::string voter = (*ses)->Str(1);
  if (!in.idem_key.empty()) {
    auto prev = c.QueryOne(
        "SELECT response_json FROM vote_requests WHERE competition_id = :1 AND voter_key = :2 AND "
        "idem_key = :3",
        {in.competition_id, voter, in.idem_key});
    if (!prev.ok()) return prev.status();
    if (*prev) return json::parse((*prev)->Str(0));
  }
  auto& comp = comps[in.competition_id];
  if (!comp) {
    auto loaded = LoadComp(c, in.competition_id);
    if (!loaded.ok()) return loaded.status();
    comp = *loaded;
  }
  if (comp->state == "draft" || comp->state == "cancelled")
    return NotFound("competition not found");
  if (comp->state != "open" || now >= comp->voting_closes_at)
    return Status(Code::kConflict, "voting has closed", "voting_closes_at");
  if (now < comp->voting_opens_at)
    return Status(Code::kConflict, "voting has not opened yet", "voting_opens_at");
  std::vector<long long> apps;
  for (long long no : in.entry_nos) {
    auto it = comp->entries.find(no);
    if (it == comp->entries.end())
      return InvalidArgument("entries", "there is no entry " + std::to_string(no));
    apps.push_back(it->second);
  }
  long long day = VoteDay(now);
  auto done = c.Query(
      "SELECT application_id FROM competition_votes WHERE competition_id = :1 AND voter_key = :2 "
      "AND vote_day = :3",
      {in.competition_id, voter, day});
  if (!done.ok()) return done.status();
  std::set<long long> voted;
  for (auto& r : *done) voted.insert(r.Int(0));
  for (size_t i = 0; i < apps.size(); ++i)
    if (voted.count(apps[i]))
      return Status(Code::kConflict,
                    "you already voted for entry " + std::to_string(in.entry_nos[i]) + " today",
                    "entries");
  long long used = static_cast<long long>(voted.size());
  if (used + static_cast<long long>(apps.size()) > comp->max_per_day)
    return Status(Code::kConflict,
                  "over the daily limit: at most " + std::to_string(comp->max_per_day) +
                      " entries a day (" + std::to_string(used) + " used today)",
                  "entries");
  std::string subnet = Subnet(in.ip);
  long long k = static_cast<long long>(apps.size());
  // The counter first: the conditional upsert takes the places or changes
  // nothing (another server took the last one); its CHECK stays the backstop.
  auto counted = c.ExecCount(
      "INSERT INTO vote_voter_days (competition_id, voter_key, vote_day, used, max_allowed) VALUES "
      "(:1, :2, :3, :4, :5) ON CONFLICT (competition_id, voter_key, vote_day) DO UPDATE SET used "
      "= vote_voter_days.used + excluded.used WHERE vote_voter_days.used + excluded.used <= "
      "vote_voter_days.max_allowed",
      {in.competition_id, voter, day, k, comp->max_per_day});
  if (!counted.ok()) return counted.status();
  if (*counted != 1)
    return Status(
        Code::kConflict,
        "over the daily limit: at most " + std::to_string(comp->max_per_day) + " entries a day",
        "entries");
  json ids = json::array();
  std::vector<db::Value> inserted;
  for (size_t i = 0; i < apps.size(); ++i) {
    long long id = crypto::RandomId();
    auto n = c.ExecCount(
        "INSERT INTO competition_votes (id, competition_id, application_id, voter_key, vote_day, "
        "ip, subnet, created_at, void_reason) VALUES (:1, :2, :3, :4, :5, :6, :7, :8, '') ON "
        "CONFLICT (competition_id, application_id, voter_key, vote_day) DO NOTHING",
        {id, in.competition_id, apps[i], voter, day, in.ip, subnet, static_cast<long long>(now)});
    if (!n.ok()) return n.status();
    if (*n != 1) {  // another server took it between our read and this insert: undo ours
      for (auto& v : inserted)
        SHUNIU_RETURN_IF_ERROR(c.Exec("DELETE FROM competition_votes WHERE id = :1", {v}));
      SHUNIU_RETURN_IF_ERROR(c.Exec(
          "UPDATE vote_voter_days SET used = used - :1 WHERE competition_id = :2 AND voter_key = "
          ":3 AND vote_day = :4",
          {k, in.competition_id, voter, day}));
      return Status(Code::kConflict,
                    "you already voted for entry " + std::to_string(in.entry_nos[i]) + " today",
                    "entries");
    }
    inserted.push_back(id);
    ids.push_back({{"id", id}, {"entry_no", in.entry_nos[i]}});
  }
  json answer = {{"votes", ids},
                 {"vote_day", day},
                 {"max_entries_per_day", comp->max_per_day},
                 {"used_today", used + static_cast<long long>(apps.size())}};
  if (!in.idem_key.empty())
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "INSERT INTO vote_requests (competition_id, voter_key, idem_key, response_json, "
        "created_at) VALUES (:1, :2, :3, :4, :5) ON CONFLICT DO NOTHING",
        {in.competition_id, voter, in.idem_key, answer.dump(), static_cast<long long>(now)}));
  auto& list = audit[in.competition_id];
  if (list.is_null()) list = json::array();
  for (size_t i = 0; i < apps.size(); ++i)
    list.push_back({{"id", ids[i]["id"]}, {"application_id", apps[i]}, {"vote_day", day}});
  return answer;
}

}  // namespace shuniu::vote
