// Tests for the china-division reader: code helpers, the CSV folder parser
// (quoting, CRLF, errors with file:line, prefix filter) and the SQLite reader.
#include "region/region_import.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

namespace shuniu::region {
namespace {

namespace fs = std::filesystem;
using Files = std::map<std::string, std::string>;

// ---------------------------------------------------------------------------
// Code helpers.

struct CodeCase {
  std::string in;
  std::string want;
};

TEST(PadCodeTest, Table) {
  const CodeCase cases[] = {
      {"44", "440000000000"},
      {"4407", "440700000000"},
      {"440705", "440705000000"},
      {"440705001", "440705001000"},
      {"440705001001", "440705001001"},
      {"441900", "441900000000"},
      {"", ""},
      {"4", ""},
      {"44070", ""},
      {"4407a5", ""},
      {"00", ""},
      {"0012", ""},
      {"4407050010011", ""},
      {" 4407", ""},
      {"-4407", ""},
  };
  for (const auto& c : cases) EXPECT_EQ(PadCode(c.in), c.want) << "input '" << c.in << "'";
}

TEST(LevelOfTest, Table) {
  const struct {
    std::string code;
    int want;
  } cases[] = {
      {"440000000000", 1},
      {"440700000000", 2},
      {"440705000000", 3},
      {"440705001000", 4},
      {"440705001001", 5},
      {"441900101000", 4},
      {"441900101201", 5},
      {"350527000000", 3},
      {"110101001001", 5},
      {"4407", 0},
      {"", 0},
      {"000000000000", 0},
      {"000700000000", 0},
      {"44070000000x", 0},
      {"4407000000000", 0},
  };
  for (const auto& c : cases) EXPECT_EQ(LevelOf(c.code), c.want) << "code '" << c.code << "'";
}

TEST(ParentOfTest, Table) {
  const CodeCase cases[] = {
      {"440705001001", "440705001000"},
      {"440705001000", "440705000000"},
      {"440705000000", "440700000000"},
      {"440700000000", "440000000000"},
      {"440000000000", ""},
      {"441900101000", "441900000000"},  // no county level
      {"110101001001", "110101001000"},
      {"4407", ""},
      {"abc", ""},
      {"000000000000", ""},
  };
  for (const auto& c : cases) EXPECT_EQ(ParentOf(c.in), c.want) << "code '" << c.in << "'";
}

// ---------------------------------------------------------------------------
// Fixture data: a few rows in the china-division CSV layout, including a city
// without counties (4419, with its placeholder county 441900), a BOM + CRLF file,
// doubled quotes, a comma and a newline inside quoted names, and an unquoted name.

Files BaseFiles() {
  return {
      {"provinces.csv",
       "\xEF\xBB\xBF"
       "code,name\r\n11,\"北京市\"\r\n44,\"广东省\"\r\n"},
      {"cities.csv",
       "code,name,provinceCode\n1101,\"市辖区\",11\n4407,\"江门市\",44\n4419,\"东莞市\",44\n"},
      {"areas.csv",
       "code,name,cityCode,provinceCode\r\n110101,\"东城区\",1101,11\r\n"
       "440705,\"新会区\",4407,44\r\n441900,\"东莞市\",4419,44"},  // no final newline
      {"streets.csv",
       "provinceCode,cityCode,areaCode,code,name\n11,1101,110101,110101001,\"东华门街道\"\n"
       "44,4407,440705,440705001,\"会城街道\"\n44,4419,441900,441900003,\"东城街道\"\n"},
      {"villages.csv",
       "code,name,streetCode,provinceCode,cityCode,areaCode\n"
       "110101001001,\"多福巷社区居委会\",110101001,11,1101,110101\n"
       "440705001001,\"\"\"新\"\"村, 东\",440705001,44,4407,440705\n"
       "440705001002,\"两行\n名称\",440705001,44,4407,440705\n"
       "441900003001,plain,441900003,44,4419,441900\n\n"},
  };
}

struct Row {
  std::string code, name;
  int level;
  std::string parent;
  bool operator==(const Row&) const = default;
};

std::ostream& operator<<(std::ostream& os, const Row& r) {
  return os << "{" << r.code << "," << r.name << "," << r.level << "," << r.parent << "}";
}

const std::vector<Row>& AllRows() {
  static const std::vector<Row> rows = {
      {"110000000000", "北京市", 1, ""},
      {"440000000000", "广东省", 1, ""},
      {"110100000000", "市辖区", 2, "110000000000"},
      {"440700000000", "江门市", 2, "440000000000"},
      {"441900000000", "东莞市", 2, "440000000000"},
      {"110101000000", "东城区", 3, "110100000000"},
      {"440705000000", "新会区", 3, "440700000000"},
      {"110101001000", "东华门街道", 4, "110101000000"},
      {"440705001000", "会城街道", 4, "440705000000"},
      {"441900003000", "东城街道", 4, "441900000000"},
      {"110101001001", "多福巷社区居委会", 5, "110101001000"},
      {"440705001001", "\"新\"村, 东", 5, "440705001000"},
      {"440705001002", "两行\n名称", 5, "440705001000"},
      {"441900003001", "plain", 5, "441900003000"},
  };
  return rows;
}

class RegionImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("region_import_test_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  void Write(const Files& files) {
    for (const auto& [name, content] : files) {
      std::ofstream(dir_ / name, std::ios::binary) << content;
    }
  }
  Status Read(const std::string& path, const std::string& prefix, std::vector<Row>* out) {
    return ReadChinaDivision(path, prefix, [out](const RegionRow& r) {
      out->push_back({r.code, r.name, r.level, r.parent_code});
      return Status::Ok();
    });
  }

