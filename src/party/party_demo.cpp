// The Party part of the Jiangmen demo: 江门市妇女儿童类社会组织联合党支部, led by
// the social-work centre that runs the city incubation base, with floating
// members spread over resident organizations, a committee, the 2014 and 2026
// activities with attendance, and the `party_sec` account as its officer.
// ID numbers are synthetic but valid (Jiangmen area codes, check character).
#include <cstdio>

#include "party/party_service.h"
#include "party/pii.h"

namespace shuniu::party {

namespace {

struct DemoMember {
  const char* name;
  const char* area;   // 4407xx
  const char* birth;  // YYYYMMDD
  const char* status;
  const char* post;
  const char* in_on;
  const char* out_on;  // "" = still a member
};

const DemoMember kMembers[] = {
    {"梁嘉欣", "440703", "19800315", "full", "secretary", "2013-07-01", ""},
    {"何婉仪", "440703", "19830722", "full", "deputy_secretary", "2013-07-01", ""},
    {"陈雪芬", "440705", "19790110", "full", "organization", "2013-07-01", ""},
    {"黄丽华", "440704", "19850908", "full", "propaganda", "2013-07-01", ""},
    {"李淑贞", "440781", "19760526", "full", "discipline", "2013-09-15", ""},
    {"伍美琪", "440781", "19880214", "full", "", "2013-09-15", ""},
    {"谭秀英", "440783", "19720830", "full", "", "2013-10-08", ""},
    {"吴晓燕", "440784", "19901103", "probationary", "", "2014-03-01", ""},
    {"余惠玲", "440785", "19821219", "full", "", "2013-11-20", ""},
    {"关玉珍", "440703", "19750601", "full", "", "2013-07-01", ""},
    {"甄洁莹", "440705", "19870417", "full", "", "2014-01-06", ""},
    {"司徒敏", "440783", "19811028", "full", "", "2014-01-06", ""},
    {"冯嘉慧", "440704", "19920312", "probationary", "", "2014-05-20", ""},
    {"赵丽萍", "440785", "19780707", "full", "", "2013-08-12", "2014-11-30"},
    {"钟淑仪", "440784", "19840925", "full", "", "2014-02-10", ""},
    {"容少芳", "440703", "19860118", "full", "", "2014-04-01", ""},
    {"林静怡", "440705", "19910830", "full", "", "2014-06-18", ""},
    {"区碧霞", "440781", "19690204", "full", "", "2013-07-01", ""},
    {"刘思琪", "440703", "19950621", "probationary", "", "2025-09-01", ""},
    {"邝晓敏", "440783", "19930315", "full", "", "2025-03-12", ""},
};

struct DemoActivity {
  const char* kind;
  const char* on;
  const char* place;
  const char* topic;
};

const DemoActivity kActivities[] = {
    {"assembly", "2014-01-16", "孵化基地三楼会议室", "2013年度支部工作总结和2014年工作计划"},
    {"committee", "2014-02-20", "孵化基地三楼会议室", "研究流动党员组织关系接转工作"},
    {"lecture", "2014-03-27", "孵化基地培训室", "党课:社会组织党建与服务妇女儿童"},
    {"assembly", "2014-04-17", "孵化基地三楼会议室", "学习贯彻党的群众路线教育实践活动精神"},
    {"themed_day", "2014-05-29", "江门市儿童福利院", "主题党日:关爱困境儿童志愿服务"},
    {"committee", "2014-06-19", "孵化基地三楼会议室", "讨论预备党员吴晓燕转正考察安排"},
    {"themed_day", "2014-07-01", "江门市革命烈士纪念碑", "主题党日:庆祝建党93周年重温入党誓词"},
    {"assembly", "2014-07-24", "孵化基地三楼会议室", "年中工作推进与党费收缴情况通报"},
    {"lecture", "2014-09-25", "孵化基地培训室", "党课:学习《中国共产党章程》"},
    {"committee", "2014-10-16", "孵化基地三楼会议室", "研究年度民主评议党员工作"},
    {"assembly", "2014-11-20", "孵化基地三楼会议室", "组织关系转出及支部党员民主评议"},
    {"themed_day", "2014-12-18", "蓬江区北街社区", "主题党日:冬日送暖走访困难妇女家庭"},
    {"assembly", "2026-01-15", "孵化基地三楼会议室", "2025年度组织生活会和民主评议党员"},
    {"lecture", "2026-03-26", "孵化基地培训室", "党课:社会组织党建引领基层治理"},
    {"committee", "2026-04-16", "孵化基地三楼会议室", "研究发展党员和流动党员管理"},
    {"themed_day", "2026-07-01", "江门市五邑华侨华人博物馆", "主题党日:庆祝建党105周年"},
    {"group", "2026-09-17", "新会区妇女儿童活动中心", "党小组会:交流志愿服务项目经验"},
    {"assembly", "2026-10-22", "孵化基地三楼会议室", "学习全会精神,部署年终工作"},
};

const char* kReasons[] = {"外出开展项目服务", "出差参加培训", "家中有事", "身体不适"};

std::string IdNumber(const DemoMember& m, int i) {
  char seq[4];
  std::snprintf(seq, sizeof seq, "%03d", 20 + i * 7 % 90);  // even middle digit sums: mostly women
  std::string first17 = std::string(m.area) + m.birth + seq;
  return first17 + IdCheckChar(first17);
}

}  // namespace

Status PartyService::LoadDemo(const Principal& cli) {
  const std::string kName = "江门市妇女儿童类社会组织联合党支部";
  auto existing = List(cli);
  if (!existing.ok()) return existing.status();
  for (auto& b : *existing)
    if (b.name == kName) return Status::Ok();

  auto find_org = [&](const std::string& name) -> std::optional<long long> {
    org::OrgFilter f;
    f.q = name;
    f.size = 5;
    auto r = d_.orgs.List(cli, f);
    if (!r.ok()) return std::nullopt;
    for (auto& o : r->first)
      if (o.Get("name") == name) return o.id;
    return std::nullopt;
  };
  auto lead = find_org("江门市晴海天社会工作综合服务中心");
  if (!lead) return Status::Ok();  // the org demo is not loaded

  BranchInput in;
  in.region_code = "440700000000";
  in.name = kName;
  in.lead_org_id = *lead;
  in.founded_on = "2013-07-01";
  in.description =
      "由承接市级孵化基地运营的晴海天社工中心牵头,把分散在各妇女儿童类社会组织中的流动党员"
      "组织起来,落实“三会一课”,开展主题党日和志愿服务。";
  auto b = Create(cli, in);
  if (!b.ok()) return b.status();

  auto sec = d_.users.FindByUsername("party_sec");
  if (!sec.ok()) return sec.status();
  if (*sec) {
    auto o = SetOfficer(cli, b->id, (*sec)->id, true);
    if (!o.ok()) return o.status();
  }

  // The organizations the members work in: the lead and the city base's residents.
  static const char* kOrgs[] = {"江门市晴海天社会工作综合服务中心",
                                "江门市向日葵家庭教育指导中心",
                                "江门市侨乡妇女法律服务中心",
                                "江门市金百合家庭服务中心",
                                "江门市巾帼义工分会",
                                "江门市阳光心理咨询服务中心",
                                "江门市关爱留守儿童协会",
                                "江门市童心社会工作服务中心",
                                "江门市和谐家庭服务中心",
                                "江门市婚姻家庭咨询服务中心"};
  std::vector<std::optional<long long>> orgs;
  for (const char* n : kOrgs) orgs.push_back(find_org(n));

  std::vector<std::pair<long long, const DemoMember*>> members;
  int i = 0;
  for (const auto& m : kMembers) {
    MemberInput mi;
    mi.name = m.name;
    mi.status = m.status;
    mi.post = m.post;
    mi.transfer_in_on = m.in_on;
    if (*m.out_on) mi.transfer_out_on = std::optional<std::string>(m.out_on);
    mi.id_number = IdNumber(m, i);
    mi.phone = "13" + std::to_string(802700000 + i * 7919);
    auto org = orgs[static_cast<size_t>(i) % orgs.size()];
    if (i < 2) org = lead;  // the secretary and deputy work at the lead organization
    if (org) mi.org_id = std::optional<long long>(*org);
    auto added = AddMember(cli, b->id, mi);
    if (!added.ok()) return added.status();
    members.emplace_back(added->id, &m);
    ++i;
  }

  int n = 0;
  for (const auto& a : kActivities) {
    ActivityInput ai;
    ai.kind = a.kind;
    ai.held_on = a.on;
    ai.place = a.place;
    ai.topic = a.topic;
    ai.minutes = std::string("会议由支部书记梁嘉欣主持。") + a.topic +
                 "。与会党员结合本组织服务妇女儿童的工作进行了交流发言,会议形成了相关决定。";
    std::vector<AttendanceInput> att;
    int k = 0;
    for (auto& [id, m] : members) {
      std::string on = a.on;
      if (on < m->in_on || (*m->out_on && on > std::string(m->out_on))) continue;
      bool committee_only = std::string(a.kind) == "committee";
      if (committee_only && !*m->post) continue;
      int roll = (n * 13 + k * 7) % 17;
      if (roll == 3)
        att.push_back({id, "absent", kReasons[(n + k) % 4]});
      else if (roll == 11)
        att.push_back({id, "excused", "请假"});
      else
        att.push_back({id, "present", ""});
      ++k;
    }
    ai.attendance = att;
    auto added = AddActivity(cli, b->id, ai);
    if (!added.ok()) return added.status();
    ++n;
  }
  return Status::Ok();
}

}  // namespace shuniu::party
