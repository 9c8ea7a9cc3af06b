// Women & Children Homes over the API: registry validation naming fields,
// scope (404 outside, 403 writing outside), the masked and sealed contact
// phone, organization accounts reading their linked Home only, the star from
// points and thresholds, the second-approver rule, expiry, figures equal to
// direct counts, criteria editing and the idempotent demo. Runs on SQLite,
// and on PostgreSQL when SHUNIU_TEST_DB is set.
#include "api/harness.h"

namespace shuniu::testing {
namespace {

using nlohmann::json;

constexpr const char* kJiangmen = "440700000000";
constexpr const char* kXinhui = "440705000000";
constexpr const char* kTaishan = "440781000000";
constexpr const char* kBeimen = "440705001001";    // 北门社区 (Xinhui)
constexpr const char* kLingdong = "440705001002";  // 菱东社区 (Xinhui)
constexpr const char* kShakeng = "440781001201";   // 沙坑村 (Taishan)
const std::string kPdf =
    "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

class HomeApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    s_ = MakeStack();
    auto& sys = *s_.sys;
    MakeUser(sys, "hm.admin", Role::kAdmin, kJiangmen);
    MakeUser(sys, "hm.xh", Role::kStaff, kXinhui);
    MakeUser(sys, "hm.xh2", Role::kStaff, kXinhui);
    MakeUser(sys, "hm.ts", Role::kStaff, kTaishan);
    MakeUser(sys, "hm.aud", Role::kAuditor, kJiangmen);
    org_ = MakeOrg(sys, "北门社区社工站", kXinhui);
    other_org_ = MakeOrg(sys, "台山社工站", kTaishan);
    MakeUser(sys, "hm.org", Role::kOrg, kXinhui, kPassword, org_);
    auto admin = LoggedIn(s_, "hm.admin");
    auto r = admin.Call("POST", "/api/v1/homes/criteria", CriteriaBody(kJiangmen, 2020).dump());
    ASSERT_EQ(r.status, 201) << r.body;
  }

  static json CriteriaBody(const std::string& region, long long year) {
    return {{"region_code", region},
            {"year", year},
            {"validity_years", 3},
            {"items", json::array({{{"code", "site"}, {"name", "场地"}, {"max_points", 20}},
                                   {{"code", "rules"}, {"name", "制度"}, {"max_points", 15}},
                                   {{"code", "team"}, {"name", "队伍"}, {"max_points", 15}},
                                   {{"code", "activity"}, {"name", "活动"}, {"max_points", 30}},
                                   {{"code", "effect"}, {"name", "成效"}, {"max_points", 20}}})},
            {"thresholds", json::array({60, 70, 80, 85, 90})}};
  }

  // Points per item summing to `total` (≤ 100).
  static json Items(long long total, json files = json::array()) {
    json a = json::array();
    long long maxes[] = {20, 15, 15, 30, 20};
    const char* codes[] = {"site", "rules", "team", "activity", "effect"};
    long long left = total;
    for (int i = 0; i < 5; ++i) {
      long long p = std::min(maxes[i], left);
      left -= p;
      json x = {{"code", codes[i]}, {"points", p}};
      if (i == 0) x["file_ids"] = files;
      a.push_back(x);
    }
    return a;
  }

