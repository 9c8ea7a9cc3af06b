// The home-page dashboard over the API: each role sees its own to-do kinds, a
// town staff user's cards and figures cover only the town, a submitted annual
// review waits on the staff dashboard until decided, the figures equal the
// records behind them, and a region outside the caller's scope is not found.
#include <set>
#include <tuple>

#include "api/harness.h"
#include "core/time.h"
#include "org/uscc.h"

namespace shuniu::testing {
namespace {

constexpr const char* kJiangmen = "440700000000";
constexpr const char* kXinhui = "440705000000";
constexpr const char* kHuicheng = "440705001000";
constexpr const char* kDaze = "440705101000";
constexpr const char* kTaishan = "440781000000";

std::string DaysAgo(long long d) {
  return Rfc3339(NowMs() + 8LL * 3600 * 1000 - d * 24LL * 3600 * 1000).substr(0, 10);
}
long long ThisYear() { return std::stoll(DaysAgo(0).substr(0, 4)); }

class DashboardApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    s_ = MakeStack();
    auto& sys = *s_.sys;
    hc_ = Registered("会城街道妇女儿童服务中心", kHuicheng);
    daze_ = Registered("大泽镇巾帼志愿者协会", kDaze);
    ts_ = Registered("台山市家庭教育促进会", kTaishan);
    MakeUser(sys, "admin", Role::kAdmin, kJiangmen);
    MakeUser(sys, "xh_staff", Role::kStaff, kXinhui);
    hc_staff_ = MakeUser(sys, "hc_staff", Role::kStaff, kHuicheng).id;
    MakeUser(sys, "auditor1", Role::kAuditor, kJiangmen);
    MakeUser(sys, "hc_org", Role::kOrg, kHuicheng, kPassword, hc_);
    reviewer_ = MakeUser(sys, "expert", Role::kReviewer, kJiangmen).id;
  }

  long long Registered(const std::string& name, const std::string& region) {
    std::string serial = std::to_string(100000000 + ++serial_).substr(0, 9);
    std::string first17 = std::string("51") + region.substr(0, 6) + serial;
    org::OrgInput in;
    in.v = {{"name", name},
            {"kind", "association"},
            {"region_code", region},
            {"uscc", first17 + org::UsccCheckChar(first17)}};
    in.present = {"name", "kind", "region_code", "uscc"};
    auto o = s_.sys->orgs->Create(s_.sys->users->CliPrincipal("test"), in);
    EXPECT_TRUE(o.ok()) << o.status().message();
    return o.ok() ? o->org.id : 0;
  }

  nlohmann::json Dash(const std::string& user, const std::string& query = "") {
    Client c = LoggedIn(s_, user);
    auto r = c.Call("GET", "/api/v1/dashboard" + query);
    EXPECT_EQ(r.status, 200) << r.body;
    return c.Json(r);
  }
  static const nlohmann::json& Card(const nlohmann::json& d, const std::string& key) {
    for (auto& t : d["todo"])
      if (t["key"] == key) return t;
    static const nlohmann::json none = {{"count", -1}, {"items", nlohmann::json::array()}};
    ADD_FAILURE() << "no to-do card " << key;
    return none;
  }
  static const nlohmann::json& Fig(const nlohmann::json& d, const std::string& key) {
    for (auto& f : d["figures"])
      if (f["key"] == key) return f;
    static const nlohmann::json none = {{"value", -1}, {"trend", nlohmann::json::array()}};
    ADD_FAILURE() << "no figure " << key;
    return none;
  }
  static std::set<std::string> Keys(const nlohmann::json& list) {
    std::set<std::string> out;
    for (auto& x : list) out.insert(x["key"].get<std::string>());
    return out;
  }
  static std::set<long long> ItemIds(const nlohmann::json& card) {
    std::set<long long> out;
    for (auto& it : card["items"]) out.insert(it["id"].get<long long>());
    return out;
  }

