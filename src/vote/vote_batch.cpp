// The vote writer's set-based path: a whole batch is checked with a few
// reads (sessions, earlier answers, today's votes of all its voters) and
// written with multi-row statements, instead of about six statements per
// vote. The rules are the ones CastOne applies to one request, in arrival
// order; the database constraints stay the guard. Should a write find that
// another server got there first (a counter not taken, a vote not inserted),
// it reports a race and the writer redoes the batch through CastOne.
#include <set>
#include <unordered_map>

#include "core/crypto.h"
#include "vote/vote_service.h"

namespace shuniu::vote {

using nlohmann::json;

namespace {

constexpr size_t kChunk = 32;  // rows or keys per statement (a few prepared shapes)

// ":first, :first+1, …" for n placeholders.
std::string Marks(size_t first, size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s += (i ? ", :" : ":") + std::to_string(first + i);
  return s;
}

// Runs `sql_head IN (…)` over keys in chunks of kChunk (the last padded with
// its final key, so every statement has the same shape); `fixed` comes first.
Status QueryIn(db::Conn& c, const std::string& sql_head, const std::vector<db::Value>& fixed,
               const std::vector<std::string>& keys, std::vector<db::Row>* out) {
  std::string sql = sql_head + " IN (" + Marks(fixed.size() + 1, kChunk) + ")";
  for (size_t at = 0; at < keys.size(); at += kChunk) {
    std::vector<db::Value> p = fixed;
    for (size_t i = 0; i < kChunk; ++i) p.push_back(keys[std::min(at + i, keys.size() - 1)]);
    auto rows = c.Query(sql, p);
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows) out->push_back(std::move(r));
  }
  return Status::Ok();
}

// Inserts rows (each `cols` values, flattened) as `head VALUES (…), (…) tail`
// in chunks of 32, 16, …, 1 rows; returns how many rows changed.
Result<long long> InsertRows(db::Conn& c, const std::string& head, const std::string& tail,
                             size_t cols, const std::vector<db::Value>& flat) {
  size_t rows = flat.size() / cols, at = 0;
  long long changed = 0;
  for (size_t n = kChunk; n > 0; n /= 2) {
    while (rows - at >= n) {
      std::string sql = head + " VALUES ";
      for (size_t r = 0; r < n; ++r) sql += (r ? ", (" : "(") + Marks(r * cols + 1, cols) + ")";
      sql += tail;
      std::vector<db::Value> p(flat.begin() + static_cast<long>(at * cols),
                               flat.begin() + static_cast<long>((at + n) * cols));
      auto k = c.ExecCount(sql, p);
      if (!k.ok()) return k.status();
      changed += *k;
      at += n;
    }
  }
  return changed;
}

struct Session {
  long long competition_id = 0;
  std::string voter;
  int64_t expires_at = 0;
};

struct VoterDay {
  std::set<long long> voted;  // applications voted today (database and this batch)
  long long add = 0;          // entries this batch adds
  long long max = 0;
};

}  // namespace

