// Party members: validation (GB 11643 ID number, dates, status, post), sealed
// personal data with masked copies, audited unmasked reads, participation.
#include "audit/audit_service.h"
#include "core/crypto.h"
#include "core/region_code.h"
#include "core/time.h"
#include "org/org_service.h"
#include "party/party_json.h"
#include "party/party_service.h"
#include "party/party_util.h"
#include "party/pii.h"

namespace shuniu::party {

namespace {

constexpr const char* kMemberCols =
    "m.id, m.branch_id, m.region_code, m.name, m.org_id, o.name, m.status, m.post, "
    "m.joined_party_on, m.transfer_in_on, m.transfer_out_on, m.id_number_masked, m.phone_masked, "
    "m.version, m.created_at, m.updated_at, "
    "(SELECT COUNT(*) FROM party_activities a WHERE a.branch_id = m.branch_id AND a.held_on >= "
    "m.transfer_in_on AND (m.transfer_out_on IS NULL OR a.held_on <= m.transfer_out_on)), "
    "(SELECT COUNT(*) FROM party_attendance t WHERE t.member_id = m.id AND t.status = 'present')";
constexpr const char* kMemberFrom = " FROM party_members m LEFT JOIN orgs o ON o.id = m.org_id";

Member MemberFromRow(const db::Row& r) {
  Member m;
  m.id = r.Int(0);
  m.branch_id = r.Int(1);
  m.region_code = r.Str(2);
  m.name = r.Str(3);
  m.org_id = r.OptInt(4);
  m.org_name = r.Str(5);
  m.status = r.Str(6);
  m.post = r.Str(7);
  m.joined_party_on = r.Str(8);
  m.transfer_in_on = r.Str(9);
  m.transfer_out_on = r.Str(10);
  m.id_number = r.Str(11);
  m.phone = r.Str(12);
  m.version = r.Int(13);
  m.created_at = r.Int(14);
  m.updated_at = r.Int(15);
  m.activities_held = r.Int(16);
  m.activities_attended = r.Int(17);
  return m;
}

}  // namespace

Result<Member> PartyService::LoadMember(db::Conn& c, const Branch& b, long long id) {
  auto row = c.QueryOne(
      std::string("SELECT ") + kMemberCols + kMemberFrom + " WHERE m.id = :1 AND m.branch_id = :2",
      {id, b.id});
  if (!row.ok()) return row.status();
  if (!*row) return NotFound("party member not found");
  return MemberFromRow(**row);
}

Result<std::vector<Member>> PartyService::Members(const Principal& p, long long branch_id) {
  std::vector<Member> out;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto b = LoadBranch(c, p, branch_id);
    if (!b.ok()) return b.status();
    auto rows = c.Query(std::string("SELECT ") + kMemberCols + kMemberFrom +
                            " WHERE m.branch_id = :1 ORDER BY m.transfer_out_on IS NOT NULL, "
                            "m.name, m.id",
                        {branch_id});
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows) out.push_back(MemberFromRow(r));
    return Status::Ok();
  }));
  return out;
}

Result<Member> PartyService::GetMember(const Principal& p, long long branch_id, long long id,
                                       bool unmask_id_number, bool unmask_phone) {
  Member out;
  std::string id_sealed, phone_sealed;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto b = LoadBranch(c, p, branch_id);
    if (!b.ok()) return b.status();
    auto m = LoadMember(c, *b, id);
    if (!m.ok()) return m.status();
    out = *m;
    auto s =
        c.QueryOne("SELECT id_number_sealed, phone_sealed FROM party_members WHERE id = :1", {id});
    if (!s.ok()) return s.status();
    if (*s) {
      id_sealed = (*s)->Str(0);
      phone_sealed = (*s)->Str(1);
    }
    return Status::Ok();
  }));
  if (!unmask_id_number && !unmask_phone) return out;
  // Who may see a branch at all (admin in scope, officer) may unmask; the read is audited.
  std::vector<std::string> fields;
  if (unmask_id_number && !id_sealed.empty()) {
    auto v = crypto::OpenText(secret_, kIdPurpose, id_sealed);
    if (!v) return Internal("the ID number cannot be unsealed");
    out.id_number = *v;
    out.id_number_unmasked = true;
    fields.push_back("id_number");
  }
  if (unmask_phone && !phone_sealed.empty()) {
    auto v = crypto::OpenText(secret_, kPhonePurpose, phone_sealed);
    if (!v) return Internal("the phone cannot be unsealed");
    out.phone = *v;
    out.phone_unmasked = true;
    fields.push_back("phone");
  }
  if (fields.empty()) return out;
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) {
    return audit::AuditService::Record(
        c, p.ctx, "party.member_unmask", "party_member", std::to_string(id), out.region_code,
        std::nullopt, nlohmann::json{{"fields", fields}, {"branch_id", branch_id}});
  }));
  return out;
}

