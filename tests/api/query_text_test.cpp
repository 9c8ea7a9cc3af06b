// Text in query strings and paths reaches SQL parameters and JSON answers: it must be
// whole UTF-8 (PostgreSQL refuses broken characters with an internal error). Found
// while writing the routes fuzz target. Runs on SQLite, and on PostgreSQL when
// SHUNIU_TEST_DB is set.
#include "api/harness.h"

namespace shuniu::testing {
namespace {

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

std::string Encode(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : s) {
    out += '%';
    out += kHex[ch >> 4];
    out += kHex[ch & 15];
  }
  return out;
}

class QueryTextTest : public ::testing::Test {
 protected:
  void SetUp() override {
    s_ = MakeStack();
    MakeUser(*s_.sys, "jm_staff", Role::kStaff, "440700000000");
    MakeUser(*s_.sys, "jm_admin", Role::kAdmin, "440700000000");
  }
  Stack s_;
};

// 34 characters of three bytes each: the filters keep 100 bytes, which used to end
// inside the 34th character, and PostgreSQL answered a search with 500.
TEST_F(QueryTextTest, LongChineseSearchesAnswerOnEveryList) {
  std::string name = Repeat("向", 34);
  MakeOrg(*s_.sys, name, "440705000000");
  Client staff = LoggedIn(s_, "jm_staff");
  auto r = staff.Call("GET", "/api/v1/orgs?q=" + Encode(name));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(staff.Json(r)["total"], 1);
  for (const char* list : {"/api/v1/trainings", "/api/v1/meetings", "/api/v1/surveys",
                           "/api/v1/bases", "/api/v1/competitions", "/api/v1/homes"}) {
    auto l = staff.Call("GET", std::string(list) + "?q=" + Encode(name));
    EXPECT_EQ(l.status, 200) << list << ": " << l.body;
  }
  Client admin = LoggedIn(s_, "jm_admin");
  auto users = admin.Call("GET", "/api/v1/users?q=" + Encode(Repeat("向", 22)));
  EXPECT_EQ(users.status, 200) << users.body;
}

TEST_F(QueryTextTest, QueryValuesThatAreNotUtf8AreRefusedNamingTheParameter) {
  Client staff = LoggedIn(s_, "jm_staff");
  for (const char* bad : {"%FF", "%C0%80", "%E5%90", "%ED%A0%80"}) {
    auto r = staff.Call("GET", std::string("/api/v1/orgs?q=") + bad);
    EXPECT_EQ(r.status, 422) << bad << ": " << r.body;
    EXPECT_EQ(ErrorField(r), "q") << bad;
  }
  auto key = staff.Call("GET", "/api/v1/orgs?%FF=1");
  EXPECT_EQ(key.status, 422) << key.body;
  EXPECT_EQ(ErrorField(key), "query");
}

TEST_F(QueryTextTest, PathValuesThatAreNotUtf8AreRefused) {
  Client staff = LoggedIn(s_, "jm_staff");
  auto r = staff.Call("GET", "/api/v1/regions/%FF%FE/children");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(ErrorField(r), "code");
}

}  // namespace
}  // namespace shuniu::testing
