// Public voting through the HTTP pipeline, on SQLite or PostgreSQL
// (SHUNIU_TEST_DB): one-time codes with a fixed clock, votes under
// concurrency, daily limits, hidden counts, paper ballots, fraud report.
#include <algorithm>
#include <atomic>
#include <set>
#include <thread>

#include "api/harness.h"
#include "api/vote_fixtures.h"

namespace shuniu::testing {
namespace {

using nlohmann::json;

std::string Path(long long id, const std::string& rest = "") {
  return "/api/v1/public/competitions/" + std::to_string(id) + rest;
}

class VoteApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    s = MakeStack();
    comp = MakeVoteComp(*s.sys, "440705000000");
  }
  // Sends a code to `phone` and exchanges it for a voter token.
  std::string Verify(const std::string& phone, const std::string& ip = "10.0.0.1",
                     long long id = 0) {
    if (!id) id = comp.id;
    Client c(*s.app, ip);
    auto r = c.Call("POST", Path(id, "/otp"), json{{"phone", phone}}.dump());
    EXPECT_EQ(r.status, 200) << r.body;
    std::string code = s.sys->votes->DevLastCode(phone);
    r = c.Call("POST", Path(id, "/otp/verify"), json{{"phone", phone}, {"code", code}}.dump());
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? c.Json(r)["token"].get<std::string>() : "";
  }
  http::Response Vote(const std::string& token, const json& entries,
                      const std::string& ip = "10.0.0.1", const std::string& idem = "",
                      long long id = 0) {
    Client c(*s.app, ip);
    c.headers["authorization"] = "Bearer " + token;
    if (!idem.empty()) c.headers["idempotency-key"] = idem;
    return c.Call("POST", Path(id ? id : comp.id, "/votes"), json{{"entries", entries}}.dump());
  }
  long long Rows(const std::string& where = "1 = 1") {
    return QueryInt(*s.sys,
                    "SELECT COUNT(*) FROM competition_votes WHERE competition_id = :1 AND " + where,
                    {comp.id});
  }
  Stack s;
  VoteComp comp;
  ClockShift clock;
};

TEST_F(VoteApiTest, PublicRoutesAreNotFoundForDraftAndCancelledCompetitions) {
  Client anon(*s.app);
  for (std::string state : {"draft", "cancelled"}) {
    VoteComp c = MakeVoteComp(*s.sys, "440705000000", state);
    EXPECT_EQ(anon.Call("GET", Path(c.id)).status, 404) << state;
    EXPECT_EQ(anon.Call("GET", Path(c.id, "/entries")).status, 404) << state;
    EXPECT_EQ(anon.Call("POST", Path(c.id, "/otp"), R"({"phone":"13800138000"})").status, 404);
  }
  auto r = anon.Call("GET", Path(comp.id));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(anon.Json(r)["phase"], "voting");
  EXPECT_EQ(anon.Json(r)["max_entries_per_day"], 3);
  r = anon.Call("GET", Path(comp.id, "/entries"));
  ASSERT_EQ(r.status, 200);
  ASSERT_EQ(anon.Json(r)["items"].size(), 5u);
  EXPECT_EQ(anon.Json(r)["items"][0]["entry_no"], 1);
  EXPECT_EQ(anon.Json(r)["items"][0]["share_path"],
            "/public/competitions/" + std::to_string(comp.id) + "/entries/1");
  EXPECT_EQ(anon.Call("GET", Path(999)).status, 404);
  EXPECT_EQ(anon.Call("GET", "/api/v1/public/competitions/abc").status, 404);
}

