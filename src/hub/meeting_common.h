// Small helpers shared by the meeting and training services (scope, states,
// dates); internal to src/hub/meeting_* and training_*.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/principal.h"
#include "core/region_code.h"
#include "core/result.h"
#include "core/time.h"
#include "db/database.h"

namespace shuniu::hub::gather {

inline bool IsManager(const Principal& p) {
  return p.role == Role::kAdmin || p.role == Role::kStaff;
}
inline bool IsReader(const Principal& p) { return IsManager(p) || p.role == Role::kAuditor; }

// A state machine as a list of allowed (from, to) pairs.
using Transitions = std::vector<std::pair<const char*, const char*>>;
inline bool Allowed(const Transitions& t, const std::string& from, const std::string& to) {
  for (auto& [a, b] : t)
    if (from == a && to == b) return true;
  return false;
}
// 409 naming the current state and the attempted one.
inline Status CheckTransition(const Transitions& t, const char* what, const std::string& from,
                              const std::string& to) {
  if (Allowed(t, from, to)) return Status::Ok();
  return Conflict(std::string(what) + " is " + from + "; it cannot become " + to + " (" + from +
                  " → " + to + " is not allowed)");
}

// Today's date in China (UTC+8), YYYY-MM-DD: due dates are local dates.
inline std::string TodayCn(int64_t now_ms) {
  return Rfc3339(now_ms + 8LL * 3600 * 1000).substr(0, 10);
}

inline bool IsDate(const std::string& s) {
  return s.size() == 10 && s[4] == '-' && s[7] == '-' && ParseRfc3339(s).has_value();
}

// A WHERE clause built in order: each '?' of a condition becomes the next
// numbered placeholder (SOCI binds by occurrence, so order matters).
struct Where {
  std::string sql = " WHERE 1 = 1";
  std::vector<db::Value> params;
  void Add(const std::string& cond, std::vector<db::Value> vals = {}) {
    std::string out = " AND ";
    size_t k = 0;
    for (char ch : cond) {
      if (ch == '?' && k < vals.size()) {
        params.push_back(vals[k++]);
        out += ":" + std::to_string(params.size());
      } else {
        out += ch;
      }
    }
    sql += out;
  }
};

}  // namespace shuniu::hub::gather
