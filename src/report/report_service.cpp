// The annual report's figures and tables: one aggregate query per source table for
// all its figures of both periods, breakdown tables by GROUP BY, beneficiaries from
// the projects' reports.
#include "report/report_service.h"

#include <algorithm>
#include <array>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "core/region_code.h"
#include "core/time.h"
#include "project/project_service.h"
#include "report/report_internal.h"

namespace shuniu::report {
namespace {

using internal::Bind;
using internal::Def;
using internal::Defs;
using internal::Source;
using internal::Tokens;

bool Digits(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

std::string Paren(const std::string& s) { return "(" + s + ")"; }

std::string Link(const Period& p, const std::string& key) {
  return "/reports/annual/records?key=" + key + "&region=" + p.region +
         "&year=" + std::to_string(p.from) + "&to=" + std::to_string(p.to) +
         "&span=" + std::to_string(p.span);
}

std::string Num(long long v) { return std::to_string(v); }

// The China-time date of an epoch-ms instant.
std::string ChinaDay(long long ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000 + 8 * 3600);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char b[48];
  std::snprintf(b, sizeof b, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
  return b;
}

long long JsonInt(const nlohmann::json& j, const char* k) {
  auto it = j.find(k);
  return it != j.end() && it->is_number_integer() ? it->get<long long>() : 0;
}

}  // namespace

Result<Period> ParsePeriod(const Principal& p, const std::string& region, const std::string& year,
                           const std::string& to, const std::string& span) {
  Period out;
  out.region = region.empty() ? p.region_code : region;
  if (!IsScopeCode(out.region)) return InvalidArgument("region", "region must be a 12-digit code");
  if (year.empty()) return InvalidArgument("year", "year is required (YYYY)");
  if (year.size() != 4 || !Digits(year)) return InvalidArgument("year", "year must be YYYY");
  out.from = std::stoi(year);
  out.to = out.from;
  if (!to.empty()) {
    if (to.size() != 4 || !Digits(to)) return InvalidArgument("to", "to must be YYYY");
    out.to = std::stoi(to);
  }
  if (out.from < 1949 || out.from > 2100) return InvalidArgument("year", "year is out of range");
  if (out.to < out.from || out.to > 2100)
    return InvalidArgument("to", "to must be a year from `year` to 2100");
  if (out.to - out.from > 19) return InvalidArgument("to", "a report covers at most 20 years");
  if (!span.empty()) {
    if (span.size() > 2 || !Digits(span) || std::stoi(span) < 1 || std::stoi(span) > 10)
      return InvalidArgument("span", "span must be 1 to 10 years");
    out.span = std::stoi(span);
  }
  return out;
}

Status ReportService::CheckReader(const Principal& p, const Period& period) {
  if (p.role != Role::kAdmin && p.role != Role::kStaff && p.role != Role::kAuditor)
    return PermissionDenied("reports are read by staff, admins and auditors");
  if (!InSubtree(period.region, p.region_code)) return NotFound("region not found");
  return Status::Ok();
}

Result<AnnualReport> ReportService::Annual(const Principal& p, const Period& period) {
  SHUNIU_RETURN_IF_ERROR(CheckReader(p, period));
  AnnualReport rep;
  rep.period = period;
  rep.generated_at = NowMs();
  if (period.region == kNationalRoot) {
    rep.region_name = "全国";
  } else {
    auto d = regions_.Get(p, period.region);
    if (!d.ok()) return d.status();
    rep.region_name = d->region.name;
  }
  auto range = SubtreeRange(period.region);
  int len = period.to - period.from + 1;
  Tokens cur = internal::PeriodTokens(period.from, period.to, period.span, range.lo, range.hi);
  Tokens prev =
      internal::PeriodTokens(period.from - len, period.to - len, period.span, range.lo, range.hi);
  int level = RegionLevel(period.region);
  if (period.region == kNationalRoot) level = 0;
  // The whole country and a province count their organizations in the kept counts
  // (org_report_counts, rows per city: decision 0019) under the same conditions; a
  // city and below scan its organizations.
  const bool kept = kept_counts_ && level <= 1;
  const std::string orgs_from =
      kept ? "(SELECT city_code AS region_code, kind, registered, status, NULLIF(origin, '') AS "
             "origin, level, NULLIF(founded_on, '') AS founded_on, NULLIF(registered_on, '') AS "
             "registered_on, n FROM org_report_counts) o"
           : "orgs o";
  const std::string org_count = kept ? "o.n" : "1";
  std::map<std::string, std::pair<long long, long long>> values;  // key -> (current, previous)
  std::vector<std::vector<std::string>> kind_rows, region_rows, origin_rows, quarter_rows,
      meeting_rows, comp_rows, star_rows, source_rows, benef_rows, party_rows, host_rows;
  long long benef[6] = {0, 0, 0, 0, 0, 0};  // total female male children adults seniors
  SHUNIU_RETURN_IF_ERROR(db_.Read([&](db::Conn& c) -> Status {
    // One aggregate per source for all its plain figures, both periods.
    for (const Source& src : internal::Sources()) {
      std::vector<const Def*> defs;
      for (const Def& d : Defs())
        if (d.source == std::string(src.name) && !*d.distinct) defs.push_back(&d);
      if (defs.empty()) continue;
      const bool orgs = std::string(src.name) == "orgs";
      std::vector<db::Value> params;
      std::string sql = "SELECT ";
      for (size_t i = 0; i < defs.size(); ++i) {
        // Kept counts hold a count per row: they serve counted figures only.
        if (orgs && kept && std::string(defs[i]->measure) != "1")
          return Internal("figure " + std::string(defs[i]->key) + " is not a count");
        std::string measure = orgs ? org_count : defs[i]->measure;
        for (const Tokens* t : {&cur, &prev}) {
          if (sql.size() > 7) sql += ", ";
          sql += "COALESCE(SUM(CASE WHEN " + Bind(Paren(defs[i]->cond), *t, params) + " THEN " +
                 measure + " ELSE 0 END), 0)";
        }
      }
      sql += std::string(" FROM ") + (orgs ? orgs_from.c_str() : src.from) + " WHERE " +
             Bind(std::string(src.scope_col) + " BETWEEN {lo} AND {hi}", cur, params);
      auto row = c.QueryOne(sql, params);
      if (!row.ok()) return row.status();
      for (size_t i = 0; i < defs.size(); ++i)
        values[defs[i]->key] = {(*row)->Int(2 * i), (*row)->Int(2 * i + 1)};
    }
    for (const Def& d : Defs()) {
      if (!*d.distinct) continue;
      const Source* src = internal::FindSource(d.source);
      if (std::string(src->name) == "orgs" && kept)
        return Internal("figure " + std::string(d.key) + " counts distinct organizations");
      long long v[2] = {0, 0};
      int i = 0;
      for (const Tokens* t : {&cur, &prev}) {
        std::vector<db::Value> params;
        std::string sql =
            std::string("SELECT COUNT(DISTINCT ") + d.distinct + ") FROM " + src->from + " WHERE " +
            Bind(std::string(src->scope_col) + " BETWEEN {lo} AND {hi} AND " + Paren(d.cond), *t,
                 params);
        auto row = c.QueryOne(sql, params);
        if (!row.ok()) return row.status();
        v[i++] = (*row)->Int(0);
      }
      values[d.key] = {v[0], v[1]};
    }
    auto group = [&](const std::string& sql_tpl, size_t cols,
                     std::vector<std::vector<std::string>>& out) -> Status {
      std::vector<db::Value> params;
      std::string sql = Bind(sql_tpl, cur, params);
      auto rows = c.Query(sql, params);
      if (!rows.ok()) return rows.status();
      for (auto& r : *rows) {
        std::vector<std::string> line;
        for (size_t i = 0; i < cols; ++i) line.push_back(r.Str(i));
        out.push_back(std::move(line));
      }
      return Status::Ok();
    };
    // Organizations by kind (existing at the end of the period), with the kind's name.
    SHUNIU_RETURN_IF_ERROR(
        group("SELECT COALESCE(d.name_zh, o.kind), COALESCE(d.name_en, o.kind), CAST(SUM(" +
                  org_count + ") AS BIGINT) FROM " + orgs_from +
                  " LEFT JOIN dict_items d ON d.dict = 'org_kind' AND d.code = o.kind WHERE "
                  "o.region_code BETWEEN {lo} AND {hi} AND o.status <> 'deregistered' AND "
                  "COALESCE(o.founded_on, '') <= {T} GROUP BY COALESCE(d.name_zh, o.kind), "
                  "COALESCE(d.name_en, o.kind), o.kind ORDER BY 3 DESC, o.kind",
              3, kind_rows));
    // New grassroots registrations by origin.
    SHUNIU_RETURN_IF_ERROR(group(
        "SELECT COALESCE(d.name_zh, o.origin, ''), COALESCE(d.name_en, o.origin, ''), CAST(SUM(" +
            org_count + ") AS BIGINT) FROM " + orgs_from +
            " LEFT JOIN dict_items d ON d.dict = 'org_origin' AND d.code = o.origin WHERE "
            "o.region_code BETWEEN {lo} AND {hi} AND o.registered = 1 AND o.level >= 4 AND "
            "o.registered_on >= {N1} AND o.registered_on <= {T} GROUP BY COALESCE(d.name_zh, "
            "o.origin, ''), COALESCE(d.name_en, o.origin, ''), o.origin ORDER BY 3 DESC, o.origin",
        3, origin_rows));
    // Organizations by child region: registered, in incubation, micro-organizations.
    if (level < 5) {
      int len_child = PrefixLength(level + 1);
      std::string reg = internal::FindDef("orgs.registered")->cond,
                  inc = internal::FindDef("orgs.incubating")->cond,
                  mic = internal::FindDef("orgs.micro")->cond;
      std::vector<std::vector<std::string>> raw;
      SHUNIU_RETURN_IF_ERROR(group(
          "SELECT SUBSTR(o.region_code, 1, " + std::to_string(len_child) +
              "), CAST(SUM(CASE WHEN " + Paren(reg) + " THEN " + org_count +
              " ELSE 0 END) AS BIGINT), CAST(SUM(CASE WHEN " + Paren(inc) + " THEN " + org_count +
              " ELSE 0 END) AS BIGINT), CAST(SUM(CASE WHEN " + Paren(mic) + " THEN " + org_count +
              " ELSE 0 END) AS BIGINT) FROM " + orgs_from +
              " WHERE o.region_code BETWEEN {lo} AND {hi} GROUP BY SUBSTR(o.region_code, 1, " +
              std::to_string(len_child) + ") ORDER BY 1",
          4, raw));
      std::vector<std::string> codes;
      for (auto& r : raw) codes.push_back(r[0] + std::string(12 - r[0].size(), '0'));
      auto names = regions_.Names(codes);
      if (!names.ok()) return names.status();
      for (size_t i = 0; i < raw.size(); ++i) {
        auto it = names->find(codes[i]);
        std::string name = it == names->end() ? codes[i] : it->second;
        if (codes[i] == period.region) name += "(本级)";
        region_rows.push_back({name, codes[i], raw[i][1], raw[i][2], raw[i][3]});
      }
    }
    // Trainings per quarter of each year.
    {
      std::vector<db::Value> params;
      std::string sql = Bind(
          "SELECT t.starts_at FROM trainings t WHERE t.region_code BETWEEN {lo} AND {hi} AND "
          "t.state = 'held' AND t.starts_at >= {Fms} AND t.starts_at < {Tms}",
          cur, params);
      auto rows = c.Query(sql, params);
      if (!rows.ok()) return rows.status();
      std::map<int, std::array<long long, 4>> q;
      for (int y = period.from; y <= period.to; ++y) q[y] = {0, 0, 0, 0};
      for (auto& r : *rows) {
        std::string day = ChinaDay(r.Int(0));
        q[std::stoi(day.substr(0, 4))][(std::stoi(day.substr(5, 2)) - 1) / 3] += 1;
      }
      for (auto& [y, a] : q)
        quarter_rows.push_back(
            {Num(y), Num(a[0]), Num(a[1]), Num(a[2]), Num(a[3]), Num(a[0] + a[1] + a[2] + a[3])});
    }
    SHUNIU_RETURN_IF_ERROR(group(
        "SELECT m.kind, COUNT(*) FROM meetings m WHERE m.region_code BETWEEN {lo} AND {hi} AND "
        "m.state = 'held' AND m.starts_at >= {Fms} AND m.starts_at < {Tms} GROUP BY m.kind ORDER "
        "BY m.kind",
        2, meeting_rows));
    // Competitions with entries in scope: applications, funded, organizations, money.
    SHUNIU_RETURN_IF_ERROR(group(
        "SELECT k.name, CAST(k.year AS TEXT), SUM(CASE WHEN a.state <> 'draft' THEN 1 ELSE 0 "
        "END), SUM(CASE WHEN a.state = 'funded' THEN 1 ELSE 0 END), COUNT(DISTINCT CASE WHEN "
        "a.state = 'funded' THEN a.org_id END), COALESCE(SUM(CASE WHEN a.state = 'funded' THEN "
        "a.awarded_fen ELSE 0 END), 0), SUM(CASE WHEN pr.state = 'closed' THEN 1 ELSE 0 END) "
        "FROM competition_applications a JOIN competitions k ON k.id = a.competition_id LEFT "
        "JOIN projects pr ON pr.id = a.project_id WHERE a.region_code BETWEEN {lo} AND {hi} AND "
        "k.year >= {Y1} AND k.year <= {Y2} GROUP BY k.id, k.name, k.year ORDER BY k.year, k.id",
        7, comp_rows));
    SHUNIU_RETURN_IF_ERROR(group(
        "SELECT CAST(CASE WHEN h.star_level >= 1 AND COALESCE(h.star_valid_from, '') <= {T} "
        "THEN h.star_level ELSE 0 END AS TEXT), COUNT(*) FROM homes h WHERE h.region_code "
        "BETWEEN {lo} AND {hi} AND h.status <> 'closed' AND COALESCE(h.founded_on, '') <= {T} "
        "GROUP BY 1 ORDER BY 1 DESC",
        2, star_rows));
    SHUNIU_RETURN_IF_ERROR(group(
        "SELECT i.source, COUNT(DISTINCT i.org_id), COALESCE(SUM(i.amount), 0) FROM incomes i "
        "WHERE i.region_code BETWEEN {lo} AND {hi} AND i.received_on >= {F} AND i.received_on "
        "<= {T} GROUP BY i.source ORDER BY 3 DESC",
        3, source_rows));
    // Party activities by kind, and interns and hours per hosting organization (counts
    // and organization names only: no member or intern appears).
    SHUNIU_RETURN_IF_ERROR(group(
        "SELECT pa.kind, COUNT(*) FROM party_activities pa WHERE pa.region_code BETWEEN {lo} AND "
        "{hi} AND pa.held_on >= {F} AND pa.held_on <= {T} GROUP BY pa.kind ORDER BY pa.kind",
        2, party_rows));
    SHUNIU_RETURN_IF_ERROR(group(
        "SELECT COALESCE(o.name, ''), COUNT(DISTINCT it.id), COALESCE(SUM(ih.hours), 0) FROM "
        "interns it LEFT JOIN orgs o ON o.id = it.org_id LEFT JOIN intern_hours ih ON "
        "ih.intern_id = it.id AND ih.worked_on >= {F} AND ih.worked_on <= {T} WHERE "
        "it.region_code BETWEEN {lo} AND {hi} AND it.start_on <= {T} AND it.end_on >= {F} GROUP "
        "BY it.org_id, o.name ORDER BY 3 DESC, 1",
        3, host_rows));
    // Beneficiaries of the projects undertaken in the period: the accepted final report,
    // else the latest approved progress report (reports count to date).
    {
      std::vector<db::Value> params;
      std::string sql = Bind(
          "SELECT p.id, p.region_code, fr.beneficiaries_json, (SELECT pr.beneficiaries_json FROM "
          "progress_reports pr WHERE pr.project_id = p.id AND pr.state = 'approved' ORDER BY "
          "pr.period_end DESC, pr.id DESC LIMIT 1) FROM projects p LEFT JOIN final_reports fr ON "
          "fr.project_id = p.id AND fr.state = 'accepted' WHERE p.region_code BETWEEN {lo} AND "
          "{hi} AND p.year >= {Y1} AND p.year <= {Y2} AND p.state IN ('in_progress', 'closed')",
          cur, params);
      auto rows = c.Query(sql, params);
      if (!rows.ok()) return rows.status();
      std::map<std::string, std::array<long long, 6>> by_region;
      int child_len = level < 5 ? PrefixLength(level + 1) : 12;
      for (auto& r : *rows) {
        std::array<long long, 6> b{0, 0, 0, 0, 0, 0};
        if (!r.IsNull(2)) {
          auto j = nlohmann::json::parse(r.Str(2), nullptr, false);
          if (j.is_object()) {
            b[1] = JsonInt(j, "women");
            b[2] = JsonInt(j, "men");
            b[0] = JsonInt(j, "total");
            if (j.contains("by_age") && j["by_age"].is_object()) {
              b[3] = JsonInt(j["by_age"], "children");
              b[4] = JsonInt(j["by_age"], "youth") + JsonInt(j["by_age"], "middle_aged");
              b[5] = JsonInt(j["by_age"], "elderly");
            }
          }
        } else if (!r.IsNull(3)) {
          auto j = nlohmann::json::parse(r.Str(3), nullptr, false);
          if (j.is_object()) {
            b[0] = JsonInt(j, "total");
            b[1] = JsonInt(j, "female");
            b[2] = JsonInt(j, "male");
            b[3] = JsonInt(j, "children");
            b[4] = JsonInt(j, "adults");
            b[5] = JsonInt(j, "seniors");
          }
        }
        std::string code = r.Str(1).substr(0, static_cast<size_t>(child_len));
        code += std::string(12 - code.size(), '0');
        for (int i = 0; i < 6; ++i) {
          benef[i] += b[i];
          by_region[code][i] += b[i];
        }
      }
      std::vector<std::string> codes;
      for (auto& [code, _] : by_region) codes.push_back(code);
      auto names = regions_.Names(codes);
      if (!names.ok()) return names.status();
      for (auto& [code, b] : by_region) {
        auto it = names->find(code);
        std::string name = it == names->end() ? code : it->second;
        if (code == period.region) name += "(本级)";
        benef_rows.push_back(
            {name, code, Num(b[0]), Num(b[1]), Num(b[2]), Num(b[3]), Num(b[4]), Num(b[5])});
      }
    }
    return Status::Ok();
  }));
  for (auto& row : source_rows)
    for (auto& [code, zh] : project::IncomeSources())
      if (row[0] == code) row[0] = zh + " " + code;
  static const std::map<std::string, std::string> kMeetingKinds = {
      {"joint", "联席会议"}, {"org", "社会组织会议"}, {"other", "其他会议"}};
  for (auto& row : meeting_rows)
    if (kMeetingKinds.count(row[0])) row[0] = kMeetingKinds.at(row[0]) + " " + row[0];
  for (const Def& d : Defs()) {
    auto& v = values[d.key];
    rep.figures.push_back(
        Figure{d.key, d.section, d.zh, d.en, d.unit, v.first, v.second, Link(period, d.key)});
  }
  const char* bkeys[6] = {"total", "female", "male", "children", "adults", "seniors"};
  const char* bzh[6] = {"项目受益人次", "其中女性",   "其中男性",
                        "其中儿童",     "其中成年人", "其中老年人"};
  const char* ben[6] = {"Project beneficiaries", "of which women",  "of which men",
                        "of which children",     "of which adults", "of which seniors"};
  for (int i = 0; i < 6; ++i)
    rep.figures.push_back(Figure{std::string("beneficiaries.") + bkeys[i], "beneficiaries", bzh[i],
                                 ben[i], "count", benef[i], 0,
                                 Link(period, std::string("beneficiaries.") + bkeys[i])});
  auto table = [&](const char* key, const char* zh, const char* en, std::vector<std::string> cols,
                   std::vector<std::string> cols_en, std::vector<std::string> units,
                   std::vector<std::vector<std::string>> rows) {
    rep.tables.push_back(
        Table{key, zh, en, std::move(cols), std::move(cols_en), std::move(units), std::move(rows)});
  };
  table("orgs.by_region", "各地社会组织", "Organizations by region",
        {"地区", "区划代码", "已登记", "孵化中", "民间微组织"},
        {"Region", "Code", "Registered", "In incubation", "Micro-organizations"},
        {"", "", "count", "count", "count"}, region_rows);
  table("orgs.by_kind", "社会组织类别", "Organizations by kind", {"类别", "Kind", "数量"},
        {"Kind (zh)", "Kind", "Count"}, {"", "", "count"}, kind_rows);
  table("regs.by_origin", "近年新登记基层社会组织的来源",
        "Where new grassroots organizations came from", {"来源", "Origin", "数量"},
        {"Origin (zh)", "Origin", "Count"}, {"", "", "count"}, origin_rows);
  table("trainings.by_quarter", "各季度培训", "Trainings per quarter",
        {"年份", "一季度", "二季度", "三季度", "四季度", "合计"},
        {"Year", "Q1", "Q2", "Q3", "Q4", "Total"},
        {"", "count", "count", "count", "count", "count"}, quarter_rows);
  table("meetings.by_kind", "会议类别", "Meetings by kind", {"类别", "数量"}, {"Kind", "Count"},
        {"", "count"}, meeting_rows);
  table("comp.list", "公益创投", "Venture-philanthropy competitions",
        {"名称", "年度", "申报", "资助项目", "资助组织", "资助金额", "已结项"},
        {"Name", "Year", "Applications", "Funded", "Organizations", "Awarded", "Closed"},
        {"", "", "count", "count", "count", "fen", "count"}, comp_rows);
  table("homes.by_star", "妇女儿童之家星级", "Homes by star level", {"星级", "数量"},
        {"Stars", "Count"}, {"", "count"}, star_rows);
  table("income.by_source", "社会组织收入来源", "Income of organizations by source",
        {"来源", "组织数", "金额"}, {"Source", "Organizations", "Amount"}, {"", "count", "fen"},
        source_rows);
  static const std::map<std::string, std::string> kPartyKinds = {{"assembly", "支部党员大会"},
                                                                 {"committee", "支委会"},
                                                                 {"group", "党小组会"},
                                                                 {"lecture", "党课"},
                                                                 {"themed_day", "主题党日"}};
  for (auto& row : party_rows)
    if (kPartyKinds.count(row[0])) row[0] = kPartyKinds.at(row[0]) + " " + row[0];
  table("party.by_kind", "党支部组织生活", "Party branch activities by kind", {"类别", "次数"},
        {"Kind", "Held"}, {"", "count"}, party_rows);
  table("interns.by_host", "各社会组织接收实习生", "Interns and hours per hosting organization",
        {"社会组织", "实习生", "服务时数"}, {"Organization", "Interns", "Hours"},
        {"", "count", "hours"}, host_rows);
  table("beneficiaries.by_region", "分地区、性别、年龄的受益人次",
        "Beneficiaries by region, gender and age",
        {"地区", "区划代码", "合计", "女性", "男性", "儿童", "成年人", "老年人"},
        {"Region", "Code", "Total", "Women", "Men", "Children", "Adults", "Seniors"},
        {"", "", "count", "count", "count", "count", "count", "count"}, benef_rows);
  return rep;
}

Result<Records> ReportService::FigureRecords(const Principal& p, const Period& period,
                                             const std::string& key, long long limit) {
  SHUNIU_RETURN_IF_ERROR(CheckReader(p, period));
  const Def* d = internal::FindDef(key);
  bool benef = key.rfind("beneficiaries.", 0) == 0;
  if (!d && !benef) return InvalidArgument("key", "no figure has the key " + key);
  // Beneficiary figures are read from the projects undertaken in the period.
  static const Def kBenef{"beneficiaries",
                          "beneficiaries",
                          "受益项目",
                          "Projects with beneficiaries",
                          "count",
                          "projects",
                          "p.year >= {Y1} AND p.year <= {Y2} AND p.state IN ('in_progress', "
                          "'closed')"};
  if (benef) d = &kBenef;
  const Source* src = internal::FindSource(d->source);
  // The Party branch's records are seen by admins and its officers on the branch's
  // own pages; the report lists them for admins only.
  if (std::string(src->kind) == "party_branch" && p.role != Role::kAdmin)
    return PermissionDenied("the Party branch's records are listed for admins and its officers");
  auto range = SubtreeRange(period.region);
  Tokens t = internal::PeriodTokens(period.from, period.to, period.span, range.lo, range.hi);
  Records out;
  out.key = key;
  out.label = d->zh;
  out.label_en = d->en;
  SHUNIU_RETURN_IF_ERROR(db_.Read([&](db::Conn& c) -> Status {
    std::string where =
        std::string(src->scope_col) + " BETWEEN {lo} AND {hi} AND " + Paren(d->cond);
    std::vector<db::Value> params;
    auto n = c.QueryOne(
        "SELECT COUNT(*) FROM " + std::string(src->from) + " WHERE " + Bind(where, t, params),
        params);
    if (!n.ok()) return n.status();
    out.total = (*n)->Int(0);
    params.clear();
    std::string sql = std::string("SELECT ") + src->rec_cols + " FROM " + src->from + " WHERE " +
                      Bind(where, t, params) + " ORDER BY " + src->rec_order + " LIMIT " +
                      std::to_string(limit);
    auto rows = c.Query(sql, params);
    if (!rows.ok()) return rows.status();
    bool ms_date = std::string(src->name) == "trainings" || std::string(src->name) == "meetings" ||
                   std::string(src->name) == "surveys";
    for (auto& r : *rows) {
      Record rec{src->kind, r.Int(0), r.Str(1), r.Str(2), r.Str(3), std::nullopt};
      if (ms_date && !r.IsNull(3)) rec.date = ChinaDay(r.Int(3));
      if (!r.IsNull(4)) rec.amount = r.Int(4);
      out.items.push_back(std::move(rec));
    }
    return Status::Ok();
  }));
  return out;
}

}  // namespace shuniu::report
