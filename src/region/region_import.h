// Reads the china-division region tree (CSV folder or data.sqlite) into 12-digit
// statistical division codes, independent of the database layer.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace shuniu::region {

// One division. `code` and `parent_code` are 12-digit codes; `parent_code` is
// empty for provinces. `level`: 1 province, 2 city, 3 county, 4 town, 5 village.
struct RegionRow {
  std::string code;
  std::string name;
  int level = 0;
  std::string parent_code;
};

// Reads a china-division `dist` folder (provinces/cities/areas/streets/villages
// .csv) when `path` is a directory, or its data.sqlite (opened read-only) when
// `path` is a file. Calls `sink` for every row, parents before children. With a
// non-empty `code_prefix` (digits, e.g. "4407") only rows whose 12-digit code
// starts with it are emitted, plus the ancestors of the prefix.
//
// Placeholder rows whose padded code equals their parent's (the county row
// 441900 "东莞市" under city 4419, the town row 350527000 "金门县") are skipped;
// their children attach to that same code. Every emitted row's parent has been
// emitted before it. Malformed input yields an error naming file and line; an
// error returned by `sink` aborts the read and is returned.
Status ReadChinaDivision(const std::string& path, const std::string& code_prefix,
                         const std::function<Status(const RegionRow&)>& sink);

// "4407" -> "440700000000". Accepts 2, 4, 6, 9 or 12 digits with a non-zero
// province part; anything else -> "".
std::string PadCode(std::string_view raw);

// 1..5 from the trailing zero segments of a 12-digit code; 0 if invalid.
int LevelOf(std::string_view code12);

// The 12-digit code one level up ("" for a province or an invalid code). For
// towns directly under a city without counties (441900101000) this is the city
// itself (441900000000), which is how the data stores them.
std::string ParentOf(std::string_view code12);

}  // namespace shuniu::region
