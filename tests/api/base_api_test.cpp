// Hubs, incubation bases, residency agreements and the incubation log over the
// API: registration and validation, scope (sibling staff, base operators,
// organizations), every transition of the agreement state machine, committed
// versus delivered hours, the expiry sweep and the expiry reminders at fixed
// times. Runs on SQLite, and on PostgreSQL when SHUNIU_TEST_DB is set.
#include "api/harness.h"
#include "hub/base_service.h"

namespace shuniu::testing {
namespace {

using nlohmann::json;

constexpr const char* kJiangmen = "440700000000";
constexpr const char* kXinhui = "440705000000";
constexpr const char* kTaishan = "440781000000";

constexpr int64_t kDayMs = 24 * 3600 * 1000LL;

// Midday in China on a calendar date, as ms since the epoch.
int64_t ChinaNoon(const std::string& date) { return *ParseRfc3339(date + "T12:00:00+08:00"); }

class BaseApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    stack_ = MakeStack();
    auto& sys = *stack_.sys;
    MakeUser(sys, "admin", Role::kAdmin, kJiangmen);
    MakeUser(sys, "jm_staff", Role::kStaff, kJiangmen);
    MakeUser(sys, "xh_staff", Role::kStaff, kXinhui);
    MakeUser(sys, "ts_staff", Role::kStaff, kTaishan);
    MakeUser(sys, "auditor", Role::kAuditor, kJiangmen);
    op_org_ = MakeOrg(sys, "江门市晴海天社会工作综合服务中心", kJiangmen);
    op2_org_ = MakeOrg(sys, "新会区妇女维权服务中心", kXinhui);
    a_org_ = MakeOrg(sys, "会城巾帼志愿服务队", kXinhui);
    b_org_ = MakeOrg(sys, "江门市向日葵家庭教育指导中心", kJiangmen);
    MakeUser(sys, "op_jm", Role::kOrg, kJiangmen, kPassword, op_org_);
    MakeUser(sys, "op_xh", Role::kOrg, kXinhui, kPassword, op2_org_);
    MakeUser(sys, "org_a", Role::kOrg, kXinhui, kPassword, a_org_);
    MakeUser(sys, "org_b", Role::kOrg, kJiangmen, kPassword, b_org_);
    city_base_ = CreateBase("江门市妇女儿童社会组织孵化基地", kJiangmen, op_org_);
    xh_base_ = CreateBase("新会区妇女儿童社会组织孵化基地", kXinhui, op2_org_);
    ts_base_ = CreateBase("台山市妇女儿童社会组织孵化基地", kTaishan, std::nullopt);
  }

  Client& As(const std::string& user) {
    auto& slot = clients_[user];
    if (!slot) slot = std::make_unique<Client>(LoggedIn(stack_, user));
    return *slot;
  }

  json J(const http::Response& r) { return json::parse(r.body); }

