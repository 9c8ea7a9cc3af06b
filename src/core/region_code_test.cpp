// Region code arithmetic: validity, levels, subtree ranges and containment.
#include "core/region_code.h"

#include <gtest/gtest.h>

namespace shuniu {
namespace {

constexpr const char* kGuangdong = "440000000000";
constexpr const char* kJiangmen = "440700000000";
constexpr const char* kXinhui = "440705000000";
constexpr const char* kHuicheng = "440705001000";
constexpr const char* kBeimen = "440705001001";  // 北门社区, a community of 会城街道
constexpr const char* kTaishan = "440781000000";
constexpr const char* kDaze = "440705101000";  // 大泽镇, a sibling town of 会城街道

struct LevelCase {
  const char* code;
  int level;
};

class RegionLevelTest : public ::testing::TestWithParam<LevelCase> {};

TEST_P(RegionLevelTest, LevelAndValidityAgree) {
  const LevelCase& c = GetParam();
  EXPECT_EQ(RegionLevel(c.code), c.level) << c.code;
  EXPECT_EQ(IsRegionCode(c.code), c.level != 0) << c.code;
}

INSTANTIATE_TEST_SUITE_P(
    Table, RegionLevelTest,
    ::testing::Values(
        LevelCase{kGuangdong, 1}, LevelCase{kJiangmen, 2}, LevelCase{kXinhui, 3},
        LevelCase{kHuicheng, 4}, LevelCase{kBeimen, 5}, LevelCase{kTaishan, 3}, LevelCase{kDaze, 4},
        // towns directly under a city without counties (东莞市 东城街道)
        LevelCase{"441900003000", 4}, LevelCase{"", 0}, LevelCase{"44070500000", 0},  // 11 digits
        LevelCase{"4407050000000", 0},                                                // 13 digits
        LevelCase{"44070500000a", 0}, LevelCase{"44070500000 ", 0}, LevelCase{"-44070500000", 0},
        LevelCase{"000000000000", 0}, LevelCase{"000705000000", 0},  // no province
        LevelCase{"４４０７０５００００００", 0}));                  // full-width digits

TEST(PrefixLengthTest, SignificantDigitsPerLevel) {
  const int expected[] = {0, 2, 4, 6, 9, 12, 0};
  for (int level = 0; level <= 6; ++level) EXPECT_EQ(PrefixLength(level), expected[level]) << level;
  EXPECT_EQ(PrefixLength(-1), 0);
}

struct RangeCase {
  const char* code;
  const char* lo;
  const char* hi;
};

class SubtreeRangeTest : public ::testing::TestWithParam<RangeCase> {};

TEST_P(SubtreeRangeTest, CoversExactlyTheDescendants) {
  const RangeCase& c = GetParam();
  CodeRange r = SubtreeRange(c.code);
  EXPECT_EQ(r.lo, c.lo) << c.code;
  EXPECT_EQ(r.hi, c.hi) << c.code;
}

INSTANTIATE_TEST_SUITE_P(
    Table, SubtreeRangeTest,
    ::testing::Values(RangeCase{kGuangdong, kGuangdong, "449999999999"},
                      RangeCase{kJiangmen, kJiangmen, "440799999999"},
                      RangeCase{kXinhui, kXinhui, "440705999999"},
                      RangeCase{kHuicheng, kHuicheng, "440705001999"},
                      RangeCase{kBeimen, kBeimen, kBeimen},
                      // invalid codes get a range that matches no 12-digit code
                      RangeCase{"bad", "~", "~"}, RangeCase{"000705000000", "~", "~"},
                      // the national root covers every code
                      RangeCase{kNationalRoot, kNationalRoot, "999999999999"}));

struct SubtreeCase {
  const char* code;
  const char* scope;
  bool inside;
};

class InSubtreeTest : public ::testing::TestWithParam<SubtreeCase> {};

TEST_P(InSubtreeTest, ContainmentFollowsTheTree) {
  const SubtreeCase& c = GetParam();
  EXPECT_EQ(InSubtree(c.code, c.scope), c.inside) << c.code << " in " << c.scope;
}

INSTANTIATE_TEST_SUITE_P(
    Table, InSubtreeTest,
    ::testing::Values(
        // a chain: 江门市 ⊃ 新会区 ⊃ 会城街道 ⊃ 北门社区, each also in itself
        SubtreeCase{kXinhui, kJiangmen, true}, SubtreeCase{kHuicheng, kJiangmen, true},
        SubtreeCase{kBeimen, kJiangmen, true}, SubtreeCase{kHuicheng, kXinhui, true},
        SubtreeCase{kBeimen, kXinhui, true}, SubtreeCase{kBeimen, kHuicheng, true},
        SubtreeCase{kJiangmen, kJiangmen, true}, SubtreeCase{kXinhui, kXinhui, true},
        SubtreeCase{kBeimen, kBeimen, true}, SubtreeCase{kJiangmen, kGuangdong, true},
        // everything is inside the national root, which is inside nothing else
        SubtreeCase{kGuangdong, kNationalRoot, true}, SubtreeCase{kBeimen, kNationalRoot, true},
        SubtreeCase{kNationalRoot, kNationalRoot, true},
        SubtreeCase{kNationalRoot, kGuangdong, false}, SubtreeCase{"bad", kNationalRoot, false},
        // parents are never inside their children
        SubtreeCase{kJiangmen, kXinhui, false}, SubtreeCase{kXinhui, kHuicheng, false},
        SubtreeCase{kHuicheng, kBeimen, false}, SubtreeCase{kGuangdong, kJiangmen, false},
        // siblings and cousins
        SubtreeCase{kTaishan, kXinhui, false}, SubtreeCase{kXinhui, kTaishan, false},
        SubtreeCase{kDaze, kHuicheng, false}, SubtreeCase{"440705001002", kBeimen, false},
        SubtreeCase{"440781001001", kXinhui, false}, SubtreeCase{"440100000000", kJiangmen, false},
        // invalid codes or scopes contain nothing
        SubtreeCase{"4407050010", kXinhui, false}, SubtreeCase{"44070500100a", kXinhui, false},
        SubtreeCase{kXinhui, "bad", false}, SubtreeCase{kXinhui, "", false},
        SubtreeCase{"~", "000000000000", false}));

}  // namespace
}  // namespace shuniu

namespace shuniu {
namespace {

TEST(AncestorCodesTest, ListsProvinceDownAndSkipsMissingLevels) {
  EXPECT_EQ(
      AncestorCodes("440705001001"),
      (std::vector<std::string>{"440000000000", "440700000000", "440705000000", "440705001000"}));
  EXPECT_EQ(AncestorCodes("440705000000", true),
            (std::vector<std::string>{"440000000000", "440700000000", "440705000000"}));
  // 东莞 has no county level: a town hangs directly under the city.
  EXPECT_EQ(AncestorCodes("441900003000"),
            (std::vector<std::string>{"440000000000", "441900000000"}));
  EXPECT_TRUE(AncestorCodes("440000000000").empty());
  EXPECT_TRUE(AncestorCodes("not a code", true).empty());
}

}  // namespace
}  // namespace shuniu
