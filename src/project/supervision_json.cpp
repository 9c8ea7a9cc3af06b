// JSON forms of supervision records (API responses and audit snapshots). Money is fen.
#include "core/time.h"
#include "project/supervision_service.h"

namespace shuniu::project {

using nlohmann::json;

namespace {
json Opt(const std::optional<long long>& v) { return v ? json(*v) : json(); }
json OptTime(const std::optional<long long>& v) { return v ? json(Rfc3339(*v)) : json(); }
}  // namespace

json ReportJson(const ProgressReport& r) {
  json acts = json::array(), sp = json::array(), regions = json::array();
  for (auto& a : r.activities)
    acts.push_back({{"name", a.name}, {"held_on", a.held_on}, {"participants", a.participants}});
  for (auto& s : r.spending) sp.push_back({{"line", s.line}, {"amount", s.amount}});
  const auto& b = r.beneficiaries;
  for (auto& [code, n] : b.regions) regions.push_back({{"region_code", code}, {"count", n}});
  return {{"id", r.id},
          {"project_id", r.project_id},
          {"project_title", r.project_title},
          {"contract_id", r.contract_id},
          {"milestone_id", r.milestone_id},
          {"milestone_name", r.milestone_name},
          {"org_id", r.org_id},
          {"org_name", r.org_name},
          {"region_code", r.region_code},
          {"period_end", r.period_end},
          {"narrative", r.narrative},
          {"activities", acts},
          {"beneficiaries",
           {{"total", b.total},
            {"female", b.female},
            {"male", b.male},
            {"children", b.children},
            {"adults", b.adults},
            {"seniors", b.seniors},
            {"regions", regions}}},
          {"spending", sp},
          {"spending_total", r.spending_total},
          {"file_ids", r.file_ids},
          {"state", r.state},
          {"return_reason", r.return_reason},
          {"submitted_at", OptTime(r.submitted_at)},
          {"decided_by", Opt(r.decided_by)},
          {"decided_by_name", r.decided_by_name},
          {"decided_at", OptTime(r.decided_at)},
          {"created_by_name", r.created_by_name},
          {"version", r.version},
          {"created_at", Rfc3339(r.created_at)},
          {"updated_at", Rfc3339(r.updated_at)}};
}

json TrancheJson(const Tranche& t) {
  return {{"id", t.id},
          {"project_id", t.project_id},
          {"project_title", t.project_title},
          {"contract_id", t.contract_id},
          {"provider_name", t.provider_name},
          {"milestone_id", t.milestone_id},
          {"milestone_name", t.milestone_name},
          {"report_id", t.report_id},
          {"region_code", t.region_code},
          {"amount", t.amount},
          {"state", t.state},
          {"note", t.note},
          {"reason", t.reason},
          {"requested_by", Opt(t.requested_by)},
          {"requested_by_name", t.requested_by_name},
          {"approved_by", Opt(t.approved_by)},
          {"approved_by_name", t.approved_by_name},
          {"approved_at", OptTime(t.approved_at)},
          {"released_by", Opt(t.released_by)},
          {"released_by_name", t.released_by_name},
          {"paid_on", t.paid_on.empty() ? json() : json(t.paid_on)},
          {"payment_id", Opt(t.payment_id)},
          {"version", t.version},
          {"created_at", Rfc3339(t.created_at)},
          {"updated_at", Rfc3339(t.updated_at)}};
}

json InspectionJson(const Inspection& i) {
  json fs = json::array();
  for (auto& f : i.findings)
    fs.push_back({{"id", f.id},
                  {"seq", f.seq},
                  {"description", f.description},
                  {"rectify_by", f.rectify_by},
                  {"state", f.state},
                  {"response", f.response},
                  {"responded_at", OptTime(f.responded_at)},
                  {"note", f.note},
                  {"closed_by_name", f.closed_by_name},
                  {"closed_at", OptTime(f.closed_at)}});
  return {{"id", i.id},
          {"project_id", i.project_id},
          {"project_title", i.project_title},
          {"org_id", Opt(i.org_id)},
          {"region_code", i.region_code},
          {"inspected_on", i.inspected_on},
          {"inspectors", i.inspectors},
          {"summary", i.summary},
          {"state", i.state},
          {"findings", fs},
          {"created_by_name", i.created_by_name},
          {"version", i.version},
          {"created_at", Rfc3339(i.created_at)},
          {"updated_at", Rfc3339(i.updated_at)}};
}

json RiskJson(const Risk& r) {
  return {{"kind", r.kind},
          {"project_id", r.project_id},
          {"project_title", r.project_title},
          {"region_code", r.region_code},
          {"org_id", Opt(r.org_id)},
          {"milestone_id", Opt(r.milestone_id)},
          {"line", r.line},
          {"expected", r.expected},
          {"actual", r.actual},
          {"detail_zh", r.detail_zh},
          {"detail_en", r.detail_en}};
}

}  // namespace shuniu::project
