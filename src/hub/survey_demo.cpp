// The Jiangmen demo of needs surveys: the 江门市妇联 2026 needs survey of
// women's and children's social organizations (answered by about two thirds
// of them in March 2026, closed), and a small open survey on volunteer
// service projects. Written through the service (audited), idempotent by title.
#include <algorithm>

#include "core/time.h"
#include "hub/survey_service.h"

namespace shuniu::hub {
namespace {

using nlohmann::json;

struct Rng {
  unsigned long long s = 20260302;
  unsigned Next() {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<unsigned>(s >> 33);
  }
  size_t Pick(size_t n) { return Next() % n; }
  // Index drawn with the given weights.
  size_t Weighted(const std::vector<int>& w) {
    int total = 0;
    for (int x : w) total += x;
    int r = static_cast<int>(Pick(static_cast<size_t>(total)));
    for (size_t i = 0; i < w.size(); ++i) {
      if (r < w[i]) return i;
      r -= w[i];
    }
    return w.size() - 1;
  }
};

const char* kNeedsTitle = "2026年度妇女儿童类社会组织服务需求调查";
const char* kOpenTitle = "2026年巾帼志愿服务项目承接意向调查";

const std::vector<std::string> kNeeds = {"项目资金", "专业培训", "人才队伍",
                                         "场地支持", "注册指导", "宣传推广"};
const std::vector<std::string> kTopics = {"项目设计与管理",   "财务管理与税务", "公益传播与筹款",
                                          "社会工作专业方法", "家庭教育指导",   "反家暴与妇女维权",
                                          "志愿者招募与管理"};
const std::vector<std::string> kForms = {"线下集中授课", "线上课程", "实地参访交流",
                                         "一对一督导陪伴"};
const std::vector<std::string> kSuggestions = {
    "希望妇联牵头对接更多公益创投项目，降低小型组织申报门槛。",
    "建议每季度组织一次财务和税务实务培训，很多组织没有专职会计。",
    "孵化基地的共享办公位很紧张，希望增加镇街一级的活动场地。",
    "社工流失严重，希望在薪酬补贴和职业发展上给予支持。",
    "希望能有统一的宣传平台，展示各组织的服务成果。",
    "建议加强与民政、司法部门的联动，反家暴个案转介更顺畅。",
    "希望有专家一对一指导年度报告和信息公开的填写。",
    "农村妇女之家的骨干需要更多线上学习资源。",
    "侨乡特色项目需要与港澳及海外侨团加强交流。",
    "希望简化活动经费报销流程。",
    "建议多组织组织间的交流观摩，互相学习好的做法。",
    "家庭教育指导师资不足，希望建立讲师库。"};

std::vector<std::string> NeedOptions() {
  std::vector<std::string> v = kNeeds;
  v.push_back("政策咨询");
  return v;
}

json NeedsQuestions() {
  return json::array({
      {{"id", "main_need"},
       {"kind", "single"},
       {"title", "贵组织当前最迫切的需求是什么？"},
       {"required", true},
       {"options", kNeeds}},
      {{"id", "needs"},
       {"kind", "multi"},
       {"title", "贵组织希望妇联枢纽提供哪些支持？（可多选）"},
       {"required", true},
       {"options", NeedOptions()}},
      {{"id", "topics"},
       {"kind", "multi"},
       {"title", "希望参加的培训主题（可多选）"},
       {"options", kTopics}},
      {{"id", "form"},
       {"kind", "single"},
       {"title", "最适合贵组织的培训形式"},
       {"options", kForms}},
      {{"id", "capacity"},
       {"kind", "scale"},
       {"title", "贵组织的综合能力自评（项目执行、财务规范、团队稳定）"},
       {"required", true},
       {"min", 1},
       {"max", 5},
       {"min_label", "很弱"},
       {"max_label", "很强"}},
      {{"id", "satisfaction"},
       {"kind", "scale"},
       {"title", "对2025年妇联枢纽服务的满意度"},
       {"min", 1},
       {"max", 5},
       {"min_label", "很不满意"},
       {"max_label", "非常满意"}},
      {{"id", "suggestion"}, {"kind", "text"}, {"title", "其他意见和建议"}, {"max_length", 500}},
  });
}

json OpenQuestions() {
  return json::array({
      {{"id", "intent"},
       {"kind", "single"},
       {"title", "贵组织是否有意向承接2026年巾帼志愿服务项目？"},
       {"required", true},
       {"options", {"有意向", "暂无意向", "需进一步了解"}}},
      {{"id", "fields"},
       {"kind", "multi"},
       {"title", "可承接的服务领域（可多选）"},
       {"options", {"家庭教育", "儿童关爱", "妇女维权", "心理支持", "老年妇女关怀", "就业创业"}}},
      {{"id", "volunteers"},
       {"kind", "scale"},
       {"title", "可投入的志愿者规模（1=10人以下，5=100人以上）"},
       {"min", 1},
       {"max", 5}},
      {{"id", "plan"}, {"kind", "text"}, {"title", "项目设想与联系人"}, {"max_length", 300}},
  });
}

json Some(Rng& rng, const std::vector<std::string>& options, size_t max) {
  json out = json::array();
  size_t n = 1 + rng.Pick(max);
  for (size_t i = 0; i < n; ++i) {
    const std::string& o = options[rng.Pick(options.size())];
    if (std::find(out.begin(), out.end(), o) == out.end()) out.push_back(o);
  }
  return out;
}

json NeedsAnswers(Rng& rng) {
  std::string main = kNeeds[rng.Weighted({35, 20, 15, 12, 8, 10})];
  json needs = Some(rng, kNeeds, 3);
  if (std::find(needs.begin(), needs.end(), main) == needs.end()) needs.push_back(main);
  if (rng.Pick(4) == 0) needs.push_back("政策咨询");
  json a = {{"main_need", main},
            {"needs", needs},
            {"capacity", 1 + static_cast<long long>(rng.Weighted({6, 20, 38, 26, 10}))}};
  if (rng.Pick(10) < 9) a["topics"] = Some(rng, kTopics, 3);
  if (rng.Pick(10) < 9) a["form"] = kForms[rng.Weighted({40, 20, 28, 12})];
  if (rng.Pick(10) < 8)
    a["satisfaction"] = 1 + static_cast<long long>(rng.Weighted({2, 5, 22, 45, 26}));
  if (rng.Pick(3) == 0) a["suggestion"] = kSuggestions[rng.Pick(kSuggestions.size())];
  return a;
}

struct TargetOrg {
  long long id;
  std::string name, contact;
};

}  // namespace

Status SurveyService::LoadDemo(const Principal& cli) {
  auto exists = [&](const char* title) -> Result<bool> {
    bool found = false;
    Status st = d_.db.Read([&](db::Conn& c) -> Status {
      auto r = c.QueryOne("SELECT id FROM surveys WHERE title = :1", {std::string(title)});
      if (!r.ok()) return r.status();
      found = r->has_value();
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return found;
  };
  auto targets = [&](long long id) -> Result<std::vector<TargetOrg>> {
    std::vector<TargetOrg> out;
    Status st = d_.db.Read([&](db::Conn& c) -> Status {
      auto rows = c.Query(
          "SELECT o.id, o.name, o.contact_name FROM survey_targets t JOIN orgs o ON o.id = "
          "t.org_id WHERE t.survey_id = :1 ORDER BY o.region_code, o.name, o.id",
          {id});
      if (!rows.ok()) return rows.status();
      for (auto& r : *rows) out.push_back({r.Int(0), r.Str(1), r.Str(2)});
      return Status::Ok();
    });
    if (!st.ok()) return st;
    return out;
  };
  auto as_org = [&](const TargetOrg& o) {
    Principal p;
    p.role = Role::kOrg;
    p.org_id = o.id;
    p.region_code = cli.region_code;
    p.username = o.contact.empty() ? o.name : o.contact;
    p.ctx = cli.ctx;
    p.ctx.actor_name = p.username;
    return p;
  };
  Principal staff = cli;
  staff.ctx.actor_name = "江门市妇联 李慧敏";
  Rng rng;

  auto have_needs = exists(kNeedsTitle);
  if (!have_needs.ok()) return have_needs.status();
  if (!*have_needs) {
    int64_t created = *ParseRfc3339("2026-02-26T09:30:00+08:00");
    int64_t opened = *ParseRfc3339("2026-03-02T09:00:00+08:00");
    int64_t closes = *ParseRfc3339("2026-03-31T23:59:59+08:00");
    SurveyInput in;
    in.title = kNeedsTitle;
    in.description =
        "为精准了解全市妇女儿童类社会组织的发展需求，更好发挥妇联枢纽型组织作用，"
        "市妇联开展本次服务需求调查。请各组织负责人于3月31日前如实填写，"
        "调查结果将用于制定2026年度培训计划和项目扶持方向。";
    in.region_code = "440700000000";
    in.questions = NeedsQuestions();
    in.target = json{{"kinds", {"association", "social_service_agency", "foundation"}},
                     {"statuses", {"active", "incubating", "abnormal"}}};
    in.opens_at = std::optional<int64_t>(opened);
    in.closes_at = std::optional<int64_t>(closes);
    auto s = CreateAt(staff, in, created);
    if (!s.ok()) return s.status();
    auto o = OpenAt(staff, s->id, opened);
    if (!o.ok()) return o.status();
    auto ts = targets(s->id);
    if (!ts.ok()) return ts.status();
    for (auto& t : *ts) {
      if (rng.Pick(100) >= 66) continue;
      int64_t at = opened + static_cast<int64_t>(rng.Pick(28 * 24)) * 3600 * 1000;
      auto r = SubmitAt(as_org(t), s->id, NeedsAnswers(rng), at);
      if (!r.ok()) return r.status();
    }
    auto c = CloseAt(staff, s->id, *ParseRfc3339("2026-03-31T18:00:00+08:00"));
    if (!c.ok()) return c.status();
  }

  auto have_open = exists(kOpenTitle);
  if (!have_open.ok()) return have_open.status();
  if (!*have_open) {
    int64_t now = NowMs();
    SurveyInput in;
    in.title = kOpenTitle;
    in.description =
        "市妇联拟于2026年下半年购买一批巾帼志愿服务项目，请有意向的社会服务机构和基金会"
        "填写承接意向，便于提前对接。";
    in.region_code = "440700000000";
    in.questions = OpenQuestions();
    in.target = json{{"kinds", {"social_service_agency", "foundation"}},
                     {"statuses", {"active", "incubating"}}};
    in.closes_at = std::optional<int64_t>(now + 20LL * 24 * 3600 * 1000);
    auto s = CreateAt(staff, in, now - 3LL * 24 * 3600 * 1000);
    if (!s.ok()) return s.status();
    auto o = OpenAt(staff, s->id, now - 2LL * 24 * 3600 * 1000);
    if (!o.ok()) return o.status();
    auto ts = targets(s->id);
    if (!ts.ok()) return ts.status();
    static const std::vector<std::string> kFields = {"家庭教育", "儿童关爱",     "妇女维权",
                                                     "心理支持", "老年妇女关怀", "就业创业"};
    for (auto& t : *ts) {
      // The demo org account (向日葵) is left to answer it in the browser.
      if (t.name.find("向日葵") != std::string::npos || rng.Pick(100) >= 35) continue;
      json a = {{"intent", std::vector<std::string>{"有意向", "暂无意向",
                                                    "需进一步了解"}[rng.Weighted({6, 2, 3})]},
                {"fields", Some(rng, kFields, 2)},
                {"volunteers", 1 + static_cast<long long>(rng.Pick(5))}};
      auto r =
          SubmitAt(as_org(t), s->id, a, now - static_cast<int64_t>(rng.Pick(40)) * 3600 * 1000);
      if (!r.ok()) return r.status();
    }
  }
  return Status::Ok();
}

}  // namespace shuniu::hub
