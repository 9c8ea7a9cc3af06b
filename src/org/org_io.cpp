// Spreadsheet import and export of organizations: one column per field of the
// field table, dictionary values shown by their Chinese names (codes and English
// names accepted on import), lists joined with "、".
#include <algorithm>
#include <set>

#include "audit/audit_serialized.h"
#include "audit/audit_service.h"
#include "core/region_code.h"
#include "org/org_service.h"
#include "sheet/reader.h"
#include "sheet/writer.h"

namespace shuniu::org {
namespace {

constexpr long long kMaxExportRows = 200000;
// SQLite page cache of the connection running a real import, at most 128 MB
// (negative: KiB); it grows only as far as the pages the import changes.
constexpr long long kImportCacheKiB = -131072;

std::string Title(const FieldDef& f) { return std::string(f.zh) + "(" + f.name + ")"; }

// Finds the field a header names: "名称(name)", "名称" or "name".
const FieldDef* FieldForHeader(const std::string& h) {
  for (const auto& f : OrgFields())
    if (h == Title(f) || h == f.zh || h == f.name) return &f;
  return nullptr;
}

std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    size_t b = cur.find_first_not_of(' '), e = cur.find_last_not_of(' ');
    if (b != std::string::npos) out.push_back(cur.substr(b, e - b + 1));
    cur.clear();
  };
  for (size_t i = 0; i < s.size();) {
    for (const char* sep : {"、", "，", ",", ";", "；"}) {
      std::string_view sv(sep);
      if (s.compare(i, sv.size(), sv) == 0) {
        flush();
        i += sv.size();
        goto next;
      }
    }
    cur += s[i++];
  next:;
  }
  flush();
  return out;
}

// Dictionary value from a code, its Chinese or its English name.
std::optional<std::string> DictCode(const Dicts& d, const char* dict, const std::string& v) {
  auto it = d.find(dict);
  if (it == d.end()) return std::nullopt;
  for (auto& [code, e] : it->second) {
    std::string en = e.en, lv = v;
    for (auto& ch : en) ch = static_cast<char>(std::tolower(ch));
    for (auto& ch : lv) ch = static_cast<char>(std::tolower(ch));
    if (v == code || v == e.zh || lv == en) return code;
  }
  return std::nullopt;
}

std::string Display(const Dicts& d, const FieldDef& f, const Org& o) {
  auto name = [&](const char* dict, const std::string& code) {
    auto it = d.find(dict);
    if (it == d.end() || !it->second.count(code)) return code;
    return it->second.at(code).zh;
  };
  if (f.type == FieldType::kList) {
    const auto& items = std::string(f.name) == "domains" ? o.domains : o.tags;
    std::string s;
    for (auto& x : items) s += (s.empty() ? "" : "、") + (f.dict ? name(f.dict, x) : x);
    return s;
  }
  const std::string& v = o.Get(f.name);
  if (v.empty()) return "";
  if (f.type == FieldType::kDict) return name(f.dict, v);
  if (f.type == FieldType::kBool) return v == "1" ? "是" : "否";
  return v;
}

std::vector<sheet::Column> Columns(const Dicts& d) {
  std::vector<sheet::Column> cols;
  for (const auto& f : OrgFields()) {
    sheet::Column c{Title(f), f.max_len > 100 ? 40.0 : 18.0, {}};
    if (f.type == FieldType::kDict && d.count(f.dict))
      for (auto& [code, e] : d.at(f.dict)) c.choices.push_back(e.zh);
    if (f.type == FieldType::kBool) c.choices = {"是", "否"};
    cols.push_back(std::move(c));
  }
  return cols;
}

// A cell's text as the import reads it: surrounding white space trimmed.
std::string CellText(const std::string& raw) {
  size_t b = raw.find_first_not_of(" \t\r\n"), e = raw.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : raw.substr(b, e - b + 1);
}

