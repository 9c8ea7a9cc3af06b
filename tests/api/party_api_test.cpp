// The joint Party branch over the API: only admins in scope and appointed
// officers see a branch (everyone else 404 and empty lists, auditors included),
// ID numbers checked by GB 11643 and never shown or stored in clear, audited
// unmasked reads, committee posts held once, attendance and participation
// figures, stale versions, and bad input that changes nothing. Runs on SQLite,
// and on PostgreSQL when SHUNIU_TEST_DB is set.
#include "api/harness.h"

namespace shuniu::testing {
namespace {

using nlohmann::json;

constexpr const char* kJiangmen = "440700000000";
constexpr const char* kXinhui = "440705000000";
constexpr const char* kTaishan = "440781000000";
constexpr const char* kId1 = "440703198506120022";
constexpr const char* kId2 = "440705199001011231";
constexpr const char* kIdX = "44070519920315015X";

class PartyApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    s_ = MakeStack();
    auto& sys = *s_.sys;
    MakeUser(sys, "pt.admin", Role::kAdmin, kJiangmen);
    MakeUser(sys, "pt.ts.admin", Role::kAdmin, kTaishan);
    officer_ = MakeUser(sys, "pt.sec", Role::kStaff, kXinhui).id;
    MakeUser(sys, "pt.staff", Role::kStaff, kJiangmen);
    MakeUser(sys, "pt.aud", Role::kAuditor, kJiangmen);
    lead_ = MakeOrg(sys, "江门市晴海天社会工作综合服务中心", kJiangmen);
    org_ = MakeOrg(sys, "新会区巾帼志愿者协会", kXinhui);
    MakeUser(sys, "pt.org", Role::kOrg, kJiangmen, kPassword, lead_);
    auto admin = LoggedIn(s_, "pt.admin");
    auto r = admin.Call("POST", "/api/v1/party-branches",
                        json{{"region_code", kJiangmen},
                             {"name", "江门市妇女儿童类社会组织联合党支部"},
                             {"lead_org_id", lead_},
                             {"founded_on", "2013-07-01"}}
                            .dump());
    ASSERT_EQ(r.status, 201) << r.body;
    branch_ = admin.Json(r)["id"];
    r = admin.Call("POST", Path("/officers"), json{{"user_id", officer_}}.dump());
    ASSERT_EQ(r.status, 200) << r.body;
  }

  std::string Path(const std::string& rest = "") {
    return "/api/v1/party-branches/" + std::to_string(branch_) + rest;
  }

  json MemberBody(const std::string& name, const std::string& id_number) {
    return {{"name", name},           {"org_id", org_},
            {"status", "full"},       {"transfer_in_on", "2014-01-10"},
            {"id_number", id_number}, {"phone", "13802701234"}};
  }

  long long AddMember(Client& c, const std::string& name, const std::string& id_number,
                      const std::string& post = "") {
    json body = MemberBody(name, id_number);
    if (!post.empty()) body["post"] = post;
    auto r = c.Call("POST", Path("/members"), body.dump());
    EXPECT_EQ(r.status, 201) << r.body;
    return c.Json(r).value("id", 0LL);
  }

  long long Count(const std::string& table) {
    return QueryInt(*s_.sys, "SELECT COUNT(*) FROM " + table);
  }

  Stack s_;
  long long officer_ = 0, lead_ = 0, org_ = 0, branch_ = 0;
};

