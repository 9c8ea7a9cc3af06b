// Specification of spreadsheet import/export: round trips, CSV dialect, hand-made .xlsx
// packages and hostile or broken files that must fail with a clear message.
#include <gtest/gtest.h>
#include <zlib.h>

#include <string>
#include <utility>
#include <vector>

#include "sheet/reader.h"
#include "sheet/writer.h"

namespace shuniu::sheet {
namespace {

using Entries = std::vector<std::pair<std::string, std::string>>;

void Put16(std::string& s, uint32_t v) {
  s.push_back(static_cast<char>(v & 0xFF));
  s.push_back(static_cast<char>((v >> 8) & 0xFF));
}
void Put32(std::string& s, uint32_t v) {
  Put16(s, v & 0xFFFF);
  Put16(s, v >> 16);
}

// A zip with stored (uncompressed) entries; `declared_size`, if set, overrides every
// uncompressed size in the central directory (to fake a zip bomb).
std::string MakeZip(const Entries& entries, uint32_t declared_size = 0) {
  std::string out, central;
  for (const auto& [name, data] : entries) {
    uint32_t crc = static_cast<uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
    auto size = static_cast<uint32_t>(data.size());
    uint32_t offset = static_cast<uint32_t>(out.size());
    Put32(out, 0x04034b50);
    for (uint32_t v : {20u, 0u, 0u, 0u, 0u}) Put16(out, v);  // version, flags, method, time, date
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
    Put32(central, declared_size ? declared_size : size);
    Put16(central, static_cast<uint32_t>(name.size()));
    for (uint32_t v : {0u, 0u, 0u, 0u}) Put16(central, v);  // extra, comment, disk, attrs
    Put32(central, 0);
    Put32(central, offset);
    central += name;
  }
  uint32_t cd_offset = static_cast<uint32_t>(out.size());
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

const char* kNs =
    R"(xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
    R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships")";

// The parts of a minimal workbook around the given worksheet XML and shared strings.
Entries XlsxParts(const std::string& sheet_xml, const std::string& sst_xml = "") {
  std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
  Entries e = {
      {"_rels/.rels",
       R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
       R"(<Relationship Id="rId1" Type=")" +
           rel + R"(officeDocument" Target="xl/workbook.xml"/></Relationships>)"},
      {"xl/workbook.xml", std::string("<workbook ") + kNs +
                              R"(><sheets><sheet name="数据" sheetId="1" r:id="rId1"/>)"
                              R"(</sheets></workbook>)"},
      {"xl/_rels/workbook.xml.rels",
       R"(<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
       R"(<Relationship Id="rId1" Type=")" +
           rel + R"(worksheet" Target="worksheets/sheet1.xml"/>)" +
           R"(<Relationship Id="rId2" Type=")" + rel +
           R"(sharedStrings" Target="/xl/sharedStrings.xml"/></Relationships>)"},
      {"xl/worksheets/sheet1.xml",
       std::string("<worksheet ") + kNs + "><sheetData>" + sheet_xml + "</sheetData></worksheet>"},
  };
  if (!sst_xml.empty()) {
    e.push_back({"xl/sharedStrings.xml", std::string("<sst ") + kNs + ">" + sst_xml + "</sst>"});
  }
  return e;
}

std::vector<std::string> Texts(const std::vector<Cell>& row) {
  std::vector<std::string> out;
  for (const Cell& c : row) out.push_back(c.text);
  return out;
}

void ExpectFileError(const Result<Sheet>& r, const std::string& part) {
  ASSERT_FALSE(r.ok()) << "expected an error containing: " << part;
  EXPECT_EQ(r.status().code(), Code::kInvalidArgument);
  EXPECT_EQ(r.status().field(), "file");
  EXPECT_NE(r.status().message().find(part), std::string::npos) << r.status().message();
}

// ---------------------------------------------------------------------------------------

TEST(SheetTest, CellNamesFollowExcel) {
  EXPECT_EQ(CellName(0, 0), "A1");
  EXPECT_EQ(CellName(4, 2), "C5");
  EXPECT_EQ(CellName(9, 25), "Z10");
  EXPECT_EQ(CellName(0, 26), "AA1");
  EXPECT_EQ(CellName(0, 16383), "XFD1");
}

