// The organization information base over the API: create and validation (USCC,
// dictionaries, unknown fields), regional scope, org accounts, optimistic
// versions, field-level history, phone-number protection, search, the counts
// behind the dashboard and the public directory. Runs on SQLite, and on
// PostgreSQL when SHUNIU_TEST_DB is set.
#include <algorithm>
#include <cstdio>
#include <map>
#include <tuple>

#include "api/harness.h"
#include "core/region_code.h"
#include "org/uscc.h"

namespace shuniu::testing {
namespace {

constexpr const char* kJiangmen = "440700000000";
constexpr const char* kXinhui = "440705000000";
constexpr const char* kHuicheng = "440705001000";  // 会城街道
constexpr const char* kBeimen = "440705001001";    // a village under 会城街道
constexpr const char* kDaze = "440705101000";      // another town of 新会区
constexpr const char* kTaishan = "440781000000";

// A valid unified social credit code of 民政 (authority 5) in 新会区: category 1
// association, 2 social service agency, 3 foundation.
std::string Uscc(char category, int serial) {
  char body[10];
  std::snprintf(body, sizeof body, "%09d", serial);
  std::string first17 = std::string("5") + category + "440705" + body;
  return first17 + org::UsccCheckChar(first17);
}

std::string UrlEncode(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : s) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.') {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += kHex[ch >> 4];
      out += kHex[ch & 15];
    }
  }
  return out;
}

std::string OrgUrl(long long id, const std::string& tail = "") {
  return "/api/v1/orgs/" + std::to_string(id) + tail;
}

nlohmann::json Micro(const std::string& name, const std::string& region) {
  return {{"name", name}, {"kind", "micro_org"}, {"region_code", region}};
}

nlohmann::json Association(const std::string& name, const std::string& region, int serial) {
  return {{"name", name},
          {"kind", "association"},
          {"region_code", region},
          {"uscc", Uscc('1', serial)}};
}

std::set<std::string> Names(const nlohmann::json& page) {
  std::set<std::string> out;
  for (auto& item : page["items"]) out.insert(item["name"].get<std::string>());
  return out;
}

class OrgApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    stack_ = MakeStack();
    MakeUser(*stack_.sys, "admin", Role::kAdmin, kJiangmen);
    MakeUser(*stack_.sys, "xh_staff", Role::kStaff, kXinhui);
    MakeUser(*stack_.sys, "hc_staff", Role::kStaff, kHuicheng);
    MakeUser(*stack_.sys, "auditor", Role::kAuditor, kJiangmen);
  }

  Client& Admin() {
    if (!admin_) admin_ = std::make_unique<Client>(LoggedIn(stack_, "admin"));
    return *admin_;
  }

  // Creates an organization as the admin; the creation must succeed.
  long long Create(const nlohmann::json& body) {
    auto r = Admin().Call("POST", "/api/v1/orgs", body.dump());
    EXPECT_EQ(r.status, 201) << body.dump() << ": " << r.body;
    return r.status == 201 ? Admin().Json(r)["id"].get<long long>() : 0;
  }

  long long Version(long long id) {
    return QueryInt(*stack_.sys, "SELECT version FROM orgs WHERE id = :1", {id});
  }

  http::Response Patch(Client& c, long long id, nlohmann::json body) {
    if (!body.contains("version")) body["version"] = Version(id);
    return c.Call("PATCH", OrgUrl(id), body.dump());
  }

  nlohmann::json History(long long id) {
    auto r = Admin().Call("GET", OrgUrl(id, "/history"));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? Admin().Json(r)["items"] : nlohmann::json::array();
  }

  // An org account linked to `org_id`.
  Client OrgAccount(const std::string& username, long long org_id) {
    MakeUser(*stack_.sys, username, Role::kOrg, kHuicheng, kPassword, org_id);
    return LoggedIn(stack_, username);
  }

  // Direct SQL counts over orgs in the subtree of `region`.
  long long SqlCount(const std::string& region, const std::string& cond = "1 = 1",
                     std::vector<db::Value> params = {}) {
    CodeRange r = SubtreeRange(region);
    params.insert(params.begin(), {r.lo, r.hi});
    return QueryInt(*stack_.sys,
                    "SELECT COUNT(*) FROM orgs WHERE region_code >= :1 AND region_code <= :2 "
                    "AND " +
                        cond,
                    params);
  }

  // The stats of `region` and each child equal SQL counts over the orgs table.
  void ExpectStatsMatchSql(const std::string& region) {
    auto r = Admin().Call("GET", "/api/v1/stats/orgs?region=" + region);
    ASSERT_EQ(r.status, 200) << r.body;
    auto j = Admin().Json(r);
    std::vector<nlohmann::json> counts = {j["region"]};
    for (auto& ch : j["children"]) counts.push_back(ch);
    long long child_sum = 0;
    for (auto& c : counts) {
      std::string code = c["region_code"];
      SCOPED_TRACE(code);
      EXPECT_EQ(c["total"], SqlCount(code));
      EXPECT_EQ(c["registered"], SqlCount(code, "registered = 1"));
      EXPECT_EQ(c["unregistered"], SqlCount(code, "registered = 0"));
      for (const char* kind : {"association", "social_service_agency", "foundation", "micro_org",
                               "volunteer_team", "cooperative", "womens_home"}) {
        long long n = SqlCount(code, "kind = :3", {std::string(kind)});
        EXPECT_EQ(c["by_kind"].value(kind, 0LL), n) << kind;
      }
      for (const char* status : {"incubating", "active", "abnormal", "deregistered"}) {
        long long n = SqlCount(code, "status = :3", {std::string(status)});
        EXPECT_EQ(c["by_status"].value(status, 0LL), n) << status;
      }
      if (code != region) child_sum += c["total"].get<long long>();
    }
    // Orgs sit at the region itself or below one of its children.
    EXPECT_EQ(j["region"]["total"].get<long long>(),
              child_sum + QueryInt(*stack_.sys, "SELECT COUNT(*) FROM orgs WHERE region_code = :1",
                                   {region}));
  }

  // Successive edits get distinct history timestamps (ordered newest first).
  void Tick() { clock_.Set(++ticks_ * 1000); }

  Stack stack_;
  std::unique_ptr<Client> admin_;
  ClockShift clock_;
  int ticks_ = 0;
};

TEST_F(OrgApiTest, UsccHelperBuildsValidCodes) {
  for (char cat : {'1', '2', '3'}) {
    auto info = org::ParseUscc(Uscc(cat, 42));
    ASSERT_TRUE(info.ok()) << info.status().message();
    EXPECT_EQ(info->category, cat);
  }
}

TEST_F(OrgApiTest, CreatesARegisteredAndAMicroOrganization) {
  long long before = CountEvents(*stack_.sys, "org.create");
  auto body = Association("会城妇女儿童协会", kHuicheng, 1);
  body["domains"] = {"family_education", "child_care"};
  body["members"] = 120;
  body["founded_on"] = "2019-03-08";
  auto r = Admin().Call("POST", "/api/v1/orgs", body.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  auto j = Admin().Json(r);
  EXPECT_EQ(j["name"], "会城妇女儿童协会");
  EXPECT_EQ(j["kind"], "association");
  EXPECT_EQ(j["uscc"], Uscc('1', 1));
  EXPECT_EQ(j["registered"], true);
  EXPECT_EQ(j["status"], "active");  // the default
  EXPECT_EQ(j["region_name"], "会城街道");
  EXPECT_EQ(j["level"], 4);
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["members"], 120);
  EXPECT_EQ(j["founded_on"], "2019-03-08");
  EXPECT_EQ(j["domains"], nlohmann::json({"child_care", "family_education"}));
  EXPECT_EQ(j["warnings"], nlohmann::json::array()) << j["warnings"];

  auto m = Admin().Call("POST", "/api/v1/orgs", Micro("北门村妇女之家", kBeimen).dump());
  ASSERT_EQ(m.status, 201) << m.body;
  auto mj = Admin().Json(m);
  EXPECT_EQ(mj["registered"], false);
  EXPECT_TRUE(mj["uscc"].is_null());
  EXPECT_EQ(mj["level"], 5);

  EXPECT_EQ(CountEvents(*stack_.sys, "org.create"), before + 2);
  auto g = Admin().Call("GET", OrgUrl(j["id"]));
  ASSERT_EQ(g.status, 200) << g.body;
  EXPECT_EQ(Admin().Json(g)["name"], "会城妇女儿童协会");
}