TEST_F(VoteApiTest, CodeHasSixDigitsAndOnlyItsKeyedHashIsStored) {
  Client c(*s.app);
  auto r = c.Call("POST", Path(comp.id, "/otp"), R"({"phone":"13800138000"})");
  ASSERT_EQ(r.status, 200) << r.body;
  std::string code = s.sys->votes->DevLastCode("13800138000");
  ASSERT_EQ(code.size(), 6u);
  EXPECT_EQ(code.find_first_not_of("0123456789"), std::string::npos);
  EXPECT_EQ(QueryInt(*s.sys, "SELECT COUNT(*) FROM vote_otp_codes"), 1);
  std::string hash = QueryStr(*s.sys, "SELECT code_hash FROM vote_otp_codes");
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_EQ(hash.find(code), std::string::npos);
  // The phone is nowhere: not in the code table, the send log or the audit log.
  EXPECT_EQ(
      QueryInt(*s.sys, "SELECT COUNT(*) FROM vote_otp_codes WHERE phone_key LIKE '%13800138000%'"),
      0);
  EXPECT_EQ(
      QueryInt(*s.sys, "SELECT COUNT(*) FROM vote_otp_sends WHERE send_key LIKE '%13800138000%'"),
      0);
  EXPECT_EQ(QueryInt(*s.sys,
                     "SELECT COUNT(*) FROM audit_events WHERE after_json LIKE '%13800138000%' OR "
                     "object_id LIKE '%13800138000%'"),
            0);
  // Codes differ between sends (CSPRNG), checked over a few phones.
  std::set<std::string> codes;
  for (int i = 0; i < 4; ++i) {
    std::string phone = "1390000000" + std::to_string(i);
    ASSERT_EQ(c.Call("POST", Path(comp.id, "/otp"), json{{"phone", phone}}.dump()).status, 200);
    codes.insert(s.sys->votes->DevLastCode(phone));
  }
  EXPECT_GE(codes.size(), 3u);
}

TEST_F(VoteApiTest, RejectsPhonesThatAreNotMainlandMobiles) {
  Client c(*s.app);
  for (const char* bad : {"12800138000", "1380013800", "138001380000", "+8613800138000", "abc"}) {
    auto r = c.Call("POST", Path(comp.id, "/otp"), json{{"phone", bad}}.dump());
    EXPECT_EQ(r.status, 422) << bad;
    EXPECT_EQ(ErrorField(r), "phone") << bad;
  }
  EXPECT_EQ(QueryInt(*s.sys, "SELECT COUNT(*) FROM vote_otp_sends"), 0);
}

TEST_F(VoteApiTest, CodeExpiresAfterTenMinutes) {
  Client c(*s.app);
  ASSERT_EQ(c.Call("POST", Path(comp.id, "/otp"), R"({"phone":"13800138001"})").status, 200);
  ASSERT_EQ(c.Call("POST", Path(comp.id, "/otp"), R"({"phone":"13800138002"})").status, 200);
  std::string c1 = s.sys->votes->DevLastCode("13800138001");
  std::string c2 = s.sys->votes->DevLastCode("13800138002");
  clock.Set(9 * ClockShift::kMinute + 50 * 1000);
  auto r = c.Call("POST", Path(comp.id, "/otp/verify"),
                  json{{"phone", "13800138001"}, {"code", c1}}.dump());
  EXPECT_EQ(r.status, 200) << r.body;
  clock.Set(10 * ClockShift::kMinute + 1000);
  r = c.Call("POST", Path(comp.id, "/otp/verify"),
             json{{"phone", "13800138002"}, {"code", c2}}.dump());
  EXPECT_EQ(r.status, 422);
  EXPECT_NE(r.body.find("expired"), std::string::npos) << r.body;
}

TEST_F(VoteApiTest, CodeDiesAfterFiveWrongTriesAndTheCountSurvivesANewServer) {
  Client c(*s.app);
  ASSERT_EQ(c.Call("POST", Path(comp.id, "/otp"), R"({"phone":"13800138003"})").status, 200);
  std::string code = s.sys->votes->DevLastCode("13800138003");
  std::string wrong = code == "000000" ? "111111" : "000000";
  for (int i = 0; i < 3; ++i) {
    auto r = c.Call("POST", Path(comp.id, "/otp/verify"),
                    json{{"phone", "13800138003"}, {"code", wrong}}.dump());
    EXPECT_EQ(r.status, 422) << r.body;
  }
  // A second server on the same database (a new session, another process).
  auto sys2 = app::System::Open(s.sys->cfg, false);
  ASSERT_TRUE(sys2.ok()) << sys2.status().message();
  auto services2 = std::make_unique<http::Services>((*sys2)->services());
  http::App app2(http::BuildRoutes(*services2), *(*sys2)->auth, *(*sys2)->db, http::AppOptions{});
  Client c2(app2, "10.9.9.9");
  for (int i = 0; i < 2; ++i)
    EXPECT_EQ(c2.Call("POST", Path(comp.id, "/otp/verify"),
                      json{{"phone", "13800138003"}, {"code", wrong}}.dump())
                  .status,
              422);
  auto r = c2.Call("POST", Path(comp.id, "/otp/verify"),
                   json{{"phone", "13800138003"}, {"code", code}}.dump());
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_NE(r.body.find("too many wrong tries"), std::string::npos) << r.body;
  EXPECT_EQ(QueryInt(*s.sys, "SELECT attempts FROM vote_otp_codes"), 5);
}

