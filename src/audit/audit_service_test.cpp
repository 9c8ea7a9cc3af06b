// The audit chain on a real database (SQLite, or PostgreSQL via SHUNIU_TEST_DB):
// events link by prev_hash, the DB guard refuses UPDATE/DELETE, and Verify names
// the first broken event once the guard is bypassed.
#include "audit/audit_service.h"

#include "api/harness.h"

namespace shuniu::audit {
namespace {

using shuniu::testing::ExecSql;

class AuditServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    sys_ = shuniu::testing::FreshSystem(false);
    for (int i = 1; i <= 5; ++i) Add("test.event", "440705000000", nlohmann::json{{"i", i}});
    auto events = All();
    for (size_t i = events.size() - 5; i < events.size(); ++i) seqs_.push_back(events[i].seq);
  }

  void Add(const std::string& action, const std::string& region, nlohmann::json after) {
    RequestContext ctx{7, "tester", "req-1", "10.0.0.9"};
    Status st = sys_->db->Tx([&](db::Conn& c) {
      return AuditService::Record(c, ctx, action, "thing", "1", region, std::nullopt, after);
    });
    ASSERT_TRUE(st.ok()) << st.message();
  }

  std::vector<Event> All() {
    std::vector<Event> out;
    Status st = sys_->db->Read([&](db::Conn& c) {
      return ForEachEvent(c, [&](const Event& e, const std::string&, const std::string&) {
        out.push_back(e);
        return true;
      });
    });
    EXPECT_TRUE(st.ok()) << st.message();
    return out;
  }

  long long SeqOf(int i) { return seqs_.at(i - 1); }  // our i-th event, 1-based

  VerifyReport Verify() {
    auto r = sys_->audit->Verify();
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? r.value() : VerifyReport{};
  }

  // Bypasses the append-only guard the way someone with raw database access could.
  void DropGuard() {
    bool pg = sys_->db->engine() == db::Engine::kPostgresql;
    if (pg) {
      ASSERT_TRUE(ExecSql(*sys_, "DROP TRIGGER audit_events_no_update ON audit_events").ok());
    } else {
      ASSERT_TRUE(ExecSql(*sys_, "DROP TRIGGER audit_events_no_update").ok());
      ASSERT_TRUE(ExecSql(*sys_, "DROP TRIGGER audit_events_no_delete").ok());
    }
  }

  std::unique_ptr<app::System> sys_;
  std::vector<long long> seqs_;
};

TEST_F(AuditServiceTest, EventsChainByPrevHashFromTheGenesis) {
  auto events = All();
  ASSERT_GE(events.size(), 5u);
  EXPECT_EQ(events.front().seq, 1);
  EXPECT_EQ(events.front().prev_hash, std::string(64, '0'));
  for (size_t i = 1; i < events.size(); ++i) {
    EXPECT_EQ(events[i].seq, events[i - 1].seq + 1);
    EXPECT_EQ(events[i].prev_hash, events[i - 1].hash);
    EXPECT_EQ(events[i].hash.size(), 64u);
    EXPECT_NE(events[i].hash, events[i - 1].hash);
  }
  const Event& last = events.back();
  EXPECT_EQ(last.actor_id, 7);
  EXPECT_EQ(last.actor_name, "tester");
  EXPECT_EQ(last.action, "test.event");
  EXPECT_EQ(last.region_code, "440705000000");
  EXPECT_EQ(last.client_ip, "10.0.0.9");
  EXPECT_EQ((*last.after)["i"], 5);
}

TEST_F(AuditServiceTest, VerifyIsOkOnAnIntactChain) {
  VerifyReport rep = Verify();
  EXPECT_TRUE(rep.ok) << rep.reason;
  EXPECT_EQ(rep.events, static_cast<long long>(All().size()));
  EXPECT_EQ(rep.first_broken_seq, 0);
}

TEST_F(AuditServiceTest, RecordRollsBackWithItsTransaction) {
  size_t before = All().size();
  Status st = sys_->db->Tx([&](db::Conn& c) {
    SHUNIU_RETURN_IF_ERROR(
        AuditService::Record(c, RequestContext{}, "test.rolled_back", "x", "1", ""));
    return Internal("the caller's write failed");
  });
  EXPECT_FALSE(st.ok());
  EXPECT_EQ(All().size(), before);
  EXPECT_TRUE(Verify().ok);
}

