// Tenders, sealed bids, the review panel, scores and the award: storage,
// scope, the state machine and the rules. Every write is one transaction with
// its audit event; bid prices and teams never appear in clear before opening
// (not in responses, not in the audit log, not in the database).
#include "tender/tender_service.h"

#include <algorithm>
#include <map>
#include <set>

#include "audit/audit_service.h"
#include "core/crypto.h"
#include "core/json_input.h"
#include "core/region_code.h"
#include "core/time.h"
#include "org/org_store.h"
#include "org/uscc.h"
#include "tender/tender_json.h"

namespace shuniu::tender {
namespace {

using nlohmann::json;

constexpr const char* kSealPurpose = "tender.bid";

bool IsStaff(const Principal& p) { return p.role == Role::kAdmin || p.role == Role::kStaff; }
bool IsReader(const Principal& p) { return IsStaff(p) || p.role == Role::kAuditor; }
std::string Actor(const Principal& p) {
  return p.ctx.actor_name.empty() ? p.username : p.ctx.actor_name;
}
std::optional<long long> UserId(const Principal& p) {
  return p.user_id ? std::optional<long long>(p.user_id) : std::nullopt;
}

constexpr const char* kCols =
    "t.id, t.project_id, p.title, t.region_code, t.title, t.description, t.eligibility, "
    "t.criteria_json, t.budget, t.bid_deadline, t.opening_at, t.state, t.cancel_reason, "
    "t.published_at, t.opened_at, t.scored_at, t.awarded_at, t.award_bid_id, t.award_reason, "
    "t.contract_id, t.created_by_name, t.version, t.created_at, t.updated_at, p.year";
constexpr const char* kFrom = " FROM tenders t JOIN projects p ON p.id = t.project_id";

Tender FromRow(const db::Row& r) {
  Tender t;
  t.id = r.Int(0);
  t.project_id = r.Int(1);
  t.project_title = r.Str(2);
  t.region_code = r.Str(3);
  t.title = r.Str(4);
  t.description = r.Str(5);
  t.eligibility = r.Str(6);
  auto cj = json::parse(r.Str(7), nullptr, false);
  if (cj.is_array())
    for (auto& x : cj)
      t.criteria.push_back({x.value("code", ""), x.value("name", ""), x.value("weight", 0LL)});
  t.budget = r.Int(8);
  t.bid_deadline = r.Int(9);
  t.opening_at = r.Int(10);
  t.state = r.Str(11);
  t.cancel_reason = r.Str(12);
  t.published_at = r.OptInt(13);
  t.opened_at = r.OptInt(14);
  t.scored_at = r.OptInt(15);
  t.awarded_at = r.OptInt(16);
  t.award_bid_id = r.OptInt(17);
  t.award_reason = r.Str(18);
  t.contract_id = r.OptInt(19);
  t.created_by_name = r.Str(20);
  t.version = r.Int(21);
  t.created_at = r.Int(22);
  t.updated_at = r.Int(23);
  t.year = r.Int(24);
  return t;
}

json CriteriaJson(const std::vector<Criterion>& cs) {
  json a = json::array();
  for (auto& c : cs) a.push_back({{"code", c.code}, {"name", c.name}, {"weight", c.weight}});
  return a;
}

Status Store(db::Conn& c, const Tender& t, bool insert, const Principal& p) {
  if (insert)
    return c.Exec(
        "INSERT INTO tenders (id, project_id, region_code, title, description, eligibility, "
        "criteria_json, budget, bid_deadline, opening_at, state, cancel_reason, award_reason, "
        "created_by, created_by_name, version, created_at, updated_at) VALUES (:1, :2, :3, :4, "
        ":5, :6, :7, :8, :9, :10, :11, '', '', :12, :13, 1, :14, :15)",
        {t.id, t.project_id, t.region_code, t.title, t.description, t.eligibility,
         CriteriaJson(t.criteria).dump(), t.budget, static_cast<long long>(t.bid_deadline),
         static_cast<long long>(t.opening_at), t.state, db::Opt(UserId(p)), Actor(p),
         static_cast<long long>(t.created_at), static_cast<long long>(t.updated_at)});
  auto opt = [](const std::optional<int64_t>& v) {
    return v ? db::Value(static_cast<long long>(*v)) : db::Null();
  };
  auto n = c.ExecCount(
      "UPDATE tenders SET title = :1, description = :2, eligibility = :3, criteria_json = :4, "
      "bid_deadline = :5, opening_at = :6, state = :7, cancel_reason = :8, published_at = :9, "
      "opened_at = :10, scored_at = :11, awarded_at = :12, award_bid_id = :13, award_reason = "
      ":14, contract_id = :15, version = :16, updated_at = :17 WHERE id = :18 AND version = :19",
      {t.title, t.description, t.eligibility, CriteriaJson(t.criteria).dump(),
       static_cast<long long>(t.bid_deadline), static_cast<long long>(t.opening_at), t.state,
       t.cancel_reason, opt(t.published_at), opt(t.opened_at), opt(t.scored_at), opt(t.awarded_at),
       db::Opt(t.award_bid_id), t.award_reason, db::Opt(t.contract_id), t.version,
       static_cast<long long>(t.updated_at), t.id, t.version - 1});
  if (!n.ok()) return n.status();
  if (*n != 1) return Conflict("the tender was changed by someone else; reload and try again");
  return Status::Ok();
}

Status TimeField(const std::optional<std::string>& s, const char* field, int64_t& out) {
  if (!s) return Status::Ok();
  auto t = ParseRfc3339(*s);
  if (!t) return InvalidArgument(field, std::string(field) + " must be an RFC 3339 time");
  out = *t;
  return Status::Ok();
}

Status Text(const std::optional<std::string>& in, const char* field, long long min, long long max,
            std::string& out) {
  if (!in) return Status::Ok();
  long long n = Utf8Length(*in);
  if (n < min || n > max)
    return InvalidArgument(field, std::string(field) + " must have " + std::to_string(min) + "–" +
                                      std::to_string(max) + " characters");
  out = *in;
  return Status::Ok();
}

}  // namespace

TenderService::TenderService(const hub::Deps& deps, project::ProjectService& projects)
    : d_(deps), projects_(projects) {
  auto secret = LoadOrCreateSecret(d_.cfg.key_file);
  if (secret.ok()) secret_ = *secret;
  // A bid's proposal stays unreadable, to everyone, until its tender opens.
  d_.files.AddSeal("tender_bid",
                   "SELECT 1 FROM tender_bids b JOIN tenders t ON t.id = b.tender_id "
                   "WHERE b.file_id = :1 AND t.opened_at IS NULL");
  // Once opened, the panel reads the proposals it scores, except members who
  // declared a conflict of interest (or have not declared yet).
  d_.files.AddUserAudience("tender_panel",
                           "SELECT 1 FROM tender_bids b JOIN tender_reviewers r ON "
                           "r.tender_id = b.tender_id JOIN tenders t ON t.id = b.tender_id "
                           "WHERE b.file_id = :1 AND r.user_id = :2 AND t.opened_at IS NOT NULL "
                           "AND r.declared_at IS NOT NULL AND r.conflict = 0");
}

Result<Tender> TenderService::Load(db::Conn& c, const Principal& p, long long id, bool for_write) {
  auto row = c.QueryOne(std::string("SELECT ") + kCols + kFrom + " WHERE t.id = :1", {id});
  if (!row.ok()) return row.status();
  if (!*row) return NotFound("tender not found");
  Tender t = FromRow(**row);
  if (IsReader(p)) {
    if (!InSubtree(t.region_code, p.region_code)) return NotFound("tender not found");
  } else {
    auto on = c.QueryOne("SELECT 1 FROM tender_reviewers WHERE tender_id = :1 AND user_id = :2",
                         {id, p.user_id});
    if (!on.ok()) return on.status();
    if (p.user_id == 0 || !*on) return NotFound("tender not found");
  }
  if (for_write && !IsStaff(p)) return PermissionDenied("changing tenders needs the staff role");
  return t;
}

Result<bool> TenderService::Linked(db::Conn& c, long long tender_id, long long user_id) {
  // The linked cadre (挂钩干部) of a bidder, or whoever recorded a liaison visit to it.
  auto r = c.QueryOne(
      "SELECT 1 FROM tender_bids b JOIN orgs o ON o.id = b.org_id WHERE b.tender_id = :1 AND "
      "(o.cadre_user_id = :2 OR EXISTS (SELECT 1 FROM liaison_visits v WHERE v.org_id = b.org_id "
      "AND v.recorded_by = :3))",
      {tender_id, user_id, user_id});
  if (!r.ok()) return r.status();
  return r->has_value();
}

Status TenderService::CheckEligible(db::Conn& c, long long org_id, std::string& reason) {
  reason.clear();
  auto o = org::FindOrg(c, org_id);
  if (!o.ok()) return o.status();
  if (!*o) return NotFound("organization not found");
  const std::string& status = (*o)->Get("status");
  if (status == "abnormal" || status == "deregistered")
    reason = "the organization's status is " + status;
  else if (!(*o)->registered)
    reason = "the organization is not registered";
  else if ((*o)->Get("uscc").empty() || !org::ParseUscc((*o)->Get("uscc")).ok())
    reason = "the organization has no valid unified social credit code";
  return Status::Ok();
}

Status TenderService::FillDetail(db::Conn& c, const Principal& p, Tender& t) {
  auto revs = c.Query(
      "SELECT r.user_id, u.display_name, r.declared_at, r.conflict, r.conflict_note, "
      "r.finished_at FROM tender_reviewers r JOIN users u ON u.id = r.user_id WHERE "
      "r.tender_id = :1 ORDER BY r.created_at, r.user_id",
      {t.id});
  if (!revs.ok()) return revs.status();
  t.reviewers.clear();
  for (auto& r : *revs)
    t.reviewers.push_back(
        {r.Int(0), r.Str(1), !r.IsNull(2), r.Int(3) != 0, !r.IsNull(5), r.Str(4)});
  auto bids = c.Query(
      "SELECT b.id, b.org_id, o.name, o.region_code, b.price_sealed, b.team_sealed, b.file_id, "
      "b.eligible, b.ineligible_reason, b.created_at FROM tender_bids b JOIN orgs o ON o.id = "
      "b.org_id WHERE b.tender_id = :1 ORDER BY b.created_at, b.id",
      {t.id});
  if (!bids.ok()) return bids.status();
  t.bids.clear();
  bool open = t.opened_at.has_value();
  for (auto& r : *bids) {
    Bid b;
    b.id = r.Int(0);
    b.tender_id = t.id;
    b.org_id = r.Int(1);
    b.org_name = r.Str(2);
    b.org_region = r.Str(3);
    b.sealed = !open;
    if (open) {
      auto price = crypto::OpenText(secret_, kSealPurpose, r.Str(4));
      if (price) b.price = std::stoll(*price);
      b.team = crypto::OpenText(secret_, kSealPurpose, r.Str(5)).value_or("[]");
      b.file_id = r.OptInt(6);
    }
    b.eligible = r.Int(7) != 0;
    b.ineligible_reason = r.Str(8);
    b.created_at = r.Int(9);
    t.bids.push_back(b);
  }
  t.bid_count = static_cast<long long>(t.bids.size());
  // Weighted scores: per reviewer Σ weight × score / 100, averaged over reviewers.
  std::map<std::string, long long> weight;
  for (auto& cr : t.criteria) weight[cr.code] = cr.weight;
  auto sc = c.Query(
      "SELECT bid_id, reviewer_id, criterion, score FROM tender_scores WHERE tender_id = :1",
      {t.id});
  if (!sc.ok()) return sc.status();
  std::map<long long, std::map<long long, double>> per;  // bid → reviewer → weighted
  for (auto& r : *sc) per[r.Int(0)][r.Int(1)] += weight[r.Str(2)] * r.Int(3) / 100.0;
  for (auto& b : t.bids) {
    auto it = per.find(b.id);
    if (it == per.end() || it->second.empty()) continue;
    double sum = 0;
    for (auto& [rv, v] : it->second) sum += v;
    b.score = sum / static_cast<double>(it->second.size());
  }
  std::vector<Bid*> ranked;
  for (auto& b : t.bids)
    if (b.eligible && b.score) ranked.push_back(&b);
  std::stable_sort(ranked.begin(), ranked.end(), [](const Bid* a, const Bid* b) {
    if (*a->score != *b->score) return *a->score > *b->score;
    return a->price.value_or(0) < b->price.value_or(0);
  });
  for (size_t i = 0; i < ranked.size(); ++i) ranked[i]->rank = static_cast<long long>(i) + 1;
  for (auto& b : t.bids)
    if (t.award_bid_id && b.id == *t.award_bid_id) {
      t.award_org_name = b.org_name;
      t.award_price = b.price;
    }
  (void)p;
  return Status::Ok();
}

Result<Tender> TenderService::Reload(const Principal& p, long long id) {
  Tender out;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto t = Load(c, p, id, false);
    if (!t.ok()) return t.status();
    out = *t;
    return FillDetail(c, p, out);
  }));
  auto names = d_.regions.Names({out.region_code});  // after the read: one connection at a time
  if (names.ok()) out.region_name = (*names)[out.region_code];
  return out;
}

