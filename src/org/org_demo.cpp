// Jiangmen demo organizations, generated from name patterns in the style of the
// seed report with a fixed-seed generator, so every run produces the same data.
#include "org/org_demo.h"

#include <cstdio>

#include "org/uscc.h"

namespace shuniu::org {
namespace {

struct Rng {
  unsigned long long s = 20141231;
  unsigned Next() {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<unsigned>(s >> 33);
  }
  size_t Pick(size_t n) { return Next() % n; }
  template <typename T>
  const T& Of(const std::vector<T>& v) {
    return v[Pick(v.size())];
  }
};

const std::vector<std::string> kSurnames = {"李", "陈", "黄", "梁", "伍", "吴",   "张", "林", "何",
                                            "谭", "冯", "区", "甄", "关", "司徒", "余", "赵", "邝"};
const std::vector<std::string> kGiven = {"美玲", "慧敏", "丽娟", "雪梅", "晓芳", "淑贞", "翠英",
                                         "志红", "秀琼", "婉仪", "嘉欣", "月华", "凤娇", "碧霞"};
const std::vector<std::string> kDomains = {
    "family_education", "rights_protection",      "housekeeping",          "marriage_dating",
    "child_care",       "anti_domestic_violence", "psychological_support", "employment",
    "elderly_women",    "volunteering",           "culture_sports",        "health"};
const std::vector<std::string> kDepartments = {"市妇联家庭和儿童工作部", "市妇联权益部",
                                               "市妇联发展部", "市妇联组织宣传部"};

// The seed's own city-level organizations first, then more in the same style.
const std::vector<std::pair<std::string, std::string>> kCityOrgs = {
    {"江门市巾帼义工分会", "association"},
    {"江门市向日葵家庭教育指导中心", "social_service_agency"},
    {"江门市区离退休女干部联谊会", "association"},
    {"江门市侨乡妇女法律服务中心", "social_service_agency"},
    {"江门市金百合家庭服务中心", "social_service_agency"},
    {"江门市晴海天社会工作综合服务中心", "social_service_agency"},
    {"江门市女企业家协会", "association"},
    {"江门市妇女儿童发展基金会", "foundation"},
    {"江门市家庭教育研究会", "association"},
    {"江门市巾帼家政服务协会", "association"},
    {"江门市阳光心理咨询服务中心", "social_service_agency"},
    {"江门市关爱留守儿童协会", "association"},
    {"江门市女医师协会", "association"},
    {"江门市妇女创业促进会", "association"},
    {"江门市爱心妈妈志愿服务中心", "social_service_agency"},
    {"江门市单亲母亲互助会", "association"},
    {"江门市女律师联谊会", "association"},
    {"江门市侨乡女性文化促进会", "association"},
    {"江门市童心社会工作服务中心", "social_service_agency"},
    {"江门市和谐家庭服务中心", "social_service_agency"},
    {"江门市妇女手工艺协会", "association"},
    {"江门市婚姻家庭咨询服务中心", "social_service_agency"},
    {"江门市女知识分子联谊会", "association"},
    {"江门市母婴健康促进会", "association"},
    {"江门市反家暴援助服务中心", "social_service_agency"},
    {"江门市职业女性协会", "association"}};

const std::vector<std::pair<std::string, std::string>> kDistrictPatterns = {
    {"{}妇女儿童事业促进会", "association"},
    {"{}关爱妇女儿童协会", "association"},
    {"{}家庭教育促进会", "association"},
    {"{}巾帼志愿者协会", "association"},
    {"{}妇女维权服务中心", "social_service_agency"}};

const std::vector<std::string> kTownPatterns = {"{}妇女联谊会",     "{}关爱妇女儿童协会",
                                                "{}巾帼志愿者协会", "{}妇女儿童事业促进会",
                                                "{}家庭服务中心",   "{}妇女互助会"};
const std::vector<std::string> kMicroPatterns = {
    "{}巾帼志愿服务队", "{}妈妈互助小组",   "{}妇女手工合作社",   "{}亲子阅读会",
    "{}姐妹广场舞队",   "{}留守儿童陪伴队", "{}妇女种养合作小组", "{}邻里妈妈议事会"};

std::string Fill(const std::string& pattern, const std::string& place) {
  std::string s = pattern;
  s.replace(s.find("{}"), 2, place);
  return s;
}

// Strips the administrative suffix of a village name: "北门社区居委会" -> "北门社区".
std::string Place(const std::string& name) {
  for (const char* suffix : {"居民委员会", "村民委员会", "居委会", "村委会"}) {
    std::string suf = suffix;
    if (name.size() > suf.size() && name.compare(name.size() - suf.size(), suf.size(), suf) == 0) {
      std::string base = name.substr(0, name.size() - suf.size());
      return base.find("社区") != std::string::npos || base.find("村") != std::string::npos
                 ? base
                 : base + (std::string(suffix).find("村") != std::string::npos ? "村" : "社区");
    }
  }
  return name;
}

std::string Uscc(Rng& rng, const std::string& kind, const std::string& region) {
  char cat = kind == "association" ? '1' : kind == "foundation" ? '3' : '2';
  char body[10];
  std::snprintf(body, sizeof body, "MJ%07u", rng.Next() % 10000000);
  std::string first17 = std::string("5") + cat + region.substr(0, 6) + body;
  return first17 + UsccCheckChar(first17);
}

std::string Date(Rng& rng, int from_year, int to_year) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d",
                from_year + static_cast<int>(rng.Pick(to_year - from_year + 1)),
                1 + static_cast<int>(rng.Pick(12)), 1 + static_cast<int>(rng.Pick(28)));
  return buf;
}

