// Spreadsheet import, export and the import template over the API: the dry run
// names every bad row and writes nothing, the real run writes exactly the good
// rows, re-imports update by credit code, unreadable files are 422 field file,
// the caller's region scope holds for import and export, and an export can be
// imported back. Runs on SQLite, and on PostgreSQL when SHUNIU_TEST_DB is set.
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "api/harness.h"
#include "org/org.h"
#include "org/uscc.h"
#include "sheet/reader.h"
#include "sheet/writer.h"

namespace shuniu::testing {
namespace {

constexpr const char* kJiangmen = "440700000000";
constexpr const char* kXinhui = "440705000000";
constexpr const char* kHuicheng = "440705001000";  // 会城街道
constexpr const char* kBeimen = "440705001001";    // a village under 会城街道
constexpr const char* kDaze = "440705101000";      // another town of 新会区
constexpr const char* kTaicheng = "440781001000";  // 台城街道, 台山市
constexpr const char* kBoundary = "----shuniu-import-test-7MA4YWxkTrZu0gW";

// A valid unified social credit code of 民政 (authority 5) in 新会区: category 1
// association, 2 social service agency, 3 foundation.
std::string Uscc(char category, int serial) {
  char body[10];
  std::snprintf(body, sizeof body, "%09d", serial);
  std::string first17 = std::string("5") + category + "440705" + body;
  return first17 + org::UsccCheckChar(first17);
}

// The same code with a wrong check character.
std::string BadCheck(const std::string& code) {
  std::string out = code;
  out.back() = out.back() == '0' ? '1' : '0';
  return out;
}

std::string Multipart(const std::string& filename, const std::string& data) {
  return std::string("--") + kBoundary +
         "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename +
         "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + data + "\r\n--" + kBoundary +
         "--\r\n";
}

// --- A hand-made .xlsx (stored zip entries, inline strings), for formula cells.

void Put16(std::string& s, uint32_t v) {
  s.push_back(static_cast<char>(v & 0xFF));
  s.push_back(static_cast<char>((v >> 8) & 0xFF));
}
void Put32(std::string& s, uint32_t v) {
  Put16(s, v & 0xFFFF);
  Put16(s, v >> 16);
}

std::string MakeZip(const std::vector<std::pair<std::string, std::string>>& entries) {
  std::string out, central;
  for (const auto& [name, data] : entries) {
    auto crc = static_cast<uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
    auto size = static_cast<uint32_t>(data.size());
    auto offset = static_cast<uint32_t>(out.size());
    Put32(out, 0x04034b50);
    for (uint32_t v : {20u, 0u, 0u, 0u, 0u}) Put16(out, v);
    Put32(out, crc);
    Put32(out, size);
    Put32(out, size);
    Put16(out, static_cast<uint32_t>(name.size()));
    Put16(out, 0);
    out += name + data;
    Put32(central, 0x02014b50);
    for (uint32_t v : {20u, 20u, 0u, 0u, 0u, 0u}) Put16(central, v);
    Put32(central, crc);
    Put32(central, size);
    Put32(central, size);
    Put16(central, static_cast<uint32_t>(name.size()));
    for (uint32_t v : {0u, 0u, 0u, 0u}) Put16(central, v);
    Put32(central, 0);
    Put32(central, offset);
    central += name;
  }
  auto cd_offset = static_cast<uint32_t>(out.size());
  out += central;
  Put32(out, 0x06054b50);
  for (uint32_t v : {0u, 0u}) Put16(out, v);
  Put16(out, static_cast<uint32_t>(entries.size()));
  Put16(out, static_cast<uint32_t>(entries.size()));
  Put32(out, static_cast<uint32_t>(central.size()));
  Put32(out, cd_offset);
  Put16(out, 0);
  return out;
}

std::string XmlEscape(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == '&')
      out += "&amp;";
    else if (ch == '<')
      out += "&lt;";
    else if (ch == '>')
      out += "&gt;";
    else
      out += ch;
  }
  return out;
}

// Cells starting with '=' become formulas whose cached value is the rest of the text.
std::string HandXlsx(const std::vector<std::vector<std::string>>& rows) {
  std::string data;
  for (size_t r = 0; r < rows.size(); ++r) {
    data += "<row r=\"" + std::to_string(r + 1) + "\">";
    for (size_t c = 0; c < rows[r].size(); ++c) {
      const std::string& v = rows[r][c];
      if (v.empty()) continue;
      std::string ref = sheet::CellName(r, c);
      if (v[0] == '=')
        data += "<c r=\"" + ref + "\" t=\"str\"><f>\"" + XmlEscape(v.substr(1)) + "\"</f><v>" +
                XmlEscape(v.substr(1)) + "</v></c>";
      else
        data += "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + XmlEscape(v) + "</t></is></c>";
    }
    data += "</row>";
  }
  const std::string ns =
      R"(xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
      R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships")";
  const std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
  const std::string pkg = "http://schemas.openxmlformats.org/package/2006/relationships";
  return MakeZip({
      {"_rels/.rels", "<Relationships xmlns=\"" + pkg + "\"><Relationship Id=\"rId1\" Type=\"" +
                          rel + "officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"},
      {"xl/workbook.xml", "<workbook " + ns +
                              "><sheets><sheet name=\"组织\" sheetId=\"1\" r:id=\"rId1\"/>"
                              "</sheets></workbook>"},
      {"xl/_rels/workbook.xml.rels",
       "<Relationships xmlns=\"" + pkg + "\"><Relationship Id=\"rId1\" Type=\"" + rel +
           "worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"},
      {"xl/worksheets/sheet1.xml",
       "<worksheet " + ns + "><sheetData>" + data + "</sheetData></worksheet>"},
  });
}

std::string Xlsx(const std::vector<std::string>& header,
                 const std::vector<std::vector<std::string>>& rows) {
  std::vector<sheet::Column> cols;
  for (auto& h : header) cols.push_back({h, 18, {}});
  auto x = sheet::WriteXlsx("组织", cols, rows);
  EXPECT_TRUE(x.ok()) << x.status().message();
  return x.ok() ? *x : "";
}

