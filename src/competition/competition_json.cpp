// JSON forms of competitions, applications, scores and results.
#include "competition/competition_json.h"

#include "core/time.h"

namespace shuniu::competition {

using nlohmann::json;

namespace {
json Time(int64_t secs) { return Rfc3339(secs * 1000); }
json OptTime(const std::optional<int64_t>& secs) { return secs ? Time(*secs) : json(); }
template <typename T>
json Opt(const std::optional<T>& v) {
  return v ? json(*v) : json();
}
}  // namespace

json CompetitionJson(const Competition& k) {
  json criteria = json::array();
  for (auto& c : k.criteria)
    criteria.push_back({{"code", c.code}, {"name", c.name}, {"weight", c.weight}});
  json reviewers = json::array();
  for (auto& [id, name] : k.reviewers) reviewers.push_back({{"user_id", id}, {"name", name}});
  return {{"id", k.id},
          {"region_code", k.region_code},
          {"region_name", k.region_name},
          {"name", k.name},
          {"series", k.series},
          {"phase_no", k.phase_no},
          {"year", k.year},
          {"kind", k.kind},
          {"description", k.description},
          {"pool_fen", k.pool_fen},
          {"budget_pool_id", Opt(k.budget_pool_id)},
          {"eligibility", k.eligibility},
          {"matching_ratio_pct", k.matching_ratio_pct},
          {"expert_weight_pct", k.expert_weight_pct},
          {"vote_weight_pct", k.vote_weight_pct},
          {"award_rule", k.award_rule},
          {"criteria", criteria},
          {"vote_rules", k.vote_rules},
          {"counts_hidden", k.counts_hidden},
          {"apply_opens_at", Time(k.apply_opens_at)},
          {"apply_closes_at", Time(k.apply_closes_at)},
          {"qualify_closes_at", Time(k.qualify_closes_at)},
          {"scoring_closes_at", Time(k.scoring_closes_at)},
          {"voting_opens_at", Time(k.voting_opens_at)},
          {"voting_closes_at", Time(k.voting_closes_at)},
          {"results_at", Time(k.results_at)},
          {"state", k.state},
          {"phase", k.phase},
          {"rules_frozen", k.rules_frozen_at.has_value() ||
                               (k.state == "open" && k.phase == "voting") ||
                               (k.state == "open" && k.phase == "counting")},
          {"rules_frozen_at", OptTime(k.rules_frozen_at)},
          {"results_published_at", OptTime(k.results_published_at)},
          {"closed_at", OptTime(k.closed_at)},
          {"reviewers", reviewers},
          {"application_count", k.application_count},
          {"created_by_name", k.created_by_name},
          {"version", k.version},
          {"created_at", Time(k.created_at)},
          {"updated_at", Time(k.updated_at)}};
}

json ApplicationJson(const Application& a) {
  return {{"id", a.id},
          {"competition_id", a.competition_id},
          {"org_id", a.org_id},
          {"org_name", a.org_name},
          {"region_code", a.region_code},
          {"region_name", a.region_name},
          {"entry_no", Opt(a.entry_no)},
          {"title", a.title},
          {"summary", a.summary},
          {"plan", a.plan},
          {"budget_lines", a.budget_lines},
          {"requested_fen", a.requested_fen},
          {"matching_fen", a.matching_fen},
          {"file_ids", a.file_ids},
          {"state", a.state},
          {"qualification_reason", a.qualification_reason},
          {"submitted_at", OptTime(a.submitted_at)},
          {"qualified_at", OptTime(a.qualified_at)},
          {"awarded_fen", a.awarded_fen},
          {"project_id", Opt(a.project_id)},
          {"version", a.version},
          {"created_at", Time(a.created_at)},
          {"updated_at", Time(a.updated_at)}};
}

json ScoreJson(const ScoreRow& s) {
  return {{"application_id", s.application_id},
          {"entry_no", s.entry_no},
          {"title", s.title},
          {"reviewer_id", s.reviewer_id},
          {"reviewer_name", s.reviewer_name},
          {"scores", s.scores},
          {"weighted", s.weighted}};
}

json AdjustmentJson(const Adjustment& x) {
  return {{"id", x.id},
          {"application_id", x.application_id},
          {"new_rank", Opt(x.new_rank)},
          {"new_awarded_fen", Opt(x.new_awarded_fen)},
          {"reason", x.reason},
          {"state", x.state},
          {"proposed_by", Opt(x.proposed_by)},
          {"proposed_by_name", x.proposed_by_name},
          {"decided_by", Opt(x.decided_by)},
          {"decided_by_name", x.decided_by_name},
          {"created_at", Time(x.created_at)},
          {"decided_at", OptTime(x.decided_at)}};
}

json ResultsJson(const Results& r) {
  json entries = json::array();
  for (auto& e : r.entries) {
    json x = {{"application_id", e.application_id},
              {"entry_no", e.entry_no},
              {"org_id", e.org_id},
              {"title", e.title},
              {"org_name", e.org_name},
              {"region_code", e.region_code},
              {"state", e.state},
              {"requested_fen", e.requested_fen},
              {"awarded_fen", e.awarded_fen},
              {"expert_score", e.expert_score},
              {"reviewers_scored", e.reviewers_scored},
              {"total_score", e.total_score},
              {"rank", e.rank},
              {"funded", e.funded},
              {"adjusted", e.adjusted},
              {"note", e.note}};
    // Vote fields appear only when counts may be shown.
    if (!r.counts_hidden) {
      x["votes_online"] = Opt(e.votes_online);
      x["votes_paper"] = Opt(e.votes_paper);
      x["votes_total"] = Opt(e.votes_total);
      x["vote_score"] = Opt(e.vote_score);
    }
    entries.push_back(x);
  }
  json adj = json::array();
  for (auto& x : r.adjustments) adj.push_back(AdjustmentJson(x));
  return {{"competition_id", r.competition_id},
          {"pool_fen", r.pool_fen},
          {"awarded_fen", r.awarded_fen},
          {"counts_hidden", r.counts_hidden},
          {"published", r.published},
          {"rule", r.rule},
          {"entries", entries},
          {"adjustments", adj}};
}

}  // namespace shuniu::competition
