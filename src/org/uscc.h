// Unified social credit code (统一社会信用代码, GB 32100-2015): parsing, check character
// and consistency warnings against an organization record.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace shuniu::org {

// The decoded parts of a valid code.
struct UsccInfo {
  char authority = 0;          // position 1, registration authority code ('5' = 民政)
  char category = 0;           // position 2, category within the authority
  std::string division6;       // positions 3-8, administrative division code
  std::string authority_name;  // Chinese name, e.g. "民政"; empty if the code is unassigned
  std::string category_name;   // Chinese name, e.g. "社会团体"; empty if unknown
};

// Validates format and check character of an 18-character code. Input must already be upper
// case and trimmed. On failure returns InvalidArgument("uscc", msg) where msg says what is
// wrong: non-ASCII or forbidden character at position N, lower case, length, non-digit
// division, or the wrong check character with the expected one.
Result<UsccInfo> ParseUscc(std::string_view code);

// The check character for the first 17 characters; '\0' if `first17` is not 17 characters
// of the code alphabet.
char UsccCheckChar(std::string_view first17);

// Human-readable English warnings (not errors) where the decoded code disagrees with the
// record: `kind` "association", "social_service_agency" or "foundation" must be 民政 with the
// matching category (other kinds: no check); `region_code` (12 digits) must lie inside the
// code's division (a city-level division 440700 covers every region under 4407). Empty when
// consistent; an invalid region code skips the division check.
std::vector<std::string> UsccWarnings(const UsccInfo& info, std::string_view kind,
                                      std::string_view region_code);

}  // namespace shuniu::org
