// The attachment service (skeleton; filled in by the files capability).
#include "files/file_service.h"

namespace shuniu::files {

FileService::FileService(db::Database& db, audit::AuditService& audit, org::OrgService& orgs,
                         const Config& cfg)
    : db_(db), audit_(audit), orgs_(orgs), cfg_(cfg) {}

Result<FileMeta> FileService::Upload(const Principal&, const std::string&, std::string_view,
                                     std::optional<long long>) {
  return Status(Code::kInternal, "file storage is not available yet");
}

Result<FileMeta> FileService::CheckAttachable(db::Conn&, const Principal&, long long,
                                              std::optional<long long>) {
  return Status(Code::kNotFound, "file not found");
}

Status FileService::Grant(db::Conn&, const RequestContext&, long long, long long) {
  return Status(Code::kNotFound, "file not found");
}

Result<std::optional<FileMeta>> FileService::Meta(db::Conn&, long long) {
  return std::optional<FileMeta>();
}

}  // namespace shuniu::files
