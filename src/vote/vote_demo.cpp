// The public-voting part of the Jiangmen demo: when no competition of the demo
// is in its voting phase (the competition capability's demo makes the city's
// running competition), a city competition in voting is added with entries of
// demo organizations, so the public voting page can be tried. Idempotent.
#include "audit/audit_service.h"
#include "core/crypto.h"
#include "core/time.h"
#include "vote/vote_service.h"

namespace shuniu::vote {

Status VoteService::LoadDemo(const Principal& cli) {
  int64_t now = NowMs() / 1000;
  return d_.db.Tx([&](db::Conn& c) {
    auto running = c.QueryOne(
        "SELECT COUNT(*) FROM competitions WHERE state = 'open' AND voting_opens_at <= :1 AND "
        "voting_closes_at > :2",
        {static_cast<long long>(now), static_cast<long long>(now)});
    if (!running.ok()) return running.status();
    if ((*running)->Int(0) > 0) return Status::Ok();
    auto orgs = c.Query(
        "SELECT id, region_code FROM orgs WHERE region_code BETWEEN '440700000000' AND "
        "'440799999999' ORDER BY id LIMIT 8");
    if (!orgs.ok()) return orgs.status();
    if (orgs->empty()) return Status::Ok();
    long long id = crypto::RandomId();
    long long day = 86400;
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "INSERT INTO competitions (id, region_code, name, series, phase_no, year, kind, "
        "description, pool_fen, eligibility_json, matching_ratio_pct, expert_weight_pct, "
        "vote_weight_pct, award_rule_json, criteria_json, vote_rules_json, counts_hidden, "
        "apply_opens_at, apply_closes_at, qualify_closes_at, scoring_closes_at, voting_opens_at, "
        "voting_closes_at, results_at, state, rules_frozen_at, created_by_name, version, "
        "created_at, updated_at) VALUES (:1, '440700000000', :2, '集思公益', 3, 2026, 'venture', "
        ":3, 60000000, '{}', 0, 70, 30, :4, '[]', :5, 0, :6, :7, :8, :9, :10, :11, :12, "
        "'open', :13, 'demo', 1, :14, :15)",
        {id, std::string("江门市“集思公益”妇女儿童公益创投（第三期）集票投票"),
         std::string("为支持的妇女儿童公益项目投票：每个手机号每天最多可投 3 个项目。"),
         std::string(R"({"rule":"rank_within_budget"})"),
         std::string(R"({"max_entries_per_day":3,"per_entry_per_day":1})"), now - 60 * day,
         now - 40 * day, now - 30 * day, now - 20 * day, now - day, now + 14 * day, now + 21 * day,
         now - day, now, now}));
    static const char* kTitles[] = {
        "巾帼家庭教育指导进社区", "留守儿童暑期成长营", "妇女就业技能提升计划", "儿童友好社区营造",
        "反家暴法律援助服务",     "长者与儿童共学课堂", "女性创业互助小组",     "亲子阅读推广行动"};
    long long no = 0;
    for (auto& o : *orgs) {
      ++no;
      SHUNIU_RETURN_IF_ERROR(c.Exec(
          "INSERT INTO competition_applications (id, competition_id, org_id, region_code, "
          "entry_no, title, summary, plan, budget_lines_json, requested_fen, matching_fen, "
          "file_ids_json, state, qualification_reason, submitted_at, qualified_at, version, "
          "created_at, updated_at) VALUES (:1, :2, :3, :4, :5, :6, :7, '', '[]', 5000000, 1000000, "
          "'[]', 'qualified', '', :8, :9, 1, :10, :11)",
          {crypto::RandomId(), id, o.Int(0), o.Str(1), no, std::string(kTitles[no - 1]),
           std::string("面向辖区妇女儿童的公益服务项目，详见申报书。"), now - 45 * day,
           now - 25 * day, now - 45 * day, now - 25 * day}));
    }
    return audit::AuditService::Record(c, cli.ctx, "vote.demo", "competition", std::to_string(id),
                                       "440700000000", std::nullopt,
                                       nlohmann::json{{"entries", no}});
  });
}

Result<nlohmann::json> VoteService::PublicList() {
  Result<nlohmann::json> out = Internal("not run");
  int64_t now = NowMs() / 1000;
  Status st = d_.db.Read([&](db::Conn& c) {
    auto rows = c.Query(
        "SELECT id, name, series, phase_no, year, state, voting_opens_at, voting_closes_at, "
        "region_code FROM competitions WHERE state IN ('open', 'results', 'closed') ORDER BY "
        "voting_closes_at DESC, id LIMIT 100");
    if (!rows.ok()) return rows.status();
    nlohmann::json items = nlohmann::json::array();
    for (auto& r : *rows) {
      std::string phase = r.Str(5) != "open"                  ? r.Str(5)
                          : now >= r.Int(6) && now < r.Int(7) ? "voting"
                          : now >= r.Int(7)                   ? "counting"
                                                              : "upcoming";
      items.push_back({{"id", r.Int(0)},
                       {"name", r.Str(1)},
                       {"series", r.Str(2)},
                       {"phase_no", r.Int(3)},
                       {"year", r.Int(4)},
                       {"phase", phase},
                       {"voting_opens_at", r.Int(6)},
                       {"voting_closes_at", r.Int(7)},
                       {"region_code", r.Str(8)}});
    }
    out = nlohmann::json{{"items", items}, {"total", items.size()}};
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

}  // namespace shuniu::vote
