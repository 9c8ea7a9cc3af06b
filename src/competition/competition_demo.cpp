// The Jiangmen demo's competitions: the provincial 集思公益 plan's phase 1 (13
// projects, all closed through the close-out machinery) and phase 2 (17
// funded projects of 10 organizations, 1,141,300 yuan), both published into
// the project cycle; and the running 2026 city competition in its voting phase
// (qualified entries, counts hidden) for the public voting page.
// Idempotent: a competition is created only when its name is not yet present,
// and each close-out step runs only when the project has not passed it.
#include "audit/audit_service.h"
#include "competition/competition_internal.h"
#include "competition/competition_service.h"
#include "core/crypto.h"
#include "project/closeout_service.h"

namespace shuniu::competition {

using nlohmann::json;
using namespace internal;

namespace {

struct DemoEntry {
  const char* org;
  const char* title;
  long long yuan;
  long long score;  // expert score the panel gives (both reviewers, every criterion)
};

// Phase 2: 17 funded projects of 10 organizations = 1,141,300 yuan, plus three
// entries ranked below the pool.
const std::vector<DemoEntry> kPhase2 = {
    {"江门市向日葵家庭教育指导中心", "“家校社”协同育人家长课堂", 98000, 95},
    {"江门市侨乡妇女法律服务中心", "妇女儿童维权法律援助进社区", 85000, 94},
    {"江门市金百合家庭服务中心", "困境儿童家庭陪伴成长计划", 76000, 93},
    {"江门市晴海天社会工作综合服务中心", "留守妇女互助小组培育", 72000, 92},
    {"江门市巾帼义工分会", "巾帼志愿者关爱独居老人行动", 70000, 91},
    {"江门市阳光心理咨询服务中心", "单亲妈妈心理支持热线", 68500, 90},
    {"江门市爱心妈妈志愿服务中心", "“爱心妈妈”结对农村留守儿童", 68000, 89},
    {"江门市童心社会工作服务中心", "儿童防性侵安全教育进校园", 66000, 88},
    {"江门市和谐家庭服务中心", "婚姻家庭纠纷调解服务站", 65000, 87},
    {"江门市婚姻家庭咨询服务中心", "新婚夫妇婚前辅导课堂", 64000, 86},
    {"江门市向日葵家庭教育指导中心", "隔代教养祖辈家长学堂", 63000, 85},
    {"江门市侨乡妇女法律服务中心", "反家暴庇护与个案帮扶", 62000, 84},
    {"江门市金百合家庭服务中心", "巾帼家政技能培训与就业对接", 60000, 83},
    {"江门市晴海天社会工作综合服务中心", "侨乡妇女创业赋能工作坊", 58800, 82},
    {"江门市巾帼义工分会", "“绿色家庭”垃圾分类宣传行动", 56000, 81},
    {"江门市阳光心理咨询服务中心", "青春期女生成长营", 55000, 80},
    {"江门市爱心妈妈志愿服务中心", "困境儿童“微心愿”圆梦行动", 54000, 79},
    {"江门市女企业家协会", "女企业家助学帮扶计划", 60000, 70},
    {"江门市妇女手工艺协会", "侨乡非遗手工传承课堂", 45000, 68},
    {"江门市母婴健康促进会", "孕产妇健康科普进社区", 40000, 66},
};

// Phase 1: 13 projects, all completed (结项).
const std::vector<DemoEntry> kPhase1 = {
    {"江门市向日葵家庭教育指导中心", "亲子共读“书香家庭”培育", 60000, 92},
    {"江门市侨乡妇女法律服务中心", "妇女法律知识普及讲堂", 58000, 91},
    {"江门市金百合家庭服务中心", "流动儿童四点半课堂", 56000, 90},
    {"江门市巾帼义工分会", "巾帼志愿服务队伍培育", 52000, 89},
    {"江门市晴海天社会工作综合服务中心", "社区妇女议事会培育", 55000, 88},
    {"江门市阳光心理咨询服务中心", "产后妈妈心理关怀计划", 50000, 87},
    {"江门市爱心妈妈志愿服务中心", "留守儿童暑期陪伴营", 48000, 86},
    {"江门市童心社会工作服务中心", "儿童友好社区共建", 53000, 85},
    {"江门市和谐家庭服务中心", "家庭暴力预防宣传周", 45000, 84},
    {"江门市单亲母亲互助会", "单亲母亲互助支持网络", 42000, 83},
    {"江门市关爱留守儿童协会", "留守儿童心理健康筛查与辅导", 50000, 82},
    {"江门市家庭教育研究会", "家庭教育指导师培训", 47000, 81},
    {"江门市女医师协会", "“两癌”筛查健康宣教", 44000, 80},
};

// The running city competition: entries open to public voting.
const std::vector<DemoEntry> kCity2026 = {
    {"江门市向日葵家庭教育指导中心", "“双减”背景下的家庭教育支持计划", 80000, 0},
    {"江门市侨乡妇女法律服务中心", "“法护她”妇女维权服务站", 75000, 0},
    {"江门市金百合家庭服务中心", "困境儿童暖心守护行动", 70000, 0},
    {"江门市晴海天社会工作综合服务中心", "乡村妇女数字技能培训", 68000, 0},
    {"江门市巾帼义工分会", "巾帼护河志愿行动", 50000, 0},
    {"江门市爱心妈妈志愿服务中心", "“童伴妈妈”农村儿童关爱", 66000, 0},
    {"江门市童心社会工作服务中心", "儿童安全自护训练营", 60000, 0},
    {"江门市和谐家庭服务中心", "幸福家庭建设指导服务", 58000, 0},
};

const json kCriteria = json::array({{{"code", "need"}, {"name", "需求与目标"}, {"weight", 30}},
                                    {{"code", "plan"}, {"name", "方案可行性"}, {"weight", 40}},
                                    {{"code", "budget"}, {"name", "预算合理性"}, {"weight", 30}}});

int64_t Day(const char* date) { return *ParseRfc3339(date) / 1000; }

}  // namespace

Status CompetitionService::LoadDemo(const Principal& cli) {
  // Reviewers of the demo panel.
  std::vector<long long> reviewers;
  for (const char* name : {"jm_reviewer", "jm_reviewer2"}) {
    auto u = d_.users.FindByUsername(name);
    if (!u.ok()) return u.status();
    if (*u) reviewers.push_back((*u)->id);
  }
  auto ensure_pool = [&](long long year, const std::string& name,
                         long long planned) -> Result<long long> {
    auto pools = projects_.ListPools(cli, year, "", 1, 200);
    if (!pools.ok()) return pools.status();
    for (auto& x : pools->first)
      if (x.name == name) return x.id;
    auto pool =
        projects_.CreatePool(cli, year, "provincial_federation", "440700000000", name, planned);
    if (!pool.ok()) return pool.status();
    return pool->id;
  };

  struct Plan {
    const char* name;
    const char* series;
    long long phase_no, year, pool_yuan;
    const std::vector<DemoEntry>* entries;
    const char *apply_opens, *apply_closes, *qualify_closes, *scoring_closes, *voting_opens,
        *voting_closes, *results;
  };
  const std::vector<Plan> history = {
      {"集思公益计划第一期", "集思公益", 1, 2013, 679000, &kPhase1, "2013-03-01", "2013-03-31",
       "2013-04-10", "2013-04-25", "2013-04-26", "2013-05-10", "2013-05-20"},
      {"集思公益计划第二期", "集思公益", 2, 2014, 1141300, &kPhase2, "2014-03-01", "2014-03-31",
       "2014-04-10", "2014-04-25", "2014-04-26", "2014-05-10", "2014-05-20"},
  };
  for (const Plan& plan : history) {
    auto pool = ensure_pool(plan.year, std::string(plan.name) + "资金", plan.pool_yuan * 100);
    if (!pool.ok()) return pool.status();
    Status st = d_.db.Tx([&](db::Conn& c) -> Status {
      auto exists = c.QueryOne("SELECT id FROM competitions WHERE name = :1", {plan.name});
      if (!exists.ok()) return exists.status();
      if (*exists) return Status::Ok();
      Competition k;
      k.id = crypto::RandomId();
      k.region_code = "440700000000";
      k.name = plan.name;
      k.series = plan.series;
      k.phase_no = plan.phase_no;
      k.year = plan.year;
      k.kind = "venture";
      k.description =
          "省妇联集思公益计划在江门的实施：引导妇女儿童类社会组织开展项目申报、集票投票、"
          "组织联络，评审择优资助。";
      k.pool_fen = plan.pool_yuan * 100;
      k.budget_pool_id = *pool;
      k.eligibility = {{"kinds", json::array()},
                       {"regions", json::array({"440700000000"})},
                       {"min_grade", nullptr},
                       {"exclude_abnormal", true}};
      k.matching_ratio_pct = 0;
      k.expert_weight_pct = 70;
      k.vote_weight_pct = 30;
      k.award_rule = {{"cutoff", "skip"}, {"region_quotas", json::object()}};
      for (auto& x : kCriteria)
        k.criteria.push_back({x["code"], x["name"], x["weight"].get<long long>()});
      k.vote_rules = {{"max_entries_per_day", 3}, {"per_entry_per_day", 1}};
      k.counts_hidden = true;
      k.apply_opens_at = Day(plan.apply_opens);
      k.apply_closes_at = Day(plan.apply_closes);
      k.qualify_closes_at = Day(plan.qualify_closes);
      k.scoring_closes_at = Day(plan.scoring_closes);
      k.voting_opens_at = Day(plan.voting_opens);
      k.voting_closes_at = Day(plan.voting_closes);
      k.results_at = Day(plan.results);
      k.state = "open";
      k.rules_frozen_at = k.voting_opens_at;
      k.created_by_name = Actor(cli);
      k.created_at = k.updated_at = k.apply_opens_at;
      SHUNIU_RETURN_IF_ERROR(StoreComp(c, k, true, cli));
      for (long long r : reviewers)
        SHUNIU_RETURN_IF_ERROR(c.Exec(
            "INSERT INTO competition_reviewers (competition_id, user_id, created_at) VALUES (:1, "
            ":2, :3)",
            {k.id, r, static_cast<long long>(k.created_at)}));
      long long entry_no = 0;
      for (const DemoEntry& e : *plan.entries) {
        auto o = c.QueryOne("SELECT id, region_code FROM orgs WHERE name = :1", {e.org});
        if (!o.ok()) return o.status();
        if (!*o) continue;
        long long app = crypto::RandomId();
        long long fen = e.yuan * 100;
        long long staff = fen * 7 / 10;
        json lines = json::array({{{"name", "活动及物资费"}, {"amount", fen - staff}},
                                  {{"name", "人员及专业服务费"}, {"amount", staff}}});
        int64_t submitted = k.apply_opens_at + 86400 * (10 + entry_no % 15);
        ++entry_no;
        SHUNIU_RETURN_IF_ERROR(c.Exec(
            "INSERT INTO competition_applications (id, competition_id, org_id, region_code, "
            "entry_no, title, summary, plan, budget_lines_json, requested_fen, matching_fen, "
            "file_ids_json, state, qualification_reason, submitted_at, qualified_at, awarded_fen, "
            "version, created_at, updated_at) VALUES (:1, :2, :3, :4, :5, :6, :7, :8, :9, :10, "
            ":11, '[]', 'qualified', '资格审查通过', :12, :13, 0, 1, :14, :15)",
            {app, k.id, (*o)->Int(0), (*o)->Str(1), entry_no, std::string(e.title),
             std::string(e.title) + "：面向江门妇女儿童和家庭的公益服务项目。",
             "需求调研、方案设计、分阶段实施、过程督导与成效评估。", lines.dump(), fen, fen / 5,
             static_cast<long long>(submitted), static_cast<long long>(k.qualify_closes_at),
             static_cast<long long>(submitted), static_cast<long long>(submitted)}));
        for (long long r : reviewers)
          for (auto& x : kCriteria)
            SHUNIU_RETURN_IF_ERROR(c.Exec(
                "INSERT INTO competition_scores (competition_id, application_id, reviewer_id, "
                "criterion, score, created_at) VALUES (:1, :2, :3, :4, :5, :6)",
                {k.id, app, r, x["code"].get<std::string>(), e.score,
                 static_cast<long long>(k.scoring_closes_at)}));
      }
      Results res;
      SHUNIU_RETURN_IF_ERROR(PublishIn(c, cli, k, res, k.results_at));
      // The people each funded project serves (one per 300 yuan, mostly women and girls).
      for (auto& e : res.entries) {
        if (!e.funded) continue;
        long long total = e.awarded_fen / 30000, women = total * 4 / 5;
        json b = {{"total", total}, {"women", women}, {"men", total - women}};
        SHUNIU_RETURN_IF_ERROR(
            c.Exec("UPDATE projects SET beneficiaries_json = :1 WHERE id = (SELECT project_id FROM "
                   "competition_applications WHERE id = :2)",
                   {b.dump(), e.application_id}));
      }
      return Status::Ok();
    });
    if (!st.ok()) return st;
  }

  // Phase 1 is completed: every project closes through the close-out machinery.
  std::vector<std::pair<long long, long long>> closing;  // project, org
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto rows = c.Query(
        "SELECT a.project_id, a.org_id FROM competition_applications a JOIN competitions k ON "
        "k.id = a.competition_id JOIN projects p ON p.id = a.project_id WHERE k.name = :1 AND "
        "p.state = 'in_progress' ORDER BY a.entry_no",
        {std::string("集思公益计划第一期")});
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows) closing.push_back({r.Int(0), r.Int(1)});
    return Status::Ok();
  }));
  project::CloseoutService co(d_);
  for (auto [pid, org_id] : closing) {
    auto now = co.Get(cli, pid);
    if (!now.ok()) return now.status();
    auto pr = projects_.Get(cli, pid);
    if (!pr.ok()) return pr.status();
    json report = (*now)["final_report"];
    if (report.is_null() || report["state"] == "returned") {
      Principal org = cli;
      org.role = Role::kOrg;
      org.org_id = org_id;
      org.region_code = pr->region_code;
      project::FinalReportInput in;
      in.summary = "项目按计划完成，服务覆盖社区妇女儿童及家庭，形成可复制的服务模式。";
      in.beneficiaries = {
          {"women", 180},
          {"men", 40},
          {"by_age", {{"children", 60}, {"youth", 50}, {"middle_aged", 80}, {"elderly", 30}}}};
      json spending = json::array();
      for (auto& l : pr->budget_lines) spending.push_back({{"name", l.name}, {"spent", l.amount}});
      in.spending = spending;
      auto r = co.SubmitReport(org, pid, in);
      if (!r.ok()) return r.status();
      now = r;
    }
    if ((*now)["final_report"]["state"] == "submitted") {
      auto r = co.AcceptReport(cli, pid);
      if (!r.ok()) return r.status();
    }
    auto again = co.Get(cli, pid);
    if (!again.ok()) return again.status();
    if ((*again)["evaluation"].is_null()) {
      auto e = co.Evaluate(cli, pid, 88, "good", "项目目标达成，结项材料齐全。");
      if (!e.ok()) return e.status();
    }
    auto closed = projects_.Close(cli, pid);
    if (!closed.ok()) return closed.status();
  }

  // The running 2026 city competition, in its voting phase around the load time.
  return d_.db.Tx([&](db::Conn& c) -> Status {
    const std::string name = "2026年江门市妇女儿童公益创投大赛";
    auto exists = c.QueryOne("SELECT id FROM competitions WHERE name = :1", {name});
    if (!exists.ok()) return exists.status();
    if (*exists) return Status::Ok();
    int64_t now = NowS();
    Competition k;
    k.id = crypto::RandomId();
    k.region_code = "440700000000";
    k.name = name;
    k.series = "江门市妇女儿童公益创投";
    k.phase_no = 1;
    k.year = 2026;
    k.kind = "venture";
    k.description = "面向全市妇女儿童类社会组织征集公益项目，专家评审与公众投票相结合，择优资助。";
    k.pool_fen = 40000000;
    k.eligibility = {{"kinds", json::array({"association", "social_service_agency", "foundation"})},
                     {"regions", json::array({"440700000000"})},
                     {"min_grade", nullptr},
                     {"exclude_abnormal", true}};
    k.matching_ratio_pct = 10;
    k.expert_weight_pct = 70;
    k.vote_weight_pct = 30;
    k.award_rule = {{"cutoff", "skip"}, {"region_quotas", json::object()}};
    for (auto& x : kCriteria)
      k.criteria.push_back({x["code"], x["name"], x["weight"].get<long long>()});
    k.vote_rules = {{"max_entries_per_day", 3}, {"per_entry_per_day", 1}};
    k.counts_hidden = true;
    const int64_t day = 86400;
    k.apply_opens_at = now - 40 * day;
    k.apply_closes_at = now - 20 * day;
    k.qualify_closes_at = now - 12 * day;
    k.scoring_closes_at = now - 4 * day;
    k.voting_opens_at = now - 3 * day;
    k.voting_closes_at = now + 5 * day;  // amended to 7 days below
    k.results_at = now + 14 * day;
    k.state = "open";
    k.rules_frozen_at = k.voting_opens_at;
    k.created_by_name = Actor(cli);
    k.created_at = k.updated_at = k.apply_opens_at;
    SHUNIU_RETURN_IF_ERROR(StoreComp(c, k, true, cli));
    for (long long r : reviewers)
      SHUNIU_RETURN_IF_ERROR(c.Exec(
          "INSERT INTO competition_reviewers (competition_id, user_id, created_at) VALUES (:1, "
          ":2, :3)",
          {k.id, r, static_cast<long long>(k.created_at)}));
    long long entry_no = 0;
    for (const DemoEntry& e : kCity2026) {
      auto o = c.QueryOne("SELECT id, region_code FROM orgs WHERE name = :1", {e.org});
      if (!o.ok()) return o.status();
      if (!*o) continue;
      long long fen = e.yuan * 100;
      json lines = json::array({{{"name", "项目活动费"}, {"amount", fen}}});
      int64_t submitted = k.apply_opens_at + day * (2 + entry_no);
      ++entry_no;
      SHUNIU_RETURN_IF_ERROR(c.Exec(
          "INSERT INTO competition_applications (id, competition_id, org_id, region_code, "
          "entry_no, title, summary, plan, budget_lines_json, requested_fen, matching_fen, "
          "file_ids_json, state, qualification_reason, submitted_at, qualified_at, awarded_fen, "
          "version, created_at, updated_at) VALUES (:1, :2, :3, :4, :5, :6, :7, :8, :9, :10, :11, "
          "'[]', 'qualified', '资格审查通过', :12, :13, 0, 1, :14, :15)",
          {crypto::RandomId(), k.id, (*o)->Int(0), (*o)->Str(1), entry_no, std::string(e.title),
           std::string(e.title) + "：扎根社区，服务妇女儿童和家庭。",
           "调研需求、组建团队、开展活动、总结评估。", lines.dump(), fen, fen / 5,
           static_cast<long long>(submitted), static_cast<long long>(k.qualify_closes_at),
           static_cast<long long>(submitted), static_cast<long long>(submitted)}));
    }
    SHUNIU_RETURN_IF_ERROR(audit::AuditService::Record(
        c, cli.ctx, "competition.create", "competition", std::to_string(k.id), k.region_code,
        std::nullopt, CompAuditJson(k)));
    // A day into voting the city extended it by two days (an audited amendment).
    Competition before = k;
    k.voting_closes_at += 2 * day;
    k.version += 1;
    k.updated_at = k.voting_opens_at + day;
    SHUNIU_RETURN_IF_ERROR(StoreComp(c, k, false, cli));
    const std::string reason = "应各区妇联要求，投票期延长两天，方便农村妇女和外出务工家庭参与。";
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "INSERT INTO competition_amendments (id, competition_id, reason, before_json, after_json, "
        "amended_by, amended_by_name, created_at) VALUES (:1, :2, :3, :4, :5, :6, :7, :8)",
        {crypto::RandomId(), k.id, reason, CompAuditJson(before).dump(), CompAuditJson(k).dump(),
         db::Opt(UserId(cli)), Actor(cli), static_cast<long long>(k.updated_at)}));
    json after = CompAuditJson(k);
    after["amendment_reason"] = reason;
    return audit::AuditService::Record(c, cli.ctx, "competition.amend", "competition",
                                       std::to_string(k.id), k.region_code, CompAuditJson(before),
                                       after);
  });
}

}  // namespace shuniu::competition
