// Meetings over the API: scheduling and validation, scope (sibling staff 404,
// auditors read only, org accounts see only their own invitation), every
// allowed and forbidden transition of meetings, invitations and resolutions,
// the check-in code (wrong, right, not invited), overdue resolutions and the
// audit trail. Runs on SQLite, and on PostgreSQL when SHUNIU_TEST_DB is set.
#include "api/harness.h"
#include "hub/meeting_service.h"

namespace shuniu::testing {
namespace {

constexpr const char* kJiangmen = "440700000000";
constexpr const char* kXinhui = "440705000000";
constexpr const char* kHuicheng = "440705001000";
constexpr const char* kTaishan = "440781000000";

class MeetingApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    stack_ = MakeStack();
    auto& sys = *stack_.sys;
    MakeUser(sys, "admin", Role::kAdmin, kJiangmen);
    MakeUser(sys, "xh_staff", Role::kStaff, kXinhui);
    MakeUser(sys, "ts_staff", Role::kStaff, kTaishan);
    MakeUser(sys, "auditor", Role::kAuditor, kJiangmen);
    org_a_ = MakeOrg(sys, "会城巾帼志愿队", kHuicheng);
    org_b_ = MakeOrg(sys, "新会区家庭教育促进会", kXinhui);
    org_c_ = MakeOrg(sys, "新会区关爱妇女儿童协会", kXinhui);
    org_t_ = MakeOrg(sys, "台山市妇女维权服务中心", kTaishan);
    MakeUser(sys, "org_a", Role::kOrg, kHuicheng, kPassword, org_a_);
    MakeUser(sys, "org_b", Role::kOrg, kXinhui, kPassword, org_b_);
    MakeUser(sys, "org_c", Role::kOrg, kXinhui, kPassword, org_c_);
    staff_ = std::make_unique<Client>(LoggedIn(stack_, "xh_staff"));
  }