Result<Tender> TenderService::Get(const Principal& p, long long id) { return Reload(p, id); }

Result<std::pair<std::vector<Tender>, long long>> TenderService::List(const Principal& p,
                                                                      const TenderFilter& f) {
  std::string where = " WHERE 1 = 1";
  std::vector<db::Value> params;
  auto bind = [&](db::Value v) {
    params.push_back(std::move(v));
    return ":" + std::to_string(params.size());
  };
  if (IsReader(p)) {
    auto r = SubtreeRange(p.region_code);
    std::string lo = bind(r.lo);
    std::string hi = bind(r.hi);
    where += " AND t.region_code BETWEEN " + lo + " AND " + hi;
  } else if (p.role == Role::kReviewer) {
    where +=
        " AND t.id IN (SELECT tender_id FROM tender_reviewers WHERE user_id = " + bind(p.user_id) +
        ")";
  } else {
    return PermissionDenied("your role may not list tenders");
  }
  if (!f.state.empty()) where += " AND t.state = " + bind(f.state);
  if (f.year) where += " AND p.year = " + bind(*f.year);
  if (!f.q.empty()) where += " AND t.title LIKE " + bind(db::LikeContains(f.q)) + db::kLikeEscape;
  std::pair<std::vector<Tender>, long long> out;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto n = c.QueryOne(std::string("SELECT COUNT(*)") + kFrom + where, params);
    if (!n.ok()) return n.status();
    out.second = *n ? (*n)->Int(0) : 0;
    auto ps = params;
    ps.push_back(f.size);
    ps.push_back((f.page - 1) * f.size);
    auto rows = c.Query(std::string("SELECT ") + kCols + kFrom + where +
                            " ORDER BY t.created_at DESC, t.id DESC LIMIT :" +
                            std::to_string(ps.size() - 1) + " OFFSET :" + std::to_string(ps.size()),
                        ps);
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows) {
      Tender t = FromRow(r);
      auto cnt = c.QueryOne("SELECT COUNT(*) FROM tender_bids WHERE tender_id = :1", {t.id});
      if (!cnt.ok()) return cnt.status();
      t.bid_count = *cnt ? (*cnt)->Int(0) : 0;
      out.first.push_back(t);
    }
    return Status::Ok();
  }));
  std::vector<std::string> codes;
  for (auto& t : out.first) codes.push_back(t.region_code);
  auto names = d_.regions.Names(codes);
  if (names.ok())
    for (auto& t : out.first) t.region_name = (*names)[t.region_code];
  return out;
}