// Turns one spreadsheet row into an OrgInput; conversion errors become issues.
bool RowInput(const ImportSheet& s, size_t r, const std::vector<const FieldDef*>& fields,
              const Dicts& d, OrgInput& in, std::vector<ImportIssue>& issues) {
  bool ok = true;
  const auto& row = s.rows[r];
  long long line = static_cast<long long>(r) + 2;
  for (size_t col = 0; col < fields.size() && col < row.size(); ++col) {
    const FieldDef* f = fields[col];
    if (!f) continue;
    const auto& [raw, formula] = row[col];
    std::string text = CellText(raw);
    auto issue = [&](const std::string& msg) {
      issues.push_back({line, sheet::CellName(r + 1, col), f->name, msg});
      ok = false;
    };
    if (formula) {
      issue("formulas are not accepted; paste the values instead");
      continue;
    }
    if (text.empty()) continue;  // empty cells leave the field as it is
    // An exported (masked) phone number keeps the stored one.
    if (f->type == FieldType::kPhone && text.find('*') != std::string::npos) continue;
    in.present.insert(f->name);
    if (f->type == FieldType::kList) {
      std::vector<std::string> items = SplitList(text);
      if (f->dict) {
        for (auto& x : items) {
          auto code = DictCode(d, f->dict, x);
          if (!code)
            issue("'" + x + "' is not in the " + f->dict + " dictionary");
          else
            x = *code;
        }
      }
      (std::string(f->name) == "domains" ? in.domains : in.tags) = items;
    } else if (f->type == FieldType::kDict) {
      auto code = DictCode(d, f->dict, text);
      if (!code)
        issue("'" + text + "' is not in the " + f->dict + " dictionary");
      else
        in.v[f->name] = *code;
    } else {
      in.v[f->name] = text;
    }
  }
  return ok;
}

// True when s is valid UTF-8 (RFC 3629) with nothing JSON escapes: such text
// goes into a JSON string as it is.
bool PlainJsonText(std::string_view s) {
  auto cont = [&](size_t i, unsigned char lo = 0x80, unsigned char hi = 0xbf) {
    if (i >= s.size()) return false;
    auto ch = static_cast<unsigned char>(s[i]);
    return ch >= lo && ch <= hi;
  };
  for (size_t i = 0; i < s.size();) {
    auto ch = static_cast<unsigned char>(s[i]);
    if (ch < 0x80) {
      if (ch < 0x20 || ch == '"' || ch == '\\') return false;
      ++i;
    } else if (ch >= 0xc2 && ch <= 0xdf) {
      if (!cont(i + 1)) return false;
      i += 2;
    } else if (ch >= 0xe0 && ch <= 0xef) {
      unsigned char lo = ch == 0xe0 ? 0xa0 : 0x80, hi = ch == 0xed ? 0x9f : 0xbf;
      if (!cont(i + 1, lo, hi) || !cont(i + 2)) return false;
      i += 3;
    } else if (ch >= 0xf0 && ch <= 0xf4) {
      unsigned char lo = ch == 0xf0 ? 0x90 : 0x80, hi = ch == 0xf4 ? 0x8f : 0xbf;
      if (!cont(i + 1, lo, hi) || !cont(i + 2) || !cont(i + 3)) return false;
      i += 4;
    } else {
      return false;
    }
  }
  return true;
}

void AppendJsonString(std::string& out, const std::string& s) {
  if (PlainJsonText(s)) {
    out += '"';
    out += s;
    out += '"';
  } else {
    out += nlohmann::json(s).dump();  // escapes; throws on invalid UTF-8 as before
  }
}

// The payload of "org.create.imported" for a batch of new organizations,
// written straight as text: {"organizations":[{"id":…,"kind":…,"name":…,
// "region_code":…,"status":…,"uscc":…},…]} — the bytes nlohmann::json's
// dump() gives for the same objects (keys sorted), without building a JSON
// tree per organization (with its copy and serialization that was ~12 % of
// an import's CPU).
std::string CreatedPayload(const std::vector<Org>& orgs) {
  std::string out = "{\"organizations\":[";
  out.reserve(orgs.size() * 200);
  bool first = true;
  for (const Org& o : orgs) {
    out += first ? "{\"id\":" : ",{\"id\":";
    first = false;
    out += std::to_string(o.id);
    for (const char* key : {"kind", "name", "region_code", "status", "uscc"}) {
      out += ",\"";
      out += key;
      out += "\":";
      AppendJsonString(out, o.Get(key));
    }
    out += '}';
  }
  out += "]}";
  return out;
}

}  // namespace