  fs::path dir_;
};

TEST_F(RegionImportTest, ReadsCsvFolder) {
  Write(BaseFiles());
  std::vector<Row> rows;
  Status st = Read(dir_.string(), "", &rows);
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(rows, AllRows());
}

// Rows kept by a prefix: matching codes plus the prefix's ancestors.
std::vector<Row> Filter(const std::vector<std::string>& codes) {
  std::vector<Row> out;
  for (const Row& r : AllRows()) {
    for (const auto& c : codes) {
      if (r.code == c) out.push_back(r);
    }
  }
  return out;
}

TEST_F(RegionImportTest, PrefixFilterKeepsAncestors) {
  Write(BaseFiles());
  const struct {
    std::string prefix;
    std::vector<std::string> codes;
  } cases[] = {
      {"4407",
       {"440000000000", "440700000000", "440705000000", "440705001000", "440705001001",
        "440705001002"}},
      {"440705001002",
       {"440000000000", "440700000000", "440705000000", "440705001000", "440705001002"}},
      {"4419", {"440000000000", "441900000000", "441900003000", "441900003001"}},
      {"441900", {"440000000000", "441900000000", "441900003000", "441900003001"}},
      {"11", {"110000000000", "110100000000", "110101000000", "110101001000", "110101001001"}},
      {"45", {}},
  };
  for (const auto& c : cases) {
    std::vector<Row> rows;
    Status st = Read(dir_.string(), c.prefix, &rows);
    ASSERT_TRUE(st.ok()) << st.message();
    EXPECT_EQ(rows, Filter(c.codes)) << "prefix " << c.prefix;
  }
}

TEST_F(RegionImportTest, MalformedCsvNamesFileAndLine) {
  const struct {
    std::string file;
    std::string content;
    std::string want;  // substring of the message, after the folder path
  } cases[] = {
      {"cities.csv", "code,name,provinceCode\n4407,\"江门市\",44\n440,\"x\",44\n",
       "cities.csv:3: bad code '440'"},
      {"cities.csv", "code,name,provinceCode\n4407,\"江门市\",44\n44a7,\"x\",44\n",
       "cities.csv:3: bad code '44a7'"},
      {"cities.csv", "code,name\n4407,\"江门市\"\n", "cities.csv:1: missing column 'provinceCode'"},
      {"cities.csv", "code,name,provinceCode\n4407,\"江门市\"\n",
       "cities.csv:2: missing column 'provinceCode'"},
      {"cities.csv", "code,name,provinceCode\n4407,\"江门市,44\n", "cities.csv:2: unterminated"},
      {"cities.csv", "code,name,provinceCode\n4407,\"江门\"市,44\n",
       "cities.csv:2: unexpected character after closing quote"},
      {"cities.csv", "code,name,provinceCode\n4407,,44\n", "cities.csv:2: empty name"},
      {"cities.csv", "code,name,provinceCode\n4501,\"南宁市\",45\n",
       "cities.csv:2: parent 450000000000 does not exist"},
      {"cities.csv", "code,name,provinceCode\n4407,\"江门市\",11\n",
       "cities.csv:2: code 440700000000 is not under parent 110000000000"},
      {"cities.csv", "code,name,provinceCode\n4407,\"江门市\",44\n4407,\"江门市\",44\n",
       "cities.csv:3: duplicate code 440700000000"},
      {"villages.csv", BaseFiles().at("villages.csv") + "44070500100X,\"x\",440705001,44\n",
       "villages.csv:8: bad code '44070500100X'"},  // after a 2-line name and a blank line
  };
  for (const auto& c : cases) {
    Files files = BaseFiles();
    files[c.file] = c.content;
    Write(files);
    std::vector<Row> rows;
    Status st = Read(dir_.string(), "", &rows);
    EXPECT_EQ(st.code(), Code::kInvalidArgument) << c.want;
    EXPECT_NE(st.message().find((dir_ / c.want).string()), std::string::npos)
        << "got: " << st.message() << "\nwant: " << c.want;
  }
}

TEST_F(RegionImportTest, MissingFileOrPathIsNotFound) {
  Files files = BaseFiles();
  files.erase("villages.csv");
  Write(files);
  std::vector<Row> rows;
  Status st = Read(dir_.string(), "", &rows);
  EXPECT_EQ(st.code(), Code::kNotFound);
  EXPECT_NE(st.message().find("villages.csv"), std::string::npos) << st.message();
  EXPECT_EQ(Read((dir_ / "nope").string(), "", &rows).code(), Code::kNotFound);
}

TEST_F(RegionImportTest, BadPrefixIsRejected) {
  Write(BaseFiles());
  std::vector<Row> rows;
  for (const char* prefix : {"44a", "4407000000000", " 44"}) {
    EXPECT_EQ(Read(dir_.string(), prefix, &rows).code(), Code::kInvalidArgument) << prefix;
  }
  EXPECT_TRUE(rows.empty());
}

TEST_F(RegionImportTest, SinkErrorAbortsRead) {
  Write(BaseFiles());
  int calls = 0;
  Status st = ReadChinaDivision(dir_.string(), "", [&calls](const RegionRow&) {
    return ++calls == 3 ? Conflict("stop") : Status::Ok();
  });
  EXPECT_EQ(st.code(), Code::kConflict);
  EXPECT_EQ(st.message(), "stop");
  EXPECT_EQ(calls, 3);
}

// ---------------------------------------------------------------------------
// data.sqlite with the package's schema.

void Exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << err << "\n" << sql;
}