TEST(SheetTest, WrittenWorkbookReadsBackIdentically) {
  std::vector<Column> cols = {{"组织名称", 30, {}},
                              {"统一社会信用代码", 22, {}},
                              {"类型", 12, {"社会团体", "社会服务机构", "基金会"}},
                              {"所属镇街", 16, {}},
                              {"备注", 40, {}}};
  std::vector<std::vector<std::string>> rows;
  for (int i = 0; i < 1000; ++i) {
    std::string n = std::to_string(i);
    rows.push_back({"江门市新会区志愿者协会" + n, "51440705MJ" + std::string(7 - n.size(), '0') + n,
                    i % 3 == 0 ? "基金会" : "", "00" + n,
                    i % 7 == 0 ? "第一行\n第二行\t制表" : ""});
  }
  rows.push_back({"", "", "", "", "=1+2"});  // formula-looking text stays text
  rows.push_back({"a\x01b", "_x0041_", "x_x005F_y", "😀", "  空格  "});  // Excel escapes
  auto bytes = WriteXlsx("组织", cols, rows);
  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  auto sheet = ReadSheet(*bytes);
  ASSERT_TRUE(sheet.ok()) << sheet.status().message();
  EXPECT_EQ(sheet->header,
            (std::vector<std::string>{"组织名称", "统一社会信用代码", "类型", "所属镇街", "备注"}));
  ASSERT_EQ(sheet->rows.size(), rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(Texts(sheet->rows[i]), rows[i]) << "row " << i + 2;
    for (const Cell& c : sheet->rows[i]) EXPECT_FALSE(c.is_formula);
  }
}

TEST(SheetTest, LongChoiceListsGoToAHiddenSheetAndTheDataSheetStaysFirst) {
  std::vector<std::string> towns;
  for (int i = 0; i < 60; ++i) towns.push_back("会城街道第" + std::to_string(i) + "社区");
  std::vector<Column> cols = {{"镇街", 20, towns}, {"类型", 12, {"a,b", "c"}}};
  auto bytes = WriteXlsx("模板", cols, {});
  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  auto sheet = ReadSheet(*bytes);
  ASSERT_TRUE(sheet.ok()) << sheet.status().message();
  EXPECT_EQ(sheet->header, (std::vector<std::string>{"镇街", "类型"}));
  EXPECT_TRUE(sheet->rows.empty());
}

TEST(SheetTest, WriterRejectsBadInput) {
  std::vector<Column> cols = {{.header = "a"}, {.header = "b"}};
  EXPECT_EQ(WriteXlsx("bad[name]", cols, {}).status().field(), "sheet_name");
  EXPECT_EQ(WriteXlsx("", cols, {}).status().field(), "sheet_name");
  EXPECT_EQ(WriteXlsx("s", {}, {}).status().field(), "cols");
  auto wide = WriteXlsx("s", cols, {{"1", "2", "3"}});
  EXPECT_EQ(wide.status().field(), "rows");
  EXPECT_NE(wide.status().message().find("row 2 has 3 cells"), std::string::npos);
  auto utf8 = WriteXlsx("s", cols, {{"ok", "\xC4"}});
  EXPECT_NE(utf8.status().message().find("cell B2 is not valid UTF-8"), std::string::npos);
  auto big = WriteXlsx("s", cols, {{std::string(kMaxCellBytes + 1, 'x')}});
  EXPECT_NE(big.status().message().find("cell A2 is longer than"), std::string::npos);
}

TEST(SheetTest, ReadsCsvWithQuotesCrlfAndBom) {
  std::string csv =
      "\xEF\xBB\xBF名称,代码,备注\r\n"
      "\"江门市\"\"阳光\"\"协会\",\"51440705MJ0000001\",\"多行\r\n备注, 含逗号\"\r\n"
      "\r\n"
      "b,,\r\n"
      "c,\"\",x\"y\r\n"
      "d\n"
      "\r\n\r\n";
  auto sheet = ReadSheet(csv);
  ASSERT_TRUE(sheet.ok()) << sheet.status().message();
  EXPECT_EQ(sheet->header, (std::vector<std::string>{"名称", "代码", "备注"}));
  ASSERT_EQ(sheet->rows.size(), 5u);  // trailing empty lines dropped, the middle one kept
  EXPECT_EQ(Texts(sheet->rows[0]),
            (std::vector<std::string>{"江门市\"阳光\"协会", "51440705MJ0000001",
                                      "多行\r\n备注, 含逗号"}));
  EXPECT_EQ(Texts(sheet->rows[1]), (std::vector<std::string>{"", "", ""}));
  EXPECT_EQ(Texts(sheet->rows[2]), (std::vector<std::string>{"b", "", ""}));
  EXPECT_EQ(Texts(sheet->rows[3]), (std::vector<std::string>{"c", "", "x\"y"}));
  EXPECT_EQ(Texts(sheet->rows[4]), (std::vector<std::string>{"d", "", ""}));
}