Result<ImportReport> OrgService::Import(const Principal& p, const ImportSheet& s, bool dry_run) {
  if (!IsStaffRole(p))
    return PermissionDenied("importing organizations needs the staff or admin role");
  ImportReport rep;
  rep.dry_run = dry_run;
  rep.rows = static_cast<long long>(s.rows.size());
  std::vector<const FieldDef*> fields;
  for (size_t i = 0; i < s.header.size(); ++i) {
    const FieldDef* f = FieldForHeader(s.header[i]);
    if (!f && !s.header[i].empty())
      rep.issues.push_back({1, sheet::CellName(0, i), "", "unknown column '" + s.header[i] + "'"});
    fields.push_back(f);
  }
  if (std::none_of(fields.begin(), fields.end(), [](const FieldDef* f) { return f != nullptr; }))
    return InvalidArgument("file",
                           "the file has none of the template's columns; download the import "
                           "template and fill it in");
  for (const char* need : {"name", "kind", "region_code"})
    if (std::find(fields.begin(), fields.end(), FindField(need)) == fields.end())
      rep.issues.push_back({1, "", need, std::string("the column ") + need + " is missing"});
  if (!rep.issues.empty()) return rep;

  // The file's keys, read once: region codes, credit codes, (region, name).
  auto column = [&](const char* name) {
    auto it = std::find(fields.begin(), fields.end(), FindField(name));
    return it == fields.end() ? std::string::npos : static_cast<size_t>(it - fields.begin());
  };
  size_t region_col = column("region_code"), uscc_col = column("uscc"), name_col = column("name");
  auto cell = [&](size_t r, size_t col) {
    const auto& row = s.rows[r];
    return col < row.size() ? CellText(row[col].first) : std::string();
  };
  std::set<std::string> region_codes, usccs;
  std::set<std::pair<std::string, std::string>> keys;
  for (size_t r = 0; r < s.rows.size(); ++r) {
    std::string region = cell(r, region_col);
    if (IsRegionCode(region)) region_codes.insert(region);
    if (uscc_col != std::string::npos && !cell(r, uscc_col).empty())
      usccs.insert(cell(r, uscc_col));
    keys.emplace(region, cell(r, name_col));
  }
  ImportBatch batch;
  batch.dry_run = dry_run;
  // One block of ids for the file's new organizations and one for its
  // history rows (a create row each, plus the changed fields of updates:
  // a further block when needed). See docs/decisions/0013-import-ids.md.
  batch.org_ids = IdBlock("orgs", static_cast<long long>(s.rows.size()));
  batch.history_ids = IdBlock("org_history", static_cast<long long>(s.rows.size()) + 256);
  // Which of the codes exist: before the transaction (regions change only by
  // their own import), a query per 500 codes.
  {
    std::vector<std::string> all(region_codes.begin(), region_codes.end());
    for (size_t from = 0; from < all.size(); from += 500) {
      std::vector<std::string> chunk(
          all.begin() + static_cast<long>(from),
          all.begin() + static_cast<long>(std::min(all.size(), from + 500)));
      auto names = regions_.Names(chunk);
      if (!names.ok()) return names.status();
      for (auto& [code, name] : *names) batch.regions.insert(code);
    }
  }
  Status st = db_.Tx([&](db::Conn& c) -> Status {
    // Every statement of the import, the audit events' included, is prepared
    // once per connection and reused from row to row.
    c.set_prepare_all(true);
    struct PrepareAllOff {
      db::Conn& c;
      ~PrepareAllOff() { c.set_prepare_all(false); }
    } off{c};
    // A real import inserts into every index of organizations, history and
    // audit at random places. On SQLite this connection gets, for the import,
    // a page cache large enough to hold the dirty pages: the default 2 MB
    // would spill them to the WAL and read them back again and again. It is
    // restored before the commit, which writes the dirty pages once either way.
    std::optional<std::string> cache_size;
    struct CacheRestore {
      db::Conn& c;
      std::optional<std::string>& was;
      ~CacheRestore() {
        if (was) (void)c.Exec("PRAGMA cache_size = " + *was);
      }
    } restore{c, cache_size};
    if (!dry_run && c.engine() == db::Engine::kSqlite) {
      auto was = c.QueryOne("PRAGMA cache_size");
      if (!was.ok()) return was.status();
      if (*was) {
        SHUNIU_RETURN_IF_ERROR(c.Exec("PRAGMA cache_size = " + std::to_string(kImportCacheKiB)));
        cache_size = (*was)->Str(0);
      }
    }
    auto d = LoadDicts(c);
    if (!d.ok()) return d.status();
    auto by_uscc = FindOrgIdsByUscc(c, std::vector<std::string>(usccs.begin(), usccs.end()));
    if (!by_uscc.ok()) return by_uscc.status();
    batch.by_uscc = std::move(by_uscc).value();
    auto unregistered = FindUnregisteredIn(
        c, std::vector<std::string>(batch.regions.begin(), batch.regions.end()), keys);
    if (!unregistered.ok()) return unregistered.status();
    batch.unregistered = std::move(unregistered).value();
    for (size_t r = 0; r < s.rows.size(); ++r) {
      long long line = static_cast<long long>(r) + 2;
      OrgInput in;
      if (!RowInput(s, r, fields, *d, in, rep.issues)) continue;
      Status row_st = ImportRow(c, p, in, *d, line, batch, rep);
      if (!row_st.ok()) {
        if (row_st.code() == Code::kInternal) return row_st;
        std::string col;
        for (size_t i = 0; i < fields.size(); ++i)
          if (fields[i] && row_st.field() == fields[i]->name) col = sheet::CellName(r + 1, i);
        rep.issues.push_back({line, col, row_st.field(), row_st.message()});
      }
      if (batch.new_orgs.size() >= 512) SHUNIU_RETURN_IF_ERROR(FlushImport(c, p, batch));
    }
    if (dry_run) return Status(Code::kConflict, "dry run");  // nothing was written; roll back
    SHUNIU_RETURN_IF_ERROR(FlushImport(c, p, batch));
    SHUNIU_RETURN_IF_ERROR(batch.counts.Apply(c));
    return audit::AuditService::Record(
        c, p.ctx, "org.import", "org", "", p.region_code, std::nullopt,
        nlohmann::json{{"rows", rep.rows},
                       {"created", rep.created},
                       {"updated", rep.updated},
                       {"rejected", static_cast<long long>(rep.issues.size())}});
  });
  if (!st.ok() && !(dry_run && st.code() == Code::kConflict && st.message() == "dry run"))
    return st;
  return rep;
}