TEST_F(VoteApiTest, SendLimitsPerPhoneAndPerAddress) {
  Client c(*s.app, "10.0.0.7");
  std::string body = R"({"phone":"13800138004"})";
  ASSERT_EQ(c.Call("POST", Path(comp.id, "/otp"), body).status, 200);
  auto r = c.Call("POST", Path(comp.id, "/otp"), body);
  EXPECT_EQ(r.status, 429);
  EXPECT_FALSE(HeaderOf(r, "Retry-After").empty());
  // Exactly one Retry-After: a client may refuse a response with two.
  EXPECT_EQ(std::count_if(r.headers.begin(), r.headers.end(),
                          [](const auto& h) { return h.first == "Retry-After"; }),
            1);
  for (int i = 1; i < 5; ++i) {
    clock.Set(i * 61 * 1000LL);
    EXPECT_EQ(c.Call("POST", Path(comp.id, "/otp"), body).status, 200) << i;
  }
  clock.Set(6 * 61 * 1000LL);
  r = c.Call("POST", Path(comp.id, "/otp"), body);
  EXPECT_EQ(r.status, 429);
  EXPECT_NE(r.body.find("5 codes a day"), std::string::npos) << r.body;
  clock.Set(24 * 3600 * 1000LL + 10 * 60 * 1000LL);
  EXPECT_EQ(c.Call("POST", Path(comp.id, "/otp"), body).status, 200);
  // Per client address: other phones from one address.
  s.sys->cfg.otp_ip_max_per_hour = 3;
  Client d(*s.app, "10.0.0.8");
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(d.Call("POST", Path(comp.id, "/otp"),
                     json{{"phone", "1370000000" + std::to_string(i)}}.dump())
                  .status,
              200);
  r = d.Call("POST", Path(comp.id, "/otp"), R"({"phone":"13700000009"})");
  EXPECT_EQ(r.status, 429);
  EXPECT_NE(r.body.find("network"), std::string::npos);
}

TEST_F(VoteApiTest, SixtyFourConcurrentIdenticalVotesLeaveOneVote) {
  std::string token = Verify("13800138005");
  for (bool with_key : {true, false}) {
    long long entry = with_key ? 1 : 2;
    std::atomic<int> ok{0}, conflict{0}, other{0};
    std::vector<std::thread> ts;
    for (int i = 0; i < 64; ++i)
      ts.emplace_back([&] {
        auto r = Vote(token, json::array({entry}), "10.0.0.1", with_key ? "same-request-1" : "");
        (r.status == 200 ? ok : r.status == 409 ? conflict : other)++;
      });
    for (auto& t : ts) t.join();
    EXPECT_EQ(Rows("application_id = " + std::to_string(comp.apps[entry - 1])), 1);
    EXPECT_EQ(other.load(), 0);
    if (with_key)
      EXPECT_EQ(ok.load(), 64);  // the same success, again and again
    else
      EXPECT_EQ(ok.load(), 1);
  }
  EXPECT_EQ(Rows(), 2);
}

TEST_F(VoteApiTest, RefusesOverTheDailyLimitAndRepeatsWithTheReason) {
  std::string token = Verify("13800138006");
  auto r = Vote(token, json::array({1, 2}));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json::parse(r.body)["used_today"], 2);
  r = Vote(token, json::array({1}));
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(r.body.find("already voted for entry 1 today"), std::string::npos) << r.body;
  r = Vote(token, json::array({3, 4}));
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(r.body.find("daily limit"), std::string::npos) << r.body;
  EXPECT_EQ(ErrorField(r), "entries");
  EXPECT_EQ(Vote(token, json::array({3})).status, 200);
  EXPECT_EQ(Vote(token, json::array({4})).status, 409);
  EXPECT_EQ(Rows(), 3);
  r = Vote(token, json::array({99}));
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(Vote("not-a-token", json::array({4})).status, 401);
  // The next day (China Standard Time) the voter may vote again.
  clock.Set(24 * 3600 * 1000LL);
  std::string token2 = Verify("13800138006");
  EXPECT_EQ(Vote(token2, json::array({1, 4})).status, 200);
  EXPECT_EQ(Rows(), 5);
}