TEST_F(OrgApiTest, ABadUsccIsRejectedNamingTheField) {
  std::string good = Uscc('1', 7);
  std::string bad_check = good;
  bad_check.back() = bad_check.back() == '0' ? '1' : '0';
  std::string letters = "51440705MA0000001";
  letters += org::UsccCheckChar(letters);
  std::string lower = letters;
  lower[8] = 'm';
  lower[9] = 'a';
  for (auto& [label, uscc] :
       std::vector<std::pair<std::string, nlohmann::json>>{{"check char", bad_check},
                                                           {"lower case", lower},
                                                           {"too short", good.substr(0, 17)},
                                                           {"missing", nullptr},
                                                           {"empty", ""}}) {
    auto body = Association("协会 " + label, kHuicheng, 7);
    if (uscc.is_null())
      body.erase("uscc");
    else
      body["uscc"] = uscc;
    auto r = Admin().Call("POST", "/api/v1/orgs", body.dump());
    EXPECT_EQ(r.status, 422) << label << ": " << r.body;
    EXPECT_EQ(ErrorField(r), "uscc") << label;
  }
  // every registered kind needs one; unregistered kinds do not
  for (const char* kind : {"social_service_agency", "foundation"}) {
    auto r = Admin().Call(
        "POST", "/api/v1/orgs",
        nlohmann::json{{"name", kind}, {"kind", kind}, {"region_code", kHuicheng}}.dump());
    EXPECT_EQ(r.status, 422) << kind;
    EXPECT_EQ(ErrorField(r), "uscc") << kind;
  }
  for (const char* kind : {"micro_org", "volunteer_team", "cooperative", "womens_home"}) {
    auto r = Admin().Call(
        "POST", "/api/v1/orgs",
        nlohmann::json{{"name", kind}, {"kind", kind}, {"region_code", kHuicheng}}.dump());
    EXPECT_EQ(r.status, 201) << kind << ": " << r.body;
  }
  EXPECT_EQ(QueryInt(*stack_.sys, "SELECT COUNT(*) FROM orgs WHERE registered = 1"), 0);
  // the letters code itself is fine
  auto ok = Admin().Call("POST", "/api/v1/orgs",
                         nlohmann::json{{"name", "字母代码协会"},
                                        {"kind", "association"},
                                        {"region_code", kHuicheng},
                                        {"uscc", letters}}
                             .dump());
  EXPECT_EQ(ok.status, 201) << ok.body;
}

TEST_F(OrgApiTest, ADuplicateUsccIsAConflictOnUscc) {
  long long first = Create(Association("第一协会", kHuicheng, 11));
  ASSERT_NE(first, 0);
  auto dup = Admin().Call("POST", "/api/v1/orgs", Association("第二协会", kDaze, 11).dump());
  EXPECT_EQ(dup.status, 409) << dup.body;
  EXPECT_EQ(ErrorField(dup), "uscc");
  EXPECT_EQ(QueryInt(*stack_.sys, "SELECT COUNT(*) FROM orgs"), 1);
  // …and so is taking it over by an edit
  long long second = Create(Association("第二协会", kDaze, 12));
  auto p = Patch(Admin(), second, {{"uscc", Uscc('1', 11)}});
  EXPECT_EQ(p.status, 409) << p.body;
  EXPECT_EQ(ErrorField(p), "uscc");
  EXPECT_EQ(QueryStr(*stack_.sys, "SELECT uscc FROM orgs WHERE id = :1", {second}), Uscc('1', 12));
  // re-saving one's own code is no conflict
  EXPECT_EQ(Patch(Admin(), first, {{"uscc", Uscc('1', 11)}, {"address", "x"}}).status, 200);
}

TEST_F(OrgApiTest, UnknownFieldsAndDictionaryValuesAreRejectedNamingTheField) {
  auto body = Micro("未知字段", kHuicheng);
  body["colour"] = "red";
  auto r = Admin().Call("POST", "/api/v1/orgs", body.dump());
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(ErrorField(r), "colour");

  auto kind = Micro("未知类型", kHuicheng);
  kind["kind"] = "company";
  r = Admin().Call("POST", "/api/v1/orgs", kind.dump());
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(ErrorField(r), "kind");

  auto domains = Micro("未知领域", kHuicheng);
  domains["domains"] = {"health", "space_travel"};
  r = Admin().Call("POST", "/api/v1/orgs", domains.dump());
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(ErrorField(r), "domains");
  EXPECT_NE(r.body.find("space_travel"), std::string::npos) << r.body;

  for (auto [field, value] :
       std::vector<std::pair<std::string, std::string>>{{"status", "closed"},
                                                        {"grade", "6A"},
                                                        {"origin", "nowhere"},
                                                        {"guidance_category", "x"}}) {
    auto b = Micro("坏值 " + field, kHuicheng);
    b[field] = value;
    r = Admin().Call("POST", "/api/v1/orgs", b.dump());
    EXPECT_EQ(r.status, 422) << field << ": " << r.body;
    EXPECT_EQ(ErrorField(r), field);
  }
  auto wrong_type = Micro("类型错误", kHuicheng);
  wrong_type["members"] = "many";
  r = Admin().Call("POST", "/api/v1/orgs", wrong_type.dump());
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(ErrorField(r), "members");
  EXPECT_EQ(QueryInt(*stack_.sys, "SELECT COUNT(*) FROM orgs"), 0);

  // in a patch too
  long long id = Create(Micro("已有机构", kHuicheng));
  auto p = Patch(Admin(), id, {{"colour", "red"}});
  EXPECT_EQ(p.status, 422);
  EXPECT_EQ(ErrorField(p), "colour");
  p = Patch(Admin(), id, {{"domains", {"bogus"}}});
  EXPECT_EQ(p.status, 422);
  EXPECT_EQ(ErrorField(p), "domains");
  EXPECT_EQ(Version(id), 1);
}

TEST_F(OrgApiTest, DictionariesAreServedToAnyLoggedInUser) {
  MakeUser(*stack_.sys, "reviewer", Role::kReviewer, kHuicheng);
  Client reviewer = LoggedIn(stack_, "reviewer");
  auto r = reviewer.Call("GET", "/api/v1/dicts");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = reviewer.Json(r);
  std::map<std::string, bool> kinds;
  for (auto& k : j["org_kind"]) kinds[k["code"]] = k["registered"];
  EXPECT_EQ(kinds, (std::map<std::string, bool>{{"association", true},
                                                {"social_service_agency", true},
                                                {"foundation", true},
                                                {"micro_org", false},
                                                {"volunteer_team", false},
                                                {"cooperative", false},
                                                {"womens_home", false}}));
  EXPECT_EQ(j["org_status"].size(), 4u);
  EXPECT_EQ(j["service_domain"].size(), 12u);
  EXPECT_EQ(Client(*stack_.app).Call("GET", "/api/v1/dicts").status, 401);
}

