// Organization handlers: parse, call one service method, render.
#include "org/org_routes.h"

#include "core/time.h"
#include "core/utf8.h"
#include "http/multipart.h"
#include "sheet/reader.h"

namespace shuniu::org::routes {
namespace {

using http::Request;
using http::Response;

std::string Query(const Request& r, const char* k, size_t max = 100) {
  auto it = r.query.find(k);
  return it == r.query.end() ? std::string() : Utf8Prefix(it->second, max);
}

Status ParseFilter(const Request& r, OrgFilter& f) {
  SHUNIU_RETURN_IF_ERROR(http::PageParams(r, &f.page, &f.size));
  f.region = Query(r, "region", 12);
  f.q = Query(r, "q", 100);
  f.kind = Query(r, "kind", 48);
  f.status = Query(r, "status", 16);
  f.domain = Query(r, "domain", 48);
  f.guidance_category = Query(r, "guidance_category", 48);
  f.origin = Query(r, "origin", 48);
  std::string reg = Query(r, "registered", 5);
  if (reg == "true" || reg == "1")
    f.registered = true;
  else if (reg == "false" || reg == "0")
    f.registered = false;
  else if (!reg.empty())
    return InvalidArgument("registered", "registered must be true or false");
  std::string cadre = Query(r, "cadre_user_id", 18);
  if (!cadre.empty()) {
    if (cadre.find_first_not_of("0123456789") != std::string::npos)
      return InvalidArgument("cadre_user_id", "cadre_user_id must be a user id");
    f.cadre_user_id = std::stoll(cadre);
  }
  for (auto [name, target] :
       {std::pair{"founded_from", &f.founded_from}, std::pair{"founded_to", &f.founded_to},
        std::pair{"registered_from", &f.registered_from},
        std::pair{"registered_to", &f.registered_to}}) {
    *target = Query(r, name, 10);
    if (!target->empty() && (target->size() != 10 || !ParseRfc3339(*target)))
      return InvalidArgument(name, std::string(name) + " must be a date YYYY-MM-DD");
  }
  std::string sort = Query(r, "sort", 20);
  if (!sort.empty()) {
    static const std::set<std::string> kSorts = {"name",        "-name",         "founded_on",
                                                 "-founded_on", "registered_on", "-registered_on",
                                                 "updated_at",  "-updated_at",   "region_code"};
    if (!kSorts.count(sort))
      return InvalidArgument("sort",
                             "sort must be one of name, founded_on, registered_on, updated_at, "
                             "region_code (prefix - for descending)");
    f.sort = sort;
  }
  return Status::Ok();
}

Response Xlsx(std::string bytes, const std::string& filename) {
  Response r;
  r.content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
  r.body = std::move(bytes);
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + filename + "\"");
  return r;
}

nlohmann::json CountJson(const RegionCount& c) {
  return {{"region_code", c.region_code}, {"region_name", c.region_name},   {"total", c.total},
          {"registered", c.registered},   {"unregistered", c.unregistered}, {"by_kind", c.by_kind},
          {"by_status", c.by_status},     {"by_domain", c.by_domain}};
}

}  // namespace

nlohmann::json OrgJson(const Org& o, const std::string& region_name) {
  nlohmann::json j = {{"id", o.id}};
  for (const auto& f : OrgFields()) {
    if (f.type == FieldType::kList) continue;
    const std::string& v = o.Get(f.name);
    if (v.empty())
      j[f.name] = nullptr;
    else if (f.type == FieldType::kInt)
      j[f.name] = std::stoll(v);
    else if (f.type == FieldType::kBool)
      j[f.name] = v == "1";
    else
      j[f.name] = v;
  }
  j["domains"] = o.domains;
  j["tags"] = o.tags;
  j["registered"] = o.registered;
  j["level"] = o.level;
  j["region_name"] = region_name;
  j["version"] = o.version;
  j["created_at"] = Rfc3339(o.created_at);
  j["updated_at"] = Rfc3339(o.updated_at);
  return j;
}

// One organization as read back after a read or write: the record plus warnings.
nlohmann::json ViewJson(const OrgView& v) {
  auto j = OrgJson(v.org, v.region_name);
  j["warnings"] = v.warnings;
  return j;
}

