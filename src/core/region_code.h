// 12-digit statistical division codes: validation, levels and subtree ranges.
// A subtree is the code range [lo, hi], so scope filters are one indexed BETWEEN.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace shuniu {

// The whole country as a scope: above every province and no division code
// itself (IsRegionCode is false for it). A national deployment
// (root_region = 000000000000) and its national accounts hold it.
inline constexpr const char* kNationalRoot = "000000000000";

// True for exactly 12 ASCII digits with a well-formed level (no digits after a zero group).
bool IsRegionCode(std::string_view code);
// 1 province, 2 city, 3 county, 4 town, 5 village; 0 when invalid.
int RegionLevel(std::string_view code);
// Number of significant leading digits for a level: 2, 4, 6, 9, 12.
int PrefixLength(int level);
struct CodeRange {
  std::string lo, hi;
};
// The code range covering `code` and all its descendants (every code for kNationalRoot).
CodeRange SubtreeRange(std::string_view code);
// The ancestors of `code` from the province down, leaving out levels the code
// skips (东莞 and 中山 have no county level); with_self appends `code` itself.
std::vector<std::string> AncestorCodes(std::string_view code, bool with_self = false);
// True when `code` is `scope` or lies below it (every division code and the
// root itself lie below kNationalRoot).
bool InSubtree(std::string_view code, std::string_view scope);
// A division code or kNationalRoot: what an account's scope may be.
bool IsScopeCode(std::string_view code);

}  // namespace shuniu