TEST(SheetTest, CsvWithoutFinalNewlineAndWithLfOnly) {
  auto sheet = ReadSheet("a,b\n1,2\n3,\"4\"");
  ASSERT_TRUE(sheet.ok()) << sheet.status().message();
  ASSERT_EQ(sheet->rows.size(), 2u);
  EXPECT_EQ(Texts(sheet->rows[1]), (std::vector<std::string>{"3", "4"}));
}

TEST(SheetTest, RefusesBrokenOrForeignCsv) {
  ExpectFileError(ReadSheet("a,b\n\"open,quote\n"), "CSV line 2: a quoted field is never closed");
  ExpectFileError(ReadSheet("\xC3\xFB\xB3\xC6,code\n"), "GBK is not supported");  // GBK 名称
  ExpectFileError(ReadSheet(std::string("a,b\n\0\0", 6)), "binary");
  ExpectFileError(ReadSheet(""), "the file is empty");
  ExpectFileError(ReadSheet("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest"), "old .xls");
  ExpectFileError(ReadSheet("%PDF-1.7\n"), "a PDF document");
}

TEST(SheetTest, ReadsHandMadeXlsxWithSharedStringsFormulasAndGaps) {
  std::string sst =
      "<si><t>名称</t></si>"
      "<si><r><rPr><b/></rPr><t>数</t></r><r><t xml:space=\"preserve\">量 </t></r>"
      "<rPh sb=\"0\" eb=\"1\"><t>シュウ</t></rPh></si>"
      "<si><t>江门_x000D_新会</t></si>";
  std::string cells =
      R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>)"
      R"(<c r="D1" t="inlineStr"><is><t>备注</t></is></c></row>)"
      R"(<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><f>SUM(1,2)</f><v>3</v></c>)"
      R"(<c r="C2" t="b"><v>1</v></c><c r="D2" t="str"><f>A2&amp;"!"</f><v>江门!</v></c></row>)"
      R"(<row r="4"><c r="B4"><v>0.30000000000000004</v></c><c r="C4" s="3"/></row>)"
      R"(<row r="5"><c><v>45292</v></c><c><v>7</v></c></row>)"
      R"(<row r="9" spans="1:3"><c r="A9" s="2"/></row>)";
  auto sheet = ReadSheet(MakeZip(XlsxParts(cells, sst)));
  ASSERT_TRUE(sheet.ok()) << sheet.status().message();
  EXPECT_EQ(sheet->header, (std::vector<std::string>{"名称", "数量 ", "", "备注"}));
  ASSERT_EQ(sheet->rows.size(), 4u);  // rows 2..5; the styled empty row 9 is dropped
  EXPECT_EQ(Texts(sheet->rows[0]), (std::vector<std::string>{"江门\r新会", "3", "TRUE", "江门!"}));
  EXPECT_FALSE(sheet->rows[0][0].is_formula);
  EXPECT_TRUE(sheet->rows[0][1].is_formula);
  EXPECT_TRUE(sheet->rows[0][3].is_formula);
  EXPECT_EQ(Texts(sheet->rows[1]), (std::vector<std::string>{"", "", "", ""}));
  EXPECT_EQ(Texts(sheet->rows[2]), (std::vector<std::string>{"", "0.30000000000000004", "", ""}));
  EXPECT_EQ(Texts(sheet->rows[3]), (std::vector<std::string>{"45292", "7", "", ""}));
}

TEST(SheetTest, ReadsPrefixedElementsAndWorkbookWithoutPackageRels) {
  Entries e = XlsxParts("");
  e.erase(e.begin());  // no _rels/.rels: the default xl/workbook.xml is used
  e.back().second =
      R"(<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
      R"(<x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>h</x:t></x:is></x:c>)"
      R"(</x:row></x:sheetData></x:worksheet>)";
  auto sheet = ReadSheet(MakeZip(e));
  ASSERT_TRUE(sheet.ok()) << sheet.status().message();
  EXPECT_EQ(sheet->header, (std::vector<std::string>{"h"}));
}