constexpr const char* kSchema = R"sql(
CREATE TABLE `province` (`code` VARCHAR(255) PRIMARY KEY, `name` VARCHAR(255));
CREATE TABLE `city` (`code` VARCHAR(255) PRIMARY KEY, `name` VARCHAR(255), `provinceCode` VARCHAR(255) REFERENCES `province` (`code`) ON DELETE SET NULL ON UPDATE CASCADE);
CREATE TABLE `area` (`code` VARCHAR(255) PRIMARY KEY, `name` VARCHAR(255), `cityCode` VARCHAR(255) REFERENCES `city` (`code`) ON DELETE SET NULL ON UPDATE CASCADE, `provinceCode` VARCHAR(255) REFERENCES `province` (`code`) ON DELETE SET NULL ON UPDATE CASCADE);
CREATE TABLE `street` (`code` VARCHAR(255) PRIMARY KEY, `name` VARCHAR(255), `areaCode` VARCHAR(255) REFERENCES `area` (`code`) ON DELETE SET NULL ON UPDATE CASCADE, `provinceCode` VARCHAR(255) REFERENCES `province` (`code`) ON DELETE SET NULL ON UPDATE CASCADE, `cityCode` VARCHAR(255) REFERENCES `city` (`code`) ON DELETE SET NULL ON UPDATE CASCADE);
CREATE TABLE `village` (`code` VARCHAR(255) PRIMARY KEY, `name` VARCHAR(255), `streetCode` VARCHAR(255) REFERENCES `street` (`code`) ON DELETE SET NULL ON UPDATE CASCADE, `provinceCode` VARCHAR(255) REFERENCES `province` (`code`) ON DELETE SET NULL ON UPDATE CASCADE, `cityCode` VARCHAR(255) REFERENCES `city` (`code`) ON DELETE SET NULL ON UPDATE CASCADE, `areaCode` VARCHAR(255) REFERENCES `area` (`code`) ON DELETE SET NULL ON UPDATE CASCADE);
)sql";

