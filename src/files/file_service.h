// Attachments: one service for every capability that stores files (residency
// agreements, annual reviews, training materials, notices, …). Uploads are
// checked by size and by content, hashed with SHA-256, stored outside the web
// root (directory or database, configurable) and downloaded only in scope.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/audit_service.h"
#include "core/config.h"
#include "core/principal.h"
#include "db/database.h"
#include "org/org_service.h"

namespace shuniu::files {

struct FileMeta {
  long long id = 0;
  std::string name;  // original file name, cleaned
  std::string mime;  // detected from the content, not from the name
  std::string sha256;
  long long size = 0;
  std::string region_code;          // scope of the file
  std::optional<long long> org_id;  // the organization it belongs to, if any
  long long created_by = 0;
  std::string created_at;
};

class FileService {
 public:
  FileService(db::Database& db, audit::AuditService& audit, org::OrgService& orgs,
              const Config& cfg);

  // Stores an upload for `p` (also used by demo loaders): checks size, content
  // type against the name, the organization's quota and scope; own transaction,
  // audited. `org_id` ties the file to an organization (org accounts: their own).
  Result<FileMeta> Upload(const Principal& p, const std::string& name, std::string_view bytes,
                          std::optional<long long> org_id);

  // For services that attach a file to a record, inside their transaction:
  // the file exists and `p` may see it; when `org_id` is given the file must
  // belong to that organization or have been uploaded by staff in its scope.
  // kNotFound when missing or invisible.
  Result<FileMeta> CheckAttachable(db::Conn& c, const Principal& p, long long file_id,
                                   std::optional<long long> org_id);
  // Lets the accounts of `org_id` read the file too (e.g. the operator of a
  // base reads its residents' agreement documents). Audited; idempotent.
  Status Grant(db::Conn& c, const RequestContext& ctx, long long file_id, long long org_id);
  // Lets organizations read files through the records they are attached to,
  // without a grant per organization (a notice may reach 100,000 of them).
  // `sql` selects a row when the organization :2 may read the file :1, e.g.
  // "the file is a material of a training the organization is enrolled in".
  // Called by capabilities while they are built, before any request.
  void AddAudience(std::string name, std::string sql);
  // Lets single users read files through a record they work on, whatever their
  // role (e.g. a tender panel's reviewers read the proposals of the opened bids):
  // `sql` selects a row when user :2 may read the file :1.
  void AddUserAudience(std::string name, std::string sql);
  // Lets staff, auditors and admins read an organization's file attached to a
  // record in their region subtree although the organization is registered
  // elsewhere (a provider from another district reports on a project here):
  // `sql` lists the region codes of the records that attach the file :1 of the
  // organization :2 (0 when the file has none); placeholders bind by occurrence,
  // so :1 comes first.
  void AddRecordRegions(std::string name, std::string sql);
  // SQL condition: the JSON list of ids in `column` (e.g. "[3,17]") holds the file :1.
  static std::string JsonIdListHasFile(const std::string& column);
  // Seals files until an event (e.g. a bid's proposal until the tender opens):
  // while `sql` selects a row for the file :1, no one — not even an admin or
  // the uploader — may read it. Called while capabilities are built.
  void AddSeal(std::string name, std::string sql);

  // Metadata without a scope check (for services that already checked the record).
  Result<std::optional<FileMeta>> Meta(db::Conn& c, long long file_id);

  // Metadata for `p`; kNotFound when missing or out of scope.
  Result<FileMeta> Get(const Principal& p, long long file_id);
  // The file and its bytes for `p` (scope as Get); the bytes are checked
  // against the stored SHA-256 (kInternal when the stored copy is damaged).
  Result<std::pair<FileMeta, std::string>> Content(const Principal& p, long long file_id);
  // Files visible to `p`, newest first; `org_id` filters by organization.
  Result<std::pair<std::vector<FileMeta>, long long>> List(const Principal& p,
                                                           std::optional<long long> org_id,
                                                           long long page, long long size);
  // Whether `p` may read the file (admin; staff/auditor by region subtree, of
  // the file or of a record attaching it; org accounts for their own
  // organization's files, granted ones and those an audience opens to them;
  // users a user audience names; the uploader). A seal beats all of these.
  Result<bool> Visible(db::Conn& c, const Principal& p, const FileMeta& m);
  // Bytes used by an organization's files (for the quota).
  Result<long long> OrgUsage(db::Conn& c, long long org_id);

 private:
  // Writes the bytes to files_dir (temp file, fsync, rename) before the row commits.
  Status StoreOnDisk(const std::string& sha256, std::string_view bytes);
  Result<std::string> ReadBytes(db::Conn& c, const FileMeta& m, const std::string& storage);
  std::string Dir() const;

  std::vector<std::pair<std::string, std::string>> audiences_;       // name, SQL
  std::vector<std::pair<std::string, std::string>> seals_;           // name, SQL
  std::vector<std::pair<std::string, std::string>> user_audiences_;  // name, SQL
  std::vector<std::pair<std::string, std::string>> record_regions_;  // name, SQL
  db::Database& db_;
  audit::AuditService& audit_;
  org::OrgService& orgs_;
  const Config& cfg_;
};

}  // namespace shuniu::files