TEST_F(OrgApiTest, TownStaffSeeSearchAndCountOnlyTheirTown) {
  long long hc1 = Create(Micro("会城甲", kHuicheng));
  long long hc2 = Create(Association("会城乙", kHuicheng, 21));
  long long bm = Create(Micro("北门丙", kBeimen));
  long long dz = Create(Micro("大泽丁", kDaze));
  long long ts = Create(Micro("台山戊", kTaishan));
  long long xh = Create(Micro("新会己", kXinhui));
  Client hc = LoggedIn(stack_, "hc_staff");

  auto list = hc.Call("GET", "/api/v1/orgs?size=200");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(Names(hc.Json(list)), (std::set<std::string>{"会城甲", "会城乙", "北门丙"}));
  EXPECT_EQ(hc.Json(list)["total"], 3);
  // searching for an organization outside finds nothing
  for (std::string q : {"大泽", "台山", "新会己", "丁"}) {
    auto s = hc.Call("GET", "/api/v1/orgs?q=" + UrlEncode(q));
    ASSERT_EQ(s.status, 200) << s.body;
    EXPECT_EQ(hc.Json(s)["total"], 0) << q;
  }
  EXPECT_EQ(hc.Json(hc.Call("GET", "/api/v1/orgs?q=" + UrlEncode("会城")))["total"], 2);
  // a search with a bad %-escape is refused naming the query, not run without its filter
  for (const char* target : {"/api/v1/orgs?q=%E4%BC%9&size=200", "/api/v1/orgs?size=200&q=%zz",
                             "/api/v1/public/orgs?q=%"}) {
    auto bad = hc.Call("GET", target);
    EXPECT_EQ(bad.status, 400) << target << " " << bad.body;
    EXPECT_EQ(ErrorField(bad), "query") << target;
  }
  // filtering by a region outside is a 404, not an empty page
  for (const char* region : {kXinhui, kDaze, kJiangmen, kTaishan}) {
    auto s = hc.Call("GET", std::string("/api/v1/orgs?region=") + region);
    EXPECT_EQ(s.status, 404) << region << ": " << s.body;
  }
  auto village = hc.Call("GET", std::string("/api/v1/orgs?region=") + kBeimen);
  EXPECT_EQ(Names(hc.Json(village)), (std::set<std::string>{"北门丙"}));
  // objects outside are invisible
  for (long long id : {dz, ts, xh}) {
    EXPECT_EQ(hc.Call("GET", OrgUrl(id)).status, 404) << id;
    EXPECT_EQ(hc.Call("GET", OrgUrl(id, "/history")).status, 404) << id;
    auto p = hc.Call("PATCH", OrgUrl(id),
                     nlohmann::json{{"version", 1}, {"address", "hijacked"}}.dump());
    EXPECT_EQ(p.status, 404) << id;
    EXPECT_EQ(Version(id), 1);
  }
  for (long long id : {hc1, hc2, bm}) EXPECT_EQ(hc.Call("GET", OrgUrl(id)).status, 200) << id;
  // creating or moving an organization outside the town is forbidden
  auto c = hc.Call("POST", "/api/v1/orgs", Micro("越界", kDaze).dump());
  EXPECT_EQ(c.status, 403) << c.body;
  EXPECT_EQ(ErrorField(c), "region_code");
  auto mv = Patch(hc, hc1, {{"region_code", kDaze}});
  EXPECT_EQ(mv.status, 403) << mv.body;
  EXPECT_EQ(QueryStr(*stack_.sys, "SELECT region_code FROM orgs WHERE id = :1", {hc1}), kHuicheng);
  // counts: the county is out of reach, the town counts only the town
  auto up = hc.Call("GET", std::string("/api/v1/stats/orgs?region=") + kXinhui);
  EXPECT_EQ(up.status, 404) << up.body;
  EXPECT_EQ(hc.Call("GET", std::string("/api/v1/stats/orgs?region=") + kDaze).status, 404);
  for (std::string target :
       {std::string("/api/v1/stats/orgs"), std::string("/api/v1/stats/orgs?region=") + kHuicheng}) {
    auto st = hc.Call("GET", target);
    ASSERT_EQ(st.status, 200) << target << ": " << st.body;
    auto j = hc.Json(st);
    EXPECT_EQ(j["region"]["region_code"], kHuicheng);
    EXPECT_EQ(j["region"]["total"], 3) << j.dump();
    EXPECT_EQ(j["region"]["registered"], 1);
    EXPECT_EQ(j["region"]["unregistered"], 2);
    for (auto& ch : j["children"]) {
      EXPECT_TRUE(InSubtree(ch["region_code"].get<std::string>(), kHuicheng)) << ch.dump();
      EXPECT_EQ(ch["total"], ch["region_code"] == kBeimen ? 1 : 0) << ch.dump();
    }
  }
}

TEST_F(OrgApiTest, AnOrgAccountSeesAndEditsOnlyItsOwnOrganization) {
  auto own_body = Association("本会", kHuicheng, 31);
  own_body["contact_phone"] = "13712345678";
  long long own = Create(own_body);
  long long other = Create(Micro("邻会", kHuicheng));
  Client me = OrgAccount("org.user", own);

  auto list = me.Call("GET", "/api/v1/orgs?size=200");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(Names(me.Json(list)), (std::set<std::string>{"本会"}));
  EXPECT_EQ(me.Json(list)["total"], 1);
  EXPECT_EQ(me.Json(me.Call("GET", "/api/v1/orgs?q=" + UrlEncode("邻会")))["total"], 0);
  EXPECT_EQ(me.Call("GET", OrgUrl(own)).status, 200);
  EXPECT_EQ(me.Call("GET", OrgUrl(own, "/history")).status, 200);
  EXPECT_EQ(me.Call("GET", OrgUrl(other)).status, 404);
  EXPECT_EQ(me.Call("GET", OrgUrl(other, "/history")).status, 404);

  auto addr = Patch(me, own, {{"address", "会城街道中心路 1 号"}, {"members", 80}});
  ASSERT_EQ(addr.status, 200) << addr.body;
  EXPECT_EQ(me.Json(addr)["address"], "会城街道中心路 1 号");
  EXPECT_EQ(me.Json(addr)["version"], 2);

  for (auto [field, value] :
       std::vector<std::pair<std::string, nlohmann::json>>{{"name", "改名"},
                                                           {"kind", "foundation"},
                                                           {"region_code", kBeimen},
                                                           {"status", "abnormal"},
                                                           {"guidance_notes", "自评"},
                                                           {"tags", {"x"}}}) {
    auto p = Patch(me, own, {{field, value}});
    EXPECT_EQ(p.status, 403) << field << ": " << p.body;
    EXPECT_EQ(ErrorField(p), field);
  }
  // a forbidden field spoils the whole patch
  auto mixed = Patch(me, own, {{"address", "另一地址"}, {"name", "改名"}});
  EXPECT_EQ(mixed.status, 403);
  EXPECT_EQ(ErrorField(mixed), "name");
  auto now = Admin().Json(Admin().Call("GET", OrgUrl(own)));
  EXPECT_EQ(now["name"], "本会");
  EXPECT_EQ(now["address"], "会城街道中心路 1 号");
  EXPECT_EQ(now["version"], 2);

  EXPECT_EQ(Patch(me, other, {{"address", "x"}}).status, 404);
  EXPECT_EQ(me.Call("POST", "/api/v1/orgs", Micro("自建", kHuicheng).dump()).status, 403);
  EXPECT_EQ(me.Call("GET", "/api/v1/stats/orgs").status, 403);
  EXPECT_EQ(me.Call("GET", OrgUrl(own) + "?unmask=contact_phone").status, 403)
      << "only staff may unmask";
}

