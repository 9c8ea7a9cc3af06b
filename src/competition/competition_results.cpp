// The expert panel and its scores, the computed results (ranking, funding
// within the pool and the quotas, adjustments with a second approver), their
// publication into the project cycle (figures: competition_figures.cpp).
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "audit/audit_service.h"
#include "competition/competition_internal.h"
#include "competition/competition_service.h"
#include "core/crypto.h"
#include "core/json_input.h"

namespace shuniu::competition {

using nlohmann::json;
using namespace internal;

namespace {

const char* kRule =
    "total = expert average (0–100) × expert weight + votes (online + paper, normalised to the "
    "top entry = 100) × vote weight. Ties: the higher expert score, then the earlier submission, "
    "then the lower entry number. Funding walks the ranking: an entry is funded when its region's "
    "quota is not used up and its requested amount fits the remaining pool; an entry that does "
    "not fit is skipped and lower entries that fit are still funded (cutoff = skip), or funding "
    "stops there (cutoff = stop). While counts are hidden, the ranking uses the expert score "
    "alone and shows no votes.";

long long Key6(double x) { return std::llround(x * 1e6); }

std::string DateOf(int64_t secs) { return Rfc3339(secs * 1000).substr(0, 10); }

}  // namespace

// ---------------------------------------------------------------- panel, scores

Result<Competition> CompetitionService::AddReviewer(const Principal& p, long long comp,
                                                    long long user_id) {
  if (!IsStaff(p)) return PermissionDenied("assigning reviewers needs the staff role");
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto k = Load(c, p, comp);
    if (!k.ok()) return k.status();
    if (k->state != "draft" && k->state != "open")
      return Conflict("the competition is " + k->state);
    auto u = c.QueryOne("SELECT role FROM users WHERE id = :1", {user_id});
    if (!u.ok()) return u.status();
    if (!*u || (*u)->Str(0) != "reviewer")
      return InvalidArgument("user_id", "user_id must name an account with the reviewer role");
    auto on =
        c.QueryOne("SELECT 1 FROM competition_reviewers WHERE competition_id = :1 AND user_id = :2",
                   {comp, user_id});
    if (!on.ok()) return on.status();
    if (*on) return Status::Ok();
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "INSERT INTO competition_reviewers (competition_id, user_id, created_at) VALUES (:1, :2, "
        ":3)",
        {comp, user_id, static_cast<long long>(NowS())}));
    return audit::AuditService::Record(c, p.ctx, "competition.reviewer.add", "competition",
                                       std::to_string(comp), k->region_code, std::nullopt,
                                       json{{"user_id", user_id}});
  }));
  return Get(p, comp);
}

Status CompetitionService::Recuse(const Principal& p, long long comp, long long application_id,
                                  const std::string& reason) {
  if (p.role != Role::kReviewer) return PermissionDenied("recusal is for panel members");
  long long n = Utf8Length(reason);
  if (n < 1 || n > 1000) return InvalidArgument("reason", "a recusal needs a reason (1–1000)");
  return d_.db.Tx([&](db::Conn& c) -> Status {
    auto k = Load(c, p, comp);
    if (!k.ok()) return k.status();
    auto a = LoadApp(c, p, *k, application_id);
    if (!a.ok()) return a.status();
    auto dup = c.QueryOne(
        "SELECT 1 FROM competition_recusals WHERE application_id = :1 AND reviewer_id = :2",
        {application_id, p.user_id});
    if (!dup.ok()) return dup.status();
    if (*dup) return Status::Ok();
    SHUNIU_RETURN_IF_ERROR(
        c.Exec("DELETE FROM competition_scores WHERE application_id = :1 AND reviewer_id = :2",
               {application_id, p.user_id}));
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "INSERT INTO competition_recusals (competition_id, application_id, reviewer_id, reason, "
        "created_at) VALUES (:1, :2, :3, :4, :5)",
        {comp, application_id, p.user_id, reason, static_cast<long long>(NowS())}));
    return audit::AuditService::Record(c, p.ctx, "competition.recuse", "competition_application",
                                       std::to_string(application_id), a->region_code, std::nullopt,
                                       json{{"reason", reason}});
  });
}

