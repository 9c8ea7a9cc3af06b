// The attachment service: checks, storage (directory or database), scope, quota.
#include "files/file_service.h"

#include <fcntl.h>
#include <sodium.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/crypto.h"
#include "core/region_code.h"
#include "core/time.h"
#include "files/content_check.h"
#include "org/org_store.h"

namespace shuniu::files {
namespace {

const char* kColumns =
    "id, name, mime, size, sha256, region_code, org_id, created_by, created_at, storage";

FileMeta FromRow(const db::Row& r) {
  FileMeta m;
  m.id = r.Int(0);
  m.name = r.Str(1);
  m.mime = r.Str(2);
  m.size = r.Int(3);
  m.sha256 = r.Str(4);
  m.region_code = r.Str(5);
  m.org_id = r.OptInt(6);
  m.created_by = r.Int(7);
  m.created_at = Rfc3339(r.Int(8));
  return m;
}

nlohmann::json Snapshot(const FileMeta& m) {
  return {{"id", m.id},
          {"name", m.name},
          {"mime", m.mime},
          {"size", m.size},
          {"sha256", m.sha256},
          {"org_id", m.org_id ? nlohmann::json(*m.org_id) : nlohmann::json()},
          {"region_code", m.region_code}};
}

std::string ToBase64(std::string_view b) {
  std::string out(sodium_base64_ENCODED_LEN(b.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(b.data()),
                    b.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::optional<std::string> FromBase64(const std::string& s) {
  std::string out(s.size() / 4 * 3 + 3, '\0');
  size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), s.data(),
                        s.size(), nullptr, &len, nullptr, sodium_base64_VARIANT_ORIGINAL) != 0)
    return std::nullopt;
  out.resize(len);
  return out;
}

std::string MiB(long long bytes) {
  double m = static_cast<double>(bytes) / (1 << 20);
  char buf[32];
  snprintf(buf, sizeof buf, m >= 10 ? "%.0f MiB" : "%.1f MiB", m);
  return buf;
}

Status FsyncPath(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags);
  if (fd < 0) return Internal("cannot open " + path + " for fsync");
  int rc = ::fsync(fd);
  ::close(fd);
  return rc == 0 ? Status::Ok() : Internal("fsync failed for " + path);
}

}  // namespace

FileService::FileService(db::Database& db, audit::AuditService& audit, org::OrgService& orgs,
                         const Config& cfg)
    : db_(db), audit_(audit), orgs_(orgs), cfg_(cfg) {}

std::string FileService::Dir() const {
  return cfg_.files_dir.empty() ? cfg_.data_dir + "/files" : cfg_.files_dir;
}

Status FileService::StoreOnDisk(const std::string& sha256, std::string_view bytes) {
  namespace fs = std::filesystem;
  // Content-addressed: <files_dir>/ab/cd/<sha256>. The name comes from the
  // bytes, never from the uploader, and equal uploads share one copy.
  fs::path dir = fs::path(Dir()) / sha256.substr(0, 2) / sha256.substr(2, 2);
  fs::path target = dir / sha256;
  std::error_code ec;
  if (fs::is_regular_file(target, ec) &&
      fs::file_size(target, ec) == static_cast<uintmax_t>(bytes.size()))
    return Status::Ok();
  fs::create_directories(dir, ec);
  if (ec) return Internal("cannot create the file directory: " + ec.message());
  std::string tmp = (dir / (sha256 + ".tmp-" + crypto::RandomToken(6))).string();
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
  if (fd < 0) return Internal("cannot create a file in the file directory");
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) {
      ::close(fd);
      ::unlink(tmp.c_str());
      return Internal("cannot write the uploaded file");
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    ::unlink(tmp.c_str());
    return Internal("cannot flush the uploaded file to disk");
  }
  ::close(fd);
  if (::rename(tmp.c_str(), target.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return Internal("cannot store the uploaded file");
  }
  return FsyncPath(dir.string(), O_RDONLY | O_DIRECTORY);  // make the rename durable
}