Result<bool> VoteService::CastBatch(db::Conn& c, std::vector<std::unique_ptr<Pending>>& batch,
                                    int64_t now, std::vector<std::optional<Result<json>>>& results,
                                    std::map<long long, std::shared_ptr<Comp>>& comps,
                                    std::map<long long, json>& audit) {
  const long long day = VoteDay(now);
  // 1. Who is voting: every token of the batch in a few reads.
  std::vector<std::string> hashes(batch.size());
  std::vector<std::string> distinct;
  {
    std::set<std::string> seen;
    for (size_t i = 0; i < batch.size(); ++i) {
      hashes[i] = crypto::Sha256Hex(batch[i]->in.token);
      if (seen.insert(hashes[i]).second) distinct.push_back(hashes[i]);
    }
  }
  std::vector<db::Row> rows;
  SHUNIU_RETURN_IF_ERROR(QueryIn(
      c,
      "SELECT token_hash, competition_id, voter_key, expires_at FROM vote_voter_sessions WHERE "
      "token_hash",
      {}, distinct, &rows));
  std::unordered_map<std::string, Session> sessions;
  for (auto& r : rows) sessions[r.Str(0)] = Session{r.Int(1), r.Str(2), r.Int(3)};
  // 2. Their earlier answers and today's votes, per competition.
  std::map<long long, std::vector<std::string>> voters;  // competition → voters
  {
    std::set<std::pair<long long, std::string>> seen;
    for (size_t i = 0; i < batch.size(); ++i) {
      auto it = sessions.find(hashes[i]);
      if (it == sessions.end() || it->second.competition_id != batch[i]->in.competition_id)
        continue;
      if (seen.insert({it->second.competition_id, it->second.voter}).second)
        voters[it->second.competition_id].push_back(it->second.voter);
    }
  }
  std::map<std::tuple<long long, std::string, std::string>, json> answers;  // (comp, voter, key)
  std::map<std::pair<long long, std::string>, VoterDay> days;
  for (auto& [cid, keys] : voters) {
    rows.clear();
    SHUNIU_RETURN_IF_ERROR(QueryIn(c,
                                   "SELECT voter_key, idem_key, response_json FROM vote_requests "
                                   "WHERE competition_id = :1 AND voter_key",
                                   {cid}, keys, &rows));
    for (auto& r : rows) answers[{cid, r.Str(0), r.Str(1)}] = json::parse(r.Str(2));
    rows.clear();
    SHUNIU_RETURN_IF_ERROR(QueryIn(c,
                                   "SELECT voter_key, application_id FROM competition_votes WHERE "
                                   "competition_id = :1 AND vote_day = :2 AND voter_key",
                                   {cid, day}, keys, &rows));
    for (auto& r : rows) days[{cid, r.Str(0)}].voted.insert(r.Int(1));
  }
  // 3. Each request in arrival order, as CastOne would decide it.
  std::vector<db::Value> vote_rows, request_rows;
  for (size_t i = 0; i < batch.size(); ++i) {
    const CastInput& in = batch[i]->in;
    auto ses = sessions.find(hashes[i]);
    if (ses == sessions.end() || ses->second.competition_id != in.competition_id ||
        ses->second.expires_at <= now) {
      results[i] =
          Unauthenticated("verify your phone number first (the verification may have expired)");
      continue;
    }
    const std::string& voter = ses->second.voter;
    if (!in.idem_key.empty()) {
      auto prev = answers.find({in.competition_id, voter, in.idem_key});
      if (prev != answers.end()) {
        results[i] = prev->second;
        continue;
      }
    }
    auto& comp = comps[in.competition_id];
    if (!comp) {
      auto loaded = LoadComp(c, in.competition_id);
      if (!loaded.ok() && loaded.status().code() == Code::kInternal) return loaded.status();
      if (!loaded.ok()) {
        comps.erase(in.competition_id);
        results[i] = loaded.status();
        continue;
      }
      comp = *loaded;
    }
    if (comp->state == "draft" || comp->state == "cancelled") {
      results[i] = NotFound("competition not found");
      continue;
    }
    if (comp->state != "open" || now >= comp->voting_closes_at) {
      results[i] = Status(Code::kConflict, "voting has closed", "voting_closes_at");
      continue;
    }
    if (now < comp->voting_opens_at) {
      results[i] = Status(Code::kConflict, "voting has not opened yet", "voting_opens_at");
      continue;
    }
    std::vector<long long> apps;
    Status refused;
    for (long long no : in.entry_nos) {
      auto it = comp->entries.find(no);
      if (it == comp->entries.end()) {
        refused = InvalidArgument("entries", "there is no entry " + std::to_string(no));
        break;
      }
      apps.push_back(it->second);
    }
    VoterDay& vd = days[{in.competition_id, voter}];
    vd.max = comp->max_per_day;
    for (size_t k = 0; refused.ok() && k < apps.size(); ++k)
      if (vd.voted.count(apps[k]))
        refused = Status(
            Code::kConflict,
            "you already voted for entry " + std::to_string(in.entry_nos[k]) + " today", "entries");
    long long used = static_cast<long long>(vd.voted.size());
    if (refused.ok() && used + static_cast<long long>(apps.size()) > comp->max_per_day)
      refused = Status(Code::kConflict,
                       "over the daily limit: at most " + std::to_string(comp->max_per_day) +
                           " entries a day (" + std::to_string(used) + " used today)",
                       "entries");
    if (!refused.ok()) {
      results[i] = refused;
      continue;
    }
    std::string subnet = Subnet(in.ip);
    json ids = json::array();
    auto& list = audit[in.competition_id];
    if (list.is_null()) list = json::array();
    for (size_t k = 0; k < apps.size(); ++k) {
      long long id = crypto::RandomId();
      vd.voted.insert(apps[k]);
      vote_rows.insert(vote_rows.end(), {id, in.competition_id, apps[k], voter, day, in.ip, subnet,
                                         static_cast<long long>(now)});
      ids.push_back({{"id", id}, {"entry_no", in.entry_nos[k]}});
      list.push_back({{"id", id}, {"application_id", apps[k]}, {"vote_day", day}});
    }
    vd.add += static_cast<long long>(apps.size());
    json answer = {{"votes", ids},
                   {"vote_day", day},
                   {"max_entries_per_day", comp->max_per_day},
                   {"used_today", used + static_cast<long long>(apps.size())}};
    if (!in.idem_key.empty()) {
      answers[{in.competition_id, voter, in.idem_key}] = answer;
      request_rows.insert(request_rows.end(), {in.competition_id, voter, in.idem_key, answer.dump(),
                                               static_cast<long long>(now)});
    }
    results[i] = std::move(answer);
  }
  // 4. The writes, a few multi-row statements. The counters first: each
  // conditional upsert must take its places (else another server did).
  std::vector<db::Value> counter_rows;
  for (auto& [key, vd] : days)
    if (vd.add > 0)
      counter_rows.insert(counter_rows.end(), {key.first, key.second, day, vd.add, vd.max});
  auto counted = InsertRows(
      c, "INSERT INTO vote_voter_days (competition_id, voter_key, vote_day, used, max_allowed)",
      " ON CONFLICT (competition_id, voter_key, vote_day) DO UPDATE SET used = "
      "vote_voter_days.used + excluded.used WHERE vote_voter_days.used + excluded.used <= "
      "vote_voter_days.max_allowed",
      5, counter_rows);
  if (!counted.ok()) return counted.status();
  if (*counted != static_cast<long long>(counter_rows.size() / 5)) return false;
  auto inserted = InsertRows(c,
                             "INSERT INTO competition_votes (id, competition_id, application_id, "
                             "voter_key, vote_day, ip, subnet, created_at)",
                             " ON CONFLICT (competition_id, application_id, voter_key, vote_day) "
                             "DO NOTHING",
                             8, vote_rows);
  if (!inserted.ok()) return inserted.status();
  if (*inserted != static_cast<long long>(vote_rows.size() / 8)) return false;
  auto kept = InsertRows(c,
                         "INSERT INTO vote_requests (competition_id, voter_key, idem_key, "
                         "response_json, created_at)",
                         " ON CONFLICT DO NOTHING", 5, request_rows);
  if (!kept.ok()) return kept.status();
  return true;
}

}  // namespace shuniu::vote
