// Needs surveys over the API: question validation, every state transition,
// answer validation, one response per organization, targeting and scope,
// results for a known set of answers, the .xlsx export read back, and the
// "survey_closing" reminder at fixed times. Runs on SQLite, and on PostgreSQL
// when SHUNIU_TEST_DB is set.
#include "api/harness.h"
#include "sheet/reader.h"

namespace shuniu::testing {
namespace {

using nlohmann::json;

constexpr const char* kJiangmen = "440700000000";
constexpr const char* kXinhui = "440705000000";
constexpr const char* kHuicheng = "440705001000";
constexpr const char* kDaze = "440705101000";
constexpr const char* kTaishan = "440781000000";
constexpr int64_t kDay = 24LL * 3600 * 1000;

json Questions() {
  return json::parse(R"([
    {"id":"need","kind":"single","title":"最需要的支持","required":true,
     "options":["项目资金","专业培训","场地支持"]},
    {"id":"topics","kind":"multi","title":"希望的培训主题","options":["财务管理","项目设计","传播"]},
    {"id":"capacity","kind":"scale","title":"组织能力自评","min":1,"max":5,
     "min_label":"很弱","max_label":"很强"},
    {"id":"note","kind":"text","title":"其他建议","max_length":20}
  ])");
}

std::string Url(long long id, const std::string& tail = "") {
  return "/api/v1/surveys/" + std::to_string(id) + tail;
}

class SurveyApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    s_ = MakeStack();
    auto& sys = *s_.sys;
    MakeUser(sys, "sv.admin", Role::kAdmin, kJiangmen);
    MakeUser(sys, "sv.xh", Role::kStaff, kXinhui);
    MakeUser(sys, "sv.ts", Role::kStaff, kTaishan);
    MakeUser(sys, "sv.aud", Role::kAuditor, kJiangmen);
    org_a_ = MakeOrg(sys, "会城甲组织", kHuicheng);
    org_b_ = MakeOrg(sys, "会城乙组织", kHuicheng);
    org_c_ = MakeOrg(sys, "大泽丙组织", kDaze);
    org_d_ = MakeOrg(sys, "台山丁组织", kTaishan);
    MakeUser(sys, "sv.a", Role::kOrg, kHuicheng, kPassword, org_a_);
    MakeUser(sys, "sv.b", Role::kOrg, kHuicheng, kPassword, org_b_);
    MakeUser(sys, "sv.c", Role::kOrg, kDaze, kPassword, org_c_);
    MakeUser(sys, "sv.d", Role::kOrg, kTaishan, kPassword, org_d_);
  }

  json Body(json extra = json::object()) {
    json b = {{"title", "2026年需求调查"},
              {"description", "了解组织需求"},
              {"region_code", kXinhui},
              {"questions", Questions()},
              {"closes_at", Rfc3339(NowMs() + 10 * kDay)}};
    for (auto& [k, v] : extra.items()) b[k] = v;
    return b;
  }

  // A draft survey of 新会区 sent (once opened) to every organization there.
  long long Draft(Client& c, json extra = json::object()) {
    auto r = c.Call("POST", "/api/v1/surveys", Body(extra).dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return c.Json(r).value("id", 0LL);
  }

  long long Opened(Client& c, json extra = json::object()) {
    long long id = Draft(c, extra);
    auto r = c.Call("POST", Url(id, "/open"));
    EXPECT_EQ(r.status, 200) << r.body;
    return id;
  }

  http::Response Answer(Client& org, long long id, json answers) {
    return org.Call("POST", Url(id, "/responses"), json{{"answers", answers}}.dump());
  }

  long long Version(Client& c, long long id) {
    return c.Json(c.Call("GET", Url(id))).value("version", 0LL);
  }

  Stack s_;
  long long org_a_ = 0, org_b_ = 0, org_c_ = 0, org_d_ = 0;
};