std::string Phone(Rng& rng) {
  static const std::vector<std::string> kPrefixes = {"139", "138", "135", "137",
                                                     "159", "188", "136"};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%s%08u", rng.Of(kPrefixes).c_str(), rng.Next() % 100000000);
  return buf;
}

struct Spec {
  std::string name, kind, region, origin, status = "active";
  bool grow = false;  // created as a volunteer team, then registered (history)
};

OrgInput Input(Rng& rng, const Spec& s, std::optional<long long> cadre) {
  OrgInput in;
  auto set = [&](const std::string& k, const std::string& v) {
    in.v[k] = v;
    in.present.insert(k);
  };
  std::string kind = s.grow ? "volunteer_team" : s.kind;
  set("name", s.name);
  set("kind", kind);
  set("region_code", s.region);
  set("status", s.status);
  std::string founded = Date(rng, 2005, 2012);
  set("founded_on", founded);
  if (!s.origin.empty()) set("origin", s.origin);
  bool registered =
      kind == "association" || kind == "social_service_agency" || kind == "foundation";
  if (registered) {
    set("uscc", Uscc(rng, kind, s.region));
    set("registered_on", Date(rng, 2012, 2014));
    set("registration_authority", "江门市民政局");
    set("supervising_unit", "江门市妇女联合会");
  }
  set("members", std::to_string(10 + rng.Pick(300)));
  set("staff", std::to_string(rng.Pick(12)));
  set("volunteers", std::to_string(5 + rng.Pick(200)));
  set("contact_name", rng.Of(kSurnames) + rng.Of(kGiven));
  set("contact_phone", Phone(rng));
  set("guidance_category", rng.Of(std::vector<std::string>{"key_cultivation", "standard_guidance",
                                                           "capacity_building", "close_watch"}));
  if (cadre && rng.Pick(3) == 0) {
    set("cadre_user_id", std::to_string(*cadre));
    set("department", rng.Of(kDepartments));
  }
  set("published", registered && s.status == "active" ? "1" : "0");
  if (registered) set("public_contact", "0750-3" + std::to_string(100000 + rng.Pick(899999)));
  std::vector<std::string> domains;
  for (size_t i = 0, n = 1 + rng.Pick(3); i < n; ++i) {
    const std::string& d = rng.Of(kDomains);
    if (std::find(domains.begin(), domains.end(), d) == domains.end()) domains.push_back(d);
  }
  in.domains = domains;
  if (rng.Pick(4) == 0) in.tags = std::vector<std::string>{"品牌项目"};
  return in;
}

}  // namespace