std::string Repeat(const std::string& s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

const std::vector<std::string> kHeader = {
    "名称(name)",   "类型(kind)",       "统一社会信用代码(uscc)", "所属区划代码(region_code)",
    "状态(status)", "服务领域(domains)"};

// One issue per bad row, keyed by spreadsheet row.
std::map<long long, nlohmann::json> IssuesByRow(const nlohmann::json& rep) {
  std::map<long long, nlohmann::json> out;
  for (auto& i : rep["issues"]) {
    long long row = i["row"];
    EXPECT_FALSE(out.count(row)) << "two issues for row " << row << ": " << rep["issues"].dump();
    out[row] = i;
  }
  return out;
}

class OrgImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    stack_ = MakeStack();
    MakeUser(*stack_.sys, "admin", Role::kAdmin, kJiangmen);
    MakeUser(*stack_.sys, "hc_staff", Role::kStaff, kHuicheng);
    MakeUser(*stack_.sys, "auditor", Role::kAuditor, kJiangmen);
    MakeUser(*stack_.sys, "reviewer", Role::kReviewer, kJiangmen);
  }

  Client& Admin() {
    if (!admin_) admin_ = std::make_unique<Client>(LoggedIn(stack_, "admin"));
    return *admin_;
  }

  http::Response Upload(Client& c, const std::string& filename, const std::string& bytes,
                        const std::string& dry_run = "") {
    c.headers["content-type"] = std::string("multipart/form-data; boundary=") + kBoundary;
    std::string target = "/api/v1/orgs/import";
    if (!dry_run.empty()) target += "?dry_run=" + dry_run;
    auto r = c.Call("POST", target, Multipart(filename, bytes));
    c.headers.erase("content-type");
    return r;
  }

  // An import that must answer 200; returns its report.
  nlohmann::json Import(Client& c, const std::string& bytes, bool dry_run,
                        const std::string& filename = "orgs.xlsx") {
    auto r = Upload(c, filename, bytes, dry_run ? "true" : "false");
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status != 200) return nlohmann::json::object();
    auto j = nlohmann::json::parse(r.body);
    EXPECT_EQ(j["dry_run"], dry_run);
    return j;
  }

  long long OrgCount() { return QueryInt(*stack_.sys, "SELECT COUNT(*) FROM orgs"); }

  void ExpectAuditChainOk() {
    auto v = stack_.sys->audit->Verify();
    ASSERT_TRUE(v.ok()) << v.status().message();
    EXPECT_TRUE(v->ok) << v->reason;
  }

  // The dashboard totals of `region` equal a count over orgs.
  void ExpectStatsMatchSql(const std::string& region, const std::string& prefix) {
    auto r = Admin().Call("GET", "/api/v1/stats/orgs?region=" + region);
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(Admin().Json(r)["region"]["total"].get<long long>(),
              QueryInt(*stack_.sys, "SELECT COUNT(*) FROM orgs WHERE region_code LIKE :1",
                       {prefix + "%"}));
  }

  // The mixed file: good rows 2, 3, 4 and 12; bad rows 5 to 11.
  std::string MixedFile() {
    std::vector<std::vector<std::string>> rows = {
        kHeader,
        {"新会妇女儿童促进会", "社会团体", Uscc('1', 1), kXinhui, "正常", "家庭教育"},    // 2
        {"会城家庭服务中心", "social_service_agency", Uscc('2', 2), kHuicheng, "", ""},   // 3
        {"北门妇女微家", "民间微组织", "", kBeimen, "孵化中", "儿童关爱、妇女维权"},      // 4
        {"重复代码协会", "社会团体", Uscc('1', 1), kXinhui, "", ""},                      // 5
        {"校验位错误协会", "社会团体", BadCheck(Uscc('1', 3)), kXinhui, "", ""},          // 6
        {"未知区划微组织", "民间微组织", "", "440705999999", "", ""},                     // 7
        {"未知类型组织", "外星组织", "", kXinhui, "", ""},                                // 8
        {"", "民间微组织", "", kXinhui, "", ""},                                          // 9
        {"=公式名称", "民间微组织", "", kXinhui, "", ""},                                 // 10
        {Repeat("长", 201), "民间微组织", "", kXinhui, "", ""},                           // 11
        {"大泽妇女发展基金会", "Foundation", Uscc('3', 4), kDaze, "active", "志愿服务"},  // 12
    };
    return HandXlsx(rows);
  }

  // The issues MixedFile must produce: row → (column, field).
  static std::map<long long, std::pair<std::string, std::string>> MixedIssues() {
    return {{5, {"C5", "uscc"}},  {6, {"C6", "uscc"}}, {7, {"D7", "region_code"}},
            {8, {"B8", "kind"}},  {9, {"A9", "name"}}, {10, {"A10", "name"}},
            {11, {"A11", "name"}}};
  }

  void ExpectMixedIssues(const nlohmann::json& rep) {
    auto got = IssuesByRow(rep);
    auto want = MixedIssues();
    ASSERT_EQ(got.size(), want.size()) << rep["issues"].dump(1);
    for (auto& [row, cf] : want) {
      SCOPED_TRACE("row " + std::to_string(row));
      ASSERT_TRUE(got.count(row)) << rep["issues"].dump(1);
      EXPECT_EQ(got[row]["column"], cf.first) << got[row].dump();
      EXPECT_EQ(got[row]["field"], cf.second) << got[row].dump();
      EXPECT_FALSE(got[row]["message"].get<std::string>().empty());
    }
    EXPECT_NE(got[5]["message"].get<std::string>().find("row 2"), std::string::npos)
        << got[5].dump();
    EXPECT_NE(got[7]["message"].get<std::string>().find("440705999999"), std::string::npos)
        << got[7].dump();
    EXPECT_NE(got[8]["message"].get<std::string>().find("外星组织"), std::string::npos)
        << got[8].dump();
    EXPECT_NE(got[10]["message"].get<std::string>().find("formula"), std::string::npos)
        << got[10].dump();
  }

  Stack stack_;
  std::unique_ptr<Client> admin_;
};

