// Annual reviews (年审) over the API: every allowed and forbidden transition,
// the files and disclosure items a submission needs, the checklist and reasons
// of a decision, scope (org accounts, sibling regions, auditors), the overdue
// list and the sweep that flags organizations abnormal (once, in their
// history), the reminder source at fixed times and the public disclosure.
#include "api/harness.h"
#include "core/time.h"
#include "org/uscc.h"

namespace shuniu::testing {
namespace {

constexpr const char* kJiangmen = "440700000000";
constexpr const char* kXinhui = "440705000000";
constexpr const char* kTaishan = "440781000000";

int64_t At(const char* rfc3339) { return *ParseRfc3339(rfc3339); }

class ReviewApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    s_ = MakeStack();
    auto& sys = *s_.sys;
    org_ = Registered("新会区妇女维权服务中心", kXinhui);
    other_ = Registered("台山市家庭教育促进会", kTaishan);
    MakeUser(sys, "admin", Role::kAdmin, kJiangmen);
    MakeUser(sys, "xh_staff", Role::kStaff, kXinhui);
    MakeUser(sys, "ts_staff", Role::kStaff, kTaishan);
    MakeUser(sys, "auditor1", Role::kAuditor, kJiangmen);
    MakeUser(sys, "xh_org", Role::kOrg, kXinhui, kPassword, org_);
    MakeUser(sys, "ts_org", Role::kOrg, kTaishan, kPassword, other_);
  }

  // An organization under annual review: a registered association.
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
  int serial_ = 0;

  // The three files of `org` uploaded by its own account; empty when the file
  // store is not available in this build.
  std::vector<long long> Files(long long org) {
    Principal p;
    p.role = Role::kOrg;
    p.org_id = org;
    p.region_code = QueryStr(*s_.sys, "SELECT region_code FROM orgs WHERE id = :1", {org});
    p.username = "uploader";
    p.user_id = QueryInt(*s_.sys, "SELECT id FROM users WHERE org_id = :1", {org});
    p.ctx.actor_id = p.user_id;
    std::vector<long long> ids;
    for (const char* name : {"report.pdf", "finance.pdf", "audit.pdf"}) {
      auto f = s_.sys->files->Upload(
          p, name, "%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<<>>\n%%EOF\n", org);
      if (!f.ok()) return {};
      ids.push_back(f->id);
    }
    return ids;
  }

  nlohmann::json Complete(long long org) {
    nlohmann::json j = {{"governance", "理事会每季度召开一次"},
                        {"activities", "开展家长课堂36场"},
                        {"income_fen", 1000000},
                        {"income_government_fen", 600000},
                        {"income_donations_fen", 400000},
                        {"spending_fen", 900000},
                        {"staff_fulltime", 3}};
    auto ids = Files(org);
    if (ids.size() == 3) {
      j["work_report_file_id"] = ids[0];
      j["financial_file_id"] = ids[1];
      j["audit_file_id"] = ids[2];
    }
    return j;
  }

