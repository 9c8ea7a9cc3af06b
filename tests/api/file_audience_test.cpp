// Files attached to records that reach many organizations (notices, training
// materials, meeting minutes) are readable by exactly the organizations the
// record reaches, through files::FileService audiences, and by nobody else.
// Runs on SQLite, and on PostgreSQL when SHUNIU_TEST_DB is set.
#include "api/harness.h"

namespace shuniu::testing {
namespace {

constexpr const char* kJiangmen = "440700000000";
constexpr const char* kXinhui = "440705000000";
constexpr const char* kHuicheng = "440705001000";
constexpr const char* kTaishan = "440781000000";
const std::string kPdf =
    "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

class FileAudienceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    stack_ = MakeStack();
    auto& sys = *stack_.sys;
    MakeUser(sys, "admin", Role::kAdmin, kJiangmen);
    MakeUser(sys, "xh_staff", Role::kStaff, kXinhui);
    hc_ = MakeOrg(sys, "会城街道妇女之家", kHuicheng);
    xh_ = MakeOrg(sys, "新会区巾帼志愿服务队", kXinhui);
    ts_ = MakeOrg(sys, "台山市家庭服务中心", kTaishan);
    MakeUser(sys, "org_hc", Role::kOrg, kHuicheng, kPassword, hc_);
    MakeUser(sys, "org_xh", Role::kOrg, kXinhui, kPassword, xh_);
    MakeUser(sys, "org_ts", Role::kOrg, kTaishan, kPassword, ts_);
    Principal up = sys.users->CliPrincipal("test");
    up.role = Role::kStaff;
    up.region_code = kXinhui;
    auto f = sys.files->Upload(up, "材料.pdf", kPdf, std::nullopt);
    ASSERT_TRUE(f.ok()) << f.status().message();
    file_ = f->id;
  }

  int Download(const std::string& user) {
    return LoggedIn(stack_, user)
        .Call("GET", "/api/v1/files/" + std::to_string(file_) + "/content")
        .status;
  }

  Stack stack_;
  long long hc_ = 0, xh_ = 0, ts_ = 0, file_ = 0;
};

TEST_F(FileAudienceTest, NoticeAttachmentsReachTheRecipientsOnly) {
  EXPECT_EQ(Download("org_hc"), 404);  // before the notice: not theirs
  Client staff = LoggedIn(stack_, "xh_staff");
  auto r = staff.Call("POST", "/api/v1/notices",
                      nlohmann::json{{"title", "关于报送年审材料的通知"},
                                     {"body", "见附件。"},
                                     {"audience", {{"region", kHuicheng}}},
                                     {"attachments", {file_}}}
                          .dump());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(Download("org_hc"), 200);  // a recipient
  EXPECT_EQ(Download("org_xh"), 404);  // in the sender's district, but not a recipient
  EXPECT_EQ(Download("org_ts"), 404);
}

TEST_F(FileAudienceTest, TrainingMaterialsReachEnrolledOrganizationsOnly) {
  Client staff = LoggedIn(stack_, "xh_staff");
  auto t = staff.Call("POST", "/api/v1/trainings",
                      nlohmann::json{{"kind", "thematic"},
                                     {"title", "项目设计与申报"},
                                     {"starts_at", "2026-12-10T01:00:00Z"},
                                     {"ends_at", "2026-12-10T05:00:00Z"},
                                     {"capacity", 10},
                                     {"material_ids", {file_}}}
                          .dump());
  ASSERT_EQ(t.status, 201) << t.body;
  std::string url = "/api/v1/trainings/" + std::to_string(staff.Json(t)["id"].get<long long>());
  ASSERT_EQ(staff.Call("POST", url + "/open", "{}").status, 200);
  EXPECT_EQ(Download("org_hc"), 404);
  auto e = staff.Call("POST", url + "/enrolments",
                      nlohmann::json{{"org_id", hc_}, {"name", "黄丽娟"}}.dump());
  ASSERT_EQ(e.status, 201) << e.body;
  EXPECT_EQ(Download("org_hc"), 200);
  EXPECT_EQ(Download("org_xh"), 404);
  // A cancelled enrolment closes the door again.
  std::string eid = std::to_string(staff.Json(e)["id"].get<long long>());
  ASSERT_EQ(staff.Call("POST", url + "/enrolments/" + eid + "/cancel", "{}").status, 200);
  EXPECT_EQ(Download("org_hc"), 404);
}

TEST_F(FileAudienceTest, MeetingMinutesReachInvitedOrganizationsOnly) {
  Client staff = LoggedIn(stack_, "xh_staff");
  auto m = staff.Call("POST", "/api/v1/meetings",
                      nlohmann::json{{"kind", "joint"},
                                     {"title", "社团联席会议"},
                                     {"starts_at", "2026-12-10T01:00:00Z"},
                                     {"ends_at", "2026-12-10T02:00:00Z"}}
                          .dump());
  ASSERT_EQ(m.status, 201) << m.body;
  std::string url = "/api/v1/meetings/" + std::to_string(staff.Json(m)["id"].get<long long>());
  ASSERT_EQ(
      staff.Call("POST", url + "/invitations", nlohmann::json{{"org_ids", {hc_}}}.dump()).status,
      200);
  auto held = staff.Call("POST", url + "/hold", nlohmann::json{{"minutes_file_id", file_}}.dump());
  ASSERT_EQ(held.status, 200) << held.body;
  EXPECT_EQ(Download("org_hc"), 200);
  EXPECT_EQ(Download("org_xh"), 404);
}

}  // namespace
}  // namespace shuniu::testing
