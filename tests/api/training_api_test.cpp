// Trainings over the API: every allowed and forbidden transition of trainings
// and enrolments (table-driven, 409 naming both states), capacity and waitlist
// promotion, scope (org accounts see only their own enrolments and the open
// trainings above them; sibling staff 404), phones masked in the API and
// sealed in the database, feedback, the organization's record, quarter
// coverage and the "training_tomorrow" reminder source at fixed times.
#include "api/harness.h"
#include "hub/training_service.h"

namespace shuniu::testing {
namespace {

constexpr const char* kJiangmen = "440700000000";
constexpr const char* kXinhui = "440705000000";
constexpr const char* kHuicheng = "440705001000";
constexpr const char* kTaishan = "440781000000";

class TrainingApiTest : public ::testing::Test {
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
    org_t_ = MakeOrg(sys, "台山市妇女维权服务中心", kTaishan);
    MakeUser(sys, "org_a", Role::kOrg, kHuicheng, kPassword, org_a_);
    MakeUser(sys, "org_b", Role::kOrg, kXinhui, kPassword, org_b_);
    MakeUser(sys, "org_t", Role::kOrg, kTaishan, kPassword, org_t_);
    staff_ = std::make_unique<Client>(LoggedIn(stack_, "xh_staff"));
  }

