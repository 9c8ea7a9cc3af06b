// The Jiangmen demo of hubs, bases, residency agreements and the incubation log:
// a hub headquarters and an incubation base for the city and each of its seven
// county-level units (三区四市), the city base run by 江门市晴海天社会工作综合服务中心
// under a service contract (as in the seed), ~25 residents with agreements and
// a year of incubation events. Dates are relative to the day of loading, so the
// demo always shows a live year (a couple of agreements end within the month).
// Written through the service (validated and audited); a second load adds nothing.
#include <cstdio>

#include "core/time.h"
#include "hub/base_service.h"
#include "org/uscc.h"

namespace shuniu::hub {
namespace {

constexpr int64_t kDayMs = 24 * 3600 * 1000LL;

std::string AddDays(const std::string& date, long long days) {
  return Rfc3339(*ParseRfc3339(date) + days * kDayMs).substr(0, 10);
}

Status Named(const Status& st, const std::string& what) {
  return st.ok() ? st : Status(st.code(), what + ": " + st.message(), st.field());
}

// A minimal one-page PDF standing in for a scanned, signed agreement.
std::string AgreementPdf(const std::string& title) {
  std::string text = "Residency agreement " + title;
  std::string stream = "BT /F1 12 Tf 72 720 Td (" + text + ") Tj ET";
  return "%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
         "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
         "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>\n"
         "endobj\n4 0 obj\n<< /Length " +
         std::to_string(stream.size()) + " >>\nstream\n" + stream +
         "\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
}

struct EventSpec {
  const char* kind;
  const char* title;
  const char* notes;
  double hours;
};

const std::vector<EventSpec> kConsult = {
    {"consultation", "章程修订咨询", "对照民政部门示范章程逐条修订,明确理事会议事规则。", 1.5},
    {"consultation", "政府购买服务项目申报咨询", "讲解申报指南和预算编制要求,约定下周提交初稿。",
     2},
    {"consultation", "财务规范咨询", "指导建立收支台账和票据管理制度。", 1.5},
    {"consultation", "信息公开与年审准备咨询", "梳理年度工作报告、财务报表和审计报告的准备。", 1}};
const std::vector<EventSpec> kMentor = {
    {"mentoring", "一对一项目督导", "社工督导跟进项目进度,调整服务指标。", 2},
    {"mentoring", "品牌项目打磨", "提炼项目成效,准备参加市级公益创投。", 2.5},
    {"mentoring", "志愿者队伍管理督导", "建立志愿者招募、培训和激励机制。", 2}};
const std::vector<EventSpec> kService = {
    {"service_hours", "驻点服务:周末亲子阅读", "在基地活动室开展亲子阅读,32组家庭参加。", 4},
    {"service_hours", "驻点服务:妇女法律咨询", "接待来访妇女咨询婚姻家庭纠纷9人次。", 3},
    {"service_hours", "驻点服务:社区妇女手工培训", "开展编织技能培训,18名妇女参加。", 3.5}};
const char* kQuarterTrainings[] = {
    "季度专题培训:社会组织财务管理", "季度专题培训:项目设计与成效评估",
    "季度专题培训:志愿者管理与激励", "季度专题培训:信息公开与年审实务"};

const std::vector<std::string> kContents = {
    "为入驻期间的妇女儿童家庭提供亲子教育讲座和家庭教育个案咨询",
    "在基地开展妇女法律援助咨询,每月不少于两次驻点服务",
    "开展巾帼志愿服务活动,组织志愿者参与社区关爱行动",
    "为留守儿童和困境儿童提供课后陪伴和心理支持服务", "开展妇女就业创业技能培训和交流活动"};

}  // namespace

Status BaseService::LoadDemo(const Principal& cli) {
  BaseFilter probe;
  probe.size = 1;
  auto existing = ListBases(cli, probe);
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
  auto operator_org = find_org("江门市晴海天社会工作综合服务中心");

  // ---- the 8 units: a hub headquarters and an incubation base each ----------
  auto districts = d_.regions.Children(cli, "440700000000");
  if (!districts.ok()) return districts.status();
  std::vector<std::pair<std::string, std::string>> units = {{"440700000000", "江门市"}};
  for (auto& d : **districts) units.emplace_back(d.code, d.name);
  long long city_base = 0;
  std::map<std::string, long long> district_bases;
  int n = 0;
  for (auto& [code, place] : units) {
    bool city = code == "440700000000";
    ++n;
    for (const char* kind : {"hub", "incubation_base"}) {
      bool base = std::string(kind) == "incubation_base";
      BaseInput in;
      auto set = [&](const std::string& k, const std::string& v) {
        in.text[k] = v;
        in.present.insert(k);
      };
      auto num = [&](const std::string& k, long long v) {
        in.ints[k] = v;
        in.present.insert(k);
      };
      set("kind", kind);
      set("name", place + (base ? "妇女儿童类社会组织孵化基地" : "妇联枢纽型社会组织总部"));
      set("region_code", code);
      set("address", city ? (base ? "江门市蓬江区港口一路妇女儿童活动中心三楼"
                                  : "江门市蓬江区港口一路妇女儿童活动中心二楼")
                          : place + "妇女儿童活动中心" + (base ? "二楼" : "一楼"));
      set("office_phone", "0750-3" + std::to_string(100000 + n * 1731 + (base ? 7 : 0)));
      set("contact_name", base ? (city ? "梁嘉欣" : "何淑贞") : (city ? "李慧敏" : "陈雪梅"));
      num("rooms", city ? (base ? 8 : 4) : (base ? 4 : 2));
      num("desks", city ? (base ? 40 : 12) : (base ? 16 : 6));
      num("area_sqm", city ? (base ? 620 : 260) : (base ? 300 : 120));
      set("description",
          base
              ? "为入驻的妇女儿童类社会组织提供办公场地、孵化培育、事件跟踪和年审指导等一站式服务。"
              : "在" + place +
                    "妇联业务指导下运作(两套牌子一套人马),联系、凝聚和指导妇女儿童类社会组织。");
      std::optional<long long> op;
      if (base && city) op = operator_org;
      if (base && !city) op = find_org(place + "妇女维权服务中心");
      if (op) {
        num("operator_org_id", *op);
        if (city) {  // the seed's "孵化基地"合作协议书 with the operator
          auto contract = d_.files.Upload(cli, "孵化基地合作协议书.pdf",
                                          AgreementPdf("JMFL-FHJD-01"), std::nullopt);
          if (contract.ok()) num("contract_file_id", contract->id);
        }
        set("contract_no", std::string("JMFL-FHJD-") + (city ? "01" : std::to_string(n)));
        set("contract_start", AddDays(ChinaDate(NowMs()), -600).substr(0, 4) + "-01-01");
        set("contract_end", AddDays(ChinaDate(NowMs()), 700).substr(0, 4) + "-12-31");
      }
      auto b = CreateBase(cli, in);
      if (!b.ok()) return Named(b.status(), place + kind);
      if (base && city) city_base = b->id;
      if (base && !city) district_bases[code] = b->id;
    }
  }
  if (!city_base) return Status::Ok();

  // ---- the operator's account acts for the base side -------------------------
  Principal op = cli;
  if (operator_org) {
    auto u = d_.users.FindByUsername("base_op");
    if (!u.ok()) return u.status();
    if (*u && (*u)->org_id == operator_org) {
      op.user_id = (*u)->id;
      op.username = (*u)->username;
      op.role = Role::kOrg;
      op.region_code = (*u)->region_code;
      op.org_id = operator_org;
      op.ctx.actor_id = op.user_id;
      op.ctx.actor_name = op.username;
    }
  }

  // ---- the 2014 cohort: 25 city-level organizations signed residency agreements with
  // the city base in 2014 (the seed); two-year terms, all graduated in 2016 ----------
  {
    static const std::vector<std::string> kCohort2014 = {
        "江门市巾帼义工分会",         "江门市向日葵家庭教育指导中心", "江门市区离退休女干部联谊会",
        "江门市侨乡妇女法律服务中心", "江门市金百合家庭服务中心",     "江门市女企业家协会",
        "江门市妇女儿童发展基金会",   "江门市家庭教育研究会",         "江门市巾帼家政服务协会",
        "江门市阳光心理咨询服务中心", "江门市关爱留守儿童协会",       "江门市女医师协会",
        "江门市妇女创业促进会",       "江门市爱心妈妈志愿服务中心",   "江门市单亲母亲互助会",
        "江门市女律师联谊会",         "江门市侨乡女性文化促进会",     "江门市童心社会工作服务中心",
        "江门市和谐家庭服务中心",     "江门市妇女手工艺协会",         "江门市婚姻家庭咨询服务中心",
        "江门市女知识分子联谊会",     "江门市母婴健康促进会",         "江门市反家暴援助服务中心",
        "江门市职业女性协会"};
    ScopedChinaDay clock;
    for (size_t i = 0; i < kCohort2014.size(); ++i) {
      auto org_id = find_org(kCohort2014[i]);
      if (!org_id) continue;
      char start[16];
      std::snprintf(start, sizeof start, "2014-%02d-%02d", static_cast<int>(1 + (i * 5) % 12),
                    static_cast<int>(3 + (i * 7) % 24));
      std::string end = AddDays(start, 730);
      clock.At(AddDays(start, -20));
      ResidencyInput in;
      in.base_id = city_base;
      in.org_id = *org_id;
      in.state = "applied";
      in.text["service_content"] = "入驻市孵化基地,开展妇女儿童家庭服务并接受能力建设培训";
      in.text["service_standards"] = "按季度报送服务台账;服务对象满意度不低于90%。";
      in.text["space"] = "共享工位 2014-" + std::to_string(i + 1);
      in.present = {"service_content", "service_standards", "space"};
      in.committed_hours = std::optional<long long>(60 + (i * 13) % 100);
      auto r = CreateResidency(cli, in);
      if (!r.ok()) return Named(r.status(), kCohort2014[i] + " (2014)");
      clock.At(start);
      auto file = d_.files.Upload(op, "入驻协议-2014-" + kCohort2014[i] + ".pdf",
                                  AgreementPdf(std::to_string(r->id)), op.org_id);
      if (!file.ok()) continue;
      TransitionInput sign;
      sign.to = "signed";
      sign.document_file_id = file->id;
      sign.start_date = start;
      sign.end_date = end;
      auto sg = Transition(op, r->id, sign);
      if (!sg.ok()) return Named(sg.status(), kCohort2014[i] + " sign (2014)");
      auto a = Transition(op, r->id, TransitionInput{"active", "", "", "", "", {}, {}});
      if (!a.ok()) return Named(a.status(), kCohort2014[i] + " activate (2014)");
      clock.At(AddDays(end, -10));
      auto cur = GetResidency(op, r->id);
      if (!cur.ok()) return cur.status();
      ResidencyInput ticks;
      for (auto& [code, required] : DefaultCriteria())
        ticks.checklist.push_back({code, true, std::string("经基地核实")});
      auto t = UpdateResidency(op, r->id, cur->version, ticks);
      if (!t.ok()) return Named(t.status(), kCohort2014[i] + " checklist (2014)");
      auto g = Transition(
          op, r->id, TransitionInput{"graduated", "两年孵化期满,达到出壳标准", "", "", "", {}, {}});
      if (!g.ok()) return Named(g.status(), kCohort2014[i] + " graduate (2014)");
    }
  }

  // ---- residents of the city base --------------------------------------------
  static const std::vector<std::string> kCityResidents = {
      "江门市巾帼义工分会",         "江门市向日葵家庭教育指导中心",
      "江门市区离退休女干部联谊会", "江门市侨乡妇女法律服务中心",
      "江门市金百合家庭服务中心",   "江门市女企业家协会",
      "江门市家庭教育研究会",       "江门市巾帼家政服务协会",
      "江门市阳光心理咨询服务中心", "江门市关爱留守儿童协会",
      "江门市女医师协会",           "江门市妇女创业促进会",
      "江门市爱心妈妈志愿服务中心", "江门市单亲母亲互助会",
      "江门市女律师联谊会",         "江门市侨乡女性文化促进会",
      "江门市童心社会工作服务中心", "江门市和谐家庭服务中心",
      "江门市妇女手工艺协会",       "江门市婚姻家庭咨询服务中心",
      "江门市女知识分子联谊会",     "江门市母婴健康促进会"};
  struct Plan {
    long long org_id;
    std::string name, region;
    std::string fate;  // active | graduated | terminated | expiring | signed | applied
    bool micro = false;
  };
  std::vector<Plan> plans;
  for (size_t i = 0; i < kCityResidents.size(); ++i) {
    auto id = find_org(kCityResidents[i]);
    if (!id) continue;
    std::string fate = "active";
    if (i == 2 || i == 6 || i == 14) fate = "graduated";
    if (i == 13) fate = "terminated";
    if (i == 9 || i == 18) fate = "expiring";
    if (i == 20) fate = "signed";
    if (i == 21) fate = "applied";
    plans.push_back({*id, kCityResidents[i], "440700000000", fate});
  }
  // Micro-organizations incubated at the base that registered during the year.
  {
    org::OrgFilter f;
    f.status = "incubating";
    f.size = 3;
    auto r = d_.orgs.List(cli, f);
    if (!r.ok()) return r.status();
    for (auto& o : r->first)
      plans.push_back({o.id, o.Get("name"), o.Get("region_code"), "graduated", true});
  }

  std::string today = ChinaDate(NowMs());
  std::string year_ago = AddDays(today, -360);
  for (size_t i = 0; i < plans.size(); ++i) {
    Plan& pl = plans[i];
    ResidencyInput in;
    in.base_id = city_base;
    in.org_id = pl.org_id;
    in.state = "applied";
    in.text["service_content"] = kContents[i % kContents.size()];
    in.text["service_standards"] =
        "每次服务有方案、签到、照片和总结;服务对象满意度不低于90%;按季度报送服务台账。";
    in.text["space"] = std::string(i % 3 == 0 ? "独立办公室 " : "共享工位 ") +
                       (i < 9 ? "A-0" : "A-") + std::to_string(i + 1);
    in.text["note"] = pl.micro ? "民间微组织,入驻孵化以完成登记注册为目标" : "";
    in.present = {"service_content", "service_standards", "space", "note"};
    in.committed_hours = std::optional<long long>(pl.micro ? 60 : 80 + (i * 17) % 120);
    auto r = CreateResidency(cli, in);
    if (!r.ok()) return Named(r.status(), pl.name);
    long long id = r->id;
    if (pl.fate == "applied") continue;
    // Signed with a scanned copy of the agreement, uploaded by the operator.
    std::string start = AddDays(year_ago, static_cast<long long>(i % 8) * 9);
    std::string end = pl.fate == "expiring" ? AddDays(today, i % 2 ? 5 : 20)
                                            : AddDays(start, pl.micro ? 540 : 730);
    if (pl.fate == "signed") {
      start = AddDays(today, 10);
      end = AddDays(start, 730);
    }
    auto file = d_.files.Upload(op, "入驻协议-" + pl.name + ".pdf",
                                AgreementPdf(std::to_string(id)), op.org_id);
    if (!file.ok()) continue;  // no file storage yet: the agreement stays applied
    TransitionInput sign;
    sign.to = "signed";
    sign.document_file_id = file->id;
    sign.start_date = start;
    sign.end_date = end;
    auto s = Transition(op, id, sign);
    if (!s.ok()) return Named(s.status(), pl.name + " sign");
    if (pl.fate == "signed") continue;
    auto a = Transition(op, id, TransitionInput{"active", "", "", "", "", {}, {}});
    if (!a.ok()) return Named(a.status(), pl.name + " activate");
    // A year of the incubation log: a quarterly training, monthly consultations,
    // mentoring and on-site service hours, a mid-term evaluation.
    std::vector<EventInput> events;
    auto ev = [&](const EventSpec& e, const std::string& on) {
      if (on > today || on < start) return;
      events.push_back(EventInput{e.kind, on, e.title, e.notes, std::llround(e.hours * 60), {}});
    };
    for (int q = 0; q < 4; ++q)
      ev({"training", kQuarterTrainings[q], "基地组织的季度专题培训,入驻机构负责人和骨干参加。", 3},
         AddDays(year_ago, 45 + q * 91));
    for (int m = 0; m < 12; m += (pl.micro ? 1 : 2))
      ev(kConsult[(i + m) % kConsult.size()],
         AddDays(start, 12 + m * 30 + static_cast<long long>(i % 5)));
    for (int m = 1; m < 12; m += 3)
      ev(kMentor[(i + m) % kMentor.size()], AddDays(start, 20 + m * 30));
    for (int m = 0; m < 12; m += 2)
      ev(kService[(i + m) % kService.size()],
         AddDays(start, 25 + m * 30 + static_cast<long long>(i % 3)));
    ev({"evaluation", "入驻中期评估", "对照入驻协议检查服务内容、服务标准和服务时长的落实情况。",
        2},
       AddDays(start, 180));
    if (i == 5)
      ev({"incident", "活动现场意外处置", "亲子活动中一名儿童轻微擦伤,已妥善处理并完善安全预案。",
          0},
         AddDays(start, 140));
    if (pl.micro) {
      ev({"registration_help", "协助准备社会团体登记材料",
          "指导起草章程、召开会员大会、准备验资材料。", 2},
         AddDays(start, 40));
      ev({"registration_help", "陪同办理民政登记", "陪同负责人到江门市民政局提交成立登记申请。", 3},
         AddDays(start, 95));
    }
    std::sort(events.begin(), events.end(), [](const EventInput& a, const EventInput& b) {
      return a.occurred_on < b.occurred_on;
    });
    for (auto& e : events) {
      auto added = AddEvent(op, id, e);
      if (!added.ok()) return Named(added.status(), pl.name + " event");
    }
    if (pl.micro) {
      // The micro-organization registers with civil affairs during its residency.
      auto view = d_.orgs.Get(cli, pl.org_id);
      if (!view.ok()) return view.status();
      char body[16];
      std::snprintf(body, sizeof body, "FH%07lld", (pl.org_id % 9000000) + 1000000);
      std::string first17 = "51" + pl.region.substr(0, 6) + body;
      org::OrgInput reg;
      for (auto& [k, v] : std::vector<std::pair<std::string, std::string>>{
               {"kind", "association"},
               {"status", "active"},
               {"origin", "incubated"},
               {"uscc", first17 + org::UsccCheckChar(first17)},
               {"registered_on", AddDays(start, 120)},
               {"registration_authority", "江门市民政局"}}) {
        reg.v[k] = v;
        reg.present.insert(k);
      }
      auto u = d_.orgs.Update(cli, pl.org_id, view->org.version, reg);
      if (!u.ok()) return Named(u.status(), pl.name + " register");
    }
    if (pl.fate == "graduated") {
      auto cur = GetResidency(op, id);
      if (!cur.ok()) return cur.status();
      ResidencyInput ticks;
      for (auto& [code, required] : DefaultCriteria())
        ticks.checklist.push_back({code, required || i % 2 == 0, std::string("经基地核实")});
      auto t = UpdateResidency(op, id, cur->version, ticks);
      if (!t.ok()) return Named(t.status(), pl.name + " checklist");
      auto g = Transition(
          op, id, TransitionInput{"graduated", "达到毕业标准,转为独立运作", "", "", "", {}, {}});
      if (!g.ok()) return Named(g.status(), pl.name + " graduate");
    } else if (pl.fate == "terminated") {
      auto t = Transition(
          op, id,
          TransitionInput{
              "terminated", "负责人长期无法履职,经双方协商提前终止入驻", "", "", "", {}, {}});
      if (!t.ok()) return Named(t.status(), pl.name + " terminate");
    }
  }
  return Status::Ok();
}

}  // namespace shuniu::hub