TEST(SheetTest, RefusesBrokenXlsxClearly) {
  auto good = WriteXlsx("s", {{.header = "a"}}, {{"1"}});
  ASSERT_TRUE(good.ok());
  ExpectFileError(ReadSheet(std::string("PK\x03\x04", 4) + "garbage that is not a zip"),
                  "not a valid .xlsx file");
  ExpectFileError(ReadSheet(good->substr(0, good->size() / 2)), "not a valid .xlsx file");
  ExpectFileError(ReadSheet(good->substr(0, good->size() - 10)), "not a valid .xlsx file");
  ExpectFileError(ReadSheet(std::string("PK\x05\x06", 4) + std::string(18, '\0')),
                  "not a valid .xlsx file");
  ExpectFileError(ReadSheet("\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), "a PNG image");
  ExpectFileError(ReadSheet(MakeZip({{"word/document.xml", "<w/>"}})),
                  "contains no Excel workbook");
  Entries no_sheet = XlsxParts("");
  no_sheet[1].second = std::string("<workbook ") + kNs + "><sheets/></workbook>";
  ExpectFileError(ReadSheet(MakeZip(no_sheet)), "contains no worksheet");
  ExpectFileError(ReadSheet(MakeZip(XlsxParts("<row><c><v>1</v></row>"))),
                  "not a valid .xlsx file: xl/worksheets/sheet1.xml line 1: mismatched tag");
  ExpectFileError(ReadSheet(MakeZip(XlsxParts(R"(<row><c t="s"><v>5</v></c></row>)", "<si/>"))),
                  "cell A1 refers to a missing shared string");
  ExpectFileError(ReadSheet(MakeZip(XlsxParts(R"(<row><c r="a1"><v>1</v></c></row>)"))),
                  "bad cell a1");
}

TEST(SheetTest, RefusesDocumentTypeDeclarations) {
  Entries e = XlsxParts("");
  e.back().second = R"(<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>)" +
                    std::string("<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>&lol2;") +
                    "</t></is></c></row></sheetData></worksheet>";
  ExpectFileError(ReadSheet(MakeZip(e)), "document type declaration");
}

TEST(SheetTest, EnforcesSizeLimits) {
  std::string long_text(kMaxCellBytes + 1, 'x');
  ExpectFileError(ReadSheet(MakeZip(XlsxParts(R"(<row r="3"><c r="B3" t="inlineStr"><is><t>)" +
                                              long_text + "</t></is></c></row>"))),
                  "cell B3 is longer than 32767 bytes");
  ExpectFileError(ReadSheet(MakeZip(XlsxParts(R"(<row r="2"><c r="C2" t="s"><v>0</v></c></row>)",
                                              "<si><t>" + long_text + "</t></si>"))),
                  "cell C2 is longer than 32767 bytes");
  ExpectFileError(ReadSheet("h\n\"" + long_text + "\"\n"), "cell A2 is longer than");
  ExpectFileError(ReadSheet("h\n1\n2\n3\n", 2), "more than 2 data rows (row 4 has values)");
  EXPECT_TRUE(ReadSheet("h\n1\n2\n\n\n", 2).ok());  // trailing empty rows do not count
  ExpectFileError(ReadSheet("a,b,c\n", 200, 2), "more than 2 columns (cell C1 has a value)");
  EXPECT_TRUE(ReadSheet("a,b,,,,\n", 200, 2).ok());  // empty trailing columns do not count
  ExpectFileError(
      ReadSheet(MakeZip(XlsxParts(R"(<row r="1048570"><c r="A1048570"><v>1</v></c></row>)"))),
      "more than 200000 data rows");
  ExpectFileError(ReadSheet(MakeZip(XlsxParts(R"(<row r="1"><c r="CW1"><v>1</v></c></row>)"))),
                  "more than 100 columns (cell CW1");
  ExpectFileError(ReadSheet(MakeZip(XlsxParts(""), 300u << 20)), "more than 256 MiB");
}

}  // namespace
}  // namespace shuniu::sheet