TEST_F(OrgImportTest, TemplateIsAnXlsxWithEveryFieldAsAColumn) {
  auto r = Admin().Call("GET", "/api/v1/orgs/import-template.xlsx");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  EXPECT_NE(HeaderOf(r, "Content-Disposition").find("orgs-import-template.xlsx"),
            std::string::npos);
  ASSERT_GE(r.body.size(), 4u);
  EXPECT_EQ(r.body.substr(0, 2), "PK");
  auto s = sheet::ReadSheet(r.body);
  ASSERT_TRUE(s.ok()) << s.status().message();
  ASSERT_FALSE(s->header.empty());
  EXPECT_EQ(s->header[0], "名称(name)");
  EXPECT_EQ(s->header.size(), org::OrgFields().size());
  for (size_t i = 0; i < s->header.size() && i < org::OrgFields().size(); ++i) {
    const auto& f = org::OrgFields()[i];
    EXPECT_EQ(s->header[i], std::string(f.zh) + "(" + f.name + ")");
  }
  EXPECT_TRUE(s->rows.empty());
  // The empty template imports cleanly: no rows, no issues.
  auto rep = Import(Admin(), r.body, true);
  EXPECT_EQ(rep["rows"], 0);
  EXPECT_TRUE(rep["issues"].empty()) << rep.dump();
  // Reading the template needs a manager role.
  MakeUser(*stack_.sys, "auditor2", Role::kAuditor, kJiangmen);
  Client aud = LoggedIn(stack_, "auditor2");
  EXPECT_EQ(aud.Call("GET", "/api/v1/orgs/import-template.xlsx").status, 403);
}

TEST_F(OrgImportTest, DryRunNamesEveryBadRowAndWritesNothing) {
  std::string file = MixedFile();
  long long orgs = OrgCount(), creates = CountEvents(*stack_.sys, "org.create"),
            imports = CountEvents(*stack_.sys, "org.import");
  long long counts = QueryInt(*stack_.sys, "SELECT COALESCE(SUM(n), 0) FROM org_counts");

  // dry_run defaults to true
  auto r = Upload(Admin(), "orgs.xlsx", file);
  ASSERT_EQ(r.status, 200) << r.body;
  auto rep = nlohmann::json::parse(r.body);
  EXPECT_EQ(rep["dry_run"], true);
  EXPECT_EQ(rep["rows"], 11);
  EXPECT_EQ(rep["valid"], 4);
  EXPECT_EQ(rep["created"], 4);
  EXPECT_EQ(rep["updated"], 0);
  ExpectMixedIssues(rep);

  auto explicit_dry = Import(Admin(), file, true);
  EXPECT_EQ(explicit_dry["issues"], rep["issues"]);

  EXPECT_EQ(OrgCount(), orgs);
  EXPECT_EQ(CountEvents(*stack_.sys, "org.create"), creates);
  EXPECT_EQ(CountEvents(*stack_.sys, "org.import"), imports);
  EXPECT_EQ(QueryInt(*stack_.sys, "SELECT COALESCE(SUM(n), 0) FROM org_counts"), counts);
  EXPECT_EQ(QueryInt(*stack_.sys, "SELECT COUNT(*) FROM org_domains"), 0);
  EXPECT_EQ(QueryInt(*stack_.sys, "SELECT COUNT(*) FROM org_history"), 0);
  ExpectAuditChainOk();

  EXPECT_EQ(Upload(Admin(), "orgs.xlsx", file, "maybe").status, 422);
}

