// Organization handlers: parse, call one service method, render.
#include "org/org_routes.h"

#include "core/time.h"
#include "http/multipart.h"
#include "sheet/reader.h"

namespace shuniu::org::routes {
namespace {

using http::Request;
using http::Response;

std::string Query(const Request& r, const char* k, size_t max = 100) {
  auto it = r.query.find(k);
  return it == r.query.end() ? std::string() : it->second.substr(0, max);
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
          {"by_status", c.by_status}};
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
    return http::Render(
        req, r,
        [](const OrgView& v) {
          auto j = OrgJson(v.org, v.region_name);
          j["warnings"] = v.warnings;
          return j;
        },
        201);
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
      auto j = OrgJson(v.org, v.region_name);
      j["warnings"] = v.warnings;
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
    return http::Render(req, r, [](const OrgView& v) {
      auto j = OrgJson(v.org, v.region_name);
      j["warnings"] = v.warnings;
      return j;
    });
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

}  // namespace shuniu::org::routes