TEST_F(VoteApiTest, DailyLimitHoldsUnderConcurrency) {
  std::string token = Verify("13800138007");
  std::atomic<int> ok{0};
  std::vector<std::thread> ts;
  for (int i = 1; i <= 5; ++i)
    for (int k = 0; k < 4; ++k)
      ts.emplace_back([&, i] {
        if (Vote(token, json::array({i})).status == 200) ok++;
      });
  for (auto& t : ts) t.join();
  EXPECT_EQ(ok.load(), 3);
  EXPECT_EQ(Rows(), 3);
  EXPECT_EQ(QueryInt(*s.sys, "SELECT used FROM vote_voter_days"), 3);
}

// The writer decides a batch from its reads and then writes it set-based; if
// another server filled the voter's day counter in between, the counter
// refuses, the batch is redone request by request, and the vote is refused
// with nothing written.
TEST_F(VoteApiTest, AVoteRefusedByACounterAnotherServerFilledLeavesNothing) {
  std::string token = Verify("13800138010");
  ASSERT_EQ(Vote(token, json::array({1})).status, 200);
  std::string voter = QueryStr(*s.sys, "SELECT voter_key FROM vote_voter_sessions");
  // Another server took the last two places of today (its votes not visible yet).
  ASSERT_TRUE(
      ExecSql(*s.sys, "UPDATE vote_voter_days SET used = max_allowed WHERE voter_key = :1", {voter})
          .ok());
  long long events = CountEvents(*s.sys, "vote.cast");
  auto r = Vote(token, json::array({2}), "10.0.0.1", "after-the-race");
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_NE(r.body.find("daily limit"), std::string::npos) << r.body;
  EXPECT_EQ(Rows(), 1);
  EXPECT_EQ(QueryInt(*s.sys, "SELECT COUNT(*) FROM vote_requests"), 0);
  EXPECT_EQ(CountEvents(*s.sys, "vote.cast"), events);
}

// Votes of many voters committed together: each answered with its own votes,
// a double tap with the first answer, all of them in one audit trail.
TEST_F(VoteApiTest, ConcurrentVotersAreEachAnsweredWithTheirOwnVotes) {
  std::vector<std::string> tokens;
  for (int v = 0; v < 8; ++v) tokens.push_back(Verify("1390013800" + std::to_string(v)));
  std::vector<std::string> bodies(16);
  std::vector<int> status(16);
  std::vector<std::thread> ts;
  for (int i = 0; i < 16; ++i)
    ts.emplace_back([&, i] {
      // Voter i % 8 votes for entry i % 4 + 1; the second round repeats it with the same key.
      auto r =
          Vote(tokens[i % 8], json::array({i % 4 + 1}), "10.0.0.1", "k" + std::to_string(i % 8));
      status[i] = r.status;
      bodies[i] = r.body;
    });
  for (auto& t : ts) t.join();
  for (int i = 0; i < 16; ++i) {
    ASSERT_EQ(status[i], 200) << bodies[i];
    json a = json::parse(bodies[i]);
    EXPECT_EQ(a["votes"][0]["entry_no"], i % 4 + 1);
    EXPECT_EQ(a["used_today"], 1);
    EXPECT_EQ(bodies[i], bodies[(i + 8) % 16]);  // the double tap: the same answer
  }
  EXPECT_EQ(Rows(), 8);
  // Every vote is listed in a vote.cast audit event.
  EXPECT_EQ(QueryInt(*s.sys,
                     "SELECT COUNT(*) FROM competition_votes v WHERE NOT EXISTS (SELECT 1 FROM "
                     "audit_events a WHERE a.action = 'vote.cast' AND a.after_json LIKE '%' || "
                     "CAST(v.id AS VARCHAR(20)) || '%')"),
            0);
}

