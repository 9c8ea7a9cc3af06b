// SQL of bases, residency agreements, checklists and the incubation log.
#include "hub/base_store.h"

namespace shuniu::hub::store {
namespace {

db::Value Text(const std::string& s) { return s.empty() ? db::Null() : db::Value(s); }
db::Value OptMs(const std::optional<int64_t>& v) {
  return v ? db::Value(static_cast<long long>(*v)) : db::Null();
}

const char* kBaseCols =
    "b.id, b.kind, b.name, b.region_code, rg.name, b.level, b.operator_org_id, o.name, "
    "b.contract_no, b.contract_start, b.contract_end, b.contract_file_id, b.address, b.area_sqm, "
    "b.rooms, b.desks, b.contact_name, b.office_phone, b.description, b.status, b.version, "
    "b.created_at, b.updated_at, (SELECT COUNT(*) FROM residencies x WHERE x.base_id = b.id AND "
    "x.state IN ('signed', 'active'))";
const char* kBaseFrom =
    " FROM bases b LEFT JOIN regions rg ON rg.code = b.region_code LEFT JOIN orgs o ON o.id = "
    "b.operator_org_id";

Base BaseFromRow(const db::Row& r) {
  Base b;
  size_t i = 0;
  b.id = r.Int(i++);
  b.kind = r.Str(i++);
  b.name = r.Str(i++);
  b.region_code = r.Str(i++);
  b.region_name = r.Str(i++);
  b.level = r.Str(i++);
  b.operator_org_id = r.OptInt(i++);
  b.operator_org_name = r.Str(i++);
  b.contract_no = r.Str(i++);
  b.contract_start = r.Str(i++);
  b.contract_end = r.Str(i++);
  b.contract_file_id = r.OptInt(i++);
  b.address = r.Str(i++);
  b.area_sqm = r.OptInt(i++);
  b.rooms = r.OptInt(i++);
  b.desks = r.OptInt(i++);
  b.contact_name = r.Str(i++);
  b.office_phone = r.Str(i++);
  b.description = r.Str(i++);
  b.status = r.Str(i++);
  b.version = r.Int(i++);
  b.created_at = r.Int(i++);
  b.updated_at = r.Int(i++);
  b.residents = r.Int(i++);
  return b;
}

std::vector<db::Value> BaseValues(const Base& b) {
  return {b.kind,
          b.name,
          b.region_code,
          b.level,
          db::Opt(b.operator_org_id),
          Text(b.contract_no),
          Text(b.contract_start),
          Text(b.contract_end),
          db::Opt(b.contract_file_id),
          Text(b.address),
          db::Opt(b.area_sqm),
          db::Opt(b.rooms),
          db::Opt(b.desks),
          Text(b.contact_name),
          Text(b.office_phone),
          Text(b.description),
          b.status,
          static_cast<long long>(b.updated_at)};
}

const char* kResCols =
    "r.id, r.base_id, b.name, b.kind, b.operator_org_id, r.org_id, o.name, o.region_code, "
    "r.region_code, r.state, r.initiated_by, r.service_content, r.service_standards, "
    "r.committed_hours, r.start_date, r.end_date, r.space, r.document_file_id, r.note, "
    "r.signed_at, r.signed_by_name, r.activated_at, r.ended_at, r.end_reason, "
    "r.graduation_override, r.version, r.created_at, r.updated_at, "
    "(SELECT COALESCE(SUM(e.minutes), 0) FROM residency_events e WHERE e.residency_id = r.id), "
    "(SELECT COUNT(*) FROM residency_events e WHERE e.residency_id = r.id)";
const char* kResFrom =
    " FROM residencies r JOIN bases b ON b.id = r.base_id JOIN orgs o ON o.id = r.org_id";

Residency ResFromRow(const db::Row& row) {
  Residency r;
  size_t i = 0;
  r.id = row.Int(i++);
  r.base_id = row.Int(i++);
  r.base_name = row.Str(i++);
  r.base_kind = row.Str(i++);
  r.operator_org_id = row.OptInt(i++);
  r.org_id = row.Int(i++);
  r.org_name = row.Str(i++);
  r.org_region_code = row.Str(i++);
  r.region_code = row.Str(i++);
  r.state = row.Str(i++);
  r.initiated_by = row.Str(i++);
  r.service_content = row.Str(i++);
  r.service_standards = row.Str(i++);
  r.committed_hours = row.OptInt(i++);
  r.start_date = row.Str(i++);
  r.end_date = row.Str(i++);
  r.space = row.Str(i++);
  r.document_file_id = row.OptInt(i++);
  r.note = row.Str(i++);
  r.signed_at = row.OptInt(i++);
  r.signed_by_name = row.Str(i++);
  r.activated_at = row.OptInt(i++);
  r.ended_at = row.OptInt(i++);
  r.end_reason = row.Str(i++);
  r.graduation_override = row.Str(i++);
  r.version = row.Int(i++);
  r.created_at = row.Int(i++);
  r.updated_at = row.Int(i++);
  r.delivered_minutes = row.Int(i++);
  r.event_count = row.Int(i++);
  return r;
}

std::vector<db::Value> ResValues(const Residency& r) {
  return {r.state,
          Text(r.service_content),
          Text(r.service_standards),
          db::Opt(r.committed_hours),
          Text(r.start_date),
          Text(r.end_date),
          Text(r.space),
          db::Opt(r.document_file_id),
          Text(r.note),
          OptMs(r.signed_at),
          Text(r.signed_by_name),
          OptMs(r.activated_at),
          OptMs(r.ended_at),
          Text(r.end_reason),
          Text(r.graduation_override),
          static_cast<long long>(r.updated_at)};
}

const char* kResSet =
    "state = :1, service_content = :2, service_standards = :3, committed_hours = :4, "
    "start_date = :5, end_date = :6, space = :7, document_file_id = :8, note = :9, "
    "signed_at = :10, signed_by_name = :11, activated_at = :12, ended_at = :13, "
    "end_reason = :14, graduation_override = :15, updated_at = :16";

const char* kEventCols =
    "e.id, e.residency_id, e.base_id, b.name, e.org_id, o.name, e.region_code, e.kind, "
    "e.occurred_on, e.title, e.notes, e.minutes, e.attachments, e.recorded_by, "
    "e.recorded_by_name, e.created_at";
const char* kEventFrom =
    " FROM residency_events e JOIN bases b ON b.id = e.base_id JOIN orgs o ON o.id = e.org_id";

IncubationEvent EventFromRow(const db::Row& r) {
  IncubationEvent e;
  size_t i = 0;
  e.id = r.Int(i++);
  e.residency_id = r.Int(i++);
  e.base_id = r.Int(i++);
  e.base_name = r.Str(i++);
  e.org_id = r.Int(i++);
  e.org_name = r.Str(i++);
  e.region_code = r.Str(i++);
  e.kind = r.Str(i++);
  e.occurred_on = r.Str(i++);
  e.title = r.Str(i++);
  e.notes = r.Str(i++);
  e.minutes = r.Int(i++);
  std::string att = r.Str(i++);
  size_t pos = 0;
  while (pos < att.size()) {
    size_t end = att.find(',', pos);
    if (end == std::string::npos) end = att.size();
    if (end > pos)
      e.attachments.push_back(std::strtoll(att.substr(pos, end - pos).c_str(), nullptr, 10));
    pos = end + 1;
  }
  e.recorded_by = r.OptInt(i++);
  e.recorded_by_name = r.Str(i++);
  e.created_at = r.Int(i++);
  return e;
}

std::string Limit(std::vector<db::Value>& p, long long page, long long size) {
  p.push_back(size);
  p.push_back((page - 1) * size);
  return " LIMIT :" + std::to_string(p.size() - 1) + " OFFSET :" + std::to_string(p.size());
}

}  // namespace

void Where::Add(std::string cond, std::vector<db::Value> values) {
  for (auto& v : values) {
    params_.push_back(std::move(v));
    size_t q = cond.find('?');
    if (q != std::string::npos) cond.replace(q, 1, ":" + std::to_string(params_.size()));
  }
  conds_ += (conds_.empty() ? "" : " AND ") + cond;
}

Status InsertBase(db::Conn& c, const Base& b) {
  auto v = BaseValues(b);
  v.insert(v.begin(), b.id);
  v.push_back(static_cast<long long>(b.created_at));
  return c.Exec(
      "INSERT INTO bases (id, kind, name, region_code, level, operator_org_id, contract_no, "
      "contract_start, contract_end, contract_file_id, address, area_sqm, rooms, desks, "
      "contact_name, office_phone, description, status, updated_at, created_at, version) VALUES "
      "(:1, :2, :3, :4, :5, :6, :7, :8, :9, :10, :11, :12, :13, :14, :15, :16, :17, :18, :19, "
      ":20, 1)",
      v);
}

Result<bool> UpdateBase(db::Conn& c, const Base& b, long long expected_version) {
  auto v = BaseValues(b);
  v.push_back(b.id);
  v.push_back(expected_version);
  auto n = c.ExecCount(
      "UPDATE bases SET kind = :1, name = :2, region_code = :3, level = :4, operator_org_id = :5, "
      "contract_no = :6, contract_start = :7, contract_end = :8, contract_file_id = :9, "
      "address = :10, area_sqm = :11, rooms = :12, desks = :13, contact_name = :14, "
      "office_phone = :15, description = :16, status = :17, updated_at = :18, "
      "version = version + 1 WHERE id = :19 AND version = :20",
      v);
  if (!n.ok()) return n.status();
  return *n == 1;
}

Result<std::optional<Base>> FindBase(db::Conn& c, long long id) {
  auto r = c.QueryOne(std::string("SELECT ") + kBaseCols + kBaseFrom + " WHERE b.id = :1", {id});
  if (!r.ok()) return r.status();
  if (!*r) return std::optional<Base>{};
  return std::optional<Base>(BaseFromRow(**r));
}

Result<Page<Base>> ListBases(db::Conn& c, Where w, long long page, long long size) {
  auto total = c.QueryOne(std::string("SELECT COUNT(*)") + kBaseFrom + w.sql(), w.params());
  if (!total.ok()) return total.status();
  auto& p = w.params();
  std::string sql = std::string("SELECT ") + kBaseCols + kBaseFrom + w.sql() +
                    " ORDER BY b.region_code, b.kind, b.name, b.id" + Limit(p, page, size);
  auto rows = c.Query(sql, p);
  if (!rows.ok()) return rows.status();
  Page<Base> out;
  out.second = (*total)->Int(0);
  for (auto& r : *rows) out.first.push_back(BaseFromRow(r));
  return out;
}

Status InsertResidency(db::Conn& c, const Residency& r) {
  auto v = ResValues(r);
  for (db::Value x :
       {db::Value(r.id), db::Value(r.base_id), db::Value(r.org_id), db::Value(r.region_code),
        db::Value(r.initiated_by), db::Value(static_cast<long long>(r.created_at))})
    v.push_back(x);
  return c.Exec(
      "INSERT INTO residencies (state, service_content, service_standards, committed_hours, "
      "start_date, end_date, space, document_file_id, note, signed_at, signed_by_name, "
      "activated_at, ended_at, end_reason, graduation_override, updated_at, id, base_id, org_id, "
      "region_code, initiated_by, created_at, version) VALUES (:1, :2, :3, :4, :5, :6, :7, :8, "
      ":9, :10, :11, :12, :13, :14, :15, :16, :17, :18, :19, :20, :21, :22, 1)",
      v);
}

Result<bool> UpdateResidency(db::Conn& c, const Residency& r, long long expected_version) {
  auto v = ResValues(r);
  v.push_back(r.id);
  v.push_back(expected_version);
  auto n = c.ExecCount(std::string("UPDATE residencies SET ") + kResSet +
                           ", version = version + 1 WHERE id = :17 AND version = :18",
                       v);
  if (!n.ok()) return n.status();
  return *n == 1;
}

Result<std::optional<Residency>> FindResidency(db::Conn& c, long long id) {
  auto r = c.QueryOne(std::string("SELECT ") + kResCols + kResFrom + " WHERE r.id = :1", {id});
  if (!r.ok()) return r.status();
  if (!*r) return std::optional<Residency>{};
  return std::optional<Residency>(ResFromRow(**r));
}

Result<Page<Residency>> ListResidencies(db::Conn& c, Where w, const std::string& order,
                                        long long page, long long size) {
  auto total = c.QueryOne(std::string("SELECT COUNT(*)") + kResFrom + w.sql(), w.params());
  if (!total.ok()) return total.status();
  auto& p = w.params();
  auto rows = c.Query(std::string("SELECT ") + kResCols + kResFrom + w.sql() + " ORDER BY " +
                          order + Limit(p, page, size),
                      p);
  if (!rows.ok()) return rows.status();
  Page<Residency> out;
  out.second = (*total)->Int(0);
  for (auto& r : *rows) out.first.push_back(ResFromRow(r));
  return out;
}

Result<bool> HasResidency(db::Conn& c, long long base_id, long long org_id) {
  auto r = c.QueryOne("SELECT 1 FROM residencies WHERE base_id = :1 AND org_id = :2 LIMIT 1",
                      {base_id, org_id});
  if (!r.ok()) return r.status();
  return r->has_value();
}

Result<bool> HasOpenResidency(db::Conn& c, long long base_id, long long org_id) {
  auto r = c.QueryOne(
      "SELECT 1 FROM residencies WHERE base_id = :1 AND org_id = :2 AND state IN ('invited', "
      "'applied', 'signed', 'active') LIMIT 1",
      {base_id, org_id});
  if (!r.ok()) return r.status();
  return r->has_value();
}

Status InsertCriteria(db::Conn& c, long long residency_id) {
  long long sort = 0;
  for (auto& [code, required] : DefaultCriteria())
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "INSERT INTO residency_criteria (residency_id, code, sort, required, met) VALUES (:1, "
        ":2, :3, :4, 0)",
        {residency_id, code, ++sort, static_cast<long long>(required)}));
  return Status::Ok();
}

