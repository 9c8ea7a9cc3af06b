// Public voting (集票投票): the public competition page and its entries, phone
// verification by one-time code, casting votes (group-committed by the vote
// writer, idempotent, within the day's rules), paper-ballot batches merged
// with the online count, and the fraud (burst) report with voiding.
//
// Counts are hidden (absent from every answer, public or staff) while
// competitions.counts_hidden = 1 and voting has not closed.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/principal.h"
#include "hub/deps.h"
#include "vote/sms_sender.h"

namespace shuniu::vote {

// One public vote request: the voter's bearer token and the entry numbers.
struct CastInput {
  long long competition_id = 0;
  std::string token;                 // from "Authorization: Bearer …"
  std::vector<long long> entry_nos;  // 1..20 distinct entry numbers
  std::string idem_key;              // Idempotency-Key header, may be empty
  std::string ip, request_id;
};

struct PaperCount {
  long long entry_no = 0, votes = 0;
};
struct PaperBatchInput {
  std::string event_name, collected_at, note;
  std::vector<PaperCount> counts;
};

struct FraudParams {
  long long subnet_threshold = 20;  // votes from one /24 (IPv6 /48) subnet
  long long minute_threshold = 60;  // votes within one clock minute
  long long max_votes = 200;        // votes listed per burst
};

// The vote day: the date in China Standard Time (UTC+8), as days since 1970.
inline long long VoteDay(int64_t now_s) { return (now_s + 8 * 3600) / 86400; }
// The /24 (IPv4) or /48 (IPv6) subnet of an address, for the fraud report.
std::string Subnet(const std::string& ip);

class VoteService {
 public:
  VoteService(const hub::Deps& deps, std::unique_ptr<SmsSender> sms);
  ~VoteService();

  // Public: competitions open to the public (open, results, closed), newest voting first.
  Result<nlohmann::json> PublicList();
  // Public: an open/published competition (draft and cancelled → kNotFound):
  // name, phase, dates, rules, and totals only when counts are visible.
  Result<nlohmann::json> PublicGet(long long id);
  // Public: the entries open to voting, with online/paper totals when visible.
  Result<nlohmann::json> PublicEntries(long long id);

  // Sends a 6-digit code to `phone` (mainland mobile, 11 digits). Limits:
  // 1 a minute and 5 a day per phone, otp_ip_max_per_hour per client address
  // (kRateLimited with retry_after). Only while voting is open.
  Status SendOtp(long long id, const std::string& phone, const std::string& ip);
  // Exchanges phone + code for a voter token (valid 2 hours). Codes expire
  // after 10 minutes and die after 5 tries; each try counts in the database.
  Result<nlohmann::json> VerifyOtp(long long id, const std::string& phone, const std::string& code,
                                   const std::string& ip);
  // Casts votes; answered only after the votes are committed. Refusals:
  // kUnauthenticated (no/expired token), kConflict (outside the voting window,
  // entry already voted today, over the daily entry limit), kInvalidArgument
  // (unknown entry). With an idem_key, a repeat gets the first answer again.
  Result<nlohmann::json> Cast(const CastInput& in);
  // The same without waiting: `done` gets the answer once the vote writer has
  // committed (on the writer's thread), or at once when the request is
  // refused before it reaches the writer. Never blocks; with vote_batching off
  // it runs the transaction in the calling thread (see batching()).
  using CastDone = std::function<void(Result<nlohmann::json>)>;
  void CastAsync(const CastInput& in, CastDone done);
  // True when votes go through the group-commit writer (vote_batching).
  bool batching() const { return d_.cfg.vote_batching; }
  // Votes handed to the writer and not yet committed (/metrics).
  long long QueueDepth();

  // Staff (admin/staff in scope) enter a batch of paper ballots; auditors read.
  Result<nlohmann::json> ListPaperBatches(const Principal& p, long long id);
  Result<nlohmann::json> AddPaperBatch(const Principal& p, long long id, const PaperBatchInput& in);
  Result<nlohmann::json> VoidPaperBatch(const Principal& p, long long id, long long batch_id,
                                        const std::string& reason);

  // Bursts of votes from one subnet or in one minute, with the votes behind them.
  Result<nlohmann::json> FraudReport(const Principal& p, long long id, const FraudParams& f);
  // Voids votes with a reason; they stay recorded and stop counting.
  Result<nlohmann::json> VoidVotes(const Principal& p, long long id,
                                   const std::vector<long long>& vote_ids,
                                   const std::string& reason);

  // The development sender's last code for a phone ("" with other senders).
  // A competition as voting sees it.
  struct Comp {
    long long id = 0;
    std::string region_code, name, series, description, state;
    long long phase_no = 0, year = 0, counts_hidden = 0;
    int64_t apply_opens_at = 0, apply_closes_at = 0, qualify_closes_at = 0, scoring_closes_at = 0,
            voting_opens_at = 0, voting_closes_at = 0, results_at = 0;
    nlohmann::json rules;
    long long max_per_day = 1;
    std::map<long long, long long> entries;  // entry_no → application id (qualified)
    // Counts may be shown: not hidden, or voting has closed.
    bool counts_visible(int64_t now) const {
      return counts_hidden == 0 || now >= voting_closes_at || state == "results" ||
             state == "closed";
    }
  };

  // The development sender's last code for a phone ("" with other senders).
  std::string DevLastCode(const std::string& phone) { return sms_->LastCode(phone); }
  bool dev_sms() const { return sms_->is_dev(); }

 private:
  struct Pending {
    CastInput in;
    CastDone done;
  };
  void WriterLoop();
  void RunBatch(std::vector<std::unique_ptr<Pending>>& batch);
  // The batch's set-based path (vote_batch.cpp): fills results and writes with
  // a few statements; false when a write found another server's vote or count
  // first (the caller rolls back and redoes the batch through CastOne).
  Result<bool> CastBatch(db::Conn& c, std::vector<std::unique_ptr<Pending>>& batch, int64_t now,
                         std::vector<std::optional<Result<nlohmann::json>>>& results,
                         std::map<long long, std::shared_ptr<Comp>>& comps,
                         std::map<long long, nlohmann::json>& audit);
  Result<nlohmann::json> CastOne(db::Conn& c, const CastInput& in, int64_t now,
                                 std::map<long long, std::shared_ptr<Comp>>& comps,
                                 std::map<long long, nlohmann::json>& audit);
  Result<std::shared_ptr<Comp>> LoadComp(db::Conn& c, long long id);
  Result<std::shared_ptr<Comp>> StaffComp(db::Conn& c, const Principal& p, long long id,
                                          bool write);
  std::string PhoneKey(const std::string& phone) const;

  hub::Deps d_;
  std::unique_ptr<SmsSender> sms_;
  std::string secret_;
  // The vote writer: one thread batching concurrent Cast calls into one commit.
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::unique_ptr<Pending>> queue_;
  bool stop_ = false;
  std::thread writer_;
};

}  // namespace shuniu::vote
