// JSON forms of the project cycle's records.
#include "project/project_json.h"

#include "core/time.h"

namespace shuniu::project {

using nlohmann::json;

namespace {
json Opt(const std::optional<long long>& v) { return v ? json(*v) : json(); }
json Figures(const PoolFigures& f) {
  return {{"key", f.key},
          {"name", f.name},
          {"planned", f.planned},
          {"committed", f.committed},
          {"disbursed", f.disbursed},
          {"remaining", f.planned - f.committed}};
}
}  // namespace

json ProjectJson(const Project& p) {
  json ind = json::array(), bl = json::array(), ben = json::object();
  for (auto& i : p.indicators)
    ind.push_back({{"name", i.name}, {"target", i.target}, {"unit", i.unit}});
  for (auto& l : p.budget_lines) bl.push_back({{"name", l.name}, {"amount", l.amount}});
  if (p.beneficiaries.total) ben["total"] = *p.beneficiaries.total;
  if (p.beneficiaries.women) ben["women"] = *p.beneficiaries.women;
  if (p.beneficiaries.men) ben["men"] = *p.beneficiaries.men;
  return {{"id", p.id},
          {"title", p.title},
          {"department", p.department},
          {"year", p.year},
          {"region_code", p.region_code},
          {"region_name", p.region_name},
          {"objectives", p.objectives},
          {"target_groups", p.target_groups},
          {"beneficiaries", ben},
          {"indicators", ind},
          {"budget_lines", bl},
          {"budget_total", p.budget_total},
          {"duration_months", p.duration_months},
          {"org_ids", p.org_ids},
          {"survey_id", Opt(p.survey_id)},
          {"channel", p.channel.empty() ? json() : json(p.channel)},
          {"state", p.state},
          {"pool_id", Opt(p.pool_id)},
          {"funding_source", p.funding_source.empty() ? json() : json(p.funding_source)},
          {"committed", p.committed},
          {"contract_id", Opt(p.contract_id)},
          {"note", p.note},
          {"created_by_name", p.created_by_name},
          {"version", p.version},
          {"created_at", Rfc3339(p.created_at)},
          {"updated_at", Rfc3339(p.updated_at)}};
}

json PoolJson(const Pool& p) {
  return {{"id", p.id},
          {"year", p.year},
          {"source", p.source},
          {"region_code", p.region_code},
          {"region_name", p.region_name},
          {"name", p.name},
          {"planned", p.planned},
          {"committed", p.committed},
          {"disbursed", p.disbursed},
          {"remaining", p.remaining()},
          {"version", p.version},
          {"created_at", Rfc3339(p.created_at)},
          {"updated_at", Rfc3339(p.updated_at)}};
}

json PoolSummaryJson(const PoolSummary& s) {
  json bs = json::array(), br = json::array();
  for (auto& f : s.by_source) bs.push_back(Figures(f));
  for (auto& f : s.by_region) br.push_back(Figures(f));
  json t = Figures(s.total);
  t.erase("key");
  t.erase("name");
  return {{"region_code", s.region_code},
          {"year", Opt(s.year)},
          {"total", t},
          {"by_source", bs},
          {"by_region", br}};
}

json ContractJson(const Contract& c, bool detail) {
  json j = {{"id", c.id},
            {"project_id", c.project_id},
            {"project_title", c.project_title},
            {"channel", c.channel},
            {"reason", c.reason},
            {"region_code", c.region_code},
            {"provider_org_id", c.provider_org_id},
            {"provider_name", c.provider_name},
            {"purchaser_name", c.purchaser_name},
            {"purchaser_org_id", Opt(c.purchaser_org_id)},
            {"start_on", c.start_on},
            {"end_on", c.end_on},
            {"stable_service", c.stable_service},
            {"term_reason", c.term_reason},
            {"price", c.price},
            {"paid", c.paid},
            {"created_at", Rfc3339(c.created_at)}};
  if (detail) {
    json ms = json::array(), ps = json::array();
    for (auto& m : c.milestones)
      ms.push_back({{"id", m.id},
                    {"seq", m.seq},
                    {"name", m.name},
                    {"amount", m.amount},
                    {"due_on", m.due_on},
                    {"paid", m.paid}});
    for (auto& p : c.payments)
      ps.push_back({{"id", p.id},
                    {"milestone_id", p.milestone_id},
                    {"amount", p.amount},
                    {"paid_on", p.paid_on},
                    {"note", p.note},
                    {"recorded_by_name", p.recorded_by_name},
                    {"approved_by", Opt(p.approved_by)},
                    {"approved_by_name", p.approved_by_name},
                    {"created_at", Rfc3339(p.created_at)}});
    j["milestones"] = ms;
    j["payments"] = ps;
  }
  return j;
}

json IncomeJson(const Income& i) {
  return {{"id", i.id},
          {"org_id", i.org_id},
          {"org_name", i.org_name},
          {"region_code", i.region_code},
          {"received_on", i.received_on},
          {"year", i.year},
          {"amount", i.amount},
          {"source", i.source},
          {"contract_id", Opt(i.contract_id)},
          {"payment_id", Opt(i.payment_id)},
          {"note", i.note},
          {"created_by_name", i.created_by_name},
          {"created_at", Rfc3339(i.created_at)}};
}

json IncomeSummaryJson(const IncomeSummary& s) {
  json bs = json::array(), bo = json::array();
  for (auto& [k, v] : s.by_source) bs.push_back({{"source", k}, {"amount", v}});
  for (auto& [id, name, total, nongov] : s.by_org)
    bo.push_back({{"org_id", id},
                  {"org_name", name},
                  {"total", total},
                  {"non_government", nongov},
                  {"non_government_share",
                   total ? static_cast<double>(nongov) / static_cast<double>(total) : 0.0}});
  return {{"region_code", s.region_code.empty() ? json() : json(s.region_code)},
          {"year", Opt(s.year)},
          {"org_id", Opt(s.org_id)},
          {"total", s.total},
          {"government", s.government},
          {"non_government", s.non_government},
          {"non_government_share",
           s.total ? static_cast<double>(s.non_government) / static_cast<double>(s.total) : 0.0},
          {"by_source", bs},
          {"by_org", bo}};
}

}  // namespace shuniu::project
