// The internship part of the Jiangmen demo: social-work education internship
// bases with 五邑大学 (at the city incubation base, hosted by its operator) and
// 江门职业技术学院, about ten interns each in 2014 with their hour logs and
// evaluations, and a few current interns.
#include <cstdio>

#include "intern/intern_service.h"
#include "org/org_service.h"

namespace shuniu::intern {

namespace {

const char* kWyu[] = {"陈嘉怡", "李泳琪", "黄诗婷", "梁晓彤", "张颖欣", "吴梓晴",
                      "刘慧敏", "谭凯琳", "何子健", "周文杰", "林佩珊", "郑雅文"};
const char* kJmpt[] = {"赵晓琳", "冯嘉欣", "余卓妍", "甄美玲", "关伟强", "区颖怡",
                       "钟晓霞", "罗思彤", "杨紫琪", "叶思敏", "邓婉婷", "麦洁儿"};
const char* kWork[] = {"协助开展亲子教育讲座",     "入户探访困境儿童家庭",
                       "整理个案服务记录",         "协助组织巾帼志愿服务活动",
                       "参与社区妇女创业沙龙筹备", "协助留守儿童课后陪伴小组",
                       "撰写活动新闻稿与服务总结"};
const char* kGrades[] = {"excellent", "good", "good", "pass", "excellent", "good"};

std::string Date(int y, int m, int d) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

}  // namespace

Status InternService::LoadDemo(const Principal& cli) {
  BaseFilter probe;
  probe.size = 1;
  auto existing = List(cli, probe);
  if (!existing.ok()) return existing.status();
  if (existing->second > 0) return Status::Ok();

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
  std::optional<long long> city_base;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto r = c.QueryOne(
        "SELECT id FROM bases WHERE kind = 'incubation_base' AND region_code = '440700000000'");
    if (!r.ok()) return r.status();
    if (*r) city_base = (*r)->Int(0);
    return Status::Ok();
  }));
  auto operator_org = find_org("江门市晴海天社会工作综合服务中心");
  auto child_org = find_org("江门市童心社会工作服务中心");
  if (!child_org) child_org = find_org("江门市向日葵家庭教育指导中心");
  if (!operator_org || !child_org) return Status::Ok();  // the org demo is not loaded

  struct Plan {
    const char* university;
    const char* agreement;
    std::optional<long long> org, base;
    const char* term_start;
    const char* term_end;
    const char* school_sup;
    const char* org_sup;
    const char** names;
    const char* major;
  };
  Plan plans[] = {
      {"五邑大学", "WYU-JMFL-SX-2013-01", operator_org, city_base, "2013-09-01", "2027-08-31",
       "五邑大学政法学院 谢丽娟", "梁嘉欣", kWyu, "社会工作"},
      {"江门职业技术学院", "JMPT-SG-SX-2014-02", child_org, std::nullopt, "2014-02-01",
       "2027-01-31", "江门职业技术学院 吕志坚", "黄淑仪", kJmpt, "社会工作(专科)"},
  };
  int seq = 0;
  for (const Plan& p : plans) {
    BaseInput in;
    in.university = p.university;
    in.name = std::string(p.university) + "社会工作专业教育实习基地";
    in.majors = "社会工作";
    in.agreement_no = p.agreement;
    in.org_id = p.org;
    in.base_id = p.base;
    in.term_start = p.term_start;
    in.term_end = p.term_end;
    in.school_supervisor = p.school_sup;
    in.org_supervisor = p.org_sup;
    auto b = Create(cli, in);
    if (!b.ok()) return b.status();
    for (int i = 0; i < 12; ++i, ++seq) {
      bool current = i >= 10;  // two interns in 2026
      int year = current ? 2026 : 2014;
      int month = current ? 9 : (i < 5 ? 3 : 7);
      InternInput x;
      x.name = p.names[i];
      x.school = p.university;
      x.major = p.major;
      x.phone = "13" + std::to_string(702700000 + seq * 6133);
      x.start_on = Date(year, month, 1);
      x.end_on = Date(year, month + 1, 28);
      if (!current) {
        x.grade = kGrades[(seq + i) % 6];
        x.evaluation = "实习期间能主动参与服务,与服务对象沟通良好,专业反思认真。";
      }
      auto added = AddIntern(cli, b->id, x);
      if (!added.ok()) return added.status();
      int entries = current ? 3 : 5 + (i % 3);
      for (int e = 0; e < entries; ++e) {
        HourInput h;
        h.worked_on = Date(year, month + (e % 2), 3 + e * 3);
        h.hours = 4 + (seq + e) % 5;
        h.activity = kWork[(seq + e) % 7];
        auto logged = LogHours(cli, b->id, added->id, h);
        if (!logged.ok()) return logged.status();
      }
    }
  }
  return Status::Ok();
}

}  // namespace shuniu::intern
