// The notices' part of the access matrix: in every region a notice to the
// region's fixture organization (published by an admin of that region) and a
// reminder meant for the region's staff (through a reminder source).
#include "api/matrix.h"

namespace shuniu::testing::matrix {
namespace {

struct NoticeFixtures {
  notice::NoticeService* service = nullptr;  // the stack the source is registered on
  std::shared_ptr<std::vector<std::string>> staff_regions;
  std::map<std::string, long long> org_notice, staff_notice;
};

NoticeFixtures& State() {
  static NoticeFixtures s;
  return s;
}

void AddNoticeFixture(const Fixtures& fx, const std::string& region) {
  auto& st = State();
  auto& sys = *fx.stack.sys;
  if (st.service != sys.notices.get()) {
    st = NoticeFixtures{};
    st.service = sys.notices.get();
    st.staff_regions = std::make_shared<std::vector<std::string>>();
    sys.notices->AddReminderSource("matrix", [regions = st.staff_regions](db::Conn&, int64_t) {
      std::vector<notice::Reminder> out;
      for (auto& r : *regions)
        out.push_back(notice::Reminder{"matrix:" + r,
                                       "matrix",
                                       {},
                                       r,
                                       "矩阵提醒 " + r,
                                       "Matrix reminder",
                                       "矩阵",
                                       "Matrix",
                                       ""});
      return Result<std::vector<notice::Reminder>>(out);
    });
  }
  Principal admin = sys.users->CliPrincipal("matrix");
  admin.region_code = region;  // also reaches regions outside the deployment
  notice::NoticeInput in;
  in.title = "矩阵通知 " + region;
  in.body = "矩阵";
  in.audience.region = region;
  in.audience.org_ids = {fx.orgs.at(region)};
  auto n = sys.notices->Publish(admin, in);
  ASSERT_TRUE(n.ok()) << n.status().message();
  st.org_notice[region] = n->id;
  st.staff_regions->push_back(region);
  auto made = sys.notices->RunReminders(NowMs());
  ASSERT_TRUE(made.ok()) << made.status().message();
  st.staff_notice[region] = QueryInt(
      sys, "SELECT notice_id FROM reminders_sent WHERE reminder_key = :1", {"matrix:" + region});
}

bool BuildNotice(const Fixtures&, const std::string& key, const Caller& caller,
                 const std::string& region, std::string& path, std::string& body) {
  if (path.rfind("/api/v1/notices", 0) != 0 && path.rfind("/api/v1/inbox", 0) != 0) return false;
  auto& st = State();
  if (auto p = path.find("{id}"); p != std::string::npos) {
    bool staff_notice = key == "POST /api/v1/inbox/{id}/read" && caller.role != Role::kOrg;
    path.replace(p, 4, std::to_string((staff_notice ? st.staff_notice : st.org_notice).at(region)));
  }
  if (key == "GET /api/v1/notices") path += "?size=200";
  if (key == "POST /api/v1/notices")
    body = nlohmann::json{{"title", "矩阵发布 " + caller.label},
                          {"body", "矩阵"},
                          {"audience", {{"region", region}}}}
               .dump();
  if (key == "POST /api/v1/notices/preview")
    body = nlohmann::json{{"audience", {{"region", region}}}}.dump();
  return true;
}

const std::set<std::string> kNoticeReaders = {"admin", "staff", "auditor"};

Register reg(Family{
    "notices",
    {
        {"POST /api/v1/notices", Route(kManagers, Scope::kTarget)},
        {"POST /api/v1/notices/preview", Route(kManagers, Scope::kTarget)},
        {"GET /api/v1/notices", List(kNoticeReaders, "region_code")},
        {"GET /api/v1/notices/{id}", OrgRoute(kOrgReaders, Scope::kObject)},
        {"GET /api/v1/notices/{id}/receipts", Route(kNoticeReaders, Scope::kObject)},
        {"GET /api/v1/notices/{id}/deliveries", Route(kNoticeReaders, Scope::kObject)},
        {"GET /api/v1/inbox", Route(kAny)},
        {"GET /api/v1/inbox/unread-count", Route(kAny)},
        {"POST /api/v1/inbox/{id}/read", OrgRoute(kOrgEditors, Scope::kObject)},
    },
    AddNoticeFixture,
    BuildNotice,
});

}  // namespace
}  // namespace shuniu::testing::matrix
