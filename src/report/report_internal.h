// Internal to src/report: the declared figures and the SQL binding helper.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "db/database.h"

namespace shuniu::report::internal {

// A table a figure counts in, with the columns that list its records:
// id, title, region code, date (text), amount (or NULL).
struct Source {
  const char* name;
  const char* from;       // "orgs o"
  const char* scope_col;  // "o.region_code"
  const char* kind;       // record kind for links: org, project, ...
  const char* rec_cols;
  const char* rec_order;
};

// One figure: COUNT (measure "1") or SUM(measure) of the rows of `source` in the scope
// that meet `cond`; with `distinct` set, COUNT(DISTINCT distinct) instead.
// cond may use {F} {T} (first and last date of the period, YYYY-MM-DD), {Fms} {Tms}
// (its bounds in epoch ms, China time, end exclusive), {Y1} {Y2} (its years), {N1}
// (first day of the last `span` years up to {T}).
struct Def {
  const char* key;
  const char* section;
  const char* zh;
  const char* en;
  const char* unit;
  const char* source;
  std::string cond;
  const char* measure = "1";
  const char* distinct = "";
};

const std::vector<Source>& Sources();
const std::vector<Def>& Defs();
const Source* FindSource(const std::string& name);
const Def* FindDef(const std::string& key);

// The values of the {X} tokens for one period.
using Tokens = std::map<std::string, db::Value>;
Tokens PeriodTokens(int from, int to, int span, const std::string& lo, const std::string& hi);

// Replaces every {X} in sql, in order, by :1, :2, … and appends its value to params
// (the database binds placeholders in order of appearance, each once).
std::string Bind(const std::string& sql, const Tokens& t, std::vector<db::Value>& params);

// China-time (UTC+8) epoch ms of YYYY-01-01 00:00.
long long YearStartMs(int year);

}  // namespace shuniu::report::internal
