// Cadre liaison over the API: recording visits with validation, editing with
// versions, closing follow-ups (once), scope (sibling regions, auditors,
// organization accounts), the workload per cadre and department, and the
// list of organizations not contacted for N days.
#include "api/harness.h"
#include "core/time.h"

namespace shuniu::testing {
namespace {

constexpr const char* kJiangmen = "440700000000";
constexpr const char* kXinhui = "440705000000";
constexpr const char* kTaishan = "440781000000";

std::string DaysAgo(long long d) {
  return Rfc3339(NowMs() + 8LL * 3600 * 1000 - d * 24LL * 3600 * 1000).substr(0, 10);
}

class LiaisonApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    s_ = MakeStack();
    auto& sys = *s_.sys;
    a_ = MakeOrg(sys, "新会区巾帼志愿者协会", kXinhui);
    b_ = MakeOrg(sys, "新会区家庭教育促进会", kXinhui);
    c_ = MakeOrg(sys, "台山市妇女维权服务中心", kTaishan);
    MakeUser(sys, "admin", Role::kAdmin, kJiangmen);
    cadre_ = MakeUser(sys, "xh_staff", Role::kStaff, kXinhui).id;
    MakeUser(sys, "ts_staff", Role::kStaff, kTaishan);
    MakeUser(sys, "auditor1", Role::kAuditor, kJiangmen);
    MakeUser(sys, "xh_org", Role::kOrg, kXinhui, kPassword, a_);
  }