Result<long long> LoadOrgDemo(OrgService& orgs, region::RegionService& regions,
                              const Principal& cli, std::optional<long long> cadre) {
  OrgFilter probe;
  probe.size = 1;
  auto existing = orgs.List(cli, probe);
  if (!existing.ok()) return existing.status();
  if (existing->second > 0) return 0LL;
  Rng rng;
  std::vector<Spec> specs;
  for (auto& [name, kind] : kCityOrgs)
    specs.push_back({name, kind, "440700000000", "founded_directly"});
  auto districts = regions.Children(cli, "440700000000");
  if (!districts.ok()) return districts.status();
  int womens_homes = 0, grown = 0;
  for (auto& d : **districts) {
    for (size_t i = 0; i < 5 && specs.size() < 49; ++i)
      specs.push_back({Fill(kDistrictPatterns[i].first, d.name), kDistrictPatterns[i].second,
                       d.code, "founded_directly"});
  }
  // The seed's end of 2014: 155 organizations, 145 of them registered (49 city and
  // district ones, one of which is later deregistered, and 97 grassroots registrations
  // of 2012-2014: 15 Women's Homes, 66 grown out of volunteer teams and cooperatives);
  // 10 unregistered ones in incubation; 1,800+ micro-organizations.
  std::vector<region::Region> towns, villages, all_villages;
  for (auto& d : **districts) {
    auto t = regions.Children(cli, d.code);
    if (!t.ok()) return t.status();
    for (auto& town : **t) {
      towns.push_back(town);
      auto v = regions.Children(cli, town.code);
      if (!v.ok()) return v.status();
      for (size_t i = 0; i < (*v)->size(); i += 4) villages.push_back((**v)[i]);
      all_villages.insert(all_villages.end(), (*v)->begin(), (*v)->end());
    }
  }
  for (size_t i = 0; specs.size() < 146; ++i) {
    if (womens_homes < 15) {
      const auto& v = villages[(i * 7) % villages.size()];
      specs.push_back({Place(v.name) + "妇女之家", "association", v.code, "womens_home"});
      ++womens_homes;
    } else {
      const auto& t = towns[i % towns.size()];
      Spec s{Fill(kTownPatterns[i % kTownPatterns.size()], t.name), "association", t.code,
             grown < 66 ? (i % 3 ? "volunteer_team" : "cooperative") : "founded_directly"};
      s.grow = grown < 66 && s.origin == "volunteer_team";
      if (grown < 66) ++grown;
      specs.push_back(s);
    }
  }
  for (size_t i = 0; i < 10; ++i) {
    const auto& t = towns[(i * 5 + 3) % towns.size()];
    specs.push_back({Fill(kMicroPatterns[i % kMicroPatterns.size()], t.name), "volunteer_team",
                     t.code, "", "incubating"});
  }
  static const std::vector<std::string> kMicroKinds = {"micro_org", "volunteer_team", "cooperative",
                                                       "womens_home"};
  for (size_t i = 0; i < 320; ++i) {
    const auto& v = villages[(i * 13 + 1) % villages.size()];
    std::string kind = kMicroKinds[i % kMicroKinds.size()];
    std::string name = kind == "womens_home"
                           ? Place(v.name) + "妇女之家"
                           : Fill(kMicroPatterns[i % kMicroPatterns.size()], Place(v.name));
    specs.push_back({name, kind, v.code, ""});
  }
  // A few realistic exceptions for the dashboard and the guidance work.
  for (size_t i : {30, 47, 88, 120}) specs[i].status = "abnormal";
  specs[44].status = "deregistered";
  long long added = 0;
  for (auto& s : specs) {
    auto created = orgs.Create(cli, Input(rng, s, cadre));
    if (!created.ok())
      return Status(created.status().code(), s.name + ": " + created.status().message(),
                    created.status().field());
    ++added;
    if (s.grow) {  // the volunteer team registers as an association: a "register" event
      OrgInput reg;
      for (auto& [k, v] : std::vector<std::pair<std::string, std::string>>{
               {"kind", "association"},
               {"uscc", Uscc(rng, "association", s.region)},
               {"registered_on", Date(rng, 2012, 2014)},
               {"registration_authority", "江门市民政局"},
               {"published", "1"}}) {
        reg.v[k] = v;
        reg.present.insert(k);
      }
      auto r = orgs.Update(cli, created->org.id, created->org.version, reg);
      if (!r.ok())
        return Status(r.status().code(), s.name + ": " + r.status().message(), r.status().field());
    }
  }
  // The rest of the 1,800+ micro-organizations in the federation's liaison scope: teams,
  // groups and cooperatives in the villages and communities, loaded the way a federation
  // would bring its spreadsheet in (one import: one transaction, audited in batches).
  static const std::vector<std::string> kMorePatterns = {
      "{}妇女互助小组",   "{}巾帼护河队", "{}妈妈课堂",   "{}睦邻家园志愿队",
      "{}巧手妈妈工作坊", "{}姐妹读书会", "{}平安巾帼队", "{}文明家庭宣讲队"};
  static const std::vector<std::string> kMoreKinds = {"micro_org", "volunteer_team", "cooperative"};
  ImportSheet sheet;
  sheet.header = {"name", "kind", "region_code", "status", "founded_on", "members", "volunteers"};
  for (size_t j = 0; j < 1500; ++j) {
    const auto& v = all_villages[j % all_villages.size()];
    std::string name =
        Fill(kMorePatterns[(j / all_villages.size() + j) % kMorePatterns.size()], Place(v.name));
    std::vector<std::string> cells = {name,
                                      kMoreKinds[j % kMoreKinds.size()],
                                      v.code,
                                      "active",
                                      Date(rng, 2008, 2014),
                                      std::to_string(5 + rng.Pick(60)),
                                      std::to_string(3 + rng.Pick(40))};
    std::vector<std::pair<std::string, bool>> row;
    for (auto& c : cells) row.emplace_back(c, false);
    sheet.rows.push_back(std::move(row));
  }
  auto imported = orgs.Import(cli, sheet, false);
  if (!imported.ok()) return imported.status();
  if (!imported->issues.empty())
    return Status(Code::kInternal, "demo micro-organizations: " + imported->issues[0].message,
                  imported->issues[0].field);
  return added + imported->created;
}

}  // namespace shuniu::org
