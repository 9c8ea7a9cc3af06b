// The public list of competitions open to the public (voting, counting, results).
#include "audit/audit_service.h"
#include "core/crypto.h"
#include "core/time.h"
#include "vote/vote_service.h"

namespace shuniu::vote {

Result<nlohmann::json> VoteService::PublicList() {
  Result<nlohmann::json> out = Internal("not run");
  int64_t now = NowMs() / 1000;
  Status st = d_.db.Read([&](db::Conn& c) {
    auto rows = c.Query(
        "SELECT id, name, series, phase_no, year, state, voting_opens_at, voting_closes_at, "
        "region_code FROM competitions WHERE state IN ('open', 'results', 'closed') ORDER BY "
        "voting_closes_at DESC, id LIMIT 100");
    if (!rows.ok()) return rows.status();
    nlohmann::json items = nlohmann::json::array();
    for (auto& r : *rows) {
      std::string phase = r.Str(5) != "open"                  ? r.Str(5)
                          : now >= r.Int(6) && now < r.Int(7) ? "voting"
                          : now >= r.Int(7)                   ? "counting"
                                                              : "upcoming";
      items.push_back({{"id", r.Int(0)},
                       {"name", r.Str(1)},
                       {"series", r.Str(2)},
                       {"phase_no", r.Int(3)},
                       {"year", r.Int(4)},
                       {"phase", phase},
                       {"voting_opens_at", r.Int(6)},
                       {"voting_closes_at", r.Int(7)},
                       {"region_code", r.Str(8)}});
    }
    out = nlohmann::json{{"items", items}, {"total", items.size()}};
    return Status::Ok();
  });
  if (!st.ok()) return st;
  return out;
}

}  // namespace shuniu::vote
