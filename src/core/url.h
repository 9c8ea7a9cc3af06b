// Percent-decoding of URL parts (request paths and query strings, database URLs).
#pragma once

#include <string>

namespace shuniu {

// Decodes %XX escapes (either case of hex) of `in` into *out, and '+' to a space
// when plus_is_space (query strings); false on a bad or cut-off escape.
bool PercentDecode(const std::string& in, std::string* out, bool plus_is_space);

}  // namespace shuniu