  // Waiting work of `org` put straight into the tables: a submitted annual
  // review, a pending change request, a visit 200 days ago whose follow-up is overdue.
  void Waiting(long long org, long long id) {
    std::string region = QueryStr(*s_.sys, "SELECT region_code FROM orgs WHERE id = :1", {org});
    ASSERT_TRUE(ExecSql(*s_.sys,
                        "INSERT INTO annual_reviews (id, org_id, region_code, year, state, "
                        "submitted_at, created_at, updated_at, version) VALUES (:1, :2, :3, 2020, "
                        "'submitted', 1, 1, 1, 1)",
                        {id, org, region})
                    .ok());
    ASSERT_TRUE(ExecSql(*s_.sys,
                        "INSERT INTO org_change_requests (id, org_id, region_code, requested_by, "
                        "requested_by_name, requested_at, changes_json, status) VALUES (:1, :2, "
                        ":3, 1, 'x', 1, '{}', 'pending')",
                        {id + 1, org, region})
                    .ok());
    ASSERT_TRUE(ExecSql(*s_.sys,
                        "INSERT INTO liaison_visits (id, org_id, region_code, visited_on, form, "
                        "topics, follow_up, follow_up_due, follow_up_state, recorded_by, "
                        "recorded_by_name, created_at, updated_at, version) VALUES (:1, :2, :3, "
                        ":4, 'visit', '走访', '协调场地', :5, 'open', 1, 'x', 1, 1, 1)",
                        {id + 2, org, region, DaysAgo(200), DaysAgo(190)})
                    .ok());
  }

  Stack s_;
  int serial_ = 0;
  long long hc_ = 0, daze_ = 0, ts_ = 0, hc_staff_ = 0, reviewer_ = 0;
};

TEST_F(DashboardApiTest, DashboardEachRoleSeesItsOwnTodoKinds) {
  auto staff = Dash("hc_staff");
  EXPECT_EQ(Keys(staff["todo"]),
            (std::set<std::string>{"annual_reviews_to_decide", "residencies_to_decide",
                                   "residencies_expiring", "change_requests_pending",
                                   "progress_reports_to_review", "final_reports_to_review",
                                   "tranches_to_approve", "applications_to_qualify",
                                   "follow_ups_overdue", "orgs_not_contacted"}));
  EXPECT_EQ(staff["figures"].size(), 8u);
  EXPECT_EQ(Keys(Dash("admin")["todo"]), Keys(staff["todo"]));
  auto org = Dash("hc_org");
  EXPECT_EQ(
      Keys(org["todo"]),
      (std::set<std::string>{"reviews_to_finish", "progress_reports_to_finish",
                             "final_reports_returned", "surveys_to_answer", "meetings_invited",
                             "trainings_enrolled", "annual_review_due", "competitions_open"}));
  EXPECT_TRUE(org["figures"].empty());
  auto reviewer = Dash("expert");
  EXPECT_EQ(Keys(reviewer["todo"]),
            (std::set<std::string>{"bids_to_score", "applications_to_score"}));
  EXPECT_TRUE(reviewer["figures"].empty());
  auto auditor = Dash("auditor1");
  EXPECT_TRUE(auditor["todo"].empty());
  EXPECT_EQ(auditor["figures"].size(), 8u);
  // Every card and figure speaks both languages and links to the web UI.
  for (auto* d : {&staff, &org, &reviewer})
    for (auto& t : (*d)["todo"]) {
      EXPECT_FALSE(t["label"].get<std::string>().empty());
      EXPECT_FALSE(t["label_en"].get<std::string>().empty());
      EXPECT_EQ(t["link"].get<std::string>().front(), '/');
    }
  for (auto& f : auditor["figures"]) {
    EXPECT_EQ(f["trend"].size(), 5u);
    EXPECT_EQ(f["trend"].back()["year"], ThisYear());
    EXPECT_TRUE(f["unit"] == "count" || f["unit"] == "fen");
  }
  // The dashboard needs a login.
  Client anon(*s_.app);
  EXPECT_EQ(anon.Call("GET", "/api/v1/dashboard").status, 401);
}

