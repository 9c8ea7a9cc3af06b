// UTF-8 helpers for text from outside (query values, filters): cutting to a size
// without splitting a character. Utf8Length (core/json_input.h) counts and validates.
#pragma once

#include <string>
#include <string_view>

namespace shuniu {

// Length of the well-formed UTF-8 sequence starting at s[i] (no overlong forms, no
// surrogates, nothing above U+10FFFF), 0 when there is none. i must be < s.size().
size_t Utf8SequenceLength(std::string_view s, size_t i);
// The longest prefix of at most `max_bytes` that is whole, valid UTF-8 characters
// (RFC 3629); stops at the first invalid byte. PostgreSQL refuses a broken character.
std::string Utf8Prefix(std::string_view s, size_t max_bytes);

}  // namespace shuniu
