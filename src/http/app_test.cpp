// Pure helpers of the request pipeline: path matching and query strings.
#include "http/app.h"

#include <gtest/gtest.h>

namespace shuniu::http {
namespace {

using Params = std::map<std::string, std::string>;

struct MatchCase {
  const char* pattern;
  const char* path;
  bool match;
  Params params;
};

class MatchPathTest : public ::testing::TestWithParam<MatchCase> {};

TEST_P(MatchPathTest, MatchesWholeSegmentsOnly) {
  const MatchCase& c = GetParam();
  Params got;
  EXPECT_EQ(App::MatchPath(c.pattern, c.path, &got), c.match) << c.pattern << " ~ " << c.path;
  if (c.match) {
    EXPECT_EQ(got, c.params) << c.pattern << " ~ " << c.path;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, MatchPathTest,
    ::testing::Values(
        MatchCase{"/api/v1/users", "/api/v1/users", true, {}},
        MatchCase{"/api/v1/users", "/api/v1/users/", false, {}},
        MatchCase{"/api/v1/users", "/api/v1/user", false, {}},
        MatchCase{"/api/v1/users", "/api/v1/usersx", false, {}},
        MatchCase{"/api/v1/users/{id}", "/api/v1/users/42", true, {{"id", "42"}}},
        MatchCase{"/api/v1/users/{id}", "/api/v1/users/abc", true, {{"id", "abc"}}},
        MatchCase{"/api/v1/users/{id}", "/api/v1/users/", false, {}},
        MatchCase{"/api/v1/users/{id}", "/api/v1/users", false, {}},
        MatchCase{"/api/v1/users/{id}", "/api/v1/users/42/", false, {}},
        MatchCase{"/api/v1/users/{id}", "/api/v1/users/42/lock", false, {}},
        MatchCase{"/api/v1/users/{id}/lock", "/api/v1/users/42/lock", true, {{"id", "42"}}},
        MatchCase{"/api/v1/users/{id}/lock", "/api/v1/users/42/unlock", false, {}},
        MatchCase{"/api/v1/users/{id}/lock", "/api/v1/users//lock", false, {}},
        MatchCase{"/api/v1/regions/{code}/children",
                  "/api/v1/regions/440705000000/children",
                  true,
                  {{"code", "440705000000"}}},
        MatchCase{"/api/v1/regions/{code}/children", "/api/v1/regions/440705000000", false, {}},
        MatchCase{"/api/v1/regions/{code}", "/api/v1/regions/440705000000/children", false, {}},
        MatchCase{"/a/{x}/b/{y}", "/a/1/b/2", true, {{"x", "1"}, {"y", "2"}}},
        MatchCase{"/healthz", "/healthz", true, {}}, MatchCase{"/healthz", "/", false, {}}));

struct QueryCase {
  const char* qs;
  bool ok;
  Params out;
};

class ParseQueryTest : public ::testing::TestWithParam<QueryCase> {};

TEST_P(ParseQueryTest, SplitsAndDecodes) {
  const QueryCase& c = GetParam();
  Params got;
  EXPECT_EQ(App::ParseQuery(c.qs, &got), c.ok) << c.qs;
  if (c.ok) {
    EXPECT_EQ(got, c.out) << c.qs;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, ParseQueryTest,
    ::testing::Values(QueryCase{"", true, {}},
                      QueryCase{"a=1&b=%E4%B8%AD", true, {{"a", "1"}, {"b", "中"}}},
                      QueryCase{"q=会城", true, {{"q", "会城"}}},
                      QueryCase{"q=a+b&x=%2B", true, {{"q", "a b"}, {"x", "+"}}},
                      QueryCase{"flag", true, {{"flag", ""}}}, QueryCase{"a=", true, {{"a", ""}}},
                      QueryCase{"a=1&&b=2&", true, {{"a", "1"}, {"b", "2"}}},
                      QueryCase{"a=1&a=2", true, {{"a", "2"}}},  // last one wins
                      QueryCase{"a=x=y", true, {{"a", "x=y"}}},
                      QueryCase{"my%20key=v", true, {{"my key", "v"}}},
                      QueryCase{"a=%zz", false, {}}, QueryCase{"%zz=1", false, {}},
                      QueryCase{"a=1&b=%E4%B", false, {}}));

TEST(SessionCookieTest, IsHttpOnlyStrictAndSecureOnlyWhenAsked) {
  std::string plain = App::SessionCookie("tok", false, 3600);
  EXPECT_EQ(plain, "shuniu_session=tok; Path=/; HttpOnly; SameSite=Strict; Max-Age=3600");
  std::string secure = App::SessionCookie("tok", true, 0);
  EXPECT_NE(secure.find("; Secure"), std::string::npos);
  EXPECT_NE(secure.find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(App::SessionCookie("tok", false, -1).find("Max-Age"), std::string::npos);
}

}  // namespace
}  // namespace shuniu::http
