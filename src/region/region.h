// Region entities: a node of the statistical division tree.
#pragma once

#include <string>
#include <vector>

namespace shuniu::region {

struct Region {
  std::string code;  // 12 digits
  std::string name;
  int level = 0;  // 1 province … 5 village/community
  std::string parent_code;
  long long child_count = 0;
};

struct PathItem {
  std::string code, name;
};

struct RegionDetail {
  Region region;
  std::vector<PathItem> path;  // root (province) → self
};

struct SearchHit {
  Region region;
  std::string path_name;  // "江门市/新会区/会城街道"
};

}  // namespace shuniu::region
