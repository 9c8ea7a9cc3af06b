// The organization information base: scoped list/search/filter, create and
// edit with validation and field-level history, counts kept per region for
// the dashboard, the public directory. Every write is one transaction with
// its history rows, count adjustments and audit event.
#pragma once

#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "core/principal.h"
#include "core/region_code.h"
#include "db/database.h"
#include "org/org.h"
#include "org/org_store.h"
#include "region/region_service.h"

namespace shuniu::org {

// A spreadsheet as the import sees it (kept free of the sheet library's types).
struct ImportSheet {
  std::vector<std::string> header;
  std::vector<std::vector<std::pair<std::string, bool>>> rows;  // (text, is_formula)
};

// A create or a patch: only the fields present are set.
struct OrgInput {
  Values v;
  std::optional<std::vector<std::string>> domains, tags;
  std::set<std::string, std::less<>> present;  // looked up by field name (const char*)
};

struct ImportIssue {
  long long row = 0;   // spreadsheet row (1 = header)
  std::string column;  // e.g. "C5"
  std::string field;
  std::string message;
};

struct ImportReport {
  bool dry_run = true;
  long long rows = 0, valid = 0, created = 0, updated = 0;
  std::vector<ImportIssue> issues;
};

// What the rows of one import share: lookups made once for the whole file,
// and the writes gathered to be made in bulk (see OrgService::Import).
struct ImportBatch {
  bool dry_run = true;
  std::set<std::string> regions;  // codes of the file that exist
  // Existing organizations: by credit code (codes of the file only), and
  // those without a code by (region_code, name) at the file's regions.
  std::map<std::string, long long> by_uscc;
  std::map<std::pair<std::string, std::string>, std::vector<long long>> unregistered;
  // Spreadsheet row that first used a code / a (region, name) key / an existing org.
  std::map<std::string, long long> seen_uscc;
  std::map<std::pair<std::string, std::string>, long long> seen_key;
  std::map<long long, long long> claimed;
  // Deferred writes: new organizations (with domains), history rows, counts.
  std::vector<Org> new_orgs;
  std::vector<std::pair<long long, HistoryEntry>> history;
  CountDeltas counts;
  // Ids of the new organizations and history rows: consecutive (IdBlock),
  // sized in Import.
  IdBlock org_ids{"orgs", 1};
  IdBlock history_ids{"org_history", 1};
};

struct OrgView {
  Org org;
  std::string region_name;
  std::vector<std::string> warnings;  // e.g. USCC category vs kind mismatch
  bool phone_unmasked = false;
};

class OrgService {
 public:
  OrgService(db::Database& db, region::RegionService& regions, std::string secret)
      : db_(db), regions_(regions), secret_(std::move(secret)) {}

  // Staff and admins see their subtree; an org account only its own org.
  Result<std::pair<std::vector<Org>, long long>> List(const Principal& p, OrgFilter f);
  // kNotFound when missing or out of scope. unmask_phone needs admin or staff
  // and is audited (org.pii_read).
  Result<OrgView> Get(const Principal& p, long long id, bool unmask_phone = false);
  // Errors name the field (422), uscc taken → 409 field uscc, region out of scope → 403.
  Result<OrgView> Create(const Principal& p, const OrgInput& in);
  // Needs the current version (409 when stale). Org accounts may change only
  // their contact and disclosure fields.
  Result<OrgView> Update(const Principal& p, long long id, long long version, const OrgInput& in);
  Result<std::vector<HistoryEntry>> History(const Principal& p, long long id);
  // Counts for `region` (default: the caller's) and each of its children.
  Result<std::pair<RegionCount, std::vector<RegionCount>>> Stats(const Principal& p,
                                                                 const std::string& region);
  // Published organizations only, public fields only.
  Result<std::pair<std::vector<Org>, long long>> PublicList(const std::string& q,
                                                            const std::string& region,
                                                            long long page, long long size);
  Result<Dicts> Dictionaries();
  // Organizations per founding and registration year in `region` (default: the caller's).
  Result<std::pair<std::vector<YearCount>, std::vector<YearCount>>> Trend(
      const Principal& p, const std::string& region);
  // The dashboard figures of Stats as an .xlsx workbook; audited as an export.
  Result<std::string> StatsXlsx(const Principal& p, const std::string& region);