Status OrgService::ImportRow(db::Conn& c, const Principal& p, const OrgInput& in, const Dicts& d,
                             long long line, ImportBatch& b, ImportReport& rep) {
  auto get = [&](const char* field) {
    auto it = in.v.find(field);
    return it != in.v.end() && it->second ? *it->second : std::string();
  };
  const std::string uscc = get("uscc"), name = get("name"), region = get("region_code");
  auto row_of = [](long long l) { return "row " + std::to_string(l); };
  std::optional<long long> target;
  if (!uscc.empty()) {
    auto [it, fresh] = b.seen_uscc.emplace(uscc, line);
    if (!fresh)
      return AlreadyExists("uscc", "the same credit code is already in " + row_of(it->second));
    auto e = b.by_uscc.find(uscc);
    if (e != b.by_uscc.end()) target = e->second;
  }
  if (!target && !name.empty() && !region.empty()) {
    std::pair<std::string, std::string> key{region, name};
    if (uscc.empty()) {
      auto [it, fresh] = b.seen_key.emplace(key, line);
      if (!fresh)
        return AlreadyExists("name",
                             "an organization without a credit code with the same name and "
                             "region_code is already in " +
                                 row_of(it->second));
    }
    // Only in the caller's scope: outside it the row fails on its region,
    // without telling whether such an organization exists there.
    auto m = InSubtree(region, p.region_code) ? b.unregistered.find(key) : b.unregistered.end();
    if (m != b.unregistered.end()) {
      if (m->second.size() == 1)
        target = m->second.front();
      else if (uscc.empty())
        return InvalidArgument("name", std::to_string(m->second.size()) +
                                           " organizations without a credit code are named '" +
                                           name + "' in region " + region +
                                           "; edit them in the list, or give this row a code");
    }
  }
  Status st;
  if (target) {
    auto [it, fresh] = b.claimed.emplace(*target, line);
    if (!fresh)
      return AlreadyExists(uscc.empty() ? "name" : "uscc",
                           "the same organization is already updated by " + row_of(it->second));
    auto found = FindOrg(c, *target);
    if (!found.ok()) return found.status();
    st = (*found && VisibleTo(p, **found))
             ? UpdateIn(c, p, *target, (*found)->version, in, d, "", &b)
             : NotFound(uscc.empty() ? "an organization with this name and region exists "
                                       "outside your scope"
                                     : "an organization with this credit code exists outside "
                                       "your scope");
    if (st.ok()) ++rep.updated;
  } else {
    Org o;
    st = CreateIn(c, p, in, d, o, &b);
    if (st.ok()) ++rep.created;
  }
  if (st.ok()) ++rep.valid;
  return st;
}