Result<OrgInput> ParseOrgInput(const JsonInput& in) {
  OrgInput out;
  for (auto it = in.raw().begin(); it != in.raw().end(); ++it) {
    const std::string& key = it.key();
    if (key == "version") continue;
    const FieldDef* f = FindField(key);
    if (!f) return InvalidArgument(key, "unknown field '" + key + "'");
    out.present.insert(key);
    const auto& v = it.value();
    if (f->type == FieldType::kList) {
      if (!v.is_array()) return InvalidArgument(key, key + " must be a list of strings");
      std::vector<std::string> items;
      for (auto& x : v) {
        if (!x.is_string()) return InvalidArgument(key, key + " must be a list of strings");
        items.push_back(x.get<std::string>());
      }
      (key == "domains" ? out.domains : out.tags) = items;
    } else if (v.is_null()) {
      out.v[key] = std::nullopt;
    } else if (v.is_string()) {
      out.v[key] = v.get<std::string>();
    } else if (v.is_number_integer() && (f->type == FieldType::kInt)) {
      out.v[key] = std::to_string(v.get<long long>());
    } else if (v.is_boolean() && f->type == FieldType::kBool) {
      out.v[key] = v.get<bool>() ? "1" : "0";
    } else {
      return InvalidArgument(key, key + " has the wrong type");
    }
  }
  return out;
}

http::Handler List(OrgService& s) {
  return [&s](const Request& req) {
    OrgFilter f;
    Status st = ParseFilter(req, f);
    if (!st.ok()) return http::Error(st, req.request_id);
    auto r = s.List(req.caller(), f);
    return http::Render(req, r, [&](const std::pair<std::vector<Org>, long long>& page) {
      auto names = s.RegionNames(page.first);
      nlohmann::json items = nlohmann::json::array();
      for (auto& o : page.first) items.push_back(OrgJson(o, names[o.Get("region_code")]));
      return http::PageJson(items, page.second, f.page, f.size);
    });
  };
}

http::Handler Create(OrgService& s) {
  return [&s](const Request& req) {
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    auto in = ParseOrgInput(*body);
    if (!in.ok()) return http::Error(in.status(), req.request_id);
    auto r = s.Create(req.caller(), *in);
    return http::Render(req, r, ViewJson, 201);
  };
}

http::Handler Get(OrgService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    std::string unmask = Query(req, "unmask", 20);
    if (!unmask.empty() && unmask != "contact_phone")
      return http::Error(InvalidArgument("unmask", "unmask must be contact_phone"), req.request_id);
    auto r = s.Get(req.caller(), *id, !unmask.empty());
    return http::Render(req, r, [](const OrgView& v) {
      auto j = ViewJson(v);
      j["contact_phone_masked"] = !v.phone_unmasked;
      return j;
    });
  };
}

http::Handler Update(OrgService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    auto version = body->RequiredInt("version");
    if (!version.ok()) return http::Error(version.status(), req.request_id);
    auto in = ParseOrgInput(*body);
    if (!in.ok()) return http::Error(in.status(), req.request_id);
    auto r = s.Update(req.caller(), *id, *version, *in);
    return http::Render(req, r, ViewJson);
  };
}

http::Handler History(OrgService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto r = s.History(req.caller(), *id);
    return http::Render(req, r, [](const std::vector<HistoryEntry>& hs) {
      nlohmann::json items = nlohmann::json::array();
      for (auto& h : hs)
        items.push_back({{"at", Rfc3339(h.at)},
                         {"actor_id", h.actor_id ? nlohmann::json(*h.actor_id) : nlohmann::json()},
                         {"actor_name", h.actor_name},
                         {"change_kind", h.change_kind},
                         {"field", h.field},
                         {"old_value", h.old_value},
                         {"new_value", h.new_value}});
      return nlohmann::json{{"items", items}};
    });
  };
}

http::Handler Stats(OrgService& s) {
  return [&s](const Request& req) {
    auto r = s.Stats(req.caller(), Query(req, "region", 12));
    return http::Render(req, r, [](const std::pair<RegionCount, std::vector<RegionCount>>& st) {
      nlohmann::json children = nlohmann::json::array();
      for (auto& c : st.second) children.push_back(CountJson(c));
      return nlohmann::json{{"region", CountJson(st.first)}, {"children", children}};
    });
  };
}

http::Handler PublicList(OrgService& s) {
  return [&s](const Request& req) {
    long long page, size;
    Status st = http::PageParams(req, &page, &size);
    if (!st.ok()) return http::Error(st, req.request_id);
    auto r = s.PublicList(Query(req, "q"), Query(req, "region", 12), page, size);
    return http::Render(req, r, [&](const std::pair<std::vector<Org>, long long>& res) {
      auto names = s.RegionNames(res.first);
      nlohmann::json items = nlohmann::json::array();
      for (auto& o : res.first)
        items.push_back({{"id", o.id},
                         {"name", o.Get("name")},
                         {"kind", o.Get("kind")},
                         {"region_code", o.Get("region_code")},
                         {"region_name", names[o.Get("region_code")]},
                         {"domains", o.domains},
                         {"public_contact", o.Get("public_contact")}});
      return http::PageJson(items, res.second, page, size);
    });
  };
}

