// Notices over the API and the service: publishing to a scope and to a filtered
// set, the inbox of organization accounts and staff, read receipts, reminders
// created exactly once (also across a restart), and the outbox: retries with
// back-off, dead after the last attempt, the inbox notice never lost. Runs on
// SQLite, and on PostgreSQL when SHUNIU_TEST_DB is set.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <sstream>
#include <thread>

#include "api/harness.h"

namespace shuniu::testing {
namespace {

constexpr const char* kJiangmen = "440700000000";
constexpr const char* kXinhui = "440705000000";
constexpr const char* kHuicheng = "440705001000";
constexpr const char* kTaishan = "440781000000";
constexpr int64_t kDay = 24 * 3600 * 1000LL;

// A channel that records what it was asked to send and fails while `down`.
class FakeChannel : public notice::Channel {
 public:
  explicit FakeChannel(std::string name = "fake") : name_(std::move(name)) {}
  std::string name() const override { return name_; }
  Status Send(const notice::DeliveryRow& d, const notice::Message& m) override {
    std::lock_guard<std::mutex> lock(mu_);
    calls.push_back(m.notice_id);
    (void)d;
    if (down) return Internal("connection refused");
    return Status::Ok();
  }
  std::atomic<bool> down{false};
  std::vector<long long> calls;

 private:
  std::string name_;
  std::mutex mu_;
};

// A one-shot HTTP listener on 127.0.0.1 answering `status` to the first request.
class Listener {
 public:
  explicit Listener(int status) : status_(status) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    listen(fd_, 4);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] {
      int c = accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      std::string req;
      char buf[4096];
      while (true) {
        ssize_t n = read(c, buf, sizeof buf);
        if (n <= 0) break;
        req.append(buf, n);
        auto head = req.find("\r\n\r\n");
        if (head == std::string::npos) continue;
        auto cl = req.find("Content-Length: ");
        size_t want = cl == std::string::npos ? 0 : std::stoul(req.substr(cl + 16));
        if (req.size() >= head + 4 + want) break;
      }
      request = req;
      std::string res = "HTTP/1.1 " + std::to_string(status_) +
                        " X\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
      (void)!write(c, res.data(), res.size());
      close(c);
    });
  }
  ~Listener() {
    shutdown(fd_, SHUT_RDWR);
    close(fd_);
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/hook"; }
  std::string request;

 private:
  int status_, fd_, port_ = 0;
  std::thread thread_;
};

class NoticeApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    stack_ = MakeStack();
    auto& sys = *stack_.sys;
    MakeUser(sys, "admin", Role::kAdmin, kJiangmen);
    MakeUser(sys, "xh_staff", Role::kStaff, kXinhui);
    MakeUser(sys, "hc_staff", Role::kStaff, kHuicheng);
    MakeUser(sys, "ts_staff", Role::kStaff, kTaishan);
    MakeUser(sys, "auditor", Role::kAuditor, kJiangmen);
    xh_ = MakeOrg(sys, "新会区巾帼志愿服务队", kXinhui);
    hc_ = MakeOrg(sys, "会城街道妇女之家", kHuicheng);
    ts_ = MakeOrg(sys, "台山市家庭服务中心", kTaishan);
    MakeUser(sys, "org_hc", Role::kOrg, kHuicheng, kPassword, hc_);
    MakeUser(sys, "org_ts", Role::kOrg, kTaishan, kPassword, ts_);
    fake_ = std::make_shared<FakeChannel>();
    sys.notices->SetChannels({fake_});
  }

  Client& As(const std::string& user) {
    auto& slot = clients_[user];
    if (!slot) slot = std::make_unique<Client>(LoggedIn(stack_, user));
    return *slot;
  }

  // Publishes through the API; returns the response.
  http::Response Publish(const std::string& user, const nlohmann::json& audience,
                         const std::string& title = "关于开展年审工作的通知") {
    return As(user).Call(
        "POST", "/api/v1/notices",
        nlohmann::json{{"title", title}, {"body", "请按时提交年度报告。"}, {"audience", audience}}
            .dump());
  }

  long long PublishOk(const std::string& user, const nlohmann::json& audience,
                      const std::string& title = "关于开展年审工作的通知") {
    auto r = Publish(user, audience, title);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? nlohmann::json::parse(r.body)["id"].get<long long>() : 0;
  }

  nlohmann::json Get(const std::string& user, const std::string& path, int want = 200) {
    auto r = As(user).Call("GET", path);
    EXPECT_EQ(r.status, want) << path << ": " << r.body;
    return nlohmann::json::parse(r.body);
  }

  std::string N(long long id, const std::string& tail = "") {
    return "/api/v1/notices/" + std::to_string(id) + tail;
  }

  Stack stack_;
  long long xh_ = 0, hc_ = 0, ts_ = 0;
  std::shared_ptr<FakeChannel> fake_;
  std::map<std::string, std::unique_ptr<Client>> clients_;
};