  // An org account proposes new values for key fields (name, uscc, kind,
  // region_code) of its own organization; staff in scope approve or reject.
  Result<ChangeRequest> ProposeChange(const Principal& p, long long org_id,
                                      const std::map<std::string, std::string>& changes,
                                      const std::string& reason);
  Result<std::vector<ChangeRequest>> ListChangeRequests(const Principal& p,
                                                        const std::string& status);
  // Applies the proposed values (validated again) in one transaction; the
  // history records them as change_kind "request".
  Result<ChangeRequest> DecideChange(const Principal& p, long long request_id, bool approve,
                                     const std::string& note);

  // Admins extend the dictionaries (kinds, domains, guidance categories, origins).
  Status AddDictItem(const Principal& p, const std::string& dict, const std::string& code,
                     const DictEntry& e);
  Status EditDictItem(const Principal& p, const std::string& dict, const std::string& code,
                      const DictEntry& e, bool active);

  // Region names for a page of organizations (for list rendering). Names are
  // kept in process for kNamesTtlMs, as the region service keeps its lookups
  // (regions change only by import; a renamed region shows within the TTL).
  std::map<std::string, std::string> RegionNames(const std::vector<Org>& orgs);

  // Import from a read spreadsheet (header row of field titles). Every bad row
  // is reported with its row, cell and reason; a dry run writes nothing, a real
  // run writes the good rows in one transaction. The key of a row: its credit
  // code (an organization with that code is updated); without a code, its name
  // and region_code (the one organization without a code of that name at that
  // region is updated). A row with a code not yet known also updates the one
  // organization without a code of its name and region (a micro-organization
  // that registered). Otherwise the row creates an organization.
  Result<ImportReport> Import(const Principal& p, const struct ImportSheet& sheet, bool dry_run);
  // Rebuilds the report counts (org_report_counts) from the organizations, audited;
  // an admin's repair after organizations were changed outside Shuniu. Returns the rows.
  Result<long long> RecountReport(const Principal& p);
  // The filtered list as .xlsx (same columns as the template); audited.
  Result<std::string> ExportXlsx(const Principal& p, OrgFilter f);
  // An empty workbook with every column and dictionary dropdowns.
  Result<std::string> TemplateXlsx();
  // For other services (users with role org): the org exists and is in p's scope.
  Status CheckInScope(const Principal& p, long long org_id);
  // For other services, inside their transaction: sets the lifecycle status of
  // an organization in p's scope (e.g. "abnormal" for an overdue annual review).
  // Recorded in the field history with `change_kind` and audited as
  // org.<change_kind> (at most 16 characters); a no-op when the status is already `status`.
  Status SetStatusIn(db::Conn& c, const Principal& p, long long id, const std::string& status,
                     const std::string& change_kind);

 private:
  // With an import batch, regions and credit codes are checked against its
  // lookups instead of the database.
  Status Validate(db::Conn& c, const Principal& p, Org& o, const OrgInput& in, const Dicts& d,
                  const ImportBatch* batch = nullptr);
  // The writes behind Create and Update, inside the caller's transaction. With
  // an import batch, inserts, history and counts are gathered in it (nothing
  // at all is written on a dry run); audit events are recorded at once.
  Status CreateIn(db::Conn& c, const Principal& p, const OrgInput& in, const Dicts& d, Org& o,
                  ImportBatch* batch = nullptr);
  Status UpdateIn(db::Conn& c, const Principal& p, long long id, long long version,
                  const OrgInput& in, const Dicts& d, const std::string& change_kind = "",
                  ImportBatch* batch = nullptr);
  // One import row: create, or update the organization its key finds.
  Status ImportRow(db::Conn& c, const Principal& p, const OrgInput& in, const Dicts& d,
                   long long line, ImportBatch& batch, ImportReport& rep);
  // Writes what the batch gathered (organizations, domains, history) and
  // audits its new organizations as one event.
  Status FlushImport(db::Conn& c, const Principal& p, ImportBatch& batch);
  Status ApplyPhone(Org& o, const std::string& digits) const;
  Status ScopeFilter(const Principal& p, OrgFilter& f);

  db::Database& db_;
  region::RegionService& regions_;
  std::string secret_;
  static constexpr int64_t kNamesTtlMs = 60000;
  std::mutex names_mu_;
  std::unordered_map<std::string, std::pair<std::string, int64_t>> names_;  // code → (name, at)
};

std::string MaskPhone(const std::string& digits);
bool IsStaffRole(const Principal& p);
// Whether p may see o: staff/admin/auditor by region subtree, an org account its own.
bool VisibleTo(const Principal& p, const Org& o);

}  // namespace shuniu::org
