// HTTP routes of the annual work report: parse the period, call the service, render.
#include "report/report_routes.h"

#include "core/time.h"
#include "core/utf8.h"

namespace shuniu::report::routes {
namespace {

using http::Request;
using http::Response;
using nlohmann::json;

std::string Query(const Request& r, const char* k, size_t max = 20) {
  auto it = r.query.find(k);
  return it == r.query.end() ? std::string() : Utf8Prefix(it->second, max);
}

Result<Period> PeriodOf(const Request& req) {
  return ParsePeriod(req.caller(), Query(req, "region"), Query(req, "year"), Query(req, "to"),
                     Query(req, "span"));
}

json ReportJson(const AnnualReport& r) {
  json figures = json::array();
  for (const Figure& f : r.figures)
    figures.push_back({{"key", f.key},
                       {"section", f.section},
                       {"label", f.label},
                       {"label_en", f.label_en},
                       {"value", f.value},
                       {"previous", f.previous},
                       {"unit", f.unit},
                       {"link", f.link}});
  json tables = json::array();
  for (const Table& t : r.tables)
    tables.push_back({{"key", t.key},
                      {"title", t.title},
                      {"title_en", t.title_en},
                      {"columns", t.columns},
                      {"columns_en", t.columns_en},
                      {"units", t.units},
                      {"rows", t.rows}});
  return {{"region", r.period.region},
          {"region_name", r.region_name},
          {"year", r.period.from},
          {"to", r.period.to},
          {"span", r.period.span},
          {"previous", {{"year", 2 * r.period.from - r.period.to - 1}, {"to", r.period.from - 1}}},
          {"generated_at", Rfc3339(r.generated_at)},
          {"figures", figures},
          {"tables", tables}};
}

std::string FileName(const AnnualReport& r, const char* ext) {
  std::string years = std::to_string(r.period.from);
  if (r.period.to != r.period.from) years += "-" + std::to_string(r.period.to);
  return "annual-report-" + r.period.region + "-" + years + ext;
}

Response File(std::string bytes, const char* type, const std::string& name) {
  Response out;
  out.content_type = type;
  out.body = std::move(bytes);
  out.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + name + "\"");
  return out;
}

http::Handler Annual(ReportService& s, const char* format) {
  return [&s, format](const Request& req) {
    auto period = PeriodOf(req);
    if (!period.ok()) return http::Error(period.status(), req.request_id);
    auto r = s.Annual(req.caller(), *period);
    if (!r.ok()) return http::Error(r.status(), req.request_id);
    if (std::string(format) == "json") return http::Render(req, r, ReportJson);
    bool pdf = std::string(format) == "pdf";
    auto bytes = pdf ? s.Pdf(*r) : s.Xlsx(*r);
    if (!bytes.ok()) return http::Error(bytes.status(), req.request_id);
    return pdf ? File(std::move(bytes).value(), "application/pdf", FileName(*r, ".pdf"))
               : File(std::move(bytes).value(),
                      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                      FileName(*r, ".xlsx"));
  };
}

http::Handler RecordsOf(ReportService& s) {
  return [&s](const Request& req) {
    auto period = PeriodOf(req);
    if (!period.ok()) return http::Error(period.status(), req.request_id);
    std::string key = Query(req, "key", 64);
    if (key.empty()) return http::Error(InvalidArgument("key", "key is required"), req.request_id);
    auto r = s.FigureRecords(req.caller(), *period, key, 500);
    return http::Render(req, r, [](const Records& rec) {
      json items = json::array();
      for (const Record& x : rec.items) {
        json j = {{"kind", x.kind},
                  {"id", x.id},
                  {"title", x.title},
                  {"region_code", x.region_code},
                  {"date", x.date}};
        j["amount"] = x.amount ? json(*x.amount) : json(nullptr);
        items.push_back(std::move(j));
      }
      return json{{"key", rec.key},
                  {"label", rec.label},
                  {"label_en", rec.label_en},
                  {"total", rec.total},
                  {"items", items}};
    });
  };
}

}  // namespace

void Append(std::vector<http::Route>& routes, http::Services& s) {
  using http::Access;
  const std::vector<Role> kReaders = {Role::kAdmin, Role::kStaff, Role::kAuditor};
  auto& sv = s.reports;
  std::vector<http::Route> mine = {
      // clang-format off
      {"GET", "/api/v1/reports/annual", Access::kRoles, kReaders, "Annual work report of a region (?region=&year=&to=&span=): every figure with its key, label, value, unit (money in fen), previous period and link", "reports", Annual(sv, "json")},
      {"GET", "/api/v1/reports/annual.pdf", Access::kRoles, kReaders, "The annual work report as a PDF (Chinese text)", "reports", Annual(sv, "pdf")},
      {"GET", "/api/v1/reports/annual.xlsx", Access::kRoles, kReaders, "The annual work report as an .xlsx workbook (a figures sheet and one sheet per table)", "reports", Annual(sv, "xlsx")},
      {"GET", "/api/v1/reports/annual/records", Access::kRoles, kReaders, "The records behind one figure of the annual report (?key=&region=&year=&to=&span=)", "reports", RecordsOf(sv)},
      // clang-format on
  };
  routes.insert(routes.end(), mine.begin(), mine.end());
}

}  // namespace shuniu::report::routes