Result<Tender> TenderService::Create(const Principal& p, const TenderInput& in) {
  if (!IsStaff(p)) return PermissionDenied("creating tenders needs the staff role");
  // A form with no project chosen sends 0 (or nothing): say so, rather than
  // looking up project 0 and calling it out of scope.
  if (!in.project_id || *in.project_id <= 0)
    return InvalidArgument("project_id", "project_id is required: choose an approved project");
  auto pr = projects_.Get(p, *in.project_id);
  if (!pr.ok())
    return pr.status().code() == Code::kNotFound
               ? Status(Code::kPermissionDenied, "project_id: the project lies outside your scope",
                        "project_id")
               : pr.status();
  Tender t;
  t.id = crypto::RandomId();
  t.project_id = pr->id;
  t.region_code = pr->region_code;
  t.title = pr->title;
  t.description = pr->objectives;
  t.budget = pr->committed;
  t.state = "draft";
  t.created_at = t.updated_at = NowMs();
  SHUNIU_RETURN_IF_ERROR(Text(in.title, "title", 1, 200, t.title));
  SHUNIU_RETURN_IF_ERROR(Text(in.description, "description", 0, 4000, t.description));
  if (!in.eligibility) return InvalidArgument("eligibility", "eligibility is required");
  SHUNIU_RETURN_IF_ERROR(Text(in.eligibility, "eligibility", 1, 4000, t.eligibility));
  if (!in.criteria) return InvalidArgument("criteria", "criteria are required");
  SHUNIU_RETURN_IF_ERROR(project::ParseWeightedCriteria(*in.criteria, t.criteria));
  if (!in.bid_deadline) return InvalidArgument("bid_deadline", "bid_deadline is required");
  if (!in.opening_at) return InvalidArgument("opening_at", "opening_at is required");
  SHUNIU_RETURN_IF_ERROR(TimeField(in.bid_deadline, "bid_deadline", t.bid_deadline));
  SHUNIU_RETURN_IF_ERROR(TimeField(in.opening_at, "opening_at", t.opening_at));
  if (t.opening_at < t.bid_deadline)
    return InvalidArgument("opening_at", "opening_at must not precede bid_deadline");
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto other = c.QueryOne("SELECT id FROM tenders WHERE project_id = :1 AND state <> 'cancelled'",
                            {t.project_id});
    if (!other.ok()) return other.status();
    if (*other) return Conflict("the project already has a tender");
    // The project must be approved (budget committed) and free of another channel.
    SHUNIU_RETURN_IF_ERROR(projects_.SetTenderChannel(c, p, t.project_id, true));
    SHUNIU_RETURN_IF_ERROR(Store(c, t, true, p));
    return audit::AuditService::Record(c, p.ctx, "tender.create", "tender", std::to_string(t.id),
                                       t.region_code, std::nullopt, TenderAuditJson(t));
  }));
  return Reload(p, t.id);
}

