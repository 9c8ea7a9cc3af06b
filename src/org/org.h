// Organization entities and the field table that drives validation, storage,
// field-level history, import and export alike (one definition per field).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"

namespace shuniu::org {

enum class FieldType { kText, kInt, kDate, kDict, kBool, kPhone, kUscc, kRegion, kList };

struct FieldDef {
  const char* name;  // API field and (except phone/lists) SQL column
  FieldType type;
  size_t max_len;    // code points for text
  const char* dict;  // dictionary for kDict / kList of dictionary codes
  bool required;
  bool org_editable;  // an org account may change it directly
  const char* zh;     // column title in templates and exports
};

// Every field of an organization a user can set, in display order.
const std::vector<FieldDef>& OrgFields();
const FieldDef* FindField(std::string_view name);

// Values are kept as text (integers and booleans too); absent = empty optional.
using Values = std::map<std::string, std::optional<std::string>>;

struct Org {
  long long id = 0;
  Values v;                          // every field of OrgFields() except domains/tags
  std::vector<std::string> domains;  // service_domain codes
  std::vector<std::string> tags;
  bool registered = false;                // derived from the kind's dictionary entry
  int level = 0;                          // affiliation level, derived from the region
  std::string phone_sealed, phone_index;  // stored form of contact_phone
  long long version = 1;
  int64_t created_at = 0, updated_at = 0;

  const std::string& Get(const std::string& field) const;
};

struct OrgFilter {
  std::string region;  // subtree; must lie in the caller's scope
  std::string q;       // name, USCC, contact name, tags, or an exact phone number
  std::string kind, status, domain, guidance_category, origin;
  std::optional<bool> registered;
  std::optional<long long> cadre_user_id;
  std::string founded_from, founded_to, registered_from, registered_to;
  // name (name, id) | -name (name DESC, id DESC) | founded_on | -founded_on |
  // registered_on | -registered_on | updated_at | -updated_at | region_code
  std::string sort = "name";
  long long page = 1, size = 20;
  // set by the service
  std::string lo, hi;
  // The region whose subtree [lo, hi] is: the total then comes from the kept
  // counts (org_counts) when no filter other than kind and status is set.
  std::string count_region;
  std::optional<long long> only_id;
  std::string phone_index;
  bool published_only = false;
};

struct HistoryEntry {
  int64_t at = 0;
  std::optional<long long> actor_id;
  std::string actor_name, change_kind, field, old_value, new_value;
};

struct ChangeRequest {
  long long id = 0, org_id = 0;
  std::string org_name, region_code;
  long long requested_by = 0;
  std::string requested_by_name;
  int64_t requested_at = 0;
  std::map<std::string, std::string> changes;  // key field -> proposed value
  std::string reason, status;                  // pending | approved | rejected
  std::optional<long long> decided_by;
  std::string decided_by_name, decision_note;
  std::optional<int64_t> decided_at;
};

struct YearCount {
  std::string year;
  long long n = 0;
};

struct RegionCount {
  std::string region_code, region_name;
  long long total = 0, registered = 0, unregistered = 0;
  std::map<std::string, long long> by_kind, by_status, by_domain;
};

// Checks one value against its field definition; the error names the field.
// Normalises in place (trims, canonical phone digits, 是/否 → 1/0); a lower-case
// USCC is an error naming the field, not silently upper-cased.
Status ValidateValue(const FieldDef& f, std::string& value);

}  // namespace shuniu::org