Status PartyService::WriteMember(db::Conn& c, const Principal& p, const Branch& b, Member& m,
                                 const MemberInput& in, bool create) {
  (void)p;
  SHUNIU_RETURN_IF_ERROR(Text(in.name, "name", 1, 64, m.name));
  if (in.status) {
    if (!IsMemberStatus(*in.status))
      return InvalidArgument("status", "status must be full or probationary");
    m.status = *in.status;
  }
  if (in.post) {
    if (!IsPost(*in.post))
      return InvalidArgument("post",
                             "post must be empty or one of secretary, deputy_secretary, "
                             "organization, propaganda, discipline, youth, women");
    m.post = *in.post;
  }
  SHUNIU_RETURN_IF_ERROR(DateField(in.joined_party_on, "joined_party_on", true, m.joined_party_on));
  SHUNIU_RETURN_IF_ERROR(DateField(in.transfer_in_on, "transfer_in_on", false, m.transfer_in_on));
  if (in.transfer_out_on) {
    m.transfer_out_on.clear();
    if (*in.transfer_out_on)
      SHUNIU_RETURN_IF_ERROR(
          DateField(*in.transfer_out_on, "transfer_out_on", true, m.transfer_out_on));
  }
  if (!m.transfer_out_on.empty() && m.transfer_out_on < m.transfer_in_on)
    return InvalidArgument("transfer_out_on", "transfer_out_on must not precede transfer_in_on");
  if (!m.joined_party_on.empty() && m.joined_party_on > m.transfer_in_on)
    return InvalidArgument("joined_party_on", "joined_party_on must not follow transfer_in_on");
  std::string id_digits, phone_digits;
  if (in.id_number) {
    id_digits = NormalizeIdNumber(*in.id_number);
    if (id_digits.size() != 18)
      return InvalidArgument("id_number", "id_number must have 18 characters");
    if (!IsIdNumber(id_digits))
      return InvalidArgument("id_number",
                             "id_number is not a valid ID number (birth date or check character)");
    m.id_number = MaskIdNumber(id_digits);
  }
  if (in.phone) {
    if (!in.phone->empty()) {
      phone_digits = PhoneDigits(*in.phone);
      if (phone_digits.empty())
        return InvalidArgument("phone", "phone must be a phone number (7–15 digits)");
    }
    m.phone = phone_digits.empty() ? "" : org::MaskPhone(phone_digits);
  }
  if (in.org_id) {
    if (*in.org_id) SHUNIU_RETURN_IF_ERROR(CheckOrg(c, b.region_code, **in.org_id, "org_id"));
    m.org_id = *in.org_id;
  }
  if (!m.post.empty() && m.transfer_out_on.empty()) {
    auto holder = c.QueryOne(
        "SELECT name FROM party_members WHERE branch_id = :1 AND post = :2 AND id <> :3 AND "
        "transfer_out_on IS NULL",
        {b.id, m.post, m.id});
    if (!holder.ok()) return holder.status();
    if (*holder) return AlreadyExists("post", "post is held by " + (*holder)->Str(0));
  }
  if (create) {
    Status st = c.Exec(
        "INSERT INTO party_members (id, branch_id, region_code, name, org_id, status, post, "
        "joined_party_on, transfer_in_on, transfer_out_on, id_number_sealed, id_number_index, "
        "id_number_masked, phone_sealed, phone_index, phone_masked, version, created_at, "
        "updated_at) VALUES (:1, :2, :3, :4, :5, :6, :7, :8, :9, :10, :11, :12, :13, :14, :15, "
        ":16, 1, :17, :18)",
        {m.id, b.id, b.region_code, m.name, db::Opt(m.org_id), m.status, m.post,
         TextOrNull(m.joined_party_on), m.transfer_in_on, TextOrNull(m.transfer_out_on),
         crypto::SealText(secret_, kIdPurpose, id_digits),
         crypto::HmacSha256Hex(secret_, "id_number:" + id_digits), m.id_number,
         phone_digits.empty() ? "" : crypto::SealText(secret_, kPhonePurpose, phone_digits),
         phone_digits.empty() ? "" : crypto::HmacSha256Hex(secret_, "phone:" + phone_digits),
         m.phone, static_cast<long long>(m.created_at), static_cast<long long>(m.updated_at)});
    if (st.code() == Code::kAlreadyExists)
      return AlreadyExists("id_number", "a member with this ID number is in the branch");
    return st;
  }
  if (in.id_number) {
    Status st = c.Exec(
        "UPDATE party_members SET id_number_sealed = :1, id_number_index = :2, id_number_masked "
        "= :3 WHERE id = :4",
        {crypto::SealText(secret_, kIdPurpose, id_digits),
         crypto::HmacSha256Hex(secret_, "id_number:" + id_digits), m.id_number, m.id});
    if (st.code() == Code::kAlreadyExists)
      return AlreadyExists("id_number", "a member with this ID number is in the branch");
    SHUNIU_RETURN_IF_ERROR(st);
  }
  if (in.phone)
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "UPDATE party_members SET phone_sealed = :1, phone_index = :2, phone_masked = :3 WHERE "
        "id = :4",
        {phone_digits.empty() ? "" : crypto::SealText(secret_, kPhonePurpose, phone_digits),
         phone_digits.empty() ? "" : crypto::HmacSha256Hex(secret_, "phone:" + phone_digits),
         m.phone, m.id}));
  auto n = c.ExecCount(
      "UPDATE party_members SET name = :1, org_id = :2, status = :3, post = :4, joined_party_on "
      "= :5, transfer_in_on = :6, transfer_out_on = :7, version = :8, updated_at = :9 WHERE id = "
      ":10 AND version = :11",
      {m.name, db::Opt(m.org_id), m.status, m.post, TextOrNull(m.joined_party_on), m.transfer_in_on,
       TextOrNull(m.transfer_out_on), m.version + 1, static_cast<long long>(m.updated_at), m.id,
       m.version});
  if (!n.ok()) return n.status();
  if (*n != 1) return Conflict("the member was changed by someone else; reload and try again");
  m.version += 1;
  return Status::Ok();
}