TEST_F(OrgImportTest, RealRunWritesExactlyTheGoodRowsAndReimportUpdatesByUscc) {
  std::string file = MixedFile();
  auto dry = Import(Admin(), file, true);
  long long orgs = OrgCount(), creates = CountEvents(*stack_.sys, "org.create");

  auto rep = Import(Admin(), file, false);
  EXPECT_EQ(rep["rows"], 11);
  EXPECT_EQ(rep["valid"], 4);
  EXPECT_EQ(rep["created"], 4);
  EXPECT_EQ(rep["updated"], 0);
  ExpectMixedIssues(rep);
  EXPECT_EQ(rep["issues"], dry["issues"]);  // the dry run predicted the real run

  EXPECT_EQ(OrgCount(), orgs + 4);
  // The new organizations are audited together: one event names all four,
  // and each has its own "create" history row.
  EXPECT_EQ(CountEvents(*stack_.sys, "org.create"), creates + 1);
  EXPECT_EQ(CountEvents(*stack_.sys, "org.import"), 1);
  auto logged = nlohmann::json::parse(
      QueryStr(*stack_.sys,
               "SELECT after_json FROM audit_events WHERE action = 'org.create.imported' "
               "ORDER BY seq DESC LIMIT 1"));
  std::set<std::string> names;
  for (auto& o : logged["organizations"]) {
    names.insert(o["name"].get<std::string>());
    EXPECT_EQ(QueryInt(*stack_.sys,
                       "SELECT COUNT(*) FROM org_history WHERE org_id = :1 AND "
                       "change_kind = 'create'",
                       {o["id"].get<long long>()}),
              1)
        << o.dump();
  }
  EXPECT_EQ(names, (std::set<std::string>{"新会妇女儿童促进会", "会城家庭服务中心", "北门妇女微家",
                                          "大泽妇女发展基金会"}));
  for (const char* name :
       {"新会妇女儿童促进会", "会城家庭服务中心", "北门妇女微家", "大泽妇女发展基金会"})
    EXPECT_EQ(
        QueryInt(*stack_.sys, "SELECT COUNT(*) FROM orgs WHERE name = :1", {std::string(name)}), 1)
        << name;
  EXPECT_EQ(QueryInt(*stack_.sys,
                     "SELECT COUNT(*) FROM orgs WHERE name IN ('重复代码协会', "
                     "'校验位错误协会', '未知区划微组织', '未知类型组织')"),
            0);
  // Dictionary values were stored as codes, lists by code.
  EXPECT_EQ(QueryStr(*stack_.sys, "SELECT kind FROM orgs WHERE uscc = :1", {Uscc('3', 4)}),
            "foundation");
  EXPECT_EQ(QueryStr(*stack_.sys, "SELECT status FROM orgs WHERE name = '北门妇女微家'"),
            "incubating");
  EXPECT_EQ(QueryStr(*stack_.sys, "SELECT status FROM orgs WHERE name = '会城家庭服务中心'"),
            "active");  // empty cell on create: the default
  EXPECT_EQ(QueryInt(*stack_.sys,
                     "SELECT COUNT(*) FROM org_domains d JOIN orgs o ON o.id = d.org_id "
                     "WHERE o.name = '北门妇女微家'"),
            2);
  ExpectStatsMatchSql(kXinhui, "440705");
  ExpectStatsMatchSql(kJiangmen, "4407");
  ExpectAuditChainOk();

  // The same file again: rows with a credit code update by code, the
  // micro-organization row (no code) by its name and region: nothing is created.
  auto again = Import(Admin(), file, false);
  EXPECT_EQ(again["valid"], 4);
  EXPECT_EQ(again["updated"], 4);
  EXPECT_EQ(again["created"], 0);
  ExpectMixedIssues(again);
  EXPECT_EQ(OrgCount(), orgs + 4);
  EXPECT_EQ(QueryInt(*stack_.sys,
                     "SELECT COUNT(*) FROM (SELECT uscc FROM orgs WHERE uscc IS NOT NULL "
                     "GROUP BY uscc HAVING COUNT(*) > 1) t"),
            0);
  EXPECT_EQ(QueryInt(*stack_.sys, "SELECT COUNT(*) FROM orgs WHERE name = '北门妇女微家'"), 1);
  EXPECT_EQ(CountEvents(*stack_.sys, "org.import"), 2);
  ExpectStatsMatchSql(kXinhui, "440705");

  // A changed value in a re-import is an update with history.
  auto changed = Xlsx({"名称", "类型", "uscc", "region_code", "状态"},
                      {{"新会妇女儿童促进会(更名)", "社会团体", Uscc('1', 1), kXinhui, "异常"}});
  auto upd = Import(Admin(), changed, false, "changed.xlsx");
  EXPECT_EQ(upd["updated"], 1);
  EXPECT_TRUE(upd["issues"].empty()) << upd.dump();
  EXPECT_EQ(QueryStr(*stack_.sys, "SELECT name FROM orgs WHERE uscc = :1", {Uscc('1', 1)}),
            "新会妇女儿童促进会(更名)");
  EXPECT_EQ(QueryStr(*stack_.sys, "SELECT status FROM orgs WHERE uscc = :1", {Uscc('1', 1)}),
            "abnormal");
  EXPECT_GE(CountEvents(*stack_.sys, "org.update"), 1);
  ExpectStatsMatchSql(kXinhui, "440705");
  // The annual report's kept counts followed the import and the re-import.
  ExpectReportCountsFresh(*stack_.sys);
  ExpectAuditChainOk();
}

TEST_F(OrgImportTest, CsvWithChineseOrFieldNameHeaders) {
  std::string csv =
      "\xEF\xBB\xBF名称,kind,统一社会信用代码,region_code,服务领域\r\n"
      "\"会城妇女之家, 北门\",妇女之家,," +
      std::string(kBeimen) +
      ",\"家庭教育、心理支持\"\r\n"
      "新会基金会,基金会," +
      Uscc('3', 7) + "," + kXinhui +
      ",\r\n"
      "坏区划,民间微组织,,4407,\r\n";
  auto dry = Import(Admin(), csv, true, "orgs.csv");
  EXPECT_EQ(dry["rows"], 3);
  EXPECT_EQ(dry["valid"], 2);
  ASSERT_EQ(dry["issues"].size(), 1u) << dry.dump();
  EXPECT_EQ(dry["issues"][0]["row"], 4);
  EXPECT_EQ(dry["issues"][0]["column"], "D4");
  EXPECT_EQ(dry["issues"][0]["field"], "region_code");
  long long orgs = OrgCount();
  auto rep = Import(Admin(), csv, false, "orgs.csv");
  EXPECT_EQ(rep["created"], 2);
  EXPECT_EQ(rep["issues"], dry["issues"]);
  EXPECT_EQ(OrgCount(), orgs + 2);
  EXPECT_EQ(QueryStr(*stack_.sys, "SELECT kind FROM orgs WHERE name = '会城妇女之家, 北门'"),
            "womens_home");

  // An unknown column and a missing required column are reported on row 1.
  auto bad = Import(Admin(), "名称,类型,颜色\n甲,民间微组织,红\n", true, "bad.csv");
  EXPECT_EQ(bad["valid"], 0);
  bool unknown = false, missing = false;
  for (auto& i : bad["issues"]) {
    EXPECT_EQ(i["row"], 1) << i.dump();
    if (i["column"] == "C1") unknown = true;
    if (i["field"] == "region_code") missing = true;
  }
  EXPECT_TRUE(unknown && missing) << bad.dump();
}

// New organizations are written and audited in batches of up to 512: 600
// rows give two "org.create.imported" events that together name each new
// organization exactly once, and the audit chain stays valid.
TEST_F(OrgImportTest, ImportedOrganizationsAreAuditedInBatches) {
  std::string csv = "名称,类型,所属区划代码\r\n";
  for (int i = 0; i < 600; ++i)
    csv += "批量微组织" + std::to_string(1000 + i) + ",民间微组织," + kBeimen + "\r\n";
  long long before = CountEvents(*stack_.sys, "org.create.imported");
  auto rep = Import(Admin(), csv, false, "batch.csv");
  ASSERT_EQ(rep["created"], 600) << rep.dump(1);
  EXPECT_EQ(CountEvents(*stack_.sys, "org.create.imported"), before + 2);
  std::map<long long, int> seen;
  auto events =
      Admin().Json(Admin().Call("GET", "/api/v1/audit-events?action=org.create.imported&size=10"));
  for (auto& e : events["items"])
    for (auto& o : e["after"]["organizations"]) ++seen[o["id"].get<long long>()];
  EXPECT_EQ(seen.size(), 600u);
  for (auto& [id, n] : seen) EXPECT_EQ(n, 1) << id;
  EXPECT_EQ(QueryInt(*stack_.sys,
                     "SELECT COUNT(*) FROM orgs o JOIN org_history h ON h.org_id = o.id "
                     "AND h.change_kind = 'create' WHERE o.name LIKE '批量微组织%'"),
            600);
  ExpectAuditChainOk();
}