Result<Tender> TenderService::Transition(const Principal& p, long long id,
                                         const std::string& action,
                                         const std::vector<std::string>& from,
                                         const std::function<Status(db::Conn&, Tender&)>& fn) {
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto found = Load(c, p, id, action != "declare" && action != "score" && action != "finish");
    if (!found.ok()) return found.status();
    Tender before = *found, t = *found;
    if (std::find(from.begin(), from.end(), t.state) == from.end())
      return Conflict("cannot " + action + " the tender: it is " + t.state);
    t.version += 1;
    t.updated_at = NowMs();
    SHUNIU_RETURN_IF_ERROR(fn(c, t));
    SHUNIU_RETURN_IF_ERROR(Store(c, t, false, p));
    return audit::AuditService::Record(c, p.ctx, "tender." + action, "tender", std::to_string(id),
                                       t.region_code, TenderAuditJson(before), TenderAuditJson(t));
  }));
  return Reload(p, id);
}

Result<Tender> TenderService::Update(const Principal& p, long long id, long long version,
                                     const TenderInput& in) {
  if (in.project_id) return InvalidArgument("project_id", "the project of a tender is fixed");
  return Transition(p, id, "update", {"draft"}, [&](db::Conn&, Tender& t) -> Status {
    if (version != t.version - 1)
      return Conflict("the tender was changed by someone else; reload and try again");
    SHUNIU_RETURN_IF_ERROR(Text(in.title, "title", 1, 200, t.title));
    SHUNIU_RETURN_IF_ERROR(Text(in.description, "description", 0, 4000, t.description));
    SHUNIU_RETURN_IF_ERROR(Text(in.eligibility, "eligibility", 1, 4000, t.eligibility));
    if (in.criteria)
      SHUNIU_RETURN_IF_ERROR(project::ParseWeightedCriteria(*in.criteria, t.criteria));
    SHUNIU_RETURN_IF_ERROR(TimeField(in.bid_deadline, "bid_deadline", t.bid_deadline));
    SHUNIU_RETURN_IF_ERROR(TimeField(in.opening_at, "opening_at", t.opening_at));
    if (t.opening_at < t.bid_deadline)
      return InvalidArgument("opening_at", "opening_at must not precede bid_deadline");
    return Status::Ok();
  });
}