TEST_F(VoteApiTest, VotesOnlyWithinTheVotingWindow) {
  std::string token = Verify("13800138008");
  ASSERT_TRUE(ExecSql(*s.sys, "UPDATE competitions SET voting_opens_at = :1 WHERE id = :2",
                      {NowMs() / 1000 + 3600, comp.id})
                  .ok());
  auto r = Vote(token, json::array({1}));
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(r.body.find("not opened"), std::string::npos);
  ASSERT_TRUE(ExecSql(*s.sys, "UPDATE competitions SET voting_opens_at = :1 WHERE id = :2",
                      {NowMs() / 1000 - 3600, comp.id})
                  .ok());
  clock.Set(73 * 3600 * 1000LL);
  r = Vote(token, json::array({1}));
  EXPECT_EQ(r.status, 401);  // the voter token expired as well
  EXPECT_EQ(Rows(), 0);
}

TEST_F(VoteApiTest, HiddenCountsAreAbsentBeforeCloseAndPresentAfter) {
  VoteComp hidden = MakeVoteComp(*s.sys, "440705000000", "open", 3, 3, true, 2);
  std::string token = Verify("13800138009", "10.0.0.1", hidden.id);
  ASSERT_EQ(Vote(token, json::array({1, 2}), "10.0.0.1", "", hidden.id).status, 200);
  Client staff =
      LoggedIn(s, (MakeUser(*s.sys, "vote_staff", Role::kStaff, "440700000000"), "vote_staff"));
  ASSERT_EQ(
      staff
          .Call("POST", "/api/v1/competitions/" + std::to_string(hidden.id) + "/paper-ballots",
                json{{"event_name", "社区集市"},
                     {"collected_at", Rfc3339(NowMs() - 60000)},
                     {"counts", json::array({{{"entry_no", 1}, {"votes", 40}}})}}
                    .dump())
          .status,
      201);
  Client anon(*s.app);
  std::vector<std::string> paths = {Path(hidden.id), Path(hidden.id, "/entries")};
  for (auto& p : paths) {
    auto r = anon.Call("GET", p);
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.body.find("votes_"), std::string::npos) << r.body;
    EXPECT_EQ(anon.Json(r)["counts_visible"], false);
  }
  auto r =
      staff.Call("GET", "/api/v1/competitions/" + std::to_string(hidden.id) + "/paper-ballots");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.find("\"votes\""), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("ballots"), std::string::npos) << r.body;
  clock.Set(3 * 3600 * 1000LL);  // voting closed
  r = anon.Call("GET", Path(hidden.id));
  EXPECT_EQ(anon.Json(r)["votes_online"], 2);
  EXPECT_EQ(anon.Json(r)["votes_paper"], 40);
  EXPECT_EQ(anon.Json(r)["votes_total"], 42);
  r = anon.Call("GET", Path(hidden.id, "/entries"));
  EXPECT_EQ(anon.Json(r)["items"][0]["votes_total"], 41);
  EXPECT_EQ(anon.Json(r)["items"][1]["votes_total"], 1);
}

