// Internal helpers shared by the supervision files (not for other capabilities):
// roles, the project/contract facts supervision checks, and small validators.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/json_input.h"
#include "core/principal.h"
#include "core/result.h"
#include "db/database.h"

namespace shuniu::project::sv {

inline bool IsStaff(const Principal& p) { return p.role == Role::kAdmin || p.role == Role::kStaff; }
inline bool IsReader(const Principal& p) { return IsStaff(p) || p.role == Role::kAuditor; }
inline std::string Actor(const Principal& p) {
  return p.ctx.actor_name.empty() ? p.username : p.ctx.actor_name;
}
inline std::optional<long long> UserId(const Principal& p) {
  return p.user_id ? std::optional<long long>(p.user_id) : std::nullopt;
}

struct MilestoneRef {
  long long id = 0, seq = 0, amount = 0, paid = 0;
  std::string name, due_on;
};
// What supervision needs to know of a project and its contract.
struct ProjectRef {
  long long id = 0;
  std::string title, state, region_code;
  std::vector<std::pair<std::string, long long>> budget_lines;  // name, fen
  long long expected_beneficiaries = 0;
  std::optional<long long> contract_id;
  long long provider_org_id = 0, price = 0, paid = 0;
  std::string provider_name, start_on, end_on;
  std::vector<MilestoneRef> milestones;
  const MilestoneRef* Milestone(long long id) const {
    for (auto& m : milestones)
      if (m.id == id) return &m;
    return nullptr;
  }
};

// The project with its contract (no scope check); nullopt when missing.
Result<std::optional<ProjectRef>> FindProject(db::Conn& c, long long id);
// Whether `p` may read records of the project (staff/auditor by region, org
// accounts when their organization holds the contract).
bool Sees(const Principal& p, const ProjectRef& pr);

// Appends "cond" with each '?' replaced by the next numbered placeholder.
struct Where {
  std::string sql;
  std::vector<db::Value> params;
  void Add(const std::string& cond, const std::vector<db::Value>& vs);
  std::string Page(long long size, long long page);
};

Status Text(const nlohmann::json& j, const std::string& field, long long min, long long max,
            std::string& out);
Status Count(const nlohmann::json& j, const std::string& field, long long& out);
Status Date(const std::string& s, const std::string& field);
std::string Short(const std::string& s, size_t max_bytes = 60);

}  // namespace shuniu::project::sv