  long long CreateBase(const std::string& name, const std::string& region,
                       std::optional<long long> op) {
    json body = {
        {"kind", "incubation_base"},         {"name", name}, {"region_code", region},
        {"address", "江门市蓬江区建设二路"}, {"desks", 30},  {"office_phone", "0750-3501234"}};
    if (op) body["operator_org_id"] = *op;
    auto r = As("admin").Call("POST", "/api/v1/bases", body.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? J(r)["id"].get<long long>() : 0;
  }

  // A file uploaded by `user` (through the file service, as the upload route does).
  long long Upload(const std::string& user, std::optional<long long> org_id = std::nullopt) {
    auto u = stack_.sys->users->FindByUsername(user);
    EXPECT_TRUE(u.ok() && u->has_value());
    Principal p;
    p.user_id = (*u)->id;
    p.username = user;
    p.role = (*u)->role;
    p.region_code = (*u)->region_code;
    p.org_id = (*u)->org_id;
    p.ctx.actor_id = p.user_id;
    p.ctx.actor_name = user;
    static const std::string kPdf =
        "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
    auto f = stack_.sys->files->Upload(p, "入驻协议.pdf", kPdf, org_id ? org_id : p.org_id);
    EXPECT_TRUE(f.ok()) << f.status().message();
    return f.ok() ? f->id : 0;
  }

  // A new agreement created by the admin in `state` (invited or applied).
  json Open(long long base, long long org, const std::string& state = "applied",
            const std::string& as = "admin") {
    json body = {{"base_id", base},
                 {"org_id", org},
                 {"service_content", "每月开展两次亲子阅读活动"},
                 {"service_standards", "活动有签到、照片和总结"},
                 {"committed_hours", 100},
                 {"space", "A-12 工位"}};
    if (as == "admin") body["state"] = state;
    auto r = As(as).Call("POST", "/api/v1/residencies", body.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return J(r);
  }

  http::Response Move(const std::string& as, long long id, json body) {
    return As(as).Call("POST", "/api/v1/residencies/" + std::to_string(id) + "/transitions",
                       body.dump());
  }

  json SignBody() {
    return {{"to", "signed"},
            {"document_file_id", Upload("admin")},
            {"start_date", "2026-01-01"},
            {"end_date", "2027-12-31"}};
  }

  // Brings a fresh agreement of a fresh organization into `state` (as the admin).
  long long InState(const std::string& state) {
    long long org = MakeOrg(*stack_.sys, "机构 " + std::to_string(++made_), kJiangmen);
    long long id = Open(city_base_, org, state == "invited" ? "invited" : "applied")["id"];
    auto step = [&](json body) {
      auto r = Move("admin", id, body);
      EXPECT_EQ(r.status, 200) << state << ": " << r.body;
    };
    if (state == "declined") step({{"to", "declined"}, {"reason", "名额已满"}});
    if (state == "withdrawn") step({{"to", "withdrawn"}});
    if (state == "signed" || state == "active" || state == "graduated" || state == "terminated" ||
        state == "expired")
      step(SignBody());
    if (state == "active" || state == "graduated" || state == "terminated")
      step({{"to", "active"}});
    if (state == "graduated") step({{"to", "graduated"}, {"override_reason", "提前毕业"}});
    if (state == "terminated") step({{"to", "terminated"}, {"reason", "机构解散"}});
    if (state == "expired") {
      EXPECT_TRUE(
          ExecSql(*stack_.sys, "UPDATE residencies SET end_date = '2020-01-01' WHERE id = :1", {id})
              .ok());
      auto r = As("admin").Call("GET", "/api/v1/residencies/" + std::to_string(id));
      EXPECT_EQ(J(r)["state"], "expired");
    }
    auto r = As("admin").Call("GET", "/api/v1/residencies/" + std::to_string(id));
    EXPECT_EQ(J(r)["state"], state);
    return id;
  }

  Stack stack_;
  std::map<std::string, std::unique_ptr<Client>> clients_;
  long long op_org_ = 0, op2_org_ = 0, a_org_ = 0, b_org_ = 0;
  long long city_base_ = 0, xh_base_ = 0, ts_base_ = 0;
  int made_ = 0;
};

TEST_F(BaseApiTest, AdminRegistersBasesWithLevelOperatorAndValidation) {
  auto r = As("admin").Call("GET", "/api/v1/bases/" + std::to_string(xh_base_));
  ASSERT_EQ(r.status, 200) << r.body;
  json b = J(r);
  EXPECT_EQ(b["level"], "district");
  EXPECT_EQ(b["operator_org_name"], "新会区妇女维权服务中心");
  EXPECT_EQ(J(As("admin").Call("GET", "/api/v1/bases/" + std::to_string(city_base_)))["level"],
            "city");

  auto post = [&](json body) { return As("admin").Call("POST", "/api/v1/bases", body.dump()); };
  json ok = {{"kind", "hub"},
             {"name", "会城街道妇女儿童社会组织枢纽总部"},
             {"region_code", "440705001000"}};
  auto town = post(ok);
  ASSERT_EQ(town.status, 201) << town.body;
  EXPECT_EQ(J(town)["level"], "town");
  EXPECT_EQ(post(ok).status, 409);  // same kind and name in the region
  for (auto [field, bad] :
       std::vector<std::pair<std::string, json>>{{"kind", "office"},
                                                 {"name", ""},
                                                 {"region_code", "440799999999"},
                                                 {"office_phone", "13912345678"},
                                                 {"contract_end", "2020-13-01"},
                                                 {"desks", -1},
                                                 {"operator_org_id", 12345},
                                                 {"colour", "red"}}) {
    json body = ok;
    body["name"] = "枢纽 " + field;
    body[field] = bad;
    auto res = post(body);
    EXPECT_EQ(res.status, 422) << field << ": " << res.body;
    EXPECT_EQ(ErrorField(res), field) << res.body;
  }
  // Only admins register and edit; staff in scope read.
  EXPECT_EQ(As("jm_staff").Call("POST", "/api/v1/bases", ok.dump()).status, 403);
  std::string url = "/api/v1/bases/" + std::to_string(xh_base_);
  EXPECT_EQ(As("xh_staff").Call("GET", url).status, 200);
  EXPECT_EQ(As("xh_staff").Call("PATCH", url, json{{"version", 1}, {"rooms", 3}}.dump()).status,
            403);
  auto patched = As("admin").Call("PATCH", url,
                                  json{{"version", b["version"]},
                                       {"rooms", 6},
                                       {"contract_no", "JMFL-2014-003"},
                                       {"contract_start", "2014-01-01"},
                                       {"contract_end", "2016-12-31"}}
                                      .dump());
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(J(patched)["rooms"], 6);
  EXPECT_EQ(J(patched)["version"], b["version"].get<long long>() + 1);
  auto stale = As("admin").Call("PATCH", url, json{{"version", b["version"]}, {"rooms", 7}}.dump());
  EXPECT_EQ(stale.status, 409);
  EXPECT_GE(CountEvents(*stack_.sys, "base."), 5);
}

TEST_F(BaseApiTest, StaffOfASiblingRegionAndOtherOperatorsGet404) {
  std::string xh = "/api/v1/bases/" + std::to_string(xh_base_);
  std::string city = "/api/v1/bases/" + std::to_string(city_base_);
  EXPECT_EQ(As("ts_staff").Call("GET", xh).status, 404);
  EXPECT_EQ(As("ts_staff").Call("GET", xh + "/residents").status, 404);
  EXPECT_EQ(As("xh_staff").Call("GET", city).status, 404);  // the parent region's base
  EXPECT_EQ(As("jm_staff").Call("GET", xh).status, 200);
  EXPECT_EQ(As("auditor").Call("GET", xh + "/residents").status, 200);
  auto list = J(As("xh_staff").Call("GET", "/api/v1/bases"));
  ASSERT_EQ(list["total"], 1);
  EXPECT_EQ(list["items"][0]["id"], xh_base_);

  long long in_xh = Open(xh_base_, a_org_)["id"];
  Open(city_base_, b_org_);
  // The operator of the city base works on its base only.
  EXPECT_EQ(As("op_jm").Call("GET", city + "/residents").status, 200);
  EXPECT_EQ(As("op_jm").Call("GET", xh + "/residents").status, 404);
  EXPECT_EQ(As("op_jm").Call("GET", xh + "/events").status, 404);
  EXPECT_EQ(As("op_jm").Call("GET", "/api/v1/residencies/" + std::to_string(in_xh)).status, 404);
  auto mine = J(As("op_jm").Call("GET", "/api/v1/bases"));
  ASSERT_EQ(mine["total"], 1);
  EXPECT_EQ(mine["items"][0]["id"], city_base_);
  auto theirs = J(As("op_xh").Call("GET", xh + "/residents"));
  ASSERT_EQ(theirs["total"], 1);
  EXPECT_EQ(theirs["items"][0]["org_id"], a_org_);
  EXPECT_EQ(theirs["items"][0]["sides"], json::array({"base"}));
  // Staff of a sibling region do not see the agreement either.
  EXPECT_EQ(As("ts_staff").Call("GET", "/api/v1/residencies/" + std::to_string(in_xh)).status, 404);
  EXPECT_EQ(J(As("ts_staff").Call("GET", "/api/v1/residencies"))["total"], 0);
}

TEST_F(BaseApiTest, ResidencyAnOrganizationSeesOnlyItsOwnAgreements) {
  // Org accounts apply for themselves, to bases of their region or above it.
  auto apply = [&](const std::string& as, json body) {
    return As(as).Call("POST", "/api/v1/residencies", body.dump());
  };
  auto a = apply("org_a", {{"base_id", city_base_}, {"committed_hours", 60}});
  ASSERT_EQ(a.status, 201) << a.body;
  EXPECT_EQ(J(a)["state"], "applied");
  EXPECT_EQ(J(a)["org_id"], a_org_);
  EXPECT_EQ(J(a)["initiated_by"], "resident");
  EXPECT_EQ(J(a)["checklist"].size(), hub::DefaultCriteria().size());
  EXPECT_EQ(apply("org_a", {{"base_id", city_base_}}).status, 409);  // one open agreement
  EXPECT_EQ(apply("org_a", {{"base_id", ts_base_}}).status, 403);    // not its region
  EXPECT_EQ(apply("org_a", {{"base_id", city_base_}, {"org_id", b_org_}}).status, 403);
  auto b = apply("org_b", {{"base_id", city_base_}});
  ASSERT_EQ(b.status, 201) << b.body;
  // …and the operator invites.
  auto inv = apply("op_xh", {{"base_id", xh_base_}, {"org_id", b_org_}});
  ASSERT_EQ(inv.status, 201) << inv.body;
  EXPECT_EQ(J(inv)["state"], "invited");

  auto list = J(As("org_a").Call("GET", "/api/v1/residencies"));
  ASSERT_EQ(list["total"], 1);
  EXPECT_EQ(list["items"][0]["org_id"], a_org_);
  EXPECT_EQ(list["items"][0]["sides"], json::array({"resident"}));
  std::string b_url = "/api/v1/residencies/" + std::to_string(J(b)["id"].get<long long>());
  EXPECT_EQ(As("org_a").Call("GET", b_url).status, 404);
  EXPECT_EQ(As("org_a").Call("GET", b_url + "/events").status, 404);
  EXPECT_EQ(As("org_a").Call("POST", b_url + "/transitions", R"({"to":"withdrawn"})").status, 404);
  EXPECT_EQ(J(As("op_jm").Call("GET", "/api/v1/residencies"))["total"], 2);
  EXPECT_EQ(J(As("org_b").Call("GET", "/api/v1/residencies"))["total"], 2);
  // A resident reads the base it applied to, and only its own row of the residents.
  auto rows =
      J(As("org_a").Call("GET", "/api/v1/bases/" + std::to_string(city_base_) + "/residents"));
  ASSERT_EQ(rows["total"], 1);
  EXPECT_EQ(rows["items"][0]["org_id"], a_org_);
  auto applicable = J(As("org_a").Call("GET", "/api/v1/bases?applicable=true"));
  EXPECT_EQ(applicable["total"], 2);  // the city base and the Xinhui base
  // The resident side accepts or declines; the base side signs.
  std::string inv_url = "/api/v1/residencies/" + std::to_string(J(inv)["id"].get<long long>());
  EXPECT_EQ(As("op_xh").Call("POST", inv_url + "/transitions", R"({"to":"applied"})").status, 403);
  EXPECT_EQ(As("org_b").Call("POST", inv_url + "/transitions", R"({"to":"applied"})").status, 200);
  json sign = SignBody();
  EXPECT_EQ(As("org_b").Call("POST", inv_url + "/transitions", sign.dump()).status, 403);
  sign["document_file_id"] = Upload("op_xh");
  auto signed_ = As("op_xh").Call("POST", inv_url + "/transitions", sign.dump());
  EXPECT_EQ(signed_.status, 200) << signed_.body;
  // Auditors read and never write.
  EXPECT_EQ(As("auditor").Call("GET", inv_url).status, 200);
  EXPECT_EQ(As("auditor").Call("POST", inv_url + "/transitions", R"({"to":"active"})").status, 403);
}

TEST_F(BaseApiTest, ResidencyEveryTransitionIsAllowedOrRefusedWith409) {
  const auto& states = hub::ResidencyStates();
  int allowed = 0, refused = 0;
  for (const auto& from : states) {
    for (const auto& to : states) {
      long long id = InState(from);
      json body = {{"to", to}, {"reason", "测试"}, {"override_reason", "测试"}};
      if (to == "signed") body = SignBody();
      auto r = Move("admin", id, body);
      bool rule = false;
      for (auto& t : hub::TransitionRules()) rule |= from == t.from && to == t.to;
      std::string what = from + " → " + to;
      if (rule) {
        ++allowed;
        EXPECT_EQ(r.status, 200) << what << ": " << r.body;
        EXPECT_EQ(J(r)["state"], to) << what;
      } else {
        ++refused;
        EXPECT_EQ(r.status, 409) << what << ": " << r.body;
        EXPECT_EQ(ErrorCode(r), "conflict") << what;
        std::string msg = J(r)["error"]["message"];
        EXPECT_NE(msg.find(from), std::string::npos) << what << ": " << msg;
        EXPECT_NE(msg.find(to), std::string::npos) << what << ": " << msg;
      }
    }
  }
  EXPECT_EQ(allowed, static_cast<int>(hub::TransitionRules().size()));
  EXPECT_EQ(allowed + refused, 81);
  EXPECT_GE(CountEvents(*stack_.sys, "residency.signed"), 1);
}

TEST_F(BaseApiTest, ResidencySigningGraduationAndTerminationCheckTheirInput) {
  long long id = InState("applied");
  auto fail = [&](json body, const std::string& field) {
    auto r = Move("admin", id, body);
    EXPECT_EQ(r.status, 422) << body.dump() << ": " << r.body;
    EXPECT_EQ(ErrorField(r), field) << r.body;
  };
  fail({{"to", "signed"}, {"start_date", "2026-01-01"}, {"end_date", "2027-01-01"}},
       "document_file_id");
  json sign = SignBody();
  sign.erase("start_date");
  fail(sign, "start_date");
  sign = SignBody();
  sign["end_date"] = "2025-12-31";
  fail(sign, "end_date");
  sign = SignBody();
  sign["document_file_id"] = -5;
  fail(sign, "document_file_id");
  fail({{"to", "finished"}}, "to");
  fail({{"to", "signed"}, {"colour", "red"}}, "colour");
  ASSERT_EQ(Move("admin", id, SignBody()).status, 200);
  // Terms are fixed once signed.
  std::string url = "/api/v1/residencies/" + std::to_string(id);
  long long v = J(As("admin").Call("GET", url))["version"];
  EXPECT_EQ(As("admin").Call("PATCH", url, json{{"version", v}, {"space", "B-1"}}.dump()).status,
            409);
  ASSERT_EQ(Move("admin", id, {{"to", "active"}}).status, 200);
  fail({{"to", "terminated"}}, "reason");
  fail({{"to", "graduated"}}, "checklist");
  // The base side ticks the checklist; the organization cannot.
  v = J(As("admin").Call("GET", url))["version"];
  json ticks = json::array();
  for (auto& [code, required] : hub::DefaultCriteria())
    if (required) ticks.push_back({{"code", code}, {"met", true}, {"note", "已核实"}});
  auto ticked = As("admin").Call("PATCH", url, json{{"version", v}, {"checklist", ticks}}.dump());
  ASSERT_EQ(ticked.status, 200) << ticked.body;
  for (auto& k : J(ticked)["checklist"]) EXPECT_EQ(k["met"], k["required"]) << k.dump();
  auto bad = As("admin").Call(
      "PATCH", url,
      json{{"version", J(ticked)["version"]}, {"checklist", {{{"code", "nope"}, {"met", true}}}}}
          .dump());
  EXPECT_EQ(bad.status, 422);
  auto grad = Move("admin", id, {{"to", "graduated"}});
  ASSERT_EQ(grad.status, 200) << grad.body;
  EXPECT_TRUE(J(grad)["graduation_override"].is_null());
}

TEST_F(BaseApiTest, ResidencyCommittedVersusDeliveredHours) {
  auto created = Open(city_base_, b_org_);
  long long id = created["id"];
  std::string url = "/api/v1/residencies/" + std::to_string(id);
  ASSERT_EQ(Move("admin", id, SignBody()).status, 200);
  ASSERT_EQ(Move("admin", id, {{"to", "active"}}).status, 200);
  auto add = [&](const std::string& as, json body) {
    return As(as).Call("POST", url + "/events", body.dump());
  };
  auto e1 = add("op_jm", {{"kind", "consultation"},
                          {"occurred_on", "2026-03-02"},
                          {"title", "登记注册咨询"},
                          {"hours", 2.5},
                          {"attachments", {Upload("op_jm")}}});
  ASSERT_EQ(e1.status, 201) << e1.body;
  EXPECT_EQ(J(e1)["recorded_by_name"], "op_jm");
  ASSERT_EQ(add("admin", {{"kind", "training"},
                          {"occurred_on", "2026-04-10"},
                          {"title", "财务制度培训"},
                          {"hours", 3}})
                .status,
            201);
  EXPECT_EQ(
      add("org_b", {{"kind", "training"}, {"occurred_on", "2026-04-10"}, {"title", "x"}}).status,
      403);  // the resident reads its log, the base side writes it
  auto bad = add("admin", {{"kind", "party"}, {"occurred_on", "2026-04-10"}, {"title", "x"}});
  EXPECT_EQ(ErrorField(bad), "kind");
  bad = add("admin", {{"kind", "training"}, {"occurred_on", "2099-01-01"}, {"title", "x"}});
  EXPECT_EQ(ErrorField(bad), "occurred_on");
  bad = add("admin",
            {{"kind", "training"}, {"occurred_on", "2026-04-10"}, {"title", "x"}, {"hours", -1}});
  EXPECT_EQ(ErrorField(bad), "hours");

  auto rows =
      J(As("op_jm").Call("GET", "/api/v1/bases/" + std::to_string(city_base_) + "/residents"));
  ASSERT_EQ(rows["total"], 1);
  EXPECT_EQ(rows["items"][0]["committed_hours"], 100);
  EXPECT_DOUBLE_EQ(rows["items"][0]["delivered_hours"].get<double>(), 5.5);
  EXPECT_EQ(rows["items"][0]["event_count"], 2);
  auto log = J(As("org_b").Call("GET", url + "/events"));
  ASSERT_EQ(log["total"], 2);
  EXPECT_EQ(log["items"][0]["title"], "财务制度培训");  // newest first
  auto base_log =
      J(As("jm_staff").Call("GET", "/api/v1/bases/" + std::to_string(city_base_) + "/events"));
  EXPECT_EQ(base_log["total"], 2);
  auto org_log =
      J(As("org_b").Call("GET", "/api/v1/orgs/" + std::to_string(b_org_) + "/incubation"));
  EXPECT_EQ(org_log["total"], 2);
  EXPECT_EQ(org_log["items"][0]["base_name"], "江门市妇女儿童社会组织孵化基地");
  EXPECT_EQ(
      As("org_a").Call("GET", "/api/v1/orgs/" + std::to_string(b_org_) + "/incubation").status,
      404);
  // Graduated agreements keep their log but take no new events.
  ASSERT_EQ(Move("admin", id, {{"to", "graduated"}, {"override_reason", "提前毕业"}}).status, 200);
  EXPECT_EQ(
      add("admin", {{"kind", "evaluation"}, {"occurred_on", "2026-05-01"}, {"title", "x"}}).status,
      409);
}

TEST_F(BaseApiTest, ResidencyExpiryRemindersAtThirtyAndSevenDaysAndTheSweep) {
  long long id = Open(city_base_, a_org_)["id"];
  json sign = SignBody();
  sign["start_date"] = "2026-07-01";
  sign["end_date"] = "2027-06-30";
  ASSERT_EQ(Move("admin", id, sign).status, 200);
  ASSERT_EQ(Move("admin", id, {{"to", "active"}}).status, 200);
  auto keys_at = [&](const std::string& date) {
    std::set<std::string> keys;
    Status st = stack_.sys->db->Read([&](db::Conn& c) -> Status {
      auto r = hub::BaseService::ExpiryReminders(c, ChinaNoon(date));
      if (!r.ok()) return r.status();
      for (auto& rem : *r) {
        keys.insert(rem.key);
        EXPECT_EQ(rem.kind, "agreement_expiring");
        EXPECT_EQ(rem.org_ids, (std::vector<long long>{a_org_, op_org_}));
        EXPECT_EQ(rem.link, "/residencies/" + std::to_string(id));
        EXPECT_NE(rem.title_zh.find("会城巾帼志愿服务队"), std::string::npos);
      }
      return Status::Ok();
    });
    EXPECT_TRUE(st.ok()) << st.message();
    return keys;
  };
  std::string k30 = "residency.expiring:" + std::to_string(id) + ":30d";
  std::string k7 = "residency.expiring:" + std::to_string(id) + ":7d";
  using Keys = std::set<std::string>;
  EXPECT_EQ(keys_at("2027-05-30"), Keys{});  // 31 days before: nothing yet
  EXPECT_EQ(keys_at("2027-05-31"), Keys{k30});
  EXPECT_EQ(keys_at("2027-06-22"), Keys{k30});
  EXPECT_EQ(keys_at("2027-06-23"), Keys{k7});
  EXPECT_EQ(keys_at("2027-06-30"), Keys{k7});  // the last day
  EXPECT_EQ(keys_at("2027-07-01"), Keys{});
  // 23:30 UTC on 06-30 is already 07-01 in China.
  EXPECT_EQ(hub::ChinaDate(*ParseRfc3339("2027-06-30T23:30:00Z")), "2027-07-01");

  // The sweep at a fixed time: once, audited as the system.
  auto n = stack_.sys->bases->SweepExpired(ChinaNoon("2027-06-30"));
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 0);
  n = stack_.sys->bases->SweepExpired(ChinaNoon("2027-07-01"));
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1);
  EXPECT_EQ(*stack_.sys->bases->SweepExpired(ChinaNoon("2027-07-02")), 0);
  EXPECT_EQ(CountEvents(*stack_.sys, "residency.expired"), 1);
  auto r = J(As("op_jm").Call("GET", "/api/v1/residencies/" + std::to_string(id)));
  EXPECT_EQ(r["state"], "expired");
  EXPECT_EQ(keys_at("2027-06-30"), Keys{});  // expired agreements are not reminded

  // Lazily on read: a later clock makes the next read expire a signed agreement.
  long long other = Open(city_base_, b_org_)["id"];
  ASSERT_EQ(Move("admin", other, SignBody()).status, 200);  // ends 2027-12-31
  ClockShift clock;
  clock.Set(ChinaNoon("2028-01-01") - NowMs());
  clients_.clear();  // sessions do not outlive a jump of the clock
  auto list = J(As("op_jm").Call("GET", "/api/v1/residencies?state=expired"));
  EXPECT_EQ(list["total"], 2);
}

}  // namespace
}  // namespace shuniu::testing
