// The Jiangmen demo of cadre liaison: a year of visits and contacts by the
// city federation's linked cadre (jm_staff) and district staff, with
// follow-ups (recent ones still open) and some linked organizations left
// uncontacted, so the workload and stale lists have something to show.
#include "core/time.h"
#include "hub/liaison_service.h"

namespace shuniu::hub {
namespace {

struct Rng {
  uint64_t s = 20251126;
  uint32_t Next() {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<uint32_t>(s >> 33);
  }
  long long Pick(long long n) { return static_cast<long long>(Next() % n); }
};

const char* kTopics[] = {
    "了解年度工作计划和项目进展", "指导年审材料准备和信息公开", "商议政府购买服务项目申报",
    "调研妇女儿童服务需求",       "走访孵化基地入驻情况",       "督导反家暴示范点工作",
    "座谈组织换届和党建工作",     "了解志愿者队伍建设情况",
};
const char* kIssues[] = {
    "专职人员流动较大,社工持证比例偏低",
    "项目经费拨付滞后,运营资金紧张",
    "活动场地不足,希望协调社区场地",
    "财务制度不健全,票据管理不规范",
    "",
    "希望增加业务培训和交流机会",
};
const char* kFollowUps[] = {
    "协调区妇联对接社区活动场地",
    "安排财务人员上门辅导",
    "推荐参加下期社会组织能力建设培训",
    "将项目需求纳入明年购买服务计划",
};
const char* kForms[] = {"visit", "visit", "phone", "meeting", "online", "other"};

Result<std::optional<Principal>> As(auth::UserService& users, const std::string& username,
                                    const Principal& cli) {
  auto u = users.FindByUsername(username);
  if (!u.ok()) return u.status();
  if (!*u) return std::optional<Principal>();
  Principal p;
  p.user_id = (*u)->id;
  p.username = (*u)->username;
  p.role = (*u)->role;
  p.region_code = (*u)->region_code;
  p.ctx = cli.ctx;
  p.ctx.actor_id = (*u)->id;
  p.ctx.actor_name = (*u)->username;
  return std::optional<Principal>(p);
}

std::string DaysAgo(int64_t now, long long days) {
  return Rfc3339(now + 8LL * 3600 * 1000 - days * 24LL * 3600 * 1000).substr(0, 10);
}

}  // namespace

Status LiaisonService::LoadDemo(const Principal& cli) {
  bool exists = false;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto n = c.QueryOne("SELECT COUNT(*) FROM liaison_visits");
    if (!n.ok()) return n.status();
    exists = (*n)->Int(0) > 0;
    return Status::Ok();
  }));
  if (exists) return Status::Ok();
  Rng rng;
  int64_t now = NowMs();
  // Records a visit `days` ago; follow-ups older than 60 days are closed.
  auto record = [&](const Principal& p, long long org_id, long long days) -> Status {
    VisitInput in;
    in.org_id = org_id;
    in.v["visited_on"] = DaysAgo(now, days);
    in.v["form"] = kForms[rng.Pick(6)];
    in.v["topics"] = kTopics[rng.Pick(8)];
    in.v["issues"] = kIssues[rng.Pick(6)];
    bool follow = rng.Pick(5) < 2;
    if (follow) {
      in.v["follow_up"] = kFollowUps[rng.Pick(4)];
      in.v["follow_up_due"] = DaysAgo(now, days - 30);
    }
    auto v = Create(p, in);
    if (!v.ok()) return v.status();
    if (follow && days > 60) {
      auto closed = CloseFollowUp(p, v->id, std::nullopt, "已落实,组织反馈良好。",
                                  DaysAgo(now, days - 20 - rng.Pick(20)));
      if (!closed.ok()) return closed.status();
    }
    return Status::Ok();
  };
  auto cadre = As(d_.users, "jm_staff", cli);
  if (!cadre.ok()) return cadre.status();
  if (*cadre) {
    org::OrgFilter f;
    f.cadre_user_id = (**cadre).user_id;
    f.size = 1000;
    auto linked = d_.orgs.List(cli, f);
    if (!linked.ok()) return linked.status();
    size_t i = 0;
    for (auto& o : linked->first) {
      ++i;
      if (o.Get("status") == "deregistered") continue;
      if (i % 4 == 0) continue;  // never contacted: on the stale list
      long long visits = i % 4 == 3 ? 1 : 1 + rng.Pick(3);
      for (long long k = 0; k < visits; ++k) {
        // one in five linked organizations was last seen more than 90 days ago
        long long days = i % 5 == 0 ? 100 + rng.Pick(250) : 3 + rng.Pick(360);
        SHUNIU_RETURN_IF_ERROR(record(**cadre, o.id, days));
      }
    }
  }
  // District staff visit organizations in their own districts.
  for (const char* username : {"xh_staff", "ts_staff", "hc_staff"}) {
    auto p = As(d_.users, username, cli);
    if (!p.ok()) return p.status();
    if (!*p) continue;
    org::OrgFilter f;
    f.region = (**p).region_code;
    f.registered = true;
    f.size = 40;
    auto orgs = d_.orgs.List(cli, f);
    if (!orgs.ok()) return orgs.status();
    size_t i = 0;
    for (auto& o : orgs->first) {
      if (o.Get("status") == "deregistered" || ++i % 3 == 0) continue;
      SHUNIU_RETURN_IF_ERROR(record(**p, o.id, 2 + rng.Pick(330)));
    }
  }
  return Status::Ok();
}

}  // namespace shuniu::hub