http::Handler Dictionaries(OrgService& s) {
  return [&s](const Request& req) {
    auto r = s.Dictionaries();
    return http::Render(req, r, [](const Dicts& d) {
      nlohmann::json j = nlohmann::json::object();
      for (auto& [dict, entries] : d) {
        nlohmann::json items = nlohmann::json::array();
        for (auto& [code, e] : entries)
          items.push_back({{"code", code},
                           {"name_zh", e.zh},
                           {"name_en", e.en},
                           {"registered", e.registered},
                           {"sort", e.sort}});
        j[dict] = items;
      }
      return j;
    });
  };
}

http::Handler Import(OrgService& s) {
  return [&s](const Request& req) {
    std::string dry = Query(req, "dry_run", 5);
    if (!dry.empty() && dry != "true" && dry != "false")
      return http::Error(InvalidArgument("dry_run", "dry_run must be true or false"),
                         req.request_id);
    auto file = http::MultipartField(req.Header("content-type"), req.body, "file");
    if (!file.ok()) return http::Error(file.status(), req.request_id);
    auto sheet = sheet::ReadSheet(file->data);
    if (!sheet.ok()) {
      Status st = sheet.status();
      return http::Error(InvalidArgument("file", st.message()), req.request_id);
    }
    ImportSheet in;
    in.header = sheet->header;
    for (auto& row : sheet->rows) {
      std::vector<std::pair<std::string, bool>> cells;
      for (auto& c : row) cells.emplace_back(c.text, c.is_formula);
      in.rows.push_back(std::move(cells));
    }
    auto r = s.Import(req.caller(), in, dry != "false");
    return http::Render(req, r, [](const ImportReport& rep) {
      nlohmann::json issues = nlohmann::json::array();
      for (auto& i : rep.issues)
        issues.push_back(
            {{"row", i.row}, {"column", i.column}, {"field", i.field}, {"message", i.message}});
      return nlohmann::json{{"dry_run", rep.dry_run}, {"rows", rep.rows},
                            {"valid", rep.valid},     {"created", rep.created},
                            {"updated", rep.updated}, {"issues", issues}};
    });
  };
}

http::Handler Export(OrgService& s) {
  return [&s](const Request& req) {
    OrgFilter f;
    Status st = ParseFilter(req, f);
    if (!st.ok()) return http::Error(st, req.request_id);
    auto r = s.ExportXlsx(req.caller(), f);
    if (!r.ok()) return http::Error(r.status(), req.request_id);
    return Xlsx(std::move(r).value(), "orgs.xlsx");
  };
}

http::Handler Template(OrgService& s) {
  return [&s](const Request& req) {
    auto r = s.TemplateXlsx();
    if (!r.ok()) return http::Error(r.status(), req.request_id);
    return Xlsx(std::move(r).value(), "orgs-import-template.xlsx");
  };
}

namespace {

nlohmann::json ChangeRequestJson(const ChangeRequest& r) {
  return {{"id", r.id},
          {"org_id", r.org_id},
          {"org_name", r.org_name},
          {"region_code", r.region_code},
          {"requested_by", r.requested_by},
          {"requested_by_name", r.requested_by_name},
          {"requested_at", Rfc3339(r.requested_at)},
          {"changes", r.changes},
          {"reason", r.reason},
          {"status", r.status},
          {"decided_by_name", r.decided_by_name},
          {"decided_at", r.decided_at ? nlohmann::json(Rfc3339(*r.decided_at)) : nlohmann::json()},
          {"decision_note", r.decision_note}};
}

nlohmann::json YearsJson(const std::vector<YearCount>& ys) {
  nlohmann::json a = nlohmann::json::array();
  for (auto& y : ys) a.push_back({{"year", y.year}, {"n", y.n}});
  return a;
}

}  // namespace

http::Handler ProposeChange(OrgService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    const Status allowed = body->AllowOnly({"changes", "reason"});
    if (!allowed.ok()) return http::Error(allowed, req.request_id);
    auto reason = body->OptionalString("reason", 500);
    if (!reason.ok()) return http::Error(reason.status(), req.request_id);
    const auto& raw = body->raw();
    if (!raw.contains("changes") || !raw["changes"].is_object())
      return http::Error(InvalidArgument("changes", "changes must be an object of field: value"),
                         req.request_id);
    std::map<std::string, std::string> changes;
    for (auto it = raw["changes"].begin(); it != raw["changes"].end(); ++it) {
      if (!it->is_string())
        return http::Error(InvalidArgument(it.key(), it.key() + " must be a string"),
                           req.request_id);
      changes[it.key()] = it->get<std::string>();
    }
    auto r = s.ProposeChange(req.caller(), *id, changes, reason->value_or(""));
    return http::Render(req, r, ChangeRequestJson, 201);
  };
}

