// Competitions and qualified entries inserted with SQL for the voting tests
// and the access matrix (until the competition capability creates them).
#pragma once

#include <string>
#include <vector>

#include "api/harness.h"
#include "core/crypto.h"

namespace shuniu::testing {

struct VoteComp {
  long long id = 0;
  std::vector<long long> apps;  // application ids of entries 1..n
};

// A competition of `region` in `state` with `entries` qualified entries
// (entry_no 1..n); voting runs from now-1h to now+`open_hours`.
inline VoteComp MakeVoteComp(app::System& sys, const std::string& region,
                             const std::string& state = "open", int entries = 5,
                             long long max_per_day = 3, bool hidden = false,
                             long long open_hours = 72) {
  VoteComp out;
  out.id = crypto::RandomId();
  long long now = NowMs() / 1000;
  Status st = ExecSql(
      sys,
      "INSERT INTO competitions (id, region_code, name, series, phase_no, year, kind, "
      "description, pool_fen, eligibility_json, matching_ratio_pct, expert_weight_pct, "
      "vote_weight_pct, award_rule_json, criteria_json, vote_rules_json, counts_hidden, "
      "apply_opens_at, apply_closes_at, qualify_closes_at, scoring_closes_at, voting_opens_at, "
      "voting_closes_at, results_at, state, created_by_name, version, created_at, updated_at) "
      "VALUES (:1, :2, :3, '集思公益', 3, 2026, 'venture', '测试公益创投', 100000000, '{}', 0, 70, "
      "30, '{}', '[]', :4, :5, :6, :7, :8, :9, :10, :11, :12, :13, 'test', 1, :14, :15)",
      {out.id, region, "集思公益创投 " + region,
       "{\"max_entries_per_day\":" + std::to_string(max_per_day) + ",\"per_entry_per_day\":1}",
       hidden ? 1LL : 0LL, now - 30 * 86400, now - 20 * 86400, now - 15 * 86400, now - 10 * 86400,
       now - 3600, now + open_hours * 3600, now + open_hours * 3600 + 86400, state,
       now - 30 * 86400, now - 30 * 86400});
  EXPECT_TRUE(st.ok()) << st.message();
  long long org = MakeOrg(sys, "投票测试组织 " + std::to_string(out.id % 100000), region);
  for (int i = 1; i <= entries; ++i) {
    long long app = crypto::RandomId();
    st = ExecSql(
        sys,
        "INSERT INTO competition_applications (id, competition_id, org_id, region_code, "
        "entry_no, title, summary, plan, budget_lines_json, requested_fen, matching_fen, "
        "file_ids_json, state, qualification_reason, version, created_at, updated_at) "
        "VALUES (:1, :2, :3, :4, :5, :6, '项目简介', '计划', '[]', 100000, 0, '[]', "
        "'qualified', '', 1, 0, 0)",
        {app, out.id, org, region, static_cast<long long>(i), "参赛项目 " + std::to_string(i)});
    EXPECT_TRUE(st.ok()) << st.message();
    out.apps.push_back(app);
  }
  return out;
}

}  // namespace shuniu::testing