TEST_F(NoticeApiTest, PublishReachesEveryOrganizationInScopeAndNothingOutside) {
  long long id = PublishOk("xh_staff", nlohmann::json::object());
  auto n = Get("xh_staff", N(id));
  EXPECT_EQ(n["recipients"], 2);  // 新会区 and 会城街道, not 台山市
  EXPECT_EQ(n["region_code"], kXinhui);
  EXPECT_EQ(n["sender_name"], "xh_staff");
  EXPECT_EQ(QueryInt(*stack_.sys,
                     "SELECT COUNT(*) FROM notice_recipients WHERE notice_id = :1 "
                     "AND org_id = :2",
                     {id, ts_}),
            0);
  EXPECT_EQ(CountEvents(*stack_.sys, "notice.publish"), 1);

  // A region outside the sender's scope: 403; a region below it narrows the audience.
  auto r = Publish("xh_staff", {{"region", kTaishan}});
  EXPECT_EQ(r.status, 403) << r.body;
  long long hc_only = PublishOk("xh_staff", {{"region", kHuicheng}});
  EXPECT_EQ(Get("xh_staff", N(hc_only))["recipients"], 1);
  // Staff below cannot see the notice of the district; the district's staff sees both.
  Get("hc_staff", N(id), 404);
  EXPECT_EQ(Get("xh_staff", "/api/v1/notices")["total"], 2);
  EXPECT_EQ(Get("hc_staff", "/api/v1/notices")["total"], 1);  // the one to 会城街道
  EXPECT_EQ(Get("auditor", "/api/v1/notices")["total"], 2);
  // Org accounts and auditors do not publish.
  EXPECT_EQ(Publish("org_hc", nlohmann::json::object()).status, 403);
  EXPECT_EQ(Publish("auditor", nlohmann::json::object()).status, 403);
}