  nlohmann::json Schedule(Client& c, nlohmann::json extra = {}) {
    nlohmann::json body = {{"kind", "joint"},
                           {"title", "2026年第四季度社团联席会议"},
                           {"region_code", kXinhui},
                           {"starts_at", "2026-12-10T02:00:00Z"},
                           {"ends_at", "2026-12-10T04:00:00Z"},
                           {"place", "新会区妇联三楼会议室"},
                           {"agenda", "一、工作通报;二、项目交流"}};
    for (auto& [k, v] : extra.items()) body[k] = v;
    auto r = c.Call("POST", "/api/v1/meetings", body.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? c.Json(r) : nlohmann::json();
  }

  std::string Url(long long id, const std::string& tail = "") {
    return "/api/v1/meetings/" + std::to_string(id) + tail;
  }

  http::Response Invite(long long id, std::vector<long long> ids) {
    return staff_->Call("POST", Url(id, "/invitations"), nlohmann::json{{"org_ids", ids}}.dump());
  }

  // A meeting in `state` (scheduled, held or cancelled).
  long long InState(const std::string& state) {
    long long id = Schedule(*staff_)["id"];
    if (state == "held") {
      EXPECT_EQ(staff_->Call("POST", Url(id, "/hold"), R"({"minutes":"纪要"})").status, 200);
    }
    if (state == "cancelled") {
      EXPECT_EQ(staff_->Call("POST", Url(id, "/cancel"), R"({"reason":"台风"})").status, 200);
    }
    return id;
  }

  Stack stack_;
  std::unique_ptr<Client> staff_;
  long long org_a_ = 0, org_b_ = 0, org_c_ = 0, org_t_ = 0;
};

TEST_F(MeetingApiTest, MeetingCreateValidatesAndAudits) {
  auto m = Schedule(*staff_);
  EXPECT_EQ(m["state"], "scheduled");
  EXPECT_EQ(m["checkin_code"].get<std::string>().size(), 6u);
  EXPECT_EQ(m["region_name"], "新会区");
  EXPECT_EQ(CountEvents(*stack_.sys, "meeting.create"), 1);

  struct Case {
    nlohmann::json body;
    int status;
    std::string field;
  };
  for (const auto& c : std::vector<Case>{
           {{{"kind", "joint"}}, 422, "title"},
           {{{"title", "会议"}, {"kind", "party"}}, 422, "kind"},
           {{{"title", "会议"}, {"kind", "org"}}, 422, "starts_at"},
           {{{"title", "会议"},
             {"kind", "org"},
             {"starts_at", "2026-12-10T02:00:00Z"},
             {"ends_at", "2026-12-09T02:00:00Z"}},
            422,
            "ends_at"},
           {{{"title", "会议"}, {"kind", "org"}, {"starts_at", "tomorrow"}}, 422, "starts_at"},
           {{{"title", "会议"},
             {"kind", "org"},
             {"region_code", kTaishan},
             {"starts_at", "2026-12-10T02:00:00Z"},
             {"ends_at", "2026-12-10T03:00:00Z"}},
            403,
            "region_code"},
           {{{"title", "会议"}, {"kind", "org"}, {"colour", "red"}}, 422, "colour"},
       }) {
    auto r = staff_->Call("POST", "/api/v1/meetings", c.body.dump());
    EXPECT_EQ(r.status, c.status) << c.body.dump() << " " << r.body;
    EXPECT_EQ(ErrorField(r), c.field) << c.body.dump();
  }
  // Stale version.
  long long id = m["id"];
  auto stale = staff_->Call("PATCH", Url(id), R"({"version":7,"place":"礼堂"})");
  EXPECT_EQ(stale.status, 409);
  auto ok = staff_->Call("PATCH", Url(id), R"({"version":1,"place":"礼堂"})");
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(staff_->Json(ok)["place"], "礼堂");
  EXPECT_EQ(staff_->Json(ok)["version"], 2);
}

TEST_F(MeetingApiTest, MeetingScopeSiblingStaffAuditorAndOrgAccounts) {
  long long id = Schedule(*staff_)["id"];
  ASSERT_EQ(Invite(id, {org_a_, org_b_}).status, 200);
  Client ts = LoggedIn(stack_, "ts_staff");
  EXPECT_EQ(ts.Call("GET", Url(id)).status, 404);
  EXPECT_EQ(ts.Call("POST", Url(id, "/hold"), R"({"minutes":"x"})").status, 404);
  EXPECT_EQ(ts.Json(ts.Call("GET", "/api/v1/meetings"))["total"], 0);
  // Staff and the admin above find it, also by title, kind and year.
  EXPECT_EQ(staff_->Json(staff_->Call("GET", "/api/v1/meetings"))["total"], 1);
  Client admin = LoggedIn(stack_, "admin");
  auto found = admin.Json(admin.Call(
      "GET", "/api/v1/meetings?year=2026&kind=joint&state=scheduled&q=%E8%81%94%E5%B8%AD"));
  EXPECT_EQ(found["total"], 1);
  EXPECT_EQ(found["items"][0]["counts"]["invited"], 2);
  EXPECT_EQ(admin.Json(admin.Call("GET", "/api/v1/meetings?year=2025"))["total"], 0);
  // The auditor reads without the check-in code and cannot write.
  Client aud = LoggedIn(stack_, "auditor");
  auto ar = aud.Call("GET", Url(id));
  ASSERT_EQ(ar.status, 200);
  EXPECT_FALSE(aud.Json(ar).contains("checkin_code"));
  EXPECT_EQ(aud.Json(ar)["invitations"].size(), 2u);
  EXPECT_EQ(aud.Call("POST", Url(id, "/cancel"), "{}").status, 403);
  // An invited org account sees the meeting and only its own invitation.
  Client a = LoggedIn(stack_, "org_a");
  auto mine = a.Call("GET", Url(id));
  ASSERT_EQ(mine.status, 200) << mine.body;
  auto j = a.Json(mine);
  EXPECT_FALSE(j.contains("checkin_code"));
  EXPECT_FALSE(j.contains("invitations"));
  EXPECT_FALSE(j.contains("counts"));
  EXPECT_EQ(j["my_invitation"]["org_id"], org_a_);
  EXPECT_EQ(a.Json(a.Call("GET", "/api/v1/meetings"))["total"], 1);
  // Not invited: nothing to see.
  Client c = LoggedIn(stack_, "org_c");
  EXPECT_EQ(c.Call("GET", Url(id)).status, 404);
  EXPECT_EQ(c.Json(c.Call("GET", "/api/v1/meetings"))["total"], 0);
  EXPECT_EQ(c.Call("POST", Url(id, "/attendance"), "{}").status, 403);
}

TEST_F(MeetingApiTest, MeetingTransitionsAllowedAndForbidden) {
  struct Case {
    std::string from, action;
    int status;
  };
  for (const auto& c : std::vector<Case>{{"scheduled", "hold", 200},
                                         {"scheduled", "cancel", 200},
                                         {"held", "hold", 409},
                                         {"held", "cancel", 409},
                                         {"cancelled", "hold", 409},
                                         {"cancelled", "cancel", 409}}) {
    SCOPED_TRACE(c.from + " " + c.action);
    long long id = InState(c.from);
    auto r =
        staff_->Call("POST", Url(id, "/" + c.action),
                     c.action == "hold" ? R"({"minutes":"会议纪要"})" : R"({"reason":"改期"})");
    EXPECT_EQ(r.status, c.status) << r.body;
    std::string to = c.action == "hold" ? "held" : "cancelled";
    if (c.status == 409) {
      EXPECT_NE(r.body.find(c.from + " → " + to), std::string::npos) << r.body;
    } else {
      EXPECT_EQ(staff_->Json(r)["state"], to);
    }
  }
  // Holding needs the minutes.
  long long id = InState("scheduled");
  auto none = staff_->Call("POST", Url(id, "/hold"), "{}");
  EXPECT_EQ(none.status, 422);
  EXPECT_EQ(ErrorField(none), "minutes");
  // A held meeting keeps its details; its minutes can still be edited.
  long long held = InState("held");
  long long v = QueryInt(*stack_.sys, "SELECT version FROM meetings WHERE id = :1", {held});
  EXPECT_EQ(
      staff_->Call("PATCH", Url(held), nlohmann::json{{"version", v}, {"title", "改名"}}.dump())
          .status,
      409);
  EXPECT_EQ(
      staff_
          ->Call("PATCH", Url(held), nlohmann::json{{"version", v}, {"minutes", "补充纪要"}}.dump())
          .status,
      200);
  // The service's table agrees.
  EXPECT_TRUE(hub::MeetingTransitionAllowed("scheduled", "held"));
  EXPECT_FALSE(hub::MeetingTransitionAllowed("held", "scheduled"));
  EXPECT_FALSE(hub::MeetingTransitionAllowed("cancelled", "scheduled"));
}

TEST_F(MeetingApiTest, MeetingInvitationsByIdsAndFilter) {
  long long id = Schedule(*staff_)["id"];
  auto out = Invite(id, {org_t_});
  EXPECT_EQ(out.status, 422);
  EXPECT_EQ(ErrorField(out), "org_ids");
  EXPECT_EQ(Invite(id, {}).status, 422);
  auto r = Invite(id, {org_a_, org_a_});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(staff_->Json(r)["added"], 1);
  // A filter in the caller's scope: every organization of 新会区 not yet invited.
  auto f = staff_->Call("POST", Url(id, "/invitations"),
                        nlohmann::json{{"filter", {{"region", kXinhui}}}}.dump());
  ASSERT_EQ(f.status, 200) << f.body;
  EXPECT_EQ(staff_->Json(f)["added"], 2);
  EXPECT_EQ(staff_->Json(f)["counts"]["invited"], 3);
  // Invitations only while scheduled.
  long long held = InState("held");
  EXPECT_EQ(Invite(held, {org_a_}).status, 409);
}

TEST_F(MeetingApiTest, MeetingCheckInCodeWrongRightAndNotInvited) {
  auto m = Schedule(*staff_);
  long long id = m["id"];
  std::string code = m["checkin_code"];
  ASSERT_EQ(Invite(id, {org_a_, org_b_}).status, 200);
  Client a = LoggedIn(stack_, "org_a");
  auto wrong = a.Call("POST", Url(id, "/check-in"), R"({"code":"ZZZZZZ"})");
  EXPECT_EQ(wrong.status, 422);
  EXPECT_EQ(ErrorField(wrong), "code");
  Client c = LoggedIn(stack_, "org_c");
  EXPECT_EQ(c.Call("POST", Url(id, "/check-in"), nlohmann::json{{"code", code}}.dump()).status,
            404);
  std::string lower;
  for (char ch : code) lower += static_cast<char>(std::tolower(ch));
  auto right = a.Call("POST", Url(id, "/check-in"), nlohmann::json{{"code", lower}}.dump());
  ASSERT_EQ(right.status, 200) << right.body;
  EXPECT_EQ(a.Json(right)["my_invitation"]["status"], "attended");
  EXPECT_EQ(a.Json(right)["my_invitation"]["method"], "code");
  auto again = a.Call("POST", Url(id, "/check-in"), nlohmann::json{{"code", code}}.dump());
  EXPECT_EQ(again.status, 409);
  EXPECT_NE(again.body.find("attended → attended"), std::string::npos) << again.body;
  // Staff cannot use the org's check-in; they mark attendance by hand.
  EXPECT_EQ(
      staff_->Call("POST", Url(id, "/check-in"), nlohmann::json{{"code", code}}.dump()).status,
      403);
  // After the meeting is held, check-in is closed and the absent are marked.
  ASSERT_EQ(staff_->Call("POST", Url(id, "/hold"), R"({"minutes":"纪要"})").status, 200);
  Client b = LoggedIn(stack_, "org_b");
  EXPECT_EQ(b.Call("POST", Url(id, "/check-in"), nlohmann::json{{"code", code}}.dump()).status,
            409);
  auto detail = staff_->Json(staff_->Call("GET", Url(id)));
  EXPECT_EQ(detail["counts"]["attended"], 1);
  EXPECT_EQ(detail["counts"]["absent"], 1);
}

TEST_F(MeetingApiTest, MeetingInvitationTransitionsTable) {
  // Every (from, to) pair of invitation states: allowed ones by the table.
  const std::vector<std::string> states = {"invited", "confirmed", "attended", "absent"};
  const std::set<std::pair<std::string, std::string>> allowed = {
      {"invited", "confirmed"},  {"invited", "attended"}, {"invited", "absent"},
      {"confirmed", "attended"}, {"confirmed", "absent"}, {"absent", "attended"},
      {"attended", "absent"}};
  for (auto& from : states)
    for (auto& to : states)
      EXPECT_EQ(hub::InvitationTransitionAllowed(from, to), allowed.count({from, to}) == 1)
          << from << " → " << to;
  // Over the API: reach each state, then try confirm (org) and the manual marks (staff).
  struct Case {
    std::string from, action;
    int status;
  };
  for (const auto& c : std::vector<Case>{{"invited", "confirm", 200},
                                         {"invited", "attended", 200},
                                         {"invited", "absent", 200},
                                         {"confirmed", "confirm", 409},
                                         {"confirmed", "attended", 200},
                                         {"confirmed", "absent", 200},
                                         {"attended", "confirm", 409},
                                         {"attended", "attended", 409},
                                         {"attended", "absent", 200},
                                         {"absent", "confirm", 409},
                                         {"absent", "absent", 409},
                                         {"absent", "attended", 200}}) {
    SCOPED_TRACE(c.from + " " + c.action);
    long long id = Schedule(*staff_)["id"];
    ASSERT_EQ(Invite(id, {org_b_}).status, 200);
    Client b = LoggedIn(stack_, "org_b");
    auto mark = [&](const std::string& s) {
      return staff_->Call("POST", Url(id, "/attendance"),
                          nlohmann::json{{"marks", {{{"org_id", org_b_}, {"status", s}}}}}.dump());
    };
    if (c.from == "confirmed") {
      ASSERT_EQ(b.Call("POST", Url(id, "/confirm")).status, 200);
    }
    if (c.from == "attended" || c.from == "absent") {
      ASSERT_EQ(mark(c.from).status, 200);
    }
    auto r = c.action == "confirm" ? b.Call("POST", Url(id, "/confirm")) : mark(c.action);
    EXPECT_EQ(r.status, c.status) << r.body;
    if (c.status == 409) {
      std::string to = c.action == "confirm" ? "confirmed" : c.action;
      EXPECT_NE(r.body.find(c.from + " → " + to), std::string::npos) << r.body;
    }
  }
  long long id = Schedule(*staff_)["id"];
  ASSERT_EQ(Invite(id, {org_b_}).status, 200);
  auto bad =
      staff_->Call("POST", Url(id, "/attendance"),
                   nlohmann::json{{"marks", {{{"org_id", org_b_}, {"status", "late"}}}}}.dump());
  EXPECT_EQ(bad.status, 422);
  auto stranger = staff_->Call(
      "POST", Url(id, "/attendance"),
      nlohmann::json{{"marks", {{{"org_id", org_c_}, {"status", "attended"}}}}}.dump());
  EXPECT_EQ(stranger.status, 422);
  EXPECT_EQ(ErrorField(stranger), "org_id");
}

TEST_F(MeetingApiTest, MeetingResolutionsFollowedToDone) {
  long long id = InState("held");
  auto xh = stack_.sys->users->FindByUsername("xh_staff");
  auto add = staff_->Call("POST", Url(id, "/resolutions"),
                          nlohmann::json{{"content", "各社团于月底前报送年度服务项目计划"},
                                         {"owner_org_id", org_b_},
                                         {"owner_user_id", (*xh)->id},
                                         {"due_on", "2020-01-31"}}
                              .dump());
  ASSERT_EQ(add.status, 201) << add.body;
  auto r = staff_->Json(add);
  EXPECT_EQ(r["state"], "open");
  EXPECT_TRUE(r["overdue"].get<bool>());
  EXPECT_EQ(r["owner_org_name"], "新会区家庭教育促进会");
  long long rid = r["id"];
  std::string url = Url(id, "/resolutions/" + std::to_string(rid));
  auto detail = staff_->Json(staff_->Call("GET", Url(id)));
  EXPECT_EQ(detail["overdue_resolutions"], 1);
  for (auto [body, status, field] : std::vector<std::tuple<nlohmann::json, int, std::string>>{
           {{{"content", ""}}, 422, "content"},
           {{{"due_on", "31/01/2020"}}, 422, "due_on"},
           {{{"owner_org_id", org_t_}}, 422, "owner_org_id"},
           {{{"state", "closed"}}, 422, "state"},
           {{{"state", "done"}}, 422, "note"},
       }) {
    body["version"] = 1;
    auto res = staff_->Call("PATCH", url, body.dump());
    EXPECT_EQ(res.status, status) << body.dump() << res.body;
    EXPECT_EQ(ErrorField(res), field) << body.dump();
  }
  EXPECT_EQ(staff_->Call("PATCH", url, R"({"version":9,"state":"done","note":"x"})").status, 409);
  auto done = staff_->Call("PATCH", url, R"({"version":1,"state":"done","note":"已全部报送"})");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(staff_->Json(done)["state"], "done");
  EXPECT_FALSE(staff_->Json(done)["overdue"].get<bool>());
  auto twice = staff_->Call("PATCH", url, R"({"version":2,"state":"done","note":"again"})");
  EXPECT_EQ(twice.status, 409);
  EXPECT_NE(twice.body.find("done → done"), std::string::npos);
  auto reopen = staff_->Call("PATCH", url, R"({"version":2,"state":"open"})");
  EXPECT_EQ(reopen.status, 200) << reopen.body;
  // A cancelled meeting takes no resolutions; sibling staff never see them.
  long long cancelled = InState("cancelled");
  EXPECT_EQ(staff_->Call("POST", Url(cancelled, "/resolutions"), R"({"content":"x"})").status, 409);
  Client ts = LoggedIn(stack_, "ts_staff");
  EXPECT_EQ(ts.Call("PATCH", url, R"({"version":3,"state":"done","note":"x"})").status, 404);
  EXPECT_GE(CountEvents(*stack_.sys, "meeting.resolution."), 3);
}

}  // namespace
}  // namespace shuniu::testing
