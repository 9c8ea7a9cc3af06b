// The meetings part of the Jiangmen demo: the 2026 joint meetings of the hub
// (社团联席会议) with attendance, minutes and resolutions, and the year-end
// organization meeting still to come. Idempotent: a meeting whose title exists
// is left alone.
#include "core/time.h"
#include "hub/meeting_service.h"

namespace shuniu::hub {
namespace {

const char* kCity = "440700000000";

Result<long long> OrgIdByName(org::OrgService& orgs, const Principal& cli,
                              const std::string& name) {
  org::OrgFilter f;
  f.q = name;
  auto r = orgs.List(cli, f);
  if (!r.ok()) return r.status();
  for (auto& o : r->first)
    if (o.Get("name") == name) return o.id;
  return NotFound("demo organization " + name + " not found");
}

struct DemoResolution {
  const char* content;
  const char* owner;  // organization name, or "" for none
  const char* due_on;
  const char* done_note;  // "" while open
};

struct DemoMeeting {
  const char* kind;
  const char* title;
  const char* starts_at;
  const char* ends_at;
  const char* place;
  const char* agenda;
  const char* minutes;  // "" for a meeting still to come
  std::vector<const char*> invited;
  std::vector<const char*> absent;  // the rest attended
  std::vector<DemoResolution> resolutions;
};

const std::vector<const char*> kCityOrgs = {
    "江门市巾帼义工分会",         "江门市向日葵家庭教育指导中心",
    "江门市侨乡妇女法律服务中心", "江门市晴海天社会工作综合服务中心",
    "江门市女企业家协会",         "江门市家庭教育研究会",
    "江门市巾帼家政服务协会",     "江门市阳光心理咨询服务中心",
    "江门市爱心妈妈志愿服务中心"};

std::vector<DemoMeeting> Meetings() {
  return {
      {"joint",
       "2026年上半年妇女儿童类社会组织联席会议",
       "2026-03-18T06:30:00Z",
       "2026-03-18T08:30:00Z",
       "江门市妇女儿童活动中心三楼会议室",
       "一、通报2025年“枢纽总部”工作情况;二、部署2026年季度专题培训计划;三、"
       "各社团交流政府购买服务项目申报经验;四、讨论入驻“孵化基地”协议修订",
       "会议由市妇联分管领导主持。“枢纽总部”通报了2025年社会组织培育、年审指导和"
       "民生实事项目实施情况;各社团围绕政府购买服务项目申报、财务规范和信息公开进行"
       "交流。会议议定:每季度举办一期专题培训,首期“项目设计与申报”安排在3月;各社团"
       "于4月底前完成年度信息公开;修订入驻“孵化基地”协议文本。",
       {"江门市巾帼义工分会", "江门市向日葵家庭教育指导中心", "江门市侨乡妇女法律服务中心",
        "江门市晴海天社会工作综合服务中心", "江门市女企业家协会", "江门市家庭教育研究会"},
       {"江门市女企业家协会"},
       {{"各社团于4月底前在信息平台完成2025年度信息公开", "", "2026-04-30",
         "28家社团已完成年度信息公开,未完成的已逐一电话督促"},
        {"修订入驻“孵化基地”协议文本,报市妇联审定", "江门市晴海天社会工作综合服务中心",
         "2026-05-31", "协议修订稿已于5月20日经市妇联审定印发"},
        {"筹备“妇女儿童类社会组织联合党支部”党员活动计划", "江门市晴海天社会工作综合服务中心",
         "2026-06-30", ""}}},
      {"joint",
       "2026年下半年妇女儿童类社会组织联席会议",
       "2026-09-16T06:30:00Z",
       "2026-09-16T08:30:00Z",
       "江门市妇女儿童活动中心三楼会议室",
       "一、上半年季度培训和项目实施情况通报;二、“集思公益”项目申报动员;三、"
       "家庭教育指导服务进社区工作安排",
       "会议通报了上半年两期专题培训、一次实地考察的开展情况及学员反馈;动员各社团"
       "参与省“集思公益”计划项目申报,市妇联将组织项目书辅导;安排家庭教育指导服务"
       "进社区,由向日葵家庭教育指导中心牵头。",
       {"江门市巾帼义工分会", "江门市向日葵家庭教育指导中心", "江门市侨乡妇女法律服务中心",
        "江门市晴海天社会工作综合服务中心", "江门市巾帼家政服务协会", "江门市阳光心理咨询服务中心",
        "江门市爱心妈妈志愿服务中心"},
       {"江门市阳光心理咨询服务中心"},
       {{"组织“集思公益”计划项目书辅导会", "", "2026-10-15", "10月12日已举办辅导会,9家社团参加"},
        {"家庭教育指导服务进社区,全年不少于20场", "江门市向日葵家庭教育指导中心", "2026-11-20", ""},
        {"家政服务从业人员技能培训方案报市妇联", "江门市巾帼家政服务协会", "2026-12-31", ""}}},
      {"org",
       "2026年度社团组织会议(年终总结)",
       "2026-12-16T06:30:00Z",
       "2026-12-16T08:30:00Z",
       "江门市妇女儿童活动中心报告厅",
       "一、各社团年度工作总结;二、年审工作安排;三、2027年季度培训需求调查",
       "",
       std::vector<const char*>(kCityOrgs.begin(), kCityOrgs.end()),
       {},
       {}},
  };
}

}  // namespace

Status MeetingService::LoadDemo(const Principal& cli) {
  Principal p = cli;
  p.region_code = kCity;
  for (const auto& dm : Meetings()) {
    MeetingFilter f;
    f.q = dm.title;
    auto existing = List(p, f);
    if (!existing.ok()) return existing.status();
    if (existing->second > 0) continue;
    MeetingInput in;
    in.kind = dm.kind;
    in.title = dm.title;
    in.region_code = kCity;
    in.starts_at = *ParseRfc3339(dm.starts_at);
    in.ends_at = *ParseRfc3339(dm.ends_at);
    in.place = dm.place;
    in.agenda = dm.agenda;
    auto m = Create(p, in);
    if (!m.ok()) return m.status();
    long long id = m->meeting.id;
    InviteInput inv;
    std::map<std::string, long long> ids;
    for (const char* name : dm.invited) {
      auto o = OrgIdByName(d_.orgs, p, name);
      if (!o.ok()) return o.status();
      ids[name] = *o;
      inv.org_ids.push_back(*o);
    }
    auto invited = Invite(p, id, inv);
    if (!invited.ok()) return invited.status();
    if (std::string(dm.minutes).empty()) continue;
    // The first invited organization checked in with the code, the rest were marked by hand.
    Principal org = p;
    org.role = Role::kOrg;
    org.org_id = ids[dm.invited.front()];
    auto checked = CheckIn(org, id, m->meeting.checkin_code);
    if (!checked.ok()) return checked.status();
    std::vector<std::pair<long long, std::string>> marks;
    for (size_t i = 1; i < dm.invited.size(); ++i) {
      bool absent = false;
      for (const char* a : dm.absent) absent = absent || std::string(a) == dm.invited[i];
      marks.emplace_back(ids[dm.invited[i]], absent ? "absent" : "attended");
    }
    auto marked = MarkAttendance(p, id, marks);
    if (!marked.ok()) return marked.status();
    MeetingInput minutes;
    minutes.minutes = dm.minutes;
    auto held = Hold(p, id, minutes);
    if (!held.ok()) return held.status();
    for (const auto& dr : dm.resolutions) {
      ResolutionInput ri;
      ri.content = dr.content;
      ri.due_on = dr.due_on;
      if (std::string(dr.owner).empty()) {
        auto cadre = d_.users.FindByUsername("jm_staff");
        if (cadre.ok() && *cadre) ri.owner_user_id = std::optional<long long>((*cadre)->id);
      } else {
        auto o = OrgIdByName(d_.orgs, p, dr.owner);
        if (!o.ok()) return o.status();
        ri.owner_org_id = std::optional<long long>(*o);
      }
      auto r = AddResolution(p, id, ri);
      if (!r.ok()) return r.status();
      if (std::string(dr.done_note).empty()) continue;
      ResolutionInput done;
      done.state = "done";
      done.note = dr.done_note;
      auto d = UpdateResolution(p, id, r->id, r->version, done);
      if (!d.ok()) return d.status();
    }
  }
  return Status::Ok();
}

}  // namespace shuniu::hub