  nlohmann::json Plan(nlohmann::json extra = {}) {
    nlohmann::json body = {{"kind", "thematic"},
                           {"title", "项目设计与申报"},
                           {"topic", "公益创投项目书的写法"},
                           {"region_code", kXinhui},
                           {"starts_at", "2026-12-10T01:00:00Z"},
                           {"ends_at", "2026-12-10T04:30:00Z"},
                           {"place", "新会区妇女儿童活动中心"},
                           {"capacity", 30},
                           {"hours", 3.5}};
    for (auto& [k, v] : extra.items()) body[k] = v;
    auto r = staff_->Call("POST", "/api/v1/trainings", body.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? staff_->Json(r) : nlohmann::json();
  }

  std::string Url(long long id, const std::string& tail = "") {
    return "/api/v1/trainings/" + std::to_string(id) + tail;
  }

  http::Response Move(long long id, const std::string& action) {
    return staff_->Call("POST", Url(id, "/" + action), "{}");
  }

  // A training brought into `state` through the allowed path.
  long long InState(const std::string& state, nlohmann::json extra = {}) {
    long long id = Plan(extra)["id"];
    std::map<std::string, std::vector<std::string>> path = {{"planned", {}},
                                                            {"open", {"open"}},
                                                            {"closed", {"open", "close"}},
                                                            {"held", {"open", "close", "hold"}},
                                                            {"cancelled", {"cancel"}}};
    for (auto& a : path.at(state)) EXPECT_EQ(Move(id, a).status, 200) << a;
    return id;
  }

  http::Response Enrol(Client& c, long long id, nlohmann::json body) {
    return c.Call("POST", Url(id, "/enrolments"), body.dump());
  }

  long long EnrolB(long long id, const std::string& name = "陈雪梅") {
    auto r = Enrol(*staff_, id, {{"org_id", org_b_}, {"name", name}, {"position", "理事长"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? staff_->Json(r)["id"].get<long long>() : 0;
  }

  http::Response Act(Client& c, long long id, long long eid, const std::string& action,
                     const std::string& body = "") {
    return c.Call("POST", Url(id, "/enrolments/" + std::to_string(eid) + "/" + action), body);
  }

  Stack stack_;
  std::unique_ptr<Client> staff_;
  long long org_a_ = 0, org_b_ = 0, org_t_ = 0;
  ClockShift clock_;
};

TEST_F(TrainingApiTest, TrainingCreateValidates) {
  auto t = Plan();
  EXPECT_EQ(t["state"], "planned");
  EXPECT_EQ(t["hours"], 3.5);
  EXPECT_EQ(t["capacity"], 30);
  EXPECT_EQ(t["region_name"], "新会区");
  for (auto [body, status, field] : std::vector<std::tuple<nlohmann::json, int, std::string>>{
           {{{"kind", "thematic"}}, 422, "title"},
           {{{"title", "培训"}, {"kind", "lecture"}}, 422, "kind"},
           {{{"capacity", 0}}, 422, "capacity"},
           {{{"capacity", "ten"}}, 422, "capacity"},
           {{{"hours", -1}}, 422, "hours"},
           {{{"material_ids", {12345}}}, 422, "material_ids"},
           {{{"region_code", kTaishan}}, 403, "region_code"},
       }) {
    nlohmann::json b = {{"kind", "thematic"},
                        {"title", "培训"},
                        {"starts_at", "2026-12-10T01:00:00Z"},
                        {"ends_at", "2026-12-10T02:00:00Z"}};
    for (auto& [k, v] : body.items()) b[k] = v;
    if (!body.contains("title") && body.contains("kind") && body.size() == 1) b.erase("title");
    auto r = staff_->Call("POST", "/api/v1/trainings", b.dump());
    EXPECT_EQ(r.status, status) << b.dump() << r.body;
    EXPECT_EQ(ErrorField(r), field) << b.dump();
  }
  EXPECT_EQ(LoggedIn(stack_, "auditor").Call("POST", "/api/v1/trainings", "{}").status, 403);
}

TEST_F(TrainingApiTest, TrainingTransitionsAllowedAndForbidden) {
  const std::vector<std::string> states = {"planned", "open", "closed", "held", "cancelled"};
  const std::map<std::string, std::string> action_to = {
      {"open", "open"}, {"close", "closed"}, {"hold", "held"}, {"cancel", "cancelled"}};
  const std::set<std::pair<std::string, std::string>> allowed = {
      {"planned", "open"},   {"planned", "cancelled"}, {"open", "closed"},     {"open", "held"},
      {"open", "cancelled"}, {"closed", "held"},       {"closed", "cancelled"}};
  for (auto& from : states) {
    for (auto& [action, to] : action_to) {
      SCOPED_TRACE(from + " " + action);
      EXPECT_EQ(hub::TrainingTransitionAllowed(from, to), allowed.count({from, to}) == 1);
      long long id = InState(from);
      auto r = Move(id, action);
      if (allowed.count({from, to})) {
        EXPECT_EQ(r.status, 200) << r.body;
        EXPECT_EQ(staff_->Json(r)["state"], to);
      } else {
        EXPECT_EQ(r.status, 409) << r.body;
        EXPECT_NE(r.body.find(from + " → " + to), std::string::npos) << r.body;
      }
    }
  }
  // A held training keeps its schedule; a cancelled one cannot change at all.
  long long held = InState("held");
  auto v = [&](long long id) {
    return QueryInt(*stack_.sys, "SELECT version FROM trainings WHERE id = :1", {id});
  };
  EXPECT_EQ(
      staff_->Call("PATCH", Url(held), nlohmann::json{{"version", v(held)}, {"capacity", 5}}.dump())
          .status,
      409);
  EXPECT_EQ(
      staff_->Call("PATCH", Url(held), nlohmann::json{{"version", v(held)}, {"hours", 4}}.dump())
          .status,
      200);
  long long cancelled = InState("cancelled");
  EXPECT_EQ(staff_
                ->Call("PATCH", Url(cancelled),
                       nlohmann::json{{"version", v(cancelled)}, {"title", "x"}}.dump())
                .status,
            409);
  EXPECT_EQ(staff_->Call("PATCH", Url(cancelled), R"({"version":99,"title":"x"})").status, 409);
}

TEST_F(TrainingApiTest, TrainingEnrolmentTransitionsTable) {
  const std::vector<std::string> states = {"enrolled", "waitlisted", "cancelled", "attended",
                                           "absent"};
  const std::set<std::pair<std::string, std::string>> allowed = {
      {"enrolled", "attended"},   {"enrolled", "absent"},      {"enrolled", "cancelled"},
      {"waitlisted", "enrolled"}, {"waitlisted", "cancelled"}, {"absent", "attended"}};
  for (auto& from : states)
    for (auto& to : states)
      EXPECT_EQ(hub::EnrolmentTransitionAllowed(from, to), allowed.count({from, to}) == 1)
          << from << " → " << to;
  // Over the API, after the training's end (absent is allowed only then).
  const std::map<std::string, std::string> action_to = {
      {"cancel", "cancelled"}, {"check-in", "attended"}, {"absent", "absent"}};
  for (auto& from : states) {
    for (auto& [action, to] : action_to) {
      SCOPED_TRACE(from + " " + action);
      clock_.Set(0);
      long long id = InState("open", {{"capacity", 1},
                                      {"starts_at", "2026-01-10T01:00:00Z"},
                                      {"ends_at", "2026-01-10T02:00:00Z"}});
      long long first = EnrolB(id, "甲");
      long long eid = first;
      if (from == "waitlisted") eid = EnrolB(id, "乙");
      if (from == "cancelled") {
        ASSERT_EQ(Act(*staff_, id, eid, "cancel").status, 200);
      }
      if (from == "attended") {
        ASSERT_EQ(Act(*staff_, id, eid, "check-in").status, 200);
      }
      if (from == "absent") {
        ASSERT_EQ(Act(*staff_, id, eid, "absent").status, 200);
      }
      ASSERT_EQ(QueryStr(*stack_.sys, "SELECT state FROM training_enrolments WHERE id = :1", {eid}),
                from);
      auto r = Act(*staff_, id, eid, action);
      if (allowed.count({from, to})) {
        EXPECT_EQ(r.status, 200) << r.body;
        EXPECT_EQ(staff_->Json(r)["state"], to);
      } else {
        EXPECT_EQ(r.status, 409) << r.body;
        EXPECT_NE(r.body.find(from + " → " + to), std::string::npos) << r.body;
      }
    }
  }
  // Before the end, absent is refused; on a planned training attendance is refused.
  clock_.Set(0);
  long long future = InState("open");
  long long e = EnrolB(future);
  auto early = Act(*staff_, future, e, "absent");
  EXPECT_EQ(early.status, 409);
  EXPECT_NE(early.body.find("not ended"), std::string::npos);
  EXPECT_EQ(Act(*staff_, future, 424242, "cancel").status, 404);
  EXPECT_EQ(Act(*staff_, future, e, "explode").status, 404);  // no such route
  // Enrolment needs an open training.
  long long planned = InState("planned");
  auto closed = Enrol(*staff_, planned, {{"org_id", org_b_}, {"name", "甲"}});
  EXPECT_EQ(closed.status, 409);
  EXPECT_NE(closed.body.find("planned"), std::string::npos);
}

TEST_F(TrainingApiTest, TrainingCapacityAndWaitlistPromotion) {
  long long id = InState("open", {{"capacity", 1}});
  Client a = LoggedIn(stack_, "org_a");
  Client b = LoggedIn(stack_, "org_b");
  // Org accounts find the open training of their region's ancestors and enrol themselves.
  EXPECT_EQ(a.Json(a.Call("GET", "/api/v1/trainings"))["total"], 1);
  auto ea = Enrol(a, id, {{"name", "黄丽娟"}, {"position", "队长"}});
  ASSERT_EQ(ea.status, 201) << ea.body;
  EXPECT_EQ(a.Json(ea)["state"], "enrolled");
  auto eb = Enrol(b, id, {{"name", "陈雪梅"}});
  ASSERT_EQ(eb.status, 201) << eb.body;
  EXPECT_EQ(b.Json(eb)["state"], "waitlisted");
  EXPECT_EQ(Enrol(b, id, {{"org_id", org_a_}, {"name", "冒名"}}).status, 422);
  long long a_id = a.Json(ea)["id"], b_id = b.Json(eb)["id"];
  auto detail = staff_->Json(staff_->Call("GET", Url(id)));
  EXPECT_EQ(detail["counts"]["enrolled"], 1);
  EXPECT_EQ(detail["counts"]["waitlisted"], 1);
  // Org accounts see only their own people; B cannot cancel A's enrolment.
  auto mine = b.Json(b.Call("GET", Url(id, "/enrolments")));
  ASSERT_EQ(mine["items"].size(), 1u);
  EXPECT_EQ(mine["items"][0]["org_id"], org_b_);
  auto view = b.Json(b.Call("GET", Url(id)));
  EXPECT_FALSE(view.contains("counts"));
  EXPECT_EQ(view["my_state"], "waitlisted");
  EXPECT_EQ(view["seats_left"], 0);
  EXPECT_EQ(Act(b, id, a_id, "cancel").status, 404);
  EXPECT_EQ(Act(b, id, b_id, "check-in").status, 403);
  // A cancels: B is promoted.
  auto cancel = Act(a, id, a_id, "cancel");
  ASSERT_EQ(cancel.status, 200) << cancel.body;
  EXPECT_EQ(QueryStr(*stack_.sys, "SELECT state FROM training_enrolments WHERE id = :1", {b_id}),
            "enrolled");
  // Raising the capacity promotes the next waitlisted.
  auto ec = Enrol(*staff_, id, {{"org_id", org_a_}, {"name", "梁淑贞"}});
  EXPECT_EQ(staff_->Json(ec)["state"], "waitlisted");
  long long v = QueryInt(*stack_.sys, "SELECT version FROM trainings WHERE id = :1", {id});
  ASSERT_EQ(
      staff_->Call("PATCH", Url(id), nlohmann::json{{"version", v}, {"capacity", 2}}.dump()).status,
      200);
  EXPECT_EQ(QueryStr(*stack_.sys, "SELECT state FROM training_enrolments WHERE id = :1",
                     {staff_->Json(ec)["id"].get<long long>()}),
            "enrolled");
  EXPECT_GE(CountEvents(*stack_.sys, "training.enrolment.enrolled"), 2);
}

TEST_F(TrainingApiTest, TrainingScopeOrgsAndSiblingStaff) {
  long long planned = InState("planned");
  long long open = InState("open");
  Client t = LoggedIn(stack_, "org_t");
  Client a = LoggedIn(stack_, "org_a");
  // A planned training is invisible to organizations; an open one of 新会区 is
  // visible below it (会城) but not in 台山.
  EXPECT_EQ(a.Call("GET", Url(planned)).status, 404);
  EXPECT_EQ(a.Call("GET", Url(open)).status, 200);
  EXPECT_EQ(t.Call("GET", Url(open)).status, 404);
  EXPECT_EQ(Enrol(t, open, {{"name", "伍美玲"}}).status, 404);
  EXPECT_EQ(t.Json(t.Call("GET", "/api/v1/trainings"))["total"], 0);
  // Staff cannot enrol an organization outside the training's region.
  auto outside = Enrol(*staff_, open, {{"org_id", org_t_}, {"name", "伍美玲"}});
  EXPECT_EQ(outside.status, 422);
  EXPECT_EQ(ErrorField(outside), "org_id");
  Client ts = LoggedIn(stack_, "ts_staff");
  EXPECT_EQ(ts.Call("GET", Url(open)).status, 404);
  EXPECT_EQ(ts.Call("GET", Url(open, "/enrolments")).status, 404);
  EXPECT_EQ(ts.Call("POST", Url(open, "/close"), "{}").status, 404);
  EXPECT_EQ(ts.Json(ts.Call("GET", "/api/v1/trainings"))["total"], 0);
  EXPECT_EQ(staff_->Json(staff_->Call("GET", "/api/v1/trainings"))["total"], 2);
  Client admin = LoggedIn(stack_, "admin");
  auto found =
      admin.Json(admin.Call("GET", "/api/v1/trainings?year=2026&state=open&q=%E7%94%B3%E6%8A%A5"));
  EXPECT_EQ(found["total"], 1);
  EXPECT_EQ(found["items"][0]["id"], open);
  // The org account lists the open one (its ancestor's) but not the planned one.
  auto listed = a.Json(a.Call("GET", "/api/v1/trainings"));
  ASSERT_EQ(listed["total"], 1);
  EXPECT_EQ(listed["items"][0]["id"], open);
  // Once closed, only enrolled organizations still see it.
  long long e = EnrolB(open);
  ASSERT_EQ(Move(open, "close").status, 200);
  EXPECT_EQ(a.Call("GET", Url(open)).status, 404);
  Client b = LoggedIn(stack_, "org_b");
  EXPECT_EQ(b.Call("GET", Url(open)).status, 200);
  EXPECT_EQ(a.Call("POST", Url(open, "/enrolments/" + std::to_string(e) + "/cancel")).status, 404);
  // The record of another organization stays hidden.
  EXPECT_EQ(a.Call("GET", "/api/v1/trainings/record?org_id=" + std::to_string(org_b_)).status, 404);
  EXPECT_EQ(ts.Call("GET", "/api/v1/orgs/" + std::to_string(org_b_) + "/trainings").status, 404);
}

TEST_F(TrainingApiTest, TrainingPhoneMaskedAndSealed) {
  long long id = InState("open");
  auto r = Enrol(*staff_, id, {{"org_id", org_b_}, {"name", "陈雪梅"}, {"phone", "138-1234-5678"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(staff_->Json(r)["phone"], "138****5678");
  auto list = staff_->Call("GET", Url(id, "/enrolments"));
  EXPECT_EQ(list.body.find("13812345678"), std::string::npos);
  EXPECT_EQ(staff_->Json(list)["items"][0]["phone"], "138****5678");
  std::string sealed = QueryStr(*stack_.sys, "SELECT phone_sealed FROM training_enrolments");
  EXPECT_FALSE(sealed.empty());
  EXPECT_EQ(sealed.find("12345678"), std::string::npos);
  EXPECT_EQ(QueryInt(*stack_.sys,
                     "SELECT COUNT(*) FROM training_enrolments WHERE phone_masked LIKE "
                     "'%12345678%' OR phone_sealed LIKE '%12345678%'"),
            0);
  // The audit trail keeps the mask only.
  EXPECT_EQ(
      QueryInt(*stack_.sys, "SELECT COUNT(*) FROM audit_events WHERE after_json LIKE '%12345678%'"),
      0);
  auto bad = Enrol(*staff_, id, {{"org_id", org_b_}, {"name", "x"}, {"phone", "12ab"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(ErrorField(bad), "phone");
}

TEST_F(TrainingApiTest, TrainingFeedbackAndRecord) {
  long long id = InState("open", {{"hours", 3.5}});
  long long e1 = EnrolB(id, "陈雪梅");
  long long e2 = EnrolB(id, "李慧敏");
  Client b = LoggedIn(stack_, "org_b");
  auto early = Act(b, id, e1, "feedback", R"({"score":5})");
  EXPECT_EQ(early.status, 409);
  EXPECT_NE(early.body.find("enrolled"), std::string::npos);
  ASSERT_EQ(Act(*staff_, id, e1, "check-in").status, 200);
  EXPECT_EQ(Act(b, id, e1, "feedback", R"({"score":6})").status, 422);
  auto fb = Act(b, id, e1, "feedback", R"({"score":5,"comment":"案例实用"})");
  ASSERT_EQ(fb.status, 200) << fb.body;
  EXPECT_EQ(b.Json(fb)["feedback_score"], 5);
  // Holding marks the rest absent.
  ASSERT_EQ(Move(id, "hold").status, 200);
  EXPECT_EQ(QueryStr(*stack_.sys, "SELECT state FROM training_enrolments WHERE id = :1", {e2}),
            "absent");
  auto detail = staff_->Json(staff_->Call("GET", Url(id)));
  EXPECT_EQ(detail["feedback_avg"], 5.0);
  auto rec = b.Call("GET", "/api/v1/trainings/record");
  ASSERT_EQ(rec.status, 200) << rec.body;
  auto j = b.Json(rec);
  EXPECT_EQ(j["items"].size(), 2u);
  EXPECT_EQ(j["summary"]["hours"], 3.5);
  EXPECT_EQ(j["summary"]["people_attended"], 1);
  EXPECT_EQ(j["summary"]["trainings_attended"], 1);
  auto same = staff_->Call("GET", "/api/v1/orgs/" + std::to_string(org_b_) + "/trainings");
  ASSERT_EQ(same.status, 200);
  EXPECT_EQ(staff_->Json(same)["summary"], j["summary"]);
}

TEST_F(TrainingApiTest, TrainingQuarterCoverage) {
  auto at = [](const char* d) {
    return nlohmann::json{{"starts_at", std::string(d) + "T01:00:00Z"},
                          {"ends_at", std::string(d) + "T04:00:00Z"}};
  };
  InState("held", at("2026-03-20"));     // Q1 covered
  InState("planned", at("2026-05-12"));  // Q2 planned only
  InState("held", at("2026-08-08"));     // Q3 covered
  InState("cancelled", at("2026-09-09"));
  auto visit = at("2026-11-11");
  visit["kind"] = "field_visit";
  InState("held", visit);  // Q4: a field visit does not count
  // 2026-12-31T17:00Z is 2027-01-01 in China: next year.
  auto newyear =
      nlohmann::json{{"starts_at", "2026-12-31T17:00:00Z"}, {"ends_at", "2026-12-31T19:00:00Z"}};
  InState("held", newyear);
  auto r = staff_->Call("GET", "/api/v1/trainings/quarters?year=2026");
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = staff_->Json(r);
  ASSERT_EQ(j["quarters"].size(), 4u);
  EXPECT_TRUE(j["quarters"][0]["covered"].get<bool>());
  EXPECT_FALSE(j["quarters"][1]["covered"].get<bool>());
  EXPECT_EQ(j["quarters"][1]["planned"].size(), 1u);
  EXPECT_TRUE(j["quarters"][2]["covered"].get<bool>());
  EXPECT_EQ(j["quarters"][2]["held"].size(), 1u);
  EXPECT_FALSE(j["quarters"][3]["covered"].get<bool>());
  EXPECT_EQ(j["covered"], 2);
  EXPECT_FALSE(j["all_covered"].get<bool>());
  auto next = staff_->Json(staff_->Call("GET", "/api/v1/trainings/quarters?year=2027"));
  EXPECT_TRUE(next["quarters"][0]["covered"].get<bool>());
  // Another region sees none of it; out of scope → 404, bad year → 422.
  Client ts = LoggedIn(stack_, "ts_staff");
  EXPECT_EQ(ts.Json(ts.Call("GET", "/api/v1/trainings/quarters?year=2026"))["covered"], 0);
  EXPECT_EQ(
      ts.Call("GET", std::string("/api/v1/trainings/quarters?year=2026&region=") + kXinhui).status,
      404);
  EXPECT_EQ(staff_->Call("GET", "/api/v1/trainings/quarters?year=20x6").status, 422);
}

TEST_F(TrainingApiTest, TrainingTomorrowReminderAtFixedTimes) {
  // Starts 2026-12-10 09:00 China time (01:00Z).
  long long id = InState("open");
  long long e = EnrolB(id);
  auto remind = [&](const char* now) {
    std::vector<notice::Reminder> out;
    EXPECT_TRUE(stack_.sys->db
                    ->Read([&](db::Conn& c) {
                      auto r = stack_.sys->trainings->TomorrowReminders(c, *ParseRfc3339(now));
                      if (!r.ok()) return r.status();
                      out = *r;
                      return Status::Ok();
                    })
                    .ok());
    return out;
  };
  EXPECT_TRUE(remind("2026-12-08T12:00:00Z").empty());  // two days before
  EXPECT_TRUE(remind("2026-12-08T15:59:00Z").empty());  // 12-08 23:59 China
  auto due = remind("2026-12-08T16:00:00Z");            // 12-09 00:00 China
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].key, "training.tomorrow:" + std::to_string(id));
  EXPECT_EQ(due[0].kind, "training_tomorrow");
  EXPECT_EQ(due[0].org_ids, std::vector<long long>{org_b_});
  EXPECT_EQ(due[0].region_code, kXinhui);
  EXPECT_EQ(due[0].link, "/trainings/" + std::to_string(id));
  EXPECT_NE(due[0].body_zh.find("09:00"), std::string::npos);
  EXPECT_EQ(remind("2026-12-09T15:00:00Z").size(), 1u);  // 12-09 23:00 China
  EXPECT_TRUE(remind("2026-12-09T16:00:00Z").empty());   // the day itself
  // Nobody enrolled any more → no reminder; a cancelled training → none either.
  ASSERT_EQ(Act(*staff_, id, e, "cancel").status, 200);
  EXPECT_TRUE(remind("2026-12-09T00:00:00Z").empty());
}

}  // namespace
}  // namespace shuniu::testing

namespace shuniu::testing {
namespace {

TEST(TrainingAttachments, MaterialsAndMinutesTakeUploadedFilesOnly) {
  Stack stack = MakeStack();
  auto& sys = *stack.sys;
  MakeUser(sys, "xh_staff", Role::kStaff, kXinhui);
  MakeUser(sys, "ts_staff", Role::kStaff, kTaishan);
  Principal up = sys.users->CliPrincipal("test");
  up.region_code = kXinhui;
  auto file = sys.files->Upload(up, "培训讲义.txt", "项目设计与申报 讲义", std::nullopt);
  ASSERT_TRUE(file.ok()) << file.status().message();
  Principal ts = up;
  ts.region_code = kTaishan;
  auto other = sys.files->Upload(ts, "台山.txt", "台山 讲义", std::nullopt);
  ASSERT_TRUE(other.ok()) << other.status().message();
  Client staff = LoggedIn(stack, "xh_staff");
  nlohmann::json body = {{"kind", "thematic"},
                         {"title", "项目设计与申报"},
                         {"starts_at", "2026-12-10T01:00:00Z"},
                         {"ends_at", "2026-12-10T02:00:00Z"},
                         {"material_ids", {file->id}}};
  auto r = staff.Call("POST", "/api/v1/trainings", body.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(staff.Json(r)["material_ids"], nlohmann::json::array({file->id}));
  body["material_ids"] = {other->id};  // a file of 台山 is out of 新会区's reach
  auto bad = staff.Call("POST", "/api/v1/trainings", body.dump());
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(ErrorField(bad), "material_ids");
  // Meeting minutes as a file.
  auto m = staff.Call("POST", "/api/v1/meetings",
                      nlohmann::json{{"kind", "joint"},
                                     {"title", "联席会议"},
                                     {"starts_at", "2026-12-10T01:00:00Z"},
                                     {"ends_at", "2026-12-10T02:00:00Z"}}
                          .dump());
  ASSERT_EQ(m.status, 201) << m.body;
  std::string url = "/api/v1/meetings/" + std::to_string(staff.Json(m)["id"].get<long long>());
  auto wrong =
      staff.Call("POST", url + "/hold", nlohmann::json{{"minutes_file_id", other->id}}.dump());
  EXPECT_EQ(wrong.status, 422);
  EXPECT_EQ(ErrorField(wrong), "minutes_file_id");
  auto held =
      staff.Call("POST", url + "/hold", nlohmann::json{{"minutes_file_id", file->id}}.dump());
  ASSERT_EQ(held.status, 200) << held.body;
  EXPECT_EQ(staff.Json(held)["minutes_file_id"], file->id);
}

}  // namespace
}  // namespace shuniu::testing
