// The home-page dashboard of each role: what needs doing (to-do cards with a
// count, a link to the list and the first five items) and, for staff, admins
// and auditors, the region's key figures with a five-year trend. Read-only and
// computed from the records in the caller's scope; no personal data.
//
// Per role: staff/admin — decisions and reviews waiting in the region, expiring
// residency agreements, overdue follow-ups and organizations not contacted;
// org account — its own unfinished reports, the annual review to file, surveys,
// meetings, trainings and competitions open to it; reviewer — bids and entries
// assigned to it and not yet scored; auditor — figures only.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/principal.h"
#include "core/result.h"
#include "db/database.h"

namespace shuniu::dashboard {

struct TodoItem {
  long long id = 0;
  std::string title;
  std::optional<std::string> due;  // YYYY-MM-DD when the item has a deadline
  std::string link;                // web route of the record
};

struct Todo {
  std::string key, label, label_en;
  long long count = 0;
  std::string link;             // web route of the list, with its filter
  std::vector<TodoItem> items;  // the first five, most urgent first
};

struct TrendPoint {
  long long year = 0, value = 0;
};

struct Figure {
  std::string key, label, label_en;
  long long value = 0;
  std::string unit;               // "count" | "fen"
  std::vector<TrendPoint> trend;  // the last five years, oldest first
};

struct Dashboard {
  std::string region_code;  // the region the figures cover
  std::vector<Todo> todo;
  std::vector<Figure> figures;
};

// Number of items listed per to-do card.
inline constexpr size_t kTodoItems = 5;
// An organization counts as not contacted after this many days without a visit.
inline constexpr long long kContactDays = 180;
// Residency agreements ending within this many days are listed as expiring.
inline constexpr long long kExpiringDays = 60;

class DashboardService {
 public:
  explicit DashboardService(db::Database& db) : db_(db) {}

  // The dashboard of p for `region` (empty: p's own scope). Errors:
  // invalid_argument (field "region") for a malformed code, not_found when the
  // region lies outside p's scope.
  Result<Dashboard> Get(const Principal& p, const std::string& region);

 private:
  db::Database& db_;
};

}  // namespace shuniu::dashboard
