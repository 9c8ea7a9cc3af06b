// The Jiangmen demo of the project cycle: the seed's 2014–2015 government
// purchase list (8 projects, 2,000,000 yuan, three of them left approved for
// the public tender), the 2014 livelihood projects (10, 1,250,000 yuan), their
// budget pools, direct-commission contracts with paid tranches, and incomes
// (from the payments and by hand) so each organization's 造血 mix shows.
// Idempotent: pools and projects are found by (year, source, region) and
// (year, title); a project that exists is left as it is.
#include "core/time.h"
#include "org/org_service.h"
#include "project/project_service.h"

namespace shuniu::project {
namespace {

using nlohmann::json;

constexpr const char* kCity = "440700000000";
constexpr long long kYuan = 100;

struct DemoProject {
  long long year;
  const char* title;
  const char* department;
  long long yuan;
  const char* provider;  // nullptr: left approved for the public tender
  const char* groups;
  long long women, men;
};

const DemoProject kPurchases[] = {
    {2014, "家政服务工程", "发展部", 300000, nullptr, "城乡妇女、下岗失业妇女", 600, 0},
    {2014, "贫困母亲心灵关怀", "权益部", 250000, nullptr, "贫困母亲、单亲母亲", 400, 0},
    {2014, "困境儿童帮助计划", "儿童部", 250000, nullptr, "困境儿童、留守儿童", 150, 150},
    {2014, "反家暴示范点", "权益部", 200000, "江门市侨乡妇女法律服务中心", "家暴受害妇女儿童", 260,
     40},
    {2015, "家庭教育大讲堂", "家庭与儿童工作部", 300000, "江门市向日葵家庭教育指导中心",
     "家长、儿童", 1800, 900},
    {2015, "大家庭亲子日", "家庭与儿童工作部", 250000, "江门市向日葵家庭教育指导中心", "亲子家庭",
     1200, 800},
    {2015, "千人相亲会", "组织联络部", 200000, "江门市金百合家庭服务中心", "适婚青年", 500, 500},
    {2015, "巾帼家政就业培训", "发展部", 250000, "江门市巾帼家政服务协会", "求职妇女", 450, 0},
};

const DemoProject kLivelihood[] = {
    {2014, "“大家庭”亲子日活动（民生实事）", "家庭与儿童工作部", 150000,
     "江门市向日葵家庭教育指导中心", "亲子家庭", 900, 600},
    {2014, "妇女维权服务（民生实事）", "权益部", 150000, "江门市侨乡妇女法律服务中心",
     "有法律需求的妇女", 700, 0},
    {2014, "家政就业培训（民生实事）", "发展部", 125000, "江门市巾帼家政服务协会", "求职妇女", 300,
     0},
    {2014, "千人相亲会（民生实事）", "组织联络部", 125000, "江门市金百合家庭服务中心", "适婚青年",
     500, 500},
    {2014, "单亲母亲帮扶（民生实事）", "权益部", 125000, "江门市单亲母亲互助会", "单亲母亲", 200,
     0},
    {2014, "留守儿童关爱行动（民生实事）", "儿童部", 125000, "江门市关爱留守儿童协会", "留守儿童",
     160, 140},
    {2014, "妇女创业培训（民生实事）", "发展部", 125000, "江门市妇女创业促进会", "创业妇女", 240,
     0},
    {2014, "阳光心理咨询进社区（民生实事）", "权益部", 100000, "江门市阳光心理咨询服务中心",
     "社区妇女", 350, 50},
    {2014, "母婴健康讲座（民生实事）", "宣传部", 100000, "江门市母婴健康促进会", "孕产妇", 600, 0},
    {2014, "巾帼志愿服务进万家（民生实事）", "组织联络部", 125000, "江门市巾帼义工分会", "社区居民",
     800, 400},
};

}  // namespace

Status ProjectService::LoadDemo(const Principal& cli) {
  // Pools: fiscal budget 2014 and 2015 (the purchase list), other funds 2014 (livelihood).
  struct PoolSpec {
    long long year;
    const char* source;
    const char* name;
    long long yuan;
  };
  std::map<std::pair<long long, std::string>, long long> pools;
  for (auto& ps : {PoolSpec{2014, "fiscal_budget", "2014年江门市政府购买服务资金", 1000000},
                   PoolSpec{2015, "fiscal_budget", "2015年江门市政府购买服务资金", 1000000},
                   PoolSpec{2014, "livelihood", "2014年妇女儿童民生实事项目资金", 1250000}}) {
    auto list = ListPools(cli, ps.year, ps.source, 1, 100);
    if (!list.ok()) return list.status();
    long long id = 0;
    for (auto& x : list->first)
      if (x.region_code == kCity) id = x.id;
    if (!id) {
      auto created = CreatePool(cli, ps.year, ps.source, kCity, ps.name, ps.yuan * kYuan);
      if (!created.ok()) return created.status();
      id = created->id;
    }
    pools[{ps.year, ps.source}] = id;
  }
  auto org_id = [&](const std::string& name) -> std::optional<long long> {
    org::OrgFilter f;
    f.q = name;
    f.size = 5;
    auto found = d_.orgs.List(cli, f);
    if (!found.ok()) return std::nullopt;
    for (auto& o : found->first)
      if (o.Get("name") == name) return o.id;
    return std::nullopt;
  };

  auto load = [&](const DemoProject& dp, const std::string& source, int paid_tranches) -> Status {
    ProjectFilter f;
    f.q = dp.title;
    f.year = dp.year;
    auto existing = List(cli, f);
    if (!existing.ok()) return existing.status();
    for (auto& x : existing->first)
      if (x.title == dp.title) return Status::Ok();
    long long total = dp.yuan * kYuan;
    long long staff_line = total * 3 / 10, activity_line = total - staff_line;
    ProjectInput in;
    in.title = dp.title;
    in.department = dp.department;
    in.year = dp.year;
    in.region_code = kCity;
    in.objectives = std::string("围绕市委市政府中心工作和省妇联工作部署，联合挂钩社会组织实施“") +
                    dp.title + "”，回应基层妇女儿童需求。";
    in.target_groups = json::array();
    std::string groups = dp.groups;
    for (size_t pos = 0; pos != std::string::npos;) {
      size_t next = groups.find("、", pos);
      in.target_groups->push_back(
          groups.substr(pos, next == std::string::npos ? next : next - pos));
      pos = next == std::string::npos ? next : next + std::string("、").size();
    }
    in.beneficiaries = json{{"total", dp.women + dp.men}, {"women", dp.women}, {"men", dp.men}};
    in.indicators = json::array(
        {json{
             {"name", "服务人次"}, {"target", std::to_string(dp.women + dp.men)}, {"unit", "人次"}},
         json{{"name", "开展活动"}, {"target", "12"}, {"unit", "场"}}});
    in.budget_lines = json::array({json{{"name", "人员及专业服务费"}, {"amount", staff_line}},
                                   json{{"name", "活动及物料费"}, {"amount", activity_line}}});
    in.duration_months = 10;
    in.org_ids = json::array();
    auto provider = dp.provider ? org_id(dp.provider) : std::nullopt;
    if (provider) in.org_ids->push_back(*provider);
    auto pr = Create(cli, in);
    if (!pr.ok()) return pr.status();
    auto st = Submit(cli, pr->id);
    if (!st.ok()) return st.status();
    st = Approve(cli, pr->id, pools.at({dp.year, source}));
    if (!st.ok()) return st.status();
    if (!provider) return Status::Ok();  // the public tender's slice takes it from here
    CommissionInput c;
    c.reason = "该项目为市妇联挂钩社会组织长期承接的品牌服务，依法委托其承接";
    c.provider_org_id = *provider;
    c.start_on = std::to_string(dp.year) + "-03-01";
    c.end_on = std::to_string(dp.year) + "-12-31";
    c.price = total;
    c.milestones = json::array(
        {json{{"name", "首期款（合同签订后）"}, {"amount", total / 2}, {"due_on", c.start_on}},
         json{{"name", "尾期款（结项验收后）"},
              {"amount", total - total / 2},
              {"due_on", std::to_string(dp.year) + "-12-31"}}});
    auto k = Commission(cli, pr->id, c);
    if (!k.ok()) return k.status();
    // Payments: released through progress reports and tranches by the
    // supervision demo (supervision_demo.cpp), which pays the same milestones.
    (void)paid_tranches;
    return Status::Ok();
  };
  int n = 0;
  for (auto& dp : kPurchases)
    SHUNIU_RETURN_IF_ERROR(load(dp, "fiscal_budget", dp.year == 2014 ? 2 : 1));
  for (auto& dp : kLivelihood) SHUNIU_RETURN_IF_ERROR(load(dp, "livelihood", ++n % 3 == 0 ? 1 : 2));

  // Incomes by hand: donations, service fees and foundation grants (once).
  struct Manual {
    const char* org;
    const char* on;
    long long yuan;
    const char* source;
    const char* note;
  };
  const Manual manual[] = {
      {"江门市向日葵家庭教育指导中心", "2015-05-20", 86000, "service_fees",
       "家庭教育咨询与亲子课程收费"},
      {"江门市向日葵家庭教育指导中心", "2015-09-10", 50000, "donations", "爱心企业定向捐赠"},
      {"江门市金百合家庭服务中心", "2015-06-30", 320000, "service_fees", "家政服务与婚恋服务收入"},
      {"江门市金百合家庭服务中心", "2014-11-15", 60000, "venture_philanthropy",
       "市公益创投项目资助"},
      {"江门市侨乡妇女法律服务中心", "2015-03-08", 114130, "foundation",
       "“集思公益”计划第二期资助"},
      {"江门市巾帼家政服务协会", "2015-08-01", 150000, "service_fees", "家政培训及派遣服务收费"},
      {"江门市关爱留守儿童协会", "2014-06-01", 40000, "donations", "“六一”社会捐赠"},
  };
  auto done = ListIncomes(cli, std::nullopt, std::nullopt, 1, 1000);
  if (!done.ok()) return done.status();
  for (auto& m : manual) {
    auto id = org_id(m.org);
    if (!id) continue;
    bool exists = false;
    for (auto& x : done->first)
      exists = exists || (x.org_id == *id && x.received_on == m.on && x.source == m.source);
    if (exists) continue;
    auto r = CreateIncome(cli, *id, m.on, m.yuan * kYuan, m.source, m.note);
    if (!r.ok()) return r.status();
  }
  // The close-out demo runs after supervision's (app/system.cpp), so the closed
  // project has its reports and tranches first.
  return Status::Ok();
}

}  // namespace shuniu::project
