// The annual work report: every figure of the hub's year-end report (the seed report's
// form) computed from the records of a region subtree and a span of years, each with
// the records behind it, and the same report as a PDF and an .xlsx workbook.
//
// A figure is declared once (report_figures.cpp): the table it counts or sums, its
// condition over that table and the columns that list its records. The value and the
// record list run the same condition, so a figure always equals the records its link
// shows. Read-only: nothing here writes.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/principal.h"
#include "core/result.h"
#include "db/database.h"
#include "region/region_service.h"

namespace shuniu::report {

// What the report covers: a region in the caller's scope and the years [from, to].
struct Period {
  std::string region;  // 12-digit code (or the national root)
  int from = 0, to = 0;
  int span = 3;  // years counted back from `to` for "new registrations in the last N years"
};

struct Figure {
  std::string key, section, label, label_en, unit;  // unit: count | fen | hours | percent
  long long value = 0;
  long long previous = 0;  // the same figure for the period of equal length just before
  std::string link;        // the web page listing the records behind the figure
};

// A breakdown shown as a table (and one sheet of the workbook).
struct Table {
  std::string key, title, title_en;
  std::vector<std::string> columns, columns_en;
  std::vector<std::string> units;  // per column: "" text | count | fen | hours
  std::vector<std::vector<std::string>> rows;
};

struct AnnualReport {
  Period period;
  std::string region_name;
  long long generated_at = 0;  // ms
  std::vector<Figure> figures;
  std::vector<Table> tables;
};

// One record behind a figure.
struct Record {
  std::string kind;  // org | project | residency | training | meeting | survey | home | ...
  long long id = 0;
  std::string title, region_code, date;
  std::optional<long long> amount;
};

struct Records {
  std::string key, label, label_en;
  long long total = 0;
  std::vector<Record> items;  // the first `limit`
};

// Validates a report request from query values; errors name the field.
Result<Period> ParsePeriod(const Principal& p, const std::string& region, const std::string& year,
                           const std::string& to, const std::string& span);

class ReportService {
 public:
  ReportService(db::Database& db, region::RegionService& regions) : db_(db), regions_(regions) {}

  // Staff, admins and auditors, for a region in their subtree (404 outside).
  Result<AnnualReport> Annual(const Principal& p, const Period& period);
  // The records behind one figure (its key), at most `limit` of them.
  Result<Records> FigureRecords(const Principal& p, const Period& period, const std::string& key,
                                long long limit);
  // The report as a PDF (Chinese text, pango/cairo) and as an .xlsx workbook with one
  // sheet of figures and one sheet per table.
  Result<std::string> Pdf(const AnnualReport& r);
  Result<std::string> Xlsx(const AnnualReport& r);
  // Off: the whole country and provinces scan their organizations like any region
  // (tests compare both readings; the benchmark's baseline).
  void set_kept_counts(bool on) { kept_counts_ = on; }

 private:
  Status CheckReader(const Principal& p, const Period& period);
  db::Database& db_;
  region::RegionService& regions_;
  bool kept_counts_ = true;
};

}  // namespace shuniu::report
