// Helpers shared by the supervision files: the project facts, scope, validators.
#include "project/supervision_util.h"

#include "core/region_code.h"
#include "project/project_service.h"

namespace shuniu::project::sv {

using nlohmann::json;

Result<std::optional<ProjectRef>> FindProject(db::Conn& c, long long id) {
  auto row = c.QueryOne(
      "SELECT p.id, p.title, p.state, p.region_code, p.budget_lines_json, p.beneficiaries_json, "
      "p.contract_id, k.provider_org_id, k.price, k.paid, o.name, k.start_on, k.end_on FROM "
      "projects p LEFT JOIN contracts k ON k.id = p.contract_id LEFT JOIN orgs o ON o.id = "
      "k.provider_org_id WHERE p.id = :1",
      {id});
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<ProjectRef>();
  const db::Row& r = **row;
  ProjectRef pr;
  pr.id = r.Int(0);
  pr.title = r.Str(1);
  pr.state = r.Str(2);
  pr.region_code = r.Str(3);
  auto bl = json::parse(r.Str(4), nullptr, false);
  if (bl.is_array())
    for (auto& x : bl) pr.budget_lines.emplace_back(x.value("name", ""), x.value("amount", 0LL));
  auto b = json::parse(r.Str(5), nullptr, false);
  if (b.is_object() && b.contains("total") && b["total"].is_number_integer())
    pr.expected_beneficiaries = b["total"].get<long long>();
  pr.contract_id = r.OptInt(6);
  if (pr.contract_id) {
    pr.provider_org_id = r.Int(7);
    pr.price = r.Int(8);
    pr.paid = r.Int(9);
    pr.provider_name = r.Str(10);
    pr.start_on = r.Str(11);
    pr.end_on = r.Str(12);
    auto ms = c.Query(
        "SELECT id, seq, name, amount, due_on, paid FROM contract_milestones WHERE contract_id = "
        ":1 ORDER BY seq",
        {*pr.contract_id});
    if (!ms.ok()) return ms.status();
    for (auto& m : *ms)
      pr.milestones.push_back({m.Int(0), m.Int(1), m.Int(3), m.Int(5), m.Str(2), m.Str(4)});
  }
  return std::optional<ProjectRef>(pr);
}

bool Sees(const Principal& p, const ProjectRef& pr) {
  if (p.role == Role::kOrg) return pr.contract_id && p.org_id && *p.org_id == pr.provider_org_id;
  return IsReader(p) && InSubtree(pr.region_code, p.region_code);
}

void Where::Add(const std::string& cond, const std::vector<db::Value>& vs) {
  std::string s = cond;
  for (auto& v : vs) {
    params.push_back(v);
    size_t q = s.find('?');
    s.replace(q, 1, ":" + std::to_string(params.size()));
  }
  sql += " AND " + s;
}

std::string Where::Page(long long size, long long page) {
  params.push_back(size);
  params.push_back((page - 1) * size);
  return " LIMIT :" + std::to_string(params.size() - 1) +
         " OFFSET :" + std::to_string(params.size());
}

Status Text(const json& j, const std::string& field, long long min, long long max,
            std::string& out) {
  if (!j.is_string()) return InvalidArgument(field, field + " must be a string");
  std::string s = j.get<std::string>();
  long long n = Utf8Length(s);
  if (n < min || n > max)
    return InvalidArgument(field, field + " must have " + std::to_string(min) + "–" +
                                      std::to_string(max) + " characters");
  out = s;
  return Status::Ok();
}

Status Count(const json& j, const std::string& field, long long& out) {
  if (!j.is_number_integer() || j.get<long long>() < 0 || j.get<long long>() > 100000000)
    return InvalidArgument(field, field + " must be a non-negative whole number");
  out = j.get<long long>();
  return Status::Ok();
}

Status Date(const std::string& s, const std::string& field) {
  if (!ValidDate(s)) return InvalidArgument(field, field + " must be a YYYY-MM-DD date");
  return Status::Ok();
}

std::string Short(const std::string& s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t n = max_bytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n) + "…";
}

}  // namespace shuniu::project::sv