TEST_F(SurveyApiTest, QuestionValidationNamesTheField) {
  Client xh = LoggedIn(s_, "sv.xh");
  struct Case {
    const char* questions;
    const char* field;
  };
  const Case cases[] = {
      {R"([])", "questions"},
      {R"({"a":1})", "questions"},
      {R"([{"kind":"rating","title":"x"}])", "questions[0].kind"},
      {R"([{"kind":"text"}])", "questions[0].title"},
      {R"([{"kind":"text","title":""}])", "questions[0].title"},
      {R"([{"kind":"text","title":"a"},{"kind":"single","title":"b"}])", "questions[1].options"},
      {R"([{"kind":"single","title":"b","options":["x"]}])", "questions[0].options"},
      {R"([{"kind":"multi","title":"b","options":["x","x"]}])", "questions[0].options"},
      {R"([{"kind":"multi","title":"b","options":["x"," "]}])", "questions[0].options"},
      {R"([{"kind":"single","title":"b","options":["x",3]}])", "questions[0].options"},
      {R"([{"kind":"text","title":"a"},{"kind":"text","title":"b"},)"
       R"({"kind":"text","title":"c","options":["x","y"]}])",
       "questions[2].options"},
      {R"([{"kind":"scale","title":"s","min":5,"max":5}])", "questions[0].max"},
      {R"([{"kind":"scale","title":"s","min":0,"max":30}])", "questions[0].max"},
      {R"([{"kind":"scale","title":"s","min":"1"}])", "questions[0].min"},
      {R"([{"kind":"text","title":"t","min":1}])", "questions[0].min"},
      {R"([{"kind":"single","title":"t","options":["a","b"],"max_length":3}])",
       "questions[0].max_length"},
      {R"([{"kind":"text","title":"t","max_length":0}])", "questions[0].max_length"},
      {R"([{"kind":"text","title":"t","required":"yes"}])", "questions[0].required"},
      {R"([{"kind":"text","title":"t","id":"a b"}])", "questions[0].id"},
      {R"([{"kind":"text","title":"t","id":"x"},{"kind":"text","title":"u","id":"x"}])",
       "questions[1].id"},
      {R"([{"kind":"text","title":"t","colour":"red"}])", "questions[0].colour"},
  };
  for (auto& c : cases) {
    auto r =
        xh.Call("POST", "/api/v1/surveys", Body({{"questions", json::parse(c.questions)}}).dump());
    EXPECT_EQ(r.status, 422) << c.questions << " " << r.body;
    EXPECT_EQ(ErrorField(r), c.field) << c.questions << " " << r.body;
  }
  // Other fields of the survey.
  for (auto [extra, field] : std::vector<std::pair<json, std::string>>{
           {{{"title", ""}}, "title"},
           {{{"closes_at", "soon"}}, "closes_at"},
           {{{"opens_at", Rfc3339(NowMs() + 20 * kDay)}}, "closes_at"},
           {{{"target", {{"kinds", {"nope"}}}}}, "target.kinds"},
           {{{"target", {{"statuses", "active"}}}}, "target.statuses"},
           {{{"target", {{"region", kTaishan}}}}, "target.region"},
           {{{"target", {{"org_ids", {org_d_}}}}}, "target.org_ids"},
           {{{"target", {{"size", 3}}}}, "target.size"},
           {{{"colour", "red"}}, "colour"}}) {
    auto r = xh.Call("POST", "/api/v1/surveys", Body(extra).dump());
    EXPECT_EQ(r.status, 422) << extra.dump() << " " << r.body;
    EXPECT_EQ(ErrorField(r), field) << extra.dump() << " " << r.body;
  }
  // A region outside the caller's scope is 403.
  auto out = xh.Call("POST", "/api/v1/surveys", Body({{"region_code", kTaishan}}).dump());
  EXPECT_EQ(out.status, 403);
  EXPECT_EQ(ErrorField(out), "region_code");
  // Ids are assigned to questions without one; options are trimmed.
  auto ok = xh.Call("POST", "/api/v1/surveys",
                    Body({{"questions", json::parse(R"([{"kind":"text","title":"a","id":"q2"},
                          {"kind":"single","title":"b","options":[" 是 ","否"]}])")}})
                        .dump());
  ASSERT_EQ(ok.status, 201) << ok.body;
  auto qs = xh.Json(ok)["questions"];
  EXPECT_EQ(qs[1]["id"], "q1");
  EXPECT_EQ(qs[1]["options"][0], "是");
  EXPECT_EQ(xh.Json(ok)["state"], "draft");
  EXPECT_EQ(CountEvents(*s_.sys, "survey.create"), 1);
}

TEST_F(SurveyApiTest, EveryStateTransitionAllowedOrRefused) {
  Client xh = LoggedIn(s_, "sv.xh");
  Client a = LoggedIn(s_, "sv.a");
  long long id = Draft(xh);
  // draft: editable, not closable, invisible to the organizations.
  auto close_draft = xh.Call("POST", Url(id, "/close"));
  EXPECT_EQ(close_draft.status, 409);
  EXPECT_NE(close_draft.body.find("draft"), std::string::npos) << close_draft.body;
  EXPECT_EQ(a.Call("GET", Url(id)).status, 404);
  EXPECT_EQ(Answer(a, id, {{"need", "项目资金"}}).status, 404);
  auto edit = xh.Call("PATCH", Url(id),
                      json{{"version", Version(xh, id)}, {"questions", Questions()}}.dump());
  EXPECT_EQ(edit.status, 200) << edit.body;
  // A stale version is 409.
  EXPECT_EQ(xh.Call("PATCH", Url(id), json{{"version", 1}, {"title", "x"}}.dump()).status, 409);
  // draft → open: targets materialized, questions frozen.
  auto open = xh.Call("POST", Url(id, "/open"));
  ASSERT_EQ(open.status, 200) << open.body;
  EXPECT_EQ(xh.Json(open)["state"], "open");
  EXPECT_EQ(xh.Json(open)["target_count"], 3);
  auto again = xh.Call("POST", Url(id, "/open"));
  EXPECT_EQ(again.status, 409);
  EXPECT_NE(again.body.find("open"), std::string::npos);
  auto frozen = xh.Call("PATCH", Url(id),
                        json{{"version", Version(xh, id)}, {"questions", Questions()}}.dump());
  EXPECT_EQ(frozen.status, 409);
  EXPECT_EQ(ErrorField(frozen), "questions");
  auto retarget = xh.Call("PATCH", Url(id),
                          json{{"version", Version(xh, id)}, {"target", json::object()}}.dump());
  EXPECT_EQ(retarget.status, 409);
  EXPECT_EQ(ErrorField(retarget), "target");
  auto past = xh.Call("PATCH", Url(id),
                      json{{"version", Version(xh, id)}, {"closes_at", "2020-01-01"}}.dump());
  EXPECT_EQ(past.status, 409);
  auto desc = xh.Call("PATCH", Url(id),
                      json{{"version", Version(xh, id)}, {"description", "补充说明"}}.dump());
  EXPECT_EQ(desc.status, 200) << desc.body;
  EXPECT_EQ(Answer(a, id, {{"need", "项目资金"}}).status, 201);
  // open → closed: no more answers, edits, opening or closing.
  auto close = xh.Call("POST", Url(id, "/close"));
  ASSERT_EQ(close.status, 200) << close.body;
  EXPECT_EQ(xh.Json(close)["state"], "closed");
  EXPECT_EQ(xh.Call("POST", Url(id, "/close")).status, 409);
  EXPECT_EQ(xh.Call("POST", Url(id, "/open")).status, 409);
  EXPECT_EQ(
      xh.Call("PATCH", Url(id), json{{"version", Version(xh, id)}, {"title", "x"}}.dump()).status,
      409);
  auto late = Answer(a, id, {{"need", "专业培训"}});
  EXPECT_EQ(late.status, 409);
  EXPECT_NE(late.body.find("closed"), std::string::npos);
  EXPECT_EQ(CountEvents(*s_.sys, "survey.open"), 1);
  EXPECT_EQ(CountEvents(*s_.sys, "survey.close"), 1);
  // Auditors read but never write.
  Client aud = LoggedIn(s_, "sv.aud");
  EXPECT_EQ(aud.Call("GET", Url(id)).status, 200);
  EXPECT_EQ(aud.Call("POST", Url(id, "/close")).status, 403);
  EXPECT_EQ(aud.Call("POST", "/api/v1/surveys", Body().dump()).status, 403);
}

TEST_F(SurveyApiTest, ClosesAutomaticallyAfterTheCloseDateAndWaitsForTheOpenDate) {
  Client xh = LoggedIn(s_, "sv.xh");
  Client a = LoggedIn(s_, "sv.a");
  long long id = Opened(xh, {{"closes_at", Rfc3339(NowMs() + 2 * kDay)}});
  long long later = Opened(
      xh, {{"opens_at", Rfc3339(NowMs() + 1 * kDay)}, {"closes_at", Rfc3339(NowMs() + 5 * kDay)}});
  EXPECT_EQ(xh.Json(xh.Call("GET", Url(later)))["state"], "scheduled");
  auto early = Answer(a, later, {{"need", "项目资金"}});
  EXPECT_EQ(early.status, 409);
  EXPECT_NE(early.body.find("not accepted yet"), std::string::npos);
  ClockShift clock;
  clock.Set(3 * kDay);
  Client xh2 = LoggedIn(s_, "sv.xh");  // sessions expire over days
  Client a2 = LoggedIn(s_, "sv.a");
  auto s = xh2.Json(xh2.Call("GET", Url(id)));
  EXPECT_EQ(s["state"], "closed");
  EXPECT_EQ(Answer(a2, id, {{"need", "项目资金"}}).status, 409);
  EXPECT_EQ(xh2.Call("POST", Url(id, "/close")).status, 409);
  EXPECT_EQ(Answer(a2, later, {{"need", "项目资金"}}).status, 201);
  auto open_list = xh2.Json(xh2.Call("GET", "/api/v1/surveys?state=open"));
  ASSERT_EQ(open_list["total"], 1);
  EXPECT_EQ(open_list["items"][0]["id"], later);
  EXPECT_EQ(xh2.Json(xh2.Call("GET", "/api/v1/surveys?state=closed"))["total"], 1);
}

TEST_F(SurveyApiTest, OpeningNeedsTargetsAndAFutureCloseDate) {
  Client xh = LoggedIn(s_, "sv.xh");
  long long none = Draft(xh, {{"target", {{"kinds", {"foundation"}}}}});
  auto r = xh.Call("POST", Url(none, "/open"));
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(ErrorField(r), "target");
  long long soon = Draft(xh, {{"closes_at", Rfc3339(NowMs() + kDay)}});
  ClockShift clock;
  clock.Set(2 * kDay);
  Client xh2 = LoggedIn(s_, "sv.xh");
  auto late = xh2.Call("POST", Url(soon, "/open"));
  EXPECT_EQ(late.status, 422);
  EXPECT_EQ(ErrorField(late), "closes_at");
}

TEST_F(SurveyApiTest, AnswersAreValidatedAgainstTheQuestions) {
  Client xh = LoggedIn(s_, "sv.xh");
  Client a = LoggedIn(s_, "sv.a");
  long long id = Opened(xh);
  struct Case {
    const char* answers;
    const char* field;
  };
  const Case cases[] = {
      {R"({})", "answers.need"},
      {R"({"need":null})", "answers.need"},
      {R"({"need":"  "})", "answers.need"},
      {R"({"need":"别的"})", "answers.need"},
      {R"({"need":["项目资金"]})", "answers.need"},
      {R"({"need":"项目资金","topics":"财务管理"})", "answers.topics"},
      {R"({"need":"项目资金","topics":["财务管理","财务管理"]})", "answers.topics"},
      {R"({"need":"项目资金","topics":["园艺"]})", "answers.topics"},
      {R"({"need":"项目资金","capacity":0})", "answers.capacity"},
      {R"({"need":"项目资金","capacity":6})", "answers.capacity"},
      {R"({"need":"项目资金","capacity":2.5})", "answers.capacity"},
      {R"({"need":"项目资金","capacity":"3"})", "answers.capacity"},
      {R"({"need":"项目资金","note":"一二三四五六七八九十一二三四五六七八九十一"})",
       "answers.note"},
      {R"({"need":"项目资金","note":5})", "answers.note"},
      {R"({"need":"项目资金","extra":1})", "answers.extra"},
  };
  for (auto& c : cases) {
    auto r = Answer(a, id, json::parse(c.answers));
    EXPECT_EQ(r.status, 422) << c.answers << " " << r.body;
    EXPECT_EQ(ErrorField(r), c.field) << c.answers << " " << r.body;
  }
  auto bad = a.Call("POST", Url(id, "/responses"), R"({"answers":[1]})");
  EXPECT_EQ(ErrorField(bad), "answers");
  // Exactly twenty characters fit; optional questions may be left out; multi
  // answers come back in the order of the options.
  auto ok = Answer(a, id,
                   {{"need", "场地支持"},
                    {"topics", {"传播", "财务管理"}},
                    {"note", "一二三四五六七八九十一二三四五六七八九十"}});
  ASSERT_EQ(ok.status, 201) << ok.body;
  auto j = a.Json(ok);
  EXPECT_EQ(j["answers"]["topics"], json({"财务管理", "传播"}));
  EXPECT_FALSE(j["answers"].contains("capacity"));
  // Staff cannot answer for an organization.
  EXPECT_EQ(Answer(xh, id, {{"need", "项目资金"}}).status, 403);
}

TEST_F(SurveyApiTest, OneResponsePerOrganizationASecondSubmissionReplacesIt) {
  Client xh = LoggedIn(s_, "sv.xh");
  Client a = LoggedIn(s_, "sv.a");
  long long id = Opened(xh);
  auto first = Answer(a, id, {{"need", "项目资金"}, {"capacity", 2}});
  ASSERT_EQ(first.status, 201);
  auto second = Answer(a, id, {{"need", "专业培训"}});
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(a.Json(second)["revision"], 2);
  EXPECT_EQ(a.Json(second)["id"], a.Json(first)["id"]);
  auto list = xh.Json(xh.Call("GET", Url(id, "/responses")));
  ASSERT_EQ(list["total"], 1);
  EXPECT_EQ(list["items"][0]["answers"], json({{"need", "专业培训"}}));
  EXPECT_EQ(list["items"][0]["org_name"], "会城甲组织");
  EXPECT_EQ(QueryInt(*s_.sys, "SELECT COUNT(*) FROM survey_responses WHERE survey_id = :1", {id}),
            1);
  EXPECT_EQ(CountEvents(*s_.sys, "survey.respond"), 2);
  // The org account reads its own answer and sees that it responded.
  auto own = a.Json(a.Call("GET", Url(id, "/responses")));
  ASSERT_EQ(own["items"].size(), 1u);
  EXPECT_EQ(a.Json(a.Call("GET", Url(id)))["responded"], true);
}

TEST_F(SurveyApiTest, ScopeTargetsAndOwnAnswersOnly) {
  Client xh = LoggedIn(s_, "sv.xh");
  Client ts = LoggedIn(s_, "sv.ts");
  Client a = LoggedIn(s_, "sv.a"), b = LoggedIn(s_, "sv.b"), d = LoggedIn(s_, "sv.d");
  long long id = Opened(xh, {{"target", {{"region", kHuicheng}}}});
  // Sibling staff: 404 on everything, and absent from the list.
  for (auto [m, tail] : std::vector<std::pair<std::string, std::string>>{{"GET", ""},
                                                                         {"GET", "/responses"},
                                                                         {"GET", "/results"},
                                                                         {"GET", "/export.xlsx"},
                                                                         {"POST", "/close"}}) {
    EXPECT_EQ(ts.Call(m, Url(id, tail)).status, 404) << m << tail;
  }
  EXPECT_EQ(ts.Json(ts.Call("GET", "/api/v1/surveys"))["total"], 0);
  // An organization outside the targets: 404.
  EXPECT_EQ(d.Call("GET", Url(id)).status, 404);
  EXPECT_EQ(Answer(d, id, {{"need", "项目资金"}}).status, 404);
  Client c = LoggedIn(s_, "sv.c");  // 大泽: not in the 会城 target region
  EXPECT_EQ(c.Call("GET", Url(id)).status, 404);
  EXPECT_EQ(c.Json(c.Call("GET", "/api/v1/surveys"))["total"], 0);
  // Targets see it in their list, without the target filter.
  auto list = a.Json(a.Call("GET", "/api/v1/surveys"));
  ASSERT_EQ(list["total"], 1);
  EXPECT_EQ(list["items"][0]["responded"], false);
  EXPECT_FALSE(list["items"][0].contains("target"));
  ASSERT_EQ(Answer(a, id, {{"need", "项目资金"}, {"note", "甲的建议"}}).status, 201);
  ASSERT_EQ(Answer(b, id, {{"need", "专业培训"}}).status, 201);
  // …and only their own answers; never the results or the export.
  auto own = b.Json(b.Call("GET", Url(id, "/responses")));
  ASSERT_EQ(own["items"].size(), 1u);
  EXPECT_EQ(own["items"][0]["org_id"], org_b_);
  EXPECT_EQ(b.Call("GET", Url(id, "/results")).status, 403);
  EXPECT_EQ(b.Call("GET", Url(id, "/export.xlsx")).status, 403);
  EXPECT_EQ(b.Call("POST", Url(id, "/close")).status, 403);
  // Staff of the parent region see it.
  Client admin = LoggedIn(s_, "sv.admin");
  EXPECT_EQ(admin.Json(admin.Call("GET", Url(id, "/responses")))["total"], 2);
}

TEST_F(SurveyApiTest, ResultsForAKnownSetOfAnswers) {
  Client xh = LoggedIn(s_, "sv.xh");
  long long id = Opened(xh);  // targets: 甲, 乙 (会城), 丙 (大泽)
  Client a = LoggedIn(s_, "sv.a"), b = LoggedIn(s_, "sv.b");
  ASSERT_EQ(Answer(a, id,
                   {{"need", "项目资金"},
                    {"topics", {"财务管理", "项目设计"}},
                    {"capacity", 2},
                    {"note", "希望多办培训"}})
                .status,
            201);
  ASSERT_EQ(Answer(b, id, {{"need", "项目资金"}, {"topics", {"项目设计"}}, {"capacity", 5}}).status,
            201);
  auto r = xh.Call("GET", Url(id, "/results"));
  ASSERT_EQ(r.status, 200) << r.body;
  auto j = xh.Json(r);
  EXPECT_EQ(j["targets"], 3);
  EXPECT_EQ(j["responses"], 2);
  EXPECT_DOUBLE_EQ(j["rate"].get<double>(), 0.667);
  auto q = j["questions"];
  EXPECT_EQ(q[0]["options"], json::parse(R"([{"option":"项目资金","count":2},
      {"option":"专业培训","count":0},{"option":"场地支持","count":0}])"));
  EXPECT_EQ(q[1]["options"][0]["count"], 1);
  EXPECT_EQ(q[1]["options"][1]["count"], 2);
  EXPECT_EQ(q[1]["answered"], 2);
  EXPECT_DOUBLE_EQ(q[2]["mean"].get<double>(), 3.5);
  EXPECT_EQ(q[2]["distribution"].size(), 5u);
  EXPECT_EQ(q[2]["distribution"][1]["count"], 1);
  EXPECT_EQ(q[2]["distribution"][4]["count"], 1);
  ASSERT_EQ(q[3]["texts"].size(), 1u);
  EXPECT_EQ(q[3]["texts"][0]["org_name"], "会城甲组织");
  EXPECT_EQ(q[3]["texts"][0]["text"], "希望多办培训");
  // Per child region of 新会区: 会城 2/2, 大泽 0/1.
  std::map<std::string, std::pair<long long, long long>> rates;
  for (auto& x : j["regions"]) rates[x["region_code"]] = {x["responses"], x["targets"]};
  EXPECT_EQ(rates[kHuicheng], std::make_pair(2LL, 2LL));
  EXPECT_EQ(rates[kDaze], std::make_pair(0LL, 1LL));
  EXPECT_EQ(rates.size(), 2u);
  // The list shows the counts.
  auto list = xh.Json(xh.Call("GET", "/api/v1/surveys"));
  EXPECT_EQ(list["items"][0]["response_count"], 2);
  EXPECT_EQ(list["items"][0]["target_count"], 3);
}

TEST_F(SurveyApiTest, ExportReadsBackAsXlsx) {
  Client xh = LoggedIn(s_, "sv.xh");
  long long id = Opened(xh);
  Client a = LoggedIn(s_, "sv.a");
  ASSERT_EQ(Answer(a, id, {{"need", "场地支持"}, {"topics", {"财务管理", "传播"}}, {"capacity", 4}})
                .status,
            201);
  auto r = xh.Call("GET", Url(id, "/export.xlsx"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(HeaderOf(r, "Content-Disposition").find(".xlsx"), std::string::npos);
  auto sheet = sheet::ReadSheet(r.body);
  ASSERT_TRUE(sheet.ok()) << sheet.status().message();
  ASSERT_EQ(sheet->header.size(), 8u);
  EXPECT_EQ(sheet->header[0], "组织名称");
  EXPECT_EQ(sheet->header[4], "1. 最需要的支持");
  ASSERT_EQ(sheet->rows.size(), 1u);
  EXPECT_EQ(sheet->rows[0][0].text, "会城甲组织");
  EXPECT_EQ(sheet->rows[0][1].text, "会城街道");
  EXPECT_EQ(sheet->rows[0][4].text, "场地支持");
  EXPECT_EQ(sheet->rows[0][5].text, "财务管理；传播");
  EXPECT_EQ(sheet->rows[0][6].text, "4");
  auto res = xh.Call("GET", Url(id, "/export.xlsx?part=results"));
  ASSERT_EQ(res.status, 200);
  auto rs = sheet::ReadSheet(res.body);
  ASSERT_TRUE(rs.ok());
  EXPECT_EQ(rs->header[0], "题目");
  EXPECT_EQ(rs->rows[0][0].text, "应答率");
  EXPECT_EQ(rs->rows[0][3].text, "1/3");
  bool found = false;
  for (auto& row : rs->rows)
    if (row[0].text == "1. 最需要的支持" && row[2].text == "场地支持") {
      found = true;
      EXPECT_EQ(row[3].text, "1");
      EXPECT_EQ(row[4].text, "100.0%");
    }
  EXPECT_TRUE(found);
  EXPECT_EQ(xh.Call("GET", Url(id, "/export.xlsx?part=x")).status, 422);
  EXPECT_EQ(CountEvents(*s_.sys, "survey.export"), 2);
}

TEST_F(SurveyApiTest, TargetFilterAndPreview) {
  Client xh = LoggedIn(s_, "sv.xh");
  auto preview = [&](json target) {
    auto r = xh.Call("POST", "/api/v1/surveys/target-preview",
                     json{{"region_code", kXinhui}, {"target", target}}.dump());
    EXPECT_EQ(r.status, 200) << r.body;
    return xh.Json(r);
  };
  EXPECT_EQ(preview(json::object())["count"], 3);
  EXPECT_EQ(preview({{"region", kDaze}})["count"], 1);
  EXPECT_EQ(preview({{"kinds", {"association"}}})["count"], 0);
  EXPECT_EQ(preview({{"kinds", {"micro_org", "association"}}})["count"], 3);
  EXPECT_EQ(preview({{"org_ids", {org_a_, org_c_}}})["count"], 2);
  EXPECT_EQ(preview({{"statuses", {"incubating"}}})["count"], 0);
  ASSERT_TRUE(
      ExecSql(*s_.sys, "UPDATE orgs SET status = 'deregistered' WHERE id = :1", {org_b_}).ok());
  EXPECT_EQ(preview(json::object())["count"], 2);  // deregistered ones are left out by default
  ASSERT_TRUE(
      ExecSql(*s_.sys, "INSERT INTO org_domains (org_id, domain) VALUES (:1, 'health')", {org_a_})
          .ok());
  auto j = preview({{"domains", {"health", "employment"}}});
  EXPECT_EQ(j["count"], 1);
  EXPECT_EQ(j["sample"][0], "会城甲组织");
  auto out = xh.Call("POST", "/api/v1/surveys/target-preview",
                     json{{"region_code", kTaishan}, {"target", json::object()}}.dump());
  EXPECT_EQ(out.status, 403);
  // Targets are fixed when the survey opens: later organizations are not added.
  long long id = Opened(xh, {{"target", {{"domains", {"health"}}}}});
  MakeOrg(*s_.sys, "会城新组织", kHuicheng);
  EXPECT_EQ(xh.Json(xh.Call("GET", Url(id)))["target_count"], 1);
}

TEST_F(SurveyApiTest, ClosingReminderTwoDaysBeforeTheCloseToNonRespondents) {
  Client xh = LoggedIn(s_, "sv.xh");
  int64_t now = NowMs();
  int64_t closes = now + 10 * kDay;
  long long id = Opened(xh, {{"closes_at", Rfc3339(closes)}});
  Client a = LoggedIn(s_, "sv.a");
  ASSERT_EQ(Answer(a, id, {{"need", "项目资金"}}).status, 201);
  auto at = [&](int64_t t) {
    std::vector<notice::Reminder> out;
    Status st = s_.sys->db->Read([&](db::Conn& c) {
      auto r = s_.sys->surveys->ClosingReminders(c, t);
      if (!r.ok()) return r.status();
      out = *r;
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.message();
    return out;
  };
  EXPECT_TRUE(at(closes - 2 * kDay - 1).empty());
  auto due = at(closes - 2 * kDay);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].key, "survey.closing:" + std::to_string(id));
  EXPECT_EQ(due[0].kind, "survey_closing");
  EXPECT_EQ(due[0].org_ids,
            (std::vector<long long>{std::min(org_b_, org_c_), std::max(org_b_, org_c_)}));
  EXPECT_EQ(due[0].region_code, kXinhui);
  EXPECT_NE(due[0].title_zh.find("2026年需求调查"), std::string::npos);
  EXPECT_EQ(at(closes - 1).size(), 1u);
  EXPECT_TRUE(at(closes).empty());  // closed
  // Once everyone answered, nothing is due; a closed survey is never reminded.
  Client b = LoggedIn(s_, "sv.b"), c = LoggedIn(s_, "sv.c");
  ASSERT_EQ(Answer(b, id, {{"need", "项目资金"}}).status, 201);
  EXPECT_EQ(at(closes - kDay)[0].org_ids, std::vector<long long>{org_c_});
  ASSERT_EQ(Answer(c, id, {{"need", "项目资金"}}).status, 201);
  EXPECT_TRUE(at(closes - kDay).empty());
  long long other = Opened(xh, {{"closes_at", Rfc3339(closes)}});
  ASSERT_EQ(at(closes - kDay).size(), 1u);
  ASSERT_EQ(xh.Call("POST", Url(other, "/close")).status, 200);
  EXPECT_TRUE(at(closes - kDay).empty());
}

TEST(SurveyDemoTest, DemoIsIdempotentAndRealistic) {
  Stack st = MakeDemoStack();  // no fixture organizations: the demo loads its own
  auto& sys = *st.sys;
  Result<std::vector<app::DemoAccount>> loaded = DemoAccounts();
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  long long surveys = QueryInt(sys, "SELECT COUNT(*) FROM surveys");
  long long responses = QueryInt(sys, "SELECT COUNT(*) FROM survey_responses");
  EXPECT_EQ(surveys, 2);
  EXPECT_GT(responses, 10);
  ASSERT_TRUE(app::LoadDemo(sys).ok());
  EXPECT_EQ(QueryInt(sys, "SELECT COUNT(*) FROM surveys"), surveys);
  EXPECT_EQ(QueryInt(sys, "SELECT COUNT(*) FROM survey_responses"), responses);
  long long closed_targets =
      QueryInt(sys,
               "SELECT COUNT(*) FROM survey_targets t JOIN surveys s ON s.id = t.survey_id "
               "WHERE s.state = 'closed'");
  long long closed_responses =
      QueryInt(sys,
               "SELECT COUNT(*) FROM survey_responses r JOIN surveys s ON s.id = r.survey_id "
               "WHERE s.state = 'closed'");
  EXPECT_GE(closed_responses * 100, closed_targets * 55);
  EXPECT_LE(closed_responses * 100, closed_targets * 75);
  EXPECT_EQ(QueryInt(sys, "SELECT COUNT(*) FROM surveys WHERE state = 'open'"), 1);
}

}  // namespace
}  // namespace shuniu::testing
