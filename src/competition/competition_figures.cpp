// Figures of competitions: one competition's counts (applications, qualified,
// funded, votes unless hidden) and the city-wide summary per competition and per
// child region of the chosen scope, for a year or all years.
#include <map>
#include <set>

#include "competition/competition_internal.h"
#include "competition/competition_service.h"

namespace shuniu::competition {

using nlohmann::json;
using namespace internal;

namespace {

std::string County(const std::string& code) {
  int level = RegionLevel(code);
  if (level <= 3) return code;
  return code.substr(0, 6) + "000000";
}

// The child region of `scope` that holds `code` (`code` itself when it is the
// scope or not below it): the rows of the city-wide figures.
std::string ChildUnder(const std::string& scope, const std::string& code) {
  for (auto& a : AncestorCodes(code, true))
    if (a != scope && InSubtree(a, scope)) return a;
  return code;
}

struct AppRow {
  std::string state;
  long long org_id = 0, requested_fen = 0, awarded_fen = 0;
};

// Counts of submitted applications: qualified, funded, the organizations behind them.
struct Tally {
  long long applications = 0, qualified = 0, funded = 0, requested_fen = 0, awarded_fen = 0;
  std::set<long long> orgs, funded_orgs;
  void Add(const AppRow& a) {
    bool q = a.state == "qualified" || a.state == "funded" || a.state == "not_funded";
    bool f = a.state == "funded";
    applications += 1;
    qualified += q;
    funded += f;
    requested_fen += a.requested_fen;
    awarded_fen += a.awarded_fen;
    orgs.insert(a.org_id);
    if (f) funded_orgs.insert(a.org_id);
  }
  nlohmann::json Json() const {
    return {{"applications", applications},
            {"applicant_orgs", static_cast<long long>(orgs.size())},
            {"qualified", qualified},
            {"funded_entries", funded},
            {"funded_orgs", static_cast<long long>(funded_orgs.size())},
            {"requested_fen", requested_fen},
            {"awarded_fen", awarded_fen}};
  }
};

}  // namespace

Result<json> CompetitionService::Figures(const Principal& p, long long comp) {
  json out;
  std::vector<std::string> codes;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto k = Load(c, p, comp);
    if (!k.ok()) return k.status();
    if (!IsReader(p)) return PermissionDenied("figures are read by staff and auditors");
    auto rows = c.Query(
        "SELECT region_code, state, org_id, requested_fen, awarded_fen FROM "
        "competition_applications WHERE competition_id = :1 AND state <> 'draft'",
        {comp});
    if (!rows.ok()) return rows.status();
    long long apps = 0, qualified = 0, funded = 0, requested = 0, awarded = 0;
    std::set<long long> orgs, funded_orgs;
    std::map<std::string, json> by_region;
    for (auto& r : *rows) {
      std::string st = r.Str(1);
      bool q = st == "qualified" || st == "funded" || st == "not_funded";
      bool f = st == "funded";
      apps += 1;
      qualified += q;
      funded += f;
      requested += r.Int(3);
      awarded += r.Int(4);
      orgs.insert(r.Int(2));
      if (f) funded_orgs.insert(r.Int(2));
      json& g = by_region[County(r.Str(0))];
      if (g.is_null())
        g = {{"applications", 0}, {"qualified", 0}, {"funded", 0}, {"awarded_fen", 0}};
      g["applications"] = g["applications"].get<long long>() + 1;
      g["qualified"] = g["qualified"].get<long long>() + (q ? 1 : 0);
      g["funded"] = g["funded"].get<long long>() + (f ? 1 : 0);
      g["awarded_fen"] = g["awarded_fen"].get<long long>() + r.Int(4);
    }
    bool visible = k->CountsVisible(NowS());
    json votes = nullptr;
    if (visible) {
      auto v = c.QueryOne(
          "SELECT (SELECT COUNT(*) FROM competition_votes WHERE competition_id = :1 AND voided_at "
          "IS NULL), (SELECT COALESCE(SUM(pc.votes), 0) FROM competition_paper_counts pc JOIN "
          "competition_paper_batches b ON b.id = pc.batch_id WHERE pc.competition_id = :2 AND "
          "b.voided_at IS NULL), (SELECT COUNT(*) FROM competition_votes WHERE competition_id = "
          ":3 AND voided_at IS NOT NULL)",
          {comp, comp, comp});
      if (!v.ok()) return v.status();
      votes = {{"online", (*v)->Int(0)}, {"paper", (*v)->Int(1)}, {"voided", (*v)->Int(2)}};
    }
    json regions = json::array();
    for (auto& [code, g] : by_region) {
      json x = g;
      x["region_code"] = code;
      regions.push_back(x);
      codes.push_back(code);
    }
    out = {{"competition_id", comp},
           {"name", k->name},
           {"year", k->year},
           {"phase", k->phase},
           {"pool_fen", k->pool_fen},
           {"applications", apps},
           {"applicant_orgs", static_cast<long long>(orgs.size())},
           {"qualified", qualified},
           {"funded_entries", funded},
           {"funded_orgs", static_cast<long long>(funded_orgs.size())},
           {"requested_fen", requested},
           {"awarded_fen", awarded},
           {"counts_hidden", !visible},
           {"votes", votes},
           {"by_region", regions}};
    return Status::Ok();
  }));
  auto names = d_.regions.Names(codes);
  if (names.ok())
    for (auto& x : out["by_region"])
      x["region_name"] = (*names)[x["region_code"].get<std::string>()];
  return out;
}