TEST_F(NoticeApiTest, PublishValidatesTitleBodyAndAudience) {
  auto& c = As("admin");
  auto r = c.Call("POST", "/api/v1/notices", R"({"body":"x","audience":{}})");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(ErrorField(r), "title");
  r = c.Call("POST", "/api/v1/notices", R"({"title":"  ","body":"x","audience":{}})");
  EXPECT_EQ(ErrorField(r), "title");
  r = c.Call(
      "POST", "/api/v1/notices",
      nlohmann::json{
          {"title", std::string(201, 'a')}, {"body", "x"}, {"audience", nlohmann::json::object()}}
          .dump());
  EXPECT_EQ(ErrorField(r), "title");
  r = c.Call("POST", "/api/v1/notices", R"({"title":"t","body":"","audience":{}})");
  EXPECT_EQ(ErrorField(r), "body");
  r = c.Call("POST", "/api/v1/notices", R"({"title":"t","body":"b"})");
  EXPECT_EQ(ErrorField(r), "audience");
  r = Publish("admin", {{"kinds", {"no_such_kind"}}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(ErrorField(r), "audience.kinds");
  r = Publish("admin", {{"colour", "red"}});
  EXPECT_EQ(ErrorField(r), "audience.colour");
  r = Publish("admin", {{"kinds", {"foundation"}}});  // nobody matches
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(ErrorField(r), "audience");
  r = Publish("admin", {{"region", "4407"}});
  EXPECT_EQ(ErrorField(r), "audience.region");
  r = c.Call("POST", "/api/v1/notices",
             R"({"title":"t","body":"b","audience":{},"attachments":[123]})");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(ErrorField(r), "attachments");
  EXPECT_EQ(QueryInt(*stack_.sys, "SELECT COUNT(*) FROM notices"), 0);
  EXPECT_EQ(QueryInt(*stack_.sys, "SELECT COUNT(*) FROM notice_recipients"), 0);
}

TEST_F(NoticeApiTest, PublishToAFilteredSet) {
  auto& admin = As("admin");
  auto made = admin.Call("POST", "/api/v1/orgs",
                         nlohmann::json{{"name", "会城巾帼志愿者队"},
                                        {"kind", "volunteer_team"},
                                        {"region_code", kHuicheng},
                                        {"domains", {"volunteering"}}}
                             .dump());
  ASSERT_EQ(made.status, 201) << made.body;
  long long vt = nlohmann::json::parse(made.body)["id"];
  // Preview and publish agree.
  auto pv =
      admin.Call("POST", "/api/v1/notices/preview", R"({"audience":{"kinds":["volunteer_team"]}})");
  ASSERT_EQ(pv.status, 200) << pv.body;
  EXPECT_EQ(nlohmann::json::parse(pv.body)["recipients"], 1);
  long long by_kind = PublishOk("admin", {{"kinds", {"volunteer_team"}}});
  auto rec = Get("admin", N(by_kind, "/receipts"));
  ASSERT_EQ(rec["items"].size(), 1u);
  EXPECT_EQ(rec["items"][0]["org_id"], vt);
  long long by_domain = PublishOk("admin", {{"domains", {"volunteering", "health"}}});
  EXPECT_EQ(Get("admin", N(by_domain))["recipients"], 1);
  long long unregistered = PublishOk("admin", {{"registered", false}});
  EXPECT_EQ(Get("admin", N(unregistered))["recipients"], 4);
  // Explicit ids are still bounded by the region (and the sender's scope).
  long long explicit_ids = PublishOk("xh_staff", {{"org_ids", {hc_, ts_}}});
  EXPECT_EQ(Get("xh_staff", N(explicit_ids))["recipients"], 1);
  auto none = Publish("xh_staff", {{"org_ids", {ts_}}});
  EXPECT_EQ(ErrorField(none), "audience");
  // Deregistered organizations are left out unless asked for by status.
  ASSERT_TRUE(
      ExecSql(*stack_.sys, "UPDATE orgs SET status = 'deregistered' WHERE id = :1", {xh_}).ok());
  long long active = PublishOk("xh_staff", nlohmann::json::object());
  EXPECT_EQ(Get("xh_staff", N(active))["recipients"], 2);  // 会城 org and the volunteer team
  long long dereg = PublishOk("xh_staff", {{"statuses", {"deregistered"}}});
  EXPECT_EQ(Get("xh_staff", N(dereg))["recipients"], 1);
}

TEST_F(NoticeApiTest, OrgSeesOnlyItsInboxAndReceiptsShowWhoHasNotRead) {
  long long first = PublishOk("admin", nlohmann::json::object(), "第一份通知");
  long long second = PublishOk("admin", {{"region", kXinhui}}, "第二份通知");
  // 台山's organization has the first only; 会城's both, newest first.
  auto ts_inbox = Get("org_ts", "/api/v1/inbox");
  ASSERT_EQ(ts_inbox["total"], 1);
  EXPECT_EQ(ts_inbox["items"][0]["id"], first);
  Get("org_ts", N(second), 404);
  EXPECT_EQ(As("org_ts").Call("POST", "/api/v1/inbox/" + std::to_string(second) + "/read").status,
            404);
  auto hc_inbox = Get("org_hc", "/api/v1/inbox");
  ASSERT_EQ(hc_inbox["total"], 2);
  EXPECT_EQ(Get("org_hc", "/api/v1/inbox/unread-count")["unread"], 2);
  EXPECT_EQ(Get("org_hc", N(first))["read"], false);
  Get("org_hc", N(first, "/receipts"), 403);

  // Reading the newer one moves it below the unread one.
  auto r = As("org_hc").Call("POST", "/api/v1/inbox/" + std::to_string(second) + "/read");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(nlohmann::json::parse(r.body)["read"], true);
  r = As("org_hc").Call("POST", "/api/v1/inbox/" + std::to_string(second) + "/read");
  ASSERT_EQ(r.status, 200) << r.body;  // idempotent
  hc_inbox = Get("org_hc", "/api/v1/inbox");
  EXPECT_EQ(hc_inbox["items"][0]["id"], first);
  EXPECT_EQ(hc_inbox["items"][1]["id"], second);
  EXPECT_EQ(hc_inbox["items"][1]["read"], true);
  EXPECT_EQ(Get("org_hc", "/api/v1/inbox/unread-count")["unread"], 1);
  EXPECT_EQ(Get("org_hc", "/api/v1/inbox?unread=true")["total"], 1);
  EXPECT_EQ(CountEvents(*stack_.sys, "notice.read"), 1);

  // Receipts of the second notice: 2 recipients (新会区, 会城), 1 read.
  auto rec = Get("admin", N(second, "/receipts"));
  EXPECT_EQ(rec["summary"]["recipients"], 2);
  EXPECT_EQ(rec["summary"]["read"], 1);
  EXPECT_EQ(rec["summary"]["unread"], 1);
  auto read = Get("xh_staff", N(second, "/receipts?read=true"));
  ASSERT_EQ(read["items"].size(), 1u);
  EXPECT_EQ(read["total"], 1);
  EXPECT_EQ(read["items"][0]["org_id"], hc_);
  EXPECT_EQ(read["items"][0]["read_by_name"], "org_hc");
  EXPECT_FALSE(read["items"][0]["read_at"].is_null());
  auto unread = Get("xh_staff", N(second, "/receipts?read=false"));
  ASSERT_EQ(unread["items"].size(), 1u);
  EXPECT_EQ(unread["items"][0]["org_id"], xh_);
  Get("hc_staff", N(second, "/receipts"), 404);
  EXPECT_EQ(As("admin").Call("GET", N(second, "/receipts?read=maybe")).status, 422);
}

TEST_F(NoticeApiTest, ReminderIsCreatedOnceAtTheRightTime) {
  ClockShift clock;
  int64_t due = NowMs() + 2 * kDay;
  long long hc = hc_;
  std::atomic<int> asked{0};
  stack_.sys->notices->AddReminderSource("test", [&, hc, due](db::Conn&, int64_t now) {
    ++asked;
    std::vector<notice::Reminder> out;
    if (now >= due) {
      out.push_back({"test.review_due:" + std::to_string(hc),
                     "annual_review_due",
                     {hc},
                     kHuicheng,
                     "年审即将到期",
                     "Annual review due",
                     "请于30日内提交年审材料。",
                     "Please submit within 30 days.",
                     "/reviews"});
      out.push_back({"test.staff:" + std::to_string(hc),
                     "annual_review_due",
                     {},
                     kHuicheng,
                     "会城街道妇女之家年审逾期",
                     "Review overdue",
                     "请跟进。",
                     "Follow up.",
                     ""});
    }
    return Result<std::vector<notice::Reminder>>(out);
  });
  auto made = stack_.sys->notices->RunReminders(NowMs());
  ASSERT_TRUE(made.ok()) << made.status().message();
  EXPECT_EQ(*made, 0);
  clock.Set(2 * kDay);
  made = stack_.sys->notices->RunReminders(NowMs());
  ASSERT_TRUE(made.ok()) << made.status().message();
  EXPECT_EQ(*made, 2);
  made = stack_.sys->notices->RunReminders(NowMs() + 60000);
  EXPECT_EQ(*made, 0);
  EXPECT_EQ(asked, 3);
  EXPECT_EQ(QueryInt(*stack_.sys, "SELECT COUNT(*) FROM notices"), 2);
  EXPECT_EQ(CountEvents(*stack_.sys, "notice.reminder"), 2);

  auto inbox = Get("org_hc", "/api/v1/inbox");
  ASSERT_EQ(inbox["total"], 1);
  EXPECT_EQ(inbox["items"][0]["kind"], "annual_review_due");
  EXPECT_EQ(inbox["items"][0]["title_en"], "Annual review due");
  EXPECT_EQ(inbox["items"][0]["link"], "/reviews");
  EXPECT_EQ(Get("org_ts", "/api/v1/inbox")["total"], 0);
  // The staff reminder: staff whose scope holds 会城街道 see it, 台山's do not.
  auto staff = Get("xh_staff", "/api/v1/inbox");
  ASSERT_EQ(staff["total"], 1);
  EXPECT_EQ(staff["items"][0]["audience_kind"], "staff");
  EXPECT_EQ(Get("hc_staff", "/api/v1/inbox/unread-count")["unread"], 1);
  EXPECT_EQ(Get("ts_staff", "/api/v1/inbox")["total"], 0);
  long long staff_id = staff["items"][0]["id"];
  auto r = As("hc_staff").Call("POST", "/api/v1/inbox/" + std::to_string(staff_id) + "/read");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Get("hc_staff", "/api/v1/inbox/unread-count")["unread"], 0);
  EXPECT_EQ(Get("xh_staff", "/api/v1/inbox/unread-count")["unread"], 1);  // per person
  EXPECT_EQ(
      As("ts_staff").Call("POST", "/api/v1/inbox/" + std::to_string(staff_id) + "/read").status,
      404);
  // One outbox row per reminder for the per-notice channel.
  EXPECT_EQ(QueryInt(*stack_.sys, "SELECT COUNT(*) FROM notice_deliveries"), 2);
}

TEST_F(NoticeApiTest, AfterARestartOnlyWhatWasNotDeliveredIsSentAgain) {
  auto& sys = *stack_.sys;
  long long hc = hc_;
  auto source = [hc](db::Conn&, int64_t) {
    return Result<std::vector<notice::Reminder>>(
        std::vector<notice::Reminder>{{"test.training:" + std::to_string(hc),
                                       "training_tomorrow",
                                       {hc},
                                       kHuicheng,
                                       "明天培训",
                                       "Training tomorrow",
                                       "请准时参加。",
                                       "Please be on time.",
                                       "/trainings"}});
  };
  sys.notices->AddReminderSource("test", source);
  long long delivered = PublishOk("admin", {{"region", kHuicheng}}, "已送达的通知");
  int64_t t0 = NowMs();
  ASSERT_EQ(*sys.notices->RunDeliveries(t0), 1);
  fake_->down = true;
  ASSERT_EQ(*sys.notices->RunReminders(t0), 1);
  ASSERT_EQ(*sys.notices->RunDeliveries(t0), 1);
  long long reminder = QueryInt(sys, "SELECT notice_id FROM reminders_sent");
  EXPECT_EQ(QueryStr(sys, "SELECT status FROM notice_deliveries WHERE notice_id = :1", {reminder}),
            "failed");

  // "Restart": a new system on the same database, with a working channel.
  auto reopened = app::System::Open(sys.cfg, false);
  ASSERT_TRUE(reopened.ok()) << reopened.status().message();
  auto& again = **reopened;
  auto working = std::make_shared<FakeChannel>();
  again.notices->SetChannels({working});
  again.notices->AddReminderSource("test", source);
  EXPECT_EQ(*again.notices->RunReminders(t0 + 1000), 0);   // the key was sent before
  EXPECT_EQ(*again.notices->RunDeliveries(t0 + 1000), 0);  // not due yet (back-off)
  EXPECT_EQ(*again.notices->RunDeliveries(t0 + notice::NoticeService::BackoffMs(1)), 1);
  EXPECT_EQ(*again.notices->RunDeliveries(t0 + kDay), 0);
  ASSERT_EQ(working->calls.size(), 1u);
  EXPECT_EQ(working->calls[0], reminder);
  EXPECT_NE(working->calls[0], delivered);
  EXPECT_EQ(QueryInt(sys, "SELECT COUNT(*) FROM notices"), 2);
  EXPECT_EQ(QueryStr(sys, "SELECT status FROM notice_deliveries WHERE notice_id = :1", {reminder}),
            "sent");
  EXPECT_EQ(
      QueryInt(sys, "SELECT attempts FROM notice_deliveries WHERE notice_id = :1", {reminder}), 2);
}

TEST_F(NoticeApiTest, AFailingChannelBacksOffThenGivesUpAndTheNoticeStaysInTheInbox) {
  auto& sys = *stack_.sys;
  sys.cfg.notice_max_attempts = 3;
  fake_->down = true;
  long long id = PublishOk("admin", {{"region", kHuicheng}});
  int64_t t0 = NowMs();
  EXPECT_EQ(*sys.notices->RunDeliveries(t0), 1);
  EXPECT_EQ(*sys.notices->RunDeliveries(t0 + 10000), 0);  // 30 s back-off
  int64_t t1 = t0 + notice::NoticeService::BackoffMs(1);
  EXPECT_EQ(*sys.notices->RunDeliveries(t1), 1);
  EXPECT_EQ(*sys.notices->RunDeliveries(t1 + notice::NoticeService::BackoffMs(2) - 1), 0);
  int64_t t2 = t1 + notice::NoticeService::BackoffMs(2);
  EXPECT_GT(notice::NoticeService::BackoffMs(2), notice::NoticeService::BackoffMs(1));
  EXPECT_EQ(*sys.notices->RunDeliveries(t2), 1);
  EXPECT_EQ(*sys.notices->RunDeliveries(t2 + kDay), 0);  // dead: never tried again
  EXPECT_EQ(fake_->calls.size(), 3u);
  auto d = Get("admin", N(id, "/deliveries"));
  ASSERT_EQ(d["items"].size(), 1u);
  EXPECT_EQ(d["items"][0]["status"], "dead");
  EXPECT_EQ(d["items"][0]["attempts"], 3);
  EXPECT_EQ(d["items"][0]["last_error"], "connection refused");
  ASSERT_EQ(d["log"].size(), 3u);
  EXPECT_EQ(d["log"][0]["outcome"], "dead");
  EXPECT_EQ(d["log"][1]["outcome"], "failed");
  EXPECT_EQ(CountEvents(sys, "notice.delivery_dead"), 1);
  // The inbox still has it.
  auto inbox = Get("org_hc", "/api/v1/inbox");
  ASSERT_EQ(inbox["total"], 1);
  EXPECT_EQ(inbox["items"][0]["id"], id);
  Get("org_hc", N(id, "/deliveries"), 403);
}

TEST_F(NoticeApiTest, WebhookChannelPostsJsonAndTreatsNon2xxAsFailure) {
  notice::DeliveryRow d;
  d.id = 7;
  notice::Message m;
  m.notice_id = 42;
  m.title = "培训通知";
  m.body = "明天上午九点";
  {
    Listener ok(204);
    Config cfg;
    cfg.notice_webhook_url = ok.url();
    auto chans = notice::ConfiguredChannels(cfg);
    ASSERT_EQ(chans.size(), 1u);
    EXPECT_EQ(chans[0]->name(), "webhook");
    Status st = chans[0]->Send(d, m);
    EXPECT_TRUE(st.ok()) << st.message();
    EXPECT_NE(ok.request.find("POST /hook"), std::string::npos);
    EXPECT_NE(ok.request.find("\"notice_id\":42"), std::string::npos);
    EXPECT_NE(ok.request.find("培训通知"), std::string::npos);
  }
  {
    Listener bad(500);
    Config cfg;
    cfg.notice_webhook_url = bad.url();
    Status st = notice::ConfiguredChannels(cfg)[0]->Send(d, m);
    EXPECT_FALSE(st.ok());
    EXPECT_NE(st.message().find("500"), std::string::npos);
  }
  Config none;
  none.notice_webhook_url = "http://127.0.0.1:1/hook";  // nobody listens
  EXPECT_FALSE(notice::ConfiguredChannels(none)[0]->Send(d, m).ok());
  Config smtp;
  smtp.smtp_url = "smtp://127.0.0.1:1";
  auto chans = notice::ConfiguredChannels(smtp);
  ASSERT_EQ(chans.size(), 1u);
  EXPECT_EQ(chans[0]->name(), "smtp");
  EXPECT_TRUE(chans[0]->per_recipient());
  EXPECT_EQ(notice::ConfiguredChannels(Config{})[0]->name(), "log");
  EXPECT_EQ(notice::ExtractEmail("电话 0750-1234567，邮箱 hc.women@example.cn"),
            "hc.women@example.cn");
  EXPECT_EQ(notice::ExtractEmail("0750-1234567"), "");
}

// The log channel (no webhook or SMTP configured) writes ids and a count, never the
// title: it is free text and may name a person, and logs hold no personal data.
TEST_F(NoticeApiTest, LogChannelLogsIdsAndCountButNotTheTitle) {
  notice::DeliveryRow d;
  d.id = 9;
  notice::Message m;
  m.notice_id = 4242;
  m.recipients = 3;
  m.title = "关于表彰李秀英同志的通报";
  m.body = "联系电话 13800138000";
  std::ostringstream out;
  auto previous = spdlog::default_logger();
  auto capture = std::make_shared<spdlog::logger>(
      "capture", std::make_shared<spdlog::sinks::ostream_sink_mt>(out));
  spdlog::set_default_logger(capture);
  Status st = notice::ConfiguredChannels(Config{})[0]->Send(d, m);
  spdlog::set_default_logger(previous);
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_NE(out.str().find("notice 4242 (delivery 9) to 3 recipients"), std::string::npos)
      << out.str();
  EXPECT_EQ(out.str().find("李秀英"), std::string::npos) << out.str();
  EXPECT_EQ(out.str().find("13800138000"), std::string::npos) << out.str();
}

TEST_F(NoticeApiTest, PerRecipientChannelGetsOnlyOrganizationsWithAnAddress) {
  auto& sys = *stack_.sys;
  class Mail : public FakeChannel {
   public:
    Mail() : FakeChannel("mail") {}
    bool per_recipient() const override { return true; }
  };
  auto mail = std::make_shared<Mail>();
  sys.notices->SetChannels({fake_, mail});
  ASSERT_TRUE(ExecSql(sys, "UPDATE orgs SET public_contact = :1 WHERE id = :2",
                      {std::string("邮箱 hc@example.cn"), hc_})
                  .ok());
  long long id = PublishOk("admin", nlohmann::json::object());
  auto d = Get("admin", N(id, "/deliveries"));
  ASSERT_EQ(d["items"].size(), 2u);  // one webhook-like row, one e-mail to 会城
  EXPECT_EQ(d["items"][1]["channel"], "mail");
  EXPECT_EQ(d["items"][1]["org_id"], hc_);
  EXPECT_EQ(d["items"][1]["address"], "hc@example.cn");
  EXPECT_EQ(*sys.notices->RunDeliveries(NowMs()), 2);
  EXPECT_EQ(mail->calls.size(), 1u);
}

}  // namespace
}  // namespace shuniu::testing

