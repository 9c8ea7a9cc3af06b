// JSON forms of tenders and bids: the staff/panel view (sealed bids withheld),
// the public notice, and the audit snapshot. Money is integer fen.
#pragma once

#include <nlohmann/json.hpp>

#include "tender/tender_service.h"

namespace shuniu::tender {

// Staff and panel view; `detail` adds the panel, the bids and the ranking.
nlohmann::json TenderJson(const Tender& t, bool detail);
// The public notice: published fields, the award once made; never bids or scores.
nlohmann::json PublicTenderJson(const Tender& t, bool detail);
// A bid: price, team and file only once the tender is opened.
nlohmann::json BidJson(const Bid& b);
// Audit snapshot of a tender (no bid contents).
nlohmann::json TenderAuditJson(const Tender& t);

}  // namespace shuniu::tender
