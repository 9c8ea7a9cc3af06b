// The Homes part of the Jiangmen demo: the city's star-rating criteria (场地 20,
// 制度 15, 队伍 15, 活动 30, 成效 20; one to five stars from 60/70/80/85/90
// points, valid three years), Homes in villages and communities of every
// district with approved assessments giving a spread of star levels (one
// expired, one waiting for approval), and the funding of the star Homes
// created through open competition (900,000 yuan over three years) plus some
// village money; one Home suspended after registration. Idempotent: existing
// criteria and Homes are left as they are.
#include "core/time.h"
#include "home/home_service.h"
#include "org/org_service.h"

namespace shuniu::home {
namespace {

using nlohmann::json;

struct DemoHome {
  const char* region;
  const char* name;
  const char* kind;
  const char* contact;
  const char* phone;
  long long area_m2;
  const char* founded_on;
  long long points;         // 0: no assessment
  const char* assessed_on;  // YYYY-MM-DD
  bool approved;
  const char* status;
  const char* org;  // linked organization, "" for none
};

const DemoHome kHomes[] = {
    {"440705001001", "北门社区妇女儿童之家", "women_children", "梁秀英", "13802701101", 260,
     "2014-03-08", 93, "2025-04-18", true, "active", "江门市晴海天社会工作综合服务中心"},
    {"440705001002", "菱东社区妇女儿童之家", "women_children", "陈丽华", "13802701102", 180,
     "2017-05-20", 82, "2024-06-12", true, "active", ""},
    {"440705001203", "永安村妇女之家", "women", "李月娥", "13802701103", 120, "2015-09-01", 81,
     "2025-05-09", true, "active", ""},
    {"440705001204", "仁义村妇女之家", "women", "黄少芬", "13802701104", 90, "2015-09-01", 74,
     "2024-07-02", true, "active", ""},
    {"440705001205", "江咀村儿童之家", "children", "何嘉敏", "13802701105", 80, "2022-06-01", 0, "",
     false, "active", ""},
    {"440705101001", "大泽社区妇女儿童之家", "women_children", "张翠玲", "13802701106", 210,
     "2014-06-01", 86, "2025-03-21", true, "active", ""},
    {"440703101201", "桐井村妇女之家", "women", "区惠珍", "13802701107", 110, "2016-04-12", 83,
     "2024-05-16", true, "active", ""},
    {"440703101202", "莲塘村妇女儿童之家", "women_children", "吕雪梅", "13802701108", 230,
     "2014-04-12", 92, "2024-04-25", true, "active", ""},
    {"440703002101", "羊桥社区妇女儿童之家", "women_children", "冯淑贞", "13802701109", 150,
     "2014-11-20", 86, "2023-03-15", true, "active", ""},
    {"440704004201", "麻一村妇女之家", "women", "谭玉兰", "13802701110", 70, "2017-08-08", 62,
     "2025-06-20", true, "active", ""},
    {"440704004204", "东升村妇女儿童之家", "women_children", "钟美华", "13802701111", 140,
     "2019-03-08", 83, "2025-06-20", true, "active", ""},
    {"440781001201", "沙坑村妇女之家", "women", "伍丽芳", "13802701112", 85, "2016-10-10", 66,
     "2024-09-05", true, "active", ""},
    {"440781001001", "富城社区妇女儿童之家", "women_children", "黄碧霞", "13802701113", 200,
     "2014-06-01", 88, "2025-08-14", true, "active", ""},
    {"440781100001", "大江圩妇女儿童之家", "women_children", "陈美玲", "13802701114", 160,
     "2018-06-01", 80, "2026-03-12", true, "active", ""},
    {"440783002001", "楼冈社区妇女儿童之家", "women_children", "关慧娴", "13802701115", 280,
     "2014-03-08", 95, "2025-04-02", true, "active", ""},
    {"440784103201", "古劳村妇女之家", "women", "冯小燕", "13802701116", 100, "2016-03-08", 82,
     "2026-02-27", false, "active", ""},
    {"440785105001", "君堂圩社区妇女儿童之家", "women_children", "郑燕萍", "13802701117", 130,
     "2017-03-08", 0, "", false, "suspended", ""},
};

const struct {
  const char* code;
  const char* name;
  long long max;
} kItems[] = {{"site", "场地设施", 20},
              {"rules", "制度建设", 15},
              {"team", "队伍建设", 15},
              {"activity", "活动开展", 30},
              {"effect", "服务成效", 20}};

// Points per item proportional to the maxima, summing to `total`.
json ItemsFor(long long total) {
  json a = json::array();
  long long left = total;
  for (size_t i = 0; i < std::size(kItems); ++i) {
    long long pts = i + 1 == std::size(kItems) ? left : kItems[i].max * total / 100;
    pts = std::min(pts, kItems[i].max);
    left -= pts;
    a.push_back({{"code", kItems[i].code}, {"points", pts}});
  }
  // Whatever rounding left over goes to the first items with room.
  for (auto& x : a)
    for (auto& k : kItems)
      if (x["code"] == k.code && left > 0) {
        long long room = k.max - x["points"].get<long long>();
        long long add = std::min(room, left);
        x["points"] = x["points"].get<long long>() + add;
        left -= add;
      }
  return a;
}

Principal UserPrincipal(const hub::Deps& d, const Principal& cli, const char* username) {
  auto u = d.users.FindByUsername(username);
  if (!u.ok() || !*u) return cli;
  Principal p;
  p.user_id = (*u)->id;
  p.username = username;
  p.role = (*u)->role;
  p.region_code = (*u)->region_code;
  p.ctx = cli.ctx;
  p.ctx.actor_id = (*u)->id;
  p.ctx.actor_name = username;
  return p;
}

}  // namespace

Status HomeService::LoadDemo(const Principal& cli) {
  const std::string city = "440700000000";
  bool have = false;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto r =
        c.QueryOne("SELECT 1 FROM home_criteria WHERE region_code = :1 AND year = 2021", {city});
    if (!r.ok()) return r.status();
    have = r->has_value();
    return Status::Ok();
  }));
  if (!have) {
    CriteriaInput in;
    in.region_code = city;
    in.year = 2021;
    in.validity_years = 3;
    json items = json::array();
    for (auto& k : kItems)
      items.push_back({{"code", k.code}, {"name", k.name}, {"max_points", k.max}});
    in.items = items;
    in.thresholds = json::array({60, 70, 80, 85, 90});
    auto k = CreateCriteria(cli, in);
    if (!k.ok()) return k.status();
  }
  Principal recorder = UserPrincipal(d_, cli, "jm_staff");
  Principal approver = UserPrincipal(d_, cli, "jm_admin");
  for (const auto& spec : kHomes) {
    bool exists = false;
    SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
      auto r = c.QueryOne("SELECT 1 FROM homes WHERE region_code = :1 AND name = :2",
                          {std::string(spec.region), std::string(spec.name)});
      if (!r.ok()) return r.status();
      exists = r->has_value();
      return Status::Ok();
    }));
    if (exists) continue;
    HomeInput in;
    in.region_code = spec.region;
    in.name = spec.name;
    in.kind = spec.kind;
    in.address = std::string(spec.name) + "（村（居）委会综合服务中心内）";
    in.contact_name = spec.contact;
    in.contact_phone = spec.phone;
    in.founded_on = spec.founded_on;
    in.status = spec.status;
    in.area_m2 = spec.area_m2;
    in.opening_hours = "周二至周日 9:00–12:00, 14:30–17:30";
    in.services = "家庭教育指导、妇女议事、儿童课后托管、法律咨询、巾帼志愿服务";
    if (*spec.org) {
      org::OrgFilter of;
      of.q = spec.org;
      auto found = d_.orgs.List(cli, of);
      if (found.ok() && !found->first.empty())
        in.org_id = std::optional<long long>(found->first.front().id);
    }
    // A suspended Home was registered active and suspended later (its history shows it).
    bool suspend = std::string(spec.status) == "suspended";
    if (suspend) in.status = "active";
    auto h = Create(recorder, in);
    if (!h.ok()) return h.status();
    if (suspend) {
      HomeInput change;
      change.status = spec.status;
      change.opening_hours = "暂停开放（活动室修缮中）";
      auto u = Update(recorder, h->id, h->version, change);
      if (!u.ok()) return u.status();
    }
    if (spec.points > 0) {
      AssessmentInput a;
      a.items = ItemsFor(spec.points);
      a.assessed_on = spec.assessed_on;
      a.assessor_name = "江门市妇联星级评定小组";
      a.notes = "现场查看阵地、台账和活动记录，走访服务对象。";
      auto rec = RecordAssessment(recorder, h->id, a);
      if (!rec.ok()) return rec.status();
      if (spec.approved) {
        auto ok = DecideAssessment(approver, h->id, rec->id, true, "评定结果属实，同意。");
        if (!ok.ok()) return ok.status();
      }
    }
    // Star Homes (4 and 5 stars) were created through open competition from 2014 on
    // and share 900,000 yuan over 2014–2016 (the seed); the villages add their own money.
    if (spec.points >= 85 && spec.approved) {
      for (long long year : {2014LL, 2015LL, 2016LL}) {
        auto f = AddFunding(
            recorder, h->id,
            {year, 5000000, "星级妇女儿童之家创建资金（公开竞争性分配）", "市妇联按年度拨付"});
        if (!f.ok()) return f.status();
      }
    }
    if (spec.points > 0) {
      auto f = AddFunding(
          recorder, h->id,
          {2025, 800000 + spec.area_m2 * 1000, "村（居）委会自筹", "阵地维护与活动经费"});
      if (!f.ok()) return f.status();
    }
  }
  return Status::Ok();
}

}  // namespace shuniu::home
