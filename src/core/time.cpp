// UTC clock and RFC 3339 conversion without locale or time-zone dependence.
#include "core/time.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>

namespace shuniu {
namespace {
std::atomic<int64_t> g_offset{0};

bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}
}  // namespace

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count() +
         g_offset.load();
}

void SetClockOffsetMs(int64_t offset) { g_offset.store(offset); }

std::string Rfc3339(int64_t ms) {
  time_t secs = static_cast<time_t>(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
  int frac = static_cast<int>(ms - static_cast<int64_t>(secs) * 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[96];
  if (frac == 0) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                  tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, frac);
  }
  return buf;
}

std::optional<int64_t> ParseRfc3339(std::string_view s) {
  int y, mo, d, h = 0, mi = 0, sec = 0, ms = 0;
  if (!Digits(s, 0, 4, &y) || s.size() < 10 || s[4] != '-' || !Digits(s, 5, 2, &mo) ||
      s[7] != '-' || !Digits(s, 8, 2, &d))
    return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return std::nullopt;
  size_t p = 10;
  int64_t offset_min = 0;
  if (s.size() > 10) {
    if ((s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !Digits(s, 11, 2, &h) || s.size() < 19 ||
        s[13] != ':' || !Digits(s, 14, 2, &mi) || s[16] != ':' || !Digits(s, 17, 2, &sec))
      return std::nullopt;
    if (h > 23 || mi > 59 || sec > 60) return std::nullopt;
    p = 19;
    if (p < s.size() && s[p] == '.') {
      size_t q = p + 1;
      int scale = 100;
      while (q < s.size() && s[q] >= '0' && s[q] <= '9') {
        ms += (s[q] - '0') * scale;
        scale /= 10;
        ++q;
      }
      if (q == p + 1) return std::nullopt;
      p = q;
    }
    if (p >= s.size()) return std::nullopt;
    if (s[p] == 'Z' || s[p] == 'z') {
      ++p;
    } else if (s[p] == '+' || s[p] == '-') {
      int oh, om;
      if (!Digits(s, p + 1, 2, &oh) || s.size() < p + 6 || s[p + 3] != ':' ||
          !Digits(s, p + 4, 2, &om))
        return std::nullopt;
      offset_min = (s[p] == '+' ? 1 : -1) * (oh * 60 + om);
      p += 6;
    } else {
      return std::nullopt;
    }
  }
  if (p != s.size()) return std::nullopt;
  std::tm tm{};
  tm.tm_year = y - 1900;
  tm.tm_mon = mo - 1;
  tm.tm_mday = d;
  tm.tm_hour = h;
  tm.tm_min = mi;
  tm.tm_sec = sec;
  time_t t = timegm(&tm);
  std::tm check{};
  gmtime_r(&t, &check);
  if (check.tm_mday != d) return std::nullopt;  // e.g. Feb 30
  return (static_cast<int64_t>(t) - offset_min * 60) * 1000 + ms;
}

void ScopedChinaDay::At(const std::string& ymd, int64_t extra_ms) {
  SetClockOffsetMs(0);
  auto t = ParseRfc3339(ymd + "T10:00:00+08:00");
  if (t) SetClockOffsetMs(*t + extra_ms - NowMs());
}

}  // namespace shuniu
