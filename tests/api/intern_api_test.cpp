// Internship bases over the API: scope (staff by region subtree, an org account
// its own organization's bases, 404 outside, 403 writing outside), the masked
// and sealed intern phone with audited unmasking, hour logs (1–24 per day,
// within the placement), evaluation, stale versions, per-organization hosting
// and the report figures. Runs on SQLite, and on PostgreSQL when
// SHUNIU_TEST_DB is set.
#include "api/harness.h"

namespace shuniu::testing {
namespace {

using nlohmann::json;

constexpr const char* kJiangmen = "440700000000";
constexpr const char* kXinhui = "440705000000";
constexpr const char* kTaishan = "440781000000";

class InternApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    s_ = MakeStack();
    auto& sys = *s_.sys;
    MakeUser(sys, "in.jm", Role::kStaff, kJiangmen);
    MakeUser(sys, "in.xh", Role::kStaff, kXinhui);
    MakeUser(sys, "in.ts", Role::kStaff, kTaishan);
    MakeUser(sys, "in.aud", Role::kAuditor, kJiangmen);
    host_ = MakeOrg(sys, "新会区童心社工服务中心", kXinhui);
    other_ = MakeOrg(sys, "台山市阳光社工服务中心", kTaishan);
    MakeUser(sys, "in.org", Role::kOrg, kXinhui, kPassword, host_);
    MakeUser(sys, "in.other", Role::kOrg, kTaishan, kPassword, other_);
    auto xh = LoggedIn(s_, "in.xh");
    auto r = xh.Call("POST", "/api/v1/internship-bases", BaseBody(host_).dump());
    ASSERT_EQ(r.status, 201) << r.body;
    base_ = xh.Json(r)["id"];
    r = xh.Call("POST", Path("/interns"), InternBody("李思敏").dump());
    ASSERT_EQ(r.status, 201) << r.body;
    intern_ = xh.Json(r)["id"];
  }

  static json BaseBody(long long org) {
    return {{"university", "五邑大学"},
            {"majors", "社会工作"},
            {"org_id", org},
            {"agreement_no", "WYU-SW-2014-03"},
            {"term_start", "2014-01-01"},
            {"term_end", "2016-12-31"},
            {"school_supervisor", "王建华"},
            {"org_supervisor", "陈丽萍"}};
  }
  static json InternBody(const std::string& name) {
    return {{"name", name},           {"school", "五邑大学"},     {"major", "社会工作"},
            {"phone", "13702703456"}, {"start_on", "2014-03-01"}, {"end_on", "2014-06-30"}};
  }
  std::string Path(const std::string& rest = "") {
    return "/api/v1/internship-bases/" + std::to_string(base_) + rest;
  }
  std::string HoursPath() { return Path("/interns/" + std::to_string(intern_) + "/hours"); }
  static json Hours(const std::string& on, long long h) {
    return {{"worked_on", on}, {"hours", h}, {"activity", "社区长者探访"}};
  }

  Stack s_;
  long long host_ = 0, other_ = 0, base_ = 0, intern_ = 0;
};

TEST_F(InternApiTest, StaffSeeTheirSubtreeAndOrgAccountsTheirOwnBases) {
  for (const char* who : {"in.jm", "in.xh", "in.aud", "in.org"}) {
    auto c = LoggedIn(s_, who);
    auto r = c.Call("GET", "/api/v1/internship-bases");
    ASSERT_EQ(r.status, 200) << who;
    EXPECT_EQ(c.Json(r)["items"].size(), 1u) << who;
    EXPECT_EQ(c.Call("GET", Path("/interns")).status, 200) << who;
  }
  for (const char* who : {"in.ts", "in.other"}) {
    auto c = LoggedIn(s_, who);
    auto r = c.Call("GET", "/api/v1/internship-bases");
    ASSERT_EQ(r.status, 200) << who;
    EXPECT_TRUE(c.Json(r)["items"].empty()) << who;
    EXPECT_EQ(c.Call("GET", Path()).status, 404) << who;
    EXPECT_EQ(c.Call("GET", Path("/interns")).status, 404) << who;
    EXPECT_EQ(c.Call("POST", HoursPath(), Hours("2014-03-03", 4).dump()).status, 404) << who;
  }
  // Writing a base hosted outside the caller's subtree.
  auto ts = LoggedIn(s_, "in.ts");
  auto r = ts.Call("POST", "/api/v1/internship-bases", BaseBody(host_).dump());
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(QueryInt(*s_.sys, "SELECT COUNT(*) FROM internship_bases"), 1);
  // The org account reads but does not place interns; it logs its interns' hours.
  auto org = LoggedIn(s_, "in.org");
  EXPECT_EQ(org.Call("POST", Path("/interns"), InternBody("王芳").dump()).status, 403);
  r = org.Call("POST", HoursPath(), Hours("2014-03-03", 4).dump());
  EXPECT_EQ(r.status, 201) << r.body;
  // Per organization: interns hosted and hours received.
  auto xh = LoggedIn(s_, "in.xh");
  r = xh.Call("GET", "/api/v1/orgs/" + std::to_string(host_) + "/interns");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(xh.Json(r)["total"], 1);
  EXPECT_EQ(xh.Json(r)["hours"], 4);
  EXPECT_EQ(ts.Call("GET", "/api/v1/orgs/" + std::to_string(host_) + "/interns").status, 404);
  EXPECT_EQ(LoggedIn(s_, "in.other")
                .Call("GET", "/api/v1/orgs/" + std::to_string(host_) + "/interns")
                .status,
            404);
}