TEST_F(PartyApiTest, OnlyAdminsInScopeAndOfficersSeeTheBranch) {
  auto sec = LoggedIn(s_, "pt.sec");
  auto r = sec.Call("GET", "/api/v1/party-branches");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(sec.Json(r)["items"].size(), 1u);
  EXPECT_EQ(sec.Call("GET", Path()).status, 200);
  EXPECT_EQ(sec.Call("GET", Path("/members")).status, 200);
  for (const char* who : {"pt.staff", "pt.aud", "pt.org", "pt.ts.admin"}) {
    auto c = LoggedIn(s_, who);
    r = c.Call("GET", "/api/v1/party-branches");
    ASSERT_EQ(r.status, 200) << who << r.body;
    EXPECT_TRUE(c.Json(r)["items"].empty()) << who;
    EXPECT_EQ(c.Call("GET", Path()).status, 404) << who;
    EXPECT_EQ(c.Call("GET", Path("/members")).status, 404) << who;
    EXPECT_EQ(c.Call("GET", Path("/activities")).status, 404) << who;
    // Auditors change nothing: refused at the gate, before any branch is looked up.
    int refused = std::string(who) == "pt.aud" ? 403 : 404;
    EXPECT_EQ(c.Call("POST", Path("/members"), MemberBody("李红", kId1).dump()).status, refused)
        << who;
  }
  EXPECT_EQ(Count("party_members"), 0);
  // Officers see the branch but appointing is the admin's.
  r = sec.Call("POST", Path("/officers"), json{{"user_id", officer_}}.dump());
  EXPECT_EQ(r.status, 403) << r.body;
  // Removing the officer link hides the branch again.
  auto admin = LoggedIn(s_, "pt.admin");
  r = admin.Call("POST", Path("/officers"),
                 json{{"user_id", officer_}, {"appointed", false}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(admin.Json(r)["officers"].empty());
  EXPECT_EQ(sec.Call("GET", Path()).status, 404);
  EXPECT_EQ(CountEvents(*s_.sys, "party.officer_"), 2);
}

TEST_F(PartyApiTest, IdNumbersAreCheckedByTheirCheckCharacter) {
  auto sec = LoggedIn(s_, "pt.sec");
  struct Case {
    std::string id;
    int status;
  };
  for (const Case& c : std::vector<Case>{{"440703198506120023", 422},   // bad check digit
                                         {"44070319850612002", 422},    // 17 characters
                                         {"4407031985061200222", 422},  // 19 characters
                                         {"440703198502300025", 422},   // 30 February
                                         {"440705199203150151", 422},   // X expected
                                         {kId1, 201},
                                         {"44070519920315015x", 201}}) {  // lower-case x
    auto r = sec.Call("POST", Path("/members"), MemberBody("成员", c.id).dump());
    EXPECT_EQ(r.status, c.status) << c.id << " " << r.body;
    if (c.status == 422) {
      EXPECT_EQ(ErrorField(r), "id_number") << c.id;
    }
  }
  EXPECT_EQ(Count("party_members"), 2);
  // The same person twice in one branch.
  auto r = sec.Call("POST", Path("/members"), MemberBody("重复", kIdX).dump());
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(ErrorField(r), "id_number");
}

TEST_F(PartyApiTest, IdNumberAndPhoneAreMaskedSealedAndUnmaskedWithAnAuditEvent) {
  auto sec = LoggedIn(s_, "pt.sec");
  long long id = AddMember(sec, "陈淑芬", kId1);
  auto r = sec.Call("GET", Path("/members"));
  ASSERT_EQ(r.status, 200);
  json m = sec.Json(r)["items"][0];
  EXPECT_EQ(m["id_number"], "440703********0022");
  EXPECT_EQ(m["phone"], "138****1234");
  EXPECT_EQ(r.body.find(kId1), std::string::npos);
  EXPECT_EQ(r.body.find("13802701234"), std::string::npos);
  // Nothing in clear in the table or the audit log.
  std::string row = QueryStr(*s_.sys,
                             "SELECT id_number_sealed || '|' || id_number_index || '|' || "
                             "phone_sealed FROM party_members WHERE id = :1",
                             {id});
  EXPECT_EQ(row.find(kId1), std::string::npos);
  EXPECT_EQ(row.find("13802701234"), std::string::npos);
  EXPECT_EQ(QueryInt(*s_.sys,
                     "SELECT COUNT(*) FROM audit_events WHERE after_json LIKE :1 OR after_json "
                     "LIKE :2",
                     {std::string("%") + kId1 + "%", std::string("%13802701234%")}),
            0);
  long long before = CountEvents(*s_.sys, "party.member_unmask");
  r = sec.Call("GET", Path("/members/" + std::to_string(id)));
  EXPECT_EQ(sec.Json(r)["id_number"], "440703********0022");
  EXPECT_EQ(CountEvents(*s_.sys, "party.member_unmask"), before);
  r = sec.Call("GET", Path("/members/" + std::to_string(id) + "?unmask=id_number"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(sec.Json(r)["id_number"], kId1);
  EXPECT_EQ(sec.Json(r)["phone"], "138****1234");
  EXPECT_EQ(CountEvents(*s_.sys, "party.member_unmask"), before + 1);
  auto admin = LoggedIn(s_, "pt.admin");
  r = admin.Call("GET", Path("/members/" + std::to_string(id) + "?unmask=id_number,phone"));
  EXPECT_EQ(admin.Json(r)["phone"], "13802701234");
  EXPECT_EQ(CountEvents(*s_.sys, "party.member_unmask"), before + 2);
  // Others cannot unmask, or even find the member.
  auto staff = LoggedIn(s_, "pt.staff");
  r = staff.Call("GET", Path("/members/" + std::to_string(id) + "?unmask=id_number"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(CountEvents(*s_.sys, "party.member_unmask"), before + 2);
  EXPECT_EQ(sec.Call("GET", Path("/members/" + std::to_string(id) + "?unmask=all")).status, 422);
}

TEST_F(PartyApiTest, CommitteePostsAreHeldOnceAndShownOnTheBranch) {
  auto sec = LoggedIn(s_, "pt.sec");
  AddMember(sec, "梁秀英", kId1, "secretary");
  AddMember(sec, "何美华", kId2, "organization");
  json body = MemberBody("黄小玲", kIdX);
  body["post"] = "secretary";
  auto r = sec.Call("POST", Path("/members"), body.dump());
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(ErrorField(r), "post");
  body["post"] = "chairman";
  r = sec.Call("POST", Path("/members"), body.dump());
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(ErrorField(r), "post");
  r = sec.Call("GET", Path());
  json b = sec.Json(r);
  ASSERT_EQ(b["committee"].size(), 2u);
  EXPECT_EQ(b["committee"][0]["post"], "secretary");
  EXPECT_EQ(b["committee"][0]["name"], "梁秀英");
  EXPECT_EQ(b["members"], 2);
}

TEST_F(PartyApiTest, AttendanceGivesEachMemberActivitiesAttendedAndHeldSinceJoining) {
  auto sec = LoggedIn(s_, "pt.sec");
  long long a = AddMember(sec, "梁秀英", kId1);  // in since 2014-01-10
  json late = MemberBody("何美华", kId2);
  late["transfer_in_on"] = "2014-06-01";
  auto r = sec.Call("POST", Path("/members"), late.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  long long b = sec.Json(r)["id"];
  auto activity = [&](const std::string& on, json attendance) {
    return sec.Call("POST", Path("/activities"),
                    json{{"kind", "assembly"},
                         {"held_on", on},
                         {"place", "孵化基地会议室"},
                         {"topic", "学习党章"},
                         {"minutes", "会议记录"},
                         {"attendance", attendance}}
                        .dump());
  };
  r = activity("2014-03-05", json::array({{{"member_id", a}, {"status", "present"}}}));
  ASSERT_EQ(r.status, 201) << r.body;
  // b had not joined yet on 2014-03-05.
  long long events = CountEvents(*s_.sys, "party.activity_add");
  r = activity("2014-03-20", json::array({{{"member_id", b}, {"status", "present"}}}));
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(ErrorField(r), "attendance[0].member_id");
  // An absence needs its reason.
  r = activity("2014-07-01", json::array({{{"member_id", a}, {"status", "absent"}}}));
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(ErrorField(r), "attendance[0].reason");
  EXPECT_EQ(Count("party_activities"), 1);
  EXPECT_EQ(CountEvents(*s_.sys, "party.activity_add"), events);
  r = activity("2014-07-01",
               json::array({{{"member_id", a}, {"status", "absent"}, {"reason", "出差"}},
                            {{"member_id", b}, {"status", "present"}}}));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(sec.Json(r)["present"], 1);
  EXPECT_EQ(sec.Json(r)["absent"], 1);
  r = activity("2014-09-01", json::array({{{"member_id", a}, {"status", "present"}},
                                          {{"member_id", b}, {"status", "excused"}}}));
  ASSERT_EQ(r.status, 201) << r.body;
  r = sec.Call("GET", Path("/members"));
  std::map<long long, json> by_id;
  json list = sec.Json(r);
  for (auto& m : list["items"]) by_id[m["id"].get<long long>()] = m;
  EXPECT_EQ(by_id[a]["activities_held"], 3);
  EXPECT_EQ(by_id[a]["activities_attended"], 2);
  EXPECT_EQ(by_id[b]["activities_held"], 2);
  EXPECT_EQ(by_id[b]["activities_attended"], 1);
  // The figures for the annual report count the same records, no personal data.
  auto f = s_.sys->party->FiguresFor(kJiangmen, "2014-01-01", "2015-01-01");
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_EQ(f->branches, 1);
  EXPECT_EQ(f->members_at_end, 2);
  EXPECT_EQ(f->activities, 3);
  EXPECT_EQ(f->activities_by_kind.at("assembly"), 3);
  EXPECT_EQ(f->attendance_marked, 5);
  EXPECT_EQ(f->attendance_present, 3);
  EXPECT_DOUBLE_EQ(f->attendance_rate, 0.6);
  auto other = s_.sys->party->FiguresFor(kTaishan, "2014-01-01", "2015-01-01");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->branches, 0);
  EXPECT_EQ(other->activities, 0);
}

TEST_F(PartyApiTest, TransferOutEndsMembershipAndStaleVersionsConflict) {
  auto sec = LoggedIn(s_, "pt.sec");
  long long id = AddMember(sec, "陈淑芬", kId1);
  std::string path = Path("/members/" + std::to_string(id));
  auto r = sec.Call("PATCH", path, json{{"version", 1}, {"transfer_out_on", "2013-12-31"}}.dump());
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(ErrorField(r), "transfer_out_on");
  r = sec.Call("PATCH", path,
               json{{"version", 1}, {"transfer_out_on", "2014-10-01"}, {"status", "full"}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(sec.Json(r)["current"], false);
  EXPECT_EQ(sec.Json(r)["version"], 2);
  r = sec.Call("PATCH", path, json{{"version", 1}, {"name", "陈淑芳"}}.dump());
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(QueryStr(*s_.sys, "SELECT name FROM party_members WHERE id = :1", {id}), "陈淑芬");
  auto f = s_.sys->party->FiguresFor(kJiangmen, "2014-01-01", "2015-01-01");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->members_at_end, 0);
  // Branch edits need the current version too.
  r = sec.Call("PATCH", Path(), json{{"version", 1}, {"description", "联合党支部"}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  r = sec.Call("PATCH", Path(), json{{"version", 1}, {"description", "旧"}}.dump());
  EXPECT_EQ(r.status, 409);
}

TEST_F(PartyApiTest, BadInputNamesTheFieldAndChangesNothing) {
  auto sec = LoggedIn(s_, "pt.sec");
  long long events = CountEvents(*s_.sys, "party.");
  struct Case {
    json patch;
    std::string field;
  };
  for (const Case& c :
       std::vector<Case>{{{{"status", "member"}}, "status"},
                         {{{"transfer_in_on", "2014-13-01"}}, "transfer_in_on"},
                         {{{"phone", "abc"}}, "phone"},
                         {{{"name", ""}}, "name"},
                         {{{"nickname", "x"}}, "nickname"},
                         {{{"joined_party_on", "2015-01-01"}}, "joined_party_on"}}) {
    json body = MemberBody("成员", kId1);
    body.merge_patch(c.patch);
    auto r = sec.Call("POST", Path("/members"), body.dump());
    EXPECT_EQ(r.status, 422) << c.patch.dump() << r.body;
    EXPECT_EQ(ErrorField(r), c.field) << c.patch.dump();
  }
  // An organization outside the branch's region subtree.
  long long far = MakeOrg(*s_.sys, "广东省外机构", kTaishan);
  json body = MemberBody("成员", kId1);
  body["org_id"] = far;
  EXPECT_EQ(sec.Call("POST", Path("/members"), body.dump()).status,
            201);  // Taishan lies in Jiangmen
  auto r = sec.Call("POST", Path("/activities"),
                    json{{"kind", "meeting"}, {"held_on", "2014-03-01"}, {"topic", "x"}}.dump());
  EXPECT_EQ(ErrorField(r), "kind");
  r = sec.Call("POST", Path("/activities"),
               json{{"kind", "lecture"}, {"held_on", "2014-02-30"}, {"topic", "x"}}.dump());
  EXPECT_EQ(ErrorField(r), "held_on");
  EXPECT_EQ(Count("party_activities"), 0);
  EXPECT_EQ(CountEvents(*s_.sys, "party."), events + 1);
  // Only admins create branches, in their own subtree, led by an organization there.
  auto admin = LoggedIn(s_, "pt.ts.admin");
  r = admin.Call(
      "POST", "/api/v1/party-branches",
      json{{"region_code", kXinhui}, {"name", "新会支部"}, {"lead_org_id", org_}}.dump());
  EXPECT_EQ(r.status, 403);
  r = admin.Call(
      "POST", "/api/v1/party-branches",
      json{{"region_code", kTaishan}, {"name", "台山支部"}, {"lead_org_id", org_}}.dump());
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(ErrorField(r), "lead_org_id");
  EXPECT_EQ(sec.Call("POST", "/api/v1/party-branches",
                     json{{"region_code", kXinhui}, {"name", "x"}, {"lead_org_id", org_}}.dump())
                .status,
            403);
  EXPECT_EQ(Count("party_branches"), 1);
}

TEST(PartyDemoTest, DemoHasTheJointBranchInternsAndLoadsOnce) {
  Stack stack = MakeDemoStack();
  auto& sys = *stack.sys;
  Result<std::vector<app::DemoAccount>> accounts = DemoAccounts();
  ASSERT_TRUE(accounts.ok()) << accounts.status().message();
  bool has_sec = false;
  for (auto& a : *accounts) has_sec = has_sec || a.username == "party_sec";
  EXPECT_TRUE(has_sec);
  EXPECT_EQ(QueryStr(sys,
                     "SELECT o.name FROM party_branches b JOIN orgs o ON o.id = "
                     "b.lead_org_id WHERE b.name = '江门市妇女儿童类社会组织联合党支部'"),
            "江门市晴海天社会工作综合服务中心");
  long long members = QueryInt(sys, "SELECT COUNT(*) FROM party_members");
  EXPECT_EQ(members, 20);
  EXPECT_EQ(QueryInt(sys, "SELECT COUNT(*) FROM party_members WHERE post = 'secretary'"), 1);
  auto f = sys.party->FiguresFor(kJiangmen, "2014-01-01", "2015-01-01");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->activities, 12);
  EXPECT_EQ(f->members_at_end, 17);  // one transferred out in 2014, two joined in 2025
  EXPECT_GT(f->attendance_rate, 0.7);
  auto in = sys.interns->FiguresFor(kJiangmen, "2014-01-01", "2015-01-01");
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(in->bases_active, 2);
  EXPECT_EQ(in->interns_placed, 20);
  EXPECT_GT(in->hours, 400);
  EXPECT_EQ(in->hosts.size(), 2u);
  // The officer sees the branch; every demo ID number passes its check character.
  Principal cli = sys.users->CliPrincipal("test");
  auto branches = sys.party->List(cli);
  ASSERT_TRUE(branches.ok());
  ASSERT_EQ(branches->size(), 1u);
  auto list = sys.party->Members(cli, branches->front().id);
  ASSERT_TRUE(list.ok());
  for (auto& m : *list) {
    auto full = sys.party->GetMember(cli, m.branch_id, m.id, true, false);
    ASSERT_TRUE(full.ok());
    EXPECT_EQ(full->id_number.substr(0, 4), "4407");
    EXPECT_EQ(full->id_number.size(), 18u);
  }
  EXPECT_EQ(list->front().id_number.find("********"), 6u);
  ASSERT_TRUE(app::LoadDemo(sys).ok());
  EXPECT_EQ(QueryInt(sys, "SELECT COUNT(*) FROM party_members"), members);
  EXPECT_EQ(QueryInt(sys, "SELECT COUNT(*) FROM party_branches"), 1);
  EXPECT_EQ(QueryInt(sys, "SELECT COUNT(*) FROM internship_bases"), 2);
}
}  // namespace
}  // namespace shuniu::testing
