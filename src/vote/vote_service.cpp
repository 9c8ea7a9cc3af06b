// Public voting: the public reads, one-time codes, voter tokens and the vote
// writer (group commit). Every write is one transaction with its audit event;
// a vote is acknowledged only after the transaction holding it has committed.
#include "vote/vote_service.h"

#include <sodium.h>

#include <algorithm>
#include <map>
#include <set>

#include "audit/audit_service.h"
#include "core/crypto.h"
#include "core/json_input.h"
#include "core/region_code.h"
#include "core/time.h"

namespace shuniu::vote {

using nlohmann::json;

namespace {

constexpr int64_t kOtpTtl = 600;         // 10 minutes
constexpr long long kOtpMaxTries = 5;    // tries per code
constexpr long long kOtpPerDay = 5;      // sends per phone per 24 hours
constexpr int64_t kVoterTtl = 2 * 3600;  // voter token lifetime
constexpr const char* kQualified = "('qualified', 'funded', 'not_funded')";

int64_t NowS() { return NowMs() / 1000; }

bool PubliclyVisible(const std::string& state) {
  return state == "open" || state == "results" || state == "closed";
}

bool ValidPhone(const std::string& p) {
  if (p.size() != 11 || p[0] != '1' || p[1] < '3' || p[1] > '9') return false;
  return std::all_of(p.begin(), p.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
}

std::string Phase(const VoteService::Comp& c, int64_t now) {
  if (c.state == "results") return "results";
  if (c.state == "closed") return "closed";
  if (now >= c.voting_opens_at && now < c.voting_closes_at) return "voting";
  if (now >= c.voting_closes_at) return "counting";
  if (now < c.apply_opens_at) return "upcoming";
  if (now < c.apply_closes_at) return "application";
  if (now < c.qualify_closes_at) return "qualification";
  return "scoring";
}

RequestContext PublicCtx(const std::string& request_id, const std::string& ip) {
  return RequestContext{std::nullopt, "public", request_id, ip};
}

}  // namespace

VoteService::VoteService(const hub::Deps& deps, std::unique_ptr<SmsSender> sms)
    : d_(deps), sms_(std::move(sms)) {
  auto secret = LoadOrCreateSecret(d_.cfg.key_file);
  if (secret.ok()) secret_ = *secret;
  if (d_.cfg.vote_batching) writer_ = std::thread([this] { WriterLoop(); });
}

VoteService::~VoteService() {
  {
    std::lock_guard<std::mutex> lk(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (writer_.joinable()) writer_.join();
}

long long VoteService::QueueDepth() {
  std::lock_guard<std::mutex> lk(mu_);
  return static_cast<long long>(queue_.size());
}

std::string VoteService::PhoneKey(const std::string& phone) const {
  return crypto::HmacSha256Hex(secret_, "vote.phone:" + phone);
}

Result<std::shared_ptr<VoteService::Comp>> VoteService::LoadComp(db::Conn& c, long long id) {
  auto row = c.QueryOnePrepared(
      "SELECT id, region_code, name, series, description, state, phase_no, year, counts_hidden, "
      "apply_opens_at, apply_closes_at, qualify_closes_at, scoring_closes_at, voting_opens_at, "
      "voting_closes_at, results_at, vote_rules_json FROM competitions WHERE id = :1",
      {id});
  if (!row.ok()) return row.status();
  if (!*row) return NotFound("competition not found");
  const db::Row& r = **row;
  auto comp = std::make_shared<Comp>();
  comp->id = r.Int(0);
  comp->region_code = r.Str(1);
  comp->name = r.Str(2);
  comp->series = r.Str(3);
  comp->description = r.Str(4);
  comp->state = r.Str(5);
  comp->phase_no = r.Int(6);
  comp->year = r.Int(7);
  comp->counts_hidden = r.Int(8);
  comp->apply_opens_at = r.Int(9);
  comp->apply_closes_at = r.Int(10);
  comp->qualify_closes_at = r.Int(11);
  comp->scoring_closes_at = r.Int(12);
  comp->voting_opens_at = r.Int(13);
  comp->voting_closes_at = r.Int(14);
  comp->results_at = r.Int(15);
  comp->rules = json::parse(r.Str(16), nullptr, false);
  if (!comp->rules.is_object()) comp->rules = json::object();
  comp->max_per_day = std::max(1LL, comp->rules.value("max_entries_per_day", 1LL));
  auto es =
      c.QueryPrepared(std::string("SELECT entry_no, id FROM competition_applications WHERE "
                                  "competition_id = :1 AND entry_no IS NOT NULL AND state IN ") +
                          kQualified,
                      {id});
  if (!es.ok()) return es.status();
  for (auto& e : *es) comp->entries[e.Int(0)] = e.Int(1);
  return comp;
}

Result<std::shared_ptr<VoteService::Comp>> VoteService::StaffComp(db::Conn& c, const Principal& p,
                                                                  long long id, bool write) {
  auto comp = LoadComp(c, id);
  if (!comp.ok()) return comp.status();
  if (!InSubtree((*comp)->region_code, p.region_code)) return NotFound("competition not found");
  if (write && p.role != Role::kAdmin && p.role != Role::kStaff && p.role != Role::kReviewer)
    return PermissionDenied("this needs the staff role");
  return comp;
}

// ---- public reads ----------------------------------------------------------

Result<json> VoteService::PublicGet(long long id) {
  Result<json> out = Internal("not run");
  Status st = d_.db.Read([&](db::Conn& c) {
    auto comp = LoadComp(c, id);
    if (!comp.ok()) return comp.status();
    const Comp& k = **comp;
    if (!PubliclyVisible(k.state)) return NotFound("competition not found");
    int64_t now = NowS();
    json j = {{"id", k.id},
              {"name", k.name},
              {"series", k.series},
              {"phase_no", k.phase_no},
              {"year", k.year},
              {"description", k.description},
              {"state", k.state},
              {"phase", Phase(k, now)},
              {"region_code", k.region_code},
              {"apply_opens_at", k.apply_opens_at},
              {"apply_closes_at", k.apply_closes_at},
              {"voting_opens_at", k.voting_opens_at},
              {"voting_closes_at", k.voting_closes_at},
              {"results_at", k.results_at},
              {"vote_rules", k.rules},
              {"max_entries_per_day", k.max_per_day},
              {"entry_count", static_cast<long long>(k.entries.size())},
              {"counts_visible", k.counts_visible(now)}};
    if (k.counts_visible(now)) {
      auto online = c.QueryOne(
          "SELECT COUNT(*) FROM competition_votes WHERE competition_id = :1 AND voided_at IS NULL",
          {id});
      if (!online.ok()) return online.status();
      auto paper = c.QueryOne(
          "SELECT COALESCE(SUM(pc.votes), 0) FROM competition_paper_counts pc JOIN "
          "competition_paper_batches b ON b.id = pc.batch_id WHERE pc.competition_id = :1 AND "
          "b.voided_at IS NULL",
          {id});
      if (!paper.ok()) return paper.status();
      long long on = (*online)->Int(0), pa = (*paper)->Int(0);
      j["votes_online"] = on;
      j["votes_paper"] = pa;
      j["votes_total"] = on + pa;
    }
    out = j;
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<json> VoteService::PublicEntries(long long id) {
  Result<json> out = Internal("not run");
  Status st = d_.db.Read([&](db::Conn& c) {
    auto comp = LoadComp(c, id);
    if (!comp.ok()) return comp.status();
    const Comp& k = **comp;
    if (!PubliclyVisible(k.state)) return NotFound("competition not found");
    bool visible = k.counts_visible(NowS());
    auto rows = c.Query(std::string("SELECT a.id, a.entry_no, a.title, o.name, a.summary, "
                                    "a.region_code FROM competition_applications a JOIN orgs o ON "
                                    "o.id = a.org_id WHERE a.competition_id = :1 AND a.entry_no IS "
                                    "NOT NULL AND a.state IN ") +
                            kQualified + " ORDER BY a.entry_no",
                        {id});
    if (!rows.ok()) return rows.status();
    std::map<long long, long long> online, paper;
    if (visible) {
      auto on = c.Query(
          "SELECT application_id, COUNT(*) FROM competition_votes WHERE competition_id = :1 AND "
          "voided_at IS NULL GROUP BY application_id",
          {id});
      if (!on.ok()) return on.status();
      for (auto& r : *on) online[r.Int(0)] = r.Int(1);
      auto pa = c.Query(
          "SELECT pc.application_id, SUM(pc.votes) FROM competition_paper_counts pc JOIN "
          "competition_paper_batches b ON b.id = pc.batch_id WHERE pc.competition_id = :1 AND "
          "b.voided_at IS NULL GROUP BY pc.application_id",
          {id});
      if (!pa.ok()) return pa.status();
      for (auto& r : *pa) paper[r.Int(0)] = r.Int(1);
    }
    json items = json::array();
    for (auto& r : *rows) {
      json e = {{"entry_no", r.Int(1)},
                {"title", r.Str(2)},
                {"org_name", r.Str(3)},
                {"summary", r.Str(4)},
                {"region_code", r.Str(5)},
                {"share_path", "/public/competitions/" + std::to_string(id) + "/entries/" +
                                   std::to_string(r.Int(1))}};
      if (visible) {
        long long on = online[r.Int(0)], pa = paper[r.Int(0)];
        e["votes_online"] = on;
        e["votes_paper"] = pa;
        e["votes_total"] = on + pa;
      }
      items.push_back(e);
    }
    out = json{{"items", items}, {"total", items.size()}, {"counts_visible", visible}};
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

// ---- one-time codes --------------------------------------------------------

Status VoteService::SendOtp(long long id, const std::string& phone, const std::string& ip) {
  if (!ValidPhone(phone))
    return InvalidArgument("phone", "phone must be an 11-digit mainland mobile number");
  std::string key = PhoneKey(phone);
  std::string code;
  int64_t now = NowS();
  Status st = d_.db.Tx([&](db::Conn& c) {
    auto comp = LoadComp(c, id);
    if (!comp.ok()) return comp.status();
    if (!PubliclyVisible((*comp)->state)) return NotFound("competition not found");
    if ((*comp)->state != "open" || now < (*comp)->voting_opens_at ||
        now >= (*comp)->voting_closes_at)
      return Conflict("voting is not open");
    // Make (or lock) the phone's code row first: concurrent sends for one
    // phone queue here, so the counts below are exact on PostgreSQL too.
    code.resize(6);
    uint32_t n = randombytes_uniform(1000000);
    for (int i = 5; i >= 0; --i, n /= 10) code[i] = static_cast<char>('0' + n % 10);
    std::string hash =
        crypto::HmacSha256Hex(secret_, "vote.otp:" + std::to_string(id) + ":" + key + ":" + code);
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "INSERT INTO vote_otp_codes (competition_id, phone_key, code_hash, created_at, "
        "expires_at, attempts, used_at) VALUES (:1, :2, :3, :4, :5, 0, NULL) ON CONFLICT "
        "(competition_id, phone_key) DO UPDATE SET code_hash = excluded.code_hash, created_at = "
        "excluded.created_at, expires_at = excluded.expires_at, attempts = 0, used_at = NULL",
        {id, key, hash, static_cast<long long>(now), static_cast<long long>(now + kOtpTtl)}));
    auto last = c.QueryOne(
        "SELECT MAX(sent_at), COUNT(*) FROM vote_otp_sends WHERE kind = 'phone' AND send_key = :1 "
        "AND sent_at > :2",
        {key, static_cast<long long>(now - 86400)});
    if (!last.ok()) return last.status();
    long long day_count = (*last)->Int(1);
    if (day_count > 0 && now - (*last)->Int(0) < 60)
      return Status(Code::kRateLimited, "a code was sent to this phone less than a minute ago",
                    "phone")
          .with_retry_after(60 - (now - (*last)->Int(0)));
    if (day_count >= kOtpPerDay)
      return Status(Code::kRateLimited, "at most 5 codes a day can be sent to one phone", "phone")
          .with_retry_after(3600);
    auto by_ip = c.QueryOne(
        "SELECT COUNT(*) FROM vote_otp_sends WHERE kind = 'ip' AND send_key = :1 AND sent_at > :2",
        {ip, static_cast<long long>(now - 3600)});
    if (!by_ip.ok()) return by_ip.status();
    if ((*by_ip)->Int(0) >= d_.cfg.otp_ip_max_per_hour)
      return Status(Code::kRateLimited, "too many codes were requested from this network", "phone")
          .with_retry_after(600);
    for (auto [kind, k] : {std::pair<const char*, std::string>{"phone", key}, {"ip", ip}})
      SHUNIU_RETURN_IF_ERROR(
          c.Exec("INSERT INTO vote_otp_sends (id, kind, send_key, sent_at) VALUES (:1, :2, :3, :4)",
                 {crypto::RandomId(), std::string(kind), k, static_cast<long long>(now)}));
    return audit::AuditService::Record(c, PublicCtx("", ip), "vote.otp_send", "voter",
                                       key.substr(0, 16), (*comp)->region_code, std::nullopt,
                                       json{{"competition_id", id}});
  });
  if (!st.ok()) return st;
  return sms_->Send(phone, code, "vote");
}

Result<json> VoteService::VerifyOtp(long long id, const std::string& phone, const std::string& code,
                                    const std::string& ip) {
  if (!ValidPhone(phone))
    return InvalidArgument("phone", "phone must be an 11-digit mainland mobile number");
  if (code.size() != 6 ||
      !std::all_of(code.begin(), code.end(), [](char ch) { return ch >= '0' && ch <= '9'; }))
    return InvalidArgument("code", "code must be the 6 digits sent by SMS");
  std::string key = PhoneKey(phone);
  int64_t now = NowS();
  Status refusal;
  json answer;
  Status st = d_.db.Tx([&](db::Conn& c) {
    auto comp = LoadComp(c, id);
    if (!comp.ok()) return comp.status();
    if (!PubliclyVisible((*comp)->state)) return NotFound("competition not found");
    // Every try counts first (atomically), so parallel guesses cannot pass 5.
    auto counted = c.ExecCount(
        "UPDATE vote_otp_codes SET attempts = attempts + 1 WHERE competition_id = :1 AND "
        "phone_key = :2 AND used_at IS NULL AND attempts < :3",
        {id, key, kOtpMaxTries});
    if (!counted.ok()) return counted.status();
    auto row = c.QueryOne(
        "SELECT code_hash, expires_at, attempts, used_at FROM vote_otp_codes WHERE "
        "competition_id = :1 AND phone_key = :2",
        {id, key});
    if (!row.ok()) return row.status();
    if (!*row) {
      refusal = InvalidArgument("code", "no code was sent to this phone; ask for a code first");
      return Status::Ok();
    }
    if (!(*row)->IsNull(3)) {
      refusal = InvalidArgument("code", "this code was already used; ask for a new code");
      return Status::Ok();
    }
    if (*counted == 0) {
      refusal = InvalidArgument("code", "too many wrong tries; ask for a new code");
      return Status::Ok();
    }
    if ((*row)->Int(1) <= now) {
      refusal = InvalidArgument("code", "the code has expired; ask for a new code");
      return Status::Ok();
    }
    std::string hash =
        crypto::HmacSha256Hex(secret_, "vote.otp:" + std::to_string(id) + ":" + key + ":" + code);
    if (!crypto::ConstantTimeEquals(hash, (*row)->Str(0))) {
      long long left = kOtpMaxTries - (*row)->Int(2);
      refusal =
          InvalidArgument("code", left > 0 ? "wrong code; " + std::to_string(left) + " tries left"
                                           : "wrong code; ask for a new code");
      return Status::Ok();  // the counted try commits
    }
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "UPDATE vote_otp_codes SET used_at = :1 WHERE competition_id = :2 AND phone_key = :3",
        {static_cast<long long>(now), id, key}));
    std::string token = crypto::RandomToken(32);
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "INSERT INTO vote_voter_sessions (token_hash, competition_id, voter_key, created_at, "
        "expires_at) VALUES (:1, :2, :3, :4, :5)",
        {crypto::Sha256Hex(token), id, key, static_cast<long long>(now),
         static_cast<long long>(now + kVoterTtl)}));
    answer = {{"token", token}, {"expires_at", Rfc3339((now + kVoterTtl) * 1000)}};
    return audit::AuditService::Record(c, PublicCtx("", ip), "vote.verify", "voter",
                                       key.substr(0, 16), (*comp)->region_code, std::nullopt,
                                       json{{"competition_id", id}});
  });
  if (!st.ok()) return st;
  if (!refusal.ok()) return refusal;
  return answer;
}

}  // namespace shuniu::vote
