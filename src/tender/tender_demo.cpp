// The Jiangmen demo of the public tender: the seed's "3 projects publicly
// tendered" — three of the 2014 government-purchase projects that
// project_demo.cpp leaves approved (家政服务工程, 贫困母亲心灵关怀, 困境儿童帮助计划)
// each get a notice, 3–4 sealed bids from demo organizations, scores by a
// panel of two reviewers (jm_reviewer, jm_reviewer2), and an award with its
// contract. The steps run on the 2014 calendar (the clock is shifted for the
// load and restored), so deadlines, openings and awards carry their real
// dates. Idempotent: a project that has a tender is left as it is.
#include <map>

#include "core/time.h"
#include "org/org_service.h"
#include "tender/tender_service.h"

namespace shuniu::tender {
namespace {

using nlohmann::json;

struct DemoTender {
  const char* project;
  const char* publish_on;  // YYYY-MM-DD; deadline and opening 20 days later, award 25
  std::vector<const char*> bidders;
  std::vector<long long> price_permille;  // of the budget, one per bidder
};

const DemoTender kTenders[] = {
    {"家政服务工程",
     "2014-03-03",
     {"江门市巾帼家政服务协会", "江门市金百合家庭服务中心", "江门市妇女创业促进会",
      "江门市晴海天社会工作综合服务中心"},
     {968, 940, 985, 990}},
    {"贫困母亲心灵关怀",
     "2014-03-10",
     {"江门市阳光心理咨询服务中心", "江门市单亲母亲互助会", "江门市晴海天社会工作综合服务中心"},
     {952, 975, 990}},
    {"困境儿童帮助计划",
     "2014-03-17",
     {"江门市关爱留守儿童协会", "江门市向日葵家庭教育指导中心", "江门市晴海天社会工作综合服务中心",
      "江门市母婴健康促进会"},
     {960, 948, 992, 980}},
};

// Runs the demo on a given day of the 2014 calendar (10:00 China time).
using DemoClock = ScopedChinaDay;

std::string AddDays(const std::string& ymd, int days) {
  auto t = ParseRfc3339(ymd);
  return Rfc3339(*t + days * 86400000LL).substr(0, 10);
}

}  // namespace

Status TenderService::LoadDemo(const Principal& cli) {
  // The panel: the demo reviewer and a second one.
  std::vector<Principal> panel;
  for (const char* name : {"jm_reviewer", "jm_reviewer2"}) {
    auto u = d_.users.FindByUsername(name);
    if (!u.ok()) return u.status();
    if (!*u) continue;
    Principal r;
    r.user_id = (*u)->id;
    r.username = name;
    r.role = Role::kReviewer;
    r.region_code = (*u)->region_code;
    r.ctx = cli.ctx;
    r.ctx.actor_name = (*u)->display_name;
    panel.push_back(r);
  }
  if (panel.empty()) return Status::Ok();
  DemoClock clock;
  for (const auto& spec : kTenders) {
    project::ProjectFilter pf;
    pf.year = 2014;
    pf.q = spec.project;
    pf.size = 20;
    auto found = projects_.List(cli, pf);
    if (!found.ok()) return found.status();
    const project::Project* pr = nullptr;
    for (auto& x : found->first)
      if (x.title == spec.project) pr = &x;
    if (!pr) continue;
    TenderFilter tf;
    tf.year = 2014;
    tf.size = 200;
    auto existing = List(cli, tf);
    if (!existing.ok()) return existing.status();
    bool done = false;
    for (auto& t : existing->first) done = done || t.project_id == pr->id;
    if (done || pr->state != "approved") continue;
    // Notice: drafted and published on the day, bids due 20 days later.
    std::string day = spec.publish_on, due = AddDays(day, 20);
    clock.At(day);
    TenderInput in;
    in.project_id = pr->id;
    in.title = std::string("2014年") + spec.project + "政府购买服务项目公开招标";
    in.description = pr->objectives;
    in.eligibility =
        "在江门市依法登记的妇女儿童类社会组织；具有统一社会信用代码；未列入异常名录或被撤销登记；"
        "具有相关服务经验和专业团队。";
    in.criteria = json::array({{{"code", "plan"}, {"name", "服务方案"}, {"weight", 40}},
                               {{"code", "team"}, {"name", "团队能力"}, {"weight", 30}},
                               {{"code", "price"}, {"name", "报价"}, {"weight", 20}},
                               {{"code", "credit"}, {"name", "机构信誉"}, {"weight", 10}}});
    in.bid_deadline = due + "T17:00:00+08:00";
    in.opening_at = AddDays(due, 1) + "T09:30:00+08:00";
    auto t = Create(cli, in);
    if (!t.ok()) return t.status();
    for (auto& r : panel) {
      auto added = AddReviewer(cli, t->id, r.user_id);
      if (!added.ok()) return added.status();
    }
    auto pub = Publish(cli, t->id);
    if (!pub.ok()) return pub.status();
    // Bids from the organizations (those eligible in the information base).
    for (size_t i = 0; i < spec.bidders.size(); ++i) {
      org::OrgFilter of;
      of.q = spec.bidders[i];
      auto orgs = d_.orgs.List(cli, of);
      if (!orgs.ok()) return orgs.status();
      if (orgs->first.empty()) continue;
      Principal o;
      o.role = Role::kOrg;
      o.org_id = orgs->first.front().id;
      o.region_code = orgs->first.front().Get("region_code");
      o.username = spec.bidders[i];
      o.ctx = cli.ctx;
      o.ctx.actor_name = spec.bidders[i];
      clock.At(AddDays(day, 5 + static_cast<int>(i) * 3));
      BidInput b;
      b.org_id = *o.org_id;
      b.price = t->budget * spec.price_permille[i] / 1000 / 100 * 100;  // whole yuan
      b.team = json::array(
          {{{"name", "项目负责人"}, {"role", "负责人"}, {"qualification", "中级社工师"}},
           {{"name", "社工"}, {"role", "执行"}, {"qualification", "助理社工师"}},
           {{"name", "志愿者队长"}, {"role", "协助"}}});
      auto bid = SubmitBid(o, t->id, b);
      if (!bid.ok() && bid.status().code() != Code::kInvalidArgument) return bid.status();
    }
    // Opening, then each reviewer scores and finishes.
    clock.At(AddDays(due, 1));
    auto opened = Open(cli, t->id);
    if (!opened.ok()) return opened.status();
    for (size_t r = 0; r < panel.size(); ++r) {
      auto dec = Declare(panel[r], t->id, false, "");
      if (!dec.ok()) return dec.status();
      long long k = 0;
      for (auto& bid : opened->bids) {
        if (!bid.eligible) continue;
        long long base = 88 - 6 * k - static_cast<long long>(r) * 2;
        for (auto& cr : opened->criteria) {
          ScoreInput s{bid.id, cr.code,
                       std::max(50LL, base + static_cast<long long>(cr.weight % 7))};
          auto sc = Score(panel[r], t->id, s);
          if (!sc.ok()) return sc.status();
        }
        ++k;
      }
      auto fin = FinishScoring(panel[r], t->id);
      if (!fin.ok()) return fin.status();
    }
    // Award by the rule; a one-year contract paid in two halves.
    clock.At(AddDays(due, 5));
    std::string start = AddDays(due, 10);
    AwardInput a;
    a.contract.start_on = start;
    a.contract.end_on = AddDays(start, 364);
    auto ranked = Get(cli, t->id);
    if (!ranked.ok()) return ranked.status();
    long long price = 0;
    for (auto& bid : ranked->bids)
      if (bid.rank == 1) price = bid.price.value_or(0);
    if (price == 0) continue;
    a.contract.milestones =
        json::array({{{"name", "首期（合同签订后）"}, {"amount", price / 2}, {"due_on", start}},
                     {{"name", "尾期（结项验收后）"},
                      {"amount", price - price / 2},
                      {"due_on", AddDays(start, 360)}}});
    auto awarded = Award(cli, t->id, a);
    if (!awarded.ok()) return awarded.status();
  }
  return Status::Ok();
}

}  // namespace shuniu::tender