Result<Tender> TenderService::Publish(const Principal& p, long long id) {
  return Transition(p, id, "publish", {"draft"}, [&](db::Conn&, Tender& t) -> Status {
    if (t.bid_deadline <= NowMs())
      return InvalidArgument("bid_deadline", "the bid deadline must lie in the future");
    t.state = "published";
    t.published_at = NowMs();
    return Status::Ok();
  });
}

Result<Tender> TenderService::Open(const Principal& p, long long id) {
  return Transition(p, id, "open", {"published"}, [&](db::Conn& c, Tender& t) -> Status {
    int64_t now = NowMs();
    if (now < t.bid_deadline || now < t.opening_at)
      return Conflict("the bids open at " + Rfc3339(std::max(t.opening_at, t.bid_deadline)) +
                      ", not before");
    // Eligibility is checked again at opening: the information base may have changed.
    auto bids = c.Query("SELECT id, org_id FROM tender_bids WHERE tender_id = :1", {t.id});
    if (!bids.ok()) return bids.status();
    for (auto& b : *bids) {
      std::string reason;
      SHUNIU_RETURN_IF_ERROR(CheckEligible(c, b.Int(1), reason));
      if (!reason.empty())
        SHUNIU_RETURN_IF_ERROR(
            c.Exec("UPDATE tender_bids SET eligible = 0, ineligible_reason = :1 WHERE id = :2",
                   {reason, b.Int(0)}));
    }
    t.state = "opened";
    t.opened_at = now;
    return Status::Ok();
  });
}

Result<Tender> TenderService::Cancel(const Principal& p, long long id, const std::string& reason) {
  long long n = Utf8Length(reason);
  if (n < 1 || n > 1000) return InvalidArgument("reason", "a cancellation needs a reason (1–1000)");
  return Transition(p, id, "cancel", {"draft", "published", "opened", "scored"},
                    [&](db::Conn& c, Tender& t) -> Status {
                      t.state = "cancelled";
                      t.cancel_reason = reason;
                      // The project is free for another tender or a direct commission.
                      return projects_.SetTenderChannel(c, p, t.project_id, false);
                    });
}

Result<Tender> TenderService::AddReviewer(const Principal& p, long long id, long long user_id) {
  return Transition(
      p, id, "add_reviewer", {"draft", "published", "opened"},
      [&](db::Conn& c, Tender& t) -> Status {
        auto u = c.QueryOne("SELECT role, region_code FROM users WHERE id = :1", {user_id});
        if (!u.ok()) return u.status();
        if (!*u) return InvalidArgument("user_id", "user_id: no such account");
        std::string role = (*u)->Str(0), region = (*u)->Str(1);
        if (role != "reviewer" && role != "staff")
          return InvalidArgument("user_id", "the panel takes reviewer or staff accounts");
        if (!InSubtree(region, p.region_code) && !InSubtree(t.region_code, region))
          return InvalidArgument("user_id", "user_id: no such account in your scope");
        auto have = c.QueryOne(
            "SELECT 1 FROM tender_reviewers WHERE tender_id = :1 AND user_id = :2", {id, user_id});
        if (!have.ok()) return have.status();
        if (*have) return Status(Code::kConflict, "the account is on the panel already", "user_id");
        return c.Exec(
            "INSERT INTO tender_reviewers (tender_id, user_id, conflict, conflict_note, "
            "created_at) VALUES (:1, :2, 0, '', :3)",
            {id, user_id, static_cast<long long>(NowMs())});
      });
}

namespace {
// The panel row of `p` for the tender, or an error when `p` is not on the panel.
struct PanelRow {
  bool declared = false, conflict = false, finished = false;
};
Result<PanelRow> Panel(db::Conn& c, const Principal& p, long long id) {
  auto r = c.QueryOne(
      "SELECT declared_at, conflict, finished_at FROM tender_reviewers WHERE tender_id = :1 AND "
      "user_id = :2",
      {id, p.user_id});
  if (!r.ok()) return r.status();
  if (!*r || p.user_id == 0) return PermissionDenied("you are not on this tender's review panel");
  return PanelRow{!(*r)->IsNull(0), (*r)->Int(1) != 0, !(*r)->IsNull(2)};
}
}  // namespace