Status CompetitionService::Score(const Principal& p, long long comp, long long application_id,
                                 const std::map<std::string, long long>& scores) {
  if (p.role != Role::kReviewer) return PermissionDenied("scoring is for panel members");
  return d_.db.Tx([&](db::Conn& c) -> Status {
    auto k = Load(c, p, comp);
    if (!k.ok()) return k.status();
    auto a = LoadApp(c, p, *k, application_id);
    if (!a.ok()) return a.status();
    if (a->state != "qualified") return Conflict("only qualified entries are scored");
    if (k->state != "open" || NowS() >= k->scoring_closes_at)
      return Conflict("expert scoring closed at " + Rfc3339(k->scoring_closes_at * 1000));
    auto rec = c.QueryOne(
        "SELECT 1 FROM competition_recusals WHERE application_id = :1 AND reviewer_id = :2",
        {application_id, p.user_id});
    if (!rec.ok()) return rec.status();
    if (*rec) return PermissionDenied("you declared a conflict of interest with this entry");
    auto own = c.QueryOne("SELECT org_id FROM users WHERE id = :1", {p.user_id});
    if (!own.ok()) return own.status();
    if (*own && (*own)->OptInt(0) == std::optional<long long>(a->org_id))
      return PermissionDenied("you may not score your own organization's entry (recuse instead)");
    for (auto& [code, v] : scores) {
      bool known = false;
      for (auto& cr : k->criteria) known = known || cr.code == code;
      if (!known) return InvalidArgument("scores." + code, "unknown criterion " + code);
      if (v < 0 || v > 100)
        return InvalidArgument("scores." + code, "scores." + code + " must be 0–100");
    }
    for (auto& cr : k->criteria)
      if (!scores.count(cr.code))
        return InvalidArgument("scores." + cr.code, "scores." + cr.code + " is required");
    SHUNIU_RETURN_IF_ERROR(
        c.Exec("DELETE FROM competition_scores WHERE application_id = :1 AND reviewer_id = :2",
               {application_id, p.user_id}));
    json after = json::object();
    for (auto& [code, v] : scores) {
      SHUNIU_RETURN_IF_ERROR(
          c.Exec("INSERT INTO competition_scores (competition_id, application_id, reviewer_id, "
                 "criterion, score, created_at) VALUES (:1, :2, :3, :4, :5, :6)",
                 {comp, application_id, p.user_id, code, v, static_cast<long long>(NowS())}));
      after[code] = v;
    }
    return audit::AuditService::Record(c, p.ctx, "competition.score", "competition_application",
                                       std::to_string(application_id), a->region_code, std::nullopt,
                                       after);
  });
}

Result<std::vector<ScoreRow>> CompetitionService::ListScores(const Principal& p, long long comp) {
  std::vector<ScoreRow> out;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto k = Load(c, p, comp);
    if (!k.ok()) return k.status();
    if (!IsReader(p) && p.role != Role::kReviewer)
      return PermissionDenied("scores are read by staff and the panel");
    std::string sql =
        "SELECT s.application_id, a.entry_no, a.title, s.reviewer_id, u.display_name, "
        "s.criterion, s.score FROM competition_scores s JOIN competition_applications a ON a.id "
        "= s.application_id JOIN users u ON u.id = s.reviewer_id WHERE s.competition_id = :1";
    std::vector<db::Value> params = {comp};
    if (p.role == Role::kReviewer) {
      sql += " AND s.reviewer_id = :2";
      params.push_back(p.user_id);
    }
    auto rows = c.Query(sql + " ORDER BY a.entry_no, s.reviewer_id, s.criterion", params);
    if (!rows.ok()) return rows.status();
    std::map<std::string, long long> weight;
    for (auto& cr : k->criteria) weight[cr.code] = cr.weight;
    for (auto& r : *rows) {
      if (out.empty() || out.back().application_id != r.Int(0) ||
          out.back().reviewer_id != r.Int(3))
        out.push_back({r.Int(0), r.OptInt(1).value_or(0), r.Int(3), r.Str(2), r.Str(4), {}, 0});
      out.back().scores[r.Str(5)] = r.Int(6);
      out.back().weighted += weight[r.Str(5)] * r.Int(6) / 100.0;
    }
    return Status::Ok();
  }));
  return out;
}

// ---------------------------------------------------------------- results

