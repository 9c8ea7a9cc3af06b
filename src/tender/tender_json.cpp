// JSON forms of tenders and bids (see tender_json.h).
#include "tender/tender_json.h"

#include <cmath>

#include "core/time.h"

namespace shuniu::tender {
namespace {

using nlohmann::json;

json Time(const std::optional<int64_t>& t) { return t ? json(Rfc3339(*t)) : json(); }

json Criteria(const Tender& t) {
  json a = json::array();
  for (auto& c : t.criteria)
    a.push_back({{"code", c.code}, {"name", c.name}, {"weight", c.weight}});
  return a;
}

json Common(const Tender& t) {
  return {{"id", t.id},
          {"project_id", t.project_id},
          {"region_code", t.region_code},
          {"region_name", t.region_name},
          {"year", t.year},
          {"title", t.title},
          {"description", t.description},
          {"eligibility", t.eligibility},
          {"criteria", Criteria(t)},
          {"budget", t.budget},
          {"bid_deadline", Rfc3339(t.bid_deadline)},
          {"opening_at", Rfc3339(t.opening_at)},
          {"state", t.state},
          {"cancel_reason", t.cancel_reason},
          {"published_at", Time(t.published_at)},
          {"opened_at", Time(t.opened_at)},
          {"awarded_at", Time(t.awarded_at)}};
}

}  // namespace

json BidJson(const Bid& b) {
  json j = {{"id", b.id},
            {"tender_id", b.tender_id},
            {"org_id", b.org_id},
            {"org_name", b.org_name},
            {"org_region", b.org_region},
            {"sealed", b.sealed},
            {"eligible", b.eligible},
            {"ineligible_reason", b.ineligible_reason},
            {"created_at", Rfc3339(b.created_at)}};
  if (!b.sealed) {
    j["price"] = b.price ? json(*b.price) : json();
    j["team"] = json::parse(b.team.empty() ? "[]" : b.team, nullptr, false);
    j["file_id"] = b.file_id ? json(*b.file_id) : json();
    j["score"] = b.score ? json(std::round(*b.score * 100) / 100) : json();
    j["rank"] = b.rank ? json(b.rank) : json();
  }
  return j;
}

json TenderJson(const Tender& t, bool detail) {
  json j = Common(t);
  j["project_title"] = t.project_title;
  j["scored_at"] = Time(t.scored_at);
  j["award_bid_id"] = t.award_bid_id ? json(*t.award_bid_id) : json();
  j["award_reason"] = t.award_reason;
  j["contract_id"] = t.contract_id ? json(*t.contract_id) : json();
  j["bid_count"] = t.bid_count;
  j["created_by_name"] = t.created_by_name;
  j["version"] = t.version;
  j["created_at"] = Rfc3339(t.created_at);
  j["updated_at"] = Rfc3339(t.updated_at);
  if (detail) {
    json revs = json::array(), bids = json::array();
    for (auto& r : t.reviewers)
      revs.push_back({{"user_id", r.user_id},
                      {"name", r.name},
                      {"declared", r.declared},
                      {"conflict", r.conflict},
                      {"conflict_note", r.conflict_note},
                      {"finished", r.finished}});
    for (auto& b : t.bids) bids.push_back(BidJson(b));
    j["reviewers"] = revs;
    j["bids"] = bids;
  }
  return j;
}

json PublicTenderJson(const Tender& t, bool detail) {
  json j = Common(t);
  if (t.state == "awarded") {
    j["award"] = {{"org_name", t.award_org_name},
                  {"price", t.award_price ? json(*t.award_price) : json()},
                  {"reason", t.award_reason}};
  }
  if (detail && t.opened_at) j["bid_count"] = t.bid_count;
  return j;
}

json TenderAuditJson(const Tender& t) {
  return {{"id", t.id},
          {"project_id", t.project_id},
          {"title", t.title},
          {"state", t.state},
          {"criteria", Criteria(t)},
          {"budget", t.budget},
          {"bid_deadline", Rfc3339(t.bid_deadline)},
          {"opening_at", Rfc3339(t.opening_at)},
          {"cancel_reason", t.cancel_reason},
          {"award_bid_id", t.award_bid_id ? json(*t.award_bid_id) : json()},
          {"award_reason", t.award_reason},
          {"contract_id", t.contract_id ? json(*t.contract_id) : json()},
          {"version", t.version}};
}

}  // namespace shuniu::tender