TEST_F(DashboardApiTest, DashboardTownStaffCountsCoverOnlyTheTown) {
  Waiting(hc_, 910000);
  Waiting(daze_, 920000);
  Waiting(ts_, 930000);
  auto hc = Dash("hc_staff");
  for (const char* key :
       {"annual_reviews_to_decide", "change_requests_pending", "follow_ups_overdue"}) {
    EXPECT_EQ(Card(hc, key)["count"], 1) << key;
    ASSERT_EQ(Card(hc, key)["items"].size(), 1u) << key;
    EXPECT_EQ(Card(hc, key)["items"][0]["title"].get<std::string>().rfind("会城街道", 0), 0u)
        << key;
  }
  EXPECT_EQ(ItemIds(Card(hc, "annual_reviews_to_decide")), (std::set<long long>{910000}));
  EXPECT_EQ(Card(hc, "annual_reviews_to_decide")["items"][0]["link"], "/annual-reviews/910000");
  EXPECT_EQ(Card(hc, "follow_ups_overdue")["items"][0]["due"], DaysAgo(190));
  EXPECT_EQ(ItemIds(Card(hc, "orgs_not_contacted")), (std::set<long long>{hc_}));  // 200 days
  EXPECT_EQ(Fig(hc, "orgs_registered")["value"], 1);
  // The district sees both of its towns, the city all three.
  auto xh = Dash("xh_staff");
  EXPECT_EQ(Card(xh, "annual_reviews_to_decide")["count"], 2);
  EXPECT_EQ(ItemIds(Card(xh, "annual_reviews_to_decide")), (std::set<long long>{910000, 920000}));
  EXPECT_EQ(Fig(xh, "orgs_registered")["value"], 2);
  auto jm = Dash("admin");
  EXPECT_EQ(Card(jm, "change_requests_pending")["count"], 3);
  EXPECT_EQ(Fig(jm, "orgs_registered")["value"], 3);
  // The district staff may narrow to the town: the same as the town's own view.
  auto narrowed = Dash("xh_staff", std::string("?region=") + kHuicheng);
  EXPECT_EQ(narrowed["region_code"], kHuicheng);
  EXPECT_EQ(Card(narrowed, "annual_reviews_to_decide")["count"], 1);
  EXPECT_EQ(Fig(narrowed, "orgs_registered")["value"], 1);
}

TEST_F(DashboardApiTest, DashboardOrganizationsNotContactedFollowTheCadre) {
  long long other = Registered("会城街道家庭教育促进会", kHuicheng);
  // A visit 10 days ago: contacted; the other two never.
  ASSERT_TRUE(ExecSql(*s_.sys,
                      "INSERT INTO liaison_visits (id, org_id, region_code, visited_on, form, "
                      "topics, follow_up_state, recorded_by, recorded_by_name, created_at, "
                      "updated_at, version) VALUES (950000, :1, :2, :3, 'phone', '回访', 'none', "
                      "1, 'x', 1, 1, 1)",
                      {daze_, kDaze, DaysAgo(10)})
                  .ok());
  auto xh = Dash("xh_staff");
  EXPECT_EQ(Card(xh, "orgs_not_contacted")["count"], 2);
  EXPECT_EQ(ItemIds(Card(xh, "orgs_not_contacted")), (std::set<long long>{hc_, other}));
  // Once the town staff user is the linked cadre of one, they see only theirs.
  ASSERT_TRUE(
      ExecSql(*s_.sys, "UPDATE orgs SET cadre_user_id = :1 WHERE id = :2", {hc_staff_, other})
          .ok());
  auto hc = Dash("hc_staff");
  EXPECT_EQ(Card(hc, "orgs_not_contacted")["count"], 1);
  EXPECT_EQ(ItemIds(Card(hc, "orgs_not_contacted")), (std::set<long long>{other}));
  EXPECT_NE(Card(hc, "orgs_not_contacted")["link"].get<std::string>().find("mine=1"),
            std::string::npos);
}