TEST_F(OrgApiTest, AStaleVersionIsAConflictAndChangesNothing) {
  long long id = Create(Micro("版本测试", kHuicheng));
  Client xh = LoggedIn(stack_, "xh_staff");
  auto first =
      xh.Call("PATCH", OrgUrl(id), nlohmann::json{{"version", 1}, {"address", "第一次"}}.dump());
  ASSERT_EQ(first.status, 200) << first.body;
  size_t rows = History(id).size();
  long long audits = CountEvents(*stack_.sys, "org.");
  auto stale =
      Admin().Call("PATCH", OrgUrl(id),
                   nlohmann::json{{"version", 1}, {"address", "第二次"}, {"members", 5}}.dump());
  EXPECT_EQ(stale.status, 409) << stale.body;
  EXPECT_EQ(ErrorCode(stale), "conflict");
  auto now = Admin().Json(Admin().Call("GET", OrgUrl(id)));
  EXPECT_EQ(now["address"], "第一次");
  EXPECT_TRUE(now["members"].is_null());
  EXPECT_EQ(now["version"], 2);
  EXPECT_EQ(History(id).size(), rows);
  EXPECT_EQ(CountEvents(*stack_.sys, "org."), audits);
  // a version from the future is no better
  EXPECT_EQ(
      Admin()
          .Call("PATCH", OrgUrl(id), nlohmann::json{{"version", 9}, {"address", "未来"}}.dump())
          .status,
      409);
  // without a version at all: 422
  auto none = Admin().Call("PATCH", OrgUrl(id), R"({"address":"无版本"})");
  EXPECT_EQ(none.status, 422);
  EXPECT_EQ(ErrorField(none), "version");
}

TEST_F(OrgApiTest, HistoryRecordsEachChangedFieldAndTheAuditLogTheEdit) {
  long long id = Create(Micro("历史测试", kHuicheng));
  long long audits = CountEvents(*stack_.sys, "org.update");
  Client xh = LoggedIn(stack_, "xh_staff");
  Tick();
  auto p = Patch(xh, id,
                 {{"address", "新地址"},
                  {"members", 30},
                  {"domains", {"health"}},
                  {"name", "历史测试"}});  // unchanged name: no row
  ASSERT_EQ(p.status, 200) << p.body;
  auto h = History(id);
  std::map<std::string, nlohmann::json> by_field;
  for (auto& row : h)
    if (row["change_kind"] == "update") by_field[row["field"]] = row;
  EXPECT_EQ(by_field.size(), 3u) << h.dump();
  ASSERT_TRUE(by_field.count("address")) << h.dump();
  EXPECT_EQ(by_field["address"]["old_value"], "");
  EXPECT_EQ(by_field["address"]["new_value"], "新地址");
  EXPECT_EQ(by_field["address"]["actor_name"], "xh_staff");
  EXPECT_FALSE(by_field["address"]["actor_id"].is_null());
  EXPECT_EQ(by_field["members"]["new_value"], "30");
  EXPECT_EQ(by_field["domains"]["new_value"], "health");
  // the creation is the oldest row
  EXPECT_EQ(h.back()["change_kind"], "create");
  EXPECT_EQ(h.back()["actor_name"], "admin");

  Tick();
  auto p2 = Patch(xh, id, {{"address", "再改"}});
  ASSERT_EQ(p2.status, 200);
  auto h2 = History(id);
  ASSERT_EQ(h2.size(), h.size() + 1);
  EXPECT_EQ(h2[0]["field"], "address");  // newest first
  EXPECT_EQ(h2[0]["old_value"], "新地址");
  EXPECT_EQ(h2[0]["new_value"], "再改");

  EXPECT_EQ(CountEvents(*stack_.sys, "org.update"), audits + 2);
  auto ev = Admin().Json(Admin().Call("GET", "/api/v1/audit-events?action=org.update&size=1"));
  ASSERT_EQ(ev["items"].size(), 1u);
  EXPECT_EQ(ev["items"][0]["object_id"], std::to_string(id));
  EXPECT_EQ(ev["items"][0]["actor_name"], "xh_staff");
  EXPECT_EQ(ev["items"][0]["region_code"], kHuicheng);
  EXPECT_EQ(ev["items"][0]["before"]["address"], "新地址");
  EXPECT_EQ(ev["items"][0]["after"]["address"], "再改");
}

TEST_F(OrgApiTest, AMicroOrgThatRegistersIsRecordedAsARegistration) {
  long long id = Create(Micro("成长中的微组织", kHuicheng));
  // becoming an association needs the credit code
  auto missing = Patch(Admin(), id, {{"kind", "association"}});
  EXPECT_EQ(missing.status, 422) << missing.body;
  EXPECT_EQ(ErrorField(missing), "uscc");
  Tick();
  auto p = Patch(Admin(), id, {{"kind", "association"}, {"uscc", Uscc('1', 41)}});
  ASSERT_EQ(p.status, 200) << p.body;
  EXPECT_EQ(Admin().Json(p)["registered"], true);
  std::set<std::string> fields;
  for (auto& row : History(id))
    if (row["change_kind"] == "register") fields.insert(row["field"]);
  EXPECT_EQ(fields, (std::set<std::string>{"kind", "uscc"}));
  EXPECT_EQ(QueryInt(*stack_.sys, "SELECT registered FROM orgs WHERE id = :1", {id}), 1);
  ExpectStatsMatchSql(kHuicheng);
  // a later ordinary edit is an update again
  Tick();
  ASSERT_EQ(Patch(Admin(), id, {{"address", "登记后"}}).status, 200);
  EXPECT_EQ(History(id)[0]["change_kind"], "update");
  // Dates moving to another year, and a new origin, move the report's kept counts.
  ASSERT_EQ(
      Patch(Admin(), id, {{"founded_on", "2012-05-01"}, {"registered_on", "2013-12-31"}}).status,
      200);
  ASSERT_EQ(Patch(Admin(), id, {{"founded_on", "2012-11-30"}}).status, 200);  // same year
  ASSERT_EQ(Patch(Admin(), id, {{"registered_on", "2014-01-01"}, {"origin", "incubated"}}).status,
            200);
  ExpectReportCountsFresh(*stack_.sys);
  EXPECT_EQ(QueryInt(*stack_.sys,
                     "SELECT SUM(n) FROM org_report_counts WHERE city_code = "
                     "'440700000000' AND registered_on = '2014-07-01' AND origin = 'incubated'"),
            1);
}