// The organizations one import creates take consecutive ids in row order
// (decision 0013: one id block per import, so their index entries sit side
// by side); a neighbouring id tells a caller outside the scope nothing (404,
// as for an id that does not exist), each new organization's timeline starts
// with its "create" entry, and names JSON escapes are listed in the audit
// event exactly.
TEST_F(OrgImportTest, ImportedOrganizationsGetConsecutiveIdsAndKeepTheirTimeline) {
  const std::vector<std::string> names = {"北门\"引号\"微组织", "北门反斜杠\\微组织",
                                          "北门第三微组织"};
  std::string csv = "名称,类型,所属区划代码\r\n";
  for (auto& n : names) {
    std::string quoted;
    for (char ch : n) quoted += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    csv += "\"" + quoted + "\",民间微组织," + kBeimen + "\r\n";
  }
  auto rep = Import(Admin(), csv, false, "ids.csv");
  ASSERT_EQ(rep["created"], 3) << rep.dump(1);
  std::vector<long long> ids;
  for (auto& n : names)
    ids.push_back(QueryInt(*stack_.sys, "SELECT id FROM orgs WHERE name = :1", {n}));
  EXPECT_EQ(ids[1], ids[0] + 1);
  EXPECT_EQ(ids[2], ids[1] + 1);
  for (long long id : ids) {
    EXPECT_GT(id, 0);
    EXPECT_LT(id, 1LL << 53);
  }

  // The timeline of an imported organization shows its creation.
  auto hist =
      Admin().Json(Admin().Call("GET", "/api/v1/orgs/" + std::to_string(ids[1]) + "/history"));
  ASSERT_EQ(hist["items"].size(), 1u) << hist.dump();
  EXPECT_EQ(hist["items"][0]["change_kind"], "create");
  EXPECT_EQ(hist["items"][0]["new_value"], names[1]);

  // A staff user of another town: the neighbour of an id is not found, like
  // an id nobody holds, and the history of one is not found either.
  MakeUser(*stack_.sys, "tc_staff", Role::kStaff, kTaicheng);
  Client tc = LoggedIn(stack_, "tc_staff");
  long long unused = ids[2] + 1;
  while (QueryInt(*stack_.sys, "SELECT COUNT(*) FROM orgs WHERE id = :1", {unused}) > 0) ++unused;
  for (long long id : {ids[0], ids[1], ids[2], unused}) {
    auto r = tc.Call("GET", "/api/v1/orgs/" + std::to_string(id));
    EXPECT_EQ(r.status, 404) << id;
    EXPECT_EQ(tc.Call("GET", "/api/v1/orgs/" + std::to_string(id) + "/history").status, 404);
  }

  // The batch's audit event names each, with the escaped names read back exactly.
  auto logged = nlohmann::json::parse(
      QueryStr(*stack_.sys,
               "SELECT after_json FROM audit_events WHERE action = 'org.create.imported' "
               "ORDER BY seq DESC LIMIT 1"));
  ASSERT_EQ(logged["organizations"].size(), 3u) << logged.dump();
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(logged["organizations"][i]["id"], ids[i]);
    EXPECT_EQ(logged["organizations"][i]["name"], names[i]);
    EXPECT_EQ(logged["organizations"][i]["region_code"], kBeimen);
    EXPECT_EQ(logged["organizations"][i]["uscc"], "");
  }
  ExpectAuditChainOk();
}

// A list page by name may walk all names in order and keep those of the
// region (org_store.cpp). When the region's names sort late (real names start
// with their region's name), the walk gives up after its budget and the
// region's own range answers: the pages are the same either way. 170 names of
// 大泽 sort before the 30 of 会城; 会城 is 15 % of all, so its first pages are
// walked for and the walk runs out before it reaches "Z".
TEST_F(OrgImportTest, PagesOfARegionWhoseNamesSortLateAreComplete) {
  std::string csv = "名称,类型,所属区划代码\r\n";
  for (int i = 0; i < 170; ++i)
    csv += "A大泽组织" + std::to_string(1000 + i) + ",民间微组织," + kDaze + "\r\n";
  std::vector<std::string> late;
  for (int i = 0; i < 30; ++i) {
    late.push_back("Z会城组织" + std::to_string(1000 + i));
    csv += late.back() + ",民间微组织," + kHuicheng + "\r\n";
  }
  auto rep = Import(Admin(), csv, false, "many.csv");
  ASSERT_EQ(rep["created"], 200) << rep.dump(1);
  for (const char* sort : {"name", "-name"}) {
    SCOPED_TRACE(sort);
    std::vector<std::string> want = late, got;
    if (std::string(sort) == "-name") std::reverse(want.begin(), want.end());
    for (int page = 1; page <= 16; ++page) {
      auto r = Admin().Call("GET", std::string("/api/v1/orgs?size=2&region=") + kHuicheng +
                                       "&sort=" + sort + "&page=" + std::to_string(page));
      ASSERT_EQ(r.status, 200) << r.body;
      auto j = Admin().Json(r);
      EXPECT_EQ(j["total"], 30);
      for (auto& item : j["items"]) got.push_back(item["name"]);
    }
    EXPECT_EQ(got, want);
  }
}

