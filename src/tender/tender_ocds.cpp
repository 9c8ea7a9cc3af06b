// The OCDS 1.1 release package of a year's tenders (open data, issue 5 §7):
// one release per published tender with its tender, parties and, once
// awarded, its award and contract. Amounts are yuan (OCDS numbers), currency CNY.
#include <cmath>

#include "core/time.h"
#include "tender/tender_service.h"

namespace shuniu::tender {
namespace {

using nlohmann::json;

constexpr const char* kOcidPrefix = "ocds-sn4407-";

json Value(long long fen) {
  return {{"amount", static_cast<double>(fen) / 100.0}, {"currency", "CNY"}};
}

std::string TenderStatus(const std::string& state) {
  if (state == "published") return "active";
  if (state == "cancelled") return "cancelled";
  if (state == "awarded") return "complete";
  return "active";  // opened, scored: evaluation under way
}

std::string DateTime(const std::string& ymd) { return ymd + "T00:00:00Z"; }

}  // namespace

Result<json> TenderService::ReleasePackage(const Principal& p, long long year,
                                           const std::string& base_url) {
  (void)p;  // open data: every published tender of the deployment
  if (year < 1900 || year > 9999) return InvalidArgument("year", "year must be a year (YYYY)");
  json releases = json::array();
  int64_t latest = 0;
  std::vector<long long> ids;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto rows = c.Query(
        "SELECT t.id FROM tenders t JOIN projects p ON p.id = t.project_id WHERE p.year = :1 AND "
        "t.published_at IS NOT NULL ORDER BY t.published_at, t.id",
        {year});
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows) ids.push_back(r.Int(0));
    return Status::Ok();
  }));
  // One connection at a time: each notice is read on its own, then its contract.
  for (long long tender_id : ids) {
    {
      auto pt = PublicGet(tender_id);
      if (!pt.ok()) return pt.status();
      const Tender& t = *pt;
      latest = std::max(latest, t.updated_at);
      std::string ocid = kOcidPrefix + std::to_string(t.id);
      std::string buyer_id = "CN-FL-" + t.region_code;
      std::string buyer_name = t.region_name + "妇联";
      json parties = json::array();
      parties.push_back({{"id", buyer_id},
                         {"name", buyer_name},
                         {"roles", {"buyer", "procuringEntity"}},
                         {"address", {{"region", t.region_name}, {"countryName", "中国"}}}});
      json tenderers = json::array();
      for (auto& b : t.bids) {
        std::string oid = "SN-ORG-" + std::to_string(b.org_id);
        json roles = {"tenderer"};
        if (t.award_bid_id && *t.award_bid_id == b.id) roles.push_back("supplier");
        parties.push_back({{"id", oid}, {"name", b.org_name}, {"roles", roles}});
        tenderers.push_back({{"id", oid}, {"name", b.org_name}});
      }
      json tender = {
          {"id", ocid + "-tender"},
          {"title", t.title},
          {"description", t.description},
          {"status", TenderStatus(t.state)},
          {"procuringEntity", {{"id", buyer_id}, {"name", buyer_name}}},
          {"value", Value(t.budget)},
          {"procurementMethod", "open"},
          {"procurementMethodDetails", "公开招标"},
          {"mainProcurementCategory", "services"},
          {"awardCriteria", "ratedCriteria"},
          {"eligibilityCriteria", t.eligibility},
          {"tenderPeriod",
           {{"startDate", Rfc3339(*t.published_at)}, {"endDate", Rfc3339(t.bid_deadline)}}}};
      json criteria;
      for (auto& cr : t.criteria)
        criteria.push_back(cr.name + " " + std::to_string(cr.weight) + "%");
      tender["awardCriteriaDetails"] = criteria.dump();
      if (t.opened_at) {
        tender["numberOfTenderers"] = static_cast<long long>(t.bids.size());
        tender["tenderers"] = tenderers;
      }
      json tag = json::array({t.state == "cancelled" ? "tenderCancellation" : "tender"});
      json release = {{"ocid", ocid},
                      {"id", ocid + "-" + std::to_string(t.updated_at)},
                      {"date", Rfc3339(t.updated_at)},
                      {"language", "zh"},
                      {"initiationType", "tender"},
                      {"buyer", {{"id", buyer_id}, {"name", buyer_name}}},
                      {"parties", parties},
                      {"tender", tender}};
      if (t.state == "awarded" && t.award_bid_id && t.contract_id) {
        const Bid* won = nullptr;
        for (auto& b : t.bids)
          if (b.id == *t.award_bid_id) won = &b;
        Result<std::optional<db::Row>> k = std::optional<db::Row>();
        SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
          k = c.QueryOne("SELECT start_on, end_on, price, created_at FROM contracts WHERE id = :1",
                         {*t.contract_id});
          return k.ok() ? Status::Ok() : k.status();
        }));
        if (won && *k) {
          std::string award_id = ocid + "-award-" + std::to_string(won->id);
          tag = json::array({"tender", "award", "contract"});
          release["awards"] = json::array(
              {{{"id", award_id},
                {"title", t.title},
                {"status", "active"},
                {"date", Rfc3339(*t.awarded_at)},
                {"value", Value(won->price.value_or(0))},
                {"suppliers",
                 {{{"id", "SN-ORG-" + std::to_string(won->org_id)}, {"name", won->org_name}}}}}});
          release["contracts"] = json::array(
              {{{"id", ocid + "-contract-" + std::to_string(*t.contract_id)},
                {"awardID", award_id},
                {"title", t.title},
                {"status", "active"},
                {"period",
                 {{"startDate", DateTime((*k)->Str(0))}, {"endDate", DateTime((*k)->Str(1))}}},
                {"value", Value((*k)->Int(2))},
                {"dateSigned", Rfc3339((*k)->Int(3))}}});
        }
      }
      release["tag"] = tag;
      releases.push_back(release);
    }
  }
  return json{{"uri", base_url + "/api/v1/ocds/release-package?year=" + std::to_string(year)},
              {"version", "1.1"},
              {"publishedDate", Rfc3339(latest ? latest : NowMs())},
              {"publisher", {{"name", "江门市妇女联合会（枢纽）"}}},
              {"license", "https://creativecommons.org/publicdomain/zero/1.0/"},
              {"publicationPolicy", base_url + "/public/tenders"},
              {"releases", releases}};
}

}  // namespace shuniu::tender