Result<Tender> TenderService::Declare(const Principal& p, long long id, bool conflict,
                                      const std::string& note) {
  if (Utf8Length(note) > 1000)
    return InvalidArgument("note", "note must have at most 1000 characters");
  return Transition(
      p, id, "declare", {"draft", "published", "opened"}, [&](db::Conn& c, Tender&) -> Status {
        auto me = Panel(c, p, id);
        if (!me.ok()) return me.status();
        if (me->finished) return Conflict("you have finished scoring this tender");
        if (conflict)
          SHUNIU_RETURN_IF_ERROR(
              c.Exec("DELETE FROM tender_scores WHERE tender_id = :1 AND reviewer_id = :2",
                     {id, p.user_id}));
        return c.Exec(
            "UPDATE tender_reviewers SET declared_at = :1, conflict = :2, conflict_note = :3 "
            "WHERE tender_id = :4 AND user_id = :5",
            {static_cast<long long>(NowMs()), conflict ? 1LL : 0LL, note, id, p.user_id});
      });
}

Result<Tender> TenderService::Score(const Principal& p, long long id, const ScoreInput& in) {
  return Transition(p, id, "score", {"opened"}, [&](db::Conn& c, Tender& t) -> Status {
    auto me = Panel(c, p, id);
    if (!me.ok()) return me.status();
    if (!me->declared)
      return Conflict("declare whether you have a conflict of interest before scoring");
    if (me->conflict)
      return PermissionDenied("you declared a conflict of interest: you cannot score this tender");
    auto linked = Linked(c, id, p.user_id);
    if (!linked.ok()) return linked.status();
    if (*linked)
      return PermissionDenied(
          "you are linked to a bidder (linked cadre or liaison): you cannot score this tender");
    if (me->finished) return Conflict("you have finished scoring this tender");
    auto bid = c.QueryOne("SELECT eligible FROM tender_bids WHERE id = :1 AND tender_id = :2",
                          {in.bid_id, id});
    if (!bid.ok()) return bid.status();
    if (!*bid) return InvalidArgument("bid_id", "bid_id: no such bid of this tender");
    if ((*bid)->Int(0) == 0)
      return Status(Code::kConflict, "an ineligible bid is not scored", "bid_id");
    bool known = false;
    for (auto& cr : t.criteria) known = known || cr.code == in.criterion;
    if (!known) return InvalidArgument("criterion", "criterion: no such criterion of this tender");
    if (in.score < 0 || in.score > 100)
      return InvalidArgument("score", "score must be an integer 0–100");
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "DELETE FROM tender_scores WHERE bid_id = :1 AND reviewer_id = :2 AND criterion = :3",
        {in.bid_id, p.user_id, in.criterion}));
    return c.Exec(
        "INSERT INTO tender_scores (bid_id, reviewer_id, criterion, tender_id, score, updated_at) "
        "VALUES (:1, :2, :3, :4, :5, :6)",
        {in.bid_id, p.user_id, in.criterion, id, in.score, static_cast<long long>(NowMs())});
  });
}

Result<Tender> TenderService::FinishScoring(const Principal& p, long long id) {
  return Transition(p, id, "finish", {"opened"}, [&](db::Conn& c, Tender& t) -> Status {
    auto me = Panel(c, p, id);
    if (!me.ok()) return me.status();
    if (!me->declared || me->conflict)
      return Conflict("only a panel member who declared no conflict finishes scoring");
    if (me->finished) return Conflict("you have finished scoring this tender");
    auto need =
        c.QueryOne("SELECT COUNT(*) FROM tender_bids WHERE tender_id = :1 AND eligible = 1", {id});
    if (!need.ok()) return need.status();
    long long expected = (*need ? (*need)->Int(0) : 0) * static_cast<long long>(t.criteria.size());
    auto have = c.QueryOne(
        "SELECT COUNT(*) FROM tender_scores s JOIN tender_bids b ON b.id = s.bid_id WHERE "
        "s.tender_id = :1 AND s.reviewer_id = :2 AND b.eligible = 1",
        {id, p.user_id});
    if (!have.ok()) return have.status();
    long long got = *have ? (*have)->Int(0) : 0;
    if (got < expected)
      return Conflict("score every criterion of every eligible bid first: " + std::to_string(got) +
                      " of " + std::to_string(expected) + " scores given");
    SHUNIU_RETURN_IF_ERROR(
        c.Exec("UPDATE tender_reviewers SET finished_at = :1 WHERE tender_id = :2 AND user_id = :3",
               {static_cast<long long>(NowMs()), id, p.user_id}));
    // Scored when every member who may score has finished.
    auto panel = c.Query(
        "SELECT user_id, conflict, finished_at FROM tender_reviewers WHERE tender_id = :1", {id});
    if (!panel.ok()) return panel.status();
    bool all = true;
    for (auto& r : *panel) {
      if (r.Int(1) != 0 || !r.IsNull(2)) continue;
      auto l = Linked(c, id, r.Int(0));
      if (!l.ok()) return l.status();
      if (!*l) all = false;
    }
    if (all) {
      t.state = "scored";
      t.scored_at = NowMs();
    }
    return Status::Ok();
  });
}

