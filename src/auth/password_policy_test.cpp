// Tests of the asvs and dengbao3 password profiles, the embedded
// common-password list and the password generator.
#include "auth/password_policy.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace shuniu::auth {
namespace {

// `n` copies of a 3-byte Chinese character: n code points, 3n bytes.
std::string Han(size_t n) {
  std::string s;
  for (size_t i = 0; i < n; ++i) s += "\xE6\x9E\xA2";  // 枢
  return s;
}

struct Case {
  const char* name;
  PolicyProfile profile;
  std::string password;
  std::string username;
  bool ok;
};

class CheckPasswordTest : public ::testing::TestWithParam<Case> {};

TEST_P(CheckPasswordTest, Decides) {
  const Case& c = GetParam();
  const Status st = CheckPassword(c.profile, c.password, c.username);
  EXPECT_EQ(st.ok(), c.ok) << st.message();
  if (!st.ok()) {
    EXPECT_EQ(st.code(), Code::kInvalidArgument);
    EXPECT_EQ(st.field(), "password");
    EXPECT_FALSE(st.message().empty());
  }
}

constexpr PolicyProfile kA = PolicyProfile::kAsvs;
constexpr PolicyProfile kD = PolicyProfile::kDengbao3;

INSTANTIATE_TEST_SUITE_P(
    Table, CheckPasswordTest,
    ::testing::Values(
        // asvs length counts code points, not bytes.
        Case{"AsvsHan11", kA, Han(11), "zhang", false},
        Case{"AsvsHan12", kA, Han(12), "zhang", true},
        Case{"AsvsHan128", kA, Han(128), "zhang", true},
        Case{"AsvsHan129", kA, Han(129), "zhang", false},
        Case{"AsvsAscii11", kA, "kx9vqmtrwzp", "zhang", false},
        Case{"AsvsAscii12", kA, "kx9vqmtrwzpa", "zhang", true},
        Case{"AsvsAscii128", kA, std::string(128, 'q'), "zhang", true},
        Case{"AsvsAscii129", kA, std::string(129, 'q'), "zhang", false},
        Case{"AsvsAnyChars", kA, "all lower case words", "zhang", true},
        // Common passwords, any case.
        Case{"AsvsCommon", kA, "qwerty123456", "zhang", false},
        Case{"AsvsCommonUpper", kA, "QWERTY123456", "zhang", false},
        Case{"AsvsCommonMixed", kA, "1q2W3e4R5t6Y", "zhang", false},
        Case{"AsvsCommonMixed2", kA, "QazWsxEdc123", "zhang", false},
        Case{"AsvsNearCommon", kA, "qwerty1234567", "zhang", true},
        // Username equality and containment (case-insensitive).
        Case{"AsvsEqualsUser", kA, "wangxiaoming", "wangxiaoming", false},
        Case{"AsvsContainsUser", kA, "my-Zhang-river-2024", "zhang", false},
        Case{"AsvsShortUserNotContained", kA, "lily-pad-river", "li", true},
        Case{"AsvsShortUserEqual", kA, "ab", "ab", false},
        Case{"AsvsHanUserContained", kA, Han(14), Han(3), false},
        Case{"AsvsInvalidUtf8", kA, "abcdefghijk\xFF", "zhang", false},
        Case{"AsvsOverlongUtf8", kA, "abcdefghijk\xC0\xAF", "zhang", false},
        Case{"AsvsSurrogateUtf8", kA, "abcdefghijk\xED\xA0\x80", "zhang", false},
        Case{"AsvsTruncatedUtf8", kA, "abcdefghijk\xE6\x9E", "zhang", false},
        // 11 ASCII + one 4-byte emoji = 12 code points.
        Case{"AsvsEmojiCountsOnce", kA, "abcdefghijk\xF0\x9F\x94\x91", "zhang", true},
        // dengbao3: 8..128 and 3 of 4 classes.
        Case{"DbTooShort", kD, "Ab1!xyz", "zhang", false},
        Case{"DbEight3Classes", kD, "Abcdefg1", "zhang", true},
        Case{"DbLowerUpperOnly", kD, "Abcdefgh", "zhang", false},
        Case{"DbLowerDigitOnly", kD, "abcdefg1", "zhang", false},
        Case{"DbLowerDigitOther", kD, "abcdef1!", "zhang", true},
        Case{"DbUpperDigitOther", kD, "ABCDEF1!", "zhang", true},
        Case{"DbHanCountsAsOther", kD, "abc123" + Han(2), "zhang", true},
        Case{"DbHanOnly", kD, Han(8), "zhang", false},
        Case{"DbFourClasses", kD, "Abcd123!", "zhang", true},
        Case{"DbAscii128", kD, "Ab1" + std::string(125, 'x'), "zhang", true},
        Case{"DbAscii129", kD, "Ab1" + std::string(126, 'x'), "zhang", false},
        Case{"DbEqualsUser", kD, "Zhang123!", "zhang123!", false},
        Case{"DbContainsUserAllowed", kD, "Zhang123!x", "zhang", true}),
    [](const ::testing::TestParamInfo<Case>& info) { return info.param.name; });

TEST(PasswordPolicyTest, ParseProfile) {
  ASSERT_TRUE(ParseProfile("asvs").ok());
  EXPECT_EQ(*ParseProfile("asvs"), PolicyProfile::kAsvs);
  ASSERT_TRUE(ParseProfile("dengbao3").ok());
  EXPECT_EQ(*ParseProfile("dengbao3"), PolicyProfile::kDengbao3);
  for (const char* bad : {"", "ASVS", "dengbao", "dengbao2", "none"}) {
    const Result<PolicyProfile> r = ParseProfile(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
    EXPECT_EQ(r.status().field(), "profile");
  }
}

TEST(PasswordPolicyTest, AgeAndHistory) {
  EXPECT_EQ(PasswordMaxAgeDays(PolicyProfile::kAsvs), 0);
  EXPECT_EQ(PasswordMaxAgeDays(PolicyProfile::kDengbao3), 90);
  EXPECT_EQ(PasswordHistoryDepth(PolicyProfile::kAsvs), 0);
  EXPECT_EQ(PasswordHistoryDepth(PolicyProfile::kDengbao3), 5);
}

TEST(PasswordPolicyTest, CommonListIsEmbeddedSortedAndLowerCase) {
  const auto list = CommonPasswords();
  EXPECT_GE(list.size(), 9000u);
  EXPECT_LE(list.size(), 10000u);
  EXPECT_TRUE(std::is_sorted(list.begin(), list.end()));
  for (std::string_view pw : list) {
    ASSERT_FALSE(pw.empty());
    ASSERT_EQ(pw.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), pw.npos) << pw;
  }
  for (std::string_view pw : {"password", "123456", "qwerty", "iloveyou"}) {
    EXPECT_TRUE(std::binary_search(list.begin(), list.end(), pw)) << pw;
  }
}

TEST(PasswordPolicyTest, EveryLongCommonPasswordIsRejected) {
  size_t checked = 0;
  for (std::string_view pw : CommonPasswords()) {
    if (pw.size() < 12) continue;
    ++checked;
    EXPECT_FALSE(CheckPassword(PolicyProfile::kAsvs, pw, "").ok()) << pw;
  }
  EXPECT_GT(checked, 0u);
}

TEST(PasswordPolicyTest, GeneratedPasswordsPassBothProfiles) {
  const std::string ambiguous = "0Oo1lI|'\"` \\";
  std::string previous;
  for (int i = 0; i < 200; ++i) {
    const std::string pw = GeneratePassword();
    ASSERT_EQ(pw.size(), 16u);
    EXPECT_EQ(pw.find_first_of(ambiguous), std::string::npos) << pw;
    EXPECT_TRUE(std::any_of(pw.begin(), pw.end(), ::islower)) << pw;
    EXPECT_TRUE(std::any_of(pw.begin(), pw.end(), ::isupper)) << pw;
    EXPECT_TRUE(std::any_of(pw.begin(), pw.end(), ::isdigit)) << pw;
    EXPECT_TRUE(std::any_of(pw.begin(), pw.end(), ::ispunct)) << pw;
    EXPECT_TRUE(CheckPassword(PolicyProfile::kAsvs, pw, "zhang").ok()) << pw;
    EXPECT_TRUE(CheckPassword(PolicyProfile::kDengbao3, pw, "zhang").ok()) << pw;
    EXPECT_NE(pw, previous);
    previous = pw;
  }
}

}  // namespace
}  // namespace shuniu::auth
