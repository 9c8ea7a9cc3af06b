// UTC time helpers: the clock (overridable in tests), RFC 3339 formatting and parsing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace shuniu {

// Milliseconds since the Unix epoch, UTC. Tests may shift it with SetClockOffsetMs.
int64_t NowMs();
void SetClockOffsetMs(int64_t offset);

// "2026-11-26T09:50:27Z" (milliseconds dropped when zero, else ".123Z").
std::string Rfc3339(int64_t ms);
// Parses RFC 3339 with Z or ±hh:mm offset, or a plain date YYYY-MM-DD (midnight UTC).
std::optional<int64_t> ParseRfc3339(std::string_view s);

}  // namespace shuniu
