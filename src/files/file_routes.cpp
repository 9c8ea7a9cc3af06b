// HTTP routes of the attachment service: upload, list, metadata, download.
#include "files/file_routes.h"

#include "http/multipart.h"

namespace shuniu::files::routes {

using http::Request;
using http::Response;

nlohmann::json MetaJson(const FileMeta& m) {
  return {{"id", m.id},
          {"name", m.name},
          {"mime", m.mime},
          {"size", m.size},
          {"sha256", m.sha256},
          {"org_id", m.org_id ? nlohmann::json(*m.org_id) : nlohmann::json()},
          {"region_code", m.region_code},
          {"created_by", m.created_by},
          {"created_at", m.created_at}};
}

namespace {

Result<std::optional<long long>> OptionalId(const std::string& v, const std::string& field) {
  if (v.empty()) return std::optional<long long>();
  if (v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos)
    return InvalidArgument(field, field + " must be an organization id");
  return std::optional<long long>(std::stoll(v));
}

// RFC 5987 percent-encoding of a UTF-8 file name (attr-char stays as is).
std::string Rfc5987(const std::string& s) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : s) {
    if (isalnum(ch) || strchr("!#$&+-.^_`|~", ch)) {
      out.push_back(static_cast<char>(ch));
    } else {
      out.push_back('%');
      out.push_back(kHex[ch >> 4]);
      out.push_back(kHex[ch & 15]);
    }
  }
  return out;
}

// An ASCII stand-in for old clients: non-ASCII, quotes and backslashes become '_'.
std::string AsciiName(const std::string& s) {
  std::string out;
  for (unsigned char ch : s) {
    if ((ch & 0xc0) == 0x80) continue;  // UTF-8 continuation byte
    out.push_back(ch < 0x20 || ch >= 0x7f || ch == '"' || ch == '\\' || ch == ';'
                      ? '_'
                      : static_cast<char>(ch));
  }
  return out;
}

http::Handler Upload(FileService& s) {
  return [&s](const Request& req) {
    auto file = http::MultipartField(req.Header("content-type"), req.body, "file");
    if (!file.ok()) return http::Error(file.status(), req.request_id);
    std::optional<long long> org_id;
    auto org_part = http::MultipartField(req.Header("content-type"), req.body, "org_id");
    if (org_part.ok()) {
      std::string v = org_part->data;
      while (!v.empty() && (v.back() == '\r' || v.back() == '\n' || v.back() == ' ')) v.pop_back();
      auto id = OptionalId(v, "org_id");
      if (!id.ok()) return http::Error(id.status(), req.request_id);
      org_id = *id;
    }
    auto r = s.Upload(req.caller(), file->filename, file->data, org_id);
    return http::Render(req, r, MetaJson, 201);
  };
}

http::Handler List(FileService& s) {
  return [&s](const Request& req) {
    long long page = 1, size = 20;
    Status st = http::PageParams(req, &page, &size);
    if (!st.ok()) return http::Error(st, req.request_id);
    auto it = req.query.find("org_id");
    auto org_id = OptionalId(it == req.query.end() ? "" : it->second, "org_id");
    if (!org_id.ok()) return http::Error(org_id.status(), req.request_id);
    auto r = s.List(req.caller(), *org_id, page, size);
    return http::Render(req, r, [&](const std::pair<std::vector<FileMeta>, long long>& p) {
      nlohmann::json items = nlohmann::json::array();
      for (auto& m : p.first) items.push_back(MetaJson(m));
      return http::PageJson(items, p.second, page, size);
    });
  };
}

http::Handler Get(FileService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    return http::Render(req, s.Get(req.caller(), *id), MetaJson);
  };
}

http::Handler Content(FileService& s) {
  return [&s](const Request& req) {
    auto id = http::IdParam(req, "id");
    if (!id.ok()) return http::Error(id.status(), req.request_id);
    auto r = s.Content(req.caller(), *id);
    if (!r.ok()) return http::Error(r.status(), req.request_id);
    auto& [meta, bytes] = r.value();
    Response res;
    res.content_type = meta.mime;
    res.body = std::move(bytes);
    res.headers.emplace_back("Content-Disposition",
                             "attachment; filename=\"" + AsciiName(meta.name) +
                                 "\"; filename*=UTF-8''" + Rfc5987(meta.name));
    // The pipeline adds nosniff, no-store and the site CSP; the sandbox makes
    // a file opened directly in the browser run nothing and reach nothing.
    res.headers.emplace_back(
        "Content-Security-Policy",
        "sandbox; default-src 'none'; frame-ancestors 'none'; form-action 'none'");
    res.headers.emplace_back("Cache-Control", "private, no-store");
    res.headers.emplace_back("X-Digest-SHA256", meta.sha256);
    return res;
  };
}

}  // namespace

void Append(std::vector<http::Route>& routes, http::Services& s) {
  using http::Access;
  const std::vector<Role> kReaders = {Role::kAdmin, Role::kStaff, Role::kAuditor, Role::kOrg};
  // Reviewers read single files a user audience opens to them (a tender panel).
  const std::vector<Role> kFileReaders = {Role::kAdmin, Role::kStaff, Role::kAuditor, Role::kOrg,
                                          Role::kReviewer};
  const std::vector<Role> kWriters = {Role::kAdmin, Role::kStaff, Role::kOrg};
  http::Route upload{"POST",
                     "/api/v1/files",
                     Access::kRoles,
                     kWriters,
                     "Upload a file (multipart field file, optional org_id); checked by content",
                     "files",
                     Upload(s.files)};
  // The file plus multipart headers and the org_id part.
  upload.max_body_bytes = s.cfg.file_max_bytes + 64 * 1024;
  routes.push_back(std::move(upload));
  routes.push_back({"GET", "/api/v1/files", Access::kRoles, kReaders,
                    "List files in scope (filter org_id)", "files", List(s.files)});
  routes.push_back({"GET", "/api/v1/files/{id}", Access::kRoles, kFileReaders, "File metadata",
                    "files", Get(s.files)});
  routes.push_back({"GET", "/api/v1/files/{id}/content", Access::kRoles, kFileReaders,
                    "Download a file (attachment)", "files", Content(s.files)});
}

}  // namespace shuniu::files::routes
