// Spreadsheet import and export of organizations: one column per field of the
// field table, dictionary values shown by their Chinese names (codes and English
// names accepted on import), lists joined with "、".
#include <algorithm>
#include <set>

#include "audit/audit_service.h"
#include "core/region_code.h"
#include "org/org_service.h"
#include "sheet/reader.h"
#include "sheet/writer.h"

namespace shuniu::org {
namespace {

constexpr long long kMaxExportRows = 200000;

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

// Turns one spreadsheet row into an OrgInput; conversion errors become issues.
bool RowInput(const ImportSheet& s, size_t r, const std::vector<const FieldDef*>& fields,
              const Dicts& d, OrgInput& in, std::vector<ImportIssue>& issues) {
  bool ok = true;
  const auto& row = s.rows[r];
  long long line = static_cast<long long>(r) + 2;
  for (size_t col = 0; col < fields.size() && col < row.size(); ++col) {
    const FieldDef* f = fields[col];
    if (!f) continue;
    auto [raw, formula] = row[col];
    size_t b = raw.find_first_not_of(" \t\r\n"), e = raw.find_last_not_of(" \t\r\n");
    std::string text = b == std::string::npos ? "" : raw.substr(b, e - b + 1);
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
  Status st = db_.Tx([&](db::Conn& c) -> Status {
    auto d = LoadDicts(c);
    if (!d.ok()) return d.status();
    std::map<std::string, long long> seen_uscc;
    for (size_t r = 0; r < s.rows.size(); ++r) {
      long long line = static_cast<long long>(r) + 2;
      OrgInput in;
      if (!RowInput(s, r, fields, *d, in, rep.issues)) continue;
      Status row_st = ImportRow(c, p, in, *d, dry_run, line, seen_uscc, rep);
      if (!row_st.ok()) {
        if (row_st.code() == Code::kInternal) return row_st;
        std::string col;
        for (size_t i = 0; i < fields.size(); ++i)
          if (fields[i] && row_st.field() == fields[i]->name) col = sheet::CellName(r + 1, i);
        rep.issues.push_back({line, col, row_st.field(), row_st.message()});
      }
    }
    if (dry_run) return Status(Code::kConflict, "dry run");  // roll back: nothing is written
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
                             bool dry_run, long long line, std::map<std::string, long long>& seen,
                             ImportReport& rep) {
  std::string uscc = in.v.count("uscc") && in.v.at("uscc") ? *in.v.at("uscc") : "";
  if (!uscc.empty()) {
    auto [it, fresh] = seen.emplace(uscc, line);
    if (!fresh)
      return AlreadyExists("uscc",
                           "the same credit code is already in row " + std::to_string(it->second));
  }
  std::optional<long long> existing;
  if (!uscc.empty()) {
    auto id = FindOrgIdByUscc(c, uscc);
    if (!id.ok()) return id.status();
    existing = *id;
  }
  // Savepoints keep a failed row from undoing the good ones before it.
  SHUNIU_RETURN_IF_ERROR(c.Exec("SAVEPOINT import_row"));
  Status st;
  if (existing) {
    auto found = FindOrg(c, *existing);
    if (!found.ok()) return found.status();
    st = (*found && VisibleTo(p, **found))
             ? UpdateIn(c, p, *existing, (*found)->version, in, d)
             : NotFound("an organization with this credit code exists outside your scope");
    if (st.ok()) ++rep.updated;
  } else {
    Org o;
    st = CreateIn(c, p, in, d, o);
    if (st.ok()) ++rep.created;
  }
  SHUNIU_RETURN_IF_ERROR(
      c.Exec(st.ok() ? "RELEASE SAVEPOINT import_row" : "ROLLBACK TO SAVEPOINT import_row"));
  if (st.ok()) ++rep.valid;
  (void)dry_run;  // a dry run writes like a real one; Import rolls the whole transaction back
  return st;
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
