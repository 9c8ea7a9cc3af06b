// JSON forms of the internship records (see intern_json.h).
#include "intern/intern_json.h"

#include "core/time.h"

namespace shuniu::intern {

using nlohmann::json;

namespace {
json Id(const std::optional<long long>& v) { return v ? json(*v) : json(); }
}  // namespace

nlohmann::json BaseJson(const Base& b) {
  return {{"id", b.id},
          {"region_code", b.region_code},
          {"region_name", b.region_name},
          {"name", b.name},
          {"university", b.university},
          {"majors", b.majors},
          {"agreement_no", b.agreement_no},
          {"org_id", Id(b.org_id)},
          {"org_name", b.org_name},
          {"base_id", Id(b.base_id)},
          {"base_name", b.base_name},
          {"term_start", b.term_start},
          {"term_end", b.term_end},
          {"active", b.active},
          {"school_supervisor", b.school_supervisor},
          {"org_supervisor", b.org_supervisor},
          {"interns", b.interns},
          {"hours", b.hours},
          {"created_by_name", b.created_by_name},
          {"version", b.version},
          {"created_at", Rfc3339(b.created_at)},
          {"updated_at", Rfc3339(b.updated_at)}};
}

nlohmann::json InternJson(const Intern& x) {
  return {{"id", x.id},
          {"internship_base_id", x.internship_base_id},
          {"base_name", x.base_name},
          {"university", x.university},
          {"region_code", x.region_code},
          {"org_id", Id(x.org_id)},
          {"org_name", x.org_name},
          {"name", x.name},
          {"school", x.school},
          {"major", x.major},
          {"phone", x.phone},
          {"phone_unmasked", x.phone_unmasked},
          {"start_on", x.start_on},
          {"end_on", x.end_on},
          {"grade", x.grade},
          {"evaluation", x.evaluation},
          {"hours", x.hours},
          {"days", x.days},
          {"version", x.version},
          {"created_at", Rfc3339(x.created_at)},
          {"updated_at", Rfc3339(x.updated_at)}};
}

nlohmann::json HourJson(const HourEntry& e) {
  return {{"id", e.id},
          {"intern_id", e.intern_id},
          {"worked_on", e.worked_on},
          {"hours", e.hours},
          {"activity", e.activity},
          {"recorded_by_name", e.recorded_by_name},
          {"created_at", Rfc3339(e.created_at)}};
}

nlohmann::json OrgInternsJson(const OrgInterns& o) {
  json items = json::array();
  for (auto& x : o.interns) items.push_back(InternJson(x));
  return {{"org_id", o.org_id},
          {"org_name", o.org_name},
          {"items", items},
          {"total", o.interns.size()},
          {"hours", o.hours}};
}

nlohmann::json FiguresJson(const Figures& f) {
  json hosts = json::array();
  for (auto& h : f.hosts)
    hosts.push_back({{"org_id", Id(h.org_id)},
                     {"org_name", h.org_name},
                     {"interns", h.interns},
                     {"hours", h.hours}});
  return {{"bases_active", f.bases_active},
          {"interns_placed", f.interns_placed},
          {"interns_active", f.interns_active},
          {"hours", f.hours},
          {"hosts", hosts}};
}

nlohmann::json BaseAuditJson(const Base& b) {
  return {{"region_code", b.region_code},
          {"name", b.name},
          {"university", b.university},
          {"majors", b.majors},
          {"org_id", Id(b.org_id)},
          {"base_id", Id(b.base_id)},
          {"agreement_no", b.agreement_no},
          {"term_start", b.term_start},
          {"term_end", b.term_end},
          {"school_supervisor", b.school_supervisor},
          {"org_supervisor", b.org_supervisor},
          {"version", b.version}};
}

nlohmann::json InternAuditJson(const Intern& x) {
  return {
      {"name", x.name},         {"school", x.school},
      {"major", x.major},       {"phone", x.phone_unmasked ? std::string("(unmasked)") : x.phone},
      {"start_on", x.start_on}, {"end_on", x.end_on},
      {"grade", x.grade},       {"evaluation", x.evaluation},
      {"version", x.version}};
}

}  // namespace shuniu::intern