Result<std::vector<Criterion>> LoadCriteria(db::Conn& c, long long residency_id) {
  auto rows = c.Query(
      "SELECT code, required, met, note, met_at, met_by_name FROM residency_criteria WHERE "
      "residency_id = :1 ORDER BY sort",
      {residency_id});
  if (!rows.ok()) return rows.status();
  std::vector<Criterion> out;
  for (auto& r : *rows)
    out.push_back(
        Criterion{r.Str(0), r.Int(1) != 0, r.Int(2) != 0, r.Str(3), r.Str(5), r.OptInt(4)});
  return out;
}

Status SaveCriterion(db::Conn& c, long long residency_id, const Criterion& k) {
  return c.Exec(
      "UPDATE residency_criteria SET met = :1, note = :2, met_at = :3, met_by_name = :4 WHERE "
      "residency_id = :5 AND code = :6",
      {static_cast<long long>(k.met), Text(k.note), OptMs(k.met_at), Text(k.met_by_name),
       residency_id, k.code});
}

Status InsertEvent(db::Conn& c, const IncubationEvent& e) {
  std::string att;
  for (long long id : e.attachments) att += (att.empty() ? "" : ",") + std::to_string(id);
  return c.Exec(
      "INSERT INTO residency_events (id, residency_id, base_id, org_id, region_code, kind, "
      "occurred_on, title, notes, minutes, attachments, recorded_by, recorded_by_name, "
      "created_at) VALUES (:1, :2, :3, :4, :5, :6, :7, :8, :9, :10, :11, :12, :13, :14)",
      {e.id, e.residency_id, e.base_id, e.org_id, e.region_code, e.kind, e.occurred_on, e.title,
       Text(e.notes), e.minutes, Text(att), db::Opt(e.recorded_by), e.recorded_by_name,
       static_cast<long long>(e.created_at)});
}

Result<Page<IncubationEvent>> ListEvents(db::Conn& c, Where w, long long page, long long size) {
  auto total = c.QueryOne(std::string("SELECT COUNT(*)") + kEventFrom + w.sql(), w.params());
  if (!total.ok()) return total.status();
  auto& p = w.params();
  auto rows =
      c.Query(std::string("SELECT ") + kEventCols + kEventFrom + w.sql() +
                  " ORDER BY e.occurred_on DESC, e.created_at DESC, e.id" + Limit(p, page, size),
              p);
  if (!rows.ok()) return rows.status();
  Page<IncubationEvent> out;
  out.second = (*total)->Int(0);
  for (auto& r : *rows) out.first.push_back(EventFromRow(r));
  return out;
}

Result<std::string> OrgRegion(db::Conn& c, long long org_id) {
  auto r = c.QueryOne("SELECT region_code FROM orgs WHERE id = :1", {org_id});
  if (!r.ok()) return r.status();
  return *r ? (*r)->Str(0) : std::string();
}

}  // namespace shuniu::hub::store