Status OrgService::FlushImport(db::Conn& c, const Principal& p, ImportBatch& b) {
  std::string created;  // the audit payload naming the new organizations
  if (!b.new_orgs.empty()) {
    created = CreatedPayload(b.new_orgs);
    Status st = InsertOrgs(c, b.new_orgs);
    // Every code was checked against the database in this transaction; only
    // a concurrent writer (PostgreSQL) can get here.
    if (st.code() == Code::kAlreadyExists)
      return Conflict("organizations changed during the import; run it again");
    SHUNIU_RETURN_IF_ERROR(st);
    b.new_orgs.clear();
  }
  if (!b.history.empty()) {
    SHUNIU_RETURN_IF_ERROR(AddHistories(c, b.history, &b.history_ids));
    b.history.clear();
  }
  if (!created.empty()) {
    // One event for the organizations written together (up to 512): a
    // per-organization event was ~40 % of an import's CPU (snapshot, canonical
    // JSON, hash, five index entries). Each organization keeps its own
    // "create" history row. See docs/decisions/0007-import-audit.md.
    SHUNIU_RETURN_IF_ERROR(audit::RecordSerialized(c, p.ctx, "org.create.imported", "org", "",
                                                   p.region_code, std::move(created)));
  }
  return Status::Ok();
}

Result<std::string> OrgService::ExportXlsx(const Principal& p, OrgFilter f) {
  f.page = 1;
  f.size = kMaxExportRows;
  auto list = List(p, f);
  if (!list.ok()) return list.status();
  auto d = Dictionaries();
  if (!d.ok()) return d.status();
  std::vector<std::vector<std::string>> rows;
  for (auto& o : list->first) {
    std::vector<std::string> row;
    for (const auto& fd : OrgFields()) row.push_back(Display(*d, fd, o));
    rows.push_back(std::move(row));
  }
  SHUNIU_RETURN_IF_ERROR(db_.Tx([&](db::Conn& c) {
    return audit::AuditService::Record(
        c, p.ctx, "org.export", "org", "", f.region.empty() ? p.region_code : f.region,
        std::nullopt, nlohmann::json{{"rows", rows.size()}, {"q", f.q}, {"kind", f.kind}});
  }));
  return sheet::WriteXlsx("组织 Organizations", Columns(*d), rows);
}

Result<std::string> OrgService::TemplateXlsx() {
  auto d = Dictionaries();
  if (!d.ok()) return d.status();
  return sheet::WriteXlsx("组织 Organizations", Columns(*d), {});
}

}  // namespace shuniu::org