TEST_F(OrgApiTest, ThePhoneNumberIsMaskedSealedAndUnmaskedOnlyWithAnAuditEvent) {
  auto body = Micro("电话测试", kHuicheng);
  body["contact_phone"] = "138-1234-5678";
  auto c = Admin().Call("POST", "/api/v1/orgs", body.dump());
  ASSERT_EQ(c.status, 201) << c.body;
  long long id = Admin().Json(c)["id"];
  EXPECT_EQ(Admin().Json(c)["contact_phone"], "138****5678");
  EXPECT_EQ(c.body.find("12345678"), std::string::npos);

  Client hc = LoggedIn(stack_, "hc_staff");
  auto g = hc.Call("GET", OrgUrl(id));
  ASSERT_EQ(g.status, 200);
  EXPECT_EQ(hc.Json(g)["contact_phone"], "138****5678");
  EXPECT_EQ(hc.Json(g)["contact_phone_masked"], true);
  auto list = hc.Call("GET", "/api/v1/orgs");
  EXPECT_EQ(list.body.find("13812345678"), std::string::npos);
  EXPECT_NE(list.body.find("138****5678"), std::string::npos);

  long long reads = CountEvents(*stack_.sys, "org.pii_read");
  auto full = hc.Call("GET", OrgUrl(id) + "?unmask=contact_phone");
  ASSERT_EQ(full.status, 200) << full.body;
  EXPECT_EQ(hc.Json(full)["contact_phone"], "13812345678");
  EXPECT_EQ(hc.Json(full)["contact_phone_masked"], false);
  EXPECT_EQ(CountEvents(*stack_.sys, "org.pii_read"), reads + 1);
  auto ev = Admin().Json(Admin().Call("GET", "/api/v1/audit-events?action=org.pii_read&size=1"));
  EXPECT_EQ(ev["items"][0]["actor_name"], "hc_staff");
  EXPECT_EQ(ev["items"][0]["object_id"], std::to_string(id));
  EXPECT_EQ(hc.Call("GET", OrgUrl(id) + "?unmask=uscc").status, 422);

  // an auditor reads the masked form only
  Client auditor = LoggedIn(stack_, "auditor");
  EXPECT_EQ(auditor.Call("GET", OrgUrl(id)).status, 200);
  EXPECT_EQ(auditor.Call("GET", OrgUrl(id) + "?unmask=contact_phone").status, 403);
  EXPECT_EQ(CountEvents(*stack_.sys, "org.pii_read"), reads + 1);

  // at rest: sealed, indexed by a keyed hash, masked copy; never the digits
  for (const char* col : {"contact_phone_sealed", "contact_phone_index", "contact_phone_masked"}) {
    std::string v =
        QueryStr(*stack_.sys, std::string("SELECT ") + col + " FROM orgs WHERE id = :1", {id});
    EXPECT_FALSE(v.empty()) << col;
    EXPECT_EQ(v.find("12345678"), std::string::npos) << col << " = " << v;
  }
  // …nor in history or the audit trail
  EXPECT_EQ(QueryInt(*stack_.sys,
                     "SELECT COUNT(*) FROM org_history WHERE new_value LIKE '%12345678%' OR "
                     "old_value LIKE '%12345678%'"),
            0);
  EXPECT_EQ(QueryInt(*stack_.sys,
                     "SELECT COUNT(*) FROM audit_events WHERE after_json LIKE '%12345678%' OR "
                     "before_json LIKE '%12345678%'"),
            0);
  // changing the number keeps it protected, and the history shows masked values
  Tick();
  ASSERT_EQ(Patch(Admin(), id, {{"contact_phone", "0750 6612345"}}).status, 200);
  auto h = History(id);
  EXPECT_EQ(h[0]["field"], "contact_phone");
  EXPECT_EQ(h[0]["old_value"], "138****5678");
  EXPECT_EQ(h[0]["new_value"].get<std::string>().find("6612345"), std::string::npos);
  EXPECT_EQ(hc.Json(hc.Call("GET", OrgUrl(id) + "?unmask=contact_phone"))["contact_phone"],
            "07506612345");
  auto bad = Patch(Admin(), id, {{"contact_phone", "12345"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(ErrorField(bad), "contact_phone");
}

TEST_F(OrgApiTest, SearchFindsAnOrganizationByItsExactPhoneNumber) {
  auto a = Micro("甲组织", kHuicheng);
  a["contact_phone"] = "13812345678";
  long long id = Create(a);
  auto b = Micro("乙组织", kHuicheng);
  b["contact_phone"] = "13912345678";
  Create(b);
  Client hc = LoggedIn(stack_, "hc_staff");
  for (std::string q :
       std::vector<std::string>{"13812345678", "138-1234-5678", UrlEncode("138 1234 5678")}) {
    auto r = hc.Call("GET", "/api/v1/orgs?q=" + q);
    ASSERT_EQ(r.status, 200) << r.body;
    auto j = hc.Json(r);
    ASSERT_EQ(j["total"], 1) << q << ": " << j.dump();
    EXPECT_EQ(j["items"][0]["id"], id);
  }
  EXPECT_EQ(hc.Json(hc.Call("GET", "/api/v1/orgs?q=13812345670"))["total"], 0);
  EXPECT_EQ(hc.Json(hc.Call("GET", "/api/v1/orgs?q=5678"))["total"], 0);  // no partial match
  // the other searchable columns
  EXPECT_EQ(hc.Json(hc.Call("GET", "/api/v1/orgs?q=" + UrlEncode("甲")))["total"], 1);
}

TEST_F(OrgApiTest, StatsEqualSqlCountsAndFollowEdits) {
  long long hc_assoc = Create(Association("会城协会", kHuicheng, 51));
  auto sa = Micro("会城社工", kHuicheng);
  sa["kind"] = "social_service_agency";
  sa["uscc"] = Uscc('2', 52);
  Create(sa);
  long long bm_micro = Create(Micro("北门微组织", kBeimen));
  auto team = Micro("大泽志愿队", kDaze);
  team["kind"] = "volunteer_team";
  team["status"] = "incubating";
  Create(team);
  auto fnd = Micro("新会基金会", kXinhui);
  fnd["kind"] = "foundation";
  fnd["uscc"] = Uscc('3', 53);
  Create(fnd);
  auto home = Micro("台山妇女之家", kTaishan);
  home["kind"] = "womens_home";
  Create(home);

  for (const char* region : {kJiangmen, kXinhui, kHuicheng, kDaze}) {
    SCOPED_TRACE(region);
    ExpectStatsMatchSql(region);
  }
  auto before = Admin().Json(
      Admin().Call("GET", std::string("/api/v1/stats/orgs?region=") + kXinhui))["region"];
  EXPECT_EQ(before["total"], 5);
  EXPECT_EQ(before["registered"], 3);
  EXPECT_EQ(before["unregistered"], 2);

  // status, region and kind edits move the counts
  ASSERT_EQ(Patch(Admin(), hc_assoc, {{"status", "deregistered"}}).status, 200);
  ASSERT_EQ(Patch(Admin(), bm_micro, {{"region_code", kDaze}}).status, 200);
  ASSERT_EQ(Patch(Admin(), bm_micro, {{"kind", "cooperative"}}).status, 200);
  for (const char* region : {kJiangmen, kXinhui, kHuicheng, kDaze, kBeimen}) {
    SCOPED_TRACE(region);
    ExpectStatsMatchSql(region);
  }
  auto hc = Admin().Json(
      Admin().Call("GET", std::string("/api/v1/stats/orgs?region=") + kHuicheng))["region"];
  EXPECT_EQ(hc["total"], 2);
  EXPECT_EQ(hc["by_status"]["deregistered"], 1);
  auto dz = Admin().Json(
      Admin().Call("GET", std::string("/api/v1/stats/orgs?region=") + kDaze))["region"];
  EXPECT_EQ(dz["total"], 2);
  EXPECT_EQ(dz["by_kind"]["cooperative"], 1);
  // the auditor may read the dashboard; the reviewer may not
  Client auditor = LoggedIn(stack_, "auditor");
  EXPECT_EQ(auditor.Call("GET", "/api/v1/stats/orgs").status, 200);
  int bad = Admin().Call("GET", "/api/v1/stats/orgs?region=123").status;
  EXPECT_TRUE(bad == 404 || bad == 422) << bad;
  // The report's kept counts followed the creations and the edits.
  ExpectReportCountsFresh(*stack_.sys);
}

TEST_F(OrgApiTest, ThePublicDirectoryListsOnlyPublishedOrgsAndPublicFields) {
  auto pub = Association("公开协会", kHuicheng, 61);
  pub["published"] = true;
  pub["public_contact"] = "会城街道妇联 0750-1111111";
  pub["contact_phone"] = "13812345678";
  pub["guidance_notes"] = "内部指导意见";
  pub["domains"] = {"health"};
  long long pub_id = Create(pub);
  auto pub2 = Micro("公开大泽", kDaze);
  pub2["published"] = true;
  Create(pub2);
  auto hidden = Micro("未公开", kHuicheng);
  hidden["published"] = false;
  Create(hidden);
  Create(Micro("默认不公开", kHuicheng));

  Client anon(*stack_.app);
  auto r = anon.Call("GET", "/api/v1/public/orgs");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = anon.Json(r);
  EXPECT_EQ(Names(j), (std::set<std::string>{"公开协会", "公开大泽"}));
  EXPECT_EQ(j["total"], 2);
  for (auto& item : j["items"]) {
    std::set<std::string> keys;
    for (auto it = item.begin(); it != item.end(); ++it) keys.insert(it.key());
    keys.erase("region_name");  // the public name of region_code
    EXPECT_EQ(keys, (std::set<std::string>{"id", "name", "kind", "region_code", "domains",
                                           "public_contact"}))
        << item.dump();
  }
  for (const char* secret : {"12345678", "138****", "内部指导意见", "uscc", "contact_phone"})
    EXPECT_EQ(r.body.find(secret), std::string::npos) << secret;
  EXPECT_EQ(r.body.find(Uscc('1', 61)), std::string::npos);
  auto first = j["items"][0]["id"] == pub_id ? j["items"][0] : j["items"][1];
  EXPECT_EQ(first["public_contact"], "会城街道妇联 0750-1111111");
  EXPECT_EQ(first.value("region_name", "会城街道"), "会城街道");
  EXPECT_EQ(first["domains"], nlohmann::json({"health"}));

  // region, q and paging
  auto dz = anon.Json(anon.Call("GET", std::string("/api/v1/public/orgs?region=") + kDaze));
  EXPECT_EQ(Names(dz), (std::set<std::string>{"公开大泽"}));
  auto q = anon.Json(anon.Call("GET", "/api/v1/public/orgs?q=" + UrlEncode("协会")));
  EXPECT_EQ(Names(q), (std::set<std::string>{"公开协会"}));
  EXPECT_EQ(anon.Json(anon.Call("GET", "/api/v1/public/orgs?q=" + UrlEncode("未公开")))["total"],
            0);
  auto p1 = anon.Json(anon.Call("GET", "/api/v1/public/orgs?size=1&page=1"));
  auto p2 = anon.Json(anon.Call("GET", "/api/v1/public/orgs?size=1&page=2"));
  ASSERT_EQ(p1["items"].size(), 1u);
  ASSERT_EQ(p2["items"].size(), 1u);
  EXPECT_EQ(p1["total"], 2);
  EXPECT_NE(p1["items"][0]["id"], p2["items"][0]["id"]);
  EXPECT_EQ(anon.Call("GET", "/api/v1/public/orgs?region=abc").status, 422);
  // searching the public directory by a phone number reveals nothing
  EXPECT_EQ(anon.Json(anon.Call("GET", "/api/v1/public/orgs?q=13812345678"))["total"], 0);

  // unpublishing removes it
  ASSERT_EQ(Patch(Admin(), pub_id, {{"published", false}}).status, 200);
  EXPECT_EQ(Names(anon.Json(anon.Call("GET", "/api/v1/public/orgs"))),
            (std::set<std::string>{"公开大泽"}));
}

TEST_F(OrgApiTest, ListFiltersSortingAndPagingWork) {
  auto a = Association("甲协会", kHuicheng, 71);
  a["domains"] = {"health", "employment"};
  a["founded_on"] = "2015-01-01";
  Create(a);
  auto b = Micro("乙微组织", kBeimen);
  b["domains"] = {"health"};
  b["status"] = "incubating";
  b["founded_on"] = "2020-06-01";
  Create(b);
  auto c = Micro("丙志愿队", kDaze);
  c["kind"] = "volunteer_team";
  c["status"] = "abnormal";
  c["founded_on"] = "2010-05-05";
  Create(c);
  Client xh = LoggedIn(stack_, "xh_staff");
  auto names = [&](const std::string& query) {
    auto r = xh.Call("GET", "/api/v1/orgs?" + query);
    EXPECT_EQ(r.status, 200) << query << ": " << r.body;
    return r.status == 200 ? Names(xh.Json(r)) : std::set<std::string>{};
  };
  using S = std::set<std::string>;
  EXPECT_EQ(names("kind=association"), S{"甲协会"});
  EXPECT_EQ(names("kind=volunteer_team"), S{"丙志愿队"});
  EXPECT_EQ(names("status=incubating"), S{"乙微组织"});
  EXPECT_EQ(names("status=active"), S{"甲协会"});
  EXPECT_EQ(names("domain=health"), (S{"甲协会", "乙微组织"}));
  EXPECT_EQ(names("domain=employment"), S{"甲协会"});
  EXPECT_EQ(names("registered=true"), S{"甲协会"});
  EXPECT_EQ(names("registered=false"), (S{"乙微组织", "丙志愿队"}));
  EXPECT_EQ(names(std::string("region=") + kHuicheng), (S{"甲协会", "乙微组织"}));
  EXPECT_EQ(names(std::string("region=") + kDaze), S{"丙志愿队"});
  EXPECT_EQ(names("founded_from=2012-01-01&founded_to=2016-12-31"), S{"甲协会"});
  EXPECT_EQ(names("domain=health&registered=false"), S{"乙微组织"});

  auto order = [&](const std::string& sort) {
    auto j = xh.Json(xh.Call("GET", "/api/v1/orgs?sort=" + sort));
    std::vector<std::string> out;
    for (auto& item : j["items"]) out.push_back(item["founded_on"]);
    return out;
  };
  using V = std::vector<std::string>;
  EXPECT_EQ(order("founded_on"), (V{"2010-05-05", "2015-01-01", "2020-06-01"}));
  EXPECT_EQ(order("-founded_on"), (V{"2020-06-01", "2015-01-01", "2010-05-05"}));
  auto by_region = xh.Json(xh.Call("GET", "/api/v1/orgs?sort=region_code"));
  EXPECT_EQ(by_region["items"][0]["region_code"], kHuicheng);
  EXPECT_EQ(by_region["items"][2]["region_code"], kDaze);

  std::set<long long> seen;
  for (int page = 1; page <= 3; ++page) {
    auto j = xh.Json(xh.Call("GET", "/api/v1/orgs?sort=name&size=1&page=" + std::to_string(page)));
    EXPECT_EQ(j["total"], 3);
    ASSERT_EQ(j["items"].size(), 1u);
    seen.insert(j["items"][0]["id"].get<long long>());
  }
  EXPECT_EQ(seen.size(), 3u);
  EXPECT_EQ(xh.Json(xh.Call("GET", "/api/v1/orgs?size=1&page=4"))["items"].size(), 0u);

  for (auto [query, field] :
       std::vector<std::pair<std::string, std::string>>{{"sort=colour", "sort"},
                                                        {"registered=maybe", "registered"},
                                                        {"founded_from=2020-13-01", "founded_from"},
                                                        {"size=0", "size"},
                                                        {"region=12", "region"}}) {
    auto r = xh.Call("GET", "/api/v1/orgs?" + query);
    EXPECT_EQ(r.status, 422) << query << ": " << r.body;
    EXPECT_EQ(ErrorField(r), field) << query;
  }
}

// A page by name is picked from one of two indexes (org_store.cpp: the
// subtree's range when it is small, all names in order when it is a large share
// of the table); on 24 organizations, pages of 2 of the whole city take the
// second and pages of 会城街道 (4 of them) the first. Both give the order of
// (name, id) compared bytewise (upper case before lower case before Chinese),
// on SQLite and PostgreSQL alike, and the total comes from the kept counts.
TEST_F(OrgApiTest, PagesByNameAreTheSameWhicheverIndexAnswers) {
  struct Made {
    std::string name, region;
    long long id;
  };
  std::vector<Made> made;
  const std::vector<std::pair<std::string, std::string>> specs = {
      {"乙组织", kHuicheng}, {"甲组织", kBeimen},   {"Zeta 组织", kDaze}, {"alpha 组织", kXinhui},
      {"乙组织", kBeimen},   {"乙组织", kDaze},     {"丙组织", kTaishan}, {"Beta 组织", kHuicheng},
      {"丁组织", kJiangmen}, {"甲组织", kTaishan},  {"戊组织", kDaze},    {"己组织", kXinhui},
      {"庚组织", kBeimen},   {"辛组织", kTaishan},  {"壬组织", kDaze},    {"癸组织", kJiangmen},
      {"一组织", kDaze},     {"二组织", kTaishan},  {"三组织", kXinhui},  {"四组织", kDaze},
      {"五组织", kTaishan},  {"六组织", kJiangmen}, {"七组织", kDaze},    {"八组织", kTaishan}};
  for (auto& [name, region] : specs)
    made.push_back({name, region, MakeOrg(*stack_.sys, name, region)});
  auto expect_pages = [&](const std::string& region, bool desc) {
    SCOPED_TRACE(region + (desc ? " -name" : " name"));
    std::vector<const Made*> want;
    for (auto& m : made)
      if (InSubtree(m.region, region)) want.push_back(&m);
    std::sort(want.begin(), want.end(), [&](const Made* a, const Made* b) {
      return desc ? std::tie(b->name, b->id) < std::tie(a->name, a->id)
                  : std::tie(a->name, a->id) < std::tie(b->name, b->id);
    });
    std::vector<long long> got;
    for (int page = 1; page <= 13; ++page) {
      auto r =
          Admin().Call("GET", "/api/v1/orgs?size=2&sort=" + std::string(desc ? "-name" : "name") +
                                  "&region=" + region + "&page=" + std::to_string(page));
      ASSERT_EQ(r.status, 200) << r.body;
      auto j = Admin().Json(r);
      EXPECT_EQ(j["total"], static_cast<long long>(want.size()));
      for (auto& item : j["items"]) got.push_back(item["id"].get<long long>());
    }
    std::vector<long long> want_ids;
    for (auto* m : want) want_ids.push_back(m->id);
    EXPECT_EQ(got, want_ids);
  };
  for (const char* region : {kJiangmen, kXinhui, kHuicheng, kBeimen})
    for (bool desc : {false, true}) expect_pages(region, desc);
  // Totals of kind and status filters come from the kept counts too.
  ASSERT_EQ(Patch(Admin(), made[0].id, {{"status", "abnormal"}}).status, 200);
  auto abnormal = Admin().Json(
      Admin().Call("GET", "/api/v1/orgs?status=abnormal&region=" + std::string(kXinhui)));
  EXPECT_EQ(abnormal["total"], 1);
  EXPECT_EQ(Names(abnormal), std::set<std::string>{"乙组织"});
  auto micro = Admin().Json(Admin().Call("GET", "/api/v1/orgs?kind=micro_org&status=active"));
  EXPECT_EQ(micro["total"], 23);
  // Pages of a filtered list come in the same order too.
  std::vector<const Made*> active;
  for (auto& m : made)
    if (m.id != made[0].id) active.push_back(&m);
  std::sort(active.begin(), active.end(), [](const Made* a, const Made* b) {
    return std::tie(a->name, a->id) < std::tie(b->name, b->id);
  });
  std::vector<long long> got, want;
  for (auto* m : active) want.push_back(m->id);
  for (int page = 1; page <= 13; ++page) {
    auto j = Admin().Json(Admin().Call(
        "GET", "/api/v1/orgs?kind=micro_org&status=active&size=2&page=" + std::to_string(page)));
    for (auto& item : j["items"]) got.push_back(item["id"].get<long long>());
  }
  EXPECT_EQ(got, want);
  auto none = Admin().Json(Admin().Call("GET", "/api/v1/orgs?kind=association"));
  EXPECT_EQ(none["total"], 0);
  EXPECT_TRUE(none["items"].empty());
}

// The whole country (kNationalRoot) as a dashboard region and a list scope:
// its children are the provinces of the region table and its figures their
// sums. Only a national deployment (root_region 000000000000) can hold it,
// so the service is called with such a principal directly; over the API a
// city admin asking for it gets a 404 like any region outside the scope.
TEST_F(OrgApiTest, TheNationalRootCountsEveryProvince) {
  ASSERT_TRUE(ExecSql(*stack_.sys,
                      "INSERT INTO regions (code, name, level, parent_code, child_count) VALUES "
                      "('110000000000', '北京市', 1, NULL, 1), "
                      "('110100000000', '市辖区', 2, '110000000000', 0)")
                  .ok());
  MakeOrg(*stack_.sys, "北京微组织", "110100000000");
  Create(Association("江门协会", kHuicheng, 81));
  MakeOrg(*stack_.sys, "北门微组织", kBeimen);

  Principal nation = stack_.sys->users->CliPrincipal("test");
  nation.role = Role::kAdmin;
  nation.region_code = kNationalRoot;
  auto st = stack_.sys->orgs->Stats(nation, kNationalRoot);
  ASSERT_TRUE(st.ok()) << st.status().message();
  EXPECT_EQ(st->first.region_code, kNationalRoot);
  EXPECT_EQ(st->first.total, 3);
  EXPECT_EQ(st->first.registered, 1);
  EXPECT_EQ(st->first.unregistered, 2);
  EXPECT_EQ(st->first.by_kind.at("micro_org"), 2);
  std::map<std::string, long long> kids;
  for (auto& k : st->second) kids[k.region_code] = k.total;
  EXPECT_EQ(kids, (std::map<std::string, long long>{{"110000000000", 1}, {"440000000000", 2}}));
  EXPECT_EQ(st->first.total, QueryInt(*stack_.sys, "SELECT COUNT(*) FROM orgs"));
  // From the country down: a province and its cities.
  auto gd = stack_.sys->orgs->Stats(nation, "440000000000");
  ASSERT_TRUE(gd.ok()) << gd.status().message();
  EXPECT_EQ(gd->first.total, 2);
  ASSERT_EQ(gd->second.size(), 1u);
  EXPECT_EQ(gd->second[0].region_code, kJiangmen);
  EXPECT_EQ(gd->second[0].total, 2);

  org::OrgFilter all;
  auto list = stack_.sys->orgs->List(nation, all);
  ASSERT_TRUE(list.ok()) << list.status().message();
  EXPECT_EQ(list->second, 3);
  ASSERT_EQ(list->first.size(), 3u);
  EXPECT_EQ(list->first[0].Get("name"), "北京微组织");  // 北 (U+5317) < 江 (U+6C5F)
  org::OrgFilter beijing;
  beijing.region = "110000000000";
  auto bj = stack_.sys->orgs->List(nation, beijing);
  ASSERT_TRUE(bj.ok()) << bj.status().message();
  EXPECT_EQ(bj->second, 1);

  // A city admin: the country is outside the scope.
  auto r = Admin().Call("GET", std::string("/api/v1/stats/orgs?region=") + kNationalRoot);
  EXPECT_EQ(r.status, 404) << r.body;
  Principal city = nation;
  city.region_code = kJiangmen;
  EXPECT_EQ(stack_.sys->orgs->Stats(city, kNationalRoot).status().code(), Code::kNotFound);
}

// The statement cache (db::Conn::*Prepared, set_prepare_all) answers like the
// plain path: the same values, NULLs, counts and sums, a unique violation as
// kAlreadyExists, a wrong number of parameters as an error, and a statement
// reused after a rolled-back transaction.
TEST_F(OrgApiTest, PreparedStatementsAnswerLikePlainOnes) {
  auto a = Association("缓存协会", kHuicheng, 91);
  a["members"] = 12;
  a["founded_on"] = "2001-02-03";
  Create(a);
  MakeOrg(*stack_.sys, "缓存微组织", kBeimen);
  const std::string sql =
      "SELECT id, name, uscc, members, founded_on, version, registered FROM orgs "
      "WHERE region_code >= :1 AND region_code <= :2 ORDER BY name";
  std::vector<db::Value> params = {std::string(kXinhui), std::string("440705999999")};
  Status st = stack_.sys->db->Read([&](db::Conn& c) -> Status {
    auto plain = c.Query(sql, params);
    auto prepared = c.QueryPrepared(sql, params);
    auto again = c.QueryPrepared(sql, params);
    EXPECT_TRUE(plain.ok() && prepared.ok() && again.ok());
    if (!plain.ok() || !prepared.ok() || !again.ok()) return Status::Ok();
    EXPECT_EQ(plain->size(), 2u);
    EXPECT_EQ(prepared->size(), plain->size());
    EXPECT_EQ(again->size(), plain->size());
    for (size_t r = 0; r < plain->size() && r < prepared->size(); ++r) {
      for (size_t i = 0; i < (*plain)[r].size(); ++i) {
        SCOPED_TRACE("row " + std::to_string(r) + " column " + std::to_string(i));
        EXPECT_EQ((*prepared)[r].IsNull(i), (*plain)[r].IsNull(i));
        EXPECT_EQ((*prepared)[r].Str(i), (*plain)[r].Str(i));
        EXPECT_EQ((*prepared)[r].Int(i), (*plain)[r].Int(i));
      }
    }
    for (const char* agg : {"SELECT COUNT(*) FROM orgs", "SELECT SUM(n) FROM org_counts",
                            "SELECT SUM(version) + 1 FROM orgs", "SELECT MAX(name) FROM orgs"}) {
      auto x = c.QueryOne(agg), y = c.QueryOnePrepared(agg);
      EXPECT_TRUE(x.ok() && y.ok() && *x && *y) << agg;
      if (x.ok() && y.ok() && *x && *y) {
        EXPECT_EQ((*x)->Str(0), (*y)->Str(0)) << agg;
        EXPECT_EQ((*x)->Int(0), (*y)->Int(0)) << agg;
      }
    }
    auto none = c.QueryOnePrepared("SELECT id FROM orgs WHERE id = :1", {-1LL});
    EXPECT_TRUE(none.ok() && !*none);
    auto wrong = c.QueryPrepared("SELECT id FROM orgs WHERE id = :1", {});
    EXPECT_FALSE(wrong.ok());
    auto bad = c.QueryPrepared("SELECT no_such_column FROM orgs");
    EXPECT_EQ(bad.status().code(), Code::kInternal);
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok()) << st.message();

  const std::string ins =
      "INSERT INTO dict_items (dict, code, name_zh, name_en, sort, registered, active) VALUES "
      "(:1, :2, :3, :4, :5, :6, :7)";
  auto item = [](const std::string& code) {
    return std::vector<db::Value>{
        std::string("org_origin"), code, std::string("测试"), std::string("Test"), 9LL, 0LL, 1LL};
  };
  // Rolled back, then the same statement again: committed once.
  Status rolled = stack_.sys->db->Tx([&](db::Conn& c) -> Status {
    auto n = c.ExecPrepared(ins, item("cache_a"));
    EXPECT_TRUE(n.ok() && *n == 1);
    return Conflict("roll back");
  });
  EXPECT_EQ(rolled.code(), Code::kConflict);
  Status committed = stack_.sys->db->Tx([&](db::Conn& c) -> Status {
    c.set_prepare_all(true);  // Exec takes the cache too
    SHUNIU_RETURN_IF_ERROR(c.Exec(ins, item("cache_a")));
    auto dup = c.ExecPrepared(ins, item("cache_a"));
    EXPECT_EQ(dup.status().code(), Code::kAlreadyExists);
    c.set_prepare_all(false);
    return Status::Ok();
  });
  // On PostgreSQL the failed INSERT aborts the transaction: it rolls back.
  if (stack_.sys->db->engine() == db::Engine::kSqlite) {
    EXPECT_TRUE(committed.ok()) << committed.message();
    EXPECT_EQ(QueryInt(*stack_.sys, "SELECT COUNT(*) FROM dict_items WHERE code = 'cache_a'"), 1);
  }
  Status once = stack_.sys->db->Tx([&](db::Conn& c) -> Status {
    auto n = c.ExecPrepared(ins, item("cache_b"));
    return n.ok() ? Status::Ok() : n.status();
  });
  EXPECT_TRUE(once.ok()) << once.message();
  EXPECT_EQ(QueryInt(*stack_.sys, "SELECT COUNT(*) FROM dict_items WHERE code = 'cache_b'"), 1);
}

TEST_F(OrgApiTest, EdgeValuesNeverCauseAServerError) {
  long long id = Create(Micro("边界值", kHuicheng));
  // clearing a flag stores false (the column is NOT NULL)
  auto p = Patch(Admin(), id, {{"published", nullptr}});
  EXPECT_TRUE(p.status == 200 || p.status == 422) << p.body;
  EXPECT_EQ(QueryInt(*stack_.sys, "SELECT published FROM orgs WHERE id = :1", {id}), 0);
  // a domain listed twice is one domain or a 422, never a 409/500
  auto twice = Micro("重复领域", kHuicheng);
  twice["domains"] = {"health", "health"};
  auto r = Admin().Call("POST", "/api/v1/orgs", twice.dump());
  EXPECT_TRUE(r.status == 201 || (r.status == 422 && ErrorField(r) == "domains")) << r.body;
  auto pd = Patch(Admin(), id, {{"domains", {"child_care", "child_care"}}});
  EXPECT_TRUE(pd.status == 200 || (pd.status == 422 && ErrorField(pd) == "domains")) << pd.body;
  // wildcards in a search are literal
  Create(Micro("百分之百_组织", kHuicheng));
  auto pct = Admin().Json(Admin().Call("GET", "/api/v1/orgs?q=%25"));
  EXPECT_EQ(pct["total"], 0) << pct.dump();
  auto us = Admin().Json(Admin().Call("GET", "/api/v1/orgs?q=_"));
  EXPECT_EQ(Names(us), std::set<std::string>{"百分之百_组织"});
  // numbers of the wrong shape
  for (auto [field, value] :
       std::vector<std::pair<std::string, nlohmann::json>>{{"members", -5},
                                                           {"members", 1.5},
                                                           {"members", 1234567890},
                                                           {"published", "maybe"},
                                                           {"founded_on", "2020-02-30"},
                                                           {"name", std::string(201, 'x')},
                                                           {"domains", "health"}}) {
    auto b = Patch(Admin(), id, {{field, value}});
    EXPECT_EQ(b.status, 422) << field << " = " << value.dump() << ": " << b.body;
    EXPECT_EQ(ErrorField(b), field) << field;
  }
  EXPECT_EQ(Admin().Call("GET", "/api/v1/orgs/abc").status, 404);
  EXPECT_EQ(Admin().Call("GET", "/api/v1/orgs/999").status, 404);
}

}  // namespace
}  // namespace shuniu::testing