TEST_F(OrgImportTest, UnreadableFilesAre422FieldFile) {
  long long orgs = OrgCount();
  auto expect_file_error = [&](const std::string& name, const std::string& bytes) {
    SCOPED_TRACE(name);
    for (const char* dry : {"true", "false"}) {
      auto r = Upload(Admin(), name, bytes, dry);
      EXPECT_EQ(r.status, 422) << r.body;
      EXPECT_EQ(ErrorField(r), "file") << r.body;
    }
  };
  std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0", 33);
  expect_file_error("photo.xlsx", png);
  std::string good = Xlsx(kHeader, {{"甲", "民间微组织", "", kXinhui, "", ""}});
  ASSERT_GT(good.size(), 200u);
  expect_file_error("truncated.xlsx", good.substr(0, good.size() / 2));
  expect_file_error("cut-head.xlsx", good.substr(0, 30));
  std::ifstream corpus(SHUNIU_SOURCE_DIR "/fuzz/corpus/sheet/truncated.xlsx", std::ios::binary);
  std::stringstream ss;
  ss << corpus.rdbuf();
  ASSERT_FALSE(ss.str().empty());
  expect_file_error("corpus-truncated.xlsx", ss.str());
  expect_file_error("empty.xlsx", "");
  expect_file_error("gbk.csv", "\xC3\xFB\xB3\xC6,kind\n");

  // No file part, or not multipart at all.
  Admin().headers["content-type"] = std::string("multipart/form-data; boundary=") + kBoundary;
  auto r = Admin().Call("POST", "/api/v1/orgs/import",
                        std::string("--") + kBoundary +
                            "\r\nContent-Disposition: form-data; name=\"other\"\r\n\r\nx\r\n--" +
                            kBoundary + "--\r\n");
  Admin().headers.erase("content-type");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(ErrorField(r), "file");
  r = Admin().Call("POST", "/api/v1/orgs/import", R"({"file":"x"})");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_EQ(ErrorField(r), "file");
  EXPECT_EQ(OrgCount(), orgs);
  EXPECT_EQ(CountEvents(*stack_.sys, "org.import"), 0);
}

