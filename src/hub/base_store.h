// SQL of bases, residency agreements, their checklists and the incubation log.
#pragma once

#include <string>
#include <vector>

#include "db/database.h"
#include "hub/base_service.h"

namespace shuniu::hub::store {

// A WHERE clause built from conditions with '?' placeholders (numbered on add).
class Where {
 public:
  void Add(std::string cond, std::vector<db::Value> values);
  std::string sql() const { return conds_.empty() ? "" : " WHERE " + conds_; }
  std::vector<db::Value>& params() { return params_; }

 private:
  std::string conds_;
  std::vector<db::Value> params_;
};

Status InsertBase(db::Conn& c, const Base& b);
Result<bool> UpdateBase(db::Conn& c, const Base& b, long long expected_version);
Result<std::optional<Base>> FindBase(db::Conn& c, long long id);
Result<Page<Base>> ListBases(db::Conn& c, Where w, long long page, long long size);

Status InsertResidency(db::Conn& c, const Residency& r);
Result<bool> UpdateResidency(db::Conn& c, const Residency& r, long long expected_version);
Result<std::optional<Residency>> FindResidency(db::Conn& c, long long id);
Result<Page<Residency>> ListResidencies(db::Conn& c, Where w, const std::string& order,
                                        long long page, long long size);
// Whether org_id has any agreement (in any state) at the base.
Result<bool> HasResidency(db::Conn& c, long long base_id, long long org_id);
// An open agreement (invited, applied, signed, active) of org_id at the base.
Result<bool> HasOpenResidency(db::Conn& c, long long base_id, long long org_id);

Status InsertCriteria(db::Conn& c, long long residency_id);
Result<std::vector<Criterion>> LoadCriteria(db::Conn& c, long long residency_id);
Status SaveCriterion(db::Conn& c, long long residency_id, const Criterion& k);

Status InsertEvent(db::Conn& c, const IncubationEvent& e);
Result<Page<IncubationEvent>> ListEvents(db::Conn& c, Where w, long long page, long long size);

// The region of an organization ("" when it does not exist).
Result<std::string> OrgRegion(db::Conn& c, long long org_id);

}  // namespace shuniu::hub::store
