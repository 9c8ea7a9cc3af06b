// The annual work report: figures equal direct counts over random records, districts
// add up to the city, the demo's 2014 report shows the seed's figures, the files.
#include <cstdio>
#include <fstream>
#include <random>
#include <regex>
#include <set>

#include "api/harness.h"
#include "core/region_code.h"
#include "org/org_service.h"
#include "org/uscc.h"
#include "report/report_internal.h"

namespace shuniu::testing {
namespace {

using nlohmann::json;
constexpr const char* kJiangmen = "440700000000";
constexpr const char* kXinhui = "440705000000";

std::map<std::string, json> ByKey(const json& report) {
  std::map<std::string, json> m;
  for (auto& f : report["figures"]) m[f["key"].get<std::string>()] = f;
  return m;
}

// Random records straight into the tables, spread over the districts of Jiangmen
// (none at the city level itself, so the districts' reports add up to the city's).
struct RandomData {
  std::vector<std::string> codes;  // district, town and village codes
  void Make(app::System& sys, unsigned seed) {
    std::mt19937 rng(seed);
    auto pick = [&](auto& v) { return v[rng() % v.size()]; };
    auto date = [&](int y0, int y1) {
      char b[16];
      std::snprintf(b, sizeof b, "%04d-%02d-%02d", y0 + static_cast<int>(rng() % (y1 - y0 + 1)),
                    1 + static_cast<int>(rng() % 12), 1 + static_cast<int>(rng() % 28));
      return std::string(b);
    };
    Status st = sys.db->Read([&](db::Conn& c) -> Status {
      auto rows = c.Query("SELECT code FROM regions WHERE level >= 3 ORDER BY code");
      if (!rows.ok()) return rows.status();
      for (auto& r : *rows)
        if (rng() % 6 == 0 || r.Str(0).substr(6) == "000000") codes.push_back(r.Str(0));
      return Status::Ok();
    });
    ASSERT_TRUE(st.ok()) << st.message();
    std::vector<std::string> kinds = {"association",    "social_service_agency", "micro_org",
                                      "volunteer_team", "cooperative",           "womens_home"};
    std::vector<std::string> statuses = {"active", "active", "abnormal", "deregistered",
                                         "incubating"};
    std::vector<std::string> origins = {"founded_directly", "volunteer_team", "cooperative",
                                        "womens_home",      "incubated",      ""};
    std::vector<long long> org_ids;
    std::vector<std::string> org_regions;
    for (int i = 0; i < 160; ++i) {
      long long id = 900000 + i;
      std::string kind = pick(kinds), region = pick(codes), origin = pick(origins);
      bool registered = kind == "association" || kind == "social_service_agency";
      std::string founded = rng() % 5 == 0 ? "" : date(2005, 2015);
      int level = region.substr(6) == "000000" ? 3 : region.substr(9) == "000" ? 4 : 5;
      Status s = ExecSql(
          sys,
          "INSERT INTO orgs (id, name, kind, registered, region_code, level, status, "
          "registered_on, founded_on, origin, version, created_at, updated_at) VALUES (:1, :2, "
          ":3, :4, :5, :6, :7, :8, :9, :10, 1, 0, 0)",
          {id, "随机组织" + std::to_string(i), kind, registered ? 1LL : 0LL, region,
           static_cast<long long>(level), pick(statuses),
           registered ? db::Value(date(2010, 2016)) : db::Null(),
           founded.empty() ? db::Null() : db::Value(founded),
           origin.empty() ? db::Null() : db::Value(origin)});
      ASSERT_TRUE(s.ok()) << s.message();
      org_ids.push_back(id);
      org_regions.push_back(region);
    }
    std::vector<std::string> pstates = {"draft", "approved", "in_progress", "closed", "cancelled"};
    std::vector<std::string> channels = {"direct", "tender", "competition"};
    std::vector<std::string> sources = {"fiscal_budget", "livelihood", "welfare_lottery", "other"};
    for (int i = 0; i < 80; ++i) {
      Status s = ExecSql(
          sys,
          "INSERT INTO projects (id, title, department, year, region_code, objectives, "
          "target_groups_json, beneficiaries_json, indicators_json, budget_lines_json, "
          "budget_total, duration_months, org_ids_json, channel, state, funding_source, "
          "committed, note, created_by_name, version, created_at, updated_at) VALUES (:1, :2, "
          "'妇联', :3, :4, '', '[]', '{}', '[]', '[]', :5, 12, '[]', :6, :7, :8, 0, '', 't', 1, "
          "0, 0)",
          {800000LL + i, "随机项目" + std::to_string(i), static_cast<long long>(2010 + rng() % 6),
           pick(codes), static_cast<long long>(rng() % 5000000), pick(channels), pick(pstates),
           pick(sources)});
      ASSERT_TRUE(s.ok()) << s.message();
    }
    std::vector<std::string> isources = {"government_purchase", "service_fees", "donations",
                                         "foundation", "other"};
    for (int i = 0; i < 120; ++i) {
      size_t o = rng() % org_ids.size();
      std::string on = date(2010, 2015);
      Status s = ExecSql(sys,
                         "INSERT INTO incomes (id, org_id, region_code, received_on, year, amount, "
                         "source, note, created_by_name, created_at) VALUES (:1, :2, :3, :4, :5, "
                         ":6, :7, '', 't', 0)",
                         {700000LL + i, org_ids[o], org_regions[o], on, std::stoll(on.substr(0, 4)),
                          static_cast<long long>(1 + rng() % 900000), pick(isources)});
      ASSERT_TRUE(s.ok()) << s.message();
    }
    for (int i = 0; i < 60; ++i) {
      long long starts = 1262304000000LL + static_cast<long long>(rng() % 189345600) * 1000;
      Status s = ExecSql(sys,
                         "INSERT INTO trainings (id, kind, title, region_code, starts_at, ends_at, "
                         "state, version, created_at, updated_at) VALUES (:1, 'thematic', :2, :3, "
                         ":4, :5, :6, 1, 0, 0)",
                         {600000LL + i, "随机培训" + std::to_string(i), pick(codes), starts,
                          starts + 3600000, std::string(rng() % 4 ? "held" : "cancelled")});
      ASSERT_TRUE(s.ok()) << s.message();
    }
    // A branch per seed with members moving in and out, activities and attendance;
    // internship bases with interns and their hours.
    {
      std::string region = pick(codes);
      Status s = ExecSql(sys,
                         "INSERT INTO party_branches (id, region_code, name, lead_org_id, "
                         "founded_on, description, created_by_name, version, created_at, "
                         "updated_at) VALUES (400000, :1, '随机支部', :2, :3, '', 't', 1, 0, 0)",
                         {region, org_ids[0], date(2010, 2015)});
      ASSERT_TRUE(s.ok()) << s.message();
      for (int i = 0; i < 25; ++i) {
        std::string in = date(2009, 2015);
        bool out = rng() % 3 == 0;
        s = ExecSql(
            sys,
            "INSERT INTO party_members (id, branch_id, region_code, name, status, post, "
            "transfer_in_on, transfer_out_on, id_number_sealed, id_number_index, "
            "id_number_masked, phone_sealed, phone_index, phone_masked, version, "
            "created_at, updated_at) VALUES (:1, 400000, :2, :3, 'full', '', :4, :5, '', "
            ":6, '', '', '', '', 1, 0, 0)",
            {410000LL + i, pick(codes), "党员" + std::to_string(i), in,
             out ? db::Value(std::string("2016-01-01")) : db::Null(), "idx" + std::to_string(i)});
        ASSERT_TRUE(s.ok()) << s.message();
      }
      for (int i = 0; i < 20; ++i) {
        s = ExecSql(sys,
                    "INSERT INTO party_activities (id, branch_id, region_code, kind, held_on, "
                    "place, topic, minutes, created_by_name, version, created_at, updated_at) "
                    "VALUES (:1, 400000, :2, 'lecture', :3, '', '党课', '', 't', 1, 0, 0)",
                    {420000LL + i, pick(codes), date(2011, 2015)});
        ASSERT_TRUE(s.ok()) << s.message();
        for (int m = 0; m < 25; m += 1 + static_cast<int>(rng() % 4)) {
          s = ExecSql(sys,
                      "INSERT INTO party_attendance (activity_id, member_id, status, reason) "
                      "VALUES (:1, :2, :3, '')",
                      {420000LL + i, 410000LL + m, std::string(rng() % 4 ? "present" : "excused")});
          ASSERT_TRUE(s.ok()) << s.message();
        }
      }
      for (int b = 0; b < 4; ++b) {
        std::string start = date(2010, 2015);
        s = ExecSql(
            sys,
            "INSERT INTO internship_bases (id, region_code, name, university, majors, "
            "org_id, agreement_no, term_start, term_end, school_supervisor, "
            "org_supervisor, created_by_name, version, created_at, updated_at) VALUES "
            "(:1, :2, '随机实习基地', '五邑大学', '社会工作', :3, '', :4, :5, '', '', 't', 1, "
            "0, 0)",
            {430000LL + b, org_regions[static_cast<size_t>(b)], org_ids[static_cast<size_t>(b)],
             start, std::to_string(std::stoi(start.substr(0, 4)) + 1 + b % 2) + "-12-31"});
        ASSERT_TRUE(s.ok()) << s.message();
        for (int k = 0; k < 6; ++k) {
          long long id = 440000LL + b * 10 + k;
          std::string from = date(2011, 2015);
          s = ExecSql(sys,
                      "INSERT INTO interns (id, internship_base_id, region_code, org_id, name, "
                      "school, major, phone_sealed, phone_index, phone_masked, start_on, end_on, "
                      "grade, evaluation, version, created_at, updated_at) VALUES (:1, :2, :3, :4, "
                      "'实习生', '五邑大学', '社会工作', '', '', '', :5, :6, '', '', 1, 0, 0)",
                      {id, 430000LL + b, org_regions[static_cast<size_t>(b)],
                       org_ids[static_cast<size_t>(b)], from,
                       std::to_string(std::stoi(from.substr(0, 4)) + 1) + "-06-30"});
          ASSERT_TRUE(s.ok()) << s.message();
          s = ExecSql(sys,
                      "INSERT INTO intern_hours (id, intern_id, region_code, worked_on, hours, "
                      "activity, recorded_by_name, created_at) VALUES (:1, :2, :3, :4, :5, '', "
                      "'t', 0)",
                      {id + 100000, id, org_regions[static_cast<size_t>(b)], date(2011, 2015),
                       static_cast<long long>(1 + rng() % 8)});
          ASSERT_TRUE(s.ok()) << s.message();
        }
      }
    }
    for (int i = 0; i < 30; ++i) {
      std::string region = pick(codes);
      Status s = ExecSql(sys,
                         "INSERT INTO homes (id, region_code, name, kind, address, contact_name, "
                         "contact_phone_sealed, contact_phone_masked, status, opening_hours, "
                         "services, area_m2, star_level, star_valid_from, founded_on, "
                         "created_by_name, version, created_at, updated_at) VALUES (:1, :2, :3, "
                         "'women', '', '', '', '', :4, '', '', 0, :5, :6, :7, 't', 1, 0, 0)",
                         {500000LL + i, region, "随机之家" + std::to_string(i),
                          std::string(rng() % 5 ? "active" : "suspended"),
                          static_cast<long long>(rng() % 6), date(2011, 2016), date(2008, 2016)});
      ASSERT_TRUE(s.ok()) << s.message();
      s = ExecSql(
          sys,
          "INSERT INTO home_funding (id, home_id, region_code, year, amount_fen, source, "
          "note, recorded_by_name, created_at) VALUES (:1, :2, :3, :4, :5, 's', '', 't', 0)",
          {510000LL + i, 500000LL + i, region, static_cast<long long>(2011 + rng() % 5),
           static_cast<long long>(1 + rng() % 100000)});
      ASSERT_TRUE(s.ok()) << s.message();
    }
  }
};

// The figures recomputed here, in C++, from the rows (an independent reading of the
// definitions in report_figures.cpp).
std::map<std::string, long long> Direct(app::System& sys, const std::string& scope, int y1, int y2,
                                        int span) {
  std::map<std::string, long long> f;
  std::string F = std::to_string(y1) + "-01-01", T = std::to_string(y2) + "-12-31",
              N1 = std::to_string(y2 - span + 1) + "-01-01";
  auto in = [&](const std::string& code) { return InSubtree(code, scope); };
  Status st = sys.db->Read([&](db::Conn& c) -> Status {
    auto orgs = c.Query(
        "SELECT region_code, registered, COALESCE(registered_on, ''), COALESCE(founded_on, ''), "
        "status, COALESCE(origin, ''), level FROM orgs");
    if (!orgs.ok()) return orgs.status();
    for (auto& r : *orgs) {
      if (!in(r.Str(0))) continue;
      bool reg = r.Int(1) == 1;
      std::string ron = r.Str(2), fon = r.Str(3), status = r.Str(4), origin = r.Str(5);
      bool exists = status != "deregistered" && fon <= T;
      bool registered = reg && ron <= T && status != "deregistered";
      bool later = reg && !ron.empty() && ron > T;
      bool incubating =
          exists && ((!reg && status == "incubating") || (later && origin == "incubated"));
      bool micro = exists && ((!reg && status != "incubating") || (later && origin != "incubated"));
      f["orgs.registered"] += registered;
      f["orgs.incubating"] += incubating;
      f["orgs.social"] += registered || incubating;
      f["orgs.micro"] += micro;
      f["regs.period"] += reg && ron >= F && ron <= T;
      bool grass = reg && r.Int(6) >= 4 && ron >= N1 && ron <= T;
      f["regs.grassroots"] += grass;
      f["regs.from_womens_home"] += grass && origin == "womens_home";
      f["regs.from_teams"] += grass && (origin == "volunteer_team" || origin == "cooperative");
    }
    auto projects = c.Query(
        "SELECT region_code, year, state, channel, funding_source, budget_total FROM "
        "projects");
    if (!projects.ok()) return projects.status();
    for (auto& r : *projects) {
      if (!in(r.Str(0))) continue;
      bool undertaken =
          r.Int(1) >= y1 && r.Int(1) <= y2 && (r.Str(2) == "in_progress" || r.Str(2) == "closed");
      long long money = r.Int(5);
      if (undertaken) {
        f["projects.undertaken"] += 1;
        f["projects.undertaken_fen"] += money;
        if (r.Str(4) == "fiscal_budget") {
          f["projects.gov_purchase"] += 1;
          f["projects.gov_purchase_fen"] += money;
        }
        if (r.Str(4) == "livelihood") {
          f["projects.livelihood"] += 1;
          f["projects.livelihood_fen"] += money;
        }
        if (r.Str(3) == "tender") {
          f["projects.tendered"] += 1;
          f["projects.tendered_fen"] += money;
        }
      }
      f["comp.closed"] += r.Str(3) == "competition" && r.Str(2) == "closed" && r.Int(1) <= y2;
    }
    auto incomes = c.Query("SELECT region_code, received_on, amount, source, org_id FROM incomes");
    if (!incomes.ok()) return incomes.status();
    std::set<long long> orgs_with_income;
    for (auto& r : *incomes) {
      if (!in(r.Str(0)) || r.Str(1) < F || r.Str(1) > T) continue;
      f["income.total_fen"] += r.Int(2);
      if (r.Str(3) == "service_fees" || r.Str(3) == "donations" || r.Str(3) == "other")
        f["income.self_fen"] += r.Int(2);
      orgs_with_income.insert(r.Int(4));
    }
    f["income.orgs"] = static_cast<long long>(orgs_with_income.size());
    auto trainings = c.Query("SELECT region_code, starts_at, state FROM trainings");
    if (!trainings.ok()) return trainings.status();
    for (auto& r : *trainings) {
      // China time: the year starts at 16:00 UTC on 31 December.
      auto at = Rfc3339(r.Int(1) + 8 * 3600 * 1000LL);
      int year = std::stoi(at.substr(0, 4));
      f["trainings.held"] += in(r.Str(0)) && r.Str(2) == "held" && year >= y1 && year <= y2;
    }
    auto homes = c.Query(
        "SELECT region_code, status, star_level, COALESCE(star_valid_from, ''), "
        "COALESCE(founded_on, '') FROM homes");
    if (!homes.ok()) return homes.status();
    for (auto& r : *homes) {
      if (!in(r.Str(0)) || r.Str(1) == "closed") continue;
      f["homes.total"] += r.Str(4) <= T;
      f["homes.starred"] += r.Int(2) >= 1 && r.Str(3) <= T;
    }
    auto branches = c.Query("SELECT region_code, COALESCE(founded_on, '') FROM party_branches");
    if (!branches.ok()) return branches.status();
    for (auto& r : *branches) f["party.branches"] += in(r.Str(0)) && r.Str(1) <= T;
    auto members = c.Query(
        "SELECT region_code, transfer_in_on, COALESCE(transfer_out_on, '') FROM party_members");
    if (!members.ok()) return members.status();
    for (auto& r : *members) {
      if (!in(r.Str(0))) continue;
      f["party.members"] += r.Str(1) <= T && (r.Str(2).empty() || r.Str(2) > T);
      f["party.transferred_in"] += r.Str(1) >= F && r.Str(1) <= T;
    }
    auto acts = c.Query(
        "SELECT a.region_code, a.held_on, (SELECT COUNT(*) FROM party_attendance t WHERE "
        "t.activity_id = a.id AND t.status = 'present') FROM party_activities a");
    if (!acts.ok()) return acts.status();
    for (auto& r : *acts) {
      if (!in(r.Str(0)) || r.Str(1) < F || r.Str(1) > T) continue;
      f["party.activities"] += 1;
      f["party.attendance"] += r.Int(2);
    }
    auto ibases = c.Query("SELECT region_code, term_start, term_end FROM internship_bases");
    if (!ibases.ok()) return ibases.status();
    for (auto& r : *ibases) f["interns.bases"] += in(r.Str(0)) && r.Str(1) <= T && r.Str(2) >= F;
    auto interns = c.Query("SELECT region_code, start_on, org_id FROM interns");
    if (!interns.ok()) return interns.status();
    std::set<long long> hosts;
    for (auto& r : *interns) {
      if (!in(r.Str(0)) || r.Str(1) < F || r.Str(1) > T) continue;
      f["interns.placed"] += 1;
      if (!r.IsNull(2)) hosts.insert(r.Int(2));
    }
    f["interns.host_orgs"] = static_cast<long long>(hosts.size());
    auto hours = c.Query("SELECT region_code, worked_on, hours FROM intern_hours");
    if (!hours.ok()) return hours.status();
    for (auto& r : *hours)
      if (in(r.Str(0)) && r.Str(1) >= F && r.Str(1) <= T) f["interns.hours"] += r.Int(2);
    auto funding = c.Query("SELECT region_code, year, amount_fen FROM home_funding");
    if (!funding.ok()) return funding.status();
    for (auto& r : *funding)
      if (in(r.Str(0)) && r.Int(1) >= y1 && r.Int(1) <= y2) f["homes.funding_fen"] += r.Int(2);
    return Status::Ok();
  });
  EXPECT_TRUE(st.ok()) << st.message();
  return f;
}

class ReportApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    s_ = MakeStack();
    MakeUser(*s_.sys, "rp.admin", Role::kAdmin, kJiangmen);
    MakeUser(*s_.sys, "rp.xh", Role::kStaff, kXinhui);
    MakeUser(*s_.sys, "rp.auditor", Role::kAuditor, kJiangmen);
    MakeUser(*s_.sys, "rp.reviewer", Role::kReviewer, kJiangmen);
  }
  Stack s_;
};