// A text file renamed .xlsx is read as CSV (the format comes from the content):
// it must not write anything, and it should be refused as not a spreadsheet.
// DISABLED until the import refuses a file none of whose header cells names a
// field (today: 200 with "unknown column" / "column … is missing" issues).
TEST_F(OrgImportTest, ReadmeRenamedXlsxIsRefused) {
  std::ifstream f(SHUNIU_SOURCE_DIR "/README.md", std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  ASSERT_FALSE(ss.str().empty());
  long long orgs = OrgCount();
  for (const char* dry : {"true", "false"}) {
    auto r = Upload(Admin(), "README.xlsx", ss.str(), dry);
    EXPECT_EQ(r.status, 422) << r.body.substr(0, 600);
    EXPECT_EQ(ErrorField(r), "file") << r.body.substr(0, 600);
  }
  EXPECT_EQ(OrgCount(), orgs);
}

TEST_F(OrgImportTest, TownStaffImportAndExportStayInScope) {
  // Organizations outside 会城街道 that the town staff must not see.
  MakeOrg(*stack_.sys, "台城微组织", kTaicheng);
  MakeOrg(*stack_.sys, "大泽微组织", kDaze);
  MakeOrg(*stack_.sys, "会城已有微组织", kHuicheng);
  Client hc = LoggedIn(stack_, "hc_staff");
  auto file = Xlsx(kHeader, {{"北门新微组织", "民间微组织", "", kBeimen, "", ""},
                             {"台城越界微组织", "民间微组织", "", kTaicheng, "", ""},
                             {"新会越界协会", "社会团体", Uscc('1', 9), kXinhui, "", ""}});
  auto dry = Import(hc, file, true);
  auto rep = Import(hc, file, false);
  EXPECT_EQ(rep["issues"], dry["issues"]);
  EXPECT_EQ(rep["created"], 1);
  EXPECT_EQ(rep["valid"], 1);
  auto issues = IssuesByRow(rep);
  ASSERT_EQ(issues.size(), 2u) << rep.dump();
  for (long long row : {3, 4}) {
    ASSERT_TRUE(issues.count(row)) << rep.dump();
    EXPECT_EQ(issues[row]["column"], "D" + std::to_string(row));
    EXPECT_EQ(issues[row]["field"], "region_code");
    EXPECT_NE(issues[row]["message"].get<std::string>().find("scope"), std::string::npos)
        << issues[row].dump();
  }
  EXPECT_EQ(QueryInt(*stack_.sys, "SELECT COUNT(*) FROM orgs WHERE name = '台城越界微组织'"), 0);

  // An org with a credit code outside the town cannot be updated through an import.
  Import(Admin(), Xlsx(kHeader, {{"大泽协会", "社会团体", Uscc('1', 11), kDaze, "", ""}}), false);
  auto upd =
      Import(hc, Xlsx(kHeader, {{"改名", "社会团体", Uscc('1', 11), kBeimen, "", ""}}), false);
  EXPECT_EQ(upd["valid"], 0);
  ASSERT_EQ(upd["issues"].size(), 1u) << upd.dump();
  EXPECT_EQ(QueryStr(*stack_.sys, "SELECT name FROM orgs WHERE uscc = :1", {Uscc('1', 11)}),
            "大泽协会");

  auto r = hc.Call("GET", "/api/v1/orgs/export.xlsx");
  ASSERT_EQ(r.status, 200) << r.body;
  auto s = sheet::ReadSheet(r.body);
  ASSERT_TRUE(s.ok()) << s.status().message();
  size_t region_col = 0, name_col = 0;
  for (size_t i = 0; i < s->header.size(); ++i) {
    if (s->header[i] == "所属区划代码(region_code)") region_col = i;
    if (s->header[i] == "名称(name)") name_col = i;
  }
  ASSERT_GT(region_col, 0u);
  std::set<std::string> names;
  for (auto& row : s->rows) {
    EXPECT_EQ(row[region_col].text.rfind("440705001", 0), 0u) << row[region_col].text;
    names.insert(row[name_col].text);
  }
  EXPECT_EQ(names, (std::set<std::string>{"北门新微组织", "会城已有微组织"}));
  EXPECT_EQ(QueryInt(*stack_.sys, "SELECT COUNT(*) FROM orgs WHERE region_code LIKE '440705001%'"),
            static_cast<long long>(s->rows.size()));
  // Asking for a region outside the scope is not found, not a wider export.
  EXPECT_EQ(hc.Call("GET", std::string("/api/v1/orgs/export.xlsx?region=") + kXinhui).status, 404);
}

// Spreadsheet cells often carry stray spaces: " CODE " is the same credit code
// (validation trims it), so a re-import must update, not fail as a duplicate.
// DISABLED until the import trims the code before looking it up (today: "another
// organization already has this credit code").
TEST_F(OrgImportTest, ReimportFindsTheCodeDespiteSpaces) {
  auto first = Import(
      Admin(), Xlsx(kHeader, {{"空格协会", "社会团体", Uscc('1', 41), kXinhui, "", ""}}), false);
  ASSERT_EQ(first["created"], 1) << first.dump();
  auto again = Import(
      Admin(),
      Xlsx(kHeader, {{"空格协会(改)", "社会团体", " " + Uscc('1', 41) + " ", kXinhui, "", ""}}),
      false);
  EXPECT_EQ(again["updated"], 1) << again.dump();
  EXPECT_TRUE(again["issues"].empty()) << again.dump();
  EXPECT_EQ(QueryStr(*stack_.sys, "SELECT name FROM orgs WHERE uscc = :1", {Uscc('1', 41)}),
            "空格协会(改)");
}

TEST_F(OrgImportTest, OnlyStaffAndAdminsImport) {
  long long org_id = MakeOrg(*stack_.sys, "北门微组织", kBeimen);
  MakeUser(*stack_.sys, "org_user", Role::kOrg, kBeimen, kPassword, org_id);
  auto file = Xlsx(kHeader, {{"越权微组织", "民间微组织", "", kBeimen, "", ""}});
  long long orgs = OrgCount();
  for (const char* user : {"auditor", "reviewer", "org_user"}) {
    SCOPED_TRACE(user);
    Client c = LoggedIn(stack_, user);
    for (const char* dry : {"true", "false"}) EXPECT_EQ(Upload(c, "o.xlsx", file, dry).status, 403);
    EXPECT_EQ(c.Call("GET", "/api/v1/orgs/import-template.xlsx").status, 403);
  }
  EXPECT_EQ(OrgCount(), orgs);
  // An org account may export, but only its own organization.
  Client oc = LoggedIn(stack_, "org_user");
  auto x = oc.Call("GET", "/api/v1/orgs/export.xlsx");
  ASSERT_EQ(x.status, 200) << x.body;
  auto s = sheet::ReadSheet(x.body);
  ASSERT_TRUE(s.ok()) << s.status().message();
  ASSERT_EQ(s->rows.size(), 1u);
  EXPECT_EQ(s->rows[0][0].text, "北门微组织");
  Client anon(*stack_.app);
  EXPECT_EQ(Upload(anon, "o.xlsx", file, "true").status, 401);
}

TEST_F(OrgImportTest, ExportedFileImportsBackAsUpdates) {
  // Registered organizations (with credit codes) and unregistered ones, with
  // lists, dates, numbers, a phone and a dictionary in every kind of column.
  auto create = [&](nlohmann::json body) {
    auto r = Admin().Call("POST", "/api/v1/orgs", body.dump());
    EXPECT_EQ(r.status, 201) << body.dump() << ": " << r.body;
  };
  create({{"name", "新会社工服务中心"},
          {"kind", "social_service_agency"},
          {"region_code", kXinhui},
          {"uscc", Uscc('2', 21)},
          {"registered_on", "2019-03-01"},
          {"registration_authority", "江门市新会区民政局"},
          {"members", "12"},
          {"domains", {"family_education", "child_care"}},
          {"tags", {"示范", "孵化"}},
          {"grade", "4A"},
          {"published", true},
          {"guidance_category", "key_cultivation"}});
  create({{"name", "会城妇女联合会"},
          {"kind", "association"},
          {"region_code", kHuicheng},
          {"uscc", Uscc('1', 22)},
          {"status", "abnormal"},
          {"origin", "founded_directly"}});
  create({{"name", "北门妇女之家"}, {"kind", "womens_home"}, {"region_code", kBeimen}});
  create({{"name", "大泽志愿队"},
          {"kind", "volunteer_team"},
          {"region_code", kDaze},
          {"volunteers", "30"},
          {"founded_on", "2020-05-04"}});
  MakeOrg(*stack_.sys, "台城微组织", kTaicheng);  // outside the exported region

  auto r = Admin().Call("GET", std::string("/api/v1/orgs/export.xlsx?region=") + kXinhui);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body.substr(0, 2), "PK");
  EXPECT_GE(CountEvents(*stack_.sys, "org.export"), 1);
  auto s = sheet::ReadSheet(r.body);
  ASSERT_TRUE(s.ok()) << s.status().message();
  ASSERT_EQ(s->rows.size(), 4u);
  ASSERT_EQ(s->header[0], "名称(name)");

  long long orgs = OrgCount();
  auto rep = Import(Admin(), r.body, true, "orgs.xlsx");
  EXPECT_EQ(rep["rows"], 4);
  EXPECT_EQ(rep["valid"], 4) << rep.dump(1);
  EXPECT_TRUE(rep["issues"].empty()) << rep["issues"].dump(1);
  // The registered ones are found by credit code, the others by name and region.
  EXPECT_EQ(rep["updated"], 4);
  EXPECT_EQ(rep["created"], 0);
  EXPECT_EQ(OrgCount(), orgs);
  auto real = Import(Admin(), r.body, false, "orgs.xlsx");
  EXPECT_EQ(real["updated"], 4) << real.dump(1);
  EXPECT_EQ(real["created"], 0);
  EXPECT_EQ(OrgCount(), orgs);
  ExpectStatsMatchSql(kXinhui, "440705");
  ExpectAuditChainOk();
}