TEST_F(InternApiTest, HoursAreOneToTwentyFourPerDayWithinThePlacement) {
  auto xh = LoggedIn(s_, "in.xh");
  long long events = CountEvents(*s_.sys, "intern.hours_log");
  struct Case {
    json body;
    std::string field;
  };
  for (const Case& c :
       std::vector<Case>{{Hours("2014-03-03", 0), "hours"},
                         {Hours("2014-03-03", 25), "hours"},
                         {Hours("2014-03-03", -2), "hours"},
                         {Hours("2014-02-28", 4), "worked_on"},
                         {Hours("2014-07-01", 4), "worked_on"},
                         {Hours("2014-03-32", 4), "worked_on"},
                         {{{"worked_on", "2014-03-03"}, {"hours", 3}}, "activity"}}) {
    auto r = xh.Call("POST", HoursPath(), c.body.dump());
    EXPECT_EQ(r.status, 422) << c.body.dump() << r.body;
    EXPECT_EQ(ErrorField(r), c.field) << c.body.dump();
  }
  EXPECT_EQ(xh.Call("POST", HoursPath(), Hours("2014-03-03", 16).dump()).status, 201);
  auto r = xh.Call("POST", HoursPath(), Hours("2014-03-03", 9).dump());
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(ErrorField(r), "hours");
  EXPECT_EQ(xh.Call("POST", HoursPath(), Hours("2014-03-03", 8).dump()).status, 201);
  EXPECT_EQ(xh.Call("POST", HoursPath(), Hours("2014-03-04", 6).dump()).status, 201);
  EXPECT_EQ(CountEvents(*s_.sys, "intern.hours_log"), events + 3);
  r = xh.Call("GET", Path("/interns"));
  json x = xh.Json(r)["items"][0];
  EXPECT_EQ(x["hours"], 30);
  EXPECT_EQ(x["days"], 2);
  r = xh.Call("GET", HoursPath());
  EXPECT_EQ(xh.Json(r)["total_hours"], 30);
  EXPECT_EQ(xh.Json(r)["items"].size(), 3u);
  // Moving the placement away from logged days is refused.
  r = xh.Call("PATCH", Path("/interns/" + std::to_string(intern_)),
              json{{"version", 1}, {"start_on", "2014-03-10"}}.dump());
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(ErrorField(r), "start_on");
  // Report figures: the same sums, per hosting organization.
  auto f = s_.sys->interns->FiguresFor(kJiangmen, "2014-01-01", "2015-01-01");
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_EQ(f->bases_active, 1);
  EXPECT_EQ(f->interns_placed, 1);
  EXPECT_EQ(f->hours, 30);
  ASSERT_EQ(f->hosts.size(), 1u);
  EXPECT_EQ(f->hosts[0].org_id, host_);
  EXPECT_EQ(f->hosts[0].hours, 30);
  auto ts = s_.sys->interns->FiguresFor(kTaishan, "2014-01-01", "2015-01-01");
  ASSERT_TRUE(ts.ok());
  EXPECT_EQ(ts->hours, 0);
  auto y2015 = s_.sys->interns->FiguresFor(kJiangmen, "2015-01-01", "2016-01-01");
  ASSERT_TRUE(y2015.ok());
  EXPECT_EQ(y2015->interns_placed, 0);
  EXPECT_EQ(y2015->bases_active, 1);
}