Result<std::string> FileService::ReadBytes(db::Conn& c, const FileMeta& m,
                                           const std::string& storage) {
  std::string bytes;
  if (storage == "db") {
    auto row = c.QueryOne("SELECT data FROM file_blobs WHERE sha256 = :1", {m.sha256});
    if (!row.ok()) return row.status();
    if (!*row) return Internal("the stored copy of file " + std::to_string(m.id) + " is missing");
    auto b = FromBase64((*row)->Str(0));
    if (!b) return Internal("the stored copy of file " + std::to_string(m.id) + " is damaged");
    bytes = std::move(*b);
  } else {
    std::string path =
        Dir() + "/" + m.sha256.substr(0, 2) + "/" + m.sha256.substr(2, 2) + "/" + m.sha256;
    std::ifstream in(path, std::ios::binary);
    if (!in) return Internal("the stored copy of file " + std::to_string(m.id) + " is missing");
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  if (crypto::Sha256Hex(bytes) != m.sha256)
    return Internal("the stored copy of file " + std::to_string(m.id) + " is damaged");
  return bytes;
}

Result<long long> FileService::OrgUsage(db::Conn& c, long long org_id) {
  auto row = c.QueryOne("SELECT COALESCE(SUM(size), 0) FROM files WHERE org_id = :1", {org_id});
  if (!row.ok()) return row.status();
  return *row ? (*row)->Int(0) : 0;
}

Result<FileMeta> FileService::Upload(const Principal& p, const std::string& raw_name,
                                     std::string_view bytes, std::optional<long long> org_id) {
  if (p.role == Role::kAuditor || p.role == Role::kReviewer)
    return PermissionDenied("your role may not upload files");
  if (static_cast<long long>(bytes.size()) > cfg_.file_max_bytes)
    return Status(Code::kPayloadTooLarge,
                  "the file is larger than the limit of " + MiB(cfg_.file_max_bytes), "file");
  auto name = CleanName(raw_name);
  if (!name.ok()) return name.status();
  auto mime = CheckContent(*name, bytes);
  if (!mime.ok()) return mime.status();
  if (p.role == Role::kOrg) {
    if (!p.org_id) return PermissionDenied("your account belongs to no organization");
    if (org_id && *org_id != *p.org_id)
      return Status(Code::kPermissionDenied, "you may upload only for your own organization",
                    "org_id");
    org_id = p.org_id;
  }
  FileMeta m;
  m.id = crypto::RandomId();
  m.name = *name;
  m.mime = *mime;
  m.size = static_cast<long long>(bytes.size());
  m.sha256 = crypto::Sha256Hex(bytes);
  m.org_id = org_id;
  m.region_code = p.region_code;
  m.created_by = p.user_id;
  int64_t now = NowMs();
  m.created_at = Rfc3339(now);
  const std::string storage = cfg_.files_storage == "db" ? "db" : "dir";
  // Bytes first: a committed row always has its content on disk.
  if (storage == "dir") SHUNIU_RETURN_IF_ERROR(StoreOnDisk(m.sha256, bytes));
  Status st = db_.Tx([&](db::Conn& c) -> Status {
    if (org_id) {
      if (c.engine() == db::Engine::kPostgresql)  // serialise quota checks per organization
        SHUNIU_RETURN_IF_ERROR(
            c.Query("SELECT id FROM orgs WHERE id = :1 FOR UPDATE", {*org_id}).status());
      auto o = org::FindOrg(c, *org_id);
      if (!o.ok()) return o.status();
      if (!*o || !org::VisibleTo(p, **o)) return InvalidArgument("org_id", "unknown organization");
      m.region_code = (*o)->Get("region_code");
      auto used = OrgUsage(c, *org_id);
      if (!used.ok()) return used.status();
      if (*used + m.size > cfg_.org_file_quota_bytes)
        return Status(Code::kPayloadTooLarge,
                      "the organization's file quota of " + MiB(cfg_.org_file_quota_bytes) +
                          " is used up (" + MiB(*used) + " stored); this file needs " + MiB(m.size),
                      "file");
    }
    if (storage == "db") {
      auto have = c.QueryOne("SELECT size FROM file_blobs WHERE sha256 = :1", {m.sha256});
      if (!have.ok()) return have.status();
      if (!*have)
        SHUNIU_RETURN_IF_ERROR(
            c.Exec("INSERT INTO file_blobs (sha256, size, data) VALUES (:1, :2, :3) "
                   "ON CONFLICT (sha256) DO NOTHING",  // an equal upload at the same moment
                   {m.sha256, m.size, ToBase64(bytes)}));
    }
    SHUNIU_RETURN_IF_ERROR(
        c.Exec("INSERT INTO files (id, name, mime, size, sha256, storage, region_code, org_id, "
               "created_by, created_at) VALUES (:1, :2, :3, :4, :5, :6, :7, :8, :9, :10)",
               {m.id, m.name, m.mime, m.size, m.sha256, storage, m.region_code, db::Opt(m.org_id),
                m.created_by, static_cast<long long>(now)}));
    return audit::AuditService::Record(c, p.ctx, "file.upload", "file", std::to_string(m.id),
                                       m.region_code, std::nullopt, Snapshot(m));
  });
  if (!st.ok()) return st;
  return m;
}

Result<std::optional<FileMeta>> FileService::Meta(db::Conn& c, long long file_id) {
  auto row = c.QueryOne(std::string("SELECT ") + kColumns + " FROM files WHERE id = :1", {file_id});
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<FileMeta>();
  return std::optional<FileMeta>(FromRow(**row));
}

Result<bool> FileService::Visible(db::Conn& c, const Principal& p, const FileMeta& m) {
  for (const auto& [name, sql] : seals_) {
    auto sealed = c.QueryOne(sql, {m.id});
    if (!sealed.ok()) return sealed.status();
    if (sealed->has_value()) return false;
  }
  if (p.user_id != 0 && m.created_by == p.user_id) return true;
  // Admins see the whole deployment: their scope is its root region.
  if (p.role == Role::kAdmin || p.role == Role::kStaff || p.role == Role::kAuditor) {
    if (InSubtree(m.region_code, p.region_code)) return true;
    for (const auto& [name, sql] : record_regions_) {
      auto rows = c.Query(sql, {m.id, m.org_id.value_or(0)});
      if (!rows.ok()) return rows.status();
      for (const auto& r : *rows)
        if (InSubtree(r.Str(0), p.region_code)) return true;
    }
  } else if (p.role == Role::kOrg && p.org_id) {
    if (m.org_id && *m.org_id == *p.org_id) return true;
    auto g = c.QueryOne("SELECT 1 FROM file_grants WHERE file_id = :1 AND org_id = :2",
                        {m.id, *p.org_id});
    if (!g.ok()) return g.status();
    if (g->has_value()) return true;
    for (const auto& [name, sql] : audiences_) {
      auto a = c.QueryOne(sql, {m.id, *p.org_id});
      if (!a.ok()) return a.status();
      if (a->has_value()) return true;
    }
  }
  if (p.user_id == 0) return false;
  for (const auto& [name, sql] : user_audiences_) {
    auto a = c.QueryOne(sql, {m.id, p.user_id});
    if (!a.ok()) return a.status();
    if (a->has_value()) return true;
  }
  return false;
}

void FileService::AddSeal(std::string name, std::string sql) {
  seals_.emplace_back(std::move(name), std::move(sql));
}

void FileService::AddAudience(std::string name, std::string sql) {
  audiences_.emplace_back(std::move(name), std::move(sql));
}

void FileService::AddUserAudience(std::string name, std::string sql) {
  user_audiences_.emplace_back(std::move(name), std::move(sql));
}

std::string FileService::JsonIdListHasFile(const std::string& column) {
  // ",3,17," contains ",17," but not ",7,": ids match whole, on both engines.
  std::string list = "REPLACE(" + column + ", ' ', '')";
  return "(',' || SUBSTR(" + list + ", 2, LENGTH(" + list + ") - 2) || ',') LIKE ('%,' || " +
         "CAST(:1 AS VARCHAR(20)) || ',%')";
}

void FileService::AddRecordRegions(std::string name, std::string sql) {
  record_regions_.emplace_back(std::move(name), std::move(sql));
}

Result<FileMeta> FileService::CheckAttachable(db::Conn& c, const Principal& p, long long file_id,
                                              std::optional<long long> org_id) {
  auto m = Meta(c, file_id);
  if (!m.ok()) return m.status();
  if (!*m) return NotFound("file not found");
  auto vis = Visible(c, p, **m);
  if (!vis.ok()) return vis.status();
  if (!*vis) return NotFound("file not found");
  if (org_id && (*m)->org_id != org_id) {
    // A file of no organization, uploaded by staff whose scope holds the organization.
    bool ok = false;
    if (!(*m)->org_id) {
      auto o = org::FindOrg(c, *org_id);
      if (!o.ok()) return o.status();
      ok = *o && InSubtree((*o)->Get("region_code"), (*m)->region_code);
    }
    if (!ok) return NotFound("file not found for this organization");
  }
  return **m;
}

Status FileService::Grant(db::Conn& c, const RequestContext& ctx, long long file_id,
                          long long org_id) {
  auto m = Meta(c, file_id);
  if (!m.ok()) return m.status();
  if (!*m) return NotFound("file not found");
  if ((*m)->org_id == org_id) return Status::Ok();
  auto have =
      c.QueryOne("SELECT 1 FROM file_grants WHERE file_id = :1 AND org_id = :2", {file_id, org_id});
  if (!have.ok()) return have.status();
  if (*have) return Status::Ok();
  auto o = org::FindOrg(c, org_id);
  if (!o.ok()) return o.status();
  if (!*o) return InvalidArgument("org_id", "unknown organization");
  SHUNIU_RETURN_IF_ERROR(
      c.Exec("INSERT INTO file_grants (file_id, org_id, created_at) VALUES (:1, :2, :3)",
             {file_id, org_id, static_cast<long long>(NowMs())}));
  return audit::AuditService::Record(c, ctx, "file.grant", "file", std::to_string(file_id),
                                     (*m)->region_code, std::nullopt,
                                     nlohmann::json{{"org_id", org_id}});
}

Result<FileMeta> FileService::Get(const Principal& p, long long file_id) {
  FileMeta out;
  Status st = db_.Read([&](db::Conn& c) -> Status {
    auto m = CheckAttachable(c, p, file_id, std::nullopt);
    if (!m.ok()) return m.status();
    out = *m;
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::pair<FileMeta, std::string>> FileService::Content(const Principal& p,
                                                              long long file_id) {
  std::pair<FileMeta, std::string> out;
  Status st = db_.Read([&](db::Conn& c) -> Status {
    auto m = CheckAttachable(c, p, file_id, std::nullopt);
    if (!m.ok()) return m.status();
    auto storage = c.QueryOne("SELECT storage FROM files WHERE id = :1", {file_id});
    if (!storage.ok()) return storage.status();
    auto bytes = ReadBytes(c, *m, *storage ? (*storage)->Str(0) : "dir");
    if (!bytes.ok()) return bytes.status();
    out = {*m, std::move(bytes).value()};
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

Result<std::pair<std::vector<FileMeta>, long long>> FileService::List(
    const Principal& p, std::optional<long long> org_id, long long page, long long size) {
  std::string where = " WHERE 1 = 1";
  std::vector<db::Value> params;
  auto bind = [&](db::Value v) {
    params.push_back(std::move(v));
    return ":" + std::to_string(params.size());
  };
  if (p.role == Role::kAdmin || p.role == Role::kStaff || p.role == Role::kAuditor) {
    auto r = SubtreeRange(p.region_code);
    // One bind per statement: the operands of + are evaluated in no fixed order.
    std::string lo = bind(r.lo);
    std::string hi = bind(r.hi);
    std::string me = bind(p.user_id);
    where += " AND (region_code BETWEEN " + lo + " AND " + hi + " OR created_by = " + me + ")";
  } else if (p.role == Role::kOrg) {
    if (!p.org_id) return std::pair<std::vector<FileMeta>, long long>{{}, 0};
    std::string org = bind(*p.org_id);
    std::string me = bind(p.user_id);
    std::string granted = bind(*p.org_id);  // placeholders are not reused (PostgreSQL)
    where += " AND (org_id = " + org + " OR created_by = " + me +
             " OR id IN (SELECT file_id FROM file_grants WHERE org_id = " + granted + "))";
  } else {
    return PermissionDenied("your role may not list files");
  }
  if (org_id) where += " AND org_id = " + bind(*org_id);
  std::pair<std::vector<FileMeta>, long long> out;
  Status st = db_.Read([&](db::Conn& c) -> Status {
    auto n = c.QueryOne("SELECT COUNT(*) FROM files" + where, params);
    if (!n.ok()) return n.status();
    out.second = *n ? (*n)->Int(0) : 0;
    auto ps = params;
    ps.push_back(size);
    ps.push_back((page - 1) * size);
    auto rows =
        c.Query(std::string("SELECT ") + kColumns + " FROM files" + where +
                    " ORDER BY created_at DESC, id DESC LIMIT :" + std::to_string(ps.size() - 1) +
                    " OFFSET :" + std::to_string(ps.size()),
                ps);
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows) out.first.push_back(FromRow(r));
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

}  // namespace shuniu::files