TEST_F(VoteApiTest, PaperBallotsAreMergedAuditedAndVoidable) {
  MakeUser(*s.sys, "paper_staff", Role::kStaff, "440705000000");
  Client staff = LoggedIn(s, "paper_staff");
  std::string base = "/api/v1/competitions/" + std::to_string(comp.id) + "/paper-ballots";
  auto r = staff.Call("POST", base,
                      json{{"event_name", "会城街道集票活动"},
                           {"collected_at", Rfc3339(NowMs() - 3600000)},
                           {"counts", json::array({{{"entry_no", 1}, {"votes", 12}},
                                                   {{"entry_no", 2}, {"votes", 5}}})}}
                          .dump());
  ASSERT_EQ(r.status, 201) << r.body;
  long long batch = staff.Json(r)["id"];
  EXPECT_EQ(staff.Json(r)["ballots"], 17);
  EXPECT_EQ(CountEvents(*s.sys, "vote.paper_batch"), 1);
  Client anon(*s.app);
  std::string token = Verify("13800138010");
  ASSERT_EQ(Vote(token, json::array({1})).status, 200);
  r = anon.Call("GET", Path(comp.id, "/entries"));
  EXPECT_EQ(anon.Json(r)["items"][0]["votes_online"], 1);
  EXPECT_EQ(anon.Json(r)["items"][0]["votes_paper"], 12);
  EXPECT_EQ(anon.Json(r)["items"][0]["votes_total"], 13);
  // Bad input names its field and changes nothing.
  r = staff.Call("POST", base,
                 json{{"event_name", "x"},
                      {"collected_at", Rfc3339(NowMs() - 1000)},
                      {"counts", json::array({{{"entry_no", 77}, {"votes", 1}}})}}
                     .dump());
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(ErrorField(r), "counts[0].entry_no");
  r = staff.Call("POST", base,
                 json{{"event_name", "x"},
                      {"collected_at", Rfc3339(NowMs() - 1000)},
                      {"counts", json::array({{{"entry_no", 1}, {"votes", -3}}})}}
                     .dump());
  EXPECT_EQ(ErrorField(r), "counts[0].votes");
  EXPECT_EQ(QueryInt(*s.sys, "SELECT COUNT(*) FROM competition_paper_batches"), 1);
  // Void with a reason: the batch stays listed, its ballots stop counting.
  r = staff.Call("POST", base + "/" + std::to_string(batch) + "/void", R"({"reason":"重复录入"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(staff.Json(r)["voided"], true);
  EXPECT_EQ(CountEvents(*s.sys, "vote.paper_void"), 1);
  r = anon.Call("GET", Path(comp.id, "/entries"));
  EXPECT_EQ(anon.Json(r)["items"][0]["votes_total"], 1);
  // Out of scope: another district's staff do not see the competition.
  MakeUser(*s.sys, "ts_paper", Role::kStaff, "440781000000");
  Client other = LoggedIn(s, "ts_paper");
  EXPECT_EQ(other.Call("GET", base).status, 404);
}

TEST_F(VoteApiTest, FraudReportListsSubnetBurstsAndVoidedVotesStopCounting) {
  // Start at second 1 of a minute, so all the votes below fall in one minute.
  clock.Set(60000 - NowMs() % 60000 + 1000);
  for (int i = 0; i < 6; ++i) {
    std::string ip = "10.1.1." + std::to_string(10 + i);
    std::string token = Verify("1350000000" + std::to_string(i), ip);
    ASSERT_EQ(Vote(token, json::array({2}), ip).status, 200);
  }
  std::string token = Verify("13600000001", "192.168.5.5");
  ASSERT_EQ(Vote(token, json::array({2}), "192.168.5.5").status, 200);
  MakeUser(*s.sys, "fraud_rev", Role::kReviewer, "440700000000");
  Client rev = LoggedIn(s, "fraud_rev");
  std::string base = "/api/v1/competitions/" + std::to_string(comp.id) + "/fraud-report";
  auto r = rev.Call("GET", base + "?subnet_threshold=5&minute_threshold=100");
  ASSERT_EQ(r.status, 200) << r.body;
  json rep = rev.Json(r);
  ASSERT_EQ(rep["bursts"].size(), 1u);
  EXPECT_EQ(rep["bursts"][0]["kind"], "subnet");
  EXPECT_EQ(rep["bursts"][0]["key"], "10.1.1.0/24");
  EXPECT_EQ(rep["bursts"][0]["votes"], 6);
  json ids = json::array();
  for (auto& v : rep["bursts"][0]["items"]) ids.push_back(v["id"]);
  r = rev.Call("GET", base + "?subnet_threshold=200&minute_threshold=7");
  EXPECT_EQ(rev.Json(r)["bursts"].size(), 1u);
  EXPECT_EQ(rev.Json(r)["bursts"][0]["kind"], "minute");
  EXPECT_EQ(rev.Call("GET", base + "?subnet_threshold=x").status, 422);
  r = rev.Call("POST", base + "/void", json{{"vote_ids", ids}}.dump());
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(ErrorField(r), "reason");
  r = rev.Call("POST", base + "/void",
               json{{"vote_ids", ids}, {"reason", "同一网段集中投票"}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(rev.Json(r)["count"], 6);
  EXPECT_EQ(Rows(), 7);  // voided votes stay recorded
  EXPECT_EQ(Rows("voided_at IS NOT NULL AND void_reason = '同一网段集中投票'"), 6);
  EXPECT_EQ(CountEvents(*s.sys, "vote.void"), 1);
  Client anon(*s.app);
  r = anon.Call("GET", Path(comp.id, "/entries"));
  EXPECT_EQ(anon.Json(r)["items"][1]["votes_online"], 1);
  EXPECT_GE(CountEvents(*s.sys, "vote.cast"), 1);
}

}  // namespace
}  // namespace shuniu::testing
