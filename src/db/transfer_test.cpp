// Checksums and copies of whole databases (SQLite, or PostgreSQL via
// SHUNIU_TEST_DB): a checksum sees every change of a row (NULL and '' apart)
// and nothing else, --audit-through leaves out later audit events, and a copy
// refuses a target that is not PostgreSQL. The SQLite → PostgreSQL copy itself is
// checked end to end by tests/backup/drill.sh.
#include "db/transfer.h"

#include <filesystem>

#include "api/harness.h"

namespace shuniu::db {
namespace {

using shuniu::testing::ExecSql;

class TransferTest : public ::testing::Test {
 protected:
  void SetUp() override { sys_ = shuniu::testing::FreshSystem(true); }

  std::vector<TableSum> Sums(std::optional<long long> through = std::nullopt) {
    auto s = Checksums(*sys_->db, through);
    EXPECT_TRUE(s.ok()) << s.status().message();
    return s.ok() ? *s : std::vector<TableSum>{};
  }
  static const TableSum& Of(const std::vector<TableSum>& s, const std::string& table) {
    for (auto& t : s)
      if (t.table == table) return t;
    static TableSum none;
    ADD_FAILURE() << "no table " << table;
    return none;
  }

  std::unique_ptr<app::System> sys_;
};

TEST_F(TransferTest, ChecksumSeesAnInsertedRowAndItsRemoval) {
  auto before = Sums();
  ASSERT_TRUE(
      ExecSql(*sys_,
              "INSERT INTO login_throttle (ip, window_start, failures) VALUES ('10.1.1.1', 1, 2)")
          .ok());
  auto with = Sums();
  EXPECT_EQ(Of(with, "login_throttle").rows, Of(before, "login_throttle").rows + 1);
  EXPECT_NE(Of(with, "login_throttle").sha256, Of(before, "login_throttle").sha256);
  EXPECT_EQ(Of(with, "regions").sha256, Of(before, "regions").sha256);
  ASSERT_TRUE(ExecSql(*sys_, "DELETE FROM login_throttle WHERE ip = '10.1.1.1'").ok());
  EXPECT_EQ(FormatChecksums(Sums()), FormatChecksums(before));
}

TEST_F(TransferTest, ChecksumTellsNullFromEmptyText) {
  auto before = Sums();
  ASSERT_TRUE(ExecSql(*sys_, "UPDATE regions SET parent_code = '' WHERE parent_code IS NULL").ok());
  auto after = Sums();
  EXPECT_EQ(Of(after, "regions").rows, Of(before, "regions").rows);
  EXPECT_NE(Of(after, "regions").sha256, Of(before, "regions").sha256);
}

TEST_F(TransferTest, AuditThroughLeavesOutLaterEvents) {
  auto record = [&](const std::string& action) {
    Status st = sys_->db->Tx([&](Conn& c) {
      return audit::AuditService::Record(c, RequestContext{1, "t", "r", "local"}, action,
                                         "database", "", "440700000000");
    });
    ASSERT_TRUE(st.ok()) << st.message();
  };
  record("db.backup");
  auto before = Sums();
  long long n = Of(before, "audit_events").rows;
  ASSERT_GT(n, 0);
  record("db.restore");
  EXPECT_EQ(Of(Sums(), "audit_events").rows, n + 1);
  EXPECT_EQ(FormatChecksums(Sums(n)), FormatChecksums(before));
  EXPECT_NE(FormatChecksums(Sums(n - 1)), FormatChecksums(before));
}

TEST_F(TransferTest, CopyRefusesATargetThatIsNotPostgresql) {
  auto path = std::filesystem::temp_directory_path() / "shuniu-transfer-test.db";
  std::filesystem::remove(path);
  auto target = Database::Open("sqlite://" + path.string(), 1);
  ASSERT_TRUE(target.ok()) << target.status().message();
  auto r = CopyDatabase(*sys_->db, **target);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(r.status().field(), "to");
  target->reset();
  std::filesystem::remove(path);
}

// The PostgreSQL tools get the URL without its password on their command line
// (readable by every local user in ps) and the password through PGPASSWORD.
TEST(SplitPgPasswordTest, TakesThePasswordOutOfTheUrl) {
  auto t = SplitPgPassword("postgresql://shuniu:s3cret@db.example:5432/shuniu?sslmode=require");
  EXPECT_EQ(t.url, "postgresql://shuniu@db.example:5432/shuniu?sslmode=require");
  EXPECT_EQ(t.password, "s3cret");
}

TEST(SplitPgPasswordTest, DecodesAnEscapedPassword) {
  auto t = SplitPgPassword("postgres://fulian:p%40ss%3Aw%2Fd@127.0.0.1/shuniu");
  EXPECT_EQ(t.url, "postgres://fulian@127.0.0.1/shuniu");
  EXPECT_EQ(t.password, "p@ss:w/d");
}

TEST(SplitPgPasswordTest, LeavesAUrlWithoutPasswordAlone) {
  for (const std::string url :
       {"postgresql://127.0.0.1:5433/shuniu", "postgresql://shuniu@[::1]:5432/shuniu",
        "postgresql:///shuniu?host=/tmp/pg", "postgresql://host/db?user=a@b"}) {
    auto t = SplitPgPassword(url);
    EXPECT_EQ(t.url, url);
    EXPECT_EQ(t.password, "");
  }
}

}  // namespace
}  // namespace shuniu::db