  long long CreateHome(Client& c, const std::string& region, const std::string& name,
                       std::optional<long long> org = std::nullopt) {
    json body = {{"region_code", region},          {"name", name},
                 {"kind", "women_children"},       {"contact_name", "梁秀英"},
                 {"contact_phone", "13802701101"}, {"area_m2", 200}};
    if (org) body["org_id"] = *org;
    auto r = c.Call("POST", "/api/v1/homes", body.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return c.Json(r).value("id", 0LL);
  }

  http::Response Assess(Client& c, long long home, long long total,
                        const std::string& on = "2025-04-18", json files = json::array()) {
    return c.Call("POST", "/api/v1/homes/" + std::to_string(home) + "/assessments",
                  json{{"items", Items(total, files)}, {"assessed_on", on}}.dump());
  }

  Stack s_;
  long long org_ = 0, other_org_ = 0;
};

TEST_F(HomeApiTest, CreateRejectsBadFieldsByNameAndWritesNothing) {
  auto xh = LoggedIn(s_, "hm.xh");
  auto post = [&](json body) { return xh.Call("POST", "/api/v1/homes", body.dump()); };
  json ok = {{"region_code", kBeimen}, {"name", "北门社区妇女儿童之家"}, {"kind", "women"}};
  struct Case {
    const char* field;
    json value;
    const char* want;
  } cases[] = {
      {"region_code", "440705001000", "region_code"},  // a town, not a village
      {"region_code", "4407", "region_code"},
      {"kind", "club", "kind"},
      {"org_id", 999999, "org_id"},      // unknown organization
      {"org_id", other_org_, "org_id"},  // outside the caller's scope
      {"contact_phone", "call me", "contact_phone"},
      {"founded_on", "2016-02-30", "founded_on"},
      {"area_m2", -5, "area_m2"},
      {"status", "open", "status"},
      {"colour", "red", "colour"},
  };
  for (auto& c : cases) {
    json body = ok;
    body[c.field] = c.value;
    auto r = post(body);
    EXPECT_EQ(r.status, 422) << c.field << " " << r.body;
    EXPECT_EQ(ErrorField(r), c.want) << r.body;
  }
  json no_name = ok;
  no_name.erase("name");
  EXPECT_EQ(ErrorField(post(no_name)), "name");
  EXPECT_EQ(QueryInt(*s_.sys, "SELECT COUNT(*) FROM homes"), 0);
  EXPECT_EQ(CountEvents(*s_.sys, "home.create"), 0);
  EXPECT_EQ(post(ok).status, 201);
  EXPECT_EQ(CountEvents(*s_.sys, "home.create"), 1);
}

TEST_F(HomeApiTest, StaffSeeTheirSubtreeOnly) {
  auto ts = LoggedIn(s_, "hm.ts");
  auto xh = LoggedIn(s_, "hm.xh");
  long long taishan = CreateHome(ts, kShakeng, "沙坑村妇女之家");
  long long beimen = CreateHome(xh, kBeimen, "北门社区妇女儿童之家");
  // Writing into Taishan from Xinhui: 403; reading a Taishan Home: 404.
  auto r = xh.Call("POST", "/api/v1/homes",
                   json{{"region_code", kShakeng}, {"name", "越权"}, {"kind", "women"}}.dump());
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_EQ(ErrorField(r), "region_code");
  std::string tpath = "/api/v1/homes/" + std::to_string(taishan);
  EXPECT_EQ(xh.Call("GET", tpath).status, 404);
  EXPECT_EQ(xh.Call("PATCH", tpath, R"({"version":1,"name":"x"})").status, 404);
  EXPECT_EQ(xh.Call("GET", tpath + "/assessments").status, 404);
  EXPECT_EQ(Assess(xh, taishan, 80).status, 404);
  auto list = xh.Json(xh.Call("GET", "/api/v1/homes?size=200"));
  ASSERT_EQ(list["total"], 1);
  EXPECT_EQ(list["items"][0]["id"], beimen);
  // The city sees both; the auditor reads but cannot write.
  auto admin = LoggedIn(s_, "hm.admin");
  EXPECT_EQ(admin.Json(admin.Call("GET", "/api/v1/homes"))["total"], 2);
  auto aud = LoggedIn(s_, "hm.aud");
  EXPECT_EQ(aud.Call("GET", tpath).status, 200);
  EXPECT_EQ(Assess(aud, taishan, 80).status, 403);
}

TEST_F(HomeApiTest, PhoneIsMaskedInListsSealedAtRestAndUnmaskedReadsAreAudited) {
  auto xh = LoggedIn(s_, "hm.xh");
  long long id = CreateHome(xh, kBeimen, "北门社区妇女儿童之家");
  auto list = xh.Json(xh.Call("GET", "/api/v1/homes"));
  EXPECT_EQ(list["items"][0]["contact_phone"], "138****1101");
  std::string sealed = QueryStr(*s_.sys, "SELECT contact_phone_sealed FROM homes");
  EXPECT_EQ(sealed.find("13802701101"), std::string::npos);
  EXPECT_EQ(
      QueryInt(*s_.sys, "SELECT COUNT(*) FROM audit_events WHERE after_json LIKE '%13802701101%'"),
      0);
  std::string path = "/api/v1/homes/" + std::to_string(id);
  EXPECT_EQ(xh.Json(xh.Call("GET", path))["contact_phone"], "138****1101");
  EXPECT_EQ(xh.Json(xh.Call("GET", path + "?unmask_phone=1"))["contact_phone"], "13802701101");
  EXPECT_EQ(CountEvents(*s_.sys, "home.phone_read"), 1);
  auto aud = LoggedIn(s_, "hm.aud");
  EXPECT_EQ(aud.Json(aud.Call("GET", path + "?unmask_phone=1"))["contact_phone"], "138****1101");
}

// Decision: an organization account reads the Homes linked to its own
// organization (it usually runs them) and nothing else; it never writes.
TEST_F(HomeApiTest, OrgAccountReadsTheHomeLinkedToItOnly) {
  auto xh = LoggedIn(s_, "hm.xh");
  long long linked = CreateHome(xh, kBeimen, "北门社区妇女儿童之家", org_);
  long long other = CreateHome(xh, kLingdong, "菱东社区妇女儿童之家");
  auto org = LoggedIn(s_, "hm.org");
  EXPECT_EQ(org.Call("GET", "/api/v1/homes/" + std::to_string(linked)).status, 200);
  EXPECT_EQ(org.Call("GET", "/api/v1/homes/" + std::to_string(other)).status, 404);
  auto list = org.Json(org.Call("GET", "/api/v1/homes"));
  ASSERT_EQ(list["total"], 1);
  EXPECT_EQ(list["items"][0]["id"], linked);
  EXPECT_EQ(Assess(org, linked, 80).status, 403);
  EXPECT_EQ(
      org.Call("PATCH", "/api/v1/homes/" + std::to_string(linked), R"({"version":1,"name":"x"})")
          .status,
      403);
}

TEST_F(HomeApiTest, UpdateNeedsTheCurrentVersionAndKeepsHistory) {
  auto xh = LoggedIn(s_, "hm.xh");
  long long id = CreateHome(xh, kBeimen, "北门社区妇女儿童之家");
  std::string path = "/api/v1/homes/" + std::to_string(id);
  auto r = xh.Call("PATCH", path, R"({"version":1,"status":"suspended","opening_hours":"周末"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(xh.Json(r)["version"], 2);
  EXPECT_EQ(xh.Json(r)["status"], "suspended");
  r = xh.Call("PATCH", path, R"({"version":1,"name":"旧版本"})");
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(xh.Json(xh.Call("GET", path))["name"], "北门社区妇女儿童之家");
  auto h = xh.Json(xh.Call("GET", path + "/history"));
  ASSERT_EQ(h["items"].size(), 2u);
  EXPECT_EQ(h["items"][0]["action"], "home.create");
  EXPECT_EQ(h["items"][1]["action"], "home.update");
  EXPECT_EQ(h["items"][1]["after"]["status"], "suspended");
}

TEST_F(HomeApiTest, StarFollowsPointsAndThresholdsAfterASecondStaffApproves) {
  auto xh = LoggedIn(s_, "hm.xh");
  long long id = CreateHome(xh, kBeimen, "北门社区妇女儿童之家");
  std::string path = "/api/v1/homes/" + std::to_string(id);
  // Points above an item's maximum, a missing item, an unknown item: 422 naming it.
  json items = Items(80);
  items[0]["points"] = 25;
  auto r = xh.Call("POST", path + "/assessments",
                   json{{"items", items}, {"assessed_on", "2025-04-18"}}.dump());
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(ErrorField(r), "items[0].points");
  json short_items = Items(80);
  short_items.erase(4);
  r = xh.Call("POST", path + "/assessments",
              json{{"items", short_items}, {"assessed_on", "2025-04-18"}}.dump());
  EXPECT_EQ(ErrorField(r), "items");
  json bad = Items(80);
  bad[1]["code"] = "cake";
  r = xh.Call("POST", path + "/assessments",
              json{{"items", bad}, {"assessed_on", "2025-04-18"}}.dump());
  EXPECT_EQ(ErrorField(r), "items[1].code");
  EXPECT_EQ(ErrorField(Assess(xh, id, 80, "2025-13-01")), "assessed_on");
  EXPECT_EQ(ErrorField(Assess(xh, id, 80, "2019-05-01")), "assessed_on");  // no criteria yet
  r = Assess(xh, id, 80, "2025-04-18", json::array({987654}));
  EXPECT_EQ(ErrorField(r), "items[0].file_ids");
  EXPECT_EQ(QueryInt(*s_.sys, "SELECT COUNT(*) FROM home_assessments"), 0);
  // Thresholds 60/70/80/85/90: 84 points → 3 stars, 85 → 4, 59 → none.
  for (auto [total, stars] :
       {std::pair{84, 3}, std::pair{85, 4}, std::pair{59, 0}, std::pair{90, 5}, std::pair{60, 1}}) {
    r = Assess(xh, id, total);
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(xh.Json(r)["star_level"], stars) << total;
    EXPECT_EQ(xh.Json(r)["total_points"], total);
  }
  r = Assess(xh, id, 86, "2025-05-06");
  ASSERT_EQ(r.status, 201);
  json a = xh.Json(r);
  EXPECT_EQ(a["state"], "pending");
  EXPECT_EQ(a["valid_from"], "2025-05-06");
  EXPECT_EQ(a["valid_until"], "2028-05-05");
  EXPECT_EQ(xh.Json(xh.Call("GET", path))["star_level"], 0);  // not before approval
  std::string approve = path + "/assessments/" + std::to_string(a["id"].get<long long>());
  // Whoever recorded it cannot approve it.
  r = xh.Call("POST", approve + "/approve", "{}");
  EXPECT_EQ(r.status, 403) << r.body;
  auto xh2 = LoggedIn(s_, "hm.xh2");
  r = xh2.Call("POST", approve + "/approve", R"({"note":"属实"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(xh2.Json(r)["state"], "approved");
  EXPECT_EQ(xh2.Call("POST", approve + "/approve", "{}").status, 409);
  json home = xh.Json(xh.Call("GET", path));
  EXPECT_EQ(home["star_level"], 4);
  EXPECT_EQ(home["star_status"], "valid");
  EXPECT_EQ(home["star_valid_until"], "2028-05-05");
  EXPECT_EQ(xh.Json(xh.Call("GET", "/api/v1/homes?star=4"))["total"], 1);
  EXPECT_EQ(xh.Json(xh.Call("GET", "/api/v1/homes?star=5"))["total"], 0);
  EXPECT_EQ(CountEvents(*s_.sys, "home.assessment_approve"), 1);
  // A rejection needs a note; an earlier-starting approval does not replace the star.
  std::string first = path + "/assessments/" +
                      std::to_string(QueryInt(*s_.sys,
                                              "SELECT id FROM home_assessments WHERE "
                                              "total_points = 90"));
  EXPECT_EQ(ErrorField(xh2.Call("POST", first + "/reject", "{}")), "note");
  ASSERT_EQ(xh2.Call("POST", first + "/approve", "{}").status, 200);
  EXPECT_EQ(xh.Json(xh.Call("GET", path))["star_level"], 4);
}

TEST_F(HomeApiTest, AnExpiredStarShowsAsExpired) {
  auto xh = LoggedIn(s_, "hm.xh");
  auto xh2 = LoggedIn(s_, "hm.xh2");
  long long id = CreateHome(xh, kBeimen, "羊桥社区妇女儿童之家");
  std::string path = "/api/v1/homes/" + std::to_string(id);
  auto r = Assess(xh, id, 92, "2021-03-15");
  ASSERT_EQ(r.status, 201) << r.body;
  std::string aid = std::to_string(xh.Json(r)["id"].get<long long>());
  ASSERT_EQ(xh2.Call("POST", path + "/assessments/" + aid + "/approve", "{}").status, 200);
  json home = xh.Json(xh.Call("GET", path));
  EXPECT_EQ(home["star_level"], 5);
  EXPECT_EQ(home["star_valid_until"], "2024-03-14");
  EXPECT_EQ(home["star_status"], "expired");
  EXPECT_EQ(xh.Json(xh.Call("GET", "/api/v1/homes?star=5"))["total"], 0);
  EXPECT_EQ(xh.Json(xh.Call("GET", "/api/v1/homes?star=expired"))["total"], 1);
  // In 2022 the star was valid: the figures of that year count it.
  auto f = xh.Json(xh.Call("GET", "/api/v1/homes/figures?year=2022"));
  EXPECT_EQ(f["total"]["by_star"]["5"], 1);
  f = xh.Json(xh.Call("GET", "/api/v1/homes/figures?year=2025"));
  EXPECT_EQ(f["total"]["by_star"]["5"], 0);
  EXPECT_EQ(f["total"]["by_star"]["0"], 1);
}

TEST_F(HomeApiTest, FiguresEqualDirectCounts) {
  auto admin = LoggedIn(s_, "hm.admin");
  auto xh = LoggedIn(s_, "hm.xh");
  auto ts = LoggedIn(s_, "hm.ts");
  struct Spec {
    Client* c;
    const char* region;
    const char* name;
    long long points;
  } specs[] = {{&xh, kBeimen, "北门", 93},
               {&xh, kLingdong, "菱东", 82},
               {&xh, "440705001203", "永安", 82},
               {&ts, kShakeng, "沙坑", 66},
               {&ts, "440781001001", "富城", 0}};
  for (auto& sp : specs) {
    long long id = CreateHome(*sp.c, sp.region, sp.name);
    if (sp.points) {
      auto r = Assess(*sp.c, id, sp.points, "2025-04-01");
      ASSERT_EQ(r.status, 201) << r.body;
      auto ok = admin.Call("POST",
                           "/api/v1/homes/" + std::to_string(id) + "/assessments/" +
                               std::to_string(sp.c->Json(r)["id"].get<long long>()) + "/approve",
                           "{}");
      ASSERT_EQ(ok.status, 200) << ok.body;
    }
    auto fr =
        sp.c->Call("POST", "/api/v1/homes/" + std::to_string(id) + "/funding",
                   json{{"year", 2025}, {"amount_fen", 5000000}, {"source", "创建资金"}}.dump());
    ASSERT_EQ(fr.status, 201) << fr.body;
  }
  auto f = admin.Json(admin.Call("GET", "/api/v1/homes/figures?year=2025"));
  EXPECT_EQ(f["total"]["homes"], QueryInt(*s_.sys, "SELECT COUNT(*) FROM homes"));
  EXPECT_EQ(f["total"]["funding_fen"],
            QueryInt(*s_.sys, "SELECT SUM(amount_fen) FROM home_funding WHERE year = 2025"));
  for (int star = 1; star <= 5; ++star)
    EXPECT_EQ(f["total"]["by_star"][std::to_string(star)],
              QueryInt(*s_.sys, "SELECT COUNT(*) FROM homes WHERE star_level = :1",
                       {static_cast<long long>(star)}))
        << star;
  EXPECT_EQ(f["total"]["by_star"]["3"], 2);
  // Per district: Xinhui 3 Homes, Taishan 2.
  std::map<std::string, long long> per;
  for (auto& row : f["children"]) per[row["region_code"]] = row["homes"];
  EXPECT_EQ(per[kXinhui], 3);
  EXPECT_EQ(per[kTaishan], 2);
  auto x = xh.Json(xh.Call("GET", "/api/v1/homes/figures?year=2025&region=440705000000"));
  EXPECT_EQ(x["total"]["homes"], 3);
  EXPECT_EQ(x["total"]["funding_fen"], 15000000);
  EXPECT_EQ(xh.Call("GET", "/api/v1/homes/figures?year=2025&region=440781000000").status, 404);
}

TEST_F(HomeApiTest, CriteriaAreEditedByStaffInScopeAndReadByEveryone) {
  auto xh = LoggedIn(s_, "hm.xh");
  json bad = CriteriaBody(kXinhui, 2024);
  bad["thresholds"] = json::array({60, 80, 70, 85, 90});
  auto r = xh.Call("POST", "/api/v1/homes/criteria", bad.dump());
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(ErrorField(r), "thresholds[2]");
  bad = CriteriaBody(kXinhui, 2024);
  bad["items"][0]["max_points"] = 0;
  EXPECT_EQ(ErrorField(xh.Call("POST", "/api/v1/homes/criteria", bad.dump())),
            "items[0].max_points");
  r = xh.Call("POST", "/api/v1/homes/criteria", CriteriaBody(kTaishan, 2024).dump());
  EXPECT_EQ(r.status, 403);
  r = xh.Call("POST", "/api/v1/homes/criteria", CriteriaBody(kXinhui, 2024).dump());
  ASSERT_EQ(r.status, 201) << r.body;
  long long id = xh.Json(r)["id"];
  EXPECT_EQ(xh.Call("POST", "/api/v1/homes/criteria", CriteriaBody(kXinhui, 2024).dump()).status,
            409);
  // Xinhui's own set applies to its villages from 2024; the city's before.
  auto list = xh.Json(xh.Call("GET", "/api/v1/homes/criteria?region=440705001001&year=2025"));
  EXPECT_EQ(list["items"].size(), 2u);
  EXPECT_EQ(list["effective"]["id"], id);
  list = xh.Json(xh.Call("GET", "/api/v1/homes/criteria?region=440705001001&year=2023"));
  EXPECT_EQ(list["effective"]["region_code"], kJiangmen);
  // Taishan staff see the city's set, not Xinhui's; the org account reads them too.
  auto ts = LoggedIn(s_, "hm.ts");
  EXPECT_EQ(ts.Json(ts.Call("GET", "/api/v1/homes/criteria"))["items"].size(), 1u);
  EXPECT_EQ(ts.Call("PATCH", "/api/v1/homes/criteria/" + std::to_string(id),
                    R"({"version":1,"validity_years":2})")
                .status,
            404);
  auto org = LoggedIn(s_, "hm.org");
  EXPECT_EQ(org.Call("GET", "/api/v1/homes/criteria").status, 200);
  r = xh.Call("PATCH", "/api/v1/homes/criteria/" + std::to_string(id),
              R"({"version":1,"validity_years":2})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(xh.Json(r)["validity_years"], 2);
  EXPECT_EQ(xh.Call("PATCH", "/api/v1/homes/criteria/" + std::to_string(id),
                    R"({"version":1,"validity_years":4})")
                .status,
            409);
}

TEST_F(HomeApiTest, EvidenceFilesAreKeptPerItemAndReadableByTheLinkedOrg) {
  auto& sys = *s_.sys;
  Principal up = sys.users->CliPrincipal("test");
  up.role = Role::kStaff;
  up.region_code = kXinhui;
  auto f = sys.files->Upload(up, "台账.pdf", kPdf, std::nullopt);
  ASSERT_TRUE(f.ok()) << f.status().message();
  auto xh = LoggedIn(s_, "hm.xh");
  long long id = CreateHome(xh, kBeimen, "北门社区妇女儿童之家", org_);
  auto org = LoggedIn(s_, "hm.org");
  std::string content = "/api/v1/files/" + std::to_string(f->id) + "/content";
  EXPECT_EQ(org.Call("GET", content).status, 404);
  auto r = Assess(xh, id, 88, "2025-04-18", json::array({f->id}));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(xh.Json(r)["items"][0]["file_ids"][0], f->id);
  auto list = xh.Json(xh.Call("GET", "/api/v1/homes/" + std::to_string(id) + "/assessments"));
  EXPECT_EQ(list["items"][0]["items"][0]["file_ids"][0], f->id);
  EXPECT_EQ(org.Call("GET", content).status, 200);
}

TEST_F(HomeApiTest, FundingIsValidatedAndTotalled) {
  auto xh = LoggedIn(s_, "hm.xh");
  long long id = CreateHome(xh, kBeimen, "北门社区妇女儿童之家");
  std::string path = "/api/v1/homes/" + std::to_string(id) + "/funding";
  EXPECT_EQ(ErrorField(xh.Call("POST", path, R"({"year":2025,"amount_fen":0,"source":"x"})")),
            "amount_fen");
  EXPECT_EQ(ErrorField(xh.Call("POST", path, R"({"year":1800,"amount_fen":5,"source":"x"})")),
            "year");
  EXPECT_EQ(ErrorField(xh.Call("POST", path, R"({"year":2025,"amount_fen":5})")), "source");
  ASSERT_EQ(xh.Call("POST", path, R"({"year":2024,"amount_fen":3000000,"source":"市妇联"})").status,
            201);
  ASSERT_EQ(xh.Call("POST", path, R"({"year":2025,"amount_fen":2000000,"source":"村委会"})").status,
            201);
  auto j = xh.Json(xh.Call("GET", path));
  EXPECT_EQ(j["total_fen"], 5000000);
  EXPECT_EQ(j["items"].size(), 2u);
  EXPECT_EQ(xh.Json(xh.Call("GET", "/api/v1/homes/" + std::to_string(id)))["funding_total_fen"],
            5000000);
}

TEST(HomeDemoTest, DemoSpreadsStarLevelsAndLoadsOnce) {
  Stack stack = MakeDemoStack();
  auto& sys = *stack.sys;
  long long homes = QueryInt(sys, "SELECT COUNT(*) FROM homes");
  long long assessments = QueryInt(sys, "SELECT COUNT(*) FROM home_assessments");
  long long funding = QueryInt(sys, "SELECT SUM(amount_fen) FROM home_funding");
  EXPECT_GE(homes, 15);
  EXPECT_GE(QueryInt(sys, "SELECT COUNT(*) FROM homes WHERE star_level = 5"), 2);
  EXPECT_GT(QueryInt(sys, "SELECT COUNT(*) FROM homes WHERE star_level = 3"),
            QueryInt(sys, "SELECT COUNT(*) FROM homes WHERE star_level = 5"));
  EXPECT_EQ(QueryInt(sys, "SELECT COUNT(*) FROM home_assessments WHERE state = 'pending'"), 1);
  // The seed: 900,000 yuan over three years for the star Homes of the open competition.
  EXPECT_EQ(
      QueryInt(sys, "SELECT SUM(amount_fen) FROM home_funding WHERE source LIKE '%公开竞争性%'"),
      90000000);
  ASSERT_TRUE(app::LoadDemo(sys).ok());
  EXPECT_EQ(QueryInt(sys, "SELECT COUNT(*) FROM homes"), homes);
  EXPECT_EQ(QueryInt(sys, "SELECT COUNT(*) FROM home_assessments"), assessments);
  EXPECT_EQ(QueryInt(sys, "SELECT SUM(amount_fen) FROM home_funding"), funding);
  EXPECT_EQ(QueryInt(sys, "SELECT COUNT(*) FROM home_criteria"), 1);
}

}  // namespace
}  // namespace shuniu::testing