Status CompetitionService::Compute(db::Conn& c, const Competition& k, Results& out) {
  int64_t now = NowS();
  bool visible = k.CountsVisible(now);
  bool published = k.state == "results" || k.state == "closed";
  out = Results{};
  out.competition_id = k.id;
  out.pool_fen = k.pool_fen;
  out.counts_hidden = !visible;
  out.published = published;
  out.rule = kRule;
  auto rows = c.Query(std::string("SELECT ") + kAppCols +
                          " FROM competition_applications a JOIN orgs o ON o.id = a.org_id "
                          "WHERE a.competition_id = :1 AND a.state IN " +
                          kEntryStates + " ORDER BY a.entry_no",
                      {k.id});
  if (!rows.ok()) return rows.status();
  std::map<std::string, long long> weight;
  for (auto& cr : k.criteria) weight[cr.code] = cr.weight;
  auto sc = c.Query(
      "SELECT application_id, reviewer_id, criterion, score FROM competition_scores WHERE "
      "competition_id = :1",
      {k.id});
  if (!sc.ok()) return sc.status();
  std::map<long long, std::map<long long, double>> per;  // entry → reviewer → weighted
  for (auto& r : *sc) per[r.Int(0)][r.Int(1)] += weight[r.Str(2)] * r.Int(3) / 100.0;
  std::map<long long, long long> online, paper;
  if (visible) {
    auto on = c.Query(
        "SELECT application_id, COUNT(*) FROM competition_votes WHERE competition_id = :1 AND "
        "voided_at IS NULL GROUP BY application_id",
        {k.id});
    if (!on.ok()) return on.status();
    for (auto& r : *on) online[r.Int(0)] = r.Int(1);
    auto pa = c.Query(
        "SELECT pc.application_id, SUM(pc.votes) FROM competition_paper_counts pc JOIN "
        "competition_paper_batches b ON b.id = pc.batch_id WHERE pc.competition_id = :1 AND "
        "b.voided_at IS NULL GROUP BY pc.application_id",
        {k.id});
    if (!pa.ok()) return pa.status();
    for (auto& r : *pa) paper[r.Int(0)] = r.Int(1);
  }
  long long max_votes = 0;
  for (auto& r : *rows) {
    Application a = AppFromRow(r);
    ResultEntry e;
    e.application_id = a.id;
    e.entry_no = a.entry_no.value_or(0);
    e.org_id = a.org_id;
    e.title = a.title;
    e.org_name = a.org_name;
    e.region_code = a.region_code;
    e.state = a.state;
    e.requested_fen = a.requested_fen;
    e.submitted_at = a.submitted_at.value_or(0);
    auto it = per.find(a.id);
    if (it != per.end() && !it->second.empty()) {
      double sum = 0;
      for (auto& [rv, v] : it->second) sum += v;
      e.expert_score = sum / static_cast<double>(it->second.size());
      e.reviewers_scored = static_cast<long long>(it->second.size());
    }
    if (visible) {
      e.votes_online = online[a.id];
      e.votes_paper = paper[a.id];
      e.votes_total = *e.votes_online + *e.votes_paper;
      max_votes = std::max(max_votes, *e.votes_total);
    }
    if (published) {
      e.funded = a.state == "funded";
      e.awarded_fen = a.awarded_fen;
    }
    out.entries.push_back(e);
  }
  for (auto& e : out.entries) {
    if (visible) {
      e.vote_score = max_votes > 0 ? *e.votes_total * 100.0 / static_cast<double>(max_votes) : 0;
      e.total_score = e.expert_score * static_cast<double>(k.expert_weight_pct) / 100.0 +
                      *e.vote_score * static_cast<double>(k.vote_weight_pct) / 100.0;
    } else {
      e.total_score = e.expert_score;
    }
  }
  std::stable_sort(out.entries.begin(), out.entries.end(),
                   [](const ResultEntry& a, const ResultEntry& b) {
                     if (Key6(a.total_score) != Key6(b.total_score))
                       return a.total_score > b.total_score;
                     if (Key6(a.expert_score) != Key6(b.expert_score))
                       return a.expert_score > b.expert_score;
                     if (a.submitted_at != b.submitted_at) return a.submitted_at < b.submitted_at;
                     return a.entry_no < b.entry_no;
                   });
  // Adjustments (approved ones change the results, in the order they were decided).
  auto adj = c.Query(
      "SELECT id, application_id, new_rank, new_awarded_fen, reason, state, proposed_by, "
      "proposed_by_name, decided_by, decided_by_name, created_at, decided_at FROM "
      "competition_adjustments WHERE competition_id = :1 ORDER BY created_at, id",
      {k.id});
  if (!adj.ok()) return adj.status();
  std::map<long long, long long> amount_override;
  std::vector<Adjustment> approved;
  for (auto& r : *adj) {
    Adjustment x{r.Int(0), r.Int(1), r.OptInt(2), r.OptInt(3), r.Str(4),  r.Str(5),
                 r.Str(7), r.Str(9), r.OptInt(6), r.OptInt(8), r.Int(10), r.OptInt(11)};
    out.adjustments.push_back(x);
    if (x.state == "approved") approved.push_back(x);
  }
  std::stable_sort(approved.begin(), approved.end(), [](const Adjustment& a, const Adjustment& b) {
    return a.decided_at.value_or(0) < b.decided_at.value_or(0);
  });
  for (auto& x : approved) {
    auto it = std::find_if(out.entries.begin(), out.entries.end(), [&](const ResultEntry& e) {
      return e.application_id == x.application_id;
    });
    if (it == out.entries.end()) continue;
    it->adjusted = true;
    if (x.new_awarded_fen) amount_override[x.application_id] = *x.new_awarded_fen;
    if (x.new_rank) {
      ResultEntry e = *it;
      out.entries.erase(it);
      size_t pos = static_cast<size_t>(
          std::clamp<long long>(*x.new_rank - 1, 0, static_cast<long long>(out.entries.size())));
      out.entries.insert(out.entries.begin() + static_cast<long>(pos), e);
    }
  }
  for (size_t i = 0; i < out.entries.size(); ++i)
    out.entries[i].rank = static_cast<long long>(i) + 1;
  if (published) {
    for (auto& e : out.entries) out.awarded_fen += e.awarded_fen;
    return Status::Ok();
  }
  // Funding within the pool and the per-region quotas.
  long long remaining = k.pool_fen;
  bool stop = k.award_rule.value("cutoff", std::string("skip")) == "stop";
  bool stopped = false;
  std::map<std::string, long long> used;
  json quotas = k.award_rule.value("region_quotas", json::object());
  for (auto& e : out.entries) {
    long long amount = amount_override.count(e.application_id) ? amount_override[e.application_id]
                                                               : e.requested_fen;
    std::string quota_region;
    for (auto& [code, n] : quotas.items())
      if (InSubtree(e.region_code, code) &&
          (quota_region.empty() || code.size() > quota_region.size() || code > quota_region))
        quota_region = code;
    if (stopped) {
      e.note = "budget";
    } else if (!quota_region.empty() &&
               used[quota_region] >= quotas[quota_region].get<long long>()) {
      e.note = "quota";
    } else if (amount > remaining || amount <= 0) {
      e.note = amount <= 0 ? "no_amount" : "budget";
      if (stop && amount > 0) stopped = true;
    } else {
      e.funded = true;
      e.awarded_fen = amount;
      remaining -= amount;
      out.awarded_fen += amount;
      if (!quota_region.empty()) used[quota_region] += 1;
    }
  }
  return Status::Ok();
}

