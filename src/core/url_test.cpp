// Percent-decoding: escapes in either case, + as a space in query strings, bad escapes refused.
#include "core/url.h"

#include <gtest/gtest.h>

namespace shuniu {
namespace {

struct DecodeCase {
  const char* in;
  bool plus_is_space;
  bool ok;
  const char* out;
};

class PercentDecodeTest : public ::testing::TestWithParam<DecodeCase> {};

TEST_P(PercentDecodeTest, DecodesEscapesAndRejectsBadOnes) {
  const DecodeCase& c = GetParam();
  std::string out;
  EXPECT_EQ(PercentDecode(c.in, &out, c.plus_is_space), c.ok) << c.in;
  if (c.ok) {
    EXPECT_EQ(out, c.out) << c.in;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, PercentDecodeTest,
    ::testing::Values(DecodeCase{"", false, true, ""}, DecodeCase{"abc", false, true, "abc"},
                      DecodeCase{"%E4%BC%9A%E5%9F%8E", false, true, "会城"},
                      DecodeCase{"%e4%bc%9a", false, true, "会"},  // lower-case hex
                      DecodeCase{"a+b", true, true, "a b"}, DecodeCase{"a+b", false, true, "a+b"},
                      DecodeCase{"a%2Bb", true, true, "a+b"}, DecodeCase{"%25", false, true, "%"},
                      DecodeCase{"x%41", false, true, "xA"}, DecodeCase{"%2F", false, true, "/"},
                      DecodeCase{"%", false, false, ""}, DecodeCase{"%4", false, false, ""},
                      DecodeCase{"ab%4", false, false, ""}, DecodeCase{"%zz", false, false, ""},
                      DecodeCase{"%G1", false, false, ""}, DecodeCase{"%-1", false, false, ""},
                      DecodeCase{"% 1", false, false, ""}));

}  // namespace
}  // namespace shuniu
