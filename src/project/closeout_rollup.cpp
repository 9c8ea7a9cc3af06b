// Reads of the money side of the close-out: the financial summary from the
// trigger-kept finance_rollup (one row per year and source at each level of
// the region path) and the year's purchase list as .xlsx.
#include <map>

#include "core/region_code.h"
#include "project/closeout_service.h"
#include "sheet/writer.h"

namespace shuniu::project {
namespace {

std::string Yuan(long long fen) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%lld.%02lld", fen < 0 ? "-" : "", std::llabs(fen) / 100,
                std::llabs(fen) % 100);
  return buf;
}

}  // namespace

Status ReadRollup(db::Conn& c, PoolSummary& s) {
  std::string year_cond;
  std::vector<db::Value> params = {s.region_code};
  if (s.year) {
    year_cond = " AND year = :2";
    params.push_back(*s.year);
  }
  auto rows = c.Query(
      "SELECT source, SUM(planned), SUM(committed), SUM(disbursed) FROM finance_rollup WHERE "
      "region_code = :1" +
          year_cond + " GROUP BY source ORDER BY source",
      params);
  if (!rows.ok()) return rows.status();
  for (auto& r : *rows) {
    PoolFigures f{r.Str(0), "", r.Int(1), r.Int(2), r.Int(3)};
    if (!f.planned && !f.committed && !f.disbursed) continue;
    s.total.planned += f.planned;
    s.total.committed += f.committed;
    s.total.disbursed += f.disbursed;
    s.by_source.push_back(f);
  }
  rows = c.Query(
      "SELECT region_code, SUM(planned), SUM(committed), SUM(disbursed) FROM finance_rollup "
      "WHERE parent_code = :1" +
          year_cond + " GROUP BY region_code ORDER BY region_code",
      params);
  if (!rows.ok()) return rows.status();
  PoolFigures own{s.region_code, "", s.total.planned, s.total.committed, s.total.disbursed};
  for (auto& r : *rows) {
    PoolFigures f{r.Str(0), "", r.Int(1), r.Int(2), r.Int(3)};
    own.planned -= f.planned;
    own.committed -= f.committed;
    own.disbursed -= f.disbursed;
    if (f.planned || f.committed || f.disbursed) s.by_region.push_back(f);
  }
  // Pools held at the region's own level.
  if (own.planned || own.committed || own.disbursed) s.by_region.insert(s.by_region.begin(), own);
  return Status::Ok();
}

Result<std::string> CloseoutService::PurchasesXlsx(const Principal& p, long long year) {
  if (p.role != Role::kAdmin && p.role != Role::kStaff && p.role != Role::kAuditor)
    return PermissionDenied("the purchase list needs a staff, admin or auditor role");
  if (year < 2000 || year > 2100) return InvalidArgument("year", "year must be 2000–2100");
  CodeRange r = SubtreeRange(p.region_code);
  std::vector<std::vector<std::string>> out;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto rows = c.Query(
        "SELECT p.title, k.channel, o.name, o.uscc, k.price, k.start_on, k.end_on, k.paid, "
        "p.funding_source, p.region_code FROM contracts k JOIN projects p ON p.id = "
        "k.project_id JOIN orgs o ON o.id = k.provider_org_id WHERE p.year = :1 AND "
        "p.region_code >= :2 AND p.region_code <= :3 ORDER BY p.title, k.id",
        {year, r.lo, r.hi});
    if (!rows.ok()) return rows.status();
    std::vector<std::string> codes;
    for (auto& row : *rows) codes.push_back(row.Str(9));
    auto names = d_.regions.Names(codes);
    std::map<std::string, std::string> channels = {
        {"tender", "公开招标"}, {"direct", "委托"}, {"competition", "公益创投"}};
    for (auto& row : *rows) {
      std::string source = row.Str(8);
      for (auto& [k, v] : FundingSources())
        if (k == source) source = v;
      std::string ch = channels.count(row.Str(1)) ? channels[row.Str(1)] : row.Str(1);
      out.push_back({row.Str(0), names.ok() ? (*names)[row.Str(9)] : row.Str(9), ch, row.Str(2),
                     row.Str(3), Yuan(row.Int(4)), row.Str(5) + " ~ " + row.Str(6),
                     Yuan(row.Int(7)), source});
    }
    return Status::Ok();
  }));
  std::vector<sheet::Column> cols = {
      {"项目 Project", 30},      {"区域 Region", 14},           {"渠道 Channel", 12},
      {"承接机构 Provider", 30}, {"统一社会信用代码 USCC", 22}, {"合同价格(元) Price", 16},
      {"合同期限 Term", 24},     {"已付(元) Paid", 16},         {"资金来源 Source", 14}};
  return sheet::WriteXlsx(std::to_string(year) + "年购买服务清单", cols, out);
}

}  // namespace shuniu::project