  nlohmann::json Record(Client& c, long long org, const std::string& on,
                        const std::string& follow_up = "") {
    nlohmann::json body = {{"org_id", org},
                           {"visited_on", on},
                           {"form", "visit"},
                           {"topics", "了解年度项目进展"},
                           {"issues", "活动场地不足"}};
    if (!follow_up.empty()) {
      body["follow_up"] = follow_up;
      body["follow_up_due"] = DaysAgo(-30);
    }
    auto r = c.Call("POST", "/api/v1/visits", body.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return c.Json(r);
  }

  void Link(long long org, std::optional<long long> cadre, const std::string& dept) {
    Client admin = LoggedIn(s_, "admin");
    auto o = admin.Json(admin.Call("GET", "/api/v1/orgs/" + std::to_string(org)));
    nlohmann::json patch = {{"version", o["version"]}, {"department", dept}};
    if (cadre) patch["cadre_user_id"] = *cadre;
    auto r = admin.Call("PATCH", "/api/v1/orgs/" + std::to_string(org), patch.dump());
    ASSERT_EQ(r.status, 200) << r.body;
  }

  Stack s_;
  long long a_ = 0, b_ = 0, c_ = 0, cadre_ = 0;
};

TEST_F(LiaisonApiTest, LiaisonRecordEditAndCloseFollowUp) {
  Client xh = LoggedIn(s_, "xh_staff");
  auto v = Record(xh, a_, DaysAgo(3), "协调社区活动场地");
  EXPECT_EQ(v["follow_up_state"], "open");
  EXPECT_EQ(v["recorded_by"], cadre_);
  EXPECT_EQ(v["org_name"], "新会区巾帼志愿者协会");
  std::string url = "/api/v1/visits/" + std::to_string(v["id"].get<long long>());
  // Validation names the field.
  for (auto [field, value] :
       std::vector<std::pair<std::string, nlohmann::json>>{{"form", "letter"},
                                                           {"visited_on", DaysAgo(-2)},
                                                           {"visited_on", "2026-13-01"},
                                                           {"topics", ""},
                                                           {"follow_up_due", "soon"}}) {
    nlohmann::json body = {{"org_id", b_},
                           {"visited_on", DaysAgo(1)},
                           {"form", "phone"},
                           {"topics", "电话回访"},
                           {"follow_up", "x"}};
    body[field] = value;
    auto r = xh.Call("POST", "/api/v1/visits", body.dump());
    EXPECT_EQ(r.status, 422) << field << " " << r.body;
    EXPECT_EQ(ErrorField(r), field);
  }
  EXPECT_EQ(ErrorField(xh.Call("POST", "/api/v1/visits", R"({"visited_on":"2026-01-01"})")),
            "org_id");
  // Edit with the version; a stale version is a conflict.
  auto ok =
      xh.Call("PATCH", url, nlohmann::json{{"version", v["version"]}, {"form", "phone"}}.dump());
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(xh.Json(ok)["form"], "phone");
  EXPECT_EQ(
      xh.Call("PATCH", url, nlohmann::json{{"version", v["version"]}, {"form", "visit"}}.dump())
          .status,
      409);
  // Close the follow-up once, with a note.
  EXPECT_EQ(ErrorField(xh.Call("POST", url + "/close-follow-up", "{}")), "note");
  auto closed = xh.Call("POST", url + "/close-follow-up", R"({"note":"已协调社区活动室"})");
  ASSERT_EQ(closed.status, 200) << closed.body;
  auto cj = xh.Json(closed);
  EXPECT_EQ(cj["follow_up_state"], "closed");
  EXPECT_EQ(cj["closing_note"], "已协调社区活动室");
  EXPECT_EQ(cj["closed_on"], DaysAgo(0));
  auto twice = xh.Call("POST", url + "/close-follow-up", R"({"note":"again"})");
  EXPECT_EQ(twice.status, 409);
  EXPECT_NE(twice.body.find("closed"), std::string::npos);
  // A visit without follow-up has nothing to close.
  auto plain = Record(xh, b_, DaysAgo(1));
  EXPECT_EQ(plain["follow_up_state"], "none");
  EXPECT_EQ(
      xh.Call("POST",
              "/api/v1/visits/" + std::to_string(plain["id"].get<long long>()) + "/close-follow-up",
              R"({"note":"x"})")
          .status,
      409);
  EXPECT_EQ(CountEvents(*s_.sys, "visit.create"), 2);
  EXPECT_EQ(CountEvents(*s_.sys, "visit.close_follow_up"), 1);
  // Filters.
  EXPECT_EQ(xh.Json(xh.Call("GET", "/api/v1/visits?follow_up_state=closed"))["total"], 1);
  EXPECT_EQ(xh.Json(xh.Call("GET", "/api/v1/visits?org_id=" + std::to_string(b_)))["total"], 1);
  EXPECT_EQ(xh.Json(xh.Call("GET", "/api/v1/visits?form=phone"))["total"], 1);
}

TEST_F(LiaisonApiTest, LiaisonScope) {
  Client xh = LoggedIn(s_, "xh_staff");
  Client ts = LoggedIn(s_, "ts_staff");
  auto v = Record(xh, a_, DaysAgo(2));
  Record(ts, c_, DaysAgo(2));
  std::string url = "/api/v1/visits/" + std::to_string(v["id"].get<long long>());
  EXPECT_EQ(ts.Call("GET", url).status, 404);
  EXPECT_EQ(ts.Call("PATCH", url, R"({"version":1,"form":"phone"})").status, 404);
  EXPECT_EQ(ts.Json(ts.Call("GET", "/api/v1/visits"))["total"], 1);
  auto out = ts.Call(
      "POST", "/api/v1/visits",
      nlohmann::json{{"org_id", a_}, {"visited_on", DaysAgo(1)}, {"form", "visit"}, {"topics", "x"}}
          .dump());
  EXPECT_EQ(out.status, 403);
  EXPECT_EQ(ErrorField(out), "org_id");
  Client aud = LoggedIn(s_, "auditor1");
  EXPECT_EQ(aud.Json(aud.Call("GET", "/api/v1/visits"))["total"], 2);
  EXPECT_EQ(aud.Call("GET", url).status, 200);
  EXPECT_EQ(aud.Call("POST", url + "/close-follow-up", R"({"note":"x"})").status, 403);
  Client org = LoggedIn(s_, "xh_org");
  EXPECT_EQ(org.Call("GET", "/api/v1/visits").status, 403);
  EXPECT_EQ(org.Call("GET", url).status, 403);
  EXPECT_EQ(org.Call("GET", "/api/v1/visits/workload").status, 403);
}

TEST_F(LiaisonApiTest, LiaisonWorkloadAndStaleLists) {
  Link(a_, cadre_, "市妇联家庭和儿童工作部");
  Link(b_, cadre_, "市妇联权益部");
  Link(c_, std::nullopt, "市妇联权益部");
  Client xh = LoggedIn(s_, "xh_staff");
  Client ts = LoggedIn(s_, "ts_staff");
  Record(xh, a_, DaysAgo(120));
  Record(xh, a_, DaysAgo(10), "推荐参加能力建设培训");
  Record(ts, c_, DaysAgo(100));
  Client admin = LoggedIn(s_, "admin");
  auto w = admin.Json(admin.Call("GET", "/api/v1/visits/workload"));
  ASSERT_EQ(w["cadres"].size(), 1u) << w.dump();
  auto cadre = w["cadres"][0];
  EXPECT_EQ(cadre["cadre_user_id"], cadre_);
  EXPECT_EQ(cadre["org_count"], 2);
  EXPECT_EQ(cadre["never_contacted"], 1);
  EXPECT_EQ(cadre["open_follow_ups"], 1);
  EXPECT_EQ(cadre["last_contact"], DaysAgo(10));
  for (auto& o : cadre["orgs"])
    EXPECT_EQ(o["last_contact"], o["org_id"] == a_ ? nlohmann::json(DaysAgo(10)) : nlohmann::json())
        << o.dump();
  ASSERT_EQ(w["departments"].size(), 2u);
  for (auto& d : w["departments"])
    if (d["name"] == "市妇联权益部") {
      EXPECT_EQ(d["org_count"], 2);
      EXPECT_EQ(d["last_contact"], DaysAgo(100));
    }
  // Scoped: Taishan staff see only Taishan's organizations.
  auto tw = ts.Json(ts.Call("GET", "/api/v1/visits/workload"));
  EXPECT_EQ(tw["cadres"].size(), 0u);
  ASSERT_EQ(tw["departments"].size(), 1u);
  EXPECT_EQ(tw["departments"][0]["org_count"], 1);
  EXPECT_EQ(ts.Call("GET", "/api/v1/visits/workload?region=440705000000").status, 404);
  // Stale: not contacted for 30 days (b never, c 100 days ago); a was seen 10 days ago.
  auto stale = admin.Json(admin.Call("GET", "/api/v1/visits/stale?days=30"));
  ASSERT_EQ(stale["total"], 2) << stale.dump();
  EXPECT_EQ(stale["items"][0]["org_id"], b_);  // never contacted first
  EXPECT_TRUE(stale["items"][0]["days_since"].is_null());
  EXPECT_EQ(stale["items"][1]["org_id"], c_);
  EXPECT_EQ(stale["items"][1]["days_since"], 100);
  EXPECT_EQ(admin.Json(admin.Call("GET", "/api/v1/visits/stale?days=5"))["total"], 3);
  // Default threshold: Config liaison_stale_days (90).
  auto def = admin.Json(admin.Call("GET", "/api/v1/visits/stale"));
  EXPECT_EQ(def["days"], 90);
  EXPECT_EQ(def["total"], 2);
  EXPECT_EQ(ts.Json(ts.Call("GET", "/api/v1/visits/stale?days=30"))["total"], 1);
  EXPECT_EQ(ErrorField(admin.Call("GET", "/api/v1/visits/stale?days=0")), "days");
  // Only linked organizations.
  MakeOrg(*s_.sys, "新会区未挂钩小组", kXinhui);
  EXPECT_EQ(admin.Json(admin.Call("GET", "/api/v1/visits/stale?days=30"))["total"], 3);
  EXPECT_EQ(admin.Json(admin.Call("GET", "/api/v1/visits/stale?days=30&linked=true"))["total"], 2);
}

}  // namespace
}  // namespace shuniu::testing