namespace shuniu::testing {
namespace {

TEST_F(NoticeApiTest, AttachmentsMustBeFilesTheSenderMaySee) {
  const std::string pdf =
      "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";
  Principal ts_staff = stack_.sys->users->CliPrincipal("test");
  ts_staff.region_code = kTaishan;
  ts_staff.role = Role::kStaff;
  auto ts_file = stack_.sys->files->Upload(ts_staff, "台山通知附件.pdf", pdf, std::nullopt);
  ASSERT_TRUE(ts_file.ok()) << ts_file.status().message();
  Principal xh = ts_staff;
  xh.region_code = kXinhui;
  auto xh_file = stack_.sys->files->Upload(xh, "年审材料清单.pdf", pdf, std::nullopt);
  ASSERT_TRUE(xh_file.ok()) << xh_file.status().message();
  auto r = As("xh_staff")
               .Call("POST", "/api/v1/notices",
                     nlohmann::json{{"title", "年审材料"},
                                    {"body", "见附件"},
                                    {"audience", nlohmann::json::object()},
                                    {"attachments", {ts_file->id}}}
                         .dump());
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(ErrorField(r), "attachments");
  r = As("xh_staff")
          .Call("POST", "/api/v1/notices",
                nlohmann::json{{"title", "年审材料"},
                               {"body", "见附件"},
                               {"audience", nlohmann::json::object()},
                               {"attachments", {xh_file->id}}}
                    .dump());
  ASSERT_EQ(r.status, 201) << r.body;
  auto n = nlohmann::json::parse(r.body);
  ASSERT_EQ(n["attachments"].size(), 1u);
  EXPECT_EQ(n["attachments"][0], xh_file->id);
}

}  // namespace
}  // namespace shuniu::testing