TEST_F(DashboardApiTest, DashboardSubmittedReviewAppearsUntilDecided) {
  long long year = ThisYear() - 1;
  Client org = LoggedIn(s_, "hc_org");
  // Last year's review is due this year: the organization is reminded.
  auto before = Dash("hc_org");
  EXPECT_EQ(Card(before, "annual_review_due")["count"], 1);
  EXPECT_EQ(Card(before, "annual_review_due")["items"][0]["due"],
            std::to_string(year + 1) + "-05-31");
  auto created =
      org.Call("POST", "/api/v1/annual-reviews",
               nlohmann::json{{"org_id", hc_}, {"year", year}, {"governance", "理事会"}}.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  long long id = org.Json(created)["id"];
  auto draft = Dash("hc_org");
  EXPECT_EQ(ItemIds(Card(draft, "reviews_to_finish")), (std::set<long long>{id}));
  EXPECT_EQ(Card(draft, "annual_review_due")["items"][0]["link"],
            "/annual-reviews/" + std::to_string(id));
  EXPECT_EQ(Card(Dash("hc_staff"), "annual_reviews_to_decide")["count"], 0);
  // Submitted (straight in the table: the files a submission needs are not this test's subject).
  ASSERT_TRUE(
      ExecSql(*s_.sys,
              "UPDATE annual_reviews SET state = 'submitted', submitted_at = 1 WHERE id = :1", {id})
          .ok());
  auto waiting = Dash("hc_staff");
  EXPECT_EQ(Card(waiting, "annual_reviews_to_decide")["count"], 1);
  EXPECT_EQ(ItemIds(Card(waiting, "annual_reviews_to_decide")), (std::set<long long>{id}));
  EXPECT_EQ(Card(Dash("hc_org"), "annual_review_due")["count"], 0);
  EXPECT_EQ(Card(Dash("hc_org"), "reviews_to_finish")["count"], 0);
  // The staff user decides it through the API: the card empties.
  Client staff = LoggedIn(s_, "hc_staff");
  nlohmann::json checklist = nlohmann::json::object();
  for (auto& k : hub::ReviewService::ChecklistItems()) checklist[k] = "yes";
  auto decided =
      staff.Call("POST", "/api/v1/annual-reviews/" + std::to_string(id) + "/decide",
                 nlohmann::json{{"result", "qualified"}, {"checklist", checklist}}.dump());
  ASSERT_EQ(decided.status, 200) << decided.body;
  auto after = Dash("hc_staff");
  EXPECT_EQ(Card(after, "annual_reviews_to_decide")["count"], 0);
  EXPECT_TRUE(Card(after, "annual_reviews_to_decide")["items"].empty());
}

TEST_F(DashboardApiTest, DashboardFiguresEqualTheRecords) {
  auto& sys = *s_.sys;
  long long y = ThisYear();
  std::string now_y = std::to_string(y), last_y = std::to_string(y - 1);
  // Registrations: hc this year, daze last year, ts three years ago; one micro-org.
  ASSERT_TRUE(
      ExecSql(sys, "UPDATE orgs SET registered_on = :1 WHERE id = :2", {now_y + "-01-01", hc_})
          .ok());
  ASSERT_TRUE(
      ExecSql(sys, "UPDATE orgs SET registered_on = :1 WHERE id = :2", {last_y + "-06-30", daze_})
          .ok());
  ASSERT_TRUE(ExecSql(sys, "UPDATE orgs SET registered_on = :1 WHERE id = :2",
                      {std::to_string(y - 3) + "-03-01", ts_})
                  .ok());
  long long micro = MakeOrg(sys, "会城街道广场舞队", kHuicheng);
  ASSERT_TRUE(
      ExecSql(sys, "UPDATE orgs SET founded_on = :1 WHERE id = :2", {last_y + "-02-02", micro})
          .ok());
  // Projects: two in progress (one of last year), one closed last year, one draft.
  auto project = [&](long long id, const std::string& region, long long year,
                     const std::string& state, long long fen) {
    ASSERT_TRUE(ExecSql(sys,
                        "INSERT INTO projects (id, title, department, year, region_code, "
                        "objectives, target_groups_json, beneficiaries_json, indicators_json, "
                        "budget_lines_json, budget_total, duration_months, org_ids_json, state, "
                        "note, created_by_name, version, created_at, updated_at) VALUES (:1, "
                        "'项目', '发展部', :2, :3, '', '[]', '[]', '[]', '[]', :4, 12, '[]', :5, "
                        "'', 'x', 1, 1, 1)",
                        {id, year, region, fen, state})
                    .ok());
  };
  project(960001, kHuicheng, y, "in_progress", 5000000);
  project(960002, kTaishan, y - 1, "in_progress", 3000000);
  project(960003, kDaze, y - 1, "closed", 2000000);
  project(960004, kDaze, y, "draft", 9900000);
  // Trainings: one held this year, one cancelled, one last year.
  auto training = [&](long long id, int64_t starts, const std::string& state) {
    ASSERT_TRUE(ExecSql(sys,
                        "INSERT INTO trainings (id, kind, title, region_code, starts_at, ends_at, "
                        "hours_x10, state, version, created_at, updated_at) VALUES (:1, "
                        "'thematic', '培训', :2, :3, :4, 0, :5, 1, 1, 1)",
                        {id, kXinhui, starts, starts + 3600000, state})
                    .ok());
  };
  int64_t jan_this = *ParseRfc3339(now_y + "-01-01T10:00:00+08:00");
  training(970001, jan_this, "held");
  training(970002, jan_this, "cancelled");
  training(970003, *ParseRfc3339(last_y + "-12-31T20:00:00+08:00"), "held");
  // Homes: one starred and valid, one starred but expired, one without stars.
  auto home = [&](long long id, long long star, const std::string& from, const std::string& until) {
    ASSERT_TRUE(ExecSql(sys,
                        "INSERT INTO homes (id, region_code, name, kind, address, contact_name, "
                        "contact_phone_sealed, contact_phone_masked, status, opening_hours, "
                        "services, area_m2, star_level, star_valid_from, star_valid_until, "
                        "created_by_name, version, created_at, updated_at) VALUES (:1, :2, '之家', "
                        "'women', '', '', '', '', 'active', '', '', 0, :3, :4, :5, 'x', 1, 1, 1)",
                        {id, kHuicheng, star, from, until})
                    .ok());
  };
  home(980001, 3, last_y + "-03-01", std::to_string(y + 2) + "-02-28");
  home(980002, 2, std::to_string(y - 4) + "-01-01", std::to_string(y - 2) + "-12-31");
  home(980003, 0, "", "");
  auto d = Dash("auditor1");
  auto value = [&](const char* k) { return Fig(d, k)["value"].get<long long>(); };
  auto at = [&](const char* k, long long year) {
    for (auto& p : Fig(d, k)["trend"])
      if (p["year"] == year) return p["value"].get<long long>();
    return -1LL;
  };
  EXPECT_EQ(value("orgs_registered"), 3);
  EXPECT_EQ(at("orgs_registered", y - 1), 2);
  EXPECT_EQ(at("orgs_registered", y - 4), 0);
  EXPECT_EQ(value("orgs_micro"), 1);
  EXPECT_EQ(value("orgs_new_registered"), 1);
  EXPECT_EQ(at("orgs_new_registered", y - 1), 1);
  EXPECT_EQ(at("orgs_new_registered", y - 3), 1);
  EXPECT_EQ(value("projects_in_progress"), 2);
  EXPECT_EQ(value("projects_in_progress_fen"), 8000000);
  EXPECT_EQ(Fig(d, "projects_in_progress_fen")["unit"], "fen");
  EXPECT_EQ(at("projects_in_progress", y - 1), 2);  // the in-progress and the closed one
  EXPECT_EQ(at("projects_in_progress_fen", y - 1), 5000000);
  EXPECT_EQ(value("trainings_this_year"), 1);
  EXPECT_EQ(at("trainings_this_year", y - 1), 1);  // 20:00 on 31 Dec in China
  EXPECT_EQ(value("homes_starred"), 1);
  EXPECT_EQ(at("homes_starred", y - 3), 1);  // the expired one was valid then
  EXPECT_EQ(value("residencies_active"), 0);
  // The same figures for the town leave out Daze and Taishan.
  auto hc = Dash("hc_staff");
  EXPECT_EQ(Fig(hc, "projects_in_progress_fen")["value"], 5000000);
  EXPECT_EQ(Fig(hc, "orgs_registered")["value"], 1);
  EXPECT_EQ(Fig(hc, "trainings_this_year")["value"], 0);  // the trainings are the district's
}

TEST_F(DashboardApiTest, DashboardReviewerSeesBidsAssignedAndNotScored) {
  auto& sys = *s_.sys;
  ASSERT_TRUE(ExecSql(sys,
                      "INSERT INTO projects (id, title, department, year, region_code, objectives, "
                      "target_groups_json, beneficiaries_json, indicators_json, budget_lines_json, "
                      "budget_total, duration_months, org_ids_json, state, note, created_by_name, "
                      "version, created_at, updated_at) VALUES (990001, '项目', '发展部', 2026, "
                      ":1, '', '[]', '[]', '[]', '[]', 100, 12, '[]', 'approved', '', 'x', 1, 1, "
                      "1)",
                      {kXinhui})
                  .ok());
  ASSERT_TRUE(ExecSql(sys,
                      "INSERT INTO tenders (id, project_id, region_code, title, description, "
                      "eligibility, criteria_json, budget, bid_deadline, opening_at, state, "
                      "cancel_reason, opened_at, award_reason, created_by_name, version, "
                      "created_at, updated_at) VALUES (990002, 990001, :1, '家庭教育服务招标', '', "
                      "'', '[]', 100, 1, 1, 'opened', '', 1, '', 'x', 1, 1, 1)",
                      {kXinhui})
                  .ok());
  for (auto [bid, org, eligible] :
       {std::tuple{990003LL, hc_, 1}, std::tuple{990004LL, daze_, 1}, std::tuple{990005LL, ts_, 0}})
    ASSERT_TRUE(ExecSql(sys,
                        "INSERT INTO tender_bids (id, tender_id, org_id, price_sealed, "
                        "team_sealed, eligible, ineligible_reason, created_at) VALUES (:1, "
                        "990002, :2, '', '', :3, '', 1)",
                        {bid, org, static_cast<long long>(eligible)})
                    .ok());
  EXPECT_EQ(Card(Dash("expert"), "bids_to_score")["count"], 0);  // not on the panel
  ASSERT_TRUE(ExecSql(sys,
                      "INSERT INTO tender_reviewers (tender_id, user_id, conflict, conflict_note, "
                      "declared_at, created_at) VALUES (990002, :1, 0, '', 1, 1)",
                      {reviewer_})
                  .ok());
  auto d = Dash("expert");
  EXPECT_EQ(Card(d, "bids_to_score")["count"], 2);  // the ineligible bid is not scored
  EXPECT_EQ(Card(d, "bids_to_score")["items"][0]["link"], "/tenders/990002");
  ASSERT_TRUE(ExecSql(sys,
                      "INSERT INTO tender_scores (bid_id, reviewer_id, criterion, tender_id, "
                      "score, updated_at) VALUES (990003, :1, 'plan', 990002, 80, 1)",
                      {reviewer_})
                  .ok());
  EXPECT_EQ(ItemIds(Card(Dash("expert"), "bids_to_score")), (std::set<long long>{990004}));
  // Staff do not see the panel's work; the bids' prices never appear.
  EXPECT_EQ(Dash("admin").dump().find("price"), std::string::npos);
}

TEST_F(DashboardApiTest, DashboardOrgSeesSurveysMeetingsAndCompetitionsOpenToIt) {
  auto& sys = *s_.sys;
  int64_t now = NowMs();
  // A survey aimed at the organization, one aimed at another, one closed.
  auto survey = [&](long long id, long long org, int64_t closes) {
    ASSERT_TRUE(ExecSql(sys,
                        "INSERT INTO surveys (id, title, description, region_code, state, "
                        "questions_json, target_json, closes_at, created_by_name, version, "
                        "created_at, updated_at) VALUES (:1, '需求调查', '', :2, 'open', '[]', "
                        "'{}', :3, 'x', 1, 1, 1)",
                        {id, kJiangmen, closes})
                    .ok());
    ASSERT_TRUE(ExecSql(sys,
                        "INSERT INTO survey_targets (survey_id, org_id, region_code) VALUES (:1, "
                        ":2, :3)",
                        {id, org, kHuicheng})
                    .ok());
  };
  survey(940001, hc_, now + 86400000LL);
  survey(940002, daze_, now + 86400000LL);
  survey(940003, hc_, now - 1000);
  // A meeting ahead the organization is invited to, and a past one.
  auto meeting = [&](long long id, int64_t starts) {
    ASSERT_TRUE(ExecSql(sys,
                        "INSERT INTO meetings (id, kind, title, region_code, starts_at, ends_at, "
                        "state, checkin_code, version, created_at, updated_at) VALUES (:1, "
                        "'joint', '联席会议', :2, :3, :4, 'scheduled', 'ABC', 1, 1, 1)",
                        {id, kXinhui, starts, starts + 3600000})
                    .ok());
    ASSERT_TRUE(ExecSql(sys,
                        "INSERT INTO meeting_invitations (meeting_id, org_id, status, "
                        "invited_at) VALUES (:1, :2, 'invited', 1)",
                        {id, hc_})
                    .ok());
  };
  meeting(941001, now + 2 * 86400000LL);
  meeting(941002, now - 2 * 86400000LL);
  // Competitions taking applications: the city's (covers the town) and Taishan's.
  auto competition = [&](long long id, const std::string& region) {
    int64_t s = now / 1000;
    ASSERT_TRUE(ExecSql(sys,
                        "INSERT INTO competitions (id, region_code, name, series, phase_no, year, "
                        "kind, description, pool_fen, eligibility_json, matching_ratio_pct, "
                        "expert_weight_pct, vote_weight_pct, award_rule_json, criteria_json, "
                        "vote_rules_json, counts_hidden, apply_opens_at, apply_closes_at, "
                        "qualify_closes_at, scoring_closes_at, voting_opens_at, voting_closes_at, "
                        "results_at, state, created_by_name, version, created_at, updated_at) "
                        "VALUES (:1, :2, '集思公益', '集思公益', 3, 2026, 'venture', '', 100, "
                        "'{}', 0, 100, 0, '{}', '[]', '{}', 0, :3, :4, :5, :6, :7, :8, :9, "
                        "'open', 'x', 1, 1, 1)",
                        {id, region, s - 10, s + 86400, s + 2 * 86400, s + 3 * 86400, s + 3 * 86400,
                         s + 4 * 86400, s + 5 * 86400})
                    .ok());
  };
  competition(942001, kJiangmen);
  competition(942002, kTaishan);
  competition(942003, kJiangmen);  // for foundations only: not this association
  ASSERT_TRUE(ExecSql(sys,
                      "UPDATE competitions SET eligibility_json = '{\"kinds\":[\"foundation\"]}' "
                      "WHERE id = 942003")
                  .ok());
  auto d = Dash("hc_org");
  EXPECT_EQ(ItemIds(Card(d, "surveys_to_answer")), (std::set<long long>{940001}));
  EXPECT_EQ(Card(d, "surveys_to_answer")["items"][0]["link"], "/surveys/940001/fill");
  EXPECT_EQ(ItemIds(Card(d, "meetings_invited")), (std::set<long long>{941001}));
  EXPECT_EQ(ItemIds(Card(d, "competitions_open")), (std::set<long long>{942001}));
  // Answered, the survey leaves the card.
  ASSERT_TRUE(ExecSql(sys,
                      "INSERT INTO survey_responses (id, survey_id, org_id, answers_json, "
                      "submitted_by_name, submitted_at, updated_at, revision) VALUES (943001, "
                      "940001, :1, '{}', 'x', 1, 1, 1)",
                      {hc_})
                  .ok());
  EXPECT_EQ(Card(Dash("hc_org"), "surveys_to_answer")["count"], 0);
  // Nothing of another organization shows.
  EXPECT_EQ(Dash("hc_org").dump().find("大泽镇"), std::string::npos);
}

TEST_F(DashboardApiTest, DashboardRegionOutsideScopeIsNotFound) {
  Client hc = LoggedIn(s_, "hc_staff");
  EXPECT_EQ(hc.Call("GET", std::string("/api/v1/dashboard?region=") + kTaishan).status, 404);
  EXPECT_EQ(hc.Call("GET", std::string("/api/v1/dashboard?region=") + kXinhui).status, 404);
  auto bad = hc.Call("GET", "/api/v1/dashboard?region=4407");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(ErrorField(bad), "region");
  Client auditor = LoggedIn(s_, "auditor1");
  EXPECT_EQ(auditor.Call("GET", "/api/v1/dashboard?region=440100000000").status, 404);
  EXPECT_EQ(auditor.Call("GET", std::string("/api/v1/dashboard?region=") + kDaze).status, 200);
  Client org = LoggedIn(s_, "hc_org");
  EXPECT_EQ(org.Call("GET", std::string("/api/v1/dashboard?region=") + kTaishan).status, 404);
}

}  // namespace
}  // namespace shuniu::testing