Result<json> CompetitionService::Summary(const Principal& p, std::optional<long long> year,
                                         const std::string& region) {
  if (!IsReader(p)) return PermissionDenied("figures are read by staff and auditors");
  std::string scope = region.empty() ? p.region_code : region;
  if (!IsScopeCode(scope)) return InvalidArgument("region", "region must be a 12-digit code");
  if (!InSubtree(scope, p.region_code)) return NotFound("region not found");
  auto range = SubtreeRange(scope);
  json out;
  std::vector<std::string> codes;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    std::string sql = std::string("SELECT ") + kCompCols +
                      " FROM competitions WHERE region_code BETWEEN :1 AND :2 AND state <> "
                      "'draft' AND state <> 'cancelled'";
    std::vector<db::Value> params = {range.lo, range.hi};
    if (year) {
      sql += " AND year = :3";
      params.push_back(*year);
    }
    auto ks = c.Query(sql + " ORDER BY year, id", params);
    if (!ks.ok()) return ks.status();
    json comps = json::array();
    Tally total;
    long long pool = 0, online = 0, paper = 0, voided = 0, hidden = 0;
    std::map<std::string, Tally> by_region;
    for (auto& kr : *ks) {
      Competition k = CompFromRow(kr);
      auto rows = c.Query(
          "SELECT region_code, state, org_id, requested_fen, awarded_fen FROM "
          "competition_applications WHERE competition_id = :1 AND state <> 'draft'",
          {k.id});
      if (!rows.ok()) return rows.status();
      Tally kt;
      for (auto& r : *rows) {
        AppRow a{r.Str(1), r.Int(2), r.Int(3), r.Int(4)};
        kt.Add(a);
        total.Add(a);
        by_region[ChildUnder(scope, r.Str(0))].Add(a);
      }
      json kv = nullptr;
      bool visible = k.CountsVisible(NowS());
      if (visible) {
        auto v = c.QueryOne(
            "SELECT (SELECT COUNT(*) FROM competition_votes WHERE competition_id = :1 AND "
            "voided_at IS NULL), (SELECT COALESCE(SUM(pc.votes), 0) FROM competition_paper_counts "
            "pc JOIN competition_paper_batches b ON b.id = pc.batch_id WHERE pc.competition_id = "
            ":2 AND b.voided_at IS NULL), (SELECT COUNT(*) FROM competition_votes WHERE "
            "competition_id = :3 AND voided_at IS NOT NULL)",
            {k.id, k.id, k.id});
        if (!v.ok()) return v.status();
        kv = {{"online", (*v)->Int(0)}, {"paper", (*v)->Int(1)}, {"voided", (*v)->Int(2)}};
        online += (*v)->Int(0);
        paper += (*v)->Int(1);
        voided += (*v)->Int(2);
      } else {
        hidden += 1;
      }
      pool += k.pool_fen;
      json x = kt.Json();
      x.update({{"id", k.id},
                {"name", k.name},
                {"year", k.year},
                {"region_code", k.region_code},
                {"phase", k.phase},
                {"pool_fen", k.pool_fen},
                {"counts_hidden", !visible},
                {"votes", kv}});
      comps.push_back(x);
    }
    json regions = json::array();
    for (auto& [code, g] : by_region) {
      json x = g.Json();
      x["region_code"] = code;
      regions.push_back(x);
      codes.push_back(code);
    }
    out = total.Json();
    out.update({{"region_code", scope},
                {"year", year ? json(*year) : json()},
                {"competitions", static_cast<long long>(comps.size())},
                {"pool_fen", pool},
                {"votes", {{"online", online}, {"paper", paper}, {"voided", voided}}},
                {"counts_hidden_competitions", hidden},
                {"by_competition", comps},
                {"by_region", regions}});
    return Status::Ok();
  }));
  auto names = d_.regions.Names(codes);
  if (names.ok())
    for (auto& x : out["by_region"])
      x["region_name"] = (*names)[x["region_code"].get<std::string>()];
  return out;
}

}  // namespace shuniu::competition