TEST_F(AuditServiceTest, DatabaseRefusesUpdateAndDelete) {
  long long seq = SeqOf(2);
  size_t before = All().size();
  EXPECT_FALSE(ExecSql(*sys_, "UPDATE audit_events SET action = 'x' WHERE seq = :1", {seq}).ok());
  EXPECT_FALSE(ExecSql(*sys_, "UPDATE audit_events SET hash = prev_hash").ok());
  EXPECT_FALSE(ExecSql(*sys_, "DELETE FROM audit_events WHERE seq = :1", {seq}).ok());
  EXPECT_FALSE(ExecSql(*sys_, "DELETE FROM audit_events").ok());
  if (sys_->db->engine() == db::Engine::kPostgresql) {
    EXPECT_FALSE(ExecSql(*sys_, "TRUNCATE audit_events").ok());
  }
  auto events = All();
  ASSERT_EQ(events.size(), before);
  for (auto& e : events) EXPECT_EQ(e.action, "test.event");
  EXPECT_TRUE(Verify().ok);
}

TEST_F(AuditServiceTest, ChangedActionIsReportedAtThatEvent) {
  DropGuard();
  long long seq = SeqOf(3);
  ASSERT_TRUE(
      ExecSql(*sys_, "UPDATE audit_events SET action = 'test.innocent' WHERE seq = :1", {seq})
          .ok());
  VerifyReport rep = Verify();
  EXPECT_FALSE(rep.ok);
  EXPECT_EQ(rep.first_broken_seq, seq);
  EXPECT_NE(rep.reason.find("hash"), std::string::npos) << rep.reason;
}

TEST_F(AuditServiceTest, ChangedPayloadIsReportedAtThatEvent) {
  DropGuard();
  long long seq = SeqOf(4);
  ASSERT_TRUE(ExecSql(*sys_, "UPDATE audit_events SET after_json = :1 WHERE seq = :2",
                      {std::string(R"({"i":40})"), seq})
                  .ok());
  VerifyReport rep = Verify();
  EXPECT_FALSE(rep.ok);
  EXPECT_EQ(rep.first_broken_seq, seq);
}

TEST_F(AuditServiceTest, RehashedEventBreaksTheLinkOfTheNext) {
  DropGuard();
  long long seq = SeqOf(2);
  ASSERT_TRUE(ExecSql(*sys_, "UPDATE audit_events SET hash = :1 WHERE seq = :2",
                      {std::string(64, 'a'), seq})
                  .ok());
  VerifyReport rep = Verify();
  EXPECT_FALSE(rep.ok);
  EXPECT_EQ(rep.first_broken_seq, seq);  // its own content no longer matches its hash
}

TEST_F(AuditServiceTest, DeletedMiddleEventIsASequenceGapAtTheNext) {
  DropGuard();
  long long seq = SeqOf(3);
  ASSERT_TRUE(ExecSql(*sys_, "DELETE FROM audit_events WHERE seq = :1", {seq}).ok());
  VerifyReport rep = Verify();
  EXPECT_FALSE(rep.ok);
  EXPECT_EQ(rep.first_broken_seq, seq + 1);
  EXPECT_NE(rep.reason.find("sequence gap"), std::string::npos) << rep.reason;
}

TEST_F(AuditServiceTest, ListIsScopedForStaffAndAuditorsAndRefusedForOthers) {
  Add("test.elsewhere", "440781000000", nlohmann::json{{"i", 6}});
  Principal staff;
  staff.role = Role::kStaff;
  staff.region_code = "440705000000";
  Filter f;
  f.action = "test.";
  f.size = 200;
  auto mine = sys_->audit->List(staff, f);
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(mine->second, 5);
  for (auto& e : mine->first) EXPECT_EQ(e.region_code, "440705000000");
  staff.role = Role::kAuditor;
  EXPECT_EQ(sys_->audit->List(staff, f)->second, 5);
  staff.role = Role::kAdmin;
  EXPECT_EQ(sys_->audit->List(staff, f)->second, 6);
  for (Role r : {Role::kOrg, Role::kReviewer}) {
    staff.role = r;
    EXPECT_EQ(sys_->audit->List(staff, f).status().code(), Code::kPermissionDenied);
  }
}

}  // namespace
}  // namespace shuniu::audit
