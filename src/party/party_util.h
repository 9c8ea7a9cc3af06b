// Helpers shared by the Party service files: actor names, text checks, the
// sealing purposes and the member columns.
#pragma once

#include <optional>
#include <string>

#include "core/principal.h"
#include "core/result.h"
#include "db/database.h"

namespace shuniu::party {

inline constexpr const char* kIdPurpose = "party.id_number";
inline constexpr const char* kPhonePurpose = "party.phone";

inline std::string Actor(const Principal& p) {
  return p.ctx.actor_name.empty() ? p.username : p.ctx.actor_name;
}
// A text of min–max code points into `out` when given; the error names `field`.
Status Text(const std::optional<std::string>& in, const char* field, long long min, long long max,
            std::string& out);
// A date field: empty allowed when `optional`, else YYYY-MM-DD.
Status DateField(const std::optional<std::string>& in, const char* field, bool optional,
                 std::string& out);
inline db::Value TextOrNull(const std::string& s) { return s.empty() ? db::Null() : db::Value(s); }

}  // namespace shuniu::party