Result<Member> PartyService::AddMember(const Principal& p, long long branch_id,
                                       const MemberInput& in) {
  if (!in.name) return InvalidArgument("name", "name is required");
  if (!in.status) return InvalidArgument("status", "status is required");
  if (!in.transfer_in_on) return InvalidArgument("transfer_in_on", "transfer_in_on is required");
  if (!in.id_number) return InvalidArgument("id_number", "id_number is required");
  long long id = crypto::RandomId();
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto b = LoadBranch(c, p, branch_id);
    if (!b.ok()) return b.status();
    Member m;
    m.id = id;
    m.branch_id = branch_id;
    m.region_code = b->region_code;
    m.created_at = m.updated_at = NowMs();
    SHUNIU_RETURN_IF_ERROR(WriteMember(c, p, *b, m, in, true));
    return audit::AuditService::Record(c, p.ctx, "party.member_add", "party_member",
                                       std::to_string(id), b->region_code, std::nullopt,
                                       MemberAuditJson(m));
  }));
  return GetMember(p, branch_id, id, false, false);
}

Result<Member> PartyService::UpdateMember(const Principal& p, long long branch_id, long long id,
                                          long long version, const MemberInput& in) {
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto b = LoadBranch(c, p, branch_id);
    if (!b.ok()) return b.status();
    auto found = LoadMember(c, *b, id);
    if (!found.ok()) return found.status();
    if (found->version != version)
      return Conflict("the member was changed by someone else; reload and try again");
    Member before = *found, m = *found;
    m.updated_at = NowMs();
    SHUNIU_RETURN_IF_ERROR(WriteMember(c, p, *b, m, in, false));
    return audit::AuditService::Record(c, p.ctx, "party.member_update", "party_member",
                                       std::to_string(id), b->region_code, MemberAuditJson(before),
                                       MemberAuditJson(m));
  }));
  return GetMember(p, branch_id, id, false, false);
}

}  // namespace shuniu::party