TEST_F(ReportApiTest, EveryFigureEqualsADirectCountOverRandomRecords) {
  for (unsigned seed : {1u, 2u, 3u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    // A fresh database per seed.
    s_ = MakeStack();
    MakeUser(*s_.sys, "rp.admin", Role::kAdmin, kJiangmen);
    RandomData data;
    data.Make(*s_.sys, seed);
    auto admin = LoggedIn(s_, "rp.admin");
    for (const std::string scope : {kJiangmen, kXinhui, "440705001000"}) {
      auto r =
          admin.Call("GET", "/api/v1/reports/annual?region=" + scope + "&year=2013&to=2014&span=3");
      ASSERT_EQ(r.status, 200) << r.body;
      auto figs = ByKey(admin.Json(r));
      auto now = Direct(*s_.sys, scope, 2013, 2014, 3);
      auto before = Direct(*s_.sys, scope, 2011, 2012, 3);
      long long nonzero = 0;
      for (auto& [key, expected] : now) {
        ASSERT_TRUE(figs.count(key)) << key;
        EXPECT_EQ(figs[key]["value"].get<long long>(), expected) << scope << " " << key;
        EXPECT_EQ(figs[key]["previous"].get<long long>(), before[key]) << scope << " " << key;
        nonzero += expected != 0;
      }
      if (scope == kJiangmen) {
        EXPECT_GT(nonzero, 15);  // the data exercises the figures
      }
      // The records behind a figure are exactly as many as it counts.
      for (const char* key : {"orgs.registered", "orgs.micro", "projects.gov_purchase"}) {
        auto rec = admin.Call("GET", "/api/v1/reports/annual/records?region=" + scope +
                                         "&year=2013&to=2014&key=" + key);
        ASSERT_EQ(rec.status, 200) << rec.body;
        EXPECT_EQ(admin.Json(rec)["total"].get<long long>(), now[key]) << key;
        EXPECT_EQ(static_cast<long long>(admin.Json(rec)["items"].size()),
                  std::min<long long>(now[key], 500));
      }
    }
  }
}

TEST_F(ReportApiTest, DistrictReportsAddUpToTheCityAndStayInScope) {
  RandomData data;
  data.Make(*s_.sys, 7);
  auto admin = LoggedIn(s_, "rp.admin");
  auto city = ByKey(admin.Json(admin.Call("GET", "/api/v1/reports/annual?year=2014")));
  std::map<std::string, long long> sum;
  for (const char* d : {"440703000000", "440704000000", "440705000000", "440781000000",
                        "440783000000", "440784000000", "440785000000"}) {
    auto r = admin.Call("GET", std::string("/api/v1/reports/annual?year=2014&region=") + d);
    ASSERT_EQ(r.status, 200) << r.body;
    for (auto& [k, f] : ByKey(admin.Json(r))) sum[k] += f["value"].get<long long>();
  }
  for (auto& [k, f] : city) EXPECT_EQ(f["value"].get<long long>(), sum[k]) << k;
  // A district's staff: the district by default, never the city or another district.
  auto xh = LoggedIn(s_, "rp.xh");
  auto own = xh.Call("GET", "/api/v1/reports/annual?year=2014");
  ASSERT_EQ(own.status, 200);
  EXPECT_EQ(xh.Json(own)["region"], kXinhui);
  EXPECT_EQ(xh.Json(own)["region_name"], "新会区");
  EXPECT_EQ(ByKey(xh.Json(own)),
            ByKey(admin.Json(admin.Call("GET", std::string("/api/v1/reports/annual?year=2014&"
                                                           "region=") +
                                                   kXinhui))));
  EXPECT_EQ(xh.Call("GET", "/api/v1/reports/annual?year=2014&region=440700000000").status, 404);
  EXPECT_EQ(xh.Call("GET", "/api/v1/reports/annual?year=2014&region=440781000000").status, 404);
  EXPECT_EQ(xh.Call("GET", "/api/v1/reports/annual.pdf?year=2014&region=440781000000").status, 404);
  EXPECT_EQ(xh.Call("GET",
                    "/api/v1/reports/annual/records?key=orgs.micro&year=2014&region="
                    "440781000000")
                .status,
            404);
  // Records listed for a district's staff lie in the district.
  auto rec = xh.Call("GET", "/api/v1/reports/annual/records?key=orgs.micro&year=2014");
  ASSERT_EQ(rec.status, 200);
  for (auto& it : xh.Json(rec)["items"])
    EXPECT_TRUE(InSubtree(it["region_code"].get<std::string>(), kXinhui));
  // Auditors read; reviewers do not.
  EXPECT_EQ(LoggedIn(s_, "rp.auditor").Call("GET", "/api/v1/reports/annual?year=2014").status, 200);
  EXPECT_EQ(LoggedIn(s_, "rp.reviewer").Call("GET", "/api/v1/reports/annual?year=2014").status,
            403);
}

// The whole country and a province read their organizations' figures from the kept
// counts (org_report_counts); the same report computed by scanning the organizations
// must be identical, figure by figure and table by table.
TEST_F(ReportApiTest, KeptCountsGiveTheSameReportAsScanningTheOrganizations) {
  for (unsigned seed : {11u, 12u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    s_ = MakeStack();
    RandomData data;
    data.Make(*s_.sys, seed);
    // Another province, and organizations at the province itself: the breakdown by
    // region shows them as the province's own level.
    ASSERT_TRUE(ExecSql(*s_.sys,
                        "INSERT INTO regions (code, name, level, parent_code, child_count) VALUES "
                        "('110000000000', '北京市', 1, NULL, 1), "
                        "('110100000000', '市辖区', 2, '110000000000', 0)")
                    .ok());
    MakeOrg(*s_.sys, "北京微组织", "110100000000");
    MakeOrg(*s_.sys, "广东省级微组织", "440000000000");
    Principal nation = s_.sys->users->CliPrincipal("test");
    // The random records were written straight into the tables: count them.
    auto rows = s_.sys->orgs->RecountReport(nation);
    ASSERT_TRUE(rows.ok()) << rows.status().message();
    EXPECT_GT(*rows, 10);
    ExpectReportCountsFresh(*s_.sys);
    nation.region_code = kNationalRoot;
    for (const char* region : {kNationalRoot, "440000000000", "110000000000"}) {
      for (auto [from, to] : {std::pair{2014, 2014}, std::pair{2011, 2014}}) {
        SCOPED_TRACE(std::string(region) + " " + std::to_string(from) + "-" + std::to_string(to));
        report::Period period{region, from, to, 3};
        s_.sys->reports->set_kept_counts(true);
        auto kept = s_.sys->reports->Annual(nation, period);
        s_.sys->reports->set_kept_counts(false);
        auto scanned = s_.sys->reports->Annual(nation, period);
        s_.sys->reports->set_kept_counts(true);
        ASSERT_TRUE(kept.ok()) << kept.status().message();
        ASSERT_TRUE(scanned.ok()) << scanned.status().message();
        ASSERT_EQ(kept->figures.size(), scanned->figures.size());
        long long orgs_nonzero = 0;
        for (size_t i = 0; i < kept->figures.size(); ++i) {
          const auto &k = kept->figures[i], &sc = scanned->figures[i];
          EXPECT_EQ(k.value, sc.value) << k.key;
          EXPECT_EQ(k.previous, sc.previous) << k.key;
          orgs_nonzero += k.key.rfind("orgs.", 0) == 0 && k.value != 0;
        }
        if (std::string(region) != "110000000000") {
          EXPECT_GE(orgs_nonzero, 3);  // the data exercises the kept counts
        }
        ASSERT_EQ(kept->tables.size(), scanned->tables.size());
        for (size_t i = 0; i < kept->tables.size(); ++i)
          EXPECT_EQ(kept->tables[i].rows, scanned->tables[i].rows) << kept->tables[i].key;
      }
    }
    // The province's own level appears in its breakdown by region.
    auto gd = s_.sys->reports->Annual(nation, report::Period{"440000000000", 2014, 2014, 3});
    ASSERT_TRUE(gd.ok());
    bool own = false;
    for (auto& t : gd->tables)
      if (t.key == "orgs.by_region")
        for (auto& r : t.rows) own |= r[1] == "440000000000" && r[4] == "1";
    EXPECT_TRUE(own);
    // Only an admin recounts.
    Principal staff = nation;
    staff.role = Role::kStaff;
    EXPECT_EQ(s_.sys->orgs->RecountReport(staff).status().code(), Code::kPermissionDenied);
    EXPECT_EQ(CountEvents(*s_.sys, "org.recount"), 1);
  }
}

// Kept counts serve only conditions over the columns they keep: a figure over
// organizations that reads another column, sums a measure or counts distinct
// values would be wrong for the country and provinces, so it must fail here.
TEST(ReportFiguresTest, FiguresOverOrganizationsReadOnlyTheKeptColumns) {
  const std::set<std::string> kept = {"kind",  "registered", "status",        "origin",
                                      "level", "founded_on", "registered_on", "region_code"};
  const std::regex col(R"(\bo\.([a-z_]+))");
  int n = 0;
  for (const auto& d : report::internal::Defs()) {
    if (std::string(d.source) != "orgs") continue;
    ++n;
    EXPECT_STREQ(d.measure, "1") << d.key;
    EXPECT_STREQ(d.distinct, "") << d.key;
    for (std::sregex_iterator it(d.cond.begin(), d.cond.end(), col), end; it != end; ++it)
      EXPECT_TRUE(kept.count((*it)[1].str())) << d.key << " reads o." << (*it)[1].str();
    // Dates are compared only with period tokens that fall on 1 January or 31 December.
    for (const char* t : {"{Fms}", "{Tms}", "{Y1}", "{Y2}"})
      EXPECT_EQ(d.cond.find(t), std::string::npos) << d.key;
  }
  EXPECT_GE(n, 7);
  auto t = report::internal::PeriodTokens(2011, 2014, 3, "0", "9");
  EXPECT_EQ(std::get<std::string>(t["F"]), "2011-01-01");
  EXPECT_EQ(std::get<std::string>(t["T"]), "2014-12-31");
  EXPECT_EQ(std::get<std::string>(t["N1"]), "2012-01-01");
}

TEST_F(ReportApiTest, BadPeriodsNameTheField) {
  auto admin = LoggedIn(s_, "rp.admin");
  struct Case {
    std::string query, field;
  };
  for (const Case& c : std::vector<Case>{{"", "year"},
                                         {"year=14", "year"},
                                         {"year=1800", "year"},
                                         {"year=2014&to=2013", "to"},
                                         {"year=2000&to=2030", "to"},
                                         {"year=2014&span=0", "span"},
                                         {"year=2014&region=4407", "region"}}) {
    auto r = admin.Call("GET", "/api/v1/reports/annual?" + c.query);
    EXPECT_EQ(r.status, 422) << c.query << " " << r.body;
    EXPECT_EQ(ErrorField(r), c.field) << c.query;
  }
  auto r = admin.Call("GET", "/api/v1/reports/annual/records?year=2014&key=nope");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(ErrorField(r), "key");
}

// With the Jiangmen demo, the 2014 report for 江门市 shows the seed's figures
// (domain.md, "Figures in the seed"), computed from the records.
TEST(ReportDemoTest, The2014ReportOfJiangmenShowsTheSeedFigures) {
  Stack s = MakeDemoStack();
  MakeUser(*s.sys, "rp.admin", Role::kAdmin, kJiangmen);
  auto admin = LoggedIn(s, "rp.admin");
  auto get = [&](const std::string& q) {
    auto r = admin.Call("GET", "/api/v1/reports/annual?region=440700000000&" + q);
    EXPECT_EQ(r.status, 200) << r.body;
    return ByKey(admin.Json(r));
  };
  auto y2014 = get("year=2014");
  // The hand-written table of the seed report.
  const std::vector<std::pair<std::string, long long>> expected = {
      {"orgs.social", 155},                    // 155 women's and children's social organizations
      {"orgs.registered", 145},                // 145 of them registered
      {"regs.grassroots", 97},                 // 97 grassroots registrations in three years
      {"regs.from_womens_home", 15},           // 15 villages registered their Women's Home
      {"regs.from_teams", 66},                 // 66 grew out of volunteer teams and cooperatives
      {"residency.signed", 25},                // 25 residency agreements at the city base in 2014
      {"projects.livelihood", 10},             // 2014 livelihood projects: first batch of 10
      {"projects.livelihood_fen", 125000000},  // 1,250,000 yuan
      {"projects.tendered", 3},                // 3 projects publicly tendered
      {"comp.funded", 17},                     // 集思公益 phase 2: 17 projects
      {"comp.funded_orgs", 10},                // of 10 organizations
      {"comp.awarded_fen", 114130000},         // 1,141,300 yuan
      {"comp.closed", 13},                     // phase 1: 13 projects completed
      {"party.branches", 1},                   // the joint Party branch
      {"party.activities", 12},                // its 2014 activities
      {"interns.bases", 2},                    // 五邑大学 and 江门职业技术学院
      {"interns.placed", 20},                  // social-work interns of 2014
  };
  for (auto& [key, value] : expected) {
    ASSERT_TRUE(y2014.count(key)) << key;
    EXPECT_EQ(y2014[key]["value"].get<long long>(), value) << key;
  }
  EXPECT_GE(y2014["orgs.micro"]["value"].get<long long>(), 1800);  // 1,800+ micro-organizations
  EXPECT_LT(y2014["orgs.micro"]["value"].get<long long>(), 1900);
  EXPECT_EQ(y2014["orgs.registered"]["unit"], "count");
  EXPECT_EQ(y2014["comp.awarded_fen"]["unit"], "fen");
  EXPECT_NE(y2014["orgs.registered"]["link"].get<std::string>().find("key=orgs.registered"),
            std::string::npos);
  // 2014–2015: about 8 government-purchase projects with 2,000,000 yuan.
  auto y1415 = get("year=2014&to=2015");
  EXPECT_EQ(y1415["projects.gov_purchase"]["value"], 8);
  EXPECT_EQ(y1415["projects.gov_purchase_fen"]["value"], 200000000);
  // Star Homes: 900,000 yuan over three years from 2014.
  EXPECT_EQ(get("year=2014&to=2016")["homes.funding_fen"]["value"], 90000000);

  // A record changes, the figure follows: one more micro-organization registers in 2014.
  long long id = QueryInt(*s.sys,
                          "SELECT id FROM orgs WHERE kind = 'volunteer_team' AND status = 'active' "
                          "AND registered = 0 ORDER BY id LIMIT 1");
  ASSERT_NE(id, 0);
  Principal cli = s.sys->users->CliPrincipal("test");
  auto view = s.sys->orgs->Get(cli, id);
  ASSERT_TRUE(view.ok());
  org::OrgInput reg;
  std::string region = view->org.Get("region_code");
  std::string first17 = "51" + region.substr(0, 6) + "TH0000001";
  for (auto& [k, v] : std::vector<std::pair<std::string, std::string>>{
           {"kind", "association"},
           {"uscc", first17 + org::UsccCheckChar(first17)},
           {"registered_on", "2014-06-01"},
           {"registration_authority", "江门市民政局"}}) {
    reg.v[k] = v;
    reg.present.insert(k);
  }
  auto u = s.sys->orgs->Update(cli, id, view->org.version, reg);
  ASSERT_TRUE(u.ok()) << u.status().message();
  auto after = get("year=2014");
  EXPECT_EQ(after["orgs.registered"]["value"], 146);
  EXPECT_EQ(after["orgs.micro"]["value"].get<long long>(),
            y2014["orgs.micro"]["value"].get<long long>() - 1);
  EXPECT_EQ(after["regs.period"]["value"].get<long long>(),
            y2014["regs.period"]["value"].get<long long>() + 1);
}

// The same report as files: a PDF whose text holds the Chinese headings, and a workbook
// with a figures sheet and one sheet per table; no phone number anywhere.
TEST(ReportDemoTest, PdfAndWorkbookOfTheDemoReport) {
  Stack s = MakeDemoStack();
  MakeUser(*s.sys, "rp.admin", Role::kAdmin, kJiangmen);
  auto admin = LoggedIn(s, "rp.admin");
  auto json_r = admin.Call("GET", "/api/v1/reports/annual?year=2014");
  ASSERT_EQ(json_r.status, 200);
  const std::regex phone("1[3-9][0-9]{9}");
  EXPECT_FALSE(std::regex_search(json_r.body, phone));
  auto pdf = admin.Call("GET", "/api/v1/reports/annual.pdf?year=2014");
  ASSERT_EQ(pdf.status, 200) << pdf.body;
  EXPECT_EQ(pdf.content_type, "application/pdf");
  ASSERT_GT(pdf.body.size(), 2000u);
  EXPECT_EQ(pdf.body.substr(0, 5), "%PDF-");
  EXPECT_NE(HeaderOf(pdf, "Content-Disposition").find("annual-report-440700000000-2014.pdf"),
            std::string::npos);
  std::string dir = ::testing::TempDir();
  std::string in = dir + "/report.pdf", out = dir + "/report.txt";
  std::ofstream(in, std::ios::binary) << pdf.body;
  ASSERT_EQ(std::system(("pdftotext -enc UTF-8 " + in + " " + out).c_str()), 0)
      << "pdftotext (poppler-utils) is needed";
  std::ifstream txt(out);
  std::string text((std::istreambuf_iterator<char>(txt)), std::istreambuf_iterator<char>());
  for (const char* heading : {"江门市2014年妇女儿童类社会组织枢纽工作报告", "一、社会组织",
                              "妇女儿童类社会组织", "五、公益创投", "1,141,300.00 元"})
    EXPECT_NE(text.find(heading), std::string::npos) << heading;
  EXPECT_FALSE(std::regex_search(text, phone));

  // Party members' and interns' names and ID numbers appear nowhere.
  std::vector<std::string> people;
  Status st = s.sys->db->Read([&](db::Conn& c) -> Status {
    for (const char* q : {"SELECT name FROM party_members", "SELECT name FROM interns"}) {
      auto rows = c.Query(q);
      if (!rows.ok()) return rows.status();
      for (auto& r : *rows) people.push_back(r.Str(0));
    }
    return Status::Ok();
  });
  ASSERT_TRUE(st.ok());
  ASSERT_GE(people.size(), 40u);
  const std::regex id_number("[1-9][0-9]{16}[0-9Xx]");
  EXPECT_FALSE(std::regex_search(json_r.body, id_number));
  EXPECT_FALSE(std::regex_search(text, id_number));
  std::vector<std::string> records;
  for (const char* key : {"party.members", "party.activities", "interns.placed", "interns.hours"}) {
    auto rec =
        admin.Call("GET", std::string("/api/v1/reports/annual/records?year=2014&key=") + key);
    ASSERT_EQ(rec.status, 200) << key << rec.body;
    EXPECT_GT(admin.Json(rec)["total"].get<long long>(), 0) << key;
    records.push_back(rec.body);
  }
  for (const std::string& name : people) {
    EXPECT_EQ(json_r.body.find(name), std::string::npos) << name;
    EXPECT_EQ(text.find(name), std::string::npos) << name;
    for (auto& r : records) EXPECT_EQ(r.find(name), std::string::npos) << name;
  }
  // Staff read the Party figures but not the branch's records.
  MakeUser(*s.sys, "rp.staff", Role::kStaff, kJiangmen);
  auto staff = LoggedIn(s, "rp.staff");
  EXPECT_EQ(staff.Call("GET", "/api/v1/reports/annual/records?year=2014&key=party.members").status,
            403);
  EXPECT_EQ(staff.Call("GET", "/api/v1/reports/annual/records?year=2014&key=interns.placed").status,
            200);

  auto xlsx = admin.Call("GET", "/api/v1/reports/annual.xlsx?year=2014");
  ASSERT_EQ(xlsx.status, 200);
  EXPECT_EQ(xlsx.body.substr(0, 2), "PK");
  size_t tables = admin.Json(json_r)["tables"].size();
  // Part names sit uncompressed in the zip: sheet1 (figures) … sheet<1 + tables>.
  for (size_t i = 1; i <= tables + 1; ++i)
    EXPECT_NE(xlsx.body.find("xl/worksheets/sheet" + std::to_string(i) + ".xml"), std::string::npos)
        << i;
  EXPECT_EQ(xlsx.body.find("xl/worksheets/sheet" + std::to_string(tables + 2) + ".xml"),
            std::string::npos);
}

}  // namespace
}  // namespace shuniu::testing
