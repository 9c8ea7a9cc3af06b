// The Jiangmen demo of supervision (妇联监督): for each commissioned seed
// project the contracted organization reports per milestone (gender- and
// age-disaggregated beneficiaries, spending by budget line), 江门市妇联 staff
// (jm_staff) approve and request the tranche, the finance officer (jm_finance)
// approves it as second approver, and jm_staff releases it — which writes the
// contract payment and the organization's income. 2014 projects are paid in
// full, 2015 projects their first milestone; 家庭教育大讲堂 has its second
// report waiting for review and a site inspection with an open finding.
// Idempotent: a project that already has reports is left as it is.
#include "core/region_code.h"
#include "project/supervision_service.h"

namespace shuniu::project {
namespace {

using nlohmann::json;

Principal As(const Principal& cli, const auth::User& u) {
  Principal p = cli;
  p.user_id = u.id;
  p.username = u.username;
  p.role = u.role;
  p.region_code = u.region_code;
  p.org_id = u.org_id;
  p.ctx.actor_id = u.id;
  p.ctx.actor_name = u.username;
  return p;
}

Principal AsOrg(const Principal& cli, long long org_id) {
  Principal p = cli;
  p.user_id = 0;
  p.role = Role::kOrg;
  p.org_id = org_id;
  return p;
}

// Beneficiaries of one report: `share` percent of the project's expected figures,
// split by gender, age group and the city's districts.
json Figures(const Project& pr, long long share) {
  long long women = pr.beneficiaries.women.value_or(0) * share / 100;
  long long men = pr.beneficiaries.men.value_or(0) * share / 100;
  long long total = women + men;
  long long children = total / 5, seniors = total / 10, adults = total - children - seniors;
  long long penjiang = total / 2, jianghai = total / 4, xinhui = total - penjiang - jianghai;
  return {{"total", total},
          {"female", women},
          {"male", men},
          {"children", children},
          {"adults", adults},
          {"seniors", seniors},
          {"regions", json::array({{{"region_code", "440703000000"}, {"count", penjiang}},
                                   {{"region_code", "440704000000"}, {"count", jianghai}},
                                   {{"region_code", "440705000000"}, {"count", xinhui}}})}};
}

}  // namespace

Status SupervisionService::LoadDemo(const Principal& cli) {
  auto staff_u = d_.users.FindByUsername("jm_staff");
  auto finance_u = d_.users.FindByUsername("jm_finance");
  if (!staff_u.ok()) return staff_u.status();
  if (!finance_u.ok()) return finance_u.status();
  if (!*staff_u || !*finance_u) return Status::Ok();  // accounts come first (app/system.cpp)
  Principal staff = As(cli, **staff_u), finance = As(cli, **finance_u);
  ProjectFilter f;
  f.state = "in_progress";
  f.size = 200;
  auto list = projects_.List(cli, f);
  if (!list.ok()) return list.status();
  for (auto& pr : list->first) {
    if (!pr.contract_id) continue;
    SupervisionFilter rf;
    rf.project_id = pr.id;
    auto existing = ListReports(cli, rf);
    if (!existing.ok()) return existing.status();
    if (existing->second > 0) continue;
    auto k = projects_.GetContract(cli, *pr.contract_id);
    if (!k.ok()) return k.status();
    Principal org = AsOrg(cli, k->provider_org_id);
    size_t paid = pr.year <= 2014 ? k->milestones.size() : 1;
    bool flagship = pr.title == "家庭教育大讲堂";
    for (size_t i = 0; i < k->milestones.size(); ++i) {
      const Milestone& m = k->milestones[i];
      if (i >= paid && !flagship) break;
      bool last = i + 1 == k->milestones.size();
      ReportInput in;
      in.project_id = pr.id;
      in.milestone_id = m.id;
      in.period_end =
          last ? std::to_string(pr.year) + "-12-10" : std::to_string(pr.year) + "-03-10";
      in.narrative = last ? "全年按计划完成“" + pr.title +
                                "”各项服务，受益对象覆盖全市各区，服务满意度调查良好。"
                          : "项目启动：完成需求调研、人员招募与培训，开展首批服务活动。";
      in.activities = json::array(
          {json{{"name", last ? "总结分享会" : "项目启动会"},
                {"held_on",
                 last ? std::to_string(pr.year) + "-12-05" : std::to_string(pr.year) + "-03-05"},
                {"participants", 80}},
           json{{"name", "主题服务活动"}, {"held_on", *in.period_end}, {"participants", 120}}});
      in.beneficiaries = Figures(pr, last ? 60 : 40);
      json spending = json::array();
      for (auto& line : pr.budget_lines)
        spending.push_back({{"line", line.name}, {"amount", line.amount * m.amount / k->price}});
      in.spending = spending;
      in.file_ids = json::array();
      auto r = CreateReport(org, in);
      if (!r.ok()) return r.status();
      auto st = SubmitReport(org, r->id);
      if (!st.ok()) return st.status();
      if (i >= paid) continue;  // the flagship's second report waits for review
      st = ApproveReport(staff, r->id);
      if (!st.ok()) return st.status();
      auto t = RequestTranche(staff, r->id, std::nullopt, "按合同约定拨付");
      if (!t.ok()) return t.status();
      auto ok = ApproveTranche(finance, t->id);
      if (!ok.ok()) return ok.status();
      ok = ReleaseTranche(
          staff, t->id,
          last ? std::to_string(pr.year) + "-12-20" : std::to_string(pr.year) + "-03-15");
      if (!ok.ok()) return ok.status();
    }
    if (flagship) {
      InspectionInput in;
      in.project_id = pr.id;
      in.inspected_on = std::to_string(pr.year) + "-06-18";
      in.inspectors = json::array({"江门市妇联 李慧敏", "江门市妇联 财务 周婉华"});
      in.summary = "实地查看蓬江区服务点：活动开展有序，台账基本齐全。";
      in.findings = json::array(
          {json{{"description", "活动签到表未记录受益人性别与年龄段，无法核对分性别统计数据"},
                {"rectify_by", std::to_string(pr.year) + "-07-15"}}});
      auto x = CreateInspection(staff, in);
      if (!x.ok()) return x.status();
    }
  }
  return Status::Ok();
}

}  // namespace shuniu::project