Result<Results> CompetitionService::GetResults(const Principal& p, long long comp) {
  Results r;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto k = Load(c, p, comp);
    if (!k.ok()) return k.status();
    if (!IsReader(p)) return PermissionDenied("results are read by staff and auditors");
    return Compute(c, *k, r);
  }));
  return r;
}

Result<Adjustment> CompetitionService::ProposeAdjustment(const Principal& p, long long comp,
                                                         long long application_id,
                                                         std::optional<long long> new_rank,
                                                         std::optional<long long> new_awarded_fen,
                                                         const std::string& reason) {
  if (!IsStaff(p)) return PermissionDenied("adjusting results needs the staff role");
  long long n = Utf8Length(reason);
  if (n < 1 || n > 2000) return InvalidArgument("reason", "an adjustment needs a reason (1–2000)");
  if (!new_rank && !new_awarded_fen)
    return InvalidArgument("new_rank", "name a new_rank or a new_awarded_fen");
  if (new_rank && *new_rank < 1) return InvalidArgument("new_rank", "new_rank must be ≥ 1");
  if (new_awarded_fen && *new_awarded_fen < 0)
    return InvalidArgument("new_awarded_fen", "new_awarded_fen must be ≥ 0");
  Adjustment x;
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto k = Load(c, p, comp);
    if (!k.ok()) return k.status();
    if (k->state != "open") return Conflict("the results are " + k->state);
    auto a = LoadApp(c, p, *k, application_id);
    if (!a.ok()) return InvalidArgument("application_id", "application_id: no such entry");
    if (a->state != "qualified")
      return InvalidArgument("application_id", "only qualified entries are ranked");
    if (new_awarded_fen && *new_awarded_fen > a->requested_fen)
      return InvalidArgument("new_awarded_fen", "new_awarded_fen exceeds the requested amount");
    x.id = crypto::RandomId();
    x.application_id = application_id;
    x.new_rank = new_rank;
    x.new_awarded_fen = new_awarded_fen;
    x.reason = reason;
    x.state = "pending";
    x.proposed_by = UserId(p);
    x.proposed_by_name = Actor(p);
    x.created_at = NowS();
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "INSERT INTO competition_adjustments (id, competition_id, application_id, new_rank, "
        "new_awarded_fen, reason, state, proposed_by, proposed_by_name, created_at) VALUES (:1, "
        ":2, :3, :4, :5, :6, 'pending', :7, :8, :9)",
        {x.id, comp, application_id, db::Opt(new_rank), db::Opt(new_awarded_fen), reason,
         db::Opt(x.proposed_by), x.proposed_by_name, static_cast<long long>(x.created_at)}));
    return audit::AuditService::Record(
        c, p.ctx, "competition.adjustment.propose", "competition", std::to_string(comp),
        k->region_code, std::nullopt,
        json{{"adjustment_id", x.id},
             {"application_id", application_id},
             {"new_rank", new_rank ? json(*new_rank) : json()},
             {"new_awarded_fen", new_awarded_fen ? json(*new_awarded_fen) : json()},
             {"reason", reason}});
  }));
  return x;
}