  nlohmann::json CreateReview(Client& c, long long org, long long year, nlohmann::json body = {}) {
    if (body.is_null()) body = nlohmann::json::object();
    body["org_id"] = org;
    body["year"] = year;
    auto r = c.Call("POST", "/api/v1/annual-reviews", body.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return c.Json(r);
  }

  std::string Url(long long id, const std::string& tail = "") {
    return "/api/v1/annual-reviews/" + std::to_string(id) + tail;
  }

  static nlohmann::json AllYes() {
    nlohmann::json c = nlohmann::json::object();
    for (auto& k : hub::ReviewService::ChecklistItems()) c[k] = "yes";
    return c;
  }

  bool files_available() { return !Files(org_).empty(); }

  Stack s_;
  long long org_ = 0, other_ = 0;
};

TEST_F(ReviewApiTest, ReviewEveryTransitionAllowedOrForbidden) {
  if (!files_available()) GTEST_SKIP() << "the file store is not in this build";
  Client staff = LoggedIn(s_, "xh_staff");
  struct Case {
    std::string from, action;
    int status;
    std::string to;  // state afterwards
  };
  const std::vector<Case> cases = {
      {"draft", "submit", 200, "submitted"},      {"draft", "return", 409, "draft"},
      {"draft", "decide", 409, "draft"},          {"submitted", "submit", 409, "submitted"},
      {"submitted", "return", 200, "returned"},   {"submitted", "decide", 200, "decided"},
      {"returned", "submit", 200, "resubmitted"}, {"returned", "return", 409, "returned"},
      {"returned", "decide", 409, "returned"},    {"resubmitted", "submit", 409, "resubmitted"},
      {"resubmitted", "return", 200, "returned"}, {"resubmitted", "decide", 200, "decided"},
      {"decided", "submit", 409, "decided"},      {"decided", "return", 409, "decided"},
      {"decided", "decide", 409, "decided"},
  };
  // Drives a fresh review into `state` through the API.
  long long year = 2000;
  auto reach = [&](const std::string& state) {
    auto r = CreateReview(staff, org_, ++year, Complete(org_));
    long long id = r["id"];
    auto post = [&](const std::string& action, nlohmann::json body) {
      auto res = staff.Call("POST", Url(id, "/" + action), body.dump());
      ASSERT_EQ(res.status, 200) << action << " " << res.body;
    };
    if (state == "draft") return id;
    post("submit", nlohmann::json::object());
    if (state == "returned" || state == "resubmitted") post("return", {{"note", "补正"}});
    if (state == "resubmitted") post("submit", nlohmann::json::object());
    if (state == "decided") post("decide", {{"result", "qualified"}, {"checklist", AllYes()}});
    return id;
  };
  for (const auto& c : cases) {
    long long id = reach(c.from);
    EXPECT_EQ(staff.Json(staff.Call("GET", Url(id)))["state"], c.from);
    nlohmann::json body = nlohmann::json::object();
    if (c.action == "return") body = {{"note", "请补充审计报告签章页"}};
    if (c.action == "decide") body = {{"result", "qualified"}, {"checklist", AllYes()}};
    auto res = staff.Call("POST", Url(id, "/" + c.action), body.dump());
    EXPECT_EQ(res.status, c.status) << c.from << " --" << c.action << "--> " << res.body;
    if (c.status == 409) {
      EXPECT_EQ(ErrorCode(res), "conflict");
      std::string msg = staff.Json(res)["error"]["message"];
      EXPECT_NE(msg.find(c.from), std::string::npos) << msg;  // names the current state…
      std::string target = c.action == "submit"
                               ? (c.from == "returned" ? "resubmitted" : "submitted")
                           : c.action == "return" ? "returned"
                                                  : "decided";
      EXPECT_NE(msg.find(target), std::string::npos) << msg;  // …and the attempted one
    }
    EXPECT_EQ(staff.Json(staff.Call("GET", Url(id)))["state"], c.to) << c.from << " " << c.action;
  }
  // Only drafts and returned reviews can be edited.
  long long decided = reach("decided");
  auto v = staff.Json(staff.Call("GET", Url(decided)))["version"];
  auto patch =
      staff.Call("PATCH", Url(decided), nlohmann::json{{"version", v}, {"activities", "x"}}.dump());
  EXPECT_EQ(patch.status, 409);
  EXPECT_NE(patch.body.find("decided"), std::string::npos);
}

TEST_F(ReviewApiTest, ReviewSubmitNeedsFilesAndDisclosureItems) {
  Client org = LoggedIn(s_, "xh_org");
  auto r = CreateReview(org, org_, 2025);
  EXPECT_EQ(r["state"], "draft");
  long long id = r["id"];
  auto res = org.Call("POST", Url(id, "/submit"));
  EXPECT_EQ(res.status, 422) << res.body;
  EXPECT_EQ(ErrorField(res), "work_report_file_id");
  // A file id that is not the organization's is refused by name.
  auto bad = org.Call("PATCH", Url(id),
                      nlohmann::json{{"version", r["version"]}, {"audit_file_id", 999}}.dump());
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(ErrorField(bad), "audit_file_id");
  // Money is whole fen, never negative.
  auto neg = org.Call("PATCH", Url(id),
                      nlohmann::json{{"version", r["version"]}, {"income_fen", -1}}.dump());
  EXPECT_EQ(ErrorField(neg), "income_fen");
  auto frac = org.Call("PATCH", Url(id),
                       nlohmann::json{{"version", r["version"]}, {"income_fen", 1.5}}.dump());
  EXPECT_EQ(ErrorField(frac), "income_fen");
  // One review per organization and year.
  auto again = org.Call("POST", "/api/v1/annual-reviews",
                        nlohmann::json{{"org_id", org_}, {"year", 2025}}.dump());
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(ErrorField(again), "year");
  // Stale version.
  auto ok = org.Call("PATCH", Url(id),
                     nlohmann::json{{"version", r["version"]}, {"activities", "新活动"}}.dump());
  ASSERT_EQ(ok.status, 200) << ok.body;
  auto stale = org.Call("PATCH", Url(id),
                        nlohmann::json{{"version", r["version"]}, {"activities", "旧"}}.dump());
  EXPECT_EQ(stale.status, 409);

  if (!files_available()) GTEST_SKIP() << "the file store is not in this build";
  auto files = Complete(org_);
  files.erase("governance");
  files["version"] = org.Json(ok)["version"];
  auto filled = org.Call("PATCH", Url(id), files.dump());
  ASSERT_EQ(filled.status, 200) << filled.body;
  auto missing = org.Call("POST", Url(id, "/submit"));
  EXPECT_EQ(missing.status, 422);
  EXPECT_EQ(ErrorField(missing), "governance");
  auto mix = org.Call("PATCH", Url(id),
                      nlohmann::json{{"version", org.Json(filled)["version"]},
                                     {"governance", "理事会"},
                                     {"income_other_fen", 5}}
                          .dump());
  ASSERT_EQ(mix.status, 200);
  auto sum = org.Call("POST", Url(id, "/submit"));
  EXPECT_EQ(ErrorField(sum), "income_fen");  // the mix must add up to the income
  auto fixed = org.Call(
      "PATCH", Url(id),
      nlohmann::json{{"version", org.Json(mix)["version"]}, {"income_other_fen", nullptr}}.dump());
  ASSERT_EQ(fixed.status, 200);
  auto sub = org.Call("POST", Url(id, "/submit"));
  ASSERT_EQ(sub.status, 200) << sub.body;
  EXPECT_EQ(org.Json(sub)["state"], "submitted");
  EXPECT_EQ(CountEvents(*s_.sys, "review.submit"), 1);
  // The org account cannot decide its own review.
  EXPECT_EQ(org.Call("POST", Url(id, "/decide"), R"({"result":"qualified"})").status, 403);
}

TEST_F(ReviewApiTest, ReviewDecisionNeedsChecklistAndReasons) {
  if (!files_available()) GTEST_SKIP() << "the file store is not in this build";
  Client staff = LoggedIn(s_, "xh_staff");
  auto r = CreateReview(staff, org_, 2025, Complete(org_));
  long long id = r["id"];
  ASSERT_EQ(staff.Call("POST", Url(id, "/submit")).status, 200);
  auto partial = AllYes();
  partial.erase("audit_clean");
  auto res = staff.Call("POST", Url(id, "/decide"),
                        nlohmann::json{{"result", "qualified"}, {"checklist", partial}}.dump());
  EXPECT_EQ(res.status, 422);
  EXPECT_EQ(ErrorField(res), "checklist.audit_clean");
  auto bad = AllYes();
  bad["audit_clean"] = "maybe";
  res = staff.Call("POST", Url(id, "/decide"),
                   nlohmann::json{{"result", "qualified"}, {"checklist", bad}}.dump());
  EXPECT_EQ(ErrorField(res), "checklist.audit_clean");
  res =
      staff.Call("POST", Url(id, "/decide"),
                 nlohmann::json{{"result", "basically_qualified"}, {"checklist", AllYes()}}.dump());
  EXPECT_EQ(res.status, 422);
  EXPECT_EQ(ErrorField(res), "reasons");
  res = staff.Call("POST", Url(id, "/decide"),
                   nlohmann::json{{"result", "passed"}, {"checklist", AllYes()}}.dump());
  EXPECT_EQ(ErrorField(res), "result");
  res = staff.Call("POST", Url(id, "/return"), "{}");
  EXPECT_EQ(ErrorField(res), "note");
  res = staff.Call(
      "POST", Url(id, "/decide"),
      nlohmann::json{
          {"result", "basically_qualified"}, {"reasons", "财务票据不规范"}, {"checklist", AllYes()}}
          .dump());
  ASSERT_EQ(res.status, 200) << res.body;
  auto j = staff.Json(res);
  EXPECT_EQ(j["state"], "decided");
  EXPECT_EQ(j["result"], "basically_qualified");
  EXPECT_EQ(j["reasons"], "财务票据不规范");
  EXPECT_EQ(j["checklist"]["audit_clean"], "yes");
  EXPECT_TRUE(j["published"].get<bool>());
  // The organization sees the result.
  Client org = LoggedIn(s_, "xh_org");
  auto mine = org.Json(org.Call("GET", Url(id)));
  EXPECT_EQ(mine["result"], "basically_qualified");
  EXPECT_EQ(CountEvents(*s_.sys, "review.decide"), 1);
}

TEST_F(ReviewApiTest, ReviewScopeOrgAccountsSiblingsAndAuditors) {
  Client staff = LoggedIn(s_, "xh_staff");
  Client ts = LoggedIn(s_, "ts_staff");
  long long mine = CreateReview(staff, org_, 2025)["id"];
  long long theirs = CreateReview(ts, other_, 2025)["id"];
  // Staff cannot start a review for an organization outside their region.
  auto out = staff.Call("POST", "/api/v1/annual-reviews",
                        nlohmann::json{{"org_id", other_}, {"year", 2024}}.dump());
  EXPECT_EQ(out.status, 403);
  EXPECT_EQ(ErrorField(out), "org_id");
  // Sibling-region staff: 404 for the object, absent from the list.
  EXPECT_EQ(ts.Call("GET", Url(mine)).status, 404);
  EXPECT_EQ(ts.Call("POST", Url(mine, "/return"), R"({"note":"x"})").status, 404);
  auto list = ts.Json(ts.Call("GET", "/api/v1/annual-reviews"));
  ASSERT_EQ(list["total"], 1);
  EXPECT_EQ(list["items"][0]["id"], theirs);
  EXPECT_EQ(ts.Call("GET", "/api/v1/annual-reviews?region=440705000000").status, 404);
  // Org accounts: only their own.
  Client org = LoggedIn(s_, "xh_org");
  auto own = org.Json(org.Call("GET", "/api/v1/annual-reviews"));
  ASSERT_EQ(own["total"], 1);
  EXPECT_EQ(own["items"][0]["id"], mine);
  EXPECT_EQ(org.Call("GET", Url(theirs)).status, 404);
  EXPECT_EQ(org.Call("POST", "/api/v1/annual-reviews",
                     nlohmann::json{{"org_id", other_}, {"year", 2024}}.dump())
                .status,
            403);
  EXPECT_EQ(org.Call("GET", "/api/v1/annual-reviews/overdue").status, 403);
  // Auditors read everything in scope and write nothing.
  Client aud = LoggedIn(s_, "auditor1");
  EXPECT_EQ(aud.Json(aud.Call("GET", "/api/v1/annual-reviews"))["total"], 2);
  EXPECT_EQ(aud.Call("GET", Url(mine)).status, 200);
  EXPECT_EQ(aud.Call("PATCH", Url(mine), R"({"version":1,"activities":"x"})").status, 403);
  EXPECT_EQ(aud.Call("POST", "/api/v1/annual-reviews/overdue/flag").status, 403);
  // Filters.
  Client admin = LoggedIn(s_, "admin");
  EXPECT_EQ(admin.Json(admin.Call("GET", "/api/v1/annual-reviews?state=draft&year=2025"))["total"],
            2);
  EXPECT_EQ(admin.Json(admin.Call("GET", "/api/v1/annual-reviews?state=decided"))["total"], 0);
  EXPECT_EQ(admin.Json(admin.Call("GET", "/api/v1/annual-reviews?region=440781000000"))["total"],
            1);
  EXPECT_EQ(admin.Call("GET", "/api/v1/annual-reviews?state=bogus").status, 422);
}

TEST_F(ReviewApiTest, ReviewOverdueSweepFlagsAbnormalOnceAndInHistory) {
  auto& svc = *s_.sys->reviews;
  Principal admin = s_.sys->users->CliPrincipal("sweep");
  // The due date of 2025 is configurable; the default is 2026-05-31.
  Client a = LoggedIn(s_, "admin");
  auto years = a.Json(a.Call("GET", "/api/v1/annual-reviews/years"));
  bool found = false;
  for (auto& y : years["items"])
    if (y["year"] == 2025) found = y["due_date"] == "2026-05-31";
  EXPECT_TRUE(found) << years.dump();
  auto set = a.Call("PATCH", "/api/v1/annual-reviews/years/2025", R"({"due_date":"2026-06-30"})");
  ASSERT_EQ(set.status, 200) << set.body;
  Client staff = LoggedIn(s_, "xh_staff");
  EXPECT_EQ(staff.Call("PATCH", "/api/v1/annual-reviews/years/2025", R"({"due_date":"2026-06-30"})")
                .status,
            403);
  EXPECT_EQ(
      a.Call("PATCH", "/api/v1/annual-reviews/years/2025", R"({"due_date":"2025-03-01"})").status,
      422);
  // A draft does not count as submitted; the grace period is 30 days.
  CreateReview(staff, org_, 2025);
  EXPECT_EQ(*svc.FlagOverdue(admin, 2025, At("2026-07-30T00:00:00Z")), 0);  // within grace
  auto first = svc.FlagOverdue(admin, 2025, At("2026-08-01T00:00:00Z"));
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(*first, 2);
  EXPECT_EQ(QueryStr(*s_.sys, "SELECT status FROM orgs WHERE id = :1", {org_}), "abnormal");
  EXPECT_EQ(*svc.FlagOverdue(admin, 2025, At("2026-09-01T00:00:00Z")), 0);  // once
  EXPECT_EQ(CountEvents(*s_.sys, "review.overdue_flag"), 2);
  auto history = a.Json(a.Call("GET", "/api/v1/orgs/" + std::to_string(org_) + "/history"));
  int status_changes = 0;
  for (auto& h : history["items"])
    if (h["field"] == "status" && h["new_value"] == "abnormal") {
      ++status_changes;
      EXPECT_EQ(h["change_kind"], "review_overdue");
    }
  EXPECT_EQ(status_changes, 1) << history.dump();
  // Staff put the organization back to active: the sweep does not flag it again.
  auto org = a.Json(a.Call("GET", "/api/v1/orgs/" + std::to_string(org_)));
  ASSERT_EQ(a.Call("PATCH", "/api/v1/orgs/" + std::to_string(org_),
                   nlohmann::json{{"version", org["version"]}, {"status", "active"}}.dump())
                .status,
            200);
  EXPECT_EQ(*svc.FlagOverdue(admin, 2025, At("2026-10-01T00:00:00Z")), 0);
  // The overdue list and the route (the sweep answers how many it flagged now).
  auto list = a.Json(a.Call("GET", "/api/v1/annual-reviews/overdue?year=2025"));
  ASSERT_EQ(list["total"], 2) << list.dump();
  for (auto& it : list["items"]) {
    EXPECT_FALSE(it["flagged_at"].is_null());
    EXPECT_EQ(it["due_date"], "2026-06-30");
  }
  auto route = a.Call("POST", "/api/v1/annual-reviews/overdue/flag?year=2025");
  ASSERT_EQ(route.status, 200) << route.body;
  EXPECT_EQ(a.Json(route)["flagged"], 0);
  auto xh_list = staff.Json(staff.Call("GET", "/api/v1/annual-reviews/overdue?year=2025"));
  EXPECT_EQ(xh_list["total"], 1);
  EXPECT_EQ(xh_list["items"][0]["state"], "draft");
}

TEST_F(ReviewApiTest, ReviewRemindersAtFixedTimes) {
  auto& svc = *s_.sys->reviews;
  auto at = [&](const char* t) {
    std::vector<notice::Reminder> out;
    Status st = s_.sys->db->Read([&](db::Conn& c) {
      auto r = svc.Reminders(c, At(t));
      if (!r.ok()) return r.status();
      out = *r;
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.message();
    return out;
  };
  auto keys = [](const std::vector<notice::Reminder>& rs) {
    std::set<std::string> k;
    for (auto& r : rs) k.insert(r.key);
    return k;
  };
  std::string o = std::to_string(org_), t = std::to_string(other_);
  EXPECT_TRUE(at("2026-04-15T00:00:00Z").empty());
  EXPECT_EQ(keys(at("2026-05-10T00:00:00Z")),
            (std::set<std::string>{"annual_review.due:" + o + ":2025:30d",
                                   "annual_review.due:" + t + ":2025:30d"}));
  auto week = at("2026-05-28T00:00:00Z");
  EXPECT_EQ(keys(week), (std::set<std::string>{"annual_review.due:" + o + ":2025:7d",
                                               "annual_review.due:" + t + ":2025:7d"}));
  EXPECT_EQ(week[0].kind, "annual_review_due");
  EXPECT_EQ(week[0].org_ids.size(), 1u);
  EXPECT_NE(week[0].title_zh.find("2026-05-31"), std::string::npos);
  // The due date is still on time in China (UTC+8).
  EXPECT_EQ(at("2026-05-31T15:00:00Z").size(), 2u);
  EXPECT_EQ(at("2026-05-31T15:00:00Z")[0].kind, "annual_review_due");
  auto late = at("2026-06-05T00:00:00Z");
  EXPECT_EQ(keys(late), (std::set<std::string>{"annual_review.overdue:" + o + ":2025",
                                               "annual_review.overdue:" + t + ":2025"}));
  EXPECT_EQ(late[0].kind, "annual_review_overdue");
  // A submitted review stops the reminders for that organization.
  if (files_available()) {
    Client staff = LoggedIn(s_, "xh_staff");
    long long id = CreateReview(staff, org_, 2025, Complete(org_))["id"];
    ASSERT_EQ(staff.Call("POST", Url(id, "/submit")).status, 200);
    EXPECT_EQ(keys(at("2026-06-05T00:00:00Z")),
              (std::set<std::string>{"annual_review.overdue:" + t + ":2025"}));
  }
  EXPECT_TRUE(at("2026-12-31T00:00:00Z").empty());
}

TEST_F(ReviewApiTest, ReviewPublicDisclosureShowsOnlyPublishedItems) {
  Client anon(*s_.app);
  EXPECT_EQ(anon.Json(anon.Call("GET", "/api/v1/public/disclosures"))["total"], 0);
  Client staff = LoggedIn(s_, "xh_staff");
  long long draft = CreateReview(staff, org_, 2024)["id"];
  EXPECT_EQ(anon.Call("GET", "/api/v1/public/disclosures/" + std::to_string(draft)).status, 404);
  if (!files_available()) GTEST_SKIP() << "the file store is not in this build";
  long long id = CreateReview(staff, org_, 2025, Complete(org_))["id"];
  ASSERT_EQ(staff.Call("POST", Url(id, "/submit")).status, 200);
  EXPECT_EQ(anon.Call("GET", "/api/v1/public/disclosures/" + std::to_string(id)).status, 404);
  ASSERT_EQ(staff
                .Call("POST", Url(id, "/decide"),
                      nlohmann::json{{"result", "unqualified"},
                                     {"reasons", "内部原因不公开"},
                                     {"checklist", AllYes()}}
                          .dump())
                .status,
            200);
  auto list = anon.Json(anon.Call("GET", "/api/v1/public/disclosures?year=2025"));
  ASSERT_EQ(list["total"], 1);
  auto item = list["items"][0];
  EXPECT_EQ(item["org_name"], "新会区妇女维权服务中心");
  EXPECT_EQ(item["result"], "unqualified");
  EXPECT_EQ(item["items"]["income_fen"], 1000000);
  EXPECT_EQ(item["items"]["governance"], "理事会每季度召开一次");
  auto one = anon.Call("GET", "/api/v1/public/disclosures/" + std::to_string(id));
  ASSERT_EQ(one.status, 200);
  // Nothing else of the organization or the review leaks.
  for (const char* secret : {"内部原因不公开", "checklist", "file_id", "org_id", "contact",
                             "region_code", "version", "decided_by"})
    EXPECT_EQ(one.body.find(secret), std::string::npos) << secret << " in " << one.body;
  EXPECT_EQ(anon.Json(anon.Call("GET", "/api/v1/public/disclosures?year=2024"))["total"], 0);
}

}  // namespace
}  // namespace shuniu::testing
