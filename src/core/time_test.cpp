// RFC 3339 formatting and parsing, and the test clock offset.
#include "core/time.h"

#include <gtest/gtest.h>

namespace shuniu {
namespace {

constexpr int64_t kHour = 3600 * 1000;

struct FormatCase {
  int64_t ms;
  const char* text;
};

class Rfc3339Test : public ::testing::TestWithParam<FormatCase> {};

TEST_P(Rfc3339Test, FormatsUtcAndParsesBack) {
  const FormatCase& c = GetParam();
  EXPECT_EQ(Rfc3339(c.ms), c.text);
  auto back = ParseRfc3339(c.text);
  ASSERT_TRUE(back.has_value()) << c.text;
  EXPECT_EQ(*back, c.ms) << c.text;
}

INSTANTIATE_TEST_SUITE_P(Table, Rfc3339Test,
                         ::testing::Values(FormatCase{0, "1970-01-01T00:00:00Z"},
                                           FormatCase{1234, "1970-01-01T00:00:01.234Z"},
                                           FormatCase{-1, "1969-12-31T23:59:59.999Z"},
                                           FormatCase{1795686627000, "2026-11-26T09:50:27Z"},
                                           FormatCase{1795686627005, "2026-11-26T09:50:27.005Z"},
                                           FormatCase{1709164800000,
                                                      "2024-02-29T00:00:00Z"},  // leap day
                                           FormatCase{4102444799999, "2099-12-31T23:59:59.999Z"}));

struct ParseCase {
  const char* text;
  int64_t ms;
};

class ParseOffsetTest : public ::testing::TestWithParam<ParseCase> {};

TEST_P(ParseOffsetTest, OffsetsAndDatesAreNormalisedToUtc) {
  auto t = ParseRfc3339(GetParam().text);
  ASSERT_TRUE(t.has_value()) << GetParam().text;
  EXPECT_EQ(*t, GetParam().ms) << GetParam().text;
}

constexpr int64_t k0950 = 1795686627000;  // 2026-11-26T09:50:27Z
INSTANTIATE_TEST_SUITE_P(
    Table, ParseOffsetTest,
    ::testing::Values(ParseCase{"2026-11-26T17:50:27+08:00", k0950},  // Beijing time
                      ParseCase{"2026-11-26T04:20:27-05:30", k0950},
                      ParseCase{"2026-11-26T09:50:27+00:00", k0950},
                      ParseCase{"2026-11-26T09:50:27-00:00", k0950},
                      ParseCase{"2026-11-26t09:50:27z", k0950},  // lower case allowed
                      ParseCase{"2026-11-26 09:50:27Z", k0950},  // space separator
                      ParseCase{"2026-11-26T09:50:27.5Z", k0950 + 500},
                      ParseCase{"2026-11-26T09:50:27.123456Z", k0950 + 123},  // sub-ms truncated
                      ParseCase{"2026-11-27T01:50:27.000+16:00", k0950},
                      ParseCase{"2026-11-26", k0950 - 9 * kHour - 50 * 60000 - 27000},
                      ParseCase{"2026-03-01", 1772323200000}));

class ParseInvalidTest : public ::testing::TestWithParam<const char*> {};

TEST_P(ParseInvalidTest, IsRejected) {
  EXPECT_FALSE(ParseRfc3339(GetParam()).has_value()) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(
    Table, ParseInvalidTest,
    ::testing::Values("", "abc", "2026", "2026-02-30", "2026-02-29", "2026-04-31", "2026-13-01",
                      "2026-00-10", "2026-01-00", "2026-01-32", "2026/01/01", "26-01-01",
                      "2026-1-01", "2026-01-01T", "2026-01-01T10:00", "2026-01-01T10:00:00",
                      "2026-01-01T24:00:00Z", "2026-01-01T10:60:00Z", "2026-01-01T10:00:61Z",
                      "2026-01-01T10:00:00+0800", "2026-01-01T10:00:00+08", "2026-01-01T10:00:00.Z",
                      "2026-01-01T10:00:00Z ", " 2026-01-01T10:00:00Z", "2026-01-01T10:00:00ZZ",
                      "2026-01-01X10:00:00Z", "2026-01-01T10:00:00+08:00x", "２０２６-01-01"));

TEST(ClockTest, OffsetMovesNowAndResets) {
  int64_t before = NowMs();
  SetClockOffsetMs(31 * 60 * 1000);
  int64_t shifted = NowMs();
  SetClockOffsetMs(0);
  int64_t after = NowMs();
  EXPECT_GE(shifted - before, 31 * 60 * 1000);
  EXPECT_LT(after, shifted);
  EXPECT_GE(after, before);
}

}  // namespace
}  // namespace shuniu
