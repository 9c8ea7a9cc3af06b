// SQL for organizations, their domains, history, dictionaries and kept counts.
#pragma once

#include <map>
#include <set>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "db/database.h"
#include "org/org.h"

namespace shuniu::org {

struct DictEntry {
  std::string zh, en;
  bool registered = false;
  long long sort = 0;
};
// dict name -> code -> entry (active entries only)
using Dicts = std::map<std::string, std::map<std::string, DictEntry>>;
Result<Dicts> LoadDicts(db::Conn& c);

Status InsertOrg(db::Conn& c, const Org& o);
// Bulk writes (import): the organizations with their domains, by multi-row INSERTs.
Status InsertOrgs(db::Conn& c, const std::vector<Org>& orgs);
// Writes o where version matches; false when it did not (concurrent edit).
Result<bool> UpdateOrg(db::Conn& c, const Org& o, long long expected_version);
Result<std::optional<Org>> FindOrg(db::Conn& c, long long id);
Result<std::optional<long long>> FindOrgIdByUscc(db::Conn& c, const std::string& uscc);
// Ids of the organizations holding any of the given credit codes (any scope).
Result<std::map<std::string, long long>> FindOrgIdsByUscc(db::Conn& c,
                                                          const std::vector<std::string>& usccs);
// Organizations without a credit code whose (region_code, name) is one of
// `keys`, looked up at the given regions: key → ids (ordered by id). The key
// of unregistered rows in an import.
Result<std::map<std::pair<std::string, std::string>, std::vector<long long>>> FindUnregisteredIn(
    db::Conn& c, const std::vector<std::string>& regions,
    const std::set<std::pair<std::string, std::string>>& keys);
Result<std::pair<std::vector<Org>, long long>> ListOrgs(db::Conn& c, const OrgFilter& f);
Status SetDomains(db::Conn& c, long long org_id, const std::vector<std::string>& domains);

// Ids for the rows one import writes (decision 0013): consecutive ids from a
// random start in [1, 2^53), so an import's new rows go into the id index
// (and, for organizations, the history and domain indexes keyed by org id)
// side by side instead of at random places. A block is drawn only where the
// table holds no id yet; once used up, the next block starts elsewhere.
class IdBlock {
 public:
  // table: "orgs" or "org_history"; size: ids per block (at least 1).
  IdBlock(const char* table, long long size) : table_(table), size_(size < 1 ? 1 : size) {}
  Result<long long> Next(db::Conn& c);

 private:
  const char* table_;
  long long size_;
  long long next_ = 0, end_ = 0;
};

Status AddHistory(db::Conn& c, long long org_id, const HistoryEntry& h);
// With `ids`, the rows take their ids from it (an import); else random ids.
Status AddHistories(db::Conn& c, const std::vector<std::pair<long long, HistoryEntry>>& rows,
                    IdBlock* ids = nullptr);
Result<std::vector<HistoryEntry>> ListHistory(db::Conn& c, long long org_id);

// Adds delta to the count of (kind, status) at region_code and every ancestor.
Status AdjustCount(db::Conn& c, const std::string& region_code, const std::string& kind,
                   const std::string& status, long long delta);
// Count changes gathered in memory over many writes (an import) and applied
// once: the same totals as AdjustCount / AdjustDomainCount per write, each
// count row written once by multi-row upserts.
class CountDeltas {
 public:
  void Add(const std::string& region_code, const std::string& kind, const std::string& status,
           long long delta);
  // The organization's row of the report counts (AdjustReportCount) changes by delta.
  void AddReport(const Org& o, long long delta);
  void AddDomain(const std::string& region_code, const std::string& domain, long long delta);
  // Applies every change at its region and each ancestor, then forgets them.
  Status Apply(db::Conn& c);

 private:
  // Keys joined with '\x1f' (no code holds it): one string per key, hashed.
  std::unordered_map<std::string, long long> org_, domain_, report_;
};

// Counts the annual report reads for the whole country and for a province, instead
// of scanning their organizations (decision 0019): organizations per city by every
// column the report's conditions over `orgs` read (kind, registered, status, origin,
// level) and the year of the founding and registration dates, kept as the date
// "YYYY-07-01" (every period boundary is a 1 January or a 31 December, so that date
// compares with them as any date of its year does). A missing origin or date is kept
// as ''.
Status AdjustReportCount(db::Conn& c, const Org& o, long long delta);
// True when the organization's report-count row differs between the two versions.
bool ReportKeyChanged(const Org& before, const Org& after);
// Recomputes org_report_counts from orgs (`shuniu db recount`; tests).
Status RebuildReportCounts(db::Conn& c);
// (region_code, kind, status, n) rows for the given regions.
Result<std::vector<std::tuple<std::string, std::string, std::string, long long>>> CountsFor(
    db::Conn& c, const std::vector<std::string>& regions);

// Domain counts per region at every level, kept like org_counts.
Status AdjustDomainCount(db::Conn& c, const std::string& region_code, const std::string& domain,
                         long long delta);
Result<std::vector<std::tuple<std::string, std::string, long long>>> DomainCountsFor(
    db::Conn& c, const std::vector<std::string>& regions);
// Organizations per founding or registration year in [lo, hi] (column: founded_on | registered_on).
Result<std::vector<YearCount>> CountByYear(db::Conn& c, const std::string& column,
                                           const std::string& lo, const std::string& hi);

Status InsertChangeRequest(db::Conn& c, const ChangeRequest& r);
Result<std::optional<ChangeRequest>> FindChangeRequest(db::Conn& c, long long id);
// Requests in [lo, hi] (or of one org), newest first; status "" = any.
Result<std::vector<ChangeRequest>> ListChangeRequests(db::Conn& c, const std::string& lo,
                                                      const std::string& hi,
                                                      std::optional<long long> org_id,
                                                      const std::string& status);
Status DecideChangeRequest(db::Conn& c, const ChangeRequest& r);

// Dictionary administration.
Status InsertDictItem(db::Conn& c, const std::string& dict, const std::string& code,
                      const DictEntry& e);
Result<bool> UpdateDictItem(db::Conn& c, const std::string& dict, const std::string& code,
                            const DictEntry& e, bool active);

}  // namespace shuniu::org