// Inserts (code, name, parent) rows; placeholder county 441900 included as in the package.
constexpr const char* kInserts = R"sql(
INSERT INTO province VALUES ('11','北京市'),('44','广东省');
INSERT INTO city VALUES ('1101','市辖区','11'),('4407','江门市','44'),('4419','东莞市','44');
INSERT INTO area VALUES ('110101','东城区','1101','11'),('440705','新会区','4407','44'),
  ('441900','东莞市','4419','44');
INSERT INTO street VALUES ('110101001','东华门街道','110101','11','1101'),
  ('440705001','会城街道','440705','44','4407'),('441900003','东城街道','441900','44','4419');
INSERT INTO village VALUES ('110101001001','多福巷社区居委会','110101001','11','1101','110101'),
  ('440705001001','"新"村, 东','440705001','44','4407','440705'),
  ('440705001002','两行
名称','440705001','44','4407','440705'),
  ('441900003001','plain','441900003','44','4419','441900');
)sql";

std::string MakeDb(const fs::path& path, const std::string& extra_sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.string().c_str(), &db), SQLITE_OK);
  Exec(db, kSchema);
  Exec(db, kInserts);
  if (!extra_sql.empty()) Exec(db, extra_sql);
  sqlite3_close(db);
  return path.string();
}

TEST_F(RegionImportTest, ReadsSqlite) {
  std::string db = MakeDb(dir_ / "data.sqlite", "");
  std::vector<Row> rows;
  Status st = Read(db, "", &rows);
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(rows, AllRows());

  rows.clear();
  st = Read(db, "4407", &rows);
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(rows, Filter({"440000000000", "440700000000", "440705000000", "440705001000",
                          "440705001001", "440705001002"}));
}

TEST_F(RegionImportTest, MalformedSqliteNamesTableAndRow) {
  const struct {
    std::string extra_sql;
    std::string want;
  } cases[] = {
      {"INSERT INTO street VALUES ('4407050','x','440705','44','4407');",
       "[street]:2: bad code '4407050'"},  // ORDER BY code: '4407050' sorts second
      {"INSERT INTO village VALUES ('440705001003',NULL,'440705001','44','4407','440705');",
       "[village]:4: empty name"},
      {"DROP TABLE village;", "[village]: no such table: village"},
  };
  for (const auto& c : cases) {
    fs::path path = dir_ / "data.sqlite";
    fs::remove(path);
    std::vector<Row> rows;
    Status st = Read(MakeDb(path, c.extra_sql), "", &rows);
    EXPECT_EQ(st.code(), Code::kInvalidArgument) << c.want;
    EXPECT_NE(st.message().find(path.string() + c.want), std::string::npos)
        << "got: " << st.message() << "\nwant: " << c.want;
  }
}

TEST_F(RegionImportTest, NotADatabaseIsAnError) {
  Write({{"data.sqlite", "this is not sqlite"}});
  std::vector<Row> rows;
  Status st = Read((dir_ / "data.sqlite").string(), "", &rows);
  EXPECT_FALSE(st.ok());
  EXPECT_TRUE(rows.empty());
}

}  // namespace
}  // namespace shuniu::region
