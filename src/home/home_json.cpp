// JSON forms of the Homes capability (see home_json.h).
#include "home/home_json.h"

#include "core/time.h"

namespace shuniu::home {

using nlohmann::json;

namespace {
json OptId(const std::optional<long long>& v) { return v ? json(*v) : json(); }
json OptText(const std::string& s) { return s.empty() ? json() : json(s); }
json ByStar(const std::map<long long, long long>& m) {
  json o = json::object();
  for (long long s = 0; s <= 5; ++s) {
    auto it = m.find(s);
    o[std::to_string(s)] = it == m.end() ? 0 : it->second;
  }
  return o;
}
json Row(const FigureRow& r) {
  return {{"region_code", r.region_code},
          {"region_name", r.region_name},
          {"homes", r.homes},
          {"by_star", ByStar(r.by_star)},
          {"funding_fen", r.funding_fen}};
}
}  // namespace

json HomeJson(const Home& h) {
  return {{"id", h.id},
          {"region_code", h.region_code},
          {"region_name", h.region_name},
          {"name", h.name},
          {"kind", h.kind},
          {"address", h.address},
          {"contact_name", h.contact_name},
          {"contact_phone", h.contact_phone},
          {"phone_unmasked", h.phone_unmasked},
          {"org_id", OptId(h.org_id)},
          {"org_name", h.org_name},
          {"founded_on", OptText(h.founded_on)},
          {"status", h.status},
          {"opening_hours", h.opening_hours},
          {"services", h.services},
          {"area_m2", h.area_m2},
          {"star_level", h.star_level},
          {"star_status", h.star_status},
          {"star_valid_from", OptText(h.star_valid_from)},
          {"star_valid_until", OptText(h.star_valid_until)},
          {"star_assessment_id", OptId(h.star_assessment_id)},
          {"funding_total_fen", h.funding_total_fen},
          {"pending_assessments", h.pending_assessments},
          {"created_by_name", h.created_by_name},
          {"version", h.version},
          {"created_at", Rfc3339(h.created_at)},
          {"updated_at", Rfc3339(h.updated_at)}};
}

json HomeAuditJson(const Home& h) {
  return {{"id", h.id},
          {"region_code", h.region_code},
          {"name", h.name},
          {"kind", h.kind},
          {"address", h.address},
          {"contact_name", h.contact_name},
          {"contact_phone", h.phone_unmasked ? std::string("***") : h.contact_phone},
          {"org_id", OptId(h.org_id)},
          {"founded_on", OptText(h.founded_on)},
          {"status", h.status},
          {"opening_hours", h.opening_hours},
          {"services", h.services},
          {"area_m2", h.area_m2},
          {"version", h.version}};
}

json CriteriaJson(const Criteria& c) {
  json items = json::array();
  long long total = 0;
  for (auto& i : c.items) {
    items.push_back({{"code", i.code}, {"name", i.name}, {"max_points", i.max_points}});
    total += i.max_points;
  }
  return {{"id", c.id},
          {"region_code", c.region_code},
          {"region_name", c.region_name},
          {"year", c.year},
          {"items", items},
          {"max_total", total},
          {"thresholds", c.thresholds},
          {"validity_years", c.validity_years},
          {"created_by_name", c.created_by_name},
          {"version", c.version},
          {"updated_at", Rfc3339(c.updated_at)}};
}

json AssessmentJson(const Assessment& a) {
  json items = json::array();
  for (auto& i : a.items)
    items.push_back({{"code", i.code},
                     {"name", i.name},
                     {"max_points", i.max_points},
                     {"points", i.points},
                     {"note", i.note},
                     {"file_ids", i.file_ids}});
  return {{"id", a.id},
          {"home_id", a.home_id},
          {"home_name", a.home_name},
          {"region_code", a.region_code},
          {"criteria_id", a.criteria_id},
          {"application_id", OptId(a.application_id)},
          {"items", items},
          {"total_points", a.total_points},
          {"star_level", a.star_level},
          {"notes", a.notes},
          {"assessor_name", a.assessor_name},
          {"assessed_on", a.assessed_on},
          {"valid_from", a.valid_from},
          {"valid_until", a.valid_until},
          {"state", a.state},
          {"decision_note", a.decision_note},
          {"recorded_by", OptId(a.recorded_by)},
          {"recorded_by_name", a.recorded_by_name},
          {"decided_by", OptId(a.decided_by)},
          {"decided_by_name", a.decided_by_name},
          {"decided_at", a.decided_at ? json(Rfc3339(*a.decided_at)) : json()},
          {"created_at", Rfc3339(a.created_at)}};
}

json FundingJson(const Funding& f) {
  return {{"id", f.id},
          {"home_id", f.home_id},
          {"region_code", f.region_code},
          {"year", f.year},
          {"amount_fen", f.amount_fen},
          {"source", f.source},
          {"note", f.note},
          {"recorded_by_name", f.recorded_by_name},
          {"created_at", Rfc3339(f.created_at)}};
}

json FiguresJson(const Figures& f) {
  json children = json::array();
  for (auto& r : f.children) children.push_back(Row(r));
  return {{"year", f.year}, {"total", Row(f.total)}, {"children", children}};
}

json HistoryJson(const HistoryEntry& e) {
  return {{"at", Rfc3339(e.at)},
          {"actor_name", e.actor_name},
          {"action", e.action},
          {"before", e.before ? *e.before : json()},
          {"after", e.after ? *e.after : json()}};
}

}  // namespace shuniu::home