Result<Adjustment> CompetitionService::DecideAdjustment(const Principal& p, long long comp,
                                                        long long adjustment_id, bool approve) {
  if (!IsStaff(p)) return PermissionDenied("approving adjustments needs the staff role");
  Adjustment x;
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto k = Load(c, p, comp);
    if (!k.ok()) return k.status();
    auto r = c.QueryOne(
        "SELECT application_id, new_rank, new_awarded_fen, reason, state, proposed_by, "
        "proposed_by_name, created_at FROM competition_adjustments WHERE id = :1 AND "
        "competition_id = :2",
        {adjustment_id, comp});
    if (!r.ok()) return r.status();
    if (!*r) return NotFound("adjustment not found");
    x.id = adjustment_id;
    x.application_id = (*r)->Int(0);
    x.new_rank = (*r)->OptInt(1);
    x.new_awarded_fen = (*r)->OptInt(2);
    x.reason = (*r)->Str(3);
    x.state = (*r)->Str(4);
    x.proposed_by = (*r)->OptInt(5);
    x.proposed_by_name = (*r)->Str(6);
    x.created_at = (*r)->Int(7);
    if (x.state != "pending") return Conflict("the adjustment is already " + x.state);
    if (k->state != "open") return Conflict("the results are " + k->state);
    if (x.proposed_by && *x.proposed_by == p.user_id)
      return PermissionDenied("a second staff user must decide: you proposed this adjustment");
    x.state = approve ? "approved" : "rejected";
    x.decided_by = UserId(p);
    x.decided_by_name = Actor(p);
    x.decided_at = NowS();
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "UPDATE competition_adjustments SET state = :1, decided_by = :2, decided_by_name = :3, "
        "decided_at = :4 WHERE id = :5",
        {x.state, db::Opt(x.decided_by), x.decided_by_name, static_cast<long long>(*x.decided_at),
         adjustment_id}));
    return audit::AuditService::Record(
        c, p.ctx, std::string("competition.adjustment.") + (approve ? "approve" : "reject"),
        "competition", std::to_string(comp), k->region_code, std::nullopt,
        json{{"adjustment_id", adjustment_id}, {"application_id", x.application_id}});
  }));
  return x;
}

