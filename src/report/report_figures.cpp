// The figures of the annual report, each declared once: where it counts, under which
// condition. Definitions follow the seed report's own wording (domain.md, "Figures in
// the seed"); dates are the records' own business dates (registration, term start,
// project year), so a report for 2014 reads what happened in 2014.
#include <ctime>

#include "report/report_internal.h"

namespace shuniu::report::internal {
namespace {

// An organization exists at the end of the period when it is not deregistered and was
// founded by then (an unknown founding date counts as before).
const std::string kExists = "o.status <> 'deregistered' AND COALESCE(o.founded_on, '') <= {T}";
// Registered by the end of the period (an unknown registration date counts as before).
const std::string kRegistered =
    "(o.registered = 1 AND COALESCE(o.registered_on, '') <= {T} AND o.status <> "
    "'deregistered')";
// Not registered at the end of the period and being incubated: an unregistered
// organization in incubation, or one that came out of incubation and registered later.
const std::string kIncubating =
    "(" + kExists +
    " AND ((o.registered = 0 AND o.status = 'incubating') OR (o.registered = 1 AND "
    "o.registered_on > {T} AND o.origin = 'incubated')))";
// A micro-organization (民间微组织): any other organization not registered at the end.
const std::string kMicro =
    "(" + kExists +
    " AND ((o.registered = 0 AND o.status <> 'incubating') OR (o.registered = 1 AND "
    "o.registered_on > {T} AND COALESCE(o.origin, '') <> 'incubated')))";
const std::string kGrassrootsNew =
    "o.registered = 1 AND o.level >= 4 AND o.registered_on >= {N1} AND o.registered_on <= {T}";
// Projects undertaken: under contract or closed (not drafts, plans or cancelled ones).
const std::string kUndertaken =
    "p.year >= {Y1} AND p.year <= {Y2} AND p.state IN ('in_progress', 'closed')";

}  // namespace

const std::vector<Source>& Sources() {
  static const std::vector<Source> v = {
      {"orgs", "orgs o", "o.region_code", "org",
       "o.id, o.name, o.region_code, COALESCE(o.registered_on, o.founded_on, ''), NULL",
       "o.name, o.id"},
      {"bases", "bases b", "b.region_code", "base",
       "b.id, b.name, b.region_code, COALESCE(b.contract_start, ''), NULL", "b.name, b.id"},
      {"residencies", "residencies r JOIN orgs o ON o.id = r.org_id", "r.region_code", "residency",
       "r.id, o.name, r.region_code, COALESCE(r.start_date, ''), NULL", "r.start_date, r.id"},
      {"trainings", "trainings t", "t.region_code", "training",
       "t.id, t.title, t.region_code, t.starts_at, NULL", "t.starts_at, t.id"},
      {"meetings", "meetings m", "m.region_code", "meeting",
       "m.id, m.title, m.region_code, m.starts_at, NULL", "m.starts_at, m.id"},
      {"surveys", "surveys s", "s.region_code", "survey",
       "s.id, s.title, s.region_code, s.opened_at, NULL", "s.opened_at, s.id"},
      {"projects", "projects p", "p.region_code", "project",
       "p.id, p.title, p.region_code, CAST(p.year AS TEXT), p.budget_total", "p.year, p.id"},
      {"entries", "competition_applications a JOIN competitions k ON k.id = a.competition_id",
       "a.region_code", "competition",
       "k.id, a.title, a.region_code, CAST(k.year AS TEXT), a.awarded_fen", "k.year, a.id"},
      {"homes", "homes h", "h.region_code", "home",
       "h.id, h.name, h.region_code, COALESCE(h.star_valid_from, ''), NULL", "h.name, h.id"},
      {"home_funding", "home_funding f JOIN homes h ON h.id = f.home_id", "f.region_code", "home",
       "h.id, h.name, f.region_code, CAST(f.year AS TEXT), f.amount_fen", "f.year, f.id"},
      {"incomes", "incomes i JOIN orgs o ON o.id = i.org_id", "i.region_code", "org",
       "o.id, o.name, i.region_code, i.received_on, i.amount", "i.received_on, i.id"},
      {"party_branches", "party_branches pb", "pb.region_code", "party_branch",
       "pb.id, pb.name, pb.region_code, COALESCE(pb.founded_on, ''), NULL", "pb.name, pb.id"},
      {"party_members", "party_members pm", "pm.region_code", "party_branch",
       "pm.branch_id, pm.post, pm.region_code, pm.transfer_in_on, NULL",
       "pm.transfer_in_on, pm.id"},
      {"party_activities", "party_activities pa", "pa.region_code", "party_branch",
       "pa.branch_id, pa.kind, pa.region_code, pa.held_on, NULL", "pa.held_on, pa.id"},
      {"party_attendance", "party_attendance pt JOIN party_activities pa ON pa.id = pt.activity_id",
       "pa.region_code", "party_branch", "pa.branch_id, pa.kind, pa.region_code, pa.held_on, NULL",
       "pa.held_on, pa.id"},
      {"internship_bases", "internship_bases ib", "ib.region_code", "internship_base",
       "ib.id, ib.name, ib.region_code, ib.term_start, NULL", "ib.term_start, ib.id"},
      {"interns", "interns it", "it.region_code", "internship_base",
       "it.internship_base_id, it.school || ' ' || it.major, it.region_code, it.start_on, NULL",
       "it.start_on, it.id"},
      {"intern_hours", "intern_hours ih JOIN interns it ON it.id = ih.intern_id", "ih.region_code",
       "internship_base",
       "it.internship_base_id, it.school || ' ' || it.major, ih.region_code, ih.worked_on, NULL",
       "ih.worked_on, ih.id"},
  };
  return v;
}

const std::vector<Def>& Defs() {
  static const std::vector<Def> v = {
      // Organizations (C1, C2)
      {"orgs.social", "orgs", "妇女儿童类社会组织", "Women's and children's social organizations",
       "count", "orgs", kRegistered + " OR " + kIncubating},
      {"orgs.registered", "orgs", "其中已登记注册", "of which registered", "count", "orgs",
       kRegistered},
      {"orgs.incubating", "orgs", "其中孵化中尚未登记",
       "of which in incubation, not yet registered", "count", "orgs", kIncubating},
      {"orgs.micro", "orgs", "联络服务的民间微组织", "Micro-organizations in liaison", "count",
       "orgs", kMicro},
      {"regs.period", "orgs", "本期新登记注册的社会组织", "Organizations registered in the period",
       "count", "orgs", "o.registered = 1 AND o.registered_on >= {F} AND o.registered_on <= {T}"},
      {"regs.grassroots", "orgs", "近年新登记的基层(镇街、村居)社会组织",
       "Grassroots (town and village) organizations registered in the last years", "count", "orgs",
       kGrassrootsNew},
      {"regs.from_womens_home", "orgs", "其中由妇女之家登记",
       "of which Women's Homes that registered", "count", "orgs",
       kGrassrootsNew + " AND o.origin = 'womens_home'"},
      {"regs.from_teams", "orgs", "其中由志愿者队伍、合作组织发展而来",
       "of which grown out of volunteer teams and cooperatives", "count", "orgs",
       kGrassrootsNew + " AND o.origin IN ('volunteer_team', 'cooperative')"},
      // Hubs, bases, residency (C3, C4)
      {"bases.hubs", "bases", "枢纽型社会组织总部", "Hub headquarters", "count", "bases",
       "b.kind = 'hub' AND b.status <> 'closed'"},
      {"bases.incubation", "bases", "孵化基地", "Incubation bases", "count", "bases",
       "b.kind = 'incubation_base' AND b.status <> 'closed'"},
      {"residency.signed", "bases", "签订入驻协议的社会组织", "Residency agreements signed",
       "count", "residencies",
       "r.state IN ('signed', 'active', 'graduated', 'terminated', 'expired') AND r.start_date >= "
       "{F} AND r.start_date <= {T}"},
      {"residency.graduated", "bases", "出壳(孵化期满)的社会组织", "Organizations graduated",
       "count", "residencies",
       "r.state = 'graduated' AND r.ended_at >= {Fms} AND r.ended_at < {Tms}"},
      // Trainings, surveys, meetings (C6, C7, C8)
      {"trainings.held", "activities", "举办专题培训、考察", "Trainings and field visits held",
       "count", "trainings", "t.state = 'held' AND t.starts_at >= {Fms} AND t.starts_at < {Tms}"},
      {"surveys.opened", "activities", "开展需求调查", "Needs surveys conducted", "count",
       "surveys", "s.opened_at >= {Fms} AND s.opened_at < {Tms}"},
      {"meetings.held", "activities", "召开联席会议等会议", "Joint and other meetings held",
       "count", "meetings", "m.state = 'held' AND m.starts_at >= {Fms} AND m.starts_at < {Tms}"},
      // Projects (C11–C13)
      {"projects.undertaken", "projects", "社会组织承接的公益项目",
       "Projects undertaken by organizations", "count", "projects", kUndertaken},
      {"projects.undertaken_fen", "projects", "公益项目资金", "Money of the projects undertaken",
       "fen", "projects", kUndertaken, "p.budget_total"},
      {"projects.gov_purchase", "projects", "进入政府购买服务的项目",
       "Government-purchase projects", "count", "projects",
       kUndertaken + " AND p.funding_source = 'fiscal_budget'"},
      {"projects.gov_purchase_fen", "projects", "政府购买服务资金", "Government-purchase money",
       "fen", "projects", kUndertaken + " AND p.funding_source = 'fiscal_budget'",
       "p.budget_total"},
      {"projects.tendered", "projects", "公开招标的项目", "Publicly tendered projects", "count",
       "projects", kUndertaken + " AND p.channel = 'tender'"},
      {"projects.tendered_fen", "projects", "公开招标项目资金", "Money of tendered projects", "fen",
       "projects", kUndertaken + " AND p.channel = 'tender'", "p.budget_total"},
      {"projects.livelihood", "projects", "妇女儿童民生实事项目", "Livelihood projects", "count",
       "projects", kUndertaken + " AND p.funding_source = 'livelihood'"},
      {"projects.livelihood_fen", "projects", "民生实事项目资金", "Livelihood project money", "fen",
       "projects", kUndertaken + " AND p.funding_source = 'livelihood'", "p.budget_total"},
      // Venture-philanthropy competitions (C14)
      {"comp.funded", "competitions", "公益创投资助项目", "Competition entries funded", "count",
       "entries", "a.state = 'funded' AND k.year >= {Y1} AND k.year <= {Y2}"},
      {"comp.funded_orgs", "competitions", "获资助的社会组织", "Organizations funded", "count",
       "entries", "a.state = 'funded' AND k.year >= {Y1} AND k.year <= {Y2}", "1", "a.org_id"},
      {"comp.awarded_fen", "competitions", "公益创投资助金额", "Competition money awarded", "fen",
       "entries", "a.state = 'funded' AND k.year >= {Y1} AND k.year <= {Y2}", "a.awarded_fen"},
      {"comp.closed", "competitions", "累计结项的公益创投项目",
       "Competition projects closed (to date)", "count", "projects",
       "p.channel = 'competition' AND p.state = 'closed' AND p.year <= {Y2}"},
      // Women & Children Homes (C15)
      {"homes.total", "homes", "妇女儿童之家", "Women & Children Homes", "count", "homes",
       "h.status <> 'closed' AND COALESCE(h.founded_on, '') <= {T}"},
      {"homes.starred", "homes", "星级妇女儿童之家", "Star-rated Homes", "count", "homes",
       "h.status <> 'closed' AND h.star_level >= 1 AND COALESCE(h.star_valid_from, '') <= {T}"},
      {"homes.funding_fen", "homes", "妇女儿童之家获得资金", "Funding received by Homes", "fen",
       "home_funding", "f.year >= {Y1} AND f.year <= {Y2}", "f.amount_fen"},
      // Income and self-sustainability (C16)
      {"income.orgs", "income", "有收入记录的社会组织", "Organizations with income", "count",
       "incomes", "i.received_on >= {F} AND i.received_on <= {T}", "1", "i.org_id"},
      {"income.total_fen", "income", "社会组织收入合计", "Income of organizations", "fen",
       "incomes", "i.received_on >= {F} AND i.received_on <= {T}", "i.amount"},
      {"income.self_fen", "income", "其中自我造血收入(服务收费、捐赠、其他)",
       "of which self-generated (fees, donations, other)", "fen", "incomes",
       "i.received_on >= {F} AND i.received_on <= {T} AND i.source IN ('service_fees', "
       "'donations', 'other')",
       "i.amount"},
      // The joint Party branch (C9): counts only; its records are the branch's own and
      // list kinds, posts and dates (an activity's topic may name a member).
      {"party.branches", "party", "联合党支部", "Joint Party branches", "count", "party_branches",
       "COALESCE(pb.founded_on, '') <= {T}"},
      {"party.members", "party", "期末在册党员(含流动党员)",
       "Party members at the end of the period", "count", "party_members",
       "pm.transfer_in_on <= {T} AND (pm.transfer_out_on IS NULL OR pm.transfer_out_on > {T})"},
      {"party.transferred_in", "party", "本期转入组织关系的党员", "Members transferred in", "count",
       "party_members", "pm.transfer_in_on >= {F} AND pm.transfer_in_on <= {T}"},
      {"party.activities", "party", "开展“三会一课”、主题党日等组织生活",
       "Branch meetings, lectures and themed days held", "count", "party_activities",
       "pa.held_on >= {F} AND pa.held_on <= {T}"},
      {"party.attendance", "party", "参加组织生活人次", "Attendances at branch activities", "count",
       "party_attendance", "pt.status = 'present' AND pa.held_on >= {F} AND pa.held_on <= {T}"},
      // Internship bases (C10)
      {"interns.bases", "interns", "社会工作专业实习基地", "Internship bases", "count",
       "internship_bases", "ib.term_start <= {T} AND ib.term_end >= {F}"},
      {"interns.placed", "interns", "本期接收实习生", "Interns placed", "count", "interns",
       "it.start_on >= {F} AND it.start_on <= {T}"},
      {"interns.host_orgs", "interns", "接收实习生的社会组织", "Organizations hosting interns",
       "count", "interns", "it.start_on >= {F} AND it.start_on <= {T}", "1", "it.org_id"},
      {"interns.hours", "interns", "实习生服务时数", "Hours of help from interns", "hours",
       "intern_hours", "ih.worked_on >= {F} AND ih.worked_on <= {T}", "ih.hours"},
  };
  return v;
}

const Source* FindSource(const std::string& name) {
  for (auto& s : Sources())
    if (name == s.name) return &s;
  return nullptr;
}

const Def* FindDef(const std::string& key) {
  for (auto& d : Defs())
    if (key == d.key) return &d;
  return nullptr;
}

long long YearStartMs(int year) {
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = 0;
  tm.tm_mday = 1;
  return (static_cast<long long>(timegm(&tm)) - 8 * 3600) * 1000;
}

Tokens PeriodTokens(int from, int to, int span, const std::string& lo, const std::string& hi) {
  auto date = [](int y, const char* md) { return std::to_string(y) + md; };
  return Tokens{{"F", date(from, "-01-01")},
                {"T", date(to, "-12-31")},
                {"Fms", YearStartMs(from)},
                {"Tms", YearStartMs(to + 1)},
                {"Y1", static_cast<long long>(from)},
                {"Y2", static_cast<long long>(to)},
                {"N1", date(to - span + 1, "-01-01")},
                {"lo", lo},
                {"hi", hi}};
}

std::string Bind(const std::string& sql, const Tokens& t, std::vector<db::Value>& params) {
  std::string out;
  out.reserve(sql.size());
  for (size_t i = 0; i < sql.size(); ++i) {
    if (sql[i] == '{') {
      size_t end = sql.find('}', i);
      auto it = end == std::string::npos ? t.end() : t.find(sql.substr(i + 1, end - i - 1));
      if (it != t.end()) {
        params.push_back(it->second);
        out += ":" + std::to_string(params.size());
        i = end;
        continue;
      }
    }
    out += sql[i];
  }
  return out;
}

}  // namespace shuniu::report::internal