http::Handler ListChangeRequests(OrgService& s) {
  return [&s](const Request& req) {
    auto r = s.ListChangeRequests(req.caller(), Query(req, "status", 16));
    return http::Render(req, r, [](const std::vector<ChangeRequest>& rs) {
      nlohmann::json items = nlohmann::json::array();
      for (auto& x : rs) items.push_back(ChangeRequestJson(x));
      return nlohmann::json{{"items", items}};
    });
  };
}

http::Handler DecideChange(OrgService& s, bool approve) {
  return [&s, approve](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    std::string note;
    if (!req.body.empty()) {
      auto body = http::ParseBody(req);
      if (!body.ok()) return http::Error(body.status(), req.request_id);
      const Status allowed = body->AllowOnly({"note"});
      if (!allowed.ok()) return http::Error(allowed, req.request_id);
      auto n = body->OptionalString("note", 500);
      if (!n.ok()) return http::Error(n.status(), req.request_id);
      note = n->value_or("");
    }
    if (!approve && note.empty())
      return http::Error(InvalidArgument("note", "say why the change is rejected"), req.request_id);
    auto r = s.DecideChange(req.caller(), *id, approve, note);
    return http::Render(req, r, ChangeRequestJson);
  };
}

namespace {

Result<DictEntry> DictBody(const JsonInput& in) {
  DictEntry e;
  auto zh = in.RequiredString("name_zh", 1, 100);
  if (!zh.ok()) return zh.status();
  auto en = in.RequiredString("name_en", 1, 100);
  if (!en.ok()) return en.status();
  auto sort = in.OptionalInt("sort");
  if (!sort.ok()) return sort.status();
  auto reg = in.OptionalBool("registered");
  if (!reg.ok()) return reg.status();
  e.zh = *zh;
  e.en = *en;
  e.sort = sort->value_or(100);
  e.registered = reg->value_or(false);
  return e;
}

}  // namespace

http::Handler AddDictItem(OrgService& s) {
  return [&s](const Request& req) {
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    const Status allowed = body->AllowOnly({"code", "name_zh", "name_en", "sort", "registered"});
    if (!allowed.ok()) return http::Error(allowed, req.request_id);
    auto code = body->RequiredString("code", 1, 48);
    if (!code.ok()) return http::Error(code.status(), req.request_id);
    auto e = DictBody(*body);
    if (!e.ok()) return http::Error(e.status(), req.request_id);
    Status st = s.AddDictItem(req.caller(), req.params.at("dict"), *code, *e);
    if (!st.ok()) return http::Error(st, req.request_id);
    return Response::Json(201, {{"dict", req.params.at("dict")}, {"code", *code}});
  };
}

http::Handler EditDictItem(OrgService& s) {
  return [&s](const Request& req) {
    auto body = http::ParseBody(req);
    if (!body.ok()) return http::Error(body.status(), req.request_id);
    const Status allowed = body->AllowOnly({"name_zh", "name_en", "sort", "active"});
    if (!allowed.ok()) return http::Error(allowed, req.request_id);
    auto e = DictBody(*body);
    if (!e.ok()) return http::Error(e.status(), req.request_id);
    auto active = body->OptionalBool("active");
    if (!active.ok()) return http::Error(active.status(), req.request_id);
    Status st = s.EditDictItem(req.caller(), req.params.at("dict"), req.params.at("code"), *e,
                               active->value_or(true));
    if (!st.ok()) return http::Error(st, req.request_id);
    return Response::NoContent();
  };
}

http::Handler Trend(OrgService& s) {
  return [&s](const Request& req) {
    auto r = s.Trend(req.caller(), Query(req, "region", 12));
    return http::Render(req, r,
                        [](const std::pair<std::vector<YearCount>, std::vector<YearCount>>& t) {
                          return nlohmann::json{{"founded", YearsJson(t.first)},
                                                {"registered", YearsJson(t.second)}};
                        });
  };
}

http::Handler StatsExport(OrgService& s) {
  return [&s](const Request& req) {
    auto r = s.StatsXlsx(req.caller(), Query(req, "region", 12));
    if (!r.ok()) return http::Error(r.status(), req.request_id);
    return Xlsx(std::move(r).value(), "org-figures.xlsx");
  };
}

}  // namespace shuniu::org::routes