Status CompetitionService::PublishIn(db::Conn& c, const Principal& p, Competition& k, Results& r,
                                     int64_t start_at) {
  int64_t now = NowS();
  if (k.state != "open") return Conflict("the competition is " + k.state + ", not open");
  if (now < k.voting_closes_at)
    return Conflict("results are published after voting closes at " +
                    Rfc3339(k.voting_closes_at * 1000));
  auto pending = c.QueryOne(
      "SELECT COUNT(*) FROM competition_adjustments WHERE competition_id = :1 AND state = "
      "'pending'",
      {k.id});
  if (!pending.ok()) return pending.status();
  if ((*pending)->Int(0) > 0)
    return Conflict("an adjustment awaits its second approver; decide it first");
  SHUNIU_RETURN_IF_ERROR(Compute(c, k, r));
  bool any = std::any_of(r.entries.begin(), r.entries.end(),
                         [](const ResultEntry& e) { return e.funded; });
  if (any && !k.budget_pool_id)
    return InvalidArgument("budget_pool_id",
                           "set the competition's budget_pool_id before publishing results");
  auto names = d_.regions.Find(k.region_code);
  std::string purchaser = (names.ok() && *names ? (*names)->name : k.region_code) + "妇联";
  std::string start = DateOf(start_at);
  int64_t start_s = *ParseRfc3339(start) / 1000;
  for (auto& e : r.entries) {
    auto row = c.QueryOne(std::string("SELECT ") + kAppCols +
                              " FROM competition_applications a JOIN orgs o ON o.id = a.org_id "
                              "WHERE a.id = :1",
                          {e.application_id});
    if (!row.ok()) return row.status();
    Application a = AppFromRow(**row);
    if (e.funded) {
      project::CompetitionAwardInput in;
      in.title = a.title;
      in.department = "公益创投";
      in.region_code = a.region_code;
      in.objectives = a.summary;
      in.year = k.year;
      in.pool_id = *k.budget_pool_id;
      in.org_id = a.org_id;
      long long sum = 0;
      if (e.awarded_fen == a.requested_fen)
        for (auto& l : a.budget_lines) {
          in.budget_lines.push_back({l.value("name", ""), l.value("amount", 0LL)});
          sum += l.value("amount", 0LL);
        }
      if (sum != e.awarded_fen) {
        in.budget_lines.clear();
        in.budget_lines.push_back({"公益创投资助", e.awarded_fen});
      }
      in.contract.reason = k.name + " 评审结果第 " + std::to_string(e.rank) + " 名";
      in.contract.provider_org_id = a.org_id;
      in.contract.price = e.awarded_fen;
      in.contract.purchaser_name = purchaser;
      in.contract.start_on = start;
      in.contract.end_on = DateOf(start_s + 364LL * 86400);
      long long first = e.awarded_fen / 2;
      in.contract.milestones =
          json::array({{{"name", "首期资助款"}, {"amount", first}, {"due_on", start}},
                       {{"name", "尾期资助款(结项后)"},
                        {"amount", e.awarded_fen - first},
                        {"due_on", DateOf(start_s + 330LL * 86400)}}});
      if (first == 0) in.contract.milestones.erase(0);
      auto pid = projects_.CompetitionAward(c, p, in);
      if (!pid.ok()) return pid.status();
      a.project_id = *pid;
      a.awarded_fen = e.awarded_fen;
      a.state = "funded";
    } else {
      a.state = "not_funded";
    }
    SHUNIU_RETURN_IF_ERROR(
        c.Exec("UPDATE competition_applications SET state = :1, awarded_fen = :2, project_id = :3, "
               "version = version + 1, updated_at = :4 WHERE id = :5",
               {a.state, a.awarded_fen, db::Opt(a.project_id), static_cast<long long>(now), a.id}));
    e.state = a.state;
  }
  Competition before = k;
  k.state = "results";
  k.results_published_at = now;
  k.version += 1;
  k.updated_at = now;
  SHUNIU_RETURN_IF_ERROR(StoreComp(c, k, false, p));
  json after = CompAuditJson(k);
  after["funded"] = json::array();
  for (auto& e : r.entries)
    if (e.funded)
      after["funded"].push_back(
          {{"application_id", e.application_id}, {"rank", e.rank}, {"awarded_fen", e.awarded_fen}});
  SHUNIU_RETURN_IF_ERROR(audit::AuditService::Record(c, p.ctx, "competition.publish", "competition",
                                                     std::to_string(k.id), k.region_code,
                                                     CompAuditJson(before), after));
  return Compute(c, k, r);
}

Result<Results> CompetitionService::Publish(const Principal& p, long long comp) {
  if (!IsStaff(p)) return PermissionDenied("publishing results needs the staff role");
  Results r;
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto k = Load(c, p, comp);
    if (!k.ok()) return k.status();
    Competition kk = *k;
    return PublishIn(c, p, kk, r, std::max(NowS(), kk.results_at));
  }));
  return r;
}

}  // namespace shuniu::competition