Result<Tender> TenderService::Award(const Principal& p, long long id, const AwardInput& in) {
  if (!IsStaff(p)) return PermissionDenied("awarding needs the staff role");
  if (Utf8Length(in.reason) > 1000)
    return InvalidArgument("reason", "reason must have at most 1000 characters");
  return Transition(p, id, "award", {"scored"}, [&](db::Conn& c, Tender& t) -> Status {
    // Separation of duties: whoever sits on the panel (and so may score) cannot award.
    auto scorer = c.QueryOne(
        "SELECT 1 FROM tender_reviewers WHERE tender_id = :1 AND user_id = :2 UNION SELECT 1 "
        "FROM tender_scores WHERE tender_id = :3 AND reviewer_id = :4",
        {id, p.user_id, id, p.user_id});
    if (!scorer.ok()) return scorer.status();
    if (*scorer)
      return PermissionDenied("a member of the review panel cannot award the tender it scored");
    SHUNIU_RETURN_IF_ERROR(FillDetail(c, p, t));
    const Bid* winner = nullptr;
    for (auto& b : t.bids)
      if (b.rank == 1) winner = &b;
    if (!winner) return Conflict("no eligible bid has been scored: nothing to award");
    const Bid* chosen = winner;
    if (in.bid_id && *in.bid_id != winner->id) {
      chosen = nullptr;
      for (auto& b : t.bids)
        if (b.id == *in.bid_id) chosen = &b;
      if (!chosen) return InvalidArgument("bid_id", "bid_id: no such bid of this tender");
      if (!chosen->eligible || !chosen->score)
        return InvalidArgument("bid_id", "only an eligible, scored bid can be awarded");
      if (Utf8Length(in.reason) < 1)
        return InvalidArgument("reason",
                               "awarding another bid than the highest weighted score needs a "
                               "reason");
    }
    if (!chosen->price) return Internal("the bid's price cannot be read");
    project::CommissionInput k = in.contract;
    k.provider_org_id = chosen->org_id;
    k.price = *chosen->price;
    k.reason = "公开招标中标：" + t.title + (in.reason.empty() ? "" : "（" + in.reason + "）");
    auto contract = projects_.AwardContract(c, p, t.project_id, k);
    if (!contract.ok()) return contract.status();
    t.state = "awarded";
    t.awarded_at = NowMs();
    t.award_bid_id = chosen->id;
    t.award_reason = in.reason;
    t.contract_id = *contract;
    t.bids.clear();
    t.reviewers.clear();
    return Status::Ok();
  });
}

