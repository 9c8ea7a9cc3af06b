// Region code arithmetic shared by every scoped capability.
#include "core/region_code.h"

namespace shuniu {

int PrefixLength(int level) {
  static const int kLen[] = {0, 2, 4, 6, 9, 12};
  return (level >= 1 && level <= 5) ? kLen[level] : 0;
}

int RegionLevel(std::string_view code) {
  if (code.size() != 12) return 0;
  for (char ch : code)
    if (ch < '0' || ch > '9') return 0;
  if (code.substr(0, 2) == "00") return 0;  // no province has code 00
  for (int level = 1; level <= 5; ++level) {
    int p = PrefixLength(level);
    if (code.substr(p).find_first_not_of('0') == std::string_view::npos) {
      // the last significant group must not be all zeros (except the province)
      int prev = PrefixLength(level - 1);
      if (level > 1 && code.substr(prev, p - prev).find_first_not_of('0') == std::string_view::npos)
        return 0;
      return level;
    }
  }
  return 0;
}

bool IsRegionCode(std::string_view code) { return RegionLevel(code) != 0; }

CodeRange SubtreeRange(std::string_view code) {
  if (code == kNationalRoot) return {kNationalRoot, "999999999999"};
  int p = PrefixLength(RegionLevel(code));
  if (p == 0) return {"~", "~"};  // matches nothing
  std::string prefix(code.substr(0, p));
  return {std::string(code), prefix + std::string(12 - p, '9')};
}

std::vector<std::string> AncestorCodes(std::string_view code, bool with_self) {
  std::vector<std::string> out;
  int level = RegionLevel(code);
  for (int l = 1; l < level; ++l) {
    int p = PrefixLength(l);
    std::string a = std::string(code.substr(0, p)) + std::string(12 - p, '0');
    if (RegionLevel(a) == l) out.push_back(a);
  }
  if (with_self && level > 0) out.emplace_back(code);
  return out;
}

bool IsScopeCode(std::string_view code) { return code == kNationalRoot || IsRegionCode(code); }

bool InSubtree(std::string_view code, std::string_view scope) {
  if (scope == kNationalRoot) return IsScopeCode(code);
  CodeRange r = SubtreeRange(scope);
  return IsRegionCode(code) && code >= r.lo && code <= r.hi;
}

}  // namespace shuniu
