// The trainings part of the Jiangmen demo: one thematic training every quarter
// of 2026 (the seed: 每季度举办一期专题培训), a field visit to the incubation
// base and a study trip, with enrolments, attendance and feedback of the demo
// organizations. Idempotent: a training whose title exists is left alone.
#include "core/time.h"
#include "hub/training_service.h"

namespace shuniu::hub {
namespace {

const char* kCity = "440700000000";

struct DemoPerson {
  const char* org;
  const char* name;
  const char* position;
  const char* phone;
  int score;  // 0: no feedback; -1: absent
};

struct DemoTraining {
  const char* kind;
  const char* title;
  const char* topic;
  const char* starts_at;
  const char* ends_at;
  const char* place;
  long long capacity;
  long long hours_x10;
  bool held;  // otherwise open for enrolment
  std::vector<DemoPerson> people;
};

std::vector<DemoTraining> Trainings() {
  return {
      {"thematic",
       "2026年第一季度专题培训:项目设计与申报",
       "公益创投与政府购买服务项目书撰写、预算编制与绩效指标",
       "2026-03-26T01:00:00Z",
       "2026-03-26T08:00:00Z",
       "江门市妇女儿童活动中心培训室",
       40,
       60,
       true,
       {{"江门市向日葵家庭教育指导中心", "何婉仪", "项目主管", "13902231188", 5},
        {"江门市巾帼义工分会", "梁淑贞", "秘书长", "", 4},
        {"江门市晴海天社会工作综合服务中心", "林翠英", "督导", "13536627045", 5},
        {"江门市侨乡妇女法律服务中心", "吴晓芳", "副主任", "", 4},
        {"江门市爱心妈妈志愿服务中心", "张美玲", "项目专员", "", -1}}},
      {"thematic",
       "2026年第二季度专题培训:财务规范管理",
       "社会组织会计核算、票据管理、年度审计与信息公开",
       "2026-06-18T01:00:00Z",
       "2026-06-18T07:30:00Z",
       "江门市妇女儿童活动中心培训室",
       40,
       55,
       true,
       {{"江门市女企业家协会", "伍丽娟", "财务", "13822301976", 5},
        {"江门市家庭教育研究会", "陈慧敏", "出纳", "", 4},
        {"江门市巾帼家政服务协会", "黄雪梅", "会计", "", 3},
        {"江门市向日葵家庭教育指导中心", "李淑贞", "财务主管", "", 5}}},
      {"thematic",
       "2026年第三季度专题培训:家庭教育指导技能",
       "家庭教育促进法解读、亲子沟通与家长课堂设计",
       "2026-08-20T01:00:00Z",
       "2026-08-20T08:00:00Z",
       "新会区妇女儿童活动中心",
       50,
       60,
       true,
       {{"江门市向日葵家庭教育指导中心", "何婉仪", "项目主管", "13902231188", 5},
        {"江门市家庭教育研究会", "陈慧敏", "副会长", "", 5},
        {"江门市阳光心理咨询服务中心", "林晓芳", "心理咨询师", "", 4},
        {"江门市关爱留守儿童协会", "张翠英", "志愿者队长", "", 0}}},
      {"thematic",
       "2026年第四季度专题培训:社会组织党建",
       "妇女儿童类社会组织联合党支部建设、“流动”党员管理与党建品牌活动",
       "2026-12-17T01:00:00Z",
       "2026-12-17T04:30:00Z",
       "江门市妇女儿童活动中心报告厅",
       60,
       35,
       false,
       {{"江门市晴海天社会工作综合服务中心", "林翠英", "党支部书记", "13536627045", 0},
        {"江门市巾帼义工分会", "梁淑贞", "秘书长", "", 0}}},
      {"field_visit",
       "实地考察:江门市妇女儿童社会组织孵化基地",
       "参观入驻机构运作,交流孵化培育与“社会工作专业教育实习基地”经验",
       "2026-05-21T01:30:00Z",
       "2026-05-21T05:30:00Z",
       "江门市妇女儿童社会组织孵化基地",
       25,
       40,
       true,
       {{"江门市单亲母亲互助会", "李美玲", "会长", "", 5},
        {"江门市妇女创业促进会", "黄慧敏", "秘书长", "", 4},
        {"江门市童心社会工作服务中心", "陈丽娟", "社工", "", 5}}},
      {"study_trip",
       "外出学习:赴广州、深圳学习社会组织培育经验",
       "学习广州、深圳妇联枢纽型社会组织建设与政府购买服务经验",
       "2026-10-21T00:00:00Z",
       "2026-10-22T10:00:00Z",
       "广州市、深圳市",
       20,
       160,
       true,
       {{"江门市晴海天社会工作综合服务中心", "林翠英", "督导", "13536627045", 5},
        {"江门市向日葵家庭教育指导中心", "何婉仪", "项目主管", "13902231188", 5},
        {"江门市女律师联谊会", "吴淑贞", "会长", "", 4}}},
  };
}

}  // namespace

Status TrainingService::LoadDemo(const Principal& cli) {
  Principal p = cli;
  p.region_code = kCity;
  for (const auto& dt : Trainings()) {
    TrainingFilter f;
    f.q = dt.title;
    auto existing = List(p, f);
    if (!existing.ok()) return existing.status();
    if (existing->second > 0) continue;
    TrainingInput in;
    in.kind = dt.kind;
    in.title = dt.title;
    in.topic = dt.topic;
    in.region_code = kCity;
    in.starts_at = *ParseRfc3339(dt.starts_at);
    in.ends_at = *ParseRfc3339(dt.ends_at);
    in.place = dt.place;
    in.capacity = std::optional<long long>(dt.capacity);
    in.hours_x10 = dt.hours_x10;
    auto t = Create(p, in);
    if (!t.ok()) return t.status();
    long long id = t->training.id;
    auto opened = Move(p, id, "open", "");
    if (!opened.ok()) return opened.status();
    std::vector<std::pair<long long, const DemoPerson*>> enrolled;
    for (const auto& person : dt.people) {
      org::OrgFilter of;
      of.q = person.org;
      auto orgs = d_.orgs.List(p, of);
      if (!orgs.ok()) return orgs.status();
      std::optional<long long> org_id;
      for (auto& o : orgs->first)
        if (o.Get("name") == person.org) org_id = o.id;
      if (!org_id) return NotFound(std::string("demo organization ") + person.org + " not found");
      EnrolmentInput ei;
      ei.org_id = org_id;
      ei.name = person.name;
      ei.position = person.position;
      ei.phone = person.phone;
      auto e = Enrol(p, id, ei);
      if (!e.ok()) return e.status();
      enrolled.emplace_back(e->id, &person);
    }
    if (!dt.held) continue;
    auto closed = Move(p, id, "closed", "");
    if (!closed.ok()) return closed.status();
    for (auto& [eid, person] : enrolled) {
      if (person->score < 0) continue;
      auto in_ = Act(p, id, eid, "check-in", std::nullopt, "");
      if (!in_.ok()) return in_.status();
    }
    auto held = Move(p, id, "held", "");
    if (!held.ok()) return held.status();
    for (auto& [eid, person] : enrolled) {
      if (person->score <= 0) continue;
      static const char* kComments[] = {
          "", "", "", "内容可以更贴近基层实际", "案例实用,收获很大", "讲解清晰,马上能用到工作中"};
      auto fb = Act(p, id, eid, "feedback", person->score, kComments[person->score]);
      if (!fb.ok()) return fb.status();
    }
  }
  return Status::Ok();
}

}  // namespace shuniu::hub