Result<Bid> TenderService::SubmitBid(const Principal& p, long long id, const BidInput& in) {
  if (p.role != Role::kOrg || !p.org_id)
    return PermissionDenied("bids come from organization accounts");
  if (in.org_id != *p.org_id)
    return PermissionDenied("an organization account bids for its own organization only");
  if (in.price <= 0 || in.price > 10'000'000'000'000LL)
    return InvalidArgument("price", "price must be a positive amount in fen");
  if (!in.team.is_array() || in.team.empty() || in.team.size() > 30)
    return InvalidArgument("team", "team must list 1–30 members");
  for (size_t i = 0; i < in.team.size(); ++i) {
    std::string f = "team[" + std::to_string(i) + "]";
    const json& m = in.team[i];
    if (!m.is_object()) return InvalidArgument(f, f + " must be an object");
    for (auto& [k, v] : m.items()) {
      if (k != "name" && k != "role" && k != "qualification")
        return InvalidArgument(f + "." + k, "unknown field " + f + "." + k);
      if (!v.is_string() || Utf8Length(v.get<std::string>()) > 100)
        return InvalidArgument(f + "." + k,
                               f + "." + k + " must be text of at most 100 characters");
    }
    if (!m.contains("name") || m["name"].get<std::string>().empty())
      return InvalidArgument(f + ".name", f + ".name is required");
  }
  Bid b;
  SHUNIU_RETURN_IF_ERROR(d_.db.Tx([&](db::Conn& c) -> Status {
    auto row = c.QueryOne(std::string("SELECT ") + kCols + kFrom + " WHERE t.id = :1", {id});
    if (!row.ok()) return row.status();
    if (!*row) return NotFound("tender not found");
    Tender t = FromRow(**row);
    if (t.state == "draft") return NotFound("tender not found");
    if (t.state != "published") return Conflict("the tender takes no bids: it is " + t.state);
    if (NowMs() >= t.bid_deadline)
      return Status(Code::kConflict,
                    "the bid deadline (" + Rfc3339(t.bid_deadline) +
                        ") has passed: late bids are "
                        "refused",
                    "bid_deadline");
    if (in.price > t.budget)
      return InvalidArgument(
          "price", "the price exceeds the tender's budget of " + std::to_string(t.budget) + " fen");
    std::string reason;
    SHUNIU_RETURN_IF_ERROR(CheckEligible(c, in.org_id, reason));
    if (!reason.empty())
      return InvalidArgument("org_id", "the organization is ineligible: " + reason);
    // Decree No. 102: purchaser and provider are different bodies.
    auto o = org::FindOrg(c, in.org_id);
    if (!o.ok()) return o.status();
    auto region = d_.regions.Find(t.region_code);
    std::string purchaser = (region.ok() && *region ? (*region)->name : t.region_code) + "妇联";
    if ((*o)->Get("name") == purchaser)
      return InvalidArgument("org_id", "the purchaser and the provider cannot be the same body");
    auto dup = c.QueryOne("SELECT 1 FROM tender_bids WHERE tender_id = :1 AND org_id = :2",
                          {id, in.org_id});
    if (!dup.ok()) return dup.status();
    if (*dup) return Status(Code::kConflict, "your organization has bid already", "org_id");
    if (in.file_id) {
      auto f = d_.files.CheckAttachable(c, p, *in.file_id, in.org_id);
      if (!f.ok()) return InvalidArgument("file_id", "file_id: no such file of your organization");
      auto used = c.QueryOne("SELECT 1 FROM tender_bids WHERE file_id = :1", {*in.file_id});
      if (!used.ok()) return used.status();
      if (*used) return InvalidArgument("file_id", "the file belongs to another bid");
    }
    b.id = crypto::RandomId();
    b.tender_id = id;
    b.org_id = in.org_id;
    b.org_name = (*o)->Get("name");
    b.org_region = (*o)->Get("region_code");
    b.eligible = true;
    b.sealed = true;
    b.created_at = NowMs();
    SHUNIU_RETURN_IF_ERROR(c.Exec(
        "INSERT INTO tender_bids (id, tender_id, org_id, price_sealed, team_sealed, file_id, "
        "eligible, ineligible_reason, submitted_by, created_at) VALUES (:1, :2, :3, :4, :5, :6, "
        "1, '', :7, :8)",
        {b.id, id, in.org_id, crypto::SealText(secret_, kSealPurpose, std::to_string(in.price)),
         crypto::SealText(secret_, kSealPurpose, in.team.dump()), db::Opt(in.file_id),
         db::Opt(UserId(p)), static_cast<long long>(b.created_at)}));
    // The audit event names the bid, never its sealed contents.
    return audit::AuditService::Record(
        c, p.ctx, "tender.bid", "tender", std::to_string(id), t.region_code, std::nullopt,
        json{{"bid_id", b.id}, {"org_id", in.org_id}, {"with_file", in.file_id.has_value()}});
  }));
  return b;
}

Result<std::pair<std::vector<Tender>, long long>> TenderService::PublicList(long long page,
                                                                            long long size) {
  std::pair<std::vector<Tender>, long long> out;
  const std::string where = " WHERE t.published_at IS NOT NULL";
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto n = c.QueryOne(std::string("SELECT COUNT(*)") + kFrom + where);
    if (!n.ok()) return n.status();
    out.second = *n ? (*n)->Int(0) : 0;
    auto rows = c.Query(std::string("SELECT ") + kCols + kFrom + where +
                            " ORDER BY t.published_at DESC, t.id DESC LIMIT :1 OFFSET :2",
                        {size, (page - 1) * size});
    if (!rows.ok()) return rows.status();
    for (auto& r : *rows) out.first.push_back(FromRow(r));
    for (auto& t : out.first)
      if (t.award_bid_id) {
        auto o = c.QueryOne(
            "SELECT o.name FROM tender_bids b JOIN orgs o ON o.id = b.org_id WHERE b.id = :1",
            {*t.award_bid_id});
        if (!o.ok()) return o.status();
        if (*o) t.award_org_name = (*o)->Str(0);
      }
    return Status::Ok();
  }));
  std::vector<std::string> codes;
  for (auto& t : out.first) codes.push_back(t.region_code);
  auto names = d_.regions.Names(codes);
  if (names.ok())
    for (auto& t : out.first) t.region_name = (*names)[t.region_code];
  return out;
}

Result<Tender> TenderService::PublicGet(long long id) {
  Tender out;
  SHUNIU_RETURN_IF_ERROR(d_.db.Read([&](db::Conn& c) -> Status {
    auto row = c.QueryOne(std::string("SELECT ") + kCols + kFrom + " WHERE t.id = :1", {id});
    if (!row.ok()) return row.status();
    if (!*row) return NotFound("tender not found");
    out = FromRow(**row);
    if (!out.published_at) return NotFound("tender not found");
    Principal none;
    SHUNIU_RETURN_IF_ERROR(FillDetail(c, none, out));
    return Status::Ok();
  }));
  auto names = d_.regions.Names({out.region_code});
  if (names.ok()) out.region_name = (*names)[out.region_code];
  return out;
}

}  // namespace shuniu::tender
