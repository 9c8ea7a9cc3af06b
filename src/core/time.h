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

// Moves the clock to a China day at 10:00 (plus extra_ms) until destroyed: the demo
// loaders record past years' work (2014 tenders, residencies) with that day's times.
class ScopedChinaDay {
 public:
  ScopedChinaDay() = default;
  ~ScopedChinaDay() { SetClockOffsetMs(0); }
  ScopedChinaDay(const ScopedChinaDay&) = delete;
  ScopedChinaDay& operator=(const ScopedChinaDay&) = delete;
  void At(const std::string& ymd, int64_t extra_ms = 0);
};

}  // namespace shuniu
