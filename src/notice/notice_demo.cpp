// Demo notices of 江门市妇联 to the demo organizations (loaded last).
#include "notice/notice_service.h"

namespace shuniu::notice {

Status NoticeService::LoadDemo(const Principal& cli) {
  // Sent by the city federation's liaison cadre when her account exists.
  Principal sender = cli;
  auto cadre = users_.FindByUsername("jm_staff");
  if (!cadre.ok()) return cadre.status();
  if (*cadre) {
    sender.user_id = (*cadre)->id;
    sender.username = (*cadre)->username;
    sender.role = Role::kStaff;
    sender.region_code = (*cadre)->region_code;
  }
  struct Demo {
    const char* title;
    const char* body;
    Audience audience;
    int reads;  // how many recipients have read it
  };
  std::vector<Demo> demos;
  {
    Audience a;
    a.region = "440700000000";
    a.registered = true;
    demos.push_back(
        {"关于开展2026年度社会组织年审工作的通知",
         "各登记注册的妇女社会组织：\n"
         "根据《社会组织登记管理条例》和市妇联关于联系服务妇女社会组织的工作安排，现开展2026年度年"
         "审工"
         "作。请于2027年3月31日前通过枢纽平台“年审”栏目提交年度工作报告、财务报表和理事会（会员大会"
         "）"
         "会议纪要，逾期未提交的将标记为异常。\n联系人：李慧敏，电话 0750-3271234。\n江门市妇联",
         a, 3});
  }
  {
    Audience a;
    a.region = "440700000000";
    a.domains = {"family_education", "child_care"};
    demos.push_back(
        {"2026年第四季度主题培训报名通知",
         "各相关社会组织：\n"
         "市妇联定于12月中旬举办“家庭教育指导服务能力提升”季度主题培训，内容包括家庭教育促进法解读"
         "、"
         "项目设计与评估、案例督导。每个组织可报名1至2人，请于12月10日前在平台“培训”栏目报名。\n"
         "江门市妇联",
         a, 2});
  }
  {
    Audience a;
    a.region = "440705000000";
    demos.push_back({"关于报送2026年度妇女儿童服务项目数据的通知",
                     "新会区各妇女社会组织：\n"
                     "为编制全市妇女社会组织发展报告，请于12月20日前核对并更新平台上的会员人数、"
                     "专职人员、志愿者人数及本年度服务项目情况。\n江门市妇联",
                     a, 1});
  }
  for (auto& d : demos) {
    bool exists = false;
    SHUNIU_RETURN_IF_ERROR(db_.Read([&](db::Conn& c) -> Status {
      auto r = c.QueryOne("SELECT 1 FROM notices WHERE kind = 'notice' AND title = :1", {d.title});
      if (!r.ok()) return r.status();
      exists = r->has_value();
      return Status::Ok();
    }));
    if (exists) continue;
    NoticeInput in{d.title, d.body, d.audience, {}};
    auto n = Publish(sender, in);
    if (!n.ok()) {
      // No matching demo organizations (e.g. the organization demo was not
      // loaded): nothing to send.
      if (n.status().code() == Code::kInvalidArgument && n.status().field() == "audience") continue;
      return n.status();
    }
    std::vector<long long> readers;
    SHUNIU_RETURN_IF_ERROR(db_.Read([&](db::Conn& c) -> Status {
      auto rows = c.Query(
          "SELECT org_id FROM notice_recipients WHERE notice_id = :1 ORDER BY org_id LIMIT :2",
          {n->id, static_cast<long long>(d.reads)});
      if (!rows.ok()) return rows.status();
      for (auto& r : *rows) readers.push_back(r.Int(0));
      return Status::Ok();
    }));
    for (long long org_id : readers) {
      Principal reader;
      reader.role = Role::kOrg;
      reader.org_id = org_id;
      reader.region_code = sender.region_code;
      reader.username = "demo";
      reader.ctx = cli.ctx;
      auto r = MarkRead(reader, n->id);
      if (!r.ok()) return r.status();
    }
  }
  return Status::Ok();
}

}  // namespace shuniu::notice