TEST_F(InternApiTest, PhoneIsMaskedSealedAndUnmaskedByStaffWithAnAuditEvent) {
  auto xh = LoggedIn(s_, "in.xh");
  auto r = xh.Call("GET", Path("/interns"));
  EXPECT_EQ(xh.Json(r)["items"][0]["phone"], "137****3456");
  EXPECT_EQ(r.body.find("13702703456"), std::string::npos);
  EXPECT_EQ(QueryStr(*s_.sys, "SELECT phone_sealed FROM interns").find("13702703456"),
            std::string::npos);
  long long before = CountEvents(*s_.sys, "intern.phone_read");
  r = xh.Call("GET", Path("/interns?unmask=phone"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(xh.Json(r)["items"][0]["phone"], "13702703456");
  EXPECT_EQ(CountEvents(*s_.sys, "intern.phone_read"), before + 1);
  auto org = LoggedIn(s_, "in.org");
  EXPECT_EQ(org.Call("GET", Path("/interns?unmask=phone")).status, 403);
  auto aud = LoggedIn(s_, "in.aud");
  EXPECT_EQ(aud.Call("GET", Path("/interns?unmask=phone")).status, 403);
  EXPECT_EQ(CountEvents(*s_.sys, "intern.phone_read"), before + 1);
}

TEST_F(InternApiTest, EvaluationAndStaleVersionsAndBadInputChangeNothing) {
  auto xh = LoggedIn(s_, "in.xh");
  std::string path = Path("/interns/" + std::to_string(intern_));
  auto r = xh.Call("PATCH", path, json{{"version", 1}, {"grade", "A+"}}.dump());
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(ErrorField(r), "grade");
  r = xh.Call(
      "PATCH", path,
      json{{"version", 1}, {"grade", "excellent"}, {"evaluation", "工作认真,善于沟通"}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(xh.Json(r)["grade"], "excellent");
  r = xh.Call("PATCH", path, json{{"version", 1}, {"grade", "pass"}}.dump());
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(QueryStr(*s_.sys, "SELECT grade FROM interns"), "excellent");
  long long events = CountEvents(*s_.sys, "intern.");
  struct Case {
    json patch;
    std::string field;
  };
  for (const Case& c : std::vector<Case>{{{{"term_end", "2013-12-31"}}, "term_end"},
                                         {{{"term_start", "2014/01/01"}}, "term_start"},
                                         {{{"university", ""}}, "university"},
                                         {{{"org_id", 999}}, "org_id"},
                                         {{{"partner", "x"}}, "partner"}}) {
    json body = BaseBody(host_);
    body.merge_patch(c.patch);
    r = xh.Call("POST", "/api/v1/internship-bases", body.dump());
    EXPECT_EQ(r.status, 422) << c.patch.dump() << r.body;
    EXPECT_EQ(ErrorField(r), c.field) << c.patch.dump();
  }
  json intern = InternBody("张晓");
  intern["start_on"] = "2017-01-01";
  intern["end_on"] = "2017-02-01";
  r = xh.Call("POST", Path("/interns"), intern.dump());
  EXPECT_EQ(ErrorField(r), "start_on");
  intern = InternBody("张晓");
  intern["end_on"] = "2014-02-01";
  r = xh.Call("POST", Path("/interns"), intern.dump());
  EXPECT_EQ(ErrorField(r), "end_on");
  intern = InternBody("张晓");
  intern["phone"] = "电话";
  r = xh.Call("POST", Path("/interns"), intern.dump());
  EXPECT_EQ(ErrorField(r), "phone");
  EXPECT_EQ(QueryInt(*s_.sys, "SELECT COUNT(*) FROM internship_bases"), 1);
  EXPECT_EQ(QueryInt(*s_.sys, "SELECT COUNT(*) FROM interns"), 1);
  EXPECT_EQ(CountEvents(*s_.sys, "intern."), events);
  // Base edits need the current version.
  r = xh.Call("PATCH", Path(), json{{"version", 1}, {"org_supervisor", "何敏"}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  r = xh.Call("PATCH", Path(), json{{"version", 1}, {"org_supervisor", "旧"}}.dump());
  EXPECT_EQ(r.status, 409);
}

}  // namespace
}  // namespace shuniu::testing
