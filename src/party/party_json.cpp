// JSON forms of the Party branch records (see party_json.h).
#include "party/party_json.h"

#include "core/time.h"

namespace shuniu::party {

using nlohmann::json;

namespace {
json OrNull(const std::string& s) { return s.empty() ? json() : json(s); }
}  // namespace

nlohmann::json MemberJson(const Member& m) {
  return {{"id", m.id},
          {"branch_id", m.branch_id},
          {"region_code", m.region_code},
          {"name", m.name},
          {"org_id", m.org_id ? json(*m.org_id) : json()},
          {"org_name", m.org_name},
          {"status", m.status},
          {"post", m.post},
          {"joined_party_on", OrNull(m.joined_party_on)},
          {"transfer_in_on", m.transfer_in_on},
          {"transfer_out_on", OrNull(m.transfer_out_on)},
          {"current", m.transfer_out_on.empty()},
          {"id_number", m.id_number},
          {"id_number_unmasked", m.id_number_unmasked},
          {"phone", m.phone},
          {"phone_unmasked", m.phone_unmasked},
          {"activities_held", m.activities_held},
          {"activities_attended", m.activities_attended},
          {"version", m.version},
          {"created_at", Rfc3339(m.created_at)},
          {"updated_at", Rfc3339(m.updated_at)}};
}

nlohmann::json BranchJson(const Branch& b, bool detail) {
  json j = {{"id", b.id},
            {"region_code", b.region_code},
            {"region_name", b.region_name},
            {"name", b.name},
            {"lead_org_id", b.lead_org_id},
            {"lead_org_name", b.lead_org_name},
            {"founded_on", OrNull(b.founded_on)},
            {"description", b.description},
            {"members", b.members},
            {"activities", b.activities},
            {"created_by_name", b.created_by_name},
            {"version", b.version},
            {"created_at", Rfc3339(b.created_at)},
            {"updated_at", Rfc3339(b.updated_at)}};
  if (detail) {
    json officers = json::array(), committee = json::array();
    for (auto& o : b.officers)
      officers.push_back({{"user_id", o.user_id},
                          {"username", o.username},
                          {"display_name", o.display_name},
                          {"appointed_by_name", o.appointed_by_name},
                          {"appointed_at", Rfc3339(o.appointed_at)}});
    for (auto& m : b.committee) committee.push_back(MemberJson(m));
    j["officers"] = officers;
    j["committee"] = committee;
  }
  return j;
}

nlohmann::json ActivityJson(const Activity& a, bool detail) {
  json j = {{"id", a.id},
            {"branch_id", a.branch_id},
            {"region_code", a.region_code},
            {"kind", a.kind},
            {"held_on", a.held_on},
            {"place", a.place},
            {"topic", a.topic},
            {"present", a.present},
            {"absent", a.absent},
            {"excused", a.excused},
            {"created_by_name", a.created_by_name},
            {"version", a.version},
            {"created_at", Rfc3339(a.created_at)},
            {"updated_at", Rfc3339(a.updated_at)}};
  if (detail) {
    j["minutes"] = a.minutes;
    json att = json::array();
    for (auto& x : a.attendance)
      att.push_back({{"member_id", x.member_id},
                     {"member_name", x.member_name},
                     {"status", x.status},
                     {"reason", x.reason}});
    j["attendance"] = att;
  }
  return j;
}

nlohmann::json FiguresJson(const Figures& f) {
  return {{"branches", f.branches},
          {"members_at_end", f.members_at_end},
          {"probationary_at_end", f.probationary_at_end},
          {"activities", f.activities},
          {"activities_by_kind", f.activities_by_kind},
          {"attendance_marked", f.attendance_marked},
          {"attendance_present", f.attendance_present},
          {"attendance_rate", f.attendance_rate}};
}

nlohmann::json BranchAuditJson(const Branch& b) {
  return {{"region_code", b.region_code}, {"name", b.name},
          {"lead_org_id", b.lead_org_id}, {"founded_on", b.founded_on},
          {"description", b.description}, {"version", b.version}};
}

nlohmann::json MemberAuditJson(const Member& m) {
  // Masked forms only: the audit log must not hold personal data in clear.
  return {{"name", m.name},
          {"org_id", m.org_id ? json(*m.org_id) : json()},
          {"status", m.status},
          {"post", m.post},
          {"joined_party_on", m.joined_party_on},
          {"transfer_in_on", m.transfer_in_on},
          {"transfer_out_on", m.transfer_out_on},
          {"id_number", m.id_number_unmasked ? std::string("(unmasked)") : m.id_number},
          {"phone", m.phone_unmasked ? std::string("(unmasked)") : m.phone},
          {"version", m.version}};
}

nlohmann::json ActivityAuditJson(const Activity& a) {
  json att = json::array();
  for (auto& x : a.attendance)
    att.push_back({{"member_id", x.member_id}, {"status", x.status}, {"reason", x.reason}});
  return {{"kind", a.kind},       {"held_on", a.held_on}, {"place", a.place},    {"topic", a.topic},
          {"minutes", a.minutes}, {"attendance", att},    {"version", a.version}};
}

}  // namespace shuniu::party
