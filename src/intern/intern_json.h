// JSON forms of internship bases, interns and hour entries (phones masked unless
// unmasked) and their audit snapshots (always masked).
#pragma once

#include <nlohmann/json.hpp>

#include "intern/intern_service.h"

namespace shuniu::intern {

nlohmann::json BaseJson(const Base& b);
nlohmann::json InternJson(const Intern& x);
nlohmann::json HourJson(const HourEntry& e);
nlohmann::json OrgInternsJson(const OrgInterns& o);
nlohmann::json FiguresJson(const Figures& f);
nlohmann::json BaseAuditJson(const Base& b);
nlohmann::json InternAuditJson(const Intern& x);

}  // namespace shuniu::intern