// Organizations without a credit code are found again by (name, region_code):
// a re-import updates them, a second row with the same key is refused, two
// existing namesakes make the row ambiguous, the same name elsewhere is another
// organization, and a row that brings a code registers the micro-organization.
TEST_F(OrgImportTest, UnregisteredOrganizationsAreKeyedByNameAndRegion) {
  long long home = MakeOrg(*stack_.sys, "北门妇女之家", kBeimen);
  MakeOrg(*stack_.sys, "同名微组织", kDaze);
  MakeOrg(*stack_.sys, "同名微组织", kDaze);
  long long micro = MakeOrg(*stack_.sys, "会城手工坊", kHuicheng);
  long long orgs = OrgCount();
  long long updates = CountEvents(*stack_.sys, "org.update"),
            registers = CountEvents(*stack_.sys, "org.register");

  auto file = Xlsx(kHeader, {
                                {"北门妇女之家", "妇女之家", "", kBeimen, "异常", ""},         // 2
                                {"北门妇女之家", "妇女之家", "", kBeimen, "正常", ""},         // 3
                                {"同名微组织", "民间微组织", "", kDaze, "", ""},               // 4
                                {"北门妇女之家", "妇女之家", "", kHuicheng, "", ""},           // 5
                                {"会城手工坊", "社会团体", Uscc('1', 41), kHuicheng, "", ""},  // 6
                            });
  auto dry = Import(Admin(), file, true);
  auto rep = Import(Admin(), file, false);
  EXPECT_EQ(rep["issues"], dry["issues"]);
  EXPECT_EQ(rep["updated"], 2) << rep.dump(1);  // rows 2 and 6
  EXPECT_EQ(rep["created"], 1);                 // row 5: same name, another region
  auto issues = IssuesByRow(rep);
  ASSERT_EQ(issues.size(), 2u) << rep.dump(1);
  EXPECT_EQ(issues[3]["field"], "name");
  EXPECT_NE(issues[3]["message"].get<std::string>().find("row 2"), std::string::npos);
  EXPECT_EQ(issues[4]["field"], "name");
  EXPECT_EQ(issues[4]["column"], "A4");
  EXPECT_EQ(OrgCount(), orgs + 1);

  EXPECT_EQ(QueryStr(*stack_.sys, "SELECT status FROM orgs WHERE id = :1", {home}), "abnormal");
  EXPECT_EQ(QueryInt(*stack_.sys, "SELECT COUNT(*) FROM orgs WHERE name = '北门妇女之家'"), 2);
  // The micro-organization registered: same id, its code and kind, a history event.
  EXPECT_EQ(QueryStr(*stack_.sys, "SELECT uscc FROM orgs WHERE id = :1", {micro}), Uscc('1', 41));
  EXPECT_EQ(QueryStr(*stack_.sys, "SELECT kind FROM orgs WHERE id = :1", {micro}), "association");
  EXPECT_EQ(QueryInt(*stack_.sys,
                     "SELECT COUNT(*) FROM org_history WHERE org_id = :1 AND change_kind = "
                     "'register' AND field = 'uscc'",
                     {micro}),
            1);
  EXPECT_EQ(CountEvents(*stack_.sys, "org.update"), updates + 1);
  EXPECT_EQ(CountEvents(*stack_.sys, "org.register"), registers + 1);
  EXPECT_EQ(QueryInt(*stack_.sys,
                     "SELECT COUNT(*) FROM org_history WHERE org_id = :1 AND field = 'status' "
                     "AND old_value = 'active' AND new_value = 'abnormal'",
                     {home}),
            1);
  ExpectStatsMatchSql(kXinhui, "440705");
  ExpectStatsMatchSql(kJiangmen, "4407");
  ExpectAuditChainOk();

  // The same file once more changes nothing that counts: still no duplicates.
  auto again = Import(Admin(), file, false);
  EXPECT_EQ(again["created"], 0) << again.dump(1);
  EXPECT_EQ(again["updated"], 3);  // rows 2, 5 (now known) and 6 (by its code)
  EXPECT_EQ(OrgCount(), orgs + 1);

  // Outside the caller's scope the key finds nothing: the row fails on its
  // region, whether or not an organization of that name is there.
  Client hc = LoggedIn(stack_, "hc_staff");
  auto outside = Import(hc, Xlsx(kHeader, {{"同名微组织", "民间微组织", "", kDaze, "", ""}}), true);
  auto out_issues = IssuesByRow(outside);
  ASSERT_EQ(out_issues.size(), 1u) << outside.dump(1);
  EXPECT_EQ(out_issues[2]["field"], "region_code");
  EXPECT_EQ(out_issues[2]["message"].get<std::string>().find("exists"), std::string::npos);
}

// An export shows phone numbers masked (138****5678); importing the file back must
// treat the mask as "unchanged". DISABLED until the import does (today the row is
// rejected: contact_phone must be a mobile number …).
TEST_F(OrgImportTest, ExportedMaskedPhoneImportsBack) {
  auto r = Admin().Call("POST", "/api/v1/orgs",
                        nlohmann::json{{"name", "新会妇女服务社"},
                                       {"kind", "association"},
                                       {"region_code", kXinhui},
                                       {"uscc", Uscc('1', 31)},
                                       {"contact_phone", "13812345678"}}
                            .dump());
  ASSERT_EQ(r.status, 201) << r.body;
  auto x = Admin().Call("GET", std::string("/api/v1/orgs/export.xlsx?region=") + kXinhui);
  ASSERT_EQ(x.status, 200) << x.body;
  auto rep = Import(Admin(), x.body, true);
  EXPECT_EQ(rep["valid"], 1) << rep.dump(1);
  EXPECT_TRUE(rep["issues"].empty()) << rep["issues"].dump(1);
  // And a real re-import must not replace the number with its mask.
  Import(Admin(), x.body, false);
  auto g = Admin().Call("GET", "/api/v1/orgs?q=13812345678");
  ASSERT_EQ(g.status, 200) << g.body;
  EXPECT_EQ(Admin().Json(g)["total"], 1) << g.body;
}

}  // namespace
}  // namespace shuniu::testing
