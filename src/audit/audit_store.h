// SQL for audit events: append within the caller's transaction, list, walk the chain.
#pragma once

#include <functional>
#include <vector>

#include "audit/audit.h"
#include "db/database.h"

namespace shuniu::audit {

struct Filter {
  std::optional<long long> actor_id;
  std::string actor_name;
  std::string action;  // prefix match
  std::string object_type;
  std::string object_id;
  std::optional<int64_t> from_ms, to_ms;
  std::string scope_lo, scope_hi;  // region code range; empty = everything
  long long page = 1, size = 20;
};

// Appends e (seq, prev_hash, hash, at filled in) inside the caller's transaction.
// On PostgreSQL it takes a transaction-scoped advisory lock so the chain stays linear.
Status AppendEvent(db::Conn& c, Event& e);
// The same with before/after given as JSON text ("" = none); e.before/after unused.
Status AppendEventSerialized(db::Conn& c, Event& e, const std::string& before,
                             const std::string& after);
Result<std::pair<std::vector<Event>, long long>> ListEvents(db::Conn& c, const Filter& f);
// Calls fn for every event in seq order (batched); stops when fn returns false.
Status ForEachEvent(db::Conn& c, const std::function<bool(const Event&, const std::string& before,
                                                          const std::string& after)>& fn);

}  // namespace shuniu::audit
